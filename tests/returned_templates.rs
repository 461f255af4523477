//! The yearly cycle with several sections: each fills its own rows of a copy
//! of `export --template` and returns it. A blank cell is "no answer", never
//! "erase"; `（削除）` erases; several returned files import together.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const YEAR: u16 = 2021;

/// The bundled site (no import state yet) and its FY2021 template as CSV.
fn site_with_template() -> (tempfile::TempDir, PathBuf) {
    let site = common::copy_of_bundled_site();
    let out = site.path().join("templates");
    shinchoku::export::export_template(&shinchoku::export::ExportOptions {
        root: site.path().to_path_buf(),
        fiscal_year: YEAR,
        out: out.clone(),
        force: false,
    })
    .unwrap();
    let csv = out.join(format!("template-{YEAR}.csv"));
    (site, csv)
}

/// The template's rows as the CSV has them.
fn template_rows(csv_template: &Path) -> Vec<Vec<String>> {
    let text = fs::read_to_string(csv_template).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|record| record.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// A measure row of the template: 5 fixed, 4 of FY2020, 4 of FY2021, the ID.
fn is_measure_row(row: &[String]) -> bool {
    row.len() == 14 && !row[0].starts_with("計画における項目")
}

/// What a section writes for FY2021 in the row of measure `id`.
fn answer(id: &str) -> [String; 4] {
    [
        format!("令和3年度も実施した（{id}）"),
        format!("評価{id}"),
        "80%".into(),
        "実施を継続".into(),
    ]
}

/// A copy of the template with the FY2021 cells of the rows `fill` picks
/// filled in (`fill` may change the row further), saved as Excel saves it.
fn returned(
    csv_template: &Path,
    path: &Path,
    fill: impl Fn(&str, &mut Vec<String>) -> bool,
) -> PathBuf {
    let mut rows = template_rows(csv_template);
    for row in rows.iter_mut().filter(|row| is_measure_row(row)) {
        let id = row[13].clone();
        if fill(&id, row) {
            row.splice(9..13, answer(&id));
        }
    }
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("進捗状況").unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate().filter(|(_, cell)| !cell.is_empty()) {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    workbook.save(path).unwrap();
    path.to_path_buf()
}

fn measures_of_policy(csv_template: &Path, policy: &str) -> usize {
    template_rows(csv_template)
        .iter()
        .filter(|row| is_measure_row(row) && row[13].starts_with(policy))
        .count()
}

fn shinchoku(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .arg("import")
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn measure_file(root: &Path, id: &str) -> String {
    fs::read_to_string(root.join(format!("content/measures/{id}.md"))).unwrap()
}

#[test]
fn a_blank_cell_never_erases_what_another_section_filled() {
    let (site, template) = site_with_template();
    let root = site.path();
    let a = returned(&template, &root.join("a.xlsx"), |id, _| {
        id.starts_with("1-")
    });
    let b = returned(&template, &root.join("b.xlsx"), |id, _| {
        id.starts_with("2-")
    });
    let first = shinchoku(root, &[a.to_str().unwrap()]);
    assert!(first.status.success(), "{first:?}");
    let second = shinchoku(root, &[b.to_str().unwrap()]);
    assert!(second.status.success(), "{second:?}");

    for id in ["1-01", "2-01"] {
        let measure = measure_file(root, id);
        assert!(
            measure.contains(&format!("status: 令和3年度も実施した（{id}）")),
            "{id} keeps its FY2021 answer after both imports:\n{measure}"
        );
    }
    let summary = stdout(&second);
    let (filled, kept) = (
        4 * measures_of_policy(&template, "2-"),
        4 * measures_of_policy(&template, "1-"),
    );
    assert!(
        summary.contains(&format!(
            "記入 {filled} 件、変更 0 件、削除 0 件、空欄のため今の値のまま {kept} 件"
        )),
        "B's file filled its rows and left A's alone:\n{summary}"
    );
}

#[test]
fn the_erase_marker_erases_and_force_takes_blanks_too() {
    let (site, template) = site_with_template();
    let root = site.path();
    let a = returned(&template, &root.join("a.xlsx"), |id, _| id == "1-01");
    assert!(shinchoku(root, &[a.to_str().unwrap()]).status.success());

    // A corrects its return: the evaluation was not meant to be there.
    let corrected = returned(&template, &root.join("a2.xlsx"), |id, row| {
        if id != "1-01" {
            return false;
        }
        row.splice(9..13, answer(id));
        row[10] = " (削除) ".into();
        row[11] = "90%".into();
        false
    });
    let output = shinchoku(root, &[corrected.to_str().unwrap()]);
    assert!(output.status.success(), "{output:?}");
    let measure = measure_file(root, "1-01");
    assert!(
        !measure.contains("評価1-01") && measure.contains("achievement: 90%"),
        "{measure}"
    );
    assert!(
        stdout(&output).contains("記入 0 件、変更 1 件、削除 1 件、"),
        "{}",
        stdout(&output)
    );

    // --force keeps its old meaning: the table wins, blanks included.
    let blank = returned(&template, &root.join("blank.xlsx"), |id, _| id == "2-01");
    let forced = shinchoku(root, &[blank.to_str().unwrap(), "--force"]);
    assert!(forced.status.success(), "{forced:?}");
    assert!(
        !measure_file(root, "1-01").contains("令和3年度も実施した"),
        "{}",
        measure_file(root, "1-01")
    );
}

#[test]
fn rows_left_blank_are_not_published_as_discontinued() {
    let (site, template) = site_with_template();
    let root = site.path();
    let (_guard, public) = common::build(root);
    let said_before = published_discontinued(&public);
    assert!(
        measure_file(root, "3-02").contains("廃止・休止"),
        "the seed says 廃止 there: a note for the staff"
    );
    assert!(
        said_before.is_empty(),
        "notes are not published: {said_before:?}"
    );

    // One section answered; every other row's FY2021 is blank, and a new
    // row has no year written at all.
    let mut rows = template_rows(&template);
    let new_row = rows
        .iter()
        .position(|row| row[0].starts_with("基本施策2"))
        .unwrap();
    let mut added = vec![String::new(); 14];
    added[..5].clone_from_slice(
        &["イ. 新しい項目", "新しい事業", "P.30", "福祉部", "福祉課"].map(String::from),
    );
    rows.insert(new_row + 1, added);
    let csv = root.join("with-new-row.csv");
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_path(&csv)
        .unwrap();
    for row in &rows {
        writer.write_record(row).unwrap();
    }
    writer.flush().unwrap();
    let one = returned(&csv, &root.join("one.xlsx"), |id, _| id == "1-01");
    let output = shinchoku(root, &[one.to_str().unwrap()]);
    assert!(output.status.success(), "{output:?}");

    let (_guard, public) = common::build(root);
    assert_eq!(
        published_discontinued(&public),
        said_before,
        "no blank row is called discontinued"
    );
}

/// The pages that say a measure may have been discontinued.
fn published_discontinued(public: &Path) -> Vec<String> {
    common::tree(public)
        .into_iter()
        .filter(|(page, bytes)| {
            page.ends_with(".html") && String::from_utf8_lossy(bytes).contains("廃止・休止")
        })
        .map(|(page, _)| page)
        .collect()
}

/// The 1-based row of measure `id` in the template.
fn row_of(csv_template: &Path, id: &str) -> usize {
    1 + template_rows(csv_template)
        .iter()
        .position(|row| row.last().is_some_and(|cell| cell == id))
        .unwrap()
}

#[test]
fn a_folder_of_returned_files_imports_together() {
    let (site, template) = site_with_template();
    let root = site.path();
    let returns = root.join("returns");
    fs::create_dir(&returns).unwrap();
    returned(&template, &returns.join("a.xlsx"), |id, _| {
        id.starts_with("1-")
    });
    // B answers 1-01 too, the same as A: no conflict.
    returned(&template, &returns.join("b.xlsx"), |id, _| {
        id.starts_with("2-") || id == "1-01"
    });
    fs::write(returns.join("~$a.xlsx"), b"Excel's lock file").unwrap();
    let before = common::content_files(root);

    let dry = shinchoku(root, &[returns.to_str().unwrap(), "--dry-run"]);
    assert!(dry.status.success(), "{dry:?}");
    assert_eq!(
        common::content_files(root),
        before,
        "a dry run writes nothing"
    );

    let output = shinchoku(root, &[returns.to_str().unwrap()]);
    assert!(output.status.success(), "{output:?}");
    for id in ["1-01", "1-02", "2-01"] {
        assert!(
            measure_file(root, id).contains(&format!("evaluation: 評価{id}")),
            "{id}:\n{}",
            measure_file(root, id)
        );
    }
    let summary = stdout(&output);
    let (a, b) = (
        4 * measures_of_policy(&template, "1-"),
        4 * measures_of_policy(&template, "2-") + 4,
    );
    for (file, filled) in [("a.xlsx", a), ("b.xlsx", b)] {
        let line = summary
            .lines()
            .skip_while(|line| !line.contains(&format!("returns/{file}")))
            .nth(1)
            .unwrap_or_else(|| panic!("{file} in the summary:\n{summary}"));
        assert!(
            line.contains(&format!("記入 {filled} 件、変更 0 件、削除 0 件")),
            "{file}: {line}"
        );
    }
    assert!(!summary.contains("~$a.xlsx"), "{summary}");
}

#[test]
fn two_files_that_disagree_write_nothing_and_name_both_rows() {
    let (site, template) = site_with_template();
    let root = site.path();
    let a = returned(&template, &root.join("a.xlsx"), |id, _| id == "1-01");
    let b = returned(&template, &root.join("b.xlsx"), |id, row| {
        if id == "1-01" {
            row.splice(9..13, answer(id));
            row[10] = "別の評価".into();
        }
        false
    });
    let before = common::content_files(root);
    let output = shinchoku(root, &[a.to_str().unwrap(), b.to_str().unwrap()]);
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    let row = row_of(&template, "1-01");
    for expected in [
        "実施内容「自殺対策連絡協議会」の令和3年度 評価".to_string(),
        format!("a.xlsx（シート「進捗状況」）:{row}「評価1-01」"),
        format!("b.xlsx（シート「進捗状況」）:{row}「別の評価」"),
        "何も書き込んでいません".into(),
    ] {
        assert!(message.contains(&expected), "{expected}:\n{message}");
    }
    assert!(
        !message.contains("実施状況"),
        "the same status is no conflict:\n{message}"
    );
    assert_eq!(common::content_files(root), before);
    assert!(!root.join(".shinchoku").exists(), "nothing written");
}
