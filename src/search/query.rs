//! Query text -> tantivy query, with the parts tantivy's parser leaves out.
//!
//! tantivy parses the query language (terms, "phrases", AND/OR/NOT, +/-,
//! `field:term`, ranges); this module rewrites its syntax tree before the
//! query is built: `date:2016` and `date:[2016-02 TO 2016-06]` become date
//! ranges over whole periods, `ramad*` expands to the indexed words that
//! start so, and `qassem~` (or `qassem~1`) to the indexed words within that
//! many edits, so prefixes and misspelt names find their stories. A query
//! of only exclusions means everything else, and a word written twice
//! counts twice (the grammar keeps one copy).

use std::collections::HashMap;
use tantivy::query::{FuzzyTermQuery, Query, QueryParser, QueryParserError};
use tantivy::query_grammar::{
    self, Delimiter, Occur, UserInputAst, UserInputBound, UserInputLeaf, UserInputLiteral,
};
use tantivy::schema::{Field, FieldType};
use tantivy::{Searcher, Term};

use crate::date::Date;
use crate::index::NewsIndex;

/// Most words a prefix or fuzzy term expands to (the most frequent win).
const MAX_EXPANSIONS: usize = 64;
/// `word~` without a number: edits allowed by word length, as
/// Elasticsearch's AUTO does. Marked internally as this slop.
const AUTO_FUZZY: u32 = 9;
/// Most words of a query that name one place together ("Rio de
/// Janeiro").
const PLACE_WORDS: usize = 4;
/// The fields a word searches besides the article's place (the query
/// parser's default fields).
pub const TEXT_FIELDS: [&str; 3] = ["headline", "body", "caption"];
/// Deepest nesting of parentheses and `NOT`s read as written. tantivy's
/// grammar, this module's rewriter and the query built recurse once per
/// level, so a deeper query (thousands of `(`) would overflow the stack;
/// it is searched for its words instead.
const MAX_NESTING: usize = 32;

/// Builds the query for `text`; `conjunction` makes every term required.
pub fn build(
    news: &NewsIndex,
    searcher: &Searcher,
    query_parser: &QueryParser,
    text: &str,
) -> Result<Box<dyn Query>, QueryParserError> {
    if nesting(text) > MAX_NESTING {
        return Err(QueryParserError::SyntaxError(format!(
            "parentheses or NOTs nested more than {MAX_NESTING} deep"
        )));
    }
    let marked = mark_bare_fuzzy(text);
    let ast = query_grammar::parse_query(&marked)
        .map_err(|_| QueryParserError::SyntaxError(one_line(text)))?;
    if let Some(bad) = bad_date(&ast) {
        return Err(QueryParserError::SyntaxError(format!(
            "date:{} is not a date; write a year, month or day (1987, 1987-03, 1987-03-12)",
            one_line(&bad)
        )));
    }
    let rewriter = Rewriter { news, searcher };
    let ast = rewriter.name_places(weigh_repeats(ast, &marked));
    let ast = everything_but(rewriter.rewrite(ast));
    let everything = matches_all(&ast);
    let query = query_parser
        .build_query_from_user_input_ast(ast)
        .map_err(one_line_error)?;
    // Only "everything" can match the index's bookkeeping documents: they
    // hold no searchable text and no date.
    Ok(if everything {
        news.articles_only(query)
    } else {
        query
    })
}

/// A word written more than once in a query counts that many times, as
/// BM25's query term frequency has it ("sugar production and sugar
/// prices" is mostly about sugar). tantivy's grammar keeps one copy of a
/// repeated clause, so the copies come back as a boost; only plain words
/// among the query's optional top-level terms are counted.
fn weigh_repeats(ast: UserInputAst, text: &str) -> UserInputAst {
    let UserInputAst::Clause(clauses) = ast else {
        return ast;
    };
    let clauses = clauses
        .into_iter()
        .map(|(occur, ast)| {
            let times = match &ast {
                UserInputAst::Leaf(leaf) if is_optional(occur) => match &**leaf {
                    UserInputLeaf::Literal(literal)
                        if literal.field_name.is_none() && literal.delimiter == Delimiter::None =>
                    {
                        text.split_whitespace()
                            .filter(|w| *w == literal.phrase)
                            .count()
                    }
                    _ => 1,
                },
                _ => 1,
            };
            if times > 1 {
                (
                    occur,
                    UserInputAst::Boost(Box::new(ast), (times as f64).into()),
                )
            } else {
                (occur, ast)
            }
        })
        .collect();
    UserInputAst::Clause(clauses)
}

/// The first date the query names that is no year, month or day
/// (`date:1987-13`, `date:[1987 TO soon]`), as written.
fn bad_date(ast: &UserInputAst) -> Option<String> {
    let bound = |bound: &UserInputBound| match bound {
        UserInputBound::Inclusive(t) | UserInputBound::Exclusive(t) => {
            Date::parse_period(t).is_none().then(|| t.clone())
        }
        UserInputBound::Unbounded => None,
    };
    match ast {
        UserInputAst::Clause(clauses) => clauses.iter().find_map(|(_, ast)| bad_date(ast)),
        UserInputAst::Boost(ast, _) => bad_date(ast),
        UserInputAst::Leaf(leaf) => match &**leaf {
            UserInputLeaf::Literal(literal) if literal.field_name.as_deref() == Some("date") => {
                Date::parse_period(&literal.phrase)
                    .is_none()
                    .then(|| literal.phrase.clone())
            }
            UserInputLeaf::Range {
                field: Some(field),
                lower,
                upper,
            } if field == "date" => bound(lower)
                .or_else(|| bound(upper))
                .map(|b| format!("[{b}]")),
            _ => None,
        },
    }
}

/// True when the query has a match-everything part (`*`, or the one
/// added to a query of exclusions).
fn matches_all(ast: &UserInputAst) -> bool {
    match ast {
        UserInputAst::Leaf(leaf) => matches!(**leaf, UserInputLeaf::All),
        UserInputAst::Clause(clauses) => clauses.iter().any(|(_, ast)| matches_all(ast)),
        UserInputAst::Boost(ast, _) => matches_all(ast),
    }
}

/// The error with the query text it echoes on one short line: the grammar
/// lets a field name hold line breaks (`a b\nc:d` names field `b\nc`).
fn one_line_error(err: QueryParserError) -> QueryParserError {
    match err {
        QueryParserError::FieldDoesNotExist(name) => {
            QueryParserError::FieldDoesNotExist(one_line(&name))
        }
        QueryParserError::FieldNotIndexed(name) => {
            QueryParserError::FieldNotIndexed(one_line(&name))
        }
        QueryParserError::FieldDoesNotHavePositionsIndexed(name) => {
            QueryParserError::FieldDoesNotHavePositionsIndexed(one_line(&name))
        }
        err if err.to_string().contains(|c: char| c.is_control()) => {
            QueryParserError::SyntaxError(one_line(&err.to_string()))
        }
        err => err,
    }
}

/// Longest query echoed in a syntax error, in characters.
const SHOWN_CHARS: usize = 80;

/// `text` as a syntax error echoes it: on one line (line breaks, tabs and
/// other control characters become single spaces) and cut short, since the
/// message ends up in a one-line notice.
fn one_line(text: &str) -> String {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect();
    let joined = words.join(" ");
    match joined.char_indices().nth(SHOWN_CHARS) {
        Some((cut, _)) => format!("{}\u{2026}", &joined[..cut]),
        None => joined,
    }
}

/// How deeply `text` nests, outside quotes: open parentheses plus the
/// `NOT`s in a row before them (`NOT (NOT (x`), as tantivy's grammar
/// recurses. Overcounts rather than under: unbalanced text counts as open.
fn nesting(text: &str) -> usize {
    let mut open = 0usize;
    let mut nots = 0usize;
    let mut deepest = 0;
    let mut quoted = false;
    let mut word = String::new();
    for c in text.chars().chain([' ']) {
        if c == '"' {
            quoted = !quoted;
        }
        if quoted || c == '"' || !(c.is_whitespace() || c == '(' || c == ')') {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            nots = if word == "NOT" { nots + 1 } else { 0 };
            word.clear();
        }
        match c {
            '(' => open += 1,
            ')' => {
                open = open.saturating_sub(1);
                nots = 0;
            }
            _ => {}
        }
        deepest = deepest.max(open + nots);
    }
    deepest
}

/// `word~` -> `word~9` outside quotes, so the grammar keeps the mark.
/// (A hand scan: compiling a Unicode regex costs more than the search.)
fn mark_bare_fuzzy(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    let mut quoted = false;
    let mut previous: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '"' {
            quoted = !quoted;
        } else if c == '~'
            && !quoted
            && previous.is_some_and(|p| p.is_alphanumeric() || p == '_')
            && !chars.peek().is_some_and(|n| n.is_ascii_digit())
        {
            out.push_str(&AUTO_FUZZY.to_string());
        }
        previous = Some(c);
    }
    out
}

/// A query made only of exclusions matches everything else.
fn everything_but(ast: UserInputAst) -> UserInputAst {
    match ast {
        UserInputAst::Clause(mut clauses)
            if !clauses.is_empty()
                && clauses
                    .iter()
                    .all(|(occur, _)| *occur == Some(Occur::MustNot)) =>
        {
            clauses.push((
                Some(Occur::Must),
                UserInputAst::Leaf(Box::new(UserInputLeaf::All)),
            ));
            UserInputAst::Clause(clauses)
        }
        other => other,
    }
}

fn rfc3339(date: Date) -> String {
    format!("{date}T00:00:00Z")
}

enum Expansion {
    Prefix,
    Fuzzy(u32),
}

struct Rewriter<'a> {
    news: &'a NewsIndex,
    searcher: &'a Searcher,
}

impl Rewriter<'_> {
    /// The query with each word that, alone or with its neighbours, names
    /// an article's whole place made to match that place too. The rule
    /// (README, "Search and ranking"): 1 to `PLACE_WORDS` consecutive
    /// plain words of the query, or a quoted phrase, count for an article's
    /// location only when they are all of its name, compared as the
    /// location's analyzer reads it (case and accents aside): "ramadi
    /// curfew" matches a story located in Ramadi, "new york stocks" one in
    /// New York City (a closing "City" may go unsaid), but "united nations" no story in the United Kingdom and
    /// "new year" none in New Zealand. `location:` field queries still
    /// match any word of the place.
    fn name_places(&self, ast: UserInputAst) -> UserInputAst {
        let mut clauses = match ast {
            UserInputAst::Clause(clauses) => clauses,
            leaf @ (UserInputAst::Leaf(_) | UserInputAst::Boost(..)) => vec![(None, leaf)],
        };
        let single = clauses.len() == 1;
        let f = &self.news.fields;
        let Ok(mut analyzer) = self.news.index.tokenizer_for_field(f.location) else {
            return rebuild(clauses, single);
        };
        let mut tokens_of = |text: &str| {
            let mut tokens = Vec::new();
            let mut stream = analyzer.token_stream(text);
            stream.process(&mut |token| tokens.push(token.text.clone()));
            tokens
        };
        // (tokens that may name a place, the clauses they come from)
        let mut candidates: Vec<(Vec<String>, Vec<usize>)> = Vec::new();
        // The run of consecutive plain words: (clause, its tokens).
        let mut run: Vec<(usize, Vec<String>)> = Vec::new();
        let close_run = |run: &mut Vec<(usize, Vec<String>)>,
                         candidates: &mut Vec<(Vec<String>, Vec<usize>)>| {
            for start in 0..run.len() {
                let mut tokens = Vec::new();
                let mut from = Vec::new();
                for (clause, words) in &run[start..] {
                    tokens.extend(words.iter().cloned());
                    from.push(*clause);
                    if tokens.is_empty() || tokens.len() > PLACE_WORDS {
                        break;
                    }
                    candidates.push((tokens.clone(), from.clone()));
                }
            }
            run.clear();
        };
        for (i, (occur, ast)) in clauses.iter().enumerate() {
            match place_literal(*occur, ast) {
                Some(literal) if literal.delimiter == Delimiter::None => {
                    run.push((i, tokens_of(&literal.phrase)));
                }
                Some(literal) => {
                    close_run(&mut run, &mut candidates);
                    let tokens = tokens_of(&literal.phrase);
                    if (1..=PLACE_WORDS).contains(&tokens.len()) {
                        candidates.push((tokens, vec![i]));
                    }
                }
                None => close_run(&mut run, &mut candidates),
            }
        }
        close_run(&mut run, &mut candidates);
        // Only words some location holds can name one: most queries stop
        // here, without reading the places.
        let mut known: HashMap<String, bool> = HashMap::new();
        let mut in_locations = |token: &String| {
            *known.entry(token.clone()).or_insert_with(|| {
                self.searcher
                    .doc_freq(&Term::from_field_text(f.location, token))
                    .is_ok_and(|n| n > 0)
            })
        };
        candidates.retain(|(tokens, _)| tokens.iter().all(&mut in_locations));
        if candidates.is_empty() {
            return rebuild(clauses, single);
        }
        let mut places_of: HashMap<usize, Vec<String>> = HashMap::new();
        let initials: Vec<u8> = candidates
            .iter()
            .filter_map(|(tokens, _)| tokens.first()?.bytes().next())
            .collect();
        for place in self.places(&initials) {
            let tokens = tokens_of(&place);
            // "New York" names New York City, "Kuwait" Kuwait City, as
            // people write them.
            let short = match tokens.split_last() {
                Some((last, rest)) if last == "city" && !rest.is_empty() => rest,
                _ => &tokens[..],
            };
            for (named, from) in &candidates {
                if *named == tokens || named == short {
                    for clause in from {
                        let places = places_of.entry(*clause).or_default();
                        if !places.contains(&place) {
                            places.push(place.clone());
                        }
                    }
                }
            }
        }
        for (clause, places) in places_of {
            let (_, ast) = &mut clauses[clause];
            *ast = with_places(std::mem::replace(ast, UserInputAst::empty_query()), &places);
        }
        rebuild(clauses, single)
    }

    /// The articles' places, as the index holds them whole, that may open
    /// with a word whose first letter is one of `initials` (lower-case
    /// ASCII, as the location's analyzer writes words): those whose first
    /// byte is that letter in either case, and those that open with
    /// anything but an ASCII letter ("Östersund", "'s-Hertogenbosch"),
    /// which the analyzer may fold to any word. The rest cannot match, and
    /// an index of many segments holds thousands of places.
    fn places(&self, initials: &[u8]) -> Vec<String> {
        let mut ranges: Vec<(u8, u8)> = vec![(0, b'A'), (b'Z' + 1, b'a'), (b'z' + 1, u8::MAX)];
        for &c in initials {
            if c.is_ascii_alphabetic() {
                ranges.push((c.to_ascii_uppercase(), c.to_ascii_uppercase() + 1));
                ranges.push((c.to_ascii_lowercase(), c.to_ascii_lowercase() + 1));
            }
        }
        ranges.sort_unstable();
        ranges.dedup();
        let mut places = Vec::new();
        for segment in self.searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(self.news.fields.location_exact) else {
                continue;
            };
            let terms = inverted.terms();
            for &(from, to) in &ranges {
                let range = terms.range().ge([from]);
                // The last range runs to the dictionary's end.
                let range = if to == u8::MAX { range } else { range.lt([to]) };
                let Ok(mut stream) = range.into_stream() else {
                    continue;
                };
                while stream.advance() {
                    if let Ok(place) = std::str::from_utf8(stream.key()) {
                        places.push(place.to_string());
                    }
                }
            }
        }
        places.sort_unstable();
        places.dedup();
        places
    }

    fn rewrite(&self, ast: UserInputAst) -> UserInputAst {
        match ast {
            UserInputAst::Clause(clauses) => {
                // A date among words restricts them (`coffee date:1987`): the
                // date becomes required, and so does matching the words.
                let has_date = clauses
                    .iter()
                    .any(|(occur, ast)| is_optional(*occur) && is_date_clause(ast));
                let mut required = Vec::new();
                let mut optional = Vec::new();
                for (occur, ast) in clauses {
                    let ast = self.rewrite(ast);
                    if has_date && is_optional(occur) {
                        if is_date_clause(&ast) {
                            required.push((Some(Occur::Must), ast));
                        } else {
                            optional.push((occur, ast));
                        }
                    } else {
                        required.push((occur, ast));
                    }
                }
                if !optional.is_empty() {
                    required.push((Some(Occur::Must), UserInputAst::Clause(optional)));
                }
                UserInputAst::Clause(required)
            }
            UserInputAst::Boost(ast, boost) => {
                UserInputAst::Boost(Box::new(self.rewrite(*ast)), boost)
            }
            UserInputAst::Leaf(leaf) => self.rewrite_leaf(*leaf),
        }
    }

    fn rewrite_leaf(&self, leaf: UserInputLeaf) -> UserInputAst {
        match leaf {
            UserInputLeaf::Literal(literal) if literal.field_name.as_deref() == Some("date") => {
                match Date::parse_period(&literal.phrase) {
                    Some((start, end)) => leaf_ast(UserInputLeaf::Range {
                        field: Some("date".into()),
                        lower: UserInputBound::Inclusive(rfc3339(start)),
                        upper: UserInputBound::Exclusive(rfc3339(end)),
                    }),
                    None => leaf_ast(UserInputLeaf::Literal(literal)),
                }
            }
            UserInputLeaf::Range {
                field: Some(field),
                lower,
                upper,
            } if field == "date" => leaf_ast(UserInputLeaf::Range {
                field: Some(field),
                lower: date_bound(lower, true),
                upper: date_bound(upper, false),
            }),
            UserInputLeaf::Literal(literal) => match word_operator(&literal) {
                Some((word, how)) => self.expand(
                    UserInputLiteral {
                        phrase: word,
                        ..literal
                    },
                    how,
                ),
                None => leaf_ast(UserInputLeaf::Literal(literal)),
            },
            other => leaf_ast(other),
        }
    }

    /// The literal replaced by an OR of the indexed words it stands for.
    fn expand(&self, literal: UserInputLiteral, how: Expansion) -> UserInputAst {
        let schema = self.news.index.schema();
        let f = &self.news.fields;
        let fields: Vec<Field> = match &literal.field_name {
            Some(name) => schema.get_field(name).into_iter().collect(),
            // A prefix or a misspelling names no place (`name_places`).
            None => vec![f.headline, f.body, f.caption],
        };
        let mut clauses = Vec::new();
        for field in fields {
            let Some(word) =
                self.index_form(field, &literal.phrase, matches!(how, Expansion::Prefix))
            else {
                continue;
            };
            let name = schema.get_field_name(field).to_string();
            for term in self.dictionary_matches(field, &word, &how) {
                clauses.push((
                    Some(Occur::Should),
                    leaf_ast(UserInputLeaf::Literal(UserInputLiteral {
                        field_name: Some(name.clone()),
                        phrase: term,
                        delimiter: Delimiter::None,
                        slop: 0,
                        prefix: false,
                    })),
                ));
            }
        }
        if clauses.is_empty() {
            // Nothing in the index is like it: search the word as written,
            // which finds nothing but keeps the query's logic intact.
            return leaf_ast(UserInputLeaf::Literal(UserInputLiteral {
                slop: 0,
                prefix: false,
                ..literal
            }));
        }
        UserInputAst::Clause(clauses)
    }

    /// The word as the field's analyzer indexes it (lower-cased, and
    /// stemmed unless it is a prefix, which stemming would cut short).
    fn index_form(&self, field: Field, word: &str, prefix: bool) -> Option<String> {
        let schema = self.news.index.schema();
        if !matches!(
            schema.get_field_entry(field).field_type(),
            FieldType::Str(_)
        ) {
            return None;
        }
        if prefix {
            return Some(word.to_lowercase());
        }
        let mut analyzer = self.news.index.tokenizer_for_field(field).ok()?;
        let mut stream = analyzer.token_stream(word);
        let mut out = None;
        stream.process(&mut |token| {
            out.get_or_insert_with(|| token.text.clone());
        });
        out
    }

    /// Indexed words of `field` that start with `word` (prefix) or lie
    /// within the edits (fuzzy, same first letter), most frequent first.
    /// Fuzzy matches are found by walking the term dictionary with
    /// tantivy's Levenshtein automaton (transpositions cost one edit), so
    /// no term is missed however large the dictionary.
    fn dictionary_matches(&self, field: Field, word: &str, how: &Expansion) -> Vec<String> {
        let mut freq: HashMap<String, u64> = HashMap::new();
        let Some(first) = word.chars().next() else {
            return Vec::new();
        };
        let fuzzy = match how {
            Expansion::Prefix => None,
            Expansion::Fuzzy(edits) => {
                let term = Term::from_field_text(field, word);
                match FuzzyTermQuery::new(term, u8::try_from(*edits).unwrap_or(2), true).automaton()
                {
                    Ok(automaton) => Some(automaton),
                    Err(_) => return Vec::new(),
                }
            }
        };
        // A misspelt word rarely misses its first letter, and keeping it
        // bounds the walk to one letter's words.
        let (lower, upper) = match how {
            Expansion::Prefix => (word.to_string(), None),
            Expansion::Fuzzy(_) => {
                let next = char::from_u32(first as u32 + 1).map(String::from);
                (first.to_string(), next)
            }
        };
        for segment in self.searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(field) else {
                continue;
            };
            let terms = inverted.terms();
            let mut keep = |term: &[u8], doc_freq: u32| {
                if let Ok(term) = std::str::from_utf8(term) {
                    *freq.entry(term.to_string()).or_default() += u64::from(doc_freq);
                }
            };
            match &fuzzy {
                Some(automaton) => {
                    let mut range = terms.search(automaton).ge(lower.as_bytes());
                    if let Some(upper) = &upper {
                        range = range.lt(upper.as_bytes());
                    }
                    let Ok(mut stream) = range.into_stream() else {
                        continue;
                    };
                    while stream.advance() {
                        keep(stream.key(), stream.value().doc_freq);
                    }
                }
                None => {
                    let Ok(mut stream) = terms.range().ge(lower.as_bytes()).into_stream() else {
                        continue;
                    };
                    while stream.advance() && stream.key().starts_with(word.as_bytes()) {
                        keep(stream.key(), stream.value().doc_freq);
                    }
                }
            }
        }
        let mut terms: Vec<(String, u64)> = freq.into_iter().collect();
        terms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        terms.truncate(MAX_EXPANSIONS);
        terms.into_iter().map(|(term, _)| term).collect()
    }
}

/// A clause that may name a place: an unfielded plain word or quoted
/// phrase the query does not exclude (a boost from `weigh_repeats` aside).
fn place_literal(occur: Option<Occur>, ast: &UserInputAst) -> Option<&UserInputLiteral> {
    if occur == Some(Occur::MustNot) {
        return None;
    }
    let leaf = match ast {
        UserInputAst::Leaf(leaf) => leaf,
        UserInputAst::Boost(inner, _) => match &**inner {
            UserInputAst::Leaf(leaf) => leaf,
            _ => return None,
        },
        UserInputAst::Clause(_) => return None,
    };
    match &**leaf {
        UserInputLeaf::Literal(literal)
            if literal.field_name.is_none()
                && !literal.prefix
                && literal.slop == 0
                && word_operator(literal).is_none()
                && matches!(literal.delimiter, Delimiter::None | Delimiter::DoubleQuotes) =>
        {
            Some(literal)
        }
        _ => None,
    }
}

/// The word or phrase searched in the text fields, or as one of the
/// places it names.
fn with_places(ast: UserInputAst, places: &[String]) -> UserInputAst {
    let (ast, boost) = match ast {
        UserInputAst::Boost(inner, boost) => (*inner, Some(boost)),
        other => (other, None),
    };
    let UserInputAst::Leaf(leaf) = ast else {
        return ast;
    };
    let UserInputLeaf::Literal(literal) = *leaf else {
        return UserInputAst::Leaf(leaf);
    };
    let mut clauses: Vec<(Option<Occur>, UserInputAst)> = TEXT_FIELDS
        .iter()
        .map(|field| {
            let literal = UserInputLiteral {
                field_name: Some((*field).to_string()),
                ..literal.clone()
            };
            (
                Some(Occur::Should),
                leaf_ast(UserInputLeaf::Literal(literal)),
            )
        })
        .collect();
    clauses.extend(places.iter().map(|place| {
        (
            Some(Occur::Should),
            leaf_ast(UserInputLeaf::Literal(UserInputLiteral {
                field_name: Some("location_exact".into()),
                phrase: place.clone(),
                delimiter: Delimiter::None,
                slop: 0,
                prefix: false,
            })),
        )
    }));
    let union = UserInputAst::Clause(clauses);
    match boost {
        Some(boost) => UserInputAst::Boost(Box::new(union), boost),
        None => union,
    }
}

/// The clauses as the query they were: a lone leaf stays a leaf.
fn rebuild(mut clauses: Vec<(Option<Occur>, UserInputAst)>, single: bool) -> UserInputAst {
    if single && clauses.len() == 1 && clauses[0].0.is_none() {
        if let Some((_, ast)) = clauses.pop() {
            return ast;
        }
    }
    UserInputAst::Clause(clauses)
}

fn is_optional(occur: Option<Occur>) -> bool {
    matches!(occur, None | Some(Occur::Should))
}

fn is_date_clause(ast: &UserInputAst) -> bool {
    match ast {
        UserInputAst::Leaf(leaf) => match &**leaf {
            UserInputLeaf::Literal(literal) => literal.field_name.as_deref() == Some("date"),
            UserInputLeaf::Range { field, .. } => field.as_deref() == Some("date"),
            _ => false,
        },
        _ => false,
    }
}

fn leaf_ast(leaf: UserInputLeaf) -> UserInputAst {
    UserInputAst::Leaf(Box::new(leaf))
}

fn is_word(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// A single word with a prefix (`ramad*`) or fuzzy (`qassem~`, `qassem~1`)
/// operator: the word and what to expand it to. The grammar keeps these
/// operators inside an unquoted literal's text, and as flags on a quoted one.
fn word_operator(literal: &UserInputLiteral) -> Option<(String, Expansion)> {
    let (word, prefix, slop) = if literal.delimiter == Delimiter::None {
        let phrase = literal.phrase.as_str();
        if let Some(word) = phrase.strip_suffix('*') {
            (word.to_string(), true, 0)
        } else if let Some((word, edits)) = phrase.rsplit_once('~') {
            (word.to_string(), false, edits.parse().ok()?)
        } else {
            return None;
        }
    } else {
        (literal.phrase.clone(), literal.prefix, literal.slop)
    };
    if !is_word(&word) || (!prefix && slop == 0) {
        return None;
    }
    if prefix {
        return Some((word, Expansion::Prefix));
    }
    let edits = if slop >= AUTO_FUZZY {
        match word.chars().count() {
            0..=2 => 0,
            3..=5 => 1,
            _ => 2,
        }
    } else {
        slop.min(2)
    };
    Some((word, Expansion::Fuzzy(edits)))
}

/// A date range bound written as a year, month or day, made exact.
fn date_bound(bound: UserInputBound, lower: bool) -> UserInputBound {
    let period = |text: &str| Date::parse_period(text);
    match bound {
        UserInputBound::Inclusive(t) => match (period(&t), lower) {
            (Some((start, _)), true) => UserInputBound::Inclusive(rfc3339(start)),
            (Some((_, end)), false) => UserInputBound::Exclusive(rfc3339(end)),
            (None, _) => UserInputBound::Inclusive(t),
        },
        UserInputBound::Exclusive(t) => match (period(&t), lower) {
            (Some((_, end)), true) => UserInputBound::Inclusive(rfc3339(end)),
            (Some((start, _)), false) => UserInputBound::Exclusive(rfc3339(start)),
            (None, _) => UserInputBound::Exclusive(t),
        },
        UserInputBound::Unbounded => UserInputBound::Unbounded,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(i: u64, body: String) -> crate::article::Article {
        crate::article::Article {
            id: format!("a{i}"),
            path: "p".into(),
            ordinal: i,
            ..crate::article::Article::sample("", &body)
        }
    }

    /// Regression: fuzzy expansion scanned at most 200,000 dictionary
    /// entries from the word's first letter, so a word sorted after that
    /// many others was never found; it walks the dictionary with tantivy's
    /// Levenshtein automaton now.
    #[test]
    fn expansions_find_words_past_any_scan_cap() {
        let dir = tempfile::tempdir().unwrap();
        let news = NewsIndex::open_or_create(dir.path()).unwrap();
        let mut writer = news.writer(1, crate::index::WRITER_MEMORY).unwrap();
        // 200,001 words sorting between "q" and "qasem".
        let filler: Vec<String> = (0..200_001).map(|n| format!("qa{n:07}")).collect();
        let words = "qasem qsasem qasm kassem qassemz qasemz".to_string();
        for (i, body) in [filler.join(" "), words].into_iter().enumerate() {
            let article = article(i as u64, body);
            let fingerprint = crate::index::fingerprint(&article);
            writer.add(news.document(&article, fingerprint)).unwrap();
        }
        writer.commit().unwrap();
        let searcher = news.searcher().unwrap();
        let rewriter = Rewriter {
            news: &news,
            searcher: &searcher,
        };
        let sorted = |mut words: Vec<String>| {
            words.sort();
            words
        };
        let body = news.fields.body;
        // One edit (a transposition is one): not "qasm" (two), nor
        // "kassem" (another first letter).
        assert_eq!(
            sorted(rewriter.dictionary_matches(body, "qassem", &Expansion::Fuzzy(1))),
            ["qasem", "qassemz", "qsasem"]
        );
        assert_eq!(
            sorted(rewriter.dictionary_matches(body, "qassem", &Expansion::Fuzzy(2))),
            ["qasem", "qasemz", "qasm", "qassemz", "qsasem"]
        );
        assert_eq!(
            sorted(rewriter.dictionary_matches(body, "qase", &Expansion::Prefix)),
            ["qasem", "qasemz"]
        );
    }

    /// Regression: a query with a line break that did not parse made a
    /// notice of several lines, and a long one echoed all of itself.
    #[test]
    fn syntax_errors_echo_the_query_on_one_short_line() {
        assert_eq!(one_line(" OR \n\u{a0}:\"a\tb\u{0}c"), "OR :\"a b c");
        let long = one_line(&"(oil ".repeat(1000));
        assert_eq!(long.chars().count(), SHOWN_CHARS + 1);
        assert!(long.ends_with('\u{2026}'));
    }

    /// Regression: a field name the grammar read across a line break
    /// (`cocoa the\n\tordinal:x` names field `the\n\tordinal`) was echoed as
    /// written, so the notice of a query searched for its words ran over
    /// several lines.
    #[test]
    fn unknown_fields_are_named_on_one_line() {
        let dir = tempfile::tempdir().unwrap();
        let news = NewsIndex::open_or_create(dir.path()).unwrap();
        let searcher = news.searcher().unwrap();
        let query_parser = QueryParser::for_index(&news.index, vec![news.fields.body]);
        let text = "cocoa the\n\tordinal:x";
        match build(&news, &searcher, &query_parser, text) {
            Err(QueryParserError::FieldDoesNotExist(name)) => assert_eq!(name, "the ordinal"),
            other => panic!("{:?}", other.err()),
        }
    }

    #[test]
    fn nesting_counts_parentheses_and_nots() {
        let cases = [
            ("oil", 0),
            ("(oil)", 1),
            ("((oil) (gas))", 2),
            ("NOT NOT oil", 2),
            ("NOT (NOT (oil", 4),
            ("NOT oil NOT gas NOT coal", 1),
            ("\"(((\" oil", 0),
            ("oil)))", 0),
        ];
        for (text, want) in cases {
            assert_eq!(nesting(text), want, "{text}");
        }
    }

    /// Regression: thousands of nested parentheses or `NOT`s overflowed
    /// the stack in tantivy's recursive query grammar (an abort, not an
    /// error); now they are a syntax error, which search recovers from.
    #[test]
    fn deep_nesting_is_a_syntax_error_not_a_stack_overflow() {
        let dir = tempfile::tempdir().unwrap();
        let news = NewsIndex::open_or_create(dir.path()).unwrap();
        let searcher = news.searcher().unwrap();
        let query_parser = QueryParser::for_index(&news.index, vec![news.fields.body]);
        for text in [
            format!("{}oil{}", "(".repeat(20_000), ")".repeat(20_000)),
            format!("{}oil", "NOT ".repeat(20_000)),
            format!("{}oil", "(NOT ".repeat(10_000)),
        ] {
            let err = build(&news, &searcher, &query_parser, &text).err();
            assert!(
                matches!(err, Some(QueryParserError::SyntaxError(_))),
                "{err:?}"
            );
        }
        let nested = format!("{}oil{}", "(".repeat(MAX_NESTING), ")".repeat(MAX_NESTING));
        assert!(build(&news, &searcher, &query_parser, &nested).is_ok());
    }

    /// Regression: excluding a phrase whose words occur but never in that
    /// order (`oil -"oil said"`) panicked in debug builds, on a debug
    /// assertion in tantivy's `PhraseScorer` (release builds answer right);
    /// Cargo.toml turns tantivy's debug assertions off in debug builds.
    #[test]
    fn excluding_an_absent_phrase_keeps_every_match() {
        let dir = tempfile::tempdir().unwrap();
        let news = NewsIndex::open_or_create(dir.path()).unwrap();
        let mut writer = news.writer(1, crate::index::WRITER_MEMORY).unwrap();
        for (i, body) in [
            "oil prices rose, the minister said",
            "said oil",
            "crude oil fell",
        ]
        .into_iter()
        .enumerate()
        {
            let article = article(i as u64, body.to_string());
            let fingerprint = crate::index::fingerprint(&article);
            writer.add(news.document(&article, fingerprint)).unwrap();
        }
        writer.commit().unwrap();
        let request = |query: &str| crate::search::Request {
            query: query.into(),
            limit: 10,
            ..Default::default()
        };
        let hits = |query: &str| {
            crate::search::search(&news, &news.searcher().unwrap(), &request(query))
                .unwrap()
                .total_hits
        };
        assert_eq!(hits("oil"), 3);
        assert_eq!(hits("oil -\"oil said\""), 3);
        assert_eq!(hits("oil -\"prices oil\"~1"), 3);
        assert_eq!(hits("oil -\"crude oil\""), 2);
    }

    #[test]
    fn bare_fuzzy_marks_only_outside_quotes() {
        assert_eq!(mark_bare_fuzzy("qassem~ beirut"), "qassem~9 beirut");
        assert_eq!(mark_bare_fuzzy("qassem~1"), "qassem~1");
        assert_eq!(mark_bare_fuzzy("\"a b\"~2 x~"), "\"a b\"~2 x~9");
        assert_eq!(mark_bare_fuzzy("\"x~ y\""), "\"x~ y\"");
    }

    #[test]
    fn repeated_words_count_each_time() {
        // (query, the words boosted and by how much)
        let cases: [(&str, &[(&str, f64)]); 6] = [
            ("sugar production and sugar prices", &[("sugar", 2.0)]),
            ("oil oil oil gas", &[("oil", 3.0)]),
            ("Sugar sugar", &[]),
            ("sugar", &[]),
            ("headline:oil oil", &[]),
            ("\"oil\" oil +gas +gas", &[]),
        ];
        for (text, want) in cases {
            let ast = weigh_repeats(query_grammar::parse_query(text).unwrap(), text);
            let mut got = Vec::new();
            if let UserInputAst::Clause(clauses) = &ast {
                for (_, clause) in clauses {
                    if let UserInputAst::Boost(leaf, boost) = clause {
                        if let UserInputAst::Leaf(leaf) = &**leaf {
                            if let UserInputLeaf::Literal(literal) = &**leaf {
                                got.push((literal.phrase.as_str(), boost.into_inner()));
                            }
                        }
                    }
                }
            }
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn date_bounds_cover_whole_periods() {
        let b = |t: &str| UserInputBound::Inclusive(t.to_string());
        assert_eq!(date_bound(b("2016-02"), true), b("2016-02-01T00:00:00Z"));
        assert_eq!(
            date_bound(b("2016-02"), false),
            UserInputBound::Exclusive("2016-03-01T00:00:00Z".into())
        );
        assert_eq!(
            date_bound(b("2016-02-01T10:00:00Z"), true),
            b("2016-02-01T10:00:00Z")
        );
    }
}
