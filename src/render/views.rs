//! Small views shared by several pages: text that knows its language, dates,
//! story list entries and case timelines.

use std::collections::BTreeMap;

use serde::Serialize;

use super::lang::LangCtx;
use super::{format, markdown};
use crate::model::{Case, Date, Stage, Story, StoryText};
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
    /// Days from the resident's report to the answer, when both are dated.
    pub days_to_answer: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StageView {
    pub key: &'static str,
    pub label: String,
    /// `None` while the stage has not happened.
    pub date: Option<DateView>,
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
            draft: story.draft,
        }
    }

    pub fn place(&self, story: &Story) -> Place {
        let Some(district) = self.site.district(&story.district) else {
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
                date: date.map(|d| self.date(d)),
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
            days_to_answer: super::pages::days_to_answer(&case.stages)
                .map(|d| super::pages::day_count(self, d as f64)),
        }
    }
}
