//! The server side of `serve`'s round trip, without a browser: builds SITE
//! in memory as `serve` does, then RUNS times appends a marker to the first
//! measure's title (searchable: the index is rebuilt) or, with `--body`, to
//! its body, rebuilds, and prints the median, min and max rebuild time. The
//! measure file is restored at the end.
//! usage: cargo run --release --example live_rebuild -- SITE [--runs 21] [--body]
use std::path::PathBuf;
use std::time::Duration;

use shinchoku::live::LiveSite;

// As the `shinchoku` binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut site, mut runs, mut body) = (None, 21, false);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).expect("--runs N"),
            "--body" => body = true,
            _ => site = Some(PathBuf::from(arg)),
        }
    }
    let site = site.expect("usage: live_rebuild SITE [--runs N] [--body]");
    let measures = site.join("content/measures");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&measures)
        .expect("SITE/content/measures")
        .map(|entry| entry.expect("a readable folder").path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect();
    names.sort();
    let file = &names[0];
    let original = std::fs::read_to_string(file).expect("a measure file");

    let mut live = LiveSite::new(&site);
    let first = live.rebuild().expect("the site builds");
    eprintln!("first build: {} ms", first.elapsed.as_millis());
    let mut times: Vec<Duration> = Vec::new();
    for run in 0..runs {
        let marker = format!("live-rebuild-{run}");
        let edited = if body {
            format!("{}\n\n{marker}\n", original.trim_end())
        } else {
            with_title_marker(&original, &marker)
        };
        std::fs::write(file, edited).expect("the measure file is writable");
        let rebuilt = live.rebuild().expect("the edited site builds");
        assert!(!rebuilt.changed.is_empty(), "the edit changed no file");
        times.push(rebuilt.elapsed);
    }
    std::fs::write(file, &original).expect("the measure file is restored");
    times.sort();
    let ms = |d: &Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{} rebuilds after a {} edit: median {:.1} ms, min {:.1} ms, max {:.1} ms",
        runs,
        if body { "body" } else { "title" },
        ms(&times[times.len() / 2]),
        ms(&times[0]),
        ms(&times[times.len() - 1]),
    );
}

/// The measure with `marker` at the end of its title line.
fn with_title_marker(text: &str, marker: &str) -> String {
    let mut done = false;
    let lines: Vec<String> = text
        .lines()
        .map(|line| match line.strip_prefix("title: ") {
            Some(title) if !done => {
                done = true;
                let quote = title.chars().next().filter(|c| *c == '"' || *c == '\'');
                match quote {
                    Some(q) => format!("title: {} {marker}{q}", title.trim_end_matches(q)),
                    None => format!("title: {title} {marker}"),
                }
            }
            _ => line.to_string(),
        })
        .collect();
    assert!(done, "the measure has no title line");
    lines.join("\n") + "\n"
}
