//! The benchmark corpus generator: the shape the issue asks for, a valid
//! site that builds, and the same files for the same seed number.

use std::collections::BTreeSet;
use std::path::Path;

use shinchoku::corpus::{generate, write_corpus, CorpusShape};
use shinchoku::pipeline;

mod common;

fn bundled() -> pipeline::LoadedSite {
    pipeline::load_site(Path::new(env!("CARGO_MANIFEST_DIR"))).expect("the bundled site loads")
}

#[test]
fn a_corpus_is_a_valid_site_of_the_requested_shape() {
    let seed = bundled();
    let tmp = tempfile::tempdir().unwrap();
    let shape = CorpusShape {
        measures: 300,
        seed: 7,
    };
    write_corpus(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &seed.site,
        shape,
        tmp.path(),
    )
    .unwrap();
    let loaded = pipeline::load_site(tmp.path()).unwrap_or_else(|d| panic!("corpus invalid:\n{d}"));
    let site = &loaded.site;
    assert_eq!(site.measures.len(), 300);
    assert_eq!(site.nodes.len(), shape.policies());
    assert!((2..=5).contains(&site.plan.fiscal_years.len()));
    let plan_items: BTreeSet<&str> = site.measures.iter().map(|m| m.plan_item.as_str()).collect();
    assert_eq!(plan_items.len(), 12, "about 25 measures per plan item");
    for policy in &site.nodes {
        assert!(
            site.measures_under(policy).count() > 0,
            "policy {} is empty",
            policy.number
        );
    }
    // Text drawn from the seed, varied: many titles, every kind of achievement.
    let titles: BTreeSet<&str> = site.measures.iter().map(|m| m.title.as_str()).collect();
    assert!(
        titles.len() > seed.site.measures.len(),
        "{} titles",
        titles.len()
    );
    let kinds = |s: &shinchoku::model::Site| -> BTreeSet<String> {
        s.measures
            .iter()
            .flat_map(|m| &m.years)
            .map(|r| r.achievement.kind.key().to_string())
            .collect()
    };
    assert_eq!(kinds(site), kinds(&seed.site));
    let out = tmp.path().join("public");
    pipeline::build(tmp.path(), Some(&out)).expect("the corpus builds");
    assert_large_policies_are_paginated(site, &out);
    assert_large_departments_are_paginated(site, &out);
}

/// The department with the most measures (more than a page holds): its
/// pages list every one of them once, at most 50 a page, link to each
/// other, and index every basic policy the department works in.
fn assert_large_departments_are_paginated(site: &shinchoku::model::Site, out: &Path) {
    use shinchoku::model::MEASURES_PER_PAGE;
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for measure in &site.measures {
        for department in &measure.departments {
            *counts.entry(department.as_str()).or_default() += 1;
        }
    }
    let (name, count) = counts.into_iter().max_by_key(|(_, n)| *n).unwrap();
    assert!(count > MEASURES_PER_PAGE, "{name}: only {count} measures");
    let index = common::read(out, "departments/index.html");
    let link = format!("\">{name}</a>");
    let at = index
        .find(&link)
        .expect("the index links to the department");
    let href = &index[index[..at].rfind("href=\"").unwrap() + 6..at];
    let first = href.trim_start_matches("../departments/");
    let pages = count.div_ceil(MEASURES_PER_PAGE);
    let paths: Vec<String> = (1..=pages)
        .map(|k| match k {
            1 => first.to_string(),
            k => format!("{}-{k}.html", first.trim_end_matches(".html")),
        })
        .collect();
    let policies: BTreeSet<&str> = site
        .measures
        .iter()
        .filter(|m| m.departments.iter().any(|d| d == name))
        .map(|m| m.node.as_str())
        .collect();
    let mut listed = 0;
    for path in &paths {
        let html = common::read(out, &format!("departments/{path}"));
        let rows = html
            .matches("<th scope=\"row\"><a href=\"../measures/")
            .count();
        assert!(rows <= MEASURES_PER_PAGE && rows > 0, "{path}: {rows} rows");
        listed += rows;
        for other in &paths {
            assert!(
                html.contains(&format!("href=\"../departments/{other}\"")),
                "{path} has no link to {other}"
            );
        }
        for policy in &policies {
            assert!(
                html.contains(&format!(">基本施策{policy} ")),
                "{path} does not index policy {policy}"
            );
        }
    }
    assert_eq!(listed, count, "every measure on exactly one page");
}

/// 300 measures over 4 policies: 75 each, more than a page holds. Every
/// page lists at most 50 measures, charts only those, links to the other
/// pages, and indexes every plan item of the policy.
fn assert_large_policies_are_paginated(site: &shinchoku::model::Site, out: &Path) {
    use shinchoku::model::MEASURES_PER_PAGE;
    assert!(
        common::broken_links(out).is_empty(),
        "{:?}",
        common::broken_links(out)
    );
    let policy = &site.nodes[0];
    let measures: Vec<_> = site.measures_under(policy).collect();
    assert!(
        measures.len() > MEASURES_PER_PAGE,
        "the corpus has no large policy"
    );
    let pages = measures.len().div_ceil(MEASURES_PER_PAGE);
    let n = &policy.id;
    let paths: Vec<String> = (1..=pages)
        .map(|k| {
            if k == 1 {
                format!("policies/{n}.html")
            } else {
                format!("policies/{n}-{k}.html")
            }
        })
        .collect();
    let mut listed = 0;
    for (k, path) in paths.iter().enumerate() {
        let html = common::read(out, path);
        let rows = html
            .matches("<th scope=\"row\"><a href=\"../measures/")
            .count();
        assert!(rows <= MEASURES_PER_PAGE && rows > 0, "{path}: {rows} rows");
        listed += rows;
        let svg = if k == 0 {
            format!("charts/policy-{n}-percentages.svg")
        } else {
            format!("charts/policy-{n}-percentages-{}.svg", k + 1)
        };
        assert!(html.contains(&svg), "{path} does not show {svg}");
        assert!(out.join(&svg).exists(), "{svg} missing");
        for other in &paths {
            let file = other.trim_start_matches("policies/");
            assert!(
                html.contains(&format!("href=\"{file}\""))
                    || html.contains(&format!("href=\"../{other}\"")),
                "{path} has no link to {other}"
            );
        }
        assert!(
            html.contains("aria-current=\"page\""),
            "{path} does not mark its page"
        );
        for item in measures
            .iter()
            .map(|m| m.plan_item.as_str())
            .collect::<BTreeSet<_>>()
        {
            assert!(
                html.contains(&format!(">{item}</a>")),
                "{path} does not index {item}"
            );
        }
    }
    assert_eq!(listed, measures.len(), "every measure on exactly one page");
    assert!(!out
        .join(format!("policies/{n}-{}.html", pages + 1))
        .exists());
}

#[test]
fn the_same_seed_gives_the_same_files_and_another_seed_others() {
    let seed = bundled();
    let shape = |seed| CorpusShape { measures: 60, seed };
    assert_eq!(
        generate(&seed.site, shape(3)),
        generate(&seed.site, shape(3))
    );
    assert_ne!(
        generate(&seed.site, shape(3)),
        generate(&seed.site, shape(4))
    );
}

/// Output does not depend on the number of threads, even across the
/// stages' batch boundaries (pages by 512, search documents by 2,048, chunk
/// files by 1,024) and with the stages running side by side.
#[test]
fn output_is_byte_identical_whatever_the_thread_count() {
    let seed = bundled();
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    write_corpus(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &seed.site,
        CorpusShape {
            measures: 2600,
            seed: 11,
        },
        &site,
    )
    .unwrap();
    let build = |threads: &str| {
        let out = tmp.path().join(format!("public-{threads}"));
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_shinchoku"))
            .args([
                "build",
                "--root",
                site.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        common::tree(&out)
    };
    let one = build("1");
    assert!(
        one.keys().any(|p| p == "search/index/d/2599.js"),
        "the corpus did not cross the batch sizes"
    );
    let four = build("4");
    assert_eq!(one.len(), four.len());
    let differing: Vec<&String> = one
        .iter()
        .filter(|(path, bytes)| four.get(*path) != Some(bytes))
        .map(|(p, _)| p)
        .collect();
    assert!(
        differing.is_empty(),
        "differ between 1 and 4 threads: {differing:?}"
    );
}
