//! Story clustering: which articles are about the same developing situation.
//!
//! Each article becomes a weighted bag of features: the actors it mentions (by actor id and
//! by country), the places it names, and the dyads of its material events. An arriving
//! article joins the story whose summed bag is most similar (cosine over tf·idf, the idf from
//! the articles seen so far) when that similarity reaches [`JOIN`], damped by the days between
//! the article and the story; otherwise it founds a new story. A copy (exact or near
//! duplicate) of an earlier article always joins that article's story. Articles are taken in
//! publication order, so the result is the same however the input was ordered, and adding
//! articles later ([`Clusterer::add`]) continues the same process.
//!
//! Deliberately absent: wording. Outlets covering one war share few words beyond names, and
//! those names are already features; copies are found by `dedup`.

use std::collections::BTreeMap;

use jiff::civil::Date;
use sitrep_model::Document;

use crate::common::{actor_key, days_between};

/// Similarity at or above which an article joins a story.
pub const JOIN: f64 = 0.30;
/// Days between an article and a story's date range before similarity is damped (by
/// `GAP_DAYS / gap`).
pub const GAP_DAYS: i64 = 7;

/// Features of one article: name -> raw count.
pub(crate) type Bag = BTreeMap<String, f64>;

pub(crate) fn features(doc: &Document) -> Bag {
    let mut bag = Bag::new();
    for m in doc.mentions.iter().flatten() {
        let Some(a) = &m.actor else { continue };
        // Outlets and platforms name who reports, not what is reported.
        if a.sector.as_deref() == Some("MED") {
            continue;
        }
        *bag.entry(format!("a:{}", a.id)).or_default() += 1.0;
        if let Some(c) = a.country.as_deref().filter(|c| !c.is_empty()) {
            *bag.entry(format!("c:{c}")).or_default() += 1.0;
        }
    }
    for p in doc.places.iter().flatten() {
        *bag.entry(format!("p:{}", p.name.to_lowercase())).or_default() += 1.0;
    }
    for e in doc.events.iter().flatten() {
        if !matches!(e.quad_class, 2 | 4) {
            continue;
        }
        let (Some(s), Some(t)) =
            (e.source.as_ref().and_then(|a| a.actor.as_ref()), e.target.as_ref().and_then(|a| a.actor.as_ref()))
        else {
            continue;
        };
        let (mut a, mut b) = (actor_key(s), actor_key(t));
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        if a != b {
            *bag.entry(format!("d:{a}-{b}")).or_default() += 2.0;
        }
    }
    // Sublinear counts: an article naming Iran forty times is not forty times about Iran.
    for v in bag.values_mut() {
        *v = 1.0 + v.ln();
    }
    bag
}

/// One story while clustering.
#[derive(Debug, Default)]
struct Cluster {
    members: Vec<usize>,
    bag: Bag,
    first: Option<Date>,
    last: Option<Date>,
}

/// Incremental clustering state.
#[derive(Debug, Default)]
pub struct Clusterer {
    clusters: Vec<Cluster>,
    /// Articles seen per feature.
    df: BTreeMap<String, usize>,
    seen: usize,
    /// Cluster of each added article, by the caller's article index.
    assigned: BTreeMap<usize, usize>,
}

impl Clusterer {
    pub fn new() -> Self {
        Self::default()
    }

    /// Add article `idx` (the caller's index) with its features and day; `copy_of` is an
    /// earlier added article it duplicates. Returns the cluster it joined.
    pub(crate) fn add(&mut self, idx: usize, bag: Bag, day: Option<Date>, copy_of: Option<usize>) -> usize {
        self.seen += 1;
        for k in bag.keys() {
            *self.df.entry(k.clone()).or_default() += 1;
        }
        let chosen = copy_of.and_then(|c| self.assigned.get(&c).copied()).or_else(|| {
            let mut best: Option<(usize, f64)> = None;
            for (ci, c) in self.clusters.iter().enumerate() {
                let s = self.similarity(&bag, &c.bag) * damping(day, c.first, c.last);
                if s >= JOIN && best.is_none_or(|(_, b)| s > b) {
                    best = Some((ci, s));
                }
            }
            best.map(|(ci, _)| ci)
        });
        let ci = chosen.unwrap_or_else(|| {
            self.clusters.push(Cluster::default());
            self.clusters.len() - 1
        });
        let c = &mut self.clusters[ci];
        c.members.push(idx);
        for (k, v) in bag {
            *c.bag.entry(k).or_default() += v;
        }
        if let Some(d) = day {
            c.first = Some(c.first.map_or(d, |f| f.min(d)));
            c.last = Some(c.last.map_or(d, |l| l.max(d)));
        }
        self.assigned.insert(idx, ci);
        ci
    }

    /// Members of each cluster, in the order they were added.
    pub fn clusters(&self) -> Vec<Vec<usize>> {
        self.clusters.iter().map(|c| c.members.clone()).collect()
    }

    fn idf(&self, k: &str) -> f64 {
        let df = self.df.get(k).copied().unwrap_or(0) as f64;
        ((1.0 + self.seen as f64) / (1.0 + df)).ln() + 1.0
    }

    fn similarity(&self, a: &Bag, b: &Bag) -> f64 {
        let (mut dot, mut na, mut nb) = (0.0, 0.0, 0.0);
        for (k, va) in a {
            let w = self.idf(k);
            let x = va * w;
            na += x * x;
            if let Some(vb) = b.get(k) {
                dot += x * vb * w;
            }
        }
        for (k, vb) in b {
            let y = vb * self.idf(k);
            nb += y * y;
        }
        if na == 0.0 || nb == 0.0 { 0.0 } else { dot / (na.sqrt() * nb.sqrt()) }
    }
}

/// How much the days between an article and a story's range weaken their similarity.
fn damping(day: Option<Date>, first: Option<Date>, last: Option<Date>) -> f64 {
    let (Some(d), Some(f), Some(l)) = (day, first, last) else { return 1.0 };
    let gap = if d < f {
        days_between(d, f)
    } else if d > l {
        days_between(l, d)
    } else {
        0
    };
    if gap <= GAP_DAYS { 1.0 } else { GAP_DAYS as f64 / gap as f64 }
}

/// The day of an article's publication.
pub(crate) fn published_day(doc: &Document) -> Option<Date> {
    doc.article.published.map(|p| p.date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bag(items: &[&str]) -> Bag {
        items.iter().map(|s| (s.to_string(), 1.0)).collect()
    }

    #[test]
    fn similar_articles_join_and_others_found_new_stories() {
        let mut c = Clusterer::new();
        let d = |s: &str| Some(s.parse::<Date>().unwrap());
        assert_eq!(c.add(0, bag(&["c:IRN", "c:ISR", "a:irn", "a:isr", "p:tehran"]), d("2025-06-13"), None), 0);
        assert_eq!(c.add(1, bag(&["c:IND", "c:PAK", "a:ind", "a:pak", "p:kashmir"]), d("2025-06-13"), None), 1);
        assert_eq!(c.add(2, bag(&["c:IRN", "c:ISR", "a:isr", "p:natanz"]), d("2025-06-14"), None), 0);
        // The same features far in time are another story.
        assert_eq!(c.add(3, bag(&["c:IND", "c:PAK", "a:pak", "p:kashmir"]), d("2026-01-20"), None), 2);
        // A copy follows its original whatever its features.
        assert_eq!(c.add(4, bag(&[]), d("2025-06-14"), Some(1)), 1);
        assert_eq!(c.clusters(), vec![vec![0, 2], vec![1, 4], vec![3]]);
    }
}
