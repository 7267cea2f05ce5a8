//! Output: write a build into a fresh folder beside the target, then swap it
//! in whole.
//!
//! Publishers sync the output folder to a host or a bucket, often from a
//! script that runs while editors keep working. A half-written folder, or
//! one with pages left over from a deleted story, would be published as is.
//! So nothing is written into the target itself: the new site is made in a
//! sibling folder and exchanged with the old one in a single rename, and a
//! build that fails (or is killed) leaves the previous output untouched.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::problem::Problem;

/// The file that marks a folder as renda's output, so a mistyped `--output`
/// can never replace someone's documents.
pub const MARKER: &str = ".renda-output";

/// A build in progress: files go into `staging` until [`Output::finish`].
pub struct Output {
    target: PathBuf,
    staging: PathBuf,
    made_dirs: Mutex<HashSet<PathBuf>>,
    finished: bool,
}

impl Output {
    /// Prepares a fresh staging folder for `target`, after checking that
    /// `target` may be replaced: it must not be the site or hold or lie in
    /// its sources, and an existing folder must be an earlier renda output
    /// (or be empty) unless `force`.
    pub fn begin(target: &Path, site_root: &Path, force: bool) -> Result<Output, Problem> {
        let target = absolute(target);
        check_target(&target, &absolute(site_root), force)?;
        let parent = target
            .parent()
            .ok_or_else(|| refuse(&target, "it has no parent folder"))?;
        fs::create_dir_all(parent)
            .map_err(|e| io_problem(parent, "cannot create the folder", e))?;
        remove_leftovers(&target);
        let staging = sibling(&target, &format!("new-{}", std::process::id()));
        let _ = fs::remove_dir_all(&staging);
        fs::create_dir(&staging)
            .map_err(|e| io_problem(&staging, "cannot create the build folder", e))?;
        Ok(Output {
            target,
            staging,
            made_dirs: Mutex::new(HashSet::new()),
            finished: false,
        })
    }

    /// Writes one output file; `rel` is '/'-separated and must stay inside
    /// the output folder.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.path_for(rel)?;
        self.make_parent(&path)?;
        fs::write(&path, bytes)
    }

    /// Copies a source file (a static file or a bundle's image) into the output.
    pub fn copy(&self, from: &Path, rel: &str) -> io::Result<()> {
        let path = self.path_for(rel)?;
        self.make_parent(&path)?;
        fs::copy(from, &path).map(|_| ())
    }

    fn path_for(&self, rel: &str) -> io::Result<PathBuf> {
        let rel = Path::new(rel);
        let inside = rel.components().all(|c| matches!(c, Component::Normal(_)));
        if !inside || rel.as_os_str().is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("output path {} leaves the output folder", rel.display()),
            ));
        }
        Ok(self.staging.join(rel))
    }

    fn make_parent(&self, path: &Path) -> io::Result<()> {
        let Some(dir) = path.parent() else {
            return Ok(());
        };
        if self
            .made_dirs
            .lock()
            .map(|d| d.contains(dir))
            .unwrap_or(false)
        {
            return Ok(());
        }
        fs::create_dir_all(dir)?;
        if let Ok(mut d) = self.made_dirs.lock() {
            d.insert(dir.to_path_buf());
        }
        Ok(())
    }

    /// Marks the new folder as renda's and puts it in place of the old one.
    pub fn finish(mut self) -> Result<PathBuf, Problem> {
        let marker = "This folder is a renda build. It is replaced whole by each build.\n";
        fs::write(self.staging.join(MARKER), marker)
            .map_err(|e| io_problem(&self.staging, "cannot write", e))?;
        swap_in(&self.staging, &self.target)?;
        self.finished = true;
        Ok(self.target.clone())
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// Exchanges the staging folder with the target in one step where the
/// system allows it, so there is no moment without a site.
fn swap_in(staging: &Path, target: &Path) -> Result<(), Problem> {
    if !target.exists() {
        return fs::rename(staging, target)
            .map_err(|e| io_problem(target, "cannot move the new build into place", e));
    }
    if exchange(staging, target).is_ok() {
        let _ = fs::remove_dir_all(staging);
        return Ok(());
    }
    let old = sibling(target, &format!("old-{}", std::process::id()));
    fs::rename(target, &old)
        .map_err(|e| io_problem(target, "cannot move the previous build aside", e))?;
    if let Err(e) = fs::rename(staging, target) {
        let _ = fs::rename(&old, target);
        return Err(io_problem(
            target,
            "cannot move the new build into place",
            e,
        ));
    }
    let _ = fs::remove_dir_all(&old);
    Ok(())
}

// The one call the standard library lacks: swapping two folders at once.
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths, resolved from the cwd.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "no atomic exchange",
    ))
}

/// `.output.renda-<what>` beside `target`: hidden, and on the same file
/// system, so the final rename cannot turn into a slow copy.
fn sibling(target: &Path, what: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.renda-{what}"))
}

/// Folders left by a build that was killed before it could clean up.
fn remove_leftovers(target: &Path) {
    let Some(parent) = target.parent() else {
        return;
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.renda-");
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        if e.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = fs::remove_dir_all(e.path());
        }
    }
}

fn check_target(target: &Path, root: &Path, force: bool) -> Result<(), Problem> {
    let real_target = resolve(target);
    let real_root = resolve(root);
    for t in [target, real_target.as_path()] {
        if t == root || t == real_root || real_root.starts_with(t) || root.starts_with(t) {
            return Err(refuse(target, "it is the site's folder or holds it"));
        }
        for source in ["content", "static", "themes", "site.yaml"] {
            if t.starts_with(real_root.join(source)) || t.starts_with(root.join(source)) {
                return Err(refuse(
                    target,
                    &format!("it lies inside the site's {source}"),
                ));
            }
        }
    }
    if target.exists() && !target.is_dir() {
        return Err(refuse(target, "it is a file, not a folder"));
    }
    // Not even --force replaces a folder no build output ever is: a
    // repository, a home folder, the file system's root.
    let home = std::env::var_os("HOME").map(PathBuf::from);
    if real_target.parent().is_none() || home.is_some_and(|h| resolve(&h) == real_target) {
        return Err(refuse(
            target,
            "it is a home folder or the root of the file system",
        ));
    }
    if target.join(".git").exists() {
        return Err(refuse(target, "it is a repository (it holds .git)"));
    }
    let is_ours = target.join(MARKER).is_file();
    let is_empty = fs::read_dir(target)
        .map(|mut d| d.next().is_none())
        .unwrap_or(true);
    if !force && !is_ours && !is_empty {
        return Err(refuse(target, "it holds files that renda did not write")
            .help("choose an empty or new folder, or pass --force to replace it whole"));
    }
    Ok(())
}

fn refuse(target: &Path, why: &str) -> Problem {
    Problem::file(
        target,
        format!(
            "will not replace the output folder {}: {why}",
            target.display()
        ),
    )
    .help("pass --output with a folder of its own, such as output/ beside site.yaml")
}

fn io_problem(path: &Path, what: &str, e: io::Error) -> Problem {
    Problem::file(path, format!("{what} {}: {e}", path.display()))
        .help("check the folder's permissions and free space")
}

/// Where `path` really is: its longest existing ancestor with every link
/// resolved, then the rest. A folder that does not exist yet, under a link
/// into the site (`link/content/new`), must be seen as inside the site.
fn resolve(path: &Path) -> PathBuf {
    let mut rest = Vec::new();
    let mut existing = path;
    loop {
        if let Ok(real) = fs::canonicalize(existing) {
            return rest.iter().rev().fold(real, |p, part| p.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return path.to_path_buf(),
        }
    }
}

fn absolute(p: &Path) -> PathBuf {
    let p = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    // Drop `.` and resolve `..` lexically so comparisons see one form.
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_leave_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = Output::begin(&dir.path().join("out"), &dir.path().join("site"), false).unwrap();
        assert!(out.write("../x", b"").is_err());
        assert!(out.write("/etc/x", b"").is_err());
        assert!(out.write("a/../../x", b"").is_err());
        assert!(out.write("a/b.html", b"ok").is_ok());
    }

    #[test]
    fn replaces_only_its_own_output() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let target = dir.path().join("out");
        fs::create_dir_all(&target).unwrap();
        fs::write(target.join("thesis.docx"), b"x").unwrap();
        assert!(Output::begin(&target, &site, false).is_err());
        assert!(Output::begin(&target, &site, true).is_ok());
    }

    #[test]
    fn never_the_site_or_its_sources() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        fs::create_dir_all(site.join("content")).unwrap();
        for t in [
            site.clone(),
            site.join("content/out"),
            dir.path().to_path_buf(),
        ] {
            assert!(Output::begin(&t, &site, true).is_err(), "{}", t.display());
        }
    }

    #[test]
    fn a_dropped_build_leaves_the_old_output() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let target = dir.path().join("out");
        let first = Output::begin(&target, &site, false).unwrap();
        first.write("index.html", b"one").unwrap();
        first.finish().unwrap();
        let second = Output::begin(&target, &site, false).unwrap();
        second.write("index.html", b"two").unwrap();
        drop(second);
        assert_eq!(fs::read(target.join("index.html")).unwrap(), b"one");
        let left: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(left.len(), 1, "no staging folder is left: {left:?}");
    }
}
