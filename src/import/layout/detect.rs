//! `shinchoku import --detect TABLE`: a layout proposed from the headings
//! and rows a table has, as `site.toml` text with a comment per guess, and
//! what could not be decided.

use std::path::Path;

use super::detect_indicators;
use super::levels::looks_like_heading;
use super::settings::{BARE_YEAR_FIELD, TITLE};
use super::text::{compact, field_key};
use crate::import::source::{read_source, SheetChoice, Source};
use crate::import::ImportError;
use crate::model::leading_year;

/// The rows searched for the header.
const HEADER_ROWS_SEARCHED: usize = 50;

/// Headings that name a role, the likeliest first (compared compacted).
const ROLE_HEADINGS: [(&str, &[&str]); 6] = [
    ("計画における項目", &["計画における項目"]),
    (
        TITLE,
        &[
            "実施内容",
            "事務事業名",
            "事業名",
            "取組内容",
            "取組名",
            "取組",
            "取り組み",
            "主な取組",
            "指標名",
            "評価指標名",
            "評価指標",
            "指標",
            "項目名",
        ],
    ),
    ("計画書ページ", &["計画書ページ", "ページ"]),
    ("担当部署", &["担当部署", "担当部", "所管部", "部局名"]),
    (
        "担当課",
        &["担当課", "所管課", "担当課名", "部課名", "課名"],
    ),
    ("ID", &["ID", "事務事業ID", "事業ID", "事業番号"]),
];
/// Headings of columns that hold staff names and contact details.
const PRIVATE_WORDS: [&str; 9] = [
    "課長名",
    "担当者",
    "電話",
    "内線",
    "メール",
    "e-mail",
    "氏名",
    "職員名",
    "連絡先",
];
/// Headings of running numbers, not data.
const RUNNING_NUMBERS: [&str; 4] = ["No.", "No", "通し番号", "連番"];
/// Front-matter keys of levels cities commonly name.
const LEVEL_KEYS: [(&str, &str); 9] = [
    ("基本施策", "policy"),
    ("政策", "seisaku"),
    ("施策", "shisaku"),
    ("基本事業", "kihon_jigyo"),
    ("基本目標", "kihon_mokuhyo"),
    ("基本方針", "kihon_hoshin"),
    ("分野", "bunya"),
    ("目標", "mokuhyo"),
    ("事業", "jigyo"),
];

/// What `--detect` found: `site.toml` text for stdout, and what it could
/// not decide, for stderr.
#[derive(Debug, Clone)]
pub struct Detected {
    pub toml: String,
    pub undecided: Vec<String>,
}

/// Proposes a layout for the table at `path`.
pub fn detect(path: &Path, encoding: Option<&str>) -> Result<Detected, ImportError> {
    let holds_table = |rows: &[crate::import::source::SourceRow]| header_row(rows).is_some();
    let choice = SheetChoice {
        name: None,
        holds_table: &holds_table,
    };
    let source = read_source(path, encoding, &choice)?;
    Ok(propose(&source))
}

/// The header row's index: the first row with a heading of a measure's title.
fn header_row(rows: &[crate::import::source::SourceRow]) -> Option<usize> {
    rows.iter()
        .take(HEADER_ROWS_SEARCHED)
        .position(|row| title_column(&row.cells).is_some())
}

fn title_column(cells: &[String]) -> Option<usize> {
    ROLE_HEADINGS[1]
        .1
        .iter()
        .find_map(|wanted| cells.iter().position(|c| compact(c) == compact(wanted)))
}

fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn propose(source: &Source) -> Detected {
    let mut out = Toml::default();
    let mut undecided = Vec::new();
    let Some(header_at) = header_row(&source.rows) else {
        undecided.push(format!(
            "{}: 施策の名前の列（{}）が見つかりません。見出しの行と、施策の名前の列を [import] の header_row と [import.columns] の \"{TITLE}\" に書いてください",
            source.label.display(),
            ROLE_HEADINGS[1].1.join("・")
        ));
        return Detected {
            toml: String::new(),
            undecided,
        };
    };
    let header = &source.rows[header_at];
    let cells = &header.cells;
    let headings: Vec<String> = cells.iter().map(|c| compact(c)).collect();
    let mut taken: Vec<usize> = Vec::new();

    out.line("# shinchoku import --detect が表の見出しから推測した設定です。確かめてから site.toml の末尾に書き足してください。");
    // Top-level keys cannot follow a table in TOML: said, not written.
    let title_at = title_column(cells).unwrap_or_default();
    let measure_word = field_key(&cells[title_at])
        .trim_end_matches('名')
        .to_string();

    let levels = column_levels(cells, &headings);
    let heading_levels = if levels.is_empty() {
        heading_levels(source, header_at)
    } else {
        Vec::new()
    };
    let level_names: Vec<String> = levels
        .iter()
        .map(|l| l.name.clone())
        .chain(heading_levels.iter().map(|(word, _)| word.clone()))
        .collect();
    if measure_word != TITLE {
        out.line(&format!(
            "# 1件の名前: site.toml の最初の [ より前に measure_name = {} と書いてください（「{}」の列から推測）",
            quoted(&measure_word),
            field_key(&cells[title_at])
        ));
    }
    for name in &level_names {
        let key = LEVEL_KEYS
            .iter()
            .find(|(word, _)| word == name)
            .map(|(_, key)| *key);
        out.line("");
        out.line("[[levels]]");
        out.line(&format!("name = {}  # 表の見出しから", quoted(name)));
        match key {
            Some(key) => out.line(&format!("key = {}", quoted(key))),
            None => {
                let key = format!("level{}", out.levels + 1);
                undecided.push(format!(
                    "階層「{name}」の key（英小文字）を決められませんでした。仮に {key} としました"
                ));
                out.line(&format!(
                    "key = {}  # 英小文字の名前に直してください",
                    quoted(&key)
                ));
            }
        }
        out.levels += 1;
    }
    if level_names.is_empty() {
        undecided.push("計画の階層（基本施策など）が見つかりません。列か見出し行で階層を示し、[[import.levels]] に書いてください".into());
    }

    for cell in cells {
        let key = field_key(cell);
        if PRIVATE_WORDS
            .iter()
            .any(|word| compact(&key).contains(&compact(word)))
        {
            out.line("");
            out.line("[[fields]]");
            out.line(&format!("key = {}", quoted(&key)));
            out.line("private = true  # 職員の名前や連絡先のようです: サイトには出しません");
        }
    }

    out.line("");
    out.line("[import]");
    if let Some(sheet) = &source.sheet {
        out.line(&format!(
            "sheet = {}  # 見出しが見つかったシート",
            quoted(sheet)
        ));
    }
    out.line(&format!("header_row = {}  # 見出しの行", header.number));
    let ignored: Vec<String> = cells
        .iter()
        .enumerate()
        .filter(|(_, c)| RUNNING_NUMBERS.iter().any(|n| compact(c) == compact(n)))
        .map(|(i, c)| {
            taken.push(i);
            field_key(c)
        })
        .collect();
    if !ignored.is_empty() {
        let list: Vec<String> = ignored.iter().map(|h| quoted(h)).collect();
        out.line(&format!(
            "ignore = [{}]  # 通し番号: 取り込みません",
            list.join(", ")
        ));
    }
    let mut columns = Vec::new();
    let mut absent = Vec::new();
    for (role, candidates) in ROLE_HEADINGS {
        let found = candidates.iter().find_map(|wanted| {
            (0..cells.len()).find(|i| !taken.contains(i) && headings[*i] == compact(wanted))
        });
        match found {
            Some(i) => {
                taken.push(i);
                if headings[i] != compact(role) {
                    columns.push((role, field_key(&cells[i])));
                }
            }
            None if role != "ID" => absent.push(quoted(role)),
            None => {}
        }
    }
    if !absent.is_empty() {
        out.line(&format!("absent = [{}]  # 表にない列", absent.join(", ")));
    }
    if !columns.is_empty() {
        out.line("");
        out.line("[import.columns]  # 列の役割 = 表の見出し");
        for (role, heading) in &columns {
            out.line(&format!("{} = {}", quoted(role), quoted(heading)));
        }
    }
    for level in &levels {
        taken.extend(&level.columns);
        out.line("");
        out.line("[[import.levels]]");
        let numbers: Vec<String> = level.number.iter().map(|h| quoted(h)).collect();
        out.line(&format!(
            "number = [{}]  # 番号の列（複数なら続けて読みます）",
            numbers.join(", ")
        ));
        out.line(&format!("title = {}", quoted(&level.title)));
    }
    for (_, pattern) in &heading_levels {
        out.line("");
        out.line("[[import.levels]]");
        out.line(&format!("heading = {}  # 見出し行の形", quoted(pattern)));
    }
    let free: Vec<usize> = (0..cells.len())
        .filter(|i| !taken.contains(i) && !headings[*i].is_empty())
        .collect();
    let indicators = detect_indicators::guess(cells, &free, &cells[title_at]);
    taken.extend(indicators.iter().flat_map(|g| g.columns.iter().copied()));
    let bare_years = years(cells, &headings, &taken, &mut out, &mut undecided);
    for indicator in indicators {
        let value = indicator
            .value
            .or_else(|| bare_years.then(|| BARE_YEAR_FIELD.to_string()));
        let Some(value) = value else {
            undecided.push(format!(
                "指標（{}）の年度ごとの値の列が見つかりません。[[import.indicators]] の value に、年度ごとの値の項目名を書いてください",
                indicator.why
            ));
            continue;
        };
        out.line("");
        out.line(&format!("[[import.indicators]]  # {}", indicator.why));
        for (key, heading, comment) in &indicator.settings {
            out.line(&format!("{key} = {}  # {comment}", quoted(heading)));
        }
        out.line(&format!("value = {}  # 年度ごとの値の項目", quoted(&value)));
    }
    Detected {
        toml: out.text,
        undecided,
    }
}

#[derive(Default)]
struct Toml {
    text: String,
    levels: usize,
}

impl Toml {
    fn line(&mut self, line: &str) {
        self.text.push_str(line);
        self.text.push('\n');
    }
}

/// A level given by columns: `X番号` (one or several, `十の位`/`一の位`)
/// beside `X名`.
struct ColumnLevel {
    name: String,
    number: Vec<String>,
    title: String,
    columns: Vec<usize>,
}

fn column_levels(cells: &[String], headings: &[String]) -> Vec<ColumnLevel> {
    let mut levels = Vec::new();
    for (i, heading) in headings.iter().enumerate() {
        let Some(name) = heading.strip_suffix('名') else {
            continue;
        };
        let number_columns: Vec<usize> = headings
            .iter()
            .enumerate()
            .filter(|(_, h)| h.starts_with(&format!("{name}番号")))
            .map(|(j, _)| j)
            .collect();
        if name.is_empty() || number_columns.is_empty() {
            continue;
        }
        levels.push(ColumnLevel {
            name: name.to_string(),
            number: number_columns
                .iter()
                .map(|&j| field_key(&cells[j]))
                .collect(),
            title: field_key(&cells[i]),
            columns: number_columns.into_iter().chain([i]).collect(),
        });
    }
    levels
}

/// Levels given by heading rows: each word (`基本目標`, `施策`) in the
/// order first seen, with the pattern its rows are written in.
fn heading_levels(source: &Source, header_at: usize) -> Vec<(String, String)> {
    let mut levels: Vec<(String, String)> = Vec::new();
    // Heading rows may come before the header (a title row, then the
    // first policy, then the headings).
    for (i, row) in source.rows.iter().enumerate() {
        if i == header_at || !looks_like_heading(&row.cells) {
            continue;
        }
        let first = row
            .cells
            .iter()
            .find(|c| !c.trim().is_empty())
            .map(|c| c.trim())
            .unwrap_or_default();
        let text = compact(first);
        let bracket = text.starts_with('【');
        let word: String = text
            .trim_start_matches('【')
            .chars()
            .take_while(|c| !c.is_ascii_digit())
            .collect();
        if levels.iter().any(|(known, _)| *known == word) {
            continue;
        }
        let pattern = match (bracket, text.contains('】')) {
            (true, true) => format!("【{word}{{number}}】{{title}}"),
            _ => {
                let rest = text.trim_start_matches('【')[word.len()..]
                    .trim_start_matches(|c: char| c.is_ascii_digit());
                if rest.is_empty() {
                    format!("{word}{{number}}")
                } else {
                    format!("{word}{{number}} {{title}}")
                }
            }
        };
        levels.push((word, pattern));
    }
    levels
}

/// `[import.years]`: the bundled four columns per year need nothing;
/// else the width of a year's block and its fields, or blocks without a
/// year counted back from a year column. True when the year columns are
/// headed by a year alone (their field is [`BARE_YEAR_FIELD`]).
fn years(
    cells: &[String],
    headings: &[String],
    taken: &[usize],
    out: &mut Toml,
    undecided: &mut Vec<String>,
) -> bool {
    let free: Vec<usize> = (0..cells.len())
        .filter(|i| !taken.contains(i) && !headings[*i].is_empty())
        .collect();
    let with_year: Vec<(usize, u16)> = free
        .iter()
        .filter(|&&i| !cells[i].contains("以降"))
        .filter_map(|&i| leading_year(&cells[i]).map(|read| (i, read.year)))
        .collect();
    if let Some(&(first, first_year)) = with_year.first() {
        let next = with_year.iter().find(|(_, year)| *year != first_year);
        let width = next.map_or(1, |(i, _)| {
            free.iter().filter(|&&c| c >= first && c < *i).count()
        });
        let fields: Vec<&str> = free
            .iter()
            .filter(|&&c| c >= first)
            .take(width)
            .map(|&c| {
                year_field(
                    &leading_year(&cells[c])
                        .map(|r| r.rest)
                        .unwrap_or_else(|| headings[c].clone()),
                )
            })
            .collect();
        if width == 4 && fields == super::settings::YEAR_ROLES {
            return false;
        }
        out.line("");
        out.line("[import.years]");
        out.line(&format!("width = {width}  # 1年度あたりの列の数"));
        if fields.iter().any(|f| !f.is_empty()) {
            let list: Vec<String> = fields.iter().map(|f| quoted(f)).collect();
            out.line(&format!(
                "fields = [{}]  # 各列の役割（\"\" は見出しの名前のまま年度ごとの項目に）",
                list.join(", ")
            ));
        }
        let bare = fields.iter().any(|f| f.is_empty()) && width == 1;
        if bare {
            out.line(&format!(
                "value = {}  # 見出しが年度だけの列の項目名",
                quoted(BARE_YEAR_FIELD)
            ));
        }
        return bare;
    }
    // Blocks repeating the same headings, their year in a column.
    let mut best: Option<(usize, usize, usize)> = None;
    for (s, &start) in free.iter().enumerate() {
        for width in 2..=(free.len() - s) / 2 {
            let block = |k: usize| {
                free.get(s + k * width..s + (k + 1) * width)
                    .map(|cols| cols.iter().map(|&c| &headings[c]).collect::<Vec<_>>())
            };
            let mut count = 1;
            while block(count).is_some() && block(count) == block(0) {
                count += 1;
            }
            if count >= 2 && best.is_none_or(|(_, w, k)| width * count > w * k) {
                best = Some((start, width, count));
            }
        }
    }
    let Some((start, width, count)) = best else {
        undecided.push("年度の列が見つかりません（見出しが 令和2年度・R3・2021年度 などで始まる列も、同じ見出しの繰り返しもありません）。[import.years] を書いてください".into());
        return false;
    };
    let year_column = free.iter().find(|&&c| headings[c].ends_with("年度"));
    out.line("");
    out.line("[import.years]");
    out.line(&format!(
        "width = {width}  # 同じ見出しの{width}列が{count}回繰り返されています: 1回が1年度"
    ));
    out.line(&format!(
        "first = {}  # 最初の年度の最初の列",
        quoted(&field_key(&cells[start]))
    ));
    match year_column {
        Some(&c) => {
            out.line(&format!("last_year_column = {}  # 最後の年度が書かれた列（7 は令和7年度と読みます）", quoted(&field_key(&cells[c]))));
        }
        None => undecided.push("最後の年度が書かれた列が見つかりません。[import.years] の last_year_column にその列の見出しを書いてください".into()),
    }
    false
}

/// The year role a heading names, or `""` (a per-year extra field).
fn year_field(heading: &str) -> &'static str {
    let text = compact(heading);
    if text.contains("実施状況") && !text.contains("評価") {
        "実施状況"
    } else if text.contains("評価") {
        "評価"
    } else if text.contains("達成度") || text.contains("達成率") || text.contains("達成状況")
    {
        "達成度"
    } else if text.contains("今後") {
        "今後の実施計画"
    } else {
        ""
    }
}
