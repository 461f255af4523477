//! The index as files under `search/index/`, each a script that registers
//! its data on a global queue (`<script>` loading works from `file://`,
//! where `fetch` of local files does not):
//!
//! - `manifest.js`: chunk count, a cache-busting token, field labels, policy
//!   titles, fiscal years and grades: a few kilobytes whatever the site's
//!   size (each occurrence carries its field class, so no per-document
//!   offsets are needed to rank: they cost 14 bytes a measure, 145 KB for
//!   any broad query at 10,000 measures);
//! - `b/<n>.js`: the postings of every key (a character, a pair of
//!   characters, a pair of reading kana) that hashes to chunk `n`; a query
//!   fetches only the chunks of its keys;
//! - `d/<i>.js`: what result `i` shows: title, link, policy, departments,
//!   grades, where each field starts, and the plain text of every other
//!   field for its snippet. One file a result keeps the file count near the
//!   measure count (a file per field made 16 a measure: 160,000 at 10,000
//!   measures, most of the build's time in creating files).
//!
//! Texts come with their written/reading alignment, to highlight a reading
//! match in the written text.

use std::collections::BTreeMap;
use std::hash::Hasher;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::document::{all_labels, Document, FieldClass, NEW_MARK};
use super::index::{chunk_of, push_number, AnalysedDocument, FieldSpan, Postings};
use super::AnalysisMemo;
use super::tokenize::Tokenizer;
use crate::model::{Grading, Site};
use crate::output::{fingerprint, OutputFile};

const INDEX_DIR: &str = "search/index";
/// The global the index files push onto; `search-engine.js` reads it.
const QUEUE: &str = "shinchokuSearchIndex";
/// Postings per chunk aimed at: small enough that a query's chunks stay a
/// few kilobytes, few enough files (2,048 at 1,000 measures, 1 KB made 8,192).
const TARGET_CHUNK_BYTES: usize = 4096;
/// 256 chunks at least: on a small site a query's keys then cost about a
/// kilobyte each, keeping the first query of the bundled site within 60 KB.
const MIN_CHUNK_BITS: u32 = 8;
/// 16,384 chunks at most: about 4.5 KB each at 10,000 measures, so a
/// query's few chunks stay well inside the first query's byte budget.
const MAX_CHUNK_BITS: u32 = 14;
/// Bumped when the file format changes; the engine checks it.
const FORMAT_VERSION: u32 = 4;

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    /// Appended to chunk URLs so that a rebuilt site never mixes old chunks
    /// from a cache with a new manifest.
    token: String,
    #[serde(rename = "chunkBits")]
    chunk_bits: u32,
    #[serde(rename = "documentCount")]
    document_count: usize,
    labels: Vec<&'a str>,
    policies: BTreeMap<u32, &'a str>,
    /// Fiscal year labels, oldest first.
    years: Vec<&'a str>,
    /// `[key, label]` of every grade, in `Grading::all` order.
    grades: Vec<[String; 2]>,
    /// What a new measure's title field starts with (not part of its title).
    #[serde(rename = "newMark")]
    new_mark: &'a str,
}

#[derive(Serialize)]
struct Chunk {
    chunk: u32,
    /// Characters of the written text.
    unigrams: BTreeMap<String, String>,
    /// Pairs of characters of the written text.
    written: BTreeMap<String, String>,
    /// Pairs of kana of the reading text.
    reading: BTreeMap<String, String>,
}

#[derive(Serialize)]
struct DocumentCard<'a> {
    document: usize,
    url: &'a str,
    #[serde(rename = "new")]
    is_new: bool,
    policy: u32,
    departments: &'a [String],
    /// `[fiscal year, grade]`, indices into the manifest's lists.
    grades: &'a [(usize, usize)],
    /// The first field: the title, with the new mark if the measure has it.
    title: FieldText<'a>,
    /// Per field, numbers: its label (an index into the manifest's list), its
    /// start in the written text and in the reading text.
    fields: String,
    /// Where the prose fields start in the written text: a snippet comes
    /// from there when no field has a match.
    prose: usize,
    /// The text of every field after the title, for snippets.
    texts: Vec<FieldText<'a>>,
}

#[derive(Serialize)]
struct FieldText<'a> {
    text: &'a str,
    /// Pairs of (written length, reading length), encoded as numbers.
    alignment: String,
}

impl<'a> FieldText<'a> {
    fn new(text: &'a str, span: &FieldSpan) -> Self {
        FieldText {
            text,
            alignment: encode_numbers(span.alignment.iter().flat_map(|&(w, r)| [w, r])),
        }
    }
}

/// Measures indexed at a time: their documents and analysed text (several
/// bytes a character) are dropped once their postings and cards are made,
/// so memory holds the encoded postings and one batch, not the whole site.
const ANALYSIS_BATCH: usize = 2048;

/// Every file of the index, in a stable order with stable contents, handed
/// to `emit` as they are made (the cards batch by batch, then the chunks
/// and the manifest).
pub(crate) fn index_files(
    site: &Site,
    grading: &Grading,
    tokenizer: &Tokenizer,
    memo: Option<&AnalysisMemo>,
    emit: &mut dyn FnMut(Vec<OutputFile>),
) {
    let labels = all_labels(site);
    let label_index: BTreeMap<&str, usize> =
        labels.iter().enumerate().map(|(i, l)| (l.as_str(), i)).collect();
    let mut postings = [Postings::default(), Postings::default(), Postings::default()];
    let mut token = ContentToken::default();
    for (batch_number, batch) in site.measures.chunks(ANALYSIS_BATCH).enumerate() {
        let first = batch_number * ANALYSIS_BATCH;
        let documents: Vec<Document> =
            batch.par_iter().map(|measure| Document::new(site, grading, measure)).collect();
        // Tokenising is most of the index's cost: every core; collect keeps the order.
        let analysed: Vec<Arc<AnalysedDocument>> = documents
            .par_iter()
            .map(|d| {
                let analyse = || Arc::new(AnalysedDocument::new(tokenizer, d));
                match memo {
                    Some(memo) => memo.0.get_or_compute(fingerprint(d), analyse),
                    None => analyse(),
                }
            })
            .collect();
        add_postings(&mut postings, first as u32, &analysed);
        let cards: Vec<OutputFile> = documents
            .par_iter()
            .zip(&analysed)
            .enumerate()
            .map(|(k, (document, analysed))| card_file(first + k, document, analysed, &label_index))
            .collect();
        token.add(&cards);
        emit(cards);
    }
    let chunk_bits = chunk_files(postings, &mut token, emit);
    let manifest = Manifest {
        version: FORMAT_VERSION,
        token: token.hex(),
        chunk_bits,
        document_count: site.measures.len(),
        labels: labels.iter().map(String::as_str).collect(),
        policies: site.policies.iter().map(|p| (p.number, p.title.as_str())).collect(),
        years: site.plan.fiscal_years.iter().map(|fy| fy.label.as_str()).collect(),
        grades: grading
            .all()
            .into_iter()
            .map(|g| grading.info(g))
            .map(|info| [info.key, info.label])
            .collect(),
        new_mark: NEW_MARK,
    };
    emit(vec![script(&format!("{INDEX_DIR}/manifest.js"), &manifest)]);
}

/// Adds a batch of documents, numbered from `first`, to the postings of
/// characters, written pairs and reading pairs (independent: side by side).
fn add_postings([unigrams, written, reading]: &mut [Postings; 3], first: u32, analysed: &[Arc<AnalysedDocument>]) {
    let numbered = || analysed.iter().zip(first..);
    rayon::join(
        || numbered().for_each(|(d, i)| unigrams.add_unigrams(i, &d.written)),
        || {
            rayon::join(
                || numbered().for_each(|(d, i)| written.add_written_bigrams(i, &d.written)),
                || numbered().for_each(|(d, i)| reading.add_reading_bigrams(i, &d.reading)),
            )
        },
    );
}

/// The postings in `2^bits` chunk files, `bits` chosen for the size aimed
/// at, handed to `emit` a batch at a time (their text is most of the
/// index: each batch's postings are freed as soon as its files are made).
fn chunk_files(
    [unigrams, written, reading]: [Postings; 3],
    token: &mut ContentToken,
    emit: &mut dyn FnMut(Vec<OutputFile>),
) -> u32 {
    let unigrams: Vec<(String, String)> = unigrams.into_encoded().collect();
    let written: Vec<(String, String)> = written.into_encoded().collect();
    let reading: Vec<(String, String)> = reading.into_encoded().collect();
    let total_bytes: usize = [&unigrams, &written, &reading]
        .iter()
        .flat_map(|postings| postings.iter().map(|(key, p)| key.len() + p.len()))
        .sum();
    let bits = (MIN_CHUNK_BITS..MAX_CHUNK_BITS)
        .find(|bits| total_bytes >> bits <= TARGET_CHUNK_BYTES)
        .unwrap_or(MAX_CHUNK_BITS);
    let mut chunks: Vec<Chunk> = (0..1u32 << bits)
        .map(|chunk| Chunk {
            chunk,
            unigrams: BTreeMap::new(),
            written: BTreeMap::new(),
            reading: BTreeMap::new(),
        })
        .collect();
    for (key, postings) in unigrams {
        chunks[chunk_of(&key, bits) as usize].unigrams.insert(key, postings);
    }
    for (key, postings) in written {
        chunks[chunk_of(&key, bits) as usize].written.insert(key, postings);
    }
    for (key, postings) in reading {
        chunks[chunk_of(&key, bits) as usize].reading.insert(key, postings);
    }
    while !chunks.is_empty() {
        let batch: Vec<Chunk> = chunks.drain(..CHUNK_FILES_PER_BATCH.min(chunks.len())).collect();
        let files: Vec<OutputFile> = batch
            .into_par_iter()
            .map(|chunk| script(&format!("{INDEX_DIR}/b/{}.js", chunk.chunk), &chunk))
            .collect();
        token.add(&files);
        emit(files);
    }
    bits
}

/// Chunk files made and handed over at a time.
const CHUNK_FILES_PER_BATCH: usize = 1024;

/// A document's card, with its fields' texts.
fn card_file(i: usize, document: &Document, analysed: &AnalysedDocument, label_index: &BTreeMap<&str, usize>) -> OutputFile {
    let fields = document.fields.iter().zip(&analysed.fields);
    let card = DocumentCard {
        document: i,
        url: &document.url,
        is_new: document.is_new,
        policy: document.policy,
        departments: &document.departments,
        grades: &document.grades,
        title: FieldText::new(&document.fields[0].text, &analysed.fields[0]),
        fields: encode_numbers(fields.clone().flat_map(|(f, span)| {
            [label_index[f.label.as_str()], span.written_start, span.reading_start]
        })),
        texts: fields.skip(1).map(|(field, span)| FieldText::new(&field.text, span)).collect(),
        prose: analysed.written.class_starts[FieldClass::Prose as usize],
    };
    script(&format!("{INDEX_DIR}/d/{i}.js"), &card)
}

fn encode_numbers(numbers: impl Iterator<Item = usize>) -> String {
    let mut out = String::new();
    for n in numbers {
        push_number(&mut out, u32::try_from(n).unwrap_or(u32::MAX));
    }
    out
}

/// `(self.shinchokuSearchIndex=self.shinchokuSearchIndex||[]).push({...});`
fn script(path: &str, data: &impl Serialize) -> OutputFile {
    let json = serde_json::to_string(data).expect("index data serialises");
    OutputFile::new(path, format!("(self.{QUEUE}=self.{QUEUE}||[]).push({json});\n"))
}

/// A hash of every file's path and contents, in the order made: each file
/// hashed on its own (on every core, 8 bytes at a time), then combined in
/// order. Only tells one build's index from another's, so speed over strength.
#[derive(Default)]
struct ContentToken(u64);

impl ContentToken {
    fn add(&mut self, files: &[OutputFile]) {
        let hashes: Vec<u64> = files
            .par_iter()
            .map(|file| {
                let mut hasher = rustc_hash::FxHasher::default();
                hasher.write(file.path.as_bytes());
                hasher.write(&file.contents);
                hasher.finish()
            })
            .collect();
        for hash in hashes {
            self.0 = (self.0.rotate_left(5) ^ hash).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }

    fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}
