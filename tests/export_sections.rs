//! The yearly cycle as the sections live it: `shinchoku export --template`
//! takes the fiscal year as a clerk writes it, writes one workbook per
//! section with its rules and instructions, and what Excel hands back
//! (dates, percentages, formulas, numbers) is imported as the cells show it.

mod common;

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn shinchoku<S: AsRef<OsStr>>(args: impl IntoIterator<Item = S>) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(args)
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A temp dir holding the minimal fixture site at `site/`.
fn minimal_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    common::copy_dir(&common::fixture("minimal"), &root);
    (tmp, root)
}

fn export(root: &Path, out: &Path, fiscal_year: &str, extra: &[&str]) -> Output {
    let mut args: Vec<&OsStr> = vec![
        "export".as_ref(),
        "--template".as_ref(),
        fiscal_year.as_ref(),
        "--root".as_ref(),
        root.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ];
    args.extend(extra.iter().map(OsStr::new));
    shinchoku(args)
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn the_fiscal_year_is_read_as_a_clerk_writes_it() {
    let (tmp, root) = minimal_site();
    for written in [
        "令和3",
        "令和３",
        "R3",
        "r3",
        "2021",
        "令和3年度",
        "R3年度",
        "2021年度",
    ] {
        let out = tmp.path().join(format!("out-{written}"));
        let output = export(&root, &out, written, &[]);
        assert!(output.status.success(), "{written}: {}", stderr(&output));
        assert_eq!(
            names_in(&out),
            ["template-2021.csv", "template-2021.xlsx"],
            "{written}"
        );
    }
    // 令和元年度 and 平成30年度 are read too: the site already has 2019.
    let message = stderr(&export(&root, &tmp.path().join("r1"), "令和元年度", &[]));
    assert!(
        message.contains("2019年度はすでにサイトにあります"),
        "{message}"
    );
    for older in ["H30", "平成30年度", "平成３０年度"] {
        let out = tmp.path().join(format!("out-{older}"));
        let output = export(&root, &out, older, &[]);
        assert!(output.status.success(), "{older}: {}", stderr(&output));
        assert_eq!(names_in(&out), ["template-2018.csv", "template-2018.xlsx"]);
    }

    let output = export(&root, &tmp.path().join("bad"), "令和三年", &[]);
    let message = stderr(&output);
    assert!(!output.status.success(), "{message}");
    assert!(
        message.contains("「令和三年」が読めません")
            && message.contains("令和3年度")
            && message.contains("R3")
            && message.contains("2021"),
        "says what is accepted, in Japanese: {message}"
    );
    assert!(!message.contains("invalid digit"), "{message}");
    assert!(!tmp.path().join("bad").exists(), "nothing written");
}
