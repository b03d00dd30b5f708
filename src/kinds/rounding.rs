//! Kind `rounding`: how rounding errors accumulate, and the classic small examples.
//!
//! Catalogue row 2. Sums of n small numbers in f32 by naive, pairwise and Kahan summation
//! against an exact (or f64-compensated) reference, for log-spaced n; 0.1 + 0.2 ≠ 0.3;
//! 1 + ε/2 = 1 in every format; catastrophic cancellation in (1 − cos x)/x².

use super::common::{self, num};
use crate::collect::{Table, Values};
use crate::error::SpecErrors;
use crate::i18n::Lang;
use crate::locate::{join, Located};
use crate::numerics::floats::{
    one_minus_cos_naive, one_minus_cos_stable, sum_kahan, sum_naive, sum_pairwise, Format, Real,
};
use crate::numerics::rng::Rng;
use crate::parse::Node;
use crate::plot::{Axes, Curve, Figure};
use crate::run::{Outcome, ReportTable};
use half::{bf16, f16};
use serde::Deserialize;
use serde_json::json;

/// The largest n a spec may ask for.
pub const MAX_N: usize = 100_000_000;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Raw {
    #[serde(default = "default_max_n")]
    #[schemars(range(min = 100, max = 100_000_000))]
    max_n: usize,
    #[serde(default = "default_points")]
    #[schemars(range(min = 2, max = 100))]
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

/// Reference sum of f32 values, compensated in f64 (exact to about 1e-16 relative).
fn reference(v: &[f32]) -> f64 {
    let wide: Vec<f64> = v.iter().map(|&x| x as f64).collect();
    sum_kahan(&wide)
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

/// The `rounding` kind (see the module's documentation).
pub struct RoundingKind;

/// Relative error on log–log axes.
fn error_figure(title: String, x_label: String, curves: Vec<Curve>, lang: Lang) -> Figure {
    Figure::Curves {
        axes: Axes {
            title,
            x_label,
            y_label: crate::tr!(lang, "rounding-relative-error"),
            log_x: true,
            log_y: true,
            y_floor: None,
        },
        curves,
        vlines: vec![],
    }
}

/// The summation experiment's numbers: the metrics table, the figure's curves, the relative
/// errors (summands × method × n) and the sizes n.
struct Summation {
    metrics: Table,
    curves: Vec<Curve>,
    errs: Vec<f64>,
    ns: Vec<usize>,
}

/// Sums `p.value` (as f32) and uniform f32 numbers by the naive, pairwise and Kahan
/// methods at geometrically spaced n, against an exact reference; the naive bound n·ε.
fn summation(p: &Params, lang: Lang) -> Summation {
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
            let summands = if name == "constant" {
                "rounding-curve-constant-summands"
            } else {
                "rounding-curve-uniform-summands"
            };
            curves.push(Curve {
                name: crate::tr!(lang, summands, method = m),
                points: pts,
                dashed: name == "uniform",
                scatter: false,
                color: Some(match m {
                    "naive" => 0,
                    "pairwise" => 1,
                    _ => 2,
                }),
                marker: None,
            });
        }
    }
    let eps32 = f32::EPSILON as f64;
    curves.push(Curve {
        name: crate::tr!(lang, "rounding-curve-naive-bound"),
        points: ns.iter().map(|&n| (n as f64, n as f64 * eps32)).collect(),
        dashed: true,
        scatter: false,
        color: Some(6),
        marker: None,
    });
    let metrics = Table::new()
        .with("run", Values::Str(runs))
        .with("summands", Values::Str(summands))
        .with("n", Values::I64(n_col))
        .with("method", Values::Str(method))
        .with("sum_f32", Values::F64(sums))
        .with("reference", Values::F64(refs))
        .with("rel_error", Values::F64(errs.clone()));
    Summation {
        metrics,
        curves,
        errs,
        ns,
    }
}

/// The small classics of one rounded operation: 0.1 + 0.2 (`s`) against 0.3, and
/// 1 + ε/2 in every format (ties to even).
fn one_operation_table(s: f64, lang: Lang) -> ReportTable {
    let t = |key: &str| crate::tr!(lang, key);
    let yes_no = |b: bool| t(if b { "rounding-true" } else { "rounding-false" });
    let mut facts = vec![vec![
        "0.1 + 0.2 (f64)".to_string(),
        format!("{s:.17}"),
        "0.3".into(),
        yes_no(s == 0.3),
        t("rounding-why-point-one"),
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
            crate::tr!(
                lang,
                "rounding-one-plus-half-eps",
                format = f.name(),
                eps = num(eps),
            ),
            format!("{one_plus}"),
            "1".into(),
            yes_no(one_plus == 1.0),
            crate::tr!(
                lang,
                "rounding-why-ties-to-even",
                next = one_plus_eps.to_string()
            ),
        ]);
    }
    ReportTable {
        title: t("rounding-table-one-operation"),
        columns: [
            "rounding-header-expression",
            "rounding-header-computed",
            "rounding-header-compare-with",
            "rounding-header-equal",
            "rounding-header-why",
        ]
        .map(t)
        .to_vec(),
        rows: facts,
        note: String::new(),
    }
}

/// Cancellation in (1 − cos x)/x² at x = 10^(−k/2), naive and stable, in f32 and f64,
/// against the series: the table (with where the naive form goes wrong) and the curves.
fn cancellation(lang: Lang) -> (ReportTable, Vec<Curve>) {
    let t = |key: &str| crate::tr!(lang, key);
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
    let mut canc: Vec<Curve> = Vec::new();
    for (stable, format, f) in [
        (false, "f32", one_minus_cos_naive::<f32> as fn(f64) -> f64),
        (false, "f64", one_minus_cos_naive::<f64>),
        (true, "f32", one_minus_cos_stable::<f32>),
        (true, "f64", one_minus_cos_stable::<f64>),
    ] {
        let key = if stable {
            "rounding-curve-stable-quotient"
        } else {
            "rounding-curve-naive-quotient"
        };
        canc.push(Curve {
            name: crate::tr!(lang, key, format = format),
            points: xs
                .iter()
                .map(|&x| (x, (f(x) - exact(x)).abs() / exact(x)))
                .collect(),
            dashed: stable,
            scatter: false,
            color: None,
            marker: None,
        });
    }
    let rows = xs
        .iter()
        .step_by(2)
        .map(|&x| {
            vec![
                num(x),
                num(one_minus_cos_naive::<f32>(x)),
                num(one_minus_cos_naive::<f64>(x)),
                num(one_minus_cos_stable::<f32>(x)),
                num(one_minus_cos_stable::<f64>(x)),
                num(exact(x)),
            ]
        })
        .collect();
    // The largest x of the grid (every half decade, the figure's points) from which down
    // the naive quotient is off by more than 1 % at every x.
    let wrong_from = |f: &dyn Fn(f64) -> f64| {
        let bad = |x: f64| ((f(x) - exact(x)) / exact(x)).abs() > 0.01 || !f(x).is_finite();
        match wrong_from_index(&xs, bad) {
            Some(i) => num(xs[i]),
            None => t("rounding-nowhere-in-table"),
        }
    };
    let table = ReportTable {
        title: t("rounding-table-cancellation"),
        columns: vec![
            "x".into(),
            crate::tr!(lang, "rounding-header-naive", format = "f32"),
            crate::tr!(lang, "rounding-header-naive", format = "f64"),
            crate::tr!(lang, "rounding-header-stable", format = "f32"),
            crate::tr!(lang, "rounding-header-stable", format = "f64"),
            t("rounding-header-exact"),
        ],
        rows,
        note: crate::tr!(
            lang,
            "rounding-cancellation-note",
            x_f32 = wrong_from(&one_minus_cos_naive::<f32>),
            x_f64 = wrong_from(&one_minus_cos_naive::<f64>),
        ),
    };
    (table, canc)
}

/// The first index of the longest run at the end of `xs` (x descending) where `bad` holds
/// at every x: the naive form is wrong from `xs[i]` down. None when the smallest x is fine.
fn wrong_from_index(xs: &[f64], bad: impl Fn(f64) -> bool) -> Option<usize> {
    let good_after = xs.iter().rposition(|&x| !bad(x));
    match good_after {
        Some(i) if i + 1 == xs.len() => None,
        Some(i) => Some(i + 1),
        None => Some(0),
    }
}

impl super::Kind for RoundingKind {
    type Params = Params;
    type Spec = Raw;
    const ID: &'static str = "rounding";
    const CHAPTER: super::Chapter = super::Chapter::Numerical;
    const SUMMARY: &'static str =
        "Rounding error accumulation: f32 sums by naive, pairwise and Kahan summation; \
                  0.1 + 0.2, 1 + ε/2, and catastrophic cancellation.";
    const EXAMPLE: &'static str = "params:\n  max_n: 10000000\n  points: 13\n  value: 0.1\n";
    const STARTER: &'static str = include_str!("../../templates/new/rounding.yaml");
    const COLUMNS: &'static [(&'static str, &'static str)] = COLUMNS;

    fn check(node: &Node, base: &str, at: &Located) -> Result<Params, SpecErrors> {
        let (raw, mut errors) = common::params::<Raw>(node, base, at)?;
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

    /// Summation of f32 numbers by three methods as n grows, the one-operation classics, and
    /// cancellation in (1 − cos x)/x².
    fn run(p: &Params, _trial: usize, _seed: u64, lang: Lang) -> Result<Outcome, String> {
        let t = |key: &str| crate::tr!(lang, key);
        let sum = summation(p, lang);
        // The error at the largest n, for a method and a kind of summands (rows are ordered
        // summands × method × n).
        let ns = &sum.ns;
        let at = |m: &str, s: &str| -> f64 {
            let k = ["naive", "pairwise", "kahan"]
                .iter()
                .position(|x| *x == m)
                .unwrap_or(0);
            let base = if s == "constant" { 0 } else { 3 * ns.len() };
            sum.errs[base + k * ns.len() + ns.len() - 1]
        };
        let n_max = *ns.last().unwrap_or(&0);
        let (en, ep, ek) = (
            at("naive", "constant"),
            at("pairwise", "constant"),
            at("kahan", "constant"),
        );
        let eps32 = f32::EPSILON as f64;
        // Over every n, not only the largest: (the largest error, its n, how many n exceed ε/2).
        let worst = |m: &str| {
            let k = ["naive", "pairwise", "kahan"]
                .iter()
                .position(|x| *x == m)
                .unwrap_or(0);
            let errs = &sum.errs[k * ns.len()..(k + 1) * ns.len()];
            let i = (0..errs.len())
                .max_by(|&a, &b| errs[a].total_cmp(&errs[b]))
                .unwrap_or(0);
            let above = errs.iter().filter(|&&e| e >= eps32 / 2.0).count();
            json!({ "error": errs[i], "n": ns[i], "sizes_at_or_above_half_eps": above })
        };
        let (pw_max, kahan_max) = (worst("pairwise"), worst("kahan"));
        // How the naive error grows: the slope of log(error) against log(n) from n = 100 on,
        // for both summands: one random path scatters, and a fit over only the last decades
        // swings with where it starts.
        let naive_slope = |summands: usize| {
            let base = summands * 3 * ns.len();
            growth(ns, &sum.errs[base..base + ns.len()], SLOPE_FROM)
        };
        let (slope_constant, slope_uniform) = (naive_slope(0), naive_slope(1));
        let mut out = Outcome {
            metrics: sum.metrics,
            ..Outcome::default()
        };
        out.findings.push(crate::tr!(
            lang,
            "rounding-finding-constant",
            value = num(p.value),
            stored = (p.value as f32 as f64).to_string(),
            n = n_max.to_string(),
            naive = num(en),
            pairwise = num(ep),
            kahan = num(ek),
            eps = num(eps32),
            slope = num(slope_constant),
            from = SLOPE_FROM.to_string(),
            growth = growth_words(slope_constant, lang),
        ));
        out.findings.push(crate::tr!(
            lang,
            "rounding-finding-uniform",
            naive = num(at("naive", "uniform")),
            pairwise = num(at("pairwise", "uniform")),
            kahan = num(at("kahan", "uniform")),
            n = n_max.to_string(),
            slope = num(slope_uniform),
            from = SLOPE_FROM.to_string(),
            growth = growth_words(slope_uniform, lang),
            ratio = num(en / at("naive", "uniform")),
        ));
        let s = 0.1f64 + 0.2;
        out.tables.push(one_operation_table(s, lang));
        let (canc_table, canc_curves) = cancellation(lang);
        out.tables.push(canc_table);
        out.findings.push(crate::tr!(
            lang,
            "rounding-finding-cancellation",
            naive_f32 = num(one_minus_cos_naive::<f32>(1e-4)),
            naive_f64 = num(one_minus_cos_naive::<f64>(1e-4)),
            stable_f32 = num(one_minus_cos_stable::<f32>(1e-4)),
            stable_f64 = num(one_minus_cos_stable::<f64>(1e-4)),
        ));
        out.figures.push((
            "summation".into(),
            error_figure(
                t("rounding-title-summation"),
                t("rounding-x-number-of-summands"),
                sum.curves,
                lang,
            ),
        ));
        out.figures.push((
            "cancellation".into(),
            error_figure(
                t("rounding-title-cancellation"),
                "x".into(),
                canc_curves,
                lang,
            ),
        ));
        out.results = json!({
            "n_max": n_max, "naive_error": en, "pairwise_error": ep, "kahan_error": ek,
            "epsilon_f32": eps32, "point_one_plus_point_two": s,
            "pairwise_max": pw_max, "kahan_max": kahan_max, "sizes": ns.len(),
        });
        out.headline = vec![
            (t("rounding-headline-naive-error"), num(en)),
            (t("rounding-headline-kahan-error"), num(ek)),
        ];
        Ok(out)
    }
}

/// Where the growth fit of the naive error starts (the smallest n it uses).
const SLOPE_FROM: usize = 100;

/// The least-squares slope of log(error) against log(n) over the sizes n ≥ `from` with a
/// nonzero error: 1 for an error growing linearly, ½ for one growing as √n. NaN when fewer
/// than two such sizes exist.
fn growth(ns: &[usize], errs: &[f64], from: usize) -> f64 {
    let pts: Vec<(f64, f64)> = ns
        .iter()
        .zip(errs)
        .filter(|(&n, &e)| n >= from && e > 0.0 && e.is_finite())
        .map(|(&n, &e)| ((n as f64).ln(), e.ln()))
        .collect();
    if pts.len() < 2 {
        return f64::NAN;
    }
    let k = pts.len() as f64;
    let (mx, my) = (
        pts.iter().map(|p| p.0).sum::<f64>() / k,
        pts.iter().map(|p| p.1).sum::<f64>() / k,
    );
    let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let sxx: f64 = pts.iter().map(|p| (p.0 - mx).powi(2)).sum();
    sxy / sxx
}

/// How a growth slope reads: "about linearly" near 1, "about as √n" near ½, else nothing
/// more than the number.
fn growth_words(slope: f64, lang: Lang) -> String {
    let key = if (0.8..=1.2).contains(&slope) {
        "rounding-growth-linear"
    } else if (0.35..=0.65).contains(&slope) {
        "rounding-growth-sqrt"
    } else {
        "rounding-growth-other"
    };
    crate::tr!(lang, key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growth_is_the_log_log_slope_from_a_thousand_on() {
        let ns = [10, 100, 1000, 10_000, 100_000];
        // Linear from 1000 on (the small sizes do not count), then √n, then nothing to fit.
        assert!((growth(&ns, &[9.0, 9.0, 1e-6, 1e-5, 1e-4], 1000) - 1.0).abs() < 1e-12);
        let sqrt: Vec<f64> = ns.iter().map(|&n| 1e-9 * (n as f64).sqrt()).collect();
        assert!((growth(&ns, &sqrt, 1000) - 0.5).abs() < 1e-12);
        assert!(growth(&ns, &[1.0, 1.0, 0.0, 0.0, 1e-4], 1000).is_nan());
        // From 100 on the same errors include the size 100.
        assert!((growth(&ns, &[9.0, 1e-7, 1e-6, 1e-5, 1e-4], 100) - 1.0).abs() < 1e-12);
        assert_eq!(
            growth_words(0.97, Lang::En),
            crate::tr!(Lang::En, "rounding-growth-linear")
        );
        assert_eq!(
            growth_words(0.45, Lang::En),
            crate::tr!(Lang::En, "rounding-growth-sqrt")
        );
    }

    #[test]
    fn the_naive_quotient_is_wrong_from_the_start_of_the_last_bad_run() {
        // An isolated bad x above a good one does not count: "from x down" must hold below.
        let xs = [1.0, 0.5, 0.25, 0.125];
        assert_eq!(wrong_from_index(&xs, |x| x == 0.5 || x == 0.125), Some(3));
        assert_eq!(wrong_from_index(&xs, |x| x < 0.3), Some(2));
        assert_eq!(wrong_from_index(&xs, |_| true), Some(0));
        assert_eq!(wrong_from_index(&xs, |x| x > 0.3), None);
        // f64: x = 10^−7.5 = 3.1623e-8 is a point of the half-decade grid, not of the table's
        // whole decades; the note says so.
        let (table, _) = cancellation(Lang::En);
        assert!(
            table
                .note
                .contains("from 3.162e-8 down in f64 (x every half decade"),
            "{}",
            table.note
        );
        assert!(!table.note.contains("largest x of the table"));
    }
}
