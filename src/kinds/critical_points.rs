//! Kind `critical_points`: classify points by the Hessian's eigenvalues.
//!
//! Catalogue rows 4 and 10: the second-derivative test in 1-D (f'' > 0 minimum, f'' < 0
//! maximum, f'' = 0 inconclusive) and its n-D form by the signs of the eigenvalues, for
//! given points or for the points Newton's method finds from a grid of starts.

use super::common::{self, num, point, BoxSpec, Point};
use crate::collect::{Table, Values};
use crate::error::{SpecError, SpecErrors};
use crate::locate::{join, Located};
use crate::numerics::descent::{grid_points, minimize, Method, Stop};
use crate::numerics::expr::Objective;
use crate::numerics::linalg::{classify, sym_eigen, Critical};
use crate::parse::{deserialize, Node};
use crate::plot::{Arrow, Axes, Figure, Marked};
use crate::run::{Outcome, ReportTable};
use serde::Deserialize;
use serde_json::json;

/// At most this many Newton starts per function.
pub const MAX_GRID_STARTS: usize = 10_000;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Raw {
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
    label: Option<String>,
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
    pub label: String,
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
        label: f.label.clone().unwrap_or_else(|| f.objective.clone()),
        objective: obj,
        points: f.points.iter().map(|p| p.0.clone()).collect(),
        newton_grid,
        region,
    })
}

/// Checks the `params:` of a `critical_points` spec.
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

/// A classified point.
struct Found {
    x: Vec<f64>,
    source: String,
    f: f64,
    grad: Vec<f64>,
    grad_norm: f64,
    hessian: Vec<Vec<f64>>,
    eig: Vec<f64>,
    vecs: Vec<Vec<f64>>,
    class: Critical,
}

fn examine(obj: &Objective, x: &[f64], source: String, p: &Params) -> Found {
    let g = obj.gradient(x);
    let h = obj.hessian(x);
    let (eig, vecs) = sym_eigen(&h);
    let grad_norm = g.norm();
    Found {
        x: x.to_vec(),
        source,
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
    }
}

fn near(a: &[f64], b: &[f64]) -> bool {
    a.iter()
        .zip(b)
        .all(|(x, y)| (x - y).abs() <= 1e-6 * (1.0 + x.abs().max(y.abs())))
}

fn find_points(func: &Function, p: &Params) -> Vec<Found> {
    let obj = &func.objective;
    let mut found: Vec<Found> = func
        .points
        .iter()
        .map(|x| examine(obj, x, "given".into(), p))
        .collect();
    if let Some((lo, hi, n, max_iter)) = &func.newton_grid {
        let starts = grid_points(lo, hi, *n);
        let mut counts: Vec<(Vec<f64>, usize)> = Vec::new();
        for s in &starts {
            let t = minimize(obj, s, &Method::Newton, *max_iter, p.critical_tol);
            if t.stop != Stop::Converged {
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
            found.push(examine(obj, &x, src, p));
        }
    }
    found
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

fn explain(func: &Function, f: &Found) -> String {
    let vars = func.objective.vars();
    let head = format!(
        "**{}** at {} = {}",
        func.label,
        common::var_tuple(vars),
        point(&f.x)
    );
    if f.class == Critical::NotCritical {
        return format!(
            "{head}: ‖∇f‖ = {} is not zero, so this is not a critical point and the second-order test does not apply.",
            num(f.grad_norm)
        );
    }
    if f.eig.len() == 1 {
        let d2 = f.eig[0];
        return match f.class {
            Critical::Minimum => format!("{head}: f' = 0 and f'' = {} > 0, so f' grows through zero: a **local minimum** (second-derivative test).", num(d2)),
            Critical::Maximum => format!("{head}: f' = 0 and f'' = {} < 0, so f' falls through zero: a **local maximum** (second-derivative test).", num(d2)),
            _ => format!("{head}: f' = 0 and f'' = {}: the second-derivative test is **inconclusive**; the point may be an inflection (saddle) or part of a flat region, and higher derivatives must decide.", num(d2)),
        };
    }
    let eigs = f.eig.iter().map(|v| num(*v)).collect::<Vec<_>>().join(", ");
    let base = format!(
        "{head}: ∇f = 0, Hessian {} with eigenvalues {eigs}",
        matrix(&f.hessian)
    );
    match f.class {
        Critical::Minimum => format!("{base}, all positive: f curves upward in every direction, a **local minimum**."),
        Critical::Maximum => format!("{base}, all negative: f curves downward in every direction, a **local maximum**."),
        Critical::Saddle => {
            let up = f.eig.iter().position(|&v| v > 0.0).unwrap_or(0);
            let down = f.eig.iter().position(|&v| v < 0.0).unwrap_or(0);
            format!(
                "{base}, of both signs: a **saddle point**, curving up along {} and down along {}.",
                point(&f.vecs[up]),
                point(&f.vecs[down])
            )
        }
        _ => format!("{base}: one is zero, so the second-order test is **inconclusive** along its eigenvector."),
    }
}

/// Classifies every point of every function.
pub fn run(p: &Params, _trial: usize, lang: crate::i18n::Lang) -> Result<Outcome, String> {
    let mut out = Outcome::default();
    let mut fn_json = Vec::new();
    let mut table_rows = Vec::new();
    for (fi, func) in p.functions.iter().enumerate() {
        let obj = &func.objective;
        let vars = obj.vars();
        let found = find_points(func, p);
        let mut t = Table::new()
            .with("function", Values::I64(vec![fi as i64; found.len()]))
            .with("label", Values::Str(vec![func.label.clone(); found.len()]))
            .with("point", Values::I64((0..found.len() as i64).collect()))
            .with(
                "source",
                Values::Str(found.iter().map(|f| f.source.clone()).collect()),
            );
        for (d, v) in vars.iter().enumerate() {
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
        out.metrics.append(&t);

        for f in &found {
            out.findings.push(explain(func, f));
            table_rows.push(vec![
                func.label.clone(),
                point(&f.x),
                f.source.clone(),
                num(f.f),
                num(f.grad_norm),
                matrix(&f.hessian),
                f.eig.iter().map(|v| num(*v)).collect::<Vec<_>>().join(", "),
                f.class.as_str().replace('_', " "),
            ]);
        }
        fn_json.push(json!({
            "label": func.label,
            "objective": obj.text(),
            "points": found.iter().map(|f| json!({
                "x": if f.x.len() == 1 { json!(f.x[0]) } else { json!(f.x) },
                "source": f.source, "f": f.f, "gradient": f.grad, "grad_norm": f.grad_norm,
                "hessian": f.hessian, "eigenvalues": f.eig, "class": f.class.as_str(),
            })).collect::<Vec<_>>(),
        }));

        let marks: Vec<Marked> = found
            .iter()
            .map(|f| Marked {
                label: f.class.as_str().replace('_', " "),
                at: if obj.dim() == 1 {
                    (f.x[0], f.f)
                } else {
                    (f.x[0], *f.x.get(1).unwrap_or(&0.0))
                },
                arrows: if obj.dim() == 2 && f.class != Critical::NotCritical {
                    f.eig
                        .iter()
                        .zip(&f.vecs)
                        .map(|(l, v)| Arrow {
                            d: (v[0], v[1]),
                            label: format!("λ={}", num(*l)),
                            positive: *l > 0.0,
                        })
                        .collect()
                } else {
                    Vec::new()
                },
                class: None,
            })
            .collect();
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
        };
        match obj.dim() {
            1 => {
                let xs = common::linspace(lo[0], hi[0], 400);
                let fs = xs.iter().map(|&x| obj.value(&[x])).collect();
                out.figures.push((
                    format!("function_{fi}"),
                    Figure::Function1D {
                        axes: axes(
                            format!("{}: f({}) = {}", func.label, vars[0], obj.text()),
                            format!("f({})", vars[0]),
                        ),
                        xs,
                        fs,
                        paths: None,
                        points: marks,
                    },
                ));
            }
            2 => {
                let (xs, ys, z) = common::surface(obj, &lo, &hi, 90);
                out.figures.push((
                    format!("contour_{fi}"),
                    Figure::Contour {
                        axes: axes(
                            format!(
                                "{}: contours of {} with Hessian eigenvectors",
                                func.label,
                                obj.text()
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
                ));
            }
            _ => {}
        }
    }
    let counts: Vec<String> = [
        Critical::Minimum,
        Critical::Maximum,
        Critical::Saddle,
        Critical::Inconclusive,
        Critical::NotCritical,
    ]
    .iter()
    .filter_map(|c| {
        let n = table_rows
            .iter()
            .filter(|r| r[7] == c.as_str().replace('_', " "))
            .count();
        (n > 0).then(|| format!("{n} {}", c.as_str().replace('_', " ")))
    })
    .collect();
    out.headline = vec![("points".into(), counts.join(", "))];
    out.tables.push(ReportTable {
        title: "Classification by the second-order test".into(),
        columns: ["function", "point", "found by", "f", "‖∇f‖", "Hessian", "eigenvalues", "class"].map(String::from).to_vec(),
        rows: table_rows,
        note: format!(
            "A point is critical when ‖∇f‖ ≤ {}; an eigenvalue counts as zero when |λ| ≤ {} × max(1, max|λ|). Arrows in the plots are the Hessian's eigenvectors: blue where f curves up (λ > 0), red where it curves down (λ < 0).",
            num(p.critical_tol),
            num(p.zero_tol)
        ),
    });
    out.results = json!({ "functions": fn_json });
    Ok(out)
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
