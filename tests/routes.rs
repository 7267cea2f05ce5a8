//! Link checks judge a link against the one route table the renderers and
//! the sitemap use: every kind of address the site makes is accepted, and a
//! link to a page the site does not make is refused with its place.

use std::fmt::Write;
use std::fs;

use renda::load::load_site;

mod support;
use support::copy_fixture;

/// A district and a topic with more stories than one list page holds, so
/// that every list runs to a second page.
fn with_many_stories(dir: &std::path::Path) -> std::path::PathBuf {
    let site = copy_fixture("robust-base", dir);
    for day in 1..=21 {
        let file = site.join(format!("content/stories/2022-01-{day:02}-visit-{day}.md"));
        let text =
            format!("---\ntitle: 走访 {day}\ndistrict: heshan\ntopics: [green]\n---\n\n正文。\n");
        fs::write(file, text).unwrap();
    }
    site
}

fn write_story(site: &std::path::Path, links: &[&str]) -> String {
    let mut body = String::new();
    for link in links {
        writeln!(body, "- [到 {link}]({link})").unwrap();
    }
    let name = "content/stories/2024-05-01-every-address.md";
    let text = format!("---\ntitle: 每一种地址\ndistrict: heshan\n---\n\n{body}");
    fs::write(site.join(name), text).unwrap();
    name.to_string()
}

#[test]
fn a_story_linking_to_every_kind_of_address_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let site = with_many_stories(dir.path());
    write_story(
        &site,
        &[
            "/",
            "/en/",
            "/search/",
            "/en/search/",
            "/stories/",
            "/stories/page/2/",
            "/en/stories/page/2/",
            "/stories/visit-3/",
            "/districts/",
            "/districts/heshan/",
            "/districts/heshan/page/2/",
            "/topics/green/",
            "/topics/green/page/2/",
            "/stats/",
            "/about/",
            "/en/about/",
            "/atom.xml",
            "/en/atom.xml",
            "/districts/heshan/atom.xml",
            "/404.html",
            "/sitemap.xml",
            "/robots.txt",
            "/data/stats.csv",
            "/data/stats.json",
            "/data/cases.json",
            "/images/drain.png",
            "/stories/deputy-forest/forest.png",
            "/en/stories/deputy-forest/forest.png",
            "/theme/style.css",
            "/stories/visit-3/index.html",
        ],
    );
    if let Err(problems) = load_site(&site) {
        panic!("{}", problems.report(false));
    }
}

#[test]
fn a_link_to_a_page_the_site_does_not_make_fails_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let site = with_many_stories(dir.path());
    let file = write_story(
        &site,
        &[
            "/search/",
            "/stories/page/3/",
            "/districts/pengjiang/page/2/",
        ],
    );
    let problems = load_site(&site).expect_err("two links lead nowhere");
    let got: Vec<String> = problems.errors().map(|p| p.headline()).collect();
    assert_eq!(
        got,
        [
            format!("{file}:7:24: error: the link to \"/stories/page/3/\" leads to no page or file of the site"),
            format!("{file}:8:36: error: the link to \"/districts/pengjiang/page/2/\" leads to no page or file of the site"),
        ]
    );
}
