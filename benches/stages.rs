//! Criterion micro-benchmarks of the hot stages, on the bundled site (44
//! measures) and a generated 1,000-measure corpus: tokenising, indexing,
//! rendering and charts. Whole builds at every size are `bench/run.sh`'s.
//!
//!     cargo bench --bench stages            # all
//!     cargo bench --bench stages -- tokenise
use std::path::Path;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use shinchoku::corpus::{write_corpus, CorpusShape};
use shinchoku::pipeline::{self, LoadedSite};
use shinchoku::search::Tokenizer;
use shinchoku::{charts, render, search};

fn bundled() -> LoadedSite {
    pipeline::load_site(Path::new(env!("CARGO_MANIFEST_DIR"))).expect("the bundled site loads")
}

/// A 1,000-measure corpus, generated into a temp dir and loaded.
fn corpus(dir: &Path) -> LoadedSite {
    let seed = bundled();
    let shape = CorpusShape {
        measures: 1000,
        seed: 1,
    };
    write_corpus(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &seed.site,
        shape,
        dir,
    )
    .expect("corpus written");
    pipeline::load_site(dir).expect("the corpus loads")
}

/// Every text of the bundled site's measures a search document holds.
fn seed_texts(site: &LoadedSite) -> Vec<String> {
    let mut texts = Vec::new();
    for m in &site.site.measures {
        texts.extend([m.title.clone(), m.plan_item.clone(), m.body.clone()]);
        for year in &m.years {
            texts.extend([
                year.status.clone(),
                year.evaluation.clone(),
                year.next_plan.clone(),
            ]);
        }
    }
    texts
}

fn benches(c: &mut Criterion) {
    let seed = bundled();
    let tmp = tempfile::tempdir().expect("temp dir");
    let large = corpus(tmp.path());

    let texts = seed_texts(&seed);
    let tokenizer = Tokenizer::new(None);
    let mut group = c.benchmark_group("tokenise");
    group.throughput(Throughput::Bytes(
        texts.iter().map(|t| t.len() as u64).sum(),
    ));
    group.bench_function("seed texts", |b| {
        b.iter(|| {
            let mut units = 0;
            for text in &texts {
                tokenizer.for_each_unit(text, |_, _| units += 1);
            }
            units
        })
    });
    group.finish();

    let mut group = c.benchmark_group("stages");
    group.sample_size(10);
    for (name, site) in [("44", &seed), ("1000", &large)] {
        group.bench_function(format!("search index/{name}"), |b| {
            b.iter(|| search::build_index(&site.site, &site.grading, None, None).expect("indexes"))
        });
        group.bench_function(format!("render/{name}"), |b| {
            b.iter(|| {
                render::render_site(&site.site, &site.config, &site.grading, &site.theme)
                    .expect("renders")
            })
        });
        group.bench_function(format!("charts/{name}"), |b| {
            b.iter(|| charts::render_charts(&site.site, &site.grading))
        });
        group.bench_function(format!("load/{name}"), |b| {
            b.iter_batched(
                || site.root.clone(),
                |root| pipeline::load_site(&root).expect("loads"),
                BatchSize::SmallInput,
            )
        });
    }
    group.finish();
}

criterion_group!(stages, benches);
criterion_main!(stages);
