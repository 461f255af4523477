//! `shinchoku serve` as a browser uses it: the real binary on a copy of a
//! fixture site, plain HTTP requests, and the event stream the live reload
//! script listens to.

mod common;

use common::*;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(10);

/// A running `shinchoku serve`, killed when dropped (also when a test fails).
struct Server {
    child: Child,
    /// `127.0.0.1:PORT`, from the URL the server printed.
    address: String,
    stderr: Arc<Mutex<String>>,
    site: tempfile::TempDir,
}

impl Server {
    /// Serves a copy of the minimal fixture, changed by `edit` first.
    fn start(edit: impl FnOnce(&Path)) -> Server {
        let site = tempfile::tempdir().unwrap();
        common::copy_dir(&fixture("minimal"), site.path());
        edit(site.path());
        let mut child = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
            .args(["serve", "--port", "0", "--root"])
            .arg(site.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("shinchoku runs");
        // Read on threads: a full pipe would block the server.
        let stderr = Arc::new(Mutex::new(String::new()));
        let log = Arc::clone(&stderr);
        let errors = BufReader::new(child.stderr.take().unwrap());
        std::thread::spawn(move || {
            errors
                .lines()
                .map_while(Result::ok)
                .for_each(|line| log.lock().unwrap().push_str(&(line + "\n")))
        });
        let (first_line, lines) = mpsc::channel();
        let output = BufReader::new(child.stdout.take().unwrap());
        std::thread::spawn(move || {
            output
                .lines()
                .map_while(Result::ok)
                .for_each(|line| _ = first_line.send(line))
        });
        let mut server = Server {
            child,
            address: String::new(),
            stderr,
            site,
        };
        let line = lines
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("no URL printed:\n{}", server.log()));
        let url = line
            .split_whitespace()
            .find(|word| word.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in {line:?}"));
        assert!(line.contains("で公開中です"), "{line}");
        server.address = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        server
    }

    fn get(&self, target: &str) -> Response {
        self.request("GET", target)
    }

    fn request(&self, method: &str, target: &str) -> Response {
        let mut stream = self.connect(method, target);
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        Response::parse(&raw)
    }

    fn connect(&self, method: &str, target: &str) -> TcpStream {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream.set_read_timeout(Some(TIMEOUT)).unwrap();
        write!(
            stream,
            "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.address
        )
        .unwrap();
        stream
    }

    /// The event stream, once the server has sent its first event.
    fn events(&self) -> Events {
        self.events_at("/__shinchoku/events")
    }

    fn events_at(&self, target: &str) -> Events {
        let mut reader = BufReader::new(self.connect("GET", target));
        let mut head = String::new();
        while !head.ends_with("\r\n\r\n") {
            assert!(
                reader.read_line(&mut head).unwrap() > 0,
                "closed during the head: {head}"
            );
        }
        assert!(head.starts_with("HTTP/1.1 200 "), "{head}");
        assert!(head.contains("Content-Type: text/event-stream"), "{head}");
        Events { reader }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.site.path().join(relative)
    }

    fn log(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits for the server to print `text` on the terminal (its stderr is
    /// read on another thread, so it may come a moment after the event).
    fn expect_log(&self, text: &str) {
        let started = Instant::now();
        while !self.log().contains(text) {
            assert!(
                started.elapsed() < TIMEOUT,
                "never printed {text:?}:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Response {
    status: u16,
    /// Lower-case names.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn parse(raw: &[u8]) -> Response {
        let end = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a complete head");
        let head = std::str::from_utf8(&raw[..end]).unwrap();
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers = lines
            .map(|line| line.split_once(": ").unwrap())
            .map(|(name, value)| (name.to_ascii_lowercase(), value.to_string()))
            .collect();
        Response {
            status,
            headers,
            body: raw[end + 4..].to_vec(),
        }
    }

    fn header(&self, name: &str) -> &str {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, value)| value)
    }

    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }
}

struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// The next event as (name, data), skipping heartbeat comments.
    fn next(&mut self) -> (String, String) {
        let (mut name, mut data) = (String::new(), Vec::new());
        loop {
            let mut line = String::new();
            match self.reader.read_line(&mut line) {
                Ok(0) => panic!("the event stream closed"),
                Ok(_) => {}
                Err(e) => panic!("no event within {TIMEOUT:?}: {e}"),
            }
            let line = line.trim_end_matches('\n');
            if line.is_empty() && !data.is_empty() {
                return (name, data.join("\n"));
            } else if let Some(value) = line.strip_prefix("event: ") {
                name = value.to_string();
            } else if let Some(value) = line.strip_prefix("data: ") {
                data.push(value.to_string());
            }
        }
    }

    /// Asserts the next event is `expected`; returns its data.
    fn expect(&mut self, expected: &str) -> String {
        let (name, data) = self.next();
        assert_eq!(name, expected, "data: {data}");
        data
    }
}

/// Writes as editors do: a temporary file renamed over the old one, so
/// the server never sees the file half written.
fn save(path: &Path, text: &str) {
    let temporary = path.with_file_name(format!(
        ".{}.tmp",
        path.file_name().unwrap().to_string_lossy()
    ));
    fs::write(&temporary, text).unwrap();
    fs::rename(&temporary, path).unwrap();
}

/// The version of the site a served page says it is.
fn served_version(page: &str) -> &str {
    let (_, after) = page.split_once(" data-version=\"").expect("a version");
    after.split('"').next().unwrap()
}

/// A built page as serve sends it: with the live reload script, told the
/// page's version.
fn with_script(html: &str, version: &str) -> String {
    let end = html.rfind("</body>").expect("a page");
    let script =
        format!("<script src=\"/__shinchoku/livereload.js\" data-version=\"{version}\"></script>");
    format!("{}{script}{}", &html[..end], &html[end..])
}

#[test]
fn pages_are_the_built_site_with_the_reload_script() {
    let server = Server::start(|_| {});
    let (_built, out) = build(&fixture("minimal"));
    for (target, file, content_type) in [
        ("/", "index.html", "text/html; charset=utf-8"),
        (
            "/measures/1-01.html",
            "measures/1-01.html",
            "text/html; charset=utf-8",
        ),
        ("/search/", "search/index.html", "text/html; charset=utf-8"),
        (
            "/search/?q=%E7%9B%B8%E8%AB%87",
            "search/index.html",
            "text/html; charset=utf-8",
        ),
    ] {
        let page = server.get(target);
        assert_eq!(
            (page.status, page.header("content-type")),
            (200, content_type),
            "{target}"
        );
        assert_eq!(page.header("cache-control"), "no-store", "{target}");
        let text = page.text();
        assert_eq!(
            text,
            with_script(&read(&out, file), served_version(&text)),
            "{target}"
        );
    }
    for (target, content_type) in [
        ("/assets/style.css", "text/css; charset=utf-8"),
        ("/assets/search.js", "text/javascript; charset=utf-8"),
        ("/data/measures.csv", "text/csv; charset=utf-8"),
        ("/data/measures.json", "application/json; charset=utf-8"),
        ("/charts/plan-grades.svg", "image/svg+xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
    ] {
        let file = server.get(target);
        assert_eq!(
            (file.status, file.header("content-type")),
            (200, content_type),
            "{target}"
        );
        assert_eq!(
            file.body,
            fs::read(out.join(&target[1..])).unwrap(),
            "{target}: not as built"
        );
    }
    assert!(!server.path("public").exists(), "serve wrote public/");
}

#[test]
fn folders_unknown_paths_methods_and_escapes() {
    let server = Server::start(|_| {});
    let (_built, out) = build(&fixture("minimal"));
    let folder = server.get("/search?q=a");
    assert_eq!(
        (folder.status, folder.header("location")),
        (302, "/search/?q=a")
    );

    let missing = server.get("/measures/9-99.html");
    assert_eq!(
        (missing.status, missing.header("content-type")),
        (404, "text/html; charset=utf-8")
    );
    let text = missing.text();
    assert_eq!(
        text,
        with_script(&read(&out, "404.html"), served_version(&text))
    );

    for target in [
        "/measures/../../site.toml",
        "/%2e%2e/site.toml",
        "/..%2F..%2Fetc%2Fpasswd",
        "/a%5C..%5Csite.toml",
    ] {
        let refused = server.get(target);
        assert_eq!(refused.status, 400, "{target}");
        assert!(!refused.text().contains("base_url"), "{target}");
    }

    let posted = server.request("POST", "/");
    assert_eq!((posted.status, posted.header("allow")), (405, "GET, HEAD"));

    let head = server.request("HEAD", "/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(
        head.header("content-length"),
        server.get("/").body.len().to_string()
    );

    let script = server.get("/__shinchoku/livereload.js");
    assert_eq!(
        (script.status, script.header("content-type")),
        (200, "text/javascript; charset=utf-8")
    );
    assert!(
        script
            .text()
            .contains("new EventSource('/__shinchoku/events' + "),
        "{}",
        script.text()
    );
}

#[test]
fn saving_a_measure_reloads_the_page_with_the_new_text() {
    let server = Server::start(|_| {});
    let mut events = server.events();
    events.expect("ready");
    let file = server.path("content/measures/1-01.md");
    save(
        &file,
        &(fs::read_to_string(&file).unwrap() + "\n保存して追記した文です。\n"),
    );
    events.expect("reload");
    let page = server.get("/measures/1-01.html").text();
    assert!(page.contains("保存して追記した文です。"), "{page}");
    server.expect_log("再構築しました: ");

    // A new file is a new page.
    let new = fs::read_to_string(server.path("content/measures/2-01.md"))
        .unwrap()
        .replace("id: 2-01", "id: 2-02");
    save(&server.path("content/measures/2-02.md"), &new);
    events.expect("reload");
    assert_eq!(server.get("/measures/2-02.html").status, 200);
}

#[test]
fn a_page_served_before_a_rebuild_reloads_when_its_script_connects_after_it() {
    let server = Server::start(|_| {});
    let served = server.get("/").text();
    let version = served_version(&served).to_string();
    let mut events = server.events();
    events.expect("ready");
    let file = server.path("content/measures/1-01.md");
    save(&file, &(fs::read_to_string(&file).unwrap() + "\n追記。\n"));
    events.expect("reload");
    // The page's script connects only now: it hears of the rebuild at once.
    server
        .events_at(&format!("/__shinchoku/events?seen={version}"))
        .expect("reload");
    // A page served after the rebuild is up to date.
    let current = server.get("/").text();
    assert_ne!(served_version(&current), version);
    server
        .events_at(&format!(
            "/__shinchoku/events?seen={}",
            served_version(&current)
        ))
        .expect("ready");
}

#[test]
fn a_broken_measure_shows_its_error_and_the_last_good_site_stays() {
    let server = Server::start(|_| {});
    let mut events = server.events();
    events.expect("ready");
    let file = server.path("content/measures/1-02.md");
    let good = fs::read_to_string(&file).unwrap();
    // An unclosed quote on line 4.
    let broken = good.replace(
        "title: 地域包括ケアシステムの推進",
        "title: \"地域包括ケアシステムの推進",
    );
    save(&file, &broken);
    events.expect("error");
    // Undone: the site is as before, but the page must still drop its error.
    save(&file, &good);
    events.expect("reload");

    save(&file, &broken);
    let error = events.expect("error");
    assert!(
        error.contains("content/measures/1-02.md:4: エラー: title:"),
        "{error}"
    );
    server.expect_log("サイトを作れませんでした。ファイルを直すと自動で作り直します");

    let page = server.get("/measures/1-02.html");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("地域包括ケアシステムの推進"));
    // A page opened now hears of the error as soon as it connects.
    let mut late = server.events();
    assert_eq!(late.expect("error"), error);

    save(&file, &(good + "\n直した後の文です。\n"));
    events.expect("reload");
    late.expect("reload");
    assert!(server
        .get("/measures/1-02.html")
        .text()
        .contains("直した後の文です。"));
}

#[test]
fn a_site_that_never_built_shows_an_error_page_until_fixed() {
    let hostile_id = "<img src=x onerror=alert(1)>";
    let server = Server::start(|site| {
        let file = site.join("content/measures/1-02.md");
        let text = fs::read_to_string(&file)
            .unwrap()
            .replace("id: 1-02", &format!("id: \"{hostile_id}\""));
        fs::write(file, text).unwrap();
    });
    for target in ["/", "/measures/1-01.html", "/nothing-here"] {
        let page = server.get(target);
        assert_eq!(
            (page.status, page.header("content-type")),
            (500, "text/html; charset=utf-8"),
            "{target}"
        );
        let html = page.text();
        assert!(html.contains("サイトを作れませんでした"), "{html}");
        assert!(
            html.contains(
                "content/measures/1-02.md:2: エラー: id: id「&lt;img src=x onerror=alert(1)&gt;」"
            ),
            "{html}"
        );
        assert!(!html.contains(hostile_id), "{html}");
        let script = with_script("</body>", served_version(&html));
        assert!(html.contains(&script), "{html}");
    }
    let mut events = server.events();
    assert!(events.expect("error").contains(hostile_id));

    let file = server.path("content/measures/1-02.md");
    save(
        &file,
        &fs::read_to_string(&file)
            .unwrap()
            .replace(&format!("\"{hostile_id}\""), "1-02"),
    );
    events.expect("reload");
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert!(page
        .text()
        .contains("<script src=\"/__shinchoku/livereload.js\" data-version=\""));
    server.expect_log("サイトを作りました: ");
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let mut child = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(["serve", "--port", &port, "--root"])
        .arg(fixture("minimal"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            panic!("still running with port {port} taken");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains(&format!("ポート {port} はほかのプログラムが使っています")),
        "{message}"
    );
    assert!(output.stdout.is_empty());
}
