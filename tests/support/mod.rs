//! Fixture sites for end-to-end tests: where they are, private copies a test
//! may change, and the files a build wrote.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A private copy of the fixture `name` in `into`, so a test may change it.
pub fn copy_fixture(name: &str, into: &Path) -> PathBuf {
    let from = fixture(name);
    let to = into.join(name);
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
    to
}

/// Every file under `dir`, by '/'-separated relative path.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, fs::read(e.path()).unwrap())
        })
        .collect()
}

/// renda's record of the files it wrote, which counts builds.
pub const RECORD: &str = ".renda-output";

/// The site's files without renda's record of them.
pub fn site_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut f = files(dir);
    f.remove(RECORD);
    f
}

/// Replaces the first `from` in `file`, which must hold it.
pub fn replace_in(file: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{} holds {from:?}", file.display());
    fs::write(file, text.replacen(from, to, 1)).unwrap();
}

/// Builds `root` into `output` with `--verbose`, which must succeed, and
/// returns what it wrote to standard error.
pub fn verbose_build(root: &Path, output: &Path) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_renda"))
        .args(["build", "--verbose", "--root"])
        .arg(root)
        .arg("--output")
        .arg(output)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    stderr
}
