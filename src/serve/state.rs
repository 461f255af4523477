//! What the server currently serves: the last good snapshot and, while the
//! sources are broken, the diagnostics. The rebuild thread publishes; the
//! HTTP threads read, and the event streams wait for the next change.

use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::live::Snapshot;

/// The site as the browser should see it now.
#[derive(Clone)]
pub struct Current {
    /// The last successful build; `None` until one has succeeded.
    pub snapshot: Option<Snapshot>,
    /// The diagnostics of the last rebuild, when it failed.
    pub error: Option<Arc<str>>,
    /// Names this state in event ids; changes whenever open pages should
    /// reload or show new errors.
    pub version: String,
}

pub struct SiteState {
    inner: Mutex<Inner>,
    changed: Condvar,
}

struct Inner {
    current: Current,
    generation: u64,
    /// Differs between runs, so a page left open across a restart of the
    /// server sees a new version and reloads.
    session: u128,
}

impl SiteState {
    pub fn new() -> SiteState {
        let session = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        SiteState {
            inner: Mutex::new(Inner {
                current: Current {
                    snapshot: None,
                    error: None,
                    version: format!("{session}.0"),
                },
                generation: 0,
                session,
            }),
            changed: Condvar::new(),
        }
    }

    pub fn current(&self) -> Current {
        self.lock().current.clone()
    }

    /// A rebuild succeeded: pages reload if files changed or if they were
    /// showing errors.
    pub fn publish_success(&self, snapshot: Snapshot, files_changed: bool) {
        let mut inner = self.lock();
        let was_failing = inner.current.error.take().is_some();
        inner.current.snapshot = Some(snapshot);
        if files_changed || was_failing {
            self.bump(&mut inner);
        }
    }

    /// A rebuild failed: the last good snapshot stays, pages show `diagnostics`.
    pub fn publish_failure(&self, diagnostics: String) {
        let mut inner = self.lock();
        inner.current.error = Some(diagnostics.into());
        self.bump(&mut inner);
    }

    /// Waits up to `timeout` for a state other than `seen_version`; `None`
    /// when nothing changed in that time.
    pub fn wait_for_change(&self, seen_version: &str, timeout: Duration) -> Option<Current> {
        let (inner, _) = self
            .changed
            .wait_timeout_while(self.lock(), timeout, |inner| {
                inner.current.version == seen_version
            })
            .unwrap_or_else(PoisonError::into_inner);
        (inner.current.version != seen_version).then(|| inner.current.clone())
    }

    fn bump(&self, inner: &mut Inner) {
        inner.generation += 1;
        inner.current.version = format!("{}.{}", inner.session, inner.generation);
        self.changed.notify_all();
    }

    // Nothing panics while holding the lock, and the state is whole between
    // statements, so a poisoned lock is still safe to use.
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn snapshot() -> Snapshot {
        Arc::new(BTreeMap::new())
    }

    #[test]
    fn an_unchanged_successful_rebuild_tells_no_one() {
        let state = SiteState::new();
        state.publish_success(snapshot(), true);
        let seen = state.current().version;
        state.publish_success(snapshot(), false);
        assert_eq!(state.current().version, seen);
        assert!(state
            .wait_for_change(&seen, Duration::from_millis(10))
            .is_none());
    }

    #[test]
    fn recovering_from_an_error_is_a_change_even_with_the_same_files() {
        let state = SiteState::new();
        state.publish_success(snapshot(), true);
        state.publish_failure("content/measures/1-01.md:3: エラー: policy: x".into());
        let failing = state.current();
        assert!(failing.error.is_some() && failing.snapshot.is_some());
        state.publish_success(snapshot(), false);
        let recovered = state
            .wait_for_change(&failing.version, Duration::ZERO)
            .expect("a new version");
        assert!(recovered.error.is_none());
    }

    #[test]
    fn a_waiting_stream_wakes_on_publish() {
        let state = Arc::new(SiteState::new());
        let seen = state.current().version;
        let publisher = Arc::clone(&state);
        let thread = std::thread::spawn(move || publisher.publish_failure("x".into()));
        let next = state
            .wait_for_change(&seen, Duration::from_secs(10))
            .expect("woken");
        assert_eq!(next.error.as_deref(), Some("x"));
        thread.join().unwrap();
    }
}
