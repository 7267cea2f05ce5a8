//! Livelihood projects end to end: warnings an editor should see, a parent
//! whose figures come from its weighted items, and the pages and open data
//! made from them.

use std::path::{Path, PathBuf};

use renda::load::load_site;
use renda::model::{Basis, Figure, ProjectStatus};

mod support;
use support::fixture;

fn groups(group: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(group);
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}

#[test]
fn each_warning_is_reported_with_its_place_and_a_fix() {
    let sites = groups("warnings");
    assert!(!sites.is_empty());
    let mut failures = Vec::new();
    for site in sites {
        let expected = std::fs::read_to_string(site.join("expected-warnings.txt"))
            .unwrap_or_else(|_| panic!("{} has no expected-warnings.txt", site.display()));
        let warnings = match load_site(&site) {
            Ok((_, w)) => w,
            Err(p) => {
                failures.push(format!("{}: did not load:\n{p}", site.display()));
                continue;
            }
        };
        let got: Vec<String> = warnings.warnings().map(|p| p.headline()).collect();
        let want: Vec<&str> = expected.lines().filter(|l| !l.is_empty()).collect();
        if got != want {
            failures.push(format!(
                "{}:\n  want {want:#?}\n  got  {got:#?}",
                site.display()
            ));
        }
        for p in warnings.warnings() {
            if p.help.is_none() {
                failures.push(format!(
                    "{}: no fix offered for {}",
                    site.display(),
                    p.headline()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_parent_takes_its_figures_from_its_weighted_items() {
    let (site, warnings) = load_site(&fixture("projects-site")).unwrap_or_else(|p| panic!("{p}"));
    assert!(warnings.is_empty(), "{warnings}");
    let ids: Vec<String> = site.projects.iter().map(|p| p.id()).collect();
    assert_eq!(
        ids,
        [
            "2024/county-clinic",
            "2024/heshan-school",
            "2024/pengjiang-school",
            "2024/school-places",
            "2024/street-lights",
            "2023/drainage"
        ],
        "newest year first, then by slug"
    );
    let parent = site.project(2024, "school-places").unwrap();
    let d = &parent.derived;
    assert_eq!(d.items, ["heshan-school", "pengjiang-school"]);
    // (1 × 50 + 2 × 75) / 3 = 66.666… shown to one decimal.
    assert_eq!(
        d.progress,
        Some(Figure {
            value: 66.7,
            basis: Basis::Items(2)
        })
    );
    assert_eq!(
        d.planned,
        Some(Figure {
            value: 1_000_000.0,
            basis: Basis::Given
        })
    );
    assert_eq!(
        d.spent,
        Some(Figure {
            value: 300_000.3,
            basis: Basis::Items(2)
        })
    );
    assert_eq!(
        d.targets[0].target,
        Some(Figure {
            value: 15000.0,
            basis: Basis::Given
        })
    );
    assert_eq!(
        d.targets[0].achieved,
        Some(Figure {
            value: 15499.0,
            basis: Basis::Items(2)
        })
    );
    assert_eq!(parent.vote.as_ref().unwrap().for_, Some(356));
    assert_eq!(parent.stories, ["school-vote"]);
    assert_eq!(parent.milestones[1].line, 14);

    let lights = site.project(2024, "street-lights").unwrap();
    assert_eq!(lights.status, Some(ProjectStatus::Completed));
    assert_eq!(
        lights.derived.progress,
        Some(Figure {
            value: 100.0,
            basis: Basis::Status
        })
    );
    let clinic = site.project(2024, "county-clinic").unwrap();
    assert_eq!(clinic.kind, "county-projects");
    assert_eq!(clinic.derived.progress.map(|f| f.value), Some(0.0));
}

mod render_support;
use render_support::render_fixture;

/// The figures a parent takes from its items, as a resident reads them and
/// as the open data gives them.
#[test]
fn the_parent_page_and_the_open_data_show_the_weighted_progress_and_the_sums() {
    let site = render_fixture("projects-site", false);
    let zh = site.text("projects/2024/school-places/index.html");
    assert!(zh.contains(r#"<span class="progress-text">66.7%</span> <span class="note">按权重由2个子项目计算</span>"#), "{zh}");
    assert!(
        zh.contains("<dt>已支出</dt><dd>30万元 <span class=\"note\">2个子项目合计</span></dd>"),
        "{zh}"
    );
    assert!(
        zh.contains("<dt>计划资金</dt><dd>100万元</dd>"),
        "a figure the parent gives is not labelled a sum: {zh}"
    );
    assert!(
        zh.contains("15499个<span class=\"note\">2个子项目合计</span>"),
        "{zh}"
    );
    assert!(
        zh.contains("103.3% <strong class=\"above-target\">超额完成</strong>"),
        "over 100% is shown as such: {zh}"
    );
    let en = site.text("en/projects/2024/school-places/index.html");
    assert!(en.contains(r#"<span class="progress-text">66.7%</span> <span class="note">weighted from 2 items</span>"#), "{en}");
    assert!(
        en.contains(
            "<dt>Spent</dt><dd>CNY 300,000.3 <span class=\"note\">sum of 2 items</span></dd>"
        ),
        "{en}"
    );
    assert!(
        en.contains(r#"<rect class="progress-done" width="66.7" height="6"/>"#),
        "{en}"
    );

    let json: serde_json::Value = serde_json::from_slice(site.bytes("data/projects.json")).unwrap();
    let parent = json["projects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "2024/school-places")
        .unwrap();
    assert_eq!(
        parent["progress"],
        serde_json::Value::Null,
        "none was given"
    );
    assert_eq!(
        parent["derived"]["progress"],
        serde_json::json!({ "value": 66.7, "basis": "items", "items": 2 })
    );
    assert_eq!(
        parent["derived"]["budget_cny"]["spent"],
        serde_json::json!({ "value": 300000.3, "basis": "items", "items": 2 })
    );
    assert_eq!(
        parent["derived"]["budget_cny"]["planned"],
        serde_json::json!({ "value": 1000000, "basis": "given" })
    );
    assert_eq!(
        parent["derived"]["targets"][0]["achieved"],
        serde_json::json!({ "value": 15499, "basis": "items", "items": 2 })
    );
    assert_eq!(
        parent["items"],
        serde_json::json!(["heshan-school", "pengjiang-school"])
    );
    assert_eq!(parent["file"], "content/projects/2024/school-places.yaml");
    assert_eq!(parent["source"]["name"]["zh"], "市政府工作报告");

    let csv = site.text("data/projects.csv");
    let header = csv.lines().next().unwrap();
    assert!(
        header
            .starts_with("\u{feff}year,cumulative_since,slug,parent,weight,kind,title_zh,title_en"),
        "{header}"
    );
    let row = csv
        .lines()
        .find(|l| l.starts_with("2024,,school-places,"))
        .unwrap();
    assert!(row.contains(",66.7,from 2 items,"), "{row}");
    assert!(row.contains(",300000.3,from 2 items,"), "{row}");
}

#[test]
fn filters_districts_home_feeds_and_sitemap_cover_projects() {
    let site = render_fixture("projects-site", false);
    for path in [
        "projects/index.html",
        "projects/district/city/index.html",
        "projects/district/heshan/index.html",
        "projects/status/completed/index.html",
        "projects/kind/county-projects/index.html",
        "en/projects/status/planned/index.html",
    ] {
        assert!(site.has(path), "{path}");
    }
    assert!(
        !site.has("projects/status/delayed/index.html"),
        "no empty filter pages"
    );
    let completed = site.text("projects/status/completed/index.html");
    assert!(completed.contains("村道路灯") && completed.contains("老旧小区排水改造"));
    assert!(!completed.contains("新增优质学位"));

    let heshan = site.text("districts/heshan/index.html");
    assert!(heshan.contains("本区县的民生实事项目"), "{heshan}");
    assert!(heshan.contains("鹤山新校区") && heshan.contains("镇卫生院改造"));
    assert!(!heshan.contains("村道路灯"));

    let home = site.text("en/index.html");
    assert!(
        home.contains("Livelihood projects, 2024"),
        "the latest year with projects"
    );
    assert!(home.contains("Village street lights"));
    assert!(
        !home.contains("Drainage in an old neighbourhood"),
        "2023 is not the current year"
    );

    let feed = site.text("atom.xml");
    assert!(feed.contains("<title>新增优质学位：开工</title>"), "{feed}");
    assert!(feed.contains("https://example.org/projects/2024/school-places/#milestone-2"));

    let sitemap = site.text("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/en/projects/2024/heshan-school/</loc>"));
    assert!(sitemap.contains("<loc>https://example.org/projects/kind/micro/</loc>"));
}

/// Output path, snapshot name.
const SNAPSHOTS: [(&str, &str); 4] = [
    ("projects/index.html", "projects-index.zh"),
    ("en/projects/index.html", "projects-index.en"),
    ("projects/2024/school-places/index.html", "project.zh"),
    ("en/projects/2024/school-places/index.html", "project.en"),
];

#[test]
fn project_pages_match_their_snapshots() {
    let site = render_fixture("projects-site", false);
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1");
    let mut failures = Vec::new();
    for (path, name) in SNAPSHOTS {
        let actual = site.text(path);
        let file = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/snapshots")
            .join(format!("render-{name}.html"));
        if update {
            std::fs::write(&file, &actual).unwrap();
            continue;
        }
        match std::fs::read_to_string(&file) {
            Ok(expected) if expected == actual => {}
            Ok(expected) => {
                let at = expected
                    .lines()
                    .zip(actual.lines())
                    .position(|(a, b)| a != b)
                    .unwrap_or(0);
                failures.push(format!(
                    "{path} differs from {} at line {}:\n  - {}\n  + {}",
                    file.display(),
                    at + 1,
                    expected.lines().nth(at).unwrap_or(""),
                    actual.lines().nth(at).unwrap_or("")
                ));
            }
            Err(_) => failures.push(format!("{} is missing", file.display())),
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n\nIf the change is intended, run `UPDATE_SNAPSHOTS=1 cargo test --test projects` and review the diff.",
        failures.join("\n\n")
    );
}

#[test]
fn new_project_writes_a_file_that_checks_and_never_overwrites() {
    use std::process::Command;
    let tmp = tempfile::tempdir().unwrap();
    let root = support::copy_fixture("projects-site", tmp.path());
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_renda"))
            .args(args)
            .arg("--root")
            .arg(&root)
            .output()
            .unwrap()
    };
    let made = run(&["new", "project", "2025/new-clinic"]);
    assert_eq!(
        made.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let file = root.join("content/projects/2025/new-clinic.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.starts_with("title: { zh: \"在这里写名称\", en: \"Write the name here\" }"),
        "{text}"
    );
    assert!(
        text.contains("ten-projects | micro | county-projects"),
        "the site's kinds are listed: {text}"
    );
    let (site, _) = load_site(&root).unwrap_or_else(|p| panic!("{p}"));
    assert!(site.project(2025, "new-clinic").is_some());

    std::fs::write(&file, "title: 编辑写的\nkind: micro\ndistricts: [city]\n").unwrap();
    let again = run(&["new", "project", "2025/new-clinic"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "title: 编辑写的\nkind: micro\ndistricts: [city]\n"
    );
    let bad = run(&["new", "project", "new-clinic"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("does not start with a year"));
}

#[test]
fn search_lists_projects_after_the_stories() {
    let site = render_fixture("projects-site", false);
    let meta: serde_json::Value =
        serde_json::from_slice(site.bytes("en/search/index/meta.json")).unwrap();
    assert_eq!(meta["stories"], 7, "one story and six projects");
    assert_eq!(meta["docs"].as_array().unwrap().len(), 7);
    let entries: serde_json::Value =
        serde_json::from_slice(site.bytes("en/search/index/d0.json")).unwrap();
    assert_eq!(
        entries[0]["url"],
        "https://example.org/en/stories/school-vote/"
    );
    assert_eq!(
        entries[4]["url"],
        "https://example.org/en/projects/2024/school-places/"
    );
    assert_eq!(entries[4]["title"]["text"], "New quality school places");
    assert_eq!(entries[4]["date"]["text"], "2024");
    assert_eq!(entries[4]["status"]["label"], "In progress");
}

#[test]
fn the_data_package_describes_both_project_files_column_by_column() {
    let site = render_fixture("projects-site", false);
    let package: serde_json::Value =
        serde_json::from_slice(site.bytes("data/datapackage.json")).unwrap();
    let resources = package["resources"].as_array().unwrap();
    let csv = resources
        .iter()
        .find(|r| r["path"] == "projects.csv")
        .expect("projects.csv is described");
    let described: Vec<&str> = csv["schema"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    let text = site.text("data/projects.csv");
    let header: Vec<&str> = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap()
        .split(',')
        .collect();
    assert_eq!(described, header);
    assert_eq!(csv["bytes"], site.bytes("data/projects.csv").len());
    assert!(resources.iter().any(|r| r["path"] == "projects.json"));
    let page = site.text("en/data/index.html");
    assert!(
        page.contains("projects.csv") && page.contains("projects.json"),
        "{page}"
    );
}

/// The bundled programme states only what the report does: cumulative
/// figures since 2019, labelled so, and no progress it never gave.
#[test]
fn the_bundled_programme_is_shown_as_cumulative_and_without_invented_progress() {
    let site = render_fixture("../..", false);
    let zh = site.text("projects/2024/ten-livelihood-projects/index.html");
    assert!(
        zh.contains(r#"<strong class="span">2019年以来累计</strong>"#),
        "{zh}"
    );
    assert!(zh.contains("<dt>计划资金</dt><dd>121.67亿元</dd>"), "{zh}");
    assert!(
        zh.contains(r#"<span class="progress-text">未报告进度</span>"#),
        "{zh}"
    );
    assert!(zh.contains("15499个") && zh.contains("2495套") && zh.contains("1573户"));
    let index = site.text("en/projects/index.html");
    assert!(
        index.contains(
            "Figures for this year include totals since 2019; they are not one year&#39;s."
        ),
        "{index}"
    );
    let json: serde_json::Value = serde_json::from_slice(site.bytes("data/projects.json")).unwrap();
    let programme = &json["projects"][0];
    assert_eq!(programme["id"], "2024/ten-livelihood-projects");
    assert_eq!(programme["cumulative_since"], 2019);
    assert_eq!(programme["status"], serde_json::Value::Null);
    assert_eq!(programme["derived"]["progress"], serde_json::Value::Null);
    assert_eq!(programme["budget_cny"]["planned"], 12167000000_i64);
    let drainage = &json["projects"][1];
    assert_eq!(drainage["status"], "completed");
    assert_eq!(drainage["budget_cny"]["planned"], 180000);
}

/// A milestone known only to the year, or only to have happened, is shown
/// as such and never enters a feed as if it had a day.
#[test]
fn inexact_milestones_are_marked_and_kept_out_of_the_feeds() {
    let site = render_fixture("../..", false);
    let zh = site.text("projects/2023/wenyuan-drainage/index.html");
    assert!(
        zh.contains(
            r#"<span class="stage-date date-year"><time datetime="2023">2023年</time></span>"#
        ),
        "{zh}"
    );
    assert!(
        zh.contains(r#"<span class="stage-date date-unknown">日期不详</span>"#),
        "{zh}"
    );
    let feed = site.text("atom.xml");
    assert!(feed
        .contains("礼乐街道文苑社区排水改造：居民在文苑社区人大代表联络站接待活动中反映排水堵塞"));
    assert!(
        !feed.contains("项目全面完成验收并投入使用"),
        "an unknown day is not news of a day"
    );
    assert!(!feed.contains("礼乐街道文苑社区排水改造：改造列入"));
    let json: serde_json::Value = serde_json::from_slice(site.bytes("data/projects.json")).unwrap();
    assert_eq!(
        json["projects"][1]["milestones"][1]["date"],
        serde_json::json!({ "date": "2023", "precision": "year", "estimated": false })
    );
}

/// A milestone's photo sits beside the project's file; it is published
/// beside the project's page, resized for phones, described in the page's
/// language, and given in the open data.
#[test]
fn a_milestone_photo_is_shown_resized_in_the_timeline_and_given_in_the_open_data() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let built = std::process::Command::new(env!("CARGO_BIN_EXE_renda"))
        .args(["build", "--root"])
        .arg(fixture("projects-site"))
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let folder = out.join("projects/2024/school-places");
    let original = std::fs::read(folder.join("work-started.jpg")).unwrap();
    assert_eq!(
        original,
        std::fs::read(fixture(
            "projects-site/content/projects/2024/work-started.jpg"
        ))
        .unwrap(),
        "the original is published as it is"
    );
    assert!(
        folder.join("work-started-360w.jpg").is_file(),
        "a copy for phones"
    );

    let page = |path: &str| std::fs::read_to_string(out.join(path)).unwrap();
    let en = page("en/projects/2024/school-places/index.html");
    let milestone = en
        .split(r#"<li class="stage done" id="milestone-2">"#)
        .nth(1)
        .and_then(|rest| rest.split("</li>").next())
        .unwrap_or_else(|| panic!("{en}"));
    assert!(
        milestone.contains(r#"<img src="https://example.org/projects/2024/school-places/work-started.jpg" srcset="https://example.org/projects/2024/school-places/work-started-360w.jpg 360w, https://example.org/projects/2024/school-places/work-started.jpg 720w" sizes="(min-width: 36rem) 30rem, calc(100vw - 5rem)" width="720" height="468" alt="The school building site on the first day of work" loading="lazy""#),
        "{milestone}"
    );
    assert!(
        milestone.contains(r#"Photo: <span lang="zh-Hans">市教育局</span>"#),
        "{milestone}"
    );
    let zh = page("projects/2024/school-places/index.html");
    assert!(zh.contains(r#"alt="开工当天的校园工地""#), "{zh}");
    assert!(
        !page("projects/2024/heshan-school/index.html").contains("milestone-photo"),
        "only the milestone that has a photo shows one"
    );

    let json: serde_json::Value = serde_json::from_str(&page("data/projects.json")).unwrap();
    let parent = json["projects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "2024/school-places")
        .unwrap();
    assert_eq!(
        parent["milestones"][1]["photo"],
        serde_json::json!({
            "url": "https://example.org/projects/2024/school-places/work-started.jpg",
            "alt": { "zh": "开工当天的校园工地", "en": "The school building site on the first day of work" },
            "credit": "市教育局"
        })
    );
    assert_eq!(parent["milestones"][0]["photo"], serde_json::Value::Null);
    let csv = page("data/projects.csv");
    assert!(csv.contains("work-started.jpg"), "the CSV's milestones too");
}

/// The bundled site shows no milestone photo: the report it follows
/// publishes none for the projects.
#[test]
fn the_bundled_projects_have_no_photos() {
    let (site, _) = load_site(&fixture("../..")).unwrap_or_else(|p| panic!("{p}"));
    assert!(!site.projects.is_empty());
    for p in &site.projects {
        assert!(
            p.milestones.iter().all(|m| m.photo.is_none()),
            "{} has a milestone photo",
            p.id()
        );
    }
}
