//! Kind `activations`: the activation functions and their derivatives side by side
//! (catalogue row 18), with where each saturates or dies.
//!
//! For every function: f and f' over a range (f' checked against central differences), the
//! region where |f'| is below 5 % of its peak (saturation; f' = 0 for a dead ReLU), and the
//! Gaussian moments E[f(z)], E[f(z)²], E[f'(z)²] for z ∼ N(0, 1), the per-layer gains that
//! decide whether a deep stack keeps its signal (see kind `depth`).

use super::common::{self, num};
use crate::collect::{Table, Values};
use crate::error::SpecErrors;
use crate::i18n::Lang;
use crate::locate::{join, Located};
use crate::nn::activation::Activation;
use crate::parse::Node;
use crate::plot::{Axes, Curve, Figure};
use crate::run::{Outcome, ReportTable};
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Raw {
    functions: Vec<Activation>,
    #[serde(default = "range")]
    range: [f64; 2],
    #[serde(default = "points")]
    #[schemars(range(min = 11, max = 100_001))]
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

fn label(a: Activation) -> String {
    match a {
        Activation::LeakyRelu { slope } => format!("leaky_relu ({slope})"),
        Activation::Elu { alpha } if alpha != 1.0 => format!("elu (α={alpha})"),
        Activation::Prelu => format!("prelu (slope {PRELU_SLOPE})"),
        other => other.name().to_string(),
    }
}

/// Where |f'| < 5 % of its peak on the grid, as text (in English, for the results): the
/// saturated or dead region. Only stretches that run to an end of the grid count: a short
/// dip of f' inside (GELU's and Swish's minimum, where f' crosses zero) is a turning point,
/// not saturation.
fn saturation(zs: &[f64], d: &[f64]) -> (String, Vec<(f64, f64)>) {
    let (first, last) = (zs[0], zs[zs.len() - 1]);
    let mut regions = low_stretches(zs, d);
    regions.retain(|&(a, b)| a <= first || b >= last);
    let text = regions_text(Lang::En, &regions, zs);
    (text, regions)
}

/// The stretches of the grid where |f'| < 5 % of its peak and that reach neither end: a
/// dip around an interior zero of f' (GELU's and Swish's minimum), a turning point of f.
fn turning_points(zs: &[f64], d: &[f64]) -> Vec<(f64, f64)> {
    let (first, last) = (zs[0], zs[zs.len() - 1]);
    let mut regions = low_stretches(zs, d);
    regions.retain(|&(a, b)| a > first && b < last);
    regions
}

/// Every stretch of the grid where |f'| < 5 % of its peak, as (first z, last z).
fn low_stretches(zs: &[f64], d: &[f64]) -> Vec<(f64, f64)> {
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
    regions
}

/// The saturated regions in words, in `lang`: `z ∈ (−∞, −4.36] and z ∈ [4.36, ∞)`.
fn regions_text(lang: Lang, regions: &[(f64, f64)], zs: &[f64]) -> String {
    if regions.is_empty() {
        return crate::tr!(lang, "activations-none-in-range");
    }
    let (first, last) = (zs[0], zs[zs.len() - 1]);
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
        .reduce(|a, b| crate::tr!(lang, "activations-regions-and", a = a, b = b))
        .unwrap_or_default()
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
    (
        "saturated",
        "|f'(z)| below 5 % of its maximum on the range, in a stretch that reaches an end of \
         the range (saturated or dead)",
    ),
    (
        "turning",
        "|f'(z)| below 5 % of its maximum in a stretch inside the range, around a zero of f' \
         (a turning point of f, not saturation)",
    ),
];

/// E[g(z)] for z ∼ N(0, 1), by composite Simpson's rule on [−12, 0] and [0, 12] apart: the
/// ReLU family's kink at 0 is an end point of both pieces, so each integrand is smooth on its
/// piece and the rule keeps its fourth order (one rule across the kink errs by about 1e-7).
fn gauss_mean(g: impl Fn(f64) -> f64) -> f64 {
    let n = 24_000; // intervals per side, even
    let (lo, hi) = (-12.0f64, 12.0f64);
    // `ends` are where the end values are taken: just inside the piece, so that at 0 each
    // side uses its own one-sided limit (relu'(0⁺) = 1, relu'(0⁻) = 0).
    let w = |t: f64| g(t) * (-0.5 * t * t).exp();
    let side = |a: f64, b: f64, ends: (f64, f64)| {
        let h = (b - a) / n as f64;
        let mut acc = w(ends.0) + w(ends.1);
        for k in 1..n {
            let t = a + k as f64 * h;
            acc += if k % 2 == 1 { 4.0 } else { 2.0 } * w(t);
        }
        acc * h / 3.0
    };
    let tiny = f64::MIN_POSITIVE;
    (side(lo, 0.0, (lo, -tiny)) + side(0.0, hi, (tiny, hi))) / (2.0 * std::f64::consts::PI).sqrt()
}

/// The `activations` kind (see the module's documentation).
pub struct ActivationsKind;

/// What the course says of sigmoid, tanh, ReLU and SELU, with this run's numbers: the
/// peak derivative, the Gaussian moments E[f], E[f²], E[f'²] and where it saturates.
fn finding(
    a: Activation,
    (peak, m1, m2, g2): (f64, f64, f64, f64),
    sat_text: &str,
    lang: Lang,
) -> Option<String> {
    match a {
        Activation::Sigmoid => Some(crate::tr!(
            lang,
            "activations-finding-sigmoid",
            peak = num(peak),
            saturation = sat_text,
            mean = num(m1),
        )),
        Activation::Tanh => Some(crate::tr!(
            lang,
            "activations-finding-tanh",
            mean = num(m1),
            df0 = num(a.df(0.0, PRELU_SLOPE)),
            saturation = sat_text,
        )),
        Activation::Relu => Some(crate::tr!(
            lang,
            "activations-finding-relu",
            saturation = sat_text,
            gain = num(g2),
        )),
        Activation::Selu => Some(crate::tr!(
            lang,
            "activations-finding-selu",
            mean = num(m1),
            second = num(m2),
        )),
        _ => None,
    }
}

/// One activation, measured: its metrics rows, its curve and its derivative's, the table's
/// row, the results' entry, its finding (for the four the course discusses), and the worst
/// disagreement of f' with a central difference.
struct Profile {
    table: Table,
    f_curve: Curve,
    d_curve: Curve,
    row: Vec<String>,
    result: serde_json::Value,
    finding: Option<String>,
    fd_err: f64,
}

fn profile(a: Activation, zs: &[f64], i: usize, lang: Lang) -> Profile {
    let h = 1e-6;
    let s = PRELU_SLOPE;
    let f: Vec<f64> = zs.iter().map(|&z| a.f(z, s)).collect();
    let d: Vec<f64> = zs.iter().map(|&z| a.df(z, s)).collect();
    // Central differences, away from the kink at 0 of the ReLU family.
    let fd: Vec<f64> = zs
        .iter()
        .map(|&z| (a.f(z + h, s) - a.f(z - h, s)) / (2.0 * h))
        .collect();
    // The same values the CSV's `df` and `df_central` columns hold, absolute difference,
    // z = 0 left out for every function (the ReLU family's kink).
    let fd_err = zs
        .iter()
        .zip(d.iter().zip(&fd))
        .filter(|(z, _)| z.abs() > 10.0 * h)
        .map(|(_, (x, y))| (x - y).abs())
        .fold(0.0f64, f64::max);
    // The results keep the English text (the spec's prose reads it); the page's table and
    // findings say it in the report's language.
    let (sat_en, regions) = saturation(zs, &d);
    let sat_text = regions_text(lang, &regions, zs);
    let turning = turning_points(zs, &d);
    let within = |regions: &[(f64, f64)]| -> Vec<bool> {
        zs.iter()
            .map(|z| regions.iter().any(|&(a, b)| a <= *z && *z <= b))
            .collect()
    };
    let (sat, turn) = (within(&regions), within(&turning));
    let name = label(a);
    let n = zs.len();
    let table = Table::new()
        .with("run", Values::Str(vec![name.clone(); n]))
        .with("z", Values::F64(zs.to_vec()))
        .with("f", Values::F64(f.clone()))
        .with("df", Values::F64(d.clone()))
        .with("df_central", Values::F64(fd))
        .with("saturated", Values::Bool(sat))
        .with("turning", Values::Bool(turn));
    let f_curve = Curve::line(name.clone(), zs.iter().copied().zip(f).collect()).color(i);
    let d_curve = Curve::line(name.clone(), zs.iter().copied().zip(d.clone()).collect()).color(i);
    let m1 = gauss_mean(|z| a.f(z, s));
    let m2 = gauss_mean(|z| a.f(z, s).powi(2));
    let g2 = gauss_mean(|z| a.df(z, s).powi(2));
    let peak = d.iter().fold(0.0f64, |m, v| m.max(*v));
    let row = vec![
        name.clone(),
        num(a.f(0.0, s)),
        num(a.df(0.0, s)),
        num(peak),
        if turning.is_empty() {
            sat_text.clone()
        } else {
            crate::tr!(
                lang,
                "activations-saturated-and-turning",
                saturation = sat_text.clone(),
                turning = regions_text(lang, &turning, zs),
            )
        },
        num(m1),
        num(m2),
        num(g2),
    ];
    let result = json!({
        "name": name, "f0": a.f(0.0, s), "df0": a.df(0.0, s), "peak_derivative": peak,
        "saturation": sat_en,
        "turning_regions": turning.iter().map(|&(a, b)| vec![a, b]).collect::<Vec<_>>(),
        "mean": m1, "second_moment": m2, "derivative_gain": g2,
        "central_difference_error": fd_err,
    });
    let finding = finding(a, (peak, m1, m2, g2), &sat_text, lang);
    Profile {
        table,
        f_curve,
        d_curve,
        row,
        result,
        finding,
        fd_err,
    }
}

impl super::Kind for ActivationsKind {
    type Params = Params;
    type Spec = Raw;
    const ID: &'static str = "activations";
    const CHAPTER: super::Chapter = super::Chapter::Deep;
    const SUMMARY: &'static str =
        "Activation functions and their derivatives side by side: saturated and dead \
                  regions, derivatives checked by central differences, Gaussian gains.";
    const EXAMPLE: &'static str = "params:\n  functions: [{name: sigmoid}, {name: tanh}, {name: relu}, {name: selu}]\n  range: [-6, 6]\n";
    const STARTER: &'static str = include_str!("../../templates/new/activations.yaml");
    const COLUMNS: &'static [(&'static str, &'static str)] = COLUMNS;

    fn check(node: &Node, base: &str, at: &Located) -> Result<Params, SpecErrors> {
        let (raw, mut errors) = common::params::<Raw>(node, base, at)?;
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
        if !errors.is_empty() {
            return Err(SpecErrors(errors));
        }
        Ok(Params {
            functions: raw.functions,
            range: (a, b),
            points: raw.points,
        })
    }

    /// Each activation over the range: its values and derivative (checked by central
    /// differences), where it saturates, and its Gaussian moments; then the two figures and
    /// the table.
    fn run(p: &Params, _trial: usize, _seed: u64, lang: Lang) -> Result<Outcome, String> {
        let zs = common::linspace(p.range.0, p.range.1, p.points);
        let mut metrics = Table::new();
        let (mut f_curves, mut d_curves) = (Vec::new(), Vec::new());
        let (mut rows, mut results, mut findings) = (Vec::new(), Vec::new(), Vec::new());
        let mut worst_fd = 0.0f64;
        for (i, &a) in p.functions.iter().enumerate() {
            let pr = profile(a, &zs, i, lang);
            worst_fd = worst_fd.max(pr.fd_err);
            metrics.append(&pr.table);
            f_curves.push(pr.f_curve);
            d_curves.push(pr.d_curve);
            rows.push(pr.row);
            results.push(pr.result);
            findings.extend(pr.finding);
        }
        findings.push(crate::tr!(
            lang,
            "activations-finding-central-differences",
            error = num(worst_fd),
        ));
        let marks: Vec<(String, f64)> = if p.functions.contains(&Activation::Tanh) {
            // |tanh'| < 0.05 where tanh² > 0.95.
            let z = 0.95f64.sqrt().atanh();
            vec![
                (
                    crate::tr!(lang, "activations-tanh-saturates", z = num(z)),
                    z,
                ),
                (String::new(), -z),
            ]
        } else {
            vec![]
        };
        let axes = |title: String, y: &str| Axes {
            title,
            x_label: crate::tr!(lang, "activations-x-pre-activation"),
            y_label: y.into(),
            log_x: false,
            log_y: false,
            y_floor: None,
        };
        Ok(Outcome {
            metrics,
            results: json!({ "functions": results, "worst_central_difference_error": worst_fd }),
            findings,
            figures: vec![
                (
                    "functions".into(),
                    Figure::Curves {
                        axes: axes(crate::tr!(lang, "activations-title-functions"), "f(z)"),
                        curves: f_curves,
                        vlines: vec![],
                    },
                ),
                (
                    "derivatives".into(),
                    Figure::Curves {
                        axes: axes(crate::tr!(lang, "activations-title-derivatives"), "f'(z)"),
                        curves: d_curves,
                        vlines: marks,
                    },
                ),
            ],
            tables: vec![ReportTable {
                title: crate::tr!(lang, "activations-table-title"),
                columns: vec![
                    crate::tr!(lang, "activations-header-function"),
                    "f(0)".into(),
                    "f'(0)".into(),
                    crate::tr!(lang, "activations-header-max-derivative"),
                    crate::tr!(lang, "activations-header-saturated"),
                    "E[f(z)]".into(),
                    "E[f(z)²]".into(),
                    "E[f'(z)²]".into(),
                ],
                rows,
                note: crate::tr!(lang, "activations-table-note"),
            }],
            headline: vec![],
            ..Outcome::default()
        })
    }
}

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
