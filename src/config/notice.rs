//! `[notice]` of `site.toml`: a short notice shown at the top of every page
//! (where to get help now, 「令和6年度分は集計中です」), with optional lines
//! each of which may carry a phone number or a link.

use serde::{Deserialize, Serialize};

/// The heading when `[notice]` gives none.
const DEFAULT_HEADING: &str = "お知らせ";

#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Notice {
    /// The notice's heading, read out first by screen readers.
    #[serde(default = "default_heading")]
    pub heading: String,
    /// One or two sentences under the heading.
    #[serde(default)]
    pub text: String,
    /// `[[notice.items]]`: one line each (a help line, a link).
    #[serde(default)]
    pub items: Vec<NoticeItem>,
}

/// One line of the notice: its text, and a number to call or a page to open.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeItem {
    pub text: String,
    /// `0120-279-338`: shown as written, called by a tap (`tel:`).
    #[serde(default)]
    pub phone: String,
    /// An `https://` page; the text becomes its link.
    #[serde(default)]
    pub url: String,
    /// A note after the number or link (受付時間、無料).
    #[serde(default)]
    pub note: String,
}

fn default_heading() -> String {
    DEFAULT_HEADING.into()
}

impl NoticeItem {
    /// `tel:0120279338`: the digits a phone dials (hyphens dropped).
    pub fn tel(&self) -> Option<String> {
        (!self.phone.is_empty()).then(|| format!("tel:{}", self.phone.replace('-', "")))
    }
}

/// The first problem of the notice, as (key, why): an empty notice, a line
/// without text, a phone number that is not one, a link that is not a web
/// page's address (`javascript:` must never reach a page).
pub(super) fn notice_problem(notice: &Notice) -> Option<(&'static str, String)> {
    if notice.heading.trim().is_empty() {
        return Some(("notice.heading", "お知らせの見出し（heading）が空です。書くか、heading の行を消してください（「お知らせ」になります）".into()));
    }
    if notice.text.trim().is_empty() && notice.items.is_empty() {
        return Some(("notice.text", "お知らせ（[notice]）に本文（text）も項目（[[notice.items]]）もありません。書くか、[notice] を消してください".into()));
    }
    for item in &notice.items {
        if item.text.trim().is_empty() {
            return Some((
                "notice.items.text",
                "お知らせの項目に text がありません".into(),
            ));
        }
        let digits = item.phone.chars().filter(char::is_ascii_digit).count();
        if !item.phone.is_empty()
            && (!item.phone.chars().all(|c| c.is_ascii_digit() || c == '-') || digits < 3)
        {
            return Some((
                "notice.items.phone",
                format!(
                    "電話番号「{}」は半角の数字とハイフンで書いてください（例: 0120-279-338）",
                    item.phone
                ),
            ));
        }
        if !item.url.is_empty() && !is_web_address(&item.url) {
            return Some((
                "notice.items.url",
                format!(
                    "リンク先「{}」は https:// で始まるページのアドレスにしてください",
                    item.url
                ),
            ));
        }
        if !item.phone.is_empty() && !item.url.is_empty() {
            return Some((
                "notice.items.url",
                "一つの項目には phone か url のどちらかだけを書いてください".into(),
            ));
        }
    }
    None
}

/// An absolute http(s) address on one line (the page escapes the rest).
fn is_web_address(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|rest| {
        !rest.is_empty() && !url.chars().any(|c| c.is_whitespace() || c.is_control())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(text: &str, phone: &str, url: &str) -> NoticeItem {
        NoticeItem {
            text: text.into(),
            phone: phone.into(),
            url: url.into(),
            note: String::new(),
        }
    }

    fn notice(items: Vec<NoticeItem>) -> Notice {
        Notice {
            heading: default_heading(),
            text: String::new(),
            items,
        }
    }

    #[test]
    fn phone_numbers_are_dialled_without_hyphens() {
        assert_eq!(
            item("よりそいホットライン", "0120-279-338", "")
                .tel()
                .as_deref(),
            Some("tel:0120279338")
        );
        assert_eq!(item("a", "", "").tel(), None);
    }

    #[test]
    fn only_web_pages_and_real_numbers_are_accepted() {
        assert_eq!(
            notice_problem(&notice(vec![item("窓口", "096-353-4343", "")])),
            None
        );
        assert_eq!(
            notice_problem(&notice(vec![item(
                "市",
                "",
                "https://www.city.kumamoto.jp/"
            )])),
            None
        );
        for (bad, key) in [
            (item("x", "", "javascript:alert(1)"), "notice.items.url"),
            (item("x", "", "https:// a"), "notice.items.url"),
            (item("x", "０１２０", ""), "notice.items.phone"),
            (item("x", "tel:1", ""), "notice.items.phone"),
            (item(" ", "", ""), "notice.items.text"),
        ] {
            assert_eq!(notice_problem(&notice(vec![bad])).map(|p| p.0), Some(key));
        }
        assert_eq!(
            notice_problem(&notice(vec![])).map(|p| p.0),
            Some("notice.text")
        );
    }
}
