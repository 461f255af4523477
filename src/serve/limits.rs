//! How many connections serve holds at once. Each costs a thread and a
//! file handle, and a process usually has 1,024 handles: without a cap,
//! connections that never send a request would take them all and leave
//! none for the browser. Page requests are short; the live reload event
//! streams (one per open page) last as long as their page, so they are
//! counted and capped apart.

use std::collections::BTreeMap;
use std::net::{Shutdown, TcpStream};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Page requests at once, counting connections that have not yet sent
    /// their request.
    pub connections: usize,
    /// Live reload event streams at once.
    pub event_streams: usize,
    /// Time a connection has to send its whole request head, however
    /// slowly its bytes come.
    pub request_head: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            connections: 64,
            event_streams: 64,
            request_head: Duration::from_secs(10),
        }
    }
}

/// The connections open now, shared by the accepting thread and the
/// connections' threads.
pub struct Connections {
    limits: Limits,
    open: Mutex<Open>,
    page_closed: Condvar,
}

#[derive(Default)]
struct Open {
    /// Ids only grow, so the first entries are the oldest.
    next_id: u64,
    pages: BTreeMap<u64, Page>,
    event_streams: usize,
}

enum Page {
    /// Still sending its request head: closed first when another arrives.
    Waiting(Arc<TcpStream>),
    /// Closed to make room; its thread has yet to notice.
    Closing,
    Answering,
}

impl Connections {
    pub fn new(limits: Limits) -> Arc<Connections> {
        Arc::new(Connections {
            limits,
            open: Mutex::default(),
            page_closed: Condvar::new(),
        })
    }

    /// A place for a connection just accepted. At the cap, the oldest
    /// connection still waiting for its request is closed to make room (a
    /// browser sends its request at once: one that sends nothing is the one
    /// to go); while every connection is answering, waits for one to end.
    pub fn admit(self: &Arc<Self>, stream: &Arc<TcpStream>) -> PageSlot {
        let mut open = self.lock();
        while open.pages.len() >= self.limits.connections {
            let closing = open.pages.values().any(|p| matches!(p, Page::Closing));
            let oldest_waiting = open
                .pages
                .values_mut()
                .find(|p| matches!(p, Page::Waiting(_)));
            if let (false, Some(page)) = (closing, oldest_waiting) {
                if let Page::Waiting(stream) = std::mem::replace(page, Page::Closing) {
                    // Its thread reads the end of the stream and gives up its place.
                    let _ = stream.shutdown(Shutdown::Both);
                }
            }
            open = self
                .page_closed
                .wait(open)
                .unwrap_or_else(PoisonError::into_inner);
        }
        let id = open.next_id;
        open.next_id += 1;
        open.pages.insert(id, Page::Waiting(Arc::clone(stream)));
        PageSlot {
            connections: Arc::clone(self),
            id,
        }
    }

    // Every change is one statement, so a poisoned lock is still whole.
    fn lock(&self) -> MutexGuard<'_, Open> {
        self.open.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A page connection's place, given up when dropped.
pub struct PageSlot {
    connections: Arc<Connections>,
    id: u64,
}

impl PageSlot {
    pub fn limits(&self) -> Limits {
        self.connections.limits
    }

    /// The request has come: the connection is no longer one to close.
    pub fn answering(&self) {
        if let Some(page @ Page::Waiting(_)) = self.connections.lock().pages.get_mut(&self.id) {
            *page = Page::Answering;
        }
    }

    /// Trades this place for an event stream's, or keeps it when as many
    /// streams as allowed are open.
    pub fn into_event_stream(self) -> Result<StreamSlot, PageSlot> {
        let mut open = self.connections.lock();
        if open.event_streams >= self.connections.limits.event_streams {
            drop(open);
            return Err(self);
        }
        open.event_streams += 1;
        drop(open);
        Ok(StreamSlot {
            connections: Arc::clone(&self.connections),
        })
    }
}

impl Drop for PageSlot {
    fn drop(&mut self) {
        self.connections.lock().pages.remove(&self.id);
        self.connections.page_closed.notify_all();
    }
}

/// An event stream's place, given up when dropped.
pub struct StreamSlot {
    connections: Arc<Connections>,
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        self.connections.lock().event_streams -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::net::TcpListener;

    fn limits(connections: usize, event_streams: usize) -> Limits {
        Limits {
            connections,
            event_streams,
            ..Limits::default()
        }
    }

    /// A connected pair: (the server's end, the browser's end).
    fn connection(listener: &TcpListener) -> (Arc<TcpStream>, TcpStream) {
        let browser = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        (Arc::new(listener.accept().unwrap().0), browser)
    }

    #[test]
    fn at_the_cap_the_oldest_waiting_connection_makes_room() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let connections = Connections::new(limits(2, 1));
        let (oldest, mut oldest_browser) = connection(&listener);
        let (answering, _answering_browser) = connection(&listener);
        let (newest, _newest_browser) = connection(&listener);
        let oldest_slot = connections.admit(&oldest);
        let answering_slot = connections.admit(&answering);
        answering_slot.answering();
        // The thread of `oldest` reads the end of its stream and ends.
        let reader = std::thread::spawn(move || {
            let ended = (&*oldest).read(&mut [0; 1]);
            drop(oldest_slot);
            ended
        });
        let _newest_slot = connections.admit(&newest);
        assert_eq!(reader.join().unwrap().unwrap(), 0);
        oldest_browser
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        assert_eq!(oldest_browser.read(&mut [0; 1]).unwrap(), 0, "not closed");
        assert_eq!(connections.lock().pages.len(), 2);
    }

    #[test]
    fn event_streams_have_places_of_their_own() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let connections = Connections::new(limits(1, 1));
        let (first, _first_browser) = connection(&listener);
        let stream = connections.admit(&first).into_event_stream().ok();
        assert!(stream.is_some());
        // The page place it had is free again, and the stream place taken.
        let (second, _second_browser) = connection(&listener);
        let refused = connections.admit(&second).into_event_stream();
        assert!(refused.is_err());
        drop(refused);
        drop(stream);
        let (third, _third_browser) = connection(&listener);
        assert!(connections.admit(&third).into_event_stream().is_ok());
    }
}
