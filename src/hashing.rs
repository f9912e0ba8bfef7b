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

/// Hash of some bytes.
pub fn bytes(b: &[u8]) -> u64 {
    let mut h = Fnv::default();
    h.write(b);
    h.finish()
}

/// Hash of a value's JSON serialisation: equal values hash equally.
pub fn value<T: serde::Serialize + ?Sized>(v: &T) -> u64 {
    let mut h = Fnv::default();
    // Serialising into a hasher cannot fail for our own types; a failure only weakens the hash.
    let _ = serde_json::to_writer(&mut h, v);
    h.finish()
}

/// Combine hashes in order.
pub fn combine(parts: impl IntoIterator<Item = u64>) -> u64 {
    let mut h = Fnv::default();
    for p in parts {
        h.write_u64(p);
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_and_order_sensitive() {
        assert_eq!(bytes(b"abc"), bytes(b"abc"));
        assert_ne!(bytes(b"abc"), bytes(b"acb"));
        assert_eq!(value(&vec!["a", "b"]), value(&vec!["a", "b"]));
        assert_ne!(combine([1, 2]), combine([2, 1]));
    }
}
