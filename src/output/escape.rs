//! Names as text for people: control characters escaped, as ripgrep
//! escapes what it shows (`grep_cli::escape`): a newline is `\n`, a
//! carriage return `\r`, a tab `\t`, NUL `\0`, any other control character
//! `\xNN` (or `\u{NN}` past ASCII), so a file name can never split the
//! `path:line` row or a message on stderr. A name's bytes that are not
//! UTF-8 are already `\xNN` in its key (`paths::key`). JSON needs none of
//! this: it escapes control characters itself, and keeps the name exact.

use std::borrow::Cow;
use std::fmt::Write;
use std::path::Path;

/// `text` with its control characters escaped; borrowed when it has none.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if c.is_ascii_control() => {
                let _ = write!(out, "\\x{:02X}", c as u32);
            }
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:X}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `path` as the messages on stderr show it: as typed, or relative to
/// nothing (`paths::shown`), escaped.
pub fn shown(path: &Path) -> String {
    escape(&crate::paths::shown(path, None)).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_control_characters_only() {
        let cases = [
            ("corpus/a.txt", "corpus/a.txt"),
            ("line\nbreak", "line\\nbreak"),
            ("cr\r\ttab", "cr\\r\\ttab"),
            ("nul\0", "nul\\0"),
            ("bell\x07 esc\x1b del\x7f", "bell\\x07 esc\\x1B del\\x7F"),
            ("next line \u{85}", "next line \\u{85}"),
            ("Zürich café 東京", "Zürich café 東京"),
            // Already escaped stray bytes, and backslashes, stay as they are.
            ("caf\\xE9.txt", "caf\\xE9.txt"),
        ];
        for (text, want) in cases {
            assert_eq!(escape(text), want, "{text:?}");
        }
        assert!(matches!(escape("plain"), Cow::Borrowed(_)));
    }
}
