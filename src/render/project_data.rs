//! Open data of the livelihood projects: `data/projects.json` and
//! `data/projects.csv`.
//!
//! Each project's fields are given as the editor wrote them, and beside
//! them, under `derived`, what the site worked out (a parent's sums, a
//! weighted progress) with how it was made, so a journalist can redo the
//! arithmetic and never mistakes a sum for a reported figure.

use serde_json::{json, Value};

use super::data::{in_language, number, per_language, pretty, push_row, text_json};
use super::datapackage::{field, words, DataFile, Field, Format, Kind, SourceRef};
use crate::model::{Area, Basis, Figure, Project, Site, Source, Text};
use crate::routes;
use crate::routes::slash as slash_path;

/// Every project, newest year first, then by slug: the order of the site.
pub fn projects_json(site: &Site) -> String {
    let base = site.config.base_url.trim_end_matches('/');
    let kinds: Vec<Value> = site
        .config
        .all_project_kinds()
        .iter()
        .map(|k| json!({ "slug": k.slug, "name": text_json(&k.name) }))
        .collect();
    let projects: Vec<Value> = site
        .projects
        .iter()
        .map(|p| project_json(p, base))
        .collect();
    pretty(&json!({ "kinds": kinds, "projects": projects }))
}

fn project_json(p: &Project, base: &str) -> Value {
    let d = &p.derived;
    let vote = p.vote.as_ref().map(|v| {
        json!({
            "date": v.date.map(|d| d.to_string()),
            "for": v.for_,
            "against": v.against,
            "abstain": v.abstain,
        })
    });
    let targets: Vec<Value> = p
        .targets
        .iter()
        .map(|t| {
            json!({
                "name": text_json(&t.name),
                "unit": t.unit.as_ref().map(text_json),
                "target": t.target.map(number),
                "achieved": t.achieved.map(number),
            })
        })
        .collect();
    let derived_targets: Vec<Value> = d
        .targets
        .iter()
        .map(|t| {
            json!({
                "name": text_json(&t.name),
                "unit": t.unit.as_ref().map(text_json),
                "target": t.target.map(figure_json),
                "achieved": t.achieved.map(figure_json),
            })
        })
        .collect();
    let milestones: Vec<Value> = p
        .milestones
        .iter()
        .map(|m| {
            json!({
                "date": {
                    "date": m.date.iso(),
                    "precision": m.date.precision.key(),
                    "estimated": m.date.estimated,
                },
                "title": text_json(&m.title),
                "source": m.source.as_ref().map(source_json),
                "photo": m.photo.as_ref().map(|photo| json!({
                    "url": format!("{base}/{}", routes::encode_path(&routes::project_photo(p.year, &p.slug, &photo.src))),
                    "alt": text_json(&photo.alt),
                    "credit": photo.credit,
                })),
                "line": m.line,
            })
        })
        .collect();
    let stories: Vec<Value> = p
        .stories
        .iter()
        .map(|s| json!({ "slug": s, "url": format!("{base}/{}", routes::story(s)) }))
        .collect();
    json!({
        "id": p.id(),
        "year": p.year,
        "cumulative_since": p.cumulative_since,
        "slug": p.slug,
        "url": format!("{base}/{}", routes::project(p.year, &p.slug)),
        "title": text_json(&p.title),
        "summary": p.summary.as_ref().map(text_json),
        "kind": p.kind,
        "districts": p.districts,
        "topics": p.topics,
        "responsible": p.responsible.as_ref().map(text_json),
        "vote": vote,
        "budget_cny": {
            "planned": p.budget.planned.map(number),
            "revised": p.budget.revised.map(number),
            "spent": p.budget.spent.map(number),
        },
        "targets": targets,
        "status": p.status.map(|s| s.key()),
        "progress": p.progress.map(number),
        "parent": p.parent,
        "weight": number(p.weight),
        "items": d.items,
        "milestones": milestones,
        "stories": stories,
        "source": p.source.as_ref().map(source_json),
        "file": slash_path(&p.file),
        "derived": {
            "progress": d.progress.map(figure_json),
            "budget_cny": {
                "planned": d.planned.map(figure_json),
                "revised": d.revised.map(figure_json),
                "spent": d.spent.map(figure_json),
            },
            "targets": derived_targets,
        },
    })
}

/// `{value, basis}`, with the number of items for a sum.
fn figure_json(f: Figure) -> Value {
    match f.basis {
        Basis::Given => json!({ "value": number(f.value), "basis": "given" }),
        Basis::Items(n) => json!({ "value": number(f.value), "basis": "items", "items": n }),
        Basis::Status => json!({ "value": number(f.value), "basis": "status" }),
    }
}

fn source_json(s: &Source) -> Value {
    json!({ "name": text_json(&s.name), "url": s.url })
}

/// The CSV's columns, each with its type and meaning; the header is made
/// from these, so the description cannot fall behind the file.
fn csv_fields(site: &Site) -> Vec<Field> {
    let f = |name: &str, kind: Kind, zh: &str, en: &str| field(name, kind, words(zh, en));
    let money = |name: &str, zh: &str, en: &str| Field {
        unit: Some(words("元", "yuan")),
        ..field(name, Kind::Number, words(zh, en))
    };
    let basis = |name: &str| {
        f(
            name,
            Kind::String,
            "前一列的来历：given 为编辑给出，from N items 为由N个子项目计算，status 为根据状态",
            "How the previous column was arrived at: given by the editor, from N items, or from the status",
        )
    };
    let mut out = vec![
        f(
            "year",
            Kind::Integer,
            "年度（项目所在文件夹）",
            "The year (the project's folder)",
        ),
        f(
            "cumulative_since",
            Kind::Integer,
            "数字为自该年起至本年度的累计数时，起始年份；空白表示只是本年度的",
            "When the figures are totals from that year up to the project's year, the first year; empty for one year's figures",
        ),
        f(
            "slug",
            Kind::String,
            "项目的标识（文件名）",
            "The project's slug (its file name)",
        ),
        f(
            "parent",
            Kind::String,
            "所属项目的标识（同一年度），空白表示不是子项目",
            "The slug of the project (same year) this is an item of; empty if none",
        ),
        f(
            "weight",
            Kind::Number,
            "在所属项目进度中的权重",
            "Its weight in the parent's progress",
        ),
        f(
            "kind",
            Kind::String,
            "类别：ten-projects、micro，或站点定义的类别",
            "The kind: ten-projects, micro, or one the site declares",
        ),
    ];
    out.extend(per_language(
        site,
        "title",
        ("项目名称", "The project's title"),
    ));
    out.extend(per_language(
        site,
        "summary",
        ("项目简介", "The project's summary"),
    ));
    out.push(f(
        "districts",
        Kind::String,
        "地区的标识，以分号分隔；city 表示全市",
        "District slugs, separated by semicolons; city for the city as a whole",
    ));
    out.push(f(
        "topics",
        Kind::String,
        "主题的标识，以分号分隔",
        "Topic slugs, separated by semicolons",
    ));
    out.extend(per_language(
        site,
        "responsible",
        ("责任单位", "The department responsible"),
    ));
    out.extend([
        f("vote_date", Kind::Date, "人大代表票决的日期", "The date of the deputies' vote"),
        f("vote_for", Kind::Integer, "赞成票数", "Votes for"),
        f("vote_against", Kind::Integer, "反对票数", "Votes against"),
        f("vote_abstain", Kind::Integer, "弃权票数", "Abstentions"),
        f("status", Kind::String, "状态：planned、in-progress、completed、delayed 或 cancelled", "The status: planned, in-progress, completed, delayed or cancelled"),
        Field { unit: Some(words("%", "%")), ..field("progress", Kind::Number, words("编辑给出的进度", "The progress the editor gave")) },
        Field { unit: Some(words("%", "%")), ..field("progress_derived", Kind::Number, words("网站采用的进度：给出的，或由子项目按权重计算，或根据状态", "The progress the site shows: as given, weighted from the items, or from the status")) },
        basis("progress_basis"),
        money("budget_planned", "编辑给出的计划资金", "The planned budget the editor gave"),
        money("budget_revised", "编辑给出的调整后资金", "The revised budget the editor gave"),
        money("budget_spent", "编辑给出的已支出资金", "The spending the editor gave"),
        money("budget_planned_derived", "网站采用的计划资金：给出的，或子项目合计", "The planned budget the site shows: as given, or the items' sum"),
        basis("budget_planned_basis"),
        money("budget_revised_derived", "网站采用的调整后资金", "The revised budget the site shows"),
        basis("budget_revised_basis"),
        money("budget_spent_derived", "网站采用的已支出资金", "The spending the site shows"),
        basis("budget_spent_basis"),
        f("targets", Kind::String, "目标与完成情况，JSON 数组：名称、单位、目标、完成", "Targets and results, as a JSON array: name, unit, target, achieved"),
        f("milestones", Kind::String, "进展节点，JSON 数组：日期、名称、出处、照片、行号", "Milestones, as a JSON array: date, title, source, photo, line"),
        f("stories", Kind::String, "相关报道的标识，以分号分隔", "Slugs of the stories about it, separated by semicolons"),
    ]);
    out.extend(per_language(site, "source", ("出处", "The source")));
    out.push(f(
        "source_url",
        Kind::String,
        "出处的网址",
        "The source's web address",
    ));
    out.push(f(
        "file",
        Kind::String,
        "项目的源文件",
        "The project's source file",
    ));
    out
}

/// One row per project. Lists are joined with `;`; targets and milestones,
/// which have parts of their own, are given as JSON in their cells. Like
/// `stats.csv`, the file opens with a byte-order mark for spreadsheets.
pub fn projects_csv(site: &Site) -> String {
    let languages = &site.config.languages;
    let mut csv = String::from("\u{feff}");
    let header: Vec<String> = csv_fields(site).into_iter().map(|f| f.name).collect();
    push_row(&mut csv, &header);
    let base = site.config.base_url.trim_end_matches('/');
    for p in &site.projects {
        let d = &p.derived;
        let plain = |v: Option<f64>| v.map(|v| number(v).to_string()).unwrap_or_default();
        let figure = |f: Option<Figure>| -> [String; 2] {
            match f {
                None => [String::new(), String::new()],
                Some(f) => [number(f.value).to_string(), basis_key(f.basis)],
            }
        };
        let each = |t: Option<&Text>| -> Vec<String> {
            languages.iter().map(|l| in_language(t, l)).collect()
        };
        let mut row = vec![
            p.year.to_string(),
            p.cumulative_since
                .map(|y| y.to_string())
                .unwrap_or_default(),
            p.slug.clone(),
            p.parent.clone().unwrap_or_default(),
            number(p.weight).to_string(),
            p.kind.clone(),
        ];
        row.extend(each(Some(&p.title)));
        row.extend(each(p.summary.as_ref()));
        row.push(
            p.districts
                .iter()
                .map(Area::slug)
                .collect::<Vec<_>>()
                .join(";"),
        );
        row.push(p.topics.join(";"));
        row.extend(each(p.responsible.as_ref()));
        let vote = p.vote.clone().unwrap_or_default();
        row.push(vote.date.map(|d| d.to_string()).unwrap_or_default());
        for n in [vote.for_, vote.against, vote.abstain] {
            row.push(n.map(|n| n.to_string()).unwrap_or_default());
        }
        row.push(p.status.map(|s| s.key().to_string()).unwrap_or_default());
        row.push(plain(p.progress));
        row.extend(figure(d.progress));
        row.push(plain(p.budget.planned));
        row.push(plain(p.budget.revised));
        row.push(plain(p.budget.spent));
        row.extend(figure(d.planned));
        row.extend(figure(d.revised));
        row.extend(figure(d.spent));
        let json = project_json(p, base);
        row.push(compact(&json["targets"]));
        row.push(compact(&json["milestones"]));
        row.push(p.stories.join(";"));
        row.extend(each(p.source.as_ref().map(|s| &s.name)));
        row.push(
            p.source
                .as_ref()
                .and_then(|s| s.url.clone())
                .unwrap_or_default(),
        );
        row.push(slash_path(&p.file));
        push_row(&mut csv, &row);
    }
    csv
}

/// Both files, described for `data/datapackage.json`; none for a site
/// without projects.
pub fn files(site: &Site) -> Vec<DataFile> {
    if site.projects.is_empty() {
        return Vec::new();
    }
    let default = site.config.default_language();
    let mut sources: Vec<SourceRef> = Vec::new();
    for s in site.projects.iter().filter_map(|p| p.source.as_ref()) {
        let source = SourceRef {
            title: s.name.get(default, default).0.to_string(),
            url: s.url.clone(),
        };
        if !sources.contains(&source) {
            sources.push(source);
        }
    }
    let j = |name: &str, kind: Kind, zh: &str, en: &str| {
        field(format!("projects[].{name}"), kind, words(zh, en))
    };
    let json_fields = vec![
        field("kinds[]", Kind::Object, words("项目类别：标识和名称（按语言）", "Project kinds: slug and name by language")),
        j("id", Kind::String, "年度/标识，全站唯一", "year/slug, unique in the site"),
        j("year", Kind::Integer, "年度", "The year"),
        j("cumulative_since", Kind::Integer, "累计数的起始年份，或 null", "The first year of cumulative figures, or null"),
        j("slug", Kind::String, "项目的标识", "The project's slug"),
        j("url", Kind::String, "项目页面的网址", "The address of the project's page"),
        j("title", Kind::Object, "名称，按语言", "The title, by language"),
        j("summary", Kind::Object, "简介，按语言，或 null", "The summary by language, or null"),
        j("kind", Kind::String, "类别的标识", "The kind's slug"),
        j("districts", Kind::Array, "地区的标识；city 表示全市", "District slugs; city for the city as a whole"),
        j("topics", Kind::Array, "主题的标识", "Topic slugs"),
        j("responsible", Kind::Object, "责任单位，按语言，或 null", "The department responsible, by language, or null"),
        j("vote", Kind::Object, "人大代表票决：日期和赞成、反对、弃权票数，各自可为 null", "The deputies' vote: date, for, against, abstain, each possibly null"),
        j("budget_cny", Kind::Object, "编辑给出的资金（元）：planned、revised、spent", "Money as the editor gave it, in yuan: planned, revised, spent"),
        j("targets", Kind::Array, "编辑给出的目标：名称、单位、目标值、完成值", "Targets as given: name, unit, target, achieved"),
        j("status", Kind::String, "状态，或 null", "The status, or null"),
        j("progress", Kind::Number, "编辑给出的进度（%），或 null", "The progress the editor gave (%), or null"),
        j("parent", Kind::String, "所属项目的标识，或 null", "The parent's slug, or null"),
        j("weight", Kind::Number, "在所属项目进度中的权重", "Its weight in the parent's progress"),
        j("items", Kind::Array, "子项目的标识", "The slugs of its items"),
        j("milestones", Kind::Array, "进展节点：日期 {date, precision, estimated}（精度为 day、month、year 或 unknown）、名称、出处、照片 {url, alt, credit}（或 null）、在源文件中的行号", "Milestones: date as {date, precision, estimated} (precision day, month, year or unknown), title, source, photo as {url, alt, credit} (or null), line in the source file"),
        j("stories", Kind::Array, "相关报道：标识和网址", "Stories about it: slug and address"),
        j("source", Kind::Object, "出处：名称（按语言）和网址，或 null", "The source: name by language and address, or null"),
        j("file", Kind::String, "项目的源文件", "The project's source file"),
        j("derived", Kind::Object, "网站计算的数字：progress、budget_cny、targets，各为 {value, basis}，basis 为 given、items（附 items 个数）或 status", "Figures the site worked out: progress, budget_cny, targets, each {value, basis}, basis being given, items (with their number) or status"),
    ];
    vec![
        DataFile {
            path: routes::PROJECTS_CSV.to_string(),
            bytes: projects_csv(site).into_bytes(),
            name: "projects-csv",
            title: words("民生实事项目（CSV）", "Livelihood projects (CSV)"),
            holds: words(
                "每个民生实事项目一行：编辑给出的全部字段，网站由子项目计算的进度与合计及其来历，出处和源文件；可用电子表格打开。",
                "One row per livelihood project: every field as the editor gave it, the progress and sums the site worked out from the items with how, the source and the source file; opens in a spreadsheet.",
            ),
            format: Format::Csv,
            fields: csv_fields(site),
            sources: sources.clone(),
        },
        DataFile {
            path: routes::PROJECTS_JSON.to_string(),
            bytes: projects_json(site).into_bytes(),
            name: "projects-json",
            title: words("民生实事项目（JSON）", "Livelihood projects (JSON)"),
            holds: words(
                "每个民生实事项目的全部字段、子项目、进展节点和出处，以及网站计算的进度与合计（注明来历）。",
                "Every livelihood project's fields, items, milestones and source, with the progress and sums the site worked out and how.",
            ),
            format: Format::Json,
            fields: json_fields,
            sources,
        },
    ]
}

fn basis_key(basis: Basis) -> String {
    match basis {
        Basis::Given => "given".into(),
        Basis::Items(n) => format!("from {n} items"),
        Basis::Status => "status".into(),
    }
}

/// An empty list is an empty cell, not `[]`.
fn compact(value: &Value) -> String {
    match value {
        Value::Array(a) if a.is_empty() => String::new(),
        v => serde_json::to_string(v).unwrap_or_default(),
    }
}
