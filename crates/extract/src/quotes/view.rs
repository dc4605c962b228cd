//! A token view of the whole text for attribution: folded words, which quoted stretch each
//! token sits in, where mentions and time expressions start and end, and the small chunking
//! helpers that find a source noun phrase left or right of a cue, skip adjuncts ("on Sunday",
//! "in a statement", "later") and find where a reported clause ends.
//!
//! Deliberately shallow: no part-of-speech tags, only closed word classes, the mentions
//! layer and capitalisation. When a parse is available (`sitrep-syntax`), `subject_before`
//! and `clause_end` are the two places to ask it instead.

use sitrep_model::{Mention, Timex};
use sitrep_text::Span;

use super::lexicon::{CueLexicon, Form};
use crate::actors::MentionInfo;
use crate::segment::{Segmentation, Token, TokenKind};

/// Prepositions that open an adjunct or stop a noun phrase.
const PREPOSITIONS: &[&str] = &[
    "on",
    "in",
    "at",
    "during",
    "to",
    "via",
    "through",
    "with",
    "after",
    "before",
    "from",
    "over",
    "by",
    "into",
    "as",
    "since",
    "until",
    "about",
    "against",
    "among",
    "between",
    "despite",
    "without",
    "within",
    "across",
    "around",
    "near",
    "under",
    "for",
    "of",
    "like",
    "amid",
    "following",
    "toward",
    "towards",
    "upon",
];

/// Prepositions that may sit inside a noun phrase ("director of the institute", "people
/// familiar with the talks", "a spokesman for the ministry").
const NP_INNER: &[&str] = &["of", "for", "at", "from", "with", "on", "in"];

const POSSESSIVE_PRONOUNS: &[&str] = &["his", "her", "its", "their", "our", "my", "your"];

#[derive(Debug)]
pub struct View<'a> {
    pub text: &'a str,
    pub seg: &'a Segmentation,
    pub lx: &'a CueLexicon,
    pub toks: &'a [Token],
    /// Folded word forms: lower case, straight apostrophes.
    pub w: Vec<String>,
    /// For each token, the quoted stretch (index into `seg.quotes`) it lies in, marks included.
    pub quote: Vec<Option<usize>>,
    /// For each token, the mention starting at it and the mention ending at it.
    pub mention_start: Vec<Option<usize>>,
    pub mention_end: Vec<Option<usize>>,
    /// For each token, whether it is inside a mention.
    pub in_mention: Vec<Option<usize>>,
    /// For each token, whether it is inside a time expression.
    pub in_time: Vec<bool>,
    pub mentions: &'a [Mention],
    pub info: &'a [MentionInfo],
}

impl<'a> View<'a> {
    pub fn new(
        text: &'a str,
        seg: &'a Segmentation,
        lx: &'a CueLexicon,
        mentions: &'a [Mention],
        info: &'a [MentionInfo],
        times: &[Timex],
    ) -> Self {
        let toks = &seg.tokens[..];
        let n = toks.len();
        let w = toks.iter().map(|t| fold_word(t.text(text))).collect();
        let mut quote = vec![None; n];
        for (qi, q) in seg.quotes.iter().enumerate() {
            let lo = toks.partition_point(|t| t.span.start < q.start);
            let hi = toks.partition_point(|t| t.span.end <= q.end);
            for slot in quote.iter_mut().take(hi).skip(lo) {
                *slot = Some(qi);
            }
        }
        let mut mention_start = vec![None; n];
        let mut mention_end = vec![None; n];
        let mut in_mention = vec![None; n];
        for (mi, m) in mentions.iter().enumerate() {
            let lo = toks.partition_point(|t| t.span.start < m.start);
            let hi = toks.partition_point(|t| t.span.end <= m.end);
            if lo >= hi || toks[lo].span.start != m.start || toks[hi - 1].span.end != m.end {
                continue;
            }
            mention_start[lo] = Some(mi);
            mention_end[hi - 1] = Some(mi);
            for slot in in_mention.iter_mut().take(hi).skip(lo) {
                *slot = Some(mi);
            }
        }
        let mut in_time = vec![false; n];
        for t in times {
            let lo = toks.partition_point(|x| x.span.start < t.start);
            let hi = toks.partition_point(|x| x.span.end <= t.end);
            for slot in in_time.iter_mut().take(hi).skip(lo) {
                *slot = true;
            }
        }
        View { text, seg, lx, toks, w, quote, mention_start, mention_end, in_mention, in_time, mentions, info }
    }

    pub fn tok_text(&self, i: usize) -> &'a str {
        self.toks[i].text(self.text)
    }

    /// Byte span of tokens `a..b` (b exclusive, a < b).
    pub fn span(&self, a: usize, b: usize) -> Span {
        Span::new(self.toks[a].span.start, self.toks[b - 1].span.end)
    }

    pub fn is_word(&self, i: usize) -> bool {
        self.toks[i].kind != TokenKind::Punct
    }

    pub fn is_cap(&self, i: usize) -> bool {
        self.is_word(i) && self.tok_text(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// Capitalised as a name, not merely as the first word of its sentence.
    pub fn is_name(&self, i: usize) -> bool {
        if !self.is_cap(i) {
            return false;
        }
        let first = self.seg.sentence_at(self.toks[i].span.start).is_some_and(|s| {
            let r = &self.seg.sentence_tokens[s];
            (r.start..i).all(|t| !self.is_word(t))
        });
        !first || self.in_mention[i].is_some()
    }

    pub fn is(&self, i: usize, word: &str) -> bool {
        self.w.get(i).is_some_and(|w| w == word)
    }

    pub fn is_any(&self, i: usize, words: &[&str]) -> bool {
        self.w.get(i).is_some_and(|w| words.contains(&w.as_str()))
    }

    pub fn is_quote_mark(&self, i: usize) -> bool {
        matches!(self.tok_text(i), "\u{201C}" | "\u{201D}" | "\"" | "\u{2018}" | "\u{2019}" | "''" | "``" | "'" | "`")
    }

    /// Whether token `i` opens quoted stretch `q` (its first token).
    pub fn opens_quote(&self, i: usize) -> Option<usize> {
        self.quote[i].filter(|&q| self.seg.quotes[q].start == self.toks[i].span.start && self.is_quote_mark(i))
    }

    /// Whether token `i` closes a quoted stretch (its last token, a closing mark).
    pub fn closes_quote(&self, i: usize) -> Option<usize> {
        self.quote[i].filter(|&q| {
            let qs = self.seg.quotes[q];
            qs.end == self.toks[i].span.end && self.is_quote_mark(i) && qs.start != self.toks[i].span.start
        })
    }

    /// Token range of quoted stretch `q`.
    pub fn quote_tokens(&self, q: usize) -> (usize, usize) {
        let s = self.seg.quotes[q];
        let lo = self.toks.partition_point(|t| t.span.start < s.start);
        let hi = self.toks.partition_point(|t| t.span.end <= s.end);
        (lo, hi.max(lo))
    }

    /// The content span of a quoted stretch: inside its marks.
    pub fn quote_inner(&self, q: usize) -> Span {
        let (lo, hi) = self.quote_tokens(q);
        // One mark, or two for doubled ASCII marks.
        let mut a = lo;
        while a < hi && a < lo + 2 && self.is_quote_mark(a) {
            a += 1;
        }
        let mut b = hi;
        if hi > a && self.closes_quote(hi - 1).is_some() {
            b -= 1;
            // The first half of a doubled ASCII mark.
            let ascii = |t: usize| matches!(self.tok_text(t), "'" | "`");
            if b > a && ascii(b) && ascii(b - 1) && self.toks[b - 1].span.end == self.toks[b].span.start {
                b -= 1;
            }
        }
        if a >= b { self.seg.quotes[q] } else { self.span(a, b) }
    }

    /// Whether the stretch was closed in its paragraph (a quote left open runs on).
    pub fn quote_closed(&self, q: usize) -> bool {
        let (lo, hi) = self.quote_tokens(q);
        hi > lo + 1 && self.closes_quote(hi - 1).is_some()
    }

    pub fn is_adverb(&self, i: usize) -> bool {
        let w = &self.w[i];
        self.lx.words.adverb.contains(w)
            || (w.len() > 4 && w.ends_with("ly") && !self.is_cap(i) && !self.lx.words.not_adverb.contains(w))
    }

    pub fn is_aux(&self, i: usize) -> bool {
        self.lx.words.aux.contains(&self.w[i]) || self.lx.words.negation.contains(&self.w[i])
    }

    pub fn is_preposition(&self, i: usize) -> bool {
        self.is_any(i, PREPOSITIONS)
    }

    pub fn is_determiner(&self, i: usize) -> bool {
        self.lx.words.determiner.contains(&self.w[i])
    }

    pub fn is_pronoun(&self, i: usize) -> bool {
        self.lx.words.pronoun.contains(&self.w[i])
    }

    pub fn is_possessive(&self, i: usize) -> bool {
        self.quote[i].is_none() && self.is_any(i, &["'s", "'"]) || self.is_any(i, POSSESSIVE_PRONOUNS)
    }

    /// A cue form at `i` (not inside a mention or quote), as (entry, form, length).
    pub fn cue_at(&self, i: usize, hi: usize) -> Option<(usize, Form, usize)> {
        if self.quote[i].is_some() || self.in_mention[i].is_some() || !self.is_word(i) {
            return None;
        }
        self.lx.cue_at(&self.w[..hi], i)
    }

    /// Whether a word could sit inside a noun phrase.
    fn np_word(&self, i: usize) -> bool {
        if self.in_mention[i].is_some() {
            return true;
        }
        let t = self.tok_text(i);
        if !self.is_word(i) {
            // Glued hyphens and possessive clitics stay inside ("al-Udeid", "Iran's").
            return matches!(t, "-" | "&" | "/") || self.is_any(i, &["'s", "'"]);
        }
        let w = &self.w[i];
        let closed_class = self.lx.words.clause_stop.contains(w)
            || self.lx.words.conjunction.contains(w)
            || self.is_adverb(i) && !self.is_cap(i) && !self.lx.words.determiner.contains(w);
        !closed_class && self.lx.cue_at(&self.w, i).is_none_or(|(_, f, _)| f == Form::Base && !self.is_cap(i))
    }

    /// The subject noun phrase ending right before `end` (exclusive), within `lo..`: a
    /// mention with its determiners and modifiers, a pronoun, or a run of noun-phrase words.
    /// Returns its token range.
    pub fn np_before(&self, lo: usize, end: usize) -> Option<(usize, usize)> {
        if end <= lo {
            return None;
        }
        let last = end - 1;
        if self.quote[last].is_some() || !self.is_word(last) && !self.is_any(last, &["'s", "'"]) {
            return None;
        }
        if self.is_pronoun(last) {
            return Some((last, end));
        }
        let mut a = end;
        let mut saw_mention = false;
        let mut k = end;
        while k > lo {
            let i = k - 1;
            if self.quote[i].is_some() || self.in_time[i] {
                break;
            }
            if let Some(m) = self.in_mention[i] {
                let start = self.toks.partition_point(|t| t.span.start < self.mentions[m].start).max(lo);
                a = start;
                k = start;
                saw_mention = true;
                continue;
            }
            // "and" joins two names ("Israel and Iran"), not two clauses.
            if self.is(i, "and") && i > lo && self.is_cap(i - 1) && a < end && self.is_cap(a) {
                a = i;
                k = i;
                continue;
            }
            // A plural noun that is also a cue form, right before the cue: "Reports say".
            if i + 1 == end && self.w[i].ends_with('s') && self.lx.cue_at(&self.w, i).is_some() {
                a = i;
                k = i;
                continue;
            }
            if (self.is_any(i, NP_INNER) || self.is(i, "to")) && a < end {
                // "of" inside a phrase needs a noun phrase on its left too.
                if i > lo && self.np_word(i - 1) && !self.is_preposition(i - 1) {
                    a = i;
                    k = i;
                    continue;
                }
                break;
            }
            if self.is_preposition(i) || !self.np_word(i) {
                break;
            }
            a = i;
            k = i;
            if end - a > 14 {
                return None;
            }
        }
        // Leading words that open a clause rather than a noun phrase.
        while a < end && (self.is_preposition(a) || self.lx.words.conjunction.contains(&self.w[a]) || self.is_adverb(a))
        {
            a += 1;
        }
        // "On Friday Araghchi said": a phrase ending in a time expression was cut above; a
        // phrase that starts with a preposition and has no mention is not a subject.
        if a >= end {
            return None;
        }
        let head = end - 1;
        if self.is_determiner(head)
            && !self.is_any(head, &["one", "two", "three", "four", "five", "several", "some", "many", "both"])
            || self.is_preposition(head)
        {
            return None;
        }
        let _ = saw_mention;
        Some((a, end))
    }

    /// The noun phrase starting at `start`, up to `hi`: for inverted attributions ("said
    /// Trump", "said a senior official, who ...") and objects. Stops at commas, quotes, clause
    /// words and prepositions other than those inside noun phrases.
    pub fn np_after(&self, start: usize, hi: usize, allow_inner: bool) -> Option<(usize, usize)> {
        let mut k = start;
        let mut saw_head = false;
        let mut open = false; // after "and" or an inner preposition: a determiner may follow
        while k < hi {
            if self.quote[k].is_some() || self.in_time[k] && saw_head {
                break;
            }
            if let Some(m) = self.mention_start[k] {
                let end = self.toks.partition_point(|t| t.span.end <= self.mentions[m].end).min(hi);
                k = end.max(k + 1);
                saw_head = true;
                open = false;
                continue;
            }
            if self.is_pronoun(k) || self.is(k, "there") {
                if k == start && !self.is_any(k, &["who", "it", "there"]) {
                    return Some((k, k + 1));
                }
                break;
            }
            if self.is(k, "and") && saw_head && k + 1 < hi && (self.is_cap(k + 1) || self.is_determiner(k + 1)) {
                k += 1;
                open = true;
                continue;
            }
            // "of" before a gerund opens a complement, not a modifier: "accused him of lying".
            if allow_inner
                && saw_head
                && self.is_any(k, NP_INNER)
                && k + 1 < hi
                && self.np_word(k + 1)
                && (!self.w[k + 1].ends_with("ing") || self.is_cap(k + 1))
            {
                k += 1;
                open = true;
                continue;
            }
            // A determiner after a head starts a new phrase: "told reporters the talks".
            if saw_head && !open && self.is_determiner(k) {
                break;
            }
            // After a determiner, a word is a modifier or noun whatever else it can be:
            // "multiple reports", "a written message", "a later post".
            let plural_noun = k > start
                && self.is_determiner(k - 1)
                && self.is_word(k)
                && !self.lx.words.clause_stop.contains(&self.w[k])
                && !self.is_determiner(k);
            if self.is_preposition(k) || !(self.np_word(k) || plural_noun) {
                break;
            }
            if !self.is_determiner(k) {
                saw_head = true;
                open = false;
            }
            k += 1;
            if k - start > 14 {
                break;
            }
        }
        // A trailing conjunction or preposition belongs to what follows.
        while k > start && (self.is(k - 1, "and") || self.is_any(k - 1, NP_INNER)) {
            k -= 1;
        }
        (k > start && saw_head).then_some((start, k))
    }

    /// Skip adjuncts after a cue: time expressions, adverbs, and short prepositional phrases
    /// naming when, where or through what it was said ("on Sunday", "in a statement",
    /// "on Truth Social", "to reporters", "in an interview with CNN").
    pub fn skip_adjuncts(&self, mut k: usize, hi: usize) -> usize {
        loop {
            if k >= hi {
                return k;
            }
            if self.in_time[k] {
                while k < hi && self.in_time[k] {
                    k += 1;
                }
                continue;
            }
            if self.is_adverb(k) && !self.is(k, "that") && self.quote[k].is_none() {
                k += 1;
                continue;
            }
            // ", however," and ", for his part,": a comma pair around an adverbial.
            if self.is(k, ",")
                && let Some(close) = (k + 1..(k + 5).min(hi)).find(|&j| self.is(j, ","))
                && (k + 1..close).all(|j| {
                    self.is_adverb(j) || self.is_any(j, &["for", "his", "her", "its", "their", "part", "in", "turn"])
                })
                && close > k + 1
            {
                k = close + 1;
                continue;
            }
            if self.is_any(
                k,
                &[
                    "on", "in", "at", "during", "to", "via", "through", "with", "after", "before", "from", "late",
                    "early", "earlier", "last", "this",
                ],
            ) && self.quote[k].is_none()
                && !(self.is(k, "at") && self.is_any(k + 1, &["least", "most"]))
            {
                // A time expression after the preposition: "on Sunday", "late Sunday".
                if k + 1 < hi && self.in_time[k + 1] {
                    k += 1;
                    continue;
                }
                if self.is_any(k, &["late", "early", "earlier", "last", "this"]) {
                    return k;
                }
                // "to" before a verb is an infinitive, not a phrase: "urged Iran to return".
                if self.is(k, "to")
                    && k + 1 < hi
                    && !(self.is_determiner(k + 1)
                        || self.is_cap(k + 1)
                        || self.mention_start[k + 1].is_some()
                        || self.is_any(k + 1, &["reporters", "journalists", "lawmakers", "supporters"]))
                {
                    return k;
                }
                let np_end = match self.np_after(k + 1, hi, true) {
                    Some((_, e)) if e - k <= 10 && !self.starts_clause(k + 1) => Some(e),
                    _ => None,
                };
                // A programme or publication title in quotes: "on NBC's “Meet the Press”".
                let title_at = np_end.unwrap_or(k + 1);
                if self.is_any(k, &["on", "in", "to"])
                    && title_at < hi
                    && let Some(q) = self.opens_quote(title_at)
                {
                    let (qa, qb) = self.quote_tokens(q);
                    if self.words_in(qa, qb) <= 6 && self.quote_closed(q) && qb < hi {
                        k = qb;
                        continue;
                    }
                }
                if let Some(e) = np_end {
                    k = e;
                    continue;
                }
            }
            return k;
        }
    }

    /// Whether a clause (subject + verb) plausibly starts at `k`: a pronoun subject or a
    /// noun phrase followed by an auxiliary or a finite-looking verb.
    pub fn starts_clause(&self, k: usize) -> bool {
        if k >= self.toks.len() {
            return false;
        }
        if self.is_any(k, &["he", "she", "they", "it", "we", "i", "you", "there"]) {
            return true;
        }
        false
    }

    /// Where the clause starting at `k` ends, within `..hi`: at a participial attribution
    /// (", adding", ", saying"), ", according to", or the end; trailing punctuation outside
    /// quotes dropped. A quote still open at that point extends the clause to its end.
    pub fn clause_end(&self, k: usize, hi: usize) -> usize {
        let mut e = hi;
        let mut j = k;
        while j < hi {
            // ", said one candidate", "— asserting that", "before claiming": another
            // attribution starts.
            if self.quote[j].is_none()
                && j > k
                && self.is_any(j, &[",", "\u{2014}", "--", ";", "before", "after", "while", "by"])
                && j + 1 < hi
                && self.quote[j + 1].is_none()
                && self.lx.cue_at(&self.w[..hi], j + 1).is_some_and(|(e, f, _)| {
                    self.lx.entries[e].kind == sitrep_model::QuoteKind::Speech
                        && (f == Form::Ing || f == Form::Finite && self.is(j, ","))
                })
            {
                e = j;
                break;
            }
            // ", diplomats said", ", while critics claimed ...": another source and cue.
            if self.quote[j].is_none() && j > k && self.is(j, ",") && self.attribution_at(j + 1, hi) {
                e = j;
                break;
            }
            if self.quote[j].is_none() && j > k && self.clause_stop_at(j, hi) {
                e = j;
                break;
            }
            // "... and said ...": a second attribution coordinated with the first.
            if self.quote[j].is_none() && j > k && self.is_any(j, &["and", "but"]) && self.coordinated_cue(j + 1, hi) {
                e = j;
                break;
            }
            if self.quote[j].is_none()
                && self.is(j, ",")
                && j + 1 < hi
                && self.quote[j + 1].is_none()
                && (self.lx.cue_at(&self.w[..hi], j + 1).is_some_and(|(_, f, _)| f == Form::Ing)
                    || self.is(j + 1, "according"))
            {
                e = j;
                break;
            }
            j += 1;
        }
        self.trim_end(k, e)
    }

    /// Boundaries a reported clause does not run past: a semicolon (another clause), a
    /// relative clause closing the sentence on its last noun (", who headed ..."; not
    /// "the campaign, which he called X, would go on").
    fn clause_stop_at(&self, j: usize, hi: usize) -> bool {
        self.is(j, ";")
            || self.is(j, ",")
                && self.is_any(j + 1, &["who", "which", "whose"])
                && !(j + 2..hi).any(|t| self.is(t, ",") && self.quote[t].is_none())
    }

    #[allow(dead_code)]
    fn clause_stop_rejected(&self, j: usize, hi: usize) -> bool {
        let on = |_c: char| true;
        // "... and has pledged ...": the source's next verb, not the reported clause.
        if on('C')
            && self.is_any(j, &["and", "but"])
            && j + 1 < hi
            && self.quote[j + 1].is_none()
            && (self.is_any(j + 1, &["has", "have", "had", "will", "would", "is", "was", "also"])
                || !self.is_cap(j + 1) && self.w[j + 1].ends_with("ed") && self.w[j + 1].len() > 4)
        {
            return true;
        }
        // "— a high sum, but ...": an aside after a dash.
        if on('D') && self.is_any(j, &["\u{2014}", "--"]) && j + 1 < hi && self.quote[j + 1].is_none() {
            return true;
        }
        false
    }

    /// Whether a source and a finite speech cue start at `k`, after a conjunction:
    /// "diplomats said", "while critics claimed", "and officials say".
    pub fn attribution_at(&self, mut k: usize, hi: usize) -> bool {
        if k < hi && self.is_any(k, &["and", "but", "while", "whereas", "though", "although"]) {
            k += 1;
        }
        if k >= hi || self.quote[k].is_some() {
            return false;
        }
        let Some((_, mut e)) = self.np_after(k, hi, true) else { return false };
        while e < hi && (self.is_aux(e) || self.is_adverb(e)) {
            e += 1;
        }
        e < hi
            && self.quote[e].is_none()
            && self
                .lx
                .cue_at(&self.w[..hi], e)
                .is_some_and(|(c, f, _)| f != Form::Ing && self.lx.entries[c].kind == sitrep_model::QuoteKind::Speech)
    }

    /// Whether a finite cue verb (after adverbs) starts at `k`: "and [later] said".
    pub fn coordinated_cue(&self, mut k: usize, hi: usize) -> bool {
        while k < hi && self.is_adverb(k) {
            k += 1;
        }
        k < hi
            && self.quote[k].is_none()
            && self.lx.cue_at(&self.w[..hi], k).is_some_and(|(e, f, _)| {
                f == Form::Finite && self.lx.entries[e].kind == sitrep_model::QuoteKind::Speech
            })
    }

    /// Drop trailing punctuation outside quotes (".", ",", ";", ":", dashes).
    pub fn trim_end(&self, k: usize, mut e: usize) -> usize {
        while e > k
            && self.quote[e - 1].is_none()
            && matches!(self.tok_text(e - 1), "." | "," | ";" | ":" | "\u{2014}" | "\u{2013}" | "-" | "--" | "!" | "?")
        {
            e -= 1;
        }
        e
    }

    /// Whether only punctuation lies in `k..hi`.
    pub fn only_punct(&self, k: usize, hi: usize) -> bool {
        (k..hi).all(|i| !self.is_word(i) && self.quote[i].is_none())
    }

    /// Number of word tokens in `a..b`.
    pub fn words_in(&self, a: usize, b: usize) -> usize {
        (a..b).filter(|&i| self.is_word(i)).count()
    }
}

/// Lower case, straight apostrophes and quotes: the form the lexicons use.
pub fn fold_word(t: &str) -> String {
    t.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' => '\'',
            _ => c,
        })
        .collect()
}
