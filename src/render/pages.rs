//! The pages of the site: for each, its path, template, title, breadcrumbs
//! and the context only that page needs. `render_site` adds the context
//! every page shares.

use std::collections::BTreeMap;

use minijinja::context;
use minijinja::value::{Serde, Value};
use serde::Serialize;

use super::chart_views::{grade_chart, percentage_chart, trend_chart};
use super::indicator_views::{indicator_help, measure_indicators, node_indicators, track_summary};
use super::paging::Paged;
use super::views::{
    department_path, hashed_department_path, measure_path, summary, Link, MeasureView, NodeLink,
};
use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::model::{Grading, Measure, Node, Site};

pub const DEPARTMENTS_PATH: &str = "departments/index.html";
pub const DATA_PATH: &str = "data.html";
pub const ACCESSIBILITY_PATH: &str = "accessibility.html";
pub const NOT_FOUND_PATH: &str = "404.html";
pub const SEARCH_PATH: &str = "search/index.html";
/// A page left at an old address, sending readers on to the new one; kept
/// out of the sitemap and of search engines.
pub const MOVED_TEMPLATE: &str = "moved.html";

/// One step of the breadcrumb trail; the current page has no path.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct Crumb {
    pub title: String,
    pub path: Option<String>,
}

#[derive(Debug)]
pub struct Page {
    pub path: String,
    pub template: &'static str,
    /// Empty for the top page, whose title is the site name alone.
    pub title: String,
    /// Plain text for `<meta name="description">`.
    pub description: String,
    pub breadcrumbs: Vec<Crumb>,
    pub context: Value,
}

/// The steps of a trail through `nodes` (top first), each a link.
fn node_steps(nodes: &[NodeLink]) -> Vec<(&str, &str)> {
    nodes
        .iter()
        .map(|n| (n.name.as_str(), n.path.as_str()))
        .collect()
}

pub(super) fn trail(steps: &[(&str, &str)], current: &str) -> Vec<Crumb> {
    std::iter::once(Crumb {
        title: "トップ".into(),
        path: Some("index.html".into()),
    })
    .chain(steps.iter().map(|(title, path)| Crumb {
        title: (*title).into(),
        path: Some((*path).into()),
    }))
    .chain(std::iter::once(Crumb {
        title: current.into(),
        path: None,
    }))
    .collect()
}

pub fn index(site: &Site, grading: &Grading) -> Page {
    let (chart, table) = grade_chart(site, grading, None).unzip();
    let top_nodes: Vec<Value> = site
        .nodes_at(0)
        .map(|node| {
            let (chart, table) = grade_chart(site, grading, Some(node)).unzip();
            context! {
                node => Serde(NodeLink::new(site, node)),
                child_count => site.children(node).count(),
                measure_count => site.measures_under(node).count(),
                chart => Serde(chart),
                table => Serde(table),
            }
        })
        .collect();
    Page {
        path: "index.html".into(),
        template: "index.html",
        title: String::new(),
        description: summary(&site.plan.body),
        breadcrumbs: Vec::new(),
        context: context! {
            chart => Serde(chart),
            table => Serde(&table),
            measure_count => site.measures.len(),
            node_summaries => top_nodes,
            plan_costs => Serde(super::figure_views::plan_costs(site)),
            open_data => open_data_links(),
            indicator_summary => Serde(track_summary(site, None)),
            summary => Serde(super::summary_views::plan_summary(site, grading)),
        },
    }
}

/// A node's pages. Above the lowest level, one page: its text, its summary
/// charts (of all the measures under it) and its children. At the lowest
/// level, the first page has the text, the charts and the first measures,
/// then one a further [`crate::model::MEASURES_PER_PAGE`] measures, each
/// with a pager and an index of the plan items saying on which page each
/// starts.
pub fn node_pages(site: &Site, grading: &Grading, node: &Node) -> Vec<Page> {
    let trail_links = NodeLink::trail(site, node);
    let Some((link, above)) = trail_links.split_last() else {
        return Vec::new();
    };
    let above = node_steps(above);
    let title = format!("{} {}", link.name, link.title);
    let first = |context: Value| {
        // The first page also has the node's text and its summary charts.
        let (grades_chart, grades_table) = grade_chart(site, grading, Some(node)).unzip();
        let (trend_chart, trend_table) = trend_chart(site, node).unzip();
        Page {
            path: link.path.clone(),
            template: "policy.html",
            title: title.clone(),
            description: summary(&format!("{}\n{}", node.title, node.body)),
            breadcrumbs: trail(&above, &link.name),
            context: context! {
                body => &node.body,
                grades_chart => Serde(grades_chart),
                grades_table => Serde(grades_table),
                trend_chart => Serde(trend_chart),
                trend_table => Serde(trend_table),
                figures => Serde(super::figure_views::node_figures(site, node)),
                indicators => Serde(node_indicators(site, node)),
                indicator_summary => Serde(track_summary(site, Some(node))),
                ..context
            },
        }
    };
    if node.level < site.lowest_level() {
        return vec![first(context! {
            node => Serde(link),
            page => context! { number => 1, count => 1 },
            children => children(site, node),
            child_level => &site.levels[node.level + 1].name,
        })];
    }
    let pages = site.measure_pages(node);
    let paged = Paged::new(site, grading, &link.path, &pages, |row| {
        row.plan_item.clone()
    });
    let count = pages.len();
    pages
        .iter()
        .zip(paged.groups)
        .enumerate()
        .map(|(i, (measures, groups))| {
            let number = i + 1;
            let context = context! {
                node => Serde(link),
                page => paged.pager.page(number),
                page_links => paged.pager.links(number),
                items => paged.items.clone(),
                percentage_chart => Serde(percentage_chart(site, node, number, measures)),
                groups => Serde(groups),
            };
            if number == 1 {
                return first(context);
            }
            let page_name = format!("{}一覧 {number}/{count}ページ", site.measure_noun);
            let mut steps = above.clone();
            steps.push((&link.name, &link.path));
            Page {
                path: paged.pager.path(number),
                template: "policy.html",
                title: format!("{title}（{page_name}）"),
                description: format!("{title}の{}と達成度（{page_name}）", site.measure_noun),
                breadcrumbs: trail(&steps, &page_name),
                context,
            }
        })
        .collect()
}

/// The nodes one level below `node`, each with how many nodes and
/// measures are under it.
fn children(site: &Site, node: &Node) -> Vec<Value> {
    site.children(node)
        .map(|child| {
            context! {
                node => Serde(NodeLink::new(site, child)),
                child_level => site.levels.get(child.level + 1).map(|l| &l.name),
                child_count => site.children(child).count(),
                measure_count => site.measures_under(child).count(),
            }
        })
        .collect()
}

/// The page of `site.measures[i]`, with links to its neighbours.
pub fn measure(
    site: &Site,
    grading: &Grading,
    i: usize,
    related: &[super::related::Related],
) -> Page {
    let link = |m: Option<&Measure>| {
        m.map(|m| Link {
            title: format!("{} {}", m.id, m.title),
            path: measure_path(&m.id),
        })
    };
    let measure = &site.measures[i];
    let view = MeasureView::new(site, grading, measure);
    let own = view.row.trail.last();
    Page {
        path: view.row.path.clone(),
        template: "measure.html",
        title: measure.title.clone(),
        description: format!(
            "{}（{} {}）の実施状況と達成度",
            measure.title,
            own.map(|n| n.name.as_str()).unwrap_or_default(),
            own.map(|n| n.title.as_str()).unwrap_or_default()
        ),
        breadcrumbs: trail(&node_steps(&view.row.trail), &measure.title),
        context: context! {
            previous => Serde(link(i.checked_sub(1).and_then(|j| site.measures.get(j)))),
            next => Serde(link(site.measures.get(i + 1))),
            measure => Serde(view),
            related => Serde(related),
            figures => Serde(super::figure_views::measure_figures(site, measure)),
            indicators => Serde(measure_indicators(site, grading, measure)),
        },
    }
}

/// A page per department (担当部署) and their index. Fails when two names
/// hash to the same page name, which would make one page hide the other.
/// Made as they are asked for: a large site's departments have thousands of
/// pages, rendered a batch at a time.
pub fn departments<'a>(
    site: &'a Site,
    grading: &'a Grading,
) -> Result<impl Iterator<Item = Page> + 'a, Diagnostic> {
    let mut by_name: BTreeMap<&str, Vec<&Measure>> = BTreeMap::new();
    for measure in &site.measures {
        for department in &measure.departments {
            by_name.entry(department).or_default().push(measure);
        }
    }
    let mut paths: BTreeMap<String, &str> = BTreeMap::new();
    for (name, measures) in &by_name {
        if let Some(other) = paths.insert(department_path(site, name), name) {
            return Err(Diagnostic::error(
                &measures[0].file,
                None,
                Some("departments"),
                format!("担当部署「{other}」と「{name}」のページ名が重なりました。どちらかの表記を変えてください"),
            ));
        }
    }
    let index = Page {
        path: DEPARTMENTS_PATH.into(),
        template: "departments.html",
        title: "担当部署".into(),
        description: format!("担当部署ごとの{}の一覧", site.measure_noun),
        breadcrumbs: trail(&[], "担当部署"),
        context: context! {
            departments => by_name.iter().map(|(name, measures)| context! {
                name => *name, path => department_path(site, name), count => measures.len(),
            }).collect::<Vec<_>>(),
        },
    };
    // A department given an address in site.toml had the hashed one before.
    let moved: Vec<Page> = by_name
        .keys()
        .map(|name| {
            (
                hashed_department_path(name),
                department_path(site, name),
                *name,
            )
        })
        .filter(|(old, new, _)| old != new && !paths.contains_key(old))
        .map(|(old, new, name)| moved_page(old, &new, name))
        .collect();
    let pages = by_name
        .into_iter()
        .flat_map(move |(name, measures)| department_pages(site, grading, name, &measures));
    Ok(std::iter::once(index).chain(pages).chain(moved))
}

/// The page at `old` saying that `title`'s page is now at `new` (a path
/// from the site root), and going there.
fn moved_page(old: String, new: &str, title: &str) -> Page {
    Page {
        path: old,
        template: MOVED_TEMPLATE,
        title: format!("{title}（移転しました）"),
        description: String::new(),
        breadcrumbs: Vec::new(),
        context: context! { name => title, new_path => new },
    }
}

/// A department's pages: its measures by node of the lowest level,
/// [`crate::model::MEASURES_PER_PAGE`] a page (a large department has
/// thousands), with a pager and an index of the policies.
fn department_pages(
    site: &Site,
    grading: &Grading,
    name: &str,
    measures: &[&Measure],
) -> Vec<Page> {
    let pages = crate::model::in_pages(measures);
    let first = department_path(site, name);
    let paged = Paged::new(site, grading, &first, &pages, |row| {
        row.trail
            .last()
            .map(|n| format!("{} {}", n.name, n.title))
            .unwrap_or_default()
    });
    let count = pages.len();
    paged
        .groups
        .into_iter()
        .enumerate()
        .map(|(i, groups)| {
            let number = i + 1;
            let noun = &site.measure_noun;
            let page_name = format!("{noun}一覧 {number}/{count}ページ");
            let description = format!("{name}が担当する{noun}の実施状況と達成度");
            let (title, description, breadcrumbs) = if number == 1 {
                let breadcrumbs = trail(&[("担当部署", DEPARTMENTS_PATH)], name);
                (name.to_string(), description, breadcrumbs)
            } else {
                (
                    format!("{name}（{page_name}）"),
                    format!("{description}（{page_name}）"),
                    trail(
                        &[("担当部署", DEPARTMENTS_PATH), (name, &first)],
                        &page_name,
                    ),
                )
            };
            Page {
                path: paged.pager.path(number),
                template: "department.html",
                description,
                title,
                breadcrumbs,
                context: context! {
                    department => name,
                    group_level => &site.levels[site.lowest_level()].name,
                    count => measures.len(),
                    page => paged.pager.page(number),
                    page_links => paged.pager.links(number),
                    items => paged.items.clone(),
                    groups => Serde(groups),
                },
            }
        })
        .collect()
}

fn open_data_links() -> Value {
    context! {
        csv => crate::opendata::CSV_PATH,
        json => crate::opendata::JSON_PATH,
        changes => crate::opendata::CHANGES_CSV_PATH,
    }
}

pub fn data(site: &Site, config: &SiteConfig, grading: &Grading) -> Page {
    let band_rows = super::grade_views::band_rows(grading);
    let chart_files: Vec<Value> = crate::charts::site_charts(site, grading)
        .iter()
        .map(|c| context! { title => c.title(site), path => c.chart.csv_path() })
        .collect();
    Page {
        path: DATA_PATH.into(),
        template: "data.html",
        title: "データについて".into(),
        description: "このサイトのデータの出典、項目、達成度の区分、ライセンスとダウンロード"
            .into(),
        breadcrumbs: trail(&[], "データについて"),
        context: context! {
            license => &config.data_license,
            bands => band_rows,
            scale_steps => super::grade_views::symbol_rows(grading),
            other_grades => super::grade_views::other_rows(grading),
            open_data => open_data_links(),
            open_data_files => Serde(crate::opendata::open_data_list(site)),
            chart_files,
            indicator_help => indicator_help(site),
        },
    }
}

/// The web accessibility policy (ウェブアクセシビリティ方針): a template the
/// city fills in by overriding `accessibility.html` in its theme.
pub fn accessibility() -> Page {
    Page {
        path: ACCESSIBILITY_PATH.into(),
        template: "accessibility.html",
        title: "ウェブアクセシビリティ方針".into(),
        description: "このサイトのウェブアクセシビリティ方針と対応状況".into(),
        breadcrumbs: trail(&[], "ウェブアクセシビリティ方針"),
        context: context! {},
    }
}

pub fn not_found() -> Page {
    Page {
        path: NOT_FOUND_PATH.into(),
        template: "404.html",
        title: "ページが見つかりません".into(),
        description: String::new(),
        breadcrumbs: Vec::new(),
        context: context! {},
    }
}

pub fn search(site: &Site) -> Page {
    Page {
        path: SEARCH_PATH.into(),
        template: "search.html",
        title: "検索".into(),
        description: format!(
            "{}の内容・担当課・実施状況をサイト内で検索",
            site.measure_noun
        ),
        breadcrumbs: trail(&[], "検索"),
        context: context! {},
    }
}
