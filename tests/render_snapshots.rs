//! The rendered fixture site, page by page, against committed snapshots.
//!
//! A snapshot is the whole page, so any change to what a reader gets shows
//! up in review as a diff of HTML. A missing snapshot fails like a changed
//! one. To write new snapshots or accept changes, run
//! `UPDATE_SNAPSHOTS=1 cargo test --test render_snapshots` and review the
//! diff of tests/snapshots/ before committing it.

mod render_support;

use std::path::{Path, PathBuf};

use render_support::{render_fixture, Rendered};

/// Output path, snapshot name.
const PAGES: [(&str, &str); 14] = [
    ("index.html", "home.zh"),
    ("en/index.html", "home.en"),
    ("stories/wenyuan-drainage/index.html", "story-case.zh"),
    ("en/stories/wenyuan-drainage/index.html", "story-case.en"),
    (
        "en/stories/yayao-streetlights/index.html",
        "story-untranslated.en",
    ),
    ("districts/heshan/index.html", "district.zh"),
    ("en/districts/heshan/index.html", "district.en"),
    ("stats/index.html", "stats.zh"),
    ("en/stats/index.html", "stats.en"),
    ("en/about/index.html", "page.en"),
    ("deputies/jia/index.html", "deputy.zh"),
    ("en/deputies/yi/index.html", "deputy-untranslated.en"),
    ("stations/shaping/index.html", "station.zh"),
    ("en/stations/shaping/index.html", "station.en"),
];

fn snapshot_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(format!("render-{name}.html"))
}

#[test]
fn pages_match_their_snapshots() {
    let site = render_fixture("render-site", false);
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1");
    let mut failures = Vec::new();
    for (path, name) in PAGES {
        let actual = site.text(path);
        let file = snapshot_path(name);
        if update {
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(&file, &actual).unwrap();
            continue;
        }
        match std::fs::read_to_string(&file) {
            Ok(expected) => {
                if let Some(diff) = first_difference(&expected, &actual) {
                    failures.push(format!("{path} differs from {}:\n{diff}", file.display()));
                }
            }
            Err(err) => failures.push(format!(
                "{path} has no snapshot: {} cannot be read ({err})",
                file.display()
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n\nIf the change is intended (or the page is new), run `UPDATE_SNAPSHOTS=1 cargo test --test render_snapshots` and review the diff.",
        failures.join("\n\n")
    );
}

/// The first line that differs, with its neighbours, or `None` when equal.
fn first_difference(expected: &str, actual: &str) -> Option<String> {
    if expected == actual {
        return None;
    }
    let old: Vec<&str> = expected.lines().collect();
    let new: Vec<&str> = actual.lines().collect();
    let at = (0..old.len().max(new.len()))
        .find(|&i| old.get(i) != new.get(i))
        .unwrap_or(0);
    let show = |lines: &[&str]| {
        let from = at.saturating_sub(2);
        let to = (at + 3).min(lines.len());
        lines.get(from..to).unwrap_or_default().join("\n")
    };
    Some(format!(
        "  at line {}\n  --- snapshot\n{}\n  +++ rendered\n{}",
        at + 1,
        show(&old),
        show(&new)
    ))
}

#[test]
fn rendering_twice_gives_identical_bytes() {
    let first = render_fixture("render-site", true);
    let second = render_fixture("render-site", true);
    assert_eq!(first.paths(), second.paths());
    for path in first.paths() {
        assert!(
            first.bytes(&path) == second.bytes(&path),
            "{path} differs between runs"
        );
    }
}

#[test]
fn every_page_kind_is_made_in_every_language() {
    let site = render_fixture("render-site", false);
    for prefix in ["", "en/"] {
        for page in [
            "index.html",
            "404.html",
            "atom.xml",
            "stories/index.html",
            "stories/deputy-forest/index.html",
            "stories/wenyuan-drainage/index.html",
            "stories/yayao-streetlights/index.html",
            "districts/index.html",
            "districts/heshan/index.html",
            "districts/heshan/atom.xml",
            "districts/pengjiang/index.html",
            "districts/pengjiang/atom.xml",
            "topics/index.html",
            "topics/green/index.html",
            "topics/grid/index.html",
            "stats/index.html",
            "about/index.html",
        ] {
            let path = format!("{prefix}{page}");
            assert!(
                site.has(&path),
                "{path} is missing; made: {:?}",
                site.paths()
            );
        }
    }
    for once in [
        "sitemap.xml",
        "robots.txt",
        "data/stats.csv",
        "data/stats.json",
        "data/cases.json",
        "theme/style.css",
    ] {
        assert!(site.has(once), "{once} is missing");
    }
}

#[test]
fn the_sitemap_lists_pages_with_alternates_but_not_the_error_page() {
    let site = render_fixture("render-site", false);
    let sitemap = site.text("sitemap.xml");
    assert!(sitemap.contains("https://example.org/en/stories/deputy-forest/"));
    assert!(sitemap.contains("https://example.org/stats/"));
    assert!(sitemap.contains("hreflang=\"zh-Hans\""), "{sitemap}");
    assert!(!sitemap.contains("404"), "{sitemap}");
}

#[test]
fn every_page_links_to_its_other_language_version() {
    let site = render_fixture("render-site", false);
    let zh = site.text("stories/deputy-forest/index.html");
    assert!(zh.contains("href=\"https://example.org/en/stories/deputy-forest/\" hreflang=\"en\""));
    let en = site.text("en/stats/index.html");
    assert!(en.contains("href=\"https://example.org/stats/\" hreflang=\"zh-Hans\""));
}

#[test]
fn an_untranslated_story_says_so_and_marks_its_language() {
    let site = render_fixture("render-site", false);
    let en = site.text("en/stories/yayao-streetlights/index.html");
    assert!(en.contains("<html lang=\"en\">"));
    assert!(en.contains("has not been translated"), "{en}");
    assert!(
        en.contains("<h1 lang=\"zh-Hans\">雅瑶镇村道路灯维修进行中</h1>"),
        "{en}"
    );
    assert!(
        en.contains("<div class=\"story-body\" lang=\"zh-Hans\">"),
        "{en}"
    );
    let zh = site.text("stories/yayao-streetlights/index.html");
    assert!(
        zh.contains("English</a><span class=\"untranslated\">"),
        "{zh}"
    );
}

#[test]
fn a_bundle_image_is_served_beside_its_story() {
    let site = render_fixture("render-site", false);
    let en = site.text("en/stories/deputy-forest/index.html");
    assert!(
        en.contains("src=\"https://example.org/stories/deputy-forest/forest.png\""),
        "{en}"
    );
    assert!(en.contains("alt=\"Newly planted saplings\""), "{en}");
}

#[test]
fn city_figures_and_the_district_sum_are_labelled_apart() {
    let site = render_fixture("render-site", false);
    let zh = site.text("stats/index.html");
    assert!(zh.contains("全市（报告数）"), "{zh}");
    assert!(zh.contains("各区县合计"), "{zh}");
    // The file a figure came from is in the open data, not residents' text.
    assert!(!zh.contains(">content/stats/2023.yaml"), "{zh}");
    // 210 + 140 collected by the two districts; the city reported 967.
    assert!(zh.contains(">350<"), "{zh}");
    assert!(zh.contains(">967<"), "{zh}");
    let en = site.text("en/stats/index.html");
    assert!(en.contains("City figures as reported") && en.contains("District sum"));
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = render_fixture("render-drafts", false);
    assert!(!site.has("stories/unfinished/index.html"));
    assert!(!site.text("stories/index.html").contains("unfinished"));
    assert!(!site.text("sitemap.xml").contains("unfinished"));
    let with = render_fixture("render-drafts", true);
    assert!(with.has("stories/unfinished/index.html"));
    assert!(with
        .text("stories/unfinished/index.html")
        .contains("draft-notice"));
}

#[test]
fn all_output_paths_are_relative_and_slash_separated() {
    let site: Rendered = render_fixture("render-site", false);
    for path in site.paths() {
        assert!(
            !path.starts_with('/') && !path.contains('\\') && !path.contains(".."),
            "{path}"
        );
    }
}

#[test]
fn ids_are_unique_on_every_page() {
    let site = render_fixture("render-site", true);
    let pages: Vec<String> = site
        .paths()
        .into_iter()
        .filter(|p| p.ends_with(".html"))
        .collect();
    assert!(pages.len() > 10, "pages checked: {pages:?}");
    for path in pages {
        let html = site.text(&path);
        let mut seen = std::collections::BTreeSet::new();
        for id in html
            .split(" id=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
        {
            assert!(
                seen.insert(id.to_string()),
                "{path}: id {id:?} appears twice"
            );
        }
    }
}
