//! `site.toml`: every setting that reaches the output is checked, with the
//! line and the key. A `base_url` with a line break would add lines to
//! `robots.txt`; one without a host makes every canonical link wrong; a
//! grade with `min = nan` catches no achievement.

use std::fs;
use std::path::Path;

use shinchoku::config::SiteConfig;

use super::{refused, site_with};

fn refused_settings(settings: &str, expected: &str) -> String {
    let site = site_with(|root| fs::write(root.join("site.toml"), settings).unwrap());
    refused(site.path(), expected)
}

#[test]
fn base_url_must_be_an_absolute_http_url_with_a_host_and_nothing_else() {
    for url in [
        "https://example.org/\\nDisallow: /",
        "https://example.org/\\r\\nSitemap: https://evil.example/",
        "https://",
        "https:///kumamoto/",
        "https://:8080/",
        "https://exa mple.org/",
        "https://example.org/\\u3000",
        "https://example.org/\\\"onload=\\\"x",
        "https://example.org/'x",
        "https://example.org/<script>",
        "https://example.org/\\\\path",
        "https://example.org/?page=1",
        "https://example.org/#top",
        "https://user:password@example.org/",
        "javascript:alert(1)",
        "//example.org/",
        "example.org",
    ] {
        refused_settings(
            &format!("base_url = \"{url}\"\n"),
            "site.toml:1: エラー: base_url:",
        );
    }
    for url in [
        "",
        "http://localhost:8080/",
        "https://www.city.example.lg.jp/keikaku/",
        "https://[::1]:8080/site",
        "https://例え.jp/計画/",
    ] {
        let settings = format!("base_url = \"{url}\"\n");
        if let Err(e) = SiteConfig::parse(&settings, Path::new("site.toml")) {
            panic!("{url:?} refused: {e}");
        }
    }
}

#[test]
fn grades_need_finite_descending_minimums_within_0_to_100_and_distinct_labels() {
    let grade = |label: &str, min: &str| format!("[[grades]]\nlabel = \"{label}\"\nmin = {min}\n");
    for (settings, expected) in [
        (grade("全部", "nan"), "site.toml:3: エラー: grades.min:"),
        (grade("全部", "inf"), "site.toml:3: エラー: grades.min:"),
        (grade("全部", "-1"), "site.toml:3: エラー: grades.min:"),
        (grade("全部", "100.5"), "site.toml:3: エラー: grades.min:"),
        (grade("", "0"), "site.toml:2: エラー: grades.label:"),
        (grade("  ", "0"), "site.toml:2: エラー: grades.label:"),
        (
            grade("達成", "50") + &grade("達成", "0"),
            "site.toml:5: エラー: grades.label:",
        ),
        (
            grade("高", "50") + &grade("低", "nan"),
            "site.toml:6: エラー: grades.min:",
        ),
        (
            grade("低", "0") + &grade("高", "50"),
            "site.toml:6: エラー: grades.min:",
        ),
        ("grades = []\n".to_string(), "site.toml:1: エラー: grades:"),
    ] {
        refused_settings(&settings, expected);
    }
    let one_band = grade("すべて", "0");
    assert!(SiteConfig::parse(&one_band, Path::new("site.toml")).is_ok());
}

#[test]
fn theme_must_be_a_plain_folder_name() {
    for theme in [
        "", "../x", "a/b", "a\\\\b", ".hidden", "..", "CON", "aux.d", "x.", "q?",
    ] {
        refused_settings(
            &format!("theme = \"{theme}\"\n"),
            "site.toml:1: エラー: theme:",
        );
    }
}
