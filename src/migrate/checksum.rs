//! SHA-256 of migration and snapshot files, with line endings normalised so that a checkout
//! with CRLF line endings does not read as an edit.

use sha2::{Digest, Sha256};

/// Lowercase hex SHA-256 of `text` after replacing every CRLF with LF.
pub fn text_sha256(text: &str) -> String {
    let normalised;
    let text = if text.contains("\r\n") {
        normalised = text.replace("\r\n", "\n");
        normalised.as_str()
    } else {
        text
    };
    bytes_sha256(text.as_bytes())
}

/// Lowercase hex SHA-256 of raw bytes.
pub fn bytes_sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Computes a SHA-256 of what is written to it, without keeping it in memory (a 2,000-table
/// model is 4 MB of JSON). Writes are gathered in a buffer so that serde's many small writes
/// reach the hasher in blocks; it is a concrete type, not `dyn Write`, so they inline.
pub struct Sha256Writer {
    hasher: Sha256,
    buffer: Vec<u8>,
}

impl Sha256Writer {
    const BLOCK: usize = 64 * 1024;

    pub fn new() -> Self {
        Sha256Writer {
            hasher: Sha256::new(),
            buffer: Vec::with_capacity(Self::BLOCK),
        }
    }

    /// Lowercase hex SHA-256 of everything written.
    pub fn finish(mut self) -> String {
        self.hasher.update(&self.buffer);
        hex(&self.hasher.finalize())
    }
}

impl Default for Sha256Writer {
    fn default() -> Self {
        Sha256Writer::new()
    }
}

impl std::io::Write for Sha256Writer {
    #[inline]
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.write_all(bytes)?;
        Ok(bytes.len())
    }

    #[inline]
    fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= Self::BLOCK {
            self.hasher.update(&self.buffer);
            self.buffer.clear();
        }
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn hex(digest: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(digest.len() * 2);
    for byte in digest {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_vector() {
        assert_eq!(
            bytes_sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn streamed_equals_whole() {
        use std::io::Write;
        let text = "x".repeat(200_000);
        let mut writer = Sha256Writer::new();
        for chunk in text.as_bytes().chunks(7) {
            writer.write_all(chunk).unwrap();
        }
        writer.write_all(text.as_bytes()).unwrap();
        let twice = text.repeat(2);
        assert_eq!(writer.finish(), bytes_sha256(twice.as_bytes()));
    }

    #[test]
    fn crlf_and_lf_hash_the_same() {
        assert_eq!(text_sha256("a;\r\nb;\r\n"), text_sha256("a;\nb;\n"));
        assert_ne!(text_sha256("a;\n"), text_sha256("a; \n"));
    }
}
