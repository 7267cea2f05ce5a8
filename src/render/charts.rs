//! Bar charts drawn to SVG when the site is built.
//!
//! A chart is markup in the page, not a script: it shows with JavaScript off,
//! in print and in a feed reader, and it costs no extra request. Residents on
//! a phone see it first, so every bar sits under its own label, with its
//! formatted value at the end of the label line: a chart 360 units wide then
//! stays legible on a phone 360 px wide, and no bar needs a legend or a colour to be told
//! apart. Colours come from CSS classes (`chart-bar s0`, `s1`...) so that the
//! theme can meet contrast in light and dark mode; text is `currentColor`.
//!
//! The same numbers are always in a table on the page; the chart's `<desc>`
//! repeats them for screen readers, which do not read the drawing.

use std::fmt::Write;

use super::escape_html;

/// Width of the drawing, in SVG units.
pub const WIDTH: f64 = 360.0;
const LABEL_SIZE: f64 = 16.0;
const NOTE_SIZE: f64 = 14.0;
const GROUP_SIZE: f64 = 17.0;
const BAR_HEIGHT: f64 = 12.0;
/// Space between a label's baseline and its bar.
const LABEL_GAP: f64 = 7.0;
/// Space after a bar, before the next label.
const BAR_GAP: f64 = 14.0;
/// Room kept between a label and its value on the same line.
const MIN_SPACE: f64 = 10.0;

#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Unique in the page: the ids of the title and description derive from it.
    pub id: String,
    pub title: String,
    /// What the chart shows, in words, for those who cannot see it: see
    /// [`describe`].
    pub desc: String,
    pub groups: Vec<Group>,
}

/// Bars shown together under one heading, such as one period.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub label: Option<String>,
    pub bars: Vec<Bar>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    /// A second, smaller line under the label, such as a campaign's name.
    pub note: Option<String>,
    pub value: f64,
    /// The value as the page shows it, in its language and unit.
    pub text: String,
    /// Which series the bar belongs to, for its colour: 0, 1, ...
    pub series: usize,
}

/// The chart as an inline `<svg>` element. Bars are drawn to scale from zero
/// to the largest value; a value that is not a finite, positive number
/// draws no bar, though its label still shows.
pub fn svg(chart: &Chart) -> String {
    let max = chart
        .groups
        .iter()
        .flat_map(|g| &g.bars)
        .map(|b| b.value)
        .filter(|v| v.is_finite())
        .fold(0.0_f64, f64::max);
    let mut body = String::new();
    let mut y = 0.0;
    for group in &chart.groups {
        if let Some(label) = &group.label {
            y += GROUP_SIZE + 4.0;
            let shown = fit(label, GROUP_SIZE, WIDTH);
            let _ = writeln!(
                body,
                r#"<text class="chart-group" x="0" y="{}" font-size="{}" font-weight="700">{}</text>"#,
                num(y),
                num(GROUP_SIZE),
                escape_html(&shown)
            );
            y += 10.0;
        }
        for bar in &group.bars {
            y += LABEL_SIZE;
            // Values are bold, a little wider than the estimate.
            let value_width = text_width(&bar.text, LABEL_SIZE) * 1.05;
            let room = WIDTH - value_width - MIN_SPACE;
            let label = fit(&bar.label, LABEL_SIZE, room);
            let _ = writeln!(
                body,
                r#"<text class="chart-label" x="0" y="{y}" font-size="{size}">{label}</text><text class="chart-value" x="{w}" y="{y}" font-size="{size}" font-weight="700" text-anchor="end">{value}</text>"#,
                y = num(y),
                size = num(LABEL_SIZE),
                label = escape_html(&label),
                w = num(WIDTH),
                value = escape_html(&bar.text),
            );
            if let Some(note) = &bar.note {
                y += NOTE_SIZE + 3.0;
                let _ = writeln!(
                    body,
                    r#"<text class="chart-note" x="0" y="{}" font-size="{}">{}</text>"#,
                    num(y),
                    num(NOTE_SIZE),
                    escape_html(&fit(note, NOTE_SIZE, WIDTH))
                );
            }
            y += LABEL_GAP;
            let length = if max > 0.0 && bar.value.is_finite() && bar.value > 0.0 {
                // A positive value is never drawn so short it looks like none.
                (bar.value / max * WIDTH).max(2.0)
            } else {
                0.0
            };
            if length > 0.0 {
                let _ = writeln!(
                    body,
                    r#"<rect class="chart-bar s{}" x="0" y="{}" width="{}" height="{}"/>"#,
                    bar.series,
                    num(y),
                    num(length),
                    num(BAR_HEIGHT)
                );
            } else {
                let _ = writeln!(
                    body,
                    r#"<rect class="chart-axis" x="0" y="{}" width="1" height="{}"/>"#,
                    num(y),
                    num(BAR_HEIGHT)
                );
            }
            y += BAR_HEIGHT + BAR_GAP;
        }
        y += 6.0;
    }
    let height = (y - 6.0 - BAR_GAP + 4.0).max(1.0);
    let id = escape_html(&chart.id);
    format!(
        concat!(
            r#"<svg class="chart" role="img" aria-labelledby="{id}-title {id}-desc" "#,
            r#"viewBox="0 0 {w} {h}" width="{w}" height="{h}" "#,
            r#"xmlns="http://www.w3.org/2000/svg">"#,
            "\n",
            r#"<title id="{id}-title">{title}</title>"#,
            "\n",
            r#"<desc id="{id}-desc">{desc}</desc>"#,
            "\n{body}</svg>"
        ),
        id = id,
        w = num(WIDTH),
        h = num(height),
        title = escape_html(&chart.title),
        desc = escape_html(&chart.desc),
        body = body,
    )
}

/// The chart's figures in words, "2023: collected 140, resolved 96. 2024:
/// ...", with the punctuation of the page's language.
pub fn describe(groups: &[Group], colon: &str, separator: &str, end: &str) -> String {
    let mut parts = Vec::new();
    for group in groups {
        let bars = group
            .bars
            .iter()
            .map(|b| match &b.note {
                Some(note) => format!("{} ({note}) {}", b.label, b.text),
                None => format!("{} {}", b.label, b.text),
            })
            .collect::<Vec<_>>()
            .join(separator);
        parts.push(match &group.label {
            Some(label) => format!("{label}{colon}{bars}"),
            None => bars,
        });
    }
    let mut text = parts.join(end);
    if !text.is_empty() {
        text.push_str(end.trim_end());
    }
    text
}

/// A rough width of `text` at `size` in a sans-serif face: wide (CJK and
/// other full-width) characters take a whole em, capitals about seven
/// tenths, spaces and narrow letters three, others a little over a half (as
/// in DejaVu Sans, one of the wider faces). Erring wide is safe: it only
/// shortens a label sooner.
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| match c {
            c if is_wide(c) => 1.0,
            'A'..='Z' | 'm' | 'w' => 0.7,
            ' ' | 'i' | 'l' | 'j' | 'f' | 't' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => 0.34,
            _ => 0.58,
        })
        .sum::<f64>()
        * size
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
        || matches!(c, '“' | '”' | '‘' | '’' | '…' | '—' | '·')
}

/// `text`, shortened with an ellipsis when it would not fit in `room`. The
/// full text is always in the table and the description.
fn fit(text: &str, size: f64, room: f64) -> String {
    if text_width(text, size) <= room {
        return text.to_string();
    }
    let mut kept = String::new();
    let mut width = text_width("…", size);
    for c in text.chars() {
        let w = text_width(c.encode_utf8(&mut [0; 4]), size);
        if width + w > room {
            break;
        }
        width += w;
        kept.push(c);
    }
    format!("{}…", kept.trim_end())
}

/// A coordinate with at most one decimal, and none when it is whole, so the
/// markup is short and the same on every machine.
fn num(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, value: f64, series: usize) -> Bar {
        Bar {
            label: label.to_string(),
            note: None,
            value,
            text: format!("{value}"),
            series,
        }
    }

    fn chart(groups: Vec<Group>) -> Chart {
        Chart {
            id: "c1".into(),
            title: "Suggestions".into(),
            desc: "2023: 140, 96".into(),
            groups,
        }
    }

    #[test]
    fn is_labelled_for_assistive_technology() {
        let svg = svg(&chart(vec![Group {
            label: None,
            bars: vec![bar("Pengjiang", 140.0, 0)],
        }]));
        assert!(
            svg.starts_with(r#"<svg class="chart" role="img" aria-labelledby="c1-title c1-desc" "#)
        );
        assert!(svg.contains(r#"<title id="c1-title">Suggestions</title>"#));
        assert!(svg.contains(r#"<desc id="c1-desc">2023: 140, 96</desc>"#));
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn bars_are_to_scale_and_labelled_with_their_values() {
        let svg = svg(&chart(vec![Group {
            label: Some("2023".into()),
            bars: vec![bar("collected", 140.0, 0), bar("resolved", 70.0, 1)],
        }]));
        assert!(
            svg.contains(r#"class="chart-bar s0" x="0" y="54" width="360""#),
            "{svg}"
        );
        assert!(
            svg.contains(r#"class="chart-bar s1" x="0" y="103" width="180""#),
            "{svg}"
        );
        assert!(svg.contains(r#"text-anchor="end">140</text>"#));
        assert!(svg.contains(r#"text-anchor="end">70</text>"#));
        assert!(svg.contains(">2023</text>"));
    }

    #[test]
    fn zero_and_bad_values_draw_no_bar_but_keep_their_label() {
        let svg = svg(&chart(vec![Group {
            label: None,
            bars: vec![
                bar("none", 0.0, 0),
                bar("nan", f64::NAN, 0),
                bar("tiny", 0.001, 0),
                bar("big", 1000.0, 0),
            ],
        }]));
        assert_eq!(svg.matches("chart-axis").count(), 2);
        assert!(svg.contains(">none</text>") && svg.contains(">nan</text>"));
        // The smallest positive value is still visible.
        assert!(svg.contains(r#"width="2" height="12""#), "{svg}");
    }

    #[test]
    fn an_empty_chart_is_still_valid_markup() {
        let svg = svg(&chart(vec![]));
        assert!(svg.contains(r#"viewBox="0 0 360 1""#), "{svg}");
    }

    #[test]
    fn text_is_escaped() {
        let mut c = chart(vec![Group {
            label: Some("<b>".into()),
            bars: vec![bar("A & B \"q\"", 1.0, 0)],
        }]);
        c.title = "x</title><script>".into();
        let svg = svg(&c);
        assert!(!svg.contains("<script>") && !svg.contains("<b>"));
        assert!(svg.contains("A &amp; B &quot;q&quot;"));
    }

    #[test]
    fn long_labels_are_shortened_to_leave_room_for_the_value() {
        let long =
            "镇域推进百千万工程专项督查二〇二三年七月至九月的全部典型案例与共性问题".to_string();
        let svg = svg(&chart(vec![Group {
            label: None,
            bars: vec![Bar {
                label: long.clone(),
                note: Some(long.clone()),
                value: 1.0,
                text: "121.67亿元".into(),
                series: 0,
            }],
        }]));
        assert!(!svg.contains(&long));
        let shown = svg.split(r#"class="chart-label""#).nth(1).unwrap();
        let shown = &shown[shown.find('>').unwrap() + 1..shown.find("</text>").unwrap()];
        assert!(shown.ends_with('…'));
        assert_eq!(svg.matches(r#"class="chart-note""#).count(), 1);
        assert!(svg.contains("…</text>"));
        assert!(text_width(shown, LABEL_SIZE) + text_width("121.67亿元", LABEL_SIZE) < WIDTH);
    }

    #[test]
    fn the_same_chart_gives_the_same_bytes() {
        let make = || {
            svg(&chart(vec![Group {
                label: Some("2024".into()),
                bars: vec![bar("a", 1.0 / 3.0, 0), bar("b", 2.0, 1)],
            }]))
        };
        assert_eq!(make(), make());
        assert!(make().contains(r#"width="60""#));
    }

    #[test]
    fn descriptions_read_as_sentences() {
        let groups = vec![
            Group {
                label: Some("2023".into()),
                bars: vec![bar("collected", 140.0, 0), bar("resolved", 96.0, 1)],
            },
            Group {
                label: Some("2024".into()),
                bars: vec![bar("collected", 10.0, 0)],
            },
        ];
        assert_eq!(
            describe(&groups, ": ", ", ", ". "),
            "2023: collected 140, resolved 96. 2024: collected 10."
        );
        assert_eq!(
            describe(&groups, "：", "，", "。"),
            "2023：collected 140，resolved 96。2024：collected 10。"
        );
        assert_eq!(describe(&[], ": ", ", ", ". "), "");
    }

    #[test]
    fn widths_count_chinese_as_wider() {
        assert!(text_width("江门", 10.0) > text_width("ab", 10.0));
        assert_eq!(text_width("江门", 10.0), 20.0);
    }
}
