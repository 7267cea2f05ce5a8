//! `content/stats/<period>.yaml`: figures per district for one period.

use std::path::Path;
use std::sync::Arc;

use serde_yaml::Value;

use super::event_date::event_date;
use super::fields::Fields;
use super::folder::{files_with, stem};
use super::registry::Registry;
use super::yaml::{self, child, item};
use super::{parse_all, read};
use crate::model::{Period, Record, Source, Text, Unit};
use crate::problem::{line_column, Problem, Problems};

const FIELDS: &[&str] = &["period", "source", "records"];

/// Parses one statistics file; `stem` is its file name without `.yaml`.
pub fn parse(
    file: &Path,
    stem: &str,
    text: &Arc<str>,
    reg: &Registry,
    problems: &mut Problems,
) -> Option<Period> {
    if let Err(why) = check_period(stem) {
        problems.push(
            Problem::file(file, format!("`{stem}` is not a period: {why}"))
                .help("name statistics files by year or month, e.g. 2023.yaml or 2023-07.yaml"),
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
    let period = f
        .required("", map, "period", stem)
        .and_then(|v| f.string("period", v));
    let period = period.and_then(|p| {
        if p == stem {
            return Some(p);
        }
        f.error(
            "period",
            format!("period `{p}` does not match the file name `{stem}.yaml`"),
            format!("write `period: {stem}`, or rename the file to {p}.yaml"),
        );
        None
    });
    let source = f
        .required(
            "",
            map,
            "source",
            "{ zh: 市人大常委会工作报告, en: Standing Committee work report }",
        )
        .and_then(|v| source(&mut f, v, reg));
    let records = f
        .required(
            "",
            map,
            "records",
            "[{ district: pengjiang, proposals: 33 }]",
        )
        .and_then(|v| records(&mut f, v, reg));
    Some(Period {
        period: period?,
        source: source?,
        records: records?,
        file: file.to_path_buf(),
    })
}

/// Why a file stem is not a period (`YYYY` or `YYYY-MM`), if it is not.
pub fn check_period(p: &str) -> Result<(), &'static str> {
    let b = p.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    match b.len() {
        4 if digits(0..4) => Ok(()),
        7 if digits(0..4) && b[4] == b'-' && digits(5..7) => match p[5..].parse::<u8>() {
            Ok(1..=12) => Ok(()),
            _ => Err("there is no such month"),
        },
        _ => Err("write it as YYYY or YYYY-MM"),
    }
}

/// A source: bilingual text (with an optional `url`), or a citation with
/// `title`, `publisher`, `date` and `url` (SPEC section 9), which residents
/// see in full, linked.
pub(super) fn source(f: &mut Fields, v: &Value, reg: &Registry) -> Option<Source> {
    let citation = v.as_mapping().is_some_and(|m| m.contains_key("title"));
    if !citation {
        let name = f.text("source", v, &reg.languages, &["url"])?;
        let url = match v
            .as_mapping()
            .and_then(|m| m.get("url"))
            .filter(|u| !u.is_null())
        {
            Some(u) => Some(web_address(f, "source.url", u)?),
            None => None,
        };
        return Some(Source {
            name,
            url,
            publisher: None,
            date: None,
        });
    }
    let map = f.map("source", v, &["title", "publisher", "date", "url"])?;
    let title = f
        .required("source", map, "title", "{ zh: 标题, en: Title }")
        .and_then(|t| f.text("source.title", t, &reg.languages, &[]));
    let publisher = match f.optional(map, "publisher") {
        Some(p) => f.text("source.publisher", p, &reg.languages, &[]).map(Some),
        None => Some(None),
    };
    let date = match f.optional(map, "date") {
        Some(d) => event_date(f, "source.date", d).map(Some),
        None => Some(None),
    };
    let url = match f.optional(map, "url") {
        Some(u) => web_address(f, "source.url", u).map(Some),
        None => Some(None),
    };
    Some(Source {
        name: title?,
        url: url?,
        publisher: publisher?,
        date: date?,
    })
}

/// Residents follow a source's link, so it must be a web page.
fn web_address(f: &mut Fields, path: &str, v: &Value) -> Option<String> {
    let url = f.nonempty(path, v)?;
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://"))
        || url.contains(char::is_whitespace)
    {
        f.error(
            path,
            format!("`{url}` is not a web address"),
            "give the address of the publication's page, starting with https:// or http://",
        );
        return None;
    }
    Some(url)
}

fn records(f: &mut Fields, v: &Value, reg: &Registry) -> Option<Vec<Record>> {
    let Some(items) = v.as_sequence() else {
        f.error(
            "records",
            "`records` should be a list",
            "write each record as `- district: pengjiang` with its figures below",
        );
        return None;
    };
    let mut out: Vec<Record> = Vec::new();
    let mut ok = true;
    for (i, v) in items.iter().enumerate() {
        match record(f, &item("records", i), v, reg) {
            Some(r) => {
                if let Some(first) = out
                    .iter()
                    .find(|o| o.district == r.district && o.campaign == r.campaign)
                {
                    let what = match &r.campaign {
                        Some(c) => format!(
                            "campaign \"{}\"",
                            c.get(&reg.languages[0], &reg.languages[0]).0
                        ),
                        None => "no campaign".to_string(),
                    };
                    f.error(&item("records", i), format!("district `{}` with {what} appears twice in this period (first at line {})", r.district, first.line), "merge the two records, or give one a `campaign`");
                    ok = false;
                }
                out.push(r);
            }
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn record(f: &mut Fields, path: &str, v: &Value, reg: &Registry) -> Option<Record> {
    let Some(map) = v.as_mapping() else {
        f.error(
            path,
            "a record should be a mapping of `district` and figures",
            "write `- district: pengjiang` then `proposals: 33`",
        );
        return None;
    };
    let line = line_column(f.text, f.doc.span(path).start).0;
    let district = f
        .required(path, map, "district", "pengjiang")
        .and_then(|d| reg.district_ref(f, &child(path, "district"), d));
    let campaign = match f.optional(map, "campaign") {
        Some(c) => f
            .text(&child(path, "campaign"), c, &reg.languages, &[])
            .map(Some),
        None => Some(None::<Text>),
    };
    let cumulative_since = match f.optional(map, "cumulative_since") {
        Some(y) => cumulative_since(f, &child(path, "cumulative_since"), y).map(Some),
        None => Some(None),
    };
    let mut values = Vec::new();
    let mut estimated = Vec::new();
    let mut ok = true;
    for (key, value) in map {
        let Some(k) = key.as_str() else { continue };
        if k == "district" || k == "campaign" || k == "cumulative_since" {
            continue;
        }
        let field = child(path, k);
        let Some(metric) = reg.metrics.iter().find(|m| m.key == k) else {
            let keys: Vec<&str> = reg.metrics.iter().map(|m| m.key.as_str()).collect();
            let help = match crate::problem::closest(k, keys.iter().copied()) {
                Some(near) => format!("did you mean `{near}`? known metrics: {}; others can be declared under `metrics` in site.yaml", keys.join(", ")),
                None => format!("known metrics: {}; declare new ones under `metrics` in site.yaml", keys.join(", ")),
            };
            f.key_error(&field, format!("unknown metric `{k}`"), help);
            ok = false;
            continue;
        };
        let (value, is_estimate) = match value.as_mapping() {
            Some(_) => match estimated_value(f, &field, value) {
                Some(v) => v,
                None => {
                    ok = false;
                    continue;
                }
            },
            None => (value, false),
        };
        match f.number(&field, value, metric.unit == Unit::Count) {
            Some(n) => {
                values.push((k.to_string(), n));
                if is_estimate {
                    estimated.push(k.to_string());
                }
            }
            None => ok = false,
        }
    }
    values.sort_by_key(|(k, _)| reg.metrics.iter().position(|m| &m.key == k));
    if values.is_empty() && ok {
        f.error(
            path,
            "this record has no figures",
            "add at least one metric, e.g. `suggestions_collected: 140`",
        );
        ok = false;
    }
    let get = |k: &str| values.iter().find(|(m, _)| m == k).map(|(_, n)| *n);
    if let (Some(collected), Some(resolved)) =
        (get("suggestions_collected"), get("suggestions_resolved"))
    {
        if resolved > collected {
            f.error(
                &child(path, "suggestions_resolved"),
                format!("{resolved} suggestions resolved is more than the {collected} collected"),
                "check both figures: resolved counts suggestions among those collected",
            );
            ok = false;
        }
    }
    if !ok {
        return None;
    }
    Some(Record {
        district: district?,
        campaign: campaign?,
        values,
        line,
        cumulative_since: cumulative_since?,
        estimated,
    })
}

/// `{ value: 2495, estimated: true }`: the value, and whether it is an
/// estimate.
fn estimated_value<'v>(f: &mut Fields, path: &str, v: &'v Value) -> Option<(&'v Value, bool)> {
    let map = f.map(path, v, &["value", "estimated"])?;
    let value = f.required(path, map, "value", "2495");
    let estimated = match f.optional(map, "estimated") {
        Some(e) => f.bool(&child(path, "estimated"), e),
        None => Some(false),
    };
    Some((value?, estimated?))
}

/// The first year a cumulative record's totals count from.
fn cumulative_since(f: &mut Fields, path: &str, v: &Value) -> Option<i16> {
    let year = v.as_u64().filter(|y| (1000..=9999).contains(y));
    match year {
        Some(y) => Some(y as i16),
        None => {
            f.error(
                path,
                format!("`{path}` should be a year"),
                "write the year the totals start from, e.g. `cumulative_since: 2019`",
            );
            None
        }
    }
}

/// Reads every statistics file, oldest period first.
pub(super) fn load(root: &Path, reg: &Registry, problems: &mut Problems) -> Vec<Period> {
    let files = files_with(root, Path::new("content/stats"), &["yaml", "yml"], problems);
    let mut stats = parse_all(&files, problems, |shown, p| {
        let text = read(root, shown, p)?;
        parse(shown, &stem(shown), &text, reg, p)
    });
    stats.sort_by(|a, b| a.period.cmp(&b.period));
    stats
}
