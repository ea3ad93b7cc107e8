//! The news-agency XML formats (`formats::xml`: NITF, NewsML-G2, RCV1)
//! through the whole pipeline: sniffing, parsing, `extract`, and the
//! `parse` command. The inputs are the copies in tests/fixtures/{nitf,
//! newsml,rcv1}, so these tests need nothing beside the repository.
//! Expected values come from the samples' SOURCE.md (Anserini's NYT test,
//! IPTC's examples as described there) or were read by hand from the
//! fixture files (the RCV1 items and two NYT-layout documents, written for
//! these tests from the formats' published descriptions: see their
//! README/SOURCE files).

use std::path::{Path, PathBuf};

use newsdex::article::Article;
use newsdex::dump;
use newsdex::formats::{self, Format, Options};
use newsdex::read;
use newsdex::walk::walk;

use crate::util::{repo, TestEnv};

/// What reading one file gives: its articles, the notes of items that hold
/// no article by design, and the warnings.
struct Read {
    articles: Vec<Article>,
    notes: Vec<String>,
    warnings: Vec<String>,
}

/// Reads the fixture `rel`, checking it is sniffed as `want`.
fn read_as(rel: &str, want: Format) -> Read {
    let (found, _) = walk(&[repo(rel)], &[]);
    assert_eq!(found.len(), 1, "{rel}");
    let options = Options::default();
    let dump = dump::open(&found[0].path, &options).unwrap_or_else(|e| panic!("{rel}: {e}"));
    assert_eq!(dump.format, want, "{rel}: sniffed format");
    let mut articles = Vec::new();
    let report = dump
        .read(&found[0], &options, |a| {
            articles.push(a);
            Ok(())
        })
        .unwrap();
    Read {
        articles,
        notes: report.notes,
        warnings: report.warnings,
    }
}

fn day(a: &Article) -> Option<String> {
    a.date.map(|d| d.to_string())
}

fn sniffed(path: &Path) -> Option<Format> {
    let mut lines = read::open(path).ok()?;
    formats::sniff(&mut lines, Some(path)).unwrap()
}

// ---------------------------------------------------------------------------
// NITF

#[test]
fn nitf_anserini_sample_gives_what_anserini_expects() {
    let got = read_as("tests/fixtures/nitf/anserini_segment1.xml", Format::Nitf);
    assert!(got.warnings.is_empty() && got.notes.is_empty());
    assert_eq!(got.articles.len(), 1);
    let a = &got.articles[0];
    assert_eq!(a.id, "12345678");
    assert_eq!(a.headline, "Article Title");
    // The full_text block only: the lead paragraph block is not repeated.
    assert_eq!(a.body, "First paragraph.\n\nSecond paragraph.");
    // publication_year 2007, publication_month 2, publication_day_of_month 1.
    assert_eq!(day(a).as_deref(), Some("2007-02-01"));
    // The print byline, without its "By".
    assert_eq!(
        a.author.as_deref(),
        Some("Some One; Compiled by Another Person")
    );
    assert_eq!(a.format, "nitf");
}

#[test]
fn nitf_an_older_nyt_article_loses_its_lead_copy() {
    let got = read_as("tests/fixtures/nitf/nyt_1987_ferry.xml", Format::Nitf);
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
    assert_eq!(got.articles.len(), 1);
    let a = &got.articles[0];
    assert_eq!(a.id, "9000001");
    assert_eq!(a.headline, "FERRY LINE TO RESUME RIVER SERVICE");
    // pubdata's date.publication="19870314T000000".
    assert_eq!(day(a).as_deref(), Some("1987-03-14"));
    assert_eq!(a.dateline.as_deref(), Some("WASHINGTON, March 13"));
    assert_eq!(a.location.as_deref(), Some("Washington"));
    assert_eq!(a.country.as_deref(), Some("United States"));
    assert_eq!(a.places, ["POTOMAC RIVER"]);
    assert_eq!(
        a.author.as_deref(),
        Some("JANE DOE, Special to The New York Times")
    );
    // online_sections before the desk.
    assert_eq!(a.section.as_deref(), Some("U.S."));
    assert_eq!(
        a.url.as_deref(),
        Some("http://query.nytimes.com/gst/fullpage.html?res=9000001")
    );
    // "LEAD: <lead>" and the lead again: the lead once.
    assert_eq!(
        a.body,
        "A ferry line that stopped running across the river last fall will resume \
         service on Monday, its owner said today.\n\n\
         The owner, Richard Roe, said two boats would make the crossing every half \
         hour & a third would be kept in reserve.\n\n\
         \"We never meant to stop for good,\" Mr. Roe said."
    );
}

#[test]
fn nitf_concatenated_documents_and_a_broken_one() {
    let got = read_as("tests/fixtures/nitf/nyt_concatenated.xml", Format::Nitf);
    assert_eq!(got.articles.len(), 2);
    // The second document (line 49) has an XML error: it alone is lost.
    assert_eq!(got.warnings.len(), 1, "{:?}", got.warnings);
    assert!(
        got.warnings[0].contains("nyt_concatenated.xml:49: NITF document: XML error"),
        "{:?}",
        got.warnings
    );
    let a = &got.articles[0];
    assert_eq!(a.id, "9000002");
    assert_eq!(a.headline, "Aid Convoy Reaches Northern Town");
    assert_eq!(day(a).as_deref(), Some("2007-06-05"));
    assert_eq!(a.section.as_deref(), Some("World; Middle East"));
    // alternate_url before pubdata's ex-ref.
    assert_eq!(
        a.url.as_deref(),
        Some("http://www.nytimes.com/2007/06/05/world/middleeast/05convoy.html")
    );
    // IRAQ and Iraq are one place; no dateline, so the first is the place.
    assert_eq!(a.places, ["IRAQ", "Mosul (Iraq)"]);
    assert_eq!(a.dateline, None);
    assert_eq!(a.country.as_deref(), Some("Iraq"));
    assert_eq!(a.author.as_deref(), Some("JOHN ROE"));
    assert_eq!(
        a.body,
        "A convoy of trucks carrying food and medicine reached the town on Monday \
         after three days on the road.\n\nDrivers said the last stretch was the slowest."
    );
    assert_eq!((a.ordinal, a.line), (0, 3));
    let b = &got.articles[1];
    assert_eq!(b.id, "9000004");
    assert_eq!(b.headline, "Paid Notice: Deaths SMITH, ANNA");
    // Its only text is its abstract.
    assert_eq!(
        b.body,
        "SMITH--Anna, of the invented town of Elmvale, on June 4; beloved aunt."
    );
    assert_eq!(b.section.as_deref(), Some("Classified"));
    assert_eq!(b.author, None);
    assert_eq!(day(b).as_deref(), Some("2007-06-06"));
    assert_eq!((b.ordinal, b.line), (1, 69));
}

// ---------------------------------------------------------------------------
// NewsML-G2

/// Every IPTC example: the format it is sniffed as, and the articles,
/// notes (items that are no story by design) and warnings it gives,
/// counted by hand from the files (SOURCE.md's table gives their roots and
/// item classes).
#[test]
fn newsml_every_iptc_example() {
    use Format::{Newsml, Nitf};
    // (file, sniffed, articles, notes, warnings)
    let want: &[(&str, Option<Format>, usize, usize, usize)] = &[
        ("LISTING_1_A_NewsML-G2_News_Item.xml", Some(Newsml), 1, 0, 0),
        (
            "LISTING_2_NewsML-G2_Text_Document.xml",
            Some(Newsml),
            1,
            0,
            0,
        ),
        ("LISTING_3_Photo_in_NewsML-G2.xml", Some(Newsml), 0, 1, 0),
        (
            "LISTING_3A_Photo_in_NewsML-G2_(URI_sibling_attributes).xml",
            Some(Newsml),
            0,
            1,
            0,
        ),
        (
            "LISTING_4_Multiple_Renditions_of_a_Video_in_NewsML-G2.xml",
            Some(Newsml),
            0,
            1,
            0,
        ),
        (
            "LISTING_5_Multi-part_Video_in_NewsML-G2.xml",
            Some(Newsml),
            0,
            1,
            0,
        ),
        (
            "LISTING_6_Simple_NewsML-G2_Package.xml",
            Some(Newsml),
            0,
            1,
            0,
        ),
        // Fragments of the guidelines without namespace: no format's.
        (
            "LISTING_7_Group_Set_example_showing_Hierarchical_Package_Structure.xml",
            None,
            0,
            0,
            0,
        ),
        (
            "LISTING_8_Group_Set_example_showing_an_ALT_Package_Mode.xml",
            None,
            0,
            0,
            0,
        ),
        (
            "LISTING_9_Group_Set_example_showing_a_SEQ_Package_Mode.xml",
            None,
            0,
            0,
            0,
        ),
        (
            "LISTING_10_Abstract_Concept_conveyed_in_a_NewsML-G2_Concept_Item.xml",
            Some(Newsml),
            0,
            1,
            0,
        ),
        (
            "LISTING_11_Person_Concept_conveyed_in_a_NewsML-G2_Concept_Item.xml",
            Some(Newsml),
            0,
            1,
            0,
        ),
        (
            "LISTING_12_Knowledge_Item_for_Access_Codes.xml",
            Some(Newsml),
            0,
            1,
            0,
        ),
        (
            "LISTING_13_Complete_Catalog_Item.xml",
            Some(Newsml),
            0,
            1,
            0,
        ),
        (
            "LISTING_14_Event_sent_as_a_Concept_Item.xml",
            Some(Newsml),
            0,
            1,
            0,
        ),
        (
            "LISTING_15_Two_Related_Events_in_a_Knowledge_Item.xml",
            Some(Newsml),
            0,
            1,
            0,
        ),
        // ninat:composite, events in its inlineXML.
        (
            "LISTING_16_A_Set_of_Events_carried_in_a_News_Item.xml",
            Some(Newsml),
            0,
            1,
            0,
        ),
        ("LISTING_17_Planning_Item_a_CCL.xml", Some(Newsml), 0, 1, 0),
        ("LISTING_18_Planning_Item_at_PCL.xml", Some(Newsml), 0, 1, 0),
        (
            "LISTING_19_Planning_Item_with_delivery_at_CCL.xml",
            Some(Newsml),
            0,
            1,
            0,
        ),
        (
            "LISTING_20_Planning_Item_with_delivery_at_PCL.xml",
            Some(Newsml),
            0,
            1,
            0,
        ),
        // A text item whose content is SportsML: its headline, no body.
        (
            "LISTING_21_A_complete_sample_SportsML-G2_document.xml",
            Some(Newsml),
            1,
            0,
            0,
        ),
        (
            "LISTING_22_Sports_story_in_NewsML-G2NITF.xml",
            Some(Newsml),
            1,
            0,
            0,
        ),
        ("LISTING_23_SportsML-G2_Package.xml", Some(Newsml), 0, 1, 0),
        // Four placeholder items ("....."): no headline, no content.
        (
            "LISTING_24_News_Message_conveying_a_complete_News_Package.xml",
            Some(Newsml),
            0,
            0,
            4,
        ),
        // A bare contentSet fragment carrying an NITF article.
        (
            "LISTING_25_An_NITF_marked-up_article_conveyed_in_inlineXML.xml",
            Some(Nitf),
            1,
            0,
            0,
        ),
        (
            "LISTING_26_Embedded_photo_metadata_fields_mapped_to_NewsML-G2.xml",
            Some(Newsml),
            0,
            1,
            0,
        ),
        (
            "LISTING_27_Company_Financial_Information.xml",
            Some(Newsml),
            1,
            0,
            0,
        ),
        (
            "LISTING_28_Illustrating_Located_Subject_and_Dateline.xml",
            None,
            0,
            0,
            0,
        ),
        // Metadata and hop history only.
        ("LISTING_29_Hop_History.xml", Some(Newsml), 0, 0, 1),
        ("Receiver View.xml", Some(Newsml), 1, 0, 0),
        ("ap_metadata_example.xml", Some(Newsml), 0, 1, 0),
        // Subjects only.
        ("facet-example.xml", Some(Newsml), 0, 0, 1),
        ("facet-example-2.xml", Some(Newsml), 0, 0, 1),
        // An untyped inlineXML paragraph, no headline.
        ("facet-example-3.xml", Some(Newsml), 1, 0, 0),
    ];
    let mut listed: Vec<&str> = want.iter().map(|w| w.0).collect();
    listed.sort();
    let mut present: Vec<String> = std::fs::read_dir(repo("tests/fixtures/newsml"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".xml"))
        .collect();
    present.sort();
    assert_eq!(listed, present, "every example is listed once");
    for &(file, format, articles, notes, warnings) in want {
        let rel = format!("tests/fixtures/newsml/{file}");
        assert_eq!(sniffed(&repo(&rel)), format, "{file}: sniffed");
        let Some(format) = format else {
            continue;
        };
        let got = read_as(&rel, format);
        assert_eq!(
            (got.articles.len(), got.notes.len(), got.warnings.len()),
            (articles, notes, warnings),
            "{file}: {:?} {:?}",
            got.notes,
            got.warnings
        );
    }
}

#[test]
fn newsml_news_item_fields() {
    // LISTING_1: full metadata, no body (its inlineXML holds comments).
    let got = read_as(
        "tests/fixtures/newsml/LISTING_1_A_NewsML-G2_News_Item.xml",
        Format::Newsml,
    );
    let a = &got.articles[0];
    assert_eq!(a.id, "urn:newsml:acmenews.com:20161018:US-FINANCE-FED");
    assert_eq!(a.headline, "Fed to halt QE to avert \"bubble\"");
    // firstCreated 2016-10-18T13:12:21-05:00.
    assert_eq!(day(a).as_deref(), Some("2016-10-18"));
    // located Berlin (broader: Germany).
    assert_eq!(a.location.as_deref(), Some("Berlin"));
    assert_eq!(a.country.as_deref(), Some("Germany"));
    assert_eq!(a.author.as_deref(), Some("Meredith Jameson"));
    assert_eq!(a.language.as_deref(), Some("en-GB"));
    assert_eq!(a.body, "");
    assert_eq!(a.format, "newsml");

    // LISTING_2 and Receiver View: the NITF body.
    for (file, id, opening) in [
        (
            "LISTING_2_NewsML-G2_Text_Document.xml",
            "urn:newsml:acmenews.com:20161121:US-FINANCE-FED",
            "(New York, NY - October 21) Et, sent luptat luptat, commy Nim zzriureet",
        ),
        (
            "Receiver View.xml",
            "urn:newsml:NAG.com:20161121:US-FINANCE-FED",
            "(New York, NY - November 21) Et, sent luptat luptat, commy Nim zzriureet",
        ),
    ] {
        let got = read_as(&format!("tests/fixtures/newsml/{file}"), Format::Newsml);
        let a = &got.articles[0];
        assert_eq!(a.id, id, "{file}");
        // The contentMeta headline, its leading space dropped.
        assert_eq!(a.headline, "Fed to halt QE to avert \"bubble\"", "{file}");
        // contentCreated 2016-11-21T15:21:06-05:00 (versionCreated is 2018).
        assert_eq!(day(a).as_deref(), Some("2016-11-21"), "{file}");
        assert_eq!(a.language.as_deref(), Some("en-US"), "{file}");
        // The NITF byline "By Meredith Jameson, <byttl>Staff Reporter</byttl>".
        assert_eq!(a.author.as_deref(), Some("Meredith Jameson"), "{file}");
        // located "New York, NY".
        assert!(
            a.location
                .as_deref()
                .is_some_and(|l| l.starts_with("New York")),
            "{file}: {:?}",
            a.location
        );
        assert!(a.body.starts_with(opening), "{file}: {}", a.body);
        assert_eq!(a.body.split("\n\n").count(), 2, "{file}");
    }

    // LISTING_22: the baseball preview.
    let got = read_as(
        "tests/fixtures/newsml/LISTING_22_Sports_story_in_NewsML-G2NITF.xml",
        Format::Newsml,
    );
    let a = &got.articles[0];
    assert_eq!(a.id, "tag:xmlteam.com,2016:xt.5932656-preview");
    assert_eq!(
        a.headline,
        "Preview: Arizona Diamondbacks (29-23) at Philadelphia Phillies (26-24), 7:05 p.m."
    );
    assert_eq!(day(a).as_deref(), Some("2016-10-19"));
    // located qcode city:Philadelphia, no name.
    assert_eq!(a.location.as_deref(), Some("Philadelphia"));
    // The NITF byline holds only its title.
    assert_eq!(a.author.as_deref(), Some("Sports Network"));
    assert_eq!(a.body.split("\n\n").count(), 6);
    assert!(a
        .body
        .starts_with("(Sports Network) - A pair of teams coming off big weekend"));
    assert!(a.body.ends_with("over his last six starts."), "{}", a.body);

    // LISTING_21 and 27: a headline, no story text.
    let got = read_as(
        "tests/fixtures/newsml/LISTING_21_A_complete_sample_SportsML-G2_document.xml",
        Format::Newsml,
    );
    assert!(got.articles[0]
        .headline
        .starts_with("Troy Tulowitzki singled to third and advanced to second on Martin Prad"));
    assert_eq!(got.articles[0].body, "");
    let got = read_as(
        "tests/fixtures/newsml/LISTING_27_Company_Financial_Information.xml",
        Format::Newsml,
    );
    assert_eq!(
        got.articles[0].headline,
        "Acme Widgets announces annual results"
    );
    assert_eq!(day(&got.articles[0]).as_deref(), Some("2016-10-19"));

    // facet-example-3: an untyped inlineXML paragraph.
    let got = read_as("tests/fixtures/newsml/facet-example-3.xml", Format::Newsml);
    assert_eq!(got.articles[0].body, "Content goes here...");
    assert_eq!(got.articles[0].headline, "");
    assert_eq!(got.articles[0].language.as_deref(), Some("en"));

    // LISTING_25: the NITF article of a bare contentSet, read as NITF.
    let got = read_as(
        "tests/fixtures/newsml/LISTING_25_An_NITF_marked-up_article_conveyed_in_inlineXML.xml",
        Format::Nitf,
    );
    assert_eq!(
        got.articles[0].headline,
        "Arizona Diamondbacks (29-23) at Philadelphia Phillies (26-24), 7:05p.m."
    );
}

#[test]
fn newsml_items_of_no_story_are_said_of_by_kind() {
    let got = read_as(
        "tests/fixtures/newsml/LISTING_3_Photo_in_NewsML-G2.xml",
        Format::Newsml,
    );
    assert_eq!(got.notes.len(), 1);
    assert!(
        got.notes[0].contains("picture item tag:gettyimages.com,2010:GYI0062134533"),
        "{:?}",
        got.notes
    );
    let got = read_as(
        "tests/fixtures/newsml/LISTING_6_Simple_NewsML-G2_Package.xml",
        Format::Newsml,
    );
    assert!(
        got.notes[0].contains("a NewsML-G2 packageItem without a news item"),
        "{:?}",
        got.notes
    );
}

// ---------------------------------------------------------------------------
// RCV1

#[test]
fn rcv1_a_full_item_in_latin_1() {
    let got = read_as(
        "tests/fixtures/rcv1/19960820/900001newsML.xml",
        Format::Rcv1,
    );
    // ISO-8859-1 as declared: no warning for its 0xFC bytes.
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
    assert_eq!(got.articles.len(), 1);
    let a = &got.articles[0];
    assert_eq!(a.id, "900001");
    assert_eq!(
        a.headline,
        "Invented lender posts higher first-half profit."
    );
    assert_eq!(day(a).as_deref(), Some("1996-08-20"));
    assert_eq!(a.author.as_deref(), Some("Anna Beispiel"));
    assert_eq!(a.dateline.as_deref(), Some("ZURICH"));
    assert_eq!(a.location.as_deref(), Some("Zurich"));
    assert_eq!(a.country.as_deref(), Some("Switzerland"));
    assert_eq!(a.places, ["SWITZ"]);
    assert_eq!(a.language.as_deref(), Some("en"));
    assert_eq!(a.body.split("\n\n").count(), 3);
    assert!(a.body.contains(
        "\"The results are in line with our plans,\" chief executive Jürg Müller told \
         a news conference in Zürich."
    ));
    // The XML declaration is 44 bytes and a LF.
    assert_eq!((a.line, a.offset), (2, 45));
}

#[test]
fn rcv1_without_a_dateline_the_creator_location() {
    let got = read_as(
        "tests/fixtures/rcv1/19960821/900002newsML.xml",
        Format::Rcv1,
    );
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
    let a = &got.articles[0];
    assert_eq!(a.id, "900002");
    assert_eq!(a.author, None);
    assert_eq!(a.dateline, None);
    assert_eq!(a.location.as_deref(), Some("Chicago"));
    assert_eq!(a.places, ["USA", "JAP", "SKOREA"]);
    assert_eq!(
        a.body,
        "Grain exports through two ports invented for this test reached a record in \
         July, port officials said on Wednesday.\n\nMost of the grain went to Japan and \
         South Korea."
    );
}

#[test]
fn rcv1_several_items_a_broken_one_and_a_cut_one() {
    let got = read_as(
        "tests/fixtures/rcv1/19960821/several_items.xml",
        Format::Rcv1,
    );
    let ids: Vec<&str> = got.articles.iter().map(|a| a.id.as_str()).collect();
    // 900004 has an XML error; 900006 is cut short by the end of the file,
    // and kept as far as it goes.
    assert_eq!(ids, ["900003", "900005", "900006"]);
    assert_eq!(got.warnings.len(), 2, "{:?}", got.warnings);
    assert!(got.warnings[0].contains("several_items.xml:16: RCV1 newsitem: XML error"));
    assert!(got.warnings[1].contains("several_items.xml:31: <newsitem> not closed"));
    assert_eq!(got.articles[0].location.as_deref(), Some("London"));
    assert_eq!(got.articles[1].location.as_deref(), Some("Paris"));
    assert_eq!(got.articles[2].body, "The file ends before this item does.");
    let lines: Vec<u64> = got.articles.iter().map(|a| a.line).collect();
    assert_eq!(lines, [2, 23, 31]);
}

#[test]
fn rcv1_parse_command_reads_a_day_folder() {
    let env = TestEnv::new();
    env.copy_dir(&repo("tests/fixtures/rcv1"), "rcv1");
    let run = env.run_ok(&["parse", "rcv1"]);
    let ids: Vec<String> = run
        .json()
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["900001", "900002", "900003", "900005", "900006"]);
    assert!(run.json().iter().all(|v| v["format"] == "rcv1"));
}

// ---------------------------------------------------------------------------
// Sniffing

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_none_or(|e| e != "md") {
            out.push(path);
        }
    }
}

/// The XML formats claim their samples, and only them: no other sample of
/// the repository (the corpus and the test fixtures) is taken for one, and
/// (with `newsml_every_iptc_example` for the fragments) no other format
/// takes one of theirs.
#[test]
fn the_sniffer_tells_the_xml_formats_from_every_other_sample() {
    let mut all = Vec::new();
    files(&repo("corpus"), &mut all);
    files(&repo("tests/fixtures"), &mut all);
    all.sort();
    let fragments = [
        "LISTING_7_",
        "LISTING_8_",
        "LISTING_9_",
        "LISTING_28_",
        "LISTING_25_",
    ];
    let mut claimed = 0;
    for path in &all {
        let rel = path.strip_prefix(repo("")).unwrap().display().to_string();
        let name = path.file_name().unwrap().to_string_lossy();
        let want = if rel.starts_with("tests/fixtures/nitf/") {
            Some(Format::Nitf)
        } else if rel.starts_with("tests/fixtures/rcv1/") {
            Some(Format::Rcv1)
        } else if rel.starts_with("tests/fixtures/newsml/")
            && !fragments.iter().any(|f| name.starts_with(f))
        {
            Some(Format::Newsml)
        } else {
            None
        };
        let got = sniffed(path);
        match want {
            Some(format) => {
                assert_eq!(got, Some(format), "{rel}");
                claimed += 1;
            }
            None if rel.starts_with("tests/fixtures/newsml/") => {}
            None => assert!(
                !matches!(got, Some(Format::Nitf | Format::Newsml | Format::Rcv1)),
                "{rel}: taken for {got:?}"
            ),
        }
    }
    // 3 NITF, 30 NewsML-G2 documents, 3 RCV1 files.
    assert_eq!(claimed, 36);
}

/// The fixtures copied from ../shared/samples are those samples, byte for
/// byte, as their SOURCE.md files say.
#[test]
#[ignore = "needs ../shared/samples"]
fn the_copied_fixtures_are_the_shared_samples() {
    use crate::util::shared;
    let nyt = "samples/anserini/src/test/resources/sample_docs/nyt/collection1/segment1.xml";
    let mut pairs = vec![(
        repo("tests/fixtures/nitf/anserini_segment1.xml"),
        shared(nyt),
    )];
    let examples = shared("samples/newsml-g2/examples");
    for entry in std::fs::read_dir(&examples).unwrap() {
        let name = entry.unwrap().file_name();
        if name.to_string_lossy().ends_with(".xml") {
            pairs.push((
                repo("tests/fixtures/newsml").join(&name),
                examples.join(&name),
            ));
        }
    }
    assert_eq!(pairs.len(), 36);
    for (copy, original) in pairs {
        assert_eq!(
            std::fs::read(&copy).unwrap(),
            std::fs::read(&original).unwrap(),
            "{}",
            copy.display()
        );
    }
}
