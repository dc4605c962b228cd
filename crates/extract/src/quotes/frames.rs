//! Attribution frames around cue verbs, one sentence at a time: where the source is (before
//! the cue, after it in an inverted "said X", or the subject of a participle chain
//! ", adding ..."), where the content is (a that- or bare clause, a quote, a to-infinitive,
//! an object, or — for a cue closing its clause — everything before it), "according to X"
//! on either side of its content or after it ("That's according to ..." attributes the
//! sentence before), and explicit non-responses ("declined to comment").

use sitrep_model::{MentionKind, QuoteKind, Span};

use super::Draft;
use super::lexicon::Form;
use super::view::View;
use crate::segment::TokenKind;

/// Words after which a cue form is a noun ("the report", "Israel's plan", "of claims").
fn noun_context(v: &View, c0: usize, lo: usize) -> bool {
    if c0 <= lo {
        return false;
    }
    let p = c0 - 1;
    if v.is_determiner(p) && !v.is_any(p, &["that", "both", "all"]) || v.is_possessive(p) {
        return true;
    }
    if v.is_preposition(p) && !v.is_any(p, &["as"]) {
        return true;
    }
    // A nationality adjective: "the Israeli plan".
    if let Some(m) = v.mention_end[p]
        && v.mentions[m].kind == MentionKind::Norp
        && v.mentions[m].evidence.rule == "actor.adjective"
    {
        return true;
    }
    false
}

/// The first subject of the clause before `end`: a mention or pronoun not governed by a
/// preposition (for participle chains: "Iran threatened retaliation, saying ...").
fn first_subject(v: &View, lo: usize, end: usize) -> Option<(usize, usize)> {
    if lo >= end {
        return None;
    }
    let mut k = lo;
    // "As the war escalates, Trump ...", "On Monday night, he ...": the subject follows the
    // opening clause or phrase.
    if (v.lx.words.conjunction.contains(&v.w[lo]) || v.is_preposition(lo))
        && let Some(c) = (lo..end).find(|&j| v.is(j, ",") && v.quote[j].is_none())
    {
        k = c + 1;
    }
    while k < end {
        if v.quote[k].is_some() {
            k += 1;
            continue;
        }
        let governed = k > lo && v.is_preposition(k - 1);
        if let Some(m) = v.mention_start[k] {
            let e = v.toks.partition_point(|t| t.span.end <= v.mentions[m].end);
            if !governed && v.mentions[m].evidence.rule != "actor.adjective" {
                let a = if k > lo && v.is_determiner(k - 1) { k - 1 } else { k };
                return Some((a, e.max(k + 1)));
            }
            k = e.max(k + 1);
            continue;
        }
        if v.is_any(k, &["he", "she", "they", "it", "we", "i"]) && !governed {
            return Some((k, k + 1));
        }
        k += 1;
    }
    // "The billionaire businessman began by ..., saying ...": the noun phrase opening the
    // sentence, when a verb follows it.
    let start = if v.lx.words.conjunction.contains(&v.w[lo]) { lo + 1 } else { lo };
    v.np_after(start, end, true).filter(|&(_, e)| e < end && v.is_word(e) && !v.is_cap(e) && !v.is_preposition(e))
}

/// The subject of a sentence that opens with a participle ("After saying ..., the man
/// ended up ..."): the first subject after the clause's comma.
fn subject_after_opening(v: &View, lo: usize, c0: usize, hi: usize) -> Option<(usize, usize)> {
    if (lo..c0).any(|t| v.is_word(t) && !v.lx.words.conjunction.contains(&v.w[t]) && !v.is_preposition(t)) {
        return None;
    }
    let comma = (c0..hi).find(|&t| v.is(t, ",") && v.quote[t].is_none())?;
    first_subject(v, comma + 1, hi)
}

#[allow(clippy::too_many_arguments)]
fn draft(
    v: &View,
    content: (usize, usize),
    cue: (usize, usize),
    source: Option<(usize, usize)>,
    recipient: Option<(usize, usize)>,
    region: (usize, usize),
    entry: Option<usize>,
    kind: QuoteKind,
    rule: String,
    confidence: f32,
    sentence: usize,
) -> Option<Draft> {
    let (a, b) = content;
    if a >= b || v.words_in(a, b) == 0 {
        return None;
    }
    // A content that is exactly one quoted stretch is a direct quote: inside the marks.
    let (span, direct) = match (v.opens_quote(a), b.checked_sub(1).and_then(|l| v.closes_quote(l))) {
        (Some(q1), Some(q2)) if q1 == q2 => (v.quote_inner(q1), true),
        (Some(q), None) if v.quote_tokens(q).1 == b => (v.quote_inner(q), true),
        _ => (v.span(a, b), (a..b).any(|t| v.quote[t].is_some())),
    };
    Some(Draft {
        content: span,
        content_toks: (a, b),
        cue,
        source,
        recipient,
        region,
        entry,
        kind,
        direct,
        non_response: false,
        rule,
        confidence,
        sentence,
        continues: None,
    })
}

/// "Trump: Iran will pay", "NY Daily News: Paris attacks highlight ...": a name, a colon
/// and what they said, the way headlines attribute.
pub(crate) fn headline(v: &View, si: usize, lo: usize, hi: usize, out: &mut Vec<Draft>) {
    let Some(c) = (lo..hi.min(lo + 7)).find(|&t| v.is(t, ":") && v.quote[t].is_none()) else { return };
    if c == lo || v.words_in(c + 1, hi) < 3 {
        return;
    }
    // The part before the colon is a name: a mention, or capitalised words.
    let named = (lo..c).all(|t| v.in_mention[t].is_some() || v.is_cap(t) || v.is_any(t, &["'s", "-", "."]))
        && v.lx.cue_at(&v.w[..c], lo).is_none();
    let label = v.w[lo..c].join(" ");
    if !named || v.lx.words.headline_label.contains(&label) {
        return;
    }
    let ce = v.trim_end(c + 1, hi);
    if let Some(d) = draft(
        v,
        (c + 1, ce),
        (c, c + 1),
        Some((lo, c)),
        None,
        (lo, c + 1),
        None,
        QuoteKind::Speech,
        "quote.headline_colon".into(),
        0.6,
        si,
    ) {
        out.push(d);
    }
}

/// All attributions with a cue in sentence `si` (tokens `lo..hi`).
pub(crate) fn sentence(v: &View, si: usize, lo: usize, hi: usize, used: &mut [bool], out: &mut Vec<Draft>) {
    non_responses(v, si, lo, hi, used, out);
    let before = out.len();
    headline(v, si, lo, hi, out);
    if out.len() > before {
        return;
    }
    let first_here = out.len();
    let mut i = lo;
    while i < hi {
        if used[i] {
            i += 1;
            continue;
        }
        let Some((entry, form, len)) = v.cue_at(i, hi) else {
            i += 1;
            continue;
        };
        let c1 = i + len;
        // Capitalised cue words mid-sentence are names ("State", "Post").
        if i > lo && v.is_cap(i) && !v.is(i, "according") {
            i = c1;
            continue;
        }
        let mut extra = Vec::new();
        if let Some(d) = frame(v, si, lo, hi, (i, c1), entry, form, &out[first_here..], &mut extra) {
            for u in used.iter_mut().take(c1).skip(i) {
                *u = true;
            }
            // Content before the attribution comes first ("“A,” he said, “B.”").
            out.extend(extra.into_iter().filter(|x| x.content.end <= d.content.start));
            out.push(d);
        }
        i = c1;
    }
}

/// The attribution around one cue occurrence, if its frame is complete.
#[allow(clippy::too_many_arguments)]
fn frame(
    v: &View,
    si: usize,
    lo: usize,
    hi: usize,
    cue: (usize, usize),
    entry: usize,
    form: Form,
    earlier: &[Draft],
    extra: &mut Vec<Draft>,
) -> Option<Draft> {
    let (c0, c1) = cue;
    let e = &v.lx.entries[entry];
    let fr = e.frames;
    if e.lemma == "according to" {
        return according_to(v, si, lo, hi, cue, entry);
    }
    if noun_context(v, c0, lo) {
        return None;
    }
    // Infinitives belong to another verb ("declined to say"); passives make the recipient
    // the subject ("was told", "were asked").
    if c0 > lo && v.is(c0 - 1, "to") {
        return None;
    }
    let be_before = c0 > lo && v.is_any(c0 - 1, &["was", "were", "is", "are", "be", "been", "being", "'s", "'re"]);
    // "Iran is believed to have ...", "Talks are expected to resume", "The plan seemed to
    // collapse": a belief or report with no source named.
    let passive_raising = be_before
        && form == Form::Finite
        && v.is(c1, "to")
        && matches!(
            e.lemma.as_str(),
            "expect" | "believe" | "think" | "say" | "report" | "know" | "understand" | "fear"
        );
    if fr.raising || passive_raising {
        return raising(v, si, lo, hi, cue, entry, be_before);
    }
    if be_before && form == Form::Finite {
        return None;
    }
    // Scan left over auxiliaries, negation, adverbs and time expressions to the subject.
    let mut s = c0;
    while s > lo && (v.is_aux(s - 1) || v.is_adverb(s - 1) || v.in_time[s - 1]) && v.quote[s - 1].is_none() {
        s -= 1;
    }
    // "did not say", "never claimed": a negated speech act reports nothing said.
    if e.kind == QuoteKind::Speech && (s..c0).any(|t| v.lx.words.negation.contains(&v.w[t])) {
        return None;
    }
    let boundary_before = s > lo
        && (v.is_any(s - 1, &[",", "\u{2014}", "\u{2013}", "--", "(", ";", ":"]) || v.closes_quote(s - 1).is_some());
    // A participle not in a progressive continues an attribution: ", saying ...", "he
    // posted on X urging ...".
    let chain = form == Form::Ing && !be_before;

    let mut source: Option<(usize, usize)> = None;
    let mut rule_src = "";
    // "voters saying they want ...": a participle right after its subject (not one
    // governed by a preposition: "posted on X urging ...").
    let own_subject = (chain && !boundary_before).then(|| v.np_before(lo, s)).flatten().filter(|&(a, b)| {
        // "The leaders arrived hoping ...": a verb before the participle, not a subject.
        (!v.w[b - 1].ends_with("ed") || v.is_cap(b - 1))
            && (a == lo || !v.is_preposition(a - 1))
            && v.mention_end[b - 1].is_none_or(|m| v.mentions[m].evidence.rule != "actor.outlet")
    });
    if let Some(np) = own_subject {
        source = Some(np);
        rule_src = "source_before";
    } else if chain {
        // ", saying ...": the subject of the clause before, or the source of an earlier
        // attribution in this sentence.
        source = earlier
            .last()
            .and_then(|d| d.source)
            .or_else(|| first_subject(v, lo, c0))
            .or_else(|| subject_after_opening(v, lo, c0, hi));
        rule_src = "participle";
        source?;
    } else if s > lo && v.is_any(s - 1, &["and", "but"]) && form == Form::Finite {
        // "Clinton celebrated ..., and said ...": the subject of the first verb.
        source = earlier.last().and_then(|d| d.source).or_else(|| first_subject(v, lo, c0));
        rule_src = "coordinated";
        source?;
    } else if !boundary_before {
        source = v.np_before(lo, s);
        if let Some((a, b)) = source {
            rule_src = "source_before";
            // An apposition before the cue: "Berkman, director of the institute, said".
            if b == s && v.is_pronoun(a) && v.is(a, "who") {
                rule_src = "relative";
            }
            // A bare plural or base form needs a subject that agrees: "sources say".
            if form == Form::Base && !(s..c0).any(|t| v.is_aux(t)) {
                // The head before any modifier: "Aides to Clinton say".
                let h = (a + 1..b)
                    .find(|&t| v.is_any(t, &["of", "to", "for", "at", "from", "in", "close", "familiar"]))
                    .map_or(b - 1, |t| t - 1);
                let head = &v.w[h];
                let plural = head.ends_with('s') && !head.ends_with("ss")
                    || v.is_any(h, &["they", "we", "i", "you", "people", "police", "who"]);
                if !plural {
                    return None;
                }
            }
        } else if s > lo {
            return None;
        }
    } else if let Some(src) = apposition_source(v, lo, s) {
        // "Berkman, director of the institute, said ...", "Weingarten, who has visited
        // several states, said ...": the subject is the phrase before the fenced one.
        source = Some(src);
        rule_src = "apposition";
    }

    // Inverted: "“...,” said Trump", "..., said a senior official".
    let mut k = c1;
    if source.is_none() && boundary_before && !chain {
        if let Some((a, b)) = v.np_after(c1, hi, true) {
            source = Some((a, b));
            rule_src = "source_after";
            k = b;
            // "..., who spoke on condition of anonymity" and other relative clauses after it.
            let relative = v.is_any(k, &["who", "whose"]) || v.is(k, ",") && v.is_any(k + 1, &["who", "whose"]);
            if relative {
                return finalize_left(v, si, lo, hi, cue, entry, source, None, rule_src, (s, hi));
            }
            if !right_is_final(v, v.skip_adjuncts(k, hi), hi) {
                return None;
            }
        } else {
            return None;
        }
    }
    let src = source?;
    // "Neither government confirmed ...", "no information suggesting ...": nobody said it.
    if v.is_any(src.0, &["no", "neither", "none", "nobody", "nor"]) {
        return None;
    }

    // Recipient or object right after the cue.
    let mut recipient: Option<(usize, usize)> = None;
    if fr.rcpt || fr.obj_to || fr.obj_of || fr.obj || fr.obj_as || fr.obj2 {
        let k2 = v.skip_adjuncts(k, hi);
        if let Some(r) = recipient_at(v, k2, hi, fr.rcpt) {
            recipient = Some(r);
        }
    }
    let kind = e.kind;
    let name = |frame: &str| format!("quote.{}.{frame}", kind_name(kind));

    if let Some((ra, rb)) = recipient {
        let after = v.skip_adjuncts(rb, hi);
        if fr.obj_to
            && v.is(after, "to")
            && after + 1 < hi
            && !v.is_determiner(after + 1)
            && v.mention_start[after + 1].is_none()
        {
            let ce = v.clause_end(after, hi);
            return draft(v, (ra, ce), cue, Some(src), None, (lo, ra), Some(entry), kind, name("object_to"), 0.75, si);
        }
        if fr.obj_of && v.is_any(after, &["of", "for", "over"]) {
            let ce = v.clause_end(after, hi);
            return draft(v, (ra, ce), cue, Some(src), None, (lo, ra), Some(entry), kind, name("object_of"), 0.75, si);
        }
        if fr.obj_as && v.is(after, "as") {
            let ce = extend_quote(v, ra, v.clause_end(ra, hi));
            return draft(v, (ra, ce), cue, Some(src), None, (lo, ra), Some(entry), kind, name("object_as"), 0.75, si);
        }
        if fr.obj2 && after < hi && (v.opens_quote(after).is_some() || v.is_determiner(after) && !v.is(after, "that")) {
            let ce = extend_quote(v, ra, v.clause_end(ra, hi));
            return draft(v, (ra, ce), cue, Some(src), None, (lo, ra), Some(entry), kind, name("object_name"), 0.7, si);
        }
        if fr.rcpt {
            k = rb;
        } else if fr.obj && (!fr.zero || right_is_final(v, after, hi)) {
            let ce = v.clause_end(ra, hi);
            return draft(v, (ra, ce), cue, Some(src), None, (lo, ra), Some(entry), kind, name("object"), 0.65, si);
        }
    }
    let mut k = v.skip_adjuncts(k, hi);
    // ", Washington time, that ...", ", in an interview broadcast on Monday, that ...": a
    // comma-fenced phrase between the cue and its that-clause; "in Salem, New Hampshire on
    // Monday that": a place with its state.
    if v.is(k, ",")
        && fr.that
        && let Some(t) = (k + 1..hi.min(k + 8)).find(|&t| v.is(t, "that"))
        && (k + 1..t).all(|x| v.is_cap(x) || v.in_time[x] || v.is_any(x, &["on", "in", "at"]))
    {
        k = t;
    }
    if v.is(k, ",")
        && fr.that
        && let Some(t) = (k + 1..hi.min(k + 20)).find(|&t| v.is(t, "that") && v.is(t - 1, ","))
        && (k + 1..t)
            .all(|x| v.quote[x].is_none() && v.lx.cue_at(&v.w[..hi], x).is_none_or(|(_, f, _)| f == Form::Base))
    {
        k = t;
    }
    // "Trump said of Putin": the topic after a closing cue.
    if v.is(k, "of")
        && !fr.of
        && let Some((_, e)) = v.np_after(k + 1, hi, false)
        && right_is_final(v, e, hi)
    {
        k = e;
    }
    // A cue inside an earlier attribution's content names its channel there, not in the
    // outer clause ("told Reuters that Moscow had demanded ...").
    let region_lo = earlier
        .iter()
        .filter(|d| d.content_toks.0 <= c0 && c0 < d.content_toks.1)
        .map(|d| d.content_toks.0)
        .max()
        .unwrap_or(lo);
    let region = (region_lo, k);

    if k < hi && v.quote[k].is_none() {
        if v.is(k, "that") && fr.that {
            // The complementizer belongs to the reported clause (as in PARC and PolNeAR);
            // claims drop it from their text.
            let ce = v.clause_end(k + 1, hi);
            return draft(v, (k, ce), cue, Some(src), recipient, region, Some(entry), kind, name("that"), 0.8, si);
        }
        if v.is(k, ":") {
            if k + 1 < hi {
                let ce = extend_quote(v, k + 1, v.clause_end(k + 1, hi));
                return draft(
                    v,
                    (k + 1, ce),
                    cue,
                    Some(src),
                    recipient,
                    region,
                    Some(entry),
                    kind,
                    name("colon"),
                    0.8,
                    si,
                );
            }
            // "He said:" closing its sentence: the quote that opens the next one.
            if k + 1 < v.toks.len()
                && let Some(q) = v.opens_quote(k + 1)
            {
                let (qa, qb) = v.quote_tokens(q);
                return draft(
                    v,
                    (qa, qb),
                    cue,
                    Some(src),
                    recipient,
                    region,
                    Some(entry),
                    kind,
                    name("colon_next"),
                    0.8,
                    si,
                );
            }
            return None;
        }
        if v.is(k, "to") && fr.to && k + 1 < hi && !v.is_determiner(k + 1) && v.mention_start[k + 1].is_none() {
            let ce = v.clause_end(k, hi);
            return draft(v, (k, ce), cue, Some(src), recipient, region, Some(entry), kind, name("to"), 0.7, si);
        }
        if fr.wh && v.is_any(k, &["whether", "if", "why", "how", "what", "when", "where", "who"]) {
            let ce = extend_quote(v, k, v.clause_end(k, hi));
            return draft(v, (k, ce), cue, Some(src), recipient, region, Some(entry), kind, name("question"), 0.7, si);
        }
        if fr.of && v.is_any(k, &["of", "about", "against"]) {
            let ce = v.clause_end(k + 1, hi);
            return draft(v, (k + 1, ce), cue, Some(src), recipient, region, Some(entry), kind, name("of"), 0.65, si);
        }
    }
    // A quote right after the cue (", “...”" or "“...”").
    let qk = if k < hi && v.is(k, ",") && k + 1 < hi { k + 1 } else { k };
    if qk < hi
        && fr.quote
        && let Some(q) = v.opens_quote(qk)
    {
        let (qa, qb) = v.quote_tokens(q);
        let ce = if qb >= hi || v.only_punct(qb, hi) { qb } else { extend_quote(v, qa, v.clause_end(qa, hi)) };
        // "“A,” he said, “B.”": the quote before the attribution is its first part.
        if source_is_left(src, c0) || v.closes_quote(s.saturating_sub(1)).is_some() {
            let cut = if source_is_left(src, c0) { src.0 } else { s };
            extra.extend(finalize_left(v, si, lo, hi, cue, entry, Some(src), recipient, rule_src, (cut, hi)));
        }
        return draft(
            v,
            (qa, ce),
            cue,
            Some(src),
            recipient,
            region,
            Some(entry),
            kind,
            name("quote_after_cue"),
            0.9,
            si,
        );
    }
    if k < hi && (fr.zero || fr.obj || fr.that && v.quote[k].is_some()) && !right_is_final(v, k, hi) {
        let opener_ok = (!v.is_preposition(k) || v.is(k, "at") && v.is_any(k + 1, &["least", "most"]))
            && !v.is(k, "to")
            && !v.lx.words.conjunction.contains(&v.w[k])
            && v.is_word(k)
            || v.opens_quote(k).is_some();
        let ce = extend_quote(v, k, v.clause_end(k, hi));
        if opener_ok && v.words_in(k, ce) >= 2 {
            let (frame, conf) = if fr.zero { ("zero", 0.7) } else { ("object", 0.6) };
            return draft(v, (k, ce), cue, Some(src), recipient, region, Some(entry), kind, name(frame), conf, si);
        }
    }
    if right_is_final(v, k, hi) && (fr.final_ || fr.quote) && !chain {
        let cut = if source_is_left(src, c0) { src.0 } else { s };
        let left = finalize_left(v, si, lo, hi, cue, entry, Some(src), recipient, rule_src, (cut, hi));
        // "The golf industry, she said, is doing much better": the interrupted clause goes on;
        // "If it did not, he said, future attacks would ...": the main clause follows. A left
        // part too short for a clause ("Perhaps, he wrote, ...") leaves it all to the right.
        let short_left = v.words_in(lo, cut) <= 2 && cut > lo && v.is(cut - 1, ",");
        let subordinate = v
            .is_any(lo, &["if", "when", "while", "although", "though", "because", "unless", "until", "once"])
            || short_left;
        let right_goes_on = v.is(k, ",")
            && k + 1 < hi
            && (left.is_some() || short_left)
            && (continues_clause(v, k + 1) || subordinate && starts_main_clause(v, k + 1));
        if right_goes_on {
            let ce = extend_quote(v, k + 1, v.clause_end(k + 1, hi));
            let base = left
                .as_ref()
                .map_or(format!("quote.{}.interrupted", kind_name(kind)), |l| format!("{}.interrupted", l.rule));
            if v.words_in(k + 1, ce) >= 2
                && let Some(right) =
                    draft(v, (k + 1, ce), cue, Some(src), recipient, (cut, k + 1), Some(entry), kind, base, 0.7, si)
            {
                extra.extend(left);
                return Some(right);
            }
        }
        return left;
    }
    None
}

/// Whether the words at `k` continue a clause an attribution interrupted: a verb or an
/// auxiliary in lower case ("is", "could", "has been"), not a new clause or phrase.
fn continues_clause(v: &View, k: usize) -> bool {
    if v.quote[k].is_some() || !v.is_word(k) || v.is_cap(k) {
        return false;
    }
    let w = &v.w[k];
    if v.lx.words.conjunction.contains(w)
        || v.is_preposition(k)
        || v.is_determiner(k)
        || v.is_pronoun(k)
        || v.is_adverb(k)
        || v.lx.cue_at(&v.w, k).is_some()
        || matches!(w.as_str(), "which" | "who" | "whose" | "where" | "though" | "citing" | "referring" | "adding")
    {
        return false;
    }
    v.is_aux(k) || w.ends_with("ed") || w.ends_with('s') || v.lx.words.clause_stop.contains(w)
}

/// A raising verb or passive report: the subject and what follows the cue are the content,
/// nobody is named as its source ("The talks seemed unlikely to resume").
fn raising(
    v: &View,
    si: usize,
    lo: usize,
    hi: usize,
    cue: (usize, usize),
    entry: usize,
    be_before: bool,
) -> Option<Draft> {
    let (c0, c1) = cue;
    let mut k = c1;
    while k < hi && v.is_adverb(k) {
        k += 1;
    }
    let adjective = k < hi
        && v.is_word(k)
        && !v.is_cap(k)
        && !v.is_preposition(k)
        && !v.is_determiner(k)
        && !v.is_pronoun(k)
        && v.quote[k].is_none()
        && v.lx.entries[entry].lemma == "seem";
    if !(v.is(k, "to") && k + 1 < hi && !v.is_determiner(k + 1) && v.mention_start[k + 1].is_none() || adjective) {
        return None;
    }
    let mut s = c0;
    while s > lo && (v.is_aux(s - 1) || v.is_adverb(s - 1)) && v.quote[s - 1].is_none() {
        s -= 1;
    }
    let _ = be_before;
    let (a, _) = v.np_before(lo, s)?;
    let ce = extend_quote(v, k, v.clause_end(k, hi));
    let kind = v.lx.entries[entry].kind;
    draft(v, (a, ce), cue, None, None, (c0, c1), Some(entry), kind, "quote.raising".into(), 0.5, si)
}

/// Whether a main clause plausibly starts at `k`: a determiner, pronoun or noun, not a
/// conjunction, relative or another attribution.
fn starts_main_clause(v: &View, k: usize) -> bool {
    v.quote[k].is_none()
        && v.is_word(k)
        && !v.lx.words.conjunction.contains(&v.w[k])
        && !v.is_preposition(k)
        && !v.is_any(k, &["which", "who", "whose", "according", "citing"])
        && v.lx.cue_at(&v.w, k).is_none()
}

/// The subject before a comma-fenced apposition or relative clause that ends right before
/// the cue (`s` is the cue start after auxiliaries): "X, a pollster at Y, said".
fn apposition_source(v: &View, lo: usize, s: usize) -> Option<(usize, usize)> {
    let close = s.checked_sub(1)?;
    // Fenced by commas or by dashes ("Joyce — who is listed as an attorney — told ...").
    let fence = v.tok_text(close);
    if close <= lo || !matches!(fence, "," | "\u{2014}" | "--") || v.quote[close].is_some() {
        return None;
    }
    // The nearest fence before, or up to two more when appositions stack ("Clinton, 35,
    // the daughter of ..., said").
    let commas: Vec<usize> =
        (lo..close).rev().filter(|&j| v.tok_text(j) == fence && v.quote[j].is_none()).take(3).collect();
    commas.iter().find_map(|&open| apposition_at(v, lo, open, close))
}

fn apposition_at(v: &View, lo: usize, open: usize, close: usize) -> Option<(usize, usize)> {
    if open <= lo || close - open > 40 || close == open + 1 {
        return None;
    }
    let (a, b) = v.np_before(lo, open)?;
    let named = v.mention_end[open - 1].is_some() || v.is_cap(open - 1);
    if b != open {
        return None;
    }
    // The subject opens its clause: nothing but a conjunction or an opening phrase before it.
    if a > lo && !v.is_any(a - 1, &[",", "and", "but"]) && v.closes_quote(a - 1).is_none() {
        return None;
    }
    let inner = open + 1;
    // "Its director general, Rafael Grossi,": the name may come second.
    let named = named || v.is_cap(inner) || v.mention_start[inner].is_some();
    let relative = v.is_any(inner, &["who", "whose", "which"])
        || v.is_any(inner, &["of", "from", "at", "with"]) && inner + 1 < close && v.is_cap(inner + 1)
        // "The Israeli military, in a message posted on X, urged ...", "Trump, for his part,".
        || v.is_any(inner, &["in", "on", "at", "during", "for", "after", "speaking", "writing"]) && named;
    if !named && !v.is_any(inner, &["who", "whose"]) {
        return None;
    }
    // "Its director general, Rafael Grossi, said": the name is the better source.
    if !(v.mention_end[open - 1].is_some() || v.is_cap(open - 1))
        && let Some((x, y)) = v.np_after(inner, close, false)
        && y == close
        && (x..y).all(|t| v.is_cap(t) || v.in_mention[t].is_some())
    {
        return Some((x, y));
    }
    let noun_phrase = v.np_after(inner, close, true).is_some_and(|(_, e)| e == close)
        || (v.is_determiner(inner)
            || v.is_cap(inner)
            || v.is_possessive(inner)
            || v.toks[inner].kind == TokenKind::Number)
            && (inner..close).all(|t| v.quote[t].is_none() && v.lx.cue_at(&v.w[..close], t).is_none());
    (relative || noun_phrase).then_some((a, b))
}

fn source_is_left(src: (usize, usize), c0: usize) -> bool {
    src.1 <= c0
}

/// Nothing but punctuation, or a comma starting something else, after `k`.
fn right_is_final(v: &View, k: usize, hi: usize) -> bool {
    k >= hi
        || v.only_punct(k, hi)
        || v.is(k, ",") && v.opens_quote(k + 1).is_none()
        || v.is_any(k, &["\u{2014}", "--", ";"])
}

/// A recipient or object after a cue: an outlet or person mention, "reporters", "him", or a
/// short noun phrase. Pronoun subjects of a following clause are not recipients.
fn recipient_at(v: &View, k: usize, hi: usize, rcpt: bool) -> Option<(usize, usize)> {
    if k >= hi || v.quote[k].is_some() || v.is_any(k, &["that", "to", ":", ","]) {
        return None;
    }
    if rcpt {
        for p in &v.lx.words.recipient {
            if k + p.len() <= hi && (0..p.len()).all(|j| v.w[k + j] == p[j]) {
                return Some((k, k + p.len()));
            }
        }
    }
    if v.is_any(k, &["he", "she", "they", "it", "we", "i", "there"]) {
        return None;
    }
    v.np_after(k, hi, true).filter(|&(a, b)| b - a <= 12)
}

/// A quote still open at `end` extends the content to the quote's end.
fn extend_quote(v: &View, k: usize, end: usize) -> usize {
    if end > k
        && let Some(q) = v.quote[end - 1]
    {
        let (_, qb) = v.quote_tokens(q);
        return qb.max(end);
    }
    end
}

/// For a cue that closes its clause: the content is what comes before the source or cue
/// (`cut`), separated by a comma, dash or closing quote: "..., officials said",
/// "“...,” he said", "“... it.” Trump said of Putin".
#[allow(clippy::too_many_arguments)]
fn finalize_left(
    v: &View,
    si: usize,
    lo: usize,
    hi: usize,
    cue: (usize, usize),
    entry: usize,
    source: Option<(usize, usize)>,
    recipient: Option<(usize, usize)>,
    rule_src: &str,
    region: (usize, usize),
) -> Option<Draft> {
    let (cut, _) = region;
    // A list item's marker is no part of what was said.
    let lo = (lo..cut).find(|&t| v.is_word(t) || v.quote[t].is_some()).unwrap_or(lo);
    let mut ce = cut;
    // Cues that close a clause only after a quote ("“No,” he replied"), never after a
    // paraphrase ("By the time the post appeared, the war had answered").
    let quote_only = !v.lx.entries[entry].frames.final_;
    if quote_only && !(ce > lo && (v.closes_quote(ce - 1).is_some() || ce > lo + 1 && v.closes_quote(ce - 2).is_some()))
    {
        return None;
    }
    let separated = ce > lo
        && (v.is_any(ce - 1, &[",", "\u{2014}", "\u{2013}", "--", ":"]) || v.closes_quote(ce - 1).is_some())
        && v.quote[ce - 1].is_none_or(|_| v.closes_quote(ce - 1).is_some());
    if !separated {
        return None;
    }
    while ce > lo && v.quote[ce - 1].is_none() && v.is_any(ce - 1, &[",", "\u{2014}", "\u{2013}", "--", ":"]) {
        ce -= 1;
    }
    let kind = v.lx.entries[entry].kind;
    // A closing quote before the source: the whole quote, even when it opened in an
    // earlier sentence ("“A. B,” she said").
    if ce > lo
        && let Some(q) = v.closes_quote(ce - 1)
    {
        let (qa, qb) = v.quote_tokens(q);
        let start = if qa <= lo || v.words_in(lo, qa) == 0 { qa } else { lo };
        let rule = format!("quote.{}.{}", if start == qa { "direct" } else { "partial" }, rule_src_name(rule_src));
        return draft(v, (start, qb), cue, source, recipient, (qb, hi), Some(entry), kind, rule, 0.9, si);
    }
    // A sentence-opening conjunction links to the sentence before; it is not reported.
    let cs = if v.is_any(lo, &["and", "but", "so", "yet"]) && v.words_in(lo, ce) > 2 { lo + 1 } else { lo };
    let ce = v.trim_end(cs, ce);
    if v.words_in(cs, ce) < 2 {
        return None;
    }
    let rule = format!("quote.{}.{}", kind_name(kind), rule_src_name(rule_src));
    draft(v, (cs, ce), cue, source, recipient, (ce, hi), Some(entry), kind, rule, 0.75, si)
}

fn rule_src_name(r: &str) -> &str {
    match r {
        "source_after" => "cue_source_after",
        "" => "cue_after",
        _ => "source_cue_after",
    }
}

fn kind_name(k: QuoteKind) -> &'static str {
    match k {
        QuoteKind::Speech => "indirect",
        QuoteKind::Belief => "belief",
        QuoteKind::Intention => "intention",
    }
}

/// "According to X, ...", "..., according to X", and "That's according to X" (the sentence
/// before).
fn according_to(v: &View, si: usize, lo: usize, hi: usize, cue: (usize, usize), entry: usize) -> Option<Draft> {
    let (c0, c1) = cue;
    let (sa, sb) = v.np_after(c1, hi, true)?;
    let kind = QuoteKind::Speech;
    let lead_words = (lo..c0).filter(|&t| v.is_word(t) && !v.lx.words.conjunction.contains(&v.w[t])).count();
    if lead_words == 0 {
        // "According to X, CONTENT."; "According to a diplomat who spoke on condition of
        // anonymity, CONTENT": past the relative clause.
        let mut k = sb;
        if v.is_any(k, &["who", "whose", "which"])
            && let Some(c) = (k..hi).find(|&t| v.is(t, ",") && v.quote[t].is_none())
        {
            k = c;
        }
        while k < hi && v.is(k, ",") {
            k += 1;
        }
        let ce = extend_quote(v, k, v.clause_end(k, hi));
        return draft(
            v,
            (k, ce),
            cue,
            Some((sa, sb)),
            None,
            (c0, k),
            Some(entry),
            kind,
            "quote.according_to.before".into(),
            0.85,
            si,
        );
    }
    let left = v.trim_end(lo, c0);
    // "That's according to ...": the previous sentence is the content.
    let anaphoric = v.words_in(lo, left) <= 3 && v.is_any(lo, &["that", "this", "it", "that's", "which"]);
    if anaphoric && si > 0 {
        let r = v.seg.sentence_tokens[si - 1].clone();
        if r.end > r.start {
            let ce = v.trim_end(r.start, r.end);
            return draft(
                v,
                (r.start, ce),
                cue,
                Some((sa, sb)),
                None,
                (lo, hi),
                Some(entry),
                kind,
                "quote.according_to.previous_sentence".into(),
                0.8,
                si,
            );
        }
        return None;
    }
    // "X, according to Y, Z": the content runs on after the source.
    let mut after = sb;
    while after < hi && v.is(after, ",") {
        after += 1;
    }
    let tail = v.clause_end(after, hi);
    let end = if v.words_in(after, tail) >= 3 && v.is(sb, ",") { tail } else { left };
    let ce = extend_quote(v, lo, end);
    draft(
        v,
        (lo, ce),
        cue,
        Some((sa, sb)),
        None,
        (c0, hi),
        Some(entry),
        kind,
        "quote.according_to.after".into(),
        0.85,
        si,
    )
}

/// Explicit refusals to comment: "declined to comment", "did not respond to requests for
/// comment", "could not be reached", "had no immediate comment", "would not confirm".
fn non_responses(v: &View, si: usize, lo: usize, hi: usize, used: &mut [bool], out: &mut Vec<Draft>) {
    let mut i = lo;
    while i < hi {
        let Some(len) = non_response_at(v, i, hi) else {
            i += 1;
            continue;
        };
        let (c0, c1) = (i, i + len);
        let mut s = c0;
        while s > lo && (v.is_adverb(s - 1) || v.in_time[s - 1]) {
            s -= 1;
        }
        if let Some(src) = v.np_before(lo, s) {
            // The cue is the refusal ("declined", "did not respond"); the content what was
            // refused ("to comment", "to requests for comment"), or the refusal itself.
            let cue_end = if v.is_any(c0, &["declined", "declines", "refused", "refuses", "declining", "refusing"]) {
                c0 + 1
            } else {
                c1
            };
            let ce = v.clause_end(cue_end, hi).max(c1);
            let cs = if v.words_in(cue_end, ce) > 0 { cue_end } else { c0 };
            let content = Span::new(v.toks[cs].span.start, v.toks[ce - 1].span.end);
            for u in used.iter_mut().take(ce).skip(c0) {
                *u = true;
            }
            out.push(Draft {
                content,
                content_toks: (cs, ce),
                cue: (c0, cue_end),
                source: Some(src),
                recipient: None,
                region: (lo, hi),
                entry: None,
                kind: QuoteKind::Speech,
                direct: false,
                non_response: true,
                rule: "quote.non_response".into(),
                confidence: 0.85,
                sentence: si,
                continues: None,
            });
        }
        i = c1;
    }
}

/// Length of a non-response phrase starting at `i`.
fn non_response_at(v: &View, i: usize, hi: usize) -> Option<usize> {
    let at = |j: usize, words: &[&str]| i + j < hi && v.is_any(i + j, words);
    const REFUSE: &[&str] = &["declined", "declines", "refused", "refuses", "declining", "refusing"];
    const NEG: &[&str] = &["not", "n't"];
    const AUX: &[&str] =
        &["did", "does", "do", "has", "have", "had", "would", "will", "could", "was", "were", "is", "are"];
    const REPLY: &[&str] = &[
        "respond",
        "responded",
        "reply",
        "replied",
        "return",
        "returned",
        "comment",
        "commented",
        "answer",
        "answered",
        "say",
    ];
    if v.quote[i].is_some() {
        return None;
    }
    // declined to comment / declined comment / refused to comment
    if at(0, REFUSE) {
        if at(1, &["comment"]) {
            return Some(2);
        }
        if at(1, &["to"])
            && at(2, &["comment", "discuss", "elaborate", "say", "respond", "answer", "confirm", "specify"])
        {
            return Some(3);
        }
    }
    // did not (immediately) respond / has not responded / would not comment / would not confirm
    if at(0, AUX) && at(1, NEG) {
        let j = if at(2, &["immediately", "yet"]) { 3 } else { 2 };
        if at(j, REPLY) {
            return Some(j + 1);
        }
        if at(0, &["would", "will"]) && at(j, &["say", "confirm", "discuss", "elaborate"]) {
            return Some(j + 1);
        }
        if at(0, &["could"]) && at(j, &["be"]) && at(j + 1, &["reached"]) {
            return Some(j + 2);
        }
        if at(0, &["was", "were", "is", "are"])
            && at(j, &["available"])
            && at(j + 1, &["for"])
            && at(j + 2, &["comment"])
        {
            return Some(j + 3);
        }
    }
    // has yet to respond
    if at(0, &["has", "have", "had"]) && at(1, &["yet"]) && at(2, &["to"]) && at(3, REPLY) {
        return Some(4);
    }
    // had no (immediate) comment
    if at(0, &["had", "has", "have", "offered", "gave"]) && at(1, &["no"]) {
        let j = if at(2, &["immediate"]) { 3 } else { 2 };
        if at(j, &["comment"]) {
            return Some(j + 1);
        }
    }
    None
}
