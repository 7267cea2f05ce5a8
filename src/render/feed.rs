//! Atom feeds, one per language and per district.
//!
//! A feed is dated by its newest entry, never by the clock, so that building
//! the same content twice gives the same bytes and feed readers are not told
//! of updates that did not happen.

use jiff::civil::Date;

const NAMESPACE: &str = "http://www.w3.org/2005/Atom";

/// One story in a feed.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedEntry {
    /// A permanent identifier; the story's canonical URL serves.
    pub id: String,
    pub title: String,
    pub url: String,
    pub updated: Date,
    pub summary: Option<String>,
    pub author: Option<String>,
}

/// An Atom 1.0 document. Entries appear in the order given. `self_url`
/// doubles as the feed's id, since each feed lives at exactly one address.
/// Atom requires an author for every entry, so the feed names itself as the
/// author of entries that name none.
pub fn atom(
    title: &str,
    self_url: &str,
    site_url: &str,
    lang: &str,
    entries: &[FeedEntry],
) -> String {
    let updated = entries
        .iter()
        .map(|e| e.updated)
        .max()
        .unwrap_or(Date::constant(1970, 1, 1));
    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str(&format!(
        "<feed xmlns=\"{NAMESPACE}\" xml:lang=\"{}\">\n",
        escape_xml(lang)
    ));
    xml.push_str(&element("  ", "title", title));
    xml.push_str(&element("  ", "id", self_url));
    xml.push_str(&link("  ", "self", "application/atom+xml", self_url));
    xml.push_str(&link("  ", "alternate", "text/html", site_url));
    xml.push_str(&element("  ", "updated", &timestamp(updated)));
    xml.push_str(&author("  ", title));
    for entry in entries {
        xml.push_str(&entry_xml(entry));
    }
    xml.push_str("</feed>\n");
    xml
}

fn entry_xml(entry: &FeedEntry) -> String {
    let mut xml = String::from("  <entry>\n");
    xml.push_str(&element("    ", "title", &entry.title));
    xml.push_str(&element("    ", "id", &entry.id));
    xml.push_str(&link("    ", "alternate", "text/html", &entry.url));
    xml.push_str(&element("    ", "updated", &timestamp(entry.updated)));
    if let Some(name) = &entry.author {
        xml.push_str(&author("    ", name));
    }
    if let Some(summary) = &entry.summary {
        xml.push_str(&format!(
            "    <summary type=\"text\">{}</summary>\n",
            escape_xml(summary)
        ));
    }
    xml.push_str("  </entry>\n");
    xml
}

fn element(indent: &str, name: &str, text: &str) -> String {
    format!("{indent}<{name}>{}</{name}>\n", escape_xml(text))
}

fn link(indent: &str, rel: &str, kind: &str, href: &str) -> String {
    format!(
        "{indent}<link rel=\"{rel}\" type=\"{kind}\" href=\"{}\"/>\n",
        escape_xml(href)
    )
}

fn author(indent: &str, name: &str) -> String {
    format!(
        "{indent}<author><name>{}</name></author>\n",
        escape_xml(name)
    )
}

/// Midnight UTC: stories carry dates, not times.
fn timestamp(date: Date) -> String {
    format!("{date}T00:00:00Z")
}

/// Escapes text for XML content and attributes alike, and drops the
/// characters XML 1.0 forbids outright (most control characters), which
/// would otherwise make a whole feed unreadable.
pub(crate) fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(slug: &str, updated: Date) -> FeedEntry {
        FeedEntry {
            id: format!("https://example.org/stories/{slug}/"),
            title: format!("Story {slug}"),
            url: format!("https://example.org/stories/{slug}/"),
            updated,
            summary: None,
            author: None,
        }
    }

    #[test]
    fn structure() {
        let entries = [
            entry("a", Date::constant(2024, 3, 12)),
            entry("b", Date::constant(2024, 5, 1)),
        ];
        let xml = atom(
            "江门人大",
            "https://example.org/feed.xml",
            "https://example.org/",
            "zh",
            &entries,
        );
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh\">\n"));
        assert!(xml.ends_with("</feed>\n"));
        assert!(xml.contains("  <id>https://example.org/feed.xml</id>\n"));
        assert!(xml.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.org/feed.xml\"/>"));
        assert!(xml.contains(
            "<link rel=\"alternate\" type=\"text/html\" href=\"https://example.org/\"/>"
        ));
        assert!(xml.contains("  <updated>2024-05-01T00:00:00Z</updated>\n"));
        assert!(xml.contains("  <author><name>江门人大</name></author>\n"));
        assert_eq!(xml.matches("<entry>").count(), 2);
        assert_eq!(xml.matches("</entry>").count(), 2);
        assert!(xml.find("Story a").unwrap() < xml.find("Story b").unwrap());
        assert!(xml.contains("    <updated>2024-03-12T00:00:00Z</updated>\n"));
        assert!(!xml.contains("<summary"));
        assert!(!xml.contains("CDATA"));
        assert_eq!(
            xml,
            atom(
                "江门人大",
                "https://example.org/feed.xml",
                "https://example.org/",
                "zh",
                &entries
            )
        );
    }

    #[test]
    fn empty_feed_is_dated_1970() {
        let xml = atom("T", "https://e.org/f.xml", "https://e.org/", "en", &[]);
        assert!(xml.contains("<updated>1970-01-01T00:00:00Z</updated>"));
        assert!(!xml.contains("<entry>"));
    }

    #[test]
    fn everything_is_escaped() {
        let mut e = entry("x", Date::constant(2024, 1, 2));
        e.title = "<script>alert(\"x\")</script> & 'q' ]]>".to_string();
        e.summary = Some("a < b ]]> c\u{1}d".to_string());
        e.author = Some("O'Brien & <Co>".to_string());
        e.url = "https://e.org/?a=1&b=\"2\"".to_string();
        let xml = atom(
            "A & B <c>",
            "https://e.org/f.xml?x=1&y=2",
            "https://e.org/",
            "en\"",
            &[e],
        );
        assert!(!xml.contains("<script"), "{xml}");
        assert!(!xml.contains("]]>"), "{xml}");
        assert!(!xml.contains('\u{1}'), "{xml}");
        assert!(xml.contains("<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;q&apos; ]]&gt;</title>"), "{xml}");
        assert!(
            xml.contains("<summary type=\"text\">a &lt; b ]]&gt; cd</summary>"),
            "{xml}"
        );
        assert!(
            xml.contains("<author><name>O&apos;Brien &amp; &lt;Co&gt;</name></author>"),
            "{xml}"
        );
        assert!(
            xml.contains("href=\"https://e.org/?a=1&amp;b=&quot;2&quot;\""),
            "{xml}"
        );
        assert!(xml.contains("<title>A &amp; B &lt;c&gt;</title>"), "{xml}");
        assert!(xml.contains("xml:lang=\"en&quot;\""), "{xml}");
        // Every `&` starts an entity.
        for (i, _) in xml.match_indices('&') {
            let rest = &xml[i..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
                    .iter()
                    .any(|e| rest.starts_with(e)),
                "{rest}"
            );
        }
    }
}
