//! Stage 2: source text → a YAML document tree ([`Node`]) and typed structs.
//!
//! serde_yaml is archived upstream, so it lives behind this one module: the rest of the
//! crate sees only [`Node`], [`parse_document`] and [`deserialize`]. Replacing the YAML
//! crate (for example with the API-identical `serde_norway`) touches this file alone.

use crate::error::{suggest, SpecError};
use crate::load::Source;
use crate::locate::{join, Located, Pos};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// A YAML value: the whole spec or any part of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct Node(serde_yaml::Value);

/// A string of the document ([`Node::texts`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    /// The field path of the value, or of the key's own entry.
    pub path: String,
    /// The field it belongs to: the last segment of the nearest key above it (`label` for
    /// `params.methods[0].label`, for a sweep's `params.methods[0].label: [a, b]` and for
    /// `label: {en: a, id: b}`); for a key, the field of the mapping it is in.
    pub field: String,
    pub text: String,
    /// A mapping key rather than a value.
    pub key: bool,
}

/// One segment of a field path.
#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    Key(String),
    Index(usize),
}

/// Splits `params.methods[0].lr` into segments; `None` when the path is malformed.
pub fn split_path(path: &str) -> Option<Vec<Segment>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        if part.is_empty() {
            return None;
        }
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if key.is_empty() && out.is_empty() {
            return None;
        }
        if !key.is_empty() {
            out.push(Segment::Key(key.to_string()));
        }
        while !rest.is_empty() {
            let close = rest.find(']')?;
            let idx: usize = rest.get(1..close)?.parse().ok()?;
            out.push(Segment::Index(idx));
            rest = &rest[close + 1..];
            if !rest.is_empty() && !rest.starts_with('[') {
                return None;
            }
        }
    }
    if out.is_empty() {
        None
    } else {
        Some(out)
    }
}

impl Node {
    /// A copy of the value at a field path, if present.
    pub fn get(&self, path: &str) -> Option<Node> {
        let mut v = &self.0;
        for seg in split_path(path)? {
            v = match seg {
                Segment::Key(k) => v.as_mapping()?.get(k.as_str())?,
                Segment::Index(i) => v.as_sequence()?.get(i)?,
            };
        }
        Some(Node(v.clone()))
    }

    /// Replaces the value at `path`; the parent must exist. Used for sweeps and fast mode.
    pub fn set(&mut self, path: &str, value: Node) -> Result<(), String> {
        let segs = split_path(path).ok_or_else(|| format!("`{path}` is not a field path"))?;
        let (last, parents) = segs.split_last().expect("split_path never returns empty");
        let mut v = &mut self.0;
        for seg in parents {
            v = match seg {
                Segment::Key(k) => v
                    .as_mapping_mut()
                    .and_then(|m| m.get_mut(k.as_str()))
                    .ok_or_else(|| format!("`{path}`: no field `{k}` in the spec"))?,
                Segment::Index(i) => v
                    .as_sequence_mut()
                    .and_then(|s| s.get_mut(*i))
                    .ok_or_else(|| format!("`{path}`: no element [{i}] in the spec"))?,
            };
        }
        match last {
            Segment::Key(k) => {
                let m = v
                    .as_mapping_mut()
                    .ok_or_else(|| format!("`{path}`: the parent is not a mapping"))?;
                m.insert(serde_yaml::Value::String(k.clone()), value.0);
            }
            Segment::Index(i) => {
                let s = v
                    .as_sequence_mut()
                    .ok_or_else(|| format!("`{path}`: the parent is not a list"))?;
                let slot = s
                    .get_mut(*i)
                    .ok_or_else(|| format!("`{path}`: no element [{i}] in the spec"))?;
                *slot = value.0;
            }
        }
        Ok(())
    }

    /// The entries when this is a mapping with string keys, in document order.
    pub fn entries(&self) -> Option<Vec<(String, Node)>> {
        let m = self.0.as_mapping()?;
        let mut out = Vec::new();
        for (k, v) in m {
            let key = match k {
                serde_yaml::Value::String(s) => s.clone(),
                other => serde_yaml::to_string(other).ok()?.trim().to_string(),
            };
            out.push((key, Node(v.clone())));
        }
        Some(out)
    }

    /// The field paths of every number in the tree that is not finite (`.nan`, `.inf`,
    /// `1e999`), in document order.
    pub fn non_finite_numbers(&self) -> Vec<(String, f64)> {
        fn walk(v: &serde_yaml::Value, path: String, out: &mut Vec<(String, f64)>) {
            match v {
                serde_yaml::Value::Number(n) => {
                    if let Some(f) = n.as_f64().filter(|f| !f.is_finite()) {
                        out.push((path, f));
                    }
                }
                serde_yaml::Value::Sequence(s) => {
                    for (i, item) in s.iter().enumerate() {
                        walk(item, format!("{path}[{i}]"), out);
                    }
                }
                serde_yaml::Value::Mapping(m) => {
                    for (k, item) in m {
                        if let Some(k) = k.as_str() {
                            walk(item, join(&path, k), out);
                        }
                    }
                }
                serde_yaml::Value::Tagged(t) => walk(&t.value, path, out),
                _ => {}
            }
        }
        let mut out = Vec::new();
        walk(&self.0, String::new(), &mut out);
        out
    }

    /// Every string of the tree, values and mapping keys, in document order, with the field
    /// each belongs to (see [`Text`]).
    pub fn texts(&self) -> Vec<Text> {
        fn walk(v: &serde_yaml::Value, path: String, field: &str, out: &mut Vec<Text>) {
            match v {
                serde_yaml::Value::String(s) => out.push(Text {
                    path,
                    field: field.to_string(),
                    text: s.clone(),
                    key: false,
                }),
                serde_yaml::Value::Sequence(s) => {
                    for (i, item) in s.iter().enumerate() {
                        walk(item, format!("{path}[{i}]"), field, out);
                    }
                }
                serde_yaml::Value::Mapping(m) => {
                    for (k, item) in m {
                        let Some(k) = k.as_str() else {
                            continue;
                        };
                        let child = join(&path, k);
                        out.push(Text {
                            path: child.clone(),
                            field: field.to_string(),
                            text: k.to_string(),
                            key: true,
                        });
                        // A text in two languages (`title: {en: …, id: …}`) stays its field.
                        let name = if crate::i18n::Lang::parse(k).is_ok() {
                            field
                        } else {
                            let last = k.rsplit('.').next().unwrap_or(k);
                            last.split('[').next().unwrap_or(last)
                        };
                        walk(item, child, name, out);
                    }
                }
                serde_yaml::Value::Tagged(t) => walk(&t.value, path, field, out),
                _ => {}
            }
        }
        let mut out = Vec::new();
        walk(&self.0, String::new(), "", &mut out);
        out
    }

    /// Whether this is a null (absent) value.
    pub fn is_null(&self) -> bool {
        self.0.is_null()
    }

    /// The elements when this is a list.
    pub fn as_list(&self) -> Option<Vec<Node>> {
        self.0
            .as_sequence()
            .map(|s| s.iter().cloned().map(Node).collect())
    }

    /// The value when it is an integer ≥ 0.
    pub fn as_u64(&self) -> Option<u64> {
        self.0.as_u64()
    }

    /// The value as YAML text.
    pub fn to_yaml(&self) -> String {
        serde_yaml::to_string(&self.0).unwrap_or_default()
    }

    /// A short one-line rendering, for labels such as `lr=0.05`.
    pub fn short(&self) -> String {
        match &self.0 {
            serde_yaml::Value::String(s) => s.clone(),
            serde_yaml::Value::Number(n) => n.to_string(),
            serde_yaml::Value::Bool(b) => b.to_string(),
            serde_yaml::Value::Null => "null".into(),
            // A tagged choice such as `{name: leaky_relu, slope: 0.01}` reads as
            // `leaky_relu(slope=0.01)`, and `{name: adam}` as `adam`.
            serde_yaml::Value::Mapping(m)
                if m.get("name").is_some_and(|n| n.is_string())
                    && m.values().all(|v| !v.is_mapping() && !v.is_sequence()) =>
            {
                let name = Node(m.get("name").cloned().unwrap_or_default()).short();
                let rest: Vec<String> = m
                    .iter()
                    .filter(|(k, _)| k.as_str() != Some("name"))
                    .map(|(k, v)| {
                        format!("{}={}", Node(k.clone()).short(), Node(v.clone()).short())
                    })
                    .collect();
                if rest.is_empty() {
                    name
                } else {
                    format!("{name}({})", rest.join(", "))
                }
            }
            other => serde_json::to_string(other)
                .unwrap_or_default()
                .replace('"', ""),
        }
    }

    /// The value as JSON (for templates); NaN and infinities become strings.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(&self.0).unwrap_or(serde_json::Value::Null)
    }

    /// Builds a node from any serializable value.
    pub fn from_serialize<T: Serialize>(value: &T) -> Node {
        Node(serde_yaml::to_value(value).unwrap_or(serde_yaml::Value::Null))
    }
}

/// Parses the spec text into a document tree. Malformed YAML is reported at its position.
pub fn parse_document(src: &Source, at: &Located) -> Result<Node, SpecError> {
    match serde_yaml::from_str::<serde_yaml::Value>(&src.text) {
        Ok(serde_yaml::Value::Null) => Err(at
            .at("", Some(Pos { line: 1, col: 1 }), "the spec is empty")
            .expected("a mapping with at least `title` and `kind`")),
        Ok(v) => Ok(Node(v)),
        Err(e) => {
            // Alias expansion past serde_yaml's limit ("billion laughs") has no location:
            // point at the first alias.
            // A reader error's location is the document's start; its message has the offset.
            let pos = byte_position(&src.text, &e.to_string())
                .or_else(|| {
                    e.location().map(|l| Pos {
                        line: l.line(),
                        col: l.column(),
                    })
                })
                .or_else(|| first_alias(&src.text))
                .or(Some(Pos { line: 1, col: 1 }));
            let msg = e.to_string();
            // serde_yaml appends " at line X column Y" (" at position N" where the reader
            // stopped on a character YAML does not allow); the position is shown separately.
            let msg = match msg.find(" at line ").or_else(|| msg.find(" at position ")) {
                Some(i) => msg[..i].to_string(),
                None => msg,
            };
            let err = at.at("", pos, format!("malformed YAML: {msg}"));
            // In a flow mapping `{…}`, `[` starts a list: a path key such as
            // `params.layers[0].units` must be quoted there.
            let bracket_key = err
                .source_line
                .as_deref()
                .is_some_and(|l| l.contains('{') && l.contains("params.") && l.contains('['));
            Err(if bracket_key {
                err.expected(
                    "quoted keys where a path has `[ ]` inside `{ }`: \
                     `{label: wide, \"params.layers[0].units\": 64}`",
                )
            } else {
                err
            })
        }
    }
}

/// The line and column of the byte offset in a message ending " at position N" (serde_yaml's
/// only location for a character YAML does not allow, such as a raw control character).
fn byte_position(text: &str, msg: &str) -> Option<Pos> {
    let (_, n) = msg.rsplit_once(" at position ")?;
    let offset: usize = n.trim().parse().ok()?;
    let before = text.get(..offset.min(text.len()))?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Some(Pos {
        line: before.matches('\n').count() + 1,
        col: before[line_start..].chars().count() + 1,
    })
}

/// Where the first alias (`*name` after a space, `[`, `,` or `:`) of a document is.
fn first_alias(text: &str) -> Option<Pos> {
    for (i, line) in text.lines().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        for j in 1..chars.len() {
            let after = chars
                .get(j + 1)
                .is_some_and(|c| c.is_alphanumeric() || *c == '_');
            if chars[j] == '*' && after && matches!(chars[j - 1], ' ' | '[' | ',' | ':') {
                return Some(Pos {
                    line: i + 1,
                    col: j + 1,
                });
            }
        }
    }
    None
}

/// Deserializes the node found at `base` into `T`, turning serde's message into a located
/// error with the full field path, what was expected, and a suggestion for unknown names.
pub fn deserialize<T: DeserializeOwned>(
    node: &Node,
    base: &str,
    at: &Located,
) -> Result<T, SpecError> {
    serde_path_to_error::deserialize(node.0.clone()).map_err(|e| {
        let inner = e.path().to_string();
        let path = if inner == "." {
            base.to_string()
        } else {
            join(base, &inner)
        };
        from_serde_message(&path, &e.inner().to_string(), at)
    })
}

fn from_serde_message(path: &str, msg: &str, at: &Located) -> SpecError {
    let msg = match msg.find(" at line ") {
        Some(i) => &msg[..i],
        None => msg,
    };
    let (head, expected) = match msg.find(", expected ") {
        Some(i) => (&msg[..i], Some(msg[i + ", expected ".len()..].to_string())),
        None => (msg, None),
    };
    let unknown = ["unknown field `", "unknown variant `"]
        .iter()
        .find_map(|p| head.strip_prefix(p))
        .and_then(|rest| rest.split('`').next());
    let mut err = match unknown {
        Some(name) if head.starts_with("unknown field") => {
            // serde_path_to_error's path already ends at the unknown field.
            let full = if path == name || path.ends_with(&format!(".{name}")) {
                path.to_string()
            } else {
                join(path, name)
            };
            at.at_key(&full, head.to_string())
        }
        _ => at.at_value(path, head.to_string()),
    };
    if let Some(exp) = expected {
        if let Some(name) = unknown {
            let candidates: Vec<&str> = exp.split('`').skip(1).step_by(2).collect();
            err = err.suggest(suggest(name, candidates.iter().copied()));
        }
        err = err.expected(readable_type(&exp));
    }
    if head.starts_with("missing field") {
        err = err.expected("the field to be present (see `gradlab new <kind>` for a template)");
    }
    err
}

/// serde's Rust type names in words a spec author knows.
fn readable_type(expected: &str) -> String {
    match expected {
        "f64" | "f32" => "a number".into(),
        "usize" | "u64" | "u32" => "a whole number ≥ 0".into(),
        "i64" | "i32" => "a whole number".into(),
        "a boolean" | "bool" => "true or false".into(),
        "a sequence" => "a list".into(),
        "a map" => "a mapping (`key: value` lines)".into(),
        other => other.replace("a sequence", "a list"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_split_and_set() {
        assert_eq!(
            split_path("params.methods[0].lr"),
            Some(vec![
                Segment::Key("params".into()),
                Segment::Key("methods".into()),
                Segment::Index(0),
                Segment::Key("lr".into())
            ])
        );
        assert_eq!(split_path("a..b"), None);
        assert_eq!(split_path("a[x]"), None);
        let src = Source::from_text("t.yaml", "params:\n  methods:\n    - lr: 1\n");
        let at = Located::new("t.yaml", &src.text);
        let mut doc = parse_document(&src, &at).unwrap();
        doc.set("params.methods[0].lr", Node::from_serialize(&0.5))
            .unwrap();
        assert_eq!(doc.get("params.methods[0].lr").unwrap().short(), "0.5");
        assert!(doc.set("params.nothing.lr", Node::default()).is_err());
    }

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        lr: f64,
        momentum: Option<f64>,
    }

    #[test]
    fn unknown_field_is_located_with_a_suggestion() {
        let text = "params:\n  inner:\n    lrr: 0.1\n";
        let src = Source::from_text("t.yaml", text);
        let at = Located::new("t.yaml", text);
        let doc = parse_document(&src, &at).unwrap();
        let node = doc.get("params.inner").unwrap();
        let err = deserialize::<Inner>(&node, "params.inner", &at).unwrap_err();
        assert_eq!(err.path, "params.inner.lrr");
        assert_eq!((err.line, err.col), (3, 5));
        assert_eq!(err.suggestion.as_deref(), Some("lr"));
        assert_eq!(err.message, "unknown field `lrr`");
    }

    #[test]
    fn wrong_type_names_what_was_expected() {
        let text = "inner:\n  lr: fast\n";
        let src = Source::from_text("t.yaml", text);
        let at = Located::new("t.yaml", text);
        let doc = parse_document(&src, &at).unwrap();
        let err = deserialize::<Inner>(&doc.get("inner").unwrap(), "inner", &at).unwrap_err();
        assert_eq!(err.path, "inner.lr");
        assert_eq!((err.line, err.col), (2, 7));
        assert_eq!(err.expected.as_deref(), Some("a number"));
    }

    #[test]
    fn malformed_yaml_has_a_position() {
        let text = "title: a\nparams: [1, 2\n";
        let src = Source::from_text("t.yaml", text);
        let at = Located::new("t.yaml", text);
        let err = parse_document(&src, &at).unwrap_err();
        assert!(err.message.starts_with("malformed YAML"), "{}", err.message);
        assert!(err.line >= 2, "{err:?}");
    }
}
