//! What citizens receive from hostile content: the CSVs they open in a
//! spreadsheet, the pages whose text direction a stray bidi control could
//! flip, the search that invisible characters could blind, and the search
//! cards a phone downloads. Each case builds a fixture site into a temp dir
//! with the real pipeline (and, for search, runs the real engine in Node).

mod common;

use std::fs;
use std::path::Path;

use shinchoku::export::{export_template, ExportOptions};
use shinchoku::import::{run as import, ImportOptions};

/// The minimal fixture in a temp dir, with `files` (path → text) written over it.
fn site_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    common::copy_dir(&common::fixture("minimal"), root.path());
    for (path, text) in files {
        fs::write(root.path().join(path), text).unwrap();
    }
    root
}

// ---- CSV formula injection ----

/// What a spreadsheet reads as the start of a formula (OWASP's list, and
/// their full-width forms, which Japanese Excel reads as formulas too).
const FORMULA_STARTS: [char; 10] = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];

const HYPERLINK: &str = "=HYPERLINK(\"https://evil.example/\",\"詳細\")";

/// Text fields starting with each of `FORMULA_STARTS`, in every kind of
/// field a CSV carries (grade labels and fiscal years included).
fn formula_site() -> tempfile::TempDir {
    let measure = format!(
        r#"---
id: 1-02
policy: 1
plan_item: "+81-96-328-2111"
title: '{HYPERLINK}'
new: true
departments:
  - "-福祉部"
sections:
  - "@高齢福祉課"
  - "＝全角"
years:
  2019:
    status: "=1+1"
    evaluation: "-2+3"
    achievement: "-"
    next_plan: "\t=1+1"
  2020:
    status: "＋全角"
    achievement: 100%
    next_plan: "＠全角"
import_notes:
  - "\r=cmd|' /C calc'!A0"
  - "－全角"
---
"#
    );
    let settings = "base_url = \"https://example.org/minimal/\"\n\
        [[grades]]\nlabel = \"=100%\"\nmin = 100\n\
        [[grades]]\nlabel = \"-100%未満\"\nmin = 0\n";
    let index = fs::read_to_string(common::fixture("minimal/content/_index.md"))
        .unwrap()
        .replace("label: 令和元年度", "label: \"@令和元年度\"");
    site_with(&[
        ("content/measures/1-02.md", &measure),
        ("site.toml", settings),
        ("content/_index.md", &index),
        (
            "content/policies/1.md",
            "---\nnumber: 1\ntitle: \"=1+2 ネットワーク\"\n---\n",
        ),
    ])
}

/// The records of a CSV as written (after its BOM).
fn records(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("a BOM for Excel");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// Asserts that no cell of `csv` but a number starts like a formula, and
/// returns how many cells carry the guard (`'` before such a start).
fn guarded_cells(name: &str, csv: &[u8]) -> usize {
    let mut guarded = 0;
    for record in records(csv) {
        for cell in record {
            // One such character alone (「-」, for "nothing") holds no formula.
            if cell.starts_with(FORMULA_STARTS) && cell.chars().count() > 1 {
                assert!(
                    cell.parse::<f64>().is_ok(),
                    "{name}: text cell read as a formula: {cell:?}"
                );
            }
            if cell
                .strip_prefix('\'')
                .is_some_and(|rest| rest.starts_with(FORMULA_STARTS))
            {
                guarded += 1;
            }
        }
    }
    guarded
}

#[test]
fn every_csv_of_the_site_keeps_text_from_being_read_as_a_formula() {
    let site = formula_site();
    let (_guard, out) = common::build(site.path());
    let files = common::tree(&out);
    let csvs: Vec<_> = files.iter().filter(|(p, _)| p.ends_with(".csv")).collect();
    assert!(csvs.len() >= 5, "the open data and the charts' CSVs");
    for (path, bytes) in &csvs {
        assert!(guarded_cells(path, bytes) > 0, "{path}: nothing planted?");
    }

    let measures = &files["data/measures.csv"];
    let text = String::from_utf8_lossy(measures);
    assert!(
        text.contains(&format!("\"'{}\"", HYPERLINK.replace('"', "\"\""))),
        "the guard sits inside the quoted cell:\n{text}"
    );
    let rows = records(measures);
    let column = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let row = rows
        .iter()
        .find(|r| r[0] == "1-02" && r[column("年度（西暦）")] == "2020")
        .unwrap();
    assert_eq!(row[column("実施内容")], format!("'{HYPERLINK}"));
    assert_eq!(row[column("計画における項目")], "'+81-96-328-2111");
    assert_eq!(row[column("担当部署")], "'-福祉部");
    assert_eq!(row[column("担当課")], "'@高齢福祉課／＝全角");
    let first_year = rows
        .iter()
        .find(|r| r[0] == "1-02" && r[column("年度（西暦）")] == "2019")
        .unwrap();
    assert_eq!(
        first_year[column("達成度（記載のまま）")],
        "-",
        "a dash alone is no formula"
    );
    // Numbers stay numbers.
    assert_eq!(row[column("基本施策番号")], "1");
    assert_eq!(row[column("新規")], "1");
    assert_eq!(row[column("達成度（%）")], "100");

    let grades = records(&files["charts/plan-grades.csv"]);
    assert_eq!(grades[0][2], "'=100%（件）");
    assert_eq!(grades[1][..2], ["2019", "'@令和元年度"]);
    assert!(grades[1][2..].iter().all(|n| n.parse::<u32>().is_ok()));

    // The JSON keeps the text exactly.
    let json = String::from_utf8_lossy(&files["data/measures.json"]);
    assert!(json.contains("\"title\": \"=HYPERLINK("), "{json}");
    assert!(!json.contains("'="), "{json}");
    // And the data page says so.
    assert!(
        common::text_without_spaces(&common::read(&out, "data.html")).contains("アポストロフィ")
    );
}

#[test]
fn the_export_template_csv_is_guarded_and_imports_back_unchanged() {
    let site = formula_site();
    let out = site.path().join("templates");
    export_template(&ExportOptions {
        root: site.path().to_path_buf(),
        fiscal_year: 2021,
        out: out.clone(),
        force: false,
    })
    .unwrap();
    let csv = fs::read(out.join("template-2021.csv")).unwrap();
    assert!(guarded_cells("template-2021.csv", &csv) >= 5);
    let rows = records(&csv);
    let measure = rows.iter().find(|r| r.last().unwrap() == "1-02").unwrap();
    assert_eq!(measure[1], format!("《新規》{HYPERLINK}"));
    assert_eq!(measure[0], "'+81-96-328-2111");
    assert_eq!(measure[3], "'-福祉部");
    assert_eq!(measure[4], "'@高齢福祉課・＝全角");
    assert_eq!(measure[5], "'＋全角", "the last year's status");
    assert_eq!(measure[8], "'＠全角", "the last year's plan");

    // What the sections fill in comes back without the guard.
    let report = import(&ImportOptions {
        table: out.join("template-2021.csv"),
        encoding: None,
        columns: Vec::new(),
        root: site.path().to_path_buf(),
        force: false,
        dry_run: true,
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        report.conflicts.is_empty() && report.renamed.is_empty(),
        "{report}"
    );
    // Only the importer's notes on the blank cells it found change.
    for (file, lines) in &report.changes {
        for line in lines {
            assert!(line[2..].starts_with("import_notes"), "{file:?}: {line}");
        }
    }
}

// ---- Text direction ----

const RLO: char = '\u{202E}';

/// Follows the bidi controls of `html` as the Unicode bidi algorithm pairs
/// them (U+202C closes the last embedding or override, U+2069 the last
/// isolate and whatever opened after it), calling `at_markup` with how
/// many are open at each `<`, `>` and `"`.
fn bidi_depths(html: &str, mut at_markup: impl FnMut(usize, usize)) {
    // true: an isolate (closed by U+2069); false: an embedding (U+202C).
    let mut open: Vec<bool> = Vec::new();
    for (offset, c) in html.char_indices() {
        match c {
            '\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}' => open.push(false),
            '\u{2066}'..='\u{2068}' => open.push(true),
            '\u{202C}' if open.last() == Some(&false) => {
                open.pop();
            }
            '\u{2069}' if open.contains(&true) => while open.pop() == Some(false) {},
            '<' | '>' | '"' => at_markup(offset, open.len()),
            _ => {}
        }
    }
}

#[test]
fn a_bidi_override_in_content_ends_with_its_field() {
    let measure = format!(
        "---\nid: 1-02\npolicy: 1\nplan_item: \"\u{202B}項目\"\ntitle: \"危険{RLO}な施策\"\nnew: true\n\
         departments:\n  - \"福祉部\u{2067}\"\nsections:\n  - \"\u{202D}課\u{2066}\u{202E}\"\n\
         years:\n  2019:\n    status: \"状況{RLO}です\"\n    evaluation: \"**強調{RLO}**の後 `code{RLO}` 続き\"\n\
         \x20   achievement: \"{RLO}100%\"\n---\n本文{RLO}の補足\n"
    );
    let policy = format!("---\nnumber: 1\ntitle: \"{RLO}基本施策\"\n---\n");
    let settings = format!(
        "base_url = \"https://example.org/minimal/\"\nsite_name = \"市{RLO}\"\nfooter = \"\u{2068}フッター\"\n"
    );
    let site = site_with(&[
        ("content/measures/1-02.md", &measure),
        ("content/policies/1.md", &policy),
        ("site.toml", &settings),
    ]);
    let (_guard, out) = common::build(site.path());
    let mut pages = 0;
    for (path, bytes) in common::tree(&out) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        assert!(html.contains(RLO), "{path}: the site name is on every page");
        pages += 1;
        bidi_depths(&html, |offset, depth| {
            let before: String = html[..offset].chars().rev().take(30).collect();
            let before: String = before.chars().rev().collect();
            assert_eq!(depth, 0, "{path}: still open before markup: …{before}");
        });
    }
    assert!(pages >= 8);
    let measure_page = common::read(&out, "measures/1-02.html");
    assert!(
        measure_page.contains(&format!(
            "<h1>危険{RLO}な施策\u{202C} <span class=\"badge-new\">"
        )),
        "the override ends with the title, before the badge"
    );
}

// ---- Search ----

/// The titles each query finds on the built site `out`, through the
/// engine the site ships, run in Node.
fn search_titles(out: &Path, queries: &[&str]) -> Vec<Vec<String>> {
    let queries_file = out.join("../queries.tsv");
    fs::write(&queries_file, queries.join("\n") + "\n").unwrap();
    let run = std::process::Command::new("node")
        .arg("tests/search/query.mjs")
        .arg("--site")
        .arg(out)
        .arg("--queries")
        .arg(&queries_file)
        .current_dir(common::repo())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let answers: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    answers
        .as_array()
        .unwrap()
        .iter()
        .map(|answer| {
            answer["results"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

#[test]
fn invisible_characters_inside_a_word_do_not_hide_it_from_search() {
    if !common::tool_available("node", common::node_available()) {
        return;
    }
    let measure = "---\nid: 1-02\npolicy: 1\ntitle: \"依存\u{200B}症の家族教室\"\n\
        sections:\n  - \"ギャン\u{00AD}ブル\u{FEFF}対策\u{2060}課\"\n---\n";
    let site = site_with(&[("content/measures/1-02.md", measure)]);
    let (_guard, out) = common::build(site.path());
    let found = search_titles(
        &out,
        &[
            "依存症",
            "いぞんしょう",
            "ギャンブル対策課",
            "自殺\u{200D}対策",
            "協\u{200C}議会",
        ],
    );
    let hidden = "依存\u{200B}症の家族教室";
    assert!(found[0].iter().any(|t| t == hidden), "依存症: {found:?}");
    assert!(
        found[1].iter().any(|t| t == hidden),
        "いぞんしょう: {found:?}"
    );
    assert!(
        found[2].iter().any(|t| t == hidden),
        "ギャンブル対策課: {found:?}"
    );
    assert_eq!(
        found[3],
        ["自殺対策連絡協議会"],
        "an invisible character typed"
    );
    assert_eq!(
        found[4],
        ["自殺対策連絡協議会"],
        "an invisible character typed"
    );
}

#[test]
fn a_huge_cell_makes_no_huge_search_card() {
    let status = "相談窓口を設置し、専門職が対応した。".repeat(60_000); // 3 MB
    let title = format!("大きな施策{}", "研修".repeat(100_000));
    let department = "部".repeat(100_000);
    let measure = format!(
        "---\nid: 1-02\npolicy: 1\ntitle: {title}\ndepartments:\n  - {department}\n\
         years:\n  2019:\n    status: {status}\n---\n"
    );
    let policy = format!("---\nnumber: 1\ntitle: {}\n---\n", "施策".repeat(100_000));
    let site = site_with(&[
        ("content/measures/1-02.md", &measure),
        ("content/policies/1.md", &policy),
    ]);
    let (_guard, out) = common::build(site.path());
    let files = common::tree(&out);
    let largest = |prefix: &str| {
        files
            .iter()
            .filter(|(path, _)| path.starts_with(prefix))
            .map(|(_, bytes)| bytes.len())
            .max()
            .unwrap()
    };
    let card = largest("search/index/d/");
    assert!(card < 16 * 1024, "largest card: {card} bytes");
    let manifest = largest("search/index/manifest.js");
    assert!(manifest < 16 * 1024, "manifest: {manifest} bytes");
    let card = String::from_utf8_lossy(&files["search/index/d/1.js"]);
    assert!(card.contains("大きな施策研修研修") && card.contains("相談窓口を設置し"));
    // The measure's page still has every word.
    let page = common::read(&out, "measures/1-02.html");
    assert!(page.contains(&status) && page.contains(&title) && page.contains(&department));
}
