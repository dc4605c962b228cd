//! Byte offsets to UTF-16 code units, at the HTTP edge only: the store and every stage keep
//! byte offsets into the article text, and a browser's `String` indexes UTF-16.

use serde_json::Value;

/// Maps byte offsets of one text to UTF-16 offsets.
pub struct Utf16Map {
    /// `units[b]` is the UTF-16 offset of byte `b` (for every byte position, so an offset
    /// inside a character maps to that character's start; the store never writes one).
    units: Vec<u32>,
}

impl Utf16Map {
    pub fn new(text: &str) -> Self {
        let mut units = Vec::with_capacity(text.len() + 1);
        let mut u = 0u32;
        for c in text.chars() {
            for _ in 0..c.len_utf8() {
                units.push(u);
            }
            u += c.len_utf16() as u32;
        }
        units.push(u);
        Utf16Map { units }
    }

    /// The UTF-16 offset of byte offset `b`; offsets past the end map to the end.
    pub fn at(&self, b: usize) -> u32 {
        self.units.get(b).copied().unwrap_or_else(|| *self.units.last().unwrap_or(&0))
    }
}

/// Rewrite every `start`/`end` pair in a serialized sitrep/1 document (sentences, mentions,
/// times, places, quotes with their cue and source spans, event triggers and arguments,
/// diagnostics) from bytes to UTF-16 offsets of `text`. Every span in the model is such a
/// pair and no other field uses those names, so a walk over the JSON finds them all.
pub fn convert_document(doc: &mut Value, text: &str) {
    let map = Utf16Map::new(text);
    walk(doc, &map);
}

fn walk(v: &mut Value, map: &Utf16Map) {
    match v {
        Value::Object(o) => {
            for key in ["start", "end"] {
                if let Some(Value::Number(n)) = o.get(key)
                    && let Some(b) = n.as_u64()
                {
                    o.insert(key.to_string(), Value::from(map.at(b as usize)));
                }
            }
            o.values_mut().for_each(|c| walk(c, map));
        }
        Value::Array(items) => items.iter_mut().for_each(|c| walk(c, map)),
        _ => {}
    }
}

/// Split a snippet carrying `\u{2}`…`\u{3}` match markers into clean text and the UTF-16
/// ranges of the matches in it.
pub fn split_marks(marked: &str) -> (String, Vec<[u32; 2]>) {
    let mut out = String::with_capacity(marked.len());
    let mut ranges = Vec::new();
    let mut units = 0u32;
    let mut open = None;
    for c in marked.chars() {
        match c {
            '\u{2}' => open = Some(units),
            '\u{3}' => {
                if let Some(s) = open.take() {
                    ranges.push([s, units]);
                }
            }
            c => {
                out.push(c);
                units += c.len_utf16() as u32;
            }
        }
    }
    (out, ranges)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_utf16_units() {
        // "é" is 2 bytes / 1 unit; "𝄞" is 4 bytes / 2 units; "’" is 3 bytes / 1 unit.
        let text = "é𝄞’a";
        let m = Utf16Map::new(text);
        assert_eq!([m.at(0), m.at(2), m.at(6), m.at(9), m.at(10), m.at(99)], [0, 1, 3, 4, 5, 5]);
        let js: Vec<u16> = text.encode_utf16().collect();
        assert_eq!(String::from_utf16(&js[m.at(9) as usize..m.at(10) as usize]).unwrap(), "a");
    }

    #[test]
    fn documents_convert_every_span() {
        let text = "Iran’s “No” — said Araghchi.";
        let b = |s: &str| text.find(s).unwrap();
        let mut doc = serde_json::json!({
            "text": text,
            "quotes": [{"start": b("No"), "end": b("No") + 2, "text": "No",
                        "cue": {"start": b("said"), "end": b("said") + 4, "text": "said"}}],
            "diagnostics": [{"level": "info", "message": "x"}],
        });
        convert_document(&mut doc, text);
        let units: Vec<u16> = text.encode_utf16().collect();
        let cut = |s: &Value| {
            let (s, e) = (s["start"].as_u64().unwrap() as usize, s["end"].as_u64().unwrap() as usize);
            String::from_utf16(&units[s..e]).unwrap()
        };
        assert_eq!(cut(&doc["quotes"][0]), "No");
        assert_eq!(cut(&doc["quotes"][0]["cue"]), "said");
        assert_eq!(doc["text"], text, "text untouched");
    }

    #[test]
    fn snippet_marks_become_ranges() {
        let (s, r) = split_marks("… Iran’s \u{2}Natanz\u{3} site");
        assert_eq!(s, "… Iran’s Natanz site");
        let u: Vec<u16> = s.encode_utf16().collect();
        assert_eq!(String::from_utf16(&u[r[0][0] as usize..r[0][1] as usize]).unwrap(), "Natanz");
    }
}
