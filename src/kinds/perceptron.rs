//! Kind `perceptron`: one neuron trained by full-batch gradient descent.
//!
//! Catalogue rows 13 and 14. Regression (ŷ = w·x + b, squared error) on the course's house
//! table, compared with the least-squares solution; classification (ŷ = σ(w·x + b), log
//! loss) on the word-count sentiment table, with its decision boundary and a check of
//! σ'(z) = σ(z)(1 − σ(z)). Features are standardized on the training data.

use super::common::{self, num, point};
use crate::collect::{Table, Values};
use crate::error::SpecErrors;
use crate::i18n::Lang;
use crate::locate::{join, Located};
use crate::nn::activation::{sigmoid, Activation};
use crate::nn::data::{self, Dataset, Standardizer};
use crate::nn::init::Init;
use crate::nn::loss::Loss;
use crate::nn::network::{LayerSpec, Mode, Network};
use crate::nn::optim::{Optimizer, OptimizerSpec};
use crate::numerics::rng::Rng;
use crate::parse::Node;
use crate::plot::{Axes, Curve, Figure, Marked};
use crate::run::{Outcome, ReportTable};
use nalgebra::{DMatrix, DVector};
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TableName {
    Houses,
    Sentiment,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Raw {
    data: TableName,
    #[serde(default = "default_lr")]
    lr: f64,
    #[serde(default = "default_steps")]
    #[schemars(range(min = 1, max = 1_000_000))]
    steps: usize,
    #[serde(default = "yes")]
    standardize: bool,
}

fn default_lr() -> f64 {
    0.1
}
fn default_steps() -> usize {
    500
}
fn yes() -> bool {
    true
}

#[derive(Debug, Clone)]
pub struct Params {
    pub data: TableName,
    pub lr: f64,
    pub steps: usize,
    pub standardize: bool,
}

#[allow(clippy::too_many_arguments)]
fn regression_report(
    raw: &Dataset,
    d: &Dataset,
    w: &DMatrix<f64>,
    b: f64,
    y_scale: f64,
    p: &Params,
    out: &mut Outcome,
    lang: Lang,
) -> serde_json::Value {
    let tr = |key: &str| crate::i18n::text(lang, key);
    // Least squares on the same (standardized) features with an intercept column; the
    // features are collinear, so the minimum-norm solution (pseudo-inverse) is the one
    // gradient descent from zero converges to.
    let n = d.len();
    let a = DMatrix::from_fn(n, 3, |i, j| if j < 2 { d.x[(j, i)] } else { 1.0 });
    let y = DVector::from_fn(n, |i, _| d.y[(0, i)] / y_scale);
    let svd = a.clone().svd(true, true);
    let ls = svd.solve(&y, 1e-12).unwrap_or_else(|_| DVector::zeros(3));
    let rank = svd.singular_values.iter().filter(|s| **s > 1e-10).count();
    let mut rows = Vec::new();
    for i in 0..n {
        let pred = (w[(0, 0)] * d.x[(0, i)] + w[(0, 1)] * d.x[(1, i)] + b) * y_scale;
        rows.push(vec![
            num(raw.x[(0, i)]),
            num(raw.x[(1, i)]),
            num(raw.y[(0, i)]),
            num(pred),
        ]);
    }
    out.tables.push(ReportTable {
        title: tr("perceptron-houses-title"),
        columns: vec![
            tr("perceptron-houses-size"),
            tr("perceptron-houses-rooms"),
            tr("perceptron-houses-price"),
            tr("perceptron-houses-predicted"),
        ],
        rows,
        note: String::new(),
    });
    out.tables.push(ReportTable {
        title: tr("perceptron-ls-title"),
        columns: vec![
            String::new(),
            tr("perceptron-ls-w1"),
            tr("perceptron-ls-w2"),
            "b".into(),
        ],
        rows: vec![
            vec![
                tr("perceptron-ls-gradient-descent"),
                num(w[(0, 0)]),
                num(w[(0, 1)]),
                num(b),
            ],
            vec![
                tr("perceptron-ls-least-squares"),
                num(ls[0]),
                num(ls[1]),
                num(ls[2]),
            ],
        ],
        note: tr("perceptron-ls-note"),
    });
    let gap =
        ((w[(0, 0)] - ls[0]).powi(2) + (w[(0, 1)] - ls[1]).powi(2) + (b - ls[2]).powi(2)).sqrt();
    out.findings.push(crate::tr!(
        lang,
        "perceptron-least-squares",
        steps = p.steps.to_string(),
        lr = num(p.lr),
        gap = num(gap),
        rank = rank.to_string(),
    ));
    // The mean squared error's gradient carries the factor 2 of the square: from zero
    // weights (ŷ = 0) the first step sets b = lr·(2/n)·Σy = 2·lr·mean(y).
    let mean_y = d.y.mean() / y_scale;
    match first_step_b(&out.metrics) {
        Some(b1) if (b1 - 2.0 * p.lr * mean_y).abs() <= 1e-9 * b1.abs().max(1.0) => {
            out.findings.push(crate::tr!(
                lang,
                "perceptron-mse-gradient",
                lr = num(p.lr),
                mean = num(mean_y),
                b1 = num(b1),
            ))
        }
        _ => out.findings.push(tr("perceptron-mse-gradient-formula")),
    }
    json!({
        "least_squares": {"w1": ls[0], "w2": ls[1], "b": ls[2], "rank": rank},
        "distance_to_least_squares": gap,
    })
}

/// b after the first step of gradient descent (the metrics' second row).
fn first_step_b(metrics: &Table) -> Option<f64> {
    match metrics.column("b") {
        Some(Values::F64(b)) => b.get(1).copied(),
        _ => None,
    }
}

#[allow(clippy::too_many_arguments)]
fn classification_report(
    raw: &Dataset,
    d: &Dataset,
    net: &mut Network,
    w: &DMatrix<f64>,
    b: f64,
    p: &Params,
    out: &mut Outcome,
    lang: Lang,
) -> serde_json::Value {
    let (predictions, correct) = predictions_table(raw, d, net, lang);
    out.tables.push(predictions);
    let (check, sigmoid_worst) = sigmoid_check(lang);
    out.tables.push(check);
    let (grad, worst) = gradient_check(d, w, b);
    out.findings.push(crate::tr!(
        lang,
        "perceptron-separates",
        correct = correct.to_string(),
        rows = d.len().to_string(),
        steps = p.steps.to_string(),
        lr = num(p.lr),
        worst = num(worst),
        h = num(GRAD_CHECK_H),
    ));
    out.figures
        .push(("boundary".into(), boundary_figure(raw, w, b, lang)));
    out.figures.push(("sigmoid".into(), sigmoid_figure(lang)));
    // The boundary line itself, w·x + b = 0, in count coordinates.
    let s = Standardizer::fit(raw);
    let line: Vec<(f64, f64)> = common::linspace(-0.5, 3.5, 2)
        .into_iter()
        .map(|a| {
            let u = (a - s.mean[0]) / s.std[0];
            let v = -(w[(0, 0)] * u + b) / w[(0, 1)];
            (a, v * s.std[1] + s.mean[1])
        })
        .collect();
    out.findings.push(crate::tr!(
        lang,
        "perceptron-boundary-line",
        from = point(&[line[0].0, line[0].1]),
        to = point(&[line[1].0, line[1].1]),
    ));
    json!({
        "gradient_check": {
            "h": GRAD_CHECK_H, "at": "trained weights", "formula": grad[0], "central": grad[1],
            "worst_relative": worst,
        },
        "sigmoid_check": {"h": SIGMOID_CHECK_H, "worst_relative": sigmoid_worst},
    })
}

/// The step of the central differences that check ∂L/∂(w₁, w₂, b).
const GRAD_CHECK_H: f64 = 1e-6;
/// The step of the central differences that check σ'.
const SIGMOID_CHECK_H: f64 = 1e-5;

/// The mean log loss's gradient by the formula ∂L/∂w = mean((ŷ − y)·x), ∂L/∂b = mean(ŷ − y),
/// against central differences of the loss itself (step `GRAD_CHECK_H`) at (w, b): both
/// vectors [w₁, w₂, b] and the largest difference relative to the largest component.
fn gradient_check(d: &Dataset, w: &DMatrix<f64>, b: f64) -> ([Vec<f64>; 2], f64) {
    let labels: Vec<f64> = (0..d.len()).map(|i| d.y[(0, i)]).collect();
    let z = |th: &[f64; 3], i: usize| th[0] * d.x[(0, i)] + th[1] * d.x[(1, i)] + th[2];
    // log(1 + e^z) − y·z, the log loss of σ(z), without overflow.
    let loss = |th: &[f64; 3]| {
        (0..d.len())
            .map(|i| {
                let zi = z(th, i);
                zi.max(0.0) + (-zi.abs()).exp().ln_1p() - labels[i] * zi
            })
            .sum::<f64>()
            / d.len() as f64
    };
    let th = [w[(0, 0)], w[(0, 1)], b];
    let n = d.len() as f64;
    let mut formula = vec![0.0; 3];
    for (i, label) in labels.iter().enumerate().take(d.len()) {
        let r = sigmoid(z(&th, i)) - label;
        formula[0] += r * d.x[(0, i)] / n;
        formula[1] += r * d.x[(1, i)] / n;
        formula[2] += r / n;
    }
    let central: Vec<f64> = (0..3)
        .map(|k| {
            let (mut up, mut down) = (th, th);
            up[k] += GRAD_CHECK_H;
            down[k] -= GRAD_CHECK_H;
            (loss(&up) - loss(&down)) / (2.0 * GRAD_CHECK_H)
        })
        .collect();
    let scale = formula.iter().fold(1e-300f64, |m, v| m.max(v.abs()));
    let worst = (0..3)
        .map(|k| (formula[k] - central[k]).abs() / scale)
        .fold(0.0f64, f64::max);
    ([formula, central], worst)
}

fn mood(label: usize, lang: Lang) -> String {
    crate::i18n::text(
        lang,
        if label == 1 {
            "perceptron-happy"
        } else {
            "perceptron-sad"
        },
    )
}

/// Each row of the table with its mood, the predicted probability and the predicted mood;
/// and how many are right.
fn predictions_table(
    raw: &Dataset,
    d: &Dataset,
    net: &mut Network,
    lang: Lang,
) -> (ReportTable, usize) {
    let tr = |key: &str| crate::i18n::text(lang, key);
    let (logits, _) = net.forward(&d.x, Mode::Eval, &mut Rng::new(0));
    let labels = raw.labels.clone().unwrap_or_default();
    let mut rows = Vec::new();
    let mut correct = 0;
    for i in 0..d.len() {
        let prob = sigmoid(logits[(0, i)]);
        let pred = usize::from(prob > 0.5);
        correct += usize::from(pred == labels[i]);
        rows.push(vec![
            num(raw.x[(0, i)]),
            num(raw.x[(1, i)]),
            mood(labels[i], lang),
            num(prob),
            mood(pred, lang),
        ]);
    }
    let table = ReportTable {
        title: tr("perceptron-sentiment-title"),
        columns: vec![
            "aack".into(),
            "beep".into(),
            tr("perceptron-sentiment-mood"),
            tr("perceptron-sentiment-probability"),
            tr("perceptron-sentiment-predicted"),
        ],
        rows,
        note: String::new(),
    };
    (table, correct)
}

/// σ'(z) = σ(z)(1 − σ(z)) against a central difference at six z; and the worst relative
/// difference.
fn sigmoid_check(lang: Lang) -> (ReportTable, f64) {
    let mut srows = Vec::new();
    let mut worst: f64 = 0.0;
    for z in [-4.0f64, -1.0, 0.0, 0.5, 2.0, 6.0] {
        let s = sigmoid(z);
        let formula = s * (1.0 - s);
        let h = SIGMOID_CHECK_H;
        let fd = (sigmoid(z + h) - sigmoid(z - h)) / (2.0 * h);
        worst = worst.max((formula - fd).abs() / formula);
        srows.push(vec![num(z), num(s), num(formula), num(fd)]);
    }
    let table = ReportTable {
        title: "σ'(z) = σ(z)(1 − σ(z))".into(),
        columns: vec![
            "z".into(),
            "σ(z)".into(),
            "σ(z)(1 − σ(z))".into(),
            crate::i18n::text(lang, "perceptron-sigmoid-central"),
        ],
        rows: srows,
        note: crate::tr!(lang, "perceptron-sigmoid-note", worst = num(worst)),
    };
    (table, worst)
}

/// The predicted probability over the raw (count) coordinates, with the 0.5 level as the
/// decision boundary and each row as a point of its class.
fn boundary_figure(raw: &Dataset, w: &DMatrix<f64>, b: f64, lang: Lang) -> Figure {
    let tr = |key: &str| crate::i18n::text(lang, key);
    let labels = raw.labels.clone().unwrap_or_default();
    let s = Standardizer::fit(raw);
    let (lo, hi) = ([-0.5, -0.5], [3.5, 3.5]);
    let xs = common::linspace(lo[0], hi[0], 80);
    let ys = common::linspace(lo[1], hi[1], 80);
    let z: Vec<Vec<f64>> = ys
        .iter()
        .map(|&yv| {
            xs.iter()
                .map(|&xv| {
                    sigmoid(
                        w[(0, 0)] * (xv - s.mean[0]) / s.std[0]
                            + w[(0, 1)] * (yv - s.mean[1]) / s.std[1]
                            + b,
                    )
                })
                .collect()
        })
        .collect();
    let points = (0..raw.len())
        .map(|i| Marked {
            label: mood(labels[i], lang),
            at: (raw.x[(0, i)], raw.x[(1, i)]),
            arrows: vec![],
            class: Some(labels[i]),
        })
        .collect();
    Figure::Contour {
        axes: Axes {
            title: tr("perceptron-boundary-title"),
            x_label: tr("perceptron-boundary-x"),
            y_label: tr("perceptron-boundary-y"),
            log_x: false,
            log_y: false,
            y_floor: None,
        },
        xs,
        ys,
        z,
        paths: None,
        points,
        boundary: Some(0.5),
    }
}

/// σ(z) and σ'(z) over [−8, 8].
fn sigmoid_figure(lang: Lang) -> Figure {
    let tr = |key: &str| crate::i18n::text(lang, key);
    let curve = |name: &str, f: &dyn Fn(f64) -> f64, dashed: bool| Curve {
        name: name.into(),
        points: common::linspace(-8.0, 8.0, 161)
            .into_iter()
            .map(|z| (z, f(z)))
            .collect(),
        dashed,
        scatter: false,
        color: None,
        marker: None,
    };
    Figure::Curves {
        axes: Axes {
            title: tr("perceptron-sigmoid-title"),
            x_label: "z".into(),
            y_label: tr("perceptron-sigmoid-y"),
            log_x: false,
            log_y: false,
            y_floor: None,
        },
        curves: vec![
            curve("σ(z)", &sigmoid, false),
            curve("σ'(z)", &|z| sigmoid(z) * (1.0 - sigmoid(z)), true),
        ],
        vlines: vec![],
    }
}

/// The columns of `metrics.csv`.
pub const COLUMNS: &[(&str, &str)] = &[
    ("run", "gradient descent"),
    ("step", "full-batch step, 0 before the first"),
    (
        "loss",
        "mean squared error (prices in $1000) or mean log loss",
    ),
    ("w1", "weight of the first (standardized) feature"),
    ("w2", "weight of the second"),
    ("b", "bias"),
];

/// The `perceptron` kind (see the module's documentation).
pub struct PerceptronKind;

/// Full-batch gradient descent's result: the neuron, every step's loss and weights as the
/// metrics table, the losses, and the step where the loss stopped being finite.
struct Descent {
    net: Network,
    metrics: Table,
    losses: Vec<f64>,
    diverged_at: Option<usize>,
}

/// `p.steps` steps of full-batch gradient descent (`torch.optim.SGD`, no momentum) on one
/// linear neuron from zero weights; stops where the loss is no longer finite.
fn descend(p: &Params, target: &Dataset, loss: Loss) -> Descent {
    let mut rng = Rng::new(0);
    let mut net = Network::new(
        target.x.nrows(),
        &[LayerSpec::dense(1, Activation::Identity)],
        Init::Zeros,
        &mut rng,
    );
    let mut opt = Optimizer::new(OptimizerSpec::Sgd {
        lr: p.lr,
        momentum: 0.0,
        dampening: 0.0,
        nesterov: false,
        weight_decay: 0.0,
    });
    let (mut steps, mut losses, mut w1, mut w2, mut bs) = (vec![], vec![], vec![], vec![], vec![]);
    let mut diverged_at = None;
    for s in 0..=p.steps {
        let (out, caches) = net.forward(&target.x, Mode::Train, &mut rng);
        let (l, dout) = loss.value_and_grad(&out, &target.y);
        steps.push(s as i64);
        losses.push(l);
        w1.push(net.layers[0].w[(0, 0)]);
        w2.push(net.layers[0].w[(0, 1)]);
        bs.push(net.layers[0].b[0]);
        if !l.is_finite() {
            diverged_at = Some(s);
            break;
        }
        if s == p.steps {
            break;
        }
        let grads = net.backward(&caches, &dout);
        let flat = net.flat_grads(&grads);
        opt.step(net.params_mut(), &flat, p.lr);
    }
    let metrics = Table::new()
        .with(
            "run",
            Values::Str(vec!["gradient descent".into(); steps.len()]),
        )
        .with("step", Values::I64(steps))
        .with("loss", Values::F64(losses.clone()))
        .with("w1", Values::F64(w1))
        .with("w2", Values::F64(w2))
        .with("b", Values::F64(bs));
    Descent {
        net,
        metrics,
        losses,
        diverged_at,
    }
}

/// The loss by step (log loss or MSE).
fn loss_figure(classify: bool, trial: usize, lang: Lang) -> Figure {
    let tr = |key: &str| crate::i18n::text(lang, key);
    Figure::Lines {
        axes: Axes {
            title: tr(if classify {
                "perceptron-loss-title-log"
            } else {
                "perceptron-loss-title-mse"
            }),
            x_label: tr("perceptron-loss-x"),
            y_label: tr("perceptron-loss-y"),
            log_x: false,
            log_y: true,
            y_floor: None,
        },
        data: crate::plot::FromTable {
            x: "step".into(),
            y: "loss".into(),
            group: "series".into(),
            trial: Some(trial as i64),
            filter: vec![],
            table: None,
        },
    }
}

impl super::Kind for PerceptronKind {
    type Params = Params;
    type Spec = Raw;
    const ID: &'static str = "perceptron";
    const CHAPTER: super::Chapter = super::Chapter::Perceptron;
    const SUMMARY: &'static str =
        "One neuron trained by gradient descent: regression on the course's house \
                  table against least squares, or classification of the sentiment table \
                  with sigmoid and log loss.";
    const EXAMPLE: &'static str =
        "params:\n  data: houses          # or sentiment\n  lr: 0.1\n  steps: 500\n";
    const STARTER: &'static str = include_str!("../../templates/new/perceptron.yaml");
    const COLUMNS: &'static [(&'static str, &'static str)] = COLUMNS;

    fn check(node: &Node, base: &str, at: &Located) -> Result<Params, SpecErrors> {
        let (raw, mut errors) = common::params::<Raw>(node, base, at)?;
        if !(raw.lr.is_finite() && raw.lr > 0.0) {
            errors.push(
                at.at_value(&join(base, "lr"), format!("`lr` is {}", raw.lr))
                    .expected("a positive learning rate"),
            );
        }
        if !errors.is_empty() {
            return Err(SpecErrors(errors));
        }
        Ok(Params {
            data: raw.data,
            lr: raw.lr,
            steps: raw.steps,
            standardize: raw.standardize,
        })
    }

    /// Gradient descent on the course's table (standardized or not) from zero weights, the
    /// loss by step, then the regression or classification report.
    fn run(
        p: &Params,
        trial: usize,
        _seed: u64,
        lang: crate::i18n::Lang,
    ) -> Result<Outcome, String> {
        let raw = match p.data {
            TableName::Houses => data::houses(),
            TableName::Sentiment => data::sentiment(),
        };
        let classify = raw.labels.is_some();
        let scaler = Standardizer::fit(&raw);
        let d = if p.standardize {
            scaler.apply(&raw)
        } else {
            raw.clone()
        };
        // Regression targets are scaled too (in $1000) so that one learning rate suits both.
        let y_scale = if classify { 1.0 } else { 1000.0 };
        let mut target = d.clone();
        target.y /= y_scale;
        let loss = if classify {
            Loss::BceWithLogits
        } else {
            Loss::Mse
        };
        let Descent {
            mut net,
            metrics,
            losses,
            diverged_at,
        } = descend(p, &target, loss);
        let mut out = Outcome {
            metrics,
            ..Outcome::default()
        };
        let w = net.layers[0].w.clone();
        let b = net.layers[0].b[0];
        let names = &raw.feature_names;
        let tr = |key: &str| crate::i18n::text(lang, key);
        out.figures
            .push(("loss".into(), loss_figure(classify, trial, lang)));
        if let Some(s) = diverged_at {
            out.findings.push(crate::tr!(
                lang,
                if p.standardize {
                    "perceptron-diverged-standardized"
                } else {
                    "perceptron-diverged-raw"
                },
                step = s.to_string(),
                lr = num(p.lr),
            ));
        }
        let extra = if classify {
            classification_report(&raw, &d, &mut net, &w, b, p, &mut out, lang)
        } else {
            regression_report(&raw, &d, &w, b, y_scale, p, &mut out, lang)
        };
        out.findings.push(crate::tr!(
            lang,
            if p.standardize {
                "perceptron-weights-standardized"
            } else {
                "perceptron-weights-raw"
            },
            name1 = common::md(&names[0]),
            w1 = num(w[(0, 0)]),
            name2 = common::md(&names[1]),
            w2 = num(w[(0, 1)]),
            b = num(b),
        ));
        out.results = json!({
            "w1": w[(0, 0)], "w2": w[(0, 1)], "b": b, "final_loss": losses.last().copied().unwrap_or(f64::NAN),
            "steps": p.steps, "lr": p.lr, "diverged": diverged_at.is_some(),
            "feature_mean": scaler.mean, "feature_std": scaler.std,
            "first_step_b": first_step_b(&out.metrics), "mean_target": target.y.mean(),
        });
        if let (serde_json::Value::Object(m), serde_json::Value::Object(extra)) =
            (&mut out.results, extra)
        {
            m.extend(extra);
        }
        out.headline = vec![(
            tr("perceptron-headline-final-loss"),
            num(*losses.last().unwrap_or(&f64::NAN)),
        )];
        Ok(out)
    }

    /// Peak memory: every step's record (weights, loss, gradient), about 300 bytes.
    fn memory(p: &Params) -> (u64, &'static str) {
        (300 * p.steps as u64, "steps")
    }
}
