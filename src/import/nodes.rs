//! The plan's nodes as a table gives them → the nodes of `content/<folder>/`.
//!
//! A data row's place in the plan is one [`NodeCell`] per level, top first
//! (from columns on every row, or from heading rows above it). Each node is
//! added on first sight with its ancestors; its id is the path of numbers,
//! joined by `-` (`2`, `2-6`, `2-6-5`), so that the same number under two
//! parents names two nodes, and the file name says where the node sits.

use std::collections::HashMap;
use std::path::PathBuf;

use super::table::NodeCell;
use super::Warnings;
use crate::model::names::is_id_char;
use crate::model::{Level, Node};

pub(crate) struct Nodes<'a> {
    levels: &'a [Level],
    /// In the order first seen: the table's reading order.
    nodes: Vec<Node>,
    /// (depth, parent id, number as written) → the number an id can hold.
    numbers: HashMap<(usize, Option<String>, String), String>,
}

impl<'a> Nodes<'a> {
    pub fn new(levels: &'a [Level]) -> Nodes<'a> {
        Nodes {
            levels,
            nodes: Vec::new(),
            numbers: HashMap::new(),
        }
    }

    /// The id of the node at the end of `path`, adding it and its ancestors
    /// when new; a second, different name of a known node is reported.
    pub fn place(&mut self, path: &[NodeCell], line: usize, warnings: &mut Warnings) -> String {
        let mut parent: Option<String> = None;
        for (depth, cell) in path.iter().enumerate().take(self.levels.len()) {
            let piece = self.usable_number(depth, parent.as_deref(), &cell.number);
            let id = match &parent {
                Some(parent) => format!("{parent}-{piece}"),
                None => piece.clone(),
            };
            match self.nodes.iter().find(|node| node.id == id) {
                Some(known) if !cell.title.is_empty() && known.title != cell.title => warnings.add(
                    line,
                    None,
                    format!(
                        "{}{}の名前「{}」が前の行（「{}」）と違います。最初の名前を使いました",
                        self.levels[depth].name, known.number, cell.title, known.title
                    ),
                ),
                Some(_) => {}
                None => self.nodes.push(Node {
                    level: depth,
                    file: PathBuf::from(format!("content/{}/{id}.md", self.levels[depth].folder)),
                    id: id.clone(),
                    number: match cell.number.trim() {
                        "" => piece,
                        written => written.to_string(),
                    },
                    title: title_or_name(&cell.title, &self.levels[depth].name, &cell.number),
                    body: String::new(),
                    parent: parent.clone(),
                    indicators: Vec::new(),
                }),
            }
            parent = Some(id);
        }
        parent.unwrap_or_default()
    }

    pub fn into_nodes(self) -> Vec<Node> {
        self.nodes
    }

    /// The number as an id can hold it (ASCII letters, digits, `_`); another
    /// (`一`, `Ⅱ`, `2-1`) is numbered in the table's order under its parent.
    fn usable_number(&mut self, depth: usize, parent: Option<&str>, number: &str) -> String {
        let number = number.trim();
        let safe = !number.is_empty()
            // `-` joins the numbers of a path: a number of its own holds none.
            && number.chars().all(|c| is_id_char(c) && c != '-');
        if safe {
            return number.to_string();
        }
        let key = (depth, parent.map(String::from), number.to_string());
        if let Some(known) = self.numbers.get(&key) {
            return known.clone();
        }
        let siblings = self
            .nodes
            .iter()
            .filter(|node| node.level == depth && node.parent.as_deref() == parent)
            .count();
        let assigned = (siblings + 1).to_string();
        self.numbers.insert(key, assigned.clone());
        assigned
    }
}

/// A node needs a name; its level and number are the best there is.
fn title_or_name(title: &str, level_name: &str, number: &str) -> String {
    match title.trim() {
        "" => format!("{level_name}{}", number.trim()),
        title => title.to_string(),
    }
}
