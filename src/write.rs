//! Write stage: the built files → the output directory, all or nothing.
//!
//! Files go to a fresh temporary directory next to the output; only when
//! every file is written is the old output swapped out. A failed build thus
//! leaves the previous output untouched.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::output::OutputFile;

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("出力先 {0} はサイトのフォルダそのもの、またはその親です。別のフォルダ（例: public）を指定してください")]
    OutputContainsSite(PathBuf),
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

/// The new output being written, stage by stage, into a fresh directory
/// next to the output: a build hands each stage's files over as soon as
/// they are made, so the whole site never sits in memory. Dropped without
/// [`Staging::commit`], it is deleted and the old output stays.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    parent: PathBuf,
    name: String,
    folders: BTreeSet<PathBuf>,
    committed: bool,
}

impl Staging {
    pub fn new(out: &Path, site_root: &Path) -> Result<Staging, WriteError> {
        let out = absolute(out).map_err(io_error(out))?;
        let root = absolute(site_root).map_err(io_error(site_root))?;
        if root.starts_with(&out) {
            return Err(WriteError::OutputContainsSite(out));
        }
        let parent = out
            .parent()
            .ok_or_else(|| WriteError::OutputContainsSite(out.clone()))?
            .to_path_buf();
        fs::create_dir_all(&parent).map_err(io_error(&parent))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dir = parent.join(format!(".{name}.building-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(io_error(&dir))?;
        }
        fs::create_dir_all(&dir).map_err(io_error(&dir))?;
        Ok(Staging {
            dir,
            out,
            parent,
            name,
            folders: BTreeSet::new(),
            committed: false,
        })
    }

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
        let result = swap_in(&self.dir, &self.out, &self.parent, &self.name);
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

/// Moves the old output aside, the new one in, then deletes the old one.
fn swap_in(staging: &Path, out: &Path, parent: &Path, name: &str) -> Result<(), WriteError> {
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    let had_old = out.exists();
    if had_old {
        fs::rename(out, &old).map_err(io_error(out))?;
    }
    if let Err(source) = fs::rename(staging, out) {
        if had_old {
            let _ = fs::rename(&old, out);
        }
        return Err(WriteError::Io {
            path: out.to_path_buf(),
            source,
        });
    }
    if had_old {
        fs::remove_dir_all(&old).map_err(io_error(&old))?;
    }
    Ok(())
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

/// An absolute, lexically normalised path (the output may not exist yet).
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
    // Resolve symlinks of the part that exists, so two spellings of one folder compare equal.
    Ok(normal.canonicalize().unwrap_or(normal))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Replaces `out` with exactly `files`, as a build does stage by stage.
    fn write_output(out: &Path, site_root: &Path, files: &[OutputFile]) -> Result<(), WriteError> {
        let mut staging = Staging::new(out, site_root)?;
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
