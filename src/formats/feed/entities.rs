//! The character references of feeds: XML's five, HTML's named entities
//! that feeds use without declaring them (`&nbsp;`, an RSS 0.91 DTD's
//! `&eacute;`), and numeric references, for the XML reader's text and
//! attribute values.
//!
//! HTML inside a feed's fields (`content:encoded`, `description`) is not
//! read here: it goes through the HTML fragment reader
//! (`formats::html::fragment`), as HTML inside every other format does.

/// Decodes character references: named (`&amp;`, `&eacute;`, `&nbsp;`:
/// XML's five, Latin-1's and the common typographic ones), decimal and
/// hexadecimal (`&#8217;`, `&#x2019;`; 128 to 159 read as Windows-1252, as
/// browsers do). An unknown or unterminated reference stays as written.
pub fn decode(text: &str) -> String {
    crate::formats::decode_references(text, 31, |name, out| {
        reference(name).map(|c| out.push(c)).is_some()
    })
}

/// The character a reference (the text between `&` and `;`) stands for.
pub fn reference(name: &str) -> Option<char> {
    let code = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
        u32::from_str_radix(hex, 16).ok()?
    } else if let Some(dec) = name.strip_prefix('#') {
        dec.parse().ok()?
    } else {
        return entity(name);
    };
    Some(match code {
        0x80..=0x9F => {
            let byte = [code as u8];
            let (decoded, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
            decoded.chars().next().unwrap_or('\u{fffd}')
        }
        0 => '\u{fffd}',
        _ => char::from_u32(code).unwrap_or('\u{fffd}'),
    })
}

/// Latin-1's named entities, U+00A0 to U+00FF in order.
#[rustfmt::skip]
const LATIN1: [&str; 96] = [
    "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf",
    "laquo", "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro",
    "para", "middot", "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
    "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave",
    "Eacute", "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve",
    "Oacute", "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml",
    "Yacute", "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig",
    "ccedil", "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth",
    "ntilde", "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave",
    "uacute", "ucirc", "uuml", "yacute", "thorn", "yuml",
];

/// Other named entities met in feeds: XML's own, typography, a few signs.
#[rustfmt::skip]
const OTHERS: &[(&str, char)] = &[
    ("amp", '&'), ("lt", '<'), ("gt", '>'), ("quot", '"'), ("apos", '\''),
    ("OElig", '\u{152}'), ("oelig", '\u{153}'), ("Scaron", '\u{160}'), ("scaron", '\u{161}'),
    ("Yuml", '\u{178}'), ("fnof", '\u{192}'), ("circ", '\u{2c6}'), ("tilde", '\u{2dc}'),
    ("ensp", '\u{2002}'), ("emsp", '\u{2003}'), ("thinsp", '\u{2009}'), ("zwnj", '\u{200c}'),
    ("zwj", '\u{200d}'), ("lrm", '\u{200e}'), ("rlm", '\u{200f}'), ("ndash", '\u{2013}'),
    ("mdash", '\u{2014}'), ("lsquo", '\u{2018}'), ("rsquo", '\u{2019}'), ("sbquo", '\u{201a}'),
    ("ldquo", '\u{201c}'), ("rdquo", '\u{201d}'), ("bdquo", '\u{201e}'), ("dagger", '\u{2020}'),
    ("Dagger", '\u{2021}'), ("bull", '\u{2022}'), ("hellip", '\u{2026}'), ("permil", '\u{2030}'),
    ("prime", '\u{2032}'), ("Prime", '\u{2033}'), ("lsaquo", '\u{2039}'), ("rsaquo", '\u{203a}'),
    ("oline", '\u{203e}'), ("euro", '\u{20ac}'), ("trade", '\u{2122}'), ("larr", '\u{2190}'),
    ("uarr", '\u{2191}'), ("rarr", '\u{2192}'), ("darr", '\u{2193}'), ("harr", '\u{2194}'),
    ("minus", '\u{2212}'), ("le", '\u{2264}'), ("ge", '\u{2265}'), ("ne", '\u{2260}'),
    ("infin", '\u{221e}'), ("asymp", '\u{2248}'), ("nbhy", '\u{2011}'),
];

/// The character a named entity stands for.
pub fn entity(name: &str) -> Option<char> {
    if let Some(i) = LATIN1.iter().position(|&n| n == name) {
        return char::from_u32(0xA0 + i as u32);
    }
    OTHERS.iter().find(|(n, _)| *n == name).map(|&(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        let cases = [
            ("erg&auml;nzt &ndash; zur&uuml;ck", "erg\u{e4}nzt \u{2013} zur\u{fc}ck"),
            ("What&#39;s &#x2019; &#8217;", "What's \u{2019} \u{2019}"),
            ("&#146;s", "\u{2019}s"),
            ("AT&T &unknown; & &; &amp", "AT&T &unknown; & &; &amp"),
            ("&#0; &#xD800; &#99999999;", "\u{fffd} \u{fffd} \u{fffd}"),
            ("&#99999999999;", "&#99999999999;"),
            ("&lt;p&gt; &quot;q&quot; &apos;", "<p> \"q\" '"),
            ("&nbsp;&yuml;&Agrave;&euro;", "\u{a0}\u{ff}\u{c0}\u{20ac}"),
            ("&amp;\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}", "&\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}"),
        ];
        for (text, want) in cases {
            assert_eq!(decode(text), want, "{text}");
        }
    }
}
