//! Indicators (評価指標) as a citizen sees them: the fixture
//! `tests/fixtures/indicators` built by the real pipeline, and each number
//! on a measure page, in its chart's CSV and in `data/indicators.csv`
//! checked against the values written in the content files.

mod common;

use std::path::Path;
use std::sync::OnceLock;

fn built() -> &'static Path {
    static BUILT: OnceLock<(tempfile::TempDir, std::path::PathBuf)> = OnceLock::new();
    &BUILT
        .get_or_init(|| common::build(&common::fixture("indicators")))
        .1
}

/// (実績 − 基準) ÷ (目標 − 基準) × 100, one decimal, no trailing `.0`:
/// worked out here independently of the site's code.
fn rate(value: f64, baseline: f64, target: f64) -> String {
    let percent = (value - baseline) / (target - baseline) * 100.0;
    let rounded = format!("{percent:.1}");
    rounded.trim_end_matches(".0").to_string()
}

/// The lines of a CSV the site wrote, without the BOM.
fn csv_lines(page: &str) -> Vec<String> {
    let text = common::read(built(), page);
    text.trim_start_matches('\u{feff}')
        .lines()
        .map(str::to_string)
        .collect()
}

/// The content file that holds the values the tests check.
fn content(file: &str) -> String {
    std::fs::read_to_string(common::fixture("indicators").join("content").join(file)).unwrap()
}

/// 1-01 乳幼児健診の受診率: 94.1% → 98.0%, written 92.8%, 96.0%, 96.7%（速報値）.
const CHECKUP: [(u16, &str, &str, f64); 3] = [
    (2020, "令和2年度", "92.8%", 92.8),
    (2021, "令和3年度", "96.0%", 96.0),
    (2022, "令和4年度", "96.7%（速報値）", 96.7),
];

#[test]
fn measure_page_table_shows_each_value_as_written_with_its_rate() {
    let file = content("measures/1-01.md");
    for needle in [
        "\"94.1%\"",
        "\"98.0%\"",
        "92.8%",
        "96.0%",
        "96.7%（速報値）",
    ] {
        assert!(file.contains(needle), "the fixture changed: {needle}");
    }
    let html = common::read(built(), "measures/1-01.html");
    assert!(
        html.contains("<caption>乳幼児健診の受診率（成果指標） 単位: % 方向: 増加</caption>"),
        "{html}"
    );
    assert!(html.contains("基準値（2018年度）</th><td>94.1%</td>"));
    assert!(html.contains("目標値（2025年度）</th><td>98.0%</td>"));
    let table = &html[html.find("indicator-table").unwrap()..];
    for (year, label, raw, value) in CHECKUP {
        let row = &table[table.find(&format!("{label}（{year}年度）")).unwrap()..];
        let row = &row[..row.find("</tr>").unwrap()];
        assert!(row.contains(&format!("<td>{raw}")), "{row}");
        let expected = rate(value, 94.1, 98.0);
        assert!(
            row.contains(&format!("<td class=\"number\">{expected}</td>")),
            "{year}: {expected} in {row}"
        );
    }
    // -33.3 is less than 2 of 7 years' share: behind; later years on track.
    assert!(html.contains("indicator-track-behind"));
    assert!(html.contains("charts/measures/1-01-indicator-1.svg"));
    assert!(html.contains("charts/measures/1-01-indicator-1.csv"));
}

#[test]
fn chart_csv_and_svg_hold_the_same_numbers() {
    let lines = csv_lines("charts/measures/1-01-indicator-1.csv");
    assert_eq!(
        lines[0],
        "年度（西暦）,年度,実績値（記載のまま）,実績値,単位,基準値,目標値,進捗率（%）,状況"
    );
    let statuses = ["遅れ", "順調", "順調"];
    for ((year, label, raw, value), status) in CHECKUP.into_iter().zip(statuses) {
        let expected = format!(
            "{year},{label},{raw},{value},%,94.1,98,{},{status}",
            rate(value, 94.1, 98.0)
        );
        assert!(lines.contains(&expected), "{expected} in {lines:#?}");
    }
    let svg = common::read(built(), "charts/measures/1-01-indicator-1.svg");
    for (_, _, _, value) in CHECKUP {
        assert!(
            svg.contains(&format!(">{value}</text>")),
            "{value} in the chart"
        );
    }
    assert!(svg.contains("<title id=\"chart-title\">") && svg.contains("<desc id=\"chart-desc\">"));
    assert!(svg.contains("stroke-dasharray=\"10 6\""), "the target line");
    assert!(svg.is_ascii());
}

#[test]
fn indicators_csv_has_a_row_per_indicator_and_year() {
    let lines = csv_lines("data/indicators.csv");
    assert!(
        lines[0].starts_with("施策ID,基本施策番号,指標名,指標の種類,単位,方向,"),
        "{}",
        lines[0]
    );
    let (year, label, raw, value) = CHECKUP[2];
    let row = format!(
        "1-01,1,乳幼児健診の受診率,成果指標,%,increase,94.1%,94.1,2018,98.0%,98,2025,{year},{label},確定,{raw},{value},%,速報値,{},on_track,,令和2年度は集団健診を一部中止,measures/1-01.html",
        rate(value, 94.1, 98.0)
    );
    assert!(lines.contains(&row), "{row} in {lines:#?}");
    // A node's own indicator: no measure id, its page is the node's.
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("\"\",1,合計特殊出生率,数値目標,")
                && l.ends_with(",policies/1.html")),
        "{lines:#?}"
    );
    // Every indicator (8 of measures, 1 of a policy) × 3 fiscal years.
    assert_eq!(lines.len(), 1 + 9 * 3);
    let json: serde_json::Value =
        serde_json::from_str(&common::read(built(), "data/measures.json")).unwrap();
    let checkup = &json["measures"][0]["indicators"][0];
    assert_eq!(checkup["values"][2]["number"], 96.7);
    assert_eq!(checkup["values"][2]["value"], "96.7%（速報値）");
    assert_eq!(checkup["values"][2]["progress"], 66.7);
    assert_eq!(
        json["policies"][0]["indicators"][0]["name"],
        "合計特殊出生率"
    );
}

#[test]
fn a_value_that_cannot_be_compared_shows_why_and_no_rate() {
    let file = content("measures/1-03.md");
    assert!(file.contains("target: {year: 2025, value: 増加}"));
    let html = common::read(built(), "measures/1-03.html");
    let second = &html[html.find("id=\"indicator-2\"").unwrap()..];
    let second = &second[..second.find("</table>").unwrap()];
    assert!(second.contains("24.8%"), "{second}");
    assert!(
        second.contains("（目標値が数値ではありません）"),
        "{second}"
    );
    assert!(!second.contains("indicator-track-on_track"), "{second}");
    assert!(
        second.contains("<td class=\"number\">-</td>"),
        "no rate: {second}"
    );
    let lines = csv_lines("data/indicators.csv");
    let row = lines
        .iter()
        .find(|l| l.contains("地域活動に参加している保護者の割合") && l.contains(",2020,"))
        .unwrap();
    assert!(
        row.contains(",,not_evaluable,目標値が数値ではありません,"),
        "{row}"
    );
}

#[test]
fn node_and_top_pages_count_the_indicators_on_track() {
    // 基本施策1 in 令和4年度, worked out from the content files:
    // 乳幼児健診 66.7 ≥ 57.1 and 待機児童数 100: 順調; 合計特殊出生率 and
    // 子育て支援センターの利用者数 fell below their baselines: 遅れ;
    // 保育所の定員 (no baseline, no direction) and the 増加 target: 評価できない.
    let html = common::read(built(), "policies/1.html");
    let summary = &html[html.find("id=\"indicator-summary\"").unwrap()..];
    let counts = common::text_without_spaces(&summary[..summary.find("<figure").unwrap()]);
    for expected in [
        "順調2件（33.3%）順調の指標乳幼児健診の受診率（1-01乳幼児健康診査）待機児童数（1-02保育所の整備）",
        "遅れ2件（33.3%）",
        "評価できない2件（33.3%）",
    ] {
        assert!(counts.contains(expected), "{expected} in {counts}");
    }
    assert!(summary.contains("measures/1-01.html#indicators"));
    let tracks = csv_lines("charts/policy-1-tracks.csv");
    assert_eq!(tracks.last().unwrap(), "2022,令和4年度,2,2,2,6,33.3");
    // The policy's own indicator has its table on the policy page.
    assert!(html.contains("合計特殊出生率（数値目標）"));
    let top = common::read(built(), "index.html");
    assert!(
        top.contains("charts/plan-tracks.svg"),
        "the top page's summary"
    );
    let data = common::read(built(), "data.html");
    assert!(data.contains("data/indicators.csv"));
    assert!(data.contains("実績値が目標値以上なら 100"), "the formulas");
}

#[test]
fn computed_grade_is_shown_where_the_city_gives_none_or_when_asked() {
    // 1-03 has no record for 令和4年度: its grade that year is computed from
    // the one indicator with a rate, (11,244 − 12,480) ÷ (15,000 − 12,480).
    let file = content("measures/1-03.md");
    assert!(file.contains("2022: 11,244人") && !file.contains("  2022:\n    status"));
    let html = common::read(built(), "measures/1-03.html");
    let expected = rate(11244.0, 12480.0, 15000.0);
    assert!(html.contains(&format!("平均 {expected}%")), "{expected}");
    assert!(html.contains("計算値</span>"));
    // 1-02 has the city's 達成度 every year: no computed grade by default…
    let html = common::read(built(), "measures/1-02.html");
    assert!(!html.contains("計算値</span>"));
    // …but beside it when the site asks.
    let site = tempfile::tempdir().unwrap();
    common::copy_dir(&common::fixture("indicators"), site.path());
    let toml = site.path().join("site.toml");
    let settings = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        format!("{settings}\n[indicators]\nshow_computed_grade = true\n"),
    )
    .unwrap();
    let (_guard, out) = common::build(site.path());
    let html = common::read(&out, "measures/1-02.html");
    // 待機児童数 18 → 0: 7 in 令和2年度; 保育所の定員 has no rate.
    assert!(
        html.contains(&format!("平均 {}%", rate(7.0, 18.0, 0.0))),
        "{html}"
    );
    assert!(html.contains("計算値</span>"));
}
