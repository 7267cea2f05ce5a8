//! Rendering small sites made by hand, for the cases the fixture site does
//! not reach: many stories, a city-wide story, statistics without a city
//! record, a page whose name the site needs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{render, OutputFile, RenderOptions};
use crate::model::*;
use crate::theme::Theme;

fn text(zh: &str, en: &str) -> Text {
    Text(BTreeMap::from([
        ("zh".to_string(), zh.to_string()),
        ("en".to_string(), en.to_string()),
    ]))
}

fn site() -> Site {
    Site {
        config: Config {
            title: text("测试站", "Test site"),
            base_url: "https://example.org/sub/".to_string(),
            languages: vec!["zh".to_string(), "en".to_string()],
            theme: "default".to_string(),
            topics: Vec::new(),
            metrics: Vec::new(),
            allow_html: false,
            project_kinds: Vec::new(),
            data_license: None,
            repository: None,
            deploy: None,
            publisher: None,
        },
        districts: vec![District {
            slug: "heshan".to_string(),
            name: text("鹤山市", "Heshan"),
            kind: DistrictKind::CountyLevelCity,
            summary: Text::default(),
            towns: Vec::new(),
            order: None,
            source: PathBuf::from("content/districts/heshan.yaml"),
        }],
        stories: Vec::new(),
        stats: Vec::new(),
        pages: Vec::new(),
        projects: Vec::new(),
        static_files: Vec::new(),
        theme_files: Vec::new(),
        deputies: Vec::new(),
        stations: Vec::new(),
        has_deputies_folder: false,
    }
}

fn story(slug: &str, day: i8, district: &str) -> Story {
    let zh = StoryText {
        title: format!("标题{slug}"),
        summary: None,
        image_alt: None,
        body: "正文。".into(),
        source: PathBuf::from(format!("content/stories/{slug}.md")),
        translated_from: None,
        freshness: None,
    };
    Story {
        slug: slug.to_string(),
        date: Date::constant(2024, 1, day),
        district: Area::parse(district),
        town: None,
        topics: Vec::new(),
        deputies: Vec::new(),
        image: None,
        draft: false,
        case: None,
        bundle: None,
        assets: Vec::new(),
        texts: BTreeMap::from([("zh".to_string(), zh)]),
    }
}

fn render_site(site: &Site) -> BTreeMap<String, String> {
    let theme = Theme::load(Path::new("/nonexistent"), &site.config).unwrap();
    let files = Mutex::new(BTreeMap::new());
    let emit = |f: OutputFile| {
        let text = String::from_utf8(f.bytes).unwrap_or_default();
        files.lock().unwrap().insert(f.path, text);
        Ok(())
    };
    render(site, &theme, &RenderOptions::default(), &emit)
        .unwrap_or_else(|p| panic!("{}", p.report(false)));
    files.into_inner().unwrap()
}

#[test]
fn long_story_lists_are_paged_twenty_at_a_time() {
    let mut site = site();
    site.stories = (1..=28)
        .rev()
        .flat_map(|day| {
            [
                story(&format!("a{day}"), day, "heshan"),
                story(&format!("b{day}"), day, "heshan"),
            ]
        })
        .collect();
    let files = render_site(&site);
    assert!(files.contains_key("stories/page/3/index.html"));
    assert!(!files.contains_key("stories/page/4/index.html"));
    assert!(!files.contains_key("stories/page/1/index.html"));
    let second = &files["en/stories/page/2/index.html"];
    assert_eq!(second.matches("class=\"story-item\"").count(), 20);
    assert!(second.contains("href=\"https://example.org/sub/en/stories/\" rel=\"prev\""));
    assert!(second.contains("href=\"https://example.org/sub/en/stories/page/3/\" rel=\"next\""));
    let last = &files["stories/page/3/index.html"];
    assert_eq!(last.matches("class=\"story-item\"").count(), 16);
    assert!(!last.contains("rel=\"next\""));
    assert!(files["sitemap.xml"].contains("https://example.org/sub/en/stories/page/3/"));
    assert_eq!(
        files["index.html"].matches("class=\"story-item\"").count(),
        10
    );
    let district = &files["en/districts/heshan/page/3/index.html"];
    assert_eq!(district.matches("class=\"story-item\"").count(), 16);
    assert!(
        !district.contains("id=\"stats-heading\""),
        "later pages only continue the list"
    );
    assert!(files["districts/heshan/index.html"].contains("rel=\"next\""));
    assert!(files["sitemap.xml"].contains("https://example.org/sub/districts/heshan/page/2/"));
}

#[test]
fn a_city_wide_story_names_the_city_without_a_link() {
    let mut site = site();
    site.stories = vec![story("citywide", 3, "city")];
    let files = render_site(&site);
    let page = &files["en/stories/citywide/index.html"];
    assert!(page.contains("<dd>Citywide</dd>"), "{page}");
}

#[test]
fn without_a_city_record_the_home_page_shows_a_labelled_district_sum() {
    let mut site = site();
    site.stats = vec![Period {
        period: "2024-07".to_string(),
        source: Source {
            name: text("报告", "Report"),
            url: Some("javascript:alert(1)".to_string()),
            publisher: None,
            date: None,
        },
        records: vec![Record {
            district: Area::parse("heshan"),
            campaign: None,
            values: vec![("proposals".to_string(), 12.0)],
            line: 4,
            cumulative_since: None,
            estimated: Vec::new(),
        }],
        file: PathBuf::from("content/stats/2024-07.yaml"),
    }];
    let files = render_site(&site);
    let home = &files["en/index.html"];
    assert!(home.contains("District sum"), "{home}");
    assert!(!home.contains("City figures as reported"), "{home}");
    assert!(home.contains("<dd>12</dd>"), "{home}");
    assert!(home.contains("datetime=\"2024-07\""), "{home}");
    assert!(
        !home.contains("javascript:"),
        "only web addresses become links"
    );
    // A repository path is not text for residents: the figure links to its
    // line in the site's public repository instead, when there is one.
    let district = &files["districts/heshan/index.html"];
    assert!(!district.contains("content/stats/"), "{district}");
    site.config.repository = Some(crate::model::Repository {
        url: "https://github.com/example/site".into(),
        branch: "main".into(),
    });
    let files = render_site(&site);
    let district = &files["districts/heshan/index.html"];
    assert!(
        district.contains("<a class=\"file-link\" href=\"https://github.com/example/site/blob/main/content/stats/2024-07.yaml#L4\">数据文件第4行</a>"),
        "{district}"
    );
}

#[test]
fn a_district_without_statistics_says_so() {
    let files = render_site(&site());
    let page = &files["en/districts/heshan/index.html"];
    assert!(page.contains("no statistics for this district"), "{page}");
}

#[test]
fn a_page_named_like_a_section_is_refused() {
    let mut site = site();
    site.pages = vec![Page {
        slug: "stats".to_string(),
        texts: BTreeMap::from([(
            "zh".to_string(),
            PageText {
                title: "统计".to_string(),
                summary: None,
                body: "".into(),
                source: PathBuf::from("content/pages/stats.md"),
                translated_from: None,
                freshness: None,
            },
        )]),
    }];
    let theme = Theme::load(Path::new("/nonexistent"), &site.config).unwrap();
    let emit = |_: OutputFile| Ok(());
    let problems = render(&site, &theme, &RenderOptions::default(), &emit).unwrap_err();
    let report = problems.report(false);
    assert!(report.starts_with("content/pages/stats.md"), "{report}");
    assert!(report.contains("taken by the site itself"), "{report}");
}

#[test]
fn bundle_files_are_copied_beside_every_language_version() {
    let mut site = site();
    let mut bundled = story("forest", 2, "heshan");
    bundled.bundle = Some(PathBuf::from("content/stories/forest"));
    bundled.assets = vec![PathBuf::from("a.png")];
    let mut draft = story("hidden", 1, "heshan");
    draft.draft = true;
    draft.bundle = Some(PathBuf::from("content/stories/hidden"));
    draft.assets = vec![PathBuf::from("b.png")];
    site.stories = vec![bundled, draft];
    site.static_files = vec![PathBuf::from("img/logo.png")];
    let copies: Vec<(String, String)> = super::copies(&site, &RenderOptions::default())
        .into_iter()
        .map(|c| (c.from.to_string_lossy().replace('\\', "/"), c.to))
        .collect();
    assert_eq!(
        copies,
        vec![
            (
                "static/img/logo.png".to_string(),
                "img/logo.png".to_string()
            ),
            (
                "content/stories/forest/a.png".to_string(),
                "stories/forest/a.png".to_string()
            ),
            (
                "content/stories/forest/a.png".to_string(),
                "en/stories/forest/a.png".to_string()
            ),
        ]
    );
}

/// The route table and the renderers agree: every page the table lists is
/// made in every language, and no page is made that the table lacks, so the
/// sitemap and link checks (which read the table) describe the real site.
#[test]
fn the_route_table_lists_exactly_the_pages_made() {
    use crate::routes::{file_of, Drafts, Routes};
    let mut site = site();
    site.config.topics = vec![Topic {
        slug: "green".to_string(),
        name: text("绿美", "Green"),
    }];
    site.stories = (1..=25)
        .rev()
        .map(|day| {
            let mut s = story(&format!("s{day}"), day as i8, "heshan");
            s.topics = vec!["green".to_string()];
            s
        })
        .collect();
    let mut draft = story("unfinished", 26, "heshan");
    draft.draft = true;
    site.stories.push(draft);
    let made: std::collections::BTreeSet<String> = render_site(&site)
        .into_keys()
        .filter(|path| path.ends_with(".html") || path.ends_with("atom.xml"))
        .filter(|path| !path.contains("search/index/"))
        .collect();
    let routes = Routes::new(&site, Drafts::Left);
    let listed: std::collections::BTreeSet<String> = ["", "en/"]
        .iter()
        .flat_map(|prefix| {
            routes
                .pages
                .iter()
                .map(move |r| format!("{prefix}{}", file_of(&r.path)))
        })
        .collect();
    assert_eq!(made, listed);
    assert!(listed.contains("en/topics/green/page/2/index.html"));
    assert!(!listed.iter().any(|p| p.contains("unfinished")));
}
