//! The command line's conventions, run as a clerk runs the real binary:
//! help for every flag, reports on stdout and diagnostics on stderr, a
//! closed pipe ending quietly, `--base-url`, `serve --open`, `serve` in a
//! folder that is not a site, and warnings printed once while serving.

mod common;

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(60);
const SEED: &str = "seed/kumamoto-jisatsu-2019-2020.tsv";

fn shinchoku() -> Command {
    Command::new(env!("CARGO_BIN_EXE_shinchoku"))
}

fn run(args: &[&str]) -> Output {
    shinchoku().args(args).output().expect("shinchoku runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The entries of a help section (`Options:`, `Arguments:`, `Commands:`):
/// (what is described, its description with any `[default: …]` left out).
fn help_entries(help: &str, section: &str) -> Vec<(String, String)> {
    let mut entries: Vec<(String, String)> = Vec::new();
    let mut inside = false;
    for line in help.lines() {
        if !line.starts_with(' ') {
            inside = line == section;
            continue;
        }
        if !inside || line.trim().is_empty() {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        // Long help puts the description on the lines below, indented further.
        match entries.last_mut() {
            Some((_, description)) if indent > 6 => {
                description.push_str(line.trim());
                continue;
            }
            _ => {}
        }
        let entry = line.trim();
        let (what, description) = entry.split_once("  ").unwrap_or((entry, ""));
        entries.push((what.to_string(), description.trim().to_string()));
    }
    for (_, description) in &mut entries {
        if let Some(start) = description.find("[default:") {
            description.truncate(start);
        }
        *description = description.trim().to_string();
    }
    entries
}

fn assert_every_entry_has_japanese_help(help: &str, context: &str) {
    let entries: Vec<_> = ["Options:", "Arguments:"]
        .iter()
        .flat_map(|section| help_entries(help, section))
        .collect();
    assert!(!entries.is_empty(), "{context}: no options in\n{help}");
    for (what, description) in entries {
        assert!(
            !description.is_empty() && !description.is_ascii(),
            "{context}: {what} has no help in Japanese ({description:?}):\n{help}"
        );
    }
}

#[test]
fn every_flag_of_every_command_has_help_in_japanese() {
    let top = run(&["--help"]);
    assert!(top.status.success());
    let top = text(&top.stdout);
    assert_every_entry_has_japanese_help(&top, "shinchoku --help");
    let commands: Vec<String> = help_entries(&top, "Commands:")
        .into_iter()
        .map(|(name, _)| name)
        .filter(|name| name != "help")
        .collect();
    assert!(commands.len() >= 6, "{commands:?}");
    for command in &commands {
        for args in [["help", command.as_str()], [command.as_str(), "--help"]] {
            let output = run(&args);
            assert!(output.status.success(), "{args:?}");
            assert_every_entry_has_japanese_help(&text(&output.stdout), &args.join(" "));
        }
    }
}

#[test]
fn serve_in_a_folder_without_site_toml_fails_like_build() {
    let empty = tempfile::tempdir().unwrap();
    let mut child = shinchoku()
        .args(["serve", "--port", "0", "--root"])
        .arg(empty.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            let output = child.wait_with_output().unwrap();
            panic!(
                "still serving a folder without site.toml:\n{}{}",
                text(&output.stdout),
                text(&output.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let message = text(&output.stderr);
    assert!(
        message.contains("site.toml がありません") && message.contains("--root"),
        "{message}"
    );
    assert!(!text(&output.stdout).contains("公開中"));
}

/// `import --dry-run` of the seed table into an empty folder.
fn dry_run_import(root: &Path) -> Command {
    let mut command = shinchoku();
    command
        .arg("import")
        .arg(common::fixture(SEED))
        .arg("--dry-run")
        .arg("--root")
        .arg(root);
    command
}

#[test]
fn import_dry_run_reports_on_stdout_and_warns_on_stderr() {
    let root = tempfile::tempdir().unwrap();
    let output = dry_run_import(root.path()).output().unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
    assert!(stdout.starts_with("【試し実行】"), "{stdout}");
    assert!(stdout.contains("変更の内容"), "{stdout}");
    assert!(
        !stdout.contains(": 警告: "),
        "warnings on stdout:\n{stdout}"
    );
    assert!(!stderr.trim().is_empty(), "the seed has rows to judge");
    for line in stderr.lines() {
        assert!(line.contains(": 警告: "), "not a warning on stderr: {line}");
    }
}

#[cfg(unix)]
fn ended_quietly(output: &Output) -> bool {
    use std::os::unix::process::ExitStatusExt;
    let broken_pipe = 13;
    (output.status.success() || output.status.signal() == Some(broken_pipe))
        && !text(&output.stderr).contains("panicked")
}

/// `shinchoku import --dry-run … | head -1`, and `| head -0`.
#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_the_program_quietly() {
    let root = tempfile::tempdir().unwrap();
    let mut child = dry_run_import(root.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("【試し実行】"), "{first:?}");
    let output = child.wait_with_output().unwrap();
    assert!(ended_quietly(&output), "{output:?}");

    let mut child = dry_run_import(root.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert!(ended_quietly(&output), "{output:?}");
}

/// The minimal fixture in a temp dir, with a text achievement (a warning).
fn site_with_a_warning(achievement: &str) -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    common::copy_dir(&common::fixture("minimal"), site.path());
    set_achievement(site.path(), achievement);
    // Dated, so that the achievement's is the one warning.
    let config = site.path().join("site.toml");
    let text = fs::read_to_string(&config).unwrap();
    fs::write(&config, format!("{text}data_updated = 2021-06-30\n")).unwrap();
    site
}

fn set_achievement(root: &Path, achievement: &str) {
    let measure = root.join("content/measures/1-02.md");
    let text = fs::read_to_string(&measure).unwrap();
    let start = text.find("achievement: ").unwrap() + "achievement: ".len();
    let end = start + text[start..].find('\n').unwrap();
    fs::write(
        &measure,
        format!("{}{achievement}{}", &text[..start], &text[end..]),
    )
    .unwrap();
}

const WARNING: &str = "警告: years.2019.achievement: ";

#[test]
fn check_reports_on_stdout() {
    let site = site_with_a_warning("おおむね達成");
    let output = run(&["check", "--root", site.path().to_str().unwrap()]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(stdout.contains(WARNING), "{stdout}");
    assert!(stdout.contains("問題はありません（警告 1 件）"), "{stdout}");
    assert_eq!(text(&output.stderr), "");
}

#[test]
fn build_takes_a_base_url_for_a_staging_host() {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let minimal = common::fixture("minimal");
    let staging = "https://staging.example.jp/preview/";
    let output = shinchoku()
        .args(["build", "--base-url", staging, "--root"])
        .arg(&minimal)
        .arg("--out")
        .arg(&public)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let sitemap = common::read(&public, "sitemap.xml");
    assert!(
        sitemap.contains(&format!("{staging}measures/1-01.html")),
        "{sitemap}"
    );
    assert!(!sitemap.contains("example.org/minimal"), "{sitemap}");
    assert!(common::read(&public, "measures/1-01.html")
        .contains(&format!("href=\"{staging}measures/1-01.html\"")));

    // Checked as site.toml's own value is; nothing written.
    let refused = out.path().join("refused");
    let output = shinchoku()
        .args(["build", "--base-url", "staging.example.jp", "--root"])
        .arg(&minimal)
        .arg("--out")
        .arg(&refused)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let message = text(&output.stderr);
    assert!(
        message.contains("--base-url") && message.contains("https://"),
        "{message}"
    );
    assert!(!refused.exists());
}

/// `shinchoku serve` on a site, its stderr collected as it comes.
struct Serve {
    child: Child,
    address: String,
    stderr: Arc<Mutex<String>>,
}

impl Serve {
    fn start(root: &Path, flags: &[&str], path_env: Option<&Path>) -> Serve {
        let mut command = shinchoku();
        command
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .args(flags)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(path) = path_env {
            command.env("PATH", path);
        }
        let mut child = command.spawn().unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let log = Arc::clone(&stderr);
        let errors = BufReader::new(child.stderr.take().unwrap());
        std::thread::spawn(move || {
            for line in errors.lines().map_while(Result::ok) {
                log.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        let (send, lines) = mpsc::channel();
        let output = BufReader::new(child.stdout.take().unwrap());
        std::thread::spawn(move || {
            for line in output.lines().map_while(Result::ok) {
                let _ = send.send(line);
            }
        });
        let line = lines.recv_timeout(TIMEOUT).expect("the URL printed");
        let url = line
            .split_whitespace()
            .find(|word| word.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in {line:?}"));
        let address = url.trim_start_matches("http://").trim_end_matches('/');
        Serve {
            child,
            address: address.to_string(),
            stderr,
        }
    }

    fn log(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits until the log holds `text` `times` times.
    fn expect_log(&self, text: &str, times: usize) -> String {
        let started = Instant::now();
        loop {
            let log = self.log();
            if log.matches(text).count() >= times {
                return log;
            }
            assert!(
                started.elapsed() < TIMEOUT,
                "{text:?} not printed {times} times:\n{log}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn get(&self, path: &str) -> String {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream.set_read_timeout(Some(TIMEOUT)).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.address
        )
        .unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        text(&response)
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A folder whose `xdg-open` and `open` write the URL they were given to `opened`.
#[cfg(unix)]
fn fake_openers(dir: &Path, opened: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let bin = dir.join("bin");
    fs::create_dir(&bin).unwrap();
    for name in ["xdg-open", "open"] {
        let script = bin.join(name);
        fs::write(
            &script,
            format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", opened.display()),
        )
        .unwrap();
        fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    }
    bin
}

#[cfg(unix)]
#[test]
fn serve_opens_the_browser_and_takes_a_base_url() {
    let tmp = tempfile::tempdir().unwrap();
    let opened = tmp.path().join("opened");
    let bin = fake_openers(tmp.path(), &opened);
    let staging = "https://staging.example.jp/preview/";
    let server = Serve::start(
        &common::fixture("minimal"),
        &["--open", "--base-url", staging],
        Some(&bin),
    );
    let started = Instant::now();
    while !opened.exists() {
        assert!(
            started.elapsed() < TIMEOUT,
            "never opened:\n{}",
            server.log()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(
        fs::read_to_string(&opened).unwrap(),
        format!("http://{}/", server.address)
    );
    let sitemap = server.get("/sitemap.xml");
    assert!(
        sitemap.contains(&format!("{staging}measures/1-01.html")),
        "{sitemap}"
    );
}

#[cfg(unix)]
#[test]
fn serve_open_without_a_browser_opener_warns_and_keeps_serving() {
    let no_programs = tempfile::tempdir().unwrap();
    let server = Serve::start(
        &common::fixture("minimal"),
        &["--open"],
        Some(no_programs.path()),
    );
    server.expect_log("ブラウザを開けませんでした", 1);
    assert!(server.get("/").starts_with("HTTP/1.1 200 "));
}

#[test]
fn serve_prints_a_warning_again_only_when_it_changed() {
    let site = site_with_a_warning("おおむね達成");
    let server = Serve::start(site.path(), &[], None);
    server.expect_log("サイトを作りました", 1);
    assert_eq!(server.log().matches(WARNING).count(), 1, "{}", server.log());

    let other = site.path().join("content/measures/1-01.md");
    let body = fs::read_to_string(&other).unwrap() + "\n追記しました。\n";
    fs::write(&other, body).unwrap();
    let log = server.expect_log("再構築しました", 1);
    assert_eq!(log.matches(WARNING).count(), 1, "printed again:\n{log}");

    set_achievement(site.path(), "一部達成");
    let log = server.expect_log("再構築しました", 2);
    assert_eq!(log.matches(WARNING).count(), 2, "{log}");
    assert!(log.contains("達成度「一部達成」"), "{log}");
}
