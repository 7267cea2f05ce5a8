//! YAML with positions.
//!
//! serde_yaml gives us values and good syntax errors, but no position for a
//! value once parsed. Editors need to be told *where* a district is unknown,
//! so a second, event-level pass (saphyr-parser) records the span of every
//! key and value by its path (`case.status`, `records[2].district`). The two
//! parsers read the same text; when they disagree on an edge case, positions
//! fall back to the nearest enclosing field rather than failing.

use std::cell::Cell;
use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use saphyr_parser::{Event, Parser, Span};
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};
use serde_yaml::mapping::Entry;
use serde_yaml::value::{Tag, TaggedValue};
use serde_yaml::{Mapping, Value};

/// The fix for a YAML syntax error, which the parser cannot know.
pub const YAML_HELP: &str = "check the brackets, quotes and indentation on this line and the one before; text containing `: ` or ` #` needs quotes";

/// How deep mappings and lists may nest. The contract's deepest field is
/// four levels down; the limit is far above that yet keeps a run of
/// thousands of `[` from costing stack and time.
pub const MAX_DEPTH: usize = 64;

/// How many values one YAML block may hold, counting each value an alias
/// (`*name`) repeats. Aliases can repeat aliases, so a few lines could
/// otherwise stand for billions of values and exhaust the build machine's
/// memory; a real site file holds a few thousand.
pub const MAX_VALUES: usize = 1_000_000;

/// Bytes of field paths kept for locating problems in one block. Paths grow
/// with nesting and key length, so a file of long keys could otherwise make
/// the index many times larger than the file; beyond this, problems fall
/// back to the position of an enclosing field.
const MAX_INDEX_BYTES: usize = 32 << 20;

const DEPTH_HELP: &str = "no field of a site nests more than a few levels: look for a run of unclosed `[` or `{`, or lines indented ever further";
const VALUES_HELP: &str = "anchors (`&name`) and aliases (`*name`) are for small repeated parts: write the values out, or split the file";
const DUPLICATE_HELP: &str =
    "keep one of them: with both, one value would silently replace the other";

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

/// A syntax error (or a block over a limit): where, what, and the fix.
#[derive(Debug)]
pub struct SyntaxError {
    pub span: Range<usize>,
    pub message: String,
    pub help: &'static str,
}

/// Parses the YAML at `block` of `text` (the whole file, so spans are in
/// file coordinates).
///
/// The event pass runs first: it is linear in the text and stops at the
/// first container nested past [`MAX_DEPTH`], whereas libyaml (under
/// serde_yaml) rescans every open level at each token, so a few hundred
/// kilobytes of `[` would otherwise keep it busy for hours.
pub fn parse(text: &Arc<str>, block: Range<usize>) -> Result<Doc, SyntaxError> {
    let yaml = &text[block.clone()];
    if yaml.trim().is_empty() {
        return Ok(Doc {
            value: Value::Mapping(Default::default()),
            spots: HashMap::new(),
            block,
        });
    }
    let scan = index_spans(yaml, block.start);
    if let Some(at) = scan.too_deep {
        return Err(too_deep(text, at));
    }
    if let Some(at) = scan.too_many {
        return Err(SyntaxError {
            span: at..line_end(text, at),
            message: Limit::Values.message(),
            help: VALUES_HELP,
        });
    }
    if !scan.complete {
        // The event parser stopped at a syntax error, so it could not see
        // how deep the rest goes; count brackets instead, as a bound on
        // libyaml's work. Only a file with an error already pays for this
        // rougher check.
        if let Some(at) = bracket_depth_over(yaml, MAX_DEPTH) {
            return Err(too_deep(text, block.start + at));
        }
    }
    let budget = Cell::new(MAX_VALUES);
    let limit = Cell::new(None);
    let seed = Bounded {
        budget: &budget,
        depth: 0,
        limit: &limit,
    };
    let value = seed
        .deserialize(serde_yaml::Deserializer::from_str(yaml))
        .map_err(|e| syntax_error(text, &block, e, limit.take()))?;
    Ok(Doc {
        value,
        spots: scan.spots,
        block,
    })
}

/// A limit the value builder stopped at; its message replaces serde_yaml's,
/// which would lead with the (possibly very long) path to the value.
enum Limit {
    Depth,
    Values,
    Duplicate(String),
}

impl Limit {
    fn message(&self) -> String {
        match self {
            Limit::Depth => format!("the YAML nests more than {MAX_DEPTH} levels deep"),
            Limit::Values => format!(
                "the YAML holds more than {MAX_VALUES} values, counting each one an alias (`*name`) repeats"
            ),
            Limit::Duplicate(what) => format!("{what} appears twice in this mapping"),
        }
    }

    fn help(&self) -> &'static str {
        match self {
            Limit::Depth => DEPTH_HELP,
            Limit::Values => VALUES_HELP,
            Limit::Duplicate(_) => DUPLICATE_HELP,
        }
    }
}

fn too_deep(text: &str, at: usize) -> SyntaxError {
    SyntaxError {
        span: at..line_end(text, at),
        message: Limit::Depth.message(),
        help: DEPTH_HELP,
    }
}

/// Where the count of open `[` and `{` first exceeds `max`, counting every
/// bracket, quoted or not (so it can only overestimate the nesting).
fn bracket_depth_over(yaml: &str, max: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in yaml.bytes().enumerate() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The end of the line from `start`, or of its first 80 bytes: a block
/// refused for its size may be one line of megabytes, and marking all of it
/// would make the report as big.
fn line_end(text: &str, start: usize) -> usize {
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    floor_boundary(text, end.min(start + 80))
}

fn syntax_error(
    text: &str,
    block: &Range<usize>,
    e: serde_yaml::Error,
    limit: Option<Limit>,
) -> SyntaxError {
    let start = match e.location() {
        Some(loc) => block.start + loc.index().min(block.len()),
        None => block.start,
    };
    let start = floor_boundary(text, start);
    let span = start..line_end(text, start);
    if let Some(limit) = limit {
        return SyntaxError {
            span,
            message: limit.message(),
            help: limit.help(),
        };
    }
    // serde_yaml appends " at line X column Y"; we show our own location.
    let message = e.to_string();
    let message = match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    let (message, help) = if message.contains("recursion limit exceeded") {
        (Limit::Depth.message(), DEPTH_HELP)
    } else if message.contains("repetition limit exceeded") {
        (
            "aliases (`*name`) in this YAML repeat too much".to_string(),
            VALUES_HELP,
        )
    } else if let Some(colon) = full_width_colon(text, block.start..span.end) {
        return SyntaxError {
            span: colon..colon + '：'.len_utf8(),
            message: "a field name is followed by a full-width colon `：`".to_string(),
            help: FULL_WIDTH_HELP,
        };
    } else {
        (message, YAML_HELP)
    };
    SyntaxError {
        span,
        message,
        help,
    }
}

const FULL_WIDTH_HELP: &str = "YAML needs the ASCII colon and a space after a field name (`title: ...`); switch the input method to half-width punctuation for field names";

/// A line such as `title：植树`, typed with a Chinese input method: YAML
/// reads it as plain text and complains only a line later, so the real
/// slip is looked for before the place the parser stopped.
fn full_width_colon(text: &str, before: Range<usize>) -> Option<usize> {
    let region = &text[before.start..floor_boundary(text, before.end)];
    let mut offset = before.start;
    let mut found = None;
    for line in region.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let key_end = trimmed.find('：');
        let is_key = key_end.is_some_and(|k| {
            let key = trimmed[..k].trim_start_matches("- ");
            !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
        if let (true, Some(k)) = (is_key, key_end) {
            found = Some(offset + (line.len() - trimmed.len()) + k);
        }
        offset += line.len();
    }
    found
}

/// serde_yaml counts its index in bytes; should that ever land inside a
/// character, slicing there would panic.
fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Parses the block, or records its syntax error and gives `None`, so
/// each kind of file reads its YAML the same way.
pub fn parse_or_report(
    file: &std::path::Path,
    text: &Arc<str>,
    block: Range<usize>,
    problems: &mut crate::problem::Problems,
) -> Option<Doc> {
    parse(text, block)
        .map_err(|e| problems.push(e.problem(file, text)))
        .ok()
}

impl SyntaxError {
    /// The problem to report, in `file` whose whole text is `text`.
    pub fn problem(self, file: &std::path::Path, text: &Arc<str>) -> crate::problem::Problem {
        crate::problem::Problem::at(file, text, self.span, self.message).help(self.help)
    }
}

/// Builds a [`Value`] as serde_yaml's own `Deserialize` does, but counts
/// every value (aliases are expanded by the deserializer, so each repeat is
/// seen) and the depth, and stops at the limits instead of exhausting memory
/// or stack.
#[derive(Clone, Copy)]
struct Bounded<'b> {
    budget: &'b Cell<usize>,
    depth: usize,
    limit: &'b Cell<Option<Limit>>,
}

impl Bounded<'_> {
    fn take<E: de::Error>(&self) -> Result<(), E> {
        match self.budget.get().checked_sub(1) {
            Some(left) => {
                self.budget.set(left);
                Ok(())
            }
            None => Err(self.stop(Limit::Values)),
        }
    }

    fn deeper<E: de::Error>(&self) -> Result<Self, E> {
        self.take()?;
        if self.depth >= MAX_DEPTH {
            return Err(self.stop(Limit::Depth));
        }
        Ok(Bounded {
            depth: self.depth + 1,
            ..*self
        })
    }

    fn stop<E: de::Error>(&self, limit: Limit) -> E {
        let e = E::custom(limit.message());
        self.limit.set(Some(limit));
        e
    }
}

impl<'de> DeserializeSeed<'de> for Bounded<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Bounded<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Value, E> {
        self.take()?;
        Ok(Value::Bool(b))
    }

    fn visit_i64<E: de::Error>(self, i: i64) -> Result<Value, E> {
        self.take()?;
        Ok(Value::Number(i.into()))
    }

    fn visit_u64<E: de::Error>(self, u: u64) -> Result<Value, E> {
        self.take()?;
        Ok(Value::Number(u.into()))
    }

    /// Whole numbers beyond 64 bits: kept as (inexact) floats, so the
    /// field that reads them can say the figure is too large, rather than
    /// the parser rejecting the whole file in its own terms.
    fn visit_i128<E: de::Error>(self, i: i128) -> Result<Value, E> {
        self.visit_f64(i as f64)
    }

    fn visit_u128<E: de::Error>(self, u: u128) -> Result<Value, E> {
        self.visit_f64(u as f64)
    }

    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Value, E> {
        self.take()?;
        Ok(Value::Number(f.into()))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Value, E> {
        self.take()?;
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Value, E> {
        self.take()?;
        Ok(Value::String(s))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.take()?;
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        self.deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let inner = self.deeper()?;
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(inner)? {
            out.push(v);
        }
        Ok(Value::Sequence(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let inner = self.deeper()?;
        let mut out = Mapping::new();
        while let Some(key) = map.next_key_seed(inner)? {
            match out.entry(key) {
                Entry::Occupied(e) => {
                    let what = match e.key() {
                        Value::String(s) => format!("the field `{s}`"),
                        Value::Number(n) => format!("the key {n}"),
                        Value::Bool(b) => format!("the key `{b}`"),
                        Value::Null => "an empty key".to_string(),
                        _ => "a key".to_string(),
                    };
                    return Err(self.stop(Limit::Duplicate(what)));
                }
                Entry::Vacant(e) => {
                    e.insert(map.next_value_seed(inner)?);
                }
            }
        }
        Ok(Value::Mapping(out))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let inner = self.deeper()?;
        let (tag, contents) = data.variant_seed(TagName)?;
        let value = contents.newtype_variant_seed(inner)?;
        Ok(Value::Tagged(Box::new(TaggedValue { tag, value })))
    }
}

/// A tag such as `!date`, as serde_yaml hands it over.
struct TagName;

impl<'de> DeserializeSeed<'de> for TagName {
    type Value = Tag;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Tag, D::Error> {
        d.deserialize_string(self)
    }
}

impl Visitor<'_> for TagName {
    type Value = Tag;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML tag")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Tag, E> {
        if s.is_empty() {
            return Err(E::custom("a YAML tag is empty"));
        }
        Ok(Tag::new(s))
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

/// What the event pass found: the spans, and whether it read the block to
/// its end.
struct Scan {
    spots: HashMap<String, Spot>,
    /// The parser stopped at a syntax error.
    complete: bool,
    /// Where a container opens past [`MAX_DEPTH`], if one does.
    too_deep: Option<usize>,
    /// Where the count of values, aliases expanded, passes [`MAX_VALUES`].
    too_many: Option<usize>,
}

/// Counts values as serde_yaml will build them, each alias standing for
/// the whole of what its anchor holds.
#[derive(Default)]
struct Tally {
    total: usize,
    /// For each open container: its anchor (0 for none) and its size so far.
    open: Vec<(usize, usize)>,
    /// Size of each finished anchored value.
    anchors: HashMap<usize, usize>,
}

impl Tally {
    fn add(&mut self, n: usize) {
        self.total = self.total.saturating_add(n);
        if let Some((_, size)) = self.open.last_mut() {
            *size = size.saturating_add(n);
        }
    }

    fn scalar(&mut self, anchor: usize) {
        self.add(1);
        if anchor != 0 {
            self.anchors.insert(anchor, 1);
        }
    }

    fn alias(&mut self, anchor: usize) {
        let n = self.anchors.get(&anchor).copied().unwrap_or(1);
        self.add(n);
    }

    fn start(&mut self, anchor: usize) {
        self.total = self.total.saturating_add(1);
        self.open.push((anchor, 1));
    }

    fn end(&mut self) {
        if let Some((anchor, size)) = self.open.pop() {
            if anchor != 0 {
                self.anchors.insert(anchor, size);
            }
            if let Some((_, parent)) = self.open.last_mut() {
                *parent = parent.saturating_add(size);
            }
        }
    }
}

/// Walks the event stream and records the span of every key and value.
fn index_spans(yaml: &str, offset: usize) -> Scan {
    let offsets = Offsets {
        text: yaml,
        at: Cell::new((0, 0)),
    };
    let to_range = |s: &Span| offsets.byte(s.start) + offset..offsets.byte(s.end) + offset;
    let mut index = Index::default();
    let mut stack: Vec<Frame> = Vec::new();
    let mut depth = 0usize;
    let mut tally = Tally::default();
    let mut scan = Scan {
        spots: HashMap::new(),
        complete: true,
        too_deep: None,
        too_many: None,
    };
    for event in Parser::new_from_str(yaml) {
        let Ok((event, span)) = event else {
            scan.complete = false;
            break;
        };
        match &event {
            Event::Scalar(_, _, anchor, _) => tally.scalar(*anchor),
            Event::Alias(anchor) => tally.alias(*anchor),
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                tally.start(*anchor)
            }
            Event::SequenceEnd | Event::MappingEnd => tally.end(),
            _ => {}
        }
        if tally.total > MAX_VALUES {
            scan.too_many = Some(to_range(&span).start);
            break;
        }
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
                    place_value(&mut stack, &mut index, to_range(&span));
                }
            }
            Event::Alias(_) => {
                place_value(&mut stack, &mut index, to_range(&span));
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    scan.too_deep = Some(to_range(&span).start);
                    break;
                }
                let is_map = matches!(event, Event::MappingStart(..));
                let frame = match stack.last() {
                    Some(Frame::Map { key: None, .. }) | Some(Frame::Skip) => None,
                    _ => place_value(&mut stack, &mut index, to_range(&span)),
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
                depth = depth.saturating_sub(1);
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
    scan.spots = index.spots;
    scan
}

#[derive(Default)]
struct Index {
    spots: HashMap<String, Spot>,
    bytes: usize,
}

/// Records a value at the current position and returns its path, moving the
/// enclosing frame on to its next key or item.
fn place_value(stack: &mut [Frame], index: &mut Index, range: Range<usize>) -> Option<String> {
    let longest = match stack.last()? {
        Frame::Map { path, key, .. } => path.len() + key.as_ref().map_or(0, String::len) + 1,
        Frame::Seq { path, .. } => path.len() + 22,
        Frame::Root | Frame::Skip => 0,
    };
    if index.bytes + longest > MAX_INDEX_BYTES {
        // Beyond the budget, not even the path is built: a long key over a
        // long list would otherwise cost its length once per item.
        return None;
    }
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
    index.bytes += path.len();
    index.spots.insert(
        path.clone(),
        Spot {
            key: key_span,
            value: range,
        },
    );
    Some(path)
}

/// Converts saphyr's character indices into byte offsets. Events come in
/// order, so a cursor moved on from the last answer keeps the whole walk
/// linear, where a line-and-column lookup would rescan a long line (a
/// one-line list of a million items) once per event.
struct Offsets<'a> {
    text: &'a str,
    /// The last answer: (characters, bytes) from the start.
    at: Cell<(usize, usize)>,
}

impl Offsets<'_> {
    fn byte(&self, m: saphyr_parser::Marker) -> usize {
        let target = m.index();
        let (mut chars, mut bytes) = self.at.get();
        let text = self.text;
        while chars < target && bytes < text.len() {
            bytes += 1;
            while !text.is_char_boundary(bytes) {
                bytes += 1;
            }
            chars += 1;
        }
        while chars > target && bytes > 0 {
            bytes -= 1;
            while !text.is_char_boundary(bytes) {
                bytes -= 1;
            }
            chars -= 1;
        }
        self.at.set((chars, bytes));
        bytes
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
        assert_eq!(e.message, "did not find expected ',' or ']'");
        // Where the parser gave up: the end of the text, the list never closed.
        assert_eq!(e.span, text.len()..text.len());
    }
}
