//! Symbolic links are refused in the site's folders that shinchoku reads
//! and writes: one could make a build publish any file of the machine, or
//! an import write anywhere. `build` refuses every link in `content/`
//! (see [`crate::load`]); `import` refuses the same, and `.shinchoku/`,
//! with [`links_in_site`] before it reads or writes anything.

use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

/// The symbolic links among `content/` and everything in it, `.shinchoku/`
/// and the import state, relative to the site root, sorted.
pub fn links_in_site(root: &Path) -> Vec<PathBuf> {
    let content = WalkDir::new(root.join(crate::load::CONTENT_DIR))
        .follow_links(false)
        .follow_root_links(false)
        .into_iter()
        .flatten()
        .filter(|entry| entry.path_is_symlink())
        .map(|entry| entry.into_path());
    let state_dir = root.join(crate::import::STATE_DIR);
    let state = [state_dir.join(crate::import::STATE_FILE_NAME), state_dir]
        .into_iter()
        .filter(|path| fs::symlink_metadata(path).is_ok_and(|m| m.is_symlink()));
    let mut links: Vec<PathBuf> = content
        .chain(state)
        .map(|path| {
            path.strip_prefix(root)
                .map(Path::to_path_buf)
                .unwrap_or(path)
        })
        .collect();
    links.sort();
    links
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn finds_every_link_the_site_must_not_have() {
        let tmp = tempfile::tempdir().unwrap();
        let (root, outside) = (tmp.path().join("site"), tmp.path().join("outside"));
        fs::create_dir_all(root.join("content/measures")).unwrap();
        fs::create_dir_all(outside.join("state")).unwrap();
        fs::write(root.join("content/measures/1-01.md"), "").unwrap();
        assert!(links_in_site(&root).is_empty());

        symlink(&outside, root.join("content/policies")).unwrap();
        symlink(outside.join("x.md"), root.join("content/measures/1-02.md")).unwrap();
        symlink(outside.join("state"), root.join(".shinchoku")).unwrap();
        assert_eq!(
            links_in_site(&root),
            [
                PathBuf::from(".shinchoku"),
                PathBuf::from("content/measures/1-02.md"),
                PathBuf::from("content/policies"),
            ]
        );

        fs::rename(root.join("content"), outside.join("content")).unwrap();
        symlink(outside.join("content"), root.join("content")).unwrap();
        assert!(links_in_site(&root).contains(&PathBuf::from("content")));
    }
}
