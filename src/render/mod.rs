//! Render stage: the model → HTML pages through the theme's templates.
//! (pages and theme are being written by the render helper)

pub mod markdown;
