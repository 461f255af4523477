//! Pages remembered between builds, for `serve`: a page is rendered again
//! only when its whole context (its own and the shared part) or the theme
//! changed, so editing one measure re-renders the few pages that show it.

use std::collections::HashMap;
use std::sync::Mutex;

use minijinja::Value;

use super::pages::Page;
use super::theme::Theme;
use crate::diagnostics::Diagnostic;
use crate::output::{fingerprint, OutputFile};

#[derive(Default)]
pub struct PageMemo {
    state: Mutex<MemoState>,
}

#[derive(Default)]
struct MemoState {
    theme: u64,
    /// Page path → hash of what it was rendered from, and the result.
    pages: HashMap<String, (u64, Vec<u8>)>,
    rendered: usize,
}

impl PageMemo {
    /// Starts a build: a different theme makes every page stale.
    pub(super) fn begin(&self, theme: &Theme) {
        let fingerprint = fingerprint(theme);
        let mut state = self.state.lock().expect("memo lock");
        if state.theme != fingerprint {
            state.pages.clear();
            state.theme = fingerprint;
        }
        state.rendered = 0;
    }

    /// The page as last rendered if its inputs are unchanged, else `render()`.
    pub(super) fn render(
        &self,
        page: &Page,
        shared: &Value,
        render: impl FnOnce() -> Result<OutputFile, Diagnostic>,
    ) -> Result<OutputFile, Diagnostic> {
        let key = fingerprint(&(page.template, shared, &page.context));
        {
            let state = self.state.lock().expect("memo lock");
            if let Some((hash, contents)) = state.pages.get(&page.path) {
                if *hash == key {
                    return Ok(OutputFile::new(page.path.clone(), contents.clone()));
                }
            }
        }
        let file = render()?;
        let mut state = self.state.lock().expect("memo lock");
        state.pages.insert(page.path.clone(), (key, file.contents.clone()));
        state.rendered += 1;
        Ok(file)
    }

    /// Pages rendered (not taken from the memo) by the current build.
    pub fn rendered(&self) -> usize {
        self.state.lock().expect("memo lock").rendered
    }
}
