//! Rows that do not fit their columns. Each is judged by a general rule, its
//! cells moved where the intent is clear, and always reported: a warning with
//! the row number, and a note in the measure quoting the original cells.

use super::answers::is_erase_marker;
pub(crate) use super::sparse::FilledFields;
use super::sparse::{sparse_row, SparseRow};
use super::table::{DataRow, FIXED_COLUMNS, YEAR_COLUMNS};
use super::Warnings;
use crate::model::{Achievement, AchievementKind, FiscalYear};

/// 実施状況, 評価, 達成度, 今後の実施計画: the year columns, in table order.
pub(crate) const YEAR_FIELDS: [&str; YEAR_COLUMNS] =
    ["実施状況", "評価", "達成度", "今後の実施計画"];

/// Shorter than this, an achievement cell is a value, not a sentence that
/// strayed in from the next column.
const PROSE_MIN_CHARS: usize = 15;
/// Cell text quoted in a warning is cut here (notes quote it whole).
const QUOTE_CHARS: usize = 30;

/// A data row's cells in their proper places.
pub(crate) struct RowCells {
    /// 計画における項目, 実施内容, 計画書ページ, 担当部署, 担当課.
    pub fixed: Vec<String>,
    /// One per fiscal year: 実施状況, 評価, 達成度, 今後の実施計画.
    pub years: Vec<[String; YEAR_COLUMNS]>,
    pub notes: Vec<String>,
}

/// Positions of a year's cells in `RowCells::years`.
pub(crate) const STATUS: usize = 0;
pub(crate) const EVALUATION: usize = 1;
pub(crate) const ACHIEVEMENT: usize = 2;
pub(crate) const NEXT_PLAN: usize = 3;

/// Places the row's cells, moving what a general rule recognises as misplaced.
pub(crate) fn realign(
    row: &DataRow,
    fiscal_years: &[FiscalYear],
    filled: &FilledFields,
    warnings: &mut Warnings,
) -> RowCells {
    let cell = |i: usize| {
        row.cells
            .get(i)
            .map(|c| c.trim().to_string())
            .unwrap_or_default()
    };
    let mut judged = Judged {
        line: row.line,
        warnings,
        notes: Vec::new(),
    };
    judged.check_width(row, FIXED_COLUMNS + YEAR_COLUMNS * fiscal_years.len());
    let mut years = Vec::with_capacity(fiscal_years.len());
    for (k, fy) in fiscal_years.iter().enumerate() {
        let first = FIXED_COLUMNS + YEAR_COLUMNS * k;
        let mut cells: [String; YEAR_COLUMNS] = std::array::from_fn(|j| cell(first + j));
        judged.achievement_in_evaluation(&fy.label, &mut cells);
        judged.ward_plans_in_evaluation(&fy.label, &mut cells);
        judged.check_achievement(&fy.label, &cells[ACHIEVEMENT]);
        years.push(cells);
    }
    judged.check_sparse(fiscal_years, &years, filled);
    RowCells {
        fixed: (0..FIXED_COLUMNS).map(cell).collect(),
        years,
        notes: judged.notes,
    }
}

struct Judged<'a> {
    line: usize,
    warnings: &'a mut Warnings,
    notes: Vec<String>,
}

impl Judged<'_> {
    fn report(&mut self, field: Option<String>, warning: String, note: String) {
        self.warnings.add(self.line, field.as_deref(), warning);
        self.notes.push(format!("行{}: {note}", self.line));
    }

    /// Fewer cells than columns: read as empty. More: the extra text is kept in a note.
    fn check_width(&mut self, row: &DataRow, expected: usize) {
        let extra: Vec<&str> = row
            .cells
            .iter()
            .skip(expected)
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .collect();
        if row.cells.len() < expected {
            self.warnings.add(
                self.line,
                None,
                format!(
                    "列が{}列しかありません（{expected}列のはず）。足りない欄は空欄として読みました",
                    row.cells.len()
                ),
            );
        } else if !extra.is_empty() {
            let quoted: Vec<String> = extra.iter().map(|c| format!("「{c}」")).collect();
            self.report(
                None,
                format!(
                    "表の右端（{expected}列より右）にも記載があります。import_notes に残しました: {}",
                    quote(extra[0])
                ),
                format!("表の右端の余分な欄に書かれていた記載: {}", quoted.join("")),
            );
        }
    }

    /// The evaluation holds the achievement, the achievement holds prose and
    /// the next plan is empty: the year's last three cells slid one column left.
    fn achievement_in_evaluation(&mut self, label: &str, cells: &mut [String; YEAR_COLUMNS]) {
        let evaluation_is_value = !matches!(
            Achievement::parse(&cells[EVALUATION]).kind,
            AchievementKind::Text | AchievementKind::Empty
        );
        let achievement_is_prose = Achievement::parse(&cells[ACHIEVEMENT]).kind
            == AchievementKind::Text
            && cells[ACHIEVEMENT].chars().count() >= PROSE_MIN_CHARS;
        if !(evaluation_is_value && achievement_is_prose && cells[NEXT_PLAN].is_empty()) {
            return;
        }
        let (evaluation, achievement) = (cells[EVALUATION].clone(), cells[ACHIEVEMENT].clone());
        self.report(
            Some(format!("{label} 評価")),
            format!(
                "列がずれているようです。評価欄の「{evaluation}」を達成度に、達成度欄の文章 {} を今後の実施計画に移しました（評価は空欄）",
                quote(&achievement)
            ),
            format!(
                "{label}の「評価」欄に達成度が、「達成度」欄に今後の実施計画が書かれ、「今後の実施計画」欄が空だったため、それぞれ「達成度」「今後の実施計画」に移しました（評価は空欄）。元の記載: 評価「{evaluation}」、達成度「{achievement}」"
            ),
        );
        cells[NEXT_PLAN] = std::mem::take(&mut cells[ACHIEVEMENT]);
        cells[ACHIEVEMENT] = std::mem::take(&mut cells[EVALUATION]);
    }

    /// The evaluation is a list of per-ward items (`【中央区】実施を継続 【東区】…`)
    /// and the next plan is empty: those are the wards' plans.
    fn ward_plans_in_evaluation(&mut self, label: &str, cells: &mut [String; YEAR_COLUMNS]) {
        if !(ward_items(&cells[EVALUATION]) >= 2 && cells[NEXT_PLAN].is_empty()) {
            return;
        }
        let evaluation = cells[EVALUATION].clone();
        self.report(
            Some(format!("{label} 評価")),
            format!("評価欄に各区の今後の計画 {} が書かれ、今後の実施計画欄が空のため、今後の実施計画に移しました（評価は空欄）", quote(&evaluation)),
            format!(
                "{label}の「評価」欄には各区の次年度計画が書かれ「今後の実施計画」欄が空だったため、「今後の実施計画」に移しました（評価は空欄）。元の記載: 評価「{evaluation}」"
            ),
        );
        cells[NEXT_PLAN] = std::mem::take(&mut cells[EVALUATION]);
    }

    /// A sentence, or a part without its number, cannot be graded: say so.
    fn check_achievement(&mut self, label: &str, achievement: &str) {
        if is_erase_marker(achievement) {
            return;
        }
        let field = Some(format!("{label} 達成度"));
        match Achievement::parse(achievement).kind {
            AchievementKind::Text => self.report(
                field,
                format!("達成度が数値でも「実施」「中止」などでもない文章のため、文章のまま載せます（段階評価の対象外）: {}", quote(achievement)),
                format!("{label}の達成度は文章のため、数値の達成度としては扱っていません。"),
            ),
            AchievementKind::Parts { parts } => {
                let missing: Vec<&str> =
                    parts.iter().filter(|p| p.percent.is_none()).map(|p| p.label.as_str()).collect();
                if missing.is_empty() {
                    return;
                }
                let missing = missing.join("、");
                self.report(
                    field,
                    format!("達成度「{achievement}」の{missing}に数値がありません（途中で切れているのかもしれません）。数値のある部分だけで平均します"),
                    format!("{label}の達成度「{achievement}」は{missing}の数値が欠けているため、数値のある部分だけで評価しています。"),
                );
            }
            _ => {}
        }
    }

    /// Most cells of the years answered empty (see [`sparse_row`]):
    /// perhaps a slip, so say so. Only the table's own words (廃止, 終了,
    /// 休止) tell that a measure ended.
    fn check_sparse(
        &mut self,
        fiscal_years: &[FiscalYear],
        years: &[[String; YEAR_COLUMNS]],
        filled: &FilledFields,
    ) {
        let Some(SparseRow { warning, empty }) = sparse_row(fiscal_years, years, filled) else {
            return;
        };
        let says_ended = ["廃止", "終了", "休止"]
            .into_iter()
            .find(|word| years.iter().flatten().any(|c| c.contains(word)));
        match says_ended {
            // Kept in the measure's notes, for the staff: the table's own statement.
            Some(word) => self.report(
                None,
                format!("{warning}。事業が廃止・休止されたのかもしれません（「{word}」との記載があります）"),
                format!("空欄の多い行です（{empty}が空欄）。事業が廃止・休止された可能性があります（「{word}」との記載があります）。"),
            ),
            None => self.warnings.add(
                self.line,
                None,
                format!("{warning}。記入漏れでないか確かめてください"),
            ),
        }
    }
}

/// Items of the form `【…区】` in a cell.
fn ward_items(text: &str) -> usize {
    text.split('【')
        .skip(1)
        .filter(|item| {
            item.split_once('】')
                .is_some_and(|(ward, _)| ward.ends_with('区') && ward.chars().count() <= 6)
        })
        .count()
}

fn quote(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(QUOTE_CHARS).collect();
    let more = if chars.next().is_some() { "…" } else { "" };
    format!("「{head}{more}」")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::table::Row;
    use std::path::Path;

    fn years() -> Vec<FiscalYear> {
        vec![
            FiscalYear {
                year: 2019,
                label: "令和元年度".into(),
                draft: false,
            },
            FiscalYear {
                year: 2020,
                label: "令和2年度".into(),
                draft: false,
            },
        ]
    }

    fn realigned(cells: &[&str]) -> (RowCells, Warnings) {
        let mut warnings = Warnings::new(Path::new("t.tsv"));
        let row = DataRow {
            line: 7,
            id: None,
            part: 1,
            cells: cells.iter().map(|c| c.to_string()).collect(),
            nodes: Vec::new(),
            extras: Vec::new(),
            year_extras: Vec::new(),
            indicators: Vec::new(),
        };
        let filled = FilledFields([true; YEAR_COLUMNS]);
        (realign(&row, &years(), &filled, &mut warnings), warnings)
    }

    const FIXED: [&str; 5] = [
        "項目",
        "研修会などへの臨床心理士派遣",
        "P.22",
        "庁外",
        "協会",
    ];

    #[test]
    fn an_achievement_in_the_evaluation_column_slides_back() {
        let next = "1)については、新型コロナ ウイルス流行の状況に応じ、 オンラインも含め適切な形で 委員会の開催や研修参加を行 う。";
        let cells = [
            &FIXED[..],
            &[
                "状況",
                "評価",
                "100%",
                "継続",
                "②～⑤は派遣ができた。",
                "①100%、②",
                next,
                "",
            ],
        ]
        .concat();
        let (row, warnings) = realigned(&cells);
        assert_eq!(
            row.years[1],
            [
                "②～⑤は派遣ができた。".to_string(),
                String::new(),
                "①100%、②".into(),
                next.into()
            ]
        );
        assert_eq!(
            row.years[0][ACHIEVEMENT], "100%",
            "the other year is untouched"
        );
        let lines: Vec<_> = warnings.list.iter().map(|d| d.line).collect();
        assert_eq!(
            lines,
            [Some(7), Some(7)],
            "moved, and part ② has no number: {:?}",
            warnings.list
        );
        assert!(row.notes.iter().any(|n| n.starts_with("行7: ")
            && n.contains("元の記載: 評価「①100%、②」")
            && n.contains(next)));
    }

    #[test]
    fn ward_plans_in_the_evaluation_column_become_the_next_plan() {
        let plans = "【中央区】実施を継続 【東区】実施を継続。 【西区】嘱託医が見つかり次第実施。";
        let cells = [
            &FIXED[..],
            &[
                "状況",
                "評価",
                "実施",
                "継続",
                "【中央区】相談数11件 【東区】相談数6件",
                plans,
                "実施",
                "",
            ],
        ]
        .concat();
        let (row, warnings) = realigned(&cells);
        assert_eq!(row.years[1][EVALUATION], "");
        assert_eq!(row.years[1][NEXT_PLAN], plans);
        assert_eq!(warnings.list.len(), 1);
        assert_eq!(warnings.list[0].field.as_deref(), Some("令和2年度 評価"));
        assert!(row.notes[0].contains(plans));
    }

    #[test]
    fn a_regular_row_is_left_alone() {
        let cells = [
            &FIXED[..],
            &[
                "状況",
                "評価",
                "中止",
                "継続",
                "状況",
                "評価",
                "(1)100% (2)50%",
                "継続",
                "",
            ],
        ]
        .concat();
        let (row, warnings) = realigned(&cells);
        assert!(warnings.list.is_empty(), "{:?}", warnings.list);
        assert!(row.notes.is_empty());
        assert_eq!(
            row.years[0],
            ["状況", "評価", "中止", "継続"].map(String::from)
        );
    }

    #[test]
    fn a_mostly_empty_row_is_reported_as_discontinued() {
        let cells = [
            &FIXED[..],
            &[
                "実施していない。",
                "",
                "",
                "他部署と事業が重複しているため、廃止。",
                "実施していない",
                "",
                "",
                "",
            ],
        ]
        .concat();
        let (row, warnings) = realigned(&cells);
        assert_eq!(warnings.list.len(), 1);
        assert!(
            warnings.list[0].message.contains("8欄のうち5欄が空欄"),
            "{}",
            warnings.list[0].message
        );
        assert!(warnings.list[0].message.contains("「廃止」との記載"));
        assert!(row.notes[0].contains("令和2年度の評価・達成度・今後の実施計画"));
    }

    #[test]
    fn a_year_not_answered_yet_says_nothing() {
        let answered = ["状況", "評価", "100%", "継続"];
        for cells in [
            [&FIXED[..], &["", "", "", "", "", "", "", ""]].concat(),
            [&FIXED[..], &answered[..], &["", "", "", ""]].concat(),
        ] {
            let (row, warnings) = realigned(&cells);
            assert!(warnings.list.is_empty(), "{:?}", warnings.list);
            assert!(row.notes.is_empty(), "{:?}", row.notes);
        }
        let sparse = [&FIXED[..], &["状況", "", "", ""], &["", "", "", ""]].concat();
        let (row, warnings) = realigned(&sparse);
        assert!(warnings.list[0].message.contains("4欄のうち3欄が空欄"));
        assert!(!warnings.list[0].message.contains("廃止"));
        assert!(row.notes.is_empty(), "a guess is not published");
    }

    #[test]
    fn a_table_with_one_value_per_year_is_not_sparse() {
        let table_cells = [&FIXED[..], &["", "", "80%", ""], &["", "", "100%", ""]].concat();
        let row = || DataRow {
            line: 7,
            id: None,
            part: 1,
            cells: table_cells.iter().map(|c| c.to_string()).collect(),
            nodes: Vec::new(),
            extras: Vec::new(),
            year_extras: Vec::new(),
            indicators: Vec::new(),
        };
        let filled = FilledFields::of(&[Row::Data(row())], &years());
        let mut warnings = Warnings::new(Path::new("t.tsv"));
        let cells = realign(&row(), &years(), &filled, &mut warnings);
        assert!(cells.notes.is_empty(), "{:?}", cells.notes);
        assert!(warnings.list.is_empty(), "{:?}", warnings.list);
        let (_, warnings) = realigned(&table_cells);
        assert!(
            warnings.list[0].message.contains("8欄のうち6欄が空欄"),
            "the same row in a four-field table is sparse: {:?}",
            warnings.list
        );
    }

    #[test]
    fn sentences_as_achievement_are_reported() {
        let cells = [
            &FIXED[..],
            &[
                "状況",
                "評価",
                "新型コロ ナ感染症 流行期に おいて最 大限実施 可能なと ころに到 達した。",
                "継続",
                "状況",
                "評価",
                "100%",
                "継続",
            ],
        ]
        .concat();
        let (_, warnings) = realigned(&cells);
        assert_eq!(warnings.list.len(), 1);
        assert_eq!(warnings.list[0].field.as_deref(), Some("令和元年度 達成度"));
    }

    #[test]
    fn short_and_long_rows_are_reported_and_extra_text_is_kept() {
        let (row, warnings) = realigned(&["項目", "研修", "P.22"]);
        assert!(warnings.list[0]
            .message
            .contains("3列しかありません（13列のはず）"));
        assert_eq!(row.fixed[1], "研修");
        assert!(row.years.iter().flatten().all(String::is_empty));
        let cells = [
            &FIXED[..],
            &[
                "状況",
                "評価",
                "100%",
                "継続",
                "状況",
                "評価",
                "100%",
                "継続",
                "",
                "はみ出た記載",
            ],
        ]
        .concat();
        let (row, warnings) = realigned(&cells);
        assert_eq!(warnings.list.len(), 1);
        assert!(row.notes[0].contains("「はみ出た記載」"));
    }
}
