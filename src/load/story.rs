//! Case stories: one Markdown file per language with YAML front matter.
//!
//! The default-language file holds every field. A translation carries only
//! what is translated (title, summary, image alt text and the body), so a
//! district or a date can never disagree between languages; a translation
//! that repeats a field with a different value is an error.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_yaml::{Mapping, Value};

use super::event_date::event_date;
use super::fields::{parse_date, Fields};
use super::registry::Registry;
use super::source::split_front_matter;
use super::yaml::{self, child, item, Doc};
use crate::model::{
    Body, Case, CaseStatus, Date, EventDate, Image, Rating, Stage, Story, StoryText,
};
use crate::problem::Problems;

const FIELDS: &[&str] = &[
    "title", "date", "district", "town", "topics", "deputies", "summary", "image", "draft", "case",
];
const TRANSLATED: &[&str] = &["title", "summary", "image", "translated_from"];
const IMAGE_FIELDS: &[&str] = &["src", "alt", "credit"];
const CASE_FIELDS: &[&str] = &[
    "status",
    "reported",
    "collected",
    "dispatched",
    "handled",
    "answered",
    "rated",
    "rating",
    "funding_cny",
];
const STATUSES: &[(&str, CaseStatus)] = &[
    ("reported", CaseStatus::Reported),
    ("in-progress", CaseStatus::InProgress),
    ("resolved", CaseStatus::Resolved),
    ("not-adopted", CaseStatus::NotAdopted),
];
const RATINGS: &[(&str, Rating)] = &[
    ("satisfied", Rating::Satisfied),
    ("basically-satisfied", Rating::BasicallySatisfied),
    ("dissatisfied", Rating::Dissatisfied),
];

/// What a story's file name says: its slug, and perhaps its date.
#[derive(Debug)]
pub struct Name {
    pub slug: String,
    pub date: Option<Date>,
}

/// Splits a `YYYY-MM-DD-` prefix off a file stem or bundle name. A prefix
/// that looks like a date but is not one is an error, not part of the slug.
pub fn parse_name(stem: &str) -> Result<Name, String> {
    let b = stem.as_bytes();
    let looks_dated = b.len() > 11
        && b[10] == b'-'
        && b[4] == b'-'
        && b[7] == b'-'
        && [0, 1, 2, 3, 5, 6, 8, 9]
            .iter()
            .all(|&i| b[i].is_ascii_digit());
    if !looks_dated {
        return Ok(Name {
            slug: stem.to_string(),
            date: None,
        });
    }
    let date = parse_date(&stem[..10])?;
    Ok(Name {
        slug: stem[11..].to_string(),
        date: Some(date),
    })
}

/// The default-language file of a story, parsed, with its raw fields kept
/// for comparison with its translations.
pub struct Original {
    pub story: Story,
    raw: Mapping,
    file: PathBuf,
}

/// A translation, before it is matched with its original.
pub struct Translation {
    pub lang: String,
    pub text: StoryText,
    /// Front matter fields other than the translated ones, to compare.
    others: Vec<(String, Value)>,
    image_others: Vec<(String, Value)>,
    file: PathBuf,
    source: Arc<str>,
    doc: Doc,
}

/// Where a story's files sit and what its name says.
pub struct Place<'a> {
    pub file: &'a Path,
    pub name: &'a Name,
    pub bundle: Option<PathBuf>,
    pub assets: Vec<PathBuf>,
    /// Whether an image path (relative to the bundle, or to `static/`) exists.
    pub image_exists: &'a (dyn Fn(&str) -> bool + Sync),
}

fn front(file: &Path, text: &Arc<str>, problems: &mut Problems) -> Option<(Doc, Body)> {
    let split = match split_front_matter(text, file) {
        Ok(s) => s,
        Err(p) => {
            problems.push(p);
            return None;
        }
    };
    let doc = yaml::parse_or_report(file, text, split.front, problems)?;
    Some((doc, Body::new(text.clone(), split.body.start)))
}

pub fn parse_original(
    place: Place,
    text: &Arc<str>,
    reg: &Registry,
    problems: &mut Problems,
) -> Option<Original> {
    let file = place.file;
    let (doc, body) = front(file, text, problems)?;
    let mut f = Fields {
        file,
        text,
        doc: &doc,
        problems,
    };
    let map = f.map("", &doc.value, FIELDS)?;
    let title = f
        .required("", map, "title", "人大代表林在龙舟山扎根")
        .and_then(|v| f.nonempty("title", v));
    let date = match (f.optional(map, "date"), place.name.date) {
        (Some(v), Some(named)) => f.date("date", v).and_then(|date| {
            if date == named {
                return Some(date);
            }
            f.error(
                "date",
                format!("the date {date} contradicts the file name, which says {named}"),
                format!("make them agree: write `date: {named}`, or rename the file to start with {date}-"),
            );
            None
        }),
        (Some(v), None) => f.date("date", v),
        (None, Some(d)) => Some(d),
        (None, None) => f.required("", map, "date", "2024-03-12").and(None),
    };
    let district = f
        .required("", map, "district", "pengjiang")
        .and_then(|v| reg.district_ref(&mut f, "district", v));
    let town = match (f.optional(map, "town"), &district) {
        (Some(v), Some(d)) => reg.town_ref(&mut f, "town", v, d.slug()).map(Some),
        (Some(_), None) => None,
        (None, _) => Some(None),
    };
    let topics = list(&mut f, map, "topics", |f, p, v| reg.topic_ref(f, p, v));
    let deputies = match f.optional(map, "deputies") {
        Some(v) => f.strings("deputies", v),
        None => Some(Vec::new()),
    };
    if let (Some(list), Some(known), Some(v)) =
        (&deputies, &reg.deputy_names, f.optional(map, "deputies"))
    {
        let single = !matches!(v, Value::Sequence(_));
        for (i, name) in list.iter().enumerate() {
            if known.iter().any(|(slug, n)| slug == name || n == name) {
                continue;
            }
            let path = if single {
                "deputies".to_string()
            } else {
                item("deputies", i)
            };
            let names: Vec<&str> = known.iter().map(|(_, n)| n.as_str()).collect();
            f.warn(
                &path,
                format!("no deputy file is named \"{name}\"; the name is shown as text"),
                format!(
                    "write a deputy's slug or exact name (known: {}), or add content/deputies/<slug>.yaml for them",
                    names.join(", ")
                ),
            );
        }
    }
    let summary = opt_text(&mut f, map, "summary");
    let image = match f.optional(map, "image") {
        Some(v) => image(&mut f, v, place.image_exists).map(Some),
        None => Some(None),
    };
    let draft = match f.optional(map, "draft") {
        Some(v) => f.bool("draft", v),
        None => Some(false),
    };
    let case = match f.optional(map, "case") {
        Some(v) => case(&mut f, v).map(Some),
        None => Some(None),
    };
    let image = image?;
    let text = StoryText {
        title: title?,
        summary: summary?,
        image_alt: image.as_ref().map(|i: &Image| i.alt.clone()),
        body,
        source: file.to_path_buf(),
        translated_from: None,
        freshness: None,
    };
    let story = Story {
        slug: place.name.slug.clone(),
        date: date?,
        district: district?,
        town: town?,
        topics: topics?,
        deputies: deputies?,
        image,
        draft: draft?,
        case: case?,
        bundle: place.bundle,
        assets: place.assets,
        texts: BTreeMap::from([(reg.default_language().to_string(), text)]),
    };
    Some(Original {
        story,
        raw: map.clone(),
        file: file.to_path_buf(),
    })
}

pub fn parse_translation(
    file: &Path,
    lang: &str,
    text: &Arc<str>,
    problems: &mut Problems,
) -> Option<Translation> {
    let (doc, body) = front(file, text, problems)?;
    let mut all: Vec<&str> = FIELDS.to_vec();
    all.push("translated_from");
    let mut f = Fields {
        file,
        text,
        doc: &doc,
        problems,
    };
    let map = f.map("", &doc.value, &all)?.clone();
    let title = f
        .required("", &map, "title", "The deputies' forest takes root")
        .and_then(|v| f.nonempty("title", v));
    let summary = opt_text(&mut f, &map, "summary");
    let translated_from = opt_text(&mut f, &map, "translated_from");
    let mut image_others = Vec::new();
    let image_alt = match f.optional(&map, "image") {
        Some(v) => f.map("image", v, IMAGE_FIELDS).and_then(|m| {
            image_others = m
                .iter()
                .filter(|(k, _)| k.as_str() != Some("alt"))
                .map(|(k, v)| (k.as_str().unwrap_or("").to_string(), v.clone()))
                .collect();
            m.get("alt")
                .and_then(|a| f.nonempty("image.alt", a))
                .map(Some)
        }),
        None => Some(None),
    };
    let others = map
        .iter()
        .filter_map(|(k, v)| Some((k.as_str()?.to_string(), v.clone())))
        .filter(|(k, _)| !TRANSLATED.contains(&k.as_str()) && all.contains(&k.as_str()))
        .collect();
    let translated = StoryText {
        title: title?,
        summary: summary?,
        image_alt: image_alt?,
        body,
        source: file.to_path_buf(),
        translated_from: super::fingerprint::recorded(text, &doc, translated_from?),
        freshness: None,
    };
    Some(Translation {
        lang: lang.to_string(),
        text: translated,
        others,
        image_others,
        file: file.to_path_buf(),
        source: text.clone(),
        doc,
    })
}

impl Translation {
    pub fn file(&self) -> &Path {
        &self.file
    }
}

/// Adds a translation to its original, reporting every field it sets
/// differently.
pub fn attach(original: &mut Original, tr: Translation, problems: &mut Problems) {
    let orig_file = original.file.clone();
    let mut f = Fields {
        file: &tr.file,
        text: &tr.source,
        doc: &tr.doc,
        problems,
    };
    for (key, value) in &tr.others {
        let theirs = original.raw.get(key.as_str());
        if theirs != Some(value) {
            let was = match theirs {
                Some(v) => format!("{} says {}", orig_file.display(), show(v)),
                None => format!("{} does not set it", orig_file.display()),
            };
            f.key_error(key, format!("`{key}` differs from the original ({was})"), "remove it here: only title, summary, image.alt and the text are translated; every other field lives in the original");
        }
    }
    let orig_image = original.raw.get("image").and_then(Value::as_mapping);
    for (key, value) in &tr.image_others {
        if orig_image.and_then(|m| m.get(key.as_str())) != Some(value) {
            f.key_error(
                &child("image", key),
                format!("`image.{key}` differs from the original"),
                "remove it here: a translation sets only `image.alt`",
            );
        }
    }
    if tr.text.image_alt.is_some() && original.story.image.is_none() {
        f.key_error(
            "image",
            "this translation describes an image, but the original has none",
            "add the image to the original, or remove `image` here",
        );
    }
    original.story.texts.insert(tr.lang, tr.text);
}

fn show(v: &Value) -> String {
    serde_yaml::to_string(v)
        .map(|s| s.trim().replace('\n', " "))
        .unwrap_or_default()
}

fn opt_text(f: &mut Fields, map: &Mapping, key: &str) -> Option<Option<String>> {
    match f.optional(map, key) {
        Some(v) => f.nonempty(key, v).map(Some),
        None => Some(None),
    }
}

pub(super) fn list<T: PartialEq>(
    f: &mut Fields,
    map: &Mapping,
    key: &str,
    check: impl Fn(&mut Fields, &str, &Value) -> Option<T>,
) -> Option<Vec<T>> {
    let Some(v) = f.optional(map, key) else {
        return Some(Vec::new());
    };
    let items: Vec<Value> = match v {
        Value::Sequence(s) => s.clone(),
        Value::String(_) => vec![v.clone()],
        _ => {
            f.error(
                key,
                format!("`{key}` should be a list"),
                format!("write `{key}: [a, b]`"),
            );
            return None;
        }
    };
    let mut out = Vec::new();
    let mut ok = true;
    for (i, v) in items.iter().enumerate() {
        let path = if matches!(v, Value::String(_))
            && !matches!(f.optional(map, key), Some(Value::Sequence(_)))
        {
            key.to_string()
        } else {
            item(key, i)
        };
        match check(f, &path, v) {
            Some(s) if out.contains(&s) => {}
            Some(s) => out.push(s),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn image(f: &mut Fields, v: &Value, exists: &(dyn Fn(&str) -> bool + Sync)) -> Option<Image> {
    let map = f.map("image", v, IMAGE_FIELDS)?;
    let src = f
        .required("image", map, "src", "forest.jpg")
        .and_then(|s| f.nonempty("image.src", s));
    let alt = f
        .required("image", map, "alt", "新种下的树苗")
        .and_then(|s| f.nonempty("image.alt", s));
    let credit = opt_text(f, map, "credit");
    let src = src.and_then(|s| {
        if let Some(why) = unsafe_path(&s) {
            f.error("image.src", format!("image path `{s}` {why}"), "give a path inside the story's bundle folder, or inside static/");
            return None;
        }
        if !exists(&s) {
            f.error("image.src", format!("image `{s}` does not exist"), "put the file in the story's bundle folder (or static/ for a single-file story), or correct the name");
            return None;
        }
        Some(s)
    });
    Some(Image {
        src: src?,
        alt: alt?,
        credit: credit?,
    })
}

/// Why a path from an editor could reach outside its folder, if it could.
pub fn unsafe_path(s: &str) -> Option<&'static str> {
    if s.contains("://") || s.starts_with("//") || s.starts_with("data:") {
        return Some("points to another site; residents' pages load nothing from other hosts");
    }
    if s.starts_with('/') || s.starts_with('\\') || s.contains(':') {
        return Some("is absolute");
    }
    if s.split(['/', '\\']).any(|part| part == "..") {
        return Some("leads out of its folder with `..`");
    }
    None
}

fn case(f: &mut Fields, v: &Value) -> Option<Case> {
    let map = f.map("case", v, CASE_FIELDS)?;
    let status = f
        .required("case", map, "status", "resolved")
        .and_then(|s| f.choice("case.status", s, STATUSES));
    let mut stages = [None; 6];
    let mut ok = true;
    for (i, stage) in Stage::ALL.iter().enumerate() {
        if let Some(d) = f.optional(map, stage.key()) {
            match event_date(f, &child("case", stage.key()), d) {
                Some(d) => stages[i] = Some(d),
                None => ok = false,
            }
        }
    }
    if ok {
        ok = stages_in_order(f, &stages);
    }
    if let Some(status) = status {
        ok &= status_has_its_stage(f, status, map);
    }
    let rating = match f.optional(map, "rating") {
        Some(r) => f.choice("case.rating", r, RATINGS).map(Some),
        None => Some(None),
    };
    if let (Some(Some(_)), None) = (&rating, stages[5]) {
        f.error(
            "case.rating",
            "the case has a rating but no `rated` date",
            "add `rated: YYYY-MM-DD`, the day the resident rated the result",
        );
        ok = false;
    }
    let funding = match f.optional(map, "funding_cny") {
        Some(n) => f.number("case.funding_cny", n, false).map(Some),
        None => Some(None),
    };
    if !ok {
        return None;
    }
    Some(Case {
        status: status?,
        stages,
        rating: rating?,
        funding_cny: funding?,
    })
}

/// A status claims a stage (SPEC section 8): a case cannot be resolved
/// before its answer went back to the resident, whatever the story says.
/// A stage written but malformed has its own error already.
fn status_has_its_stage(f: &mut Fields, status: CaseStatus, map: &Mapping) -> bool {
    let Some(claimed) = status.claims() else {
        return true;
    };
    if f.optional(map, claimed.key()).is_some() {
        return true;
    }
    let (status, stage) = (status.key(), claimed.key());
    f.error(
        "case.status",
        format!("`status: {status}` claims the `{stage}` stage, but the case has no `{stage}`"),
        format!("add `{stage}:` with its date (a day, a month, a year, or `unknown` if it happened on a day not known), or give the status the stages support"),
    );
    false
}

/// Stages happen in order: none is recorded while an earlier one is not,
/// and no date comes before the one of the last known stage before it
/// (comparing only what is known: a month may hold the day after it).
fn stages_in_order(f: &mut Fields, stages: &[Option<EventDate>; 6]) -> bool {
    let mut ok = true;
    for i in 1..6 {
        let Some(date) = stages[i] else { continue };
        let key = Stage::ALL[i].key();
        if let Some(missing) = (0..i).find(|&j| stages[j].is_none()) {
            let earlier = Stage::ALL[missing].key();
            f.error(
                &child("case", key),
                format!("`{key}` is dated but the earlier stage `{earlier}` is not"),
                format!("add `{earlier}:` (a date, or `unknown` if it happened on a day not known), or remove `{key}` until the case gets there"),
            );
            ok = false;
            break;
        }
        let known = (0..i)
            .rev()
            .find(|&j| stages[j].is_some_and(|d| d.span().is_some()));
        let Some(j) = known else { continue };
        let prev = stages[j].unwrap_or(date);
        if !prev.may_precede(&date) {
            let earlier = Stage::ALL[j].key();
            f.error(
                &child("case", key),
                format!(
                    "`{key}` ({}) is before `{earlier}` ({})",
                    shown(&date),
                    shown(&prev)
                ),
                "stage dates never go backwards: check both dates",
            );
            ok = false;
        }
    }
    ok
}

fn shown(d: &EventDate) -> String {
    d.iso().unwrap_or_else(|| "unknown".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_prefix_is_split_from_the_slug() {
        let n = parse_name("2024-03-12-deputy-forest").unwrap();
        assert_eq!(n.slug, "deputy-forest");
        assert_eq!(n.date.unwrap().to_string(), "2024-03-12");
        assert_eq!(parse_name("deputy-forest").unwrap().slug, "deputy-forest");
        assert!(parse_name("2023-02-30-x").unwrap_err().contains("28 days"));
    }

    #[test]
    fn unsafe_paths_are_named() {
        assert_eq!(
            unsafe_path("../x.jpg"),
            Some("leads out of its folder with `..`")
        );
        assert_eq!(unsafe_path("/etc/passwd"), Some("is absolute"));
        assert_eq!(
            unsafe_path("https://a.b/x.jpg"),
            Some("points to another site; residents' pages load nothing from other hosts")
        );
        assert_eq!(unsafe_path("photos/x.jpg"), None);
    }
}
