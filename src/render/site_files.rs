//! Files other than HTML pages: feeds, the sitemap, open data and the
//! theme's static files; and the list of files the writer copies as they are.

use std::collections::HashMap;
use std::path::PathBuf;

use super::datapackage::DataFile;
use super::feed::{self, FeedEntry};
use super::lang::LangCtx;
use super::sitemap::{self, SitemapEntry};
use super::{data, datapackage, images, Plan, RenderOptions, Sink};
use crate::model::{District, Project, Site, Story};
use crate::routes::{self, slash};

/// Stories in a site-wide feed.
const FEED_ENTRIES: usize = 50;

/// The open data files, the package that describes them, made once for
/// the files and every language's `data/` page, which gives their sizes.
pub(crate) struct OpenData {
    pub files: Vec<DataFile>,
    pub package: String,
}

impl OpenData {
    pub fn new(plan: &Plan) -> OpenData {
        let site = plan.site;
        let files = data::files(site, &site.config.base_url, plan.options.drafts);
        let package = datapackage::package_json(site, &files);
        OpenData { files, package }
    }
}

/// The route table's files among `wanted` that render makes (the sitemap,
/// robots.txt, the open data); the others are copied by the writer as
/// they are.
pub(crate) fn render<'r>(
    plan: &Plan,
    langs: &[LangCtx],
    wanted: impl Iterator<Item = &'r String>,
    open_data: Option<OpenData>,
    sink: &Sink,
) {
    let (mut data, mut package) = match open_data {
        Some(open) => (
            open.files
                .into_iter()
                .map(|f| (f.path, f.bytes))
                .collect::<HashMap<String, Vec<u8>>>(),
            Some(open.package),
        ),
        None => (HashMap::new(), None),
    };
    for path in wanted {
        match path.as_str() {
            routes::SITEMAP => {
                if let Some(first) = langs.first() {
                    site_map(plan, first, sink);
                }
            }
            routes::ROBOTS => {
                let base = &plan.site.config.base_url;
                sink.file(
                    routes::ROBOTS.into(),
                    sitemap::robots(&format!("{base}{}", routes::SITEMAP)).into_bytes(),
                );
            }
            routes::DATAPACKAGE => {
                if let Some(package) = package.take() {
                    sink.file(routes::DATAPACKAGE.into(), package.into_bytes());
                }
            }
            other => {
                if let Some(bytes) = data.remove(other) {
                    sink.file(other.to_string(), bytes);
                }
            }
        }
    }
}

/// The theme's static files, below [`routes::THEME`].
pub(crate) fn theme_files(langs: &[LangCtx], sink: &Sink) {
    for file in langs
        .first()
        .map(|l| l.theme.static_files())
        .unwrap_or_default()
    {
        sink.file(
            format!("{}{}", routes::THEME, file.path),
            file.bytes.clone(),
        );
    }
}

/// The site's feed: its newest stories, milestones and receptions.
pub(crate) fn site_feed(lang: &LangCtx, sink: &Sink) {
    let site_title = lang.text(&lang.site.config.title).text;
    let stories = lang.plan.stories.iter().take(FEED_ENTRIES).copied();
    let xml = feed::atom(
        &site_title,
        &lang.url(routes::FEED),
        &lang.url(routes::HOME),
        lang.code,
        &newest_first(
            story_entries(lang, stories),
            [
                milestones(lang, |_| true),
                lang.reception_entries(|_, _| true),
            ],
        ),
    );
    sink.file(lang.file(routes::FEED), xml.into_bytes());
}

/// A district's feed: its stories, its projects' milestones and its
/// stations' receptions.
pub(crate) fn district_feed(lang: &LangCtx, district: &District, sink: &Sink) {
    let site_title = lang.text(&lang.site.config.title).text;
    let name = lang.text(&district.name).text;
    let route = routes::district_feed(&district.slug);
    let stories = lang
        .plan
        .stories_in(&district.slug)
        .iter()
        .copied()
        .take(FEED_ENTRIES);
    let xml = feed::atom(
        &format!("{name} | {site_title}"),
        &lang.url(&route),
        &lang.url(&routes::district(&district.slug)),
        lang.code,
        &newest_first(
            story_entries(lang, stories),
            [
                milestones(lang, |p| p.districts.iter().any(|a| a.is(&district.slug))),
                lang.reception_entries(|s, _| s.district.is(&district.slug)),
            ],
        ),
    );
    sink.file(lang.file(&route), xml.into_bytes());
}

/// Stories as feed entries, in the order given.
pub(super) fn story_entries<'a>(
    lang: &LangCtx<'a>,
    stories: impl Iterator<Item = &'a Story>,
) -> Vec<FeedEntry> {
    stories
        .map(|story| {
            let (text, _) = lang.story_text(story);
            let url = lang.url(&routes::story(&story.slug));
            FeedEntry {
                id: url.clone(),
                title: text.title.clone(),
                url,
                updated: story.date,
                summary: feed_summary(lang, story, text.summary.as_deref()),
                author: None,
            }
        })
        .collect()
}

/// A project's milestones are news: each is an entry of its own, linked
/// to its place on the project's page.
fn milestones(lang: &LangCtx, wanted: impl Fn(&Project) -> bool) -> Vec<FeedEntry> {
    let mut out = Vec::new();
    for p in lang.site.projects.iter().filter(|p| wanted(p)) {
        let title = lang.text(&p.title).text;
        let page = lang.url(&routes::project(p.year, &p.slug));
        for (i, m) in p.milestones.iter().enumerate() {
            // A feed entry is dated to the day: a milestone known only to
            // the month or year, or estimated, is on the project's page alone.
            let Some(day) = m.date.exact_day() else {
                continue;
            };
            let url = format!("{page}#milestone-{}", i + 1);
            out.push(FeedEntry {
                id: url.clone(),
                title: format!("{title}{}{}", lang.t("colon"), lang.text(&m.title).text),
                url,
                updated: day,
                summary: None,
                author: None,
            });
        }
    }
    out
}

/// Stories, then other news (milestones, receptions) together, newest
/// first, as many as a feed holds. Entries of the same day keep the order
/// given: stories first, then each kind in its own order.
pub(super) fn newest_first<const N: usize>(
    mut entries: Vec<FeedEntry>,
    others: [Vec<FeedEntry>; N],
) -> Vec<FeedEntry> {
    let others: Vec<FeedEntry> = others.into_iter().flatten().collect();
    if others.is_empty() {
        return entries;
    }
    entries.extend(others);
    // A stable sort keeps each kind in its own order within a day.
    entries.sort_by_key(|e| std::cmp::Reverse(e.updated));
    entries.truncate(FEED_ENTRIES);
    entries
}

/// A story's summary, and for a case its status and latest stage, with
/// the stage's date shown as what it is (an estimate, a month, unknown):
/// a feed reader sees no more than this.
fn feed_summary(lang: &LangCtx, story: &Story, summary: Option<&str>) -> Option<String> {
    let case = story.case.as_ref().map(|case| {
        let status = lang.status(case).label;
        match lang.latest_stage(case) {
            Some(stage) => format!(
                "{}{}{status}{}{stage}",
                lang.t("case_status"),
                lang.t("colon"),
                lang.t("list_separator")
            ),
            None => format!("{}{}{status}", lang.t("case_status"), lang.t("colon")),
        }
    });
    match (summary, case) {
        (Some(s), Some(c)) => Some(format!("{s}\n{c}")),
        (Some(s), None) => Some(s.to_string()),
        (None, c) => c,
    }
}

/// Every HTML page but the error page, each language version listed with
/// all the others as alternates.
fn site_map(plan: &Plan, lang: &LangCtx, sink: &Sink) {
    let languages = &plan.site.config.languages;
    let mut entries = Vec::new();
    for route in plan.routes.sitemap().map(|r| &r.path) {
        let alternates: Vec<(String, String)> = lang
            .alternates(route)
            .into_iter()
            .map(|a| (a.hreflang, a.url))
            .collect();
        for code in languages {
            let prefix = routes::prefix(languages, code);
            entries.push(SitemapEntry {
                url: format!("{}{prefix}{route}", plan.site.config.base_url),
                alternates: alternates.clone(),
            });
        }
    }
    sink.file(
        routes::SITEMAP.into(),
        sitemap::sitemap(&entries).into_bytes(),
    );
}

/// A file published as it is: `from` is relative to the site root, `to`
/// to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copy {
    pub from: PathBuf,
    pub to: String,
}

/// Files the writer copies unchanged: the site's `static/` folder to the
/// output root, and each published bundle's files beside its story in every
/// language, so that a relative link in the story's text works on each
/// language version of the page.
pub fn copies(site: &Site, options: &RenderOptions) -> Vec<Copy> {
    let mut all: Vec<Copy> = site
        .static_files
        .iter()
        .map(|path| Copy {
            from: PathBuf::from("static").join(path),
            to: slash(path),
        })
        .collect();
    for deputy in &site.deputies {
        if let Some(photo) = &deputy.photo {
            all.push(Copy {
                from: images::deputy_source(deputy, photo),
                to: routes::deputy_photo(&deputy.slug, &photo.src),
            });
        }
    }
    for project in &site.projects {
        for photo in project.milestones.iter().filter_map(|m| m.photo.as_ref()) {
            let copy = Copy {
                from: images::milestone_source(project, photo),
                to: routes::project_photo(project.year, &project.slug, &photo.src),
            };
            if !all.contains(&copy) {
                all.push(copy);
            }
        }
    }
    let published = site.stories.iter().filter(|s| options.drafts || !s.draft);
    for story in published {
        let Some(bundle) = &story.bundle else {
            continue;
        };
        for code in &site.config.languages {
            let folder = format!(
                "{}{}",
                routes::prefix(&site.config.languages, code),
                routes::story(&story.slug)
            );
            all.extend(story.assets.iter().map(|asset| Copy {
                from: bundle.join(asset),
                to: format!("{folder}{}", slash(asset)),
            }));
        }
    }
    all
}
