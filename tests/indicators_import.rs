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
