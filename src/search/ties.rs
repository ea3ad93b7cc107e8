//! The top matches by BM25 with their ties broken by a stable key: equal
//! scores newer first (the undated last), then by fingerprint (a hash of
//! the story's words, fixed at indexing; every indexed story has its own,
//! a repeat being folded). tantivy alone breaks ties by document address,
//! which differs between two builds of the same dumps (other threads,
//! other segments), so which tied hits make a page, and their order,
//! would too.
//!
//! Two passes, both with tantivy's Block-WAND pruning (a sort key of
//! score, date and fingerprint would lose it and score every match): the
//! top `k` by score alone, whose last score `s` is the page's threshold;
//! then every match scoring at least `s`, which holds the top `k` and all
//! the hits tied with the last of them. Those few are ordered by the whole
//! key and cut to `k`.

use std::cmp::Ordering;

use tantivy::collector::{Collector, SegmentCollector, TopDocs};
use tantivy::columnar::Column;
use tantivy::query::{Query, Weight};
use tantivy::{DateTime, DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

/// The fast fields ties are broken by.
pub(super) const DATE: &str = "date";
pub(super) const FINGERPRINT: &str = "fingerprint";

/// The top `limit` matches of `query` by score, ties broken by the stable
/// key, best first.
pub fn top_by_score(
    searcher: &Searcher,
    query: &dyn Query,
    limit: usize,
) -> tantivy::Result<Vec<(Score, DocAddress)>> {
    let top = searcher.search(query, &TopDocs::with_limit(limit).order_by_score())?;
    let candidates = match top.last() {
        // A full page: its last score may be shared beyond it.
        Some(&(last, _)) if top.len() == limit => {
            searcher.search(query, &AtLeast { score: last })?
        }
        // Every match is on it.
        _ => top,
    };
    let mut columns = std::collections::HashMap::new();
    let mut keyed = Vec::with_capacity(candidates.len());
    for (score, address) in candidates {
        let (date, fingerprint) = columns
            .entry(address.segment_ord)
            .or_insert_with(|| tie_columns(searcher.segment_reader(address.segment_ord)));
        let key = (
            date.as_ref().and_then(|c| c.first(address.doc_id)),
            fingerprint.as_ref().and_then(|c| c.first(address.doc_id)),
        );
        keyed.push((score, key, address));
    }
    keyed.sort_by(|a, b| compare(a.0, &a.1, b.0, &b.1));
    keyed.truncate(limit);
    Ok(keyed
        .into_iter()
        .map(|(score, _, address)| (score, address))
        .collect())
}

/// What orders two hits of equal score: the date (none sorts last) and
/// the fingerprint.
type TieKey = (Option<DateTime>, Option<u64>);

/// A segment's columns of the tie key (none where a segment lacks one).
fn tie_columns(reader: &SegmentReader) -> (Option<Column<DateTime>>, Option<Column<u64>>) {
    let fast = reader.fast_fields();
    (fast.date(DATE).ok(), fast.u64(FINGERPRINT).ok())
}

/// Best first: the higher score, then the newer date (a date before none),
/// then the lower fingerprint.
fn compare(score_a: Score, key_a: &TieKey, score_b: Score, key_b: &TieKey) -> Ordering {
    score_b
        .total_cmp(&score_a)
        .then_with(|| match (key_a.0, key_b.0) {
            (Some(a), Some(b)) => b.cmp(&a),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        })
        .then_with(|| key_a.1.cmp(&key_b.1))
}

/// Every live match scoring at least `score`, found with Block-WAND.
struct AtLeast {
    score: Score,
}

impl Collector for AtLeast {
    type Fruit = Vec<(Score, DocAddress)>;
    type Child = AtLeastSegment;

    fn for_segment(
        &self,
        segment_ord: SegmentOrdinal,
        _reader: &SegmentReader,
    ) -> tantivy::Result<AtLeastSegment> {
        Ok(AtLeastSegment {
            score: self.score,
            segment_ord,
            hits: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<(Score, DocAddress)>>) -> tantivy::Result<Self::Fruit> {
        Ok(fruits.into_iter().flatten().collect())
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment_ord: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<Vec<(Score, DocAddress)>> {
        // The scorer passes on what scores above the threshold: just
        // below the score wanted, so that score itself is kept.
        let threshold = self.score.next_down();
        let alive = reader.alive_bitset();
        let mut hits = Vec::new();
        weight.for_each_pruning(threshold, reader, &mut |doc, score| {
            if score >= self.score && alive.is_none_or(|alive| alive.is_alive(doc)) {
                hits.push((score, DocAddress::new(segment_ord, doc)));
            }
            threshold
        })?;
        Ok(hits)
    }
}

/// `AtLeast` over one segment, when a caller collects it document by
/// document (tantivy's own searches call `collect_segment`).
struct AtLeastSegment {
    score: Score,
    segment_ord: SegmentOrdinal,
    hits: Vec<(Score, DocAddress)>,
}

impl SegmentCollector for AtLeastSegment {
    type Fruit = Vec<(Score, DocAddress)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        if score >= self.score {
            self.hits
                .push((score, DocAddress::new(self.segment_ord, doc)));
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_by_score_then_newer_then_fingerprint() {
        let day = |d: i64| Some(DateTime::from_timestamp_secs(d * 86_400));
        let mut hits = [
            (1.0, (None, Some(1))),
            (2.0, (day(1), Some(9))),
            (1.0, (day(1), Some(5))),
            (1.0, (day(2), Some(7))),
            (1.0, (day(1), Some(3))),
        ];
        hits.sort_by(|a, b| compare(a.0, &a.1, b.0, &b.1));
        let order: Vec<Option<u64>> = hits.iter().map(|(_, key)| key.1).collect();
        assert_eq!(order, [Some(9), Some(7), Some(3), Some(5), Some(1)]);
    }
}
