//! The user's own files (an import's content files and state, an export's
//! templates) written all or nothing: every file goes to a temporary name
//! beside its target first, and only when all are written are they renamed
//! into place. A failure while writing — a full disk — changes no file;
//! the renames need no space.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Why a batch was not written, and whether any file changed.
#[derive(Debug, thiserror::Error)]
pub enum WriteTogetherError {
    #[error("{}: 書き込めません: {source}。ファイルは一つも書き換えていません。空き容量などを確かめて、もう一度実行してください", path.display())]
    NothingChanged { path: PathBuf, source: io::Error },
    #[error("{}: 置き換えられません: {source}。これより前のファイルだけが新しくなっています。原因を取り除いて、もう一度実行してください", path.display())]
    SomeReplaced { path: PathBuf, source: io::Error },
}

/// Writes each `(path, contents)`, creating folders as needed; on failure
/// removes the temporaries and the folders it created.
pub fn write_together(files: &[(PathBuf, Vec<u8>)]) -> Result<(), WriteTogetherError> {
    let mut created_folders = Vec::new();
    let mut temporaries = Vec::new();
    let result = write_temporaries(files, &mut created_folders, &mut temporaries).and_then(|()| {
        for ((path, _), temporary) in files.iter().zip(&temporaries) {
            fs::rename(temporary, path).map_err(|source| WriteTogetherError::SomeReplaced {
                path: path.clone(),
                source,
            })?;
        }
        Ok(())
    });
    if result.is_err() {
        for temporary in &temporaries {
            let _ = fs::remove_file(temporary);
        }
        for folder in created_folders.iter().rev() {
            let _ = fs::remove_dir(folder);
        }
    }
    result
}

fn write_temporaries(
    files: &[(PathBuf, Vec<u8>)],
    created_folders: &mut Vec<PathBuf>,
    temporaries: &mut Vec<PathBuf>,
) -> Result<(), WriteTogetherError> {
    for (path, contents) in files {
        let failed = |source| WriteTogetherError::NothingChanged {
            path: path.clone(),
            source,
        };
        let folder = path.parent().unwrap_or(Path::new("."));
        create_folders(folder, created_folders).map_err(failed)?;
        let temporary = temporary_path(path);
        // Any file by that name is a killed run's; a link there is removed, never followed.
        let _ = fs::remove_file(&temporary);
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)
            .map_err(failed)?;
        temporaries.push(temporary);
        file.write_all(contents)
            .and_then(|()| file.sync_all())
            .map_err(failed)?;
    }
    Ok(())
}

/// `folder` and its missing parents, noting the ones it made.
fn create_folders(folder: &Path, created: &mut Vec<PathBuf>) -> io::Result<()> {
    let missing: Vec<&Path> = folder
        .ancestors()
        .take_while(|f| !f.as_os_str().is_empty() && fs::symlink_metadata(f).is_err())
        .collect();
    fs::create_dir_all(folder)?;
    created.extend(missing.iter().rev().map(|f| f.to_path_buf()));
    Ok(())
}

fn temporary_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.shinchoku-{}.tmp", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn everything(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .map(Result::unwrap)
            .map(|e| {
                let bytes = fs::read(e.path()).unwrap_or_default();
                (e.path().to_path_buf(), bytes)
            })
            .collect()
    }

    #[test]
    fn writes_every_file_and_leaves_no_temporary() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("a.md"), "old").unwrap();
        let files = [
            (tmp.path().join("a.md"), b"new".to_vec()),
            (tmp.path().join("new/deep/b.md"), b"b".to_vec()),
        ];
        write_together(&files).unwrap();
        assert_eq!(fs::read(tmp.path().join("a.md")).unwrap(), b"new");
        assert_eq!(fs::read(tmp.path().join("new/deep/b.md")).unwrap(), b"b");
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 2);
        assert_eq!(
            fs::read_dir(tmp.path().join("new/deep")).unwrap().count(),
            1
        );
    }

    /// The second of three files cannot be written (a file stands where
    /// its folder must go): the first is not replaced, no temporary and no
    /// new folder stays.
    #[test]
    fn a_file_that_cannot_be_written_changes_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("a.md"), "old").unwrap();
        fs::write(tmp.path().join("blocked"), "a file").unwrap();
        let before = everything(tmp.path());
        let files = [
            (tmp.path().join("a.md"), b"new".to_vec()),
            (tmp.path().join("made/b.md"), b"b".to_vec()),
            (tmp.path().join("blocked/c.md"), b"c".to_vec()),
        ];
        let error = write_together(&files).unwrap_err();
        assert!(
            matches!(&error, WriteTogetherError::NothingChanged { path, .. } if path.ends_with("blocked/c.md")),
            "{error}"
        );
        assert_eq!(everything(tmp.path()), before);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_at_the_temporary_name_is_not_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("a.md");
        let elsewhere = tmp.path().join("elsewhere.txt");
        fs::write(&elsewhere, "untouched").unwrap();
        std::os::unix::fs::symlink(&elsewhere, temporary_path(&target)).unwrap();
        write_together(&[(target.clone(), b"new".to_vec())]).unwrap();
        assert_eq!(fs::read_to_string(&elsewhere).unwrap(), "untouched");
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
    }
}
