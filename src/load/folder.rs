//! The site's folders on disk: which files are read, and which language a
//! file's name says it is in. Symbolic links are refused here, once, for
//! every kind of content.

use std::path::{Path, PathBuf};

use super::registry::Registry;
use crate::problem::{Problem, Problems};

/// `x.md` is in the default language, `x.en.md` in English. A suffix that
/// names no language of the site is an error rather than part of the name.
pub(super) fn split_language(
    file: &Path,
    reg: &Registry,
    problems: &mut Problems,
) -> Option<(String, String)> {
    let name = file.file_name()?.to_str()?;
    let base = name.strip_suffix(".md").unwrap_or(name);
    let Some((stem, lang)) = base.split_once('.') else {
        return Some((base.to_string(), reg.default_language().to_string()));
    };
    if lang == reg.default_language() {
        problems.push(
            Problem::file(
                file,
                format!("`.{lang}` is the default language, which takes no suffix"),
            )
            .help(format!("rename it to {stem}.md")),
        );
        return None;
    }
    if !reg.languages.iter().any(|l| l == lang) || lang.contains('.') {
        problems.push(
            Problem::file(
                file,
                format!("`{lang}` in the file name is not a language of this site"),
            )
            .help(format!(
                "languages in site.yaml: {}; a translation is named {stem}.<language>.md",
                reg.languages.join(", ")
            )),
        );
        return None;
    }
    Some((stem.to_string(), lang.to_string()))
}

pub(super) fn stem(file: &Path) -> String {
    file.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_string()
}

/// Files directly in `dir` with one of `extensions`; others are warned of,
/// since an editor who saves `2024.yml.bak` or `about.txt` expects it used.
pub(super) fn files_with(
    root: &Path,
    dir: &Path,
    extensions: &[&str],
    problems: &mut Problems,
) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for f in list_files(root, dir, problems) {
        let path = dir.join(&f);
        let ext_ok = f
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.contains(&e));
        if f.components().count() == 1 && ext_ok {
            out.push(path);
        } else if !is_hidden(&f) {
            problems.push(
                Problem::file(&path, "this file is not read")
                    .help(format!(
                        "files here are read only when directly in {} and ending in .{}",
                        dir.display(),
                        extensions.join(" or .")
                    ))
                    .warning(),
            );
        }
    }
    out
}

pub(super) fn is_hidden(f: &Path) -> bool {
    f.components().any(|c| {
        c.as_os_str()
            .to_str()
            .is_some_and(|s| s.starts_with('.') || s.ends_with('~'))
    })
}

/// Every regular file under `root/dir`, relative to `dir`, sorted. Symbolic
/// links are refused rather than followed, so no input can make renda read
/// (or publish) a file from outside the site.
pub(super) fn list_files(root: &Path, dir: &Path, problems: &mut Problems) -> Vec<PathBuf> {
    let base = root.join(dir);
    // The walk below refuses links inside `dir`, but would follow `dir`
    // itself (or `content/` above it) wherever it leads.
    let mut folder = PathBuf::new();
    for part in dir.components() {
        folder.push(part);
        if root.join(&folder).is_symlink() {
            problems.push(
                Problem::file(&folder, "this folder is a symbolic link, which renda does not follow")
                    .help("move the folder into the site instead of linking to it; the site's folder itself may be a link"),
            );
            return Vec::new();
        }
    }
    if !base.is_dir() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&base)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let shown = e
                    .path()
                    .map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf())
                    .unwrap_or_else(|| dir.to_path_buf());
                problems.push(
                    Problem::file(shown, format!("cannot read: {e}"))
                        .help("check the folder's permissions, or move the entry out of the site"),
                );
                continue;
            }
        };
        let rel = entry
            .path()
            .strip_prefix(&base)
            .unwrap_or(entry.path())
            .to_path_buf();
        if is_hidden(&rel) {
            continue;
        }
        if entry.path_is_symlink() {
            problems.push(
                Problem::file(dir.join(&rel), "symbolic links are not followed")
                    .help("copy the file into the site instead of linking to it"),
            );
        } else if entry.file_type().is_file() {
            out.push(rel);
        }
    }
    out
}

pub(super) fn is_yaml(f: &Path) -> bool {
    f.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e == "yaml" || e == "yml")
}
