//! Statistics as shown: tables by period and by district, and the headline
//! figures of the home page.
//!
//! City-wide figures are what a `city` record reports; the sum of the
//! district records is a different number (districts may not all report, or
//! may count differently), so it is always shown as its own labelled row and
//! never stands in for the city figure unannounced. Every figure carries the
//! file, and where it can the line, it was read from.

use serde::Serialize;

use super::charts::{self, Bar, Chart, Group};
use super::format;
use super::lang::LangCtx;
use super::views::{DateView, Txt};
use crate::model::{Metric, Period, Record, Text};
use crate::routes::{self, slash};

#[derive(Debug, Serialize)]
pub struct Table {
    pub caption: String,
    /// Heading of the first column: what each row is.
    pub row_heading: String,
    pub columns: Vec<Txt>,
    pub rows: Vec<Row>,
    /// Rows cite their own source, in a last column.
    pub cites: bool,
}

#[derive(Debug, Serialize)]
pub struct Row {
    /// `city`, `district`, `sum` or `period`, for styling.
    pub kind: &'static str,
    pub label: Txt,
    pub url: Option<String>,
    /// Set when the label is a period, for `<time datetime>`.
    pub time: Option<String>,
    pub notes: Vec<Txt>,
    /// One per column; `None` where the record has no such figure.
    pub cells: Vec<Option<String>>,
    pub cite: Option<Cite>,
}

/// Where figures came from: the publication, and the file in this site.
#[derive(Debug, Clone, Serialize)]
pub struct Cite {
    pub name: Txt,
    pub url: Option<String>,
    pub publisher: Option<Txt>,
    /// When it was published, marked as what it is.
    pub date: Option<String>,
    /// The site's source file, kept for grouping: it is not shown as text.
    pub file: String,
    pub line: Option<usize>,
    /// The file (at the line) in the site's public repository, when
    /// `site.yaml` names one: how a resident checks a figure's origin.
    pub file_url: Option<String>,
    /// The link's words: 数据文件第20行 / data file, line 20.
    pub file_label: String,
}

#[derive(Debug, Serialize)]
pub struct PeriodSection {
    pub id: String,
    pub period: DateView,
    pub cite: Cite,
    pub table: Table,
    /// Each metric by district; the figures are the table's.
    pub charts: Vec<ChartView>,
}

/// A chart drawn as inline SVG, with its title to show above it.
#[derive(Debug, Serialize)]
pub struct ChartView {
    pub title: String,
    pub svg: String,
}

/// Funding, period by period: each city figure as reported and each sum of
/// district figures, charted and tabled.
#[derive(Debug, Serialize)]
pub struct Funding {
    /// City figures as reported, and district sums, each its own chart.
    pub charts: Vec<ChartView>,
    pub table: Table,
}

/// Headline numbers of the home page that share a record (or a sum), so
/// that where they come from is said once for all of them.
#[derive(Debug, Serialize)]
pub struct FigureGroup {
    pub period: DateView,
    /// `city` for a city record as reported, `sum` for a district sum.
    pub basis: &'static str,
    pub basis_label: String,
    /// How a sum was made.
    pub basis_note: Option<String>,
    pub campaign: Option<Txt>,
    pub cite: Cite,
    pub figures: Vec<FigureValue>,
}

#[derive(Debug, Serialize)]
pub struct FigureValue {
    pub label: Txt,
    pub value: String,
}

/// One headline number with where it came from.
struct Figure {
    value: FigureValue,
    group: FigureGroup,
}

/// A row before its figures are laid out in the table's columns.
struct Draft {
    kind: &'static str,
    label: Txt,
    url: Option<String>,
    time: Option<String>,
    notes: Vec<Txt>,
    values: Vec<(String, f64)>,
    /// Keys of the values that are estimates.
    estimated: Vec<String>,
    cite: Option<Cite>,
}

impl<'a> LangCtx<'a> {
    /// `2023` or `2023-07` as a date view in this language.
    pub fn period(&self, period: &str) -> DateView {
        let text = if period.len() == 4 {
            self.t("period_year").replace("{year}", period)
        } else {
            format::month_period(period, self.code)
        };
        DateView {
            iso: period.to_string(),
            text,
        }
    }

    fn cite(&self, period: &Period, line: Option<usize>) -> Cite {
        let file = slash(&period.file);
        let file_label = match line {
            Some(n) => self.t("data_file_line").replace("{line}", &n.to_string()),
            None => self.t("data_file"),
        };
        Cite {
            name: self.text(&period.source.name),
            url: period.source.url.clone().filter(|u| is_web_address(u)),
            publisher: period.source.publisher.as_ref().map(|p| self.text(p)),
            date: period.source.date.as_ref().map(|d| self.event_date(d).text),
            file_url: self
                .site
                .config
                .repository
                .as_ref()
                .map(|r| r.line_url(&file, line)),
            file_label,
            file,
            line,
        }
    }

    /// Every period, newest first, each with its city records, its district
    /// records and their sum.
    pub fn stats_sections(&self) -> Vec<PeriodSection> {
        self.site
            .stats
            .iter()
            .rev()
            .map(|period| {
                let label = self.period(&period.period);
                let caption = self.t("stats_caption").replace("{period}", &label.text);
                let rows = self.period_rows(period);
                let id = format!("period-{}", period.period);
                PeriodSection {
                    charts: self.district_charts(period, &id, &label.text),
                    id,
                    cite: self.cite(period, None),
                    table: self.table(caption, self.t("district"), rows, false),
                    period: label,
                }
            })
            .collect()
    }

    fn period_rows(&self, period: &Period) -> Vec<Draft> {
        let mut rows: Vec<Draft> = period
            .records
            .iter()
            .filter(|r| r.district.is_city())
            .map(|r| {
                self.record_row(
                    r,
                    "city",
                    self.txt(&self.t("city_as_reported"), false),
                    None,
                )
            })
            .collect();
        for district in &self.site.districts {
            for record in period
                .records
                .iter()
                .filter(|r| r.district.is(&district.slug))
            {
                let url = Some(self.url(&routes::district(&district.slug)));
                rows.push(self.record_row(record, "district", self.text(&district.name), url));
            }
        }
        let unregistered = period
            .records
            .iter()
            .filter(|r| !r.district.is_city() && self.site.area(&r.district).is_none());
        for record in unregistered {
            let label = self.txt(record.district.slug(), false);
            rows.push(self.record_row(record, "district", label, None));
        }
        rows.extend(self.sum_rows(period));
        rows
    }

    fn record_row(
        &self,
        record: &Record,
        kind: &'static str,
        label: Txt,
        url: Option<String>,
    ) -> Draft {
        let mut notes: Vec<Txt> = record.campaign.iter().map(|c| self.text(c)).collect();
        notes.extend(self.span_note(record).map(|n| self.txt(&n, false)));
        Draft {
            kind,
            label,
            url,
            time: None,
            notes,
            values: values(record),
            estimated: record.estimated.clone(),
            cite: None,
        }
    }

    /// One sum row per campaign, since figures of a campaign and of the
    /// whole year do not add up.
    fn sum_rows(&self, period: &Period) -> Vec<Draft> {
        campaigns(period)
            .into_iter()
            .filter_map(|campaign| {
                // Totals since another year do not add up with one period's.
                let records: Vec<&Record> = district_records(period, campaign)
                    .filter(|r| r.cumulative_since.is_none())
                    .collect();
                let n = records.len();
                let mut notes = vec![self.txt(&self.counted("sum_of_records", n), false)];
                notes.extend(campaign.map(|c| self.text(c)));
                (n > 0).then(|| Draft {
                    kind: "sum",
                    label: self.txt(&self.t("district_sum"), false),
                    url: None,
                    time: None,
                    notes,
                    values: sum(&self.site.config.all_metrics(), &records),
                    estimated: records.iter().flat_map(|r| r.estimated.clone()).collect(),
                    cite: None,
                })
            })
            .collect()
    }

    /// A district's figures over time, oldest first; `None` when it has none.
    pub fn district_table(&self, slug: &str) -> Option<Table> {
        let mut rows = Vec::new();
        for period in &self.site.stats {
            for record in period.records.iter().filter(|r| r.district.is(slug)) {
                let label = self.period(&period.period);
                let mut row = self.record_row(record, "period", self.txt(&label.text, false), None);
                row.time = Some(label.iso);
                row.cite = Some(self.cite(period, Some(record.line)));
                rows.push(row);
            }
        }
        if rows.is_empty() {
            return None;
        }
        Some(self.table(
            self.t("district_stats_caption"),
            self.t("period"),
            rows,
            true,
        ))
    }

    /// One chart per metric that two or more districts report in the same
    /// campaign (or outside any) in `period`: a single district's figure
    /// compares with nothing, and figures of different campaigns do not
    /// belong on one scale. Bars run from the largest figure down.
    fn district_charts(&self, period: &Period, id: &str, period_text: &str) -> Vec<ChartView> {
        let mut charts = Vec::new();
        let groups = campaigns(period).into_iter().flat_map(|campaign| {
            spans(period, campaign)
                .into_iter()
                .map(move |span| (campaign, span))
        });
        for (c, (campaign, span)) in groups.enumerate() {
            // Totals over several years never stand beside one period's.
            let records: Vec<&Record> = district_records(period, campaign)
                .filter(|r| r.cumulative_since == span)
                .collect();
            for metric in self.site.config.all_metrics() {
                let mut bars: Vec<Bar> = records
                    .iter()
                    .filter_map(|r| {
                        let value = value_of(r, &metric.key)?;
                        let name = match self.site.area(&r.district) {
                            Some(d) => self.text(&d.name).text,
                            None => r.district.to_string(),
                        };
                        let mut text = self.amount(&metric, value);
                        if r.is_estimated(&metric.key) {
                            text = self.t("value_estimated").replace("{value}", &text);
                        }
                        Some(Bar {
                            label: name,
                            note: None,
                            value,
                            text,
                            series: 0,
                        })
                    })
                    .collect();
                if bars.len() < 2 {
                    continue;
                }
                bars.sort_by(|a, b| b.value.total_cmp(&a.value));
                let mut title = self
                    .t("chart_by_district")
                    .replace("{metric}", &self.metric_label(&metric).text)
                    .replace("{period}", period_text);
                if let Some(campaign) = campaign {
                    title = format!("{title} · {}", self.text(campaign).text);
                }
                if let Some(note) = records.first().and_then(|r| self.span_note(r)) {
                    title = format!("{title} · {note}");
                }
                let groups = vec![Group { label: None, bars }];
                charts.push(self.chart_view(format!("{id}-{}-{c}", metric.key), title, groups));
            }
        }
        charts
    }

    /// Suggestions collected against suggestions resolved, period by
    /// period; `None` when the district reports neither.
    pub fn district_chart(&self, slug: &str) -> Option<ChartView> {
        let metrics: Vec<Metric> = Metric::builtin()
            .into_iter()
            .filter(|m| m.key == "suggestions_collected" || m.key == "suggestions_resolved")
            .collect();
        let mut groups = Vec::new();
        for period in &self.site.stats {
            let per_period = period
                .records
                .iter()
                .filter(|r| r.district.is(slug) && r.cumulative_since.is_none());
            for record in per_period {
                let bars: Vec<Bar> = metrics
                    .iter()
                    .enumerate()
                    .filter_map(|(series, m)| {
                        let value = value_of(record, &m.key)?;
                        Some(Bar {
                            label: self.metric_label(m).text,
                            note: None,
                            value,
                            text: self.amount(m, value),
                            series,
                        })
                    })
                    .collect();
                if bars.is_empty() {
                    continue;
                }
                let mut label = self.period(&period.period).text;
                if let Some(campaign) = &record.campaign {
                    label = format!("{label} · {}", self.text(campaign).text);
                }
                groups.push(Group {
                    label: Some(label),
                    bars,
                });
            }
        }
        if groups.is_empty() {
            return None;
        }
        let title = self.t("chart_suggestions");
        Some(self.chart_view("district-suggestions-chart".into(), title, groups))
    }

    /// Funding over time, oldest period first: the city figures as
    /// reported and the district sums, each its own labelled bar, since one
    /// never stands in for the other. `None` when no record has funding.
    pub fn funding(&self) -> Option<Funding> {
        let metric = self
            .site
            .config
            .all_metrics()
            .into_iter()
            .find(|m| m.key == "funding_cny")?;
        let mut rows = Vec::new();
        // One chart of city figures as reported, one of district sums: a
        // chart never mixes the city with districts, and totals over several
        // years (`cumulative_since`) are tabled but never charted beside one
        // period's figures.
        let (mut city_groups, mut sum_groups) = (Vec::new(), Vec::new());
        for period in &self.site.stats {
            let label = self.period(&period.period);
            let (mut city_bars, mut sum_bars) = (Vec::new(), Vec::new());
            let mut add = |basis: Vec<String>,
                           record: Option<&Record>,
                           campaign: Option<&Text>,
                           value: f64,
                           estimated: bool| {
                let is_city = record.is_some();
                let campaign = campaign.map(|c| self.text(c));
                let span = record.and_then(|r| self.span_note(r));
                let mut text = self.amount(&metric, value);
                if estimated {
                    text = self.t("value_estimated").replace("{value}", &text);
                }
                let bar = Bar {
                    label: basis[0].clone(),
                    note: campaign.as_ref().map(|c| c.text.clone()),
                    value,
                    text,
                    series: usize::from(!is_city),
                };
                match (is_city, &span) {
                    (_, Some(_)) => {}
                    (true, None) => city_bars.push(bar),
                    (false, None) => sum_bars.push(bar),
                }
                let mut notes: Vec<Txt> = basis.iter().map(|b| self.txt(b, false)).collect();
                notes.extend(campaign);
                notes.extend(span.map(|n| self.txt(&n, false)));
                rows.push(Draft {
                    kind: if is_city { "city" } else { "sum" },
                    label: self.txt(&label.text, false),
                    url: None,
                    time: Some(label.iso.clone()),
                    notes,
                    values: vec![(metric.key.clone(), value)],
                    estimated: if estimated {
                        vec![metric.key.clone()]
                    } else {
                        Vec::new()
                    },
                    cite: Some(self.cite(period, record.map(|r| r.line))),
                });
            };
            for record in period.records.iter().filter(|r| r.district.is_city()) {
                if let Some(value) = value_of(record, &metric.key) {
                    let basis = vec![self.t("city_as_reported")];
                    let estimated = record.is_estimated(&metric.key);
                    add(
                        basis,
                        Some(record),
                        record.campaign.as_ref(),
                        value,
                        estimated,
                    );
                }
            }
            for campaign in campaigns(period) {
                let records: Vec<&Record> = district_records(period, campaign)
                    .filter(|r| r.cumulative_since.is_none() && value_of(r, &metric.key).is_some())
                    .collect();
                if records.is_empty() {
                    continue;
                }
                let values: Vec<f64> = records
                    .iter()
                    .filter_map(|r| value_of(r, &metric.key))
                    .collect();
                let estimated = records.iter().any(|r| r.is_estimated(&metric.key));
                let basis = vec![
                    self.t("district_sum"),
                    self.counted("sum_of_records", values.len()),
                ];
                add(basis, None, campaign, values.iter().sum(), estimated);
            }
            for (bars, groups) in [(city_bars, &mut city_groups), (sum_bars, &mut sum_groups)] {
                if !bars.is_empty() {
                    groups.push(Group {
                        label: Some(label.text.clone()),
                        bars,
                    });
                }
            }
        }
        if rows.is_empty() {
            return None;
        }
        let mut charts = Vec::new();
        for (id, title, groups) in [
            ("funding-city-chart", "chart_funding_city", city_groups),
            ("funding-sum-chart", "chart_funding_sum", sum_groups),
        ] {
            // A single bar compares with nothing.
            if groups.iter().map(|g| g.bars.len()).sum::<usize>() >= 2 {
                charts.push(self.chart_view(id.into(), self.t(title), groups));
            }
        }
        let table = self.table(self.t("funding_caption"), self.t("period"), rows, true);
        Some(Funding { charts, table })
    }

    pub(super) fn chart_view(&self, id: String, title: String, groups: Vec<Group>) -> ChartView {
        let desc = charts::describe(
            &groups,
            &self.t("colon"),
            &self.t("list_separator"),
            &self.t("sentence_end"),
        );
        let chart = Chart {
            id,
            title,
            desc,
            groups,
        };
        ChartView {
            svg: charts::svg(&chart),
            title: chart.title,
        }
    }

    /// Lays rows out in the columns of the metrics any of them has, in the
    /// order the metrics are registered.
    fn table(&self, caption: String, row_heading: String, rows: Vec<Draft>, cites: bool) -> Table {
        let metrics: Vec<Metric> = self
            .site
            .config
            .all_metrics()
            .into_iter()
            .filter(|m| {
                rows.iter()
                    .any(|r| r.values.iter().any(|(k, _)| *k == m.key))
            })
            .collect();
        let rows = rows
            .into_iter()
            .map(|row| Row {
                cells: metrics
                    .iter()
                    .map(|m| self.cell(m, &row.values, &row.estimated))
                    .collect(),
                kind: row.kind,
                label: row.label,
                url: row.url,
                time: row.time,
                notes: row.notes,
                cite: row.cite,
            })
            .collect();
        Table {
            caption,
            row_heading,
            columns: metrics.iter().map(|m| self.metric_label(m)).collect(),
            rows,
            cites,
        }
    }

    fn cell(
        &self,
        metric: &Metric,
        values: &[(String, f64)],
        estimated: &[String],
    ) -> Option<String> {
        let (_, value) = values.iter().find(|(k, _)| *k == metric.key)?;
        let text = self.amount(metric, *value);
        Some(if estimated.contains(&metric.key) {
            self.t("value_estimated").replace("{value}", &text)
        } else {
            text
        })
    }

    /// 2019年以来累计 / cumulative since 2019, for a record whose figures
    /// are totals over more than its period.
    pub fn span_note(&self, record: &Record) -> Option<String> {
        let year = record.cumulative_since?;
        Some(
            self.t("cumulative_since")
                .replace("{year}", &year.to_string()),
        )
    }

    fn amount(&self, metric: &Metric, value: f64) -> String {
        format::amount(value, &metric.unit, self.code, self.default)
    }

    fn metric_label(&self, metric: &Metric) -> Txt {
        self.text(&metric.name)
    }

    /// For each metric, the latest city figure as reported; failing that,
    /// the latest sum of district figures, labelled as a sum. Figures from
    /// the same record are grouped, in the order of their first metric.
    pub fn headline_figures(&self) -> Vec<FigureGroup> {
        let mut groups: Vec<FigureGroup> = Vec::new();
        let figures = self
            .site
            .config
            .all_metrics()
            .iter()
            .filter_map(|m| self.city_figure(m).or_else(|| self.sum_figure(m)))
            .collect::<Vec<_>>();
        for Figure { value, group } in figures {
            let same = |g: &&mut FigureGroup| {
                g.period.iso == group.period.iso
                    && g.basis == group.basis
                    && g.cite.line == group.cite.line
            };
            match groups.iter_mut().find(same) {
                Some(existing) => existing.figures.push(value),
                None => groups.push(FigureGroup {
                    figures: vec![value],
                    ..group
                }),
            }
        }
        groups
    }

    fn city_figure(&self, metric: &Metric) -> Option<Figure> {
        self.site.stats.iter().rev().find_map(|period| {
            let with_metric =
                |r: &&Record| r.district.is_city() && value_of(r, &metric.key).is_some();
            let mut city = period.records.iter().filter(with_metric);
            let record = city
                .clone()
                .find(|r| r.campaign.is_none())
                .or_else(|| city.next())?;
            let value = value_of(record, &metric.key)?;
            let mut shown = self.amount(metric, value);
            if record.is_estimated(&metric.key) {
                shown = self.t("value_estimated").replace("{value}", &shown);
            }
            Some(Figure {
                value: FigureValue {
                    label: self.metric_label(metric),
                    value: shown,
                },
                group: FigureGroup {
                    period: self.period(&period.period),
                    basis: "city",
                    basis_label: self.t("city_as_reported"),
                    basis_note: self.span_note(record),
                    campaign: record.campaign.as_ref().map(|c| self.text(c)),
                    cite: self.cite(period, Some(record.line)),
                    figures: Vec::new(),
                },
            })
        })
    }

    fn sum_figure(&self, metric: &Metric) -> Option<Figure> {
        self.site.stats.iter().rev().find_map(|period| {
            let records: Vec<&Record> = district_records(period, None)
                .filter(|r| r.cumulative_since.is_none() && value_of(r, &metric.key).is_some())
                .collect();
            if records.is_empty() {
                return None;
            }
            let total: f64 = records
                .iter()
                .filter_map(|r| value_of(r, &metric.key))
                .sum();
            Some(Figure {
                value: FigureValue {
                    label: self.metric_label(metric),
                    value: self.amount(metric, total),
                },
                group: FigureGroup {
                    period: self.period(&period.period),
                    basis: "sum",
                    basis_label: self.t("district_sum"),
                    basis_note: Some(self.counted("sum_of_records", records.len())),
                    campaign: None,
                    cite: self.cite(period, None),
                    figures: Vec::new(),
                },
            })
        })
    }
}

/// Only web addresses become links; anything else (a `javascript:` URL, a
/// path on someone's disk) would be useless or harmful to click.
fn is_web_address(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

fn values(record: &Record) -> Vec<(String, f64)> {
    record.values.clone()
}

fn value_of(record: &Record, key: &str) -> Option<f64> {
    record
        .values
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| *v)
}

/// The campaigns of a period's district records, the whole-period one
/// (`None`) first, the others in the order they first appear.
fn campaigns(period: &Period) -> Vec<Option<&Text>> {
    let mut seen: Vec<Option<&Text>> = vec![None];
    for record in period.records.iter().filter(|r| !r.district.is_city()) {
        let campaign = record.campaign.as_ref();
        if !seen.contains(&campaign) {
            seen.push(campaign);
        }
    }
    seen
}

/// The spans of a campaign's district records: their own period (`None`)
/// first, then each `cumulative_since` year.
fn spans(period: &Period, campaign: Option<&Text>) -> Vec<Option<i16>> {
    let mut seen: Vec<Option<i16>> = vec![None];
    for r in district_records(period, campaign) {
        if !seen.contains(&r.cumulative_since) {
            seen.push(r.cumulative_since);
        }
    }
    seen
}

fn district_records<'p>(
    period: &'p Period,
    campaign: Option<&'p Text>,
) -> impl Iterator<Item = &'p Record> + 'p {
    period
        .records
        .iter()
        .filter(move |r| !r.district.is_city() && r.campaign.as_ref() == campaign)
}

fn sum(metrics: &[Metric], records: &[&Record]) -> Vec<(String, f64)> {
    metrics
        .iter()
        .filter_map(|m| {
            let found: Vec<f64> = records.iter().filter_map(|r| value_of(r, &m.key)).collect();
            (!found.is_empty()).then(|| (m.key.clone(), found.iter().sum()))
        })
        .collect()
}
