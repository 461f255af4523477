//! Results remembered between builds, for `serve`: a rebuild reuses what an
//! edit did not change (rendered pages, tokenised measures). Entries are
//! found by a fingerprint of everything they were made from; what every
//! entry depends on (the theme, the user dictionary) is checked at the start
//! of each build, and only the entries a build used are kept after it.

use std::collections::HashMap;
use std::sync::Mutex;

pub struct Memo<V> {
    state: Mutex<State<V>>,
}

struct State<V> {
    /// Fingerprint of what every entry depends on.
    inputs: u64,
    /// Entries of earlier builds; `used` holds the current build's.
    kept: HashMap<u64, V>,
    used: HashMap<u64, V>,
    /// Entries the current build had to compute.
    computed: usize,
}

impl<V> Default for Memo<V> {
    fn default() -> Self {
        let state = State {
            inputs: 0,
            kept: HashMap::new(),
            used: HashMap::new(),
            computed: 0,
        };
        Memo {
            state: Mutex::new(state),
        }
    }
}

impl<V: Clone> Memo<V> {
    /// Starts a build: when `inputs` changed, every entry is stale.
    pub(crate) fn begin(&self, inputs: u64) {
        let mut state = self.lock();
        // A build that failed never finished: what it made is still good.
        let unfinished = std::mem::take(&mut state.used);
        state.kept.extend(unfinished);
        if state.inputs != inputs {
            state.kept.clear();
            state.inputs = inputs;
        }
        state.computed = 0;
    }

    /// The value remembered for `key`, else what `compute` makes. Keys
    /// fingerprint every input, so a value (even an error) is made again
    /// only when something it came from changed.
    pub(crate) fn get_or_compute(&self, key: u64, compute: impl FnOnce() -> V) -> V {
        let known = self.lock().kept.get(&key).cloned();
        let value = known.unwrap_or_else(|| {
            self.lock().computed += 1;
            compute()
        });
        self.lock().used.insert(key, value.clone());
        value
    }

    /// Ends a build: only the entries it used are kept, so memory follows the site.
    pub(crate) fn finish(&self) {
        let mut state = self.lock();
        state.kept = std::mem::take(&mut state.used);
    }

    /// Entries the current (or last) build had to compute.
    pub fn computed(&self) -> usize {
        self.lock().computed
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State<V>> {
        self.state
            .lock()
            .expect("no build panicked while holding the memo")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(memo: &Memo<String>, inputs: u64, keys: &[u64]) -> usize {
        memo.begin(inputs);
        for &key in keys {
            memo.get_or_compute(key, || format!("value {key}"));
        }
        memo.finish();
        memo.computed()
    }

    #[test]
    fn reuses_what_did_not_change_and_forgets_what_went() {
        let memo = Memo::default();
        assert_eq!(build(&memo, 1, &[10, 20]), 2);
        assert_eq!(build(&memo, 1, &[10, 30]), 1, "only 30 is new");
        assert_eq!(
            build(&memo, 1, &[20]),
            1,
            "20 was dropped by the build before"
        );
        assert_eq!(
            build(&memo, 2, &[20]),
            1,
            "new inputs make every entry stale"
        );
    }

    #[test]
    fn an_unfinished_build_keeps_what_it_made() {
        let memo = Memo::default();
        memo.begin(1);
        memo.get_or_compute(10, || "made".to_string());
        // No finish: the build failed later on.
        assert_eq!(build(&memo, 1, &[10]), 0);
    }
}
