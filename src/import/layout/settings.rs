//! `[import]` in `site.toml`: how a city's table is laid out. Every key is
//! optional; without any, the table is read as the bundled plan's (five
//! fixed columns, four columns per fiscal year, 「基本施策N」 heading rows).

use std::collections::BTreeMap;

use serde::Deserialize;

/// The measure's own columns, by the name a layout gives them: the bundled
/// plan's headings, and `ID` (a template made by `shinchoku export`).
pub const ROLES: [&str; 6] = [
    "計画における項目",
    "実施内容",
    "計画書ページ",
    "担当部署",
    "担当課",
    "ID",
];
/// The role every table must have: a measure needs a name.
pub const TITLE: &str = "実施内容";
/// The field of year columns headed by a year alone, unless `value` says.
pub const BARE_YEAR_FIELD: &str = "実績値";
/// The roles of a fiscal year's columns, in the bundled plan's order.
pub const YEAR_ROLES: [&str; 4] = ["実施状況", "評価", "達成度", "今後の実施計画"];

/// `[import]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportLayout {
    /// The sheet of a workbook to read; by default the first whose
    /// headings match the layout.
    #[serde(default)]
    pub sheet: Option<String>,
    /// The 1-based row of the headings; by default the first row that
    /// holds the layout's headings.
    #[serde(default)]
    pub header_row: Option<usize>,
    /// `"実施内容" = "事務事業名"`: the table's heading of a role (a role
    /// not listed is headed by its own name).
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// Roles the table has no column for (`["計画書ページ"]`); `ID` is
    /// always optional.
    #[serde(default)]
    pub absent: Vec<String>,
    /// Headings of columns left out of the import (`No.`); every other
    /// column is kept, as a role or as an extra field.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// The plan's levels, top first, as the table gives them; by default
    /// one level, from rows `基本施策{number} {title}`.
    #[serde(default)]
    pub levels: Vec<LevelLayout>,
    /// The fiscal years' columns.
    #[serde(default)]
    pub years: YearsLayout,
    /// `[[import.indicators]]`: the columns of each group of indicators.
    #[serde(default)]
    pub indicators: Vec<IndicatorLayout>,
}

/// `[[import.indicators]]`: the headings of one group of indicator columns.
/// `{n}` in them stands for the same letter or number in every heading
/// (`⑤活動指標 {n}` → ア, イ, ウ): one indicator per value found.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorLayout {
    /// The indicator's name; none: the measure's title (one per row).
    #[serde(default)]
    pub name: Option<String>,
    /// A fixed kind (活動指標), not a column.
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
    /// Its heading's year (`基準値（H30年度）`) is the baseline's.
    #[serde(default)]
    pub baseline: Option<String>,
    /// Its heading's year (`目標値（令和7年）`) is the target's.
    #[serde(default)]
    pub target: Option<String>,
    /// The per-year field holding the values: the heading inside a year
    /// block, or [`YearsLayout::value`] for columns headed by a year alone.
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

impl IndicatorLayout {
    /// Every heading the entry names, with its setting's name.
    pub fn headings(&self) -> Vec<(&'static str, &str)> {
        [
            ("name", &self.name),
            ("unit", &self.unit),
            ("baseline", &self.baseline),
            ("target", &self.target),
            ("value", &self.value),
            ("note", &self.note),
        ]
        .into_iter()
        .filter_map(|(key, heading)| Some((key, heading.as_deref()?)))
        .collect()
    }
}

/// How the table gives one level of the plan: by columns on every row
/// (`number`, `title`) or by rows of their own (`heading`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelLayout {
    /// The heading of the column with the level's number, or several
    /// whose cells are joined (`["政策番号 十の位", "政策番号 一の位"]`).
    #[serde(default)]
    pub number: Headings,
    /// The heading of the column with the level's name.
    #[serde(default)]
    pub title: Option<String>,
    /// A heading row's pattern: `【基本施策{number}】{title}`; without
    /// `{title}`, the title is the next cell of the row.
    #[serde(default)]
    pub heading: Option<String>,
}

/// One heading or several.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(untagged)]
pub enum Headings {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

impl Headings {
    pub fn list(&self) -> Vec<&str> {
        match self {
            Headings::None => Vec::new(),
            Headings::One(one) => vec![one.as_str()],
            Headings::Many(many) => many.iter().map(String::as_str).collect(),
        }
    }
}

/// `[import.years]`: the columns of each fiscal year form a block of
/// `width` columns, blocks side by side. A block's year is named in one of
/// its headings (`令和2年度実施状況`, `令和元年`, `R3`, `2021年度`, `H30`),
/// or, when no heading names one (`first` given), counted back from the
/// year in `last_year_column`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearsLayout {
    /// Columns per year; by default as many as `fields`, else 1.
    #[serde(default)]
    pub width: Option<usize>,
    /// The role of each column of a block (実施状況・評価・達成度・今後の実施計画),
    /// `""` for a column kept as a per-year extra field named by its
    /// heading. By default the bundled four, unless `width` is given.
    #[serde(default)]
    pub fields: Option<Vec<String>>,
    /// The heading of the first block's first column, for blocks whose
    /// headings name no year (they repeat the same headings).
    #[serde(default)]
    pub first: Option<String>,
    /// The heading of the column holding the last block's year (`7` or
    /// `令和7年度`); with `first`.
    #[serde(default)]
    pub last_year_column: Option<String>,
    /// The era of a bare number in `last_year_column`; default 令和.
    #[serde(default)]
    pub era: Option<String>,
    /// The name of a per-year field whose heading is only the year (a
    /// KPI table's value per year); default 実績値.
    #[serde(default)]
    pub value: Option<String>,
}

impl YearsLayout {
    /// The role of each column of a block (`""`: an extra field).
    pub fn fields(&self) -> Vec<String> {
        match (&self.fields, self.width) {
            (Some(fields), _) => fields.clone(),
            (None, Some(_)) => Vec::new(),
            (None, None) => YEAR_ROLES.map(String::from).to_vec(),
        }
    }

    pub fn width(&self) -> usize {
        self.width.unwrap_or(self.fields().len()).max(1)
    }

    pub fn value_name(&self) -> &str {
        self.value.as_deref().unwrap_or(BARE_YEAR_FIELD)
    }
}

impl ImportLayout {
    /// The levels as declared, or the bundled plan's one.
    pub fn levels(&self) -> Vec<LevelLayout> {
        if self.levels.is_empty() {
            vec![LevelLayout {
                heading: Some("基本施策{number}{title}".into()),
                ..LevelLayout::default()
            }]
        } else {
            self.levels.clone()
        }
    }

    /// The table's heading of `role`.
    pub fn heading_of<'a>(&'a self, role: &'a str) -> &'a str {
        self.columns.get(role).map_or(role, String::as_str)
    }

    /// Whether a table must have `role`'s column.
    pub fn requires(&self, role: &str) -> bool {
        role != "ID" && !self.absent.iter().any(|absent| absent == role)
    }

    /// What is wrong with the layout, in the clerk's words: `(key, problem)`.
    pub fn problem(&self) -> Option<(String, String)> {
        let roles = ROLES.join("・");
        for (role, heading) in &self.columns {
            if !ROLES.contains(&role.as_str()) {
                return Some((
                    "import.columns".into(),
                    format!("[import.columns] の \"{role}\" = \"{heading}\" を読めません。左側は {roles} のどれか、右側は表の見出しにしてください"),
                ));
            }
        }
        for role in &self.absent {
            if !ROLES.contains(&role.as_str()) {
                return Some((
                    "import.absent".into(),
                    format!("[import] の absent の「{role}」は列の役割にありません。{roles} のどれかにしてください"),
                ));
            }
        }
        if !self.requires(TITLE) {
            return Some((
                "import.absent".into(),
                format!("{TITLE}（施策の名前）の列は省けません。[import.columns] に \"{TITLE}\" = \"その見出し\" と書いてください"),
            ));
        }
        for field in self.years.fields() {
            if !field.is_empty() && !YEAR_ROLES.contains(&field.as_str()) {
                return Some((
                    "import.years.fields".into(),
                    format!("「{field}」は年度の欄の役割にありません。{} のどれか、または \"\"（見出しの名前で取り込む）にしてください", YEAR_ROLES.join("・")),
                ));
            }
        }
        for (n, level) in self.levels.iter().enumerate() {
            let by_columns = !level.number.list().is_empty() || level.title.is_some();
            if by_columns == level.heading.is_some() {
                return Some((
                    format!("import.levels[{}]", n + 1),
                    "階層ごとに、列（number と title）か見出し行の形（heading = \"【基本施策{number}】{title}\"）のどちらか一方を書いてください".into(),
                ));
            }
            if level
                .heading
                .as_deref()
                .is_some_and(|h| !h.contains("{number}"))
            {
                return Some((
                    format!("import.levels[{}].heading", n + 1),
                    "見出し行の形には番号の位置 {number} が要ります（例: \"【基本施策{number}】{title}\"）".into(),
                ));
            }
        }
        for (n, indicators) in self.indicators.iter().enumerate() {
            if indicators.value.is_none() {
                return Some((
                    format!("import.indicators[{}].value", n + 1),
                    "指標の値の列（年度ごとの列の見出し）を value = \"実績値\" のように書いてください".into(),
                ));
            }
        }
        if self.years.first.is_some() != self.years.last_year_column.is_some() {
            return Some((
                "import.years".into(),
                "見出しに年度のない年度の列には、first（最初の年度の最初の列の見出し）と last_year_column（最後の年度が書かれた列の見出し）を両方書いてください".into(),
            ));
        }
        None
    }
}
