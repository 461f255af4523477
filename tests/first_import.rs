//! A new city's first steps: `init`, then `import` of its table with
//! several basic policies, then `check` saying which of `init`'s sample
//! texts are still to be written, until none is.

mod common;

use std::fs;
use std::path::Path;

use common::{shinchoku, stderr};

const SEED: &str = "seed/kumamoto-jisatsu-2019-2020.tsv";

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `shinchoku init DIR` in a new temp dir; returns (guard, site folder).
fn new_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let init = shinchoku([Path::new("init"), &site]);
    assert!(init.status.success(), "{}", stderr(&init));
    (tmp, site)
}

fn import(table: &Path, site: &Path) -> std::process::Output {
    shinchoku([Path::new("import"), table, Path::new("--root"), site])
}

/// `check`'s warnings about `init`'s sample texts (file: field).
fn placeholder_warnings(site: &Path) -> Vec<String> {
    let check = shinchoku([
        Path::new("check"),
        Path::new("--verbose"),
        Path::new("--root"),
        site,
    ]);
    assert!(
        check.status.success(),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );
    stdout(&check)
        .lines()
        .filter(|line| line.contains("ひな形") || line.contains("報告のある施策が一つもありません"))
        .map(|line| {
            let (place, _) = line.split_once(": 警告: ").unwrap();
            let field = line.split(": ").nth(2).unwrap();
            let file = place.rsplit_once("site/").unwrap().1;
            format!("{file}: {field}")
        })
        .collect()
}

#[test]
fn init_then_import_of_a_table_with_several_policies_works() {
    let (_tmp, site) = new_site();
    let settings = fs::read_to_string(site.join("site.toml")).unwrap();
    assert!(
        !settings
            .lines()
            .any(|l| l.trim_start().starts_with("[import")),
        "init leaves [import] to `import --detect`:\n{settings}"
    );
    let imported = import(&common::fixture(SEED), &site);
    assert!(
        imported.status.success(),
        "{}{}",
        stdout(&imported),
        stderr(&imported)
    );
    let content = common::content_files(&site);
    let policies = content
        .keys()
        .filter(|p| p.starts_with("content/policies"))
        .count();
    let measures = content
        .keys()
        .filter(|p| p.starts_with("content/measures"))
        .count();
    assert_eq!((policies, measures), (4, 44));
    for (path, text) in &content {
        for sample in [
            "基本施策の名前",
            "実施内容の名前",
            "実施状況を書きます",
            "令和6年度",
        ] {
            assert!(
                !text.contains(sample),
                "{}: {sample}\n{text}",
                path.display()
            );
        }
    }
    let index = &content[Path::new("content/_index.md")];
    assert!(
        index.contains("title: 計画の進捗状況（令和元年度・令和2年度）"),
        "{index}"
    );
    assert!(content[Path::new("content/measures/1-01.md")].contains("title: 自殺対策連絡協議会"));
    let build = shinchoku([Path::new("build"), Path::new("--root"), &site]);
    assert!(build.status.success(), "{}", stderr(&build));
}

#[test]
fn check_and_build_warn_while_inits_sample_texts_remain() {
    let (_tmp, site) = new_site();
    assert_eq!(
        placeholder_warnings(&site),
        [
            "content/_index.md: organization",
            "content/_index.md: source",
            "content/_index.md: title",
            "content/_index.md: 本文",
            "content/measures/1-01.md: title",
            "content/policies/1.md: title",
        ]
    );
    let build = shinchoku([Path::new("build"), Path::new("--root"), &site]);
    assert!(build.status.success(), "a warning, not an error");
    assert!(
        stderr(&build).contains("organization: 「○○市」は shinchoku init のひな形のままです"),
        "{}",
        stderr(&build)
    );

    let imported = import(&common::fixture(SEED), &site);
    assert!(imported.status.success(), "{}", stderr(&imported));
    assert_eq!(
        placeholder_warnings(&site),
        [
            "content/_index.md: organization",
            "content/_index.md: source",
            "content/_index.md: 本文",
        ],
        "the table replaced the samples; the plan's own texts are the city's to write"
    );

    let index = site.join("content/_index.md");
    let filled = fs::read_to_string(&index)
        .unwrap()
        .replace("organization: ○○市", "organization: 熊本市")
        .replace(
            "source: ○○市計画 進捗状況調査",
            "source: 熊本市自殺対策行動計画 進捗状況",
        )
        .replace(
            "この計画の目的と、このサイトで公開している内容を書いてください。",
            "熊本市の自殺対策の進捗を公開しています。",
        );
    fs::write(&index, filled).unwrap();
    assert_eq!(placeholder_warnings(&site), Vec::<String>::new());
}

#[test]
fn a_fiscal_year_nobody_reports_on_is_warned_about() {
    let (_tmp, site) = new_site();
    fs::remove_file(site.join("content/measures/1-01.md")).unwrap();
    assert!(placeholder_warnings(&site).contains(&"content/_index.md: fiscal_years".to_string()));
}

#[test]
fn samples_the_table_does_not_replace_are_removed_and_said_so() {
    let (_tmp, site) = new_site();
    let table = site.join("../table.tsv");
    fs::write(
        &table,
        "計画における項目\t実施内容\t計画書ページ\t担当部署\t担当課\t令和3年度実施状況\t評価\t達成度\t今後\n\
         基本施策2 見守り\n\
         ア. 相談\t電話相談\tP.3\t福祉部\t福祉課\t実施した\t順調\t100%\t継続\n\
         基本施策3 啓発\n\
         イ. 啓発\t街頭啓発\tP.4\t福祉部\t福祉課\t実施した\t順調\t80%\t継続\n",
    )
    .unwrap();
    let imported = import(&table, &site);
    assert!(imported.status.success(), "{}", stderr(&imported));
    assert!(
        stdout(&imported)
            .contains("shinchoku init のひな形（書き換えられていないもの）を消しました"),
        "{}",
        stdout(&imported)
    );
    let content = common::content_files(&site);
    let files: Vec<_> = content
        .keys()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        files,
        [
            "content/_index.md",
            "content/measures/2-01.md",
            "content/measures/3-01.md",
            "content/policies/2.md",
            "content/policies/3.md",
        ]
    );
    assert!(!content[Path::new("content/_index.md")].contains("2024"));
}
