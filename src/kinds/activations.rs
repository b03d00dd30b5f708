//! Kind `activations`: the activation functions and their derivatives side by side
//! (catalogue row 18), with where each saturates or dies.
//!
//! For every function: f and f' over a range (f' checked against central differences), the
//! region where |f'| is below 5 % of its peak (saturation; f' = 0 for a dead ReLU), and the
//! Gaussian moments E[f(z)], E[f(z)²], E[f'(z)²] for z ∼ N(0, 1), the per-layer gains that
//! decide whether a deep stack keeps its signal (see kind `depth`).

use super::common::{self, num};
use super::depth::gauss_mean;
use crate::collect::{Table, Values};
use crate::error::SpecErrors;
use crate::locate::{join, Located};
use crate::nn::activation::Activation;
use crate::parse::{deserialize, Node};
use crate::plot::{Axes, Curve, Figure};
use crate::run::{Outcome, ReportTable};
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Raw {
    functions: Vec<Activation>,
    #[serde(default = "range")]
    range: [f64; 2],
    #[serde(default = "points")]
    points: usize,
}

fn range() -> [f64; 2] {
    [-6.0, 6.0]
}
fn points() -> usize {
    601
}

/// Checked parameters.
#[derive(Debug, Clone)]
pub struct Params {
    pub functions: Vec<Activation>,
    pub range: (f64, f64),
    pub points: usize,
}

/// PReLU is drawn with its initial slope, 0.25 (PyTorch's `nn.PReLU` default).
const PRELU_SLOPE: f64 = 0.25;

/// The JSON Schema of this kind's `params:` (for `gradlab schema` and editors).
pub fn schema(gen: &mut schemars::gen::SchemaGenerator) -> schemars::schema::Schema {
    gen.subschema_for::<Raw>()
}

pub fn check(node: &Node, base: &str, at: &Located) -> Result<Params, SpecErrors> {
    let raw: Raw = deserialize(node, base, at)?;
    let mut errors = Vec::new();
    if raw.functions.is_empty() {
        errors.push(
            at.at_value(&join(base, "functions"), "no functions")
                .expected("a list such as `[{name: sigmoid}, {name: relu}]`"),
        );
    }
    let [a, b] = raw.range;
    if !(a.is_finite() && b.is_finite() && a < b && b - a <= 1e4) {
        errors.push(
            at.at_value(&join(base, "range"), format!("range [{a}, {b}]"))
                .expected("[lo, hi] with lo < hi, both finite"),
        );
    }
    common::check_range(&mut errors, at, base, "points", raw.points, (11, 100_001));
    if !errors.is_empty() {
        return Err(SpecErrors(errors));
    }
    Ok(Params {
        functions: raw.functions,
        range: (a, b),
        points: raw.points,
    })
}

fn label(a: Activation) -> String {
    match a {
        Activation::LeakyRelu { slope } => format!("leaky_relu ({slope})"),
        Activation::Elu { alpha } if alpha != 1.0 => format!("elu (α={alpha})"),
        Activation::Prelu => format!("prelu (slope {PRELU_SLOPE})"),
        other => other.name().to_string(),
    }
}

/// Where |f'| < 5 % of its peak on the grid, as text: the saturated or dead region. Only
/// stretches that run to an end of the grid count: a short dip of f' inside (GELU's and
/// Swish's minimum, where f' crosses zero) is a turning point, not saturation.
fn saturation(zs: &[f64], d: &[f64]) -> (String, Vec<(f64, f64)>) {
    let peak = d.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let low: Vec<bool> = d.iter().map(|v| v.abs() < 0.05 * peak).collect();
    let mut regions = Vec::new();
    let mut start: Option<usize> = None;
    for i in 0..=zs.len() {
        let on = i < zs.len() && low[i];
        match (on, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                regions.push((zs[s], zs[i - 1]));
                start = None;
            }
            _ => {}
        }
    }
    let (first, last) = (zs[0], zs[zs.len() - 1]);
    regions.retain(|&(a, b)| a <= first || b >= last);
    let text = if regions.is_empty() {
        "none in range".to_string()
    } else {
        regions
            .iter()
            .map(|(a, b)| {
                let lo = if *a <= first {
                    "(−∞".to_string()
                } else {
                    format!("[{}", num(*a))
                };
                let hi = if *b >= last {
                    "∞)".to_string()
                } else {
                    format!("{}]", num(*b))
                };
                format!("z ∈ {lo}, {hi}")
            })
            .collect::<Vec<_>>()
            .join(" and ")
    };
    (text, regions)
}

pub fn run(p: &Params, _trial: usize, lang: crate::i18n::Lang) -> Result<Outcome, String> {
    let zs = common::linspace(p.range.0, p.range.1, p.points);
    let h = 1e-6;
    let mut metrics = Table::new();
    let mut f_curves = Vec::new();
    let mut d_curves = Vec::new();
    let mut rows = Vec::new();
    let mut results = Vec::new();
    let mut worst_fd = 0.0f64;
    let mut findings = Vec::new();
    for (i, &a) in p.functions.iter().enumerate() {
        let s = PRELU_SLOPE;
        let f: Vec<f64> = zs.iter().map(|&z| a.f(z, s)).collect();
        let d: Vec<f64> = zs.iter().map(|&z| a.df(z, s)).collect();
        // Central differences, away from the kink at 0 of the ReLU family.
        let fd: Vec<f64> = zs
            .iter()
            .map(|&z| (a.f(z + h, s) - a.f(z - h, s)) / (2.0 * h))
            .collect();
        let fd_err = zs
            .iter()
            .zip(d.iter().zip(&fd))
            .filter(|(z, _)| z.abs() > 10.0 * h)
            .map(|(_, (x, y))| (x - y).abs() / x.abs().max(1.0))
            .fold(0.0f64, f64::max);
        worst_fd = worst_fd.max(fd_err);
        let (sat_text, _) = saturation(&zs, &d);
        let sat: Vec<bool> = {
            let peak = d.iter().fold(0.0f64, |m, v| m.max(v.abs()));
            d.iter().map(|v| v.abs() < 0.05 * peak).collect()
        };
        let name = label(a);
        let n = zs.len();
        metrics.append(
            &Table::new()
                .with("run", Values::Str(vec![name.clone(); n]))
                .with("z", Values::F64(zs.clone()))
                .with("f", Values::F64(f.clone()))
                .with("df", Values::F64(d.clone()))
                .with("df_central", Values::F64(fd))
                .with("saturated", Values::Bool(sat)),
        );
        f_curves.push(Curve::line(name.clone(), zs.iter().copied().zip(f).collect()).color(i));
        d_curves
            .push(Curve::line(name.clone(), zs.iter().copied().zip(d.clone()).collect()).color(i));
        let m1 = gauss_mean(1.0, |z| a.f(z, s));
        let m2 = gauss_mean(1.0, |z| a.f(z, s).powi(2));
        let g2 = gauss_mean(1.0, |z| a.df(z, s).powi(2));
        let peak = d.iter().fold(0.0f64, |m, v| m.max(*v));
        rows.push(vec![
            name.clone(),
            num(a.f(0.0, s)),
            num(a.df(0.0, s)),
            num(peak),
            sat_text.clone(),
            num(m1),
            num(m2),
            num(g2),
        ]);
        results.push(json!({
            "name": name, "f0": a.f(0.0, s), "df0": a.df(0.0, s), "peak_derivative": peak,
            "saturation": sat_text, "mean": m1, "second_moment": m2, "derivative_gain": g2,
            "central_difference_error": fd_err,
        }));
        match a {
            Activation::Sigmoid => findings.push(format!(
                "The sigmoid's derivative σ'(z) = σ(z)(1 − σ(z)) peaks at {} (z = 0) and is below 5 % of that for {}. Through k sigmoid layers the back-propagated gradient is multiplied by at most (1/4)^k times the weights, and its outputs average {} for z ∼ N(0, 1), not 0: the next layer's inputs all share one sign.",
                num(peak), sat_text, num(m1)
            )),
            Activation::Tanh => findings.push(format!(
                "tanh is zero-centred (E[tanh z] = {}) with f'(0) = {}, but saturates for {}.",
                num(m1), num(a.df(0.0, s)), sat_text
            )),
            Activation::Relu => findings.push(format!(
                "ReLU passes the gradient unchanged for z > 0 and not at all for z ≤ 0 ({}): a unit whose pre-activation is negative for every input is dead and never recovers. E[relu'(z)²] = {} for z ∼ N(0, 1): half the gradient's energy, which He initialization's factor 2 restores.",
                sat_text, num(g2)
            )),
            Activation::Selu => findings.push(format!(
                "SELU with α ≈ 1.6733, λ ≈ 1.0507 gives E[f(z)] = {} and E[f(z)²] = {} for z ∼ N(0, 1): mean 0 and variance 1 are kept, which is what makes it self-normalizing with LeCun initialization.",
                num(m1), num(m2)
            )),
            _ => {}
        }
    }
    findings.push(format!(
        "Every derivative above is the closed form; central differences (h = 1e-6) agree with it to {} at worst over the grid (kinks at 0 excluded).",
        num(worst_fd)
    ));
    let marks: Vec<(String, f64)> = if p.functions.contains(&Activation::Tanh) {
        // |tanh'| < 0.05 where tanh² > 0.95.
        let z = 0.95f64.sqrt().atanh();
        vec![
            (format!("tanh saturates, |z| > {}", num(z)), z),
            (String::new(), -z),
        ]
    } else {
        vec![]
    };
    let axes = |title: &str, y: &str| Axes {
        title: title.into(),
        x_label: "z (pre-activation)".into(),
        y_label: y.into(),
        log_x: false,
        log_y: false,
    };
    let out = Outcome {
        metrics,
        results: json!({ "functions": results, "worst_central_difference_error": worst_fd }),
        findings,
        figures: vec![
            (
                "functions".into(),
                Figure::Curves {
                    axes: axes("Activation functions f(z)", "f(z)"),
                    curves: f_curves,
                    vlines: vec![],
                },
            ),
            (
                "derivatives".into(),
                Figure::Curves {
                    axes: axes("Derivatives f'(z): where the gradient passes", "f'(z)"),
                    curves: d_curves,
                    vlines: marks,
                },
            ),
        ],
        tables: vec![ReportTable {
            title: "Values, saturation and Gaussian gains".into(),
            columns: [
                "function",
                "f(0)",
                "f'(0)",
                "max f'",
                "saturated or dead (|f'| < 5 % of max)",
                "E[f(z)]",
                "E[f(z)²]",
                "E[f'(z)²]",
            ]
            .map(String::from)
            .to_vec(),
            rows,
            note: "Expectations over z ∼ N(0, 1), by quadrature. E[f(z)²] is the forward gain and E[f'(z)²] the backward gain of a layer whose weights have n·Var[W] = 1.".into(),
        }],
        headline: vec![],
        ..Outcome::default()
    };
    Ok(out)
}

/// The columns of `metrics.csv`.
pub const COLUMNS: &[(&str, &str)] = &[
    ("run", "the activation (with its parameter)"),
    ("z", "pre-activation"),
    ("f", "f(z)"),
    (
        "df",
        "f'(z), closed form (left derivative at a kink, as PyTorch)",
    ),
    ("df_central", "(f(z + h) − f(z − h)) / 2h with h = 1e-6"),
    ("saturated", "|f'(z)| below 5 % of its maximum on the range"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saturation_regions_of_sigmoid_and_relu() {
        let zs = common::linspace(-6.0, 6.0, 1201);
        let d: Vec<f64> = zs.iter().map(|&z| Activation::Sigmoid.df(z, 0.0)).collect();
        let (_, r) = saturation(&zs, &d);
        // σ'(z) = 0.0125 at |z| = ln((1 + √(1 − 0.05))/(1 − √(1 − 0.05))) ≈ 4.3596.
        assert_eq!(r.len(), 2);
        assert!((r[0].1 + 4.36).abs() < 0.011, "{:?}", r);
        assert!((r[1].0 - 4.36).abs() < 0.011, "{:?}", r);
        let d: Vec<f64> = zs.iter().map(|&z| Activation::Relu.df(z, 0.0)).collect();
        let (text, r) = saturation(&zs, &d);
        assert_eq!(r, vec![(-6.0, 0.0)]);
        assert_eq!(text, "z ∈ (−∞, 0]");
        // GELU's f' crosses zero at its minimum (z ≈ −0.75): a turning point, not a
        // saturated region; only its left tail saturates.
        let d: Vec<f64> = zs.iter().map(|&z| Activation::Gelu.df(z, 0.0)).collect();
        let (_, r) = saturation(&zs, &d);
        assert!(r.iter().all(|&(a, b)| a <= -6.0 || b >= 6.0), "{r:?}");
        assert!(!r.iter().any(|&(a, b)| a <= -0.75 && b >= -0.75), "{r:?}");
    }
}
