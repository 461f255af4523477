//! Test fixtures that set every built-in field of the registry, so that a
//! field one surface forgets (loader, emitter, page, search, open data,
//! export template) fails that surface's test.

use super::fields::{FieldKind, FieldSpec, FieldValue, MEASURE_FIELDS, YEAR_FIELDS};
use super::{Direction, Indicator, Measure, Reference, Site, YearRecord};

/// A measure with every built-in field set to a value of its kind that
/// names the field, in each of `years`: what the tests of every surface use,
/// so that a field a surface forgets fails its test.
pub(crate) fn measure_with_every_field(years: &[u16]) -> Measure {
    let value = |spec: &FieldSpec| match spec.kind {
        FieldKind::Title | FieldKind::Text | FieldKind::Markdown => {
            FieldValue::Text(format!("{}の値", spec.key))
        }
        FieldKind::Achievement => FieldValue::Text("80%".into()),
        FieldKind::Names => FieldValue::Names(vec![format!("{}の名", spec.key)]),
        FieldKind::PlanPage => FieldValue::PlanPage(Some(7)),
        FieldKind::Flag => FieldValue::Flag(true),
    };
    let mut measure = Measure {
        id: "1-01".into(),
        node: "1".into(),
        file: "content/measures/1-01.md".into(),
        ..Measure::default()
    };
    for spec in &MEASURE_FIELDS {
        measure.set_field(spec.key, value(spec));
    }
    for &year in years {
        let mut record = YearRecord::empty(year);
        for spec in &YEAR_FIELDS {
            let text = value(spec).as_text().unwrap_or_default().to_string();
            record.set_field(spec.key, text);
        }
        measure.years.push(record);
    }
    measure.indicators = vec![indicator_with_every_key(years)];
    measure
}

/// An indicator with every key of `indicators:` set, its values written
/// the ways that are easy to lose: a number YAML would reread (`1.50`), a
/// comma, a leading `%`, a note in brackets.
fn indicator_with_every_key(years: &[u16]) -> Indicator {
    Indicator {
        name: "indicators.nameの値".into(),
        kind: "成果指標".into(),
        unit: Some("%".into()),
        direction: Some(Direction::AtLeast),
        baseline: Some(Reference {
            year: Some(2018),
            value: "1.50".into(),
        }),
        target: Some(Reference {
            year: None,
            value: "2,400人".into(),
        }),
        values: years
            .iter()
            .map(|&year| (year, format!("{year}（速報値）")))
            .collect(),
        note: "indicators.noteの値".into(),
    }
}

/// The test site with its first measure replaced by one with every field set.
pub(crate) fn site_with_every_field() -> Site {
    let mut site = crate::render::test_site::site();
    let years: Vec<u16> = site.plan.fiscal_years.iter().map(|fy| fy.year).collect();
    let first = &site.measures[0];
    site.measures[0] = Measure {
        id: first.id.clone(),
        node: first.node.clone(),
        file: first.file.clone(),
        ..measure_with_every_field(&years)
    };
    site
}

#[test]
fn every_field_is_set_read_back_and_written() {
    let measure = measure_with_every_field(&[2020]);
    let front = crate::import::emit::measure_front(&measure, "policy");
    let path = std::path::Path::new("content/measures/1-01.md");
    let read = crate::load::parse_measure_front(&front, path, 1, "policy")
        .unwrap_or_else(|e| panic!("{front}\n{e:?}"))
        .into_measure(String::new(), path.into());
    for spec in &MEASURE_FIELDS {
        let value = measure.field(spec.key);
        assert_ne!(value, FieldValue::Text(String::new()), "{spec} was not set");
        assert_eq!(read.field(spec.key), value, "{spec} in\n{front}");
    }
    for spec in &YEAR_FIELDS {
        let value = measure.years[0].field(spec.key);
        assert!(!value.is_empty(), "years.2020.{spec} was not set");
        assert_eq!(read.years[0].field(spec.key), value, "{spec} in\n{front}");
    }
    assert_eq!(read.indicators, measure.indicators, "in\n{front}");
}
