//! The one route table: a build writes exactly its addresses, and link
//! checks judge a link against it: every kind of address the site makes is
//! accepted, and a link to a page the site does not make is refused with
//! its place.

use std::collections::BTreeSet;
use std::fmt::Write;
use std::fs;
use std::path::Path;
use std::process::Command;

use renda::load::load_site;
use renda::render::images::variant_path as photo_copy;
use renda::routes::{file_of, prefix, Drafts, Routes, SEARCH_INDEX};

mod support;
use support::{copy_fixture, files};

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
            "/theme/style.css",
            "/theme/styles.css",
        ],
    );
    let problems = load_site(&site).expect_err("three links lead nowhere");
    let got: Vec<String> = problems.errors().map(|p| p.headline()).collect();
    assert_eq!(
        got,
        [
            format!("{file}:7:24: error: the link to \"/stories/page/3/\" leads to no page or file of the site"),
            format!("{file}:8:36: error: the link to \"/districts/pengjiang/page/2/\" leads to no page or file of the site"),
            format!("{file}:10:25: error: the link to \"/theme/styles.css\" leads to no page or file of the site"),
        ]
    );
}

/// Builds the site at `root` and compares what was written with the route
/// table: every page of the table is written in every language, and every
/// file written is in the table. Two kinds of file are named by rule
/// rather than one by one, each checked to follow its rule: the search
/// index's shards, and the resized copies of a story's photo beside it.
fn build_matches_the_table(root: &Path, photo_copies: bool) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let run = Command::new(env!("CARGO_BIN_EXE_renda"))
        .args(["build", "--quiet", "--root"])
        .arg(root)
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let (site, _) = load_site(root).unwrap_or_else(|p| panic!("{}", p.report(false)));
    let table = Routes::new(&site, Drafts::Left);
    let languages = &site.config.languages;
    let prefixes: Vec<String> = languages.iter().map(|l| prefix(languages, l)).collect();
    let mut listed: BTreeSet<String> = table.files.iter().cloned().collect();
    listed.extend(table.theme_files.iter().cloned());
    assert!(listed.contains("theme/style.css"), "{listed:?}");
    for p in &prefixes {
        listed.extend(
            table
                .pages
                .iter()
                .map(|r| format!("{p}{}", file_of(&r.path))),
        );
        listed.extend(table.story_files.iter().map(|f| format!("{p}{f}")));
    }
    let written: BTreeSet<String> = files(&out)
        .into_keys()
        .filter(|f| f != ".renda-output")
        .collect();

    let unwritten: Vec<&String> = listed.difference(&written).collect();
    assert!(unwritten.is_empty(), "routes with no file: {unwritten:?}");

    let originals: Vec<String> = prefixes
        .iter()
        .flat_map(|p| table.story_files.iter().map(move |f| format!("{p}{f}")))
        .chain(table.files.iter().cloned())
        .collect();
    // `<dir>/<stem>-<width>w.<ext>`, beside a story file it is a copy of.
    let is_photo_copy = |f: &str| {
        let Some((head, ext)) = f.rsplit_once('.') else {
            return false;
        };
        let Some(width) = head
            .rsplit_once('-')
            .and_then(|(_, w)| w.strip_suffix('w')?.parse::<u32>().ok())
        else {
            return false;
        };
        originals.iter().any(|o| photo_copy(o, width, ext) == f)
    };
    let by_rule = |f: &&String| {
        prefixes
            .iter()
            .any(|p| f.starts_with(&format!("{p}{SEARCH_INDEX}")))
            || is_photo_copy(f)
    };
    let (ruled, unlisted): (Vec<&String>, Vec<&String>) =
        written.difference(&listed).partition(by_rule);
    assert!(unlisted.is_empty(), "files with no route: {unlisted:?}");
    // The rules are not empty words: each kind was written.
    for p in &prefixes {
        let index = format!("{p}{SEARCH_INDEX}meta.json");
        assert!(ruled.contains(&&index), "{index} in {ruled:?}");
    }
    assert_eq!(
        ruled.iter().any(|f| is_photo_copy(f)),
        photo_copies,
        "{ruled:?}"
    );
}

#[test]
fn the_bundled_site_writes_exactly_the_routes_of_the_table() {
    // Its one story photo is small enough to be published as it is.
    build_matches_the_table(Path::new(env!("CARGO_MANIFEST_DIR")), false);
}

#[test]
fn paged_lists_write_exactly_the_routes_of_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let site = with_many_stories(dir.path());
    // A photo large enough to be resized, so that its copies are written.
    let bundle = site.join("content/stories/deputy-forest");
    fs::copy(
        support::fixture("photos/harbour.jpg"),
        bundle.join("harbour.jpg"),
    )
    .unwrap();
    let index = bundle.join("index.md");
    let text = fs::read_to_string(&index).unwrap();
    fs::write(&index, text.replace("src: forest.png", "src: harbour.jpg")).unwrap();
    build_matches_the_table(&site, true);
}

/// Render writes a data file only when the table lists it: one the table
/// left out would be described on the `data/` page and never written.
#[test]
fn every_open_data_file_is_in_the_table() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (site, _) = load_site(root).unwrap_or_else(|p| panic!("{}", p.report(false)));
    let table = Routes::new(&site, Drafts::Left);
    let made: Vec<String> = renda::render::data::files(&site, &site.config.base_url, false)
        .into_iter()
        .map(|f| f.path)
        .collect();
    // Every kind of data file is made from the bundled site.
    for kind in [
        "stats.csv",
        "cases.json",
        "projects.json",
        "deputies.json",
        "stations.json",
    ] {
        assert!(made.contains(&format!("data/{kind}")), "{kind} in {made:?}");
    }
    let unlisted: Vec<&String> = made.iter().filter(|f| !table.files.contains(f)).collect();
    assert!(
        unlisted.is_empty(),
        "data files with no route: {unlisted:?}"
    );
}
