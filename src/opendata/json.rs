//! `data/measures.json`: the plan, its nodes per level and its measures,
//! every text exactly as written (prose as plain text), the built-in
//! fields under the JSON keys [`MEASURE_FIELDS`] and [`YEAR_FIELDS`] declare.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::indicators::JsonIndicator;
use super::page_path;
use crate::model::fields::{MEASURE_FIELDS, YEAR_FIELDS};
use crate::model::number::Rounded;
use crate::model::text::is_plain_number;
use crate::model::{FieldKind, FieldValue, FiscalYear, Grading, Measure, Node, Site, YearRecord};
use crate::render::markdown::to_plain_text;

#[derive(Serialize)]
struct JsonSite<'a> {
    title: &'a str,
    organization: &'a str,
    source: &'a str,
    /// `site.toml`'s `data_updated` (`2021-06-30`), when stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    data_updated: Option<String>,
    fiscal_years: &'a [crate::model::FiscalYear],
    /// The city's scale (the key names it as when it held only bands).
    grade_bands: &'a [crate::model::GradeStep],
    /// A list of nodes per level, under the level's folder (`policies`).
    #[serde(flatten)]
    nodes: JsonNodes<'a>,
    measures: JsonMeasures<'a>,
}

/// The measures, each made as it is written: held all at once, their
/// plain-text copies cost 200 MB at 100,000 measures, beside the file.
struct JsonMeasures<'a> {
    site: &'a Site,
    grading: &'a Grading,
}

impl Serialize for JsonMeasures<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let JsonMeasures { site, grading } = *self;
        serializer.collect_seq(
            site.measures
                .iter()
                .map(|m| JsonMeasure::new(site, grading, m)),
        )
    }
}

/// Each level's nodes, under the level's folder name, top level first.
struct JsonNodes<'a>(&'a Site);

impl Serialize for JsonNodes<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let site = self.0;
        serializer.collect_map(site.levels.iter().enumerate().map(|(level, l)| {
            let nodes: Vec<JsonNode> = site.nodes_at(level).map(JsonNode::new).collect();
            (l.folder.as_str(), nodes)
        }))
    }
}

/// A node; its id only where it is not its number, its parent only below
/// the top level.
#[derive(Serialize)]
struct JsonNode<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<JsonId<'a>>,
    number: JsonId<'a>,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<JsonId<'a>>,
    /// The node's own indicators, where it has any.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    indicators: Vec<JsonIndicator<'a>>,
}

impl<'a> JsonNode<'a> {
    fn new(node: &'a Node) -> JsonNode<'a> {
        JsonNode {
            id: (node.id != node.number).then_some(JsonId(&node.id)),
            number: JsonId(&node.number),
            title: &node.title,
            parent: node.parent.as_deref().map(JsonId),
            indicators: JsonIndicator::list(&node.indicators),
        }
    }
}

/// An id or a number: a JSON number when it is a plain number, else text.
struct JsonId<'a>(&'a str);

impl Serialize for JsonId<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.parse::<u64>() {
            Ok(number) if is_plain_number(self.0) => serializer.serialize_u64(number),
            _ => serializer.serialize_str(self.0),
        }
    }
}

/// A measure: its id and node, then its published fields under their
/// JSON keys, as [`MEASURE_FIELDS`] and [`YEAR_FIELDS`] declare them.
struct JsonMeasure<'a> {
    site: &'a Site,
    grading: &'a Grading,
    measure: &'a Measure,
}

impl<'a> JsonMeasure<'a> {
    fn new(site: &'a Site, grading: &'a Grading, measure: &'a Measure) -> JsonMeasure<'a> {
        JsonMeasure {
            site,
            grading,
            measure,
        }
    }
}

impl Serialize for JsonMeasure<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let JsonMeasure {
            site,
            grading,
            measure,
        } = *self;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("id", &measure.id)?;
        map.serialize_entry(
            &site.levels[site.lowest_level()].key,
            &JsonId(&measure.node),
        )?;
        for spec in &MEASURE_FIELDS {
            let Some(data) = spec.open_data else {
                continue;
            };
            let key = data.json_keys[0];
            match measure.field(spec.key) {
                FieldValue::Text(text) if spec.kind == FieldKind::Markdown => {
                    map.serialize_entry(key, &to_plain_text(&text))?
                }
                FieldValue::Text(text) => map.serialize_entry(key, &text)?,
                FieldValue::Names(names) => map.serialize_entry(key, &names)?,
                FieldValue::PlanPage(page) => map.serialize_entry(key, &page)?,
                FieldValue::Flag(flag) => map.serialize_entry(key, &flag)?,
            }
        }
        let years: Vec<JsonYear> = site
            .plan
            .fiscal_years
            .iter()
            .filter_map(|fiscal_year| {
                Some(JsonYear {
                    site,
                    fiscal_year,
                    record: measure.year(fiscal_year.year)?,
                    grading,
                })
            })
            .collect();
        map.serialize_entry("years", &years)?;
        if !measure.extra.is_empty() {
            map.serialize_entry("extra", &measure.extra)?;
        }
        if !measure.indicators.is_empty() {
            map.serialize_entry("indicators", &JsonIndicator::list(&measure.indicators))?;
        }
        map.serialize_entry("page", &page_path(measure))?;
        map.end()
    }
}

/// One fiscal year of a measure: the year, then its published fields.
struct JsonYear<'a> {
    site: &'a Site,
    fiscal_year: &'a FiscalYear,
    record: &'a YearRecord,
    grading: &'a Grading,
}

impl Serialize for JsonYear<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let JsonYear {
            site,
            fiscal_year,
            record,
            grading,
        } = *self;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("year", &fiscal_year.year)?;
        map.serialize_entry("label", &fiscal_year.label)?;
        // 集計中: the figures are not final.
        map.serialize_entry("draft", &fiscal_year.draft)?;
        for spec in &YEAR_FIELDS {
            let Some(data) = spec.open_data else {
                continue;
            };
            let text = record.field(spec.key);
            match (spec.kind, data.json_keys) {
                (FieldKind::Achievement, [written, percent, grade]) => {
                    let achievement = record.achievement(spec.key);
                    map.serialize_entry(written, &grading.reading(achievement))?;
                    map.serialize_entry(percent, &achievement.percent().map(Rounded))?;
                    let label = grading.info(grading.grade(achievement)).label;
                    map.serialize_entry(grade, &label)?;
                }
                (FieldKind::Markdown, [key, ..]) => {
                    map.serialize_entry(key, &to_plain_text(text))?
                }
                (_, [key, ..]) => map.serialize_entry(key, text)?,
                (_, []) => {}
            }
        }
        if !record.extra.is_empty() {
            map.serialize_entry("extra", &record.extra)?;
        }
        let figures = super::figures::JsonFigures { site, record };
        if !figures.is_empty() {
            map.serialize_entry("figures", &figures)?;
        }
        map.end()
    }
}

pub(super) fn json(site: &Site, grading: &Grading) -> Vec<u8> {
    let doc = JsonSite {
        title: &site.plan.title,
        organization: &site.plan.organization,
        source: &site.plan.source,
        data_updated: site.publishing.data_updated.map(|date| date.to_string()),
        fiscal_years: &site.plan.fiscal_years,
        grade_bands: grading.steps(),
        nodes: JsonNodes(site),
        measures: JsonMeasures { site, grading },
    };
    let mut bytes = serde_json::to_vec_pretty(&doc).expect("the model always serialises");
    bytes.push(b'\n');
    bytes
}
