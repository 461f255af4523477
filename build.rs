//! Builds the IPADIC dictionary vendored in `dict/` into `OUT_DIR`, where
//! `lindera_dictionary::embedded_dictionary!` embeds it in the binary.
//! Offline by design: nothing is downloaded (lindera's own `embed-ipadic`
//! feature fetches its sources from the internet at build time), and
//! lindera's build cache (`LINDERA_BUILD_DICTIONARY_CACHE_DIR`) is never
//! consulted: the dictionary is always the one in `dict/`.

use std::error::Error;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use lindera_dictionary::builder::DictionaryBuilder;
use lindera_dictionary::dictionary::metadata::Metadata;

const ARCHIVE: &str = "dict/mecab-ipadic-2.7.0-20070801-utf8.tar.xz";
const METADATA: &str = "dict/metadata.json";
/// The directory inside the archive that holds the sources.
const SOURCE_DIR: &str = "mecab-ipadic-2.7.0-20070801";
/// Where the built dictionary goes inside `OUT_DIR`; `src/search/tokenize.rs`
/// names the same directory.
const BUILT_DIR: &str = "ipadic";

/// The built-in theme, embedded with `include_dir!`, which cannot tell cargo
/// about files added to it: watching it here makes a new theme file rebuild
/// the binary (the dictionary is not rebuilt then, see `STAMP`).
const THEME_DIR: &str = "themes/default";
/// Records which dictionary sources the built dictionary came from.
const STAMP: &str = "ipadic.sources";

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed={ARCHIVE}");
    println!("cargo::rerun-if-changed={METADATA}");
    println!("cargo::rerun-if-changed={THEME_DIR}");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    println!("cargo::rustc-env=LINDERA_WORKDIR={}", out_dir.display());
    let stamp = sources_stamp()?;
    let stamp_file = out_dir.join(STAMP);
    if std::fs::read_to_string(&stamp_file).is_ok_and(|s| s == stamp) {
        return Ok(());
    }
    let sources = out_dir.join("ipadic-sources");
    unpack(Path::new(ARCHIVE), &sources)?;
    let metadata = Metadata::load(&std::fs::read(METADATA)?)?;
    DictionaryBuilder::new(metadata)
        .build_dictionary(&sources.join(SOURCE_DIR), &out_dir.join(BUILT_DIR))?;
    // The sources are 64 MB once unpacked and no longer needed.
    std::fs::remove_dir_all(&sources)?;
    std::fs::write(stamp_file, stamp)?;
    Ok(())
}

/// A fingerprint of the dictionary sources' bytes.
fn sources_stamp() -> Result<String, Box<dyn Error>> {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for file in [ARCHIVE, METADATA] {
        std::hash::Hash::hash(&std::fs::read(file)?, &mut hasher);
    }
    Ok(format!("{:016x}", std::hash::Hasher::finish(&hasher)))
}

fn unpack(archive: &Path, into: &Path) -> Result<(), Box<dyn Error>> {
    let mut tar = Vec::new();
    lzma_rs::xz_decompress(&mut BufReader::new(File::open(archive)?), &mut tar)?;
    if into.exists() {
        std::fs::remove_dir_all(into)?;
    }
    tar::Archive::new(tar.as_slice()).unpack(into)?;
    Ok(())
}
