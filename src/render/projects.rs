//! Livelihood projects as pages: the index by year with its totals and
//! charts, plain filtered lists, one page per project, and the parts other
//! pages show (a district's projects, the home page's current year).
//!
//! Every figure a parent takes from its items is labelled as such, and a
//! progress the site could not work out is said to be unknown rather than
//! drawn as zero.

use rayon::prelude::*;
use serde::Serialize;

use super::charts::{Bar, Group};
use super::figures::{ChartView, Row, Table};
use super::lang::LangCtx;
use super::pages::{emit, meta, photo_view, ImageView};
use super::views::{DateView, Link, Place, Status, StoryItem, Txt};
use super::{format, images, Plan, Sink};
use crate::model::{
    round_to, Area, Basis, Figure, Milestone, Project, ProjectStatus, Source, Unit,
};
use crate::routes::slash;
use crate::routes::{self, project_filters as filters, ProjectFilter as Filter};

/// Projects the home page lists of the current year, so that a phone
/// reader reaches the stories; the index has them all.
const HOME_PROJECTS: usize = 6;

/// How wide a milestone's photo is shown: at most 30rem beside the
/// timeline, or the screen less the timeline's margins on a phone.
const MILESTONE_PHOTO_SIZES: &str = "(min-width: 36rem) 30rem, calc(100vw - 5rem)";

/// The resized copies of the milestones' photos, once for all languages,
/// beside the published original.
pub(crate) fn photos(plan: &Plan, sink: &Sink) {
    let mut files = std::collections::BTreeMap::new();
    for p in &plan.site.projects {
        for photo in p.milestones.iter().filter_map(|m| m.photo.as_ref()) {
            let Some(resized) = plan.options.photos.get(&images::milestone_source(p, photo)) else {
                continue;
            };
            let path = routes::project_photo(p.year, &p.slug, &photo.src);
            for (file, bytes) in resized.copies(&path) {
                files.insert(file, bytes.clone());
            }
        }
    }
    files
        .into_par_iter()
        .for_each(|(path, bytes)| sink.file(path, bytes.as_ref().clone()));
}

/// The years that have projects, newest first.
pub(crate) fn years(site: &crate::model::Site) -> Vec<i16> {
    let mut years: Vec<i16> = site.projects.iter().map(|p| p.year).collect();
    years.dedup();
    years
}

#[derive(Debug, Serialize)]
pub struct ProgressView {
    /// 0 to 100, for the bar; `None` when unknown.
    pub value: Option<f64>,
    pub text: String,
    /// How the figure was arrived at, when not given.
    pub basis: Option<String>,
    pub svg: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ProjectItem {
    pub title: Txt,
    pub url: String,
    pub year: i16,
    /// "cumulative since 2019", for figures that are not one year's.
    pub span: Option<String>,
    pub kind: Txt,
    pub status: Option<StatusView>,
    pub progress: ProgressView,
    pub places: Vec<PlaceLink>,
    pub budget: Option<String>,
    pub spent: Option<String>,
    /// Its items, each with theirs.
    pub items: Vec<ProjectItem>,
    /// For an item listed on its own: the project it belongs to.
    pub parent: Option<Link>,
}

#[derive(Debug, Serialize)]
pub struct StatusView {
    pub key: &'static str,
    pub label: String,
}

#[derive(Debug, Serialize)]
pub struct PlaceLink {
    pub label: Txt,
    pub url: Option<String>,
}

/// One year's totals over its projects (items are counted, but their
/// figures are already in their parents').
#[derive(Debug, Serialize)]
pub struct Totals {
    pub projects: String,
    pub items: String,
    pub planned: Option<String>,
    pub spent: Option<String>,
    pub completion: Option<String>,
    pub completion_note: String,
    /// Said when some of the year's figures are totals over several years.
    pub cumulative_note: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct YearSection {
    pub id: String,
    pub year: DateView,
    pub totals: Totals,
    pub projects: Vec<ProjectItem>,
    pub completion_chart: Option<ChartView>,
    pub completion_table: Option<Table>,
    pub budget_chart: Option<ChartView>,
    pub budget_table: Option<Table>,
}

#[derive(Serialize)]
struct IndexPage {
    years: Vec<YearSection>,
    filters: Vec<FilterGroup>,
    csv: String,
    json: String,
}

#[derive(Serialize)]
struct FilterGroup {
    heading: String,
    links: Vec<FilterLink>,
}

#[derive(Serialize)]
struct FilterLink {
    label: Txt,
    url: String,
    count: String,
    current: bool,
}

#[derive(Serialize)]
struct FilterPage {
    heading: String,
    filters: Vec<FilterGroup>,
    projects: Vec<ProjectItem>,
    index: String,
}

#[derive(Serialize)]
struct ProjectPage {
    title: Txt,
    summary: Option<Txt>,
    year: DateView,
    span: Option<String>,
    year_url: String,
    kind: Link,
    status: Option<StatusView>,
    progress: ProgressView,
    places: Vec<PlaceLink>,
    topics: Vec<Link>,
    responsible: Option<Txt>,
    vote: Option<VoteView>,
    budget: Vec<BudgetRow>,
    /// Spending as a share of the budget in force.
    spent_share: Option<String>,
    overspent: bool,
    targets: Vec<TargetRow>,
    milestones: Vec<MilestoneView>,
    items: Vec<ProjectItem>,
    parent: Option<Link>,
    weight: Option<String>,
    stories: Vec<StoryItem>,
    source: Option<SourceView>,
    file: String,
}

#[derive(Serialize)]
struct VoteView {
    date: Option<DateView>,
    counts: Vec<(String, String)>,
}

#[derive(Serialize)]
struct BudgetRow {
    label: String,
    value: String,
    basis: Option<String>,
}

#[derive(Serialize)]
struct TargetRow {
    name: Txt,
    target: Option<String>,
    target_basis: Option<String>,
    achieved: Option<String>,
    achieved_basis: Option<String>,
    /// Achieved against the target, when both are known.
    share: Option<String>,
    over: bool,
}

#[derive(Serialize)]
struct MilestoneView {
    id: String,
    date: super::views::EventDateView,
    title: Txt,
    source: Option<SourceView>,
    photo: Option<ImageView>,
    /// The `lang` of the photo's credit on a page in another language than
    /// the site's first: names are written as they are.
    credit_lang: Option<String>,
}

#[derive(Serialize)]
struct SourceView {
    name: Txt,
    url: Option<String>,
}

/// The current year's projects for the home page: the latest year that has
/// any, never the clock's, so the same content gives the same page.
#[derive(Debug, Serialize)]
pub struct HomeProjects {
    pub year: DateView,
    pub totals: Totals,
    pub projects: Vec<ProjectItem>,
    pub more: Option<String>,
    pub index: String,
}

/// A district page's projects, every year, items included.
#[derive(Debug, Serialize)]
pub struct DistrictProjects {
    pub projects: Vec<ProjectItem>,
    pub all: String,
}

pub(super) fn index(lang: &LangCtx, sink: &Sink) {
    let page = IndexPage {
        years: years(lang.site)
            .into_iter()
            .map(|y| lang.year_section(y))
            .collect(),
        filters: lang.filter_groups(None),
        csv: lang.root_url(routes::PROJECTS_CSV),
        json: lang.root_url(routes::PROJECTS_JSON),
    };
    let title = lang.t("projects_title");
    let mut m = meta(routes::PROJECTS, Some(&title), "projects");
    m.description = Some(lang.t("projects_intro"));
    emit(lang, sink, m, "projects.html", &page);
}

pub(super) fn filter_page(lang: &LangCtx, filter: &Filter, sink: &Sink) {
    let projects = lang
        .site
        .projects
        .iter()
        .filter(|p| filter.matches(p))
        .map(|p| lang.project_item(p, false))
        .collect();
    let heading = format!(
        "{}{}{}",
        lang.t("projects_title"),
        lang.t("colon"),
        lang.filter_label(filter).text
    );
    let page = FilterPage {
        heading: heading.clone(),
        filters: lang.filter_groups(Some(filter)),
        projects,
        index: lang.url(routes::PROJECTS),
    };
    let route = filter.route();
    emit(
        lang,
        sink,
        meta(&route, Some(&heading), "projects"),
        "projects_filtered.html",
        &page,
    );
}

pub(super) fn project_page(lang: &LangCtx, p: &Project, sink: &Sink) {
    let site = lang.site;
    let d = &p.derived;
    let mut budget = Vec::new();
    for (key, figure) in [
        ("budget_planned", d.planned),
        ("budget_revised", d.revised),
        ("budget_spent", d.spent),
    ] {
        if let Some(f) = figure {
            budget.push(BudgetRow {
                label: lang.t(key),
                value: format::money(f.value, lang.code),
                basis: lang.basis(f),
            });
        }
    }
    let in_force = p.budget_in_force();
    let share = match (d.spent, in_force) {
        (Some(spent), Some(limit)) if limit.value > 0.0 => {
            Some(round_to(spent.value / limit.value * 100.0, 1))
        }
        _ => None,
    };
    let parent = p
        .parent
        .as_ref()
        .and_then(|s| site.project(p.year, s))
        .map(|parent| Link {
            label: lang.text(&parent.title),
            url: lang.url(&routes::project(parent.year, &parent.slug)),
        });
    let items = lang.children(p);
    let stories = p
        .stories
        .iter()
        .filter_map(|slug| lang.plan.stories.iter().find(|s| s.slug == *slug))
        .map(|s| lang.story_item(s))
        .collect();
    let page = ProjectPage {
        title: lang.text(&p.title),
        summary: p.summary.as_ref().map(|s| lang.text(s)),
        year: lang.year(p.year),
        span: lang.span(p),
        year_url: format!("{}#year-{}", lang.url(routes::PROJECTS), p.year),
        kind: Link {
            label: lang.kind_label(&p.kind),
            url: lang.url(&Filter::Kind(p.kind.clone()).route()),
        },
        status: p.status.map(|s| lang.project_status(s)),
        progress: lang.progress(d.progress),
        places: lang.places(p),
        topics: p
            .topics
            .iter()
            .filter_map(|t| site.config.topic(t))
            .map(|t| Link {
                label: lang.text(&t.name),
                url: lang.url(&routes::topic(&t.slug)),
            })
            .collect(),
        responsible: p.responsible.as_ref().map(|r| lang.text(r)),
        vote: p.vote.as_ref().map(|v| VoteView {
            date: v.date.map(|d| lang.date(d)),
            counts: [
                ("vote_for", v.for_),
                ("vote_against", v.against),
                ("vote_abstain", v.abstain),
            ]
            .into_iter()
            .filter_map(|(k, n)| Some((lang.t(k), format::count(n? as f64, lang.code))))
            .collect(),
        }),
        budget,
        spent_share: share.map(|s| lang.t("spent_share").replace("{percent}", &percent(s))),
        overspent: share.is_some_and(|s| s > 100.0),
        targets: d
            .targets
            .iter()
            .map(|t| {
                let unit = match &t.unit {
                    Some(label) => Unit::Other(label.clone()),
                    None => Unit::Count,
                };
                let amount = |f: Figure| format::amount(f.value, &unit, lang.code, lang.default);
                let share = match (t.target, t.achieved) {
                    (Some(target), Some(achieved)) if target.value > 0.0 => {
                        Some(round_to(achieved.value / target.value * 100.0, 1))
                    }
                    _ => None,
                };
                TargetRow {
                    name: lang.text(&t.name),
                    target: t.target.map(amount),
                    target_basis: t.target.and_then(|f| lang.basis(f)),
                    achieved: t.achieved.map(amount),
                    achieved_basis: t.achieved.and_then(|f| lang.basis(f)),
                    share: share.map(percent),
                    over: share.is_some_and(|s| s > 100.0),
                }
            })
            .collect(),
        milestones: p
            .milestones
            .iter()
            .enumerate()
            .map(|(i, m)| lang.milestone(p, i, m))
            .collect(),
        items,
        parent,
        weight: p.parent.as_ref().map(|_| number(p.weight)),
        stories,
        source: p.source.as_ref().map(|s| lang.source(s)),
        file: slash(&p.file),
    };
    let route = routes::project(p.year, &p.slug);
    let title = page.title.text.clone();
    let mut m = meta(&route, Some(&title), "projects");
    m.description = p
        .summary
        .as_ref()
        .map(|s| s.get(lang.code, lang.default).0.to_string());
    emit(lang, sink, m, "project.html", &page);
}

/// A whole percentage without decimals, otherwise one: 100%, 66.7%.
fn percent(value: f64) -> String {
    format!("{}%", number(value))
}

/// A plain figure as typed: 2, 1.5.
fn number(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{}", round_to(value, 1))
    }
}

/// A bar drawn to scale, with no text of its own: the figure beside it
/// says the same, so the drawing is hidden from screen readers.
fn progress_svg(value: f64) -> String {
    let width = round_to(value.clamp(0.0, 100.0), 1);
    format!(
        concat!(
            r#"<svg class="progress-bar" viewBox="0 0 100 6" preserveAspectRatio="none" "#,
            r#"aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">"#,
            r#"<rect class="progress-track" width="100" height="6"/>"#,
            r#"<rect class="progress-done" width="{}" height="6"/></svg>"#
        ),
        number(width)
    )
}

impl<'a> LangCtx<'a> {
    pub fn year(&self, year: i16) -> DateView {
        DateView {
            iso: year.to_string(),
            text: self.t("period_year").replace("{year}", &year.to_string()),
        }
    }

    fn span(&self, p: &Project) -> Option<String> {
        p.cumulative_since
            .map(|y| self.t("cumulative_since").replace("{year}", &y.to_string()))
    }

    fn kind_label(&self, slug: &str) -> Txt {
        match self
            .site
            .config
            .all_project_kinds()
            .into_iter()
            .find(|k| k.slug == slug)
        {
            Some(k) => self.text(&k.name),
            None => self.txt(slug, false),
        }
    }

    fn project_status(&self, s: ProjectStatus) -> StatusView {
        StatusView {
            key: s.key(),
            label: self.t(&format!("project_status_{}", s.key().replace('-', "_"))),
        }
    }

    /// How a derived figure was made, in words; nothing for a given one.
    fn basis(&self, f: Figure) -> Option<String> {
        match f.basis {
            Basis::Given => None,
            Basis::Items(n) => Some(self.counted("sum_of_items", n)),
            Basis::Status => Some(self.t("progress_from_status")),
        }
    }

    pub fn progress(&self, f: Option<Figure>) -> ProgressView {
        match f {
            Some(f) => ProgressView {
                value: Some(f.value),
                text: percent(f.value),
                basis: match f.basis {
                    Basis::Given => None,
                    Basis::Items(n) => Some(self.counted("progress_from_items", n)),
                    Basis::Status => Some(self.t("progress_from_status")),
                },
                svg: Some(progress_svg(f.value)),
            },
            None => ProgressView {
                value: None,
                text: self.t("progress_unknown"),
                basis: None,
                svg: None,
            },
        }
    }

    fn places(&self, p: &Project) -> Vec<PlaceLink> {
        p.districts
            .iter()
            .map(|area| match self.site.area(area) {
                Some(d) => PlaceLink {
                    label: self.text(&d.name),
                    url: Some(self.url(&routes::district(&d.slug))),
                },
                None => PlaceLink {
                    label: self.txt(&self.t("citywide"), false),
                    url: None,
                },
            })
            .collect()
    }

    fn source(&self, s: &Source) -> SourceView {
        SourceView {
            name: self.text(&s.name),
            url: s
                .url
                .clone()
                .filter(|u| u.starts_with("https://") || u.starts_with("http://")),
        }
    }

    fn milestone(&self, p: &Project, i: usize, m: &Milestone) -> MilestoneView {
        MilestoneView {
            id: format!("milestone-{}", i + 1),
            date: self.event_date(&m.date),
            title: self.text(&m.title),
            source: m.source.as_ref().map(|s| self.source(s)),
            photo: m.photo.as_ref().map(|photo| self.milestone_photo(p, photo)),
            credit_lang: (self.code != self.default).then(|| routes::html_lang(self.default)),
        }
    }

    /// Published beside the project's page; resized when it is a photo
    /// renda can resize, shown as it is otherwise.
    fn milestone_photo(&self, p: &Project, photo: &crate::model::Photo) -> ImageView {
        let path = routes::project_photo(p.year, &p.slug, &photo.src);
        let resized = self
            .plan
            .options
            .photos
            .get(&images::milestone_source(p, photo));
        let (alt, credit) = (self.text(&photo.alt), photo.credit.clone());
        photo_view(self, &path, alt, credit, resized, MILESTONE_PHOTO_SIZES)
    }

    /// A project in a list; `nested` lists its items under it (and leaves
    /// out the link back to the parent, which the reader is looking at).
    pub fn project_item(&self, p: &Project, nested: bool) -> ProjectItem {
        let d = &p.derived;
        ProjectItem {
            title: self.text(&p.title),
            url: self.url(&routes::project(p.year, &p.slug)),
            year: p.year,
            span: self.span(p),
            kind: self.kind_label(&p.kind),
            status: p.status.map(|s| self.project_status(s)),
            progress: self.progress(d.progress),
            places: self.places(p),
            budget: p
                .budget_in_force()
                .map(|f| format::money(f.value, self.code)),
            spent: d.spent.map(|f| format::money(f.value, self.code)),
            items: if nested { self.children(p) } else { Vec::new() },
            parent: if nested {
                None
            } else {
                p.parent
                    .as_ref()
                    .and_then(|s| self.site.project(p.year, s))
                    .map(|parent| Link {
                        label: self.text(&parent.title),
                        url: self.url(&routes::project(parent.year, &parent.slug)),
                    })
            },
        }
    }

    fn children(&self, p: &Project) -> Vec<ProjectItem> {
        p.derived
            .items
            .iter()
            .filter_map(|slug| self.site.project(p.year, slug))
            .map(|item| self.project_item(item, true))
            .collect()
    }

    fn top_level(&self, year: i16) -> Vec<&'a Project> {
        self.site
            .projects
            .iter()
            .filter(|p| p.year == year && p.parent.is_none())
            .collect()
    }

    fn totals(&self, year: i16) -> Totals {
        let all: Vec<&Project> = self
            .site
            .projects
            .iter()
            .filter(|p| p.year == year)
            .collect();
        let top = self.top_level(year);
        let items = all.len() - top.len();
        let sum = |of: fn(&Project) -> Option<Figure>| {
            let found: Vec<f64> = top.iter().filter_map(|p| of(p)).map(|f| f.value).collect();
            (!found.is_empty()).then(|| round_to(found.iter().sum(), 2))
        };
        let known: Vec<(f64, f64)> = top
            .iter()
            .filter(|p| p.status != Some(ProjectStatus::Cancelled))
            .filter_map(|p| Some((p.weight, p.derived.progress?.value)))
            .collect();
        let counted = top
            .iter()
            .filter(|p| p.status != Some(ProjectStatus::Cancelled))
            .count();
        let weights: f64 = known.iter().map(|(w, _)| w).sum();
        let completion = (weights > 0.0)
            .then(|| round_to(known.iter().map(|(w, v)| w * v).sum::<f64>() / weights, 1));
        Totals {
            projects: self.counted("projects_count", top.len()),
            items: self.counted("items_count", items),
            planned: sum(|p| p.budget_in_force()).map(|v| format::money(v, self.code)),
            spent: sum(|p| p.derived.spent).map(|v| format::money(v, self.code)),
            completion: completion.map(percent),
            completion_note: self
                .t("completion_note")
                .replace("{n}", &known.len().to_string())
                .replace("{total}", &counted.to_string()),
            cumulative_note: top
                .iter()
                .filter_map(|p| p.cumulative_since)
                .min()
                .map(|y| {
                    self.t("totals_cumulative")
                        .replace("{year}", &y.to_string())
                }),
        }
    }

    fn year_section(&self, year: i16) -> YearSection {
        let top = self.top_level(year);
        let id = format!("year-{year}");
        let year_view = self.year(year);
        let (completion_chart, completion_table) = self.completion_by_district(year, &id);
        let (budget_chart, budget_table) = self.budget_against_spending(&top, &id, &year_view.text);
        YearSection {
            totals: self.totals(year),
            projects: top.iter().map(|p| self.project_item(p, true)).collect(),
            completion_chart,
            completion_table,
            budget_chart,
            budget_table,
            year: year_view,
            id,
        }
    }

    /// Each district's weighted completion over the year's projects (items
    /// included, since an item is often where a district's share is); the
    /// city's own projects are their own bar.
    fn completion_by_district(&self, year: i16, id: &str) -> (Option<ChartView>, Option<Table>) {
        let mut places: Vec<(Area, Txt, Option<String>)> = self
            .site
            .districts
            .iter()
            .map(|d| {
                (
                    Area::District(d.slug.clone()),
                    self.text(&d.name),
                    Some(self.url(&routes::district(&d.slug))),
                )
            })
            .collect();
        places.insert(0, (Area::City, self.txt(&self.t("citywide"), false), None));
        let mut bars = Vec::new();
        let mut rows = Vec::new();
        for (area, name, url) in places {
            let of: Vec<&Project> = self
                .site
                .projects
                .iter()
                .filter(|p| p.year == year && p.districts.contains(&area))
                .filter(|p| p.status != Some(ProjectStatus::Cancelled))
                .collect();
            if of.is_empty() {
                continue;
            }
            let known: Vec<(f64, f64)> = of
                .iter()
                .filter_map(|p| Some((p.weight, p.derived.progress?.value)))
                .collect();
            let weights: f64 = known.iter().map(|(w, _)| w).sum();
            let value = (weights > 0.0)
                .then(|| round_to(known.iter().map(|(w, v)| w * v).sum::<f64>() / weights, 1));
            let note = self
                .t("completion_note")
                .replace("{n}", &known.len().to_string())
                .replace("{total}", &of.len().to_string());
            bars.push(Bar {
                label: name.text.clone(),
                note: Some(note.clone()),
                value: value.unwrap_or(0.0),
                text: value.map_or_else(|| self.t("progress_unknown"), percent),
                series: 0,
            });
            rows.push(Row {
                kind: if area.is_city() { "city" } else { "district" },
                label: name,
                url,
                time: None,
                notes: vec![self.txt(&note, false)],
                cells: vec![value.map(percent)],
                cite: None,
            });
        }
        if rows.is_empty() {
            return (None, None);
        }
        let title = self
            .t("chart_completion")
            .replace("{year}", &self.year(year).text);
        let chart = self.chart_view(
            format!("{id}-completion"),
            title.clone(),
            vec![Group { label: None, bars }],
        );
        let table = Table {
            caption: title,
            row_heading: self.t("district"),
            columns: vec![self.txt(&self.t("completion"), false)],
            rows,
            cites: false,
        };
        (Some(chart), Some(table))
    }

    /// The budget in force against what was spent, project by project.
    fn budget_against_spending(
        &self,
        top: &[&Project],
        id: &str,
        year_text: &str,
    ) -> (Option<ChartView>, Option<Table>) {
        let mut groups = Vec::new();
        let mut rows = Vec::new();
        for p in top {
            let budget = p.budget_in_force();
            let spent = p.derived.spent;
            if budget.is_none() && spent.is_none() {
                continue;
            }
            let title = self.text(&p.title);
            let mut bars = Vec::new();
            let mut notes = Vec::new();
            if let Some(b) = budget {
                bars.push(Bar {
                    label: self.t("budget"),
                    note: self.basis(b),
                    value: b.value,
                    text: format::money(b.value, self.code),
                    series: 0,
                });
                notes.extend(self.basis(b).map(|n| {
                    self.txt(
                        &format!("{}{}{n}", self.t("budget"), self.t("colon")),
                        false,
                    )
                }));
            }
            if let Some(s) = spent {
                bars.push(Bar {
                    label: self.t("budget_spent"),
                    note: self.basis(s),
                    value: s.value,
                    text: format::money(s.value, self.code),
                    series: 1,
                });
                notes.extend(self.basis(s).map(|n| {
                    self.txt(
                        &format!("{}{}{n}", self.t("budget_spent"), self.t("colon")),
                        false,
                    )
                }));
            }
            groups.push(Group {
                label: Some(title.text.clone()),
                bars,
            });
            rows.push(Row {
                kind: "project",
                label: title,
                url: Some(self.url(&routes::project(p.year, &p.slug))),
                time: None,
                notes,
                cells: vec![
                    budget.map(|b| format::money(b.value, self.code)),
                    spent.map(|s| format::money(s.value, self.code)),
                ],
                cite: None,
            });
        }
        if rows.is_empty() {
            return (None, None);
        }
        let title = self.t("chart_budget").replace("{year}", year_text);
        let chart = self.chart_view(format!("{id}-budget"), title.clone(), groups);
        let table = Table {
            caption: title,
            row_heading: self.t("project"),
            columns: vec![
                self.txt(&self.t("budget"), false),
                self.txt(&self.t("budget_spent"), false),
            ],
            rows,
            cites: false,
        };
        (Some(chart), Some(table))
    }

    fn filter_label(&self, f: &Filter) -> Txt {
        match f {
            Filter::District(d) => match self.site.area(d) {
                Some(d) => self.text(&d.name),
                None => self.txt(&self.t("citywide"), false),
            },
            Filter::Status(s) => self.txt(&self.project_status(*s).label, false),
            Filter::Kind(k) => self.kind_label(k),
        }
    }

    fn filter_groups(&self, current: Option<&Filter>) -> Vec<FilterGroup> {
        let all = filters(self.site);
        let group = |heading: &str, pick: fn(&Filter) -> bool| FilterGroup {
            heading: self.t(heading),
            links: all
                .iter()
                .filter(|f| pick(f))
                .map(|f| FilterLink {
                    label: self.filter_label(f),
                    url: self.url(&f.route()),
                    count: self.counted(
                        "projects_count",
                        self.site.projects.iter().filter(|p| f.matches(p)).count(),
                    ),
                    current: current == Some(f),
                })
                .collect(),
        };
        vec![
            group("filter_by_district", |f| matches!(f, Filter::District(_))),
            group("filter_by_status", |f| matches!(f, Filter::Status(_))),
            group("filter_by_kind", |f| matches!(f, Filter::Kind(_))),
        ]
    }

    /// A project as a search result, shaped like a story's entry: its year
    /// stands for the date, its first place for the place.
    pub fn project_search_item(&self, p: &Project) -> StoryItem {
        let first = self.places(p).into_iter().next();
        StoryItem {
            title: self.text(&p.title),
            url: self.url(&routes::project(p.year, &p.slug)),
            date: self.year(p.year),
            place: Place {
                district: first
                    .as_ref()
                    .map_or_else(|| self.txt(&self.t("citywide"), false), |f| f.label.clone()),
                url: first.and_then(|f| f.url),
                town: None,
            },
            summary: p.summary.as_ref().map(|s| self.text(s)),
            status: p.status.map(|s| Status {
                key: s.key(),
                label: self.project_status(s).label,
            }),
            latest_stage: None,
            draft: false,
        }
    }

    /// The latest year with projects, for the home page.
    pub fn home_projects(&self) -> Option<HomeProjects> {
        let year = *years(self.site).first()?;
        let top = self.top_level(year);
        let index = self.url(routes::PROJECTS);
        Some(HomeProjects {
            year: self.year(year),
            totals: self.totals(year),
            projects: top
                .iter()
                .take(HOME_PROJECTS)
                .map(|p| self.project_item(p, false))
                .collect(),
            more: (top.len() > HOME_PROJECTS).then(|| format!("{index}#year-{year}")),
            index,
        })
    }

    /// The projects that name `district`, newest year first.
    pub fn district_projects(&self, district: &str) -> Option<DistrictProjects> {
        let projects: Vec<ProjectItem> = self
            .site
            .projects
            .iter()
            .filter(|p| p.districts.iter().any(|d| d.is(district)))
            .map(|p| self.project_item(p, false))
            .collect();
        (!projects.is_empty()).then(|| DistrictProjects {
            projects,
            all: self.url(&Filter::District(Area::District(district.to_string())).route()),
        })
    }
}
