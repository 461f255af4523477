//! Completeness: which measures have a report for each fiscal year, per
//! section (担当課). `check` and `import` print it, and a draft year's notice
//! on the site counts with it, so all three agree on what "reported" means.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::model::{FiscalYear, Measure, Site, YearRecord};
use crate::render::year_heading;

/// Where measures without a 担当課 are counted.
const NO_SECTION: &str = "（担当課の記載なし）";

/// Whether `measure` has a report for `year`: its year's record
/// ([`YearRecord::is_reported`]), or a value of one of its indicators (a
/// KPI row reports through its indicators alone).
pub fn has_report(measure: &Measure, year: u16) -> bool {
    measure.year(year).is_some_and(YearRecord::is_reported)
        || measure
            .indicators
            .iter()
            .any(|indicator| indicator.values.contains_key(&year))
}

/// How complete one fiscal year is.
#[derive(Debug)]
pub struct YearCompleteness<'a> {
    pub fiscal_year: &'a FiscalYear,
    pub measures: usize,
    pub reported: usize,
    /// Every section (担当課) in name order; a measure of several sections
    /// counts in each.
    pub sections: Vec<SectionCompleteness<'a>>,
}

/// One section's measures in one fiscal year.
#[derive(Debug)]
pub struct SectionCompleteness<'a> {
    pub section: &'a str,
    pub measures: usize,
    /// Its measures without a report, in reading order.
    pub missing: Vec<&'a Measure>,
}

impl YearCompleteness<'_> {
    pub fn missing(&self) -> usize {
        self.measures - self.reported
    }
}

/// The completeness of every fiscal year of the plan, oldest first.
pub fn completeness(site: &Site) -> Vec<YearCompleteness<'_>> {
    site.plan
        .fiscal_years
        .iter()
        .map(|fiscal_year| year_completeness(site, fiscal_year))
        .collect()
}

/// The completeness of one fiscal year.
pub fn year_completeness<'a>(site: &'a Site, fiscal_year: &'a FiscalYear) -> YearCompleteness<'a> {
    let mut sections: BTreeMap<&str, SectionCompleteness> = BTreeMap::new();
    let mut reported = 0;
    for measure in &site.measures {
        let has = has_report(measure, fiscal_year.year);
        reported += usize::from(has);
        let names = measure.sections.iter().map(String::as_str);
        let names: Vec<&str> = if measure.sections.is_empty() {
            vec![NO_SECTION]
        } else {
            names.collect()
        };
        for name in names {
            let section = sections.entry(name).or_insert(SectionCompleteness {
                section: name,
                measures: 0,
                missing: Vec::new(),
            });
            section.measures += 1;
            if !has {
                section.missing.push(measure);
            }
        }
    }
    YearCompleteness {
        fiscal_year,
        measures: site.measures.len(),
        reported,
        sections: sections.into_values().collect(),
    }
}

/// What `check` and `import` print: per fiscal year the measures with a
/// report; the sections still missing some, with the measures themselves
/// when `verbose`; and, for each draft year, everything missing before it
/// can be published and how to publish it.
pub fn report(site: &Site, verbose: bool) -> String {
    let years = completeness(site);
    let noun = &site.measure_noun;
    let mut out = format!("年度ごとの報告状況（報告のある{noun}／{noun}数）:\n");
    for year in &years {
        let draft = if year.fiscal_year.draft {
            "（集計中）"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  {}: {}/{}件{draft}",
            year_heading(year.fiscal_year),
            year.reported,
            year.measures
        );
    }
    let sections = sections_missing(&years);
    if sections.is_empty() {
        let _ = writeln!(out, "すべての年度で、すべての{noun}に報告があります。");
    } else {
        let _ = writeln!(out, "報告のない{noun}がある担当課:");
        for (name, per_year) in &sections {
            let counts: Vec<String> = per_year
                .iter()
                .map(|(fy, section)| {
                    format!(
                        "{} {}/{}件",
                        fy.label,
                        section.measures - section.missing.len(),
                        section.measures
                    )
                })
                .collect();
            let _ = writeln!(out, "  {name}: {}", counts.join("、"));
            if verbose {
                for (fy, section) in per_year {
                    let _ = writeln!(out, "    {} 未報告: {}", fy.label, list(&section.missing));
                }
            }
        }
        if !verbose {
            let _ = writeln!(
                out,
                "（報告のない{noun}の一覧は shinchoku check --verbose で表示します）"
            );
        }
    }
    for year in years.iter().filter(|y| y.fiscal_year.draft) {
        draft_year(&mut out, site, year);
    }
    out
}

/// Sections with a missing report in some year, by name, with those years.
fn sections_missing<'y, 'a>(
    years: &'y [YearCompleteness<'a>],
) -> BTreeMap<&'a str, Vec<(&'a FiscalYear, &'y SectionCompleteness<'a>)>> {
    let mut by_name: BTreeMap<&str, Vec<_>> = BTreeMap::new();
    for year in years {
        for section in year.sections.iter().filter(|s| !s.missing.is_empty()) {
            by_name
                .entry(section.section)
                .or_default()
                .push((year.fiscal_year, section));
        }
    }
    by_name
}

/// A draft year: what is missing before it can be published, and how.
fn draft_year(out: &mut String, site: &Site, year: &YearCompleteness) {
    let fy = year.fiscal_year;
    let totals = if site.draft_years_in_totals {
        "site.toml の draft_years_in_totals = true により、合計とグラフに含めています"
    } else {
        "合計とグラフには含めていません"
    };
    let _ = writeln!(
        out,
        "{}は集計中（draft: true）です。サイトでは集計中と表示し、{totals}。",
        year_heading(fy)
    );
    if year.missing() == 0 {
        let _ = writeln!(out, "  すべての{}に報告があります。", site.measure_noun);
    } else {
        let _ = writeln!(
            out,
            "  確定して公開する前に、次の {}件の報告が必要です:",
            year.missing()
        );
        for section in year.sections.iter().filter(|s| !s.missing.is_empty()) {
            let _ = writeln!(out, "    {}: {}", section.section, list(&section.missing));
        }
    }
    let _ = writeln!(
        out,
        "  確定版として公開するには、{} の fiscal_years で {} 年度の draft: true を消してください。",
        site.plan.file.display(),
        fy.year
    );
}

/// `1-01 自殺対策連絡協議会、1-02 …`
fn list(measures: &[&Measure]) -> String {
    measures
        .iter()
        .map(|m| format!("{} {}", m.id, m.title))
        .collect::<Vec<_>>()
        .join("、")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::test_site::site;

    #[test]
    fn a_record_of_blank_fields_is_no_report() {
        let mut site = site();
        let measure = &mut site.measures[0];
        assert!(has_report(measure, 2020));
        let record = measure.years.iter_mut().find(|r| r.year == 2020).unwrap();
        record.status = " \n".into();
        record.evaluation.clear();
        record.next_plan.clear();
        record.achievement = crate::model::Achievement::parse("");
        assert!(!has_report(measure, 2020));
        assert!(!has_report(measure, 2031), "no record at all");

        measure.indicators.push(crate::model::Indicator {
            name: "受診率".into(),
            values: [(2020, "95%".to_string())].into(),
            ..Default::default()
        });
        assert!(has_report(measure, 2020), "reported through an indicator");
        assert!(!has_report(measure, 2021));
    }
}
