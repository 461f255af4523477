//! The numbers behind the charts, shared by the SVG, the pages' tables and
//! the charts' CSV downloads, so that all three always agree.

use crate::completeness::has_report;
use crate::csv_file::{Cell, CsvFile};
use crate::model::{FiscalYear, Grade, Grading, Measure, Node, Site};

/// How many measures fall in each grade, per fiscal year (oldest first).
/// `node` narrows to the measures under one node; `None` counts the whole plan.
/// Every grade of `grading.all()` is listed, in that order, even at zero; a
/// measure without a record for a year counts as 記入なし (no entry), so each
/// year's counts add up to the number of measures.
pub fn grade_distribution(
    site: &Site,
    grading: &Grading,
    node: Option<&Node>,
) -> Vec<(FiscalYear, Vec<(Grade, usize)>)> {
    let measures: Vec<&Measure> = match node {
        Some(node) => site.measures_under(node).collect(),
        None => site.measures.iter().collect(),
    };
    site.years_in_totals()
        .into_iter()
        .map(|fy| {
            let grades = measures
                .iter()
                .map(|m| {
                    m.year(fy.year)
                        .map_or(Grade::NoEntry, |r| grading.grade(&r.achievement))
                })
                .collect::<Vec<_>>();
            let counts = grading
                .all()
                .into_iter()
                .map(|grade| (grade, grades.iter().filter(|g| **g == grade).count()))
                .collect();
            (fy.clone(), counts)
        })
        .collect()
}

/// The grades that occur at least once in a distribution: the columns worth
/// showing in a table or legend.
pub fn grades_present(distribution: &[(FiscalYear, Vec<(Grade, usize)>)]) -> Vec<Grade> {
    let Some((_, first)) = distribution.first() else {
        return Vec::new();
    };
    first
        .iter()
        .map(|(grade, _)| *grade)
        .filter(|grade| {
            distribution
                .iter()
                .any(|(_, counts)| counts.iter().any(|(g, n)| g == grade && *n > 0))
        })
        .collect()
}

/// Whether a distribution counts any measure in a grade other than 記入なし:
/// a chart of nothing but 記入なし has no number to show and is left out.
pub fn has_grades(distribution: &[(FiscalYear, Vec<(Grade, usize)>)]) -> bool {
    distribution.iter().any(|(_, counts)| {
        counts
            .iter()
            .any(|(grade, n)| *grade != Grade::NoEntry && *n > 0)
    })
}

/// Whether any measure of a list gives a percentage in some year: a chart
/// of the list's percentages (or of their mean) would otherwise be empty.
pub fn has_percentages(rows: &[(&Measure, Vec<Option<f64>>)]) -> bool {
    rows.iter()
        .any(|(_, percents)| percents.iter().any(Option::is_some))
}

/// Each measure of a list with its achievement percentage per fiscal year
/// (in [`Site::years_in_totals`] order); `None` where the achievement has no number.
pub fn measure_percentages<'a>(
    site: &Site,
    measures: &[&'a Measure],
) -> Vec<(&'a Measure, Vec<Option<f64>>)> {
    measures
        .iter()
        .map(|&m| {
            let percents = site
                .years_in_totals()
                .into_iter()
                .map(|fy| m.year(fy.year).and_then(|r| r.achievement.percent()))
                .collect();
            (m, percents)
        })
        .collect()
}

/// A node's achievement in one fiscal year, for its trend chart: the mean
/// percentage of the measures that give a number, and how many do.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendPoint<'a> {
    pub fiscal_year: &'a FiscalYear,
    pub mean: Option<f64>,
    /// Measures whose achievement that year has a number.
    pub numeric: usize,
    /// Measures with a report that year ([`crate::completeness::has_report`]).
    pub reported: usize,
}

/// The trend of a node over the fiscal years in totals, oldest first: of
/// all the measures under it.
pub fn node_trend<'a>(site: &'a Site, node: &'a Node) -> Vec<TrendPoint<'a>> {
    let measures: Vec<&Measure> = site.measures_under(node).collect();
    site.years_in_totals()
        .into_iter()
        .map(|fiscal_year| {
            let numbers: Vec<f64> = measures
                .iter()
                .filter_map(|m| m.year(fiscal_year.year)?.achievement.percent())
                .collect();
            let reported = measures
                .iter()
                .filter(|m| has_report(m, fiscal_year.year))
                .count();
            TrendPoint {
                fiscal_year,
                mean: (!numbers.is_empty())
                    .then(|| numbers.iter().sum::<f64>() / numbers.len() as f64),
                numeric: numbers.len(),
                reported,
            }
        })
        .collect()
}

/// The trend chart's numbers: one row per fiscal year.
pub fn trend_csv(site: &Site, points: &[TrendPoint]) -> Vec<u8> {
    let noun = &site.measure_noun;
    let header = [
        "年度（西暦）".to_string(),
        "年度".to_string(),
        "平均達成度（%）".to_string(),
        format!("数値のある{noun}（件）"),
        format!("報告のある{noun}（件）"),
    ];
    let rows = points.iter().map(|p| {
        vec![
            Cell::number(Some(p.fiscal_year.year)),
            Cell::from(p.fiscal_year.label.as_str()),
            Cell::number(p.mean.map(format_percent)),
            Cell::number(Some(p.numeric)),
            Cell::number(Some(p.reported)),
        ]
    });
    csv_bytes(&header, rows)
}

/// A percentage as every page, chart and file writes it: the one rule of
/// [`crate::model::number`].
pub use crate::model::number::format as format_percent;

/// One header row, then `rows`, as every CSV of the project is written.
pub(super) fn csv_bytes<'c>(
    header: &[String],
    rows: impl IntoIterator<Item = Vec<Cell<'c>>>,
) -> Vec<u8> {
    let mut file = CsvFile::new();
    file.row(header.iter().map(|h| Cell::from(h.as_str())));
    for row in rows {
        file.row(row);
    }
    file.into_bytes()
}

/// The grade-distribution chart's numbers: one row per fiscal year, one
/// column per grade (count of measures).
pub fn distribution_csv(
    grading: &Grading,
    distribution: &[(FiscalYear, Vec<(Grade, usize)>)],
) -> Vec<u8> {
    let mut header = vec!["年度（西暦）".to_string(), "年度".to_string()];
    header.extend(
        grading
            .all()
            .into_iter()
            .map(|g| format!("{}（件）", grading.info(g).label)),
    );
    header.push("合計（件）".into());
    let rows = distribution.iter().map(|(fy, counts)| {
        let mut row = vec![Cell::number(Some(fy.year)), Cell::from(fy.label.as_str())];
        row.extend(counts.iter().map(|(_, n)| Cell::number(Some(n))));
        row.push(Cell::number(Some(
            counts.iter().map(|(_, n)| n).sum::<usize>(),
        )));
        row
    });
    csv_bytes(&header, rows)
}

/// The per-measure chart's numbers: one row per measure and fiscal year.
pub fn percentages_csv(site: &Site, measures: &[&Measure]) -> Vec<u8> {
    let header = [
        format!("{}ID", site.measure_noun),
        site.measure_name.clone(),
        "年度（西暦）".to_string(),
        "年度".to_string(),
        "達成度（記載のまま）".to_string(),
        "達成度（%）".to_string(),
    ];
    let mut rows = Vec::new();
    for (measure, percents) in measure_percentages(site, measures) {
        for (fy, percent) in site.years_in_totals().into_iter().zip(percents) {
            rows.push(vec![
                Cell::from(measure.id.as_str()),
                Cell::from(measure.title.as_str()),
                Cell::number(Some(fy.year)),
                Cell::from(fy.label.as_str()),
                Cell::from(
                    measure
                        .year(fy.year)
                        .map_or("", |r| r.achievement.raw.as_str()),
                ),
                Cell::number(percent.map(format_percent)),
            ]);
        }
    }
    csv_bytes(&header, rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::test_site::{grading, site};

    #[test]
    fn distribution_counts_each_measure_once_per_year() {
        let site = site();
        let distribution = grade_distribution(&site, &grading(), Some(&site.nodes[0]));
        assert_eq!(distribution.len(), 2);
        let (fy2019, counts2019) = &distribution[0];
        assert_eq!(fy2019.year, 2019);
        let count = |counts: &Vec<(Grade, usize)>, grade| {
            counts
                .iter()
                .find(|(g, _)| *g == grade)
                .map(|(_, n)| *n)
                .unwrap()
        };
        // 2019: 1-01 中止, 1-02 100%, 1-03 has no 2019 record.
        assert_eq!(count(counts2019, Grade::Cancelled), 1);
        assert_eq!(count(counts2019, Grade::Band(0)), 1);
        assert_eq!(count(counts2019, Grade::NoEntry), 1);
        assert_eq!(counts2019.iter().map(|(_, n)| n).sum::<usize>(), 3);
        // 2020: 1-01 70 → 50〜79%, 1-02 parts (100+50)/2 = 75 → 50〜79%, 1-03 実施.
        let (_, counts2020) = &distribution[1];
        assert_eq!(count(counts2020, Grade::Band(2)), 2);
        assert_eq!(count(counts2020, Grade::Implemented), 1);

        let whole_plan = grade_distribution(&site, &grading(), None);
        assert_eq!(
            whole_plan[0].1.iter().map(|(_, n)| n).sum::<usize>(),
            site.measures.len()
        );
    }

    #[test]
    fn grades_present_lists_only_grades_that_occur() {
        let site = site();
        let distribution = grade_distribution(&site, &grading(), Some(&site.nodes[0]));
        assert_eq!(
            grades_present(&distribution),
            vec![
                Grade::Band(0),
                Grade::Band(2),
                Grade::Implemented,
                Grade::Cancelled,
                Grade::NoEntry
            ]
        );
    }

    #[test]
    fn percentages_are_absent_for_non_numeric_achievements() {
        let site = site();
        let rows = measure_percentages(&site, &site.measure_pages(&site.nodes[0])[0]);
        assert_eq!(rows[0].0.id, "1-01");
        assert_eq!(rows[0].1, vec![None, Some(70.0)]);
        assert_eq!(rows[1].1, vec![Some(100.0), Some(75.0)]);
        assert_eq!(rows[2].1, vec![None, None]);
    }

    #[test]
    fn csv_has_bom_one_header_row_and_the_chart_numbers() {
        let site = site();
        let csv = distribution_csv(
            &grading(),
            &grade_distribution(&site, &grading(), Some(&site.nodes[0])),
        );
        assert!(csv.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(csv[3..].to_vec()).unwrap();
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert!(
            lines[0].starts_with("年度（西暦）,年度,100%（件）,"),
            "{}",
            lines[0]
        );
        assert_eq!(lines[1], "2019,令和元年度,1,0,0,0,0,1,0,0,0,0,1,3");
        assert_eq!(format_percent(66.666), "66.7");
        assert_eq!(format_percent(70.0), "70");
    }
}
