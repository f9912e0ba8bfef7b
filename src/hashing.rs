//! Stable, fast hashing of bytes and of serialisable values, for change detection.

use std::hash::Hasher;

/// FNV-1a: stable across runs and platforms (std's SipHash is randomly keyed).
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf29ce484222325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x100000001b3);
        }
    }
}

impl std::io::Write for Fnv {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        Hasher::write(self, buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A word-at-a-time hasher for in-memory maps with short keys (words, scope stacks) on hot
/// paths, where std's SipHash costs too much. Not keyed, so only for keys that come
/// from the site's own content, never for anything a request controls.
#[derive(Debug, Clone, Copy, Default)]
pub struct Fast(u64);

/// `BuildHasher` for `Fast`.
pub type FastBuild = std::hash::BuildHasherDefault<Fast>;

impl Fast {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;

    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(Self::K);
    }
}

impl Hasher for Fast {
    fn finish(&self) -> u64 {
        fmix(self.0)
    }

    fn write(&mut self, b: &[u8]) {
        self.add(bytes(b));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
}

/// Hash of some bytes, eight at a time: output files run to megabytes (`briefs.json`), and
/// a rebuild hashes them all, so a byte-at-a-time loop (FNV) is too slow here.
pub fn bytes(b: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h = 0xcbf2_9ce4_8422_2325 ^ (b.len() as u64).wrapping_mul(K);
    let mut words = b.chunks_exact(8);
    for w in &mut words {
        let w = u64::from_le_bytes(w.try_into().expect("eight bytes"));
        h = (h ^ w).wrapping_mul(K).rotate_left(31);
    }
    // The tail as a little-endian word, built byte by byte: most search tokens are shorter
    // than eight bytes, and a variable-length copy into a buffer is a call to memcpy.
    let tail = words.remainder().iter().rev().fold(0u64, |t, &b| (t << 8) | b as u64);
    h = (h ^ tail).wrapping_mul(K);
    fmix(h)
}

/// Hash of a value's JSON serialisation: equal values hash equally.
pub fn value<T: serde::Serialize + ?Sized>(v: &T) -> u64 {
    let mut h = Fnv::default();
    // Serialising into a hasher cannot fail for our own types; a failure only weakens the hash.
    let _ = serde_json::to_writer(&mut h, v);
    h.finish()
}

/// Combine hashes in order: a word at a time, as page signatures combine thousands of them
/// on every rebuild.
pub fn combine(parts: impl IntoIterator<Item = u64>) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        h = (h ^ p).wrapping_mul(K).rotate_left(29);
    }
    fmix(h)
}

/// MurmurHash3's finaliser: every input bit reaches every output bit.
fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_and_order_sensitive() {
        assert_eq!(bytes(b"abc"), bytes(b"abc"));
        assert_ne!(bytes(b"abc"), bytes(b"acb"));
        assert_ne!(bytes(b""), bytes(b"\0"));
        assert_ne!(bytes(b"0123456789abcdef"), bytes(b"0123456789abcdeF"));
        assert_eq!(value(&vec!["a", "b"]), value(&vec!["a", "b"]));
        assert_ne!(combine([1, 2]), combine([2, 1]));
        assert_ne!(combine([0]), combine([0, 0]));
    }
}
