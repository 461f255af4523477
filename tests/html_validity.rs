//! Every page of the bundled site, of the indicators fixture (tables,
//! charts and summaries of 評価指標) and of a table graded S/A/B/C/−, and
//! the pages of the Ofunato workbook's yearly figures, are valid HTML
//! according to the W3C Nu HTML Checker (npm `vnu-jar`, run with the
//! machine's Java).

mod common;

use common::*;
use std::process::Command;

#[test]
fn bundled_site_has_no_html_errors() {
    check_site(&repo());
}

#[test]
fn indicator_pages_have_no_html_errors() {
    check_site(&fixture("indicators"));
}

#[test]
fn a_scale_of_symbols_has_no_html_errors() {
    let site = imported_table_site("grades-sabc", "grades.tsv");
    check_site(site.path());
}

#[test]
fn yearly_figure_pages_have_no_html_errors() {
    let site = imported_table_site("ofunato", "ofunato-jimujigyo-R7-seisaku2.xlsx");
    let (_tmp, out) = build(site.path());
    let pages = [
        "index.html",
        "seisaku/2.html",
        "measures/0065.html",
        "measures.html",
        "data.html",
    ];
    check_files(&pages.map(|page| out.join(page)));
}

fn check_site(root: &std::path::Path) {
    let (_tmp, out) = build(root);
    check_files(&[out]);
}

/// The Nu checker's errors on `paths` (pages, or folders of pages).
fn check_files(paths: &[std::path::PathBuf]) {
    let jar = repo().join("node_modules/vnu-jar/build/dist/vnu.jar");
    let java = Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !tool_available("java and npm vnu-jar (npm ci)", java && jar.exists()) {
        return;
    }
    let output = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html", "--format", "text"])
        .args(paths)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&output.stderr).into_owned()
        + &String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "Nu HTML Checker found errors:\n{report}"
    );
}
