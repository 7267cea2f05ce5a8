//! `serve`: the editors' preview. Builds the site into memory, serves it on
//! the loopback address, rebuilds when a source file is saved, and tells the
//! open pages to reload.
//!
//! The preview never writes the publishers' output folder: it keeps pages in
//! memory and serves bundle images and static files straight from the site.
//! When a save breaks the site, the last good pages stay served with the
//! problem laid over them, so an editor never stares at a blank page.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use notify_debouncer_full::DebounceEventResult;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::build::{prepare, reread_photos, summary, Prepared};
use crate::load::reload_stories;
use crate::model::Site;
use crate::problem::Problems;
use crate::render::escape_html;
use crate::render::images::Photos;
use crate::render::{
    copies, outline, render, render_search, render_stories, OutputFile, RenderOptions,
};
use crate::theme::Theme;

pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: String,
    pub port: u16,
    pub drafts: bool,
    pub open: bool,
}

/// A served file: rendered bytes, or a source file published as it is.
#[derive(Clone)]
enum Body {
    Bytes(Arc<Vec<u8>>),
    File(PathBuf),
}

/// What the preview currently serves.
#[derive(Default)]
struct Snapshot {
    files: HashMap<String, Body>,
    /// The problems of the last build, as a report, when it failed.
    problems: Option<String>,
    /// Counts rebuilds, good or bad; a page that was served an older one
    /// reloads.
    version: u64,
}

/// The preview's state, shared by the HTTP threads and the watcher.
pub struct Preview {
    options: ServeOptions,
    base_url: String,
    snapshot: Mutex<Snapshot>,
    /// Woken after every rebuild, for the pages waiting to hear of one.
    rebuilt: Condvar,
}

/// Pages ask here whether the site changed since the version they show; the
/// answer comes as soon as it has, or after a while with no news.
const POLL_PATH: &str = "/__renda/poll";
const POLL_WAIT: Duration = Duration::from_secs(25);

impl Preview {
    pub fn new(options: ServeOptions) -> Preview {
        let base_url = format!("http://{}:{}/", host_for_url(&options.bind), options.port);
        Preview {
            options,
            base_url,
            snapshot: Mutex::default(),
            rebuilt: Condvar::new(),
        }
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Brings the preview up to date with the files in `changed`: only the
    /// stories they belong to and the pages showing them when that is all
    /// they touch and the last build was good, the whole site otherwise.
    /// On failure the previous pages are kept and the problems shown over
    /// them.
    pub fn rebuild(
        &self,
        current: &mut Option<Current>,
        changed: &[PathBuf],
    ) -> Result<Rebuilt, Problems> {
        let started = Instant::now();
        let update = match current.as_mut() {
            Some(cur) if !changed.is_empty() => self.update_stories(cur, changed),
            _ => None,
        };
        let incremental = update.is_some();
        let result = match update {
            Some(result) => result.map(|files| (files, false)),
            None => self.build_all(current.as_ref()).map(|(cur, files)| {
                *current = Some(cur);
                (files, true)
            }),
        };
        let mut snap = self.snapshot.lock().unwrap_or_else(|e| e.into_inner());
        snap.version += 1;
        match result {
            Ok((files, whole)) => {
                if whole {
                    snap.files = files;
                } else {
                    snap.files.extend(files);
                }
                snap.problems = None;
                let site = current
                    .as_ref()
                    .map(|c| summary(&c.site))
                    .unwrap_or_default();
                let hidden_drafts = match (&current, self.options.drafts) {
                    (Some(c), false) => c.site.stories.iter().filter(|s| s.draft).count(),
                    _ => 0,
                };
                Ok(Rebuilt {
                    summary: site,
                    hidden_drafts,
                    whole,
                    took: started.elapsed(),
                })
            }
            Err(problems) => {
                snap.problems = Some(problems.report(false));
                if !incremental {
                    *current = None;
                }
                Err(problems)
            }
        }
    }

    fn render_options(&self, photos: Photos) -> RenderOptions {
        RenderOptions {
            drafts: self.options.drafts,
            photos,
            ..Default::default()
        }
    }

    /// The whole site, into memory.
    fn build_all(
        &self,
        previous: Option<&Current>,
    ) -> Result<(Current, HashMap<String, Body>), Problems> {
        let root = &self.options.root;
        let known = previous.map(|c| c.photos.clone()).unwrap_or_default();
        let Prepared {
            site,
            theme,
            options,
            ..
        } = prepare(
            root,
            Some(&self.base_url),
            self.options.drafts,
            &known,
            &mut |_| {},
        )?;
        let mut files = collect(|emit| render(&site, &theme, &options, emit))?;
        add_copies(&mut files, root, &site, &options);
        let photos = options.photos;
        Ok((
            Current {
                site,
                theme,
                photos,
            },
            files,
        ))
    }

    /// Only the changed stories and what lists them; `None` when the change
    /// reaches further (site.yaml, a district, a removed story...).
    fn update_stories(
        &self,
        cur: &mut Current,
        changed: &[PathBuf],
    ) -> Option<Result<HashMap<String, Body>, Problems>> {
        let root = &self.options.root;
        let before = outline(&cur.site, &self.render_options(Photos::default()));
        let reloaded = match reload_stories(root, &mut cur.site, changed)? {
            Ok(r) => r,
            Err(problems) => return Some(Err(problems)),
        };
        // Only the changed stories' photos (their own and those their
        // texts show) are read again, and only a photo whose bytes changed
        // is resized again.
        let sources: std::collections::HashSet<PathBuf> = cur
            .site
            .stories
            .iter()
            .filter(|s| reloaded.touched.contains(&s.slug))
            .flat_map(|s| {
                let own = crate::render::images::source_of(s);
                own.into_iter()
                    .chain(crate::render::images::body_sources(s))
            })
            .collect();
        let changed = |source: &Path| sources.contains(source);
        let photos =
            match reread_photos(root, &cur.site, self.options.drafts, &cur.photos, &changed) {
                Ok(p) => p,
                Err(problems) => return Some(Err(problems)),
            };
        cur.photos = photos.clone();
        let options = self.render_options(photos);
        let removed = reloaded
            .touched
            .iter()
            .any(|slug| !cur.site.stories.iter().any(|s| &s.slug == slug));
        if removed {
            return None; // its pages must go: a whole build leaves none behind
        }
        let mut files = match collect(|emit| {
            render_stories(
                &before,
                &cur.site,
                &reloaded.touched,
                &cur.theme,
                &options,
                emit,
            )
        }) {
            Ok(f) => f,
            Err(problems) => return Some(Err(problems)),
        };
        add_copies(&mut files, root, &cur.site, &options);
        Some(Ok(files))
    }

    /// The search index, after a story update: it reads every story, so it
    /// is made once the open pages have been told to reload, not before.
    pub fn update_search(&self, cur: &Current) {
        let options = self.render_options(Photos::default());
        if let Ok(files) = collect(|emit| render_search(&cur.site, &cur.theme, &options, emit)) {
            let mut snap = self.snapshot.lock().unwrap_or_else(|e| e.into_inner());
            snap.files.extend(files);
        }
    }

    /// Tells every open page to reload.
    pub fn announce(&self) {
        self.rebuilt.notify_all();
    }

    /// Answers one request.
    pub fn respond(&self, request: tiny_http::Request) {
        let url = request.url().to_string();
        let (status, content_type, body) = match url.strip_prefix(POLL_PATH) {
            Some(query) => (
                200,
                "text/plain; charset=utf-8",
                self.wait_for_change(query),
            ),
            None => self.lookup(&url),
        };
        let mut response = tiny_http::Response::from_data(body).with_status_code(status);
        if let Ok(h) = tiny_http::Header::from_bytes("Content-Type", content_type) {
            response.add_header(h);
        }
        if let Ok(h) = tiny_http::Header::from_bytes("Cache-Control", "no-store") {
            response.add_header(h);
        }
        let _ = request.respond(response);
    }

    fn lookup(&self, url: &str) -> (u16, &'static str, Vec<u8>) {
        let snap = self.snapshot.lock().unwrap_or_else(|e| e.into_inner());
        let found = request_key(url).and_then(|key| {
            let body = snap.files.get(&key)?;
            Some((key, body.clone()))
        });
        let problems = snap.problems.clone();
        let version = snap.version;
        let not_found = snap.files.get("404.html").cloned();
        drop(snap);
        let (status, key, body) = match found {
            Some((key, body)) => (200, key, body),
            None => match not_found {
                Some(b) => (404, "404.html".to_string(), b),
                None => (
                    404,
                    "404.html".to_string(),
                    Body::Bytes(Arc::new(
                        b"<!doctype html><title>404</title><p>Not found</p>".to_vec(),
                    )),
                ),
            },
        };
        let bytes = match body {
            Body::Bytes(b) => b.to_vec(),
            Body::File(path) => match std::fs::read(&path) {
                Ok(b) => b,
                Err(_) => return (404, "text/plain; charset=utf-8", b"not found".to_vec()),
            },
        };
        let content_type = crate::media::content_type(&key);
        if content_type.starts_with("text/html") {
            return (
                status,
                content_type,
                decorate(bytes, problems.as_deref(), version),
            );
        }
        (status, content_type, bytes)
    }

    /// Waits until the site is newer than the version in `?v=N`, and
    /// answers `reload`, or `wait` when there was no news for a while.
    fn wait_for_change(&self, query: &str) -> Vec<u8> {
        let seen: u64 = query
            .strip_prefix("?v=")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let snap = self.snapshot.lock().unwrap_or_else(|e| e.into_inner());
        let (snap, _) = self
            .rebuilt
            .wait_timeout_while(snap, POLL_WAIT, |s| s.version == seen)
            .unwrap_or_else(|e| e.into_inner());
        if snap.version == seen {
            b"wait".to_vec()
        } else {
            b"reload".to_vec()
        }
    }
}

/// The last good build, kept between saves so one can be built upon.
pub struct Current {
    site: Site,
    theme: Theme,
    photos: Photos,
}

/// What a rebuild did, for the terminal.
pub struct Rebuilt {
    summary: String,
    /// Stories marked `draft: true` left out, which an editor who has just
    /// written one would otherwise look for in vain.
    hidden_drafts: usize,
    /// The whole site, rather than the changed stories alone.
    whole: bool,
    took: Duration,
}

/// Runs a render, gathering what it emits by output path.
fn collect(
    run: impl FnOnce(&crate::render::Emit) -> Result<(), Problems>,
) -> Result<HashMap<String, Body>, Problems> {
    let files = Mutex::new(HashMap::new());
    let emit = |f: OutputFile| {
        files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(f.path, Body::Bytes(Arc::new(f.bytes)));
        Ok(())
    };
    run(&emit)?;
    Ok(files.into_inner().unwrap_or_else(|e| e.into_inner()))
}

/// Static files and bundle images are served from the site as they are.
fn add_copies(
    files: &mut HashMap<String, Body>,
    root: &Path,
    site: &Site,
    options: &RenderOptions,
) {
    for copy in copies(site, options) {
        files.insert(copy.to, Body::File(root.join(copy.from)));
    }
}

/// The key of the file a URL asks for, or `None` for any path that is not
/// a plain walk down the site (`..`, encoded or not, backslashes, NULs).
pub fn request_key(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    if !decoded.starts_with('/') || decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let mut parts = Vec::new();
    for part in decoded.split('/').skip(1) {
        match part {
            "" => continue,
            "." | ".." => return None,
            p => parts.push(p),
        }
    }
    let mut key = parts.join("/");
    if key.is_empty() || decoded.ends_with('/') {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    } else if !key.rsplit('/').next().unwrap_or("").contains('.') {
        key.push_str("/index.html");
    }
    Some(key)
}

/// Adds the reload script to a page and, while the site is broken, the
/// problems over it.
fn decorate(mut html: Vec<u8>, problems: Option<&str>, version: u64) -> Vec<u8> {
    let mut extra = format!(
        "<script>(function poll(){{fetch(\"{POLL_PATH}?v={version}\").then(function(r){{return r.text()}}).then(function(t){{if(t===\"reload\")location.reload();else poll()}},function(){{setTimeout(poll,1000)}})}})();</script>"
    );
    if let Some(report) = problems {
        extra.push_str(&overlay(report));
    }
    let at = find_last(&html, b"</body>").unwrap_or(html.len());
    html.splice(at..at, extra.into_bytes());
    html
}

fn overlay(report: &str) -> String {
    format!(
        "<div id=\"renda-problems\" role=\"alert\" style=\"position:fixed;inset:0;overflow:auto;z-index:99999;background:#1b1b1f;color:#f4f4f5;padding:1.5rem;font:14px/1.5 ui-monospace,monospace\"><h2 style=\"color:#ff8a80;margin-top:0\">The site has problems; showing the last good build</h2><pre style=\"white-space:pre-wrap\">{}</pre><p>Fix the file and save: this page reloads by itself.</p></div>",
        escape_html(report)
    )
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

fn host_for_url(bind: &str) -> String {
    if bind.contains(':') {
        format!("[{bind}]")
    } else {
        bind.to_string()
    }
}

/// Builds, serves and watches until the process is stopped.
pub fn run(options: ServeOptions) -> Result<(), String> {
    let address = format!("{}:{}", options.bind, options.port);
    let server = tiny_http::Server::http(&address).map_err(|e| {
        format!(
            "cannot listen on {address}: {e} (is another preview running? try --port {})",
            options.port.wrapping_add(1)
        )
    })?;
    let open = options.open;
    let root = options.root.clone();
    let preview = Arc::new(Preview::new(options));
    let mut current = None;
    report_build(preview.rebuild(&mut current, &[]));
    // Watch before telling anyone the address, so no save is missed.
    let (tx, rx) = mpsc::channel();
    let mut debouncer = notify_debouncer_full::new_debouncer(SETTLE, None, tx)
        .map_err(|e| format!("cannot watch the site for changes: {e}"))?;
    renew_watches(&mut debouncer, &root);
    println!(
        "Serving {} at {}  (Ctrl+C to stop)",
        root.display(),
        preview.base_url()
    );
    if open {
        let _ = open::that_detached(preview.base_url());
    }
    let watcher = Arc::clone(&preview);
    std::thread::spawn(move || watch(&watcher, &root, current, debouncer, rx));
    for request in server.incoming_requests() {
        let p = Arc::clone(&preview);
        std::thread::spawn(move || p.respond(request));
    }
    Ok(())
}

fn report_build(result: Result<Rebuilt, Problems>) {
    match result {
        Ok(r) => {
            println!(
                "{} {} in {} ms",
                r.summary,
                if r.whole { "built" } else { "updated" },
                r.took.as_millis()
            );
            match r.hidden_drafts {
                0 => {}
                1 => println!("1 draft story is hidden: `renda serve --drafts` shows it"),
                n => println!("{n} draft stories are hidden: `renda serve --drafts` shows them"),
            }
        }
        Err(problems) => {
            eprint!("{}", problems.report(false));
            eprintln!(
                "the preview shows these problems over the last good build until they are fixed"
            );
        }
    }
}

/// Rebuilds after each burst of saves. Watches are renewed after every
/// change, so a folder that was removed and restored is watched again.
fn watch(
    preview: &Preview,
    root: &Path,
    mut current: Option<Current>,
    mut debouncer: Watcher,
    rx: mpsc::Receiver<DebounceEventResult>,
) {
    for events in rx {
        let Ok(events) = events else { continue };
        let root_abs = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        // Reading the sources to rebuild is itself an event; only changes count.
        let mut changed: Vec<&Path> = events
            .iter()
            .filter(|e| !matches!(e.kind, notify::EventKind::Access(_)))
            .flat_map(|e| e.paths.iter().map(PathBuf::as_path))
            .filter(|p| is_source_change(root, p) || is_source_change(&root_abs, p))
            .collect();
        changed.sort();
        changed.dedup();
        if changed.is_empty() {
            continue;
        }
        let changed: Vec<PathBuf> = changed
            .iter()
            .map(|p| {
                p.strip_prefix(&root_abs)
                    .or_else(|_| p.strip_prefix(root))
                    .unwrap_or(p)
            })
            .inspect(|rel| println!("changed: {}", rel.display()))
            .map(|rel| root.join(rel))
            .collect();
        // A watched folder itself came or went (content/ removed and put
        // back, say): watch it again, before the rebuild reads it, so that
        // a save made while the rebuild runs is either read by it or seen
        // by the new watch. Renewing costs a walk of the tree, so not on
        // every save.
        let top_level = changed.iter().any(|p| {
            p.strip_prefix(root)
                .is_ok_and(|r| r.components().count() == 1)
        });
        if top_level {
            renew_watches(&mut debouncer, root);
        }
        let rebuilt = preview.rebuild(&mut current, &changed);
        let only_stories = matches!(&rebuilt, Ok(r) if !r.whole);
        report_build(rebuilt);
        preview.announce();
        if let (true, Some(cur)) = (only_stories, &current) {
            preview.update_search(cur);
        }
    }
}

type Watcher = notify_debouncer_full::Debouncer<
    notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

/// How long a burst of file events must be quiet before a rebuild: an
/// editor's save is often a write, a rename and a metadata change.
const SETTLE: Duration = Duration::from_millis(20);

fn renew_watches(debouncer: &mut Watcher, root: &Path) {
    use notify::RecursiveMode;
    let _ = debouncer.watch(root, RecursiveMode::NonRecursive);
    for dir in ["content", "static", "themes"] {
        let path = root.join(dir);
        if path.is_dir() {
            let _ = debouncer.watch(&path, RecursiveMode::Recursive);
        }
    }
}

/// Whether a changed path is a source of the site (and not, say, the
/// output folder or an editor's swap file).
pub fn is_source_change(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ignored_name = name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp");
    let watched = matches!(
        first.as_str(),
        "site.yaml" | "content" | "static" | "themes"
    );
    watched && !ignored_name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_keys() {
        assert_eq!(request_key("/").as_deref(), Some("index.html"));
        assert_eq!(request_key("/en/").as_deref(), Some("en/index.html"));
        assert_eq!(
            request_key("/stories/x/?a=1").as_deref(),
            Some("stories/x/index.html")
        );
        assert_eq!(
            request_key("/stories/x").as_deref(),
            Some("stories/x/index.html")
        );
        assert_eq!(
            request_key("/theme/style.css").as_deref(),
            Some("theme/style.css")
        );
        assert_eq!(request_key("/%E6%B1%9F/").as_deref(), Some("江/index.html"));
    }

    #[test]
    fn paths_outside_the_site_have_no_key() {
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/%2E%2E/%2E%2E/x",
            "/..%2fetc",
            "/%252e%252e/x/..",
            "/a\\..\\b",
            "/%00",
            "//etc/passwd/..",
            "etc/passwd",
        ] {
            assert_eq!(request_key(bad), None, "{bad}");
        }
    }

    #[test]
    fn only_sources_trigger_a_rebuild() {
        let root = Path::new("/site");
        assert!(is_source_change(
            root,
            Path::new("/site/content/stories/a.md")
        ));
        assert!(is_source_change(root, Path::new("/site/site.yaml")));
        assert!(!is_source_change(
            root,
            Path::new("/site/output/index.html")
        ));
        assert!(!is_source_change(
            root,
            Path::new("/site/content/stories/.a.md.swp")
        ));
    }
}
