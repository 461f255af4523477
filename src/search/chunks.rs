//! The index as files under `search/index/`, each a script that registers
//! its data on a global queue (`<script>` loading works from `file://`,
//! where `fetch` of local files does not):
//!
//! - `manifest.js`: chunk count, a cache-busting token, field labels, the
//!   nodes of the hierarchy, fiscal years and grades: a few kilobytes whatever the site's
//!   size (each occurrence carries its field class, so no per-document
//!   offsets are needed to rank: they cost 14 bytes a measure, 145 KB for
//!   any broad query at 10,000 measures);
//! - `b/<n>.js`: the postings of every key (a character, a pair of
//!   characters, a span of reading kana) that hashes to chunk `n`; a query
//!   fetches only the chunks of its keys;
//! - `l/<n>.js`: the postings of one common key, which its chunk names by
//!   number: in the chunk, they would cost every query of the chunk's other
//!   keys too (a chunk with `ょう` weighed 289 KB at 10,000 measures);
//! - `d/<i>.js`: what result `i` shows: title, link, node, departments,
//!   grades, where each field starts, and the plain text of every other
//!   field for its snippet, each cut to a few hundred characters (matches,
//!   reading ones too, are placed in the written text, so the text is all a
//!   snippet needs); see `card`. One file a result keeps the file count
//!   near the measure count (a file per field made 16 a measure: 160,000 at
//!   10,000 measures, most of the build's time in creating files).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::Hasher;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::card::{card_files, card_text, Labels};
use super::document::{all_labels, Document, NEW_MARK};
use super::index::{chunk_of, AnalysedDocument, IndexKey};
use super::postings::{AllPostings, Postings};
use super::tokenize::Tokenizer;
use super::variants::{AlternativeKeys, Alternatives, Relation};
use crate::model::{Grading, Site};
use crate::output::OutputFile;

pub(super) const INDEX_DIR: &str = "search/index";
/// The global the index files push onto; `search-engine.js` reads it.
pub(crate) const QUEUE: &str = "shinchokuSearchIndex";
/// Postings per chunk aimed at: small enough that a query's chunks stay a
/// few kilobytes, few enough files (2,048 at 1,000 measures, 1 KB made 8,192).
const TARGET_CHUNK_BYTES: usize = 4096;
/// 256 chunks at least: on a small site a query's keys then cost about a
/// kilobyte each, keeping the first query of the bundled site within 60 KB.
const MIN_CHUNK_BITS: u32 = 8;
/// 16,384 chunks at most: about 4.5 KB each at 10,000 measures, so a
/// query's few chunks stay well inside the first query's byte budget.
const MAX_CHUNK_BITS: u32 = 14;
/// A key's postings longer than this go in a file of their own.
const OWN_FILE_BYTES: usize = 4096;
/// Bumped when the file format changes; the engine checks it.
pub(crate) const FORMAT_VERSION: u32 = 7;

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
    labels: Vec<String>,
    /// Every node of the hierarchy as `[name, title, parent]`: `基本施策1`,
    /// its title cut as a card's texts are, the index of its parent here
    /// (none at the top). A card names its node by index; a result shows
    /// the trail up to the top.
    nodes: Vec<(String, Cow<'a, str>, Option<usize>)>,
    /// Fiscal year labels, oldest first.
    years: Vec<&'a str>,
    /// `[key, label]` of every grade, in `Grading::all` order.
    grades: Vec<[String; 2]>,
    /// What a new measure's title field starts with (not part of its title).
    #[serde(rename = "newMark")]
    new_mark: &'a str,
    /// The site's word for one measure, for the search UI's sentences
    /// (「…を含む事務事業: 3件」).
    #[serde(rename = "measureNoun")]
    measure_noun: &'a str,
}

#[derive(Serialize)]
struct Chunk {
    chunk: u32,
    /// Characters of the written text.
    unigrams: BTreeMap<String, Stored>,
    /// Pairs of characters of the written text.
    written: BTreeMap<String, Stored>,
    /// Spans of the reading text that end where a token does.
    reading: BTreeMap<String, Stored>,
    /// Spans of the reading text that end inside a token.
    #[serde(rename = "readingPartial")]
    reading_partial: BTreeMap<String, Stored>,
    /// Other spellings of a query's word that the text has (`variants`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    variant: BTreeMap<String, BTreeSet<String>>,
    /// Formal words of the text an everyday word of a query finds.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    synonym: BTreeMap<String, BTreeSet<String>>,
}

impl Chunk {
    /// About the size of its file.
    fn bytes(&self) -> usize {
        [
            &self.unigrams,
            &self.written,
            &self.reading,
            &self.reading_partial,
        ]
        .iter()
        .flat_map(|keys| keys.iter())
        .map(|(key, stored)| stored_bytes(key, stored))
        .sum::<usize>()
            + [&self.variant, &self.synonym]
                .iter()
                .flat_map(|keys| keys.iter())
                .map(|(key, words)| key.len() + words.iter().map(|w| w.len() + 3).sum::<usize>())
                .sum::<usize>()
    }
}

/// About what a key costs in its chunk file: its text and its postings, or
/// the number of the file that holds them.
fn stored_bytes(key: &str, stored: &Stored) -> usize {
    key.len()
        + match stored {
            Stored::Inline(postings) => postings.len(),
            Stored::InFile(_) => 4,
        }
}

/// A key's postings, or the number of the file that holds them.
#[derive(Serialize)]
#[serde(untagged)]
enum Stored {
    Inline(String),
    InFile(u32),
}

/// A common key's postings, in a file of their own.
struct OwnFile {
    list: u32,
    postings: String,
}

impl OwnFile {
    /// `{"list":n,"postings":"…"}` pushed on the queue, written around the
    /// postings in their own buffer (they are digits: nothing to escape).
    /// Common keys are most of the index: a copy of each, made while the
    /// others wait for theirs, cost 900 MB at 100,000 measures.
    fn into_file(self) -> OutputFile {
        let OwnFile { list, mut postings } = self;
        debug_assert!(postings
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        postings.insert_str(
            0,
            &format!("(self.{QUEUE}=self.{QUEUE}||[]).push({{\"list\":{list},\"postings\":\""),
        );
        postings.push_str("\"});\n");
        OutputFile::new(format!("{INDEX_DIR}/l/{list}.js"), postings)
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
    site_synonyms: Option<&Alternatives>,
    emit: &mut dyn FnMut(Vec<OutputFile>),
) {
    let labels = Labels::new(site);
    let mut alternatives = FoundAlternatives::default();
    let mut postings = AllPostings::default();
    let mut token = ContentToken::default();
    for (batch_number, batch) in site.measures.chunks(ANALYSIS_BATCH).enumerate() {
        let first = batch_number * ANALYSIS_BATCH;
        let documents: Vec<Document> = batch
            .par_iter()
            .map(|measure| Document::new(site, grading, measure))
            .collect();
        // Tokenising is most of the index's cost: every core; collect keeps the order.
        let analysed: Vec<Arc<AnalysedDocument>> = documents
            .par_iter()
            .map(|d| Arc::new(AnalysedDocument::new(tokenizer, d)))
            .collect();
        postings.add(first as u32, &analysed);
        alternatives.add(&analysed, site_synonyms);
        let cards = card_files(first, &documents, &analysed, &labels);
        token.add(&cards);
        emit(cards);
    }
    let mut lists = KeyLists::from(postings);
    alternatives.add_keys(site_synonyms, &mut lists.alternatives);
    finish_index(site, grading, lists, token, emit);
}

/// The built-in and the site's alternative words the text has, found
/// batch by batch, then written as the index's keys.
#[derive(Default)]
pub(crate) struct FoundAlternatives {
    built_in: BTreeSet<usize>,
    site: BTreeSet<usize>,
}

impl FoundAlternatives {
    /// Adds those that `analysed` has.
    pub fn add(
        &mut self,
        analysed: &[Arc<AnalysedDocument>],
        site_synonyms: Option<&Alternatives>,
    ) {
        self.built_in
            .extend(Alternatives::built_in().present(analysed));
        if let Some(synonyms) = site_synonyms {
            self.site.extend(synonyms.present(analysed));
        }
    }

    /// Their keys, added to `keys`.
    pub fn add_keys(&self, site_synonyms: Option<&Alternatives>, keys: &mut AlternativeKeys) {
        Alternatives::built_in().add_keys(&self.built_in, keys);
        if let Some(synonyms) = site_synonyms {
            synonyms.add_keys(&self.site, keys);
        }
    }
}

/// The chunk files of `postings` and the manifest, after the cards that
/// `token` has seen.
pub(crate) fn finish_index(
    site: &Site,
    grading: &Grading,
    postings: KeyLists,
    mut token: ContentToken,
    emit: &mut dyn FnMut(Vec<OutputFile>),
) {
    let chunk_bits = chunk_files(postings, &mut token, emit);
    emit(vec![manifest_file(site, grading, chunk_bits, &token)]);
}

fn manifest_file(
    site: &Site,
    grading: &Grading,
    chunk_bits: u32,
    token: &ContentToken,
) -> OutputFile {
    let manifest = Manifest {
        token: token.hex(),
        chunk_bits,
        ..Manifest::new(site, grading)
    };
    script(&format!("{INDEX_DIR}/manifest.js"), &manifest)
}

/// A fingerprint of what every index file depends on besides the
/// measures' own documents: the manifest's lists (and card labels).
pub(crate) fn manifest_fingerprint(site: &Site, grading: &Grading) -> u64 {
    let manifest = serde_json::to_vec(&Manifest::new(site, grading));
    crate::output::fingerprint(&manifest.expect("the manifest serialises"))
}

impl<'a> Manifest<'a> {
    /// The manifest of `site` before its chunk files are made: no token
    /// or chunk bits yet.
    fn new(site: &'a Site, grading: &Grading) -> Manifest<'a> {
        Manifest {
            version: FORMAT_VERSION,
            token: String::new(),
            chunk_bits: 0,
            document_count: site.measures.len(),
            labels: all_labels(site),
            nodes: site
                .nodes
                .iter()
                .map(|node| {
                    let parent = node.parent.as_deref().and_then(|id| {
                        site.nodes
                            .iter()
                            .position(|n| n.level + 1 == node.level && n.id == id)
                    });
                    (site.node_name(node), card_text(&node.title), parent)
                })
                .collect(),
            years: site
                .plan
                .fiscal_years
                .iter()
                .map(|fy| fy.label.as_str())
                .collect(),
            grades: grading
                .all()
                .into_iter()
                .map(|g| grading.info(g))
                .map(|info| [info.key, info.label])
                .collect(),
            new_mark: NEW_MARK,
            measure_noun: &site.measure_noun,
        }
    }
}

/// Every key's postings by kind, as text, in key order.
pub(crate) struct KeyLists {
    pub unigrams: Vec<(String, String)>,
    pub written: Vec<(String, String)>,
    pub reading: Vec<(String, String)>,
    pub reading_partial: Vec<(String, String)>,
    pub alternatives: AlternativeKeys,
}

impl From<AllPostings> for KeyLists {
    fn from(postings: AllPostings) -> KeyLists {
        fn text<K: IndexKey>(postings: Postings<K>) -> Vec<(String, String)> {
            let sorted = postings.into_sorted();
            sorted.into_iter().map(|(k, p)| (k.text(), p)).collect()
        }
        KeyLists {
            unigrams: text(postings.unigrams),
            written: text(postings.written),
            reading: text(postings.reading),
            reading_partial: text(postings.reading_partial),
            alternatives: AlternativeKeys::new(),
        }
    }
}

/// The postings in `2^bits` chunk files, `bits` chosen for the size aimed
/// at, handed to `emit` a batch at a time (their text is most of the
/// index: each batch's postings are freed as soon as its files are made).
fn chunk_files(
    KeyLists {
        unigrams,
        written,
        reading,
        reading_partial,
        alternatives,
    }: KeyLists,
    token: &mut ContentToken,
    emit: &mut dyn FnMut(Vec<OutputFile>),
) -> u32 {
    let mut own_files = Vec::new();
    let mut store = |postings: Vec<(String, String)>| -> Vec<(String, Stored)> {
        postings
            .into_iter()
            .map(|(key, postings)| {
                if postings.len() <= OWN_FILE_BYTES {
                    return (key, Stored::Inline(postings));
                }
                let list = own_files.len() as u32;
                own_files.push(OwnFile { list, postings });
                (key, Stored::InFile(list))
            })
            .collect()
    };
    let unigrams = store(unigrams);
    let written = store(written);
    let reading_partial = store(reading_partial);
    let reading = store(reading);
    emit_in_batches(
        own_files,
        |file| file.postings.len(),
        token,
        emit,
        OwnFile::into_file,
    );
    let total_bytes: usize = [&unigrams, &written, &reading, &reading_partial]
        .iter()
        .flat_map(|postings| postings.iter())
        .map(|(key, stored)| stored_bytes(key, stored))
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
            reading_partial: BTreeMap::new(),
            variant: BTreeMap::new(),
            synonym: BTreeMap::new(),
        })
        .collect();
    type Kind = for<'a> fn(&'a mut Chunk) -> &'a mut BTreeMap<String, Stored>;
    let kinds: [(Vec<(String, Stored)>, Kind); 4] = [
        (unigrams, |c| &mut c.unigrams),
        (written, |c| &mut c.written),
        (reading, |c| &mut c.reading),
        (reading_partial, |c| &mut c.reading_partial),
    ];
    for (postings, kind) in kinds {
        for (key, stored) in postings {
            kind(&mut chunks[chunk_of(&key, bits) as usize]).insert(key, stored);
        }
    }
    for (relation, keys) in alternatives {
        for (key, words) in keys {
            let chunk = &mut chunks[chunk_of(alternative_anchor(&key), bits) as usize];
            match relation {
                Relation::Variant => chunk.variant.insert(key, words),
                Relation::Synonym => chunk.synonym.insert(key, words),
            };
        }
    }
    emit_in_batches(chunks, Chunk::bytes, token, emit, |chunk| {
        script(&format!("{INDEX_DIR}/b/{}.js", chunk.chunk), &chunk)
    });
    bits
}

/// What places an alternative word's key in a chunk: its first two
/// characters, the key a query for the word loads first anyway (its first
/// character for a word of one), so looking it up fetches nothing more.
pub(crate) fn alternative_anchor(key: &str) -> &str {
    let end = key.char_indices().nth(2).map_or(key.len(), |(i, _)| i);
    &key[..end]
}

/// Files made and handed over at a time.
const CHUNK_FILES_PER_BATCH: usize = 1024;

/// Bytes of postings made into files at a time: a batch and its files are
/// in memory together (1,024 common keys' files were 400 MB at 100,000
/// measures).
const BYTES_PER_BATCH: usize = 32 << 20;

/// Turns `items` into files on every core, a batch at a time (up to
/// [`CHUNK_FILES_PER_BATCH`] items, or [`BYTES_PER_BATCH`] by `bytes`),
/// each batch's items freed once its files are handed to `emit`.
fn emit_in_batches<T: Send>(
    mut items: Vec<T>,
    bytes: impl Fn(&T) -> usize,
    token: &mut ContentToken,
    emit: &mut dyn FnMut(Vec<OutputFile>),
    file: impl Fn(T) -> OutputFile + Sync,
) {
    while !items.is_empty() {
        let mut total = 0;
        let count = items
            .iter()
            .take(CHUNK_FILES_PER_BATCH)
            .take_while(|item| {
                let fits = total == 0 || total + bytes(item) <= BYTES_PER_BATCH;
                total += bytes(item);
                fits
            })
            .count();
        let batch: Vec<T> = items.drain(..count).collect();
        let files: Vec<OutputFile> = batch.into_par_iter().map(&file).collect();
        token.add(&files);
        emit(files);
    }
}

/// `(self.shinchokuSearchIndex=self.shinchokuSearchIndex||[]).push({...});`
/// written in one buffer (a common key's file can be megabytes).
pub(super) fn script(path: &str, data: &impl Serialize) -> OutputFile {
    let mut out = format!("(self.{QUEUE}=self.{QUEUE}||[]).push(").into_bytes();
    serde_json::to_writer(&mut out, data).expect("index data serialises");
    out.extend_from_slice(b");\n");
    OutputFile::new(path, out)
}

/// A hash of every file's path and contents, in the order made: each file
/// hashed on its own (on every core, 8 bytes at a time), then combined in
/// order. Only tells one build's index from another's, so speed over strength.
#[derive(Default)]
pub(crate) struct ContentToken(u64);

impl ContentToken {
    pub fn add(&mut self, files: &[OutputFile]) {
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
