//! YAML mistakes a clerk makes by hand in a measure's front matter: each is
//! reported in plain Japanese with the file, line, column and what to do,
//! the parser's own words on a second line, and every mistake in the file
//! at once. Each case is the minimal fixture with measure 1-02 broken,
//! checked as `shinchoku check` does.

mod common;

use std::fs;

const MEASURE: &str = "content/measures/1-02.md";

/// One error about the measure: (file line, field, message).
type Error = (usize, Option<String>, String);

/// The errors `check` reports about measure 1-02 when its front matter is
/// `front` (the file's line 1 is the opening `---`, so `front`'s first line
/// is line 2).
fn errors_of(front: &str) -> Vec<Error> {
    let site = tempfile::tempdir().unwrap();
    common::copy_dir(&common::fixture("minimal"), site.path());
    fs::write(
        site.path().join(MEASURE),
        format!("---\n{front}---\n本文\n"),
    )
    .unwrap();
    let diagnostics = match shinchoku::pipeline::check(site.path()) {
        Ok(_) => panic!("the site checked without errors:\n{front}"),
        Err(diagnostics) => diagnostics,
    };
    let errors: Vec<Error> = diagnostics
        .errors()
        .filter(|d| d.file.ends_with(MEASURE))
        .map(|d| (d.line.expect("a line"), d.field.clone(), d.message.clone()))
        .collect();
    assert_eq!(
        errors.len(),
        diagnostics.errors().count(),
        "errors about other files:\n{diagnostics}"
    );
    errors
}

/// The only error about the measure.
fn only_error(front: &str) -> Error {
    let errors = errors_of(front);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    errors.into_iter().next().unwrap()
}

fn assert_says(message: &str, phrases: &[&str]) {
    for phrase in phrases {
        assert!(message.contains(phrase), "{phrase:?} not in:\n{message}");
    }
}

#[test]
fn a_colon_and_space_inside_a_value_says_to_quote_it_or_use_a_block() {
    let (line, field, message) = only_error("id: 1-02\npolicy: 1\ntitle: 内訳: 相談件数\n");
    assert_eq!((line, field.as_deref()), (4, Some("title")));
    assert_says(
        &message,
        &[
            "値の途中の「: 」（10 文字目）",
            "title: \"内訳: 相談件数\"",
            "「title: |」",
        ],
    );
    // The parser's own words, for an expert, on a second line.
    let second = message.lines().nth(1).expect("a second line");
    assert!(
        second.contains("mapping values are not allowed"),
        "{message}"
    );
    assert!(
        !message.lines().next().unwrap().is_ascii(),
        "the first line is Japanese"
    );
}

#[test]
fn a_full_width_colon_after_a_key_says_to_write_a_half_width_one() {
    let (line, field, message) = only_error("id: 1-02\npolicy: 1\ntitle：テスト\n");
    assert_eq!((line, field.as_deref()), (4, Some("title")));
    assert_says(&message, &["「：」（6 文字目）が全角", "半角の「:」"]);
}

#[test]
fn a_tab_in_the_indentation_says_to_use_spaces() {
    let (line, field, message) =
        only_error("id: 1-02\npolicy: 1\ntitle: テスト\nyears:\n  2019:\n\tstatus: 実施\n");
    assert_eq!((line, field.as_deref()), (7, Some("status")));
    assert_says(
        &message,
        &["タブ文字", "（1 文字目）", "半角スペースに置き換えて"],
    );
}

#[test]
fn indentation_that_matches_no_level_names_the_levels_it_could_have() {
    let front = "id: 1-02\npolicy: 1\ntitle: テスト\nyears:\n  2019:\n    status: 実施\n   evaluation: 順調\n";
    let (line, field, message) = only_error(front);
    assert_eq!((line, field.as_deref()), (8, Some("years.2019.evaluation")));
    assert_says(&message, &["半角スペース 3 個", "2 個か 4 個"]);
}

#[test]
fn a_key_indented_deeper_than_its_siblings_is_too_deep() {
    let front = "id: 1-02\npolicy: 1\ntitle: テスト\nyears:\n  2019:\n    status: 実施\n      evaluation: 順調\n";
    let (line, field, message) = only_error(front);
    assert_eq!((line, field.as_deref()), (8, Some("years.2019.evaluation")));
    assert_says(&message, &["字下げが深すぎます", "同じ 4 個"]);
}

#[test]
fn an_unclosed_quote_says_where_it_starts() {
    let (line, field, message) =
        only_error("id: 1-02\npolicy: 1\ntitle: \"テスト\nplan_item: ア\n");
    assert_eq!((line, field.as_deref()), (4, Some("title")));
    assert_says(
        &message,
        &[
            "8 文字目の「\"」で始まる値が閉じていません",
            "値の終わりにも",
        ],
    );
}

#[test]
fn a_key_written_twice_names_the_other_line() {
    let (line, field, message) = only_error("id: 1-02\npolicy: 1\ntitle: 一\ntitle: 二\n");
    assert_eq!((line, field.as_deref()), (5, Some("title")));
    assert_says(
        &message,
        &["4 行目にも書かれています", "どちらか一方を消す"],
    );
}

#[test]
fn other_slips_are_explained_too() {
    let cases = [
        // A full-width space as indentation.
        (
            "id: 1-02\npolicy: 1\ntitle: テスト\nyears:\n  2019:\n\u{3000}\u{3000}status: 実施\n",
            7,
            "字下げに全角スペース",
        ),
        // No space after the colon.
        (
            "id: 1-02\npolicy: 1\ntitle:テスト\n",
            4,
            "「:」（6 文字目）の次に半角スペースがありません",
        ),
        // Text after a quoted value.
        (
            "id: 1-02\npolicy: 1\ntitle: \"相談\" の充実\n",
            4,
            "「\"」で囲んだ値の後ろに文字があります（13 文字目）",
        ),
        // An unclosed bracket.
        (
            "id: 1-02\npolicy: 1\ntitle: テスト\nsections: [福祉課, 保健課\nnew: true\n",
            5,
            "11 文字目の「[」が閉じていません",
        ),
    ];
    for (front, expected_line, phrase) in cases {
        let (line, _, message) = only_error(front);
        assert_eq!(line, expected_line, "{front}\n{message}");
        assert_says(&message, &[phrase]);
    }
}

#[test]
fn every_mistake_in_the_file_is_reported_not_only_the_first() {
    let front = "id: 1-02\npolicy: 1\ntitle: 内訳: 相談件数\nplan_item：ア\nyears:\n  2019:\n\tstatus: 実施\n";
    let errors = errors_of(front);
    let lines: Vec<usize> = errors.iter().map(|(line, _, _)| *line).collect();
    assert_eq!(lines, [4, 5, 8], "{errors:#?}");
    assert_says(&errors[0].2, &["「: 」"]);
    assert_says(&errors[1].2, &["全角"]);
    assert_says(&errors[2].2, &["タブ文字"]);

    // After a wrong type, too (a node's id may be text: plan_page may not).
    let errors = errors_of("id: 1-02\nplan_page: いち\ntitle: 内訳: 相談件数\npolicy: 1\n");
    let found: Vec<(usize, Option<&str>)> = errors
        .iter()
        .map(|(line, field, _)| (*line, field.as_deref()))
        .collect();
    assert_eq!(found, [(3, Some("plan_page")), (4, Some("title"))]);
}

/// After the first error the rest is scanned for mistakes: valid YAML that
/// looks like them (quoted colons, sequences at their key's indent, flow
/// lists over two lines, block and multi-line values, URLs, comments) is
/// not one.
#[test]
fn valid_yaml_after_an_error_is_not_reported() {
    let front = "id: 1-02\npolicy: いち\ntitle: \"内訳: 相談件数\"\nplan_item: 'a: b'\nsections:\n- 福祉課\n- 保健課\ndepartments: [健康福祉局,\n  子ども局]\nyears:\n  2019:\n    status: |\n      内訳: 相談 3 件\n        字下げの深い行\n    evaluation: 長い値の\n      続きの行\n    next_plan: 時刻 10:00 と https://example.org # 注: コメント\n  2020:\n    status: >-\n      折り返す\n      値\n    achievement: \"80\"\n";
    let errors = errors_of(front);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].1.as_deref(), Some("policy"));
}
