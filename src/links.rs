//! Links in Markdown bodies that lead within the site.
//!
//! Editors link to other content by its source file (`@/stories/x.md`,
//! `@/pages/about.md`, `@/districts/heshan.yaml`) rather than by address:
//! the address differs per language and with the base URL, while the file
//! is what the editor sees. A bundle's body links its own files relatively
//! (`photo.jpg`), and any body may link a page from the site's root
//! (`/stats/`). All three are checked when the site is loaded, since a dead
//! link in a published report is otherwise found only by a resident, and
//! turned into real addresses when pages are made.

use std::cell::Cell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use percent_encoding::percent_decode_str;
use rayon::prelude::*;

use crate::load::source;
use crate::load::story::parse_name;
use crate::model::{Config, Page, Site, Story};
use crate::problem::{closest, Problem, Problems};
use crate::render::markdown::{self, LinkRef};
use crate::routes::{self, slash, Drafts, Routes};

/// How a link to other content starts.
const CONTENT: &str = "@/";

/// The address in the built site of a link written in a body, for a page
/// in `lang`; `None` keeps the link as written. `bundle` is the route of
/// the story whose bundle the body belongs to, whose files are published
/// once, beside the story's default-language page.
pub fn url(dest: &str, bundle: Option<&str>, config: &Config, lang: &str) -> Option<String> {
    let (path, suffix) = split_suffix(dest);
    let base = &config.base_url;
    let in_language = |route: &str| {
        let prefix = routes::prefix(&config.languages, lang);
        format!("{base}{prefix}{route}{suffix}")
    };
    if let Some(source) = path.strip_prefix(CONTENT) {
        return source_route(source).map(|route| in_language(&route));
    }
    if path.is_empty() || is_external(path) {
        return None;
    }
    if let Some(rooted) = path.strip_prefix('/') {
        return Some(match language_route(rooted, &config.languages) {
            Some(route) => in_language(&route),
            None => format!("{base}{rooted}{suffix}"),
        });
    }
    let relative = path.trim_start_matches("./");
    bundle.map(|route| format!("{base}{route}{relative}{suffix}"))
}

/// A path from the site's root, as a route of the page's language when it
/// names a page (which exists in every language), or `None` for a file
/// published once, or a path that already names its language.
fn language_route(rooted: &str, languages: &[String]) -> Option<String> {
    let first = rooted.split('/').next().unwrap_or("");
    if languages.iter().skip(1).any(|l| l == first) {
        return None;
    }
    let last = rooted.rsplit('/').next().unwrap_or("");
    if last.is_empty() || last == routes::FEED {
        Some(rooted.to_string())
    } else if !last.contains('.') {
        Some(format!("{rooted}/"))
    } else {
        None
    }
}

/// The route of a content source path (relative to `content/`), judged by
/// its shape alone: loading has already checked that it exists.
fn source_route(source: &str) -> Option<String> {
    let source = source.strip_prefix("content/").unwrap_or(source);
    let (kind, rest) = source.split_once('/')?;
    match kind {
        "stories" => {
            let name = match rest.split_once('/') {
                Some((bundle, _)) => bundle,
                None => rest.split('.').next().unwrap_or(rest),
            };
            let slug = parse_name(name).ok()?.slug;
            Some(routes::story(&slug))
        }
        "pages" => Some(routes::page(rest.split('.').next()?)),
        "districts" => Some(routes::district(rest.split('.').next()?)),
        _ => None,
    }
}

/// `path#fragment` or `path?query` into the path and the rest.
fn split_suffix(dest: &str) -> (&str, &str) {
    let at = dest.find(['#', '?']).unwrap_or(dest.len());
    dest.split_at(at)
}

/// A link with a scheme (`https:`, `mailto:`) or to another host (`//x`).
fn is_external(path: &str) -> bool {
    if path.starts_with("//") {
        return true;
    }
    let scheme_end = path.find(':');
    scheme_end.is_some_and(|end| {
        let scheme = &path[..end];
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    })
}

/// One Markdown body and what its relative links may reach.
struct Body<'a> {
    file: &'a Path,
    text: &'a str,
    /// The story, when it is a bundle whose files relative links may name.
    bundle: Option<&'a Story>,
    draft: bool,
    /// `story` or `page`, for messages.
    kind: &'static str,
}

/// Checks every link of every body in the site, adding a problem for each
/// that leads nowhere. `root` is read again only to place those problems.
pub fn check(root: &Path, site: &Site, problems: &mut Problems) {
    let stories = site.stories.iter().flat_map(story_bodies);
    let bodies = stories.chain(site.pages.iter().flat_map(page_bodies));
    check_bodies(root, site, bodies.collect(), problems);
}

/// Checks the links of the stories with `slugs` alone, against the whole
/// site: after a story is read again, only its own links can have broken.
pub fn check_stories(root: &Path, site: &Site, slugs: &[String], problems: &mut Problems) {
    let stories = site.stories.iter().filter(|s| slugs.contains(&s.slug));
    check_bodies(
        root,
        site,
        stories.flat_map(story_bodies).collect(),
        problems,
    );
}

fn check_bodies(root: &Path, site: &Site, bodies: Vec<Body>, problems: &mut Problems) {
    let found: Vec<(usize, LinkRef)> = bodies
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, b)| markdown::links(b.text).into_iter().map(move |l| (i, l)))
        .collect();
    if found.is_empty() {
        return;
    }
    let known = Known::new(site);
    let mut failures: BTreeMap<usize, Vec<(LinkRef, Verdict)>> = BTreeMap::new();
    for (i, link) in found {
        if let Some(verdict) = known.judge(&bodies[i], &link.dest) {
            failures.entry(i).or_default().push((link, verdict));
        }
    }
    for (i, links) in failures {
        let body = &bodies[i];
        let placed = Placer::new(root, body);
        for (link, verdict) in links {
            problems.push(placed.problem(&link, verdict));
        }
    }
}

fn story_bodies(story: &Story) -> impl Iterator<Item = Body<'_>> {
    story.texts.values().map(move |text| Body {
        file: &text.source,
        text: &text.body,
        bundle: story.bundle.as_ref().map(|_| story),
        draft: story.draft,
        kind: "story",
    })
}

fn page_bodies(page: &Page) -> impl Iterator<Item = Body<'_>> {
    page.texts.values().map(|text| Body {
        file: &text.source,
        text: &text.body,
        bundle: None,
        draft: false,
        kind: "page",
    })
}

/// What is wrong with a link, and how to fix it.
struct Verdict {
    message: String,
    help: String,
    warning: bool,
}

fn broken(message: String, help: String) -> Verdict {
    Verdict {
        message,
        help,
        warning: false,
    }
}

/// A content file a link may name.
struct Target {
    draft: bool,
}

/// Everything a link may lead to.
struct Known {
    /// Source paths relative to `content/` (and a story's slug form,
    /// `stories/<slug>.md`).
    sources: HashMap<String, Target>,
    /// Paths below the site's root of every page and file the site makes.
    paths: HashSet<String>,
    /// How many more "did you mean" searches may be made. Each compares
    /// the link with every name the site has, so a site of thousands of
    /// broken links must not make thousands of them.
    searches_left: Cell<usize>,
}

/// Enough searches for any site an editor is fixing by hand.
const SEARCHES: usize = 100;

/// Links longer than this are not compared with names: none is that long.
const LONGEST_NAME: usize = 200;

impl Known {
    fn new(site: &Site) -> Known {
        Known {
            sources: sources(site),
            paths: Routes::new(site, Drafts::Included).paths(),
            searches_left: Cell::new(SEARCHES),
        }
    }

    /// `None` when the link leads somewhere.
    fn judge(&self, body: &Body, dest: &str) -> Option<Verdict> {
        let (path, _) = split_suffix(dest);
        if let Some(source) = path.strip_prefix(CONTENT) {
            return self.judge_source(body, dest, source);
        }
        if path.is_empty() || is_external(path) {
            return None;
        }
        let decoded = percent_decode_str(path).decode_utf8_lossy();
        match decoded.strip_prefix('/') {
            Some(rooted) => self.judge_rooted(dest, rooted),
            None => self.judge_relative(body, dest, &decoded),
        }
    }

    fn judge_source(&self, body: &Body, dest: &str, source: &str) -> Option<Verdict> {
        let source = source.strip_prefix("content/").unwrap_or(source);
        match self.sources.get(source) {
            Some(t) if t.draft && !body.draft => Some(Verdict {
                message: format!("the link to \"{dest}\" leads to a draft"),
                help: "the draft is left out of the published site, and with it this link's page: publish it (`draft: false`), or remove the link".into(),
                warning: true,
            }),
            Some(_) => None,
            None => Some(broken(
                format!("the link to \"{dest}\" leads to no content"),
                self.source_help(source),
            )),
        }
    }

    fn source_help(&self, source: &str) -> String {
        let kind = source.split('/').next().unwrap_or("");
        let same_kind = self
            .sources
            .keys()
            .filter(|k| k.split('/').next() == Some(kind))
            .map(String::as_str);
        match self.near(source, same_kind) {
            Some(near) => format!("did you mean \"{CONTENT}{near}\"?"),
            None => format!("name a file under content/: {CONTENT}stories/2024-03-12-deputy-forest.md, {CONTENT}pages/about.md or {CONTENT}districts/heshan.yaml"),
        }
    }

    fn judge_rooted(&self, dest: &str, rooted: &str) -> Option<Verdict> {
        if self.has_path(rooted) {
            return None;
        }
        let first = rooted.split('/').next().unwrap_or("");
        let same_section = self
            .paths
            .iter()
            .filter(|p| p.split('/').next() == Some(first))
            .map(String::as_str);
        let near = self
            .near(rooted, same_section)
            .or_else(|| self.near(rooted, self.paths.iter().map(String::as_str)));
        let help = match near {
            Some(near) => format!("did you mean \"/{near}\"?"),
            None => format!("the site makes /stories/<slug>/, /districts/<slug>/, /topics/<slug>/, /stats/, /<page>/ and /data/stats.csv; other files come from static/; link other content as {CONTENT}stories/<file>.md"),
        };
        Some(broken(
            format!("the link to \"{dest}\" leads to no page or file of the site"),
            help,
        ))
    }

    /// The known name closest to `wrong`, while searches are left.
    fn near<'k>(&self, wrong: &str, known: impl Iterator<Item = &'k str>) -> Option<&'k str> {
        let left = self.searches_left.get();
        if left == 0 || wrong.len() > LONGEST_NAME {
            return None;
        }
        self.searches_left.set(left - 1);
        closest(wrong, known)
    }

    fn has_path(&self, rooted: &str) -> bool {
        let bare = rooted.strip_suffix("index.html").unwrap_or(rooted);
        self.paths.contains(bare)
            || self.paths.contains(&format!("{bare}/"))
            || Routes::is_theme(bare)
    }

    fn judge_relative(&self, body: &Body, dest: &str, path: &str) -> Option<Verdict> {
        let path = path.trim_start_matches("./");
        let Some(story) = body.bundle else {
            let kind = body.kind;
            let rooted = format!("/{path}");
            let help = if self.has_path(path) {
                format!("did you mean \"{rooted}\"? A link from the site's root starts with `/`")
            } else {
                format!("a {kind} in a single file has no folder of its own: put the file in static/ and link it as \"/{path}\", or link other content as {CONTENT}stories/<file>.md")
            };
            return Some(broken(
                format!("the relative link \"{dest}\" leads nowhere"),
                help,
            ));
        };
        let bundle = story.bundle.as_deref().unwrap_or(Path::new(""));
        if path.split('/').any(|part| part == "..") {
            return Some(broken(
                format!("the link \"{dest}\" leads out of the story's folder"),
                format!("link other content as {CONTENT}stories/<file>.md, and put this story's files in {}", bundle.display()),
            ));
        }
        if story.assets.iter().any(|a| same_path(a, path)) {
            return None;
        }
        let names: Vec<String> = story.assets.iter().map(|a| slash(a)).collect();
        let help = match self.near(path, names.iter().map(String::as_str)) {
            Some(near) => format!("did you mean \"{near}\"?"),
            None => format!("put the file in {}, or correct the name", bundle.display()),
        };
        Some(broken(
            format!("\"{dest}\" is not a file of this story's folder"),
            help,
        ))
    }
}

fn same_path(asset: &Path, path: &str) -> bool {
    asset
        .components()
        .map(|c| c.as_os_str())
        .eq(Path::new(path).components().map(|c| c.as_os_str()))
}

fn sources(site: &Site) -> HashMap<String, Target> {
    let mut out = HashMap::new();
    let under_content = |source: &Path| slash(source.strip_prefix("content").unwrap_or(source));
    for story in &site.stories {
        let draft = story.draft;
        let mut keys: Vec<String> = story
            .texts
            .values()
            .map(|t| under_content(&t.source))
            .collect();
        keys.push(format!("stories/{}.md", story.slug));
        if let Some(bundle) = &story.bundle {
            let folder = under_content(bundle);
            keys.push(format!("{folder}/"));
            keys.push(folder);
        }
        out.extend(keys.into_iter().map(|k| (k, Target { draft })));
    }
    for page in &site.pages {
        for text in page.texts.values() {
            out.insert(under_content(&text.source), Target { draft: false });
        }
    }
    for district in &site.districts {
        out.insert(under_content(&district.source), Target { draft: false });
    }
    out
}

/// Places the problems of one body in its file.
struct Placer<'a> {
    body: &'a Body<'a>,
    /// The file's text and where the body starts in it, when it can be read
    /// again and still ends with the body.
    file: Option<(Arc<str>, usize)>,
}

impl<'a> Placer<'a> {
    fn new(root: &Path, body: &'a Body<'a>) -> Placer<'a> {
        let file = source::read(&root.join(body.file), body.file)
            .ok()
            .filter(|text| text.ends_with(body.text))
            .map(|text| {
                let start = text.len() - body.text.len();
                (text, start)
            });
        Placer { body, file }
    }

    fn problem(&self, link: &LinkRef, verdict: Verdict) -> Problem {
        let file: PathBuf = self.body.file.to_path_buf();
        let problem = match &self.file {
            Some((text, start)) => {
                let span = start + link.span.start..start + link.span.end;
                Problem::at(file, text, span, verdict.message)
            }
            None => Problem::file(file, verdict.message),
        };
        let problem = problem.help(verdict.help);
        if verdict.warning {
            problem.warning()
        } else {
            problem
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config {
            title: Default::default(),
            base_url: "https://example.org/sub/".into(),
            languages: vec!["zh".into(), "en".into()],
            theme: "default".into(),
            topics: Vec::new(),
            metrics: Vec::new(),
            allow_html: false,
            project_kinds: Vec::new(),
            data_license: None,
            repository: None,
        }
    }

    #[test]
    fn content_links_go_to_the_page_in_the_same_language() {
        let c = config();
        let url = |d: &str, lang: &str| super::url(d, None, &c, lang);
        assert_eq!(
            url("@/stories/2024-03-12-forest.md", "en").as_deref(),
            Some("https://example.org/sub/en/stories/forest/")
        );
        assert_eq!(
            url("@/stories/forest.md#map", "zh").as_deref(),
            Some("https://example.org/sub/stories/forest/#map")
        );
        assert_eq!(
            url("@/stories/deputy-forest/index.md", "en").as_deref(),
            Some("https://example.org/sub/en/stories/deputy-forest/")
        );
        assert_eq!(
            url("@/pages/about.en.md", "en").as_deref(),
            Some("https://example.org/sub/en/about/")
        );
        assert_eq!(
            url("@/districts/heshan.yaml", "zh").as_deref(),
            Some("https://example.org/sub/districts/heshan/")
        );
        assert_eq!(
            url("@/content/pages/about.md", "zh").as_deref(),
            Some("https://example.org/sub/about/")
        );
    }

    #[test]
    fn rooted_links_keep_to_the_base_and_the_language() {
        let c = config();
        let url = |d: &str, lang: &str| super::url(d, None, &c, lang);
        assert_eq!(
            url("/stats/", "en").as_deref(),
            Some("https://example.org/sub/en/stats/")
        );
        assert_eq!(
            url("/stats", "zh").as_deref(),
            Some("https://example.org/sub/stats/")
        );
        assert_eq!(
            url("/data/stats.csv", "en").as_deref(),
            Some("https://example.org/sub/data/stats.csv")
        );
        assert_eq!(
            url("/en/about/", "zh").as_deref(),
            Some("https://example.org/sub/en/about/")
        );
    }

    #[test]
    fn other_links_are_left_alone_outside_bundles() {
        let c = config();
        assert_eq!(super::url("https://a.example/", None, &c, "en"), None);
        assert_eq!(super::url("mailto:a@b.c", None, &c, "en"), None);
        assert_eq!(super::url("#top", None, &c, "en"), None);
        assert_eq!(super::url("photo.jpg", None, &c, "en"), None);
        assert_eq!(
            super::url("./photo.jpg", Some("stories/x/"), &c, "en").as_deref(),
            Some("https://example.org/sub/stories/x/photo.jpg")
        );
    }

    #[test]
    fn schemes_are_told_from_paths() {
        assert!(is_external("https://a"));
        assert!(is_external("mailto:x@y"));
        assert!(is_external("//cdn.example/x"));
        assert!(!is_external("photo.jpg"));
        assert!(!is_external("/stats/"));
        assert!(!is_external("a/b:c"));
    }
}
