//! The city's own fields (`extra:`, `[[fields]]` in `site.toml`): what a
//! citizen sees of them on the page, in open data and in search; that the
//! private ones never leave `content/`; and that a re-import keeps them.
//! Fixture: `tests/fixtures/extra-fields/`.

mod common;

use common::{build, copy_dir, fixture, read, shinchoku, stderr, tree};

/// Texts of the private fields (担当者, 内部メモ): none may reach the output.
const PRIVATE_MARKERS: [&str; 4] = [
    "山田花子",
    "0192-27-3111",
    "内部メモ秘匿マーカー",
    "内部メモ",
];

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    build(&fixture("extra-fields"))
}

#[test]
fn the_citys_fields_are_on_the_measure_page_with_their_labels() {
    let (_guard, out) = built();
    let page = read(&out, "measures/1-01.html");
    // Declared: its label, its line break kept.
    assert!(
        page.contains("<dt>根拠となる法令</dt><dd>自殺対策基本法<br>精神保健福祉法ほか</dd>"),
        "{page}"
    );
    // Undeclared: its key as label.
    assert!(
        page.contains("<dt>事業期間（区分）</dt><dd>単年度繰返</dd>"),
        "{page}"
    );
    // Per year: in the year's section, after the fixed fields.
    let year_2019 =
        &page[page.find("id=\"year-2019\"").unwrap()..page.find("id=\"year-2020\"").unwrap()];
    assert!(
        year_2019.contains("<h3>事業費（千円）</h3>\n<p>1502</p>"),
        "{year_2019}"
    );
    let other = read(&out, "measures/1-02.html");
    assert!(
        other.contains("<dt>備考&lt;b&gt;</dt><dd>&lt;script&gt;alert(1)&lt;/script&gt;\u{202E}右から左\u{202C}</dd>"),
        "escaped and its right-to-left override closed: {other}"
    );
}

#[test]
fn the_citys_fields_are_open_data_columns_after_todays() {
    let (_guard, out) = built();
    let csv = read(&out, "data/measures.csv");
    let rows: Vec<Vec<String>> =
        csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes())
            .into_records()
            .map(|row| row.unwrap().iter().map(String::from).collect())
            .collect();
    let header = csv.lines().next().unwrap();
    assert!(
        header.ends_with(
            ",今後の実施計画,ページ,根拠となる法令,事業費（千円）,事業期間（区分）,備考<b>"
        ),
        "today's 20 columns, then the declared public fields, then the others: {header}"
    );
    let extras = |row: &[String]| row[20..].to_vec();
    assert_eq!(
        extras(&rows[0]),
        [
            "自殺対策基本法\n精神保健福祉法ほか",
            "1502",
            "単年度繰返",
            ""
        ],
        "2019"
    );
    assert_eq!(
        extras(&rows[1]),
        ["自殺対策基本法\n精神保健福祉法ほか", "", "単年度繰返", ""],
        "2020: the year's own field is the year's"
    );
    let json: serde_json::Value = serde_json::from_str(&read(&out, "data/measures.json")).unwrap();
    let measure = &json["measures"][0];
    assert_eq!(
        measure["extra"],
        serde_json::json!({"根拠法令": "自殺対策基本法\n精神保健福祉法ほか", "事業期間（区分）": "単年度繰返"})
    );
    assert_eq!(
        measure["years"][0]["extra"],
        serde_json::json!({"事業費": "1502"})
    );
    assert!(measure["years"][1].get("extra").is_none(), "no empty extra");
}

#[test]
fn private_fields_reach_no_output_file() {
    let (_guard, out) = built();
    let files = tree(&out);
    let search_text: Vec<u8> = files
        .iter()
        .filter(|(path, _)| path.starts_with("search"))
        .flat_map(|(_, bytes)| bytes.clone())
        .collect();
    // The search files hold the text as written, so a grep of them means something.
    assert!(
        contains(&search_text, "精神保健福祉法ほか"),
        "a public field's text is in the search files"
    );
    for (path, bytes) in &files {
        for marker in PRIVATE_MARKERS {
            assert!(!contains(bytes, marker), "{marker} is in {path}");
        }
    }
}

#[test]
fn search_finds_a_measure_by_its_citys_fields_and_never_by_a_private_one() {
    if !common::tool_available("node", common::node_available()) {
        return;
    }
    let (_guard, out) = built();
    let titles = |query: &str| -> Vec<String> {
        let queries = out.join("queries.tsv");
        std::fs::write(&queries, format!("{query}\n")).unwrap();
        let run = std::process::Command::new("node")
            .arg(common::repo().join("tests/search/query.mjs"))
            .arg("--site")
            .arg(&out)
            .arg("--queries")
            .arg(&queries)
            .output()
            .unwrap();
        assert!(run.status.success(), "{}", stderr(&run));
        let results: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
        serde_json::from_value(results[0]["results"].clone()).unwrap()
    };
    assert_eq!(titles("精神保健福祉法"), ["こころの相談窓口"]);
    assert_eq!(titles("単年度繰返"), ["こころの相談窓口"]);
    assert!(titles("山田花子").is_empty());
}

#[test]
fn a_reimport_keeps_the_citys_fields_written_by_hand() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("extra-fields"), tmp.path());
    let heading = "計画における項目\t実施内容\t計画書ページ\t担当部署\t担当課\t令和元年度実施状況\t令和元年度 実施状況に関する担当課の評価\t達成度 (%)\t今後 (令和2年度以降) の実施計画\t令和2年度実施状況\t令和2年度 実施状況に関する担当課の評価\t達成度 (%)\t今後 (令和3年度以降) の実施計画";
    let table = [
        heading,
        "基本施策1 相談体制の充実",
        "ア. 相談支援の充実\tこころの相談窓口\tP.21\t健康福祉部\t保健予防課\t相談窓口を開設した\t順調に進んだ\t80\t継続する\t電話とSNSで相談を受けた\t順調\t90\t継続する",
        "ア. 相談支援の充実\t電話相談\t\t健康福祉部\t保健予防課\t電話相談を受けた\t順調に進んだ\t100\t継続する\t\t\t\t",
    ]
    .join("\n");
    let table_path = tmp.path().join("table.tsv");
    std::fs::write(&table_path, table + "\n").unwrap();
    let run = shinchoku([
        "import".as_ref(),
        table_path.as_os_str(),
        "--root".as_ref(),
        tmp.path().as_os_str(),
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    let file = std::fs::read_to_string(tmp.path().join("content/measures/1-01.md")).unwrap();
    assert!(
        file.contains("電話とSNSで相談を受けた"),
        "the table's new year: {file}"
    );
    assert!(
        file.contains("    extra:\n      事業費: \"1502\"\n      内部メモ: 内部メモ秘匿マーカー\n"),
        "the year's own fields: {file}"
    );
    assert!(
        file.contains("extra:\n  根拠法令: |-\n    自殺対策基本法\n    精神保健福祉法ほか\n  事業期間（区分）: 単年度繰返\n  担当者: 担当者 名前 山田花子 電話 0192-27-3111\n---\n手で書いた補足です。\n"),
        "the measure's own fields, in their order, private ones too: {file}"
    );
    let other = std::fs::read_to_string(tmp.path().join("content/measures/1-02.md")).unwrap();
    assert!(
        other.contains("extra:\n  備考<b>: <script>alert(1)</script>\u{202E}右から左\n---\n"),
        "{other}"
    );
}

#[test]
fn a_misspelt_extra_is_an_error_and_a_misplaced_declared_field_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("extra-fields"), tmp.path());
    let measure = tmp.path().join("content/measures/1-02.md");
    let text = std::fs::read_to_string(&measure).unwrap();
    std::fs::write(&measure, text.replace("extra:\n", "extar:\n")).unwrap();
    let run = shinchoku(["check".as_ref(), "--root".as_ref(), tmp.path().as_os_str()]);
    assert!(!run.status.success());
    assert!(
        stderr(&run).contains("「extra」の間違い"),
        "{}",
        stderr(&run)
    );

    std::fs::write(
        &measure,
        text.replace("extra:\n", "extra:\n  事業費: \"300\"\n"),
    )
    .unwrap();
    let run = shinchoku(["check".as_ref(), "--root".as_ref(), tmp.path().as_os_str()]);
    assert!(run.status.success(), "{}", stderr(&run));
    // `check` reports its warnings on stdout.
    let said = String::from_utf8_lossy(&run.stdout);
    assert!(
        said.contains("1-02.md") && said.contains("extra.事業費") && said.contains("per_year"),
        "{said}"
    );
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}
