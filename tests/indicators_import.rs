//! 評価指標 (indicators) from front matter and from tables: loaded as
//! written, checked with file, line and field, imported from a KPI table
//! and a 事務事業評価 workbook by `site.toml` alone, kept across re-imports.

mod common;

use std::fs;
use std::path::Path;

use shinchoku::model::{Direction, Indicator, Reference, Site};

fn load(root: &Path) -> Site {
    match shinchoku::pipeline::load_site(root) {
        Ok(loaded) => loaded.site,
        Err(diags) => panic!("{} did not load:\n{diags}", root.display()),
    }
}

fn indicator<'a>(indicators: &'a [Indicator], name: &str) -> &'a Indicator {
    indicators
        .iter()
        .find(|i| i.name == name)
        .unwrap_or_else(|| panic!("no indicator {name} in {indicators:#?}"))
}

fn reference(year: u16, value: &str) -> Option<Reference> {
    Some(Reference {
        year: Some(year),
        value: value.into(),
    })
}

fn values(pairs: &[(u16, &str)]) -> Vec<(u16, String)> {
    pairs.iter().map(|(y, v)| (*y, v.to_string())).collect()
}

fn values_of(indicator: &Indicator) -> Vec<(u16, String)> {
    indicator
        .values
        .iter()
        .map(|(y, v)| (*y, v.clone()))
        .collect()
}

#[test]
fn front_matter_indicators_load_as_written() {
    let site = load(&common::fixture("indicators"));
    let measure = |id: &str| site.measures.iter().find(|m| m.id == id).unwrap();

    let checkups = indicator(&measure("1-01").indicators, "乳幼児健診の受診率");
    assert_eq!(checkups.kind, "成果指標");
    assert_eq!(checkups.unit.as_deref(), Some("%"));
    assert_eq!(checkups.baseline, reference(2018, "94.1%"));
    assert_eq!(checkups.target, reference(2025, "98.0%"));
    assert_eq!(
        values_of(checkups),
        values(&[(2020, "92.8%"), (2021, "96.0%"), (2022, "96.7%（速報値）")])
    );
    assert_eq!(checkups.value_reading(2022).unwrap().note, "速報値");
    assert_eq!(checkups.note, "令和2年度は集団健診を一部中止");

    let waiting = indicator(&measure("1-02").indicators, "待機児童数");
    assert_eq!(waiting.direction, Some(Direction::Decrease));
    assert_eq!(waiting.target, reference(2025, "0人"));

    let classes = indicator(&measure("2-01").indicators, "健康づくり教室の開催回数");
    assert_eq!(
        values_of(classes),
        values(&[(2020, "0回"), (2021, "年1回"), (2022, "2回/年")])
    );
    let screening = indicator(&measure("2-01").indicators, "特定健康診査の受診率");
    assert_eq!(screening.direction, Some(Direction::AtLeast));
    assert_eq!(screening.baseline, None);

    // A plain YAML number keeps the digits written: 1.50, not 1.5.
    let policy = site.nodes.iter().find(|n| n.id == "1").unwrap();
    let births = indicator(&policy.indicators, "合計特殊出生率");
    assert_eq!(births.target, reference(2025, "1.50"));
    assert_eq!(births.values[&2020], "1.35");
    let other = site.nodes.iter().find(|n| n.id == "2").unwrap();
    assert!(other.indicators.is_empty());
}

/// The fixture with one measure's front matter replaced.
fn site_with_measure(front: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&common::fixture("indicators"), dir.path());
    fs::write(
        dir.path().join("content/measures/2-02.md"),
        format!("---\n{front}---\n"),
    )
    .unwrap();
    dir
}

const MEASURE_HEAD: &str = "id: 2-02\npolicy: 2\ntitle: がん検診の受診勧奨\n";

/// `shinchoku check` on a site: its stderr, after asserting it failed.
fn check_fails(root: &Path) -> String {
    let output = common::shinchoku(["check".as_ref(), "--root".as_ref(), root.as_os_str()]);
    assert!(!output.status.success(), "check passed");
    common::stderr(&output)
}

#[test]
fn front_matter_mistakes_name_file_line_and_field() {
    // Line 2 of the file is the front matter's first line (id:).
    let cases: [(&str, &str, &[&str]); 5] = [
        (
            "indicators:\n  - name: 受診率\n    direction: 上がる\n",
            "content/measures/2-02.md:7",
            &[
                "indicators[1].direction",
                "上がる",
                "増加・減少・以上を維持・以下を維持",
            ],
        ),
        (
            "indicators:\n  - name: 受診率\n    values:\n      2020: 5%\n      2019: 4%\n",
            "content/measures/2-02.md:9",
            &[
                "indicators[1].values.2019",
                "fiscal_years",
                "2020, 2021, 2022",
            ],
        ),
        (
            "indicators:\n  - name: 受診率\n  - kind: 成果指標\n    values:\n      2020: 5%\n",
            "content/measures/2-02.md:7",
            &["indicators[2].name", "名前"],
        ),
        (
            "indicators:\n  - name: 受診率\n    targett: {year: 2025, value: 5%}\n",
            "content/measures/2-02.md:7",
            &["targett", "target"],
        ),
        (
            "indicators:\n  - name: 受診率\n    target: {year: 2025}\n",
            "content/measures/2-02.md:7",
            &["indicators[1].target.value", "value"],
        ),
    ];
    for (indicators, place, words) in cases {
        let site = site_with_measure(&format!("{MEASURE_HEAD}{indicators}"));
        let stderr = check_fails(site.path());
        assert!(stderr.contains(place), "{place} not in:\n{stderr}");
        for word in words {
            assert!(stderr.contains(word), "{word} not in:\n{stderr}");
        }
    }
}

/// A new site with a fixture's `site.toml` as it is (its layout is what
/// `import --detect` proposes), with `table` imported by the real binary.
fn imported(folder: &str, table: &str) -> (tempfile::TempDir, Site) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let init = common::shinchoku(["init".as_ref(), root.as_os_str()]);
    assert!(init.status.success(), "{}", common::stderr(&init));
    let fixture = common::fixture("tables").join(folder);
    fs::copy(fixture.join("site.toml"), root.join("site.toml")).unwrap();
    let import = common::import_into(&fixture.join(table), &root);
    assert!(import.status.success(), "{}", common::stderr(&import));
    let site = load(&root);
    (dir, site)
}

/// The KPI table's data rows: (name, baseline, target, values, note).
fn kpi_rows(table: &Path) -> Vec<Vec<String>> {
    common::table_rows(table, None)
        .into_iter()
        .map(|(_, cells)| cells)
        .filter(|cells| cells.len() >= 9 && cells[0] != "指標名" && !cells[2].is_empty())
        .collect()
}

const KPI_YEARS: [u16; 5] = [2019, 2020, 2021, 2022, 2023];

fn check_kpi(folder: &str, table: &str) {
    let (_dir, site) = imported(folder, table);
    let rows = kpi_rows(&common::fixture("tables").join(folder).join(table));
    assert_eq!(rows.len(), 12, "{table}");
    for cells in &rows {
        let measure = site
            .measures
            .iter()
            .find(|m| m.title == cells[0])
            .unwrap_or_else(|| panic!("{}: no measure", cells[0]));
        assert_eq!(measure.indicators.len(), 1, "{}", cells[0]);
        let indicator = &measure.indicators[0];
        assert_eq!(indicator.name, cells[0]);
        assert_eq!(
            indicator.baseline,
            reference(2018, &cells[1]),
            "{}",
            cells[0]
        );
        assert_eq!(indicator.target, reference(2025, &cells[2]), "{}", cells[0]);
        let written: Vec<(u16, String)> = KPI_YEARS
            .iter()
            .zip(&cells[3..8])
            .map(|(year, value)| (*year, value.clone()))
            .collect();
        assert_eq!(values_of(indicator), written, "{}", cells[0]);
        assert_eq!(indicator.note, cells[8], "{}", cells[0]);
    }
    let classes = site
        .measures
        .iter()
        .find(|m| m.title == "健康づくり教室の開催回数")
        .unwrap();
    assert_eq!(
        values_of(&classes.indicators[0]),
        values(&[
            (2019, "年2回"),
            (2020, "0回"),
            (2021, "年1回"),
            (2022, "2回/年"),
            (2023, "年3回")
        ])
    );
    assert_eq!(classes.indicators[0].baseline, reference(2018, "2回/年"));
    assert_eq!(classes.indicators[0].target, reference(2025, "年4回"));
    let years: Vec<u16> = site.plan.fiscal_years.iter().map(|fy| fy.year).collect();
    assert_eq!(years, KPI_YEARS);
}

#[test]
fn a_kpi_table_copied_from_a_web_page_imports_its_indicators() {
    check_kpi("kpi-web", "kpi.tsv");
}

#[test]
fn a_kpi_csv_in_shift_jis_imports_its_indicators() {
    check_kpi("kpi-csv", "kpi-sjis.csv");
}

#[test]
fn the_ofunato_workbook_imports_three_groups_of_indicators() {
    let table = "ofunato-jimujigyo-R7-seisaku2.xlsx";
    let (_dir, site) = imported("ofunato", table);
    let path = common::fixture("tables/ofunato").join(table);
    let rows = common::table_rows(&path, Some("データ集計マクロ用シート"));
    let header = &rows.iter().find(|(line, _)| *line == 2).unwrap().1;
    let column = |heading: &str| {
        header
            .iter()
            .position(|h| h.split_whitespace().collect::<String>() == heading)
            .unwrap_or_else(|| panic!("no column {heading}"))
    };
    let id_column = column("事務事業ID");
    let (_, project) = rows
        .iter()
        .find(|(_, cells)| {
            cells
                .iter()
                .any(|c| c == "二十歳のつどい実行委員会の開催回数")
        })
        .unwrap();
    let measure = site
        .measures
        .iter()
        .find(|m| m.id == project[id_column].trim())
        .unwrap();
    // The six blocks of yearly values are 令和2〜7年度; the value columns
    // of each indicator are the block's n-th with that heading.
    let value_columns = |heading: &str| -> Vec<usize> {
        header
            .iter()
            .enumerate()
            .filter(|(_, h)| h.split_whitespace().collect::<String>() == heading)
            .map(|(i, _)| i)
            .collect()
    };
    for (letter, group, kind) in [
        ("ア", "⑤ 活動指標（事務事業の活動量を表す指標）", "活動指標"),
        ("イ", "⑤ 活動指標（事務事業の活動量を表す指標）", "活動指標"),
        ("カ", "⑥ 対象指標（対象の大きさを表す指標）", "対象指標"),
        (
            "サ",
            "⑦ 成果指標（対象における意図の達成度を表す指標）",
            "成果指標",
        ),
    ] {
        let compact = |s: &str| s.split_whitespace().collect::<String>();
        let name = &project[column(&compact(&format!("{group}{letter}：名称")))];
        let unit = &project[column(&compact(&format!("{group}{letter}：単位")))];
        let short = format!(
            "{}{letter}",
            &group[..group.find('（').unwrap()].replace(' ', "")
        );
        let found = indicator(&measure.indicators, name);
        assert_eq!(found.kind, kind);
        assert_eq!(found.unit.as_deref(), Some(unit.as_str()), "{name}");
        let columns = value_columns(&short);
        assert_eq!(columns.len(), 6, "{short}");
        let written: Vec<(u16, String)> = (2020..=2025)
            .zip(columns)
            .map(|(year, c)| (year, project[c].trim().to_string()))
            .filter(|(_, value)| !value.is_empty() && value != "-")
            .collect();
        assert!(!written.is_empty(), "{name}");
        assert_eq!(values_of(found), written, "{name}");
    }
}

#[test]
fn a_hand_written_indicator_and_a_hand_edit_survive_a_re_import() {
    let (dir, _) = imported("kpi-web", "kpi.tsv");
    let root = dir.path().join("site");
    let file = root.join("content/measures/1-04.md");
    let text = fs::read_to_string(&file).unwrap();
    assert!(text.contains("name: 待機児童数"), "{text}");
    // A direction added by hand, and an indicator the table does not have.
    let edited = text
        .replacen(
            "  - name: 待機児童数\n",
            "  - name: 待機児童数\n    direction: 減少\n",
            1,
        )
        .replacen(
            "\n---\n",
            "\n  - name: 保育士の確保数\n    kind: 活動指標\n    target: {year: 2025, value: 40人}\n    values:\n      2022: 12人\n---\n",
            1,
        );
    fs::write(&file, &edited).unwrap();
    let table = common::fixture("tables/kpi-web/kpi.tsv");
    let again = common::import_into(&table, &root);
    assert!(again.status.success(), "{}", common::stderr(&again));
    assert_eq!(fs::read_to_string(&file).unwrap(), edited);
    let site = load(&root);
    let measure = site.measures.iter().find(|m| m.id == "1-04").unwrap();
    let waiting = indicator(&measure.indicators, "待機児童数");
    assert_eq!(waiting.direction, Some(Direction::Decrease));
    assert_eq!(waiting.values[&2022], "0人");
    let by_hand = indicator(&measure.indicators, "保育士の確保数");
    assert_eq!(by_hand.target, reference(2025, "40人"));
}

#[test]
fn a_heading_the_indicators_layout_names_but_the_table_lacks_is_named_with_close_ones() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    assert!(common::shinchoku(["init".as_ref(), root.as_os_str()])
        .status
        .success());
    let fixture = common::fixture("tables/kpi-web");
    let settings = fs::read_to_string(fixture.join("site.toml")).unwrap();
    let wrong = settings.replacen("= \"基準値（H30年度）\"", "= \"基準値（H31年度）\"", 1);
    assert_ne!(wrong, settings);
    fs::write(root.join("site.toml"), wrong).unwrap();
    let import = common::import_into(&fixture.join("kpi.tsv"), &root);
    assert!(!import.status.success());
    let stderr = common::stderr(&import);
    for words in [
        "kpi.tsv:4:",
        "[[import.indicators]] の1つ目の baseline",
        "「基準値（H31年度）」",
        "近い見出し: 「基準値（H30年度）」",
    ] {
        assert!(stderr.contains(words), "{words} not in:\n{stderr}");
    }
}
