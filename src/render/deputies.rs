//! The pages of deputies and liaison stations: who represents a resident,
//! and where and when they can be met.
//!
//! "Coming" receptions are decided without the clock, so that the same
//! input gives the same pages: they are those on or after the date of the
//! newest published story (see [`Plan::as_of`]), and every page that splits
//! receptions so says which date that is. The calendar file lists every
//! announced reception, past and coming, and a phone's calendar app sorts
//! them against the real date.

use serde::Serialize;

use super::feed::FeedEntry;
use super::images;
use super::lang::{LangCtx, PageMeta};
use super::pages::{photo_view, share_photo, ImageView};
use super::site_files::{newest_first, story_entries};

use super::views::{DateView, StoryItem, Txt};
use super::{calendar, Plan, Sink};
use crate::model::{hh_mm, Area, Date, Deputy, Level, MonthOrDay, Reception, Station, Story, Text};
use crate::routes::{self, slash};

/// A station's announced receptions as an iCalendar file.
pub(super) fn station_calendar(lang: &LangCtx, s: &Station, sink: &Sink) {
    let ics = calendar::receptions(lang, s);
    sink.file(
        lang.file(&routes::station_calendar(&s.slug)),
        ics.into_bytes(),
    );
}

/// A name, with a note when it is shown in another language than the
/// page's, and a link when the person or place has a page.
#[derive(Debug, Clone, Serialize)]
pub struct NameLink {
    pub name: Txt,
    /// The name is the Chinese one, for want of one in this language.
    pub untranslated: bool,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DeputyItem {
    pub name: NameLink,
    pub level: String,
    pub role: Option<Txt>,
    pub town: Option<Txt>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StationItem {
    pub name: NameLink,
    pub town: Option<Txt>,
    pub address: Option<Txt>,
    pub hours: Option<Txt>,
    pub phone: Option<Phone>,
    pub next: Option<ReceptionView>,
    /// When there is no next reception: why, with the date it is counted from.
    pub no_next: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Phone {
    pub text: String,
    /// For `tel:`: digits and `+` only.
    pub dial: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReceptionView {
    /// Its anchor on the station's page, which feed entries link to.
    pub anchor: String,
    pub date: DateView,
    /// `09:00–11:30`, or `None` when the time was not announced.
    pub time: Option<String>,
    /// For `<time datetime>`: the start in local time with its offset.
    pub start_iso: Option<String>,
    pub deputies: Vec<NameLink>,
}

/// A deputy or a station as the search index holds it: found by its name
/// (in this language and the default one) and its other short texts, and
/// listed among the stories with what it is.
pub(crate) struct SearchDoc {
    pub title: String,
    pub texts: Vec<String>,
    pub district: Area,
    pub item: SearchItem,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct SearchItem {
    pub title: Txt,
    pub url: String,
    /// "Deputy" or "Liaison station", shown before the place.
    pub kind: String,
    pub place: super::views::Place,
    pub summary: Option<Txt>,
}

impl<'a> LangCtx<'a> {
    /// Every deputy, then every station, for the search index.
    pub(crate) fn search_people(&self) -> Vec<SearchDoc> {
        let site = self.site;
        let default = |t: &Text| t.0.get(self.default).cloned().unwrap_or_default();
        let place = |district: &Area, town: Option<&str>| {
            let Some(d) = site.area(district) else {
                return super::views::Place {
                    district: self.txt(&self.t("citywide"), false),
                    url: None,
                    town: None,
                };
            };
            let url = self.url(&routes::district(&d.slug));
            super::views::Place {
                district: self.text(&d.name),
                town: town
                    .and_then(|slug| d.towns.iter().find(|t| t.slug == slug))
                    .map(|t| super::views::Link {
                        label: self.text(&t.name),
                        url: format!("{url}#town-{}", t.slug),
                    }),
                url: Some(url),
            }
        };
        let mut out = Vec::new();
        for d in &site.deputies {
            let item = self.deputy_item(d);
            let mut texts = vec![default(&d.name), item.level.clone()];
            texts.extend(d.role.iter().map(|r| self.text(r).text));
            texts.extend(d.occupation.iter().map(|o| self.text(o).text));
            texts.extend(
                d.stations
                    .iter()
                    .filter_map(|s| site.station(s))
                    .map(|s| self.text(&s.name).text),
            );
            out.push(SearchDoc {
                title: item.name.name.text.clone(),
                texts,
                district: d.district.clone(),
                item: SearchItem {
                    title: item.name.name.clone(),
                    url: self.url(&routes::deputy(&d.slug)),
                    kind: self.t("search_kind_deputy"),
                    place: place(&d.district, d.town.as_deref()),
                    summary: item.role.clone(),
                },
            });
        }
        for s in &site.stations {
            let name = self.text(&s.name);
            let mut texts = vec![default(&s.name)];
            texts.extend(s.address.iter().map(|a| self.text(a).text));
            texts.extend(s.hours.iter().map(|h| self.text(h).text));
            out.push(SearchDoc {
                title: name.text.clone(),
                texts,
                district: s.district.clone(),
                item: SearchItem {
                    title: name,
                    url: self.url(&routes::station(&s.slug)),
                    kind: self.t("search_kind_station"),
                    place: place(&s.district, s.town.as_deref()),
                    summary: s.address.as_ref().map(|a| self.text(a)),
                },
            });
        }
        out
    }

    /// A deputy's or station's name: the English one where given,
    /// otherwise the Chinese one, marked.
    fn name_link(&self, name: &Text, url: Option<String>) -> NameLink {
        let txt = self.text(name);
        NameLink {
            untranslated: txt.lang.is_some(),
            name: txt,
            url,
        }
    }

    pub(crate) fn deputy_item(&self, d: &Deputy) -> DeputyItem {
        DeputyItem {
            name: self.name_link(&d.name, Some(self.url(&routes::deputy(&d.slug)))),
            level: self.t(&format!("level_{}", d.level.key())),
            role: d.role.as_ref().map(|r| self.text(r)),
            town: self.town_name(&d.district, d.town.as_deref()),
        }
    }

    fn town_name(&self, district: &Area, town: Option<&str>) -> Option<Txt> {
        let town = town?;
        let d = self.site.area(district)?;
        let t = d.towns.iter().find(|t| t.slug == town)?;
        Some(self.text(&t.name))
    }

    pub(crate) fn station_item(&self, s: &Station) -> StationItem {
        let next = coming(self.plan, s).next();
        StationItem {
            name: self.name_link(&s.name, Some(self.url(&routes::station(&s.slug)))),
            town: self.town_name(&s.district, s.town.as_deref()),
            address: s.address.as_ref().map(|a| self.text(a)),
            hours: s.hours.as_ref().map(|h| self.text(h)),
            phone: s.phone.as_ref().map(|p| phone(p)),
            next: next.map(|r| self.reception(r)),
            no_next: match (next, s.receptions.is_empty(), self.plan.as_of()) {
                (None, false, Some(as_of)) => Some(
                    self.t("no_coming_reception")
                        .replace("{date}", &self.date(as_of).text),
                ),
                _ => None,
            },
        }
    }

    fn reception(&self, r: &Reception) -> ReceptionView {
        let deputies = r
            .deputies
            .iter()
            .filter_map(|slug| self.site.deputy(slug))
            .map(|d| self.name_link(&d.name, Some(self.url(&routes::deputy(&d.slug)))))
            .collect();
        ReceptionView {
            anchor: routes::reception_anchor(r),
            date: self.date(r.date),
            time: r
                .times
                .map(|(start, end)| format!("{}–{}", hh_mm(start), hh_mm(end))),
            start_iso: r
                .times
                .map(|(start, _)| format!("{}T{}+08:00", r.date, hh_mm(start))),
            deputies,
        }
    }

    /// The announced receptions that `wanted` keeps, every station's, as
    /// feed entries: each is news to the residents it serves. An entry is
    /// dated by the day of the session, not by when it was announced (which
    /// the content does not say), and its id is the session's place on the
    /// station's page, made from the station, the day and the start.
    pub(crate) fn reception_entries(
        &self,
        wanted: impl Fn(&Station, &Reception) -> bool,
    ) -> Vec<FeedEntry> {
        let mut out = Vec::new();
        for s in &self.site.stations {
            let name = self.text(&s.name).text;
            let page = self.url(&routes::station(&s.slug));
            for r in s.receptions.iter().filter(|r| wanted(s, r)) {
                let view = self.reception(r);
                let when = match &view.time {
                    Some(time) => format!("{} {time}", view.date.text),
                    None => view.date.text.clone(),
                };
                let mut summary = Vec::new();
                if !view.deputies.is_empty() {
                    // A name shown in Chinese on an English feed says so,
                    // as it does on the pages.
                    let names: Vec<String> = view
                        .deputies
                        .iter()
                        .map(|d| match d.untranslated {
                            true => format!("{} {}", d.name.text, self.t("name_in_chinese")),
                            false => d.name.text.clone(),
                        })
                        .collect();
                    summary.push(format!(
                        "{}{}{}",
                        self.t("reception_deputies"),
                        self.t("colon"),
                        names.join(&self.t("list_separator"))
                    ));
                }
                if view.time.is_none() {
                    summary.push(self.t("reception_all_day"));
                }
                if let Some(address) = &s.address {
                    summary.push(format!(
                        "{}{}{}",
                        self.t("address"),
                        self.t("colon"),
                        self.text(address).text
                    ));
                }
                if let Some(phone) = &s.phone {
                    summary.push(format!("{}{}{phone}", self.t("phone"), self.t("colon")));
                }
                let url = format!("{page}#{}", view.anchor);
                out.push(FeedEntry {
                    id: url.clone(),
                    title: self
                        .t("reception_entry")
                        .replace("{station}", &name)
                        .replace("{when}", &when),
                    url,
                    updated: r.date,
                    summary: (!summary.is_empty()).then(|| summary.join("\n")),
                    author: None,
                });
            }
        }
        out
    }

    /// A story's `deputies` entries: those that name a deputy link to them.
    pub(crate) fn story_deputies(&self, story: &Story) -> Vec<NameLink> {
        story
            .deputies
            .iter()
            .map(|entry| match self.site.deputy_named(entry) {
                Some(d) => self.name_link(&d.name, Some(self.url(&routes::deputy(&d.slug)))),
                None => NameLink {
                    name: Txt {
                        text: entry.clone(),
                        lang: (self.code != self.default).then(|| routes::html_lang(self.default)),
                    },
                    untranslated: false,
                    url: None,
                },
            })
            .collect()
    }

    /// What a district page shows of its deputies and stations.
    pub(crate) fn district_people(&self, district: &str) -> (Vec<DeputyItem>, Vec<StationItem>) {
        let mut deputies: Vec<&Deputy> = self
            .site
            .deputies
            .iter()
            .filter(|d| d.district.is(district))
            .collect();
        deputies.sort_by(|a, b| (a.level, &a.slug).cmp(&(b.level, &b.slug)));
        let stations = self
            .site
            .stations
            .iter()
            .filter(|s| s.district.is(district))
            .map(|s| self.station_item(s))
            .collect();
        (
            deputies.into_iter().map(|d| self.deputy_item(d)).collect(),
            stations,
        )
    }

    /// The station of a town, for its anchor on the district page.
    pub(crate) fn town_station(&self, district: &str, town: &str) -> Option<NameLink> {
        let s = self
            .site
            .stations
            .iter()
            .find(|s| s.district.is(district) && s.town.as_deref() == Some(town))?;
        Some(self.name_link(&s.name, Some(self.url(&routes::station(&s.slug)))))
    }

    fn district_heading(&self, area: &Area) -> (Txt, Option<String>) {
        match self.site.area(area) {
            Some(d) => (
                self.text(&d.name),
                Some(self.url(&routes::district(&d.slug))),
            ),
            None => (self.txt(&self.t("citywide"), false), None),
        }
    }

    fn meta<'p>(&self, route: &'p str, title: &'p str, section: &'static str) -> PageMeta<'p> {
        PageMeta {
            route,
            title: Some(title),
            description: None,
            section,
            translated: None,
            extra_feed: None,
        }
    }

    fn emit(&self, sink: &Sink, meta: PageMeta, template: &str, page: &impl Serialize) {
        let path = self.file(meta.route);
        let context = self.context(meta, page);
        sink.page(path, template, &context);
    }
}

fn phone(p: &str) -> Phone {
    Phone {
        text: p.to_string(),
        dial: p
            .chars()
            .take_while(|c| *c != '转' && *c != ',')
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect(),
    }
}

/// Receptions on or after the site's date, soonest first.
fn coming<'s>(plan: &Plan, s: &'s Station) -> impl Iterator<Item = &'s Reception> {
    let as_of = plan.as_of();
    s.receptions
        .iter()
        .filter(move |r| as_of.is_none_or(|d| r.date >= d))
}

/// Districts in their order, then the city as a whole.
/// The site's districts in their order, then the city.
fn district_order(lang: &LangCtx) -> Vec<Area> {
    let mut all: Vec<Area> = lang
        .site
        .districts
        .iter()
        .map(|d| Area::District(d.slug.clone()))
        .collect();
    all.push(Area::City);
    all
}

#[derive(Serialize)]
struct DeputiesPage {
    groups: Vec<DistrictGroup>,
    stations: String,
}

#[derive(Serialize)]
struct DistrictGroup {
    id: String,
    name: Txt,
    url: Option<String>,
    levels: Vec<LevelGroup>,
}

#[derive(Serialize)]
struct LevelGroup {
    label: String,
    deputies: Vec<DeputyItem>,
}

pub(super) fn deputies_page(lang: &LangCtx, sink: &Sink) {
    let groups = district_order(lang)
        .into_iter()
        .filter_map(|district| {
            let levels: Vec<LevelGroup> = Level::ALL
                .iter()
                .filter_map(|&level| {
                    let deputies: Vec<DeputyItem> = lang
                        .site
                        .deputies
                        .iter()
                        .filter(|d| d.district == district && d.level == level)
                        .map(|d| lang.deputy_item(d))
                        .collect();
                    (!deputies.is_empty()).then(|| LevelGroup {
                        label: lang.t(&format!("level_{}", level.key())),
                        deputies,
                    })
                })
                .collect();
            if levels.is_empty() {
                return None;
            }
            let (name, url) = lang.district_heading(&district);
            Some(DistrictGroup {
                id: format!("district-{district}"),
                name,
                url,
                levels,
            })
        })
        .collect();
    let page = DeputiesPage {
        groups,
        stations: lang.url(routes::STATIONS),
    };
    let title = lang.t("deputies_title");
    let mut meta = lang.meta(routes::DEPUTIES, &title, "deputies");
    meta.description = Some(lang.t("deputies_description"));
    lang.emit(sink, meta, "deputies.html", &page);
}

#[derive(Serialize)]
struct DeputyPage {
    name: NameLink,
    level: String,
    district: Txt,
    district_url: Option<String>,
    town: Option<Txt>,
    role: Option<Txt>,
    occupation: Option<Txt>,
    terms: Vec<TermView>,
    stations: Vec<StationItem>,
    photo: Option<ImageView>,
    stories: Vec<StoryItem>,
    cases: Vec<StoryItem>,
    as_of: Option<String>,
    feed: String,
    source: String,
}

#[derive(Serialize)]
struct TermView {
    congress: Txt,
    from: String,
    span: String,
}

fn month_or_day(lang: &LangCtx, d: MonthOrDay) -> String {
    match d {
        MonthOrDay::Day(day) => lang.date(day).text,
        MonthOrDay::Month { .. } => super::format::month_period(&d.to_string(), lang.code),
    }
}

/// The published stories that name `d`, newest first.
fn stories_naming<'a>(lang: &LangCtx<'a>, d: &Deputy) -> Vec<&'a Story> {
    lang.plan
        .stories
        .iter()
        .copied()
        .filter(|s| {
            s.deputies
                .iter()
                .any(|e| lang.site.deputy_named(e).is_some_and(|x| x.slug == d.slug))
        })
        .collect()
}

/// An Atom feed of the stories that name a deputy, as each district has
/// one of its stories, and of the receptions the deputy is announced at.
pub(super) fn deputy_feed(lang: &LangCtx, d: &Deputy, sink: &Sink) {
    let name = lang.text(&d.name).text;
    let site_title = lang.text(&lang.site.config.title).text;
    let route = routes::deputy_feed(&d.slug);
    let entries = newest_first(
        story_entries(lang, stories_naming(lang, d).into_iter()),
        [lang.reception_entries(|_, r| r.deputies.contains(&d.slug))],
    );
    let xml = super::feed::atom(
        &format!("{name} | {site_title}"),
        &lang.url(&route),
        &lang.url(&routes::deputy(&d.slug)),
        lang.code,
        &entries,
    );
    sink.file(lang.file(&route), xml.into_bytes());
}

/// The deputies a station's page lists: those who name it among their
/// stations, and those announced to receive there.
fn station_deputies<'a>(lang: &LangCtx<'a>, s: &Station) -> Vec<&'a Deputy> {
    let mut deputies: Vec<&Deputy> = lang
        .site
        .deputies
        .iter()
        .filter(|d| {
            d.stations.contains(&s.slug)
                || s.receptions.iter().any(|r| r.deputies.contains(&d.slug))
        })
        .collect();
    deputies.sort_by(|a, b| (a.level, &a.slug).cmp(&(b.level, &b.slug)));
    deputies
}

/// The published stories whose text (in any language) links the station
/// by its file, `@/stations/<slug>.yaml`: a story has no station field, and
/// the link is how an editor says the story happened there. Newest first.
fn stories_linking<'a>(lang: &LangCtx<'a>, s: &Station) -> Vec<&'a Story> {
    let wanted = format!("stations/{}.yaml", s.slug);
    lang.plan
        .stories
        .iter()
        .copied()
        .filter(|story| {
            story.texts.values().any(|t| {
                // Most bodies link no station: a search is far cheaper than a parse.
                t.body.contains("@/")
                    && crate::load::markdown::links(&t.body).iter().any(|l| {
                        let (path, _) = crate::load::links::split_suffix(&l.dest);
                        path.strip_prefix(crate::load::links::CONTENT)
                            .map(|p| p.strip_prefix("content/").unwrap_or(p))
                            == Some(wanted.as_str())
                    })
            })
        })
        .collect()
}

/// An Atom feed of a station's receptions, of the stories that link it
/// and of those that name the deputies it lists: what a resident who goes
/// there would follow.
pub(super) fn station_feed(lang: &LangCtx, s: &Station, sink: &Sink) {
    let name = lang.text(&s.name).text;
    let site_title = lang.text(&lang.site.config.title).text;
    let route = routes::station_feed(&s.slug);
    let deputies = station_deputies(lang, s);
    let linking = stories_linking(lang, s);
    let stories = lang.plan.stories.iter().copied().filter(|story| {
        linking.iter().any(|l| l.slug == story.slug)
            || story.deputies.iter().any(|e| {
                lang.site
                    .deputy_named(e)
                    .is_some_and(|x| deputies.iter().any(|d| d.slug == x.slug))
            })
    });
    let entries = newest_first(
        story_entries(lang, stories),
        [lang.reception_entries(|station, _| station.slug == s.slug)],
    );
    let xml = super::feed::atom(
        &format!("{name} | {site_title}"),
        &lang.url(&route),
        &lang.url(&routes::station(&s.slug)),
        lang.code,
        &entries,
    );
    sink.file(lang.file(&route), xml.into_bytes());
}

pub(super) fn deputy_page(lang: &LangCtx, d: &Deputy, sink: &Sink) {
    let stories = stories_naming(lang, d);
    let (district, district_url) = lang.district_heading(&d.district);
    let stations: Vec<StationItem> = d
        .stations
        .iter()
        .filter_map(|slug| lang.site.station(slug))
        .map(|s| lang.station_item(s))
        .collect();
    let page = DeputyPage {
        name: lang.name_link(&d.name, None),
        level: lang.t(&format!("level_{}", d.level.key())),
        district,
        district_url,
        town: lang.town_name(&d.district, d.town.as_deref()),
        role: d.role.as_ref().map(|r| lang.text(r)),
        occupation: d.occupation.as_ref().map(|o| lang.text(o)),
        terms: d
            .terms
            .iter()
            .map(|t| {
                let from = month_or_day(lang, t.from);
                let to = match t.to {
                    Some(to) => month_or_day(lang, to),
                    None => lang.t("term_current"),
                };
                TermView {
                    congress: lang.text(&t.congress),
                    span: lang
                        .t("term_from_to")
                        .replace("{from}", &from)
                        .replace("{to}", &to),
                    from,
                }
            })
            .collect(),
        as_of: as_of_note(
            lang,
            stations
                .iter()
                .any(|s| s.next.is_some() || s.no_next.is_some()),
        ),
        stations,
        photo: d.photo.as_ref().map(|p| photo(lang, d, p)),
        stories: stories
            .iter()
            .filter(|s| s.case.is_none())
            .map(|s| lang.story_item(s))
            .collect(),
        cases: stories
            .iter()
            .filter(|s| s.case.is_some())
            .map(|s| lang.story_item(s))
            .collect(),
        feed: lang.url(&routes::deputy_feed(&d.slug)),
        source: slash(&d.source),
    };
    let route = routes::deputy(&d.slug);
    let title = page.name.name.text.clone();
    let mut meta = lang.meta(&route, &title, "deputies");
    let role = page
        .role
        .as_ref()
        .map(|r| r.text.clone())
        .unwrap_or(page.level.clone());
    meta.description = Some(format!("{title}{}{role}", lang.t("colon")));
    let site_title = lang.text(&lang.site.config.title).text;
    meta.extra_feed = Some(super::lang::FeedLink {
        title: format!("{title} | {site_title}"),
        url: page.feed.clone(),
    });
    // A link to the page shows the deputy's photo, where there is one.
    let share = d.photo.as_ref().and_then(|p| {
        let resized = lang.plan.options.photos.get(&images::deputy_source(d, p))?;
        let path = routes::deputy_photo(&d.slug, &p.src);
        share_photo(lang, resized, &path, &lang.text(&p.alt).text)
    });
    let path = lang.file(meta.route);
    let context = lang.context_shared(meta, &page, share);
    sink.page(path, "deputy.html", &context);
}

/// The sentence saying from which date receptions count as coming.
fn as_of_note(lang: &LangCtx, needed: bool) -> Option<String> {
    let as_of = lang.plan.as_of()?;
    needed.then(|| {
        lang.t("receptions_as_of")
            .replace("{date}", &lang.date(as_of).text)
    })
}

#[derive(Serialize)]
struct StationsPage {
    groups: Vec<StationGroup>,
    as_of: Option<String>,
    deputies: Option<String>,
}

#[derive(Serialize)]
struct StationGroup {
    id: String,
    name: Txt,
    url: Option<String>,
    stations: Vec<StationItem>,
}

pub(super) fn stations_page(lang: &LangCtx, sink: &Sink) {
    let groups: Vec<StationGroup> = district_order(lang)
        .into_iter()
        .filter_map(|district| {
            let stations: Vec<StationItem> = lang
                .site
                .stations
                .iter()
                .filter(|s| s.district == district)
                .map(|s| lang.station_item(s))
                .collect();
            if stations.is_empty() {
                return None;
            }
            let (name, url) = lang.district_heading(&district);
            Some(StationGroup {
                id: format!("district-{district}"),
                name,
                url,
                stations,
            })
        })
        .collect();
    let any_receptions = lang.site.stations.iter().any(|s| !s.receptions.is_empty());
    let page = StationsPage {
        groups,
        as_of: as_of_note(lang, any_receptions),
        deputies: (!lang.site.deputies.is_empty()).then(|| lang.url(routes::DEPUTIES)),
    };
    let title = lang.t("stations_title");
    let mut meta = lang.meta(routes::STATIONS, &title, "stations");
    meta.description = Some(lang.t("stations_description"));
    lang.emit(sink, meta, "stations.html", &page);
}

#[derive(Serialize)]
struct StationPage {
    station: StationItem,
    district: Txt,
    district_url: Option<String>,
    /// `geo:` URI, which phones open in their map app.
    geo: Option<String>,
    deputies: Vec<DeputyItem>,
    coming: Vec<ReceptionView>,
    past: Vec<ReceptionView>,
    as_of: Option<String>,
    calendar: Option<String>,
    /// The stories that link the station.
    stories: Vec<StoryItem>,
    feed: String,
    source: String,
}

pub(super) fn station_page(lang: &LangCtx, s: &Station, sink: &Sink) {
    let (district, district_url) = lang.district_heading(&s.district);
    let deputies = station_deputies(lang, s);
    let as_of: Option<Date> = lang.plan.as_of();
    let is_coming = |r: &&Reception| as_of.is_none_or(|d| r.date >= d);
    let page = StationPage {
        station: lang.station_item(s),
        district,
        district_url,
        geo: s.location.map(|l| format!("geo:{},{}", l.lat, l.lon)),
        deputies: deputies.into_iter().map(|d| lang.deputy_item(d)).collect(),
        coming: s
            .receptions
            .iter()
            .filter(is_coming)
            .map(|r| lang.reception(r))
            .collect(),
        past: s
            .receptions
            .iter()
            .rev()
            .filter(|r| !is_coming(r))
            .map(|r| lang.reception(r))
            .collect(),
        as_of: as_of_note(lang, !s.receptions.is_empty()),
        calendar: (!s.receptions.is_empty()).then(|| lang.url(&routes::station_calendar(&s.slug))),
        stories: stories_linking(lang, s)
            .into_iter()
            .map(|story| lang.story_item(story))
            .collect(),
        feed: lang.url(&routes::station_feed(&s.slug)),
        source: slash(&s.source),
    };
    let route = routes::station(&s.slug);
    let title = page.station.name.name.text.clone();
    let mut meta = lang.meta(&route, &title, "stations");
    meta.description = page
        .station
        .address
        .as_ref()
        .map(|a| format!("{title}{}{}", lang.t("colon"), a.text));
    let site_title = lang.text(&lang.site.config.title).text;
    meta.extra_feed = Some(super::lang::FeedLink {
        title: format!("{title} | {site_title}"),
        url: page.feed.clone(),
    });
    lang.emit(sink, meta, "station.html", &page);
}

/// How wide a deputy's photo is shown (`.deputy-photo img` in the theme).
const PHOTO_SIZES: &str = "12rem";

/// Published beside the deputy's page; resized when it is a photo renda
/// can resize, so that a phone fetches a copy a few hundred pixels wide
/// rather than the file from the camera.
fn photo(lang: &LangCtx, d: &Deputy, photo: &crate::model::Photo) -> ImageView {
    let path = routes::deputy_photo(&d.slug, &photo.src);
    let resized = lang
        .plan
        .options
        .photos
        .get(&images::deputy_source(d, photo));
    let (alt, credit) = (lang.text(&photo.alt), photo.credit.clone());
    photo_view(lang, &path, alt, credit, resized, PHOTO_SIZES)
}

/// The resized copies of deputies' photos, once for every language.
pub(crate) fn photos(plan: &Plan, sink: &Sink) {
    for d in &plan.site.deputies {
        let Some(photo) = &d.photo else { continue };
        let Some(resized) = plan.options.photos.get(&images::deputy_source(d, photo)) else {
            continue;
        };
        let path = routes::deputy_photo(&d.slug, &photo.src);
        for (file, bytes) in resized.copies(&path) {
            sink.file(file, bytes.as_ref().clone());
        }
    }
}
