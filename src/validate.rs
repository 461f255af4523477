//! Validate stage: loaded documents → the typed [`Site`], with every
//! problem found across files (unknown node, duplicate id, fiscal year not
//! in the plan, …) reported with file, line and field.

mod indicators;
mod nodes;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{Content, Document, MeasureFront, PlanFront};
use crate::model::fields::MEASURE_FIELDS;
use crate::model::names::{is_id_char, server_key, windows_name_problem};
use crate::model::{
    Date, FieldValue, FiscalYear, Grading, Level, Measure, Node, Plan, Site, DEFAULT_MEASURE_NAME,
    DEFAULT_MEASURE_NOUN,
};

/// Longest id accepted: it becomes a file name.
const MAX_ID_LEN: usize = 64;

/// Builds the site model. Returns `None` when any error was found (all of
/// them are in `diags`); warnings never stop a build.
pub fn validate(content: Content, grading: &Grading, diags: &mut Diagnostics) -> Option<Site> {
    let plan = match content.plan {
        Some(doc) => plan(doc, diags),
        None => {
            diags.push(Diagnostic::error(
                Path::new("content/_index.md"),
                None,
                None,
                "計画の説明ファイルがありません（title と fiscal_years を書いた content/_index.md が必要です）".into(),
            ));
            return None;
        }
    };
    let levels = content.levels;
    if levels.is_empty() {
        // Only when `site.toml` could not be read, which load reported.
        return None;
    }
    let nodes = nodes::nodes(content.nodes, &levels, &plan, diags);
    let measures = measures(content.measures, &plan, &levels, &nodes, grading, diags);
    one_spelling_per_department(&measures, diags);
    if diags.has_errors() {
        return None;
    }
    Some(Site {
        plan,
        levels,
        measure_name: DEFAULT_MEASURE_NAME.into(),
        measure_noun: DEFAULT_MEASURE_NOUN.into(),
        nodes,
        measures,
        draft_years_in_totals: false,
        declared_fields: Vec::new(),
        publishing: Default::default(),
    })
}

fn plan(doc: Document<PlanFront>, diags: &mut Diagnostics) -> Plan {
    let mut fiscal_years: Vec<FiscalYear> = Vec::new();
    let mut published = BTreeMap::new();
    let spanned = &doc.front.fiscal_years;
    if spanned.value.is_empty() {
        diags.push(Diagnostic::error(
            &doc.file,
            Some(doc.line(spanned.referenced.line())),
            Some("fiscal_years"),
            "年度が一つもありません（例: - year: 2020 / label: 令和2年度）".into(),
        ));
    }
    for fy in &spanned.value {
        let line = Some(doc.line(fy.year.referenced.line()));
        if fiscal_years.iter().any(|known| known.year == fy.year.value) {
            diags.push(Diagnostic::error(
                &doc.file,
                line,
                Some("fiscal_years"),
                format!("{} 年度が二度書かれています", fy.year.value),
            ));
        } else if fy.label.trim().is_empty() {
            diags.push(Diagnostic::error(
                &doc.file,
                line,
                Some("fiscal_years.label"),
                format!("{} 年度の表記（例: 令和2年度）が空です", fy.year.value),
            ));
        } else {
            if let Some(date) = &fy.published {
                match Date::parse(&date.value) {
                    Some(parsed) => {
                        published.insert(fy.year.value, parsed);
                    }
                    None => diags.push(Diagnostic::error(
                        &doc.file,
                        Some(doc.line(date.referenced.line())),
                        Some("fiscal_years.published"),
                        format!(
                            "{} 年度の published「{}」は日付として読めません。公開した日を 2021-06-30 のように書いてください",
                            fy.year.value, date.value
                        ),
                    )),
                }
            }
            fiscal_years.push(FiscalYear {
                year: fy.year.value,
                label: fy.label.trim().into(),
                draft: fy.draft,
            });
        }
    }
    fiscal_years.sort();
    require_text(&doc.front.title, "title", &doc, diags);
    Plan {
        title: doc.front.title.trim().into(),
        organization: doc.front.organization.trim().into(),
        fiscal_years,
        published,
        source: doc.front.source.trim().into(),
        body: doc.body,
        file: doc.file,
    }
}

fn measures(
    docs: Vec<Document<MeasureFront>>,
    plan: &Plan,
    levels: &[Level],
    nodes: &[Node],
    grading: &Grading,
    diags: &mut Diagnostics,
) -> Vec<Measure> {
    let lowest = levels.len() - 1;
    let linked: Vec<&Node> = nodes.iter().filter(|n| n.level == lowest).collect();
    // By the name a server that ignores case sees: `a-1` and `A-1` would
    // be one page there.
    let mut seen: BTreeMap<String, (String, PathBuf)> = BTreeMap::new();
    let mut measures = Vec::with_capacity(docs.len());
    for doc in docs {
        let id = doc.front.id.value.trim().to_string();
        let id_line = Some(doc.line(doc.front.id.referenced.line()));
        let key = server_key(&id);
        if let Some(problem) = id_problem(&id) {
            diags.push(Diagnostic::error(&doc.file, id_line, Some("id"), problem));
        } else if let Some((first_id, first)) = seen.get(&key) {
            let problem = if *first_id == id {
                format!("id「{id}」は {} でも使われています", first.display())
            } else {
                format!(
                    "id「{id}」と {} の id「{first_id}」は大文字・小文字だけが違い、Windows や macOS のサーバーでは同じページになります",
                    first.display()
                )
            };
            diags.push(Diagnostic::error(
                &doc.file,
                id_line,
                Some("id"),
                format!("{problem}。id はファイルごとに別の値にしてください"),
            ));
        } else {
            seen.insert(key, (id.clone(), doc.file.clone()));
        }
        let node = doc.front.node.value.clone().into_text().trim().to_string();
        if !linked.iter().any(|n| n.id == node) {
            let Level { name, key, folder } = &levels[lowest];
            let known: Vec<&str> = linked.iter().map(|n| n.id.as_str()).collect();
            diags.push(Diagnostic::error(
                &doc.file,
                Some(doc.line(doc.front.node.referenced.line())),
                Some(key),
                format!(
                    "{name} {node} はありません（content/{folder}/ にあるのは {}）",
                    nodes::listed(&known)
                ),
            ));
        }
        require_text(&doc.front.title, "title", &doc, diags);
        measures.push(measure(doc, id, node, plan, grading, diags));
    }
    let position = |id: &str| linked.iter().position(|n| n.id == id);
    measures.sort_by_cached_key(|m| (position(&m.node), natural_key(&m.id)));
    measures
}

fn measure(
    doc: Document<MeasureFront>,
    id: String,
    node: String,
    plan: &Plan,
    grading: &Grading,
    diags: &mut Diagnostics,
) -> Measure {
    // The line of each year's `2021:` key: its record starts on the next.
    let key_lines: BTreeMap<u16, usize> = doc
        .front
        .years
        .iter()
        .map(|(year, record)| {
            let line = (doc.front_line + record.referenced.line() as usize)
                .saturating_sub(2)
                .max(1);
            (*year, line)
        })
        .collect();
    indicators::check(&doc.front.indicators, &doc, plan, diags);
    let mut measure = doc.front.into_measure(doc.body, doc.file);
    measure.id = id;
    measure.node = node;
    // Every list of names: trimmed, blanks and repeats dropped.
    for spec in &MEASURE_FIELDS {
        if let FieldValue::Names(names) = measure.field(spec.key) {
            measure.set_field(spec.key, FieldValue::Names(clean_list(names)));
        }
    }
    measure.years.retain(|record| {
        let key_line = Some(key_lines[&record.year]);
        let year = record.year;
        if !plan.fiscal_years.iter().any(|fy| fy.year == year) {
            let known: Vec<String> = plan
                .fiscal_years
                .iter()
                .map(|fy| fy.year.to_string())
                .collect();
            diags.push(Diagnostic::error(
                &measure.file,
                key_line,
                Some(&format!("years.{year}")),
                format!(
                    "{year} 年度は content/_index.md の fiscal_years にありません（あるのは {}）",
                    known.join(", ")
                ),
            ));
            return false;
        }
        if let Some(problem) = grading.unread_problem(&record.achievement) {
            diags.push(Diagnostic::warning(
                &measure.file,
                key_line,
                Some(&format!("years.{year}.achievement")),
                problem,
            ));
        }
        true
    });
    measure
}

/// Ids become file names: only ASCII letters, digits, `-` and `_`, so no id
/// can name a path outside the output directory or a reserved device name.
fn id_problem(id: &str) -> Option<String> {
    if id.is_empty() {
        return Some("id が空です".into());
    }
    if id.len() > MAX_ID_LEN {
        return Some(format!("id が長すぎます（{MAX_ID_LEN} 文字まで）"));
    }
    if !id.chars().all(is_id_char) {
        return Some(format!(
            "id「{id}」には半角英数字と - _ だけを使ってください（ページのファイル名になるため）"
        ));
    }
    windows_name_problem(id).map(|problem| {
        format!(
            "id「{id}」は Windows で使えないファイル名です（{problem}）。別の id にしてください"
        )
    })
}

/// A department written two ways (NFC and NFD, full and half width: equal
/// under NFKC) would get two pages, one for each spelling: refused, naming
/// the files of both.
fn one_spelling_per_department(measures: &[Measure], diags: &mut Diagnostics) {
    let mut spelling: BTreeMap<String, (&str, &Path)> = BTreeMap::new();
    let mut normalised: BTreeMap<&str, String> = BTreeMap::new();
    let mut reported: BTreeSet<&str> = BTreeSet::new();
    for measure in measures {
        for name in &measure.departments {
            let key = normalised
                .entry(name)
                .or_insert_with(|| name.nfkc().collect());
            let Some(&(first, file)) = spelling.get(key.as_str()) else {
                spelling.insert(key.clone(), (name, &measure.file));
                continue;
            };
            if first != name && reported.insert(name) {
                diags.push(Diagnostic::error(
                    &measure.file,
                    None,
                    Some("departments"),
                    format!(
                        "担当部署「{name}」は {} の「{first}」と全角・半角や濁点の組み立てだけが違います（見た目が同じでも違う文字のことがあります）。同じ部署なら、どちらかを打ち直して書き方をそろえてください（このままでは部署のページが二つできます）",
                        file.display()
                    ),
                ));
            }
        }
    }
}

fn require_text<T>(value: &str, field: &str, doc: &Document<T>, diags: &mut Diagnostics) {
    if value.trim().is_empty() {
        diags.push(Diagnostic::error(
            &doc.file,
            None,
            Some(field),
            "空です".into(),
        ));
    }
}

fn clean_list(items: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(items.len());
    for item in items.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        if !out.iter().any(|known| known == item) {
            out.push(item.to_string());
        }
    }
    out
}

/// Sort key that orders `1-2` before `1-10`: runs of digits compare as numbers.
fn natural_key(id: &str) -> Vec<(String, u64)> {
    let mut key = Vec::new();
    let mut rest = id;
    while !rest.is_empty() {
        let text_len = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        let (text, tail) = rest.split_at(text_len);
        let digits_len = tail
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(tail.len());
        let (digits, tail) = tail.split_at(digits_len);
        key.push((text.to_string(), digits.parse().unwrap_or(0)));
        rest = tail;
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_could_escape_are_refused() {
        for bad in [
            "../x",
            "/etc/passwd",
            "a/b",
            "a\0b",
            "",
            "施策",
            "a.b",
            "a b",
        ] {
            assert!(id_problem(bad).is_some(), "{bad:?} accepted");
        }
        assert!(id_problem("1-01").is_none());
    }

    #[test]
    fn natural_order() {
        let mut ids = vec!["1-10", "1-2", "1-01"];
        ids.sort_by_key(|id| natural_key(id));
        assert_eq!(ids, ["1-01", "1-2", "1-10"]);
    }
}
