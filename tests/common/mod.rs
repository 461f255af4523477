//! Helpers shared by the integration tests: building fixture sites into a
//! temp dir and reading the result the way a citizen or a crawler would.
#![allow(dead_code)] // each test binary uses a different subset

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// Copies the folder `from` into `to` (created as needed).
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The bundled site copied to a temp dir (content, settings, dictionary).
pub fn copy_of_bundled_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    for file in ["site.toml", "dictionary.csv"] {
        fs::copy(repo().join(file), dir.path().join(file)).unwrap();
    }
    dir
}

/// Builds the site at `root` into a fresh temp dir; returns (guard, out).
pub fn build(root: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    if let Err(e) = shinchoku::pipeline::build(root, Some(&out)) {
        panic!("build of {} failed:\n{e}", root.display());
    }
    (tmp, out)
}

/// Every file of a built site: relative path → bytes.
pub fn tree(out: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(out)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, fs::read(e.path()).unwrap())
        })
        .collect()
}

pub fn read(out: &Path, page: &str) -> String {
    fs::read_to_string(out.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"))
}

/// The visible text of an HTML page: tags dropped, entities decoded, no
/// whitespace at all (so PDF wrap spaces and layout never matter).
pub fn text_without_spaces(html: &str) -> String {
    let body = html.split_once("<body").map(|(_, b)| b).unwrap_or(html);
    let mut text = String::with_capacity(body.len());
    let mut in_tag = false;
    let mut in_script = false;
    let mut rest = body;
    while let Some(c) = rest.chars().next() {
        if !in_tag && rest.starts_with("<script") {
            in_script = true;
        }
        if in_script && rest.starts_with("</script>") {
            in_script = false;
        }
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag || in_script => {}
            _ => text.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    decode_entities(&text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

pub fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2f;", "/")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

/// Values of `href="…"` and `src="…"` attributes in a page.
pub fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap();
            found.push(decode_entities(&rest[..end]));
            rest = &rest[end..];
        }
    }
    found
}

/// Links of every page that point inside the site but at no file.
pub fn broken_links(out: &Path) -> Vec<String> {
    let files = tree(out);
    let mut broken = Vec::new();
    for (page, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for link in links(&html) {
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with("mailto:")
                || link.starts_with("tel:")
                || link.starts_with('#')
            {
                continue;
            }
            let target = link.split(['#', '?']).next().unwrap();
            let resolved = resolve(page, target);
            let exists = files.contains_key(&resolved)
                || files.contains_key(&format!(
                    "{}index.html",
                    if resolved.is_empty() {
                        String::new()
                    } else {
                        format!("{}/", resolved.trim_end_matches('/'))
                    }
                ));
            if !exists {
                broken.push(format!("{page}: {link}"));
            }
        }
    }
    broken
}

fn resolve(page: &str, link: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for segment in link.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The seed's data rows: (1-based line, cells).
pub fn seed_rows() -> Vec<(usize, Vec<String>)> {
    let text = fs::read_to_string(fixture("seed/kumamoto-jisatsu-2019-2020.tsv")).unwrap();
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            (
                i + 1,
                line.split('\t').map(str::to_string).collect::<Vec<_>>(),
            )
        })
        .filter(|(_, cells)| {
            let first = cells[0].trim();
            !first.is_empty()
                && !first.starts_with("計画における項目")
                && !first.starts_with("基本施策")
        })
        .collect()
}

/// Whether an external tool a test needs is there. Locally a missing tool
/// skips the test with a message; under `CI=true` it fails the test, so CI
/// can never pass by skipping.
pub fn tool_available(what: &str, available: bool) -> bool {
    if available {
        return true;
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{what} is required under CI=true (see .ci/run)");
    }
    eprintln!("SKIPPED: {what} is not installed (see .ci/run)");
    false
}

/// `node`, if it runs.
pub fn node_available() -> bool {
    std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Every file under `content/` of a site: path relative to the root → text.
pub fn content_files(root: &Path) -> BTreeMap<PathBuf, String> {
    walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let text = fs::read_to_string(entry.path()).unwrap();
            (entry.path().strip_prefix(root).unwrap().to_path_buf(), text)
        })
        .collect()
}

/// Runs a folder of node tests (`node --test ARGS…`) from the repo root with
/// the given environment, failing with their output.
pub fn run_node_tests(args: &[&str], env: &[(&str, &Path)]) {
    let mut command = std::process::Command::new("node");
    command.arg("--test").args(args).current_dir(repo());
    for (name, value) in env {
        command.env(name, value);
    }
    let run = command.output().expect("node runs");
    assert!(
        run.status.success(),
        "node --test {} failed:\n{}{}",
        args.join(" "),
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}

/// Runs the real `shinchoku` binary with `args`, as a clerk would.
pub fn shinchoku<S: AsRef<std::ffi::OsStr>>(
    args: impl IntoIterator<Item = S>,
) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(args)
        .output()
        .unwrap()
}

/// What a run printed on stderr.
pub fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// CSV as Excel writes it: CRLF, quotes only where needed.
pub fn csv_text(rows: &[Vec<String>]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::CRLF)
        .from_writer(vec![]);
    for row in rows {
        writer.write_record(row).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

/// A table's rows read without shinchoku, numbered as Excel numbers them:
/// (row, cells). A workbook's `sheet` by calamine, a CSV (UTF-8 or
/// Shift_JIS) by the `csv` crate, any other text as tab-separated lines.
pub fn table_rows(path: &Path, sheet: Option<&str>) -> Vec<(usize, Vec<String>)> {
    if path.extension().is_some_and(|e| e == "xlsx") {
        use calamine::Reader;
        let mut workbook = calamine::open_workbook_auto(path).unwrap();
        let sheet = sheet.map_or_else(|| workbook.sheet_names()[0].clone(), String::from);
        let range = workbook.worksheet_range(&sheet).unwrap();
        let first_row = range.start().map_or(0, |(row, _)| row as usize);
        let first_column = range.start().map_or(0, |(_, column)| column as usize);
        return range
            .rows()
            .enumerate()
            .map(|(i, cells)| {
                let leading = std::iter::repeat_n(String::new(), first_column);
                let cells = leading.chain(cells.iter().map(|cell| cell.to_string()));
                (first_row + i + 1, cells.collect())
            })
            .collect();
    }
    let bytes = fs::read(path).unwrap();
    let text = match String::from_utf8(bytes.clone()) {
        Ok(text) => text,
        Err(_) => encoding_rs::SHIFT_JIS.decode(&bytes).0.into_owned(),
    };
    if path.extension().is_some_and(|e| e != "csv") {
        return text
            .lines()
            .enumerate()
            .map(|(i, line)| (i + 1, line.split('\t').map(String::from).collect()))
            .collect();
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .records()
        .enumerate()
        .map(|(i, record)| (i + 1, record.unwrap().iter().map(String::from).collect()))
        .collect()
}

/// `shinchoku import TABLE --root ROOT`, the real binary.
pub fn import_into(table: &Path, root: &Path) -> std::process::Output {
    shinchoku([
        "import".as_ref(),
        table.as_os_str(),
        "--root".as_ref(),
        root.as_os_str(),
    ])
}

/// The first two rows of a one-year table in the bundled plan's shape, for
/// tests that type cells into an Excel sheet: the headings (令和3年度) and a
/// 基本施策1 heading row.
pub fn write_one_year_headings(sheet: &mut rust_xlsxwriter::Worksheet) {
    let headings = [
        "計画における項目",
        "実施内容",
        "計画書ページ",
        "担当部署",
        "担当課",
        "令和3年度実施状況",
        "評価",
        "達成度",
        "今後",
    ];
    for (c, heading) in headings.iter().enumerate() {
        sheet.write_string(0, c as u16, *heading).unwrap();
    }
    sheet.write_string(1, 0, "基本施策1 ネットワーク").unwrap();
}

/// A site whose content is `tests/fixtures/tables/<folder>/<table>`
/// imported by the real binary with only the fixture's `site.toml`.
pub fn imported_table_site(folder: &str, table: &str) -> tempfile::TempDir {
    let fixture = fixture("tables").join(folder);
    let site = tempfile::tempdir().unwrap();
    fs::copy(fixture.join("site.toml"), site.path().join("site.toml")).unwrap();
    let import = import_into(&fixture.join(table), site.path());
    assert!(import.status.success(), "{}", stderr(&import));
    site
}
