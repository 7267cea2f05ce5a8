//! Every address of the site, in one place.
//!
//! A route is a page's address below its language's root: `""` for the home
//! page, `stories/<slug>/` for a story, `404.html` for the error page. Every
//! language has the same routes, which is what lets each page name its other
//! language versions without a lookup. Files published once for all
//! languages (the sitemap, the open data, the theme's files, `static/`) sit
//! below the site's root instead.
//!
//! This module sits below both load and render and depends on the model
//! alone: render makes the pages [`Routes`] lists, each by its [`Kind`], and
//! builds its links with the functions here; the sitemap lists [`Routes`],
//! link checks judge a link against [`Routes`], the preview picks the routes
//! a saved story reaches, and free pages may not take a [`reserved`] name. A
//! new kind of content adds its section to [`SECTIONS`], its address
//! functions beside the others, its pages in [`Routes::new`] and the
//! function that draws each kind in render; everything else follows.

use std::collections::HashSet;
use std::path::Path;

use crate::model::{hh_mm, Area, Project, ProjectStatus, Reception, Site, Story};

pub const HOME: &str = "";
pub const STORIES: &str = "stories/";
pub const DISTRICTS: &str = "districts/";
pub const TOPICS: &str = "topics/";
pub const STATS: &str = "stats/";
pub const SEARCH: &str = "search/";
pub const NOT_FOUND: &str = "404.html";
pub const FEED: &str = "atom.xml";
pub const SITEMAP: &str = "sitemap.xml";
pub const ROBOTS: &str = "robots.txt";
pub const STATS_CSV: &str = "data/stats.csv";
pub const STATS_JSON: &str = "data/stats.json";
pub const CASES_JSON: &str = "data/cases.json";
/// The description of every open data file, beside them.
pub const DATAPACKAGE: &str = "data/datapackage.json";
pub const DEPUTIES_JSON: &str = "data/deputies.json";
pub const STATIONS_JSON: &str = "data/stations.json";
pub const DEPUTIES: &str = "deputies/";
pub const STATIONS: &str = "stations/";
pub const PROJECTS: &str = "projects/";
pub const PROJECTS_CSV: &str = "data/projects.csv";
pub const PROJECTS_JSON: &str = "data/projects.json";
/// Where the theme's static files are published.
pub const THEME: &str = "theme/";
/// Where the search index's files are published, in every language.
pub const SEARCH_INDEX: &str = "search/index/";
/// The folder of the open data files.
pub const DATA: &str = "data/";

/// The first path segments the site uses itself, one per section. A free
/// page cannot take them (nor a language code), or it and the section
/// would overwrite each other.
pub const SECTIONS: &[&str] = &[
    STORIES, DISTRICTS, DEPUTIES, STATIONS, TOPICS, STATS, PROJECTS, DATA, THEME, SEARCH,
];

/// Free page names that clash with no section but would still mislead:
/// `404/` would sit beside the error page and be taken for it.
const ALSO_RESERVED: &[&str] = &["404"];

/// Names a free page cannot take besides the language codes: each section's
/// name, and [`ALSO_RESERVED`].
pub fn reserved() -> Vec<&'static str> {
    SECTIONS
        .iter()
        .map(|s| s.trim_end_matches('/'))
        .chain(ALSO_RESERVED.iter().copied())
        .collect()
}

/// Whether a free page named `slug` would clash with a page the site makes.
pub fn is_reserved(slug: &str, languages: &[String]) -> bool {
    reserved().contains(&slug) || languages.iter().any(|l| l == slug)
}

/// Stories per list page.
pub const PER_PAGE: usize = 20;

pub fn story(slug: &str) -> String {
    format!("stories/{slug}/")
}

/// The `n`th page of the story list, counting from 1.
pub fn story_list(n: usize) -> String {
    paged(STORIES, n)
}

/// The `n`th page of a list whose first page is at `first`, counting from 1.
pub fn paged(first: &str, n: usize) -> String {
    if n <= 1 {
        first.to_string()
    } else {
        format!("{first}page/{n}/")
    }
}

/// How many pages a list of `items` stories takes; an empty list still
/// has its one page, which says there is nothing yet.
pub fn page_count(items: usize) -> usize {
    items.div_ceil(PER_PAGE).max(1)
}

pub fn deputy(slug: &str) -> String {
    format!("deputies/{slug}/")
}

/// A deputy's photo, published beside their page once for all languages
/// (as a file path; links encode it with [`encode_path`]).
pub fn deputy_photo(slug: &str, file: &str) -> String {
    format!("deputies/{slug}/{file}")
}

/// The stories that name a deputy and the receptions they hold, as an
/// Atom feed.
pub fn deputy_feed(slug: &str) -> String {
    format!("deputies/{slug}/atom.xml")
}

/// A station's announced receptions and the stories that name its
/// deputies, as an Atom feed.
pub fn station_feed(slug: &str) -> String {
    format!("stations/{slug}/atom.xml")
}

/// The anchor of a reception on its station's page. Made from the day and
/// the start, never from the order of the list, so that a feed entry
/// linking it keeps its id when sessions are added or removed; a station
/// has one session per day and start (loading refuses a second).
pub fn reception_anchor(r: &Reception) -> String {
    let day = r.date.to_string().replace('-', "");
    match r.times {
        Some((start, _)) => format!("reception-{day}-{}", hh_mm(start).replace(':', "")),
        None => format!("reception-{day}"),
    }
}

pub fn station(slug: &str) -> String {
    format!("stations/{slug}/")
}

/// A station's announced receptions as an iCalendar file, in every
/// language.
pub fn station_calendar(slug: &str) -> String {
    format!("stations/{slug}/receptions.ics")
}

pub fn district(slug: &str) -> String {
    format!("districts/{slug}/")
}

pub fn district_feed(slug: &str) -> String {
    format!("districts/{slug}/atom.xml")
}

pub fn topic(slug: &str) -> String {
    format!("topics/{slug}/")
}

/// A project's page: its year's folder, then its slug.
pub fn project(year: i16, slug: &str) -> String {
    format!("projects/{year}/{slug}/")
}

/// A photo of a project's milestone, published beside the project's page
/// once for all languages (as a file path; links encode it with
/// [`encode_path`]).
pub fn project_photo(year: i16, slug: &str, file: &str) -> String {
    format!("projects/{year}/{slug}/{file}")
}

/// The project list filtered by `facet` (district, status or kind). Years
/// are all digits and facets are words, so the two never share a folder.
pub fn projects_by(facet: &str, value: &str) -> String {
    format!("projects/{facet}/{value}/")
}

/// A filter of the project list, published as a plain page so that it
/// works without JavaScript and can be linked to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProjectFilter {
    District(Area),
    Status(ProjectStatus),
    Kind(String),
}

impl ProjectFilter {
    pub fn route(&self) -> String {
        match self {
            ProjectFilter::District(d) => projects_by("district", d.slug()),
            ProjectFilter::Status(s) => projects_by("status", s.key()),
            ProjectFilter::Kind(k) => projects_by("kind", k),
        }
    }

    pub fn matches(&self, p: &Project) -> bool {
        match self {
            ProjectFilter::District(d) => p.districts.contains(d),
            ProjectFilter::Status(s) => p.status == Some(*s),
            ProjectFilter::Kind(k) => p.kind == *k,
        }
    }
}

/// Every filter that has at least one project (an empty list would be a
/// page with nothing on it), in the order the index lists them: places
/// (the city first), statuses, kinds.
pub fn project_filters(site: &Site) -> Vec<ProjectFilter> {
    let mut out = vec![ProjectFilter::District(Area::City)];
    out.extend(
        site.districts
            .iter()
            .map(|d| ProjectFilter::District(Area::District(d.slug.clone()))),
    );
    out.extend(ProjectStatus::ALL.into_iter().map(ProjectFilter::Status));
    out.extend(
        site.config
            .all_project_kinds()
            .into_iter()
            .map(|k| ProjectFilter::Kind(k.slug)),
    );
    out.retain(|f| site.projects.iter().any(|p| f.matches(p)));
    out
}

pub fn page(slug: &str) -> String {
    format!("{slug}/")
}

/// The path below the language's root where a route's file is written.
pub fn file_of(route: &str) -> String {
    if route.is_empty() || route.ends_with('/') {
        format!("{route}index.html")
    } else {
        route.to_string()
    }
}

/// The folder below the site root of a language: `""` for the default,
/// `"<code>/"` for the others.
pub fn prefix(languages: &[String], code: &str) -> String {
    if languages.first().map(String::as_str) == Some(code) {
        String::new()
    } else {
        format!("{code}/")
    }
}

/// The `lang` attribute value: Chinese is written in simplified characters
/// here, which `zh` alone does not say.
pub fn html_lang(code: &str) -> String {
    match code {
        "zh" => "zh-Hans".to_string(),
        other => other.to_string(),
    }
}

/// Percent-encodes a relative file path for use in a URL, leaving `/`.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        let plain = byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte);
        if plain {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Which stories the table counts: the published ones, or drafts too (for
/// the preview with drafts, and for link checks, which accept a link to a
/// draft's page and warn of it separately).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drafts {
    Left,
    Included,
}

/// What a page of the site shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Home,
    /// Page `n` (from 1) of the list of all stories.
    StoryList(usize),
    Story(String),
    Districts,
    /// Page `n` of a district's stories.
    District(String, usize),
    Topics,
    /// Page `n` of a topic's stories.
    Topic(String, usize),
    Stats,
    /// The page that lists the open data files, at [`DATA`].
    Data,
    /// The livelihood projects by year.
    Projects,
    ProjectList(ProjectFilter),
    /// A project by its year and slug.
    Project(i16, String),
    /// A free page.
    Page(String),
    Search,
    NotFound,
    /// The site-wide Atom feed.
    Feed,
    DistrictFeed(String),
    /// Every deputy, by district and level.
    Deputies,
    Deputy(String),
    /// Every liaison station, by district.
    Stations,
    Station(String),
    /// A station's receptions as iCalendar.
    StationCalendar(String),
    /// The stories that name a deputy, and their receptions.
    DeputyFeed(String),
    /// A station's receptions, and the stories that name its deputies.
    StationFeed(String),
}

impl Kind {
    /// Whether the sitemap lists it: every HTML page a reader may land on
    /// from a search engine. The error page, the search page (empty without
    /// a query) and the feeds are left out.
    pub fn in_sitemap(&self) -> bool {
        !matches!(
            self,
            Kind::NotFound
                | Kind::Search
                | Kind::Feed
                | Kind::DistrictFeed(_)
                | Kind::StationCalendar(_)
                | Kind::DeputyFeed(_)
                | Kind::StationFeed(_)
        )
    }
}

/// A story as the pages outside the story lists see it, so that the
/// preview can tell which of them a saved story changes: the story lists
/// (all stories, a district's, a topic's) follow the stories' order and
/// are paged through by render's selection; every other page that shows a
/// story says so in [`Kind::shows_story`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StoryMark {
    pub slug: String,
    /// The slugs of the deputies its `deputies` entries name.
    pub deputies: Vec<String>,
    /// The slugs of the stations its text links by file.
    pub stations: Vec<String>,
}

impl StoryMark {
    pub fn of(site: &Site, story: &Story) -> StoryMark {
        StoryMark {
            slug: story.slug.clone(),
            deputies: story
                .deputies
                .iter()
                .filter_map(|entry| site.deputy_named(entry))
                .map(|d| d.slug.clone())
                .collect(),
            stations: linked_stations(site, story),
        }
    }
}

/// The stations a story's text links by file (`@/stations/<slug>.yaml`),
/// in any language. A plain search of the text, not a parse: a link
/// written inside code counts too, which costs the preview at most a page
/// made again for nothing, and a site without stations pays nothing.
fn linked_stations(site: &Site, story: &Story) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if site.stations.is_empty() {
        return out;
    }
    for text in story.texts.values() {
        let body: &str = &text.body;
        for (at, found) in body.match_indices("stations/") {
            let before = &body[..at];
            if !(before.ends_with("@/") || before.ends_with("@/content/")) {
                continue;
            }
            let rest = &body[at + found.len()..];
            let Some(end) = rest.find(".yaml") else {
                continue;
            };
            let slug = &rest[..end];
            if site.station(slug).is_some() && !out.iter().any(|s| s == slug) {
                out.push(slug.to_string());
            }
        }
    }
    out
}

impl Kind {
    /// Whether the page shows something of `story` (its title, date,
    /// summary) outside the story lists: a project's page the stories it
    /// links to, a deputy's page and feed the stories that name them, a
    /// station's page the stories that link it, and its feed those and the
    /// stories naming its deputies.
    pub fn shows_story(&self, site: &Site, story: &StoryMark) -> bool {
        match self {
            Kind::Project(year, slug) => site
                .project(*year, slug)
                .is_some_and(|p| p.stories.contains(&story.slug)),
            Kind::Deputy(d) | Kind::DeputyFeed(d) => story.deputies.contains(d),
            // A station's feed follows the stories naming its deputies:
            // those who receive there, or are announced to.
            // A station's page and feed list the stories that link it.
            Kind::Station(slug) => story.stations.contains(slug),
            Kind::StationFeed(slug) => site.station(slug).is_some_and(|s| {
                story.stations.contains(slug)
                    || story.deputies.iter().any(|d| {
                        site.deputy(d).is_some_and(|d| d.stations.contains(slug))
                            || s.receptions.iter().any(|r| r.deputies.contains(d))
                    })
            }),
            _ => false,
        }
    }

    /// Whether the page counts from the date of the newest story, which is
    /// when its "coming" receptions start (so that the same content gives
    /// the same page, whatever the day of the build): the stations' pages,
    /// a deputy's (their stations' next reception), and the first page of
    /// a district with a station.
    pub fn counts_from_newest_story(&self, site: &Site) -> bool {
        match self {
            Kind::Stations | Kind::Station(_) | Kind::Deputy(_) => true,
            Kind::District(d, 1) => site.stations.iter().any(|s| s.district.is(d)),
            _ => false,
        }
    }
}

/// One address every language has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// Below the language's root, e.g. `districts/heshan/page/2/`.
    pub path: String,
    pub kind: Kind,
}

/// Every address of one site, built once from the model.
pub struct Routes {
    /// In every language, in the sitemap's order.
    pub pages: Vec<Route>,
    /// Published once below the site's root: generated files, `static/`.
    pub files: Vec<String>,
    /// Published beside a story's page in every language: its bundle's
    /// files, as routes.
    pub story_files: Vec<String>,
    /// Published once below [`THEME`]: the theme's static files.
    pub theme_files: Vec<String>,
    /// Every language's folder: `""` and `"en/"`.
    prefixes: Vec<String>,
}

impl Routes {
    pub fn new(site: &Site, drafts: Drafts) -> Routes {
        let stories: Vec<&Story> = site
            .stories
            .iter()
            .filter(|s| drafts == Drafts::Included || !s.draft)
            .collect();
        let count = |keep: &dyn Fn(&Story) -> bool| stories.iter().filter(|s| keep(s)).count();
        let mut pages = Vec::new();
        let mut add = |path: String, kind: Kind| pages.push(Route { path, kind });
        add(HOME.into(), Kind::Home);
        for n in 1..=page_count(stories.len()) {
            add(story_list(n), Kind::StoryList(n));
        }
        for s in &stories {
            add(story(&s.slug), Kind::Story(s.slug.clone()));
        }
        add(DISTRICTS.into(), Kind::Districts);
        for d in &site.districts {
            let first = district(&d.slug);
            for n in 1..=page_count(count(&|s| s.district.is(&d.slug))) {
                add(paged(&first, n), Kind::District(d.slug.clone(), n));
            }
        }
        add(TOPICS.into(), Kind::Topics);
        for t in &site.config.topics {
            let first = topic(&t.slug);
            for n in 1..=page_count(count(&|s| s.topics.contains(&t.slug))) {
                add(paged(&first, n), Kind::Topic(t.slug.clone(), n));
            }
        }
        add(STATS.into(), Kind::Stats);
        add(DATA.into(), Kind::Data);
        if !site.deputies.is_empty() {
            add(DEPUTIES.into(), Kind::Deputies);
            for d in &site.deputies {
                add(deputy(&d.slug), Kind::Deputy(d.slug.clone()));
            }
        }
        if !site.stations.is_empty() {
            add(STATIONS.into(), Kind::Stations);
            for s in &site.stations {
                add(station(&s.slug), Kind::Station(s.slug.clone()));
            }
        }
        if !site.projects.is_empty() {
            add(PROJECTS.into(), Kind::Projects);
            for f in project_filters(site) {
                add(f.route(), Kind::ProjectList(f));
            }
            for p in &site.projects {
                add(
                    project(p.year, &p.slug),
                    Kind::Project(p.year, p.slug.clone()),
                );
            }
        }
        for p in &site.pages {
            add(page(&p.slug), Kind::Page(p.slug.clone()));
        }
        add(SEARCH.into(), Kind::Search);
        add(NOT_FOUND.into(), Kind::NotFound);
        add(FEED.into(), Kind::Feed);
        for d in &site.districts {
            add(district_feed(&d.slug), Kind::DistrictFeed(d.slug.clone()));
        }
        for d in &site.deputies {
            add(deputy_feed(&d.slug), Kind::DeputyFeed(d.slug.clone()));
        }
        for s in &site.stations {
            add(station_feed(&s.slug), Kind::StationFeed(s.slug.clone()));
        }
        for s in site.stations.iter().filter(|s| !s.receptions.is_empty()) {
            add(
                station_calendar(&s.slug),
                Kind::StationCalendar(s.slug.clone()),
            );
        }
        let mut files: Vec<String> = [
            SITEMAP,
            ROBOTS,
            STATS_CSV,
            STATS_JSON,
            CASES_JSON,
            DATAPACKAGE,
        ]
        .iter()
        .map(|f| f.to_string())
        .collect();
        if !site.deputies.is_empty() {
            files.push(DEPUTIES_JSON.to_string());
        }
        if !site.stations.is_empty() {
            files.push(STATIONS_JSON.to_string());
        }
        files.extend(site.deputies.iter().filter_map(|d| {
            let photo = d.photo.as_ref()?;
            Some(deputy_photo(&d.slug, &photo.src))
        }));
        if !site.projects.is_empty() {
            files.extend([PROJECTS_CSV, PROJECTS_JSON].map(String::from));
        }
        for p in &site.projects {
            for photo in p.milestones.iter().filter_map(|m| m.photo.as_ref()) {
                let file = project_photo(p.year, &p.slug, &photo.src);
                if !files.contains(&file) {
                    files.push(file);
                }
            }
        }
        files.extend(site.static_files.iter().map(|f| slash(f)));
        let story_files = stories
            .iter()
            .filter(|s| s.bundle.is_some())
            .flat_map(|s| {
                s.assets
                    .iter()
                    .map(|a| format!("{}{}", story(&s.slug), slash(a)))
            })
            .collect();
        let languages = &site.config.languages;
        Routes {
            pages,
            files,
            story_files,
            theme_files: site
                .theme_files
                .iter()
                .map(|f| format!("{THEME}{f}"))
                .collect(),
            prefixes: languages.iter().map(|l| prefix(languages, l)).collect(),
        }
    }

    /// The routes the sitemap lists, in its order.
    pub fn sitemap(&self) -> impl Iterator<Item = &Route> {
        self.pages.iter().filter(|r| r.kind.in_sitemap())
    }

    /// Every path below the site's root that the site publishes, as a link
    /// from the root names it (`en/stories/x/`, `data/stats.csv`,
    /// `theme/style.css`).
    pub fn paths(&self) -> HashSet<String> {
        let mut out = HashSet::new();
        for prefix in &self.prefixes {
            for route in self.pages.iter().map(|r| &r.path).chain(&self.story_files) {
                out.insert(format!("{prefix}{route}"));
            }
        }
        out.extend(self.files.iter().cloned());
        out.extend(self.theme_files.iter().cloned());
        out
    }
}

/// A relative file path with `/` between its parts, on any system.
pub fn slash(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_become_index_files() {
        assert_eq!(file_of(HOME), "index.html");
        assert_eq!(file_of(&story("x")), "stories/x/index.html");
        assert_eq!(file_of(NOT_FOUND), "404.html");
        assert_eq!(story_list(1), "stories/");
        assert_eq!(story_list(3), "stories/page/3/");
        assert_eq!(paged(&district("heshan"), 2), "districts/heshan/page/2/");
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(20), 1);
        assert_eq!(page_count(21), 2);
    }

    #[test]
    fn only_other_languages_get_a_folder() {
        let langs = vec!["zh".to_string(), "en".to_string()];
        assert_eq!(prefix(&langs, "zh"), "");
        assert_eq!(prefix(&langs, "en"), "en/");
        assert_eq!(html_lang("zh"), "zh-Hans");
        assert_eq!(html_lang("en"), "en");
    }

    #[test]
    fn a_reception_is_anchored_by_its_day_and_start() {
        let mut r = Reception {
            date: crate::model::Date::constant(2024, 12, 5),
            times: Some((
                crate::model::Time::constant(9, 0, 0, 0),
                crate::model::Time::constant(11, 30, 0, 0),
            )),
            deputies: vec!["zhao-ge".into()],
        };
        assert_eq!(reception_anchor(&r), "reception-20241205-0900");
        r.times = None;
        assert_eq!(reception_anchor(&r), "reception-20241205");
        assert_eq!(station_feed("baisha"), "stations/baisha/atom.xml");
    }

    #[test]
    fn file_names_are_encoded_but_slashes_kept() {
        assert_eq!(encode_path("img/树 1.png"), "img/%E6%A0%91%201.png");
    }
}
