//! `serve --open`: the preview opened in the default browser. The preview
//! never depends on it: an opener that is missing or fails is a warning.

use std::io;
use std::process::{Command, Stdio};
use std::thread;

/// Starts the system's opener on `url`; warns on the terminal if it cannot.
pub fn open_in_browser(url: &str) {
    let mut command = opener(url);
    let program = command.get_program().to_string_lossy().into_owned();
    let spawned = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let mut child = match spawned {
        Ok(child) => child,
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            return warn(url, &format!("{program} が見つかりません"));
        }
        Err(error) => return warn(url, &format!("{program} を起動できません: {error}")),
    };
    // Waited for on a thread: the server starts answering at once, and
    // the finished opener is reaped rather than left a zombie.
    let url = url.to_string();
    thread::spawn(move || match child.wait() {
        Ok(status) if !status.success() => {
            warn(&url, &format!("{program} が失敗しました（{status}）"))
        }
        Ok(_) => {}
        Err(error) => warn(&url, &format!("{program} の終わりを待てません: {error}")),
    });
}

fn warn(url: &str, why: &str) {
    eprintln!("注意: ブラウザを開けませんでした（{why}）。{url} をブラウザで開いてください");
}

#[cfg(target_os = "macos")]
fn opener(url: &str) -> Command {
    let mut command = Command::new("open");
    command.arg(url);
    command
}

#[cfg(windows)]
fn opener(url: &str) -> Command {
    let mut command = Command::new("cmd");
    // `start` takes its first quoted argument as a window title.
    command.args(["/C", "start", ""]).arg(url);
    command
}

#[cfg(not(any(target_os = "macos", windows)))]
fn opener(url: &str) -> Command {
    let mut command = Command::new("xdg-open");
    command.arg(url);
    command
}
