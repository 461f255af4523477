//! Indicators imported from real table shapes with only `site.toml`, then
//! built: each value of the table is checked where a citizen reads it (the
//! measure page's indicator table), in the chart's CSV and in
//! `data/indicators.csv`. The tables are read here on their own
//! (`common::table_rows`), not through the importer.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

/// A CSV the site wrote, as records keyed by its header.
fn records(out: &Path, file: &str) -> Vec<BTreeMap<String, String>> {
    let text = common::read(out, file);
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            header
                .iter()
                .cloned()
                .zip(record.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

/// The number a value is written with, read here independently: its digits
/// (thousands separators dropped), `None` for words such as 「増加」.
fn number_in(raw: &str) -> Option<f64> {
    let digits: String = raw
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .filter(|c| *c != ',')
        .collect();
    digits.parse().ok()
}

/// Whether a CSV number is the same number as `expected`.
fn same_number(written: &str, expected: f64) -> bool {
    written
        .parse::<f64>()
        .is_ok_and(|n| (n - expected).abs() < 1e-9)
}

/// The imported site built: (the site's folder, the output).
fn imported_and_built(folder: &str, table: &str) -> (tempfile::TempDir, tempfile::TempDir) {
    let site = common::imported_table_site(folder, table);
    let (out_dir, _) = common::build(site.path());
    (site, out_dir)
}

/// The measure page of `title`, by `data/measures.json`.
fn measure_page(out: &Path, title: &str) -> (String, String) {
    let json: serde_json::Value =
        serde_json::from_str(&common::read(out, "data/measures.json")).unwrap();
    let measure = json["measures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["title"] == title)
        .unwrap_or_else(|| panic!("no measure {title}"));
    let id = measure["id"].as_str().unwrap().to_string();
    let page = common::read(out, &format!("measures/{id}.html"));
    (id, page)
}

const KPI_YEARS: [u16; 5] = [2019, 2020, 2021, 2022, 2023];

#[test]
fn every_kpi_value_of_the_table_reads_the_same_on_the_page_and_in_both_csvs() {
    let folder = "kpi-web";
    let table = common::fixture("tables").join(folder).join("kpi.tsv");
    let rows: Vec<Vec<String>> = common::table_rows(&table, None)
        .into_iter()
        .map(|(_, cells)| cells)
        .filter(|cells| cells.len() >= 9 && cells[0] != "指標名" && !cells[2].is_empty())
        .collect();
    assert_eq!(rows.len(), 12, "the fixture changed");
    let (_site, out_dir) = imported_and_built(folder, "kpi.tsv");
    let out = out_dir.path().join("public");
    let all = records(&out, "data/indicators.csv");
    let mut checked = 0;
    for cells in &rows {
        let name = &cells[0];
        let (id, page) = measure_page(&out, name);
        let table_html = &page[page.find("indicator-table").expect(name)..];
        assert!(
            table_html.contains(&format!("<td>{}</td>", cells[1])),
            "{name}: baseline {}",
            cells[1]
        );
        assert!(table_html.contains(&format!("<td>{}</td>", cells[2])));
        let chart = records(&out, &format!("charts/measures/{id}-indicator-1.csv"));
        let listed: Vec<_> = all.iter().filter(|r| &r["指標名"] == name).collect();
        for (year, raw) in KPI_YEARS.iter().zip(&cells[3..8]) {
            assert!(
                table_html.contains(&format!("<td>{raw}")),
                "{name} {year}: {raw}"
            );
            let in_chart = chart
                .iter()
                .find(|r| r["年度（西暦）"] == year.to_string())
                .unwrap_or_else(|| panic!("{name}: {year} not in the chart's CSV"));
            let in_data = listed
                .iter()
                .find(|r| r["年度（西暦）"] == year.to_string())
                .unwrap_or_else(|| panic!("{name}: {year} not in indicators.csv"));
            assert_eq!(&in_chart["実績値（記載のまま）"], raw);
            assert_eq!(&in_data["実績値（記載のまま）"], raw);
            match number_in(raw) {
                Some(number) => {
                    assert!(same_number(&in_chart["実績値"], number), "{name} {year}");
                    assert!(same_number(&in_data["実績値"], number), "{name} {year}");
                    for (column, cell) in [("基準値", &cells[1]), ("目標値", &cells[2])] {
                        let expected = number_in(cell).map_or(String::new(), |n| n.to_string());
                        let written = &in_data[column];
                        assert!(
                            written == &expected || same_number(written, number_in(cell).unwrap()),
                            "{name}: {column} {cell}"
                        );
                    }
                    assert_eq!(in_data["進捗率（%）"], in_chart["進捗率（%）"]);
                }
                None => {
                    assert_eq!(in_data["実績値"], "", "{name} {year}: {raw}");
                    assert_ne!(in_data["計算できない理由"], "", "{name} {year}");
                }
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 12 * 5);
}

#[test]
fn the_ofunato_workbook_s_indicators_are_on_its_pages_and_in_the_csv() {
    let folder = "ofunato";
    let table = "ofunato-jimujigyo-R7-seisaku2.xlsx";
    let path = common::fixture("tables").join(folder).join(table);
    let rows = common::table_rows(&path, Some("データ集計マクロ用シート"));
    let compact = |s: &str| s.split_whitespace().collect::<String>();
    let header: Vec<String> = rows
        .iter()
        .find(|(line, _)| *line == 2)
        .unwrap()
        .1
        .iter()
        .map(|h| compact(h))
        .collect();
    let column = |heading: &str| header.iter().position(|h| h == heading).unwrap();
    let (_site, out_dir) = imported_and_built(folder, table);
    let out = out_dir.path().join("public");
    let all = records(&out, "data/indicators.csv");
    let name_columns: Vec<usize> = header
        .iter()
        .enumerate()
        .filter(|(_, h)| h.starts_with("⑤活動指標") && h.ends_with("：名称"))
        .map(|(i, _)| i)
        .collect();
    assert!(!name_columns.is_empty(), "the workbook has 活動指標");
    // Every project's first 活動指標 with a name and a value: on its page
    // and in indicators.csv with the value of its last year as written.
    let id_column = column("事務事業ID");
    let first_value = header.iter().position(|h| h == "⑤活動指標ア").unwrap();
    let mut checked = 0;
    for (_, cells) in rows.iter().filter(|(line, _)| *line > 2) {
        // The importer keeps the workbook's IDs at four digits (0012).
        let id = format!("{:0>4}", cells[id_column].trim());
        let (id, name) = (id.as_str(), cells[name_columns[0]].trim());
        let value = cells[first_value].trim();
        // A dash of any width is the workbook's "no value", as the importer reads it.
        let dash = ["-", "‐", "－", "―", "ー", "−"].contains(&value);
        if id.is_empty() || name.is_empty() || value.is_empty() || dash {
            continue;
        }
        let page = common::read(&out, &format!("measures/{id}.html"));
        assert!(
            page.contains(&format!(">{name}")),
            "{id}: {name} on its page"
        );
        let row = all
            .iter()
            .find(|r| r["事務事業ID"] == id && r["指標名"] == name && r["年度（西暦）"] == "2020")
            .unwrap_or_else(|| panic!("{id}: {name} 2020 not in indicators.csv"));
        assert_eq!(row["実績値（記載のまま）"], value, "{id}: {name}");
        if let Some(number) = number_in(value) {
            assert!(same_number(&row["実績値"], number), "{id}: {name} {value}");
        }
        checked += 1;
    }
    assert!(checked >= 50, "only {checked} projects checked");
}
