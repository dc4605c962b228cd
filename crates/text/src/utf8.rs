//! Strict UTF-8 decoding whose error names the line, column and byte where the input broke.

use crate::{LineIndex, Position};

/// Where a byte buffer stopped being valid UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Utf8Error {
    pub offset: usize,
    pub position: Position,
}

impl std::fmt::Display for Utf8Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid UTF-8 at {} (byte {})", self.position, self.offset)
    }
}

impl std::error::Error for Utf8Error {}

/// Decode `bytes` as UTF-8, or say where it is invalid.
pub fn decode_utf8(bytes: &[u8]) -> Result<&str, Utf8Error> {
    std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        Utf8Error { offset, position: LineIndex::new(bytes).position(bytes, offset) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_position() {
        let e = decode_utf8(b"one\ntw\xffo").unwrap_err();
        assert_eq!(e.offset, 6);
        assert_eq!(e.to_string(), "invalid UTF-8 at line 2, column 3 (byte 6)");
    }
}
