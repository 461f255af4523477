//! Synthetic benchmark sites shaped like a seed site (normally the bundled
//! one): any number of measures whose titles, departments, sections and
//! yearly reports are drawn from the seed's measures, about
//! [`MEASURES_PER_PLAN_ITEM`] measures per plan item, spread over basic
//! policies, and 2–5 fiscal years. The same seed number always gives the
//! same files.
//!
//! Used by `cargo run --release --example gen_corpus` and the benchmarks.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::model::{Measure, Site, YearRecord};

/// About this many measures share a plan item, as in the seed table.
pub const MEASURES_PER_PLAN_ITEM: usize = 25;

/// First fiscal year of every corpus (令和元年度).
const FIRST_YEAR: u16 = 2019;

/// Appended to some titles so that titles vary beyond the seed's 44.
const TITLE_VARIANTS: [&str; 12] = [
    "",
    "",
    "",
    "（中央区）",
    "（東区）",
    "（西区）",
    "（南区）",
    "（北区）",
    "の拡充",
    "の周知",
    "（若年層向け）",
    "（高齢者向け）",
];

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct CorpusShape {
    pub measures: usize,
    pub seed: u64,
}

impl CorpusShape {
    /// Plan items of about [`MEASURES_PER_PLAN_ITEM`] measures each.
    pub fn plan_items(&self) -> usize {
        self.measures
            .div_ceil(MEASURES_PER_PLAN_ITEM)
            .max(self.policies())
    }

    /// At least 4 basic policies (as the seed), growing with the square
    /// root of the size: 8 for 1,000 measures, 25 for 10,000, 79 for 100,000.
    pub fn policies(&self) -> usize {
        ((self.measures as f64).sqrt() / 4.0)
            .round()
            .max(4.0)
            .min(self.measures.max(1) as f64) as usize
    }

    /// 2 to 5 fiscal years, chosen by the seed number.
    pub fn fiscal_years(&self) -> usize {
        2 + (SplitMix64(self.seed).next() % 4) as usize
    }
}

/// A small deterministic generator (SplitMix64): no dependency, and the
/// same sequence on every platform.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

/// The content files of the corpus, relative to the site root (`site.toml`
/// is copied from the seed separately by [`write_corpus`]).
pub fn generate(seed_site: &Site, shape: CorpusShape) -> Vec<(PathBuf, String)> {
    assert!(
        !seed_site.measures.is_empty(),
        "the seed site has no measures"
    );
    let mut rng = SplitMix64(shape.seed);
    let years: Vec<u16> = (0..shape.fiscal_years())
        .map(|i| FIRST_YEAR + i as u16)
        .collect();
    let mut files = vec![(
        PathBuf::from("content/_index.md"),
        plan_file(seed_site, shape, &years),
    )];
    let policies = shape.policies();
    for number in 1..=policies {
        let title = &rng.pick(&seed_site.nodes).title;
        let front = format!(
            "number: {number}\ntitle: {}\n",
            quoted(&format!("{title}（第{number}）"))
        );
        files.push((
            PathBuf::from(format!("content/policies/{number}.md")),
            format!("---\n{front}---\n"),
        ));
    }
    let items = shape.plan_items();
    for index in 0..shape.measures {
        // Measures fill plan items in order; plan items fill policies in order.
        let item = index * items / shape.measures;
        let policy = item * policies / items + 1;
        let measure = measure_file(seed_site, &mut rng, policy, item, index, &years);
        files.push((
            PathBuf::from(format!("content/measures/m{:06}.md", index + 1)),
            measure,
        ));
    }
    files
}

/// Generates the corpus into `out` (which must not exist or be empty),
/// copying `site.toml` and the user dictionary from `seed_root`.
pub fn write_corpus(
    seed_root: &Path,
    seed_site: &Site,
    shape: CorpusShape,
    out: &Path,
) -> io::Result<usize> {
    fs::create_dir_all(out.join("content/measures"))?;
    fs::create_dir_all(out.join("content/policies"))?;
    for name in ["site.toml", crate::search::USER_DICTIONARY_FILE] {
        if seed_root.join(name).exists() {
            fs::copy(seed_root.join(name), out.join(name))?;
        }
    }
    let files = generate(seed_site, shape);
    for (path, text) in &files {
        fs::write(out.join(path), text)?;
    }
    Ok(files.len())
}

fn plan_file(seed_site: &Site, shape: CorpusShape, years: &[u16]) -> String {
    let plan = &seed_site.plan;
    let mut front = String::new();
    let title = format!("{}（合成 {} 施策）", plan.title, shape.measures);
    let _ = writeln!(front, "title: {}", quoted(&title));
    let _ = writeln!(front, "organization: {}", quoted(&plan.organization));
    let _ = writeln!(
        front,
        "source: {}",
        quoted(&format!("synthetic corpus, seed {}", shape.seed))
    );
    front.push_str("fiscal_years:\n");
    for &year in years {
        let label = match year - 2018 {
            1 => "令和元年度".to_string(),
            n => format!("令和{n}年度"),
        };
        let _ = writeln!(front, "  - year: {year}\n    label: {label}");
    }
    format!("---\n{front}---\n{}", plan.body)
}

/// One measure: title, people and each year's report drawn independently,
/// so achievement kinds and texts mix as in a real table; written as the
/// importer writes a measure.
fn measure_file(
    seed_site: &Site,
    rng: &mut SplitMix64,
    policy: usize,
    item: usize,
    index: usize,
    years: &[u16],
) -> String {
    let measures = &seed_site.measures;
    let titled: &Measure = rng.pick(measures);
    let staffed: &Measure = rng.pick(measures);
    // Every measure of a plan item shares its name.
    let item_name = &measures[item % measures.len()].plan_item;
    let id = format!("m{:06}", index + 1);
    let title = format!("{}{}", titled.title, rng.pick(&TITLE_VARIANTS));
    let is_new = rng.next().is_multiple_of(5);
    let mut records = Vec::new();
    for &year in years {
        let reported = rng.pick(measures);
        let Some(record) = reported
            .years
            .get((rng.next() % reported.years.len().max(1) as u64) as usize)
        else {
            continue;
        };
        records.push(YearRecord {
            year,
            ..record.clone()
        });
    }
    let measure = Measure {
        file: PathBuf::from(format!("content/measures/{id}.md")),
        id,
        node: policy.to_string(),
        plan_item: format!("{}（{}）", item_name, item + 1),
        title,
        is_new,
        plan_page: titled.plan_page,
        departments: staffed.departments.clone(),
        sections: staffed.sections.clone(),
        years: records,
        ..Measure::default()
    };
    crate::import::emit::document(
        &crate::import::emit::measure_front(&measure, "policy"),
        &titled.body,
    )
}

/// A YAML double-quoted scalar: JSON string syntax is valid YAML.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string serialises")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_grows_like_a_real_plan() {
        let shape = |measures| CorpusShape { measures, seed: 1 };
        assert_eq!((shape(44).policies(), shape(44).plan_items()), (4, 4));
        assert_eq!(
            (shape(1_000).policies(), shape(1_000).plan_items()),
            (8, 40)
        );
        assert_eq!(
            (shape(10_000).policies(), shape(10_000).plan_items()),
            (25, 400)
        );
        assert_eq!(shape(100_000).policies(), 79);
        for seed in 0..20 {
            assert!((2..=5).contains(&CorpusShape { measures: 10, seed }.fiscal_years()));
        }
    }
}
