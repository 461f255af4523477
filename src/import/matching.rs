//! Which existing measure a row of the new table is: the same id with the
//! same title, else the same title under any id. A row whose title differs
//! only slightly from the measure with its id is a proposal for the clerk to
//! confirm, never a silent guess. Other rows are new measures.

use unicode_normalization::UnicodeNormalization;

use crate::model::Measure;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Match {
    /// The existing measure at this index.
    Same(usize),
    /// Probably the existing measure at this index, renamed.
    Renamed(usize),
    /// A new measure, with the id it gets.
    New(String),
}

/// A way a row may match `existing[j]`: `Some(renamed)` when it does.
type Pass<'a> = &'a dyn Fn(&Measure, usize) -> Option<bool>;

/// Titles at least this similar (bigram Dice coefficient) are proposed as renamed.
const SIMILAR: f64 = 0.5;

/// `last_titles[j]`: the title the last import gave `existing[j]`, when
/// recorded: a title edited by hand since is still the same measure.
pub(crate) fn match_measures(
    imported: &[Measure],
    existing: &[Measure],
    last_titles: &[Option<&str>],
) -> Vec<Match> {
    let mut matches: Vec<Option<Match>> = vec![None; imported.len()];
    let mut taken = vec![false; existing.len()];
    let titles: Vec<[String; 2]> = existing
        .iter()
        .enumerate()
        .map(|(j, old)| {
            [
                comparable(&old.title),
                comparable(last_titles.get(j).copied().flatten().unwrap_or(&old.title)),
            ]
        })
        .collect();
    let same_title = |new: &Measure, j: usize| titles[j].contains(&comparable(&new.title));
    let passes: [Pass; 3] = [
        &|new, j| (new.id == existing[j].id && same_title(new, j)).then_some(false),
        &|new, j| same_title(new, j).then_some(false),
        &|new, j| {
            (new.id == existing[j].id && similarity(&new.title, &existing[j].title) >= SIMILAR)
                .then_some(true)
        },
    ];
    for pass in passes {
        for (i, new) in imported.iter().enumerate() {
            if matches[i].is_some() {
                continue;
            }
            let found = (0..existing.len())
                .filter(|&j| !taken[j])
                .find_map(|j| Some((j, pass(new, j)?)));
            if let Some((j, renamed)) = found {
                taken[j] = true;
                matches[i] = Some(if renamed {
                    Match::Renamed(j)
                } else {
                    Match::Same(j)
                });
            }
        }
    }
    let mut used_ids: Vec<String> = existing.iter().map(|m| m.id.clone()).collect();
    imported
        .iter()
        .zip(matches)
        .map(|(new, found)| {
            found.unwrap_or_else(|| {
                let id = free_id(new, &used_ids);
                used_ids.push(id.clone());
                Match::New(id)
            })
        })
        .collect()
}

/// The row's own id when no measure has it, else the next free number of its policy.
fn free_id(measure: &Measure, used: &[String]) -> String {
    if !used.contains(&measure.id) {
        return measure.id.clone();
    }
    (1..)
        .map(|n| format!("{}-{n:02}", measure.node))
        .find(|id| !used.contains(id))
        .unwrap_or_else(|| measure.id.clone())
}

pub(crate) fn comparable(title: &str) -> String {
    title.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// Dice coefficient of the titles' character bigrams: 1 when equal, 0 when
/// nothing in common.
pub(crate) fn similarity(a: &str, b: &str) -> f64 {
    let bigrams = |text: &str| -> Vec<(char, char)> {
        let chars: Vec<char> = comparable(text).chars().collect();
        chars.windows(2).map(|w| (w[0], w[1])).collect()
    };
    let (a, mut b) = (bigrams(a), bigrams(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let total = a.len() + b.len();
    let mut common = 0;
    for pair in &a {
        if let Some(k) = b.iter().position(|other| other == pair) {
            b.swap_remove(k);
            common += 1;
        }
    }
    2.0 * common as f64 / total as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measure(id: &str, title: &str) -> Measure {
        Measure {
            id: id.into(),
            node: "1".into(),
            title: title.into(),
            ..Measure::default()
        }
    }

    #[test]
    fn by_id_then_title_then_proposed_then_new() {
        let existing = [
            measure("1-01", "連絡協議会"),
            measure("1-02", "相談窓口の設置"),
            measure("1-03", "研修"),
        ];
        let imported = [
            measure("1-01", "連絡協議会"),
            measure("1-02", "研修"),
            measure("1-03", "相談窓口の設置と周知"),
            measure("1-04", "ＳＮＳ相談"),
        ];
        let matches = match_measures(&imported, &existing, &[]);
        assert_eq!(
            matches,
            [
                Match::Same(0),
                Match::Same(2),
                Match::New("1-04".into()),
                Match::New("1-05".into())
            ]
        );
        let renamed = match_measures(&[measure("1-02", "相談窓口を設置")], &existing, &[]);
        assert_eq!(renamed, [Match::Renamed(1)]);
        let edited_by_hand = match_measures(
            &[measure("1-02", "相談窓口を設置")],
            &existing,
            &[None, Some("相談窓口を設置")],
        );
        assert_eq!(edited_by_hand, [Match::Same(1)]);
        let collides = match_measures(&[measure("1-01", "全く別の事業")], &existing, &[]);
        assert_eq!(collides, [Match::New("1-04".into())]);
    }

    #[test]
    fn similarity_of_titles() {
        assert_eq!(similarity("相談", "相談"), 1.0);
        assert_eq!(similarity("相談", "研修"), 0.0);
        assert!(similarity("自助グループ等育成", "自助グループ等の育成") >= SIMILAR);
        assert_eq!(similarity("", "相談"), 0.0);
    }
}
