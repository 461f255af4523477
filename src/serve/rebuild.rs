//! One rebuild: run it, say on the terminal what happened, and publish the
//! outcome to the open pages. Warnings are printed again only when they
//! changed: the same lines after every save would bury what is new.

use std::panic::{self, AssertUnwindSafe};

use super::state::SiteState;
use crate::live::{LiveSite, Rebuilt};

/// Warnings printed after a rebuild (a large site can have thousands).
const WARNINGS_SHOWN: usize = 20;

/// The site being served, and what the terminal was last told about it.
pub struct Rebuilds {
    site: LiveSite,
    /// The warnings last printed.
    warnings_printed: String,
}

impl Rebuilds {
    pub fn new(site: LiveSite) -> Rebuilds {
        Rebuilds {
            site,
            warnings_printed: String::new(),
        }
    }

    pub fn rebuild_and_publish(&mut self, state: &SiteState) {
        let site = &mut self.site;
        let first = site.snapshot().is_empty();
        // A bug in a build stage must not stop the rebuilds for the rest of the
        // session (the site drops its memos, so the next rebuild starts anew);
        // the panic hook has already printed the message.
        match panic::catch_unwind(AssertUnwindSafe(|| site.rebuild())) {
            Ok(Ok(rebuilt)) => {
                let warnings = rebuilt.warnings.abridged(WARNINGS_SHOWN);
                let unchanged = match rebuilt.warnings.0.len() {
                    count if count > 0 && warnings == self.warnings_printed => {
                        format!("（警告 {count} 件は前と同じです）")
                    }
                    _ => String::new(),
                };
                if unchanged.is_empty() {
                    eprint!("{warnings}");
                    self.warnings_printed = warnings;
                }
                eprintln!("{}{unchanged}", done_message(&rebuilt, first));
                state.publish_success(site.snapshot(), !rebuilt.changed.is_empty());
            }
            Ok(Err(diagnostics)) => {
                eprint!("{diagnostics}");
                eprintln!("サイトを作れませんでした。ファイルを直すと自動で作り直します");
                state.publish_failure(diagnostics.to_string());
            }
            Err(_) => {
                let message =
                    "shinchoku の内部エラーでサイトを作れませんでした（端末の表示を見てください）。保存すると最初から作り直します";
                eprintln!("{message}");
                state.publish_failure(message.to_string());
            }
        }
    }
}

fn done_message(rebuilt: &Rebuilt, first: bool) -> String {
    let ms = rebuilt.elapsed.as_millis();
    match rebuilt.changed.len() {
        files if first => format!("サイトを作りました: {files} ファイル（{ms} ms）"),
        0 => format!("再構築しました: 変わったファイルはありません（{ms} ms）"),
        files => format!(
            "再構築しました: {files} ファイルが変わりました（ページ {} 件を描き直し、{} {} 件を索引し直しました。{ms} ms）",
            rebuilt.pages_rendered, rebuilt.measure_noun, rebuilt.measures_reindexed
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn rebuilt(changed: usize) -> Rebuilt {
        Rebuilt {
            changed: (0..changed).map(|i| format!("{i}.html")).collect(),
            files_parsed: 1,
            pages_rendered: 2,
            measures_tokenised: 1,
            measures_reindexed: 1,
            measure_noun: "施策".into(),
            index_reused: false,
            warnings: Default::default(),
            elapsed: Duration::from_millis(41),
        }
    }

    #[test]
    fn says_how_many_files_changed() {
        assert_eq!(
            done_message(&rebuilt(297), true),
            "サイトを作りました: 297 ファイル（41 ms）"
        );
        assert_eq!(done_message(&rebuilt(3), false), "再構築しました: 3 ファイルが変わりました（ページ 2 件を描き直し、施策 1 件を索引し直しました。41 ms）");
        assert_eq!(
            done_message(&rebuilt(0), false),
            "再構築しました: 変わったファイルはありません（41 ms）"
        );
    }
}
