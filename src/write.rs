//! Write stage: the built files → the output directory, all or nothing.
//!
//! Files go to a fresh temporary directory next to the output; only when
//! every file is written is it swapped in for the old output. A failed build
//! thus leaves the previous output untouched, and a build replaces only a
//! folder that is its own previous output ([`output_folder`]). [`together`]
//! writes the user's own files (import, export) all or nothing.

mod output_folder;
mod swap;
pub mod together;

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::output::OutputFile;
pub use output_folder::{DEFAULT_OUTPUT, MARKER};
use swap::Leftover;

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("出力先 {0} はサイトのフォルダそのもの、またはその親です。別のフォルダ（例: public）を指定してください")]
    OutputContainsSite(PathBuf),
    #[error("出力先 {out} はサイトの {site_file} と重なっています。書き出すとサイトのファイルが消えるため、書き出しません（--force を付けても同じです）。サイトのファイルと重ならないフォルダ（例: public）を指定してください")]
    OutputOverlapsSource { out: PathBuf, site_file: PathBuf },
    #[error("出力先 {0} はフォルダではなくファイルです。そのファイルを消さないよう、書き出しません（--force を付けても同じです）。別のフォルダを指定してください")]
    OutputNotAFolder(PathBuf),
    #[error("出力先 {out} には shinchoku が書き出したのではないファイルがあります（目印の {marker} がありません）。書き出すと中身がすべて消えるため、書き出しません。空のフォルダかまだないフォルダを指定するか、中身を消してよいなら --force を付けてください", marker = MARKER)]
    OutputNotOurs { out: PathBuf },
    #[error("出力しようとしたパス「{0}」が出力フォルダの外を指しています")]
    UnsafePath(String),
    #[error("{path}: 書き込めません: {source}")]
    Io { path: PathBuf, source: io::Error },
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// An output folder a build may replace, claimed before the build starts.
pub struct Output {
    /// The real path (links resolved).
    out: PathBuf,
    parent: PathBuf,
    name: String,
}

impl Output {
    /// Claims `out` for a build of the site at `site_root`: refuses a folder
    /// the build must not replace (any but a previous output or an empty
    /// folder, unless `force`), puts back an output a killed build left
    /// moved aside, and removes killed builds' folders. Creates nothing.
    pub fn claim(out: &Path, site_root: &Path, force: bool) -> Result<Output, WriteError> {
        let resolved = output_folder::check(out, site_root, force)?;
        let (Some(parent), Some(name)) = (resolved.parent(), resolved.file_name()) else {
            return Err(WriteError::OutputContainsSite(out.to_path_buf()));
        };
        let name = name.to_string_lossy().into_owned();
        swap::tidy(parent, &name);
        Ok(Output {
            parent: parent.to_path_buf(),
            name,
            out: resolved,
        })
    }

    /// Starts writing the new output into a fresh folder next to the old,
    /// marked as a build's.
    pub fn stage(self) -> Result<Staging, WriteError> {
        fs::create_dir_all(&self.parent).map_err(io_error(&self.parent))?;
        let dir = self.leftover(Leftover::Building);
        fs::create_dir(&dir).map_err(io_error(&dir))?;
        let staging = Staging {
            dir,
            output: self,
            folders: BTreeSet::new(),
            committed: false,
        };
        let marker = staging.dir.join(MARKER);
        fs::write(&marker, output_folder::MARKER_TEXT).map_err(io_error(&marker))?;
        Ok(staging)
    }

    fn leftover(&self, kind: Leftover) -> PathBuf {
        swap::leftover_path(&self.parent, &self.name, kind, std::process::id())
    }
}

/// The new output being written, stage by stage, into a fresh directory
/// next to the output: a build hands each stage's files over as soon as
/// they are made, so the whole site never sits in memory. Dropped without
/// [`Staging::commit`], it is deleted and the old output stays.
pub struct Staging {
    dir: PathBuf,
    output: Output,
    folders: BTreeSet<PathBuf>,
    committed: bool,
}

impl Staging {
    /// Writes `files` (every path checked first) from every core.
    pub fn write(&mut self, files: &[OutputFile]) -> Result<(), WriteError> {
        for file in files {
            check_path(&file.path)?;
        }
        for folder in files.iter().filter_map(|f| Path::new(&f.path).parent()) {
            if !self.folders.contains(folder) {
                let path = self.dir.join(folder);
                fs::create_dir_all(&path).map_err(io_error(&path))?;
                self.folders.insert(folder.to_path_buf());
            }
        }
        files.par_iter().try_for_each(|file| {
            let path = self.dir.join(&file.path);
            fs::write(&path, &file.contents).map_err(io_error(&path))
        })
    }

    /// Swaps the new output in for the old one.
    pub fn commit(mut self) -> Result<(), WriteError> {
        self.committed = true;
        let out = &self.output.out;
        let old = self.output.leftover(Leftover::Old);
        let result = swap::swap_in(&self.dir, out, &old).map_err(io_error(out));
        if result.is_err() {
            let _ = fs::remove_dir_all(&self.dir);
        }
        result
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Output paths are built from validated ids and fixed names; this is the
/// last line of defence: relative, no `..`, no root, no NUL, no backslash.
fn check_path(path: &str) -> Result<(), WriteError> {
    let unsafe_path = || WriteError::UnsafePath(path.escape_debug().to_string());
    if path.is_empty() || path.contains(['\0', '\\']) || path.contains(':') {
        return Err(unsafe_path());
    }
    if !Path::new(path)
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
    {
        return Err(unsafe_path());
    }
    Ok(())
}

/// An absolute, lexically normalised path with the symbolic links of its
/// existing part resolved, so that two spellings of one folder compare
/// equal (the path itself may not exist yet).
fn absolute(path: &Path) -> io::Result<PathBuf> {
    let joined = std::path::absolute(path)?;
    let mut normal = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                normal.pop();
            }
            Component::CurDir => {}
            other => normal.push(other),
        }
    }
    let mut missing = Vec::new();
    let mut existing = normal.as_path();
    loop {
        if let Ok(resolved) = existing.canonicalize() {
            return Ok(missing
                .iter()
                .rev()
                .fold(resolved, |path, name| path.join(name)));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                missing.push(name);
                existing = parent;
            }
            _ => return Ok(normal),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Replaces `out` with exactly `files`, as a build does stage by stage.
    fn write_output(out: &Path, site_root: &Path, files: &[OutputFile]) -> Result<(), WriteError> {
        let mut staging = Output::claim(out, site_root, false)?.stage()?;
        staging.write(files)?;
        staging.commit()
    }

    fn files(names: &[&str]) -> Vec<OutputFile> {
        names
            .iter()
            .map(|n| OutputFile::new(*n, n.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn replaces_the_previous_output_completely() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_output(
            &out,
            tmp.path().join("site").as_path(),
            &files(&["a.html", "x/b.html"]),
        )
        .unwrap();
        write_output(&out, tmp.path().join("site").as_path(), &files(&["c.html"])).unwrap();
        assert!(out.join("c.html").exists());
        assert!(!out.join("a.html").exists(), "stale file survived");
        let leftovers: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, [std::ffi::OsString::from("public")]);
    }

    #[test]
    fn unsafe_paths_write_nothing_and_keep_the_old_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let site = tmp.path().join("site");
        write_output(&out, &site, &files(&["keep.html"])).unwrap();
        for bad in [
            "../evil.html",
            "/etc/evil",
            "a/../../evil",
            "a\\..\\evil",
            "c:evil",
            "a\0b",
            "",
        ] {
            let err = write_output(&out, &site, &files(&["ok.html", bad])).unwrap_err();
            assert!(matches!(err, WriteError::UnsafePath(_)), "{bad:?}: {err}");
        }
        assert!(out.join("keep.html").exists());
        assert!(!tmp.path().join("evil.html").exists());
    }

    #[test]
    fn refuses_to_replace_the_site_itself() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        fs::create_dir_all(site.join("content")).unwrap();
        for out in [
            site.clone(),
            tmp.path().to_path_buf(),
            site.join("content/.."),
        ] {
            let err = write_output(&out, &site, &files(&["a.html"])).unwrap_err();
            assert!(
                matches!(err, WriteError::OutputContainsSite(_)),
                "{}",
                out.display()
            );
        }
        assert!(site.join("content").exists());
    }
}
