//! What changed between fiscal years, as a citizen receives it: the
//! changes pages, `data/changes.csv`, the line on each measure page and the
//! Atom feed, built from a fixture with a rise, a fall, a new and two ended
//! measures over three years, and from the bundled site.

mod common;

use common::{build, copy_of_bundled_site, fixture, read, text_without_spaces};

fn csv_rows(out: &std::path::Path) -> Vec<String> {
    read(out, "data/changes.csv")
        .trim_start_matches('\u{feff}')
        .split("\r\n")
        .filter(|line| !line.is_empty())
        .map(String::from)
        .collect()
}

/// The text of the `<section>` whose heading has id `changes-{id}`.
fn group_text(html: &str, id: &str) -> String {
    let start = html
        .find(&format!("<h2 id=\"changes-{id}\">"))
        .unwrap_or_else(|| panic!("no group {id}"));
    let end = html[start..].find("</section>").unwrap() + start;
    text_without_spaces(&html[start..end])
}

#[test]
fn changes_page_lists_each_measure_under_how_it_changed() {
    let (_tmp, out) = build(&fixture("changes"));
    let html = read(&out, "changes.html");
    let text = text_without_spaces(&html);
    assert!(text.contains("令和2年度から令和3年度への変化"), "{text}");
    assert!(text.contains("区分が上がった施策1件"), "{text}");
    assert!(text.contains("区分が同じ施策1件"), "{text}");

    let rose = group_text(&html, "rose");
    assert!(
        rose.contains("1-01区分が上がる施策60%達成度区分:50〜79%達成度区分:100%"),
        "{rose}"
    );
    let fell = group_text(&html, "fell");
    // The title is shown as text, never as markup.
    assert!(fell.contains("1-02<b>下がる</b>施策&"), "{fell}");
    assert!(html.contains("&lt;b&gt;下がる&lt;/b&gt;施策&amp;"));
    assert!(!html.contains("<b>下がる"));
    assert_eq!(group_text(&html, "new").matches("1-0").count(), 1);
    assert!(group_text(&html, "new").contains("1-03新しく始まる施策報告なし80%達成度区分:80〜99%"));
    let ended = group_text(&html, "ended");
    assert!(ended.contains("1-04報告がなくなる施策実施"), "{ended}");
    assert!(ended.contains("1-05終了と書かれた施策"), "{ended}");
    let not_comparable = group_text(&html, "not-comparable");
    assert!(
        not_comparable.contains("1-06比べられない施策"),
        "{not_comparable}"
    );
    assert!(
        not_comparable.contains("比較できません"),
        "{not_comparable}"
    );
    for group in ["rose", "fell", "new", "ended", "not-comparable"] {
        assert!(!group_text(&html, group).contains("1-07"), "{group}");
    }
}

#[test]
fn every_pair_of_years_has_a_page_chosen_by_plain_links() {
    let (_tmp, out) = build(&fixture("changes"));
    let latest = read(&out, "changes.html");
    for (pair, label) in [
        ("2019-2020", "令和元年度 → 令和2年度"),
        ("2019-2021", "令和元年度 → 令和3年度"),
        ("2020-2021", "令和2年度 → 令和3年度"),
    ] {
        let link = format!("<a href=\"changes-{pair}.html\"");
        assert!(latest.contains(&link), "{link}");
        assert!(latest.contains(label), "{label}");
        let page = read(&out, &format!("changes-{pair}.html"));
        assert!(
            page.contains(&format!("{link} aria-current=\"page\">")),
            "{pair} marks itself"
        );
    }
    // The latest pair is the one `changes.html` shows, and no page runs a
    // script of its own (the site's CSP allows none inline).
    assert!(latest.contains("<a href=\"changes-2020-2021.html\" aria-current=\"page\">"));
    assert!(!latest.contains("<script>"));
    // Between the first and last years: 1-05 says it ended in 2021 and had
    // no report in 2019, so it is neither new nor ended.
    let wide = read(&out, "changes-2019-2021.html");
    assert!(!text_without_spaces(&wide).contains("1-05"));
    assert!(group_text(&wide, "ended").contains("1-04"));
    assert!(group_text(&wide, "new").contains("1-06"));
}

#[test]
fn changes_csv_has_a_row_per_measure_of_the_last_two_years() {
    let (_tmp, out) = build(&fixture("changes"));
    let rows = csv_rows(&out);
    assert!(rows[0].starts_with("施策ID,基本施策番号,実施内容,前の年度（西暦）"));
    let expected = [
        "1-01,1,区分が上がる施策,2020,令和2年度,2021,令和3年度,上がった,60%,50〜79%,100%,100%,measures/1-01.html",
        "1-02,1,<b>下がる</b>施策&,2020,令和2年度,2021,令和3年度,下がった,100%,100%,40%,50%未満,measures/1-02.html",
        "1-03,1,新しく始まる施策,2020,令和2年度,2021,令和3年度,新規,,,80%,80〜99%,measures/1-03.html",
        "1-04,1,報告がなくなる施策,2020,令和2年度,2021,令和3年度,終了,実施,実施（数値なし）,,,measures/1-04.html",
        "1-05,1,終了と書かれた施策,2020,令和2年度,2021,令和3年度,終了,90%,80〜99%,終了,その他（記述）,measures/1-05.html",
        "1-06,1,比べられない施策,2020,令和2年度,2021,令和3年度,比較できません,実施,実施（数値なし）,100%,100%,measures/1-06.html",
        "1-07,1,変わらない施策,2020,令和2年度,2021,令和3年度,同じ,100%,100%,100%,100%,measures/1-07.html",
    ];
    assert_eq!(rows[1..], expected);
    let data = read(&out, "data.html");
    assert!(data.contains("href=\"data/changes.csv\""));
    assert!(data.contains("href=\"changes.html\""));
}

#[test]
fn each_measure_page_says_how_it_changed_from_the_year_before() {
    let (_tmp, out) = build(&fixture("changes"));
    let sentence = |id: &str| {
        let html = read(&out, &format!("measures/{id}.html"));
        let start = html.find("<p class=\"measure-change\">").expect(id);
        text_without_spaces(&html[start..start + html[start..].find("</p>").unwrap()])
    };
    let cases = [
        (
            "1-01",
            "令和3年度は令和2年度より達成度の区分が上がりました（50〜79%→100%）",
        ),
        (
            "1-02",
            "令和3年度は令和2年度より達成度の区分が下がりました（100%→50%未満）",
        ),
        ("1-03", "令和3年度から新しく始まった施策です"),
        ("1-04", "令和3年度は報告がなく、令和2年度までの施策です"),
        ("1-06", "比較できません"),
        (
            "1-07",
            "令和3年度の達成度の区分は令和2年度と同じです（100%）",
        ),
    ];
    for (id, expected) in cases {
        assert!(sentence(id).contains(expected), "{id}: {}", sentence(id));
    }
}

#[test]
fn feed_has_an_entry_per_year_dated_by_the_site_with_relative_links() {
    let (_tmp, out) = build(&fixture("changes"));
    let feed = read(&out, "feed.xml");
    assert!(feed.starts_with(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""
    ));
    let entries: Vec<&str> = feed.split("<entry>").skip(1).collect();
    assert_eq!(entries.len(), 3, "{feed}");
    // Newest first; 2021 has its stated date, 2020 the assumed 30 June.
    assert!(entries[0].contains("<title>令和3年度の進捗を公開しました</title>"));
    assert!(entries[0].contains("<updated>2022-05-31T00:00:00+09:00</updated>"));
    assert!(entries[0].contains("<id>urn:shinchoku:fiscal-year-2021</id>"));
    assert!(entries[0].contains("href=\"changes-2020-2021.html\""));
    assert!(entries[0].contains(
        "令和3年度の施策5件の報告を掲載しました。令和2年度と比べて、達成度の区分が上がった施策1件、下がった施策1件、新しく始まった施策1件、終了した施策2件です。"
    ), "{}", entries[0]);
    assert!(entries[1].contains("<updated>2021-06-30T00:00:00+09:00</updated>"));
    assert!(entries[1].contains("href=\"changes-2019-2020.html\""));
    assert!(entries[2].contains("<title>令和元年度の進捗を公開しました</title>"));
    assert!(feed.contains("<updated>2022-05-31T00:00:00+09:00</updated>\n<author>"));
    assert!(!feed.contains("rel=\"self\""), "no absolute URL to give");
    // Every page points to the feed.
    for page in [
        "index.html",
        "changes.html",
        "measures/1-01.html",
        "data.html",
    ] {
        let prefix = if page.contains('/') { "../" } else { "" };
        assert!(read(&out, page).contains(&format!(
            "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"変化テスト市 更新情報\" href=\"{prefix}feed.xml\">"
        )), "{page}");
    }
}

#[test]
fn a_published_date_that_is_not_a_day_stops_the_build_saying_where() {
    let site = tempfile::tempdir().unwrap();
    common::copy_dir(&fixture("changes"), site.path());
    let index = site.path().join("content/_index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(&index, text.replace("2022-05-31", "2022-02-30")).unwrap();
    let err = shinchoku::pipeline::build(site.path(), Some(&site.path().join("public")))
        .err()
        .expect("an impossible date stops the build")
        .to_string();
    assert!(err.contains("_index.md:11"), "{err}");
    assert!(err.contains("fiscal_years.published"), "{err}");
    assert!(err.contains("2022-02-30"), "{err}");
}

#[test]
fn bundled_site_compares_its_two_years_and_lists_the_pages_in_the_sitemap() {
    let site = copy_of_bundled_site();
    let (_tmp, out) = build(site.path());
    let text = text_without_spaces(&read(&out, "changes.html"));
    assert!(text.contains("令和元年度から令和2年度への変化"));
    for count in [
        "区分が上がった施策7件",
        "区分が下がった施策4件",
        "新しく始まった施策0件",
        "終了した施策0件",
    ] {
        assert!(text.contains(count), "{count}: {text}");
    }
    assert!(read(&out, "index.html").contains("<a href=\"changes.html\">"));
    let sitemap = read(&out, "sitemap.xml");
    let base = "https://example.org/kumamoto-jisatsu-taisaku/";
    assert!(sitemap.contains(&format!("<loc>{base}changes.html</loc>")));
    assert!(sitemap.contains(&format!("<loc>{base}changes-2019-2020.html</loc>")));
    assert!(!sitemap.contains("feed.xml"));
    let feed = read(&out, "feed.xml");
    assert!(feed.contains(&format!(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{base}feed.xml\"/>"
    )));
    assert!(feed.contains(&format!("<id>{base}feed.xml#fiscal-year-2020</id>")));
    assert!(feed.contains(&format!("href=\"{base}changes-2019-2020.html\"")));
    // No build clock: a second build gives the same bytes.
    let (_again, out_again) = build(site.path());
    for file in [
        "feed.xml",
        "changes.html",
        "data/changes.csv",
        "measures/2-03.html",
    ] {
        assert_eq!(read(&out, file), read(&out_again, file), "{file}");
    }
}

#[test]
fn a_new_import_keeps_the_published_dates_written_by_hand() {
    let site = tempfile::tempdir().unwrap();
    let import = || {
        shinchoku::import::run(&shinchoku::import::ImportOptions {
            table: common::repo().join("tests/fixtures/seed/kumamoto-jisatsu-2019-2020.tsv"),
            encoding: None,
            columns: Vec::new(),
            root: site.path().to_path_buf(),
            force: false,
            dry_run: false,
        })
        .unwrap_or_else(|e| panic!("{e}"))
    };
    import();
    let index = site.path().join("content/_index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    let dated = text.replace(
        "label: 令和2年度\n",
        "label: 令和2年度\n    published: 2021-09-01\n",
    );
    assert_ne!(dated, text);
    std::fs::write(&index, &dated).unwrap();
    import();
    let after = std::fs::read_to_string(&index).unwrap();
    assert!(after.contains("    published: 2021-09-01\n"), "{after}");
    std::fs::write(site.path().join("site.toml"), "").unwrap();
    let (_tmp, out) = build(site.path());
    assert!(read(&out, "feed.xml").contains("<updated>2021-09-01T00:00:00+09:00</updated>"));
}
