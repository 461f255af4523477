//! A chart that would have no number is left out: no file under `charts/`,
//! no `<figure>` on a page, no line on the data page. A site graded with
//! symbols has no percentages (no per-measure or trend chart, but its grade
//! distribution); a KPI site has no achievement at all (no chart of
//! grades either). The bundled plan keeps every chart it has. The data
//! page says what 「-」 is by the scale.
//!
//! Also the numbers a measure's page and the finder read from the yearly
//! figures and the indicators: a figure is shown once on the measure page
//! (in its table, not again among the year's fields), and the finder has a
//! sortable column of the total cost and of the indicators on track.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

/// The temp dirs a built site lives in: its root and its output.
type Kept = (tempfile::TempDir, tempfile::TempDir);

/// The table of `tests/fixtures/tables/<folder>` imported with only its
/// `site.toml`, then built.
fn imported(folder: &str, table: &str) -> (Kept, PathBuf) {
    let site = common::imported_table_site(folder, table);
    let (built, out) = common::build(site.path());
    ((site, built), out)
}

/// The chart files of a built site (none: no `charts/` folder), by name.
fn chart_files(out: &Path) -> Vec<String> {
    let Ok(folder) = fs::read_dir(out.join("charts")) else {
        return Vec::new();
    };
    let mut names: Vec<String> = folder
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Every page of the site: path → HTML.
fn pages(out: &Path) -> Vec<(String, String)> {
    common::tree(out)
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path, String::from_utf8(bytes).unwrap()))
        .collect()
}

/// No page links a chart file the site did not write: the data page lists
/// only the charts there are.
fn assert_every_chart_link_resolves(out: &Path) {
    let broken = common::broken_links(out);
    assert!(broken.is_empty(), "{broken:?}");
}

#[test]
fn a_symbol_scale_site_keeps_its_grade_charts_and_drops_the_percentage_ones() {
    let (_dir, out) = imported("grades-sabc", "grades.tsv");
    let files = chart_files(&out);
    for name in &files {
        assert!(
            !name.ends_with("-trend.svg")
                && !name.ends_with("-trend.csv")
                && !name.contains("-percentages"),
            "{name} has no number in a site graded S/A/B/C: {files:?}"
        );
    }
    for kept in [
        "plan-grades.svg",
        "plan-grades.csv",
        "shisaku-1-grades.svg",
        "shisaku-2-grades.csv",
    ] {
        assert!(files.contains(&kept.to_string()), "{kept}: {files:?}");
    }
    for (path, html) in pages(&out) {
        assert!(
            !html.contains("-trend.svg") && !html.contains("-percentages"),
            "{path} still shows an empty chart"
        );
        assert!(!html.contains("平均達成度の推移"), "{path}");
    }
    let top = common::read(&out, "index.html");
    assert!(
        top.contains("charts/plan-grades.svg"),
        "top page lost its grades"
    );
    let node = common::read(&out, "shisaku/1.html");
    assert!(node.contains("charts/shisaku-1-grades.svg"));
    assert!(node.contains("達成度区分の分布"));
    // 「-」 is the scale's step 評価できない here, not 実施なし.
    let data = common::text_without_spaces(&common::read(&out, "data.html"));
    assert!(!data.contains("または「-」"), "{data}");
    assert!(data.contains("「実施なし」と書かれたもの"), "{data}");
    assert_every_chart_link_resolves(&out);
}

#[test]
fn a_kpi_site_without_achievements_draws_no_chart_of_grades_or_percentages() {
    let (_dir, out) = imported("kpi-web", "kpi.tsv");
    let files = chart_files(&out);
    for name in &files {
        assert!(
            !name.ends_with("-grades.svg")
                && !name.ends_with("-grades.csv")
                && !name.contains("-trend.")
                && !name.contains("-percentages"),
            "{name} would only count 記入なし: {files:?}"
        );
    }
    for (path, html) in pages(&out) {
        for empty in ["-grades.svg", "-trend.svg", "-percentages", "-grades.csv"] {
            assert!(!html.contains(empty), "{path} links {empty}");
        }
        assert!(
            !html.contains("達成度区分の分布") && !html.contains("平均達成度の推移"),
            "{path} keeps a section of nothing"
        );
    }
    // The measures' own tables stay: each node page still lists its measures.
    let node = common::read(&out, "policy/1.html");
    assert!(
        node.contains("<table"),
        "policy/1.html lost its measure table"
    );
    // What is drawn is the indicators against their targets.
    assert!(common::read(&out, "data.html").contains("-indicator-1.csv"));
    assert_every_chart_link_resolves(&out);
}

#[test]
fn the_bundled_plan_keeps_every_chart_of_every_node() {
    let (_guard, out) = common::build(&common::repo());
    let files = chart_files(&out);
    let nodes: Vec<String> = fs::read_dir(out.join("policies"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".html") && !name.contains('-'))
        .collect();
    assert!(nodes.len() >= 4, "{nodes:?}");
    assert!(files.contains(&"plan-grades.svg".to_string()));
    let data = common::text_without_spaces(&common::read(&out, "data.html"));
    assert!(
        data.contains("「実施なし」または「-」と書かれたもの"),
        "{data}"
    );
    for page in &nodes {
        let subject = format!("policy-{}", page.trim_end_matches(".html"));
        for kind in ["grades", "percentages", "trend"] {
            for ext in ["svg", "csv"] {
                let name = format!("{subject}-{kind}.{ext}");
                assert!(files.contains(&name), "{name} missing: {files:?}");
            }
        }
        let html = common::read(&out, &format!("policies/{page}"));
        for kind in ["grades", "percentages", "trend"] {
            assert!(
                html.contains(&format!("charts/{subject}-{kind}.svg")),
                "{page}"
            );
        }
    }
}

/// The Ofunato workbook imported with its `site.toml`, built.
fn ofunato() -> (Kept, PathBuf) {
    imported("ofunato", OFUNATO)
}

const OFUNATO: &str = "ofunato-jimujigyo-R7-seisaku2.xlsx";

/// The workbook's cells under `heading` (one per year block, oldest first)
/// in the row of the measure titled `title`, and that row's ID.
fn workbook_cells(title: &str, heading: &str) -> (String, Vec<String>) {
    let path = common::fixture("tables/ofunato").join(OFUNATO);
    let rows = common::table_rows(&path, Some("データ集計マクロ用シート"));
    let squeezed = |text: &str| -> String { text.chars().filter(|c| !c.is_whitespace()).collect() };
    let headings: Vec<String> = rows[1].1.iter().map(|h| squeezed(h)).collect();
    let (_, row) = rows
        .iter()
        .find(|(_, cells)| cells.iter().any(|c| c == title))
        .unwrap_or_else(|| panic!("the workbook has {title}"));
    let column = |name: &str| -> Vec<String> {
        headings
            .iter()
            .zip(row)
            .filter(|(h, _)| *h == name)
            .map(|(_, cell)| cell.trim().to_string())
            .collect()
    };
    let id = format!("{:0>4}", column("事務事業ID")[0]);
    (id, column(&squeezed(heading)))
}

#[test]
fn a_measure_page_shows_its_yearly_figures_once_in_their_table() {
    let (_dir, out) = ofunato();
    let (id, costs) = workbook_cells("狂犬病予防事業", "人件費計 (B)");
    let page = common::read(&out, &format!("measures/{id}.html"));
    // Every number of its years is in the figures and indicator tables
    // above, so no year repeats them in a section of its own …
    assert!(!page.contains("id=\"year-2020\""), "an empty year section");
    for figure in ["人件費", "トータルコスト", "国庫支出金"] {
        assert!(!page.contains(&format!("<h3>{figure}</h3>")), "{figure}");
    }
    // … and the city's 活動指標 ア is one of its indicators.
    assert!(page.contains("indicator-table"), "no indicator table");
    // In the figures table, as the workbook has it (1200 → 1,200).
    let figures = page
        .split_once("<section class=\"figures\"")
        .and_then(|(_, rest)| rest.split_once("</section>"))
        .map(|(section, _)| common::text_without_spaces(section))
        .expect("the page has its figures table");
    assert_eq!(costs[0], "1200");
    assert!(figures.contains("人件費"), "{figures}");
    assert!(figures.contains("1,200"), "{figures}");
}

/// The finder's cell of column `key` in the row of measure `id`: its
/// text (no spaces) and its sort key.
fn finder_cell(out: &Path, id: &str, key: &str) -> (String, Option<String>) {
    let html = common::read(out, "measures.html");
    let head = html.split_once("</thead>").unwrap().0;
    let keys: Vec<&str> = head
        .split("data-key=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .collect();
    let column = keys
        .iter()
        .position(|k| *k == key)
        .unwrap_or_else(|| panic!("no column {key}: {keys:?}"));
    let link = format!("href=\"measures/{id}.html\"");
    let row = html
        .split("<tr")
        .find(|row| row.contains(&link))
        .unwrap_or_else(|| panic!("no row of {id}"));
    let row = row.split("</tr>").next().unwrap();
    // Each cell: from its `<td`/`<th ` to its closing tag.
    let cell = row
        .match_indices('<')
        .map(|(at, _)| &row[at + 1..])
        .filter(|rest| rest.starts_with("td") || rest.starts_with("th "))
        .nth(column)
        .unwrap();
    let (opening, inner) = cell.split_once('>').unwrap();
    let sort = opening
        .split_once("data-sort=\"")
        .map(|(_, rest)| rest.split('"').next().unwrap().to_string());
    let inner = &inner[..inner.find("</t").unwrap()];
    (common::text_without_spaces(inner), sort)
}

/// `1238` → `1,238`.
fn with_separators(digits: &str) -> String {
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    grouped
}

#[test]
fn the_finder_shows_and_sorts_the_total_cost_of_the_latest_year() {
    let (_dir, out) = ofunato();
    let (id, totals) = workbook_cells("狂犬病予防事業", "トータルコスト(A)＋(B)");
    // The workbook's last year block is 令和7年度, the latest counted.
    let latest = totals.last().unwrap();
    assert!(latest.chars().all(|c| c.is_ascii_digit()), "{latest}");
    let (text, sort) = finder_cell(&out, &id, "total");
    assert_eq!(text, format!("{}千円", with_separators(latest)));
    assert_eq!(sort.as_deref(), Some(latest.as_str()));
    let html = common::read(&out, "measures.html");
    assert!(
        html.contains("data-key=\"total\" data-sortable>トータルコスト（令和7年度、千円）</th>"),
        "{}",
        html.split_once("</thead>").unwrap().0
    );
}

#[test]
fn the_finder_counts_each_measures_indicators_on_track_and_behind() {
    let (_guard, out) = common::build(&common::fixture("indicators"));
    // 1-01: baseline 94.1% (2018), target 98.0% (2025), 96.7% in 2022:
    // (96.7 − 94.1) ÷ (98.0 − 94.1) = 66.7% ≥ 4/7 of the time = 57.1%.
    assert_eq!(
        finder_cell(&out, "1-01", "tracks"),
        ("順調1/遅れ0".to_string(), Some("100".to_string()))
    );
    let html = common::read(&out, "measures.html");
    assert!(html.contains("data-key=\"tracks\" data-sortable>評価指標の状況（令和4年度）</th>"));
    // No total figure declared: no column for it.
    assert!(!html.contains("data-key=\"total\""));
    // Every measure with indicators has a count; the shares sort them.
    let sorts: Vec<Option<String>> = ["1-01", "1-02", "1-03", "2-01", "2-02"]
        .iter()
        .map(|id| finder_cell(&out, id, "tracks").1)
        .collect();
    assert!(
        sorts.iter().flatten().all(|s| s.parse::<f64>().is_ok()),
        "{sorts:?}"
    );
}
