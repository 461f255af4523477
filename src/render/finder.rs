//! The measure finder (`measures.html`): every measure of the site in one
//! table, complete and readable without JavaScript; `finder.js` adds the
//! filters (each level, department, section, grade, year and the fields
//! `site.toml` marks `filter = true`) and sorting by the numeric columns.
//!
//! The columns are listed in one place, [`columns`]; the filters in
//! [`facets`]. Each row carries its filter values and sort keys as data
//! attributes, so the script needs nothing but the page.

use std::collections::BTreeSet;

use minijinja::context;
use minijinja::value::Serde;
use serde::Serialize;

use super::finder_numbers::{
    total_cell, total_figure, total_label, tracks_cell, tracks_label, tracks_year,
};
use super::pages::{trail, Page};
use super::views::{department_path, measure_path, node_path};
use crate::config::FieldDeclaration;
use crate::model::{FiscalYear, Grade, Grading, Measure, Node, Site};

pub const FINDER_PATH: &str = "measures.html";

/// Separates the values of one filter in a row's data attribute (a measure
/// of two departments); no name the table holds spans lines.
const VALUE_SEPARATOR: &str = "\n";

/// One column of the finder's table.
enum Column<'a> {
    /// The id, sorted in the table's reading order.
    Id,
    Title,
    /// The node of this level the measure is under.
    Level(usize),
    Departments,
    Sections,
    /// The grade of one fiscal year, sorted best first.
    Grade(&'a FiscalYear),
    /// One of the city's own fields marked `filter = true`.
    Field(&'a FieldDeclaration),
    /// The `total` yearly figure of a fiscal year, sorted by the number.
    Total(&'a FieldDeclaration, &'a FiscalYear),
    /// The indicators on track and behind in a fiscal year, sorted by the
    /// share on track.
    Tracks(&'a FiscalYear),
}

/// The columns of the finder, in order: the one list of what it shows.
/// Where the site has them, the `total` yearly figure and the indicators'
/// status join as numeric, sortable columns.
fn columns(site: &Site) -> Vec<Column<'_>> {
    let any =
        |names: fn(&Measure) -> &Vec<String>| site.measures.iter().any(|m| !names(m).is_empty());
    let mut columns = vec![Column::Id, Column::Title];
    columns.extend((0..site.levels.len()).map(Column::Level));
    if any(|m| &m.departments) {
        columns.push(Column::Departments);
    }
    if any(|m| &m.sections) {
        columns.push(Column::Sections);
    }
    columns.extend(filter_fields(site).map(Column::Field));
    columns.extend(site.plan.fiscal_years.iter().map(Column::Grade));
    if let Some((field, year)) = total_figure(site) {
        columns.push(Column::Total(field, year));
    }
    columns.extend(tracks_year(site).map(Column::Tracks));
    columns
}

/// The city's fields `site.toml` marks as filters, public ones only.
fn filter_fields(site: &Site) -> impl Iterator<Item = &FieldDeclaration> {
    site.declared_fields
        .iter()
        .filter(|field| field.filter && !field.private)
}

/// A column's heading as the template shows it.
#[derive(Debug, Serialize)]
struct ColumnView {
    label: String,
    /// The name of its sort in the page's address (`sort=grade-2020`).
    key: String,
    /// The measure's title: the row's header cell.
    row_header: bool,
    /// Its cells carry sort keys: `finder.js` makes its heading a button.
    sortable: bool,
    /// The fiscal year it belongs to, for the year filter.
    year: Option<u16>,
}

/// One cell: its text, a link where it names a page, a sort key where the
/// column sorts.
#[derive(Debug, Default, Serialize)]
struct CellView {
    lines: Vec<Link>,
    /// A number as `finder.js` reads it; a row without one sorts last.
    sort: Option<String>,
}

#[derive(Debug, Serialize)]
struct Link {
    text: String,
    path: Option<String>,
}

impl CellView {
    fn text(text: impl Into<String>) -> CellView {
        CellView {
            lines: vec![Link {
                text: text.into(),
                path: None,
            }],
            sort: None,
        }
    }

    fn link(text: impl Into<String>, path: String) -> CellView {
        CellView {
            lines: vec![Link {
                text: text.into(),
                path: Some(path),
            }],
            sort: None,
        }
    }

    fn sorted(self, key: usize) -> CellView {
        CellView {
            sort: Some(key.to_string()),
            ..self
        }
    }

    /// The cell of a numeric column: (text, sort key).
    fn numeric((text, key): (String, Option<String>)) -> CellView {
        CellView {
            sort: key,
            ..CellView::text(text)
        }
    }
}

/// A filter of the finder: a `<select>` whose values each row lists in
/// `data-filter-<key>` (and, when `per_year`, per fiscal year in
/// `data-filter-<key>-<year>`).
#[derive(Debug, Serialize)]
struct Facet {
    key: String,
    label: String,
    per_year: bool,
    options: Vec<FacetOption>,
}

#[derive(Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct FacetOption {
    value: String,
    label: String,
}

/// One measure: its cells and the values its filters read.
#[derive(Debug, Serialize)]
struct RowView {
    cells: Vec<CellView>,
    /// (data attribute without `data-`, values joined by [`VALUE_SEPARATOR`]).
    data: Vec<(String, String)>,
}

/// The nodes above and at a measure's own, top first.
fn chain<'a>(site: &'a Site, measure: &Measure) -> Vec<&'a Node> {
    site.node_of(measure)
        .map(|node| site.ancestry(node))
        .unwrap_or_default()
}

fn grade_of(grading: &Grading, measure: &Measure, year: u16) -> Grade {
    measure
        .year(year)
        .map_or(Grade::NoEntry, |r| grading.grade(&r.achievement))
}

/// A declared field's value for one measure: the fiscal year's own where
/// the field is per year, else the measure's.
fn field_value<'a>(field: &FieldDeclaration, measure: &'a Measure, year: Option<u16>) -> &'a str {
    match year {
        Some(year) => measure
            .year(year)
            .and_then(|r| r.extra.get(&field.key))
            .unwrap_or_default(),
        None => measure.extra.get(&field.key).unwrap_or_default(),
    }
}

fn cell(site: &Site, grading: &Grading, column: &Column, i: usize, measure: &Measure) -> CellView {
    match *column {
        Column::Id => CellView::text(&measure.id).sorted(i),
        Column::Title => CellView::link(&measure.title, measure_path(&measure.id)),
        Column::Level(level) => chain(site, measure)
            .get(level)
            .map(|node| CellView::link(site.node_name(node), node_path(site, node)))
            .unwrap_or_default(),
        Column::Departments => CellView {
            lines: measure
                .departments
                .iter()
                .map(|d| Link {
                    text: d.clone(),
                    path: Some(department_path(site, d)),
                })
                .collect(),
            sort: None,
        },
        Column::Sections => CellView {
            lines: measure
                .sections
                .iter()
                .map(|s| Link {
                    text: s.clone(),
                    path: None,
                })
                .collect(),
            sort: None,
        },
        Column::Grade(fy) => {
            let grade = grade_of(grading, measure, fy.year);
            let order = grading.all().iter().position(|g| *g == grade);
            CellView::text(grading.info(grade).label).sorted(order.unwrap_or_default())
        }
        Column::Field(field) => {
            let year = site.plan.fiscal_years.last().filter(|_| field.per_year);
            CellView::text(field_value(field, measure, year.map(|fy| fy.year)))
        }
        Column::Total(field, year) => CellView::numeric(total_cell(field, year, measure)),
        Column::Tracks(year) => CellView::numeric(tracks_cell(year, measure)),
    }
}

fn column_view(site: &Site, column: &Column) -> ColumnView {
    let (key, label, sortable, year) = match *column {
        Column::Id => ("id".into(), format!("{}ID", site.measure_noun), true, None),
        Column::Title => ("title".into(), site.measure_name.clone(), false, None),
        Column::Level(level) => (
            format!("level-{level}"),
            site.levels[level].name.clone(),
            false,
            None,
        ),
        Column::Departments => ("department".into(), "担当部署".into(), false, None),
        Column::Sections => ("section".into(), "担当課".into(), false, None),
        Column::Grade(fy) => (
            format!("grade-{}", fy.year),
            format!("{}の達成度区分", fy.label),
            true,
            Some(fy.year),
        ),
        Column::Field(field) => {
            let latest = site.plan.fiscal_years.last().filter(|_| field.per_year);
            let label = match latest {
                Some(fy) => format!("{}（{}）", field.label(), fy.label),
                None => field.label().to_string(),
            };
            (format!("field-{}", field.key), label, false, None)
        }
        Column::Total(field, year) => ("total".into(), total_label(field, year), true, None),
        Column::Tracks(year) => ("tracks".into(), tracks_label(year), true, None),
    };
    ColumnView {
        label,
        key,
        row_header: matches!(column, Column::Title),
        sortable,
        year,
    }
}

/// The filters: each level, department, section, grade (per year) and the
/// declared filter fields; a filter with fewer than two choices is left out.
fn facets(site: &Site, grading: &Grading) -> Vec<Facet> {
    let mut facets: Vec<Facet> = site
        .levels
        .iter()
        .enumerate()
        .map(|(level, l)| Facet {
            key: format!("level-{level}"),
            label: l.name.clone(),
            per_year: false,
            options: site
                .nodes_at(level)
                .map(|node| FacetOption {
                    value: node.id.clone(),
                    label: format!("{} {}", site.node_name(node), node.title),
                })
                .collect(),
        })
        .collect();
    let names = |label: &str, key: &str, names: fn(&Measure) -> &Vec<String>| Facet {
        key: key.into(),
        label: label.into(),
        per_year: false,
        options: sorted_options(site.measures.iter().flat_map(|m| names(m).iter().cloned())),
    };
    facets.push(names("担当部署", "department", |m| &m.departments));
    facets.push(names("担当課", "section", |m| &m.sections));
    let present: BTreeSet<Grade> = site
        .measures
        .iter()
        .flat_map(|m| {
            site.plan
                .fiscal_years
                .iter()
                .map(move |fy| grade_of(grading, m, fy.year))
        })
        .collect();
    facets.push(Facet {
        key: "grade".into(),
        label: "達成度区分".into(),
        per_year: true,
        options: grading
            .all()
            .into_iter()
            .filter(|g| present.contains(g))
            .map(|g| {
                let info = grading.info(g);
                FacetOption {
                    value: info.key,
                    label: info.label,
                }
            })
            .collect(),
    });
    for (n, field) in filter_fields(site).enumerate() {
        let values = site.measures.iter().flat_map(|m| {
            let years: Vec<Option<u16>> = if field.per_year {
                m.years.iter().map(|r| Some(r.year)).collect()
            } else {
                vec![None]
            };
            years
                .into_iter()
                .map(|year| field_value(field, m, year).to_string())
        });
        facets.push(Facet {
            key: format!("field-{n}"),
            label: field.label().to_string(),
            per_year: field.per_year,
            options: sorted_options(values),
        });
    }
    facets.retain(|facet| facet.options.len() > 1);
    facets
}

/// Distinct non-empty values, sorted, each its own label.
fn sorted_options(values: impl Iterator<Item = String>) -> Vec<FacetOption> {
    values
        .filter(|v| !v.trim().is_empty())
        .collect::<BTreeSet<String>>()
        .into_iter()
        .map(|value| FacetOption {
            label: value.clone(),
            value,
        })
        .collect()
}

/// What a row's filters read: `data-filter-<key>[-<year>]`, and the years
/// it has a report in (`data-years`).
fn row_data(site: &Site, grading: &Grading, measure: &Measure) -> Vec<(String, String)> {
    let join = |values: Vec<String>| values.join(VALUE_SEPARATOR);
    let mut data: Vec<(String, String)> = chain(site, measure)
        .iter()
        .map(|node| (format!("filter-level-{}", node.level), node.id.clone()))
        .collect();
    data.push((
        "filter-department".into(),
        join(measure.departments.clone()),
    ));
    data.push(("filter-section".into(), join(measure.sections.clone())));
    let years = &site.plan.fiscal_years;
    for fy in years {
        let grade = grading.info(grade_of(grading, measure, fy.year)).key;
        data.push((format!("filter-grade-{}", fy.year), grade));
    }
    for (n, field) in filter_fields(site).enumerate() {
        if field.per_year {
            for fy in years {
                let value = field_value(field, measure, Some(fy.year)).to_string();
                data.push((format!("filter-field-{n}-{}", fy.year), value));
            }
        } else {
            let value = field_value(field, measure, None).to_string();
            data.push((format!("filter-field-{n}"), value));
        }
    }
    let reported = years
        .iter()
        .filter(|fy| crate::completeness::has_report(measure, fy.year))
        .map(|fy| fy.year.to_string())
        .collect();
    data.push(("years".into(), join(reported)));
    data
}

/// The finder page.
pub fn finder(site: &Site, grading: &Grading) -> Page {
    let columns = columns(site);
    let rows: Vec<RowView> = site
        .measures
        .iter()
        .enumerate()
        .map(|(i, measure)| RowView {
            cells: columns
                .iter()
                .map(|column| cell(site, grading, column, i, measure))
                .collect(),
            data: row_data(site, grading, measure),
        })
        .collect();
    let title = format!("{}の一覧", site.measure_noun);
    Page {
        path: FINDER_PATH.into(),
        template: "finder.html",
        description: format!(
            "すべての{}を{}・担当・達成度・年度で絞り込み、並べ替えられる一覧",
            site.measure_noun,
            site.levels
                .iter()
                .map(|l| l.name.as_str())
                .collect::<Vec<_>>()
                .join("・")
        ),
        breadcrumbs: trail(&[], &title),
        title,
        context: context! {
            columns => Serde(columns.iter().map(|c| column_view(site, c)).collect::<Vec<_>>()),
            rows => Serde(rows),
            facets => Serde(facets(site, grading)),
            years => Serde(super::views::fiscal_years(site)),
        },
    }
}
