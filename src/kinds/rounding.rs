//! Kind `rounding`: how rounding errors accumulate, and the classic small examples.
//!
//! Catalogue row 2. Sums of n small numbers in f32 by naive, pairwise and Kahan summation
//! against an exact (or f64-compensated) reference, for log-spaced n; 0.1 + 0.2 ≠ 0.3;
//! 1 + ε/2 = 1 in every format; catastrophic cancellation in (1 − cos x)/x².

use super::common::{self, num};
use crate::collect::{Table, Values};
use crate::error::SpecErrors;
use crate::locate::{join, Located};
use crate::numerics::floats::{
    one_minus_cos_naive, one_minus_cos_stable, sum_kahan, sum_naive, sum_pairwise, Format, Real,
};
use crate::numerics::rng::Rng;
use crate::parse::{deserialize, Node};
use crate::plot::{Axes, Curve, Figure};
use crate::run::{Outcome, ReportTable};
use half::{bf16, f16};
use serde::Deserialize;
use serde_json::json;

/// The largest n a spec may ask for.
pub const MAX_N: usize = 100_000_000;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default = "default_max_n")]
    max_n: usize,
    #[serde(default = "default_points")]
    points: usize,
    #[serde(default = "default_value")]
    value: f64,
}

fn default_max_n() -> usize {
    10_000_000
}
fn default_points() -> usize {
    13
}
fn default_value() -> f64 {
    0.1
}

#[derive(Debug, Clone)]
pub struct Params {
    /// Largest number of summands.
    pub max_n: usize,
    /// How many log-spaced n from 10 to max_n.
    pub points: usize,
    /// The constant summand (rounded to f32).
    pub value: f64,
}

/// The JSON Schema of this kind's `params:` (for `gradlab schema` and editors).
pub fn schema(gen: &mut schemars::gen::SchemaGenerator) -> schemars::schema::Schema {
    gen.subschema_for::<Raw>()
}

pub fn check(node: &Node, base: &str, at: &Located) -> Result<Params, SpecErrors> {
    let raw: Raw = deserialize(node, base, at)?;
    let mut errors = Vec::new();
    common::check_range(&mut errors, at, base, "max_n", raw.max_n, (100, MAX_N));
    common::check_range(&mut errors, at, base, "points", raw.points, (2, 100));
    if !(raw.value.is_finite() && raw.value > 0.0 && raw.value < 1e30) {
        errors.push(
            at.at_value(&join(base, "value"), format!("`value` is {}", raw.value))
                .expected("a positive number below 1e30"),
        );
    }
    if !errors.is_empty() {
        return Err(SpecErrors(errors));
    }
    Ok(Params {
        max_n: raw.max_n,
        points: raw.points,
        value: raw.value,
    })
}

/// Reference sum of f32 values, compensated in f64 (exact to about 1e-16 relative).
fn reference(v: &[f32]) -> f64 {
    let wide: Vec<f64> = v.iter().map(|&x| x as f64).collect();
    sum_kahan(&wide)
}

pub fn run(p: &Params, _trial: usize, lang: crate::i18n::Lang) -> Result<Outcome, String> {
    let ns: Vec<usize> = (0..p.points)
        .map(|k| {
            let e = 1.0 + ((p.max_n as f64).log10() - 1.0) * k as f64 / (p.points - 1) as f64;
            10f64.powf(e).round() as usize
        })
        .collect();
    let c32 = p.value as f32;
    let mut rng = Rng::new(1);
    let uniform: Vec<f32> = (0..p.max_n).map(|_| rng.uniform() as f32).collect();
    let constant = vec![c32; p.max_n];
    let (mut summands, mut n_col, mut method, mut sums, mut refs, mut errs, mut runs) =
        (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
    let mut curves: Vec<Curve> = Vec::new();
    for (name, data) in [("constant", &constant), ("uniform", &uniform)] {
        for (m, f) in [
            ("naive", sum_naive::<f32> as fn(&[f32]) -> f32),
            ("pairwise", sum_pairwise::<f32>),
            ("kahan", sum_kahan::<f32>),
        ] {
            let mut pts = Vec::new();
            for &n in &ns {
                let v = &data[..n];
                let s = f(v) as f64;
                // For the constant, n·x is exact in f64 (24 + 27 bits < 53).
                let r = if name == "constant" {
                    n as f64 * c32 as f64
                } else {
                    reference(v)
                };
                let e = (s - r).abs() / r.abs();
                summands.push(name.to_string());
                n_col.push(n as i64);
                method.push(m.to_string());
                sums.push(s);
                refs.push(r);
                errs.push(e);
                runs.push(format!("{m} ({name})"));
                pts.push((n as f64, e));
            }
            // One colour per method, constant summands solid and uniform dashed: the
            // methods side by side in one panel.
            curves.push(Curve {
                name: format!("{m}, {name} summands"),
                points: pts,
                dashed: name == "uniform",
                scatter: false,
                color: Some(match m {
                    "naive" => 0,
                    "pairwise" => 1,
                    _ => 2,
                }),
            });
        }
    }
    let eps32 = f32::EPSILON as f64;
    curves.push(Curve {
        name: "n·ε (f32), the naive bound".into(),
        points: ns.iter().map(|&n| (n as f64, n as f64 * eps32)).collect(),
        dashed: true,
        scatter: false,
        color: Some(6),
    });
    let metrics = Table::new()
        .with("run", Values::Str(runs))
        .with("summands", Values::Str(summands))
        .with("n", Values::I64(n_col))
        .with("method", Values::Str(method))
        .with("sum_f32", Values::F64(sums))
        .with("reference", Values::F64(refs))
        .with("rel_error", Values::F64(errs.clone()));
    let mut out = Outcome {
        metrics,
        ..Outcome::default()
    };
    // The error at the largest n, for a method and a kind of summands (rows are ordered
    // summands × method × n).
    let at = |m: &str, s: &str| -> f64 {
        let k = ["naive", "pairwise", "kahan"]
            .iter()
            .position(|x| *x == m)
            .unwrap_or(0);
        let base = if s == "constant" { 0 } else { 3 * ns.len() };
        errs[base + k * ns.len() + ns.len() - 1]
    };
    let n_max = *ns.last().unwrap_or(&0);
    let (en, ep, ek) = (
        at("naive", "constant"),
        at("pairwise", "constant"),
        at("kahan", "constant"),
    );
    out.findings.push(format!(
        "Adding {} (stored in f32 as {}) {} times: the naive running sum is off by a relative {}, pairwise summation by {}, Kahan summation by {} (f32's ε is {}). Each naive addition rounds to the spacing of the running total, which grows with it, so the error grows about linearly in n; pairwise sums numbers of similar size (error ∝ log n); Kahan carries each rounding error forward and cancels it.",
        num(p.value), c32 as f64, n_max, num(en), num(ep), num(ek), num(eps32)
    ));
    out.findings.push(format!(
        "With uniform random summands in [0, 1) the picture is the same: naive {}, pairwise {}, Kahan {} at n = {}.",
        num(at("naive", "uniform")), num(at("pairwise", "uniform")), num(at("kahan", "uniform")), n_max
    ));

    // The small classics.
    let s = 0.1f64 + 0.2;
    let mut facts = vec![vec![
        "0.1 + 0.2 (f64)".to_string(),
        format!("{s:.17}"),
        "0.3".into(),
        format!("{}", s == 0.3),
        "neither 0.1 nor 0.2 is exactly representable in binary".into(),
    ]];
    for f in Format::ALL {
        let (_, _, eps) = f.limits();
        let (one_plus, one_plus_eps) = match f {
            Format::F16 => (
                (f16::from_f64(1.0).add(f16::from_f64(eps / 2.0))).to_f64(),
                f16::from_f64(1.0).add(f16::from_f64(eps)).to_f64(),
            ),
            Format::Bf16 => (
                (bf16::from_f64(1.0).add(bf16::from_f64(eps / 2.0))).to_f64(),
                bf16::from_f64(1.0).add(bf16::from_f64(eps)).to_f64(),
            ),
            Format::F32 => (
                (1f32 + (eps / 2.0) as f32) as f64,
                (1f32 + eps as f32) as f64,
            ),
            Format::F64 => (1.0 + eps / 2.0, 1.0 + eps),
        };
        facts.push(vec![
            format!("1 + ε/2 in {} (ε = {})", f.name(), num(eps)),
            format!("{one_plus}"),
            "1".into(),
            format!("{}", one_plus == 1.0),
            format!("ties round to even; 1 + ε = {one_plus_eps} is the next number after 1"),
        ]);
    }
    out.tables.push(ReportTable {
        title: "Rounding in one operation".into(),
        columns: ["expression", "computed", "compare with", "equal?", "why"]
            .map(String::from)
            .to_vec(),
        rows: facts,
        note: String::new(),
    });

    // Cancellation.
    // x = 10^(−k/2): 1, 0.316, 0.1, … 1e-8.
    let xs: Vec<f64> = (0..=16).map(|k| 10f64.powf(-(k as f64) / 2.0)).collect();
    // (1 − cos x)/x² = Σₖ (−1)ᵏ x²ᵏ/(2k + 2)!; for |x| ≤ 1 eleven terms reach f64 precision.
    let exact = |x: f64| {
        let (mut term, mut sum) = (0.5, 0.0);
        for k in 0..11 {
            sum += term;
            term *= -x * x / (((2 * k + 3) * (2 * k + 4)) as f64);
        }
        sum
    };
    let mut canc_rows = Vec::new();
    let mut canc: Vec<Curve> = Vec::new();
    for (label, f) in [
        (
            "naive (1 − cos x)/x², f32",
            one_minus_cos_naive::<f32> as fn(f64) -> f64,
        ),
        ("naive (1 − cos x)/x², f64", one_minus_cos_naive::<f64>),
        ("stable 2 sin²(x/2)/x², f32", one_minus_cos_stable::<f32>),
        ("stable 2 sin²(x/2)/x², f64", one_minus_cos_stable::<f64>),
    ] {
        canc.push(Curve {
            name: label.into(),
            points: xs
                .iter()
                .map(|&x| (x, (f(x) - exact(x)).abs() / exact(x)))
                .collect(),
            dashed: label.starts_with("stable"),
            scatter: false,
            color: None,
        });
    }
    for &x in xs.iter().step_by(2) {
        canc_rows.push(vec![
            num(x),
            num(one_minus_cos_naive::<f32>(x)),
            num(one_minus_cos_naive::<f64>(x)),
            num(one_minus_cos_stable::<f32>(x)),
            num(one_minus_cos_stable::<f64>(x)),
            num(exact(x)),
        ]);
    }
    // The largest x of the table where the naive quotient is off by more than 1 %.
    let wrong_from = |f: &dyn Fn(f64) -> f64| {
        let bad = xs
            .iter()
            .copied()
            .filter(|&x| ((f(x) - exact(x)) / exact(x)).abs() > 0.01 || !f(x).is_finite())
            .fold(f64::NEG_INFINITY, f64::max);
        if bad.is_finite() {
            num(bad)
        } else {
            "nowhere in the table".into()
        }
    };
    out.tables.push(ReportTable {
        title: "Catastrophic cancellation: (1 − cos x)/x² → 1/2".into(),
        columns: ["x", "naive f32", "naive f64", "stable f32", "stable f64", "exact"].map(String::from).to_vec(),
        rows: canc_rows,
        note: format!(
            "cos x agrees with 1 in its leading digits, so 1 − cos x keeps only the rounding error of cos x: the naive quotient is off by more than 1 % from x = {} down in f32 and from x = {} down in f64 (the largest x of the table where it is), and 0 (or wildly off) below. The identity 1 − cos x = 2 sin²(x/2) removes the subtraction.",
            wrong_from(&one_minus_cos_naive::<f32>),
            wrong_from(&one_minus_cos_naive::<f64>)
        ),
    });
    out.findings.push(format!(
        "Cancellation: at x = 1e-4, (1 − cos x)/x² evaluates to {} in f32 and {} in f64, against 0.5; the rewritten 2 sin²(x/2)/x² gives {} and {}.",
        num(one_minus_cos_naive::<f32>(1e-4)), num(one_minus_cos_naive::<f64>(1e-4)), num(one_minus_cos_stable::<f32>(1e-4)), num(one_minus_cos_stable::<f64>(1e-4))
    ));
    out.figures.push((
        "summation".into(),
        Figure::Curves {
            axes: Axes {
                title: "Relative error of f32 sums".into(),
                x_label: "number of summands n".into(),
                y_label: "relative error".into(),
                log_x: true,
                log_y: true,
            },
            curves,
            vlines: vec![],
        },
    ));
    out.figures.push((
        "cancellation".into(),
        Figure::Curves {
            axes: Axes {
                title: "Cancellation in (1 − cos x)/x²".into(),
                x_label: "x".into(),
                y_label: "relative error".into(),
                log_x: true,
                log_y: true,
            },
            curves: canc,
            vlines: vec![],
        },
    ));
    out.results = json!({
        "n_max": n_max, "naive_error": en, "pairwise_error": ep, "kahan_error": ek,
        "epsilon_f32": eps32, "point_one_plus_point_two": s,
    });
    out.headline = vec![
        ("naive error at max n".into(), num(en)),
        ("kahan error at max n".into(), num(ek)),
    ];
    Ok(out)
}

/// The columns of `metrics.csv`.
pub const COLUMNS: &[(&str, &str)] = &[
    ("run", "method and summands"),
    (
        "summands",
        "`constant` (the value, rounded to f32) or `uniform` (seeded, in [0, 1))",
    ),
    ("n", "number of summands"),
    ("method", "naive, pairwise or kahan (all in f32)"),
    ("sum_f32", "the f32 result"),
    (
        "reference",
        "exact n·x for the constant; an f64 compensated sum for uniform",
    ),
    ("rel_error", "|sum_f32 − reference| / reference"),
];
