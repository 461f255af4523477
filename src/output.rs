//! The site as files: every stage after `validate` produces `OutputFile`s,
//! and `write` puts them on disk.

use bytes::Bytes;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative, `/`-separated path inside the output directory (`measures/1-01.html`).
    /// Built only from validated ids and fixed names, never from raw content.
    pub path: String,
    /// Shared, not copied: `serve` keeps a file in its memos and in the
    /// served site at once, and hands an unchanged one on as it is.
    pub contents: Bytes,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, contents: impl Into<Bytes>) -> Self {
        OutputFile {
            path: path.into(),
            contents: contents.into(),
        }
    }
}

/// The relative prefix from a page at `path` back to the site root:
/// `index.html` → ``, `measures/1-01.html` → `../`.
pub fn root_prefix(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// A fingerprint of a stage's input, to tell (in `serve`) whether it
/// changed since the previous build. Stable within one process only. Fx,
/// not SipHash: every page's context is hashed on every rebuild, and
/// SipHash's cost per small write made that a tenth of a rebuild; the
/// inputs are the user's own files, so no one chooses them to collide.
pub(crate) fn fingerprint(value: &impl std::hash::Hash) -> u64 {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    value.hash(&mut hasher);
    hasher.finish()
}
