//! Themes: the templates and static files pages are rendered with.
//!
//! The built-in theme is compiled into the binary; a site's `themes/<name>/`
//! replaces or adds files by relative path (`templates/measure.html`,
//! `static/style.css`), so a city can change one template and keep the rest.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

use crate::diagnostics::Diagnostic;
use crate::load::read_regular_file;
use crate::model::names::{server_key, windows_name_problem};
use crate::model::text::shown;
use crate::output::OutputFile;

use super::minify;

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
    /// The built-in theme's stylesheet, for tests that check its colours
    /// against the charts'.
    #[cfg(test)]
    pub fn builtin_stylesheet() -> String {
        String::from_utf8(Theme::builtin().static_files()["style.css"].clone()).unwrap()
    }

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
        if let Some(problem) = name_problem(name) {
            return Err(Diagnostic::error(
                &config_file,
                None,
                Some("theme"),
                problem,
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
        let inside = dir.canonicalize().map_err(|e| read_error(&dir, e))?;
        for (relative, file) in read_tree(&inside, &dir.join(TEMPLATES))? {
            let shown_file = shown_path(&file);
            let source =
                String::from_utf8(read_regular_file(&file, &shown_file)?).map_err(|_| {
                    Diagnostic::error(
                        &shown_file,
                        None,
                        None,
                        "テンプレートは UTF-8 で保存してください".into(),
                    )
                })?;
            theme
                .templates
                .insert(relative, TemplateSource { source, file });
        }
        let static_files = read_tree(&inside, &dir.join(STATIC))?;
        for (relative, file) in &static_files {
            let unfit = relative
                .split('/')
                .find_map(|part| Some((part, windows_name_problem(part)?)));
            if let Some((part, problem)) = unfit {
                return Err(Diagnostic::error(
                    &shown_path(file),
                    None,
                    None,
                    format!(
                        "「{}」は Windows のサーバーに置けない名前です（{problem}）。名前を変えてください",
                        shown(part)
                    ),
                ));
            }
            let contents = read_regular_file(file, &shown_path(file))?;
            theme.static_files.insert(relative.clone(), contents);
        }
        refuse_names_alike(&theme, &static_files)?;
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

    /// Static files as published under `assets/`: with `minify`, scripts
    /// and stylesheets without their comments and spaces.
    pub fn published_static_files(&self, minify: bool) -> Vec<OutputFile> {
        self.static_files
            .iter()
            .map(|(path, bytes)| {
                let bytes = if minify {
                    minified(path, bytes)
                } else {
                    bytes.clone()
                };
                OutputFile::new(format!("assets/{path}"), bytes)
            })
            .collect()
    }
}

/// A script or stylesheet without its comments and spaces ([`minify`]):
/// the search's first query fetched 74 KB, 62 KB of them scripts, over a
/// phone's connection. Every test runs the minified form. A file the
/// minifier cannot read is published as it is.
fn minified(name: &str, contents: &[u8]) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(contents) else {
        return contents.to_vec();
    };
    let minified = if name.ends_with(".js") {
        minify::script(text)
    } else if name.ends_with(".css") {
        minify::stylesheet(text)
    } else {
        None
    };
    minified.map_or_else(|| contents.to_vec(), String::into_bytes)
}

/// Why `name` cannot be the `theme` setting: one folder right under `themes/`.
pub fn name_problem(name: &str) -> Option<String> {
    let problem = if name.starts_with('.') {
        Some("「.」で始まる名前は使えません".to_string())
    } else {
        windows_name_problem(name)
    };
    problem.map(|problem| {
        format!(
            "テーマ名「{}」は themes/ の下のフォルダ名にしてください（{problem}）",
            shown(name)
        )
    })
}

/// Refuses a site's static file whose name differs from another's (the
/// built-in theme's included) only in case or Unicode composition: a
/// Windows or macOS server holds the two as one file.
fn refuse_names_alike(theme: &Theme, site_files: &[(String, PathBuf)]) -> Result<(), Diagnostic> {
    let mut by_key: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for name in theme.static_files.keys() {
        by_key.entry(server_key(name)).or_default().push(name);
    }
    for (relative, file) in site_files {
        if let Some(other) = by_key[&server_key(relative)]
            .iter()
            .find(|other| *other != relative)
        {
            return Err(Diagnostic::error(
                file,
                None,
                None,
                format!("static/{relative} と static/{other} は大文字・小文字か文字の合成だけが違い、Windows や macOS のサーバーでは同じファイルになります。どちらかの名前を変えてください"),
            ));
        }
    }
    Ok(())
}

/// A path fit to be printed: its control characters escaped.
fn shown_path(path: &Path) -> PathBuf {
    PathBuf::from(shown(&path.to_string_lossy()))
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
/// empty when `dir` does not exist. Symbolic links are followed only while
/// they stay in the theme's folder (`inside`, canonical): one leading out
/// would publish whatever it points to.
fn read_tree(inside: &Path, dir: &Path) -> Result<Vec<(String, PathBuf)>, Diagnostic> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    stays_inside(inside, dir)?;
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .follow_links(true)
        .sort_by_file_name();
    for entry in walker {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir);
            Diagnostic::error(
                &shown_path(path),
                None,
                None,
                format!("テーマのフォルダを読めません: {e}"),
            )
        })?;
        stays_inside(inside, entry.path())?;
        if entry.file_type().is_dir() {
            continue;
        }
        // Joined by component: a `\` inside a name (possible on Unix) stays
        // in it, for the check of names a Windows server can hold.
        let relative: Option<Vec<&str>> = entry
            .path()
            .strip_prefix(dir)
            .expect("walkdir stays under its root")
            .iter()
            .map(|component| component.to_str())
            .collect();
        let Some(relative) = relative else {
            return Err(Diagnostic::error(
                &shown_path(entry.path()),
                None,
                None,
                "テーマのファイル名は UTF-8 にしてください".into(),
            ));
        };
        files.push((relative.join("/"), entry.path().to_path_buf()));
    }
    Ok(files)
}

/// Refuses `path` when it resolves outside the theme's folder `inside`:
/// only a symbolic link (it or a folder above it) can lead there, and the
/// walk meets the link before what it leads to.
fn stays_inside(inside: &Path, path: &Path) -> Result<(), Diagnostic> {
    let target = path.canonicalize().map_err(|e| read_error(path, e))?;
    if target.starts_with(inside) {
        return Ok(());
    }
    Err(Diagnostic::error(
        &shown_path(path),
        None,
        None,
        format!(
            "シンボリックリンクがテーマのフォルダの外（{}）を指しています。外のファイルが公開されてしまうため使えません。実体のファイルをテーマのフォルダに置いてください",
            shown_path(&target).display()
        ),
    ))
}

fn read_error(file: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(
        &shown_path(file),
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
