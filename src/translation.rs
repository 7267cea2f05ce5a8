//! Translation freshness: whether a translation still says what its
//! original says.
//!
//! A translation records `translated_from`, the fingerprint of its original
//! as it was when the translation was last brought up to date. The
//! fingerprint covers exactly what a translator translates (title, summary,
//! image alt text and body), so moving a story to another district or
//! fixing its date leaves its translations fresh. It is made from the text
//! alone, never from file times, which checkouts, copies and backups do not
//! keep.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::load::source::{self, split_front_matter};
use crate::load::yaml;
use crate::model::{District, Page, PageText, Site, Story, StoryText, Text};
use crate::problem::{plural, Problem, Problems};

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

/// Whether a translation is up to date with its original.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    /// `translated_from` matches the original.
    Fresh,
    /// The original has changed since `translated_from` was recorded.
    Stale,
    /// No `translated_from`: nobody has said which version was translated.
    Unknown,
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

/// The freshness of a story's text in `lang`; `None` for the original and
/// for a language the story has no text in.
pub fn story_freshness(story: &Story, lang: &str, default: &str) -> Option<Freshness> {
    let original = story.texts.get(default)?;
    let text = story.texts.get(lang).filter(|_| lang != default)?;
    Some(compare(text.translated_from.as_deref(), || {
        story_fingerprint(original)
    }))
}

pub fn page_freshness(page: &Page, lang: &str, default: &str) -> Option<Freshness> {
    let original = page.texts.get(default)?;
    let text = page.texts.get(lang).filter(|_| lang != default)?;
    Some(compare(text.translated_from.as_deref(), || {
        page_fingerprint(original)
    }))
}

/// What `check` says about translations: missing and stale ones as
/// problems, and a summary per language.
pub struct Report {
    pub problems: Problems,
    pub lines: Vec<String>,
    /// Translations without `translated_from`, for `--verbose`.
    pub unknown: Vec<PathBuf>,
}

/// Reports, for every language other than the default, what lacks a
/// translation and which translations are stale or of unknown freshness.
/// `root` is read again only to place a stale warning on its line.
pub fn report(site: &Site, root: &Path) -> Report {
    let default = site.config.default_language();
    let mut report = Report {
        problems: Problems::default(),
        lines: Vec::new(),
        unknown: Vec::new(),
    };
    for lang in site.config.languages.iter().skip(1) {
        let stories = stories(site, lang, default, root, &mut report);
        let pages = pages(site, lang, default, root, &mut report);
        let districts = districts(site, lang, &mut report.problems);
        report
            .lines
            .push(summary_line(lang, stories, pages, districts));
    }
    report
}

/// Counts of one kind of content for one language.
#[derive(Default, Clone, Copy)]
struct Tally {
    total: usize,
    translated: usize,
    stale: usize,
    unknown: usize,
}

impl Tally {
    fn add(&mut self, freshness: Option<Freshness>) {
        self.total += 1;
        match freshness {
            None => {}
            Some(f) => {
                self.translated += 1;
                self.stale += usize::from(f == Freshness::Stale);
                self.unknown += usize::from(f == Freshness::Unknown);
            }
        }
    }
}

/// One story or page as the report sees it.
struct Item<'a> {
    state: Option<Freshness>,
    original: &'a Path,
    translation: Option<&'a Path>,
}

fn stories(site: &Site, lang: &str, default: &str, root: &Path, report: &mut Report) -> Tally {
    let items: Vec<Item> = site
        .stories
        .par_iter()
        .filter_map(|s| {
            Some(Item {
                state: story_freshness(s, lang, default),
                original: &s.texts.get(default)?.source,
                translation: s.texts.get(lang).map(|t| t.source.as_path()),
            })
        })
        .collect();
    add(&items, lang, root, report)
}

fn pages(site: &Site, lang: &str, default: &str, root: &Path, report: &mut Report) -> Tally {
    let items: Vec<Item> = site
        .pages
        .iter()
        .filter_map(|p| {
            Some(Item {
                state: page_freshness(p, lang, default),
                original: &p.texts.get(default)?.source,
                translation: p.texts.get(lang).map(|t| t.source.as_path()),
            })
        })
        .collect();
    add(&items, lang, root, report)
}

/// What one story or page adds to the report.
enum Note {
    Nothing,
    Problem(Problem),
    Unknown(PathBuf),
}

/// Adds the items to the report, in their order. A stale translation's
/// file is read again to place its warning, so that is done in parallel.
fn add(items: &[Item], lang: &str, root: &Path, report: &mut Report) -> Tally {
    let notes: Vec<Note> = items.par_iter().map(|i| note(i, lang, root)).collect();
    let mut tally = Tally::default();
    for (item, note) in items.iter().zip(notes) {
        tally.add(item.state);
        match note {
            Note::Nothing => {}
            Note::Problem(p) => report.problems.push(p),
            Note::Unknown(file) => report.unknown.push(file),
        }
    }
    tally
}

fn note(item: &Item, lang: &str, root: &Path) -> Note {
    match (item.state, item.translation) {
        (None, _) => {
            let expected = translation_path(item.original, lang);
            Note::Problem(missing(item.original, lang, &expected))
        }
        (Some(Freshness::Stale), Some(file)) => Note::Problem(stale(root, file, item.original)),
        (Some(Freshness::Unknown), Some(file)) => Note::Unknown(file.to_path_buf()),
        _ => Note::Nothing,
    }
}

fn missing(original: &Path, lang: &str, expected: &Path) -> Problem {
    Problem::file(original, format!("there is no `{lang}` translation"))
        .help(format!(
            "add {} with the translated title, summary and text, then run `renda translated {}`",
            expected.display(),
            expected.display()
        ))
        .warning()
}

fn stale(root: &Path, file: &Path, original: &Path) -> Problem {
    let message = format!(
        "this translation is stale: {} has changed since it was translated",
        original.display()
    );
    let help = format!(
        "bring the translation up to date with {}, then run `renda translated {}`",
        original.display(),
        file.display()
    );
    let problem = match translated_from_span(root, file) {
        Some((text, span)) => Problem::at(file, &text, span, message),
        None => Problem::file(file, message),
    };
    problem.help(help).warning()
}

/// The file's text and the place of its `translated_from` value, read again
/// since the model keeps no front matter.
fn translated_from_span(root: &Path, file: &Path) -> Option<(Arc<str>, std::ops::Range<usize>)> {
    let text = source::read(&root.join(file), file).ok()?;
    let split = split_front_matter(&text, file).ok()?;
    let doc = yaml::parse(&text, split.front).ok()?;
    let span = doc.span("translated_from");
    // The value alone, without a comment after it.
    let value = text.get(span.clone())?;
    let len = value.find(" #").unwrap_or(value.len());
    let len = value[..len].trim_end().len();
    Some((text, span.start..span.start + len))
}

/// `x.md` becomes `x.<lang>.md`, `bundle/index.md` becomes `bundle/index.<lang>.md`.
pub fn translation_path(original: &Path, lang: &str) -> PathBuf {
    let stem = original
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    original.with_file_name(format!("{stem}.{lang}.md"))
}

/// Districts are translated field by field, so one warning names every
/// field of a district that lacks the language.
fn districts(site: &Site, lang: &str, problems: &mut Problems) -> Tally {
    let mut tally = Tally::default();
    for district in &site.districts {
        let lacking = lacking_fields(district, lang);
        tally.total += 1;
        if lacking.is_empty() {
            tally.translated += 1;
            continue;
        }
        problems.push(
            Problem::file(
                &district.source,
                format!(
                    "{} {} no `{lang}` text",
                    lacking.join(", "),
                    plural(lacking.len(), "has", "have")
                ),
            )
            .help(format!(
                "add `{lang}: ...` beside the default language in each of them"
            ))
            .warning(),
        );
    }
    tally
}

fn lacking_fields(district: &District, lang: &str) -> Vec<String> {
    let lacks = |t: &Text| !t.0.is_empty() && !t.0.contains_key(lang);
    let mut out = Vec::new();
    if lacks(&district.name) {
        out.push("`name`".to_string());
    }
    if lacks(&district.summary) {
        out.push("`summary`".to_string());
    }
    for town in district.towns.iter().filter(|t| lacks(&t.name)) {
        out.push(format!("the name of town `{}`", town.slug));
    }
    out
}

fn summary_line(lang: &str, stories: Tally, pages: Tally, districts: Tally) -> String {
    let part = |t: Tally, one: &str, many: &str| {
        format!(
            "{} of {} {}",
            t.translated,
            t.total,
            plural(t.total, one, many)
        )
    };
    let stale = stories.stale + pages.stale;
    let unknown = stories.unknown + pages.unknown;
    let mut line = format!(
        "translations into `{lang}`: {}, {}, {}; {stale} stale",
        part(stories, "story", "stories"),
        part(pages, "page", "pages"),
        part(districts, "district", "districts"),
    );
    if unknown > 0 {
        line.push_str(&format!(
            ", {unknown} of unknown freshness (no `translated_from`: once checked against the original, `renda translated <file>` records it)"
        ));
    }
    line
}

/// The file's text with `translated_from: "<fingerprint>"` in its front
/// matter: the line replaced where there is one, added before the closing
/// `---` otherwise. Every other byte is kept, line endings and BOM included,
/// so the change is one line in a diff. `None` when the text has no front
/// matter to put it in.
pub fn record_fingerprint(text: &str, fingerprint: &str) -> Option<String> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = lines_at(text, start);
    let (_, first) = lines.next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let newline = if first.ends_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    // Quoted, since YAML would read a fingerprint of digits as a number.
    let value = format!("translated_from: \"{fingerprint}\"");
    let mut existing: Option<std::ops::Range<usize>> = None;
    for (at, line) in lines {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            let replace = existing.unwrap_or(at..at);
            let entry = match comment(&text[replace.clone()]) {
                Some(comment) => format!("{value} {comment}{newline}"),
                None => format!("{value}{newline}"),
            };
            let mut out = String::with_capacity(text.len() + entry.len());
            out.push_str(&text[..replace.start]);
            out.push_str(&entry);
            out.push_str(&text[replace.end..]);
            return Some(out);
        }
        match &mut existing {
            // A value continued on indented lines belongs to the key.
            Some(range) if range.end == at && line.starts_with([' ', '\t']) && !bare.is_empty() => {
                range.end = at + line.len();
            }
            None if line.starts_with("translated_from:") => existing = Some(at..at + line.len()),
            _ => {}
        }
    }
    None
}

/// The comment at the end of a one-line `translated_from`, kept with the
/// spacing before it, since an editor may have written why it is there.
fn comment(line: &str) -> Option<&str> {
    let line = line.trim_end();
    if line.contains('\n') {
        return None;
    }
    let value_end = line.find(" #")?;
    let spaces = line[..value_end].trim_end().len();
    let kept = &line[spaces..];
    Some(kept.strip_prefix(' ').unwrap_or(kept))
}

/// Lines with their newline, each with its byte offset.
fn lines_at(text: &str, start: usize) -> impl Iterator<Item = (usize, &str)> {
    text[start..].split_inclusive('\n').scan(start, |at, line| {
        let here = *at;
        *at += line.len();
        Some((here, line))
    })
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
    fn recording_adds_the_line_before_the_closing_dashes() {
        let before = "---\ntitle: Forest\n---\n\nText.\n";
        let after = record_fingerprint(before, "0123456789ab").unwrap();
        assert_eq!(
            after,
            "---\ntitle: Forest\ntranslated_from: \"0123456789ab\"\n---\n\nText.\n"
        );
    }

    #[test]
    fn recording_replaces_the_line_and_keeps_every_other_byte() {
        let before = "\u{feff}---\r\ntitle: Forest # kept\r\ntranslated_from: 5f2c1a\r\nsummary: S\r\n---\r\nText.  \r\n";
        let after = record_fingerprint(before, "0123456789ab").unwrap();
        assert_eq!(
            after,
            "\u{feff}---\r\ntitle: Forest # kept\r\ntranslated_from: \"0123456789ab\"\r\nsummary: S\r\n---\r\nText.  \r\n"
        );
    }

    #[test]
    fn recording_keeps_a_comment_after_the_value() {
        let before = "---\ntranslated_from: \"5f2c1a\"   # renewed by renda\n---\n";
        let after = record_fingerprint(before, "0123456789ab").unwrap();
        assert_eq!(
            after,
            "---\ntranslated_from: \"0123456789ab\"   # renewed by renda\n---\n"
        );
    }

    #[test]
    fn recording_replaces_a_value_continued_on_indented_lines() {
        let before = "---\ntranslated_from: >\n  5f2c1a\ntitle: T\n---\n";
        let after = record_fingerprint(before, "0123456789ab").unwrap();
        assert_eq!(
            after,
            "---\ntranslated_from: \"0123456789ab\"\ntitle: T\n---\n"
        );
    }

    #[test]
    fn recording_needs_front_matter() {
        assert_eq!(record_fingerprint("Text only.\n", "0123456789ab"), None);
        assert_eq!(record_fingerprint("---\ntitle: T\n", "0123456789ab"), None);
    }

    #[test]
    fn a_translation_sits_beside_its_original() {
        assert_eq!(
            translation_path(Path::new("content/stories/2024-03-12-x.md"), "en"),
            Path::new("content/stories/2024-03-12-x.en.md")
        );
        assert_eq!(
            translation_path(Path::new("content/stories/x/index.md"), "en"),
            Path::new("content/stories/x/index.en.md")
        );
    }
}
