//! Wall time of each build stage of a site, without writing.
//! usage: cargo run --release --example stage_times -- SITE
use std::path::PathBuf;
use std::time::Instant;

use shinchoku::{charts, opendata, pipeline, render, search};

// As the `shinchoku` binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let root = PathBuf::from(std::env::args().nth(1).expect("usage: stage_times SITE"));
    let t = Instant::now();
    let loaded = pipeline::load_site(&root).expect("site loads");
    eprintln!("load+validate {:>6} ms", t.elapsed().as_millis());
    let t = Instant::now();
    let pages = render::render_site(&loaded.site, &loaded.config, &loaded.grading, &loaded.theme)
        .expect("renders");
    eprintln!(
        "render        {:>6} ms ({} files)",
        t.elapsed().as_millis(),
        pages.len()
    );
    let t = Instant::now();
    let charts = charts::render_charts(&loaded.site, &loaded.grading);
    eprintln!(
        "charts        {:>6} ms ({} files)",
        t.elapsed().as_millis(),
        charts.len()
    );
    let t = Instant::now();
    let index = search::build_index(&loaded.site, &loaded.grading, None, None).expect("indexes");
    eprintln!(
        "search index  {:>6} ms ({} files)",
        t.elapsed().as_millis(),
        index.len()
    );
    let t = Instant::now();
    let data = opendata::write_open_data(&loaded.site, &loaded.grading);
    eprintln!(
        "open data     {:>6} ms ({} files)",
        t.elapsed().as_millis(),
        data.len()
    );
}
