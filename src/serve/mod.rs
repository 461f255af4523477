//! `shinchoku serve`: the site built in memory and served on this machine,
//! rebuilt whenever a source file is saved, with every open page reloaded
//! (or shown the errors) by a small script the server adds to each page.
//!
//! | file | part |
//! | --- | --- |
//! | `watch.rs` | the sources watched, saves debounced into rebuilds |
//! | `rebuild.rs` | one rebuild, reported on the terminal and published |
//! | `state.rs` | the last good snapshot and current errors, shared |
//! | `connection.rs` | one request answered from that state |
//! | `http.rs`, `route.rs` | HTTP/1.1 and URL → file, as a static host does |
//! | `events.rs`, `livereload.js` | what pages are told, and what they do |
//! | `pages.rs` | the script added to pages, the error page |

mod connection;
mod events;
mod http;
mod pages;
mod rebuild;
mod route;
mod state;
mod watch;

use std::io;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use crate::live::LiveSite;
use state::SiteState;
use watch::SourceWatcher;

pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("サイトのフォルダ {0} がありません")]
    NoRoot(PathBuf),
    #[error("ポート {0} はほかのプログラムが使っています。--port で別の番号を指定してください（--port 0 なら空いている番号を使います）")]
    PortInUse(u16),
    #[error("{0} で待ち受けられませんでした: {1}")]
    Bind(SocketAddr, io::Error),
    #[error("ファイルの変更を見張れませんでした: {0}")]
    Watch(#[from] notify::Error),
    #[error("作り直しの処理を始められませんでした: {0}")]
    Thread(io::Error),
}

/// Builds the site, then serves it until the process is stopped.
pub fn serve(options: &ServeOptions) -> Result<(), ServeError> {
    if !options.root.is_dir() {
        return Err(ServeError::NoRoot(options.root.clone()));
    }
    // Bound before building, so a taken port fails at once.
    let listener = bind(SocketAddr::new(options.bind, options.port))?;
    let address = listener
        .local_addr()
        .map_err(|e| ServeError::Bind(SocketAddr::new(options.bind, options.port), e))?;
    // Watching before the first build: nothing saved during it is missed.
    let sources = SourceWatcher::start(&options.root)?;
    let state = Arc::new(SiteState::new());
    let mut site = LiveSite::new(&options.root);
    rebuild::rebuild_and_publish(&mut site, &state);
    let publisher = Arc::clone(&state);
    thread::Builder::new()
        .name("rebuild".into())
        .spawn(move || {
            sources.on_each_change(|| rebuild::rebuild_and_publish(&mut site, &publisher))
        })
        .map_err(ServeError::Thread)?;
    println!("http://{address}/ で公開中です（Ctrl+C で終了）");
    accept_forever(&listener, &state)
}

fn bind(address: SocketAddr) -> Result<TcpListener, ServeError> {
    TcpListener::bind(address).map_err(|error| match error.kind() {
        io::ErrorKind::AddrInUse => ServeError::PortInUse(address.port()),
        _ => ServeError::Bind(address, error),
    })
}

/// A thread per connection: event streams stay open as long as their page.
fn accept_forever(listener: &TcpListener, state: &Arc<SiteState>) -> ! {
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                let state = Arc::clone(state);
                let spawned = thread::Builder::new()
                    .name("connection".into())
                    .spawn(move || connection::handle(stream, &state));
                if let Err(error) = spawned {
                    eprintln!("接続を処理できませんでした: {error}");
                }
            }
            Err(error) => {
                eprintln!("接続を受けられませんでした: {error}");
                // Out of file handles, say: wait for connections to close rather than spin.
                thread::sleep(Duration::from_millis(100));
            }
        }
    }
}
