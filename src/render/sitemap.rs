//! `sitemap.xml` and `robots.txt`.
//!
//! Each page lists its language versions, itself included, as search
//! engines ask, so a reader is sent to the version in their language.

use super::feed::escape_xml;

const NAMESPACE: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const XHTML: &str = "http://www.w3.org/1999/xhtml";

/// One page and its versions in every language it exists in.
#[derive(Debug, Clone, PartialEq)]
pub struct SitemapEntry {
    pub url: String,
    /// (language code, URL), the page's own language included, the default
    /// language first: it also serves as `x-default`.
    pub alternates: Vec<(String, String)>,
}

/// The sitemap, pages in the order given.
pub fn sitemap(entries: &[SitemapEntry]) -> String {
    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str(&format!(
        "<urlset xmlns=\"{NAMESPACE}\" xmlns:xhtml=\"{XHTML}\">\n"
    ));
    for entry in entries {
        xml.push_str("  <url>\n");
        xml.push_str(&format!("    <loc>{}</loc>\n", escape_xml(&entry.url)));
        for (lang, url) in &entry.alternates {
            xml.push_str(&alternate(lang, url));
        }
        let has_default = entry.alternates.iter().any(|(lang, _)| lang == "x-default");
        if let (false, Some((_, url))) = (has_default, entry.alternates.first()) {
            xml.push_str(&alternate("x-default", url));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

fn alternate(lang: &str, url: &str) -> String {
    format!(
        "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
        escape_xml(lang),
        escape_xml(url)
    )
}

/// Lets every crawler in and points it at the sitemap.
pub fn robots(sitemap_url: &str) -> String {
    let url: String = sitemap_url.chars().filter(|c| !c.is_control()).collect();
    format!("User-agent: *\nAllow: /\nSitemap: {url}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(lang: &str, url: &str) -> (String, String) {
        (lang.to_string(), url.to_string())
    }

    #[test]
    fn pages_list_their_alternates() {
        let entries = [
            SitemapEntry {
                url: "https://e.org/stories/a/".to_string(),
                alternates: vec![
                    pair("zh", "https://e.org/stories/a/"),
                    pair("en", "https://e.org/en/stories/a/"),
                ],
            },
            SitemapEntry {
                url: "https://e.org/en/stories/a/".to_string(),
                alternates: vec![
                    pair("zh", "https://e.org/stories/a/"),
                    pair("en", "https://e.org/en/stories/a/"),
                ],
            },
            SitemapEntry {
                url: "https://e.org/only/".to_string(),
                alternates: vec![],
            },
        ];
        let xml = sitemap(&entries);
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"));
        assert!(xml.ends_with("</urlset>\n"));
        assert_eq!(xml.matches("<url>").count(), 3);
        assert_eq!(xml.matches("</url>").count(), 3);
        assert_eq!(
            xml.matches("hreflang=\"x-default\" href=\"https://e.org/stories/a/\"")
                .count(),
            2
        );
        assert_eq!(
            xml.matches("hreflang=\"en\" href=\"https://e.org/en/stories/a/\"")
                .count(),
            2
        );
        assert!(xml.contains("  <url>\n    <loc>https://e.org/only/</loc>\n  </url>\n"));
        assert_eq!(xml.matches("<xhtml:link").count(), 6);
    }

    #[test]
    fn urls_are_escaped() {
        let entries = [SitemapEntry {
            url: "https://e.org/?a=1&b=<2>".to_string(),
            alternates: vec![pair("zh\"", "https://e.org/?a='1'")],
        }];
        let xml = sitemap(&entries);
        assert!(
            xml.contains("<loc>https://e.org/?a=1&amp;b=&lt;2&gt;</loc>"),
            "{xml}"
        );
        assert!(
            xml.contains("hreflang=\"zh&quot;\" href=\"https://e.org/?a=&apos;1&apos;\""),
            "{xml}"
        );
    }

    #[test]
    fn robots_points_at_the_sitemap() {
        assert_eq!(
            robots("https://e.org/sitemap.xml"),
            "User-agent: *\nAllow: /\nSitemap: https://e.org/sitemap.xml\n"
        );
        assert_eq!(
            robots("https://e.org/s.xml\nDisallow: /"),
            "User-agent: *\nAllow: /\nSitemap: https://e.org/s.xmlDisallow: /\n"
        );
    }
}
