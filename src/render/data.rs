//! Open data: every statistics record and every case, as CSV and JSON.
//!
//! These files are what journalists and researchers download, so they keep
//! the figures exactly as the editors gave them, with the file and line each
//! came from, and they are safe to open in a spreadsheet.

use serde_json::{json, Map, Value};

use crate::model::{Case, Metric, Record, Site, Stage, Story, Text, Unit};
use crate::routes::slash;

/// One row per (record, metric), in file order. Bilingual columns come once
/// per site language, in the order of `site.yaml`; a language the editor
/// did not give is left empty rather than filled from another.
///
/// The file opens with a UTF-8 byte-order mark: without it, Excel on a
/// Chinese edition of Windows reads the file as GBK and garbles every
/// Chinese cell, and that is how many residents open a CSV.
pub fn stats_csv(site: &Site) -> String {
    let languages = &site.config.languages;
    let metrics = site.config.all_metrics();
    let mut csv = String::from("\u{feff}");
    push_row(&mut csv, &csv_header(languages));
    for period in &site.stats {
        let file = slash(&period.file);
        for record in &period.records {
            for (key, value) in &record.values {
                let mut row = vec![period.period.clone(), record.district.clone()];
                row.extend(
                    languages
                        .iter()
                        .map(|l| in_language(record.campaign.as_ref(), l)),
                );
                row.push(key.clone());
                row.push(value.to_string());
                row.push(unit_label(&metrics, key, site.config.default_language()));
                row.extend(
                    languages
                        .iter()
                        .map(|l| in_language(Some(&period.source.name), l)),
                );
                row.push(period.source.url.clone().unwrap_or_default());
                row.push(file.clone());
                row.push(record.line.to_string());
                push_row(&mut csv, &row);
            }
        }
    }
    csv
}

/// The metrics, then every period with its source and records.
pub fn stats_json(site: &Site) -> String {
    let metrics: Vec<Value> = site.config.all_metrics().iter().map(metric_json).collect();
    let periods: Vec<Value> = site
        .stats
        .iter()
        .map(|period| {
            json!({
                "period": period.period,
                "file": slash(&period.file),
                "source": { "name": text_json(&period.source.name), "url": period.source.url },
                "records": period.records.iter().map(record_json).collect::<Vec<_>>(),
            })
        })
        .collect();
    pretty(&json!({ "metrics": metrics, "periods": periods }))
}

/// Every case, oldest report first. Drafts are left out unless the site is
/// built with them, as they are everywhere else.
pub fn cases_json(site: &Site, base_url: &str, include_drafts: bool) -> String {
    let mut cases: Vec<(&Story, &Case)> = site
        .stories
        .iter()
        .filter(|story| include_drafts || !story.draft)
        .filter_map(|story| story.case.as_ref().map(|case| (story, case)))
        .collect();
    // Undated reports last: they cannot be placed in time.
    cases.sort_by_key(|(story, case)| (case.stages[0].is_none(), case.stages[0], &story.slug));
    let base = base_url.trim_end_matches('/');
    let cases: Vec<Value> = cases
        .into_iter()
        .map(|(story, case)| case_json(story, case, base))
        .collect();
    pretty(&json!({ "cases": cases }))
}

fn case_json(story: &Story, case: &Case, base: &str) -> Value {
    let titles: Map<String, Value> = story
        .texts
        .iter()
        .map(|(lang, text)| (lang.clone(), Value::from(text.title.clone())))
        .collect();
    let stages: Map<String, Value> = Stage::ALL
        .iter()
        .zip(&case.stages)
        .filter_map(|(stage, date)| {
            Some((
                stage.key().to_string(),
                Value::from(date.as_ref()?.to_string()),
            ))
        })
        .collect();
    json!({
        "story": story.slug,
        "url": format!("{base}/stories/{}/", story.slug),
        "title": titles,
        "district": story.district,
        "town": story.town,
        "status": case.status.key(),
        "stages": stages,
        "rating": case.rating.map(|r| r.key()),
        "funding_cny": case.funding_cny.map(number),
        "days_to_answer": days_to_answer(case),
    })
}

/// From the resident's report to the answer they got back.
fn days_to_answer(case: &Case) -> Option<i64> {
    let reported = case.stages[0]?;
    let answered = case.stages[4]?;
    let span = answered.since(reported).ok()?;
    Some(i64::from(span.get_days()))
}

fn metric_json(metric: &Metric) -> Value {
    let unit = match &metric.unit {
        Unit::Other(label) => text_json(label),
        unit => Value::from(unit_key(unit)),
    };
    json!({ "key": metric.key, "name": text_json(&metric.name), "unit": unit })
}

fn record_json(record: &Record) -> Value {
    let values: Map<String, Value> = record
        .values
        .iter()
        .map(|(key, value)| (key.clone(), number(*value)))
        .collect();
    json!({
        "district": record.district,
        "campaign": record.campaign.as_ref().map(text_json),
        "line": record.line,
        "values": values,
    })
}

fn text_json(text: &Text) -> Value {
    Value::Object(
        text.0
            .iter()
            .map(|(k, v)| (k.clone(), Value::from(v.clone())))
            .collect(),
    )
}

/// Whole numbers as integers, so 3460 is not published as 3460.0.
fn number(value: f64) -> Value {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if value.fract() == 0.0 && value.abs() < EXACT {
        Value::from(value as i64)
    } else {
        serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number)
    }
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

fn csv_header(languages: &[String]) -> Vec<String> {
    let mut header = vec!["period".to_string(), "district".to_string()];
    header.extend(languages.iter().map(|l| format!("campaign_{l}")));
    header.extend(["metric", "value", "unit"].map(String::from));
    header.extend(languages.iter().map(|l| format!("source_{l}")));
    header.extend(["source_url", "file", "line"].map(String::from));
    header
}

fn in_language(text: Option<&Text>, lang: &str) -> String {
    text.and_then(|t| t.0.get(lang))
        .cloned()
        .unwrap_or_default()
}

/// `count`, `yuan` or `hectare`; another unit by its default-language label.
fn unit_label(metrics: &[Metric], key: &str, default_lang: &str) -> String {
    match metrics.iter().find(|m| m.key == key).map(|m| &m.unit) {
        Some(Unit::Other(label)) => label.get(default_lang, default_lang).0.to_string(),
        Some(unit) => unit_key(unit).to_string(),
        None => String::new(),
    }
}

fn unit_key(unit: &Unit) -> &'static str {
    match unit {
        Unit::Count => "count",
        Unit::Yuan => "yuan",
        Unit::Hectare => "hectare",
        Unit::Other(_) => "other",
    }
}

fn push_row(csv: &mut String, cells: &[String]) {
    let cells: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
    csv.push_str(&cells.join(","));
    csv.push_str("\r\n");
}

/// RFC 4180 quoting, after disarming cells a spreadsheet would run as a
/// formula (`=HYPERLINK(...)` in a campaign name, say) with a leading `'`.
fn csv_cell(cell: &str) -> String {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let cell = if formula {
        format!("'{cell}")
    } else {
        cell.to_string()
    };
    if cell.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    use crate::model::{CaseStatus, Config, Period, Rating, Source, StoryText};
    use jiff::civil::Date;

    fn text(zh: &str, en: &str) -> Text {
        Text(BTreeMap::from([
            ("zh".to_string(), zh.to_string()),
            ("en".to_string(), en.to_string()),
        ]))
    }

    fn record(
        district: &str,
        campaign: Option<Text>,
        values: &[(&str, f64)],
        line: usize,
    ) -> Record {
        Record {
            district: district.to_string(),
            campaign,
            values: values.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
            line,
        }
    }

    fn story(slug: &str, draft: bool, case: Option<Case>) -> Story {
        let body = StoryText {
            title: format!("标题 {slug}"),
            summary: None,
            image_alt: None,
            body: String::new(),
            source: PathBuf::from(format!("content/stories/{slug}.md")),
            translated_from: None,
        };
        Story {
            slug: slug.to_string(),
            date: Date::constant(2024, 3, 12),
            district: "pengjiang".to_string(),
            town: None,
            topics: vec![],
            deputies: vec![],
            image: None,
            draft,
            case,
            bundle: None,
            assets: vec![],
            texts: BTreeMap::from([("zh".to_string(), body)]),
        }
    }

    fn case(reported: Option<Date>, answered: Option<Date>) -> Case {
        let mut stages = [None; 6];
        stages[0] = reported;
        if answered.is_some() {
            stages[1] = reported;
            stages[2] = reported;
            stages[3] = reported;
            stages[4] = answered;
        }
        Case {
            status: CaseStatus::Resolved,
            stages,
            rating: Some(Rating::Satisfied),
            funding_cny: Some(180_000.0),
        }
    }

    fn site() -> Site {
        let km = Metric {
            key: "river_cleaned_km".to_string(),
            name: text("河道清理", "River cleaned"),
            unit: Unit::Other(text("公里", "km")),
        };
        let period = Period {
            period: "2023".to_string(),
            source: Source {
                name: text("工作报告", "Report, \"final\"\nedition"),
                url: Some("https://example.org/r?a=1,2".to_string()),
            },
            records: vec![
                record(
                    "pengjiang",
                    None,
                    &[
                        ("suggestions_collected", 140.0),
                        ("funding_cny", 2_400_000.0),
                    ],
                    4,
                ),
                record(
                    "city",
                    Some(text("=1+1", "@SUM(A1)")),
                    &[("river_cleaned_km", 12.5)],
                    9,
                ),
                record("city", Some(text("+1", "-1")), &[("proposals", 3.0)], 14),
            ],
            file: PathBuf::from("content").join("stats").join("2023.yaml"),
        };
        Site {
            config: Config {
                title: text("江门人大", "Jiangmen"),
                base_url: "https://example.org/".to_string(),
                languages: vec!["zh".to_string(), "en".to_string()],
                theme: "default".to_string(),
                topics: vec![],
                metrics: vec![km],
                allow_html: false,
                project_kinds: Vec::new(),
            },
            districts: vec![],
            stories: vec![
                story(
                    "newest",
                    false,
                    Some(case(Some(Date::constant(2024, 1, 5)), None)),
                ),
                story(
                    "draft",
                    true,
                    Some(case(Some(Date::constant(2023, 1, 1)), None)),
                ),
                story("no-case", false, None),
                story(
                    "b-old",
                    false,
                    Some(case(
                        Some(Date::constant(2023, 3, 22)),
                        Some(Date::constant(2023, 10, 15)),
                    )),
                ),
                story(
                    "a-old",
                    false,
                    Some(case(Some(Date::constant(2023, 3, 22)), None)),
                ),
                story("undated", false, Some(case(None, None))),
            ],
            stats: vec![period],
            pages: vec![],
            projects: Vec::new(),
            static_files: vec![],
            deputies: vec![],
            stations: vec![],
            has_deputies_folder: false,
        }
    }

    #[test]
    fn csv_rows_in_file_order() {
        let csv = stats_csv(&site());
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(
            lines[0],
            "\u{feff}period,district,campaign_zh,campaign_en,metric,value,unit,source_zh,source_en,source_url,file,line"
        );
        let source = "工作报告,\"Report, \"\"final\"\"\nedition\",\"https://example.org/r?a=1,2\",content/stats/2023.yaml";
        assert_eq!(
            lines[1],
            format!("2023,pengjiang,,,suggestions_collected,140,count,{source},4")
        );
        assert_eq!(
            lines[2],
            format!("2023,pengjiang,,,funding_cny,2400000,yuan,{source},4")
        );
        assert_eq!(
            lines[3],
            format!("2023,city,'=1+1,'@SUM(A1),river_cleaned_km,12.5,公里,{source},9")
        );
        assert_eq!(
            lines[4],
            format!("2023,city,'+1,'-1,proposals,3,count,{source},14")
        );
        assert_eq!(lines[5], "");
        assert_eq!(lines.len(), 6);
    }

    #[test]
    fn csv_cells_are_quoted_and_disarmed() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("\tx"), "'\tx");
        assert_eq!(csv_cell("\rx"), "\"'\rx\"");
        assert_eq!(csv_cell("-1,5"), "\"'-1,5\"");
        assert_eq!(csv_cell(""), "");
    }

    #[test]
    fn stats_json_keeps_records_as_given() {
        let json: Value = serde_json::from_str(&stats_json(&site())).unwrap();
        let metrics = json["metrics"].as_array().unwrap();
        assert_eq!(metrics.len(), 5);
        assert_eq!(metrics[0]["key"], "suggestions_collected");
        assert_eq!(metrics[0]["unit"], "count");
        assert_eq!(metrics[3]["unit"], "yuan");
        assert_eq!(metrics[4]["unit"], json!({"zh": "公里", "en": "km"}));
        let period = &json["periods"][0];
        assert_eq!(period["period"], "2023");
        assert_eq!(period["file"], "content/stats/2023.yaml");
        assert_eq!(period["source"]["url"], "https://example.org/r?a=1,2");
        assert_eq!(period["source"]["name"]["zh"], "工作报告");
        let records = period["records"].as_array().unwrap();
        assert_eq!(records[0]["campaign"], Value::Null);
        assert_eq!(records[0]["line"], 4);
        assert_eq!(
            records[0]["values"],
            json!({"suggestions_collected": 140, "funding_cny": 2400000})
        );
        assert_eq!(records[1]["campaign"]["zh"], "=1+1");
        assert_eq!(records[1]["values"]["river_cleaned_km"], 12.5);
        let text = stats_json(&site());
        assert!(text.contains("\"funding_cny\": 2400000,\n"), "{text}");
        assert!(text.ends_with("}\n"));
        assert_eq!(text, stats_json(&site()));
    }

    #[test]
    fn cases_in_order_of_report() {
        let json: Value =
            serde_json::from_str(&cases_json(&site(), "https://example.org/", false)).unwrap();
        let cases = json["cases"].as_array().unwrap();
        let slugs: Vec<&str> = cases.iter().map(|c| c["story"].as_str().unwrap()).collect();
        assert_eq!(slugs, ["a-old", "b-old", "newest", "undated"]);
        let b = &cases[1];
        assert_eq!(b["url"], "https://example.org/stories/b-old/");
        assert_eq!(b["title"], json!({"zh": "标题 b-old"}));
        assert_eq!(b["district"], "pengjiang");
        assert_eq!(b["town"], Value::Null);
        assert_eq!(b["status"], "resolved");
        assert_eq!(b["rating"], "satisfied");
        assert_eq!(b["funding_cny"], 180000);
        assert_eq!(b["days_to_answer"], 207);
        assert_eq!(b["stages"]["reported"], "2023-03-22");
        assert_eq!(b["stages"]["answered"], "2023-10-15");
        assert_eq!(b["stages"].as_object().unwrap().len(), 5);
        assert_eq!(cases[0]["days_to_answer"], Value::Null);
        assert_eq!(cases[3]["stages"], json!({}));

        let with_drafts = cases_json(&site(), "https://example.org", true);
        let json: Value = serde_json::from_str(&with_drafts).unwrap();
        assert_eq!(json["cases"][0]["story"], "draft");
        assert_eq!(
            json["cases"][0]["url"],
            "https://example.org/stories/draft/"
        );
    }

    #[test]
    fn numbers_are_written_plainly() {
        assert_eq!(number(3460.0), json!(3460));
        assert_eq!(number(1.33), json!(1.33));
        assert_eq!(number(f64::NAN), Value::Null);
        assert_eq!(number(1e300).to_string(), "1e+300");
        assert_eq!(3460.0_f64.to_string(), "3460");
        assert_eq!(0.1_f64.to_string(), "0.1");
    }
}
