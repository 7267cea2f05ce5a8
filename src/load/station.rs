//! `content/stations/<slug>.yaml`: a deputies' liaison station
//! (人大代表联络站), where residents meet their deputies, and the reception
//! sessions it announces.

use std::path::Path;
use std::sync::Arc;

use serde_yaml::{Mapping, Value};

use super::fields::{slug_problem, suggest_slug, Fields};
use super::folder::stem;
use super::registry::Registry;
use super::yaml::{self, child, item};
use super::{parse_all, read};
use crate::model::{hh_mm, Location, Reception, Station, Text, Time};
use crate::problem::{Problem, Problems};
use std::path::PathBuf;

const FIELDS: &[&str] = &[
    "name",
    "district",
    "town",
    "address",
    "location",
    "phone",
    "hours",
    "receptions",
];
const LOCATION_FIELDS: &[&str] = &["lat", "lon"];
const RECEPTION_FIELDS: &[&str] = &["date", "start", "end", "deputies"];

/// Parses one station file; `slug` comes from its file name.
pub fn parse(
    file: &Path,
    slug: &str,
    text: &Arc<str>,
    reg: &Registry,
    problems: &mut Problems,
) -> Option<Station> {
    if let Some(why) = slug_problem(slug) {
        problems.push(
            Problem::file(file, format!("`{slug}` is not a valid station slug: {why}"))
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
    let map = f.map("", &doc.value, FIELDS)?;
    let languages = &reg.languages;
    let name = f
        .required(
            "",
            map,
            "name",
            "{ zh: 白沙街道人大代表联络站, en: Baisha Subdistrict Deputies' Liaison Station }",
        )
        .and_then(|v| f.text("name", v, languages, &[]));
    let district = f
        .required("", map, "district", "pengjiang")
        .and_then(|v| reg.district_ref(&mut f, "district", v));
    let town = match (f.optional(map, "town"), &district) {
        (Some(v), Some(d)) => reg.town_ref(&mut f, "town", v, d.slug()).map(Some),
        (Some(_), None) => None,
        (None, _) => Some(None),
    };
    let address = optional_text(&mut f, map, "address", languages);
    let hours = optional_text(&mut f, map, "hours", languages);
    let location = match f.optional(map, "location") {
        Some(v) => location(&mut f, v).map(Some),
        None => Some(None),
    };
    let phone = match f.optional(map, "phone") {
        Some(v) => phone(&mut f, v).map(Some),
        None => Some(None),
    };
    let receptions = match f.optional(map, "receptions") {
        Some(v) => receptions(&mut f, v, reg),
        None => Some(Vec::new()),
    };
    Some(Station {
        slug: slug.to_string(),
        name: name?,
        district: district?,
        town: town?,
        address: address?,
        location: location?,
        phone: phone?,
        hours: hours?,
        receptions: receptions?,
        source: file.to_path_buf(),
    })
}

fn optional_text(
    f: &mut Fields,
    map: &Mapping,
    key: &str,
    languages: &[String],
) -> Option<Option<Text>> {
    match f.optional(map, key) {
        Some(v) => f.text(key, v, languages, &[]).map(Some),
        None => Some(None),
    }
}

fn location(f: &mut Fields, v: &Value) -> Option<Location> {
    let map = f.map("location", v, LOCATION_FIELDS)?;
    let mut coordinate = |key: &str, limit: f64, example: &str| {
        let path = child("location", key);
        let v = f.required("location", map, key, example)?;
        let n = match v {
            Value::Number(n) => n.as_f64(),
            _ => None,
        };
        match n {
            Some(n) if n.abs() <= limit => Some(n),
            _ => {
                f.error(
                    &path,
                    format!("`{path}` should be a number between -{limit} and {limit}"),
                    "write decimal degrees, e.g. `location: { lat: 22.5853, lon: 113.0812 }`",
                );
                None
            }
        }
    };
    let lat = coordinate("lat", 90.0, "22.5853");
    let lon = coordinate("lon", 180.0, "113.0812");
    Some(Location {
        lat: lat?,
        lon: lon?,
    })
}

/// A public line: digits, with the usual separators and extension marks.
fn phone(f: &mut Fields, v: &Value) -> Option<String> {
    let s = f.nonempty("phone", v)?;
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let plain = s
        .chars()
        .all(|c| c.is_ascii_digit() || " -+()转,".contains(c));
    if !plain || digits < 5 {
        f.error(
            "phone",
            format!("`{s}` is not a phone number"),
            "write the station's public line as digits, e.g. `phone: 0750-3500000`",
        );
        return None;
    }
    Some(s)
}

fn receptions(f: &mut Fields, value: &Value, reg: &Registry) -> Option<Vec<Reception>> {
    let Some(items) = value.as_sequence() else {
        f.error(
            "receptions",
            "`receptions` should be a list",
            "write each session as `- { date: 2024-12-05, start: \"09:00\", end: \"11:30\", deputies: [zhao-ge] }`",
        );
        return None;
    };
    let mut out: Vec<Reception> = Vec::new();
    let mut ok = true;
    for (i, v) in items.iter().enumerate() {
        let path = item("receptions", i);
        match reception(f, &path, v, reg) {
            Some(r)
                if out
                    .iter()
                    .any(|o| o.date == r.date && start(o) == start(&r)) =>
            {
                f.error(
                    &path,
                    format!("the reception of {} is listed twice", r.date),
                    "keep one entry per session; two sessions on one day need different start times",
                );
                ok = false;
            }
            Some(r) => out.push(r),
            None => ok = false,
        }
    }
    out.sort_by_key(|a| (a.date, start(a)));
    ok.then_some(out)
}

fn start(r: &Reception) -> Option<Time> {
    r.times.map(|(s, _)| s)
}

fn reception(f: &mut Fields, path: &str, v: &Value, reg: &Registry) -> Option<Reception> {
    let map = f.map(path, v, RECEPTION_FIELDS)?;
    let date = f
        .required(path, map, "date", "2024-12-05")
        .and_then(|d| f.date(&child(path, "date"), d));
    let start = match f.optional(map, "start") {
        Some(t) => time(f, &child(path, "start"), t).map(Some),
        None => Some(None),
    };
    let end = match f.optional(map, "end") {
        Some(t) => time(f, &child(path, "end"), t).map(Some),
        None => Some(None),
    };
    let deputies = match f.optional(map, "deputies") {
        Some(Value::Sequence(items)) => {
            let mut out = Vec::new();
            let mut ok = true;
            for (i, d) in items.iter().enumerate() {
                match reg.deputy_ref(f, &item(&child(path, "deputies"), i), d) {
                    Some(s) if out.contains(&s) => {}
                    Some(s) => out.push(s),
                    None => ok = false,
                }
            }
            ok.then_some(out)
        }
        Some(Value::String(_)) => {
            let d = map.get("deputies").unwrap_or(&Value::Null);
            reg.deputy_ref(f, &child(path, "deputies"), d)
                .map(|s| vec![s])
        }
        Some(_) => {
            f.error(
                &child(path, "deputies"),
                "`deputies` should be a list",
                "write `deputies: [zhao-ge]`, with the slugs of deputy files",
            );
            None
        }
        None => Some(Vec::new()),
    };
    let times = match (start?, end?) {
        (Some(s), Some(e)) if e <= s => {
            f.error(
                &child(path, "end"),
                format!(
                    "the reception ends at {} but starts at {}",
                    hh_mm(e),
                    hh_mm(s)
                ),
                "check both times: `end` comes after `start`, on the same day, in 24-hour time",
            );
            return None;
        }
        (Some(s), Some(e)) => Some((s, e)),
        (None, None) => None,
        (Some(_), None) => {
            f.error(
                path,
                "the reception has a `start` but no `end`",
                "add `end: \"11:30\"`, or remove `start` for a session announced for the whole day",
            );
            return None;
        }
        (None, Some(_)) => {
            f.error(
                path,
                "the reception has an `end` but no `start`",
                "add `start: \"09:00\"`, or remove `end` for a session announced for the whole day",
            );
            return None;
        }
    };
    Some(Reception {
        date: date?,
        times,
        deputies: deputies?,
    })
}

/// `HH:MM` in 24-hour time. YAML 1.1 readers would take `09:00` as a
/// number of minutes, so quotes are recommended, but the unquoted form is
/// read as written.
fn time(f: &mut Fields, path: &str, v: &Value) -> Option<Time> {
    let s = f.string(path, v)?;
    match parse_time(&s) {
        Ok(t) => Some(t),
        Err(why) => {
            f.error(
                path,
                why,
                "write the time as \"HH:MM\" in 24-hour time, in quotes, e.g. \"14:30\"",
            );
            None
        }
    }
}

pub fn parse_time(s: &str) -> Result<Time, String> {
    let (h, m) = s
        .split_once(':')
        .filter(|(h, m)| {
            (1..=2).contains(&h.len())
                && m.len() == 2
                && h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit())
        })
        .ok_or_else(|| format!("`{s}` is not a time"))?;
    let (h, m): (i8, i8) = (h.parse().unwrap_or(99), m.parse().unwrap_or(99));
    if h > 23 {
        return Err(format!("`{s}` is not a time: there is no hour {h}"));
    }
    if m > 59 {
        return Err(format!("`{s}` is not a time: there is no minute {m}"));
    }
    Time::new(h, m, 0, 0).map_err(|_| format!("`{s}` is not a time"))
}

pub(super) const DIR: &str = "content/stations";

/// Reads every liaison station's file.
pub(super) fn load(
    root: &Path,
    reg: &Registry,
    files: &[PathBuf],
    problems: &mut Problems,
) -> Vec<Station> {
    let mut stations = parse_all(files, problems, |shown, p| {
        let text = read(root, shown, p)?;
        parse(shown, &stem(shown), &text, reg, p)
    });
    stations.sort_by(|a, b| a.slug.cmp(&b.slug));
    stations
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        assert_eq!(hh_mm(parse_time("9:05").unwrap()), "09:05");
        assert_eq!(hh_mm(parse_time("23:59").unwrap()), "23:59");
        assert!(parse_time("24:00").unwrap_err().contains("no hour 24"));
        assert!(parse_time("12:60").unwrap_err().contains("no minute 60"));
        assert!(parse_time("noon").is_err());
        assert!(parse_time("1200").is_err());
    }
}
