//! What the importer last wrote, per content file and field, in
//! `.shinchoku/import-state.json` next to `content/`: without it a re-import
//! could not tell a hand edit from an old import (see docs/content-format.md).

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::fields::Fields;
use super::ImportError;

/// The importer's folder in the site root.
pub(crate) const STATE_DIR: &str = ".shinchoku";
/// The import state's file in [`STATE_DIR`].
pub(crate) const STATE_FILE_NAME: &str = "import-state.json";

fn state_path(root: &Path) -> PathBuf {
    root.join(STATE_DIR).join(STATE_FILE_NAME)
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct ImportState {
    /// Content file (relative to the site root, `/`-separated) → its fields
    /// as the importer last wrote them.
    pub files: BTreeMap<String, Fields>,
}

impl ImportState {
    /// The recorded state; empty when there is none yet. A state file that
    /// does not parse counts as none: every difference is then a conflict.
    pub(crate) fn read(root: &Path) -> Result<ImportState, ImportError> {
        let path = state_path(root);
        match fs::read_to_string(&path) {
            Ok(text) => Ok(serde_json::from_str(&text).unwrap_or_default()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(ImportState::default()),
            Err(source) => Err(ImportError::Io { path, source }),
        }
    }

    pub(crate) fn get(&self, file: &Path) -> Option<&Fields> {
        self.files.get(&key(file))
    }

    pub(crate) fn set(&mut self, file: &Path, fields: Fields) {
        self.files.insert(key(file), fields);
    }

    /// The state file of the site at `root` and its contents.
    pub(crate) fn file(&self, root: &Path) -> (PathBuf, Vec<u8>) {
        let text = serde_json::to_string_pretty(self).unwrap_or_default() + "\n";
        (state_path(root), text.into_bytes())
    }
}

fn key(file: &Path) -> String {
    file.iter()
        .map(|part| part.to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
