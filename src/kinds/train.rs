//! Kind `train`: a multilayer perceptron trained on any data set with any of the engine's
//! knobs (architecture, activation, initializer, optimizer, schedule, penalties, batch
//! norm, dropout, clipping, early stopping); sweeps over any of them run trials in parallel.
//!
//! The foundation of catalogue rows 16–24: per-epoch curves for train and validation, a test
//! evaluation of the final (or best) weights, and per-layer statistics on demand.

use super::common::{self, num};
use crate::collect::{Table, Values};
use crate::error::SpecErrors;
use crate::locate::{join, Located};
use crate::nn::activation::Activation;
use crate::nn::data::{self, Dataset, Standardizer};
use crate::nn::init::Init;
use crate::nn::loss::Loss;
use crate::nn::network::{LayerSpec, Network};
use crate::nn::optim::OptimizerSpec;
use crate::nn::schedule::Schedule;
use crate::nn::train::{evaluate, train, TrainConfig};
use crate::numerics::rng::Rng;
use crate::parse::{deserialize, Node};
use crate::plot::{Axes, Figure, FromTable};
use crate::run::{Outcome, ReportTable};
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "snake_case", tag = "name", deny_unknown_fields)]
pub enum DataSpec {
    Digits,
    Moons {
        #[serde(default = "n500")]
        n: usize,
        #[serde(default = "noise")]
        noise: f64,
    },
    Circles {
        #[serde(default = "n500")]
        n: usize,
        #[serde(default = "noise")]
        noise: f64,
    },
    Spirals {
        #[serde(default = "n500")]
        n: usize,
        #[serde(default = "three")]
        classes: usize,
        #[serde(default = "noise")]
        noise: f64,
    },
    Blobs {
        #[serde(default = "n500")]
        n: usize,
        #[serde(default = "three")]
        classes: usize,
    },
    Xor,
    Linear {
        #[serde(default = "n500")]
        n: usize,
        #[serde(default = "noise")]
        noise: f64,
    },
}

fn n500() -> usize {
    500
}
fn noise() -> f64 {
    0.2
}
fn three() -> usize {
    3
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct HiddenSpec {
    units: usize,
    #[serde(default = "relu")]
    activation: Activation,
    #[serde(default)]
    batch_norm: bool,
    #[serde(default)]
    dropout: f64,
    #[serde(default)]
    alpha_dropout: bool,
}

fn relu() -> Activation {
    Activation::Relu
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct EarlyStopping {
    patience: usize,
    #[serde(default = "yes")]
    restore_best: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    data: DataSpec,
    #[serde(default = "val")]
    validation: f64,
    #[serde(default = "val")]
    test: f64,
    #[serde(default = "yes")]
    standardize: bool,
    layers: Vec<HiddenSpec>,
    #[serde(default = "he")]
    init: Init,
    optimizer: OptimizerSpec,
    #[serde(default = "constant")]
    schedule: Schedule,
    #[serde(default = "epochs")]
    epochs: usize,
    #[serde(default = "batch")]
    batch_size: usize,
    #[serde(default)]
    l1: f64,
    #[serde(default)]
    l2: f64,
    #[serde(default)]
    max_norm: Option<f64>,
    #[serde(default)]
    clip_value: Option<f64>,
    #[serde(default)]
    clip_norm: Option<f64>,
    #[serde(default)]
    early_stopping: Option<EarlyStopping>,
    #[serde(default)]
    layer_stats: bool,
}

fn val() -> f64 {
    0.2
}
fn he() -> Init {
    Init::HeNormal
}
fn constant() -> Schedule {
    Schedule::Constant
}
fn epochs() -> usize {
    30
}
fn batch() -> usize {
    32
}

/// Checked parameters.
#[derive(Debug, Clone)]
pub struct Params {
    pub data: DataSpec,
    pub validation: f64,
    pub test: f64,
    pub standardize: bool,
    pub layers: Vec<LayerSpec>,
    pub init: Init,
    pub config: TrainConfig,
}

pub fn check(node: &Node, base: &str, at: &Located) -> Result<Params, SpecErrors> {
    let raw: Raw = deserialize(node, base, at)?;
    let mut errors = Vec::new();
    let p = |k: &str| join(base, k);
    if raw.layers.is_empty() {
        errors.push(
            at.at_value(&p("layers"), "no hidden layers")
                .expected("a list such as `- {units: 64, activation: {name: relu}}`"),
        );
    }
    for (i, l) in raw.layers.iter().enumerate() {
        let path = format!("{}[{i}]", p("layers"));
        common::check_range(&mut errors, at, &path, "units", l.units, (1, 4096));
        if !(0.0..1.0).contains(&l.dropout) {
            errors.push(
                at.at_value(
                    &join(&path, "dropout"),
                    format!("`dropout` is {}", l.dropout),
                )
                .expected("a probability in [0, 1)"),
            );
        }
    }
    common::check_range(&mut errors, at, base, "epochs", raw.epochs, (1, 100_000));
    common::check_range(
        &mut errors,
        at,
        base,
        "batch_size",
        raw.batch_size,
        (1, 100_000),
    );
    if raw.validation <= 0.0 || raw.test < 0.0 || raw.validation + raw.test >= 0.9 {
        errors.push(
            at.at_value(
                &p("validation"),
                format!("validation {} and test {}", raw.validation, raw.test),
            )
            .expected("fractions with validation > 0, test ≥ 0 and validation + test < 0.9"),
        );
    }
    let lr = raw.optimizer.lr();
    if !(lr.is_finite() && lr > 0.0) {
        errors.push(
            at.at_value(&join(&p("optimizer"), "lr"), format!("`lr` is {lr}"))
                .expected("a positive learning rate"),
        );
    }
    for (name, v) in [("l1", raw.l1), ("l2", raw.l2)] {
        if !(v.is_finite() && v >= 0.0) {
            errors.push(
                at.at_value(&p(name), format!("`{name}` is {v}"))
                    .expected("a penalty ≥ 0"),
            );
        }
    }
    if !errors.is_empty() {
        return Err(SpecErrors(errors));
    }
    let classify = !matches!(raw.data, DataSpec::Linear { .. });
    let loss = match (&raw.data, classify) {
        (_, false) => Loss::Mse,
        (DataSpec::Moons { .. } | DataSpec::Circles { .. } | DataSpec::Xor, true) => {
            Loss::BceWithLogits
        }
        (DataSpec::Spirals { classes, .. } | DataSpec::Blobs { classes, .. }, true)
            if *classes == 2 =>
        {
            Loss::BceWithLogits
        }
        _ => Loss::SoftmaxCrossEntropy,
    };
    let layers = raw
        .layers
        .iter()
        .map(|l| LayerSpec {
            units: l.units,
            activation: l.activation,
            batch_norm: l.batch_norm,
            dropout: l.dropout,
            alpha_dropout: l.alpha_dropout,
        })
        .collect();
    Ok(Params {
        data: raw.data,
        validation: raw.validation,
        test: raw.test,
        standardize: raw.standardize,
        layers,
        init: raw.init,
        config: TrainConfig {
            epochs: raw.epochs,
            batch_size: raw.batch_size,
            loss,
            optimizer: raw.optimizer,
            schedule: raw.schedule,
            l1: raw.l1,
            l2: raw.l2,
            max_norm: raw.max_norm,
            clip_value: raw.clip_value,
            clip_norm: raw.clip_norm,
            patience: raw.early_stopping.as_ref().map(|e| e.patience),
            restore_best: raw.early_stopping.as_ref().is_some_and(|e| e.restore_best),
            layer_stats: raw.layer_stats,
            seed: 0,
        },
    })
}

fn load(d: &DataSpec, seed: u64) -> Dataset {
    match *d {
        DataSpec::Digits => data::digits(),
        DataSpec::Moons { n, noise } => data::moons(n, noise, seed),
        DataSpec::Circles { n, noise } => data::circles(n, noise, 0.5, seed),
        DataSpec::Spirals { n, classes, noise } => data::spirals(n, classes, noise, seed),
        DataSpec::Blobs { n, classes } => data::blobs(n, classes, 1.0, seed),
        DataSpec::Xor => data::xor(),
        DataSpec::Linear { n, noise } => data::linear(n, &[2.0, -1.0, 0.5], 0.3, noise, seed),
    }
}

/// Trains one configuration; `seed` drives the data, the split, the weights and the batches.
pub fn run(p: &Params, trial: usize, seed: u64) -> Result<Outcome, String> {
    let raw = load(&p.data, seed);
    let (tr, va, te) = data::split(&raw, p.validation, p.test, seed);
    let (tr, va, te) = if p.standardize {
        let s = Standardizer::fit(&tr);
        (s.apply(&tr), s.apply(&va), s.apply(&te))
    } else {
        (tr, va, te)
    };
    let mut specs = p.layers.clone();
    let outputs = tr.y.nrows();
    specs.push(LayerSpec::dense(outputs, Activation::Identity));
    let mut rng = Rng::new(seed.wrapping_add(1));
    let mut net = Network::new(tr.x.nrows(), &specs, p.init, &mut rng);
    let mut cfg = p.config.clone();
    cfg.seed = seed.wrapping_add(2);
    let h = train(&mut net, &tr, &va, &cfg);
    let metric_name = if cfg.loss == Loss::Mse {
        "R²"
    } else {
        "accuracy"
    };
    let mut t = Table::new();
    for (split, pick) in [("train", 0usize), ("validation", 1)] {
        let e = &h.epochs;
        t.append(
            &Table::new()
                .with("run", Values::Str(vec![split.to_string(); e.len()]))
                .with("split", Values::Str(vec![split.to_string(); e.len()]))
                .with(
                    "epoch",
                    Values::I64(e.iter().map(|r| r.epoch as i64).collect()),
                )
                .with(
                    "loss",
                    Values::F64(
                        e.iter()
                            .map(|r| if pick == 0 { r.train_loss } else { r.val_loss })
                            .collect(),
                    ),
                )
                .with(
                    "metric",
                    Values::F64(
                        e.iter()
                            .map(|r| {
                                if pick == 0 {
                                    r.train_metric
                                } else {
                                    r.val_metric
                                }
                            })
                            .collect(),
                    ),
                )
                .with("lr", Values::F64(e.iter().map(|r| r.lr).collect()))
                .with(
                    "grad_norm",
                    Values::F64(e.iter().map(|r| r.grad_norm).collect()),
                ),
        );
    }
    let mut out = Outcome {
        metrics: t,
        ..Outcome::default()
    };
    if cfg.layer_stats {
        let rows: Vec<_> = h
            .epochs
            .iter()
            .flat_map(|e| e.layers.iter().map(move |l| (e.epoch, l.clone())))
            .collect();
        out.extra_tables.push((
            "layers".into(),
            Table::new()
                .with(
                    "epoch",
                    Values::I64(rows.iter().map(|r| r.0 as i64).collect()),
                )
                .with(
                    "layer",
                    Values::I64(rows.iter().map(|r| r.1.layer as i64).collect()),
                )
                .with(
                    "act_mean",
                    Values::F64(rows.iter().map(|r| r.1.act_mean).collect()),
                )
                .with(
                    "act_std",
                    Values::F64(rows.iter().map(|r| r.1.act_std).collect()),
                )
                .with(
                    "saturated",
                    Values::F64(rows.iter().map(|r| r.1.saturated).collect()),
                )
                .with(
                    "grad_w_norm",
                    Values::F64(rows.iter().map(|r| r.1.grad_w_norm).collect()),
                )
                .with(
                    "grad_b_norm",
                    Values::F64(rows.iter().map(|r| r.1.grad_b_norm).collect()),
                )
                .with(
                    "grad_u_norm",
                    Values::F64(rows.iter().map(|r| r.1.grad_u_norm).collect()),
                )
                .with(
                    "update_ratio",
                    Values::F64(rows.iter().map(|r| r.1.update_ratio).collect()),
                ),
        ));
    }
    let (test_loss, test_metric) = if te.is_empty() {
        (f64::NAN, f64::NAN)
    } else {
        evaluate(&mut net, &te, cfg.loss)
    };
    let last = h.epochs.last().cloned();
    let (tl, vl, tm, vm) = last
        .as_ref()
        .map_or((f64::NAN, f64::NAN, f64::NAN, f64::NAN), |e| {
            (e.train_loss, e.val_loss, e.train_metric, e.val_metric)
        });
    let arch: Vec<String> = std::iter::once(tr.x.nrows().to_string())
        .chain(specs.iter().map(|s| s.units.to_string()))
        .collect();
    out.findings.push(format!(
        "A {} network ({}; {} init, {}) trained on {} ({} train, {} validation, {} test samples) for {} epoch(s){}: train loss {}, validation loss {}; train {metric_name} {}, validation {metric_name} {}, test {metric_name} {} (weights of epoch {}).",
        arch.join("-"),
        p.layers.iter().map(|l| l.activation.name()).collect::<Vec<_>>().join("/"),
        p.init.name(),
        cfg.optimizer.name(),
        raw.name,
        tr.len(),
        va.len(),
        te.len(),
        h.epochs.len(),
        if h.stopped_early { " (stopped early)" } else { "" },
        num(tl), num(vl), num(tm), num(vm), num(test_metric), h.best_epoch
    ));
    if h.diverged {
        out.findings.push(format!("Training **diverged**: the loss became inf/NaN in epoch {}; lr = {} is too large for this network.", h.epochs.len(), num(cfg.optimizer.lr())));
    } else if vl > 1.2 * tl && cfg.loss != Loss::Mse {
        out.findings.push(format!("The validation loss ends {}× the training loss: the network fits the training set better than new data (overfitting); regularization or early stopping would narrow the gap.", num(vl / tl)));
    }
    out.tables.push(ReportTable {
        title: "Final metrics".into(),
        columns: ["split", "loss", metric_name].map(String::from).to_vec(),
        rows: vec![
            vec!["train".into(), num(tl), num(tm)],
            vec!["validation".into(), num(vl), num(vm)],
            vec!["test".into(), num(test_loss), num(test_metric)],
        ],
        note: format!(
            "Loss: {:?}. Features standardized on the training split only: {}.",
            cfg.loss, p.standardize
        ),
    });
    out.results = json!({
        "train_loss": tl, "val_loss": vl, "test_loss": test_loss,
        "train_metric": tm, "val_metric": vm, "test_metric": test_metric,
        "best_epoch": h.best_epoch, "epochs_run": h.epochs.len(), "stopped_early": h.stopped_early, "diverged": h.diverged,
    });
    out.headline = vec![
        (format!("validation {metric_name}"), num(vm)),
        (format!("test {metric_name}"), num(test_metric)),
        ("epochs".into(), h.epochs.len().to_string()),
    ];
    let lines = |y: &str, title: String, label: &str, log: bool| Figure::Lines {
        axes: Axes {
            title,
            x_label: "epoch".into(),
            y_label: label.into(),
            log_x: false,
            log_y: log,
        },
        data: FromTable {
            x: "epoch".into(),
            y: y.into(),
            group: "series".into(),
            trial: Some(trial as i64),
            filter: vec![],
        },
    };
    out.figures.push((
        "loss".into(),
        lines(
            "loss",
            "Loss by epoch, train and validation".into(),
            "loss",
            true,
        ),
    ));
    out.figures.push((
        "metric".into(),
        lines(
            "metric",
            format!("{metric_name} by epoch, train and validation"),
            metric_name,
            false,
        ),
    ));
    Ok(out)
}

/// The columns of `metrics.csv` (and `layers.csv` with `layer_stats: true`).
pub const COLUMNS: &[(&str, &str)] = &[
    ("run", "train or validation"),
    ("split", "train or validation"),
    ("epoch", "1-based epoch"),
    ("loss", "loss at the end of the epoch (with the L1/L2 penalty on train)"),
    ("metric", "accuracy (classification) or R² (regression)"),
    ("lr", "learning rate of the epoch's last step"),
    ("grad_norm", "global gradient norm of the epoch's last step, before clipping"),
    ("layers.csv", "epoch, layer, act_mean, act_std, saturated, grad_w_norm, grad_b_norm, grad_u_norm (‖∂L/∂z‖ per sample), update_ratio"),
];
