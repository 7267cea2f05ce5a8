//! The index of one language in memory: every term's postings, built
//! story by story on every core and joined in the stories' order.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;

use super::files::{fnv1a, Bits};
use super::terms::{is_pair, Scanner, Terms};
use crate::model::Story;
use crate::render::lang::LangCtx;

/// Term counts above this rank alike; it keeps a posting to two characters.
pub(super) const MAX_COUNT: u32 = 15;
/// Stories indexed together by one thread, on average: enough that joining
/// the runs costs little beside indexing them.
const BATCH: usize = 500;
/// Marks a pair's place as one in the title.
const IN_TITLE: u32 = 1 << 31;
/// A character not yet counted among the occurrences of its own, as it is
/// not yet known to be in a pair.
const UNCOUNTED: u32 = u32::MAX;

/// Where a pair occurs in a story, said by its characters: its first is the
/// `first`-th occurrence of that character in the story's pairs (counting
/// from nought, the title's first), its second the `second`-th of its own.
/// When one pair's second is the very occurrence that another's first is,
/// the two stand side by side, which is all a phrase needs; and these
/// counts say it in fewer bits than places in the text, as most characters
/// occur a few times in a story, and a pair often stands at every
/// occurrence of one of its characters, which then need not be listed.
struct Place {
    term: u32,
    /// With `IN_TITLE` for the title's.
    first: u32,
    second: u32,
    /// The terms of its two characters, whose counts say when a pair
    /// stands at every occurrence of one of them.
    chars: [u32; 2],
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
pub(super) enum Key {
    Cjk(u64),
    Word(String),
}

/// The postings of every term of one language, built story by story in
/// their order. A posting of a single character or a word packs the
/// story's number with its weight: how often the term occurs (up to
/// `MAX_COUNT`) times two, plus one when it is in the title. A pair's
/// posting is the story's number, how often the pair occurs in the title
/// and in all, then where it stands (see `Place`), already written as the
/// page reads it (see `places`): its length in bits, then the bits, 32 to
/// a number, the first highest. The pairs of a phrase share their
/// characters' occurrences, which is how a search tells a story holding
/// the phrase from one holding its pairs apart.
#[derive(Default)]
pub(super) struct Index {
    /// Term numbers of single characters of the Basic Multilingual Plane,
    /// plus one: most terms, found without hashing.
    bmp: Vec<u32>,
    cjk: HashMap<u64, u32, Fast>,
    /// Recently met pairs and their terms, by a hash of the pair.
    cache: Vec<(u64, u32)>,
    words: HashMap<String, u32, Fast>,
    pub keys: Vec<Key>,
    pub postings: Vec<Vec<u32>>,
    /// The current story's posting of each term, zero when it has none yet:
    /// counting here, in a small table, rather than at the ends of the
    /// scattered posting lists keeps a long story's many terms in cache.
    current: Vec<u32>,
    /// Terms of the current story, in the order first met.
    touched: Vec<u32>,
    /// Where the current story's pairs occur.
    places: Vec<Place>,
    /// How often each single character has occurred in a pair in the
    /// current story so far, exactly; zero for other terms.
    seen: Vec<u32>,
    /// The last two characters met, as term and occurrence, the later
    /// last: a pair is met just after its second character.
    before: (u32, u32),
    last: (u32, u32),
    doc: u32,
    title: bool,
}

impl Index {
    pub fn new() -> Index {
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
        self.seen.push(0);
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
    pub fn story(
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
        // The title's occurrences come first, as it is read first.
        self.places
            .sort_unstable_by_key(|p| (p.term, p.first & !IN_TITLE));
        let mut rest = &self.places[..];
        while let Some(&Place { term, chars, .. }) = rest.first() {
            let n = rest.iter().take_while(|p| p.term == term).count();
            let (these, after) = rest.split_at(n);
            let in_title = these.iter().filter(|p| p.first & IN_TITLE != 0).count();
            let every = |c: u32| self.seen[c as usize] == n as u32;
            let mut bits = Bits::default();
            places(
                &mut bits,
                in_title as u32,
                n as u32,
                [every(chars[0]), every(chars[1])],
                these.iter().map(|p| p.first & !IN_TITLE),
                these.iter().map(|p| p.second),
            );
            let list = &mut self.postings[term as usize];
            list.extend([self.doc, in_title as u32, n as u32, bits.len]);
            list.extend(bits.words);
            rest = after;
        }
        self.places.clear();
        for &term in &self.touched {
            let p = std::mem::take(&mut self.current[term as usize]);
            self.seen[term as usize] = 0;
            if !matches!(self.keys[term as usize], Key::Cjk(k) if is_pair(k)) {
                self.postings[term as usize].push(p);
            }
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

    /// Which occurrence of its character a character is, counting only
    /// those in a pair: a character standing alone is never part of a
    /// phrase, and leaving it out lets more pairs stand at every
    /// occurrence of their characters.
    #[inline(always)]
    fn count(&mut self, (term, seen): (u32, u32)) -> u32 {
        if seen != UNCOUNTED {
            return seen;
        }
        let n = &mut self.seen[term as usize];
        *n += 1;
        *n - 1
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

    /// Appends the postings of an index of the stories that follow, whose
    /// stories are numbered from nought: they become `base` on.
    pub(super) fn append(&mut self, next: &Index, base: u32) {
        self.append_lists(
            next.keys
                .iter()
                .zip(next.postings.iter().map(Vec::as_slice)),
            base,
        );
    }

    /// As [`Index::append`], the terms and their postings given one by one.
    pub(super) fn append_lists<'a>(
        &mut self,
        lists: impl Iterator<Item = (&'a Key, &'a [u32])>,
        base: u32,
    ) {
        for (key, postings) in lists {
            let pair = matches!(key, Key::Cjk(k) if is_pair(*k));
            let term = match key {
                Key::Cjk(k) => self.cjk_term(*k),
                Key::Word(w) => self.word_term(w),
            };
            let list = &mut self.postings[term as usize];
            let from = list.len();
            list.extend(postings);
            if base > 0 {
                renumber(pair, &mut list[from..], base);
            }
        }
    }
}

impl Terms for Index {
    #[inline(always)]
    fn cjk(&mut self, key: u64) {
        let term = self.cjk_term(key);
        self.add(term);
        if is_pair(key) {
            let flag = if self.title { IN_TITLE } else { 0 };
            let first = self.count(self.before);
            self.before.1 = first;
            let second = self.count(self.last);
            self.last.1 = second;
            self.places.push(Place {
                term,
                first: first | flag,
                second,
                chars: [self.before.0, self.last.0],
            });
        } else {
            self.before = self.last;
            self.last = (term, UNCOUNTED);
        }
    }

    fn word(&mut self, word: &str) {
        let term = self.word_term(word);
        self.add(term);
    }
}

/// Where a pair stands in one story, as the page reads it: no more than
/// the weight before it leaves open. How far the count goes past
/// `MAX_COUNT`, only when it reaches it; how many times the pair is in the
/// title (less one), only when the weight says it is there; whether it
/// stands at every occurrence of its second character and of its first,
/// a bit each; then, for each character where it does not, the
/// occurrences it stands at (see `Place`), as the first and the gaps (less
/// one) to the next: most gaps are nought or one, a bit or three.
pub(super) fn places(
    bits: &mut Bits,
    title: u32,
    count: u32,
    every: [bool; 2],
    firsts: impl Iterator<Item = u32>,
    seconds: impl Iterator<Item = u32>,
) {
    if count >= MAX_COUNT {
        bits.number(count - MAX_COUNT);
    }
    if title > 0 {
        bits.number(title - 1);
    }
    bits.push(every[1] as u32, 1);
    bits.push(every[0] as u32, 1);
    if !every[0] {
        gaps(bits, firsts);
    }
    if !every[1] {
        gaps(bits, seconds);
    }
}

/// An ascending list as its first number and the gaps (less one) after.
fn gaps(bits: &mut Bits, list: impl Iterator<Item = u32>) {
    let mut prev = None;
    for at in list {
        bits.number(prev.map_or(at, |p: u32| at - p - 1));
        prev = Some(at);
    }
}

/// How many numbers the first entry of a pair's postings takes: the
/// story's number, its counts, the length of its places in bits, and
/// those bits (see [`Index`]).
fn pair_entry_len(list: &[u32]) -> Option<usize> {
    match list {
        [_, _, _, bits, ..] => Some(4 + bits.div_ceil(32) as usize),
        _ => None,
    }
}

/// Numbers the stories of one term's postings `by` further on.
pub(super) fn renumber(pair: bool, list: &mut [u32], by: u32) {
    if !pair {
        for p in list {
            *p += by << 5;
        }
        return;
    }
    let mut at = 0;
    while let Some(len) = list.get(at..).and_then(pair_entry_len) {
        list[at] += by;
        at += len;
    }
}

/// Whether `list` can be one term's postings over `docs` stories, with
/// stories in ascending order: what a saved run read back must be, since
/// writing the files out trusts the counts it holds.
pub(super) fn well_formed(pair: bool, list: &[u32], docs: u32) -> bool {
    let mut next = 0u32;
    if !pair {
        return !list.is_empty()
            && list.iter().all(|&p| {
                let doc = p >> 5;
                let ok = doc >= next && doc < docs;
                next = doc + 1;
                ok
            });
    }
    let mut rest = list;
    while !rest.is_empty() {
        let Some(len) = pair_entry_len(rest).filter(|&len| len <= rest.len()) else {
            return false;
        };
        // In the title no more often than in all, and at least once.
        if rest[0] < next || rest[0] >= docs || rest[1] > rest[2] || rest[2] == 0 {
            return false;
        }
        next = rest[0] + 1;
        rest = &rest[len..];
    }
    !list.is_empty()
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

/// Where runs of stories end: after a story whose slug hashes to a
/// multiple of `BATCH`, or at twice `BATCH` stories. So where a run ends
/// depends on the stories around it, not on their places in the list, and
/// adding, removing or changing a story changes the run it is in (two,
/// when it moves), and no other: a run whose stories are all as they were
/// when a build saved it beside the output is read back rather than
/// indexed again (see `saved`).
fn runs(stories: &[&Story]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, story) in stories.iter().enumerate() {
        let hash = u64::from(fnv1a(story.slug.as_bytes())).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        if (hash >> 32) % BATCH as u64 == 0 || i + 1 - start == 2 * BATCH {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < stories.len() {
        out.push(start..stories.len());
    }
    out
}

/// A run of stories, indexed or read back.
enum Run {
    Indexed(Box<Index>),
    Saved(super::saved::Read),
}

/// Runs of stories are indexed (or read back) in parallel, a few at a
/// time, and joined in order, as a story's number is its place in the
/// list. Joining is one thread's work, so each group is joined while the
/// next is being made: after a one-story edit, when all but one run are
/// read back, joining is as long as reading, and this hides one behind the
/// other; it also keeps only two groups of runs in memory, not all.
pub(super) fn index(lang: &LangCtx) -> Index {
    let stories = &lang.plan.stories;
    let saved = &lang.plan.options.search_runs;
    let make = |range: &std::ops::Range<usize>| {
        let run = &stories[range.clone()];
        let key = saved.key(lang, run);
        if let Some(read) = key.as_deref().and_then(|k| saved.load(k, run.len())) {
            return (range.start, Run::Saved(read));
        }
        let mut index = Index::new();
        let mut scanner = Scanner::new(false);
        for (j, story) in run.iter().enumerate() {
            add_story(&mut index, j, lang, story, &mut scanner);
        }
        if let Some(key) = key {
            saved.store(&key, &index);
        }
        (range.start, Run::Indexed(Box::new(index)))
    };
    let join = |all: &mut Index, runs: Vec<(usize, Run)>| {
        for (base, run) in runs {
            match run {
                Run::Indexed(index) => all.append(&index, base as u32),
                Run::Saved(read) => all.append_lists(read.lists(), base as u32),
            }
        }
    };
    let mut all = Index::new();
    let mut made: Vec<(usize, Run)> = Vec::new();
    for group in runs(stories).chunks(2 * rayon::current_num_threads().max(2)) {
        let before = std::mem::take(&mut made);
        made = rayon::join(
            || group.par_iter().map(make).collect(),
            || join(&mut all, before),
        )
        .0;
    }
    join(&mut all, made);
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
        all.append(&run, 0);
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
