//! Commands that write sources for editors: a new story, district or
//! statistics file, a whole new site, and the record that a translation is
//! up to date.
//!
//! What they write passes `renda check` as it is, so an editor starts from
//! a working site and the file itself shows what to fill in. They never
//! overwrite a file: an editor's words are worth more than a template.

mod templates;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::load::fields::{slug_problem, suggest_slug};
use crate::load::fingerprint;
use crate::load::story::parse_name;
use crate::load::{check_period, load_leniently, source, unknown_help, yaml};
use crate::model::{Area, Freshness};
use crate::model::{Date, Site, Story};
use crate::problem::{closest, Problem, Problems};
use crate::translation;

const STORIES: &str = "content/stories";

/// What `renda new story` is asked for.
pub struct NewStory {
    pub slug: String,
    pub district: String,
    pub town: Option<String>,
    pub topics: Vec<String>,
}

/// Writes a new story and a translation for every other language. Returns
/// the files written, relative to `root`.
pub fn new_story(root: &Path, asked: &NewStory, today: Date) -> Result<Vec<PathBuf>, Problems> {
    let site = site_to_add_to(root)?;
    let file = Path::new(STORIES).join(format!("{today}-{}.md", asked.slug));
    let mut problems = Problems::default();
    check_story_slug(root, &site, &asked.slug, &file, &mut problems);
    let towns = check_place(&site, asked, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let place = templates::StoryPlace {
        district: &asked.district,
        town: asked.town.as_deref(),
        towns,
        topics: &asked.topics,
    };
    let original = templates::story(&site.config, &place, today);
    let mut files = vec![(file.clone(), original.clone())];
    for lang in site.config.languages.iter().skip(1) {
        let text = templates::story_translation(lang, &original);
        files.push((translation::translation_path(&file, lang), text));
    }
    let written = write_all(root, &files)?;
    verify(root, &written)?;
    Ok(written)
}

/// The site as far as it loads: a new file can be added to a site with
/// problems elsewhere, but not to one whose site.yaml cannot be read.
fn site_to_add_to(root: &Path) -> Result<Site, Problems> {
    match load_leniently(root) {
        (Some(site), _) => Ok(site),
        (None, problems) => Err(problems),
    }
}

/// A problem with a command-line argument rather than a file.
fn argument(name: &str, message: String, help: String) -> Problem {
    let mut p = Problem::file(name, message).help(help);
    p.line = 0;
    p
}

fn check_story_slug(root: &Path, site: &Site, slug: &str, file: &Path, problems: &mut Problems) {
    if let Some(why) = slug_problem(slug) {
        let help = format!("try `{}`", suggest_slug(slug));
        problems.push(
            Problem::file(file, format!("`{slug}` is not a valid story slug: {why}")).help(help),
        );
        return;
    }
    if let Ok(name) = parse_name(slug) {
        if name.date.is_some() {
            let help = format!(
                "give the slug alone, `{}`: the file name takes today's date",
                name.slug
            );
            problems.push(Problem::file(file, format!("`{slug}` starts with a date")).help(help));
            return;
        }
    }
    if let Some(other) = story_files(root, site).get(slug) {
        problems.push(
            Problem::file(file, format!("story slug `{slug}` is also used by {}", other.display()))
                .help("choose another slug: a story's address is its slug, so two stories cannot share one"),
        );
    }
}

/// Every story slug with a file of it: the site's stories, then names on
/// disk, so that a story with problems of its own still keeps its slug.
fn story_files(root: &Path, site: &Site) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    let default = site.config.default_language();
    for story in &site.stories {
        let source = story
            .texts
            .get(default)
            .map(|t| t.source.clone())
            .unwrap_or_default();
        out.insert(story.slug.clone(), source);
    }
    let mut names: Vec<(String, bool)> = fs::read_dir(root.join(STORIES))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                e.path().is_dir(),
            )
        })
        .filter(|(name, dir)| *dir || name.ends_with(".md"))
        .collect();
    // Originals before translations, so the file named is the original.
    names.sort_by_key(|(name, dir)| (!dir && name.matches('.').count() > 1, name.clone()));
    for (name, dir) in names {
        let stem = if dir {
            name.as_str()
        } else {
            name.split('.').next().unwrap_or_default()
        };
        if let Ok(parsed) = parse_name(stem) {
            out.entry(parsed.slug)
                .or_insert_with(|| Path::new(STORIES).join(&name));
        }
    }
    out
}

/// Checks the district, town and topics as the loader would; returns the
/// district's towns.
fn check_place<'s>(site: &'s Site, asked: &NewStory, problems: &mut Problems) -> Vec<&'s str> {
    let area = Area::parse(&asked.district);
    let district = site.area(&area);
    if district.is_none() && !area.is_city() {
        let known: Vec<&str> = site.districts.iter().map(|d| d.slug.as_str()).collect();
        let help = unknown_help(
            &asked.district,
            &known,
            "city for city-wide matters; districts are files in content/districts/, and `renda new district <slug>` adds one",
        );
        problems.push(argument(
            "--district",
            format!("unknown district \"{}\"", asked.district),
            help,
        ));
    }
    let towns: Vec<&str> = district
        .map(|d| d.towns.iter().map(|t| t.slug.as_str()).collect())
        .unwrap_or_default();
    if let (Some(town), true) = (&asked.town, district.is_some() || area.is_city()) {
        if !towns.contains(&town.as_str()) {
            let d = &asked.district;
            let help = if towns.is_empty() {
                format!("`{d}` lists no towns: add it under `towns` in content/districts/{d}.yaml, or leave out --town")
            } else {
                unknown_help(
                    town,
                    &towns,
                    &format!("towns are listed in content/districts/{d}.yaml"),
                )
            };
            problems.push(argument(
                "--town",
                format!("unknown town \"{town}\" in district `{d}`"),
                help,
            ));
        }
    }
    let known: Vec<&str> = site.config.topics.iter().map(|t| t.slug.as_str()).collect();
    for topic in asked.topics.iter().filter(|t| !known.contains(&t.as_str())) {
        let help = unknown_help(
            topic,
            &known,
            "topics are declared under `topics` in site.yaml",
        );
        problems.push(argument(
            "--topics",
            format!("unknown topic \"{topic}\""),
            help,
        ));
    }
    towns
}

/// Writes a new district file.
pub fn new_district(root: &Path, slug: &str) -> Result<Vec<PathBuf>, Problems> {
    let site = site_to_add_to(root)?;
    let file = Path::new("content/districts").join(format!("{slug}.yaml"));
    let problem = if let Some(why) = slug_problem(slug) {
        Some(
            Problem::file(
                &file,
                format!("`{slug}` is not a valid district slug: {why}"),
            )
            .help(format!("try `{}`", suggest_slug(slug))),
        )
    } else if Area::parse(slug).is_city() {
        Some(Problem::file(&file, "`city` is reserved for the city as a whole").help("city-wide figures and stories use `district: city` without a file; choose another slug"))
    } else {
        existing(root, &file, &["yaml", "yml"]).map(|other| {
            Problem::file(
                &file,
                format!("district `{slug}` already exists: {}", other.display()),
            )
            .help("choose another slug, or edit the file that is there")
        })
    };
    if let Some(problem) = problem {
        return Err(problem.into());
    }
    let next_order = site
        .districts
        .iter()
        .filter_map(|d| d.order)
        .max()
        .unwrap_or(0)
        + 1;
    let text = templates::district(&site.config, next_order);
    let written = write_all(root, &[(file, text)])?;
    verify(root, &written)?;
    Ok(written)
}

/// Writes a new deputy file.
pub fn new_deputy(root: &Path, slug: &str) -> Result<Vec<PathBuf>, Problems> {
    let site = site_to_add_to(root)?;
    let file = Path::new("content/deputies").join(format!("{slug}.yaml"));
    refuse_slug(root, &file, slug, "deputy")?;
    let district = site
        .districts
        .first()
        .map_or(Area::CITY, |d| d.slug.as_str());
    let station = site.stations.first().map(|s| s.slug.as_str());
    let text = templates::deputy(&site.config, slug, district, station);
    let written = write_all(root, &[(file, text)])?;
    verify(root, &written)?;
    Ok(written)
}

/// Writes a new liaison station file.
pub fn new_station(root: &Path, slug: &str) -> Result<Vec<PathBuf>, Problems> {
    let site = site_to_add_to(root)?;
    let file = Path::new("content/stations").join(format!("{slug}.yaml"));
    refuse_slug(root, &file, slug, "station")?;
    let district = site
        .districts
        .first()
        .map_or(Area::CITY, |d| d.slug.as_str());
    let text = templates::station(&site.config, district);
    let written = write_all(root, &[(file, text)])?;
    verify(root, &written)?;
    Ok(written)
}

/// An invalid slug, or one another file of the folder has.
fn refuse_slug(root: &Path, file: &Path, slug: &str, what: &str) -> Result<(), Problems> {
    if let Some(why) = slug_problem(slug) {
        return Err(
            Problem::file(file, format!("`{slug}` is not a valid {what} slug: {why}"))
                .help(format!("try `{}`", suggest_slug(slug)))
                .into(),
        );
    }
    if let Some(other) = existing(root, file, &["yaml", "yml"]) {
        return Err(Problem::file(
            file,
            format!("{what} `{slug}` already exists: {}", other.display()),
        )
        .help("choose another slug, or edit the file that is there")
        .into());
    }
    Ok(())
}

/// Writes a new statistics file.
pub fn new_stats(root: &Path, period: &str) -> Result<Vec<PathBuf>, Problems> {
    let site = site_to_add_to(root)?;
    let file = Path::new("content/stats").join(format!("{period}.yaml"));
    let problem = if let Err(why) = check_period(period) {
        Some(argument(
            "period",
            format!("`{period}` is not a period: {why}"),
            "give a year or a month, e.g. 2023 or 2023-07".into(),
        ))
    } else {
        existing(root, &file, &["yaml", "yml"]).map(|other| {
            Problem::file(
                &file,
                format!(
                    "the period {period} already has a file: {}",
                    other.display()
                ),
            )
            .help("add records to the file that is there")
        })
    };
    if let Some(problem) = problem {
        return Err(problem.into());
    }
    let example = site
        .districts
        .first()
        .map_or(Area::CITY, |d| d.slug.as_str());
    let text = templates::stats(&site.config, period, example);
    let written = write_all(root, &[(file, text)])?;
    verify(root, &written)?;
    Ok(written)
}

/// Writes a new livelihood project, `<year>/<slug>`, in its year's folder.
pub fn new_project(root: &Path, id: &str) -> Result<Vec<PathBuf>, Problems> {
    let site = site_to_add_to(root)?;
    let (year, slug) = id.split_once('/').unwrap_or(("", id));
    let file = Path::new("content/projects")
        .join(year)
        .join(format!("{slug}.yaml"));
    let year_ok = year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit());
    let problem = if !year_ok {
        Some(argument(
            "project",
            format!("`{id}` does not start with a year"),
            "name the project as <year>/<slug>, e.g. `renda new project 2024/school-places`".into(),
        ))
    } else if let Some(why) = slug_problem(slug) {
        Some(
            Problem::file(
                &file,
                format!("`{slug}` is not a valid project slug: {why}"),
            )
            .help(format!("try `{year}/{}`", suggest_slug(slug))),
        )
    } else {
        existing(root, &file, &["yaml", "yml"]).map(|other| {
            Problem::file(
                &file,
                format!("the project {id} already exists: {}", other.display()),
            )
            .help("choose another slug, or edit the file that is there")
        })
    };
    if let Some(problem) = problem {
        return Err(problem.into());
    }
    let example = site
        .districts
        .first()
        .map_or(Area::CITY, |d| d.slug.as_str());
    let text = templates::project(&site.config, year, example);
    let written = write_all(root, &[(file, text)])?;
    verify(root, &written)?;
    Ok(written)
}

/// The file at `file` with any of `extensions`, if one exists.
fn existing(root: &Path, file: &Path, extensions: &[&str]) -> Option<PathBuf> {
    extensions
        .iter()
        .map(|e| file.with_extension(e))
        .find(|f| root.join(f).exists())
}

/// Starts a site in `dir`, which must be new or empty.
pub fn init(dir: &Path, today: Date) -> Result<Vec<PathBuf>, Problems> {
    let occupied = fs::read_dir(dir).map(|mut d| d.next().is_some());
    match occupied {
        Ok(true) => {
            return Err(Problem::file(dir, "the folder is not empty")
                .help("renda init starts a site in a new or empty folder: give another, or run `renda check` here if it is a site already")
                .into())
        }
        Err(_) if dir.exists() => {
            return Err(Problem::file(dir, "this is not a folder renda can read").help("give the path of a new or empty folder").into())
        }
        _ => {}
    }
    let files: Vec<(PathBuf, String)> = templates::site(today)
        .into_iter()
        .map(|(path, text)| (PathBuf::from(path), text))
        .collect();
    let written = write_all(dir, &files)?;
    verify(dir, &written)?;
    Ok(written)
}

/// Writes each file, creating folders, refusing any that exists. On a
/// failure, the files already written are removed again.
fn write_all(root: &Path, files: &[(PathBuf, String)]) -> Result<Vec<PathBuf>, Problems> {
    let mut written = Vec::new();
    for (file, text) in files {
        if let Err(problem) = write_new(root, file, text) {
            remove(root, &written);
            return Err(problem.into());
        }
        written.push(file.clone());
    }
    Ok(written)
}

fn write_new(root: &Path, file: &Path, text: &str) -> Result<(), Problem> {
    use std::io::Write;
    let path = root.join(file);
    let failed = |e: std::io::Error| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Problem::file(file, "the file already exists").help(
                "renda never overwrites a file: choose another name, or move the file away first",
            )
        } else {
            Problem::file(file, format!("cannot write the file: {e}"))
                .help("check that the folder exists and that you may write to it")
        }
    };
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(failed)?;
    }
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(failed)?;
    f.write_all(text.as_bytes()).map_err(failed)
}

fn remove(root: &Path, files: &[PathBuf]) {
    for file in files {
        let _ = fs::remove_file(root.join(file));
    }
}

/// Loads the site again and takes the new files back if they have a
/// problem: what the commands write must pass `check` as it is.
fn verify(root: &Path, written: &[PathBuf]) -> Result<(), Problems> {
    let (_, problems) = load_leniently(root);
    let own: Vec<Problem> = problems
        .0
        .into_iter()
        .filter(|p| p.is_error() && written.contains(&p.file))
        .collect();
    if own.is_empty() {
        return Ok(());
    }
    remove(root, written);
    Err(Problems(own))
}

/// One translation whose `translated_from` was recorded.
pub struct Marked {
    pub file: PathBuf,
    pub fingerprint: String,
    /// How it stood before.
    pub was: Freshness,
}

/// Records that the translations of a story or page are up to date with
/// its original. `target` is a file of it (original or translation), a
/// bundle folder, or a slug; naming a translation marks only that one.
pub fn mark_translated(root: &Path, target: &str) -> Result<Vec<Marked>, Problems> {
    let (site, problems) = load_leniently(root);
    let site = site.ok_or_else(|| problems.clone())?;
    let found = find(&site, &relative_to(root, target), target)
        .ok_or_else(|| refusal(&problems, no_such(&site, target)))?;
    let translations = found.to_mark(site.config.default_language());
    if translations.is_empty() {
        let lang = site.config.languages.get(1).map_or("en", String::as_str);
        let expected = translation::translation_path(&found.original, lang);
        let untranslated = Problem::file(&found.original, "this has no translation to mark")
            .help(format!("write {} first", expected.display()));
        return Err(refusal(&problems, untranslated));
    }
    translations
        .into_iter()
        .map(|(file, recorded)| mark(root, file, recorded, &found.fingerprint))
        .collect::<Result<Vec<_>, Problem>>()
        .map_err(Problems::from)
}

/// The site's errors, which may be why what was asked for is not there,
/// then the refusal itself.
fn refusal(problems: &Problems, refused: Problem) -> Problems {
    let mut all: Vec<Problem> = problems.errors().cloned().collect();
    all.push(refused);
    Problems(all)
}

fn mark(root: &Path, file: &Path, recorded: Option<&str>, print: &str) -> Result<Marked, Problem> {
    let was = fingerprint::compare(recorded, || print.to_string());
    record(root, file, print)?;
    Ok(Marked {
        file: file.to_path_buf(),
        fingerprint: print.to_string(),
        was,
    })
}

/// A story or page, found by `translated`'s argument.
struct Found<'s> {
    original: PathBuf,
    fingerprint: String,
    /// Each text: its language, file and `translated_from`.
    texts: Vec<(&'s str, &'s Path, Option<&'s str>)>,
    /// The translation named, when one was.
    only: Option<PathBuf>,
}

impl<'s> Found<'s> {
    /// The translations to mark, with what each records now.
    fn to_mark(&self, default: &str) -> Vec<(&'s Path, Option<&'s str>)> {
        self.texts
            .iter()
            .filter(|(lang, file, _)| {
                *lang != default && self.only.as_deref().is_none_or(|only| only == *file)
            })
            .map(|(_, file, recorded)| (*file, *recorded))
            .collect()
    }
}

/// The argument as a path below the site's root, when it names a file or
/// folder there; otherwise as written.
fn relative_to(root: &Path, target: &str) -> PathBuf {
    let given = Path::new(target);
    let absolute = |p: &Path| fs::canonicalize(p).ok();
    if let (Some(full), Some(root)) = (absolute(given), absolute(root)) {
        if let Ok(rel) = full.strip_prefix(&root) {
            return rel.to_path_buf();
        }
    }
    if let Some(full) = absolute(&root.join(given)) {
        if let Some(rel) =
            absolute(root).and_then(|r| full.strip_prefix(r).ok().map(Path::to_path_buf))
        {
            return rel;
        }
    }
    given.components().collect()
}

fn find<'s>(site: &'s Site, wanted: &Path, target: &str) -> Option<Found<'s>> {
    let default = site.config.default_language();
    let story = site.stories.iter().find(|s| {
        s.slug == target
            || s.bundle.as_deref() == Some(wanted)
            || s.texts.values().any(|t| t.source == wanted)
    });
    if let Some(story) = story {
        return Some(story_found(story, default, wanted));
    }
    let page = site
        .pages
        .iter()
        .find(|p| p.slug == target || p.texts.values().any(|t| t.source == wanted))?;
    let original = page.texts.get(default)?;
    Some(Found {
        original: original.source.clone(),
        fingerprint: fingerprint::page_fingerprint(original),
        texts: page
            .texts
            .iter()
            .map(|(l, t)| {
                (
                    l.as_str(),
                    t.source.as_path(),
                    t.translated_from.as_ref().map(|r| r.fingerprint.as_str()),
                )
            })
            .collect(),
        only: only(
            page.texts
                .iter()
                .map(|(l, t)| (l.as_str(), t.source.as_path())),
            default,
            wanted,
        ),
    })
}

fn story_found<'s>(story: &'s Story, default: &str, wanted: &Path) -> Found<'s> {
    let original = &story.texts[default];
    Found {
        original: original.source.clone(),
        fingerprint: fingerprint::story_fingerprint(original),
        texts: story
            .texts
            .iter()
            .map(|(l, t)| {
                (
                    l.as_str(),
                    t.source.as_path(),
                    t.translated_from.as_ref().map(|r| r.fingerprint.as_str()),
                )
            })
            .collect(),
        only: only(
            story
                .texts
                .iter()
                .map(|(l, t)| (l.as_str(), t.source.as_path())),
            default,
            wanted,
        ),
    }
}

/// The translation file named, if the argument named one.
fn only<'a>(
    mut texts: impl Iterator<Item = (&'a str, &'a Path)>,
    default: &str,
    wanted: &Path,
) -> Option<PathBuf> {
    texts
        .find(|(lang, file)| *lang != default && *file == wanted)
        .map(|(_, file)| file.to_path_buf())
}

fn no_such(site: &Site, target: &str) -> Problem {
    let slugs = site
        .stories
        .iter()
        .map(|s| s.slug.as_str())
        .chain(site.pages.iter().map(|p| p.slug.as_str()));
    let help = match closest(target, slugs) {
        Some(near) => format!("did you mean `{near}`? Give a story's or page's file, bundle folder or slug"),
        None => "give a story's or page's file (content/stories/2024-03-12-forest.en.md), bundle folder or slug; a file with problems of its own must be fixed first".into(),
    };
    argument(target, "names no story or page of this site".into(), help)
}

/// Rewrites `translated_from` in one translation, keeping every other byte.
fn record(root: &Path, file: &Path, print: &str) -> Result<(), Problem> {
    let path = root.join(file);
    let unreadable = |e: std::io::Error| {
        Problem::file(file, format!("cannot read the file: {e}")).help("check its permissions")
    };
    let bytes = fs::read(&path).map_err(unreadable)?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Problem::file(file, "the file is not UTF-8 text").help("save it with UTF-8 encoding")
    })?;
    let no_front = || {
        Problem::file(file, "no front matter to record `translated_from` in")
            .help("start the file with `---`, its fields, and `---`")
    };
    let updated = translation::record_fingerprint(&text, print).ok_or_else(no_front)?;
    if !records(&updated, file, print) {
        return Err(Problem::file(
            file,
            "`translated_from` could not be written into the front matter",
        )
        .help(format!(
            "add the line `translated_from: \"{print}\"` to the front matter by hand"
        )));
    }
    if updated != text {
        fs::write(&path, updated).map_err(|e| {
            Problem::file(file, format!("cannot write the file: {e}")).help("check its permissions")
        })?;
    }
    Ok(())
}

/// Whether `text` reads back with `translated_from` set to `print`, as a
/// guard against front matter written in a form the line edit misses.
fn records(text: &str, file: &Path, print: &str) -> bool {
    let Ok(text) = source::decode(text.as_bytes(), file) else {
        return false;
    };
    let Ok(split) = source::split_front_matter(&text, file) else {
        return false;
    };
    yaml::parse(&text, split.front)
        .ok()
        .and_then(|doc| {
            doc.value
                .get("translated_from")
                .and_then(|v| v.as_str().map(str::to_owned))
        })
        .is_some_and(|v| v == print)
}
