//! Which files the theme publishes under `theme/`: the built-in theme's
//! `static/` folder with the site's own theme folder laid over it. Known
//! while loading, before the theme's templates are compiled, so that a
//! link to `/theme/…` is checked against the files that will be there
//! rather than let through because of where it points.

use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

/// The built-in theme, compiled into the binary so that a site needs no
/// theme folder of its own.
pub static BUILT_IN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Whether a theme name is one folder's name: anything else could reach
/// outside `themes/`.
pub fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\'])
        && !name.starts_with('.')
}

/// The site's theme folder, if it names one that exists.
pub fn folder(site_root: &Path, name: &str) -> Option<PathBuf> {
    let folder = site_root.join("themes").join(name);
    (is_plain_name(name) && folder.is_dir()).then_some(folder)
}

/// A file or folder whose name starts with a dot is an editor's or a
/// system's, never part of the theme.
pub fn is_hidden(rel: &str) -> bool {
    rel.split('/').any(|part| part.starts_with('.'))
}

/// The paths below `theme/` that a build writes, sorted. Only names are
/// read here: the files themselves are read once, by the theme, which
/// also reports what is wrong with them (a link, an unreadable file), so
/// such a file is simply not listed.
pub fn published(site_root: &Path, theme: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    collect_built_in(&BUILT_IN, &mut out);
    if let Some(folder) = folder(site_root, theme) {
        let walk = walkdir::WalkDir::new(&folder).follow_links(false);
        for entry in walk.into_iter().filter_map(Result::ok) {
            if entry.path_is_symlink() || !entry.file_type().is_file() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(&folder) else {
                continue;
            };
            let rel = crate::routes::slash(rel);
            if is_hidden(&rel) {
                continue;
            }
            if let Some(path) = rel.strip_prefix("static/") {
                out.push(path.to_string());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn collect_built_in(dir: &'static Dir<'static>, out: &mut Vec<String>) {
    for file in dir.files() {
        let rel = crate::routes::slash(file.path());
        if let Some(path) = rel.strip_prefix("static/").filter(|_| !is_hidden(&rel)) {
            out.push(path.to_string());
        }
    }
    for sub in dir.dirs() {
        collect_built_in(sub, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_theme_publishes_its_static_folder() {
        let dir = tempfile::tempdir().unwrap();
        let files = published(dir.path(), "default");
        assert_eq!(
            files,
            [
                "card.png",
                "highlight.css",
                "icon.svg",
                "search.js",
                "style.css"
            ]
        );
    }

    #[test]
    fn a_site_theme_adds_its_files_and_hides_dotted_ones() {
        let dir = tempfile::tempdir().unwrap();
        let stat = dir.path().join("themes/mine/static");
        std::fs::create_dir_all(stat.join("fonts")).unwrap();
        std::fs::write(stat.join("fonts/han.woff2"), b"x").unwrap();
        std::fs::write(stat.join("style.css"), b"x").unwrap();
        std::fs::write(stat.join(".DS_Store"), b"x").unwrap();
        std::fs::write(dir.path().join("themes/mine/README.md"), b"x").unwrap();
        let files = published(dir.path(), "mine");
        assert_eq!(
            files,
            [
                "card.png",
                "fonts/han.woff2",
                "highlight.css",
                "icon.svg",
                "search.js",
                "style.css"
            ]
        );
        assert_eq!(published(dir.path(), "../mine").len(), 5);
    }
}
