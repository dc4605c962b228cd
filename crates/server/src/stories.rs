//! Stories over HTTP: the situation (`sitrep_story::situation`) computed from the store's
//! current documents, cached until the store changes, with every evidence span converted to
//! UTF-16 offsets of its article. Lists over it (stories, merged events, contradictions,
//! watchlist, escalation) filter the cached JSON with the same parameters as the store lists.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use sitrep_store::{Filter, Store};

use crate::error::ApiError;
use crate::params::ListQuery;
use crate::utf16::Utf16Map;

/// One story, ready to serve.
#[derive(Debug)]
pub struct Entry {
    pub id: String,
    /// Article ids, earliest first.
    pub articles: Vec<String>,
    /// The whole story as JSON, offsets in UTF-16.
    pub json: Value,
}

/// The stories of one state of the store.
#[derive(Debug, Default)]
pub struct Cache {
    inner: Mutex<Option<(u64, Arc<Vec<Entry>>)>>,
}

impl Cache {
    /// The stories for the store as it is now: recomputed when an analysis was stored or
    /// replaced since (by this server or another process on the same database).
    pub fn get(&self, store: &dyn Store) -> Result<Arc<Vec<Entry>>, ApiError> {
        let key = store.revision()?;
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((k, stories)) = inner.as_ref()
            && *k == key
        {
            return Ok(stories.clone());
        }
        let docs = store.documents(&Filter::default())?;
        let situation = sitrep_story::situation(&docs);
        let maps: BTreeMap<&str, Utf16Map> =
            docs.iter().map(|d| (d.article.id.as_str(), Utf16Map::new(&d.article.text))).collect();
        let mut entries = Vec::with_capacity(situation.stories.len());
        for story in &situation.stories {
            let mut json = serde_json::to_value(story).map_err(|e| ApiError::internal("serialize story", e))?;
            convert_evidence(&mut json, &maps);
            entries.push(Entry { id: story.id.clone(), articles: story.articles.clone(), json });
        }
        let stories = Arc::new(entries);
        *inner = Some((key, stories.clone()));
        Ok(stories)
    }
}

/// Every `{article, start, end}` object (an evidence span) to UTF-16 offsets of its article.
fn convert_evidence(v: &mut Value, maps: &BTreeMap<&str, Utf16Map>) {
    match v {
        Value::Object(o) => {
            let map = o.get("article").and_then(Value::as_str).and_then(|a| maps.get(a));
            if let Some(map) = map {
                for key in ["start", "end"] {
                    if let Some(b) = o.get(key).and_then(Value::as_u64) {
                        o.insert(key.into(), Value::from(map.at(b as usize)));
                    }
                }
            }
            o.values_mut().for_each(|c| convert_evidence(c, maps));
        }
        Value::Array(items) => items.iter_mut().for_each(|c| convert_evidence(c, maps)),
        _ => {}
    }
}

/// The story a `story` parameter names.
pub fn find<'a>(stories: &'a [Entry], id: &str) -> Result<&'a Entry, ApiError> {
    stories.iter().find(|s| s.id == id).ok_or_else(|| ApiError::NotFound(format!("story '{id}'")))
}

/// Resolve `q.story` into the article set of the store filter.
pub fn narrow(q: &mut ListQuery, cache: &Cache, store: &dyn Store) -> Result<(), ApiError> {
    if let Some(id) = &q.story {
        let stories = cache.get(store)?;
        q.filter.articles = Some(find(&stories, id)?.articles.clone());
    }
    Ok(())
}

/// An actor object (`{id, name, code}`) given like the `actor` parameter: id or name
/// (case-insensitive) or a CAMEO code prefix.
pub fn actor_matches(actor: &Value, who: &str) -> bool {
    let s = |k: &str| actor.get(k).and_then(Value::as_str).unwrap_or("").to_lowercase();
    let who = who.to_lowercase();
    !who.is_empty() && (s("id") == who || s("name") == who || s("code").starts_with(&who))
}

/// A CAMEO code within `lo..=hi` on its leading digits.
pub fn code_in(code: &str, (lo, hi): &(String, String)) -> bool {
    code.get(..lo.len()).is_some_and(|c| c >= lo.as_str() && c <= hi.as_str())
}

/// Every word of `q` in `text` (case-insensitive).
pub fn has_words(text: &str, q: &str) -> bool {
    let t = text.to_lowercase();
    sitrep_store::query_words(q).iter().all(|w| t.contains(w.as_str()))
}

/// A day `d` (or none) within the filter's dates; undated items pass only an open range.
pub fn day_in(d: Option<&str>, f: &Filter) -> bool {
    let d = d.and_then(|d| d.get(..10));
    match d {
        Some(d) => f.since.as_deref().is_none_or(|s| d >= s) && f.until.as_deref().is_none_or(|u| d <= u),
        None => f.since.is_none() && f.until.is_none(),
    }
}

/// Items of the stories `q` selects (one story, or all), each tagged with its story id.
pub fn items(stories: &[Entry], q: &ListQuery, field: &str) -> Result<Vec<Value>, ApiError> {
    let chosen: Vec<&Entry> = match &q.story {
        Some(id) => vec![find(stories, id)?],
        None => stories.iter().collect(),
    };
    Ok(chosen
        .into_iter()
        .flat_map(|s| {
            s.json[field].as_array().cloned().unwrap_or_default().into_iter().map(|mut v| {
                if let Value::Object(o) = &mut v {
                    o.insert("story".into(), Value::from(s.id.clone()));
                }
                v
            })
        })
        .collect())
}

/// Apply the page of `q` to an already filtered list.
pub fn page(q: &ListQuery, rows: Vec<Value>) -> (Vec<Value>, Option<String>) {
    let rows: Vec<Value> = rows.into_iter().skip(q.offset).take(q.limit + 1).collect();
    q.page(rows)
}
