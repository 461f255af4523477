//! Hostile and broken input: each case is the minimal fixture with one thing
//! broken, built into a temp dir. Each gives a clear error (or warning) naming
//! the file and line; nothing panics; nothing is written, least of all
//! outside the output directory. (That markup in content never runs is
//! tested in a browser: tests/fixtures/hostile, tests/browser/xss.mjs.)

#[path = "hostile/collisions.rs"]
mod collisions;
mod common;
#[path = "hostile/control_characters.rs"]
mod control_characters;
#[path = "hostile/settings.rs"]
mod settings;
#[path = "hostile/special_files.rs"]
mod special_files;
#[path = "hostile/theme_files.rs"]
mod theme_files;

use std::fs;
use std::path::{Path, PathBuf};

const MEASURE: &str = "content/measures/1-02.md";

/// The minimal fixture in a temp dir, changed by `edit`.
fn site_with(edit: impl FnOnce(&Path)) -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    let from = common::fixture("minimal");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let target = root.path().join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
    edit(root.path());
    root
}

fn measure(id: &str, extra: &str) -> String {
    format!("---\nid: {id}\npolicy: 1\ntitle: テスト\n{extra}---\n")
}

/// Builds the site; asserts it fails, wrote nothing (not even next to the
/// output) and said `expected`. Returns the whole message.
fn refused(root: &Path, expected: &str) -> String {
    let out_parent = tempfile::tempdir().unwrap();
    let out = out_parent.path().join("public");
    let message = match shinchoku::pipeline::build(root, Some(&out)) {
        Ok(_) => panic!("the build succeeded; expected {expected:?}"),
        Err(e) => e.to_string(),
    };
    assert!(
        message.contains(expected),
        "expected {expected:?} in:\n{message}"
    );
    assert_eq!(
        fs::read_dir(out_parent.path()).unwrap().count(),
        0,
        "output or temp files written"
    );
    message
}

fn built(root: &Path) -> (tempfile::TempDir, PathBuf) {
    common::build(root)
}

#[test]
fn ids_that_would_name_other_paths_are_refused() {
    for id in [
        "../../outside",
        "/etc/passwd",
        "'a\0b'",
        "CON.html",
        "con",
        "Com1",
        "a/b",
        "\"..\"",
        "'C:\\x'",
    ] {
        let site = site_with(|root| fs::write(root.join(MEASURE), measure(id, "")).unwrap());
        refused(site.path(), &format!("{MEASURE}:2: エラー: id:"));
        assert!(
            !site.path().join("outside").exists()
                && !site.path().parent().unwrap().join("outside.html").exists()
        );
    }
}

#[test]
fn a_symlink_out_of_content_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.md"), measure("9-99", "")).unwrap();
    let site = site_with(|root| {
        std::os::unix::fs::symlink(
            outside.path().join("secret.md"),
            root.join("content/measures/9-99.md"),
        )
        .unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("content/policies/linked")).unwrap();
    });
    let message = refused(
        site.path(),
        "content/measures/9-99.md: エラー: シンボリックリンクは使えません",
    );
    assert!(
        message.contains("content/policies/linked: エラー: シンボリックリンク"),
        "{message}"
    );
}

#[test]
fn invalid_utf8_names_the_line() {
    let site = site_with(|root| {
        let mut bytes = measure("1-02", "").into_bytes();
        bytes.extend_from_slice(b"ok\n\xff\xfe broken\n");
        fs::write(root.join(MEASURE), bytes).unwrap();
    });
    refused(
        site.path(),
        &format!("{MEASURE}:7: エラー: 文字コードが UTF-8 ではありません"),
    );
}

#[test]
fn malformed_yaml_and_wrong_types_name_file_line_and_field() {
    let site = site_with(|root| {
        fs::write(root.join(MEASURE), measure("1-02", "years: [unclosed\n")).unwrap()
    });
    refused(site.path(), &format!("{MEASURE}:5: エラー:"));
    let site = site_with(|root| {
        fs::write(root.join(MEASURE), measure("1-02", "plan_page: 二十一\n")).unwrap()
    });
    refused(site.path(), &format!("{MEASURE}:5: エラー: plan_page:"));
    let site = site_with(|root| fs::write(root.join(MEASURE), "---\nid: [1, 2\n").unwrap());
    refused(site.path(), MEASURE);
}

#[test]
fn an_unknown_field_is_refused_with_a_suggestion() {
    // Refused, not warned: a misspelt field would otherwise vanish from the site.
    let site = site_with(|root| {
        fs::write(root.join(MEASURE), measure("1-02", "titel: 二つ目\n")).unwrap()
    });
    let message = refused(site.path(), &format!("{MEASURE}:5: エラー:"));
    assert!(
        message.contains("title"),
        "did-you-mean names title:\n{message}"
    );
}

#[test]
fn an_achievement_that_is_not_a_number_is_kept_as_text() {
    let year = "years:\n  2019:\n    achievement: おおむね達成（数値は次年度に報告）\n";
    let site = site_with(|root| fs::write(root.join(MEASURE), measure("1-02", year)).unwrap());
    let warnings = shinchoku::pipeline::check(site.path())
        .expect("only a warning")
        .to_string();
    assert!(
        warnings.contains(&format!(
            "{MEASURE}:6: 警告: years.2019.achievement: 達成度「おおむね達成"
        )),
        "{warnings}"
    );
    let (_guard, out) = built(site.path());
    let page = common::text_without_spaces(&common::read(&out, "measures/1-02.html"));
    assert!(
        page.contains("おおむね達成（数値は次年度に報告）"),
        "kept as written"
    );
}

#[test]
fn a_10_mb_cell_builds() {
    let cell = "長い記述。".repeat(10 * 1024 * 1024 / "長い記述。".len());
    let year = format!("years:\n  2019:\n    status: {cell}\n");
    let site = site_with(|root| fs::write(root.join(MEASURE), measure("1-02", &year)).unwrap());
    let (_guard, out) = built(site.path());
    assert!(fs::metadata(out.join("measures/1-02.html")).unwrap().len() > 10_000_000);
}

#[test]
fn a_hundred_thousand_empty_lines_build() {
    let blank = "\n".repeat(100_000);
    let site = site_with(|root| {
        let text = format!("---\nid: 1-02\n{blank}policy: 1\ntitle: テスト\n---\n{blank}本文\n");
        fs::write(root.join(MEASURE), text).unwrap();
    });
    let (_guard, out) = built(site.path());
    assert!(common::read(&out, "measures/1-02.html").contains("本文"));
    // And the line numbers of errors still count them.
    let site = site_with(|root| {
        fs::write(
            root.join(MEASURE),
            format!("---\nid: 1-02\n{blank}policy: x\ntitle: t\n---\n"),
        )
        .unwrap()
    });
    refused(site.path(), &format!("{MEASURE}:100003: エラー: policy:"));
}
