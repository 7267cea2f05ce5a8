//! `check` reads each of the site's text files once: the placeholder text
//! `init` left, the translations' freshness and the links of a story that
//! did not load are all found in what loading read.
//!
//! Counted with the kernel's tally of the bytes this process has read
//! (`rchar` in `/proc/self/io`), over a site whose stories are large
//! enough that every other read is small beside them: reading the text
//! twice would nearly double the count. The one test of this file runs
//! alone in its process, so no other test's reads are counted.

use std::fs;
use std::path::Path;

mod support;
use support::copy_fixture;

/// The bytes this process has read so far, from any file.
fn bytes_read() -> u64 {
    let io = fs::read_to_string("/proc/self/io")
        .expect("this test counts reads in /proc/self/io, which Linux provides");
    io.lines()
        .find_map(|l| l.strip_prefix("rchar: "))
        .and_then(|n| n.trim().parse().ok())
        .expect("an rchar line in /proc/self/io")
}

/// The bytes of the site's text files, and of all its files.
fn sizes(root: &Path) -> (u64, u64) {
    let (mut text, mut all) = (0, 0);
    for entry in walkdir::WalkDir::new(root) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let len = entry.metadata().unwrap().len();
        all += len;
        if entry
            .path()
            .extension()
            .is_some_and(|e| e == "md" || e == "yaml")
        {
            text += len;
        }
    }
    (text, all)
}

/// What `check` does with the site's files: load it, placeholders noted,
/// and judge its translations.
fn check(root: &Path) -> (bool, usize) {
    match renda::load::load_site_for_check(root) {
        Ok((site, warnings)) => {
            let report = renda::translation::report(&site);
            (true, warnings.0.len() + report.problems.0.len())
        }
        Err(problems) => (false, problems.0.len()),
    }
}

/// A story of about 100 KB, with a placeholder `init` writes and a link.
fn long_story(n: usize) -> String {
    let paragraph = "代表走访群众，听取意见，跟进落实。".repeat(40);
    let body = vec![paragraph; 50].join("\n\n");
    format!(
        "---\ntitle: 在这里写标题，说清谁为群众办成了什么事\ndistrict: heshan\n---\n\n{body}\n\n[统计](/stats/) {n}\n"
    )
}

fn counted(root: &Path) -> (bool, usize, u64) {
    let before = bytes_read();
    let (loaded, problems) = check(root);
    (loaded, problems, bytes_read() - before)
}

#[test]
fn check_reads_each_text_file_once() {
    let dir = tempfile::tempdir().unwrap();
    let site = copy_fixture("robust-base", dir.path());
    let file = |n: usize| {
        site.join(format!(
            "content/stories/2022-02-{:02}-long-{n}.md",
            n % 28 + 1
        ))
    };
    for n in 1..=40 {
        fs::write(file(n), long_story(n)).unwrap();
    }
    let (text, all) = sizes(&site);
    assert!(text > 4 * (all - text), "the text outweighs the rest");

    let (loaded, problems, read) = counted(&site);
    assert!(loaded, "the site loads");
    assert!(
        problems >= 40,
        "each story's placeholder is found: {problems}"
    );
    assert!(read >= text, "every text file is read: {read} of {text}");
    assert!(
        read < all + text / 2,
        "{read} bytes read for {text} of text ({all} in all): some file was read twice"
    );

    // A story whose front matter has an error does not load; its links are
    // still checked, from the one reading of it.
    let broken = file(1);
    let story = fs::read_to_string(&broken).unwrap();
    fs::write(
        &broken,
        story.replace("district: heshan", "district: nowhere"),
    )
    .unwrap();
    let (loaded, problems, read) = counted(&site);
    assert!(!loaded && problems >= 1, "the broken story is an error");
    assert!(read >= text, "every text file is read: {read} of {text}");
    assert!(
        read < all + text / 2,
        "{read} bytes read for {text} of text ({all} in all): some file was read twice"
    );
}
