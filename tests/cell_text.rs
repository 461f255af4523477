//! Cell text as the city wrote it: line breaks and `・` bullets typed in
//! Excel cells, a section named with a full-width space, one name spelt two
//! ways; the importer's notes kept for the staff, never published; a table
//! with one value per year not flagged row by row; repeated warnings folded.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{shinchoku, stderr};

const HEADER: [&str; 13] = [
    "計画における項目",
    "実施内容",
    "計画書ページ",
    "担当部署",
    "担当課",
    "令和元年度実施状況",
    "評価",
    "達成度",
    "今後",
    "令和2年度実施状況",
    "評価",
    "達成度",
    "今後",
];

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

/// The rows as an Excel workbook, each cell a string as typed.
fn write_xlsx(path: &Path, rows: &[Vec<String>]) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (r, cells) in rows.iter().enumerate() {
        for (c, cell) in cells.iter().enumerate().filter(|(_, c)| !c.is_empty()) {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    workbook.save(path).unwrap();
}

/// A new site in a temp dir with `rows` imported from an .xlsx by the
/// binary; returns (guard, site, import's stdout and stderr).
fn imported(rows: &[Vec<String>], flags: &[&str]) -> (tempfile::TempDir, PathBuf, String) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    fs::create_dir_all(&site).unwrap();
    fs::write(site.join("site.toml"), "").unwrap();
    let table = tmp.path().join("table.xlsx");
    write_xlsx(&table, rows);
    let mut args = vec![
        "import".to_string(),
        table.display().to_string(),
        "--root".into(),
        site.display().to_string(),
    ];
    args.extend(flags.iter().map(|f| f.to_string()));
    let run = shinchoku(&args);
    let said = format!("{}{}", String::from_utf8_lossy(&run.stdout), stderr(&run));
    assert!(run.status.success(), "{said}");
    (tmp, site, said)
}

fn measure_file(site: &Path, id: &str) -> String {
    fs::read_to_string(site.join(format!("content/measures/{id}.md"))).unwrap()
}

/// Every file of the built site as text (lossy for binary files).
fn built_text(site: &Path) -> Vec<(String, String)> {
    let (_guard, out) = common::build(site);
    common::tree(&out)
        .into_iter()
        .map(|(path, bytes)| (path, String::from_utf8_lossy(&bytes).into_owned()))
        .collect()
}

fn written_table() -> Vec<Vec<String>> {
    vec![
        row(&HEADER),
        row(&["基本施策1 相談支援の充実"]),
        row(&[
            "ア. 相談",
            "電話相談",
            "P.3",
            "保健福祉部　こども家庭センター",
            "健康推進課",
            "相談を受けた。\n研修を開いた。\n\n次年度も続ける。",
            "・相談会 12回\n・研修会 3回",
            "100%",
            "継続",
            "",
            "",
            "",
            "",
        ]),
        row(&[
            "ア. 相談",
            "訪問相談",
            "P.3",
            "保健福祉部こども家庭センター",
            "健康推進課",
            "実施",
            "順調",
            "100%",
            "継続",
        ]),
        row(&[
            "ア. 相談",
            "来所相談",
            "P.4",
            "保健福祉部　こども家庭センター",
            "健康推進課",
            "実施",
            "順調",
            "90%",
            "継続",
        ]),
    ]
}

#[test]
fn line_breaks_and_bullets_typed_in_a_cell_reach_the_page() {
    let (_tmp, site, _) = imported(&written_table(), &[]);
    let measure = measure_file(&site, "1-01");
    assert!(
        measure.contains("相談を受けた。\\\n") && measure.contains("\n      研修を開いた。"),
        "each line stays a line:\n{measure}"
    );
    assert!(
        measure.contains("- 相談会 12回\n      - 研修会 3回"),
        "{measure}"
    );
    assert!(
        !measure.contains("・相談会"),
        "no second bullet:\n{measure}"
    );

    let files = built_text(&site);
    let page = &files
        .iter()
        .find(|(p, _)| p == "measures/1-01.html")
        .unwrap()
        .1;
    assert!(page.contains("相談を受けた。<br"), "{page}");
    assert!(
        page.contains("研修を開いた。</p>\n<p>次年度も続ける。"),
        "a blank line is a new paragraph:\n{page}"
    );
    assert!(page.contains("<li>相談会 12回</li>"), "{page}");
}

#[test]
fn a_name_with_a_full_width_space_is_one_name_and_two_spellings_are_one_section() {
    let (_tmp, site, said) = imported(&written_table(), &[]);
    for id in ["1-01", "1-02", "1-03"] {
        let measure = measure_file(&site, id);
        assert!(
            measure.contains("departments:\n  - 保健福祉部　こども家庭センター\n"),
            "{id}:\n{measure}"
        );
    }
    let warnings: Vec<&str> = said
        .lines()
        .filter(|l| l.contains("通りに書かれています"))
        .collect();
    assert_eq!(warnings.len(), 1, "{said}");
    assert!(
        warnings[0].contains("担当部署")
            && warnings[0].contains("「保健福祉部　こども家庭センター」（3行目、5行目）")
            && warnings[0].contains("「保健福祉部こども家庭センター」（4行目）"),
        "{}",
        warnings[0]
    );
    let files = built_text(&site);
    let departments: Vec<&str> = files
        .iter()
        .filter(|(p, _)| p.starts_with("departments/") && p.ends_with(".html"))
        .map(|(p, _)| p.as_str())
        .collect::<Vec<_>>();
    assert_eq!(
        departments.len(),
        2,
        "the list and one department: {departments:?}"
    );
}

#[test]
fn import_notes_stay_in_content_and_never_reach_the_built_site() {
    let mut rows = written_table();
    rows[2].push("右端にはみ出た記載".into());
    let (_tmp, site, said) = imported(&rows, &[]);
    assert!(said.contains("import_notes に残しました"), "{said}");
    assert!(measure_file(&site, "1-01").contains("右端にはみ出た記載"));
    let check = shinchoku([Path::new("check"), Path::new("--root"), &site]);
    assert!(check.status.success());
    for (path, text) in built_text(&site) {
        assert!(
            !text.contains("右端にはみ出た記載"),
            "{path} publishes a note"
        );
        assert!(!text.contains("取り込み時の注記"), "{path}");
    }
}

#[test]
fn a_table_with_one_value_per_year_is_not_flagged_row_by_row() {
    let mut rows = vec![row(&HEADER), row(&["基本施策1 指標"])];
    for (n, values) in [
        ["12回", "15回"],
        ["80%", "休止"],
        ["3件", "終了"],
        ["増加", "横ばい"],
    ]
    .iter()
    .enumerate()
    {
        let title = format!("指標{n}");
        rows.push(row(&[
            "", &title, "", "", "", "", "", values[0], "", "", "", values[1], "",
        ]));
    }
    let (_tmp, site, said) = imported(&rows, &[]);
    assert!(!said.contains("欄が空欄です"), "{said}");
    assert!(!said.contains("廃止・休止"), "{said}");
    for id in ["1-01", "1-02", "1-03", "1-04"] {
        let measure = measure_file(&site, id);
        assert!(!measure.contains("空欄の多い行"), "{id}:\n{measure}");
    }
}

#[test]
fn repeated_warnings_fold_into_one_line_and_verbose_lists_them_all() {
    let mut rows = vec![row(&HEADER), row(&["基本施策1 研修"])];
    for n in 0..12 {
        let title = format!("研修{n}");
        let prose = format!("研修会を{n}回開き、多くの市民が参加した。");
        rows.push(row(&[
            "", &title, "", "", "", "実施", "順調", &prose, "継続", "実施", "順調", "100%", "継続",
        ]));
    }
    let (_tmp, site, folded) = imported(&rows, &[]);
    let about_prose: Vec<&str> = folded
        .lines()
        .filter(|l| l.contains("文章のまま載せます"))
        .collect();
    assert_eq!(about_prose.len(), 1, "{folded}");
    assert!(
        about_prose[0].contains(
            "（同じ種類の警告 12 件: 3行目、4行目、5行目 ほか。--verbose ですべて表示します）"
        ),
        "{}",
        about_prose[0]
    );

    let (_tmp2, _, verbose) = imported(&rows, &["--verbose"]);
    let listed = verbose
        .lines()
        .filter(|l| l.contains("文章のまま載せます"))
        .count();
    assert_eq!(listed, 12, "{verbose}");

    let check = |verbose: bool| {
        let mut args = vec![
            "check".to_string(),
            "--root".into(),
            site.display().to_string(),
        ];
        if verbose {
            args.push("--verbose".into());
        }
        let run = shinchoku(&args);
        assert!(run.status.success(), "{}", stderr(&run));
        String::from_utf8_lossy(&run.stdout)
            .lines()
            .filter(|l| l.contains("割合や区分として読めません"))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let folded = check(false);
    assert_eq!(folded.len(), 1, "{folded:?}");
    assert!(folded[0].contains("同じ種類の警告 12 件"), "{}", folded[0]);
    assert_eq!(check(true).len(), 12);
}
