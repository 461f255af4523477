//! City-named levels of any depth (issue #13, item 3): a plan of 政策 →
//! 施策 → 基本事業 whose measures are 事務事業 (`tests/fixtures/levels`),
//! built as a city would build it, and the mistakes a clerk can make in
//! its hierarchy, each reported with its file, line and field.

mod common;

use std::fs;
use std::path::Path;

use common::{build, copy_dir, fixture, read, shinchoku, stderr};

/// The links of the breadcrumb trail of a page, then its current step.
fn breadcrumbs(html: &str) -> (Vec<String>, String) {
    let nav = html
        .split("<nav class=\"breadcrumbs\"")
        .nth(1)
        .and_then(|rest| rest.split("</nav>").next())
        .unwrap_or_else(|| panic!("no breadcrumbs in\n{html}"));
    let links = nav
        .split("<li><a href=\"")
        .skip(1)
        .map(|item| {
            let (href, rest) = item.split_once("\">").unwrap();
            let title = rest.split("</a>").next().unwrap();
            format!("{href} {title}")
        })
        .collect();
    let current = nav
        .split("<span aria-current=\"page\">")
        .nth(1)
        .and_then(|rest| rest.split("</span>").next())
        .unwrap_or_default()
        .to_string();
    (links, current)
}

#[test]
fn every_level_has_its_pages_with_breadcrumbs_through_every_level() {
    let (_guard, out) = build(&fixture("levels"));
    let (links, current) = breadcrumbs(&read(&out, "seisaku/2.html"));
    assert_eq!(links, ["../index.html トップ"]);
    assert_eq!(current, "政策2");
    let (links, current) = breadcrumbs(&read(&out, "shisaku/2-6.html"));
    assert_eq!(links, ["../index.html トップ", "../seisaku/2.html 政策2"]);
    assert_eq!(current, "施策6");
    let (links, current) = breadcrumbs(&read(&out, "kihon_jigyo/2-6-5.html"));
    assert_eq!(
        links,
        [
            "../index.html トップ",
            "../seisaku/2.html 政策2",
            "../shisaku/2-6.html 施策6"
        ]
    );
    assert_eq!(current, "基本事業5");
    let measure = read(&out, "measures/m01.html");
    let (links, current) = breadcrumbs(&measure);
    assert_eq!(
        links,
        [
            "../index.html トップ",
            "../seisaku/2.html 政策2",
            "../shisaku/2-6.html 施策6",
            "../kihon_jigyo/2-6-5.html 基本事業5"
        ]
    );
    assert_eq!(current, "地域福祉計画の推進");
    // The measure's facts name each level it is under.
    for fact in [
        "<dt>政策</dt><dd><a href=\"../seisaku/2.html\">政策2 健やかで安心な暮らしの実現</a>",
        "<dt>施策</dt><dd><a href=\"../shisaku/2-6.html\">施策6 ともに支え合う地域づくりの推進</a>",
        "<dt>基本事業</dt><dd><a href=\"../kihon_jigyo/2-6-5.html\">基本事業5 地域福祉の推進</a>",
    ] {
        assert!(measure.contains(fact), "{fact}");
    }
    assert!(
        common::broken_links(&out).is_empty(),
        "{:?}",
        common::broken_links(&out)
    );
}

#[test]
fn pages_list_children_with_counts_and_the_lowest_level_lists_measures() {
    let (_guard, out) = build(&fixture("levels"));
    let top = read(&out, "index.html");
    assert!(top.contains("<li>政策 2、事務事業 5件</li>"), "{top}");
    assert!(top.contains("<h2 id=\"policies\">政策</h2>"));
    for card in [
        "政策2</span> 健やかで安心な暮らしの実現",
        "政策3</span> 活力ある産業の振興",
    ] {
        assert!(top.contains(card), "{card}");
    }
    assert!(top.contains("<p class=\"policy-count\">事務事業 4件</p>"));
    assert!(
        top.contains("<a href=\"seisaku/2.html\">政策2 <span class=\"site-nav-title\">健やかで安心な暮らしの実現</span></a>"),
        "nav names the node"
    );

    let policy = read(&out, "seisaku/2.html");
    assert!(policy.contains("<h2 id=\"children\">施策</h2>"));
    assert!(policy.contains("施策6</span> ともに支え合う地域づくりの推進</a></h3>\n    <p class=\"policy-count\">基本事業 2、事務事業 3件</p>"));
    assert!(policy.contains("施策7</span> 健康づくりの推進</a></h3>\n    <p class=\"policy-count\">基本事業 1、事務事業 1件</p>"));
    assert!(!policy.contains("measures/m01.html"), "only its children");

    let lowest = read(&out, "kihon_jigyo/2-6-5.html");
    assert!(lowest.contains("<caption>基本事業5の事務事業と年度ごとの達成度</caption>"));
    for id in ["m01", "m02"] {
        assert!(lowest.contains(&format!("../measures/{id}.html")), "{id}");
    }
    assert!(!lowest.contains("../measures/m03.html"));
}

#[test]
fn charts_and_summaries_count_every_measure_under_a_node() {
    let (_guard, out) = build(&fixture("levels"));
    // 政策2 holds four measures over two 施策 and three 基本事業.
    let grades = read(&out, "charts/seisaku-2-grades.csv");
    let rows: Vec<&str> = grades.trim_end().split("\r\n").collect();
    assert!(
        rows[1].starts_with("2023,令和5年度,") && rows[1].ends_with(",4"),
        "{grades}"
    );
    assert!(rows[2].ends_with(",4"), "{grades}");
    let page = read(&out, "seisaku/2.html");
    assert!(page.contains("<caption>政策2の達成度区分ごとの事務事業数（単位: 件）</caption>"));
    assert!(page.contains("<tr><th scope=\"row\">合計</th><td class=\"number\">4</td><td class=\"number\">4</td></tr>"));
    // Mean of 80, 50, 30 (the fourth says only 実施) in 2023.
    let trend = read(&out, "charts/seisaku-2-trend.csv");
    assert!(trend.contains("2023,令和5年度,53.3,3,4"), "{trend}");
    assert!(read(&out, "charts/shisaku-2-6-grades.csv")
        .trim_end()
        .ends_with(",3"));
    // Per-measure charts belong to the pages that list measures.
    assert!(out
        .join("charts/kihon_jigyo-2-6-5-percentages.svg")
        .exists());
    assert!(!out.join("charts/seisaku-2-percentages.svg").exists());
}

#[test]
fn open_data_has_a_number_and_a_name_column_per_level() {
    let (_guard, out) = build(&fixture("levels"));
    let csv = read(&out, "data/measures.csv");
    let mut lines = csv.trim_start_matches('\u{feff}').split("\r\n");
    assert!(lines.next().unwrap().starts_with(
        "事務事業ID,政策番号,政策,施策番号,施策,基本事業番号,基本事業,計画における項目,事務事業,新規,"
    ));
    assert!(lines.next().unwrap().starts_with(
        "m01,2,健やかで安心な暮らしの実現,6,ともに支え合う地域づくりの推進,5,地域福祉の推進,,地域福祉計画の推進,0,"
    ));
    let changes = read(&out, "data/changes.csv");
    assert!(changes.contains("事務事業ID,政策番号,施策番号,基本事業番号,事務事業,前の年度（西暦）"));
    let json: serde_json::Value = serde_json::from_str(&read(&out, "data/measures.json")).unwrap();
    assert_eq!(
        json["shisaku"][0],
        serde_json::json!({"id": "2-6", "number": 6, "title": "ともに支え合う地域づくりの推進", "parent": 2})
    );
    assert_eq!(json["kihon_jigyo"][0]["parent"], "2-6");
    assert_eq!(json["measures"][0]["kihon_jigyo"], "2-6-5");
}

/// The data a search index file registers.
fn index_data(out: &Path, file: &str) -> serde_json::Value {
    let script = read(out, &format!("search/index/{file}"));
    let json = script
        .split_once(".push(")
        .and_then(|(_, rest)| rest.trim_end().strip_suffix(");"))
        .unwrap_or_else(|| panic!("{file}: {script}"));
    serde_json::from_str(json).unwrap()
}

#[test]
fn a_search_result_carries_the_trail_of_its_measure() {
    let (_guard, out) = build(&fixture("levels"));
    let manifest = index_data(&out, "manifest.js");
    let nodes = manifest["nodes"].as_array().unwrap();
    for i in 0..5 {
        let card = index_data(&out, &format!("d/{i}.js"));
        if card["url"] != "measures/m03.html" {
            continue;
        }
        let mut trail = Vec::new();
        let mut at = card["node"].as_u64();
        while let Some(i) = at {
            let node = &nodes[i as usize];
            trail.insert(
                0,
                format!(
                    "{} {}",
                    node[0].as_str().unwrap(),
                    node[1].as_str().unwrap()
                ),
            );
            at = node[2].as_u64();
        }
        assert_eq!(
            trail,
            [
                "政策2 健やかで安心な暮らしの実現",
                "施策6 ともに支え合う地域づくりの推進",
                "基本事業6 生活困窮者の自立支援"
            ]
        );
        assert_eq!(
            manifest["labels"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|l| *l == "事務事業")
                .count(),
            1
        );
        return;
    }
    panic!("no card for m03");
}

/// The fixture copied to a temp dir, `edit` applied, then `check`ed: its stderr.
fn check_after(edit: impl FnOnce(&Path)) -> String {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("levels"), dir.path());
    edit(dir.path());
    let run = shinchoku(["check", "--root", dir.path().to_str().unwrap()]);
    assert!(!run.status.success(), "check passed");
    stderr(&run)
}

fn rewrite(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join("content").join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file}: {from}");
    fs::write(&path, text.replace(from, to)).unwrap();
}

#[test]
fn a_parent_that_does_not_exist_is_an_error_naming_file_line_and_field() {
    let err = check_after(|root| rewrite(root, "shisaku/2-7.md", "parent: 2", "parent: 9"));
    assert!(
        err.contains("content/shisaku/2-7.md:4: エラー: parent: 政策 9 はありません（content/seisaku/ にあるのは 2, 3）"),
        "{err}"
    );
    assert_eq!(err.matches("エラー:").count(), 1, "only the cause: {err}");
}

#[test]
fn a_number_twice_under_one_parent_is_an_error() {
    let err = check_after(|root| rewrite(root, "kihon_jigyo/2-6-6.md", "number: 6", "number: 5"));
    assert!(
        err.contains("content/kihon_jigyo/2-6-6.md:2: エラー: number: 同じ 施策 2-6 の下の基本事業 5 は content/kihon_jigyo/2-6-5.md にもあります"),
        "{err}"
    );
    // The same number under another parent is fine: 2-7-1 and 3-1-1.
    assert!(!err.contains("3-1-1.md"), "{err}");
}

#[test]
fn a_parent_on_the_top_level_or_none_below_it_is_an_error() {
    let err = check_after(|root| {
        rewrite(root, "seisaku/3.md", "title:", "parent: 2\ntitle:");
        rewrite(root, "shisaku/3-1.md", "parent: 3\n", "");
    });
    assert!(
        err.contains(
            "content/seisaku/3.md:3: エラー: parent: 政策は一番上の階層なので parent は書けません"
        ),
        "{err}"
    );
    assert!(
        err.contains("content/shisaku/3-1.md:1: エラー: parent: parent がありません。一つ上の階層（政策）の id を parent: に書いてください"),
        "{err}"
    );
}

#[test]
fn a_measure_links_to_the_lowest_level_by_its_key() {
    let err = check_after(|root| {
        rewrite(
            root,
            "measures/m05.md",
            "kihon_jigyo: 3-1-1",
            "kihon_jigyo: 9-9-9",
        );
        rewrite(
            root,
            "measures/m04.md",
            "kihon_jigyo: 2-7-1",
            "shisaku: 2-7",
        );
    });
    assert!(
        err.contains("content/measures/m05.md:3: エラー: kihon_jigyo: 基本事業 9-9-9 はありません（content/kihon_jigyo/ にあるのは 2-6-5, 2-6-6, 2-7-1, 3-1-1）"),
        "{err}"
    );
    assert!(
        err.contains("content/measures/m04.md:3: エラー: shisaku: 知らない項目です"),
        "{err}"
    );
}

#[test]
fn a_level_key_that_is_not_ascii_is_refused_in_site_toml() {
    let err = check_after(|root| {
        let settings = root.join("site.toml");
        let text = fs::read_to_string(&settings).unwrap();
        fs::write(
            &settings,
            text.replace("key = \"shisaku\"", "key = \"施策\""),
        )
        .unwrap();
    });
    assert!(
        err.contains("site.toml:12: エラー: levels.key: key「施策」は半角の英小文字で始め"),
        "{err}"
    );
}
