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

/// Bytes written a piece at a time, ending as `Contents::Pieces`: an export of the whole
/// archive (tens of megabytes on a large site) is never one buffer grown by doubling and copied
/// once more at the end, so making it costs about its own size in memory rather than two or
/// three times that, at the end of a build when everything else is held too.
#[derive(Debug, Default)]
pub struct Chunks {
    done: Vec<std::sync::Arc<[u8]>>,
    open: Vec<u8>,
}

/// The size at which a piece of `Chunks` is sealed: large enough that writing the pieces costs
/// no more calls than a buffered writer's, small enough to be nothing next to the file.
const CHUNK: usize = 1 << 18;

impl Chunks {
    /// No bytes yet.
    pub fn new() -> Chunks {
        Chunks::default()
    }

    /// Append `bytes`.
    pub fn extend(&mut self, bytes: &[u8]) {
        if self.open.capacity() == 0 {
            self.open.reserve(CHUNK + CHUNK / 4);
        }
        self.open.extend_from_slice(bytes);
        if self.open.len() >= CHUNK {
            self.seal();
        }
    }

    fn seal(&mut self) {
        if !self.open.is_empty() {
            self.done.push(std::sync::Arc::from(&self.open[..]));
            self.open.clear();
        }
    }

    /// The bytes written, as the contents of a file.
    pub fn finish(mut self) -> Contents {
        self.seal();
        Contents::Pieces(self.done)
    }
}

impl std::io::Write for Chunks {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.extend(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;

    #[test]
    fn chunks_keep_every_byte_in_order_in_pieces_of_bounded_size() {
        let mut chunks = Chunks::new();
        let mut want = Vec::new();
        for i in 0..200_000u32 {
            let s = format!("{i},");
            chunks.extend(s.as_bytes());
            want.extend_from_slice(s.as_bytes());
        }
        // A write larger than a piece stays whole, and what follows starts a new piece.
        let big = vec![b'x'; 3 * CHUNK];
        chunks.write_all(&big).unwrap();
        want.extend_from_slice(&big);
        write!(chunks, "end").unwrap();
        want.extend_from_slice(b"end");
        let Contents::Pieces(pieces) = chunks.finish() else { panic!("pieces") };
        assert!(pieces.len() > 4, "{} pieces", pieces.len());
        assert!(pieces.iter().all(|p| !p.is_empty()));
        assert!(pieces.iter().filter(|p| p.len() > 2 * CHUNK).count() == 1);
        assert_eq!(pieces.concat(), want);
        let Contents::Pieces(none) = Chunks::new().finish() else { panic!("pieces") };
        assert!(none.is_empty());
    }
}
