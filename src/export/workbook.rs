//! A template as an Excel workbook: 「記入のしかた」 first, then the table
//! 「進捗状況」 with its column rules.
//!
//! Only the new year's four cells of each measure can be typed in: the
//! sheet is protected (without a password, so that a clerk who must can
//! lift it), its other cells — headings, the last year's answers, the ID
//! column — are locked and grey. The cells to fill in are yellow, hold text
//! as typed (Excel's text format, so `6/14` stays `6/14` and `80%` stays
//! `80%`), wrap, and explain themselves when selected. 達成度 is free text
//! (a percentage, one of the words the site grades, or a sentence), so it
//! gets a hint, not a list. The header row and the first two columns stay
//! in view while scrolling.
//!
//! The import finds the table by its header in column A: nothing in
//! 「記入のしかた」's column A starts with 計画における項目.

use rust_xlsxwriter::{
    DataValidation, Format, FormatBorder, ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use super::{measure_columns, year_columns, Template};
use crate::import::ERASE_MARKER;
use crate::model::{AchievementKind, FieldKind, FieldSpec};

const INSTRUCTIONS_SHEET: &str = "記入のしかた";
const TABLE_SHEET: &str = "進捗状況";

const HEADING_COLOR: &str = "#DDEBF7";
const REFERENCE_COLOR: &str = "#F2F2F2";
const FILL_IN_COLOR: &str = "#FFF2CC";

pub(super) fn xlsx_bytes(template: &Template, section: Option<&str>) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    write_instructions(workbook.add_worksheet(), template, section)?;
    write_table(workbook.add_worksheet(), template)?;
    workbook.save_to_buffer()
}

fn write_instructions(
    sheet: &mut Worksheet,
    template: &Template,
    section: Option<&str>,
) -> Result<(), XlsxError> {
    sheet.set_name(INSTRUCTIONS_SHEET)?;
    sheet.set_column_width(0, 100)?;
    let title = Format::new().set_bold().set_font_size(14);
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let new_label = &template.new_year.label;
    let whose = section.map_or(String::new(), |section| format!("（{section}）"));
    sheet.write_string_with_format(
        0,
        0,
        format!("{new_label}の進捗状況{whose}の記入のしかた"),
        &title,
    )?;
    for (row, line) in instruction_lines(template).iter().enumerate() {
        let row = u32::try_from(row + 2).unwrap_or(u32::MAX);
        sheet.write_string_with_format(row, 0, line, &wrap)?;
    }
    Ok(())
}

/// What the clerk needs to know, one paragraph a line.
fn instruction_lines(template: &Template) -> Vec<String> {
    let new_label = &template.new_year.label;
    let mut lines = vec![
        format!("1. 「{TABLE_SHEET}」シートの黄色のセル（{new_label}の 実施状況・評価・達成度・今後の実施計画 の4列）に記入してください。記入できるのは黄色のセルだけです。"),
    ];
    if let Some(last) = &template.last_year {
        lines.push(format!(
            "2. 灰色の列は参考です。{}の列は前回の回答です。",
            last.label
        ));
    } else {
        lines.push("2. 灰色の列は参考です。".into());
    }
    lines.extend([
        "3. 空欄のセルは「回答なし」として扱います。空欄にしても、すでにサイトにある内容は消えません。".to_string(),
        format!("4. すでにサイトにある内容を消したいときは、そのセルに {ERASE_MARKER} とだけ書いてください。"),
        format!("5. 達成度は 100%、80% のように割合で書いてください。割合で表せないときは {} のどれかを書くか、文章で書いてください。", achievement_words().join("・")),
        "6. ID の列、見出しの行、基本施策の行は変更しないでください。行や列を追加・削除したり、シート名を変えたりしないでください。ID で施策を見分けて取り込みます。".into(),
        "7. セルの中で改行するには Alt + Enter を押します。".into(),
        "8. 記入が終わったら、ファイル名を変えずに保存し、このファイルを送ってきた取りまとめ担当者に返してください。".into(),
    ]);
    lines
}

/// The words 達成度 takes besides a percentage, as the site grades them.
fn achievement_words() -> Vec<&'static str> {
    [
        AchievementKind::Implemented,
        AchievementKind::Cancelled,
        AchievementKind::NotAchieved,
        AchievementKind::NotCarriedOut,
        AchievementKind::NotEvaluable,
    ]
    .iter()
    .map(AchievementKind::label)
    .collect()
}

fn write_table(sheet: &mut Worksheet, template: &Template) -> Result<(), XlsxError> {
    sheet.set_name(TABLE_SHEET)?;
    let bordered = |format: Format| format.set_border(FormatBorder::Thin).set_text_wrap();
    let heading = bordered(Format::new().set_bold().set_background_color(HEADING_COLOR));
    let policy = bordered(Format::new().set_bold());
    let reference = bordered(Format::new().set_background_color(REFERENCE_COLOR));
    let fill_in = bordered(
        Format::new()
            .set_background_color(FILL_IN_COLOR)
            .set_num_format("@")
            .set_unlocked(),
    );
    let fill_in_columns =
        template.new_year_column()..template.new_year_column() + year_columns().count();
    let width = template.rows.first().map_or(0, Vec::len);
    for (r, row) in template.rows.iter().enumerate() {
        let is_measure = r > 0 && row.len() == width;
        let r = u32::try_from(r).unwrap_or(u32::MAX);
        for c in 0..if is_measure { width } else { row.len() } {
            let cell = row.get(c).map_or("", String::as_str);
            let format = match r {
                0 => &heading,
                _ if !is_measure => &policy,
                _ if fill_in_columns.contains(&c) => &fill_in,
                _ => &reference,
            };
            sheet.write_string_with_format(r, column(c), cell, format)?;
        }
    }
    for c in 0..width {
        sheet.set_column_width(column(c), column_width(template, c))?;
    }
    let last_row = u32::try_from(template.rows.len().saturating_sub(1)).unwrap_or(u32::MAX);
    if last_row > 0 {
        for (c, hint) in fill_in_columns.zip(year_columns().map(hint)) {
            sheet.add_data_validation(1, column(c), last_row, column(c), &hint?)?;
        }
    }
    sheet.set_freeze_panes(1, 2)?;
    // Columns and rows may be resized, nothing else changed.
    sheet.protect_with_options(&ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });
    Ok(())
}

/// What one of the new year's cells says when selected: its field's
/// label, what to write, and what a blank means.
fn hint(spec: &FieldSpec) -> Result<DataValidation, XlsxError> {
    let what = spec.export.map_or("", |export| export.hint);
    let what = what.replace("{words}", &achievement_words().join("・"));
    DataValidation::new()
        .allow_any_value()
        .set_input_title(spec.label)?
        .set_input_message(format!(
            "{what}空欄は「回答なし」で、サイトの内容は消えません。消すときは {ERASE_MARKER} と書きます。"
        ))
}

/// Prose wide, short values narrow.
fn column_width(template: &Template, c: usize) -> f64 {
    let measure_columns: Vec<FieldKind> = measure_columns().map(|spec| spec.kind).collect();
    let year_columns: Vec<FieldKind> = year_columns().map(|spec| spec.kind).collect();
    let years = template.last_year.iter().count() + 1;
    let id_column = measure_columns.len() + year_columns.len() * years;
    let kind = match c.checked_sub(measure_columns.len()) {
        None => measure_columns[c],
        Some(_) if c == id_column => return 12.0,
        Some(c) => year_columns[c % year_columns.len()],
    };
    match kind {
        FieldKind::Text => 22.0,
        FieldKind::Title => 28.0,
        FieldKind::PlanPage | FieldKind::Flag => 9.0,
        FieldKind::Names => 16.0,
        FieldKind::Achievement => 14.0,
        FieldKind::Markdown => 40.0,
    }
}

fn column(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}
