//! Kind `depth`: vanishing and exploding signals across depths (catalogue row 16).
//!
//! For each activation × initializer and each depth, a plain stack of equal-width dense
//! layers is measured on a probe batch at initialization and after each of the first
//! training epochs: per-layer activation spread, the back-propagated gradient ‖∂L/∂z_l‖ and
//! the weight gradient ‖∂L/∂W_l‖. Next to the measurements it draws the mean-field
//! variance-propagation prediction (Poole et al. 2016; Schoenholz et al. 2017):
//! q_{l+1} = n·Var[W]·E_{z∼N(0,q_l)}[f(z)²] forward and
//! ‖δ_l‖² = n·Var[W]·E_{z∼N(0,q_l)}[f'(z)²]·‖δ_{l+1}‖² backward.

use super::common::{self, num};
use super::train::{load, loss_for, DataSpec};
use crate::collect::{Table, Values};
use crate::error::SpecErrors;
use crate::i18n::Lang;
use crate::locate::{join, Located};
use crate::nn::activation::Activation;
use crate::nn::data::{self, Standardizer};
use crate::nn::init::Init;
use crate::nn::network::{LayerSpec, Network};
use crate::nn::optim::OptimizerSpec;
use crate::nn::train::{layer_stats, train, LayerStats, TrainConfig};
use crate::numerics::rng::Rng;
use crate::parse::Node;
use crate::plot::{Axes, Curve, Figure, HeatPanel};
use crate::run::{Outcome, ReportTable};
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct ConfigSpec {
    activation: Activation,
    init: Init,
    #[serde(default)]
    label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Raw {
    #[serde(default = "digits")]
    data: DataSpec,
    #[serde(default = "width")]
    #[schemars(range(min = 1, max = 1024))]
    width: usize,
    depths: Vec<usize>,
    configs: Vec<ConfigSpec>,
    #[serde(default = "probe")]
    #[schemars(range(min = 2, max = 4096))]
    probe: usize,
    #[serde(default)]
    #[schemars(range(min = 0, max = 1000))]
    epochs: usize,
    #[serde(default = "sgd")]
    optimizer: OptimizerSpec,
    #[serde(default = "batch")]
    #[schemars(range(min = 1, max = 4096))]
    batch_size: usize,
}

fn digits() -> DataSpec {
    DataSpec::Digits
}
fn width() -> usize {
    64
}
fn probe() -> usize {
    256
}
fn batch() -> usize {
    32
}
fn sgd() -> OptimizerSpec {
    OptimizerSpec::Sgd {
        lr: 0.01,
        momentum: 0.0,
        dampening: 0.0,
        nesterov: false,
        weight_decay: 0.0,
    }
}

/// One activation × initializer pairing.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub activation: Activation,
    pub init: Init,
    pub label: String,
}

/// Checked parameters.
#[derive(Debug, Clone)]
pub struct Params {
    pub data: DataSpec,
    pub width: usize,
    /// Ascending, distinct.
    pub depths: Vec<usize>,
    pub configs: Vec<Config>,
    pub probe: usize,
    pub epochs: usize,
    pub optimizer: OptimizerSpec,
    pub batch_size: usize,
}

/// E over z ∼ N(0, q) of g(z), by the midpoint rule on ±10 standard deviations. No node
/// falls on 0, so the kink of the ReLU family at 0 sits on a cell boundary and costs no
/// accuracy (Gauss–Hermite would converge slowly there).
pub fn gauss_mean(q: f64, g: impl Fn(f64) -> f64) -> f64 {
    if q <= 0.0 {
        return g(0.0);
    }
    let s = q.sqrt();
    let n = 4000;
    let h = 20.0 / n as f64;
    let mut acc = 0.0;
    for k in 0..n {
        let t = -10.0 + (k as f64 + 0.5) * h;
        acc += g(s * t) * (-0.5 * t * t).exp();
    }
    acc * h / (2.0 * std::f64::consts::PI).sqrt()
}

/// The mean-field prediction for one network: per hidden layer, the activation std and
/// the back-propagated gradient norm, anchored at the measured gradient of the output.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    pub act_std: Vec<f64>,
    pub grad_u: Vec<f64>,
}

/// Variance propagation through `depth` layers of `width` units with weight variance
/// `var_w` (the first layer sees inputs with Σⱼ E[xⱼ²] = `input_m2`), the output layer's
/// weight variance `var_out` and measured ‖δ_out‖ = `delta_out`.
pub fn predict(
    act: Activation,
    depth: usize,
    width: usize,
    var_w: (f64, f64),
    var_out: f64,
    input_m2: f64,
    delta_out: f64,
) -> Prediction {
    let slope = 0.25;
    let mut q = var_w.0 * input_m2;
    let mut qs = Vec::with_capacity(depth);
    let mut act_std = Vec::with_capacity(depth);
    for _ in 0..depth {
        qs.push(q);
        let m1 = gauss_mean(q, |z| act.f(z, slope));
        let m2 = gauss_mean(q, |z| act.f(z, slope).powi(2));
        act_std.push((m2 - m1 * m1).max(0.0).sqrt());
        q = var_w.1 * width as f64 * m2;
    }
    let mut grad_u = vec![0.0; depth];
    let mut d2 = delta_out * delta_out;
    for l in (0..depth).rev() {
        let v = if l + 1 == depth { var_out } else { var_w.1 };
        let g2 = gauss_mean(qs[l], |z| act.df(z, slope).powi(2));
        d2 *= width as f64 * v * g2;
        grad_u[l] = d2.sqrt();
    }
    Prediction { act_std, grad_u }
}

/// What one configuration at one depth measured.
#[derive(Debug, Clone)]
struct Measured {
    config: usize,
    depth: usize,
    /// Per epoch (0 = initialization), the hidden layers' statistics.
    epochs: Vec<Vec<LayerStats>>,
    /// Per epoch ≥ 1: train loss, validation loss, validation accuracy.
    curves: Vec<(f64, f64, f64)>,
    prediction: Prediction,
    diverged: bool,
}

fn measure(p: &Params, ci: usize, depth: usize, seed: u64) -> Measured {
    let c = &p.configs[ci];
    let raw = load(&p.data, seed);
    let (tr, va, _) = data::split(&raw, 0.2, 0.0, seed);
    let s = Standardizer::fit(&tr);
    let (mut tr, mut va) = (tr, va);
    s.apply_in_place(&mut tr);
    s.apply_in_place(&mut va);
    let loss = loss_for(&p.data);
    let mut specs = vec![LayerSpec::dense(p.width, c.activation); depth];
    specs.push(LayerSpec::dense(tr.y.nrows(), Activation::Identity));
    // The same weight stream for every configuration: differences come from the
    // activation and the initializer, not from luck.
    let mut rng = Rng::new(seed.wrapping_add(1));
    let mut net = Network::new(tr.x.nrows(), &specs, c.init, &mut rng);
    let m = p.probe.min(tr.len());
    let probe = tr.select(&(0..m).collect::<Vec<_>>());
    let at_init = layer_stats(&mut net, &probe, loss, &[]);
    let input_m2 = probe.x.norm_squared() / m as f64;
    let n_in = tr.x.nrows();
    let var_w = (
        c.init.variance(n_in, p.width).unwrap_or(0.0),
        c.init.variance(p.width, p.width).unwrap_or(0.0),
    );
    let var_out = c.init.variance(p.width, tr.y.nrows()).unwrap_or(0.0);
    let delta_out = at_init.last().map_or(0.0, |l| l.grad_u_norm);
    let prediction = predict(
        c.activation,
        depth,
        p.width,
        var_w,
        var_out,
        input_m2,
        delta_out,
    );
    let hidden = |v: Vec<LayerStats>| v.into_iter().take(depth).collect::<Vec<_>>();
    let mut epochs = vec![hidden(at_init)];
    let mut curves = Vec::new();
    let mut diverged = false;
    if p.epochs > 0 {
        // One epoch at a time, so the statistics use the same probe batch throughout.
        let mut cfg = TrainConfig::plain(1, p.batch_size, loss, p.optimizer, 0);
        for e in 0..p.epochs {
            cfg.seed = seed.wrapping_add(2).wrapping_add(e as u64);
            let h = train(&mut net, &tr, &va, &cfg);
            let r = &h.epochs[0];
            curves.push((r.train_loss, r.val_loss, r.val_metric));
            let stats = layer_stats(&mut net, &probe, loss, &[]);
            epochs.push(hidden(stats));
            if h.diverged {
                diverged = true;
                break;
            }
        }
    }
    Measured {
        config: ci,
        depth,
        epochs,
        curves,
        prediction,
        diverged,
    }
}

fn ratio(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        if a == 0.0 {
            f64::NAN
        } else {
            f64::INFINITY
        }
    } else {
        a / b
    }
}

/// A ratio (last to first, or first to last) in words: vanishes / explodes past a factor of
/// 10³, stays within a factor of 2, else shrinks or grows by the factor, as measured.
fn verdict(lang: Lang, ratio: f64) -> String {
    if !ratio.is_finite() || ratio > 1e3 {
        crate::tr!(lang, "depth-verdict-explodes")
    } else if ratio < 1e-3 {
        crate::tr!(lang, "depth-verdict-vanishes")
    } else if (0.5..=2.0).contains(&ratio) {
        crate::tr!(lang, "depth-verdict-keeps-scale")
    } else if ratio < 1.0 {
        crate::tr!(lang, "depth-verdict-shrinks", factor = num(ratio))
    } else {
        crate::tr!(lang, "depth-verdict-grows", factor = num(ratio))
    }
}

/// `a, b and c`, in `lang`.
fn and_list(lang: Lang, items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => {
            crate::tr!(lang, "depth-and-list", init = init.join(", "), last = last,)
        }
    }
}

fn findings(p: &Params, configs: &[Value], deepest: usize, out: &mut Outcome, lang: Lang) {
    let f = |v: &Value, k: &str| v[k].as_f64().unwrap_or(f64::NAN);
    for c in configs {
        let d = &c["deepest"];
        let label = c["label"].as_str().unwrap_or("");
        let first = f(d, "act_std_first");
        let last = f(d, "act_std_last");
        let du = f(d, "grad_u_ratio");
        let per_layer = (last / first).powf(1.0 / (deepest.max(2) - 1) as f64);
        // Forward and backward are judged apart: sigmoid's forward signal can hold steady
        // while its gradient vanishes, and ReLU + He can drift ×5 without vanishing.
        // A signal back at its first layer's scale may have strayed far in between (ReLU + He
        // at width 64): then the range is the news, not the end points.
        // "Stays within a factor of 2" must hold for every layer, not only the two ends.
        let span = |ends: f64, lo: f64, hi: f64| {
            if (0.5..=2.0).contains(&ends) && hi > 2.0 * lo {
                crate::tr!(lang, "depth-verdict-wanders", factor = num(hi / lo))
            } else {
                verdict(lang, ends)
            }
        };
        let fwd = span(last / first, f(d, "act_std_min"), f(d, "act_std_max"));
        let bwd = span(du, f(d, "grad_u_min"), f(d, "grad_u_max"));
        // A spread that survives the depth may no longer depend on the input (sigmoid: its
        // mean of ½ through random weights, the same for every sample): said beside it.
        let (s_first, s_last) = (f(d, "act_std_samples_first"), f(d, "act_std_samples_last"));
        let input_lost = last / first >= 1e-3 && s_last < 1e-3 * s_first;
        // A per-sample std within a thousand ulps of the activations' own size is f64's
        // rounding floor, not a propagated signal (which is smaller still).
        let floor = input_lost && s_last < 1e3 * f64::EPSILON * last;
        out.findings.push(crate::tr!(
            lang,
            "depth-finding-config",
            label = common::md(label),
            forward = fwd,
            deepest = deepest.to_string(),
            first = num(first),
            last = num(last),
            per_layer = num(per_layer),
            predicted = num(f(d, "pred_act_std_last")),
            backward = bwd,
            ratio = num(du),
            predicted_ratio = num(f(d, "pred_grad_u_ratio")),
            n_var_w = num(f(c, "n_var_w")),
            input_lost = if input_lost { "yes" } else { "no" },
            s_first = num(s_first),
            s_last = num(s_last),
            floor = if floor { "yes" } else { "no" },
        ));
    }
    // Glorot & Bengio (2010, §4.2.2): weight gradients can stay comparable across layers
    // while the back-propagated signal shrinks, because ∂L/∂W_l = δ_l·a_{l−1}ᵀ grows with
    // the activations where δ shrinks.
    let contrast = configs.iter().find(|c| {
        let d = &c["deepest"];
        let (du, dw) = (f(d, "grad_u_ratio"), f(d, "grad_w_ratio"));
        // Only where the back-propagated signal really vanishes (under 1/1000 of the last
        // layer's): a slow decay with usable gradients everywhere is not the case.
        du < 1e-3 && dw.is_finite() && (du.log10() - dw.log10()).abs() > 1.0
    });
    if let Some(c) = contrast {
        let d = &c["deepest"];
        out.findings.push(crate::tr!(
            lang,
            "depth-finding-both-gradients",
            label = common::md(c["label"].as_str().unwrap_or("")),
            deepest = deepest.to_string(),
            w_ratio = num(f(d, "grad_w_ratio")),
            u_ratio = num(f(d, "grad_u_ratio")),
        ));
    } else {
        out.findings
            .push(crate::tr!(lang, "depth-finding-glorot-bengio"));
    }
    if p.epochs > 0 {
        out.findings
            .push(after_training_finding(p, configs, deepest, lang));
    }
}

/// What was measured about the configurations whose gradient arrives but that do not learn:
/// the activation std's growth at initialization, the last layer's dead units, and its std
/// over the training epochs (no cause asserted).
fn exploded_details(configs: &[Value], lang: Lang) -> String {
    let f = |v: &Value, k: &str| v[k].as_f64().unwrap_or(f64::NAN);
    configs
        .iter()
        .filter(|c| {
            let d = &c["deepest"];
            f(d, "grad_u_ratio") >= 1e-3
                && f(d, "act_std_last") > 3.0 * f(d, "act_std_first")
                && f(d, "val_accuracy") < 0.3
        })
        .map(|c| {
            let d = &c["deepest"];
            crate::tr!(
                lang,
                "depth-exploded-detail",
                label = common::md(c["label"].as_str().unwrap_or("")),
                first = num(f(d, "act_std_first")),
                last = num(f(d, "act_std_last")),
                dead = num(100.0 * f(d, "dead_last")),
                lo = num(f(d, "act_std_last_trained_min")),
                hi = num(f(d, "act_std_last_trained_max")),
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// How each configuration did after training at the deepest depth, and which explanation
/// fits which, from its own numbers: a vanished gradient (layer 1 gets < 1e-3 of the last
/// layer's), or a signal that exploded forward while the gradient still arrives.
fn after_training_finding(p: &Params, configs: &[Value], deepest: usize, lang: Lang) -> String {
    let f = |v: &Value, k: &str| v[k].as_f64().unwrap_or(f64::NAN);
    let mut parts = Vec::new();
    for c in configs {
        let d = &c["deepest"];
        parts.push(format!(
            "{} {}",
            common::md(c["label"].as_str().unwrap_or("")),
            if d["diverged"].as_bool().unwrap_or(false) {
                crate::tr!(lang, "depth-diverged")
            } else {
                num(f(d, "val_accuracy"))
            }
        ));
    }
    let why = why_stuck(configs, lang);
    crate::tr!(
        lang,
        "depth-finding-after-training",
        epochs = p.epochs,
        optimizer = p.optimizer.name(),
        deepest = deepest.to_string(),
        accuracies = parts.join("; "),
        why = why,
    )
}

/// Which explanation fits which configuration at the deepest depth, from its own numbers: a
/// vanished gradient, a gradient that vanished with the forward signal (every layer starved),
/// or a signal that exploded forward while the gradient still arrives.
fn why_stuck(configs: &[Value], lang: Lang) -> String {
    let f = |v: &Value, k: &str| v[k].as_f64().unwrap_or(f64::NAN);
    // Which explanation fits which configuration, from its own numbers: a vanished
    // gradient (layer 1 gets < 1e-3 of the last layer's), or a signal that exploded
    // forward while the gradient still arrives.
    let labels = |keep: &dyn Fn(&Value) -> bool| -> Vec<String> {
        configs
            .iter()
            .filter(|c| keep(&c["deepest"]))
            .map(|c| common::md(c["label"].as_str().unwrap_or("")))
            .collect()
    };
    // The back-propagated gradient vanished: with the weight gradient too (layer 1's under
    // 1/1000 of the last layer's), or with the forward signal as well, which starves the last
    // layers' weight gradient δ·aᵀ as much as the first layers' (a weight-gradient ratio
    // near 1 then says every layer is stuck, not that the first layers learn).
    let vanishes = |d: &Value| f(d, "grad_u_ratio") < 1e-3 && f(d, "grad_w_ratio") < 1e-3;
    let vanished = labels(&vanishes);
    // Whether the same configuration at its shallowest depth, where nothing vanishes, is
    // stuck as well: then accuracy cannot tell a vanished gradient from slow training.
    let shallow_stuck = configs.iter().filter(|c| vanishes(&c["deepest"])).all(|c| {
        c["depths"]
            .as_array()
            .and_then(|ds| ds.first())
            .is_some_and(|d| f(d, "val_accuracy") < 0.3)
    });
    let starved = labels(&|d| {
        f(d, "grad_u_ratio") < 1e-3
            && (f(d, "grad_w_ratio") >= 1e-3 || f(d, "grad_w_ratio").is_nan())
            && f(d, "act_std_last") < 1e-3 * f(d, "act_std_first")
    });
    let exploded = labels(&|d| {
        f(d, "grad_u_ratio") >= 1e-3
            && f(d, "act_std_last") > 3.0 * f(d, "act_std_first")
            && f(d, "val_accuracy") < 0.3
    });
    // At that shallowest depth the gradient is smaller in layer 1 too, only far less so:
    // the smallest ratio there, and the depth.
    let shallow = configs
        .iter()
        .filter(|c| vanishes(&c["deepest"]))
        .filter_map(|c| c["depths"].as_array().and_then(|ds| ds.first()))
        .map(|d| (f(d, "depth"), f(d, "grad_u_ratio")))
        .min_by(|a, b| a.1.total_cmp(&b.1));
    let mut why = String::new();
    if !vanished.is_empty() {
        why.push(' ');
        why.push_str(&crate::tr!(
            lang,
            "depth-why-vanished",
            list = and_list(lang, &vanished),
            shallow_stuck = if shallow_stuck { "yes" } else { "no" },
            shallow_depth = shallow.map_or(f64::NAN, |s| s.0),
            shallow_ratio = num(shallow.map_or(f64::NAN, |s| s.1)),
        ));
    }
    if !starved.is_empty() {
        why.push(' ');
        why.push_str(&crate::tr!(
            lang,
            "depth-why-starved",
            list = and_list(lang, &starved),
        ));
    }
    if !exploded.is_empty() {
        why.push(' ');
        why.push_str(&crate::tr!(
            lang,
            "depth-why-exploded",
            list = and_list(lang, &exploded),
            details = exploded_details(configs, lang),
            count = exploded.len(),
        ));
    }
    why
}

fn metrics(p: &Params, measured: &[Measured]) -> Table {
    let mut t = Table::new();
    for m in measured {
        let c = &p.configs[m.config];
        for (e, layers) in m.epochs.iter().enumerate() {
            let n = layers.len();
            let f = |g: &dyn Fn(&LayerStats) -> f64| Values::F64(layers.iter().map(g).collect());
            t.append(
                &Table::new()
                    .with(
                        "run",
                        Values::Str(vec![format!("{}, depth {}", c.label, m.depth); n]),
                    )
                    .with("config", Values::Str(vec![c.label.clone(); n]))
                    .with(
                        "activation",
                        Values::Str(vec![c.activation.name().into(); n]),
                    )
                    .with("init", Values::Str(vec![c.init.name().into(); n]))
                    .with("depth", Values::I64(vec![m.depth as i64; n]))
                    .with("epoch", Values::I64(vec![e as i64; n]))
                    .with(
                        "layer",
                        Values::I64(layers.iter().map(|s| s.layer as i64).collect()),
                    )
                    .with("act_mean", f(&|s| s.act_mean))
                    .with("act_std", f(&|s| s.act_std))
                    .with("saturated", f(&|s| s.saturated))
                    .with("dead", f(&|s| s.dead))
                    .with("grad_w_norm", f(&|s| s.grad_w_norm))
                    .with("grad_b_norm", f(&|s| s.grad_b_norm))
                    .with("grad_u_norm", f(&|s| s.grad_u_norm))
                    .with(
                        "pred_act_std",
                        Values::F64(if e == 0 {
                            m.prediction.act_std.clone()
                        } else {
                            vec![f64::NAN; n]
                        }),
                    )
                    .with(
                        "pred_grad_u_norm",
                        Values::F64(if e == 0 {
                            m.prediction.grad_u.clone()
                        } else {
                            vec![f64::NAN; n]
                        }),
                    ),
            );
        }
    }
    t
}

fn epoch_table(p: &Params, measured: &[Measured]) -> Table {
    let mut t = Table::new();
    for m in measured {
        let c = &p.configs[m.config];
        let n = m.curves.len();
        t.append(
            &Table::new()
                .with("config", Values::Str(vec![c.label.clone(); n]))
                .with("depth", Values::I64(vec![m.depth as i64; n]))
                .with("epoch", Values::I64((1..=n as i64).collect()))
                .with(
                    "train_loss",
                    Values::F64(m.curves.iter().map(|r| r.0).collect()),
                )
                .with(
                    "val_loss",
                    Values::F64(m.curves.iter().map(|r| r.1).collect()),
                )
                .with(
                    "val_accuracy",
                    Values::F64(m.curves.iter().map(|r| r.2).collect()),
                ),
        );
    }
    t
}

/// The columns of `metrics.csv` (and `epochs.csv` when `epochs` > 0).
pub const COLUMNS: &[(&str, &str)] = &[
    ("run", "configuration and depth"),
    ("config", "activation + initializer label"),
    ("activation", "activation of every hidden layer"),
    ("init", "weight initializer"),
    ("depth", "number of hidden layers"),
    (
        "epoch",
        "0 at initialization, then after each training epoch",
    ),
    ("layer", "hidden layer, 1 = next to the input"),
    ("act_mean", "mean activation on the probe batch"),
    ("act_std", "standard deviation of the activations"),
    (
        "saturated",
        "fraction of saturated (sigmoid/tanh) or dead (ReLU) units",
    ),
    (
        "dead",
        "fraction of units saturated or dead on every probe sample",
    ),
    ("grad_w_norm", "‖∂L/∂W_l‖ (Frobenius, batch-mean loss)"),
    ("grad_b_norm", "‖∂L/∂b_l‖"),
    (
        "grad_u_norm",
        "‖∂L/∂z_l‖ per sample (root mean square over the probe batch)",
    ),
    (
        "pred_act_std",
        "mean-field prediction of act_std (epoch 0 only)",
    ),
    (
        "pred_grad_u_norm",
        "mean-field prediction of grad_u_norm from the output's measured gradient (epoch 0 only)",
    ),
    (
        "epochs.csv",
        "config, depth, epoch, train_loss, val_loss, val_accuracy",
    ),
];

/// The `depth` kind (see the module's documentation).
pub struct DepthKind;

/// The measurement of configuration `c` at depth `d`.
fn at(measured: &[Measured], c: usize, d: usize) -> &Measured {
    measured
        .iter()
        .find(|m| m.config == c && m.depth == d)
        .expect("every pair was measured")
}

/// Heatmaps at initialization: layer × depth, one panel per configuration, for the
/// activations' std, ‖∂L/∂z‖ and ‖∂L/∂W‖.
fn heatmaps(
    p: &Params,
    measured: &[Measured],
    deepest: usize,
    lang: Lang,
) -> Vec<(String, Figure)> {
    let t = |key: &str| crate::tr!(lang, key);
    let heat = |pick: fn(&LayerStats) -> f64, title: String, scale: String| {
        let panels = p
            .configs
            .iter()
            .enumerate()
            .map(|(ci, c)| HeatPanel {
                title: c.label.clone(),
                columns: p.depths.iter().map(|d| d.to_string()).collect(),
                rows: (1..=deepest).map(|l| l.to_string()).collect(),
                values: (0..deepest)
                    .map(|l| {
                        p.depths
                            .iter()
                            .map(|&d| {
                                at(measured, ci, d).epochs[0].get(l).map_or(f64::NAN, |s| {
                                    let v = pick(s);
                                    if v.is_finite() {
                                        v
                                    } else {
                                        f64::INFINITY
                                    }
                                })
                            })
                            .collect()
                    })
                    .collect(),
            })
            .collect();
        Figure::Heatmap {
            axes: Axes {
                title,
                x_label: t("depth-x-depth"),
                y_label: t("depth-layer"),
                log_x: false,
                log_y: false,
                y_floor: None,
            },
            panels,
            scale_label: scale,
            log: true,
        }
    };
    vec![
        (
            "heat_act_std".into(),
            heat(
                |s| s.act_std,
                t("depth-title-heat-act-std"),
                t("depth-std-of-activations"),
            ),
        ),
        (
            "heat_grad_u".into(),
            heat(
                |s| s.grad_u_norm,
                t("depth-title-heat-grad-u"),
                t("depth-grad-u-per-sample"),
            ),
        ),
        (
            "heat_grad_w".into(),
            heat(
                |s| s.grad_w_norm,
                t("depth-title-heat-grad-w"),
                "‖∂L/∂W‖ (Frobenius)".into(),
            ),
        ),
    ]
}

/// The deepest network layer by layer: measured (solid) and predicted (dashed) activation
/// std and ‖∂L/∂z‖, and the measured ‖∂L/∂W‖.
fn layer_figures(
    p: &Params,
    measured: &[Measured],
    deepest: usize,
    lang: Lang,
) -> Vec<(String, Figure)> {
    let t = |key: &str| crate::tr!(lang, key);
    let layer_axes = |title: String, y: String| Axes {
        title,
        x_label: t("depth-layer"),
        y_label: y,
        log_x: false,
        log_y: true,
        y_floor: None,
    };
    let mut act_curves = Vec::new();
    let mut du_curves = Vec::new();
    let mut dw_curves = Vec::new();
    for (ci, c) in p.configs.iter().enumerate() {
        let m = at(measured, ci, deepest);
        let layers = |f: &dyn Fn(&LayerStats) -> f64| -> Vec<(f64, f64)> {
            m.epochs[0].iter().map(|s| (s.layer as f64, f(s))).collect()
        };
        let pred = |v: &[f64]| -> Vec<(f64, f64)> {
            v.iter()
                .enumerate()
                .map(|(i, x)| ((i + 1) as f64, *x))
                .collect()
        };
        act_curves.push(Curve::line(c.label.clone(), layers(&|s| s.act_std)).color(ci));
        act_curves.push(
            Curve::line(
                crate::tr!(lang, "depth-curve-predicted", label = &c.label),
                pred(&m.prediction.act_std),
            )
            .dashed()
            .color(ci),
        );
        du_curves.push(Curve::line(c.label.clone(), layers(&|s| s.grad_u_norm)).color(ci));
        du_curves.push(
            Curve::line(
                crate::tr!(lang, "depth-curve-predicted", label = &c.label),
                pred(&m.prediction.grad_u),
            )
            .dashed()
            .color(ci),
        );
        dw_curves.push(Curve::line(c.label.clone(), layers(&|s| s.grad_w_norm)).color(ci));
    }
    let figure = |key: &str, y: String, curves: Vec<Curve>| Figure::Curves {
        axes: layer_axes(crate::tr!(lang, key, depth = deepest.to_string()), y),
        curves,
        vlines: vec![],
    };
    vec![
        (
            "layers_act_std".into(),
            figure(
                "depth-title-layers-act-std",
                t("depth-std-of-activations"),
                act_curves,
            ),
        ),
        (
            "layers_grad_u".into(),
            figure(
                "depth-title-layers-grad-u",
                t("depth-grad-u-per-sample"),
                du_curves,
            ),
        ),
        (
            "layers_grad_w".into(),
            figure(
                "depth-title-layers-grad-w",
                "‖∂L/∂W‖ (Frobenius)".into(),
                dw_curves,
            ),
        ),
    ]
}

/// Training at the deepest depth: the gradient ratio first/last layer by epoch, and the
/// validation accuracy.
fn training_figures(
    p: &Params,
    measured: &[Measured],
    deepest: usize,
    lang: Lang,
) -> Vec<(String, Figure)> {
    let t = |key: &str| crate::tr!(lang, key);
    let by_epoch = |f: &dyn Fn(&Measured, usize) -> f64| -> Vec<Curve> {
        p.configs
            .iter()
            .enumerate()
            .map(|(ci, c)| {
                let m = at(measured, ci, deepest);
                Curve::line(
                    c.label.clone(),
                    (0..m.epochs.len()).map(|e| (e as f64, f(m, e))).collect(),
                )
            })
            .collect()
    };
    vec![
        (
            "epochs_grad_ratio".into(),
            Figure::Curves {
                axes: Axes {
                    title: crate::tr!(
                        lang,
                        "depth-title-epochs-grad-ratio",
                        depth = deepest.to_string(),
                    ),
                    x_label: t("depth-x-epoch-from-initialization"),
                    y_label: t("depth-y-gradient-ratio"),
                    log_x: false,
                    log_y: true,
                    y_floor: None,
                },
                curves: by_epoch(&|m, e| {
                    let s = &m.epochs[e];
                    ratio(s[0].grad_u_norm, s[s.len() - 1].grad_u_norm)
                }),
                vlines: vec![],
            },
        ),
        (
            "epochs_accuracy".into(),
            Figure::Curves {
                axes: Axes {
                    title: crate::tr!(
                        lang,
                        "depth-title-epochs-accuracy",
                        depth = deepest.to_string(),
                    ),
                    x_label: t("depth-x-epoch"),
                    y_label: t("depth-y-validation-accuracy"),
                    log_x: false,
                    log_y: false,
                    y_floor: None,
                },
                curves: p
                    .configs
                    .iter()
                    .enumerate()
                    .map(|(ci, c)| {
                        let m = at(measured, ci, deepest);
                        Curve::line(
                            c.label.clone(),
                            m.curves
                                .iter()
                                .enumerate()
                                .map(|(e, r)| ((e + 1) as f64, r.2))
                                .collect(),
                        )
                    })
                    .collect(),
                vlines: vec![],
            },
        ),
    ]
}

/// One configuration at one depth: the table's row and the results' entry (first and last
/// layer's activation std and gradient norms, measured and predicted, accuracy after
/// training).
fn depth_row(p: &Params, label: &str, m: &Measured, d: usize, lang: Lang) -> (Vec<String>, Value) {
    let t = |key: &str| crate::tr!(lang, key);
    let s = &m.epochs[0];
    let (first, last) = (&s[0], &s[s.len() - 1]);
    let du = ratio(first.grad_u_norm, last.grad_u_norm);
    let dw = ratio(first.grad_w_norm, last.grad_w_norm);
    let pdu = ratio(m.prediction.grad_u[0], m.prediction.grad_u[d - 1]);
    let acc = m.curves.last().map_or(f64::NAN, |r| r.2);
    let row = vec![
        label.to_string(),
        d.to_string(),
        num(first.act_std),
        num(last.act_std),
        num(m.prediction.act_std[d - 1]),
        num(du),
        num(pdu),
        num(dw),
        if p.epochs > 0 {
            if m.diverged {
                t("depth-diverged")
            } else {
                num(acc)
            }
        } else {
            "–".into()
        },
    ];
    let (min_std, max_std) = s.iter().fold((f64::INFINITY, 0.0f64), |(a, b), l| {
        (a.min(l.act_std), b.max(l.act_std))
    });
    let (min_gu, max_gu) = s.iter().fold((f64::INFINITY, 0.0f64), |(a, b), l| {
        (a.min(l.grad_u_norm), b.max(l.grad_u_norm))
    });
    // After training (epochs ≥ 1): the last layer's activation std, lowest and highest.
    let (trained_lo, trained_hi) =
        m.epochs
            .iter()
            .skip(1)
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), e| {
                let x = e.last().map_or(f64::NAN, |l| l.act_std);
                (a.min(x), b.max(x))
            });
    let mean_abs_max = s.iter().fold(0.0f64, |a, l| a.max(l.act_mean.abs()));
    let mut entry = json!({
        "depth": d,
        "act_std_first": first.act_std,
        "act_std_last": last.act_std,
        "act_std_min": min_std,
        "act_std_max": max_std,
        "grad_u_min": min_gu,
        "grad_u_max": max_gu,
        "act_mean_last": last.act_mean,
        "pred_act_std_last": m.prediction.act_std[d - 1],
        "grad_u_ratio": du,
        "pred_grad_u_ratio": pdu,
        "grad_w_ratio": dw,
        "grad_u_last": last.grad_u_norm,
        "grad_u_first": first.grad_u_norm,
        "val_accuracy": acc,
        "diverged": m.diverged,
    });
    // The input-dependent spread (each unit's std across the probe samples, averaged over
    // units), the dead share of the last layer, the largest |mean| of any layer at
    // initialization, and the last layer's std over the training epochs.
    entry["act_std_samples_first"] = json!(first.act_std_samples);
    entry["act_std_samples_last"] = json!(last.act_std_samples);
    entry["dead_last"] = json!(last.dead);
    entry["act_mean_abs_max"] = json!(mean_abs_max);
    entry["act_std_last_trained_min"] = json!(if p.epochs > 0 { trained_lo } else { f64::NAN });
    entry["act_std_last_trained_max"] = json!(if p.epochs > 0 { trained_hi } else { f64::NAN });
    (row, entry)
}

/// The ratio table (each configuration at each depth: first and last layer's activation
/// std and gradient norms, measured and predicted, and the accuracy after training) and
/// the same numbers as data for the findings and results.
fn ratio_table(p: &Params, measured: &[Measured], lang: Lang) -> (ReportTable, Vec<Value>) {
    let t = |key: &str| crate::tr!(lang, key);
    let mut rows = Vec::new();
    let mut configs_json = Vec::new();
    for (ci, c) in p.configs.iter().enumerate() {
        let mut per_depth = Vec::new();
        for &d in &p.depths {
            let (row, entry) = depth_row(p, &c.label, at(measured, ci, d), d, lang);
            rows.push(row);
            per_depth.push(entry);
        }
        let var = c.init.variance(p.width, p.width).unwrap_or(0.0);
        configs_json.push(json!({
            "label": c.label,
            "activation": c.activation.name(),
            "init": c.init.name(),
            "n_var_w": p.width as f64 * var,
            "depths": per_depth,
            "deepest": per_depth.last().cloned().unwrap_or(Value::Null),
        }));
    }
    let mut note = crate::tr!(
        lang,
        "depth-table-note",
        width = p.width.to_string(),
        probe = p.probe.to_string(),
    );
    if p.epochs > 0 {
        note.push(' ');
        note.push_str(&crate::tr!(
            lang,
            "depth-table-note-training",
            epochs = p.epochs,
            optimizer = p.optimizer.name(),
            lr = num(p.optimizer.lr()),
        ));
    }
    let table = ReportTable {
        title: t("depth-table-title"),
        columns: vec![
            t("depth-header-configuration"),
            t("depth-header-depth"),
            t("depth-header-act-std-first"),
            t("depth-header-act-std-last"),
            t("depth-header-predicted"),
            "‖∂L/∂z₁‖ / ‖∂L/∂z_L‖".into(),
            t("depth-header-predicted"),
            "‖∂L/∂W₁‖ / ‖∂L/∂W_L‖".into(),
            t("depth-header-accuracy-after-training"),
        ],
        rows,
        note,
    };
    (table, configs_json)
}

impl super::Kind for DepthKind {
    type Params = Params;
    type Spec = Raw;
    const ID: &'static str = "depth";
    const CHAPTER: super::Chapter = super::Chapter::Deep;
    const SUMMARY: &'static str =
        "Vanishing and exploding signals across depths: per-layer activation spread, \
                  back-propagated and weight gradients for activation × initializer × depth, \
                  at initialization and over the first epochs, against variance propagation.";
    const EXAMPLE: &'static str = "params:\n  depths: [2, 10, 50]\n  configs:\n    - {activation: {name: tanh}, init: {name: standard}}\n    - {activation: {name: relu}, init: {name: he_normal}}\n";
    const STARTER: &'static str = include_str!("../../templates/new/depth.yaml");
    const COLUMNS: &'static [(&'static str, &'static str)] = COLUMNS;

    fn input_hash(p: &Params) -> String {
        p.data.file_hash().to_string()
    }

    fn check(node: &Node, base: &str, at: &Located) -> Result<Params, SpecErrors> {
        let (mut raw, range_errors) = common::params::<Raw>(node, base, at)?;
        super::train::resolve_data(&mut raw.data, base, at)?;
        let mut errors = range_errors;
        let p = |k: &str| join(base, k);
        if raw.depths.is_empty() {
            errors.push(
                at.at_value(&p("depths"), "no depths")
                    .expected("a list of hidden-layer counts such as `[2, 10, 50]`"),
            );
        }
        for (i, &d) in raw.depths.iter().enumerate() {
            if !(1..=200).contains(&d) {
                errors.push(
                    at.at_value(&format!("{}[{i}]", p("depths")), format!("depth {d}"))
                        .expected("a number of hidden layers from 1 to 200"),
                );
            }
        }
        if raw.configs.is_empty() {
            errors.push(
                at.at_value(&p("configs"), "no configurations").expected(
                    "a list such as `- {activation: {name: tanh}, init: {name: standard}}`",
                ),
            );
        }
        let mut configs: Vec<Config> = Vec::new();
        for (i, c) in raw.configs.iter().enumerate() {
            let label = c
                .label
                .clone()
                .unwrap_or_else(|| format!("{} + {}", c.activation.name(), c.init.name()));
            if configs.iter().any(|o| o.label == label) {
                errors.push(
                    at.at_value(
                        &format!("{}[{i}]", p("configs")),
                        format!("a second configuration labelled `{label}`"),
                    )
                    .expected("distinct configurations (or distinct `label`s)"),
                );
            }
            if c.init.variance(raw.width, raw.width).is_none() {
                errors.push(
                    at.at_value(
                        &join(&format!("{}[{i}]", p("configs")), "init"),
                        format!("`{}` has no variance to propagate", c.init.name()),
                    )
                    .expected(
                        "a random initializer (zeros and constants are symmetric; see kind `train`)",
                    ),
                );
            }
            configs.push(Config {
                activation: c.activation,
                init: c.init,
                label,
            });
        }
        common::check_optimizer(&mut errors, at, &p("optimizer"), &raw.optimizer);
        if !errors.is_empty() {
            return Err(SpecErrors(errors));
        }
        let mut depths = raw.depths.clone();
        depths.sort_unstable();
        depths.dedup();
        Ok(Params {
            data: raw.data,
            width: raw.width,
            depths,
            configs,
            probe: raw.probe,
            epochs: raw.epochs,
            optimizer: raw.optimizer,
            batch_size: raw.batch_size,
        })
    }

    /// Measures every configuration at every depth (in parallel; each a pure function of the
    /// seed), then draws the story:
    /// heatmaps at initialization, the deepest network layer by layer against the
    /// variance-propagation prediction, training when asked, and the ratio table.
    fn run(p: &Params, _trial: usize, seed: u64, lang: Lang) -> Result<Outcome, String> {
        use rayon::prelude::*;
        let jobs: Vec<(usize, usize)> = (0..p.configs.len())
            .flat_map(|c| p.depths.iter().map(move |&d| (c, d)))
            .collect();
        let measured: Vec<Measured> = jobs
            .par_iter()
            .map(|&(c, d)| measure(p, c, d, seed))
            .collect();
        let deepest = *p.depths.last().expect("checked: at least one depth");
        let mut out = Outcome {
            metrics: metrics(p, &measured),
            ..Outcome::default()
        };
        if p.epochs > 0 {
            out.extra_tables
                .push(("epochs".into(), epoch_table(p, &measured)));
        }
        // A heat map draws layer × depth; of one depth it would be a single stripe, and the
        // line figures by layer show the same numbers.
        if p.depths.len() > 1 {
            out.figures.extend(heatmaps(p, &measured, deepest, lang));
        }
        out.figures
            .extend(layer_figures(p, &measured, deepest, lang));
        if p.epochs > 0 {
            out.figures
                .extend(training_figures(p, &measured, deepest, lang));
        }
        let (table, configs_json) = ratio_table(p, &measured, lang);
        out.tables.push(table);
        findings(p, &configs_json, deepest, &mut out, lang);
        out.results = json!({
            "configs": configs_json,
            "depths": p.depths,
            "deepest": deepest,
            "width": p.width,
            "epochs": p.epochs,
        });
        out.headline = vec![(
            crate::tr!(lang, "depth-headline-deepest"),
            deepest.to_string(),
        )];
        Ok(out)
    }

    /// Peak memory, estimated from the parameters: the deepest network's weights with their
    /// gradients and optimizer state, and the probe batch's activations at every layer, for
    /// two networks at once (runs go in parallel), plus the data set.
    fn memory(p: &Params) -> (u64, &'static str) {
        let depth = p.depths.iter().copied().max().unwrap_or(1) as u64;
        let (w, probe) = (p.width as u64, p.probe as u64);
        let (n, f, o) = super::train::data_shape(&p.data);
        let net = 8 * depth * (4 * w * (w + 1) + 3 * probe * w);
        (2 * net + 64 * n * (f + o), "probe")
    }

    /// Per configuration and depth: the probe passes at initialization and after each
    /// epoch, and the epochs of training, each about 8 operations per weight and sample.
    fn work(p: &Params) -> (f64, &'static str) {
        let (n, f, o) = super::train::data_shape(&p.data);
        let w = p.width as f64;
        let total: f64 = p
            .depths
            .iter()
            .map(|&d| {
                let weights =
                    (f as f64 + 1.0) * w + (d as f64 - 1.0) * (w + 1.0) * w + (w + 1.0) * o as f64;
                let probes = (p.epochs as f64 + 1.0) * 6.0 * p.probe as f64 * weights;
                probes + p.epochs as f64 * 8.0 * n as f64 * weights
            })
            .sum();
        (p.configs.len() as f64 * total, "depths")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn a_gradient_that_vanished_with_the_signal_is_not_said_to_reach_the_last_layers() {
        // vanishing-gradients, tanh + standard at depth 50: ∂L/∂z ratio 1.3e-12, but the
        // weight-gradient ratio is 0.86 because the forward signal vanished too (std 0.42 →
        // 6.8e-13): every layer is stuck, not "the first layers get almost no gradient".
        let tanh = serde_json::json!({"label": "tanh + standard", "deepest": {
            "grad_u_ratio": 1.34e-12, "grad_w_ratio": 0.864, "act_std_first": 0.4155,
            "act_std_last": 6.79e-13, "val_accuracy": 0.1}});
        let sigmoid = serde_json::json!({"label": "sigmoid + standard", "deepest": {
            "grad_u_ratio": 2.1e-42, "grad_w_ratio": 1.7e-42, "act_std_first": 0.119,
            "act_std_last": 0.0758, "val_accuracy": 0.1}});
        let why = why_stuck(&[tanh, sigmoid], Lang::En);
        assert!(
            why.contains("In sigmoid + standard the first layers get almost no gradient"),
            "{why}"
        );
        assert!(!why.contains("tanh + standard the first layers"), "{why}");
        assert!(
            why.contains("In tanh + standard the back-propagated gradient"),
            "{why}"
        );
    }

    #[test]
    fn gauss_mean_matches_closed_forms() {
        // E[z²] = q, E[relu(z)²] = q/2, E[relu'(z)²] = 1/2.
        assert_relative_eq!(gauss_mean(2.0, |z| z * z), 2.0, max_relative = 1e-9);
        assert_relative_eq!(
            gauss_mean(3.0, |z| Activation::Relu.f(z, 0.0).powi(2)),
            1.5,
            max_relative = 1e-6
        );
        assert_relative_eq!(
            gauss_mean(1.0, |z| Activation::Relu.df(z, 0.0).powi(2)),
            0.5,
            max_relative = 1e-9
        );
    }

    #[test]
    fn selu_with_lecun_variance_is_a_fixed_point_of_unit_variance() {
        // Klambauer et al. (2017): with Var[W] = 1/n, (mean 0, variance 1) is a fixed point;
        // the second moment E[selu(z)²] under N(0, 1) is 1 (their eq. 4, with μ = 0, ν = 1).
        let m2 = gauss_mean(1.0, |z| Activation::Selu.f(z, 0.0).powi(2));
        let m1 = gauss_mean(1.0, |z| Activation::Selu.f(z, 0.0));
        assert!((m2 - 1.0).abs() < 1e-3, "E[selu²] = {m2}");
        assert!(m1.abs() < 1e-3, "E[selu] = {m1}");
    }

    #[test]
    fn tanh_with_standard_init_decays_by_a_third_per_layer() {
        let pr = predict(
            Activation::Tanh,
            30,
            64,
            (1.0 / 192.0, 1.0 / 192.0),
            1.0 / 192.0,
            64.0,
            1.0,
        );
        // Deep in the network tanh is linear and the variance shrinks by n·Var[W] = 1/3.
        let r = (pr.act_std[29] / pr.act_std[28]).powi(2);
        assert_relative_eq!(r, 1.0 / 3.0, max_relative = 1e-3);
        assert!(pr.grad_u[0] < pr.grad_u[29] * 1e-5);
    }
}
