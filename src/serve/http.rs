//! Just enough HTTP/1.1 for a preview on the author's machine: one GET or
//! HEAD request per connection, answered with `Connection: close`.

use std::io::{self, BufRead, Read, Write};

use bytes::Bytes;

/// Longest request head read; browsers send well under 2 KiB.
const MAX_HEAD: u64 = 16 * 1024;

pub struct Request {
    pub method: String,
    pub target: String,
    /// The `Host` header: which name the browser opened.
    pub host: Option<String>,
    /// Sent by an `EventSource` when it reconnects.
    pub last_event_id: Option<String>,
}

pub enum RequestError {
    /// The connection closed or timed out: nothing to answer.
    Io(io::Error),
    /// Not an HTTP/1.x request head: answer 400.
    Malformed,
}

impl From<io::Error> for RequestError {
    fn from(error: io::Error) -> Self {
        RequestError::Io(error)
    }
}

/// Reads the request line and headers (a GET or HEAD has no body).
pub fn read_request(reader: &mut impl BufRead) -> Result<Request, RequestError> {
    let mut head = reader.take(MAX_HEAD);
    let mut line = String::new();
    head.read_line(&mut line)?;
    if line.is_empty() {
        return Err(io::Error::from(io::ErrorKind::UnexpectedEof).into());
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(RequestError::Malformed);
    };
    if !version.starts_with("HTTP/1.") {
        return Err(RequestError::Malformed);
    }
    let mut request = Request {
        method: method.to_string(),
        target: target.to_string(),
        host: None,
        last_event_id: None,
    };
    loop {
        line.clear();
        // Running out of the limit before the blank line means too long a head.
        if head.read_line(&mut line)? == 0 {
            return Err(RequestError::Malformed);
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            return Ok(request);
        }
        let (name, value) = header.split_once(':').ok_or(RequestError::Malformed)?;
        let name = name.trim();
        if name.eq_ignore_ascii_case("last-event-id") {
            request.last_event_id = Some(value.trim().to_string());
        } else if name.eq_ignore_ascii_case("host") {
            // Two could name two hosts: which one to check is unclear.
            if request.host.replace(value.trim().to_string()).is_some() {
                return Err(RequestError::Malformed);
            }
        }
    }
}

pub struct Response {
    pub status: u16,
    headers: Vec<(&'static str, String)>,
    body: Bytes,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: impl Into<Bytes>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body: body.into(),
        }
    }

    /// A short plain-text answer, for statuses no page is made for.
    pub fn text(status: u16, message: &str) -> Response {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            format!("{message}\n").into_bytes(),
        )
    }

    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }

    /// Writes the response; for HEAD (`head_only`) without the body.
    pub fn write_to(&self, out: &mut impl Write, head_only: bool) -> io::Result<()> {
        let mut head = status_line(self.status);
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!(
            "Content-Length: {}\r\n{COMMON_HEADERS}\r\n",
            self.body.len()
        ));
        out.write_all(head.as_bytes())?;
        if !head_only {
            out.write_all(&self.body)?;
        }
        out.flush()
    }
}

/// The head of a response whose body runs until the connection closes.
pub fn write_stream_head(out: &mut impl Write, content_type: &str) -> io::Result<()> {
    let head = format!(
        "{}Content-Type: {content_type}\r\n{COMMON_HEADERS}\r\n",
        status_line(200)
    );
    out.write_all(head.as_bytes())?;
    out.flush()
}

// Always the latest build: the browser must never show a cached page.
const COMMON_HEADERS: &str =
    "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n";

fn status_line(status: u16) -> String {
    let reason = match status {
        200 => "OK",
        302 => "Found",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    };
    format!("HTTP/1.1 {status} {reason}\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(head: &str) -> Result<Request, RequestError> {
        read_request(&mut head.as_bytes())
    }

    #[test]
    fn reads_method_target_host_and_last_event_id() {
        let request = parse(
            "GET /__shinchoku/events HTTP/1.1\r\nhOST:  x:1 \r\nlast-event-id:  17.3 \r\n\r\n",
        )
        .ok()
        .unwrap();
        assert_eq!(
            (request.method.as_str(), request.target.as_str()),
            ("GET", "/__shinchoku/events")
        );
        assert_eq!(request.host.as_deref(), Some("x:1"));
        assert_eq!(request.last_event_id.as_deref(), Some("17.3"));
    }

    #[test]
    fn refuses_what_is_not_an_http_1_request() {
        for head in [
            "GET /\r\n\r\n",
            "GET / HTTP/2\r\n\r\n",
            "GET / HTTP/1.1 x\r\n\r\n",
            "GET / HTTP/1.1\r\nno colon\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n\r\n",
        ] {
            assert!(
                matches!(parse(head), Err(RequestError::Malformed)),
                "{head:?}"
            );
        }
        let endless = format!(
            "GET / HTTP/1.1\r\nX: {}\r\n\r\n",
            "a".repeat(MAX_HEAD as usize)
        );
        assert!(matches!(parse(&endless), Err(RequestError::Malformed)));
        assert!(matches!(parse(""), Err(RequestError::Io(_))));
    }

    #[test]
    fn head_has_the_length_but_not_the_body() {
        let response = Response::text(404, "見つかりません").with_header("Allow", "GET, HEAD");
        let mut written = Vec::new();
        response.write_to(&mut written, true).unwrap();
        let text = String::from_utf8(written).unwrap();
        assert!(text.starts_with("HTTP/1.1 404 Not Found\r\n"), "{text}");
        assert!(
            text.contains("Content-Length: 22\r\n") && text.contains("Allow: GET, HEAD\r\n"),
            "{text}"
        );
        assert!(
            text.contains("Cache-Control: no-store\r\n") && text.ends_with("\r\n\r\n"),
            "{text}"
        );
    }
}
