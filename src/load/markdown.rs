//! How renda reads Markdown: the dialect (one for loading, rendering and
//! search alike) and what a body links to, found while the site is loaded
//! so that a dead link is reported by `check` and never reaches a page.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag};

/// The Markdown extensions every body may use.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// A link or image destination written in a body, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub dest: String,
    /// Byte range in the body: the destination when it can be found in the
    /// link's own text, the whole link otherwise (as for a reference link).
    pub span: Range<usize>,
    pub image: bool,
}

/// Every link and image destination of a body, in order. E-mail and other
/// autolinks are left out: they are addresses, never the site's own pages.
pub fn links(markdown: &str) -> Vec<LinkRef> {
    // Most bodies have no link at all; a search is far cheaper than a parse.
    if !markdown.contains("](") && !markdown.contains("]:") {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        let (dest, link_type, image) = match event {
            Event::Start(Tag::Link {
                dest_url,
                link_type,
                ..
            }) => (dest_url, link_type, false),
            Event::Start(Tag::Image {
                dest_url,
                link_type,
                ..
            }) => (dest_url, link_type, true),
            _ => continue,
        };
        if matches!(link_type, LinkType::Autolink | LinkType::Email) {
            continue;
        }
        let span = dest_span(markdown, &range, &dest).unwrap_or(range);
        out.push(LinkRef {
            dest: dest.to_string(),
            span,
            image,
        });
    }
    out
}

/// The destination of an inline link within the link's text.
fn dest_span(markdown: &str, link: &Range<usize>, dest: &str) -> Option<Range<usize>> {
    if dest.is_empty() {
        return None;
    }
    let text = markdown.get(link.clone())?;
    let after = text.rfind("](")? + 2;
    let at = link.start + after + text[after..].find(dest)?;
    Some(at..at + dest.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_found_with_the_place_of_their_destination() {
        let body = "见[另一篇](@/stories/x.md)。\n\n![图](photo.jpg)\n[ref]\n\n[ref]: /stats/\n<https://a.example/>";
        let found = links(body);
        let dests: Vec<&str> = found.iter().map(|l| l.dest.as_str()).collect();
        assert_eq!(dests, ["@/stories/x.md", "photo.jpg", "/stats/"]);
        assert_eq!(&body[found[0].span.clone()], "@/stories/x.md");
        assert_eq!(&body[found[1].span.clone()], "photo.jpg");
        assert!(found[1].image);
        assert_eq!(
            &body[found[2].span.clone()],
            "[ref]",
            "a reference link is placed at itself"
        );
        assert!(links("没有链接的正文。").is_empty());
    }
}
