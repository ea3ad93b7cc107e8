//! Typed `contents` blocks, as the TREC Washington Post collection writes
//! an article: a list of objects, each with a `type` (`kicker`, `title`,
//! `byline`, `date`, `sanitized_html`, `tweet`, `image`, `author_info`,
//! ...) and its `content`.
//!
//! What each block gives (Anserini's `WashingtonPostCollection` reads the
//! same blocks for its "contents"):
//!
//! - `sanitized_html` (paragraphs, subheads, trailers) and `tweet`: body
//!   paragraphs, read as HTML when the block's `mime` is `text/html` or
//!   its text is marked up;
//! - `kicker`: the section ("National", "Politics");
//! - `byline`: the byline ("By Katherine Shaver");
//! - `date`: the date, Unix milliseconds (a number or a string);
//! - `image`: a caption, its `fullcaption` (else its `blurb`).
//!
//! `title` repeats the article's title and `author_info` is an author's
//! biography: neither is read, nor is any other type.

use serde_json::{Map, Value};

use super::super::html::fragment::{self, Fragment};
use super::{body_text, date_text, one_line, text};

/// What an article's blocks hold.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Blocks {
    pub body: Fragment,
    pub section: Option<String>,
    pub byline: Option<String>,
    pub date: Option<String>,
}

/// The blocks of `value`, when it is a list holding at least one object
/// with a `type`; `None` otherwise (a `contents` key of another shape is
/// not this layout).
pub(super) fn read(value: &Value) -> Option<Blocks> {
    let items = value.as_array()?;
    let typed = |item: &Value| item.get("type").and_then(Value::as_str).is_some();
    if !items.iter().any(typed) {
        return None;
    }
    let mut blocks = Blocks::default();
    for block in items.iter().filter_map(Value::as_object) {
        read_block(block, &mut blocks);
    }
    Some(blocks)
}

/// Adds what one block gives to `blocks` (the first of each single field
/// wins).
fn read_block(block: &Map<String, Value>, blocks: &mut Blocks) {
    let content = block.get("content").and_then(text);
    match block.get("type").and_then(Value::as_str) {
        Some("sanitized_html" | "tweet") => {
            let Some(content) = content else { return };
            let html = block.get("mime").and_then(Value::as_str) == Some("text/html");
            let mut part = if html {
                fragment::read(content)
            } else {
                body_text(content)
            };
            blocks.body.paragraphs.append(&mut part.paragraphs);
            blocks.body.captions.append(&mut part.captions);
        }
        Some("kicker") => set(&mut blocks.section, content.map(one_line)),
        Some("byline") => set(&mut blocks.byline, content.map(one_line)),
        Some("date") => set(&mut blocks.date, block.get("content").and_then(date_text)),
        Some("image") => {
            let caption = ["fullcaption", "blurb"]
                .iter()
                .find_map(|key| block.get(*key).and_then(text))
                .map(one_line);
            if let Some(caption) = caption {
                if !blocks.body.captions.contains(&caption) {
                    blocks.body.captions.push(caption);
                }
            }
        }
        _ => {}
    }
}

/// Sets `slot` to `value` unless it already holds one.
fn set(slot: &mut Option<String>, value: Option<String>) {
    if slot.is_none() {
        *slot = value;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_block_type_gives_its_part() {
        let value = json!([
            {"type": "kicker", "content": "National", "mime": "text/plain"},
            {"type": "title", "content": "The title again"},
            {"type": "byline", "content": "By Jo Smith"},
            {"type": "date", "content": 1514865008000_u64},
            {"type": "image", "fullcaption": "", "blurb": "A photo."},
            {"type": "sanitized_html", "subtype": "subhead", "content": "A subhead", "mime": "text/plain"},
            {"type": "sanitized_html", "subtype": "paragraph", "content": "<b></b>Bold <a href=\"x\">link</a> text.", "mime": "text/html"},
            {"type": "sanitized_html", "subtype": "paragraph", "content": "\u{a0}", "mime": "text/plain"},
            {"type": "tweet", "content": "A tweet."},
            {"type": "author_info", "name": "Jo Smith", "bio": "Jo writes."},
            null,
            "stray"
        ]);
        let blocks = read(&value).expect("typed blocks");
        assert_eq!(blocks.section.as_deref(), Some("National"));
        assert_eq!(blocks.byline.as_deref(), Some("By Jo Smith"));
        assert_eq!(blocks.date.as_deref(), Some("1514865008000"));
        assert_eq!(
            blocks.body.paragraphs,
            ["A subhead", "Bold link text.", "A tweet."]
        );
        assert_eq!(blocks.body.captions, ["A photo."]);
    }

    #[test]
    fn a_list_without_typed_objects_is_not_blocks() {
        assert_eq!(read(&json!(["a", "b"])), None);
        assert_eq!(read(&json!([{"text": "a"}])), None);
        assert_eq!(read(&json!("a string")), None);
    }
}
