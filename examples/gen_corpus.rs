//! Generates a synthetic benchmark site shaped like the bundled one.
//!
//! usage: cargo run --release --example gen_corpus -- --measures N --out DIR [--seed S] [--from SITE]

use std::path::PathBuf;
use std::process::ExitCode;

use shinchoku::corpus::{write_corpus, CorpusShape};
use shinchoku::pipeline::load_site;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("gen_corpus: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut measures = None;
    let mut out = None;
    let mut seed = 1;
    let mut from = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--measures" => {
                measures = Some(
                    value
                        .parse()
                        .map_err(|_| format!("bad --measures {value}"))?,
                )
            }
            "--out" => out = Some(PathBuf::from(value)),
            "--seed" => seed = value.parse().map_err(|_| format!("bad --seed {value}"))?,
            "--from" => from = PathBuf::from(value),
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    let (Some(measures), Some(out)) = (measures, out) else {
        return Err("usage: gen_corpus --measures N --out DIR [--seed S] [--from SITE]".into());
    };
    if out.exists() && out.read_dir().map_err(|e| e.to_string())?.next().is_some() {
        return Err(format!("{} is not empty", out.display()));
    }
    let seed_site = load_site(&from)
        .map_err(|d| format!("cannot load the seed site {}:\n{d}", from.display()))?;
    let shape = CorpusShape { measures, seed };
    let files = write_corpus(&from, &seed_site.site, shape, &out).map_err(|e| e.to_string())?;
    eprintln!(
        "{} files: {measures} measures, {} plan items, {} basic policies, {} fiscal years → {}",
        files,
        shape.plan_items(),
        shape.policies(),
        shape.fiscal_years(),
        out.display()
    );
    Ok(())
}
