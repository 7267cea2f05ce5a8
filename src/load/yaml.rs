//! YAML with positions.
//!
//! serde_yaml gives us values and good syntax errors, but no position for a
//! value once parsed. Editors need to be told *where* a district is unknown,
//! so a second, event-level pass (saphyr-parser) records the span of every
//! key and value by its path (`case.status`, `records[2].district`). The two
//! parsers read the same text; when they disagree on an edge case, positions
//! fall back to the nearest enclosing field rather than failing.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use saphyr_parser::{Event, Parser, Span};
use serde_yaml::Value;

/// The fix for a YAML syntax error, which the parser cannot know.
pub const YAML_HELP: &str = "check the brackets, quotes and indentation on this line and the one before; text containing `: ` or ` #` needs quotes";

/// A parsed YAML block of a file, with the spans of its fields.
#[derive(Debug)]
pub struct Doc {
    pub value: Value,
    spots: HashMap<String, Spot>,
    /// Byte range of the YAML block within the file.
    block: Range<usize>,
}

#[derive(Debug, Clone)]
struct Spot {
    key: Option<Range<usize>>,
    value: Range<usize>,
}

/// A syntax error: where, and serde_yaml's description of it.
#[derive(Debug)]
pub struct SyntaxError {
    pub span: Range<usize>,
    pub message: String,
}

/// Parses the YAML at `block` of `text` (the whole file, so spans are in
/// file coordinates).
pub fn parse(text: &Arc<str>, block: Range<usize>) -> Result<Doc, SyntaxError> {
    let yaml = &text[block.clone()];
    let value = if yaml.trim().is_empty() {
        Value::Mapping(Default::default())
    } else {
        serde_yaml::from_str::<Value>(yaml).map_err(|e| syntax_error(text, &block, e))?
    };
    let spots = index_spans(yaml, block.start);
    Ok(Doc {
        value,
        spots,
        block,
    })
}

fn syntax_error(text: &str, block: &Range<usize>, e: serde_yaml::Error) -> SyntaxError {
    let start = match e.location() {
        Some(loc) => block.start + loc.index().min(block.len()),
        None => block.start,
    };
    let end = text[start..]
        .find('\n')
        .map_or(text.len(), |i| start + i)
        .max(start);
    // serde_yaml appends " at line X column Y"; we show our own location.
    let message = e.to_string();
    let message = match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    SyntaxError {
        span: start..end,
        message,
    }
}

impl Doc {
    /// The span of the value at `path`, or of the nearest enclosing field
    /// that has one.
    pub fn span(&self, path: &str) -> Range<usize> {
        let mut p = path;
        loop {
            if let Some(s) = self.spots.get(p) {
                return s.value.clone();
            }
            match parent(p) {
                Some(up) => p = up,
                None => return self.block.start..self.block.start,
            }
        }
    }

    /// The span of the key at `path` (for unknown or misplaced fields).
    pub fn key_span(&self, path: &str) -> Range<usize> {
        match self.spots.get(path).and_then(|s| s.key.clone()) {
            Some(k) => k,
            None => self.span(path),
        }
    }

    /// Where a field that is missing from the mapping at `path` would go:
    /// the mapping's first key, or the block's start.
    pub fn missing_span(&self, path: &str) -> Range<usize> {
        if path.is_empty() {
            return self.block.start..self.block.start;
        }
        self.key_span(path)
    }
}

fn parent(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    let cut = path.rfind(['.', '[']).unwrap_or(0);
    Some(&path[..cut])
}

/// Joins a mapping key onto a path.
pub fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Joins a sequence index onto a path.
pub fn item(path: &str, index: usize) -> String {
    format!("{path}[{index}]")
}

enum Frame {
    Map {
        path: String,
        key: Option<String>,
        key_span: Option<Range<usize>>,
    },
    Seq {
        path: String,
        next: usize,
    },
    /// The document, whose one value is the root.
    Root,
    /// A complex key or other construct we do not index.
    Skip,
}

/// Walks the event stream and records the span of every key and value.
fn index_spans(yaml: &str, offset: usize) -> HashMap<String, Spot> {
    let lines = LineStarts::new(yaml);
    let to_range = |s: &Span| lines.byte(s.start) + offset..lines.byte(s.end) + offset;
    let mut spots = HashMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    for event in Parser::new_from_str(yaml) {
        let Ok((event, span)) = event else { break };
        match event {
            Event::Scalar(text, ..) => {
                if let Some(Frame::Map {
                    key: key @ None,
                    key_span,
                    ..
                }) = stack.last_mut()
                {
                    *key = Some(text.into_owned());
                    *key_span = Some(to_range(&span));
                } else {
                    place_value(&mut stack, &mut spots, to_range(&span));
                }
            }
            Event::Alias(_) => {
                place_value(&mut stack, &mut spots, to_range(&span));
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_map = matches!(event, Event::MappingStart(..));
                let frame = match stack.last() {
                    Some(Frame::Map { key: None, .. }) | Some(Frame::Skip) => None,
                    _ => place_value(&mut stack, &mut spots, to_range(&span)),
                };
                stack.push(match (frame, is_map) {
                    (Some(path), true) => Frame::Map {
                        path,
                        key: None,
                        key_span: None,
                    },
                    (Some(path), false) => Frame::Seq { path, next: 0 },
                    (None, _) => Frame::Skip,
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if matches!(stack.pop(), Some(Frame::Skip)) {
                    // A complex key has ended; its mapping now expects a value.
                    if let Some(Frame::Map { key, .. }) = stack.last_mut() {
                        *key = Some(String::new());
                    }
                }
            }
            Event::DocumentStart(_) if stack.is_empty() => stack.push(Frame::Root),
            _ => {}
        }
    }
    spots
}

/// Records a value at the current position and returns its path, moving the
/// enclosing frame on to its next key or item.
fn place_value(
    stack: &mut [Frame],
    spots: &mut HashMap<String, Spot>,
    range: Range<usize>,
) -> Option<String> {
    let (path, key_span) = match stack.last_mut()? {
        Frame::Map {
            path,
            key,
            key_span,
        } => {
            let k = key.take()?;
            (child(path, &k), key_span.take())
        }
        Frame::Root => (String::new(), None),
        Frame::Seq { path, next } => {
            let p = item(path, *next);
            *next += 1;
            (p, None)
        }
        Frame::Skip => return None,
    };
    spots.insert(
        path.clone(),
        Spot {
            key: key_span,
            value: range,
        },
    );
    Some(path)
}

/// Converts saphyr's (line, character column) markers into byte offsets.
struct LineStarts<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineStarts<'a> {
    fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineStarts { text, starts }
    }

    fn byte(&self, m: saphyr_parser::Marker) -> usize {
        let Some(&start) = self.starts.get(m.line().saturating_sub(1)) else {
            return self.text.len();
        };
        let line = &self.text[start..];
        let col = line
            .char_indices()
            .nth(m.col())
            .map_or(line.len(), |(i, _)| i);
        start + col
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(src: &str) -> (Arc<str>, Doc) {
        let text: Arc<str> = Arc::from(src);
        let d = parse(&text, 0..text.len()).unwrap();
        (text, d)
    }

    #[test]
    fn spans_of_nested_fields() {
        let (t, d) = doc("title: 林\ncase:\n  status: done\ntowns:\n  - slug: a\n  - slug: bb\n");
        assert_eq!(&t[d.span("title")], "林");
        assert_eq!(&t[d.span("case.status")], "done");
        assert_eq!(&t[d.key_span("case.status")], "status");
        assert_eq!(&t[d.span("towns[1].slug")], "bb");
    }

    #[test]
    fn flow_mappings_are_indexed() {
        let (t, d) = doc("name: { zh: 鹤山市, en: Heshan }\n");
        assert_eq!(&t[d.span("name.en")], "Heshan");
        assert_eq!(&t[d.key_span("name.zh")], "zh");
    }

    #[test]
    fn unknown_paths_fall_back_to_parents() {
        let (t, d) = doc("case:\n  status: x\n");
        assert_eq!(&t[d.span("case.status.deep")], "x");
    }

    #[test]
    fn syntax_errors_have_a_location() {
        let text: Arc<str> = Arc::from("title: [unclosed\n");
        let e = parse(&text, 0..text.len()).unwrap_err();
        assert!(!e.message.contains(" at line "), "{}", e.message);
        assert!(e.span.start <= text.len());
    }
}
