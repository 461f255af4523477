//! `data/indicators.csv`: one row per indicator and fiscal year, of
//! measures and of nodes alike. Each value as written beside the number
//! read from it and the unit in its own column; the progress rate and the
//! status as the pages show them. Written only on a site with indicators.

use serde::Serialize;

use super::{chain, level_headings, number_cell, page_path, DRAFT, FINAL};
use crate::charts::indicator::{indicators_under, plotted, rate, Owner};
use crate::csv_file::{Cell, CsvFile};
use crate::model::{Indicator, Node, Progress, Reference, Site};
use crate::render::node_path;

pub const INDICATORS_CSV_PATH: &str = "data/indicators.csv";

/// The columns after the measure's id and the levels' numbers, with what
/// each holds, for the header and the data page alike.
const COLUMNS: [(&str, &str); 22] = [
    ("指標名", "評価指標の名前"),
    ("指標の種類", "活動指標・成果指標など、記載のまま"),
    ("単位", "指標の単位（記載がなければ値から読み取ったもの）"),
    ("方向", "increase（増加）、decrease（減少）、at_least（以上を維持）、at_most（以下を維持）。空欄は判断できないもの"),
    ("基準値（記載のまま）", "基準値の記載"),
    ("基準値", "基準値の数値"),
    ("基準年度", "基準値の年度（西暦）"),
    ("目標値（記載のまま）", "目標値の記載"),
    ("目標値", "目標値の数値"),
    ("目標年度", "目標値の年度（西暦）"),
    ("年度（西暦）", "実績値の年度"),
    ("年度（和暦）", "実績値の年度の表記"),
    ("集計状況", "「確定」または「集計中」"),
    ("実績値（記載のまま）", "実績値の記載"),
    ("実績値", "実績値の数値（数値でない記載は空欄）"),
    ("実績値の単位", "実績値の記載から読み取った単位"),
    ("注記", "実績値の記載にあった注記（括弧書きなど）"),
    ("進捗率（%）", "目標に向けた進み具合（計算式は上記）。計算できないときは空欄"),
    ("状況", "on_track（順調）、behind（遅れ）、not_evaluable（評価できない）"),
    ("計算できない理由", "進捗率を計算できないときの理由"),
    ("備考", "指標全体についての備考"),
    ("ページ", "指標が載っているページ"),
];

/// Every column of `indicators.csv` with what it holds.
pub fn indicator_columns(site: &Site) -> Vec<(String, String)> {
    let noun = &site.measure_noun;
    let levels = level_headings(site, false)
        .into_iter()
        .map(|heading| (heading, "指標の属する階層の番号".to_string()));
    [(
        format!("{noun}ID"),
        format!("{noun}の指標ならその{noun}ID。階層そのものの指標は空欄"),
    )]
    .into_iter()
    .chain(levels)
    .chain(COLUMNS.iter().map(|(h, m)| (h.to_string(), m.to_string())))
    .collect()
}

/// A reference's cells: as written, the number, the year.
fn reference_cells<'a>(indicator: &Indicator, reference: &'a Option<Reference>) -> [Cell<'a>; 3] {
    match reference {
        Some(r) => [
            Cell::from(r.value.as_str()),
            Cell::number(plotted(indicator, &r.value)),
            Cell::number(r.year),
        ],
        None => [
            Cell::from(""),
            Cell::number(None::<f64>),
            Cell::number(None::<u16>),
        ],
    }
}

pub(super) fn indicators_csv(site: &Site) -> Vec<u8> {
    let mut file = CsvFile::new();
    file.row(
        indicator_columns(site)
            .into_iter()
            .map(|(h, _)| Cell::from(h)),
    );
    for (owner, indicator) in indicators_under(site, None) {
        let (id, nodes, page): (&str, Vec<&Node>, String) = match owner {
            Owner::Measure(m) => (m.id.as_str(), chain(site, m), page_path(m)),
            Owner::Node(n) => ("", site.ancestry(n), node_path(site, n)),
        };
        let mut levels: Vec<Cell> = nodes.iter().map(|n| number_cell(&n.number)).collect();
        levels.resize(site.levels.len(), Cell::number(None::<u16>));
        let direction = indicator.direction().map_or("", |d| d.key());
        let unit = indicator.unit();
        for fy in &site.plan.fiscal_years {
            let raw = indicator.values.get(&fy.year).map_or("", String::as_str);
            let reading = indicator.read(raw);
            let progress = indicator.progress(fy.year);
            let reason = match &progress {
                Progress::NotComparable { reason } => reason.as_str(),
                Progress::Rate { .. } => "",
            };
            let row: Vec<Cell> = [Cell::from(id)]
                .into_iter()
                .chain(levels.iter().cloned())
                .chain([
                    Cell::from(indicator.name.as_str()),
                    Cell::from(indicator.kind.as_str()),
                    Cell::from(unit.clone()),
                    Cell::from(direction),
                ])
                .chain(reference_cells(indicator, &indicator.baseline))
                .chain(reference_cells(indicator, &indicator.target))
                .chain([
                    Cell::number(Some(fy.year)),
                    Cell::from(fy.label.as_str()),
                    Cell::from(if fy.draft { DRAFT } else { FINAL }),
                    Cell::from(raw),
                    Cell::number(reading.number),
                    Cell::from(reading.unit),
                    Cell::from(reading.note),
                    Cell::number(rate(&progress)),
                    Cell::from(indicator.track(fy.year).key()),
                    Cell::from(reason.to_string()),
                    Cell::from(indicator.note.as_str()),
                    Cell::from(page.clone()),
                ])
                .collect();
            file.row(row);
        }
    }
    file.into_bytes()
}

/// An indicator in `measures.json`: as written, with the numbers read,
/// and per fiscal year with a value its progress and status.
#[derive(Serialize)]
pub(super) struct JsonIndicator<'a> {
    name: &'a str,
    kind: &'a str,
    unit: String,
    direction: Option<&'static str>,
    baseline: Option<JsonReference<'a>>,
    target: Option<JsonReference<'a>>,
    values: Vec<JsonValue<'a>>,
    note: &'a str,
}

#[derive(Serialize)]
struct JsonReference<'a> {
    value: &'a str,
    number: Option<f64>,
    year: Option<u16>,
}

#[derive(Serialize)]
struct JsonValue<'a> {
    year: u16,
    value: &'a str,
    number: Option<f64>,
    unit: String,
    note: String,
    /// Rounded as the pages show it.
    progress: Option<f64>,
    status: &'static str,
}

impl<'a> JsonIndicator<'a> {
    pub(super) fn list(indicators: &'a [Indicator]) -> Vec<JsonIndicator<'a>> {
        indicators.iter().map(JsonIndicator::new).collect()
    }

    fn new(indicator: &'a Indicator) -> JsonIndicator<'a> {
        let reference = |r: &'a Option<Reference>| {
            r.as_ref().map(|r| JsonReference {
                value: &r.value,
                number: plotted(indicator, &r.value),
                year: r.year,
            })
        };
        let values = indicator
            .values
            .iter()
            .map(|(&year, raw)| {
                let reading = indicator.read(raw);
                JsonValue {
                    year,
                    value: raw,
                    number: reading.number,
                    unit: reading.unit,
                    note: reading.note,
                    progress: rate(&indicator.progress(year)).and_then(|r| r.parse().ok()),
                    status: indicator.track(year).key(),
                }
            })
            .collect();
        JsonIndicator {
            name: &indicator.name,
            kind: &indicator.kind,
            unit: indicator.unit(),
            direction: indicator.direction().map(|d| d.key()),
            baseline: reference(&indicator.baseline),
            target: reference(&indicator.target),
            values,
            note: &indicator.note,
        }
    }
}
