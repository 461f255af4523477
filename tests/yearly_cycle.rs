//! Issue #17's whole yearly cycle with several sections, each step run with
//! the real binary as a planning office runs it: one workbook per section;
//! three sections fill their copies differently (every row; some rows; blank
//! rows but one cell that disagrees with another section); the disagreement
//! is refused with nothing written; once resolved, every answer lands and
//! nothing is erased, invented or published as discontinued; `check`
//! reports what is still missing.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use calamine::Reader;

/// Fills in every one of its rows.
const A: &str = "熊本いのちの電話";
/// Fills in some rows, the shared measure among them.
const B: &str = "男女共同参画課";
const B_ROWS: [&str; 3] = ["3-06", "3-07", SHARED];
/// Leaves its rows blank but writes the shared measure's 達成度, first unlike B.
const C: &str = "各区保健子ども課";
/// A measure of both B and C (not of A), so in both their workbooks.
const SHARED: &str = "4-16";

#[derive(serde::Deserialize)]
struct Front {
    title: String,
    #[serde(default)]
    sections: Vec<String>,
    #[serde(default)]
    years: BTreeMap<u16, BTreeMap<String, String>>,
}

/// Every measure's front matter, by id.
fn measures(root: &Path) -> BTreeMap<String, Front> {
    let mut measures = BTreeMap::new();
    for entry in fs::read_dir(root.join("content/measures")).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        let (front, _) = text[4..].split_once("\n---").unwrap();
        let id = path.file_stem().unwrap().to_string_lossy().into_owned();
        measures.insert(id, serde_saphyr::from_str(front).unwrap());
    }
    measures
}

/// A measure's four FY2021 fields, "" where there is none.
fn fy2021(measure: &Front) -> [String; 4] {
    let record = measure.years.get(&2021);
    ["status", "evaluation", "achievement", "next_plan"].map(|field| {
        record
            .and_then(|r| r.get(field))
            .cloned()
            .unwrap_or_default()
    })
}

/// Runs `shinchoku WORDS… ARGS… --root ROOT`.
fn shinchoku<A: AsRef<OsStr>>(root: &Path, words: &str, args: &[A]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_shinchoku"));
    command.args(words.split(' ')).args(args);
    command.arg("--root").arg(root).output().unwrap()
}

fn file_name(section: &str) -> String {
    format!("template-2021-{section}.xlsx")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Copies a section's workbook from `from` to `to`, both sheets in their
/// order, every cell as text; `answer` gives the FY2021 cells of a row by
/// its ID (None: as it was). Returns each measure's 1-based row.
fn fill(from: &Path, to: &Path, answer: impl Fn(&str) -> Option<[String; 4]>) -> Rows {
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(from).unwrap();
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).unwrap();
        assert_eq!(range.start(), Some((0, 0)), "{name}");
        let rows: Vec<Vec<String>> = range
            .rows()
            .map(|row| row.iter().map(ToString::to_string).collect())
            .collect();
        sheets.push((name, rows));
    }
    let names: Vec<&str> = sheets.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["記入のしかた", "進捗状況"], "{}", from.display());
    let table = &mut sheets[1].1;
    let id_column = table[0].iter().position(|h| h.starts_with("ID")).unwrap();
    let first = table[0].iter().position(|h| h == "令和3年度実施状況");
    let first = first.unwrap();
    let mut rows = Rows::new();
    for (r, row) in table.iter_mut().enumerate().skip(1) {
        let id = row[id_column].clone();
        if id.is_empty() {
            continue; // a basic policy's heading
        }
        if let Some(cells) = answer(&id) {
            row[first..first + 4].clone_from_slice(&cells);
        }
        rows.insert(id, r + 1);
    }
    let mut workbook = rust_xlsxwriter::Workbook::new();
    for (name, rows) in &sheets {
        let sheet = workbook.add_worksheet().set_name(name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate().filter(|(_, cell)| !cell.is_empty()) {
                sheet.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
    }
    workbook.save(to).unwrap();
    rows
}

/// Measure id → its row in a workbook.
type Rows = BTreeMap<String, usize>;

fn answer(section: &str, id: &str, achievement: &str) -> [String; 4] {
    [
        format!("{id}は令和3年度も実施した（{section}）"),
        format!("計画どおり（{section}）"),
        achievement.into(),
        "実施を継続".into(),
    ]
}

/// The FY2021 cells of a row with only 達成度 written.
fn only_achievement(achievement: &str) -> [String; 4] {
    let mut cells = <[String; 4]>::default();
    cells[2] = achievement.into();
    cells
}

/// Builds the site; the pages that say a measure may have been discontinued.
fn discontinued(root: &Path, out: &Path) -> Vec<String> {
    let build = shinchoku(root, "build --out", &[out]);
    assert!(build.status.success(), "{}", text(&build.stderr));
    let pages = common::tree(out).into_iter();
    pages
        .filter(|(page, bytes)| page.ends_with(".html") && text(bytes).contains("廃止・休止"))
        .map(|(page, _)| page)
        .collect()
}

#[test]
fn three_sections_return_their_workbooks_a_conflict_is_resolved_and_nothing_is_lost() {
    let site = common::copy_of_bundled_site();
    let root = site.path();
    let work = tempfile::tempdir().unwrap();
    let (templates, returned) = (work.path().join("templates"), work.path().join("returned"));
    fs::create_dir(&returned).unwrap();
    let before = measures(root);
    let seed_years = |m: &Front| m.years.contains_key(&2020) && !m.years.contains_key(&2021);
    assert!(before.values().all(seed_years));
    let discontinued_before = discontinued(root, &work.path().join("public-before"));
    // The seed's own 廃止 (3-02) is the importer's note: for the staff only.
    assert!(fs::read_to_string(root.join("content/measures/3-02.md"))
        .unwrap()
        .contains("廃止・休止"));
    assert!(discontinued_before.is_empty(), "{discontinued_before:?}");

    // 1. One workbook per section, named by it.
    let words = "export --template 令和3 --by section --out";
    let export = shinchoku(root, words, &[&templates]);
    assert!(export.status.success(), "{}", text(&export.stderr));
    let sections: BTreeSet<&String> = before.values().flat_map(|m| &m.sections).collect();
    let expected: BTreeSet<String> = sections.iter().map(|s| file_name(s)).collect();
    let written: BTreeSet<String> = fs::read_dir(&templates)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(expected.len() > 3 && written == expected, "{written:?}");

    // 2. A fills every row, B some, C only the shared 達成度 and unlike B.
    let returns = [A, B, C].map(|section| returned.join(file_name(section)));
    let template = |section| templates.join(file_name(section));
    let a_rows = fill(&template(A), &returns[0], |id| Some(answer(A, id, "100%")));
    let b_rows = fill(&template(B), &returns[1], |id| {
        B_ROWS.contains(&id).then(|| answer(B, id, "80%"))
    });
    let c_rows = fill(&template(C), &returns[2], |id| {
        (id == SHARED).then(|| only_achievement("60%"))
    });
    let blank_rows: Vec<&String> = c_rows.keys().filter(|id| *id != SHARED).collect();
    assert!(a_rows.len() > 1 && !a_rows.contains_key(SHARED) && b_rows.len() > B_ROWS.len());
    assert!(b_rows.contains_key(SHARED) && !blank_rows.is_empty());

    // 3. Importing all three is refused, naming both answers; nothing is written.
    let content = || common::tree(&root.join("content"));
    let untouched = content();
    let refused = shinchoku(root, "import", &returns);
    let message = text(&refused.stderr);
    assert!(!refused.status.success(), "{message}");
    let said = |file: &Path, row: usize, value: &str| {
        format!("{}（シート「進捗状況」）:{row}「{value}」", file.display())
    };
    for expected in [
        format!("実施内容「{}」の令和3年度 達成度", before[SHARED].title),
        "（1 か所）".into(),
        said(&returns[1], b_rows[SHARED], "80%"),
        said(&returns[2], c_rows[SHARED], "60%"),
        "何も書き込んでいません".into(),
    ] {
        assert!(message.contains(&expected), "{expected}:\n{message}");
    }
    assert!(content() == untouched, "no content file changed");
    assert!(!root.join(".shinchoku").exists(), "no import state written");

    // 4. C's clerk corrects the cell to B's value; all three import.
    fill(&returns[2], &returns[2], |id| {
        (id == SHARED).then(|| only_achievement("80%"))
    });
    let imported = shinchoku(root, "import", &returns);
    let summary = text(&imported.stdout);
    assert!(imported.status.success(), "{}", text(&imported.stderr));
    for (file, filled) in returns.iter().zip([4 * a_rows.len(), 4 * B_ROWS.len(), 1]) {
        let heading = format!("取り込み元: {}（", file.display());
        let mut lines = summary.lines().skip_while(|l| !l.starts_with(&heading));
        let counts =
            format!("  記入 {filled} 件、変更 0 件、削除 0 件、空欄のため今の値のまま 0 件");
        assert_eq!(lines.nth(1), Some(counts.as_str()), "{summary}");
    }
    let after = measures(root);
    let mut answered: BTreeMap<&str, [String; 4]> = (a_rows.keys())
        .map(|id| (id.as_str(), answer(A, id, "100%")))
        .collect();
    answered.extend(B_ROWS.map(|id| (id, answer(B, id, "80%"))));
    assert!(after.keys().eq(before.keys()));
    for (id, measure) in &after {
        let expected = answered.get(id.as_str()).cloned().unwrap_or_default();
        assert_eq!(fy2021(measure), expected, "{id}: as answered, or none");
        for (year, fields) in &before[id].years {
            assert_eq!(measure.years.get(year), Some(fields), "{id}: {year}");
        }
    }
    let public = work.path().join("public");
    assert_eq!(discontinued(root, &public), discontinued_before);
    let page = common::read(&public, &format!("measures/{SHARED}.html"));
    assert!(common::text_without_spaces(&page).contains(&answered[SHARED][0]));

    // 5. `check` counts the reports and lists, per section, the rows still blank.
    let check = shinchoku(root, "check --verbose", &[""; 0]);
    let report = text(&check.stdout);
    assert!(check.status.success(), "{}", text(&check.stderr));
    let (reported, all) = (answered.len(), after.len());
    let totals = format!("令和3年度（2021年度）: {reported}/{all}件\n");
    assert!(report.contains(&totals), "{totals}{report}");
    let mut per_section: BTreeMap<&str, (usize, Vec<&String>)> = BTreeMap::new();
    for (id, measure) in &after {
        for section in &measure.sections {
            let (measures, missing) = per_section.entry(section).or_default();
            *measures += 1;
            if !answered.contains_key(id.as_str()) {
                missing.push(id);
            }
        }
    }
    assert_eq!(per_section[C].1, blank_rows, "C still owes its blank rows");
    assert!(
        per_section[A].1.is_empty(),
        "A's workbook held all its measures"
    );
    let mut listed = String::from("報告のない施策がある担当課:\n");
    for (section, (measures, missing)) in per_section.iter().filter(|(_, (_, m))| !m.is_empty()) {
        let reported = measures - missing.len();
        let missing: Vec<String> = (missing.iter())
            .map(|id| format!("{id} {}", after[*id].title))
            .collect();
        listed += &format!("  {section}: 令和3年度 {reported}/{measures}件\n");
        listed += &format!("    令和3年度 未報告: {}\n", missing.join("、"));
    }
    assert!(report.contains(&listed), "{listed}\n{report}");
}
