//! Kind `backprop`: the 2-2-1 network trained by the chain rule.
//!
//! Catalogue row 15. Every partial derivative of one step is written out by the chain rule,
//! computed three ways (the formula, the engine's backward pass, central differences), and
//! the network is trained on a problem no single perceptron solves (XOR or two moons),
//! next to a perceptron trained the same way.

use super::common::{self, num};
use crate::collect::{Table, Values};
use crate::error::SpecErrors;
use crate::i18n::Lang;
use crate::locate::{join, Located};
use crate::nn::activation::{sigmoid, Activation};
use crate::nn::data::{self, Dataset};
use crate::nn::init::Init;
use crate::nn::loss::Loss;
use crate::nn::network::{LayerSpec, Mode, Network};
use crate::nn::optim::{Optimizer, OptimizerSpec};
use crate::nn::train::metric;
use crate::numerics::rng::Rng;
use crate::parse::Node;
use crate::plot::{Axes, Figure, FromTable, Marked};
use crate::run::{Outcome, ReportTable};
use nalgebra::DMatrix;
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    Xor,
    Moons,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Raw {
    data: Problem,
    #[serde(default = "two")]
    #[schemars(range(min = 1, max = 256))]
    hidden: usize,
    #[serde(default = "default_lr")]
    lr: f64,
    #[serde(default = "default_steps")]
    #[schemars(range(min = 1, max = 1_000_000))]
    steps: usize,
    #[serde(default)]
    init_seed: u64,
    /// More samples (x₁, x₂, y) for the chain-rule table, besides the data's own.
    #[serde(default)]
    check_samples: Vec<[f64; 3]>,
}

fn two() -> usize {
    2
}
fn default_lr() -> f64 {
    1.0
}
fn default_steps() -> usize {
    5000
}

#[derive(Debug, Clone)]
pub struct Params {
    pub data: Problem,
    pub hidden: usize,
    pub lr: f64,
    pub steps: usize,
    pub init_seed: u64,
    pub check_samples: Vec<[f64; 3]>,
}

fn problem(p: Problem) -> Dataset {
    match p {
        Problem::Xor => data::xor(),
        Problem::Moons => data::moons(200, 0.15, 1),
    }
}

/// One step of a training history: the loss and accuracy before the step, the smallest and
/// largest |p − ½| of the outputs, and whether any output changed its side of ½ (the sign
/// of its logit) since the step before.
#[derive(Debug, Clone, Copy)]
struct Step {
    loss: f64,
    accuracy: f64,
    min_deviation: f64,
    deviation: f64,
    sides_changed: bool,
}

/// Full-batch gradient descent with log loss; every step's record.
fn fit(net: &mut Network, d: &Dataset, lr: f64, steps: usize) -> Vec<Step> {
    let mut opt = Optimizer::new(OptimizerSpec::Sgd {
        lr,
        momentum: 0.0,
        dampening: 0.0,
        nesterov: false,
        weight_decay: 0.0,
    });
    let mut rng = Rng::new(0);
    let mut hist = Vec::with_capacity(steps + 1);
    let mut sides: Option<Vec<bool>> = None;
    for s in 0..=steps {
        let (out, caches) = net.forward(&d.x, Mode::Train, &mut rng);
        let (l, dout) = Loss::BceWithLogits.value_and_grad(&out, &d.y);
        let now: Vec<bool> = out.iter().map(|z| *z > 0.0).collect();
        hist.push(Step {
            loss: l,
            accuracy: metric(&out, d, Loss::BceWithLogits),
            min_deviation: out
                .iter()
                .map(|z| (sigmoid(*z) - 0.5).abs())
                .fold(f64::INFINITY, f64::min),
            deviation: deviation_from_half(&out),
            sides_changed: sides.as_ref().is_some_and(|b| *b != now),
        });
        sides = Some(now);
        if s == steps || !l.is_finite() {
            break;
        }
        let grads = net.backward(&caches, &dout);
        let flat = net.flat_grads(&grads);
        opt.step(net.params_mut(), &flat, lr);
    }
    hist
}

/// ‖(w, b)‖₂ over every layer of `net`.
fn weight_norm(net: &Network) -> f64 {
    net.layers
        .iter()
        .map(|l| l.w.norm_squared() + l.b.norm_squared())
        .sum::<f64>()
        .sqrt()
}

/// The largest |σ(z) − ½| over the logits `out`.
fn deviation_from_half(out: &DMatrix<f64>) -> f64 {
    out.iter()
        .map(|z| (sigmoid(*z) - 0.5).abs())
        .fold(0.0f64, f64::max)
}

/// The loss of `net` on one sample (log loss of the sigmoid output).
fn sample_loss(net: &mut Network, x: &DMatrix<f64>, y: &DMatrix<f64>) -> f64 {
    let (out, _) = net.forward(x, Mode::Eval, &mut Rng::new(0));
    Loss::BceWithLogits.value_and_grad(&out, y).0
}

/// The sample of the data with the largest inputs, so that no derivative vanishes because
/// x = 0 (for XOR, x = (1, 1)): (x₁, x₂, y).
fn data_sample(d: &Dataset) -> [f64; 3] {
    let pick = (0..d.len())
        .max_by(|&a, &b| d.x.column(a).norm().total_cmp(&d.x.column(b).norm()))
        .unwrap_or(0);
    [d.x[(0, pick)], d.x[(1, pick)], d.y[(0, pick)]]
}

/// One sample's chain-rule check: the table, the worst relative difference among the three
/// computations, how many of the nine formula values are distinct, and the sample.
struct ChainRule {
    table: ReportTable,
    worst: f64,
    distinct: usize,
    sample: [f64; 3],
}

/// How many of `values` differ from every earlier one by more than 10⁻¹² relative: where
/// two partial derivatives coincide (x₁ = x₂ = 1 makes ∂L/∂w₁ₖ = ∂L/∂w₂ₖ = ∂L/∂bₖ), a check
/// cannot tell them apart.
fn distinct_values(values: &[f64]) -> usize {
    let same = |a: f64, b: f64| (a - b).abs() <= 1e-12 * a.abs().max(b.abs());
    (0..values.len())
        .filter(|&i| !values[..i].iter().any(|&v| same(v, values[i])))
        .count()
}

/// The chain-rule table for one sample (x₁, x₂, y): every partial derivative by the course's
/// formula, the engine's backward pass and a central difference.
fn chain_rule_table(net: &Network, sample: [f64; 3], lang: Lang) -> ChainRule {
    let [x1, x2, yv] = sample;
    let x = DMatrix::from_column_slice(2, 1, &[x1, x2]);
    let y = DMatrix::from_element(1, 1, yv);
    let (formulas, yhat) = course_formulas(net, x1, x2, yv);
    let mut engine = net.clone();
    let (out, caches) = engine.forward(&x, Mode::Train, &mut Rng::new(0));
    let (_, dout) = Loss::BceWithLogits.value_and_grad(&out, &y);
    let grads = engine.backward(&caches, &dout);
    let mut rows = Vec::new();
    let mut worst: f64 = 0.0;
    let distinct = distinct_values(&formulas.iter().map(|f| f.value).collect::<Vec<_>>());
    for f in formulas {
        let (layer, r, c) = (f.layer, f.row, f.col);
        let (bp, param) = if f.bias {
            (grads[layer].b[r], net.layers[layer].b[r])
        } else {
            (grads[layer].w[(r, c)], net.layers[layer].w[(r, c)])
        };
        let fd = central_difference(net, &x, &y, (layer, r, c, f.bias));
        let rel = (f.value - fd).abs() / f.value.abs().max(fd.abs()).max(1e-300);
        worst = worst
            .max((f.value - bp).abs() / f.value.abs().max(1e-300))
            .max(rel);
        rows.push(vec![
            format!("∂L/∂{}", f.name),
            num(param),
            f.formula.to_string(),
            num(f.value),
            num(bp),
            num(fd),
            num(rel),
        ]);
    }
    let columns = [
        "derivative",
        "parameter",
        "chain-rule",
        "formula",
        "engine",
        "central",
        "relative",
    ];
    let table = ReportTable {
        title: crate::tr!(
            lang,
            "backprop-chain-title",
            x1 = num(x1),
            x2 = num(x2),
            y = num(yv),
            yhat = num(yhat),
            distinct = distinct,
        ),
        columns: columns
            .iter()
            .map(|c| crate::i18n::text(lang, &format!("backprop-chain-{c}")))
            .collect(),
        rows,
        note: crate::i18n::text(lang, "backprop-chain-note"),
    };
    ChainRule {
        table,
        worst,
        distinct,
        sample,
    }
}

/// One partial derivative by the course's chain-rule formula: the parameter's name, the
/// formula, its value, and where the parameter sits (layer, row, column, bias or weight).
struct Formula {
    name: &'static str,
    formula: &'static str,
    value: f64,
    layer: usize,
    row: usize,
    col: usize,
    bias: bool,
}

/// Every partial derivative of the 2-2-1 sigmoid network's log loss at (x₁, x₂; y), by the
/// course's formulas (w_jk from input j to hidden unit k, w_k from hidden unit k to the
/// output); and the prediction ŷ.
fn course_formulas(net: &Network, x1: f64, x2: f64, yv: f64) -> (Vec<Formula>, f64) {
    let (h, o) = (&net.layers[0], &net.layers[1]);
    let a: Vec<f64> = (0..2)
        .map(|k| sigmoid(x1 * h.w[(k, 0)] + x2 * h.w[(k, 1)] + h.b[k]))
        .collect();
    let yhat = sigmoid(a[0] * o.w[(0, 0)] + a[1] * o.w[(0, 1)] + o.b[0]);
    let e = yv - yhat;
    let wk = [o.w[(0, 0)], o.w[(0, 1)]];
    let f = |name, formula, value, (layer, row, col, bias)| Formula {
        name,
        formula,
        value,
        layer,
        row,
        col,
        bias,
    };
    let formulas = vec![
        f(
            "w₁₁",
            "−x₁·w₁·a₁(1 − a₁)(y − ŷ)",
            -x1 * wk[0] * a[0] * (1.0 - a[0]) * e,
            (0, 0, 0, false),
        ),
        f(
            "w₂₁",
            "−x₂·w₁·a₁(1 − a₁)(y − ŷ)",
            -x2 * wk[0] * a[0] * (1.0 - a[0]) * e,
            (0, 0, 1, false),
        ),
        f(
            "w₁₂",
            "−x₁·w₂·a₂(1 − a₂)(y − ŷ)",
            -x1 * wk[1] * a[1] * (1.0 - a[1]) * e,
            (0, 1, 0, false),
        ),
        f(
            "w₂₂",
            "−x₂·w₂·a₂(1 − a₂)(y − ŷ)",
            -x2 * wk[1] * a[1] * (1.0 - a[1]) * e,
            (0, 1, 1, false),
        ),
        f(
            "b₁",
            "−w₁·a₁(1 − a₁)(y − ŷ)",
            -wk[0] * a[0] * (1.0 - a[0]) * e,
            (0, 0, 0, true),
        ),
        f(
            "b₂",
            "−w₂·a₂(1 − a₂)(y − ŷ)",
            -wk[1] * a[1] * (1.0 - a[1]) * e,
            (0, 1, 0, true),
        ),
        f("w₁", "−a₁(y − ŷ)", -a[0] * e, (1, 0, 0, false)),
        f("w₂", "−a₂(y − ŷ)", -a[1] * e, (1, 0, 1, false)),
        f("b", "−(y − ŷ)", -e, (1, 0, 0, true)),
    ];
    (formulas, yhat)
}

/// ∂L/∂θ by a central difference (h = 10⁻⁶) for the weight or bias at (layer, row, column).
fn central_difference(
    net: &Network,
    x: &DMatrix<f64>,
    y: &DMatrix<f64>,
    (layer, r, c, bias): (usize, usize, usize, bool),
) -> f64 {
    let hstep = 1e-6;
    let mut m = net.clone();
    let set = |m: &mut Network, v: f64| {
        if bias {
            m.layers[layer].b[r] += v
        } else {
            m.layers[layer].w[(r, c)] += v
        }
    };
    set(&mut m, hstep);
    let lp = sample_loss(&mut m, x, y);
    set(&mut m, -2.0 * hstep);
    let lm = sample_loss(&mut m, x, y);
    (lp - lm) / (2.0 * hstep)
}

/// Where a run's accuracy settled: the first step from which it stays at its final value,
/// the smallest |p − ½| of the outputs at that step, and at how many later steps any output
/// changed its side of ½.
struct Settled {
    from: usize,
    min_deviation: f64,
    side_changes_after: usize,
}

impl Settled {
    fn of(hist: &[Step]) -> Settled {
        let last = hist.last().map_or(f64::NAN, |h| h.accuracy);
        let from = hist
            .iter()
            .rposition(|h| h.accuracy != last)
            .map_or(0, |i| i + 1);
        Settled {
            from,
            min_deviation: hist.get(from).map_or(f64::NAN, |h| h.min_deviation),
            side_changes_after: hist
                .iter()
                .skip(from + 1)
                .filter(|h| h.sides_changed)
                .count(),
        }
    }
}

/// Which sentence explains the accuracy of a model whose outputs all end near ½: set by
/// rounding only where the outputs were within rounding of ½ when it settled; set by the
/// sides of ½ the outputs kept while the weights decayed where none changed side since.
fn at_half_key(s: &Settled) -> &'static str {
    if s.min_deviation.is_nan() || s.min_deviation <= 1e-14 {
        "backprop-perceptron-at-half-rounding"
    } else if s.side_changes_after == 0 {
        "backprop-perceptron-at-half-decay"
    } else {
        "backprop-perceptron-at-half"
    }
}

/// The chain-rule table on the data's sample and on each of the spec's `check_samples`,
/// with the finding and the results that sum them up.
fn chain_rule_report(net: &Network, d: &Dataset, p: &Params, lang: Lang, out: &mut Outcome) {
    let checks: Vec<ChainRule> = std::iter::once(data_sample(d))
        .chain(p.check_samples.iter().copied())
        .map(|s| chain_rule_table(net, s, lang))
        .collect();
    let worst = checks.iter().map(|c| c.worst).fold(0.0f64, f64::max);
    let samples: Vec<String> = checks
        .iter()
        .map(|c| {
            crate::tr!(
                lang,
                "backprop-three-ways-sample",
                x1 = num(c.sample[0]),
                x2 = num(c.sample[1]),
                y = num(c.sample[2]),
                distinct = c.distinct,
            )
        })
        .collect();
    out.findings.push(crate::tr!(
        lang,
        "backprop-three-ways",
        worst = num(worst),
        samples = common::and_list_in(lang, &samples),
        count = checks.len(),
    ));
    let as_json = |c: &ChainRule| {
        json!({
            "x1": c.sample[0], "x2": c.sample[1], "y": c.sample[2],
            "worst_relative_difference": c.worst, "distinct_values": c.distinct,
        })
    };
    out.results = json!({
        "chain_rule_worst_relative_difference": worst,
        "chain_rule_sample": as_json(&checks[0]),
        "chain_rule_samples": checks.iter().map(as_json).collect::<Vec<_>>(),
    });
    out.tables.extend(checks.into_iter().map(|c| c.table));
}

/// The columns of `metrics.csv`.
pub const COLUMNS: &[(&str, &str)] = &[
    ("run", "the 2-h-1 network or the single perceptron"),
    ("step", "full-batch gradient-descent step"),
    ("loss", "mean log loss"),
    ("accuracy", "fraction classified correctly"),
];

/// The `backprop` kind (see the module's documentation).
pub struct BackpropKind;

/// The training histories (loss, accuracy by step) of the named models as the metrics.
fn history_table(runs: &[(&str, &Vec<Step>)]) -> Table {
    let mut t = Table::new();
    for (name, h) in runs {
        t.append(
            &Table::new()
                .with("run", Values::Str(vec![name.to_string(); h.len()]))
                .with("step", Values::I64((0..h.len() as i64).collect()))
                .with("loss", Values::F64(h.iter().map(|v| v.loss).collect()))
                .with(
                    "accuracy",
                    Values::F64(h.iter().map(|v| v.accuracy).collect()),
                ),
        );
    }
    t
}

/// The loss by step of both models.
fn loss_figure(trial: usize, lang: Lang) -> Figure {
    let tr = |key: &str| crate::i18n::text(lang, key);
    Figure::Lines {
        axes: Axes {
            title: tr("backprop-loss-title"),
            x_label: tr("backprop-loss-x"),
            y_label: tr("backprop-loss-y"),
            log_x: false,
            log_y: true,
            y_floor: None,
        },
        data: FromTable {
            x: "step".into(),
            y: "loss".into(),
            group: "series".into(),
            trial: Some(trial as i64),
            filter: vec![],
            table: None,
        },
    }
}

/// A trained model's predicted probability over the problem's plane, the 0.5 level as its
/// decision boundary, with the data (every point of XOR, a quarter of the moons). Where the
/// probability varies by less than 10⁻³ over the plane there is no contour to draw: no
/// figure, and the sentence that says so instead.
fn boundary_figure(
    p: &Params,
    d: &Dataset,
    name: &str,
    model: &mut Network,
    lang: Lang,
) -> Result<Figure, (String, f64)> {
    let (lo, hi) = match p.data {
        Problem::Xor => ([-0.5, -0.5], [1.5, 1.5]),
        Problem::Moons => ([-1.5, -1.0], [2.5, 1.5]),
    };
    let xs = common::linspace(lo[0], hi[0], 90);
    let ys = common::linspace(lo[1], hi[1], 90);
    let labels = d.labels.clone().unwrap_or_default();
    let marks: Vec<Marked> = (0..d.len())
        .filter(|&i| p.data == Problem::Xor || i % 4 == 0)
        .map(|i| Marked {
            label: if p.data == Problem::Xor {
                format!("y={}", labels[i])
            } else {
                String::new()
            },
            at: (d.x[(0, i)], d.x[(1, i)]),
            arrows: vec![],
            class: Some(labels[i]),
        })
        .collect();
    let grid = DMatrix::from_fn(2, xs.len() * ys.len(), |r, c| {
        if r == 0 {
            xs[c % xs.len()]
        } else {
            ys[c / xs.len()]
        }
    });
    let (logits, _) = model.forward(&grid, Mode::Eval, &mut Rng::new(0));
    let z: Vec<Vec<f64>> = (0..ys.len())
        .map(|j| {
            (0..xs.len())
                .map(|i| sigmoid(logits[(0, j * xs.len() + i)]))
                .collect()
        })
        .collect();
    let (zmin, zmax) = z
        .iter()
        .flatten()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(*v), b.max(*v))
        });
    if zmax - zmin < 1e-3 {
        return Err((
            crate::tr!(
                lang,
                "backprop-boundary-flat",
                model = name,
                spread = num(zmax - zmin),
                p = num(0.5 * (zmin + zmax)),
                x = format!("[{}, {}]", num(lo[0]), num(hi[0])),
                y = format!("[{}, {}]", num(lo[1]), num(hi[1])),
            ),
            zmax - zmin,
        ));
    }
    let title = crate::tr!(lang, "backprop-boundary", model = name);
    Ok(Figure::Contour {
        axes: Axes {
            title,
            x_label: "x₁".into(),
            y_label: "x₂".into(),
            log_x: false,
            log_y: false,
            y_floor: None,
        },
        xs,
        ys,
        z,
        paths: None,
        points: marks,
        boundary: Some(0.5),
    })
}

impl super::Kind for BackpropKind {
    type Params = Params;
    type Spec = Raw;
    const ID: &'static str = "backprop";
    const CHAPTER: super::Chapter = super::Chapter::Perceptron;
    const SUMMARY: &'static str =
        "The 2-2-1 network by the chain rule: every partial derivative of one step \
                  checked three ways, then trained on XOR or two moons next to a perceptron.";
    const EXAMPLE: &'static str =
        "params:\n  data: xor             # or moons\n  lr: 1.0\n  steps: 5000\n";
    const STARTER: &'static str = include_str!("../../templates/new/backprop.yaml");
    const COLUMNS: &'static [(&'static str, &'static str)] = COLUMNS;

    fn check(node: &Node, base: &str, at: &Located) -> Result<Params, SpecErrors> {
        let (raw, mut errors) = common::params::<Raw>(node, base, at)?;
        if !(raw.lr.is_finite() && raw.lr > 0.0) {
            errors.push(
                at.at_value(&join(base, "lr"), format!("`lr` is {}", raw.lr))
                    .expected("a positive learning rate"),
            );
        }
        for (i, [x1, x2, y]) in raw.check_samples.iter().enumerate() {
            if !(x1.is_finite() && x2.is_finite() && (0.0..=1.0).contains(y)) {
                errors.push(
                    at.at_value(
                        &format!("{}[{i}]", join(base, "check_samples")),
                        format!("the sample ({x1}, {x2}; {y})"),
                    )
                    .expected("[x₁, x₂, y] with finite inputs and a label y between 0 and 1"),
                );
            }
        }
        if !errors.is_empty() {
            return Err(SpecErrors(errors));
        }
        Ok(Params {
            data: raw.data,
            hidden: raw.hidden,
            lr: raw.lr,
            steps: raw.steps,
            init_seed: raw.init_seed,
            check_samples: raw.check_samples,
        })
    }

    /// Every derivative of one step three ways (the 2-2-1 network), then the network and a
    /// single perceptron trained on the same problem, their losses and decision boundaries.
    fn run(
        p: &Params,
        trial: usize,
        _seed: u64,
        lang: crate::i18n::Lang,
    ) -> Result<Outcome, String> {
        let d = problem(p.data);
        let mut rng = Rng::new(p.init_seed);
        let specs = [
            LayerSpec::dense(p.hidden, Activation::Sigmoid),
            LayerSpec::dense(1, Activation::Identity),
        ];
        let mut net = Network::new(2, &specs, Init::GlorotUniform, &mut rng);
        let mut out = Outcome::default();
        let tr = |key: &str| crate::i18n::text(lang, key);
        if p.hidden == 2 {
            chain_rule_report(&net, &d, p, lang, &mut out);
        }
        let net_hist = fit(&mut net, &d, p.lr, p.steps);
        let mut perceptron = Network::new(
            2,
            &[LayerSpec::dense(1, Activation::Identity)],
            Init::GlorotUniform,
            &mut Rng::new(p.init_seed),
        );
        let norm_before = weight_norm(&perceptron);
        let per_hist = fit(&mut perceptron, &d, p.lr, p.steps);
        // The runs' names in the data, and the same models named in the report's language.
        let label_net = format!("2-{}-1 network", p.hidden);
        let shown_net = crate::tr!(lang, "backprop-network", hidden = p.hidden.to_string());
        out.metrics = history_table(&[
            (label_net.as_str(), &net_hist),
            ("single perceptron", &per_hist),
        ]);
        let nan = Step {
            loss: f64::NAN,
            accuracy: f64::NAN,
            min_deviation: f64::NAN,
            deviation: f64::NAN,
            sides_changed: false,
        };
        let (nl, na) = net_hist
            .last()
            .map_or((f64::NAN, f64::NAN), |h| (h.loss, h.accuracy));
        let last = *per_hist.last().unwrap_or(&nan);
        let (pl, pa, p_dev) = (last.loss, last.accuracy, last.deviation);
        let acc = |pick: fn(f64, f64) -> f64, start: f64| {
            per_hist.iter().map(|h| h.accuracy).fold(start, pick)
        };
        let (pa_min, pa_max) = (
            acc(f64::min, f64::INFINITY),
            acc(f64::max, f64::NEG_INFINITY),
        );
        let settled = Settled::of(&per_hist);
        out.findings.push(crate::tr!(
            lang,
            "backprop-trained",
            steps = p.steps.to_string(),
            lr = num(p.lr),
            network = &shown_net,
            network_accuracy = num(na),
            network_loss = num(nl),
            perceptron_accuracy = num(pa),
            perceptron_loss = num(pl),
            perceptron_accuracy_min = num(pa_min),
            perceptron_accuracy_max = num(pa_max),
            why = tr(match p.data {
                Problem::Xor => "backprop-why-xor",
                Problem::Moons => "backprop-why-moons",
            }),
        ));
        if p_dev < 1e-3 {
            out.findings.push(crate::tr!(
                lang,
                at_half_key(&settled),
                deviation = num(p_dev),
                accuracy = num(pa),
                from = settled.from.to_string(),
                settled = num(settled.min_deviation),
            ));
        }
        let more = json!({
            "network_accuracy": na, "perceptron_accuracy": pa, "network_loss": nl,
            "perceptron_loss": pl, "perceptron_accuracy_min": pa_min,
            "perceptron_accuracy_max": pa_max, "perceptron_accuracy_final_from_step": settled.from,
            "perceptron_max_deviation_from_half": p_dev,
            "perceptron_settled_min_deviation_from_half": settled.min_deviation,
            "perceptron_side_changes_after_settled": settled.side_changes_after,
            "perceptron_weight_norm_initial": norm_before,
            "perceptron_weight_norm_final": weight_norm(&perceptron),
            "ln2": std::f64::consts::LN_2,
        });
        match (&mut out.results, more) {
            (serde_json::Value::Object(m), serde_json::Value::Object(extra)) => m.extend(extra),
            (r, extra) => *r = extra,
        }
        out.headline = vec![
            (tr("backprop-headline-network"), num(na)),
            (tr("backprop-headline-perceptron"), num(pa)),
        ];
        out.figures.push(("loss".into(), loss_figure(trial, lang)));
        let shown_perceptron = tr("backprop-single-perceptron");
        for (id, name, model) in [
            ("boundary_network", shown_net, &mut net),
            ("boundary_perceptron", shown_perceptron, &mut perceptron),
        ] {
            match boundary_figure(p, &d, &name, model, lang) {
                Ok(figure) => out.figures.push((id.into(), figure)),
                // A flat output has no contour: the sentence says so, and the results keep
                // its spread over the plane (`boundary_perceptron_spread`, say).
                Err((flat, spread)) => {
                    out.findings.push(flat);
                    out.results[format!("{id}_spread")] = serde_json::json!(spread);
                }
            }
        }
        Ok(out)
    }

    /// Peak memory: every step's record (loss, accuracy, weights of the hidden units).
    fn memory(p: &Params) -> (u64, &'static str) {
        ((300 + 64 * p.hidden as u64) * p.steps as u64, "steps")
    }
}
