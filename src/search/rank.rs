//! Ranking past plain BM25: how common a query's words are.
//!
//! Owns the step `search` takes for a longer query of plain words (a
//! question, a description) ranked by relevance: [`weigh_common`] lowers
//! the weight of the words most articles hold ("what", "are", "there",
//! "articles"), as Elasticsearch's `cutoff_frequency` and Lucene's
//! `CommonTermsQuery` do: in a question they add only noise to BM25.
//! Term proximity (BM25TP) and RM3 feedback were measured and left out:
//! neither improved the tuning topics (BENCHMARKS.md). It does not parse
//! queries (`query`), filter or page (`search`), or make snippets.

use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query};
use tantivy::schema::Field;
use tantivy::{Score, Searcher, Term};

/// A word held by more than this share of the articles is common, and
/// weighs this much in a query of rarer words (1 elsewhere). Chosen on the
/// tuning halves of CISI, CACM and the Reuters-21578 questions
/// (`scripts/eval_classic.py`, `scripts/eval_relevance.py`; BENCHMARKS.md,
/// "Ranking past plain BM25"), over shares 0.05-0.2 and weights 0-0.6.
const COMMON_SHARE: f64 = 0.05;
const COMMON_WEIGHT: Score = 0.6;

/// The terms a query clause searches for in `field`.
fn terms_in(query: &dyn Query, field: Field) -> Vec<Term> {
    let mut terms = Vec::new();
    query.query_terms(&mut |term, _| {
        if term.field() == field {
            terms.push(term.clone());
        }
    });
    terms
}

/// How many articles hold a clause's most common term in `field`.
fn doc_freq(searcher: &Searcher, query: &dyn Query, field: Field) -> u64 {
    terms_in(query, field)
        .iter()
        .filter_map(|term| searcher.doc_freq(term).ok())
        .max()
        .unwrap_or(0)
}

/// `query` with each of its optional top-level clauses (a word) weighed by
/// how common its terms in `field` are. A query that is not a list of
/// optional clauses, or has no rare word to weigh the common ones against,
/// comes back as it was.
pub fn weigh_common(searcher: &Searcher, query: Box<dyn Query>, field: Field) -> Box<dyn Query> {
    let Some(boolean) = query.downcast_ref::<BooleanQuery>() else {
        return query;
    };
    let clauses = boolean.clauses();
    if clauses.iter().any(|(occur, _)| *occur != Occur::Should) {
        return query;
    }
    let num_docs = searcher.num_docs().max(1);
    let common: Vec<bool> = clauses
        .iter()
        .map(|(_, clause)| {
            doc_freq(searcher, &**clause, field) as f64 / num_docs as f64 > COMMON_SHARE
        })
        .collect();
    if common.iter().all(|c| *c) || !common.iter().any(|c| *c) {
        return query;
    }
    let weighed = clauses
        .iter()
        .zip(common)
        .map(|((occur, clause), common)| {
            let clause = clause.box_clone();
            let clause: Box<dyn Query> = if common {
                Box::new(BoostQuery::new(clause, COMMON_WEIGHT))
            } else {
                clause
            };
            (*occur, clause)
        })
        .collect();
    Box::new(BooleanQuery::new(weighed))
}
