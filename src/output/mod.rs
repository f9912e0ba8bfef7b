//! Output: writing the site to disk (`write`, kept whole by `swap`), and the files published
//! beside the rendered pages: static files and assets (`files`), with the list of every output
//! and the clashes between them; and what an output weighs by kind (`sizes`).

pub mod files;
pub mod sizes;
pub mod swap;
pub mod write;
