//! `content/deputies/<slug>.yaml`: who represents residents, and where
//! they can be met.
//!
//! A deputy's page is about the office, never the person's private life:
//! China's Personal Information Protection Law (PIPL) makes publishing a
//! deputy's own phone number, address or identity number without consent
//! unlawful, so those fields are refused outright rather than ignored, and
//! residents are pointed to the liaison station's public line instead.

use std::path::Path;
use std::sync::Arc;

use serde_yaml::{Mapping, Value};

use super::fields::{parse_date, slug_problem, suggest_slug, Fields};
use super::folder::{is_hidden, is_yaml, stem};
use super::photo::{photo, Beside};
use super::registry::Registry;
use super::yaml::{self, child, item};
use super::{parse_all, read};
use crate::model::{Date, Deputy, Level, MonthOrDay, Term};
use crate::problem::{Problem, Problems};
use std::path::PathBuf;

const FIELDS: &[&str] = &[
    "name",
    "level",
    "district",
    "town",
    "terms",
    "role",
    "occupation",
    "stations",
    "photo",
];

/// Fields that would publish a deputy's personal data.
pub const PERSONAL: &[&str] = &[
    "phone",
    "mobile",
    "email",
    "address",
    "id_number",
    "birth_date",
    "wechat",
];

const TERM_FIELDS: &[&str] = &["congress", "from", "to"];
const BESIDE: Beside = Beside {
    folder: "the deputy's file, in content/deputies/",
    example: "zhao-ge.jpg",
};
const LEVELS: &[(&str, Level)] = &[
    ("national", Level::National),
    ("provincial", Level::Provincial),
    ("city", Level::City),
    ("county", Level::County),
    ("town", Level::Town),
];

/// Parses one deputy file; `slug` comes from its file name, and
/// `photo_exists` says whether a file beside it exists.
pub fn parse(
    file: &Path,
    slug: &str,
    text: &Arc<str>,
    reg: &Registry,
    photo_exists: &dyn Fn(&str) -> bool,
    problems: &mut Problems,
) -> Option<Deputy> {
    if let Some(why) = slug_problem(slug) {
        problems.push(
            Problem::file(file, format!("`{slug}` is not a valid deputy slug: {why}"))
                .help(format!("rename the file to {}.yaml", suggest_slug(slug))),
        );
        return None;
    }
    let doc = yaml::parse_or_report(file, text, 0..text.len(), problems)?;
    let mut f = Fields {
        file,
        text,
        doc: &doc,
        problems,
    };
    let map = f.map_refusing("", &doc.value, FIELDS, PERSONAL)?;
    let personal_ok = refuse_personal(&mut f, map);
    let languages = &reg.languages;
    let name = f
        .required("", map, "name", "{ zh: 赵戈, en: Zhao Ge }")
        .and_then(|v| f.text("name", v, languages, &[]));
    let level = f
        .required("", map, "level", "city")
        .and_then(|v| f.choice("level", v, LEVELS));
    let district = f
        .required("", map, "district", "pengjiang")
        .and_then(|v| reg.district_ref(&mut f, "district", v));
    let town = match (f.optional(map, "town"), &district) {
        (Some(v), Some(d)) => reg.town_ref(&mut f, "town", v, d.slug()).map(Some),
        (Some(_), None) => None,
        (None, _) => Some(None),
    };
    let terms = match f.optional(map, "terms") {
        Some(v) => terms(&mut f, v, languages),
        None => Some(Vec::new()),
    };
    let role = optional_text(&mut f, map, "role", languages);
    let occupation = optional_text(&mut f, map, "occupation", languages);
    let stations = match f.optional(map, "stations") {
        Some(v) => stations(&mut f, v, reg),
        None => Some(Vec::new()),
    };
    let photo = match f.optional(map, "photo") {
        Some(v) => photo(&mut f, "photo", v, languages, photo_exists, &BESIDE).map(Some),
        None => Some(None),
    };
    if !personal_ok {
        return None;
    }
    Some(Deputy {
        slug: slug.to_string(),
        name: name?,
        level: level?,
        district: district?,
        town: town?,
        terms: terms?,
        role: role?,
        occupation: occupation?,
        stations: stations?,
        photo: photo?,
        source: file.to_path_buf(),
    })
}

/// Reports every personal field; `false` when there was one.
fn refuse_personal(f: &mut Fields, map: &Mapping) -> bool {
    let mut ok = true;
    for key in map.keys().filter_map(Value::as_str) {
        if PERSONAL.contains(&key) {
            f.key_error(
                key,
                format!("`{key}` is a deputy's personal data, which the site never publishes (Personal Information Protection Law, PIPL)"),
                "remove it: the Personal Information Protection Law forbids publishing it without consent; residents reach a deputy through a liaison station's public line (`phone` in content/stations/<slug>.yaml, and the station in `stations` here)",
            );
            ok = false;
        }
    }
    ok
}

fn optional_text(
    f: &mut Fields,
    map: &Mapping,
    key: &str,
    languages: &[String],
) -> Option<Option<crate::model::Text>> {
    match f.optional(map, key) {
        Some(v) => f.text(key, v, languages, &[]).map(Some),
        None => Some(None),
    }
}

fn stations(f: &mut Fields, value: &Value, reg: &Registry) -> Option<Vec<String>> {
    let items: Vec<(String, &Value)> = match value {
        Value::Sequence(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (item("stations", i), v))
            .collect(),
        Value::String(_) => vec![("stations".to_string(), value)],
        _ => {
            f.error(
                "stations",
                "`stations` should be a list",
                "write `stations: [baisha]`, with the slugs of station files",
            );
            return None;
        }
    };
    let mut out = Vec::new();
    let mut ok = true;
    for (path, v) in items {
        match reg.station_ref(f, &path, v) {
            Some(s) if out.contains(&s) => {}
            Some(s) => out.push(s),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn terms(f: &mut Fields, value: &Value, languages: &[String]) -> Option<Vec<Term>> {
    let Some(items) = value.as_sequence() else {
        f.error(
            "terms",
            "`terms` should be a list",
            "write each term as `- { congress: { zh: ..., en: ... }, from: 2022-01, to: ~ }`",
        );
        return None;
    };
    let mut out: Vec<Term> = Vec::new();
    let mut ok = true;
    for (i, v) in items.iter().enumerate() {
        let path = item("terms", i);
        let Some(map) = f.map(&path, v, TERM_FIELDS) else {
            ok = false;
            continue;
        };
        let congress = f
            .required(
                &path,
                map,
                "congress",
                "{ zh: 江门市第十六届人民代表大会, en: 16th Jiangmen Municipal People's Congress }",
            )
            .and_then(|c| f.text(&child(&path, "congress"), c, languages, &[]));
        let from = f
            .required(&path, map, "from", "2022-01")
            .and_then(|d| month_or_day(f, &child(&path, "from"), d));
        let to = match f.optional(map, "to") {
            Some(d) => month_or_day(f, &child(&path, "to"), d).map(Some),
            None => Some(None),
        };
        let (Some(congress), Some(from), Some(to)) = (congress, from, to) else {
            ok = false;
            continue;
        };
        if let Some(end) = to {
            if end.known_cmp(from).is_lt() {
                f.error(
                    &child(&path, "to"),
                    format!("`{path}` ends ({end}) before it starts ({from})"),
                    "check both dates: `to` is the end of the term, or `~` while it runs",
                );
                ok = false;
                continue;
            }
        }
        if let Some(prev) = out.last() {
            if from.known_cmp(prev.from).is_lt() {
                f.error(
                    &child(&path, "from"),
                    format!(
                        "`{path}` starts ({from}) before the term listed above it ({})",
                        prev.from
                    ),
                    "list terms oldest first",
                );
                ok = false;
                continue;
            }
        }
        out.push(Term { congress, from, to });
    }
    ok.then_some(out)
}

/// `YYYY-MM` or `YYYY-MM-DD`.
fn month_or_day(f: &mut Fields, path: &str, value: &Value) -> Option<MonthOrDay> {
    let s = f.string(path, value)?;
    match parse_month_or_day(&s) {
        Ok(d) => Some(d),
        Err(why) => {
            f.error(
                path,
                why,
                "write a month as YYYY-MM (2022-01) or a day as YYYY-MM-DD",
            );
            None
        }
    }
}

pub fn parse_month_or_day(s: &str) -> Result<MonthOrDay, String> {
    if s.len() == 10 {
        return parse_date(s).map(MonthOrDay::Day);
    }
    let shape_ok = s.len() == 7
        && s.as_bytes()[4] == b'-'
        && s.bytes()
            .enumerate()
            .all(|(i, b)| i == 4 || b.is_ascii_digit());
    if !shape_ok {
        return Err(format!("`{s}` is not a month or a date"));
    }
    let year: i16 = s[..4].parse().unwrap_or(0);
    let month: i8 = s[5..].parse().unwrap_or(0);
    if !(1..=12).contains(&month) || Date::new(year, month, 1).is_err() {
        return Err(format!("`{s}` is not a month: there is no month {month}"));
    }
    Ok(MonthOrDay::Month { year, month })
}

pub(super) const DIR: &str = "content/deputies";

/// Deputies' YAML files, and their photos beside them: any other file
/// there is warned of, as one that nothing uses.
pub(super) fn load(
    root: &Path,
    reg: &Registry,
    files: &[PathBuf],
    problems: &mut Problems,
) -> Vec<Deputy> {
    let dir = Path::new(DIR);
    let yaml: Vec<PathBuf> = files
        .iter()
        .filter(|f| is_yaml(f) && f.components().count() == 1)
        .map(|f| dir.join(f))
        .collect();
    let others: Vec<&PathBuf> = files
        .iter()
        .filter(|f| !(is_yaml(f) && f.components().count() == 1))
        .collect();
    let exists = |src: &str| others.iter().any(|f| f.as_path() == Path::new(src));
    let mut deputies = parse_all(&yaml, problems, |shown, p| {
        let text = read(root, shown, p)?;
        parse(shown, &stem(shown), &text, reg, &exists, p)
    });
    deputies.sort_by(|a, b| a.slug.cmp(&b.slug));
    for f in others {
        let used = deputies.iter().any(|d| {
            d.photo
                .as_ref()
                .is_some_and(|p| Path::new(&p.src) == f.as_path())
        });
        if !used && !is_hidden(f) {
            problems.push(
                Problem::file(dir.join(f), "this file is not read")
                    .help("files here are deputies (<slug>.yaml directly in content/deputies/) and the photos they name in `photo.src`")
                    .warning(),
            );
        }
    }
    deputies
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_days() {
        assert_eq!(
            parse_month_or_day("2022-01").unwrap(),
            MonthOrDay::Month {
                year: 2022,
                month: 1
            }
        );
        assert!(matches!(
            parse_month_or_day("2022-01-15").unwrap(),
            MonthOrDay::Day(_)
        ));
        assert!(parse_month_or_day("2022-13").is_err());
        assert!(parse_month_or_day("2022").is_err());
        let month = parse_month_or_day("2022-01").unwrap();
        let day = parse_month_or_day("2022-01-15").unwrap();
        assert!(
            month.known_cmp(day).is_eq(),
            "a month equals a day inside it"
        );
    }
}
