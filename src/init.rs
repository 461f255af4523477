//! `shinchoku init DIR`: a minimal new site that builds as it is and shows
//! every content field, for a city to fill in or replace by importing a table.

use std::fs;
use std::path::{Path, PathBuf};

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

# 取り込む表の見出しが標準と違うとき、その列の見出し（shinchoku import が使います）
# [import.columns]
# "実施内容" = "事業名"
# "担当課" = "所管課"
"#;

const PLAN: &str = "---
title: 計画の進捗状況
organization: ○○市
source: ○○市計画 進捗状況調査
fiscal_years:
  - year: 2024
    label: 令和6年度
---
この計画の目的と、このサイトで公開している内容を書いてください。
";

const POLICY: &str = "---
number: 1
title: 基本施策の名前
---
";

const MEASURE: &str = "---
id: 1-01
policy: 1
plan_item: ア. 計画における項目
title: 実施内容の名前
new: false
plan_page: 1
departments:
  - 担当部署
sections:
  - 担当課
years:
  2024:
    status: 実施状況を書きます。
    evaluation: 担当課の評価を書きます。
    achievement: 100%
    next_plan: 今後の実施計画を書きます。
---
";

pub fn init(dir: &Path) -> Result<Vec<PathBuf>, InitError> {
    if dir.join("site.toml").exists() || dir.join("content").exists() {
        return Err(InitError::AlreadyASite(dir.to_path_buf()));
    }
    let files = [
        ("site.toml", SITE_TOML),
        ("content/_index.md", PLAN),
        ("content/policies/1.md", POLICY),
        ("content/measures/1-01.md", MEASURE),
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
