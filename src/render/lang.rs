//! One language's view of the site: its addresses, its interface strings,
//! and the parts every page of it shares (site title, navigation, head).

use serde::Serialize;
use tera::Context;

use super::views::{pick, Txt};
use super::Plan;
use crate::model::{Site, Text};
use crate::routes;
use crate::theme::Theme;

pub(crate) struct LangCtx<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub plan: &'a Plan<'a>,
    pub code: &'a str,
    pub default: &'a str,
    pub prefix: String,
    pub html_lang: String,
    /// What every page of this language is given: `t` and `site`.
    shared: Context,
}

/// Site-wide parts of every page.
#[derive(Serialize)]
struct SiteView {
    title: Txt,
    lang: String,
    html_lang: String,
    home: String,
    theme_url: String,
    stylesheets: Vec<String>,
    /// The code highlighting styles, linked only from pages with code.
    code_stylesheet: Option<String>,
    icon: Option<String>,
    nav: Vec<NavItem>,
    pages: Vec<NavItem>,
    feed: String,
    data: DataLinks,
    publisher: Option<PublisherView>,
    /// The site's public repository, when `site.yaml` names one.
    repository: Option<RepositoryView>,
}

#[derive(Serialize)]
struct RepositoryView {
    /// A source file's address is this followed by its path.
    files: String,
}

/// Who runs the site, in this language, as the footer and the about page
/// show it.
#[derive(Serialize)]
struct PublisherView {
    name: Txt,
    address: Option<Txt>,
    phone: Option<String>,
    icp: Option<String>,
    gov_code: Option<String>,
}

/// What a link shows when it is shared in a chat app or found by a search
/// engine: Open Graph, read by WeChat, Weibo and most others.
#[derive(Serialize)]
pub struct OpenGraph {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: String,
    pub description: String,
    pub url: String,
    pub site_name: String,
    /// Always a raster image (JPEG or PNG) where there is one: the
    /// services that draw link cards, WeChat's among them, show no SVG.
    pub image: Option<String>,
    pub image_width: Option<u32>,
    pub image_height: Option<u32>,
    pub image_alt: Option<String>,
    pub locale: String,
    pub locale_alternates: Vec<String>,
    /// A story's date, as `article:published_time`.
    pub published: Option<String>,
}

/// The picture of a shared link: a story's photo, or the theme's card.
#[derive(Clone)]
pub struct ShareImage {
    pub url: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
}

/// The theme's picture for link cards of pages without a photo of their own.
const CARD: &str = "card.png";

/// A story, for its page's Open Graph and schema.org data.
pub struct Article<'p> {
    pub route: &'p str,
    pub title: &'p str,
    pub description: &'p str,
    pub date: String,
    /// Its photo, as a copy that link cards can show.
    pub image: Option<ShareImage>,
    /// Where it happened, as the page names it.
    pub place: String,
    pub topics: Vec<String>,
}

#[derive(Serialize)]
struct NavItem {
    section: &'static str,
    label: Txt,
    url: String,
}

#[derive(Serialize)]
pub struct DataLinks {
    /// The `data/` page that lists and explains the files.
    pub page: String,
    pub stats_csv: String,
    pub stats_json: String,
    pub cases_json: String,
    pub deputies_json: Option<String>,
    pub stations_json: Option<String>,
}

/// The head of a page and its links to itself in other languages.
#[derive(Serialize)]
pub struct Head {
    /// The whole `<title>`.
    pub title: String,
    pub description: String,
    pub canonical: String,
    /// Which navigation entry the page belongs to.
    pub section: &'static str,
    pub alternates: Vec<Alternate>,
    pub languages: Vec<LanguageLink>,
    pub feeds: Vec<FeedLink>,
}

#[derive(Serialize)]
pub struct Alternate {
    pub hreflang: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct LanguageLink {
    pub code: String,
    pub hreflang: String,
    /// The language's own name for itself.
    pub name: String,
    pub url: String,
    /// The page exists there, but shows this language's text.
    pub untranslated: bool,
}

#[derive(Serialize)]
pub struct FeedLink {
    pub title: String,
    pub url: String,
}

/// What a page says about itself for its head.
pub struct PageMeta<'p> {
    pub route: &'p str,
    /// `None` for the home page, whose title is the site's.
    pub title: Option<&'p str>,
    pub description: Option<String>,
    pub section: &'static str,
    /// Languages the page has its own text in; `None` when it has all.
    pub translated: Option<Vec<&'p str>>,
    pub extra_feed: Option<FeedLink>,
}

impl<'a> LangCtx<'a> {
    pub fn new(site: &'a Site, theme: &'a Theme, plan: &'a Plan<'a>, code: &'a str) -> LangCtx<'a> {
        let languages = &site.config.languages;
        let mut ctx = LangCtx {
            site,
            theme,
            plan,
            code,
            default: site.config.default_language(),
            prefix: routes::prefix(languages, code),
            html_lang: routes::html_lang(code),
            shared: Context::new(),
        };
        let view = ctx.site_view();
        ctx.shared.insert("t", theme.strings(code));
        ctx.shared.insert("site", &view);
        ctx
    }

    /// The absolute URL of a route in this language.
    pub fn url(&self, route: &str) -> String {
        format!("{}{}{}", self.site.config.base_url, self.prefix, route)
    }

    /// The absolute URL of a file published once for all languages.
    pub fn root_url(&self, path: &str) -> String {
        format!("{}{}", self.site.config.base_url, path)
    }

    /// The output path of a route in this language.
    pub fn file(&self, route: &str) -> String {
        format!("{}{}", self.prefix, routes::file_of(route))
    }

    /// An interface string of this language.
    pub fn t(&self, key: &str) -> String {
        self.theme.text(self.code, key).to_string()
    }

    /// An interface string with a count filled in: `<key>_one` for one,
    /// the only case English sets apart, `<key>` otherwise.
    pub fn counted(&self, key: &str, n: usize) -> String {
        let one = format!("{key}_one");
        let key = if n == 1 && self.theme.strings(self.code).contains_key(&one) {
            one.as_str()
        } else {
            key
        };
        self.t(key).replace("{n}", &n.to_string())
    }

    /// Bilingual text in this language, marked when it falls back.
    pub fn text(&self, text: &Text) -> Txt {
        let (s, fallback) = text.get(self.code, self.default);
        self.txt(s, fallback)
    }

    pub fn txt(&self, s: &str, fallback: bool) -> Txt {
        Txt {
            text: s.to_string(),
            lang: fallback.then(|| routes::html_lang(self.default)),
        }
    }

    /// A page's context: the shared parts, its head, and its own view.
    pub fn context(&self, meta: PageMeta, page: &impl Serialize) -> Context {
        self.context_shared(meta, page, None)
    }

    /// As [`LangCtx::context`], for a page with a photo of its own that a
    /// link card should show (a deputy's) rather than the theme's card.
    pub fn context_shared(
        &self,
        meta: PageMeta,
        page: &impl Serialize,
        image: Option<ShareImage>,
    ) -> Context {
        let mut context = self.shared.clone();
        let head = self.head(meta);
        let og = self.open_graph(&head, None, image);
        let home = head.section == "home";
        let ld = serde_json::json!({
            "@context": "https://schema.org",
            "@type": if home { "WebSite" } else { "WebPage" },
            "name": og.title,
            "description": og.description,
            "url": og.url,
            "inLanguage": self.html_lang,
            "publisher": self.organization(),
        });
        context.insert("og", &og);
        context.insert("json_ld", &script_json(&ld));
        context.insert("head", &head);
        context.insert("page", page);
        context
    }

    /// A story's page context: as any page's, with Open Graph and
    /// schema.org data that say it is a news article, when and where.
    pub fn article_context(&self, meta: PageMeta, page: &impl Serialize, a: Article) -> Context {
        let mut context = self.context(meta, page);
        let head = self.head(PageMeta {
            route: a.route,
            title: Some(a.title),
            description: Some(a.description.to_string()),
            section: "stories",
            translated: None,
            extra_feed: None,
        });
        let og = self.open_graph(&head, Some(&a), None);
        let mut ld = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": a.title,
            "description": a.description,
            "url": og.url,
            "mainEntityOfPage": og.url,
            "inLanguage": self.html_lang,
            "datePublished": a.date,
            "contentLocation": { "@type": "Place", "name": a.place },
            "publisher": self.organization(),
        });
        if let Some(image) = &a.image {
            ld["image"] = serde_json::json!([image.url]);
        }
        if !a.topics.is_empty() {
            ld["keywords"] = serde_json::json!(a.topics);
        }
        context.insert("og", &og);
        context.insert("json_ld", &script_json(&ld));
        context
    }

    fn open_graph(
        &self,
        head: &Head,
        article: Option<&Article>,
        image: Option<ShareImage>,
    ) -> OpenGraph {
        let site_name = self.text(&self.site.config.title).text;
        let image = image
            .or_else(|| article.and_then(|a| a.image.clone()))
            .or_else(|| self.card());
        OpenGraph {
            kind: if article.is_some() {
                "article"
            } else {
                "website"
            },
            title: article.map_or_else(
                || {
                    head.title
                        .split(" | ")
                        .next()
                        .unwrap_or(&head.title)
                        .to_string()
                },
                |a| a.title.to_string(),
            ),
            description: head.description.clone(),
            url: head.canonical.clone(),
            site_name,
            image: image.as_ref().map(|i| i.url.clone()),
            image_width: image.as_ref().map(|i| i.width),
            image_height: image.as_ref().map(|i| i.height),
            image_alt: image.map(|i| i.alt),
            locale: og_locale(self.code),
            locale_alternates: self
                .site
                .config
                .languages
                .iter()
                .filter(|c| c.as_str() != self.code)
                .map(|c| og_locale(c))
                .collect(),
            published: article.map(|a| a.date.clone()),
        }
    }

    /// The publisher as schema.org has it: the name in site.yaml's
    /// `publisher`, or the site's own title when there is none.
    fn organization(&self) -> serde_json::Value {
        let config = &self.site.config;
        let Some(p) = &config.publisher else {
            return serde_json::json!({
                "@type": "Organization",
                "name": self.text(&config.title).text,
                "url": self.url(routes::HOME),
            });
        };
        let mut org = serde_json::json!({
            "@type": "Organization",
            "name": self.text(&p.name).text,
            "url": self.url(routes::HOME),
        });
        if let Some(address) = &p.address {
            org["address"] = serde_json::json!(self.text(address).text);
        }
        if let Some(phone) = &p.phone {
            org["telephone"] = serde_json::json!(phone);
        }
        org
    }

    fn head(&self, meta: PageMeta) -> Head {
        let site_title = self.text(&self.site.config.title).text;
        let title = match meta.title {
            Some(t) => format!("{t} | {site_title}"),
            None => site_title.clone(),
        };
        let mut feeds = vec![FeedLink {
            title: site_title.clone(),
            url: self.url(routes::FEED),
        }];
        feeds.extend(meta.extra_feed);
        Head {
            title,
            description: meta.description.unwrap_or(site_title),
            canonical: self.url(meta.route),
            section: meta.section,
            alternates: self.alternates(meta.route),
            languages: self.language_links(meta.route, meta.translated.as_deref()),
            feeds,
        }
    }

    /// Every language version, this one included, and the default for
    /// readers of none of them.
    pub fn alternates(&self, route: &str) -> Vec<Alternate> {
        let languages = &self.site.config.languages;
        let mut all: Vec<Alternate> = languages
            .iter()
            .map(|code| Alternate {
                hreflang: routes::html_lang(code),
                url: self.url_in(code, route),
            })
            .collect();
        all.push(Alternate {
            hreflang: "x-default".to_string(),
            url: self.url_in(self.default, route),
        });
        all
    }

    fn language_links(&self, route: &str, translated: Option<&[&str]>) -> Vec<LanguageLink> {
        self.site
            .config
            .languages
            .iter()
            .filter(|code| code.as_str() != self.code)
            .map(|code| LanguageLink {
                code: code.clone(),
                hreflang: routes::html_lang(code),
                name: self.theme.text(code, "language_name").to_string(),
                url: self.url_in(code, route),
                untranslated: translated.is_some_and(|t| !t.contains(&code.as_str())),
            })
            .collect()
    }

    fn url_in(&self, code: &str, route: &str) -> String {
        let prefix = routes::prefix(&self.site.config.languages, code);
        format!("{}{}{}", self.site.config.base_url, prefix, route)
    }

    fn site_view(&self) -> SiteView {
        let theme_url = self.root_url(routes::THEME);
        SiteView {
            title: self.text(&self.site.config.title),
            lang: self.code.to_string(),
            html_lang: self.html_lang.clone(),
            home: self.url(routes::HOME),
            stylesheets: self
                .stylesheets(&theme_url)
                .into_iter()
                .filter(|s| !s.ends_with(CODE_STYLESHEET))
                .collect(),
            code_stylesheet: self
                .stylesheets(&theme_url)
                .into_iter()
                .find(|s| s.ends_with(CODE_STYLESHEET)),
            icon: self.icon(&theme_url),
            theme_url,
            nav: self.nav(),
            pages: self.page_links(),
            feed: self.url(routes::FEED),
            repository: self
                .site
                .config
                .repository
                .as_ref()
                .map(|r| RepositoryView {
                    files: r.line_url("", None),
                }),
            publisher: self.site.config.publisher.as_ref().map(|p| PublisherView {
                name: self.text(&p.name),
                address: p.address.as_ref().map(|a| self.text(a)),
                phone: p.phone.clone(),
                icp: p.icp.clone(),
                gov_code: p.gov_code.clone(),
            }),
            data: DataLinks {
                page: self.url(routes::DATA),
                stats_csv: self.root_url(routes::STATS_CSV),
                stats_json: self.root_url(routes::STATS_JSON),
                cases_json: self.root_url(routes::CASES_JSON),
                deputies_json: (!self.site.deputies.is_empty())
                    .then(|| self.root_url(routes::DEPUTIES_JSON)),
                stations_json: (!self.site.stations.is_empty())
                    .then(|| self.root_url(routes::STATIONS_JSON)),
            },
        }
    }

    /// `style.css` first, then the theme's other top-level stylesheets, so
    /// that the more specific ones (such as code highlighting) win.
    fn stylesheets(&self, theme_url: &str) -> Vec<String> {
        let mut names: Vec<&str> = self
            .theme
            .static_files()
            .iter()
            .map(|f| f.path.as_str())
            .filter(|p| p.ends_with(".css") && !p.contains('/'))
            .collect();
        names.sort_by_key(|name| (*name != "style.css", *name));
        names
            .into_iter()
            .map(|name| format!("{theme_url}{}", routes::encode_path(name)))
            .collect()
    }

    /// The theme's `card.png`, standing for the site where a page has no
    /// photo: its size is read from the file, as a card's layout needs it.
    fn card(&self) -> Option<ShareImage> {
        let file = self.theme.static_files().iter().find(|f| f.path == CARD)?;
        let (width, height) = image::ImageReader::new(std::io::Cursor::new(&file.bytes))
            .with_guessed_format()
            .ok()?
            .into_dimensions()
            .ok()?;
        Some(ShareImage {
            url: format!("{}{CARD}", self.root_url(routes::THEME)),
            width,
            height,
            alt: self.text(&self.site.config.title).text,
        })
    }

    fn icon(&self, theme_url: &str) -> Option<String> {
        let has = self
            .theme
            .static_files()
            .iter()
            .any(|f| f.path == "icon.svg");
        has.then(|| format!("{theme_url}icon.svg"))
    }

    fn nav(&self) -> Vec<NavItem> {
        let entry = |section: &'static str, key: &str, route: &str| NavItem {
            section,
            label: self.txt(&self.t(key), false),
            url: self.url(route),
        };
        let mut nav = vec![
            entry("home", "nav_home", routes::HOME),
            entry("stories", "nav_stories", routes::STORIES),
            entry("districts", "nav_districts", routes::DISTRICTS),
        ];
        if !self.site.deputies.is_empty() {
            nav.push(entry("deputies", "nav_deputies", routes::DEPUTIES));
        }
        if !self.site.stations.is_empty() {
            nav.push(entry("stations", "nav_stations", routes::STATIONS));
        }
        nav.extend([
            entry("topics", "nav_topics", routes::TOPICS),
            entry("stats", "nav_stats", routes::STATS),
            entry("search", "nav_search", routes::SEARCH),
        ]);
        // Only a site with projects has their section, before search.
        if !self.site.projects.is_empty() {
            nav.insert(
                nav.len() - 1,
                entry("projects", "nav_projects", routes::PROJECTS),
            );
        }
        nav
    }

    fn page_links(&self) -> Vec<NavItem> {
        self.site
            .pages
            .iter()
            .filter_map(|page| {
                let (text, fallback) = pick(&page.texts, self.code, self.default)?;
                Some(NavItem {
                    section: "page",
                    label: self.txt(&text.title, fallback),
                    url: self.url(&routes::page(&page.slug)),
                })
            })
            .collect()
    }
}

/// The theme's styles for highlighted code: 21 KB that a page without
/// code should not make a phone fetch.
const CODE_STYLESHEET: &str = "/highlight.css";

/// Whether a page's HTML holds a code block, which needs the code styles.
pub fn has_code(html: &str) -> bool {
    html.contains("<pre")
}

/// The Open Graph locale of a language: territory as well, as the
/// protocol asks (`zh_CN`, `en_US`).
fn og_locale(code: &str) -> String {
    match code {
        "zh" => "zh_CN".to_string(),
        "en" => "en_US".to_string(),
        other => other.replace('-', "_"),
    }
}

/// JSON to sit in a `<script>` element: `<`, `>` and `&` written as
/// escapes, so that no text in it can close the element or open another.
fn script_json(value: &serde_json::Value) -> String {
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}
