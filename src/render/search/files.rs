//! The index written out: postings as short text, shards chosen by a hash
//! of each term's first characters, the story entries and `meta.json`.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::postings::{index, Key, MAX_COUNT};
use super::terms::{cjk_key, is_pair};
use crate::model::Area;
use crate::render::lang::LangCtx;
use crate::render::views::StoryItem;

/// Bytes of postings a shard should hold, about: big enough that a short
/// query needs few requests, small enough for a phone on a slow network.
const SHARD_BYTES: usize = 32 * 1024;
/// Story entries (title, date, place, summary) per file. Results come in
/// order of relevance, not of the list, so the first screen of them is
/// spread over many files: small files keep it to a few kilobytes each.
const CHUNK: usize = 10;
/// A term goes to the shard of its first this many characters, so that
/// every word beginning with them is in one file, for finding words by
/// their beginning; a CJK term is shorter, and goes by itself.
pub(super) const SHARD_KEY_CHARS: usize = 3;
/// Bytes of places a places file should hold, about: a phrase fetches the
/// places of half its pairs or so, on top of their postings, and a file
/// holds other pairs' places too, so they are kept small.
const PLACES_BYTES: usize = 8 * 1024;

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

/// A pair's postings as text, in two parts: as any term's (see `encode`),
/// and the pair's places in each of those stories, which the page reads
/// only for a phrase of three characters or more. A story's places say no
/// more than the weight before them leaves open: how far the count goes
/// past `MAX_COUNT`, only when it reaches it; how many places are in the
/// title (less one), only when the weight says it is there; then the places,
/// title first, each list as its first place and the gaps (less one) to
/// the next. A pair in one place, not in the title, costs its place alone.
pub(super) fn encode_pair(postings: &[u32]) -> (String, String) {
    let mut packed = Vec::new();
    let mut places = String::with_capacity(postings.len() * 2);
    let mut rest = postings;
    while let [doc, title, body, tail @ ..] = rest {
        let count = title + body;
        packed.push(doc << 5 | count.min(MAX_COUNT) << 1 | (*title > 0) as u32);
        if count >= MAX_COUNT {
            push_number(&mut places, count - MAX_COUNT);
        }
        if *title > 0 {
            push_number(&mut places, title - 1);
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
    chunk: usize,
    stories: usize,
    /// How many of the documents are of each kind, in their order: stories,
    /// projects, deputies, stations. The search page counts what it lists
    /// by them, so that a deputy found is not announced as a story.
    kinds: [usize; 4],
    districts: &'a [&'a str],
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
    // Places are packed into files in the order of the pairs, each file
    // filled to about `PLACES_BYTES` and a larger pair alone in one, and a
    // pair's postings say which file holds its places: a hash would leave
    // a few files many times the size, and every phrase whose pair shares
    // one with 的一 or 代表 would fetch them all.
    let mut file_of: Vec<Option<usize>> = Vec::with_capacity(terms.len());
    let (mut place_files, mut filled) = (0, 0);
    for (k, _, p) in &terms {
        file_of.push(p.as_ref().map(|p| {
            let size = k.len() + p.len() + 6;
            if place_files == 0 || filled + size > PLACES_BYTES {
                place_files += 1;
                filled = 0;
            }
            filled += size;
            place_files - 1
        }));
    }
    for ((_, docs, _), file) in terms.iter_mut().zip(&file_of) {
        if let Some(file) = file {
            docs.push('.');
            push_number(docs, *file as u32);
        }
    }
    let mut places: Vec<BTreeMap<&str, &str>> = vec![BTreeMap::new(); place_files];
    for ((k, _, p), file) in terms.iter().zip(&file_of) {
        if let (Some(p), Some(file)) = (p, file) {
            places[*file].insert(k, p);
        }
    }
    let bytes: usize = terms.iter().map(|(k, p, _)| k.len() + p.len() + 6).sum();
    let shards = bytes.div_ceil(SHARD_BYTES).max(1);
    let mut maps: Vec<BTreeMap<&str, &str>> = vec![BTreeMap::new(); shards];
    for (k, p, _) in &terms {
        maps[fnv1a(shard_key(k).as_bytes()) as usize % shards].insert(k, p);
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
    let topics: Vec<String> = site.config.topics.iter().map(|t| t.slug.clone()).collect();
    // Districts by their place in the site's list, the city after them.
    let facets = |area: &Area, on: &[String]| {
        let d = area
            .district()
            .and_then(|slug| site.districts.iter().position(|d| d.slug == slug))
            .unwrap_or(site.districts.len());
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
            .map(|p| facets(p.districts.first().unwrap_or(&Area::City), &p.topics)),
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
        chunk: CHUNK,
        stories: docs.len(),
        kinds: [
            stories.len(),
            site.projects.len(),
            site.deputies.len(),
            site.stations.len(),
        ],
        districts: &site
            .districts
            .iter()
            .map(|d| d.slug.as_str())
            .chain([Area::CITY])
            .collect::<Vec<_>>(),
        topics: &topics,
        docs,
    };
    version.write(&json(&meta));
    meta.version = format!("{:016x}", version.0);
    files.push(("meta.json".to_string(), json(&meta)));
    IndexFiles { files }
}

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
        // 合作 at 0 in the title; 作和 at 1 and 合作 at 4 in the summary
        // (the comma ends a run of characters, and is a place of its own).
        index.story(2, "合作社", &["你作和，合作"], "", &mut scanner);
        let place = |term: &str| {
            let t = index
                .keys
                .iter()
                .position(|k| matches!(k, Key::Cjk(k) if cjk_key(*k) == term));
            index.postings[t.expect(term)].clone()
        };
        assert_eq!(place("合作"), [2, 1, 1, 0, 4]);
        assert_eq!(place("作和"), [2, 0, 1, 1]);
        // Story 2: gap 2; twice, once in the title (weight 5); one place
        // in the title (0, as one less), at 0; the rest at 4.
        assert_eq!(encode_pair(&place("合作")), ("25".into(), "004".into()));
        // Story 0, three places outside the title: 0, 1 and 40 (a gap of
        // 38, two digits); story 5, once in the title only, at 7.
        let (docs, places) = encode_pair(&[0, 0, 3, 0, 1, 40, 5, 1, 0, 7]);
        assert_eq!(docs, "0643");
        assert_eq!(places, "00c107");
        // Seventeen places: the weight says fifteen, the places two more.
        let mut many = vec![0, 0, 17];
        many.extend(0..17);
        let (docs, places) = encode_pair(&many);
        assert_eq!(docs, "0U");
        assert_eq!(places, format!("2{}", "0".repeat(17)));
    }
}
