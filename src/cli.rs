//! The command line: thin commands over the load, render and output stages.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::load::load_site;
use crate::model::Site;
use crate::problem::{plural, Problems};

#[derive(Parser)]
#[command(
    name = "renda",
    version,
    about = "Builds a bilingual congress reporting site from Markdown stories and YAML statistics"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load and validate the site, and report every problem at once.
    Check {
        /// The site's folder (holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

pub fn main() -> i32 {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { root } => check(&root),
    }
}

fn check(root: &std::path::Path) -> i32 {
    match load_site(root) {
        Ok((site, warnings)) => {
            if !warnings.is_empty() {
                eprint!("{}", warnings.report(color()));
            }
            println!("{}: no problems", summary(&site));
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
