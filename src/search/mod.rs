//! (being written by the search helper)
