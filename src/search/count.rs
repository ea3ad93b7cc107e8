//! Counting matches up to a bound, as Elasticsearch's `track_total_hits`
//! does: past `COUNT_UP_TO` matches a search says "at least" instead of
//! walking every posting of a common word for an exact total nobody
//! reads. `Request::count_all` asks for the exact count. Where the term
//! dictionary already tells that there are more than the bound (a common
//! word that alone matches the query), nothing is walked at all.

use std::sync::atomic::{AtomicUsize, Ordering};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery, Weight};
use tantivy::{DocId, DocSet, Score, Searcher, SegmentOrdinal, SegmentReader, Term, TERMINATED};

/// Matches counted before a total becomes "at least this many". The same
/// bound as Elasticsearch's default, and as `serve`'s deepest page.
pub const COUNT_UP_TO: usize = 10_000;

/// A total: the matches counted, and whether that is all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Total {
    /// Matches counted: all of them when `exact`, else a lower bound.
    pub count: usize,
    /// False when counting stopped at the bound.
    pub exact: bool,
}

/// Counts live matches, over all segments together, until `bound` of them
/// are found.
pub struct CountUpTo {
    bound: usize,
    counted: AtomicUsize,
}

impl CountUpTo {
    /// A collector that stops counting at `bound` matches.
    pub fn new(bound: usize) -> Self {
        CountUpTo {
            bound,
            counted: AtomicUsize::new(0),
        }
    }
}

/// The live matches of `query` counted up to `bound`, as `CountUpTo`
/// counts them; with no walk when the term dictionary tells there are
/// more than `bound`.
pub fn up_to(searcher: &Searcher, query: &dyn Query, bound: usize) -> tantivy::Result<Total> {
    if at_least(searcher, query)? > bound {
        return Ok(Total {
            count: bound,
            exact: false,
        });
    }
    searcher.search(query, &CountUpTo::new(bound))
}

/// How many live documents `query` matches at least, from the term
/// dictionary alone. A term the query matches wherever it occurs (a
/// `TermQuery` reached from the top through unions only, no required or
/// excluded clause on the way) matches every document holding it: in a
/// segment without deletions, its document frequency there.
fn at_least(searcher: &Searcher, query: &dyn Query) -> tantivy::Result<usize> {
    let mut terms = Vec::new();
    matching_alone(query, &mut terms);
    if terms.is_empty() {
        return Ok(0);
    }
    let mut total = 0;
    for reader in searcher.segment_readers() {
        if reader.has_deletes() {
            continue;
        }
        let mut most = 0;
        for term in &terms {
            most = most.max(reader.inverted_index(term.field())?.doc_freq(term)?);
        }
        total += most as usize;
    }
    Ok(total)
}

/// The terms that alone match `query` (see `at_least`).
fn matching_alone<'a>(query: &'a dyn Query, terms: &mut Vec<&'a Term>) {
    if let Some(term) = query.downcast_ref::<TermQuery>() {
        terms.push(term.term());
    } else if let Some(boolean) = query.downcast_ref::<BooleanQuery>() {
        let clauses = boolean.clauses();
        if boolean.get_minimum_number_should_match() <= 1
            && clauses.iter().all(|(occur, _)| *occur == Occur::Should)
        {
            for (_, clause) in clauses {
                matching_alone(&**clause, terms);
            }
        }
    }
}

/// Not used: `CountUpTo` counts a segment in `collect_segment`.
pub struct SegmentCount;

impl SegmentCollector for SegmentCount {
    type Fruit = Total;

    fn collect(&mut self, _: DocId, _: Score) {}

    fn harvest(self) -> Total {
        Total {
            count: 0,
            exact: true,
        }
    }
}

impl Collector for CountUpTo {
    type Fruit = Total;
    type Child = SegmentCount;

    fn for_segment(&self, _: SegmentOrdinal, _: &SegmentReader) -> tantivy::Result<SegmentCount> {
        Ok(SegmentCount)
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, totals: Vec<Total>) -> tantivy::Result<Total> {
        Ok(Total {
            count: totals.iter().map(|t| t.count).sum(),
            exact: totals.iter().all(|t| t.exact),
        })
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Total> {
        let left = self
            .bound
            .saturating_sub(self.counted.load(Ordering::Relaxed));
        if left == 0 {
            return Ok(Total {
                count: 0,
                exact: false,
            });
        }
        let mut scorer = weight.scorer(reader, 1.0)?;
        let alive = reader.alive_bitset();
        let mut count = 0;
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                count += 1;
                if count == left {
                    break;
                }
            }
            doc = scorer.advance();
        }
        self.counted.fetch_add(count, Ordering::Relaxed);
        // Stopped at the bound with more to go: a lower bound.
        let exact = count < left || scorer.advance() == TERMINATED;
        Ok(Total { count, exact })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::Count;
    use tantivy::query::TermQuery;
    use tantivy::schema::{IndexRecordOption, Schema, STRING};
    use tantivy::{doc, Index, IndexWriter, Term};

    /// 30 documents in three segments of 10 (commits between), each
    /// "even" or "odd"; then every document whose number ends in 0 or 1
    /// deleted (6 of them: 3 even, 3 odd).
    fn index() -> (Index, tantivy::schema::Field) {
        let mut schema = Schema::builder();
        let kind = schema.add_text_field("kind", STRING);
        let number = schema.add_text_field("n", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer(15_000_000).unwrap();
        for n in 0..30 {
            let parity = if n % 2 == 0 { "even" } else { "odd" };
            writer
                .add_document(doc!(kind => parity, number => (n % 10).to_string()))
                .unwrap();
            if n % 10 == 9 {
                writer.commit().unwrap();
            }
        }
        for gone in ["0", "1"] {
            writer.delete_term(Term::from_field_text(number, gone));
        }
        writer.commit().unwrap();
        (index, kind)
    }

    fn count(bound: usize, word: &str) -> Total {
        let (index, kind) = index();
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 3);
        let query = TermQuery::new(Term::from_field_text(kind, word), IndexRecordOption::Basic);
        // 12 live documents of each kind (15 less 3 deleted), none of
        // another.
        let live = if word == "even" || word == "odd" {
            12
        } else {
            0
        };
        assert_eq!(searcher.search(&query, &Count).unwrap(), live);
        searcher.search(&query, &CountUpTo::new(bound)).unwrap()
    }

    #[test]
    fn counts_exactly_below_the_bound() {
        assert_eq!(
            count(100, "even"),
            Total {
                count: 12,
                exact: true
            }
        );
        assert_eq!(
            count(13, "odd"),
            Total {
                count: 12,
                exact: true
            }
        );
        assert_eq!(
            count(100, "none"),
            Total {
                count: 0,
                exact: true
            }
        );
    }

    #[test]
    fn stops_at_the_bound_across_segments() {
        // Each segment has 4 live matches: the bound falls in the first,
        // the second, and on the last match of the second.
        assert_eq!(
            count(3, "even"),
            Total {
                count: 3,
                exact: false
            }
        );
        assert_eq!(
            count(6, "even"),
            Total {
                count: 6,
                exact: false
            }
        );
        assert_eq!(
            count(8, "odd"),
            Total {
                count: 8,
                exact: false
            }
        );
        assert_eq!(
            count(1, "odd"),
            Total {
                count: 1,
                exact: false
            }
        );
    }

    #[test]
    fn a_common_word_tells_the_bound_is_passed_without_counting() {
        // Two segments of 20 documents, each holding "common", 5 of the
        // first also "rare"; then one of the second deleted.
        let mut schema = Schema::builder();
        let word = schema.add_text_field("w", STRING);
        let id = schema.add_text_field("id", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer(15_000_000).unwrap();
        for n in 0..40 {
            let mut document = doc!(word => "common", id => n.to_string());
            if n < 5 {
                document.add_text(word, "rare");
            }
            writer.add_document(document).unwrap();
            if n % 20 == 19 {
                writer.commit().unwrap();
            }
        }
        writer.delete_term(Term::from_field_text(id, "30"));
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        let term = |w: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(word, w),
                IndexRecordOption::Basic,
            ))
        };
        let union = BooleanQuery::new(vec![
            (Occur::Should, term("rare")),
            (Occur::Should, term("common")),
        ]);
        // The first segment's 20 "common"; the second has a deletion, so
        // its dictionary's 20 may not all be live and count for nothing.
        assert_eq!(at_least(&searcher, &union).unwrap(), 20);
        for (bound, want) in [
            (10, (10, false)),
            (20, (20, false)),
            (25, (25, false)),
            (50, (39, true)),
        ] {
            let counted = searcher.search(&union, &CountUpTo::new(bound)).unwrap();
            let got = up_to(&searcher, &union, bound).unwrap();
            assert_eq!((got.count, got.exact), want, "bound {bound}");
            assert_eq!(got, counted, "bound {bound}");
        }
        // A required or excluded clause: a word alone no longer matches.
        for occur in [Occur::Must, Occur::MustNot] {
            let mixed =
                BooleanQuery::new(vec![(occur, term("rare")), (Occur::Should, term("common"))]);
            assert_eq!(at_least(&searcher, &mixed).unwrap(), 0);
        }
    }

    #[test]
    fn deleted_documents_are_not_counted() {
        // 12, not 15: the deleted ones are skipped on the way to the bound.
        assert_eq!(count(12, "even").count, 12);
    }
}
