//! Kind `hyperparameters`: the classic "default / if underfitting / if overfitting" table of
//! hyperparameters, measured (catalogue row 23).
//!
//! A base training configuration (any spec of kind `train`) is run as it is and once per
//! change: each hyperparameter lowered, raised, or swapped for an alternative, one at a time
//! and all in parallel. Every cell of the measured table is derived from those runs: the
//! training accuracy says how much the model underfits, the gap between validation and
//! training loss how much it overfits.

use super::common::{self, num};
use super::train;
use crate::collect::{Table, Values};
use crate::error::SpecErrors;
use crate::i18n::Lang;
use crate::locate::{join, Located};
use crate::parse::Node;
use crate::plot::{Axes, Curve, Figure};
use crate::run::{Outcome, ReportTable};
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct VaryRaw {
    name: String,
    path: String,
    #[serde(default)]
    lower: Option<Value>,
    #[serde(default)]
    higher: Option<Value>,
    #[serde(default)]
    alternatives: Option<Vec<Value>>,
    /// The classic advice: [for underfitting, for overfitting].
    #[serde(default)]
    classic: Option<[String; 2]>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Raw {
    /// Any `params:` block of kind `train`.
    #[schemars(schema_with = "super::train::schema")]
    base: Value,
    vary: Vec<VaryRaw>,
}

/// One changed run: which hyperparameter, which direction, and its checked parameters.
#[derive(Debug, Clone)]
pub struct Variant {
    pub row: usize,
    /// `lower`, `higher` or `alternative`.
    pub direction: &'static str,
    /// The value as written.
    pub value: String,
    pub params: train::Params,
}

/// A row of the table.
#[derive(Debug, Clone)]
pub struct Row {
    pub name: String,
    pub path: String,
    /// The base's value as written; `None` when the base does not set it.
    pub default: Option<String>,
    pub classic: Option<[String; 2]>,
}

/// Checked parameters.
#[derive(Debug, Clone)]
pub struct Params {
    pub base: Box<train::Params>,
    pub rows: Vec<Row>,
    pub variants: Vec<Variant>,
}

/// What a run measured.
#[derive(Debug, Clone, Copy)]
struct Measure {
    train_metric: f64,
    val_metric: f64,
    val_loss: f64,
    gap: f64,
    epochs: f64,
    diverged: bool,
    n_train: f64,
    n_val: f64,
    /// The gap of the untrained network (epoch 0): what the split and the initial weights
    /// give before any overfitting could happen.
    gap_start: f64,
    /// The epoch of the lowest validation loss (0 for the untrained network), and that loss.
    val_loss_min_epoch: f64,
    val_loss_min: f64,
}

fn measure(r: &Value) -> Measure {
    let f = |k: &str| r[k].as_f64().unwrap_or(f64::NAN);
    let lowest = lowest_val(r);
    Measure {
        train_metric: f("train_metric"),
        val_metric: f("val_metric"),
        val_loss: f("val_loss"),
        gap: f("gap"),
        epochs: f("epochs_run"),
        diverged: r["diverged"].as_bool().unwrap_or(false),
        n_train: f("n_train"),
        n_val: f("n_val"),
        gap_start: match (
            r["val_loss_by_epoch"][0].as_f64(),
            r["train_loss_by_epoch"][0].as_f64(),
        ) {
            (Some(v), Some(t)) => v - t,
            _ => f64::NAN,
        },
        val_loss_min_epoch: lowest.map_or(f64::NAN, |(e, _)| e as f64),
        val_loss_min: lowest.map_or(f64::NAN, |(_, v)| v),
    }
}

/// The lowest finite validation loss of a run and its epoch.
fn lowest_val(r: &Value) -> Option<(usize, f64)> {
    r["val_loss_by_epoch"].as_array().and_then(|v| {
        v.iter()
            .enumerate()
            .filter_map(|(e, x)| x.as_f64().filter(|x| x.is_finite()).map(|x| (e, x)))
            .min_by(|a, b| a.1.total_cmp(&b.1))
    })
}

/// Whether a run measured exactly what the base did: a change that never took effect (an
/// early stopping that never fired), not a change that did nothing measurable.
fn same_as_base(base: &Measure, m: &Measure) -> bool {
    !m.diverged
        && m.train_metric == base.train_metric
        && m.val_loss == base.val_loss
        && m.gap == base.gap
        && m.epochs == base.epochs
}

/// The least rise of the training score that counts as a cure for underfitting: 0.005, and
/// for accuracy at least two training samples (an accuracy moves in steps of 1/N, and one
/// sample's flip is not a cure). R² has no such step.
fn under_threshold(base: &Measure, accuracy: bool) -> f64 {
    if accuracy && base.n_train > 0.0 {
        (2.0 / base.n_train).max(0.005)
    } else {
        0.005
    }
}

/// What a change did: the change of the training score (up = less underfitting), of the gap
/// (down = less overfitting) and of the validation loss (down = generalizes better), against
/// the base run.
fn effect(base: &Measure, m: &Measure, lang: Lang) -> String {
    if m.diverged {
        return crate::tr!(lang, "hyperparameters-diverged");
    }
    if same_as_base(base, m) {
        return crate::tr!(lang, "hyperparameters-no-effect");
    }
    format!(
        "Δtrain {:+.3}, Δgap {:+.3}, Δval loss {:+.3}",
        m.train_metric - base.train_metric,
        m.gap - base.gap,
        m.val_loss - base.val_loss
    )
}

/// The columns of `metrics.csv`.
pub const COLUMNS: &[(&str, &str)] = &[
    (
        "run",
        "the run (hyperparameter=value, or base) and the split",
    ),
    ("hyperparameter", "the changed hyperparameter (base: none)"),
    ("direction", "lower, higher, alternative or base"),
    ("value", "the value tried"),
    ("split", "train or validation"),
    ("epoch", "0 for the untrained network, then each epoch"),
    ("loss", "data loss at the end of the epoch, the same quantity on train and validation (the L1/L2 penalty is not in it)"),
    ("penalty", "the L1/L2 penalty of the weights at the end of the epoch (0 without one)"),
    ("metric", "accuracy or R²"),
    ("lr", "learning rate of the epoch's last step"),
    ("grad_norm", "global gradient norm of the epoch's last step"),
    ("dead_units", "NaN here (no layer statistics)"),
];

/// The `hyperparameters` kind (see the module's documentation).
pub struct HyperparametersKind;

/// A row's changes to try: (direction, the value's path in the spec, the value).
fn changes(v: &VaryRaw, vpath: &str) -> Vec<(&'static str, String, Value)> {
    let mut changes: Vec<(&'static str, String, Value)> = Vec::new();
    if let Some(x) = &v.lower {
        changes.push(("lower", join(vpath, "lower"), x.clone()));
    }
    if let Some(x) = &v.higher {
        changes.push(("higher", join(vpath, "higher"), x.clone()));
    }
    for (k, x) in v.alternatives.iter().flatten().enumerate() {
        changes.push((
            "alternative",
            format!("{}[{k}]", join(vpath, "alternatives")),
            x.clone(),
        ));
    }
    changes
}

/// An error in a changed run, pointed at the value that changed it.
fn moved_to(
    mut e: crate::error::SpecError,
    at: &Located,
    at_path: &str,
    path: &str,
    value: &Node,
) -> crate::error::SpecError {
    let moved = at.at_value(
        at_path,
        format!("with `{path}` = {}: {}", value.short(), e.message),
    );
    e.line = moved.line;
    e.col = moved.col;
    e.source_line = moved.source_line;
    e.message = moved.message;
    e.path = at_path.to_string();
    e
}

/// A run's label: `base`, or the changed hyperparameter and its value.
fn run_label(p: &Params, i: usize) -> String {
    if i == 0 {
        "base".into()
    } else {
        let v = &p.variants[i - 1];
        format!("{}={}", p.rows[v.row].name, v.value)
    }
}

/// Every run's curves, tagged by its label, hyperparameter, direction and value.
fn tagged_metrics(p: &Params, outcomes: &[Outcome]) -> Table {
    let mut metrics = Table::new();
    for (i, o) in outcomes.iter().enumerate() {
        let mut t = o.metrics.clone();
        let n = t.height();
        let (name, direction, value) = if i == 0 {
            ("base".to_string(), "base", "".to_string())
        } else {
            let v = &p.variants[i - 1];
            (p.rows[v.row].name.clone(), v.direction, v.value.clone())
        };
        if let Some((_, Values::Str(run))) = t.columns.iter_mut().find(|c| c.0 == "run") {
            for r in run.iter_mut() {
                *r = format!("{} · {r}", run_label(p, i));
            }
        }
        t.push("hyperparameter", Values::Str(vec![name; n]));
        t.push("direction", Values::Str(vec![direction.to_string(); n]));
        t.push("value", Values::Str(vec![value; n]));
        metrics.append(&t);
    }
    metrics
}

/// The advice a measured change gives: lower, raise or switch to its value; none without one.
fn advice(b: Option<&Variant>, lang: Lang) -> String {
    match b {
        Some(v) => {
            let key = match v.direction {
                "lower" => "hyperparameters-advice-lower",
                "higher" => "hyperparameters-advice-raise",
                _ => "hyperparameters-advice-switch",
            };
            crate::tr!(lang, key, value = &v.value)
        }
        None => crate::tr!(lang, "hyperparameters-advice-none"),
    }
}

/// What each change of a row did to the base, in words.
fn tried_text(runs: &[(usize, &Variant)], measures: &[Measure], lang: Lang) -> String {
    let base = &measures[0];
    runs.iter()
        .map(|(k, v)| {
            let key = match v.direction {
                "lower" => "hyperparameters-tried-lower",
                "higher" => "hyperparameters-tried-higher",
                _ => "hyperparameters-tried-other",
            };
            crate::tr!(
                lang,
                key,
                value = &v.value,
                effect = effect(base, &measures[*k], lang),
            )
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// How much a change must narrow the base's gap to count as a cure for overfitting: 0.01
/// in loss, and a tenth of the gap itself (a change that leaves nine tenths of the
/// overfitting in place cures nothing).
fn over_threshold(base: &Measure) -> f64 {
    0.01f64.max(0.1 * base.gap.abs())
}

/// The change that raised the training score most (the cure for underfitting, if by at
/// least [`under_threshold`]) and the one that narrowed the gap most (the cure for overfitting, if by at
/// least [`over_threshold`]) without a worse validation loss; diverged runs never count.
fn cures<'a>(runs: &[(usize, &'a Variant)], measures: &[Measure], accuracy: bool) -> Cures<'a> {
    let base = &measures[0];
    let rise = under_threshold(base, accuracy);
    let finite: Vec<&(usize, &Variant)> = runs
        .iter()
        .filter(|(k, _)| !measures[*k].diverged && measures[*k].gap.is_finite())
        .collect();
    let best_under = finite
        .iter()
        .max_by(|a, b| {
            measures[a.0]
                .train_metric
                .total_cmp(&measures[b.0].train_metric)
        })
        .filter(|(k, _)| measures[*k].train_metric >= base.train_metric + rise);
    // Changes within the threshold of the best one did as well, as far as it can tell.
    let as_good: Vec<&Variant> = best_under.map_or(Vec::new(), |(kb, vb)| {
        finite
            .iter()
            .filter(|(k, v)| {
                !std::ptr::eq(*v, *vb)
                    && measures[*k].train_metric > measures[*kb].train_metric - rise
                    && measures[*k].train_metric >= base.train_metric + rise
            })
            .map(|(_, v)| *v)
            .collect()
    });
    let best_under = best_under.map(|(_, v)| *v);
    // A smaller gap bought by learning less is not a cure: the validation loss must not get
    // worse. (The loss, not the score: on a few hundred held-out samples an accuracy moves
    // in steps of a sample, while the loss also sees how confident each answer is, which is
    // where an overfitted network goes wrong first.)
    let holds = |k: usize| measures[k].val_loss <= base.val_loss;
    let best_over = finite
        .iter()
        .filter(|(k, _)| holds(*k))
        .min_by(|a, b| measures[a.0].gap.total_cmp(&measures[b.0].gap))
        .filter(|(k, _)| measures[*k].gap <= base.gap - over_threshold(base))
        .map(|(k, v)| (*k, *v));
    Cures {
        under: best_under,
        under_as_good: as_good,
        over: best_over,
    }
}

/// A row's measured cures: for underfitting the change that raised the training score most
/// and those within the threshold of it; for overfitting the change that narrowed the gap
/// most.
struct Cures<'a> {
    under: Option<&'a Variant>,
    under_as_good: Vec<&'a Variant>,
    /// With its run's index.
    over: Option<(usize, &'a Variant)>,
}

/// One row of the table, measured: what each of its changes did, the change that raised
/// the training score most (the cure for underfitting) and the one that narrowed the gap
/// most without a worse validation loss (the cure for overfitting), beside the classic
/// rule. Returns the row as shown and as data.
fn row_verdict(
    p: &Params,
    ri: usize,
    row: &Row,
    measures: &[Measure],
    underfits: bool,
    lang: Lang,
) -> (Vec<String>, Value) {
    let runs: Vec<(usize, &Variant)> = p
        .variants
        .iter()
        .enumerate()
        .filter(|(_, v)| v.row == ri)
        .map(|(k, v)| (k + 1, v))
        .collect();
    let tried = tried_text(&runs, measures, lang);
    let accuracy = p.base.config.loss != crate::nn::loss::Loss::Mse;
    let cures = cures(&runs, measures, accuracy);
    // On an underfitting base no change can show a cure for overfitting: the column says
    // so instead of naming the change that happened to narrow the gap most. A base whose
    // accuracy cannot rise by the threshold any more (it fits its training set) cannot show
    // a cure for underfitting either.
    let base = &measures[0];
    // (With a tolerance: 102/104 + 2/104 is 1 in exact arithmetic, and no room.)
    let no_room = accuracy && base.train_metric + under_threshold(base, accuracy) > 1.0 - 1e-9;
    // A row whose every change left the run as it was (early stopping that never
    // triggered) tested nothing: it says so instead of "no change helped".
    let no_effect = !runs.is_empty() && runs.iter().all(|(k, _)| same_as_base(base, &measures[*k]));
    let over = |lang: Lang| {
        if underfits {
            crate::tr!(lang, "hyperparameters-over-untested")
        } else if no_effect {
            crate::tr!(lang, "hyperparameters-untested-no-effect")
        } else {
            advice(cures.over.map(|(_, v)| v), lang)
        }
    };
    // A narrower gap with a lower training score (by the threshold) and fewer right
    // answers on the validation set (by more than one sample) was bought by learning less:
    // the table says so beside the advice.
    let learns_less = cures.over.filter(|(k, _)| {
        let m = &measures[*k];
        accuracy
            && base.n_val > 0.0
            && m.val_metric < base.val_metric - 1.0 / base.n_val - 1e-12
            && m.train_metric <= base.train_metric - under_threshold(base, accuracy)
    });
    // Another change of the row that narrows the gap by the threshold, without a higher
    // validation loss and without learning less: named beside a choice that learns less.
    let other_cure = runs.iter().find(|(k, _)| {
        let m = &measures[*k];
        learns_less.is_some_and(|(kl, _)| kl != *k)
            && !m.diverged
            && m.gap <= base.gap - over_threshold(base)
            && m.val_loss <= base.val_loss
            && m.val_metric >= base.val_metric - 1.0 / base.n_val.max(1.0) - 1e-12
    });
    let over_shown = |lang: Lang| {
        let mut s = over(lang);
        if let (Some((k, _)), false) = (learns_less, underfits) {
            let drop = base.val_metric - measures[k].val_metric;
            s.push_str(&crate::tr!(
                lang,
                "hyperparameters-advice-learns-less",
                drop = num(drop),
                samples = (drop * base.n_val).round()
            ));
            if let Some((_, v)) = other_cure {
                s.push_str(&crate::tr!(
                    lang,
                    "hyperparameters-advice-other-cure",
                    other = advice(Some(v), lang)
                ));
            }
        }
        s
    };
    let under = |lang: Lang| {
        if no_room {
            return crate::tr!(lang, "hyperparameters-under-untested");
        }
        if no_effect {
            return crate::tr!(lang, "hyperparameters-untested-no-effect");
        }
        let mut s = advice(cures.under, lang);
        // "No change helped" says which changes were tried: a row whose only change went
        // the other way than the classic rule (L2 not set, so only raised) did not test it.
        if cures.under.is_none() {
            let tried: Vec<String> = runs.iter().map(|(_, v)| advice(Some(v), lang)).collect();
            s.push_str(&crate::tr!(
                lang,
                "hyperparameters-advice-tried",
                tried = common::and_list_in(lang, &tried)
            ));
        }
        if !cures.under_as_good.is_empty() {
            let others: Vec<String> = cures
                .under_as_good
                .iter()
                .map(|v| v.value.clone())
                .collect();
            s.push_str(&crate::tr!(
                lang,
                "hyperparameters-advice-as-good",
                others = common::and_list_in(lang, &others)
            ));
        }
        s
    };
    let (classic_under, classic_over) = row
        .classic
        .clone()
        .map_or((String::new(), String::new()), |c| {
            (c[0].clone(), c[1].clone())
        });
    let dash = |s: &str| {
        if s.is_empty() {
            "–".to_string()
        } else {
            s.to_string()
        }
    };
    // The verdicts and the classic rule side by side, the measurements behind them last
    // (the widest column: on a narrow page it wraps, nothing is pushed out of view).
    let shown = vec![
        row.name.clone(),
        row.default
            .clone()
            .unwrap_or_else(|| crate::tr!(lang, "hyperparameters-not-set")),
        under(lang),
        over_shown(lang),
        if classic_under.is_empty() && classic_over.is_empty() {
            String::new()
        } else {
            format!("{} / {}", dash(&classic_under), dash(&classic_over))
        },
        tried,
    ];
    // The advice as data (English, stable for claims) and as the report shows it.
    let default_en = row
        .default
        .clone()
        .unwrap_or_else(|| crate::tr!(Lang::En, "hyperparameters-not-set"));
    let default_shown = row
        .default
        .clone()
        .unwrap_or_else(|| crate::tr!(lang, "hyperparameters-not-set"));
    // Each change tried in this row, measured against the base (for prose and claims).
    let base = &measures[0];
    let tried_json: Vec<Value> = runs
        .iter()
        .map(|(k, v)| {
            let m = &measures[*k];
            json!({
                "direction": v.direction, "value": v.value,
                "d_train": m.train_metric - base.train_metric, "d_gap": m.gap - base.gap,
                "d_val_loss": m.val_loss - base.val_loss, "d_val_metric": m.val_metric - base.val_metric,
            })
        })
        .collect();
    let data = json!({
        "name": row.name, "path": row.path, "default": default_en, "tried": tried_json,
        "for_underfitting": under(Lang::En), "for_overfitting": over(Lang::En),
        "classic_underfitting": classic_under, "classic_overfitting": classic_over,
        "shown": {
            "default": default_shown,
            "for_underfitting": under(lang),
            "for_overfitting": over_shown(lang),
        },
        "over_learns_less": learns_less.is_some() && !underfits,
    });
    (shown, data)
}

/// The runs' indices, best validation score first (diverged or NaN last, ties by index).
fn best_first(measures: &[Measure]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..measures.len()).collect();
    order.sort_by(|&a, &b| {
        let key = |i: usize| {
            if measures[i].diverged || measures[i].val_metric.is_nan() {
                f64::NEG_INFINITY
            } else {
                measures[i].val_metric
            }
        };
        key(b).total_cmp(&key(a)).then(a.cmp(&b))
    });
    order
}

/// Every run's numbers, in `order`.
fn runs_table(
    p: &Params,
    measures: &[Measure],
    order: &[usize],
    metric: &str,
    lang: Lang,
) -> ReportTable {
    let rows = order
        .iter()
        .map(|&i| {
            let m = &measures[i];
            vec![
                run_label(p, i),
                num(m.train_metric),
                num(m.val_metric),
                num(m.val_loss),
                num(m.gap),
                format!("{}", m.epochs),
                if m.diverged {
                    crate::tr!(lang, "hyperparameters-yes")
                } else {
                    "".into()
                },
            ]
        })
        .collect();
    ReportTable {
        title: crate::tr!(lang, "hyperparameters-runs-title"),
        columns: vec![
            crate::tr!(lang, "hyperparameters-runs-run"),
            crate::tr!(lang, "hyperparameters-runs-train", metric = metric),
            crate::tr!(lang, "hyperparameters-runs-validation", metric = metric),
            crate::tr!(lang, "hyperparameters-runs-validation-loss"),
            crate::tr!(lang, "hyperparameters-runs-gap"),
            crate::tr!(lang, "hyperparameters-runs-epochs"),
            crate::tr!(lang, "hyperparameters-runs-diverged"),
        ],
        rows,
        note: crate::tr!(lang, "hyperparameters-runs-note"),
    }
}

/// Each run as a point, training score against the gap: left–right is underfitting,
/// bottom–top overfitting; one panel per row, each point labelled by its value.
fn fit_map(p: &Params, measures: &[Measure], metric: &str, lang: Lang) -> Figure {
    let base = &measures[0];
    let mut curves = vec![Curve::line("base", vec![(base.train_metric, base.gap)])
        .scatter()
        .color(0)];
    for (ri, row) in p.rows.iter().enumerate() {
        curves.push(
            Curve::line(row.name.clone(), vec![])
                .scatter()
                .color(ri + 1),
        );
        for (k, v) in p.variants.iter().enumerate().filter(|(_, v)| v.row == ri) {
            curves.push(
                Curve::line(
                    format!("{}: {}", row.name, v.value),
                    vec![(measures[k + 1].train_metric, measures[k + 1].gap)],
                )
                .scatter()
                .color(ri + 1),
            );
        }
    }
    Figure::Curves {
        axes: Axes {
            title: crate::tr!(lang, "hyperparameters-map-title", metric = metric),
            x_label: crate::tr!(lang, "hyperparameters-map-x", metric = metric),
            y_label: crate::tr!(lang, "hyperparameters-map-y"),
            log_x: false,
            log_y: false,
            y_floor: None,
        },
        curves,
        vlines: vec![],
    }
}

/// How many rows' measured cure for overfitting goes the classic rule's way (raise/lower),
/// of the rows that have a classic rule.
fn classic_agreement(rows_json: &[Value]) -> (usize, usize, usize) {
    let agrees = |r: &&Value| {
        let c = r["classic_overfitting"]
            .as_str()
            .unwrap_or("")
            .to_lowercase();
        let m = r["for_overfitting"].as_str().unwrap_or("");
        !c.is_empty()
            && ((c.contains("rais")
                || c.contains("increas")
                || c.contains("add")
                || c.contains("more"))
                && m.starts_with("raise")
                || (c.contains("lower")
                    || c.contains("decreas")
                    || c.contains("reduc")
                    || c.contains("fewer")
                    || c.contains("less"))
                    && m.starts_with("lower"))
    };
    let agree = rows_json.iter().filter(agrees).count();
    // Of those, the rows whose change also learned less (marked in the table): the
    // direction agrees, but the change is no cure.
    let learns_less = rows_json
        .iter()
        .filter(agrees)
        .filter(|r| r["over_learns_less"].as_bool().unwrap_or(false))
        .count();
    let with_classic = rows_json
        .iter()
        .filter(|r| !r["classic_overfitting"].as_str().unwrap_or("").is_empty())
        .count();
    (agree, with_classic, learns_less)
}

/// The best training score of the changed runs that did not diverge.
fn best_train(measures: &[Measure]) -> f64 {
    measures[1..]
        .iter()
        .filter(|m| !m.diverged)
        .map(|m| m.train_metric)
        .fold(f64::NEG_INFINITY, f64::max)
}

/// Whether the base underfits: below 0.95 on its training set while some single change
/// fits it better by more than 0.05. The "if overfitting" column can only be judged on a
/// base that fits its training data and overfits; an underfitting base leaves it untested.
fn base_underfits(measures: &[Measure]) -> bool {
    let base = &measures[0];
    base.train_metric < 0.95 && best_train(measures) > base.train_metric + 0.05
}

/// The base, the best run, the runs that diverged, and how many classic "if overfitting"
/// rules the measurements agree with (or why the base cannot judge them).
fn findings(
    p: &Params,
    measures: &[Measure],
    rows_json: &[Value],
    best: usize,
    metric: &str,
    lang: Lang,
) -> Vec<String> {
    let base = &measures[0];
    let mut findings = vec![crate::tr!(
        lang,
        "hyperparameters-base",
        metric = metric,
        train = num(base.train_metric),
        val = num(base.val_metric),
        gap = num(base.gap),
    )];
    // The lowest validation loss, which the measured advice goes by, may be another run's.
    let lowest_loss = (0..measures.len())
        .filter(|&i| !measures[i].diverged && measures[i].val_loss.is_finite())
        .min_by(|&a, &b| measures[a].val_loss.total_cmp(&measures[b].val_loss))
        .unwrap_or(best);
    findings.push(crate::tr!(
        lang,
        "hyperparameters-best",
        metric = metric,
        runs = measures.len().to_string(),
        value = num(measures[best].val_metric),
        label = common::md(&run_label(p, best)),
        same = if lowest_loss == best { "yes" } else { "no" },
        loss = num(measures[lowest_loss].val_loss),
        loss_label = common::md(&run_label(p, lowest_loss)),
        loss_metric = num(measures[lowest_loss].val_metric),
    ));
    let diverged: Vec<String> = (1..measures.len())
        .filter(|&i| measures[i].diverged)
        .map(|i| common::md(&run_label(p, i)))
        .collect();
    if !diverged.is_empty() {
        findings.push(crate::tr!(
            lang,
            "hyperparameters-diverged-runs",
            runs = diverged.join(", "),
        ));
    }
    let (agree, with_classic, learns_less) = classic_agreement(rows_json);
    let underfits = base_underfits(measures);
    if with_classic > 0 && underfits {
        findings.push(crate::tr!(
            lang,
            "hyperparameters-base-underfits",
            metric = metric,
            train = num(base.train_metric),
            best = num(best_train(measures)),
        ));
    } else if with_classic > 0 {
        findings.push(crate::tr!(
            lang,
            "hyperparameters-classic-agreement",
            agree = agree.to_string(),
            rows = with_classic.to_string(),
            learns_less = learns_less,
        ));
    }
    findings
}

impl super::Kind for HyperparametersKind {
    type Params = Params;
    type Spec = Raw;
    const ID: &'static str = "hyperparameters";
    const CHAPTER: super::Chapter = super::Chapter::Deep;
    const SUMMARY: &'static str =
        "The hyperparameter table, measured: a base training run and one change at a \
                  time (lowered, raised, alternatives), each cell derived from train score and \
                  overfitting gap.";
    const EXAMPLE: &'static str = "params:\n  base: {data: {name: digits}, layers: [{units: 64}], optimizer: {name: adam}}\n  vary:\n    - {name: learning rate, path: optimizer.lr, lower: 0.0001, higher: 0.01}\n";
    const STARTER: &'static str = include_str!("../../templates/new/hyperparameters.yaml");
    const COLUMNS: &'static [(&'static str, &'static str)] = COLUMNS;

    fn input_hash(p: &Params) -> String {
        p.base.data.file_hash().to_string()
    }

    fn check(node: &Node, base: &str, at: &Located) -> Result<Params, SpecErrors> {
        let (raw, range_errors) = common::params::<Raw>(node, base, at)?;
        let base_path = join(base, "base");
        let base_node = Node::from_serialize(&raw.base);
        let base_params = train::TrainKind::check(&base_node, &base_path, at)?;
        let mut errors = range_errors;
        let mut rows = Vec::new();
        let mut variants = Vec::new();
        if raw.vary.is_empty() {
            errors.push(
                at.at_value(&join(base, "vary"), "nothing to vary")
                    .expected("a list such as `- {name: learning rate, path: optimizer.lr, lower: 0.0001, higher: 0.01}`"),
            );
        }
        for (i, v) in raw.vary.iter().enumerate() {
            let vpath = format!("{}[{i}]", join(base, "vary"));
            let default = base_node.get(&v.path).map(|n| n.short());
            let changes = changes(v, &vpath);
            if changes.is_empty() {
                errors.push(
                    at.at_value(&vpath, format!("`{}` has no value to try", v.name))
                        .expected("`lower`, `higher` or `alternatives`"),
                );
            }
            for (direction, at_path, value) in changes {
                let mut n = base_node.clone();
                let value_node = Node::from_serialize(&value);
                if let Err(msg) = n.set(&v.path, value_node.clone()) {
                    errors.push(at.at_value(&join(&vpath, "path"), msg).expected(
                        "a path inside `base`, such as `optimizer.lr` or `hidden.units`",
                    ));
                    break;
                }
                match train::TrainKind::check(&n, &base_path, at) {
                    Ok(params) => variants.push(Variant {
                        row: i,
                        direction,
                        value: value_node.short(),
                        params,
                    }),
                    Err(errs) => errors.extend(
                        errs.0
                            .into_iter()
                            .map(|e| moved_to(e, at, &at_path, &v.path, &value_node)),
                    ),
                }
            }
            rows.push(Row {
                name: v.name.clone(),
                path: v.path.clone(),
                default,
                classic: v.classic.clone(),
            });
        }
        if variants.len() > 200 {
            errors.push(
                at.at_value(&join(base, "vary"), format!("{} runs", variants.len() + 1))
                    .expected("at most 200 changed runs"),
            );
        }
        if !errors.is_empty() {
            return Err(SpecErrors(errors));
        }
        Ok(Params {
            base: Box::new(base_params),
            rows,
            variants,
        })
    }

    /// Runs the base and every one-change variant (in parallel), then measures each change
    /// against the base: the table's verdicts, the runs sorted by validation score, the fit
    /// map, and the findings.
    fn run(p: &Params, _trial: usize, seed: u64, lang: Lang) -> Result<Outcome, String> {
        use rayon::prelude::*;
        let mut all: Vec<&train::Params> = vec![&p.base];
        all.extend(p.variants.iter().map(|v| &v.params));
        let outcomes: Vec<Result<Outcome, String>> = all
            .par_iter()
            .map(|tp| train::TrainKind::run(tp, 0, seed, lang))
            .collect();
        let outcomes: Vec<Outcome> = outcomes.into_iter().collect::<Result<_, _>>()?;
        let metrics = tagged_metrics(p, &outcomes);
        let measures: Vec<Measure> = outcomes.iter().map(|o| measure(&o.results)).collect();
        let base = &measures[0];
        let metric_name: String = if p.base.config.loss == crate::nn::loss::Loss::Mse {
            "R²".into()
        } else {
            crate::tr!(lang, "hyperparameters-accuracy")
        };
        let metric = metric_name.as_str();
        let underfits = base_underfits(&measures);
        let (table_rows, rows_json): (Vec<Vec<String>>, Vec<Value>) = p
            .rows
            .iter()
            .enumerate()
            .map(|(ri, row)| row_verdict(p, ri, row, &measures, underfits, lang))
            .unzip();
        let order = best_first(&measures);
        let best = order[0];
        let findings = findings(p, &measures, &rows_json, best, metric, lang);
        Ok(Outcome {
            metrics,
            results: json!({
                "base": {
                    "train_metric": base.train_metric, "val_metric": base.val_metric, "val_loss": base.val_loss, "gap": base.gap, "underfits": underfits,
                    "gap_start": base.gap_start, "val_loss_min_epoch": base.val_loss_min_epoch, "val_loss_min": base.val_loss_min, "epochs": base.epochs,
                    // The split's sizes and the base's updates per epoch, for prose and claims.
                    "n_train": outcomes[0].results["n_train"], "n_val": outcomes[0].results["n_val"], "n_test": outcomes[0].results["n_test"],
                    "steps_per_epoch": outcomes[0].results["steps_per_epoch"],
                },
                "rows": rows_json,
                "runs": measures.len(),
                "best": run_label(p, best),
                "best_val_metric": measures[best].val_metric,
            }),
            findings,
            overview: None,
            figures: vec![("fit_map".into(), fit_map(p, &measures, metric, lang))],
            tables: vec![
                ReportTable {
                    title: crate::tr!(lang, "hyperparameters-table-title"),
                    columns: [
                        "hyperparameters-table-hyperparameter",
                        "hyperparameters-table-default",
                        "hyperparameters-table-for-underfitting",
                        "hyperparameters-table-for-overfitting",
                        "hyperparameters-table-classic",
                        "hyperparameters-table-tried",
                    ]
                    .map(|k| crate::i18n::text(lang, k))
                    .to_vec(),
                    rows: table_rows,
                    note: crate::tr!(
                        lang,
                        "hyperparameters-table-note",
                        metric = metric,
                        base_val = num(base.val_loss),
                        base_min = num(base.val_loss_min),
                        base_min_epoch = base.val_loss_min_epoch,
                        // Only a base whose validation loss rose from its lowest can be
                        // beaten by a change that merely trains less.
                        rose = if base.val_loss > base.val_loss_min {
                            "yes"
                        } else {
                            "no"
                        },
                        rise = num(under_threshold(
                            base,
                            p.base.config.loss != crate::nn::loss::Loss::Mse
                        )),
                        gap_cut = num(over_threshold(base))
                    ),
                },
                runs_table(p, &measures, &order, metric, lang),
            ],
            headline: vec![],
            score: None,
            extra_tables: vec![],
        })
    }

    /// Peak memory: two training runs of the base's size at once (the runs go in parallel).
    fn memory(p: &Params) -> (u64, &'static str) {
        let (bytes, field) = train::TrainKind::memory(&p.base);
        let field = match field {
            "data.n" => "base.data.n",
            "data.limit" => "base.data.limit",
            _ => "base.layers",
        };
        (2 * bytes, field)
    }

    /// The base run and every change's run: each a training run.
    fn work(p: &Params) -> (f64, &'static str) {
        let total = train::train_work(&p.base)
            + p.variants
                .iter()
                .map(|v| train::train_work(&v.params))
                .sum::<f64>();
        (total, "vary")
    }
}
