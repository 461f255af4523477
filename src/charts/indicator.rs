//! The numbers behind the indicator charts: per indicator, its values by
//! fiscal year against its baseline and target; per node (or the whole
//! plan), how many indicators under it are on track each year. Shared by
//! the SVG ([`super::indicator_svg`]), the CSV and the pages' tables.

use super::data::{csv_bytes, format_percent};
use super::indicator_svg::{indicator_svg, tracks_svg, IndicatorPlot};
use super::Chart;
use crate::csv_file::Cell;
use crate::model::indicator::same_unit;
use crate::model::{FiscalYear, Indicator, Measure, Node, Progress, Reference, Site, Track};
use crate::output::OutputFile;
use crate::render::{chart_subject, year_heading};

/// Whose indicator it is: a measure's, or a node's own (a policy's KPI).
#[derive(Debug, Clone, Copy)]
pub enum Owner<'a> {
    Measure(&'a Measure),
    Node(&'a Node),
}

/// Every indicator under `node` (the whole plan: `None`): the node's own,
/// those of the nodes below it and of the measures below it, nodes first.
pub fn indicators_under<'a>(
    site: &'a Site,
    node: Option<&'a Node>,
) -> Vec<(Owner<'a>, &'a Indicator)> {
    let nodes: Vec<&Node> = match node {
        None => site.nodes.iter().collect(),
        Some(node) => {
            let mut all = vec![node];
            let mut next = 0;
            while let Some(&parent) = all.get(next) {
                all.extend(site.children(parent));
                next += 1;
            }
            all
        }
    };
    let measures: Vec<&Measure> = match node {
        None => site.measures.iter().collect(),
        Some(node) => site.measures_under(node).collect(),
    };
    let own = nodes
        .into_iter()
        .flat_map(|n| n.indicators.iter().map(move |i| (Owner::Node(n), i)));
    let of_measures = measures
        .into_iter()
        .flat_map(|m| m.indicators.iter().map(move |i| (Owner::Measure(m), i)));
    own.chain(of_measures).collect()
}

/// The number an indicator's chart plots for a value: read in the
/// indicator's unit; none for text, or a number in another unit.
pub fn plotted(indicator: &Indicator, raw: &str) -> Option<f64> {
    let reading = indicator.read(raw);
    reading
        .number
        .filter(|_| same_unit(&reading.unit, &indicator.unit()))
}

/// Each fiscal year the charts count, with the indicator's plotted value.
pub fn indicator_points<'a>(
    site: &'a Site,
    indicator: &Indicator,
) -> Vec<(&'a FiscalYear, Option<f64>)> {
    site.years_in_totals()
        .into_iter()
        .map(|fy| {
            let value = indicator
                .values
                .get(&fy.year)
                .and_then(|raw| plotted(indicator, raw));
            (fy, value)
        })
        .collect()
}

/// Whether an indicator has a chart: at least one value to plot.
pub fn has_chart(site: &Site, indicator: &Indicator) -> bool {
    indicator_points(site, indicator)
        .iter()
        .any(|(_, value)| value.is_some())
}

/// `2025年度`, or the plan's heading of that year when it is one of them.
pub fn year_name(site: &Site, year: u16) -> String {
    site.fiscal_year(year)
        .map_or_else(|| format!("{year}年度"), year_heading)
}

/// The progress rate as pages and CSVs write it, or none.
pub fn rate(progress: &Progress) -> Option<String> {
    match progress {
        Progress::Rate { percent } => Some(format_percent(*percent)),
        Progress::NotComparable { .. } => None,
    }
}

/// The indicator chart's text alternative: every value as written, the
/// baseline and the target.
pub fn indicator_alt(site: &Site, indicator: &Indicator) -> String {
    let unit = indicator.unit();
    let unit = if unit.is_empty() {
        String::new()
    } else {
        format!("（単位: {unit}）")
    };
    let reference = |word: &str, r: &Option<Reference>| {
        r.as_ref().map(|r| match r.year {
            Some(year) => format!("{word} {}（{}）", r.value, year_name(site, year)),
            None => format!("{word} {}", r.value),
        })
    };
    let values: Vec<String> = site
        .years_in_totals()
        .into_iter()
        .map(|fy| {
            let raw = indicator
                .values
                .get(&fy.year)
                .map_or("記入なし", String::as_str);
            format!("{} {raw}", year_heading(fy))
        })
        .collect();
    let references: Vec<String> = [
        reference("基準値", &indicator.baseline),
        reference("目標値", &indicator.target),
    ]
    .into_iter()
    .flatten()
    .collect();
    format!(
        "{}{unit}の実績値を年度ごとに示す折れ線グラフ。{}。{}。",
        indicator.name,
        values.join("、"),
        references.join("、")
    )
}

/// The indicator chart's numbers: one row per fiscal year charted.
pub fn indicator_csv(site: &Site, indicator: &Indicator) -> Vec<u8> {
    let header = [
        "年度（西暦）",
        "年度",
        "実績値（記載のまま）",
        "実績値",
        "単位",
        "基準値",
        "目標値",
        "進捗率（%）",
        "状況",
    ]
    .map(String::from);
    let unit = indicator.unit();
    let reference = |r: &Option<Reference>| r.as_ref().and_then(|r| plotted(indicator, &r.value));
    let (baseline, target) = (reference(&indicator.baseline), reference(&indicator.target));
    let rows = indicator_points(site, indicator)
        .into_iter()
        .map(|(fy, value)| {
            vec![
                Cell::number(Some(fy.year)),
                Cell::from(fy.label.as_str()),
                Cell::from(indicator.values.get(&fy.year).cloned().unwrap_or_default()),
                Cell::number(value),
                Cell::from(unit.clone()),
                Cell::number(baseline),
                Cell::number(target),
                Cell::number(rate(&indicator.progress(fy.year))),
                Cell::from(indicator.track(fy.year).label()),
            ]
        });
    csv_bytes(&header, rows)
}

/// How many indicators are on track, behind and not evaluable in a year,
/// in [`Track::ALL`] order.
pub type TrackCounts = [usize; 3];

/// Per fiscal year the charts count, oldest first: the indicators' counts.
pub fn track_counts<'a>(
    site: &'a Site,
    indicators: &[(Owner, &Indicator)],
) -> Vec<(&'a FiscalYear, TrackCounts)> {
    site.years_in_totals()
        .into_iter()
        .map(|fy| {
            let mut counts = [0; 3];
            for (_, indicator) in indicators {
                counts[indicator.track(fy.year) as usize] += 1;
            }
            (fy, counts)
        })
        .collect()
}

/// A count's share of all, as pages and CSVs write it.
pub fn share(count: usize, counts: &TrackCounts) -> String {
    let total: usize = counts.iter().sum();
    format_percent(count as f64 / total.max(1) as f64 * 100.0)
}

/// The track chart's text alternative: every year's counts.
pub fn tracks_alt(subject: &str, counts: &[(&FiscalYear, TrackCounts)]) -> String {
    let years: Vec<String> = counts
        .iter()
        .map(|(fy, counts)| {
            let parts: Vec<String> = Track::ALL
                .iter()
                .zip(counts)
                .map(|(track, n)| format!("{} {n}件", track.label()))
                .collect();
            format!("{}: {}", year_heading(fy), parts.join("、"))
        })
        .collect();
    format!(
        "{subject}の評価指標のうち順調・遅れ・評価できないものの割合を年度ごとに示す横帯グラフ。{}。",
        years.join("。")
    )
}

/// The track chart's numbers: one row per fiscal year.
pub fn tracks_csv(counts: &[(&FiscalYear, TrackCounts)]) -> Vec<u8> {
    let mut header = vec!["年度（西暦）".to_string(), "年度".to_string()];
    header.extend(Track::ALL.iter().map(|t| format!("{}（件）", t.label())));
    header.push("合計（件）".into());
    header.push("順調の割合（%）".into());
    let rows = counts.iter().map(|(fy, counts)| {
        let mut row = vec![Cell::number(Some(fy.year)), Cell::from(fy.label.as_str())];
        row.extend(counts.iter().map(|n| Cell::number(Some(n))));
        row.push(Cell::number(Some(counts.iter().sum::<usize>())));
        row.push(Cell::number(Some(share(counts[0], counts))));
        row
    });
    csv_bytes(&header, rows)
}

/// Each indicator with a chart, of nodes and of measures alike: its chart,
/// whose it is (`1-01 健診事業`) and the indicator.
pub fn charted_indicators(site: &Site) -> Vec<(Chart, String, &Indicator)> {
    let owners = site
        .nodes
        .iter()
        .map(|n| {
            let owner = format!("{} {}", site.node_name(n), n.title);
            (chart_subject(site, n), owner, &n.indicators)
        })
        .chain(site.measures.iter().map(|m| {
            let owner = format!("{} {}", m.id, m.title);
            (super::measure_subject(m), owner, &m.indicators)
        }));
    owners
        .flat_map(|(subject, owner, indicators)| {
            indicators
                .iter()
                .enumerate()
                .map(move |(index, indicator)| {
                    let chart = Chart::Indicator {
                        subject: subject.clone(),
                        index,
                    };
                    (chart, owner.clone(), indicator)
                })
        })
        .filter(|(_, _, indicator)| has_chart(site, indicator))
        .collect()
}

/// The nodes (`None`: the whole plan) with indicators under them: those
/// that get a track chart (when some fiscal year is counted), with their
/// name.
fn tracked(site: &Site) -> Vec<(Option<&Node>, String)> {
    if site.years_in_totals().is_empty() {
        return Vec::new();
    }
    std::iter::once(None)
        .chain(site.nodes.iter().map(Some))
        .filter(|node| !indicators_under(site, *node).is_empty())
        .map(|node| {
            let name = node.map_or("計画全体".to_string(), |n| site.node_name(n));
            (node, name)
        })
        .collect()
}

/// The title and CSV path of every indicator chart and track chart, for
/// the data page's list.
pub fn chart_files(site: &Site) -> Vec<(String, Chart)> {
    let tracks = tracked(site).into_iter().map(|(node, name)| {
        let chart = Chart::Tracks(node.map(|n| chart_subject(site, n)));
        (format!("{name} 評価指標の状況"), chart)
    });
    let indicators = charted_indicators(site)
        .into_iter()
        .map(|(chart, owner, indicator)| {
            (format!("{owner} 評価指標「{}」", indicator.name), chart)
        });
    tracks.chain(indicators).collect()
}

/// What an indicator's chart draws; reference years named as the page
/// names them ([`year_name`]).
fn plot<'a>(
    site: &Site,
    indicator: &Indicator,
    points: &'a [(&'a FiscalYear, Option<f64>)],
    unit: &'a str,
) -> IndicatorPlot<'a> {
    let reference = |r: &Option<Reference>| {
        let r = r.as_ref()?;
        let year = r.year.map(|y| year_name(site, y));
        Some((plotted(indicator, &r.value)?, year))
    };
    IndicatorPlot {
        points,
        baseline: reference(&indicator.baseline),
        target: reference(&indicator.target),
        unit,
    }
}

/// Every indicator chart and every track chart of the site, with their
/// CSV; none on a site without indicators.
pub fn indicator_charts(site: &Site) -> Vec<OutputFile> {
    let mut files = Vec::new();
    for (chart, _, indicator) in charted_indicators(site) {
        let points = indicator_points(site, indicator);
        let unit = indicator.unit();
        let svg = indicator_svg(
            &plot(site, indicator, &points, &unit),
            &indicator.name,
            &indicator_alt(site, indicator),
        );
        files.push(OutputFile::new(chart.svg_path(), svg));
        files.push(OutputFile::new(
            chart.csv_path(),
            indicator_csv(site, indicator),
        ));
    }
    for (node, name) in tracked(site) {
        let counts = track_counts(site, &indicators_under(site, node));
        let chart = Chart::Tracks(node.map(|n| chart_subject(site, n)));
        let title = format!("{name}の評価指標の状況");
        files.push(OutputFile::new(
            chart.svg_path(),
            tracks_svg(&counts, &title, &tracks_alt(&name, &counts)),
        ));
        files.push(OutputFile::new(chart.csv_path(), tracks_csv(&counts)));
    }
    files
}
