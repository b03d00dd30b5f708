//! The JSON Schema of the spec format, every kind included (`gradlab schema`).
//!
//! Editors with a YAML language server complete and check fields from it; the shipped
//! experiments point at the copy in the repository (`schema.json`) with a
//! `# yaml-language-server: $schema=...` comment. `params:` is checked per `kind:` by
//! if/then branches generated from the same serde types the loader deserializes.

use crate::kinds;
use serde_json::{json, Value};

/// The schema as JSON (draft 7).
pub fn spec_schema() -> Value {
    let mut gen = schemars::gen::SchemaSettings::draft07().into_generator();
    let mut branches = Vec::new();
    let kinds = kinds::all();
    for k in &kinds {
        let params = k.schema(&mut gen);
        branches.push(json!({
            "if": {"properties": {"kind": {"const": k.id()}}, "required": ["kind"]},
            "then": {"properties": {"params": params}},
        }));
    }
    let definitions: serde_json::Map<String, Value> = gen
        .definitions()
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::to_value(v).unwrap_or(Value::Null)))
        .collect();
    let ids: Vec<&str> = kinds.iter().map(|k| k.id()).collect();
    let kinds_doc: Vec<String> = kinds
        .iter()
        .map(|k| {
            format!(
                "{}: {}",
                k.id(),
                k.summary().split_whitespace().collect::<Vec<_>>().join(" ")
            )
        })
        .collect();
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://gradlab.invalid/spec.schema.json",
        "title": "gradlab experiment spec",
        "type": "object",
        "required": ["title", "kind", "params"],
        "additionalProperties": false,
        "properties": {
            "title": localized("the report's title"),
            "kind": {"enum": ids, "description": kinds_doc.join("\n")},
            "seed": {"type": "integer", "minimum": 0, "description": "seeds every random number of every trial"},
            "description": localized("Markdown with $…$ and $$…$$ math"),
            "lang": {"enum": ["en", "id"], "description": "language of the report (its own text, and the `id:` variant of the spec's texts): English or Indonesian"},
            "chapter": {"enum": ["numerical", "optimization", "perceptron", "deep"], "description": "the course chapter the index page lists the report under (default: by kind)"},
            "params": {"type": "object", "description": "the kind's parameters"},
            "sweep": {
                "type": "object",
                "description": "`params.<path>: [values…]` entries (cartesian product), `cases:` with named override sets, or `seed: [0, 1, 2]` to run every configuration once per seed and report each one's mean ± standard error",
                "propertyNames": {"pattern": "^(params\\.|cases$|seed$)"},
            },
            "prose": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["heading", "text"],
                    "additionalProperties": false,
                    "properties": {
                        "heading": localized("the section's heading"),
                        "text": localized("Markdown with tera expressions over the results"),
                    },
                },
            },
            "lead": {"type": "string", "description": "the id of the figure that shows the report's message (as `f_gap`): drawn first, and the index page's thumbnail"},
            "claims": {
                "type": "array",
                "description": "results the report checks: each shown with ✓ or ✗ and the values that decided it; a false claim fails the run (exit 1)",
                "items": {
                    "type": "object",
                    "required": ["when", "says"],
                    "additionalProperties": false,
                    "properties": {
                        "when": {"type": "string", "description": "a condition over the results (tera), such as `newton.iterations * 10 < gd.iterations`"},
                        "says": localized("the sentence the condition supports (Markdown, may quote results)"),
                    },
                },
            },
            "fast": {
                "type": "object",
                "description": "`params.<path>: value` overrides applied with --fast",
                "propertyNames": {"pattern": "^params\\."},
            },
        },
        "allOf": branches,
        "definitions": definitions,
    })
}

/// A text given once, or per language (`{en: …, id: …}`).
fn localized(description: &str) -> serde_json::Value {
    crate::i18n::Localized::schema(description)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_params_branch() {
        let s = spec_schema();
        assert_eq!(s["allOf"].as_array().unwrap().len(), kinds::BUILTIN.len());
        let text = s.to_string();
        for name in ["OptimizerSpec", "Activation", "Init"] {
            assert!(text.contains(name), "{name}");
        }
    }
}
