//! Issue #13: tables of other cities, imported as they are published with
//! only an `[import]` section in `site.toml` — the real Ofunato workbook
//! (xlsx and Shift_JIS CSV), a KPI table copied from a web page and as a
//! report's CSV, and a table of grade symbols (`tests/fixtures/tables/`).

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use shinchoku::config::SiteConfig;
use shinchoku::import::layout::{read_layout, LayoutRow, LayoutTable};

/// (fixture folder, table, data rows the city's table has).
const SHAPES: [(&str, &str, usize); 7] = [
    ("ofunato", "ofunato-jimujigyo-R7-seisaku2.xlsx", 111),
    ("ofunato", "ofunato-jimujigyo-R7-seisaku2-sjis.csv", 111),
    ("kpi-web", "kpi.tsv", 12),
    ("kpi-csv", "kpi-sjis.csv", 12),
    ("grades-sabc", "grades.tsv", 6),
    ("grades-ad", "grades.tsv", 5),
    ("grades-symbols", "grades.tsv", 6),
];

fn table_path(folder: &str, table: &str) -> PathBuf {
    common::fixture("tables").join(folder).join(table)
}

fn committed_layout(folder: &str) -> SiteConfig {
    let path = common::fixture("tables").join(folder).join("site.toml");
    SiteConfig::parse(&fs::read_to_string(&path).unwrap(), &path).unwrap()
}

fn read(folder: &str, table: &str) -> LayoutTable {
    read_layout(
        &table_path(folder, table),
        None,
        &committed_layout(folder).import,
    )
    .unwrap_or_else(|e| panic!("{table}: {e}"))
}

/// A site.toml as `init` writes it (the part before `[import]`).
const INIT_SITE_TOML: &str = "base_url = \"\"\nfooter = \"\"\ndata_license = \"CC BY 4.0\"\n\n[[grades]]\nlabel = \"100%\"\nmin = 100\n\n[[grades]]\nlabel = \"50%未満\"\nmin = 0\n";

#[test]
fn detection_alone_gives_a_layout_that_imports_every_row() {
    for (folder, table, rows) in SHAPES {
        let path = table_path(folder, table);
        let detected =
            common::shinchoku(["import".as_ref(), "--detect".as_ref(), path.as_os_str()]);
        assert!(
            detected.status.success(),
            "{table}: {}",
            common::stderr(&detected)
        );
        let proposal = String::from_utf8(detected.stdout).unwrap();
        let site = tempfile::tempdir().unwrap();
        let settings = format!("{INIT_SITE_TOML}\n{proposal}");
        SiteConfig::parse(&settings, Path::new("site.toml"))
            .unwrap_or_else(|e| panic!("{table}: {e}\n{proposal}"));
        fs::write(site.path().join("site.toml"), settings).unwrap();
        let imported = common::import_into(&path, site.path());
        assert!(
            imported.status.success(),
            "{table}: {}",
            common::stderr(&imported)
        );
        let measures = fs::read_dir(site.path().join("content/measures"))
            .unwrap()
            .count();
        assert_eq!(measures, rows, "{table}\n{proposal}");
        let check =
            common::shinchoku(["check".as_ref(), "--root".as_ref(), site.path().as_os_str()]);
        assert!(
            check.status.success(),
            "{table}: {}",
            common::stderr(&check)
        );
    }
}

#[test]
fn detection_marks_staff_names_and_phones_private_and_names_the_levels() {
    let path = table_path("ofunato", "ofunato-jimujigyo-R7-seisaku2.xlsx");
    let detected = common::shinchoku(["import".as_ref(), "--detect".as_ref(), path.as_os_str()]);
    let config = SiteConfig::parse(
        &String::from_utf8(detected.stdout).unwrap(),
        Path::new("site.toml"),
    )
    .unwrap();
    let private = shinchoku::config::private_keys(&config.fields);
    assert_eq!(private, ["課長名", "担当者", "電話", "内線"]);
    let levels: Vec<&str> = config.levels.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(levels, ["政策", "施策", "基本事業"]);
    assert_eq!(config.import.years.width, Some(19));
}

fn tidy(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every text the import kept of a row: its roles, extra fields, years
/// and nodes.
fn kept_texts(row: &LayoutRow) -> Vec<String> {
    let pairs = row.roles.iter().chain(&row.extras).chain(
        row.years
            .iter()
            .flat_map(|y| y.roles.iter().chain(&y.extras)),
    );
    let indicator_texts = row.indicators.iter().flat_map(|indicator| {
        let references = [&indicator.baseline, &indicator.target]
            .into_iter()
            .flatten()
            .map(|r| r.value.clone());
        [&indicator.name, &indicator.note]
            .into_iter()
            .cloned()
            .chain(indicator.unit.clone())
            .chain(references)
            .chain(indicator.values.values().cloned())
            .collect::<Vec<_>>()
    });
    pairs
        .map(|(_, value)| tidy(value))
        .chain(indicator_texts.map(|text| tidy(&text)))
        .chain(
            row.nodes
                .iter()
                .flat_map(|n| [n.number.clone(), tidy(&n.title)]),
        )
        .collect()
}

#[test]
fn every_non_empty_cell_of_every_data_row_reaches_its_measure() {
    for (folder, table, rows) in SHAPES.into_iter().filter(|(_, t, _)| !t.ends_with(".xlsx")) {
        let read = read(folder, table);
        assert_eq!(read.rows.len(), rows, "{table}");
        let config = committed_layout(folder);
        // Cells of the joined number columns (十の位・一の位) reach the node's number.
        let number_columns: Vec<String> = config
            .import
            .levels
            .iter()
            .flat_map(|l| l.number.list().into_iter().map(tidy))
            .collect();
        let independent = common::table_rows(&table_path(folder, table), None);
        let header = &independent
            .iter()
            .find(|(line, _)| Some(*line) == config.import.header_row)
            .unwrap()
            .1;
        let mut cells_checked = 0;
        for row in &read.rows {
            let (_, cells) = independent
                .iter()
                .find(|(line, _)| *line == row.line)
                .unwrap();
            let kept = kept_texts(row);
            for (column, cell) in cells.iter().enumerate() {
                let heading = tidy(header.get(column).map_or("", String::as_str));
                let ignored = config.import.ignore.iter().any(|i| tidy(i) == heading);
                if tidy(cell).is_empty() || ignored || number_columns.contains(&heading) {
                    continue;
                }
                // The column naming the last year's block (7: 令和7年度) reaches the years.
                if config.import.years.last_year_column.as_deref().map(tidy)
                    == Some(heading.clone())
                {
                    assert!(
                        row.years.last().unwrap().label.contains(cell.trim()),
                        "{table}:{}",
                        row.line
                    );
                    continue;
                }
                // An indicator's value written as a dash is no value.
                let extra_column = read.extra_columns.iter().chain(&read.year_extra_columns);
                let is_extra = extra_column.map(|c| tidy(c)).any(|c| c == heading);
                if !is_extra && ["-", "－", "―", "‐", "ー"].contains(&tidy(cell).as_str()) {
                    continue;
                }
                assert!(
                    kept.contains(&tidy(cell)),
                    "{table}:{}: column {} 「{heading}」: 「{cell}」 was not kept",
                    row.line,
                    column + 1
                );
                cells_checked += 1;
            }
            assert_eq!(
                row.nodes.len(),
                config.import.levels.len().max(1),
                "{table}:{}",
                row.line
            );
        }
        assert!(
            cells_checked > rows * 3,
            "{table}: only {cells_checked} cells"
        );
    }
}

#[test]
fn the_workbook_and_its_csv_give_the_same_measures() {
    let workbook = read("ofunato", "ofunato-jimujigyo-R7-seisaku2.xlsx");
    let csv = read("ofunato", "ofunato-jimujigyo-R7-seisaku2-sjis.csv");
    let ids = |table: &LayoutTable| -> Vec<(String, String, usize)> {
        table
            .rows
            .iter()
            .map(|row| {
                (
                    row.roles[1].1.clone(),
                    row.roles[5].1.clone(),
                    row.extras.len(),
                )
            })
            .collect()
    };
    assert_eq!(ids(&workbook), ids(&csv));
    assert_eq!(
        year_labels(&workbook),
        [
            "令和2年度",
            "令和3年度",
            "令和4年度",
            "令和5年度",
            "令和6年度",
            "令和7年度"
        ]
    );
    // 210 columns: 4 roles, 7 level columns, 年度, No. (ignored), 19 × 6
    // per year (9 of them the indicators' values), the rest extra.
    assert_eq!(workbook.year_extra_columns.len(), 10);
    assert_eq!(workbook.ignored_columns, ["No."]);
    let first = &workbook.rows[0];
    assert_eq!(
        first
            .nodes
            .iter()
            .map(|n| n.number.as_str())
            .collect::<Vec<_>>(),
        ["2", "6", "5"]
    );
    let r7 = first.years.last().unwrap();
    assert!(
        r7.extras
            .iter()
            .any(|(key, value)| key == "事業費計 （A）" && value == "341"),
        "{r7:?}"
    );
}

/// The fiscal years' labels as the table writes them.
fn year_labels(table: &LayoutTable) -> Vec<&str> {
    table
        .fiscal_years
        .iter()
        .map(|fy| fy.label.as_str())
        .collect()
}

#[test]
fn kpi_values_arrive_as_written_under_calendar_and_fiscal_year_labels() {
    let kpi = read("kpi-web", "kpi.tsv");
    assert_eq!(
        year_labels(&kpi),
        ["令和元年", "令和2年度", "R3", "2022年度", "令和5年度"]
    );
    let lessons = kpi
        .rows
        .iter()
        .find(|r| r.roles[1].1 == "健康づくり教室の開催回数")
        .unwrap();
    let indicator = &lessons.indicators[0];
    let reference = |year: u16, value: &str| shinchoku::model::Reference {
        year: Some(year),
        value: value.into(),
    };
    assert_eq!(indicator.baseline, Some(reference(2018, "2回/年")));
    assert_eq!(indicator.target, Some(reference(2025, "年4回")));
    assert_eq!(indicator.values[&2019], "年2回");
    let titles: Vec<&str> = kpi.rows.iter().map(|r| r.nodes[0].title.as_str()).collect();
    assert!(titles.contains(&"誰もが活躍できる地域づくり"));
    let csv = read("kpi-csv", "kpi-sjis.csv");
    assert_eq!(csv.rows[11].nodes[0].number, "3");
    assert_eq!(csv.rows[11].nodes[1].number, "2");
}

#[test]
fn grade_symbols_arrive_as_written() {
    let tables: Vec<LayoutTable> = ["grades-sabc", "grades-ad", "grades-symbols"]
        .into_iter()
        .map(|folder| read(folder, "grades.tsv"))
        .collect();
    let written: Vec<&str> = tables
        .iter()
        .flat_map(|table| &table.rows)
        .flat_map(|row| row.years.iter().map(|y| y.roles[2].1.as_str()))
        .collect();
    for symbol in [
        "S", "Ｓ", "A", "B", "C", "−", "◎", "○", "〇", "△", "×", "-", "Ａ", "－", "Ｄ",
    ] {
        assert!(written.contains(&symbol), "{symbol}: {written:?}");
    }
}

#[test]
fn no_heading_row_lists_the_headings_expected_and_seen() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("table.tsv");
    fs::write(
        &table,
        "令和6年度 事業一覧\n事業\t担当\t進み具合\n相談\t福祉課\t80%\n",
    )
    .unwrap();
    let output = common::import_into(&table, dir.path());
    let message = common::stderr(&output);
    assert!(!output.status.success(), "{message}");
    for expected in [
        "見出し行が見つかりません",
        "「実施内容」「計画書ページ」",
        "2行目: 「事業」「担当」「進み具合」",
        "import --detect",
        "[import.columns]",
    ] {
        assert!(message.contains(expected), "{expected}: {message}");
    }
}

#[test]
fn a_heading_row_matching_no_pattern_is_an_error_naming_its_row() {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(table_path("kpi-web", "kpi.tsv")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let stray = lines.len() - 2;
    lines.insert(stray, "【基本目標4】その他の取組");
    let table = dir.path().join("kpi.tsv");
    fs::write(&table, lines.join("\n")).unwrap();
    fs::copy(
        common::fixture("tables/kpi-web/site.toml"),
        dir.path().join("site.toml"),
    )
    .unwrap();
    let output = common::import_into(&table, dir.path());
    let message = common::stderr(&output);
    assert!(!output.status.success(), "{message}");
    assert!(
        message.contains(&format!(
            "kpi.tsv:{}: 「【基本目標4】その他の取組」",
            stray + 1
        )) && message.contains("【基本施策{number}】{title}"),
        "{message}"
    );
    assert!(!dir.path().join("content").exists(), "nothing written");
}
