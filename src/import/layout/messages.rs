//! What the clerk reads when the table does not fit the layout: what was
//! looked for, what the table has, and how to declare it.

use std::path::Path;

use super::plan::wanted_headings;
use super::settings::ImportLayout;
use crate::import::source::Source;
use crate::import::ImportError;

/// Rows of the table shown when no header row is found.
const ROWS_SHOWN: usize = 3;
/// Cells of a row shown.
const CELLS_SHOWN: usize = 8;

pub(crate) fn no_header(source: &Source, layout: &ImportLayout) -> ImportError {
    let seen: Vec<String> = source
        .rows
        .iter()
        .filter(|row| row.cells.iter().any(|c| !c.trim().is_empty()))
        .take(ROWS_SHOWN)
        .map(|row| {
            let cells: Vec<String> = row
                .cells
                .iter()
                .map(|c| super::text::field_key(c))
                .filter(|c| !c.is_empty())
                .take(CELLS_SHOWN)
                .map(|c| format!("「{c}」"))
                .collect();
            format!("{}行目: {}", row.number, cells.join(""))
        })
        .collect();
    let expected = match layout.header_row {
        Some(row) => format!("{row}行目（[import] の header_row）"),
        None => wanted_headings(layout)
            .iter()
            .map(|h| format!("「{h}」"))
            .collect::<Vec<_>>()
            .join(""),
    };
    ImportError::NoHeader {
        path: source.label.clone(),
        expected,
        seen: seen.join("\n  "),
    }
}

pub(crate) fn stray_heading(
    path: &Path,
    line: usize,
    cells: &[String],
    layout: &ImportLayout,
) -> ImportError {
    let patterns: Vec<String> = layout
        .levels()
        .iter()
        .filter_map(|level| level.heading.clone())
        .map(|pattern| format!("「{pattern}」"))
        .collect();
    let text: Vec<&str> = cells
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    ImportError::StrayHeading {
        path: path.to_path_buf(),
        line,
        text: text.join(" "),
        patterns: patterns.join("・"),
    }
}
