//! Runs of the search index saved beside the output, so that a rebuild
//! indexes again only the runs of stories that changed.
//!
//! Indexing every story's text is most of what a rebuild after a one-story
//! edit costs: the index is made whole, as stories are numbered by their
//! place in the list. So a build saves each run of stories it indexed (see
//! `postings::runs`: 500 stories on average, cut where the stories say) in
//! `.<output>.renda-search/`, named by a digest of what the run was made
//! from: the renda binary, the language and the default one, and each of
//! its stories' fingerprints (every field, and its files' bytes; see
//! `cache`). A run is a function of those alone, its stories numbered
//! from nought, so a saved run is right for any build whose run has that
//! name, whatever the output holds; it is not tied to one output tree as
//! the render cache is, and a build killed at any point leaves at worst
//! runs no later build asks for. Each file is written under a temporary
//! name and renamed into place, and read back only if it is whole and
//! well formed; any other is indexed again. A build that succeeds removes
//! the runs it did not use.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use sha2::{Digest as _, Sha256};

use super::postings::{well_formed, Index, Key};
use super::terms::is_pair;
use crate::model::Story;
use crate::render::lang::LangCtx;

const MAGIC: &[u8] = b"renda search run 1\n";

/// Where a build reads and saves runs of the search index. The default
/// saves nothing, as for the preview, which keeps its site in memory.
#[derive(Default)]
pub struct SavedRuns {
    /// `None`: save nothing.
    dir: Option<PathBuf>,
    /// What every run's name is made from first: the renda binary.
    salt: String,
    /// Each story's fingerprint, by slug.
    stories: HashMap<String, String>,
    /// Names of the runs this build read or wrote.
    used: Mutex<BTreeSet<String>>,
    read: AtomicUsize,
    indexed: AtomicUsize,
}

impl SavedRuns {
    /// Runs saved in `dir`, for stories with these fingerprints (slug to
    /// digest of the story whole), made by the renda named by `salt`.
    pub fn new(dir: PathBuf, salt: String, stories: HashMap<String, String>) -> SavedRuns {
        SavedRuns {
            dir: Some(dir),
            salt,
            stories,
            ..SavedRuns::default()
        }
    }

    /// The name of the run of `stories` in `lang`'s index, if runs are
    /// saved and every story has a fingerprint.
    pub(super) fn key(&self, lang: &LangCtx, stories: &[&Story]) -> Option<String> {
        self.dir.as_ref()?;
        let mut hash = Sha256::new();
        for part in [self.salt.as_str(), lang.code, lang.default] {
            hash.update(part.as_bytes());
            hash.update(b"\0");
        }
        for story in stories {
            hash.update(story.slug.as_bytes());
            hash.update(b"\0");
            hash.update(self.stories.get(&story.slug)?.as_bytes());
            hash.update(b"\0");
        }
        let digest = hash.finalize();
        let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
        Some(format!("{}-{hex}", lang.code))
    }

    /// The run saved under `key`, of `docs` stories, if it is there whole.
    pub(super) fn load(&self, key: &str, docs: usize) -> Option<Read> {
        let bytes = fs::read(self.dir.as_ref()?.join(key)).ok()?;
        let index = decode(&bytes, key, docs as u32)?;
        self.note(key);
        self.read.fetch_add(1, Ordering::Relaxed);
        Some(index)
    }

    /// Saves the run `index` under `key`. A run that cannot be saved is
    /// indexed again by the next build, no more.
    pub(super) fn store(&self, key: &str, index: &Index) {
        self.indexed.fetch_add(1, Ordering::Relaxed);
        let Some(dir) = &self.dir else {
            return;
        };
        let tmp = dir.join(format!("{key}.tmp"));
        let saved = fs::create_dir_all(dir)
            .and_then(|_| fs::write(&tmp, encode(index, key)))
            .and_then(|_| fs::rename(&tmp, dir.join(key)));
        if saved.is_ok() {
            self.note(key);
        } else {
            let _ = fs::remove_file(&tmp);
        }
    }

    fn note(&self, key: &str) {
        self.used
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(key.to_string());
    }

    /// Removes every saved run this build did not read or write: runs of
    /// stories since changed, and files left by a build killed midway.
    pub fn prune(&self) {
        let Some(dir) = &self.dir else {
            return;
        };
        let used = self
            .used
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            if !used.contains(name.to_string_lossy().as_ref()) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }

    /// "search index: 2 runs indexed, 38 read back", for `--verbose`.
    pub fn said(&self) -> Option<String> {
        self.dir.as_ref()?;
        let read = self.read.load(Ordering::Relaxed);
        let indexed = self.indexed.load(Ordering::Relaxed);
        Some(format!(
            "search index: {indexed} {} of stories indexed, {read} read back",
            crate::problem::plural(indexed, "run", "runs"),
        ))
    }
}

/// A run as bytes: the magic line and the run's name, then for each term
/// its key (a tag, then a CJK key as a number or a word as its length and
/// bytes) and its postings (their count, then each), numbers as LEB128.
fn encode(index: &Index, key: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(1 << 20);
    out.extend_from_slice(MAGIC);
    put(&mut out, key.len() as u64);
    out.extend_from_slice(key.as_bytes());
    put(&mut out, index.keys.len() as u64);
    for (key, postings) in index.keys.iter().zip(&index.postings) {
        match key {
            Key::Cjk(k) => {
                out.push(0);
                put(&mut out, *k);
            }
            Key::Word(w) => {
                out.push(1);
                put(&mut out, w.len() as u64);
                out.extend_from_slice(w.as_bytes());
            }
        }
        put(&mut out, postings.len() as u64);
        for &p in postings {
            put(&mut out, p as u64);
        }
    }
    out
}

/// A run read back: its terms, and all their postings in one list, each
/// term's ending where `ends` says. Two lists rather than one per term,
/// as there are some 150,000 terms in a run of Chinese stories.
pub(super) struct Read {
    keys: Vec<Key>,
    values: Vec<u32>,
    ends: Vec<usize>,
}

impl Read {
    pub(super) fn lists(&self) -> impl Iterator<Item = (&Key, &[u32])> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        self.keys
            .iter()
            .zip(starts.zip(&self.ends))
            .map(|(key, (start, &end))| (key, &self.values[start..end]))
    }
}

/// The run in `bytes`, if they are one whole, named `key`, of `docs`
/// stories, every list of postings well formed.
fn decode(bytes: &[u8], key: &str, docs: u32) -> Option<Read> {
    let mut r = Reader(bytes.strip_prefix(MAGIC)?);
    let name = r.bytes()?;
    if name != key.as_bytes() {
        return None;
    }
    let terms = r.number()? as usize;
    // Every term takes three bytes at least.
    if terms > r.0.len() / 3 {
        return None;
    }
    let mut keys = Vec::with_capacity(terms);
    let mut ends = Vec::with_capacity(terms);
    // A number takes a byte at least.
    let mut values = Vec::with_capacity(r.0.len() / 2);
    for _ in 0..terms {
        let key = match r.byte()? {
            0 => Key::Cjk(r.number()?),
            1 => Key::Word(String::from_utf8(r.bytes()?.to_vec()).ok()?),
            _ => return None,
        };
        let count = r.number()? as usize;
        if count > r.0.len() {
            return None;
        }
        let start = values.len();
        r.postings(count, &mut values)?;
        let pair = matches!(key, Key::Cjk(k) if is_pair(k));
        if !well_formed(pair, &values[start..], docs) {
            return None;
        }
        keys.push(key);
        ends.push(values.len());
    }
    if !r.0.is_empty() {
        return None;
    }
    Some(Read { keys, values, ends })
}

fn put(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push(n as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(b)
    }

    fn number(&mut self) -> Option<u64> {
        // Most numbers of a run are postings under 128: one byte.
        if let Some((&b, rest)) = self.0.split_first().filter(|(&b, _)| b < 0x80) {
            self.0 = rest;
            return Some(b as u64);
        }
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= ((b & 0x7F) as u64).checked_shl(shift)?;
            if b < 0x80 {
                return Some(n);
            }
        }
        None
    }

    /// `count` numbers of 32 bits onto `values`: as `number` would, but in
    /// one loop over the bytes, as postings are most of a run.
    fn postings(&mut self, count: usize, values: &mut Vec<u32>) -> Option<()> {
        let bytes = self.0;
        let mut at = 0;
        for _ in 0..count {
            let mut n = 0u64;
            let mut shift = 0;
            loop {
                let b = *bytes.get(at)?;
                at += 1;
                n |= u64::from(b & 0x7F) << shift;
                if b < 0x80 {
                    break;
                }
                shift += 7;
                if shift > 28 {
                    return None;
                }
            }
            values.push(u32::try_from(n).ok()?);
        }
        self.0 = &bytes[at..];
        Some(())
    }

    fn bytes(&mut self) -> Option<&'a [u8]> {
        let len = self.number()? as usize;
        if len > self.0.len() {
            return None;
        }
        let (these, rest) = self.0.split_at(len);
        self.0 = rest;
        Some(these)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::search::terms::Scanner;

    fn run() -> Index {
        let mut index = Index::new();
        let mut scanner = Scanner::new(false);
        index.story(0, "合作社", &["你作和，合作"], "trees *tree*", &mut scanner);
        index.story(1, "Tree", &[], "排水改造，合作", &mut scanner);
        index
    }

    fn same(a: &Index, b: &Index) -> bool {
        let terms = |i: &Index| {
            let mut t: Vec<(String, Vec<u32>)> = i
                .keys
                .iter()
                .zip(&i.postings)
                .map(|(k, p)| {
                    let k = match k {
                        Key::Cjk(k) => format!("c{k}"),
                        Key::Word(w) => format!("w{w}"),
                    };
                    (k, p.clone())
                })
                .collect();
            t.sort();
            t
        };
        terms(a) == terms(b)
    }

    /// A run indexed from nought and numbered on when joined is the run
    /// indexed where its stories stand.
    #[test]
    fn a_run_joined_further_on_is_numbered_from_there() {
        let mut there = Index::new();
        let mut scanner = Scanner::new(false);
        there.story(7, "合作社", &["你作和，合作"], "trees *tree*", &mut scanner);
        there.story(8, "Tree", &[], "排水改造，合作", &mut scanner);
        let mut joined = Index::new();
        joined.append(&run(), 7);
        assert!(same(&there, &joined));
    }

    #[test]
    fn a_run_reads_back_as_it_was_saved() {
        let index = run();
        let bytes = encode(&index, "zh-1");
        let back = decode(&bytes, "zh-1", 2).expect("reads back");
        let mut joined = Index::new();
        joined.append_lists(back.lists(), 0);
        assert!(same(&index, &joined));
        assert!(decode(&bytes, "zh-2", 2).is_none(), "another run's name");
        assert!(decode(&bytes, "zh-1", 1).is_none(), "a story too many");
    }

    /// A file cut short, or with any byte changed where it breaks the
    /// form, is refused, never read as something else or a panic.
    #[test]
    fn a_damaged_run_is_refused() {
        let bytes = encode(&run(), "zh-1");
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut], "zh-1", 2).is_none(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer, "zh-1", 2).is_none());
        for at in MAGIC.len()..bytes.len() {
            for b in [0u8, 0x7F, 0x80, 0xFF] {
                let mut damaged = bytes.clone();
                damaged[at] = b;
                // Whatever it reads as must be a run it can write out.
                if let Some(read) = decode(&damaged, "zh-1", 2) {
                    for (k, p) in read.lists() {
                        assert!(well_formed(matches!(k, Key::Cjk(k) if is_pair(*k)), p, 2));
                    }
                }
            }
        }
    }
}
