//! Markdown bodies to HTML, and to plain text for summaries and search.
//!
//! Stories are written by editors, but they often paste from elsewhere, so
//! the output is made safe by default: raw HTML shows as text unless the site
//! opts in, and script-bearing link schemes never survive. Headings get
//! stable ids so a paragraph of a long report can be linked to.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::escape_html;
pub(crate) use crate::load::markdown::options;

/// Link schemes that run code or smuggle a document in when followed.
const DANGEROUS_SCHEMES: [&str; 3] = ["javascript:", "vbscript:", "data:"];

/// The prefix of highlighting classes, matching `highlight.css`.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Beyond these sizes a block is shown plain: highlighting time grows with
/// line length, and nobody reads minified or generated code for its colours.
const MAX_HIGHLIGHTED_BYTES: usize = 256 * 1024;
const MAX_HIGHLIGHTED_LINE: usize = 4096;

/// Loading syntect's definitions takes tens of milliseconds, which most
/// sites never need: it happens once, on the first labelled code block.
static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();

/// Renders a Markdown body. `allow_html` lets raw HTML through, for sites
/// whose editors are trusted to write it.
pub fn to_html(markdown: &str, allow_html: bool) -> String {
    to_html_linked(markdown, allow_html, &|_| None)
}

/// Renders a Markdown body whose links are given their addresses by `link`:
/// editors write links to other content by source file (`@/stories/x.md`),
/// which has a different address in each language. `None` keeps a link as
/// written.
pub fn to_html_linked(
    markdown: &str,
    allow_html: bool,
    link: &dyn Fn(&str) -> Option<String>,
) -> String {
    to_html_pictured(markdown, allow_html, link, &|_| None)
}

/// A photo a body shows, resized: what its `<img>` offers the browser.
pub struct Picture {
    /// The copy for browsers that ignore `srcset`.
    pub src: String,
    pub srcset: Option<String>,
    pub sizes: Option<String>,
    pub width: u32,
    pub height: u32,
}

/// As [`to_html_linked`], and an image whose destination `picture` knows
/// as a resized photo is offered at its widths (`srcset`), with its size
/// given so that the text does not jump as it loads.
pub fn to_html_pictured(
    markdown: &str,
    allow_html: bool,
    link: &dyn Fn(&str) -> Option<String>,
    picture: &dyn Fn(&str) -> Option<Picture>,
) -> String {
    let mut events: Vec<Event> = Parser::new_ext(markdown, options()).collect();
    if !allow_html {
        events = events.into_iter().map(escape_raw_html).collect();
    }
    let events = add_heading_ids(events);
    let events = join_cjk_lines(events);
    let events = highlight_code(events);
    let events = pictures(events, picture);
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    let events = events
        .into_iter()
        .map(|e| neutralise_link(address(e, link)));
    html::push_html(&mut out, events);
    out
}

/// Images `picture` knows become `<img>` written out whole, their alt text
/// gathered from the events inside them as the HTML writer would.
fn pictures<'a>(
    events: Vec<Event<'a>>,
    picture: &dyn Fn(&str) -> Option<Picture>,
) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let mut events = events.into_iter();
    while let Some(event) = events.next() {
        let found = match &event {
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => picture(dest_url).map(|p| (p, title.to_string())),
            _ => None,
        };
        let Some((p, title)) = found else {
            out.push(event);
            continue;
        };
        let mut alt = String::new();
        let mut depth = 1;
        for inner in events.by_ref() {
            match inner {
                Event::Start(Tag::Image { .. }) => depth += 1,
                Event::End(TagEnd::Image) => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                    alt.push_str(&t)
                }
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                _ => {}
            }
        }
        let mut html = format!("<img src=\"{}\"", escape_html(&p.src));
        if let (Some(srcset), Some(sizes)) = (&p.srcset, &p.sizes) {
            html.push_str(&format!(
                " srcset=\"{}\" sizes=\"{}\"",
                escape_html(srcset),
                escape_html(sizes)
            ));
        }
        html.push_str(&format!(
            " width=\"{}\" height=\"{}\" alt=\"{}\"",
            p.width,
            p.height,
            escape_html(&alt)
        ));
        if !title.is_empty() {
            html.push_str(&format!(" title=\"{}\"", escape_html(&title)));
        }
        html.push_str(" />");
        out.push(Event::InlineHtml(html.into()));
    }
    out
}

fn address<'a>(event: Event<'a>, link: &dyn Fn(&str) -> Option<String>) -> Event<'a> {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: link(&dest_url).map_or(dest_url, CowStr::from),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: link(&dest_url).map_or(dest_url, CowStr::from),
            title,
            id,
        }),
        other => other,
    }
}

/// The words of a Markdown body, markup removed and whitespace collapsed.
/// Chinese lines and paragraphs are joined without a space, as they would
/// be read.
pub fn plain_text(markdown: &str) -> String {
    let mut text = PlainText::default();
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(s) | Event::Code(s) => text.push(&s),
            Event::SoftBreak | Event::HardBreak | Event::Rule => text.gap(),
            Event::Start(tag) if !is_inline(&tag) => text.gap(),
            Event::End(tag) if !is_inline_end(tag) => text.gap(),
            _ => {}
        }
    }
    text.out
}

/// Shows raw HTML as the text it is. A raw block becomes a paragraph so
/// that it still reads as its own block.
fn escape_raw_html(event: Event) -> Event {
    match event {
        Event::Html(s) | Event::InlineHtml(s) => Event::Text(s),
        Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
        Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
        // `{onclick=...}` after a heading would otherwise be an attribute.
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs: _,
        }) => Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs: Vec::new(),
        }),
        other => other,
    }
}

fn neutralise_link(event: Event) -> Event {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        other => other,
    }
}

/// Browsers ignore whitespace and control characters around and inside a
/// scheme, and its case, so those are ignored here too.
fn safe_url(url: CowStr) -> CowStr {
    let scheme: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(12)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if DANGEROUS_SCHEMES.iter().any(|s| scheme.starts_with(s)) {
        CowStr::Borrowed("#")
    } else {
        url
    }
}

/// Gives every heading an id: the one the editor set with `{#id}`, or one
/// made from its text. Ids are unique within the body, footnotes included.
fn add_heading_ids(events: Vec<Event>) -> Vec<Event> {
    let mut ids = Ids::reserving(&events);
    let mut out = Vec::with_capacity(events.len());
    let mut pending: Option<usize> = None;
    let mut heading_text = String::new();
    for event in events {
        match &event {
            Event::Start(Tag::Heading { .. }) => {
                pending = Some(out.len());
                heading_text.clear();
            }
            Event::Text(s) | Event::Code(s) if pending.is_some() => heading_text.push_str(s),
            Event::End(TagEnd::Heading(_)) => {
                if let Some(start) = pending.take() {
                    set_heading_id(&mut out[start], &heading_text, &mut ids);
                }
            }
            _ => {}
        }
        out.push(event);
    }
    out
}

fn set_heading_id(event: &mut Event, text: &str, ids: &mut Ids) {
    if let Event::Start(Tag::Heading { id, .. }) = event {
        let chosen = match id {
            Some(given) => ids.claim(given),
            None => ids.claim_new(&slugify(text)),
        };
        *id = Some(CowStr::from(chosen));
    }
}

/// The ids a body uses. Ids the editor chose are reserved up front so a
/// generated one never takes them; footnotes render with their label as id.
#[derive(Default)]
struct Ids {
    reserved: HashSet<String>,
    used: HashSet<String>,
    /// The next suffix to try for a base, so many equal headings do not
    /// each count up from 1.
    next_suffix: HashMap<String, usize>,
}

impl Ids {
    fn reserving(events: &[Event]) -> Ids {
        let mut ids = Ids::default();
        for event in events {
            match event {
                Event::Start(Tag::Heading { id: Some(id), .. }) => {
                    ids.reserved.insert(id.to_string());
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    ids.used.insert(label.to_string());
                }
                _ => {}
            }
        }
        ids
    }

    /// An id the editor gave, unless it is already taken.
    fn claim(&mut self, given: &str) -> String {
        if self.used.contains(given) {
            return self.claim_new(given);
        }
        self.used.insert(given.to_string());
        given.to_string()
    }

    /// `base`, or `base-1`, `base-2`... whichever is free first.
    fn claim_new(&mut self, base: &str) -> String {
        let mut n = self.next_suffix.get(base).copied().unwrap_or(0);
        let mut id = with_suffix(base, n);
        while self.is_taken(&id) {
            n += 1;
            id = with_suffix(base, n);
        }
        self.next_suffix.insert(base.to_string(), n + 1);
        self.used.insert(id.clone());
        id
    }

    fn is_taken(&self, id: &str) -> bool {
        self.used.contains(id) || self.reserved.contains(id)
    }
}

fn with_suffix(base: &str, n: usize) -> String {
    if n == 0 {
        base.to_string()
    } else {
        format!("{base}-{n}")
    }
}

/// Lowercase letters and digits of any script, words joined by hyphens.
/// Chinese stays as it is: HTML allows it in ids and browsers show it in
/// the address bar.
fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '_' {
            slug.push(c);
        } else if (c.is_whitespace() || c == '-') && !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug.to_string()
    }
}

/// Drops the line break between two Chinese characters of a paragraph:
/// browsers would show it as a space, which Chinese does not have.
fn join_cjk_lines(events: Vec<Event>) -> Vec<Event> {
    let drop: Vec<bool> = (0..events.len())
        .map(|i| {
            let (Some(before), Some(after)) = (i.checked_sub(1), events.get(i + 1)) else {
                return false;
            };
            matches!(
                (&events[before], &events[i], after),
                (Event::Text(before), Event::SoftBreak, Event::Text(after))
                    if before.chars().last().is_some_and(is_cjk)
                        && after.chars().next().is_some_and(is_cjk)
            )
        })
        .collect();
    events
        .into_iter()
        .zip(drop)
        .filter_map(|(event, drop)| (!drop).then_some(event))
        .collect()
}

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FFEF}'
        | '\u{20000}'..='\u{3FFFF}')
}

/// Replaces each code block by its finished HTML.
fn highlight_code(events: Vec<Event>) -> Vec<Event> {
    let mut out = Vec::with_capacity(events.len());
    let mut block: Option<(String, String)> = None;
    for event in events {
        match (event, &mut block) {
            (Event::Start(Tag::CodeBlock(kind)), _) => {
                block = Some((language(&kind), String::new()));
            }
            (Event::Text(s), Some((_, code))) => code.push_str(&s),
            (Event::End(TagEnd::CodeBlock), Some((lang, code))) => {
                out.push(Event::Html(code_block(lang, code).into()));
                block = None;
            }
            (event, _) => out.push(event),
        }
    }
    out
}

/// The first word of a fence's info string: "rust,ignore" is Rust.
fn language(kind: &CodeBlockKind) -> String {
    match kind {
        CodeBlockKind::Fenced(info) => info
            .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
            .next()
            .unwrap_or("")
            .to_string(),
        CodeBlockKind::Indented => String::new(),
    }
}

fn code_block(lang: &str, code: &str) -> String {
    let body = match find_syntax(lang).filter(|_| worth_highlighting(code)) {
        Some((syntax, set)) => highlight(code, syntax, set).unwrap_or_else(|| escape_html(code)),
        None => escape_html(code),
    };
    if lang.is_empty() {
        format!("<pre class=\"code\"><code>{body}</code></pre>\n")
    } else {
        let lang = escape_html(lang);
        format!("<pre class=\"code\" data-lang=\"{lang}\"><code>{body}</code></pre>\n")
    }
}

fn worth_highlighting(code: &str) -> bool {
    code.len() <= MAX_HIGHLIGHTED_BYTES && code.lines().all(|l| l.len() <= MAX_HIGHLIGHTED_LINE)
}

fn find_syntax(lang: &str) -> Option<(&'static SyntaxReference, &'static SyntaxSet)> {
    if lang.is_empty() {
        return None;
    }
    let set = SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines);
    let syntax = set.find_syntax_by_token(lang)?;
    Some((syntax, set))
}

/// `None` when syntect gives up (a pathological pattern hit its backtracking
/// limit), so the block falls back to plain text.
fn highlight(code: &str, syntax: &SyntaxReference, set: &SyntaxSet) -> Option<String> {
    let mut html = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        html.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(html.finalize())
}

/// Inline markup: text on either side of it belongs to one run of words.
pub(crate) fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

pub(crate) fn is_inline_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// Text collected with whitespace collapsed. A structural break (a line or
/// block boundary) becomes a space except between Chinese characters; a
/// space the writer typed is always kept.
#[derive(Default)]
struct PlainText {
    out: String,
    pending: Pending,
}

#[derive(Default, PartialEq)]
enum Pending {
    #[default]
    Nothing,
    Break,
    Space,
}

impl PlainText {
    fn gap(&mut self) {
        if self.pending == Pending::Nothing {
            self.pending = Pending::Break;
        }
    }

    fn push(&mut self, text: &str) {
        for c in text.chars() {
            match c {
                '\n' | '\r' => self.gap(),
                c if c.is_whitespace() => self.pending = Pending::Space,
                c => self.push_char(c),
            }
        }
    }

    fn push_char(&mut self, c: char) {
        let space = match self.pending {
            Pending::Nothing => false,
            Pending::Space => true,
            Pending::Break => !(self.out.chars().last().is_some_and(is_cjk) && is_cjk(c)),
        };
        if space && !self.out.is_empty() {
            self.out.push(' ');
        }
        self.pending = Pending::Nothing;
        self.out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(markdown: &str) -> String {
        to_html(markdown, false)
    }

    #[test]
    fn tables_footnotes_strikethrough() {
        let out = html("| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(out.contains("<table>"), "{out}");
        assert!(out.contains("<td>1</td>"), "{out}");
        let out = html("资金到位[^1]。\n\n[^1]: 见工作报告。\n");
        assert!(out.contains("class=\"footnote-reference\""), "{out}");
        assert!(
            out.contains("class=\"footnote-definition\" id=\"1\""),
            "{out}"
        );
        assert!(html("~~旧方案~~").contains("<del>旧方案</del>"));
    }

    #[test]
    fn headings_get_ids() {
        let out = html("# Hello, World!\n\n## 背景 与 做法\n\n### `code` and *more*\n");
        assert!(out.contains("<h1 id=\"hello-world\">"), "{out}");
        assert!(out.contains("<h2 id=\"背景-与-做法\">"), "{out}");
        assert!(out.contains("<h3 id=\"code-and-more\">"), "{out}");
    }

    #[test]
    fn duplicate_and_given_ids_stay_unique() {
        let out = html("## 成效\n\n## 成效\n\n## 成效\n\n## Other {#成效-1}\n\n## !!!\n");
        assert!(out.contains("<h2 id=\"成效\">"), "{out}");
        assert!(out.contains("<h2 id=\"成效-2\">"), "{out}");
        assert!(out.contains("<h2 id=\"成效-3\">"), "{out}");
        assert!(out.contains("<h2 id=\"成效-1\">Other"), "{out}");
        assert!(out.contains("<h2 id=\"section\">"), "{out}");
        let out = html("# Note\n\nx[^note]\n\n[^note]: y\n");
        assert!(out.contains("<h1 id=\"note-1\">"), "{out}");
    }

    #[test]
    fn raw_html_is_escaped_by_default() {
        let out = html("<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> here\n");
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("<img"), "{out}");
        assert!(
            out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{out}"
        );
        assert!(out.contains("&lt;img src=x onerror=alert(1)&gt;"), "{out}");
        let out = html("# Title {onclick=alert(1)}\n");
        assert!(!out.contains("onclick"), "{out}");
    }

    #[test]
    fn raw_html_passes_when_allowed() {
        let out = to_html("<div class=\"x\">hi</div>\n\nA <b>bold</b> word\n", true);
        assert!(out.contains("<div class=\"x\">hi</div>"), "{out}");
        assert!(out.contains("<b>bold</b>"), "{out}");
    }

    #[test]
    fn script_links_are_neutralised() {
        for allow in [false, true] {
            let out = to_html(
                "[a](javascript:alert(1)) [b]( JaVaScRiPt:x) [c](vbscript:x) \
                 [d](data:text/html,x) ![e](javascript:x) <javascript:alert(1)> \
                 [f](java%0Ascript:x) [g](&#106;avascript:x)",
                allow,
            );
            let lower = out.to_lowercase();
            for scheme in ["=\"javascript", "=\" javascript", "=\"vbscript", "=\"data"] {
                assert!(!lower.contains(scheme), "{out}");
            }
            assert_eq!(out.matches("href=\"#\"").count(), 6, "{out}");
            assert!(out.contains("<img src=\"#\""), "{out}");
        }
        let out = html("[ok](https://example.org/a?b=1&c=2) [rel](../x/)");
        assert!(
            out.contains("href=\"https://example.org/a?b=1&amp;c=2\""),
            "{out}"
        );
        assert!(out.contains("href=\"../x/\""), "{out}");
    }

    #[test]
    fn code_is_highlighted() {
        let out = html("```rust\nfn main() { let x = \"<b>\"; }\n```\n");
        assert!(
            out.starts_with("<pre class=\"code\" data-lang=\"rust\"><code>"),
            "{out}"
        );
        assert!(out.contains("class=\"hl-"), "{out}");
        assert!(out.contains("&lt;b&gt;"), "{out}");
        assert!(!out.contains("<b>"), "{out}");
        let out = html("```rust,ignore\nlet x = 1;\n```\n");
        assert!(out.contains("data-lang=\"rust\""), "{out}");
        assert!(out.contains("hl-"), "{out}");
    }

    #[test]
    fn unknown_and_unlabelled_code_is_plain() {
        let out = html("```nosuchlang\n<x> & y\n```\n");
        assert_eq!(
            out,
            "<pre class=\"code\" data-lang=\"nosuchlang\"><code>&lt;x&gt; &amp; y\n</code></pre>\n"
        );
        let out = html("```\na < b\n```\n");
        assert_eq!(out, "<pre class=\"code\"><code>a &lt; b\n</code></pre>\n");
        let out = html("    indented <code>\n");
        assert_eq!(
            out,
            "<pre class=\"code\"><code>indented &lt;code&gt;\n</code></pre>\n"
        );
        let out = html("```\"><script>\nx\n```\n");
        assert!(!out.contains("<script"), "{out}");
    }

    #[test]
    fn huge_code_is_left_plain() {
        let line = "let x = 1; ".repeat(1000);
        let out = html(&format!("```rust\n{line}\n```\n"));
        assert!(!out.contains("hl-"), "long line highlighted");
        let out = html("## 同名\n\n".repeat(5000).as_str());
        assert!(out.contains("id=\"同名-4999\""));
    }

    #[test]
    fn chinese_lines_join_without_space() {
        let out = html("第一行\n第二行\nand English\nwords");
        assert!(out.contains("第一行第二行\nand English\nwords"), "{out}");
    }

    #[test]
    fn plain_text_drops_markup() {
        let text = plain_text(
            "# 标题\n\n第一段**加粗**，\n继续。\n\n- one\n- [two](https://x)\n\n<b>raw</b>\n\n`code`  and   spaces",
        );
        assert_eq!(text, "标题第一段加粗，继续。 one two raw code and spaces");
        assert_eq!(plain_text(""), "");
        assert_eq!(plain_text("Hello\nworld"), "Hello world");
    }

    #[test]
    fn links_are_given_addresses_and_still_made_safe() {
        let link = |dest: &str| {
            (dest == "@/pages/about.md").then(|| "https://e.org/en/about/".to_string())
        };
        let html = to_html_linked(
            "[a](@/pages/about.md) [b](javascript:x) [c](/x/)",
            false,
            &link,
        );
        assert!(
            html.contains(r#"<a href="https://e.org/en/about/">a</a>"#),
            "{html}"
        );
        assert!(html.contains(r##"<a href="#">b</a>"##), "{html}");
        assert!(html.contains(r#"<a href="/x/">c</a>"#), "{html}");
    }
}
