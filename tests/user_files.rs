//! Nothing the user owns is ever destroyed: `build --out` replaces only a
//! previous output, a killed build leaves a site and no leftovers, `export`
//! keeps a filled-in template, a failed import changes no file, and import
//! refuses symbolic links as build does. Each case runs the real binary on a
//! real site in a temp dir.

mod common;

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SEED: &str = "seed/kumamoto-jisatsu-2019-2020.tsv";

/// Asserts the command failed and returns what it said.
fn failed(output: &Output) -> String {
    let message = common::stderr(output);
    assert!(!output.status.success(), "succeeded:\n{message}");
    message
}

fn succeeded(output: &Output) {
    assert!(output.status.success(), "{}", common::stderr(output));
}

/// A temp dir holding the minimal fixture site at `site/`.
fn minimal_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    common::copy_dir(&common::fixture("minimal"), &root);
    (tmp, root)
}

fn build(root: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<&OsStr> = vec!["build".as_ref(), "--root".as_ref(), root.as_os_str()];
    args.extend(["--out".as_ref(), out.as_os_str()]);
    args.extend(extra.iter().map(OsStr::new));
    common::shinchoku(args)
}

/// Every file and link under `dir`: path → contents (a link: its target).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let contents = if e.path_is_symlink() {
                fs::read_link(e.path())
                    .unwrap()
                    .into_os_string()
                    .into_encoded_bytes()
            } else {
                fs::read(e.path()).unwrap()
            };
            (e.path().strip_prefix(dir).unwrap().to_path_buf(), contents)
        })
        .collect()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

mod build_output {
    use super::*;

    #[test]
    fn the_sites_own_folders_and_files_are_never_an_output() {
        let (_tmp, root) = minimal_site();
        fs::create_dir_all(root.join("themes/mine/templates")).unwrap();
        fs::write(root.join("themes/mine/templates/.keep"), "").unwrap();
        fs::create_dir_all(root.join(".shinchoku")).unwrap();
        fs::write(root.join(".shinchoku/import-state.json"), "{}").unwrap();
        let before = snapshot(&root);
        for out in [
            "content",
            "content/measures",
            "content/new",
            "themes",
            "themes/mine",
            ".shinchoku",
            "site.toml",
            ".",
        ] {
            for extra in [&[][..], &["--force"]] {
                let message = failed(&build(&root, &root.join(out), extra));
                assert!(message.contains("出力先"), "{out} {extra:?}: {message}");
                assert_eq!(snapshot(&root), before, "{out} {extra:?} changed the site");
            }
        }
    }

    #[test]
    fn a_folder_of_documents_is_replaced_only_with_force() {
        let (tmp, root) = minimal_site();
        let documents = tmp.path().join("documents");
        fs::create_dir(&documents).unwrap();
        fs::write(documents.join("議事録.docx"), "大事な記録").unwrap();
        let message = failed(&build(&root, &documents, &[]));
        assert!(
            message.contains(&documents.display().to_string()),
            "{message}"
        );
        assert!(message.contains("--force"), "{message}");
        assert_eq!(names_in(&documents), ["議事録.docx"]);
        assert_eq!(names_in(tmp.path()), ["documents", "site"], "leftovers");

        succeeded(&build(&root, &documents, &["--force"]));
        assert!(documents.join("index.html").exists());
        assert!(!documents.join("議事録.docx").exists());
    }

    #[test]
    fn an_existing_file_is_refused_even_with_force() {
        let (tmp, root) = minimal_site();
        let file = tmp.path().join("notes.txt");
        fs::write(&file, "メモ").unwrap();
        for extra in [&[][..], &["--force"]] {
            let message = failed(&build(&root, &file, extra));
            assert!(message.contains("notes.txt"), "{message}");
            assert_eq!(fs::read_to_string(&file).unwrap(), "メモ");
            assert_eq!(names_in(tmp.path()), ["notes.txt", "site"], "moved aside");
        }
    }

    #[test]
    fn an_empty_folder_and_a_previous_output_are_replaced() {
        let (tmp, root) = minimal_site();
        let out = tmp.path().join("www");
        fs::create_dir(&out).unwrap();
        succeeded(&build(&root, &out, &[]));
        let marker = out.join(".shinchoku-output");
        assert!(marker.is_file(), "no marker in the output");
        succeeded(&build(&root, &out, &[]));
        assert!(out.join("index.html").exists());
        let sitemap = fs::read_to_string(out.join("sitemap.xml")).unwrap();
        assert!(!sitemap.contains("shinchoku-output"), "{sitemap}");
        assert_eq!(names_in(tmp.path()), ["site", "www"], "leftovers");
    }

    /// Sites built before the marker existed: their default `public/` is
    /// still recognised; the same folder elsewhere needs --force once.
    #[test]
    fn a_public_folder_from_before_the_marker_is_still_replaced() {
        let (tmp, root) = minimal_site();
        let public = root.join("public");
        succeeded(&build(&root, &public, &[]));
        fs::remove_file(public.join(".shinchoku-output")).unwrap();
        let elsewhere = tmp.path().join("www");
        common::copy_dir(&public, &elsewhere);

        succeeded(&common::shinchoku([
            "build".as_ref(),
            "--root".as_ref(),
            root.as_os_str(),
        ]));
        assert!(public.join(".shinchoku-output").exists());
        let message = failed(&build(&root, &elsewhere, &[]));
        assert!(message.contains("--force"), "{message}");
    }
}

mod interrupted_builds {
    use super::*;

    /// What a build killed while writing, or between its renames, leaves.
    #[test]
    fn a_killed_builds_folders_are_removed_by_the_next_build() {
        let (_tmp, root) = minimal_site();
        succeeded(&build(&root, &root.join("public"), &[]));
        for dead in [".public.building-99999999", ".public.old-99999998"] {
            fs::create_dir(root.join(dead)).unwrap();
            fs::write(root.join(dead).join("big.bin"), vec![0u8; 1 << 20]).unwrap();
        }
        // Named like ours but not ours: kept.
        fs::create_dir(root.join(".public.building-later")).unwrap();
        fs::create_dir(root.join(".www.building-99999999")).unwrap();
        fs::write(root.join(".public.old-99999997"), "a file, not a folder").unwrap();

        succeeded(&build(&root, &root.join("public"), &[]));
        assert_eq!(
            names_in(&root)
                .into_iter()
                .filter(|n| n.starts_with('.'))
                .collect::<Vec<_>>(),
            [
                ".public.building-later",
                ".public.old-99999997",
                ".www.building-99999999"
            ]
        );
    }

    /// A build killed after moving the old output aside, before moving the
    /// new one in: the next build puts the old one back, even when it
    /// fails itself.
    #[test]
    fn a_missing_output_is_put_back_from_a_killed_swap() {
        let (_tmp, root) = minimal_site();
        let public = root.join("public");
        succeeded(&build(&root, &public, &[]));
        let before = common::tree(&public);
        fs::rename(&public, root.join(".public.old-99999999")).unwrap();
        let measure = root.join("content/measures/1-01.md");
        let text = fs::read_to_string(&measure).unwrap();
        fs::write(&measure, text.replace("policy: 1", "policy: 9")).unwrap();

        let message = failed(&build(&root, &public, &[]));
        assert!(message.contains("1-01.md"), "{message}");
        assert_eq!(common::tree(&public), before, "the old output is not back");
        assert!(!root.join(".public.old-99999999").exists());
    }
}

mod export_template {
    use super::*;

    fn export(root: &Path, out: &Path, extra: &[&str]) -> Output {
        let mut args: Vec<&OsStr> = vec!["export".as_ref(), "--template".as_ref(), "2021".as_ref()];
        args.extend([
            "--root".as_ref(),
            root.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
        ]);
        args.extend(extra.iter().map(OsStr::new));
        common::shinchoku(args)
    }

    #[test]
    fn a_filled_in_template_is_overwritten_only_with_force() {
        let (tmp, root) = minimal_site();
        let out = tmp.path().join("templates");
        succeeded(&export(&root, &out, &[]));
        let csv = out.join("template-2021.csv");
        let answers = fs::read_to_string(&csv).unwrap() + "健康づくり課の回答\r\n";
        fs::write(&csv, &answers).unwrap();
        let before = snapshot(&out);

        let message = failed(&export(&root, &out, &[]));
        for expected in ["template-2021.xlsx", "template-2021.csv", "--force"] {
            assert!(message.contains(expected), "{expected}: {message}");
        }
        assert_eq!(snapshot(&out), before);

        // Only one of the two there: still nothing written.
        fs::remove_file(out.join("template-2021.xlsx")).unwrap();
        let message = failed(&export(&root, &out, &[]));
        assert!(message.contains("template-2021.csv"), "{message}");
        assert_eq!(names_in(&out), ["template-2021.csv"]);

        succeeded(&export(&root, &out, &["--force"]));
        assert_eq!(names_in(&out), ["template-2021.csv", "template-2021.xlsx"]);
        assert!(!fs::read_to_string(&csv)
            .unwrap()
            .contains("健康づくり課の回答"));
    }
}

mod import_writes {
    use super::*;

    fn import_seed(root: &Path) {
        shinchoku::import::run(&shinchoku::import::ImportOptions {
            table: common::fixture(SEED),
            root: root.to_path_buf(),
            ..Default::default()
        })
        .unwrap_or_else(|e| panic!("{e}"));
    }

    /// The seed with every measure's first status changed: a re-import
    /// rewrites every measure file.
    fn changed_seed(to: &Path) {
        let seed = fs::read_to_string(common::fixture(SEED)).unwrap();
        let rows: Vec<String> = seed
            .lines()
            .map(|line| {
                let mut cells: Vec<String> = line.split('\t').map(String::from).collect();
                let data_row = cells.len() >= 13
                    && !cells[0].starts_with("計画における項目")
                    && !cells[0].starts_with("基本施策");
                if data_row {
                    cells[5].push_str("（見直し）");
                }
                cells.join("\t")
            })
            .collect();
        fs::write(to, rows.join("\n")).unwrap();
    }

    /// A disk that fills up while an import writes (here: no file may grow
    /// past a limit a little above the largest content file, so the import
    /// state, written last, fails) changes no file at all; the same import
    /// then succeeds in full.
    #[cfg(target_os = "linux")]
    #[test]
    fn an_import_that_cannot_write_everything_changes_nothing() {
        use std::os::unix::process::CommandExt;

        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        import_seed(&root);
        let table = tmp.path().join("changed.tsv");
        changed_seed(&table);
        let before = snapshot(&root);
        let largest_content = before
            .iter()
            .filter(|(path, _)| path.starts_with("content"))
            .map(|(_, bytes)| bytes.len() as u64)
            .max()
            .unwrap();
        let limit = 2 * largest_content + 4096;
        let state = before[Path::new(".shinchoku/import-state.json")].len() as u64;
        assert!(limit < state / 2, "the state must be the file that fails");

        let mut command = Command::new(env!("CARGO_BIN_EXE_shinchoku"));
        command.args([
            "import".as_ref(),
            table.as_os_str(),
            "--root".as_ref(),
            root.as_os_str(),
        ]);
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            command.pre_exec(move || {
                libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
                let rlimit = libc::rlimit {
                    rlim_cur: limit,
                    rlim_max: limit,
                };
                match libc::setrlimit(libc::RLIMIT_FSIZE, &rlimit) {
                    0 => Ok(()),
                    _ => Err(std::io::Error::last_os_error()),
                }
            });
        }
        let message = failed(&command.output().unwrap());
        assert!(message.contains("import-state.json"), "{message}");
        assert!(message.contains("書き換えていません"), "{message}");
        assert_eq!(snapshot(&root), before, "files changed or temporaries left");

        succeeded(&common::shinchoku([
            "import".as_ref(),
            table.as_os_str(),
            "--root".as_ref(),
            root.as_os_str(),
        ]));
        let after = common::content_files(&root);
        let changed = after.iter().filter(|(path, text)| {
            path.starts_with("content/measures") && text.contains("（見直し）")
        });
        assert_eq!(changed.count(), 44);
    }

    /// Each of the site's folders and files that import reads or writes,
    /// moved outside and replaced by a link to it: import refuses before
    /// reading or writing anything, even in a dry run, and so does build
    /// (which never reads `.shinchoku/`).
    #[cfg(unix)]
    #[test]
    fn links_in_the_site_are_refused_as_build_refuses_them() {
        for name in [
            "content",
            "content/measures",
            "content/policies",
            "content/measures/1-01.md",
            ".shinchoku",
        ] {
            let tmp = tempfile::tempdir().unwrap();
            let root = tmp.path().join("site");
            import_seed(&root);
            fs::copy(common::fixture("minimal/site.toml"), root.join("site.toml")).unwrap();
            let table = tmp.path().join("changed.tsv");
            changed_seed(&table);
            let outside = tmp.path().join("outside");
            let link = move_and_link(&root, name, &outside);
            let site_before = snapshot(&root);
            let outside_before = snapshot(&outside);
            let check = common::shinchoku(["check".as_ref(), "--root".as_ref(), root.as_os_str()]);
            for args in [&["--dry-run"][..], &[], &["--force"]] {
                let mut command: Vec<&OsStr> = vec!["import".as_ref(), table.as_os_str()];
                command.extend(["--root".as_ref(), root.as_os_str()]);
                command.extend(args.iter().map(OsStr::new));
                let message = failed(&common::shinchoku(command));
                assert!(message.contains(name), "{name} {args:?}: {message}");
                assert!(message.contains("シンボリックリンク"), "{name}: {message}");
                assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
                assert_eq!(snapshot(&root), site_before, "{name} {args:?}");
                assert_eq!(snapshot(&outside), outside_before, "{name} {args:?}");
            }
            if name != ".shinchoku" {
                let message = failed(&check);
                assert!(
                    message.contains("シンボリックリンク"),
                    "check: {name}: {message}"
                );
            }
        }
    }

    /// Moves `path` of the site to `outside` (a file keeps its name there)
    /// and leaves a symbolic link to it; returns the link.
    #[cfg(unix)]
    fn move_and_link(root: &Path, path: &str, outside: &Path) -> PathBuf {
        let link = root.join(path);
        let target = if link.is_dir() {
            outside.to_path_buf()
        } else {
            fs::create_dir_all(outside).unwrap();
            outside.join(link.file_name().unwrap())
        };
        fs::rename(&link, &target).unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        link
    }
}
