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
    cond_eig, cond_svd, hilbert, hilbert_cond_exact, near_singular, perturb, solve_error_f32,
    solve_error_f64, with_spectrum,
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
    /// κ₂ known without the f64 eigen/SVD of A: Hilbert from the closed-form integer
    /// inverse, near-singular from its 2×2 closed form, spectrum as built.
    exact: f64,
}

/// κ₂ of the stored [[1, 1], [1, 1 + δ̃]] (δ̃ = fl(1 + δ) − 1, exact in f64): det = δ̃,
/// λmax = (2 + δ̃ + √(4 + δ̃²))/2, λmin = δ̃/λmax.
fn near_singular_cond(delta: f64) -> f64 {
    let d = (1.0 + delta) - 1.0;
    let lmax = (2.0 + d + (4.0 + d * d).sqrt()) / 2.0;
    lmax * lmax / d
}

/// The columns of `metrics.csv`.
pub const COLUMNS: &[(&str, &str)] = &[
    ("run", "the matrix family"),
    ("family", "hilbert, near_singular or spectrum"),
    ("matrix", "H4, δ=1e-3, κ=1e6, …"),
    ("size", "n"),
    ("cond_eig", "|λ|max / |λ|min"),
    ("cond_svd", "σmax / σmin (κ₂)"),
    (
        "cond_exact",
        "κ₂ without rounding in A's own eigen/SVD: Hilbert λmax(H)·λmax(H⁻¹) with the \
         closed-form integer inverse, near-singular from the 2×2 closed form, spectrum as built",
    ),
    (
        "f64_estimate_reliable",
        "cond_exact·ε(f64) ≤ 0.01: the f64 cond_eig and cond_svd resolve λmin",
    ),
    ("err_f64", "‖x̂ − x‖/‖x‖ for the f64 LU solve of A x = A·1"),
    ("err_f32", "the same with A, b and the solve in f32"),
    (
        "err_perturbed_f64",
        "f64 solve with b + η‖b‖u (u a random unit vector)",
    ),
    (
        "bound",
        "cond_exact·η, the bound on err_perturbed_f64 (up to rounding)",
    ),
];

/// The `conditioning` kind (see the module's documentation).
pub struct ConditioningKind;

/// The matrices: Hilbert H2…Hn, near-singular with δ = 10⁻¹…, and set spectra with
/// κ = 10⁰….
fn cases(p: &Params) -> Vec<Case> {
    let mut cases = Vec::new();
    for n in 2..=p.hilbert_max {
        cases.push(Case {
            family: "hilbert",
            label: format!("H{n}"),
            a: hilbert(n),
            exact: hilbert_cond_exact(n),
        });
    }
    for k in 1..=(-p.delta_min_exponent) {
        let d = 10f64.powi(-k);
        cases.push(Case {
            family: "near_singular",
            label: format!("δ=1e-{k}"),
            a: near_singular(d),
            exact: near_singular_cond(d),
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
            exact: eigs[0] / eigs[m - 1],
            a: with_spectrum(&eigs, 100 + k as u64),
        });
    }
    cases
}

/// Every matrix's condition numbers and solve errors, as columns, with the metrics table,
/// the Hilbert rows of the report's table and the results' cases.
struct Solves {
    family: Vec<String>,
    /// n of each n × n matrix.
    sizes: Vec<usize>,
    /// κ from the SVD.
    ks: Vec<f64>,
    /// κ₂ from closed forms (see `Case::exact`).
    kx: Vec<f64>,
    e32: Vec<f64>,
    e64: Vec<f64>,
    /// f64 solve with b perturbed by η.
    ep: Vec<f64>,
    metrics: Table,
    hilbert_rows: Vec<Vec<String>>,
    json_cases: Vec<serde_json::Value>,
}

/// Solves Ax = b (x = 1) for every matrix in f64 and f32, and with b perturbed by η.
fn solve_all(p: &Params, cases: &[Case]) -> Solves {
    let (mut family, mut label, mut size) = (vec![], vec![], vec![]);
    let (mut ks, mut e64, mut e32, mut ep, mut bound) = (vec![], vec![], vec![], vec![], vec![]);
    let (mut ke, mut kx, mut reliable) = (vec![], vec![], vec![]);
    let mut hilbert_rows = Vec::new();
    let mut json_cases = Vec::new();
    let mut sizes = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        let n = c.a.nrows();
        let ones = vec![1.0; n];
        let b = &c.a * DVector::from_column_slice(&ones);
        let (k_eig, k_svd) = (cond_eig(&c.a), cond_svd(&c.a));
        let err64 = solve_error_f64(&c.a, &b, &ones);
        let err32 = solve_error_f32(&c.a, &b, &ones);
        let errp = solve_error_f64(&c.a, &perturb(&b, p.eta, 7 + i as u64), &ones);
        family.push(c.family.to_string());
        label.push(c.label.clone());
        size.push(n as i64);
        sizes.push(n);
        ke.push(k_eig);
        ks.push(k_svd);
        kx.push(c.exact);
        let ok = c.exact * f64::EPSILON <= 0.01;
        reliable.push(ok);
        e64.push(err64);
        e32.push(err32);
        ep.push(errp);
        bound.push(c.exact * p.eta);
        if c.family == "hilbert" {
            let mark = |k: f64| if ok { num(k) } else { format!("{} *", num(k)) };
            hilbert_rows.push(vec![
                c.label.clone(),
                num(c.exact),
                mark(k_eig),
                mark(k_svd),
                num(err64),
                num(err32),
                num(errp),
                num(c.exact * p.eta),
            ]);
        }
        json_cases.push(json!({"family": c.family, "label": c.label, "cond_eig": k_eig, "cond_svd": k_svd, "cond_exact": c.exact, "f64_estimate_reliable": ok, "err_f64": err64, "err_f32": err32, "err_perturbed": errp}));
    }
    let metrics = Table::new()
        .with("run", Values::Str(family.clone()))
        .with("family", Values::Str(family.clone()))
        .with("matrix", Values::Str(label))
        .with("size", Values::I64(size))
        .with("cond_eig", Values::F64(ke.clone()))
        .with("cond_svd", Values::F64(ks.clone()))
        .with("cond_exact", Values::F64(kx.clone()))
        .with("f64_estimate_reliable", Values::Bool(reliable))
        .with("err_f64", Values::F64(e64.clone()))
        .with("err_f32", Values::F64(e32.clone()))
        .with("err_perturbed_f64", Values::F64(ep.clone()))
        .with("bound", Values::F64(bound));
    Solves {
        family,
        sizes,
        ks,
        kx,
        e32,
        e64,
        ep,
        metrics,
        hilbert_rows,
        json_cases,
    }
}

/// The error against κ: each measurement in one colour (dots in the legend), each matrix
/// family in its own shape (the legend's grey key), and the bounds κ·η, κ·ε dashed in the
/// colour of the measurement they predict. Errors of exactly 0 have no place on the log
/// axis and are left out.
fn error_figure(
    p: &Params,
    s: &Solves,
    kx: &[f64],
    order: &[usize],
    lang: crate::i18n::Lang,
) -> Figure {
    let tr = |key: &str| crate::i18n::text(lang, key);
    let kappas: Vec<f64> = order.iter().map(|&i| kx[i]).collect();
    let (e32f, e64f) = (f32::EPSILON as f64, f64::EPSILON);
    let measurements = [
        (tr("conditioning-curve-f64"), &s.e64, 0),
        (tr("conditioning-curve-f32"), &s.e32, 1),
        (
            crate::tr!(lang, "conditioning-curve-perturbed", eta = num(p.eta)),
            &s.ep,
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
                .filter(|&&i| s.family[i] == family)
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
    Figure::Curves {
        axes: Axes {
            title: tr("conditioning-error-title"),
            x_label: tr("conditioning-error-x"),
            y_label: "‖x̂ − x‖ / ‖x‖".into(),
            log_x: true,
            log_y: true,
            y_floor: None,
        },
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
    }
}

/// The ratios κ₂(Hₙ₊₁)/κ₂(Hₙ) of consecutive Hilbert matrices (closed-form κ): `min`, `max`.
fn hilbert_growth(s: &Solves) -> serde_json::Value {
    let k: Vec<f64> = (0..s.family.len())
        .filter(|&i| s.family[i] == "hilbert")
        .map(|i| s.kx[i])
        .collect();
    let r: Vec<f64> = k.windows(2).map(|w| w[1] / w[0]).collect();
    json!({
        "min": r.iter().copied().fold(f64::INFINITY, f64::min),
        "max": r.iter().copied().fold(0.0f64, f64::max),
        "ratios": r,
    })
}

/// The f64 solves with error exactly 0: how many (`count`, of `total`) and the largest κ₂
/// among them (`largest_kappa`): the κ·ε rule is a bound, not the typical error.
fn exact_solves(s: &Solves) -> serde_json::Value {
    let exact: Vec<usize> = (0..s.e64.len()).filter(|&i| s.e64[i] == 0.0).collect();
    let mut families: Vec<&str> = exact.iter().map(|&i| s.family[i].as_str()).collect();
    families.dedup();
    let mut sizes: Vec<usize> = exact.iter().map(|&i| s.sizes[i]).collect();
    sizes.sort_unstable();
    sizes.dedup();
    json!({
        "count": exact.len(),
        "total": s.e64.len(),
        "largest_kappa": exact.iter().map(|&i| s.kx[i]).fold(0.0f64, f64::max),
        "families": families,
        "sizes": sizes,
    })
}

/// The f64 solves with b perturbed whose error exceeds the bound κ·η by more than rounding
/// (1 % of the bound plus 10·κ·ε), and how many solves there are.
fn perturbation_bound(p: &Params, s: &Solves) -> serde_json::Value {
    let over = (0..s.ep.len())
        .filter(|&i| {
            let bound = 1.01 * s.kx[i] * p.eta + 10.0 * s.kx[i] * f64::EPSILON;
            s.ep[i].is_nan() || s.ep[i] > bound
        })
        .count();
    json!({"over": over, "total": s.ep.len()})
}

/// The solves whose error exceeds κ·ε of their precision (f32's ε = 2⁻²⁴ for rounding to
/// nearest, f64's 2⁻⁵³), over the finite ones: the rounding bound held where `over` is 0.
fn rounding_bound(s: &Solves) -> serde_json::Value {
    let (eps32, eps64) = (2f64.powi(-24), 2f64.powi(-53));
    let mut finite = 0;
    let mut over = 0;
    for i in 0..s.kx.len() {
        for (e, eps) in [(s.e32[i], eps32), (s.e64[i], eps64)] {
            if e.is_finite() {
                finite += 1;
                if e > s.kx[i] * eps * 2.0 {
                    over += 1;
                }
            }
        }
    }
    json!({"over": over, "finite": finite})
}

/// What the exact f64 solves have in common: one family of one size is named, since the
/// sentence would otherwise read as a property of every matrix up to that κ; and that an
/// error of 0 is not on the figure's log axis.
fn exact_scope(exact: &serde_json::Value, lang: crate::i18n::Lang) -> String {
    let count = exact["count"].as_u64().unwrap_or(0);
    if count == 0 {
        return String::new();
    }
    let one = |key: &str| {
        exact[key]
            .as_array()
            .filter(|a| a.len() == 1)
            .map(|a| a[0].clone())
    };
    match (one("families"), one("sizes")) {
        (Some(family), Some(size)) => crate::tr!(
            lang,
            "conditioning-exact-one-family",
            family = crate::i18n::text(
                lang,
                &format!("conditioning-family-{}", family.as_str().unwrap_or(""))
            ),
            size = size.to_string(),
        ),
        _ => crate::i18n::text(lang, "conditioning-exact-not-drawn"),
    }
}

/// How fast the Hilbert matrices' κ grows and whether the perturbation bound held; where f32
/// and f64 lose every digit; the f32 solves singular in f32; why κ by eigenvalues equals κ₂.
fn findings(
    p: &Params,
    s: &Solves,
    kx: &[f64],
    order: &[usize],
    lang: crate::i18n::Lang,
) -> Vec<String> {
    let tr = |key: &str| crate::i18n::text(lang, key);
    let (e32f, e64f) = (f32::EPSILON as f64, f64::EPSILON);
    let kmax = order.last().map_or(1.0, |&i| kx[i]);
    let mut findings = Vec::new();
    let growth = hilbert_growth(s);
    let exact = exact_solves(s);
    let h = |n: usize| hilbert_cond_exact(n.min(p.hilbert_max));
    let violations = perturbation_bound(p, s)["over"].to_string();
    findings.push(crate::tr!(
        lang,
        "conditioning-hilbert-growth",
        low = num(growth["min"].as_f64().unwrap_or(f64::NAN)),
        high = num(growth["max"].as_f64().unwrap_or(f64::NAN)),
        h4 = num(h(4)),
        h8 = num(h(8)),
        n = p.hilbert_max.to_string(),
        hn = num(h(p.hilbert_max)),
        hn_eig = num(cond_eig(&hilbert(p.hilbert_max))),
        eta = num(p.eta),
        violations = violations,
        count = s.ks.len().to_string(),
    ));
    let lost32 = order.iter().find(|&&i| s.e32[i] > 0.5).map(|&i| s.kx[i]);
    let f32_fate = match lost32 {
        Some(k) => {
            // Past the first total loss the f32 error is erratic: say so when a larger κ
            // still kept digits, rather than claim "from here on".
            let later_ok = order
                .iter()
                .filter(|&&i| s.kx[i] > k && s.e32[i] <= 0.5)
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
    findings.push(crate::tr!(
        lang,
        "conditioning-rounding",
        eps32 = num(e32f),
        fate32 = f32_fate,
        eps64 = num(e64f),
        fate64 = f64_fate,
        exact = exact["count"].to_string(),
        total = exact["total"].to_string(),
        exact_kappa = num(exact["largest_kappa"].as_f64().unwrap_or(0.0)),
        scope = exact_scope(&exact, lang),
    ));
    // Results the figure cannot draw: an f32 solve of a matrix singular in f32.
    let singular32 = s.e32.iter().filter(|e| !e.is_finite()).count();
    if singular32 > 0 {
        findings.push(crate::tr!(
            lang,
            "conditioning-f32-singular",
            n = singular32,
            total = s.e32.len(),
        ));
    }
    findings.push(tr("conditioning-symmetric"));
    findings
}

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

    /// Hilbert, near-singular and set-spectrum matrices: κ by eigenvalues and by the SVD,
    /// Ax = b solved in f64 and f32 and with a perturbed b, against κ·η and κ·ε.
    fn run(
        p: &Params,
        _trial: usize,
        _seed: u64,
        lang: crate::i18n::Lang,
    ) -> Result<Outcome, String> {
        let s = solve_all(p, &cases(p));
        // The x axis: κ₂ from the closed forms, which f64's eigen/SVD of A cannot resolve
        // once κ·ε approaches 1.
        let kx = s.kx.clone();
        let mut order: Vec<usize> = (0..kx.len()).collect();
        order.sort_by(|&a, &b| kx[a].total_cmp(&kx[b]));
        let tr = |key: &str| crate::i18n::text(lang, key);
        let h4 = cond_svd(&hilbert(4));
        let columns = [
            "matrix",
            "kappa-exact",
            "kappa-eig",
            "kappa-svd",
            "error-f64",
            "error-f32",
            "error-perturbed",
            "bound",
        ];
        Ok(Outcome {
            figures: vec![(
                "error_vs_kappa".into(),
                error_figure(p, &s, &kx, &order, lang),
            )],
            findings: findings(p, &s, &kx, &order, lang),
            tables: vec![ReportTable {
                title: tr("conditioning-table-title"),
                columns: columns
                    .iter()
                    .map(|c| tr(&format!("conditioning-table-{c}")))
                    .collect(),
                rows: s.hilbert_rows.clone(),
                note: tr("conditioning-table-note"),
            }],
            results: json!({
                "kappa_h4": h4, "cases": s.json_cases, "eta": p.eta,
                "hilbert_growth": hilbert_growth(&s),
                "f64_exact_solves": exact_solves(&s),
                "perturbation_bound": perturbation_bound(p, &s),
                "rounding_bound": rounding_bound(&s),
            }),
            headline: vec![("κ₂(H4)".into(), num(h4))],
            metrics: s.metrics,
            ..Outcome::default()
        })
    }
}
