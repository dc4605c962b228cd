//! The committed model on news sentences we wrote ourselves: the relations the event coder
//! relies on (who did what to whom) come out right. One `check` helper; every case is data.

use sitrep_syntax::{Deprel, Model, Upos};

/// An expected relation: dependent word, head word (`ROOT` for the root), and the relation;
/// `a|b` accepts either (UD allows both readings, or EWT versions differ).
type Rel = (&'static str, &'static str, &'static str);

fn check(sentence: &str, expected: &[Rel]) {
    let words: Vec<&str> = sentence.split(' ').collect();
    let p = Model::default_model().parse(&words);
    let show = || {
        words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let h = p.head_of(i).map_or("ROOT", |h| words[h]);
                format!("{w}/{}<-{}:{h}", p.upos[i], p.deprel[i])
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    for &(dep, head, rel) in expected {
        let d = words.iter().position(|w| *w == dep).expect("dependent in sentence");
        let got_head = p.head_of(d).map_or("ROOT", |h| words[h]);
        let got_rel = p.deprel[d].as_str();
        let rel_ok = got_rel == rel || rel.split('|').any(|r| r == got_rel);
        let head_ok = head.split('|').any(|h| h == got_head);
        assert!(
            head_ok && rel_ok,
            "{sentence}\n  expected {dep} <-{rel}- {head}, got {dep} <-{got_rel}- {got_head}\n  parse: {}",
            show()
        );
    }
}

#[test]
fn strikes_on_a_facility() {
    check(
        // Tokenized as UD does: the possessive clitic is its own word (curly apostrophe here).
        "Israel launched strikes on Iran ’s largest enrichment plant on Friday .",
        &[
            ("Israel", "launched", "nsubj"),
            ("launched", "ROOT", "root"),
            ("strikes", "launched", "obj"),
            ("plant", "strikes|launched", "nmod|obl"),
            ("Iran", "plant", "nmod:poss"),
        ],
    );
}

#[test]
fn straight_apostrophe_too() {
    check(
        "Israel launched strikes on Iran 's largest enrichment plant on Friday .",
        &[("Israel", "launched", "nsubj"), ("strikes", "launched", "obj"), ("Iran", "plant", "nmod:poss")],
    );
}

#[test]
fn passive_with_agent() {
    check(
        "The talks were cancelled by Oman .",
        &[
            ("talks", "cancelled", "nsubj:pass"),
            ("were", "cancelled", "aux:pass"),
            ("Oman", "cancelled", "obl:agent|obl"),
            ("cancelled", "ROOT", "root"),
        ],
    );
}

#[test]
fn reported_speech() {
    check(
        "The foreign minister said Tehran would respond to any attack .",
        &[
            ("minister", "said", "nsubj"),
            ("said", "ROOT", "root"),
            ("respond", "said", "ccomp"),
            ("Tehran", "respond", "nsubj"),
            ("attack", "respond", "obl"),
        ],
    );
}

#[test]
fn headline_capitals_and_numbers() {
    check(
        "Rebels seized 12 villages near the border in March .",
        &[("Rebels", "seized", "nsubj"), ("villages", "seized", "obj"), ("12", "villages", "nummod")],
    );
}

#[test]
fn unknown_names_are_proper_nouns() {
    let words = ["Zelenskyy", "met", "Erdoğan", "in", "Ankara", "."];
    let p = Model::default_model().parse(&words);
    assert_eq!(p.upos[0], Upos::PROPN, "{:?}", p.upos);
    assert_eq!(p.upos[2], Upos::PROPN, "{:?}", p.upos);
    assert_eq!(p.upos[4], Upos::PROPN, "{:?}", p.upos);
    assert_eq!(p.deprel[0], Deprel::Nsubj);
    assert_eq!(p.deprel[2], Deprel::Obj);
}

#[test]
fn curly_quotes_and_dashes() {
    let words = ["“", "We", "will", "not", "retreat", "”", "—", "the", "general", "said", "."];
    let p = Model::default_model().parse(&words);
    assert_eq!(p.upos[0], Upos::PUNCT);
    assert_eq!(p.upos[5], Upos::PUNCT);
    assert_eq!(p.upos[6], Upos::PUNCT);
    assert_eq!(p.upos[4], Upos::VERB);
    assert_eq!(p.head_of(1), Some(4), "We <- retreat");
}

#[test]
fn every_parse_is_a_tree() {
    let sentences = [
        "Iran fired missiles at Israel , which intercepted most of them .",
        "BREAKING : U.S. STRIKES IRAN NUCLEAR SITES",
        "Talks resumed in Geneva on June 14 , 2025 , officials said .",
        "...",
        "Ceasefire",
    ];
    for s in sentences {
        let words: Vec<&str> = s.split(' ').collect();
        let p = Model::default_model().parse(&words);
        assert_eq!(p.len(), words.len());
        assert_eq!(p.head.iter().filter(|h| **h == 0).count(), 1, "{s}");
        assert!(p.head.iter().all(|h| *h as usize <= words.len()));
        for i in 0..p.len() {
            let mut x = i;
            let mut steps = 0;
            while let Some(h) = p.head_of(x) {
                x = h;
                steps += 1;
                assert!(steps <= p.len(), "cycle in {s}");
            }
        }
    }
}

#[test]
fn odd_inputs_still_give_trees() {
    let long: Vec<String> = (0..400).map(|i| format!("w{}", i % 7)).collect();
    let long: Vec<&str> = long.iter().map(String::as_str).collect();
    let odd = ["", " ", "🙂", "e\u{301}", "ALL-CAPS", "１２３", "--", "\u{a0}"];
    for words in [&long[..], &odd[..]] {
        let p = Model::default_model().parse(words);
        assert_eq!(p.len(), words.len());
        assert_eq!(p.head.iter().filter(|h| **h == 0).count(), 1);
    }
}
