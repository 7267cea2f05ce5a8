//! The preview's quick path: one saved story read again on top of the site
//! loaded before.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use super::folder::{list_files, split_language};
use super::registry::Registry;
use super::stories::{
    check_unique_slugs, is_index, load_group, new_group, sort_stories, StoryFiles,
};
use crate::model::{Site, Story};
use crate::problem::Problems;

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
        if let Entry::Vacant(slot) = groups.entry(id) {
            slot.insert(discover_group(root, &key, &reg, &mut problems)?);
        }
    }
    let static_set: BTreeSet<&Path> = site.static_files.iter().map(PathBuf::as_path).collect();
    let fresh: Vec<Story> = groups
        .values()
        .filter_map(|g| load_group(root, &reg, &static_set, g, &mut problems, None))
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
    super::placeholders::take(&mut problems);
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
    super::links::check_stories(site, &fresh_slugs, &mut problems);
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
