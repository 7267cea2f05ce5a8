fn main() {
    std::process::exit(renda::cli::main());
}
