//! Themes: the templates and static files pages are rendered with.
//!
//! The built-in theme is compiled into the binary; a site's `themes/<name>/`
//! replaces or adds files by relative path (`templates/measure.html`,
//! `static/style.css`), so a city can change one template and keep the rest.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

use crate::diagnostics::Diagnostic;

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

const TEMPLATES: &str = "templates";
const STATIC: &str = "static";

/// One template and the file it came from, so that errors can name it.
#[derive(Debug, Clone, Hash)]
pub struct TemplateSource {
    pub source: String,
    /// `themes/default/templates/base.html` (built-in) or the site's own file.
    pub file: PathBuf,
}

#[derive(Debug, Clone, Hash)]
pub struct Theme {
    /// Template name (`measure.html`, `partials/grade.html`) → source.
    templates: BTreeMap<String, TemplateSource>,
    /// Path under `static/` (`style.css`) → contents; published under `assets/`.
    static_files: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    /// The theme compiled into the binary.
    pub fn builtin() -> Theme {
        let mut theme = Theme {
            templates: BTreeMap::new(),
            static_files: BTreeMap::new(),
        };
        let builtin_root = Path::new("themes/default");
        for file in files_of(&BUILTIN) {
            let path = file.path().to_string_lossy().replace('\\', "/");
            if let Some(name) = path.strip_prefix("templates/") {
                let source = String::from_utf8_lossy(file.contents()).into_owned();
                theme.templates.insert(
                    name.to_string(),
                    TemplateSource {
                        source,
                        file: builtin_root.join(file.path()),
                    },
                );
            } else if let Some(name) = path.strip_prefix("static/") {
                theme
                    .static_files
                    .insert(name.to_string(), file.contents().to_vec());
            }
        }
        theme
    }

    /// The built-in theme overlaid with the site's `themes/<name>/`, if present.
    /// A theme other than `default` must exist.
    pub fn load(site_root: &Path, name: &str) -> Result<Theme, Diagnostic> {
        let config_file = site_root.join(crate::config::SiteConfig::FILE);
        if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
            return Err(Diagnostic::error(
                &config_file,
                None,
                Some("theme"),
                format!("テーマ名「{name}」は themes/ の下のフォルダ名にしてください"),
            ));
        }
        let mut theme = Theme::builtin();
        let dir = site_root.join("themes").join(name);
        if !dir.is_dir() {
            if name == "default" {
                return Ok(theme);
            }
            return Err(Diagnostic::error(
                &config_file,
                None,
                Some("theme"),
                format!("テーマのフォルダ {} がありません", dir.display()),
            ));
        }
        for (relative, file) in read_tree(&dir.join(TEMPLATES))? {
            let source = String::from_utf8(std::fs::read(&file).map_err(|e| read_error(&file, e))?)
                .map_err(|_| {
                    Diagnostic::error(
                        &file,
                        None,
                        None,
                        "テンプレートは UTF-8 で保存してください".into(),
                    )
                })?;
            theme
                .templates
                .insert(relative, TemplateSource { source, file });
        }
        for (relative, file) in read_tree(&dir.join(STATIC))? {
            let contents = std::fs::read(&file).map_err(|e| read_error(&file, e))?;
            theme.static_files.insert(relative, contents);
        }
        Ok(theme)
    }

    pub fn templates(&self) -> &BTreeMap<String, TemplateSource> {
        &self.templates
    }

    pub fn has_template(&self, name: &str) -> bool {
        self.templates.contains_key(name)
    }

    /// Static files by their path under `static/`.
    pub fn static_files(&self) -> &BTreeMap<String, Vec<u8>> {
        &self.static_files
    }
}

/// Every file of an embedded directory, depth first.
fn files_of<'a>(dir: &'a Dir<'a>) -> Vec<&'a include_dir::File<'a>> {
    let mut files: Vec<_> = dir.files().collect();
    for sub in dir.dirs() {
        files.extend(files_of(sub));
    }
    files
}

/// Files under `dir` as (`/`-separated relative path, full path), sorted;
/// empty when `dir` does not exist.
fn read_tree(dir: &Path) -> Result<Vec<(String, PathBuf)>, Diagnostic> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            Diagnostic::error(
                &path,
                None,
                None,
                format!("テーマのフォルダを読めません: {e}"),
            )
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = entry
            .path()
            .strip_prefix(dir)
            .expect("walkdir stays under its root");
        let Some(relative) = relative.to_str() else {
            return Err(Diagnostic::error(
                entry.path(),
                None,
                None,
                "テーマのファイル名は UTF-8 にしてください".into(),
            ));
        };
        files.push((relative.replace('\\', "/"), entry.path().to_path_buf()));
    }
    Ok(files)
}

fn read_error(file: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(
        file,
        None,
        None,
        format!("テーマのファイルを読めません: {e}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_theme_has_the_page_templates_and_stylesheet() {
        let theme = Theme::builtin();
        for name in [
            "base.html",
            "index.html",
            "policy.html",
            "measure.html",
            "data.html",
            "404.html",
        ] {
            assert!(theme.has_template(name), "{name} missing");
        }
        assert!(theme.static_files().contains_key("style.css"));
        assert_eq!(
            theme.templates()["base.html"].file,
            Path::new("themes/default/templates/base.html")
        );
    }

    #[test]
    fn site_theme_overrides_by_relative_path_and_keeps_the_rest() {
        let site = tempfile::tempdir().unwrap();
        let templates = site.path().join("themes/city/templates");
        std::fs::create_dir_all(&templates).unwrap();
        std::fs::write(templates.join("measure.html"), "CITY {{ measure.title }}").unwrap();
        std::fs::create_dir_all(site.path().join("themes/city/static/img")).unwrap();
        std::fs::write(
            site.path().join("themes/city/static/img/logo.svg"),
            "<svg/>",
        )
        .unwrap();

        let theme = Theme::load(site.path(), "city").unwrap();
        assert_eq!(
            theme.templates()["measure.html"].source,
            "CITY {{ measure.title }}"
        );
        assert_eq!(
            theme.templates()["measure.html"].file,
            templates.join("measure.html")
        );
        assert!(theme.templates()["base.html"]
            .source
            .contains("<html lang=\"{{ lang }}\">"));
        assert_eq!(theme.static_files()["img/logo.svg"], b"<svg/>");
        assert!(theme.static_files().contains_key("style.css"));
    }

    #[test]
    fn missing_default_theme_folder_means_builtin_but_other_names_must_exist() {
        let site = tempfile::tempdir().unwrap();
        assert!(Theme::load(site.path(), "default").is_ok());
        let err = Theme::load(site.path(), "city").unwrap_err();
        assert_eq!(err.field.as_deref(), Some("theme"));
        assert!(Theme::load(site.path(), "../etc").is_err());
    }
}
