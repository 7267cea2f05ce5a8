//! Render: the model and a theme in, pages out, each handed on as it is made.
//!
//! Nothing here reads or writes files; see `output` for that. Templates are
//! given plain view structs with every number, date and label already
//! formatted for the page's language, never the model itself, so a custom
//! theme lays figures out but cannot misstate them.
//!
//! The same input gives the same bytes: nothing depends on the clock, and
//! everything shown in a list is in an order fixed by the model or sorted
//! here.

pub mod calendar;
pub mod charts;
pub mod data;
pub mod datapackage;
pub mod feed;
pub mod format;
pub mod images;
pub mod markdown;
pub mod project_data;
pub mod sitemap;

mod deputies;
mod figures;
mod lang;
mod links;
mod pages;
pub(crate) mod projects;
mod search;
mod site_files;
mod views;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::model::{Area, Site, Story};
use crate::problem::{Problem, Problems};
use crate::routes::{self, Drafts, Kind, Route, Routes, StoryMark};
use crate::theme::{error_chain, Theme};

pub use search::SavedRuns;
pub use site_files::{copies, Copy};

pub use crate::html::escape_html;

#[derive(Default)]
pub struct RenderOptions {
    /// Include stories marked `draft`, for previewing.
    pub drafts: bool,
    /// Story and milestone photos, read and resized by the caller; a photo
    /// missing here is shown as it is, at one size.
    pub photos: images::Photos,
    /// Runs of the search index saved by earlier builds, and where this
    /// one saves its own.
    pub search_runs: SavedRuns,
}

/// One file of the finished site.
pub struct OutputFile {
    /// Relative to the output folder, `/`-separated, e.g. `en/stories/x/index.html`.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Where finished files go. It is called from several threads at once.
pub type Emit<'a> = dyn Fn(OutputFile) -> std::io::Result<()> + Sync + 'a;

/// Renders every page and file of the site, handing each to `emit` as soon
/// as it is made so that a large site never sits in memory whole.
pub fn render(
    site: &Site,
    theme: &Theme,
    options: &RenderOptions,
    emit: &Emit,
) -> Result<(), Problems> {
    let plan = Plan::new(site, options);
    plan.check_routes()?;
    render_plan(&plan, Scope::Whole, theme, emit).map(|_| ())
}

/// As [`render`], but the pages a change to the stories in `touched` (by
/// slug, edited in place: none added, removed or moved to another list)
/// cannot alter are not made: their paths are returned instead, for the
/// caller to keep the files an earlier build made of them. `before` is the
/// outline of the stories when those files were made. Everything that
/// reads more than one story (lists the stories sit on, feeds, data
/// files, the search index, deputies' and projects' pages) is made whole.
pub fn render_changed(
    before: &[Outline],
    site: &Site,
    touched: &BTreeSet<String>,
    theme: &Theme,
    options: &RenderOptions,
    emit: &Emit,
) -> Result<Vec<String>, Problems> {
    let plan = Plan::new(site, options);
    plan.check_routes()?;
    let selection = Selection::new(before, &plan, touched);
    render_plan(&plan, Scope::Keeping(&selection), theme, emit)
}

/// Renders again only what a change to the stories named in `touched` (by
/// slug: edited, added or removed) can alter, given an outline of the
/// stories `before` the change: the story lists they are on, and the other
/// pages the route table says show them. The preview uses it so that one saved story
/// costs a handful of pages, not the whole site; `render` gives the same
/// bytes for those pages. The search index is left to [`render_search`].
pub fn render_stories(
    before: &[Outline],
    site: &Site,
    touched: &BTreeSet<String>,
    theme: &Theme,
    options: &RenderOptions,
    emit: &Emit,
) -> Result<(), Problems> {
    let plan = Plan::new(site, options);
    plan.check_routes()?;
    let selection = Selection::new(before, &plan, touched);
    render_plan(&plan, Scope::Only(&selection), theme, emit).map(|_| ())
}

/// Which of the table's routes a render makes.
#[derive(Clone, Copy)]
enum Scope<'s> {
    /// Every route, and every file not in the table (the search index, the
    /// theme's files, resized photos).
    Whole,
    /// As `Whole`, but the story lists and stories the selection does not
    /// reach are left as an earlier build made them.
    Keeping(&'s Selection),
    /// Only the routes the selection reaches, for the preview, which keeps
    /// the rest in memory and makes the search index afterwards.
    Only(&'s Selection),
}

impl Scope<'_> {
    fn selection(&self) -> Option<&Selection> {
        match self {
            Scope::Whole => None,
            Scope::Keeping(s) | Scope::Only(s) => Some(s),
        }
    }

    /// Whether the page at `route` is made, left out as unchanged, or left
    /// out and not mentioned.
    fn page(&self, route: &Route) -> Visit {
        match self {
            Scope::Whole => Visit::Make,
            Scope::Keeping(s) if s.keeps(route) => Visit::Keep,
            Scope::Keeping(_) => Visit::Make,
            Scope::Only(s) if s.reaches(route) => Visit::Make,
            Scope::Only(_) => Visit::Skip,
        }
    }

    /// Whether the file at `path` (below the site's root, from the table's
    /// files) is made.
    fn file(&self, path: &str) -> bool {
        match self {
            Scope::Whole | Scope::Keeping(_) => true,
            Scope::Only(s) => match path {
                routes::SITEMAP => s.reordered,
                routes::ROBOTS => false,
                // Every data file is in the package and on the `data/`
                // page with its size and hash, so they are made together.
                _ => s.cases,
            },
        }
    }

    /// Whether the files outside the table are made: the search index,
    /// the theme's files and the milestones' photos.
    fn whole(&self) -> bool {
        !matches!(self, Scope::Only(_))
    }
}

/// What a render does with one route.
enum Visit {
    Make,
    /// Leave the file an earlier build made, and say so.
    Keep,
    /// Leave it to the caller, who holds it already.
    Skip,
}

/// The pages the scope takes from the route table, in every language, and
/// the table's files; returns the paths left as they were.
fn render_plan(
    plan: &Plan,
    scope: Scope,
    theme: &Theme,
    emit: &Emit,
) -> Result<Vec<String>, Problems> {
    let site = plan.site;
    let sink = Sink::new(theme, emit);
    let langs: Vec<lang::LangCtx> = site
        .config
        .languages
        .iter()
        .map(|code| lang::LangCtx::new(site, theme, plan, code))
        .collect();
    // Made once for every language's `data/` page and the files themselves.
    let open_data = plan
        .routes
        .files
        .iter()
        .any(|f| f.starts_with(routes::DATA) && scope.file(f))
        .then(|| site_files::OpenData::new(plan));
    // The search index is built beside the pages: it keeps a core busy
    // while the pages wait on the disk.
    rayon::join(
        || {
            langs.par_iter().for_each(|lang| {
                plan.routes
                    .pages
                    .par_iter()
                    .for_each(|route| match scope.page(route) {
                        Visit::Make => make(lang, route, open_data.as_ref(), &sink),
                        Visit::Keep => sink.unchanged(lang.file(&route.path)),
                        Visit::Skip => {}
                    });
            });
        },
        || {
            if scope.whole() {
                search::render_index(&langs, &sink)
            }
        },
    );
    pages::photos(plan, &sink, &|s| {
        scope
            .selection()
            .is_none_or(|selection| selection.stories.contains(&s.slug))
    });
    if scope.whole() {
        projects::photos(plan, &sink);
        deputies::photos(plan, &sink);
    }
    let files = plan.routes.files.iter().filter(|f| scope.file(f));
    site_files::render(plan, &langs, files, open_data, &sink);
    if scope.whole() {
        site_files::theme_files(&langs, &sink);
    }
    sink.finish_keeping()
}

/// Makes the page at `route` in one language: the one place where a kind
/// of page meets the function that draws it.
fn make(lang: &lang::LangCtx, route: &Route, data: Option<&site_files::OpenData>, sink: &Sink) {
    let site = lang.site;
    match &route.kind {
        Kind::Home => pages::home(lang, sink),
        Kind::StoryList(n) => pages::story_list_page(lang, sink, *n),
        Kind::Story(slug) => {
            if let Some(story) = lang.plan.story(slug) {
                pages::story(lang, story, sink)
            }
        }
        Kind::Districts => pages::districts(lang, sink),
        Kind::District(slug, n) => {
            if let Some(d) = site.district(slug) {
                pages::district(lang, d, *n, sink)
            }
        }
        Kind::Topics => pages::topics(lang, sink),
        Kind::Topic(slug, n) => {
            if let Some(t) = site.config.topic(slug) {
                pages::topic(lang, t, *n, sink)
            }
        }
        Kind::Stats => pages::stats(lang, sink),
        Kind::Data => {
            if let Some(data) = data {
                pages::data_page(lang, sink, &data.files, data.package.len())
            }
        }
        Kind::Projects => projects::index(lang, sink),
        Kind::ProjectList(filter) => projects::filter_page(lang, filter, sink),
        Kind::Project(year, slug) => {
            if let Some(p) = site.project(*year, slug) {
                projects::project_page(lang, p, sink)
            }
        }
        Kind::Page(slug) => {
            if let Some(p) = site.pages.iter().find(|p| p.slug == *slug) {
                pages::free_page(lang, p, sink)
            }
        }
        Kind::Search => search::page(lang, sink),
        Kind::NotFound => pages::not_found(lang, sink),
        Kind::Feed => site_files::site_feed(lang, sink),
        Kind::DistrictFeed(slug) => {
            if let Some(d) = site.district(slug) {
                site_files::district_feed(lang, d, sink)
            }
        }
        Kind::Deputies => deputies::deputies_page(lang, sink),
        Kind::Deputy(slug) => {
            if let Some(d) = site.deputy(slug) {
                deputies::deputy_page(lang, d, sink)
            }
        }
        Kind::DeputyFeed(slug) => {
            if let Some(d) = site.deputy(slug) {
                deputies::deputy_feed(lang, d, sink)
            }
        }
        Kind::Stations => deputies::stations_page(lang, sink),
        Kind::Station(slug) => {
            if let Some(s) = site.station(slug) {
                deputies::station_page(lang, s, sink)
            }
        }
        Kind::StationFeed(slug) => {
            if let Some(s) = site.station(slug) {
                deputies::station_feed(lang, s, sink)
            }
        }
        Kind::StationCalendar(slug) => {
            if let Some(s) = site.station(slug) {
                deputies::station_calendar(lang, s, sink)
            }
        }
    }
}

/// The search index alone. After [`render_stories`] it is all that is left
/// to bring up to date; it reads every story, so the preview makes it after
/// telling the open pages to reload rather than before.
pub fn render_search(
    site: &Site,
    theme: &Theme,
    options: &RenderOptions,
    emit: &Emit,
) -> Result<(), Problems> {
    let plan = Plan::new(site, options);
    let sink = Sink::new(theme, emit);
    let langs: Vec<lang::LangCtx> = site
        .config
        .languages
        .iter()
        .map(|code| lang::LangCtx::new(site, theme, &plan, code))
        .collect();
    search::render_index(&langs, &sink);
    sink.finish()
}

/// Enough of a story to know which pages show it. A build keeps the
/// outlines beside its output, for the next build to compare against.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Outline {
    slug: String,
    #[serde(with = "area_text")]
    district: Area,
    topics: Vec<String>,
    case: bool,
    #[serde(with = "date_text")]
    date: crate::model::Date,
    /// What the pages outside the story lists see of it.
    mark: StoryMark,
}

/// An area kept as written in content files (`city` or a district's slug).
mod area_text {
    use crate::model::Area;
    use serde::Deserialize as _;

    pub fn serialize<S: serde::Serializer>(area: &Area, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(area.slug())
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Area, D::Error> {
        Ok(Area::parse(&String::deserialize(d)?))
    }
}

/// A date kept as `2024-04-11` in the outlines a build keeps.
mod date_text {
    use serde::Deserialize as _;

    pub fn serialize<S: serde::Serializer>(
        date: &crate::model::Date,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_str(date)
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> Result<crate::model::Date, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// The published stories of a site, in their order, as outlines.
pub fn outline(site: &Site, options: &RenderOptions) -> Vec<Outline> {
    Plan::new(site, options)
        .stories
        .iter()
        .map(|s| Outline {
            slug: s.slug.clone(),
            district: s.district.clone(),
            topics: s.topics.clone(),
            case: s.case.is_some(),
            date: s.date,
            mark: StoryMark::of(site, s),
        })
        .collect()
}

/// What a change to some stories reaches.
pub(crate) struct Selection {
    stories: BTreeSet<String>,
    /// The other pages that show one of the stories, as it was or as it
    /// is, or count from the newest story's date when that moved (see
    /// [`Kind::shows_story`]), by route.
    pub pages: BTreeSet<String>,
    list_pages: Vec<usize>,
    districts: BTreeMap<String, Pages>,
    topics: BTreeMap<String, Pages>,
    /// Stories came, went or moved: every list page and the sitemap change.
    reordered: bool,
    cases: bool,
}

/// Which pages of a paginated list to render again.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Pages {
    All,
    Only(BTreeSet<usize>),
}

impl Pages {
    pub fn has(&self, number: usize) -> bool {
        match self {
            Pages::All => true,
            Pages::Only(numbers) => numbers.contains(&number),
        }
    }

    fn add(&mut self, number: usize) {
        if let Pages::Only(numbers) = self {
            numbers.insert(number);
        }
    }
}

impl Selection {
    fn new(old: &[Outline], new: &Plan, touched: &BTreeSet<String>) -> Selection {
        let was: BTreeMap<&str, &Outline> = old
            .iter()
            .filter(|o| touched.contains(&o.slug))
            .map(|o| (o.slug.as_str(), o))
            .collect();
        let now: Vec<&Story> = new
            .stories
            .iter()
            .copied()
            .filter(|s| touched.contains(&s.slug))
            .collect();
        let reordered = !old
            .iter()
            .map(|o| &o.slug)
            .eq(new.stories.iter().map(|s| &s.slug));
        let marks: Vec<StoryMark> = was
            .values()
            .map(|o| o.mark.clone())
            .chain(now.iter().map(|s| StoryMark::of(new.site, s)))
            .collect();
        let newest_before = old.iter().map(|o| o.date).max();
        let newest_moved = newest_before != new.as_of();
        let pages: BTreeSet<String> = new
            .routes
            .pages
            .iter()
            .filter(|r| {
                marks.iter().any(|m| r.kind.shows_story(new.site, m))
                    || (newest_moved && r.kind.counts_from_newest_story(new.site))
            })
            .map(|r| r.path.clone())
            .collect();
        let mut selection = Selection {
            stories: touched.clone(),
            pages: BTreeSet::new(),
            list_pages: Vec::new(),
            districts: BTreeMap::new(),
            topics: BTreeMap::new(),
            reordered,
            cases: was.values().any(|o| o.case) || now.iter().any(|s| s.case.is_some()),
        };
        selection.list_pages = if reordered {
            (1..=pages::list_page_count(new)).collect()
        } else {
            let mut pages: Vec<usize> =
                now.iter().map(|s| page_of(&new.stories, &s.slug)).collect();
            pages.sort();
            pages.dedup();
            pages
        };
        // A list whose members changed, or whose order did, is rendered
        // whole; otherwise only the page each story sits on (and a
        // district's first page, which shows its cases).
        let mut whole_districts: BTreeSet<&str> = BTreeSet::new();
        let mut whole_topics: BTreeSet<&str> = BTreeSet::new();
        for o in was.values() {
            let kept = now.iter().find(|s| s.slug == o.slug).filter(|_| !reordered);
            if kept.is_none_or(|s| s.district != o.district) {
                whole_districts.insert(o.district.slug());
            }
            for t in &o.topics {
                if kept.is_none_or(|s| !s.topics.contains(t)) {
                    whole_topics.insert(t);
                }
            }
        }
        for s in &now {
            let kept = was.get(s.slug.as_str()).filter(|_| !reordered);
            if kept.is_none_or(|o| o.district != s.district) {
                whole_districts.insert(s.district.slug());
            }
            for t in &s.topics {
                if kept.is_none_or(|o| !o.topics.contains(t)) {
                    whole_topics.insert(t);
                }
            }
        }
        for s in &now {
            if !whole_districts.contains(s.district.slug()) {
                let n = page_of(new.stories_in(s.district.slug()), &s.slug);
                let pages = selection
                    .districts
                    .entry(s.district.slug().to_string())
                    .or_insert_with(|| Pages::Only(BTreeSet::from([1])));
                pages.add(n);
            }
            for t in s
                .topics
                .iter()
                .filter(|t| !whole_topics.contains(t.as_str()))
            {
                let n = page_of(new.stories_on(t), &s.slug);
                selection
                    .topics
                    .entry(t.clone())
                    .or_insert_with(|| Pages::Only(BTreeSet::new()))
                    .add(n);
            }
        }
        for d in whole_districts {
            selection.districts.insert(d.to_string(), Pages::All);
        }
        // A district page counting from the newest story is drawn like one
        // listing a saved story.
        for r in new.routes.pages.iter().filter(|r| pages.contains(&r.path)) {
            if let Kind::District(d, n) = &r.kind {
                selection
                    .districts
                    .entry(d.clone())
                    .or_insert_with(|| Pages::Only(BTreeSet::new()))
                    .add(*n);
            }
        }
        selection.pages = pages;
        for t in whole_topics {
            selection.topics.insert(t.to_string(), Pages::All);
        }
        selection
    }
}

impl Selection {
    /// Whether the page at `route` shows something a change to the stories
    /// alters: the stories themselves, the list pages they sit on, the
    /// home page, the indexes of districts and topics (which count
    /// stories), the feeds, the open data when a case changed, and the
    /// pages [`Kind::shows_story`] names.
    fn reaches(&self, route: &Route) -> bool {
        match &route.kind {
            Kind::Home | Kind::Districts | Kind::Topics | Kind::Feed | Kind::DistrictFeed(_) => {
                true
            }
            Kind::StoryList(n) => self.list_pages.contains(n),
            Kind::Story(slug) => self.stories.contains(slug),
            Kind::District(d, n) => self.districts.get(d).is_some_and(|p| p.has(*n)),
            Kind::Topic(t, n) => self.topics.get(t).is_some_and(|p| p.has(*n)),
            Kind::Data => self.cases,
            _ => self.pages.contains(&route.path),
        }
    }

    /// Whether a build may keep the page an earlier build made at `route`:
    /// only a story or a page of a story list it does not reach. Every
    /// other page reads several stories, or none, and is cheap to make.
    fn keeps(&self, route: &Route) -> bool {
        let listed = matches!(
            route.kind,
            Kind::StoryList(_) | Kind::Story(_) | Kind::District(..) | Kind::Topic(..)
        );
        listed && !self.reaches(route)
    }
}

/// The list page (from 1) on which the story `slug` appears.
fn page_of(stories: &[&Story], slug: &str) -> usize {
    stories.iter().position(|s| s.slug == slug).unwrap_or(0) / routes::PER_PAGE + 1
}

/// What will be published, decided once for every language.
pub(crate) struct Plan<'a> {
    pub site: &'a Site,
    pub options: &'a RenderOptions,
    /// Newest first, drafts left out unless asked for.
    pub stories: Vec<&'a Story>,
    /// Every address of what will be published.
    pub routes: Routes,
    /// The stories above by slug, for their pages in the route table.
    by_slug: HashMap<&'a str, &'a Story>,
    /// The stories above by district and by topic, for the pages of each
    /// list, which are made one at a time.
    in_district: HashMap<&'a str, Vec<&'a Story>>,
    on_topic: HashMap<&'a str, Vec<&'a Story>>,
}

impl<'a> Plan<'a> {
    fn new(site: &'a Site, options: &'a RenderOptions) -> Plan<'a> {
        let stories: Vec<&Story> = site
            .stories
            .iter()
            .filter(|s| options.drafts || !s.draft)
            .collect();
        let by_slug = stories.iter().map(|s| (s.slug.as_str(), *s)).collect();
        let mut in_district: HashMap<&str, Vec<&Story>> = HashMap::new();
        let mut on_topic: HashMap<&str, Vec<&Story>> = HashMap::new();
        for &s in &stories {
            in_district.entry(s.district.slug()).or_default().push(s);
            for (i, t) in s.topics.iter().enumerate() {
                if !s.topics[..i].contains(t) {
                    on_topic.entry(t.as_str()).or_default().push(s);
                }
            }
        }
        let drafts = match options.drafts {
            true => Drafts::Included,
            false => Drafts::Left,
        };
        Plan {
            site,
            options,
            stories,
            routes: Routes::new(site, drafts),
            by_slug,
            in_district,
            on_topic,
        }
    }

    /// The published story `slug`.
    pub fn story(&self, slug: &str) -> Option<&'a Story> {
        self.by_slug.get(slug).copied()
    }

    /// The date "coming" receptions are counted from: the newest published
    /// story's, so that pages depend on the content alone, never on the
    /// day they happen to be built. `None` for a site without stories,
    /// where every announced reception counts as coming.
    pub fn as_of(&self) -> Option<crate::model::Date> {
        self.stories.iter().map(|s| s.date).max()
    }

    /// The stories of a district (or of the city as a whole), in order.
    pub fn stories_in(&self, district: &str) -> &[&'a Story] {
        self.in_district.get(district).map_or(&[], Vec::as_slice)
    }

    /// The stories on a topic, in order.
    pub fn stories_on(&self, topic: &str) -> &[&'a Story] {
        self.on_topic.get(topic).map_or(&[], Vec::as_slice)
    }

    /// A free page named like a section or a language would be overwritten
    /// by it, or overwrite it; better to say so than to lose either.
    fn check_routes(&self) -> Result<(), Problems> {
        let mut problems = Problems::default();
        for page in &self.site.pages {
            let clash = routes::is_reserved(&page.slug, &self.site.config.languages);
            if clash {
                let file = page
                    .texts
                    .values()
                    .next()
                    .map(|t| t.source.clone())
                    .unwrap_or_else(|| PathBuf::from(format!("content/pages/{}.md", page.slug)));
                problems.push(
                    Problem::file(
                        file,
                        format!("the page name {:?} is taken by the site itself", page.slug),
                    )
                    .help(format!(
                        "rename the page; these names are reserved: {}, and the language codes",
                        routes::reserved().join(", ")
                    )),
                );
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

/// Collects what rendering hands on: files to `emit`, problems to a list.
pub(crate) struct Sink<'a> {
    theme: &'a Theme,
    emit: &'a Emit<'a>,
    problems: Mutex<Vec<Problem>>,
    /// Set by the first failed write: the rest would fail the same way.
    stopped: AtomicBool,
    /// Paths of files left out as unchanged, when only some are made.
    unchanged: Mutex<Vec<String>>,
}

impl<'a> Sink<'a> {
    fn new(theme: &'a Theme, emit: &'a Emit<'a>) -> Sink<'a> {
        Sink {
            theme,
            emit,
            problems: Mutex::new(Vec::new()),
            stopped: AtomicBool::new(false),
            unchanged: Mutex::new(Vec::new()),
        }
    }

    /// Notes that the file at `path` is left as an earlier build made it.
    pub fn unchanged(&self, path: String) {
        self.unchanged
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(path);
    }

    pub fn file(&self, path: String, bytes: Vec<u8>) {
        if self.stopped.load(Ordering::Relaxed) {
            return;
        }
        let shown = PathBuf::from(&path);
        if let Err(err) = (self.emit)(OutputFile { path, bytes }) {
            self.stopped.store(true, Ordering::Relaxed);
            self.problem(Problem::file(
                shown,
                format!("cannot write the file: {err}"),
            ));
        }
    }

    /// Renders `template` with `context` into the file at `path`.
    pub fn page(&self, path: String, template: &str, context: &tera::Context) {
        if self.stopped.load(Ordering::Relaxed) {
            return;
        }
        match self.theme.render(template, context) {
            Ok(html) => self.file(path, html.into_bytes()),
            Err(err) => self.problem(
                Problem::file(
                    self.theme.template_file(template),
                    format!("the template failed: {}", error_chain(&err)),
                )
                .help(format!("while making {path}")),
            ),
        }
    }

    fn problem(&self, problem: Problem) {
        self.problems
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(problem);
    }

    /// As [`Sink::finish`], returning the paths left unchanged.
    fn finish_keeping(self) -> Result<Vec<String>, Problems> {
        let mut unchanged = std::mem::take(
            &mut *self
                .unchanged
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        );
        self.finish()?;
        unchanged.sort();
        Ok(unchanged)
    }

    /// A template error repeats on every page made from it; one report of
    /// it, naming the first such page, is enough.
    fn finish(self) -> Result<(), Problems> {
        let mut problems = self
            .problems
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if problems.is_empty() {
            return Ok(());
        }
        problems
            .sort_by(|a, b| (&a.file, &a.message, &a.help).cmp(&(&b.file, &b.message, &b.help)));
        problems.dedup_by(|a, b| a.file == b.file && a.message == b.message);
        Err(Problems(problems))
    }
}
