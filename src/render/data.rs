//! Open data: every statistics record and every case, as CSV and JSON.
//!
//! These files are what journalists and researchers download, so they keep
//! the figures exactly as the editors gave them, with the file and line each
//! came from, and they are safe to open in a spreadsheet.

use serde_json::{json, Map, Value};

use super::datapackage::{field, words, DataFile, Field, Format, Kind, SourceRef};
use crate::model::{Case, Metric, Record, Site, Stage, Story, Text, Unit};
use crate::routes;
use crate::routes::slash;

/// Every data file of the site, each with its description, in the order the
/// `data/` page lists them. A new data file is added here, made by a
/// function beside its description.
pub fn files(site: &Site, base_url: &str, include_drafts: bool) -> Vec<DataFile> {
    let mut files = vec![
        stats_csv_file(site),
        stats_json_file(site),
        cases_json_file(site, base_url, include_drafts),
    ];
    files.extend(super::project_data::files(site));
    if !site.deputies.is_empty() {
        files.push(deputies_json_file(site));
    }
    if !site.stations.is_empty() {
        files.push(stations_json_file(site));
    }
    files
}

/// `data/deputies.json`, described.
pub fn deputies_json_file(site: &Site) -> DataFile {
    let fields = vec![
        field("deputies[].slug", Kind::String, words("代表的标识（slug）", "The deputy's slug")),
        field("deputies[].url", Kind::String, words("代表页面的网址", "The address of the deputy's page")),
        field("deputies[].name", Kind::Object, words("姓名，按语言", "The name, by language")),
        field("deputies[].level", Kind::String, words("所在人大的层级：national、provincial、city、county 或 town", "The level of the congress: national, provincial, city, county or town")),
        field("deputies[].district", Kind::String, words("选区所在区县的标识；city 表示全市", "The slug of the electoral unit's district; city for the city as a whole")),
        field("deputies[].town", Kind::String, words("镇（街道）的标识，或 null", "The town's slug, or null")),
        field("deputies[].role", Kind::Object, words("身份，按语言，或 null", "The role, by language, or null")),
        field("deputies[].occupation", Kind::Object, words("职业（按代表名单），按语言，或 null", "The occupation as in the official list, by language, or null")),
        field("deputies[].terms", Kind::Array, words("任期，从早到晚：congress（按语言）、from 与 to（YYYY-MM 或 YYYY-MM-DD；to 为 null 表示在任）", "Terms, oldest first: congress (by language), from and to (YYYY-MM or YYYY-MM-DD; a null to means it runs)")),
        field("deputies[].stations", Kind::Array, words("代表所在联络站的标识", "The slugs of the deputy's liaison stations")),
        field("deputies[].photo", Kind::Object, words("照片的网址、替代文字和署名，或 null", "The photo's address, alt text and credit, or null")),
        field("deputies[].file", Kind::String, words("数据取自的文件", "The file the entry was read from")),
    ];
    DataFile {
        path: routes::DEPUTIES_JSON.to_string(),
        bytes: deputies_json(site).into_bytes(),
        name: "deputies-json",
        title: words("人大代表", "Deputies"),
        holds: words(
            "每位人大代表的层级、选区、任期和所在联络站；不含任何个人联系方式。",
            "Every deputy's level, electoral district, terms and liaison stations; no personal contact details.",
        ),
        format: Format::Json,
        fields,
        sources: Vec::new(),
    }
}

/// `data/stations.json`, described.
pub fn stations_json_file(site: &Site) -> DataFile {
    let fields = vec![
        field("stations[].slug", Kind::String, words("联络站的标识（slug）", "The station's slug")),
        field("stations[].url", Kind::String, words("联络站页面的网址", "The address of the station's page")),
        field("stations[].name", Kind::Object, words("名称，按语言", "The name, by language")),
        field("stations[].district", Kind::String, words("区县的标识；city 表示全市", "The district's slug; city for the city as a whole")),
        field("stations[].town", Kind::String, words("镇（街道）的标识，或 null", "The town's slug, or null")),
        field("stations[].address", Kind::Object, words("地址，按语言，或 null", "The address, by language, or null")),
        field("stations[].location", Kind::Object, words("位置：lat 与 lon（十进制度），或 null", "The location: lat and lon in decimal degrees, or null")),
        field("stations[].phone", Kind::String, words("联络站的公开电话，或 null", "The station's public line, or null")),
        field("stations[].hours", Kind::Object, words("开放时间，按语言，或 null", "The opening hours, by language, or null")),
        field("stations[].timezone", Kind::String, words("接待时间所用的时区：Asia/Shanghai", "The time zone of reception times: Asia/Shanghai")),
        field("stations[].receptions", Kind::Array, words("公布的接待安排，从早到晚：date、start 与 end（HH:MM，未公布时为 null）、deputies（代表的标识）", "Announced receptions, oldest first: date, start and end (HH:MM, null when not announced), deputies (their slugs)")),
        field("stations[].calendar", Kind::String, words("接待安排的 iCalendar 文件网址，或 null", "The address of the receptions' iCalendar file, or null")),
        field("stations[].file", Kind::String, words("数据取自的文件", "The file the entry was read from")),
    ];
    DataFile {
        path: routes::STATIONS_JSON.to_string(),
        bytes: stations_json(site).into_bytes(),
        name: "stations-json",
        title: words("人大代表联络站", "Deputies' liaison stations"),
        holds: words(
            "每个代表联络站的地址、公开电话、开放时间和公布的接待安排。",
            "Every liaison station's address, public line, opening hours and announced receptions.",
        ),
        format: Format::Json,
        fields,
        sources: Vec::new(),
    }
}

/// The publications the statistics were taken from, once each.
fn stats_sources(site: &Site) -> Vec<SourceRef> {
    let default = site.config.default_language();
    let mut out: Vec<SourceRef> = Vec::new();
    for period in &site.stats {
        let source = SourceRef {
            title: period.source.name.get(default, default).0.to_string(),
            url: period.source.url.clone(),
        };
        if !out.contains(&source) {
            out.push(source);
        }
    }
    out
}

pub(super) fn per_language(site: &Site, prefix: &str, meaning: (&str, &str)) -> Vec<Field> {
    site.config
        .languages
        .iter()
        .map(|l| {
            field(
                format!("{prefix}_{l}"),
                Kind::String,
                words(
                    format!("{}（{l}）", meaning.0),
                    format!("{} ({l})", meaning.1),
                ),
            )
        })
        .collect()
}

/// `data/stats.csv`, described.
pub fn stats_csv_file(site: &Site) -> DataFile {
    let mut fields = vec![
        field(
            "period",
            Kind::String,
            words(
                "统计期：年份（YYYY）或月份（YYYY-MM）",
                "The period: a year (YYYY) or a month (YYYY-MM)",
            ),
        ),
        field(
            "district",
            Kind::String,
            words(
                "区县的标识（slug）；city 表示全市",
                "The district's slug; city for the city as a whole",
            ),
        ),
    ];
    fields.extend(per_language(
        site,
        "campaign",
        (
            "专项活动名称，空表示整个统计期",
            "The campaign's name; empty for the whole period",
        ),
    ));
    fields.extend([
        field(
            "metric",
            Kind::String,
            words(
                "指标的键，其名称和单位见 stats.json 的 metrics",
                "The metric's key; its names and unit are in stats.json under metrics",
            ),
        ),
        field(
            "value",
            Kind::Number,
            words(
                "数值，按 unit 一列的单位",
                "The figure, in the unit of the unit column",
            ),
        ),
        field(
            "unit",
            Kind::String,
            words(
                "单位：count（件、个）、yuan（元）、hectare（公顷）或其他单位的名称",
                "The unit: count, yuan, hectare, or another unit's name",
            ),
        ),
        field(
            "cumulative_since",
            Kind::Integer,
            words(
                "若填写，该数字是自这一年以来的累计数，而不是本期的数字",
                "When given, the figure is a total since this year, not the period's alone",
            ),
        ),
        field(
            "estimated",
            Kind::Boolean,
            words(
                "true 表示该数字是估计值",
                "true when the figure is an estimate",
            ),
        ),
    ]);
    fields.extend(per_language(site, "source", ("出处", "The source")));
    fields.extend([
        field(
            "source_url",
            Kind::String,
            words("出处的网址（如有）", "The source's web address, if any"),
        ),
        field(
            "file",
            Kind::String,
            words(
                "数字所在的本站源文件",
                "The site's source file the figure is in",
            ),
        ),
        field(
            "line",
            Kind::Integer,
            words("该记录在源文件中的行号", "The record's line in that file"),
        ),
        field(
            "file_url",
            Kind::String,
            words(
                "该行在本站公开仓库中的网址（如有）",
                "The address of that line in the site's public repository, if there is one",
            ),
        ),
    ]);
    DataFile {
        path: routes::STATS_CSV.to_string(),
        bytes: stats_csv(site).into_bytes(),
        name: "stats-csv",
        title: words("统计数字（表格）", "Statistics (table)"),
        holds: words(
            "每条统计记录的每个数字占一行，附出处及其所在文件和行号；可用电子表格打开。",
            "One row per figure of every statistics record, with its source and the file and line it is in; opens in a spreadsheet.",
        ),
        format: Format::Csv,
        fields,
        sources: stats_sources(site),
    }
}

/// `data/stats.json`, described.
pub fn stats_json_file(site: &Site) -> DataFile {
    let languages = site.config.languages.join(", ");
    let lang_map = |zh: &str, en: &str| {
        words(
            format!("{zh}，按语言（{languages}）"),
            format!("{en}, by language ({languages})"),
        )
    };
    let fields = vec![
        field(
            "metrics[].key",
            Kind::String,
            words("指标的键", "The metric's key"),
        ),
        field(
            "metrics[].name",
            Kind::Object,
            lang_map("指标名称", "The metric's name"),
        ),
        field(
            "metrics[].unit",
            Kind::String,
            words(
                "单位：count、yuan、hectare，或按语言给出的单位名称",
                "The unit: count, yuan, hectare, or the unit's name by language",
            ),
        ),
        field(
            "periods[].period",
            Kind::String,
            words("统计期：YYYY 或 YYYY-MM", "The period: YYYY or YYYY-MM"),
        ),
        field(
            "periods[].file",
            Kind::String,
            words("该统计期的源文件", "The period's source file"),
        ),
        field(
            "periods[].source",
            Kind::Object,
            words(
                "出处：标题（按语言）、发布者、发布日期和网址",
                "The source: its title by language, its publisher, its date and its web address",
            ),
        ),
        field(
            "periods[].records[].district",
            Kind::String,
            words(
                "区县的标识；city 表示全市",
                "The district's slug; city for the city as a whole",
            ),
        ),
        field(
            "periods[].records[].campaign",
            Kind::Object,
            lang_map(
                "专项活动名称，null 表示整个统计期",
                "The campaign's name; null for the whole period",
            ),
        ),
        field(
            "periods[].records[].line",
            Kind::Integer,
            words(
                "该记录在源文件中的行号",
                "The record's line in the source file",
            ),
        ),
        field(
            "periods[].records[].cumulative_since",
            Kind::Integer,
            words(
                "若填写，该记录的数字是自这一年以来的累计数；否则为 null",
                "When given, the record's figures are totals since this year; else null",
            ),
        ),
        field(
            "periods[].records[].estimated",
            Kind::Array,
            words(
                "数值为估计值的指标的键",
                "Keys of the metrics whose figure is an estimate",
            ),
        ),
        field(
            "periods[].records[].values",
            Kind::Object,
            words(
                "指标的键到数值，单位见 metrics",
                "Metric key to figure, in the metric's unit",
            ),
        ),
    ];
    DataFile {
        path: routes::STATS_JSON.to_string(),
        bytes: stats_json(site).into_bytes(),
        name: "stats-json",
        title: words("统计数字（JSON）", "Statistics (JSON)"),
        holds: words(
            "全部指标的名称和单位，以及每个统计期的出处和记录，数字与编辑给出的一致。",
            "Every metric's names and unit, then every period with its source and records, figures as the editors gave them.",
        ),
        format: Format::Json,
        fields,
        sources: stats_sources(site),
    }
}

/// `data/cases.json`, described.
pub fn cases_json_file(site: &Site, base_url: &str, include_drafts: bool) -> DataFile {
    let stage_names = Stage::ALL.map(|s| s.key()).join(", ");
    let fields = vec![
        field("cases[].story", Kind::String, words("案例报道的标识（slug）", "The slug of the case's story")),
        field("cases[].url", Kind::String, words("案例报道的网址", "The address of the case's story")),
        field("cases[].title", Kind::Object, words("报道标题，按语言", "The story's title, by language")),
        field("cases[].district", Kind::String, words("区县的标识；city 表示全市", "The district's slug; city for the city as a whole")),
        field("cases[].town", Kind::String, words("镇（街道）的标识，或 null", "The town's slug, or null")),
        field("cases[].status", Kind::String, words("办理状态：reported、in-progress、resolved 或 not-adopted", "The status: reported, in-progress, resolved or not-adopted")),
        field("cases[].stages", Kind::Object, words(format!("已发生的环节（{stage_names}）"), format!("Each stage that has happened ({stage_names})"))),
        field("cases[].stages.<stage>.date", Kind::String, words("日期，按其精度书写：YYYY-MM-DD、YYYY-MM 或 YYYY；日期不详时为 null", "The date, written to its precision: YYYY-MM-DD, YYYY-MM or YYYY; null when the day is not known")),
        field("cases[].stages.<stage>.precision", Kind::String, words("日期精度：day（日）、month（月）、year（年）或 unknown（已发生，日期不详）", "How precise the date is: day, month, year, or unknown (it happened; the day is not known)")),
        field("cases[].stages.<stage>.estimated", Kind::Boolean, words("true 表示该日期是编辑的估计，不是记录", "true when the date is an editor's estimate, not a record")),
        field("cases[].rating", Kind::String, words("群众评价：satisfied、basically-satisfied、dissatisfied，或 null", "The resident's rating: satisfied, basically-satisfied, dissatisfied, or null")),
        Field {
            unit: Some(words("元", "yuan")),
            ..field("cases[].funding_cny", Kind::Number, words("安排的资金，或 null", "The funding granted, or null"))
        },
        Field {
            unit: Some(words("天", "days")),
            ..field("cases[].days_to_answer", Kind::Integer, words("从群众反映到结果反馈的天数；仅当两个日期都是确切记录的某一天时计算，否则为 null（无法计算）", "Days from the report to the answer; computed only when both are exact, recorded days, else null (not computable)"))
        },
    ];
    DataFile {
        path: routes::CASES_JSON.to_string(),
        bytes: cases_json(site, base_url, include_drafts).into_bytes(),
        name: "cases-json",
        title: words("案例办理进度", "Case progress"),
        holds: words(
            "每个群众反映事项的状态、各环节日期、评价和资金，按反映日期排列。",
            "Every resident's case: its status, the date of each stage, the rating and the funding, in order of report.",
        ),
        format: Format::Json,
        fields,
        sources: Vec::new(),
    }
}

/// One row per (record, metric), in file order. Bilingual columns come once
/// per site language, in the order of `site.yaml`; a language the editor
/// did not give is left empty rather than filled from another.
///
/// The file opens with a UTF-8 byte-order mark: without it, Excel on a
/// Chinese edition of Windows reads the file as GBK and garbles every
/// Chinese cell, and that is how many residents open a CSV.
pub fn stats_csv(site: &Site) -> String {
    let languages = &site.config.languages;
    let metrics = site.config.all_metrics();
    let mut csv = String::from("\u{feff}");
    push_row(&mut csv, &csv_header(languages));
    for period in &site.stats {
        let file = slash(&period.file);
        for record in &period.records {
            for (key, value) in &record.values {
                let mut row = vec![period.period.clone(), record.district.slug().to_string()];
                row.extend(
                    languages
                        .iter()
                        .map(|l| in_language(record.campaign.as_ref(), l)),
                );
                row.push(key.clone());
                row.push(value.to_string());
                row.push(unit_label(&metrics, key, site.config.default_language()));
                row.push(
                    record
                        .cumulative_since
                        .map(|y| y.to_string())
                        .unwrap_or_default(),
                );
                row.push(record.is_estimated(key).to_string());
                row.extend(
                    languages
                        .iter()
                        .map(|l| in_language(Some(&period.source.name), l)),
                );
                row.push(period.source.url.clone().unwrap_or_default());
                row.push(file.clone());
                row.push(record.line.to_string());
                row.push(
                    site.config
                        .repository
                        .as_ref()
                        .map(|r| r.line_url(&file, Some(record.line)))
                        .unwrap_or_default(),
                );
                push_row(&mut csv, &row);
            }
        }
    }
    csv
}

/// The metrics, then every period with its source and records.
pub fn stats_json(site: &Site) -> String {
    let metrics: Vec<Value> = site.config.all_metrics().iter().map(metric_json).collect();
    let periods: Vec<Value> = site
        .stats
        .iter()
        .map(|period| {
            json!({
                "period": period.period,
                "file": slash(&period.file),
                "source": {
                    "name": text_json(&period.source.name),
                    "publisher": period.source.publisher.as_ref().map(text_json),
                    "date": period.source.date.and_then(|d| d.iso()),
                    "url": period.source.url,
                },
                "records": period.records.iter().map(record_json).collect::<Vec<_>>(),
            })
        })
        .collect();
    pretty(&json!({ "metrics": metrics, "periods": periods }))
}

/// Every case, oldest report first. Drafts are left out unless the site is
/// built with them, as they are everywhere else.
pub fn cases_json(site: &Site, base_url: &str, include_drafts: bool) -> String {
    let mut cases: Vec<(&Story, &Case)> = site
        .stories
        .iter()
        .filter(|story| include_drafts || !story.draft)
        .filter_map(|story| story.case.as_ref().map(|case| (story, case)))
        .collect();
    // Undated reports last: they cannot be placed in time.
    cases.sort_by_key(|(story, case)| {
        let reported = case.stages[0].and_then(|d| d.start);
        (reported.is_none(), reported, &story.slug)
    });
    let base = base_url.trim_end_matches('/');
    let cases: Vec<Value> = cases
        .into_iter()
        .map(|(story, case)| case_json(story, case, base))
        .collect();
    pretty(&json!({ "cases": cases }))
}

fn case_json(story: &Story, case: &Case, base: &str) -> Value {
    let titles: Map<String, Value> = story
        .texts
        .iter()
        .map(|(lang, text)| (lang.clone(), Value::from(text.title.clone())))
        .collect();
    let stages: Map<String, Value> = Stage::ALL
        .iter()
        .zip(&case.stages)
        .filter_map(|(stage, date)| {
            let date = date.as_ref()?;
            Some((
                stage.key().to_string(),
                json!({
                    "date": date.iso(),
                    "precision": date.precision.key(),
                    "estimated": date.estimated,
                }),
            ))
        })
        .collect();
    json!({
        "story": story.slug,
        "url": format!("{base}/{}", routes::story(&story.slug)),
        "title": titles,
        "district": story.district,
        "town": story.town,
        "status": case.status.key(),
        "stages": stages,
        "rating": case.rating.map(|r| r.key()),
        "funding_cny": case.funding_cny.map(number),
        "days_to_answer": case.days_to_answer(),
    })
}

fn metric_json(metric: &Metric) -> Value {
    let unit = match &metric.unit {
        Unit::Other(label) => text_json(label),
        unit => Value::from(unit_key(unit)),
    };
    json!({ "key": metric.key, "name": text_json(&metric.name), "unit": unit })
}

fn record_json(record: &Record) -> Value {
    let values: Map<String, Value> = record
        .values
        .iter()
        .map(|(key, value)| (key.clone(), number(*value)))
        .collect();
    json!({
        "district": record.district,
        "campaign": record.campaign.as_ref().map(text_json),
        "line": record.line,
        "cumulative_since": record.cumulative_since,
        "estimated": record.estimated,
        "values": values,
    })
}

pub(super) fn text_json(text: &Text) -> Value {
    Value::Object(
        text.0
            .iter()
            .map(|(k, v)| (k.clone(), Value::from(v.clone())))
            .collect(),
    )
}

/// Whole numbers as integers, so 3460 is not published as 3460.0.
pub(super) fn number(value: f64) -> Value {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if value.fract() == 0.0 && value.abs() < EXACT {
        Value::from(value as i64)
    } else {
        serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number)
    }
}

pub(super) fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

fn csv_header(languages: &[String]) -> Vec<String> {
    let mut header = vec!["period".to_string(), "district".to_string()];
    header.extend(languages.iter().map(|l| format!("campaign_{l}")));
    header.extend(["metric", "value", "unit", "cumulative_since", "estimated"].map(String::from));
    header.extend(languages.iter().map(|l| format!("source_{l}")));
    header.extend(["source_url", "file", "line", "file_url"].map(String::from));
    header
}

pub(super) fn in_language(text: Option<&Text>, lang: &str) -> String {
    text.and_then(|t| t.0.get(lang))
        .cloned()
        .unwrap_or_default()
}

/// `count`, `yuan` or `hectare`; another unit by its default-language label.
fn unit_label(metrics: &[Metric], key: &str, default_lang: &str) -> String {
    match metrics.iter().find(|m| m.key == key).map(|m| &m.unit) {
        Some(Unit::Other(label)) => label.get(default_lang, default_lang).0.to_string(),
        Some(unit) => unit_key(unit).to_string(),
        None => String::new(),
    }
}

fn unit_key(unit: &Unit) -> &'static str {
    match unit {
        Unit::Count => "count",
        Unit::Yuan => "yuan",
        Unit::Hectare => "hectare",
        Unit::Other(_) => "other",
    }
}

pub(super) fn push_row(csv: &mut String, cells: &[String]) {
    let cells: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
    csv.push_str(&cells.join(","));
    csv.push_str("\r\n");
}

/// RFC 4180 quoting, after disarming cells a spreadsheet would run as a
/// formula (`=HYPERLINK(...)` in a campaign name, say) with a leading `'`.
fn csv_cell(cell: &str) -> String {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let cell = if formula {
        format!("'{cell}")
    } else {
        cell.to_string()
    };
    if cell.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell
    }
}

/// Every deputy: what their page says, in every language given. Nothing
/// personal is here, since loading refuses it.
pub fn deputies_json(site: &Site) -> String {
    let base = &site.config.base_url;
    let deputies: Vec<Value> = site
        .deputies
        .iter()
        .map(|d| {
            json!({
                "slug": d.slug,
                "url": format!("{base}{}", crate::routes::deputy(&d.slug)),
                "name": text_json(&d.name),
                "level": d.level.key(),
                "district": d.district,
                "town": d.town,
                "role": d.role.as_ref().map(text_json),
                "occupation": d.occupation.as_ref().map(text_json),
                "terms": d.terms.iter().map(|t| json!({
                    "congress": text_json(&t.congress),
                    "from": t.from.to_string(),
                    "to": t.to.map(|to| to.to_string()),
                })).collect::<Vec<_>>(),
                "stations": d.stations,
                "photo": d.photo.as_ref().map(|p| json!({
                    "url": format!("{base}{}", crate::routes::encode_path(&crate::routes::deputy_photo(&d.slug, &p.src))),
                    "alt": text_json(&p.alt),
                    "credit": p.credit,
                })),
                "file": crate::routes::slash(&d.source),
            })
        })
        .collect();
    pretty(&json!({ "deputies": deputies }))
}

/// Every liaison station with every announced reception, times local to
/// Asia/Shanghai.
pub fn stations_json(site: &Site) -> String {
    let base = &site.config.base_url;
    let stations: Vec<Value> = site
        .stations
        .iter()
        .map(|s| {
            json!({
                "slug": s.slug,
                "url": format!("{base}{}", crate::routes::station(&s.slug)),
                "name": text_json(&s.name),
                "district": s.district,
                "town": s.town,
                "address": s.address.as_ref().map(text_json),
                "location": s.location.map(|l| json!({ "lat": l.lat, "lon": l.lon })),
                "phone": s.phone,
                "hours": s.hours.as_ref().map(text_json),
                "timezone": "Asia/Shanghai",
                "receptions": s.receptions.iter().map(|r| json!({
                    "date": r.date.to_string(),
                    "start": r.times.map(|(start, _)| crate::model::hh_mm(start)),
                    "end": r.times.map(|(_, end)| crate::model::hh_mm(end)),
                    "deputies": r.deputies,
                })).collect::<Vec<_>>(),
                "calendar": (!s.receptions.is_empty())
                    .then(|| format!("{base}{}", crate::routes::station_calendar(&s.slug))),
                "file": crate::routes::slash(&s.source),
            })
        })
        .collect();
    pretty(&json!({ "stations": stations }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    use crate::model::{Area, CaseStatus, Config, EventDate, Period, Rating, Source, StoryText};
    use jiff::civil::Date;

    fn text(zh: &str, en: &str) -> Text {
        Text(BTreeMap::from([
            ("zh".to_string(), zh.to_string()),
            ("en".to_string(), en.to_string()),
        ]))
    }

    fn record(
        district: &str,
        campaign: Option<Text>,
        values: &[(&str, f64)],
        line: usize,
    ) -> Record {
        Record {
            district: Area::parse(district),
            campaign,
            values: values.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
            line,
            cumulative_since: None,
            estimated: Vec::new(),
        }
    }

    fn story(slug: &str, draft: bool, case: Option<Case>) -> Story {
        let body = StoryText {
            title: format!("标题 {slug}"),
            summary: None,
            image_alt: None,
            body: "".into(),
            source: PathBuf::from(format!("content/stories/{slug}.md")),
            translated_from: None,
            freshness: None,
        };
        Story {
            slug: slug.to_string(),
            date: Date::constant(2024, 3, 12),
            district: Area::parse("pengjiang"),
            town: None,
            topics: vec![],
            deputies: vec![],
            image: None,
            draft,
            case,
            bundle: None,
            assets: vec![],
            texts: BTreeMap::from([("zh".to_string(), body)]),
        }
    }

    fn case(reported: Option<Date>, answered: Option<Date>) -> Case {
        let (reported, answered) = (reported.map(EventDate::day), answered.map(EventDate::day));
        let mut stages = [None; 6];
        stages[0] = reported;
        if answered.is_some() {
            stages[1] = reported;
            stages[2] = reported;
            stages[3] = reported;
            stages[4] = answered;
        }
        Case {
            status: CaseStatus::Resolved,
            stages,
            rating: Some(Rating::Satisfied),
            funding_cny: Some(180_000.0),
        }
    }

    fn site() -> Site {
        let km = Metric {
            key: "river_cleaned_km".to_string(),
            name: text("河道清理", "River cleaned"),
            unit: Unit::Other(text("公里", "km")),
        };
        let period = Period {
            period: "2023".to_string(),
            source: Source {
                name: text("工作报告", "Report, \"final\"\nedition"),
                url: Some("https://example.org/r?a=1,2".to_string()),
                publisher: None,
                date: None,
            },
            records: vec![
                record(
                    "pengjiang",
                    None,
                    &[
                        ("suggestions_collected", 140.0),
                        ("funding_cny", 2_400_000.0),
                    ],
                    4,
                ),
                record(
                    "city",
                    Some(text("=1+1", "@SUM(A1)")),
                    &[("river_cleaned_km", 12.5)],
                    9,
                ),
                record("city", Some(text("+1", "-1")), &[("proposals", 3.0)], 14),
            ],
            file: PathBuf::from("content").join("stats").join("2023.yaml"),
        };
        Site {
            config: Config {
                title: text("江门人大", "Jiangmen"),
                base_url: "https://example.org/".to_string(),
                languages: vec!["zh".to_string(), "en".to_string()],
                theme: "default".to_string(),
                topics: vec![],
                metrics: vec![km],
                allow_html: false,
                project_kinds: Vec::new(),
                data_license: None,
                repository: None,
                deploy: None,
                publisher: None,
            },
            districts: vec![],
            stories: vec![
                story(
                    "newest",
                    false,
                    Some(case(Some(Date::constant(2024, 1, 5)), None)),
                ),
                story(
                    "draft",
                    true,
                    Some(case(Some(Date::constant(2023, 1, 1)), None)),
                ),
                story("no-case", false, None),
                story(
                    "b-old",
                    false,
                    Some(case(
                        Some(Date::constant(2023, 3, 22)),
                        Some(Date::constant(2023, 10, 15)),
                    )),
                ),
                story(
                    "a-old",
                    false,
                    Some(case(Some(Date::constant(2023, 3, 22)), None)),
                ),
                story("undated", false, Some(case(None, None))),
            ],
            stats: vec![period],
            pages: vec![],
            projects: Vec::new(),
            static_files: vec![],
            theme_files: Vec::new(),
            deputies: vec![],
            stations: vec![],
            has_deputies_folder: false,
        }
    }

    #[test]
    fn csv_rows_in_file_order() {
        let csv = stats_csv(&site());
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(
            lines[0],
            "\u{feff}period,district,campaign_zh,campaign_en,metric,value,unit,cumulative_since,estimated,source_zh,source_en,source_url,file,line,file_url"
        );
        let source = "工作报告,\"Report, \"\"final\"\"\nedition\",\"https://example.org/r?a=1,2\",content/stats/2023.yaml";
        assert_eq!(
            lines[1],
            format!("2023,pengjiang,,,suggestions_collected,140,count,,false,{source},4,")
        );
        assert_eq!(
            lines[2],
            format!("2023,pengjiang,,,funding_cny,2400000,yuan,,false,{source},4,")
        );
        assert_eq!(
            lines[3],
            format!("2023,city,'=1+1,'@SUM(A1),river_cleaned_km,12.5,公里,,false,{source},9,")
        );
        assert_eq!(
            lines[4],
            format!("2023,city,'+1,'-1,proposals,3,count,,false,{source},14,")
        );
        assert_eq!(lines[5], "");
        assert_eq!(lines.len(), 6);
    }

    #[test]
    fn csv_cells_are_quoted_and_disarmed() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("\tx"), "'\tx");
        assert_eq!(csv_cell("\rx"), "\"'\rx\"");
        assert_eq!(csv_cell("-1,5"), "\"'-1,5\"");
        assert_eq!(csv_cell(""), "");
    }

    #[test]
    fn stats_json_keeps_records_as_given() {
        let json: Value = serde_json::from_str(&stats_json(&site())).unwrap();
        let metrics = json["metrics"].as_array().unwrap();
        assert_eq!(metrics.len(), 5);
        assert_eq!(metrics[0]["key"], "suggestions_collected");
        assert_eq!(metrics[0]["unit"], "count");
        assert_eq!(metrics[3]["unit"], "yuan");
        assert_eq!(metrics[4]["unit"], json!({"zh": "公里", "en": "km"}));
        let period = &json["periods"][0];
        assert_eq!(period["period"], "2023");
        assert_eq!(period["file"], "content/stats/2023.yaml");
        assert_eq!(period["source"]["url"], "https://example.org/r?a=1,2");
        assert_eq!(period["source"]["name"]["zh"], "工作报告");
        let records = period["records"].as_array().unwrap();
        assert_eq!(records[0]["campaign"], Value::Null);
        assert_eq!(records[0]["line"], 4);
        assert_eq!(
            records[0]["values"],
            json!({"suggestions_collected": 140, "funding_cny": 2400000})
        );
        assert_eq!(records[1]["campaign"]["zh"], "=1+1");
        assert_eq!(records[1]["values"]["river_cleaned_km"], 12.5);
        let text = stats_json(&site());
        assert!(text.contains("\"funding_cny\": 2400000,\n"), "{text}");
        assert!(text.ends_with("}\n"));
        assert_eq!(text, stats_json(&site()));
    }

    #[test]
    fn cases_in_order_of_report() {
        let json: Value =
            serde_json::from_str(&cases_json(&site(), "https://example.org/", false)).unwrap();
        let cases = json["cases"].as_array().unwrap();
        let slugs: Vec<&str> = cases.iter().map(|c| c["story"].as_str().unwrap()).collect();
        assert_eq!(slugs, ["a-old", "b-old", "newest", "undated"]);
        let b = &cases[1];
        assert_eq!(b["url"], "https://example.org/stories/b-old/");
        assert_eq!(b["title"], json!({"zh": "标题 b-old"}));
        assert_eq!(b["district"], "pengjiang");
        assert_eq!(b["town"], Value::Null);
        assert_eq!(b["status"], "resolved");
        assert_eq!(b["rating"], "satisfied");
        assert_eq!(b["funding_cny"], 180000);
        assert_eq!(b["days_to_answer"], 207);
        assert_eq!(
            b["stages"]["reported"],
            json!({"date": "2023-03-22", "precision": "day", "estimated": false})
        );
        assert_eq!(b["stages"]["answered"]["date"], "2023-10-15");
        assert_eq!(b["stages"].as_object().unwrap().len(), 5);
        assert_eq!(cases[0]["days_to_answer"], Value::Null);
        assert_eq!(cases[3]["stages"], json!({}));

        let with_drafts = cases_json(&site(), "https://example.org", true);
        let json: Value = serde_json::from_str(&with_drafts).unwrap();
        assert_eq!(json["cases"][0]["story"], "draft");
        assert_eq!(
            json["cases"][0]["url"],
            "https://example.org/stories/draft/"
        );
    }

    #[test]
    fn numbers_are_written_plainly() {
        assert_eq!(number(3460.0), json!(3460));
        assert_eq!(number(1.33), json!(1.33));
        assert_eq!(number(f64::NAN), Value::Null);
        assert_eq!(number(1e300).to_string(), "1e+300");
        assert_eq!(3460.0_f64.to_string(), "3460");
        assert_eq!(0.1_f64.to_string(), "0.1");
    }
}
