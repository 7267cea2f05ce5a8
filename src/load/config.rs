//! `site.yaml`: title, base URL, languages, theme, topics and metrics.

use std::path::Path;
use std::sync::Arc;

use serde_yaml::Value;

use super::fields::Fields;
use super::yaml::{self, child};
use crate::model::{Config, Lang, Metric, ProjectKind, Publisher, Repository, Topic, Unit};
use crate::problem::{Problem, Problems};

const FIELDS: &[&str] = &[
    "title",
    "base_url",
    "languages",
    "theme",
    "topics",
    "metrics",
    "allow_html",
    "project_kinds",
    "data_license",
    "repository",
    "deploy",
    "publisher",
];

/// Parses `site.yaml`. Without a usable `languages` list nothing else in the
/// site can be checked, so that is the one case that returns no config.
pub fn parse(file: &Path, text: &Arc<str>, problems: &mut Problems) -> Option<Config> {
    let doc = yaml::parse_or_report(file, text, 0..text.len(), problems)?;
    let mut f = Fields {
        file,
        text,
        doc: &doc,
        problems,
    };
    let map = f.map("", &doc.value, FIELDS)?;
    let languages = languages(&mut f, map.get("languages"));
    let languages = languages?;
    let title = f
        .required(
            "",
            map,
            "title",
            "{ zh: 江门人大, en: Jiangmen People's Congress }",
        )
        .and_then(|v| f.text("title", v, &languages, &[]));
    let base_url = f
        .required("", map, "base_url", "https://example.org/")
        .and_then(|v| base_url(&mut f, v));
    let theme = match f.optional(map, "theme") {
        Some(v) => f.slug("theme", v),
        None => Some("default".to_string()),
    };
    let topics = match f.optional(map, "topics") {
        Some(v) => topics(&mut f, v, &languages),
        None => Some(Vec::new()),
    };
    let metrics = match f.optional(map, "metrics") {
        Some(v) => metrics(&mut f, v, &languages),
        None => Some(Vec::new()),
    };
    let allow_html = match f.optional(map, "allow_html") {
        Some(v) => f.bool("allow_html", v),
        None => Some(false),
    };
    let project_kinds = match f.optional(map, "project_kinds") {
        Some(v) => project_kinds(&mut f, v, &languages),
        None => Some(Vec::new()),
    };
    let data_license = match f.optional(map, "data_license") {
        Some(v) => data_license(&mut f, v).map(Some),
        None => Some(None),
    };
    let repository = match f.optional(map, "repository") {
        Some(v) => repository(&mut f, v).map(Some),
        None => Some(None),
    };
    let deploy = match f.optional(map, "deploy") {
        Some(v) => super::deploy::parse(&mut f, v).map(Some),
        None => Some(None),
    };
    let publisher = match f.optional(map, "publisher") {
        Some(v) => publisher(&mut f, v, &languages).map(Some),
        None => Some(None),
    };
    Some(Config {
        deploy: deploy?,
        publisher: publisher?,
        project_kinds: project_kinds?,
        title: title?,
        base_url: base_url?,
        languages,
        theme: theme?,
        topics: topics?,
        metrics: metrics?,
        allow_html: allow_html?,
        data_license: data_license?,
        repository: repository?,
    })
}

/// `publisher: { name: {zh, en}, address: {zh, en}, phone, icp, gov_code }`.
fn publisher(f: &mut Fields, value: &Value, languages: &[Lang]) -> Option<Publisher> {
    let map = f.map(
        "publisher",
        value,
        &["name", "address", "phone", "icp", "gov_code"],
    )?;
    let name = f
        .required(
            "publisher",
            map,
            "name",
            "{ zh: 江门市人大常委会办公室, en: ... }",
        )
        .and_then(|v| f.text("publisher.name", v, languages, &[]));
    let address = match f.optional(map, "address") {
        Some(v) => f.text("publisher.address", v, languages, &[]).map(Some),
        None => Some(None),
    };
    let plain = |f: &mut Fields, key: &str| match f.optional(map, key) {
        Some(v) => f.nonempty(&format!("publisher.{key}"), v).map(Some),
        None => Some(None),
    };
    let phone = plain(f, "phone");
    let icp = plain(f, "icp");
    let gov_code = plain(f, "gov_code");
    if let Some(Some(code)) = &gov_code {
        if code.len() != 10 || !code.bytes().all(|b| b.is_ascii_digit()) {
            f.error(
                "publisher.gov_code",
                format!("the government website code \"{code}\" is not ten digits"),
                "write the 政府网站标识码 as the site's registration gives it, ten digits in quotes, e.g. gov_code: \"4407000001\"",
            );
            return None;
        }
    }
    Some(Publisher {
        name: name?,
        address: address?,
        phone: phone?,
        icp: icp?,
        gov_code: gov_code?,
    })
}

/// An SPDX licence identifier, so that tools reading the data package know
/// the terms without a person reading them.
fn data_license(f: &mut Fields, value: &Value) -> Option<String> {
    let id = f.nonempty("data_license", value)?;
    if spdx::license_id(&id).is_some() || id.starts_with("LicenseRef-") {
        return Some(id);
    }
    let help = match spdx::imprecise_license_id(&id) {
        Some((near, _)) => format!(
            "did you mean `{}`? use an identifier from https://spdx.org/licenses/",
            near.name
        ),
        None => "use an identifier from https://spdx.org/licenses/, e.g. CC-BY-4.0".to_string(),
    };
    f.error(
        "data_license",
        format!("`{id}` is not an SPDX licence identifier"),
        help,
    );
    None
}

/// `repository: { url: https://..., branch: main }`: a public web address,
/// since residents follow the links made from it.
fn repository(f: &mut Fields, value: &Value) -> Option<Repository> {
    let map = f.map("repository", value, &["url", "branch"])?;
    let url = f
        .required("repository", map, "url", "https://github.com/example/site")
        .and_then(|v| f.nonempty("repository.url", v));
    let branch = match f.optional(map, "branch") {
        Some(v) => f.nonempty("repository.branch", v),
        None => Some("main".to_string()),
    };
    let url = url.and_then(|url| {
        let web = url.starts_with("https://") || url.starts_with("http://");
        if !web
            || url
                .chars()
                .any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>')
        {
            f.error(
                "repository.url",
                format!("`{url}` is not a web address"),
                "give the repository's public page, e.g. https://github.com/example/site",
            );
            return None;
        }
        Some(url.trim_end_matches('/').to_string())
    });
    Some(Repository {
        url: url?,
        branch: branch?,
    })
}

fn languages(f: &mut Fields, value: Option<&Value>) -> Option<Vec<String>> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        let at = f.doc.missing_span("");
        f.problems.push(
            Problem::at(f.file, f.text, at, "missing required field `languages`")
                .help("add `languages: [zh, en]`: the first is the default language"),
        );
        return None;
    };
    let langs = f.strings("languages", value)?;
    let mut ok = true;
    for (i, lang) in langs.iter().enumerate() {
        let valid = (2..=8).contains(&lang.len())
            && lang.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
        if !valid {
            f.error(
                &yaml::item("languages", i),
                format!("`{lang}` is not a language code"),
                "use a lowercase code such as zh or en",
            );
            ok = false;
        } else if langs[..i].contains(lang) {
            f.error(
                &yaml::item("languages", i),
                format!("`{lang}` is listed twice"),
                "list each language once",
            );
            ok = false;
        }
    }
    if langs.is_empty() {
        f.error(
            "languages",
            "`languages` is empty",
            "list at least one language, e.g. `[zh, en]`",
        );
        ok = false;
    }
    ok.then_some(langs)
}

fn base_url(f: &mut Fields, value: &Value) -> Option<String> {
    let url = f.nonempty("base_url", value)?;
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let host_ok = rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/'));
    if !host_ok
        || url
            .chars()
            .any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>')
    {
        f.error(
            "base_url",
            format!("`{url}` is not an absolute URL"),
            "write the address the site will be served from, e.g. https://example.org/",
        );
        return None;
    }
    Some(if url.ends_with('/') { url } else { url + "/" })
}

fn topics(f: &mut Fields, value: &Value, languages: &[String]) -> Option<Vec<Topic>> {
    let Value::Mapping(map) = value else {
        f.error(
            "topics",
            "`topics` should map each topic's slug to its names",
            "write `topics: { green: { zh: 绿美生态, en: Greening } }`",
        );
        return None;
    };
    let mut out = Vec::new();
    for (key, v) in map {
        let Some(slug) = key.as_str() else { continue };
        let path = child("topics", slug);
        let slug_ok = f.slug(&path, key);
        let name = f.text(&path, v, languages, &[]);
        if let (Some(slug), Some(name)) = (slug_ok, name) {
            out.push(Topic { slug, name });
        }
    }
    Some(out)
}

/// More kinds of livelihood project than the two built in.
fn project_kinds(f: &mut Fields, value: &Value, languages: &[String]) -> Option<Vec<ProjectKind>> {
    let Value::Mapping(map) = value else {
        f.error(
            "project_kinds",
            "`project_kinds` should map each kind's slug to its names",
            "write `project_kinds: { county-projects: { zh: 县级民生实事, en: County livelihood projects } }`",
        );
        return None;
    };
    let builtin = ProjectKind::builtin();
    let mut out = Vec::new();
    for (key, v) in map {
        let Some(slug) = key.as_str() else { continue };
        let path = child("project_kinds", slug);
        if builtin.iter().any(|k| k.slug == slug) {
            f.key_error(
                &path,
                format!("`{slug}` is a built-in project kind"),
                "remove it here: ten-projects and micro need no declaration",
            );
            continue;
        }
        let slug_ok = f.slug(&path, key);
        let name = f.text(&path, v, languages, &[]);
        if let (Some(slug), Some(name)) = (slug_ok, name) {
            out.push(ProjectKind { slug, name });
        }
    }
    Some(out)
}

fn metrics(f: &mut Fields, value: &Value, languages: &[String]) -> Option<Vec<Metric>> {
    let Value::Mapping(map) = value else {
        f.error("metrics", "`metrics` should map each metric's key to its names and unit", "write `metrics: { river_cleaned_km: { zh: 河道清理, en: River cleaned, unit: { zh: 公里, en: km } } }`");
        return None;
    };
    let mut out = Vec::new();
    for (key, v) in map {
        let Some(k) = key.as_str() else { continue };
        let path = child("metrics", k);
        if !k
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            || k.is_empty()
        {
            f.key_error(
                &path,
                format!("`{k}` is not a valid metric key"),
                "use lowercase letters, digits and underscores, e.g. river_cleaned_km",
            );
            continue;
        }
        if Metric::BUILTIN_KEYS.contains(&k) {
            f.key_error(
                &path,
                format!("`{k}` is a built-in metric"),
                "remove it here: built-in metrics need no declaration",
            );
            continue;
        }
        let name = f.text(&path, v, languages, &["unit"]);
        let unit = match v.as_mapping().and_then(|m| m.get("unit")) {
            Some(u) => unit(f, &child(&path, "unit"), u, languages),
            None => Some(Unit::Count),
        };
        if let (Some(mut name), Some(unit)) = (name, unit) {
            name.0.retain(|lang, _| languages.contains(lang));
            out.push(Metric {
                key: k.to_string(),
                name,
                unit,
            });
        }
    }
    Some(out)
}

fn unit(f: &mut Fields, path: &str, value: &Value, languages: &[String]) -> Option<Unit> {
    if value.is_mapping() {
        return f.text(path, value, languages, &[]).map(Unit::Other);
    }
    f.choice(
        path,
        value,
        &[
            ("count", Unit::Count),
            ("yuan", Unit::Yuan),
            ("hectare", Unit::Hectare),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(src: &str) -> (Option<Config>, Problems) {
        let text: Arc<str> = Arc::from(src);
        let mut p = Problems::default();
        let c = parse(Path::new("site.yaml"), &text, &mut p);
        (c, p)
    }

    #[test]
    fn reads_every_field() {
        let (c, p) = load(
            "title: { zh: 江门人大, en: Jiangmen }\nbase_url: https://example.org\nlanguages: [zh, en]\ntopics:\n  green: { zh: 绿美, en: Greening }\nmetrics:\n  river_km: { zh: 河道, en: River, unit: { zh: 公里, en: km } }\n  trees: { zh: 树, en: Trees }\n",
        );
        assert!(p.is_empty(), "{p}");
        let c = c.unwrap();
        assert_eq!(c.base_url, "https://example.org/");
        assert_eq!(c.topics[0].slug, "green");
        assert!(matches!(c.metrics[0].unit, Unit::Other(_)));
        assert_eq!(c.metrics[1].unit, Unit::Count);
        assert_eq!(c.theme, "default");
    }

    #[test]
    fn unknown_field_suggests_the_near_one() {
        let (_, p) = load("title: x\nbase_url: https://e.org/\nlanguages: [zh]\nthem: default\n");
        let e = &p.0[0];
        assert_eq!((e.line, e.column), (4, 1));
        assert!(e.help.as_deref().unwrap().contains("did you mean `theme`"));
    }
}
