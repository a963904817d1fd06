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
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for byte in digest.iter() {
        out.push_str(&format!("{byte:02x}"));
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
    fn crlf_and_lf_hash_the_same() {
        assert_eq!(text_sha256("a;\r\nb;\r\n"), text_sha256("a;\nb;\n"));
        assert_ne!(text_sha256("a;\n"), text_sha256("a; \n"));
    }
}
