//! The bundled Jiangmen site: it loads without problems, every story is
//! translated, and the article's figures reach the pages, formatted for
//! each language, beside the file they came from.

use std::fs;
use std::path::Path;
use std::process::Command;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_bundled_site_checks_clean_with_every_story_translated() {
    let (site, warnings) = renda::load::load_site(repo()).unwrap_or_else(|p| panic!("{p}"));
    assert!(warnings.errors().next().is_none());
    assert_eq!(site.districts.len(), 7);
    let names: Vec<&str> = site
        .districts
        .iter()
        .map(|d| d.name.get("zh", "zh").0)
        .collect();
    assert_eq!(
        names,
        [
            "蓬江区",
            "江海区",
            "新会区",
            "台山市",
            "开平市",
            "鹤山市",
            "恩平市"
        ]
    );
    assert!(site.stories.len() >= 12, "{} stories", site.stories.len());
    for story in &site.stories {
        assert!(
            story.text("en").is_some(),
            "{} has no English version",
            story.slug
        );
    }
    for page in ["about", "methodology"] {
        let page = site
            .pages
            .iter()
            .find(|p| p.slug == page)
            .unwrap_or_else(|| panic!("no {page} page"));
        assert!(page.texts.contains_key("en"));
    }
}

/// (Chinese, English) renderings of figures from the article.
const FIGURES: &[(&str, &str)] = &[
    ("121.67亿元", "CNY 12.17 billion"),
    ("967", "967"),
    ("660", "660"),
    ("232", "232"),
    ("3460公顷", "3,460 ha"),
    ("3613公顷", "3,613 ha"),
    ("22", "22"),
    ("36", "36"),
    ("15499", "15,499"),
    ("56万", "560,000"),
    ("2495", "2,495"),
    ("1573", "1,573"),
    ("18万元", "CNY 180,000"),
];

#[test]
fn the_article_figures_appear_formatted_with_their_source() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("site");
    let status = Command::new(env!("CARGO_BIN_EXE_renda"))
        .args(["build", "--quiet", "--root"])
        .arg(repo())
        .arg("--output")
        .arg(&target)
        .status()
        .unwrap();
    assert!(status.success());
    let zh = fs::read_to_string(target.join("stats/index.html")).unwrap();
    let en = fs::read_to_string(target.join("en/stats/index.html")).unwrap();
    for (zh_figure, en_figure) in FIGURES {
        assert!(
            zh.contains(&format!(">{zh_figure}")),
            "{zh_figure} on the Chinese statistics page"
        );
        assert!(
            en.contains(&format!(">{en_figure}")),
            "{en_figure} on the English statistics page"
        );
    }
    // Residents see the article cited; the file and line of each figure
    // stay in the open data, not in the page's text.
    assert!(zh.contains("<cite>市人大常委会团结引领全市人大积极投身“百千万工程”"));
    assert!(en.contains("<cite>Jiangmen Standing Committee rallies"));
    for page in [&zh, &en] {
        assert!(
            !page.contains(">content/stats/"),
            "no repository path as text"
        );
    }
    let csv = fs::read_to_string(target.join("data/stats.csv")).unwrap();
    assert!(csv.contains(",content/stats/2023.yaml,") && csv.contains(",content/stats/2024.yaml,"));
    let case = fs::read_to_string(target.join("en/stories/wenyuan-drainage/index.html")).unwrap();
    assert!(
        case.contains("CNY 180,000"),
        "the micro-project's funding on its story page"
    );
}

#[test]
fn the_wenyuan_station_leads_to_the_story_of_its_reception_and_back() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("site");
    let status = Command::new(env!("CARGO_BIN_EXE_renda"))
        .args(["build", "--quiet", "--root"])
        .arg(repo())
        .arg("--output")
        .arg(&target)
        .args(["--base-url", "https://example.org/"])
        .status()
        .unwrap();
    assert!(status.success());
    for prefix in ["", "en/"] {
        let station =
            fs::read_to_string(target.join(format!("{prefix}stations/wenyuan/index.html")))
                .unwrap();
        let story = format!("https://example.org/{prefix}stories/wenyuan-drainage/");
        assert!(
            station.contains("id=\"station-stories-heading\"")
                && station.contains(&format!("href=\"{story}\"")),
            "{prefix}: the station lists the story that links it"
        );
        assert!(station.contains("<li id=\"reception-20230322\">"));
        let page =
            fs::read_to_string(target.join(format!("{prefix}stories/wenyuan-drainage/index.html")))
                .unwrap();
        assert!(
            page.contains(&format!(
                "href=\"https://example.org/{prefix}stations/wenyuan/\""
            )),
            "{prefix}: the story links the station"
        );
        let feed =
            fs::read_to_string(target.join(format!("{prefix}stations/wenyuan/atom.xml"))).unwrap();
        assert!(feed.contains(&format!(
            "<id>https://example.org/{prefix}stations/wenyuan/#reception-20230322</id>"
        )));
        assert!(feed.contains(&format!("<id>{story}</id>")));
    }
}
