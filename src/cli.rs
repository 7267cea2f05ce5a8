//! The command line: thin commands over the load, render and output stages.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::build::BuildOptions;
use crate::load::load_site;
use crate::model::Site;
use crate::problem::{plural, Problems};
use crate::serve::ServeOptions;

#[derive(Parser)]
#[command(
    name = "renda",
    version,
    about = "Builds a bilingual congress reporting site from Markdown stories and YAML statistics"
)]
struct Cli {
    /// Without a command, renda previews the site in the current folder
    /// (the same as `renda serve`).
    #[command(subcommand)]
    command: Option<Command>,
    /// Print only problems.
    #[arg(short, long, global = true)]
    quiet: bool,
    /// Also print how long each stage took, and every warning in full.
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    verbose: bool,
}

/// How much to say on the terminal.
#[derive(Clone, Copy)]
struct Say {
    quiet: bool,
    verbose: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Load and validate the site, and report every problem at once.
    Check {
        /// The site's folder (holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Build the site into a fresh output folder, swapped in only when
    /// everything succeeded.
    Build {
        /// The site's folder (holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: output/ in the site's folder].
        #[arg(long)]
        output: Option<PathBuf>,
        /// The address the site will be served from, overriding site.yaml.
        #[arg(long)]
        base_url: Option<String>,
        /// Include stories marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Replace the output folder even if renda did not write it.
        #[arg(long)]
        force: bool,
    },
    /// Build the site into memory, serve it, and rebuild and reload the
    /// browser whenever a source file is saved.
    Serve {
        /// The site's folder (holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; the default keeps the preview on this machine.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include stories marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
}

pub fn main() -> i32 {
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Serve {
        root: PathBuf::from("."),
        port: 1111,
        bind: "127.0.0.1".into(),
        open: false,
        drafts: false,
    });
    let say = Say {
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    match command {
        Command::Check { root } => check(&root, say),
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            force,
        } => build(
            &BuildOptions {
                root,
                output,
                base_url,
                drafts,
                force,
            },
            say,
        ),
        Command::Serve {
            root,
            port,
            bind,
            open,
            drafts,
        } => {
            match crate::serve::run(ServeOptions {
                root,
                bind,
                port,
                drafts,
                open,
            }) {
                Ok(()) => 0,
                Err(message) => {
                    eprintln!("error: {message}");
                    1
                }
            }
        }
    }
}

fn build(options: &BuildOptions, say: Say) -> i32 {
    let started = std::time::Instant::now();
    let bar = progress_bar(say);
    let result = crate::build::build(options, &|| bar.inc(1));
    bar.finish_and_clear();
    match result {
        Ok(built) => {
            if !built.warnings.is_empty() && !say.quiet {
                eprint!("{}", built.warnings.report(color()));
            }
            if say.verbose {
                for (stage, took) in &built.stages {
                    eprintln!("{stage:>30}: {:.3} s", took.as_secs_f64());
                }
            }
            if !say.quiet {
                println!(
                    "{}: {} files written to {} in {:.2} s",
                    summary(&built.site),
                    built.files,
                    built.output.display(),
                    started.elapsed().as_secs_f64()
                );
            }
            0
        }
        Err(problems) => {
            report(&problems);
            eprintln!("nothing was written; the previous output is as it was");
            1
        }
    }
}

/// A counter of files written, drawn only on a terminal and only once a
/// build has run long enough for it to be worth looking at.
fn progress_bar(say: Say) -> indicatif::ProgressBar {
    if say.quiet {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        None,
        indicatif::ProgressDrawTarget::stderr_with_hz(4),
    );
    let style = indicatif::ProgressStyle::with_template(
        "{spinner} building: {pos} files ({per_sec}, {elapsed})",
    )
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner());
    bar.set_style(style);
    bar
}

fn check(root: &std::path::Path, say: Say) -> i32 {
    match load_site(root) {
        Ok((site, warnings)) => {
            if !warnings.is_empty() && !say.quiet {
                eprint!("{}", warnings.report(color()));
            }
            if !say.quiet {
                println!("{}: no problems", summary(&site));
            }
            0
        }
        Err(problems) => {
            report(&problems);
            1
        }
    }
}

fn report(problems: &Problems) {
    eprint!("{}", problems.report(color()));
}

fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// "7 districts, 42 stories (40 translated), 12 statistics periods".
pub fn summary(site: &Site) -> String {
    let districts = site.districts.len();
    let stories = site.stories.len();
    let translated = site
        .stories
        .iter()
        .filter(|s| s.texts.len() == site.config.languages.len())
        .count();
    let periods = site.stats.len();
    format!(
        "{districts} {}, {stories} {} ({translated} translated), {periods} statistics {}",
        plural(districts, "district", "districts"),
        plural(stories, "story", "stories"),
        plural(periods, "period", "periods"),
    )
}
