//! Issue 11, part 2: datelines in every style papers write them. Real wire
//! stories (Reuters-21578) and real stories without datelines (the BBC News
//! set) laid out as single news pages, plain text and HTML (`dateline_set`
//! has them in the seed layout's multi-story dumps), each Reuters story
//! opening with its own `DATELINE` tag's place in one of the styles below.
//! The expected place is the tag's (the collection's markup), never
//! newsdex's output; a BBC story has no dateline (the set's stories open
//! with their first sentence).

// The figures are printed for `--nocapture` runs, as format_reuters does.
#![allow(clippy::print_stdout)]

use std::collections::HashMap;

use crate::format_reuters::{sgm_files, tagged};
use crate::util::{shared, TestEnv};

/// A Reuters `DATELINE` tag read as (place, region, date) when it has the
/// wire's plain shape, "ROCHESTER, N.Y., March 5 - ": a place in capitals
/// (letters, spaces, periods, hyphens, apostrophes), at most one region
/// ("N.Y.", "Brazil"), a month and a day. Other tags (table rows, typos,
/// junk before the place) are left out of the set: the set tests the
/// styles, `format_reuters` the collection's own tags.
fn wire_tag(tag: &str) -> Option<(String, Option<String>, String)> {
    let tag = tag.trim().strip_suffix('-')?.trim_end();
    let parts: Vec<&str> = tag.split(", ").map(str::trim).collect();
    let (place, region, date) = match parts[..] {
        [place, date] => (place, None, date),
        [place, region, date] => (place, Some(region), date),
        _ => return None,
    };
    let letters = place.chars().filter(char::is_ascii_alphabetic).count();
    let place_ok = letters >= 2
        && place.starts_with(|c: char| c.is_ascii_uppercase())
        && place
            .chars()
            .all(|c| c.is_ascii_uppercase() || " .-'".contains(c));
    let (month, day) = date.split_once(' ')?;
    let date_ok = month.len() >= 3
        && month.chars().all(|c| c.is_ascii_alphabetic())
        && !day.is_empty()
        && day.chars().all(|c| c.is_ascii_digit());
    let region_ok = region.is_none_or(|r| {
        r.starts_with(|c: char| c.is_ascii_uppercase())
            && r.chars()
                .all(|c| c.is_ascii_alphabetic() || " .".contains(c))
    });
    (place_ok && date_ok && region_ok).then(|| {
        (
            place.to_string(),
            region.map(String::from),
            date.to_string(),
        )
    })
}

/// "ST. LOUIS" -> "St. Louis", "WINSTON-SALEM" -> "Winston-Salem".
fn title_case(s: &str) -> String {
    let mut out = String::new();
    let mut start = true;
    for c in s.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = c == ' ' || c == '-';
    }
    out
}

/// The dateline a story opens with in style `style` (0-8), and the rest.
fn styled(style: usize, place: &str, region: Option<&str>, date: &str) -> String {
    let city = title_case(place);
    let at = |p: &str| match region {
        Some(r) => format!("{p}, {r}"),
        None => p.to_string(),
    };
    match style {
        // The wire's own: "ROCHESTER, N.Y., March 5 - "
        0 => format!("{}, {date} - ", at(place)),
        // With the agency: "ROCHESTER, N.Y., March 5 (Reuters) - "
        1 => format!("{}, {date} (Reuters) - ", at(place)),
        // "Rochester, N.Y. (Reuters) - "
        2 => format!("{} (Reuters) - ", at(&city)),
        // "ROCHESTER - "
        3 => format!("{place} - "),
        // "Rochester - "
        4 => format!("{city} - "),
        // "Rochester — " (em dash)
        5 => format!("{city} \u{2014} "),
        // "ROCHESTER – " (en dash)
        6 => format!("{place} \u{2013} "),
        // "ROCHESTER: "
        7 => format!("{place}: "),
        // "Rochester, N.Y. - "
        _ => format!("{} - ", at(&city)),
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A news page: plain text (headline, a blank line, the paragraphs) or
/// HTML with a site's furniture around the article.
fn page(html: bool, headline: &str, paragraphs: &[String]) -> String {
    if !html {
        return format!("{headline}\n\n{}\n", paragraphs.join("\n\n"));
    }
    let body: String = paragraphs
        .iter()
        .map(|p| format!("<p>{}</p>\n", escape(p)))
        .collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>{h} | World News</title></head>\n<body><header><nav><a href=\"/\">Home</a> \
         <a href=\"/world\">World</a> <a href=\"/business\">Business</a></nav></header>\n\
         <main><article><h1>{h}</h1>\n{body}</article></main>\n\
         <footer><p>Copyright World News. All rights reserved.</p></footer></body></html>\n",
        h = escape(headline)
    )
}

/// A Reuters body's paragraphs: its lines joined, a new paragraph at each
/// indented line, the sign-off ("Reuter") kept as the story has it.
fn paragraphs(body: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in body.lines() {
        if line.trim().is_empty() {
            continue;
        }
        if line.starts_with(' ') || out.is_empty() {
            out.push(line.trim().to_string());
        } else if let Some(last) = out.last_mut() {
            last.push(' ');
            last.push_str(line.trim());
        }
    }
    out
}

#[test]
#[ignore = "needs ../shared/corpora"]
fn datelines_in_every_style_give_their_place_and_none_is_invented() {
    let env = TestEnv::new();
    // path -> the place its dateline names (None: no dateline)
    let mut expected: HashMap<String, Option<String>> = HashMap::new();
    let mut n = 0;
    for file in sgm_files() {
        for t in tagged(&file) {
            let (Some(title), Some(tag), Some(body)) = (&t.title, &t.dateline, &t.body) else {
                continue;
            };
            let Some((place, region, date)) = wire_tag(tag) else {
                continue;
            };
            // Reuters marks a company's name <Co-Steel Inc>; a page does not.
            let mut paras = paragraphs(&body.replace(['<', '>'], ""));
            // A page of fewer words is no article to newsdex ("only 43
            // words of prose"), whatever its dateline.
            // Tables (columns set apart by runs of spaces) are no prose
            // either.
            // An earnings report's "Oper shr 18 cts vs 51 cts" lines are
            // not either: the lead must be a sentence.
            let table = body.lines().any(|l| l.trim().contains("   "))
                || paras
                    .first()
                    .is_none_or(|p| p.split_whitespace().count() < 12);
            if title.is_empty() || paras.is_empty() || table || body.split_whitespace().count() < 80
            {
                continue;
            }
            n += 1;
            // Every 5th such story.
            if n % 5 != 0 {
                continue;
            }
            let i = n / 5;
            // A place the wire wrote with its state or country ("ARMONK,
            // N.Y.") keeps it, as wires name only well-known places alone:
            // the styles with a region or an agency. A place it wrote alone
            // gets any style.
            let style = match region {
                Some(_) => [0, 1, 2, 8][i % 4],
                None => i % 9,
            };
            let html = (i / 9) % 2 == 1;
            paras[0] = format!(
                "{}{}",
                styled(style, &place, region.as_deref(), &date),
                paras[0]
            );
            let rel = format!("wire/{i:05}.{}", if html { "html" } else { "txt" });
            let headline = title_case(&title.replace(['<', '>'], ""));
            env.write(&rel, page(html, &headline, &paras).as_bytes());
            expected.insert(rel, Some(place));
        }
    }
    let mut bbc: Vec<_> = walkdir::WalkDir::new(shared("corpora/bbc"))
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    bbc.sort();
    for (i, path) in bbc.iter().enumerate().filter(|(i, _)| i % 2 == 0) {
        let text = std::fs::read_to_string(path).unwrap();
        let (headline, rest) = text.split_once('\n').unwrap();
        let paras: Vec<String> = rest
            .split("\n\n")
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|p| !p.is_empty())
            .collect();
        let html = (i / 2) % 2 == 1;
        let rel = format!("bbc/{i:05}.{}", if html { "html" } else { "txt" });
        env.write(&rel, page(html, headline.trim(), &paras).as_bytes());
        expected.insert(rel, None);
    }
    let run = env.run_ok(&["parse", "wire", "bbc"]);
    let articles = run.json();
    if articles.len() != expected.len() {
        let seen: Vec<&str> = articles.iter().filter_map(|a| a["path"].as_str()).collect();
        let missing: Vec<String> = expected
            .keys()
            .filter(|p| !seen.contains(&p.as_str()))
            .map(|p| format!("{p}:\n{}", std::fs::read_to_string(env.path(p)).unwrap()))
            .collect();
        panic!("{}\n{}", run.stderr, missing.join("\n"));
    }
    let (mut placed, mut placed_ok, mut bare, mut bare_ok) = (0, 0, 0, 0);
    let mut wrong = Vec::new();
    for a in &articles {
        let path = a["path"].as_str().unwrap();
        let want = &expected[path];
        let got = a["dateline"].as_str();
        let ok = match (want, got) {
            (Some(place), Some(got)) => {
                got.get(..place.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(place))
                    && !got[place.len()..].starts_with(char::is_alphanumeric)
            }
            (Some(_), None) => false,
            (None, got) => got.is_none(),
        };
        match want {
            Some(_) => {
                placed += 1;
                placed_ok += usize::from(ok);
            }
            None => {
                bare += 1;
                bare_ok += usize::from(ok);
            }
        }
        if !ok {
            let lead: String = a["body"].as_str().unwrap_or("").chars().take(70).collect();
            wrong.push(format!("{path}: want {want:?}, got {got:?}: {lead:?}"));
        }
    }
    let placed_pct = 100.0 * placed_ok as f64 / placed as f64;
    let bare_pct = 100.0 * bare_ok as f64 / bare as f64;
    println!(
        "dateline places right {placed_ok}/{placed} = {placed_pct:.2}%; \
         stories without one given none {bare_ok}/{bare} = {bare_pct:.2}%"
    );
    for w in wrong.iter().take(60) {
        println!("  {w}");
    }
    assert!(placed > 1_500 && bare > 1_000, "{placed} {bare}");
    assert!(placed_pct >= 99.0, "{wrong:#?}");
    assert!(bare_pct >= 99.5, "{wrong:#?}");
}
