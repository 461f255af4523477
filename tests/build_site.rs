//! Builds real sites into temp dirs and checks what a citizen would see.

mod common;

use common::*;
use std::fs;

/// The bundled site: the seed's plan, as committed under content/.
mod bundled {
    use super::*;
    use std::sync::OnceLock;

    fn built() -> &'static (tempfile::TempDir, std::path::PathBuf) {
        static BUILT: OnceLock<(tempfile::TempDir, std::path::PathBuf)> = OnceLock::new();
        BUILT.get_or_init(|| build(&repo()))
    }

    fn out() -> &'static std::path::Path {
        &built().1
    }

    #[test]
    fn has_a_page_for_every_measure_and_policy() {
        let files = tree(out());
        let measures = files
            .keys()
            .filter(|p| p.starts_with("measures/") && p.ends_with(".html"))
            .count();
        assert_eq!(measures, 44);
        for n in 1..=4 {
            assert!(
                files.contains_key(&format!("policies/{n}.html")),
                "policy {n}"
            );
        }
        for page in [
            "index.html",
            "data.html",
            "404.html",
            "sitemap.xml",
            "robots.txt",
            "search/index.html",
        ] {
            assert!(files.contains_key(page), "{page} missing");
        }
    }

    #[test]
    fn scripts_and_stylesheets_are_published_minified_unless_the_site_says_not() {
        let published = |out: &std::path::Path, file: &str| read(out, &format!("assets/{file}"));
        let source = |file: &str| {
            fs::read_to_string(repo().join("themes/default/static").join(file)).unwrap()
        };
        for file in ["search.js", "search-engine.js", "style.css"] {
            let (minified, written) = (published(out(), file), source(file));
            assert!(
                minified.len() * 10 < written.len() * 8,
                "{file}: {} of {} bytes",
                minified.len(),
                written.len()
            );
            assert!(!minified.contains("\n  "), "{file} keeps its indentation");
        }
        let root = copy_of_bundled_site();
        let config = root.path().join("site.toml");
        let settings = fs::read_to_string(&config).unwrap();
        fs::write(&config, format!("minify = false\n{settings}")).unwrap();
        let (_guard, as_written) = build(root.path());
        for file in ["search.js", "search-engine.js", "style.css"] {
            assert_eq!(published(&as_written, file), source(file), "{file}");
        }
    }

    #[test]
    fn every_policy_page_shows_its_chart_with_a_data_table() {
        for n in 1..=4 {
            let html = read(out(), &format!("policies/{n}.html"));
            let charts: Vec<String> = links(&html)
                .into_iter()
                .filter(|l| l.ends_with(".svg"))
                .collect();
            assert!(!charts.is_empty(), "policy {n}: no chart");
            for chart in &charts {
                let svg = read(out(), &chart.replace("../", ""));
                assert!(
                    svg.starts_with("<svg") || svg.starts_with("<?xml"),
                    "{chart} is not SVG"
                );
            }
            assert!(
                html.contains("<img") && html.contains("alt=\""),
                "policy {n}: chart without alt"
            );
            assert!(
                html.contains("<table") && html.contains("<caption"),
                "policy {n}: no data table"
            );
            assert!(
                links(&html).iter().any(|l| l.ends_with(".csv")),
                "policy {n}: no CSV download"
            );
        }
    }

    /// Every non-empty cell of every seed row is on its measure's page
    /// (whitespace ignored: the importer repairs PDF wrap spaces).
    #[test]
    fn every_seed_cell_reaches_its_measure_page() {
        // (page heading, page text), both without whitespace.
        let pages: Vec<(String, String)> = tree(out())
            .into_iter()
            .filter(|(p, _)| p.starts_with("measures/"))
            .map(|(_, b)| {
                let html = String::from_utf8(b).unwrap();
                let h1 = html
                    .split_once("<h1")
                    .and_then(|(_, rest)| rest.split_once("</h1>"))
                    .unwrap()
                    .0;
                (
                    text_without_spaces(&format!("<body{h1}")),
                    text_without_spaces(&html),
                )
            })
            .collect();
        let squeeze = |s: &str| {
            s.replace("《新規》", "")
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
        };
        let mut missing = Vec::new();
        for (line, cells) in seed_rows() {
            let title = squeeze(&cells[1]);
            let (_, page) = pages
                .iter()
                .find(|(heading, _)| heading.contains(&title))
                .unwrap_or_else(|| panic!("row {line}: no page titled {title}"));
            for (column, cell) in cells.iter().enumerate() {
                // Departments and sections are split into names (・ / separate them).
                let pieces: Vec<String> = if column == 3 || column == 4 {
                    cell.split(['・', '/', '／']).map(squeeze).collect()
                } else {
                    vec![squeeze(cell)]
                };
                for piece in pieces.into_iter().filter(|p| !p.is_empty()) {
                    if !page.contains(&piece) {
                        missing.push(format!("row {line}: {piece}"));
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "cells missing from pages:\n{}",
            missing.join("\n")
        );
    }

    #[test]
    fn open_data_csv_has_one_row_per_measure_and_year() {
        let csv = read(out(), "data/measures.csv");
        assert!(csv.starts_with('\u{feff}'), "BOM for Excel");
        let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
        let headers = reader.headers().unwrap().clone();
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), 88, "44 measures × 2 fiscal years");
        let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
        let years: std::collections::BTreeSet<&str> =
            rows.iter().map(|r| &r[column("年度（西暦）")]).collect();
        assert_eq!(years.into_iter().collect::<Vec<_>>(), ["2019", "2020"]);
        let percent = column("達成度（%）");
        assert!(rows
            .iter()
            .all(|r| r[percent].is_empty() || r[percent].parse::<f64>().is_ok()));
        let json: serde_json::Value =
            serde_json::from_str(&read(out(), "data/measures.json")).unwrap();
        assert_eq!(json["measures"].as_array().unwrap().len(), 44);
    }

    /// The trend of basic policy 4 as computed from the seed: the mean of the
    /// measures whose achievement has a number, beside how many do.
    #[test]
    fn policy_pages_show_the_achievement_trend() {
        let csv = read(out(), "charts/policy-4-trend.csv");
        let rows: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().skip(1).collect();
        assert_eq!(
            rows,
            ["2019,令和元年度,82.1,14,23", "2020,令和2年度,75.3,15,23"]
        );
        let html = read(out(), "policies/4.html");
        assert!(links(&html)
            .iter()
            .any(|l| l.ends_with("charts/policy-4-trend.svg")));
        assert!(
            html.contains("令和元年度（2019年度） 82.1%"),
            "alt text states the points"
        );
    }

    #[test]
    fn links_resolve_to_files_in_the_site() {
        let broken = broken_links(out());
        assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    }

    #[test]
    fn links_are_relative() {
        for (page, bytes) in tree(out()).iter().filter(|(p, _)| p.ends_with(".html")) {
            let html = String::from_utf8_lossy(bytes);
            for link in links(&html) {
                assert!(
                    !link.starts_with('/'),
                    "{page}: root-absolute link {link} breaks under a sub-path"
                );
            }
        }
    }

    #[test]
    fn builds_are_byte_identical() {
        let (_again, out2) = build(&repo());
        assert!(tree(out()) == tree(&out2), "two builds differ");
    }
}

mod fixtures {
    use super::*;

    #[test]
    fn measure_page_shows_fields_year_by_year() {
        let (_tmp, out) = build(&fixture("minimal"));
        let html = read(&out, "measures/1-01.html");
        let text = text_without_spaces(&html);
        for expected in [
            "自殺対策連絡協議会",
            "令和元年度",
            "令和2年度",
            "障がい保健福祉課",
            "精神保健福祉室",
            "P.21",
            "1.事例検討会6月実施",
            "手で書いた補足です。",
            "ア.自殺対策としてのネットワーク",
        ] {
            assert!(text.contains(expected), "{expected} missing");
        }
        assert!(
            html.contains("<li>1.事例検討会"),
            "status list rendered as a list"
        );
        assert!(html.contains("lang=\"ja\""));
    }

    #[test]
    fn sitemap_uses_base_url_and_pages_use_relative_links() {
        let (_tmp, out) = build(&fixture("minimal"));
        let sitemap = read(&out, "sitemap.xml");
        assert!(
            sitemap.contains("<loc>https://example.org/minimal/measures/1-01.html</loc>"),
            "{sitemap}"
        );
        let broken = broken_links(&out);
        assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    }

    /// Each broken fixture fails with a message naming file, line and field,
    /// and writes nothing.
    #[test]
    fn invalid_sites_fail_with_a_clear_message_and_no_output() {
        let cases = [
            ("invalid-yaml", "content/measures/1-02.md:4: エラー:"),
            ("missing-field", "content/measures/2-01.md:1: エラー: title: 必須の項目がありません"),
            ("unknown-policy", "content/measures/2-01.md:3: エラー: policy: 基本施策 9 はありません"),
            ("duplicate-id", "content/measures/2-01.md:2: エラー: id: id「1-01」は content/measures/1-01.md でも使われています"),
        ];
        for (name, expected) in cases {
            let tmp = tempfile::tempdir().unwrap();
            let out = tmp.path().join("public");
            let err = shinchoku::pipeline::build(&fixture(name), Some(&out))
                .err()
                .unwrap_or_else(|| panic!("{name} built"));
            let message = err.to_string();
            assert!(
                message.contains(expected),
                "{name}: expected {expected:?} in:\n{message}"
            );
            assert!(!out.exists(), "{name}: output written");
            assert_eq!(
                fs::read_dir(tmp.path()).unwrap().count(),
                0,
                "{name}: temp files left"
            );
        }
    }

    #[test]
    fn a_failed_build_keeps_the_previous_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        shinchoku::pipeline::build(&fixture("minimal"), Some(&out)).unwrap();
        let before = tree(&out);
        assert!(shinchoku::pipeline::build(&fixture("unknown-policy"), Some(&out)).is_err());
        assert!(tree(&out) == before, "previous output changed");
    }

    #[test]
    fn all_errors_are_reported_at_once() {
        let site = tempfile::tempdir().unwrap();
        common::copy_dir(&fixture("minimal"), site.path());
        let measures = site.path().join("content/measures");
        fs::write(
            measures.join("2-01.md"),
            fs::read_to_string(measures.join("2-01.md"))
                .unwrap()
                .replace("policy: 2", "policy: 7"),
        )
        .unwrap();
        fs::write(
            measures.join("1-02.md"),
            "---\nid: ../../etc\npolicy: 1\ntitle: x\n---\n",
        )
        .unwrap();
        let message = shinchoku::pipeline::build(site.path(), None)
            .err()
            .unwrap()
            .to_string();
        assert!(message.contains("基本施策 7 はありません"), "{message}");
        assert!(message.contains("半角英数字"), "{message}");
    }

    #[test]
    fn content_cannot_inject_markup() {
        let site = tempfile::tempdir().unwrap();
        common::copy_dir(&fixture("minimal"), site.path());
        let file = site.path().join("content/measures/1-02.md");
        let hostile = fs::read_to_string(&file)
            .unwrap()
            .replace(
                "title: 地域包括ケアシステムの推進",
                "title: \"<script>alert(1)</script>\"",
            )
            .replace(
                "相談件数は94,670件。",
                "\"<img src=x onerror=alert(1)> [x](javascript:alert(1))\"",
            );
        fs::write(&file, hostile).unwrap();
        let (_tmp, out) = build(site.path());
        for (page, bytes) in tree(&out).iter().filter(|(p, _)| p.ends_with(".html")) {
            let html = String::from_utf8_lossy(bytes);
            assert!(!html.contains("<script>alert"), "{page}");
            assert!(!html.contains("<img src=x"), "{page}");
            assert!(!html.to_lowercase().contains("javascript:"), "{page}");
        }
    }
}

mod cli {
    use super::*;
    use std::process::Command;

    fn shinchoku(args: &[&str]) -> std::process::Output {
        Command::new(env!("CARGO_BIN_EXE_shinchoku"))
            .args(args)
            .output()
            .unwrap()
    }

    #[test]
    fn init_creates_a_site_that_builds_and_checks() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("new-site");
        let dir_s = dir.to_str().unwrap();
        assert!(shinchoku(&["init", dir_s]).status.success());
        let check = shinchoku(&["check", "--root", dir_s]);
        assert!(
            check.status.success(),
            "{}",
            String::from_utf8_lossy(&check.stderr)
        );
        let build = shinchoku(&["build", "--root", dir_s]);
        assert!(
            build.status.success(),
            "{}",
            String::from_utf8_lossy(&build.stderr)
        );
        assert!(dir.join("public/measures/1-01.html").exists());
        assert!(
            !shinchoku(&["init", dir_s]).status.success(),
            "init over a site must refuse"
        );
    }

    #[test]
    fn a_bad_site_exits_non_zero_with_file_and_line() {
        let output = shinchoku(&[
            "check",
            "--root",
            fixture("unknown-policy").to_str().unwrap(),
        ]);
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("content/measures/2-01.md:3"), "{stderr}");
    }
}
