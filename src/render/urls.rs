//! The site's address scheme, in one place.
//!
//! A route is a page's address below its language's root: `""` for the home
//! page, `stories/<slug>/` for a story, `404.html` for the error page. Every
//! language has the same routes, which is what lets each page name its other
//! language versions without a lookup.

/// First path segments the site uses itself; a free page cannot take them.
pub const RESERVED: [&str; 9] = [
    "stories",
    "districts",
    "topics",
    "stats",
    "data",
    "theme",
    "search",
    "404.html",
    "atom.xml",
];

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
/// Where the theme's static files are published.
pub const THEME: &str = "theme/";

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

pub fn district(slug: &str) -> String {
    format!("districts/{slug}/")
}

pub fn district_feed(slug: &str) -> String {
    format!("districts/{slug}/atom.xml")
}

pub fn topic(slug: &str) -> String {
    format!("topics/{slug}/")
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
    fn file_names_are_encoded_but_slashes_kept() {
        assert_eq!(encode_path("img/树 1.png"), "img/%E6%A0%91%201.png");
    }
}
