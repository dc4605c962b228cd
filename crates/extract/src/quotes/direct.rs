//! Quoted stretches that no cue claimed. A quote that opens the sentence right after an
//! attributed quote ("“A,” he said. “B.”"), or the next paragraph after a quote left open
//! (the convention for quotes over paragraphs), continues it: same cue, source and speaker.
//! Any other sentence-long quote goes to the speaker attributed a sentence or two before
//! (its cue is the opening mark); with nobody quoted near it, it is kept unattributed, so an
//! analyst still sees it. Shorter quoted words (titles, scare quotes) are left alone.

use sitrep_model::QuoteKind;

use super::Draft;
use super::view::View;

pub(crate) fn attach(v: &View, drafts: &mut Vec<Draft>) {
    // The draft whose content is (or contains) each quoted stretch.
    let owner = |drafts: &[Draft], q: usize| -> Option<usize> {
        let s = v.seg.quotes[q];
        drafts.iter().position(|d| d.content.start <= s.start + 3 && s.end <= d.content.end + 3 && d.direct)
    };
    let claimed = |drafts: &[Draft], q: usize| -> bool {
        let s = v.seg.quotes[q];
        drafts.iter().any(|d| d.content.start < s.end && s.start < d.content.end)
    };
    for q in 0..v.seg.quotes.len() {
        if claimed(drafts, q) {
            continue;
        }
        let (qa, qb) = v.quote_tokens(q);
        if qa >= qb || v.opens_quote(qa).is_none() {
            continue;
        }
        let Some(si) = v.seg.sentence_at(v.toks[qa].span.start) else { continue };
        let r = v.seg.sentence_tokens[si].clone();
        // Sentence-like: the quote opens its sentence and nothing but punctuation follows it.
        let last_si = v.seg.sentence_at(v.toks[qb - 1].span.start).unwrap_or(si);
        let last_r = v.seg.sentence_tokens[last_si].clone();
        if qa != r.start || !v.only_punct(qb, last_r.end) {
            continue;
        }
        let words = v.words_in(qa, qb);
        // Continuation of the previous quoted stretch's attribution.
        let cont = q.checked_sub(1).and_then(|p| {
            let d = owner(drafts, p)?;
            let (_, pb) = v.quote_tokens(p);
            let psi = v.seg.sentence_at(v.toks[pb.saturating_sub(1)].span.start)?;
            let same_par = v.seg.sentences[psi].paragraph == v.seg.sentences[si].paragraph;
            let next_sentence = si == psi + 1 || si == psi;
            let over_paragraph =
                !v.quote_closed(p) && v.seg.sentences[si].paragraph == v.seg.sentences[psi].paragraph + 1;
            let cue_sentence_near = drafts[d].sentence + 1 >= psi;
            // A quote opening the paragraph right after one that ended on an attributed
            // quote: the same speaker goes on ("“A,” she said. ¶ “B.”").
            let next_paragraph = v.seg.sentences[si].paragraph == v.seg.sentences[psi].paragraph + 1
                && si == psi + 1
                && drafts[d].sentence + 1 >= psi;
            ((same_par && next_sentence && cue_sentence_near) || over_paragraph || next_paragraph).then_some(d)
        });
        let content = v.quote_inner(q);
        match cont {
            Some(d) => {
                let base = drafts[d].clone();
                drafts.push(Draft {
                    content,
                    content_toks: (qa, qb),
                    direct: true,
                    rule: "quote.direct.continued".into(),
                    confidence: base.confidence * 0.9,
                    continues: Some(d),
                    ..base
                });
            }
            None if words >= 4 => {
                // The speaker quoted last, a sentence or two before in this or the previous
                // paragraph, most likely goes on speaking; its source is the source as
                // written, the opening mark the cue.
                let context = drafts
                    .iter()
                    .enumerate()
                    .filter(|(_, d)| d.source.is_some() && !d.non_response && d.content.end <= v.toks[qa].span.start)
                    .filter(|(_, d)| {
                        d.sentence + 2 >= si
                            && v.seg.sentences[d.sentence].paragraph + 1 >= v.seg.sentences[si].paragraph
                    })
                    .max_by_key(|(_, d)| d.cue.0)
                    .map(|(i, _)| i);
                drafts.push(Draft {
                    content,
                    content_toks: (qa, qb),
                    cue: (qa, qa + 1),
                    source: context.and_then(|c| drafts[c].source),
                    recipient: None,
                    region: (qa, qa),
                    entry: None,
                    kind: QuoteKind::Speech,
                    direct: true,
                    non_response: false,
                    rule: if context.is_some() { "quote.direct.context_speaker" } else { "quote.direct.unattributed" }
                        .into(),
                    confidence: if context.is_some() { 0.45 } else { 0.5 },
                    sentence: si,
                    continues: context,
                })
            }
            None => {}
        }
    }
}
