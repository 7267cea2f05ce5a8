//! Load: read the site's files and validate them into a plain [`Site`].
//!
//! Parsers take text and return model values plus problems; only thin
//! wrappers touch the disk. That keeps every rule testable on a string and
//! lets `check`, `build` and `serve` share one path into the model.
//!
//! One file per kind of content, each with its parser and its `load` (the
//! wrapper that finds and reads its files): `config`, `district`, `stats`,
//! `page`, and `story` with `stories` (which files make up a story) and
//! `reload` (one story read again for the preview). `folder` lists files and
//! refuses links; this file puts the kinds together in dependency order.

mod check;
mod config;
pub mod deploy;
mod deputy;
mod district;
pub mod event_date;
pub mod fields;
pub mod fingerprint;
mod folder;
pub(crate) mod links;
pub mod markdown;
mod page;
mod photo;
pub(crate) mod placeholders;
mod project;
mod registry;
mod reload;
pub mod source;
mod station;
mod stats;
mod stories;
pub mod story;
pub mod theme_files;
pub mod yaml;

use std::path::Path;

use rayon::prelude::*;

pub use check::{check_district_text, check_site_text, check_stats_text, check_story_text};
pub use deputy::PERSONAL as PERSONAL_FIELDS;
pub use registry::unknown_help;
pub use reload::{reload_stories, Reloaded};
pub use stats::check_period;

use crate::model::{Config, Site};
use crate::problem::{Problem, Problems};
use registry::Registry;

/// Loads and validates the site at `root`. On success, the site and any
/// warnings; on failure, every problem found (errors and warnings), sorted
/// by file and line.
pub fn load_site(root: &Path) -> Result<(Site, Problems), Problems> {
    let mut problems = Problems::default();
    let site = load_into(root, &mut problems);
    placeholders::take(&mut problems);
    problems.sort();
    match site {
        Some(site) if !problems.has_errors() => Ok((site, problems)),
        _ => Err(problems),
    }
}

/// As [`load_site`], but the warnings also point at each piece of text
/// that `init` or `new` wrote and no one has replaced yet, for `check`.
pub fn load_site_for_check(root: &Path) -> Result<(Site, Problems), Problems> {
    let mut problems = Problems::default();
    let site = load_into(root, &mut problems);
    if problems.has_errors() {
        placeholders::take(&mut problems);
    }
    problems.sort();
    match site {
        Some(site) if !problems.has_errors() => Ok((site, problems)),
        _ => Err(problems),
    }
}

fn load_into(root: &Path, problems: &mut Problems) -> Option<Site> {
    let config = load_config(root, problems)?;
    let districts = district::load(root, &config, problems);
    let mut registry = Registry::new(&config, &districts);
    let station_files =
        folder::files_with(root, Path::new(station::DIR), &["yaml", "yml"], problems);
    let deputy_files = folder::list_files(root, Path::new(deputy::DIR), problems);
    registry.stations = station_files.iter().map(|f| folder::stem(f)).collect();
    registry.deputy_slugs = deputy_files
        .iter()
        .filter(|f| folder::is_yaml(f) && f.components().count() == 1)
        .map(|f| folder::stem(f))
        .collect();
    let stations = station::load(root, &registry, &station_files, problems);
    let deputies = deputy::load(root, &registry, &deputy_files, problems);
    let has_deputies_folder = root.join(deputy::DIR).is_dir();
    if has_deputies_folder {
        let default = registry.default_language().to_string();
        registry.deputy_names = Some(
            deputies
                .iter()
                .map(|d| {
                    let name = d.name.0.get(&default).cloned().unwrap_or_default();
                    (d.slug.clone(), name)
                })
                .collect(),
        );
    }
    let static_files = folder::list_files(root, Path::new("static"), problems);
    let theme_files = theme_files::published(root, &config.theme);
    let (stories, unloaded) = stories::load(root, &registry, &static_files, problems);
    let stats = stats::load(root, &registry, problems);
    let pages = page::load(root, &registry, problems);
    let projects = project::load(root, &registry, &config, &stories, problems);
    let site = Site {
        config,
        districts,
        stories,
        stats,
        pages,
        projects,
        static_files,
        theme_files,
        deputies,
        stations,
        has_deputies_folder,
    };
    links::check(&site, problems);
    if !unloaded.is_empty() {
        links::check_unloaded(&site, &unloaded, problems);
    }
    Some(site)
}

/// Every part of the site that is valid, even when other parts are not,
/// with every problem found; `None` when site.yaml itself cannot be read.
/// Editors' commands use it to add to a site that does not load yet.
pub fn load_leniently(root: &Path) -> (Option<Site>, Problems) {
    let mut problems = Problems::default();
    let site = load_into(root, &mut problems);
    placeholders::take(&mut problems);
    problems.sort();
    (site, problems)
}

/// `site.yaml` alone, checked as a build checks it: what `deploy` needs.
pub fn load_settings(root: &Path) -> Result<Config, Problems> {
    let mut problems = Problems::default();
    let config = load_config(root, &mut problems);
    placeholders::take(&mut problems);
    problems.sort();
    match config {
        Some(config) if !problems.has_errors() => Ok(config),
        _ => Err(problems),
    }
}

fn load_config(root: &Path, problems: &mut Problems) -> Option<Config> {
    let shown = Path::new("site.yaml");
    let path = root.join(shown);
    if path.is_symlink() {
        problems.push(
            Problem::file(shown, "site.yaml is a symbolic link, which renda does not follow")
                .help("copy the file into the site instead of linking to it; the site's folder itself may be a link"),
        );
        return None;
    }
    if !path.is_file() {
        problems.push(
            Problem::file(shown, "site.yaml not found").help(format!(
                "renda looked in {}; run it in the site's folder or pass --root DIR (`renda init DIR` starts a new site)",
                root.display()
            )),
        );
        return None;
    }
    let text = read(root, shown, problems)?;
    config::parse(shown, &text, problems)
}

pub(super) fn read(
    root: &Path,
    shown: &Path,
    problems: &mut Problems,
) -> Option<std::sync::Arc<str>> {
    let text = source::read(&root.join(shown), shown)
        .map_err(|p| problems.push(p))
        .ok()?;
    for p in placeholders::find(shown, &text) {
        problems.push(p);
    }
    Some(text)
}

/// Runs `parse` on every file in parallel, each with its own problems, and
/// merges the problems back in file order.
pub(super) fn parse_all<I: Sync, T: Send>(
    files: &[I],
    problems: &mut Problems,
    parse: impl Fn(&I, &mut Problems) -> Option<T> + Sync,
) -> Vec<T> {
    let results: Vec<(Option<T>, Problems)> = files
        .par_iter()
        .map(|f| {
            let mut local = Problems::default();
            let value = parse(f, &mut local);
            (value, local)
        })
        .collect();
    let mut out = Vec::with_capacity(results.len());
    for (value, local) in results {
        problems.extend(local);
        out.extend(value);
    }
    out
}

pub(super) fn no_original(file: &Path, expected: &str) -> Problem {
    Problem::file(
        file,
        format!("this translation has no original: {expected} does not exist"),
    )
    .help(format!(
        "add {expected} in the default language, or rename this file to match its original"
    ))
}
