//! When a capital or a country stands for its state or government ("Washington warned",
//! "urged Tehran", "Moscow's position", "sanctions on Iran") rather than for the place
//! ("sirens in Tehran", "flew to Moscow"). One decision, from `resources/actors/metonymy.tsv`,
//! used by the actor stage for capitals and by the places stage for countries.
//!
//! In order: a listed word pair before the name ("talks with", "sanctions on") makes it the
//! government; a locative word before it ("in", "across", "to") the place; then, after the
//! name (and after any names coordinated with it: "Paris and Berlin pushed"), a verb
//! (listed, or a past tense in "-ed": "Washington imposed"), "to" and a verb ("expect Riyadh
//! to keep"), or "'s" and a word of policy ("Tehran's response") make it the government; so
//! does a verb of pressure or judgement before it ("urged Tehran"). Otherwise it is the place.

use std::collections::HashSet;

pub(crate) const METONYMY: &str = include_str!("../../resources/actors/metonymy.tsv");

/// How a capital or country name is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    Government,
    Place,
}

#[derive(Debug, Clone, Default)]
pub struct Metonymy {
    gov_after: HashSet<String>,
    place_before: HashSet<String>,
    gov_possession: HashSet<String>,
    gov_object: HashSet<String>,
    /// Two folded words before the name: "talks with", "sanctions on".
    gov_before: HashSet<String>,
    /// Words in "-ed" after a name that are not its verb ("based", "led").
    not_verb: HashSet<String>,
}

impl Metonymy {
    /// The committed list. Panics on a malformed file: the data is ours and tested.
    pub fn load() -> Self {
        Self::parse(METONYMY).unwrap_or_else(|e| panic!("metonymy.tsv: {e}"))
    }

    pub fn parse(src: &str) -> Result<Self, String> {
        let mut m = Metonymy::default();
        let mut header = false;
        for (n, line) in src.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            if !header {
                header = true;
                continue;
            }
            let (kind, word) =
                line.split_once('\t').ok_or_else(|| format!("line {}: expected kind<TAB>word", n + 1))?;
            let set = match kind {
                "gov_after" => &mut m.gov_after,
                "place_before" => &mut m.place_before,
                "gov_possession" => &mut m.gov_possession,
                "gov_object" => &mut m.gov_object,
                "gov_before" => &mut m.gov_before,
                "not_verb" => &mut m.not_verb,
                _ => return Err(format!("line {}: unknown kind {kind:?}", n + 1)),
            };
            set.insert(word.trim().to_lowercase());
        }
        Ok(m)
    }

    /// The reading of the name at tokens [start, end) of a sentence whose folded words are
    /// `words` (possessive clitics as `'s`). `name_before(i)`: if token `i` ends another
    /// capital or country name, where that name starts; `name_after(i)`: if one starts at
    /// `i`, where it ends. They let coordinated names share their context.
    pub fn reading(
        &self,
        words: &[String],
        start: usize,
        end: usize,
        name_before: &dyn Fn(usize) -> Option<usize>,
        name_after: &dyn Fn(usize) -> Option<usize>,
    ) -> Reading {
        let w = |i: usize| words.get(i).map_or("", String::as_str);
        // Back over "X and", "X,": "between Washington and [Tehran]".
        let mut b = start;
        while b >= 2 && matches!(w(b - 1), "and" | "or" | ",") {
            match name_before(b - 2) {
                Some(s) => b = s,
                None => break,
            }
        }
        // Forward over ", Y", "and Y": "[Paris] and Berlin pushed".
        let mut e = end;
        while matches!(w(e), "and" | "or" | ",") {
            match name_after(e + 1) {
                Some(x) => e = x,
                None => break,
            }
        }
        // "between the UK and ...": the article does not count.
        if b > 0 && w(b - 1) == "the" {
            b -= 1;
        }
        let before = if b > 0 { w(b - 1) } else { "" };
        let before2 = if b > 1 { format!("{} {}", w(b - 2), w(b - 1)) } else { String::new() };
        if self.gov_before.contains(&before2) {
            return Reading::Government;
        }
        if self.place_before.contains(before) {
            return Reading::Place;
        }
        // An adverb may stand between subject and verb: "Washington strongly condemned".
        let mut a = e;
        if w(a).ends_with("ly") && w(a).len() > 4 || matches!(w(a), "also" | "now" | "still" | "again" | "then" | "too")
        {
            a += 1;
        }
        let after = w(a);
        if self.gov_after.contains(after) || self.past_verb(after) && w(a + 1) != "by" {
            return Reading::Government;
        }
        // Opening the sentence before a comma: "The UK, as part of the coalition, is ..."
        // (not a dateline: "KYIV, June 14").
        let date_follows = w(e + 1).chars().next().is_some_and(|c| c.is_ascii_digit()) || MONTHS.contains(&w(e + 1));
        if b == 0 && w(e) == "," && !date_follows {
            return Reading::Government;
        }
        // A word of policy right after: "UK support", "Iran policy".
        if self.gov_possession.contains(after) && e == a {
            return Reading::Government;
        }
        if matches!(w(e), "'s" | "'")
            && (self.gov_possession.contains(w(e + 1)) || self.gov_possession.contains(w(e + 2)))
        {
            return Reading::Government;
        }
        // "expect Riyadh to keep", "push Moscow to negotiate".
        if w(e) == "to"
            && w(e + 1).chars().all(char::is_lowercase)
            && !w(e + 1).is_empty()
            && !matches!(w(e + 1), "the" | "a" | "an" | "its" | "their" | "his" | "her" | "our" | "this" | "that")
        {
            return Reading::Government;
        }
        if self.gov_object.contains(before) {
            return Reading::Government;
        }
        Reading::Place
    }

    /// A past tense a name could be the subject of: "imposed", "brokered".
    fn past_verb(&self, w: &str) -> bool {
        w.len() >= 5 && w.ends_with("ed") && w.chars().all(|c| c.is_ascii_lowercase()) && !self.not_verb.contains(w)
    }
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn read(sentence: &str, name: &str) -> Reading {
        let words: Vec<String> = sentence.replace("'s", " 's").split_whitespace().map(|w| w.to_lowercase()).collect();
        let names = ["washington", "tehran", "moscow", "paris", "berlin", "iran", "kyiv", "riyadh"];
        let i = words.iter().position(|w| w == &name.to_lowercase()).unwrap();
        let before = |k: usize| names.contains(&words.get(k).map_or("", String::as_str)).then_some(k);
        let after = |k: usize| names.contains(&words.get(k).map_or("", String::as_str)).then_some(k + 1);
        Metonymy::load().reading(&words, i, i + 1, &before, &after)
    }

    #[test]
    fn governments_and_places() {
        use Reading::*;
        assert_eq!(read("Washington would bear responsibility", "Washington"), Government);
        assert_eq!(read("Washington imposed fresh sanctions", "Washington"), Government);
        assert_eq!(read("Washington strongly condemned the attack", "Washington"), Government);
        assert_eq!(read("Paris and Berlin pushed for a meeting", "Paris"), Government);
        assert_eq!(read("talks between Washington and Tehran stalled", "Tehran"), Government);
        assert_eq!(read("a message to Moscow from Europe", "Moscow"), Government);
        assert_eq!(read("new sanctions on Iran", "Iran"), Government);
        assert_eq!(read("closer ties with Kyiv", "Kyiv"), Government);
        assert_eq!(read("analysts expect Riyadh to keep output steady", "Riyadh"), Government);
        assert_eq!(read("Tehran's response was swift", "Tehran"), Government);
        assert_eq!(read("urged Tehran to return", "Tehran"), Government);
        assert_eq!(read("explosions in Tehran overnight", "Tehran"), Place);
        assert_eq!(read("the minister flew to Moscow on Tuesday", "Moscow"), Place);
        assert_eq!(read("the road from Kyiv to the border", "Kyiv"), Place);
        assert_eq!(read("Tehran's streets were quiet", "Tehran"), Place);
        assert_eq!(read("Tehran-based analysts", "Tehran-based"), Place);
        assert_eq!(read("the UK stands by Iraq", "UK"), Government);
        assert_eq!(read("relations between the Kyiv and Moscow", "Moscow"), Government);
        assert_eq!(read("a ceasefire announced by Moscow", "Moscow"), Government);
        assert_eq!(read("Iran faces new pressure", "Iran"), Government);
        assert_eq!(read("in Iran faces are tired", "Iran"), Place);
        assert_eq!(read("KYIV , June 14 (Reuters) - Russia", "Kyiv"), Place);
        assert_eq!(read("Aleppo and the Kyiv suburbs", "Kyiv"), Place);
    }

    #[test]
    fn bad_lines_rejected() {
        assert!(Metonymy::parse("kind\tword\nnope\tx\n").is_err());
        assert!(Metonymy::parse("kind\tword\ngov_after\n").is_err());
    }
}
