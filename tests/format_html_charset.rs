//! Saved web pages in encodings other than UTF-8 (`formats::html`, through
//! `read::charset`): the encoding a BOM, a `<meta charset>` or a
//! `<meta http-equiv="Content-Type">` tells, else the one the bytes show
//! (chardetng), decoded by encoding_rs.
//!
//! Every page is made here, at test time, by encoding text written in this
//! file (or the Japanese page of `corpus/html/`, whose text SOURCE.md and
//! `format_html.rs` read by hand) with encoding_rs: Shift_JIS, ISO-8859-1,
//! KOI8-R, Windows-1251, GBK and EUC-KR, with the charset stated and
//! without. Each must give its headline and paragraphs exactly, and no
//! warning of bytes read as Windows-1252. UTF-8 pages read as they did
//! when the page's lines were decoded one by one: a stray byte is read as
//! Windows-1252 and warned of, and a stale `<meta>` naming a legacy
//! charset does not garble valid UTF-8.

use encoding_rs::Encoding;
use newsdex::article::Article;
use newsdex::formats::Format;
use newsdex::walk::walk;

use crate::util::{parse_dump, repo, TestEnv};

/// The articles and warnings of a page whose bytes are `bytes`.
fn read_bytes(bytes: &[u8]) -> (Vec<Article>, Vec<String>) {
    let env = TestEnv::new();
    let path = env.write("page.html", bytes);
    let (found, _) = walk(&[path], &[]);
    assert_eq!(found.len(), 1);
    let (format, articles, warnings) = parse_dump(&found[0]);
    assert_eq!(format, Format::Html, "sniffed format");
    (articles, warnings)
}

/// The one article of a page, which must give no warning.
fn article(bytes: &[u8]) -> Article {
    let (mut articles, warnings) = read_bytes(bytes);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(articles.len(), 1);
    articles.remove(0)
}

/// `text` in `encoding`, every character of it encodable there.
fn encode(text: &str, encoding: &'static Encoding) -> Vec<u8> {
    let (bytes, used, unmappable) = encoding.encode(text);
    assert_eq!(used, encoding, "encoder used");
    assert!(
        !unmappable,
        "{} cannot encode all of the text",
        encoding.name()
    );
    bytes.into_owned()
}

/// A news page: `charset` (a `<meta>`, or nothing) opening its head, the
/// headline as its `og:title` and `<h1>`, the paragraphs as its article.
fn page(charset: &str, headline: &str, paragraphs: &[&str]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<!DOCTYPE html>\n<html><head>{charset}\n<title>{headline}</title>\n\
         <meta property=\"og:type\" content=\"article\">\n\
         <meta property=\"og:title\" content=\"{headline}\">\n</head>\n\
         <body>\n<article><h1>{headline}</h1>\n{body}</article>\n\
         </body></html>\n"
    )
}

const FRENCH_HEADLINE: &str =
    "Le conseil municipal ferme le vieux pont après la découverte de fissures";
const FRENCH: &[&str] = &[
    "Le conseil municipal a voté mardi la fermeture du vieux pont sur la rivière, après que des \
     ingénieurs ont découvert de profondes fissures dans deux de ses piles.",
    "La circulation sera déviée par le tunnel de l'est pendant les travaux, qui devraient durer \
     au moins dix-huit mois et coûter plus de quarante millions d'euros.",
    "Les habitants qui traversent le pont chaque jour ont déclaré qu'ils craignaient depuis des \
     années qu'il ne soit plus sûr, et ont salué la décision à l'unanimité.",
];

const GERMAN_HEADLINE: &str = "Stadtrat schließt die alte Brücke über den Fluss";
const GERMAN: &[&str] = &[
    "Der Stadtrat hat am Dienstag beschlossen, die alte Brücke über den Fluss zu schließen, \
     nachdem Ingenieure tiefe Risse in zwei ihrer Pfeiler gefunden hatten.",
    "Der Verkehr wird während der Reparaturen durch den östlichen Tunnel geleitet; die Arbeiten \
     sollen mindestens achtzehn Monate dauern und mehr als vierzig Millionen Euro kosten.",
    "Anwohner, die die Brücke täglich überqueren, sagten, sie hätten seit Jahren befürchtet, dass \
     sie nicht mehr sicher sei, und begrüßten die Entscheidung des Rates.",
];

const RUSSIAN_HEADLINE: &str = "Городской совет закрыл старый мост через реку";
const RUSSIAN: &[&str] = &[
    "Городской совет во вторник проголосовал за закрытие старого моста через реку после того, \
     как инженеры обнаружили глубокие трещины в двух его опорах.",
    "Движение на время ремонта пустят через восточный тоннель; работы, по оценке совета, займут \
     не меньше восемнадцати месяцев и обойдутся более чем в сорок миллионов рублей.",
    "Жители, которые каждый день ходят по мосту, сказали, что уже много лет опасались за его \
     состояние, и одобрили решение совета.",
];

const CHINESE_HEADLINE: &str = "市议会决定关闭河上的旧桥";
const CHINESE: &[&str] = &[
    "市议会周二投票决定关闭河上的旧桥，因为工程师在两座桥墩中发现了很深的裂缝。",
    "维修期间，交通将改经东边的隧道。议会预计工程至少需要十八个月，费用超过四千万元。",
    "每天过桥的居民说，他们多年来一直担心这座桥已经不再安全，并对这一决定表示欢迎。",
];

const KOREAN_HEADLINE: &str = "시의회, 강 위의 낡은 다리 폐쇄 결정";
const KOREAN: &[&str] = &[
    "시의회는 화요일 기술자들이 교각 두 곳에서 깊은 균열을 발견한 뒤 강 위의 낡은 다리를 \
     폐쇄하기로 의결했다.",
    "보수 공사 기간 동안 차량은 동쪽 터널로 우회하며, 공사는 적어도 십팔 개월이 걸리고 사백억 \
     원 이상이 들 것으로 예상된다.",
    "매일 다리를 건너는 주민들은 여러 해 동안 다리가 안전하지 않다고 걱정해 왔다며 이번 결정을 \
     반겼다.",
];

/// Pages in a legacy encoding, stated in a `<meta>` or not stated at all,
/// give their headline and paragraphs as written, and no warning.
#[test]
fn pages_read_in_the_encoding_they_state_or_show() {
    let http_equiv = |label: &str| {
        format!("<meta http-equiv=\"Content-Type\" content=\"text/html; charset={label}\">")
    };
    let cases: Vec<(&str, String, &'static Encoding, &str, &[&str])> = vec![
        (
            "ISO-8859-1 stated by http-equiv",
            http_equiv("iso-8859-1"),
            encoding_rs::WINDOWS_1252,
            FRENCH_HEADLINE,
            FRENCH,
        ),
        (
            "ISO-8859-1 not stated",
            String::new(),
            encoding_rs::WINDOWS_1252,
            GERMAN_HEADLINE,
            GERMAN,
        ),
        (
            "KOI8-R stated by meta charset",
            "<meta charset=\"koi8-r\">".into(),
            encoding_rs::KOI8_R,
            RUSSIAN_HEADLINE,
            RUSSIAN,
        ),
        (
            "Windows-1251 not stated",
            String::new(),
            encoding_rs::WINDOWS_1251,
            RUSSIAN_HEADLINE,
            RUSSIAN,
        ),
        (
            "gb2312 stated (GBK, read by the GB18030 decoder)",
            "<meta charset='gb2312'>".into(),
            encoding_rs::GBK,
            CHINESE_HEADLINE,
            CHINESE,
        ),
        (
            "GB18030 stated by http-equiv",
            http_equiv("GB18030"),
            encoding_rs::GB18030,
            CHINESE_HEADLINE,
            CHINESE,
        ),
        (
            "EUC-KR stated by meta charset",
            "<meta charset=\"euc-kr\">".into(),
            encoding_rs::EUC_KR,
            KOREAN_HEADLINE,
            KOREAN,
        ),
        (
            "EUC-KR not stated",
            String::new(),
            encoding_rs::EUC_KR,
            KOREAN_HEADLINE,
            KOREAN,
        ),
    ];
    for (what, charset, encoding, headline, paragraphs) in cases {
        let bytes = encode(&page(&charset, headline, paragraphs), encoding);
        assert!(std::str::from_utf8(&bytes).is_err(), "{what}: not UTF-8");
        if encoding == encoding_rs::WINDOWS_1252 {
            // Truly ISO-8859-1: nothing in Windows-1252's C1 range.
            assert!(!bytes.iter().any(|b| (0x80..0xA0).contains(b)), "{what}");
        }
        let a = article(&bytes);
        assert_eq!(a.headline, headline, "{what}");
        assert_eq!(a.body, paragraphs.join("\n\n"), "{what}");
        assert_eq!((a.line, a.offset), (1, 0), "{what}");
    }
}

/// The Japanese benchmark page of `corpus/html/`, re-encoded to Shift_JIS
/// with its `<meta charset="UTF-8">` changed to say so, or dropped so the
/// bytes alone must tell it, reads as the UTF-8 original does: the headline
/// and sentences read by hand from its markup (SOURCE.md), and the same
/// article throughout.
#[test]
fn a_shift_jis_page_reads_as_its_utf8_original() {
    let original = std::fs::read_to_string(repo("corpus/html/lhpat-tm-2726.html")).unwrap();
    let meta = "<meta charset=\"UTF-8\">";
    assert_eq!(original.matches(meta).count(), 1);
    let (utf8, warnings) = read_bytes(original.as_bytes());
    assert!(warnings.is_empty(), "{warnings:?}");
    let headline = "商品の改造が商標法違反に！？";
    let opening = "先日、不正に改造したiPhoneを販売したとして、商標法違反の疑いで20代の男性が\
                   逮捕されたというニュースを耳にしました。";
    let closing = "※「iPhone」は、Apple Inc.の商標です。";
    for (what, charset) in [
        ("Shift_JIS stated", "<meta charset=\"Shift_JIS\">"),
        ("x-sjis stated", "<meta charset=x-sjis>"),
        ("not stated", ""),
    ] {
        let text = original.replace(meta, charset);
        // The page's one character Shift_JIS lacks ("»", in a link's
        // title) is written as a character reference, as browsers save it.
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
        assert!(std::str::from_utf8(&bytes).is_err(), "{what}: not UTF-8");
        let a = article(&bytes);
        assert_eq!(a.headline, headline, "{what}");
        let paragraphs: Vec<&str> = a.body.split("\n\n").collect();
        assert_eq!(paragraphs.first(), Some(&opening), "{what}: {}", a.body);
        assert_eq!(paragraphs.last(), Some(&closing), "{what}: {}", a.body);
        assert_eq!(a.body, utf8[0].body, "{what}");
        assert_eq!(a.date, utf8[0].date, "{what}");
        assert_eq!(a.caption, utf8[0].caption, "{what}");
    }
}

/// A byte-order mark tells UTF-8 over a `<meta>` naming another charset,
/// and is no part of the text.
#[test]
fn a_utf8_bom_wins_and_is_dropped() {
    for charset in ["", "<meta charset=\"windows-1251\">"] {
        let html = format!("\u{feff}{}", page(charset, FRENCH_HEADLINE, FRENCH));
        let a = article(html.as_bytes());
        assert_eq!(a.headline, FRENCH_HEADLINE, "{charset:?}");
        assert_eq!(a.body, FRENCH.join("\n\n"), "{charset:?}");
        assert_eq!((a.line, a.offset), (1, 0));
    }
}

/// Valid UTF-8 is read as UTF-8 even under a stale `<meta>` naming a
/// legacy charset (a page converted and its meta left behind), as it was
/// before pages were decoded by their charset; a pure-ASCII page under
/// such a meta reads the same in either.
#[test]
fn valid_utf8_is_not_garbled_by_a_stale_meta() {
    let stale = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">";
    let a = article(page(stale, GERMAN_HEADLINE, GERMAN).as_bytes());
    assert_eq!(a.headline, GERMAN_HEADLINE);
    assert_eq!(a.body, GERMAN.join("\n\n"));

    let english = [
        "The city council voted on Tuesday to close the old bridge over the river after \
         engineers found deep cracks in two of its piers.",
        "Traffic will be sent through the eastern tunnel while repairs go on, which the council \
         expects to take at least eighteen months.",
    ];
    let a = article(page("<meta charset=\"koi8-r\">", "Bridge to close", &english).as_bytes());
    assert_eq!(a.headline, "Bridge to close");
    assert_eq!(a.body, english.join("\n\n"));
}

/// A UTF-8 page with stray Windows-1252 bytes (pasted quotes), stated
/// UTF-8 or not stated at all, keeps its UTF-8 and reads the stray bytes as
/// Windows-1252, with the warning every dump gives for them: the line
/// reader's behaviour, which pages had before they were read as bytes.
#[test]
fn stray_bytes_in_a_utf8_page_read_as_windows_1252_with_a_warning() {
    for charset in ["<meta charset=\"utf-8\">", ""] {
        let html = page(charset, GERMAN_HEADLINE, GERMAN)
            .replace("Entscheidung des Rates.", "Entscheidung des Rates. QUOTE")
            .replace(
                "</article>",
                "\n<p>Der Bürgermeister schwieg.</p></article>",
            );
        // The quotes as the single bytes 0x93 and 0x94, not UTF-8.
        let (before, after) = html.split_once("QUOTE").unwrap();
        let bytes = [before.as_bytes(), b"\x93Gut so\x94", after.as_bytes()].concat();
        assert!(std::str::from_utf8(&bytes).is_err());
        let (articles, warnings) = read_bytes(&bytes);
        assert_eq!(articles.len(), 1, "{charset:?}: {warnings:?}");
        let a = &articles[0];
        assert_eq!(a.headline, GERMAN_HEADLINE, "{charset:?}");
        let paragraphs: Vec<&str> = a.body.split("\n\n").collect();
        assert_eq!(paragraphs.len(), 4, "{charset:?}: {}", a.body);
        assert!(
            paragraphs[2].ends_with("Entscheidung des Rates. \u{201c}Gut so\u{201d}"),
            "{charset:?}: {}",
            a.body
        );
        assert_eq!(paragraphs[3], "Der Bürgermeister schwieg.", "{charset:?}");
        assert_eq!(warnings.len(), 1, "{charset:?}: {warnings:?}");
        assert!(
            warnings[0].ends_with(
                "page.html: 1 line(s) with bytes that are not UTF-8, read as Windows-1252"
            ),
            "{charset:?}: {warnings:?}"
        );
    }
}

/// A label encoding_rs does not know is as good as none: the bytes tell.
#[test]
fn an_unknown_label_falls_back_to_detection() {
    let html = page(
        "<meta charset=\"x-no-such-charset\">",
        RUSSIAN_HEADLINE,
        RUSSIAN,
    );
    let a = article(&encode(&html, encoding_rs::WINDOWS_1251));
    assert_eq!(a.headline, RUSSIAN_HEADLINE);
    assert_eq!(a.body, RUSSIAN.join("\n\n"));
}
