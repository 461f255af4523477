//! (being written by the render helper)
