//! `shinchoku import` on the seed table and on small hand-made tables: what
//! it writes, what it warns about, and that re-importing never destroys a
//! hand edit.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use shinchoku::import::{run, ImportError, ImportOptions, ImportReport};
use shinchoku::load::load_content;
use shinchoku::model::{AchievementKind, Measure, Site};
use shinchoku::render::markdown::to_plain_text;
use shinchoku::validate::validate;

const SEED: &str = "seed/kumamoto-jisatsu-2019-2020.tsv";

fn options(table: &Path, root: &Path) -> ImportOptions {
    ImportOptions {
        table: table.to_path_buf(),
        encoding: None,
        columns: Vec::new(),
        root: root.to_path_buf(),
        force: false,
        dry_run: false,
    }
}

fn import_seed(root: &Path) -> ImportReport {
    run(&options(&common::fixture(SEED), root)).unwrap_or_else(|e| panic!("{e}"))
}

fn import_fixture(name: &str) -> (tempfile::TempDir, Result<ImportReport, ImportError>) {
    let tmp = tempfile::tempdir().unwrap();
    let result = run(&options(
        &common::fixture(&format!("import/{name}")),
        tmp.path(),
    ));
    (tmp, result)
}

/// The imported site as a build reads it; any load or validation error fails the test.
fn load_site(root: &Path) -> Site {
    let (content, mut diagnostics) = load_content(root);
    let site = validate(content, &Default::default(), &mut diagnostics);
    assert!(!diagnostics.has_errors(), "{diagnostics}");
    site.expect("a valid site")
}

/// Text without whitespace or the separators between names, so that wrap
/// spaces, Markdown line breaks and list splitting never matter.
fn compact(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '・' | '/' | '／'))
        .collect()
}

fn plain(markdown: &str) -> String {
    compact(&to_plain_text(markdown))
}

/// What a reader sees of a measure (import notes aside), field by field.
fn visible_fields(measure: &Measure) -> String {
    let mut fields = vec![
        compact(&measure.plan_item),
        format!(
            "{}{}",
            if measure.is_new { "《新規》" } else { "" },
            compact(&measure.title)
        ),
        measure
            .plan_page
            .map(|p| format!("P.{p}"))
            .unwrap_or_default(),
        compact(&measure.departments.concat()),
        compact(&measure.sections.concat()),
    ];
    for year in &measure.years {
        fields.extend([
            plain(&year.status),
            plain(&year.evaluation),
            compact(&year.achievement.raw),
            plain(&year.next_plan),
        ]);
    }
    fields.join("\u{1}")
}

fn warned(report: &ImportReport, line: usize, field: Option<&str>) -> bool {
    report
        .warnings
        .iter()
        .any(|w| w.line == Some(line) && w.field.as_deref() == field)
}

fn measure<'a>(site: &'a Site, title: &str) -> &'a Measure {
    site.measures
        .iter()
        .find(|m| m.title == title)
        .unwrap_or_else(|| panic!("no measure {title}"))
}

/// Data rows per 基本施策, counted straight from the seed.
fn seed_rows_per_policy() -> BTreeMap<u32, usize> {
    let text = fs::read_to_string(common::fixture(SEED)).unwrap();
    let mut counts = BTreeMap::new();
    let mut policy = 0;
    for line in text.lines() {
        let first = line.split('\t').next().unwrap_or_default().trim();
        if let Some(rest) = first.strip_prefix("基本施策") {
            policy = rest
                .chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .unwrap();
        } else if !first.is_empty() && !first.starts_with("計画における項目") {
            *counts.entry(policy).or_default() += 1;
        }
    }
    counts
}

#[test]
fn the_seed_gives_44_measures_in_4_policies_over_two_fiscal_years() {
    let tmp = tempfile::tempdir().unwrap();
    let report = import_seed(tmp.path());
    assert_eq!((report.nodes[0].count, report.measures), (4, 44));
    assert_eq!(report.created.len(), 1 + 4 + 44);
    let site = load_site(tmp.path());
    let years: Vec<(u16, &str)> = site
        .plan
        .fiscal_years
        .iter()
        .map(|fy| (fy.year, fy.label.as_str()))
        .collect();
    assert_eq!(years, [(2019, "令和元年度"), (2020, "令和2年度")]);
    assert_eq!(site.plan.title, "計画の進捗状況（令和元年度・令和2年度）");
    assert_eq!(site.plan.source, "kumamoto-jisatsu-2019-2020.tsv");
    let per_policy: BTreeMap<u32, usize> = site
        .nodes
        .iter()
        .map(|p| (p.number.parse().unwrap(), site.measures_under(p).count()))
        .collect();
    assert_eq!(per_policy, seed_rows_per_policy());
    assert_eq!(
        per_policy.values().copied().collect::<Vec<_>>(),
        [4, 5, 12, 23]
    );
    assert_eq!(
        site.node("4", 0).unwrap().title,
        "生きることの促進要因への支援"
    );
    assert!(site.measures.iter().all(|m| m.years.len() == 2));
}

#[test]
fn every_non_empty_cell_reaches_a_field_of_its_measure() {
    let tmp = tempfile::tempdir().unwrap();
    import_seed(tmp.path());
    let site = load_site(tmp.path());
    let rows = common::seed_rows();
    assert_eq!(rows.len(), site.measures.len());
    for ((line, cells), measure) in rows.iter().zip(&site.measures) {
        let fields = visible_fields(measure);
        for (column, cell) in cells.iter().enumerate() {
            let cell = compact(cell);
            assert!(
                fields.contains(&cell),
                "line {line}, column {}: {cell} is missing from {}",
                column + 1,
                measure.id
            );
        }
    }
}

#[test]
fn regular_rows_render_exactly_their_cells() {
    let tmp = tempfile::tempdir().unwrap();
    import_seed(tmp.path());
    let site = load_site(tmp.path());
    for ((line, cells), measure) in common::seed_rows().iter().zip(&site.measures) {
        if !measure.import_notes.is_empty() {
            continue; // irregular rows: checked by cell above and by name below
        }
        for (k, year) in measure.years.iter().enumerate() {
            let cell = |j: usize| compact(cells.get(5 + 4 * k + j).map_or("", String::as_str));
            let fields = [
                plain(&year.status),
                plain(&year.evaluation),
                compact(&year.achievement.raw),
                plain(&year.next_plan),
            ];
            assert_eq!(
                fields,
                [cell(0), cell(1), cell(2), cell(3)],
                "line {line}, {}",
                year.year
            );
        }
    }
}

#[test]
fn wrap_spaces_go_and_the_writers_spaces_stay() {
    let tmp = tempfile::tempdir().unwrap();
    import_seed(tmp.path());
    let site = load_site(tmp.path());
    let m = measure(&site, "地域包括ケアシステムの推進");
    assert_eq!(m.plan_item, "イ. 関連施策を通じたネットワーク");
    assert!(m
        .year(2019)
        .unwrap()
        .status
        .starts_with("市内27カ所に設置している地域包括支援センター(高齢者支援センターささえりあ)において、総合相談"));
    let m = measure(&site, "自殺対策連絡協議会");
    assert_eq!(
        m.year(2020).unwrap().status,
        "新型コロナウイルス感染症の影響により中止"
    );
    assert_eq!(
        (m.departments.as_slice(), m.sections.as_slice()),
        (
            &["障がい者支援部".to_string()][..],
            &["障がい保健福祉課".to_string(), "精神保健福祉室".into()][..]
        )
    );
    let m = measure(&site, "熊本いのちの電話相談");
    assert!(m.year(2019).unwrap().status.contains(
        "相談員全体研修 6/30「ロールプレイ研修」73名参加 12/7「対応困難ケース」58名参加 インターネット相談の開始"
    ));
    let m = measure(&site, "熊本救急医療自傷・自殺問題対策協議会");
    assert_eq!(m.sections, ["国立病院機構熊本医療センター"]);
    let record = m.year(2019).unwrap();
    assert_eq!(
        record.status,
        "- 1.事例検討会 6月実施(消防局員含め80名ほど)\n- 2.協議会 3月開催予定だったがコロナウイルス問題のため中止"
    );
    assert_eq!(
        record.achievement.raw,
        "1.1/1回 100% 2.0/1回 0% ※コロナウイルス問題のため中止"
    );
    assert_eq!(
        measure(&site, "研修会などへの臨床心理士派遣").sections,
        ["熊本県臨床心理士・公認心理師協会"]
    );
    let m = measure(&site, "配偶者暴力相談");
    assert_eq!(
        m.sections,
        [
            "男女共同参画課",
            "子ども政策課",
            "各区福祉課",
            "各区保健子ども課"
        ]
    );
    let m = measure(&site, "SNSによるこころの悩み相談");
    assert!(m.is_new);
    assert_eq!(m.plan_page, Some(25));
    let m = measure(&site, "精神保健相談");
    assert_eq!(m.departments, ["障がい者支援部", "各区役所"]);
    assert_eq!(
        measure(&site, "心の健康相談")
            .year(2020)
            .unwrap()
            .status
            .lines()
            .count(),
        5,
        "one item per ward"
    );
}

#[test]
fn the_irregular_rows_are_placed_and_reported_with_their_row_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let report = import_seed(tmp.path());
    let site = load_site(tmp.path());

    // Row 14: the FY2020 evaluation holds the achievement, the achievement the next plan.
    let m = measure(&site, "研修会などへの臨床心理士派遣");
    let year = m.year(2020).unwrap();
    assert_eq!(year.evaluation, "");
    assert_eq!(year.achievement.raw, "①100%、②");
    assert!(
        matches!(&year.achievement.kind, AchievementKind::Parts { parts } if parts.len() == 2 && parts[1].percent.is_none())
    );
    assert!(
        year.next_plan
            .starts_with("- 1)については、新型コロナウイルス流行の状況に応じ、オンラインも含め"),
        "{}",
        year.next_plan
    );
    assert!(m
        .import_notes
        .iter()
        .any(|n| n.starts_with("行14: ") && n.contains("元の記載: 評価「①100%、②」")));
    assert!(warned(&report, 14, Some("令和2年度 評価")));
    assert!(
        warned(&report, 14, Some("令和2年度 達成度")),
        "part ② has no number"
    );

    // Row 37: the FY2020 evaluation holds each ward's plan for next year.
    let m = measure(&site, "心の健康相談");
    let year = m.year(2020).unwrap();
    assert_eq!(year.evaluation, "");
    assert!(
        year.next_plan
            .starts_with("- 【中央区】実施を継続\n- 【東区】実施を継続。"),
        "{}",
        year.next_plan
    );
    assert!(m
        .import_notes
        .iter()
        .any(|n| n.starts_with("行37: ") && n.contains("【北区】実施を継続")));
    assert!(warned(&report, 37, Some("令和2年度 評価")));

    // Row 20: mostly empty, discontinued.
    let m = measure(&site, "自殺予防啓発講演会");
    assert!(m.import_notes.iter().any(|n| n.starts_with("行20: ")));
    assert!(report
        .warnings
        .iter()
        .any(|w| w.line == Some(20) && w.message.contains("廃止")));

    // Row 13: sentences as achievements.
    let m = measure(&site, "熊本PEECコースの開催");
    assert!(m
        .years
        .iter()
        .all(|y| y.achievement.kind == AchievementKind::Text));
    assert_eq!(
        m.year(2020).unwrap().achievement.raw,
        "新型コロナ感染症流行期において最大限実施可能なところに到達した。"
    );
    assert!(
        warned(&report, 13, Some("令和元年度 達成度"))
            && warned(&report, 13, Some("令和2年度 達成度"))
    );

    // Nothing else is irregular but row 49's FY2019 achievement, counts without percentages.
    let lines: BTreeSet<usize> = report.warnings.iter().filter_map(|w| w.line).collect();
    assert_eq!(lines, BTreeSet::from([13, 14, 20, 37, 49]), "{report}");
    assert_eq!(
        measure(&site, "精神科病院における出張法律相談")
            .year(2019)
            .unwrap()
            .achievement
            .kind,
        AchievementKind::Text
    );
    let shown = report.to_string();
    assert!(
        shown.contains("kumamoto-jisatsu-2019-2020.tsv:14: 警告: 令和2年度 評価: "),
        "{shown}"
    );
}

#[test]
fn achievement_kinds_of_the_seed() {
    let tmp = tempfile::tempdir().unwrap();
    import_seed(tmp.path());
    let site = load_site(tmp.path());
    let mut counts: BTreeMap<&str, [usize; 2]> = BTreeMap::new();
    for m in &site.measures {
        for (k, year) in m.years.iter().enumerate() {
            counts.entry(year.achievement.kind.key()).or_default()[k] += 1;
        }
    }
    for (kind, [fy2019, fy2020]) in &counts {
        eprintln!("{kind:16} {fy2019:3} {fy2020:3} {:3}", fy2019 + fy2020);
    }
    let expected = BTreeMap::from([
        ("cancelled", [2, 0]),
        ("empty", [1, 2]),
        ("implemented", [12, 9]),
        ("not_achieved", [0, 1]),
        ("not_carried_out", [1, 1]),
        ("not_evaluable", [0, 2]),
        ("parts", [3, 1]),
        ("percent", [23, 27]),
        ("text", [2, 1]),
    ]);
    assert_eq!(counts, expected);
}

#[test]
fn re_import_is_idempotent() {
    let tmp = tempfile::tempdir().unwrap();
    import_seed(tmp.path());
    let before = common::content_files(tmp.path());
    let again = import_seed(tmp.path());
    assert!(again.written().is_empty() && again.created.is_empty() && again.overwritten.is_empty());
    assert_eq!(again.unchanged.len(), 49);
    assert_eq!(common::content_files(tmp.path()), before);
    assert!(
        again
            .to_string()
            .contains("作成: 0 件、更新: 0 件、上書き: 0 件、変更なし: 49 件"),
        "{again}"
    );
}

#[test]
fn a_hand_edit_is_kept_on_re_import() {
    let tmp = tempfile::tempdir().unwrap();
    import_seed(tmp.path());
    let edited = tmp.path().join("content/measures/2-03.md");
    let text = fs::read_to_string(&edited)
        .unwrap()
        .replace("title: 自助グループ等育成", "title: 自助グループ等の育成");
    fs::write(&edited, &text).unwrap();
    fs::remove_file(tmp.path().join("content/measures/4-23.md")).unwrap();
    let report = import_seed(tmp.path());
    assert_eq!(report.created, [PathBuf::from("content/measures/4-23.md")]);
    assert_eq!(report.hand_edits, ["content/measures/2-03.md: title"]);
    assert!(
        report.to_string().contains("手で編集された項目"),
        "{report}"
    );
    assert_eq!(fs::read_to_string(&edited).unwrap(), text);
}

/// The seed with one cell of the row titled `title` replaced.
fn seed_with_cell(dir: &Path, title: &str, column: usize, value: &str) -> PathBuf {
    let text = fs::read_to_string(common::fixture(SEED)).unwrap();
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            let mut cells: Vec<&str> = line.split('\t').collect();
            if cells.get(1) == Some(&title) {
                cells[column] = value;
            }
            cells.join("\t")
        })
        .collect();
    let path = dir.join("changed.tsv");
    fs::write(&path, lines.join("\n")).unwrap();
    path
}

#[test]
fn a_hand_edit_the_table_also_changes_makes_re_import_refuse_and_touch_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    import_seed(tmp.path());
    let edited = tmp.path().join("content/measures/2-03.md");
    let text = fs::read_to_string(&edited).unwrap();
    assert!(text.contains("plan_page: 22"), "{text}");
    fs::write(&edited, text.replace("plan_page: 22", "plan_page: 50")).unwrap();
    fs::remove_file(tmp.path().join("content/measures/4-23.md")).unwrap();
    let before = common::content_files(tmp.path());
    let table = seed_with_cell(tmp.path(), "自助グループ等育成", 2, "P.25");
    let error = run(&options(&table, tmp.path())).unwrap_err();
    match &error {
        ImportError::Conflicts { files } => {
            assert_eq!(files, &[PathBuf::from("content/measures/2-03.md")])
        }
        other => panic!("{other}"),
    }
    assert!(error.to_string().contains("content/measures/2-03.md"));
    assert_eq!(
        common::content_files(tmp.path()),
        before,
        "nothing written, not even the missing file"
    );
}

#[test]
fn force_overwrites_the_front_matter_but_keeps_the_body() {
    let tmp = tempfile::tempdir().unwrap();
    import_seed(tmp.path());
    let edited = tmp.path().join("content/measures/2-03.md");
    let text = fs::read_to_string(&edited).unwrap();
    fs::write(
        &edited,
        format!(
            "{}手で書いた説明。\n",
            text.replace("new: false", "new: true")
        ),
    )
    .unwrap();
    let report = run(&ImportOptions {
        force: true,
        ..options(&common::fixture(SEED), tmp.path())
    })
    .unwrap();
    assert_eq!(
        report.overwritten,
        [PathBuf::from("content/measures/2-03.md")]
    );
    assert_eq!(report.unchanged.len(), 48);
    assert_eq!(
        fs::read_to_string(&edited).unwrap(),
        format!("{text}手で書いた説明。\n")
    );
}

#[test]
fn hand_written_bodies_and_plan_fields_are_kept_and_are_no_edits() {
    let tmp = tempfile::tempdir().unwrap();
    import_seed(tmp.path());
    let plan = tmp.path().join("content/_index.md");
    let text = fs::read_to_string(&plan).unwrap();
    let by_hand =
        text.replace(
            "title: 計画の進捗状況（令和元年度・令和2年度）",
            "title: 私たちの計画",
        )
        .replace("organization: \"\"", "organization: 熊本市")
        .replace(
            "source: kumamoto-jisatsu-2019-2020.tsv",
            "source: 熊本市自殺対策計画 進捗状況（PDF）",
        ) + "この計画の説明。\n";
    assert!(by_hand.contains("進捗状況（PDF）"), "{text}");
    fs::write(&plan, &by_hand).unwrap();
    let measure = tmp.path().join("content/measures/1-01.md");
    let with_body = fs::read_to_string(&measure).unwrap() + "\n補足の説明。\n";
    fs::write(&measure, &with_body).unwrap();
    let report = import_seed(tmp.path());
    assert_eq!(report.unchanged.len(), 49, "{report}");
    assert_eq!(fs::read_to_string(&plan).unwrap(), by_hand);
    assert_eq!(fs::read_to_string(&measure).unwrap(), with_body);
    let site = load_site(tmp.path());
    assert_eq!(
        (
            site.plan.title.as_str(),
            site.plan.organization.as_str(),
            site.plan.source.as_str()
        ),
        (
            "私たちの計画",
            "熊本市",
            "熊本市自殺対策計画 進捗状況（PDF）"
        )
    );
}

#[test]
fn a_dry_run_writes_nothing_and_tells_what_would_happen() {
    let tmp = tempfile::tempdir().unwrap();
    let dry = |root: &Path| {
        run(&ImportOptions {
            dry_run: true,
            ..options(&common::fixture(SEED), root)
        })
        .unwrap()
    };
    let report = dry(tmp.path());
    assert_eq!(report.created.len(), 49);
    assert!(report.written().is_empty());
    assert!(!tmp.path().join("content").exists());
    assert!(report.to_string().starts_with("【試し実行】"));
    import_seed(tmp.path());
    let edited = tmp.path().join("content/policies/1.md");
    fs::write(&edited, "---\nnumber: 1\ntitle: 書き換えた名前\n---\n").unwrap();
    let before = common::content_files(tmp.path());
    let report = dry(tmp.path());
    assert_eq!(report.hand_edits, ["content/policies/1.md: title"]);
    assert!(report.conflicts.is_empty(), "{report}");
    // Without the record of the last import, a hand edit cannot be told from the table's value.
    fs::remove_file(tmp.path().join(".shinchoku/import-state.json")).unwrap();
    let report = dry(tmp.path());
    assert_eq!(
        report.conflicts,
        [PathBuf::from("content/policies/1.md")],
        "{report}"
    );
    let shown = report.to_string();
    assert!(
        shown.contains("--force") && shown.contains("- title: 書き換えた名前"),
        "{report}"
    );
    assert_eq!(common::content_files(tmp.path()), before);
}

#[test]
fn stray_content_files_are_reported_and_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    import_seed(tmp.path());
    let stray = tmp.path().join("content/measures/9-01.md");
    fs::write(&stray, "手で足したファイル").unwrap();
    let report = import_seed(tmp.path());
    assert_eq!(
        report.not_in_table,
        [PathBuf::from("content/measures/9-01.md")]
    );
    assert_eq!(fs::read_to_string(&stray).unwrap(), "手で足したファイル");
}

#[test]
fn tables_that_cannot_be_imported_say_why() {
    for (name, expected) in [
        ("empty.tsv", "表が空です"),
        ("blank-lines.tsv", "表が空です"),
        (
            "no-header.tsv",
            "見出し行が見つかりません。探した見出し: 「計画における項目」",
        ),
        (
            "header-without-years.tsv",
            "header-without-years.tsv:1: 見出し行を読めません: 6列目からの年度",
        ),
        ("header-only.tsv", "実施内容の行が一つもありません"),
        ("does-not-exist.tsv", "表を読めません"),
    ] {
        let (tmp, result) = import_fixture(name);
        let message = result.expect_err(name).to_string();
        assert!(message.contains(expected), "{name}: {message}");
        assert!(
            !tmp.path().join("content").exists(),
            "{name}: wrote something"
        );
    }
}

#[test]
fn irregular_rows_are_reported_by_line_and_nothing_is_lost() {
    let (tmp, result) = import_fixture("irregular-rows.tsv");
    let report = result.unwrap();
    let by_line = |line: usize| -> Vec<&str> {
        report
            .warnings
            .iter()
            .filter(|w| w.line == Some(line))
            .map(|w| w.message.as_str())
            .collect()
    };
    assert!(by_line(1)[0].contains("見出し行より前"), "{report}");
    assert!(
        by_line(3)[0].contains("基本施策の行より前")
            && by_line(3)[0].contains("基本施策より前の行")
    );
    assert!(
        by_line(5)
            .iter()
            .any(|m| m.contains("3列しかありません（13列のはず）")),
        "{report}"
    );
    assert!(by_line(6)[0].contains("右端にはみ出た記載"));
    assert!(by_line(7)[0].contains("実施内容が空"));
    assert!(by_line(8)[0].contains("ページ未定"));
    let site = load_site(tmp.path());
    let titles: Vec<&str> = site.measures.iter().map(|m| m.title.as_str()).collect();
    assert_eq!(titles, ["三つだけの行", "連絡協議会", "相談"]);
    let notes = site.measures[1].import_notes.join("\n");
    assert!(
        notes.contains("行6: ") && notes.contains("「右端にはみ出た記載」"),
        "{notes}"
    );
    assert!(
        notes.contains("行7: ") && notes.contains("「続きの記載」"),
        "{notes}"
    );
    assert!(site.measures[2].import_notes[0].contains("「ページ未定」"));
}

#[test]
fn one_heisei_year_full_width_text_and_markdown_characters() {
    let (tmp, result) = import_fixture("heisei-one-year.tsv");
    let report = result.unwrap();
    assert!(report.warnings.is_empty(), "{report}");
    let site = load_site(tmp.path());
    assert_eq!(
        site.plan
            .fiscal_years
            .iter()
            .map(|fy| (fy.year, fy.label.as_str()))
            .collect::<Vec<_>>(),
        [(2018, "平成30年度")]
    );
    assert_eq!(site.plan.title, "計画の進捗状況（平成30年度）");
    assert_eq!(
        (site.nodes[0].number.as_str(), site.nodes[0].title.as_str()),
        ("2", "人材の育成")
    );
    let m = &site.measures[0];
    assert_eq!(
        (m.id.as_str(), m.title.as_str(), m.is_new, m.plan_page),
        ("2-01", "ゲートキーパー研修", true, Some(5))
    );
    assert_eq!(m.departments, ["福祉部", "庁外"]);
    assert_eq!(m.sections, ["健康づくり推進課", "熊本県弁護士会"]);
    let year = &m.years[0];
    assert_eq!(
        year.achievement.kind,
        AchievementKind::Percent { value: 80.0 }
    );
    assert_eq!(to_plain_text(&year.status), "# 見出しではない *強調* <b>");
    assert_eq!(year.evaluation, "- ①研修\n- ②相談");
}

/// Writes the bundled site's `content/` from the seed. Run by hand:
/// `cargo test --test import -- --ignored --nocapture`.
#[test]
#[ignore = "writes the repository's content/; run by hand after changing the importer"]
fn generate_bundled_content() {
    match run(&options(&common::fixture(SEED), &common::repo())) {
        Ok(report) => println!("{report}"),
        Err(e) => panic!("{e}"),
    }
}
