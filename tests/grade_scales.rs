//! Issue #14: a city's own grade scale (S/A/B/C/−, A〜D, ◎○△×) declared in
//! `site.toml`. Each table under `tests/fixtures/tables/grades-*` imports
//! with only its `site.toml`; the built site counts the grades as the
//! city wrote them, in the chart's CSV, the tables of the top and node
//! pages, and explains the scale on the data page.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use shinchoku::config::SiteConfig;

/// A fixture imported into a new site and built: (guard, site, out, build's stderr).
fn built(folder: &str) -> (tempfile::TempDir, PathBuf, PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let init = common::shinchoku(["init".as_ref(), site.as_os_str()]);
    assert!(init.status.success(), "{}", common::stderr(&init));
    let fixture = common::fixture("tables").join(folder);
    fs::copy(fixture.join("site.toml"), site.join("site.toml")).unwrap();
    let import = common::import_into(&fixture.join("grades.tsv"), &site);
    assert!(import.status.success(), "{}", common::stderr(&import));
    let build = common::shinchoku(["build".as_ref(), "--root".as_ref(), site.as_os_str()]);
    assert!(build.status.success(), "{}", common::stderr(&build));
    let out = site.join("public");
    (dir, site, out, common::stderr(&build))
}

/// The rows of a CSV after its BOM: cells split at commas (no quoted cells here).
fn csv_rows(out: &Path, file: &str) -> Vec<Vec<String>> {
    let text = common::read(out, file);
    text.trim_start_matches('\u{feff}')
        .lines()
        .map(|line| line.split(',').map(String::from).collect())
        .collect()
}

/// The count of each grade (by the label in the header, `S（件）`) per
/// year (western) in a distribution CSV; grades at zero left out.
fn csv_counts(out: &Path, file: &str) -> Vec<(u16, Vec<(String, usize)>)> {
    let rows = csv_rows(out, file);
    let header = &rows[0];
    rows[1..]
        .iter()
        .map(|row| {
            let counts = header[2..header.len() - 1]
                .iter()
                .zip(&row[2..])
                .map(|(label, n)| {
                    (
                        label.trim_end_matches("（件）").to_string(),
                        n.parse().unwrap(),
                    )
                })
                .filter(|(_, n)| *n > 0)
                .collect();
            (row[0].parse().unwrap(), counts)
        })
        .collect()
}

/// The first grade table of a page: per row, (label, meaning, counts per year).
fn grade_table(html: &str) -> Vec<(String, String, Vec<usize>)> {
    let table = html.split("<table class=\"grade-table\">").nth(1).unwrap();
    let body = table
        .split("<tbody>")
        .nth(1)
        .unwrap()
        .split("</tbody>")
        .next()
        .unwrap();
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            let label = between(row, "aria-hidden=\"true\"></span>", "</span>");
            let meaning = match row.contains("grade-meaning") {
                true => between(row, "<span class=\"grade-meaning\">", "</span>"),
                false => String::new(),
            };
            let counts = row
                .split("<td class=\"number\">")
                .skip(1)
                .map(|cell| cell.split('<').next().unwrap().parse().unwrap())
                .collect();
            (
                common::decode_entities(&label),
                common::decode_entities(&meaning),
                counts,
            )
        })
        .collect()
}

fn between(text: &str, start: &str, end: &str) -> String {
    text.split(start)
        .nth(1)
        .unwrap()
        .split(end)
        .next()
        .unwrap()
        .to_string()
}

/// Expected counts per year: (year, [(label, count)]) in the scale's order.
type Expected<'a> = [(u16, &'a [(&'a str, usize)])];

/// The chart's CSV and the page's table say the same counts.
fn assert_counts(out: &Path, csv: &str, page: &str, expected: &Expected) {
    let want: Vec<(u16, Vec<(String, usize)>)> = expected
        .iter()
        .map(|(year, counts)| {
            (
                *year,
                counts.iter().map(|(l, n)| (l.to_string(), *n)).collect(),
            )
        })
        .collect();
    assert_eq!(csv_counts(out, csv), want, "{csv}");
    let table = grade_table(&common::read(out, page));
    for (i, (_, counts)) in want.iter().enumerate() {
        for (label, n) in counts {
            let row = table.iter().find(|(l, _, _)| l == label);
            let row = row.unwrap_or_else(|| panic!("{page}: no row {label} in {table:?}"));
            assert_eq!(row.2[i], *n, "{page}: {label} in year {i}");
        }
    }
}

#[test]
fn s_a_b_c_dash_counts_each_grade_per_year_and_dash_is_not_evaluable() {
    let (_dir, site, out, _) = built("grades-sabc");
    // 令和4: A S(2 rows) … as grades.tsv has them; 「-」「−」「－」 are 評価できない.
    assert_counts(
        &out,
        "charts/plan-grades.csv",
        "index.html",
        &[
            (
                2022,
                &[("S", 1), ("A", 2), ("B", 1), ("C", 1), ("評価できない", 1)],
            ),
            (2023, &[("S", 2), ("B", 4)]),
            (
                2024,
                &[
                    ("S", 1),
                    ("A", 1),
                    ("C", 1),
                    ("評価できない", 2),
                    ("その他（記述）", 1),
                ],
            ),
        ],
    );
    assert_counts(
        &out,
        "charts/shisaku-1-grades.csv",
        "shisaku/1.html",
        &[
            (2022, &[("A", 1), ("B", 1), ("C", 1)]),
            (2023, &[("S", 1), ("B", 2)]),
            (2024, &[("S", 1), ("A", 1), ("評価できない", 1)]),
        ],
    );
    assert_counts(
        &out,
        "charts/shisaku-2-grades.csv",
        "shisaku/2.html",
        &[
            (2022, &[("S", 1), ("A", 1), ("評価できない", 1)]),
            (2023, &[("S", 1), ("B", 2)]),
            (
                2024,
                &[("C", 1), ("評価できない", 1), ("その他（記述）", 1)],
            ),
        ],
    );
    let policy = common::read(&out, "shisaku/1.html");
    assert!(!grade_table(&policy).iter().any(|(l, _, _)| l == "実施なし"));
    // A measure that went from B to − neither rose nor fell.
    let changes = common::read(&out, "data/changes.csv");
    let line = changes.lines().find(|l| l.contains("生活困窮者")).unwrap();
    assert!(
        line.contains(",比較できません,") && line.contains(",B,B,−,評価できない,"),
        "{line}"
    );
    // The open data names the grade of a symbol, and keeps it as written.
    let json = common::read(&out, "data/measures.json");
    assert!(
        json.contains("\"raw\": \"－\",\n            \"kind\": \"grade\",\n            \"grade\": \"step-4\",\n            \"label\": \"評価できない\""),
        "{json}"
    );
    let csv = common::read(&out, "data/measures.csv");
    assert!(csv.contains(",Ｓ,評価区分,,S,"), "{csv}");
    drop(site);
}

#[test]
fn a_to_d_grades_percentages_by_the_scales_rules() {
    let (_dir, _site, out, _) = built("grades-ad");
    assert_counts(
        &out,
        "charts/plan-grades.csv",
        "index.html",
        &[
            (2023, &[("A", 1), ("B", 2), ("C", 1), ("D", 1)]),
            // 「95%」 is B by its rule (80% ≤ 95% < 100%).
            (2024, &[("A", 2), ("B", 2), ("C", 1)]),
        ],
    );
    let data = common::text_without_spaces(&common::read(&out, "data.html"));
    for expected in [
        "A目標を達成100%以上",
        "B",
        "おおむね達成80%以上100%未満",
        "D未達成0%以上50%未満",
    ] {
        assert!(data.contains(expected), "{expected}: {data}");
    }
}

#[test]
fn circle_and_triangle_marks_count_as_written_with_their_meanings() {
    let (_dir, _site, out, _) = built("grades-symbols");
    assert_counts(
        &out,
        "charts/plan-grades.csv",
        "index.html",
        &[
            (
                2023,
                &[
                    ("◎ 上回った", 1),
                    ("○ 目標どおり", 2),
                    ("△ やや遅れ", 2),
                    ("× 遅れ", 1),
                ],
            ),
            // 「〇」 (ideographic zero) is read as 「○」; 未実施 stays 実施なし.
            (
                2024,
                &[
                    ("◎ 上回った", 1),
                    ("○ 目標どおり", 2),
                    ("△ やや遅れ", 1),
                    ("× 遅れ", 1),
                    ("実施なし", 1),
                ],
            ),
        ],
    );
    // The legend (the table beside the chart) gives each step's meaning.
    let legend = grade_table(&common::read(&out, "index.html"));
    for (label, meaning) in [("◎ 上回った", "目標を上回った"), ("× 遅れ", "遅れている")]
    {
        assert!(
            legend.iter().any(|(l, m, _)| l == label && m == meaning),
            "{legend:?}"
        );
    }
    let alt = common::read(&out, "index.html");
    assert!(
        alt.contains("令和5年度（2023年度）: ◎ 上回った 1件、○ 目標どおり 2件"),
        "{alt}"
    );
}

#[test]
fn the_data_page_explains_the_scale_and_which_step_is_not_evaluable() {
    let (_dir, _site, out, _) = built("grades-sabc");
    let data = common::text_without_spaces(&common::read(&out, "data.html"));
    for expected in [
        "評価区分（よい順）",
        "SS目標を大きく上回った",
        "CC達成できなかった",
        "評価できない−評価できない・期限前（評価できない区分）",
        "「評価できない」は評価できない（期限前など）ことを表す区分です。未達成や「実施なし」には数えず",
    ] {
        assert!(data.contains(expected), "{expected}: {data}");
    }
    assert!(
        common::read(&out, "index.html").contains("<body data-root=\"\" class=\"grade-scale-4\">")
    );
}

#[test]
fn text_that_matches_no_step_is_warned_with_its_place_and_the_scales_symbols() {
    let (_dir, site, _out, _) = built("grades-sabc");
    let check = common::shinchoku(["check".as_ref(), "--root".as_ref(), site.as_os_str()]);
    let said = String::from_utf8_lossy(&check.stdout).into_owned() + &common::stderr(&check);
    let warnings: Vec<&str> = said.lines().filter(|l| l.contains("achievement")).collect();
    assert_eq!(warnings.len(), 1, "{said}");
    assert!(
        warnings[0].contains("content/measures/2-03.md:21: 警告: years.2024.achievement: 達成度「Ｄ」は区分（S・A・B・C・−）のどれにも当たりません")
            && warnings[0].contains("also"),
        "{said}"
    );
}

fn refused(settings: &str) -> (Option<usize>, Option<String>, String) {
    let error = SiteConfig::parse(settings, Path::new("site.toml")).unwrap_err();
    (error.line, error.field, error.message)
}

fn symbol(symbol: &str, extra: &str) -> String {
    format!("[[grades]]\nsymbol = \"{symbol}\"\n{extra}")
}

#[test]
fn a_scale_is_refused_with_its_line_and_key_when_it_cannot_be_read() {
    let mixed = symbol("A", "") + &symbol("B", "") + "[[grades]]\nlabel = \"50%以上\"\nmin = 50\n";
    let (line, field, message) = refused(&mixed);
    assert_eq!((line, field.as_deref()), (Some(6), Some("grades.symbol")));
    assert!(
        message.contains("混ざっています") && message.contains("3 番目"),
        "{message}"
    );

    let (line, field, message) = refused(&(symbol("S", "") + &symbol("A", "also = [\"Ｓ\"]\n")));
    assert_eq!((line, field.as_deref()), (Some(5), Some("grades.also")));
    assert!(
        message.contains("「Ｓ」は 1 番目の区分の「S」と同じ記号"),
        "{message}"
    );

    let (line, field, message) = refused(&(symbol("−", "") + &symbol("-", "")));
    assert_eq!((line, field.as_deref()), (Some(4), Some("grades.symbol")));
    assert!(message.contains("同じ記号"), "{message}");

    let (_, _, message) = refused(&symbol("S", ""));
    assert!(
        message.contains("1 個だけです") && message.contains("2 個から 9 個まで"),
        "{message}"
    );

    let ten: String = "ABCDEFGHIJ"
        .chars()
        .map(|c| symbol(&c.to_string(), ""))
        .collect();
    let (line, _, message) = refused(&ten);
    assert_eq!(line, Some(20));
    assert!(
        message.contains("10 個") && message.contains("9 個まで"),
        "{message}"
    );

    let unordered = symbol("A", "min = 80\n") + &symbol("B", "") + &symbol("C", "min = 90\n");
    let (line, field, message) = refused(&unordered);
    assert_eq!((line, field.as_deref()), (Some(8), Some("grades.min")));
    assert!(
        message.contains("3 番目の min 90 が 1 番目の 80 以上"),
        "{message}"
    );

    let early = symbol("−", "not_evaluable = true\n") + &symbol("A", "");
    let (line, _, message) = refused(&early);
    assert_eq!(line, Some(5));
    assert!(message.contains("ほかの区分より後に"), "{message}");

    let ruled = symbol("A", "") + &symbol("−", "not_evaluable = true\nmin = 0\n");
    assert_eq!(refused(&ruled).1.as_deref(), Some("grades.min"));

    let fine =
        symbol("S", "min = 120\n") + &symbol("A", "") + &symbol("−", "not_evaluable = true\n");
    let config = SiteConfig::parse(&fine, Path::new("site.toml")).unwrap();
    assert_eq!(
        config.grades[2].label, "−",
        "a label defaults to the symbol"
    );
}
