//! The finder's numeric columns beyond grades, where the site has them:
//! the `total` yearly figure (what a measure costs) and how the measure's
//! indicators stand, both in the latest fiscal year counted in totals.
//! Each cell is its text and its sort key (a plain number; none sorts last).

use crate::config::FieldDeclaration;
use crate::model::figures::{grouped, measure_value, plain, FigureValue};
use crate::model::indicator::Track;
use crate::model::{FiscalYear, Measure, Site};

/// The latest fiscal year counted in totals: the one the columns show.
fn latest(site: &Site) -> Option<&FiscalYear> {
    site.years_in_totals().last().copied()
}

/// The `total = true` yearly figure and the year it is shown for.
pub(super) fn total_figure(site: &Site) -> Option<(&FieldDeclaration, &FiscalYear)> {
    let field = site
        .declared_fields
        .iter()
        .find(|field| field.total && field.is_figure())?;
    Some((field, latest(site)?))
}

/// `トータルコスト（令和7年度、千円）`.
pub(super) fn total_label(field: &FieldDeclaration, year: &FiscalYear) -> String {
    let unit = field.unit.as_deref().unwrap_or_default();
    format!("{}（{}、{unit}）", field.label(), year.label)
}

/// A measure's total in the year: `1,238千円`, sorted by the number; a
/// cell that is no number as written, unsorted; empty where not reported.
pub(super) fn total_cell(
    field: &FieldDeclaration,
    year: &FiscalYear,
    measure: &Measure,
) -> (String, Option<String>) {
    let unit = field.unit.as_deref().unwrap_or_default();
    match measure_value(measure, &field.key, year.year) {
        (_, FigureValue::Number(number)) => {
            (format!("{}{unit}", grouped(number)), Some(plain(number)))
        }
        (raw, FigureValue::Unreadable) => (raw.trim().to_string(), None),
        (_, FigureValue::Absent) => (String::new(), None),
    }
}

/// The year the indicator column shows, when any measure has indicators.
pub(super) fn tracks_year(site: &Site) -> Option<&FiscalYear> {
    site.measures
        .iter()
        .any(|m| !m.indicators.is_empty())
        .then(|| latest(site))
        .flatten()
}

/// `評価指標の状況（令和6年度）`.
pub(super) fn tracks_label(year: &FiscalYear) -> String {
    format!("評価指標の状況（{}）", year.label)
}

/// `順調 2 / 遅れ 1`, sorted by the share on track of the indicators that
/// can be evaluated; unsorted (last) for a measure with none to evaluate.
pub(super) fn tracks_cell(year: &FiscalYear, measure: &Measure) -> (String, Option<String>) {
    let count = |track: Track| {
        measure
            .indicators
            .iter()
            .filter(|indicator| indicator.track(year.year) == track)
            .count()
    };
    let (on_track, behind) = (count(Track::OnTrack), count(Track::Behind));
    if on_track + behind == 0 {
        let text = match count(Track::NotEvaluable) {
            0 => String::new(),
            n => format!("{} {n}", Track::NotEvaluable.label()),
        };
        return (text, None);
    }
    let share = on_track as f64 / (on_track + behind) as f64 * 100.0;
    (
        format!(
            "{} {on_track} / {} {behind}",
            Track::OnTrack.label(),
            Track::Behind.label()
        ),
        Some(plain(share)),
    )
}
