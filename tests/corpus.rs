//! The benchmark corpus generator: the shape the issue asks for, a valid
//! site that builds, and the same files for the same seed number.

use std::collections::BTreeSet;
use std::path::Path;

use shinchoku::corpus::{generate, write_corpus, CorpusShape};
use shinchoku::pipeline;

fn bundled() -> pipeline::LoadedSite {
    pipeline::load_site(Path::new(env!("CARGO_MANIFEST_DIR"))).expect("the bundled site loads")
}

#[test]
fn a_corpus_is_a_valid_site_of_the_requested_shape() {
    let seed = bundled();
    let tmp = tempfile::tempdir().unwrap();
    let shape = CorpusShape { measures: 300, seed: 7 };
    write_corpus(Path::new(env!("CARGO_MANIFEST_DIR")), &seed.site, shape, tmp.path()).unwrap();
    let loaded = pipeline::load_site(tmp.path()).unwrap_or_else(|d| panic!("corpus invalid:\n{d}"));
    let site = &loaded.site;
    assert_eq!(site.measures.len(), 300);
    assert_eq!(site.policies.len(), shape.policies());
    assert!((2..=5).contains(&site.plan.fiscal_years.len()));
    let plan_items: BTreeSet<&str> = site.measures.iter().map(|m| m.plan_item.as_str()).collect();
    assert_eq!(plan_items.len(), 12, "about 25 measures per plan item");
    for policy in &site.policies {
        assert!(site.measures_of(policy.number).count() > 0, "policy {} is empty", policy.number);
    }
    // Text drawn from the seed, varied: many titles, every kind of achievement.
    let titles: BTreeSet<&str> = site.measures.iter().map(|m| m.title.as_str()).collect();
    assert!(titles.len() > seed.site.measures.len(), "{} titles", titles.len());
    let kinds = |s: &shinchoku::model::Site| -> BTreeSet<String> {
        s.measures.iter().flat_map(|m| &m.years).map(|r| r.achievement.kind.key().to_string()).collect()
    };
    assert_eq!(kinds(site), kinds(&seed.site));
    pipeline::build(tmp.path(), Some(&tmp.path().join("public"))).expect("the corpus builds");
}

#[test]
fn the_same_seed_gives_the_same_files_and_another_seed_others() {
    let seed = bundled();
    let shape = |seed| CorpusShape { measures: 60, seed };
    assert_eq!(generate(&seed.site, shape(3)), generate(&seed.site, shape(3)));
    assert_ne!(generate(&seed.site, shape(3)), generate(&seed.site, shape(4)));
}
