//! The results of recent searches, kept for the index content they were
//! found in, as Solr's queryResultCache and Elasticsearch's shard request
//! cache keep theirs: a query asked again (a reporter paging back, a
//! shared link opened by a newsroom, a dashboard polling) is answered
//! without searching.
//!
//! The content is told by the searcher's segments and their deletes
//! (`fingerprint`); an entry answers only a request searching the same
//! content, so no answer is ever older than the index it was asked of.
//! When a commit brings new content, the server warms the cache for it
//! before searching it, as Solr's autowarming does: the most recently
//! used requests are searched again on the new searcher, and `replace`
//! puts their results in the place of the old ones as the new searcher
//! takes over, so the first requests after a commit do not all miss.
//!
//! Bounded by a number of entries; the least recently used goes first. An
//! entry also keeps its hits as the API writes them, made once, so an
//! answer from the cache is mostly a copy of bytes (serializing the hits
//! was most of a cached answer's time).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use serde_json::value::RawValue;

use crate::output::wire;
use crate::paths::PathStyle;
use crate::search::{Request, Results};

/// What a searcher sees of the index: a hash of its segments and of each
/// one's deletes. Two searchers over the same commit give the same.
pub fn fingerprint(searcher: &tantivy::Searcher) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    searcher.generation().segments().hash(&mut hasher);
    hasher.finish()
}

/// What a search found, and its hits as JSON once the API has written them.
pub struct Searched {
    /// The results.
    pub results: Results,
    hits_json: OnceLock<Option<Box<RawValue>>>,
}

impl Searched {
    /// `results`, not yet written as JSON.
    pub fn new(results: Results) -> Searched {
        Searched {
            results,
            hits_json: OnceLock::new(),
        }
    }

    /// The hits as the API writes them (`wire::Hit`s, paths shown by
    /// `paths`, which is the server's one setting), written on first use;
    /// `None` if they cannot be written as JSON.
    pub fn hits_json(&self, paths: &PathStyle) -> Option<&RawValue> {
        self.hits_json
            .get_or_init(|| {
                let hits: Vec<wire::Hit> = self
                    .results
                    .hits
                    .iter()
                    .map(|hit| wire::Hit::new(hit, paths))
                    .collect();
                serde_json::value::to_raw_value(&hits).ok()
            })
            .as_deref()
    }
}

/// Entries kept when `serve --cache` does not say.
pub const DEFAULT_ENTRIES: usize = 1_000;

/// Most hits a cached answer may hold: exports and other large pages are
/// searched every time, so the cache's memory stays small (at most
/// `entries` pages of API size).
const MAX_CACHED_HITS: usize = 100;

/// Recent results by request, for one reader generation.
pub struct Cache {
    entries: usize,
    kept: Mutex<Kept>,
}

#[derive(Default)]
struct Kept {
    /// The `fingerprint` of the content the results were found in.
    generation: u64,
    clock: u64,
    /// By key: when last used, the request, its results.
    results: HashMap<String, (u64, Request, Arc<Searched>)>,
}

/// The key of a request: every field of it, as its `Debug` form spells
/// them (the same request, the same key).
fn key(request: &Request) -> Option<String> {
    (request.limit <= MAX_CACHED_HITS).then(|| format!("{request:?}"))
}

impl Cache {
    /// A cache of up to `entries` results (0: none kept) of searches in
    /// the content `generation` (its fingerprint).
    pub fn new(entries: usize, generation: u64) -> Cache {
        Cache {
            entries,
            kept: Mutex::new(Kept {
                generation,
                ..Kept::default()
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Kept> {
        self.kept.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The results kept for `request` in the content `generation` (its
    /// fingerprint): none when the cache holds another content's.
    pub fn get(&self, generation: u64, request: &Request) -> Option<Arc<Searched>> {
        if self.entries == 0 {
            return None;
        }
        let key = key(request)?;
        let mut kept = self.lock();
        if kept.generation != generation {
            return None;
        }
        kept.clock += 1;
        let now = kept.clock;
        let (used, _, results) = kept.results.get_mut(&key)?;
        *used = now;
        Some(results.clone())
    }

    /// The requests of up to `n` entries, the most recently used first:
    /// what to search again in new content.
    pub fn recent(&self, n: usize) -> Vec<Request> {
        let kept = self.lock();
        let mut entries: Vec<(u64, &Request)> = kept
            .results
            .values()
            .map(|(used, r, _)| (*used, r))
            .collect();
        entries.sort_unstable_by_key(|e| std::cmp::Reverse(e.0));
        entries
            .into_iter()
            .take(n)
            .map(|(_, r)| r.clone())
            .collect()
    }

    /// From now on the cache holds results found in the content
    /// `generation`: `warmed` (most recently used first), in place of all
    /// it held.
    pub fn replace(&self, generation: u64, warmed: Vec<(Request, Arc<Searched>)>) {
        let mut kept = self.lock();
        kept.generation = generation;
        kept.results.clear();
        for (request, results) in warmed.into_iter().rev() {
            if let Some(key) = key(&request) {
                kept.clock += 1;
                let now = kept.clock;
                kept.results.insert(key, (now, request, results));
            }
        }
    }

    /// Keeps `results` of `request`, found in the content `generation`,
    /// unless the cache holds another's now (found on a reader that was
    /// already replaced: not kept).
    pub fn put(&self, generation: u64, request: &Request, results: Arc<Searched>) {
        if self.entries == 0 {
            return;
        }
        let Some(key) = key(request) else { return };
        let mut kept = self.lock();
        if generation != kept.generation {
            // Searched in other content than the cache holds now.
            return;
        }
        if kept.results.len() >= self.entries && !kept.results.contains_key(&key) {
            // Drop the least recently used eighth at once, so a full
            // cache is scanned once per many insertions.
            let mut used: Vec<u64> = kept.results.values().map(|(u, _, _)| *u).collect();
            let cut = (self.entries / 8).max(1).min(used.len() - 1);
            let (_, &mut oldest, _) = used.select_nth_unstable(cut);
            kept.results.retain(|_, (u, _, _)| *u > oldest);
        }
        kept.clock += 1;
        let now = kept.clock;
        kept.results.insert(key, (now, request.clone(), results));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(q: &str) -> Request {
        Request {
            query: q.into(),
            limit: 10,
            ..Request::default()
        }
    }

    fn results(total: usize) -> Arc<Searched> {
        Arc::new(Searched::new(Results {
            hits: Vec::new(),
            total_hits: total,
            total_exact: true,
            notice: None,
            facets: None,
        }))
    }

    #[test]
    fn keeps_results_per_generation_and_drops_the_least_used() {
        let cache = Cache::new(8, 1);
        // A search asks first (a miss), then keeps what it found.
        assert!(cache.get(1, &request("oil")).is_none());
        cache.put(1, &request("oil"), results(3));
        assert_eq!(
            cache.get(1, &request("oil")).map(|r| r.results.total_hits),
            Some(3)
        );
        // Another page, another request.
        let mut page2 = request("oil");
        page2.offset = 10;
        assert!(cache.get(1, &page2).is_none());
        // A search of other content finds nothing, and keeps nothing.
        assert!(cache.get(2, &request("oil")).is_none());
        cache.put(2, &request("gas"), results(5));
        assert!(cache.get(2, &request("gas")).is_none());
        // New content, warmed: the most recent requests searched again
        // there take the place of all the old ones.
        let mut page3 = request("oil");
        page3.offset = 20;
        assert!(cache.get(1, &page3).is_none());
        cache.put(1, &page3, results(4));
        assert_eq!(cache.recent(1).len(), 1);
        assert_eq!(cache.recent(1)[0].offset, 20);
        assert_eq!(cache.recent(5).len(), 2);
        cache.replace(2, vec![(request("oil"), results(30))]);
        assert_eq!(
            cache.get(2, &request("oil")).map(|r| r.results.total_hits),
            Some(30)
        );
        assert!(cache.get(1, &request("oil")).is_none());
        assert!(cache.get(2, &page3).is_none());
        // Full: the least recently used go; one just read stays.
        let cache = Cache::new(8, 2);
        for i in 0..8 {
            cache.put(2, &request(&format!("q{i}")), results(i));
        }
        assert!(cache.get(2, &request("q0")).is_some());
        cache.put(2, &request("new"), results(100));
        assert!(cache.get(2, &request("new")).is_some());
        assert!(cache.get(2, &request("q0")).is_some());
        assert!(cache.get(2, &request("q1")).is_none());
        // Exports are never kept.
        let mut export = request("oil");
        export.limit = 10_000;
        cache.put(2, &export, results(1));
        assert!(cache.get(2, &export).is_none());
        // Nothing kept with 0 entries.
        let off = Cache::new(0, 1);
        assert!(off.get(1, &request("oil")).is_none());
        off.put(1, &request("oil"), results(3));
        assert!(off.get(1, &request("oil")).is_none());
    }
}
