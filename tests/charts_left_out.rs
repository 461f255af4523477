//! A chart that would have no number is left out: no file under `charts/`,
//! no `<figure>` on a page, no line on the data page. A site graded with
//! symbols has no percentages (no per-measure or trend chart, but its grade
//! distribution); a KPI site has no achievement at all (no chart of
//! grades either). The bundled plan keeps every chart it has. The data
//! page says what 「-」 is by the scale.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

/// The table of `tests/fixtures/tables/<folder>` imported with only its
/// `site.toml`, then built.
fn imported(folder: &str, table: &str) -> (tempfile::TempDir, PathBuf) {
    let fixture = common::fixture("tables").join(folder);
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    fs::create_dir_all(&site).unwrap();
    fs::copy(fixture.join("site.toml"), site.join("site.toml")).unwrap();
    let import = common::import_into(&fixture.join(table), &site);
    assert!(import.status.success(), "{}", common::stderr(&import));
    let (_guard, out) = common::build(&site);
    let kept = dir.path().join("public");
    fs::rename(&out, &kept).unwrap();
    (dir, kept)
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
    assert!(!common::read(&out, "data.html").contains("グラフの数値（CSV）"));
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
