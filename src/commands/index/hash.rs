//! Content hashing: what tells a file only touched (same bytes, a new
//! modification time) from one changed, for the index plan and the
//! manifest's `file` documents. It reads bytes and nothing else.

use std::io::Read;
use std::path::Path;

/// The xxh3 hash of the file's bytes, read in blocks: what tells a file
/// only touched (same bytes, new mtime) from one changed.
pub fn content_hash(path: &Path) -> std::io::Result<u64> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut block = vec![0u8; 256 << 10];
    loop {
        match file.read(&mut block) {
            Ok(0) => return Ok(hasher.digest()),
            Ok(n) => hasher.update(&block[..n]),
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_bytes_not_names_or_times() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b, c) = (
            dir.path().join("a"),
            dir.path().join("b"),
            dir.path().join("c"),
        );
        // Longer than one read block, so the blocks are hashed as one stream.
        let bytes: Vec<u8> = (0..600_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&a, &bytes).unwrap();
        std::fs::write(&b, &bytes).unwrap();
        let mut changed = bytes.clone();
        changed[300_000] ^= 1;
        std::fs::write(&c, &changed).unwrap();
        let hash = |p: &Path| content_hash(p).unwrap();
        assert_eq!(hash(&a), hash(&b));
        assert_ne!(hash(&a), hash(&c));
        assert_eq!(hash(&a), xxhash_rust::xxh3::xxh3_64(&bytes));
        assert!(content_hash(&dir.path().join("gone")).is_err());
    }
}
