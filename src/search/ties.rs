//! The top matches by BM25 with their ties broken by a stable key: equal
//! scores newer first (the undated last), then by fingerprint (a hash of
//! the story's words, fixed at indexing; every indexed story has its own,
//! a repeat being folded). tantivy alone breaks ties by document address,
//! which differs between two builds of the same dumps (other threads,
//! other segments), so which tied hits make a page, and their order,
//! would too. The date and fingerprint are read as one key per hit
//! (`index::tie_key`), the whole fingerprint only where two keys agree.
//!
//! One pass, with tantivy's pruning where the query allows it (Block-WAND
//! for a union of words; a sort key of score, date and fingerprint would
//! lose it and score every match): it keeps the best `k` scores seen and
//! every match scoring at least the `k`-th of them, which holds the top
//! `k` and all the hits tied with the last of them. Those few are ordered
//! by the whole key and cut to `k`. In an index whose segments keep their
//! documents in tie order (`index::kept_in_tie_order`), a match tied with
//! the `k`-th of its segment comes after it and is worse, so the pruning
//! may skip ties too: with 400 copies of a story tied at the 10th hit, the
//! scorer had to visit nearly every block of a word's postings. (It was
//! two passes, the top `k` by score and then every match at least as good
//! as the last: a query tantivy cannot prune, an intersection of words or
//! a phrase, was scored in full twice.)

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{Query, Weight};
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use crate::index::schema::{FINGERPRINT, TIE_KEY};
use crate::index::{self, tie_key};

/// The top `limit` matches of `query` by score, ties broken by the stable
/// key, best first.
pub fn top_by_score(
    searcher: &Searcher,
    query: &dyn Query,
    limit: usize,
) -> tantivy::Result<Vec<(Score, DocAddress)>> {
    let (candidates, _) = searcher.search(query, &TopWithTies::new(searcher, limit, false))?;
    Ok(order(searcher, candidates, limit))
}

/// `top_by_score`, and how many live documents match, counted in the same
/// pass: for a query tantivy scores in full anyway (a phrase: no pruning
/// applies to it), where counting apart would read every match again.
pub fn top_by_score_counted(
    searcher: &Searcher,
    query: &dyn Query,
    limit: usize,
) -> tantivy::Result<(Vec<(Score, DocAddress)>, usize)> {
    let collector = TopWithTies::new(searcher, limit, true);
    let (candidates, count) = searcher.search(query, &collector)?;
    Ok((order(searcher, candidates, limit), count))
}

/// `candidates` ordered by the whole key, cut to `limit`.
fn order(
    searcher: &Searcher,
    candidates: Vec<(Score, DocAddress)>,
    limit: usize,
) -> Vec<(Score, DocAddress)> {
    // A segment's column of `name`, opened once (none where it lacks one).
    let mut columns = std::collections::HashMap::new();
    let mut value = |name: &'static str, address: DocAddress| {
        columns
            .entry((name, address.segment_ord))
            .or_insert_with(|| {
                let reader = searcher.segment_reader(address.segment_ord);
                reader.fast_fields().u64(name).ok()
            })
            .as_ref()
            .and_then(|column| column.first(address.doc_id))
    };
    let mut keyed: Vec<Keyed> = candidates
        .into_iter()
        .map(|(score, address)| {
            let key = value(TIE_KEY, address).map_or(u64::MAX, tie_key::order_of);
            (score, key, address)
        })
        .collect();
    sort_keyed(&mut keyed, |address| value(FINGERPRINT, address));
    keyed.truncate(limit);
    keyed
        .into_iter()
        .map(|(score, _, address)| (score, address))
        .collect()
}

/// A hit with its tie key's order (`index::tie_key`; `u64::MAX` where the
/// segment has none).
type Keyed = (Score, u64, DocAddress);

/// Best first: the higher score, then the smaller tie key, then (for the
/// rare hits whose keys agree: one date, fingerprints alike in their top
/// bits) the lower whole fingerprint, as `fingerprint` tells it.
fn sort_keyed(keyed: &mut [Keyed], mut fingerprint: impl FnMut(DocAddress) -> Option<u64>) {
    let by_key = |a: &Keyed, b: &Keyed| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
    keyed.sort_by(by_key);
    if !keyed
        .windows(2)
        .any(|w| by_key(&w[0], &w[1]) == Ordering::Equal)
    {
        return;
    }
    let mut whole: Vec<(Keyed, Option<u64>)> =
        keyed.iter().map(|&k| (k, fingerprint(k.2))).collect();
    whole.sort_by(|a, b| by_key(&a.0, &b.0).then(a.1.cmp(&b.1)));
    for (slot, (k, _)) in keyed.iter_mut().zip(whole) {
        *slot = k;
    }
}

/// The matches scoring at least the `limit`-th best score: the top
/// `limit` and every hit tied with the last of them (unordered); with
/// `count`, every match is seen (no pruning) and counted. In segments kept
/// in tie order, a match met after `limit` others of its score or better
/// is worse than all of them and is passed over, so the scorer's pruning
/// skips ties too.
struct TopWithTies {
    limit: usize,
    count: bool,
    in_tie_order: bool,
}

impl TopWithTies {
    fn new(searcher: &Searcher, limit: usize, count: bool) -> TopWithTies {
        TopWithTies {
            limit,
            count,
            in_tie_order: index::kept_in_tie_order(searcher.index().settings()),
        }
    }
}

/// The best `limit` scores met so far, and every match scoring at least
/// the worst of them.
struct Best {
    limit: usize,
    /// Matches come best first among equal scores (a segment in tie
    /// order): one equal to the floor, once full, is no better than it.
    in_tie_order: bool,
    /// The best scores, the worst on top.
    scores: BinaryHeap<Reverse<Ordered>>,
    /// Matches scoring at least the worst of `scores` when they came; some
    /// fall below as better ones come, and are dropped now and then.
    kept: Vec<(Score, DocId)>,
}

/// A score ordered by `total_cmp`, for the heap.
struct Ordered(Score);

impl PartialEq for Ordered {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ordered {}

impl PartialOrd for Ordered {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ordered {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

impl Best {
    fn new(limit: usize, in_tie_order: bool) -> Best {
        Best {
            limit: limit.max(1),
            in_tie_order,
            scores: BinaryHeap::new(),
            kept: Vec::new(),
        }
    }

    /// The score a match must reach to be kept: the worst of the best
    /// `limit`, once there are that many.
    fn floor(&self) -> Option<Score> {
        (self.scores.len() == self.limit)
            .then(|| self.scores.peek().map(|Reverse(Ordered(s))| *s))
            .flatten()
    }

    fn add(&mut self, doc: DocId, score: Score) {
        match self.floor() {
            Some(floor) if score < floor || (self.in_tie_order && score == floor) => return,
            Some(floor) if score > floor => {
                self.scores.pop();
                self.scores.push(Reverse(Ordered(score)));
            }
            Some(_) => {}
            None => self.scores.push(Reverse(Ordered(score))),
        }
        self.kept.push((score, doc));
        // Those now below the floor go, in one sweep once they are many.
        if self.kept.len() >= 2 * self.limit + 64 {
            if let Some(floor) = self.floor() {
                self.kept.retain(|&(s, _)| s >= floor);
            }
        }
    }

    /// What scores above it may pass the scorer's pruning: the floor in a
    /// segment in tie order, else just below it, so that a score equal to
    /// it (a tie) is still seen.
    fn threshold(&self) -> Score {
        match self.floor() {
            Some(floor) if self.in_tie_order => floor,
            Some(floor) => floor.next_down(),
            None => Score::MIN,
        }
    }

    fn harvest(self, segment_ord: SegmentOrdinal) -> Vec<(Score, DocAddress)> {
        let floor = self.floor();
        self.kept
            .into_iter()
            .filter(|&(s, _)| floor.is_none_or(|floor| s >= floor))
            .map(|(s, doc)| (s, DocAddress::new(segment_ord, doc)))
            .collect()
    }
}

/// Candidates and, when counting, the matches counted.
type Found = (Vec<(Score, DocAddress)>, usize);

impl Collector for TopWithTies {
    type Fruit = Found;
    type Child = TopWithTiesSegment;

    fn for_segment(
        &self,
        segment_ord: SegmentOrdinal,
        _reader: &SegmentReader,
    ) -> tantivy::Result<TopWithTiesSegment> {
        Ok(TopWithTiesSegment {
            segment_ord,
            best: Best::new(self.limit, self.in_tie_order),
            count: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    /// Each segment's candidates, cut to those at least as good as the
    /// `limit`-th best of them all; the counts summed.
    fn merge_fruits(&self, fruits: Vec<Found>) -> tantivy::Result<Found> {
        let count = fruits.iter().map(|(_, n)| n).sum();
        let mut all: Vec<(Score, DocAddress)> =
            fruits.into_iter().flat_map(|(hits, _)| hits).collect();
        if all.len() > self.limit {
            let mut scores: Vec<Score> = all.iter().map(|&(s, _)| s).collect();
            let at = self.limit.max(1) - 1;
            let (_, floor, _) = scores.select_nth_unstable_by(at, |a, b| b.total_cmp(a));
            let floor = *floor;
            all.retain(|&(s, _)| s >= floor);
        }
        Ok((all, count))
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment_ord: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<Found> {
        let alive = reader.alive_bitset();
        let mut best = Best::new(self.limit, self.in_tie_order);
        let mut count = 0;
        weight.for_each_pruning(Score::MIN, reader, &mut |doc, score| {
            if alive.is_none_or(|alive| alive.is_alive(doc)) {
                best.add(doc, score);
                count += 1;
            }
            // Counting sees every match: the scorer is told to pass all.
            if self.count {
                Score::MIN
            } else {
                best.threshold()
            }
        })?;
        Ok((best.harvest(segment_ord), count))
    }
}

/// `TopWithTies` over one segment, when a caller collects it document by
/// document (tantivy's own searches call `collect_segment`).
struct TopWithTiesSegment {
    segment_ord: SegmentOrdinal,
    best: Best,
    count: usize,
}

impl SegmentCollector for TopWithTiesSegment {
    type Fruit = Found;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.best.add(doc, score);
        self.count += 1;
    }

    fn harvest(self) -> Self::Fruit {
        (self.best.harvest(self.segment_ord), self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pages of 1 to 50 hits, each over 500 scores drawn from a few values
    /// (so ties are many): (limit, round, scores).
    fn tied_cases(seed: u64) -> Vec<(usize, u64, Vec<Score>)> {
        let mut next = crate::formats::xorshift(seed);
        let mut cases = Vec::new();
        for limit in [1, 3, 10, 50] {
            for round in 0..20 {
                let values = 2 + round % 7;
                let scores = (0..500).map(|_| (next() % values) as Score).collect();
                cases.push((limit, round, scores));
            }
        }
        cases
    }

    #[test]
    fn keeps_the_best_and_every_tie_with_the_last_of_them() {
        for (limit, round, scores) in tied_cases(0x1234_5678_9ABC_DEF1) {
            let mut best = Best::new(limit, false);
            for (doc, &score) in scores.iter().enumerate() {
                best.add(doc as DocId, score);
            }
            let mut got: Vec<DocId> = best.harvest(0).into_iter().map(|(_, a)| a.doc_id).collect();
            got.sort_unstable();
            let mut sorted = scores.clone();
            sorted.sort_by(|a, b| b.total_cmp(a));
            let floor = sorted[limit - 1];
            let want: Vec<DocId> = (0..scores.len() as DocId)
                .filter(|&d| scores[d as usize] >= floor)
                .collect();
            assert_eq!(got, want, "limit {limit}, round {round}");
        }
        // Fewer matches than the limit: all of them.
        for in_tie_order in [false, true] {
            let mut best = Best::new(10, in_tie_order);
            best.add(7, 1.5);
            best.add(9, 0.5);
            assert_eq!(best.harvest(0).len(), 2);
        }
    }

    #[test]
    fn in_tie_order_a_later_equal_score_loses() {
        // Documents met in tie order: of equal scores the earlier is
        // better, so the best `limit` are the highest scores, the earliest
        // first among equals, and the threshold lets only higher ones by.
        for (limit, round, scores) in tied_cases(0x7E5_0DE5_1A57) {
            let mut best = Best::new(limit, true);
            for (doc, &score) in scores.iter().enumerate() {
                if score > best.threshold() {
                    best.add(doc as DocId, score);
                }
            }
            let mut got: Vec<(Score, DocId)> = best
                .harvest(0)
                .into_iter()
                .map(|(s, a)| (s, a.doc_id))
                .collect();
            got.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            got.truncate(limit);
            let mut want: Vec<(Score, DocId)> = scores
                .iter()
                .enumerate()
                .map(|(d, &s)| (s, d as DocId))
                .collect();
            want.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            want.truncate(limit);
            assert_eq!(got, want, "limit {limit}, round {round}");
        }
    }

    #[test]
    fn orders_by_score_then_newer_then_fingerprint() {
        let day = |d: i64| Some(d * 86_400);
        // (score, date, fingerprint); the last two share the date and
        // their fingerprints' top bits, so only the whole ones tell them.
        let hits = [
            (1.0, None, 1u64 << 60),
            (2.0, day(1), 9 << 60),
            (1.0, day(1), 5 << 60),
            (1.0, day(2), 7 << 60),
            (1.0, day(1), 3 << 60),
            (1.0, day(3), 6),
            (1.0, day(3), 4),
        ];
        let mut keyed: Vec<Keyed> = hits
            .iter()
            .enumerate()
            .map(|(i, &(score, date, fingerprint))| {
                let key = tie_key::order_of(tie_key::stored(date, fingerprint));
                (score, key, DocAddress::new(0, i as DocId))
            })
            .collect();
        sort_keyed(&mut keyed, |address| Some(hits[address.doc_id as usize].2));
        let order: Vec<u64> = keyed.iter().map(|k| hits[k.2.doc_id as usize].2).collect();
        assert_eq!(order, [9 << 60, 4, 6, 7 << 60, 3 << 60, 5 << 60, 1 << 60]);
    }
}
