//! `shinchoku init DIR`: a minimal new site that builds as it is and shows
//! every content field, for a city to fill in or replace by importing a table.

use std::fs;
use std::path::{Path, PathBuf};

use crate::import::emit::{document, measure_front};
use crate::model::{Achievement, Measure, YearRecord};

#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("{0} には既にサイトがあります（site.toml か content/ があります）。空のフォルダを指定してください")]
    AlreadyASite(PathBuf),
    #[error("{path}: 書き込めません: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

const SITE_TOML: &str = r#"# shinchoku のサイト設定（README の「site.toml」を参照）

# 公開先の絶対URL。sitemap.xml・canonical・OGP にだけ使います（空でも動きます）。
base_url = ""

# ヘッダーに出すサイト名（省略時は計画の名前）
# site_name = ""

footer = ""
data_license = "CC BY 4.0"

# 達成度の区分（min の大きい順）
[[grades]]
label = "100%"
min = 100

[[grades]]
label = "80〜99%"
min = 80

[[grades]]
label = "50〜79%"
min = 50

[[grades]]
label = "50%未満"
min = 0

# 取り込む表の形（どの見出しが何の列か）は、`shinchoku import --detect 表のファイル`
# が書き出す [import] の設定をこのファイルの末尾に追記して決めます。
"#;

/// The texts `init` writes for the city to replace: `check` and `build`
/// warn while any is still in the site ([`crate::placeholders`]), and
/// `import` replaces the sample policy and measure while untouched.
pub mod placeholder {
    pub const PLAN_TITLE: &str = "計画の進捗状況";
    pub const ORGANIZATION: &str = "○○市";
    /// Any text still holding it (`○○市計画`) is unfinished.
    pub const BLANK_NAME: &str = "○○";
    pub const SOURCE: &str = "○○市計画 進捗状況調査";
    pub const PLAN_BODY: &str = "この計画の目的と、このサイトで公開している内容を書いてください。";
    /// The sample fiscal year: 令和6年度.
    pub const YEAR: u16 = 2024;
    pub const YEAR_LABEL: &str = "令和6年度";
    pub const POLICY_TITLE: &str = "基本施策の名前";
    pub const MEASURE_TITLE: &str = "実施内容の名前";
    pub const PLAN_ITEM: &str = "ア. 計画における項目";
    pub const DEPARTMENT: &str = "担当部署";
    pub const SECTION: &str = "担当課";
    pub const STATUS: &str = "実施状況を書きます。";
    pub const EVALUATION: &str = "担当課の評価を書きます。";
    pub const NEXT_PLAN: &str = "今後の実施計画を書きます。";
}

/// The sample policy and measure, where `init` writes them.
pub(crate) const SAMPLE_POLICY: &str = "content/policies/1.md";
pub(crate) const SAMPLE_MEASURE: &str = "content/measures/1-01.md";

fn plan_file() -> String {
    use placeholder::*;
    format!(
        "---\ntitle: {PLAN_TITLE}\norganization: {ORGANIZATION}\nsource: {SOURCE}\nfiscal_years:\n  - year: {YEAR}\n    label: {YEAR_LABEL}\n---\n{PLAN_BODY}\n"
    )
}

fn policy_file() -> String {
    format!(
        "---\nnumber: 1\ntitle: {}\n---\n",
        placeholder::POLICY_TITLE
    )
}

/// The sample measure, written as the importer writes one, so that it
/// shows every built-in field (those without a sample text empty).
fn measure_file() -> String {
    use placeholder::*;
    let measure = Measure {
        id: "1-01".into(),
        node: "1".into(),
        plan_item: PLAN_ITEM.into(),
        title: MEASURE_TITLE.into(),
        plan_page: Some(1),
        departments: vec![DEPARTMENT.into()],
        sections: vec![SECTION.into()],
        years: vec![YearRecord {
            status: STATUS.into(),
            evaluation: EVALUATION.into(),
            achievement: Achievement::parse("100%"),
            next_plan: NEXT_PLAN.into(),
            ..YearRecord::empty(YEAR)
        }],
        file: SAMPLE_MEASURE.into(),
        ..Measure::default()
    };
    document(&measure_front(&measure, "policy"), "")
}

/// Whether `fy` is the sample fiscal year as `init` wrote it.
pub(crate) fn is_sample_year(fy: &crate::model::FiscalYear) -> bool {
    fy.year == placeholder::YEAR && fy.label == placeholder::YEAR_LABEL && !fy.draft
}

/// The sample content files under `root` still exactly as `init` wrote
/// them (relative paths): an import replaces them, since they hold nothing
/// of the city's.
pub(crate) fn untouched_samples(root: &Path) -> Vec<PathBuf> {
    [
        (SAMPLE_POLICY, policy_file()),
        (SAMPLE_MEASURE, measure_file()),
    ]
    .into_iter()
    .filter(|(path, text)| {
        fs::read_to_string(root.join(path)).is_ok_and(|found| found.replace("\r\n", "\n") == *text)
    })
    .map(|(path, _)| PathBuf::from(path))
    .collect()
}

pub fn init(dir: &Path) -> Result<Vec<PathBuf>, InitError> {
    if dir.join("site.toml").exists() || dir.join("content").exists() {
        return Err(InitError::AlreadyASite(dir.to_path_buf()));
    }
    let files = [
        ("site.toml", SITE_TOML.to_string()),
        ("content/_index.md", plan_file()),
        (SAMPLE_POLICY, policy_file()),
        (SAMPLE_MEASURE, measure_file()),
    ];
    let mut written = Vec::new();
    for (name, text) in files {
        let path = dir.join(name);
        let io = |source| InitError::Io {
            path: path.clone(),
            source,
        };
        fs::create_dir_all(path.parent().expect("joined paths have a parent")).map_err(io)?;
        fs::write(&path, text).map_err(io)?;
        written.push(path);
    }
    Ok(written)
}
