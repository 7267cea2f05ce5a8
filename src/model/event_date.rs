//! When something happened, as precisely as it is known: a day, a month, a
//! year, or only that it happened; and whether an editor estimated it.
//!
//! Case stages and project milestones use it. The site must never show an
//! estimate, a month or a year as if it were an exact day, nor compute a
//! duration from one, so the precision travels with the date all the way
//! to the page and the open data.

use jiff::civil::Date;

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Day,
    Month,
    Year,
    /// It happened; the day is not known.
    Unknown,
}

/// A date with its precision and certainty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EventDate {
    /// The first day of what is known: the day itself, the 1st of the
    /// month, or 1 January. `None` when the date is unknown.
    pub start: Option<Date>,
    pub precision: Precision,
    /// An editor's estimate rather than a recorded date.
    pub estimated: bool,
}

impl Precision {
    /// The word used in `data/cases.json` and in the data package.
    pub fn key(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Year => "year",
            Precision::Unknown => "unknown",
        }
    }
}

impl EventDate {
    /// A recorded, exact day.
    pub fn day(date: Date) -> EventDate {
        EventDate {
            start: Some(date),
            precision: Precision::Day,
            estimated: false,
        }
    }

    pub fn month(year: i16, month: i8) -> Option<EventDate> {
        Some(EventDate {
            start: Some(Date::new(year, month, 1).ok()?),
            precision: Precision::Month,
            estimated: false,
        })
    }

    pub fn year(year: i16) -> Option<EventDate> {
        Some(EventDate {
            start: Some(Date::new(year, 1, 1).ok()?),
            precision: Precision::Year,
            estimated: false,
        })
    }

    pub const UNKNOWN: EventDate = EventDate {
        start: None,
        precision: Precision::Unknown,
        estimated: false,
    };

    pub fn estimated(self) -> EventDate {
        EventDate {
            estimated: true,
            ..self
        }
    }

    /// The day, when it is recorded exactly: the only dates a duration may
    /// be computed from.
    pub fn exact_day(&self) -> Option<Date> {
        match (self.precision, self.estimated) {
            (Precision::Day, false) => self.start,
            _ => None,
        }
    }

    /// The first and last day it may be, when any of it is known.
    pub fn span(&self) -> Option<(Date, Date)> {
        let start = self.start?;
        let end = match self.precision {
            Precision::Day => start,
            Precision::Month => start.last_of_month(),
            Precision::Year => start.last_of_year(),
            Precision::Unknown => return None,
        };
        Some((start, end))
    }

    /// As written in ISO 8601 to its precision (`2023-05-15`, `2023-05`,
    /// `2023`), which is also what HTML's `<time datetime>` accepts;
    /// `None` when unknown.
    pub fn iso(&self) -> Option<String> {
        let d = self.start?;
        Some(match self.precision {
            Precision::Day => d.to_string(),
            Precision::Month => format!("{:04}-{:02}", d.year(), d.month()),
            Precision::Year => format!("{:04}", d.year()),
            Precision::Unknown => return None,
        })
    }

    /// Whether `self` can have come before (or on the day of) `later`,
    /// comparing only what is known: a month may hold the day after it.
    pub fn may_precede(&self, later: &EventDate) -> bool {
        match (self.span(), later.span()) {
            (Some((start, _)), Some((_, end))) => start <= end,
            _ => true,
        }
    }
}

/// Days from one exact, recorded date to another; `None` when either is
/// an estimate, a month, a year or unknown, since a guess is not a figure.
pub fn days_between(from: &EventDate, to: &EventDate) -> Option<i64> {
    let (from, to) = (from.exact_day()?, to.exact_day()?);
    from.until(to).ok().map(|span| i64::from(span.get_days()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_exact_recorded_days_give_durations() {
        let a = EventDate::day(Date::constant(2023, 3, 22));
        let b = EventDate::day(Date::constant(2024, 1, 15));
        assert_eq!(days_between(&a, &b), Some(299));
        assert_eq!(days_between(&a, &b.estimated()), None);
        assert_eq!(days_between(&a, &EventDate::month(2024, 1).unwrap()), None);
        assert_eq!(days_between(&a, &EventDate::UNKNOWN), None);
    }

    #[test]
    fn order_compares_what_is_known() {
        let march = EventDate::month(2023, 3).unwrap();
        let day = EventDate::day(Date::constant(2023, 3, 1));
        assert!(march.may_precede(&day));
        assert!(day.may_precede(&march));
        let y2022 = EventDate::year(2022).unwrap();
        assert!(!march.may_precede(&y2022));
        assert!(march.may_precede(&EventDate::UNKNOWN));
        assert_eq!(march.span().unwrap().1, Date::constant(2023, 3, 31));
    }

    #[test]
    fn iso_to_its_precision() {
        assert_eq!(EventDate::month(2023, 3).unwrap().iso().unwrap(), "2023-03");
        assert_eq!(EventDate::year(2023).unwrap().iso().unwrap(), "2023");
        assert_eq!(EventDate::UNKNOWN.iso(), None);
    }
}
