//! The words around a name that decide whether and how it is a place
//! (`resources/places/cues.tsv`), and the place names that are also common English words
//! (`resources/places/common_words.txt`). Loaded and checked once.

use std::collections::HashSet;

use super::gazetteer::key;

pub(crate) const CUES_TSV: &str = include_str!("../../resources/places/cues.tsv");
pub(crate) const COMMON_WORDS: &str = include_str!("../../resources/places/common_words.txt");

#[derive(Debug, Clone, Default)]
pub struct Cues {
    pub locative: HashSet<String>,
    pub place_prep: HashSet<String>,
    pub motion_prep: HashSet<String>,
    pub motion: HashSet<String>,
    pub direction: HashSet<String>,
    pub feature_after: HashSet<String>,
    pub region_word: HashSet<String>,
    pub feature_before: HashSet<String>,
    pub title: HashSet<String>,
    pub speech_after: HashSet<String>,
    pub head_before: HashSet<String>,
    pub head_after: HashSet<String>,
    pub admin_head: HashSet<String>,
    pub never: HashSet<String>,
    pub particle: HashSet<String>,
    /// Place names that are also everyday words ("split", "hit"), folded.
    pub common: HashSet<String>,
}

impl Cues {
    /// Load the committed lists. Panics on a malformed file: the data is ours and tested.
    pub fn load() -> Self {
        Self::parse(CUES_TSV, COMMON_WORDS).unwrap_or_else(|e| panic!("places cues: {e}"))
    }

    pub fn parse(cues: &str, common: &str) -> Result<Self, String> {
        let mut c = Cues::default();
        let mut header = false;
        for (n, line) in cues.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            if !header {
                header = true;
                continue;
            }
            let (kind, words) =
                line.split_once('\t').ok_or_else(|| format!("cues.tsv:{}: expected kind<TAB>words", n + 1))?;
            let set = match kind {
                "locative" => &mut c.locative,
                "place_prep" => &mut c.place_prep,
                "motion_prep" => &mut c.motion_prep,
                "motion" => &mut c.motion,
                "direction" => &mut c.direction,
                "feature_after" => &mut c.feature_after,
                "region_word" => &mut c.region_word,
                "feature_before" => &mut c.feature_before,
                "title" => &mut c.title,
                "speech_after" => &mut c.speech_after,
                "head_before" => &mut c.head_before,
                "head_after" => &mut c.head_after,
                "admin_head" => &mut c.admin_head,
                "never" => &mut c.never,
                "particle" => &mut c.particle,
                k => return Err(format!("cues.tsv:{}: unknown kind {k:?}", n + 1)),
            };
            let k = key(words);
            if k.is_empty() {
                return Err(format!("cues.tsv:{}: empty words", n + 1));
            }
            set.insert(k);
        }
        for line in common.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            c.common.insert(key(line));
        }
        Ok(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_load() {
        let c = Cues::load();
        assert!(c.locative.contains("in") && c.locative.contains("parts of"));
        assert!(c.direction.contains("north west"), "hyphenated directions are keyed with a space");
        assert!(c.region_word.contains("province"));
        assert!(c.common.contains("split"));
        assert!(c.head_before.contains("mount") && c.head_after.contains("dam") && c.never.contains("ramadan"));
        assert!(!c.locative.contains("on"), "'on' puts towns, not countries, on the map");
        assert!(Cues::parse("kind\twords\nnope\tx\n", "").is_err());
        assert!(Cues::parse("kind\twords\nlocative\n", "").is_err());
    }
}
