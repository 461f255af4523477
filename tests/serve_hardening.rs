//! `shinchoku serve` among hostile neighbours: a web page that points its
//! own name at 127.0.0.1 (DNS rebinding) to read the unpublished preview,
//! connections that never send a request, and a preview opened to the
//! network. Every request goes to loopback.

mod common;

use common::fixture;
use shinchoku::serve::{Limits, ServeOptions, Server};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(10);

/// The real binary serving a copy of the minimal fixture; killed when dropped.
struct Binary {
    child: Child,
    /// `127.0.0.1:PORT`, whatever address it was told to bind.
    address: SocketAddr,
    stderr: Option<JoinHandle<String>>,
    _site: tempfile::TempDir,
}

impl Binary {
    /// `shinchoku serve --port 0 ARGS`, with at most `open_files` file
    /// handles when given (as `ulimit -n` sets them).
    fn start(args: &[&str], open_files: Option<u32>) -> Binary {
        let site = tempfile::tempdir().unwrap();
        common::copy_dir(&fixture("minimal"), site.path());
        let mut command = match open_files {
            Some(limit) => {
                let mut shell = Command::new("sh");
                shell.args(["-c", "ulimit -n \"$0\" && exec \"$@\"", &limit.to_string()]);
                shell.arg(env!("CARGO_BIN_EXE_shinchoku"));
                shell
            }
            None => Command::new(env!("CARGO_BIN_EXE_shinchoku")),
        };
        let mut child = command
            .args(["serve", "--port", "0"])
            .args(args)
            .arg("--root")
            .arg(site.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("shinchoku runs");
        // Read on threads: a full pipe would block the server.
        let errors = BufReader::new(child.stderr.take().unwrap());
        let stderr = std::thread::spawn(move || {
            errors
                .lines()
                .map_while(Result::ok)
                .map(|line| line + "\n")
                .collect::<String>()
        });
        let (url_line, lines) = mpsc::channel();
        let output = BufReader::new(child.stdout.take().unwrap());
        std::thread::spawn(move || {
            output
                .lines()
                .map_while(Result::ok)
                .for_each(|line| _ = url_line.send(line))
        });
        let line = lines
            .recv_timeout(Duration::from_secs(30))
            .expect("the server prints its URL");
        let port = line
            .split_whitespace()
            .find_map(|word| word.strip_prefix("http://"))
            .and_then(|authority| authority.trim_end_matches('/').rsplit_once(':'))
            .map(|(_, port)| port.parse::<u16>().unwrap())
            .unwrap_or_else(|| panic!("no URL in {line:?}"));
        Binary {
            child,
            address: SocketAddr::from(([127, 0, 0, 1], port)),
            stderr: Some(stderr),
            _site: site,
        }
    }

    /// Everything the server printed on its terminal, once stopped.
    fn stop(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.stderr.take().unwrap().join().unwrap()
    }
}

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The library's server on the minimal fixture (only read, never written),
/// answering on a thread of the test until the test binary exits.
fn serve_in_process(limits: Limits) -> SocketAddr {
    let server = Server::start(&ServeOptions {
        root: fixture("minimal"),
        bind: Ipv4Addr::LOCALHOST.into(),
        port: 0,
        base_url: None,
        open: false,
        limits,
    })
    .expect("the fixture serves");
    let address = server.address();
    std::thread::spawn(move || server.run());
    address
}

/// Status and body of `GET target` sent with `host` as the Host header
/// (none when `None`), over a fresh connection to `address`.
fn get(address: SocketAddr, host: Option<&str>, target: &str) -> (u16, String) {
    let mut stream = TcpStream::connect_timeout(&address, TIMEOUT).unwrap();
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    let host = host
        .map(|host| format!("Host: {host}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\n{host}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .unwrap_or_else(|e| panic!("no answer to {target} within {TIMEOUT:?}: {e}"));
    let raw = String::from_utf8(raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").expect("a complete head");
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, body.to_string())
}

#[test]
fn only_names_of_this_machine_are_served() {
    let server = Binary::start(&[], None);
    let port = server.address.port();
    for host in [
        format!("127.0.0.1:{port}"),
        "127.0.0.1".into(),
        format!("localhost:{port}"),
        "LocalHost".into(),
        format!("[::1]:{port}"),
        // An address, not a name: a browser sends it only when it
        // connected to that very address, so it cannot be a rebinding.
        format!("192.168.10.20:{port}"),
        // Forwarded ports (ssh -L 8080:localhost:PORT) keep the name.
        "localhost:8080".into(),
    ] {
        let (status, page) = get(server.address, Some(&host), "/measures/1-01.html");
        assert_eq!(status, 200, "Host: {host}\n{page}");
    }
    let open_here = format!("http://127.0.0.1:{port}/ で開いてください");
    for host in [
        Some(format!("evil.example:{port}")),
        Some("evil.example".into()),
        Some(format!("127.0.0.1.evil.example:{port}")),
        Some(format!("localhost.evil.example:{port}")),
        Some(format!("[::1]evil.example:{port}")),
        Some("localhost:http".into()),
        Some(String::new()),
        None,
    ] {
        for target in [
            "/",
            "/measures/1-01.html",
            "/data/measures.csv",
            "/__shinchoku/events",
            "/__shinchoku/livereload.js",
        ] {
            let (status, text) = get(server.address, host.as_deref(), target);
            assert_eq!(status, 403, "Host: {host:?} {target}\n{text}");
            assert!(text.contains(&open_here), "Host: {host:?} {target}\n{text}");
            assert!(!text.contains("1-01"), "{text}");
        }
    }
}

/// With 256 file handles (a quarter of the usual 1,024), 300 connections
/// that never send a request used to take every one of them: the server
/// could accept nothing else until they timed out.
#[test]
fn idle_connections_do_not_lock_out_the_browser() {
    let server = Binary::start(&[], Some(256));
    let started = Instant::now();
    let idle: Vec<TcpStream> = (0..300)
        .map_while(|_| TcpStream::connect_timeout(&server.address, Duration::from_secs(2)).ok())
        .take_while(|_| started.elapsed() < Duration::from_secs(20))
        .collect();
    assert!(idle.len() >= 280, "only {} connections opened", idle.len());

    let asked = Instant::now();
    let mut browser = TcpStream::connect_timeout(&server.address, TIMEOUT).unwrap();
    browser
        .set_read_timeout(Some(Duration::from_secs(3)))
        .unwrap();
    let host = server.address;
    write!(
        browser,
        "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = Vec::new();
    let read = browser.read_to_end(&mut answer);
    assert!(
        read.is_ok() && answer.starts_with(b"HTTP/1.1 200 "),
        "no page within {:?} beside {} idle connections: {read:?}",
        asked.elapsed(),
        idle.len()
    );
    drop(idle);
    let terminal = server.stop();
    assert!(
        !terminal.contains("接続を受けられませんでした"),
        "{terminal}"
    );
}

#[test]
fn serving_to_the_network_warns_that_the_preview_is_visible() {
    let warning = "ほかの端末からも";
    let local = Binary::start(&[], None).stop();
    assert!(local.contains("サイトを作りました"), "{local}");
    assert!(!local.contains(warning), "{local}");

    let everywhere = Binary::start(&["--bind", "0.0.0.0"], None);
    // Reached on loopback only; the Host an address, as on the network.
    let (status, _) = get(
        everywhere.address,
        Some(&format!("192.168.10.20:{}", everywhere.address.port())),
        "/",
    );
    assert_eq!(status, 200);
    let terminal = everywhere.stop();
    assert!(
        terminal.contains(&format!(
            "注意: 0.0.0.0 で待ち受けているため、同じネットワークの{warning}"
        )),
        "{terminal}"
    );
}

/// How long until the server closes `stream`, which sends no whole request.
fn closed_after(stream: &mut TcpStream) -> Duration {
    let started = Instant::now();
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    match stream.read(&mut [0; 1]) {
        Ok(0) => {}
        // Closed with bytes of the head still unread.
        Err(error) if error.kind() == io::ErrorKind::ConnectionReset => {}
        other => panic!("still open after {:?}: {other:?}", started.elapsed()),
    }
    started.elapsed()
}

#[test]
fn a_connection_that_does_not_send_its_request_in_time_is_closed() {
    let address = serve_in_process(Limits {
        request_head: Duration::from_millis(500),
        ..Limits::default()
    });
    let mut silent = TcpStream::connect(address).unwrap();
    let silent_for = closed_after(&mut silent);
    assert!(
        (Duration::from_millis(400)..Duration::from_secs(3)).contains(&silent_for),
        "a silent connection closed after {silent_for:?}"
    );

    // A byte every 100 ms never waits long for the next read: only a time
    // for the whole head ends it.
    let mut trickling = TcpStream::connect(address).unwrap();
    let mut writer = trickling.try_clone().unwrap();
    let head = format!(
        "GET / HTTP/1.1\r\nHost: {address}\r\nX-Slow: {}",
        "a".repeat(60)
    );
    let sender = std::thread::spawn(move || {
        for byte in head.bytes() {
            if writer.write_all(&[byte]).is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    });
    let trickling_for = closed_after(&mut trickling);
    assert!(
        (Duration::from_millis(400)..Duration::from_secs(3)).contains(&trickling_for),
        "a trickling connection closed after {trickling_for:?}"
    );
    sender.join().unwrap();

    let (status, _) = get(address, Some(&address.to_string()), "/");
    assert_eq!(status, 200);
}

/// An open event stream, once its head has come.
fn event_stream(address: SocketAddr) -> Result<TcpStream, (u16, String)> {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    write!(
        stream,
        "GET /__shinchoku/events HTTP/1.1\r\nHost: {address}\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut head = String::new();
    while !head.ends_with("\r\n\r\n") {
        assert!(reader.read_line(&mut head).unwrap() > 0, "{head}");
    }
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    if status == 200 {
        return Ok(stream);
    }
    let mut body = String::new();
    reader.read_to_string(&mut body).unwrap();
    Err((status, body))
}

#[test]
fn event_streams_are_capped_apart_from_page_requests() {
    let address = serve_in_process(Limits {
        connections: 2,
        event_streams: 3,
        ..Limits::default()
    });
    let mut streams: Vec<TcpStream> = (0..3)
        .map(|_| event_stream(address).expect("a stream within the cap"))
        .collect();
    let (status, text) = event_stream(address).expect_err("a stream over the cap");
    assert_eq!(status, 503);
    assert!(text.contains("使っていないタブを閉じてください"), "{text}");
    // The streams take none of the two places for page requests.
    for _ in 0..3 {
        assert_eq!(get(address, Some(&address.to_string()), "/").0, 200);
    }
    // A page closed gives its place to the next (noticed within a second).
    drop(streams.pop());
    let started = Instant::now();
    while event_stream(address).is_err() {
        assert!(
            started.elapsed() < TIMEOUT,
            "the closed stream's place was never freed"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
