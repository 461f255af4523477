//! Putting the new output in place of the old one so that a site is there
//! at every instant, and clearing up after builds that were killed.
//!
//! On Linux the two folders trade places in one `renameat2(RENAME_EXCHANGE)`.
//! Elsewhere, or on a filesystem without it, the old output is renamed to
//! `.NAME.old-PID` and then the new one into place: a build killed between
//! the two renames leaves no output, and the next build puts the old one
//! back ([`tidy`]).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// A folder a build keeps next to its output while it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Leftover {
    /// `.NAME.building-PID`: the new output being written (after an
    /// exchange, the old output being deleted).
    Building,
    /// `.NAME.old-PID`: the old output moved aside by the two renames.
    Old,
}

impl Leftover {
    fn word(self) -> &'static str {
        match self {
            Leftover::Building => "building",
            Leftover::Old => "old",
        }
    }
}

/// Where the build with process id `pid` keeps its `kind` of folder for
/// the output `parent/name`.
pub(super) fn leftover_path(parent: &Path, name: &str, kind: Leftover, pid: u32) -> PathBuf {
    parent.join(format!(".{name}.{}-{pid}", kind.word()))
}

/// `.NAME.building-PID` → (Building, PID); anything else → None.
fn parse_leftover(file_name: &str, name: &str) -> Option<(Leftover, u32)> {
    let rest = file_name
        .strip_prefix('.')?
        .strip_prefix(name)?
        .strip_prefix('.')?;
    let (word, pid) = rest.split_once('-')?;
    let kind = [Leftover::Building, Leftover::Old]
        .into_iter()
        .find(|kind| kind.word() == word)?;
    if !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((kind, pid.parse().ok()?))
}

/// Without `/proc`, a build's folder this old is taken to be a killed
/// build's (no build runs for a day).
const ABANDONED_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// Whether the build that named a folder with `pid` has ended.
fn build_ended(pid: u32, folder: &fs::Metadata) -> bool {
    // Our own number on a folder we have not made yet: an earlier process's.
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") && Path::new("/proc/self").exists() {
        return !Path::new("/proc").join(pid.to_string()).exists();
    }
    folder
        .modified()
        .ok()
        .and_then(|modified| SystemTime::now().duration_since(modified).ok())
        .is_some_and(|age| age > ABANDONED_AFTER)
}

/// Clears up after killed builds of the output `parent/name`: when the
/// output is missing, the newest old output they moved aside is put back;
/// their other folders are deleted. Only real folders named as a build
/// names them are touched. Best effort: what cannot be removed now is
/// tried again by the next build, and never stops this one.
pub(super) fn tidy(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let mut ended: Vec<(Leftover, PathBuf, Option<SystemTime>)> = entries
        .flatten()
        .filter_map(|entry| {
            let (kind, pid) = parse_leftover(entry.file_name().to_str()?, name)?;
            let metadata = entry.metadata().ok()?; // of the entry, never a link's target
            (metadata.is_dir() && build_ended(pid, &metadata))
                .then(|| (kind, entry.path(), metadata.modified().ok()))
        })
        .collect();
    let out = parent.join(name);
    if fs::symlink_metadata(&out).is_err_and(|e| e.kind() == io::ErrorKind::NotFound) {
        let newest_old = ended
            .iter()
            .enumerate()
            .filter(|(_, (kind, ..))| *kind == Leftover::Old)
            .max_by_key(|(_, (.., modified))| *modified)
            .map(|(i, _)| i);
        if let Some(i) = newest_old {
            if fs::rename(&ended[i].1, &out).is_ok() {
                ended.remove(i);
            }
        }
    }
    for (_, folder, _) in ended {
        let _ = fs::remove_dir_all(folder);
    }
}

/// Puts the folder `staging` in place of `out` (which may not exist yet)
/// and deletes the old output; `old` is where the two-rename fallback
/// moves it meanwhile.
pub(super) fn swap_in(staging: &Path, out: &Path, old: &Path) -> io::Result<()> {
    if fs::symlink_metadata(out).is_err_and(|e| e.kind() == io::ErrorKind::NotFound) {
        return fs::rename(staging, out);
    }
    match exchange(staging, out) {
        Ok(()) => {
            // `staging` now holds the old output; a leftover is the next build's to remove.
            let _ = fs::remove_dir_all(staging);
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::Unsupported => rename_twice(staging, out, old),
        Err(e) => Err(e),
    }
}

/// The swap without an exchange: `out` is missing between the renames.
fn rename_twice(staging: &Path, out: &Path, old: &Path) -> io::Result<()> {
    fs::rename(out, old)?;
    if let Err(e) = fs::rename(staging, out) {
        let _ = fs::rename(old, out);
        return Err(e);
    }
    let _ = fs::remove_dir_all(old);
    Ok(())
}

/// Trades the places of two existing paths in one step; `Unsupported` when
/// the system or the filesystem cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;

    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are NUL-terminated paths that outlive the call.
    let result = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        return Ok(());
    }
    let error = io::Error::last_os_error();
    match error.raw_os_error() {
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP) => {
            Err(io::ErrorKind::Unsupported.into())
        }
        _ => Err(error),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder holding an `index.html` that says `text`.
    fn folder(path: &Path, text: &str) {
        fs::create_dir_all(path).unwrap();
        fs::write(path.join("index.html"), text).unwrap();
    }

    fn text(folder: &Path) -> String {
        fs::read_to_string(folder.join("index.html")).unwrap()
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn exchange_trades_two_folders_in_one_step() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        folder(&a, "new");
        folder(&b, "old");
        exchange(&a, &b).unwrap();
        assert_eq!((text(&a), text(&b)), ("old".into(), "new".into()));
    }

    #[test]
    fn both_swaps_replace_the_output_and_leave_nothing_behind() {
        type Swap = fn(&Path, &Path, &Path) -> io::Result<()>;
        for swap in [swap_in as Swap, rename_twice] {
            let tmp = tempfile::tempdir().unwrap();
            let out = tmp.path().join("public");
            let staging = leftover_path(tmp.path(), "public", Leftover::Building, 7);
            let old = leftover_path(tmp.path(), "public", Leftover::Old, 7);
            folder(&out, "old");
            folder(&staging, "new");
            swap(&staging, &out, &old).unwrap();
            assert_eq!(text(&out), "new");
            assert_eq!(names(tmp.path()), ["public"]);
        }
    }

    #[test]
    fn a_failed_second_rename_puts_the_old_output_back() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let old = leftover_path(tmp.path(), "public", Leftover::Old, 7);
        folder(&out, "old");
        let missing = tmp.path().join("never-written");
        assert!(rename_twice(&missing, &out, &old).is_err());
        assert_eq!(text(&out), "old");
        assert_eq!(names(tmp.path()), ["public"]);
    }

    /// A build killed between the two renames left the old output aside.
    #[test]
    fn tidy_puts_back_the_output_a_killed_build_moved_aside() {
        let tmp = tempfile::tempdir().unwrap();
        folder(&tmp.path().join(".public.old-99999999"), "previous");
        folder(&tmp.path().join(".public.building-99999999"), "half");
        tidy(tmp.path(), "public");
        assert_eq!(text(&tmp.path().join("public")), "previous");
        assert_eq!(names(tmp.path()), ["public"]);
    }

    #[test]
    fn tidy_removes_only_ended_builds_folders() {
        let tmp = tempfile::tempdir().unwrap();
        folder(&tmp.path().join("public"), "current");
        let kept = [
            ".public.building-1",   // process 1 runs (or: made just now)
            ".public.building-",    // no number
            ".public.building-+12", // not only digits
            ".public.copy-99999999",
            ".www.old-99999999",
            "public.old-99999999",
        ];
        for name in kept {
            folder(&tmp.path().join(name), "keep");
        }
        fs::write(tmp.path().join(".public.old-99999998"), "a file").unwrap();
        folder(&tmp.path().join(".public.old-99999999"), "stale");
        folder(&tmp.path().join(".public.building-99999999"), "stale");
        tidy(tmp.path(), "public");
        let mut expected: Vec<&str> = kept.to_vec();
        expected.extend([".public.old-99999998", "public"]);
        expected.sort();
        assert_eq!(names(tmp.path()), expected);
        assert_eq!(text(&tmp.path().join("public")), "current");
    }

    #[test]
    fn leftover_names_read_back() {
        let path = leftover_path(Path::new("/x"), "public.v2", Leftover::Old, 42);
        let name = path.file_name().unwrap().to_str().unwrap();
        assert_eq!(name, ".public.v2.old-42");
        assert_eq!(parse_leftover(name, "public.v2"), Some((Leftover::Old, 42)));
        assert_eq!(parse_leftover(name, "public"), None);
    }
}
