//! Finding measures (issue #14): the finder page, related measures on each
//! measure's page, one number that reads the same everywhere, and the data
//! page's list of every file the site writes under `data/` and `charts/`.

mod common;

use common::*;
use std::collections::BTreeSet;
use std::path::Path;

/// The cell of `column` in the first row of a CSV that has every
/// (column, value) of `key`.
fn csv_cell(csv: &str, key: &[(&str, &str)], column: &str) -> String {
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let header = reader.headers().unwrap().clone();
    let at = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
    };
    let key: Vec<(usize, &str)> = key.iter().map(|(c, v)| (at(c), *v)).collect();
    let column = at(column);
    reader
        .records()
        .map(Result::unwrap)
        .find(|row| key.iter().all(|(i, v)| &row[*i] == *v))
        .unwrap_or_else(|| panic!("no row {key:?}"))[column]
        .to_string()
}

#[test]
fn a_mean_of_parts_reads_the_same_on_the_page_in_both_csvs_and_the_json() {
    let (_tmp, out) = build(&repo());
    // 2-05, 令和元年度: ①100% ② 0% ③～⑦ 100% → (100 + 0 + 100) / 3.
    let measures_csv = csv_cell(
        &read(&out, "data/measures.csv"),
        &[("施策ID", "2-05"), ("年度（西暦）", "2019")],
        "達成度（%）",
    );
    let chart_csv = csv_cell(
        &read(&out, "charts/policy-2-percentages.csv"),
        &[("施策ID", "2-05"), ("年度（西暦）", "2019")],
        "達成度（%）",
    );
    let json: serde_json::Value = serde_json::from_str(&read(&out, "data/measures.json")).unwrap();
    let measure = json["measures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "2-05")
        .unwrap();
    let year = measure["years"]
        .as_array()
        .unwrap()
        .iter()
        .find(|y| y["year"] == 2019)
        .unwrap();
    let page = text_without_spaces(&read(&out, "measures/2-05.html"));
    assert_eq!(measures_csv, "66.7", "data/measures.csv");
    assert_eq!(chart_csv, "66.7", "charts/policy-2-percentages.csv");
    assert_eq!(
        year["achievement_percent"].to_string(),
        "66.7",
        "measures.json"
    );
    assert!(page.contains("平均66.7%"), "measures/2-05.html: {page}");
    // A whole number has no trailing .0 anywhere.
    let whole = json["measures"][0]["years"][0]["achievement_percent"].to_string();
    assert!(!whole.ends_with(".0"), "measures.json: {whole}");
}

/// The links of the data page into `data/` and `charts/`, and the CSV and
/// JSON files the build wrote there.
fn data_page_links_and_files(out: &Path) -> (BTreeSet<String>, BTreeSet<String>) {
    let links: BTreeSet<String> = links(&read(out, "data.html"))
        .into_iter()
        .filter(|l| l.starts_with("data/") || l.starts_with("charts/"))
        .collect();
    let files: BTreeSet<String> = tree(out)
        .into_keys()
        .filter(|p| p.starts_with("data/") || p.starts_with("charts/"))
        .filter(|p| p.ends_with(".csv") || p.ends_with(".json"))
        .collect();
    (links, files)
}

#[test]
fn the_data_page_lists_every_data_file_of_the_bundled_site() {
    let (_tmp, out) = build(&repo());
    let (links, files) = data_page_links_and_files(&out);
    assert!(files.contains("charts/policy-1-trend.csv"), "{files:?}");
    assert_eq!(links, files);
}

#[test]
fn the_data_page_lists_every_data_file_of_a_three_level_site() {
    let (_tmp, out) = build(&fixture("levels"));
    let (links, files) = data_page_links_and_files(&out);
    assert!(files.len() > 10, "{files:?}");
    assert_eq!(links, files);
}
