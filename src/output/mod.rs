//! Output: writing the rendered site to disk (`write`).

pub mod write;
