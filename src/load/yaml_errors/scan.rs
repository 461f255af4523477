//! The line-by-line scan for slips: each line placed at the level of the
//! block mapping it belongs to, then its entry and value checked.

use std::collections::HashMap;

use super::{Slip, SlipKind};

/// The slips in `front`, whose first line is line `first_line` of the file.
pub fn scan(front: &str, first_line: usize) -> Vec<Slip> {
    let lines: Vec<&str> = front.lines().collect();
    let mut scanner = Scanner {
        lines: &lines,
        first_line,
        levels: Vec::new(),
        after: After::Done,
        slips: Vec::new(),
    };
    let mut next = 0;
    while next < lines.len() {
        next = scanner.line(next);
    }
    scanner.slips
}

/// A block mapping open at some indent.
struct Level {
    indent: usize,
    /// Keys leading to it (`years`, `2019`).
    path: Vec<String>,
    /// Its keys so far, with their file lines.
    keys: HashMap<String, usize>,
}

/// What the previous entry leaves for the lines below it.
enum After {
    Done,
    /// `key:` or `-` with nothing after: a block at `path` may follow, deeper.
    Opened(Vec<String>),
    /// A plain value, which may go on over lines indented beyond `owner`.
    Plain {
        owner: usize,
    },
}

struct Scanner<'a> {
    lines: &'a [&'a str],
    first_line: usize,
    levels: Vec<Level>,
    after: After,
    slips: Vec<Slip>,
}

impl Scanner<'_> {
    /// Scans line `i` (and the lines its value spans); returns the next line to scan.
    fn line(&mut self, i: usize) -> usize {
        let raw = self.lines[i];
        let content = raw.trim_start_matches([' ', '\t', '\u{3000}']);
        if content.is_empty() || content.starts_with('#') {
            return i + 1;
        }
        let lead = &raw[..raw.len() - content.len()];
        if let Some((at, c)) = lead.char_indices().find(|(_, c)| *c != ' ') {
            let kind = if c == '\t' {
                SlipKind::Tab
            } else {
                SlipKind::FullWidthSpace
            };
            let field = key_of(content).map(str::to_string);
            self.slip(i, column(raw, at), field, kind);
            self.after = After::Done;
            return i + 1;
        }
        let indent = lead.len();
        if let After::Plain { owner } = self.after {
            if indent > owner && key_line(content).is_none() {
                // The value of the line above, going on.
                self.plain_value(i, indent, content, None, None);
                return i + 1;
            }
        }
        if !self.place(i, indent, content) {
            return i + 1;
        }
        self.entry(i, indent, content)
    }

    /// Finds the level of a line at `indent`, opening one where the line
    /// above allows; false when the indent fits no level (a slip).
    fn place(&mut self, i: usize, indent: usize, content: &str) -> bool {
        let Some(top) = self.levels.last() else {
            self.open(indent, Vec::new());
            return true;
        };
        let top_indent = top.indent;
        if indent > top_indent {
            match std::mem::replace(&mut self.after, After::Done) {
                After::Opened(path) => self.open(indent, path),
                _ => {
                    let Some(key) = key_line(content) else {
                        return false;
                    };
                    let path = self
                        .levels
                        .last()
                        .map(|l| l.path.clone())
                        .unwrap_or_default();
                    let kind = SlipKind::TooDeep {
                        spaces: indent,
                        expected: top_indent,
                    };
                    self.slip(i, indent + 1, Some(dotted(&path, key)), kind);
                    // Lines under it are placed relative to it: one slip, not a cascade.
                    self.open(indent, path);
                }
            }
            return true;
        }
        match self.levels.iter().rposition(|l| l.indent <= indent) {
            Some(at) if self.levels[at].indent == indent => {
                self.levels.truncate(at + 1);
                true
            }
            found => {
                let shallower = found.map(|at| self.levels[at].indent);
                let deeper = &self.levels[found.map_or(0, |at| at + 1)];
                let field = key_of(content).map(|key| dotted(&deeper.path, key));
                let levels = shallower.into_iter().chain([deeper.indent]).collect();
                let kind = SlipKind::Misaligned {
                    spaces: indent,
                    levels,
                };
                self.slip(i, indent + 1, field, kind);
                self.after = After::Done;
                false
            }
        }
    }

    fn open(&mut self, indent: usize, path: Vec<String>) {
        self.levels.push(Level {
            indent,
            path,
            keys: HashMap::new(),
        });
    }

    /// The entry on line `i`, placed at the top level: `key: value`,
    /// `- item` or `- key: value`.
    fn entry(&mut self, i: usize, indent: usize, content: &str) -> usize {
        let mut offset = indent;
        let mut rest = content;
        let mut item = false;
        while rest == "-" || rest.starts_with("- ") {
            item = true;
            let after_dash = rest[1..].trim_start_matches(' ');
            offset += rest.len() - after_dash.len();
            rest = after_dash;
        }
        let path = self
            .levels
            .last()
            .map(|l| l.path.clone())
            .unwrap_or_default();
        if item && rest.is_empty() {
            self.after = After::Opened(path);
            return i + 1;
        }
        let raw = self.lines[i];
        if let Some(key) = key_before(rest, '：') {
            let at = offset + key.len() + rest[key.len()..].find('：').unwrap_or(0);
            let kind = SlipKind::FullWidthColon {
                key: key.to_string(),
            };
            self.slip(i, column(raw, at), Some(dotted(&path, key)), kind);
            self.after = After::Done;
            return i + 1;
        }
        let key = key_before(rest, ':').or_else(|| (!item).then(|| plain_key(rest)).flatten());
        let Some(key) = key else {
            // A value of its own: an item, or a value under `key:` above.
            self.after = After::Done;
            return self.value(i, offset, rest, None, indent);
        };
        let after_colon = &rest[key.len()..].trim_start_matches(' ')[1..];
        if !(after_colon.is_empty() || after_colon.starts_with(' ')) {
            if !item {
                let kind = SlipKind::NoSpaceAfterColon {
                    key: key.to_string(),
                };
                let at = offset + rest.len() - after_colon.len() - 1;
                self.slip(i, column(raw, at), Some(dotted(&path, key)), kind);
            }
            self.after = After::Done;
            return i + 1;
        }
        if item {
            // `- key: value` starts a mapping inside the item.
            self.open(offset, path.clone());
        }
        let field = dotted(&path, key);
        self.register(i, key, &field);
        let value = after_colon.trim_start_matches(' ');
        if value.is_empty() || value.starts_with('#') {
            let mut opened = path;
            opened.push(key.to_string());
            self.after = After::Opened(opened);
            return i + 1;
        }
        let value_offset = offset + rest.len() - value.len();
        self.after = After::Done;
        self.value(i, value_offset, value, Some((key, field)), offset)
    }

    /// Remembers `key` on its level; a second time is a slip.
    fn register(&mut self, i: usize, key: &str, field: &str) {
        let line = self.first_line + i;
        let Some(level) = self.levels.last_mut() else {
            return;
        };
        match level.keys.get(key) {
            Some(&first_line) => {
                let kind = SlipKind::DuplicateKey {
                    key: key.to_string(),
                    first_line,
                };
                self.slip(
                    i,
                    column_of_key(self.lines[i], key),
                    Some(field.into()),
                    kind,
                );
            }
            None => {
                level.keys.insert(key.to_string(), line);
            }
        }
    }

    /// A value starting at byte `offset` of line `i`, of an entry whose
    /// block is at indent `owner`; returns the line after the value.
    fn value(
        &mut self,
        i: usize,
        offset: usize,
        value: &str,
        key: Option<(&str, String)>,
        owner: usize,
    ) -> usize {
        let field = key.as_ref().map(|(_, field)| field.clone());
        match value.chars().next() {
            Some(quote @ ('"' | '\'')) => self.quoted(i, offset, quote, field, owner),
            Some(bracket @ ('[' | '{')) => self.flow(i, offset, bracket, field, owner),
            Some('|' | '>') => self.past_deeper_lines(i + 1, owner),
            Some('&' | '*' | '!') => i + 1,
            _ => {
                let key = key.map(|(key, _)| key);
                self.plain_value(i, offset, value, key, field);
                self.after = After::Plain { owner };
                i + 1
            }
        }
    }

    /// A plain value: a `: ` in it (or a `:` at its end) makes a mapping.
    fn plain_value(
        &mut self,
        i: usize,
        offset: usize,
        value: &str,
        key: Option<&str>,
        field: Option<String>,
    ) {
        let value = value.split(" #").next().unwrap_or(value).trim_end();
        let colon = value
            .match_indices(':')
            .map(|(at, _)| at)
            .find(|&at| value[at + 1..].is_empty() || value[at + 1..].starts_with(' '));
        let Some(at) = colon else {
            return;
        };
        let simple = !value.contains(['"', '\\']);
        let item = self.lines[i][..offset].trim_end().ends_with('-');
        let quoted = simple.then(|| match key {
            Some(key) => format!("{key}: \"{value}\""),
            None if item => format!("- \"{value}\""),
            None => format!("\"{value}\""),
        });
        let kind = SlipKind::ColonInValue {
            quoted,
            key: key.map(str::to_string),
        };
        self.slip(i, column(self.lines[i], offset + at), field, kind);
    }

    /// A quoted value, which may go on over deeper lines until its closing quote.
    fn quoted(
        &mut self,
        i: usize,
        offset: usize,
        quote: char,
        field: Option<String>,
        owner: usize,
    ) -> usize {
        let mut from = offset + 1;
        let mut j = i;
        loop {
            let line = self.lines[j];
            if let Some(end) = closing_quote(&line[from.min(line.len())..], quote) {
                let after = from + end + 1;
                let rest = line[after..].trim_start_matches(' ');
                if !rest.is_empty() && !rest.starts_with('#') {
                    let at = line.len() - rest.len();
                    let kind = SlipKind::TextAfterQuote { quote };
                    self.slip(j, column(line, at), field, kind);
                }
                return j + 1;
            }
            match self.next_deeper_line(j + 1, owner) {
                Some(next) => (j, from) = (next, 0),
                None => {
                    let kind = SlipKind::UnclosedQuote { quote };
                    self.slip(i, column(self.lines[i], offset), field, kind);
                    return self.past_deeper_lines(i + 1, owner);
                }
            }
        }
    }

    /// A flow list or mapping, which may go on over deeper lines until it closes.
    fn flow(
        &mut self,
        i: usize,
        offset: usize,
        bracket: char,
        field: Option<String>,
        owner: usize,
    ) -> usize {
        let mut depth = 0usize;
        let mut quote = None;
        // A quote opens a quoted item only where an item starts (`it's` is plain).
        let mut item_starts = true;
        let mut j = i;
        let mut from = offset;
        loop {
            for c in self.lines[j][from..].chars() {
                match (quote, c) {
                    (Some(q), c) if c == q => quote = None,
                    (Some(_), _) => {}
                    (None, '"' | '\'') if item_starts => quote = Some(c),
                    (None, '[' | '{') => depth += 1,
                    (None, ']' | '}') => depth = depth.saturating_sub(1),
                    _ => {}
                }
                if depth == 0 {
                    return j + 1;
                }
                item_starts = matches!(c, '[' | '{' | ',' | ':' | ' ');
            }
            match self.next_deeper_line(j + 1, owner) {
                Some(next) => (j, from) = (next, 0),
                None => {
                    let kind = SlipKind::UnclosedBracket { bracket };
                    self.slip(i, column(self.lines[i], offset), field, kind);
                    return self.past_deeper_lines(i + 1, owner);
                }
            }
        }
    }

    /// The first line from `j` on that is not blank, if it is indented beyond `owner`.
    fn next_deeper_line(&self, j: usize, owner: usize) -> Option<usize> {
        let next = (j..self.lines.len()).find(|&k| !self.lines[k].trim().is_empty())?;
        (indent_of(self.lines[next]) > owner).then_some(next)
    }

    /// The first line from `j` on that is neither blank nor indented beyond `owner`.
    fn past_deeper_lines(&self, j: usize, owner: usize) -> usize {
        (j..self.lines.len())
            .find(|&k| !self.lines[k].trim().is_empty() && indent_of(self.lines[k]) <= owner)
            .unwrap_or(self.lines.len())
    }

    fn slip(&mut self, i: usize, column: usize, field: Option<String>, kind: SlipKind) {
        self.slips.push(Slip {
            line: self.first_line + i,
            column,
            field,
            kind,
        });
    }
}

/// The key a line starts with (`status` of `status: 実施`), if it looks like
/// one of the front matter's keys (letters, digits, `_`, `-`).
fn key_of(content: &str) -> Option<&str> {
    let content = content.trim_start_matches("- ");
    key_before(content, ':').or_else(|| key_before(content, '：'))
}

/// The key of a line that is a `key: value` or `key:` entry (not `a:b`).
fn key_line(content: &str) -> Option<&str> {
    let content = content.trim_start_matches("- ");
    let key = key_before(content, ':')?;
    let after = content[key.len()..].trim_start_matches(' ')[1..]
        .chars()
        .next();
    after.is_none_or(|c| c == ' ').then_some(key)
}

/// The key at the start of `text` when `separator` follows it (after spaces).
fn key_before(text: &str, separator: char) -> Option<&str> {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(text.len());
    let key = &text[..end];
    let starts_well = key.chars().next().is_some_and(|c| c != '-');
    let followed = text[end..].trim_start_matches(' ').starts_with(separator);
    (starts_well && followed).then_some(key)
}

/// A key as a city's table heads a column (`事業費計 （A）`, `ア：名称`,
/// under `extra:`): plain text up to the first `: ` or a `:` ending the
/// line, as YAML reads a key. Not for list items, where `- 内訳: 相談` is
/// far more often a value with a colon than a mapping.
fn plain_key(text: &str) -> Option<&str> {
    const INDICATORS: [char; 19] = [
        '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@',
        '`',
    ];
    if text.starts_with(INDICATORS) {
        return None;
    }
    let colon = text
        .match_indices(':')
        .map(|(at, _)| at)
        .find(|&at| text[at + 1..].is_empty() || text[at + 1..].starts_with(' '))?;
    let key = text[..colon].trim_end_matches(' ');
    (!key.is_empty() && !key.contains(" #")).then_some(key)
}

/// Byte offset of the closing quote in `text` (which follows the opening one).
fn closing_quote(text: &str, quote: char) -> Option<usize> {
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' if quote == '"' => {
                chars.next();
            }
            '\'' if quote == '\'' && chars.peek().is_some_and(|&(_, next)| next == '\'') => {
                chars.next();
            }
            c if c == quote => return Some(at),
            _ => {}
        }
    }
    None
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Column, in characters from 1, of byte `at` of `line`.
fn column(line: &str, at: usize) -> usize {
    line.get(..at)
        .map_or(1, |before| before.chars().count() + 1)
}

fn column_of_key(line: &str, key: &str) -> usize {
    column(line, line.find(key).unwrap_or(0))
}

fn dotted(path: &[String], key: &str) -> String {
    path.iter()
        .map(String::as_str)
        .chain([key])
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests;
