//! Deputies and liaison stations as published: the open data files, the
//! sitemap, and what district and story pages gain from them.

mod render_support;

use render_support::render_fixture;
use serde_json::Value;

#[test]
fn open_data_lists_every_deputy_and_station_and_nothing_personal() {
    let site = render_fixture("render-site", false);
    let deputies: Value = serde_json::from_slice(site.bytes("data/deputies.json")).unwrap();
    let list = deputies["deputies"].as_array().unwrap();
    let slugs: Vec<&str> = list.iter().map(|d| d["slug"].as_str().unwrap()).collect();
    assert_eq!(slugs, ["jia", "yi"]);
    let jia = &list[0];
    assert_eq!(jia["url"], "https://example.org/deputies/jia/");
    assert_eq!(jia["name"]["en"], "Deputy Jia");
    assert_eq!(jia["level"], "county");
    assert_eq!(jia["district"], "heshan");
    assert_eq!(jia["town"], "shaping");
    assert_eq!(jia["terms"][0]["from"], "2021-10");
    assert_eq!(jia["terms"][0]["to"], Value::Null);
    assert_eq!(jia["stations"][0], "shaping");
    assert_eq!(jia["file"], "content/deputies/jia.yaml");
    for d in list {
        for field in renda::load::PERSONAL_FIELDS {
            assert!(d.get(*field).is_none(), "{field} is never published");
        }
    }

    let stations: Value = serde_json::from_slice(site.bytes("data/stations.json")).unwrap();
    let shaping = &stations["stations"][0];
    assert_eq!(shaping["slug"], "shaping");
    assert_eq!(shaping["phone"], "0750-0000000");
    assert_eq!(shaping["timezone"], "Asia/Shanghai");
    assert_eq!(shaping["location"]["lat"], 22.765);
    assert_eq!(
        shaping["calendar"],
        "https://example.org/stations/shaping/receptions.ics"
    );
    let receptions = shaping["receptions"].as_array().unwrap();
    assert_eq!(receptions.len(), 3);
    assert_eq!(receptions[1]["date"], "2024-05-16");
    assert_eq!(receptions[1]["start"], "14:30");
    assert_eq!(receptions[1]["end"], "17:00");
    assert_eq!(receptions[1]["deputies"], serde_json::json!(["jia", "yi"]));
    assert_eq!(receptions[2]["start"], Value::Null);
}

#[test]
fn the_sitemap_lists_the_new_pages_in_both_languages() {
    let site = render_fixture("render-site", false);
    let sitemap = site.text("sitemap.xml");
    for route in [
        "deputies/",
        "deputies/jia/",
        "deputies/yi/",
        "stations/",
        "stations/shaping/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>https://example.org/{route}</loc>")),
            "{route}"
        );
        assert!(
            sitemap.contains(&format!("<loc>https://example.org/en/{route}</loc>")),
            "en/{route}"
        );
    }
}

#[test]
fn the_next_reception_comes_from_the_data_not_the_clock() {
    let site = render_fixture("render-site", false);
    // The newest story is of 8 May 2024: the session of 25 April is past,
    // the one of 16 May is next, whatever day the site is built.
    let list = site.text("en/stations/index.html");
    assert!(list.contains("<dt>Next reception</dt><dd><time datetime=\"2024-05-16T14:30+08:00\">16 May 2024 14:30–17:00</time>"), "{list}");
    assert!(list.contains("on or after 8 May 2024"));
    let station = site.text("en/stations/shaping/index.html");
    let coming = &station
        [station.find("Coming receptions").unwrap()..station.find("Earlier receptions").unwrap()];
    assert!(coming.contains("16 May 2024") && coming.contains("20 June 2024"));
    assert!(!coming.contains("25 April 2024"));
}

#[test]
fn stories_link_the_deputies_they_name_and_leave_others_as_text() {
    let site = render_fixture("render-site", false);
    let story = site.text("en/stories/wenyuan-drainage/index.html");
    assert!(story.contains("<a href=\"https://example.org/en/deputies/jia/\">Deputy Jia</a>"));
    // Written in the body as `@/deputies/jia.yaml` and `@/stations/shaping.yaml`.
    assert!(
        story.contains("with <a href=\"https://example.org/en/deputies/jia/\">Deputy Jia</a> at the <a href=\"https://example.org/en/stations/shaping/\">Shaping station</a>."),
        "{story}"
    );
    let forest = site.text("stories/deputy-forest/index.html");
    assert!(
        forest.contains("<dd>赵戈, 林晓</dd>") || forest.contains("<dd>赵戈、林晓</dd>"),
        "{forest}"
    );
    let deputy = site.text("en/deputies/jia/index.html");
    assert!(deputy.contains("https://example.org/en/stories/wenyuan-drainage/"));
    let yi = site.text("en/deputies/yi/index.html");
    assert!(
        yi.contains(
            "<h1 lang=\"zh-Hans\">乙代表 <span class=\"name-note\">(name in Chinese)</span></h1>"
        ),
        "{yi}"
    );
}

#[test]
fn the_calendar_is_published_for_each_language() {
    let site = render_fixture("render-site", false);
    for path in [
        "stations/shaping/receptions.ics",
        "en/stations/shaping/receptions.ics",
    ] {
        let ics = site.text(path);
        assert!(
            ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"),
            "{path}"
        );
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 3, "{path}");
    }
}

/// The entries of an Atom feed, parsed as XML: (id, alternate link,
/// updated, title).
fn feed_entries(xml: &str) -> Vec<(String, String, String, String)> {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "feed");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let child = |n: roxmltree::Node, name: &str| {
        n.children()
            .find(|c| c.tag_name().name() == name)
            .and_then(|c| c.text())
            .unwrap_or_default()
            .to_string()
    };
    root.children()
        .filter(|n| n.tag_name().name() == "entry")
        .map(|e| {
            let link = e
                .children()
                .find(|c| c.tag_name().name() == "link")
                .and_then(|l| l.attribute("href"))
                .unwrap_or_default()
                .to_string();
            (child(e, "id"), link, child(e, "updated"), child(e, "title"))
        })
        .collect()
}

#[test]
fn a_station_has_a_feed_of_its_receptions_and_its_deputies_stories() {
    let site = render_fixture("render-site", false);
    for (prefix, station_name, story_title) in [
        ("", "沙坪街道人大代表联络站", "文苑社区排水微实事完工"),
        (
            "en/",
            "Shaping Subdistrict Deputies' Liaison Station",
            "Drainage repair in Wenyuan community completed",
        ),
    ] {
        let page = format!("https://example.org/{prefix}stations/shaping/");
        let xml = site.text(&format!("{prefix}stations/shaping/atom.xml"));
        let entries = feed_entries(&xml);
        let ids: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
        assert_eq!(
            ids,
            [
                format!("{page}#reception-20240620"),
                format!("{page}#reception-20240516-1430"),
                format!("{page}#reception-20240425-0900"),
                format!("https://example.org/{prefix}stories/wenyuan-drainage/"),
            ],
            "{xml}"
        );
        for (id, link, _, _) in &entries {
            assert_eq!(id, link, "an entry links where its id says");
        }
        let updated: Vec<&str> = entries.iter().map(|e| e.2.as_str()).collect();
        assert_eq!(
            updated,
            [
                "2024-06-20T00:00:00Z",
                "2024-05-16T00:00:00Z",
                "2024-04-25T00:00:00Z",
                "2024-04-20T00:00:00Z"
            ]
        );
        assert!(entries[1].3.contains(station_name), "{}", entries[1].3);
        assert!(entries[1].3.contains("14:30–17:00"), "{}", entries[1].3);
        assert_eq!(entries[3].3, story_title);
        let yi = match prefix {
            "" => "<summary type=\"text\">接待代表：乙代表\n",
            _ => "<summary type=\"text\">Deputies receiving: 乙代表 (name in Chinese)\n",
        };
        assert!(xml.contains(yi), "{xml}");
        assert!(xml.contains(&format!("<id>{page}atom.xml</id>")), "{xml}");

        // Each id leads to the session on the station's page, and the page
        // names its feed in its head and in its text.
        let html = site.text(&format!("{prefix}stations/shaping/index.html"));
        for anchor in [
            "reception-20240620",
            "reception-20240516-1430",
            "reception-20240425-0900",
        ] {
            assert!(html.contains(&format!("<li id=\"{anchor}\">")), "{anchor}");
        }
        assert!(
            html.contains(&format!(
                "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"{} | ",
                station_name.replace('\'', "&#39;")
            )),
            "{html}"
        );
        assert!(html.contains(&format!("href=\"{page}atom.xml\"")), "{html}");
        // The English text of the story links the station by its file: the
        // station lists the story in both languages.
        let listed = &html[html
            .find("station-stories-heading")
            .expect("stories listed")..];
        assert!(
            listed.contains(&format!(
                "href=\"https://example.org/{prefix}stories/wenyuan-drainage/\""
            )),
            "{html}"
        );
    }
}

#[test]
fn receptions_are_news_in_the_site_district_and_deputy_feeds() {
    let site = render_fixture("render-site", false);
    for prefix in ["", "en/"] {
        let page = format!("https://example.org/{prefix}stations/shaping/");
        let reception_ids = |path: &str| -> Vec<(String, String)> {
            feed_entries(&site.text(&format!("{prefix}{path}")))
                .into_iter()
                .filter(|e| e.0.starts_with(&page))
                .map(|e| (e.0, e.2))
                .collect()
        };
        let all = [
            (
                format!("{page}#reception-20240620"),
                "2024-06-20T00:00:00Z".to_string(),
            ),
            (
                format!("{page}#reception-20240516-1430"),
                "2024-05-16T00:00:00Z".to_string(),
            ),
            (
                format!("{page}#reception-20240425-0900"),
                "2024-04-25T00:00:00Z".to_string(),
            ),
        ];
        assert_eq!(reception_ids("atom.xml"), all, "{prefix}atom.xml");
        // The station is in Heshan, not Pengjiang.
        assert_eq!(reception_ids("districts/heshan/atom.xml"), all);
        assert!(reception_ids("districts/pengjiang/atom.xml").is_empty());
        // Deputy Jia receives on 25 April and 16 May; Yi on 16 May and 20 June.
        assert_eq!(reception_ids("deputies/jia/atom.xml"), all[1..].to_vec());
        assert_eq!(reception_ids("deputies/yi/atom.xml"), all[..2].to_vec());
        // The site-wide feed is still newest first, stories among the sessions.
        let site_feed = feed_entries(&site.text(&format!("{prefix}atom.xml")));
        let dates: Vec<&str> = site_feed.iter().map(|e| e.2.as_str()).collect();
        let mut sorted = dates.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(dates, sorted);
        assert!(site_feed
            .iter()
            .any(|e| e.0 == format!("https://example.org/{prefix}stories/yayao-streetlights/")));
    }
}
