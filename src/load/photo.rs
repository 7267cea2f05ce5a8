//! `photo: { src, alt, credit }` in a YAML file: a deputy's portrait, a
//! project milestone's picture.
//!
//! The file sits beside the YAML file that names it, so that the two move
//! together and a `src` can never reach out of the site. The description is
//! required in every language of the site: the photo is shown on every
//! language's page, and a reader who cannot see it should hear what it shows
//! in the language of the page, not a fallback they may not read.

use serde_yaml::Value;

use super::fields::{name, Fields};
use super::story::unsafe_path;
use super::yaml::child;
use crate::model::Photo;

const FIELDS: &[&str] = &["src", "alt", "credit"];
/// What a browser shows as a picture. Anything else (`index.html`, say)
/// would be published beside the page under a name the page may need.
const IMAGE_TYPES: &[&str] = &["jpg", "jpeg", "png", "webp", "gif", "svg", "avif"];

/// Where the photos of one kind of file belong, for the help of an error.
pub struct Beside<'a> {
    /// "the deputy's file, in content/deputies/".
    pub folder: &'a str,
    /// A file name to show in examples: "zhao-ge.jpg".
    pub example: &'a str,
}

/// Reads the photo at `path` (`photo`, `milestones[2].photo`). `exists`
/// says whether a file of that name is beside the YAML file.
pub fn photo(
    f: &mut Fields,
    path: &str,
    v: &Value,
    languages: &[String],
    exists: &dyn Fn(&str) -> bool,
    beside: &Beside,
) -> Option<Photo> {
    let map = f.map(path, v, FIELDS)?;
    let (src_at, alt_at) = (child(path, "src"), child(path, "alt"));
    let src = f
        .required(path, map, "src", beside.example)
        .and_then(|s| f.nonempty(&src_at, s));
    let example_alt = languages
        .iter()
        .map(|l| format!("{l}: ..."))
        .collect::<Vec<_>>()
        .join(", ");
    let alt = f
        .required(path, map, "alt", &format!("{{ {example_alt} }}"))
        .and_then(|a| f.text(&alt_at, a, languages, &[]))
        .and_then(|alt| {
            let missing: Vec<&String> = languages
                .iter()
                .filter(|l| !alt.0.contains_key(*l))
                .collect();
            let Some(first) = missing.first() else {
                return Some(alt);
            };
            f.error(
                &alt_at,
                format!("{} has no `{first}` text", name(&alt_at)),
                format!(
                    "describe what the photo shows in every language of the site: `alt: {{ {example_alt} }}`; a reader who cannot see it hears this instead"
                ),
            );
            None
        });
    let credit = match f.optional(map, "credit") {
        Some(c) => f.nonempty(&child(path, "credit"), c).map(Some),
        None => Some(None),
    };
    let src = src.and_then(|s| {
        if let Some(why) =
            unsafe_path(&s).or_else(|| s.contains(['/', '\\']).then_some("is in another folder"))
        {
            f.error(
                &src_at,
                format!("photo path `{s}` {why}"),
                format!(
                    "put the photo beside {}, and give its file name",
                    beside.folder
                ),
            );
            return None;
        }
        let image = s
            .rsplit_once('.')
            .is_some_and(|(_, ext)| IMAGE_TYPES.contains(&ext.to_ascii_lowercase().as_str()));
        if !image {
            f.error(
                &src_at,
                format!("`{s}` is not an image file"),
                format!(
                    "give a JPEG, PNG or WebP photo (GIF, SVG and AVIF are shown as they are), e.g. `src: {}`",
                    beside.example
                ),
            );
            return None;
        }
        if !exists(&s) {
            f.error(
                &src_at,
                format!("photo `{s}` does not exist"),
                format!(
                    "put the file beside {}, or correct the name",
                    beside.folder
                ),
            );
            return None;
        }
        Some(s)
    });
    Some(Photo {
        src: src?,
        alt: alt?,
        credit: credit?,
    })
}
