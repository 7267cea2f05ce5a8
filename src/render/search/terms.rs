//! Cutting text into the terms of the index, and a query into the terms it
//! asks for: the rules that `themes/default/static/search.js` repeats in
//! the browser, with the cases both are tested against in
//! `tests/fixtures/search-tokens.json`.

use std::borrow::Cow;

use pulldown_cmark::{Event, Parser};

use crate::render::markdown::{self, is_inline, is_inline_end};

/// Characters written without spaces between words: Han ideographs (with
/// their extensions and compatibility forms), kana and Hangul syllables.
pub(super) fn is_cjk(c: char) -> bool {
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
pub(super) fn is_punctuation(c: char) -> bool {
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
pub(super) fn single(c: char) -> u64 {
    c as u64
}

/// A pair of CJK characters. Its first character is at least U+3005, so a
/// pair is far above any code point and never taken for a single one.
pub(super) fn pair(a: char, b: char) -> u64 {
    ((a as u64) << 21) | b as u64
}

/// Whether a key of `cjk` is a pair rather than a single character.
pub(super) fn is_pair(key: u64) -> bool {
    key >= 1 << 21
}

pub(super) fn cjk_key(key: u64) -> String {
    let first = char::from_u32((key >> 21) as u32);
    let second = char::from_u32((key & 0x1F_FFFF) as u32);
    first
        .into_iter()
        .chain(second)
        .filter(|&c| c != '\0')
        .collect()
}

/// Where the terms of a text go, in the order of the text: for the index,
/// each CJK character just before the pair it ends, so that where a pair
/// stands can be said by its characters (see `postings::Place`).
pub(super) trait Terms {
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
pub(super) struct Scanner {
    query: bool,
    word: String,
    prev: Option<char>,
    run: usize,
    /// A line break inside a paragraph: nothing between two CJK characters,
    /// which the page joins, and a space anywhere else.
    soft: bool,
}

impl Scanner {
    pub(super) fn new(query: bool) -> Scanner {
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
    pub(super) fn text(&mut self, text: &str, out: &mut impl Terms) {
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

    pub(super) fn gap(&mut self, out: &mut impl Terms) {
        self.soft = false;
        self.end_run(out);
        self.end_word(out);
    }

    /// A query's run of one character asks for that character, which it
    /// learns only where the run ends.
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
    pub(super) fn markdown(&mut self, body: &str, out: &mut impl Terms) {
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
pub(super) struct Listed(pub Vec<String>, pub bool);

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
}
