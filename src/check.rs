//! Stage 3: a parsed document → a checked [`Experiment`] (or every error, located).
//!
//! The top-level fields are fixed and strict (`deny_unknown_fields` with "did you mean");
//! `params:` is checked by the experiment's kind; `fast:` overrides are applied first when a
//! fast run is asked for; the sweep is expanded and every trial checked by [`crate::plan`].

use crate::error::{SpecError, SpecErrors};
use crate::i18n::Localized;
use crate::kinds::KindName;
use crate::load::Source;
use crate::locate::{join, Located};
use crate::parse::{deserialize, parse_document, Node};
use crate::plan::{self, Trial};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    title: Localized,
    kind: KindName,
    #[serde(default)]
    seed: u64,
    #[serde(default)]
    description: Localized,
    /// The report's fixed text: `en` (default) or `id`.
    #[serde(default)]
    lang: Option<crate::i18n::Lang>,
    /// The course chapter the index lists the report under (default: by kind).
    #[serde(default)]
    chapter: Option<crate::kinds::Chapter>,
    /// The figure that shows the report's message (its id, as `f_gap`): drawn first and
    /// the index page's thumbnail.
    #[serde(default)]
    lead: Option<String>,
    /// Read from the document (after `fast:` overrides); declared so that a missing
    /// `params` is reported like any other missing field.
    #[allow(dead_code)]
    params: Node,
    #[serde(default)]
    sweep: Node,
    #[serde(default)]
    prose: Vec<RawProse>,
    #[serde(default)]
    claims: Vec<RawClaim>,
    #[serde(default)]
    fast: Node,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProse {
    heading: Localized,
    text: Localized,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClaim {
    when: String,
    says: Localized,
}

/// A claim the report checks: a condition over the run's results (a tera expression such
/// as `newton.iterations < gd.iterations / 10`) and the sentence it supports (Markdown that
/// may quote results like prose). The report shows ✓ or ✗ with the values that decided it;
/// a claim that does not hold marks the run `claim failed`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Claim {
    pub when: String,
    pub says: String,
}

/// A prose section: a heading and Markdown text that may quote results through tera
/// expressions such as `{{ newton.x | round(precision=6) }}`.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Prose {
    pub heading: String,
    pub text: String,
}

/// How to run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Apply the spec's `fast:` overrides (fewer steps, smaller sweeps) for tests and CI.
    pub fast: bool,
    /// Overrides the spec's `lang:` (the report's fixed text).
    pub lang: Option<crate::i18n::Lang>,
}

/// A checked experiment, ready to run.
#[derive(Debug, Clone)]
pub struct Experiment {
    /// Report folder name (the spec's file stem).
    pub name: String,
    /// The spec path as given.
    pub file: String,
    pub title: String,
    pub kind: KindName,
    pub seed: u64,
    pub description: String,
    pub prose: Vec<Prose>,
    /// The claims the report checks against the results, in the spec's order.
    pub claims: Vec<Claim>,
    /// The document after `fast:` overrides: what `spec.yaml` records.
    pub document: Node,
    pub trials: Vec<Trial>,
    pub fast: bool,
    /// The swept parameter paths (empty without a sweep).
    pub swept: Vec<String>,
    /// The language of the report's fixed text.
    pub lang: crate::i18n::Lang,
    /// The course chapter of the index page.
    pub chapter: crate::kinds::Chapter,
    /// The figure the report leads with (`lead:`), checked against the figures drawn.
    pub lead: Option<String>,
}

/// The last segment of a field path, for messages (`params.methods[0].lr` → `lr`).
fn leaf(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

/// A spec too large to read (a list past its length, too many values), refused from the
/// index of its YAML events before the document is built.
fn too_large(at: &Located) -> Result<(), SpecErrors> {
    match &at.spans.refusal {
        Some(r) => Err(at
            .at(&r.path, Some(r.pos), r.message.clone())
            .expected(r.expected.clone())
            .into()),
        None => Ok(()),
    }
}

/// Parses and checks a spec: every problem is reported with its location.
pub fn check(src: &Source, opts: &Options) -> Result<Experiment, SpecErrors> {
    let file = src.path.display().to_string();
    let at = Located::new(&file, &src.text);
    too_large(&at)?;
    let mut doc = parse_document(src, &at)?;
    if doc.entries().is_none() {
        return Err(at
            .at("", at.spans.value(""), "the spec is not a mapping")
            .expected("fields such as `title:`, `kind:` and `params:`")
            .into());
    }
    let mut errors: Vec<SpecError> = doc
        .non_finite_numbers()
        .into_iter()
        .map(|(path, v)| {
            at.at_value(&path, format!("`{}` is {v}", leaf(&path)))
                .expected("a finite number (NaN and infinities have no meaning in a spec)")
        })
        .collect();
    errors.extend(crate::escape::check_texts(&doc, &at));
    if !errors.is_empty() {
        return Err(SpecErrors(errors));
    }
    let header: Header = deserialize(&doc, "", &at)?;
    if header.title.is_empty() {
        errors.push(
            at.at_value("title", "the title is empty")
                .expected("a short title for the report"),
        );
    }
    if opts.fast && !header.fast.is_null() {
        match header.fast.entries() {
            Some(entries) => {
                for (path, value) in entries {
                    let key = join("fast", &path);
                    if !path.starts_with("params.") {
                        errors.push(
                            at.at_key(&key, format!("`{path}` is not a parameter path"))
                                .expected(
                                    "a path starting with `params.`, such as `params.max_iter`",
                                ),
                        );
                    } else if let Err(msg) = doc.set(&path, value) {
                        errors.push(
                            at.at_key(&key, msg)
                                .expected("a path to an existing field of `params`"),
                        );
                    }
                }
            }
            None => errors.push(
                at.at_value("fast", "`fast` is not a mapping")
                    .expected("`params.<path>: <value>` entries"),
            ),
        }
    }
    let mut localized: Vec<(String, &Localized)> = vec![
        ("title".into(), &header.title),
        ("description".into(), &header.description),
    ];
    for (i, p) in header.prose.iter().enumerate() {
        localized.push((format!("prose[{i}].heading"), &p.heading));
        localized.push((format!("prose[{i}].text"), &p.text));
    }
    for (i, c) in header.claims.iter().enumerate() {
        localized.push((format!("claims[{i}].says"), &c.says));
    }
    let texts: Vec<(String, &str)> = localized
        .iter()
        .flat_map(|(path, l)| {
            l.variants()
                .into_iter()
                .map(move |(suffix, text)| (format!("{path}{suffix}"), text))
        })
        .collect();
    for (path, text) in texts {
        for (tex, e) in crate::markdown::math_errors(text) {
            // The offending command, from the byte offset the converter gives.
            let at_char = tex[..e.offset.min(tex.len())].chars().count();
            let width = tex[e.offset.min(tex.len())..]
                .chars()
                .enumerate()
                .take_while(|(i, c)| *i == 0 || c.is_ascii_alphabetic())
                .count();
            errors.push(
                at.at_text(
                    &path,
                    &tex,
                    at_char,
                    width,
                    format!("the math `{tex}` cannot be shown: {}", e.message),
                )
                    .expected(
                        "LaTeX math the reports render: Greek letters, \\frac, \\sqrt, ^ and _, \\sum, \\partial, \\nabla, \\mathrm, \\text, matrices, … (see the README)",
                    ),
            );
        }
    }
    for (path, text) in templates(&header) {
        if let Err(e) = crate::prose::check(text) {
            errors.push(prose_error(&at, &path, text, e));
        }
    }
    for (i, c) in header.claims.iter().enumerate() {
        let path = format!("claims[{i}].when");
        if c.when.trim().is_empty() {
            errors.push(at.at_value(&path, "the condition is empty").expected(
                "a condition over the results, such as `newton.iterations < gd.iterations / 10`",
            ));
        } else if let Err(e) = crate::prose::check_condition(&c.when) {
            errors.push(at.at_value(&path, e.message).expected(e.expected));
        }
    }
    if !errors.is_empty() {
        return Err(SpecErrors(errors));
    }
    let (trials, swept) = plan::plan(header.kind, &doc, &header.sweep, &at)?;
    let lang = opts.lang.or(header.lang).unwrap_or_default();
    Ok(Experiment {
        name: src.name.clone(),
        file,
        title: header.title.get(lang).to_string(),
        kind: header.kind,
        seed: header.seed,
        description: header.description.get(lang).to_string(),
        prose: header
            .prose
            .iter()
            .map(|p| Prose {
                heading: p.heading.get(lang).to_string(),
                text: p.text.get(lang).to_string(),
            })
            .collect(),
        claims: header
            .claims
            .iter()
            .map(|c| Claim {
                when: c.when.trim().to_string(),
                says: c.says.get(lang).to_string(),
            })
            .collect(),
        document: doc,
        trials,
        fast: opts.fast,
        swept,
        lang,
        chapter: header.chapter.unwrap_or_else(|| header.kind.chapter()),
        lead: header.lead,
    })
}

/// A prose template's refusal, at its line and column in the file when the text says
/// where (a tag, a parse error), else at the text's start.
fn prose_error(at: &Located, path: &str, text: &str, e: crate::prose::ProseError) -> SpecError {
    let located = e.pos.and_then(|(line, col)| {
        let shown = text.lines().nth(line.checked_sub(1)?)?;
        let err = at.at_text(path, shown, col.saturating_sub(1), 2, e.message.clone());
        // Found on its line of the file: the text line was written as it is.
        err.source_line
            .as_deref()
            .is_some_and(|l| l.contains(shown) && !shown.trim().is_empty())
            .then_some(err)
    });
    located
        .unwrap_or_else(|| at.at_value(path, e.message))
        .expected(e.expected)
}

/// `check --strict`: numbers typed into the prose and the claims' sentences. A result a
/// report states must come from the results (`{{ name | num }}`), so that it cannot go
/// stale when the run changes; what may be typed is math (`$…$`), code, the spec's own
/// parameters (any number written in `params`, `sweep` or `fast`, the seed, a claim's
/// bound in its `when:`), whole numbers
/// up to 10 (counts such as "two runs", "2-D") and years (1900–2099, for citations).
/// Every text of every language is read; each typed number is one located error.
pub fn typed_numbers(src: &Source) -> Result<Vec<SpecError>, SpecErrors> {
    let file = src.path.display().to_string();
    let at = Located::new(&file, &src.text);
    too_large(&at)?;
    let doc = parse_document(src, &at)?;
    let header: Header = deserialize(&doc, "", &at)?;
    let mut allowed: Vec<f64> = vec![header.seed as f64];
    for key in ["params", "sweep", "fast"] {
        if let Some(node) = doc.get(key) {
            spec_numbers(&node.to_json(), &mut allowed);
        }
    }
    // A claim's bound, said in its sentence ("more than 0.15"), is the spec's own number.
    for c in &header.claims {
        spec_numbers(&serde_json::Value::String(c.when.clone()), &mut allowed);
    }
    let is_allowed = |v: f64| {
        (v.fract() == 0.0 && (v.abs() <= 10.0 || (1900.0..=2099.0).contains(&v)))
            || allowed
                .iter()
                .any(|a| (a - v).abs() <= 1e-9 * a.abs().max(v.abs()))
    };
    let texts = templates(&header);
    // The seeds a report has runs of: the spec's, and a `seed:` axis's.
    let mut seeds: Vec<f64> = vec![header.seed as f64];
    if let Some(axis) = doc.get("sweep.seed") {
        spec_numbers(&axis.to_json(), &mut seeds);
    }
    let mut errors = Vec::new();
    for (path, text) in texts {
        for n in crate::prose::typed_numbers(text) {
            // "checked with seeds 0–2": only when the report has those runs.
            let about_seeds = {
                let before: String = text.chars().take(n.offset).collect();
                let tail: String = before
                    .chars()
                    .rev()
                    .take(24)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                tail.to_lowercase().contains("seed")
            };
            if about_seeds && !n.values.iter().any(|v| seeds.contains(v)) {
                errors.push(
                    at.at_value(
                        &path,
                        format!("the text speaks of seed {}, which this spec does not run", n.text),
                    )
                    .expected(format!(
                        "seeds the report has runs of: {} (a `sweep: {{seed: [...]}}` axis adds more)",
                        seeds.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", ")
                    )),
                );
                continue;
            }
            if n.values.iter().any(|v| is_allowed(*v)) {
                continue;
            }
            // The line of the text the number is on, to point at it in the file.
            let before: String = text.chars().take(n.offset).collect();
            let line_start = before.rfind('\n').map_or(0, |b| b + 1);
            let line: String = text[line_start..].lines().next().unwrap_or("").to_string();
            let col = before[line_start..].chars().count();
            errors.push(
                at.at_text(
                    &path,
                    line.trim_start(),
                    col.saturating_sub(line.chars().count() - line.trim_start().chars().count()),
                    n.text.chars().count(),
                    format!("the number `{}` is typed into the text", n.text),
                )
                .expected(
                    "a result filled in from the run (`{{ name | num }}`, see results.json), so \
                     that the sentence follows the data; or math (`$…$`) for a constant. Typed \
                     numbers may be the spec's own parameters, whole numbers up to 10 and years",
                ),
            );
        }
    }
    Ok(errors)
}

/// The prose texts and claim sentences of every language, by field path: the templates
/// filled in from the results.
fn templates(header: &Header) -> Vec<(String, &str)> {
    let mut out: Vec<(String, &str)> = Vec::new();
    for (i, p) in header.prose.iter().enumerate() {
        for (suffix, text) in p.text.variants() {
            out.push((format!("prose[{i}].text{suffix}"), text));
        }
    }
    for (i, c) in header.claims.iter().enumerate() {
        for (suffix, text) in c.says.variants() {
            out.push((format!("claims[{i}].says{suffix}"), text));
        }
    }
    out
}

/// Every number in a spec value, numbers inside strings (an objective's `0.8*y^4`) too.
fn spec_numbers(v: &serde_json::Value, out: &mut Vec<f64>) {
    match v {
        serde_json::Value::Number(n) => out.extend(n.as_f64()),
        serde_json::Value::String(s) => crate::prose::typed_numbers(s)
            .into_iter()
            .for_each(|n| out.extend(n.values)),
        serde_json::Value::Array(a) => a.iter().for_each(|x| spec_numbers(x, out)),
        serde_json::Value::Object(m) => m.iter().for_each(|(k, x)| {
            spec_numbers(&serde_json::Value::String(k.clone()), out);
            spec_numbers(x, out)
        }),
        _ => {}
    }
}
