//! A site kept in memory between builds, for `shinchoku serve`: each
//! rebuild reloads the sources and replaces the files that changed, and
//! the server answers from the latest snapshot.

use std::collections::BTreeMap;
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
    /// Nothing searchable changed: the last search index was reused whole.
    pub index_reused: bool,
    pub warnings: Diagnostics,
    pub elapsed: Duration,
}

/// The site at `root`, as last built.
pub struct LiveSite {
    root: PathBuf,
    files: Snapshot,
    memos: pipeline::Memos,
}

impl LiveSite {
    /// An empty site; call [`LiveSite::rebuild`] to build it.
    pub fn new(root: &Path) -> LiveSite {
        LiveSite {
            root: root.to_path_buf(),
            files: Snapshot::default(),
            memos: pipeline::Memos::default(),
        }
    }

    /// Reloads the site and rebuilds it. On errors the previous snapshot
    /// stays, so the server keeps serving the last good site.
    pub fn rebuild(&mut self) -> Result<Rebuilt, Diagnostics> {
        let started = Instant::now();
        let loaded = pipeline::load_site_with(&self.root, Some(&self.memos.parsed))?;
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
