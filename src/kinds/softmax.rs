//! Kind `softmax`: overflow and underflow of softmax and log-sum-exp in finite formats.
//!
//! Catalogue row 1. For x = c·1 (equal inputs, exact answer 1/n) and x = [c, c+1, c+2, …]
//! over a log-spaced range of c of both signs, the naive and max-shifted softmax, the
//! log-softmax and log-sum-exp are evaluated in f16, bf16, f32 and f64 (every operation
//! rounded in its format), with the thresholds where the naive forms fail found by bisection.

use super::common::{self, num};
use crate::collect::{Table, Values};
use crate::error::SpecErrors;
use crate::i18n::Lang;
use crate::locate::{join, Located};
use crate::numerics::floats::{softmax, softmax_exact, Format, Softmax};
use crate::parse::Node;
use crate::plot::{Axes, Figure, FromTable};
use crate::run::{Outcome, ReportTable};
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Raw {
    #[serde(default = "default_n")]
    #[schemars(range(min = 2, max = 1000))]
    n: usize,
    #[serde(default = "default_min_exp")]
    min_exponent: i32,
    #[serde(default = "default_max_exp")]
    max_exponent: i32,
    #[serde(default = "default_ppd")]
    #[schemars(range(min = 1, max = 200))]
    points_per_decade: usize,
    #[serde(default = "default_formats")]
    formats: Vec<Format>,
}

fn default_n() -> usize {
    3
}
fn default_min_exp() -> i32 {
    -1
}
fn default_max_exp() -> i32 {
    5
}
fn default_ppd() -> usize {
    20
}
fn default_formats() -> Vec<Format> {
    Format::ALL.to_vec()
}

/// Checked parameters.
#[derive(Debug, Clone)]
pub struct Params {
    pub n: usize,
    /// |c| runs over 10^min_exponent … 10^max_exponent.
    pub min_exponent: i32,
    pub max_exponent: i32,
    pub points_per_decade: usize,
    pub formats: Vec<Format>,
}

/// The two input families.
fn inputs(kind: &str, c: f64, n: usize) -> Vec<f64> {
    match kind {
        "equal" => vec![c; n],
        _ => (0..n).map(|i| c + i as f64).collect(),
    }
}

/// ok, inf, nan, or zero (a probability that should be positive rounded to 0).
fn status(out: &[f64], which: Softmax) -> &'static str {
    if out.iter().any(|v| v.is_nan()) {
        "nan"
    } else if out.iter().any(|v| v.is_infinite()) {
        "inf"
    } else if matches!(which, Softmax::Naive | Softmax::Shifted) && out.contains(&0.0) {
        "zero"
    } else {
        "ok"
    }
}

fn rel_error(out: &[f64], exact: &[f64]) -> f64 {
    if out.iter().any(|v| !v.is_finite()) {
        return f64::NAN;
    }
    let num = out
        .iter()
        .zip(exact)
        .fold(0.0f64, |m, (a, b)| m.max((a - b).abs()));
    let den = exact.iter().fold(0.0f64, |m, b| m.max(b.abs()));
    num / den
}

/// The c (of the given sign) where `which` first fails on equal inputs, by bisection
/// between a |c| where it works and one where it fails.
fn threshold(format: Format, which: Softmax, n: usize, sign: f64) -> Option<f64> {
    let fails = |a: f64| status(&softmax(format, which, &vec![sign * a; n]), which) != "ok";
    let (mut lo, mut hi) = (1e-3, 1e6);
    if fails(lo) || !fails(hi) {
        return None;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if fails(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(sign * hi)
}

/// The columns of `metrics.csv`.
pub const COLUMNS: &[(&str, &str)] = &[
    ("run", "format and method"),
    ("input", "`equal` (x = c·1) or `spread` (x = [c, c+1, …])"),
    ("format", "f16, bf16, f32 or f64"),
    (
        "method",
        "softmax_naive, softmax_shifted, log_softmax, logsumexp_naive, logsumexp_shifted",
    ),
    ("c", "the input scale"),
    ("abs_c", "|c| (the plots' x axis)"),
    (
        "output_0",
        "first output (probability, log-probability or log-sum-exp)",
    ),
    (
        "rel_error",
        "max |output − exact| / max |exact|, exact being the max-shifted form computed in f64 from the intended (unrounded) inputs, so the f64 shifted rows are 0 by construction; NaN when the output is not finite",
    ),
    (
        "status",
        "ok, inf, nan, or zero (a probability rounded to 0)",
    ),
    ("sign", "+ for c ≥ 0, − for c < 0"),
    (
        "family",
        "softmax (probabilities) or log (log-softmax, log-sum-exp)",
    ),
];

/// The `softmax` kind (see the module's documentation).
pub struct SoftmaxKind;

/// Every format × formula × input (equal, spread) at c = 0 and ±10ᵏ: the output's first
/// entry, its relative error against the exact value, and its status; with the `sign` and
/// `family` columns the figures filter by.
fn sweep(p: &Params) -> Table {
    let mut cs: Vec<f64> = vec![0.0];
    let steps = (p.max_exponent - p.min_exponent) as usize * p.points_per_decade;
    for k in 0..=steps {
        let a = 10f64.powf(p.min_exponent as f64 + k as f64 / p.points_per_decade as f64);
        cs.push(a);
        cs.push(-a);
    }
    let (mut input, mut fmt, mut method, mut c_col, mut abs_c) =
        (vec![], vec![], vec![], vec![], vec![]);
    let (mut first, mut err, mut st, mut series) = (vec![], vec![], vec![], vec![]);
    for kind in ["equal", "spread"] {
        for &f in &p.formats {
            for which in Softmax::ALL {
                for &c in &cs {
                    let x = inputs(kind, c, p.n);
                    let out = softmax(f, which, &x);
                    let exact = softmax_exact(which, &x);
                    input.push(kind.to_string());
                    fmt.push(f.name().to_string());
                    method.push(which.name().to_string());
                    c_col.push(c);
                    abs_c.push(c.abs());
                    first.push(out[0]);
                    err.push(rel_error(&out, &exact));
                    st.push(status(&out, which).to_string());
                    series.push(format!("{} {}", f.name(), which.name()));
                }
            }
        }
    }
    let signs: Vec<String> = c_col
        .iter()
        .map(|v| if *v >= 0.0 { "+".into() } else { "-".into() })
        .collect();
    let family: Vec<String> = method
        .iter()
        .map(|v| {
            if v.starts_with("softmax") {
                "softmax".into()
            } else {
                "log".into()
            }
        })
        .collect();
    Table::new()
        .with("run", Values::Str(series))
        .with("input", Values::Str(input))
        .with("format", Values::Str(fmt))
        .with("method", Values::Str(method))
        .with("c", Values::F64(c_col))
        .with("abs_c", Values::F64(abs_c))
        .with("output_0", Values::F64(first))
        .with("rel_error", Values::F64(err))
        .with("status", Values::Str(st))
        .with("sign", Values::Str(signs))
        .with("family", Values::Str(family))
}

/// The sweep's columns the findings read: (method, rel_error, input, format, c).
type Columns<'a> = (
    &'a [String],
    &'a [f64],
    &'a [String],
    &'a [String],
    &'a [f64],
);

fn columns(t: &Table) -> Option<Columns<'_>> {
    match (
        t.column("method"),
        t.column("rel_error"),
        t.column("input"),
        t.column("format"),
        t.column("c"),
    ) {
        (
            Some(Values::Str(meth)),
            Some(Values::F64(e)),
            Some(Values::Str(inp)),
            Some(Values::Str(fm)),
            Some(Values::F64(c)),
        ) => Some((meth, e, inp, fm, c)),
        _ => None,
    }
}

/// Per format: where each formula breaks (the table's row and the results' entry), and a
/// finding on the naive formula's failure beside what the shifted one did.
#[allow(clippy::type_complexity)]
fn thresholds(
    p: &Params,
    metrics: &Table,
    lang: Lang,
) -> (Vec<Vec<String>>, Vec<serde_json::Value>, Vec<String>) {
    let mut rows = Vec::new();
    let mut thresholds = Vec::new();
    let mut findings = Vec::new();
    let never = || crate::tr!(lang, "softmax-never");
    for &f in &p.formats {
        let (max, sub, eps) = f.limits();
        let n = p.n as f64;
        let over = threshold(f, Softmax::Naive, p.n, 1.0);
        let under = threshold(f, Softmax::Naive, p.n, -1.0);
        let lse_over = threshold(f, Softmax::LseNaive, p.n, 1.0);
        let lse_under = threshold(f, Softmax::LseNaive, p.n, -1.0);
        // ln(sub/2) as ln(sub) − ln 2: in f64, sub/2 itself rounds to 0 (ln 0 = −inf).
        let ln_half_sub = sub.ln() - std::f64::consts::LN_2;
        rows.push(vec![
            f.name().to_string(),
            crate::kinds::common::num_digits(max, 6),
            num(max.ln()),
            num((max / n).ln()),
            over.map_or_else(never, num),
            num(ln_half_sub),
            under.map_or_else(never, num),
            lse_over.map_or_else(never, num),
            lse_under.map_or_else(never, num),
            num(eps),
        ]);
        let bits = FormatBits::of(f);
        let spread = spread_errors(metrics, f, bits.spread_collapse_c);
        let naive_over = naive_overflow_outputs(metrics, f);
        thresholds.push(json!({
            "format": f.name(), "max": max, "ln_max": max.ln(), "ln_max_over_n": (max / n).ln(),
            "naive_overflow_c": over, "naive_underflow_c": under, "ln_min_subnormal_half": ln_half_sub,
            "lse_overflow_c": lse_over, "lse_underflow_c": lse_under, "epsilon": eps,
            "exponent_bits": bits.exponent, "significand_bits": bits.significand,
            "spread_collapse_c": bits.spread_collapse_c,
            "shifted_worst_equal": shifted_worst_in(metrics, Some(f)),
            "spread_shifted_worst_below_collapse": spread.0,
            "spread_shifted_worst_from_collapse": spread.1,
            "naive_zero_count": naive_over.zeros, "naive_nan_count": naive_over.nans,
            "naive_first_zero_c": naive_over.first_zero_c,
        }));
        let (Some(o), Some(u)) = (over, under) else {
            continue;
        };
        // What the shifted form did at the tested c, in and beyond the stored range.
        let (mut bad_inside, mut bad_beyond) = (0usize, 0usize);
        if let Some((meth, e, inp, fm, c)) = columns(metrics) {
            for i in 0..e.len() {
                if meth[i] == "softmax_shifted" && inp[i] == "equal" && fm[i] == f.name() {
                    let good = e[i].is_finite() && e[i] <= eps;
                    if !good && c[i].abs() <= max {
                        bad_inside += 1;
                    } else if !good {
                        bad_beyond += 1;
                    }
                }
            }
        }
        let shifted = match (bad_inside, bad_beyond) {
            (0, 0) => crate::tr!(lang, "softmax-shifted-exact"),
            (0, k) => crate::tr!(
                lang,
                "softmax-shifted-exact-in-range",
                k = k.to_string(),
                max = num(max),
            ),
            (k, _) => crate::tr!(lang, "softmax-shifted-misses", k = k.to_string()),
        };
        // Between ln(max/n) and ln(max) each e^c is finite and the sum is not: e^c/∞ = 0.
        let outputs = match naive_over.first_zero_c {
            Some(z) => crate::tr!(
                lang,
                "softmax-naive-zeros-then-nan",
                zeros = naive_over.zeros.to_string(),
                first = num(z),
                ln_max = num(max.ln()),
            ),
            None => crate::tr!(lang, "softmax-naive-nan", ln_max = num(max.ln())),
        };
        findings.push(crate::tr!(
            lang,
            "softmax-finding-naive-fails",
            format = f.name(),
            n = p.n.to_string(),
            over = num(o),
            ln_max_n = num((max / n).ln()),
            outputs = outputs,
            under = num(u),
            shifted = shifted,
        ));
    }
    (rows, thresholds, findings)
}

/// A format's exponent and significand widths (the significand with its implicit bit), read
/// from its limits: ε = 2^(1 − p), max < 2^(emax + 1) with emax = 2^(e − 1) − 1. From
/// |c| = 2^p on the spacing of the format exceeds 1, and c + 1 is no longer stored apart
/// from c.
struct FormatBits {
    exponent: u32,
    significand: u32,
    spread_collapse_c: f64,
}

impl FormatBits {
    fn of(f: Format) -> FormatBits {
        let (max, _, eps) = f.limits();
        let significand = 1 + (-eps.log2()).round() as u32;
        let emax = max.log2().floor() as u32;
        let exponent = ((emax + 1) as f64).log2().round() as u32 + 1;
        FormatBits {
            exponent,
            significand,
            spread_collapse_c: 2f64.powi(significand as i32),
        }
    }
}

/// The shifted softmax's worst relative error on spread inputs, below |c| = `collapse` and
/// from there up to the format's largest number (None when no tested c lies there).
fn spread_errors(metrics: &Table, f: Format, collapse: f64) -> (Option<f64>, Option<f64>, f64) {
    let Some((meth, e, inp, fm, c)) = columns(metrics) else {
        return (None, None, f64::NAN);
    };
    let max = f.limits().0;
    let (mut below, mut beyond) = (None::<f64>, None::<f64>);
    let mut upto = f64::NAN;
    for i in 0..e.len() {
        if meth[i] != "softmax_shifted" || inp[i] != "spread" || fm[i] != f.name() {
            continue;
        }
        let err = if e[i].is_nan() { f64::INFINITY } else { e[i] };
        let a = c[i].abs();
        if a < collapse {
            below = Some(below.map_or(err, |b| b.max(err)));
        } else if a <= max {
            beyond = Some(beyond.map_or(err, |b| b.max(err)));
            upto = if upto.is_nan() { a } else { upto.max(a) };
        }
    }
    (below, beyond, upto)
}

/// What the naive softmax of equal inputs returned at the tested c > 0 where it failed:
/// how many zeros (the sum overflowed, each e^c finite) and NaNs (e^c itself overflowed).
struct NaiveOverflow {
    zeros: usize,
    nans: usize,
    first_zero_c: Option<f64>,
}

fn naive_overflow_outputs(metrics: &Table, f: Format) -> NaiveOverflow {
    let mut out = NaiveOverflow {
        zeros: 0,
        nans: 0,
        first_zero_c: None,
    };
    let (Some((meth, e, inp, fm, c)), Some(Values::Str(st))) =
        (columns(metrics), metrics.column("status"))
    else {
        return out;
    };
    for i in 0..e.len() {
        if meth[i] != "softmax_naive" || inp[i] != "equal" || fm[i] != f.name() || c[i] <= 0.0 {
            continue;
        }
        match st[i].as_str() {
            "zero" => {
                out.zeros += 1;
                out.first_zero_c = Some(out.first_zero_c.map_or(c[i], |z: f64| z.min(c[i])));
            }
            "nan" => out.nans += 1,
            _ => {}
        }
    }
    out
}

/// The worst error of the shifted softmax on equal inputs, over the c each format can
/// store (beyond its largest number the input itself is ±inf before any arithmetic).
fn shifted_worst(metrics: &Table) -> f64 {
    shifted_worst_in(metrics, None)
}

/// [`shifted_worst`] over the rows of one format (`None`: every format).
fn shifted_worst_in(metrics: &Table, only: Option<Format>) -> f64 {
    let Some((meth, e, inp, fm, c)) = columns(metrics) else {
        return f64::NAN;
    };
    (0..e.len())
        .filter(|&i| meth[i] == "softmax_shifted" && inp[i] == "equal")
        .filter(|&i| only.is_none_or(|f| fm[i] == f.name()))
        .filter(|&i| {
            let f = Format::ALL
                .iter()
                .find(|f| f.name() == fm[i])
                .copied()
                .unwrap_or(Format::F64);
            c[i].abs() <= f.limits().0
        })
        .map(|i| if e[i].is_nan() { f64::INFINITY } else { e[i] })
        .fold(0.0, f64::max)
}

/// Spread inputs in the 16-bit formats: below 2^p the shifted softmax is rounding, from
/// there the inputs collapse and its error against the intended answer is large.
fn spread_finding(p: &Params, metrics: &Table, lang: Lang) -> Option<String> {
    let parts: Vec<String> = p
        .formats
        .iter()
        .filter(|f| matches!(f, Format::F16 | Format::Bf16))
        .map(|&f| {
            let bits = FormatBits::of(f);
            let (below, beyond, upto) = spread_errors(metrics, f, bits.spread_collapse_c);
            crate::tr!(
                lang,
                "softmax-spread-format",
                format = f.name(),
                collapse = num(bits.spread_collapse_c),
                upto = num(upto),
                below = below.map_or_else(|| "–".to_string(), num),
                beyond = beyond.map_or_else(|| "–".to_string(), num),
            )
        })
        .collect();
    if parts.is_empty() {
        return None;
    }
    Some(crate::tr!(
        lang,
        "softmax-finding-spread-inputs",
        formats = parts.join("; "),
    ))
}

/// The relative error against |c|: equal and spread inputs, c > 0 and c < 0, one figure
/// each, every format and softmax formula a line.
fn error_figures(trial: usize, lang: Lang) -> Vec<(String, Figure)> {
    let t = |key: &str| crate::tr!(lang, key);
    let mut figures = Vec::new();
    for (input, label) in [
        ("equal", t("softmax-inputs-equal")),
        ("spread", t("softmax-inputs-spread")),
    ] {
        for (sign, side) in [(1.0, "c > 0"), (-1.0, "c < 0")] {
            let id = format!("{input}_{}", if sign > 0.0 { "pos" } else { "neg" });
            figures.push((
                id,
                Figure::Lines {
                    axes: Axes {
                        title: crate::tr!(
                            lang,
                            "softmax-title-error",
                            inputs = &label,
                            side = side,
                        ),
                        x_label: "|c|".into(),
                        y_label: t("softmax-relative-error"),
                        log_x: true,
                        log_y: true,
                        y_floor: None,
                    },
                    data: FromTable {
                        x: "abs_c".into(),
                        y: "rel_error".into(),
                        group: "series".into(),
                        trial: Some(trial as i64),
                        filter: vec![
                            ("input".into(), input.into()),
                            (
                                "sign".into(),
                                if sign > 0.0 { "+".into() } else { "-".into() },
                            ),
                            ("family".into(), "softmax".into()),
                        ],
                        table: None,
                    },
                },
            ));
        }
    }
    figures
}

impl super::Kind for SoftmaxKind {
    type Params = Params;
    type Spec = Raw;
    const ID: &'static str = "softmax";
    const CHAPTER: super::Chapter = super::Chapter::Numerical;
    const SUMMARY: &'static str =
        "Overflow and underflow of naive vs max-shifted softmax, log-softmax and \
                  log-sum-exp over the input scale, in f16, bf16, f32 and f64.";
    const EXAMPLE: &'static str = "params:\n  n: 3\n  min_exponent: -1\n  max_exponent: 5\n  formats: [f16, bf16, f32, f64]\n";
    const STARTER: &'static str = include_str!("../../templates/new/softmax.yaml");
    const COLUMNS: &'static [(&'static str, &'static str)] = COLUMNS;

    fn check(node: &Node, base: &str, at: &Located) -> Result<Params, SpecErrors> {
        let (raw, mut errors) = common::params::<Raw>(node, base, at)?;
        if raw.min_exponent >= raw.max_exponent || raw.min_exponent < -20 || raw.max_exponent > 20 {
            errors.push(
                at.at_value(
                    &join(base, "max_exponent"),
                    format!("exponents {}…{}", raw.min_exponent, raw.max_exponent),
                )
                .expected("min_exponent < max_exponent, both within ±20"),
            );
        }
        if raw.formats.is_empty() {
            errors.push(
                at.at_value(&join(base, "formats"), "no formats")
                    .expected("some of f16, bf16, f32, f64"),
            );
        }
        if !errors.is_empty() {
            return Err(SpecErrors(errors));
        }
        Ok(Params {
            n: raw.n,
            min_exponent: raw.min_exponent,
            max_exponent: raw.max_exponent,
            points_per_decade: raw.points_per_decade,
            formats: raw.formats,
        })
    }

    /// Every format × formula × input at c = ±10ᵏ, the thresholds where each formula breaks
    /// (by formula and measured), the shifted form's worst error, and the error figures.
    fn run(p: &Params, trial: usize, _seed: u64, lang: Lang) -> Result<Outcome, String> {
        let metrics = sweep(p);
        let (rows, thresholds, mut findings) = thresholds(p, &metrics, lang);
        let shifted_worst = shifted_worst(&metrics);
        findings.push(crate::tr!(
            lang,
            "softmax-finding-why-shifting-works",
            error = num(shifted_worst),
        ));
        if p.formats.contains(&Format::F16) && p.max_exponent >= 5 {
            findings.push(crate::tr!(lang, "softmax-finding-f16-range"));
        }
        findings.extend(spread_finding(p, &metrics, lang));
        let t = |key: &str| crate::tr!(lang, key);
        Ok(Outcome {
            metrics,
            findings,
            tables: vec![ReportTable {
                title: crate::tr!(lang, "softmax-table-title", n = p.n.to_string()),
                columns: vec![
                    t("softmax-header-format"),
                    t("softmax-header-largest-finite"),
                    "ln(max)".into(),
                    "ln(max/n)".into(),
                    t("softmax-header-naive-fails-from"),
                    "ln(min subnormal / 2)".into(),
                    t("softmax-header-naive-fails-below"),
                    t("softmax-header-lse-overflows-from"),
                    t("softmax-header-lse-minus-inf-below"),
                    "ε".into(),
                ],
                rows,
                note: t("softmax-table-note"),
            }],
            results: json!({ "thresholds": thresholds, "shifted_worst_error": shifted_worst, "n": p.n }),
            headline: vec![(
                t("softmax-headline-shifted-worst-error"),
                num(shifted_worst),
            )],
            figures: error_figures(trial, lang),
            ..Outcome::default()
        })
    }
}
