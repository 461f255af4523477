//! Related measures on each measure's page: a few others a reader of one
//! may want next. First those of the same lowest node, then those that
//! share the most telling words (kanji compounds of the title and the plan
//! item, segmented by the search's tokenizer). A word
//! weighs more the fewer measures use it; a word most measures use (支援,
//! 実施) says nothing and is left out. Deterministic; never the measure
//! itself.

use std::collections::BTreeSet;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::views::measure_path;
use crate::model::{Measure, Site};
use crate::search::Tokenizer;

/// At most this many related measures on a page.
pub const MAX_RELATED: usize = 5;
/// Of them, at most this many from the same node, so that shared words
/// can still point elsewhere.
const MAX_SAME_NODE: usize = 3;
/// Shared words named in a reason.
const WORDS_SHOWN: usize = 3;
/// A word in more measures than this share of them is too common to
/// relate them (支援, 実施)…
const COMMON_SHARE: usize = 10; // 1 in 10
/// …counted as at least this many on a small site…
const MIN_COMMON_COUNT: usize = 5;
/// …and at most this many on a large one: a word fifty measures share
/// picks none of them out, and the cost grows with the square of it.
const MAX_COMMON_COUNT: usize = 50;

/// One related measure as the page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct Related {
    pub id: String,
    pub title: String,
    pub path: String,
    /// Its node: `基本施策2 自殺対策を支える人材の育成`.
    pub node: String,
    /// Why it is listed: 「同じ基本施策」「共通する語: 研修、派遣」.
    pub reason: String,
}

/// The telling words of a measure: kanji compounds of two or more
/// characters in its title and plan item. The status texts are left out:
/// tokenizing them cost 19 s of a 10,000-measure build (debug) for words
/// like 毎月 and 都度 that relate nothing.
fn words(tokenizer: &Tokenizer, measure: &Measure) -> BTreeSet<String> {
    let mut words = BTreeSet::new();
    for text in [&measure.title, &measure.plan_item] {
        tokenizer.for_each_unit(text, |written, _| {
            if written.len() >= 2 && written.iter().all(|c| is_kanji(*c)) {
                words.insert(written.iter().collect());
            }
        });
    }
    words
}

fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '々')
}

/// The related measures of every measure of `site`, by index.
pub fn related_measures(site: &Site) -> Vec<Vec<Related>> {
    let tokenizer = Tokenizer::new(None);
    let words: Vec<BTreeSet<String>> = site
        .measures
        .par_iter()
        .map(|m| words(&tokenizer, m))
        .collect();
    let mut postings: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (i, set) in words.iter().enumerate() {
        for word in set {
            postings.entry(word).or_default().push(i);
        }
    }
    let mut by_node: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (i, measure) in site.measures.iter().enumerate() {
        by_node.entry(&measure.node).or_default().push(i);
    }
    let common = (site.measures.len() / COMMON_SHARE).clamp(MIN_COMMON_COUNT, MAX_COMMON_COUNT);
    let total = site.measures.len() as f64;
    // Rarer words weigh more (inverse document frequency).
    let weight = |users: usize| (total / users as f64).ln();
    (0..site.measures.len())
        .into_par_iter()
        .map(|i| {
            let mut shared: FxHashMap<usize, Vec<&str>> = FxHashMap::default();
            for word in &words[i] {
                let users = &postings[word.as_str()];
                if users.len() > common {
                    continue;
                }
                for &other in users.iter().filter(|&&other| other != i) {
                    shared.entry(other).or_default().push(word);
                }
            }
            let score =
                |words: &[&str]| -> f64 { words.iter().map(|w| weight(postings[w].len())).sum() };
            let measure = &site.measures[i];
            let mut ranked: Vec<(bool, f64, usize)> = shared
                .iter()
                .map(|(&other, words)| {
                    let same = site.measures[other].node == measure.node;
                    (same, score(words), other)
                })
                .collect();
            // Same node without shared words still counts.
            ranked.extend(
                by_node[measure.node.as_str()]
                    .iter()
                    .filter(|&&j| j != i && !shared.contains_key(&j))
                    .map(|&j| (true, 0.0, j)),
            );
            // Most shared first, then the table's reading order.
            ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.2.cmp(&b.2)));
            let same_node = ranked.iter().filter(|r| r.0).take(MAX_SAME_NODE);
            let by_words = ranked.iter().filter(|r| !r.0 && r.1 > 0.0);
            same_node
                .chain(by_words)
                .take(MAX_RELATED)
                .map(|&(same, _, other)| {
                    let words = shared.get(&other).map_or(&[][..], Vec::as_slice);
                    related(site, &site.measures[other], same, words, &postings)
                })
                .collect()
        })
        .collect()
}

fn related(
    site: &Site,
    measure: &Measure,
    same_node: bool,
    shared: &[&str],
    postings: &FxHashMap<&str, Vec<usize>>,
) -> Related {
    let node = site.node_of(measure);
    let mut telling: Vec<&str> = shared.to_vec();
    // The rarest words tell most; ties in the words' order.
    telling.sort_by_key(|w| (postings[w].len(), *w));
    telling.truncate(WORDS_SHOWN);
    let mut reasons = Vec::new();
    if same_node {
        reasons.push(format!("同じ{}", site.levels[site.lowest_level()].name));
    }
    if !telling.is_empty() {
        reasons.push(format!("共通する語: {}", telling.join("、")));
    }
    Related {
        id: measure.id.clone(),
        title: measure.title.clone(),
        path: measure_path(&measure.id),
        node: node
            .map(|n| format!("{} {}", site.node_name(n), n.title))
            .unwrap_or_default(),
        reason: reasons.join("。"),
    }
}
