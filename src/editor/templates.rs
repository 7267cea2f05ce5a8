//! The text of the files editors' commands write.
//!
//! Every field is either filled in or present as a comment, so the file
//! itself shows an editor what they may write; placeholders say what to
//! put in their place, in the language of the file.

use crate::load::fingerprint::{fingerprint, Translatable};
use crate::load::placeholders::{Words, EN, ZH};
use crate::model::{Config, Date, Metric, Unit};

/// Chinese for Chinese, English for every other language.
fn words(lang: &str) -> &'static Words {
    if lang == "zh" {
        &ZH
    } else {
        &EN
    }
}

/// A YAML line with a comment aligned after it.
fn line(yaml: &str, comment: &str) -> String {
    format!("{yaml:<33} # {comment}\n")
}

/// What a new story says about where it belongs.
pub struct StoryPlace<'a> {
    pub district: &'a str,
    pub town: Option<&'a str>,
    /// The towns of the district, for the comment.
    pub towns: Vec<&'a str>,
    pub topics: &'a [String],
}

/// A new story's default-language file: a draft with every field.
pub fn story(config: &Config, place: &StoryPlace, today: Date) -> String {
    let w = words(config.default_language());
    let mut out = String::from("---\n");
    out.push_str(&format!("title: {}\n", w.title));
    out.push_str(&line(
        &format!("# date: {today}"),
        "optional: the file name gives the date",
    ));
    out.push_str(&line(
        &format!("district: {}", place.district),
        "a file in content/districts/, or city",
    ));
    out.push_str(&town_line(place));
    let known: Vec<&str> = config.topics.iter().map(|t| t.slug.as_str()).collect();
    out.push_str(&line(
        &format!("topics: [{}]", place.topics.join(", ")),
        &format!("optional, from site.yaml: {}", list_or_none(&known)),
    ));
    out.push_str(&line(
        "deputies: []",
        "optional: names as published, e.g. [赵戈]",
    ));
    out.push_str(&format!("summary: {}\n", w.summary));
    out.push_str(&line(
        &format!(
            "# image: {{ src: photo.jpg, alt: {}, credit: ~ }}",
            w.image_alt
        ),
        "optional: a file in static/, or beside index.md in a bundle",
    ));
    out.push_str(&line("draft: true", "false publishes the story"));
    out.push_str(CASE);
    out.push_str("---\n\n");
    out.push_str(w.body);
    out.push('\n');
    out
}

fn town_line(place: &StoryPlace) -> String {
    match place.town {
        Some(town) => line(&format!("town: {town}"), "a town of the district"),
        None if place.towns.is_empty() => line(
            "town: ~",
            &format!("optional: `{}` lists no towns", place.district),
        ),
        None => line("town: ~", &format!("optional: {}", place.towns.join(", "))),
    }
}

fn list_or_none(items: &[&str]) -> String {
    if items.is_empty() {
        "none yet".to_string()
    } else {
        items.join(", ")
    }
}

const CASE: &str = "\
# case:                           # optional: one resident's matter, stage by stage
#   status: reported              # reported | in-progress | resolved | not-adopted
#   reported: 2024-03-01          # 群众反映  a resident raised it
#   collected: 2024-03-02         # 代表收集  a deputy took it up
#   dispatched: 2024-03-05        # 平台分办  the platform assigned it
#   handled: 2024-04-10           # 部门处置  the department acted
#   answered: 2024-04-15          # 结果反馈  the result went back to the resident
#   rated: 2024-04-20             # 群众评价  the resident rated it
#   rating: satisfied             # satisfied | basically-satisfied | dissatisfied
#   funding_cny: 180000           # yuan
";

/// A new story's translation into `lang`, recorded as made from `original`.
pub fn story_translation(lang: &str, original: &str) -> String {
    let w = words(lang);
    let mut out = String::from("---\n");
    out.push_str(&format!("title: {}\n", w.title));
    out.push_str(&format!("summary: {}\n", w.summary));
    out.push_str(&line(
        &format!("# image: {{ alt: {} }}", w.image_alt),
        "when the original has an image: only its description is translated",
    ));
    out.push_str(&translated_from(original));
    out.push_str("---\n\n");
    out.push_str(w.body);
    out.push('\n');
    out
}

/// `translated_from` for a translation of `original`, a file this module
/// wrote: its fields are plain one-line scalars, so they can be read back
/// without a YAML parser.
fn translated_from(original: &str) -> String {
    let front_end = original[4..]
        .find("\n---\n")
        .map_or(original.len(), |i| i + 4);
    let front = &original[..front_end];
    let field = |key: &str| {
        front
            .lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix(": "))
    };
    let body = original.get(front_end + 5..).unwrap_or("");
    let print = fingerprint(&Translatable {
        title: field("title").unwrap_or_default(),
        summary: field("summary"),
        image_alt: None,
        body,
    });
    line(
        &format!("translated_from: \"{print}\""),
        "the original this translates; `renda translated` renews it",
    )
}

/// A new district file, named in every language of the site.
pub fn district(config: &Config, next_order: i64) -> String {
    let mut out = line(
        &format!("name: {}", in_every_language(config, |w| w.name)),
        "in every language of the site",
    );
    out.push_str(&line(
        "kind: district",
        "district | county-level-city | county",
    ));
    out.push_str(&format!(
        "summary: {}\n",
        in_every_language(config, |w| w.district_summary)
    ));
    out.push_str(&line(
        "# towns:",
        "optional: towns and subdistricts (镇/街道), for stories' `town`",
    ));
    out.push_str("#   - slug: example-town\n");
    out.push_str(&format!(
        "#     name: {}\n",
        in_every_language(config, |w| w.town)
    ));
    out.push_str(&line(
        &format!("# order: {next_order}"),
        "optional: position in lists, then by slug",
    ));
    out
}

fn in_every_language(config: &Config, pick: impl Fn(&Words) -> &'static str) -> String {
    let parts: Vec<String> = config
        .languages
        .iter()
        .map(|l| format!("{l}: \"{}\"", pick(words(l))))
        .collect();
    format!("{{ {} }}", parts.join(", "))
}

/// A new livelihood project: what is required filled in, every optional
/// field shown commented out with what it takes.
pub fn project(config: &Config, year: &str, district: &str) -> String {
    let mut out = line(
        &format!("title: {}", in_every_language(config, |w| w.name)),
        "in every language of the site",
    );
    let kinds: Vec<String> = config
        .all_project_kinds()
        .into_iter()
        .map(|k| k.slug)
        .collect();
    out.push_str(&line("kind: ten-projects", &kinds.join(" | ")));
    out.push_str(&line(
        "districts: [city]",
        &format!("city, or district slugs such as {district}"),
    ));
    out.push_str(&line(
        "# summary: { zh: \"...\", en: \"...\" }",
        "optional: a sentence for lists and search",
    ));
    out.push_str(&line(
        "# topics: []",
        "optional: topic slugs from site.yaml",
    ));
    out.push_str(&line(
        "# responsible: { zh: \"...\", en: \"...\" }",
        "optional: the department in charge",
    ));
    out.push_str(&line(
        &format!("# vote: {{ date: {year}-01-01, for: 0, against: 0, abstain: 0 }}"),
        "optional: the deputies' vote, each part optional",
    ));
    out.push_str(&line(
        "# budget_cny: { planned: 0, revised: 0, spent: 0 }",
        "optional: yuan, each optional",
    ));
    out.push_str(&line("# targets:", "optional: what it sets out to deliver"));
    out.push_str(&line(
        "#   - { zh: \"...\", en: \"...\", unit: { zh: 个, en: places }, target: 0, achieved: 0 }",
        "target, achieved or both",
    ));
    out.push_str(&line(
        "# status: planned",
        "planned | in-progress | completed | delayed | cancelled",
    ));
    out.push_str(&line(
        "# progress: 0",
        "optional: percent; else from its items or its status",
    ));
    out.push_str(&line(
        "# parent: other-project",
        &format!("optional: the project in content/projects/{year}/ this is an item of"),
    ));
    out.push_str(&line(
        "# weight: 1",
        "optional: its share in the parent's progress",
    ));
    out.push_str(&line("# milestones:", "optional: earliest first"));
    out.push_str(&line(
        &format!("#   - date: {year}-03-01"),
        "a milestone is news: it goes into the feeds",
    ));
    out.push_str(
        "#     title: { zh: 开工, en: Work started }
",
    );
    out.push_str(&line(
        &format!(
            "#     photo: {{ src: work-started.jpg, alt: {}, credit: \"...\" }}",
            in_every_language(config, |w| w.image_alt)
        ),
        "optional: a file beside this one",
    ));
    out.push_str(&line(
        "# stories: [\"@/stories/YYYY-MM-DD-slug.md\"]",
        "optional: stories that tell of it",
    ));
    out.push_str(&line(
        &format!("# source: {}", in_every_language(config, |w| w.source)),
        "optional: where the figures come from",
    ));
    out
}

/// A new statistics file: a source, no records yet, and a commented
/// record naming every metric the site knows.
pub fn stats(config: &Config, period: &str, district: &str) -> String {
    let mut out = format!("period: {period}\n");
    out.push_str(&line(
        &format!("source: {}", in_every_language(config, |w| w.source)),
        "add url: \"https://...\" when it is published online",
    ));
    out.push_str(&line(
        "records: []",
        "replace [] with records like the one below, without the #",
    ));
    out.push_str(&line(
        &format!("#   - district: {district}"),
        "a district slug, or city",
    ));
    out.push_str(&line(
        &format!(
            "#     campaign: {}",
            in_every_language(config, |w| w.campaign)
        ),
        "optional: a campaign within the period",
    ));
    let default = config.default_language();
    for metric in config.all_metrics() {
        let (name, _) = metric.name.get(default, default);
        let comment = format!("{name} ({})", unit(&metric, default));
        out.push_str(&line(&format!("#     {}: 0", metric.key), &comment));
    }
    out
}

fn unit(metric: &Metric, lang: &str) -> String {
    match &metric.unit {
        Unit::Count => "a whole number".to_string(),
        Unit::Yuan => "yuan".to_string(),
        Unit::Hectare => "hectares".to_string(),
        Unit::Other(label) => label.get(lang, lang).0.to_string(),
    }
}

/// The files of a new site, relative to its folder, with their text: one
/// of each kind of source, translated, so the site builds at once.
pub fn site(today: Date) -> Vec<(String, String)> {
    let story = format!("content/stories/{today}-welcome");
    let welcome = WELCOME_ZH.replace("{file}", &format!("{story}.md"));
    let welcome_en = translation_of(
        WELCOME_EN.replace("{file}", &format!("{story}.md")),
        &welcome,
    );
    let about_en = translation_of(ABOUT_EN.to_string(), ABOUT_ZH);
    let stats = STATS.replace("{year}", &today.year().to_string());
    vec![
        ("site.yaml".into(), SITE.into()),
        ("content/districts/central.yaml".into(), DISTRICT.into()),
        (format!("{story}.md"), welcome),
        (format!("{story}.en.md"), welcome_en),
        (format!("content/stats/{}.yaml", today.year()), stats),
        ("content/pages/about.md".into(), ABOUT_ZH.into()),
        ("content/pages/about.en.md".into(), about_en),
    ]
}

/// `translation` with `translated_from` added as its last field.
fn translation_of(translation: String, original: &str) -> String {
    translation.replacen(
        "\n---\n",
        &format!("\n{}---\n", translated_from(original)),
        1,
    )
}

const SITE: &str = "\
title: { zh: \"在这里写站点名称\", en: \"Write the site's name here\" }
base_url: https://example.org/      # the address the site will be served from
languages: [zh, en]                 # the first is the default, served at /; the others at /<code>/
theme: default                      # the built-in theme; files in themes/default/ override it one by one
topics:                             # the topics stories refer to
  example: { zh: \"示例专题\", en: \"Example topic\" }
# metrics:                          # statistics beyond the four built in
#   forest_optimised_ha: { zh: 林分优化, en: Forest stand improvement, unit: hectare }
";

const DISTRICT: &str = "\
name: { zh: \"示例区\", en: \"Example District\" }   # rename the file and this to a real district
kind: district                      # district | county-level-city | county
summary: { zh: \"在这里用一两句话介绍这个区县。\", en: \"Write a sentence or two about the district here.\" }
# towns:                            # optional: towns and subdistricts (镇/街道)
#   - slug: example-town
#     name: { zh: \"某某镇\", en: \"Example Town\" }
# order: 1                          # optional: position in lists, then by slug
";

const STATS: &str = "\
period: {year}
source: { zh: \"示例数据，请换成真实来源\", en: \"Example figures: replace them with a real source\" }
records:
  - district: central               # a district slug, or city
    suggestions_collected: 10       # 收集群众意见建议
    suggestions_resolved: 8         # 推动解决
    proposals: 2                    # 形成代表建议
    # funding_cny: 0                # 资金, in yuan
";

const WELCOME_ZH: &str = "\
---
title: 欢迎使用 renda
district: central
topics: [example]
deputies: []
summary: 新站点的第一篇案例，说明案例文件怎样写。
draft: false
---

这篇案例来自 `{file}`，它的英文译文在旁边的 `.en.md` 文件中。

每篇案例以两行 `---` 之间的字段开头：标题、所属区县、专题、代表姓名和摘要；之后是用 Markdown 书写的正文。

运行 `renda new story 名称 --district central` 新建一篇案例，`renda check` 检查全站，`renda serve` 在浏览器中预览。
";

const WELCOME_EN: &str = "\
---
title: Welcome to renda
summary: The first story of a new site, on how a story file is written.
---

This story comes from `{file}`; this English translation sits beside it, in the `.en.md` file.

Every story starts with its fields between two `---` lines: title, district, topics, deputies and summary. The text follows, written in Markdown.

Run `renda new story <name> --district central` to start a story, `renda check` to check the whole site, and `renda serve` to preview it in the browser.
";

const ABOUT_ZH: &str = "\
---
title: 关于本站
summary: 在这里用一句话说明本站是什么。
---

在这里介绍本站：由谁编写，数据从哪里来，怎样联系编辑。
";

const ABOUT_EN: &str = "\
---
title: About this site
summary: Say in one sentence what this site is.
---

Write about the site here: who writes it, where its figures come from, and how to reach the editors.
";

/// A new deputy's file: the three fields a deputy needs, and the optional
/// ones as comments. Personal data has no place in it, and the file says why.
pub fn deputy(config: &Config, slug: &str, district: &str, station: Option<&str>) -> String {
    let mut out = line(
        &format!("name: {}", in_every_language(config, |w| w.name)),
        "as in the official list of deputies",
    );
    out.push_str(&line(
        "level: city",
        "national | provincial | city | county | town",
    ));
    out.push_str(&line(
        &format!("district: {district}"),
        "the district of the electoral unit, or city",
    ));
    out.push_str(&line(
        "# town: example-town",
        "optional: a town of that district",
    ));
    out.push_str(&line(
        "# terms:",
        "optional: oldest first; `to: ~` while the term runs",
    ));
    out.push_str(&format!(
        "#   - {{ congress: {}, from: 2022-01, to: ~ }}\n",
        in_every_language(config, |w| w.congress)
    ));
    out.push_str(&line(
        &format!("# role: {}", in_every_language(config, |w| w.role)),
        "optional",
    ));
    out.push_str(&line(
        &format!(
            "# occupation: {}",
            in_every_language(config, |w| w.occupation)
        ),
        "optional: as in the official list",
    ));
    out.push_str(&line(
        &format!("# stations: [{}]", station.unwrap_or("example-station")),
        "optional: liaison stations (files in content/stations/) the deputy receives at",
    ));
    out.push_str(&line(
        &format!(
            "# photo: {{ src: {slug}.jpg, alt: {}, credit: \"...\" }}",
            in_every_language(config, |w| w.image_alt)
        ),
        "optional: a file beside this one",
    ));
    out.push_str("# Never write a deputy's phone, mobile, email, address, id_number, birth_date\n");
    out.push_str("# or wechat here: the Personal Information Protection Law (PIPL) forbids\n");
    out.push_str("# publishing them, and renda refuses them. Residents reach deputies through\n");
    out.push_str("# the public line of a liaison station.\n");
    out
}

/// A new liaison station's file: name and district, and the optional
/// fields as comments.
pub fn station(config: &Config, district: &str) -> String {
    let mut out = line(
        &format!("name: {}", in_every_language(config, |w| w.name)),
        "e.g. 白沙街道人大代表联络站",
    );
    out.push_str(&line(
        &format!("district: {district}"),
        "a district slug, or city",
    ));
    out.push_str(&line(
        "# town: example-town",
        "optional: a town of that district",
    ));
    out.push_str(&line(
        &format!("# address: {}", in_every_language(config, |w| w.address)),
        "optional",
    ));
    out.push_str(&line(
        "# location: { lat: 22.5853, lon: 113.0812 }",
        "optional: decimal degrees",
    ));
    out.push_str(&line(
        "# phone: 0750-0000000",
        "optional: the station's public line",
    ));
    out.push_str(&line(
        &format!("# hours: {}", in_every_language(config, |w| w.hours)),
        "optional: when it is open",
    ));
    out.push_str(&line(
        "# receptions:",
        "optional: announced sessions, local time (Asia/Shanghai)",
    ));
    out.push_str(&line(
        "#   - { date: 2024-12-05, start: \"09:00\", end: \"11:30\", deputies: [example-deputy] }",
        "leave out start and end when no time is announced",
    ));
    out
}
