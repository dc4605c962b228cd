//! Quotes and attribution: who said (believes, intends) what, through which channel, on whose
//! authority. For every attribution the stage finds three spans — source, cue, content — and
//! then resolves the source to a speaker (a mention of the actors layer, pronouns and
//! definite descriptions included), names the channel and classifies the sourcing.
//!
//! The order of work, per article:
//! 1. `frames`: cue verbs from `resources/quotes/cues.tsv` and the clause around each
//!    ("X said (that) ...", "..., X said", "said X", "X told Y ...", "according to X",
//!    ", adding ..."), explicit non-responses ("declined to comment");
//! 2. `direct`: quoted stretches no cue claimed: continuations of an earlier quote
//!    (over sentences and paragraphs), else kept as unattributed;
//! 3. `speaker`: speaker, sourcing (named, anonymous with its description, relayed `via`
//!    outlets) and channel for each;
//! 4. per-sentence sourcing for the events stage (`Attributions::sourcing_for_sentence`).
//!
//! Deliberately absent: a parse. The token patterns ask `view::View` for subjects and clause
//! ends; when `sitrep-syntax` lands those two questions go to the parse instead.

mod direct;
mod frames;
mod lexicon;
mod speaker;
mod view;

pub use lexicon::{CueEntry, CueLexicon, Form, Frames};

use sitrep_model::{ClaimAct, Evidence, Quote, QuoteKind, SentenceKind, Sourcing, SourcingKind, Span, SpanText, Timex};

use crate::actors::{ActorLexicon, Mentions};
use crate::segment::Segmentation;
use view::View;

/// The lexicon sources, for versioning.
pub fn sources() -> [(&'static str, &'static str); 2] {
    [("quotes/cues", lexicon::CUES_TSV), ("quotes/words", lexicon::WORDS_TXT)]
}

/// The quotes stage; holds its validated lexicon.
#[derive(Debug, Clone)]
pub struct QuoteStage {
    pub lexicon: CueLexicon,
}

/// What later stages (claims) need about a quote beyond the serialized layer.
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteInfo {
    /// Sentence of the cue.
    pub sentence: usize,
    /// The speech act the cue makes ("denied" -> denial, "warned" -> threat), if it decides.
    pub act: Option<ClaimAct>,
    /// The cue denies its content ("denied", "dismissed", "rejected").
    pub denies: bool,
}

/// The stage's output: quotes (index for index with `info`) and the sourcing of every
/// sentence.
#[derive(Debug, Clone, Default)]
pub struct Attributions {
    pub quotes: Vec<Quote>,
    pub info: Vec<QuoteInfo>,
    /// For each sentence: the attribution covering most of it, if any.
    covering: Vec<Option<usize>>,
    /// For each sentence: reported without a named source ("reportedly").
    reportedly: Vec<bool>,
    sentences: Vec<Span>,
}

impl Attributions {
    /// On whose authority sentence `i` stands: the attribution whose content covers most of
    /// it ("Trump shot it down, sources told Reuters" -> anonymous via Reuters; a sentence
    /// that a following "That's according to ..." attributes); "reportedly" -> anonymous;
    /// otherwise the author's own voice. Out-of-range indices are unattributed.
    pub fn sourcing_for_sentence(&self, i: usize) -> Sourcing {
        if i >= self.covering.len() {
            return Sourcing::of(SourcingKind::Unattributed);
        }
        if let Some(q) = self.covering[i] {
            return self.quotes[q].sourcing.clone();
        }
        if self.reportedly[i] {
            return Sourcing { kind: SourcingKind::Anonymous, description: Some("reportedly".into()), via: vec![] };
        }
        Sourcing::of(SourcingKind::Author)
    }

    /// On whose authority the text at `span` stands: the innermost attribution whose content
    /// contains it, else its sentence's sourcing.
    pub fn sourcing_for_span(&self, span: Span) -> Sourcing {
        let inner =
            self.quotes.iter().filter(|q| q.start <= span.start && span.end <= q.end).min_by_key(|q| q.end - q.start);
        if let Some(q) = inner {
            return q.sourcing.clone();
        }
        let i = self.sentences.partition_point(|s| s.end <= span.start);
        self.sourcing_for_sentence(i)
    }
}

/// An attribution under construction: token ranges into `View::toks`.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    /// Content as a byte span (inside the marks for direct quotes) and its token range.
    pub content: Span,
    pub content_toks: (usize, usize),
    pub cue: (usize, usize),
    pub source: Option<(usize, usize)>,
    /// Who it was said to ("told Reuters", "urged Iran").
    pub recipient: Option<(usize, usize)>,
    /// The tokens of the attribution clause outside the content, where channels are named.
    pub region: (usize, usize),
    pub entry: Option<usize>,
    pub kind: QuoteKind,
    pub direct: bool,
    pub non_response: bool,
    pub rule: String,
    pub confidence: f32,
    pub sentence: usize,
    /// For continuations: the draft whose speaker this one shares.
    pub continues: Option<usize>,
}

impl QuoteStage {
    pub fn new() -> Self {
        QuoteStage { lexicon: CueLexicon::load() }
    }

    /// Find every attribution in the text. Ids are `q1`, `q2`, ... in text order.
    pub fn run(
        &self,
        text: &str,
        seg: &Segmentation,
        mentions: &Mentions,
        times: &[Timex],
        actors: &ActorLexicon,
    ) -> Attributions {
        let v = View::new(text, seg, &self.lexicon, &mentions.mentions, &mentions.info, times);
        let mut drafts: Vec<Draft> = Vec::new();
        let mut used = vec![false; v.toks.len()];
        for (si, s) in seg.sentences.iter().enumerate() {
            let r = seg.sentence_tokens[si].clone();
            if s.kind == SentenceKind::Heading {
                frames::headline(&v, si, r.start, r.end, &mut drafts);
            }
            if matches!(s.kind, SentenceKind::Boilerplate | SentenceKind::Heading | SentenceKind::Dateline) {
                continue;
            }
            frames::sentence(&v, si, r.start, r.end, &mut used, &mut drafts);
        }
        direct::attach(&v, &mut drafts);
        drafts.retain(|d| d.content.start < d.content.end);
        // One attribution per content: the first found wins over a later duplicate.
        let mut seen = std::collections::HashSet::new();
        drafts.retain(|d| seen.insert((d.content.start, d.content.end)));

        let resolved = speaker::resolve_all(&v, &drafts, actors);
        let mut order: Vec<usize> = (0..drafts.len()).collect();
        order.sort_by_key(|&i| (drafts[i].content.start, drafts[i].content.end, drafts[i].cue.0));
        let mut out = Attributions {
            sentences: seg.sentences.iter().map(|s| s.span()).collect(),
            covering: vec![None; seg.sentences.len()],
            reportedly: vec![false; seg.sentences.len()],
            ..Default::default()
        };
        for (n, &i) in order.iter().enumerate() {
            let d = &drafts[i];
            let r = &resolved[i];
            let entry = d.entry.map(|e| &self.lexicon.entries[e]);
            out.quotes.push(Quote {
                id: format!("q{}", n + 1),
                start: d.content.start,
                end: d.content.end,
                text: text[d.content.start..d.content.end].to_string(),
                kind: d.kind,
                direct: d.direct,
                cue: SpanText::of(text, v.span(d.cue.0, d.cue.1)),
                source_span: d.source.map(|(a, b)| SpanText::of(text, v.span(a, b))),
                speaker: r.speaker.clone(),
                channel: r.channel.clone(),
                sourcing: r.sourcing.clone(),
                non_response: d.non_response,
                confidence: (d.confidence * r.confidence).clamp(0.05, 0.99),
                evidence: Evidence::rule(d.rule.clone()),
            });
            out.info.push(QuoteInfo {
                sentence: d.sentence,
                act: entry.and_then(|e| e.act),
                denies: entry.is_some_and(|e| e.act == Some(ClaimAct::Denial)) && !d.non_response,
            });
        }
        // Which attribution covers most of each sentence's words.
        for (si, _) in seg.sentences.iter().enumerate() {
            let r = seg.sentence_tokens[si].clone();
            let words = v.words_in(r.start, r.end).max(1);
            let mut best: Option<(usize, usize)> = None;
            for (qi, q) in out.quotes.iter().enumerate() {
                if q.non_response {
                    continue;
                }
                let covered = (r.start..r.end)
                    .filter(|&t| v.is_word(t) && q.start <= v.toks[t].span.start && v.toks[t].span.end <= q.end)
                    .count();
                if covered * 2 >= words && best.is_none_or(|(_, c)| covered > c) {
                    best = Some((qi, covered));
                }
            }
            out.covering[si] = best.map(|b| b.0);
            out.reportedly[si] = (r.start..r.end).any(|t| v.is_any(t, &["reportedly", "allegedly", "purportedly"]));
        }
        out
    }
}

impl Default for QuoteStage {
    fn default() -> Self {
        Self::new()
    }
}
