//! Links written in bodies, given their addresses in the built site.
//!
//! Editors link to other content by its source file (`@/stories/x.md`), a
//! bundle's body links its own files relatively (`photo.jpg`), and any
//! body may link a page from the site's root (`/stats/`); loading has
//! already checked that each leads somewhere (see `load::links`).

use crate::load::links::{is_external, split_suffix, CONTENT};
use crate::load::story::parse_name;
use crate::model::Config;
use crate::routes;

/// The address in the built site of a link written in a body, for a page
/// in `lang`; `None` keeps the link as written. `bundle` is the route of
/// the story whose bundle the body belongs to, whose files are published
/// once, beside the story's default-language page.
pub fn url(dest: &str, bundle: Option<&str>, config: &Config, lang: &str) -> Option<String> {
    let (path, suffix) = split_suffix(dest);
    let base = &config.base_url;
    let in_language = |route: &str| {
        let prefix = routes::prefix(&config.languages, lang);
        format!("{base}{prefix}{route}{suffix}")
    };
    if let Some(source) = path.strip_prefix(CONTENT) {
        return source_route(source).map(|route| in_language(&route));
    }
    if path.is_empty() || is_external(path) {
        return None;
    }
    if let Some(rooted) = path.strip_prefix('/') {
        return Some(match language_route(rooted, &config.languages) {
            Some(route) => in_language(&route),
            None => format!("{base}{rooted}{suffix}"),
        });
    }
    let relative = path.trim_start_matches("./");
    bundle.map(|route| format!("{base}{route}{relative}{suffix}"))
}

/// A path from the site's root, as a route of the page's language when it
/// names a page (which exists in every language), or `None` for a file
/// published once, or a path that already names its language.
fn language_route(rooted: &str, languages: &[String]) -> Option<String> {
    let first = rooted.split('/').next().unwrap_or("");
    if languages.iter().skip(1).any(|l| l == first) {
        return None;
    }
    let last = rooted.rsplit('/').next().unwrap_or("");
    if last.is_empty() || last == routes::FEED {
        Some(rooted.to_string())
    } else if !last.contains('.') {
        Some(format!("{rooted}/"))
    } else {
        None
    }
}

/// The route of a content source path (relative to `content/`), judged by
/// its shape alone: loading has already checked that it exists.
fn source_route(source: &str) -> Option<String> {
    let source = source.strip_prefix("content/").unwrap_or(source);
    let (kind, rest) = source.split_once('/')?;
    match kind {
        "stories" => {
            let name = match rest.split_once('/') {
                Some((bundle, _)) => bundle,
                None => rest.split('.').next().unwrap_or(rest),
            };
            let slug = parse_name(name).ok()?.slug;
            Some(routes::story(&slug))
        }
        "pages" => Some(routes::page(rest.split('.').next()?)),
        "districts" => Some(routes::district(rest.split('.').next()?)),
        "deputies" => Some(routes::deputy(rest.split('.').next()?)),
        "stations" => Some(routes::station(rest.split('.').next()?)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config {
            title: Default::default(),
            base_url: "https://example.org/sub/".into(),
            languages: vec!["zh".into(), "en".into()],
            theme: "default".into(),
            topics: Vec::new(),
            metrics: Vec::new(),
            allow_html: false,
            project_kinds: Vec::new(),
            data_license: None,
            repository: None,
            deploy: None,
            publisher: None,
        }
    }

    #[test]
    fn content_links_go_to_the_page_in_the_same_language() {
        let c = config();
        let url = |d: &str, lang: &str| super::url(d, None, &c, lang);
        assert_eq!(
            url("@/stories/2024-03-12-forest.md", "en").as_deref(),
            Some("https://example.org/sub/en/stories/forest/")
        );
        assert_eq!(
            url("@/stories/forest.md#map", "zh").as_deref(),
            Some("https://example.org/sub/stories/forest/#map")
        );
        assert_eq!(
            url("@/stories/deputy-forest/index.md", "en").as_deref(),
            Some("https://example.org/sub/en/stories/deputy-forest/")
        );
        assert_eq!(
            url("@/pages/about.en.md", "en").as_deref(),
            Some("https://example.org/sub/en/about/")
        );
        assert_eq!(
            url("@/districts/heshan.yaml", "zh").as_deref(),
            Some("https://example.org/sub/districts/heshan/")
        );
        assert_eq!(
            url("@/content/pages/about.md", "zh").as_deref(),
            Some("https://example.org/sub/about/")
        );
        assert_eq!(
            url("@/deputies/zhao-ge.yaml", "en").as_deref(),
            Some("https://example.org/sub/en/deputies/zhao-ge/")
        );
        assert_eq!(
            url("@/stations/wenyuan.yaml#coming-heading", "zh").as_deref(),
            Some("https://example.org/sub/stations/wenyuan/#coming-heading")
        );
    }

    #[test]
    fn rooted_links_keep_to_the_base_and_the_language() {
        let c = config();
        let url = |d: &str, lang: &str| super::url(d, None, &c, lang);
        assert_eq!(
            url("/stats/", "en").as_deref(),
            Some("https://example.org/sub/en/stats/")
        );
        assert_eq!(
            url("/stats", "zh").as_deref(),
            Some("https://example.org/sub/stats/")
        );
        assert_eq!(
            url("/data/stats.csv", "en").as_deref(),
            Some("https://example.org/sub/data/stats.csv")
        );
        assert_eq!(
            url("/en/about/", "zh").as_deref(),
            Some("https://example.org/sub/en/about/")
        );
    }

    #[test]
    fn other_links_are_left_alone_outside_bundles() {
        let c = config();
        assert_eq!(super::url("https://a.example/", None, &c, "en"), None);
        assert_eq!(super::url("mailto:a@b.c", None, &c, "en"), None);
        assert_eq!(super::url("#top", None, &c, "en"), None);
        assert_eq!(super::url("photo.jpg", None, &c, "en"), None);
        assert_eq!(
            super::url("./photo.jpg", Some("stories/x/"), &c, "en").as_deref(),
            Some("https://example.org/sub/stories/x/photo.jpg")
        );
    }
}
