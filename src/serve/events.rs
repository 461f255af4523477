//! `/__shinchoku/events`: server-sent events telling open pages what to do.
//! On connect a page hears the current state (`ready`, or `error` with the
//! diagnostics); then `reload` after each rebuild that changed files or
//! fixed the errors, and `error` after each failed rebuild.

use std::io::{self, Write};
use std::time::Duration;

use super::state::{Current, SiteState};

/// A comment this often keeps proxies from closing a quiet stream, and lets
/// a connection that died without closing fail a write.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// How often a quiet stream checks whether its page has closed it: a page
/// that reloads leaves its old stream behind, and its thread should not
/// wait for the next heartbeat to notice.
const CLOSED_CHECK: Duration = Duration::from_secs(1);

/// Reconnect soon after the server restarts (browsers wait about 3 s by default).
const RETRY: &str = "retry: 1000\n";

/// Streams events to one page until the connection breaks or `closed()`
/// says the page has closed it. `last_event_id` is the version a
/// reconnecting page last heard of.
pub fn stream(
    out: &mut impl Write,
    state: &SiteState,
    last_event_id: Option<&str>,
    closed: impl Fn() -> bool,
) -> io::Result<()> {
    let mut current = state.current();
    out.write_all(format!("{RETRY}{}", event_for(&current, last_event_id)).as_bytes())?;
    let mut quiet = Duration::ZERO;
    loop {
        out.flush()?;
        match state.wait_for_change(&current.version, CLOSED_CHECK) {
            Some(next) => {
                out.write_all(event_for(&next, Some(&current.version)).as_bytes())?;
                current = next;
                quiet = Duration::ZERO;
            }
            None if closed() => return Ok(()),
            None => {
                quiet += CLOSED_CHECK;
                if quiet >= HEARTBEAT {
                    out.write_all(b": heartbeat\n\n")?;
                    quiet = Duration::ZERO;
                }
            }
        }
    }
}

/// What a page that last heard of `seen` (if anything) must do now.
fn event_for(current: &Current, seen: Option<&str>) -> String {
    match &current.error {
        Some(diagnostics) => format_event("error", &current.version, diagnostics.trim_end()),
        None if seen.is_some_and(|seen| seen != current.version) => {
            format_event("reload", &current.version, "reload")
        }
        None => format_event("ready", &current.version, "ready"),
    }
}

/// One event; every line of `data` goes on a `data:` line of its own, as
/// the format requires (a bare line break would end the event early).
fn format_event(name: &str, id: &str, data: &str) -> String {
    let mut event = format!("event: {name}\nid: {id}\n");
    for line in data.replace("\r\n", "\n").split(['\n', '\r']) {
        event.push_str("data: ");
        event.push_str(line);
        event.push('\n');
    }
    event.push('\n');
    event
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn state(error: Option<&str>) -> Current {
        Current {
            snapshot: None,
            error: error.map(Arc::from),
            version: "9.2".into(),
        }
    }

    #[test]
    fn multi_line_data_becomes_one_data_line_each() {
        assert_eq!(
            format_event("error", "9.2", "a.md:1: エラー: x\r\nb.md:2: エラー: y\rz"),
            "event: error\nid: 9.2\ndata: a.md:1: エラー: x\ndata: b.md:2: エラー: y\ndata: z\n\n"
        );
    }

    #[test]
    fn empty_data_still_makes_an_event() {
        assert_eq!(
            format_event("ready", "1.1", ""),
            "event: ready\nid: 1.1\ndata: \n\n"
        );
    }

    #[test]
    fn a_page_hears_errors_without_the_trailing_newline() {
        let event = event_for(&state(Some("a.md:3: エラー: policy: x\n")), None);
        assert_eq!(
            event,
            "event: error\nid: 9.2\ndata: a.md:3: エラー: policy: x\n\n"
        );
    }

    #[test]
    fn a_page_reloads_only_when_it_saw_an_older_version() {
        assert!(event_for(&state(None), None).starts_with("event: ready\n"));
        assert!(event_for(&state(None), Some("9.2")).starts_with("event: ready\n"));
        assert!(event_for(&state(None), Some("9.1")).starts_with("event: reload\n"));
        assert!(event_for(&state(None), Some("8.7")).starts_with("event: reload\n"));
    }

    #[test]
    fn the_stream_starts_with_the_current_state_and_a_retry_time() {
        let site = SiteState::new();
        site.publish_failure("a.md:1: エラー: x\n".into());
        let mut written = FailAfterFirstWrite(Vec::new());
        assert!(stream(&mut written, &site, None, || false).is_err());
        let text = String::from_utf8(written.0).unwrap();
        assert!(text.starts_with("retry: 1000\nevent: error\n"), "{text}");
        assert!(text.ends_with("data: a.md:1: エラー: x\n\n"), "{text}");
    }

    #[test]
    fn a_stream_its_page_closed_ends_within_a_check() {
        let site = SiteState::new();
        let started = std::time::Instant::now();
        let mut written = Vec::new();
        stream(&mut written, &site, None, || true).unwrap();
        assert!(started.elapsed() < HEARTBEAT, "{:?}", started.elapsed());
        let text = String::from_utf8(written).unwrap();
        assert!(text.starts_with("retry: 1000\nevent: "), "{text}");
    }

    /// A connection the page closes right after the first event.
    struct FailAfterFirstWrite(Vec<u8>);

    impl Write for FailAfterFirstWrite {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            if self.0.is_empty() {
                self.0.extend_from_slice(bytes);
                Ok(bytes.len())
            } else {
                Err(io::ErrorKind::BrokenPipe.into())
            }
        }

        fn flush(&mut self) -> io::Result<()> {
            if self.0.is_empty() {
                Ok(())
            } else {
                Err(io::ErrorKind::BrokenPipe.into())
            }
        }
    }
}
