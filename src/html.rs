//! HTML text, as the renderers and the theme both write it. It sits below
//! both so that the theme (which reports template errors as pages) and the
//! renderers (which use the theme) do not import each other.

/// Text made safe for HTML, in element content and in quoted attributes
/// alike. Tera's own escaping also turns `/` into `&#x2F;`, which would make
/// every URL on every page unreadable; this is the one used everywhere.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
