//! Source files as text: reading them, and splitting front matter from
//! Markdown.
//!
//! Text is normalised once here (BOM dropped, CRLF made LF) so every parser
//! after this sees one form, and line and column numbers still match what
//! the editor sees in their own editor.

use std::io::Read;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use crate::problem::{line_column, Problem};

/// Files larger than this are refused: no congress story is 10 MiB of text,
/// and reading one would only risk the memory of a small build machine.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Reads a file as UTF-8 text. `shown` is the path as the editor knows it.
pub fn read(path: &Path, shown: &Path) -> Result<Arc<str>, Problem> {
    let too_big = |len: u64| {
        Problem::file(
            shown,
            format!(
                "the file is {} MiB, over the 10 MiB limit",
                len / (1024 * 1024)
            ),
        )
        .help("split it, or move large data out of content/")
    };
    let unreadable = |e: std::io::Error| {
        Problem::file(shown, format!("cannot read the file: {e}"))
            .help("check that the file exists and that its permissions let you read it")
    };
    match std::fs::metadata(path) {
        Ok(m) if m.len() > MAX_FILE_BYTES => return Err(too_big(m.len())),
        Ok(_) => {}
        Err(e) => return Err(unreadable(e)),
    }
    // Read at most one byte past the limit: a file that grows between the
    // two calls is still refused without being read whole.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    decode(&bytes, shown)
}

/// Bytes to normalised text, or a problem that says where the first byte
/// that is not UTF-8 sits.
pub fn decode(bytes: &[u8], shown: &Path) -> Result<Arc<str>, Problem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) if s.contains('\r') => Ok(Arc::from(s.replace("\r\n", "\n"))),
        Ok(s) => Ok(Arc::from(s)),
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or("");
            let (line, column) = line_column(valid, valid.len());
            let mut p = Problem::file(
                shown,
                format!(
                    "the file is not UTF-8 text (byte 0x{:02X} at line {line}, column {column})",
                    bytes[e.valid_up_to()]
                ),
            )
            .help(
                "save the file with UTF-8 encoding (in most editors: Save with Encoding > UTF-8)",
            );
            p.line = line;
            p.column = column;
            Err(p)
        }
    }
}

/// A Markdown file split into its front matter and body.
#[derive(Debug)]
pub struct Split {
    /// Byte range of the YAML between the `---` lines.
    pub front: Range<usize>,
    /// Byte range of the Markdown after the closing `---`.
    pub body: Range<usize>,
}

/// Splits front matter from the body. A file that does not open with `---`
/// has no front matter; one that opens but never closes is an error, since
/// the whole story would otherwise be read as YAML.
pub fn split_front_matter(text: &Arc<str>, shown: &Path) -> Result<Split, Problem> {
    let Some(first_end) = opening_line(text) else {
        let p = Problem::at(shown, text, 0..0, "the file has no front matter")
            .help("start the file with a line `---`, the fields (title, date, district...), then another `---`");
        return Err(p);
    };
    let mut pos = first_end;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = text[pos..end].trim_end();
        if line == "---" || line == "..." {
            let body_start = (end + 1).min(text.len());
            return Ok(Split {
                front: first_end..pos,
                body: body_start..text.len(),
            });
        }
        pos = end + 1;
    }
    Err(Problem::at(
        shown,
        text,
        0..3,
        "the front matter opened here is never closed",
    )
    .help("add a line `---` after the last field, before the story text"))
}

fn opening_line(text: &str) -> Option<usize> {
    let end = text.find('\n').unwrap_or(text.len());
    (text[..end].trim_end() == "---").then_some((end + 1).min(text.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arc(s: &str) -> Arc<str> {
        Arc::from(s)
    }

    #[test]
    fn splits_front_matter() {
        let t = arc("---\ntitle: a\n---\nbody\n");
        let s = split_front_matter(&t, Path::new("x.md")).unwrap();
        assert_eq!(&t[s.front], "title: a\n");
        assert_eq!(&t[s.body], "body\n");
    }

    #[test]
    fn unclosed_front_matter_is_an_error_at_line_one() {
        let t = arc("---\ntitle: a\nbody\n");
        let p = split_front_matter(&t, Path::new("x.md")).unwrap_err();
        assert_eq!((p.line, p.column), (1, 1));
        assert!(p.message.contains("never closed"));
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let t = decode(
            b"\xEF\xBB\xBF---\r\ntitle: a\r\n---\r\nbody\r\n",
            Path::new("x.md"),
        )
        .unwrap();
        assert_eq!(&*t, "---\ntitle: a\n---\nbody\n");
    }

    #[test]
    fn invalid_utf8_names_its_place() {
        let p = decode(b"ok\nab\xFFcd", Path::new("x.md")).unwrap_err();
        assert_eq!((p.line, p.column), (2, 3));
        assert!(p.message.contains("0xFF"));
    }
}
