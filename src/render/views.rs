//! Small views shared by several pages: text that knows its language, dates,
//! story list entries and case timelines.

use std::collections::BTreeMap;

use serde::Serialize;

use super::lang::LangCtx;
use super::{format, markdown};
use crate::model::{Case, Date, EventDate, Precision, Stage, Story, StoryText};
use crate::routes;

/// Text as shown, with the `lang` attribute it needs when it is not in the
/// page's language (an untranslated fallback).
#[derive(Debug, Clone, Serialize)]
pub struct Txt {
    pub text: String,
    pub lang: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// For `<time datetime>`.
    pub iso: String,
    pub text: String,
}

/// A date that may be a month, a year, an estimate or unknown, shown as
/// what it is: 约2023年5月15日（估计）, 2023年3月, 日期不详.
#[derive(Debug, Clone, Serialize)]
pub struct EventDateView {
    /// For `<time datetime>`, to the date's precision; `None` when unknown.
    pub iso: Option<String>,
    pub text: String,
    /// `day`, `month`, `year` or `unknown`, for styling.
    pub precision: &'static str,
    pub estimated: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub label: Txt,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Status {
    /// The front-matter value, for styling.
    pub key: &'static str,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StoryItem {
    pub title: Txt,
    pub url: String,
    pub date: DateView,
    pub place: Place,
    pub summary: Option<Txt>,
    pub status: Option<Status>,
    /// A case's latest stage and its date, as shown beside the status:
    /// 结果反馈：日期不详.
    pub latest_stage: Option<String>,
    pub draft: bool,
}

/// Where a story happened: its district (or the whole city) and town.
#[derive(Debug, Clone, Serialize)]
pub struct Place {
    pub district: Txt,
    /// `None` for the city as a whole, which has no page of its own.
    pub url: Option<String>,
    pub town: Option<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CaseView {
    pub status: Status,
    pub closed: bool,
    pub stages: Vec<StageView>,
    pub rating: Option<Status>,
    pub funding: Option<String>,
    /// Days from the resident's report to the answer, when both are
    /// exact, recorded days.
    pub days_to_answer: Option<String>,
    /// Why the days to answer are not given, for a closed case.
    pub days_not_computable: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StageView {
    pub key: &'static str,
    pub label: String,
    /// `None` while the stage has not happened.
    pub date: Option<EventDateView>,
}

/// The text in `code`, or the default language's with `true` for "this is
/// a fallback". `None` only when there is no text at all.
pub fn pick<'t, T>(
    texts: &'t BTreeMap<String, T>,
    code: &str,
    default: &str,
) -> Option<(&'t T, bool)> {
    if let Some(text) = texts.get(code) {
        return Some((text, false));
    }
    texts
        .get(default)
        .or_else(|| texts.values().next())
        .map(|text| (text, true))
}

/// A meta description or list summary from Markdown, cut at a word or
/// character boundary near `max` characters.
pub fn excerpt(markdown_text: &str, max: usize) -> String {
    let plain = markdown::plain_text(markdown_text);
    let plain = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    if plain.chars().count() <= max {
        return plain;
    }
    let cut: String = plain.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => cut[..i].to_string(),
        _ => cut,
    };
    format!("{}…", cut.trim_end())
}

impl<'a> LangCtx<'a> {
    pub fn date(&self, date: Date) -> DateView {
        DateView {
            iso: date.to_string(),
            text: format::date(date, self.code),
        }
    }

    /// A date of any precision, marked as what it is in this language.
    pub fn event_date(&self, date: &EventDate) -> EventDateView {
        let text = match (date.precision, date.start) {
            (Precision::Day, Some(d)) => format::date(d, self.code),
            (Precision::Month | Precision::Year, Some(_)) => {
                format::month_period(&date.iso().unwrap_or_default(), self.code)
            }
            _ => self.t("date_unknown"),
        };
        let text = if date.estimated {
            self.t("date_estimated").replace("{date}", &text)
        } else {
            text
        };
        EventDateView {
            iso: date.iso(),
            text,
            precision: date.precision.key(),
            estimated: date.estimated,
        }
    }

    /// The story's text in this language, or the default one as a fallback.
    pub fn story_text(&self, story: &'a Story) -> (&'a StoryText, bool) {
        pick(&story.texts, self.code, self.default).expect("a story always has its default text")
    }

    pub fn story_item(&self, story: &'a Story) -> StoryItem {
        let (text, fallback) = self.story_text(story);
        let summary = match &text.summary {
            Some(s) => Some(s.clone()),
            None => Some(excerpt(&text.body, 120)).filter(|s| !s.is_empty()),
        };
        StoryItem {
            title: self.txt(&text.title, fallback),
            url: self.url(&routes::story(&story.slug)),
            date: self.date(story.date),
            place: self.place(story),
            summary: summary.map(|s| self.txt(&s, fallback)),
            status: story.case.as_ref().map(|c| self.status(c)),
            latest_stage: story.case.as_ref().and_then(|c| self.latest_stage(c)),
            draft: story.draft,
        }
    }

    pub fn place(&self, story: &Story) -> Place {
        let Some(district) = self.site.area(&story.district) else {
            return Place {
                district: self.txt(&self.t("citywide"), false),
                url: None,
                town: None,
            };
        };
        let url = self.url(&routes::district(&district.slug));
        let town = story
            .town
            .as_deref()
            .and_then(|slug| district.towns.iter().find(|t| t.slug == slug))
            .map(|town| Link {
                label: self.text(&town.name),
                url: format!("{url}#town-{}", town.slug),
            });
        Place {
            district: self.text(&district.name),
            url: Some(url),
            town,
        }
    }

    /// The last stage the case has reached, with its date as what it is.
    pub fn latest_stage(&self, case: &Case) -> Option<String> {
        let (stage, date) = Stage::ALL
            .iter()
            .zip(case.stages.iter())
            .rev()
            .find_map(|(s, d)| Some((s, d.as_ref()?)))?;
        Some(format!(
            "{}{}{}",
            self.t(&format!("stage_{}", stage.key())),
            self.t("colon"),
            self.event_date(date).text
        ))
    }

    pub fn status(&self, case: &Case) -> Status {
        let key = case.status.key();
        Status {
            key,
            label: self.t(&format!("status_{}", key.replace('-', "_"))),
        }
    }

    pub fn case(&self, case: &Case) -> CaseView {
        let stages = Stage::ALL
            .iter()
            .zip(case.stages.iter())
            .map(|(stage, date)| StageView {
                key: stage.key(),
                label: self.t(&format!("stage_{}", stage.key())),
                date: date.as_ref().map(|d| self.event_date(d)),
            })
            .collect();
        CaseView {
            status: self.status(case),
            closed: case.status.is_closed(),
            stages,
            rating: case.rating.map(|r| Status {
                key: r.key(),
                label: self.t(&format!("rating_{}", r.key().replace('-', "_"))),
            }),
            funding: case.funding_cny.map(|v| format::money(v, self.code)),
            days_to_answer: case
                .days_to_answer()
                .map(|d| super::pages::day_count(self, d as f64)),
            days_not_computable: (case.status.is_closed() && case.days_to_answer().is_none())
                .then(|| self.t("days_not_computable")),
        }
    }
}
