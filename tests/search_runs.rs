//! Runs of the search index saved beside the output: a rebuild indexes
//! again only the runs of stories that changed, reads the others back, and
//! leaves exactly the bytes a build into a new folder makes. The site has
//! enough stories for several runs (500 stories each on average).

use std::fs;
use std::path::{Path, PathBuf};

mod support;
use support::{files, site_files};

const STORIES: usize = 1_100;

/// The bundled site's settings and districts, with `STORIES` short
/// stories, one a day, the oldest first, every third translated.
fn site(into: &Path) -> PathBuf {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = into.join("site");
    fs::create_dir_all(root.join("content/stories")).unwrap();
    fs::copy(repo.join("site.yaml"), root.join("site.yaml")).unwrap();
    for entry in walkdir::WalkDir::new(repo.join("content/districts")) {
        let entry = entry.unwrap();
        let to = root.join(entry.path().strip_prefix(repo).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&to).unwrap();
        } else {
            fs::copy(entry.path(), &to).unwrap();
        }
    }
    for i in 0..STORIES {
        write_story(&root, i, &format!("代表第{i}次走访居民，听取意见。"));
    }
    root
}

/// Story `i` is dated `i` days (of 28 a month) after the first.
fn story_file(root: &Path, i: usize) -> PathBuf {
    root.join(format!(
        "content/stories/{}-{:02}-{:02}-visit-{i}.md",
        2021 + i / (28 * 12),
        1 + (i / 28) % 12,
        1 + i % 28
    ))
}

fn write_story(root: &Path, i: usize, body: &str) {
    let district = ["heshan", "pengjiang", "jianghai"][i % 3];
    let file = story_file(root, i);
    fs::write(
        &file,
        format!("---\ntitle: 第{i}次走访\ndistrict: {district}\n---\n\n{body}\n"),
    )
    .unwrap();
    if i.is_multiple_of(3) {
        fs::write(
            file.with_extension("en.md"),
            format!("---\ntitle: Visit {i}\n---\n\nThe deputy's visit number {i}.\n"),
        )
        .unwrap();
    }
}

/// Builds `root` into `output`; returns what `--verbose` said of the
/// search index's runs.
fn build(root: &Path, output: &Path) -> String {
    let stderr = support::verbose_build(root, output);
    let line = stderr
        .lines()
        .find(|l| l.contains("search index:"))
        .unwrap_or_else(|| panic!("no word on the search index in:\n{stderr}"));
    line[line.find("search index:").unwrap()..].to_string()
}

/// Whether any file of the search index (in any language) holds `term`
/// as a JSON string.
fn indexed(output: &Path, term: &str) -> bool {
    let quoted = format!("\"{term}\"");
    files(output)
        .iter()
        .filter(|(path, _)| path.contains("search/") && path.ends_with(".json"))
        .any(|(_, bytes)| String::from_utf8_lossy(bytes).contains(&quoted))
}

/// Builds `root` into a new folder and checks that `output` holds the
/// same bytes.
fn same_as_clean(tmp: &Path, root: &Path, output: &Path, what: &str) {
    let clean = tmp.join("clean");
    let said = build(root, &clean);
    assert!(said.contains("0 read back"), "{said}");
    let (got, want) = (site_files(output), site_files(&clean));
    let differ: Vec<&String> = want
        .keys()
        .chain(got.keys())
        .filter(|k| got.get(*k) != want.get(*k))
        .collect();
    assert!(
        differ.is_empty(),
        "{what}: the rebuilt output differs from a clean build in {differ:?}"
    );
    fs::remove_dir_all(&clean).unwrap();
    fs::remove_dir_all(tmp.join(".clean.renda-search")).unwrap();
}

fn saved_runs(tmp: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(tmp.join(".out.renda-search"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_rebuild_indexes_again_only_the_runs_that_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let tmp = tmp.path();
    let root = site(tmp);
    let output = tmp.join("out");
    // Two languages, three runs each.
    let said = build(&root, &output);
    assert_eq!(said, "search index: 6 runs of stories indexed, 0 read back");
    assert_eq!(saved_runs(tmp).len(), 6);

    let said = build(&root, &output);
    assert_eq!(said, "search index: 0 runs of stories indexed, 6 read back");

    // An old story, in the last run, gains words found nowhere else.
    write_story(
        &root,
        10,
        "代表第10次走访居民，谈到柚子葡萄 grapefruitology。",
    );
    assert!(!indexed(&output, "grapefruitology"));
    let said = build(&root, &output);
    assert_eq!(said, "search index: 2 runs of stories indexed, 4 read back");
    assert!(indexed(&output, "grapefruitology"));
    assert!(indexed(&output, "柚子"));
    assert_eq!(saved_runs(tmp).len(), 6, "the runs replaced are removed");
    same_as_clean(tmp, &root, &output, "a changed story");

    // A story added at the top of the list leaves the older runs alone.
    write_story(&root, STORIES, "新的走访，谈到 kumquatology。");
    let said = build(&root, &output);
    assert_eq!(said, "search index: 2 runs of stories indexed, 4 read back");
    assert!(indexed(&output, "kumquatology"));
    same_as_clean(tmp, &root, &output, "a story added");

    // The story deleted, its words leave the index.
    fs::remove_file(story_file(&root, 10)).unwrap();
    let said = build(&root, &output);
    assert!(said.starts_with("search index: 2 runs"), "{said}");
    assert!(!indexed(&output, "grapefruitology"));
    assert!(!indexed(&output, "柚子"));
    same_as_clean(tmp, &root, &output, "a story deleted");
}

/// A saved run that is not whole is indexed again, never read as it is.
#[test]
fn a_damaged_run_is_indexed_again() {
    let tmp = tempfile::tempdir().unwrap();
    let tmp = tmp.path();
    let root = site(tmp);
    let output = tmp.join("out");
    build(&root, &output);
    let dir = tmp.join(".out.renda-search");
    for (i, name) in saved_runs(tmp).iter().enumerate() {
        let file = dir.join(name);
        let bytes = fs::read(&file).unwrap();
        match i {
            0 => fs::write(&file, &bytes[..bytes.len() / 2]).unwrap(),
            1 => fs::write(&file, b"").unwrap(),
            _ => {}
        }
    }
    // And one left half-written by a build killed midway.
    fs::write(dir.join("zh-0.tmp"), b"renda search").unwrap();
    let said = build(&root, &output);
    assert_eq!(said, "search index: 2 runs of stories indexed, 4 read back");
    assert!(!dir.join("zh-0.tmp").exists(), "leftovers are removed");
    same_as_clean(tmp, &root, &output, "damaged runs");
}
