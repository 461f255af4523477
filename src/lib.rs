//! shinchoku (進捗): a static site generator for Japanese municipal
//! plan-progress tables.
//!
//! The pipeline is the architecture; each stage is a module:
//!
//! | stage | module | from → to |
//! | --- | --- | --- |
//! | import | [`import`] | progress table → `content/` files |
//! | export | [`export`] | site → the table sections fill in for a new year |
//! | load | [`load`] | site folder → parsed documents |
//! | validate / model | [`validate`] | documents → [`model::Site`] + diagnostics |
//! | render | [`render`] | site → HTML pages |
//! | charts | [`charts`] | site → SVG charts |
//! | changes | [`changes`] | two fiscal years → what rose, fell, began, ended |
//! | search index | [`search`] | site → search index files |
//! | open data | [`opendata`] | site → CSV / JSON |
//! | completeness | [`completeness`] | site → which reports are missing, for `check` and `import` |
//! | write | [`write`] | files → output directory, atomically |
//! | serve | [`serve`] | site → local preview, rebuilt and reloaded on save |
//!
//! [`pipeline`] runs them in order; [`live`] keeps a site in memory between
//! builds for `shinchoku serve`; [`symlinks`] finds the symbolic links that
//! import refuses (as load does).

pub mod changes;
pub mod charts;
pub mod completeness;
pub mod config;
pub mod corpus;
pub mod csv_file;
pub mod diagnostics;
pub mod export;
pub mod import;
pub mod init;
pub mod live;
pub mod load;
pub mod memo;
pub mod model;
pub mod opendata;
pub mod output;
pub mod pipeline;
pub mod placeholders;
pub mod render;
pub mod search;
pub mod serve;
pub mod symlinks;
pub mod validate;
pub mod write;
