//! The plain site model: what `load` produces and `render` consumes.
//!
//! Nothing here touches the file system. Every value has already been
//! validated, so code downstream of `load` can trust it: a story's district
//! exists, its topics are registered, its case stages are in order, and each
//! statistics record names known metrics. Paths are kept relative to the site
//! root so that the model (and anything rendered from it) does not depend on
//! where the site happens to sit on disk.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Deref;
use std::path::PathBuf;
use std::sync::Arc;

pub use jiff::civil::Date;

mod event_date;
pub use event_date::{days_between, EventDate, Precision};

/// A month's English name (1 is January), for English dates and for the
/// messages that explain an impossible one.
pub fn month_name(month: i8) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES[(month.clamp(1, 12) - 1) as usize]
}

/// Rounds half away from zero at `places` decimals, working from the
/// shortest decimal form of the value so that 0.125 rounds as written.
pub fn round_to(value: f64, places: i32) -> f64 {
    let factor = 10f64.powi(places);
    let shifted: f64 = format!("{value}e{places}")
        .parse()
        .unwrap_or(value * factor);
    shifted.round() / factor
}

/// A language code from `site.yaml`, such as `zh` or `en`.
pub type Lang = String;

/// A whole site, loaded and validated.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    /// Ordered by `order`, then slug. Never contains `city`.
    pub districts: Vec<District>,
    /// Newest first, then by slug. Drafts are included; see `Story::draft`.
    pub stories: Vec<Story>,
    /// Oldest period first.
    pub stats: Vec<Period>,
    /// Ordered by slug.
    pub pages: Vec<Page>,
    /// Livelihood projects, newest year first, then by slug; see
    /// [`crate::model::Project`].
    pub projects: Vec<Project>,
    /// Ordered by slug.
    pub deputies: Vec<Deputy>,
    /// Ordered by slug.
    pub stations: Vec<Station>,
    /// Whether the site has a `content/deputies/` folder: only then is a
    /// story's deputy who matches no file worth a warning.
    pub has_deputies_folder: bool,
    /// Files under `static/`, relative to it, sorted.
    pub static_files: Vec<PathBuf>,
    /// Files the theme publishes, relative to its `static/` folder, sorted.
    pub theme_files: Vec<String>,
}

/// `site.yaml`.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: Text,
    /// Always ends with `/`.
    pub base_url: String,
    /// The first is the default language, served at `/`.
    pub languages: Vec<Lang>,
    pub theme: String,
    /// Ordered as written in `site.yaml`.
    pub topics: Vec<Topic>,
    /// Custom metrics, ordered as written; see [`Metric::builtin`] for the others.
    pub metrics: Vec<Metric>,
    /// Raw HTML in Markdown is passed through only when the site opts in.
    pub allow_html: bool,
    /// Kinds of livelihood project beyond the two built in, as written.
    pub project_kinds: Vec<ProjectKind>,
    /// The SPDX identifier of the open data's licence, such as `CC-BY-4.0`.
    pub data_license: Option<String>,
    /// Where the site's source files are public, so that a figure can link
    /// to the line it came from.
    pub repository: Option<Repository>,
    /// Where `renda deploy` publishes, if the site says.
    pub deploy: Option<Deploy>,
    /// Who runs the site, shown in every page's footer and on the about
    /// page, as residents look for it before they trust a government site.
    pub publisher: Option<Publisher>,
}

/// The body that publishes the site. Only the name is required: the
/// rest is shown where it is given, and never made up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publisher {
    pub name: Text,
    pub address: Option<Text>,
    pub phone: Option<String>,
    /// The ICP filing number (备案号), e.g. 粤ICP备12345678号.
    pub icp: Option<String>,
    /// The government website code (政府网站标识码), ten digits.
    pub gov_code: Option<String>,
}

/// A public repository of the site's source files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repository {
    /// Its web address, without a trailing `/`.
    pub url: String,
    pub branch: String,
}

impl Repository {
    /// The address of a line of a file, in GitHub's form, which GitLab
    /// also accepts: `<url>/blob/<branch>/<path>#L<line>`.
    pub fn line_url(&self, path: &str, line: Option<usize>) -> String {
        let mut url = format!("{}/blob/{}/{path}", self.url, self.branch);
        if let Some(line) = line {
            url.push_str(&format!("#L{line}"));
        }
        url
    }
}

/// An S3-compatible bucket to publish the output to.
#[derive(Debug, Clone, PartialEq)]
pub struct Deploy {
    pub endpoint: String,
    pub bucket: String,
    /// The signing region.
    pub region: String,
    /// Prepended to every key: empty, or ending with `/`.
    pub prefix: String,
    /// `https://endpoint/bucket/key` rather than `https://bucket.endpoint/key`.
    pub path_style: bool,
    /// The first rule whose glob matches a file's path gives its header.
    pub cache_control: Vec<CacheRule>,
    /// More deletions than this stop the deploy before it deletes anything.
    pub max_deletes: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CacheRule {
    /// A glob over the file's path in the output, e.g. `theme/**`.
    pub pattern: String,
    pub value: String,
}

/// A kind of livelihood project: `ten-projects` (民生实事), `micro`
/// (民生微实事), or one a site declares.
#[derive(Debug, Clone)]
pub struct ProjectKind {
    pub slug: String,
    pub name: Text,
}

/// Text given once per language. A missing language falls back to the
/// default one, and callers are told so, because the page must say that it
/// is untranslated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text(pub BTreeMap<Lang, String>);

#[derive(Debug, Clone)]
pub struct Topic {
    pub slug: String,
    pub name: Text,
}

#[derive(Debug, Clone)]
pub struct Metric {
    pub key: String,
    pub name: Text,
    pub unit: Unit,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unit {
    /// Whole numbers.
    Count,
    Yuan,
    Hectare,
    /// Any other unit, labelled per language.
    Other(Text),
}

#[derive(Debug, Clone)]
pub struct District {
    pub slug: String,
    pub name: Text,
    pub kind: DistrictKind,
    pub summary: Text,
    pub towns: Vec<Town>,
    pub order: Option<i64>,
    /// `content/districts/<slug>.yaml`, relative to the site root.
    pub source: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DistrictKind {
    District,
    CountyLevelCity,
    County,
}

#[derive(Debug, Clone)]
pub struct Town {
    pub slug: String,
    pub name: Text,
}

/// Where a story, a figure, a project, a deputy or a station belongs: the
/// whole city, or one of its districts. Content files write `city` or the
/// district's slug; load reads that once, so that nothing later has to
/// tell the city from a district by its spelling.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Area {
    City,
    /// A district's slug, known to name one of the site's districts.
    District(String),
}

impl Area {
    /// What content files write, and addresses and open data show, for the city.
    pub const CITY: &'static str = "city";

    /// Reads what a content file or a command line writes: `city` is the
    /// city, anything else a district's slug, which the caller checks
    /// against the site's districts. The one place the city is told from a
    /// district by its spelling.
    pub fn parse(written: &str) -> Area {
        if written == Area::CITY {
            Area::City
        } else {
            Area::District(written.to_string())
        }
    }

    /// `city`, or the district's slug.
    pub fn slug(&self) -> &str {
        match self {
            Area::City => Area::CITY,
            Area::District(slug) => slug,
        }
    }

    /// The district's slug; `None` for the city.
    pub fn district(&self) -> Option<&str> {
        match self {
            Area::City => None,
            Area::District(slug) => Some(slug),
        }
    }

    pub fn is_city(&self) -> bool {
        matches!(self, Area::City)
    }

    /// Whether this is the district `slug`.
    pub fn is(&self, slug: &str) -> bool {
        self.district() == Some(slug)
    }
}

/// By slug, as lists sorted by district always were.
impl Ord for Area {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.slug().cmp(other.slug())
    }
}

impl PartialOrd for Area {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Area {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

impl serde::Serialize for Area {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.slug())
    }
}

#[derive(Debug, Clone)]
pub struct Story {
    pub slug: String,
    pub date: Date,
    pub district: Area,
    pub town: Option<String>,
    pub topics: Vec<String>,
    pub deputies: Vec<String>,
    pub image: Option<Image>,
    pub draft: bool,
    pub case: Option<Case>,
    /// For a bundle, its folder relative to the site root; images and other
    /// files in it are published beside the story page.
    pub bundle: Option<PathBuf>,
    /// Files of the bundle other than its Markdown, relative to the bundle.
    pub assets: Vec<PathBuf>,
    /// One entry per language present; the default language is always there.
    pub texts: BTreeMap<Lang, StoryText>,
}

/// What a story says in one language.
#[derive(Debug, Clone)]
pub struct StoryText {
    pub title: String,
    pub summary: Option<String>,
    pub image_alt: Option<String>,
    /// Markdown, without the front matter.
    pub body: Body,
    /// The file it came from, relative to the site root.
    pub source: PathBuf,
    /// For translations: the fingerprint of the original recorded when the
    /// translation was last brought up to date.
    pub translated_from: Option<TranslatedFrom>,
    /// For translations: how this one stands against the original, judged
    /// while loading; `None` for the original.
    pub freshness: Option<Freshness>,
}

#[derive(Debug, Clone)]
pub struct Image {
    /// Relative to the story (its bundle folder, or `static/` otherwise).
    pub src: String,
    pub alt: String,
    pub credit: Option<String>,
}

/// One resident's matter, tracked through the six stages of the
/// 群众反映—代表收集—平台分办—部门处置—结果反馈—群众评价 workflow.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub status: CaseStatus,
    /// Stages in workflow order; a stage is `None` until it happens, and
    /// its date may be a month, a year, an estimate or unknown.
    pub stages: [Option<EventDate>; 6],
    pub rating: Option<Rating>,
    pub funding_cny: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Reported,
    Collected,
    Dispatched,
    Handled,
    Answered,
    Rated,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseStatus {
    Reported,
    InProgress,
    Resolved,
    NotAdopted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rating {
    Satisfied,
    BasicallySatisfied,
    Dissatisfied,
}

/// One `content/stats/<period>.yaml` file.
#[derive(Debug, Clone)]
pub struct Period {
    /// `YYYY` or `YYYY-MM`.
    pub period: String,
    pub source: Source,
    pub records: Vec<Record>,
    /// Relative to the site root.
    pub file: PathBuf,
}

#[derive(Debug, Clone)]
pub struct Source {
    /// The title of the publication (or the source's name when given as
    /// plain text).
    pub name: Text,
    pub url: Option<String>,
    /// Who published it, for a citation.
    pub publisher: Option<Text>,
    /// When it was published, as precisely as known.
    pub date: Option<EventDate>,
}

#[derive(Debug, Clone)]
pub struct Record {
    pub district: Area,
    pub campaign: Option<Text>,
    /// Metric key to value, in the order the metrics are registered
    /// (built-in first, then `site.yaml`'s).
    pub values: Vec<(String, f64)>,
    /// The line of the record in its file, so a figure can be traced.
    pub line: usize,
    /// Its figures are totals since this year, not the period's alone.
    pub cumulative_since: Option<i16>,
    /// Keys of the metrics whose value is an estimate.
    pub estimated: Vec<String>,
}

impl Record {
    pub fn is_estimated(&self, key: &str) -> bool {
        self.estimated.iter().any(|k| k == key)
    }
}

/// A free page such as `about` or `methodology`.
#[derive(Debug, Clone)]
pub struct Page {
    pub slug: String,
    pub texts: BTreeMap<Lang, PageText>,
}

#[derive(Debug, Clone)]
pub struct PageText {
    pub title: String,
    pub summary: Option<String>,
    pub body: Body,
    pub source: PathBuf,
    /// For translations: as for stories, the fingerprint of the original
    /// the translation was last brought up to date with.
    pub translated_from: Option<TranslatedFrom>,
    /// As for stories: judged while loading, `None` for the original.
    pub freshness: Option<Freshness>,
}

/// A translation's `translated_from`: the fingerprint it records and where
/// that value sits in the file, so that `check` can point at a stale one
/// without reading the file again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranslatedFrom {
    pub fingerprint: String,
    /// Byte range of the value (without a comment after it) in the file's
    /// text, which the text's [`Body`] keeps.
    pub span: std::ops::Range<usize>,
}

/// Whether a translation is up to date with its original.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    /// `translated_from` matches the original.
    Fresh,
    /// The original has changed since `translated_from` was recorded.
    Stale,
    /// No `translated_from`: nobody has said which version was translated.
    Unknown,
}

impl Text {
    /// The text in `lang`, or in the default language with `true` for
    /// "this is a fallback".
    pub fn get<'a>(&'a self, lang: &str, default: &str) -> (&'a str, bool) {
        match self.0.get(lang) {
            Some(s) => (s, false),
            None => (self.0.get(default).map(String::as_str).unwrap_or(""), true),
        }
    }
}

impl Config {
    pub fn default_language(&self) -> &str {
        &self.languages[0]
    }

    /// Every metric a record may use: the four built-in ones, then the site's.
    pub fn all_metrics(&self) -> Vec<Metric> {
        let mut all = Metric::builtin();
        all.extend(self.metrics.iter().cloned());
        all
    }

    pub fn topic(&self, slug: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.slug == slug)
    }
}

impl Metric {
    pub const BUILTIN_KEYS: [&'static str; 4] = [
        "suggestions_collected",
        "suggestions_resolved",
        "proposals",
        "funding_cny",
    ];

    pub fn builtin() -> Vec<Metric> {
        let make = |key: &str, zh: &str, en: &str, unit: Unit| Metric {
            key: key.to_string(),
            name: Text(BTreeMap::from([
                ("zh".to_string(), zh.to_string()),
                ("en".to_string(), en.to_string()),
            ])),
            unit,
        };
        vec![
            make(
                "suggestions_collected",
                "收集群众意见建议",
                "Suggestions collected",
                Unit::Count,
            ),
            make(
                "suggestions_resolved",
                "推动解决",
                "Suggestions resolved",
                Unit::Count,
            ),
            make(
                "proposals",
                "形成代表建议",
                "Deputies' proposals",
                Unit::Count,
            ),
            make("funding_cny", "资金", "Funding", Unit::Yuan),
        ]
    }
}

impl Site {
    pub fn district(&self, slug: &str) -> Option<&District> {
        self.districts.iter().find(|d| d.slug == slug)
    }

    /// The district `area` names; `None` for the city.
    pub fn area(&self, area: &Area) -> Option<&District> {
        self.district(area.district()?)
    }

    pub fn deputy(&self, slug: &str) -> Option<&Deputy> {
        self.deputies.iter().find(|d| d.slug == slug)
    }

    pub fn station(&self, slug: &str) -> Option<&Station> {
        self.stations.iter().find(|s| s.slug == slug)
    }

    /// The deputy a story's `deputies` entry names: by slug, or by the
    /// exact name in the default language (as stories are written).
    pub fn deputy_named(&self, entry: &str) -> Option<&Deputy> {
        let default = self.config.default_language();
        self.deputies
            .iter()
            .find(|d| d.slug == entry || d.name.0.get(default).is_some_and(|n| n == entry))
    }
}

impl Story {
    pub fn text(&self, lang: &str) -> Option<&StoryText> {
        self.texts.get(lang)
    }
}

impl Stage {
    pub const ALL: [Stage; 6] = [
        Stage::Reported,
        Stage::Collected,
        Stage::Dispatched,
        Stage::Handled,
        Stage::Answered,
        Stage::Rated,
    ];

    /// The field name used in front matter.
    pub fn key(self) -> &'static str {
        match self {
            Stage::Reported => "reported",
            Stage::Collected => "collected",
            Stage::Dispatched => "dispatched",
            Stage::Handled => "handled",
            Stage::Answered => "answered",
            Stage::Rated => "rated",
        }
    }
}

impl Case {
    pub fn stage(&self, stage: Stage) -> Option<&EventDate> {
        let i = Stage::ALL.iter().position(|s| *s == stage)?;
        self.stages[i].as_ref()
    }

    /// Days from the resident's report to the answer they got back, when
    /// both are exact, recorded days; never from an estimate.
    pub fn days_to_answer(&self) -> Option<i64> {
        days_between(self.stage(Stage::Reported)?, self.stage(Stage::Answered)?)
    }
}

impl CaseStatus {
    pub fn key(self) -> &'static str {
        match self {
            CaseStatus::Reported => "reported",
            CaseStatus::InProgress => "in-progress",
            CaseStatus::Resolved => "resolved",
            CaseStatus::NotAdopted => "not-adopted",
        }
    }

    /// Whether the matter is closed, for the open/closed split on district pages.
    pub fn is_closed(self) -> bool {
        matches!(self, CaseStatus::Resolved | CaseStatus::NotAdopted)
    }

    /// The stage the status says the case has reached: a case in progress
    /// has been taken up by a deputy, and a closed one has had its answer.
    pub fn claims(self) -> Option<Stage> {
        match self {
            CaseStatus::Reported => None,
            CaseStatus::InProgress => Some(Stage::Collected),
            CaseStatus::Resolved | CaseStatus::NotAdopted => Some(Stage::Answered),
        }
    }
}

impl Rating {
    pub fn key(self) -> &'static str {
        match self {
            Rating::Satisfied => "satisfied",
            Rating::BasicallySatisfied => "basically-satisfied",
            Rating::Dissatisfied => "dissatisfied",
        }
    }
}

impl DistrictKind {
    pub fn key(self) -> &'static str {
        match self {
            DistrictKind::District => "district",
            DistrictKind::CountyLevelCity => "county-level-city",
            DistrictKind::County => "county",
        }
    }
}

impl ProjectKind {
    /// The two kinds every site has, before those of `site.yaml`.
    pub fn builtin() -> Vec<ProjectKind> {
        let make = |slug: &str, zh: &str, en: &str| ProjectKind {
            slug: slug.to_string(),
            name: Text(BTreeMap::from([
                ("zh".to_string(), zh.to_string()),
                ("en".to_string(), en.to_string()),
            ])),
        };
        vec![
            make("ten-projects", "十件民生实事", "Ten livelihood projects"),
            make("micro", "民生微实事", "Livelihood micro-projects"),
        ]
    }
}

impl Config {
    /// Every kind a project may have: the built-in ones, then the site's.
    pub fn all_project_kinds(&self) -> Vec<ProjectKind> {
        let mut all = ProjectKind::builtin();
        all.extend(self.project_kinds.iter().cloned());
        all
    }
}

/// One livelihood project (or an item of one), from
/// `content/projects/<year>/<slug>.yaml`.
///
/// Fields the editor gave are kept apart from what was worked out from
/// them: a parent's budget summed from its items, or its progress weighted
/// from theirs, is a different claim from a figure someone reported, and
/// the pages and the open data say which is which.
#[derive(Debug, Clone)]
pub struct Project {
    /// The folder it sits in.
    pub year: i16,
    /// Set when the figures are totals from that year up to `year`, as a
    /// report's "since 2019" gives them; never to be read as one year's.
    pub cumulative_since: Option<i16>,
    pub slug: String,
    pub title: Text,
    pub summary: Option<Text>,
    /// A slug of [`Config::all_project_kinds`].
    pub kind: String,
    pub districts: Vec<Area>,
    pub topics: Vec<String>,
    pub responsible: Option<Text>,
    pub vote: Option<Vote>,
    /// As given, each figure optional.
    pub budget: Budget,
    pub targets: Vec<Target>,
    pub status: Option<ProjectStatus>,
    /// As given, in percent.
    pub progress: Option<f64>,
    /// The slug of a project of the same year whose item this is.
    pub parent: Option<String>,
    /// Share in the parent's progress; 1 unless given.
    pub weight: f64,
    /// In the order of their dates, which loading checks.
    pub milestones: Vec<Milestone>,
    /// Slugs of the stories that tell of it.
    pub stories: Vec<String>,
    pub source: Option<Source>,
    /// Relative to the site root.
    pub file: PathBuf,
    /// Worked out when the site is loaded; see [`Derived`].
    pub derived: Derived,
}

/// The deputies' vote on a project; each figure optional.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Vote {
    pub date: Option<Date>,
    pub for_: Option<u64>,
    pub against: Option<u64>,
    pub abstain: Option<u64>,
}

/// Money in yuan, as given.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Budget {
    pub planned: Option<f64>,
    pub revised: Option<f64>,
    pub spent: Option<f64>,
}

/// What a project set out to deliver, and what it delivered.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub name: Text,
    pub unit: Option<Text>,
    pub target: Option<f64>,
    pub achieved: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProjectStatus {
    Planned,
    InProgress,
    Completed,
    Delayed,
    Cancelled,
}

#[derive(Debug, Clone)]
pub struct Milestone {
    /// As precisely as it is known (SPEC 8): a day, a month, a year, or
    /// only that it happened; possibly an estimate.
    pub date: EventDate,
    pub title: Text,
    pub source: Option<Source>,
    /// A file beside the project's, shown in the timeline.
    pub photo: Option<Photo>,
    /// The line of the milestone in its file, so it can be traced.
    pub line: usize,
}

/// A figure and where it came from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figure {
    pub value: f64,
    pub basis: Basis,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// Written in the project's own file.
    Given,
    /// The sum (or, for progress, the weighted mean) over this many items.
    Items(usize),
    /// Read off the status: planned is 0%, completed 100%.
    Status,
}

/// What the site works out for a project from its own fields and its
/// items'; see `crate::load::project` for the rules.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Derived {
    /// Percent, rounded to one decimal; `None` when nothing says.
    pub progress: Option<Figure>,
    pub planned: Option<Figure>,
    pub revised: Option<Figure>,
    pub spent: Option<Figure>,
    /// The project's targets, then those only its items have, with sums
    /// filling what the project does not give itself.
    pub targets: Vec<DerivedTarget>,
    /// Slugs of its items, in slug order.
    pub items: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DerivedTarget {
    pub name: Text,
    pub unit: Option<Text>,
    pub target: Option<Figure>,
    pub achieved: Option<Figure>,
}

impl ProjectStatus {
    pub const ALL: [ProjectStatus; 5] = [
        ProjectStatus::Planned,
        ProjectStatus::InProgress,
        ProjectStatus::Completed,
        ProjectStatus::Delayed,
        ProjectStatus::Cancelled,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ProjectStatus::Planned => "planned",
            ProjectStatus::InProgress => "in-progress",
            ProjectStatus::Completed => "completed",
            ProjectStatus::Delayed => "delayed",
            ProjectStatus::Cancelled => "cancelled",
        }
    }
}

impl Project {
    /// `2024/school-places`: unique across the site.
    pub fn id(&self) -> String {
        format!("{}/{}", self.year, self.slug)
    }

    /// Budget figure against which spending is measured: the revised one
    /// when there is one.
    pub fn budget_in_force(&self) -> Option<Figure> {
        self.derived.revised.or(self.derived.planned)
    }
}

impl Site {
    pub fn project(&self, year: i16, slug: &str) -> Option<&Project> {
        self.projects
            .iter()
            .find(|p| p.year == year && p.slug == slug)
    }
}

/// A deputy to a people's congress, as `content/deputies/<slug>.yaml`
/// describes them. Only what is public about the office is kept: personal
/// data is refused when the file is read, so it cannot reach a page.
#[derive(Debug, Clone)]
pub struct Deputy {
    pub slug: String,
    pub name: Text,
    pub level: Level,
    /// Where the electoral unit is.
    pub district: Area,
    /// A town of that district, for deputies elected there.
    pub town: Option<String>,
    /// Oldest first.
    pub terms: Vec<Term>,
    pub role: Option<Text>,
    pub occupation: Option<Text>,
    /// Station slugs, as listed.
    pub stations: Vec<String>,
    pub photo: Option<Photo>,
    /// `content/deputies/<slug>.yaml`, relative to the site root.
    pub source: PathBuf,
}

/// The level of the congress a deputy sits in, from the highest down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    National,
    Provincial,
    City,
    County,
    Town,
}

impl Level {
    pub const ALL: [Level; 5] = [
        Level::National,
        Level::Provincial,
        Level::City,
        Level::County,
        Level::Town,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Level::National => "national",
            Level::Provincial => "provincial",
            Level::City => "city",
            Level::County => "county",
            Level::Town => "town",
        }
    }
}

/// One term in one congress.
#[derive(Debug, Clone)]
pub struct Term {
    pub congress: Text,
    pub from: MonthOrDay,
    /// `None` while the term runs.
    pub to: Option<MonthOrDay>,
}

/// A term's start or end: official lists give a month, sometimes a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthOrDay {
    Month { year: i16, month: i8 },
    Day(Date),
}

impl MonthOrDay {
    pub fn year_month(self) -> (i16, i8) {
        match self {
            MonthOrDay::Month { year, month } => (year, month),
            MonthOrDay::Day(d) => (d.year(), d.month()),
        }
    }

    /// Compares what is known: a month equals every day inside it.
    pub fn known_cmp(self, other: MonthOrDay) -> std::cmp::Ordering {
        match (self, other) {
            (MonthOrDay::Day(a), MonthOrDay::Day(b)) => a.cmp(&b),
            _ => self.year_month().cmp(&other.year_month()),
        }
    }
}

impl std::fmt::Display for MonthOrDay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MonthOrDay::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            MonthOrDay::Day(d) => write!(f, "{d}"),
        }
    }
}

/// A photo beside its YAML file (a deputy's, a project's), published
/// beside the page it is shown on.
#[derive(Debug, Clone)]
pub struct Photo {
    /// A file name relative to the folder of the YAML file.
    pub src: String,
    pub alt: Text,
    pub credit: Option<String>,
}

/// A deputies' liaison station (人大代表联络站): where residents meet
/// their deputies.
#[derive(Debug, Clone)]
pub struct Station {
    pub slug: String,
    pub name: Text,
    pub district: Area,
    pub town: Option<String>,
    pub address: Option<Text>,
    pub location: Option<Location>,
    /// The station's public line: deputies are reached through it.
    pub phone: Option<String>,
    pub hours: Option<Text>,
    /// Oldest first.
    pub receptions: Vec<Reception>,
    /// `content/stations/<slug>.yaml`, relative to the site root.
    pub source: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Location {
    pub lat: f64,
    pub lon: f64,
}

/// An announced reception session at a station. Times are local
/// (Asia/Shanghai); a session without them lasts the day, as announced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reception {
    pub date: Date,
    pub times: Option<(Time, Time)>,
    /// Deputy slugs.
    pub deputies: Vec<String>,
}

pub use jiff::civil::Time;

/// A time of day as receptions are announced: `09:00`.
pub fn hh_mm(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// The Markdown of a story or page: the end of its file's text, which is
/// kept whole (shared, not copied) so that a later stage can place a problem
/// at a line and column of the file without reading the file again.
#[derive(Clone)]
pub struct Body {
    file: Arc<str>,
    start: usize,
}

impl Body {
    /// The body that runs from byte `start` of `file` to its end.
    pub fn new(file: Arc<str>, start: usize) -> Body {
        assert!(file.is_char_boundary(start), "a body starts on a character");
        Body { file, start }
    }

    /// The whole text of the file the body ends.
    pub fn file(&self) -> &Arc<str> {
        &self.file
    }

    /// Where the body starts in its file, in bytes.
    pub fn start(&self) -> usize {
        self.start
    }
}

impl Deref for Body {
    type Target = str;

    fn deref(&self) -> &str {
        &self.file[self.start..]
    }
}

/// A body that is its whole file, as made by hand in tests and templates.
impl From<String> for Body {
    fn from(text: String) -> Body {
        Body::new(text.into(), 0)
    }
}

impl From<&str> for Body {
    fn from(text: &str) -> Body {
        Body::new(text.into(), 0)
    }
}

impl PartialEq for Body {
    fn eq(&self, other: &Body) -> bool {
        **self == **other
    }
}

impl PartialEq<&str> for Body {
    fn eq(&self, other: &&str) -> bool {
        &**self == *other
    }
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::Area;

    #[test]
    fn the_city_is_read_once_and_written_back_as_it_was() {
        assert_eq!(Area::parse("city"), Area::City);
        assert_eq!(Area::parse("heshan"), Area::District("heshan".into()));
        for written in ["city", "heshan"] {
            assert_eq!(Area::parse(written).slug(), written);
            assert_eq!(Area::parse(written).to_string(), written);
        }
        assert!(Area::City.is_city() && Area::City.district().is_none());
        assert!(Area::parse("heshan").is("heshan") && !Area::City.is("city"));
    }

    #[test]
    fn areas_sort_by_slug_as_the_lists_always_did() {
        let mut areas = [Area::parse("xinhui"), Area::City, Area::parse("enping")];
        areas.sort();
        let slugs: Vec<&str> = areas.iter().map(Area::slug).collect();
        assert_eq!(slugs, ["city", "enping", "xinhui"]);
    }
}
