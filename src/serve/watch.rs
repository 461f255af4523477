//! Watching the site's sources and rebuilding once an editor has finished
//! saving. Watched: `site.toml`, `dictionary.csv`, `synonyms.csv`, `content/`
//! and `themes/`;
//! never `public/`, `target/` or anything else in the root.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::ModifyKind;
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::search::{SYNONYMS_FILE, USER_DICTIONARY_FILE};

/// Editors write a save as several events; rebuild once none came for this long.
const QUIET: Duration = Duration::from_millis(30);

const SOURCE_FOLDERS: [&str; 2] = ["content", "themes"];
const SOURCE_FILES: [&str; 3] = ["site.toml", USER_DICTIONARY_FILE, SYNONYMS_FILE];

pub struct SourceWatcher {
    events: Receiver<notify::Result<Event>>,
    sources: Sources,
}

/// The watcher, and the root its paths are under.
struct Sources {
    root: PathBuf,
    watcher: RecommendedWatcher,
}

impl SourceWatcher {
    pub fn start(root: &Path) -> notify::Result<SourceWatcher> {
        let root = root.canonicalize().map_err(notify::Error::io)?;
        let (sender, events) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(sender)?;
        // The root alone, not recursively: that sees the source files and the
        // source folders appear, without watching every folder of target/.
        watcher.watch(&root, RecursiveMode::NonRecursive)?;
        let mut sources = Sources { root, watcher };
        for folder in SOURCE_FOLDERS {
            sources.watch_folder(&sources.root.join(folder));
        }
        Ok(SourceWatcher { events, sources })
    }

    /// Calls `rebuild` after each burst of changes, until the watcher stops.
    pub fn on_each_change(mut self, rebuild: impl FnMut()) {
        debounce(&self.events, |event| self.sources.is_change(event), rebuild);
    }
}

/// Calls `rebuild` once no change came for [`QUIET`]. Changes made during a
/// rebuild wait in the channel and make one more rebuild after it.
fn debounce(
    events: &Receiver<notify::Result<Event>>,
    mut is_change: impl FnMut(&Event) -> bool,
    mut rebuild: impl FnMut(),
) {
    let mut rebuild_at: Option<Instant> = None;
    loop {
        let received = match rebuild_at {
            Some(at) => events.recv_timeout(at.saturating_duration_since(Instant::now())),
            None => events.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        match received {
            Ok(Ok(event)) if is_change(&event) => rebuild_at = Some(Instant::now() + QUIET),
            Ok(Ok(_)) => {}
            Ok(Err(error)) => eprintln!("ファイルの変更を見張れませんでした: {error}"),
            Err(RecvTimeoutError::Timeout) => {
                rebuild_at = None;
                rebuild();
            }
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

impl Sources {
    /// Whether `event` changes the site; watches a source folder made after the start.
    fn is_change(&mut self, event: &Event) -> bool {
        if matches!(
            event.kind,
            EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(_))
        ) {
            for path in &event.paths {
                if SOURCE_FOLDERS
                    .iter()
                    .any(|folder| *path == self.root.join(folder))
                {
                    self.watch_folder(path);
                }
            }
        }
        changes_sources(&self.root, event)
    }

    fn watch_folder(&mut self, folder: &Path) {
        if folder.is_dir() {
            if let Err(error) = self.watcher.watch(folder, RecursiveMode::Recursive) {
                eprintln!("{} の変更を見張れません: {error}", folder.display());
            }
        }
    }
}

fn changes_sources(root: &Path, event: &Event) -> bool {
    match event.kind {
        // Opening and reading, also by our own rebuilds, change nothing.
        EventKind::Access(_) => false,
        // The watcher lost events: anything may have changed.
        _ if event.need_rescan() => true,
        _ => event.paths.iter().any(|path| is_source(root, path)),
    }
}

/// Whether a change to `path` can change the site: a source file, or
/// anything in a source folder except hidden and editor temporary files.
fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let names: Vec<String> = relative
        .components()
        .map(|component| match component {
            Component::Normal(name) => name.to_string_lossy().into_owned(),
            _ => String::new(),
        })
        .collect();
    match names.as_slice() {
        [file] if SOURCE_FILES.contains(&file.as_str()) => true,
        [folder, inside @ ..] if SOURCE_FOLDERS.contains(&folder.as_str()) => {
            !inside.iter().any(|name| is_hidden_or_temporary(name))
        }
        _ => false,
    }
}

/// `.git`, `.file.md.swp`, `.#file.md` (Emacs lock), `#file.md#`, `file.md~`,
/// and `4913` (Vim's test of whether it may write to a folder).
fn is_hidden_or_temporary(name: &str) -> bool {
    name.starts_with(['.', '#']) || name.ends_with('~') || name.ends_with(".swp") || name == "4913"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_the_content_the_themes_and_three_files() {
        let root = Path::new("/site");
        for path in [
            "site.toml",
            "dictionary.csv",
            "synonyms.csv",
            "content",
            "content/measures/1-01.md",
            "content/_index.md",
            "themes/city/templates/measure.html",
            "themes/city/static/logo.png",
        ] {
            assert!(is_source(root, &root.join(path)), "{path}");
        }
    }

    #[test]
    fn output_tools_and_editor_files_are_not_sources() {
        let root = Path::new("/site");
        for path in [
            "public/index.html",
            "public",
            "target/release/shinchoku",
            ".git/index",
            "node_modules/x/index.js",
            ".shinchoku/import-state.json",
            "README.md",
            "content/measures/.1-01.md.swp",
            "content/measures/1-01.md~",
            "content/measures/.#1-01.md",
            "content/measures/#1-01.md#",
            "content/measures/4913",
            "content/.git/HEAD",
            "themes/.hidden/x.css",
        ] {
            assert!(!is_source(root, &root.join(path)), "{path}");
        }
        assert!(!is_source(root, Path::new("/elsewhere/content/a.md")));
    }

    fn saved() -> notify::Result<Event> {
        Ok(Event::new(EventKind::Modify(ModifyKind::Any)).add_path("/site/content/a.md".into()))
    }

    /// Rebuild count after `events` sit in the channel, with `during_first`
    /// more arriving while the first rebuild runs.
    fn rebuilds_for(events: Vec<notify::Result<Event>>, during_first: usize) -> usize {
        let (sender, receiver) = mpsc::channel();
        for event in events {
            sender.send(event).unwrap();
        }
        let (rebuilt, rebuilds) = mpsc::channel();
        std::thread::spawn(move || {
            let mut count = 0;
            debounce(
                &receiver,
                |event| changes_sources(Path::new("/site"), event),
                || {
                    count += 1;
                    if count == 1 {
                        (0..during_first).for_each(|_| sender.send(saved()).unwrap());
                    }
                    rebuilt.send(()).unwrap();
                },
            );
        });
        // Generous: only a stuck loop takes this long; the quiet wait is 30 ms.
        std::iter::from_fn(|| rebuilds.recv_timeout(Duration::from_secs(1)).ok()).count()
    }

    #[test]
    fn a_burst_of_saves_makes_one_rebuild() {
        assert_eq!(rebuilds_for((0..5).map(|_| saved()).collect(), 0), 1);
    }

    #[test]
    fn saves_during_a_rebuild_make_one_more() {
        assert_eq!(rebuilds_for(vec![saved()], 3), 2);
    }

    #[test]
    fn reads_output_and_watcher_errors_make_no_rebuild() {
        let read = Event::new(EventKind::Access(notify::event::AccessKind::Any))
            .add_path("/site/content/a.md".into());
        let built = Event::new(EventKind::Create(notify::event::CreateKind::File))
            .add_path("/site/public".into());
        assert_eq!(
            rebuilds_for(
                vec![Ok(read), Ok(built), Err(notify::Error::generic("test"))],
                0
            ),
            0
        );
    }

    #[test]
    fn lost_events_make_a_rebuild() {
        let lost = Event::new(EventKind::Other).set_flag(notify::event::Flag::Rescan);
        assert_eq!(rebuilds_for(vec![Ok(lost)], 0), 1);
    }

    /// A real watcher on a temp folder: saves rebuild, `public/` and swap
    /// files do not, and a `themes/` made after the start is watched too.
    #[test]
    fn the_watcher_sees_sources_only() {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir(site.path().join("content")).unwrap();
        let watcher = SourceWatcher::start(site.path()).unwrap();
        let (rebuilt, rebuilds) = mpsc::channel();
        std::thread::spawn(move || watcher.on_each_change(|| _ = rebuilt.send(())));
        let write = |path: &str| {
            let path = site.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        };
        // One save may reach the watcher as events far enough apart for two rebuilds.
        let expect_rebuild = |what: &str| {
            rebuilds
                .recv_timeout(Duration::from_secs(10))
                .unwrap_or_else(|_| panic!("no rebuild after {what}"));
            while rebuilds.recv_timeout(QUIET * 10).is_ok() {}
        };
        write("content/a.md");
        expect_rebuild("a save in content/");
        write("public/index.html");
        write("content/.a.md.swp");
        write("content/a.md~");
        assert!(
            rebuilds.recv_timeout(QUIET * 10).is_err(),
            "rebuilt for public/ or an editor file"
        );
        write("themes/city/style.css");
        expect_rebuild("creating themes/");
        write("themes/city/style.css");
        expect_rebuild("a save in the new themes/");
        write("site.toml");
        expect_rebuild("a save of site.toml");
    }
}
