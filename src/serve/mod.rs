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
//! | `limits.rs` | how many connections at once, and for how long |
//! | `host.rs` | the host names served (no DNS rebinding) |
//! | `http.rs`, `route.rs` | HTTP/1.1 and URL → file, as a static host does |
//! | `events.rs`, `livereload.js` | what pages are told, and what they do |
//! | `pages.rs` | the script added to pages, the error page |
//! | `open.rs` | `--open`: the preview opened in the browser |

mod connection;
mod events;
mod host;
mod http;
mod limits;
mod open;
mod pages;
mod rebuild;
mod route;
mod state;
mod watch;

use std::io::{self, Write};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use crate::config::SiteConfig;
use crate::live::LiveSite;
use limits::Connections;
pub use limits::Limits;
use rebuild::Rebuilds;
use state::SiteState;
use watch::SourceWatcher;

pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// `--base-url`, in place of `site.toml`'s.
    pub base_url: Option<String>,
    /// Open the preview in the browser once it is served.
    pub open: bool,
    pub limits: Limits,
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("サイトのフォルダ {0} がありません")]
    NoRoot(PathBuf),
    #[error("{} に site.toml がありません。サイトのフォルダ（site.toml と content/ がある場所）で実行するか、--root でそのフォルダを指定してください（新しく作るなら `shinchoku init フォルダ`）", .0.display())]
    NoSiteToml(PathBuf),
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
    let server = Server::start(options)?;
    let address = server.address();
    if let Some(warning) = network_warning(address.ip()) {
        eprintln!("{warning}");
    }
    // On stdout, for a script to read; a reader gone away (`| head -1`)
    // does not stop the preview.
    let _ = writeln!(
        io::stdout(),
        "http://{address}/ で公開中です（Ctrl+C で終了）"
    );
    if options.open {
        open::open_in_browser(&browser_url(address));
    }
    server.run()
}

/// A preview bound to its address, built, and rebuilt on every save;
/// [`Server::run`] answers the browsers.
pub struct Server {
    listener: TcpListener,
    address: SocketAddr,
    state: Arc<SiteState>,
    connections: Arc<Connections>,
}

impl Server {
    pub fn start(options: &ServeOptions) -> Result<Server, ServeError> {
        if !options.root.is_dir() {
            return Err(ServeError::NoRoot(options.root.clone()));
        }
        // Without it nothing can ever build: fail as `build` does, rather
        // than serve an error page until the folder is right.
        if !options.root.join(SiteConfig::FILE).is_file() {
            return Err(ServeError::NoSiteToml(options.root.clone()));
        }
        // Bound before building, so a taken port fails at once.
        let listener = bind(SocketAddr::new(options.bind, options.port))?;
        let address = listener
            .local_addr()
            .map_err(|e| ServeError::Bind(SocketAddr::new(options.bind, options.port), e))?;
        // Watching before the first build: nothing saved during it is missed.
        let sources = SourceWatcher::start(&options.root)?;
        let state = Arc::new(SiteState::new());
        let site = LiveSite::new(&options.root).with_base_url(options.base_url.clone());
        let mut rebuilds = Rebuilds::new(site);
        rebuilds.rebuild_and_publish(&state);
        let publisher = Arc::clone(&state);
        thread::Builder::new()
            .name("rebuild".into())
            .spawn(move || sources.on_each_change(|| rebuilds.rebuild_and_publish(&publisher)))
            .map_err(ServeError::Thread)?;
        Ok(Server {
            listener,
            address,
            state,
            connections: Connections::new(options.limits),
        })
    }

    /// The address bound, with the port picked when asked for port 0.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Answers connections until the process is stopped.
    pub fn run(self) -> ! {
        accept_forever(&self.listener, &self.state, &self.connections)
    }
}

/// The address a browser on this machine opens: bound to every address
/// (`0.0.0.0`), the preview is on this machine's own too.
fn browser_url(address: SocketAddr) -> String {
    let ip = match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, address.port()))
}

/// Bound to more than this machine, the preview (what is not yet
/// published, too) can be read by anyone on the network.
fn network_warning(bind: IpAddr) -> Option<String> {
    (!bind.to_canonical().is_loopback()).then(|| {
        format!(
            "注意: {bind} で待ち受けているため、同じネットワークのほかの端末からもこのプレビュー（公開前の内容も）が見えます。\
             この端末だけで見るなら --bind を付けずに起動してください"
        )
    })
}

fn bind(address: SocketAddr) -> Result<TcpListener, ServeError> {
    TcpListener::bind(address).map_err(|error| match error.kind() {
        io::ErrorKind::AddrInUse => ServeError::PortInUse(address.port()),
        _ => ServeError::Bind(address, error),
    })
}

/// A thread per connection: event streams stay open as long as their page.
fn accept_forever(
    listener: &TcpListener,
    state: &Arc<SiteState>,
    connections: &Arc<Connections>,
) -> ! {
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                let stream = Arc::new(stream);
                let slot = connections.admit(&stream);
                let state = Arc::clone(state);
                let spawned = thread::Builder::new()
                    .name("connection".into())
                    .spawn(move || connection::handle(&stream, slot, &state));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_bind_beyond_this_machine_warns() {
        for quiet in ["127.0.0.1", "127.0.0.2", "::1", "::ffff:127.0.0.1"] {
            assert_eq!(network_warning(quiet.parse().unwrap()), None, "{quiet}");
        }
        for open in ["0.0.0.0", "::", "192.168.1.20", "::ffff:192.168.1.20"] {
            let warning = network_warning(open.parse().unwrap());
            assert!(
                warning.is_some_and(|w| w.contains(&format!("注意: {open} で待ち受けている"))),
                "{open}"
            );
        }
    }
}
