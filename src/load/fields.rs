//! Typed reading of YAML fields, collecting problems as it goes.
//!
//! Each reader returns `None` after recording a problem, so a caller can
//! keep reading the other fields of the same file and report them all in one
//! run, instead of stopping at the first bad value.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_yaml::{Mapping, Value};

use super::yaml::{self, Doc};
use crate::model::{Date, Lang, Text};
use crate::problem::{closest, Problem, Problems};

/// One YAML block being read: its file, its text, its spans, and the
/// problems found so far.
pub struct Fields<'a> {
    pub file: &'a Path,
    pub text: &'a Arc<str>,
    pub doc: &'a Doc,
    pub problems: &'a mut Problems,
}

impl Fields<'_> {
    pub fn file(&self) -> PathBuf {
        self.file.to_path_buf()
    }

    /// Records a problem at the value of `path`.
    pub fn error(&mut self, path: &str, message: impl Into<String>, help: impl Into<String>) {
        let span = self.doc.span(path);
        self.push_at(span, message, help);
    }

    /// Records a warning at the value of `path`: the site still builds.
    pub fn warn(&mut self, path: &str, message: impl Into<String>, help: impl Into<String>) {
        let span = self.doc.span(path);
        let p = Problem::at(self.file, self.text, span, message).help(help);
        self.problems.push(p.warning());
    }

    /// Records a problem at the key of `path`.
    pub fn key_error(&mut self, path: &str, message: impl Into<String>, help: impl Into<String>) {
        let span = self.doc.key_span(path);
        self.push_at(span, message, help);
    }

    fn push_at(
        &mut self,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let help = help.into();
        let mut p = Problem::at(self.file, self.text, span, message);
        if !help.is_empty() {
            p = p.help(help);
        }
        self.problems.push(p);
    }

    /// A mapping whose keys must all be in `allowed`: a misspelt field would
    /// otherwise be silently ignored.
    pub fn map<'v>(
        &mut self,
        path: &str,
        value: &'v Value,
        allowed: &[&str],
    ) -> Option<&'v Mapping> {
        self.map_refusing(path, value, allowed, &[])
    }

    /// Like [`Fields::map`], with fields that are known but refused, which
    /// the caller reports with its own reason: they are not "unknown", and
    /// the help never offers them as allowed.
    pub fn map_refusing<'v>(
        &mut self,
        path: &str,
        value: &'v Value,
        allowed: &[&str],
        refused: &[&str],
    ) -> Option<&'v Mapping> {
        let Value::Mapping(map) = value else {
            let what = describe(value);
            self.error(
                path,
                format!("{} should be a mapping of fields, not {what}", name(path)),
                "write it as `field: value` lines, or `{ field: value }`",
            );
            return None;
        };
        for key in map.keys() {
            let Some(k) = key.as_str() else {
                self.error(
                    path,
                    format!("field names in {} must be text", name(path)),
                    format!(
                        "write each field as `name: value`; allowed here: {}",
                        allowed.join(", ")
                    ),
                );
                continue;
            };
            if !allowed.contains(&k) && !refused.contains(&k) {
                let help = match closest(k, allowed.iter().copied()) {
                    Some(near) => format!(
                        "did you mean `{near}`? allowed here: {}",
                        allowed.join(", ")
                    ),
                    None => format!("allowed here: {}", allowed.join(", ")),
                };
                self.key_error(&yaml::child(path, k), format!("unknown field `{k}`"), help);
            }
        }
        Some(map)
    }

    /// A field that must be present.
    pub fn required<'v>(
        &mut self,
        path: &str,
        map: &'v Mapping,
        key: &str,
        example: &str,
    ) -> Option<&'v Value> {
        match map.get(key) {
            Some(Value::Null) | None => {
                let at = self.doc.missing_span(path);
                self.push_at(
                    at,
                    format!("missing required field `{key}`{}", in_where(path)),
                    format!("add a line such as `{key}: {example}`"),
                );
                None
            }
            Some(v) => Some(v),
        }
    }

    /// A field that may be absent or `~`.
    pub fn optional<'v>(&self, map: &'v Mapping, key: &str) -> Option<&'v Value> {
        match map.get(key) {
            Some(Value::Null) | None => None,
            Some(v) => Some(v),
        }
    }

    /// Text: a string, or a number or boolean written where text was meant.
    pub fn string(&mut self, path: &str, value: &Value) -> Option<String> {
        match value {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            other => {
                let what = describe(other);
                self.error(
                    path,
                    format!("{} should be text, not {what}", name(path)),
                    "write it on one line, in quotes if it contains `:` or `#`",
                );
                None
            }
        }
    }

    /// A non-empty string.
    pub fn nonempty(&mut self, path: &str, value: &Value) -> Option<String> {
        let s = self.string(path, value)?;
        if s.trim().is_empty() {
            self.error(
                path,
                format!("{} is empty", name(path)),
                "write the text, or remove the field",
            );
            return None;
        }
        Some(s)
    }

    pub fn bool(&mut self, path: &str, value: &Value) -> Option<bool> {
        match value {
            Value::Bool(b) => Some(*b),
            other => {
                let what = describe(other);
                self.error(
                    path,
                    format!("{} should be true or false, not {what}", name(path)),
                    "write `true` or `false`",
                );
                None
            }
        }
    }

    /// A list of text items; a single item is accepted as a list of one.
    pub fn strings(&mut self, path: &str, value: &Value) -> Option<Vec<String>> {
        match value {
            Value::Sequence(items) => {
                let mut out = Vec::new();
                for (i, v) in items.iter().enumerate() {
                    out.push(self.nonempty(&yaml::item(path, i), v)?);
                }
                Some(out)
            }
            Value::String(_) | Value::Number(_) => Some(vec![self.nonempty(path, value)?]),
            other => {
                let what = describe(other);
                self.error(
                    path,
                    format!("{} should be a list, not {what}", name(path)),
                    "write it as `[a, b]`",
                );
                None
            }
        }
    }

    /// A slug: lowercase ASCII letters, digits and single hyphens.
    pub fn slug(&mut self, path: &str, value: &Value) -> Option<String> {
        let s = self.string(path, value)?;
        match slug_problem(&s) {
            None => Some(s),
            Some(why) => {
                self.error(
                    path,
                    format!("`{s}` is not a valid slug: {why}"),
                    format!("try `{}`", suggest_slug(&s)),
                );
                None
            }
        }
    }

    /// A calendar date written `YYYY-MM-DD`, which must exist.
    pub fn date(&mut self, path: &str, value: &Value) -> Option<Date> {
        let s = self.string(path, value)?;
        match parse_date(&s) {
            Ok(d) => Some(d),
            Err(why) => {
                self.error(path, why, "write the date as YYYY-MM-DD, e.g. 2024-03-12");
                None
            }
        }
    }

    /// A non-negative number; `whole` for counts.
    pub fn number(&mut self, path: &str, value: &Value, whole: bool) -> Option<f64> {
        let n = match value {
            Value::Number(n) => n.as_f64(),
            _ => None,
        };
        let Some(n) = n else {
            // YAML reads `1e400` as text, since no float holds it.
            if let Value::String(s) = value {
                if s.parse::<f64>().is_ok_and(f64::is_infinite) {
                    self.error(
                        path,
                        format!("{} is too large ({s})", name(path)),
                        "check the figure: values above 10^15 are refused",
                    );
                    return None;
                }
            }
            let what = describe(value);
            self.error(
                path,
                format!("{} should be a number, not {what}", name(path)),
                "write digits only, e.g. 180000 (no separators or units)",
            );
            return None;
        };
        // serde_yaml's own form: `1e300` rather than 301 digits.
        let shown = match value {
            Value::Number(v) => v.to_string(),
            _ => n.to_string(),
        };
        if n.is_nan() {
            self.error(
                path,
                format!("{} is not a number ({shown})", name(path)),
                "write digits only, e.g. 180000 (no separators or units)",
            );
            return None;
        }
        if n < 0.0 {
            self.error(
                path,
                format!("{} must be zero or more, not {shown}", name(path)),
                "write a non-negative number",
            );
            return None;
        }
        if n > 1e15 {
            self.error(
                path,
                format!("{} is too large ({shown})", name(path)),
                "check the figure: values above 10^15 are refused",
            );
            return None;
        }
        if whole && n.fract() != 0.0 {
            self.error(
                path,
                format!(
                    "{} counts things, so it must be a whole number, not {n}",
                    name(path)
                ),
                "round it, or give the metric a unit other than count in site.yaml",
            );
            return None;
        }
        Some(n)
    }

    /// One of a fixed set of words.
    pub fn choice<T: Clone>(
        &mut self,
        path: &str,
        value: &Value,
        options: &[(&str, T)],
    ) -> Option<T> {
        let s = self.string(path, value)?;
        if let Some((_, t)) = options.iter().find(|(k, _)| *k == s) {
            return Some(t.clone());
        }
        let names: Vec<&str> = options.iter().map(|(k, _)| *k).collect();
        let help = match closest(&s, names.iter().copied()) {
            Some(near) => format!("did you mean `{near}`? one of: {}", names.join(", ")),
            None => format!("use one of: {}", names.join(", ")),
        };
        self.error(path, format!("`{s}` is not a valid {}", name(path)), help);
        None
    }

    /// Text in several languages: a map from language code to string, or a
    /// plain string for the default language. The default language must be
    /// there, since every other language falls back to it.
    pub fn text(
        &mut self,
        path: &str,
        value: &Value,
        languages: &[Lang],
        extra: &[&str],
    ) -> Option<Text> {
        if let Value::String(_) | Value::Number(_) = value {
            let s = self.nonempty(path, value)?;
            return Some(Text([(languages[0].clone(), s)].into()));
        }
        let mut allowed: Vec<&str> = languages.iter().map(String::as_str).collect();
        allowed.extend_from_slice(extra);
        let map = self.map(path, value, &allowed)?;
        let mut text = Text::default();
        for lang in languages {
            if let Some(v) = self.optional(map, lang) {
                let s = self.nonempty(&yaml::child(path, lang), v)?;
                text.0.insert(lang.clone(), s);
            }
        }
        if !text.0.contains_key(&languages[0]) {
            let default = &languages[0];
            self.error(
                path,
                format!("{} has no `{default}` text", name(path)),
                format!("add `{default}: ...`: other languages fall back to it"),
            );
            return None;
        }
        Some(text)
    }
}

fn in_where(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!(" in `{path}`")
    }
}

/// How a field is named in messages: its path, in backticks.
pub fn name(path: &str) -> String {
    if path.is_empty() {
        "the file".to_string()
    } else {
        format!("`{path}`")
    }
}

fn describe(v: &Value) -> String {
    match v {
        Value::Null => "empty".into(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the text \"{}\"", s.chars().take(40).collect::<String>()),
        Value::Sequence(_) => "a list".into(),
        Value::Mapping(_) => "a mapping".into(),
        Value::Tagged(_) => "a tagged value".into(),
    }
}

/// Why `s` is not a slug, if it is not.
pub fn slug_problem(s: &str) -> Option<&'static str> {
    if s.is_empty() {
        return Some("it is empty");
    }
    if s.len() > 64 {
        return Some("it is longer than 64 characters");
    }
    if !s
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Some("only lowercase ASCII letters, digits and hyphens are allowed");
    }
    if s.starts_with('-') || s.ends_with('-') || s.contains("--") {
        return Some("hyphens must be single and between letters or digits");
    }
    None
}

/// A slug close to what the editor wrote, for the fix.
pub fn suggest_slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    let out: String = out.chars().take(64).collect();
    if out.is_empty() {
        "a-short-english-name".into()
    } else {
        out.trim_end_matches('-').to_string()
    }
}

/// Parses `YYYY-MM-DD`, explaining an impossible date in words.
pub fn parse_date(s: &str) -> Result<Date, String> {
    let parts: Vec<&str> = s.split('-').collect();
    let shape_ok = parts.len() == 3
        && parts[0].len() == 4
        && parts[1].len() == 2
        && parts[2].len() == 2
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
    if !shape_ok {
        return Err(format!("`{s}` is not a date"));
    }
    let (y, m, d): (i16, i8, i8) = (
        parts[0].parse().unwrap_or(0),
        parts[1].parse().unwrap_or(0),
        parts[2].parse().unwrap_or(0),
    );
    if !(1..=12).contains(&m) {
        return Err(format!("`{s}` is not a date: there is no month {m}"));
    }
    Date::new(y, m, d).map_err(|_| {
        let days = Date::new(y, m, 1).map(|f| f.days_in_month()).unwrap_or(31);
        format!(
            "`{s}` is not a date: {} {y} has {days} days",
            crate::model::month_name(m)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impossible_dates_are_explained() {
        assert_eq!(
            parse_date("2023-02-30").unwrap_err(),
            "`2023-02-30` is not a date: February 2023 has 28 days"
        );
        assert_eq!(parse_date("2024-02-29"), Ok(Date::constant(2024, 2, 29)));
        assert!(parse_date("2024-13-01")
            .unwrap_err()
            .contains("no month 13"));
        assert_eq!(
            parse_date("2024-3-1").unwrap_err(),
            "`2024-3-1` is not a date"
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(slug_problem("deputy-forest"), None);
        let case = "only lowercase ASCII letters, digits and hyphens are allowed";
        let hyphens = "hyphens must be single and between letters or digits";
        assert_eq!(slug_problem("Deputy"), Some(case));
        assert_eq!(slug_problem("a--b"), Some(hyphens));
        assert_eq!(slug_problem("-a"), Some(hyphens));
        assert_eq!(suggest_slug("Deputy Forest!"), "deputy-forest");
    }
}
