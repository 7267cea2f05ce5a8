//! Free pages such as `about` and `methodology`: a title, an optional
//! summary and Markdown, in each language the site has.

use std::path::Path;
use std::sync::Arc;

use super::fields::Fields;
use super::source::split_front_matter;
use super::yaml;
use crate::model::PageText;
use crate::problem::Problems;

const FIELDS: &[&str] = &["title", "summary"];
const TRANSLATION_FIELDS: &[&str] = &["title", "summary", "translated_from"];

/// Paths the site itself uses; a page there would be overwritten or would
/// hide a generated one.
pub const RESERVED: &[&str] = &[
    "stories",
    "districts",
    "topics",
    "stats",
    "data",
    "theme",
    "search",
    "404",
];

/// Parses one page file; a translation may also record `translated_from`.
pub fn parse(
    file: &Path,
    text: &Arc<str>,
    translation: bool,
    problems: &mut Problems,
) -> Option<PageText> {
    let split = match split_front_matter(text, file) {
        Ok(s) => s,
        Err(p) => {
            problems.push(p.help("start the page with `---`, a line `title: ...`, and `---`"));
            return None;
        }
    };
    let doc = yaml::parse_or_report(file, text, split.front.clone(), problems)?;
    let mut f = Fields {
        file,
        text,
        doc: &doc,
        problems,
    };
    let fields = if translation {
        TRANSLATION_FIELDS
    } else {
        FIELDS
    };
    let map = f.map("", &doc.value, fields)?;
    let title = f
        .required("", map, "title", "关于本站")
        .and_then(|v| f.nonempty("title", v));
    let optional = |f: &mut Fields, key: &str| match f.optional(map, key) {
        Some(v) => f.nonempty(key, v).map(Some),
        None => Some(None),
    };
    let summary = optional(&mut f, "summary");
    let translated_from = optional(&mut f, "translated_from");
    Some(PageText {
        title: title?,
        summary: summary?,
        body: text[split.body].to_string(),
        source: file.to_path_buf(),
        translated_from: translated_from?,
    })
}
