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

/// Lowercase hex SHA-256 of what `write` writes, without keeping it in memory (a 2,000-table
/// model is 4 MB of JSON).
pub fn streamed_sha256(
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<String> {
    struct Hasher(Sha256);
    impl std::io::Write for Hasher {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.update(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    // Batches serde's many small writes into blocks for the hasher.
    let mut buffered = std::io::BufWriter::with_capacity(64 * 1024, Hasher(Sha256::new()));
    write(&mut buffered)?;
    let hasher = buffered.into_inner().map_err(|e| e.into_error())?;
    Ok(hex(&hasher.0.finalize()))
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
        let text = "x".repeat(200_000);
        let streamed = streamed_sha256(|w| {
            for chunk in text.as_bytes().chunks(7) {
                w.write_all(chunk)?;
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(streamed, bytes_sha256(text.as_bytes()));
    }

    #[test]
    fn crlf_and_lf_hash_the_same() {
        assert_eq!(text_sha256("a;\r\nb;\r\n"), text_sha256("a;\nb;\n"));
        assert_ne!(text_sha256("a;\n"), text_sha256("a; \n"));
    }
}
