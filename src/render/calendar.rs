//! A station's announced receptions as an iCalendar file (RFC 5545), so a
//! resident can add them to a phone's calendar.
//!
//! Times are local to Jiangmen, so each event names the `Asia/Shanghai`
//! zone and the file carries its definition (UTC+8, without daylight
//! saving since 1991): a calendar that does not know the zone still places
//! the event right. Identifiers are made from the station, the day and the
//! start, never from the order of entries, so a calendar that subscribed
//! updates the same events when the file changes. `DTSTAMP`, which RFC 5545
//! requires, is the reception's own day rather than the build time, so the
//! same input gives the same file.

use super::lang::LangCtx;
use crate::model::{hh_mm, Reception, Station};
use crate::routes;

const ZONE: &str = "Asia/Shanghai";

pub(crate) fn receptions(lang: &LangCtx, station: &Station) -> String {
    let name = lang.text(&station.name).text;
    let host = host(&lang.site.config.base_url);
    let page = lang.url(&routes::station(&station.slug));
    let mut out = Vec::new();
    out.push("BEGIN:VCALENDAR".to_string());
    out.push("VERSION:2.0".to_string());
    out.push("PRODID:-//renda//Deputies' receptions//EN".to_string());
    out.push("CALSCALE:GREGORIAN".to_string());
    out.push("METHOD:PUBLISH".to_string());
    out.push(format!("X-WR-CALNAME:{}", escape(&name)));
    out.push(format!("X-WR-TIMEZONE:{ZONE}"));
    out.extend(
        [
            "BEGIN:VTIMEZONE",
            "TZID:Asia/Shanghai",
            "BEGIN:STANDARD",
            "DTSTART:19700101T000000",
            "TZOFFSETFROM:+0800",
            "TZOFFSETTO:+0800",
            "TZNAME:CST",
            "END:STANDARD",
            "END:VTIMEZONE",
        ]
        .map(String::from),
    );
    let summary = lang.t("reception_summary").replace("{station}", &name);
    let place = match &station.address {
        Some(address) => format!(
            "{name}{}{}",
            lang.t("list_separator"),
            lang.text(address).text
        ),
        None => name.clone(),
    };
    for r in &station.receptions {
        out.push("BEGIN:VEVENT".to_string());
        out.push(format!("UID:{}@{host}", uid(station, r)));
        out.push(format!("DTSTAMP:{}T000000Z", compact(r)));
        match r.times {
            Some((start, end)) => {
                out.push(format!(
                    "DTSTART;TZID={ZONE}:{}T{}00",
                    compact(r),
                    hh_mm(start).replace(':', "")
                ));
                out.push(format!(
                    "DTEND;TZID={ZONE}:{}T{}00",
                    compact(r),
                    hh_mm(end).replace(':', "")
                ));
            }
            None => {
                let next = r.date.tomorrow().unwrap_or(r.date);
                out.push(format!("DTSTART;VALUE=DATE:{}", compact(r)));
                out.push(format!(
                    "DTEND;VALUE=DATE:{}",
                    next.to_string().replace('-', "")
                ));
            }
        }
        out.push(format!("SUMMARY:{}", escape(&summary)));
        out.push(format!("LOCATION:{}", escape(&place)));
        let mut description = Vec::new();
        let names: Vec<String> = r
            .deputies
            .iter()
            .filter_map(|slug| lang.site.deputy(slug))
            .map(|d| lang.text(&d.name).text)
            .collect();
        if !names.is_empty() {
            description.push(format!(
                "{}{}{}",
                lang.t("reception_deputies"),
                lang.t("colon"),
                names.join(&lang.t("list_separator"))
            ));
        }
        if let Some(phone) = &station.phone {
            description.push(format!("{}{}{phone}", lang.t("phone"), lang.t("colon")));
        }
        description.push(page.clone());
        out.push(format!("DESCRIPTION:{}", escape(&description.join("\n"))));
        out.push(format!("URL:{page}"));
        if let Some(l) = station.location {
            out.push(format!("GEO:{};{}", l.lat, l.lon));
        }
        out.push("END:VEVENT".to_string());
    }
    out.push("END:VCALENDAR".to_string());
    let mut text = String::new();
    for line in out {
        fold(&line, &mut text);
    }
    text
}

/// Stable across builds, languages and edits elsewhere in the file.
fn uid(station: &Station, r: &Reception) -> String {
    let start = match r.times {
        Some((start, _)) => hh_mm(start).replace(':', ""),
        None => "day".to_string(),
    };
    format!("{}-{start}-{}", compact(r), station.slug)
}

fn compact(r: &Reception) -> String {
    r.date.to_string().replace('-', "")
}

/// The host of the site's address, which makes identifiers unique
/// beyond this one site.
fn host(base_url: &str) -> String {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    if host.is_empty() {
        "renda.invalid".to_string()
    } else {
        host.to_string()
    }
}

/// TEXT values escape backslashes, separators and line breaks.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Lines longer than 75 octets continue on the next line after a space,
/// cut between characters, never inside one; every line ends in CRLF.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_between_characters() {
        let mut out = String::new();
        fold(&format!("SUMMARY:{}", "人".repeat(40)), &mut out);
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}\r\n", "人".repeat(40)));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn the_host_names_the_identifiers() {
        assert_eq!(host("https://example.org/jiangmen/"), "example.org");
        assert_eq!(host("http://127.0.0.1:8765/"), "127.0.0.1:8765");
    }
}
