//! Stage 4: the sweep → trials.
//!
//! A sweep is a mapping from parameter paths to value lists; its trials are the cartesian
//! product, in a fixed order (the last path varies fastest), each with the spec's params
//! overridden and checked again by the kind. Errors in a swept value point at the value in
//! the `sweep:` block, not at the parameter it replaced.
//!
//! One axis may be `cases:`, a list of named override sets applied together (one trial
//! each, crossed with the other axes): the form for "one change at a time" comparisons such
//! as L1 vs L2 vs dropout, where a cartesian grid would mix every change with every other.
//!
//! One axis may be `seed:`, a list of seeds: every configuration runs once per seed (the
//! spec's `seed` is then not used), and the report adds each configuration's mean and
//! standard error over them, so a difference can be set beside its noise.

use crate::error::SpecErrors;
use crate::kinds::{self, KindName, Params};
use crate::locate::{join, Located};
use crate::parse::Node;

/// The most trials one spec may ask for (a clear error instead of a runaway run).
pub const MAX_TRIALS: usize = 1000;

/// One point of the sweep grid.
#[derive(Debug, Clone)]
pub struct Trial {
    pub index: usize,
    /// (path, value as written) for each swept parameter.
    pub overrides: Vec<(String, String)>,
    pub params: Params,
    /// The seed of a `seed:` axis (else the spec's seed applies).
    pub seed: Option<u64>,
    /// The trial's resolved `params:` as YAML: with the kind, seed and code version, all
    /// its outcome depends on (the content cache's key is a hash of them).
    pub params_yaml: String,
}

/// Expands the sweep and checks every trial. Returns the trials and the swept paths.
pub fn plan(
    kind: KindName,
    doc: &Node,
    sweep: &Node,
    at: &Located,
) -> Result<(Vec<Trial>, Vec<String>), SpecErrors> {
    let (trials, axes) = plan_trials(kind, doc, sweep, at)?;
    check_time(&trials, sweep, at)?;
    Ok((trials, axes))
}

/// The experiment's estimated time: its trials' work at [`kinds::ASSUMED_FLOPS`], a lower
/// bound. Beyond [`kinds::time_limit`] it could not finish before the run-time limit stops
/// it: refused now, at the sweep (many trials) or the field that drives one trial's work.
pub fn estimated_seconds(trials: &[Trial]) -> f64 {
    trials.iter().map(|t| t.params.work.0).sum::<f64>() / kinds::ASSUMED_FLOPS
}

fn check_time(trials: &[Trial], sweep: &Node, at: &Located) -> Result<(), SpecErrors> {
    let seconds = estimated_seconds(trials);
    let limit = kinds::time_limit();
    if seconds <= limit {
        return Ok(());
    }
    let field = trials.first().map_or("", |t| t.params.work.1);
    let message = format!(
        "this experiment would take at least about {} ({} trial{} at {:.0} GFLOP/s), over the time limit of {}",
        human_seconds(seconds),
        trials.len(),
        if trials.len() == 1 { "" } else { "s" },
        kinds::ASSUMED_FLOPS / 1e9,
        human_seconds(limit),
    );
    let e = if sweep.is_null() || trials.len() == 1 {
        at.at_value(&join("params", field), message)
    } else {
        at.at_key("sweep", message)
    };
    Err(e
        .expected("fewer trials, epochs or samples, or a longer limit with `--timeout SECS`")
        .into())
}

/// `42 s`, `12 min`, `3.5 h`.
fn human_seconds(s: f64) -> String {
    if s < 10.0 {
        format!("{s:.1} s")
    } else if s < 120.0 {
        format!("{s:.0} s")
    } else if s < 7200.0 {
        format!("{:.0} min", s / 60.0)
    } else {
        format!("{:.1} h", s / 3600.0)
    }
}

fn plan_trials(
    kind: KindName,
    doc: &Node,
    sweep: &Node,
    at: &Located,
) -> Result<(Vec<Trial>, Vec<String>), SpecErrors> {
    let base = doc.get("params").unwrap_or_default();
    if sweep.is_null() {
        let params = kinds::check(kind, &base, "params", at)?;
        return Ok((
            vec![Trial {
                index: 0,
                overrides: Vec::new(),
                params,
                seed: None,
                params_yaml: base.to_yaml(),
            }],
            Vec::new(),
        ));
    }
    let Some(entries) = sweep.entries() else {
        return Err(at
            .at_value("sweep", "`sweep` is not a mapping")
            .expected("`params.<path>: [value, value, …]` entries")
            .into());
    };
    let mut axes: Vec<(String, Vec<Node>)> = Vec::new();
    let mut total: usize = 1;
    for (path, values) in entries {
        let key = join("sweep", &path);
        if path == "cases" {
            let Some(list) = values.as_list().filter(|l| !l.is_empty()) else {
                return Err(at
                    .at_value(&key, "`cases` is not a non-empty list")
                    .expected("a list of mappings such as `- {label: L2, params.l2: 0.001}`")
                    .into());
            };
            for (i, case) in list.iter().enumerate() {
                let ckey = format!("{key}[{i}]");
                let Some(fields) = case.entries() else {
                    return Err(at
                        .at_value(&ckey, "a case is not a mapping")
                        .expected("`{label: <name>, params.<path>: <value>, …}`")
                        .into());
                };
                for (k, _) in &fields {
                    if k != "label" && !k.starts_with("params.") {
                        return Err(at
                            .at_key(&join(&ckey, k), format!("`{k}` is not a parameter path"))
                            .expected("`label` or a path starting with `params.`")
                            .into());
                    }
                }
            }
            total = total.saturating_mul(list.len());
            if total > MAX_TRIALS {
                return Err(at
                    .at_key(
                        "sweep",
                        format!("the sweep has more than {MAX_TRIALS} trials"),
                    )
                    .expected(format!("at most {MAX_TRIALS} trials"))
                    .into());
            }
            axes.push((path, list));
            continue;
        }
        if path == "seed" {
            let seeds = values.as_list().unwrap_or_default();
            if seeds.is_empty() || seeds.iter().any(|v| v.as_u64().is_none()) {
                return Err(at
                    .at_value(&key, "`seed` is not a non-empty list of seeds")
                    .expected("a list of integers ≥ 0 such as `[0, 1, 2]`")
                    .into());
            }
        } else if !path.starts_with("params.") {
            return Err(at
                .at_key(&key, format!("`{path}` is not a parameter path"))
                .expected(
                    "a path starting with `params.`, such as `params.methods[0].lr`, `cases` or `seed`",
                )
                .into());
        }
        let Some(list) = values.as_list() else {
            return Err(at
                .at_value(&key, "the sweep values are not a list")
                .expected("a list such as `[0.01, 0.1, 0.5]`")
                .into());
        };
        if list.is_empty() {
            return Err(at
                .at_value(&key, format!("the sweep over `{path}` has no values"))
                .expected("at least one value")
                .into());
        }
        total = total.saturating_mul(list.len());
        if total > MAX_TRIALS {
            return Err(at
                .at_key("sweep", format!("the sweep has more than {MAX_TRIALS} trials"))
                .expected(format!("at most {MAX_TRIALS} trials (the product of the list lengths); split the experiment or use fewer values"))
                .into());
        }
        axes.push((path, list));
    }
    check_cases(&axes, at)?;
    let mut trials = Vec::with_capacity(total);
    // Every trial's problems, each problem once with the trials it occurs in.
    let mut problems: Vec<(crate::error::SpecError, Vec<usize>)> = Vec::new();
    for index in 0..total {
        // Mixed-radix digits of the index, last axis fastest.
        let mut rest = index;
        let mut picks = vec![0; axes.len()];
        for (a, (_, values)) in axes.iter().enumerate().rev() {
            picks[a] = rest % values.len();
            rest /= values.len();
        }
        let mut doc = doc.clone();
        let mut overrides = Vec::new();
        let mut seed = None;
        // Which swept path each parameter path came from, for error locations.
        let mut origin: Vec<(String, String)> = Vec::new();
        for (a, (path, values)) in axes.iter().enumerate() {
            let value = values[picks[a]].clone();
            if path == "cases" {
                let ckey = format!("{}[{}]", join("sweep", path), picks[a]);
                let mut label = None;
                let mut parts = Vec::new();
                for (k, v) in value.entries().unwrap_or_default() {
                    if k == "label" {
                        label = Some(v.short());
                        continue;
                    }
                    if let Err(msg) = doc.set(&k, v.clone()) {
                        return Err(at
                            .at_key(&join(&ckey, &k), msg)
                            .expected("a path to a field of `params`")
                            .into());
                    }
                    parts.push(format!("{}={}", crate::collect::short_param(&k), v.short()));
                    origin.push((k.clone(), join(&ckey, &k)));
                }
                let label = label.unwrap_or_else(|| {
                    if parts.is_empty() {
                        "base".to_string()
                    } else {
                        parts.join(", ")
                    }
                });
                overrides.push(("case".to_string(), label));
                continue;
            }
            if path == "seed" {
                seed = value.as_u64();
                overrides.push(("seed".to_string(), value.short()));
                continue;
            }
            origin.push((
                path.clone(),
                format!("{}[{}]", join("sweep", path), picks[a]),
            ));
            if let Err(msg) = doc.set(path, value.clone()) {
                return Err(at
                    .at_key(&join("sweep", path), msg)
                    .expected("a path to a field of `params`")
                    .into());
            }
            overrides.push((path.clone(), value.short()));
        }
        let params_node = doc.get("params").unwrap_or_default();
        let params = match kinds::check(kind, &params_node, "params", at) {
            Ok(p) => p,
            Err(errs) => {
                for mut e in errs.0 {
                    // Point at the swept value that caused it, when it did.
                    if let Some((_, vpath)) = origin.iter().find(|(p, _)| {
                        e.path == *p
                            || e.path.starts_with(&format!("{p}."))
                            || e.path.starts_with(&format!("{p}["))
                    }) {
                        let relocated = at.at_value(vpath, "");
                        e.line = relocated.line;
                        e.col = relocated.col;
                        e.source_line = relocated.source_line;
                        e.width = None;
                        e.path = vpath.clone();
                    }
                    match problems.iter_mut().find(|(p, _)| *p == e) {
                        Some((_, seen)) => seen.push(index),
                        None => problems.push((e, vec![index])),
                    }
                }
                continue;
            }
        };
        trials.push(Trial {
            index,
            overrides,
            params,
            seed,
            params_yaml: params_node.to_yaml(),
        });
    }
    if !problems.is_empty() {
        return Err(trial_errors(problems, total, at));
    }
    Ok((
        trials,
        axes.into_iter()
            .map(|(p, _)| if p == "cases" { "case".to_string() } else { p })
            .collect(),
    ))
}

/// The most distinct problems of a sweep's trials listed; the rest are counted.
const SHOWN_PROBLEMS: usize = 20;

/// Each distinct problem of the sweep's trials once, saying which trials have it, and how
/// many more there are past [`SHOWN_PROBLEMS`].
fn trial_errors(
    problems: Vec<(crate::error::SpecError, Vec<usize>)>,
    total: usize,
    at: &Located,
) -> SpecErrors {
    let distinct = problems.len();
    let mut out: Vec<crate::error::SpecError> = problems
        .into_iter()
        .take(SHOWN_PROBLEMS)
        .map(|(mut e, seen)| {
            let which = if seen.len() == total && total > 1 {
                format!("in every sweep trial (all {total})")
            } else if seen.len() == 1 {
                format!("in sweep trial {}", seen[0])
            } else {
                let listed: Vec<String> = seen.iter().take(5).map(|i| i.to_string()).collect();
                let more = seen.len().saturating_sub(5);
                if more > 0 {
                    format!("in sweep trials {} and {more} more", listed.join(", "))
                } else {
                    format!("in sweep trials {}", listed.join(", "))
                }
            };
            e.message = format!("{which}: {}", e.message);
            e
        })
        .collect();
    if distinct > SHOWN_PROBLEMS {
        out.push(
            at.at_key(
                "sweep",
                format!(
                    "{} more problems in the sweep's trials are not shown",
                    distinct - SHOWN_PROBLEMS
                ),
            )
            .expected("the problems above fixed first"),
        );
    }
    SpecErrors(out)
}

/// `cases:` labels are unique (they name the trials, the table's rows and the legends), and
/// a case may not set a field another axis sweeps (the case would silently replace the
/// axis' value while the `sweep.*` column and the labels still show it).
fn check_cases(axes: &[(String, Vec<Node>)], at: &Located) -> Result<(), SpecErrors> {
    let Some((_, cases)) = axes.iter().find(|(p, _)| p == "cases") else {
        return Ok(());
    };
    let swept: Vec<&str> = axes
        .iter()
        .map(|(p, _)| p.as_str())
        .filter(|p| p.starts_with("params."))
        .collect();
    let overlaps = |a: &str, b: &str| {
        a == b
            || a.strip_prefix(b).is_some_and(|r| r.starts_with(['.', '[']))
            || b.strip_prefix(a).is_some_and(|r| r.starts_with(['.', '[']))
    };
    let mut errors = Vec::new();
    let mut labels: Vec<(String, usize)> = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let ckey = format!("sweep.cases[{i}]");
        let fields = case.entries().unwrap_or_default();
        let mut parts = Vec::new();
        let mut label = None;
        for (k, v) in &fields {
            if k == "label" {
                label = Some(v.short());
                continue;
            }
            parts.push(format!("{}={}", crate::collect::short_param(k), v.short()));
            if let Some(axis) = swept.iter().find(|a| overlaps(k, a)) {
                errors.push(
                    at.at_key(
                        &join(&ckey, k),
                        format!("this case sets `{k}`, which the sweep axis `{axis}` already varies"),
                    )
                    .expected(format!(
                        "a case that leaves `{axis}` to its axis (or `{axis}` moved into every case)"
                    )),
                );
            }
        }
        let label = label.unwrap_or_else(|| {
            if parts.is_empty() {
                "base".to_string()
            } else {
                parts.join(", ")
            }
        });
        match labels.iter().find(|(l, _)| *l == label) {
            Some((_, first)) => {
                let path = if fields.iter().any(|(k, _)| k == "label") {
                    join(&ckey, "label")
                } else {
                    ckey.clone()
                };
                errors.push(
                    at.at_value(
                        &path,
                        format!("the label `{label}` is also case {first}'s"),
                    )
                    .expected("a label of its own for each case (it names the trial in tables and legends)"),
                );
            }
            None => labels.push((label, i)),
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(SpecErrors(errors))
    }
}
