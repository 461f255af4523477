//! The search index of the test site `tests/search/site/`: its files, their
//! format, determinism and the user dictionary's error reports; and, run
//! from here so that `cargo test` covers them, the JavaScript tests of the
//! engine and the browser (`node --test tests/search/`).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use shinchoku::output::OutputFile;
use shinchoku::pipeline::{load_site, LoadedSite};
use shinchoku::search::{build_index, USER_DICTIONARY_FILE};

fn site_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search/site")
}

fn loaded() -> LoadedSite {
    load_site(&site_root()).unwrap_or_else(|e| panic!("the test site loads:\n{e}"))
}

fn index_with(loaded: &LoadedSite, dictionary: Option<&str>) -> Vec<OutputFile> {
    let path = site_root().join(USER_DICTIONARY_FILE);
    build_index(
        &loaded.site,
        &loaded.grading,
        dictionary.map(|text| (path.as_path(), text)),
        None,
    )
    .unwrap_or_else(|e| panic!("the index builds:\n{e}"))
}

fn index() -> BTreeMap<String, Value> {
    let loaded = loaded();
    let dictionary = std::fs::read_to_string(site_root().join(USER_DICTIONARY_FILE)).unwrap();
    index_with(&loaded, Some(&dictionary))
        .into_iter()
        .map(|f| (f.path.clone(), data(&f)))
        .collect()
}

/// The JSON a chunk script pushes onto the engine's queue.
fn data(file: &OutputFile) -> Value {
    let text = std::str::from_utf8(&file.contents).unwrap();
    let prefix = "(self.shinchokuSearchIndex=self.shinchokuSearchIndex||[]).push(";
    let json = text
        .strip_prefix(prefix)
        .and_then(|t| t.strip_suffix(");\n"));
    serde_json::from_str(json.unwrap_or_else(|| panic!("{} is a queue push: {text}", file.path)))
        .unwrap()
}

/// Numbers as the engine decodes them (5 bits a digit, 32+ = more follow).
fn numbers(text: &str) -> Vec<u64> {
    const DIGITS: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
    let (mut out, mut value, mut shift) = (Vec::new(), 0u64, 0);
    for c in text.chars() {
        let digit = DIGITS
            .find(c)
            .unwrap_or_else(|| panic!("{c:?} is not a digit")) as u64;
        value |= (digit & 31) << shift;
        if digit & 32 == 0 {
            out.push(value);
            (value, shift) = (0, 0);
        } else {
            shift += 5;
        }
    }
    out
}

/// Occurrences of `key` in the postings of `kind`: (document, position,
/// flags), the flags holding the token edges (bits 0–1) and the field class
/// (bits 2–3). A reading span's postings start with its usual written
/// length, and bit 0 of its flags says that its own length follows.
fn occurrences(index: &BTreeMap<String, Value>, kind: &str, key: &str) -> Vec<(u64, u64, u64)> {
    let stored: Vec<&Value> = index
        .values()
        .filter_map(|chunk| chunk.get(kind)?.get(key))
        .collect();
    assert!(stored.len() <= 1, "a key lives in one chunk");
    let Some(stored) = stored.first() else {
        return Vec::new();
    };
    // A common key's postings are in a file of their own, named by number.
    let postings = match stored.as_u64() {
        Some(list) => index[&format!("search/index/l/{list}.js")]["postings"]
            .as_str()
            .unwrap(),
        None => stored.as_str().unwrap(),
    };
    let is_span = kind.starts_with("reading");
    let n = numbers(postings);
    let (mut found, mut i, mut document) = (Vec::new(), usize::from(is_span), 0);
    while i < n.len() {
        document += n[i];
        let (count, mut position) = (n[i + 1], 0);
        i += 2;
        for _ in 0..count {
            position += n[i] >> 4;
            found.push((document, position, n[i] & 15));
            i += if is_span && n[i] & 1 == 1 { 2 } else { 1 };
        }
    }
    found
}

fn documents_with(index: &BTreeMap<String, Value>, kind: &str, key: &str) -> Vec<u64> {
    let mut documents: Vec<u64> = occurrences(index, kind, key)
        .into_iter()
        .map(|(d, _, _)| d)
        .collect();
    documents.dedup();
    documents
}

/// Measures in reading order: 1-01, 1-02, 1-03, 2-01, 2-02.
const GATEKEEPER: u64 = 0;
const ADDICTION_FAMILIES: u64 = 1;
const COMMUNITY_CARE: u64 = 2;
const PHONE: u64 = 3;
const DV: u64 = 4;

#[test]
fn writes_a_manifest_chunks_and_files_for_each_measure() {
    let index = index();
    assert!(
        index.keys().all(|path| path.starts_with("search/index/")),
        "{:?}",
        index.keys()
    );
    let manifest = &index["search/index/manifest.js"];
    assert_eq!(manifest["version"], 7);
    assert_eq!(manifest["documentCount"], 5);
    let chunks = 1usize << manifest["chunkBits"].as_u64().unwrap();
    for n in 0..chunks {
        assert!(
            index.contains_key(&format!("search/index/b/{n}.js")),
            "chunk {n}"
        );
    }
    for n in 0..5 {
        let card = &index[&format!("search/index/d/{n}.js")];
        assert_eq!(card["document"], n);
        // Label and written start: a field each, the title first.
        let fields = numbers(card["fields"].as_str().unwrap());
        assert_eq!(fields[1], 0);
        // The text of every field but the title, for snippets.
        assert_eq!(
            card["texts"].as_array().unwrap().len(),
            fields.len() / 2 - 1
        );
    }
    let own_files = index
        .keys()
        .filter(|path| path.starts_with("search/index/l/"))
        .count();
    assert_eq!(index.len(), 1 + chunks + own_files + 5);
    assert_eq!(index["search/index/d/3.js"]["url"], "measures/2-01.html");
    // The manifest does not grow with the site: no per-document numbers.
    assert!(manifest.get("documents").is_none() && manifest.get("rangeSize").is_none());
    // Where the prose starts, for a snippet when no field has a match.
    let card = &index["search/index/d/0.js"];
    let fields = numbers(card["fields"].as_str().unwrap());
    assert!(
        fields
            .chunks(2)
            .any(|f| f[1] == card["prose"].as_u64().unwrap()),
        "{card}"
    );
}

#[test]
fn occurrences_carry_their_field_class() {
    let index = index();
    let classes: Vec<(u64, u64)> = occurrences(&index, "written", "依存")
        .into_iter()
        .filter(|&(d, _, _)| d == ADDICTION_FAMILIES)
        .map(|(_, position, flags)| (position, flags >> 2))
        .collect();
    // The title 依存症家族教室 starts the document (class 0); the status
    // text mentions it again (prose, class 2).
    assert_eq!(classes.first(), Some(&(0, 0)), "{classes:?}");
    assert!(classes.iter().any(|&(_, class)| class == 2), "{classes:?}");
    assert!(
        classes.windows(2).all(|w| w[0].1 <= w[1].1),
        "classes follow the text's order: {classes:?}"
    );
}

#[test]
fn postings_find_substrings_and_readings() {
    let index = index();
    assert_eq!(
        documents_with(&index, "written", "依存"),
        [ADDICTION_FAMILIES, DV]
    );
    assert_eq!(documents_with(&index, "written", "未遂"), [PHONE]);
    // PDF wrap spaces are gone: 地域包 括 is indexed as 地域包括.
    assert_eq!(documents_with(&index, "written", "包括"), [COMMUNITY_CARE]);
    // Width and case folded: ＤＶ and DV are both dv.
    assert_eq!(documents_with(&index, "written", "dv"), [PHONE, DV]);
    assert_eq!(
        documents_with(&index, "unigrams", "電"),
        [COMMUNITY_CARE, PHONE]
    );
    // Readings, in hiragana, as whole spans from a token start: 依存症 is
    // いぞんしょう, placed where 依存症 is written.
    assert_eq!(
        documents_with(&index, "reading", "いぞんしょう"),
        [ADDICTION_FAMILIES, DV]
    );
    let written = occurrences(&index, "written", "依存");
    let read: Vec<_> = occurrences(&index, "reading", "いぞんしょう")
        .iter()
        .map(|&(d, p, _)| (d, p))
        .collect();
    assert!(
        read.iter()
            .all(|r| written.iter().any(|&(d, p, _)| (d, p) == *r)),
        "{read:?} {written:?}"
    );
    // Not inside a token's reading (ぞん), nor a reading written as read
    // (ゲートキーパー: the written pairs find it), nor anything but kana.
    assert!(documents_with(&index, "reading", "ぞん").is_empty());
    assert!(documents_with(&index, "reading", "げーときーぱー").is_empty());
    assert_eq!(documents_with(&index, "written", "げー"), [GATEKEEPER]);
    assert!(
        documents_with(&index, "reading", "依存").is_empty(),
        "reading spans are kana only"
    );
}

#[test]
fn documents_carry_what_a_result_shows() {
    let index = index();
    let manifest = &index["search/index/manifest.js"];
    let phone = &index["search/index/d/3.js"];
    assert_eq!(phone["new"], true);
    assert_eq!(
        phone["title"],
        format!(
            "{}熊本こころの電話相談",
            manifest["newMark"].as_str().unwrap()
        )
    );
    assert_eq!(phone["departments"], serde_json::json!(["障がい者支援部"]));
    let labels: Vec<&str> = numbers(phone["fields"].as_str().unwrap())
        .chunks(2)
        .map(|field| manifest["labels"][field[0] as usize].as_str().unwrap())
        .collect();
    assert_eq!(labels[..2], ["実施内容", "計画における項目"]);
    let status = labels
        .iter()
        .position(|&l| l == "令和2年度 実施状況")
        .unwrap();
    let text = &phone["texts"][status - 1];
    assert!(
        text.as_str().unwrap().starts_with("電話で相談を受けた。"),
        "{text}"
    );
    // One grade a year: [fiscal year, grade], indices into the manifest.
    let grades = phone["grades"].as_array().unwrap();
    assert_eq!(grades.len(), 1);
    assert_eq!(
        manifest["years"][grades[0][0].as_u64().unwrap() as usize],
        "令和2年度"
    );
    assert_eq!(
        manifest["grades"][grades[0][1].as_u64().unwrap() as usize][0],
        "other"
    );
}

#[test]
fn the_same_site_gives_byte_identical_files() {
    let loaded = loaded();
    let dictionary = std::fs::read_to_string(site_root().join(USER_DICTIONARY_FILE)).unwrap();
    assert_eq!(
        index_with(&loaded, Some(&dictionary)),
        index_with(&loaded, Some(&dictionary))
    );
}

#[test]
fn the_user_dictionary_keeps_local_words_whole() {
    let loaded = loaded();
    // The flags of the pair えり: bit 1 is a token edge after it.
    let flags_of_e_ri = |dictionary| {
        let files = index_with(&loaded, dictionary);
        let index: BTreeMap<String, Value> =
            files.iter().map(|f| (f.path.clone(), data(f))).collect();
        occurrences(&index, "written", "えり")
            .iter()
            .map(|&(_, _, flags)| flags & 2)
            .collect::<Vec<_>>()
    };
    // IPADIC alone splits ささえりあ as ささえ|り|あ; the user dictionary keeps it whole.
    assert_eq!(flags_of_e_ri(None), [2]);
    assert_eq!(flags_of_e_ri(Some("ささえりあ,固有名詞,ササエリア\n")), [0]);
}

#[test]
fn bad_dictionary_lines_are_reported_with_file_and_line() {
    let loaded = loaded();
    let path = site_root().join(USER_DICTIONARY_FILE);
    let text = "ささえりあ,固有名詞,ササエリア\nゲートキーパー\n";
    let problems = build_index(
        &loaded.site,
        &loaded.grading,
        Some((path.as_path(), text)),
        None,
    )
    .unwrap_err();
    let errors: Vec<_> = problems
        .errors()
        .map(|d| (d.file.clone(), d.line))
        .collect();
    assert_eq!(errors, [(path, Some(2))]);
}

#[test]
fn javascript_and_browser_tests_pass() {
    if !common::tool_available("node", common::node_available()) {
        return;
    }
    let (_guard, site) = common::build(&site_root());
    common::run_node_tests(&["tests/search/"], &[("SEARCH_SITE", site.as_path())]);
}

#[test]
fn every_kind_of_forgiving_query_works_on_another_citys_workbook() {
    if !common::tool_available("node", common::node_available()) {
        return;
    }
    let root = common::imported_table_site("ofunato", "ofunato-jimujigyo-R7-seisaku2.xlsx");
    let (_guard, site) = common::build(root.path());
    common::run_node_tests(
        &["tests/search/workbook-kinds.mjs"],
        &[("WORKBOOK_SITE", site.as_path())],
    );
}
