//! Deterministic random-input fuzzing (cargo-fuzz needs nightly): the
//! importer, the front-matter parser and the achievement parser get inputs
//! made by mutating real examples — inserted YAML syntax, table cells, odd
//! Unicode, NUL, BOM, CRLF, cut and repeated pieces. None may panic; each
//! answer must be well formed. A failing input is written to
//! `tests/artifacts/fuzz/` and named in the failure.
//!
//! Short in `cargo test`; long runs locally, one target at a time:
//!   FUZZ_SECONDS=600 cargo test --release --test fuzz achievement -- --nocapture
//! FUZZ_ITERATIONS (default 1000) and FUZZ_SEED change the defaults.

mod common;

use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::{Duration, Instant};

use shinchoku::import::{run, ImportOptions};
use shinchoku::load::{
    parse_front_matter, parse_measure_front, split_front_matter, NodeFront, PlanFront,
};
use shinchoku::model::{Achievement, AchievementKind};

/// xorshift64*: small, seedable, the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n.max(1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Pieces that mean something to YAML, Markdown, the table reader or the
/// achievement parser, and characters that have broken parsers before.
const TOKENS: &[&str] = &[
    "---",
    "\n",
    "\r\n",
    "\t",
    " ",
    "　",
    ":",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "\"",
    "'",
    "|",
    "|-",
    ">",
    "#",
    "&a",
    "*a",
    "!!str ",
    "? ",
    "...",
    "%",
    "％",
    "100",
    "0",
    "-1",
    "9999999999999999999999",
    "1e309",
    "NaN",
    ".5",
    "①",
    "②",
    "⑦",
    "～",
    "〜",
    "(1)",
    "（２）",
    "1.",
    "/",
    "回",
    "件",
    "実施",
    "中止",
    "未達",
    "実施なし",
    "-",
    "数値評価は困難",
    "令和元年度",
    "令和2年度",
    "平成31年度",
    "基本施策1",
    "計画における項目",
    "《新規》",
    "P.21",
    "\0",
    "\u{feff}",
    "\u{202e}",
    "\u{200b}",
    "\u{fffd}",
    "𠮷",
    "e\u{301}",
    "ｱ",
    "\\",
    "\\u0000",
    "<script>",
    "&amp;",
    "years:",
    "  2019:",
    "    achievement: ",
    "id: ",
    "policy: ",
    "title: ",
    "fiscal_years:",
    "  - year: ",
    "    label: ",
];

fn mutate(rng: &mut Rng, seed: &str, corpus: &[&str]) -> String {
    let mut chars: Vec<char> = seed.chars().collect();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(chars.len() + 1);
        match rng.below(6) {
            0 | 1 => chars
                .splice(at..at, rng.pick(TOKENS).chars())
                .for_each(drop),
            2 => {
                let end = (at + rng.below(40)).min(chars.len());
                chars.drain(at..end);
            }
            3 => {
                let end = (at + rng.below(200)).min(chars.len());
                let piece: Vec<char> = chars[at..end].to_vec();
                let times = 1 + rng.below(4);
                for _ in 0..times {
                    chars.splice(at..at, piece.iter().copied()).for_each(drop);
                }
            }
            4 => {
                let line = rng.pick(corpus).lines().nth(rng.below(30)).unwrap_or("");
                chars
                    .splice(at..at, line.chars().chain(['\n']))
                    .for_each(drop);
            }
            _ => {
                let c = char::from_u32(rng.below(0x3_0000) as u32).unwrap_or('\u{fffd}');
                if at < chars.len() {
                    chars[at] = c;
                } else {
                    chars.push(c);
                }
            }
        }
    }
    chars.into_iter().collect()
}

/// Runs `check` on mutated inputs until the iteration count or time is up;
/// returns the number of executions.
fn fuzz(target: &str, corpus: &[&str], check: impl Fn(&str)) -> u64 {
    let seconds = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok());
    let iterations: u64 = std::env::var("FUZZ_ITERATIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    let seed = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_2026);
    let mut rng = Rng(seed);
    let started = Instant::now();
    let mut executions = 0;
    let done = |n: u64| match seconds {
        Some(s) => started.elapsed() >= Duration::from_secs(s),
        None => n >= iterations,
    };
    while !done(executions) {
        let seed_input = rng.pick(corpus);
        let input = mutate(&mut rng, seed_input, corpus);
        if catch_unwind(AssertUnwindSafe(|| check(&input))).is_err() {
            let dir = common::repo().join("tests/artifacts/fuzz");
            fs::create_dir_all(&dir).unwrap();
            let file = dir.join(format!("{target}-{executions}.txt"));
            fs::write(&file, &input).unwrap();
            panic!(
                "{target}: execution {executions} failed; input saved to {}",
                file.display()
            );
        }
        executions += 1;
    }
    eprintln!(
        "fuzz {target}: {executions} executions in {:.1?}, no failures",
        started.elapsed()
    );
    executions
}

#[test]
fn achievement_parser() {
    let corpus = [
        "100%",
        "70",
        "８０％",
        "①100% ② 0% ③～⑦ 100%",
        "(1)100% (2)50%",
        "1.1/1回 100% 2.0/1回 0%",
        "実施",
        "開催中止",
        "未達",
        "実施なし",
        "-",
        "数値評価は困難",
        "",
        "(1)参加者の90%が満足と回答し大変好評であった (2)50%",
    ];
    fuzz("achievement", &corpus, |raw| {
        let achievement = Achievement::parse(raw);
        assert_eq!(achievement.raw, raw, "kept as written");
        if let Some(percent) = achievement.percent() {
            assert!(percent.is_finite() && percent >= 0.0, "{percent}");
        }
        if raw.trim().is_empty() {
            assert_eq!(achievement.kind, AchievementKind::Empty);
        }
    });
}

/// Found by the achievement fuzzer: 400 nines parsed as an infinite percentage.
#[test]
fn a_number_too_large_for_a_percentage_is_text() {
    let achievement = Achievement::parse(&format!("{}%", "9".repeat(400)));
    assert_eq!(achievement.kind, AchievementKind::Text);
    assert_eq!(achievement.percent(), None);
}

#[test]
fn front_matter_parser() {
    let site = common::fixture("minimal");
    let files: Vec<String> = [
        "content/_index.md",
        "content/policies/1.md",
        "content/measures/1-01.md",
        "content/measures/2-01.md",
    ]
    .iter()
    .map(|f| fs::read_to_string(site.join(f)).unwrap())
    .collect();
    let corpus: Vec<&str> = files.iter().map(String::as_str).collect();
    let file = Path::new("content/measures/x.md");
    fuzz("front-matter", &corpus, |text| {
        let Some(parts) = split_front_matter(text) else {
            return;
        };
        let errors = [
            parse_measure_front(parts.front, file, parts.front_line, "policy").err(),
            parse_front_matter::<PlanFront>(parts.front, file, parts.front_line).err(),
            parse_front_matter::<NodeFront>(parts.front, file, parts.front_line).err(),
        ];
        // An error names a line of the file, if any.
        let lines = text.lines().count() + 1;
        for error in errors.into_iter().flatten().flatten() {
            assert!(
                error.line.is_none_or(|l| (1..=lines).contains(&l)),
                "line {:?} of {lines}: {error}",
                error.line
            );
        }
    });
}

#[test]
fn importer() {
    let seed = fs::read_to_string(common::fixture("seed/kumamoto-jisatsu-2019-2020.tsv")).unwrap();
    // Whole tables are slow to import; short ones reach the same code.
    let head: String = seed.lines().take(12).map(|l| format!("{l}\n")).collect();
    let corpus = [seed.as_str(), head.as_str()];
    let tmp = tempfile::tempdir().unwrap();
    let table = tmp.path().join("table.tsv");
    fuzz("importer", &corpus, |text| {
        fs::write(&table, text).unwrap();
        let options = ImportOptions {
            table: table.clone(),
            encoding: None,
            columns: Vec::new(),
            root: tmp.path().to_path_buf(),
            force: false,
            dry_run: true,
        };
        // An error is a fine answer to a broken table; a panic is not.
        if let Err(e) = run(&options) {
            assert!(!e.to_string().is_empty());
        }
    });
    assert!(
        !tmp.path().join("content").exists(),
        "a dry run writes nothing"
    );
}
