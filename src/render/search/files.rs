//! The index written out: postings as short text, shards chosen by a hash
//! of each term's first characters, the story entries and `meta.json`.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::postings::{index, Key, MAX_COUNT};
use super::terms::{cjk_key, is_pair};
use crate::render::lang::LangCtx;
use crate::render::views::StoryItem;

/// Bytes of postings a shard should hold, about: big enough that a short
/// query needs few requests, small enough for a phone on a slow network.
const SHARD_BYTES: usize = 48 * 1024;
/// Story entries (title, date, place, summary) per file. Results come in
/// order of relevance, not of the list, so the first screen of them is
/// spread over many files: small files keep it to a few kilobytes each.
const CHUNK: usize = 10;
/// A term goes to the shard of its first this many characters, so that
/// every word beginning with them is in one file, for finding words by
/// their beginning; a CJK term is shorter, and goes by itself.
pub(super) const SHARD_KEY_CHARS: usize = 3;
/// Bytes of places a places file should hold, about: a phrase fetches one
/// for each of its pairs, on top of the postings, so they are kept small.
const PLACES_BYTES: usize = 16 * 1024;

/// FNV-1a: tiny, and the same few lines in the browser pick the shard.
pub fn fnv1a(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Sixty-four characters that JSON strings carry as they are.
const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// Five bits a character, low bits first; a character from the upper half
/// of `DIGITS` says that more follow.
pub(super) fn push_number(out: &mut String, mut n: u32) {
    while n >= 32 {
        out.push(DIGITS[(32 | (n & 31)) as usize] as char);
        n >>= 5;
    }
    out.push(DIGITS[n as usize] as char);
}

/// The characters of a term that choose its shard.
pub(super) fn shard_key(term: &str) -> &str {
    match term.char_indices().nth(SHARD_KEY_CHARS) {
        Some((end, _)) => &term[..end],
        None => term,
    }
}

/// A pair's postings as text, in two parts. The first is as any term's
/// (see `encode`), the second the pair's places in each of those stories,
/// fetched only for a phrase of three characters or more: how often the
/// pair occurs outside the title, times two, plus one when it is in the
/// title too, and then how often it is there; then the places, title first,
/// each list as its first place and the gaps (less one) to the next.
pub(super) fn encode_pair(postings: &[u32]) -> (String, String) {
    let mut packed = Vec::new();
    let mut places = String::with_capacity(postings.len() * 2);
    let mut rest = postings;
    while let [doc, title, body, tail @ ..] = rest {
        let count = (title + body).min(MAX_COUNT);
        packed.push(doc << 5 | count << 1 | (*title > 0) as u32);
        push_number(&mut places, body * 2 + (*title > 0) as u32);
        if *title > 0 {
            push_number(&mut places, *title);
        }
        let (title_places, tail) = tail.split_at(*title as usize);
        let (body_places, tail) = tail.split_at(*body as usize);
        for list in [title_places, body_places] {
            let mut prev = None;
            for &at in list {
                push_number(&mut places, prev.map_or(at, |p: u32| at - p - 1));
                prev = Some(at);
            }
        }
        rest = tail;
    }
    (encode(&packed), places)
}

/// A term's postings as text: for each story, the gap from the previous
/// one (less one), then its weight.
pub(super) fn encode(postings: &[u32]) -> String {
    let mut out = String::with_capacity(postings.len() * 2);
    let mut next = 0u32;
    for &p in postings {
        let doc = p >> 5;
        push_number(&mut out, doc - next);
        push_number(&mut out, p & 31);
        next = doc + 1;
    }
    out
}

/// The index files of one language, from its own folder: `meta.json`, the
/// shards `s<n>.json` and the story entries `d<n>.json`.
pub(crate) struct IndexFiles {
    pub files: Vec<(String, Vec<u8>)>,
}

#[derive(Serialize)]
struct Meta<'a> {
    /// Changes with any file of the index, so a cached shard of an earlier
    /// build is never read with a newer list of stories.
    version: String,
    shards: usize,
    /// How many files the places of pairs are spread over, `p<n>.json`.
    places: usize,
    chunk: usize,
    stories: usize,
    districts: &'a [String],
    topics: &'a [String],
    /// Per story: its district's position in `districts`, then those of its topics.
    docs: Vec<Vec<usize>>,
}

pub(super) fn build(lang: &LangCtx) -> IndexFiles {
    let index = index(lang);
    let mut terms: Vec<(String, String, Option<String>)> = index
        .keys
        .into_par_iter()
        .zip(index.postings)
        .map(|(key, postings)| match key {
            Key::Cjk(k) if is_pair(k) => {
                let (docs, places) = encode_pair(&postings);
                (cjk_key(k), docs, Some(places))
            }
            Key::Cjk(k) => (cjk_key(k), encode(&postings), None),
            Key::Word(w) => (w, encode(&postings), None),
        })
        .collect();
    terms.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let bytes: usize = terms.iter().map(|(k, p, _)| k.len() + p.len() + 6).sum();
    let shards = bytes.div_ceil(SHARD_BYTES).max(1);
    let mut maps: Vec<BTreeMap<&str, &str>> = vec![BTreeMap::new(); shards];
    for (k, p, _) in &terms {
        maps[fnv1a(shard_key(k).as_bytes()) as usize % shards].insert(k, p);
    }
    let bytes: usize = terms
        .iter()
        .filter_map(|(k, _, p)| Some(k.len() + p.as_ref()?.len() + 6))
        .sum();
    let place_shards = bytes.div_ceil(PLACES_BYTES).max(1);
    let mut places: Vec<BTreeMap<&str, &str>> = vec![BTreeMap::new(); place_shards];
    for (k, _, p) in &terms {
        if let Some(p) = p {
            places[fnv1a(k.as_bytes()) as usize % place_shards].insert(k, p);
        }
    }
    let mut files: Vec<(String, Vec<u8>)> = maps
        .par_iter()
        .enumerate()
        .map(|(i, m)| (format!("s{i}.json"), json(m)))
        .collect();
    files.par_extend(
        places
            .par_iter()
            .enumerate()
            .map(|(i, m)| (format!("p{i}.json"), json(m))),
    );
    let stories = &lang.plan.stories;
    let mut all_items: Vec<StoryItem> = stories.par_iter().map(|s| lang.story_item(s)).collect();
    all_items.extend(
        lang.site
            .projects
            .iter()
            .map(|p| lang.project_search_item(p)),
    );
    let entries: Vec<(String, Vec<u8>)> = all_items
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(i, items)| (format!("d{i}.json"), json(&items)))
        .collect();
    let people = lang.search_people();
    let entries: Vec<(String, Vec<u8>)> = if people.is_empty() {
        entries
    } else {
        // Deputies and stations follow the stories and projects.
        let mut items: Vec<serde_json::Value> = all_items
            .iter()
            .map(|i| serde_json::to_value(i).unwrap_or_default())
            .collect();
        items.extend(
            people
                .iter()
                .map(|p| serde_json::to_value(&p.item).unwrap_or_default()),
        );
        items
            .chunks(CHUNK)
            .enumerate()
            .map(|(i, chunk)| (format!("d{i}.json"), json(&chunk)))
            .collect()
    };
    files.extend(entries);

    let site = lang.site;
    let mut districts: Vec<String> = site.districts.iter().map(|d| d.slug.clone()).collect();
    districts.push(CITY.to_string());
    let topics: Vec<String> = site.config.topics.iter().map(|t| t.slug.clone()).collect();
    let facets = |district: &str, on: &[String]| {
        let d = districts
            .iter()
            .position(|d| d == district)
            .unwrap_or(districts.len() - 1);
        let mut doc = vec![d];
        doc.extend(on.iter().filter_map(|t| topics.iter().position(|x| x == t)));
        doc
    };
    let mut docs: Vec<Vec<usize>> = stories
        .iter()
        .map(|s| facets(&s.district, &s.topics))
        .collect();
    // A project in several places is found under the first of them.
    docs.extend(
        site.projects
            .iter()
            .map(|p| facets(p.districts.first().map_or(CITY, String::as_str), &p.topics)),
    );
    docs.extend(people.iter().map(|p| facets(&p.district, &[])));
    let mut version = Fnv64::default();
    for (name, bytes) in &files {
        version.write(name.as_bytes());
        version.write(bytes);
    }
    let mut meta = Meta {
        version: String::new(),
        shards,
        places: place_shards,
        chunk: CHUNK,
        stories: docs.len(),
        districts: &districts,
        topics: &topics,
        docs,
    };
    version.write(&json(&meta));
    meta.version = format!("{:016x}", version.0);
    files.push(("meta.json".to_string(), json(&meta)));
    IndexFiles { files }
}

/// The district value of a city-wide story.
pub(super) const CITY: &str = "city";

struct Fnv64(u64);

impl Default for Fnv64 {
    fn default() -> Fnv64 {
        Fnv64(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv64 {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= b as u64;
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

fn json(value: &impl Serialize) -> Vec<u8> {
    serde_json::to_vec(value).expect("index values always serialize")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::search::postings::{Index, Key};
    use crate::render::search::terms::cjk_key;
    use crate::render::search::terms::Scanner;

    #[test]
    fn postings_are_short_text() {
        let mut index = Index::new();
        let mut scanner = Scanner::new(false);
        index.story(0, "Tree", &[], "", &mut scanner);
        index.story(3, "", &[], &"trees ".repeat(40), &mut scanner);
        index.story(100, "", &["tree"], "*tree*", &mut scanner);
        assert_eq!(index.keys.len(), 1);
        // Story 0 once, in the title; story 3 more often than counted; story 100 twice.
        assert_eq!(encode(&index.postings[0]), "032UW34");
    }

    /// A pair's places, in the title and out of it, so that the page can
    /// tell a phrase from its pairs met apart.
    #[test]
    fn pairs_keep_their_places() {
        let mut index = Index::new();
        let mut scanner = Scanner::new(false);
        // 合作 at 0 in the title; 作和 at 3 and 合作 at 5 in the summary.
        index.story(2, "合作社", &["你作和，合作"], "", &mut scanner);
        let place = |term: &str| {
            let t = index
                .keys
                .iter()
                .position(|k| matches!(k, Key::Cjk(k) if cjk_key(*k) == term));
            index.postings[t.expect(term)].clone()
        };
        assert_eq!(place("合作"), [2, 1, 1, 0, 3]);
        assert_eq!(place("作和"), [2, 0, 1, 1]);
        // Story 2: gap 2; once outside the title (2) and in it (+1); once
        // in the title; places 0, then 3.
        assert_eq!(encode_pair(&place("合作")), ("25".into(), "3103".into()));
        // Story 0, three places outside the title: 0, 1 and 40 (a gap of
        // 38, two digits); story 5, once in the title only, at 7.
        let (docs, places) = encode_pair(&[0, 0, 3, 0, 1, 40, 5, 1, 0, 7]);
        assert_eq!(docs, "0643");
        assert_eq!(places, "600c1117");
    }
}
