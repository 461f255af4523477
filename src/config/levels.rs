//! `[[levels]]` and `measure_name`: the plan's hierarchy as the city names it.

use serde::Deserialize;

use super::SiteConfig;
use crate::model::fields::MEASURE_FIELDS;
use crate::model::{Level, DEFAULT_MEASURE_NAME, DEFAULT_MEASURE_NOUN};

/// One `[[levels]]` entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelSetting {
    pub name: String,
    pub key: String,
    /// Default: the key.
    #[serde(default)]
    pub folder: Option<String>,
}

/// Folder names under `content/` that are not a level's.
const TAKEN_FOLDERS: [&str; 1] = ["measures"];

/// Front-matter keys of a measure besides its built-in fields
/// ([`MEASURE_FIELDS`]) that a level's key would shadow.
const TAKEN_KEYS: [&str; 4] = ["id", "years", "extra", "node"];

impl SiteConfig {
    /// The hierarchy's levels, top first: as declared, else 基本施策 alone.
    pub fn levels(&self) -> Vec<Level> {
        if self.levels.is_empty() {
            return Level::default_levels();
        }
        self.levels
            .iter()
            .map(|level| Level {
                name: level.name.trim().to_string(),
                key: level.key.clone(),
                folder: level.folder.clone().unwrap_or_else(|| level.key.clone()),
            })
            .collect()
    }

    /// The levels of the site at `root`: its `site.toml`'s, or the
    /// default when it has none (a folder of content alone).
    pub fn levels_of(root: &std::path::Path) -> Result<Vec<Level>, crate::diagnostics::Diagnostic> {
        Ok(Self::of_site(root)?.levels())
    }

    /// The settings of the site at `root`: its `site.toml`, or every
    /// default when it has none (a folder of content alone).
    pub fn of_site(root: &std::path::Path) -> Result<SiteConfig, crate::diagnostics::Diagnostic> {
        let file = root.join(Self::FILE);
        match file.exists() {
            true => Self::load(root),
            false => Self::parse("", &file),
        }
    }

    /// What the city calls one measure: the label of its title field.
    pub fn measure_name(&self) -> String {
        self.declared_measure_name()
            .unwrap_or(DEFAULT_MEASURE_NAME)
            .to_string()
    }

    /// The interface's word for one measure in running text: the city's
    /// `measure_name`, else 施策 (the bundled plan's pages as they were).
    pub fn measure_noun(&self) -> String {
        self.declared_measure_name()
            .unwrap_or(DEFAULT_MEASURE_NOUN)
            .to_string()
    }

    fn declared_measure_name(&self) -> Option<&str> {
        self.measure_name
            .as_deref()
            .map(str::trim)
            .filter(|name| !name.is_empty())
    }
}

/// The first problem of the declared levels: the index of the level, the
/// key (`name`, `key`, `folder`) and what to do.
pub(super) fn levels_problem(levels: &[LevelSetting]) -> Option<(usize, &'static str, String)> {
    for (i, level) in levels.iter().enumerate() {
        if level.name.trim().is_empty() {
            return Some((i, "name", "階層の名前（例: 政策）が空です".into()));
        }
        if let Some(problem) = ascii_name_problem(&level.key) {
            return Some((i, "key", format!("key「{}」{problem}", level.key)));
        }
        let key = level.key.as_str();
        if TAKEN_KEYS.contains(&key) || MEASURE_FIELDS.iter().any(|spec| spec.key == key) {
            return Some((
                i,
                "key",
                format!(
                    "key「{}」は実施内容の front matter の項目名と重なります。別の名前にしてください",
                    level.key
                ),
            ));
        }
        let folder = level.folder.as_deref().unwrap_or(&level.key);
        if let Some(problem) = ascii_name_problem(folder) {
            return Some((i, "folder", format!("folder「{folder}」{problem}")));
        }
        if TAKEN_FOLDERS.contains(&folder) {
            return Some((
                i,
                "folder",
                format!("folder「{folder}」は実施内容のフォルダです。別の名前にしてください"),
            ));
        }
        for (j, earlier) in levels[..i].iter().enumerate() {
            let earlier_folder = earlier.folder.as_deref().unwrap_or(&earlier.key);
            let clash = [
                ("name", earlier.name.trim(), level.name.trim()),
                ("key", &earlier.key, &level.key),
                ("folder", earlier_folder, folder),
            ]
            .into_iter()
            .find(|(_, earlier, this)| earlier == this);
            if let Some((field, _, value)) = clash {
                return Some((
                    i,
                    field,
                    format!(
                        "{field}「{value}」は {} 番目の階層と同じです。階層ごとに別にしてください",
                        j + 1
                    ),
                ));
            }
        }
    }
    None
}

/// Keys and folders are front-matter keys and URL parts: `[a-z][a-z0-9_]*`.
fn ascii_name_problem(name: &str) -> Option<&'static str> {
    let mut chars = name.chars();
    let starts_well = chars.next().is_some_and(|c| c.is_ascii_lowercase());
    let rest_well = chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    (!(starts_well && rest_well))
        .then_some("は半角の英小文字で始め、英小文字・数字・_ だけで書いてください（例: seisaku）")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostic;
    use std::path::Path;

    fn parse(text: &str) -> Result<SiteConfig, Diagnostic> {
        SiteConfig::parse(text, Path::new("site.toml"))
    }

    #[test]
    fn no_levels_means_the_basic_policies_of_one_level() {
        let config = parse("").unwrap();
        assert_eq!(config.levels(), Level::default_levels());
        assert_eq!(config.measure_name(), "実施内容");
        assert_eq!(config.measure_noun(), "施策");
    }

    #[test]
    fn folder_defaults_to_the_key() {
        let config = parse(
            "measure_name = \"事務事業\"\n[[levels]]\nname = \"政策\"\nkey = \"seisaku\"\n[[levels]]\nname = \"施策\"\nkey = \"shisaku\"\nfolder = \"measures_2\"\n",
        )
        .unwrap();
        let levels = config.levels();
        assert_eq!(levels[0].folder, "seisaku");
        assert_eq!(levels[1].folder, "measures_2");
        assert_eq!(config.measure_name(), "事務事業");
        assert_eq!(config.measure_noun(), "事務事業");
    }

    #[test]
    fn a_bad_key_names_its_line_and_field() {
        let err = parse("[[levels]]\nname = \"政策\"\nkey = \"政策\"\n").unwrap_err();
        assert_eq!(err.field.as_deref(), Some("levels.key"));
        assert_eq!(err.line, Some(3));
        let err = parse(
            "[[levels]]\nname = \"政策\"\nkey = \"a\"\n[[levels]]\nname = \"施策\"\nkey = \"b\"\nfolder = \"a\"\n",
        )
        .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("levels.folder"));
        assert_eq!(err.line, Some(7));
        let err = parse("[[levels]]\nname = \"政策\"\nkey = \"title\"\n").unwrap_err();
        assert_eq!(err.field.as_deref(), Some("levels.key"));
    }
}
