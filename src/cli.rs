//! The command line: thin commands over the load, render and output stages.

pub fn main() -> i32 {
    0
}
