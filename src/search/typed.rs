//! Queries as people type them -> the query language, before tantivy's
//! grammar reads them.
//!
//! The grammar takes `AND`, `OR`, `NOT`, `IN` and `TO` for operators and an
//! apostrophe for a quote, so a wire headline typed in capitals ("OIL
//! PRICES IN KUWAIT"), a pasted question ("SUICIDES IN SOUTH VIET NAM AND
//! WHAT THEY SEEK") or a name ("O'Neill", "Reagan's budget") would fail or
//! change meaning. The rules, which README's query section states:
//!
//! - A query with no lower-case letter (outside field names) is shouting:
//!   its `AND`, `OR` and `NOT` are words. In a query that has lower-case
//!   words they stay operators, as people write them ("iraq AND curfew").
//! - `IN` and `TO` are operators only in their bracket syntax
//!   (`date:[1987-03 TO 1987-04]`); anywhere else they are words.
//! - A possessive `'s` is dropped ("Reagan's" is Reagan, as the analyzer
//!   would split it off anyway); a word with an apostrophe inside
//!   ("O'Neill", "d'Estaing") is searched as the phrase its parts make; any
//!   other apostrophe is a space.
//!
//! Quoted phrases and bracketed ranges are left exactly as written.

/// The query language's words for operators, as the grammar reads them.
const BOOLEAN: &[&str] = &["AND", "OR", "NOT"];
/// Operators that belong to bracket syntax only.
const BRACKETED: &[&str] = &["IN", "TO"];
/// Apostrophes people type: ASCII, and the typographic one word
/// processors put in.
const APOSTROPHES: &[char] = &['\'', '\u{2019}'];

/// `text` as the query language reads what the person meant (see the
/// module doc).
pub fn as_typed(text: &str) -> String {
    let shouting = is_shouting(text);
    let mut out = String::with_capacity(text.len() + 8);
    let mut word = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                flush(&mut word, shouting, &mut out);
                out.push('"');
                for c in chars.by_ref() {
                    out.push(c);
                    if c == '"' {
                        break;
                    }
                }
            }
            '[' | '{' => {
                flush(&mut word, shouting, &mut out);
                out.push(c);
                for c in chars.by_ref() {
                    out.push(c);
                    if c == ']' || c == '}' {
                        break;
                    }
                }
            }
            c if c.is_whitespace() || c == '(' || c == ')' => {
                flush(&mut word, shouting, &mut out);
                out.push(c);
            }
            c => word.push(c),
        }
    }
    flush(&mut word, shouting, &mut out);
    out
}

/// True when no letter outside field names and quotes is lower case, and
/// some letter is upper case.
fn is_shouting(text: &str) -> bool {
    let mut lower = false;
    let mut upper = false;
    for token in text.split_whitespace() {
        // `headline:OIL`: the field name is the query language's, not the
        // person's voice.
        let value = match token.split_once(':') {
            Some((field, value)) if field.chars().all(|c| c.is_ascii_lowercase()) => value,
            _ => token,
        };
        lower |= value.chars().any(char::is_lowercase);
        upper |= value.chars().any(char::is_uppercase);
    }
    upper && !lower
}

/// Appends `word` (one whitespace-free run outside quotes and brackets) to
/// `out` as the person meant it, and empties it.
fn flush(word: &mut String, shouting: bool, out: &mut String) {
    if word.is_empty() {
        return;
    }
    let is = |ops: &[&str]| ops.contains(&word.as_str());
    if is(BRACKETED) || (shouting && is(BOOLEAN)) {
        out.push_str(&word.to_lowercase());
    } else if word.contains(APOSTROPHES) {
        out.push_str(&apostrophes(word));
    } else {
        out.push_str(word);
    }
    word.clear();
}

/// A word holding apostrophes, as the query language can read it.
fn apostrophes(word: &str) -> String {
    // Keep what the grammar reads before the word itself: `+`, `-` and a
    // `field:`.
    let (sign, rest) = match word.strip_prefix(['+', '-']) {
        Some(rest) => (&word[..1], rest),
        None => ("", word),
    };
    let (field, value) = match rest.split_once(':') {
        Some((field, value)) if !field.is_empty() && field.chars().all(|c| c.is_alphanumeric()) => {
            (&rest[..field.len() + 1], value)
        }
        _ => ("", rest),
    };
    let chars: Vec<char> = value.chars().collect();
    let mut kept = String::with_capacity(value.len());
    let mut inner = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if APOSTROPHES.contains(&c) {
            let before = i > 0 && chars[i - 1].is_alphanumeric();
            let after = chars.get(i + 1).is_some_and(|c| c.is_alphanumeric());
            let possessive = before
                && chars.get(i + 1).is_some_and(|c| *c == 's' || *c == 'S')
                && !chars.get(i + 2).is_some_and(|c| c.is_alphanumeric());
            if possessive {
                i += 2;
                continue;
            }
            if before && after {
                inner = true;
                kept.push('\'');
            } else {
                kept.push(' ');
            }
        } else {
            kept.push(c);
        }
        i += 1;
    }
    let kept = kept.trim();
    if kept.is_empty() {
        return String::new();
    }
    if inner && !kept.contains(char::is_whitespace) {
        format!("{sign}{field}\"{}\"", kept.replace('\'', " "))
    } else {
        let parts: Vec<&str> = kept.split_whitespace().collect();
        match parts.as_slice() {
            [one] => format!("{sign}{field}{one}"),
            // Apart: each part is a word of its own (`'abc'def`).
            _ => format!("{sign}{field}{}", parts.join(" ")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_read_as_people_mean_them() {
        let cases = [
            // Shouting: the operator words are words.
            (
                "USED IN DISCUSSIONS OF THE FAR EAST",
                "USED in DISCUSSIONS OF THE FAR EAST",
            ),
            ("OIL PRICES IN KUWAIT", "OIL PRICES in KUWAIT"),
            (
                "SUICIDES IN SOUTH VIET NAM AND WHAT THEY SEEK",
                "SUICIDES in SOUTH VIET NAM and WHAT THEY SEEK",
            ),
            (
                "LABOR PARTY OR THE CONSERVATIVES",
                "LABOR PARTY or THE CONSERVATIVES",
            ),
            ("NOT GUILTY", "not GUILTY"),
            ("headline:OIL AND GAS", "headline:OIL and GAS"),
            // Lower-case words: operators stay operators, IN and TO do not.
            ("iraq AND curfew", "iraq AND curfew"),
            ("oil NOT gas", "oil NOT gas"),
            ("dollar falls IN tokyo", "dollar falls in tokyo"),
            ("from A TO b", "from A to b"),
            // Brackets and quotes are left as written.
            ("date:[1987-03 TO 1987-04]", "date:[1987-03 TO 1987-04]"),
            (
                "OIL date:[1987-03 TO 1987-04]",
                "OIL date:[1987-03 TO 1987-04]",
            ),
            ("\"WAR AND PEACE\" NOW", "\"WAR AND PEACE\" NOW"),
            ("\"O'Neill\" said", "\"O'Neill\" said"),
            // Apostrophes.
            ("DE GAULLE'S POLICY", "DE GAULLE POLICY"),
            ("Reagan's budget", "Reagan budget"),
            ("Reagan\u{2019}s budget", "Reagan budget"),
            ("O'Neill", "\"O Neill\""),
            ("tip o'neill's house", "tip \"o neill\" house"),
            ("-d'Estaing", "-\"d Estaing\""),
            ("headline:O'Neill", "headline:\"O Neill\""),
            ("students' union", "students union"),
            ("'quoted' words", "quoted words"),
            ("' ' '", "  "),
            ("rock'n'roll", "\"rock n roll\""),
            // Everything else as typed.
            ("ramad* qassem~ +iraq -syria", "ramad* qassem~ +iraq -syria"),
            ("(IRAQ OR SYRIA)", "(IRAQ or SYRIA)"),
            ("", ""),
        ];
        for (typed, want) in cases {
            assert_eq!(as_typed(typed), want, "{typed:?}");
        }
    }

    #[test]
    fn shouting_is_told_by_the_words_not_the_field_names() {
        assert!(is_shouting("OIL AND GAS"));
        assert!(is_shouting("headline:OIL AND GAS"));
        assert!(!is_shouting("Oil AND gas"));
        assert!(!is_shouting("1987 2016"));
        assert!(!is_shouting(""));
        assert!(is_shouting("ÉTATS-UNIS OR FRANCE"));
    }
}
