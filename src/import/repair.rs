//! Undoing PDF line wraps in cell text.
//!
//! Tables copied out of a PDF carry a space wherever a cell's line wrapped:
//! `地域包 括支援センター`. Some pages of a table have them, others have none
//! and their spaces are the writer's (`相談員全体研修 6/30「…」73名参加`).
//! A page's column wraps at a constant width, so many pieces between spaces
//! of that column come out at almost the same width: that width is the
//! column's wrap width. Where no such width shows, every space is kept;
//! where it does, cells wider than it lose the spaces a wrap explains.

use std::collections::HashMap;

use super::markers::marker_at;

/// A line this close to the wrap width (in half-width units) counts as full.
const NEAR_FULL: usize = 4;
/// Pieces near the widest one needed before a column counts as wrapped…
const MIN_FULL_LINES: usize = 3;
/// …and the share of all its pieces they must make up (1 in N).
const MIN_FULL_SHARE: usize = 4;

/// Width as printed: full-width characters take two half-width units.
fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| if is_half_width(c) { 1 } else { 2 })
        .sum()
}

fn is_half_width(c: char) -> bool {
    c.is_ascii() || ('\u{FF61}'..='\u{FF9F}').contains(&c)
}

/// Wrap widths of the columns of each part of the table (a part runs from
/// one header row to the next, as a PDF page does).
#[derive(Debug, Default)]
pub(crate) struct WrapWidths {
    by_column: HashMap<(usize, usize), usize>,
}

impl WrapWidths {
    /// `cells`: (part, column, text) for every prose cell.
    pub(crate) fn estimate<'a>(cells: impl IntoIterator<Item = (usize, usize, &'a str)>) -> Self {
        let mut pieces: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
        for (part, column, text) in cells {
            pieces
                .entry((part, column))
                .or_default()
                .extend(line_end_pieces(text));
        }
        let by_column = pieces
            .into_iter()
            .filter_map(|(key, widths)| wrap_width(&widths).map(|width| (key, width)))
            .collect();
        WrapWidths { by_column }
    }

    pub(crate) fn get(&self, part: usize, column: usize) -> Option<usize> {
        self.by_column.get(&(part, column)).copied()
    }
}

/// Widths of the pieces that a space follows, except before a list marker
/// (that space is the writer's, not a wrap).
fn line_end_pieces(text: &str) -> Vec<usize> {
    let pieces: Vec<&str> = text.trim().split(' ').collect();
    pieces
        .windows(2)
        .filter(|pair| !pair[0].is_empty() && !starts_item(pair[0], pair[1]))
        .map(|pair| display_width(pair[0]))
        .collect()
}

/// The widest piece, when enough pieces come close to it to show a wrap width.
fn wrap_width(widths: &[usize]) -> Option<usize> {
    let widest = *widths.iter().max()?;
    let full = widths.iter().filter(|&&w| w + NEAR_FULL >= widest).count();
    (full >= MIN_FULL_LINES && full * MIN_FULL_SHARE >= widths.len()).then_some(widest)
}

/// Whether `next` begins a list item (or a `※` note) when it follows `before`.
fn starts_item(before: &str, next: &str) -> bool {
    let chars: Vec<char> = before.chars().chain([' ']).chain(next.chars()).collect();
    marker_at(&chars, before.chars().count() + 1).is_some()
}

/// Removes the wrap spaces of a prose cell whose column wraps at `wrap`.
/// Only a cell wider than its column wrapped. In it, a space is the
/// writer's before a list marker or before a number or word in ASCII
/// (joining could merge two numbers); any other space between Japanese
/// characters, or after a number (`4 名`), is a wrap. At other boundaries
/// (`11月 -第26回`) a space is a wrap when the piece before it fills the line.
pub(crate) fn repair_prose(text: &str, wrap: Option<usize>) -> String {
    let text = text.trim();
    let Some(wrap) = wrap.filter(|&w| display_width(text) > w) else {
        return text.to_string();
    };
    let pieces: Vec<&str> = text.split(' ').collect();
    let mut out = String::with_capacity(text.len());
    out.push_str(pieces[0]);
    for pair in pieces.windows(2) {
        let (before, next) = (pair[0], pair[1]);
        if !is_wrap(&out, before, next, wrap) {
            out.push(' ');
        }
        out.push_str(next);
    }
    out
}

fn is_wrap(out: &str, before: &str, next: &str, wrap: usize) -> bool {
    let (Some(last), Some(first)) = (before.chars().last(), next.chars().next()) else {
        return false; // a double space is the writer's
    };
    if starts_item(out, next) || first.is_ascii_alphanumeric() {
        return false;
    }
    let japanese_both_sides = !last.is_ascii() && !first.is_ascii();
    let number_before_counter = last.is_ascii_digit() && !first.is_ascii();
    japanese_both_sides || number_before_counter || display_width(before) + NEAR_FULL >= wrap
}

/// Headings (計画における項目, 実施内容, 基本施策) have no spaces of their
/// own between Japanese characters: any such space is a wrap, and so is a
/// line break typed in a spreadsheet cell (elsewhere it becomes a space).
/// `イ. 関連施策を通じたネット ワーク` → `イ. 関連施策を通じたネットワーク`.
pub(crate) fn repair_heading(text: &str) -> String {
    let chars: Vec<char> = text.trim().replace('\n', " ").chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let between_japanese = c == ' '
            && chars[..i].last().is_some_and(|b| !b.is_ascii())
            && chars
                .get(i + 1)
                .is_some_and(|a| !a.is_ascii() && !a.is_whitespace());
        if !between_japanese {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cells of one wrapped page of the seed (its status column).
    const WRAPPED_PAGE: [&str; 5] = [
        "1.事例検討会 6月実施(消防局員 含め80名ほど) 2.協議会 3月開催予定だったが コロナウイルス問題のため中止",
        "市内27カ所に設置している地域包 括支援センター(高齢者支援セン ターささえりあ)において、総合 相談や高齢者見守り訪問を行い、 権利擁護等、必要に応じて関係機 関等へのつないだり、支援を実施 した。",
        "校区自治協議会や町内自治会等の 活動を通じたまちづくり活動を実 施 ・各校区自治協議会、町内自治 会、社会福祉協議会等で構成する まちづくり事業実行委員会主催に よる人材育成や交流イベント等の 実施 各種団体等の要望・相談等への対 応を行った。",
        "自殺予防研修会①～青少年の自殺 予防～(参加者数160人)、自殺 予防研修会②～自殺未遂者支援～ (参加者数64人)を実施。",
        "1)自殺対策を支える人材の育成 ①熊 本県臨床心理士会 医療保健委員会開 催 2019年 11月 14日 開催 ②日本臨 床心理士会 医療保健領域担当者研修 会 2020年 2月 24日 に東京で開催予 定。篠原昌子理事が参加予定だった が、コロナウイルス流行のため開催 中止。 2)研修会などへの臨床心理士派遣 ③ ～⑦は都度要請に応じ派遣した ③熊 本市自殺対策連絡協議会 委員推薦 ④ 県自殺予防相談支援事業 相談員派遣 ⑤熊本こころの健康センター 相談 員派遣 ⑥男女共同参画課相談室 相談 員派遣 ⑦災害時自殺対策事業包括 相談会 相談員派遣",
    ];

    fn page_width() -> Option<usize> {
        WrapWidths::estimate(WRAPPED_PAGE.iter().map(|t| (0, 5, *t))).get(0, 5)
    }

    #[test]
    fn a_wrapped_page_shows_its_wrap_width() {
        let width = page_width().expect("wrapped column not recognised");
        assert!((28..=34).contains(&width), "{width}");
    }

    #[test]
    fn wrap_spaces_inside_words_go() {
        let width = page_width();
        assert_eq!(
            repair_prose(WRAPPED_PAGE[1], width),
            "市内27カ所に設置している地域包括支援センター(高齢者支援センターささえりあ)において、総合相談や高齢者見守り訪問を行い、権利擁護等、必要に応じて関係機関等へのつないだり、支援を実施した。"
        );
        assert_eq!(
            repair_prose(WRAPPED_PAGE[0], width),
            "1.事例検討会 6月実施(消防局員含め80名ほど) 2.協議会 3月開催予定だったがコロナウイルス問題のため中止"
        );
        assert_eq!(
            repair_prose(WRAPPED_PAGE[2], width),
            "校区自治協議会や町内自治会等の活動を通じたまちづくり活動を実施 ・各校区自治協議会、町内自治会、社会福祉協議会等で構成するまちづくり事業実行委員会主催による人材育成や交流イベント等の実施各種団体等の要望・相談等への対応を行った。"
        );
    }

    #[test]
    fn list_markers_and_numbers_keep_their_spaces_in_a_wrapped_cell() {
        assert_eq!(
            repair_prose(WRAPPED_PAGE[4], page_width()),
            "1)自殺対策を支える人材の育成 ①熊本県臨床心理士会医療保健委員会開催 2019年 11月 14日開催 ②日本臨床心理士会医療保健領域担当者研修会 2020年 2月 24日に東京で開催予定。篠原昌子理事が参加予定だったが、コロナウイルス流行のため開催中止。 2)研修会などへの臨床心理士派遣 ③～⑦は都度要請に応じ派遣した ③熊本市自殺対策連絡協議会委員推薦 ④県自殺予防相談支援事業相談員派遣 ⑤熊本こころの健康センター相談員派遣 ⑥男女共同参画課相談室相談員派遣 ⑦災害時自殺対策事業包括相談会相談員派遣"
        );
    }

    #[test]
    fn a_page_without_wraps_keeps_every_space() {
        let cells = [
            "通常電話の受信件数9,286件(内自殺志向1,260件)対前年比△7% 相談員全体研修 6/30「ロールプレイ研修」73名参加 12/7「対応困難ケース」58名参加 インターネット相談の開始 相談員3名 研修員2名で29件の熊本対応返信 リフレッシュ研修(経験5～10年の相談員) 7/7、7/21実施 20名参加",
            "【中央区】相談数11件（11回/年度実施） 【東区】相談数6件（4回/年度実施） 【西区】嘱託医不在のため相談希望者には他区の医師を紹介した。",
            "コロナ禍の中十分な受信体制がとれなかった その中でもナビダイヤルでの全国協力体制は今後も期待されるものとする",
        ];
        let widths = WrapWidths::estimate(cells.iter().map(|t| (1, 5, *t)));
        assert_eq!(widths.get(1, 5), None);
        for cell in cells {
            assert_eq!(repair_prose(cell, widths.get(1, 5)), cell);
        }
    }

    #[test]
    fn narrow_columns_join_numbers_and_counters_but_keep_numbers_apart() {
        let cell = "1.5月-第24 回 7名、8 月-第25回 24名、11月 -第26回 20名、3月- 第27回 0 名。※第27 回コースは コロナウイ ルス問題の ため中止 100% 51 名受講";
        assert_eq!(
            repair_prose(cell, Some(10)),
            "1.5月-第24回 7名、8月-第25回 24名、11月-第26回 20名、3月-第27回 0名。※第27回コースはコロナウイルス問題のため中止 100% 51名受講"
        );
        assert_eq!(
            repair_prose(
                "1.1/1回 100% 2.0/1回 0% ※コロ ナウイルス 問題のため 中止",
                Some(10)
            ),
            "1.1/1回 100% 2.0/1回 0% ※コロナウイルス問題のため中止"
        );
    }

    #[test]
    fn a_cell_narrower_than_the_wrap_width_is_left_alone() {
        assert_eq!(repair_prose(" 中止 予定 ", Some(30)), "中止 予定");
    }

    #[test]
    fn headings_lose_wrap_spaces_but_keep_the_space_after_their_marker() {
        assert_eq!(
            repair_heading("イ. 関連施策を通じたネット ワーク"),
            "イ. 関連施策を通じたネットワーク"
        );
        assert_eq!(repair_heading("ア. 相談支援の充実"), "ア. 相談支援の充実");
        assert_eq!(
            repair_heading("地域包括\nケアの推進\nDV\n防止"),
            "地域包括ケアの推進 DV 防止"
        );
        assert_eq!(
            repair_heading("DV・デートDV 防止啓発"),
            "DV・デートDV 防止啓発"
        );
    }
}
