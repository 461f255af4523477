//! Every page of the bundled site, and of the indicators fixture (tables,
//! charts and summaries of 評価指標), is valid HTML according to the W3C Nu
//! HTML Checker (npm `vnu-jar`, run with the machine's Java).

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

fn check_site(root: &std::path::Path) {
    let jar = repo().join("node_modules/vnu-jar/build/dist/vnu.jar");
    let java = Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !tool_available("java and npm vnu-jar (npm ci)", java && jar.exists()) {
        return;
    }
    let (_tmp, out) = build(root);
    let output = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html", "--format", "text"])
        .arg(&out)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&output.stderr).into_owned()
        + &String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "Nu HTML Checker found errors:\n{report}"
    );
}
