//! Press-database exports (`formats::factiva`, `formats::nexis`) through the
//! whole pipeline: sniffing, parsing, `extract`. The inputs are the
//! attributed copies in tests/fixtures/{factiva,nexis}, so these tests need
//! nothing beside the repository. Expected values come from the samples'
//! SOURCE.md (the R packages' tests and README; copied beside the
//! fixtures) or were read by hand from the fixtures.

use newsdex::formats::{self, Format};
use newsdex::read;
use newsdex::walk::walk;

use crate::util::{parse_dump, repo};

fn parse(rel: &str, want: Format) -> (Vec<newsdex::article::Article>, Vec<String>) {
    let (found, _) = walk(&[repo(rel)], &[]);
    assert_eq!(found.len(), 1, "{rel}");
    let (format, articles, said) = parse_dump(&found[0]);
    assert_eq!(format, want, "{rel}: sniffed format");
    (articles, said)
}

fn date(a: &newsdex::article::Article) -> Option<String> {
    a.date.map(|d| d.to_string())
}

#[test]
fn factiva_xml_gives_the_three_test_articles() {
    let (got, said) = parse("tests/fixtures/factiva/factiva_test.xml", Format::Factiva);
    assert!(said.is_empty(), "{said:?}");
    let want = [
        (
            "TEST0000020120109e51700030",
            "EN",
            "TEST - first test article",
            "2012-01-09",
            "This is the lead paragraph of the first test article.",
        ),
        (
            "TEST0000020120109e51700031",
            "FR",
            "TEST - second article de test",
            "2012-01-06",
            "Voici le chapeau du premier article de test.",
        ),
        (
            "TEST0000020120109e51700032",
            "EN",
            "TEST - third test article",
            "2012-05-06",
            "This is the lead paragraph of the third test article.",
        ),
    ];
    assert_eq!(got.len(), 3);
    for (a, (id, lang, headline, day, lead)) in got.iter().zip(want) {
        assert_eq!(a.id, id);
        assert_eq!(a.language.as_deref(), Some(lang));
        assert_eq!(a.headline, headline);
        assert_eq!(date(a).as_deref(), Some(day));
        assert!(a.body.starts_with(lead), "{}", a.body);
        assert_eq!(a.format, "factiva");
    }
    // Lead then text, the lead once (read by hand).
    assert_eq!(
        got[0].body,
        "This is the lead paragraph of the first test article.\n\n\
         This is the body of the first test article."
    );
}

#[test]
fn factiva_html_in_french_gives_two_articles() {
    let (got, said) = parse("tests/fixtures/factiva/factiva_test.html", Format::Factiva);
    assert!(said.is_empty(), "{said:?}");
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].id, "TESTFR0020111229e7ct0001r");
    assert_eq!(got[0].headline, "Test 1");
    // "29 décembre 2011": a French month name.
    assert_eq!(date(&got[0]).as_deref(), Some("2011-12-29"));
    assert_eq!(got[0].language.as_deref(), Some("Français"));
    assert_eq!(
        got[0].body,
        "First head paragraph, with a few non-ASCII characters: à la française.\n\n\
         Second head paragraph.\n\nThird paragraph.\n\nFourth and last paragraph."
    );
    assert_eq!(got[1].id, "TESTFR0020111229e7ct0015j");
    assert_eq!(got[1].headline, "Test 2");
    assert_eq!(got[1].section.as_deref(), Some("Infolocale"));
    assert_eq!(date(&got[1]).as_deref(), Some("2011-12-29"));
}

#[test]
fn factiva_xml_of_reuters_stories() {
    let (got, said) = parse(
        "tests/fixtures/factiva/reut21578-factiva.xml",
        Format::Factiva,
    );
    assert!(said.is_empty(), "{said:?}");
    assert_eq!(got.len(), 19);
    assert_eq!(got[0].id, "REUT00019870226-0001");
    assert_eq!(got[18].id, "REUT00019870302-0019");
    assert_eq!(got[0].headline, "DIAMOND SHAMROCK (DIA) CUTS CRUDE PRICES");
    let days: Vec<String> = got.iter().filter_map(date).collect();
    assert_eq!(days.len(), 19);
    // 5 on Feb 26, 5 on Mar 1, 9 on Mar 2 (counted by hand in the file).
    for (day, n) in [("1987-02-26", 5), ("1987-03-01", 5), ("1987-03-02", 9)] {
        assert_eq!(days.iter().filter(|d| *d == day).count(), n, "{day}");
    }
}

#[test]
fn nexis_text_gives_the_ten_sample_articles() {
    let (got, said) = parse("tests/fixtures/nexis/sample.TXT", Format::Nexis);
    assert!(said.is_empty(), "{said:?}");
    assert_eq!(got.len(), 10);
    // (date, author, section) from SOURCE.md.
    let want: [(&str, Option<&str>, Option<&str>); 10] = [
        ("2010-01-11", Some("Andrew Sparrow"), None),
        ("2010-01-11", Some("Simon Tisdall"), None),
        (
            "2010-01-11",
            Some("TREVOR Kavanagh"),
            Some("FEATURES; Pg. 6"),
        ),
        ("2010-01-11", Some("Tom Coghlan"), Some("NEWS; Pg. 3")),
        (
            "2010-01-11",
            Some("William Rees-Mogg"),
            Some("EDITORIAL; Pg. 24"),
        ),
        ("2010-01-11", Some("Tom Coghlan"), Some("NEWS; Pg. 8")),
        ("2010-01-08", Some("Allegra Stratton"), None),
        ("2010-01-10", Some("STEPHEN POLLARD"), None),
        (
            "2010-01-10",
            Some("Ross Ihaka and Robert Gentleman"),
            Some("NEWS; Pg. 6"),
        ),
        ("2010-01-09", None, None),
    ];
    for (i, (a, (day, author, section))) in got.iter().zip(want).enumerate() {
        assert_eq!(date(a).as_deref(), Some(day), "{i}");
        assert_eq!(a.author.as_deref(), author, "{i}");
        assert_eq!(a.section.as_deref(), section, "{i}");
        assert_eq!(a.language.as_deref(), Some("ENGLISH"), "{i}");
        assert!(!a.body.contains("LOAD-DATE"), "{i}");
    }
    for a in &got[..3] {
        assert_eq!(a.headline, "Lorem ipsum dolor sit amet");
    }
    assert_eq!(got[7].headline, "PRISONER OF HIS OWN CABINET");
    assert_eq!(got[8].headline, "R (programming language) on Wikipedia");
    assert_eq!(got[9].headline, "Wikipedia");
}

#[test]
fn nexis_html_english_french_and_a_damaged_download() {
    let (en, said) = parse(
        "tests/fixtures/nexis/lexisnexis_test_en.html",
        Format::Nexis,
    );
    assert!(said.is_empty(), "{said:?}");
    assert_eq!(en.len(), 2);
    assert_eq!(en[0].headline, "Heading One");
    assert_eq!(date(&en[0]).as_deref(), Some("1991-12-19"));
    assert_eq!(en[0].author.as_deref(), Some("PAPER AUTHOR"));
    assert_eq!(en[1].author, None);
    assert_eq!(date(&en[1]).as_deref(), Some("1993-01-28"));

    let (fr, said) = parse(
        "tests/fixtures/nexis/lexisnexis_test_fr.html",
        Format::Nexis,
    );
    assert!(said.is_empty(), "{said:?}");
    assert_eq!(fr.len(), 3);
    assert_eq!(fr[0].section.as_deref(), Some("INTERNATIONAL; Pg. 35"));
    assert_eq!(fr[1].author.as_deref(), Some("Author 2"));
    assert_eq!(fr[1].headline, "Another title, with accents: éà");
    assert_eq!(date(&fr[2]).as_deref(), Some("2013-03-10"));

    let (one, said) = parse(
        "tests/fixtures/nexis/lexisnexis_test_copyright_error.html",
        Format::Nexis,
    );
    assert_eq!(one.len(), 1);
    assert_eq!(date(&one[0]).as_deref(), Some("2018-12-31"));
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(said[0].contains("N of M DOCUMENTS"), "{said:?}");
}

/// The press formats claim their fixtures, and nothing else of the
/// repository's samples.
#[test]
fn the_sniffer_tells_press_exports_from_every_other_sample() {
    let (found, _) = walk(&[repo("corpus"), repo("tests/fixtures")], &[]);
    assert!(found.len() > 20);
    let mut claimed = 0;
    for file in found {
        let Ok(mut lines) = read::open(&file.path) else {
            continue;
        };
        let sniffed = formats::sniff(&mut lines, Some(&file.path)).unwrap();
        let parent = file.path.parent().unwrap();
        let want = if parent.ends_with("fixtures/factiva") {
            Some(Format::Factiva)
        } else if parent.ends_with("fixtures/nexis") {
            Some(Format::Nexis)
        } else {
            None
        };
        match want {
            Some(f) => {
                assert_eq!(sniffed, Some(f), "{}", file.path.display());
                claimed += 1;
            }
            None => assert!(
                !matches!(sniffed, Some(Format::Factiva | Format::Nexis)),
                "{}: {sniffed:?}",
                file.path.display()
            ),
        }
    }
    assert_eq!(claimed, 7);
}
