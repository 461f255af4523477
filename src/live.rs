//! A site kept in memory between builds, for `shinchoku serve`: each
//! rebuild reloads the sources and replaces the files that changed, and
//! the server answers from the latest snapshot.

use std::collections::BTreeMap;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;

use crate::diagnostics::Diagnostics;
use crate::pipeline;

/// The built site: output path (`measures/1-01.html`) → contents.
pub type Snapshot = Arc<BTreeMap<String, Bytes>>;

/// What one rebuild did.
#[derive(Debug)]
pub struct Rebuilt {
    /// Output paths added, changed or removed, sorted.
    pub changed: Vec<String>,
    /// Content files parsed again (the others were unchanged and reused).
    pub files_parsed: usize,
    /// Pages rendered again (the others were unchanged and reused).
    pub pages_rendered: usize,
    /// Measures whose text was tokenised again for the search index.
    pub measures_tokenised: usize,
    /// Measures whose postings were made again (the others' were kept).
    pub measures_reindexed: usize,
    /// What the city calls one measure, for the message.
    pub measure_noun: String,
    /// Nothing searchable changed: the last search index was reused whole.
    pub index_reused: bool,
    pub warnings: Diagnostics,
    pub elapsed: Duration,
}

/// The site at `root`, as last built.
pub struct LiveSite {
    root: PathBuf,
    /// `--base-url`, in place of `site.toml`'s.
    base_url: Option<String>,
    files: Snapshot,
    memos: pipeline::Memos,
}

impl LiveSite {
    /// An empty site; call [`LiveSite::rebuild`] to build it.
    pub fn new(root: &Path) -> LiveSite {
        LiveSite {
            root: root.to_path_buf(),
            base_url: None,
            files: Snapshot::default(),
            memos: pipeline::Memos::default(),
        }
    }

    /// The site built with `base_url` (`--base-url`) in place of `site.toml`'s.
    pub fn with_base_url(self, base_url: Option<String>) -> LiveSite {
        LiveSite { base_url, ..self }
    }

    /// Reloads the site and rebuilds it. On errors the previous snapshot
    /// stays, so the server keeps serving the last good site.
    ///
    /// A bug that panics in a stage panics here too, after the memos are
    /// dropped: one it left half made or locked (a poisoned lock) would
    /// fail every later rebuild, so the next one starts from nothing.
    pub fn rebuild(&mut self) -> Result<Rebuilt, Diagnostics> {
        panic::catch_unwind(AssertUnwindSafe(|| self.rebuild_reusing_memos())).unwrap_or_else(
            |panicked| {
                self.memos = pipeline::Memos::default();
                panic::resume_unwind(panicked)
            },
        )
    }

    fn rebuild_reusing_memos(&mut self) -> Result<Rebuilt, Diagnostics> {
        let started = Instant::now();
        let loaded = pipeline::load_site_with(
            &self.root,
            self.base_url.as_deref(),
            Some(&self.memos.parsed),
        )?;
        let mut next = BTreeMap::new();
        let mut changed = Vec::new();
        pipeline::run_output_stages(&loaded, Some(&self.memos), &mut |files| {
            for file in files {
                match self.files.get(&file.path) {
                    // Unchanged: share the old bytes rather than keep a copy.
                    // A file reused from a memo is the very same bytes.
                    Some(old) if is_same(old, &file.contents) || *old == file.contents => {
                        next.insert(file.path, old.clone());
                    }
                    _ => {
                        changed.push(file.path.clone());
                        next.insert(file.path, file.contents);
                    }
                }
            }
        })?;
        changed.extend(
            self.files
                .keys()
                .filter(|path| !next.contains_key(*path))
                .cloned(),
        );
        changed.sort();
        self.files = Arc::new(next);
        Ok(Rebuilt {
            changed,
            files_parsed: self.memos.parsed.computed(),
            pages_rendered: self.memos.pages.computed(),
            measures_tokenised: self.memos.index.computed(),
            measures_reindexed: self.memos.index.reindexed(),
            measure_noun: loaded.site.measure_noun.clone(),
            index_reused: self.memos.index.reused_index(),
            warnings: loaded.warnings,
            elapsed: started.elapsed(),
        })
    }

    /// The latest successfully built site.
    pub fn snapshot(&self) -> Snapshot {
        Arc::clone(&self.files)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
}

/// Whether `a` and `b` are the same bytes in memory (then equal, uncompared).
fn is_same(a: &Bytes, b: &Bytes) -> bool {
    a.as_ptr() == b.as_ptr() && a.len() == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minimal_fixture() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal")
    }

    /// A panic in the search stage while it holds its memo, as a bug in
    /// tokenising would make; no input is known to cause one.
    fn panic_in_the_search_stage(site: &LiveSite) {
        let loaded = pipeline::load_site_with(&site.root, None, Some(&site.memos.parsed)).unwrap();
        let panicked = panic::catch_unwind(AssertUnwindSafe(|| {
            pipeline::run_output_stages(&loaded, Some(&site.memos), &mut |files| {
                let search = files.iter().any(|f| f.path.starts_with("search/index/"));
                assert!(!search, "a bug in the search stage");
            })
        }));
        assert!(panicked.is_err());
    }

    #[test]
    fn a_panic_in_a_stage_fails_one_rebuild_and_the_next_starts_anew() {
        let mut site = LiveSite::new(&minimal_fixture());
        let first = site.rebuild().expect("the fixture builds");
        let built = site.snapshot();
        panic_in_the_search_stage(&site);
        // The search memo's lock is poisoned: this rebuild fails.
        let meets_the_panic = panic::catch_unwind(AssertUnwindSafe(|| site.rebuild()));
        assert!(meets_the_panic.is_err());
        assert!(
            Arc::ptr_eq(&site.snapshot(), &built),
            "the last good site stays"
        );

        let next = panic::catch_unwind(AssertUnwindSafe(|| site.rebuild()))
            .expect("the rebuild after a panic panicked too")
            .expect("the fixture builds");
        assert!(next.changed.is_empty(), "{:?}", next.changed);
        assert_eq!(
            (next.files_parsed, next.measures_tokenised),
            (first.files_parsed, first.measures_tokenised),
            "not from nothing"
        );
        let full = pipeline::render_all(&pipeline::load_site(&site.root).unwrap()).unwrap();
        assert_eq!(site.snapshot().len(), full.len());
        for file in full {
            assert_eq!(site.snapshot()[&file.path], file.contents, "{}", file.path);
        }
    }
}
