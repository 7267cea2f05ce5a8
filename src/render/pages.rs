//! The HTML pages of one language, one function per kind of page.

use rayon::prelude::*;
use serde::Serialize;

use super::datapackage::{self, DataFile};
use super::figures::{ChartView, FigureGroup, Funding, PeriodSection, Table};
use super::lang::{has_code, Article, FeedLink, LangCtx, PageMeta, ShareImage};
use super::views::{excerpt, pick, CaseView, DateView, Link, Place, Status, StoryItem, Txt};
use super::{images, links, markdown, Sink};
use crate::model::Freshness;
use crate::model::{CaseStatus, District, Page, Story, Topic};
use crate::routes::{self, slash};

/// How many stories the home page lists.
const HOME_STORIES: usize = 10;
/// How many groups of headline figures the home page shows, so that a
/// reader on a phone reaches the stories; the statistics page has them all.
const HOME_FIGURE_GROUPS: usize = 3;
/// Longest meta description, in characters.
const DESCRIPTION: usize = 150;

/// Renders a page of `template` at `route`.
pub(super) fn emit(
    lang: &LangCtx,
    sink: &Sink,
    meta: PageMeta,
    template: &str,
    page: &impl Serialize,
) {
    let path = lang.file(meta.route);
    let context = lang.context(meta, page);
    sink.page(path, template, &context);
}

pub(super) fn meta<'p>(
    route: &'p str,
    title: Option<&'p str>,
    section: &'static str,
) -> PageMeta<'p> {
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
    projects: Option<super::projects::HomeProjects>,
}

#[derive(Serialize)]
struct DistrictItem {
    name: Txt,
    url: String,
    kind: String,
    summary: Txt,
    stories: String,
}

pub(super) fn home(lang: &LangCtx, sink: &Sink) {
    let page = HomePage {
        figures: lang
            .headline_figures()
            .into_iter()
            .take(HOME_FIGURE_GROUPS)
            .collect(),
        stories: items(lang, lang.plan.stories.iter().take(HOME_STORIES).copied()),
        all_stories: lang.url(routes::STORIES),
        districts: district_items(lang),
        stats: lang.url(routes::STATS),
        projects: lang.home_projects(),
    };
    let mut meta = meta(routes::HOME, None, "home");
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
            url: lang.url(&routes::district(&d.slug)),
            kind: lang.t(&format!("kind_{}", d.kind.key().replace('-', "_"))),
            summary: lang.text(&d.summary),
            stories: lang.counted("stories_count", lang.plan.stories_in(&d.slug).len()),
        })
        .collect()
}

#[derive(Serialize)]
struct StoryList {
    stories: Vec<StoryItem>,
    pager: Pager,
}

/// Where a page sits in a list that runs over several pages.
#[derive(Serialize)]
struct Pager {
    number: usize,
    pages: usize,
    prev: Option<String>,
    next: Option<String>,
}

fn pager(lang: &LangCtx, first: &str, number: usize, pages: usize) -> Pager {
    Pager {
        number,
        pages,
        prev: (number > 1).then(|| lang.url(&routes::paged(first, number - 1))),
        next: (number < pages).then(|| lang.url(&routes::paged(first, number + 1))),
    }
}

/// The stories on page `number` of a list.
fn page_of<'a, 'l>(
    stories: &'l [&'a Story],
    number: usize,
) -> impl Iterator<Item = &'a Story> + 'l {
    stories
        .iter()
        .skip((number - 1) * routes::PER_PAGE)
        .take(routes::PER_PAGE)
        .copied()
}

/// A title with " · page n" after it from the second page on, so that no
/// two pages share a title.
fn numbered(lang: &LangCtx, title: &str, number: usize) -> String {
    if number <= 1 {
        return title.to_string();
    }
    let page = lang.t("page_number").replace("{n}", &number.to_string());
    format!("{title} · {page}")
}

/// How many pages the story list takes.
pub(crate) fn list_page_count(plan: &super::Plan) -> usize {
    routes::page_count(plan.stories.len())
}

pub(super) fn story_list_page(lang: &LangCtx, sink: &Sink, number: usize) {
    let stories = &lang.plan.stories;
    let pages = list_page_count(lang.plan);
    let page = StoryList {
        stories: items(lang, page_of(stories, number)),
        pager: pager(lang, routes::STORIES, number, pages),
    };
    let route = routes::story_list(number);
    let title = numbered(lang, &lang.t("stories_title"), number);
    emit(
        lang,
        sink,
        meta(&route, Some(&title), "stories"),
        "stories.html",
        &page,
    );
}

#[derive(Serialize)]
struct StoryPage {
    title: Txt,
    has_code: bool,
    date: DateView,
    place: Place,
    topics: Vec<Link>,
    deputies: Vec<super::deputies::NameLink>,
    /// Names are written once, in the default language's file.
    names_lang: Option<String>,
    summary: Option<Txt>,
    image: Option<ImageView>,
    body: String,
    /// Set on the article when its text is a fallback.
    content_lang: Option<String>,
    untranslated: bool,
    /// The original has changed since this translation was made.
    stale: bool,
    case: Option<CaseView>,
    source: String,
    draft: bool,
}

#[derive(Serialize)]
pub(super) struct ImageView {
    pub src: String,
    pub alt: Txt,
    pub credit: Option<String>,
    /// Set when the photo was resized: the copies for the browser to pick
    /// from, and the size it is shown at.
    pub srcset: Option<String>,
    pub sizes: Option<String>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// The file as the editor gave it.
    pub original: Option<Download>,
}

#[derive(Serialize)]
pub(super) struct Download {
    url: String,
    /// Format, file size and pixels.
    details: String,
}

/// How wide a story's photo is shown: the text column, or the screen
/// less its margins on a phone.
const PHOTO_SIZES: &str = "(min-width: 48rem) 46rem, calc(100vw - 1.5rem)";
/// The copy given as `src`, for browsers that ignore `srcset`.
const PHOTO_FALLBACK_WIDTH: u32 = 720;

pub(super) fn story(lang: &LangCtx, story: &Story, sink: &Sink) {
    let (text, fallback) = lang.story_text(story);
    let bundle = story.bundle.as_ref().map(|_| routes::story(&story.slug));
    let link = |dest: &str| links::url(dest, bundle.as_deref(), &lang.site.config, lang.code);
    let freshness = story.texts.get(lang.code).and_then(|t| t.freshness);
    let picture = |dest: &str| body_picture(lang, story, dest);
    let body = lazy_images(markdown::to_html_pictured(
        &text.body,
        lang.site.config.allow_html,
        &link,
        &picture,
    ));
    let page = StoryPage {
        title: lang.txt(&text.title, fallback),
        date: lang.date(story.date),
        place: lang.place(story),
        topics: topic_links(lang, story),
        deputies: lang.story_deputies(story),
        names_lang: (lang.code != lang.default).then(|| routes::html_lang(lang.default)),
        summary: text.summary.as_ref().map(|s| lang.txt(s, fallback)),
        image: image(lang, story, text.image_alt.as_deref(), fallback),
        has_code: has_code(&body),
        body,
        content_lang: fallback.then(|| routes::html_lang(lang.default)),
        untranslated: fallback,
        stale: !fallback && freshness == Some(Freshness::Stale),
        case: story.case.as_ref().map(|c| lang.case(c)),
        source: slash(&text.source),
        draft: story.draft,
    };
    let route = routes::story(&story.slug);
    let description = description(text.summary.as_deref(), &text.body);
    let mut meta = meta(&route, Some(&text.title), "stories");
    meta.description = Some(description.clone());
    meta.translated = Some(story.texts.keys().map(String::as_str).collect());
    let district = &page.place.district.text;
    let place = match &page.place.town {
        Some(town) if lang.code == "zh" => format!("{district}{}", town.label.text),
        Some(town) => format!("{}, {district}", town.label.text),
        None => district.clone(),
    };
    let article = Article {
        route: &route,
        title: &text.title,
        description: &description,
        date: story.date.to_string(),
        image: page
            .image
            .as_ref()
            .and_then(|i| share_image(lang, story, &i.alt.text)),
        place,
        topics: page.topics.iter().map(|t| t.label.text.clone()).collect(),
    };
    let context = lang.article_context(meta, &page, article);
    sink.page(lang.file(&route), "story.html", &context);
}

/// A photo of the bundle that the story's text shows, resized as the
/// story's own photo is.
fn body_picture(lang: &LangCtx, story: &Story, dest: &str) -> Option<markdown::Picture> {
    let relative = images::body_photo(story, dest)?;
    let photo = lang
        .plan
        .options
        .photos
        .get(&story.bundle.as_ref()?.join(&relative))?;
    let path = format!("{}{}", routes::story(&story.slug), slash(&relative));
    let view = photo_view(
        lang,
        &path,
        lang.txt("", false),
        None,
        Some(photo),
        PHOTO_SIZES,
    );
    Some(markdown::Picture {
        src: view.src,
        srcset: view.srcset,
        sizes: view.sizes,
        width: photo.width,
        height: photo.height,
    })
}

/// Images in a story's text come after its photo and usually below the
/// fold: the browser fetches them as the reader scrolls near.
fn lazy_images(html: String) -> String {
    if html.contains("<img ") {
        html.replace("<img src=", "<img loading=\"lazy\" src=")
    } else {
        html
    }
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
            url: lang.url(&routes::topic(&t.slug)),
        })
        .collect()
}

/// A bundle's image is published beside the story, once for all languages;
/// any other image comes from the site's `static/` folder.
fn image(lang: &LangCtx, story: &Story, alt: Option<&str>, fallback: bool) -> Option<ImageView> {
    let image = story.image.as_ref()?;
    let src = routes::encode_path(&image.src);
    let src = match story.bundle {
        Some(_) => lang.root_url(&format!("{}{src}", routes::story(&story.slug))),
        None => lang.root_url(&src),
    };
    let alt = match alt {
        Some(alt) => lang.txt(alt, fallback),
        None => lang.txt(&image.alt, lang.code != lang.default),
    };
    let mut view = ImageView {
        src,
        alt,
        credit: image.credit.clone(),
        srcset: None,
        sizes: None,
        width: None,
        height: None,
        original: None,
    };
    let found = images::source_of(story).and_then(|source| lang.plan.options.photos.get(&source));
    if let (Some(photo), Some(path)) = (found, photo_path(story)) {
        resized(lang, &mut view, &path, photo, PHOTO_SIZES);
    }
    Some(view)
}

/// The view of a photo published at `path` (below the site's root): at
/// its resized widths when `photo` is its resized copies, as it is
/// otherwise.
pub(super) fn photo_view(
    lang: &LangCtx,
    path: &str,
    alt: Txt,
    credit: Option<String>,
    photo: Option<&images::Photo>,
    sizes: &str,
) -> ImageView {
    let mut view = ImageView {
        src: lang.root_url(&routes::encode_path(path)),
        alt,
        credit,
        srcset: None,
        sizes: None,
        width: None,
        height: None,
        original: None,
    };
    if let Some(photo) = photo {
        resized(lang, &mut view, path, photo, sizes);
    }
    view
}

/// Lets the browser pick among the resized copies of `photo`, published at
/// `path` (below the site's root), for a picture shown `sizes` wide; the
/// copy nearest [`PHOTO_FALLBACK_WIDTH`] is the `src` of browsers that
/// ignore `srcset`, and the original is offered for download.
pub(super) fn resized(
    lang: &LangCtx,
    view: &mut ImageView,
    path: &str,
    photo: &images::Photo,
    sizes: &str,
) {
    let url = |path: &str| lang.root_url(&routes::encode_path(path));
    let mut candidates: Vec<(String, u32)> = photo
        .variants
        .iter()
        .map(|v| (url(&images::variant_path(path, v.width, v.ext)), v.width))
        .collect();
    if photo.original_in_srcset {
        candidates.push((view.src.clone(), photo.width));
    }
    let fallback = candidates
        .iter()
        .rev()
        .find(|(_, w)| *w <= PHOTO_FALLBACK_WIDTH)
        .or(candidates.first());
    if let Some((src, _)) = fallback {
        view.src = src.clone();
    }
    view.srcset = (candidates.len() > 1).then(|| {
        candidates
            .iter()
            .map(|(u, w)| format!("{u} {w}w"))
            .collect::<Vec<_>>()
            .join(", ")
    });
    view.sizes = view.srcset.as_ref().map(|_| sizes.to_string());
    view.width = Some(photo.width);
    view.height = Some(photo.height);
    view.original = Some(Download {
        url: url(path),
        details: lang
            .t("download_details")
            .replace("{format}", photo.format)
            .replace("{size}", &images::file_size(photo.size, lang.code))
            .replace("{width}", &photo.width.to_string())
            .replace("{height}", &photo.height.to_string()),
    });
}

/// Where a story's photo is published, below the output root; `None` for a
/// path that would leave its folder.
/// Link cards are drawn at about this width, 1200 pixels by 630.
const SHARE_WIDTH: u32 = 1200;

/// A story's photo for link cards: the widest of its resized copies, and
/// of the original where it is a JPEG or PNG offered beside them, up to
/// `SHARE_WIDTH` (or the narrowest, where all are wider). A drawing (SVG),
/// an animation, or a WebP photo without copies gives none, and the page
/// takes the theme's card instead.
fn share_image(lang: &LangCtx, story: &Story, alt: &str) -> Option<ShareImage> {
    let photo = lang.plan.options.photos.get(&images::source_of(story)?)?;
    share_photo(lang, photo, &photo_path(story)?, alt)
}

/// The copy of `photo` (published at `path`) for link cards, as for a
/// story's photo (see `share_image`).
pub(super) fn share_photo(
    lang: &LangCtx,
    photo: &images::Photo,
    path: &str,
    alt: &str,
) -> Option<ShareImage> {
    let path = path.to_string();
    let mut choices: Vec<(String, u32, u32)> = photo
        .variants
        .iter()
        .map(|v| {
            (
                images::variant_path(&path, v.width, v.ext),
                v.width,
                v.height,
            )
        })
        .collect();
    let raster = matches!(photo.format, "JPEG" | "PNG");
    if raster && (photo.original_in_srcset || choices.is_empty()) {
        choices.push((path.clone(), photo.width, photo.height));
    }
    choices.sort_by_key(|c| c.1);
    let (file, width, height) = choices
        .iter()
        .rev()
        .find(|c| c.1 <= SHARE_WIDTH)
        .or(choices.first())?
        .clone();
    Some(ShareImage {
        url: lang.root_url(&routes::encode_path(&file)),
        width,
        height,
        alt: alt.to_string(),
    })
}

fn photo_path(story: &Story) -> Option<String> {
    let src = &story.image.as_ref()?.src;
    let plain = src
        .split('/')
        .all(|part| !part.is_empty() && part != "." && part != "..");
    if !plain {
        return None;
    }
    Some(match story.bundle {
        Some(_) => format!("{}{src}", routes::story(&story.slug)),
        None => src.clone(),
    })
}

/// The resized copies of the photos of the stories `wanted` picks, once for
/// all languages, beside the published original.
pub(crate) fn photos(plan: &super::Plan, sink: &Sink, wanted: &(dyn Fn(&Story) -> bool + Sync)) {
    let mut files = std::collections::BTreeMap::new();
    let mut unchanged = std::collections::BTreeSet::new();
    for story in &plan.stories {
        let found = images::source_of(story).and_then(|source| plan.options.photos.get(&source));
        let own = match (found, photo_path(story)) {
            (Some(photo), Some(path)) => Some((photo, path)),
            _ => None,
        };
        let in_text = plan
            .options
            .photos
            .in_text(&story.slug)
            .iter()
            .filter_map(|source| {
                let photo = plan.options.photos.get(source)?;
                let bundle = story.bundle.as_ref()?;
                let relative = source.strip_prefix(bundle).ok()?;
                Some((
                    photo,
                    format!("{}{}", routes::story(&story.slug), slash(relative)),
                ))
            });
        for (photo, path) in own.into_iter().chain(in_text) {
            for (file, bytes) in photo.copies(&path) {
                if wanted(story) {
                    files.insert(file, bytes.clone());
                } else {
                    unchanged.insert(file);
                }
            }
        }
    }
    // A photo two stories share is made when either is wanted.
    for file in unchanged.into_iter().filter(|f| !files.contains_key(f)) {
        sink.unchanged(file);
    }
    files
        .into_par_iter()
        .for_each(|(path, bytes)| sink.file(path, bytes.as_ref().clone()));
}

#[derive(Serialize)]
struct DistrictsPage {
    districts: Vec<DistrictItem>,
}

pub(super) fn districts(lang: &LangCtx, sink: &Sink) {
    let page = DistrictsPage {
        districts: district_items(lang),
    };
    let title = lang.t("districts_title");
    emit(
        lang,
        sink,
        meta(routes::DISTRICTS, Some(&title), "districts"),
        "districts.html",
        &page,
    );
}

#[derive(Serialize)]
struct DistrictPage {
    name: Txt,
    kind: String,
    summary: Txt,
    /// Only on the first page; later ones continue the story list.
    about: Option<DistrictAbout>,
    stories: Vec<StoryItem>,
    pager: Pager,
    feed: String,
    source: String,
}

#[derive(Serialize)]
struct DistrictAbout {
    towns: Vec<TownView>,
    stats: Option<Table>,
    /// Suggestions collected against resolved; its figures are in `stats`.
    chart: Option<ChartView>,
    open_cases: Vec<StoryItem>,
    closed_cases: Vec<StoryItem>,
    /// Every status that has a case, in workflow order.
    cases_by_status: Vec<CaseGroup>,
    /// How long answers took, or why that cannot be said.
    case_timing: Option<String>,
    deputies: Vec<super::deputies::DeputyItem>,
    stations: Vec<super::deputies::StationItem>,
    projects: Option<super::projects::DistrictProjects>,
}

#[derive(Serialize)]
struct CaseGroup {
    status: Status,
    /// The status with its number of cases.
    heading: String,
    cases: Vec<StoryItem>,
}

#[derive(Serialize)]
struct TownView {
    id: String,
    name: Txt,
    /// The town's liaison station, when it has one.
    station: Option<super::deputies::NameLink>,
}

/// Page `number` of a district's stories; the first also says what the
/// district has besides.
pub(super) fn district(lang: &LangCtx, district: &District, number: usize, sink: &Sink) {
    let stories = lang.plan.stories_in(&district.slug);
    let first = routes::district(&district.slug);
    let pages = routes::page_count(stories.len());
    let page = DistrictPage {
        name: lang.text(&district.name),
        kind: lang.t(&format!("kind_{}", district.kind.key().replace('-', "_"))),
        summary: lang.text(&district.summary),
        about: (number == 1).then(|| district_about(lang, district, stories)),
        stories: items(lang, page_of(stories, number)),
        pager: pager(lang, &first, number, pages),
        feed: lang.url(&routes::district_feed(&district.slug)),
        source: slash(&district.source),
    };
    let route = routes::paged(&first, number);
    let title = numbered(lang, &page.name.text, number);
    let mut meta = meta(&route, Some(&title), "districts");
    let (summary, _) = district.summary.get(lang.code, lang.default);
    meta.description = Some(summary.to_string()).filter(|s| !s.is_empty());
    let site_title = lang.text(&lang.site.config.title).text;
    meta.extra_feed = Some(FeedLink {
        title: format!("{} | {site_title}", page.name.text),
        url: page.feed.clone(),
    });
    emit(lang, sink, meta, "district.html", &page);
}

fn district_about(lang: &LangCtx, district: &District, stories: &[&Story]) -> DistrictAbout {
    let with_case = |closed: bool| {
        let cases = stories.iter().copied().filter(move |s| {
            s.case
                .as_ref()
                .is_some_and(|c| c.status.is_closed() == closed)
        });
        items(lang, cases)
    };
    let cases: Vec<&Story> = stories
        .iter()
        .copied()
        .filter(|s| s.case.is_some())
        .collect();
    let (deputies, stations) = lang.district_people(&district.slug);
    DistrictAbout {
        deputies,
        stations,
        towns: towns(lang, district),
        stats: lang.district_table(&district.slug),
        chart: lang.district_chart(&district.slug),
        open_cases: with_case(false),
        closed_cases: with_case(true),
        cases_by_status: cases_by_status(lang, &cases),
        case_timing: (!cases.is_empty()).then(|| case_timing(lang, &cases)),
        projects: lang.district_projects(&district.slug),
    }
}

fn cases_by_status(lang: &LangCtx, cases: &[&Story]) -> Vec<CaseGroup> {
    const ORDER: [CaseStatus; 4] = [
        CaseStatus::Reported,
        CaseStatus::InProgress,
        CaseStatus::Resolved,
        CaseStatus::NotAdopted,
    ];
    ORDER
        .iter()
        .filter_map(|&status| {
            let these: Vec<&Story> = cases
                .iter()
                .copied()
                .filter(|s| s.case.as_ref().is_some_and(|c| c.status == status))
                .collect();
            let first = these.first()?.case.as_ref()?;
            let status = lang.status(first);
            let count = lang.counted("cases_count", these.len());
            Some(CaseGroup {
                heading: format!("{}{}{count}", status.label, lang.t("colon")),
                status,
                cases: items(lang, these.into_iter()),
            })
        })
        .collect()
}

/// The median number of days from a resident's report to the answer, over
/// the cases where both are exact, recorded days, and how many cases could
/// not be counted: an estimate or a month is not a figure to average.
fn case_timing(lang: &LangCtx, cases: &[&Story]) -> String {
    let closed: Vec<&crate::model::Case> = cases
        .iter()
        .filter_map(|s| s.case.as_ref())
        .filter(|c| c.status.is_closed())
        .collect();
    let days: Vec<i64> = closed.iter().filter_map(|c| c.days_to_answer()).collect();
    let not_computable = closed.len() - days.len();
    let median_text = match median(days.clone()) {
        None => lang.t("cases_no_median"),
        Some(m) => {
            let key = if days.len() == 1 {
                "cases_median_one"
            } else {
                "cases_median"
            };
            lang.t(key)
                .replace("{days}", &day_count(lang, m))
                .replace("{n}", &days.len().to_string())
        }
    };
    if not_computable == 0 {
        return median_text;
    }
    let note = lang.counted("cases_not_computable", not_computable);
    format!("{median_text}{}{note}", lang.t("sentence_gap"))
}

/// The middle value, or the mean of the two middle ones.
fn median(mut values: Vec<i64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[mid] as f64
    } else {
        (values[mid - 1] + values[mid]) as f64 / 2.0
    })
}

/// "12 days", "1 day", "12.5 days" in the page's language.
pub(crate) fn day_count(lang: &LangCtx, days: f64) -> String {
    if days.fract() == 0.0 {
        lang.counted("days_count", days as usize)
    } else {
        lang.t("days_count").replace("{n}", &format!("{days:.1}"))
    }
}

fn towns(lang: &LangCtx, district: &District) -> Vec<TownView> {
    district
        .towns
        .iter()
        .map(|t| TownView {
            id: format!("town-{}", t.slug),
            name: lang.text(&t.name),
            station: lang.town_station(&district.slug, &t.slug),
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

pub(super) fn topics(lang: &LangCtx, sink: &Sink) {
    let topics = lang
        .site
        .config
        .topics
        .iter()
        .map(|t| TopicItem {
            name: lang.text(&t.name),
            url: lang.url(&routes::topic(&t.slug)),
            stories: lang.counted("stories_count", lang.plan.stories_on(&t.slug).len()),
        })
        .collect();
    let title = lang.t("topics_title");
    let page = TopicsPage { topics };
    emit(
        lang,
        sink,
        meta(routes::TOPICS, Some(&title), "topics"),
        "topics.html",
        &page,
    );
}

#[derive(Serialize)]
struct TopicPage {
    name: Txt,
    stories: Vec<StoryItem>,
    pager: Pager,
    /// The list of all topics.
    index: String,
}

/// Page `number` of a topic's stories.
pub(super) fn topic(lang: &LangCtx, topic: &Topic, number: usize, sink: &Sink) {
    let stories = lang.plan.stories_on(&topic.slug);
    let first = routes::topic(&topic.slug);
    let pages = routes::page_count(stories.len());
    let page = TopicPage {
        name: lang.text(&topic.name),
        stories: items(lang, page_of(stories, number)),
        pager: pager(lang, &first, number, pages),
        index: lang.url(routes::TOPICS),
    };
    let route = routes::paged(&first, number);
    let title = numbered(lang, &page.name.text, number);
    emit(
        lang,
        sink,
        meta(&route, Some(&title), "topics"),
        "topic.html",
        &page,
    );
}

#[derive(Serialize)]
struct StatsPage {
    periods: Vec<PeriodSection>,
    funding: Option<Funding>,
}

pub(super) fn stats(lang: &LangCtx, sink: &Sink) {
    let page = StatsPage {
        periods: lang.stats_sections(),
        funding: lang.funding(),
    };
    let title = lang.t("stats_title");
    let mut meta = meta(routes::STATS, Some(&title), "stats");
    meta.description = Some(lang.t("stats_description"));
    emit(lang, sink, meta, "stats.html", &page);
}

#[derive(Serialize)]
struct FreePage {
    title: Txt,
    has_code: bool,
    /// The about page, which also says who publishes the site.
    about: bool,
    body: String,
    content_lang: Option<String>,
    untranslated: bool,
    stale: bool,
    source: String,
}

pub(super) fn free_page(lang: &LangCtx, page: &Page, sink: &Sink) {
    let Some((text, fallback)) = pick(&page.texts, lang.code, lang.default) else {
        return;
    };
    let link = |dest: &str| links::url(dest, None, &lang.site.config, lang.code);
    let freshness = page.texts.get(lang.code).and_then(|t| t.freshness);
    let body = markdown::to_html_linked(&text.body, lang.site.config.allow_html, &link);
    let view = FreePage {
        title: lang.txt(&text.title, fallback),
        has_code: has_code(&body),
        about: page.slug == "about",
        body,
        content_lang: fallback.then(|| routes::html_lang(lang.default)),
        untranslated: fallback,
        stale: !fallback && freshness == Some(Freshness::Stale),
        source: slash(&text.source),
    };
    let route = routes::page(&page.slug);
    let mut meta = meta(&route, Some(&text.title), "page");
    meta.description = Some(description(text.summary.as_deref(), &text.body));
    meta.translated = Some(page.texts.keys().map(String::as_str).collect());
    emit(lang, sink, meta, "page.html", &view);
}

#[derive(Serialize)]
struct NotFound {}

pub(super) fn not_found(lang: &LangCtx, sink: &Sink) {
    let title = lang.t("not_found_title");
    emit(
        lang,
        sink,
        meta(routes::NOT_FOUND, Some(&title), "none"),
        "404.html",
        &NotFound {},
    );
}

#[derive(Serialize)]
struct DataPage {
    files: Vec<DataFileView>,
    package: DataFileView,
    license: Option<LicenseView>,
}

#[derive(Serialize)]
struct DataFileView {
    name: String,
    url: String,
    media_type: &'static str,
    holds: String,
    size: String,
}

#[derive(Serialize)]
struct LicenseView {
    id: String,
    url: Option<String>,
}

/// `data/`: each open data file with what it holds, its size and its
/// licence, for residents and journalists who do not read JSON.
pub(crate) fn data_page(lang: &LangCtx, sink: &Sink, files: &[DataFile], package_bytes: usize) {
    let view = |f: &DataFile| DataFileView {
        name: f.file_name().to_string(),
        url: lang.root_url(&f.path),
        media_type: f.media_type(),
        holds: f.holds.get(lang.code).to_string(),
        size: datapackage::size(f.bytes.len(), lang.code),
    };
    let page = DataPage {
        files: files.iter().map(view).collect(),
        package: DataFileView {
            name: "datapackage.json".into(),
            url: lang.root_url(datapackage::PATH),
            media_type: "application/json",
            holds: lang.t("data_package_holds"),
            size: datapackage::size(package_bytes, lang.code),
        },
        license: lang
            .site
            .config
            .data_license
            .as_ref()
            .map(|id| LicenseView {
                id: id.clone(),
                url: spdx::license_id(id)
                    .map(|l| format!("https://spdx.org/licenses/{}.html", l.name)),
            }),
    };
    let title = lang.t("data_title");
    let mut meta = meta(routes::DATA, Some(&title), "stats");
    meta.description = Some(lang.t("data_intro"));
    emit(lang, sink, meta, "data.html", &page);
}
