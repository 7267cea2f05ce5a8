//! Reading a date that may be less than exact (SPEC section 8): a case
//! stage's, or a project milestone's.
//!
//! ```yaml
//! reported: 2023-03-22                              # a day
//! collected: 2023-03                                # a month
//! answered: 2023                                    # a year
//! handled: unknown                                  # it happened; the day is not known
//! dispatched: { date: 2023-05-15, estimated: true } # an editor's estimate
//! ```

use serde_yaml::Value;

use super::fields::{parse_date, Fields};
use super::yaml::child;
use crate::model::{EventDate, Precision};

const FORMS: &str = "write a day `2023-03-22`, a month `2023-03`, a year `2023`, `unknown` (it happened on a day not known), or an estimate `{ date: 2023-03-22, estimated: true }`";

/// A date of any precision, or an estimate of one.
pub fn event_date(f: &mut Fields, path: &str, value: &Value) -> Option<EventDate> {
    let Value::Mapping(_) = value else {
        return plain(f, path, value);
    };
    let map = f.map(path, value, &["date", "estimated"])?;
    let date = f
        .required(path, map, "date", "2023-05-15")
        .and_then(|v| plain(f, &child(path, "date"), v));
    let estimated = match f.optional(map, "estimated") {
        Some(v) => f.bool(&child(path, "estimated"), v),
        None => Some(false),
    };
    let (date, estimated) = (date?, estimated?);
    if date.precision == Precision::Unknown && estimated {
        f.error(
            &child(path, "date"),
            format!("`{path}` is an estimate of an unknown date"),
            "give the estimated date (a day, a month or a year), or write `unknown` alone",
        );
        return None;
    }
    Some(if estimated { date.estimated() } else { date })
}

/// A day, a month, a year or `unknown`, written as text or a number.
fn plain(f: &mut Fields, path: &str, value: &Value) -> Option<EventDate> {
    let s = f.string(path, value)?;
    match parse(&s) {
        Ok(d) => Some(d),
        Err(why) => {
            f.error(path, why, FORMS);
            None
        }
    }
}

/// Parses the text forms, explaining an impossible date in words.
pub fn parse(s: &str) -> Result<EventDate, String> {
    if s == "unknown" {
        return Ok(EventDate::UNKNOWN);
    }
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = s.split('-').collect();
    match parts.as_slice() {
        [y] if digits(y, 4) => {
            EventDate::year(y.parse().unwrap_or(0)).ok_or_else(|| format!("`{s}` is not a year"))
        }
        [y, m] if digits(y, 4) && digits(m, 2) => {
            let month: i8 = m.parse().unwrap_or(0);
            if !(1..=12).contains(&month) {
                return Err(format!("`{s}` is not a date: there is no month {month}"));
            }
            EventDate::month(y.parse().unwrap_or(0), month)
                .ok_or_else(|| format!("`{s}` is not a month"))
        }
        [_, _, _] => parse_date(s).map(EventDate::day),
        _ => Err(format!("`{s}` is not a date")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form() {
        assert_eq!(parse("2023-03-22").unwrap().precision, Precision::Day);
        assert_eq!(parse("2023-03").unwrap().precision, Precision::Month);
        assert_eq!(parse("2023").unwrap().precision, Precision::Year);
        assert_eq!(parse("unknown").unwrap(), EventDate::UNKNOWN);
        assert!(parse("2023-13").unwrap_err().contains("no month 13"));
        assert!(parse("2023-02-30").unwrap_err().contains("28 days"));
        assert!(parse("March 2023").is_err());
        assert!(parse("23").is_err());
    }
}
