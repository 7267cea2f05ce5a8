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
/// Postings written as bits hardly compress, so this is about what a shard
/// costs sent gzipped too.
const SHARD_BYTES: usize = 8 * 1024;
/// Story entries (title, date, place, summary) per file. Results come in
/// order of relevance, not of the list, so the first screen of them is
/// spread over many files: small files keep it to a few kilobytes each.
const CHUNK: usize = 10;
/// A term goes to the shard of its first this many characters, so that
/// every word beginning with them is in one file, for finding words by
/// their beginning; a CJK term is shorter, and goes by itself.
pub(super) const SHARD_KEY_CHARS: usize = 3;
/// Bytes of places a places file should hold, about: a phrase fetches the
/// places of every pair of it, on top of their postings, and a file holds
/// other pairs' places too, so they are kept small.
const PLACES_BYTES: usize = 4 * 1024;

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

/// Numbers written as bits, the first highest, 32 to a `u32`: each number
/// `n` as the Elias gamma code of `n + 1` (as many zeros as it has bits
/// after its highest, then its bits), so that the small numbers most
/// places are take one to five bits rather than a digit each.
#[derive(Default)]
pub(super) struct Bits {
    pub words: Vec<u32>,
    pub len: u32,
}

impl Bits {
    /// The `n` lowest bits of `value`, highest first; `n` is at most 32.
    pub fn push(&mut self, value: u32, n: u32) {
        if n == 0 {
            return;
        }
        let value = value & (u32::MAX >> (32 - n));
        let used = self.len % 32;
        if used == 0 {
            self.words.push(0);
        }
        let free = 32 - used;
        let last = self.words.len() - 1;
        if n <= free {
            self.words[last] |= value << (free - n);
        } else {
            self.words[last] |= value >> (n - free);
            self.words.push(value << (32 - (n - free)));
        }
        self.len += n;
    }

    /// `n` in the Elias gamma code of `n + 1`.
    pub fn number(&mut self, n: u32) {
        let x = n as u64 + 1;
        let top = 63 - x.leading_zeros();
        if top < 16 {
            // The zeros are the high bits of `x` written `2 * top + 1`
            // wide: one push for nearly every number an index holds.
            self.push(x as u32, 2 * top + 1);
            return;
        }
        self.push(0, top);
        // The bits of x, highest first; x has 33 only when n is u32::MAX.
        self.push((x >> 32) as u32, top.saturating_sub(31));
        self.push(x as u32, top.min(31) + 1);
    }

    /// Appends `len` bits written as by `push`, 32 to a word.
    fn append(&mut self, words: &[u32], len: u32) {
        for (i, &w) in words.iter().enumerate() {
            let n = (len - 32 * i as u32).min(32);
            self.push(w >> (32 - n), n);
        }
    }

    /// The bits six to a character of `DIGITS`, the last filled with zeros.
    fn digits(&self) -> String {
        let word = |k: usize| self.words.get(k).map_or(0, |&w| w as u64);
        (0..self.len.div_ceil(6))
            .map(|c| {
                // The 64 bits from the word holding this character's
                // first bit, so that its six never straddle the end.
                let (k, at) = ((c * 6 / 32) as usize, c * 6 % 32);
                let six = (word(k) << 32 | word(k + 1)) >> (58 - at) & 63;
                DIGITS[six as usize] as char
            })
            .collect()
    }
}

/// A pair's postings as text, in two parts: as any term's (see `encode`),
/// and where the pair stands in each of those stories, which the page reads
/// only for a phrase of three characters or more: the bits of each story
/// (see `postings::places`) one after another, six to a character.
pub(super) fn encode_pair(postings: &[u32]) -> (String, String) {
    let mut packed = Vec::new();
    let mut places = Bits::default();
    let mut rest = postings;
    while let [doc, title, count, len, tail @ ..] = rest {
        packed.push(doc << 5 | (*count).min(MAX_COUNT) << 1 | (*title > 0) as u32);
        let (words, tail) = tail.split_at(len.div_ceil(32) as usize);
        places.append(words, *len);
        rest = tail;
    }
    (encode(&packed), places.digits())
}

/// A term's postings as text, as `Bits`: for each story, the gap from the
/// previous one (less one), how often the term occurs (up to `MAX_COUNT`,
/// less one), and a bit saying whether it is in the title. Most gaps and
/// counts are small, a bit or three each; the padding of the last
/// character is all zeros, where a story always has a one.
pub(super) fn encode(postings: &[u32]) -> String {
    let mut bits = Bits::default();
    let mut next = 0u32;
    for &p in postings {
        let doc = p >> 5;
        bits.number(doc - next);
        bits.number((p >> 1 & 15).max(1) - 1);
        bits.push(p & 1, 1);
        next = doc + 1;
    }
    bits.digits()
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
    use crate::render::search::postings::{places, Index, Key};
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
        assert_eq!(encode(&index.postings[0]), "x7WCA0");
    }

    /// Bits written out six to a character, as `Bits` does.
    fn sixes(bits: &str) -> String {
        let mut bits = bits.to_string();
        while !bits.len().is_multiple_of(6) {
            bits.push('0');
        }
        (0..bits.len())
            .step_by(6)
            .map(|i| DIGITS[usize::from_str_radix(&bits[i..i + 6], 2).unwrap()] as char)
            .collect()
    }

    /// A posting of a pair, from where it stands.
    fn posting(
        doc: u32,
        title: u32,
        every: [bool; 2],
        firsts: &[u32],
        seconds: &[u32],
    ) -> Vec<u32> {
        let mut bits = Bits::default();
        let count = firsts.len() as u32;
        let (f, s) = (firsts.iter().copied(), seconds.iter().copied());
        places(&mut bits, title, count, every, f, s);
        let mut p = vec![doc, title, count, bits.len];
        p.extend(bits.words);
        p
    }

    #[test]
    fn bits_go_on_across_words() {
        let mut bits = Bits::default();
        let mut want = String::new();
        for n in [0, 1, 2, 38, 1000, 70_000, 0, u32::MAX, 5, (1 << 31) - 1, 3] {
            bits.number(n);
            let x = format!("{:b}", n as u64 + 1);
            want += &"0".repeat(x.len() - 1);
            want += &x;
        }
        // Joined at an odd place, as a story's bits join the story's before.
        let mut joined = Bits::default();
        joined.push(0b101, 3);
        joined.append(&bits.words, bits.len);
        assert_eq!(joined.len as usize, 3 + want.len());
        assert_eq!(joined.digits(), sixes(&format!("101{want}")));
    }

    /// Where a pair stands, in the title and out of it, by the occurrences
    /// of its characters, so that the page can tell a phrase from its pairs
    /// met apart.
    #[test]
    fn pairs_keep_their_places() {
        let mut index = Index::new();
        let mut scanner = Scanner::new(false);
        // 合 twice, 作 three times (the first in the title), 和 once: 合作
        // stands at both 合 and at the first and third 作, 作和 at the
        // second 作 and the only 和; the comma keeps 合作 from 作和.
        index.story(2, "合作社", &["你作和，合作"], "", &mut scanner);
        let place = |term: &str| {
            let t = index
                .keys
                .iter()
                .position(|k| matches!(k, Key::Cjk(k) if cjk_key(*k) == term));
            index.postings[t.expect(term)].clone()
        };
        assert_eq!(
            place("合作"),
            posting(2, 1, [true, false], &[0, 1], &[0, 2])
        );
        assert_eq!(place("作和"), posting(2, 0, [false, true], &[1], &[0]));
        // Story 2: gap 2; twice, once in the title (weight 5). Its places
        // in bits: once in the title (0: 1); at every 合 but not every 作
        // (01); the 作 it stands at, the first (0: 1) and the third (a gap
        // of 1: 010); then padding: 101101 000000.
        assert_eq!(encode_pair(&place("合作")), ("QW".into(), "j0".into()));
        // At every 和 (10), and the second 作 (1: 010): 100100.
        assert_eq!(encode_pair(&place("作和")), ("S".into(), "a".into()));
        // Story 0, three times outside the title, at the 0th, 1st and 40th
        // occurrence of its first character and the 5th, 9th and 60th of
        // its second; story 5, once in the title, at the only occurrence
        // of each.
        let mut two = posting(0, 0, [false, false], &[0, 1, 40], &[5, 9, 60]);
        two.extend(posting(5, 1, [true, true], &[0], &[0]));
        let (docs, places) = encode_pair(&two);
        assert_eq!(docs, "iN");
        let bits = [
            "00", // story 0: neither list left out
            "1",
            "1",
            "00000100111", // 0, 1, 40 (a gap of 38)
            "00110",
            "00100",
            "00000110011", // 5, 9, 60 (a gap of 50)
            "1",
            "11", // story 5: once in the title; both left out
        ]
        .concat();
        assert_eq!(places, sixes(&bits));
        // As tests/browser/search-tokens.test.mjs reads it back.
        assert_eq!(places, "C4vY0pu");
        // Seventeen times: the weight says fifteen, the places two more
        // (011), then at every first character (01), and the second's
        // occurrences 0 to 16, gaps of nought (1 each).
        let all: Vec<u32> = (0..17).collect();
        let (docs, places) = encode_pair(&posting(0, 0, [true, false], &all, &all));
        assert_eq!(docs, "Zm");
        assert_eq!(places, sixes(&format!("01101{}", "1".repeat(17))));
        assert_eq!(places, "R__y");
    }
}
