//! The interface's word for one measure (issue #13): the city's
//! `measure_name` when `site.toml` sets it, else 施策. In a plan of 政策 →
//! 施策 → 基本事業 → 事務事業, 施策 is a level, so the pages, charts, feed,
//! search and the clerk's console must call a measure 事務事業 and say 施策
//! only for the level.

mod common;

use std::fs;
use std::path::Path;

use common::{build, copy_dir, copy_of_bundled_site, fixture, read, shinchoku, stderr, tree};
use common::{decode_entities, text_without_spaces};

/// The plan's own text in `tests/fixtures/levels/content/_index.md`: content, not interface.
const PLAN_BODY_NAMING_LEVELS: &str = "政策・施策・基本事業";

/// What a citizen reads in a built file, piece by piece: an HTML, SVG or
/// feed's text nodes and `alt`/`title`/`aria-label` values (a chart's
/// `<title>`/`<desc>` among them), the lines of chart data and scripts.
/// `None` for files no one reads (styles, open data, owned elsewhere).
fn readable_pieces(path: &str, bytes: &[u8]) -> Option<Vec<String>> {
    let text = String::from_utf8_lossy(bytes);
    let extension = path.rsplit('.').next().unwrap_or_default();
    match extension {
        "html" | "svg" | "xml" => Some(markup_pieces(&text)),
        // Open data (data/*.csv, *.json) is another item's: its headings
        // come from the field registry.
        "csv" if path.starts_with("data/") => None,
        "js" | "csv" => Some(text.lines().map(String::from).collect()),
        _ => None,
    }
}

fn markup_pieces(markup: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    for segment in markup.split('<') {
        let (tag, text) = segment.split_once('>').unwrap_or(("", segment));
        for attribute in ["alt=\"", "title=\"", "aria-label=\""] {
            for value in tag.split(attribute).skip(1) {
                pieces.push(value.split('"').next().unwrap_or_default().to_string());
            }
        }
        pieces.push(text.to_string());
    }
    pieces
        .iter()
        .map(|piece| decode_entities(piece).trim().to_string())
        .filter(|piece| !piece.is_empty())
        .collect()
}

/// `(file, piece)` for every piece of what a citizen reads of the site at
/// `out` that says 施策.
fn uses_of_shisaku(out: &Path) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for (path, bytes) in tree(out) {
        for piece in readable_pieces(&path, &bytes).unwrap_or_default() {
            if piece.replace(PLAN_BODY_NAMING_LEVELS, "").contains("施策") {
                found.push((path.clone(), piece));
            }
        }
    }
    found
}

fn listed(uses: &[(String, String)]) -> String {
    let lines: Vec<String> = uses
        .iter()
        .map(|(path, piece)| format!("{path}: {piece}"))
        .collect();
    lines.join("\n")
}

/// The levels fixture with its level 施策 renamed: whatever 施策 is left
/// on the site is the interface calling a measure 施策.
fn levels_fixture_with_level_renamed() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("levels"), dir.path());
    let settings = dir.path().join("site.toml");
    let text = fs::read_to_string(&settings).unwrap();
    let renamed = text.replace("name = \"施策\"", "name = \"中項目\"");
    assert_ne!(renamed, text, "the fixture names a level 施策");
    fs::write(settings, renamed).unwrap();
    dir
}

#[test]
fn no_page_chart_feed_or_search_string_calls_a_measure_shisaku() {
    let site = levels_fixture_with_level_renamed();
    let (_guard, out) = build(site.path());
    let uses = uses_of_shisaku(&out);
    assert!(
        uses.is_empty(),
        "the site calls a measure 施策 ({} times) though its measure_name is 事務事業:\n{}",
        uses.len(),
        listed(&uses)
    );
}

/// Whether a piece of text says 施策 only as the level: the level's name
/// alone (a heading, a term), with a node's number (施策6, 「施策 2」 of a
/// count), as what holds the level below (「施策の中の…」), or on a page
/// of the level's own nodes (「この施策の…」).
fn names_the_level(path: &str, piece: &str) -> bool {
    piece == "施策"
        || piece.match_indices("施策").all(|(at, word)| {
            let after = piece[at + word.len()..].trim_start_matches(' ');
            after.starts_with(|c: char| c.is_ascii_digit())
                || after.starts_with("の中の")
                || (path.starts_with("shisaku/") && piece[..at].ends_with("この"))
        })
}

#[test]
fn the_level_shisaku_is_named_only_as_the_level() {
    let (_guard, out) = build(&fixture("levels"));
    let uses = uses_of_shisaku(&out);
    let stray: Vec<(String, String)> = uses
        .iter()
        .filter(|(path, piece)| !names_the_level(path, piece))
        .cloned()
        .collect();
    assert!(
        stray.is_empty(),
        "施策 not as the level:\n{}",
        listed(&stray)
    );
    // The check sees the level where it is named.
    assert!(uses
        .iter()
        .any(|(path, piece)| path == "seisaku/2.html" && piece == "施策"));
    assert!(uses.iter().any(|(_, piece)| piece.starts_with("施策6")));
}

#[test]
fn a_measure_is_called_as_the_city_calls_it_where_the_bundled_site_says_shisaku() {
    let (_guard, out) = build(&fixture("levels"));
    let home = text_without_spaces(&read(&out, "index.html"));
    assert!(home.contains("事務事業5件"), "{home}");
    assert!(home.contains("事務事業を検索") || home.contains("全事務事業のデータ"));
    let node = text_without_spaces(&read(&out, "kihon_jigyo/2-6-5.html"));
    assert!(node.contains("事務事業と達成度"), "{node}");
    let measure = text_without_spaces(&read(&out, "measures/m01.html"));
    assert!(measure.contains("事務事業ID"), "{measure}");
    let search = text_without_spaces(&read(&out, "search/index.html"));
    assert!(search.contains("事務事業を検索"), "{search}");
    let manifest = read(&out, "search/index/manifest.js");
    assert!(
        manifest.contains("\"measureNoun\":\"事務事業\""),
        "{manifest}"
    );
    let trend = read(&out, "charts/kihon_jigyo-2-6-5-trend.csv");
    assert!(trend.contains("報告のある事務事業（件）"), "{trend}");
}

#[test]
fn the_bundled_site_still_calls_a_measure_shisaku() {
    let site = copy_of_bundled_site();
    let (_guard, out) = build(site.path());
    let home = text_without_spaces(&read(&out, "index.html"));
    assert!(home.contains("施策44件"), "{home}");
    let measure = text_without_spaces(&read(&out, "measures/1-01.html"));
    assert!(measure.contains("施策ID") && measure.contains("次の施策"));
    let manifest = read(&out, "search/index/manifest.js");
    assert!(manifest.contains("\"measureNoun\":\"施策\""), "{manifest}");
}

/// The console's lines about the site, not the per-file field changes
/// (`+ extra.…: …`), which quote the city's own texts.
fn summary_lines(output: &str) -> Vec<&str> {
    output
        .lines()
        .filter(|line| !line.trim_start().starts_with(['+', '-', '~']))
        .collect()
}

/// Lines that say 施策 other than as the level with its count (「施策 4」).
fn shisaku_for_a_measure<'a>(lines: &[&'a str]) -> Vec<&'a str> {
    lines
        .iter()
        .copied()
        .filter(|line| {
            line.match_indices("施策").any(|(at, word)| {
                let after = &line[at + word.len()..];
                !after.starts_with(|c: char| c == ' ' || c.is_ascii_digit())
            })
        })
        .collect()
}

#[test]
fn importing_and_checking_ofunato_say_jimu_jigyo_for_a_measure() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path().join("site");
    let init = shinchoku(["init".as_ref(), root.as_os_str()]);
    assert!(init.status.success(), "{}", stderr(&init));
    let layout = fixture("tables/ofunato");
    fs::copy(layout.join("site.toml"), root.join("site.toml")).unwrap();
    let import = shinchoku([
        "import".as_ref(),
        layout
            .join("ofunato-jimujigyo-R7-seisaku2.xlsx")
            .as_os_str(),
        "--root".as_ref(),
        root.as_os_str(),
    ]);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&import.stdout),
        stderr(&import)
    );
    assert!(import.status.success(), "{said}");
    let lines = summary_lines(&said);
    assert!(
        said.contains("見出しを名前にして事務事業ごとの項目（extra）にした列"),
        "{said}"
    );
    assert_eq!(shisaku_for_a_measure(&lines), Vec::<&str>::new());

    let check = shinchoku(["check".as_ref(), "--root".as_ref(), root.as_os_str()]);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        stderr(&check)
    );
    assert!(check.status.success(), "{said}");
    assert!(said.contains("報告のある事務事業／事務事業数"), "{said}");
    assert_eq!(
        shisaku_for_a_measure(&summary_lines(&said)),
        Vec::<&str>::new()
    );
}
