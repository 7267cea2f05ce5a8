//! Links in Markdown bodies that lead within the site.
//!
//! Editors link to other content by its source file (`@/stories/x.md`,
//! `@/pages/about.md`, `@/districts/heshan.yaml`, `@/deputies/<slug>.yaml`,
//! `@/stations/<slug>.yaml`) rather than by address:
//! the address differs per language and with the base URL, while the file
//! is what the editor sees. A bundle's body links its own files relatively
//! (`photo.jpg`), and any body may link a page from the site's root
//! (`/stats/`). All three are checked when the site is loaded, since a dead
//! link in a published report is otherwise found only by a resident, against
//! the route table every page is made from; `render::links` turns them into
//! real addresses when pages are made.

use std::cell::Cell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use percent_encoding::percent_decode_str;
use rayon::prelude::*;

use super::markdown::{links, LinkRef};
use crate::model::{self, Page, Site, Story};
use crate::problem::{closest, Problem, Problems};
use crate::routes::{slash, Drafts, Routes};

/// How a link to other content starts.
pub(crate) const CONTENT: &str = "@/";

/// `path#fragment` or `path?query` into the path and the rest.
pub(crate) fn split_suffix(dest: &str) -> (&str, &str) {
    let at = dest.find(['#', '?']).unwrap_or(dest.len());
    dest.split_at(at)
}

/// A link with a scheme (`https:`, `mailto:`) or to another host (`//x`).
pub(crate) fn is_external(path: &str) -> bool {
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
    text: &'a model::Body,
    /// The story, when it is a bundle whose files relative links may name.
    bundle: Option<&'a Story>,
    draft: bool,
    /// `story` or `page`, for messages.
    kind: &'static str,
    /// A bundle's body read without its story, whose files are not known:
    /// its relative links are left unjudged.
    skip_relative: bool,
}

/// The body of a story that did not load, its front matter having errors.
pub struct Unloaded {
    pub file: PathBuf,
    pub body: model::Body,
    pub bundle: bool,
}

/// Checks the links of stories that did not load, against the site that
/// did: an error in the front matter does not hide a broken link below it.
pub fn check_unloaded(site: &Site, unloaded: &[Unloaded], problems: &mut Problems) {
    let bodies = unloaded
        .iter()
        .map(|u| Body {
            file: &u.file,
            text: &u.body,
            bundle: None,
            draft: false,
            kind: "story",
            skip_relative: u.bundle,
        })
        .collect();
    check_bodies(site, bodies, problems);
}

/// Checks every link of every body in the site, adding a problem for each
/// that leads nowhere, placed in the file's text the body keeps.
pub fn check(site: &Site, problems: &mut Problems) {
    let stories = site.stories.iter().flat_map(story_bodies);
    let bodies = stories.chain(site.pages.iter().flat_map(page_bodies));
    check_bodies(site, bodies.collect(), problems);
}

/// Checks the links of the stories with `slugs` alone, against the whole
/// site: after a story is read again, only its own links can have broken.
pub fn check_stories(site: &Site, slugs: &[String], problems: &mut Problems) {
    let stories = site.stories.iter().filter(|s| slugs.contains(&s.slug));
    check_bodies(site, stories.flat_map(story_bodies).collect(), problems);
}

fn check_bodies(site: &Site, bodies: Vec<Body>, problems: &mut Problems) {
    let found: Vec<(usize, LinkRef)> = bodies
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, b)| links(b.text).into_iter().map(move |l| (i, l)))
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
    for (i, failed) in failures {
        for (link, verdict) in failed {
            problems.push(place(&bodies[i], &link, verdict));
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
        skip_relative: false,
    })
}

fn page_bodies(page: &Page) -> impl Iterator<Item = Body<'_>> {
    page.texts.values().map(|text| Body {
        file: &text.source,
        text: &text.body,
        bundle: None,
        draft: false,
        kind: "page",
        skip_relative: false,
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
            None if body.skip_relative => None,
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
            None => format!("name a file under content/: {CONTENT}stories/2024-03-12-deputy-forest.md, {CONTENT}pages/about.md, {CONTENT}districts/heshan.yaml, {CONTENT}deputies/<slug>.yaml or {CONTENT}stations/<slug>.yaml"),
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
        self.paths.contains(bare) || self.paths.contains(&format!("{bare}/"))
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
    for deputy in &site.deputies {
        out.insert(under_content(&deputy.source), Target { draft: false });
    }
    for station in &site.stations {
        out.insert(under_content(&station.source), Target { draft: false });
    }
    out
}

/// A problem at the link's place in the body's file.
fn place(body: &Body, link: &LinkRef, verdict: Verdict) -> Problem {
    let start = body.text.start();
    let span = start + link.span.start..start + link.span.end;
    let problem = Problem::at(body.file, body.text.file(), span, verdict.message);
    let problem = problem.help(verdict.help);
    if verdict.warning {
        problem.warning()
    } else {
        problem
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
