//! Which folder a build may replace. A build deletes whatever its output
//! folder held, so the output must never be, hold or lie inside the site's
//! own files, never be a file, and be an existing folder only when a build
//! wrote it (it carries [`MARKER`]), it is empty, or the user said `--force`.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::{absolute, io_error, WriteError};

/// The output when `--out` is not given, relative to the site root.
pub const DEFAULT_OUTPUT: &str = "public";

/// A file every build puts in its output folder: it tells the next build
/// that the folder is a previous output and may be replaced.
pub const MARKER: &str = ".shinchoku-output";

pub(super) const MARKER_TEXT: &str =
    "このフォルダは shinchoku build の出力です。build のたびに中身ごと置き換えられます。\n";

/// The site's own files and folders, relative to the root.
fn site_sources() -> [&'static str; 5] {
    [
        crate::load::CONTENT_DIR,
        "themes",
        crate::config::SiteConfig::FILE,
        crate::search::USER_DICTIONARY_FILE,
        crate::import::STATE_DIR,
    ]
}

/// Refuses an output that a build must not replace (`out` and `root` as
/// the user gave them, for the messages); returns the output's real path.
pub(super) fn check(out: &Path, root: &Path, force: bool) -> Result<PathBuf, WriteError> {
    let resolved = absolute(out).map_err(io_error(out))?;
    let resolved_root = absolute(root).map_err(io_error(root))?;
    if resolved_root.starts_with(&resolved) {
        return Err(WriteError::OutputContainsSite(out.to_path_buf()));
    }
    for source in site_sources() {
        let path = root.join(source);
        let resolved_source = absolute(&path).map_err(io_error(&path))?;
        if resolved.starts_with(&resolved_source) || resolved_source.starts_with(&resolved) {
            return Err(WriteError::OutputOverlapsSource {
                out: out.to_path_buf(),
                site_file: path,
            });
        }
    }
    let metadata = match fs::symlink_metadata(&resolved) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(resolved),
        other => other.map_err(io_error(out))?,
    };
    if !metadata.is_dir() {
        return Err(WriteError::OutputNotAFolder(out.to_path_buf()));
    }
    let is_default = resolved == resolved_root.join(DEFAULT_OUTPUT);
    let replaceable = force
        || resolved.join(MARKER).is_file()
        || (is_default && looks_like_an_output_from_before_the_marker(&resolved))
        || is_empty(&resolved).map_err(io_error(out))?;
    if !replaceable {
        return Err(WriteError::OutputNotOurs {
            out: out.to_path_buf(),
        });
    }
    Ok(resolved)
}

/// A `public/` built before builds wrote the marker: the top page, the
/// search page and the open data, as only a build writes them together.
fn looks_like_an_output_from_before_the_marker(folder: &Path) -> bool {
    ["index.html", "search/index.html", "data/measures.csv"]
        .iter()
        .all(|file| folder.join(file).is_file())
}

fn is_empty(folder: &Path) -> io::Result<bool> {
    Ok(fs::read_dir(folder)?.next().is_none())
}
