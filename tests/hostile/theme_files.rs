//! A theme's static files are published under `assets/`: each must have a
//! name a Windows server can hold, no two may differ only in case, and no
//! symbolic link may bring in a file from outside the theme.

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;

use super::{built, common, refused, site_with};

/// The minimal site using theme `city`, changed by `edit` (given the theme folder).
fn site_with_theme(edit: impl FnOnce(&Path)) -> tempfile::TempDir {
    site_with(|root| {
        fs::write(root.join("site.toml"), "theme = \"city\"\n").unwrap();
        let theme = root.join("themes/city");
        fs::create_dir_all(theme.join("static")).unwrap();
        edit(&theme);
    })
}

#[test]
fn static_files_a_windows_server_cannot_hold_are_refused() {
    for name in [
        "AUX.css",
        "con.txt",
        "img/COM1/logo.svg",
        "Lpt9.js",
        "q?.css",
        "a<b.css",
        "a>b.css",
        "a:b.css",
        "a\"b.css",
        "a|b.css",
        "a*b.css",
        "a\\b.css",
        "trailing.",
        "trailing ",
        "esc\u{1b}.css",
    ] {
        let site = site_with_theme(|theme| {
            let file = theme.join("static").join(name);
            fs::create_dir_all(file.parent().unwrap()).unwrap();
            fs::write(file, "x").unwrap();
        });
        // A control character is shown escaped: printed, it would drive the terminal.
        let shown = name.replace('\u{1b}', "\\u{1b}");
        let message = refused(site.path(), &format!("themes/city/static/{shown}: エラー:"));
        assert!(
            message.contains("Windows") && !message.contains('\u{1b}'),
            "{name:?}:\n{message}"
        );
    }
}

#[test]
fn static_files_whose_names_differ_only_in_case_or_composition_are_refused() {
    for (name, other) in [
        ("Style.css", None),
        ("a.css", Some("A.css")),
        ("が.css", Some("か\u{3099}.css")),
    ] {
        let site = site_with_theme(|theme| {
            for file in [Some(name), other].into_iter().flatten() {
                fs::write(theme.join("static").join(file), "x").unwrap();
            }
        });
        let other = other.unwrap_or("style.css");
        let message = refused(site.path(), "エラー:");
        assert!(
            message.contains(name) && message.contains(other),
            "{name} and {other} named in:\n{message}"
        );
    }
}

#[test]
fn symbolic_links_out_of_the_theme_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.txt"), "秘密").unwrap();
    let secret = outside.path().join("secret.txt");
    for (link, target) in [
        ("static", outside.path()),
        ("templates", outside.path()),
        ("static/img", outside.path()),
        ("static/secret.txt", secret.as_path()),
    ] {
        let site = site_with_theme(|theme| {
            // The empty static/ the helper made gives way to the link.
            let _ = fs::remove_dir(theme.join(link));
            symlink(target, theme.join(link)).unwrap();
        });
        refused(
            site.path(),
            &format!("themes/city/{link}: エラー: シンボリックリンクがテーマのフォルダの外"),
        );
    }
    // A link inside the theme stays allowed.
    let site = site_with_theme(|theme| {
        fs::write(theme.join("static/print.css"), "@media print {}").unwrap();
        symlink("print.css", theme.join("static/alias.css")).unwrap();
    });
    let (_guard, out) = built(site.path());
    let alias = common::read(&out, "assets/alias.css");
    assert!(alias.starts_with("@media print"), "{alias}");
    assert_eq!(alias, common::read(&out, "assets/print.css"));
}
