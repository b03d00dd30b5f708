//! Kind `critical_points`: classify points by the Hessian's eigenvalues.
//!
//! Catalogue rows 4 and 10: the second-derivative test in 1-D (f'' > 0 minimum, f'' < 0
//! maximum, f'' = 0 inconclusive) and its n-D form by the signs of the eigenvalues, for
//! given points or for the points Newton's method finds from a grid of starts.

use super::common::{self, num, point, BoxSpec, Point};
use crate::collect::{Table, Values};
use crate::error::{SpecError, SpecErrors};
use crate::i18n::Lang;
use crate::locate::{join, Located};
use crate::numerics::descent::{grid_points, minimize, Method, Stop};
use crate::numerics::expr::Objective;
use crate::numerics::linalg::{classify, sym_eigen, Critical};
use crate::parse::Node;
use crate::plot::{Arrow, Axes, Figure, Marked};
use crate::run::{Outcome, ReportTable};
use serde::Deserialize;
use serde_json::json;
use std::cmp::Ordering;

/// At most this many Newton starts per function.
pub const MAX_GRID_STARTS: usize = 10_000;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Raw {
    functions: Vec<FnSpec>,
    #[serde(default = "default_tol")]
    zero_tol: f64,
    #[serde(default = "default_tol")]
    critical_tol: f64,
}

fn default_tol() -> f64 {
    1e-8
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct FnSpec {
    #[serde(default)]
    label: Option<crate::i18n::Localized>,
    objective: String,
    #[serde(default)]
    variables: Option<Vec<String>>,
    #[serde(default)]
    points: Vec<Point>,
    #[serde(default)]
    newton_grid: Option<GridSpec>,
    #[serde(default)]
    region: Option<BoxSpec>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct GridSpec {
    lo: Point,
    hi: Point,
    #[serde(default = "default_n")]
    n: usize,
    #[serde(default = "default_newton_iter")]
    max_iter: usize,
}

fn default_n() -> usize {
    5
}

fn default_newton_iter() -> usize {
    50
}

/// One checked function.
#[derive(Debug, Clone)]
pub struct Function {
    /// Its name in each language (the objective when the spec gives none).
    pub label: crate::i18n::Localized,
    pub objective: Objective,
    pub points: Vec<Vec<f64>>,
    /// Grid of Newton starts: lo, hi, points per axis, iteration budget.
    pub newton_grid: Option<(Vec<f64>, Vec<f64>, usize, usize)>,
    pub region: Option<(Vec<f64>, Vec<f64>)>,
}

/// Checked parameters of a `critical_points` experiment.
#[derive(Debug, Clone)]
pub struct Params {
    pub functions: Vec<Function>,
    pub zero_tol: f64,
    pub critical_tol: f64,
}

fn check_fn(f: &FnSpec, path: &str, at: &Located) -> Result<Function, SpecError> {
    let p = |k: &str| join(path, k);
    let obj = common::objective(
        &f.objective,
        f.variables.as_deref(),
        &p("objective"),
        &p("variables"),
        at,
    )?;
    let vars = obj.vars().to_vec();
    let dim = obj.dim();
    for (i, pt) in f.points.iter().enumerate() {
        common::check_point(pt, dim, &format!("{}[{i}]", p("points")), at, &vars)?;
    }
    let newton_grid = match &f.newton_grid {
        Some(g) => {
            let b = BoxSpec {
                lo: g.lo.clone(),
                hi: g.hi.clone(),
            };
            common::check_box(&b, dim, &p("newton_grid"), at, &vars)?;
            let total = (g.n as f64).powi(dim as i32);
            if g.n < 2 || total > MAX_GRID_STARTS as f64 {
                return Err(at
                    .at_value(
                        &join(&p("newton_grid"), "n"),
                        format!("{} points per axis give {total} starts", g.n),
                    )
                    .expected(format!(
                        "at least 2 per axis and at most {MAX_GRID_STARTS} starts in all"
                    )));
            }
            if g.max_iter == 0 || g.max_iter > 10_000 {
                return Err(at
                    .at_value(
                        &join(&p("newton_grid"), "max_iter"),
                        format!("`max_iter` is {}", g.max_iter),
                    )
                    .expected("between 1 and 10000"));
            }
            Some((g.lo.0.clone(), g.hi.0.clone(), g.n, g.max_iter))
        }
        None => None,
    };
    if f.points.is_empty() && newton_grid.is_none() {
        return Err(at
            .at_value(path, "no points to classify")
            .expected("`points: [[x, y], …]` or `newton_grid: {lo: […], hi: […]}`"));
    }
    let region = match &f.region {
        Some(b) => {
            common::check_box(b, dim, &p("region"), at, &vars)?;
            Some((b.lo.0.clone(), b.hi.0.clone()))
        }
        None => None,
    };
    Ok(Function {
        label: f.label.clone().unwrap_or_else(|| crate::i18n::Localized {
            en: f.objective.clone(),
            id: None,
        }),
        objective: obj,
        points: f.points.iter().map(|p| p.0.clone()).collect(),
        newton_grid,
        region,
    })
}

/// A classified point.
struct Found {
    x: Vec<f64>,
    /// How the point was found, as recorded in the data (`given`, `newton (k of n starts)`).
    source: String,
    /// The same in the report's language, for the table.
    source_shown: String,
    f: f64,
    grad: Vec<f64>,
    grad_norm: f64,
    hessian: Vec<Vec<f64>>,
    eig: Vec<f64>,
    vecs: Vec<Vec<f64>>,
    class: Critical,
    /// How many of the Newton grid's starts converged here (0 for a given point).
    starts_reaching: usize,
}

/// A function's points and what its Newton grid did: `starts` tried, the starts that did
/// not converge (left out of the points).
struct Points {
    found: Vec<Found>,
    starts: usize,
    failed: Vec<Vec<f64>>,
}

fn examine(
    obj: &Objective,
    x: &[f64],
    (source, source_shown): (String, String),
    p: &Params,
) -> Found {
    let g = obj.gradient(x);
    let h = obj.hessian(x);
    let (eig, vecs) = sym_eigen(&h);
    let grad_norm = g.norm();
    Found {
        x: x.to_vec(),
        source,
        source_shown,
        f: obj.value(x),
        grad: g.as_slice().to_vec(),
        grad_norm,
        hessian: (0..h.nrows())
            .map(|i| (0..h.ncols()).map(|j| h[(i, j)]).collect())
            .collect(),
        vecs: (0..vecs.ncols())
            .map(|k| vecs.column(k).iter().copied().collect())
            .collect(),
        class: classify(grad_norm, &eig, p.critical_tol, p.zero_tol),
        eig,
        starts_reaching: 0,
    }
}

fn near(a: &[f64], b: &[f64]) -> bool {
    a.iter()
        .zip(b)
        .all(|(x, y)| (x - y).abs() <= 1e-6 * (1.0 + x.abs().max(y.abs())))
}

fn find_points(func: &Function, p: &Params, lang: Lang) -> Points {
    let obj = &func.objective;
    let given = || {
        (
            "given".to_string(),
            crate::i18n::text(lang, "critical-points-given"),
        )
    };
    let mut found: Vec<Found> = func
        .points
        .iter()
        .map(|x| examine(obj, x, given(), p))
        .collect();
    let (mut n_starts, mut failed) = (0, Vec::new());
    if let Some((lo, hi, n, max_iter)) = &func.newton_grid {
        let starts = grid_points(lo, hi, *n);
        n_starts = starts.len();
        let mut counts: Vec<(Vec<f64>, usize)> = Vec::new();
        for s in &starts {
            let t = minimize(obj, s, &Method::Newton, *max_iter, p.critical_tol);
            if t.stop != Stop::Converged {
                failed.push(s.clone());
                continue;
            }
            let x = t.last().x.clone();
            match counts.iter_mut().find(|(c, _)| near(c, &x)) {
                Some(entry) => entry.1 += 1,
                None => counts.push((x, 1)),
            }
        }
        for (x, k) in counts {
            if found.iter().any(|f| near(&f.x, &x)) {
                continue;
            }
            let src = format!("newton ({k} of {} starts)", starts.len());
            let shown = crate::tr!(
                lang,
                "critical-points-newton",
                k = k.to_string(),
                n = starts.len().to_string(),
            );
            let mut f = examine(obj, &x, (src, shown), p);
            f.starts_reaching = k;
            found.push(f);
        }
    }
    Points {
        found,
        starts: n_starts,
        failed,
    }
}

fn matrix(m: &[Vec<f64>]) -> String {
    let rows: Vec<String> = m
        .iter()
        .map(|r| {
            format!(
                "[{}]",
                r.iter().map(|v| num(*v)).collect::<Vec<_>>().join(", ")
            )
        })
        .collect();
    format!("[{}]", rows.join(", "))
}

/// A class's name in the report's language (the data keep `Critical::as_str`).
fn class_name(c: Critical, lang: Lang) -> String {
    crate::i18n::text(
        lang,
        &format!("critical-points-class-{}", c.as_str().replace('_', "-")),
    )
}

/// What the values of a 1-D function around a point say where f'' = 0 leaves the
/// second-derivative test undecided.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Around {
    /// f(x ± h) > f(x) at every distance tried: a minimum.
    Higher,
    /// f(x ± h) < f(x) at every distance tried: a maximum.
    Lower,
    /// Above f(x) on one side and below on the other, the same side each time: an inflection.
    Crosses,
    /// Anything else (equal values, a pattern that changes with h): nothing is said.
    Undecided,
}

/// The probes `around` compares: for h = 10⁻¹ … 10⁻⁴ (relative to max(1, |x|)),
/// (h, f(x − h) − f(x), f(x + h) − f(x)).
fn probes(f: &dyn Fn(f64) -> f64, x: f64) -> Vec<(f64, f64, f64)> {
    let scale = x.abs().max(1.0);
    let f0 = f(x);
    (1..=4)
        .map(|k| {
            let h = scale * 10f64.powi(-k);
            (h, f(x - h) - f0, f(x + h) - f0)
        })
        .collect()
}

/// Compares f(x ± h) with f(x) for h = 10⁻¹ … 10⁻⁴ (relative to max(1, |x|)).
fn around(f: &dyn Fn(f64) -> f64, x: f64) -> Around {
    let f0 = 0.0;
    let mut seen = None;
    for (_, l, r) in probes(f, x) {
        let side = |v: f64| v.partial_cmp(&f0);
        let this = match (side(l), side(r)) {
            (Some(Ordering::Greater), Some(Ordering::Greater)) => Around::Higher,
            (Some(Ordering::Less), Some(Ordering::Less)) => Around::Lower,
            (Some(Ordering::Less), Some(Ordering::Greater)) => Around::Crosses,
            (Some(Ordering::Greater), Some(Ordering::Less)) => Around::Crosses,
            _ => return Around::Undecided,
        };
        if seen.is_some_and(|s| s != this) {
            return Around::Undecided;
        }
        seen = Some(this);
    }
    seen.unwrap_or(Around::Undecided)
}

fn explain(func: &Function, f: &Found, lang: Lang) -> String {
    let vars = func.objective.vars();
    let head = crate::tr!(
        lang,
        "critical-points-head",
        label = func.label.get(lang),
        vars = common::var_tuple(vars),
        point = point(&f.x),
    );
    if f.class == Critical::NotCritical {
        return crate::tr!(
            lang,
            "critical-points-not-critical",
            head = head,
            grad_norm = num(f.grad_norm),
        );
    }
    if f.eig.len() == 1 {
        let key = match f.class {
            Critical::Minimum => "critical-points-1d-minimum",
            Critical::Maximum => "critical-points-1d-maximum",
            _ => match around(&|x| func.objective.value(&[x]), f.x[0]) {
                Around::Higher => "critical-points-1d-inconclusive-min",
                Around::Lower => "critical-points-1d-inconclusive-max",
                Around::Crosses => "critical-points-1d-inconclusive-inflection",
                Around::Undecided => "critical-points-1d-inconclusive",
            },
        };
        return crate::tr!(lang, key, head = head, d2 = num(f.eig[0]));
    }
    let eigs = f.eig.iter().map(|v| num(*v)).collect::<Vec<_>>().join(", ");
    let base = crate::tr!(
        lang,
        "critical-points-hessian",
        head = head,
        hessian = matrix(&f.hessian),
        eigs = eigs,
    );
    match f.class {
        Critical::Minimum => crate::tr!(lang, "critical-points-minimum", base = base),
        Critical::Maximum => crate::tr!(lang, "critical-points-maximum", base = base),
        Critical::Saddle => {
            let up = f.eig.iter().position(|&v| v > 0.0).unwrap_or(0);
            let down = f.eig.iter().position(|&v| v < 0.0).unwrap_or(0);
            crate::tr!(
                lang,
                "critical-points-saddle",
                base = base,
                up = point(&f.vecs[up]),
                down = point(&f.vecs[down]),
            )
        }
        _ => crate::tr!(lang, "critical-points-inconclusive", base = base),
    }
}

/// The columns of `metrics.csv` for this kind.
pub const COLUMNS: &[(&str, &str)] = &[
    ("function", "index of the function in `functions`"),
    ("label", "the function's label"),
    ("point", "index of the point within its function"),
    (
        "source",
        "`given`, or `newton (k of n starts)` for points Newton converged to",
    ),
    (
        "<variable>",
        "one column per variable: the point's coordinates",
    ),
    ("f", "f at the point"),
    (
        "grad_norm",
        "‖∇f‖₂ at the point (critical when ≤ critical_tol)",
    ),
    (
        "hess_eig_i",
        "eigenvalues of the Hessian, ascending (for 1-D, f'')",
    ),
    (
        "class",
        "minimum, maximum, saddle, inconclusive or not_critical",
    ),
];

/// The `critical_points` kind (see the module's documentation).
pub struct CriticalPointsKind;

/// One function's points as metrics rows: where, how found, f, ‖∇f‖, the Hessian's
/// eigenvalues and the class.
fn points_table(fi: usize, func: &Function, found: &[Found], lang: crate::i18n::Lang) -> Table {
    let obj = &func.objective;
    let mut t = Table::new()
        .with("function", Values::I64(vec![fi as i64; found.len()]))
        .with(
            "label",
            Values::Str(vec![func.label.get(lang).to_string(); found.len()]),
        )
        .with("point", Values::I64((0..found.len() as i64).collect()))
        .with(
            "source",
            Values::Str(found.iter().map(|f| f.source.clone()).collect()),
        );
    for (d, v) in obj.vars().iter().enumerate() {
        t.push(v, Values::F64(found.iter().map(|f| f.x[d]).collect()));
    }
    t.push("f", Values::F64(found.iter().map(|f| f.f).collect()));
    t.push(
        "grad_norm",
        Values::F64(found.iter().map(|f| f.grad_norm).collect()),
    );
    for d in 0..obj.dim() {
        t.push(
            &format!("hess_eig_{}", d + 1),
            Values::F64(found.iter().map(|f| f.eig[d]).collect()),
        );
    }
    t.push(
        "class",
        Values::Str(found.iter().map(|f| f.class.as_str().to_string()).collect()),
    );
    t
}

/// Each point marked by its class: on the curve in 1-D, in the plane in 2-D with the
/// Hessian's eigenvectors as arrows labelled by their eigenvalues.
fn marks(dim: usize, found: &[Found], zero_tol: f64, lang: crate::i18n::Lang) -> Vec<Marked> {
    found
        .iter()
        .map(|f| Marked {
            label: class_name(f.class, lang),
            at: if dim == 1 {
                (f.x[0], f.f)
            } else {
                (f.x[0], *f.x.get(1).unwrap_or(&0.0))
            },
            arrows: if dim == 2 && f.class != Critical::NotCritical {
                // Zero as `classify` counts it: |λ| ≤ zero_tol · max(1, max|λ|).
                let scale = f.eig.iter().fold(1.0f64, |m, v| m.max(v.abs()));
                f.eig
                    .iter()
                    .zip(&f.vecs)
                    .map(|(l, v)| Arrow {
                        d: (v[0], v[1]),
                        label: format!("λ={}", num(*l)),
                        positive: *l > 0.0,
                        zero: l.abs() <= zero_tol * scale,
                    })
                    .collect()
            } else {
                Vec::new()
            },
            class: None,
        })
        .collect()
}

/// The function over its region (given, or around its points and Newton grid) with each
/// point marked by its class: a curve in 1-D, contours in 2-D with the Hessian's
/// eigenvectors as arrows.
fn function_figure(
    fi: usize,
    func: &Function,
    found: &[Found],
    zero_tol: f64,
    lang: crate::i18n::Lang,
) -> Option<(String, Figure)> {
    let obj = &func.objective;
    let vars = obj.vars();
    let marks = marks(obj.dim(), found, zero_tol, lang);
    let (lo, hi) = match &func.region {
        Some(r) => r.clone(),
        None => {
            let mut pts: Vec<Vec<f64>> = found.iter().map(|f| f.x.clone()).collect();
            if let Some((glo, ghi, _, _)) = &func.newton_grid {
                pts.push(glo.clone());
                pts.push(ghi.clone());
            }
            common::box_around(&pts, obj.dim())
        }
    };
    let axes = |title: String, y: String| Axes {
        title,
        x_label: vars[0].clone(),
        y_label: y,
        log_x: false,
        log_y: false,
        y_floor: None,
    };
    match obj.dim() {
        1 => {
            let xs = common::linspace(lo[0], hi[0], 400);
            let fs = xs.iter().map(|&x| obj.value(&[x])).collect();
            Some((
                format!("function_{fi}"),
                Figure::Function1D {
                    axes: axes(
                        format!("{}: f({}) = {}", func.label.get(lang), vars[0], obj.text()),
                        format!("f({})", vars[0]),
                    ),
                    xs,
                    fs,
                    paths: None,
                    points: marks,
                },
            ))
        }
        2 => {
            let (xs, ys, z) = common::surface(obj, &lo, &hi, 90);
            Some((
                format!("contour_{fi}"),
                Figure::Contour {
                    axes: axes(
                        crate::tr!(
                            lang,
                            "critical-points-contour-title",
                            label = func.label.get(lang),
                            objective = obj.text(),
                        ),
                        vars[1].clone(),
                    ),
                    xs,
                    ys,
                    z,
                    paths: None,
                    points: marks,
                    boundary: None,
                },
            ))
        }
        _ => None,
    }
}

/// How many points of each class, in words ("2 minima, 1 saddle point").
fn counts(classes: &[Critical], lang: crate::i18n::Lang) -> String {
    let counts: Vec<String> = [
        Critical::Minimum,
        Critical::Maximum,
        Critical::Saddle,
        Critical::Inconclusive,
        Critical::NotCritical,
    ]
    .iter()
    .filter_map(|c| {
        let n = classes.iter().filter(|k| *k == c).count();
        (n > 0).then(|| {
            crate::tr!(
                lang,
                "critical-points-count",
                n = n.to_string(),
                class = class_name(*c, lang),
            )
        })
    })
    .collect();
    counts.join(", ")
}

impl super::Kind for CriticalPointsKind {
    type Params = Params;
    type Spec = Raw;
    const ID: &'static str = "critical_points";
    const CHAPTER: super::Chapter = super::Chapter::Optimization;
    const SUMMARY: &'static str =
        "Classify critical points (given, or found by Newton from a grid of starts) \
                  as minimum, maximum, saddle or inconclusive from the Hessian's eigenvalues.";
    const EXAMPLE: &'static str = "params:\n  functions:\n    - label: bowl\n      objective: \"2*x^2 + 3*y^2 - x*y\"\n      points: [[0, 0]]\n";
    const STARTER: &'static str = include_str!("../../templates/new/critical_points.yaml");
    const COLUMNS: &'static [(&'static str, &'static str)] = COLUMNS;

    fn check(node: &Node, base: &str, at: &Located) -> Result<Params, SpecErrors> {
        let (raw, mut errors) = common::params::<Raw>(node, base, at)?;
        if raw.functions.is_empty() {
            errors.push(
                at.at_value(&join(base, "functions"), "no functions")
                    .expected("at least one function"),
            );
        }
        let mut functions = Vec::new();
        for (i, f) in raw.functions.iter().enumerate() {
            match check_fn(f, &format!("{}[{i}]", join(base, "functions")), at) {
                Ok(f) => functions.push(f),
                Err(e) => errors.push(e),
            }
        }
        for (name, v) in [
            ("zero_tol", raw.zero_tol),
            ("critical_tol", raw.critical_tol),
        ] {
            if !(v.is_finite() && v >= 0.0) {
                errors.push(
                    at.at_value(&join(base, name), format!("`{name}` is {v}"))
                        .expected("a finite number ≥ 0"),
                );
            }
        }
        if !errors.is_empty() {
            return Err(SpecErrors(errors));
        }
        Ok(Params {
            functions,
            zero_tol: raw.zero_tol,
            critical_tol: raw.critical_tol,
        })
    }

    /// For each function: its critical points found and classified by the Hessian test,
    /// each explained, in the table and marked on the function's figure.
    fn run(
        p: &Params,
        _trial: usize,
        _seed: u64,
        lang: crate::i18n::Lang,
    ) -> Result<Outcome, String> {
        let mut out = Outcome::default();
        let mut fn_json = Vec::new();
        let mut table_rows = Vec::new();
        let mut classes = Vec::new();
        let mut any_2d = false;
        for (fi, func) in p.functions.iter().enumerate() {
            let Points {
                found,
                starts,
                failed,
            } = find_points(func, p, lang);
            any_2d |= func.objective.dim() == 2;
            out.metrics.append(&points_table(fi, func, &found, lang));
            if !failed.is_empty() {
                out.findings.push(crate::tr!(
                    lang,
                    "critical-points-newton-failed",
                    label = func.label.get(lang),
                    k = failed.len().to_string(),
                    n = starts.to_string(),
                    starts = failed
                        .iter()
                        .map(|s| point(s))
                        .collect::<Vec<_>>()
                        .join(", "),
                ));
            }
            for f in &found {
                out.findings.push(explain(func, f, lang));
                classes.push(f.class);
                table_rows.push(vec![
                    func.label.get(lang).to_string(),
                    point(&f.x),
                    f.source_shown.clone(),
                    num(f.f),
                    num(f.grad_norm),
                    matrix(&f.hessian),
                    f.eig.iter().map(|v| num(*v)).collect::<Vec<_>>().join(", "),
                    class_name(f.class, lang),
                ]);
            }
            let one_d = func.objective.dim() == 1;
            fn_json.push(json!({
                "label": func.label.get(lang),
                "objective": func.objective.text(),
                "newton": {
                    "starts": starts,
                    "not_converged": failed.len(),
                    "not_converged_starts": failed,
                },
                "points": found.iter().map(|f| {
                    let mut j = json!({
                        "x": if f.x.len() == 1 { json!(f.x[0]) } else { json!(f.x) },
                        "source": f.source, "starts_reaching": f.starts_reaching,
                        "f": f.f, "gradient": f.grad, "grad_norm": f.grad_norm,
                        "hessian": f.hessian, "eigenvalues": f.eig, "class": f.class.as_str(),
                    });
                    if one_d {
                        let pr = probes(&|x| func.objective.value(&[x]), f.x[0]);
                        j["around"] = json!({
                            "h": pr.iter().map(|t| t.0).collect::<Vec<_>>(),
                            "left": pr.iter().map(|t| t.1).collect::<Vec<_>>(),
                            "right": pr.iter().map(|t| t.2).collect::<Vec<_>>(),
                            "left_min": pr.iter().map(|t| t.1).fold(f64::INFINITY, f64::min),
                            "left_max": pr.iter().map(|t| t.1).fold(f64::NEG_INFINITY, f64::max),
                            "right_min": pr.iter().map(|t| t.2).fold(f64::INFINITY, f64::min),
                            "right_max": pr.iter().map(|t| t.2).fold(f64::NEG_INFINITY, f64::max),
                        });
                    }
                    j
                }).collect::<Vec<_>>(),
            }));
            out.figures
                .extend(function_figure(fi, func, &found, p.zero_tol, lang));
        }
        let tr = |key: &str| crate::i18n::text(lang, key);
        out.headline = vec![(tr("critical-points-headline"), counts(&classes, lang))];
        let columns = [
            "function",
            "point",
            "found-by",
            "f",
            "grad-norm",
            "hessian",
            "eigenvalues",
            "class",
        ];
        out.tables.push(ReportTable {
            title: tr("critical-points-table-title"),
            columns: columns
                .iter()
                .map(|c| tr(&format!("critical-points-table-{c}")))
                .collect(),
            rows: table_rows,
            note: {
                let note = crate::tr!(
                    lang,
                    "critical-points-table-note",
                    critical_tol = num(p.critical_tol),
                    zero_tol = num(p.zero_tol),
                );
                if any_2d {
                    format!("{note} {}", tr("critical-points-table-note-arrows"))
                } else {
                    note
                }
            },
        });
        out.results = json!({ "functions": fn_json });
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_around_decide_where_the_second_derivative_cannot() {
        assert_eq!(around(&|x| x.powi(4), 0.0), Around::Higher);
        assert_eq!(around(&|x| -x.powi(4), 0.0), Around::Lower);
        assert_eq!(around(&|x| x.powi(3), 0.0), Around::Crosses);
        assert_eq!(around(&|x| -x.powi(3), 0.0), Around::Crosses);
        assert_eq!(around(&|_| 1.0, 0.0), Around::Undecided);
    }
}
