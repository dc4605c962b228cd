//! The shared invariant check every output passes in tests (and `sitrep analyze --check`):
//! spans in bounds and on char boundaries, each span's `text` equal to what it covers, layers
//! sorted, ids unique, and every reference (antecedent, speaker, event argument, place, time,
//! claim source) pointing at something that exists.

use std::collections::BTreeSet;

use crate::{Arg, Document, SpanText};

/// Check `doc`; returns every violation found (empty when the document is sound).
pub fn check(doc: &Document) -> Vec<String> {
    let mut c = Checker { text: doc.text(), errors: Vec::new(), ids: BTreeSet::new() };
    if doc.schema != crate::SCHEMA {
        c.err(format!("schema is '{}', expected '{}'", doc.schema, crate::SCHEMA));
    }
    if doc.article.id.is_empty() {
        c.err("empty article id".into());
    }

    let sentences = doc.sentences.as_deref().unwrap_or(&[]);
    let mut prev_end = 0;
    for (i, s) in sentences.iter().enumerate() {
        c.span(s.start, s.end, None, &format!("sentence {i}"));
        if s.start < prev_end {
            c.err(format!("sentence {i} starts at {} before the previous one ends at {prev_end}", s.start));
        }
        if s.start == s.end {
            c.err(format!("sentence {i} is empty"));
        }
        prev_end = s.end;
    }

    let mut mention_ids = BTreeSet::new();
    let mentions = doc.mentions.as_deref().unwrap_or(&[]);
    c.sorted(mentions.iter().map(|m| (m.start, m.end)), "mentions");
    for m in mentions {
        c.id(&m.id, "mention");
        c.span(m.start, m.end, Some(&m.text), &m.id);
        c.confidence(m.confidence, &m.id);
        if let Some(a) = &m.antecedent
            && !mention_ids.contains(a.as_str())
        {
            c.err(format!("{}: antecedent {a} is not an earlier mention", m.id));
        }
        mention_ids.insert(m.id.as_str());
    }

    let times = doc.times.as_deref().unwrap_or(&[]);
    c.sorted(times.iter().map(|t| (t.start, t.end)), "times");
    for t in times {
        c.id(&t.id, "time");
        c.span(t.start, t.end, Some(&t.text), &t.id);
        c.confidence(t.confidence, &t.id);
        if t.value.is_empty() {
            c.err(format!("{}: empty value", t.id));
        }
    }
    let time_ids: BTreeSet<&str> = times.iter().map(|t| t.id.as_str()).collect();

    let places = doc.places.as_deref().unwrap_or(&[]);
    c.sorted(places.iter().map(|p| (p.start, p.end)), "places");
    for p in places {
        c.id(&p.id, "place");
        c.span(p.start, p.end, Some(&p.text), &p.id);
        c.confidence(p.confidence, &p.id);
        if let (Some(lat), Some(lon)) = (p.lat, p.lon)
            && (!(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon))
        {
            c.err(format!("{}: coordinates {lat},{lon} out of range", p.id));
        }
    }
    let place_ids: BTreeSet<&str> = places.iter().map(|p| p.id.as_str()).collect();

    let quotes = doc.quotes.as_deref().unwrap_or(&[]);
    c.sorted(quotes.iter().map(|q| (q.start, q.end)), "quotes");
    for q in quotes {
        c.id(&q.id, "quote");
        c.span(q.start, q.end, Some(&q.text), &q.id);
        c.span_text(&q.cue, &format!("{} cue", q.id));
        if let Some(s) = &q.source_span {
            c.span_text(s, &format!("{} source_span", q.id));
        }
        if let Some(m) = q.speaker.as_ref().and_then(|s| s.mention.as_deref()) {
            c.reference(&mention_ids, m, &format!("{} speaker", q.id));
        }
        c.confidence(q.confidence, &q.id);
    }
    let quote_ids: BTreeSet<&str> = quotes.iter().map(|q| q.id.as_str()).collect();

    let events = doc.events.as_deref().unwrap_or(&[]);
    c.sorted(events.iter().map(|e| (e.trigger.start, e.trigger.end)), "events");
    for e in events {
        c.id(&e.id, "event");
        c.span_text(&e.trigger, &format!("{} trigger", e.id));
        match sentences.get(e.sentence) {
            Some(s) if s.start <= e.trigger.start && e.trigger.end <= s.end => {}
            Some(_) => c.err(format!("{}: trigger outside sentence {}", e.id, e.sentence)),
            None => c.err(format!("{}: sentence {} does not exist", e.id, e.sentence)),
        }
        if !e.code.starts_with(&e.root) || e.root.len() != 2 {
            c.err(format!("{}: root '{}' does not prefix code '{}'", e.id, e.root, e.code));
        }
        if !(1..=4).contains(&e.quad_class) {
            c.err(format!("{}: quad_class {} not in 1..=4", e.id, e.quad_class));
        }
        if !(-10.0..=10.0).contains(&e.goldstein) {
            c.err(format!("{}: goldstein {} out of range", e.id, e.goldstein));
        }
        let args = [&e.source, &e.target].into_iter().chain(e.proposition.iter().flat_map(|p| [&p.source, &p.target]));
        for a in args.flatten() {
            c.arg(a, &mention_ids, &e.id);
        }
        if let Some(l) = &e.location {
            c.reference(&place_ids, l, &format!("{} location", e.id));
        }
        if let Some(t) = &e.time {
            c.reference(&time_ids, t, &format!("{} time", e.id));
        }
        c.confidence(e.confidence, &e.id);
    }
    // A coreferent points back to an earlier event that is not itself a repeat, so each
    // happening has one first mention; a sentence's main events share one trigger.
    for (k, e) in events.iter().enumerate() {
        let Some(to) = &e.coreferent else { continue };
        match events.iter().position(|x| &x.id == to) {
            None => c.err(format!("{}: coreferent {to} does not exist", e.id)),
            Some(j) if j >= k => c.err(format!("{}: coreferent {to} does not come before it", e.id)),
            Some(j) if events[j].coreferent.is_some() => {
                c.err(format!("{}: coreferent {to} is itself a repeat of {:?}", e.id, events[j].coreferent))
            }
            Some(_) => {}
        }
    }
    let mut main_trigger: std::collections::BTreeMap<usize, (usize, usize)> = Default::default();
    for e in events.iter().filter(|e| e.main) {
        let t = (e.trigger.start, e.trigger.end);
        if *main_trigger.entry(e.sentence).or_insert(t) != t {
            c.err(format!("{}: a second main event in sentence {}", e.id, e.sentence));
        }
    }
    let event_ids: BTreeSet<&str> = events.iter().map(|e| e.id.as_str()).collect();

    for cl in doc.claims.as_deref().unwrap_or(&[]) {
        c.id(&cl.id, "claim");
        if let Some(q) = &cl.quote {
            c.reference(&quote_ids, q, &format!("{} quote", cl.id));
        }
        if let Some(ev) = &cl.event {
            c.reference(&event_ids, ev, &format!("{} event", cl.id));
        }
        if cl.quote.is_none() && cl.event.is_none() {
            c.err(format!("{}: claim rests on neither a quote nor an event", cl.id));
        }
        if let Some(m) = &cl.claimant.mention {
            c.reference(&mention_ids, m, &format!("{} claimant", cl.id));
        }
        c.confidence(cl.confidence, &cl.id);
    }

    for (i, d) in doc.diagnostics.iter().enumerate() {
        if let (Some(s), Some(e)) = (d.start, d.end) {
            c.span(s, e, None, &format!("diagnostic {i}"));
        }
    }
    c.errors
}

struct Checker<'a> {
    text: &'a str,
    errors: Vec<String>,
    ids: BTreeSet<String>,
}

impl Checker<'_> {
    fn err(&mut self, msg: String) {
        self.errors.push(msg);
    }

    fn id(&mut self, id: &str, what: &str) {
        if id.is_empty() {
            self.err(format!("empty {what} id"));
        } else if !self.ids.insert(id.to_string()) {
            self.err(format!("duplicate id {id}"));
        }
    }

    fn span(&mut self, start: usize, end: usize, text: Option<&str>, what: &str) {
        if start > end || end > self.text.len() {
            self.err(format!("{what}: span {start}..{end} out of bounds (text is {} bytes)", self.text.len()));
            return;
        }
        if !self.text.is_char_boundary(start) || !self.text.is_char_boundary(end) {
            self.err(format!("{what}: span {start}..{end} not on char boundaries"));
            return;
        }
        if let Some(t) = text
            && &self.text[start..end] != t
        {
            self.err(format!("{what}: text {t:?} differs from span {start}..{end} {:?}", &self.text[start..end]));
        }
    }

    fn span_text(&mut self, s: &SpanText, what: &str) {
        self.span(s.start, s.end, Some(&s.text), what);
    }

    fn arg(&mut self, a: &Arg, mentions: &BTreeSet<&str>, what: &str) {
        self.span(a.start, a.end, Some(&a.text), &format!("{what} argument"));
        if let Some(m) = &a.mention {
            self.reference(mentions, m, &format!("{what} argument"));
        }
    }

    fn reference(&mut self, ids: &BTreeSet<&str>, id: &str, what: &str) {
        if !ids.contains(id) {
            self.err(format!("{what}: {id} does not exist"));
        }
    }

    fn confidence(&mut self, c: f32, what: &str) {
        if !(0.0..=1.0).contains(&c) {
            self.err(format!("{what}: confidence {c} not in [0, 1]"));
        }
    }

    fn sorted(&mut self, spans: impl Iterator<Item = (usize, usize)>, layer: &str) {
        let mut prev = (0, 0);
        for s in spans {
            if s < prev {
                self.err(format!("{layer} not sorted: {}..{} after {}..{}", s.0, s.1, prev.0, prev.1));
            }
            prev = s;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::*;

    fn doc() -> Document {
        let mut d = Document::new(
            Article::new("a1", "Iran’s minister spoke."),
            PipelineInfo { code: "test".into(), stages: vec![], lexicons: Default::default() },
        );
        d.sentences = Some(vec![Sentence { start: 0, end: 24, paragraph: 0, kind: SentenceKind::Body }]);
        d.mentions = Some(vec![Mention {
            id: "m1".into(),
            start: 0,
            end: 4,
            text: "Iran".into(),
            kind: MentionKind::Gpe,
            actor: None,
            antecedent: None,
            confidence: 0.9,
            evidence: Evidence::rule("test"),
        }]);
        d
    }

    #[test]
    fn sound_document_passes() {
        assert_eq!(check(&doc()), Vec::<String>::new());
    }

    #[test]
    fn catches_each_kind_of_violation() {
        let mut d = doc();
        d.sentences.as_mut().unwrap()[0].end = 99;
        assert!(check(&d)[0].contains("out of bounds"));

        let mut d = doc();
        d.mentions.as_mut().unwrap()[0].end = 5; // inside the 3-byte apostrophe
        assert!(check(&d)[0].contains("char boundaries"));

        let mut d = doc();
        d.mentions.as_mut().unwrap()[0].text = "Iraq".into();
        assert!(check(&d)[0].contains("differs"));

        let mut d = doc();
        d.mentions.as_mut().unwrap()[0].antecedent = Some("m9".into());
        assert!(check(&d)[0].contains("antecedent"));

        let mut d = doc();
        let m = d.mentions.as_ref().unwrap()[0].clone();
        d.mentions.as_mut().unwrap().push(m);
        assert!(check(&d).iter().any(|e| e.contains("duplicate id m1")));

        let mut d = doc();
        d.mentions.as_mut().unwrap()[0].confidence = 1.5;
        assert!(check(&d)[0].contains("confidence"));
    }
}
