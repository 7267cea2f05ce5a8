//! Search: an index per language, written with the site, that the search
//! page's script reads from the static output with no server behind it.
//!
//! Chinese is written without spaces, and cutting it into words takes a
//! dictionary that the build and every browser would have to apply alike;
//! when they differ, stories that contain the very characters a resident
//! typed are missed (docs/search.md has the figures). So every run of
//! Chinese (or other CJK) characters is indexed as overlapping character
//! pairs, as Lucene's CJK analyser does, and a query is cut the same way:
//! a story that contains the query holds every pair of it, so nothing a
//! plain substring search would find is lost. Single characters are
//! indexed too, for one-character queries. Other text becomes lowercase
//! words with a plain English plural taken off, so `tree` finds `trees`.
//!
//! A pair's postings say where in the story it occurs, so the page lists a
//! story only when the pairs of a phrase stand side by side in it: one that
//! holds 合作 and 作和 apart is not a story containing 合作和.
//!
//! Each term's list of stories goes to one of several shard files chosen by
//! a hash of the term's first three characters, so a phone downloads only
//! what its query needs, and a word's beginning finds its whole family in
//! one file (`kube` finds `kubernetes`). The browser's half is
//! `themes/default/static/search.js`; the cases both halves must cut alike
//! are in `tests/fixtures/search-tokens.json`.
//!
//! `terms` cuts text, `postings` builds the index in memory, `files` writes
//! it out; the search page itself is made here.

mod files;
mod postings;
mod saved;
mod terms;

pub use saved::SavedRuns;

use rayon::prelude::*;
use serde::Serialize;

use super::lang::{LangCtx, PageMeta};
use super::views::Txt;
use super::Sink;
use crate::model::Area;
use crate::routes;

#[derive(Serialize)]
struct SearchPage {
    /// The folder of this language's index files.
    index: String,
    districts: Vec<Choice>,
    topics: Vec<Choice>,
}

#[derive(Serialize)]
struct Choice {
    value: String,
    label: Txt,
}

/// The search page, which the script fills in from the index.
pub(crate) fn page(lang: &LangCtx, sink: &Sink) {
    let site = lang.site;
    let mut districts: Vec<Choice> = site
        .districts
        .iter()
        .map(|d| Choice {
            value: d.slug.clone(),
            label: lang.text(&d.name),
        })
        .collect();
    if lang.plan.stories.iter().any(|s| s.district.is_city()) {
        districts.push(Choice {
            value: Area::CITY.to_string(),
            label: lang.txt(&lang.t("citywide"), false),
        });
    }
    let view = SearchPage {
        index: lang.url(routes::SEARCH_INDEX),
        districts,
        topics: site
            .config
            .topics
            .iter()
            .map(|t| Choice {
                value: t.slug.clone(),
                label: lang.text(&t.name),
            })
            .collect(),
    };
    let title = lang.t("search_title");
    let meta = PageMeta {
        route: routes::SEARCH,
        title: Some(&title),
        description: Some(lang.t("search_description")),
        section: "search",
        translated: None,
        extra_feed: None,
    };
    let context = lang.context(meta, &view);
    sink.page(lang.file(routes::SEARCH), "search.html", &context);
}

/// The index of every language. A change to any story changes it whole,
/// as stories are numbered by their place in the list.
pub(crate) fn render_index(langs: &[LangCtx], sink: &Sink) {
    langs.par_iter().for_each(|lang| {
        for (name, bytes) in files::build(lang).files {
            sink.file(lang.file(&format!("{}{name}", routes::SEARCH_INDEX)), bytes);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use files::fnv1a;
    use terms::query_terms;

    fn q(s: &str) -> Vec<String> {
        query_terms(s)
    }

    /// The browser cuts queries with `search.js`; both read these cases.
    #[test]
    fn queries_are_cut_as_the_shared_cases_say() {
        let file = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/search-tokens.json"
        );
        let text = std::fs::read_to_string(file).expect("the shared cases");
        let cases: Vec<serde_json::Value> = serde_json::from_str(&text).expect("valid JSON");
        assert!(cases.len() >= 10);
        for case in cases {
            let query = case["query"].as_str().expect("query");
            let want: Vec<String> = case["terms"]
                .as_array()
                .expect("terms")
                .iter()
                .map(|t| t.as_str().expect("a term").to_string())
                .collect();
            assert_eq!(q(query), want, "query {query:?}");
            for term in &want {
                let shard = fnv1a(term.as_bytes());
                if let Some(h) = case["hashes"].get(term) {
                    assert_eq!(h.as_u64(), Some(shard as u64), "hash of {term:?}");
                }
            }
        }
    }
}
