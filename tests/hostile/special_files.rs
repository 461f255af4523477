//! A FIFO (or socket, or device) where the build expects a file would block
//! it until something writes to the pipe — and `serve`'s rebuilds with it.
//! Only regular files are read: anything else is refused at once.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use shinchoku::live::LiveSite;

use super::{measure, refused, site_with, MEASURE};

/// Far more than a refused build of the minimal site takes; a build
/// blocked on a FIFO never ends.
const LIMIT: Duration = Duration::from_secs(60);

fn mkfifo(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let _ = std::fs::remove_file(path);
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(made.success(), "mkfifo {}", path.display());
}

/// Runs `work` on another thread and fails (rather than hangs) when it does
/// not end within [`LIMIT`]. Then `fifo` gets a writer, so that the blocked
/// reader (a thread of the pool every test shares) reads an end of file and
/// the other tests can go on.
fn in_time<T: Send + 'static>(fifo: PathBuf, work: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, outcome) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)));
    });
    match outcome.recv_timeout(LIMIT) {
        Ok(Ok(result)) => result,
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
        Err(_) => {
            std::thread::spawn(move || drop(std::fs::OpenOptions::new().write(true).open(fifo)));
            panic!("still running after {LIMIT:?}: blocked reading a FIFO")
        }
    }
}

#[test]
fn a_fifo_instead_of_a_source_file_is_refused_at_once() {
    let theme = "theme = \"city\"\n";
    for (fifo, settings) in [
        (MEASURE, ""),
        ("content/_index.md", ""),
        ("dictionary.csv", ""),
        ("site.toml", ""),
        ("themes/city/static/extra.css", theme),
        ("themes/city/templates/measure.html", theme),
    ] {
        let site = site_with(|root| {
            if !settings.is_empty() {
                std::fs::write(root.join("site.toml"), settings).unwrap();
            }
            mkfifo(&root.join(fifo));
        });
        let root = site.path().to_path_buf();
        let expected = format!("{fifo}: エラー: 通常のファイルではありません");
        let message = in_time(root.join(fifo), move || refused(&root, &expected));
        assert!(message.contains("名前付きパイプ"), "{message}");
    }
}

#[test]
fn a_fifo_appearing_while_serving_is_refused_and_the_rebuilds_go_on() {
    let site = site_with(|_| {});
    let mut live = LiveSite::new(site.path());
    live.rebuild().expect("the minimal site builds");
    let fifo = site.path().join(MEASURE);
    mkfifo(&fifo);
    let (mut live, rebuilt) = in_time(fifo.clone(), move || {
        let rebuilt = live.rebuild().map(|_| ());
        (live, rebuilt)
    });
    let errors = rebuilt.expect_err("the FIFO is refused").to_string();
    assert!(
        errors.contains(&format!("{MEASURE}: エラー: 通常のファイルではありません")),
        "{errors}"
    );
    std::fs::remove_file(&fifo).unwrap();
    std::fs::write(&fifo, measure("1-02", "")).unwrap();
    live.rebuild().expect("the next rebuild, with a file again");
}
