//! An output file: where it goes in the output folder and where its bytes come from. Every
//! stage that makes part of the site (rendered pages and formats, static files, assets) hands
//! these to the writer, so the type sits below all of them.

use std::path::PathBuf;

/// Where an output file's bytes come from.
#[derive(Debug, Clone)]
pub enum Contents {
    /// Rendered in memory.
    Bytes(Vec<u8>),
    /// Built into the binary (the default theme's static files).
    Embedded(&'static [u8]),
    /// Copied from a file (static folders).
    Copy(PathBuf),
    /// Written one piece after another: an export made of every brief's record shares the
    /// records the build holds anyway instead of copying them into one buffer, which on a
    /// large archive is hundreds of megabytes at the build's busiest moment.
    Pieces(Vec<std::sync::Arc<[u8]>>),
}

impl Contents {
    /// Size in bytes (0 for a copy whose source cannot be read).
    pub fn len(&self) -> usize {
        match self {
            Contents::Bytes(b) => b.len(),
            Contents::Embedded(b) => b.len(),
            Contents::Copy(p) => std::fs::metadata(p).map_or(0, |m| m.len() as usize),
            Contents::Pieces(p) => p.iter().map(|x| x.len()).sum(),
        }
    }

    /// True when there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One file of the output, at a `/`-separated path relative to the output directory.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Relative path, `/`-separated.
    pub path: String,
    /// Where its bytes come from.
    pub contents: Contents,
}
