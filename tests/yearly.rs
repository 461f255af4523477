//! The yearly cycle: the seed table saved as Excel saves it — CSV in
//! Shift_JIS, CSV in UTF-8 with a BOM, an .xlsx workbook — imports to
//! exactly the content the tab-separated seed gives; broken sheets are
//! refused with their sheet, row and column, writing nothing.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use shinchoku::import::{run, ImportError, ImportOptions, ImportReport};

const SEED: &str = "seed/kumamoto-jisatsu-2019-2020.tsv";

fn seed_rows() -> Vec<Vec<String>> {
    let text = fs::read_to_string(common::fixture(SEED)).unwrap();
    text.lines()
        .map(|line| line.split('\t').map(str::to_string).collect())
        .collect()
}

fn import(table: &Path, root: &Path, encoding: Option<&str>) -> Result<ImportReport, ImportError> {
    run(&ImportOptions {
        table: table.to_path_buf(),
        encoding: encoding.map(str::to_string),
        columns: Vec::new(),
        root: root.to_path_buf(),
        force: false,
        dry_run: false,
    })
}

/// Every file under `content/`, the plan's `source:` (the table's file name) left out.
fn content(root: &Path) -> BTreeMap<PathBuf, String> {
    common::content_files(root)
        .into_iter()
        .map(|(path, text)| {
            let text = text
                .lines()
                .filter(|l| !l.starts_with("source:"))
                .map(|l| format!("{l}\n"))
                .collect();
            (path, text)
        })
        .collect()
}

/// The warnings as (row, field, message): the same rows must be judged the same way.
fn judged(report: &ImportReport) -> Vec<(Option<usize>, Option<String>, String)> {
    report
        .warnings
        .iter()
        .map(|w| (w.line, w.field.clone(), w.message.clone()))
        .collect()
}

fn write_xlsx(path: &Path, sheets: &[(&str, &[Vec<String>])]) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate().filter(|(_, cell)| !cell.is_empty()) {
                sheet.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
    }
    workbook.save(path).unwrap();
}

struct Imported {
    _dir: tempfile::TempDir,
    report: ImportReport,
    content: BTreeMap<PathBuf, String>,
}

fn import_file(name: &str, bytes: Option<&[u8]>, encoding: Option<&str>) -> Imported {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join(name);
    match bytes {
        Some(bytes) => fs::write(&table, bytes).unwrap(),
        None => write_xlsx(&table, &[("進捗状況", &seed_rows())]),
    }
    let report = import(&table, dir.path(), encoding).unwrap_or_else(|e| panic!("{name}: {e}"));
    let content = content(dir.path());
    Imported {
        _dir: dir,
        report,
        content,
    }
}

fn seed_import() -> Imported {
    import_file(
        "seed.tsv",
        Some(&fs::read(common::fixture(SEED)).unwrap()),
        None,
    )
}

fn assert_same_as_seed(imported: &Imported, what: &str) {
    let seed = seed_import();
    assert_eq!(seed.content.len(), 49, "plan, 4 policies, 44 measures");
    assert_eq!(imported.content, seed.content, "{what}");
    assert_eq!(
        judged(&imported.report),
        judged(&seed.report),
        "{what}: the same rows judged the same way"
    );
}

#[test]
fn shift_jis_csv_imports_to_the_same_content_as_the_tsv() {
    let text = common::csv_text(&seed_rows());
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
    assert!(
        !unmappable,
        "every seed character has a Shift_JIS (CP932) code"
    );
    assert_same_as_seed(
        &import_file("seed.csv", Some(&bytes), None),
        "detected Shift_JIS",
    );
    assert_same_as_seed(
        &import_file("seed.csv", Some(&bytes), Some("cp932")),
        "--encoding cp932",
    );
}

#[test]
fn utf8_csv_with_and_without_bom_imports_to_the_same_content_as_the_tsv() {
    let text = common::csv_text(&seed_rows());
    assert_same_as_seed(
        &import_file("seed.csv", Some(format!("\u{feff}{text}").as_bytes()), None),
        "BOM",
    );
    assert_same_as_seed(
        &import_file("seed.csv", Some(text.as_bytes()), None),
        "no BOM",
    );
}

#[test]
fn xlsx_imports_to_the_same_content_as_the_tsv() {
    let imported = import_file("seed.xlsx", None, None);
    assert_same_as_seed(&imported, "xlsx");
    let label = imported.report.warnings[0].file.display().to_string();
    assert!(
        label.ends_with("seed.xlsx（シート「進捗状況」）"),
        "warnings name the sheet: {label}"
    );
}

#[test]
fn the_sheet_with_the_table_is_found_after_a_cover_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("book.xlsx");
    let cover = vec![vec!["令和2年度 進捗状況調査".to_string()]];
    write_xlsx(&table, &[("表紙", &cover), ("回答", &seed_rows())]);
    let report = import(&table, dir.path(), None).unwrap();
    assert_eq!(report.measures, 44);
    assert!(report.warnings[0]
        .file
        .display()
        .to_string()
        .contains("シート「回答」"));
}

#[test]
fn a_cell_with_line_breaks_reads_as_one_cell() {
    let mut rows = seed_rows();
    let data_row = rows
        .iter_mut()
        .find(|row| row.get(1).is_some_and(|c| c == "自殺対策連絡協議会"))
        .unwrap();
    data_row[8] = "実施を\r\n継続".into();
    let imported = import_file("broken.csv", Some(common::csv_text(&rows).as_bytes()), None);
    let measure = &imported.content[Path::new("content/measures/1-01.md")];
    assert!(
        measure.contains("next_plan: 実施を 継続") || measure.contains("next_plan: 実施を継続"),
        "{measure}"
    );
    assert_eq!(
        imported.report.measures, 44,
        "the line break did not start a row"
    );
}

#[test]
fn a_header_with_merged_year_cells_and_a_second_header_row_is_read() {
    let mut rows = seed_rows();
    let header = rows
        .iter()
        .position(|row| row[0] == "計画における項目")
        .unwrap();
    let fixed = rows[header][..5].to_vec();
    let mut merged = fixed.clone();
    merged.extend(["令和元年度", "", "", "", "令和2年度", "", "", ""].map(String::from));
    let mut second = vec![String::new(); 5];
    second.extend(
        ["実施状況", "評価", "達成度", "今後の実施計画"]
            .repeat(2)
            .into_iter()
            .map(String::from),
    );
    rows.splice(header..=header, [merged, second]);
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("merged.xlsx");
    write_xlsx(&table, &[("Sheet1", &rows)]);
    let report = import(&table, dir.path(), None).unwrap();
    let years: Vec<u16> = report.fiscal_years.iter().map(|fy| fy.year).collect();
    assert_eq!((years, report.measures), (vec![2019, 2020], 44));
}

#[test]
fn unreadable_tables_say_which_file_row_and_why_and_write_nothing() {
    for (name, bytes, expected) in [
        (
            "bad.csv",
            &b"a,b\nc,\xff\xff\n"[..],
            "bad.csv:2: 文字コードを UTF-8・Shift_JIS として読めません",
        ),
        (
            "bad.tsv",
            &b"\x82\xa0\t\xff\n"[..],
            "bad.tsv:1: 文字コードを UTF-8・Shift_JIS として読めません",
        ),
        (
            "fake.xlsx",
            &b"not a zip"[..],
            "fake.xlsx: Excel のブックとして読めません",
        ),
        ("empty.csv", &b"\xef\xbb\xbf,,\r\n"[..], "表が空です"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let table = dir.path().join(name);
        fs::write(&table, bytes).unwrap();
        let result = import(&table, dir.path(), None);
        let message = result.expect_err(name).to_string();
        assert!(message.contains(expected), "{name}: {message}");
        assert!(
            !dir.path().join("content").exists(),
            "{name}: wrote something"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let message = import(Path::new("no-such.xlsx"), dir.path(), None)
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("no-such.xlsx: 表を読めません"),
        "{message}"
    );
    let message = import(&common::fixture(SEED), dir.path(), Some("ebcdic-x"))
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("文字コード「ebcdic-x」を知りません"),
        "{message}"
    );
}

#[test]
fn a_shift_jis_tsv_is_decoded_too() {
    let dir = tempfile::tempdir().unwrap();
    let error = import(&common::fixture("import/not-utf8.tsv"), dir.path(), None).unwrap_err();
    assert!(
        matches!(error, ImportError::NoDataRows { .. }),
        "read past the header: {error}"
    );
}

fn load_site(root: &Path) -> shinchoku::model::Site {
    let (content, mut diagnostics) = shinchoku::load::load_content(root);
    let site = shinchoku::validate::validate(content, &Default::default(), &mut diagnostics);
    assert!(!diagnostics.has_errors(), "{diagnostics}");
    site.unwrap()
}

/// What a section writes for FY2021, different for every measure.
fn synthetic_fy2021(id: &str, n: usize) -> [String; 4] {
    let achievement = ["100%", "80%", "60%", "中止"][n % 4];
    [
        format!("令和3年度も実施した（{id}）"),
        format!("評価{id}"),
        achievement.into(),
        "実施を継続".into(),
    ]
}

/// The CSV template filled in by the sections, saved as .xlsx.
fn fill_template(csv_template: &Path, filled: &Path) {
    let text = fs::read_to_string(csv_template).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("a BOM for Excel");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let mut row: Vec<String> = record.unwrap().iter().map(str::to_string).collect();
        if row.len() == 14 && !row[0].starts_with("計画における項目") {
            let id = row[13].clone();
            row.splice(9..13, synthetic_fy2021(&id, n));
        }
        rows.push(row);
    }
    write_xlsx(filled, &[("進捗状況", &rows)]);
}

#[test]
fn export_fill_import_adds_fy2021_to_the_bundled_site_and_keeps_everything_else() {
    let site_dir = common::copy_of_bundled_site();
    let root = site_dir.path();
    let hand_written = root.join("content/measures/1-01.md");
    let with_body = fs::read_to_string(&hand_written).unwrap() + "\n手で書いた補足。\n";
    fs::write(&hand_written, &with_body).unwrap();
    let before = load_site(root);

    let out = root.join("templates");
    let written = shinchoku::export::export_template(&shinchoku::export::ExportOptions {
        root: root.to_path_buf(),
        fiscal_year: 2021,
        out: out.clone(),
        force: false,
    })
    .unwrap();
    assert_eq!(
        written,
        [
            out.join("template-2021.xlsx"),
            out.join("template-2021.csv")
        ]
    );
    let unfilled = run(&ImportOptions {
        dry_run: true,
        ..options_for(&out.join("template-2021.xlsx"), root)
    })
    .unwrap();
    let shown = unfilled.to_string();
    assert!(
        !shown.contains("years.2021") && !shown.contains("year: 2021"),
        "a blank year adds nothing: {unfilled}"
    );
    let filled = root.join("filled-2021.xlsx");
    fill_template(&out.join("template-2021.csv"), &filled);

    let dry = run(&ImportOptions {
        dry_run: true,
        ..options_for(&filled, root)
    })
    .unwrap();
    let shown = dry.to_string();
    assert!(
        shown.contains("+ years.2021.status: 令和3年度も実施した（1-01）"),
        "{shown}"
    );
    assert_eq!(
        load_site(root).plan.fiscal_years.len(),
        2,
        "a dry run writes nothing"
    );

    let report = run(&options_for(&filled, root)).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        report.created.is_empty() && report.conflicts.is_empty() && report.renamed.is_empty(),
        "{report}"
    );
    assert_eq!(
        report.updated.len(),
        45,
        "the plan and every measure: {report}"
    );
    let after = load_site(root);
    let labels: Vec<&str> = after
        .plan
        .fiscal_years
        .iter()
        .map(|fy| fy.label.as_str())
        .collect();
    assert_eq!(labels, ["令和元年度", "令和2年度", "令和3年度"]);
    assert_eq!(after.measures.len(), 44);
    for (old, new) in before.measures.iter().zip(&after.measures) {
        assert_eq!(
            (&new.id, &new.title, &new.sections, new.plan_page),
            (&old.id, &old.title, &old.sections, old.plan_page)
        );
        for (old_year, new_year) in old.years.iter().zip(&new.years) {
            assert_eq!(
                (
                    &new_year.status,
                    &new_year.evaluation,
                    &new_year.achievement.raw,
                    &new_year.next_plan
                ),
                (
                    &old_year.status,
                    &old_year.evaluation,
                    &old_year.achievement.raw,
                    &old_year.next_plan
                ),
                "{}: {}",
                new.id,
                old_year.year
            );
        }
        let fy2021 = new
            .year(2021)
            .unwrap_or_else(|| panic!("{} has FY2021", new.id));
        assert_eq!(fy2021.evaluation, format!("評価{}", new.id));
    }
    assert!(
        fs::read_to_string(&hand_written)
            .unwrap()
            .ends_with("---\n手で書いた補足。\n"),
        "the body is kept"
    );

    let again = run(&options_for(&filled, root)).unwrap();
    assert_eq!(
        again.unchanged.len(),
        49,
        "importing the same sheet twice changes nothing: {again}"
    );

    let (_guard, public) = common::build(root);
    for policy in 1..=4 {
        let page =
            common::text_without_spaces(&common::read(&public, &format!("policies/{policy}.html")));
        for label in &labels {
            assert!(page.contains(label), "policies/{policy}.html shows {label}");
        }
        // The policy's charts run over the three years: their numbers say so.
        let numbers = common::read(&public, &format!("charts/policy-{policy}-grades.csv"));
        assert!(
            labels.iter().all(|label| numbers.contains(label)),
            "charts/policy-{policy}-grades.csv:\n{numbers}"
        );
    }
}

fn options_for(table: &Path, root: &Path) -> ImportOptions {
    ImportOptions {
        table: table.to_path_buf(),
        encoding: None,
        columns: Vec::new(),
        root: root.to_path_buf(),
        force: false,
        dry_run: false,
    }
}

#[test]
fn an_unknown_basic_policy_in_a_new_years_table_is_refused_with_its_sheet_and_row() {
    let site_dir = common::copy_of_bundled_site();
    let root = site_dir.path();
    let mut rows = seed_rows();
    let row = rows
        .iter()
        .position(|row| row[0].starts_with("基本施策4"))
        .unwrap();
    rows[row][0] = rows[row][0].replacen("基本施策4", "基本施策5", 1);
    let table = root.join("typo.xlsx");
    write_xlsx(&table, &[("回答", &rows)]);
    let before = fs::read_to_string(root.join("content/measures/4-01.md")).unwrap();
    let message = run(&options_for(&table, root)).unwrap_err().to_string();
    let expected = format!("typo.xlsx（シート「回答」）:{}: 基本施策5はこのサイトにありません（あるのは基本施策 1、2、3、4）", row + 1);
    assert!(message.contains(&expected), "{message}");
    assert_eq!(
        fs::read_to_string(root.join("content/measures/4-01.md")).unwrap(),
        before
    );
    assert!(!root.join(".shinchoku").exists(), "nothing written");
}

#[test]
fn a_citys_own_column_order_and_headings_are_mapped_to_the_seeds() {
    // No., 事業名, 所管課, 担当部署, 計画における項目, 計画書ページ, then the years.
    let city_rows: Vec<Vec<String>> = seed_rows()
        .into_iter()
        .enumerate()
        .map(|(n, row)| {
            if row.len() < 2 || row[0].starts_with("基本施策") {
                return row;
            }
            let cell = |i: usize| row.get(i).cloned().unwrap_or_default();
            let is_header = row[0] == "計画における項目";
            let (title, section) = if is_header {
                ("事業名".into(), "所管課".into())
            } else {
                (cell(1), cell(4))
            };
            let number = if is_header {
                "No.".to_string()
            } else {
                n.to_string()
            };
            let mut city = vec![number, title, section, cell(3), cell(0), cell(2)];
            city.extend(row.iter().skip(5).cloned());
            city
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("city.xlsx");
    write_xlsx(&table, &[("報告", &city_rows)]);
    let columns = vec!["実施内容=事業名".to_string(), "担当課=所管課".to_string()];
    let unmapped = import(&table, dir.path(), None).unwrap_err().to_string();
    let header_row = city_rows.iter().position(|row| row[0] == "No.").unwrap() + 1;
    assert!(
        unmapped.contains(&format!(
            "（シート「報告」）:{header_row}: 「実施内容」の列がありません"
        )),
        "{unmapped}"
    );
    run(&ImportOptions {
        columns,
        ..options_for(&table, dir.path())
    })
    .unwrap();
    // Nothing is dropped: the city's No. column is kept as an extra field.
    let with_numbers = content(dir.path());
    let first = &with_numbers[Path::new("content/measures/1-01.md")];
    assert!(first.contains("extra:\n  No.: \"4\"\n"), "{first}");
    let without_numbers: BTreeMap<PathBuf, String> = with_numbers
        .into_iter()
        .map(|(path, text)| {
            let text = text
                .lines()
                .filter(|l| *l != "extra:" && !l.starts_with("  No.: "))
                .map(|l| format!("{l}\n"))
                .collect();
            (path, text)
        })
        .collect();
    assert_eq!(without_numbers, seed_import().content);

    // The same headings kept in site.toml, the row number ignored: the next
    // import needs no flags.
    let kept = tempfile::tempdir().unwrap();
    let settings = kept.path().join("site.toml");
    fs::write(
        &settings,
        "[import]\nignore = [\"No.\"]\n[import.columns]\n\"実施内容\" = \"事業名\"\n\"担当課\" = \"所管課\"\n",
    )
    .unwrap();
    import(&table, kept.path(), None).unwrap();
    assert_eq!(content(kept.path()), seed_import().content);

    // A flag wins over the setting for its column; a bad setting names the file.
    fs::write(
        &settings,
        "[import.columns]\n\"実施内容\" = \"事業の名前\"\n\"担当課\" = \"所管課\"\n",
    )
    .unwrap();
    run(&ImportOptions {
        columns: vec!["実施内容=事業名".to_string()],
        ..options_for(&table, kept.path())
    })
    .unwrap();
    fs::write(&settings, "[import.columns]\n\"事業\" = \"事業名\"\n").unwrap();
    let bad = import(&table, kept.path(), None).unwrap_err().to_string();
    assert!(
        bad.contains("site.toml")
            && bad.contains("[import.columns] の \"事業\" = \"事業名\" を読めません"),
        "{bad}"
    );
}

#[test]
fn a_slightly_renamed_measure_is_proposed_not_guessed() {
    let dir = tempfile::tempdir().unwrap();
    import(&common::fixture(SEED), dir.path(), None).unwrap();
    let renamed: Vec<String> = fs::read_to_string(common::fixture(SEED))
        .unwrap()
        .lines()
        .map(|line| line.replacen("\t自助グループ等育成\t", "\t自助グループ等の育成\t", 1))
        .collect();
    let table = dir.path().join("renamed.tsv");
    fs::write(&table, renamed.join("\n")).unwrap();
    let before = content(dir.path());
    let message = import(&table, dir.path(), None).unwrap_err().to_string();
    assert!(
        message
            .contains("content/measures/2-03.md: 「自助グループ等育成」→「自助グループ等の育成」"),
        "{message}"
    );
    assert_eq!(content(dir.path()), before, "nothing written");
    let report = run(&ImportOptions {
        force: true,
        ..options_for(&table, dir.path())
    })
    .unwrap();
    assert_eq!(report.measures, 44);
    let measure = fs::read_to_string(dir.path().join("content/measures/2-03.md")).unwrap();
    assert!(measure.contains("title: 自助グループ等の育成"), "{measure}");
}

#[test]
fn numbers_and_percentages_typed_in_excel_read_as_shown() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("numbers.xlsx");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    common::write_one_year_headings(sheet);
    for (c, text) in ["ア. 連携", "協議会"].iter().enumerate() {
        sheet.write_string(2, c as u16, *text).unwrap();
    }
    sheet.write_number(2, 2, 21).unwrap();
    sheet.write_string(2, 5, "実施").unwrap();
    let percent = rust_xlsxwriter::Format::new().set_num_format("0%");
    sheet.write_number_with_format(2, 7, 0.8, &percent).unwrap();
    workbook.save(&table).unwrap();
    import(&table, dir.path(), None).unwrap();
    let measure = fs::read_to_string(dir.path().join("content/measures/1-01.md")).unwrap();
    assert!(
        measure.contains("plan_page: 21") && measure.contains("achievement: 80%"),
        "{measure}"
    );
}
