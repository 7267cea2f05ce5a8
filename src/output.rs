//! Output: bring the output folder up to date with a build, writing only
//! the files whose bytes changed, and swap the result in whole.
//!
//! Publishers sync the output folder to a host or a bucket, often from a
//! script that runs while editors keep working, and sync tools that compare
//! modification times upload every file whose time moved. So a rebuild must
//! leave an unchanged file exactly as it was (same inode, same time), remove
//! what is no longer produced, and never show a half-updated site: a build
//! that fails or is killed leaves the last good site whole.
//!
//! Two trees make that possible. The live one is the output folder; beside
//! it, `.<name>.renda-spare` holds the site as it was one build earlier,
//! its unchanged files hard links to the live ones. A build brings the
//! spare up to date (a changed file is written under a temporary name and
//! renamed over, so a file the trees share is never written into; a file
//! that did not change is linked from the live tree where the spare lacks
//! it) and then exchanges the two folders in one `renameat2` call. The
//! live tree is never touched, so a reader, or a kill, sees the old site or
//! the new one, never a mix. After the exchange the old live tree is the
//! spare for the next build, already sharing every unchanged file.
//!
//! Each tree carries its record, `.renda-output`: a digest of every file,
//! and what the build that made it wrote and removed. That record is what
//! a rebuild compares against, so it reads no earlier page. The spare's
//! record is removed before the spare is touched: a build killed halfway
//! leaves a spare without a record, and the next build checks it file by
//! file instead of trusting it.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use sha2::{Digest as _, Sha256};

use crate::problem::Problem;

/// The file that marks a folder as renda's output, so a mistyped `--output`
/// can never replace someone's documents. It also holds the folder's record.
pub const MARKER: &str = ".renda-output";

const RECORD_HEADER: &str = "renda output record 2";

/// Enough of a SHA-256 digest to tell two versions of a file apart.
pub type FileDigest = [u8; 16];

pub fn digest(bytes: &[u8]) -> FileDigest {
    let full = Sha256::digest(bytes);
    let mut out = [0u8; 16];
    out.copy_from_slice(&full[..16]);
    out
}

/// What a tree holds, and how it differs from the tree one build older.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Record {
    pub generation: u64,
    pub files: HashMap<String, FileDigest>,
    /// Files the build that made this tree wrote (new or changed bytes).
    pub written: Vec<String>,
    /// Files that build removed.
    pub removed: Vec<String>,
}

impl Record {
    /// The record of the output folder at `dir`, if it has one that this
    /// version of renda can read.
    pub fn read(dir: &Path) -> Option<Record> {
        let text = fs::read_to_string(dir.join(MARKER)).ok()?;
        Record::parse(&text)
    }

    fn parse(text: &str) -> Option<Record> {
        let mut lines = text.lines();
        lines
            .by_ref()
            .find(|l| !l.starts_with('#'))?
            .eq(RECORD_HEADER)
            .then_some(())?;
        let mut record = Record::default();
        let mut complete = false;
        for line in lines {
            let (kind, rest) = line.split_once(' ').unwrap_or((line, ""));
            match kind {
                "generation" => record.generation = rest.parse().ok()?,
                "f" => {
                    let (hex, path) = rest.split_once(' ')?;
                    record.files.insert(path.to_string(), from_hex(hex)?);
                }
                "w" => record.written.push(rest.to_string()),
                "r" => record.removed.push(rest.to_string()),
                "end" => complete = true,
                _ => return None,
            }
        }
        complete.then_some(record)
    }

    fn text(&self) -> String {
        let mut out = String::with_capacity(self.files.len() * 80);
        out.push_str("# This folder is a renda build: renda brings it up to date on each build.\n");
        out.push_str(
            "# Below: a digest of every file, and what the last build wrote and removed.\n",
        );
        out.push_str(RECORD_HEADER);
        out.push('\n');
        out.push_str(&format!("generation {}\n", self.generation));
        let mut files: Vec<_> = self.files.iter().collect();
        files.sort();
        for (path, d) in files {
            out.push_str("f ");
            out.push_str(&to_hex(d));
            out.push(' ');
            out.push_str(path);
            out.push('\n');
        }
        for path in &self.written {
            out.push_str("w ");
            out.push_str(path);
            out.push('\n');
        }
        for path in &self.removed {
            out.push_str("r ");
            out.push_str(path);
            out.push('\n');
        }
        out.push_str("end\n");
        out
    }
}

/// A digest of the record of the output folder at `dir`: what a cache of
/// that folder's build names, so that it is never applied to another.
pub fn record_digest(dir: &Path) -> Option<FileDigest> {
    fs::read(dir.join(MARKER)).ok().map(|bytes| digest(&bytes))
}

pub fn to_hex(d: &FileDigest) -> String {
    d.iter().map(|b| format!("{b:02x}")).collect()
}

fn from_hex(hex: &str) -> Option<FileDigest> {
    if hex.len() != 32 {
        return None;
    }
    let mut out = [0u8; 16];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

/// What the spare tree is known to hold.
enum Spare {
    /// Nothing: it was made empty for this build.
    Empty,
    /// The site one build older than the live tree, sharing every file the
    /// live tree's build did not write.
    OneBehind,
    /// Unknown (a build was stopped while updating it): each file is
    /// checked against the live tree.
    Unknown,
}

/// What a finished build did to the output folder.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Written {
    /// Files in the output.
    pub files: usize,
    /// Files whose bytes were new or changed.
    pub written: usize,
    /// Files no longer produced.
    pub removed: usize,
}

/// A build in progress: files go into the spare tree until [`Output::finish`].
pub struct Output {
    target: PathBuf,
    spare: PathBuf,
    live: Option<Record>,
    /// What the live tree's build wrote: the files the spare lacks.
    live_written: HashSet<String>,
    state: Spare,
    made: Mutex<Made>,
    finished: bool,
}

#[derive(Default)]
struct Made {
    files: HashMap<String, FileDigest>,
    dirs: HashSet<PathBuf>,
}

impl Output {
    /// Prepares the spare tree for `target`, after checking that `target`
    /// may be replaced: it must not be the site or hold or lie in its
    /// sources, and an existing folder must be an earlier renda output (or
    /// be empty) unless `force`.
    pub fn begin(target: &Path, site_root: &Path, force: bool) -> Result<Output, Problem> {
        let target = absolute(target);
        check_target(&target, &absolute(site_root), force)?;
        let parent = target
            .parent()
            .ok_or_else(|| refuse(&target, "it has no parent folder"))?;
        fs::create_dir_all(parent)
            .map_err(|e| io_problem(parent, "cannot create the folder", e))?;
        remove_leftovers(&target);
        let spare = sibling(&target, "spare");
        let live = if target.is_dir() {
            Record::read(&target)
        } else {
            None
        };
        let spare_record = Record::read(&spare);
        let state = match (&live, &spare_record) {
            (Some(l), Some(s)) if s.generation + 1 == l.generation => Spare::OneBehind,
            (Some(_), _) if spare.is_dir() => Spare::Unknown,
            _ => Spare::Empty,
        };
        if matches!(state, Spare::Empty) {
            remove_any(&spare)
                .map_err(|e| io_problem(&spare, "cannot clear the build folder", e))?;
            fs::create_dir(&spare)
                .map_err(|e| io_problem(&spare, "cannot create the build folder", e))?;
        } else {
            // From here on the spare is being changed: without its record a
            // later build will not trust it.
            match fs::remove_file(spare.join(MARKER)) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(io_problem(&spare, "cannot update the build folder", e)),
            }
        }
        let live_written = live
            .iter()
            .flat_map(|l| l.written.iter().cloned())
            .collect();
        Ok(Output {
            target,
            spare,
            live,
            live_written,
            state,
            made: Mutex::new(Made::default()),
            finished: false,
        })
    }

    /// Writes one output file; `rel` is '/'-separated and must stay inside
    /// the output folder. Bytes equal to the live file's are not written.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        check_rel(rel)?;
        let d = digest(bytes);
        let same_as_live = self
            .live
            .as_ref()
            .is_some_and(|l| l.files.get(rel) == Some(&d));
        // A static file may take the place of a generated one: the second
        // write of a path cannot assume what the first left in the spare.
        let again = self.lock().files.insert(rel.to_string(), d).is_some();
        if same_as_live
            && (if again {
                self.same_file(rel)
            } else {
                self.spare_shares(rel)
            })
        {
            return Ok(());
        }
        let path = self.spare.join(rel);
        if same_as_live {
            let from = self.target.join(rel);
            self.place(&path, |tmp| fs::hard_link(&from, tmp))
        } else {
            self.place(&path, |tmp| write_new(tmp, bytes))
        }
    }

    /// Keeps the live tree's file at `rel` as it is, for a build that did
    /// not make it again because nothing it is made from changed. Fails if
    /// the live tree has no such file.
    pub fn keep(&self, rel: &str) -> io::Result<()> {
        check_rel(rel)?;
        let Some(d) = self.live.as_ref().and_then(|l| l.files.get(rel)).copied() else {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("{rel} is not in the previous output"),
            ));
        };
        let again = self.lock().files.insert(rel.to_string(), d).is_some();
        let shared = if again {
            self.same_file(rel)
        } else {
            self.spare_shares(rel)
        };
        if shared {
            return Ok(());
        }
        let from = self.target.join(rel);
        self.place(&self.spare.join(rel), |tmp| fs::hard_link(&from, tmp))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Made> {
        self.made.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether the spare's file at `rel` is already the live tree's file.
    fn spare_shares(&self, rel: &str) -> bool {
        match self.state {
            Spare::Empty => false,
            Spare::OneBehind => !self.live_written.contains(rel) || self.same_file(rel),
            Spare::Unknown => self.same_file(rel),
        }
    }

    fn same_file(&self, rel: &str) -> bool {
        match (
            fs::symlink_metadata(self.target.join(rel)),
            fs::symlink_metadata(self.spare.join(rel)),
        ) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }

    /// Makes `make(tmp)` a new file beside `path` and renames it over
    /// `path`, so that a file the two trees share is replaced, never
    /// written into.
    fn place(&self, path: &Path, make: impl Fn(&Path) -> io::Result<()>) -> io::Result<()> {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let tmp = path.with_file_name(format!(".{name}.renda-tmp"));
        let dir = path.parent().unwrap_or(&self.spare);
        if !self.lock().dirs.contains(dir) {
            self.make_dir(dir)?;
            self.lock().dirs.insert(dir.to_path_buf());
        }
        let _ = fs::remove_file(&tmp);
        make(&tmp)?;
        match fs::rename(&tmp, path) {
            Ok(()) => Ok(()),
            Err(_) if path.is_dir() => {
                // A folder of an earlier build stands where a file goes now.
                fs::remove_dir_all(path)?;
                fs::rename(&tmp, path)
            }
            Err(e) => {
                let _ = fs::remove_file(&tmp);
                Err(e)
            }
        }
    }

    /// Creates `dir` in the spare, removing a file of an earlier build
    /// that stands where a folder goes now.
    fn make_dir(&self, dir: &Path) -> io::Result<()> {
        match fs::create_dir_all(dir) {
            Ok(()) => Ok(()),
            Err(e) => {
                let mut blocker = dir;
                while blocker.starts_with(&self.spare) && blocker != self.spare {
                    if fs::symlink_metadata(blocker).is_ok_and(|m| !m.is_dir()) {
                        fs::remove_file(blocker)?;
                        return fs::create_dir_all(dir);
                    }
                    blocker = blocker.parent().unwrap_or(&self.spare);
                }
                Err(e)
            }
        }
    }

    /// Removes what the site no longer produces, records the new tree and
    /// puts it in place of the old one.
    pub fn finish(mut self) -> Result<(PathBuf, Written), Problem> {
        let made = std::mem::take(&mut *self.lock());
        let removed = self.prune(&made.files)?;
        let mut written: Vec<String> = made
            .files
            .iter()
            .filter(|(p, d)| self.live.as_ref().and_then(|l| l.files.get(*p)) != Some(*d))
            .map(|(p, _)| p.clone())
            .collect();
        written.sort();
        let record = Record {
            generation: self.live.as_ref().map_or(1, |l| l.generation + 1),
            written,
            removed,
            files: made.files,
        };
        let text = record.text();
        let tmp = self.spare.join(format!("{MARKER}.tmp"));
        write_new(&tmp, text.as_bytes())
            .and_then(|()| fs::rename(&tmp, self.spare.join(MARKER)))
            .map_err(|e| io_problem(&self.spare, "cannot write", e))?;
        swap_in(&self.spare, &self.target)?;
        self.finished = true;
        let written = Written {
            files: record.files.len(),
            written: record.written.len(),
            removed: record.removed.len(),
        };
        Ok((self.target.clone(), written))
    }

    /// Deletes from the spare every file this build did not make, and the
    /// folders left empty. Returns the files the live tree had and this
    /// build no longer makes.
    fn prune(&self, made: &HashMap<String, FileDigest>) -> Result<Vec<String>, Problem> {
        let mut removed: Vec<String> = self
            .live
            .iter()
            .flat_map(|l| l.files.keys())
            .filter(|p| !made.contains_key(*p))
            .cloned()
            .collect();
        removed.sort();
        let delete = |rel: &str| -> Result<(), Problem> {
            let path = self.spare.join(rel);
            // Gone already, or a folder of this build stands there now.
            if fs::symlink_metadata(&path).map_or(true, |m| m.is_dir()) {
                return Ok(());
            }
            fs::remove_file(&path).map_err(|e| io_problem(&path, "cannot remove", e))?;
            let mut dir = path.parent();
            while let Some(d) = dir.filter(|d| *d != self.spare) {
                if fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
            Ok(())
        };
        match self.state {
            Spare::Empty => {}
            Spare::OneBehind => {
                let live = self
                    .live
                    .as_ref()
                    .expect("a spare one behind has a live tree");
                for rel in removed.iter().chain(&live.removed) {
                    if !made.contains_key(rel) {
                        delete(rel)?;
                    }
                }
            }
            Spare::Unknown => {
                let mut stray = Vec::new();
                for entry in walkdir::WalkDir::new(&self.spare)
                    .min_depth(1)
                    .contents_first(true)
                {
                    let entry = entry.map_err(|e| {
                        io_problem(&self.spare, "cannot read", io::Error::other(e.to_string()))
                    })?;
                    let rel = entry
                        .path()
                        .strip_prefix(&self.spare)
                        .unwrap_or(entry.path())
                        .to_string_lossy()
                        .replace(std::path::MAIN_SEPARATOR, "/");
                    if entry.file_type().is_dir() {
                        let _ = fs::remove_dir(entry.path());
                    } else if !made.contains_key(&rel) {
                        stray.push(rel);
                    }
                }
                for rel in stray {
                    delete(&rel)?;
                }
            }
        }
        Ok(removed)
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if !self.finished && matches!(self.state, Spare::Empty) && self.live.is_none() {
            // No earlier site to share files with: nothing worth keeping.
            let _ = fs::remove_dir_all(&self.spare);
        }
    }
}

fn check_rel(rel: &str) -> io::Result<()> {
    let path = Path::new(rel);
    let inside = path.components().all(|c| matches!(c, Component::Normal(_)));
    if !inside || rel.is_empty() || rel.contains('\n') || rel == MARKER {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("output path {rel} leaves the output folder"),
        ));
    }
    Ok(())
}

fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(bytes)
}

fn remove_any(path: &Path) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Exchanges the spare folder with the target in one step where the system
/// allows it, so there is no moment without a site; the old site becomes
/// the spare.
fn swap_in(spare: &Path, target: &Path) -> Result<(), Problem> {
    if !target.exists() {
        return fs::rename(spare, target)
            .map_err(|e| io_problem(target, "cannot move the new build into place", e));
    }
    if exchange(spare, target).is_ok() {
        return Ok(());
    }
    let old = sibling(target, &format!("old-{}", std::process::id()));
    fs::rename(target, &old)
        .map_err(|e| io_problem(target, "cannot move the previous build aside", e))?;
    if let Err(e) = fs::rename(spare, target) {
        let _ = fs::rename(&old, target);
        return Err(io_problem(
            target,
            "cannot move the new build into place",
            e,
        ));
    }
    let _ = fs::rename(&old, spare);
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
/// system, so the final rename cannot turn into a slow copy and the trees
/// can share files.
pub fn sibling(target: &Path, what: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.renda-{what}"))
}

/// Folders left by a build that was killed before it could clean up (the
/// spare excepted: it is kept on purpose).
fn remove_leftovers(target: &Path) {
    let Some(parent) = target.parent() else {
        return;
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefixes = [format!(".{name}.renda-new-"), format!(".{name}.renda-old-")];
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if prefixes.iter().any(|p| n.starts_with(p)) {
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

    fn site_dir(dir: &Path) -> PathBuf {
        dir.join("site")
    }

    fn build(target: &Path, site: &Path, files: &[(&str, &str)]) -> Written {
        let out = Output::begin(target, site, false).unwrap();
        for (rel, text) in files {
            out.write(rel, text.as_bytes()).unwrap();
        }
        out.finish().unwrap().1
    }

    fn inode(path: &Path) -> (u64, i64, i64) {
        let m = fs::metadata(path).unwrap();
        (m.ino(), m.mtime(), m.mtime_nsec())
    }

    #[test]
    fn paths_cannot_leave_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = Output::begin(&dir.path().join("out"), &site_dir(dir.path()), false).unwrap();
        assert!(out.write("../x", b"").is_err());
        assert!(out.write("/etc/x", b"").is_err());
        assert!(out.write("a/../../x", b"").is_err());
        assert!(out.write(MARKER, b"").is_err());
        assert!(out.write("a/b.html", b"ok").is_ok());
    }

    #[test]
    fn replaces_only_its_own_output() {
        let dir = tempfile::tempdir().unwrap();
        let site = site_dir(dir.path());
        let target = dir.path().join("out");
        fs::create_dir_all(&target).unwrap();
        fs::write(target.join("thesis.docx"), b"x").unwrap();
        assert!(Output::begin(&target, &site, false).is_err());
        assert!(Output::begin(&target, &site, true).is_ok());
    }

    #[test]
    fn never_the_site_or_its_sources() {
        let dir = tempfile::tempdir().unwrap();
        let site = site_dir(dir.path());
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
        let site = site_dir(dir.path());
        let target = dir.path().join("out");
        build(&target, &site, &[("index.html", "one")]);
        let second = Output::begin(&target, &site, false).unwrap();
        second.write("index.html", b"two").unwrap();
        drop(second);
        assert_eq!(fs::read(target.join("index.html")).unwrap(), b"one");
        let third = Output::begin(&target, &site, false).unwrap();
        third.write("index.html", b"three").unwrap();
        third.write("new.html", b"new").unwrap();
        drop(third);
        assert_eq!(fs::read(target.join("index.html")).unwrap(), b"one");
        assert!(!target.join("new.html").exists());
    }

    #[test]
    fn a_rebuild_writes_only_what_changed() {
        let dir = tempfile::tempdir().unwrap();
        let site = site_dir(dir.path());
        let target = dir.path().join("out");
        let first = build(
            &target,
            &site,
            &[
                ("a.html", "a"),
                ("b/index.html", "b"),
                ("c/index.html", "c"),
            ],
        );
        assert_eq!(
            first,
            Written {
                files: 3,
                written: 3,
                removed: 0
            }
        );
        let a = inode(&target.join("a.html"));
        let b = inode(&target.join("b/index.html"));
        std::thread::sleep(std::time::Duration::from_millis(20));
        // Several builds in a row, so that each tree is the spare in turn.
        for round in 0..4 {
            let text = format!("b{round}");
            let w = build(
                &target,
                &site,
                &[("a.html", "a"), ("b/index.html", &text), ("d.html", "d")],
            );
            let removed = usize::from(round == 0);
            assert_eq!(
                w,
                Written {
                    files: 3,
                    written: 1 + usize::from(round == 0),
                    removed
                },
                "round {round}"
            );
            assert_eq!(
                inode(&target.join("a.html")),
                a,
                "a is untouched in round {round}"
            );
            assert_ne!(inode(&target.join("b/index.html")), b);
            assert_eq!(
                fs::read_to_string(target.join("b/index.html")).unwrap(),
                text
            );
            assert!(!target.join("c").exists(), "c is gone with its folder");
            let d = inode(&target.join("d.html"));
            let again = build(
                &target,
                &site,
                &[("a.html", "a"), ("b/index.html", &text), ("d.html", "d")],
            );
            assert_eq!(again.written, 0);
            assert_eq!(inode(&target.join("d.html")), d);
            assert_eq!(inode(&target.join("a.html")), a);
        }
    }

    #[test]
    fn a_spare_left_halfway_is_checked_file_by_file() {
        let dir = tempfile::tempdir().unwrap();
        let site = site_dir(dir.path());
        let target = dir.path().join("out");
        build(&target, &site, &[("a.html", "a"), ("b.html", "b")]);
        build(&target, &site, &[("a.html", "a"), ("b.html", "b2")]);
        // A build stopped after changing the spare: stray and wrong files.
        let stopped = Output::begin(&target, &site, false).unwrap();
        stopped.write("a.html", b"junk").unwrap();
        stopped.write("z.html", b"stray").unwrap();
        std::mem::forget(stopped);
        let a = inode(&target.join("a.html"));
        let w = build(&target, &site, &[("a.html", "a"), ("b.html", "b2")]);
        assert_eq!(w.written, 0);
        assert_eq!(inode(&target.join("a.html")), a);
        assert!(!target.join("z.html").exists());
        let spare = sibling(&target, "spare");
        assert!(!spare.join("z.html").exists());
        assert_eq!(fs::read(spare.join("a.html")).unwrap(), b"a");
    }

    #[test]
    fn a_file_and_a_folder_may_change_places() {
        let dir = tempfile::tempdir().unwrap();
        let site = site_dir(dir.path());
        let target = dir.path().join("out");
        build(&target, &site, &[("x", "file"), ("y/z", "in folder")]);
        build(
            &target,
            &site,
            &[("x/inner", "now a folder"), ("y", "now a file")],
        );
        build(&target, &site, &[("x", "file"), ("y/z", "in folder")]);
        assert_eq!(fs::read_to_string(target.join("x")).unwrap(), "file");
        assert_eq!(fs::read_to_string(target.join("y/z")).unwrap(), "in folder");
    }

    #[test]
    fn records_read_back() {
        let mut record = Record {
            generation: 7,
            ..Record::default()
        };
        record.files.insert("a b/c.html".into(), digest(b"x"));
        record.written.push("a b/c.html".into());
        record.removed.push("gone.html".into());
        assert_eq!(Record::parse(&record.text()), Some(record.clone()));
        let cut = record.text().replace("end\n", "");
        assert_eq!(
            Record::parse(&cut),
            None,
            "a record cut short is not trusted"
        );
    }
}
