//! `content/projects/<year>/<slug>.yaml`: livelihood projects, what they
//! cost and how far they have got.
//!
//! A file is read on its own first; then the projects are checked against
//! each other (an item's parent, cycles, linked stories) and each parent's
//! figures are worked out from its items. Those derived figures are kept
//! apart from what the editor gave (see [`crate::model::Derived`]) because a
//! resident must be able to tell a reported figure from a sum the site made.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_yaml::{Mapping, Value};

use super::event_date::event_date;
use super::fields::{self, Fields};
use super::folder::{is_yaml, list_files};
use super::photo::{photo, Beside};
use super::registry::{unknown_help, Registry};
use super::stats;
use super::story::{list, parse_name};
use super::yaml::{self, child, item};
use super::{parse_all, read};
use crate::model::round_to;
use crate::model::Config;
use crate::model::{
    Basis, Budget, Derived, DerivedTarget, EventDate, Figure, Milestone, Project, ProjectKind,
    ProjectStatus, Story, Target, Text, Vote,
};
use crate::problem::{closest, line_column, Problem, Problems};

const FIELDS: &[&str] = &[
    "title",
    "summary",
    "cumulative_since",
    "kind",
    "districts",
    "topics",
    "responsible",
    "vote",
    "budget_cny",
    "targets",
    "status",
    "progress",
    "parent",
    "weight",
    "milestones",
    "stories",
    "source",
];
const VOTE_FIELDS: &[&str] = &["date", "for", "against", "abstain"];
const BUDGET_FIELDS: &[&str] = &["planned", "revised", "spent"];
const TARGET_EXTRA: &[&str] = &["unit", "target", "achieved"];
const MILESTONE_FIELDS: &[&str] = &["date", "title", "source", "photo"];
const STATUSES: &[(&str, ProjectStatus)] = &[
    ("planned", ProjectStatus::Planned),
    ("in-progress", ProjectStatus::InProgress),
    ("completed", ProjectStatus::Completed),
    ("delayed", ProjectStatus::Delayed),
    ("cancelled", ProjectStatus::Cancelled),
];

/// A project as read from its file, with what the checks across files need
/// to place their problems.
pub struct Parsed {
    pub project: Project,
    text: Arc<str>,
    /// Where `parent` is written, when it is.
    parent_at: Option<Range<usize>>,
    /// Where `status` is written, when it is.
    status_at: Option<Range<usize>>,
    /// Each entry of `stories` as written, with its place.
    story_refs: Vec<(String, Range<usize>)>,
}

/// Where a project file sits: `content/projects/<year>/<slug>.yaml`. A
/// file anywhere else under `content/projects` is an error, since it would
/// have no year.
pub fn place(file: &Path, problems: &mut Problems) -> Option<(i16, String)> {
    let rel = file.strip_prefix("content/projects").unwrap_or(file);
    let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
    if parts.len() != 2 {
        problems.push(
            Problem::file(file, "a project file belongs in the folder of its year")
                .help("move it to content/projects/<year>/<slug>.yaml, e.g. content/projects/2024/school-places.yaml"),
        );
        return None;
    }
    let folder = parts[0];
    let year = folder
        .parse::<i16>()
        .ok()
        .filter(|y| folder.len() == 4 && folder.bytes().all(|b| b.is_ascii_digit()) && *y >= 1000);
    let Some(year) = year else {
        problems.push(
            Problem::file(file, format!("the folder `{folder}` is not a year"))
                .help("name each folder under content/projects by its year, e.g. 2024"),
        );
        return None;
    };
    let stem = parts[1]
        .strip_suffix(".yaml")
        .or_else(|| parts[1].strip_suffix(".yml"))
        .unwrap_or(parts[1]);
    if let Some(why) = fields::slug_problem(stem) {
        problems.push(
            Problem::file(file, format!("`{stem}` is not a valid project slug: {why}")).help(
                format!("rename the file to {}.yaml", fields::suggest_slug(stem)),
            ),
        );
        return None;
    }
    Some((year, stem.to_string()))
}

/// Reads one project file.
/// `photo_exists` says whether a file of that name is beside it.
#[allow(clippy::too_many_arguments)]
pub fn parse(
    file: &Path,
    year: i16,
    slug: &str,
    text: &Arc<str>,
    reg: &Registry,
    kinds: &[ProjectKind],
    photo_exists: &dyn Fn(&str) -> bool,
    problems: &mut Problems,
) -> Option<Parsed> {
    let doc = yaml::parse_or_report(file, text, 0..text.len(), problems)?;
    let mut f = Fields {
        file,
        text,
        doc: &doc,
        problems,
    };
    let langs = &reg.languages;
    let map = f.map("", &doc.value, FIELDS)?;
    let title = f
        .required(
            "",
            map,
            "title",
            "{ zh: 新增优质学位, en: New quality school places }",
        )
        .and_then(|v| f.text("title", v, langs, &[]));
    let summary = optional(&mut f, map, "summary", |f, v| {
        f.text("summary", v, langs, &[])
    });
    let cumulative_since = optional(&mut f, map, "cumulative_since", |f, v| since(f, v, year));
    let kind = f
        .required("", map, "kind", "ten-projects")
        .and_then(|v| kind(&mut f, v, kinds));
    let districts = match f.required("", map, "districts", "[city]") {
        Some(_) => list(&mut f, map, "districts", |f, p, v| {
            reg.district_ref(f, p, v)
        }),
        None => None,
    };
    let topics = list(&mut f, map, "topics", |f, p, v| reg.topic_ref(f, p, v));
    let responsible = optional(&mut f, map, "responsible", |f, v| {
        f.text("responsible", v, langs, &[])
    });
    let vote = optional(&mut f, map, "vote", vote);
    let budget = optional(&mut f, map, "budget_cny", budget).map(Option::unwrap_or_default);
    let targets = optional(&mut f, map, "targets", |f, v| targets(f, v, langs))
        .map(Option::unwrap_or_default);
    let status = optional(&mut f, map, "status", |f, v| {
        f.choice("status", v, STATUSES)
    });
    let progress = optional(&mut f, map, "progress", progress);
    let parent = optional(&mut f, map, "parent", |f, v| parent(f, v, year, slug));
    let weight = optional(&mut f, map, "weight", weight).map(|w| w.unwrap_or(1.0));
    let beside = format!("the project's file, in content/projects/{year}/");
    let beside = Beside {
        folder: &beside,
        example: "work-started.jpg",
    };
    let milestones = optional(&mut f, map, "milestones", |f, v| {
        milestones(f, v, reg, photo_exists, &beside)
    })
    .map(Option::unwrap_or_default);
    let story_refs = optional(&mut f, map, "stories", story_refs).map(Option::unwrap_or_default);
    let source = optional(&mut f, map, "source", |f, v| stats::source(f, v, reg));
    if let (Some(Some(ProjectStatus::Completed)), Some(Some(p))) = (status, progress) {
        if p < 100.0 {
            f.error(
                "progress",
                format!("the status is `completed`, but progress is {}%", shown(p)),
                "write `progress: 100`, or give the status the project really has (in-progress, delayed...)",
            );
            return None;
        }
    }
    let spot = |key: &str| map.get(key).filter(|v| !v.is_null()).map(|_| doc.span(key));
    let parent_at = spot("parent");
    let status_at = spot("status");
    let budget = budget?;
    overspend(&mut f, &budget);
    Some(Parsed {
        project: Project {
            year,
            cumulative_since: cumulative_since?,
            slug: slug.to_string(),
            title: title?,
            summary: summary?,
            kind: kind?,
            districts: districts?,
            topics: topics?,
            responsible: responsible?,
            vote: vote?,
            budget,
            targets: targets?,
            status: status?,
            progress: progress?,
            parent: parent?,
            weight: weight?,
            milestones: milestones?,
            stories: Vec::new(),
            source: source?,
            file: file.to_path_buf(),
            derived: Derived::default(),
        },
        text: text.clone(),
        parent_at,
        status_at,
        story_refs: story_refs?,
    })
}

/// An optional field: `Some(None)` when absent, `None` when present but bad.
fn optional<T>(
    f: &mut Fields,
    map: &Mapping,
    key: &str,
    read: impl FnOnce(&mut Fields, &Value) -> Option<T>,
) -> Option<Option<T>> {
    match f.optional(map, key) {
        Some(v) => read(f, v).map(Some),
        None => Some(None),
    }
}

/// The first year of figures that run up to the project's own.
fn since(f: &mut Fields, v: &Value, year: i16) -> Option<i16> {
    let n = f.number("cumulative_since", v, true)?;
    if n > f64::from(year) || n < 1000.0 {
        f.error(
            "cumulative_since",
            format!("`cumulative_since` is {n}, which is not a year up to {year}"),
            format!("give the first year the totals cover, e.g. `cumulative_since: 2019` for figures since 2019 up to {year}"),
        );
        return None;
    }
    Some(n as i16)
}

fn kind(f: &mut Fields, v: &Value, kinds: &[ProjectKind]) -> Option<String> {
    let s = f.string("kind", v)?;
    if kinds.iter().any(|k| k.slug == s) {
        return Some(s);
    }
    let known: Vec<&str> = kinds.iter().map(|k| k.slug.as_str()).collect();
    f.error(
        "kind",
        format!("unknown project kind \"{s}\""),
        unknown_help(
            &s,
            &known,
            "ten-projects and micro are built in; declare others under `project_kinds` in site.yaml",
        ),
    );
    None
}

fn vote(f: &mut Fields, v: &Value) -> Option<Vote> {
    let map = f.map("vote", v, VOTE_FIELDS)?;
    let date = optional(f, map, "date", |f, v| f.date("vote.date", v));
    let mut count = |key: &str| {
        optional(f, map, key, |f, v| {
            f.number(&child("vote", key), v, true).map(|n| n as u64)
        })
    };
    let (for_, against, abstain) = (count("for"), count("against"), count("abstain"));
    Some(Vote {
        date: date?,
        for_: for_?,
        against: against?,
        abstain: abstain?,
    })
}

fn budget(f: &mut Fields, v: &Value) -> Option<Budget> {
    let map = f.map("budget_cny", v, BUDGET_FIELDS)?;
    let mut money = |key: &str| {
        optional(f, map, key, |f, v| {
            f.number(&child("budget_cny", key), v, false)
        })
    };
    let (planned, revised, spent) = (money("planned"), money("revised"), money("spent"));
    Some(Budget {
        planned: planned?,
        revised: revised?,
        spent: spent?,
    })
}

/// Spending above the budget is allowed (it happens, and the site should
/// show it) but is worth a second look before publishing.
fn overspend(f: &mut Fields, budget: &Budget) {
    let Some(spent) = budget.spent else { return };
    let (limit, which) = match (budget.revised, budget.planned) {
        (Some(r), _) => (r, "revised"),
        (None, Some(p)) => (p, "planned"),
        (None, None) => return,
    };
    if spent > limit {
        let span = f.doc.span("budget_cny.spent");
        f.problems.push(
            Problem::at(
                f.file,
                f.text,
                span,
                format!(
                    "{} yuan spent is more than the {which} budget of {} yuan",
                    shown(spent),
                    shown(limit)
                ),
            )
            .help(format!(
                "check both figures; if the spending is right, the pages show it above the budget{}",
                if which == "planned" {
                    ", and a `revised` budget records an approved increase"
                } else {
                    ""
                }
            ))
            .warning(),
        );
    }
}

fn targets(f: &mut Fields, v: &Value, langs: &[String]) -> Option<Vec<Target>> {
    let Some(items) = v.as_sequence() else {
        f.error(
            "targets",
            "`targets` should be a list",
            "write each target as `- { zh: 新增学位, en: New school places, target: 15000, achieved: 15499 }`",
        );
        return None;
    };
    let mut out = Vec::new();
    let mut ok = true;
    for (i, v) in items.iter().enumerate() {
        let path = item("targets", i);
        let Some(name) = f.text(&path, v, langs, TARGET_EXTRA) else {
            ok = false;
            continue;
        };
        let map = v.as_mapping().cloned().unwrap_or_default();
        let unit = optional(f, &map, "unit", |f, v| {
            f.text(&child(&path, "unit"), v, langs, &[])
        });
        let target = optional(f, &map, "target", |f, v| {
            f.number(&child(&path, "target"), v, false)
        });
        let achieved = optional(f, &map, "achieved", |f, v| {
            f.number(&child(&path, "achieved"), v, false)
        });
        match (unit, target, achieved) {
            (Some(unit), Some(target), Some(achieved)) => {
                if target.is_none() && achieved.is_none() {
                    f.error(
                        &path,
                        "this target has neither `target` nor `achieved`",
                        "add the figure set out (`target: 15000`), the figure reached (`achieved: 15499`), or both",
                    );
                    ok = false;
                    continue;
                }
                out.push(Target {
                    name,
                    unit,
                    target,
                    achieved,
                })
            }
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

fn progress(f: &mut Fields, v: &Value) -> Option<f64> {
    let n = match v {
        Value::Number(n) => n.as_f64(),
        _ => None,
    };
    match n {
        Some(p) if (0.0..=100.0).contains(&p) => Some(p),
        Some(p) => {
            f.error(
                "progress",
                format!("progress is a percentage from 0 to 100, not {}", shown(p)),
                "write how far the project has got, e.g. `progress: 65`; leave it out to take it from the items or the status",
            );
            None
        }
        None => {
            f.error(
                "progress",
                "`progress` should be a number from 0 to 100",
                "write digits only, without `%`, e.g. `progress: 65`",
            );
            None
        }
    }
}

fn weight(f: &mut Fields, v: &Value) -> Option<f64> {
    let w = f.number("weight", v, false)?;
    if w == 0.0 {
        f.error(
            "weight",
            "`weight` must be more than 0",
            "give the item's share in its parent's progress, e.g. `weight: 2`; an item that no longer counts is `status: cancelled`",
        );
        return None;
    }
    Some(w)
}

/// A parent is a slug of the same year; `2023/x` names another year's,
/// which is refused here rather than reported as unknown.
fn parent(f: &mut Fields, v: &Value, year: i16, slug: &str) -> Option<String> {
    let s = f.string("parent", v)?;
    if let Some((other, _)) = s.split_once('/') {
        if other != year.to_string() {
            f.error(
                "parent",
                format!("the parent `{s}` is in {other}, not in {year}"),
                format!("an item belongs to a project of its own year: move this file to content/projects/{other}/, or name a parent in content/projects/{year}/"),
            );
            return None;
        }
    }
    let s = s.rsplit('/').next().unwrap_or(&s).to_string();
    if s == slug {
        f.error(
            "parent",
            format!("`{slug}` names itself as its parent"),
            "name the project this one is an item of, or remove `parent`",
        );
        return None;
    }
    if let Some(why) = fields::slug_problem(&s) {
        f.error(
            "parent",
            format!("`{s}` is not a project slug: {why}"),
            format!(
                "write the file name of the parent without `.yaml`, e.g. `{}`",
                fields::suggest_slug(&s)
            ),
        );
        return None;
    }
    Some(s)
}

fn milestones(
    f: &mut Fields,
    v: &Value,
    reg: &Registry,
    photo_exists: &dyn Fn(&str) -> bool,
    beside: &Beside,
) -> Option<Vec<Milestone>> {
    let Some(items) = v.as_sequence() else {
        f.error(
            "milestones",
            "`milestones` should be a list",
            "write each as `- { date: 2024-03-01, title: { zh: 开工, en: Work started } }`",
        );
        return None;
    };
    let mut out: Vec<Milestone> = Vec::new();
    let mut ok = true;
    for (i, v) in items.iter().enumerate() {
        let path = item("milestones", i);
        let Some(map) = f.map(&path, v, MILESTONE_FIELDS) else {
            ok = false;
            continue;
        };
        let line = line_column(f.text, f.doc.span(&path).start).0;
        let date = f
            .required(&path, map, "date", "2024-03-01")
            .and_then(|d| event_date(f, &child(&path, "date"), d));
        let title = f
            .required(&path, map, "title", "{ zh: 开工, en: Work started }")
            .and_then(|t| f.text(&child(&path, "title"), t, &reg.languages, &[]));
        let source = optional(f, map, "source", |f, v| stats::source(f, v, reg));
        let photo = optional(f, map, "photo", |f, v| {
            photo(
                f,
                &child(&path, "photo"),
                v,
                &reg.languages,
                photo_exists,
                beside,
            )
        });
        let (Some(date), Some(title), Some(source), Some(photo)) = (date, title, source, photo)
        else {
            ok = false;
            continue;
        };
        // Only what is known is compared: a month may hold the day before.
        if let Some(before) = out.iter().rev().find(|m| !m.date.may_precede(&date)) {
            let shown = |d: &EventDate| d.iso().unwrap_or_else(|| "unknown".into());
            f.error(
                &child(&path, "date"),
                format!(
                    "this milestone ({}) comes after one dated {}",
                    shown(&date),
                    shown(&before.date)
                ),
                "list milestones in the order they happened, earliest first",
            );
            ok = false;
            continue;
        }
        out.push(Milestone {
            date,
            title,
            source,
            photo,
            line,
        });
    }
    ok.then_some(out)
}

fn story_refs(f: &mut Fields, v: &Value) -> Option<Vec<(String, Range<usize>)>> {
    let items: Vec<(String, Value)> = match v {
        Value::Sequence(s) => s
            .iter()
            .enumerate()
            .map(|(i, v)| (item("stories", i), v.clone()))
            .collect(),
        Value::String(_) => vec![("stories".to_string(), v.clone())],
        _ => {
            f.error(
                "stories",
                "`stories` should be a list",
                "write `stories: [\"@/stories/2024-04-09-livelihood-vote.md\"]`",
            );
            return None;
        }
    };
    let mut out = Vec::new();
    for (path, v) in items {
        let s = f.nonempty(&path, &v)?;
        out.push((s, f.doc.span(&path)));
    }
    Some(out)
}

/// The story slug a reference such as `@/stories/2024-04-09-vote.md` or
/// `@/stories/deputy-forest/index.md` names, if it names one.
fn story_slug(reference: &str) -> Option<String> {
    let rest = reference.strip_prefix("@/stories/")?;
    let rest = rest.strip_prefix("content/stories/").unwrap_or(rest);
    let parts: Vec<&str> = rest.split('/').collect();
    let stem = match parts.as_slice() {
        [file] => file.split('.').next()?,
        [bundle, index] if index.starts_with("index.") => bundle,
        _ => return None,
    };
    parse_name(stem).ok().map(|n| n.slug)
}

/// The checks across project files, then the figures each parent takes
/// from its items. Returns the projects, newest year first, then by slug.
pub fn link(parsed: Vec<Parsed>, stories: &[Story], problems: &mut Problems) -> Vec<Project> {
    let mut parsed = parsed;
    parsed.sort_by(|a, b| {
        (b.project.year.cmp(&a.project.year)).then_with(|| a.project.slug.cmp(&b.project.slug))
    });
    let ids: BTreeMap<(i16, String), usize> = parsed
        .iter()
        .enumerate()
        .map(|(i, p)| ((p.project.year, p.project.slug.clone()), i))
        .collect();
    let mut bad_parent = vec![false; parsed.len()];
    for (i, p) in parsed.iter().enumerate() {
        let (Some(parent), Some(at)) = (&p.project.parent, &p.parent_at) else {
            continue;
        };
        let year = p.project.year;
        if ids.contains_key(&(year, parent.clone())) {
            continue;
        }
        bad_parent[i] = true;
        let elsewhere: Vec<i16> = ids
            .keys()
            .filter(|(_, s)| s == parent)
            .map(|(y, _)| *y)
            .collect();
        let problem = if let Some(other) = elsewhere.first() {
            Problem::at(
                &p.project.file,
                &p.text,
                at.clone(),
                format!("the parent `{parent}` is in {other}, not in {year}"),
            )
            .help(format!("an item belongs to a project of its own year: move this file to content/projects/{other}/, or name a parent in content/projects/{year}/"))
        } else {
            let same_year: Vec<&str> = ids
                .keys()
                .filter(|(y, s)| *y == year && *s != p.project.slug)
                .map(|(_, s)| s.as_str())
                .collect();
            Problem::at(
                &p.project.file,
                &p.text,
                at.clone(),
                format!("unknown parent project \"{parent}\" in {year}"),
            )
            .help(unknown_help(
                parent,
                &same_year,
                &format!("a parent is a file in content/projects/{year}/, named without `.yaml`"),
            ))
        };
        problems.push(problem);
    }
    // A cycle is reported once, at the member listed first.
    let parent_of = |i: usize| -> Option<usize> {
        let p = &parsed[i].project;
        ids.get(&(p.year, p.parent.clone()?)).copied()
    };
    let mut in_cycle = vec![false; parsed.len()];
    for start in 0..parsed.len() {
        let mut path = vec![start];
        let mut at = start;
        while let Some(next) = parent_of(at) {
            if next == start {
                if path.iter().all(|&i| i >= start) {
                    let names: Vec<&str> = path
                        .iter()
                        .chain(std::iter::once(&start))
                        .map(|&i| parsed[i].project.slug.as_str())
                        .collect();
                    let p = &parsed[start];
                    problems.push(
                        Problem::at(
                            &p.project.file,
                            &p.text,
                            p.parent_at.clone().unwrap_or(0..0),
                            format!("these projects are each other's parents: {}", names.join(" → ")),
                        )
                        .help("an item's parent is the larger project it belongs to: remove `parent` from the one that is not an item"),
                    );
                }
                for &i in &path {
                    in_cycle[i] = true;
                }
                break;
            }
            if path.contains(&next) {
                break;
            }
            path.push(next);
            at = next;
        }
    }
    for p in &mut parsed {
        let mut slugs = Vec::new();
        for (reference, at) in &p.story_refs {
            let slug = story_slug(reference);
            let found = slug
                .as_ref()
                .filter(|s| stories.iter().any(|st| &st.slug == *s));
            match found {
                Some(s) => {
                    if !slugs.contains(s) {
                        slugs.push(s.clone());
                    }
                }
                None => {
                    let known: Vec<&str> = stories.iter().map(|s| s.slug.as_str()).collect();
                    let near = slug
                        .as_deref()
                        .and_then(|s| closest(s, known.iter().copied()));
                    let help = match near {
                        Some(n) => format!("did you mean the story `{n}`? link a story by its file, e.g. \"@/stories/2024-04-09-livelihood-vote.md\""),
                        None => "link a story by its file, e.g. \"@/stories/2024-04-09-livelihood-vote.md\" or \"@/stories/deputy-forest/index.md\"".to_string(),
                    };
                    problems.push(
                        Problem::at(
                            &p.project.file,
                            &p.text,
                            at.clone(),
                            format!("`{reference}` is not a story of this site"),
                        )
                        .help(help),
                    );
                }
            }
        }
        p.project.stories = slugs;
    }
    if bad_parent.iter().any(|b| *b) || in_cycle.iter().any(|c| *c) {
        return Vec::new();
    }
    let mut projects: Vec<Project> = Vec::with_capacity(parsed.len());
    let mut status_at = Vec::with_capacity(parsed.len());
    for p in parsed {
        status_at.push((p.text, p.status_at));
        projects.push(p.project);
    }
    derive(&mut projects);
    for (p, (text, at)) in projects.iter().zip(status_at) {
        let from_items = p
            .derived
            .progress
            .filter(|f| matches!(f.basis, Basis::Items(_)));
        if let (Some(ProjectStatus::Completed), Some(progress), Some(at)) =
            (p.status, from_items, at)
        {
            if progress.value < 100.0 {
                problems.push(
                    Problem::at(
                        &p.file,
                        &text,
                        at,
                        format!(
                            "the status is `completed`, but its items are {}% done by weight",
                            shown(progress.value)
                        ),
                    )
                    .help("bring the items' status or progress up to date, or give this project the status it really has"),
                );
            }
        }
    }
    projects
}

/// Works out each project's [`Derived`] figures, items before parents.
/// The parents must exist and form no cycle.
pub fn derive(projects: &mut [Project]) {
    let index: BTreeMap<(i16, String), usize> = projects
        .iter()
        .enumerate()
        .map(|(i, p)| ((p.year, p.slug.clone()), i))
        .collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); projects.len()];
    for (i, p) in projects.iter().enumerate() {
        if let Some(&parent) = p
            .parent
            .as_ref()
            .and_then(|s| index.get(&(p.year, s.clone())))
        {
            children[parent].push(i);
        }
    }
    for list in &mut children {
        list.sort_by(|&a, &b| projects[a].slug.cmp(&projects[b].slug));
    }
    let mut done: Vec<Option<Derived>> = vec![None; projects.len()];
    for i in 0..projects.len() {
        derive_one(i, projects, &children, &mut done);
    }
    for (p, d) in projects.iter_mut().zip(done) {
        p.derived = d.unwrap_or_default();
    }
}

fn derive_one(
    i: usize,
    projects: &[Project],
    children: &[Vec<usize>],
    done: &mut Vec<Option<Derived>>,
) {
    if done[i].is_some() {
        return;
    }
    for &c in &children[i] {
        derive_one(c, projects, children, done);
    }
    let p = &projects[i];
    let items: Vec<(&Project, &Derived)> = children[i]
        .iter()
        .map(|&c| (&projects[c], done[c].as_ref().expect("items come first")))
        .collect();
    let money = |given: Option<f64>, of: fn(&Derived) -> Option<Figure>| {
        given
            .map(|value| Figure {
                value,
                basis: Basis::Given,
            })
            .or_else(|| sum(items.iter().filter_map(|(_, d)| of(d))))
    };
    let derived = Derived {
        progress: progress_of(p, &items),
        planned: money(p.budget.planned, |d| d.planned),
        revised: money(p.budget.revised, |d| d.revised),
        spent: money(p.budget.spent, |d| d.spent),
        targets: targets_of(p, &items),
        items: children[i]
            .iter()
            .map(|&c| projects[c].slug.clone())
            .collect(),
    };
    done[i] = Some(derived);
}

/// Given; else the weighted mean of the items that are not cancelled, when
/// each of them has a progress; else what the status says.
fn progress_of(p: &Project, items: &[(&Project, &Derived)]) -> Option<Figure> {
    if let Some(value) = p.progress {
        return Some(Figure {
            value,
            basis: Basis::Given,
        });
    }
    let counted: Vec<(f64, Option<Figure>)> = items
        .iter()
        .filter(|(item, _)| item.status != Some(ProjectStatus::Cancelled))
        .map(|(item, d)| (item.weight, d.progress))
        .collect();
    if !counted.is_empty() && counted.iter().all(|(_, f)| f.is_some()) {
        let total: f64 = counted.iter().map(|(w, _)| w).sum();
        let weighted: f64 = counted
            .iter()
            .map(|(w, f)| w * f.map_or(0.0, |f| f.value))
            .sum();
        return Some(Figure {
            value: round_to(weighted / total, 1),
            basis: Basis::Items(counted.len()),
        });
    }
    let value = match p.status? {
        ProjectStatus::Planned => 0.0,
        ProjectStatus::Completed => 100.0,
        _ => return None,
    };
    Some(Figure {
        value,
        basis: Basis::Status,
    })
}

/// The sum of the figures the items have, to the fen; `None` when none has.
fn sum(figures: impl Iterator<Item = Figure>) -> Option<Figure> {
    let values: Vec<f64> = figures.map(|f| f.value).collect();
    (!values.is_empty()).then(|| Figure {
        value: round_to(values.iter().sum(), 2),
        basis: Basis::Items(values.len()),
    })
}

/// Targets are matched across items by name (in every language) and unit.
fn targets_of(p: &Project, items: &[(&Project, &Derived)]) -> Vec<DerivedTarget> {
    let same =
        |a: &DerivedTarget, name: &Text, unit: &Option<Text>| a.name == *name && a.unit == *unit;
    let mut out: Vec<DerivedTarget> = p
        .targets
        .iter()
        .map(|t| DerivedTarget {
            name: t.name.clone(),
            unit: t.unit.clone(),
            target: t.target.map(|value| Figure {
                value,
                basis: Basis::Given,
            }),
            achieved: t.achieved.map(|value| Figure {
                value,
                basis: Basis::Given,
            }),
        })
        .collect();
    let mut from_items: Vec<DerivedTarget> = Vec::new();
    for (_, d) in items {
        for t in &d.targets {
            if !from_items.iter().any(|o| same(o, &t.name, &t.unit)) {
                from_items.push(DerivedTarget {
                    name: t.name.clone(),
                    unit: t.unit.clone(),
                    target: None,
                    achieved: None,
                });
            }
        }
    }
    for shell in from_items {
        let matching: Vec<&DerivedTarget> = items
            .iter()
            .flat_map(|(_, d)| d.targets.iter())
            .filter(|t| same(t, &shell.name, &shell.unit))
            .collect();
        let target = sum(matching.iter().filter_map(|t| t.target));
        let achieved = sum(matching.iter().filter_map(|t| t.achieved));
        match out.iter_mut().find(|o| same(o, &shell.name, &shell.unit)) {
            Some(own) => {
                own.target = own.target.or(target);
                own.achieved = own.achieved.or(achieved);
            }
            None => out.push(DerivedTarget {
                target,
                achieved,
                ..shell
            }),
        }
    }
    out
}

/// A number as an editor would write it: 65, 65.5.
fn shown(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// The files of `content/projects`, relative to the site root.
pub fn files(listed: Vec<PathBuf>) -> Vec<PathBuf> {
    let dir = Path::new("content/projects");
    listed.into_iter().map(|f| dir.join(f)).collect()
}

/// Reads every project file, then links parents, items and stories. Other
/// files in a year's folder are the photos its milestones name; any other
/// file is warned of, as one that nothing uses.
pub(super) fn load(
    root: &Path,
    reg: &Registry,
    config: &Config,
    stories: &[Story],
    problems: &mut Problems,
) -> Vec<crate::model::Project> {
    let dir = Path::new("content/projects");
    let (yaml, others): (Vec<PathBuf>, Vec<PathBuf>) = files(list_files(root, dir, problems))
        .into_iter()
        .partition(|f| is_yaml(f));
    let kinds = config.all_project_kinds();
    // The photos some milestone names, found even where the rest of its
    // file has problems: such a photo is not "a file nothing uses".
    let named = std::sync::Mutex::new(std::collections::BTreeSet::new());
    let parsed = parse_all(&yaml, problems, |shown, p| {
        let (year, slug) = place(shown, p)?;
        let text = read(root, shown, p)?;
        let folder = shown.parent().unwrap_or(dir);
        let exists = |src: &str| {
            let file = folder.join(src);
            let found = others.contains(&file);
            if found {
                named.lock().unwrap_or_else(|e| e.into_inner()).insert(file);
            }
            found
        };
        parse(shown, year, &slug, &text, reg, &kinds, &exists, p)
    });
    let named = named.into_inner().unwrap_or_else(|e| e.into_inner());
    for f in others.iter().filter(|f| !named.contains(*f)) {
        problems.push(
            Problem::file(f, "this file is not read")
                .help("project files end in .yaml: content/projects/<year>/<slug>.yaml; other files here are the photos milestones name in `photo.src`")
                .warning(),
        );
    }
    link(parsed, stories, problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Area;
    use std::collections::BTreeMap as Map;

    fn text(zh: &str) -> Text {
        Text(Map::from([("zh".to_string(), zh.to_string())]))
    }

    fn project(slug: &str, parent: Option<&str>) -> Project {
        Project {
            year: 2024,
            cumulative_since: None,
            slug: slug.into(),
            title: text(slug),
            summary: None,
            kind: "ten-projects".into(),
            districts: vec![Area::City],
            topics: vec![],
            responsible: None,
            vote: None,
            budget: Budget::default(),
            targets: vec![],
            status: None,
            progress: None,
            parent: parent.map(String::from),
            weight: 1.0,
            milestones: vec![],
            stories: vec![],
            source: None,
            file: PathBuf::from(format!("content/projects/2024/{slug}.yaml")),
            derived: Derived::default(),
        }
    }

    fn target(name: &str, target: Option<f64>, achieved: Option<f64>) -> Target {
        Target {
            name: text(name),
            unit: None,
            target,
            achieved,
        }
    }

    #[test]
    fn a_parent_takes_the_weighted_progress_and_the_sums_of_its_items() {
        let mut parent = project("schools", None);
        parent.targets = vec![target("学位", Some(15000.0), None)];
        parent.budget.planned = Some(1_000_000.0);
        let mut a = project("a", Some("schools"));
        a.progress = Some(50.0);
        a.weight = 1.0;
        a.budget = Budget {
            planned: Some(300_000.0),
            revised: None,
            spent: Some(100_000.10),
        };
        a.targets = vec![target("学位", Some(6000.0), Some(6100.0))];
        let mut b = project("b", Some("schools"));
        b.progress = Some(75.0);
        b.weight = 2.0;
        b.budget = Budget {
            planned: Some(700_000.0),
            revised: None,
            spent: Some(200_000.20),
        };
        b.targets = vec![
            target("学位", Some(9000.0), Some(9399.0)),
            target("食堂", None, Some(2.0)),
        ];
        let mut c = project("c", Some("schools"));
        c.status = Some(ProjectStatus::Cancelled);
        let mut all = vec![parent, a, b, c];
        derive(&mut all);
        let d = &all[0].derived;
        // (1 × 50 + 2 × 75) / 3 = 66.666… → 66.7; the cancelled item is left out.
        assert_eq!(
            d.progress,
            Some(Figure {
                value: 66.7,
                basis: Basis::Items(2)
            })
        );
        assert_eq!(
            d.planned,
            Some(Figure {
                value: 1_000_000.0,
                basis: Basis::Given
            }),
            "a figure the parent gives is its own"
        );
        // 100000.10 + 200000.20 is 300000.30000000005 in binary floating point.
        assert_eq!(
            d.spent,
            Some(Figure {
                value: 300_000.3,
                basis: Basis::Items(2)
            })
        );
        assert_eq!(d.revised, None);
        assert_eq!(d.targets.len(), 2);
        assert_eq!(
            d.targets[0].target,
            Some(Figure {
                value: 15000.0,
                basis: Basis::Given
            })
        );
        assert_eq!(
            d.targets[0].achieved,
            Some(Figure {
                value: 15499.0,
                basis: Basis::Items(2)
            })
        );
        assert_eq!(d.targets[1].name, text("食堂"));
        assert_eq!(d.targets[1].target, None);
        assert_eq!(d.items, ["a", "b", "c"]);
    }

    #[test]
    fn progress_comes_from_the_status_when_nothing_else_says() {
        let mut p = project("p", None);
        p.status = Some(ProjectStatus::Completed);
        let mut q = project("q", None);
        q.status = Some(ProjectStatus::InProgress);
        let mut r = project("r", None);
        r.status = Some(ProjectStatus::Planned);
        let mut all = vec![p, q, r];
        derive(&mut all);
        assert_eq!(
            all[0].derived.progress.map(|f| (f.value, f.basis)),
            Some((100.0, Basis::Status))
        );
        assert_eq!(all[1].derived.progress, None, "in progress says no number");
        assert_eq!(all[2].derived.progress.map(|f| f.value), Some(0.0));
    }

    #[test]
    fn an_item_without_progress_leaves_the_parent_to_its_status() {
        let mut parent = project("p", None);
        parent.status = Some(ProjectStatus::InProgress);
        let mut a = project("a", Some("p"));
        a.progress = Some(40.0);
        let b = project("b", Some("p"));
        let mut all = vec![parent, a, b];
        derive(&mut all);
        assert_eq!(all[0].derived.progress, None);
    }

    #[test]
    fn nested_items_add_up_level_by_level() {
        let top = project("top", None);
        let mut mid = project("mid", Some("top"));
        mid.weight = 3.0;
        let mut leaf1 = project("leaf1", Some("mid"));
        leaf1.progress = Some(100.0);
        leaf1.budget.planned = Some(1.0);
        let mut leaf2 = project("leaf2", Some("mid"));
        leaf2.progress = Some(0.0);
        leaf2.budget.planned = Some(2.0);
        let mut other = project("other", Some("top"));
        other.progress = Some(20.0);
        let mut all = vec![leaf2, top, leaf1, other, mid];
        derive(&mut all);
        let top = all.iter().find(|p| p.slug == "top").unwrap();
        // mid is 50%, weighted 3; other 20%, weighted 1: (150 + 20) / 4 = 42.5.
        assert_eq!(top.derived.progress.map(|f| f.value), Some(42.5));
        assert_eq!(
            top.derived.planned,
            Some(Figure {
                value: 3.0,
                basis: Basis::Items(1)
            }),
            "the sum of the one item (mid) that has the figure"
        );
    }

    #[test]
    fn rounding_is_half_away_from_zero_as_written() {
        assert_eq!(round_to(66.65, 1), 66.7);
        assert_eq!(round_to(0.125, 2), 0.13);
        assert_eq!(round_to(1.005, 2), 1.01);
        assert_eq!(round_to(100.0 / 3.0, 1), 33.3);
        assert_eq!(round_to(200.0 / 3.0, 1), 66.7);
    }

    #[test]
    fn story_references_name_their_slug() {
        assert_eq!(
            story_slug("@/stories/2024-04-09-livelihood-vote.md").as_deref(),
            Some("livelihood-vote")
        );
        assert_eq!(
            story_slug("@/stories/deputy-forest/index.md").as_deref(),
            Some("deputy-forest")
        );
        assert_eq!(story_slug("@/pages/about.md"), None);
        assert_eq!(story_slug("stories/x.md"), None);
    }
}
