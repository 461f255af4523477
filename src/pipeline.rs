//! The pipeline: load → validate → render → charts → search index → open
//! data → write. Each stage is a function from data to data; this module
//! only runs them in order and does the I/O at the edges.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::config::SiteConfig;
use crate::diagnostics::Diagnostics;
use crate::model::{Grading, Site};
use crate::output::OutputFile;
use crate::render::theme::Theme;
use crate::write::{Output, WriteError, DEFAULT_OUTPUT};
use crate::{charts, load, opendata, render, search, validate};

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("{0}")]
    Invalid(Diagnostics),
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// A site read and validated, ready for the output stages.
pub struct LoadedSite {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub grading: Grading,
    pub site: Site,
    pub theme: Theme,
    /// Warnings found while loading; errors make `load_site` fail instead.
    pub warnings: Diagnostics,
}

/// Reads `site.toml`, the theme and `content/`, and validates everything,
/// collecting all problems before giving up.
pub fn load_site(root: &Path) -> Result<LoadedSite, Diagnostics> {
    load_site_with(root, None, None)
}

/// [`load_site`] with `base_url` in place of `site.toml`'s (`--base-url`),
/// parsing only the content files `memo` does not remember.
pub fn load_site_with(
    root: &Path,
    base_url: Option<&str>,
    memo: Option<&load::ParseMemo>,
) -> Result<LoadedSite, Diagnostics> {
    let mut diags = Diagnostics::default();
    let config = SiteConfig::load(root)
        .and_then(|config| match base_url {
            Some(base_url) => config.with_base_url(base_url),
            None => Ok(config),
        })
        .map_err(|d| Diagnostics(vec![d]))?;
    diags.0.extend(config.warnings(Path::new(SiteConfig::FILE)));
    let theme = Theme::load(root, &config.theme);
    let (content, load_diags) = load::load_content_with(root, &config.levels(), memo);
    diags.0.extend(load_diags.0);
    let grading = Grading::new(config.grades.clone());
    let site = validate::validate(content, &grading, &mut diags).map(|site| Site {
        draft_years_in_totals: config.draft_years_in_totals,
        declared_fields: config.fields.clone(),
        publishing: config.publishing(),
        measure_name: config.measure_name(),
        measure_noun: config.measure_noun(),
        ..site
    });
    if let Some(site) = &site {
        diags.0.extend(site.misplaced_fields());
        diags
            .0
            .extend(crate::model::figures::unreadable_figures(site, root));
        diags.0.extend(crate::placeholders::warnings(site));
        diags.0.extend(crate::config::departments::unused_addresses(
            site,
            Path::new(SiteConfig::FILE),
        ));
    }
    let theme = theme.map_err(|d| diags.push(d)).ok();
    match (site, theme) {
        (Some(site), Some(theme)) if !diags.has_errors() => Ok(LoadedSite {
            root: root.to_path_buf(),
            grading,
            // Before any later stage sees the site: none can leak a private field.
            site: site.without_private_fields(),
            config,
            theme,
            warnings: with_root(root, diags.sorted()),
        }),
        _ => Err(diags.sorted()),
    }
    .map_err(|diags| with_root(root, diags))
}

/// Names files as the user would type them: `--root site` gives `site/content/…`.
fn with_root(root: &Path, mut diags: Diagnostics) -> Diagnostics {
    if root != Path::new(".") {
        for d in &mut diags.0 {
            d.file = root.join(&d.file);
        }
    }
    diags
}

/// Every file of the built site, sorted by path.
pub fn render_all(loaded: &LoadedSite) -> Result<Vec<OutputFile>, Diagnostics> {
    let mut files = Vec::new();
    run_output_stages(loaded, None, &mut |stage| files.extend(stage))?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// What `serve` keeps between builds so that a rebuild redoes only the
/// parsing, pages and tokenising that an edit affects.
#[derive(Default)]
pub struct Memos {
    pub parsed: load::ParseMemo,
    pub pages: render::PageMemo,
    pub index: search::IndexMemo,
}

/// Runs render, charts, search and open data, handing the files to `emit`
/// batch by batch as soon as they are made (a build writes them then, so
/// the whole site never sits in memory at once). The stages run side by
/// side: each has parts that use one core, and the other fills the gaps.
/// Batches arrive in no fixed order; their contents never depend on it.
pub fn run_output_stages(
    loaded: &LoadedSite,
    memos: Option<&Memos>,
    emit: &mut (dyn FnMut(Vec<OutputFile>) + Send),
) -> Result<(), Diagnostics> {
    let LoadedSite {
        site,
        config,
        grading,
        theme,
        ..
    } = loaded;
    let dictionary = read_site_file(&loaded.root, search::USER_DICTIONARY_FILE)?;
    let dictionary = dictionary
        .as_ref()
        .map(|(path, text)| (path.as_path(), text.as_str()));
    let synonyms = read_site_file(&loaded.root, search::SYNONYMS_FILE)?;
    let synonyms = synonyms
        .as_ref()
        .map(|(path, text)| (path.as_path(), text.as_str()));
    let mut paths = BTreeSet::new();
    let sink = Mutex::new(|files: Vec<OutputFile>| {
        for file in &files {
            if !paths.insert(file.path.clone()) {
                panic!("two stages wrote {}: a bug in shinchoku", file.path);
            }
        }
        emit(files)
    });
    let emit = |files| (sink.lock().expect("no stage panicked while emitting"))(files);
    let (pages, index) = rayon::join(
        || {
            let pages = render::render_site_into(
                site,
                config,
                grading,
                theme,
                memos.map(|m| &m.pages),
                &mut |f| emit(f),
            );
            emit(charts::render_charts(site, grading));
            pages
        },
        || {
            // Open data first, while the index's postings are small: on a
            // large site each is hundreds of megabytes. The index's
            // tokenising spreads over both cores once the pages are done.
            rayon::join(
                || opendata::open_data_files(site, grading).for_each(|file| emit(vec![file])),
                || {
                    search::build_index_into(
                        site,
                        grading,
                        dictionary,
                        synonyms,
                        memos.map(|m| &m.index),
                        &mut |f| emit(f),
                    )
                },
            )
            .1
        },
    );
    match (pages, index) {
        (Ok(()), Ok(())) => Ok(()),
        (pages, index) => Err(Diagnostics(
            pages
                .err()
                .into_iter()
                .chain(index.err())
                .flat_map(|d| d.0)
                .collect(),
        )),
    }
}

/// A search word file next to `site.toml` (`dictionary.csv`,
/// `synonyms.csv`), if the site has it.
fn read_site_file(root: &Path, name: &str) -> Result<Option<(PathBuf, String)>, Diagnostics> {
    let path = root.join(name);
    if !path.exists() {
        return Ok(None);
    }
    let text = load::read_utf8(&path, Path::new(name)).map_err(|d| Diagnostics(vec![d]))?;
    Ok(Some((PathBuf::from(name), text)))
}

/// What a successful build did.
pub struct BuildReport {
    pub out: PathBuf,
    pub files: usize,
    pub bytes: usize,
    pub measures: usize,
    /// What the city calls one measure (施策, 事務事業), for the summary line.
    pub measure_noun: String,
    pub warnings: Diagnostics,
    pub elapsed: Duration,
}

/// Builds the site at `root` into `out` (default `root/public`), replacing
/// the previous output only when everything succeeded.
pub fn build(root: &Path, out: Option<&Path>) -> Result<BuildReport, BuildError> {
    build_with_progress(root, out, None, false, &mut |_, _| {})
}

/// [`build`] with `base_url` in place of `site.toml`'s (`--base-url`),
/// calling `progress(files, bytes)` after each batch written; `force` lets
/// the build replace an existing folder that is not its own previous
/// output (see [`Output::claim`]).
pub fn build_with_progress(
    root: &Path,
    out: Option<&Path>,
    base_url: Option<&str>,
    force: bool,
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let out = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| root.join(DEFAULT_OUTPUT));
    // Before loading: a refused output is said at once, and an output a
    // killed build left moved aside is back even if this build fails.
    let output = Output::claim(&out, root, force)?;
    let loaded = load_site_with(root, base_url, None).map_err(BuildError::Invalid)?;
    let mut staging = output.stage()?;
    let (mut files, mut bytes) = (0, 0);
    // The first write error stops the writing; the stages still finish, and
    // their own errors (about the user's files) are reported first.
    let mut write_error = None;
    run_output_stages(&loaded, None, &mut |stage| {
        files += stage.len();
        bytes += stage.iter().map(|f| f.contents.len()).sum::<usize>();
        if write_error.is_none() {
            write_error = staging.write(&stage).err();
        }
        progress(files, bytes);
    })
    .map_err(BuildError::Invalid)?;
    if let Some(error) = write_error {
        return Err(error.into());
    }
    staging.commit()?;
    Ok(BuildReport {
        out,
        files,
        bytes,
        measures: loaded.site.measures.len(),
        measure_noun: loaded.site.measure_noun.clone(),
        warnings: loaded.warnings,
        elapsed: started.elapsed(),
    })
}

/// Everything `build` checks, without writing: returns the warnings.
pub fn check(root: &Path) -> Result<Diagnostics, Diagnostics> {
    check_site(root).map(|loaded| loaded.warnings)
}

/// [`check`], handing back the site checked (for its completeness report).
pub fn check_site(root: &Path) -> Result<LoadedSite, Diagnostics> {
    let loaded = load_site(root)?;
    render_all(&loaded)?;
    Ok(loaded)
}
