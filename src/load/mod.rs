//! Load: read the site's files and validate them into a plain [`Site`].
//!
//! Parsers take text and return model values plus problems; only the thin
//! functions here touch the disk. That keeps every rule testable on a string
//! and lets `check`, `build` and `serve` share one path into the model.

mod check;
mod config;
mod deputy;
mod district;
pub mod fields;
mod page;
mod project;
mod registry;
pub mod source;
mod station;
mod stats;
pub mod story;
pub mod yaml;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use check::{check_district_text, check_site_text, check_stats_text, check_story_text};
pub use deputy::PERSONAL as PERSONAL_FIELDS;
pub use registry::unknown_help;
pub use stats::check_period;

use crate::model::{Config, Deputy, District, Page, Period, Site, Station, Story};
use crate::problem::{Problem, Problems};
use registry::Registry;
use story::{Name, Place};

/// Loads and validates the site at `root`. On success, the site and any
/// warnings; on failure, every problem found (errors and warnings), sorted
/// by file and line.
pub fn load_site(root: &Path) -> Result<(Site, Problems), Problems> {
    let mut problems = Problems::default();
    let site = load_into(root, &mut problems);
    problems.sort();
    match site {
        Some(site) if !problems.has_errors() => Ok((site, problems)),
        _ => Err(problems),
    }
}

fn load_into(root: &Path, problems: &mut Problems) -> Option<Site> {
    let config = load_config(root, problems)?;
    let districts = load_districts(root, &config, problems);
    let mut registry = Registry::new(&config, &districts);
    let station_files = files_with(root, Path::new(STATIONS_DIR), &["yaml", "yml"], problems);
    let deputy_files = list_files(root, Path::new(DEPUTIES_DIR), problems);
    registry.stations = station_files.iter().map(|f| stem(f)).collect();
    registry.deputy_slugs = deputy_files
        .iter()
        .filter(|f| is_yaml(f) && f.components().count() == 1)
        .map(|f| stem(f))
        .collect();
    let stations = load_stations(root, &registry, &station_files, problems);
    let deputies = load_deputies(root, &registry, &deputy_files, problems);
    let has_deputies_folder = root.join(DEPUTIES_DIR).is_dir();
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
    let static_files = list_files(root, Path::new("static"), problems);
    let stories = load_stories(root, &registry, &static_files, problems);
    let stats = load_stats(root, &registry, problems);
    let pages = load_pages(root, &registry, problems);
    let projects = load_projects(root, &registry, &config, &stories, problems);
    let site = Site {
        config,
        districts,
        stories,
        stats,
        pages,
        projects,
        static_files,
        deputies,
        stations,
        has_deputies_folder,
    };
    crate::links::check(root, &site, problems);
    Some(site)
}

/// Every part of the site that is valid, even when other parts are not,
/// with every problem found; `None` when site.yaml itself cannot be read.
/// Editors' commands use it to add to a site that does not load yet.
pub fn load_leniently(root: &Path) -> (Option<Site>, Problems) {
    let mut problems = Problems::default();
    let site = load_into(root, &mut problems);
    problems.sort();
    (site, problems)
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

fn read(root: &Path, shown: &Path, problems: &mut Problems) -> Option<std::sync::Arc<str>> {
    source::read(&root.join(shown), shown)
        .map_err(|p| problems.push(p))
        .ok()
}

/// Runs `parse` on every file in parallel, each with its own problems, and
/// merges the problems back in file order.
fn parse_all<I: Sync, T: Send>(
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

fn load_districts(root: &Path, config: &Config, problems: &mut Problems) -> Vec<District> {
    let dir = Path::new("content/districts");
    let files = files_with(root, dir, &["yaml", "yml"], problems);
    let mut districts = parse_all(&files, problems, |shown, p| {
        let text = read(root, shown, p)?;
        let slug = stem(shown);
        district::parse(shown, &slug, &text, &config.languages, p)
    });
    districts.sort_by(|a, b| {
        (a.order.unwrap_or(i64::MAX), &a.slug).cmp(&(b.order.unwrap_or(i64::MAX), &b.slug))
    });
    districts
}

const STATIONS_DIR: &str = "content/stations";
const DEPUTIES_DIR: &str = "content/deputies";

fn is_yaml(f: &Path) -> bool {
    f.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e == "yaml" || e == "yml")
}

fn load_stations(
    root: &Path,
    reg: &Registry,
    files: &[PathBuf],
    problems: &mut Problems,
) -> Vec<Station> {
    let mut stations = parse_all(files, problems, |shown, p| {
        let text = read(root, shown, p)?;
        station::parse(shown, &stem(shown), &text, reg, p)
    });
    stations.sort_by(|a, b| a.slug.cmp(&b.slug));
    stations
}

/// Deputies' YAML files, and their photos beside them: any other file
/// there is warned of, as one that nothing uses.
fn load_deputies(
    root: &Path,
    reg: &Registry,
    files: &[PathBuf],
    problems: &mut Problems,
) -> Vec<Deputy> {
    let dir = Path::new(DEPUTIES_DIR);
    let yaml: Vec<PathBuf> = files
        .iter()
        .filter(|f| is_yaml(f) && f.components().count() == 1)
        .map(|f| dir.join(f))
        .collect();
    let others: Vec<&PathBuf> = files
        .iter()
        .filter(|f| !(is_yaml(f) && f.components().count() == 1))
        .collect();
    let exists = |src: &str| others.iter().any(|f| f.as_path() == Path::new(src));
    let mut deputies = parse_all(&yaml, problems, |shown, p| {
        let text = read(root, shown, p)?;
        deputy::parse(shown, &stem(shown), &text, reg, &exists, p)
    });
    deputies.sort_by(|a, b| a.slug.cmp(&b.slug));
    for f in others {
        let used = deputies.iter().any(|d| {
            d.photo
                .as_ref()
                .is_some_and(|p| Path::new(&p.src) == f.as_path())
        });
        if !used && !is_hidden(f) {
            problems.push(
                Problem::file(dir.join(f), "this file is not read")
                    .help("files here are deputies (<slug>.yaml directly in content/deputies/) and the photos they name in `photo.src`")
                    .warning(),
            );
        }
    }
    deputies
}

fn load_stats(root: &Path, reg: &Registry, problems: &mut Problems) -> Vec<Period> {
    let files = files_with(root, Path::new("content/stats"), &["yaml", "yml"], problems);
    let mut stats = parse_all(&files, problems, |shown, p| {
        let text = read(root, shown, p)?;
        stats::parse(shown, &stem(shown), &text, reg, p)
    });
    stats.sort_by(|a, b| a.period.cmp(&b.period));
    stats
}

fn load_projects(
    root: &Path,
    reg: &Registry,
    config: &Config,
    stories: &[Story],
    problems: &mut Problems,
) -> Vec<crate::model::Project> {
    let dir = Path::new("content/projects");
    let files = project::files(list_files(root, dir, problems));
    let kinds = config.all_project_kinds();
    let parsed = parse_all(&files, problems, |shown, p| {
        let ext_ok = shown.extension().is_some_and(|e| e == "yaml" || e == "yml");
        if !ext_ok {
            p.push(
                Problem::file(shown, "this file is not read")
                    .help("project files end in .yaml: content/projects/<year>/<slug>.yaml")
                    .warning(),
            );
            return None;
        }
        let (year, slug) = project::place(shown, p)?;
        let text = read(root, shown, p)?;
        project::parse(shown, year, &slug, &text, reg, &kinds, p)
    });
    project::link(parsed, stories, problems)
}

fn load_pages(root: &Path, reg: &Registry, problems: &mut Problems) -> Vec<Page> {
    let files = files_with(root, Path::new("content/pages"), &["md"], problems);
    let named: Vec<(PathBuf, String, String)> = files
        .iter()
        .filter_map(|f| {
            let (stem, lang) = split_language(f, reg, problems)?;
            if let Some(why) = fields::slug_problem(&stem) {
                problems.push(
                    Problem::file(f, format!("`{stem}` is not a valid page slug: {why}")).help(
                        format!("rename the file to {}.md", fields::suggest_slug(&stem)),
                    ),
                );
                return None;
            }
            // Other languages live under /<code>/, so a page named like
            // one would sit where that language's home page is.
            if page::RESERVED.contains(&stem.as_str()) || reg.languages.contains(&stem) {
                problems.push(
                    Problem::file(f, format!("`{stem}` is a path the site itself uses")).help(
                        format!(
                            "rename the page; reserved: {} and the language codes ({})",
                            page::RESERVED.join(", "),
                            reg.languages.join(", ")
                        ),
                    ),
                );
                return None;
            }
            Some((f.clone(), stem, lang))
        })
        .collect();
    let texts = parse_all(&named, problems, |(shown, slug, lang), p| {
        let text = read(root, shown, p)?;
        Some((
            shown.clone(),
            slug.clone(),
            lang.clone(),
            page::parse(shown, &text, lang != reg.default_language(), p)?,
        ))
    });
    let mut pages: BTreeMap<String, Page> = BTreeMap::new();
    let mut translations = Vec::new();
    for (file, slug, lang, text) in texts {
        if lang == reg.default_language() {
            pages
                .entry(slug.clone())
                .or_insert_with(|| Page {
                    slug: slug.clone(),
                    texts: BTreeMap::new(),
                })
                .texts
                .insert(lang.clone(), text);
        } else {
            translations.push((file, slug.clone(), lang.clone(), text));
        }
    }
    for (file, slug, lang, text) in translations {
        match pages.get_mut(&slug) {
            Some(page) => {
                page.texts.insert(lang, text);
            }
            None => problems.push(no_original(&file, &format!("content/pages/{slug}.md"))),
        }
    }
    pages.into_values().collect()
}

fn no_original(file: &Path, expected: &str) -> Problem {
    Problem::file(
        file,
        format!("this translation has no original: {expected} does not exist"),
    )
    .help(format!(
        "add {expected} in the default language, or rename this file to match its original"
    ))
}

/// A story's files, found on disk before any is read.
struct StoryFiles {
    name: Name,
    original: Option<PathBuf>,
    translations: Vec<(PathBuf, String)>,
    bundle: Option<PathBuf>,
    assets: Vec<PathBuf>,
}

fn load_stories(
    root: &Path,
    reg: &Registry,
    static_files: &[PathBuf],
    problems: &mut Problems,
) -> Vec<Story> {
    let groups = find_stories(root, reg, problems);
    let static_set: BTreeSet<&Path> = static_files.iter().map(PathBuf::as_path).collect();
    let mut stories = parse_all(&groups, problems, |g, p| {
        load_group(root, reg, &static_set, g, p)
    });
    check_unique_slugs(&stories, reg.default_language(), problems);
    sort_stories(&mut stories);
    stories
}

/// Newest first, then by slug: the order of every list on the site.
fn sort_stories(stories: &mut [Story]) {
    stories.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
}

/// Reads one story: its original, then each translation against it.
fn load_group(
    root: &Path,
    reg: &Registry,
    static_set: &BTreeSet<&Path>,
    g: &StoryFiles,
    problems: &mut Problems,
) -> Option<Story> {
    let original = g.original.as_ref().and_then(|shown| {
        let text = read(root, shown, problems)?;
        let exists = |src: &str| match &g.bundle {
            Some(_) => g.assets.iter().any(|a| a == Path::new(src)),
            None => static_set.contains(Path::new(src)),
        };
        let place = Place {
            file: shown,
            name: &g.name,
            bundle: g.bundle.clone(),
            assets: g.assets.clone(),
            image_exists: &exists,
        };
        story::parse_original(place, &text, reg, problems)
    });
    let mut original = match original {
        Some(o) => o,
        None if g.original.is_none() => {
            for (file, _) in &g.translations {
                problems.push(no_original(file, &expected_original(g, file)));
            }
            return None;
        }
        // The original had errors of its own, already reported; its
        // translations are still checked.
        None => {
            for (shown, lang) in &g.translations {
                if let Some(text) = read(root, shown, problems) {
                    story::parse_translation(shown, lang, &text, problems);
                }
            }
            return None;
        }
    };
    for (shown, lang) in &g.translations {
        let Some(text) = read(root, shown, problems) else {
            continue;
        };
        if let Some(tr) = story::parse_translation(shown, lang, &text, problems) {
            story::attach(&mut original, tr, problems);
        }
    }
    Some(original.story)
}

/// Reads again only the stories that `changed` files belong to, on top of
/// a site loaded before, so an editor's save costs one story's work rather
/// than the whole site's. `None` when the change is not to stories alone
/// (a district, a statistics file, site.yaml...), which needs a full load.
pub fn reload_stories(
    root: &Path,
    site: &mut Site,
    changed: &[PathBuf],
) -> Option<Result<Reloaded, Problems>> {
    let stories_dir = Path::new("content/stories");
    let rel: Vec<PathBuf> = changed
        .iter()
        .map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf())
        .collect();
    let only_stories = rel
        .iter()
        .all(|p| p.starts_with(stories_dir) && p != stories_dir);
    if rel.is_empty() || !only_stories {
        return None;
    }
    let mut reg = Registry::new(&site.config, &site.districts);
    if site.has_deputies_folder {
        let default = reg.default_language().to_string();
        reg.deputy_names = Some(
            site.deputies
                .iter()
                .map(|d| {
                    (
                        d.slug.clone(),
                        d.name.0.get(&default).cloned().unwrap_or_default(),
                    )
                })
                .collect(),
        );
    }
    let bundles: HashSet<&Path> = site
        .stories
        .iter()
        .filter_map(|s| s.bundle.as_deref())
        .collect();
    let mut problems = Problems::default();
    let mut groups: BTreeMap<String, StoryFiles> = BTreeMap::new();
    for path in &rel {
        let key = group_key(root, path, &bundles)?;
        let id = key.to_string_lossy().into_owned();
        if !groups.contains_key(&id) {
            let group = discover_group(root, &key, &reg, &mut problems)?;
            groups.insert(id, group);
        }
    }
    let static_set: BTreeSet<&Path> = site.static_files.iter().map(PathBuf::as_path).collect();
    let fresh: Vec<Story> = groups
        .values()
        .filter_map(|g| load_group(root, &reg, &static_set, g, &mut problems))
        .collect();
    let is_touched = |s: &Story| {
        groups.keys().any(|k| {
            let k = Path::new(k);
            s.bundle.as_deref() == Some(k) || s.texts.values().any(|t| story_key(&t.source) == k)
        })
    };
    let (removed, kept): (Vec<Story>, Vec<Story>) = std::mem::take(&mut site.stories)
        .into_iter()
        .partition(is_touched);
    site.stories = kept;
    check_new_slugs(&site.stories, &fresh, reg.default_language(), &mut problems);
    problems.sort();
    if problems.has_errors() {
        site.stories.extend(removed);
        sort_stories(&mut site.stories);
        return Some(Err(problems));
    }
    let touched = removed
        .iter()
        .chain(&fresh)
        .map(|s| s.slug.clone())
        .collect();
    let fresh_slugs: Vec<String> = fresh.iter().map(|s| s.slug.clone()).collect();
    site.stories.extend(fresh);
    sort_stories(&mut site.stories);
    crate::links::check_stories(root, site, &fresh_slugs, &mut problems);
    problems.sort();
    if problems.has_errors() {
        site.stories.retain(|s| !fresh_slugs.contains(&s.slug));
        site.stories.extend(removed);
        sort_stories(&mut site.stories);
        return Some(Err(problems));
    }
    Some(Ok(Reloaded {
        warnings: problems,
        touched,
    }))
}

/// A story read again must not take a slug another story has.
fn check_new_slugs(others: &[Story], fresh: &[Story], default: &str, problems: &mut Problems) {
    let mut clashing: Vec<Story> = others
        .iter()
        .filter(|o| fresh.iter().any(|f| f.slug == o.slug))
        .cloned()
        .collect();
    clashing.extend(fresh.iter().cloned());
    check_unique_slugs(&clashing, default, problems);
}

/// What [`reload_stories`] did.
pub struct Reloaded {
    pub warnings: Problems,
    /// Slugs of the stories read again, added or removed.
    pub touched: BTreeSet<String>,
}

/// The folder of a bundle (one known before, or one on disk now), or
/// `dir/stem` for a single-file story.
fn group_key(root: &Path, rel: &Path, bundles: &HashSet<&Path>) -> Option<PathBuf> {
    let stories_dir = Path::new("content/stories");
    if let Some(known) = rel.ancestors().find(|a| bundles.contains(a)) {
        return Some(known.to_path_buf());
    }
    for dir in rel.ancestors().skip(1) {
        if dir == stories_dir || !dir.starts_with(stories_dir) {
            break;
        }
        if has_index(&root.join(dir)) {
            return Some(dir.to_path_buf());
        }
    }
    if root.join(rel).is_dir() {
        return None;
    }
    Some(story_key(rel))
}

fn story_key(file: &Path) -> PathBuf {
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
    file.with_file_name(name.split('.').next().unwrap_or(""))
}

fn has_index(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| is_index(Path::new(&e.file_name())))
    })
}

/// The files of one story, found without walking the whole stories folder.
fn discover_group(
    root: &Path,
    key: &Path,
    reg: &Registry,
    problems: &mut Problems,
) -> Option<StoryFiles> {
    let abs = root.join(key);
    if abs.is_dir() {
        let mut group = new_group(key, Some(key.to_path_buf()), problems)?;
        for file in list_files(root, key, problems) {
            let path = key.join(&file);
            if file.components().count() == 1 && is_index(&file) {
                let (_, lang) = split_language(&path, reg, problems)?;
                if lang == reg.default_language() {
                    group.original = Some(path);
                } else {
                    group.translations.push((path, lang));
                }
            } else {
                group.assets.push(file);
            }
        }
        return Some(group);
    }
    let mut group = new_group(key, None, problems)?;
    let original = key.with_extension("md");
    if root.join(&original).is_file() {
        group.original = Some(original);
    }
    for lang in reg.languages.iter().skip(1) {
        let file = key.with_extension(format!("{lang}.md"));
        if root.join(&file).is_file() {
            group.translations.push((file, lang.clone()));
        }
    }
    Some(group)
}

fn expected_original(g: &StoryFiles, translation: &Path) -> String {
    match &g.bundle {
        Some(b) => b.join("index.md").display().to_string(),
        None => {
            let name = translation
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("");
            let stem = name.split('.').next().unwrap_or("");
            translation
                .with_file_name(format!("{stem}.md"))
                .display()
                .to_string()
        }
    }
}

fn check_unique_slugs(stories: &[Story], default: &str, problems: &mut Problems) {
    let source_of = |s: &Story| {
        s.texts
            .get(default)
            .map(|t| t.source.clone())
            .unwrap_or_default()
    };
    let mut seen: BTreeMap<&str, PathBuf> = BTreeMap::new();
    let mut sorted: Vec<(&Story, PathBuf)> = stories.iter().map(|s| (s, source_of(s))).collect();
    sorted.sort_by(|a, b| a.1.cmp(&b.1));
    for (s, file) in sorted {
        if let Some(first) = seen.insert(&s.slug, file.clone()) {
            problems.push(
                Problem::file(&file, format!("story slug `{}` is also used by {}", s.slug, first.display()))
                    .help("rename one of them: a story's address is its file name without the date, so the two would share a page"),
            );
        }
    }
}

/// Groups the files under `content/stories/` into stories: single files
/// with their translations, and bundles (a folder with `index.md`) with
/// their translations and assets.
fn find_stories(root: &Path, reg: &Registry, problems: &mut Problems) -> Vec<StoryFiles> {
    let dir = Path::new("content/stories");
    let files = list_files(root, dir, problems);
    let files: Vec<PathBuf> = files.into_iter().map(|f| dir.join(f)).collect();
    let bundles: HashSet<PathBuf> = files
        .iter()
        .filter(|f| is_index(f))
        .filter_map(|f| f.parent().map(Path::to_path_buf))
        .collect();
    let mut groups: BTreeMap<String, StoryFiles> = BTreeMap::new();
    for file in files {
        let bundle = file
            .ancestors()
            .skip(1)
            .find(|a| bundles.contains(*a))
            .map(Path::to_path_buf);
        match bundle {
            Some(b) if file.parent() == Some(b.as_path()) && is_index(&file) => {
                add_story_file(&mut groups, b.clone(), Some(b), &file, reg, problems)
            }
            Some(b) => {
                let asset = file.strip_prefix(&b).unwrap_or(&file).to_path_buf();
                if let Some(g) = groups.get_mut(&*b.to_string_lossy()) {
                    g.assets.push(asset);
                } else if let Some(g) = new_group(&b, Some(b.clone()), problems) {
                    groups.insert(
                        b.to_string_lossy().into_owned(),
                        StoryFiles {
                            assets: vec![asset],
                            ..g
                        },
                    );
                }
            }
            None if file.extension().is_some_and(|e| e == "md") => {
                let key = file.with_file_name(
                    file.file_name()
                        .and_then(|n| n.to_str())
                        .unwrap_or("")
                        .split('.')
                        .next()
                        .unwrap_or(""),
                );
                add_story_file(&mut groups, key, None, &file, reg, problems)
            }
            None => problems.push(
                Problem::file(&file, "this file belongs to no story")
                    .help(
                        "images go in a story's bundle folder (beside its index.md) or in static/",
                    )
                    .warning(),
            ),
        }
    }
    groups.into_values().collect()
}

fn is_index(f: &Path) -> bool {
    let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name == "index.md"
        || (name.starts_with("index.") && name.ends_with(".md") && name.matches('.').count() == 2)
}

fn new_group(key: &Path, bundle: Option<PathBuf>, problems: &mut Problems) -> Option<StoryFiles> {
    let raw = key.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let shown = bundle.clone().unwrap_or_else(|| key.with_extension("md"));
    let name = match story::parse_name(raw) {
        Ok(n) => n,
        Err(why) => {
            problems.push(
                Problem::file(&shown, format!("the date in the name: {why}"))
                    .help("name it YYYY-MM-DD-slug with a real date, or drop the date"),
            );
            return None;
        }
    };
    if let Some(why) = fields::slug_problem(&name.slug) {
        problems.push(
            Problem::file(
                &shown,
                format!("`{}` is not a valid story slug: {why}", name.slug),
            )
            .help(format!("rename it to {}", fields::suggest_slug(&name.slug))),
        );
        return None;
    }
    Some(StoryFiles {
        name,
        original: None,
        translations: Vec::new(),
        bundle,
        assets: Vec::new(),
    })
}

fn add_story_file(
    groups: &mut BTreeMap<String, StoryFiles>,
    key: PathBuf,
    bundle: Option<PathBuf>,
    file: &Path,
    reg: &Registry,
    problems: &mut Problems,
) {
    let Some((_, lang)) = split_language(file, reg, problems) else {
        return;
    };
    let id = key.to_string_lossy().into_owned();
    if !groups.contains_key(&id) {
        let Some(g) = new_group(&key, bundle, problems) else {
            return;
        };
        groups.insert(id.clone(), g);
    }
    let g = groups.get_mut(&id).expect("inserted above");
    if lang == reg.default_language() {
        g.original = Some(file.to_path_buf());
    } else {
        g.translations.push((file.to_path_buf(), lang));
    }
}

/// `x.md` is in the default language, `x.en.md` in English. A suffix that
/// names no language of the site is an error rather than part of the name.
fn split_language(
    file: &Path,
    reg: &Registry,
    problems: &mut Problems,
) -> Option<(String, String)> {
    let name = file.file_name()?.to_str()?;
    let base = name.strip_suffix(".md").unwrap_or(name);
    let Some((stem, lang)) = base.split_once('.') else {
        return Some((base.to_string(), reg.default_language().to_string()));
    };
    if lang == reg.default_language() {
        problems.push(
            Problem::file(
                file,
                format!("`.{lang}` is the default language, which takes no suffix"),
            )
            .help(format!("rename it to {stem}.md")),
        );
        return None;
    }
    if !reg.languages.iter().any(|l| l == lang) || lang.contains('.') {
        problems.push(
            Problem::file(
                file,
                format!("`{lang}` in the file name is not a language of this site"),
            )
            .help(format!(
                "languages in site.yaml: {}; a translation is named {stem}.<language>.md",
                reg.languages.join(", ")
            )),
        );
        return None;
    }
    Some((stem.to_string(), lang.to_string()))
}

fn stem(file: &Path) -> String {
    file.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_string()
}

/// Files directly in `dir` with one of `extensions`; others are warned of,
/// since an editor who saves `2024.yml.bak` or `about.txt` expects it used.
fn files_with(
    root: &Path,
    dir: &Path,
    extensions: &[&str],
    problems: &mut Problems,
) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for f in list_files(root, dir, problems) {
        let path = dir.join(&f);
        let ext_ok = f
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.contains(&e));
        if f.components().count() == 1 && ext_ok {
            out.push(path);
        } else if !is_hidden(&f) {
            problems.push(
                Problem::file(&path, "this file is not read")
                    .help(format!(
                        "files here are read only when directly in {} and ending in .{}",
                        dir.display(),
                        extensions.join(" or .")
                    ))
                    .warning(),
            );
        }
    }
    out
}

fn is_hidden(f: &Path) -> bool {
    f.components().any(|c| {
        c.as_os_str()
            .to_str()
            .is_some_and(|s| s.starts_with('.') || s.ends_with('~'))
    })
}

/// Every regular file under `root/dir`, relative to `dir`, sorted. Symbolic
/// links are refused rather than followed, so no input can make renda read
/// (or publish) a file from outside the site.
fn list_files(root: &Path, dir: &Path, problems: &mut Problems) -> Vec<PathBuf> {
    let base = root.join(dir);
    // The walk below refuses links inside `dir`, but would follow `dir`
    // itself (or `content/` above it) wherever it leads.
    let mut folder = PathBuf::new();
    for part in dir.components() {
        folder.push(part);
        if root.join(&folder).is_symlink() {
            problems.push(
                Problem::file(&folder, "this folder is a symbolic link, which renda does not follow")
                    .help("move the folder into the site instead of linking to it; the site's folder itself may be a link"),
            );
            return Vec::new();
        }
    }
    if !base.is_dir() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&base)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let shown = e
                    .path()
                    .map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf())
                    .unwrap_or_else(|| dir.to_path_buf());
                problems.push(
                    Problem::file(shown, format!("cannot read: {e}"))
                        .help("check the folder's permissions, or move the entry out of the site"),
                );
                continue;
            }
        };
        let rel = entry
            .path()
            .strip_prefix(&base)
            .unwrap_or(entry.path())
            .to_path_buf();
        if is_hidden(&rel) {
            continue;
        }
        if entry.path_is_symlink() {
            problems.push(
                Problem::file(dir.join(&rel), "symbolic links are not followed")
                    .help("copy the file into the site instead of linking to it"),
            );
        } else if entry.file_type().is_file() {
            out.push(rel);
        }
    }
    out
}
