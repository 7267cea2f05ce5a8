//! What a stranger's text can and cannot do to the published site, and what
//! a killed build leaves behind.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

mod support;
use support::{copy_fixture, files, fixture};

fn build(root: &Path, output: &Path, env: &[(&str, &str)]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_renda"))
        .args(["build", "--quiet", "--force", "--root"])
        .arg(root)
        .arg("--output")
        .arg(output)
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

/// Attribute names of every tag in `html`, so an injected `onerror=` or
/// `onmouseover=` would show up as the attribute it would have become.
fn attribute_names(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(start) = html[i..].find('<').map(|p| p + i) {
        i = start + 1;
        if !bytes.get(i).is_some_and(|b| b.is_ascii_alphabetic()) {
            continue;
        }
        let name_end = html[i..]
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .map_or(html.len(), |p| p + i);
        let tag = html[i..name_end].to_ascii_lowercase();
        i = name_end;
        loop {
            while bytes
                .get(i)
                .is_some_and(|b| b.is_ascii_whitespace() || *b == b'/')
            {
                i += 1;
            }
            match bytes.get(i) {
                None | Some(b'>') => break,
                _ => {}
            }
            let attr_end = html[i..]
                .find(|c: char| c.is_whitespace() || c == '=' || c == '>')
                .map_or(html.len(), |p| p + i);
            out.push((tag.clone(), html[i..attr_end].to_ascii_lowercase()));
            i = attr_end;
            if bytes.get(i) == Some(&b'=') {
                i += 1;
                match bytes.get(i) {
                    Some(q @ (b'"' | b'\'')) => {
                        let close = html[i + 1..]
                            .find(*q as char)
                            .map_or(html.len(), |p| p + i + 1);
                        i = close + 1;
                    }
                    _ => {
                        i = html[i..]
                            .find(|c: char| c.is_whitespace() || c == '>')
                            .map_or(html.len(), |p| p + i);
                    }
                }
            }
        }
    }
    out
}

#[test]
fn hostile_text_is_escaped_for_every_kind_of_file() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("site");
    let built = build(&fixture("hostile"), &target, &[]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let all = files(&target);
    let pages = all.keys().filter(|p| p.ends_with(".html")).count();
    let feeds = all.keys().filter(|p| p.ends_with(".xml")).count();
    assert!(
        pages > 10 && feeds > 2,
        "{pages} pages, {feeds} feeds checked"
    );

    for (path, bytes) in all.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8(bytes.clone()).unwrap();
        for (tag, attr) in attribute_names(&html) {
            assert!(
                !attr.starts_with("on"),
                "{path}: <{tag} {attr}> is an injected handler"
            );
        }
        let lower = html.to_ascii_lowercase();
        for bad in [
            "<script>alert",
            "<iframe",
            "<svg onload",
            "<img src=x",
            "<style>body",
            "href=\"javascript:",
            "href=\"data:",
        ] {
            assert!(!lower.contains(bad), "{path} contains {bad}");
        }
    }

    for path in all.keys().filter(|p| p.ends_with(".xml")) {
        let xml = String::from_utf8(all[path].clone()).unwrap();
        roxmltree::Document::parse(&xml)
            .unwrap_or_else(|e| panic!("{path} is not well-formed XML: {e}"));
        assert!(!xml.contains("<script"), "{path}");
    }
    let feed = String::from_utf8(all["en/atom.xml"].clone()).unwrap();
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("title"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        titles.contains(&"Title </title><script>alert(11)</script> & ]]>"),
        "the title survives as text: {titles:?}"
    );

    let cases: serde_json::Value = serde_json::from_slice(&all["data/cases.json"]).unwrap();
    let case = &cases["cases"][0];
    assert_eq!(
        case["title"]["zh"],
        "标题<script>alert(5)</script> ]]> \"引号\" 'single'"
    );
    let stats: serde_json::Value = serde_json::from_slice(&all["data/stats.json"]).unwrap();
    assert_eq!(
        stats["periods"][0]["source"]["name"]["zh"], "=cmd|' /C calc'!A0",
        "JSON keeps text as given"
    );

    let csv = String::from_utf8(all["data/stats.csv"].clone()).unwrap();
    let rows = parse_csv(&csv);
    assert!(rows.len() > 1, "the CSV has rows to check: {csv}");
    for row in rows.iter().skip(1) {
        for cell in row {
            let first = cell.chars().next();
            assert!(
                !matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r')),
                "a spreadsheet would run {cell:?} as a formula"
            );
        }
    }
    assert!(
        csv.contains("'=cmd|' /C calc'!A0"),
        "formulas are kept, as text"
    );
    assert!(
        csv.contains("\"Report \"\"2024\"\", <b>final</b>\nsecond line\""),
        "quotes, commas and newlines are quoted"
    );
}

/// RFC 4180, enough to check what a spreadsheet would see in each cell.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = vec![vec![String::new()]];
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let row = rows.last_mut().unwrap();
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                row.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(String::new()),
            ('\r', false) => {}
            ('\n', false) => rows.push(vec![String::new()]),
            (c, _) => row.last_mut().unwrap().push(c),
        }
    }
    rows.retain(|r| r.len() > 1 || !r[0].is_empty());
    rows
}

/// A site big enough that a build takes a while, to be killed part-way.
fn big_site(into: &Path, stories: usize) -> PathBuf {
    let root = copy_fixture("valid-full", into);
    let body = "代表走访居民，记录意见。\n\n".repeat(40);
    for i in 0..stories {
        let file = root.join(format!("content/stories/2020-01-{:02}-s{i}.md", 1 + i % 28));
        fs::write(
            file,
            format!("---\ntitle: 故事{i}\ndistrict: heshan\ntopics: [green]\n---\n\n{body}"),
        )
        .unwrap();
    }
    root
}

#[test]
fn a_build_killed_part_way_leaves_the_previous_output_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let root = big_site(tmp.path(), 1500);
    let target = tmp.path().join("out");
    assert!(build(&root, &target, &[]).status.success());
    let before = files(&target);

    fs::write(
        root.join("content/stories/2030-01-01-newest.md"),
        "---\ntitle: 最新\ndistrict: city\n---\n\n正文\n",
    )
    .unwrap();
    for delay_ms in [30, 120, 300, 600] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_renda"))
            .args(["build", "--quiet", "--root"])
            .arg(&root)
            .arg("--output")
            .arg(&target)
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL: no cleanup code runs
        let status = child.wait().unwrap();
        if status.success() {
            break; // it finished first: the swap itself is what is atomic
        }
        assert_eq!(
            files(&target),
            before,
            "after a kill at {delay_ms} ms the output is as it was"
        );
    }
    let finished = build(&root, &target, &[]);
    assert!(finished.status.success());
    assert!(target.join("stories/newest/index.html").is_file());
    let leftovers: Vec<String> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.contains(".renda-")
                && !n.ends_with(".renda-spare")
                && !n.ends_with(".renda-cache")
                && !n.ends_with(".renda-search")
        })
        .collect();
    assert!(
        leftovers.is_empty(),
        "the next build clears what a killed one left: {leftovers:?}"
    );
    // Runs of the search index half-written by a killed build are gone too.
    let runs = tmp.path().join(format!(
        ".{}.renda-search",
        target.file_name().unwrap().to_string_lossy()
    ));
    let half_written: Vec<String> = fs::read_dir(&runs)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(half_written.is_empty(), "{half_written:?}");
}

#[test]
fn one_thread_and_many_give_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let root = big_site(tmp.path(), 120);
    let (one, many) = (tmp.path().join("one"), tmp.path().join("many"));
    assert!(build(&root, &one, &[("RAYON_NUM_THREADS", "1")])
        .status
        .success());
    assert!(build(&root, &many, &[("RAYON_NUM_THREADS", "8")])
        .status
        .success());
    let (a, b) = (files(&one), files(&many));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(
            bytes == &b[path],
            "{path} differs between one thread and eight"
        );
    }
}
