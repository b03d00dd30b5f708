//! A spec's strings on their way into the outputs.
//!
//! A spec is untrusted input: a course runs its students' specs with the instructor's
//! rights. Every string a spec supplies is checked when the spec is checked ([`check_texts`])
//! and escaped for each place it lands:
//!
//! - **check**: no control characters anywhere (newline and tab only inside multi-line
//!   texts such as the description, prose and claims), no noncharacters; titles, labels,
//!   names, headings and keys are one line without bidirectional overrides, at most
//!   [`MAX_NAME`] characters ([`MAX_TITLE`] for a title);
//! - **HTML text and attributes**: tera's autoescape (`report.html`, `index.html`),
//!   Markdown through [`crate::markdown::to_html`] (raw HTML shown as text, unsafe links and
//!   remote images neutralized);
//! - **CSS strings**: [`css_string`] (the title in the print header), every character but
//!   letters, digits and spaces written as a hex escape, so nothing can end the string, the
//!   rule or the `<style>` element;
//! - **SVG/XML**: plotters escapes `<>&"'`; [`xml_chars`] drops what XML 1.0 does not allow;
//! - **CSV**: [`csv_cell`] puts a `'` before a text cell a spreadsheet would read as a
//!   formula (OWASP's CSV injection advice); numbers are left alone.

use crate::error::SpecError;
use crate::locate::Located;
use crate::parse::Node;
use std::borrow::Cow;
use std::fmt::Write;

/// The longest title, in characters.
pub const MAX_TITLE: usize = 300;
/// The longest label, name, heading or key, in characters.
pub const MAX_NAME: usize = 200;
/// At most this many text errors are reported for one spec.
const MAX_ERRORS: usize = 10;

/// Fields whose text is one line: they become headings, legend entries, table cells and CSV
/// cells.
const ONE_LINE: &[&str] = &["title", "label", "name", "heading", "method"];

/// Why a character may not stand in a spec's text, if it may not.
fn refused(c: char, one_line: bool) -> Option<&'static str> {
    if c.is_control() && !(!one_line && (c == '\n' || c == '\t')) {
        Some("a control character")
    } else if matches!(c, '\u{fdd0}'..='\u{fdef}') || ((c as u32) & 0xfffe) == 0xfffe {
        Some("a noncharacter")
    } else if one_line && matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') {
        Some("a bidirectional override")
    } else {
        None
    }
}

/// A character's code point, with its name where it is a common control.
fn describe(c: char) -> String {
    let name = match c {
        '\0' => " NUL",
        '\t' => " TAB",
        '\n' => " LINE FEED",
        '\r' => " CARRIAGE RETURN",
        '\u{1b}' => " ESCAPE",
        '\u{7f}' => " DELETE",
        _ => "",
    };
    format!("U+{:04X}{name}", c as u32)
}

/// Every string of the spec (values and keys) against the rules above: one located error
/// per offending string, naming the field, the character and where it is.
pub fn check_texts(doc: &Node, at: &Located) -> Vec<SpecError> {
    let mut errors = Vec::new();
    for t in doc.texts() {
        if errors.len() == MAX_ERRORS {
            break;
        }
        let one_line = t.key || ONE_LINE.contains(&t.field.as_str());
        let what = if t.key {
            "a field name".to_string()
        } else if t.field.is_empty() {
            "the value".to_string()
        } else {
            format!("`{}`", t.field)
        };
        let error = |message: String| {
            if t.key {
                at.at_key(&t.path, message)
            } else {
                at.at_value(&t.path, message)
            }
        };
        let bad = t
            .text
            .chars()
            .enumerate()
            .find_map(|(i, c)| refused(c, one_line).map(|why| (i, c, why)));
        if let Some((i, c, why)) = bad {
            let expected = if one_line {
                "one line of printable text (no control characters, newlines, tabs or \
                 bidirectional overrides)"
            } else {
                "printable text: newlines and tabs, but no other control characters"
            };
            errors.push(
                error(format!(
                    "{what} contains {why} ({}) at character {}",
                    describe(c),
                    i + 1
                ))
                .expected(expected),
            );
            continue;
        }
        let limit = if t.field == "title" && !t.key {
            MAX_TITLE
        } else {
            MAX_NAME
        };
        let len = t.text.chars().count();
        if one_line && len > limit {
            errors.push(
                error(format!("{what} is {len} characters long"))
                    .expected(format!("at most {limit} characters")),
            );
        }
    }
    errors
}

/// `s` as a quoted CSS string: letters, digits and spaces as they are, every other character
/// as a hex escape (`"` → `\22 `, newline → `\a `, `<` → `\3c `).
pub fn css_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || c == ' ' || (!c.is_ascii() && c.is_alphanumeric()) {
            out.push(c);
        } else {
            let _ = write!(out, "\\{:x} ", c as u32);
        }
    }
    out.push('"');
    out
}

/// Whether XML 1.0 allows the character.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
        || c > '\u{ffff}'
}

/// `s` without the characters XML 1.0 does not allow (NUL, ESC, the other C0 controls but
/// tab and line breaks, U+FFFE, U+FFFF).
pub fn xml_chars(s: String) -> String {
    if s.chars().all(xml_char) {
        s
    } else {
        s.chars().filter(|&c| xml_char(c)).collect()
    }
}

/// A text cell for CSV: with a `'` in front when a spreadsheet would read it as a formula
/// (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return and is not a number).
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    let formula = matches!(s.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r'));
    let number = s.parse::<f64>().is_ok() && s.bytes().any(|b| b.is_ascii_digit());
    if formula && !number {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// The frame as its CSV file shows it: every text cell through [`csv_cell`]; numeric
/// columns unchanged.
pub fn csv_frame(
    df: &polars::prelude::DataFrame,
) -> polars::prelude::PolarsResult<polars::prelude::DataFrame> {
    use polars::prelude::{Column, DataFrame, DataType};
    let mut columns: Vec<Column> = Vec::with_capacity(df.width());
    for c in df.columns() {
        if c.dtype() == &DataType::String {
            let ca = c.str()?;
            if ca
                .iter()
                .flatten()
                .any(|s| matches!(csv_cell(s), Cow::Owned(_)))
            {
                let cells: Vec<Option<String>> = ca
                    .iter()
                    .map(|s| s.map(|s| csv_cell(s).into_owned()))
                    .collect();
                columns.push(Column::new(c.name().clone(), cells));
                continue;
            }
        }
        columns.push(c.clone());
    }
    DataFrame::new(df.height(), columns)
}

/// Standard base64 (RFC 4648, with padding).
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Source;
    use crate::parse::parse_document;

    fn errors(text: &str) -> Vec<SpecError> {
        let src = Source::from_text("t.yaml", text);
        let at = Located::new("t.yaml", text);
        let doc = parse_document(&src, &at).unwrap();
        check_texts(&doc, &at)
    }

    #[test]
    fn control_characters_are_refused_where_they_stand() {
        let e = errors("title: \"a\\eb\"\nkind: optimize\n");
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!((e[0].line, e[0].col, e[0].path.as_str()), (1, 8, "title"));
        assert!(e[0].message.contains("U+001B ESCAPE"), "{}", e[0].message);
        assert!(e[0].message.contains("character 2"), "{}", e[0].message);
        // Newlines and tabs: in prose yes, in a label no.
        assert!(errors("description: \"a\\n\\tb\"\n").is_empty());
        let e = errors("params:\n  methods:\n    - label: \"a\\nb\"\n");
        assert_eq!(
            (e[0].line, e[0].path.as_str()),
            (3, "params.methods[0].label")
        );
        let e = errors("description: \"a\\0\"\n");
        assert!(e[0].message.contains("U+0000 NUL"), "{}", e[0].message);
        // In a language variant, a swept label, a case label and a key.
        let e = errors("title: {en: ok, id: \"x\\u202Ey\"}\n");
        assert_eq!(e[0].path, "title.id");
        assert!(e[0].message.contains("bidirectional"), "{}", e[0].message);
        let e = errors("sweep:\n  params.methods[0].label: [a, \"b\\u0085\"]\n");
        assert_eq!(e[0].path, "sweep.params.methods[0].label[1]");
        assert_eq!(e[0].line, 2);
        let e = errors("sweep:\n  cases:\n    - {label: \"x\\ty\"}\n");
        assert_eq!(e[0].path, "sweep.cases[0].label");
        let e = errors("params:\n  \"a\\rb\": 1\n");
        assert!(e[0].message.starts_with("a field name"), "{}", e[0].message);
        assert_eq!(e[0].line, 2);
    }

    #[test]
    fn one_line_fields_are_bounded() {
        let long = "x".repeat(MAX_NAME + 1);
        let e = errors(&format!("params:\n  methods:\n    - label: {long}\n"));
        assert_eq!(e.len(), 1);
        assert!(e[0].message.contains("201 characters"), "{}", e[0].message);
        assert!(errors(&format!("title: {}\n", "t".repeat(MAX_TITLE))).is_empty());
        assert_eq!(
            errors(&format!("title: {}\n", "t".repeat(MAX_TITLE + 1))).len(),
            1
        );
        assert!(errors(&format!("description: {}\n", "d".repeat(10_000))).is_empty());
    }

    #[test]
    fn css_strings_cannot_end_early() {
        assert_eq!(css_string("Newton's method"), "\"Newton\\27 s method\"");
        let hostile =
            "a\"; } body { background: url(https://x.example/b) } @page { x: \"\n</style>";
        let s = css_string(hostile);
        let inner = &s[1..s.len() - 1];
        assert!(
            inner
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '\\'),
            "{s}"
        );
        assert!(css_string("Régression ϵ").starts_with("\"Régression ϵ"));
    }

    #[test]
    fn formulas_are_defused_and_numbers_kept() {
        for f in [
            "=HYPERLINK(\"x\")",
            "+1+1",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "-",
        ] {
            assert_eq!(csv_cell(f), format!("'{f}"));
        }
        for n in ["-1.5", "+3", "-1e-5", "adam", "x=1", ""] {
            assert_eq!(csv_cell(n), n);
        }
    }

    #[test]
    fn xml_keeps_only_what_xml_allows() {
        assert_eq!(
            xml_chars("<t>a\u{0}b\u{1b}c\u{fffe}\n😀</t>".into()),
            "<t>abc\n😀</t>"
        );
    }
}
