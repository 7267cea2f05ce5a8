//! Free pages such as `about` and `methodology`: a title, an optional
//! summary and Markdown, in each language the site has.

use std::path::Path;
use std::sync::Arc;

use super::fields::Fields;
use super::folder::{files_with, split_language};
use super::registry::Registry;
use super::source::split_front_matter;
use super::yaml;
use super::{no_original, parse_all, read};
use crate::model::Page;
use crate::model::{Body, PageText};
use crate::problem::Problem;
use crate::problem::Problems;
use crate::routes;
use std::collections::BTreeMap;
use std::path::PathBuf;

const FIELDS: &[&str] = &["title", "summary"];
const TRANSLATION_FIELDS: &[&str] = &["title", "summary", "translated_from"];

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
        body: Body::new(text.clone(), split.body.start),
        source: file.to_path_buf(),
        translated_from: super::fingerprint::recorded(text, &doc, translated_from?),
        freshness: None,
    })
}

/// Reads every free page and its translations.
pub(super) fn load(root: &Path, reg: &Registry, problems: &mut Problems) -> Vec<Page> {
    let files = files_with(root, Path::new("content/pages"), &["md"], problems);
    let named: Vec<(PathBuf, String, String)> = files
        .iter()
        .filter_map(|f| {
            let (stem, lang) = split_language(f, reg, problems)?;
            if let Some(why) = super::fields::slug_problem(&stem) {
                problems.push(
                    Problem::file(f, format!("`{stem}` is not a valid page slug: {why}")).help(
                        format!(
                            "rename the file to {}.md",
                            super::fields::suggest_slug(&stem)
                        ),
                    ),
                );
                return None;
            }
            // Other languages live under /<code>/, so a page named like
            // one would sit where that language's home page is.
            if routes::is_reserved(&stem, &reg.languages) {
                problems.push(
                    Problem::file(f, format!("`{stem}` is a path the site itself uses")).help(
                        format!(
                            "rename the page; reserved: {} and the language codes ({})",
                            routes::reserved().join(", "),
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
            parse(shown, &text, lang != reg.default_language(), p)?,
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
    let mut pages: Vec<Page> = pages.into_values().collect();
    for page in &mut pages {
        super::fingerprint::judge(&mut page.texts, reg.default_language());
    }
    pages
}
