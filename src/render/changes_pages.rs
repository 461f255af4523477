//! What changed between fiscal years, as pages and as a feed: a page per
//! pair of years ([`changes::pair_path`]), `changes.html` for the last two,
//! each listing links to all the others (choosing two years is following
//! a link: no script, no server), and `feed.xml` with an entry per year.

use minijinja::context;
use minijinja::value::{Serde, Value};
use serde::Serialize;

use super::crawlers::absolute_url;
use super::pages::{trail, Page};
use super::views::{measure_path, AchievementView, FiscalYearView};
use crate::changes::{self, Change, Comparison};
use crate::model::{FiscalYear, Grading, Site, YearRecord};

pub const FEED_PATH: &str = "feed.xml";

const CHANGES_TITLE: &str = "年度ごとの変化";

/// A link to the page of one pair of years.
#[derive(Serialize)]
struct PairLink {
    label: String,
    path: String,
    current: bool,
}

#[derive(Serialize)]
struct ChangeRow {
    id: String,
    title: String,
    path: String,
    before: Option<AchievementView>,
    after: Option<AchievementView>,
}

/// The measures that changed in one way, under one heading.
#[derive(Serialize)]
struct ChangeGroup {
    id: &'static str,
    heading: String,
    note: String,
    rows: Vec<ChangeRow>,
}

/// The groups a page lists, in order, with `{noun}` for the site's word
/// for a measure; measures whose grade stayed the same are only counted.
const GROUPS: [(&str, &str, &str); 5] = [
    ("rose", "達成度の区分が上がった{noun}", ""),
    ("fell", "達成度の区分が下がった{noun}", ""),
    (
        "new",
        "新しく始まった{noun}",
        "前の年度に報告がなく、後の年度に報告がある{noun}です。",
    ),
    (
        "ended",
        "終了した{noun}",
        "前の年度に報告があり、後の年度に報告がない（または達成度に「終了」「廃止」と書かれた）{noun}です。",
    ),
    (
        "not-comparable",
        "区分の上下を比較できない{noun}",
        "達成度が「実施」「中止」や文章など割合でない年度があるため、比較できません。",
    ),
];

fn group_id(change: &Change) -> Option<&'static str> {
    match change {
        Change::Rose { .. } => Some("rose"),
        Change::Fell { .. } => Some("fell"),
        Change::New => Some("new"),
        Change::Ended => Some("ended"),
        Change::NotComparable { .. } => Some("not-comparable"),
        Change::Same { .. } => None,
    }
}

fn pair_label(earlier: &FiscalYear, later: &FiscalYear) -> String {
    format!("{} → {}", earlier.label, later.label)
}

/// `changes.html` (the last two years; with one year, a page saying there
/// is nothing to compare yet) and a page per pair of years.
pub fn changes_pages(site: &Site, grading: &Grading) -> Vec<Page> {
    let pairs = changes::year_pairs(site);
    let links = |current: Option<String>| -> Vec<PairLink> {
        pairs
            .iter()
            .map(|(earlier, later)| {
                let path = changes::pair_path(earlier.year, later.year);
                PairLink {
                    label: pair_label(earlier, later),
                    current: current.as_deref() == Some(path.as_str()),
                    path,
                }
            })
            .collect()
    };
    let latest = match changes::latest_pair(site) {
        Some((earlier, later)) => {
            let comparison = Comparison::new(site, grading, earlier, later);
            let mut page =
                comparison_page(site, &comparison, grading, links(Some(comparison.path())));
            page.path = changes::LATEST_PATH.into();
            page.breadcrumbs = trail(&[], CHANGES_TITLE);
            page
        }
        None => Page {
            path: changes::LATEST_PATH.into(),
            template: "changes.html",
            title: CHANGES_TITLE.into(),
            description: format!("年度ごとの{}の達成度の変化", site.measure_noun),
            breadcrumbs: trail(&[], CHANGES_TITLE),
            context: context! { comparison => Value::from(()), pairs => Serde(links(None)) },
        },
    };
    std::iter::once(latest)
        .chain(pairs.iter().map(|(earlier, later)| {
            let comparison = Comparison::new(site, grading, earlier, later);
            comparison_page(site, &comparison, grading, links(Some(comparison.path())))
        }))
        .collect()
}

fn comparison_page(
    site: &Site,
    comparison: &Comparison,
    grading: &Grading,
    pairs: Vec<PairLink>,
) -> Page {
    let noun = site.measure_noun.as_str();
    let achievement =
        |record: Option<&YearRecord>| record.map(|r| AchievementView::new(&r.achievement, grading));
    let groups: Vec<ChangeGroup> = GROUPS
        .iter()
        .map(|&(id, heading, note)| ChangeGroup {
            id,
            heading: heading.replace("{noun}", noun),
            note: note.replace("{noun}", noun),
            rows: comparison
                .measures
                .iter()
                .filter(|item| group_id(&item.change) == Some(id))
                .map(|item| ChangeRow {
                    id: item.measure.id.clone(),
                    title: item.measure.title.clone(),
                    path: measure_path(&item.measure.id),
                    before: achievement(item.before),
                    after: achievement(item.after),
                })
                .collect(),
        })
        .collect();
    let (earlier, later) = (comparison.earlier, comparison.later);
    let title = format!("{}から{}への変化", earlier.label, later.label);
    let view = FiscalYearView::new;
    Page {
        path: comparison.path(),
        template: "changes.html",
        description: format!(
            "{title}: 達成度の区分が上がった{noun}・下がった{noun}、新しく始まった{noun}、終了した{noun}"
        ),
        breadcrumbs: trail(&[(CHANGES_TITLE, changes::LATEST_PATH)], &title),
        title,
        context: context! {
            comparison => context! {
                earlier => Serde(view(earlier)),
                later => Serde(view(later)),
                counts => Serde(comparison.counts()),
                groups => Serde(groups),
            },
            pairs => Serde(pairs),
        },
    }
}

#[derive(Serialize)]
struct FeedEntry {
    title: String,
    id: String,
    link: String,
    updated: String,
    summary: String,
}

/// `2021-06-30T00:00:00+09:00`: the day began in Japan.
fn atom_time(date: crate::model::Date) -> String {
    format!("{date}T00:00:00+09:00")
}

/// The Atom feed: an entry per fiscal year, newest first, dated by the
/// date the site states for it (never the build's clock). Without
/// `base_url` its links are relative to the feed and its ids are URNs.
pub fn feed(site: &Site, grading: &Grading, base_url: &str) -> Page {
    // A draft (集計中) year is not published yet: no entry announces it.
    let years: Vec<&FiscalYear> = site
        .plan
        .fiscal_years
        .iter()
        .filter(|fy| !fy.draft)
        .collect();
    let url = |path: &str| match base_url {
        "" => path.to_string(),
        base => absolute_url(base, path),
    };
    let noun = site.measure_noun.as_str();
    let id = |fragment: &str| match base_url {
        "" => format!("urn:shinchoku:{fragment}"),
        base => format!("{}#{fragment}", absolute_url(base, FEED_PATH)),
    };
    let entries: Vec<FeedEntry> = years
        .iter()
        .enumerate()
        .rev()
        .map(|(i, later)| {
            let reported = changes::reported_in(site, later.year);
            let (link, summary) = match i.checked_sub(1).map(|j| years[j]) {
                Some(earlier) => {
                    let comparison = Comparison::new(site, grading, earlier, later);
                    let c = comparison.counts();
                    (
                        comparison.path(),
                        format!(
                            "{}の{noun}{reported}件の報告を掲載しました。{}と比べて、達成度の区分が上がった{noun}{}件、下がった{noun}{}件、新しく始まった{noun}{}件、終了した{noun}{}件です。",
                            later.label, earlier.label, c.rose, c.fell, c.new, c.ended
                        ),
                    )
                }
                None => (
                    "index.html".to_string(),
                    format!("{}の{noun}{reported}件の報告を掲載しました。", later.label),
                ),
            };
            FeedEntry {
                title: format!("{}の進捗を公開しました", later.label),
                id: id(&format!("fiscal-year-{}", later.year)),
                link: url(&link),
                updated: atom_time(site.published(later.year)),
                summary,
            }
        })
        .collect();
    let updated = years
        .iter()
        .map(|fy| site.published(fy.year))
        .max()
        .map(atom_time)
        .unwrap_or_default();
    Page {
        path: FEED_PATH.into(),
        template: "feed.xml",
        title: "更新情報".into(),
        description: String::new(),
        breadcrumbs: Vec::new(),
        context: context! {
            feed_id => id("feed"),
            self_url => (!base_url.is_empty()).then(|| url(FEED_PATH)),
            home_url => url("index.html"),
            updated,
            entries => Serde(entries),
        },
    }
}
