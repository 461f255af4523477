//! `data/figures.csv` and the figures of `measures.json`: each yearly
//! figure ([`crate::model::figures`]) as a number with its unit, the text
//! as written beside it.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::{chain, DRAFT, FINAL};
use crate::csv_file::{Cell, CsvFile};
use crate::model::figures::{declared_figures, measure_value, plain, FigureValue};
use crate::model::{Grading, Site, YearRecord};

pub const FIGURES_CSV_PATH: &str = "data/figures.csv";

/// The number a cell reads as, written plain; none where it is not one.
fn number(value: FigureValue) -> Option<String> {
    match value {
        FigureValue::Number(number) => Some(plain(number)),
        _ => None,
    }
}

/// One row per measure, figure and fiscal year the figure is written in:
/// the ids of the measure and its nodes, the figure's key and label, the
/// year, the value as a number, its unit and the text as written.
pub(super) fn figures_csv(site: &Site, _: &Grading) -> Vec<u8> {
    let mut file = CsvFile::new();
    let header: Vec<String> = [format!("{}ID", site.measure_noun)]
        .into_iter()
        .chain(site.levels.iter().map(|level| format!("{}ID", level.name)))
        .chain(
            [
                "項目キー",
                "項目",
                "年度（西暦）",
                "年度（和暦）",
                "集計状況",
                "値",
                "単位",
                "値（記載のまま）",
            ]
            .map(String::from),
        )
        .collect();
    file.row(header.iter().map(|h| Cell::from(h.as_str())));
    let figures = declared_figures(site);
    for measure in &site.measures {
        let nodes = chain(site, measure);
        for figure in &figures {
            for fiscal_year in &site.plan.fiscal_years {
                let (raw, value) = measure_value(measure, &figure.key, fiscal_year.year);
                if raw.trim().is_empty() {
                    continue;
                }
                file.row(
                    [Cell::from(measure.id.as_str())]
                        .into_iter()
                        .chain(nodes.iter().map(|node| Cell::from(node.id.as_str())))
                        .chain([
                            Cell::from(figure.key.as_str()),
                            Cell::from(figure.label()),
                            Cell::number(Some(fiscal_year.year)),
                            Cell::from(fiscal_year.label.as_str()),
                            Cell::from(if fiscal_year.draft { DRAFT } else { FINAL }),
                            Cell::number(number(value)),
                            Cell::from(figure.unit.as_deref().unwrap_or_default()),
                            Cell::from(raw),
                        ]),
                );
            }
        }
    }
    file.into_bytes()
}

/// A year's figures in `measures.json`: key → `{label, value, unit,
/// raw}`, `value` a number or null, for the figures written that year.
pub(super) struct JsonFigures<'a> {
    pub site: &'a Site,
    pub record: &'a YearRecord,
}

impl JsonFigures<'_> {
    fn written(&self) -> Vec<(&crate::config::FieldDeclaration, &str)> {
        declared_figures(self.site)
            .into_iter()
            .filter_map(|figure| Some((figure, self.record.extra.get(&figure.key)?)))
            .filter(|(_, raw)| !raw.trim().is_empty())
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.written().is_empty()
    }
}

impl Serialize for JsonFigures<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let written = self.written();
        let mut map = serializer.serialize_map(Some(written.len()))?;
        for (figure, raw) in written {
            let value = match crate::model::figures::read_figure(raw) {
                FigureValue::Number(number) => Some(number),
                _ => None,
            };
            map.serialize_entry(
                &figure.key,
                &JsonFigure {
                    label: figure.label(),
                    value,
                    unit: figure.unit.as_deref().unwrap_or_default(),
                    raw,
                },
            )?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct JsonFigure<'a> {
    label: &'a str,
    value: Option<f64>,
    unit: &'a str,
    raw: &'a str,
}
