//! The command line: thin commands over the load, render and output stages.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::build::{summary, BuildOptions};
use crate::deploy::DeployOptions;
use crate::editor;
use crate::load::load_site_for_check;
use crate::model::Date;
use crate::model::Freshness;
use crate::problem::{plural, Problems, Severity};
use crate::serve::ServeOptions;
use crate::translation;

#[derive(Parser)]
#[command(
    name = "renda",
    version,
    about = "Builds a bilingual congress reporting site from Markdown stories and YAML statistics"
)]
struct Cli {
    /// Without a command, renda previews the site in the current folder
    /// (the same as `renda serve`); without a site there, it says so as
    /// `renda check` does.
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
    /// Load and validate the site, report every problem at once, and say
    /// which translations are missing or out of date.
    Check {
        /// The site's folder (holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Treat missing and stale translations as errors.
        #[arg(long)]
        strict: bool,
    },
    /// Write a new story, district, deputy, station, project or statistics file, ready to fill in.
    New {
        #[command(subcommand)]
        what: New,
    },
    /// Start a new site in a new or empty folder.
    Init {
        /// The folder to create the site in.
        dir: PathBuf,
    },
    /// Record that the translations of a story or page are up to date with
    /// its original, after checking them.
    Translated {
        /// A file of the story or page (original or translation), its
        /// bundle folder, or its slug. A translation's file marks only it.
        target: String,
        /// The site's folder (holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Build the site into the output folder, writing only the files whose
    /// bytes changed; the new site is swapped in only when everything
    /// succeeded.
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
    /// Publish the output folder to the S3-compatible bucket named in the
    /// `deploy:` block of site.yaml, uploading only what differs.
    Deploy {
        /// The site's folder (holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The output folder to publish [default: output/ in the site's folder].
        #[arg(long)]
        output: Option<PathBuf>,
        /// List what would be uploaded and deleted, and change nothing.
        #[arg(long)]
        dry_run: bool,
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

#[derive(Subcommand)]
enum New {
    /// A draft story dated today, with a translation for every other
    /// language of the site.
    Story {
        /// Its address: lowercase letters, digits and hyphens.
        slug: String,
        /// A district slug, or city.
        #[arg(long)]
        district: String,
        /// A town of the district.
        #[arg(long)]
        town: Option<String>,
        /// Topic slugs from site.yaml, separated by commas.
        #[arg(long, value_delimiter = ',')]
        topics: Vec<String>,
        /// The site's folder (holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// A district, named in every language of the site.
    District {
        /// Its address: lowercase letters, digits and hyphens.
        slug: String,
        /// The site's folder (holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// A deputy: name, level and district, with the optional fields as comments.
    Deputy {
        /// Its address: lowercase letters, digits and hyphens.
        slug: String,
        /// The site's folder (holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// A deputies' liaison station, with its receptions as comments.
    Station {
        /// Its address: lowercase letters, digits and hyphens.
        slug: String,
        /// The site's folder (holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// A livelihood project in its year's folder.
    Project {
        /// `<year>/<slug>`, e.g. 2024/school-places.
        project: String,
        /// The site's folder (holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// A statistics file for a year or a month.
    Stats {
        /// YYYY or YYYY-MM.
        period: String,
        /// The site's folder (holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

pub fn main() -> i32 {
    let cli = Cli::parse();
    let say = Say {
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    // A server for a folder that holds no site would only show an error
    // page: say what is missing and stop, exactly as `check` does.
    if cli.command.is_none() && !Path::new("site.yaml").exists() {
        return check(Path::new("."), false, say);
    }
    let command = cli.command.unwrap_or(Command::Serve {
        root: PathBuf::from("."),
        port: 1111,
        bind: "127.0.0.1".into(),
        open: false,
        drafts: false,
    });
    match command {
        Command::Check { root, strict } => check(&root, strict, say),
        Command::New { what } => new(what, say),
        Command::Init { dir } => init(&dir, say),
        Command::Translated { target, root } => translated(&root, &target, say),
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
        Command::Deploy {
            root,
            output,
            dry_run,
        } => deploy(
            &DeployOptions {
                root,
                output,
                dry_run,
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
                eprintln!("{}", built.reuse);
            }
            if !say.quiet {
                let w = built.written;
                println!(
                    "{}: {} files in {} ({} written, {} unchanged, {} removed) in {:.2} s",
                    summary(&built.site),
                    w.files,
                    built.output.display(),
                    w.written,
                    w.files - w.written,
                    w.removed,
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

fn deploy(options: &DeployOptions, say: Say) -> i32 {
    let started = std::time::Instant::now();
    let plan = match crate::deploy::plan(options) {
        Ok(plan) => plan,
        Err(problems) => {
            report(&problems);
            return 1;
        }
    };
    let size: u64 = plan.uploads.iter().map(|u| u.bytes).sum();
    // Written without println!, which panics when a pipe such as `| head`
    // closes early.
    let mut stdout = std::io::stdout().lock();
    if options.dry_run {
        for u in &plan.uploads {
            let _ = writeln!(stdout, "would upload /{}", u.path);
        }
        for k in &plan.deletes {
            let _ = writeln!(
                stdout,
                "would delete /{}",
                k.strip_prefix(&plan.prefix).unwrap_or(k)
            );
        }
        if !say.quiet {
            eprintln!(
                "dry run: {} files to upload ({}), {} to delete, {} unchanged; nothing was changed",
                plan.uploads.len(),
                megabytes(size),
                plan.deletes.len(),
                plan.unchanged
            );
        }
        return 0;
    }
    let bar = if say.quiet || plan.uploads.len() + plan.deletes.len() == 0 {
        indicatif::ProgressBar::hidden()
    } else {
        let bar = indicatif::ProgressBar::with_draw_target(
            Some((plan.uploads.len() + plan.deletes.len()) as u64),
            indicatif::ProgressDrawTarget::stderr_with_hz(4),
        );
        let style = indicatif::ProgressStyle::with_template(
            "{bar:30} {pos}/{len} files ({msg}, {elapsed}, about {eta} left)",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        bar.set_style(style);
        bar
    };
    let sent = std::sync::atomic::AtomicU64::new(0);
    let result = plan.apply(&|path, bytes| {
        let total = sent.fetch_add(bytes, std::sync::atomic::Ordering::Relaxed) + bytes;
        bar.set_message(megabytes(total));
        bar.inc(1);
        if say.verbose {
            bar.suspend(|| eprintln!("done: {path}"));
        }
    });
    bar.finish_and_clear();
    match result {
        Ok(done) => {
            for path in plan.changed_paths() {
                let _ = writeln!(stdout, "{path}");
            }
            if !say.quiet {
                eprintln!(
                    "deployed: {} uploaded ({}), {} deleted, {} unchanged in {:.1} s",
                    done.uploaded,
                    megabytes(done.uploaded_bytes),
                    done.deleted,
                    plan.unchanged,
                    started.elapsed().as_secs_f64()
                );
            }
            0
        }
        Err(problems) => {
            report(&problems);
            eprintln!("the deploy stopped part-way; run it again to finish: it sends only what is still missing");
            1
        }
    }
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
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

fn check(root: &Path, strict: bool, say: Say) -> i32 {
    let (site, mut problems) = match load_site_for_check(root) {
        Ok(loaded) => loaded,
        Err(problems) => {
            report(&problems);
            return 1;
        }
    };
    // The theme is a source too: a template that does not compile would
    // otherwise pass `check` and fail the build.
    if let Err(theme) = crate::theme::Theme::load(root, &site.config) {
        problems.extend(theme);
    }
    let mut translations = translation::report(&site);
    if strict {
        for p in &mut translations.problems.0 {
            p.severity = Severity::Error;
        }
    }
    problems.extend(translations.problems);
    problems.sort();
    let failed = problems.has_errors();
    if failed || (!problems.is_empty() && !say.quiet) {
        report(&problems);
    }
    if !say.quiet {
        for line in &translations.lines {
            eprintln!("{line}");
        }
    }
    if say.verbose {
        for file in &translations.unknown {
            eprintln!("  freshness unknown: {}", file.display());
        }
    }
    if failed {
        return 1;
    }
    if !say.quiet {
        let warnings = problems.warnings().count();
        let verdict = match warnings {
            0 => "no problems".to_string(),
            n => format!("no errors, {n} {}", plural(n, "warning", "warnings")),
        };
        println!("{}: {verdict}", summary(&site));
    }
    0
}

fn new(what: New, say: Say) -> i32 {
    let (root, result, hint) = match what {
        New::Story {
            slug,
            district,
            town,
            topics,
            root,
        } => {
            let asked = editor::NewStory {
                slug,
                district,
                town,
                topics,
            };
            let result = editor::new_story(&root, &asked, today());
            let hint = "the story is a draft: `renda serve --drafts` shows it; `draft: false` publishes it";
            (root, result, hint)
        }
        New::District { slug, root } => {
            let result = editor::new_district(&root, &slug);
            (
                root,
                result,
                "stories and statistics may now use the district",
            )
        }
        New::Deputy { slug, root } => {
            let result = editor::new_deputy(&root, &slug);
            (
                root,
                result,
                "fill in only what an official source states; stories may name the deputy by slug or Chinese name",
            )
        }
        New::Station { slug, root } => {
            let result = editor::new_station(&root, &slug);
            (
                root,
                result,
                "deputies may now list the station under `stations`",
            )
        }
        New::Project { project, root } => {
            let result = editor::new_project(&root, &project);
            (
                root,
                result,
                "fill in what is known and leave the rest commented out; `renda check` says what is wrong",
            )
        }
        New::Stats { period, root } => {
            let result = editor::new_stats(&root, &period);
            (root, result, "add the period's records to the file")
        }
    };
    wrote(&root, result, hint, say)
}

fn init(dir: &Path, say: Say) -> i32 {
    let result = editor::init(dir, today());
    let hint = format!(
        "a new site: `renda serve --root {}` previews it",
        dir.display()
    );
    wrote(dir, result, &hint, say)
}

/// Lists the files a command wrote, or its problems.
fn wrote(root: &Path, result: Result<Vec<PathBuf>, Problems>, hint: &str, say: Say) -> i32 {
    match result {
        Ok(files) => {
            if !say.quiet {
                for file in files {
                    println!("wrote {}", shown(root, &file).display());
                }
                println!("{hint}");
            }
            0
        }
        Err(problems) => {
            report(&problems);
            1
        }
    }
}

/// A file below the site's root as the editor would type it.
fn shown(root: &Path, file: &Path) -> PathBuf {
    if root == Path::new(".") {
        file.to_path_buf()
    } else {
        root.join(file)
    }
}

fn translated(root: &Path, target: &str, say: Say) -> i32 {
    match editor::mark_translated(root, target) {
        Ok(marked) => {
            if !say.quiet {
                for m in marked {
                    let was = match m.was {
                        Freshness::Fresh => "it was up to date already",
                        Freshness::Stale => "it was stale",
                        Freshness::Unknown => "its freshness was unknown",
                    };
                    let file = shown(root, &m.file);
                    println!(
                        "{}: translated from {} ({was})",
                        file.display(),
                        m.fingerprint
                    );
                }
            }
            0
        }
        Err(problems) => {
            report(&problems);
            1
        }
    }
}

fn today() -> Date {
    jiff::ZonedDateTime::now().date()
}

fn report(problems: &Problems) {
    eprint!("{}", problems.report(color()));
}

fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}
