//! The browser tests of `tests/browser/` (axe-core, keyboard, reflow, CSP,
//! XSS, screenshots), run from here so that `cargo test` covers them: one
//! build of the bundled site and one of the hostile fixture, one node run,
//! one chromium (which also drives `shinchoku serve`'s live reload). Locally a missing node/chromium/npm package skips them;
//! under `CI=true` it fails them.

mod common;

use std::fs;
use std::path::Path;

/// The bundled site as the browser tests need it: without `base_url`, so that
/// the 404 page links to the local server and not to the real host.
fn bundled_site_without_base_url() -> tempfile::TempDir {
    let site = common::copy_of_bundled_site();
    let config = fs::read_to_string(site.path().join("site.toml")).unwrap();
    let without: String = config
        .lines()
        .filter(|line| !line.starts_with("base_url"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(without, config, "site.toml sets base_url");
    fs::write(site.path().join("site.toml"), without).unwrap();
    site
}

#[test]
fn browser_tests_pass() {
    if !common::tool_available("node", common::node_available()) {
        return;
    }
    let root = bundled_site_without_base_url();
    let (_bundled, bundled) = common::build(root.path());
    let served = tempfile::tempdir().unwrap();
    common::copy_dir(&common::fixture("minimal"), served.path());
    let (_hostile, hostile) = common::build(&common::fixture("hostile"));
    let (_indicators, indicators) = common::build(&common::fixture("indicators"));
    let (_eight, eight) = common::build(&common::fixture("eight-policies"));
    let symbols_root = common::imported_table_site("grades-sabc", "grades.tsv");
    let (_symbols, symbols) = common::build(symbols_root.path());
    let ofunato_root = common::imported_table_site("ofunato", "ofunato-jimujigyo-R7-seisaku2.xlsx");
    let (_ofunato, ofunato) = common::build(ofunato_root.path());
    common::run_node_tests(
        &["--test-concurrency=1", "tests/browser/"],
        &[
            ("A11Y_SITE", bundled.as_path()),
            ("HOSTILE_SITE", hostile.as_path()),
            ("INDICATORS_SITE", indicators.as_path()),
            ("EIGHT_POLICIES_SITE", eight.as_path()),
            ("SYMBOLS_SITE", symbols.as_path()),
            ("OFUNATO_SITE", ofunato.as_path()),
            ("SERVE_SITE", served.path()),
            ("SHINCHOKU_BIN", Path::new(env!("CARGO_BIN_EXE_shinchoku"))),
        ],
    );
}
