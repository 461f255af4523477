//! Splitting a content file into YAML front matter and Markdown body, and
//! turning serde-saphyr's errors into plain Japanese with file, line and
//! field, together with the other slips in the file ([`yaml_errors`]).

use serde::de::{DeserializeOwned, Deserializer, MapAccess, Unexpected, Visitor};
use serde::Deserialize;
use std::path::Path;

use super::yaml_errors;
use super::Scalar;
use crate::config::line_of_offset;
use crate::diagnostics::Diagnostic;
use crate::model::text::{control_character, control_character_message};
use crate::model::Extra;

pub struct FrontMatterParts<'a> {
    pub front: &'a str,
    pub body: &'a str,
    /// File line of the front matter's first line.
    pub front_line: usize,
}

/// `---\n<yaml>\n---\n<body>`; a UTF-8 BOM and CRLF line ends are accepted.
pub fn split_front_matter(text: &str) -> Option<FrontMatterParts<'_>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("---\r\n")
        .or_else(|| text.strip_prefix("---\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some(FrontMatterParts {
                front: &rest[..offset],
                body: rest[offset + line.len()..].trim_start_matches(['\r', '\n']),
                front_line: 2,
            });
        }
        offset += line.len();
    }
    None
}

/// Deserialises front matter. On failure, every problem that can be found,
/// each with its file line: the parser's first error, then the slips the
/// scan of [`yaml_errors`] finds after it.
pub fn parse_front_matter<T: DeserializeOwned>(
    front: &str,
    file: &Path,
    front_line: usize,
) -> Result<T, Vec<Diagnostic>> {
    parse_front_matter_with(
        front,
        file,
        front_line,
        |text| serde_saphyr::from_str(text),
        &str::to_string,
    )
}

/// [`parse_front_matter`] with a parser of its own (one that renames a
/// key) and what turns the names in the parser's messages back into the
/// names the file uses.
pub(super) fn parse_front_matter_with<T>(
    front: &str,
    file: &Path,
    front_line: usize,
    parse: impl FnOnce(&str) -> Result<T, serde_saphyr::Error>,
    names_in_file: &dyn Fn(&str) -> String,
) -> Result<T, Vec<Diagnostic>> {
    parse(front).map_err(|e| diagnose(&names_in_file(&e.to_string()), &e, front, file, front_line))
}

fn diagnose(
    display: &str,
    error: &serde_saphyr::Error,
    front: &str,
    file: &Path,
    front_line: usize,
) -> Vec<Diagnostic> {
    let parser_says = parser_message(display);
    let (field, message, missing) = explain(parser_says);
    let file_line =
        |front_matter_line: usize| (front_line + front_matter_line).saturating_sub(1).max(1);
    let location = error.location().filter(|_| !missing);
    let Some(location) = location else {
        // A missing field has no line of its own: point at the opening `---`.
        let line = missing.then(|| file_line(0));
        let message = message.unwrap_or_else(|| syntax_error(None, parser_says));
        return vec![Diagnostic::error(file, line, field.as_deref(), message)];
    };
    let line = file_line(location.line() as usize);
    // When the message names no field, the key on the offending line does.
    let field = field.or_else(|| key_path_at(front, location.line() as usize));
    let slips = yaml_errors::scan(front, front_line);
    // The slip the parser stumbled on: on its line; on the next when in
    // the indentation (noticed at the end of the line before); above it
    // when left open (noticed where the next entry starts).
    let explained = slips
        .iter()
        .position(|slip| slip.line == line)
        .or_else(|| {
            slips
                .iter()
                .position(|slip| slip.line == line + 1 && slip.is_in_indentation())
        })
        .or_else(|| {
            slips
                .iter()
                .rposition(|slip| slip.line < line)
                .filter(|&i| slips[i].is_unclosed())
        });
    let first = match explained {
        Some(i) => {
            let slip = &slips[i];
            let field = slip.field.as_deref().or(field.as_deref());
            let message = format!("{}\n{}", slip.message(), expert_line(parser_says));
            Diagnostic::error(file, Some(slip.line), field, message)
        }
        None => {
            let column = location.column() as usize;
            let message = message.unwrap_or_else(|| syntax_error(Some(column), parser_says));
            Diagnostic::error(file, Some(line), field.as_deref(), message)
        }
    };
    let from = first.line.unwrap_or(line);
    let later = slips
        .iter()
        .enumerate()
        .filter(|&(i, slip)| Some(i) != explained && slip.line >= from)
        .map(|(_, slip)| {
            Diagnostic::error(file, Some(slip.line), slip.field.as_deref(), slip.message())
        });
    std::iter::once(first).chain(later).collect()
}

/// Refuses a control character written as it is anywhere in a content
/// file, naming its line and, in the front matter, its field.
pub fn refuse_raw_control_characters(
    text: &str,
    parts: &FrontMatterParts<'_>,
    file: &Path,
) -> Result<(), Diagnostic> {
    let Some((offset, c)) = control_character(text) else {
        return Ok(());
    };
    let line = line_of_offset(text, offset);
    let front_lines = parts.front_line..parts.front_line + parts.front.lines().count();
    let field = front_lines
        .contains(&line)
        .then(|| key_path_at(parts.front, line + 1 - parts.front_line))
        .flatten();
    Err(Diagnostic::error(
        file,
        Some(line),
        field.as_deref(),
        control_character_message(c),
    ))
}

/// What [`refusal`] says it did not expect: `explain` shows its reason alone.
const REFUSED_TEXT: &str = "refused text";

/// A front-matter text with no control character: a YAML escape (`"\e"`,
/// `"\0"`) puts one in a value without it showing in the file.
struct Text(String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        refusal(&text).map_or(Ok(Text(text)), Err)
    }
}

/// The error for a text holding a control character. An invalid value, not
/// a custom error: serde-saphyr gives it the line of its key or list item.
fn refusal<E: serde::de::Error>(text: &str) -> Option<E> {
    let (_, c) = control_character(text)?;
    let reason = control_character_message(c);
    Some(E::invalid_value(
        Unexpected::Other(REFUSED_TEXT),
        &reason.as_str(),
    ))
}

/// `deserialize_with` of the front matter's text fields.
pub(super) fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Text::deserialize(deserializer).map(|text| text.0)
}

/// `deserialize_with` of the front matter's lists of texts.
pub(super) fn texts<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    let texts = Vec::<Text>::deserialize(deserializer)?;
    Ok(texts.into_iter().map(|text| text.0).collect())
}

/// `deserialize_with` of an achievement, which may be text.
pub(super) fn scalar<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Scalar>, D::Error> {
    let scalar = Option::<Scalar>::deserialize(deserializer)?;
    if let Some(Scalar::Text(text)) = &scalar {
        if let Some(error) = refusal(text) {
            return Err(error);
        }
    }
    Ok(scalar)
}

/// `deserialize_with` of `extra:`: a mapping of texts, in the order
/// written; a number is kept as the text written, an empty value as "".
pub(super) fn extra<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Extra, D::Error> {
    struct ExtraVisitor;
    impl<'de> Visitor<'de> for ExtraVisitor {
        type Value = Extra;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a mapping of field names to texts")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Extra, A::Error> {
            let mut pairs = Vec::new();
            while let Some((key, value)) = map.next_entry::<Text, Option<Scalar>>()? {
                let value = value.map(Scalar::into_text).unwrap_or_default();
                if let Some(error) = refusal(&value) {
                    return Err(error);
                }
                pairs.push((key.0, value));
            }
            Ok(pairs.into_iter().collect())
        }
    }
    deserializer.deserialize_map(ExtraVisitor)
}

/// serde-saphyr's message: its first line, without its location prefix.
fn parser_message(display: &str) -> &str {
    let first = display.lines().next().unwrap_or(display);
    first
        .strip_prefix("error: ")
        .map(|m| match m.find(": ") {
            Some(i) if m.starts_with("line ") => &m[i + 2..],
            _ => m,
        })
        .unwrap_or(first)
}

/// A YAML syntax error no slip explains: where, and what to look for.
fn syntax_error(column: Option<usize>, parser_says: &str) -> String {
    let at = column
        .map(|c| format!("（{c} 文字目）"))
        .unwrap_or_default();
    format!(
        "YAML の書き方が正しくありません{at}。字下げ、値の中の「: 」、引用符「\"」や括弧「[」の閉じ忘れがないか確かめてください\n{}",
        expert_line(parser_says)
    )
}

/// The parser's own words, kept for whoever knows YAML.
fn expert_line(parser_says: &str) -> String {
    format!("（YAML の解析器の表示: {parser_says}）")
}

/// The parser's message in plain words: the field it names, the message
/// (none for a YAML syntax error, which a slip or [`syntax_error`] tells),
/// and whether that field is missing.
fn explain(message: &str) -> (Option<String>, Option<String>, bool) {
    let refused = format!("invalid value: {REFUSED_TEXT}, expected ");
    if let Some(reason) = message.strip_prefix(&refused) {
        return (None, Some(reason.to_string()), false);
    }
    if let Some(field) = backticked(message, "missing field `") {
        return (Some(field), Some("必須の項目がありません".into()), true);
    }
    if let Some(field) = backticked(message, "unknown field `") {
        let expected: Vec<&str> = message
            .split_once("expected one of ")
            .map(|(_, list)| list.split(", ").map(|s| s.trim_matches('`')).collect())
            .unwrap_or_default();
        let hint = match closest(&field, &expected) {
            Some(best) => format!("（「{best}」の間違いではありませんか）"),
            None => String::new(),
        };
        let message = format!(
            "知らない項目です{hint}。使える項目: {}",
            expected.join(", ")
        );
        return (Some(field), Some(message), false);
    }
    let plain = match message {
        m if m.starts_with("invalid u") || m.starts_with("invalid i") => {
            Some("整数を書いてください".to_string())
        }
        m if m.contains("expected string scalar") => Some("文字列を書いてください".to_string()),
        m if m.contains("invalid type") => Some(format!("値の種類が違います（{m}）")),
        _ => None,
    };
    (None, plain, false)
}

/// The dotted path of the key a front-matter line is under
/// (`years.2019.status`): its own key, then those of the less indented
/// lines above it. A list item without a key is under its list's key.
fn key_path_at(front: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = front.lines().take(line).collect();
    let (mut column, key) = key_of(lines.last()?)?;
    let mut path: Vec<&str> = key.into_iter().collect();
    for text in lines.iter().rev().skip(1) {
        if column == 0 {
            break;
        }
        if let Some((indent, Some(key))) = key_of(text) {
            if indent < column {
                path.push(key);
                column = indent;
            }
        }
    }
    path.reverse();
    (!path.is_empty()).then(|| path.join("."))
}

/// The column at which a line's content starts (after any `- `) and its
/// key, if it has one; `None` for a blank line or a comment.
fn key_of(line: &str) -> Option<(usize, Option<&str>)> {
    let mut content = line.trim_start();
    if content.is_empty() || content.starts_with('#') {
        return None;
    }
    while let Some(item) = content.strip_prefix("- ") {
        content = item.trim_start();
    }
    let column = line.len() - content.len();
    let key = content.split_once(':').map(|(key, _)| key).filter(|key| {
        !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    });
    Some((column, key))
}

fn backticked(message: &str, prefix: &str) -> Option<String> {
    let rest = message.strip_prefix(prefix)?;
    Some(rest[..rest.find('`')?].to_string())
}

/// The expected name nearest to a misspelt one, if it is close enough.
fn closest<'a>(name: &str, expected: &[&'a str]) -> Option<&'a str> {
    expected
        .iter()
        .map(|e| (edit_distance(name, e), *e))
        .filter(|(d, e)| *d <= 2.max(e.len() / 3))
        .min()
        .map(|(_, e)| e)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::MeasureFront;

    #[test]
    fn splits_front_matter_and_body() {
        let parts = split_front_matter("---\ntitle: a\n---\n\nbody\n").unwrap();
        assert_eq!(parts.front, "title: a\n");
        assert_eq!(parts.body, "body\n");
        assert!(split_front_matter("title: a\n").is_none());
        assert!(
            split_front_matter("---\ntitle: a\n").is_none(),
            "unterminated"
        );
        assert!(split_front_matter("\u{feff}---\r\ntitle: a\r\n---\r\n").is_some());
    }

    fn measure_error(front: &str) -> Diagnostic {
        let mut errors =
            super::super::link::parse_measure_front(front, Path::new("m.md"), 2, "policy")
                .unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        errors.remove(0)
    }

    #[test]
    fn missing_field_names_it() {
        let d = measure_error("id: a\ntitle: t\n");
        assert_eq!(d.field.as_deref(), Some("policy"));
        assert_eq!(d.line, Some(1), "the opening ---");
        assert_eq!(d.message, "必須の項目がありません");
    }

    #[test]
    fn unknown_field_suggests_the_nearest() {
        let d = measure_error("id: a\npolicy: 1\ntitle: t\npolcy: 2\n");
        assert_eq!(d.line, Some(5), "front matter line 4 is file line 5");
        assert_eq!(d.field.as_deref(), Some("polcy"));
        assert!(d.message.contains("「policy」の間違い"), "{}", d.message);
    }

    #[test]
    fn wrong_type_is_explained() {
        let d = measure_error("id: a\npolicy: 1\ntitle: t\nplan_page: いち\n");
        assert_eq!(d.line, Some(5));
        assert_eq!(d.field.as_deref(), Some("plan_page"));
        assert_eq!(d.message, "整数を書いてください");
    }

    #[test]
    fn a_field_is_named_by_its_key_path() {
        let front = "id: a\nyears:\n  2019:\n    status: |\n      1. 相談: 実施\n    evaluation: x\nsections:\n  - 課\n  - 室\nfiscal_years:\n  - year: 2019\n    label: x\n";
        for (line, path) in [
            (1, "id"),
            (5, "years.2019.status"),
            (6, "years.2019.evaluation"),
            (9, "sections"),
            (11, "fiscal_years.year"),
            (12, "fiscal_years.label"),
        ] {
            assert_eq!(
                key_path_at(front, line).as_deref(),
                Some(path),
                "line {line}"
            );
        }
    }

    #[test]
    fn a_control_character_from_a_yaml_escape_is_refused_with_its_line() {
        let d = measure_error("id: a\npolicy: 1\ntitle: t\nsections:\n  - 課\n  - \"\\e[2J\"\n");
        assert_eq!(d.line, Some(7));
        assert_eq!(d.field.as_deref(), Some("sections"));
        assert!(d.message.starts_with("制御文字（U+001B）"), "{}", d.message);
    }

    #[test]
    fn achievement_may_be_a_number_or_text() {
        let m: MeasureFront = super::super::link::parse_measure_front(
            "id: a\npolicy: 1\ntitle: t\nyears:\n  2019:\n    achievement: 70\n  2020:\n    achievement: 実施\n",
            Path::new("m.md"),
            2,
            "policy",
        )
        .unwrap();
        let texts: Vec<String> = m
            .years
            .into_values()
            .map(|y| y.value.achievement.unwrap().into_text())
            .collect();
        assert_eq!(texts, ["70", "実施"]);
    }
}
