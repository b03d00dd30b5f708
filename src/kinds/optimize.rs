//! Kind `optimize`: minimize an expression with first- and second-order methods.
//!
//! Catalogue rows 4–9 and 11: gradient descent with a fixed step, steepest descent with
//! exact line search or Armijo backtracking, momentum, Newton's method; the Taylor
//! prediction of each step's decrease; the Lipschitz constant of ∇f and the 2/L step bound.

use super::common::{self, num, point, BoxSpec, Point};
use crate::collect::{Table, Values};
use crate::error::{SpecError, SpecErrors};
use crate::i18n::Lang;
use crate::locate::{join, Located};
use crate::nn::optim::OptimizerSpec;
use crate::numerics::descent::{
    grid_points, lipschitz_estimate, minimize, taylor_scan, Method, Reason, Stop, Trajectory,
};
use crate::numerics::expr::Objective;
use crate::numerics::linalg::sym_eigenvalues;
use crate::parse::Node;
use crate::plot::{Axes, Curve, Figure, FromTable, Marked};
use crate::run::{Outcome, ReportTable};
use crate::tr;
use serde::Deserialize;
use serde_json::{json, Value};

/// Upper bounds that keep a typo from running for hours.
pub const MAX_ITER_LIMIT: usize = 1_000_000;
pub const MAX_STARTS: usize = 100;
pub const MAX_DIM: usize = 20;

/// Column names of the metrics table that a variable may not take.
const RESERVED: &[&str] = &[
    "trial",
    "series",
    "run",
    "method",
    "start",
    "iteration",
    "f",
    "f_gap",
    "grad_norm",
    "step_size",
    "step_norm",
    "predicted_decrease",
    "actual_decrease",
    "hessian_pd",
    "status",
];

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Raw {
    objective: String,
    #[serde(default)]
    variables: Option<Vec<String>>,
    #[serde(default)]
    start: Option<Point>,
    #[serde(default)]
    starts: Option<Vec<Point>>,
    methods: Vec<MethodSpec>,
    #[serde(default = "default_max_iter")]
    max_iter: usize,
    #[serde(default = "default_tol")]
    tol: f64,
    #[serde(default)]
    taylor: bool,
    #[serde(default)]
    lipschitz: bool,
    /// Each run's measured linear rate against the theory's at the minimum's Hessian.
    #[serde(default)]
    rates: bool,
    /// Momentum factors μ whose weights μᵏ on past gradients are drawn.
    #[serde(default)]
    momentum_weights: Vec<f64>,
    #[serde(default)]
    region: Option<BoxSpec>,
}

fn default_max_iter() -> usize {
    100
}

fn default_tol() -> f64 {
    1e-8
}

#[derive(Debug, Clone, Copy, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
enum MethodName {
    Gd,
    ExactLineSearch,
    Backtracking,
    Newton,
    NewtonLineSearch,
    ModifiedNewton,
    Momentum,
    Optimizer,
}

/// One entry of `methods:`. Flat, so every field has a precise path in errors; which
/// fields apply to which method is checked in [`check_method`].
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct MethodSpec {
    method: MethodName,
    #[serde(default)]
    lr: Option<f64>,
    #[serde(default)]
    momentum: Option<f64>,
    #[serde(default)]
    nesterov: Option<bool>,
    #[serde(default)]
    initial: Option<f64>,
    #[serde(default)]
    rho: Option<f64>,
    #[serde(default)]
    c: Option<f64>,
    /// Modified Newton: the smallest eigenvalue δ of the shifted Hessian.
    #[serde(default)]
    shift: Option<f64>,
    #[serde(default)]
    optimizer: Option<OptimizerSpec>,
    #[serde(default)]
    label: Option<String>,
}

/// Checked parameters of an `optimize` experiment.
#[derive(Debug, Clone)]
pub struct Params {
    pub objective: Objective,
    pub starts: Vec<Vec<f64>>,
    /// Each method with its label (unique within the experiment).
    pub methods: Vec<(Method, String)>,
    pub max_iter: usize,
    pub tol: f64,
    pub taylor: bool,
    pub lipschitz: bool,
    pub rates: bool,
    pub momentum_weights: Vec<f64>,
    pub region: Option<(Vec<f64>, Vec<f64>)>,
}

fn positive(v: Option<f64>, name: &str, path: &str, at: &Located) -> Result<f64, SpecError> {
    match v {
        None => Err(at
            .at_value(path, format!("this method needs `{name}`"))
            .expected(format!("`{name}: <positive number>`"))),
        Some(x) if x.is_finite() && x > 0.0 => Ok(x),
        Some(x) => Err(at
            .at_value(&join(path, name), format!("`{name}` is {x}"))
            .expected("a finite number > 0")),
    }
}

fn check_method(m: &MethodSpec, path: &str, at: &Located) -> Result<Method, SpecError> {
    check_settings_apply(m, path, at)?;
    Ok(match m.method {
        MethodName::Gd => Method::GradientDescent {
            lr: positive(m.lr, "lr", path, at)?,
        },
        MethodName::ExactLineSearch => Method::ExactLineSearch,
        MethodName::Newton => Method::Newton,
        MethodName::Optimizer => Method::Optimizer(optimizer_setting(m, path, at)?),
        MethodName::Backtracking => {
            let initial = positive(m.initial.or(Some(1.0)), "initial", path, at)?;
            let (rho, c) = armijo_settings(m, path, at)?;
            Method::Backtracking { initial, rho, c }
        }
        MethodName::NewtonLineSearch => {
            let (rho, c) = armijo_settings(m, path, at)?;
            Method::NewtonLineSearch { rho, c }
        }
        MethodName::ModifiedNewton => {
            let (rho, c) = armijo_settings(m, path, at)?;
            let shift = positive(m.shift.or(Some(1e-3)), "shift", path, at)?;
            Method::ModifiedNewton { shift, rho, c }
        }
        MethodName::Momentum => Method::Momentum {
            lr: positive(m.lr, "lr", path, at)?,
            momentum: momentum_setting(m, path, at)?,
            nesterov: m.nesterov.unwrap_or(false),
        },
    })
}

/// Each setting a method is given must be one it uses.
fn check_settings_apply(m: &MethodSpec, path: &str, at: &Located) -> Result<(), SpecError> {
    let allowed: &[&str] = match m.method {
        MethodName::Gd => &["lr"],
        MethodName::ExactLineSearch | MethodName::Newton => &[],
        MethodName::Backtracking => &["initial", "rho", "c"],
        MethodName::NewtonLineSearch => &["rho", "c"],
        MethodName::ModifiedNewton => &["shift", "rho", "c"],
        MethodName::Momentum => &["lr", "momentum", "nesterov"],
        MethodName::Optimizer => &["optimizer"],
    };
    let given = [
        ("lr", m.lr.is_some()),
        ("momentum", m.momentum.is_some()),
        ("nesterov", m.nesterov.is_some()),
        ("initial", m.initial.is_some()),
        ("rho", m.rho.is_some()),
        ("c", m.c.is_some()),
        ("shift", m.shift.is_some()),
        ("optimizer", m.optimizer.is_some()),
    ];
    for (name, present) in given {
        if present && !allowed.contains(&name) {
            let method = at
                .spans
                .value(&join(path, "method"))
                .map(|_| format!("{:?}", m.method).to_lowercase())
                .unwrap_or_default();
            return Err(at
                .at_key(
                    &join(path, name),
                    format!("`{name}` does not apply to method `{method}`"),
                )
                .expected(if allowed.is_empty() {
                    "no settings for this method (only `method` and `label`)".to_string()
                } else {
                    format!(
                        "only {}",
                        allowed
                            .iter()
                            .map(|a| format!("`{a}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }));
        }
    }
    Ok(())
}

/// Method `optimizer`'s PyTorch optimizer, its learning rate finite and > 0.
fn optimizer_setting(m: &MethodSpec, path: &str, at: &Located) -> Result<OptimizerSpec, SpecError> {
    let Some(o) = m.optimizer else {
        return Err(at
            .at_value(path, "method `optimizer` needs `optimizer`")
            .expected("`optimizer: {name: adam, lr: 0.1}` (PyTorch names and defaults: sgd, adagrad, rmsprop, adam, adamw, adamax, nadam)"));
    };
    let lr = o.lr();
    if !(lr.is_finite() && lr > 0.0) {
        return Err(at
            .at_value(
                &join(&join(path, "optimizer"), "lr"),
                format!("`lr` is {lr}"),
            )
            .expected("a finite number > 0"));
    }
    Ok(o)
}

/// Method `momentum`'s μ, required, in [0, 1).
fn momentum_setting(m: &MethodSpec, path: &str, at: &Located) -> Result<f64, SpecError> {
    match m.momentum {
        Some(mu) if (0.0..1.0).contains(&mu) => Ok(mu),
        Some(mu) => Err(at
            .at_value(&join(path, "momentum"), format!("`momentum` is {mu}"))
            .expected("a number in [0, 1)")),
        None => Err(at
            .at_value(path, "this method needs `momentum`")
            .expected("`momentum: 0.9` (PyTorch's SGD has no default other than 0)")),
    }
}

/// Backtracking's shrink factor ρ (default 0.5) and Armijo constant c (default 1e-4).
fn armijo_settings(m: &MethodSpec, path: &str, at: &Located) -> Result<(f64, f64), SpecError> {
    let rho = m.rho.unwrap_or(0.5);
    if !(rho > 0.0 && rho < 1.0) {
        return Err(at
            .at_value(&join(path, "rho"), format!("`rho` is {rho}"))
            .expected("a shrink factor strictly between 0 and 1"));
    }
    let c = m.c.unwrap_or(1e-4);
    if !(c > 0.0 && c < 1.0) {
        return Err(at
            .at_value(&join(path, "c"), format!("`c` is {c}"))
            .expected("an Armijo constant strictly between 0 and 1 (usually 1e-4)"));
    }
    Ok((rho, c))
}

/// One method from one start.
struct RunData<'a> {
    label: String,
    method: &'a Method,
    start: usize,
    traj: Trajectory,
    /// The step gᵀg/gᵀHg minimizes f along −g only where f is quadratic; elsewhere it is
    /// the second-order Taylor model's best step, and the data name it so.
    quadratic: bool,
}

impl RunData<'_> {
    /// The method's name in the data (`method` column, results key): `exact_line_search`
    /// is `taylor_step` on an objective that is not quadratic.
    fn method_name(&self) -> &'static str {
        match self.method {
            Method::ExactLineSearch if !self.quadratic => "taylor_step",
            m => m.name(),
        }
    }

    /// The status for readers: a run that hit the budget with f above its start is
    /// "diverging", not merely unfinished.
    fn status(&self) -> &'static str {
        match self.traj.stop {
            Stop::MaxIterations if growth(&self.traj).is_some() => "diverging",
            ref s => s.as_str(),
        }
    }
}

/// How a run that used its whole budget grows, when it grows without bound: f above its
/// start, and f and ‖∇f‖ both multiplied by a factor above 1 per step over the second half
/// of the run (geometric growth, as gradient descent with a step past 2/λmax). Returns
/// (f's factor, ‖∇f‖'s factor) per step. A run that ended above its start but does not grow
/// steadily (it settled, or oscillates) is not diverging.
fn growth(traj: &Trajectory) -> Option<(f64, f64)> {
    let it = &traj.iterates;
    let k = it.len().checked_sub(1)?;
    let j = k / 2;
    if k - j < 4 || it[k].f <= it[0].f {
        return None;
    }
    let per_step = |a: f64, b: f64| (b / a).powf(1.0 / (k - j) as f64);
    let (fa, fb) = (it[j].f, it[k].f);
    let (ga, gb) = (it[j].grad_norm, it[k].grad_norm);
    let ok = |a: f64, b: f64| a > 0.0 && b > 0.0 && a.is_finite() && b.is_finite();
    if !ok(fa, fb) || !ok(ga, gb) {
        return None;
    }
    let (rf, rg) = (per_step(fa, fb), per_step(ga, gb));
    (rf > 1.0 && rg > 1.0).then_some((rf, rg))
}

/// Whether a run that did not converge ends in a two-cycle: over its last eight iterates
/// every second iterate comes back to within 10⁻³ of the step length to where it was, while
/// each step still jumps the full length. Returns the two points it alternates between (the
/// second-to-last and the last) and the largest ‖xₖ − xₖ₋₂‖ seen.
fn two_cycle(xs: &[Vec<f64>]) -> Option<(usize, f64)> {
    let n = xs.len();
    if n < 10 {
        return None;
    }
    let dist = |a: &[f64], b: &[f64]| {
        a.iter()
            .zip(b)
            .map(|(p, q)| (p - q) * (p - q))
            .sum::<f64>()
            .sqrt()
    };
    let mut drift: f64 = 0.0;
    for k in n - 8..n {
        let (back2, back1) = (dist(&xs[k], &xs[k - 2]), dist(&xs[k], &xs[k - 1]));
        if !(back1 > 0.0 && back1.is_finite() && back2 <= 1e-3 * back1) {
            return None;
        }
        drift = drift.max(back2);
    }
    Some((n - 2, drift))
}

/// A run's status (`converged`, `max_iterations`, …) in words of `lang`.
fn status_text(lang: Lang, status: &str) -> String {
    crate::i18n::text(
        lang,
        &format!("optimize-status-{}", status.replace('_', "-")),
    )
}

/// Why a run failed or stalled, in words of `lang`.
fn reason_text(lang: Lang, reason: &Reason) -> String {
    match reason {
        Reason::NoModelMinimum { ghg } => {
            tr!(
                lang,
                "numerics-no-model-minimum",
                ghg = format!("{ghg:.4e}")
            )
        }
        Reason::NoMeasurableDecrease => tr!(lang, "numerics-no-measurable-decrease"),
        Reason::SingularHessian => tr!(lang, "numerics-singular-hessian"),
        Reason::NotDescent { slope } => tr!(lang, "numerics-not-descent", slope = num(*slope)),
        Reason::StepBelowRounding { eps } => {
            tr!(
                lang,
                "numerics-step-below-rounding",
                eps = format!("{eps:.3e}")
            )
        }
    }
}

fn x_json(x: &[f64]) -> Value {
    if x.len() == 1 {
        json!(x[0])
    } else {
        json!(x)
    }
}

fn run_json(r: &RunData) -> Value {
    let last = r.traj.last();
    let iterates: Vec<Value> = r.traj.iterates.iter().map(|i| x_json(&i.x)).collect();
    let lowest = r
        .traj
        .iterates
        .iter()
        .filter(|i| i.f.is_finite())
        .min_by(|a, b| a.f.total_cmp(&b.f));
    json!({
        "label": r.label,
        "method": r.method_name(),
        "start": r.start,
        "status": r.status(),
        "iterations": r.traj.steps(),
        "x": x_json(&last.x),
        "f": last.f,
        // The lowest finite f of the run and its iteration: below the last f when the run
        // rose again (a spike, a divergence) before its budget ended.
        "f_min": lowest.map_or(f64::NAN, |i| i.f),
        "f_min_at": lowest.map(|i| i.iteration),
        // The largest finite f over the last fifth of the iterates: where f still oscillates,
        // the last value alone may sit on a trough or a bump.
        "f_tail_max": tail_max(&r.traj.iterates),
        "grad_norm": last.grad_norm,
        // The Hessian's eigenvalues at the last point, ascending (for 1-D, f'').
        "final_eigenvalues": last.eigenvalues,
        "x1": iterates.get(1).cloned().unwrap_or(Value::Null),
        // ε₀, the size of the first step (the exact step ε* for exact line search).
        "first_step": r.traj.iterates.first().map_or(f64::NAN, |i| i.step_size),
        "converged": matches!(r.traj.stop, Stop::Converged),
        // What the second-derivative test says the end point is, when the run converged:
        // `minimum`, `maximum`, `saddle` or `unclassified` (a zero eigenvalue).
        "point": (r.traj.stop == Stop::Converged).then(|| match critical_kind(&last.eigenvalues) {
            Critical::Minimum => "minimum",
            Critical::Maximum => "maximum",
            Critical::Saddle => "saddle",
            Critical::Unclassified => "unclassified",
        }),
        "x2": iterates.get(2).cloned().unwrap_or(Value::Null),
        // f after each of the first steps, index k = iteration k (0: the start), at most 10:
        // who leads early, beside who finishes first.
        "f_first": r.traj.iterates.iter().take(11).map(|i| i.f).collect::<Vec<f64>>(),
        // Of the `step_pairs` pairs of consecutive finite steps, how many point back against
        // the step before (angle over 90°): `reversals == step_pairs` is a zig-zag at every step.
        "reversals": turns(r).map_or(0, |t| t.turned),
        "step_pairs": turns(r).map_or(0, |t| t.pairs),
        "iterates": iterates,
        "reason": match &r.traj.stop {
            Stop::Failed(m) | Stop::Stalled(m) => reason_text(Lang::En, m),
            _ => String::new(),
        },
    })
}

/// The largest finite f over the last fifth of `iterates` (at least the last one); NaN
/// when none is finite.
fn tail_max(iterates: &[crate::numerics::descent::Iterate]) -> f64 {
    let n = iterates.len();
    iterates[n - (n / 5).max(1).min(n)..]
        .iter()
        .map(|i| i.f)
        .filter(|f| f.is_finite())
        .fold(f64::NAN, f64::max)
}

/// The reference f* of `f_gap`: the lowest finite f of any run, refined by Newton's method
/// from that point when Newton converges there to a minimum that is no higher. Without the
/// refinement the best run would "reach 0" at its own last point, and a run alone in its
/// trial (a sweep) would measure itself against its own start.
fn f_reference(runs: &[RunData], obj: &Objective) -> f64 {
    reference_point(runs, obj).map_or(f64::NAN, |(f, _, _)| f)
}

/// f*, where it is, and whether it is a verified minimum (Newton converged there with a
/// positive definite Hessian) rather than just the lowest value a run reached.
fn reference_point(runs: &[RunData], obj: &Objective) -> Option<(f64, Vec<f64>, bool)> {
    let best = runs
        .iter()
        .flat_map(|r| r.traj.iterates.iter())
        .filter(|i| i.f.is_finite())
        .min_by(|a, b| a.f.total_cmp(&b.f))?;
    let polish = minimize(obj, &best.x, &Method::Newton, 100, 1e-13);
    let end = polish.last();
    let minimum = polish.stop == Stop::Converged
        && end.eigenvalues.iter().all(|v| *v > 0.0)
        && end.f.is_finite();
    Some(if minimum && end.f <= best.f {
        (end.f, end.x.clone(), true)
    } else {
        (best.f, best.x.clone(), false)
    })
}

fn metrics(runs: &[RunData], vars: &[String], obj: &Objective) -> Table {
    let f_best = f_reference(runs, obj);
    let rows = || {
        runs.iter()
            .flat_map(|r| r.traj.iterates.iter().map(move |i| (r, i)))
    };
    let dim = vars.len();
    let mut t = Table::new()
        .with(
            "run",
            Values::Str(rows().map(|(r, _)| r.label.clone()).collect()),
        )
        .with(
            "method",
            Values::Str(rows().map(|(r, _)| r.method_name().to_string()).collect()),
        )
        .with(
            "start",
            Values::I64(rows().map(|(r, _)| r.start as i64).collect()),
        )
        .with(
            "iteration",
            Values::I64(rows().map(|(_, i)| i.iteration as i64).collect()),
        );
    for (d, v) in vars.iter().enumerate() {
        t.push(v, Values::F64(rows().map(|(_, i)| i.x[d]).collect()));
    }
    t.push("f", Values::F64(rows().map(|(_, i)| i.f).collect()));
    t.push(
        "f_gap",
        Values::F64(rows().map(|(_, i)| i.f - f_best).collect()),
    );
    t.push(
        "grad_norm",
        Values::F64(rows().map(|(_, i)| i.grad_norm).collect()),
    );
    t.push(
        "step_size",
        Values::F64(rows().map(|(_, i)| i.step_size).collect()),
    );
    t.push(
        "step_norm",
        Values::F64(rows().map(|(_, i)| i.step_norm).collect()),
    );
    t.push(
        "predicted_decrease",
        Values::F64(rows().map(|(_, i)| i.predicted_decrease).collect()),
    );
    t.push(
        "actual_decrease",
        Values::F64(rows().map(|(_, i)| i.actual_decrease).collect()),
    );
    for d in 0..dim {
        t.push(
            &format!("hess_eig_{}", d + 1),
            Values::F64(rows().map(|(_, i)| i.eigenvalues[d]).collect()),
        );
    }
    t.push(
        "hessian_pd",
        Values::Bool(rows().map(|(_, i)| i.hessian_pd).collect()),
    );
    t.push(
        "status",
        Values::Str(rows().map(|(r, _)| r.status().to_string()).collect()),
    );
    t
}

fn start_facts(
    p: &Params,
    out: &mut Outcome,
    results: &mut serde_json::Map<String, Value>,
    lang: Lang,
) {
    let obj = &p.objective;
    let mut rows = Vec::new();
    for (si, s) in p.starts.iter().enumerate() {
        let g = obj.gradient(s);
        let h = obj.hessian(s);
        let eig = sym_eigenvalues(&h);
        let hess_rows: Vec<String> = (0..h.nrows())
            .map(|i| {
                let r: Vec<String> = (0..h.ncols()).map(|j| num(h[(i, j)])).collect();
                format!("[{}]", r.join(", "))
            })
            .collect();
        rows.push(vec![
            point(s),
            num(obj.value(s)),
            point(g.as_slice()),
            format!("[{}]", hess_rows.join(", ")),
            eig.iter().map(|v| num(*v)).collect::<Vec<_>>().join(", "),
        ]);
        if si == 0 {
            let hj: Vec<Vec<f64>> = (0..h.nrows())
                .map(|i| (0..h.ncols()).map(|j| h[(i, j)]).collect())
                .collect();
            results.insert(
                "start".into(),
                json!({
                    "x": x_json(s), "f": obj.value(s), "gradient": x_json(g.as_slice()),
                    "hessian": hj, "eigenvalues": eig,
                }),
            );
        }
    }
    out.tables.push(ReportTable {
        title: tr!(lang, "optimize-start-title"),
        columns: vec![
            tr!(
                lang,
                "optimize-start-col-start",
                vars = common::var_tuple(obj.vars())
            ),
            "f".into(),
            "∇f".into(),
            tr!(lang, "optimize-start-col-hessian"),
            tr!(lang, "optimize-start-col-eigenvalues"),
        ],
        rows,
        note: tr!(lang, "optimize-start-note"),
    });
}

/// What the second-derivative test says a critical point is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Critical {
    /// An eigenvalue of the Hessian is 0: the test cannot classify the point.
    Unclassified,
    Minimum,
    Maximum,
    Saddle,
}

impl Critical {
    /// The kind of point in words of `lang` ("a minimum", …).
    fn text(self, lang: Lang) -> String {
        crate::i18n::text(
            lang,
            match self {
                Critical::Unclassified => "optimize-critical-unclassified",
                Critical::Minimum => "optimize-critical-minimum",
                Critical::Maximum => "optimize-critical-maximum",
                Critical::Saddle => "optimize-critical-saddle",
            },
        )
    }
}

/// What the second-derivative test says a critical point is, from its Hessian's eigenvalues.
fn critical_kind(eig: &[f64]) -> Critical {
    let scale = eig.iter().fold(0.0f64, |m, v| m.max(v.abs())).max(1e-300);
    let flat = |v: &f64| v.abs() <= 1e-10 * scale;
    if eig.iter().any(flat) {
        Critical::Unclassified
    } else if eig.iter().all(|v| *v > 0.0) {
        Critical::Minimum
    } else if eig.iter().all(|v| *v < 0.0) {
        Critical::Maximum
    } else {
        Critical::Saddle
    }
}

/// The values f of the different minima the runs converged to, ascending (two count as one
/// when they agree to a relative 10⁻⁶).
fn distinct_minima(runs: &[RunData]) -> Vec<f64> {
    let mut fs: Vec<f64> = runs
        .iter()
        .filter(|r| found_minimum(r))
        .map(|r| r.traj.last().f)
        .collect();
    fs.sort_by(f64::total_cmp);
    fs.dedup_by(|a, b| (*a - *b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0));
    fs
}

/// Whether a run ended where a minimizer should: converged, at a strict local minimum.
fn found_minimum(r: &RunData) -> bool {
    r.traj.stop == Stop::Converged && critical_kind(&r.traj.last().eigenvalues) == Critical::Minimum
}

/// The sentence on how a run ended, or `None` when the overview table says all of it: a
/// run that converged to a minimum, or used up its steps while still falling, with nothing
/// unusual on the way.
fn describe_run(r: &RunData, tol: f64, vars: &[String], lang: Lang) -> Option<String> {
    let t = &r.traj;
    let first = &t.iterates[0];
    let last = t.last();
    let name = format!("**{}**", common::md(&r.label));
    // Points where the Hessian has a negative eigenvalue (`hess_eig_1 < 0`), counted over the
    // same rows as the run's rows in `metrics.csv` (its last point too). A singular Hessian
    // (an eigenvalue of exactly 0) is not counted: Newton stops there, and the stop says why.
    let npd = t
        .iterates
        .iter()
        .filter(|i| i.eigenvalues.first().is_some_and(|&e| e < 0.0))
        .count();
    let steps = t.steps();
    let mut s = match &t.stop {
        Stop::Converged if !found_minimum(r) => tr!(
            lang,
            "optimize-run-critical-not-minimum",
            name = &name,
            steps = steps,
            grad = num(last.grad_norm),
            tol = num(tol),
            vars = common::var_tuple(vars),
            x = point(&last.x),
            f = num(last.f),
            eigenvalues = point(&last.eigenvalues),
            kind = critical_kind(&last.eigenvalues).text(lang)
        ),
        Stop::Converged => tr!(
            lang,
            "optimize-run-converged",
            name = &name,
            steps = steps,
            vars = common::var_tuple(vars),
            x = point(&last.x),
            f = num(last.f),
            grad = num(last.grad_norm),
            tol = num(tol)
        ),
        Stop::Diverged => {
            let xnorm = last.x.iter().map(|v| v * v).sum::<f64>().sqrt();
            tr!(
                lang,
                "optimize-run-diverged",
                name = &name,
                steps = steps,
                xnorm = num(xnorm),
                f = num(last.f),
                grad = num(last.grad_norm),
                f0 = num(first.f)
            )
        }
        Stop::MaxIterations if growth(t).is_some() => {
            let (rf, rg) = growth(t).unwrap_or((f64::NAN, f64::NAN));
            // Steps more at f's pace until f passes f64's largest number.
            let left = ((f64::MAX.ln() - last.f.ln()) / rf.ln()).ceil();
            tr!(
                lang,
                "optimize-run-diverging",
                name = &name,
                steps = steps,
                f0 = num(first.f),
                f = num(last.f),
                grad0 = num(first.grad_norm),
                grad = num(last.grad_norm),
                rate_f = num(rf),
                rate_grad = num(rg),
                left = num(left)
            )
        }
        Stop::MaxIterations if last.f > first.f => tr!(
            lang,
            "optimize-run-above-start",
            name = &name,
            steps = steps,
            f0 = num(first.f),
            f = num(last.f),
            grad = num(last.grad_norm)
        ),
        Stop::MaxIterations => tr!(
            lang,
            "optimize-run-max-iterations",
            name = &name,
            tol = num(tol),
            steps = steps,
            x = point(&last.x),
            f = num(last.f),
            grad = num(last.grad_norm)
        ),
        Stop::Failed(reason) => tr!(
            lang,
            "optimize-run-failed",
            name = &name,
            steps = steps,
            x = point(&last.x),
            reason = reason_text(lang, reason)
        ),
        Stop::Stalled(reason) => tr!(
            lang,
            "optimize-run-stalled",
            name = &name,
            steps = steps,
            x = point(&last.x),
            grad = num(last.grad_norm),
            reason = reason_text(lang, reason)
        ),
    };
    // A converged minimum, or a run that used up its steps below its start: the table
    // says it, unless more follows (a cycle, Newton's indefinite Hessian).
    let routine = match &t.stop {
        Stop::Converged => found_minimum(r),
        Stop::MaxIterations => growth(t).is_none() && last.f <= first.f,
        _ => false,
    };
    let plain = s.len();
    if t.stop == Stop::MaxIterations {
        let xs: Vec<Vec<f64>> = t.iterates.iter().map(|i| i.x.clone()).collect();
        if let Some((k, drift)) = two_cycle(&xs) {
            let (a, b) = (&t.iterates[k], last);
            s.push(' ');
            s.push_str(&tr!(
                lang,
                "optimize-run-two-cycle",
                a = point(&a.x),
                fa = num(a.f),
                b = point(&b.x),
                fb = num(b.f),
                drift = num(drift)
            ));
            // The cycle may sit above where the run had been: say so with its lowest point.
            let low = t
                .iterates
                .iter()
                .enumerate()
                .filter(|(_, i)| i.f.is_finite())
                .min_by(|p, q| p.1.f.total_cmp(&q.1.f));
            if let Some((kmin, imin)) = low.filter(|(_, i)| i.f < 0.99 * a.f.min(b.f)) {
                s.push(' ');
                s.push_str(&tr!(
                    lang,
                    "optimize-run-two-cycle-above",
                    fmin = num(imin.f),
                    kmin = kmin.to_string()
                ));
            }
        }
    }
    if matches!(r.method, Method::Newton) && npd > 0 {
        s.push(' ');
        s.push_str(&tr!(
            lang,
            "optimize-run-newton-not-pd",
            count = npd.to_string(),
            total = t.iterates.len().to_string(),
            // In one dimension a negative f'' turns the step against the slope: uphill.
            one_d = if t.iterates.first().is_some_and(|i| i.x.len() == 1) {
                "yes"
            } else {
                "no"
            },
        ));
        // The first step that raised f, and the curvature where it started: a step from a
        // positive definite Hessian points downhill and overshot; one from a negative
        // eigenvalue may point uphill.
        let rise = t
            .iterates
            .windows(2)
            .find(|w| w[0].f.is_finite() && w[1].f.is_finite() && w[1].f > w[0].f);
        if let Some([a, b]) = rise {
            s.push(' ');
            s.push_str(&tr!(
                lang,
                "optimize-run-newton-first-rise",
                from = common::point(&a.x),
                f_from = num(a.f),
                to = common::point(&b.x),
                f_to = num(b.f),
                k = b.iteration.to_string(),
                pd = if a.hessian_pd { "yes" } else { "no" }
            ));
        }
    }
    (!routine || s.len() > plain).then_some(s)
}

/// Where runs of start index `st` begin, as a point.
fn group_start(runs: &[RunData], st: usize) -> String {
    runs.iter()
        .find(|r| r.start == st)
        .and_then(|r| r.traj.iterates.first())
        .map_or_else(|| st.to_string(), |i| point(&i.x))
}

/// The fastest of `conv` (runs that found a minimum) and how many steps the others needed;
/// runs with identical iterates are said to be identical.
fn rank_runs(mut conv: Vec<&RunData>, lang: Lang) -> String {
    conv.sort_by_key(|r| r.traj.steps());
    let best = conv[0];
    // Runs with the fewest steps share the first place: a tie is said as one, and none of
    // them is "fastest" or appears again among the slower runs.
    let first = conv
        .iter()
        .take_while(|r| r.traj.steps() == best.traj.steps())
        .count();
    let steps = best.traj.steps();
    let mut s = if first == 1 {
        tr!(
            lang,
            "optimize-compare-fastest",
            label = &best.label,
            steps = steps
        )
    } else {
        let tied: Vec<String> = conv[..first].iter().map(|r| r.label.clone()).collect();
        let same = conv[1..first].iter().all(|r| {
            r.traj
                .iterates
                .iter()
                .zip(&best.traj.iterates)
                .all(|(a, b)| a.x == b.x)
        });
        tr!(
            lang,
            "optimize-compare-tie",
            count = first.to_string(),
            labels = tied.join(", "),
            steps = steps,
            identical = if same { "yes" } else { "no" }
        )
    };
    let others: Vec<String> = conv[first..]
        .iter()
        .map(|r| {
            tr!(
                lang,
                "optimize-compare-needed",
                label = &r.label,
                steps = r.traj.steps()
            )
        })
        .collect();
    if !others.is_empty() {
        s.push(' ');
        s.push_str(&tr!(
            lang,
            "optimize-compare-by-comparison",
            list = others.join("; ")
        ));
    }
    s
}

/// The comparison of the runs: which found a minimum in the fewest steps, which did not
/// converge, which converged elsewhere. Runs from different starts are not ranked against
/// each other: each start has its own finding, naming only its own runs (a start with a
/// single run says nothing here; its run's finding does).
fn compare_runs(runs: &[RunData], out: &mut Outcome, lang: Lang) {
    if runs.len() < 2 || !runs.iter().any(found_minimum) {
        return;
    }
    let mut starts: Vec<usize> = runs.iter().map(|r| r.start).collect();
    starts.sort_unstable();
    starts.dedup();
    for &st in &starts {
        let group: Vec<&RunData> = runs.iter().filter(|r| r.start == st).collect();
        if starts.len() > 1 && group.len() < 2 {
            continue;
        }
        let mut s = compare_group(&group, lang);
        if starts.len() > 1 {
            let at = group_start(runs, st);
            s = tr!(lang, "optimize-compare-from-start", start = at, text = s);
        }
        out.findings.push(s);
    }
}

/// One start's comparison (see [`compare_runs`]).
fn compare_group(group: &[&RunData], lang: Lang) -> String {
    // Only a run that found a minimum competes; one that reached a maximum or a saddle
    // met the tolerance but not the goal.
    let conv: Vec<&RunData> = group.iter().copied().filter(|r| found_minimum(r)).collect();
    let mut s = match conv.len() {
        0 => tr!(lang, "optimize-compare-none"),
        1 => tr!(
            lang,
            "optimize-compare-only",
            label = &conv[0].label,
            steps = conv[0].traj.steps()
        ),
        _ => rank_runs(conv, lang),
    };
    let unfinished: Vec<String> = group
        .iter()
        .filter(|r| r.traj.stop != Stop::Converged)
        .map(|r| format!("{} ({})", r.label, status_text(lang, r.status())))
        .collect();
    if !unfinished.is_empty() {
        s.push(' ');
        s.push_str(&tr!(
            lang,
            "optimize-compare-not-converged",
            list = unfinished.join(", ")
        ));
    }
    let elsewhere: Vec<String> = group
        .iter()
        .filter(|r| r.traj.stop == Stop::Converged && !found_minimum(r))
        .map(|r| {
            format!(
                "{} ({})",
                r.label,
                critical_kind(&r.traj.last().eigenvalues).text(lang)
            )
        })
        .collect();
    if !elsewhere.is_empty() {
        s.push(' ');
        s.push_str(&tr!(
            lang,
            "optimize-compare-not-minimum",
            list = elsewhere.join(", ")
        ));
    }
    s
}

/// The iteration of each run from which f(xₖ) − f* is exactly 0 in f64 to the end (the
/// figure's "reached 0": it got there and stayed), when the runs share one minimum. A gap
/// that flickers between 0 and a rounding unit has no such iteration.
fn gap_zero_at(runs: &[RunData], obj: &Objective) -> Vec<Option<usize>> {
    let f_best = f_reference(runs, obj);
    let one_minimum = distinct_minima(runs).len() <= 1;
    runs.iter()
        .map(|r| {
            let it = &r.traj.iterates;
            let stays = it.iter().rev().take_while(|i| i.f - f_best == 0.0).count();
            (one_minimum && stays > 0).then(|| it.len() - stays)
        })
        .collect()
}

/// A converged run whose f(xₖ) − f* rounds to 0 before ‖∇f‖ meets the tolerance has two
/// different "ends": the figure's and the run's. Say what each counts.
fn gap_zero_facts(
    runs: &[RunData],
    zero_gaps: &[Option<usize>],
    tol: f64,
    out: &mut Outcome,
    lang: Lang,
) {
    for (r, z) in runs.iter().zip(zero_gaps) {
        let Some(k) = *z else { continue };
        if r.traj.stop != Stop::Converged || k >= r.traj.steps() {
            continue;
        }
        out.findings.push(tr!(
            lang,
            "optimize-gap-zero-before-tol",
            label = &r.label,
            zero = k.to_string(),
            steps = r.traj.steps(),
            tol = num(tol),
            grad = num(r.traj.iterates[k].grad_norm)
        ));
    }
}

/// How a run's consecutive steps turn: of the `pairs` pairs of finite steps, how many point
/// back against the step before (cosine of their angle ≤ −10⁻⁶) and how many stand at a right
/// angle to it (|cosine| < 10⁻⁶, exact line search's signature on a quadratic).
struct Turns {
    turned: usize,
    perpendicular: usize,
    pairs: usize,
    /// Pairs within 1° of a right angle, and the largest departure from 90° (degrees) with
    /// the index of its pair (pair i: steps i and i + 1, counted from 0).
    within_degree: usize,
    worst: (f64, usize),
}

/// [`Turns`] of a run, `None` when it has fewer than two finite steps.
fn turns(r: &RunData) -> Option<Turns> {
    let steps: Vec<Vec<f64>> = r
        .traj
        .iterates
        .windows(2)
        .map(|w| w[1].x.iter().zip(&w[0].x).map(|(a, b)| a - b).collect())
        .filter(|d: &Vec<f64>| d.iter().all(|v| v.is_finite()))
        .collect();
    if steps.len() < 2 {
        return None;
    }
    let cosines: Vec<f64> = steps
        .windows(2)
        .map(|w| {
            let dot: f64 = w[0].iter().zip(&w[1]).map(|(a, b)| a * b).sum();
            let n0: f64 = w[0].iter().map(|a| a * a).sum::<f64>().sqrt();
            let n1: f64 = w[1].iter().map(|a| a * a).sum::<f64>().sqrt();
            dot / (n0 * n1)
        })
        .collect();
    let departure: Vec<f64> = cosines
        .iter()
        .map(|c| (c.clamp(-1.0, 1.0).acos().to_degrees() - 90.0).abs())
        .collect();
    let worst = departure
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map_or((0.0, 0), |(i, d)| (*d, i));
    Some(Turns {
        turned: cosines.iter().filter(|&&c| c <= -1e-6).count(),
        perpendicular: cosines.iter().filter(|c| c.abs() < 1e-6).count(),
        pairs: cosines.len(),
        within_degree: departure.iter().filter(|d| **d < 1.0).count(),
        worst,
    })
}

/// Curvature at the solution (condition number) and the zig-zag of first-order methods.
fn curvature_facts(runs: &[RunData], obj: &Objective, out: &mut Outcome, lang: Lang) {
    if obj.dim() < 2 {
        return;
    }
    let Some(best) = runs
        .iter()
        .filter(|r| r.traj.stop == Stop::Converged)
        .min_by(|a, b| a.traj.last().f.total_cmp(&b.traj.last().f))
    else {
        return;
    };
    let eig = &best.traj.last().eigenvalues;
    let (lmin, lmax) = (eig[0], eig[eig.len() - 1]);
    if lmin > 0.0 {
        // The bound 2/λmax holds where λmax is measured: at the start the curvature may be
        // steeper, and a fixed step must respect the steepest curvature on its path.
        let lmax0 = best
            .traj
            .iterates
            .first()
            .and_then(|i| i.eigenvalues.last().copied())
            .unwrap_or(f64::NAN);
        out.findings.push(tr!(
            lang,
            "optimize-condition-number",
            x = point(&best.traj.last().x),
            lmin = num(lmin),
            lmax = num(lmax),
            kappa = num(lmax / lmin),
            bound = num(2.0 / lmax),
            steeper_start = if lmax0 > 1.5 * lmax { "yes" } else { "no" },
            lmax0 = num(lmax0),
            bound0 = num(2.0 / lmax0),
        ));
    }
    for r in runs {
        let first_order =
            r.method.fixed_lr().is_some() || matches!(r.method, Method::ExactLineSearch);
        if !first_order || matches!(r.status(), "diverged" | "diverging") {
            continue;
        }
        let Some(Turns {
            turned,
            perpendicular,
            pairs,
            within_degree,
            worst,
        }) = turns(r)
        else {
            continue;
        };
        if pairs < 2 {
            continue;
        }
        let (count, total) = (perpendicular.to_string(), pairs.to_string());
        if perpendicular * 2 > pairs && obj.is_quadratic() {
            out.findings.push(tr!(
                lang,
                "optimize-right-angle-exact",
                label = &r.label,
                count = &count,
                pairs = &total
            ));
        } else if perpendicular * 2 > pairs {
            out.findings.push(tr!(
                lang,
                "optimize-right-angle-model",
                label = &r.label,
                count = &count,
                pairs = &total,
                close = within_degree.to_string(),
                worst = num(worst.0),
                first = worst.1.to_string(),
                second = (worst.1 + 1).to_string()
            ));
        } else if turned * 2 > pairs {
            out.findings.push(tr!(
                lang,
                "optimize-zigzag",
                label = &r.label,
                count = turned.to_string(),
                pairs = &total
            ));
        }
    }
}

fn runs_table(runs: &[RunData], lang: Lang) -> ReportTable {
    ReportTable {
        title: tr!(lang, "optimize-runs-title"),
        columns: vec![
            tr!(lang, "optimize-table-run"),
            tr!(lang, "optimize-runs-col-status"),
            tr!(lang, "optimize-runs-col-steps"),
            tr!(lang, "optimize-runs-col-final-x"),
            "f".into(),
            "‖∇f‖".into(),
        ],
        rows: runs
            .iter()
            .map(|r| {
                let l = r.traj.last();
                vec![
                    r.label.clone(),
                    status_text(lang, r.status()),
                    r.traj.steps().to_string(),
                    point(&l.x),
                    num(l.f),
                    num(l.grad_norm),
                ]
            })
            .collect(),
        note: String::new(),
    }
}

fn first_steps_table(runs: &[RunData], vars: &[String], lang: Lang) -> ReportTable {
    let mut rows = Vec::new();
    for r in runs {
        for i in r.traj.iterates.iter().take(4) {
            rows.push(vec![
                r.label.clone(),
                i.iteration.to_string(),
                point(&i.x),
                num(i.f),
                point(&i.grad),
                num(i.step_size),
                num(i.predicted_decrease),
                num(i.actual_decrease),
            ]);
        }
    }
    ReportTable {
        title: tr!(lang, "optimize-first-title"),
        columns: vec![
            tr!(lang, "optimize-table-run"),
            "k".into(),
            format!("xₖ = {}", common::var_tuple(vars)),
            "f(xₖ)".into(),
            "∇f(xₖ)".into(),
            tr!(lang, "optimize-first-col-step"),
            tr!(lang, "optimize-first-col-predicted"),
            tr!(lang, "optimize-first-col-actual"),
        ],
        rows,
        note: tr!(lang, "optimize-first-note"),
    }
}

fn lipschitz_facts(
    p: &Params,
    runs: &[RunData],
    lo: &[f64],
    hi: &[f64],
    out: &mut Outcome,
    results: &mut serde_json::Map<String, Value>,
    lang: Lang,
) {
    let obj = &p.objective;
    let per_axis = match obj.dim() {
        1 => 201,
        2 => 41,
        3 => 13,
        _ => 5,
    };
    let mut pts = grid_points(lo, hi, per_axis);
    pts.extend(p.starts.iter().cloned());
    let (l, at) = lipschitz_estimate(obj, &pts);
    let bound = 2.0 / l;
    results.insert(
        "lipschitz".into(),
        json!({ "L": l, "two_over_L": bound, "at": x_json(&at) }),
    );
    let region: Vec<String> = lo
        .iter()
        .zip(hi)
        .zip(obj.vars())
        .map(|((a, b), v)| format!("{} ≤ {v} ≤ {}", num(*a), num(*b)))
        .collect();
    // On a quadratic the Hessian is the same everywhere: no point attains L more than another.
    let key = if obj.is_quadratic() {
        "optimize-lipschitz-constant"
    } else {
        "optimize-lipschitz"
    };
    out.findings.push(tr!(
        lang,
        key,
        region = region.join(", "),
        l = num(l),
        at = point(&at),
        bound = num(bound)
    ));
    let mut rows = Vec::new();
    let mut bounds = Vec::new();
    let mut with_momentum = false;
    for r in runs {
        let Some((lr, run_bound, kind)) = stability_bound(r.method, l) else {
            continue;
        };
        with_momentum |= kind != "gd";
        bounds.push(json!({ "label": r.label, "lr": lr, "bound": run_bound, "rule": kind }));
        let predicted = if lr < run_bound {
            tr!(lang, "optimize-lipschitz-stable", bound = num(run_bound))
        } else if obj.is_quadratic() && kind == "gd" && lr > run_bound {
            // On a quadratic the bound is exact: past it the steepest direction's factor
            // |1 − lr·λmax| exceeds 1, and any start with a component there diverges.
            tr!(lang, "optimize-lipschitz-diverges", bound = num(run_bound))
        } else {
            tr!(
                lang,
                "optimize-lipschitz-may-diverge",
                bound = num(run_bound)
            )
        };
        let observed = match r.status() {
            "converged" => status_text(lang, "converged"),
            s @ ("diverged" | "diverging") => status_text(lang, s),
            s => {
                let rises = r
                    .traj
                    .iterates
                    .windows(2)
                    .filter(|w| w[1].f > w[0].f)
                    .count();
                if r.traj.last().f < r.traj.iterates[0].f && rises > 0 {
                    tr!(lang, "optimize-lipschitz-oscillating", rises = rises)
                } else if r.traj.last().f < r.traj.iterates[0].f {
                    tr!(lang, "optimize-lipschitz-decreasing")
                } else {
                    status_text(lang, s)
                }
            }
        };
        rows.push(vec![
            r.label.clone(),
            num(lr),
            num(lr * l),
            num(run_bound),
            predicted,
            observed,
            num(r.traj.last().f),
        ]);
    }
    if !rows.is_empty() {
        out.tables.push(ReportTable {
            title: tr!(lang, "optimize-lipschitz-title"),
            columns: vec![
                tr!(lang, "optimize-table-run"),
                "lr".into(),
                "lr·L".into(),
                tr!(lang, "optimize-lipschitz-col-bound"),
                tr!(lang, "optimize-lipschitz-col-theory"),
                tr!(lang, "optimize-lipschitz-col-observed"),
                tr!(lang, "optimize-lipschitz-col-final-f"),
            ],
            rows,
            note: tr!(
                lang,
                "optimize-lipschitz-note",
                l = num(l),
                bound = num(bound)
            ),
        });
    }
    if with_momentum {
        out.findings.push(tr!(lang, "optimize-lipschitz-momentum"));
    }
    if let Some(Value::Object(m)) = results.get_mut("lipschitz") {
        m.insert("runs".into(), Value::Array(bounds));
    }
}

/// A fixed-step method's learning rate and the largest stable one on a quadratic whose
/// largest curvature is `l` (with weight decay wd the curvature is l + wd): gradient descent
/// and plain SGD 2/l; heavy-ball momentum μ 2(1 + μ)/l (z² − (1 + μ − αλ)z + μ has its roots
/// inside the unit circle exactly for 0 < αλ < 2(1 + μ)); Nesterov 2(1 + μ)/((1 + 2μ)l)
/// (z² − (1 + μ)(1 − αλ)z + μ(1 − αλ): 0 < αλ < 2(1 + μ)/(1 + 2μ)); PyTorch's dampening d
/// scales the step by 1 − d. Returns (lr, bound, rule), the rule `gd`, `heavy_ball` or
/// `nesterov`.
fn stability_bound(method: &Method, l: f64) -> Option<(f64, f64, &'static str)> {
    let (lr, mu, nesterov, damp, wd) = match *method {
        Method::GradientDescent { lr } => (lr, 0.0, false, 0.0, 0.0),
        Method::Momentum {
            lr,
            momentum,
            nesterov,
        } => (lr, momentum, nesterov, 0.0, 0.0),
        Method::Optimizer(OptimizerSpec::Sgd {
            lr,
            momentum,
            dampening,
            nesterov,
            weight_decay,
        }) => (lr, momentum, nesterov, dampening, weight_decay),
        _ => return None,
    };
    let curvature = l + wd;
    let (h, rule) = if mu == 0.0 {
        (2.0, "gd")
    } else if nesterov {
        (2.0 * (1.0 + mu) / (1.0 + 2.0 * mu), "nesterov")
    } else {
        (2.0 * (1.0 + mu) / (1.0 - damp), "heavy_ball")
    };
    Some((lr, h / curvature, rule))
}

/// (ε, predicted decrease, actual decrease) along −g.
type Scan = Vec<(f64, f64, f64)>;

/// ε* and 1/λmax at the first start, and the scan of predicted vs actual decrease.
fn taylor_points(p: &Params) -> Option<(f64, f64, Scan)> {
    let obj = &p.objective;
    let x0 = &p.starts[0];
    let g = obj.gradient(x0);
    let h = obj.hessian(x0);
    let gg = g.dot(&g);
    let ghg = g.dot(&(&h * &g));
    let lmax = *sym_eigenvalues(&h).last()?;
    if gg == 0.0 || !gg.is_finite() {
        return None;
    }
    let eps_star = if ghg > 0.0 { gg / ghg } else { f64::NAN };
    let inv_lmax = if lmax > 0.0 { 1.0 / lmax } else { f64::NAN };
    let reach = [eps_star, inv_lmax]
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let reach = if reach > 0.0 {
        2.5 * reach
    } else {
        1.0 / gg.sqrt()
    };
    let steps = common::linspace(0.0, reach, 121);
    Some((eps_star, inv_lmax, taylor_scan(obj, x0, &steps)))
}

fn taylor_facts(
    p: &Params,
    out: &mut Outcome,
    results: &mut serde_json::Map<String, Value>,
    lang: Lang,
) {
    let Some((eps_star, inv_lmax, scan)) = taylor_points(p) else {
        out.findings.push(tr!(lang, "optimize-taylor-no-gradient"));
        return;
    };
    let obj = &p.objective;
    let x0 = &p.starts[0];
    let at = |eps: f64| {
        let s = taylor_scan(obj, x0, &[eps]);
        (s[0].1, s[0].2)
    };
    let mut facts = json!({ "eps_star": eps_star, "inv_lambda_max": inv_lmax });
    if eps_star.is_finite() {
        let (pred, act) = at(eps_star);
        let (pred2, act2) = at(2.0 * eps_star);
        facts["predicted_at_eps_star"] = json!(pred);
        facts["actual_at_eps_star"] = json!(act);
        facts["predicted_at_2eps_star"] = json!(pred2);
        facts["actual_at_2eps_star"] = json!(act2);
        let exact = obj.is_quadratic();
        let mut s = tr!(
            lang,
            "optimize-taylor",
            x0 = point(x0),
            eps = num(eps_star),
            pred = num(pred),
            act = num(act),
            pred2 = num(pred2),
            act2 = num(act2)
        );
        s.push(' ');
        s.push_str(&if exact {
            tr!(lang, "optimize-taylor-exact")
        } else {
            tr!(lang, "optimize-taylor-inexact")
        });
        out.findings.push(s);
    } else {
        out.findings
            .push(tr!(lang, "optimize-taylor-no-curvature", x0 = point(x0)));
    }
    if inv_lmax.is_finite() {
        out.findings.push(tr!(
            lang,
            "optimize-taylor-worst-case",
            lmax = num(1.0 / inv_lmax),
            step = num(inv_lmax)
        ));
    }
    results.insert("taylor".into(), facts);
    out.extra_tables.push((
        "taylor".into(),
        Table::new()
            .with("epsilon", Values::F64(scan.iter().map(|s| s.0).collect()))
            .with(
                "predicted_decrease",
                Values::F64(scan.iter().map(|s| s.1).collect()),
            )
            .with(
                "actual_decrease",
                Values::F64(scan.iter().map(|s| s.2).collect()),
            ),
    ));
}

fn taylor_figure(p: &Params, _out: &mut Outcome, lang: Lang) -> Option<Figure> {
    let (eps_star, inv_lmax, scan) = taylor_points(p)?;
    let obj = &p.objective;
    let g = obj.gradient(&p.starts[0]);
    let gg = g.dot(&g);
    let mut vlines = Vec::new();
    if eps_star.is_finite() {
        vlines.push((format!("ε* = {}", num(eps_star)), eps_star));
    }
    if inv_lmax.is_finite() && (inv_lmax - eps_star).abs() > 1e-9 * inv_lmax {
        vlines.push((format!("1/λmax = {}", num(inv_lmax)), inv_lmax));
    }
    let top = scan
        .iter()
        .map(|s| s.1.abs().max(s.2.abs()))
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    Some(Figure::Curves {
        axes: Axes {
            title: tr!(
                lang,
                "optimize-fig-taylor-title",
                point = point(&p.starts[0])
            ),
            x_label: tr!(lang, "optimize-axis-step-size"),
            y_label: "f(x₀) − f(x₀ − εg)".into(),
            log_x: false,
            log_y: false,
            y_floor: None,
        },
        curves: vec![
            Curve {
                name: tr!(lang, "optimize-curve-actual"),
                points: scan.iter().map(|s| (s.0, s.2)).collect(),
                dashed: false,
                scatter: false,
                color: None,
                marker: None,
            },
            Curve {
                name: tr!(lang, "optimize-curve-taylor"),
                points: scan.iter().map(|s| (s.0, s.1)).collect(),
                dashed: true,
                scatter: false,
                color: None,
                marker: None,
            },
            Curve {
                name: tr!(lang, "optimize-curve-first-order"),
                points: scan
                    .iter()
                    .map(|s| (s.0, s.0 * gg))
                    .filter(|q| q.1 <= 1.2 * top)
                    .collect(),
                dashed: true,
                scatter: false,
                color: None,
                marker: None,
            },
        ],
        vlines,
    })
}

fn headline(runs: &[RunData], lang: Lang) -> Vec<(String, String)> {
    runs.iter()
        .map(|r| {
            (
                r.label.clone(),
                tr!(
                    lang,
                    "optimize-headline",
                    status = status_text(lang, r.status()),
                    steps = r.traj.steps(),
                    f = num(r.traj.last().f)
                ),
            )
        })
        .collect()
}

/// The columns of `metrics.csv` for this kind, documented in the report and the README.
pub const COLUMNS: &[(&str, &str)] = &[
    (
        "run",
        "method label (with the start point when there are several)",
    ),
    (
        "method",
        "gd, exact_line_search (taylor_step where f is not quadratic), backtracking, newton, momentum, or the optimizer's name (sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw, adamax, nadam)",
    ),
    ("start", "index of the start point"),
    ("iteration", "k, 0 at the start point"),
    (
        "<variable>",
        "one column per variable: the coordinates of xₖ",
    ),
    ("f", "f(xₖ); inf/NaN once a run diverges"),
    (
        "f_gap",
        "f(xₖ) − f*, where f* is the smallest finite f of any run of the trial, refined by Newton's method from that point when it converges there to a minimum",
    ),
    ("grad_norm", "‖∇f(xₖ)‖₂"),
    (
        "step_size",
        "ε of the step taken from xₖ (lr, line-search step, 1 for Newton); NaN on the last row",
    ),
    ("step_norm", "‖xₖ₊₁ − xₖ‖₂"),
    (
        "predicted_decrease",
        "−(gᵀd + ½dᵀHd): the decrease the second-order Taylor model predicts for step d",
    ),
    ("actual_decrease", "f(xₖ) − f(xₖ₊₁)"),
    (
        "hess_eig_i",
        "eigenvalues of ∇²f(xₖ), ascending (i = 1…n; for 1-D, f'')",
    ),
    ("hessian_pd", "whether ∇²f(xₖ) is positive definite"),
    (
        "status",
        "how the run ended: converged, max_iterations, diverging, diverged or failed",
    ),
];

/// The `optimize` kind (see the module's documentation).
pub struct OptimizeKind;

/// Every method from every start (labelled by its start when there are several).
fn run_all<'a>(p: &'a Params, lang: Lang) -> Vec<RunData<'a>> {
    let mut runs = Vec::new();
    for (si, s) in p.starts.iter().enumerate() {
        for (m, label) in &p.methods {
            let label = if p.starts.len() > 1 {
                tr!(lang, "optimize-label-from", label = label, start = point(s))
            } else {
                label.clone()
            };
            runs.push(RunData {
                label,
                method: m,
                start: si,
                traj: minimize(&p.objective, s, m, p.max_iter, p.tol),
                quadratic: p.objective.is_quadratic(),
            });
        }
    }
    runs
}

/// The region shown in plots and sampled for L: given, or around the starts and the
/// iterates of runs that did not diverge.
fn plot_region(p: &Params, runs: &[RunData]) -> (Vec<f64>, Vec<f64>) {
    if let Some(r) = &p.region {
        return r.clone();
    }
    let scale = p
        .starts
        .iter()
        .flatten()
        .fold(1.0f64, |m, v| m.max(v.abs()))
        * 3.0;
    let pts: Vec<Vec<f64>> = runs
        .iter()
        .filter(|r| r.traj.stop != Stop::Diverged)
        .flat_map(|r| r.traj.iterates.iter().map(|i| i.x.clone()))
        .filter(|x| x.iter().all(|v| v.abs() <= scale))
        .chain(p.starts.iter().cloned())
        .collect();
    common::box_around(&pts, p.objective.dim())
}

/// f(xₖ) − f* and ‖∇f(xₖ)‖ by iteration. Runs that found different minima have no common
/// f*: a "distance to the minimum" would measure each against a minimum it never went for,
/// so that one is said, not drawn.
fn progress_figures(runs: &[RunData], trial: usize, out: &mut Outcome, lang: Lang) {
    let by = |y: &str| FromTable {
        x: "iteration".into(),
        y: y.into(),
        group: "series".into(),
        trial: Some(trial as i64),
        filter: vec![],
        table: None,
    };
    let minima = distinct_minima(runs);
    if minima.len() > 1 {
        out.findings.push(tr!(
            lang,
            "optimize-minima-differ",
            count = minima.len().to_string(),
            values = minima
                .iter()
                .map(|f| num(*f))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    } else {
        out.figures.push((
            "f_gap".into(),
            Figure::Lines {
                axes: Axes {
                    title: tr!(lang, "optimize-fig-f-gap-title"),
                    x_label: tr!(lang, "optimize-axis-iteration"),
                    y_label: "f(xₖ) − f*".into(),
                    log_x: false,
                    log_y: true,
                    y_floor: None,
                },
                data: by("f_gap"),
            },
        ));
    }
    out.figures.push((
        "grad_norm".into(),
        Figure::Lines {
            axes: Axes {
                title: tr!(lang, "optimize-fig-grad-norm-title"),
                x_label: tr!(lang, "optimize-axis-iteration"),
                y_label: "‖∇f(xₖ)‖".into(),
                log_x: false,
                log_y: true,
                y_floor: None,
            },
            data: by("grad_norm"),
        },
    ));
}

/// The objective over the plot region with every run's path: a curve in 1-D, contours in
/// 2-D (with the verified minimum marked); none in more dimensions.
fn landscape_figure(
    p: &Params,
    runs: &[RunData],
    (lo, hi): (&[f64], &[f64]),
    trial: usize,
    lang: Lang,
) -> Option<(String, Figure)> {
    let obj = &p.objective;
    let vars = obj.vars();
    let paths = |y: &str| {
        Some(FromTable {
            x: vars[0].clone(),
            y: y.into(),
            group: "series".into(),
            trial: Some(trial as i64),
            filter: vec![],
            table: None,
        })
    };
    match obj.dim() {
        1 => {
            let xs = common::linspace(lo[0], hi[0], 400);
            let fs = xs.iter().map(|&x| obj.value(&[x])).collect();
            Some((
                "path".into(),
                Figure::Function1D {
                    axes: Axes {
                        title: tr!(
                            lang,
                            "optimize-fig-path-title",
                            var = &vars[0],
                            objective = obj.text()
                        ),
                        x_label: vars[0].clone(),
                        y_label: format!("f({})", vars[0]),
                        log_x: false,
                        log_y: false,
                        y_floor: None,
                    },
                    xs,
                    fs,
                    paths: paths("f"),
                    points: Vec::new(),
                },
            ))
        }
        2 => {
            let (xs, ys, z) = common::surface(obj, lo, hi, 90);
            Some((
                "contour".into(),
                Figure::Contour {
                    axes: Axes {
                        title: tr!(lang, "optimize-fig-contour-title", objective = obj.text()),
                        x_label: vars[0].clone(),
                        y_label: vars[1].clone(),
                        log_x: false,
                        log_y: false,
                        y_floor: None,
                    },
                    xs,
                    ys,
                    z,
                    paths: paths(&vars[1]),
                    // The minimum the paths aim for, where one was verified: how far short
                    // each path stops is then visible.
                    points: reference_point(runs, obj)
                        .filter(|(_, _, verified)| *verified)
                        .map(|(_, x, _)| {
                            // Coordinates within 1e-9 of the plotted span from 0 are 0: the
                            // refinement's rounding noise (−4.3e-19) is not a location.
                            let span = (hi[0] - lo[0]).abs().max((hi[1] - lo[1]).abs());
                            x.iter()
                                .map(|&v| if v.abs() < 1e-9 * span { 0.0 } else { v })
                                .collect::<Vec<f64>>()
                        })
                        .map(|x| Marked {
                            label: tr!(lang, "optimize-minimum-marker", point = point(&x)),
                            at: (x[0], x[1]),
                            arrows: vec![],
                            class: None,
                        })
                        .into_iter()
                        .collect(),
                    boundary: None,
                },
            ))
        }
        _ => None,
    }
}

/// Declared variable names are identifiers, and none is a data column's name.
fn check_variable_names(
    vars: Option<&[String]>,
    vars_path: &str,
    at: &Located,
) -> Result<(), SpecErrors> {
    for (i, v) in vars.unwrap_or_default().iter().enumerate() {
        let ok = v
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
            && v.chars().all(|c| c.is_alphanumeric() || c == '_');
        if !ok || RESERVED.contains(&v.as_str()) || v.starts_with("hess_eig_") {
            return Err(at
                .at_value(
                    &format!("{vars_path}[{i}]"),
                    format!("`{v}` cannot be a variable name"),
                )
                .expected(format!(
                    "a name such as x, y, w1 (not one of the data columns: {})",
                    RESERVED.join(", ")
                ))
                .into());
        }
    }
    Ok(())
}

/// `start` or `starts` (one of them, 1 to `MAX_STARTS` points), each with its path.
fn start_points(
    start: Option<Point>,
    starts: Option<Vec<Point>>,
    base: &str,
    at: &Located,
) -> Result<Vec<(Point, String)>, SpecErrors> {
    let p = |k: &str| join(base, k);
    let points: Vec<(Point, String)> = match (start, starts) {
        (Some(s), None) => vec![(s, p("start"))],
        (None, Some(list)) => list
            .into_iter()
            .enumerate()
            .map(|(i, s)| (s, format!("{}[{i}]", p("starts"))))
            .collect(),
        (Some(_), Some(_)) => {
            return Err(at
                .at_key(&p("starts"), "both `start` and `starts` are given")
                .expected("one of them: `start: [x0, y0]` or `starts: [[…], […]]`")
                .into())
        }
        (None, None) => {
            return Err(at
                .at_value(base, "no start point")
                .expected("`start: [x0, y0]` (one point) or `starts: [[…], […]]`")
                .into())
        }
    };
    if points.is_empty() || points.len() > MAX_STARTS {
        return Err(at
            .at_value(&p("starts"), format!("{} start points", points.len()))
            .expected(format!("between 1 and {MAX_STARTS} start points"))
            .into());
    }
    Ok(points)
}

/// Every method checked and labelled (at least one; labels distinct). The exact line
/// search's gᵀg/gᵀHg is exact only where f is quadratic; elsewhere it is the quadratic
/// model's step, and its default label says so.
fn check_methods(
    raw: &[MethodSpec],
    objective: &Objective,
    path: &str,
    at: &Located,
    errors: &mut Vec<SpecError>,
) -> Vec<(Method, String)> {
    if raw.is_empty() {
        errors.push(
            at.at_value(path, "no methods")
                .expected("at least one method, for example `- method: newton`"),
        );
    }
    let mut methods: Vec<(Method, String)> = Vec::new();
    for (i, m) in raw.iter().enumerate() {
        let path = format!("{path}[{i}]");
        match check_method(m, &path, at) {
            Ok(method) => {
                let default = match method {
                    Method::ExactLineSearch if !objective.is_quadratic() => {
                        "model step gᵀg/gᵀHg".to_string()
                    }
                    _ => method.label(),
                };
                let label = m.label.clone().unwrap_or(default);
                if methods.iter().any(|(_, l)| *l == label) {
                    errors.push(
                        at.at_value(&path, format!("two methods have the label `{label}`"))
                            .expected("distinct methods, or a `label:` to tell them apart"),
                    );
                }
                methods.push((method, label));
            }
            Err(e) => errors.push(e),
        }
    }
    methods
}

impl super::Kind for OptimizeKind {
    type Params = Params;
    type Spec = Raw;
    const ID: &'static str = "optimize";
    const CHAPTER: super::Chapter = super::Chapter::Optimization;
    const SUMMARY: &'static str =
        "Minimize an expression with gradient descent, line search, momentum or \
                  Newton's method; per-iteration f, ‖∇f‖, steps, Hessian eigenvalues, Taylor \
                  and Lipschitz analysis.";
    const EXAMPLE: &'static str = "params:\n  objective: \"x^4 + 0.8*y^4 + 4*x^2 + 2*y^2 - x*y - 0.2*x^2*y\"\n  start: [4, 4]\n  methods:\n    - method: newton\n    - method: gd\n      lr: 0.005\n";
    const STARTER: &'static str = include_str!("../../templates/new/optimize.yaml");
    const COLUMNS: &'static [(&'static str, &'static str)] = COLUMNS;

    fn check(node: &Node, base: &str, at: &Located) -> Result<Params, SpecErrors> {
        let (raw, range_errors) = common::params::<Raw>(node, base, at)?;
        let p = |k: &str| join(base, k);
        let vars_path = p("variables");
        check_variable_names(raw.variables.as_deref(), &vars_path, at)?;
        let objective = common::objective(
            &raw.objective,
            raw.variables.as_deref(),
            &p("objective"),
            &vars_path,
            at,
        )?;
        let vars = objective.vars().to_vec();
        if let Some(v) = vars.iter().find(|v| RESERVED.contains(&v.as_str())) {
            return Err(at
                .at_value(
                    &p("objective"),
                    format!("the variable `{v}` clashes with a data column of the same name"),
                )
                .expected("other variable names (rename it, for example to `x1`)")
                .into());
        }
        if vars.len() > MAX_DIM {
            return Err(at
                .at_value(&p("objective"), format!("{} variables", vars.len()))
                .expected(format!("at most {MAX_DIM} variables"))
                .into());
        }
        let dim = vars.len();
        let starts = start_points(raw.start, raw.starts, base, at)?;
        let mut errors = range_errors;
        for (s, path) in &starts {
            if let Err(e) = common::check_point(s, dim, path, at, &vars) {
                errors.push(e);
            }
        }
        let methods = check_methods(&raw.methods, &objective, &p("methods"), at, &mut errors);
        if raw.max_iter == 0 || raw.max_iter > MAX_ITER_LIMIT {
            errors.push(
                at.at_value(&p("max_iter"), format!("`max_iter` is {}", raw.max_iter))
                    .expected(format!("between 1 and {MAX_ITER_LIMIT}")),
            );
        }
        if !(raw.tol.is_finite() && raw.tol >= 0.0) {
            errors.push(
                at.at_value(&p("tol"), format!("`tol` is {}", raw.tol))
                    .expected("a finite number ≥ 0 (the gradient-norm tolerance)"),
            );
        }
        let region = match &raw.region {
            Some(b) => match common::check_box(b, dim, &p("region"), at, &vars) {
                Ok(()) => Some((b.lo.0.clone(), b.hi.0.clone())),
                Err(e) => {
                    errors.push(e);
                    None
                }
            },
            None => None,
        };
        if !errors.is_empty() {
            return Err(SpecErrors(errors));
        }
        for (i, &m) in raw.momentum_weights.iter().enumerate() {
            if !(m > 0.0 && m < 1.0) {
                return Err(at
                    .at_value(
                        &format!("{}[{i}]", join(base, "momentum_weights")),
                        format!("μ = {m}"),
                    )
                    .expected("momentum factors between 0 and 1, such as [0.5, 0.9, 0.99]")
                    .into());
            }
        }
        Ok(Params {
            objective,
            starts: starts.into_iter().map(|(s, _)| s.0).collect(),
            methods,
            max_iter: raw.max_iter,
            tol: raw.tol,
            taylor: raw.taylor,
            lipschitz: raw.lipschitz,
            rates: raw.rates,
            momentum_weights: raw.momentum_weights,
            region,
        })
    }

    /// Runs every method from every start, then says what each run reached and compares
    /// them (with the optional Lipschitz, Taylor, rate and momentum-weight sections), and
    /// draws the progress and the landscape with the paths.
    fn run(p: &Params, trial: usize, _seed: u64, lang: Lang) -> Result<Outcome, String> {
        let obj = &p.objective;
        let vars = obj.vars();
        let runs = run_all(p, lang);
        let mut out = Outcome {
            metrics: metrics(&runs, vars, obj),
            ..Outcome::default()
        };
        let (lo, hi) = plot_region(p, &runs);
        let mut results = serde_json::Map::new();
        results.insert("objective".into(), json!(obj.text()));
        results.insert("variables".into(), json!(vars));
        let zero_gaps = gap_zero_at(&runs, obj);
        results.insert(
            "runs".into(),
            Value::Array(
                runs.iter()
                    .zip(&zero_gaps)
                    .map(|(r, z)| {
                        let mut j = run_json(r);
                        j["gap_zero_at"] = json!(z);
                        j
                    })
                    .collect(),
            ),
        );
        for r in &runs {
            results
                .entry(r.method_name())
                .or_insert_with(|| run_json(r));
        }
        start_facts(p, &mut out, &mut results, lang);
        // Where each run ended is the overview table; a sentence of its own only for a run
        // whose ending needs explaining (diverged, stalled, a maximum, a cycle, …).
        out.findings.extend(
            runs.iter()
                .filter_map(|r| describe_run(r, p.tol, vars, lang)),
        );
        compare_runs(&runs, &mut out, lang);
        gap_zero_facts(&runs, &zero_gaps, p.tol, &mut out, lang);
        curvature_facts(&runs, obj, &mut out, lang);
        out.overview = Some(runs_table(&runs, lang));
        out.tables.push(first_steps_table(&runs, vars, lang));
        if p.lipschitz {
            lipschitz_facts(p, &runs, &lo, &hi, &mut out, &mut results, lang);
        }
        if p.taylor {
            taylor_facts(p, &mut out, &mut results, lang);
        }
        if p.rates {
            rate_facts(&runs, &mut out, &mut results, lang);
        }
        if !p.momentum_weights.is_empty() {
            momentum_weights(&p.momentum_weights, &mut out, &mut results, lang);
        }
        out.headline = headline(&runs, lang);
        out.results = Value::Object(results);
        progress_figures(&runs, trial, &mut out, lang);
        // The lead figure carries the message: where a run met the tolerance at a maximum or
        // a saddle, ‖∇f‖ alone makes it look like a success, and only the landscape shows
        // where it ended; a Taylor experiment is about its model of f.
        let wrong_point = runs
            .iter()
            .any(|r| r.traj.stop == Stop::Converged && !found_minimum(r));
        if let Some(fig) = landscape_figure(p, &runs, (&lo, &hi), trial, lang) {
            if wrong_point {
                out.figures.insert(0, fig);
            } else {
                out.figures.push(fig);
            }
        }
        if p.taylor {
            if let Some(fig) = taylor_figure(p, &mut out, lang) {
                out.figures.insert(0, ("taylor".into(), fig));
            }
        }
        Ok(out)
    }

    /// Peak memory of the run, estimated from its parameters: every iteration of every method
    /// from every start is kept (trajectory, metrics rows, CSV text), about 400 bytes each.
    fn memory(p: &Params) -> (u64, &'static str) {
        let runs = (p.starts.len() * p.methods.len()) as u64;
        let per_iteration = 400 + 16 * p.objective.dim() as u64;
        (runs * (p.max_iter as u64 + 1) * per_iteration, "max_iter")
    }
}

/// The linear rate the theory gives a run at the Hessian's eigenvalues λ of its last point
/// (for a quadratic, the same everywhere): gradient descent contracts each eigendirection by
/// |1 − αλ|; heavy-ball momentum (PyTorch's SGD form, v ← μv + g, x ← x − αv, the same
/// iterates as xₖ₊₁ = xₖ − α∇f + μ(xₖ − xₖ₋₁)) by the spectral radius of
/// [[1 + μ − αλ, −μ], [1, 0]] (Polyak 1964). Other methods have no fixed-step rate here.
pub fn theory_rate(method: &Method, eigenvalues: &[f64]) -> Option<f64> {
    let worst = |f: &dyn Fn(f64) -> f64| eigenvalues.iter().map(|&l| f(l)).fold(0.0, f64::max);
    match *method {
        Method::GradientDescent { lr } => Some(worst(&|l| (1.0 - lr * l).abs())),
        Method::Momentum {
            lr,
            momentum: mu,
            nesterov: false,
        } => Some(worst(&|l| {
            // z² − (1 + μ − αλ)z + μ = 0
            let b = 1.0 + mu - lr * l;
            let disc = b * b - 4.0 * mu;
            if disc < 0.0 {
                mu.sqrt()
            } else {
                ((b.abs() + disc.sqrt()) / 2.0).max(0.0)
            }
        })),
        _ => None,
    }
}

/// Whether heavy-ball momentum's two roots coincide (a zero discriminant, within rounding) at
/// the eigenvalue that sets its rate: then the error falls like k·rᵏ, not rᵏ, so the factor
/// measured between iterations j and k is r·(k/j)^{1/(k−j)}, a little above r.
fn repeated_root(method: &Method, eigenvalues: &[f64]) -> bool {
    let Method::Momentum {
        lr,
        momentum: mu,
        nesterov: false,
    } = *method
    else {
        return false;
    };
    let Some(rate) = theory_rate(method, eigenvalues) else {
        return false;
    };
    eigenvalues.iter().any(|&l| {
        let b = 1.0 + mu - lr * l;
        let disc = b * b - 4.0 * mu;
        disc.abs() <= 1e-9 * (b * b).max(1e-300) && (b.abs() / 2.0 - rate).abs() <= 1e-6 * rate
    })
}

/// A run's measured linear rate: the contraction of ‖∇f‖ per step over the second half of its
/// iterations (past the start's transient), `None` when it has too few. A monotone run's rate
/// is the mean over that half; a run whose ‖∇f‖ oscillates (momentum's complex roots) is
/// measured on its envelope: a least-squares line through ln ‖∇f‖ at its local peaks, since
/// the two end points alone can sit anywhere in the oscillation.
fn measured_rate(traj: &Trajectory) -> Option<(usize, f64, usize)> {
    let it = &traj.iterates;
    let k = it.len().checked_sub(1)?;
    let j = k / 2;
    let (a, b) = (it[j].grad_norm, it[k].grad_norm);
    if !(k - j >= 4 && a > 0.0 && b > 0.0 && a.is_finite() && b.is_finite()) {
        return None;
    }
    let g: Vec<f64> = it[j..=k].iter().map(|i| i.grad_norm).collect();
    let peaks: Vec<(f64, f64)> = (1..g.len() - 1)
        .filter(|&i| g[i] > g[i - 1] && g[i] >= g[i + 1] && g[i] > 0.0)
        .map(|i| (i as f64, g[i].ln()))
        .collect();
    if peaks.len() >= 3 {
        let n = peaks.len() as f64;
        let (mx, my) = (
            peaks.iter().map(|p| p.0).sum::<f64>() / n,
            peaks.iter().map(|p| p.1).sum::<f64>() / n,
        );
        let sxy: f64 = peaks.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
        let sxx: f64 = peaks.iter().map(|p| (p.0 - mx) * (p.0 - mx)).sum();
        return (sxx > 0.0).then(|| (j, (sxy / sxx).exp(), peaks.len()));
    }
    Some((j, (b / a).powf(1.0 / (k - j) as f64), 0))
}

/// Measured rates against the theory's, the condition number's two reference rates, and a
/// figure of ‖∇f‖ with each theory's line beside it.
fn rate_facts(
    runs: &[RunData],
    out: &mut Outcome,
    results: &mut serde_json::Map<String, Value>,
    lang: Lang,
) {
    let Some(eig) = runs
        .iter()
        .find(|r| r.traj.stop != Stop::Diverged)
        .map(|r| r.traj.last().eigenvalues.clone())
    else {
        return;
    };
    let (lo, hi) = (
        eig.first().copied().unwrap_or(f64::NAN),
        eig.last().copied().unwrap_or(f64::NAN),
    );
    let kappa = hi / lo;
    let gd_best = (kappa - 1.0) / (kappa + 1.0);
    let hb_best = (kappa.sqrt() - 1.0) / (kappa.sqrt() + 1.0);
    // Steps to shrink the error a millionfold at a rate r: ln(10⁶) / −ln r.
    let steps = |r: f64| (1e6f64.ln() / -r.ln()).ceil();
    let mut by = serde_json::Map::new();
    let mut curves = Vec::new();
    for (i, r) in runs.iter().enumerate() {
        let theory = theory_rate(r.method, &eig);
        let measured = measured_rate(&r.traj);
        by.entry(r.method_name()).or_insert_with(
            || json!({"label": r.label, "measured": measured.map(|m| m.1), "theory": theory, "peaks": measured.map(|m| m.2),
                "measured_steps": measured.map(|m| steps(m.1)), "theory_steps": theory.map(steps)}),
        );
        let pts: Vec<(f64, f64)> = r
            .traj
            .iterates
            .iter()
            .map(|x| (x.iteration as f64, x.grad_norm))
            .collect();
        curves.push(Curve::line(&r.label, pts).color(i));
        if let (Some(t), Some((j, m, peaks))) = (theory, measured) {
            out.findings.push(if peaks > 0 {
                tr!(
                    lang,
                    "optimize-rate-envelope",
                    label = &r.label,
                    peaks = peaks.to_string(),
                    measured = num(m),
                    theory = num(t),
                    steps = num(steps(m))
                )
            } else {
                let mut s = tr!(
                    lang,
                    "optimize-rate",
                    label = &r.label,
                    measured = num(m),
                    theory = num(t),
                    steps = num(steps(m))
                );
                let k = r.traj.steps();
                if repeated_root(r.method, &r.traj.last().eigenvalues) && j > 0 && k > j {
                    let window = t * (k as f64 / j as f64).powf(1.0 / (k - j) as f64);
                    s.push(' ');
                    s.push_str(&tr!(
                        lang,
                        "optimize-rate-repeated-root",
                        j = j.to_string(),
                        k = k.to_string(),
                        window = num(window),
                        measured = num(m)
                    ));
                }
                s
            });
            curves.push(theory_line(r, j, t, i, lang));
        }
    }
    out.findings.push(tr!(
        lang,
        "optimize-rate-kappa",
        kappa = num(kappa),
        root = num(kappa.sqrt()),
        gd = num(gd_best),
        hb = num(hb_best),
        gd_steps = num(steps(gd_best)),
        hb_steps = num(steps(hb_best))
    ));
    results.insert(
        "rates".into(),
        json!({
            "kappa": kappa,
            "gd_best": gd_best,
            "momentum_best": hb_best,
            "gd_best_steps": steps(gd_best),
            "momentum_best_steps": steps(hb_best),
            "by_method": Value::Object(by),
        }),
    );
    out.figures.push((
        "rates".into(),
        Figure::Curves {
            axes: Axes {
                title: tr!(lang, "optimize-fig-rates-title"),
                x_label: tr!(lang, "optimize-axis-iteration"),
                y_label: "‖∇f(xₖ)‖".into(),
                log_x: false,
                log_y: true,
                y_floor: None,
            },
            curves,
            vlines: vec![],
        },
    ));
}

/// The theory's rate `t` as a dashed line through the run's gradient norm at iterate `j`,
/// where the measurement starts, to the run's last step.
fn theory_line(r: &RunData, j: usize, t: f64, color: usize, lang: Lang) -> Curve {
    let g0 = r.traj.iterates[j].grad_norm;
    let line: Vec<(f64, f64)> = (j..=r.traj.steps())
        .map(|k| (k as f64, g0 * t.powi((k - j) as i32)))
        .collect();
    Curve::line(
        tr!(
            lang,
            "optimize-rate-theory",
            label = &r.label,
            rate = num(t)
        ),
        line,
    )
    .color(color)
    .dashed()
}

/// The weight μᵏ momentum gives the gradient of k steps ago, for each μ: the velocity is
/// v = Σ μᵏ g₋ₖ, whose weights sum to 1/(1 − μ).
/// The largest k with μᵏ ≥ 0.1 (0 for μ < 0.1): counted, so that a power landing on 0.1
/// exactly (μ = 0.1, k = 1) is not lost to the rounding of a logarithm.
fn last_tenth(mu: f64) -> usize {
    let mut k = 0;
    let mut w = 1.0;
    while k < 100_000 && w * mu >= 0.1 {
        w *= mu;
        k += 1;
    }
    k
}

fn momentum_weights(
    mus: &[f64],
    out: &mut Outcome,
    results: &mut serde_json::Map<String, Value>,
    lang: Lang,
) {
    // Out to where the second-largest μ's weights fall below 1 % (the largest one's, when
    // there is one μ), at most 500 steps: a μ near 1 would flatten the others into the axis;
    // its curve leaves the frame still high, and the findings say how far back it reaches.
    let mut sorted = mus.to_vec();
    sorted.sort_by(f64::total_cmp);
    let shown = sorted[sorted.len().saturating_sub(2)];
    let k_max = ((0.01f64.ln() / shown.ln()).ceil() as usize).clamp(10, 500);
    let mut curves = Vec::new();
    let mut table = Vec::new();
    for (i, &mu) in mus.iter().enumerate() {
        let pts: Vec<(f64, f64)> = (0..=k_max).map(|k| (k as f64, mu.powi(k as i32))).collect();
        curves.push(Curve::line(format!("μ = {}", num(mu)), pts).color(i));
        // The last k whose weight is still at least 0.1: how far back a gradient counts.
        let tenth = last_tenth(mu) as f64;
        out.findings.push(tr!(
            lang,
            "optimize-momentum-weights",
            mu = num(mu),
            memory = num(1.0 / (1.0 - mu)),
            tenth = num(tenth)
        ));
        table.push(json!({"mu": mu, "memory": 1.0 / (1.0 - mu), "tenth": tenth}));
    }
    results.insert("momentum_weights".into(), Value::Array(table));
    out.figures.push((
        "momentum_weights".into(),
        Figure::Curves {
            axes: Axes {
                title: tr!(lang, "optimize-fig-momentum-weights-title"),
                x_label: tr!(lang, "optimize-axis-steps-ago"),
                y_label: tr!(lang, "optimize-axis-weight"),
                log_x: false,
                log_y: false,
                y_floor: None,
            },
            curves,
            vlines: vec![],
        },
    ));
}

#[cfg(test)]
mod rate_tests {
    use super::*;

    #[test]
    fn a_gradient_counts_a_tenth_or_more_up_to_the_last_such_power() {
        // 0.5³ = 0.125 ≥ 0.1 > 0.5⁴ = 0.0625.
        assert_eq!(last_tenth(0.5), 3);
        assert_eq!(last_tenth(0.1), 1);
        assert_eq!(last_tenth(0.05), 0);
        // 0.9²¹ = 0.109 ≥ 0.1 > 0.9²² = 0.098; 0.99²²⁹ = 0.1001 ≥ 0.1 > 0.99²³⁰.
        assert_eq!(last_tenth(0.9), 21);
        assert_eq!(last_tenth(0.99), 229);
    }

    #[test]
    fn theory_rates_match_their_closed_forms() {
        // κ = 100: the best fixed step gives (κ−1)/(κ+1); the best heavy ball (√κ−1)/(√κ+1).
        let eig = [1.0, 100.0];
        let gd = theory_rate(&Method::GradientDescent { lr: 2.0 / 101.0 }, &eig).unwrap();
        assert!((gd - 99.0 / 101.0).abs() < 1e-15);
        let hb = Method::Momentum {
            lr: 4.0 / 121.0,
            momentum: (9.0f64 / 11.0).powi(2),
            nesterov: false,
        };
        let r = theory_rate(&hb, &eig).unwrap();
        assert!((r - 9.0 / 11.0).abs() < 1e-7, "{r}");
        // Complex roots: the rate is √μ whatever the eigenvalue.
        let ring = Method::Momentum {
            lr: 0.02,
            momentum: 0.9,
            nesterov: false,
        };
        assert!((theory_rate(&ring, &eig).unwrap() - 0.9f64.sqrt()).abs() < 1e-15);
        // A step past 2/λmax: the rate exceeds 1 (divergence).
        let big = theory_rate(&Method::GradientDescent { lr: 0.03 }, &eig).unwrap();
        assert!((big - 2.0).abs() < 1e-15);
        assert!(theory_rate(&Method::Newton, &eig).is_none());
    }

    fn run<'a>(
        label: &str,
        method: &'a Method,
        obj: &Objective,
        x0: f64,
        budget: usize,
    ) -> RunData<'a> {
        RunData {
            label: label.into(),
            method,
            start: 0,
            traj: minimize(obj, &[x0], method, budget, 1e-10),
            quadratic: obj.is_quadratic(),
        }
    }

    #[test]
    fn a_run_past_two_over_l_diverges_and_says_how_fast() {
        // lipschitz-step-size's lr = 0.45 on λ = 5: f ends at 2.9e39 after its budget, still
        // finite. It diverges (the error grows by |1 − 5·0.45| = 1.25 per step, f by 1.5625),
        // and the sentence says that pace, never "slowly".
        let obj = Objective::parse("2.5*x^2", None).unwrap();
        let m = Method::GradientDescent { lr: 0.45 };
        let r = run("gd", &m, &obj, 1.0, 200);
        assert_eq!(r.traj.stop, Stop::MaxIterations);
        assert_eq!(r.status(), "diverging");
        let (rf, rg) = growth(&r.traj).unwrap();
        assert!(
            (rg - 1.25).abs() < 1e-12 && (rf - 1.5625).abs() < 1e-12,
            "{rf} {rg}"
        );
        let s =
            describe_run(&r, 1e-10, &["x".into()], Lang::En).expect("a diverging run is described");
        assert!(
            s.contains("diverges") && s.contains("1.563 per step"),
            "{s}"
        );
        assert!(!s.contains("slowly (") && !s.contains("(slowly)"), "{s}");
        // Below 2/L the same budget converges or shrinks: no growth, not diverging.
        let m = Method::GradientDescent { lr: 0.39 };
        let r = run("gd", &m, &obj, 1.0, 200);
        assert!(growth(&r.traj).is_none());
        assert_ne!(r.status(), "diverging");
    }

    #[test]
    fn the_figures_zero_and_the_runs_stop_are_told_apart() {
        // gd-1d-step-sizes: lr = 0.05 from −2. f − f* rounds to 0 at 383, ‖∇f‖ ≤ 1e-8 at 391;
        // the figure said "reached 0 at 383" and the text "391" without saying why.
        let obj = Objective::parse("0.5*(x - 3)^2 + 1", None).unwrap();
        let m = Method::GradientDescent { lr: 0.05 };
        let runs = vec![RunData {
            label: "gd".into(),
            method: &m,
            start: 0,
            traj: minimize(&obj, &[-2.0], &m, 400, 1e-8),
            quadratic: true,
        }];
        let z = gap_zero_at(&runs, &obj);
        assert_eq!((z[0], runs[0].traj.steps()), (Some(383), 391));
        let mut out = Outcome::default();
        gap_zero_facts(&runs, &z, 1e-8, &mut out, Lang::En);
        let s = out.findings.join(" ");
        assert!(
            s.contains("at iteration 383") && s.contains("stops at iteration 391"),
            "{s}"
        );
    }

    #[test]
    fn a_gap_that_flickers_at_rounding_reaches_zero_where_it_stays() {
        // newton-1d: gradient descent's f − f* first rounds to 0 at 1715, then flickers between
        // 0 and 4.4e-16 until 1729 and stays 0 from 1730: "reached 0" (text and figure) is 1730.
        let obj = Objective::parse("exp(x) - ln(x)", None).unwrap();
        let (newton, gd) = (Method::Newton, Method::GradientDescent { lr: 0.002 });
        let runs: Vec<RunData> = [&newton, &gd]
            .into_iter()
            .map(|m| RunData {
                label: m.name().into(),
                method: m,
                start: 0,
                traj: minimize(&obj, &[0.05], m, 4000, 1e-10),
                quadratic: false,
            })
            .collect();
        let it = &runs[1].traj.iterates;
        let f_best = f_reference(&runs, &obj);
        let first = it.iter().position(|i| i.f - f_best == 0.0);
        assert!(first.is_some_and(|k| it[k..].iter().any(|i| i.f - f_best != 0.0)));
        let z = gap_zero_at(&runs, &obj)[1].expect("it settles at 0");
        assert!(z > first.unwrap_or(0), "{z}");
        assert!(it[z..].iter().all(|i| i.f - f_best == 0.0));
        assert!(it[z - 1].f - f_best != 0.0);
    }

    #[test]
    fn momentum_has_its_own_stability_bound() {
        // optimizers-quadratic: the 2/L table marked momentum against gradient descent's bound.
        let l = 4.0;
        let gd = Method::GradientDescent { lr: 0.4 };
        assert_eq!(stability_bound(&gd, l), Some((0.4, 0.5, "gd")));
        let hb = Method::Momentum {
            lr: 0.05,
            momentum: 0.9,
            nesterov: false,
        };
        let (_, b, rule) = stability_bound(&hb, l).unwrap();
        assert!((b - 0.95).abs() < 1e-15 && rule == "heavy_ball");
        let nag = Method::Momentum {
            lr: 0.05,
            momentum: 0.9,
            nesterov: true,
        };
        let (_, b, rule) = stability_bound(&nag, l).unwrap();
        assert!((b - 3.8 / 11.2).abs() < 1e-15 && rule == "nesterov");
        // Just inside each bound the heavy ball contracts, just outside it does not.
        for (lr, stable) in [(0.949, true), (0.951, false)] {
            let m = Method::Momentum {
                lr,
                momentum: 0.9,
                nesterov: false,
            };
            assert_eq!(theory_rate(&m, &[l]).unwrap() < 1.0, stable, "lr {lr}");
        }
    }

    #[test]
    fn runs_with_equal_steps_are_a_tie_not_a_fastest() {
        // newton-overshoot: Newton and Newton + line search from 0.5 both take 4 steps.
        let obj = Objective::parse("sqrt(1 + x^2)", None).unwrap();
        let (n, ls) = (
            Method::Newton,
            Method::NewtonLineSearch { rho: 0.5, c: 1e-4 },
        );
        let runs = vec![
            run("newton", &n, &obj, 0.5, 60),
            run("damped", &ls, &obj, 0.5, 60),
            run("damped from 1.5", &ls, &obj, 1.5, 60),
        ];
        assert_eq!(runs[0].traj.steps(), runs[1].traj.steps());
        let mut out = Outcome::default();
        compare_runs(&runs, &mut out, Lang::En);
        let s = out.findings.join(" ");
        assert!(
            s.contains("a tie of 2 runs, newton, damped, each with 4 steps"),
            "{s}"
        );
        assert!(!s.contains("Fastest"), "{s}");
        assert!(!s.contains("damped needed"), "{s}");
        assert!(s.contains("damped from 1.5 needed"), "{s}");
    }

    #[test]
    fn measured_rates_follow_the_theory_on_a_quadratic() {
        let obj = Objective::parse("0.5*x^2 + 50*y^2", None).unwrap();
        let m = Method::GradientDescent { lr: 0.015 };
        let traj = minimize(&obj, &[10.0, 1.0], &m, 600, 1e-12);
        let (_, measured, _) = measured_rate(&traj).unwrap();
        let theory = theory_rate(&m, &traj.last().eigenvalues).unwrap();
        assert!(
            (measured / theory - 1.0).abs() < 1e-6,
            "{measured} {theory}"
        );
    }

    #[test]
    fn an_oscillating_run_is_measured_on_its_envelope() {
        // Heavy ball with μ = 0.9 on κ = 100 (momentum-condition's third run): ‖∇f‖
        // oscillates (complex roots), and the peaks give the theory's √μ.
        let obj = Objective::parse("0.5*x^2 + 50*y^2", None).unwrap();
        let m = Method::Momentum {
            lr: 2.0 / 101.0,
            momentum: 0.9,
            nesterov: false,
        };
        let traj = minimize(&obj, &[10.0, 1.0], &m, 1500, 1e-8);
        let (_, measured, peaks) = measured_rate(&traj).unwrap();
        let theory = theory_rate(&m, &traj.last().eigenvalues).unwrap();
        assert!(peaks >= 3, "{peaks}");
        assert!(
            (measured / theory - 1.0).abs() < 0.001,
            "{measured} {theory}"
        );
    }

    #[test]
    fn a_two_cycle_is_found_and_a_converging_run_is_not_one() {
        // optimizers-rosenbrock's SGD at lr 0.003 ends alternating between two points.
        let mut xs: Vec<Vec<f64>> = (0..20)
            .map(|k| {
                let d = 1e-6 * k as f64;
                if k % 2 == 0 {
                    vec![0.786 + d, 0.567]
                } else {
                    vec![0.739 - d, 0.597]
                }
            })
            .collect();
        let (k, drift) = two_cycle(&xs).unwrap();
        assert_eq!(k, 18);
        assert!((drift - 2e-6).abs() < 1e-9, "{drift}");
        // Zig-zagging into a minimum: each step shrinks, nothing comes back.
        let zig: Vec<Vec<f64>> = (0..20).map(|k| vec![(-0.7f64).powi(k)]).collect();
        assert!(two_cycle(&zig).is_none());
        // A run standing still is not a cycle either.
        xs.iter_mut().for_each(|x| *x = vec![1.0, 1.0]);
        assert!(two_cycle(&xs).is_none());
    }

    #[test]
    fn tuned_heavy_ball_has_a_repeated_root_and_its_window_factor() {
        // momentum-condition: at α = 4/(√L + √μ)² and μ = ((√κ − 1)/(√κ + 1))² the roots
        // coincide at λmin and λmax; measured 0.826133 over iterations 71..143 where
        // r·(143/71)^(1/72) = 0.826172.
        let eig = [1.0, 100.0];
        let tuned = Method::Momentum {
            lr: 4.0 / 121.0,
            momentum: (9.0f64 / 11.0).powi(2),
            nesterov: false,
        };
        assert!(repeated_root(&tuned, &eig));
        let heavier = Method::Momentum {
            lr: 2.0 / 101.0,
            momentum: 0.9,
            nesterov: false,
        };
        assert!(!repeated_root(&heavier, &eig));
        assert!(!repeated_root(&Method::GradientDescent { lr: 0.01 }, &eig));
        let r = theory_rate(&tuned, &eig).unwrap();
        let window = r * (143.0f64 / 71.0).powf(1.0 / 72.0);
        assert!((window - 0.826172).abs() < 1e-5, "{window}");
    }
}
