//! The index format's constants, which the Rust writer and the engine
//! (`themes/default/static/search-engine.js`) share, against the fixture
//! both test suites read: `tests/search/index-format.json`
//! (`tests/search/format.test.mjs` checks the engine's side).

use super::chunks::{alternative_anchor, FORMAT_VERSION, QUEUE};
use super::index::{chunk_of, CLASS_SHIFT, EDGE_AFTER, EDGE_BEFORE, MAX_READING_SPAN};
use super::postings::{DIGITS, FLAG_BITS, LENGTH_FOLLOWS};

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Format {
    format_version: u32,
    queue: String,
    digits: String,
    edge_before: u32,
    edge_after: u32,
    class_shift: u32,
    flag_bits: u32,
    length_follows: u32,
    max_reading_span: usize,
    chunks: Vec<ChunkCase>,
    anchors: Vec<[String; 2]>,
}

#[derive(serde::Deserialize)]
struct ChunkCase {
    key: String,
    bits: u32,
    chunk: u32,
}

#[test]
fn the_writer_uses_the_shared_constants() {
    let format: Format = serde_json::from_str(include_str!("../../tests/search/index-format.json"))
        .expect("the format fixture is valid JSON");
    assert_eq!(format.format_version, FORMAT_VERSION);
    assert_eq!(format.queue, QUEUE);
    assert_eq!(format.digits.as_bytes(), DIGITS);
    assert_eq!(
        [format.edge_before, format.edge_after, format.class_shift],
        [EDGE_BEFORE, EDGE_AFTER, CLASS_SHIFT]
    );
    assert_eq!(
        [format.flag_bits, format.length_follows],
        [FLAG_BITS, LENGTH_FOLLOWS]
    );
    assert_eq!(format.max_reading_span, MAX_READING_SPAN);
    for case in format.chunks {
        assert_eq!(chunk_of(&case.key, case.bits), case.chunk, "{}", case.key);
    }
    for [key, anchor] in format.anchors {
        assert_eq!(alternative_anchor(&key), anchor);
    }
}
