//! What changed between two fiscal years: for each measure, whether its
//! grade rose or fell, or whether it began or ended. The one comparison the
//! changes pages, `data/changes.csv`, the line on each measure page and the
//! feed all read.
//!
//! Only the percentage bands of `site.toml` are ordered: 実施, 中止, a
//! sentence… are grades of their own, neither above nor below a band, so a
//! measure moving between them is [`Change::NotComparable`], never "changed".

use serde::Serialize;

use crate::model::{FiscalYear, Grade, Grading, Measure, Site, YearRecord};

/// The page comparing the last two fiscal years.
pub const LATEST_PATH: &str = "changes.html";

/// The page comparing fiscal year `earlier` with `later` (Western years).
pub fn pair_path(earlier: u16, later: u16) -> String {
    format!("changes-{earlier}-{later}.html")
}

/// How a measure's report changed from one fiscal year to a later one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Into a higher percentage band.
    Rose {
        from: Grade,
        to: Grade,
    },
    /// Into a lower percentage band.
    Fell {
        from: Grade,
        to: Grade,
    },
    Same {
        grade: Grade,
    },
    /// Two different grades of which at least one is not a band.
    NotComparable {
        from: Grade,
        to: Grade,
    },
    /// Reported in the later year, not in the earlier.
    New,
    /// Reported in the earlier year; in the later not, or marked ended.
    Ended,
}

impl Change {
    /// The change in a word or two, as the CSV and the page tables say it.
    pub fn label(&self) -> &'static str {
        match self {
            Change::Rose { .. } => "上がった",
            Change::Fell { .. } => "下がった",
            Change::Same { .. } => "同じ",
            Change::NotComparable { .. } => "比較できません",
            Change::New => "新規",
            Change::Ended => "終了",
        }
    }
}

/// Achievements (spaces aside) by which a section states that the measure
/// has ended in that year.
const ENDED_MARKS: [&str; 4] = ["終了", "廃止", "事業終了", "事業廃止"];

/// How many measures have a report in fiscal year `year` (not one saying
/// the measure ended).
pub fn reported_in(site: &Site, year: u16) -> usize {
    site.measures
        .iter()
        .filter_map(|m| m.year(year))
        .filter(|r| r.is_reported() && !states_an_end(r))
        .count()
}

fn states_an_end(record: &YearRecord) -> bool {
    let mark: String = record
        .achievement
        .raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    ENDED_MARKS.contains(&mark.as_str())
}

/// How `measure` changed from fiscal year `earlier` to `later`; `None` when
/// it has a report in neither.
pub fn compare(measure: &Measure, grading: &Grading, earlier: u16, later: u16) -> Option<Change> {
    let before = measure.year(earlier).filter(|r| r.is_reported());
    let after = measure.year(later).filter(|r| r.is_reported());
    match (before, after) {
        (None, None) => None,
        (None, Some(after)) if states_an_end(after) => None,
        (None, Some(_)) => Some(Change::New),
        (Some(_), None) => Some(Change::Ended),
        (Some(_), Some(after)) if states_an_end(after) => Some(Change::Ended),
        (Some(before), Some(after)) => {
            let from = grading.grade(&before.achievement);
            let to = grading.grade(&after.achievement);
            Some(match (grading.rank(from), grading.rank(to)) {
                _ if from == to => Change::Same { grade: to },
                // Step 0 is the best; a not-evaluable step has no rank.
                (Some(f), Some(t)) if t < f => Change::Rose { from, to },
                (Some(_), Some(_)) => Change::Fell { from, to },
                _ => Change::NotComparable { from, to },
            })
        }
    }
}

/// One measure's change, with the two years' records it was read from.
#[derive(Debug, Clone)]
pub struct MeasureChange<'a> {
    pub measure: &'a Measure,
    pub change: Change,
    pub before: Option<&'a YearRecord>,
    pub after: Option<&'a YearRecord>,
}

/// Every change between two fiscal years.
#[derive(Debug, Clone)]
pub struct Comparison<'a> {
    pub earlier: &'a FiscalYear,
    pub later: &'a FiscalYear,
    /// In table order; measures reported in neither year are left out.
    /// Indicators (指標) are not in the model yet: they will get a list of
    /// their own beside this one, compared by the same rules.
    pub measures: Vec<MeasureChange<'a>>,
}

/// How many measures changed in each way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub rose: usize,
    pub fell: usize,
    pub same: usize,
    pub not_comparable: usize,
    pub new: usize,
    pub ended: usize,
}

impl<'a> Comparison<'a> {
    pub fn new(
        site: &'a Site,
        grading: &Grading,
        earlier: &'a FiscalYear,
        later: &'a FiscalYear,
    ) -> Comparison<'a> {
        let measures = site
            .measures
            .iter()
            .filter_map(|measure| {
                let change = compare(measure, grading, earlier.year, later.year)?;
                Some(MeasureChange {
                    measure,
                    change,
                    before: measure.year(earlier.year),
                    after: measure.year(later.year),
                })
            })
            .collect();
        Comparison {
            earlier,
            later,
            measures,
        }
    }

    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for item in &self.measures {
            let count = match item.change {
                Change::Rose { .. } => &mut counts.rose,
                Change::Fell { .. } => &mut counts.fell,
                Change::Same { .. } => &mut counts.same,
                Change::NotComparable { .. } => &mut counts.not_comparable,
                Change::New => &mut counts.new,
                Change::Ended => &mut counts.ended,
            };
            *count += 1;
        }
        counts
    }

    pub fn path(&self) -> String {
        pair_path(self.earlier.year, self.later.year)
    }
}

/// Every pair of the fiscal years that count in totals (a draft year only
/// when the site counts it), earlier first, in plan order: a page each.
pub fn year_pairs(site: &Site) -> Vec<(&FiscalYear, &FiscalYear)> {
    let years = site.years_in_totals();
    years
        .iter()
        .enumerate()
        .flat_map(|(i, &earlier)| years[i + 1..].iter().map(move |&later| (earlier, later)))
        .collect()
}

/// The last two fiscal years that count in totals, when there are two.
pub fn latest_pair(site: &Site) -> Option<(&FiscalYear, &FiscalYear)> {
    match site.years_in_totals().as_slice() {
        [.., earlier, later] => Some((*earlier, *later)),
        _ => None,
    }
}

/// One plain sentence on how `measure` changed into the latest fiscal year,
/// for the top of its page; `None` with one fiscal year, or no report in
/// the last two.
pub fn latest_sentence(site: &Site, grading: &Grading, measure: &Measure) -> Option<String> {
    let (earlier, later) = latest_pair(site)?;
    let change = compare(measure, grading, earlier.year, later.year)?;
    let (before, after) = (&earlier.label, &later.label);
    let label = |grade: Grade| grading.info(grade).label;
    let noun = &site.measure_noun;
    Some(match change {
        Change::Rose { from, to } => format!(
            "{after}は{before}より達成度の区分が上がりました（{} → {}）",
            label(from),
            label(to)
        ),
        Change::Fell { from, to } => format!(
            "{after}は{before}より達成度の区分が下がりました（{} → {}）",
            label(from),
            label(to)
        ),
        Change::Same { grade } => {
            format!(
                "{after}の達成度の区分は{before}と同じです（{}）",
                label(grade)
            )
        }
        Change::NotComparable { from, to } => format!(
            "{after}の達成度（{}）は、{before}（{}）と区分の上下を比較できません",
            label(to),
            label(from)
        ),
        Change::New => format!("{after}から新しく始まった{noun}です"),
        Change::Ended => format!("{after}は報告がなく、{before}までの{noun}です"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::test_site::{grading, site};

    #[test]
    fn bands_order_and_other_grades_do_not() {
        let site = site();
        let grading = grading();
        let change = |id: &str| {
            let measure = site.measures.iter().find(|m| m.id == id).unwrap();
            compare(measure, &grading, 2019, 2020)
        };
        // 100% → the mean 75% of its parts: 50〜79%.
        assert_eq!(
            change("1-02"),
            Some(Change::Fell {
                from: Grade::Band(0),
                to: Grade::Band(2)
            })
        );
        // 中止 → 70%: not on one scale.
        assert_eq!(
            change("1-01"),
            Some(Change::NotComparable {
                from: Grade::Cancelled,
                to: Grade::Band(2)
            })
        );
        // 未達 → a report with the achievement left empty.
        assert_eq!(
            change("2-01"),
            Some(Change::NotComparable {
                from: Grade::NotAchieved,
                to: Grade::NoEntry
            })
        );
        assert_eq!(change("1-03"), Some(Change::New));
        assert_eq!(pair_path(2019, 2020), "changes-2019-2020.html");
    }
}
