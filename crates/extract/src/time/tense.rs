//! Tense of the clause around a time expression, which decides whether a bare "Thursday" or
//! "in March" points back or forward: "struck on Thursday" (past), "will meet on Thursday"
//! (future), "talks start Monday" (present of a schedule: forward).

use super::lexicon::Cue;
use super::recognize::Words;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tense {
    Past,
    /// Present simple or progressive: a schedule ("begins Sunday") points forward.
    Present,
    Future,
    /// A plan told in the past ("was scheduled for Sunday", "had been due to expire Friday"):
    /// the day planned may have come or not; the nearer occurrence wins.
    Planned,
    Unknown,
}

/// Words that end the clause an expression belongs to when scanning away from it.
fn is_boundary(w: &str) -> bool {
    matches!(
        w,
        "," | ";"
            | ":"
            | "that"
            | "when"
            | "while"
            | "because"
            | "but"
            | "after"
            | "before"
            | "since"
            | "until"
            | "if"
            | "-"
            | "--"
            | "\u{2014}"
            | "\u{2013}"
            | "("
            | ")"
            | "\""
            | "and"
            | "which"
            | "who"
            | "where"
    )
}

/// Verbs of attribution: "..., officials said" reports when it was said, not when what they
/// said happened, so it governs an expression before it only when nothing else does.
fn is_attribution(w: &str) -> bool {
    matches!(
        w,
        "said"
            | "says"
            | "say"
            | "told"
            | "tells"
            | "added"
            | "adds"
            | "reported"
            | "reports"
            | "according"
            | "announced"
            | "stated"
            | "noted"
            | "wrote"
            | "confirmed"
    )
}

/// Tense governing tokens `a..b` of a sentence whose usable tokens are `lo..hi` (the quote
/// the expression sits in, or the whole sentence). The nearest verb before the expression in
/// its own clause wins; else the nearest after it (an attribution verb only as a last resort);
/// else the nearest before, across a clause boundary.
pub fn governing_tense(words: &Words, a: usize, b: usize, lo: usize, hi: usize) -> Tense {
    let mut crossed = false;
    let mut behind = None;
    let mut i = a;
    let mut steps = 0;
    while i > lo && steps < 16 {
        i -= 1;
        steps += 1;
        if let Some(t) = classify(words, i, lo) {
            behind = Some(t);
            break;
        }
        if is_boundary(words.w[i].as_str()) {
            crossed = true;
        }
    }
    if let (Some(t), false) = (behind, crossed) {
        return t;
    }
    let mut j = b;
    if words.w.get(j).is_some_and(|w| w == ",") {
        j += 1;
    }
    let mut steps = 0;
    let mut attribution = None;
    while j < hi && steps < 10 {
        if let Some(t) = classify(words, j, lo) {
            if !is_attribution(&words.w[j]) {
                return t;
            }
            // what follows an attribution verb is what was said: another clause
            attribution = attribution.or(Some(t));
            break;
        }
        if is_boundary(words.w[j].as_str()) {
            break;
        }
        j += 1;
        steps += 1;
    }
    behind.or(attribution).unwrap_or(Tense::Unknown)
}

fn classify(words: &Words, i: usize, lo: usize) -> Option<Tense> {
    let w = words.w[i].as_str();
    let prev = |k: usize| if i >= lo + k { words.w[i - k].as_str() } else { "" };
    let next = words.w.get(i + 1).map_or("", String::as_str);
    match words.lx.cue_of(w)? {
        Cue::Future | Cue::Conditional => Some(Tense::Future),
        Cue::FutureAdj => {
            // "had been due to expire Friday": a plan in the past.
            if prev(1) == "been" && matches!(prev(2), "had" | "hadn't") {
                return Some(Tense::Planned);
            }
            let strong = matches!(w, "upcoming" | "forthcoming");
            let verb_form = matches!(w, "planned" | "expected" | "set" | "scheduled" | "slated" | "due");
            match prev(1) {
                // "was expected to", "were scheduled for": a plan reported in the past
                "was" | "were" if verb_form => return Some(Tense::Planned),
                "is" | "are" | "'s" | "'re" | "be" | "been" | "being" if verb_form => return Some(Tense::Future),
                _ => {}
            }
            // "the government planned to pay", "set Friday as the deadline": a past verb
            if w == "planned" && next == "to" {
                return Some(Tense::Past);
            }
            if w == "set" && !matches!(next, "to" | "for") {
                return Some(Tense::Past);
            }
            (strong || matches!(next, "to" | "for")).then_some(Tense::Future)
        }
        Cue::Past => {
            // "a still unspecified date", "the expected vote": a regular -ed form after a
            // determiner or degree word is an adjective.
            let regular = !words.lx.cue.contains_key(w);
            if regular
                && matches!(
                    prev(1),
                    "a" | "an"
                        | "the"
                        | "its"
                        | "their"
                        | "his"
                        | "her"
                        | "this"
                        | "that"
                        | "these"
                        | "those"
                        | "still"
                        | "very"
                        | "newly"
                        | "recently"
                        | "well"
                        | "long"
                        | "much"
                        | "most"
                        | "more"
                        | "some"
                        | "any"
                        | "no"
                        | "'s"
                )
            {
                return None;
            }
            // "decided to admit them in March": the time belongs to the intended act
            if next == "to"
                && matches!(
                    w,
                    "decided"
                        | "agreed"
                        | "voted"
                        | "promised"
                        | "pledged"
                        | "vowed"
                        | "threatened"
                        | "planned"
                        | "offered"
                        | "prepared"
                        | "sought"
                        | "aimed"
                        | "intended"
                        | "hoped"
                        | "arranged"
                        | "resolved"
                        | "asked"
                        | "urged"
                        | "ordered"
                        | "invited"
                )
            {
                return Some(Tense::Future);
            }
            match prev(1) {
                "be" if matches!(
                    prev(2),
                    "will" | "would" | "could" | "may" | "might" | "should" | "must" | "can" | "to" | "'ll"
                ) =>
                {
                    Some(Tense::Future)
                }
                "is" | "are" | "am" | "be" | "'re" | "'m" => Some(Tense::Present),
                "will" | "would" => Some(Tense::Future),
                _ => Some(Tense::Past),
            }
        }
        Cue::PastParticiple => {
            matches!(prev(1), "has" | "have" | "had" | "'ve" | "was" | "were").then_some(Tense::Past)
        }
        Cue::AuxPast => Some(Tense::Past),
        Cue::AuxPresent => {
            let perfect = matches!(w, "has" | "have" | "hasn't" | "haven't" | "'ve")
                && (words.lx.cue_of(next).is_some_and(|c| matches!(c, Cue::Past | Cue::PastParticiple))
                    || (matches!(next, "not" | "n't" | "never" | "already" | "just" | "since")
                        && words.w.get(i + 2).is_some_and(|n| {
                            words.lx.cue_of(n).is_some_and(|c| matches!(c, Cue::Past | Cue::PastParticiple))
                        })));
            Some(if perfect { Tense::Past } else { Tense::Present })
        }
        Cue::Scheduled => {
            let (p1, p2) = (prev(1), prev(2));
            // "the close of business", "its meeting end": a noun, not a verb.
            if matches!(
                p1,
                "the" | "a" | "an" | "its" | "their" | "his" | "her" | "this" | "that" | "each" | "every" | "'s"
            ) || matches!(next, "of" | "'s")
            {
                return None;
            }
            let aux = if matches!(p1, "not" | "n't") { p2 } else { p1 };
            // "had been scheduled to expire Friday": the infinitive takes the tense of the
            // plan it depends on when that plan is in the past.
            if aux == "to"
                && i >= lo + 2
                && let Some(t @ (Tense::Past | Tense::Planned)) = classify(words, i - 2, lo)
            {
                return Some(t);
            }
            match aux {
                "to" | "will" | "would" | "could" | "might" | "may" | "shall" | "'ll" | "wo" => Some(Tense::Future),
                "did" | "didn't" => Some(Tense::Past),
                _ => Some(Tense::Present),
            }
        }
        Cue::NotPastEd => None,
    }
}
