//! The render cache: what the last build was made from, kept beside the
//! output, so that a new build renders again only the pages whose inputs
//! changed.
//!
//! Rendering is pure: the pages are a function of the loaded site, the
//! theme and the render options. So the cache holds fingerprints of those,
//! not of files: a digest of each story as loaded (with its files' text
//! and its photo), a digest of everything else the site holds, of the
//! theme after overrides, and of the renda binary. A build that finds only
//! some stories' digests changed, each still in the same lists (same
//! district, topics, deputies, languages, photo, case, draft flag) and the
//! newest date the same, renders those stories and every page that reads
//! more than one story, and keeps the rest of the previous output as it
//! is. Anything else (a story added, removed or moved, a statistics file,
//! site.yaml, the theme, another renda) renders the whole site, which is
//! never wrong, only slower.
//!
//! The record names the output record of the tree it describes (by
//! digest) and is written after that tree is in place: a build killed in
//! between leaves a record that names another tree, which is ignored, as
//! is one that cannot be read. It lives in `.<output>.renda-cache`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::model::{Body, Site};
use crate::output::{self, FileDigest};
use crate::render::{outline, Outline, RenderOptions};
use crate::theme::Theme;

const FORMAT: &str = "renda render cache 1";

/// What a build was made from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fingerprints {
    format: String,
    /// The renda binary: its version, size and modification time.
    renda: String,
    /// Everything but the stories: site.yaml, districts, statistics,
    /// pages, projects, deputies, stations, static file names, the theme,
    /// and whether drafts are shown.
    site: String,
    /// The newest published story's date, which stations' pages count
    /// receptions from.
    as_of: Option<String>,
    /// The published stories, in order.
    outline: Vec<Outline>,
    /// Slug to the digest of the story whole, and of what places it in
    /// lists and gives it files of its own.
    stories: BTreeMap<String, (String, String)>,
}

/// The record kept beside the output.
#[derive(Serialize, Deserialize)]
struct Record {
    /// The digest of the output record of the tree it describes.
    output: String,
    inputs: Fingerprints,
}

/// What a build may reuse.
pub enum Reuse {
    /// Nothing: render the whole site, for the reason given.
    Whole(&'static str),
    /// Render only what these stories reach, given the outline the kept
    /// pages were made with.
    Stories {
        before: Vec<Outline>,
        touched: BTreeSet<String>,
    },
}

impl Fingerprints {
    /// Takes the fingerprints of a prepared site.
    pub fn take(site: &Site, theme: &Theme, options: &RenderOptions) -> Fingerprints {
        let mut rest = Sha256::new();
        let mut text = String::new();
        let _ = write!(
            text,
            "{:?}{:?}{:?}{:?}{:?}{:?}{:?}{:?}{:?}{:?}",
            site.config,
            site.districts,
            site.stats,
            site.pages,
            site.projects,
            site.deputies,
            site.stations,
            site.has_deputies_folder,
            site.static_files,
            options.drafts,
        );
        rest.update(text.as_bytes());
        rest.update(theme.digest());
        let stories = site
            .stories
            .par_iter()
            .map(|story| {
                let photo = crate::render::images::source_of(story)
                    .and_then(|source| options.photos.by_source.get(&source))
                    .map(|p| p.digest);
                let shape = format!(
                    "{:?}",
                    (
                        options.drafts || !story.draft,
                        &story.district,
                        &story.town,
                        &story.topics,
                        &story.deputies,
                        &story.image,
                        &story.case,
                        &story.bundle,
                        &story.assets,
                        story.texts.keys().collect::<Vec<_>>(),
                        photo,
                    )
                );
                // The texts go in as their files' bytes, which hold the
                // title and summary too: written out with `{:?}` they would
                // be escaped character by character, which cost more than
                // rendering the pages the cache spares.
                let mut bare = story.clone();
                for text in bare.texts.values_mut() {
                    text.body = Body::from("");
                    text.title.clear();
                    text.summary = None;
                    text.image_alt = None;
                }
                let mut whole = Sha256::new();
                whole.update(format!("{bare:?}").as_bytes());
                for text in story.texts.values() {
                    whole.update(text.body.start().to_le_bytes());
                    whole.update(text.body.file().as_bytes());
                }
                // The photos its text shows are on its page alone.
                for source in options.photos.in_text(&story.slug) {
                    if let Some(photo) = options.photos.get(source) {
                        whole.update(photo.digest);
                    }
                }
                whole.update(shape.as_bytes());
                (
                    story.slug.clone(),
                    (hex(&whole.finalize()), hex(&Sha256::digest(shape))),
                )
            })
            .collect();
        Fingerprints {
            format: FORMAT.to_string(),
            renda: binary(),
            site: hex(&rest.finalize()),
            as_of: site
                .stories
                .iter()
                .filter(|s| options.drafts || !s.draft)
                .map(|s| s.date)
                .max()
                .map(|d| d.to_string()),
            outline: outline(site, options),
            stories,
        }
    }

    /// Each story's digest, whole, by slug.
    pub fn story_digests(&self) -> std::collections::HashMap<String, String> {
        self.stories
            .iter()
            .map(|(slug, (whole, _))| (slug.clone(), whole.clone()))
            .collect()
    }

    /// What a build with these fingerprints can reuse of the output that
    /// `cached` describes.
    pub fn compare(&self, cached: Option<&Fingerprints>) -> Reuse {
        let Some(old) = cached else {
            return Reuse::Whole("no record of the previous build");
        };
        if old.format != self.format || old.renda != self.renda {
            return Reuse::Whole("another renda made the previous build");
        }
        if old.site != self.site {
            return Reuse::Whole("something other than stories changed");
        }
        if old.as_of != self.as_of {
            return Reuse::Whole("the newest story's date changed");
        }
        if !old.stories.keys().eq(self.stories.keys()) {
            return Reuse::Whole("stories were added or removed");
        }
        let mut touched = BTreeSet::new();
        for (slug, (whole, shape)) in &self.stories {
            let (old_whole, old_shape) = &old.stories[slug];
            if old_shape != shape {
                return Reuse::Whole("a story moved to other lists or files");
            }
            if old_whole != whole {
                touched.insert(slug.clone());
            }
        }
        Reuse::Stories {
            before: old.outline.clone(),
            touched,
        }
    }
}

/// Where the cache of the output folder `target` lives.
pub fn path(target: &Path) -> PathBuf {
    output::sibling(target, "cache")
}

/// The fingerprints the cache beside `target` holds, if it can be read and
/// describes the output folder as it is now.
pub fn read(target: &Path) -> Option<Fingerprints> {
    let live = output::record_digest(target)?;
    let text = fs::read(path(target)).ok()?;
    let record: Record = serde_json::from_slice(&text).ok()?;
    (record.output == output::to_hex(&live) && record.inputs.format == FORMAT)
        .then_some(record.inputs)
}

/// Records `inputs` as what the output folder at `target`, just put in
/// place, was made from.
pub fn write(target: &Path, inputs: Fingerprints) -> io::Result<()> {
    let live: FileDigest = output::record_digest(target)
        .ok_or_else(|| io::Error::other("the output has no record"))?;
    let record = Record {
        output: output::to_hex(&live),
        inputs,
    };
    let file = path(target);
    let tmp = output::sibling(target, "cache.tmp");
    fs::write(&tmp, serde_json::to_vec(&record).map_err(io::Error::other)?)?;
    fs::rename(&tmp, &file)
}

/// The renda binary that is running: a rebuilt renda may render the same
/// site differently, even under the same version number.
pub fn binary() -> String {
    let mut out = format!("renda {}", env!("CARGO_PKG_VERSION"));
    if let Some(meta) = std::env::current_exe()
        .ok()
        .and_then(|exe| fs::metadata(exe).ok())
    {
        use std::os::unix::fs::MetadataExt;
        let _ = write!(
            out,
            " {} {}.{}",
            meta.len(),
            meta.mtime(),
            meta.mtime_nsec()
        );
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes[..16].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_of_another_tree_or_damaged_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        fs::create_dir_all(&target).unwrap();
        fs::write(target.join(output::MARKER), "one").unwrap();
        let inputs = Fingerprints {
            format: FORMAT.into(),
            renda: binary(),
            site: "s".into(),
            as_of: None,
            outline: Vec::new(),
            stories: BTreeMap::new(),
        };
        write(&target, inputs.clone()).unwrap();
        assert_eq!(read(&target), Some(inputs.clone()));
        fs::write(target.join(output::MARKER), "two").unwrap();
        assert_eq!(read(&target), None, "the tree changed since");
        write(&target, inputs.clone()).unwrap();
        let text = fs::read(path(&target)).unwrap();
        fs::write(path(&target), &text[..text.len() / 2]).unwrap();
        assert_eq!(read(&target), None, "cut short");
        fs::write(path(&target), "{\"output\": 1}").unwrap();
        assert_eq!(read(&target), None, "foreign");
    }
}
