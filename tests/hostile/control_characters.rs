//! Control characters (NUL, BEL, ESC, DEL, C1…), written raw or as YAML and
//! TOML escapes, never reach a page or the open data: the build refuses
//! them naming the file, the line and the field.

use std::fs;

use super::{measure, refused, site_with, MEASURE};

/// Refuses `text` written to `file` of the minimal site, saying where and
/// which character.
fn refused_as(file: &str, text: &str, location: &str, code_point: &str) {
    let site = site_with(|root| fs::write(root.join(file), text).unwrap());
    let message = refused(site.path(), location);
    assert!(
        message.contains(&format!("制御文字（{code_point}）")),
        "{code_point} named in:\n{message}"
    );
}

#[test]
fn yaml_escapes_of_control_characters_are_refused_in_every_field() {
    let m = |extra: &str| measure("1-02", extra);
    for (text, line, field, code_point) in [
        (
            m("plan_item: \"\\e[31m赤字\\e[0m\"\n"),
            5,
            "plan_item",
            "U+001B",
        ),
        (
            m("departments: [福祉部, \"\\a\"]\n"),
            5,
            "departments",
            "U+0007",
        ),
        (
            m("sections:\n  - 高齢福祉課\n  - \"課\\0\"\n"),
            7,
            "sections",
            "U+0000",
        ),
        (m("import_notes: [\"\\b\"]\n"), 5, "import_notes", "U+0008"),
        (
            m("years:\n  2019:\n    status: \"相談\\x7f\"\n"),
            7,
            "years.2019.status",
            "U+007F",
        ),
        (
            m("years:\n  2019:\n    achievement: \"\\x9b31m\"\n"),
            7,
            "years.2019.achievement",
            "U+009B",
        ),
        (
            m("years:\n  2020:\n    evaluation: 良い\n    next_plan: \"継続\\N\"\n"),
            8,
            "years.2020.next_plan",
            "U+0085",
        ),
        (
            "---\nid: 1-02\npolicy: 1\ntitle: \"見出し\\u001b\"\n---\n".to_string(),
            4,
            "title",
            "U+001B",
        ),
    ] {
        refused_as(
            MEASURE,
            &text,
            &format!("{MEASURE}:{line}: エラー: {field}:"),
            code_point,
        );
    }
    let plan = "---\ntitle: 計画\nfiscal_years:\n  - year: 2019\n    label: 令和元年度\n  - year: 2020\n    label: \"令和2年度\\f\"\n---\n";
    refused_as(
        "content/_index.md",
        plan,
        "content/_index.md:7: エラー: fiscal_years.label:",
        "U+000C",
    );
    refused_as(
        "content/policies/1.md",
        "---\nnumber: 1\ntitle: \"施策\\v\"\n---\n",
        "content/policies/1.md:3: エラー: title:",
        "U+000B",
    );
}

#[test]
fn raw_control_characters_are_refused_in_front_matter_and_body() {
    let raw_title = "---\nid: 1-02\npolicy: 1\ntitle: テスト\u{7}\n---\n";
    refused_as(
        MEASURE,
        raw_title,
        &format!("{MEASURE}:4: エラー: title:"),
        "U+0007",
    );
    let body = format!("{}本文\n\u{1b}[2J消去\n", measure("1-02", ""));
    refused_as(MEASURE, &body, &format!("{MEASURE}:7: エラー:"), "U+001B");
    let c1 = format!("{}本文\u{85}続き\n", measure("1-02", ""));
    refused_as(MEASURE, &c1, &format!("{MEASURE}:6: エラー:"), "U+0085");
}

#[test]
fn tabs_and_crlf_line_ends_are_still_text() {
    let text = "---\r\nid: 1-02\r\npolicy: 1\r\ntitle: \"タブ\tあり\"\r\n---\r\n本文\tです\r\n";
    let site = site_with(|root| fs::write(root.join(MEASURE), text).unwrap());
    let (_guard, out) = super::built(site.path());
    assert!(super::common::read(&out, "measures/1-02.html").contains("タブ\tあり"));
}

#[test]
fn control_characters_in_site_toml_are_refused_with_line_and_key() {
    let base = "base_url = \"https://example.org/minimal/\"\n";
    for (extra, location, code_point) in [
        (
            "footer = \"フッター\\u001b[2J\"\n",
            "site.toml:2: エラー: footer:",
            "U+001B",
        ),
        (
            "site_name = \"市\\u0000\"\n",
            "site.toml:2: エラー: site_name:",
            "U+0000",
        ),
        (
            "data_license = \"CC\\u0085BY\"\n",
            "site.toml:2: エラー: data_license:",
            "U+0085",
        ),
        (
            "[[grades]]\nlabel = \"高\\u0007\"\nmin = 50\n[[grades]]\nlabel = \"低\"\nmin = 0\n",
            "site.toml:3: エラー: grades.label:",
            "U+0007",
        ),
        (
            "[import.columns]\n\"実施内容\" = \"事業名\\u001b\"\n",
            "site.toml:3: エラー: import.columns.実施内容:",
            "U+001B",
        ),
        ("footer = \"a\" # \u{7}\n", "site.toml:2: エラー:", "U+0007"),
    ] {
        refused_as("site.toml", &format!("{base}{extra}"), location, code_point);
    }
}
