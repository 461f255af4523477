//! What a citizen on a phone meets first (issue #16), checked on built
//! sites: the top page's summary counts what the model counts (bands, a
//! scale of symbols, one fiscal year), the notice and the data's date are
//! on every page and in the open data, the favicon is linked relative to
//! each page, departments have the addresses site.toml gives them (the old
//! address leads on), 404.html links absolutely with base_url, and build
//! warns about a missing base_url or date.

mod common;

use std::fs;
use std::path::Path;

use shinchoku::changes::{latest_pair, reported_in, Comparison};
use shinchoku::pipeline::load_site;

/// The numbers of the top page's key figures, in order.
fn key_figures(index: &str) -> Vec<usize> {
    index
        .split("<span class=\"key-figure-count\">")
        .skip(1)
        .map(|rest| rest[..rest.find('<').unwrap()].parse().unwrap())
        .collect()
}

fn html_pages(out: &Path) -> Vec<(String, String)> {
    common::tree(out)
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path, String::from_utf8(bytes).unwrap()))
        .collect()
}

#[test]
fn the_summary_counts_what_the_model_counts() {
    let root = common::copy_of_bundled_site();
    let loaded = load_site(root.path()).unwrap();
    let (site, grading) = (&loaded.site, &loaded.grading);
    let (earlier, later) = latest_pair(site).unwrap();
    let changes = Comparison::new(site, grading, earlier, later).counts();
    let (_tmp, out) = common::build(root.path());
    let index = common::read(&out, "index.html");
    let best = site
        .measures
        .iter()
        .filter_map(|m| m.year(later.year))
        .filter(|r| grading.grade(&r.achievement) == shinchoku::model::Grade::Band(0))
        .count();
    assert_eq!(
        key_figures(&index),
        [
            reported_in(site, later.year),
            best,
            changes.rose,
            changes.fell
        ]
    );
    // The summary comes before the plan's own text and the totals.
    let summary = index.find("class=\"plan-summary\"").unwrap();
    assert!(summary < index.find("id=\"totals\"").unwrap());
    assert!(summary < index.find("class=\"prose lead\"").unwrap());
    assert!(index.contains(&format!("{}と比べると", earlier.label)));
}

#[test]
fn a_scale_of_symbols_and_a_single_year_are_summed_up_too() {
    let symbols = common::imported_table_site("grades-sabc", "grades.tsv");
    let (_tmp, out) = common::build(symbols.path());
    let index = common::read(&out, "index.html");
    let loaded = load_site(symbols.path()).unwrap();
    let first_step = &loaded.grading.steps()[0].label;
    assert!(
        index.contains(&format!("達成度が最も高い区分「{first_step}」")),
        "{first_step}"
    );
    assert_eq!(key_figures(&index).len(), 4);

    let (_tmp, out) = common::build(&common::fixture("eight-policies"));
    let index = common::read(&out, "index.html");
    // One year: no comparison, the next steps of the scale instead.
    assert!(!index.contains("と比べると"));
    assert_eq!(key_figures(&index), [8, 2, 2, 1]);
}

#[test]
fn notice_date_and_favicon_are_on_every_page() {
    let (_tmp, out) = common::build(&common::repo());
    let pages = html_pages(&out);
    assert!(pages.len() > 50);
    for (path, html) in &pages {
        assert!(
            html.contains("<aside class=\"site-notice\" aria-labelledby=\"site-notice-heading\">"),
            "{path}: notice"
        );
        assert!(
            html.contains("href=\"tel:0120279338\">0120-279-338</a>"),
            "{path}: help line"
        );
        assert!(
            html.contains("データ更新日: <time datetime=\"2021-06-30\">令和3年6月30日</time>"),
            "{path}: date"
        );
        if path != "404.html" {
            let root = "../".repeat(path.matches('/').count());
            assert!(
                html.contains(&format!(
                    "<link rel=\"icon\" href=\"{root}assets/favicon.svg\""
                )),
                "{path}: favicon"
            );
        }
    }
    assert!(out.join("assets/favicon.svg").is_file() && out.join("assets/favicon.png").is_file());
    assert!(
        common::read(&out, "data.html").contains("データの更新日: <time datetime=\"2021-06-30\">")
    );
    let csv = common::read(&out, "data/measures.csv");
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let header = rows.headers().unwrap().clone();
    let last_two: Vec<&str> = header.iter().skip(header.len() - 2).collect();
    assert_eq!(last_two, ["ページ", "データ更新日"]);
    for row in rows.records() {
        assert_eq!(row.unwrap().iter().next_back(), Some("2021-06-30"));
    }
    assert!(common::read(&out, "data/measures.json").contains("\"data_updated\": \"2021-06-30\""));
}

#[test]
fn a_notice_is_escaped_and_a_site_without_one_or_a_date_shows_neither() {
    let root = tempfile::tempdir().unwrap();
    common::copy_dir(&common::fixture("minimal"), root.path());
    let config = root.path().join("site.toml");
    let (_tmp, out) = common::build(root.path());
    let index = common::read(&out, "index.html");
    assert!(!index.contains("site-notice") && !index.contains("データ更新日"));
    assert!(!common::read(&out, "data/measures.csv").contains("データ更新日"));

    let mut text = fs::read_to_string(&config).unwrap();
    text.push_str("[notice]\nheading = \"<b>注意</b>\"\ntext = \"a & b\"\n[[notice.items]]\ntext = \"<script>\"\nurl = \"https://example.org/?a=1&b=\\\"2\"\n");
    fs::write(&config, text).unwrap();
    let (_tmp, out) = common::build(root.path());
    let index = common::read(&out, "index.html");
    assert!(
        index.contains("&lt;b&gt;注意&lt;&#x2f;b&gt;") || index.contains("&lt;b&gt;注意&lt;/b&gt;")
    );
    assert!(index.contains("<p>a &amp; b</p>"));
    assert!(index.contains("href=\"https://example.org/?a=1&amp;b=&quot;2\">&lt;script&gt;</a>"));
}

#[test]
fn departments_keep_the_addresses_site_toml_gives_them() {
    let (_tmp, out) = common::build(&common::repo());
    let index = common::read(&out, "departments/index.html");
    assert!(index.contains("href=\"../departments/shogaisha-shien.html\">障がい者支援部</a>"));
    assert!(common::read(&out, "departments/shogaisha-shien.html").contains("<h1>"));
    // The address the page had before (made from the name) leads on.
    let old = common::read(&out, "departments/d5afd8d13.html");
    assert!(
        old.contains(
            "<meta http-equiv=\"refresh\" content=\"0; url=../departments/shogaisha-shien.html\">"
        ),
        "{old}"
    );
    assert!(old.contains("<meta name=\"robots\" content=\"noindex\">"));
    let sitemap = common::read(&out, "sitemap.xml");
    assert!(sitemap.contains("departments/shogaisha-shien.html"));
    assert!(!sitemap.contains("d5afd8d13"));
    assert!(common::read(&out, "measures/1-01.html").contains("departments/shogaisha-shien.html"));

    // A department not listed keeps the address made from its name.
    let (_tmp, out) = common::build(&common::fixture("minimal"));
    assert!(out.join("departments/d5afd8d13.html").is_file());
}

#[test]
fn a_renamed_department_keeps_its_address() {
    let root = common::copy_of_bundled_site();
    for entry in fs::read_dir(root.path().join("content/measures")).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, text.replace("- 障がい者支援部", "- 障がい福祉部")).unwrap();
    }
    let config = root.path().join("site.toml");
    let text = fs::read_to_string(&config).unwrap();
    fs::write(
        &config,
        text.replace("\"障がい者支援部\" =", "\"障がい福祉部\" ="),
    )
    .unwrap();
    let (_tmp, out) = common::build(root.path());
    assert!(common::read(&out, "departments/shogaisha-shien.html").contains("障がい福祉部"));
}

#[test]
fn not_found_links_absolutely_when_base_url_is_set() {
    let (_tmp, out) = common::build(&common::repo());
    let html = common::read(&out, "404.html");
    let base = "https://example.org/kumamoto-jisatsu-taisaku/";
    for attribute in ["href=\"", "src=\""] {
        for value in html.split(attribute).skip(1) {
            let url = &value[..value.find('"').unwrap()];
            assert!(
                url.starts_with(base)
                    || url.starts_with("tel:")
                    || url.starts_with("https://")
                    || url.starts_with('#'),
                "404.html: {url}"
            );
        }
    }
    assert!(html.contains(&format!("href=\"{base}assets/favicon.svg\"")));
    assert!(html.contains(&format!("href=\"{base}assets/style.css\"")));
}

#[test]
fn build_warns_once_about_an_empty_base_url_and_a_missing_date() {
    let root = tempfile::tempdir().unwrap();
    common::copy_dir(&common::fixture("minimal"), root.path());
    fs::write(root.path().join("site.toml"), "").unwrap();
    let out = root.path().join("public");
    let run = common::shinchoku([
        "build".as_ref(),
        "--root".as_ref(),
        root.path().as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert!(run.status.success(), "{}", common::stderr(&run));
    let stderr = common::stderr(&run);
    assert_eq!(stderr.matches("base_url が空です").count(), 1, "{stderr}");
    assert_eq!(
        stderr.matches("data_updated（データの更新日").count(),
        1,
        "{stderr}"
    );

    // The bundled site states both: no such warning.
    let run = common::shinchoku(["check", "--root", common::repo().to_str().unwrap()]);
    let stderr = common::stderr(&run);
    assert!(
        !stderr.contains("base_url が空") && !stderr.contains("data_updated"),
        "{stderr}"
    );
}
