//! The site `serve` keeps in memory: a rebuild after an edit gives exactly
//! what a full build gives, while rendering and tokenising only what the
//! edit affects; a failed rebuild keeps the last good site.

mod common;

use std::fs;
use std::path::Path;

use shinchoku::live::LiveSite;

fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// The live snapshot must equal a full build of the same sources.
fn assert_same_as_full_build(live: &LiveSite) {
    let loaded = shinchoku::pipeline::load_site(live.root()).unwrap();
    let full = shinchoku::pipeline::render_all(&loaded).unwrap();
    let snapshot = live.snapshot();
    assert_eq!(snapshot.len(), full.len());
    for file in full {
        assert!(
            *snapshot[&file.path] == *file.contents,
            "{} differs from a full build",
            file.path
        );
    }
}

/// Every page but the 404 page (rendered outside the memo) was rendered again.
fn assert_rendered_every_page(live: &LiveSite, rebuilt: &shinchoku::live::Rebuilt) {
    let pages = live
        .snapshot()
        .keys()
        .filter(|p| p.ends_with(".html"))
        .count();
    assert!(
        rebuilt.pages_rendered >= pages - 1,
        "{} of {pages} pages rendered",
        rebuilt.pages_rendered
    );
}

#[test]
fn an_edit_rebuilds_only_what_shows_it() {
    let site = common::copy_of_bundled_site();
    let mut live = LiveSite::new(site.path());
    let first = live.rebuild().unwrap();
    assert_rendered_every_page(&live, &first);
    assert_eq!(
        (first.measures_tokenised, first.measures_reindexed),
        (44, 44)
    );
    // The plan, 4 policies and 44 measures.
    assert_eq!(first.files_parsed, 49);

    let unchanged = live.rebuild().unwrap();
    assert_eq!(unchanged.changed, Vec::<String>::new());
    assert_eq!(
        (
            unchanged.files_parsed,
            unchanged.pages_rendered,
            unchanged.measures_tokenised
        ),
        (0, 0, 0)
    );

    edit(
        site.path(),
        "content/measures/3-05.md",
        "title: 人権啓発推進及び相談",
        "title: 人権啓発と相談の窓口",
    );
    let edited = live.rebuild().unwrap();
    // One measure tokenised and its postings replaced; the index files
    // still come out as a full build's (checked below).
    assert_eq!(
        (
            edited.files_parsed,
            edited.measures_tokenised,
            edited.measures_reindexed
        ),
        (1, 1, 1)
    );
    assert!(!edited.index_reused);
    for page in [
        "measures/3-05.html",
        "measures/3-04.html",
        "measures/3-06.html",
        "policies/3.html",
    ] {
        assert!(
            edited.changed.iter().any(|p| p == page),
            "{page} not rebuilt: {:?}",
            edited.changed
        );
    }
    assert!(
        !edited.changed.iter().any(|p| p == "measures/1-01.html"),
        "{:?}",
        edited.changed
    );
    assert!(
        edited.pages_rendered < 15,
        "rendered {} pages for one title",
        edited.pages_rendered
    );
    let page = String::from_utf8(live.snapshot()["measures/3-05.html"].to_vec()).unwrap();
    assert!(page.contains("人権啓発と相談の窓口"));
    assert_same_as_full_build(&live);

    // The Markdown body is not searchable: the index is reused whole.
    let body = site.path().join("content/measures/3-05.md");
    fs::write(
        &body,
        fs::read_to_string(&body).unwrap() + "\n本文に追記した文。\n",
    )
    .unwrap();
    let body_edit = live.rebuild().unwrap();
    assert_eq!(
        (
            body_edit.measures_tokenised,
            body_edit.measures_reindexed,
            body_edit.index_reused
        ),
        (0, 0, true)
    );
    assert!(body_edit.changed.iter().any(|p| p == "measures/3-05.html"));
    assert!(
        !body_edit.changed.iter().any(|p| p.starts_with("search/")),
        "{:?}",
        body_edit.changed
    );
    assert_same_as_full_build(&live);
}

#[test]
fn a_failed_rebuild_keeps_the_last_good_site_and_a_fix_recovers() {
    let site = common::copy_of_bundled_site();
    let mut live = LiveSite::new(site.path());
    live.rebuild().unwrap();
    let good = live.snapshot();

    edit(
        site.path(),
        "content/measures/1-01.md",
        "policy: 1",
        "policy: [1",
    );
    let error = live.rebuild().unwrap_err().to_string();
    assert!(error.contains("content/measures/1-01.md:3"), "{error}");
    assert!(
        live.snapshot() == good,
        "the snapshot changed after a failed rebuild"
    );

    edit(
        site.path(),
        "content/measures/1-01.md",
        "policy: [1",
        "policy: 1",
    );
    let fixed = live.rebuild().unwrap();
    assert_eq!(fixed.changed, Vec::<String>::new());
    assert_same_as_full_build(&live);
}

#[test]
fn theme_and_dictionary_changes_redo_everything_they_touch() {
    let site = common::copy_of_bundled_site();
    let mut live = LiveSite::new(site.path());
    live.rebuild().unwrap();

    let templates = site.path().join("themes/default/templates");
    fs::create_dir_all(&templates).unwrap();
    let base =
        fs::read_to_string(common::repo().join("themes/default/templates/base.html")).unwrap();
    fs::write(
        templates.join("base.html"),
        base.replacen("</footer>", "<p>テーマ変更</p></footer>", 1),
    )
    .unwrap();
    let themed = live.rebuild().unwrap();
    assert_rendered_every_page(&live, &themed);
    assert!(String::from_utf8_lossy(&live.snapshot()["measures/1-01.html"]).contains("テーマ変更"));

    let dictionary = site.path().join("dictionary.csv");
    let words = fs::read_to_string(&dictionary).unwrap();
    fs::write(
        &dictionary,
        format!("{words}くまもと自殺対策,固有名詞,クマモトジサツタイサク\n"),
    )
    .unwrap();
    assert_eq!(live.rebuild().unwrap().measures_tokenised, 44);
    assert_same_as_full_build(&live);
}

/// Rebuilds and checks that the index was remade for `reindexed` measures,
/// that `file` changed (if given), and that the site equals a full build.
fn rebuild_reindexing(live: &mut LiveSite, reindexed: usize, file: Option<&str>) {
    let rebuilt = live.rebuild().unwrap();
    assert_eq!(rebuilt.measures_reindexed, reindexed);
    if let Some(file) = file {
        assert!(
            rebuilt.changed.iter().any(|p| p == file),
            "{file} unchanged: {:?}",
            rebuilt.changed
        );
    }
    assert_same_as_full_build(live);
}

#[test]
fn measures_added_removed_or_edited_first_keep_the_index_as_a_full_build_makes_it() {
    let site = common::copy_of_bundled_site();
    let mut live = LiveSite::new(site.path());
    live.rebuild().unwrap();

    // The first measure starts most keys' postings: its spans set their
    // usual written length.
    edit(
        site.path(),
        "content/measures/1-01.md",
        "title: ",
        "title: 相談窓口の",
    );
    rebuild_reindexing(&mut live, 1, None);

    // A new measure renumbers the ones after it: the index is made anew.
    let measures = site.path().join("content/measures");
    let copy = fs::read_to_string(measures.join("2-03.md"))
        .unwrap()
        .replacen("id: 2-03", "id: 2-03-2", 1);
    assert!(copy.contains("2-03-2"), "the id line moved");
    fs::write(measures.join("2-03-2.md"), copy).unwrap();
    rebuild_reindexing(&mut live, 45, Some("search/index/d/44.js"));

    fs::remove_file(measures.join("2-03-2.md")).unwrap();
    rebuild_reindexing(&mut live, 44, Some("search/index/d/44.js"));

    // A policy's title is in the manifest and in its measures' documents.
    edit(
        site.path(),
        "content/policies/1.md",
        "title: ",
        "title: 改め",
    );
    rebuild_reindexing(&mut live, 44, Some("search/index/manifest.js"));
}
