//! The yearly cycle as the sections live it: `shinchoku export --template`
//! takes the fiscal year as a clerk writes it, writes one workbook per
//! section with its rules and instructions, and what Excel hands back
//! (dates, percentages, formulas, numbers) is imported as the cells show it.

mod common;

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

/// A temp dir holding the minimal fixture site at `site/`.
fn minimal_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    common::copy_dir(&common::fixture("minimal"), &root);
    (tmp, root)
}

fn export(root: &Path, out: &Path, fiscal_year: &str, extra: &[&str]) -> Output {
    let mut args: Vec<&OsStr> = vec![
        "export".as_ref(),
        "--template".as_ref(),
        fiscal_year.as_ref(),
        "--root".as_ref(),
        root.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ];
    args.extend(extra.iter().map(OsStr::new));
    common::shinchoku(args)
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn the_fiscal_year_is_read_as_a_clerk_writes_it() {
    let (tmp, root) = minimal_site();
    for written in [
        "令和3",
        "令和３",
        "R3",
        "r3",
        "2021",
        "令和3年度",
        "R3年度",
        "2021年度",
    ] {
        let out = tmp.path().join(format!("out-{written}"));
        let output = export(&root, &out, written, &[]);
        assert!(
            output.status.success(),
            "{written}: {}",
            common::stderr(&output)
        );
        assert_eq!(
            names_in(&out),
            ["template-2021.csv", "template-2021.xlsx"],
            "{written}"
        );
    }
    // 令和元年度 and 平成30年度 are read too: the site already has 2019.
    let message = common::stderr(&export(&root, &tmp.path().join("r1"), "令和元年度", &[]));
    assert!(
        message.contains("2019年度はすでにサイトにあります"),
        "{message}"
    );
    for older in ["H30", "平成30年度", "平成３０年度"] {
        let out = tmp.path().join(format!("out-{older}"));
        let output = export(&root, &out, older, &[]);
        assert!(
            output.status.success(),
            "{older}: {}",
            common::stderr(&output)
        );
        assert_eq!(names_in(&out), ["template-2018.csv", "template-2018.xlsx"]);
    }

    let output = export(&root, &tmp.path().join("bad"), "令和三年", &[]);
    let message = common::stderr(&output);
    assert!(!output.status.success(), "{message}");
    assert!(
        message.contains("「令和三年」が読めません")
            && message.contains("令和3年度")
            && message.contains("R3")
            && message.contains("2021"),
        "says what is accepted, in Japanese: {message}"
    );
    assert!(!message.contains("invalid digit"), "{message}");
    assert!(!tmp.path().join("bad").exists(), "nothing written");
}

/// The sheets of a workbook: name → rows of cell text.
fn sheets(path: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    use calamine::Reader;
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    workbook
        .sheet_names()
        .into_iter()
        .map(|name| {
            let range = workbook.worksheet_range(&name).unwrap();
            let rows = range
                .rows()
                .map(|row| row.iter().map(|cell| cell.to_string()).collect())
                .collect();
            (name, rows)
        })
        .collect()
}

/// A part of the workbook's zip, as text.
fn part(path: &Path, name: &str) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The minimal site with sections whose names Windows cannot hold.
fn site_with_awkward_sections() -> (tempfile::TempDir, PathBuf) {
    let (tmp, root) = minimal_site();
    for (file, section, added) in [
        ("1-02.md", "  - 高齢福祉課\n", "子ども/家庭:課"),
        ("2-01.md", "  - 男女共同参画課\n", "子ども?家庭*課"),
    ] {
        let path = root.join("content/measures").join(file);
        let text = fs::read_to_string(&path).unwrap();
        let text = text.replacen(section, &format!("{section}  - \"{added}\"\n"), 1);
        fs::write(&path, text).unwrap();
    }
    (tmp, root)
}

fn import(table: &Path, root: &Path) -> shinchoku::import::ImportReport {
    shinchoku::import::run(&shinchoku::import::ImportOptions {
        table: table.to_path_buf(),
        root: root.to_path_buf(),
        ..Default::default()
    })
    .unwrap_or_else(|e| panic!("{}: {e}", table.display()))
}

const ID_COLUMN: usize = 13;

#[test]
fn export_by_section_writes_each_section_its_own_workbook_with_rules_and_instructions() {
    let (tmp, root) = site_with_awkward_sections();
    let out = tmp.path().join("templates");
    let output = export(&root, &out, "R3", &["--by", "section"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let expected: [(&str, &[&str]); 6] = [
        ("template-2021-障がい保健福祉課.xlsx", &["1-01"]),
        ("template-2021-精神保健福祉室.xlsx", &["1-01"]),
        ("template-2021-高齢福祉課.xlsx", &["1-02"]),
        ("template-2021-子ども_家庭_課.xlsx", &["1-02"]),
        ("template-2021-男女共同参画課.xlsx", &["2-01"]),
        ("template-2021-子ども_家庭_課-2.xlsx", &["2-01"]),
    ];
    let mut names: Vec<&str> = expected.iter().map(|(name, _)| *name).collect();
    names.sort();
    assert_eq!(names_in(&out), names);

    for (name, ids) in expected {
        let path = out.join(name);
        let sheets = sheets(&path);
        let sheet_names: Vec<&str> = sheets.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(sheet_names, ["記入のしかた", "進捗状況"], "{name}");
        let instructions = sheets[0].1.concat().concat();
        for expected in [
            "令和3年度",
            "黄色",
            "回答なし",
            "消えません",
            "（削除）",
            "ID",
            "返して",
        ] {
            assert!(
                instructions.contains(expected),
                "{name}: {expected}: {instructions}"
            );
        }
        let table = &sheets[1].1;
        assert_eq!(table[0][ID_COLUMN], "ID（変更しないでください）", "{name}");
        assert!(
            table[0][9].starts_with("令和3年度"),
            "{name}: {:?}",
            table[0]
        );
        let row_ids: Vec<&str> = table[1..]
            .iter()
            .map(|row| row[ID_COLUMN].as_str())
            .filter(|id| !id.is_empty())
            .collect();
        assert_eq!(row_ids, ids, "{name}: only its own measures");
        let policies: Vec<&str> = table
            .iter()
            .map(|row| row[0].as_str())
            .filter(|cell| cell.starts_with("基本施策"))
            .collect();
        assert_eq!(
            policies.len(),
            1,
            "{name}: only its measures' policy: {policies:?}"
        );

        let sheet = part(&path, "xl/worksheets/sheet2.xml");
        for rule in [
            "<sheetProtection",
            "state=\"frozen\"",
            "promptTitle=\"達成度\"",
            "promptTitle=\"実施状況\"",
        ] {
            assert!(sheet.contains(rule), "{name}: {rule}");
        }
        assert!(
            part(&path, "xl/styles.xml").contains("locked=\"0\""),
            "{name}: the cells to fill in are unlocked"
        );
    }

    // 1-01's row: the last reported year's answers, the new year empty.
    let table = &sheets(&out.join("template-2021-精神保健福祉室.xlsx"))[1].1;
    let row = table.iter().find(|row| row[ID_COLUMN] == "1-01").unwrap();
    assert_eq!(row[1], "自殺対策連絡協議会");
    assert_eq!(row[5], "- 1.事例検討会 6月実施\n- 2.協議会 3月開催");
    assert_eq!(row[7], "70");
    assert!(row[9..13].iter().all(String::is_empty), "{row:?}");

    // Nothing is overwritten without --force.
    let before: Vec<Vec<u8>> = names
        .iter()
        .map(|n| fs::read(out.join(n)).unwrap())
        .collect();
    let output = export(&root, &out, "R3", &["--by", "section"]);
    let message = common::stderr(&output);
    assert!(!output.status.success(), "{message}");
    assert!(
        message.contains("template-2021-子ども_家庭_課-2.xlsx") && message.contains("--force"),
        "{message}"
    );
    let after: Vec<Vec<u8>> = names
        .iter()
        .map(|n| fs::read(out.join(n)).unwrap())
        .collect();
    assert_eq!(before, after);
    let output = export(&root, &out, "R3", &["--by", "section", "--force"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
}

#[test]
fn a_section_workbook_is_imported_as_returned_with_its_instructions_sheet_first() {
    let (tmp, root) = minimal_site();
    let out = tmp.path().join("templates");
    let output = export(&root, &out, "令和3年度", &["--by", "section"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let template = out.join("template-2021-精神保健福祉室.xlsx");
    let unfilled = import(&template, &root);
    assert!(unfilled.created.is_empty(), "{unfilled}");
    assert!(
        !fs::read_to_string(root.join("content/measures/1-01.md"))
            .unwrap()
            .contains("2021"),
        "an empty template adds nothing"
    );

    // The section fills in its cells and saves: the same sheets, same order.
    let returned = tmp.path().join("returned.xlsx");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    for (name, mut rows) in sheets(&template) {
        if name == "進捗状況" {
            let row = rows
                .iter_mut()
                .find(|row| row[ID_COLUMN] == "1-01")
                .unwrap();
            row[9] = "令和3年度は2回開催".into();
            row[11] = "100%".into();
        }
        let sheet = workbook.add_worksheet().set_name(&name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                sheet.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
    }
    workbook.save(&returned).unwrap();
    let report = import(&returned, &root);
    let measure = fs::read_to_string(root.join("content/measures/1-01.md")).unwrap();
    assert!(
        measure.contains("status: 令和3年度は2回開催") && measure.contains("achievement: 100%"),
        "{report}\n{measure}"
    );
    let untouched = fs::read_to_string(root.join("content/measures/2-01.md")).unwrap();
    assert!(!untouched.contains("2021"), "{untouched}");
}

#[test]
fn the_single_template_opens_on_its_instructions_too() {
    let (tmp, root) = minimal_site();
    let out = tmp.path().join("templates");
    let output = export(&root, &out, "2021", &[]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let sheets = sheets(&out.join("template-2021.xlsx"));
    assert_eq!(sheets[0].0, "記入のしかた");
    assert!(sheets[0].1.concat().concat().contains("（削除）"));
    let ids: Vec<&str> = sheets[1].1[1..]
        .iter()
        .map(|row| row[ID_COLUMN].as_str())
        .filter(|id| !id.is_empty())
        .collect();
    assert_eq!(ids, ["1-01", "1-02", "2-01"]);
    import(&out.join("template-2021.xlsx"), &root);
}

fn load_site(root: &Path) -> shinchoku::model::Site {
    let (content, mut diagnostics) = shinchoku::load::load_content(root);
    let site = shinchoku::validate::validate(content, &Default::default(), &mut diagnostics);
    assert!(!diagnostics.has_errors(), "{diagnostics}");
    site.unwrap()
}

#[test]
fn what_excel_hands_over_is_imported_as_the_cells_show_it() {
    use rust_xlsxwriter::{Format, Formula, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("typed.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    common::write_one_year_headings(sheet);
    let month_day = Format::new().set_num_format("m\"月\"d\"日\"");
    let japanese_date = Format::new().set_num_format_index(14);
    let percent = Format::new().set_num_format("0%");
    for (r, title) in [(2, "協議会"), (3, "研修会")] {
        sheet.write_string(r, 0, "ア. 連携").unwrap();
        sheet.write_string(r, 1, title).unwrap();
    }
    // 6/14 typed into a cell: Excel keeps the serial 44361 and a date format.
    sheet
        .write_number_with_format(2, 5, 44361, &month_day)
        .unwrap();
    sheet
        .write_formula(
            2,
            6,
            Formula::new("=\"評価\"&\"良好\"").set_result("評価良好"),
        )
        .unwrap();
    sheet
        .write_formula_with_format(2, 7, Formula::new("=17/20").set_result("0.85"), &percent)
        .unwrap();
    sheet.write_number(2, 8, 0.1 + 0.2).unwrap();
    sheet.write_number(2, 2, 21).unwrap();
    sheet
        .write_number_with_format(3, 5, 44361, &japanese_date)
        .unwrap();
    // Numbers stored as text stay as typed.
    sheet.write_string(3, 2, "021").unwrap();
    sheet.write_string(3, 7, "85.0%").unwrap();
    workbook.save(&table).unwrap();

    import(&table, dir.path());
    let site = load_site(dir.path());
    let shown = |id: &str| {
        let measure = site.measures.iter().find(|m| m.id == id).unwrap();
        let year = measure.year(2021).unwrap();
        (
            measure.plan_page,
            year.status.as_str(),
            year.evaluation.as_str(),
            year.achievement.raw.as_str(),
            year.next_plan.as_str(),
        )
    };
    assert_eq!(
        shown("1-01"),
        (Some(21), "6月14日", "評価良好", "85%", "0.3")
    );
    assert_eq!(shown("1-02"), (Some(21), "2021/6/14", "", "85.0%", ""));
}
