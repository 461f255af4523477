//! The plain summary the top page opens with: the latest fiscal year in one
//! or two sentences (how many measures reached each grade of the city's
//! scale, what changed from the year before) and three or four key figures,
//! all counted from the model with the same counts as the totals' table.

use serde::Serialize;

use super::views::year_heading;
use crate::changes::{latest_pair, reported_in, Comparison};
use crate::charts::grade_distribution;
use crate::model::{Grade, Grading, Site};

#[derive(Debug, Clone, Serialize)]
pub struct PlanSummary {
    /// `令和2年度（2020年度）`
    pub year: String,
    pub sentences: Vec<String>,
    pub figures: Vec<KeyFigure>,
}

/// One number the summary shows large: `label` 12件 (`note`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyFigure {
    pub label: String,
    pub count: usize,
    pub note: String,
}

impl KeyFigure {
    fn new(label: String, count: usize, note: String) -> KeyFigure {
        KeyFigure { label, count, note }
    }
}

/// The summary of the latest fiscal year that counts in totals; none on a
/// site without one.
pub fn plan_summary(site: &Site, grading: &Grading) -> Option<PlanSummary> {
    let (latest, counts) = grade_distribution(site, grading, None).pop()?;
    let noun = &site.measure_noun;
    let count_of = |grade: Grade| {
        counts
            .iter()
            .find(|(g, _)| *g == grade)
            .map_or(0, |(_, n)| *n)
    };
    let steps: Vec<(String, usize)> = (0..grading.steps().len())
        .map(|i| (grading.info(Grade::Band(i)).label, count_of(Grade::Band(i))))
        .collect();
    let total = site.measures.len();
    let reported = reported_in(site, latest.year);
    let year = year_heading(&latest);
    // The scale's steps, then what the sections wrote instead (実施, 中止).
    let parts: Vec<String> = counts
        .iter()
        .filter(|(grade, n)| *n > 0 && *grade != Grade::NoEntry)
        .map(|(grade, n)| format!("「{}」が{n}件", grading.info(*grade).label))
        .collect();
    let grades = if parts.is_empty() {
        "達成度の記載はありませんでした".to_string()
    } else {
        format!("達成度は{}でした", parts.join("、"))
    };
    let mut sentences = vec![format!(
        "{year}は、{noun}{total}件のうち{reported}件に報告があり、{grades}。"
    )];
    let (best_label, best_count) = steps[0].clone();
    let mut figures = vec![
        KeyFigure::new(
            format!("報告のあった{noun}"),
            reported,
            format!("全{total}件中"),
        ),
        KeyFigure::new(
            format!("達成度が最も高い区分「{best_label}」"),
            best_count,
            String::new(),
        ),
    ];
    if let Some((earlier, later)) = latest_pair(site) {
        let changes = Comparison::new(site, grading, earlier, later).counts();
        sentences.push(format!(
            "{}と比べると、達成度の区分が上がった{noun}は{}件、下がった{noun}は{}件、変わらなかった{noun}は{}件でした。",
            earlier.label, changes.rose, changes.fell, changes.same
        ));
        let since = format!("{}から", earlier.label);
        figures.push(KeyFigure::new(
            "区分が上がった".into(),
            changes.rose,
            since.clone(),
        ));
        figures.push(KeyFigure::new("区分が下がった".into(), changes.fell, since));
    } else {
        // One fiscal year: the next steps of the scale instead of changes.
        figures.extend(
            steps
                .iter()
                .skip(1)
                .take(2)
                .map(|(label, n)| KeyFigure::new(format!("「{label}」"), *n, String::new())),
        );
    }
    Some(PlanSummary {
        year,
        sentences,
        figures,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::test_site::{grading, site};

    #[test]
    fn the_summary_counts_what_the_totals_count() {
        let site = site();
        let summary = plan_summary(&site, &grading()).unwrap();
        assert_eq!(summary.sentences.len(), 2, "{:?}", summary.sentences);
        assert_eq!(summary.figures.len(), 4);
        assert!(summary.sentences[0].contains(&format!("{}件のうち", site.measures.len())));
        let latest = site.years_in_totals().last().unwrap().year;
        assert_eq!(summary.figures[0].count, reported_in(&site, latest));
    }

    #[test]
    fn one_fiscal_year_shows_the_scale_instead_of_changes() {
        let mut site = site();
        site.plan.fiscal_years.truncate(1);
        let summary = plan_summary(&site, &grading()).unwrap();
        assert_eq!(summary.sentences.len(), 1);
        assert_eq!(summary.figures.len(), 4);
        assert!(summary
            .figures
            .iter()
            .all(|f| !f.label.contains("上がった")));
    }
}
