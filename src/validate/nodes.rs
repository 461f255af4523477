//! The plan's hierarchy: each level's nodes checked (ids, numbers, parents)
//! and put in reading order.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::{id_problem, natural_key, require_text};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{indicators_of, Document, NodeFront};
use crate::model::names::server_key;
use crate::model::{Level, Node, Plan};

/// The valid nodes of every level: sorted by level, then under each parent
/// by number (`2` before `10`). Each problem is reported with its file,
/// line and field.
pub(super) fn nodes(
    docs: Vec<(usize, Document<NodeFront>)>,
    levels: &[Level],
    plan: &Plan,
    diags: &mut Diagnostics,
) -> Vec<Node> {
    let mut by_level: Vec<Vec<Document<NodeFront>>> = levels.iter().map(|_| Vec::new()).collect();
    for (level, doc) in docs {
        by_level[level].push(doc);
    }
    let mut nodes: Vec<Node> = Vec::new();
    for (level, docs) in by_level.into_iter().enumerate() {
        let above: Vec<&Node> = nodes.iter().filter(|n| n.level + 1 == level).collect();
        let mut checked = level_nodes(docs, level, levels, &above, plan, diags);
        let position = |parent: &Option<String>| {
            above
                .iter()
                .position(|n| Some(n.id.as_str()) == parent.as_deref())
        };
        checked.sort_by_cached_key(|n| (position(&n.parent), natural_key(&n.number), n.id.clone()));
        nodes.extend(checked);
    }
    nodes
}

/// The nodes of one level, with every problem of their ids, numbers and
/// parents reported. A node with a problem is kept all the same, so that
/// the nodes and measures under it are not reported too: the problems stop
/// the build anyway.
fn level_nodes(
    docs: Vec<Document<NodeFront>>,
    level: usize,
    levels: &[Level],
    above: &[&Node],
    plan: &Plan,
    diags: &mut Diagnostics,
) -> Vec<Node> {
    let name = &levels[level].name;
    // By the name a server that ignores case sees, as measures' ids.
    let mut ids: BTreeMap<String, PathBuf> = BTreeMap::new();
    // (parent, number) → the file that has it first.
    let mut numbers: BTreeMap<(Option<String>, String), PathBuf> = BTreeMap::new();
    let mut nodes = Vec::new();
    for doc in docs {
        let id = doc
            .file
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
        let number = doc
            .front
            .number
            .value
            .clone()
            .into_text()
            .trim()
            .to_string();
        let number_line = Some(doc.line(doc.front.number.referenced.line()));
        let parent = doc
            .front
            .parent
            .as_ref()
            .map(|p| p.value.clone().into_text().trim().to_string());
        let parent_line = doc
            .front
            .parent
            .as_ref()
            .map(|p| doc.line(p.referenced.line()));
        let mut error = |line: Option<usize>, field: Option<&str>, message: String| {
            diags.push(Diagnostic::error(&doc.file, line, field, message));
        };
        if let Some(problem) = id_problem(&id) {
            error(
                None,
                None,
                format!(
                    "{problem}（{name}の id はファイル名から取ります。ファイル名を変えてください）"
                ),
            );
        } else if let Some(first) = ids.insert(server_key(&id), doc.file.clone()) {
            error(
                None,
                None,
                format!(
                    "ファイル名が {} と大文字・小文字だけが違い、Windows や macOS のサーバーでは同じページになります。ファイル名を変えてください",
                    first.display()
                ),
            );
        }
        if number.is_empty() {
            error(number_line, Some("number"), format!("{name}の番号が空です"));
        }
        match (level, &parent) {
            (0, Some(_)) => error(
                parent_line,
                Some("parent"),
                format!(
                    "{name}は一番上の階層なので parent は書けません。parent の行を消してください"
                ),
            ),
            (0, None) => {}
            (_, None) => error(
                Some(doc.front_line.saturating_sub(1).max(1)),
                Some("parent"),
                format!(
                    "parent がありません。一つ上の階層（{}）の id を parent: に書いてください",
                    levels[level - 1].name
                ),
            ),
            (_, Some(parent)) if !above.iter().any(|n| n.id == *parent) => {
                let folder = &levels[level - 1].folder;
                let known: Vec<&str> = above.iter().map(|n| n.id.as_str()).collect();
                error(
                    parent_line,
                    Some("parent"),
                    format!(
                        "{} {parent} はありません（content/{folder}/ にあるのは {}）",
                        levels[level - 1].name,
                        listed(&known)
                    ),
                )
            }
            _ => {}
        }
        if !number.is_empty() {
            if let Some(first) = numbers.get(&(parent.clone(), number.clone())) {
                let under = match &parent {
                    Some(parent) => format!("同じ {} {parent} の下の", levels[level - 1].name),
                    None => String::new(),
                };
                error(
                    number_line,
                    Some("number"),
                    format!(
                        "{under}{name} {number} は {} にもあります。番号は重ならないようにしてください",
                        first.display()
                    ),
                );
            } else {
                numbers.insert((parent.clone(), number.clone()), doc.file.clone());
            }
        }
        require_text(&doc.front.title, "title", &doc, diags);
        super::indicators::check(&doc.front.indicators, &doc, plan, diags);
        nodes.push(Node {
            level,
            id,
            number,
            title: doc.front.title.trim().into(),
            body: doc.body,
            parent,
            indicators: indicators_of(doc.front.indicators),
            file: doc.file,
        });
    }
    nodes
}

/// `1, 2, 3`, or なし.
pub(super) fn listed(items: &[&str]) -> String {
    if items.is_empty() {
        "なし".into()
    } else {
        items.join(", ")
    }
}
