//! Truthful records, end to end on the `records` fixture site: dates of
//! every precision and an estimate, each shown as what it is in both
//! languages (snapshots of whole pages), durations only from exact days,
//! and the open data carrying precision and certainty.

mod render_support;

use std::path::{Path, PathBuf};

use render_support::{render_fixture, Rendered};
use serde_json::{json, Value};

/// Output path, snapshot name.
const PAGES: [(&str, &str); 7] = [
    ("stats/index.html", "stats.zh"),
    ("en/stats/index.html", "stats.en"),
    ("en/data/index.html", "data.en"),
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

/// Each chart of a page, as its caption and its described bars.
fn charts(html: &str) -> Vec<(String, String)> {
    html.split("<figure class=\"chart-box\">")
        .skip(1)
        .map(|f| {
            let f = &f[..f.find("</figure>").unwrap()];
            let between = |open: &str, close: &str| {
                let start = f.find(open).map(|i| i + open.len()).unwrap_or(0);
                let rest = &f[start..];
                let start = rest.find('>').map(|i| i + 1).unwrap_or(0);
                rest[start..rest.find(close).unwrap_or(start)].to_string()
            };
            (
                between("<figcaption", "</figcaption>"),
                between("<desc", "</desc>"),
            )
        })
        .collect()
}

#[test]
fn cumulative_and_period_figures_never_share_a_chart_nor_city_and_districts() {
    let site = site();
    for (page, cumulative, city, sum) in [
        (
            "en/stats/index.html",
            ["12.17 billion", "900,000"],
            "City figures as reported",
            "District sum",
        ),
        (
            "stats/index.html",
            ["121.67亿", "90万"],
            "全市数字（按报告）",
            "区县合计",
        ),
    ] {
        let html = site.text(page);
        let all = charts(&html);
        assert!(
            all.len() >= 3,
            "{page}: the funding charts and a chart by district"
        );
        for (title, desc) in &all {
            for c in cumulative {
                assert!(
                    !desc.contains(c),
                    "{page}: a total since 2019 is charted in {title}: {desc}"
                );
            }
            assert!(
                !(desc.contains(city) && desc.contains(sum)),
                "{page}: {title} mixes the city with districts: {desc}"
            );
        }
        // The totals since 2019 are still there, in tables, with their span.
        for c in cumulative {
            assert!(html.contains(c), "{page} shows {c}");
        }
    }
    let en = site.text("en/stats/index.html");
    assert!(en.contains("<span class=\"note\">cumulative since 2019</span>"));
    assert!(
        en.contains("about CNY 250,000 (estimated)"),
        "an estimate is marked"
    );
    let zh = site.text("stats/index.html");
    assert!(zh.contains("<span class=\"note\">2019年以来累计</span>"));
    assert!(zh.contains("约25万元（估计）"), "{zh}");
}

#[test]
fn sources_are_cited_and_figures_link_to_their_line() {
    let site = site();
    let en = site.text("en/stats/index.html");
    assert!(en.contains("<cite><a href=\"https://example.org/report-2023\">Standing Committee work report</a></cite>, Jiangmen Daily, January 2024"));
    assert!(en.contains("href=\"https://github.com/example/records-site/blob/main/content/stats/2023.yaml#L8\">data file, line 8</a>"));
    let pages = site.0.keys().filter(|p| p.ends_with(".html")).count();
    assert!(pages > 5, "{pages} pages checked");
    for (path, html) in site.0.iter().filter(|(p, _)| p.ends_with(".html")) {
        let text = String::from_utf8_lossy(html);
        assert!(
            !text.contains(">content/"),
            "{path} shows a repository path as text"
        );
    }
    let csv = site.text("data/stats.csv");
    assert!(csv.contains(",2019,false,"), "{csv}");
    assert!(csv.contains("content/stats/2024.yaml,4,https://github.com/example/records-site/blob/main/content/stats/2024.yaml#L4"), "{csv}");
    let json: Value = serde_json::from_slice(site.bytes("data/stats.json")).unwrap();
    let source = &json["periods"][0]["source"];
    assert_eq!(source["publisher"]["en"], "Jiangmen Daily");
    assert_eq!(source["date"], "2024-01");
    assert_eq!(
        json["periods"][0]["records"][2]["estimated"],
        json!(["funding_cny"])
    );
    assert_eq!(json["periods"][1]["records"][0]["cumulative_since"], 2019);
}
