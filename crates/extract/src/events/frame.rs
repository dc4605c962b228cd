//! Reading an event's frame off the dependency parse: who acts (subject, passive agent,
//! possessor or demonym of a noun), on whom (object, passive subject, "strikes on X"), what a
//! speech act is about (its complement: "threatened to strike", "blocked a plan to
//! assassinate"), and how real it is (negation, modals, conditionals, hedging nouns).

use sitrep_model::{Factuality, Polarity, Status};

use crate::syntax::Parsed;

/// Light verbs whose object names the event: "launched strikes", "carried out raids".
pub const LIGHT_VERBS: &[&str] = &[
    "express",
    "voice",
    "convey",
    "issue",
    "launch",
    "carry",
    "conduct",
    "stage",
    "mount",
    "wage",
    "hold",
    "sign",
    "reach",
    "impose",
    "lift",
    "announce",
    "begin",
    "resume",
    "open",
    "call",
    "make",
    "undertake",
    "unleash",
    "step",
    "escalate",
    "intensify",
    "continue",
    "order",
    "trade",
    "exchange",
    "start",
    "deliver",
    "perform",
    "execute",
    "pursue",
    "initiate",
    "renew",
];

/// Nouns that make what they govern only possibly true: "speculation that the US had joined".
const HEDGES: &[&str] = &[
    "speculation",
    "rumor",
    "rumour",
    "claim",
    "allegation",
    "suggestion",
    "possibility",
    "fear",
    "prospect",
    "risk",
    "question",
    "whether",
];

/// Nouns whose to-infinitive is their content, not a purpose ("Israel's plan to strike", "a
/// request to visit"): the infinitive's subject is theirs, not the governing verb's.
const INFINITIVE_NOUNS: &[&str] = &[
    "plan",
    "proposal",
    "offer",
    "bid",
    "attempt",
    "effort",
    "decision",
    "order",
    "call",
    "request",
    "demand",
    "right",
    "permission",
    "chance",
    "opportunity",
    "way",
    "move",
    "pledge",
    "promise",
    "threat",
    "vow",
    "agreement",
    "deal",
    "ultimatum",
    "appeal",
    "invitation",
    "initiative",
    "campaign",
    "operation",
    "mission",
    "resolution",
    "motion",
    "law",
    "bill",
    "power",
    "authority",
    "need",
    "intention",
    "readiness",
    "willingness",
    "refusal",
    "failure",
    "ability",
    "plot",
    "scheme",
    "push",
    "drive",
    "deadline",
    "mandate",
];

/// Subject of `i`: its `nsubj`, else the subject its clause inherits (conjoined verbs share a
/// subject; an open complement's subject is its governor's; a relative clause's subject is the
/// noun it modifies).
pub fn subject(p: &Parsed, i: usize) -> Option<usize> {
    if let Some(s) = p.deps_with(i, &["nsubj", "csubj"]).next() {
        return Some(s);
    }
    // The tagger sometimes marks an active subject as passive; without a passive auxiliary
    // it is the subject.
    if !is_passive(p, i)
        && let Some(s) = p.deps_with(i, &["nsubj:pass"]).next()
    {
        return Some(s);
    }
    let head = p.parse.head_of(i)?;
    match p.rel(i) {
        "conj" | "xcomp" if p.is_verb(head) => subject(p, head),
        // A purpose infinitive is done by the main clause's subject: "summoned the envoy to
        // complain".
        "advcl" if p.is_verb(head) && p.deps_with(i, &["mark"]).any(|m| p.lower[m] == "to") => subject(p, head),
        // "Syria is willing to withdraw": the adjective's subject.
        "xcomp" if p.parse.upos[head] == sitrep_syntax::Upos::ADJ => p.deps_with(head, &["nsubj"]).next(),
        // "summoned the ambassador to complain": a to-infinitive on a verb's object is the
        // verb's purpose, done by its subject, not by the object.
        "acl"
            if p.deps_with(i, &["mark"]).any(|m| p.lower[m] == "to")
                && p.rel(head) == "obj"
                && !INFINITIVE_NOUNS.contains(&p.lower[head].trim_end_matches('s'))
                && p.parse.head_of(head).is_some_and(|v| p.is_verb(v)) =>
        {
            p.parse.head_of(head).and_then(|v| subject(p, v))
        }
        "acl:relcl" | "acl" => Some(head),
        _ => None,
    }
}

/// Passive voice: a passive auxiliary, or a passive subject with a form of "be" or "get".
pub fn is_passive(p: &Parsed, i: usize) -> bool {
    p.deps_with(i, &["aux:pass"]).next().is_some()
        || (p.deps_with(i, &["nsubj:pass"]).next().is_some()
            && p.deps_with(i, &["aux"]).any(|a| {
                matches!(
                    p.lower[a].as_str(),
                    "is" | "are" | "was" | "were" | "be" | "been" | "being" | "'s" | "'re" | "get" | "got" | "gets"
                )
            }))
}

/// The object of a preposition attached to `i`, for the given prepositions: "strikes on Iran".
pub fn prep_object(p: &Parsed, i: usize, preps: &[&str]) -> Option<usize> {
    p.parse.dependents(i).find(|&d| {
        matches!(p.rel(d), "obl" | "nmod" | "obl:agent" | "advcl" | "acl")
            && p.parse.dependents(d).any(|c| p.rel(c) == "case" && preps.contains(&p.lower[c].as_str()))
    })
}

/// Words coordinated with `i` ("Israel and Iran"), `i` included.
pub fn conjuncts(p: &Parsed, i: usize) -> Vec<usize> {
    let mut out = vec![i];
    let mut k = 0;
    // Conjuncts may hang off an apposition or a flat name inside the phrase ("envoy Steve
    // Witkoff and ... Araghchi").
    let mut inside = vec![i];
    let mut j = 0;
    while j < inside.len() {
        let n = inside[j];
        inside.extend(p.deps_with(n, &["appos", "flat"]));
        j += 1;
    }
    for n in inside {
        out.extend(
            p.deps_with(n, &["conj"])
                .filter(|d| p.is_noun(*d) || matches!(p.parse.upos[*d], sitrep_syntax::Upos::PRON)),
        );
    }
    while k < out.len() {
        let n = out[k];
        out.extend(
            p.deps_with(n, &["conj"])
                .filter(|d| p.is_noun(*d) || matches!(p.parse.upos[*d], sitrep_syntax::Upos::PRON)),
        );
        k += 1;
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The predicate a speech act or plan is about: an open or clausal complement ("to strike",
/// "that it would strike"), an event noun object ("a response"), a noun's own complement ("a
/// plan to assassinate"), "of"+gerund ("accused X of attacking"), "for"+noun ("called for a
/// ceasefire").
pub fn complement(p: &Parsed, i: usize, is_event_noun: &dyn Fn(usize) -> bool) -> Option<usize> {
    if let Some(c) = p.deps_with(i, &["xcomp", "ccomp"]).next() {
        return Some(descend(p, c, is_event_noun));
    }
    for o in p.deps_with(i, &["obj"]) {
        // A plan, proposal or offer stands for its content when it has one: "vetoed Israel's
        // proposal to kill the commander" is about the killing.
        let content = p
            .deps_with(o, &["acl", "xcomp"])
            .find(|&c| p.is_verb(c) && p.deps_with(c, &["mark"]).any(|m| p.lower[m] == "to"));
        if let Some(c) = content {
            return Some(c);
        }
        if is_event_noun(o) {
            return Some(o);
        }
        if let Some(c) =
            p.deps_with(o, &["acl", "acl:relcl", "xcomp", "nmod"]).find(|&c| p.is_verb(c) || is_event_noun(c))
        {
            return Some(c);
        }
        // "blocked Israel's plan to assassinate ...": parsers often attach the plan's content
        // to the verb as a purpose clause.
        if let Some(c) =
            p.deps_with(i, &["advcl"]).find(|&c| p.is_verb(c) && p.deps_with(c, &["mark"]).any(|m| p.lower[m] == "to"))
        {
            return Some(c);
        }
    }
    if let Some(o) = prep_object(p, i, &["of", "for", "against"])
        && (p.is_verb(o) || is_event_noun(o))
    {
        return Some(o);
    }
    None
}

/// From a complement down to the event it names: "refused to greenlight strikes" -> strikes
/// when "greenlight" is not itself an event word.
fn descend(p: &Parsed, c: usize, is_event_noun: &dyn Fn(usize) -> bool) -> usize {
    if let Some(o) = p.deps_with(c, &["obj"]).find(|&o| is_event_noun(o))
        && matches!(
            p.lower[c].as_str(),
            "greenlight"
                | "approve"
                | "authorize"
                | "authorise"
                | "allow"
                | "permit"
                | "order"
                | "back"
                | "support"
                | "endorse"
        )
    {
        return o;
    }
    c
}

/// How real the event at `i` is, from its own words and the clauses above it.
pub fn factuality(p: &Parsed, i: usize) -> Factuality {
    let mut f = own_factuality(p, i);
    // Clauses above can make it hypothetical or hedged ("could decide whether the US joins").
    let mut n = i;
    let mut steps = 0;
    while let Some(h) = p.parse.head_of(n) {
        steps += 1;
        let noun_arg = p.is_noun(n) && matches!(p.rel(n), "nsubj" | "nsubj:pass" | "obj" | "obl");
        if steps > 6
            || !(noun_arg || matches!(p.rel(n), "ccomp" | "xcomp" | "advcl" | "csubj" | "acl" | "conj" | "nmod"))
        {
            break;
        }
        if HEDGES.contains(&p.lower[h].as_str()) && f.status == Status::Actual {
            f.status = Status::Possible;
        }
        let up = own_factuality(p, h);
        if f.status == Status::Actual && up.status != Status::Actual {
            f.status = up.status;
        }
        n = h;
    }
    f
}

fn own_factuality(p: &Parsed, i: usize) -> Factuality {
    let mut polarity = Polarity::Positive;
    let mut status = Status::Actual;
    let mut would = false;
    let mut have_after_modal = false;
    for d in p.parse.dependents(i) {
        let w = p.lower[d].as_str();
        match (p.rel(d), w) {
            ("advmod", "not" | "n't" | "never") | ("det", "no") => polarity = Polarity::Negative,
            ("aux", "could" | "may" | "might" | "can" | "should" | "must" | "ought") => status = Status::Possible,
            ("aux", "will" | "'ll" | "shall" | "wo" | "gonna") => status = Status::Planned,
            ("aux", "would" | "'d") => would = true,
            ("aux", "have") if would => have_after_modal = true,
            ("mark", "if" | "unless" | "whether") => status = Status::Possible,
            (
                "amod",
                "planned" | "proposed" | "possible" | "potential" | "future" | "upcoming" | "prospective" | "expected",
            ) => status = if matches!(w, "possible" | "potential") { Status::Possible } else { Status::Planned },
            _ => {}
        }
        // "is going to strike": aux "going" + "to"
        if p.rel(d) == "aux" && w == "going" {
            status = Status::Planned;
        }
    }
    if would {
        status = if have_after_modal {
            Status::Counterfactual
        } else if status == Status::Actual {
            Status::Planned
        } else {
            status
        };
    }
    Factuality { polarity, status }
}

/// How a reported clause presents its action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Modality {
    /// "will", "would", "is willing to": what the subject means to do.
    Intent,
    /// "must": what someone is required to do.
    Demand,
    /// "should": what someone is asked to do.
    Appeal,
}

/// The modality of clause `c` when it is an actor's stated intent or an obligation someone
/// states: a modal on a clause reported by a verb of saying (its head through `ccomp`, or a
/// `parataxis` "..., a statement said"), or an open complement of a willingness adjective
/// ("is willing to withdraw"). Returns the reporting verb (if any) and the modality.
pub fn reported_modality(
    p: &Parsed,
    c: usize,
    is_report: &dyn Fn(usize) -> bool,
    is_willing: &dyn Fn(usize) -> bool,
) -> Option<(Option<usize>, Modality)> {
    let report_above = |n: usize| {
        p.parse
            .head_of(n)
            .filter(|&h| p.rel(n) == "ccomp" && is_report(h))
            .or_else(|| p.deps_with(n, &["parataxis"]).find(|&d| is_report(d)))
    };
    if p.rel(c) == "xcomp"
        && let Some(h) = p.parse.head_of(c).filter(|&h| is_willing(h))
    {
        return Some((report_above(h), Modality::Intent));
    }
    let modal = p.deps_with(c, &["aux"]).find_map(|a| match p.lower[a].as_str() {
        "will" | "'ll" | "shall" | "wo" | "would" | "'d" => Some(Modality::Intent),
        "must" => Some(Modality::Demand),
        "should" => Some(Modality::Appeal),
        _ => None,
    })?;
    if p.deps_with(c, &["aux"]).any(|a| p.lower[a] == "have") {
        return None;
    }
    Some((Some(report_above(c)?), modal))
}

/// The subject of a reporting verb: its own, or for a participle the noun it modifies ("a
/// statement issued by the ministry said").
pub fn subject_of_report(p: &Parsed) -> impl Fn(usize) -> Option<usize> + '_ {
    move |r| subject(p, r)
}
