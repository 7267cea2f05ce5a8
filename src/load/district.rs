//! `content/districts/<slug>.yaml`: the district registry.

use std::path::Path;
use std::sync::Arc;

use super::fields::{slug_problem, suggest_slug, Fields};
use super::folder::{files_with, stem};
use super::yaml::{self, child, item};
use super::{parse_all, read};
use crate::model::Config;
use crate::model::{Area, District, DistrictKind, Town};
use crate::problem::{Problem, Problems};

const FIELDS: &[&str] = &["name", "kind", "summary", "towns", "order"];
const TOWN_FIELDS: &[&str] = &["slug", "name"];
const KINDS: &[(&str, DistrictKind)] = &[
    ("district", DistrictKind::District),
    ("county-level-city", DistrictKind::CountyLevelCity),
    ("county", DistrictKind::County),
];

/// Parses one district file; `slug` comes from its file name.
pub fn parse(
    file: &Path,
    slug: &str,
    text: &Arc<str>,
    languages: &[String],
    problems: &mut Problems,
) -> Option<District> {
    if let Some(why) = slug_problem(slug) {
        problems.push(
            Problem::file(
                file,
                format!("`{slug}` is not a valid district slug: {why}"),
            )
            .help(format!("rename the file to {}.yaml", suggest_slug(slug))),
        );
        return None;
    }
    if Area::parse(slug).is_city() {
        problems.push(
            Problem::file(file, "`city` is reserved for the city as a whole")
                .help("city-wide figures and stories use `district: city` without a file; rename this one"),
        );
        return None;
    }
    let doc = yaml::parse_or_report(file, text, 0..text.len(), problems)?;
    let mut f = Fields {
        file,
        text,
        doc: &doc,
        problems,
    };
    let map = f.map("", &doc.value, FIELDS)?;
    let name = f
        .required("", map, "name", "{ zh: 鹤山市, en: Heshan }")
        .and_then(|v| f.text("name", v, languages, &[]));
    let kind = f
        .required("", map, "kind", "district")
        .and_then(|v| f.choice("kind", v, KINDS));
    let summary = match f.optional(map, "summary") {
        Some(v) => f.text("summary", v, languages, &[]),
        None => Some(Default::default()),
    };
    let towns = match f.optional(map, "towns") {
        Some(v) => towns(&mut f, v, languages),
        None => Some(Vec::new()),
    };
    let order = match f.optional(map, "order") {
        Some(v) => match v.as_i64() {
            Some(n) => Some(Some(n)),
            None => {
                f.error(
                    "order",
                    "`order` should be a whole number",
                    "write e.g. `order: 3`; lower numbers come first",
                );
                None
            }
        },
        None => Some(None),
    };
    Some(District {
        slug: slug.to_string(),
        name: name?,
        kind: kind?,
        summary: summary?,
        towns: towns?,
        order: order?,
        source: file.to_path_buf(),
    })
}

fn towns(f: &mut Fields, value: &serde_yaml::Value, languages: &[String]) -> Option<Vec<Town>> {
    let Some(items) = value.as_sequence() else {
        f.error(
            "towns",
            "`towns` should be a list",
            "write each town as `- slug: shaping` with its `name` below",
        );
        return None;
    };
    let mut out: Vec<Town> = Vec::new();
    let mut ok = true;
    for (i, v) in items.iter().enumerate() {
        let path = item("towns", i);
        let Some(map) = f.map(&path, v, TOWN_FIELDS) else {
            ok = false;
            continue;
        };
        let slug = f
            .required(&path, map, "slug", "shaping")
            .and_then(|s| f.slug(&child(&path, "slug"), s));
        let name = f
            .required(
                &path,
                map,
                "name",
                "{ zh: 沙坪街道, en: Shaping Subdistrict }",
            )
            .and_then(|n| f.text(&child(&path, "name"), n, languages, &[]));
        match (slug, name) {
            (Some(slug), Some(_)) if out.iter().any(|t| t.slug == slug) => {
                f.error(
                    &child(&path, "slug"),
                    format!("town `{slug}` is listed twice"),
                    "give each town its own slug",
                );
                ok = false;
            }
            (Some(slug), Some(name)) => out.push(Town { slug, name }),
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

/// Reads every district file, in the order the site lists them.
pub(super) fn load(root: &Path, config: &Config, problems: &mut Problems) -> Vec<District> {
    let dir = Path::new("content/districts");
    let files = files_with(root, dir, &["yaml", "yml"], problems);
    let mut districts = parse_all(&files, problems, |shown, p| {
        let text = read(root, shown, p)?;
        let slug = stem(shown);
        parse(shown, &slug, &text, &config.languages, p)
    });
    districts.sort_by(|a, b| {
        (a.order.unwrap_or(i64::MAX), &a.slug).cmp(&(b.order.unwrap_or(i64::MAX), &b.slug))
    });
    districts
}
