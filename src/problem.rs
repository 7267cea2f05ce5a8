//! The one error type: a problem in the input (or the output folder), with
//! where it is and how to fix it.
//!
//! Problems are collected rather than returned at the first one, because an
//! editor who fixes one typo only to meet the next on the following run
//! learns to distrust the tool. Each carries the text of its file so it can
//! be shown like a compiler's diagnostic, with the offending span marked.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone)]
pub struct Problem {
    pub severity: Severity,
    /// Relative to the site root, as the editor knows it.
    pub file: PathBuf,
    /// 1-based.
    pub line: usize,
    /// 1-based, counted in characters.
    pub column: usize,
    /// Byte range in the whole file, when known.
    pub span: Option<Range<usize>>,
    pub message: String,
    pub help: Option<String>,
    /// The file's text, shared by all problems in it, for the snippet.
    pub text: Option<Arc<str>>,
}

/// Every problem found, in file and line order.
#[derive(Debug, Clone, Default)]
pub struct Problems(pub Vec<Problem>);

impl Problem {
    /// A problem about a whole file (its name, its encoding, its absence),
    /// placed at its start so every report reads `file:line:column`.
    pub fn file(file: impl Into<PathBuf>, message: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Error,
            file: file.into(),
            line: 1,
            column: 1,
            span: None,
            message: message.into(),
            help: None,
            text: None,
        }
    }

    /// A problem at a byte range of a file whose text we have.
    pub fn at(
        file: impl Into<PathBuf>,
        text: &Arc<str>,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Problem {
        let (line, column) = line_column(text, span.start);
        Problem {
            severity: Severity::Error,
            file: file.into(),
            line,
            column,
            span: Some(span),
            message: message.into(),
            help: None,
            text: Some(text.clone()),
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Problem {
        self.help = Some(help.into());
        self
    }

    pub fn warning(mut self) -> Problem {
        self.severity = Severity::Warning;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column: error: message`, the first line of a report, and
    /// the form that tests and editors' tools match on.
    pub fn headline(&self) -> String {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let file = self.file.display();
        if self.line == 0 {
            format!("{file}: {kind}: {}", self.message)
        } else {
            format!(
                "{file}:{}:{}: {kind}: {}",
                self.line, self.column, self.message
            )
        }
    }

    /// The full report: headline, the marked source line, and the fix.
    pub fn report(&self, color: bool) -> String {
        let mut out = self.headline();
        out.push('\n');
        if self.text.is_some() && self.span.is_some() {
            let theme = if color {
                GraphicalTheme::unicode()
            } else {
                GraphicalTheme::unicode_nocolor()
            };
            let handler = GraphicalReportHandler::new_themed(theme)
                .with_context_lines(1)
                .without_cause_chain();
            let mut snippet = String::new();
            if handler.render_report(&mut snippet, self).is_ok() {
                // miette repeats the message and help; keep only the snippet
                // lines (those framed by the gutter).
                for line in snippet.lines().filter(|l| is_snippet_line(l)) {
                    out.push_str(&self.own_location(line));
                    out.push('\n');
                }
            }
        }
        if let Some(help) = &self.help {
            out.push_str(&format!("  = help: {help}\n"));
        }
        out
    }
}

impl Problem {
    /// miette heads a snippet with its own `[line:byte]`; show ours instead
    /// so the two never disagree.
    fn own_location(&self, line: &str) -> String {
        match (line.find("╭─["), line.rfind(']')) {
            (Some(start), Some(end)) if end > start => format!(
                "{}╭─[{}:{}:{}]{}",
                &line[..start],
                self.file.display(),
                self.line,
                self.column,
                &line[end + 1..]
            ),
            _ => line.to_string(),
        }
    }
}

fn is_snippet_line(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with('╭')
        || t.starts_with('│')
        || t.starts_with('·')
        || t.starts_with('╰')
        || t.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// 1-based line and character column of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Problem {}

impl Diagnostic for Problem {
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        None
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.text.as_ref().map(|t| t as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span.clone()?;
        let len = span.end.saturating_sub(span.start).max(1);
        Some(Box::new(std::iter::once(LabeledSpan::new(
            Some("here".into()),
            span.start,
            len,
        ))))
    }
}

impl Problems {
    pub fn push(&mut self, p: Problem) {
        self.0.push(p);
    }

    pub fn extend(&mut self, other: Problems) {
        self.0.extend(other.0);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Problem::is_error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.0.iter().filter(|p| p.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.0.iter().filter(|p| !p.is_error())
    }

    /// File, then line, then column: the order a reader walks the tree in.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
        });
        self.0.dedup_by(|a, b| {
            a.file == b.file && a.line == b.line && a.column == b.column && a.message == b.message
        });
    }

    /// Every problem's report, then a count.
    pub fn report(&self, color: bool) -> String {
        let mut out = String::new();
        for p in &self.0 {
            out.push_str(&p.report(color));
            out.push('\n');
        }
        let errors = self.errors().count();
        let warnings = self.warnings().count();
        out.push_str(&format!(
            "{errors} {}, {warnings} {}\n",
            plural(errors, "error", "errors"),
            plural(warnings, "warning", "warnings")
        ));
        out
    }
}

impl From<Problem> for Problems {
    fn from(p: Problem) -> Problems {
        Problems(vec![p])
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.report(false))
    }
}

impl std::error::Error for Problems {}

pub fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// The closest known name to a misspelt one, for "did you mean" hints.
pub fn closest<'a>(wrong: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::damerau_levenshtein(wrong, k), k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min()
        .map(|(_, k)| k)
}

/// A path shown to the user: relative to the root when possible.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let text = "ab\n江门x";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        assert_eq!(line_column(text, text.find('x').unwrap()), (2, 3));
    }

    #[test]
    fn closest_suggests_near_names_only() {
        let known = ["heshan", "kaiping", "enping"];
        assert_eq!(closest("hesan", known), Some("heshan"));
        assert_eq!(closest("zzzzzz", known), None);
    }

    #[test]
    fn report_shows_location_snippet_and_help() {
        let text: Arc<str> = Arc::from("title: x\ndistrict: hesan\n");
        let p = Problem::at("a.md", &text, 19..24, "unknown district \"hesan\"")
            .help("did you mean \"heshan\"?");
        let r = p.report(false);
        assert!(
            r.starts_with("a.md:2:11: error: unknown district \"hesan\"\n"),
            "{r}"
        );
        assert!(r.contains("district: hesan"), "{r}");
        assert!(r.contains("help: did you mean \"heshan\"?"), "{r}");
    }
}
