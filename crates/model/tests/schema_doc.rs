//! docs/schema.md's full example must parse into the model, survive a round trip unchanged
//! (no field the types do not know, none they would add) and pass the invariant check.

use sitrep_model::{Document, check};

#[test]
fn schema_example_matches_the_types() {
    let md = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/schema.md")).unwrap();
    let start = md.find("```json\n").expect("schema.md has a json example") + 8;
    let end = start + md[start..].find("\n```").unwrap();
    let json = &md[start..end];
    let doc: Document = serde_json::from_str(json).expect("example parses as a Document");
    assert_eq!(check::check(&doc), Vec::<String>::new());
    let original: serde_json::Value = serde_json::from_str(json).unwrap();
    // Compare what is written (f32 confidences print short), not an in-memory conversion.
    let round: serde_json::Value = serde_json::from_str(&serde_json::to_string(&doc).unwrap()).unwrap();
    assert_eq!(original, round, "the example and the types disagree on fields");
}
