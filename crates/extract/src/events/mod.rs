//! Events: who did what to whom, when and where, coded in CAMEO (with PLOVER type, quad class
//! and Goldstein score), read off the dependency parse. Triggers come only from our lexicon
//! (`resources/events/triggers.tsv`): a word the lexicon does not know yields no event — there
//! is no fallback code. Speech acts (threaten, deny, block, urge, propose) carry the action
//! they are about as `proposition` instead of reporting it as done; reporting verbs ("said",
//! "confirmed") are not events themselves, but what they report is, on the speaker's word.

mod codes;
mod coref;
mod frame;
mod lexicon;

pub use codes::{CodeInfo, CodeTable};
pub use lexicon::{Entry, Pos, Triggers};

/// Lexicon sources, for versioning.
pub const CAMEO_SOURCE: &str = codes::CAMEO_TSV;
pub const TRIGGERS_SOURCE: &str = lexicon::TRIGGERS_TSV;
pub const CLASSES_SOURCE: &str = lexicon::CLASSES_TSV;
pub const CONFIDENCE_SOURCE: &str = CONFIDENCE_TSV;

/// Each rule kind's measured precision (written by `cargo xtask eval events`).
const CONFIDENCE_TSV: &str = include_str!("../../resources/events/confidence.tsv");

/// Fewer measured cases than this and a rule kind keeps the prior estimate.
const MIN_MEASURED: usize = 5;

/// The kind of rule an event's evidence names, the unit confidence is measured in:
/// `event.verb.strike+light` -> `event.verb+light`.
pub fn rule_kind(rule: &str) -> String {
    let mut parts = rule.splitn(3, '.');
    let (a, b) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let flag = parts.next().and_then(|rest| rest.split_once('+')).map(|(_, f)| format!("+{f}")).unwrap_or_default();
    format!("{a}.{b}{flag}")
}

/// Parses the confidence table: rule kind -> smoothed precision, for kinds measured often enough.
pub fn parse_confidence(src: &str) -> Result<std::collections::BTreeMap<String, f32>, String> {
    let mut out = std::collections::BTreeMap::new();
    for (n, line) in src.lines().enumerate().filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty()).skip(1) {
        let c: Vec<&str> = line.split('\t').collect();
        let field = |k: usize| c.get(k).copied().ok_or_else(|| format!("confidence.tsv:{}: expected 4 columns", n + 1));
        let (correct, total): (usize, usize) = (
            field(1)?.parse().map_err(|_| format!("confidence.tsv:{}: correct is not a count", n + 1))?,
            field(2)?.parse().map_err(|_| format!("confidence.tsv:{}: total is not a count", n + 1))?,
        );
        if correct > total {
            return Err(format!("confidence.tsv:{}: more correct than total", n + 1));
        }
        if total >= MIN_MEASURED {
            // Laplace-smoothed, so a small perfect count does not claim certainty.
            out.insert(field(0)?.to_string(), (correct as f32 + 1.0) / (total as f32 + 2.0));
        }
    }
    Ok(out)
}

use std::collections::HashSet;

use jiff::ToSpan;
use jiff::civil::Date;
use sitrep_model::{
    Actor, Arg, Casualties, DatePrecision, Event, Evidence, Factuality, Granularity, MentionKind, Polarity,
    Proposition, SentenceKind, Sourcing, SourcingKind, SpanText, Status, Timex, TimexType,
};
use sitrep_syntax::Upos;
use sitrep_text::Span;

use crate::actors::{ActorLexicon, Gender, Mentions};
use crate::segment::Segmentation;
use crate::syntax::{Lemmatizer, Parsed};

/// Everything the event stage reads.
pub struct EventInput<'a> {
    pub text: &'a str,
    pub seg: &'a Segmentation,
    pub parsed: &'a [Option<Parsed>],
    pub mentions: &'a Mentions,
    pub times: &'a [Timex],
    pub published: Option<Date>,
    pub actors: &'a ActorLexicon,
    /// Who the text says each sentence comes from (the quotes stage), for events' sourcing.
    pub attributions: Option<&'a crate::quotes::Attributions>,
}

#[derive(Debug, Clone)]
pub struct EventStage {
    pub codes: CodeTable,
    pub triggers: Triggers,
    lemmatizer: Lemmatizer,
    /// Measured precision per rule kind (`resources/events/confidence.tsv`).
    calibration: std::collections::BTreeMap<String, f32>,
}

/// A trigger found in a sentence.
#[derive(Debug, Clone)]
struct Found {
    word: usize,
    /// Every word of the trigger phrase ("shot", "down").
    words: Vec<usize>,
    entry: Entry,
    lemma: String,
}

/// The speech act a reported modal clause makes, replacing the action as the event.
struct ReportedAct {
    code: String,
    proposition: Proposition,
    sources: Vec<Option<Arg>>,
    targets: Vec<Option<Arg>>,
}

/// Codes whose events are about another action: appeals, intents, demands, rejections, threats,
/// denials and accusations carry that action as their proposition.
fn is_speech_code(code: &str) -> bool {
    matches!(&code[..2], "02" | "03" | "10" | "12" | "13") || code == "016" || code.starts_with("112")
}

/// Rules refining a speech act's code by what it is about: a threat of force is 138.
const REFINE: &[(&str, &[&str], &str)] = &[
    ("130", &["18", "19", "20"], "138"),
    ("13", &["18", "19", "20"], "138"),
    ("020", &["08"], "025"),
    ("02", &["08"], "025"),
    ("100", &["08"], "105"),
    ("10", &["08"], "105"),
    ("030", &["04"], "036"),
    ("03", &["04"], "036"),
    ("110", &["18", "19", "20"], "112"),
    ("120", &["04"], "125"),
];

impl EventStage {
    pub fn new() -> Self {
        let codes = CodeTable::load();
        let triggers = Triggers::load(&codes);
        let calibration = parse_confidence(CONFIDENCE_TSV).expect("the committed confidence table is valid");
        EventStage { codes, triggers, lemmatizer: Lemmatizer::load(), calibration }
    }

    pub fn run(&self, input: &EventInput) -> Vec<Event> {
        let mut events: Vec<Event> = Vec::new();
        for (si, parsed) in input.parsed.iter().enumerate() {
            let Some(p) = parsed else { continue };
            if input.seg.sentences[si].kind == SentenceKind::Boilerplate {
                continue;
            }
            self.sentence(input, si, p, &mut events);
        }
        self.attach_named_dead(input, &mut events);
        events.sort_by_key(|e| (e.trigger.start, e.trigger.end));
        for (i, e) in events.iter_mut().enumerate() {
            e.id = format!("e{}", i + 1);
        }
        coref::link(&mut events);
        mark_main(input, &mut events);
        events
    }

    /// The lexicon entry a word triggers, if any: the most specific row whose conditions hold.
    fn trigger_at(&self, p: &Parsed, i: usize, context_nouns: &[String]) -> Option<Found> {
        self.trigger_at_in(p, i, context_nouns, false)
    }

    /// As `trigger_at`; `embedded` also admits rows valid only inside a speech act.
    fn trigger_at_in(&self, p: &Parsed, i: usize, context_nouns: &[String], embedded: bool) -> Option<Found> {
        // A compound noun phrase ("hunger strike", "war games") whose first word the tagger
        // took for an adjective or verb: the phrase row still names the event.
        if !matches!(p.parse.upos[i], Upos::NOUN)
            && matches!(p.rel(i), "compound" | "amod")
            && let Some(h) = p.parse.head_of(i).filter(|&h| h == i + 1 && p.is_noun(h))
        {
            let head = self.lemmatizer.candidates(&p.lower[h], 'N');
            if let Some(entry) = self.triggers.entries(&p.lower[i], Pos::Noun).iter().find(|x| {
                x.rest.len() == 1 && head.contains(&x.rest[0]) && x.obj.is_empty() && (embedded || !x.embedded)
            }) {
                return Some(Found { word: i, words: vec![i, h], entry: entry.clone(), lemma: p.lower[i].clone() });
            }
        }
        let pos = match p.parse.upos[i] {
            Upos::VERB => Pos::Verb,
            Upos::NOUN => Pos::Noun,
            Upos::PROPN if p.lower[i].chars().all(|c| c.is_alphabetic()) => Pos::Noun,
            _ => return None,
        };
        let tag = if pos == Pos::Verb { 'V' } else { 'N' };
        for lemma in self.lemmatizer.candidates(&p.lower[i], tag) {
            for entry in self.triggers.entries(&lemma, pos) {
                if entry.embedded && !embedded {
                    continue;
                }
                let Some(words) = self.phrase_words(p, i, entry) else { continue };
                if !self.object_fits(p, i, entry, context_nouns) {
                    continue;
                }
                // For verbs the preposition is required ("pushed into the city"); for nouns of
                // force it only says how the target is introduced ("strikes on X"), for other
                // nouns it is required ("the White House's defence of the strikes").
                let force = matches!(entry.code.get(..2), Some("14" | "15" | "16" | "17" | "18" | "19" | "20"));
                if !entry.prep.is_empty() && (pos == Pos::Verb || !force) {
                    let preps: Vec<&str> = entry.prep.iter().map(String::as_str).collect();
                    let light = p.parse.head_of(i).filter(|_| p.rel(i) == "obj");
                    // Reciprocal nouns name both parties with "between" too ("a meeting this
                    // week between X and Y"), wherever the parser hangs it.
                    let between = entry.recip
                        && (i + 1..(i + 8).min(p.len())).any(|j| p.lower[j] == "between" && p.rel(j) == "case");
                    if !between
                        && frame::prep_object(p, i, &preps)
                            .or_else(|| light.and_then(|l| frame::prep_object(p, l, &preps)))
                            .is_none()
                    {
                        continue;
                    }
                }
                return Some(Found { word: i, words, entry: entry.clone(), lemma: lemma.clone() });
            }
        }
        None
    }

    /// Words of a phrase ("shoot down"): the head plus each further word found among the head's
    /// dependents or within the three words after it.
    fn phrase_words(&self, p: &Parsed, i: usize, entry: &Entry) -> Option<Vec<usize>> {
        let mut words = vec![i];
        for w in &entry.rest {
            let found = p
                .parse
                .dependents(i)
                .find(|&d| &p.lower[d] == w || self.lemmatizer.candidates(&p.lower[d], 'N').contains(w))
                .or_else(|| (i + 1..(i + 4).min(p.len())).find(|&d| &p.lower[d] == w))?;
            words.push(found);
        }
        Some(words)
    }

    fn object_fits(&self, p: &Parsed, i: usize, entry: &Entry, context_nouns: &[String]) -> bool {
        if entry.obj.is_empty() {
            return true;
        }
        let obj = p.deps_with(i, &["obj", "nsubj:pass"]).next();
        let lemmas: Vec<String> = match obj {
            // "shot it down": the pronoun stands for the last noun before it (this sentence's
            // nouns before the pronoun come after the previous sentence's in `context_nouns`).
            Some(o) if p.parse.upos[o] == Upos::PRON => {
                let before = (0..o).filter(|&j| p.parse.upos[j] == Upos::NOUN).count();
                let prev_total =
                    context_nouns.len().saturating_sub((0..p.len()).filter(|&j| p.parse.upos[j] == Upos::NOUN).count());
                context_nouns[..(prev_total + before).min(context_nouns.len())].last().cloned().into_iter().collect()
            }
            // "suspended part of the aid", "expelled some of the diplomats": the class is
            // that of what the quantity is of.
            Some(o) => {
                let own = self.lemmatizer.candidates(&p.lower[o], 'N');
                let of = own
                    .iter()
                    .any(|l| self.triggers.in_class(l, "collective") || l == "part")
                    .then(|| p.deps_with(o, &["nmod"]).find(|&d| p.deps_with(d, &["case"]).any(|c| p.lower[c] == "of")))
                    .flatten();
                match of {
                    Some(d) => self.lemmatizer.candidates(&p.lower[d], 'N'),
                    None => own,
                }
            }
            None => Vec::new(),
        };
        entry.obj.iter().all(|c| {
            let hit = lemmas.iter().any(|l| self.triggers.in_class(l, &c.what));
            hit != c.negated
        })
    }

    fn is_event_word(&self, p: &Parsed, j: usize) -> bool {
        self.has_trigger_row(p, j, false)
    }

    fn is_embedded_word(&self, p: &Parsed, j: usize) -> bool {
        self.has_trigger_row(p, j, true)
    }

    /// Whether word `j`, as the verb or noun it is tagged, has a trigger row of its own
    /// (`embedded` false) or one that only codes actions embedded under another (true).
    fn has_trigger_row(&self, p: &Parsed, j: usize, embedded: bool) -> bool {
        let (tag, pos) = if p.is_verb(j) {
            ('V', Pos::Verb)
        } else if p.is_noun(j) {
            ('N', Pos::Noun)
        } else {
            return false;
        };
        self.lemmatizer
            .candidates(&p.lower[j], tag)
            .iter()
            .any(|l| self.triggers.entries(l, pos).iter().any(|e| e.embedded == embedded))
    }

    fn sentence(&self, input: &EventInput, si: usize, p: &Parsed, events: &mut Vec<Event>) {
        let toks = input.seg.tokens_of(si);
        let context_nouns = self.context_nouns(input, si, p);
        // Words inside a name ("Israel Defense Forces", "Peace Now") are not triggers.
        let in_name = |i: usize| {
            let span = toks[i].span;
            input.mentions.mentions.iter().any(|m| {
                m.start <= span.start
                    && span.end <= m.end
                    && matches!(m.kind, MentionKind::Org | MentionKind::Per | MentionKind::Gpe | MentionKind::Fac)
            })
        };
        let found: Vec<Found> =
            (0..p.len()).filter(|&i| !in_name(i)).filter_map(|i| self.trigger_at(p, i, &context_nouns)).collect();
        // Words a speech act consumes as its proposition, and light verbs whose noun is the event.
        let mut consumed: HashSet<usize> = HashSet::new();
        // A verb whose row names its object's class carries the whole act when it changes
        // what the object's act is: "lifted the ban" is an easing (08), not a ban; "cancelled
        // the visit" is not a visit. A light verb of the same kind ("launched strikes") leaves
        // the act to its noun.
        let carries = |f: &Found| {
            f.entry.pos == Pos::Verb
                && f.entry.obj.iter().any(|c| !c.negated)
                && !(frame::LIGHT_VERBS.contains(&f.lemma.as_str())
                    && p.deps_with(f.word, &["obj"])
                        .any(|o| found.iter().any(|g| g.word == o && g.entry.code.get(..2) == f.entry.code.get(..2))))
        };
        for f in &found {
            consumed.extend(f.words.iter().skip(1).copied());
            if carries(f) {
                for o in p.deps_with(f.word, &["obj", "nsubj:pass"]) {
                    // "suspended part of its aid": the aid is the object too.
                    let objects = std::iter::once(o).chain(
                        p.deps_with(o, &["nmod"]).filter(|&d| p.deps_with(d, &["case"]).any(|c| p.lower[c] == "of")),
                    );
                    for x in objects {
                        consumed.insert(x);
                        // A compound phrase found at its first word ("military aid").
                        consumed.extend(found.iter().filter(|g| g.words.contains(&x)).map(|g| g.word));
                    }
                }
            }
            if (f.entry.speech || is_speech_code(&f.entry.code))
                && f.entry.code != "010"
                && let Some(c) =
                    frame::complement(p, f.word, &|j| self.is_event_word(p, j) || self.is_embedded_word(p, j))
            {
                consumed.insert(c);
                // The plan or proposal whose content became the proposition.
                consumed.extend(p.deps_with(f.word, &["obj"]).filter(|&o| o != c && self.is_event_word(p, o)));
            }
        }
        let found_at = |j: usize| found.iter().find(|f| f.word == j);
        for f in &found {
            if consumed.contains(&f.word) {
                continue;
            }
            // A light verb with an event noun object: the noun carries the event.
            if f.entry.pos == Pos::Verb
                && frame::LIGHT_VERBS.contains(&f.lemma.as_str())
                && !f.entry.recip
                && !carries(f)
                && p.deps_with(f.word, &["obj"]).any(|o| found_at(o).is_some())
            {
                continue;
            }
            // Reporting verbs are not events; what they report is.
            if f.entry.code == "010" && f.entry.speech {
                continue;
            }
            self.emit(input, si, p, toks, f, &found, events);
        }
    }

    /// Lemmas of the nouns in this and the previous sentence, for pronoun objects.
    fn context_nouns(&self, input: &EventInput, si: usize, p: &Parsed) -> Vec<String> {
        let mut out = Vec::new();
        for s in si.saturating_sub(1)..=si {
            let Some(q) = (if s == si { Some(p) } else { input.parsed[s].as_ref() }) else { continue };
            for j in 0..q.len() {
                if q.parse.upos[j] == Upos::NOUN {
                    out.push(self.lemmatizer.candidates(&q.lower[j], 'N')[0].clone());
                }
            }
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn emit(
        &self,
        input: &EventInput,
        si: usize,
        p: &Parsed,
        toks: &[crate::segment::Token],
        f: &Found,
        found: &[Found],
        events: &mut Vec<Event>,
    ) {
        let e = &f.entry;
        let i = f.word;
        let word_span = |w: usize| toks[w].span;
        // Trigger span: the phrase's words (contiguous cover).
        let lo = *f.words.iter().min().unwrap();
        let hi = *f.words.iter().max().unwrap();
        let trigger_span = Span::new(word_span(lo).start, word_span(hi).end);

        // The governing light verb, for nouns: "Israel launched strikes".
        let light = (e.pos == Pos::Noun).then(|| p.parse.head_of(i)).flatten().filter(|&h| {
            p.rel(i) == "obj"
                && p.is_verb(h)
                && self.lemmatizer.candidates(&p.lower[h], 'V').iter().any(|l| frame::LIGHT_VERBS.contains(&l.as_str()))
        });
        let clause = light.unwrap_or(i);

        // Sources and targets.
        let (mut sources, mut targets) = self.arguments(input, si, p, toks, f, light, events);

        // Casualty reports about an earlier event: "The strikes killed key officials".
        let root = &e.code[..2];
        if e.pos == Pos::Verb
            && matches!(root, "18" | "19" | "20")
            && let Some(subj) = frame::subject(p, i)
            && self.is_event_word(p, subj)
            && p.is_noun(subj)
        {
            let c = casualties(p, i);
            let subj_lemma = self.lemmatizer.candidates(&p.lower[subj], 'N');
            if let Some(prev) = events.iter_mut().rev().find(|ev| {
                matches!(&ev.root[..], "18" | "19" | "20")
                    && subj_lemma.iter().any(|l| ev.trigger.text.to_lowercase().starts_with(&l[..l.len().min(5)]))
            }) {
                merge_casualties(prev, c);
                return;
            }
        }
        // A definite event noun without arguments repeats an event already reported.
        if e.pos == Pos::Noun && sources.iter().all(Option::is_none) && targets.iter().all(Option::is_none) {
            let definite = p
                .deps_with(i, &["det"])
                .any(|d| matches!(p.lower[d].as_str(), "the" | "these" | "those" | "this" | "that"));
            if definite && events.iter().any(|ev| ev.root == root) {
                return;
            }
        }

        let mut factuality = frame::factuality(p, clause);
        if e.pos == Pos::Noun {
            // "exploring a meeting", "proposing talks": planned, not held.
            if let Some(h) = p.parse.head_of(i).filter(|&h| p.is_verb(h) && matches!(p.rel(i), "obj" | "nsubj:pass")) {
                let planned = self
                    .lemmatizer
                    .candidates(&p.lower[h], 'V')
                    .iter()
                    .any(|l| self.triggers.in_class(l, "planning_verb"));
                if planned && factuality.status == Status::Actual {
                    factuality.status = Status::Planned;
                }
            }
            let own = frame::factuality(p, i);
            if own.status != Status::Actual {
                factuality.status = own.status;
            }
            if own.polarity == Polarity::Negative {
                factuality.polarity = Polarity::Negative;
            }
        }
        // "The Israeli plan targeted Khamenei": what a plan does is planned, not done.
        if let Some(subj) = frame::subject(p, clause)
            && self.lemmatizer.candidates(&p.lower[subj], 'N').iter().any(|l| self.triggers.in_class(l, "proposal"))
            && factuality.status == Status::Actual
        {
            factuality.status = Status::Planned;
        }
        let (date, precision, time_id) = self.date_of(input, si, p, toks, clause);
        if let (Some(d), Some(pub_date)) = (date.as_deref().and_then(day_of), input.published)
            && d > pub_date
            && factuality.status == Status::Actual
        {
            factuality.status = Status::Planned;
        }
        let background = match (date.as_deref().and_then(day_of), input.published, precision) {
            (
                Some(d),
                Some(pd),
                Some(DatePrecision::Day | DatePrecision::Week | DatePrecision::Month | DatePrecision::Year),
            ) => d < pd.checked_sub(8.days()).unwrap_or(pd),
            _ => false,
        };

        // Speech acts: the proposition, and a code refined by it.
        let mut code = e.code.clone();
        let mut proposition = None;
        let mut rule_kind = if e.pos == Pos::Verb { "verb" } else { "noun" };
        // Phrases that spell out their proposition ("threatened to strike").
        let phrase_inner = f.words.iter().skip(1).copied().find(|&w| self.is_event_word(p, w));
        if e.speech || is_speech_code(&e.code) {
            rule_kind = "speech";
            let complement = phrase_inner
                .or_else(|| frame::complement(p, i, &|j| self.is_event_word(p, j) || self.is_embedded_word(p, j)));
            if let Some(c) = complement {
                let inner = self.trigger_at_in(p, c, &[], true).or_else(|| {
                    // A phrase's own last word: "threatened to strike" -> strike.
                    let tag = if p.is_verb(c) { 'V' } else { 'N' };
                    let pos = if tag == 'V' { Pos::Verb } else { Pos::Noun };
                    self.lemmatizer.candidates(&p.lower[c], tag).into_iter().find_map(|l| {
                        self.triggers
                            .entries(&l, pos)
                            .iter()
                            .find(|x| x.rest.is_empty() && x.obj.is_empty())
                            .map(|x| Found { word: c, words: vec![c], entry: x.clone(), lemma: l.clone() })
                    })
                });
                if let Some(inner) = inner {
                    let (psrc, ptgt) = self.proposition_args(input, si, p, toks, &inner, f, &sources, &targets, events);
                    let mut pf = frame::factuality(p, c);
                    if pf.status == Status::Actual && !matches!(&e.code[..2], "11" | "01" | "09") {
                        pf.status = Status::Planned;
                    }
                    if e.code == "016" {
                        pf.polarity = Polarity::Negative;
                    }
                    let inner_root = &inner.entry.code[..2];
                    if let Some((_, _, refined)) =
                        REFINE.iter().find(|(from, roots, _)| *from == code && roots.contains(&inner_root))
                        && self.codes.contains(refined)
                    {
                        code = refined.to_string();
                    }
                    // What a threat or appeal is about is not whom it targets: "threatened
                    // retaliation against the U.S." targets the U.S.
                    // A demand or appeal targets whoever is to act ("demanded that the US
                    // cancel"); a threat, promise or offer whoever the action is aimed at.
                    let no_target = targets.iter().all(|t| t.as_ref().is_none_or(|a| a.actor.is_none()));
                    if p.deps_with(i, &["obj"]).any(|o| o == c) || no_target {
                        let actor_of =
                            |a: &Option<Arg>| a.as_ref().and_then(|x| x.actor.as_ref()).map(|x| x.id.clone());
                        let speaker = sources.first().and_then(actor_of);
                        let other = |a: &Option<Arg>| actor_of(a).is_some() && actor_of(a) != speaker;
                        let addressee_acts = matches!(&e.code[..2], "02" | "10");
                        let pick = if addressee_acts && other(&psrc) {
                            psrc.clone()
                        } else if ptgt.as_ref().is_some_and(|a| a.actor.is_some()) || !other(&psrc) {
                            ptgt.clone()
                        } else {
                            None
                        };
                        if pick.is_some() || p.deps_with(i, &["obj"]).any(|o| o == c) {
                            targets = vec![pick];
                        }
                    }
                    proposition = Some(Proposition {
                        code: inner.entry.code.clone(),
                        source: psrc,
                        target: ptgt,
                        factuality: pf,
                    });
                }
            }
        }
        // A reported modal clause: "X said it will withdraw" is X's expressed intent (03x; a
        // threat, 13x, for coercion and force), "X said Y must withdraw" X's demand of Y (10x),
        // "should" an appeal (02x). The action itself becomes the proposition.
        if proposition.is_none()
            && e.pos == Pos::Verb
            && !(e.speech || is_speech_code(&e.code))
            && let Some(act) =
                self.reported_act(input, si, p, toks, clause, &code, &sources, &targets, factuality, events)
        {
            rule_kind = "reported";
            proposition = Some(act.proposition);
            code = act.code;
            sources = act.sources;
            targets = act.targets;
            factuality = Factuality::ACTUAL;
        }
        // "will not accept", "would not agree": a cooperative commitment refused ahead is a
        // rejection (12), not a planned cooperation that did not happen.
        if code.starts_with("03") && factuality.polarity == Polarity::Negative && factuality.status == Status::Planned {
            code = "120".to_string();
            rule_kind = "refused";
            factuality = Factuality::ACTUAL;
        }
        // A speech-act noun with nobody behind it ("requests for comment") is not an event.
        if e.speech
            && e.pos == Pos::Noun
            && proposition.is_none()
            && sources.iter().all(|s| s.as_ref().is_none_or(|a| a.actor.is_none()))
        {
            return;
        }
        let Some(info) = self.codes.get(&code) else { return };
        let casualties = matches!(&code[..2], "18" | "19" | "20").then(|| casualties(p, i)).flatten();
        let granularity = self.granularity(p, i, &code, light, e.recip);
        let rule = format!(
            "event.{rule_kind}.{}{}",
            std::iter::once(f.lemma.as_str()).chain(e.rest.iter().map(String::as_str)).collect::<Vec<_>>().join("_"),
            if light.is_some() {
                "+light"
            } else if e.recip {
                "+recip"
            } else {
                ""
            }
        );
        // On whose word: the quote the trigger sits in, else the attribution of its sentence.
        let sourcing = input
            .attributions
            .map(|a| {
                let by_span = a.sourcing_for_span(trigger_span);
                if by_span.kind == SourcingKind::Unattributed { a.sourcing_for_sentence(si) } else { by_span }
            })
            .unwrap_or_else(|| Sourcing::of(SourcingKind::Unattributed));

        // One event per (source, target) pair; reciprocal verbs both ways.
        let mut pairs: Vec<(Option<Arg>, Option<Arg>)> = Vec::new();
        let recip_light = light.is_some_and(|l| {
            self.lemmatizer.candidates(&p.lower[l], 'V').iter().any(|x| matches!(x.as_str(), "trade" | "exchange"))
        });
        if (e.recip || recip_light) && sources.len() >= 2 && targets.iter().all(Option::is_none) {
            for (a, b) in [(0, 1), (1, 0)] {
                pairs.push((sources[a].clone(), sources[b].clone()));
            }
        } else {
            for s in &sources {
                for t in &targets {
                    pairs.push((s.clone(), t.clone()));
                }
            }
        }
        let _ = found;
        for (source, target) in pairs {
            // The same act twice in one sentence ("should sign a deal, and will sign a deal")
            // is one event.
            let key = |a: &Option<Arg>| a.as_ref().and_then(|x| x.actor.as_ref()).map(|x| x.id.clone());
            if source.is_some() && key(&source).is_some() && key(&source) == key(&target) {
                continue;
            }
            if events.iter().any(|ev| {
                ev.sentence == si
                    && ev.code == code
                    && key(&ev.source) == key(&source)
                    && key(&ev.target) == key(&target)
            }) {
                continue;
            }
            // Calibrated: the measured precision of this kind of rule, where measured.
            let confidence = self
                .calibration
                .get(&self::rule_kind(&rule))
                .copied()
                .unwrap_or_else(|| confidence(e, &source, &target));
            events.push(Event {
                id: String::new(),
                sentence: si,
                trigger: SpanText::of(input.text, trigger_span),
                code: code.clone(),
                root: info.root.clone(),
                quad_class: info.quad_class,
                goldstein: info.goldstein,
                plover: info.plover.clone(),
                source,
                target,
                location: None,
                date: date.clone(),
                date_precision: precision,
                time: time_id.clone(),
                factuality,
                proposition: proposition.clone(),
                background,
                casualties: casualties.clone(),
                main: false,
                coreferent: None,
                granularity,
                sourcing: sourcing.clone(),
                confidence,
                evidence: Evidence::rule(rule.clone()),
            });
        }
    }

    /// Sources and targets of a trigger, each list at least one long (`None` = unknown).
    #[allow(clippy::too_many_arguments)]
    fn arguments(
        &self,
        input: &EventInput,
        si: usize,
        p: &Parsed,
        toks: &[crate::segment::Token],
        f: &Found,
        light: Option<usize>,
        events: &[Event],
    ) -> (Vec<Option<Arg>>, Vec<Option<Arg>>) {
        let e = &f.entry;
        let i = f.word;
        let preps: Vec<&str> = if e.prep.is_empty() {
            vec!["on", "against", "at", "targeting"]
        } else {
            e.prep.iter().map(String::as_str).collect()
        };
        let (src_word, tgt_word) = if e.pos == Pos::Verb {
            if frame::is_passive(p, i) {
                (frame::prep_object(p, i, &["by"]), p.deps_with(i, &["nsubj:pass"]).next())
            } else {
                let obj = p.deps_with(i, &["obj", "iobj"]).next().filter(|o| !self.is_event_word(p, *o) || !e.recip);
                (frame::subject(p, i), obj.or_else(|| frame::prep_object(p, i, &preps)))
            }
        } else {
            let src = p
                .deps_with(i, &["nmod:poss", "amod", "compound"])
                .find(|&d| self.mention_at(input, toks, d).is_some())
                .or_else(|| frame::prep_object(p, i, &["by", "from"]))
                .or_else(|| light.and_then(|l| frame::subject(p, l)));
            // "launched strikes on X": parsers often attach "on X" to the light verb.
            let tgt = frame::prep_object(p, i, &preps).or_else(|| light.and_then(|l| frame::prep_object(p, l, &preps)));
            // "a meeting between X and Y", "talks with Iran".
            // Parsers hang "between X and Y" on whatever is near; a "between" within a few
            // words after the noun names its parties.
            let between = (src.is_none() && tgt.is_none())
                .then(|| {
                    frame::prep_object(p, i, &["between"]).or_else(|| {
                        (i + 1..(i + 8).min(p.len()))
                            .find(|&j| p.lower[j] == "between" && p.rel(j) == "case")
                            .and_then(|j| p.parse.head_of(j))
                    })
                })
                .flatten();
            match between {
                Some(b) => {
                    let parties = frame::conjuncts(p, b);
                    (parties.first().copied(), parties.get(1).copied())
                }
                None => (src, tgt.or_else(|| frame::prep_object(p, i, &["with"]).filter(|_| e.recip))),
            }
        };
        let mut sources: Vec<Option<Arg>> = match src_word {
            Some(w) => frame::conjuncts(p, w).into_iter().map(|w| self.arg(input, si, p, toks, w, events)).collect(),
            None => vec![None],
        };
        let mut targets: Vec<Option<Arg>> = match tgt_word {
            Some(w) => frame::conjuncts(p, w).into_iter().map(|w| self.arg(input, si, p, toks, w, events)).collect(),
            None => vec![None],
        };
        // "strikes in Tehran": the country of the place is the target when the source is foreign.
        if targets.iter().all(|t| t.as_ref().is_none_or(|a| a.actor.is_none()))
            && let Some(place) = frame::prep_object(p, light.unwrap_or(i), &["in", "near", "across", "at", "inside"])
                .or_else(|| frame::prep_object(p, i, &["in", "near", "across", "inside"]))
            && let Some(a) = self.place_country_arg(input, toks, place)
        {
            let src_country = sources.iter().flatten().filter_map(|s| s.actor.as_ref()).find_map(|a| a.country.clone());
            // Protest is aimed at the authorities where it happens, compatriots or not.
            if e.code.starts_with("14") || a.actor.as_ref().and_then(|x| x.country.clone()) != src_country {
                targets = vec![Some(a)];
            }
        }
        dedup_args(&mut sources);
        dedup_args(&mut targets);
        if sources.is_empty() {
            sources.push(None);
        }
        if targets.is_empty() {
            targets.push(None);
        }
        (sources, targets)
    }

    /// Arguments of a speech act's proposition: its own subject and object, else inherited —
    /// the speaker acts in threats, promises and plans; the addressee in appeals and demands
    /// ("urged Washington to help"); the possessor of a plan ("Israel's plan to assassinate").
    #[allow(clippy::too_many_arguments)]
    fn proposition_args(
        &self,
        input: &EventInput,
        si: usize,
        p: &Parsed,
        toks: &[crate::segment::Token],
        inner: &Found,
        outer: &Found,
        sources: &[Option<Arg>],
        targets: &[Option<Arg>],
        events: &[Event],
    ) -> (Option<Arg>, Option<Arg>) {
        let (s, t) = self.arguments(input, si, p, toks, inner, None, events);
        let mut s = s.into_iter().next().flatten();
        let t = t.into_iter().next().flatten();
        if s.is_none() {
            // A plan's possessor acts: "Israel's plan to assassinate", whether the parser hangs
            // the purpose clause on the noun or on the verb that governs it.
            let plan = p
                .parse
                .head_of(inner.word)
                .filter(|h| p.is_noun(*h))
                .or_else(|| p.deps_with(outer.word, &["obj"]).find(|&o| p.is_noun(o) && !self.is_event_word(p, o)));
            if let Some(owner) = plan.and_then(|h| p.deps_with(h, &["nmod:poss", "amod"]).next()) {
                s = self.arg(input, si, p, toks, owner, events);
            }
        }
        if s.is_none() {
            let addressee_acts = matches!(&outer.entry.code[..2], "02" | "10");
            s = if addressee_acts { targets.first().cloned().flatten() } else { sources.first().cloned().flatten() };
        }
        // "a response to Israeli bombings": the response is aimed at whoever bombed.
        let t = t.or_else(|| {
            frame::prep_object(p, inner.word, &["to"])
                .and_then(|w| {
                    p.deps_with(w, &["amod", "nmod:poss", "compound"])
                        .find(|&d| self.mention_at(input, toks, d).is_some())
                })
                .and_then(|w| self.arg(input, si, p, toks, w, events))
        });
        (s, t)
    }

    /// Incident or campaign, for material acts (protest, force, coercion, yielding, aid): a
    /// plural event noun ("strikes", "raids"), a campaign word ("offensive", "siege"), a
    /// reciprocal exchange ("traded attacks") or an ongoing perfect ("have been shelling") is a
    /// campaign; else one incident. Statements have none.
    fn granularity(&self, p: &Parsed, i: usize, code: &str, light: Option<usize>, recip: bool) -> Option<Granularity> {
        if !matches!(&code[..2], "06" | "07" | "08" | "14" | "15" | "16" | "17" | "18" | "19" | "20") {
            return None;
        }
        let lemmas = self.lemmatizer.candidates(&p.lower[i], if p.is_verb(i) { 'V' } else { 'N' });
        let plural = p.is_noun(i) && lemmas.first().is_some_and(|l| *l != p.lower[i]) && p.lower[i].ends_with('s');
        let campaign_word = lemmas.iter().any(|l| self.triggers.in_class(l, "campaign"));
        let exchange = recip
            || light.is_some_and(|l| {
                self.lemmatizer.candidates(&p.lower[l], 'V').iter().any(|x| matches!(x.as_str(), "trade" | "exchange"))
            });
        let clause = light.unwrap_or(i);
        let ongoing = p.is_verb(clause)
            && p.deps_with(clause, &["aux"]).any(|a| p.lower[a] == "been")
            && p.lower[clause].ends_with("ing");
        Some(if plural || campaign_word || exchange || ongoing { Granularity::Campaign } else { Granularity::Incident })
    }

    /// The speech act a reported modal clause makes (see `frame::reported_modality`): its
    /// code, the proposition (the action as reported, planned), and its source and target.
    #[allow(clippy::too_many_arguments)]
    fn reported_act(
        &self,
        input: &EventInput,
        si: usize,
        p: &Parsed,
        toks: &[crate::segment::Token],
        clause: usize,
        code: &str,
        sources: &[Option<Arg>],
        targets: &[Option<Arg>],
        factuality: Factuality,
        events: &[Event],
    ) -> Option<ReportedAct> {
        let root = &code[..2];
        if matches!(root, "01" | "02" | "03" | "09" | "10" | "11" | "12" | "13") {
            return None;
        }
        let class_of = |w: usize, class: &str, tag: char| {
            self.lemmatizer.candidates(&p.lower[w], tag).iter().any(|l| self.triggers.in_class(l, class))
        };
        let (reporter, modality) =
            frame::reported_modality(p, clause, &|w| p.is_verb(w) && class_of(w, "report_verb", 'V'), &|w| {
                p.parse.upos[w] == Upos::ADJ && self.triggers.in_class(&p.lower[w], "willing_adj")
            })?;
        let speaker =
            reporter.and_then(frame::subject_of_report(p)).and_then(|w| self.arg(input, si, p, toks, w, events));
        let country = |a: &Option<Arg>| {
            a.as_ref().and_then(|x| x.actor.as_ref()).and_then(|x| x.country.clone().or(Some(x.code.clone())))
        };
        let src = sources.first().cloned().flatten();
        let same_side = speaker.as_ref().is_none_or(|s| s.actor.is_none())
            || src.is_none()
            || country(&speaker) == country(&Some(src.clone().unwrap_or_else(|| speaker.clone().unwrap())));
        let mut pf = factuality;
        if pf.status == Status::Actual {
            pf.status = Status::Planned;
        }
        let prop = Proposition {
            code: code.to_string(),
            source: src.clone(),
            target: targets.first().cloned().flatten(),
            factuality: pf,
        };
        let negative = factuality.polarity == Polarity::Negative;
        let outer = match modality {
            frame::Modality::Intent if same_side => {
                if negative {
                    if matches!(root, "04" | "05" | "06" | "07" | "08") { "120" } else { return None }
                } else {
                    match (root, code) {
                        (_, "0871") | (_, "0874") | (_, "087") => "0356",
                        (_, "0841") | (_, "084") => "0353",
                        ("08", c) if c.starts_with("081") => "0351",
                        ("08", c) if c.starts_with("085") => "0354",
                        ("08", c) if c.starts_with("086") => "0355",
                        ("04", _) => "036",
                        ("05", _) => "032",
                        ("06", _) => "031",
                        ("07", _) => "033",
                        ("08", _) => "035",
                        ("14", _) => "133",
                        ("16", _) => "131",
                        ("17", _) => "137",
                        ("15" | "18" | "19" | "20", _) => "138",
                        _ => return None,
                    }
                }
            }
            frame::Modality::Demand | frame::Modality::Appeal if !same_side || speaker.is_none() => {
                if negative {
                    return None;
                }
                let base = if modality == frame::Modality::Demand { "10" } else { "02" };
                let refined =
                    REFINE.iter().find(|(from, roots, _)| *from == base && roots.contains(&root)).map(|r| r.2);
                refined.unwrap_or(if base == "10" { "100" } else { "020" })
            }
            _ => return None,
        };
        if !self.codes.contains(outer) {
            return None;
        }
        let (src_out, tgt_out) = match modality {
            frame::Modality::Intent => {
                let s = if src.is_some() { sources.to_vec() } else { vec![speaker.clone()] };
                (s, targets.to_vec())
            }
            _ => (vec![speaker], vec![src]),
        };
        Some(ReportedAct { code: outer.to_string(), proposition: prop, sources: src_out, targets: tgt_out })
    }

    fn mention_at(&self, input: &EventInput, toks: &[crate::segment::Token], w: usize) -> Option<usize> {
        let span = toks[w].span;
        input.mentions.mentions.iter().position(|m| m.start <= span.start && span.end <= m.end)
    }

    /// The argument headed by word `w`: its mention, or a mention inside its noun phrase
    /// ("Iran's main nuclear facility" -> Iran), or a resolved pronoun, or the bare phrase.
    fn arg(
        &self,
        input: &EventInput,
        si: usize,
        p: &Parsed,
        toks: &[crate::segment::Token],
        w: usize,
        events: &[Event],
    ) -> Option<Arg> {
        let text = input.text;
        // "threatened on Monday to ...": a time expression is never a participant.
        // The parser sometimes heads a phrase with its time word ("the Security Council
        // today"): the phrase's words before it then name the participant.
        let in_time = |x: usize| input.times.iter().any(|t| t.start <= toks[x].span.start && toks[x].span.end <= t.end);
        if in_time(w) {
            let before: Vec<usize> = p.parse.dependents(w).filter(|&d| d < w && !in_time(d)).collect();
            let named = before
                .iter()
                .copied()
                .find(|&d| self.mention_at(input, toks, d).is_some_and(|m| input.mentions.mentions[m].actor.is_some()));
            let inner = named.or_else(|| before.iter().copied().rfind(|&d| p.is_noun(d)))?;
            return self.arg(input, si, p, toks, inner, events);
        }
        if let Some(mi) = self.mention_at(input, toks, w) {
            let m = &input.mentions.mentions[mi];
            // A capital acting ("Washington along with its allies demanded") is its government;
            // the actors stage reads capitals as places where no verb follows at once.
            let actor = m.actor.clone().or_else(|| {
                (m.evidence.rule == "actor.capital_as_place" && matches!(p.rel(w), "nsubj" | "nsubj:pass"))
                    .then(|| input.actors.capital_country(&m.text))
                    .flatten()
                    .map(|c| {
                        let iso3 = input.actors.country_actor(c).country;
                        input.actors.sector_actor(iso3.as_deref(), "GOV")
                    })
            });
            return Some(Arg { start: m.start, end: m.end, text: m.text.clone(), actor, mention: Some(m.id.clone()) });
        }
        // "A group of Yoruba leaders", "thousands of students", "the first contingent of
        // Bangladeshi troops": the actor is the one the quantity is of.
        if p.is_noun(w) || p.parse.upos[w] == Upos::NUM {
            let lemma = self.lemmatizer.candidates(&p.lower[w], 'N');
            if lemma.iter().any(|l| self.triggers.in_class(l, "collective"))
                && let Some(of) =
                    p.deps_with(w, &["nmod"]).find(|&d| p.deps_with(d, &["case"]).any(|c| p.lower[c] == "of"))
                && let Some(inner) = self.arg(input, si, p, toks, of, events)
            {
                return Some(inner);
            }
        }
        // The noun phrase: the head and the words before it that belong to it.
        let lo = p
            .parse
            .dependents(w)
            .filter(|&d| d < w && matches!(p.rel(d), "det" | "amod" | "nmod:poss" | "compound" | "nummod" | "advmod"))
            .map(|d| p.subtree(d).0)
            .min()
            .unwrap_or(w);
        let span = Span::new(toks[lo].span.start, toks[w].span.end);
        if p.parse.upos[w] == Upos::PRON {
            let (mention, actor) = self.resolve_pronoun(input, &p.lower[w], toks[w].span.start)?;
            return Some(Arg {
                start: span.start,
                end: span.end,
                text: text[span.start..span.end].to_string(),
                actor,
                mention,
            });
        }
        // A possessor, demonym or compound inside the phrase names the actor.
        let inner = p
            .parse
            .dependents(w)
            .filter(|&d| matches!(p.rel(d), "nmod:poss" | "amod" | "compound" | "nmod"))
            .find_map(|d| self.mention_at(input, toks, d));
        // An event noun as argument stands for whoever did that event.
        let event_actor = (inner.is_none() && self.is_event_word(p, w))
            .then(|| {
                let l = self.lemmatizer.candidates(&p.lower[w], 'N');
                events
                    .iter()
                    .rev()
                    .find(|e| l.iter().any(|x| e.trigger.text.to_lowercase().contains(&x[..x.len().min(5)])))
                    .and_then(|e| e.source.as_ref())
                    .and_then(|s| s.actor.clone())
            })
            .flatten();
        let _ = si;
        if !p.is_noun(w) && inner.is_none() {
            return None;
        }
        let actor = inner.and_then(|mi| input.mentions.mentions[mi].actor.clone()).or(event_actor);
        let mention = inner.map(|mi| input.mentions.mentions[mi].id.clone());
        // Things, not actors ("the road", "a facility") still give the target's phrase.
        Some(Arg { start: span.start, end: span.end, text: text[span.start..span.end].to_string(), actor, mention })
    }

    /// The last mention before `at` a pronoun can refer to.
    fn resolve_pronoun(&self, input: &EventInput, pronoun: &str, at: usize) -> Option<(Option<String>, Option<Actor>)> {
        let want: &dyn Fn(usize) -> bool = match pronoun {
            "he" | "him" | "his" => {
                &|k: usize| input.mentions.info[k].person && input.mentions.info[k].gender != Some(Gender::Female)
            }
            "she" | "her" => {
                &|k: usize| input.mentions.info[k].person && input.mentions.info[k].gender == Some(Gender::Female)
            }
            "they" | "them" | "their" => &|k: usize| input.mentions.info[k].plural || !input.mentions.info[k].person,
            // "Hungary said it will support": a country or body, not a person.
            "it" | "its" => &|k: usize| {
                !input.mentions.info[k].person
                    && !input.mentions.info[k].plural
                    && matches!(input.mentions.mentions[k].kind, MentionKind::Gpe | MentionKind::Org)
            },
            _ => return None,
        };
        let (k, m) = input
            .mentions
            .mentions
            .iter()
            .enumerate()
            .rev()
            .find(|(k, m)| m.end <= at && m.actor.is_some() && m.kind != MentionKind::Norp && want(*k))?;
        let _ = k;
        Some((Some(m.id.clone()), m.actor.clone()))
    }

    /// A place named by word `w` as a country-level argument: a capital used as a place
    /// ("in Tehran") or a country.
    fn place_country_arg(&self, input: &EventInput, toks: &[crate::segment::Token], w: usize) -> Option<Arg> {
        let mi = self.mention_at(input, toks, w)?;
        let m = &input.mentions.mentions[mi];
        let actor = match (&m.actor, m.evidence.rule.as_str()) {
            (Some(a), _) if a.sector.is_none() && m.kind == MentionKind::Gpe => Some(a.clone()),
            (None, "actor.capital_as_place") => {
                input.actors.capital_country(&m.text).map(|c| input.actors.country_actor(c))
            }
            _ => None,
        }?;
        Some(Arg { start: m.start, end: m.end, text: m.text.clone(), actor: Some(actor), mention: Some(m.id.clone()) })
    }

    /// The time expression governing the clause of word `w`, else the publication date.
    fn date_of(
        &self,
        input: &EventInput,
        si: usize,
        p: &Parsed,
        toks: &[crate::segment::Token],
        w: usize,
    ) -> (Option<String>, Option<DatePrecision>, Option<String>) {
        let sentence = input.seg.sentences[si].span();
        let times: Vec<&Timex> = input
            .times
            .iter()
            .filter(|t| {
                sentence.contains(t.span())
                    && matches!(t.kind, TimexType::Date | TimexType::Time)
                    && input.seg.quote_around(t.span()).is_none()
            })
            .collect();
        // Ancestors of w within the sentence, nearest first.
        let mut chain = vec![w];
        let mut n = w;
        while let Some(h) = p.parse.head_of(n) {
            chain.push(h);
            n = h;
        }
        let word_of = |t: &Timex| toks.iter().position(|k| k.span.start >= t.start).filter(|&k| k < p.len());
        let mut best: Option<(usize, &Timex)> = None;
        for t in &times {
            let Some(tw) = word_of(t) else { continue };
            // The timex's attachment: the first head outside its own words.
            let mut h = tw;
            while let Some(x) = p.parse.head_of(h) {
                if toks[x].span.start >= t.start && toks[x].span.end <= t.end {
                    h = x;
                    continue;
                }
                h = x;
                break;
            }
            if let Some(depth) = chain.iter().position(|&c| c == h)
                && best.is_none_or(|(d, _)| depth < d)
            {
                best = Some((depth, t));
            }
        }
        let chosen = best.map(|(_, t)| t).or_else(|| (times.len() == 1).then(|| times[0]));
        match chosen {
            Some(t) => {
                let (date, precision) = date_value(&t.value, input.published);
                (date, precision, Some(t.id.clone()))
            }
            None => (input.published.map(|d| d.to_string()), input.published.map(|_| DatePrecision::Approximate), None),
        }
    }

    /// "Among the dead: ..." names the dead of the last lethal event before it.
    fn attach_named_dead(&self, input: &EventInput, events: &mut [Event]) {
        for (si, s) in input.seg.sentences.iter().enumerate() {
            let lower = input.text[s.start..s.end].to_lowercase();
            if ![
                "among the dead",
                "those killed included",
                "the dead included",
                "among those killed",
                "the dead are",
                "the dead were",
            ]
            .iter()
            .any(|p| lower.starts_with(p))
            {
                continue;
            }
            let names: Vec<String> = input
                .mentions
                .mentions
                .iter()
                .filter(|m| m.kind == MentionKind::Per && s.start <= m.start && m.end <= s.end)
                .map(|m| m.actor.as_ref().filter(|a| a.role.is_some()).map_or(m.text.clone(), |a| a.name.clone()))
                .collect();
            if names.is_empty() {
                continue;
            }
            if let Some(e) = events
                .iter_mut()
                .rev()
                .find(|e| e.sentence < si && e.sentence + 3 >= si && matches!(&e.root[..], "18" | "19" | "20"))
            {
                let c = e.casualties.get_or_insert_with(Casualties::default);
                for n in names {
                    if !c.named.contains(&n) {
                        c.named.push(n);
                    }
                }
            }
        }
    }
}

/// Marks each sentence's main event: the trigger nearest the root of the parse (a noun under
/// a light verb stands where its verb stands: "Israel launched strikes"), the first on a tie.
/// What a sentence is about is its main clause, not the first event word in it ("With the
/// signing of the accord, the parties agreed to ...": agreed).
fn mark_main(input: &EventInput, events: &mut [Event]) {
    let depth_of = |e: &Event| -> usize {
        let Some(p) = input.parsed.get(e.sentence).and_then(Option::as_ref) else { return usize::MAX };
        let toks = input.seg.tokens_of(e.sentence);
        (0..p.len().min(toks.len()))
            .filter(|&w| e.trigger.start <= toks[w].span.start && toks[w].span.end <= e.trigger.end)
            .map(|w| {
                let mut d = 0;
                let mut n = w;
                while let Some(h) = p.parse.head_of(n) {
                    d += 1;
                    n = h;
                    if d > p.len() {
                        break;
                    }
                }
                if p.rel(w) == "obj" && p.parse.head_of(w).is_some_and(|h| p.is_verb(h)) {
                    d.saturating_sub(1)
                } else {
                    d
                }
            })
            .min()
            .unwrap_or(usize::MAX)
    };
    let mut best: std::collections::BTreeMap<usize, (usize, usize, usize)> = Default::default();
    for e in events.iter() {
        let key = (depth_of(e), e.trigger.start, e.trigger.end);
        let b = best.entry(e.sentence).or_insert(key);
        if key < *b {
            *b = key;
        }
    }
    for e in events.iter_mut() {
        let (_, s, t) = best[&e.sentence];
        e.main = e.trigger.start == s && e.trigger.end == t;
    }
}

impl Default for EventStage {
    fn default() -> Self {
        Self::new()
    }
}

/// Two words of one mention ("Foreign Minister ... Araghchi") are one argument.
fn dedup_args(args: &mut Vec<Option<Arg>>) {
    let mut seen: Vec<(usize, usize)> = Vec::new();
    args.retain(|a| match a {
        Some(a) if seen.contains(&(a.start, a.end)) => false,
        Some(a) => {
            seen.push((a.start, a.end));
            true
        }
        None => true,
    });
}

/// The prior estimate for rule kinds not yet measured: specific rows and resolved actors
/// count for more.
fn confidence(e: &Entry, source: &Option<Arg>, target: &Option<Arg>) -> f32 {
    let mut c: f32 = if e.obj.is_empty() && e.rest.is_empty() { 0.6 } else { 0.7 };
    if source.as_ref().is_some_and(|a| a.actor.is_some()) {
        c += 0.15;
    }
    if target.as_ref().is_some_and(|a| a.actor.is_some()) {
        c += 0.1;
    }
    c.min(0.95)
}

/// A TIMEX3 value as an event date and its precision.
fn date_value(value: &str, published: Option<Date>) -> (Option<String>, Option<DatePrecision>) {
    let v = value.split('T').next().unwrap_or(value);
    let b = v.as_bytes();
    if v.len() == 10 && b[4] == b'-' && b[7] == b'-' && b[0].is_ascii_digit() {
        return (Some(v.to_string()), Some(DatePrecision::Day));
    }
    if v.len() == 8 && v.contains("-W") && b[0].is_ascii_digit() {
        return (Some(v.to_string()), Some(DatePrecision::Week));
    }
    if v.len() == 7 && b[4] == b'-' && b[0].is_ascii_digit() && b[5].is_ascii_digit() {
        return (Some(v.to_string()), Some(DatePrecision::Month));
    }
    if v.len() == 4 && b.iter().all(u8::is_ascii_digit) {
        return (Some(v.to_string()), Some(DatePrecision::Year));
    }
    (published.map(|d| d.to_string()), published.map(|_| DatePrecision::Approximate))
}

/// The first day a date value covers (`2025-06-12`, `2025-W24`, `2025-06`, `2025`).
fn day_of(v: &str) -> Option<Date> {
    if let Ok(d) = v.parse::<Date>() {
        return Some(d);
    }
    if let Some((y, w)) = v.split_once("-W") {
        let y: i16 = y.parse().ok()?;
        let w: i8 = w.get(..2)?.parse().ok()?;
        return jiff::civil::ISOWeekDate::new(y, w, jiff::civil::Weekday::Monday).ok().map(|d| d.date());
    }
    if v.len() == 7 {
        return format!("{v}-01").parse().ok();
    }
    if v.len() == 4 {
        return format!("{v}-01-01").parse().ok();
    }
    None
}

/// Casualty counts next to a killing or wounding word in the same clause: "killed 78 people",
/// "at least 300 were wounded".
fn casualties(p: &Parsed, i: usize) -> Option<Casualties> {
    let mut c = Casualties::default();
    let mut candidates = vec![i];
    candidates.extend(p.deps_with(i, &["conj", "advcl", "xcomp", "parataxis"]));
    if let Some(h) = p.parse.head_of(i) {
        candidates.push(h);
    }
    for v in candidates {
        let lemma = p.lower[v].as_str();
        let killed = ["kill", "killed", "killing", "kills", "dead", "died", "death", "deaths"].contains(&lemma);
        let injured = ["wound", "wounded", "wounding", "injure", "injured", "injuring", "injuries"].contains(&lemma);
        if !killed && !injured {
            continue;
        }
        let count = p.deps_with(v, &["obj", "nsubj:pass", "nsubj"]).find_map(|o| {
            p.deps_with(o, &["nummod"]).next().and_then(|n| number(&p.lower[n])).or_else(|| number(&p.lower[o]))
        });
        if let Some(n) = count {
            if killed {
                c.killed = Some(n);
            } else {
                c.injured = Some(n);
            }
        }
    }
    (c.killed.is_some() || c.injured.is_some()).then_some(c)
}

fn merge_casualties(e: &mut Event, c: Option<Casualties>) {
    let Some(c) = c else { return };
    let into = e.casualties.get_or_insert_with(Casualties::default);
    into.killed = into.killed.or(c.killed);
    into.injured = into.injured.or(c.injured);
}

fn number(w: &str) -> Option<u32> {
    if let Ok(n) = w.replace(',', "").parse::<u32>() {
        return Some(n);
    }
    let words =
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];
    words.iter().position(|x| *x == w).map(|n| n as u32).filter(|n| *n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_kinds_and_calibration_table() {
        assert_eq!(rule_kind("event.verb.strike+light"), "event.verb+light");
        assert_eq!(rule_kind("event.speech.threaten"), "event.speech");
        let t =
            parse_confidence("# c\nrule\tcorrect\ttotal\tprecision\nevent.verb\t8\t10\t0.800\nevent.noun\t1\t2\t0.5\n")
                .unwrap();
        assert_eq!(t.get("event.verb"), Some(&0.75));
        assert_eq!(t.get("event.noun"), None, "too few cases to trust");
        assert!(parse_confidence("rule\tcorrect\ttotal\tprecision\nevent.verb\t9\t3\t3.0\n").is_err());
        assert!(parse_confidence(CONFIDENCE_TSV).is_ok());
    }

    #[test]
    fn dates_and_precision() {
        assert_eq!(date_value("2025-06-12TNI", None), (Some("2025-06-12".into()), Some(DatePrecision::Day)));
        assert_eq!(date_value("2025-W24", None).1, Some(DatePrecision::Week));
        assert_eq!(date_value("2025-06", None).1, Some(DatePrecision::Month));
        assert_eq!(
            date_value("PAST_REF", Some(jiff::civil::date(2025, 6, 15))),
            (Some("2025-06-15".into()), Some(DatePrecision::Approximate))
        );
        assert_eq!(day_of("2025-W24"), Some(jiff::civil::date(2025, 6, 9)));
        assert_eq!(number("1,200"), Some(1200));
        assert_eq!(number("two"), Some(2));
    }
}
