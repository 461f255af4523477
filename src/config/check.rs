//! What `site.toml`'s types cannot say: every setting reaches a page,
//! `robots.txt`, the sitemap or the open data as it is written, so each is
//! checked, and a problem names its line and key.

use std::ops::Range;
use std::path::Path;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::grades::{self, MAX_GRADE_STEPS};
use super::{line_of_offset, SiteConfig};
use crate::diagnostics::Diagnostic;
use crate::model::text::{control_character, control_character_message, shown};

const URL_EXAMPLE: &str = "（例: https://www.city.example.lg.jp/keikaku/）";

/// The first problem of `config`, read from `text`.
pub(super) fn check(config: &SiteConfig, text: &str, path: &Path) -> Result<(), Diagnostic> {
    // `text` has parsed already; this second reading keeps where each value is.
    let table = DeTable::parse(text)
        .map_err(|e| Diagnostic::error(path, None, None, e.message().to_string()))?;
    let table = table.get_ref();
    let error = |span: Option<Range<usize>>, key: &str, message: String| {
        let line = span.map(|span| line_of_offset(text, span.start));
        Diagnostic::error(path, line, Some(key), message)
    };
    let mut texts = Vec::new();
    texts_of_table(table, "", &mut texts);
    for (key, span, text) in texts {
        if let Some((_, c)) = control_character(text) {
            return Err(error(Some(span), &key, control_character_message(c)));
        }
    }
    let span_of = |key: &str| table.get(key).map(Spanned::span);
    if let Some(problem) = base_url_problem(&config.base_url) {
        return Err(error(span_of("base_url"), "base_url", problem));
    }
    if let Some(problem) = crate::render::theme::name_problem(&config.theme) {
        return Err(error(span_of("theme"), "theme", problem));
    }
    if config.grades.is_empty() {
        return Err(error(
            span_of("grades"),
            "grades",
            "達成度の区分（grades）が一つもありません。[[grades]] に label と min を書くか、grades を消して標準の区分を使ってください".into(),
        ));
    }
    let bands = array_of_tables(table, "grades");
    let band_span = |i: usize, key: &str| bands.get(i)?.get(key).map(Spanned::span);
    if let Some((i, key, problem)) = grades_problem(config) {
        // A step without that key (a missing `min`) is named by its first key.
        let span = band_span(i, key).or_else(|| Some(bands.get(i)?.iter().next()?.0.span()));
        return Err(error(span, &format!("grades.{key}"), problem));
    }
    let levels = array_of_tables(table, "levels");
    let level_span = |i: usize, key: &str| levels.get(i)?.get(key).map(Spanned::span);
    if let Some((i, key, problem)) = super::levels::levels_problem(&config.levels) {
        return Err(error(level_span(i, key), &format!("levels.{key}"), problem));
    }
    let fields = array_of_tables(table, "fields");
    let field_span = |i: usize, key: &str| fields.get(i)?.get(key).map(Spanned::span);
    if let Some((i, key, problem)) = super::declared::figures_problem(&config.fields) {
        return Err(error(field_span(i, key), &format!("fields.{key}"), problem));
    }
    Ok(())
}

/// The tables of an array of tables (`[[grades]]`), in order.
fn array_of_tables<'a>(table: &'a DeTable<'a>, name: &str) -> Vec<&'a DeTable<'a>> {
    match table.get(name).map(Spanned::get_ref) {
        Some(DeValue::Array(items)) => items
            .iter()
            .filter_map(|item| match item.get_ref() {
                DeValue::Table(entry) => Some(entry),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Every text of a table and of the tables in it, keys included, as (dotted
/// key, where it is written, text).
fn texts_of_table<'a>(
    table: &'a DeTable<'a>,
    prefix: &str,
    found: &mut Vec<(String, Range<usize>, &'a str)>,
) {
    for (key, value) in table.iter() {
        let path = match prefix {
            "" => shown(key.get_ref()),
            _ => format!("{prefix}.{}", shown(key.get_ref())),
        };
        found.push((path.clone(), key.span(), key.get_ref()));
        texts_of_value(value, &path, found);
    }
}

fn texts_of_value<'a>(
    value: &'a Spanned<DeValue<'a>>,
    path: &str,
    found: &mut Vec<(String, Range<usize>, &'a str)>,
) {
    match value.get_ref() {
        DeValue::String(text) => found.push((path.to_string(), value.span(), text)),
        DeValue::Array(items) => items
            .iter()
            .for_each(|item| texts_of_value(item, path, found)),
        DeValue::Table(table) => texts_of_table(table, path, found),
        _ => {}
    }
}

/// Why `url` cannot be `base_url`: it is written into `robots.txt`, the
/// sitemap and every page's canonical link as it is, so it must be empty
/// or an absolute http(s) URL of a folder, with a host and nothing that
/// could end or break the line or the attribute it stands in.
pub(super) fn base_url_problem(url: &str) -> Option<String> {
    if url.is_empty() {
        return None;
    }
    if let Some(c) = url.chars().find(|&c| {
        c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '`' | '<' | '>' | '\\')
    }) {
        let what = if c.is_whitespace() || c.is_control() {
            "空白・改行・制御文字".to_string()
        } else {
            format!("「{c}」")
        };
        return Some(format!(
            "{what}は使えません。公開先のURLだけを書いてください{URL_EXAMPLE}"
        ));
    }
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return Some(format!(
            "https:// か http:// で始まる絶対URLにしてください{URL_EXAMPLE}"
        ));
    };
    if url.contains(['?', '#']) {
        return Some(format!(
            "? や # は使えません。サイトを置いたフォルダのURLにしてください{URL_EXAMPLE}"
        ));
    }
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.contains('@') {
        return Some(
            "ユーザー名やパスワード（@ の前）は書けません（すべてのページに載って公開されます）"
                .into(),
        );
    }
    let host = match authority.rsplit_once(':') {
        Some((host, port)) if port.chars().all(|c| c.is_ascii_digit()) => host,
        _ => authority,
    };
    if host.is_empty() {
        return Some(format!("ホスト名がありません{URL_EXAMPLE}"));
    }
    None
}

/// The first step of `config.grades` that is wrong: (index, key, why).
/// Labels name the steps on every chart; bands' `min`s must split 0–100 %
/// from the highest band down (NaN would catch no achievement); symbols
/// must each read as one step (see `grades::symbols_problem`).
fn grades_problem(config: &SiteConfig) -> Option<(usize, &'static str, String)> {
    let steps = &config.grades;
    if steps.len() > MAX_GRADE_STEPS {
        return Some((
            MAX_GRADE_STEPS,
            "symbol",
            format!(
                "達成度の区分（grades）が {} 個あります。グラフで見分けられるよう {MAX_GRADE_STEPS} 個までにしてください",
                steps.len()
            ),
        ));
    }
    if let Some(mixed) = steps
        .iter()
        .position(|step| step.symbol.is_some() != steps[0].symbol.is_some())
    {
        let (with, without) = if steps[0].symbol.is_some() {
            (1, mixed + 1)
        } else {
            (mixed + 1, 1)
        };
        return Some((
            mixed,
            "symbol",
            format!(
                "達成度の区分（grades）に記号（symbol）のある区分とない区分が混ざっています（{with} 番目には symbol があり、{without} 番目にはありません）。すべての区分に symbol を書くか、すべて割合の区分（label と min）にしてください"
            ),
        ));
    }
    if steps[0].symbol.is_some() {
        return grades::symbols_problem(steps);
    }
    for (i, band) in steps.iter().enumerate() {
        let number = i + 1;
        let label = band.label.trim();
        if label.is_empty() {
            return Some((
                i,
                "label",
                format!("{number} 番目の区分の label が空です。区分の名前（例: 80〜99%）を書いてください"),
            ));
        }
        if let Some(problem) = grades::repeated_label(steps, i) {
            return Some(problem);
        }
        if band.not_evaluable || !band.also.is_empty() {
            let key = if band.not_evaluable {
                "not_evaluable"
            } else {
                "also"
            };
            return Some((
                i,
                key,
                format!("{key} は記号の区分（symbol のある区分）にだけ書けます。{number} 番目の区分から消すか、すべての区分に symbol を書いてください"),
            ));
        }
        let Some(min) = band.min.filter(|min| (0.0..=100.0).contains(min)) else {
            return Some((
                i,
                "min",
                format!("{number} 番目の区分の min は 0 から 100 までの数にしてください（nan や inf は使えません）"),
            ));
        };
        let above = i.checked_sub(1).and_then(|j| steps[j].min);
        if let Some(above) = above.filter(|&above| min >= above) {
            return Some((
                i,
                "min",
                format!(
                    "達成度の区分（grades）は min の大きい順に並べてください（{number} 番目の min {min} が {i} 番目の {above} 以上です）"
                ),
            ));
        }
    }
    None
}
