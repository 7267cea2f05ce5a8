//! The HTML pages of one language, one function per kind of page.

use rayon::prelude::*;
use serde::Serialize;

use super::figures::{FigureGroup, PeriodSection, Table};
use super::lang::{FeedLink, LangCtx, PageMeta};
use super::views::{excerpt, pick, CaseView, DateView, Link, Place, StoryItem, Txt};
use super::{markdown, urls, Sink};
use crate::model::{District, Page, Story, Topic};

/// How many stories the home page lists.
const HOME_STORIES: usize = 10;
/// Longest meta description, in characters.
const DESCRIPTION: usize = 150;

pub(crate) fn render_all(lang: &LangCtx, sink: &Sink) {
    let plan = lang.plan;
    home(lang, sink);
    story_lists(lang, sink);
    plan.stories.par_iter().for_each(|s| story(lang, s, sink));
    districts(lang, sink);
    lang.site
        .districts
        .par_iter()
        .for_each(|d| district(lang, d, sink));
    topics(lang, sink);
    lang.site
        .config
        .topics
        .par_iter()
        .for_each(|t| topic(lang, t, sink));
    stats(lang, sink);
    lang.site
        .pages
        .par_iter()
        .for_each(|p| free_page(lang, p, sink));
    not_found(lang, sink);
}

/// Renders a page of `template` at `route`.
fn emit(lang: &LangCtx, sink: &Sink, meta: PageMeta, template: &str, page: &impl Serialize) {
    let path = lang.file(meta.route);
    let context = lang.context(meta, page);
    sink.page(path, template, &context);
}

fn meta<'p>(route: &'p str, title: Option<&'p str>, section: &'static str) -> PageMeta<'p> {
    PageMeta {
        route,
        title,
        description: None,
        section,
        translated: None,
        extra_feed: None,
    }
}

#[derive(Serialize)]
struct HomePage {
    figures: Vec<FigureGroup>,
    stories: Vec<StoryItem>,
    all_stories: String,
    districts: Vec<DistrictItem>,
    stats: String,
}

#[derive(Serialize)]
struct DistrictItem {
    name: Txt,
    url: String,
    kind: String,
    summary: Txt,
    stories: String,
}

fn home(lang: &LangCtx, sink: &Sink) {
    let page = HomePage {
        figures: lang.headline_figures(),
        stories: items(lang, lang.plan.stories.iter().take(HOME_STORIES).copied()),
        all_stories: lang.url(urls::STORIES),
        districts: district_items(lang),
        stats: lang.url(urls::STATS),
    };
    let mut meta = meta(urls::HOME, None, "home");
    meta.description = Some(lang.t("site_description"));
    emit(lang, sink, meta, "home.html", &page);
}

fn items<'a>(lang: &LangCtx<'a>, stories: impl Iterator<Item = &'a Story>) -> Vec<StoryItem> {
    stories.map(|s| lang.story_item(s)).collect()
}

fn district_items(lang: &LangCtx) -> Vec<DistrictItem> {
    lang.site
        .districts
        .iter()
        .map(|d| DistrictItem {
            name: lang.text(&d.name),
            url: lang.url(&urls::district(&d.slug)),
            kind: lang.t(&format!("kind_{}", d.kind.key().replace('-', "_"))),
            summary: lang.text(&d.summary),
            stories: lang.counted("stories_count", lang.plan.stories_in(&d.slug).len()),
        })
        .collect()
}

#[derive(Serialize)]
struct StoryList {
    stories: Vec<StoryItem>,
    number: usize,
    pages: usize,
    prev: Option<String>,
    next: Option<String>,
}

fn story_lists(lang: &LangCtx, sink: &Sink) {
    let stories = &lang.plan.stories;
    let pages = stories.len().div_ceil(urls::PER_PAGE).max(1);
    (1..=pages).into_par_iter().for_each(|number| {
        let chunk = stories
            .iter()
            .skip((number - 1) * urls::PER_PAGE)
            .take(urls::PER_PAGE);
        let page = StoryList {
            stories: items(lang, chunk.copied()),
            number,
            pages,
            prev: (number > 1).then(|| lang.url(&urls::story_list(number - 1))),
            next: (number < pages).then(|| lang.url(&urls::story_list(number + 1))),
        };
        let route = urls::story_list(number);
        let title = if number == 1 {
            lang.t("stories_title")
        } else {
            let n = number.to_string();
            let numbered = lang.t("page_number").replace("{n}", &n);
            format!("{} · {numbered}", lang.t("stories_title"))
        };
        emit(
            lang,
            sink,
            meta(&route, Some(&title), "stories"),
            "stories.html",
            &page,
        );
    });
}

#[derive(Serialize)]
struct StoryPage {
    title: Txt,
    date: DateView,
    place: Place,
    topics: Vec<Link>,
    deputies: Vec<String>,
    /// Names are written once, in the default language's file.
    names_lang: Option<String>,
    summary: Option<Txt>,
    image: Option<ImageView>,
    body: String,
    /// Set on the article when its text is a fallback.
    content_lang: Option<String>,
    untranslated: bool,
    case: Option<CaseView>,
    source: String,
    draft: bool,
}

#[derive(Serialize)]
struct ImageView {
    src: String,
    alt: Txt,
    credit: Option<String>,
}

fn story(lang: &LangCtx, story: &Story, sink: &Sink) {
    let (text, fallback) = lang.story_text(story);
    let page = StoryPage {
        title: lang.txt(&text.title, fallback),
        date: lang.date(story.date),
        place: lang.place(story),
        topics: topic_links(lang, story),
        deputies: story.deputies.clone(),
        names_lang: (lang.code != lang.default).then(|| urls::html_lang(lang.default)),
        summary: text.summary.as_ref().map(|s| lang.txt(s, fallback)),
        image: image(lang, story, text.image_alt.as_deref(), fallback),
        body: markdown::to_html(&text.body, lang.site.config.allow_html),
        content_lang: fallback.then(|| urls::html_lang(lang.default)),
        untranslated: fallback,
        case: story.case.as_ref().map(|c| lang.case(c)),
        source: slash(&text.source),
        draft: story.draft,
    };
    let route = urls::story(&story.slug);
    let mut meta = meta(&route, Some(&text.title), "stories");
    meta.description = Some(description(text.summary.as_deref(), &text.body));
    meta.translated = Some(story.texts.keys().map(String::as_str).collect());
    emit(lang, sink, meta, "story.html", &page);
}

fn description(summary: Option<&str>, body: &str) -> String {
    match summary {
        Some(s) => s.to_string(),
        None => excerpt(body, DESCRIPTION),
    }
}

fn topic_links(lang: &LangCtx, story: &Story) -> Vec<Link> {
    story
        .topics
        .iter()
        .filter_map(|slug| lang.site.config.topic(slug))
        .map(|t| Link {
            label: lang.text(&t.name),
            url: lang.url(&urls::topic(&t.slug)),
        })
        .collect()
}

/// A bundle's image is published beside the story, once for all languages;
/// any other image comes from the site's `static/` folder.
fn image(lang: &LangCtx, story: &Story, alt: Option<&str>, fallback: bool) -> Option<ImageView> {
    let image = story.image.as_ref()?;
    let src = urls::encode_path(&image.src);
    let src = match story.bundle {
        Some(_) => lang.root_url(&format!("{}{src}", urls::story(&story.slug))),
        None => lang.root_url(&src),
    };
    let alt = match alt {
        Some(alt) => lang.txt(alt, fallback),
        None => lang.txt(&image.alt, lang.code != lang.default),
    };
    Some(ImageView {
        src,
        alt,
        credit: image.credit.clone(),
    })
}

#[derive(Serialize)]
struct DistrictsPage {
    districts: Vec<DistrictItem>,
}

fn districts(lang: &LangCtx, sink: &Sink) {
    let page = DistrictsPage {
        districts: district_items(lang),
    };
    let title = lang.t("districts_title");
    emit(
        lang,
        sink,
        meta(urls::DISTRICTS, Some(&title), "districts"),
        "districts.html",
        &page,
    );
}

#[derive(Serialize)]
struct DistrictPage {
    name: Txt,
    kind: String,
    summary: Txt,
    towns: Vec<TownView>,
    stories: Vec<StoryItem>,
    open_cases: Vec<StoryItem>,
    closed_cases: Vec<StoryItem>,
    stats: Option<Table>,
    feed: String,
    source: String,
}

#[derive(Serialize)]
struct TownView {
    id: String,
    name: Txt,
}

fn district(lang: &LangCtx, district: &District, sink: &Sink) {
    let stories = lang.plan.stories_in(&district.slug);
    let with_case = |closed: bool| {
        let cases = stories.iter().copied().filter(move |s| {
            s.case
                .as_ref()
                .is_some_and(|c| c.status.is_closed() == closed)
        });
        items(lang, cases)
    };
    let name = lang.text(&district.name);
    let feed = lang.url(&urls::district_feed(&district.slug));
    let page = DistrictPage {
        kind: lang.t(&format!("kind_{}", district.kind.key().replace('-', "_"))),
        summary: lang.text(&district.summary),
        towns: towns(lang, district),
        open_cases: with_case(false),
        closed_cases: with_case(true),
        stories: items(lang, stories.iter().copied()),
        stats: lang.district_table(&district.slug),
        feed: feed.clone(),
        source: slash(&district.source),
        name,
    };
    let route = urls::district(&district.slug);
    let mut meta = meta(&route, Some(&page.name.text), "districts");
    let (summary, _) = district.summary.get(lang.code, lang.default);
    meta.description = Some(summary.to_string()).filter(|s| !s.is_empty());
    meta.extra_feed = Some(FeedLink {
        title: format!(
            "{} | {}",
            page.name.text,
            lang.text(&lang.site.config.title).text
        ),
        url: feed,
    });
    emit(lang, sink, meta, "district.html", &page);
}

fn towns(lang: &LangCtx, district: &District) -> Vec<TownView> {
    district
        .towns
        .iter()
        .map(|t| TownView {
            id: format!("town-{}", t.slug),
            name: lang.text(&t.name),
        })
        .collect()
}

#[derive(Serialize)]
struct TopicsPage {
    topics: Vec<TopicItem>,
}

#[derive(Serialize)]
struct TopicItem {
    name: Txt,
    url: String,
    stories: String,
}

fn topics(lang: &LangCtx, sink: &Sink) {
    let topics = lang
        .site
        .config
        .topics
        .iter()
        .map(|t| TopicItem {
            name: lang.text(&t.name),
            url: lang.url(&urls::topic(&t.slug)),
            stories: lang.counted("stories_count", lang.plan.stories_on(&t.slug).len()),
        })
        .collect();
    let title = lang.t("topics_title");
    let page = TopicsPage { topics };
    emit(
        lang,
        sink,
        meta(urls::TOPICS, Some(&title), "topics"),
        "topics.html",
        &page,
    );
}

#[derive(Serialize)]
struct TopicPage {
    name: Txt,
    stories: Vec<StoryItem>,
    /// The list of all topics.
    index: String,
}

fn topic(lang: &LangCtx, topic: &Topic, sink: &Sink) {
    let page = TopicPage {
        name: lang.text(&topic.name),
        stories: items(lang, lang.plan.stories_on(&topic.slug).into_iter()),
        index: lang.url(urls::TOPICS),
    };
    let route = urls::topic(&topic.slug);
    emit(
        lang,
        sink,
        meta(&route, Some(&page.name.text), "topics"),
        "topic.html",
        &page,
    );
}

#[derive(Serialize)]
struct StatsPage {
    periods: Vec<PeriodSection>,
}

fn stats(lang: &LangCtx, sink: &Sink) {
    let page = StatsPage {
        periods: lang.stats_sections(),
    };
    let title = lang.t("stats_title");
    let mut meta = meta(urls::STATS, Some(&title), "stats");
    meta.description = Some(lang.t("stats_description"));
    emit(lang, sink, meta, "stats.html", &page);
}

#[derive(Serialize)]
struct FreePage {
    title: Txt,
    body: String,
    content_lang: Option<String>,
    untranslated: bool,
    source: String,
}

fn free_page(lang: &LangCtx, page: &Page, sink: &Sink) {
    let Some((text, fallback)) = pick(&page.texts, lang.code, lang.default) else {
        return;
    };
    let view = FreePage {
        title: lang.txt(&text.title, fallback),
        body: markdown::to_html(&text.body, lang.site.config.allow_html),
        content_lang: fallback.then(|| urls::html_lang(lang.default)),
        untranslated: fallback,
        source: slash(&text.source),
    };
    let route = urls::page(&page.slug);
    let mut meta = meta(&route, Some(&text.title), "page");
    meta.description = Some(description(text.summary.as_deref(), &text.body));
    meta.translated = Some(page.texts.keys().map(String::as_str).collect());
    emit(lang, sink, meta, "page.html", &view);
}

#[derive(Serialize)]
struct NotFound {}

fn not_found(lang: &LangCtx, sink: &Sink) {
    let title = lang.t("not_found_title");
    emit(
        lang,
        sink,
        meta(urls::NOT_FOUND, Some(&title), "none"),
        "404.html",
        &NotFound {},
    );
}

pub(crate) fn slash(path: &std::path::Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
