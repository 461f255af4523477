//! The model → content files (YAML front matter + Markdown body), in the
//! format of docs/content-format.md, written for a clerk to read and edit:
//! plain values where YAML allows, `|-` blocks for lists, quotes only when needed.

use std::fmt::Write;

use crate::model::fields::{MEASURE_FIELDS, YEAR_FIELDS};
use crate::model::{Extra, FieldValue, Indicator, Measure, Node, Plan, Reference, YearRecord};

/// `content/_index.md`'s front matter.
pub(crate) fn plan_front(plan: &Plan) -> String {
    let mut out = String::new();
    field(&mut out, 0, "title", &plan.title);
    field(&mut out, 0, "organization", &plan.organization);
    field(&mut out, 0, "source", &plan.source);
    out.push_str("fiscal_years:\n");
    for fy in &plan.fiscal_years {
        let _ = writeln!(out, "  - year: {}", fy.year);
        field(&mut out, 4, "label", &fy.label);
        if let Some(date) = plan.published.get(&fy.year) {
            let _ = writeln!(out, "    published: {date}");
        }
        if fy.draft {
            out.push_str("    draft: true\n");
        }
    }
    out
}

/// `content/<folder>/<id>.md`'s front matter: a node of any level.
pub(crate) fn node_front(node: &Node) -> String {
    let mut out = String::new();
    number_or_text(&mut out, "number", &node.number);
    field(&mut out, 0, "title", &node.title);
    if let Some(parent) = &node.parent {
        field(&mut out, 0, "parent", parent);
    }
    indicators(&mut out, &node.indicators);
    out
}

/// A number or id as the bundled files write it: `number: 1`, `policy: 1`;
/// others (`2-6`, `01`) as text.
fn number_or_text(out: &mut String, key: &str, value: &str) {
    if crate::model::text::is_plain_number(value) {
        let _ = writeln!(out, "{key}: {value}");
    } else {
        field(out, 0, key, value);
    }
}

/// `content/measures/ID.md`'s front matter: the one writer of a measure,
/// for the importer and the benchmark corpus alike.
pub(crate) fn measure_front(measure: &Measure, node_key: &str) -> String {
    let mut out = String::new();
    field(&mut out, 0, "id", &measure.id);
    number_or_text(&mut out, node_key, &measure.node);
    for spec in &MEASURE_FIELDS {
        match measure.field(spec.key) {
            FieldValue::Text(text) => field(&mut out, 0, spec.key, &text),
            FieldValue::Flag(flag) => {
                let _ = writeln!(out, "{}: {flag}", spec.key);
            }
            FieldValue::PlanPage(page) => {
                if let Some(page) = page {
                    let _ = writeln!(out, "{}: {page}", spec.key);
                }
            }
            // The importer's notes are written only when there are some.
            FieldValue::Names(names) if spec.key == "import_notes" && names.is_empty() => {}
            FieldValue::Names(names) => list(&mut out, spec.key, &names),
        }
        // `years` stands where the table has the fiscal years' columns.
        if spec.key == "sections" && !measure.years.is_empty() {
            out.push_str("years:\n");
            for record in &measure.years {
                year(&mut out, record);
            }
        }
    }
    extra(&mut out, 0, &measure.extra);
    indicators(&mut out, &measure.indicators);
    out
}

/// `indicators:` in the format of docs/content-format.md, when there are
/// some: only the keys that have a value, each value as written.
fn indicators(out: &mut String, indicators: &[Indicator]) {
    if indicators.is_empty() {
        return;
    }
    out.push_str("indicators:\n");
    for indicator in indicators {
        let _ = writeln!(out, "  - name: {}", scalar(&indicator.name, 6));
        let unit = indicator.unit.as_deref().unwrap_or_default();
        let direction = indicator.direction.map(|d| d.label()).unwrap_or_default();
        for (key, value) in [
            ("kind", indicator.kind.as_str()),
            ("unit", unit),
            ("direction", direction),
        ] {
            if !value.is_empty() {
                field(out, 4, key, value);
            }
        }
        for (key, reference) in [
            ("baseline", &indicator.baseline),
            ("target", &indicator.target),
        ] {
            if let Some(reference) = reference {
                let _ = writeln!(out, "    {key}: {}", flow_reference(reference));
            }
        }
        if !indicator.values.is_empty() {
            out.push_str("    values:\n");
            for (year, value) in &indicator.values {
                let _ = writeln!(out, "      {year}: {}", scalar(value, 8));
            }
        }
        if !indicator.note.is_empty() {
            field(out, 4, "note", &indicator.note);
        }
    }
}

/// `{year: 2018, value: 94.1%}`: a baseline or target on one line, the
/// value quoted where a flow mapping would split or reread it (`2,400人`).
fn flow_reference(reference: &Reference) -> String {
    let flow_safe = !reference.value.contains([',', '[', ']', '{', '}', '\n']);
    let value = if flow_safe && is_plain_safe(&reference.value) {
        reference.value.clone()
    } else {
        double_quoted(&reference.value)
    };
    match reference.year {
        Some(year) => format!("{{year: {year}, value: {value}}}"),
        None => format!("{{value: {value}}}"),
    }
}

/// A whole content file: front matter between `---` lines, then the body.
pub(crate) fn document(front: &str, body: &str) -> String {
    let mut out = format!("---\n{front}---\n");
    out.push_str(body);
    out
}

fn year(out: &mut String, record: &YearRecord) {
    let _ = writeln!(out, "  {}:", record.year);
    // A year reported only through its own fields (a KPI's 実績値, a
    // workbook's costs) comes from a table without the built-in columns:
    // four empty keys per year would only be noise for the staff.
    let only_own_fields = !record.extra.is_empty()
        && YEAR_FIELDS
            .iter()
            .all(|spec| record.field(spec.key).trim().is_empty());
    if !only_own_fields {
        for spec in &YEAR_FIELDS {
            field(out, 4, spec.key, record.field(spec.key));
        }
    }
    extra(out, 4, &record.extra);
}

/// `extra:` and its fields, when there are some.
fn extra(out: &mut String, indent: usize, extra: &Extra) {
    if extra.is_empty() {
        return;
    }
    let _ = writeln!(out, "{:indent$}extra:", "");
    for (key, value) in extra.iter() {
        // A key is never a block: quoted when it cannot stand plain.
        let key = match is_plain_safe(key) {
            true => key.to_string(),
            false => double_quoted(key),
        };
        let _ = writeln!(
            out,
            "{:width$}{key}: {}",
            "",
            scalar(value, indent + 4),
            width = indent + 2
        );
    }
}

fn list(out: &mut String, key: &str, items: &[String]) {
    if items.is_empty() {
        let _ = writeln!(out, "{key}: []");
        return;
    }
    let _ = writeln!(out, "{key}:");
    for item in items {
        let _ = writeln!(out, "  - {}", scalar(item, 4));
    }
}

fn field(out: &mut String, indent: usize, key: &str, value: &str) {
    let _ = writeln!(out, "{:indent$}{key}: {}", "", scalar(value, indent + 2));
}

/// A string as a YAML value: a `|-` block when it has several lines, plain
/// when YAML reads it back as this same string, double-quoted otherwise.
/// `indent` is the indentation of a block's lines.
fn scalar(value: &str, indent: usize) -> String {
    let block_safe = value
        .lines()
        .all(|line| line.chars().all(is_printable) && !line.starts_with(char::is_whitespace))
        && !value.ends_with('\n');
    if value.contains('\n') && block_safe {
        let mut block = String::from("|-");
        for line in value.lines() {
            block.push('\n');
            if !line.is_empty() {
                let _ = write!(block, "{:indent$}{line}", "");
            }
        }
        return block;
    }
    if is_plain_safe(value) {
        value.to_string()
    } else {
        double_quoted(value)
    }
}

/// Characters a YAML block or plain scalar can hold as they are (line and
/// paragraph separators and the BOM may be read as breaks or dropped).
fn is_printable(c: char) -> bool {
    !c.is_control() && !matches!(c, '\u{FEFF}' | '\u{2028}' | '\u{2029}')
}

/// Whether a plain scalar reads back as exactly this string.
fn is_plain_safe(value: &str) -> bool {
    let Some(first) = value.chars().next() else {
        return false;
    };
    let indicator = "-?:,[]{}#&*!|>'\"%@`".contains(first);
    let edge_space = value.starts_with(char::is_whitespace) || value.ends_with(char::is_whitespace);
    !indicator
        && !edge_space
        && value.chars().all(is_printable)
        && !value.contains(": ")
        && !value.contains(" #")
        && !value.ends_with(':')
        && !reads_as_non_string(value)
}

/// Values YAML (1.1 or 1.2) would read as a number, boolean, null or date.
fn reads_as_non_string(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    let unsigned = lower.strip_prefix(['+', '-']).unwrap_or(&lower);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let word = [
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
    ]
    .contains(&lower.as_str());
    let number = unsigned.replace('_', "").parse::<f64>().is_ok()
        || [".inf", ".nan"].contains(&unsigned)
        || (["0x", "0o", "0b"].iter().any(|p| unsigned.starts_with(p))
            && unsigned[2..].bytes().all(|b| b.is_ascii_alphanumeric()));
    let sexagesimal = unsigned.contains(':')
        && unsigned
            .split(':')
            .all(|part| digits(part.split('.').next().unwrap_or_default()));
    let mut date = lower.splitn(3, '-');
    let is_date = date.next().is_some_and(|y| y.len() == 4 && digits(y))
        && date.next().is_some_and(|m| m.len() <= 2 && digits(m))
        && date
            .next()
            .is_some_and(|d| d.bytes().next().is_some_and(|b| b.is_ascii_digit()));
    word || number || sexagesimal || is_date
}

fn double_quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if !is_printable(c) => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(value: &str) -> String {
        let yaml = format!("key: {}\n", scalar(value, 2));
        let parsed: std::collections::BTreeMap<String, String> =
            serde_saphyr::from_str(&yaml).unwrap_or_else(|e| panic!("{yaml}\n{e}"));
        parsed["key"].clone()
    }

    #[test]
    fn every_value_reads_back_unchanged() {
        for value in [
            "",
            "実施",
            "100%",
            "70",
            "0.5",
            "-",
            "- 1.事例",
            "行14: 元の記載",
            "a #b",
            "true",
            "No",
            "null",
            "~",
            "8:30",
            "2020-04-01",
            "1-01",
            "P.21",
            "「引用」",
            "【中央区】実施",
            "★通常電話",
            "※注",
            "(1)100% (2)50%",
            "\"引用\"",
            "'単'",
            "バック\\スラッシュ",
            "タブ\tあり",
            "%d",
            "@x",
            "`x`",
            "{x}",
            "[x]",
            "&a",
            "*a",
            "!a",
            "|a",
            ">a",
            "?a",
            ":a",
            ",a",
            "#a",
            "末尾:",
            " 前後 ",
            "\u{1}制御",
            "- 1.例\n- 2.例",
            "前文\n\n- ①a\n- ②b",
            "\u{FEFF}bom",
            "行\u{2028}区切り",
            "0x1F",
            ".inf",
            "-.5",
            "1_000",
            "1e3",
            "inf",
            "NaN",
            "1:2:3",
            "末尾改行\n",
            "\n先頭改行",
            "a\n  字下げ",
        ] {
            assert_eq!(
                round_trip(value),
                value,
                "{value:?} written as {}",
                scalar(value, 2)
            );
        }
    }

    #[test]
    fn a_draft_year_is_written_back_as_declared() {
        let year = |year, label: &str, draft| crate::model::FiscalYear {
            year,
            label: label.into(),
            draft,
        };
        let plan = Plan {
            title: "計画".into(),
            organization: String::new(),
            fiscal_years: vec![
                year(2020, "令和2年度", false),
                year(2021, "令和3年度", true),
            ],
            published: Default::default(),
            source: String::new(),
            body: String::new(),
            file: "content/_index.md".into(),
        };
        assert!(plan_front(&plan).ends_with(
            "  - year: 2020\n    label: 令和2年度\n  - year: 2021\n    label: 令和3年度\n    draft: true\n"
        ));
    }

    #[test]
    fn a_year_reported_only_in_its_own_fields_is_written_without_empty_built_in_keys() {
        let mut kpi = YearRecord::empty(2021);
        kpi.extra.set("実績値", "7.2%".into());
        let mut out = String::new();
        year(&mut out, &kpi);
        assert_eq!(out, "  2021:\n    extra:\n      実績値: 7.2%\n");
        let mut reported = kpi.clone();
        reported.status = "実施した".into();
        let mut out = String::new();
        year(&mut out, &reported);
        assert!(
            out.contains("    status: 実施した\n    evaluation: \"\"\n"),
            "{out}"
        );
        let mut out = String::new();
        year(&mut out, &YearRecord::empty(2022));
        assert!(
            out.contains("    status: \"\"\n"),
            "a blank year keeps its keys: {out}"
        );
    }

    #[test]
    fn plain_where_a_clerk_expects_plain() {
        assert_eq!(scalar("実施を継続", 2), "実施を継続");
        assert_eq!(
            scalar("ア. 自殺対策としてのネットワーク", 2),
            "ア. 自殺対策としてのネットワーク"
        );
        assert_eq!(scalar("100%", 2), "100%");
        assert_eq!(scalar("70", 2), "\"70\"");
        assert_eq!(scalar("1-01", 2), "1-01");
        assert_eq!(scalar("2020-04-01", 2), "\"2020-04-01\"");
        assert_eq!(
            scalar("- 1.事例\n- 2.協議会", 4),
            "|-\n    - 1.事例\n    - 2.協議会"
        );
    }
}
