//! Field path → source position, for errors found after parsing.
//!
//! serde_yaml reports positions only for syntax and shape errors; a semantic check
//! ("this start point has 3 coordinates, the objective has 2 variables") knows only the
//! field path. This index walks the YAML event stream once, with source marks, and records
//! where every key and every value of the document starts.

use crate::error::SpecError;
use std::collections::HashMap;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

/// The most values (scalars, lists and mappings, keys included) a spec may have: a spec is
/// read whole into memory several times over, so a larger one is refused before that.
pub const MAX_NODES: usize = 100_000;
/// The most elements of one list (a sweep axis has the tighter [`crate::plan::MAX_TRIALS`]).
pub const MAX_LIST: usize = 100_000;

/// Where each field path of a document starts: its key (for mapping entries) and its value.
#[derive(Debug, Default, Clone)]
pub struct Spans {
    keys: HashMap<String, Pos>,
    values: HashMap<String, Pos>,
    /// Why the document is too large to read further (then the index stops there).
    pub refusal: Option<Refusal>,
}

/// A document refused while it was indexed, before anything else reads it: a list longer
/// than it may be (a million-value `seed:` axis) or too many values in all.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub path: String,
    pub pos: Pos,
    pub message: String,
    pub expected: String,
}

impl Spans {
    /// Indexes `text`; a document that does not parse gives an empty index (up to its
    /// error). Stops at the first document's end, or where the document is refused.
    pub fn index(text: &str) -> Spans {
        let mut walker = Walker::default();
        let mut parser = Parser::new_from_str(text);
        while let Ok((ev, mark)) = parser.next_token() {
            let end = matches!(ev, Event::DocumentEnd | Event::StreamEnd);
            walker.on_event(ev, mark);
            if end || walker.spans.refusal.is_some() {
                break;
            }
        }
        walker.spans
    }

    /// Position of the value at `path`, else of its key, else of the nearest ancestor.
    pub fn value(&self, path: &str) -> Option<Pos> {
        self.lookup(path, true)
    }

    /// Position of the key at `path` (for "unknown field"), else of its value or ancestor.
    pub fn key(&self, path: &str) -> Option<Pos> {
        self.lookup(path, false)
    }

    fn lookup(&self, path: &str, value_first: bool) -> Option<Pos> {
        let mut p = path.to_string();
        loop {
            let (first, second) = if value_first {
                (&self.values, &self.keys)
            } else {
                (&self.keys, &self.values)
            };
            if let Some(pos) = first.get(&p).or_else(|| second.get(&p)) {
                return Some(*pos);
            }
            p = parent(&p)?;
        }
    }
}

/// `a.b[2].c` → `a.b[2]` → `a.b` → `a` → `` (None after the root).
fn parent(path: &str) -> Option<String> {
    if path.is_empty() {
        return None;
    }
    let cut = path.rfind(['.', '[']).unwrap_or(0);
    Some(path[..cut].to_string())
}

/// Builds located [`SpecError`]s for one source.
#[derive(Debug, Clone)]
pub struct Located {
    pub file: String,
    lines: Vec<String>,
    pub spans: Spans,
}

impl Located {
    pub fn new(file: &str, text: &str) -> Located {
        Located {
            file: file.to_string(),
            lines: text.lines().map(str::to_string).collect(),
            spans: Spans::index(text),
        }
    }

    /// An error about the value at `path`.
    pub fn at_value(&self, path: &str, message: impl Into<String>) -> SpecError {
        self.at(path, self.spans.value(path), message)
    }

    /// An error about the key at `path` (an unknown or misplaced field).
    pub fn at_key(&self, path: &str, message: impl Into<String>) -> SpecError {
        self.at(path, self.spans.key(path), message)
    }

    /// An error at a known line and column.
    pub fn at(&self, path: &str, pos: Option<Pos>, message: impl Into<String>) -> SpecError {
        let (line, col) = pos.map(|p| (p.line, p.col)).unwrap_or((0, 0));
        SpecError {
            file: self.file.clone(),
            line,
            col,
            path: path.to_string(),
            message: message.into(),
            expected: None,
            suggestion: None,
            source_line: line.checked_sub(1).and_then(|i| self.lines.get(i).cloned()),
            width: None,
        }
    }

    /// An error about `needle` (text that appears in the value at `path`, such as a math
    /// snippet of a block of Markdown), pointing `offset` characters into it when it is found
    /// on one line at or after the value's start.
    pub fn at_text(
        &self,
        path: &str,
        needle: &str,
        offset: usize,
        width: usize,
        message: impl Into<String>,
    ) -> SpecError {
        let mut e = self.at_value(path, message);
        let first = needle.lines().next().unwrap_or("");
        if first.is_empty() || e.line == 0 {
            return e;
        }
        for (i, line) in self.lines.iter().enumerate().skip(e.line - 1) {
            if let Some(byte) = line.find(first) {
                let col = line[..byte].chars().count() + 1;
                e.line = i + 1;
                e.col = col
                    + needle
                        .chars()
                        .take(offset)
                        .count()
                        .min(first.chars().count());
                e.width = Some(width.max(1));
                e.source_line = Some(line.clone());
                break;
            }
        }
        e
    }

    /// An error about the characters `offset..offset + width` of the string value at `path`
    /// (an expression): located at those characters when the value is written on one line,
    /// plain or quoted without escapes, else at the value's start.
    pub fn within_value(
        &self,
        path: &str,
        text: &str,
        offset: usize,
        width: usize,
        message: impl Into<String>,
    ) -> SpecError {
        let mut e = self.at_value(path, message);
        let Some(line) = &e.source_line else {
            return e;
        };
        let from = e.col.saturating_sub(1);
        let rest: String = line.chars().skip(from).collect();
        let quoted = rest.starts_with('"') || rest.starts_with('\'');
        let body: String = rest.chars().skip(usize::from(quoted)).collect();
        let head: String = text.chars().take(offset + width).collect();
        if e.line > 0 && body.starts_with(&head) {
            e.col += offset + usize::from(quoted);
            e.width = Some(width.max(1));
        }
        e
    }
}

/// Joins a child segment onto a path.
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

enum Frame {
    /// `start` is the byte index of the mapping's own mark (None once a key was seen).
    Map {
        path: String,
        key: Option<String>,
        start: Option<usize>,
    },
    Seq {
        path: String,
        index: usize,
        /// The most elements it may have.
        limit: usize,
    },
}

#[derive(Default)]
struct Walker {
    stack: Vec<Frame>,
    spans: Spans,
    nodes: usize,
}

impl Walker {
    /// Called for every node; returns the node's path when it is a value (not a key).
    fn node(&mut self, pos: Pos, index: usize, scalar_key: Option<&str>) -> Option<String> {
        self.nodes += 1;
        if self.nodes > MAX_NODES && self.spans.refusal.is_none() {
            self.spans.refusal = Some(Refusal {
                path: String::new(),
                pos,
                message: format!("the spec has more than {MAX_NODES} values"),
                expected: "a spec of at most 100000 values (keys, numbers, texts, lists); data belongs in a data file".into(),
            });
        }
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Map { path, key, start }) => match key.take() {
                None => {
                    // This node is a key. A block mapping's mark comes after its first key;
                    // point at the first key instead, where the reader sees the mapping begin.
                    if let Some(s) = start.take() {
                        if index < s {
                            self.spans.values.insert(path.clone(), pos);
                        }
                    }
                    let k = scalar_key.unwrap_or("?").to_string();
                    let full = join(path, &k);
                    self.spans.keys.insert(full, pos);
                    *key = Some(k);
                    None
                }
                Some(k) => Some(join(path, &k)),
            },
            Some(Frame::Seq { path, index, limit }) => {
                let p = format!("{path}[{index}]");
                *index += 1;
                if *index > *limit && self.spans.refusal.is_none() {
                    let axis = path.strip_prefix("sweep.").filter(|_| *limit < MAX_LIST);
                    let (message, expected) = match axis {
                        Some(axis) => (
                            format!("the sweep axis `{axis}` has more than {limit} values"),
                            format!("at most {limit} values per axis (and {limit} trials in all)"),
                        ),
                        None => (
                            format!("the list `{path}` has more than {limit} values"),
                            format!("at most {limit} values per list; data belongs in a data file"),
                        ),
                    };
                    let at = self.spans.values.get(path.as_str()).copied().unwrap_or(pos);
                    self.spans.refusal = Some(Refusal {
                        path: path.clone(),
                        pos: at,
                        message,
                        expected,
                    });
                }
                Some(p)
            }
        }
    }
}

impl MarkedEventReceiver for Walker {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let pos = Pos {
            line: mark.line(),
            col: mark.col() + 1,
        };
        let index = mark.index();
        match ev {
            Event::Scalar(text, ..) => {
                if let Some(p) = self.node(pos, index, Some(&text)) {
                    self.spans.values.entry(p).or_insert(pos);
                }
            }
            Event::Alias(_) => {
                if let Some(p) = self.node(pos, index, None) {
                    self.spans.values.entry(p).or_insert(pos);
                }
            }
            Event::MappingStart(..) => {
                // A mapping used as a key is not a valid spec; index it under "?".
                let p = self.node(pos, index, None).unwrap_or_else(|| "?".into());
                self.spans.values.entry(p.clone()).or_insert(pos);
                self.stack.push(Frame::Map {
                    path: p,
                    key: None,
                    start: Some(index),
                });
            }
            Event::SequenceStart(..) => {
                // A list right under the top-level `sweep:` is an axis: its length is a
                // factor of the trial count.
                let axis = matches!(
                    self.stack.as_slice(),
                    [Frame::Map { .. }, Frame::Map { path, .. }] if path == "sweep"
                );
                let p = self.node(pos, index, None).unwrap_or_else(|| "?".into());
                self.spans.values.entry(p.clone()).or_insert(pos);
                let limit = if axis {
                    crate::plan::MAX_TRIALS
                } else {
                    MAX_LIST
                };
                self.stack.push(Frame::Seq {
                    path: p,
                    index: 0,
                    limit,
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "title: t\nparams:\n  objective: x^2\n  methods:\n    - gd: {lr: 0.1}\n    - newton: {}\n  start: [[1, 2]]\n";

    #[test]
    fn finds_keys_and_values() {
        let s = Spans::index(DOC);
        assert_eq!(s.key("params.objective"), Some(Pos { line: 3, col: 3 }));
        assert_eq!(s.value("params.objective"), Some(Pos { line: 3, col: 14 }));
        assert_eq!(
            s.value("params.methods[0].gd.lr"),
            Some(Pos { line: 5, col: 16 })
        );
        assert_eq!(s.value("params.methods[1]"), Some(Pos { line: 6, col: 7 }));
        assert_eq!(
            s.value("params.start[0][1]"),
            Some(Pos { line: 7, col: 15 })
        );
    }

    #[test]
    fn falls_back_to_the_nearest_ancestor() {
        let s = Spans::index(DOC);
        assert_eq!(
            s.value("params.methods[0].gd.momentum"),
            s.value("params.methods[0].gd")
        );
        assert_eq!(s.value("nothing.here").map(|p| p.line), Some(1));
    }
}
