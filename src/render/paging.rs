//! Lists of measures split into pages (a policy's, a department's): each
//! page's rows in groups, a pager, and an index of the groups saying on
//! which page each starts.

use minijinja::context;
use minijinja::value::Value;

use super::views::{group_rows, MeasureRow, RowGroup};
use crate::model::{Grading, Measure, Site};

/// A list of measures split into pages (a policy's, a department's): each
/// page's rows in groups, the pager, and when there is more than one page
/// an index of the groups saying on which page each starts.
pub(super) struct Paged {
    pub groups: Vec<Vec<RowGroup>>,
    pub pager: Pager,
    pub items: Vec<Value>,
}

impl Paged {
    pub fn new(
        site: &Site,
        grading: &Grading,
        first_path: &str,
        pages: &[Vec<&Measure>],
        heading: impl Fn(&MeasureRow) -> String,
    ) -> Paged {
        let groups: Vec<Vec<RowGroup>> = pages
            .iter()
            .map(|measures| {
                let rows = measures
                    .iter()
                    .map(|m| MeasureRow::new(site, grading, m))
                    .collect();
                group_rows(rows, &heading)
            })
            .collect();
        let pager = Pager::new(first_path, pages.len());
        let items = if pages.len() > 1 {
            group_index(&groups, &pager)
        } else {
            Vec::new()
        };
        Paged {
            groups,
            pager,
            items,
        }
    }
}

/// The pages of a list: `policies/3.html`, then `policies/3-2.html`, ….
pub(super) struct Pager {
    first: String,
    count: usize,
}

/// Pages linked on either side of the current one; further ones are a gap
/// between the first and the last (a department of a large site has
/// hundreds of pages: all linked, each page repeated them all).
const PAGER_REACH: usize = 2;

impl Pager {
    fn new(first: &str, count: usize) -> Pager {
        Pager {
            first: first.to_string(),
            count,
        }
    }

    /// `{number, path}` of the first and the last page and those near
    /// `number`, with `{gap: true}` where pages are left out.
    pub fn links(&self, number: usize) -> Vec<Value> {
        let near = number.saturating_sub(PAGER_REACH)..=number + PAGER_REACH;
        let mut links = Vec::new();
        for n in 1..=self.count {
            if n == 1 || n == self.count || near.contains(&n) {
                links.push(context! { number => n, path => self.path(n) });
            } else if n == 2 || n == self.count - 1 {
                links.push(context! { gap => true });
            }
        }
        links
    }

    pub fn path(&self, number: usize) -> String {
        match number {
            1 => self.first.clone(),
            n => format!("{}-{n}.html", self.first.trim_end_matches(".html")),
        }
    }

    /// Page `number` of the list, with its neighbours.
    pub fn page(&self, number: usize) -> Value {
        let previous = (number > 1).then(|| self.path(number - 1));
        let next = (number < self.count).then(|| self.path(number + 1));
        context! { number, count => self.count, previous, next }
    }
}

/// Each group (plan item, policy) of a paged list, linked to its group row
/// (`group-K` in the measure table) on the page where it first appears.
fn group_index(groups: &[Vec<RowGroup>], pager: &Pager) -> Vec<Value> {
    let mut seen = std::collections::BTreeSet::new();
    let mut items = Vec::new();
    for (i, page) in groups.iter().enumerate() {
        for (k, group) in page.iter().enumerate() {
            if seen.insert(group.heading.as_str()) {
                let path = format!("{}#group-{k}", pager.path(i + 1));
                items.push(context! { title => &group.heading, page => i + 1, path });
            }
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_list_links_its_ends_and_the_pages_near_the_current_one() {
        let shown = |count: usize, number: usize| -> String {
            Pager::new("departments/d.html", count)
                .links(number)
                .iter()
                .map(|link| match link.get_attr("number").unwrap().as_usize() {
                    Some(n) => n.to_string(),
                    None => "…".to_string(),
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(shown(10, 5), "1 … 3 4 5 6 7 … 10");
        assert_eq!(shown(10, 1), "1 2 3 … 10");
        assert_eq!(shown(10, 10), "1 … 8 9 10");
        assert_eq!(shown(5, 3), "1 2 3 4 5");
        assert_eq!(shown(1, 1), "1");
        assert_eq!(
            Pager::new("departments/d.html", 3).path(3),
            "departments/d-3.html"
        );
    }
}
