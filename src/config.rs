//! `site.toml`: the site's settings.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::model::text::{control_character, control_character_message};
use crate::model::{Date, GradeStep};

mod check;
mod declared;
pub mod departments;
mod grades;
mod indicators;
mod levels;
mod notice;

pub use declared::{private_keys, FieldDeclaration};
pub use indicators::IndicatorSettings;
pub use levels::LevelSetting;
pub use notice::{Notice, NoticeItem};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Absolute URL where the site will be published, used only where an
    /// absolute URL is required (sitemap, canonical link, OGP).
    #[serde(default)]
    pub base_url: String,
    /// Theme folder name under `themes/`; the built-in theme fills any gap.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Site name shown in the header; defaults to the plan title.
    #[serde(default)]
    pub site_name: Option<String>,
    /// Text of the footer (e.g. the city's name and contact).
    #[serde(default)]
    pub footer: String,
    /// Licence of the published data, shown on the data page.
    #[serde(default = "default_license")]
    pub data_license: String,
    /// Whether the theme's scripts and stylesheets are published without
    /// their comments and spaces (a third of the bytes a phone fetches
    /// before its first search); `false` publishes them as written.
    #[serde(default = "yes")]
    pub minify: bool,
    /// The city's grade scale, best first: percentage bands or symbols.
    #[serde(default = "default_grades")]
    pub grades: Vec<GradeStep>,
    /// Whether draft (集計中) fiscal years count in totals and charts; by
    /// default their unconfirmed numbers stay out.
    #[serde(default)]
    pub draft_years_in_totals: bool,
    /// The plan's hierarchy, top level first (`[[levels]]`); none: one
    /// level, 基本施策.
    #[serde(default)]
    pub levels: Vec<LevelSetting>,
    /// What the city calls one measure (事務事業); default 実施内容.
    #[serde(default)]
    pub measure_name: Option<String>,
    /// `[[fields]]`: the city's own fields of a measure (`extra:` in front
    /// matter), with their labels and which are private.
    #[serde(default)]
    pub fields: Vec<FieldDeclaration>,
    /// What `shinchoku import` needs to know about the city's tables.
    #[serde(default)]
    pub import: crate::import::layout::ImportLayout,
    /// `[indicators]`: how pages show what the indicators give.
    #[serde(default)]
    pub indicators: IndicatorSettings,
    /// The day the data was last updated (`data_updated = 2021-03-31`),
    /// shown on every page and in the open data: the site states it, so
    /// that two builds of the same site are byte-identical.
    #[serde(default)]
    pub data_updated: Option<toml::value::Datetime>,
    /// `[notice]`: shown at the top of every page.
    #[serde(default)]
    pub notice: Option<Notice>,
    /// `[department_addresses]`: department name → its page's address.
    #[serde(default)]
    pub department_addresses: BTreeMap<String, String>,
}

/// What `site.toml` says about the published pages that the model carries
/// to every stage (the open data has no settings of its own).
#[derive(Debug, Clone, Default)]
pub struct Publishing {
    /// `data_updated`, when set.
    pub data_updated: Option<Date>,
    /// `[department_addresses]`.
    pub department_addresses: BTreeMap<String, String>,
}

fn yes() -> bool {
    true
}

fn default_theme() -> String {
    "default".into()
}

fn default_license() -> String {
    "CC BY 4.0".into()
}

/// 100%, 80–99%, 50–79%, under 50%.
pub fn default_grades() -> Vec<GradeStep> {
    [
        ("100%", 100.0),
        ("80〜99%", 80.0),
        ("50〜79%", 50.0),
        ("50%未満", 0.0),
    ]
    .into_iter()
    .map(|(label, min)| GradeStep::band(label, min))
    .collect()
}

impl SiteConfig {
    pub const FILE: &'static str = "site.toml";

    /// Reads `site.toml` from the site root.
    pub fn load(root: &Path) -> Result<SiteConfig, Diagnostic> {
        let path = root.join(Self::FILE);
        let text = crate::load::read_utf8(&path, &path)?;
        Self::parse(&text, &path)
    }

    /// Reads the settings and checks every value that reaches the output
    /// (see `check`), naming the line and the key of the first problem.
    pub fn parse(text: &str, path: &Path) -> Result<SiteConfig, Diagnostic> {
        if let Some((offset, c)) = control_character(text) {
            let line = line_of_offset(text, offset);
            return Err(Diagnostic::error(
                path,
                Some(line),
                None,
                control_character_message(c),
            ));
        }
        let mut config: SiteConfig = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of_offset(text, s.start));
            Diagnostic::error(path, line, None, e.message().to_string())
        })?;
        for step in &mut config.grades {
            if step.label.trim().is_empty() {
                step.label = step.symbol.clone().unwrap_or_default();
            }
        }
        check::check(&config, text, path)?;
        config.published_problem(text, path)?;
        if let Some((key, problem)) = config.import.problem() {
            let line = text
                .find("[import")
                .map(|offset| line_of_offset(text, offset));
            return Err(Diagnostic::error(path, line, Some(&key), problem));
        }
        Ok(config)
    }

    /// This configuration with `base_url` replaced by `--base-url` (a
    /// preview or a staging host), checked as the file's own value is.
    pub fn with_base_url(mut self, base_url: &str) -> Result<SiteConfig, Diagnostic> {
        if let Some(problem) = check::base_url_problem(base_url) {
            return Err(Diagnostic::error(
                Path::new("--base-url"),
                None,
                Some("base_url"),
                problem,
            ));
        }
        self.base_url = base_url.to_string();
        Ok(self)
    }

    /// The first problem of `data_updated`, `[notice]` and
    /// `[department_addresses]`, with the line of the key.
    fn published_problem(&self, text: &str, path: &Path) -> Result<(), Diagnostic> {
        let at = |needle: &str| text.find(needle).map(|offset| line_of_offset(text, offset));
        if let Some(written) = &self.data_updated {
            if date_of(written).is_none() {
                return Err(Diagnostic::error(
                    path,
                    at("data_updated"),
                    Some("data_updated"),
                    format!("データの更新日「{written}」は日付だけを書いてください（例: data_updated = 2021-03-31、引用符なし）"),
                ));
            }
        }
        if let Some((key, problem)) = self.notice.as_ref().and_then(notice::notice_problem) {
            return Err(Diagnostic::error(path, at("[notice"), Some(key), problem));
        }
        if let Some((name, problem)) = departments::addresses_problem(&self.department_addresses) {
            let line = at(&format!("\"{name}\"")).or_else(|| at("[department_addresses"));
            return Err(Diagnostic::error(
                path,
                line,
                Some("department_addresses"),
                problem,
            ));
        }
        Ok(())
    }

    /// What the model carries of these settings to every stage.
    pub fn publishing(&self) -> Publishing {
        Publishing {
            data_updated: self.data_updated.as_ref().and_then(date_of),
            department_addresses: self.department_addresses.clone(),
        }
    }

    /// Warnings about settings left out that a published site should have:
    /// each says what is missing and what it costs, once per build.
    pub fn warnings(&self, path: &Path) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        if self.base_url.is_empty() {
            found.push(Diagnostic::warning(path, None, Some("base_url"), "base_url が空です。公開先のURLを書くと、検索エンジン向けの sitemap.xml と正規URLが出力され、どの深さのアドレスでも「ページが見つかりません」のページが正しく表示されます".into()));
        }
        if self.data_updated.is_none() {
            found.push(Diagnostic::warning(path, None, Some("data_updated"), "data_updated（データの更新日、例: data_updated = 2021-03-31）がありません。書くと、すべてのページとオープンデータに更新日が載ります".into()));
        }
        found
    }

    /// `base_url` with exactly one trailing slash (empty when unset).
    pub fn base_url(&self) -> String {
        if self.base_url.is_empty() {
            String::new()
        } else {
            format!("{}/", self.base_url.trim_end_matches('/'))
        }
    }
}

/// A TOML date without a time (`2021-03-31`) as a [`Date`].
fn date_of(written: &toml::value::Datetime) -> Option<Date> {
    if written.time.is_some() || written.offset.is_some() {
        return None;
    }
    Date::parse(&written.date?.to_string())
}

/// 1-based line number of a byte offset.
pub fn line_of_offset(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<SiteConfig, Diagnostic> {
        SiteConfig::parse(text, Path::new("site.toml"))
    }

    #[test]
    fn defaults_fill_an_empty_file() {
        let config = parse("").unwrap();
        assert_eq!(config.theme, "default");
        assert_eq!(config.grades, default_grades());
        assert_eq!(config.base_url(), "");
    }

    #[test]
    fn base_url_gets_one_trailing_slash_and_must_be_absolute() {
        assert_eq!(
            parse("base_url = \"https://example.org/a//\"")
                .unwrap()
                .base_url(),
            "https://example.org/a/"
        );
        let err = parse("base_url = \"example.org\"").unwrap_err();
        assert_eq!(err.field.as_deref(), Some("base_url"));
    }

    #[test]
    fn grades_must_run_from_highest_to_lowest() {
        let err =
            parse("[[grades]]\nlabel = \"低\"\nmin = 0\n[[grades]]\nlabel = \"高\"\nmin = 50\n")
                .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("grades.min"));
        assert_eq!(err.line, Some(6));
    }

    #[test]
    fn the_data_date_is_a_day_without_a_time() {
        let config = parse("data_updated = 2021-03-31\n").unwrap();
        assert_eq!(
            config.publishing().data_updated.unwrap().to_string(),
            "2021-03-31"
        );
        for wrong in [
            "data_updated = 2021-03-31T10:00:00\n",
            "data_updated = \"2021-03-31\"\n",
            "data_updated = 2021-02-30\n",
        ] {
            let err = parse(wrong).unwrap_err();
            assert_eq!(err.line, Some(1), "{wrong}");
        }
    }

    #[test]
    fn missing_base_url_and_date_are_warned_about_once_each() {
        let fields = |text: &str| -> Vec<String> {
            parse(text)
                .unwrap()
                .warnings(Path::new("site.toml"))
                .into_iter()
                .filter_map(|d| d.field)
                .collect()
        };
        assert_eq!(fields(""), ["base_url", "data_updated"]);
        assert!(
            fields("base_url = \"https://a.example/\"\ndata_updated = 2021-03-31\n").is_empty()
        );
    }

    #[test]
    fn unknown_keys_are_reported_with_their_line() {
        let err = parse("base_url = \"\"\nthem = \"x\"\n").unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("them"), "{}", err.message);
    }
}
