//! A workbook's zip package, measured before calamine reads it: a few
//! kilobytes of zip can inflate to gigabytes, and calamine would hold a
//! part's text in memory until the import aborts. The parts a reader parses
//! (`.xml`, `.rels`, `.bin`) may declare `MAX_INFLATED_BYTES` together,
//! checked from the zip's directory without inflating anything. A part that
//! declares less than it holds is cut off where its declaration ends: the
//! zip reader calamine uses refuses to inflate a part past its declared size
//! ("File is larger than its declared uncompressed size"), so what is
//! inflated is bounded too. Pictures are never read and so not counted.

use std::io::{Cursor, Read, Seek};

use quick_xml::events::Event;
use quick_xml::XmlVersion;
use zip::ZipArchive;

/// The most the parsed parts of a workbook may declare to inflate to, together. A
/// progress table of 5,000 rows and two fiscal years is about 35 MB of
/// XML; 128 MiB leaves room for four times that.
pub(super) const MAX_INFLATED_BYTES: u64 = 128 << 20;

/// What to tell a clerk whose workbook is over the budget: `subject` says
/// what is too large (`ファイルの大きさが`).
pub(super) fn too_large_reason(subject: &str) -> String {
    format!(
        "{subject} {} MiB を超えます。表のブックとしては大きすぎます（壊れているか、表ではないものが入っています）。表の部分だけを新しいブックに貼り付けて保存し直してください",
        MAX_INFLATED_BYTES >> 20
    )
}

/// Err with the reason when the parsed parts of the zip in `bytes` declare
/// more than the budget. A file that is not a zip (`.xls`, or not a workbook
/// at all) passes: its reader says what is wrong with it.
pub(super) fn check_declared_size(bytes: &[u8]) -> Result<(), String> {
    let Ok(mut archive) = ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let parsed: Vec<(usize, String)> = (0..archive.len())
        .filter_map(|index| {
            let name = archive.name_for_index(index)?.ok()?.into_owned();
            is_parsed(&name).then_some((index, name))
        })
        .collect();
    let mut declared: u64 = 0;
    for (index, name) in &parsed {
        let size = archive
            .by_index_raw(*index)
            .map_err(|e| format!("{name}: {e}"))?
            .size();
        declared = declared.saturating_add(size);
        if declared > MAX_INFLATED_BYTES {
            return Err(too_large(&mut archive, name));
        }
    }
    Ok(())
}

fn too_large<R: Read + Seek>(archive: &mut ZipArchive<R>, part: &str) -> String {
    match sheet_of_part(archive, part) {
        Some(sheet) => too_large_reason(&format!("シート「{sheet}」（{part}）を展開すると")),
        None => too_large_reason(&format!("ブックの部品 {part} を展開すると")),
    }
}

/// XML and relationships (.xlsx, .xlsm, .ods) and binary records (.xlsb).
fn is_parsed(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    [".xml", ".rels", ".bin"]
        .iter()
        .any(|extension| name.ends_with(extension))
}

/// The sheet whose cells `part` holds, from `xl/workbook.xml` and its
/// relationships (.xlsx and .xlsm; other formats name parts differently).
fn sheet_of_part<R: Read + Seek>(archive: &mut ZipArchive<R>, part: &str) -> Option<String> {
    let relationships = small_part(archive, "xl/_rels/workbook.xml.rels")?;
    let id = elements(&relationships, "Relationship")
        .into_iter()
        .find(|attributes| {
            attribute(attributes, "Target").is_some_and(|target| {
                let path = match target.strip_prefix('/') {
                    Some(absolute) => absolute.to_string(),
                    None => format!("xl/{target}"),
                };
                path.eq_ignore_ascii_case(part)
            })
        })
        .and_then(|attributes| attribute(&attributes, "Id"))?;
    let workbook = small_part(archive, "xl/workbook.xml")?;
    elements(&workbook, "sheet")
        .into_iter()
        .find(|attributes| attribute(attributes, "id") == Some(id.clone()))
        .and_then(|attributes| attribute(&attributes, "name"))
}

/// The first mebibyte of a part: plenty for a workbook's list of sheets,
/// and a bound on what is read to name a sheet.
fn small_part<R: Read + Seek>(archive: &mut ZipArchive<R>, name: &str) -> Option<Vec<u8>> {
    let part = archive.by_name(name).ok()?;
    let mut bytes = Vec::new();
    part.take(1 << 20).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// The attributes (local name, value) of every `<tag …>` in `xml`.
fn elements(xml: &[u8], tag: &str) -> Vec<Vec<(String, String)>> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut found = Vec::new();
    let mut buffer = Vec::new();
    loop {
        match reader.read_event_into(&mut buffer) {
            Ok(Event::Start(element) | Event::Empty(element))
                if element.local_name().as_ref() == tag =>
            {
                let attributes = element
                    .attributes()
                    .flatten()
                    .filter_map(|attribute| {
                        let key = attribute.key.local_name().as_ref().to_string();
                        let value = attribute.normalized_value(XmlVersion::Implicit1_0);
                        Some((key, value.ok()?.into_owned()))
                    })
                    .collect();
                found.push(attributes);
            }
            Ok(Event::Eof) | Err(_) => return found,
            Ok(_) => {}
        }
        buffer.clear();
    }
}

fn attribute(attributes: &[(String, String)], key: &str) -> Option<String> {
    attributes
        .iter()
        .find(|(name, _)| name == key)
        .map(|(_, value)| value.clone())
}
