//! The YAML slips clerks make by hand in front matter — a colon and space
//! inside a value, a full-width colon or space, a tab, an indent that fits
//! no level, an unclosed quote or bracket, a key written twice — found line
//! by line and told in plain Japanese with what to do.
//!
//! The parser stops at its first error; this light scan finds the others in
//! the same file, so that a file with three slips gets three messages. It
//! runs only on a file that failed to parse, and leans towards silence:
//! valid YAML that merely looks like a slip (quoted colons, block values,
//! sequences at their key's indent, values continued on deeper lines) is
//! not one.

mod scan;

pub use scan::scan;

/// One slip: where it is, the key it concerns and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slip {
    /// Line of the file.
    pub line: usize,
    /// Column in characters from 1, as the parser counts.
    pub column: usize,
    /// Dotted path of the key on that line (`years.2019.status`), when known.
    pub field: Option<String>,
    pub kind: SlipKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlipKind {
    /// `title: 内訳: 相談件数`: `quoted` is the line with its value quoted,
    /// when that is simple; `key` can take a block value instead.
    ColonInValue {
        quoted: Option<String>,
        key: Option<String>,
    },
    FullWidthColon {
        key: String,
    },
    NoSpaceAfterColon {
        key: String,
    },
    Tab,
    FullWidthSpace,
    /// A key indented deeper than the level it can belong to.
    TooDeep {
        spaces: usize,
        expected: usize,
    },
    /// An indent between the levels above (`levels`, shallowest first).
    Misaligned {
        spaces: usize,
        levels: Vec<usize>,
    },
    UnclosedQuote {
        quote: char,
    },
    TextAfterQuote {
        quote: char,
    },
    UnclosedBracket {
        bracket: char,
    },
    DuplicateKey {
        key: String,
        first_line: usize,
    },
}

impl Slip {
    /// What is wrong and what to do, in plain Japanese.
    pub fn message(&self) -> String {
        let column = self.column;
        match &self.kind {
            SlipKind::ColonInValue { quoted, key } => {
                let quote = match quoted {
                    Some(quoted) => format!("値全体を「\"」で囲む（{quoted}）"),
                    None => "値全体を「\"」で囲む".to_string(),
                };
                let fix = match key {
                    Some(key) => format!("{quote}か、「{key}: |」と書いて値を次の行から字下げして書いてください"),
                    None => format!("{quote}か、「: 」の空白を取ってください"),
                };
                format!("値の途中の「: 」（{column} 文字目）が、項目名と値の区切りと読まれてしまいます。{fix}")
            }
            SlipKind::FullWidthColon { key } => format!(
                "項目名「{key}」の後ろの「：」（{column} 文字目）が全角です。半角の「:」にして、後ろに半角スペースを入れてください（{key}: 値）"
            ),
            SlipKind::NoSpaceAfterColon { key } => format!(
                "項目名「{key}」の後ろの「:」（{column} 文字目）の次に半角スペースがありません。「{key}: 値」のように「:」の後ろに半角スペースを入れてください"
            ),
            SlipKind::Tab => format!(
                "字下げにタブ文字が使われています（{column} 文字目）。YAML の字下げには半角スペースしか使えません。タブを半角スペースに置き換えてください"
            ),
            SlipKind::FullWidthSpace => format!(
                "字下げに全角スペースが使われています（{column} 文字目）。半角スペースに置き換えてください"
            ),
            SlipKind::TooDeep { spaces, expected: 0 } => format!(
                "字下げが深すぎます（半角スペース {spaces} 個）。いちばん外側の項目なので、行頭の空白を消してください"
            ),
            SlipKind::TooDeep { spaces, expected } => format!(
                "字下げが深すぎます（半角スペース {spaces} 個）。上の行と同じ階層の項目なら、同じ {expected} 個にそろえてください"
            ),
            SlipKind::Misaligned { spaces, levels } => {
                let levels: Vec<String> = levels.iter().map(|l| format!("{l} 個")).collect();
                format!(
                    "字下げ（半角スペース {spaces} 個）が上の行のどの階層とも合いません。属する階層に合わせて {} にしてください",
                    levels.join("か ")
                )
            }
            SlipKind::UnclosedQuote { quote } => format!(
                "{column} 文字目の「{quote}」で始まる値が閉じていません。値の終わりにも「{quote}」を付けてください"
            ),
            SlipKind::TextAfterQuote { quote } => {
                let inner = if *quote == '"' { "\\\"" } else { "''" };
                format!(
                    "「{quote}」で囲んだ値の後ろに文字があります（{column} 文字目）。値全体を「{quote}」で囲んでください（値の中の「{quote}」は {inner} と書きます）"
                )
            }
            SlipKind::UnclosedBracket { bracket } => {
                let close = if *bracket == '[' { ']' } else { '}' };
                format!(
                    "{column} 文字目の「{bracket}」が閉じていません。一覧なら最後に「{close}」を付け、文字なら値全体を「\"」で囲んでください"
                )
            }
            SlipKind::DuplicateKey { key, first_line } => format!(
                "項目「{key}」が {first_line} 行目にも書かれています。同じ項目は一度しか書けないので、どちらか一方を消すか一つにまとめてください"
            ),
        }
    }

    /// Whether the slip is in the spaces before a line's text: the parser
    /// notices those at the end of the line before.
    pub fn is_in_indentation(&self) -> bool {
        matches!(
            self.kind,
            SlipKind::Tab
                | SlipKind::FullWidthSpace
                | SlipKind::TooDeep { .. }
                | SlipKind::Misaligned { .. }
        )
    }

    /// Whether the slip leaves something open that the parser finds only
    /// on a later line.
    pub fn is_unclosed(&self) -> bool {
        matches!(
            self.kind,
            SlipKind::UnclosedQuote { .. } | SlipKind::UnclosedBracket { .. }
        )
    }
}
