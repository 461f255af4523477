//! One browser connection: read the request, answer from the current state.

use bytes::Bytes;
use std::io::{self, BufReader, Read};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::events;
use super::host;
use super::http::{self, Request, RequestError, Response};
use super::limits::PageSlot;
use super::pages::{self, EVENTS_PATH, LIVE_RELOAD_PATH};
use super::route::{self, RequestPath, Resolved};
use super::state::{Current, SiteState};

/// Time allowed for each write to go out.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// Serves one connection; problems are logged, never fatal to the server.
pub fn handle(stream: &TcpStream, slot: PageSlot, state: &SiteState) {
    if let Err(error) = answer(stream, slot, state) {
        if !is_disconnect(&error) {
            eprintln!("接続の処理でエラーが起きました: {error}");
        }
    }
}

fn answer(stream: &TcpStream, slot: PageSlot, state: &SiteState) -> io::Result<()> {
    stream.set_write_timeout(Some(WRITE_TIMEOUT))?;
    let mut out = stream;
    let head = ReadUntil {
        stream,
        deadline: Instant::now() + slot.limits().request_head,
    };
    let request = match http::read_request(&mut BufReader::new(head)) {
        Ok(request) => request,
        Err(RequestError::Malformed) => {
            return Response::text(400, "リクエストを読めません").write_to(&mut out, false)
        }
        Err(RequestError::Io(error)) => return Err(error),
    };
    slot.answering();
    let head_only = request.method == "HEAD";
    if !request
        .host
        .as_deref()
        .is_some_and(host::names_this_machine)
    {
        return other_host(stream).write_to(&mut out, head_only);
    }
    if request.method != "GET" && !head_only {
        let refused =
            Response::text(405, "GET と HEAD だけを受け付けます").with_header("Allow", "GET, HEAD");
        return refused.write_to(&mut out, false);
    }
    let Some(path) = route::parse_target(&request.target) else {
        return Response::text(400, "このパスは開けません").write_to(&mut out, head_only);
    };
    match path.decoded.as_str() {
        EVENTS_PATH => match slot.into_event_stream() {
            Ok(_stream_slot) => stream_events(&mut out, state, &request, path.query, head_only),
            Err(_) => Response::text(
                503,
                "開いているページが多すぎて、自動の読み込み直しを受け付けられません。使っていないタブを閉じてください",
            )
            .write_to(&mut out, head_only),
        },
        LIVE_RELOAD_PATH => Response::new(
            200,
            route::content_type(LIVE_RELOAD_PATH),
            pages::LIVE_RELOAD_SCRIPT,
        )
        .write_to(&mut out, head_only),
        _ => site_file(&path, &state.current()).write_to(&mut out, head_only),
    }
}

/// A request naming another host: maybe a page of another site that
/// pointed its name at this machine to read the preview (see `host.rs`).
fn other_host(stream: &TcpStream) -> Response {
    let open_here = match stream.local_addr() {
        Ok(address) => format!("http://{address}/ で開いてください"),
        Err(_) => "localhost か IP アドレスで開いてください".to_string(),
    };
    Response::text(
        403,
        &format!(
            "このアドレスでは開けません。{open_here}\n\
             （ほかのサイトから読まれないよう、localhost と IP アドレスで開いたときだけ表示します）"
        ),
    )
}

/// Reads from `stream` until `deadline`: a timeout for each read alone
/// would let a byte every few seconds hold the connection forever.
struct ReadUntil<'a> {
    stream: &'a TcpStream,
    deadline: Instant,
}

impl Read for ReadUntil<'_> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        let mut stream = self.stream;
        stream.read(buffer)
    }
}

fn stream_events(
    out: &mut &TcpStream,
    state: &SiteState,
    request: &Request,
    query: Option<&str>,
    head_only: bool,
) -> io::Result<()> {
    http::write_stream_head(out, "text/event-stream; charset=utf-8")?;
    if head_only {
        return Ok(());
    }
    // The last event's id on a reconnection; else the version the page was served as.
    let served_as = query
        .into_iter()
        .flat_map(|q| q.split('&'))
        .find_map(|pair| pair.strip_prefix(pages::SEEN_PARAMETER)?.strip_prefix('='));
    let stream: &TcpStream = out;
    let closed = || peer_closed(stream);
    events::stream(
        out,
        state,
        request.last_event_id.as_deref().or(served_as),
        closed,
    )
}

/// Whether the page has closed its end of `stream`: a read would find the
/// end (a page sends nothing on an event stream after its request).
fn peer_closed(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return false;
    }
    let closed = match stream.peek(&mut [0; 1]) {
        Ok(0) => true,
        Ok(_) => false,
        Err(error) => error.kind() != io::ErrorKind::WouldBlock,
    };
    // Blocking again, or the next write could fail half-written.
    closed | stream.set_nonblocking(false).is_err()
}

/// A file of the last good build; the error page while there is none.
fn site_file(path: &RequestPath, current: &Current) -> Response {
    let Some(files) = &current.snapshot else {
        let page = pages::error_page(
            current.error.as_deref().unwrap_or_default(),
            &current.version,
        );
        return Response::new(500, route::content_type("error.html"), page);
    };
    match route::resolve(path, files) {
        Resolved::File(file) => file_response(200, &file, &files[&file], &current.version),
        Resolved::Redirect(location) => {
            Response::text(302, &location).with_header("Location", location)
        }
        Resolved::NotFound => match files.get("404.html") {
            Some(page) => file_response(404, "404.html", page, &current.version),
            None => Response::text(404, "見つかりません"),
        },
    }
}

/// Pages get the live reload script; other files go out as built.
fn file_response(status: u16, file: &str, contents: &Bytes, version: &str) -> Response {
    let content_type = route::content_type(file);
    if route::is_html(content_type) {
        Response::new(
            status,
            content_type,
            pages::with_live_reload(contents, version),
        )
    } else {
        Response::new(status, content_type, contents.clone())
    }
}

/// The browser went away (a page reload closes its event stream): routine.
fn is_disconnect(error: &io::Error) -> bool {
    use io::ErrorKind::*;
    matches!(
        error.kind(),
        BrokenPipe | ConnectionReset | ConnectionAborted | UnexpectedEof | WouldBlock | TimedOut
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    #[test]
    fn a_closed_page_is_told_from_an_open_one() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let page = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (server_side, _) = listener.accept().unwrap();
        assert!(!peer_closed(&server_side));
        // Blocking again afterwards: a read waits for its timeout.
        server_side
            .set_read_timeout(Some(Duration::from_millis(50)))
            .unwrap();
        let started = std::time::Instant::now();
        assert!(std::io::Read::read(&mut &server_side, &mut [0; 1]).is_err());
        assert!(started.elapsed() >= Duration::from_millis(40));
        drop(page);
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while !peer_closed(&server_side) {
            assert!(
                std::time::Instant::now() < deadline,
                "the close was never seen"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}
