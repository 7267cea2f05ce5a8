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
    icon: Option<String>,
    nav: Vec<NavItem>,
    pages: Vec<NavItem>,
    feed: String,
    data: DataLinks,
    /// The site's public repository, when `site.yaml` names one.
    repository: Option<RepositoryView>,
}

#[derive(Serialize)]
struct RepositoryView {
    /// A source file's address is this followed by its path.
    files: String,
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
        let mut context = self.shared.clone();
        context.insert("head", &self.head(meta));
        context.insert("page", page);
        context
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
            stylesheets: self.stylesheets(&theme_url),
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
