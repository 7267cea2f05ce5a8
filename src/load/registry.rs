//! The names stories and statistics may refer to: districts and their towns,
//! topics, metrics and languages. Checking a reference here, in one place,
//! keeps every "unknown X; did you mean Y?" message alike.

use serde_yaml::Value;

use super::fields::Fields;
use crate::model::{Area, Config, District, Metric};
use crate::problem::closest;

pub struct Registry {
    pub languages: Vec<String>,
    pub metrics: Vec<Metric>,
    pub topics: Vec<String>,
    /// District slug and its town slugs; `city` is always known and has no towns.
    pub districts: Vec<(String, Vec<String>)>,
    /// Station slugs, from the file names in `content/stations/`.
    pub stations: Vec<String>,
    /// Deputy slugs, from the file names in `content/deputies/`.
    pub deputy_slugs: Vec<String>,
    /// Each deputy's slug and name in the default language, once their
    /// files are read; `None` when the site has no `content/deputies/`.
    pub deputy_names: Option<Vec<(String, String)>>,
}

impl Registry {
    pub fn new(config: &Config, districts: &[District]) -> Registry {
        Registry {
            languages: config.languages.clone(),
            metrics: config.all_metrics(),
            topics: config.topics.iter().map(|t| t.slug.clone()).collect(),
            districts: districts
                .iter()
                .map(|d| {
                    (
                        d.slug.clone(),
                        d.towns.iter().map(|t| t.slug.clone()).collect(),
                    )
                })
                .collect(),
            stations: Vec::new(),
            deputy_slugs: Vec::new(),
            deputy_names: None,
        }
    }

    pub fn default_language(&self) -> &str {
        &self.languages[0]
    }

    /// `city`, or the slug of one of the site's districts.
    pub fn district_ref(&self, f: &mut Fields, path: &str, v: &Value) -> Option<Area> {
        let s = f.string(path, v)?;
        let area = Area::parse(&s);
        match area.district() {
            None => return Some(area),
            Some(slug) if self.districts.iter().any(|(d, _)| d == slug) => return Some(area),
            Some(_) => {}
        }
        let known: Vec<&str> = self.districts.iter().map(|(d, _)| d.as_str()).collect();
        f.error(
            path,
            format!("unknown district \"{s}\""),
            unknown_help(
                &s,
                &known,
                "city for city-wide matters; districts are files in content/districts/",
            ),
        );
        None
    }

    /// A town of `district`.
    pub fn town_ref(
        &self,
        f: &mut Fields,
        path: &str,
        v: &Value,
        district: &str,
    ) -> Option<String> {
        let s = f.string(path, v)?;
        let towns: Vec<&str> = self
            .districts
            .iter()
            .find(|(d, _)| d == district)
            .map(|(_, t)| t.iter().map(String::as_str).collect())
            .unwrap_or_default();
        if towns.contains(&s.as_str()) {
            return Some(s);
        }
        let hint = if towns.is_empty() {
            format!("`{district}` lists no towns: add it under `towns` in content/districts/{district}.yaml, or remove `town`")
        } else {
            unknown_help(
                &s,
                &towns,
                &format!("towns are listed in content/districts/{district}.yaml"),
            )
        };
        f.error(
            path,
            format!("unknown town \"{s}\" in district `{district}`"),
            hint,
        );
        None
    }

    pub fn topic_ref(&self, f: &mut Fields, path: &str, v: &Value) -> Option<String> {
        let s = f.string(path, v)?;
        if self.topics.contains(&s) {
            return Some(s);
        }
        let known: Vec<&str> = self.topics.iter().map(String::as_str).collect();
        f.error(
            path,
            format!("unknown topic \"{s}\""),
            unknown_help(
                &s,
                &known,
                "topics are declared under `topics` in site.yaml",
            ),
        );
        None
    }
}

impl Registry {
    /// A station's slug: a file in `content/stations/`.
    pub fn station_ref(&self, f: &mut Fields, path: &str, v: &Value) -> Option<String> {
        let s = f.string(path, v)?;
        if self.stations.contains(&s) {
            return Some(s);
        }
        let known: Vec<&str> = self.stations.iter().map(String::as_str).collect();
        f.error(
            path,
            format!("unknown station \"{s}\""),
            unknown_help(
                &s,
                &known,
                "stations are files in content/stations/, named <slug>.yaml",
            ),
        );
        None
    }

    /// A deputy's slug: a file in `content/deputies/`.
    pub fn deputy_ref(&self, f: &mut Fields, path: &str, v: &Value) -> Option<String> {
        let s = f.string(path, v)?;
        if self.deputy_slugs.contains(&s) {
            return Some(s);
        }
        let known: Vec<&str> = self.deputy_slugs.iter().map(String::as_str).collect();
        f.error(
            path,
            format!("unknown deputy \"{s}\""),
            unknown_help(
                &s,
                &known,
                "deputies are files in content/deputies/, named <slug>.yaml",
            ),
        );
        None
    }
}

/// "did you mean X? known: a, b, c", then where the names come from.
pub fn unknown_help(wrong: &str, known: &[&str], origin: &str) -> String {
    if wrong.contains(['，', '、', '；']) {
        return format!(
            "separate items with an ASCII comma: `[a, b]` (a Chinese `，` or `、` joins them into one name); known: {}",
            known.join(", ")
        );
    }
    let list = if known.is_empty() {
        "none yet".to_string()
    } else {
        known.join(", ")
    };
    match closest(wrong, known.iter().copied()) {
        Some(near) => format!("did you mean \"{near}\"? known: {list} ({origin})"),
        None => format!("known: {list} ({origin})"),
    }
}
