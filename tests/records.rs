//! Truthful records, end to end on the `records` fixture site: dates of
//! every precision and an estimate, each shown as what it is in both
//! languages (snapshots of whole pages), durations only from exact days,
//! and the open data carrying precision and certainty.

mod render_support;

use std::path::{Path, PathBuf};

use render_support::{render_fixture, Rendered};
use serde_json::{json, Value};

/// Output path, snapshot name.
const PAGES: [(&str, &str); 4] = [
    ("stories/every-precision/index.html", "story.zh"),
    ("en/stories/every-precision/index.html", "story.en"),
    ("districts/heshan/index.html", "district.zh"),
    ("en/districts/heshan/index.html", "district.en"),
];

fn snapshot_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(format!("records-{name}.html"))
}

fn site() -> Rendered {
    render_fixture("records", false)
}

/// A missing snapshot fails too, unless `UPDATE_SNAPSHOTS=1` writes it:
/// a test that writes what it then compares with proves nothing.
#[test]
fn pages_match_their_snapshots() {
    let site = site();
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1");
    let mut failures = Vec::new();
    for (path, name) in PAGES {
        let actual = site.text(path);
        let file = snapshot_path(name);
        if update {
            std::fs::write(&file, &actual).unwrap();
            continue;
        }
        match std::fs::read_to_string(&file) {
            Ok(expected) if expected == actual => {}
            Ok(_) => failures.push(format!("{path} differs from {}", file.display())),
            Err(_) => failures.push(format!("{} is missing", file.display())),
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n\nIf the change is intended, run `UPDATE_SNAPSHOTS=1 cargo test --test records` and review the diff.",
        failures.join("\n")
    );
}

/// The timeline of the story, stage by stage, as (class, text).
fn timeline(html: &str) -> Vec<String> {
    let list = &html[html.find("<ol class=\"timeline\"").unwrap()..];
    let list = &list[..list.find("</ol>").unwrap()];
    list.split("<li ")
        .skip(1)
        .map(|li| li.to_string())
        .collect()
}

#[test]
fn each_precision_is_marked_in_both_languages() {
    let site = site();
    let zh = timeline(&site.text("stories/every-precision/index.html"));
    let en = timeline(&site.text("en/stories/every-precision/index.html"));
    let want = [
        (
            "date-day",
            "<time datetime=\"2023-03-22\">2023年3月22日</time>",
            "<time datetime=\"2023-03-22\">22 March 2023</time>",
        ),
        (
            "date-month",
            "<time datetime=\"2023-03\">2023年3月</time>",
            "<time datetime=\"2023-03\">March 2023</time>",
        ),
        (
            "date-day date-estimated",
            "<time datetime=\"2023-05-15\">约2023年5月15日（估计）</time>",
            "<time datetime=\"2023-05-15\">about 15 May 2023 (estimated)</time>",
        ),
        ("date-unknown", ">日期不详<", ">date unknown<"),
        (
            "date-year",
            "<time datetime=\"2023\">2023年</time>",
            "<time datetime=\"2023\">2023</time>",
        ),
    ];
    for (i, (class, zh_text, en_text)) in want.iter().enumerate() {
        assert!(
            zh[i].contains(&format!("stage-date {class}\"")),
            "zh stage {i}: {}",
            zh[i]
        );
        assert!(zh[i].contains(zh_text), "zh stage {i}: {}", zh[i]);
        assert!(
            en[i].contains(&format!("stage-date {class}\"")),
            "en stage {i}: {}",
            en[i]
        );
        assert!(en[i].contains(en_text), "en stage {i}: {}", en[i]);
    }
    assert!(en[5].contains("pending"), "{}", en[5]);
}

#[test]
fn no_duration_comes_from_an_estimate_or_a_vague_date() {
    let site = site();
    let en = site.text("en/stories/every-precision/index.html");
    assert!(en.contains("Not computable"), "the page says why");
    assert!(!en.contains(" days</dd>"));
    let exact = site.text("en/stories/exact-days/index.html");
    assert!(
        exact.contains("<dd>10 days</dd>"),
        "two exact days give a figure"
    );
    let estimated = site.text("en/stories/estimated-answer/index.html");
    assert!(estimated.contains("Not computable"));

    let district = site.text("en/districts/heshan/index.html");
    assert!(
        district.contains("Time from the resident&#39;s report to the answer: 10 days (only one case has both dates recorded exactly). 2 closed cases could not be counted"),
        "{district}"
    );
    let zh = site.text("districts/heshan/index.html");
    assert!(zh.contains("2个已办结案例"), "{zh}");
}

#[test]
fn cases_json_gives_precision_and_certainty() {
    let site = site();
    let data: Value = serde_json::from_slice(site.bytes("data/cases.json")).unwrap();
    let case = data["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["story"] == "every-precision")
        .unwrap();
    let stages = &case["stages"];
    assert_eq!(
        stages["reported"],
        json!({"date": "2023-03-22", "precision": "day", "estimated": false})
    );
    assert_eq!(
        stages["collected"],
        json!({"date": "2023-03", "precision": "month", "estimated": false})
    );
    assert_eq!(
        stages["dispatched"],
        json!({"date": "2023-05-15", "precision": "day", "estimated": true})
    );
    assert_eq!(
        stages["handled"],
        json!({"date": null, "precision": "unknown", "estimated": false})
    );
    assert_eq!(
        stages["answered"],
        json!({"date": "2023", "precision": "year", "estimated": false})
    );
    assert_eq!(case["days_to_answer"], Value::Null);
    let days: Vec<&Value> = data["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["days_to_answer"])
        .collect();
    assert_eq!(
        days.iter().filter(|d| d.is_i64()).count(),
        1,
        "only the exact case: {days:?}"
    );
}

#[test]
fn feeds_and_lists_show_the_latest_stage_as_what_it_is() {
    let site = site();
    let feed = site.text("en/atom.xml");
    assert!(feed.contains("Status: Resolved, Answered: 2023"), "{feed}");
    assert!(
        feed.contains("Answered: about 1 April 2023 (estimated)"),
        "{feed}"
    );
    let zh = site.text("districts/heshan/index.html");
    assert!(
        zh.contains("<span class=\"case-latest\">结果反馈：约2023年4月1日（估计）</span>"),
        "{zh}"
    );
}
