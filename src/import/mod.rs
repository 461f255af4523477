//! (being written by the import helper)
