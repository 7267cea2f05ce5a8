//! The stories folder: which files make up each story (a single file with
//! its translations, or a bundle folder with its assets), read in parallel.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use super::folder::{list_files, split_language};
use super::links::Unloaded;
use super::registry::Registry;
use super::source::split_front_matter;
use super::story::{self, Name, Place};
use super::{fields, no_original, parse_all, read};
use crate::model::Story;
use crate::problem::{Problem, Problems};

/// A story's files, found on disk before any is read.
pub(super) struct StoryFiles {
    pub name: Name,
    pub original: Option<PathBuf>,
    pub translations: Vec<(PathBuf, String)>,
    pub bundle: Option<PathBuf>,
    pub assets: Vec<PathBuf>,
}

/// Reads every story under `content/stories/`, in parallel, newest first;
/// with them, the bodies of the stories that did not load.
pub(super) fn load(
    root: &Path,
    reg: &Registry,
    static_files: &[PathBuf],
    problems: &mut Problems,
) -> (Vec<Story>, Vec<Unloaded>) {
    let groups = find_stories(root, reg, problems);
    let static_set: BTreeSet<&Path> = static_files.iter().map(PathBuf::as_path).collect();
    let results = parse_all(&groups, problems, |g, p| {
        let mut unloaded = Vec::new();
        let story = load_group(root, reg, &static_set, g, p, Some(&mut unloaded));
        Some((story, unloaded))
    });
    let mut stories = Vec::with_capacity(results.len());
    let mut unloaded = Vec::new();
    for (story, bodies) in results {
        stories.extend(story);
        unloaded.extend(bodies);
    }
    check_unique_slugs(&stories, reg.default_language(), problems);
    sort_stories(&mut stories);
    (stories, unloaded)
}

/// The body of a story file whose story did not load, kept from the one
/// reading of it: its links are checked all the same, so that fixing the
/// front matter does not bring a second round of problems.
fn unloaded(file: &Path, text: &std::sync::Arc<str>, bundle: bool) -> Option<Unloaded> {
    let split = split_front_matter(text, file).ok()?;
    Some(Unloaded {
        file: file.to_path_buf(),
        body: crate::model::Body::new(text.clone(), split.body.start),
        bundle,
    })
}

/// Newest first, then by slug: the order of every list on the site.
pub(super) fn sort_stories(stories: &mut [Story]) {
    stories.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
}

/// Reads one story: its original, then each translation against it. When
/// the original does not load, the bodies of its files go to `unloaded`,
/// if given, for their links to be checked.
pub(super) fn load_group(
    root: &Path,
    reg: &Registry,
    static_set: &BTreeSet<&Path>,
    g: &StoryFiles,
    problems: &mut Problems,
    mut unloaded: Option<&mut Vec<Unloaded>>,
) -> Option<Story> {
    let mut original_text = None;
    let original = g.original.as_ref().and_then(|shown| {
        let text = read(root, shown, problems)?;
        original_text = Some(text.clone());
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
            let bundle = g.bundle.is_some();
            if let (Some(out), Some(shown), Some(text)) =
                (unloaded.as_deref_mut(), &g.original, &original_text)
            {
                out.extend(self::unloaded(shown, text, bundle));
            }
            for (shown, lang) in &g.translations {
                if let Some(text) = read(root, shown, problems) {
                    story::parse_translation(shown, lang, &text, problems);
                    if let Some(out) = unloaded.as_deref_mut() {
                        out.extend(self::unloaded(shown, &text, bundle));
                    }
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
    super::fingerprint::judge(&mut original.story.texts, reg.default_language());
    Some(original.story)
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

pub(super) fn check_unique_slugs(stories: &[Story], default: &str, problems: &mut Problems) {
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

pub(super) fn is_index(f: &Path) -> bool {
    let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name == "index.md"
        || (name.starts_with("index.") && name.ends_with(".md") && name.matches('.').count() == 2)
}

pub(super) fn new_group(
    key: &Path,
    bundle: Option<PathBuf>,
    problems: &mut Problems,
) -> Option<StoryFiles> {
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
