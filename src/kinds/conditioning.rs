//! Kind `conditioning`: how the condition number amplifies errors in Ax = b.
//!
//! Catalogue row 3. Hilbert matrices, the near-singular [[1, 1], [1, 1 + δ]], and random
//! symmetric matrices with a chosen spectrum: κ from eigenvalues and from singular values,
//! the error of solving Ax = b (b = A·1) in f32 and f64, and of solving with b perturbed by a
//! relative η, against the bound ‖δx‖/‖x‖ ≤ κ·‖δb‖/‖b‖.

use super::common::{self, num};
use crate::collect::{Table, Values};
use crate::error::SpecErrors;
use crate::locate::{join, Located};
use crate::numerics::conditioning::{
    cond_eig, cond_svd, hilbert, near_singular, perturb, solve_error_f32, solve_error_f64,
    with_spectrum,
};
use crate::parse::Node;
use crate::plot::{Axes, Curve, Figure, Shape};
use crate::run::{Outcome, ReportTable};
use nalgebra::{DMatrix, DVector};
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Raw {
    #[serde(default = "default_hilbert")]
    #[schemars(range(min = 2, max = 20))]
    hilbert_max: usize,
    #[serde(default = "default_delta")]
    #[schemars(range(min = -16, max = -2))]
    delta_min_exponent: i32,
    #[serde(default = "default_spectrum_size")]
    #[schemars(range(min = 2, max = 200))]
    spectrum_size: usize,
    #[serde(default = "default_kappa")]
    #[schemars(range(min = 1, max = 18))]
    kappa_max_exponent: i32,
    #[serde(default = "default_eta")]
    eta: f64,
}

fn default_hilbert() -> usize {
    12
}
fn default_delta() -> i32 {
    -14
}
fn default_spectrum_size() -> usize {
    8
}
fn default_kappa() -> i32 {
    14
}
fn default_eta() -> f64 {
    1e-10
}

#[derive(Debug, Clone)]
pub struct Params {
    /// Hilbert matrices of size 2 … hilbert_max.
    pub hilbert_max: usize,
    /// δ = 10⁻¹ … 10^delta_min_exponent for the near-singular 2×2.
    pub delta_min_exponent: i32,
    /// Size and largest κ = 10^kappa_max_exponent of the random symmetric matrices.
    pub spectrum_size: usize,
    pub kappa_max_exponent: i32,
    /// Relative size of the perturbation of b.
    pub eta: f64,
}

struct Case {
    family: &'static str,
    label: String,
    a: DMatrix<f64>,
}

/// The columns of `metrics.csv`.
pub const COLUMNS: &[(&str, &str)] = &[
    ("run", "the matrix family"),
    ("family", "hilbert, near_singular or spectrum"),
    ("matrix", "H4, δ=1e-3, κ=1e6, …"),
    ("size", "n"),
    ("cond_eig", "|λ|max / |λ|min"),
    ("cond_svd", "σmax / σmin (κ₂)"),
    ("err_f64", "‖x̂ − x‖/‖x‖ for the f64 LU solve of A x = A·1"),
    ("err_f32", "the same with A, b and the solve in f32"),
    (
        "err_perturbed_f64",
        "f64 solve with b + η‖b‖u (u a random unit vector)",
    ),
    (
        "bound",
        "κ₂·η, the bound on err_perturbed_f64 (up to rounding)",
    ),
];

/// The `conditioning` kind (see the module's documentation).
pub struct ConditioningKind;

impl super::Kind for ConditioningKind {
    type Params = Params;
    type Spec = Raw;
    const ID: &'static str = "conditioning";
    const CHAPTER: super::Chapter = super::Chapter::Numerical;
    const SUMMARY: &'static str =
        "Condition numbers (eigenvalues and singular values) against the error of \
                  solving Ax = b in f32 and f64, with the bound κ·‖δb‖/‖b‖.";
    const EXAMPLE: &'static str =
        "params:\n  hilbert_max: 12\n  delta_min_exponent: -14\n  eta: 1.0e-10\n";
    const STARTER: &'static str = include_str!("../../templates/new/conditioning.yaml");
    const COLUMNS: &'static [(&'static str, &'static str)] = COLUMNS;

    fn check(node: &Node, base: &str, at: &Located) -> Result<Params, SpecErrors> {
        let (raw, mut errors) = common::params::<Raw>(node, base, at)?;
        if !(raw.eta > 0.0 && raw.eta < 1.0) {
            errors.push(
                at.at_value(&join(base, "eta"), format!("`eta` is {}", raw.eta))
                    .expected("a relative perturbation between 0 and 1, such as 1e-10"),
            );
        }
        if !errors.is_empty() {
            return Err(SpecErrors(errors));
        }
        Ok(Params {
            hilbert_max: raw.hilbert_max,
            delta_min_exponent: raw.delta_min_exponent,
            spectrum_size: raw.spectrum_size,
            kappa_max_exponent: raw.kappa_max_exponent,
            eta: raw.eta,
        })
    }

    fn run(
        p: &Params,
        _trial: usize,
        _seed: u64,
        lang: crate::i18n::Lang,
    ) -> Result<Outcome, String> {
        let mut cases = Vec::new();
        for n in 2..=p.hilbert_max {
            cases.push(Case {
                family: "hilbert",
                label: format!("H{n}"),
                a: hilbert(n),
            });
        }
        for k in 1..=(-p.delta_min_exponent) {
            let d = 10f64.powi(-k);
            cases.push(Case {
                family: "near_singular",
                label: format!("δ=1e-{k}"),
                a: near_singular(d),
            });
        }
        for k in 0..=p.kappa_max_exponent {
            let m = p.spectrum_size;
            let eigs: Vec<f64> = (0..m)
                .map(|i| 10f64.powf(-(k as f64) * i as f64 / (m - 1) as f64))
                .collect();
            cases.push(Case {
                family: "spectrum",
                label: format!("κ=1e{k}"),
                a: with_spectrum(&eigs, 100 + k as u64),
            });
        }
        let mut t = (
            vec![],
            vec![],
            vec![],
            vec![],
            vec![],
            vec![],
            vec![],
            vec![],
            vec![],
        );
        let mut hilbert_rows = Vec::new();
        let mut json_cases = Vec::new();
        for (i, c) in cases.iter().enumerate() {
            let n = c.a.nrows();
            let ones = vec![1.0; n];
            let b = &c.a * DVector::from_column_slice(&ones);
            let (ke, ks) = (cond_eig(&c.a), cond_svd(&c.a));
            let e64 = solve_error_f64(&c.a, &b, &ones);
            let e32 = solve_error_f32(&c.a, &b, &ones);
            let ep = solve_error_f64(&c.a, &perturb(&b, p.eta, 7 + i as u64), &ones);
            t.0.push(c.family.to_string());
            t.1.push(c.label.clone());
            t.2.push(n as i64);
            t.3.push(ke);
            t.4.push(ks);
            t.5.push(e64);
            t.6.push(e32);
            t.7.push(ep);
            t.8.push(ks * p.eta);
            if c.family == "hilbert" {
                hilbert_rows.push(vec![
                    c.label.clone(),
                    num(ke),
                    num(ks),
                    num(e64),
                    num(e32),
                    num(ep),
                    num(ks * p.eta),
                ]);
            }
            json_cases.push(json!({"family": c.family, "label": c.label, "cond_eig": ke, "cond_svd": ks, "err_f64": e64, "err_f32": e32, "err_perturbed": ep}));
        }
        let families = t.0.clone();
        let metrics = Table::new()
            .with("run", Values::Str(t.0.clone()))
            .with("family", Values::Str(t.0))
            .with("matrix", Values::Str(t.1))
            .with("size", Values::I64(t.2))
            .with("cond_eig", Values::F64(t.3.clone()))
            .with("cond_svd", Values::F64(t.4.clone()))
            .with("err_f64", Values::F64(t.5.clone()))
            .with("err_f32", Values::F64(t.6.clone()))
            .with("err_perturbed_f64", Values::F64(t.7.clone()))
            .with("bound", Values::F64(t.8));
        let mut out = Outcome {
            metrics,
            ..Outcome::default()
        };

        // The x axis: κ₂, or κ from eigenvalues where the SVD found σmin = 0 (singular to
        // working precision; the matrices are symmetric, so the two agree where both exist).
        let kx: Vec<f64> = (0..t.4.len())
            .map(|i| if t.4[i].is_finite() { t.4[i] } else { t.3[i] })
            .collect();
        let mut order: Vec<usize> = (0..kx.len()).collect();
        order.sort_by(|&a, &b| kx[a].total_cmp(&kx[b]));
        let kappas: Vec<f64> = order.iter().map(|&i| kx[i]).collect();
        let (e32f, e64f) = (f32::EPSILON as f64, f64::EPSILON);
        let kmax = kappas.last().copied().unwrap_or(1.0);
        let tr = |key: &str| crate::i18n::text(lang, key);
        // Each measurement in one colour (dots in the legend), each matrix family in its own
        // shape (the legend's grey key): the error follows κ whatever the family. Errors of
        // exactly 0 have no place on the log axis and are left out.
        let measurements = [
            (tr("conditioning-curve-f64"), &t.5, 0),
            (tr("conditioning-curve-f32"), &t.6, 1),
            (
                crate::tr!(lang, "conditioning-curve-perturbed", eta = num(p.eta)),
                &t.7,
                2,
            ),
        ];
        let shapes = [
            ("hilbert", Shape::Dot),
            ("near_singular", Shape::Triangle),
            ("spectrum", Shape::Square),
        ];
        let mut scatter_by_family = Vec::new();
        for (name, ys, colour) in measurements {
            for (family, shape) in shapes {
                let points: Vec<(f64, f64)> = order
                    .iter()
                    .filter(|&&i| families[i] == family)
                    .map(|&i| (kx[i], ys[i]))
                    .collect();
                if !points.is_empty() {
                    scatter_by_family.push(
                        Curve::line(name.clone(), points)
                            .scatter()
                            .color(colour)
                            .marker(shape, tr(&format!("conditioning-family-{family}"))),
                    );
                }
            }
        }
        out.figures.push((
            "error_vs_kappa".into(),
            Figure::Curves {
                axes: Axes {
                    title: tr("conditioning-error-title"),
                    x_label: tr("conditioning-error-x"),
                    y_label: "‖x̂ − x‖ / ‖x‖".into(),
                    log_x: true,
                    log_y: true,
                },
                // Each measurement and the bound that predicts it share a colour: dots for
                // the solves, dashes for their bounds.
                curves: scatter_by_family
                    .into_iter()
                    .chain([
                        Curve {
                            name: tr("conditioning-curve-bound"),
                            points: kappas.iter().map(|&k| (k, k * p.eta)).collect(),
                            dashed: true,
                            scatter: false,
                            color: Some(2),
                            marker: None,
                        },
                        Curve {
                            // Drawn up to an error of 10³: past a relative error of 1 the bound says
                            // only "no correct digit", and a line held flat there would read as data.
                            name: tr("conditioning-curve-f32-eps"),
                            points: kappas
                                .iter()
                                .filter(|&&k| k * e32f <= 1e3)
                                .map(|&k| (k, k * e32f))
                                .collect(),
                            dashed: true,
                            scatter: false,
                            color: Some(1),
                            marker: None,
                        },
                        Curve {
                            name: "κ·ε (f64)".into(),
                            points: kappas.iter().map(|&k| (k, k * e64f)).collect(),
                            dashed: true,
                            scatter: false,
                            color: Some(0),
                            marker: None,
                        },
                    ])
                    .collect(),
                vlines: vec![(format!("1/ε (f32) = {}", num(1.0 / e32f)), 1.0 / e32f)],
            },
        ));
        let violations = (0..t.7.len())
            .filter(|&i| t.7[i] > 1.01 * kx[i] * p.eta + 10.0 * kx[i] * e64f)
            .count();
        let h4 = cond_svd(&hilbert(4));
        out.findings.push(crate::tr!(
            lang,
            "conditioning-hilbert-growth",
            h4 = num(h4),
            h8 = num(cond_svd(&hilbert(8.min(p.hilbert_max)))),
            n = p.hilbert_max.to_string(),
            hn = num(cond_eig(&hilbert(p.hilbert_max))),
            eta = num(p.eta),
            violations = violations.to_string(),
            count = t.4.len().to_string(),
        ));
        let lost32 = order.iter().find(|&&i| t.6[i] > 0.5).map(|&i| t.4[i]);
        let f32_fate = match lost32 {
            Some(k) => {
                // Past the first total loss the f32 error is erratic: say so when a larger κ
                // still kept digits, rather than claim "from here on".
                let later_ok = order
                    .iter()
                    .filter(|&&i| t.4[i] > k && t.6[i] <= 0.5)
                    .count();
                if later_ok == 0 {
                    crate::tr!(lang, "conditioning-f32-lost", kappa = num(k))
                } else {
                    crate::tr!(
                        lang,
                        "conditioning-f32-erratic",
                        kappa = num(k),
                        later = later_ok.to_string(),
                    )
                }
            }
            None => tr("conditioning-f32-kept"),
        };
        let f64_fate = if kmax > 1e15 {
            tr("conditioning-f64-lost")
        } else {
            String::new()
        };
        out.findings.push(crate::tr!(
            lang,
            "conditioning-rounding",
            eps32 = num(e32f),
            fate32 = f32_fate,
            eps64 = num(e64f),
            fate64 = f64_fate,
        ));
        // Results the figure cannot draw: an f32 solve of a matrix singular in f32.
        let singular32 = t.6.iter().filter(|e| !e.is_finite()).count();
        if singular32 > 0 {
            out.findings.push(crate::tr!(
                lang,
                "conditioning-f32-singular",
                n = singular32,
                total = t.6.len(),
            ));
        }
        out.findings.push(tr("conditioning-symmetric"));
        let columns = [
            "matrix",
            "kappa-eig",
            "kappa-svd",
            "error-f64",
            "error-f32",
            "error-perturbed",
            "bound",
        ];
        out.tables.push(ReportTable {
            title: tr("conditioning-table-title"),
            columns: columns
                .iter()
                .map(|c| tr(&format!("conditioning-table-{c}")))
                .collect(),
            rows: hilbert_rows,
            note: tr("conditioning-table-note"),
        });
        out.results = json!({ "kappa_h4": h4, "cases": json_cases, "eta": p.eta });
        out.headline = vec![("κ₂(H4)".into(), num(h4))];
        Ok(out)
    }
}
