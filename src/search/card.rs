//! A result's card, `search/index/d/<i>.js`: what the result shows (title,
//! link, node, departments, grades) and the text of each field for its
//! snippet, loaded when the result is shown.
//!
//! Each text is cut at [`CARD_TEXT_CHARS`] characters: a card is downloaded
//! for every result shown, and a 50 MB cell made a 48 MB card. The full
//! text stays on the measure's page; a match past the cut is still found
//! (the index has the whole text) and its snippet shows the field's start.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::chunks::{script, INDEX_DIR};
use super::document::{all_labels, Document, FieldClass};
use super::index::AnalysedDocument;
use super::postings::push_number;
use crate::model::Site;
use crate::output::OutputFile;

/// The most characters of one text a card (or the manifest) carries: about
/// twice the longest field of the bundled plan (254), so a real table's
/// fields stay whole and a match in them is marked; a snippet shows 90
/// characters. A card with every text cut stays a few kilobytes a field.
pub(crate) const CARD_TEXT_CHARS: usize = 500;

/// Ends a cut text: the snippet's own mark for text left out.
const CUT_MARK: char = '…';

/// `text`, cut to [`CARD_TEXT_CHARS`] characters and marked if longer.
pub(crate) fn card_text(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(CARD_TEXT_CHARS) {
        Some((cut, _)) => Cow::Owned(format!("{}{CUT_MARK}", &text[..cut])),
        None => Cow::Borrowed(text),
    }
}

#[derive(Serialize)]
struct DocumentCard<'a> {
    document: usize,
    url: &'a str,
    #[serde(rename = "new")]
    is_new: bool,
    /// Index into the manifest's nodes.
    node: usize,
    departments: Vec<Cow<'a, str>>,
    /// `[fiscal year, grade]`, indices into the manifest's lists.
    grades: &'a [(usize, usize)],
    /// The first field: the title, with the new mark if the measure has it.
    title: Cow<'a, str>,
    /// Per field, numbers: its label (an index into the manifest's list) and
    /// its start in the written text.
    fields: String,
    /// Where the prose fields start in the written text: a snippet comes
    /// from there when no field has a match.
    prose: usize,
    /// The text of every field after the title, for snippets.
    texts: Vec<Cow<'a, str>>,
}

/// The field labels of a site, found by text: cards name them by index.
pub(crate) struct Labels(BTreeMap<String, usize>);

impl Labels {
    pub fn new(site: &Site) -> Labels {
        Labels(all_labels(site).into_iter().zip(0..).collect())
    }
}

/// The cards of `documents`, numbered from `first`.
pub(crate) fn card_files(
    first: usize,
    documents: &[Document],
    analysed: &[Arc<AnalysedDocument>],
    labels: &Labels,
) -> Vec<OutputFile> {
    documents
        .par_iter()
        .zip(analysed)
        .enumerate()
        .map(|(k, (document, analysed))| card_file(first + k, document, analysed, labels))
        .collect()
}

/// A document's card, with its fields' texts.
pub(crate) fn card_file(
    i: usize,
    document: &Document,
    analysed: &AnalysedDocument,
    labels: &Labels,
) -> OutputFile {
    let fields = document.fields.iter().zip(&analysed.field_starts);
    let card = DocumentCard {
        document: i,
        url: &document.url,
        is_new: document.is_new,
        node: document.node,
        departments: document
            .departments
            .iter()
            .map(|name| card_text(name))
            .collect(),
        grades: &document.grades,
        title: card_text(&document.fields[0].text),
        fields: encode_numbers(fields.flat_map(|(f, &start)| [labels.0[&f.label], start])),
        texts: document.fields[1..]
            .iter()
            .map(|field| card_text(&field.text))
            .collect(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_are_cut_and_marked() {
        assert_eq!(card_text("短い"), "短い");
        let exact = "あ".repeat(CARD_TEXT_CHARS);
        assert_eq!(card_text(&exact), exact);
        let long = format!("{exact}い");
        assert_eq!(card_text(&long), format!("{exact}…"));
    }
}
