//! A word's fields as one clause of an intersection, cheap to seek.
//!
//! A keyword is searched in several fields (headline, body, caption,
//! location), so "oil prices" with every word required is an intersection
//! of two unions. tantivy's union scorer is built to be walked in order, a
//! block of 4,096 documents at a time: the intersection seeks it from one
//! candidate to the next, and every seek refills that block, which was
//! most of such a search's time (`perf`: BENCHMARKS.md). [`FieldUnion`]
//! scores the same (the sum of its clauses' scores, as tantivy's union
//! sums them) with a scorer that seeks each clause to the target and no
//! further. [`seekable`] puts it in place of each union that is a required
//! clause of an intersection; unions on their own stay tantivy's, which
//! walks them faster and prunes them (block-max WAND) when ranking.

use tantivy::query::{
    BooleanQuery, EmptyScorer, EnableScoring, Explanation, Occur, Query, Scorer, Weight,
};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

/// The clauses' union, seeking each clause only as far as asked.
#[derive(Debug)]
pub struct FieldUnion {
    clauses: Vec<Box<dyn Query>>,
}

impl Clone for FieldUnion {
    fn clone(&self) -> FieldUnion {
        FieldUnion {
            clauses: self.clauses.iter().map(|q| q.box_clone()).collect(),
        }
    }
}

impl Query for FieldUnion {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self
            .clauses
            .iter()
            .map(|q| q.weight(enable_scoring))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(FieldUnionWeight { weights }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for clause in &self.clauses {
            clause.query_terms(visitor);
        }
    }
}

/// `query` with every union that is a required clause of an intersection
/// (at any depth) made a [`FieldUnion`]. Matches and scores are the same.
pub fn seekable(query: Box<dyn Query>) -> Box<dyn Query> {
    let Some(boolean) = query.downcast_ref::<BooleanQuery>() else {
        return query;
    };
    let clauses = boolean.clauses();
    if !clauses.iter().any(|(occur, _)| *occur == Occur::Must) {
        return query;
    }
    let minimum = boolean.get_minimum_number_should_match();
    let rewritten = clauses
        .iter()
        .map(|(occur, clause)| {
            let clause = match (occur, as_union(&**clause)) {
                (Occur::Must, Some(parts)) => Box::new(FieldUnion { clauses: parts }),
                _ => seekable(clause.box_clone()),
            };
            (*occur, clause)
        })
        .collect();
    let mut rewritten = BooleanQuery::new(rewritten);
    rewritten.set_minimum_number_should_match(minimum);
    Box::new(rewritten)
}

/// The clauses of `query` when it is a plain union: a boolean query of
/// optional clauses only, none of them itself an intersection.
fn as_union(query: &dyn Query) -> Option<Vec<Box<dyn Query>>> {
    let boolean = query.downcast_ref::<BooleanQuery>()?;
    let clauses = boolean.clauses();
    let plain = clauses.len() >= 2
        && boolean.get_minimum_number_should_match() <= 1
        && clauses.iter().all(|(occur, _)| *occur == Occur::Should);
    plain.then(|| clauses.iter().map(|(_, q)| q.box_clone()).collect())
}

struct FieldUnionWeight {
    weights: Vec<Box<dyn Weight>>,
}

impl Weight for FieldUnionWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorers = Vec::with_capacity(self.weights.len());
        for weight in &self.weights {
            let scorer = weight.scorer(reader, boost)?;
            if scorer.doc() != TERMINATED {
                scorers.push(scorer);
            }
        }
        Ok(match scorers.len() {
            0 => Box::new(EmptyScorer),
            1 => scorers.pop().unwrap_or_else(|| Box::new(EmptyScorer)),
            _ => Box::new(SeekUnion::new(scorers)),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.doc() > doc || scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "Document #({doc}) does not match"
            )));
        }
        let mut explanation = Explanation::new("sum of the fields", scorer.score());
        for weight in &self.weights {
            if let Ok(detail) = weight.explain(reader, doc) {
                explanation.add_detail(detail);
            }
        }
        Ok(explanation)
    }
}

/// The union of a few scorers, each positioned on its own next match; the
/// union's document is the least of theirs.
struct SeekUnion {
    scorers: Vec<Box<dyn Scorer>>,
    doc: DocId,
}

impl SeekUnion {
    fn new(scorers: Vec<Box<dyn Scorer>>) -> SeekUnion {
        let doc = scorers.iter().map(|s| s.doc()).min().unwrap_or(TERMINATED);
        SeekUnion { scorers, doc }
    }

    fn least(&self) -> DocId {
        self.scorers
            .iter()
            .map(|s| s.doc())
            .min()
            .unwrap_or(TERMINATED)
    }
}

impl DocSet for SeekUnion {
    fn advance(&mut self) -> DocId {
        let doc = self.doc;
        for scorer in &mut self.scorers {
            if scorer.doc() == doc {
                scorer.advance();
            }
        }
        self.doc = self.least();
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for scorer in &mut self.scorers {
            if scorer.doc() < target {
                scorer.seek(target);
            }
        }
        self.doc = self.least();
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.scorers.iter().map(|s| s.size_hint()).sum()
    }

    fn cost(&self) -> u64 {
        self.scorers.iter().map(|s| s.cost()).sum()
    }
}

impl Scorer for SeekUnion {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        self.scorers
            .iter_mut()
            .filter(|s| s.doc() == doc)
            .map(|s| s.score())
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::TopDocs;
    use tantivy::query::QueryParser;

    use super::*;
    use crate::article::Article;
    use crate::index::NewsIndex;

    fn article(id: &str, headline: &str, body: &str) -> Article {
        Article {
            id: id.into(),
            path: format!("/dumps/{id}.txt"),
            ..Article::sample(headline, body)
        }
    }

    /// The same hits with the same scores, whichever union scores them.
    #[test]
    fn scores_as_tantivys_union_does() {
        let dir = tempfile::tempdir().unwrap();
        let news = NewsIndex::open_or_create(dir.path()).unwrap();
        let mut writer = news.writer(1, crate::index::WRITER_MEMORY).unwrap();
        let stories = [
            ("a", "Oil prices rise", "Crude oil prices rose on Monday."),
            ("b", "Oil", "Prices of wheat fell; oil was steady."),
            ("c", "Wheat prices", "Farmers sold wheat."),
            ("d", "Markets", "Oil and more oil, prices and prices."),
            ("e", "Prices", "Nothing of the sort."),
        ];
        for (i, (id, headline, body)) in stories.into_iter().enumerate() {
            let a = article(id, headline, body);
            writer.add(news.document(&a, i as u64 + 1)).unwrap();
        }
        writer.commit().unwrap();
        let searcher = news.reader().unwrap().searcher();
        let f = &news.fields;
        let mut query_parser = QueryParser::for_index(&news.index, vec![f.headline, f.body]);
        query_parser.set_field_boost(f.headline, 0.75);
        query_parser.set_conjunction_by_default();
        for text in [
            "oil prices",
            "oil wheat",
            "prices",
            "oil -wheat",
            "(oil OR wheat) prices",
        ] {
            let query = query_parser.parse_query(text).unwrap();
            let top = |q: &dyn Query| -> Vec<(String, DocId)> {
                searcher
                    .search(q, &TopDocs::with_limit(10).order_by_score())
                    .unwrap()
                    .into_iter()
                    .map(|(score, address)| (format!("{score:.5}"), address.doc_id))
                    .collect()
            };
            let expected = top(&*query);
            let rewritten = seekable(query.box_clone());
            assert_eq!(top(&*rewritten), expected, "{text}");
            assert_eq!(
                searcher
                    .search(&*rewritten, &tantivy::collector::Count)
                    .unwrap(),
                expected.len(),
                "{text}"
            );
        }
        // "oil prices": a, b and d hold both words.
        let both = seekable(query_parser.parse_query("oil prices").unwrap());
        assert!(format!("{both:?}").contains("FieldUnion"));
        assert_eq!(
            searcher.search(&*both, &tantivy::collector::Count).unwrap(),
            3
        );
    }
}
