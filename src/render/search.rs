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
//! Each term's list of stories goes to one of several shard files chosen by
//! a hash of the term, so a phone downloads only what its query needs. The
//! browser's half is `themes/default/static/search.js`; the cases both
//! halves must cut alike are in `tests/fixtures/search-tokens.json`.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;
use serde::Serialize;

use super::lang::{LangCtx, PageMeta};
use super::markdown::{is_inline, is_inline_end};
use super::views::{StoryItem, Txt};
use super::{markdown, Sink};
use crate::model::Story;
use crate::routes;
use pulldown_cmark::{Event, Parser};

/// Bytes of postings a shard should hold, about: big enough that a short
/// query needs few requests, small enough for a phone on a slow network.
const SHARD_BYTES: usize = 48 * 1024;
/// Story entries (title, date, place, summary) per file. Results come in
/// order of relevance, not of the list, so the first screen of them is
/// spread over many files: small files keep it to a few kilobytes each.
const CHUNK: usize = 10;
/// Term counts above this rank alike; it keeps a posting to two characters.
const MAX_COUNT: u32 = 15;
/// Stories indexed together by one thread: enough that joining the runs
/// costs little beside indexing them.
const BATCH: usize = 500;

/// Where a language's index files go, below its root.
const INDEX: &str = "search/index/";

// ------------------------------------------------------------------------
// Cutting text into terms
// ------------------------------------------------------------------------

/// Characters written without spaces between words: Han ideographs (with
/// their extensions and compatibility forms), kana and Hangul syllables.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3005}' | '\u{3007}'
        | '\u{3040}'..='\u{30FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{323AF}')
}

/// Punctuation and spaces of Chinese text, told apart without the slower
/// look-up of the Unicode tables: no letter or digit is among them.
fn is_punctuation(c: char) -> bool {
    matches!(c,
        '\u{2000}'..='\u{206F}'
        | '\u{3000}'..='\u{3004}'
        | '\u{3008}'..='\u{3020}'
        | '\u{3030}'
        | '\u{3036}'..='\u{3037}'
        | '\u{303D}'..='\u{303F}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF65}')
}

/// Full-width Latin letters, digits and signs are their ASCII selves, so
/// that `ＡＰＰ` and `app` are one word.
fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        c => c,
    }
}

/// The English plural, taken off simply: `trees` and `tree`, `deputies`
/// and `deputy` meet, at the price of a few odd stems that the query shares.
fn stem(word: &str) -> Cow<'_, str> {
    if !word.ends_with('s') {
        return Cow::Borrowed(word);
    }
    let chars = word.chars().count();
    if chars > 4 && word.ends_with("ies") {
        return Cow::Owned(format!("{}y", &word[..word.len() - 3]));
    }
    let keep = word.ends_with("ss") || word.ends_with("us") || word.ends_with("is");
    if chars > 3 && !keep {
        return Cow::Borrowed(&word[..word.len() - 1]);
    }
    Cow::Borrowed(word)
}

/// A CJK character, as its code point.
fn single(c: char) -> u64 {
    c as u64
}

/// A pair of CJK characters. Its first character is at least U+3005, so a
/// pair is far above any code point and never taken for a single one.
fn pair(a: char, b: char) -> u64 {
    ((a as u64) << 21) | b as u64
}

fn cjk_key(key: u64) -> String {
    let first = char::from_u32((key >> 21) as u32);
    let second = char::from_u32((key & 0x1F_FFFF) as u32);
    first
        .into_iter()
        .chain(second)
        .filter(|&c| c != '\0')
        .collect()
}

/// Where the terms of a text go.
trait Terms {
    fn cjk(&mut self, key: u64);
    fn word(&mut self, word: &str);
}

/// Cuts text into terms and hands them to a `Terms`. For the index, every
/// character of a CJK run and every pair of neighbours is a term; a query
/// of two or more characters asks for its pairs only, one of a single
/// character for that character. A letter or digit is lowercased, one at a
/// time, as the browser does it.
///
/// Text may come in pieces: a Markdown paragraph arrives split wherever
/// emphasis or a link starts or ends, and the pieces join as the reader
/// sees them; `gap` says where one run of text ends, as at a paragraph's end.
struct Scanner {
    query: bool,
    word: String,
    prev: Option<char>,
    run: usize,
    /// A line break inside a paragraph: nothing between two CJK characters,
    /// which the page joins, and a space anywhere else.
    soft: bool,
}

impl Scanner {
    fn new(query: bool) -> Scanner {
        Scanner {
            query,
            word: String::new(),
            prev: None,
            run: 0,
            soft: false,
        }
    }

    /// Walks the bytes rather than the characters: most of a story is
    /// ASCII words, taken here whole, or common ideographs, decoded here.
    fn text(&mut self, text: &str, out: &mut impl Terms) {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 && !self.soft && self.prev.is_none() {
                if !b.is_ascii_alphanumeric() {
                    self.end_word(out);
                    i += 1;
                    continue;
                }
                let start = i;
                let mut upper = false;
                while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                    upper |= bytes[i].is_ascii_uppercase();
                    i += 1;
                }
                let ends = i < bytes.len() && bytes[i] < 0x80;
                if self.word.is_empty() && ends && !upper {
                    out.word(&stem(&text[start..i]));
                } else {
                    self.word
                        .extend(text[start..i].chars().map(|c| c.to_ascii_lowercase()));
                }
                continue;
            }
            // A three-byte sequence is a character of U+0800 to U+FFFF,
            // the common ideographs among them.
            if (0xE0..0xF0).contains(&b) && !self.soft && self.word.is_empty() {
                let c = (b as u32 & 0x0F) << 12
                    | (bytes[i + 1] as u32 & 0x3F) << 6
                    | (bytes[i + 2] as u32 & 0x3F);
                if (0x4E00..=0x9FFF).contains(&c) {
                    if let Some(c) = char::from_u32(c) {
                        self.cjk(c, out);
                        i += 3;
                        continue;
                    }
                }
            }
            let c = text[i..].chars().next().unwrap_or('\0');
            self.char(c, out);
            i += c.len_utf8();
        }
    }

    #[inline(always)]
    fn cjk(&mut self, c: char, out: &mut impl Terms) {
        if !self.query {
            out.cjk(single(c));
        }
        if let Some(p) = self.prev {
            out.cjk(pair(p, c));
        }
        self.prev = Some(c);
        self.run += 1;
    }

    fn char(&mut self, c: char, out: &mut impl Terms) {
        let c = fold_width(c);
        if is_cjk(c) {
            self.soft = false;
            self.end_word(out);
            self.cjk(c, out);
            return;
        }
        if self.soft {
            self.gap(out);
        }
        self.end_run(out);
        if c.is_ascii_alphanumeric() {
            self.word.push(c.to_ascii_lowercase());
        } else if !c.is_ascii() && !is_punctuation(c) && c.is_alphanumeric() {
            self.word.extend(c.to_lowercase());
        } else {
            self.end_word(out);
        }
    }

    fn soft_break(&mut self, out: &mut impl Terms) {
        if self.prev.is_some() {
            self.soft = true;
        } else {
            self.gap(out);
        }
    }

    fn gap(&mut self, out: &mut impl Terms) {
        self.soft = false;
        self.end_run(out);
        self.end_word(out);
    }

    fn end_run(&mut self, out: &mut impl Terms) {
        if let Some(p) = self.prev.take() {
            if self.query && self.run == 1 {
                out.cjk(single(p));
            }
            self.run = 0;
        }
    }

    fn end_word(&mut self, out: &mut impl Terms) {
        if !self.word.is_empty() {
            out.word(&stem(&self.word));
            self.word.clear();
        }
    }

    /// A Markdown body, as its text reads on the page: markup and raw HTML
    /// left out, code kept.
    fn markdown(&mut self, body: &str, out: &mut impl Terms) {
        for event in Parser::new_ext(body, markdown::options()) {
            match event {
                Event::Text(t) | Event::Code(t) => self.text(&t, out),
                Event::SoftBreak => self.soft_break(out),
                Event::Start(tag) if is_inline(&tag) => {}
                Event::End(tag) if is_inline_end(tag) => {}
                _ => self.gap(out),
            }
        }
        self.gap(out);
    }
}

/// Terms as text, in order.
#[cfg(test)]
struct Listed(Vec<String>, bool);

#[cfg(test)]
impl Terms for Listed {
    fn cjk(&mut self, key: u64) {
        self.push(cjk_key(key));
    }
    fn word(&mut self, word: &str) {
        self.push(word.to_string());
    }
}

#[cfg(test)]
impl Listed {
    fn push(&mut self, term: String) {
        if !(self.1 && self.0.contains(&term)) {
            self.0.push(term);
        }
    }
}

/// The terms a query asks for, each once, in the order they first appear.
#[cfg(test)]
pub fn query_terms(query: &str) -> Vec<String> {
    let mut out = Listed(Vec::new(), true);
    let mut scanner = Scanner::new(true);
    scanner.text(query, &mut out);
    scanner.gap(&mut out);
    out.0
}

/// The terms a text is indexed under, in order, repeats included.
#[cfg(test)]
pub fn index_terms(text: &str) -> Vec<String> {
    let mut out = Listed(Vec::new(), false);
    let mut scanner = Scanner::new(false);
    scanner.text(text, &mut out);
    scanner.gap(&mut out);
    out.0
}

// ------------------------------------------------------------------------
// The index
// ------------------------------------------------------------------------

/// FNV-1a: tiny, and the same few lines in the browser pick the shard.
pub fn fnv1a(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// A hasher for the term tables: their keys are short and not chosen by an
/// attacker, and SipHash would be a visible share of the build.
#[derive(Default)]
struct FastHasher(u64);

impl Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut eight = [0u8; 8];
            eight.copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(eight));
        }
        let mut rest = [0u8; 8];
        let tail = chunks.remainder();
        rest[..tail.len()].copy_from_slice(tail);
        self.write_u64(u64::from_le_bytes(rest) ^ tail.len() as u64);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    fn write_u8(&mut self, n: u8) {
        self.write_u64(n as u64);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

type Fast = BuildHasherDefault<FastHasher>;

/// A term of the index, for writing it out.
enum Key {
    Cjk(u64),
    Word(String),
}

/// The postings of every term of one language, built story by story in
/// their order. A posting packs the story's number with its weight: how
/// often the term occurs (up to `MAX_COUNT`) times two, plus one when it is
/// in the title.
#[derive(Default)]
struct Index {
    /// Term numbers of single characters of the Basic Multilingual Plane,
    /// plus one: most terms, found without hashing.
    bmp: Vec<u32>,
    cjk: HashMap<u64, u32, Fast>,
    /// Recently met pairs and their terms, by a hash of the pair.
    cache: Vec<(u64, u32)>,
    words: HashMap<String, u32, Fast>,
    keys: Vec<Key>,
    postings: Vec<Vec<u32>>,
    /// The current story's posting of each term, zero when it has none yet:
    /// counting here, in a small table, rather than at the ends of the
    /// scattered posting lists keeps a long story's many terms in cache.
    current: Vec<u32>,
    /// Terms of the current story, in the order first met.
    touched: Vec<u32>,
    doc: u32,
    title: bool,
}

impl Index {
    fn new() -> Index {
        Index {
            bmp: vec![0; 0x1_0000],
            cache: vec![(0, 0); 1 << CACHE_BITS],
            ..Index::default()
        }
    }

    fn term(&mut self, key: Key) -> u32 {
        self.keys.push(key);
        self.postings.push(Vec::new());
        self.current.push(0);
        (self.keys.len() - 1) as u32
    }

    #[inline(always)]
    fn add(&mut self, term: u32) {
        let p = &mut self.current[term as usize];
        if *p == 0 {
            *p = self.doc << 5;
            self.touched.push(term);
        }
        if (*p >> 1) & 15 < MAX_COUNT {
            *p += 2;
        }
        *p |= self.title as u32;
    }

    /// Adds story number `doc`: its title, other short texts such as the
    /// summary, and its Markdown body.
    fn story(
        &mut self,
        doc: usize,
        title: &str,
        texts: &[&str],
        body: &str,
        scanner: &mut Scanner,
    ) {
        self.doc = doc as u32;
        self.title = true;
        scanner.text(title, self);
        scanner.gap(self);
        self.title = false;
        for text in texts {
            scanner.text(text, self);
            scanner.gap(self);
        }
        scanner.markdown(body, self);
        for &term in &self.touched {
            let p = std::mem::take(&mut self.current[term as usize]);
            self.postings[term as usize].push(p);
        }
        self.touched.clear();
    }

    /// Single characters are looked up in a table and pairs in a small
    /// cache first: this runs twice for every character of the site.
    #[inline(always)]
    fn cjk_term(&mut self, key: u64) -> u32 {
        if key < 0x1_0000 {
            let t = self.bmp[key as usize];
            if t != 0 {
                return t - 1;
            }
        } else {
            let slot = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - CACHE_BITS)) as usize;
            let (k, t) = self.cache[slot];
            if k == key {
                return t;
            }
        }
        self.cjk_term_slow(key)
    }

    #[inline(never)]
    fn cjk_term_slow(&mut self, key: u64) -> u32 {
        if key < 0x1_0000 {
            let t = self.term(Key::Cjk(key));
            self.bmp[key as usize] = t + 1;
            return t;
        }
        let t = match self.cjk.get(&key) {
            Some(&t) => t,
            None => {
                let t = self.term(Key::Cjk(key));
                self.cjk.insert(key, t);
                t
            }
        };
        let slot = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - CACHE_BITS)) as usize;
        self.cache[slot] = (key, t);
        t
    }

    fn word_term(&mut self, word: &str) -> u32 {
        match self.words.get(word) {
            Some(&t) => t,
            None => {
                let t = self.term(Key::Word(word.to_string()));
                self.words.insert(word.to_string(), t);
                t
            }
        }
    }

    /// Appends the postings of an index of the stories that follow.
    fn append(&mut self, next: Index) {
        for (key, postings) in next.keys.into_iter().zip(next.postings) {
            let term = match key {
                Key::Cjk(k) => self.cjk_term(k),
                Key::Word(w) => self.word_term(&w),
            };
            self.postings[term as usize].extend(postings);
        }
    }
}

impl Terms for Index {
    #[inline(always)]
    fn cjk(&mut self, key: u64) {
        let term = self.cjk_term(key);
        self.add(term);
    }

    fn word(&mut self, word: &str) {
        let term = self.word_term(word);
        self.add(term);
    }
}

/// Adds a story's text in the page's language: what a reader of that
/// language page sees, the default language's where it is untranslated.
fn add_story(index: &mut Index, doc: usize, lang: &LangCtx, story: &Story, scanner: &mut Scanner) {
    let (text, _) = lang.story_text(story);
    let alt = text
        .image_alt
        .as_deref()
        .or(story.image.as_ref().map(|i| i.alt.as_str()));
    let mut texts: Vec<&str> = text.summary.as_deref().into_iter().chain(alt).collect();
    texts.extend(story.deputies.iter().map(String::as_str));
    index.story(doc, &text.title, &texts, &text.body, scanner);
}

/// Runs of stories are indexed in parallel, then joined in order, as a
/// story's number is its place in the list.
fn index(lang: &LangCtx) -> Index {
    let stories = &lang.plan.stories;
    let mut runs = stories
        .par_chunks(BATCH)
        .enumerate()
        .map(|(i, run)| {
            let mut index = Index::new();
            let mut scanner = Scanner::new(false);
            for (j, story) in run.iter().enumerate() {
                add_story(&mut index, i * BATCH + j, lang, story, &mut scanner);
            }
            index
        })
        .collect::<Vec<Index>>()
        .into_iter();
    let mut all = runs.next().unwrap_or_else(Index::new);
    for run in runs {
        all.append(run);
    }
    // Livelihood projects follow the stories, numbered on from them.
    if !lang.site.projects.is_empty() {
        let mut run = Index::new();
        let mut scanner = Scanner::new(false);
        for (k, p) in lang.site.projects.iter().enumerate() {
            let title = lang.text(&p.title).text;
            let mut texts: Vec<String> = p.summary.iter().map(|s| lang.text(s).text).collect();
            texts.extend(p.responsible.iter().map(|r| lang.text(r).text));
            texts.extend(p.milestones.iter().map(|m| lang.text(&m.title).text));
            texts.extend(p.targets.iter().map(|t| lang.text(&t.name).text));
            let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
            run.story(stories.len() + k, &title, &texts, "", &mut scanner);
        }
        all.append(run);
    }
    let mut scanner = Scanner::new(false);
    for (i, doc) in lang.search_people().iter().enumerate() {
        let texts: Vec<&str> = doc.texts.iter().map(String::as_str).collect();
        all.story(
            stories.len() + lang.site.projects.len() + i,
            &doc.title,
            &texts,
            "",
            &mut scanner,
        );
    }
    all
}

/// Pairs in the cache of an index: 16,384, in 192 KiB.
const CACHE_BITS: u32 = 14;

/// Sixty-four characters that JSON strings carry as they are.
const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// Five bits a character, low bits first; a character from the upper half
/// of `DIGITS` says that more follow.
fn push_number(out: &mut String, mut n: u32) {
    while n >= 32 {
        out.push(DIGITS[(32 | (n & 31)) as usize] as char);
        n >>= 5;
    }
    out.push(DIGITS[n as usize] as char);
}

/// A term's postings as text: for each story, the gap from the previous
/// one (less one), then its weight.
fn encode(postings: &[u32]) -> String {
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
    districts: &'a [String],
    topics: &'a [String],
    /// Per story: its district's position in `districts`, then those of its topics.
    docs: Vec<Vec<usize>>,
}

fn build(lang: &LangCtx) -> IndexFiles {
    let index = index(lang);
    let mut terms: Vec<(String, String)> = index
        .keys
        .into_par_iter()
        .zip(index.postings)
        .map(|(key, postings)| {
            let key = match key {
                Key::Cjk(k) => cjk_key(k),
                Key::Word(w) => w,
            };
            (key, encode(&postings))
        })
        .collect();
    terms.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let bytes: usize = terms.iter().map(|(k, p)| k.len() + p.len() + 6).sum();
    let shards = bytes.div_ceil(SHARD_BYTES).max(1);
    let mut maps: Vec<BTreeMap<&str, &str>> = vec![BTreeMap::new(); shards];
    for (k, p) in &terms {
        maps[fnv1a(k.as_bytes()) as usize % shards].insert(k, p);
    }
    let mut files: Vec<(String, Vec<u8>)> = maps
        .par_iter()
        .enumerate()
        .map(|(i, m)| (format!("s{i}.json"), json(m)))
        .collect();
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
const CITY: &str = "city";

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

// ------------------------------------------------------------------------
// The page
// ------------------------------------------------------------------------

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

fn page(lang: &LangCtx, sink: &Sink) {
    let site = lang.site;
    let mut districts: Vec<Choice> = site
        .districts
        .iter()
        .map(|d| Choice {
            value: d.slug.clone(),
            label: lang.text(&d.name),
        })
        .collect();
    if lang.plan.stories.iter().any(|s| s.district == CITY) {
        districts.push(Choice {
            value: CITY.to_string(),
            label: lang.txt(&lang.t("citywide"), false),
        });
    }
    let view = SearchPage {
        index: lang.url(INDEX),
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

/// The search page and index of every language.
pub(crate) fn render_all(langs: &[LangCtx], sink: &Sink) {
    langs.par_iter().for_each(|lang| page(lang, sink));
    render_index(langs, sink);
}

/// The index of every language. A change to any story changes it whole,
/// as stories are numbered by their place in the list.
pub(crate) fn render_index(langs: &[LangCtx], sink: &Sink) {
    langs.par_iter().for_each(|lang| {
        for (name, bytes) in build(lang).files {
            sink.file(lang.file(&format!("{INDEX}{name}")), bytes);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Vec<String> {
        query_terms(s)
    }

    #[test]
    fn chinese_is_cut_into_overlapping_pairs() {
        assert_eq!(q("加装电梯"), ["加装", "装电", "电梯"]);
        assert_eq!(q("排水"), ["排水"]);
        assert_eq!(q("桥"), ["桥"]);
        assert_eq!(
            index_terms("排水改造"),
            ["排", "水", "排水", "改", "水改", "造", "改造"].map(String::from)
        );
    }

    #[test]
    fn every_substring_of_chinese_text_finds_it() {
        let text = "3月12日，市人大常委会在蓬江区龙舟山护林站组织开展“人大代表林”植树活动。";
        let indexed = index_terms(text);
        let chars: Vec<char> = text.chars().collect();
        for start in 0..chars.len() {
            for end in start + 1..=chars.len() {
                let sub: String = chars[start..end].iter().collect();
                if !sub.chars().all(is_cjk) {
                    continue;
                }
                for term in q(&sub) {
                    assert!(
                        indexed.contains(&term),
                        "{term:?} of {sub:?} is not indexed"
                    );
                }
            }
        }
    }

    fn body_terms(markdown: &str) -> Vec<String> {
        let mut out = Listed(Vec::new(), true);
        Scanner::new(false).markdown(markdown, &mut out);
        out.0
    }

    #[test]
    fn markdown_is_indexed_as_the_page_reads() {
        let has = |md: &str, term: &str| body_terms(md).contains(&term.to_string());
        assert!(has("**排**水", "排水"));
        assert!(
            has("排\n水", "排水"),
            "a line break between characters is not shown"
        );
        assert!(!has("排\n\n水", "排水"), "paragraphs are apart");
        assert!(has("[排水](https://example.org/x)改造", "水改"));
        assert!(!has("[排水](https://example.org/x)改造", "example"));
        assert!(has("**Tree**s and\nlamps", "tree"));
        assert!(has("trees and\nlamps", "lamp") && !has("trees and\nlamps", "andlamp"));
        assert!(has("`code_span`", "code"));
    }

    /// The fast paths of `Scanner::text` cut text as the plain
    /// character-by-character path does.
    #[test]
    fn fast_paths_agree_with_the_plain_path() {
        let palette: Vec<char> = "aZ9 .,\n-_'排水改造人大代表树，。“”ÉéßΣİ𠀀ＡＢ１々すソ서"
            .chars()
            .collect();
        let mut seed: u64 = 7;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(seed % 40) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push(palette[(seed >> 33) as usize % palette.len()]);
            }
            for query in [false, true] {
                let mut fast = Listed(Vec::new(), false);
                let mut scanner = Scanner::new(query);
                scanner.text(&text, &mut fast);
                scanner.gap(&mut fast);
                let mut plain = Listed(Vec::new(), false);
                let mut scanner = Scanner::new(query);
                for c in text.chars() {
                    scanner.char(c, &mut plain);
                }
                scanner.gap(&mut plain);
                assert_eq!(fast.0, plain.0, "{text:?}");
            }
        }
    }

    #[test]
    fn punctuation_is_never_part_of_a_word() {
        let all = (0..=0x10FFFF).filter_map(char::from_u32);
        for c in all.filter(|&c| is_punctuation(c)) {
            assert!(
                !c.is_alphanumeric() && !is_cjk(c),
                "{c:?} U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn words_are_lowercased_and_lose_a_plural() {
        assert_eq!(q("Trees"), ["tree"]);
        assert_eq!(q("deputies' forest"), ["deputy", "forest"]);
        assert_eq!(q("grass bus analysis"), ["grass", "bus", "analysis"]);
        assert_eq!(q("ＡＰＰ 2024年"), ["app", "2024", "年"]);
        assert_eq!(q("tree-planting, TREE"), ["tree", "planting"]);
    }

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
