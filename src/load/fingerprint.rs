//! Translation fingerprints, taken while loading.
//!
//! A translation records `translated_from`, the fingerprint of its original
//! as it was when the translation was last brought up to date. The
//! fingerprint covers exactly what a translator translates (title, summary,
//! image alt text and body), so moving a story to another district or
//! fixing its date leaves its translations fresh. It is made from the text
//! alone, never from file times, which checkouts, copies and backups do not
//! keep.
//!
//! Each translation's freshness is judged here, once, so that the pages,
//! `check` and the preview read it from the model and no later stage reads
//! a file again to find where `translated_from` was written.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use super::yaml::Doc;
use crate::model::{Freshness, Lang, PageText, StoryText, TranslatedFrom};

/// Hex digits kept. 48 bits tell apart any two versions of one story an
/// editor will ever write, and a short value is easy to read in a diff.
const DIGITS: usize = 12;

/// What a translator translates, from the default-language file.
pub struct Translatable<'a> {
    pub title: &'a str,
    pub summary: Option<&'a str>,
    pub image_alt: Option<&'a str>,
    pub body: &'a str,
}

/// The fingerprint of an original's translatable text.
///
/// Trailing spaces, line endings and blank lines at either end of a field
/// are left out, since they change no word a translator would translate
/// and editors' tools add and remove them freely.
pub fn fingerprint(t: &Translatable) -> String {
    let mut hash = Sha256::new();
    let fields = [
        ("title", Some(t.title)),
        ("summary", t.summary),
        ("image.alt", t.image_alt),
        ("body", Some(t.body)),
    ];
    for (name, value) in fields {
        hash.update(name.as_bytes());
        hash.update(b"\0");
        if let Some(value) = value {
            hash_normalised(&mut hash, value);
        }
        hash.update(b"\0");
    }
    hash.finalize()
        .iter()
        .flat_map(|b| [b >> 4, b & 0xf])
        .take(DIGITS)
        .map(|n| char::from_digit(n.into(), 16).unwrap_or('0'))
        .collect()
}

/// Feeds `text` line by line, each without trailing whitespace and ended
/// by LF, skipping blank lines at the start and the end.
fn hash_normalised(hash: &mut Sha256, text: &str) {
    let mut blank_run = 0;
    let mut started = false;
    for line in text.split('\n') {
        let line = line.trim_end();
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if started {
            for _ in 0..blank_run {
                hash.update(b"\n");
            }
        }
        blank_run = 1;
        started = true;
        hash.update(line.as_bytes());
    }
}

pub fn story_fingerprint(text: &StoryText) -> String {
    fingerprint(&Translatable {
        title: &text.title,
        summary: text.summary.as_deref(),
        image_alt: text.image_alt.as_deref(),
        body: &text.body,
    })
}

pub fn page_fingerprint(text: &PageText) -> String {
    fingerprint(&Translatable {
        title: &text.title,
        summary: text.summary.as_deref(),
        image_alt: None,
        body: &text.body,
    })
}

/// How a translation recorded as made from `recorded` stands against an
/// original whose fingerprint is `current`. The fingerprint is computed
/// only when there is something to compare it with.
pub fn compare(recorded: Option<&str>, current: impl FnOnce() -> String) -> Freshness {
    match recorded {
        None => Freshness::Unknown,
        Some(r) if r.trim().eq_ignore_ascii_case(&current()) => Freshness::Fresh,
        Some(_) => Freshness::Stale,
    }
}

/// `translated_from` as written in a translation's front matter, with the
/// place of its value (without a comment after it) in `text`.
pub(super) fn recorded(text: &str, doc: &Doc, value: Option<String>) -> Option<TranslatedFrom> {
    let fingerprint = value?;
    let span = doc.span("translated_from");
    let written = text.get(span.clone()).unwrap_or_default();
    let len = written.find(" #").unwrap_or(written.len());
    let len = written[..len].trim_end().len();
    Some(TranslatedFrom {
        fingerprint,
        span: span.start..span.start + len,
    })
}

/// What judging a translation needs of a story's or a free page's text.
pub(super) trait Judged {
    /// The fingerprint of this text as an original.
    fn print(&self) -> String;
    /// The original's fingerprint this text records, as a translation.
    fn recorded(&self) -> Option<&str>;
    fn set_freshness(&mut self, freshness: Freshness);
}

impl Judged for StoryText {
    fn print(&self) -> String {
        story_fingerprint(self)
    }
    fn recorded(&self) -> Option<&str> {
        self.translated_from
            .as_ref()
            .map(|r| r.fingerprint.as_str())
    }
    fn set_freshness(&mut self, freshness: Freshness) {
        self.freshness = Some(freshness);
    }
}

impl Judged for PageText {
    fn print(&self) -> String {
        page_fingerprint(self)
    }
    fn recorded(&self) -> Option<&str> {
        self.translated_from
            .as_ref()
            .map(|r| r.fingerprint.as_str())
    }
    fn set_freshness(&mut self, freshness: Freshness) {
        self.freshness = Some(freshness);
    }
}

/// Judges every translation among a story's or a page's `texts` against
/// the original in `default`, whose fingerprint is taken only if some
/// translation records one.
pub(super) fn judge<T: Judged>(texts: &mut BTreeMap<Lang, T>, default: &str) {
    let Some(original) = texts.get(default) else {
        return;
    };
    let mut print = None;
    let judged: Vec<(Lang, Freshness)> = texts
        .iter()
        .filter(|(lang, _)| *lang != default)
        .map(|(lang, text)| {
            let freshness = compare(text.recorded(), || {
                print.get_or_insert_with(|| original.print()).clone()
            });
            (lang.clone(), freshness)
        })
        .collect();
    for (lang, freshness) in judged {
        if let Some(text) = texts.get_mut(&lang) {
            text.set_freshness(freshness);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(title: &str, body: &str) -> Translatable<'static> {
        Translatable {
            title: Box::leak(title.to_string().into_boxed_str()),
            summary: None,
            image_alt: None,
            body: Box::leak(body.to_string().into_boxed_str()),
        }
    }

    #[test]
    fn fingerprint_is_short_stable_hex() {
        let f = fingerprint(&text("标题", "正文。\n"));
        assert_eq!(f.len(), 12);
        assert!(f
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_eq!(f, fingerprint(&text("标题", "正文。\n")));
    }

    #[test]
    fn whitespace_that_changes_no_word_keeps_the_fingerprint() {
        let plain = fingerprint(&text("标题", "第一段。\n\n第二段。\n"));
        let loose = fingerprint(&text("标题", "\n\n第一段。  \r\n\r\n第二段。\t\n\n\n"));
        assert_eq!(plain, loose);
    }

    #[test]
    fn every_translated_field_counts() {
        let base = text("标题", "正文。");
        let f = fingerprint(&base);
        assert_ne!(f, fingerprint(&text("新标题", "正文。")));
        assert_ne!(f, fingerprint(&text("标题", "正文！")));
        assert_ne!(f, fingerprint(&text("标题", "正文。\n\n另一段。")));
        let summary = Translatable {
            summary: Some("摘要"),
            ..text("标题", "正文。")
        };
        assert_ne!(f, fingerprint(&summary));
        let alt = Translatable {
            image_alt: Some("摘要"),
            ..text("标题", "正文。")
        };
        assert_ne!(
            fingerprint(&summary),
            fingerprint(&alt),
            "fields are kept apart"
        );
    }

    #[test]
    fn paragraphs_are_not_joined() {
        assert_ne!(
            fingerprint(&text("t", "a\n\nb")),
            fingerprint(&text("t", "a\nb"))
        );
    }

    #[test]
    fn comparison_is_fresh_stale_or_unknown() {
        assert_eq!(compare(None, || unreachable!()), Freshness::Unknown);
        assert_eq!(compare(Some("ABC"), || "abc".into()), Freshness::Fresh);
        assert_eq!(compare(Some("abd"), || "abc".into()), Freshness::Stale);
    }

    #[test]
    fn the_recorded_value_is_placed_without_its_comment() {
        let text: std::sync::Arc<str> =
            "---\ntitle: T\ntranslated_from: \"0123456789ab\"  # checked\n---\n".into();
        let doc = super::super::yaml::parse(&text, 4..text.len() - 4).expect("front matter");
        let recorded = super::recorded(&text, &doc, Some("0123456789ab".into())).expect("recorded");
        assert_eq!(&text[recorded.span.clone()], "\"0123456789ab\"");
        assert_eq!(recorded.fingerprint, "0123456789ab");
        assert_eq!(super::recorded(&text, &doc, None), None);
    }
}
