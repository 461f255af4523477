//! A fiscal year declared a draft (集計中) and the completeness reports of
//! `check` and `import`. The fixture `drafts` is `minimal` with 令和3年度
//! (2021) declared `draft: true`: 1-01 reported, 1-02 a blank record (as a
//! returned template leaves it), 2-01 no record at all.

mod common;

use std::path::Path;
use std::process::Output;

use common::fixture;

fn shinchoku(args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn check(root: &Path, verbose: bool) -> String {
    let root = root.to_str().unwrap();
    let mut args = vec!["check", "--root", root];
    if verbose {
        args.push("--verbose");
    }
    stdout(&shinchoku(&args))
}

#[test]
fn check_counts_reports_per_year_and_names_the_sections_missing_some() {
    let report = check(&fixture("drafts"), false);
    for line in [
        "  令和元年度（2019年度）: 3/3件\n",
        "  令和2年度（2020年度）: 3/3件\n",
        "  令和3年度（2021年度）: 1/3件（集計中）\n",
        "  男女共同参画課: 令和3年度 0/1件\n",
        "  高齢福祉課: 令和3年度 0/1件\n",
    ] {
        assert!(report.contains(line), "{line:?} missing:\n{report}");
    }
    assert!(
        !report.contains("障がい保健福祉課"),
        "a section with every report is not listed:\n{report}"
    );
    assert!(
        !report.contains("    令和3年度 未報告"),
        "the compact report has no per-measure list:\n{report}"
    );
}

#[test]
fn check_verbose_lists_every_measure_missing_a_report() {
    let report = check(&fixture("drafts"), true);
    assert!(
        report.contains("  高齢福祉課: 令和3年度 0/1件\n    令和3年度 未報告: 1-02 地域包括ケアシステムの推進\n"),
        "{report}"
    );
    assert!(
        report.contains("    令和3年度 未報告: 2-01 DV・デートDV防止啓発\n"),
        "{report}"
    );
}

#[test]
fn check_says_what_a_draft_year_lacks_and_how_to_publish_it() {
    let report = check(&fixture("drafts"), false);
    let draft = report
        .split_once("令和3年度（2021年度）は集計中（draft: true）です。")
        .unwrap_or_else(|| panic!("no draft section:\n{report}"))
        .1;
    assert!(draft.contains("合計とグラフには含めていません"), "{draft}");
    assert!(draft.contains("次の 2件の報告が必要です"), "{draft}");
    assert!(
        draft.contains("    男女共同参画課: 2-01 DV・デートDV防止啓発\n"),
        "{draft}"
    );
    assert!(
        draft.contains("    高齢福祉課: 1-02 地域包括ケアシステムの推進\n"),
        "{draft}"
    );
    assert!(
        draft.contains(
            "content/_index.md の fiscal_years で 2021 年度の draft: true を消してください"
        ),
        "{draft}"
    );
}

#[test]
fn check_of_the_bundled_site_finds_every_report() {
    let report = check(&common::repo(), false);
    assert_eq!(
        report,
        "年度ごとの報告状況（報告のある施策／施策数）:\n  令和元年度（2019年度）: 44/44件\n  令和2年度（2020年度）: 44/44件\nすべての年度で、すべての施策に報告があります。\n"
    );
}
