//! A fiscal year declared a draft (集計中) and the completeness reports of
//! `check` and `import`. The fixture `drafts` is `minimal` with 令和3年度
//! (2021) declared `draft: true`: 1-01 reported, 1-02 a blank record (as a
//! returned template leaves it), 2-01 no record at all.

mod common;

use std::path::Path;
use std::process::Output;

use common::{fixture, read};

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
    // The report ends check's stdout, after the warnings it lists.
    let report = check(&common::repo(), false);
    assert!(
        report.ends_with("\n年度ごとの報告状況（報告のある施策／施策数）:\n  令和元年度（2019年度）: 44/44件\n  令和2年度（2020年度）: 44/44件\nすべての年度で、すべての施策に報告があります。\n"),
        "{report}"
    );
}

const NOTICE: &str = "<div class=\"draft-notice\" role=\"note\"><p>令和3年度（2021年度）は集計中です。数値は確定していません（報告のある施策 1件／3件）。合計とグラフには含めていません。</p></div>";

/// CSV rows without the BOM and the header.
fn csv_rows(out: &Path, file: &str) -> Vec<String> {
    read(out, file)
        .trim_start_matches('\u{feff}')
        .lines()
        .skip(1)
        .map(String::from)
        .collect()
}

#[test]
fn every_page_that_shows_the_draft_year_carries_the_notice() {
    let (_guard, out) = common::build(&fixture("drafts"));
    let department = common::tree(&out)
        .into_keys()
        .find(|p| p.starts_with("departments/d"))
        .unwrap();
    for page in [
        "index.html",
        "policies/1.html",
        "measures/1-01.html",
        &department,
    ] {
        let html = read(&out, page);
        assert_eq!(html.matches(NOTICE).count(), 1, "{page}:\n{html}");
    }
    for page in ["data.html", "search/index.html"] {
        assert!(!read(&out, page).contains("draft-notice"), "{page}");
    }
    let measure = read(&out, "measures/1-01.html");
    assert!(
        measure.contains(
            "<h2 id=\"year-2021\">令和3年度（2021年度）<span class=\"draft-mark\">集計中</span></h2>"
        ),
        "{measure}"
    );
    assert!(
        measure.contains("オンライン事例検討会を試行"),
        "draft text is published"
    );
    let search_documents: String = common::tree(&out)
        .into_iter()
        .filter(|(path, _)| path.starts_with("search/index/d/"))
        .map(|(_, bytes)| String::from_utf8(bytes).unwrap())
        .collect();
    assert!(
        search_documents.contains("オンライン事例検討会を試行"),
        "the search still finds the draft year's text"
    );
}

#[test]
fn totals_and_charts_leave_the_draft_year_out() {
    let (_guard, out) = common::build(&fixture("drafts"));
    assert_eq!(
        csv_rows(&out, "charts/plan-grades.csv"),
        [
            "2019,令和元年度,0,0,1,0,1,1,0,0,0,0,0,3",
            "2020,令和2年度,1,0,1,0,0,0,0,0,1,0,0,3",
        ]
    );
    assert_eq!(
        csv_rows(&out, "charts/policy-1-trend.csv"),
        ["2019,令和元年度,,0,2", "2020,令和2年度,85,2,2"]
    );
    assert!(
        !read(&out, "charts/policy-1-percentages.csv").contains("2021"),
        "the draft year's 40% is not charted"
    );
    let index = read(&out, "index.html");
    let table = index
        .split_once("<table class=\"grade-table\">")
        .and_then(|(_, rest)| rest.split_once("</table>"))
        .unwrap()
        .0;
    assert!(
        table.contains("（2020年度）") && !table.contains("2021"),
        "{table}"
    );
    // The policy cards' counts stop at the last final year.
    let card = index
        .split_once("<table class=\"grade-counts-table\">")
        .and_then(|(_, rest)| rest.split_once("</thead>"))
        .unwrap()
        .0;
    assert!(
        card.contains(">令和2年度</th>") && !card.contains("令和3年度"),
        "the latest year counted is the last final one: {card}"
    );
    let policy = read(&out, "policies/1.html");
    assert!(
        policy.contains("<span class=\"draft-mark\">集計中</span></th>"),
        "the measure table still shows the draft year, marked"
    );
}

#[test]
fn site_toml_can_count_draft_years_in_totals() {
    let site = tempfile::tempdir().unwrap();
    common::copy_dir(&fixture("drafts"), site.path());
    let settings = site.path().join("site.toml");
    let text = std::fs::read_to_string(&settings).unwrap();
    std::fs::write(&settings, format!("{text}draft_years_in_totals = true\n")).unwrap();
    let (_guard, out) = common::build(site.path());
    // 2021: 1-01 40% → 50%未満; 1-02 a blank record and 2-01 none → 記入なし.
    assert_eq!(
        csv_rows(&out, "charts/plan-grades.csv")[2],
        "2021,令和3年度,0,0,0,1,0,0,0,0,0,0,2,3"
    );
    assert_eq!(
        csv_rows(&out, "charts/policy-1-trend.csv")[2],
        "2021,令和3年度,40,1,1",
        "a blank record is not a report"
    );
    assert!(read(&out, "index.html")
        .contains("（報告のある施策 1件／3件）。合計とグラフには含めています。"));
    let report = check(site.path(), false);
    assert!(
        report.contains(
            "site.toml の draft_years_in_totals = true により、合計とグラフに含めています"
        ),
        "{report}"
    );
}

#[test]
fn open_data_marks_the_draft_year() {
    let (_guard, out) = common::build(&fixture("drafts"));
    let csv = read(&out, "data/measures.csv");
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (year, state) = (column("年度（西暦）"), column("集計状況"));
    let states: Vec<(String, String)> = reader
        .records()
        .map(|r| r.unwrap())
        .map(|r| (r[year].to_string(), r[state].to_string()))
        .collect();
    assert_eq!(
        states.len(),
        8,
        "3 measures × 2 final years + 2 draft records"
    );
    for (year, state) in &states {
        let expected = if year == "2021" {
            "集計中"
        } else {
            "確定"
        };
        assert_eq!(state, expected, "{year}");
    }
    let json: serde_json::Value = serde_json::from_str(&read(&out, "data/measures.json")).unwrap();
    assert_eq!(json["fiscal_years"][2]["draft"], true);
    assert_eq!(json["fiscal_years"][1]["draft"], false);
    let years = &json["measures"][0]["years"];
    assert_eq!(years[2]["year"], 2021);
    assert_eq!(years[2]["draft"], true);
    assert_eq!(years[1]["draft"], false);
}

#[test]
fn import_keeps_a_draft_year_and_reports_completeness_after_writing() {
    let site = common::copy_of_bundled_site();
    let plan = site.path().join("content/_index.md");
    let text = std::fs::read_to_string(&plan).unwrap();
    let declared = "    label: 令和2年度\n    draft: true\n";
    std::fs::write(&plan, text.replace("    label: 令和2年度\n", declared)).unwrap();
    let table = fixture("seed/kumamoto-jisatsu-2019-2020.tsv");
    let root = site.path().to_str().unwrap();
    let dry_run = shinchoku(&[
        "import",
        table.to_str().unwrap(),
        "--root",
        root,
        "--dry-run",
    ]);
    assert!(
        !stdout(&dry_run).contains("年度ごとの報告状況"),
        "nothing was written, so no completeness of it"
    );
    let report = stdout(&shinchoku(&[
        "import",
        table.to_str().unwrap(),
        "--root",
        root,
    ]));
    assert!(
        report.contains("  令和2年度（2020年度）: 44/44件（集計中）\n"),
        "{report}"
    );
    assert!(
        report.contains("令和2年度（2020年度）は集計中（draft: true）です。"),
        "{report}"
    );
    assert!(std::fs::read_to_string(&plan).unwrap().contains(declared));
}

#[test]
fn what_changed_and_the_feed_wait_for_the_draft_year() {
    let (_guard, out) = common::build(&fixture("drafts"));
    let changes = read(&out, "changes.html");
    assert!(
        changes.contains("令和元年度から令和2年度への変化"),
        "the last two final years are compared:\n{changes}"
    );
    assert!(!out.join("changes-2020-2021.html").exists());
    assert!(!out.join("changes-2019-2021.html").exists());
    let feed = read(&out, "feed.xml");
    assert!(feed.contains("令和2年度の進捗を公開しました"), "{feed}");
    assert!(
        !feed.contains("令和3年度の進捗を公開しました"),
        "a draft year is not announced as published:\n{feed}"
    );
}
