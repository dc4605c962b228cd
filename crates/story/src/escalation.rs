//! Escalation: per day and per dyad, the four quad-class counts of merged, actual events and
//! a combined index; plus the story's total per day (dyad `*`–`*`).
//!
//! The formula (also in ARCHITECTURE.md): for a day `d` and a dyad `(s, t)` (the countries,
//! else actor codes, of source and target, as reported),
//! `index(d, s, t) = − Σ goldstein(e)` over the merged events `e` of that day and dyad that
//! are actual, not only background, and dated; so conflict raises it and cooperation lowers
//! it. The quad-class columns count those events. `divergence` flags words and deeds apart:
//! on that day at least one verbal-cooperation event, while the material-conflict weight
//! (`− Σ goldstein` of quad-class 4 events) is positive and higher than on the dyad's previous
//! day in the series (or than zero when it has none).
//!
//! Because it counts merged events, a wire copy or a repeated mention of an event changes
//! nothing: both merge into the event already counted (property tested).

use std::collections::BTreeMap;

use sitrep_model::{EscalationPoint, MergedEvent};

use crate::common::{actor_key, day};

#[derive(Debug, Default, Clone, Copy)]
struct Acc {
    quads: [u32; 4],
    index: f64,
    material_conflict: f64,
}

/// The series for one story's merged events.
pub fn series(events: &[MergedEvent]) -> Vec<EscalationPoint> {
    // (dyad, day) keeps each dyad's days together and in order.
    let mut acc: BTreeMap<((String, String), String), Acc> = BTreeMap::new();
    for e in events {
        if e.background || e.factuality != sitrep_model::Factuality::ACTUAL || !(1..=4).contains(&e.quad_class) {
            continue;
        }
        let Some(date) = e.date.as_deref().and_then(day) else { continue };
        let date = date.to_string();
        let mut dyads = vec![("*".to_string(), "*".to_string())];
        if let (Some(s), Some(t)) = (&e.source, &e.target) {
            let (s, t) = (actor_key(s), actor_key(t));
            if s != t {
                dyads.push((s, t));
            }
        }
        for dyad in dyads {
            let a = acc.entry((dyad, date.clone())).or_default();
            a.quads[usize::from(e.quad_class - 1)] += 1;
            a.index -= f64::from(e.goldstein);
            if e.quad_class == 4 {
                a.material_conflict -= f64::from(e.goldstein);
            }
        }
    }
    let mut out = Vec::with_capacity(acc.len());
    let mut prev: Option<((String, String), f64)> = None;
    for ((dyad, date), a) in acc {
        let before = match &prev {
            Some((d, w)) if *d == dyad => *w,
            _ => 0.0,
        };
        let divergence = a.quads[0] > 0 && a.material_conflict > 0.0 && a.material_conflict > before;
        prev = Some((dyad.clone(), a.material_conflict));
        out.push(EscalationPoint {
            date,
            source: dyad.0,
            target: dyad.1,
            verbal_cooperation: a.quads[0],
            material_cooperation: a.quads[1],
            verbal_conflict: a.quads[2],
            material_conflict: a.quads[3],
            index: round2(a.index),
            divergence,
        });
    }
    // Days in order, the story total first within a day.
    out.sort_by(|a, b| {
        (&a.date, a.source != "*", &a.source, &a.target).cmp(&(&b.date, b.source != "*", &b.source, &b.target))
    });
    out
}

fn round2(x: f64) -> f32 {
    ((x * 100.0).round() / 100.0) as f32
}
