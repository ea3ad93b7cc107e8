//! `newsdex show`: one article in full. Text is a block of `name: value`
//! lines (`-` where the dump does not tell), a blank line, then the body;
//! JSON is the same flat object `newsdex parse` prints.

use std::io::{self, Write};

use super::Printer;
use crate::article::Article;

/// Width of the `name:` column of the header block.
const LABEL: usize = 10;

impl<W: Write> Printer<W> {
    /// Prints one article with every field, its body in full.
    pub fn show(&mut self, article: &Article) -> io::Result<()> {
        match self {
            Printer::Json { .. } => self.article(article)?,
            Printer::Text { out, paths, .. } => {
                let a = article;
                let or_dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
                let places = if a.places.is_empty() {
                    "-".to_string()
                } else {
                    a.places.join(", ")
                };
                let header = [
                    ("headline", a.headline.clone()),
                    ("id", a.id.clone()),
                    ("date", a.date.map_or_else(|| "-".into(), |d| d.to_string())),
                    ("location", or_dash(&a.location)),
                    ("country", or_dash(&a.country)),
                    ("dateline", or_dash(&a.dateline)),
                    ("places", places),
                    ("author", or_dash(&a.author)),
                    ("section", or_dash(&a.section)),
                    ("caption", or_dash(&a.caption)),
                    ("credit", or_dash(&a.credit)),
                    ("url", or_dash(&a.url)),
                    ("language", or_dash(&a.language)),
                    ("crawled", or_dash(&a.crawled)),
                    ("format", a.format.clone()),
                    (
                        "path",
                        super::escape::escape(&paths.show(&a.path)).into_owned(),
                    ),
                    ("line", a.line.to_string()),
                    ("offset", a.offset.to_string()),
                    ("ordinal", a.ordinal.to_string()),
                ];
                for (name, value) in header {
                    writeln!(out, "{}", field_line(name, &value))?;
                }
                writeln!(out)?;
                writeln!(out, "{}", a.body)?;
            }
        }
        self.flush()
    }
}

/// `name:` padded to the label column, then the value; a value's further
/// lines are indented under its first.
fn field_line(name: &str, value: &str) -> String {
    let label = format!("{name}:");
    let indent = format!("\n{:LABEL$}", "");
    let value = value.replace("\r\n", "\n").replace('\n', &indent);
    format!("{label:LABEL$}{value}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lines_line_up() {
        assert_eq!(field_line("id", "abc"), "id:       abc");
        assert_eq!(
            field_line("caption", "two\nlines"),
            "caption:  two\n          lines"
        );
    }
}
