//! Errors a user can act on.
//!
//! A [`SpecError`] names the file, line and column, the field path (`params.methods[1].lr`),
//! what was expected, and a "did you mean" when the user was close; its `Display` shows the
//! offending source line with carets, in the manner of compilers.

use std::fmt;

/// One problem in a spec, located in its source.
#[derive(Debug, Clone, PartialEq)]
pub struct SpecError {
    /// File as the user named it.
    pub file: String,
    /// 1-based line and column; 0 when the position is unknown.
    pub line: usize,
    pub col: usize,
    /// Field path such as `params.methods[0].lr`; empty for the whole document.
    pub path: String,
    pub message: String,
    pub expected: Option<String>,
    pub suggestion: Option<String>,
    /// The source line the position points into, for the caret display.
    pub source_line: Option<String>,
    /// How many characters the carets underline; `None` underlines the token at `col`.
    pub width: Option<usize>,
}

/// Longest source line shown whole; a longer one is cut around the column.
const SHOWN_LINE: usize = 100;

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", visible(&self.message))?;
        if self.line > 0 {
            writeln!(
                f,
                "  --> {}:{}:{}",
                visible(&self.file),
                self.line,
                self.col
            )?;
        } else {
            writeln!(f, "  --> {}", visible(&self.file))?;
        }
        if let Some(src) = &self.source_line {
            let num = self.line.to_string();
            let pad = " ".repeat(num.len());
            let caret_at = self.col.saturating_sub(1);
            let width = self.width.unwrap_or_else(|| token_width(src, caret_at));
            let (shown, caret_at, width) = window(src, caret_at, width);
            writeln!(f, "{pad} |")?;
            writeln!(f, "{num} | {}", visible(&shown))?;
            writeln!(f, "{pad} | {}{}", " ".repeat(caret_at), "^".repeat(width))?;
        }
        if !self.path.is_empty() {
            writeln!(f, "   = field: {}", visible(&self.path))?;
        }
        if let Some(e) = &self.expected {
            writeln!(f, "   = expected: {}", visible(e))?;
        }
        if let Some(s) = &self.suggestion {
            writeln!(f, "   = help: did you mean `{}`?", visible(s))?;
        }
        Ok(())
    }
}

/// Text from a spec as a terminal may show it: a control character (an escape sequence
/// could recolour or rewrite the terminal) becomes its visible symbol (`␛` for ESC, `␀` for
/// NUL), a bidirectional override U+FFFD; one character each, so the carets stay aligned.
fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| {
        (c.is_control() && c != '\t' && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !s.chars().any(hidden) {
        return s.into();
    }
    s.chars()
        .map(|c| match c {
            _ if !hidden(c) => c,
            '\0'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
            '\u{7f}' => '\u{2421}',
            _ => '\u{fffd}',
        })
        .collect::<String>()
        .into()
}

/// The part of a long line around the caret (with `…` where it was cut), and the caret's
/// column and width in that part, so a megabyte-long line prints as one short line.
fn window(line: &str, caret_at: usize, width: usize) -> (String, usize, usize) {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= SHOWN_LINE {
        return (line.to_string(), caret_at, width.max(1));
    }
    let width = width.clamp(1, SHOWN_LINE / 2);
    let start = caret_at.saturating_sub(SHOWN_LINE / 4).min(chars.len());
    let end = (start + SHOWN_LINE).min(chars.len());
    let mut shown = String::new();
    let mut offset = caret_at - start;
    if start > 0 {
        shown.push('…');
        offset += 1;
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push('…');
    }
    (shown, offset, width)
}

/// Width of the token starting at byte-ish column `at` (at least 1).
fn token_width(line: &str, at: usize) -> usize {
    let rest: String = line.chars().skip(at).collect();
    // A quoted scalar: underline up to its closing quote (in double quotes, `\"` is not one).
    if let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let mut escaped = false;
        for (i, c) in rest.chars().enumerate().skip(1) {
            if c == q && !escaped {
                return i + 1;
            }
            escaped = q == '"' && c == '\\' && !escaped;
        }
    }
    let w = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != ':' && *c != ',' && *c != ']')
        .count();
    w.max(1)
}

/// All the problems found in one spec.
#[derive(Debug, Clone, PartialEq)]
pub struct SpecErrors(pub Vec<SpecError>);

impl fmt::Display for SpecErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SpecErrors {}

impl From<SpecError> for SpecErrors {
    fn from(e: SpecError) -> Self {
        SpecErrors(vec![e])
    }
}

/// Why running an experiment did not produce a report.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec is invalid: bad input, exit code 2.
    #[error("{0}")]
    Spec(#[from] SpecErrors),
    /// The spec was valid but the computation failed (or panicked): exit code 1.
    #[error("experiment failed: {0}")]
    Failed(String),
}

/// The closest candidate to `word`, if it is close enough to be a plausible typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.to_string())
}

impl SpecError {
    /// Adds what was expected.
    pub fn expected(mut self, e: impl Into<String>) -> Self {
        self.expected = Some(e.into());
        self
    }

    /// Adds a "did you mean" suggestion, when there is one.
    pub fn suggest(mut self, s: Option<String>) -> Self {
        self.suggestion = s;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(suggest("lrr", ["lr", "momentum"]).as_deref(), Some("lr"));
        assert_eq!(
            suggest("objectve", ["objective", "start"]).as_deref(),
            Some("objective")
        );
        assert_eq!(suggest("zzz", ["lr", "momentum"]), None);
    }

    #[test]
    fn display_points_at_the_column() {
        let e = SpecError {
            file: "a.yaml".into(),
            line: 3,
            col: 5,
            path: "params.lrr".into(),
            message: "unknown field `lrr`".into(),
            expected: Some("one of `lr`".into()),
            suggestion: Some("lr".into()),
            source_line: Some("    lrr: 0.1".into()),
            width: None,
        };
        let text = e.to_string();
        assert!(text.contains("--> a.yaml:3:5"), "{text}");
        assert!(text.contains("3 |     lrr: 0.1\n  |     ^^^\n"), "{text}");
        assert!(text.contains("= help: did you mean `lr`?"), "{text}");
    }

    #[test]
    fn control_characters_are_shown_not_sent_to_the_terminal() {
        let e = SpecError {
            file: "a.yaml".into(),
            line: 1,
            col: 8,
            path: "title".into(),
            message: "unknown field `\u{1b}[2J`".into(),
            expected: None,
            suggestion: None,
            source_line: Some("title: \u{1b}]0;x\u{7}\u{9b}\u{202e}z".into()),
            width: Some(1),
        };
        let text = e.to_string();
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
        assert!(
            text.contains("1 | title: \u{241b}]0;x\u{2407}\u{fffd}\u{fffd}z\n"),
            "{text}"
        );
        assert!(text.contains("`\u{241b}[2J`"), "{text}");
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let line = format!("title: \"{}\"", "a".repeat(1_000_000));
        let e = SpecError {
            file: "a.yaml".into(),
            line: 1,
            col: 500_000,
            path: "title".into(),
            message: "too long".into(),
            expected: None,
            suggestion: None,
            source_line: Some(line),
            width: Some(3),
        };
        let text = e.to_string();
        assert!(text.len() < 600, "{}", text.len());
        let lines: Vec<&str> = text.lines().collect();
        let shown = lines.iter().find(|l| l.starts_with("1 | ")).unwrap();
        let carets = lines.iter().find(|l| l.contains('^')).unwrap();
        assert!(
            shown.starts_with("1 | …") && shown.ends_with('…'),
            "{shown}"
        );
        // The carets sit under the column they name, counted in characters.
        let caret_col = carets.chars().position(|c| c == '^').unwrap();
        assert_eq!(carets.matches('^').count(), 3);
        assert_eq!(shown.chars().nth(caret_col), Some('a'));
    }
}
