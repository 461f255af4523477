//! Rendering the hand-built test site and reading the pages as a citizen
//! (what is shown), a browser (do links resolve) and a validator would.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::render_site;
use super::test_site::{config, grading, site};
use super::theme::Theme;
use crate::output::OutputFile;

/// Every rendered file plus the charts and open data the pipeline adds.
fn build_with(base_url: &str, theme: &Theme) -> BTreeMap<String, String> {
    let site = site();
    let mut files = render_site(&site, &config(base_url), &grading(), theme).unwrap();
    files.extend(crate::charts::render_charts(&site, &grading()));
    files.extend(crate::opendata::write_open_data(&site, &grading()));
    files
        .into_iter()
        .map(|f| (f.path, String::from_utf8_lossy(&f.contents).into_owned()))
        .collect()
}

fn build(base_url: &str) -> BTreeMap<String, String> {
    build_with(base_url, &Theme::builtin())
}

/// Values of `attr="…"` in an HTML page.
fn attributes<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

/// `../policies/1.html` seen from `measures/1-01.html` → `policies/1.html`.
fn resolve(page: &str, link: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for segment in link.split(['#', '?']).next().unwrap().split('/') {
        match segment {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn slug_path(name: &str) -> String {
    super::views::hashed_department_path(name)
}

#[test]
fn every_page_is_there() {
    let files = build("");
    for path in [
        "index.html",
        "policies/1.html",
        "policies/2.html",
        "measures/1-01.html",
        "measures/2-01.html",
        "departments/index.html",
        &slug_path("福祉部"),
        "data.html",
        "accessibility.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "assets/style.css",
    ] {
        assert!(files.contains_key(path), "{path} missing");
    }
}

#[test]
fn measure_page_shows_every_field() {
    let files = build("");
    let html = &files["measures/1-01.html"];
    for expected in [
        "<h1>自殺対策連絡協議会</h1>",
        "ア. 自殺対策としてのネットワーク",
        "href=\"../policies/1.html\">基本施策1 地域におけるネットワークの強化</a>",
        "計画書 P.21",
        &format!(
            "href=\"../{}\">障がい者支援部</a>",
            slug_path("障がい者支援部")
        ),
        "<li>障がい保健福祉課</li><li>精神保健福祉室</li>",
        "<h2 id=\"year-2019\">令和元年度（2019年度）</h2>",
        "<h2 id=\"year-2020\">令和2年度（2020年度）</h2>",
        "<li>1.事例検討会 6月実施</li>",
        "2019年度の評価。",
        "<span class=\"achievement-raw\">70</span>",
        "grade-band-2",
        "50〜79%",
        "grade-cancelled",
        "実施を継続",
        "手で書いた<strong>補足</strong>です。",
        "aria-label=\"パンくずリスト\"",
        "<span aria-current=\"page\">自殺対策連絡協議会</span>",
        "href=\"../measures/1-02.html\" rel=\"next\"",
    ] {
        assert!(html.contains(expected), "measure page lacks {expected}");
    }
    assert!(
        !html.contains("rel=\"prev\""),
        "the first measure has no previous one"
    );
    assert!(
        !html.contains("行12: 達成度「中止」をそのまま記載"),
        "the importer's notes are for the staff, not published"
    );
    assert!(files["measures/1-02.html"].contains("<span class=\"badge-new\">新規</span>"));
    assert!(files["measures/1-03.html"].contains("この年度の記録はありません"));
}

#[test]
fn content_is_escaped_and_only_markdown_becomes_markup() {
    let files = build("");
    for (path, html) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        assert!(
            !html.contains("<script>alert"),
            "{path} lets a title inject a script"
        );
        assert!(
            !html.contains("<b>実施</b>"),
            "{path} lets raw HTML through"
        );
    }
    let measure = &files["measures/1-02.html"];
    assert!(
        measure.contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{measure}"
    );
    assert!(
        measure.contains("研修を&lt;b&gt;実施&lt;/b&gt;"),
        "{measure}"
    );
}

#[test]
fn every_relative_link_resolves() {
    let files = build("");
    // Written by the search engineer's stage and theme files, not by this one.
    let elsewhere = ["search/index.html", "assets/search.js"];
    for (page, html) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        for link in attributes(html, "href")
            .into_iter()
            .chain(attributes(html, "src"))
        {
            assert!(
                !link.starts_with('/') && !link.contains("://"),
                "{page}: absolute link {link}"
            );
            if link.starts_with('#') {
                continue;
            }
            let target = resolve(page, link);
            assert!(
                files.contains_key(&target) || elsewhere.contains(&target.as_str()),
                "{page}: {link} → {target} does not exist"
            );
        }
    }
}

#[test]
fn pages_are_structurally_sound() {
    let files = build("https://example.jp/plan/");
    for (page, html) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let ids = attributes(html, "id");
        let unique: BTreeSet<_> = ids.iter().collect();
        assert_eq!(ids.len(), unique.len(), "{page}: duplicate id in {ids:?}");
        let levels: Vec<u8> = html
            .match_indices("<h")
            .filter_map(|(i, _)| {
                let level = html.as_bytes()[i + 2];
                (level.is_ascii_digit()).then(|| level - b'0')
            })
            .collect();
        assert_eq!(
            levels.iter().filter(|l| **l == 1).count(),
            1,
            "{page}: one h1"
        );
        for pair in levels.windows(2) {
            assert!(
                pair[1] <= pair[0] + 1,
                "{page}: heading h{} after h{}",
                pair[1],
                pair[0]
            );
        }
        for table in html.split("<table").skip(1) {
            assert!(
                table
                    .trim_start_matches(|c| c != '>')
                    .starts_with("><caption>")
                    || table.contains("<caption>"),
                "{page}: table without caption"
            );
        }
        for img in html.split("<img ").skip(1) {
            assert!(
                img[..img.find('>').unwrap()].contains(" alt=\""),
                "{page}: img without alt"
            );
        }
        assert!(
            html.contains("<html lang=\"ja\">") && html.contains("<main id=\"main\""),
            "{page}"
        );
        assert!(
            !html.contains("style=") && !html.contains("<style") && !html.contains("<script>"),
            "{page}: inline style or script"
        );
    }
}

#[test]
fn base_url_gives_canonical_og_sitemap_and_absolute_404() {
    let with = build("https://example.jp/plan");
    let measure = &with["measures/1-01.html"];
    assert!(measure
        .contains("<link rel=\"canonical\" href=\"https://example.jp/plan/measures/1-01.html\">"));
    assert!(measure.contains("property=\"og:title\" content=\"自殺対策連絡協議会\""));
    assert!(with["sitemap.xml"].contains("<loc>https://example.jp/plan/policies/1.html</loc>"));
    assert!(!with["sitemap.xml"].contains("404.html"));
    assert!(with["robots.txt"].contains("Sitemap: https://example.jp/plan/sitemap.xml"));
    assert!(with["404.html"].contains("href=\"https://example.jp/plan/assets/style.css\""));
    assert!(!with["404.html"].contains("rel=\"canonical\""));

    let without = build("");
    assert!(!without["measures/1-01.html"].contains("canonical"));
    assert!(without["404.html"].contains("href=\"assets/style.css\""));
}

#[test]
fn header_search_form_follows_the_search_contract() {
    let files = build("");
    let html = &files["measures/1-01.html"];
    assert!(html.contains("<body data-root=\"../\">"));
    assert!(html.contains(
        "<form role=\"search\" class=\"site-search\" action=\"../search/index.html\" method=\"get\"><label for=\"site-search-q\">サイト内検索</label><input id=\"site-search-q\" class=\"site-search-input\" type=\"search\" name=\"q\" autocomplete=\"off\" enterkeyhint=\"search\"><button type=\"submit\">検索</button></form>"
    ));
    assert!(html.contains("<script src=\"../assets/search.js\" defer></script>"));
}

#[test]
fn policy_and_top_pages_show_charts_with_tables_and_csv() {
    let files = build("");
    let policy = &files["policies/1.html"];
    assert!(policy.contains("src=\"../charts/policy-1-grades.svg\""));
    assert!(policy.contains("href=\"../charts/policy-1-grades.csv\""));
    assert!(policy.contains("src=\"../charts/policy-1-percentages.svg\""));
    assert!(policy.contains("<caption>基本施策1の達成度区分ごとの施策数（単位: 件）</caption>"));
    assert!(policy
        .contains("<th scope=\"rowgroup\" colspan=\"3\">イ. 関連施策を通じたネットワーク</th>"));
    assert!(policy.contains("（平均 75%）"));
    let index = &files["index.html"];
    assert!(
        index.contains("src=\"charts/plan-grades.svg\"")
            && index.contains("src=\"charts/policy-2-grades.svg\"")
    );
    assert!(index.contains("テスト市の計画の<strong>進捗</strong>です。"));
    let data = &files["data.html"];
    assert!(
        data.contains("80%以上 100%未満")
            && data.contains("CC BY 4.0")
            && data.contains("href=\"data/measures.csv\"")
    );
}

#[test]
fn site_theme_replaces_a_template_and_can_add_the_search_page() {
    let root = tempfile::tempdir().unwrap();
    let templates = root.path().join("themes/city/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("department.html"), "{% extends \"base.html\" %}{% block main %}<h1>市の部署: {{ department }}</h1>{% endblock %}").unwrap();
    std::fs::write(
        templates.join("search.html"),
        "{% extends \"base.html\" %}{% block main %}<h1>検索</h1>{% endblock %}",
    )
    .unwrap();
    let files = build_with("", &Theme::load(root.path(), "city").unwrap());
    assert!(files[&slug_path("福祉部")].contains("<h1>市の部署: 福祉部</h1>"));
    let search = &files["search/index.html"];
    assert!(search.contains("<body data-root=\"../\">") && search.contains("<h1>検索</h1>"));
    assert!(
        build("").contains_key("search/index.html"),
        "the built-in theme has a search page"
    );
}

#[test]
fn template_errors_name_the_file_and_line() {
    let root = tempfile::tempdir().unwrap();
    let templates = root.path().join("themes/city/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("data.html"),
        "{% extends \"base.html\" %}\n{% block main %}\n{{ licence }}\n{% endblock %}",
    )
    .unwrap();
    std::fs::write(templates.join("404.html"), "line one\n{% if %}").unwrap();
    let theme = Theme::load(root.path(), "city").unwrap();
    let syntax = render_site(&site(), &config(""), &grading(), &theme).unwrap_err();
    assert_eq!(syntax.0.len(), 1, "{syntax}");
    assert_eq!(syntax.0[0].file, templates.join("404.html"));
    assert_eq!(syntax.0[0].line, Some(2));

    std::fs::remove_file(templates.join("404.html")).unwrap();
    let theme = Theme::load(root.path(), "city").unwrap();
    let undefined = render_site(&site(), &config(""), &grading(), &theme).unwrap_err();
    assert_eq!(undefined.0.len(), 1, "{undefined}");
    assert_eq!(undefined.0[0].file, templates.join("data.html"));
    assert_eq!(undefined.0[0].line, Some(3));
    assert!(
        undefined.0[0].message.contains("テンプレートエラー"),
        "{}",
        undefined.0[0]
    );
}

/// Writes a site to `$SHINCHOKU_PREVIEW` for looking at in a browser: the
/// test site, or the site folder `$SHINCHOKU_PREVIEW_SITE` when set.
/// `SHINCHOKU_PREVIEW=/tmp/site cargo test --lib write_preview -- --ignored`
#[test]
#[ignore = "writes files for manual review"]
fn write_preview() {
    let dir = std::env::var("SHINCHOKU_PREVIEW").expect("set SHINCHOKU_PREVIEW to a folder");
    let (site, config) = match std::env::var("SHINCHOKU_PREVIEW_SITE") {
        Ok(root) => {
            let root = Path::new(&root);
            let mut diagnostics = crate::diagnostics::Diagnostics::default();
            let (content, load_diagnostics) = crate::load::load_content(root);
            diagnostics.0.extend(load_diagnostics.0);
            let site = crate::validate::validate(
                content,
                &crate::model::Grading::default(),
                &mut diagnostics,
            );
            (
                site.unwrap_or_else(|| panic!("{diagnostics}")),
                crate::config::SiteConfig::load(root).unwrap(),
            )
        }
        Err(_) => (site(), config("")),
    };
    let grading = crate::model::Grading::new(config.grades.clone());
    let mut files = render_site(&site, &config, &grading, &Theme::builtin()).unwrap();
    files.extend(crate::charts::render_charts(&site, &grading));
    files.extend(crate::opendata::write_open_data(&site, &grading));
    for file in files {
        let path = Path::new(&dir).join(file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, file.contents).unwrap();
    }
}

#[test]
fn static_files_are_published_under_assets() {
    let site = site();
    let files: Vec<OutputFile> =
        render_site(&site, &config(""), &grading(), &Theme::builtin()).unwrap();
    let css = files.iter().find(|f| f.path == "assets/style.css").unwrap();
    let theme = Theme::builtin();
    let written = &theme.static_files()["style.css"];
    let published = String::from_utf8(css.contents.to_vec()).unwrap();
    assert!(published.len() < written.len(), "minified by default");
    assert!(published.contains(".site-header{"), "{}", &published[..200]);
    let favicon = files
        .iter()
        .find(|f| f.path == "assets/favicon.png")
        .unwrap();
    assert_eq!(favicon.contents, theme.static_files()["favicon.png"]);
}
