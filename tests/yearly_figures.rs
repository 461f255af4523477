//! Issue #14, item 5: yearly figures (事業費, トータルコスト, the funding
//! split) declared in `[[fields]]` with a unit are numbers: a table and
//! charts per measure, sums per node and on the top page, and
//! `data/figures.csv` — checked against the real Ofunato workbook.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

const OFUNATO: &str = "ofunato-jimujigyo-R7-seisaku2.xlsx";
const SHEET: &str = "データ集計マクロ用シート";
/// The six year blocks of the workbook are 令和2〜7年度.
const FIRST_YEAR: u16 = 2020;
const TOTAL: &str = "トータルコスト(A)＋(B)";

fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// `1234567.5` → `1,234,567.5`, as a citizen reads a sum.
fn with_separators(value: f64) -> String {
    let text = format!("{value:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match fraction {
        "" => grouped,
        _ => format!("{grouped}.{fraction}"),
    }
}

/// The workbook's data rows as heading → cells: a heading repeated by
/// the year blocks gives one cell per block, oldest first.
fn ofunato_rows() -> Vec<BTreeMap<String, Vec<String>>> {
    let path = common::fixture("tables/ofunato").join(OFUNATO);
    let rows = common::table_rows(&path, Some(SHEET));
    let headings: Vec<String> = rows[1].1.iter().map(|h| squeezed(h)).collect();
    rows[2..]
        .iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
        .map(|(_, cells)| {
            let mut row: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for (heading, cell) in headings.iter().zip(cells) {
                row.entry(heading.clone()).or_default().push(cell.clone());
            }
            row
        })
        .collect()
}

fn number(cell: &str) -> Option<f64> {
    cell.trim().parse().ok()
}

/// The Ofunato workbook imported with its committed `site.toml`, built.
fn ofunato_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let fixture = common::fixture("tables/ofunato");
    fs::copy(fixture.join("site.toml"), dir.path().join("site.toml")).unwrap();
    let imported = common::import_into(&fixture.join(OFUNATO), dir.path());
    assert!(imported.status.success(), "{}", common::stderr(&imported));
    let built = common::shinchoku(["build".as_ref(), "--root".as_ref(), dir.path().as_os_str()]);
    assert!(built.status.success(), "{}", common::stderr(&built));
    let out = dir.path().join("public");
    (dir, out)
}

fn csv_records(path: &Path) -> Vec<Vec<String>> {
    let bytes = fs::read(path).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

#[test]
fn ofunato_figures_read_on_the_pages_and_in_figures_csv_as_the_workbook_has_them() {
    let rows = ofunato_rows();
    let (_dir, out) = ofunato_site();

    // One measure: each figure, year by year, on its page and in the CSV.
    let row = rows
        .iter()
        .find(|row| row["事務事業名"][0] == "狂犬病予防事業")
        .expect("the workbook has 狂犬病予防事業");
    let id = format!("{:0>4}", row["事務事業ID"][0].trim());
    let page = common::text_without_spaces(&common::read(&out, &format!("measures/{id}.html")));
    let records = csv_records(&out.join("data/figures.csv"));
    let header = &records[0];
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    for (heading, label, unit) in [
        (TOTAL, "トータルコスト", "千円"),
        ("事業費計（A）", "事業費", "千円"),
        ("人件費計(B)", "人件費", "千円"),
        ("正規職員従事人数", "正規職員従事人数", "人"),
    ] {
        let values: Vec<f64> = row[heading].iter().map(|c| number(c).unwrap()).collect();
        assert_eq!(values.len(), 6, "{heading}");
        let shown: String = values.iter().map(|v| with_separators(*v)).collect();
        let expected = format!("{label}{unit}{shown}");
        assert!(page.contains(&expected), "{expected} not on the page");
        for (i, value) in values.iter().enumerate() {
            let year = (FIRST_YEAR + i as u16).to_string();
            let record = records
                .iter()
                .find(|r| {
                    r[0] == id && r[column("項目")] == label && r[column("年度（西暦）")] == year
                })
                .unwrap_or_else(|| panic!("{label} {year} missing from figures.csv"));
            assert_eq!(
                number(&record[column("値")]),
                Some(*value),
                "{label} {year}"
            );
            assert_eq!(record[column("単位")], unit);
            assert_eq!(record[column("政策ID")], "2");
        }
    }
    assert!(out
        .join(format!("charts/measures/{id}-figures-1.svg"))
        .exists());

    // 政策2 and the top page: each year's トータルコスト summed over the
    // workbook's rows, and how many rows gave a number.
    let policy = common::text_without_spaces(&common::read(&out, "seisaku/2.html"));
    let top = common::text_without_spaces(&common::read(&out, "index.html"));
    let chart_csv = csv_records(&out.join("charts/plan-figures-1.csv"));
    for year in 0..6 {
        let numbers: Vec<f64> = rows
            .iter()
            .filter_map(|r| number(&r[TOTAL][year]))
            .collect();
        let sum: f64 = numbers.iter().sum();
        let cell = format!("{}（{}件）", with_separators(sum), numbers.len());
        assert!(policy.contains(&cell), "{cell} not on 政策2's page");
        assert!(top.contains(&cell), "{cell} not on the top page");
        assert!((number(&chart_csv[year + 1][2]).unwrap() - sum).abs() < 1e-6);
    }
    assert!(top.contains("政策ごとのトータルコスト"), "{top}");
}

/// A site made by `init` with `fields` appended to its `site.toml` and
/// `years` (YAML under `years:`) in place of its measure's.
fn small_site(fields: &str, years: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let init = common::shinchoku(["init".as_ref(), site.as_os_str()]);
    assert!(init.status.success(), "{}", common::stderr(&init));
    let settings = site.join("site.toml");
    let text = fs::read_to_string(&settings).unwrap();
    fs::write(&settings, format!("{text}\n{fields}")).unwrap();
    let measure = site.join("content/measures/1-01.md");
    let text = fs::read_to_string(&measure).unwrap();
    let (before, after) = text.split_once("years:\n").unwrap();
    let rest = after.split_once("---").unwrap().1;
    fs::write(&measure, format!("{before}years:\n{years}---{rest}")).unwrap();
    dir
}

fn check(dir: &tempfile::TempDir) -> std::process::Output {
    let site = dir.path().join("site");
    common::shinchoku(["check".as_ref(), "--root".as_ref(), site.as_os_str()])
}

const COST: &str = "[[fields]]\nkey = \"事業費\"\nper_year = true\nunit = \"千円\"\ntotal = true\n";

#[test]
fn a_figure_declared_wrongly_is_refused_naming_its_line_and_key() {
    let cases = [
        ("[[fields]]\nkey = \"事業費\"\nunit = \"千円\"\n", "fields.unit", "per_year = true"),
        ("[[fields]]\nkey = \"事業費\"\nper_year = true\ngroup = \"財源\"\n", "fields.group", "unit"),
        (
            &format!("{COST}\n[[fields]]\nkey = \"人件費\"\nper_year = true\nunit = \"千円\"\ntotal = true\n"),
            "fields.total",
            "一つの項目にだけ",
        ),
        (
            "[[fields]]\nkey = \"国費\"\nper_year = true\nunit = \"千円\"\ngroup = \"財源\"\n\n[[fields]]\nkey = \"市費\"\nper_year = true\nunit = \"円\"\ngroup = \"財源\"\n",
            "fields.unit",
            "同じ単位",
        ),
    ];
    for (fields, key, words) in cases {
        let dir = small_site(fields, "  2024:\n    achievement: 100%\n");
        let output = check(&dir);
        let message = common::stderr(&output);
        assert!(!output.status.success(), "{fields}");
        assert!(
            message.contains(key) && message.contains(words),
            "{fields}\n{message}"
        );
        assert!(message.contains("site.toml:"), "{message}");
    }
}

#[test]
fn a_figure_that_is_not_a_number_is_shown_as_written_and_left_out_of_the_sum() {
    let years = "  2024:\n    achievement: 100%\n    extra:\n      事業費: 未定\n";
    let dir = small_site(COST, years);
    let output = check(&dir);
    // `check` lists its warnings on the standard output.
    let message = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{}", common::stderr(&output));
    // The file, the line of the value, the field and the text.
    assert!(
        message.contains("1-01.md:16")
            && message.contains("years.2024.extra.事業費")
            && message.contains("「未定」は数値として読めません"),
        "{message}"
    );
    let root = dir.path().join("site");
    let (_guard, out) = common::build(&root);
    let page = common::text_without_spaces(&common::read(&out, "measures/1-01.html"));
    assert!(page.contains("事業費千円未定"), "{page}");
    // Not a number: no sum, and no chart drawn empty.
    let policy = common::text_without_spaces(&common::read(&out, "policies/1.html"));
    assert!(!policy.contains("年度ごとの数値"), "{policy}");
    assert!(!out.join("charts/measures/1-01-figures-1.svg").exists());
    let records = csv_records(&out.join("data/figures.csv"));
    assert_eq!(
        records[1][records[0].iter().position(|h| h == "値").unwrap()],
        ""
    );
    assert_eq!(records[1].last().unwrap(), "未定");
}

#[test]
fn full_width_and_grouped_numbers_are_summed_and_a_dash_is_not_a_zero() {
    let fields =
        format!("{COST}\n[[fields]]\nkey = \"人件費\"\nper_year = true\nunit = \"千円\"\n");
    let years = "  2024:\n    achievement: 100%\n    extra:\n      事業費: \"１，２３４\"\n      人件費: \"-\"\n";
    let dir = small_site(&fields, years);
    let root = dir.path().join("site");
    let second = fs::read_to_string(root.join("content/measures/1-01.md"))
        .unwrap()
        .replace("id: 1-01", "id: 1-02")
        .replace("１，２３４", "1,000.5");
    fs::write(root.join("content/measures/1-02.md"), second).unwrap();
    let (_guard, out) = common::build(&root);
    let policy = common::text_without_spaces(&common::read(&out, "policies/1.html"));
    assert!(policy.contains("事業費千円2,234.5（2件）"), "{policy}");
    assert!(policy.contains("人件費千円-（0件）"), "{policy}");
    let top = common::text_without_spaces(&common::read(&out, "index.html"));
    assert!(top.contains("計画全体千円2,234.5（2件）"), "{top}");
    let json: serde_json::Value =
        serde_json::from_str(&common::read(&out, "data/measures.json")).unwrap();
    let figure = &json["measures"][0]["years"][0]["figures"]["事業費"];
    assert_eq!(figure["value"], 1234.0);
    assert_eq!(figure["unit"], "千円");
    assert_eq!(figure["raw"], "１，２３４");
}
