//! Numbers and dates as a reader of each language expects them.
//!
//! Chinese groups large numbers by ten thousand (万) and a hundred million
//! (亿) and writes no thousands separators; English groups by three digits
//! and names money in millions and billions. Rounding works on the decimal
//! digits an editor typed rather than on binary floating point, so 2.005
//! rounds to 2.01 as it would on paper, and a value that rounds up to the
//! next unit moves to it: 99,999,999 is 1亿, never 10000万.

use jiff::civil::Date;

use crate::model::Unit;

/// What a figure that should never occur (NaN, infinity) is shown as, so a
/// bad value is visible on the page instead of breaking it.
const MISSING: &str = "—";

/// A unit of grouping: the number is divided by 10^`shift` and followed by
/// `suffix`. The next scale takes over once the rounded value reaches it.
struct Scale {
    shift: usize,
    suffix: &'static str,
    places: usize,
}

const ZH_WHOLE: [Scale; 3] = [
    Scale {
        shift: 0,
        suffix: "",
        places: 0,
    },
    Scale {
        shift: 4,
        suffix: "万",
        places: 2,
    },
    Scale {
        shift: 8,
        suffix: "亿",
        places: 2,
    },
];

const ZH_DECIMAL: [Scale; 3] = [
    Scale {
        shift: 0,
        suffix: "",
        places: 2,
    },
    Scale {
        shift: 4,
        suffix: "万",
        places: 2,
    },
    Scale {
        shift: 8,
        suffix: "亿",
        places: 2,
    },
];

const EN_MONEY: [Scale; 3] = [
    Scale {
        shift: 0,
        suffix: "",
        places: 2,
    },
    Scale {
        shift: 6,
        suffix: " million",
        places: 2,
    },
    Scale {
        shift: 9,
        suffix: " billion",
        places: 2,
    },
];

/// A count of people, suggestions or proposals: 967, 56万 / 560,000.
///
/// In Chinese, 万 and 亿 are used only where they lose nothing: a report's
/// 15499 new school places stay 15499, not 1.55万, so a resident can match
/// the figure against its source. Money and areas are rounded instead.
pub fn count(value: f64, lang: &str) -> String {
    if lang == "zh" && value.is_finite() && value.fract() == 0.0 && !exact_in_units(value.abs()) {
        return plain_digits(value);
    }
    number(value, lang, 0)
}

/// Whether a whole number reads exactly as 万 (below one 亿) or 亿 with at
/// most two decimals, or is small enough to need neither.
fn exact_in_units(n: f64) -> bool {
    if n < 10_000.0 {
        true
    } else if n < 100_000_000.0 {
        n % 100.0 == 0.0
    } else {
        n % 1_000_000.0 == 0.0
    }
}

fn plain_digits(value: f64) -> String {
    format!("{value:.0}")
}

/// An amount in yuan: 18万元 / CNY 180,000, 121.67亿元 / CNY 12.17 billion.
pub fn money(value: f64, lang: &str) -> String {
    if lang == "zh" {
        return format!("{}元", scaled(value, &ZH_DECIMAL, false));
    }
    format!("CNY {}", scaled(value, &EN_MONEY, true))
}

/// An area in hectares: 3460公顷 / 3,460 ha.
pub fn area(value: f64, lang: &str) -> String {
    if lang == "zh" {
        return format!("{}公顷", number(value, lang, 2));
    }
    format!("{} ha", number(value, lang, 2))
}

/// A metric's value in its unit, for any metric a site may define.
pub fn amount(value: f64, unit: &Unit, lang: &str, default_lang: &str) -> String {
    match unit {
        Unit::Count => count(value, lang),
        Unit::Yuan => money(value, lang),
        Unit::Hectare => area(value, lang),
        Unit::Other(label) => {
            let (label, _) = label.get(lang, default_lang);
            // Whole numbers of anything are counted, with a count's care
            // for exact figures; measures keep two decimals.
            let figure = if value.fract() == 0.0 {
                count(value, lang)
            } else {
                number(value, lang, 2)
            };
            match (lang, label.is_empty()) {
                (_, true) => figure,
                ("zh", false) => format!("{figure}{label}"),
                _ => format!("{figure} {label}"),
            }
        }
    }
}

/// A calendar date: 2024年3月12日 / 12 March 2024, ISO 8601 elsewhere, since
/// a reader of an unknown language is best served by the unambiguous form.
pub fn date(d: Date, lang: &str) -> String {
    match lang {
        "zh" => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        "en" => format!(
            "{} {} {}",
            d.day(),
            crate::model::month_name(d.month()),
            d.year()
        ),
        _ => d.to_string(),
    }
}

/// A statistics period, `2023` or `2023-07`: 2023年7月 / July 2023. Anything
/// else is returned unchanged, since the period is shown either way.
pub fn month_period(period: &str, lang: &str) -> String {
    let (year, month) = match period.split_once('-') {
        Some((year, month)) => (year, month.parse::<i8>().ok()),
        None => (period, None),
    };
    let well_formed = year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit());
    let month = month.filter(|m| (1..=12).contains(m));
    if !well_formed || (period.contains('-') && month.is_none()) {
        return period.to_string();
    }
    match (lang, month) {
        ("zh", None) => format!("{year}年"),
        ("zh", Some(m)) => format!("{year}年{m}月"),
        ("en", None) => year.to_string(),
        ("en", Some(m)) => format!("{} {year}", crate::model::month_name(m)),
        _ => period.to_string(),
    }
}

/// A plain number: grouped by 万/亿 in Chinese, by thousands in English,
/// with at most `places` decimals below 万 (two above it).
fn number(value: f64, lang: &str, places: usize) -> String {
    if lang == "zh" {
        let scales = if places == 0 { &ZH_WHOLE } else { &ZH_DECIMAL };
        return scaled(value, scales, false);
    }
    let single = [Scale {
        shift: 0,
        suffix: "",
        places,
    }];
    scaled(value, &single, true)
}

/// Picks the smallest scale at which the rounded value stays below the next
/// one, so that rounding up carries into the larger unit.
fn scaled(value: f64, scales: &[Scale], separators: bool) -> String {
    if !value.is_finite() {
        return MISSING.to_string();
    }
    let sign = if value < 0.0 { "-" } else { "" };
    let digits = Decimal::parse(value.abs());
    for (i, scale) in scales.iter().enumerate() {
        let rounded = digits.shifted(scale.shift).rounded(scale.places);
        let fits = match scales.get(i + 1) {
            Some(next) => rounded.whole.len() <= next.shift - scale.shift,
            None => true,
        };
        if fits {
            let shown = rounded.render(separators);
            if shown == "0" {
                return format!("0{}", scale.suffix);
            }
            return format!("{sign}{shown}{}", scale.suffix);
        }
    }
    unreachable!("the last scale always fits")
}

/// A non-negative number as its decimal digits, so that shifting by powers
/// of ten and rounding are exact.
#[derive(Debug, Clone, PartialEq)]
struct Decimal {
    /// Digits before the point, without leading zeros ("" for zero).
    whole: String,
    /// Digits after the point, without trailing zeros.
    fraction: String,
}

impl Decimal {
    /// Rust prints the shortest representation that reads back as the same
    /// float, never in exponent form, which is what the editor typed.
    fn parse(value: f64) -> Decimal {
        let text = value.to_string();
        let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
        Decimal::new(whole, fraction)
    }

    fn new(whole: &str, fraction: &str) -> Decimal {
        Decimal {
            whole: whole.trim_start_matches('0').to_string(),
            fraction: fraction.trim_end_matches('0').to_string(),
        }
    }

    /// Divides by 10^`places`.
    fn shifted(&self, places: usize) -> Decimal {
        let padded = format!("{:0>places$}", self.whole);
        let (whole, moved) = padded.split_at(padded.len() - places);
        Decimal::new(whole, &format!("{moved}{}", self.fraction))
    }

    /// Rounds half away from zero to at most `places` decimals.
    fn rounded(&self, places: usize) -> Decimal {
        if self.fraction.len() <= places {
            return self.clone();
        }
        let round_up = self.fraction.as_bytes()[places] >= b'5';
        let kept = format!("{}{}", self.whole, &self.fraction[..places]);
        let kept = if round_up { increment(&kept) } else { kept };
        let split = kept.len() - places;
        Decimal::new(&kept[..split], &kept[split..])
    }

    fn render(&self, separators: bool) -> String {
        let whole = match (self.whole.is_empty(), separators) {
            (true, _) => "0".to_string(),
            (false, true) => group_thousands(&self.whole),
            (false, false) => self.whole.clone(),
        };
        if self.fraction.is_empty() {
            whole
        } else {
            format!("{whole}.{}", self.fraction)
        }
    }
}

/// Adds one to a string of decimal digits, growing it on a final carry.
fn increment(digits: &str) -> String {
    let mut bytes = digits.as_bytes().to_vec();
    for byte in bytes.iter_mut().rev() {
        if *byte == b'9' {
            *byte = b'0';
        } else {
            *byte += 1;
            return String::from_utf8(bytes).unwrap_or_default();
        }
    }
    format!("1{}", String::from_utf8(bytes).unwrap_or_default())
}

fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    use crate::model::Text;

    #[test]
    fn spec_examples() {
        assert_eq!(money(12_167_000_000.0, "zh"), "121.67亿元");
        assert_eq!(money(12_167_000_000.0, "en"), "CNY 12.17 billion");
        assert_eq!(money(180_000.0, "zh"), "18万元");
        assert_eq!(money(180_000.0, "en"), "CNY 180,000");
        assert_eq!(count(967.0, "zh"), "967");
        assert_eq!(count(967.0, "en"), "967");
        assert_eq!(count(560_000.0, "zh"), "56万");
        assert_eq!(count(560_000.0, "en"), "560,000");
        assert_eq!(area(3460.0, "zh"), "3460公顷");
        assert_eq!(area(3460.0, "en"), "3,460 ha");
        let d = Date::new(2024, 3, 12).unwrap();
        assert_eq!(date(d, "zh"), "2024年3月12日");
        assert_eq!(date(d, "en"), "12 March 2024");
    }

    #[test]
    fn counts_in_chinese() {
        let cases = [
            (0.0, "0"),
            (9999.0, "9999"),
            (10_000.0, "1万"),
            (99_999.0, "99999"),
            (100_000.0, "10万"),
            (123_456.0, "123456"),
            (123_400.0, "12.34万"),
            (15_499.0, "15499"),
            (560_000.0, "56万"),
            (99_999_999.0, "99999999"),
            (99_990_000.0, "9999万"),
            (123_400_000.0, "123400000"),
            (100_000_000.0, "1亿"),
            (12_167_000_000.0, "121.67亿"),
            (1_000_000_000_000.0, "10000亿"),
            (9999.6, "1万"),
            (9999.4, "9999"),
        ];
        for (value, expected) in cases {
            assert_eq!(count(value, "zh"), expected, "{value}");
        }
    }

    #[test]
    fn counts_in_english() {
        let cases = [
            (0.0, "0"),
            (9999.0, "9,999"),
            (10_000.0, "10,000"),
            (99_999.0, "99,999"),
            (100_000.0, "100,000"),
            (99_999_999.0, "99,999,999"),
            (100_000_000.0, "100,000,000"),
            (12_167_000_000.0, "12,167,000,000"),
            (999.5, "1,000"),
        ];
        for (value, expected) in cases {
            assert_eq!(count(value, "en"), expected, "{value}");
        }
    }

    #[test]
    fn money_in_both_languages() {
        assert_eq!(money(0.0, "zh"), "0元");
        assert_eq!(money(5000.0, "zh"), "5000元");
        assert_eq!(money(9999.0, "zh"), "9999元");
        assert_eq!(money(10_000.0, "zh"), "1万元");
        assert_eq!(money(99_999_999.0, "zh"), "1亿元");
        assert_eq!(money(2_400_000.0, "zh"), "240万元");
        assert_eq!(money(0.0, "en"), "CNY 0");
        assert_eq!(money(5000.5, "en"), "CNY 5,000.5");
        assert_eq!(money(999_999.0, "en"), "CNY 999,999");
        assert_eq!(money(999_999.999, "en"), "CNY 1 million");
        assert_eq!(money(1_000_000.0, "en"), "CNY 1 million");
        assert_eq!(money(2_400_000.0, "en"), "CNY 2.4 million");
        assert_eq!(money(999_999_999.0, "en"), "CNY 1 billion");
        assert_eq!(money(1_000_000_000.0, "en"), "CNY 1 billion");
        assert_eq!(money(1_500_000_000_000.0, "en"), "CNY 1,500 billion");
    }

    #[test]
    fn decimals_round_as_written() {
        assert_eq!(area(1.33, "zh"), "1.33公顷");
        assert_eq!(area(1.33, "en"), "1.33 ha");
        assert_eq!(area(0.5, "en"), "0.5 ha");
        assert_eq!(area(2.005, "en"), "2.01 ha");
        assert_eq!(area(2.004, "zh"), "2公顷");
        assert_eq!(area(0.001, "en"), "0 ha");
        assert_eq!(area(12_345.0, "zh"), "1.23万公顷");
        assert_eq!(area(12_345.0, "en"), "12,345 ha");
        assert_eq!(count(0.5, "en"), "1");
        assert_eq!(count(0.4, "zh"), "0");
    }

    #[test]
    fn bad_values_do_not_panic() {
        for value in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(count(value, "zh"), MISSING);
            assert_eq!(money(value, "en"), "CNY —");
        }
        assert_eq!(count(-12_345.0, "zh"), "-12345");
        assert_eq!(count(-12_300.0, "zh"), "-1.23万");
        assert_eq!(money(-1_500_000.0, "en"), "CNY -1.5 million");
        assert_eq!(count(-0.0, "en"), "0");
        assert_eq!(count(-0.1, "en"), "0");
        assert_eq!(count(f64::MAX, "en").len(), 309 + 102);
        assert_eq!(area(f64::MIN_POSITIVE, "zh"), "0公顷");
    }

    #[test]
    fn other_units_carry_their_label() {
        let km = Unit::Other(Text(BTreeMap::from([
            ("zh".to_string(), "公里".to_string()),
            ("en".to_string(), "km".to_string()),
        ])));
        assert_eq!(amount(12.0, &km, "zh", "zh"), "12公里");
        assert_eq!(amount(12.0, &km, "en", "zh"), "12 km");
        assert_eq!(amount(1234.567, &km, "en", "zh"), "1,234.57 km");
        assert_eq!(amount(12.0, &km, "fr", "zh"), "12 公里");
        assert_eq!(amount(180_000.0, &Unit::Yuan, "zh", "zh"), "18万元");
        assert_eq!(amount(967.0, &Unit::Count, "en", "zh"), "967");
        assert_eq!(amount(3460.0, &Unit::Hectare, "en", "zh"), "3,460 ha");
        let blank = Unit::Other(Text::default());
        assert_eq!(amount(3.0, &blank, "en", "zh"), "3");
    }

    #[test]
    fn dates_and_periods() {
        let d = Date::new(2023, 7, 1).unwrap();
        assert_eq!(date(d, "fr"), "2023-07-01");
        assert_eq!(month_period("2023", "zh"), "2023年");
        assert_eq!(month_period("2023-07", "zh"), "2023年7月");
        assert_eq!(month_period("2023", "en"), "2023");
        assert_eq!(month_period("2023-07", "en"), "July 2023");
        assert_eq!(month_period("2023-07", "fr"), "2023-07");
        assert_eq!(month_period("2023-13", "en"), "2023-13");
        assert_eq!(month_period("", "zh"), "");
        assert_eq!(month_period("年-", "zh"), "年-");
    }
}
