//! What `check` says about translations, and how `renda translated`
//! records one as up to date.
//!
//! Freshness itself is judged while loading (`load::fingerprint`); this
//! module reads it from the model, so no file is read again here.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::model::{District, Freshness, Site, Text, TranslatedFrom};
use crate::problem::{plural, Problem, Problems};

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
pub fn report(site: &Site) -> Report {
    let default = site.config.default_language();
    let mut report = Report {
        problems: Problems::default(),
        lines: Vec::new(),
        unknown: Vec::new(),
    };
    for lang in site.config.languages.iter().skip(1) {
        let stories = site.stories.iter().filter_map(|s| {
            let translation = s.texts.get(lang).map(|t| Translated {
                file: &t.source,
                text: t.body.file(),
                recorded: t.translated_from.as_ref(),
                freshness: t.freshness,
            });
            Some(Item {
                original: &s.texts.get(default)?.source,
                translation,
            })
        });
        let stories = add(stories, lang, &mut report);
        let pages = site.pages.iter().filter_map(|p| {
            let translation = p.texts.get(lang).map(|t| Translated {
                file: &t.source,
                text: t.body.file(),
                recorded: t.translated_from.as_ref(),
                freshness: t.freshness,
            });
            Some(Item {
                original: &p.texts.get(default)?.source,
                translation,
            })
        });
        let pages = add(pages, lang, &mut report);
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
    original: &'a Path,
    translation: Option<Translated<'a>>,
}

/// Its translation into the language reported on, as loaded.
struct Translated<'a> {
    file: &'a Path,
    /// The whole text of the file, which the model keeps with the body.
    text: &'a Arc<str>,
    recorded: Option<&'a TranslatedFrom>,
    freshness: Option<Freshness>,
}

/// Adds the items to the report, in their order.
fn add<'a>(items: impl Iterator<Item = Item<'a>>, lang: &str, report: &mut Report) -> Tally {
    let mut tally = Tally::default();
    for item in items {
        let Some(tr) = item.translation else {
            tally.add(None);
            let expected = translation_path(item.original, lang);
            report
                .problems
                .push(missing(item.original, lang, &expected));
            continue;
        };
        // A translation always has a freshness once loaded.
        let freshness = tr.freshness.unwrap_or(Freshness::Unknown);
        tally.add(Some(freshness));
        match freshness {
            Freshness::Stale => report.problems.push(stale(&tr, item.original)),
            Freshness::Unknown => report.unknown.push(tr.file.to_path_buf()),
            Freshness::Fresh => {}
        }
    }
    tally
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

/// A stale translation's warning, on its `translated_from` value.
fn stale(tr: &Translated, original: &Path) -> Problem {
    let message = format!(
        "this translation is stale: {} has changed since it was translated",
        original.display()
    );
    let help = format!(
        "bring the translation up to date with {}, then run `renda translated {}`",
        original.display(),
        tr.file.display()
    );
    let problem = match tr.recorded {
        Some(r) => Problem::at(tr.file, tr.text, r.span.clone(), message),
        None => Problem::file(tr.file, message),
    };
    problem.help(help).warning()
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
