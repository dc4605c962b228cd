//! Line index: turns byte offsets into 1-based line and column numbers for error messages.

/// A 1-based line and column (column counted in characters, as editors show it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// Start offsets of every line of a byte buffer.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(bytes: &[u8]) -> Self {
        let mut starts = vec![0];
        starts.extend(bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// Position of byte `offset`; the column counts UTF-8 characters (invalid bytes count one each).
    pub fn position(&self, bytes: &[u8], offset: usize) -> Position {
        let offset = offset.min(bytes.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        // Count characters: every byte that is not a UTF-8 continuation byte starts one.
        let column = bytes[start..offset].iter().filter(|b| (**b & 0xC0) != 0x80).count() + 1;
        Position { line: line + 1, column }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions() {
        let b = "ab\ncé d\n".as_bytes();
        let idx = LineIndex::new(b);
        assert_eq!(idx.position(b, 0), Position { line: 1, column: 1 });
        assert_eq!(idx.position(b, 3), Position { line: 2, column: 1 });
        // "cé " is 4 bytes, so the 'd' at byte 7 is the 4th character of line 2
        assert_eq!(idx.position(b, 7), Position { line: 2, column: 4 });
        assert_eq!(idx.position(b, 99), Position { line: 3, column: 1 });
    }
}
