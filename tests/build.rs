//! `renda build` end to end, as a publisher runs it: the same bytes every
//! time, and never a half-written or wrongly placed output folder.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

mod support;
use support::{copy_fixture, files, fixture};

fn renda(args: &[&str], root: &Path, output: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_renda"))
        .args(args)
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(output)
        .output()
        .unwrap()
}

#[test]
fn two_builds_give_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let site = fixture("valid-full");
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    assert!(renda(&["build"], &site, &a).status.success());
    assert!(renda(&["build"], &site, &b).status.success());
    let (first, second) = (files(&a), files(&b));
    assert!(
        first.len() > 20,
        "a real site was built: {} files",
        first.len()
    );
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(bytes == &second[path], "{} differs between builds", path);
    }
}

#[test]
fn a_failing_build_leaves_the_earlier_output_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_fixture("valid-full", tmp.path());
    let out = tmp.path().join("out");
    assert!(renda(&["build"], &site, &out).status.success());
    let before = files(&out);

    let story = site.join("content/stories/2023-06-01-thursday.md");
    let text = fs::read_to_string(&story)
        .unwrap()
        .replace("district: city", "district: nowhere");
    fs::write(&story, text).unwrap();
    let failed = renda(&["build"], &site, &out);
    assert_eq!(failed.status.code(), Some(1));
    let err = String::from_utf8_lossy(&failed.stderr);
    assert!(err.contains("unknown district \"nowhere\""), "{err}");
    assert!(err.contains("the previous output is as it was"), "{err}");

    assert_eq!(
        files(&out),
        before,
        "the earlier output is byte for byte as it was"
    );
    let leftovers: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // The render cache and the search index's runs of the good build
        // stay beside it, on purpose.
        .filter(|n| {
            n.contains("renda-") && !n.ends_with(".renda-cache") && !n.ends_with(".renda-search")
        })
        .collect();
    assert!(
        leftovers.is_empty(),
        "no build folder is left behind: {leftovers:?}"
    );
}

#[test]
fn a_successful_build_replaces_the_output_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_fixture("valid-full", tmp.path());
    let out = tmp.path().join("out");
    assert!(renda(&["build"], &site, &out).status.success());
    assert!(out.join("stories/deputy-forest/index.html").is_file());
    fs::remove_dir_all(site.join("content/stories/deputy-forest")).unwrap();
    assert!(renda(&["build"], &site, &out).status.success());
    assert!(
        !out.join("stories/deputy-forest").exists(),
        "a removed story leaves no stale page"
    );
}

#[test]
fn an_output_folder_with_other_files_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("documents");
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("report.docx"), b"not a site").unwrap();
    let refused = renda(&["build"], &fixture("valid-full"), &out);
    assert_eq!(refused.status.code(), Some(1));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("it holds files that renda did not write"),
        "{err}"
    );
    assert!(err.contains("--force"), "the fix is named: {err}");
    assert_eq!(fs::read(out.join("report.docx")).unwrap(), b"not a site");

    let forced = renda(&["build", "--force"], &fixture("valid-full"), &out);
    assert!(
        forced.status.success(),
        "{}",
        String::from_utf8_lossy(&forced.stderr)
    );
    assert!(!out.join("report.docx").exists());
}

#[test]
fn the_output_is_never_the_site_or_inside_its_sources() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_fixture("valid-full", tmp.path());
    for target in [
        site.clone(),
        site.join("content"),
        site.join("content/stories/out"),
        tmp.path().to_path_buf(),
    ] {
        let refused = renda(&["build", "--force"], &site, &target);
        assert_eq!(refused.status.code(), Some(1), "{}", target.display());
    }
    assert!(
        site.join("content/stories/deputy-forest/index.md")
            .is_file(),
        "nothing was lost"
    );
    assert!(site.join("site.yaml").is_file());
}

#[test]
fn not_even_force_replaces_a_repository() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("project");
    fs::create_dir_all(repo.join(".git")).unwrap();
    fs::write(repo.join("notes.txt"), b"keep").unwrap();
    let refused = renda(&["build", "--force"], &fixture("valid-full"), &repo);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("it is a repository"));
    assert_eq!(fs::read(repo.join("notes.txt")).unwrap(), b"keep");
}
