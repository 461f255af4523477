//! Finding measures (issue #14): the finder page, related measures on each
//! measure's page, one number that reads the same everywhere, and the data
//! page's list of every file the site writes under `data/` and `charts/`.

mod common;

use common::*;
use std::collections::BTreeSet;
use std::path::Path;

/// The cell of `column` in the first row of a CSV that has every
/// (column, value) of `key`.
fn csv_cell(csv: &str, key: &[(&str, &str)], column: &str) -> String {
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let header = reader.headers().unwrap().clone();
    let at = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
    };
    let key: Vec<(usize, &str)> = key.iter().map(|(c, v)| (at(c), *v)).collect();
    let column = at(column);
    reader
        .records()
        .map(Result::unwrap)
        .find(|row| key.iter().all(|(i, v)| &row[*i] == *v))
        .unwrap_or_else(|| panic!("no row {key:?}"))[column]
        .to_string()
}

#[test]
fn a_mean_of_parts_reads_the_same_on_the_page_in_both_csvs_and_the_json() {
    let (_tmp, out) = build(&repo());
    // 2-05, 令和元年度: ①100% ② 0% ③～⑦ 100% → (100 + 0 + 100) / 3.
    let measures_csv = csv_cell(
        &read(&out, "data/measures.csv"),
        &[("施策ID", "2-05"), ("年度（西暦）", "2019")],
        "達成度（%）",
    );
    let chart_csv = csv_cell(
        &read(&out, "charts/policy-2-percentages.csv"),
        &[("施策ID", "2-05"), ("年度（西暦）", "2019")],
        "達成度（%）",
    );
    let json: serde_json::Value = serde_json::from_str(&read(&out, "data/measures.json")).unwrap();
    let measure = json["measures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "2-05")
        .unwrap();
    let year = measure["years"]
        .as_array()
        .unwrap()
        .iter()
        .find(|y| y["year"] == 2019)
        .unwrap();
    let page = text_without_spaces(&read(&out, "measures/2-05.html"));
    assert_eq!(measures_csv, "66.7", "data/measures.csv");
    assert_eq!(chart_csv, "66.7", "charts/policy-2-percentages.csv");
    assert_eq!(
        year["achievement_percent"].to_string(),
        "66.7",
        "measures.json"
    );
    assert!(page.contains("平均66.7%"), "measures/2-05.html: {page}");
    // A whole number has no trailing .0 anywhere.
    let whole = json["measures"][0]["years"][0]["achievement_percent"].to_string();
    assert!(!whole.ends_with(".0"), "measures.json: {whole}");
}

/// The links of the data page into `data/` and `charts/`, and the CSV and
/// JSON files the build wrote there.
fn data_page_links_and_files(out: &Path) -> (BTreeSet<String>, BTreeSet<String>) {
    let links: BTreeSet<String> = links(&read(out, "data.html"))
        .into_iter()
        .filter(|l| l.starts_with("data/") || l.starts_with("charts/"))
        .collect();
    let files: BTreeSet<String> = tree(out)
        .into_keys()
        .filter(|p| p.starts_with("data/") || p.starts_with("charts/"))
        .filter(|p| p.ends_with(".csv") || p.ends_with(".json"))
        .collect();
    (links, files)
}

#[test]
fn the_data_page_lists_every_data_file_of_the_bundled_site() {
    let (_tmp, out) = build(&repo());
    let (links, files) = data_page_links_and_files(&out);
    assert!(files.contains("charts/policy-1-trend.csv"), "{files:?}");
    assert_eq!(links, files);
}

#[test]
fn the_data_page_lists_every_data_file_of_a_three_level_site() {
    let (_tmp, out) = build(&fixture("levels"));
    let (links, files) = data_page_links_and_files(&out);
    assert!(files.len() > 10, "{files:?}");
    assert_eq!(links, files);
}

/// The rows of the finder's table: (id, the row's `data-` attributes).
fn finder_rows(html: &str) -> Vec<(String, String)> {
    let body = html.split_once("<tbody>").unwrap().1;
    body.split("<tr")
        .skip(1)
        .map(|row| {
            let (attributes, cells) = row.split_once('>').unwrap();
            let id = cells
                .split_once("<td data-sort=\"")
                .unwrap()
                .1
                .split_once('>')
                .unwrap()
                .1
                .split_once('<')
                .unwrap()
                .0;
            (id.to_string(), attributes.to_string())
        })
        .collect()
}

#[test]
fn the_finder_lists_every_measure_as_a_plain_table_linked_from_every_page() {
    let (_tmp, out) = build(&repo());
    let html = read(&out, "measures.html");
    let rows = finder_rows(&html);
    let ids: Vec<String> = rows.iter().map(|(id, _)| id.clone()).collect();
    let measures: Vec<String> = tree(&out)
        .into_keys()
        .filter_map(|p| {
            Some(
                p.strip_prefix("measures/")?
                    .strip_suffix(".html")?
                    .to_string(),
            )
        })
        .collect();
    assert_eq!(ids.len(), 44);
    assert_eq!(ids, measures, "every measure, in reading order");
    // Without JavaScript the table is complete: the filters stay hidden.
    assert!(html.contains("<form class=\"finder-filters\" id=\"finder-filters\" hidden>"));
    assert!(html.contains("<caption>施策の一覧</caption>"));
    assert!(html.contains("role=\"status\">44件の施策</p>"), "count");
    let text = text_without_spaces(&html);
    // 2-05: its node, department and each year's grade.
    let row = html.split_once("\">2-05</td>").unwrap().1;
    let row = row.split("</tr>").next().unwrap();
    for expected in [
        "measures/2-05.html",
        "policies/2.html",
        "基本施策2",
        "50〜79%",
    ] {
        assert!(row.contains(expected), "{expected} in {row}");
    }
    assert!(text.contains("令和2年度の達成度区分"), "{text}");
    // Linked from the header of every page and from the top page's list.
    for page in ["index.html", "measures/2-05.html", "policies/1.html"] {
        let links = links(&read(&out, page));
        assert!(
            links.iter().any(|l| l.ends_with("measures.html")),
            "{page}: {links:?}"
        );
    }
    assert!(read(&out, "index.html").contains("すべての施策の一覧"));
    assert!(broken_links(&out).is_empty(), "{:?}", broken_links(&out));
}

#[test]
fn the_finder_filters_by_every_level_and_a_declared_facet() {
    let site = tempfile::tempdir().unwrap();
    copy_dir(&fixture("levels"), site.path());
    let config = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    std::fs::write(
        site.path().join("site.toml"),
        format!("{config}\n[[fields]]\nkey = \"方向性\"\nper_year = true\nfilter = true\n"),
    )
    .unwrap();
    // m01's 今後の方向性, per year: 現状維持 then 改革改善.
    let m01 = site.path().join("content/measures/m01.md");
    let text = std::fs::read_to_string(&m01).unwrap();
    let text = text
        .replace(
            "    achievement: 80\n",
            "    achievement: 80\n    extra:\n      方向性: 現状維持\n",
        )
        .replace(
            "    achievement: 100\n",
            "    achievement: 100\n    extra:\n      方向性: 改革改善\n",
        );
    std::fs::write(&m01, text).unwrap();
    let (_tmp, out) = build(site.path());
    let html = read(&out, "measures.html");
    for level in 0..3 {
        assert!(
            html.contains(&format!("<select id=\"finder-level-{level}\"")),
            "level {level}"
        );
    }
    let rows = finder_rows(&html);
    let (_, attributes) = &rows[0];
    for level in 0..3 {
        assert!(
            attributes.contains(&format!("data-filter-level-{level}=")),
            "{attributes}"
        );
    }
    assert!(
        attributes.contains("data-filter-field-0-2023=\"現状維持\"")
            && attributes.contains("data-filter-field-0-2024=\"改革改善\""),
        "the declared facet's values per year: {attributes}"
    );
    assert!(
        html.contains("<option value=\"改革改善\">改革改善</option>"),
        "{html}"
    );
}

/// The related measures a measure's page lists: (path, reason line).
fn related_on(out: &Path, id: &str) -> Vec<(String, String)> {
    let html = read(out, &format!("measures/{id}.html"));
    let Some((_, section)) = html.split_once("<section class=\"related\"") else {
        return Vec::new();
    };
    let section = section.split("</section>").next().unwrap();
    section
        .split("<li>")
        .skip(1)
        .map(|item| {
            let path = item
                .split_once("href=\"")
                .unwrap()
                .1
                .split('"')
                .next()
                .unwrap();
            (path.to_string(), text_without_spaces(item))
        })
        .collect()
}

#[test]
fn each_measure_page_links_a_few_related_measures_with_their_reason() {
    let (_tmp, out) = build(&repo());
    let site = shinchoku::pipeline::load_site(&repo()).unwrap().site;
    let mut any_by_words = false;
    for measure in &site.measures {
        let related = related_on(&out, &measure.id);
        assert!(
            !related.is_empty() && related.len() <= 5,
            "{}: {related:?}",
            measure.id
        );
        let own = format!("../measures/{}.html", measure.id);
        assert!(
            related.iter().all(|(path, _)| *path != own),
            "{}",
            measure.id
        );
        let same_node = site
            .measures
            .iter()
            .filter(|m| m.node == measure.node && m.id != measure.id)
            .count();
        // Those of the same basic policy come first, each saying so.
        let first = related.iter().take(same_node.min(3));
        for (path, reason) in first {
            assert!(
                reason.contains("同じ基本施策"),
                "{}: {path} {reason}",
                measure.id
            );
        }
        for (_, reason) in related.iter().skip(same_node.min(3)) {
            assert!(reason.contains("共通する語:"), "{}: {reason}", measure.id);
            any_by_words = true;
        }
    }
    assert!(
        any_by_words,
        "some pages relate other basic policies by words"
    );
    // 2-05 研修会などへの臨床心理士派遣: of its own basic policy the 研修
    // measures, and from basic policy 4 the 依存症研修会, by that word.
    let related = related_on(&out, "2-05");
    assert_eq!(related[0].0, "../measures/2-01.html", "{related:?}");
    assert!(
        related
            .iter()
            .any(|(path, reason)| path == "../measures/4-09.html"
                && reason.contains("共通する語:研修")),
        "{related:?}"
    );
    // Deterministic: a second build lists the same.
    let (_again, again) = build(&repo());
    assert_eq!(related_on(&again, "2-05"), related);
}
