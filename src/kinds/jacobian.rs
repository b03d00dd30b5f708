//! Kind `jacobian`: exact Jacobians against finite differences over the step h.
//!
//! Catalogue row 12. Vector functions given as expression lists, and the softmax with its
//! Jacobian diag(s) − s sᵀ; forward and central differences for h from 10⁻¹ down to 10⁻¹⁶
//! trace the V of truncation against rounding error, with optima near √ε and ∛ε. The
//! Hessian is checked as the Jacobian of the gradient, symmetric where it should be.

use super::common::{self, num, Point};
use crate::collect::{Table, Values};
use crate::error::{SpecError, SpecErrors};
use crate::locate::{join, Located};
use crate::numerics::expr::Objective;
use crate::numerics::jacobian::{
    exact_jacobian, fd_jacobian, rel_max_error, softmax, softmax_jacobian,
};
use crate::parse::Node;
use crate::plot::{Axes, Curve, Figure};
use crate::run::{Outcome, ReportTable};
use nalgebra::DMatrix;
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Raw {
    functions: Vec<FnSpec>,
    #[serde(default)]
    hessian: Option<HessSpec>,
    #[serde(default = "default_min_exp")]
    #[schemars(range(min = -17, max = -2))]
    min_exponent: i32,
    #[serde(default = "default_ppd")]
    #[schemars(range(min = 1, max = 50))]
    points_per_decade: usize,
}

fn default_min_exp() -> i32 {
    -16
}
fn default_ppd() -> usize {
    4
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct FnSpec {
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    components: Option<Vec<String>>,
    #[serde(default)]
    variables: Option<Vec<String>>,
    #[serde(default)]
    at: Option<Point>,
    #[serde(default)]
    softmax_at: Option<Vec<f64>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct HessSpec {
    objective: String,
    #[serde(default)]
    variables: Option<Vec<String>>,
    at: Point,
}

/// A vector function: expression components or the softmax.
#[derive(Debug, Clone)]
pub enum VectorFn {
    Expressions { components: Vec<Objective> },
    Softmax,
}

#[derive(Debug, Clone)]
pub struct Function {
    pub label: String,
    pub f: VectorFn,
    pub at: Vec<f64>,
}

#[derive(Debug, Clone)]
pub struct Params {
    pub functions: Vec<Function>,
    pub hessian: Option<(Objective, Vec<f64>)>,
    pub min_exponent: i32,
    pub points_per_decade: usize,
}

fn check_fn(f: &FnSpec, path: &str, at: &Located) -> Result<Function, SpecError> {
    let p = |k: &str| join(path, k);
    match (&f.components, &f.softmax_at) {
        (Some(comps), None) => {
            if comps.is_empty() {
                return Err(at
                    .at_value(&p("components"), "no components")
                    .expected("a list of expressions, one per output"));
            }
            // All components share one variable list: the declared one, or the union.
            let vars: Vec<String> = match &f.variables {
                Some(v) => v.clone(),
                None => {
                    let mut all: Vec<String> = Vec::new();
                    for (i, c) in comps.iter().enumerate() {
                        let o = common::objective(
                            c,
                            None,
                            &format!("{}[{i}]", p("components")),
                            &p("variables"),
                            at,
                        )?;
                        for v in o.vars() {
                            if !all.contains(v) {
                                all.push(v.clone());
                            }
                        }
                    }
                    all.sort();
                    all
                }
            };
            let mut components = Vec::new();
            for (i, c) in comps.iter().enumerate() {
                components.push(common::objective(
                    c,
                    Some(&vars),
                    &format!("{}[{i}]", p("components")),
                    &p("variables"),
                    at,
                )?);
            }
            let Some(point) = &f.at else {
                return Err(at
                    .at_value(path, "no point to differentiate at")
                    .expected("`at: [x, y, …]`"));
            };
            common::check_point(point, vars.len(), &p("at"), at, &vars)?;
            Ok(Function {
                label: f.label.clone().unwrap_or_else(|| comps.join(", ")),
                f: VectorFn::Expressions { components },
                at: point.0.clone(),
            })
        }
        (None, Some(x)) => {
            if x.len() < 2 || x.iter().any(|v| !v.is_finite()) {
                return Err(at
                    .at_value(
                        &p("softmax_at"),
                        "the softmax needs at least two finite inputs",
                    )
                    .expected("a list such as [0.3, -1.2, 2.0]"));
            }
            Ok(Function {
                label: f.label.clone().unwrap_or_else(|| "softmax".into()),
                f: VectorFn::Softmax,
                at: x.clone(),
            })
        }
        _ => Err(at
            .at_value(
                path,
                "a function needs exactly one of `components` and `softmax_at`",
            )
            .expected("`components: [\"expr\", …]` with `at:`, or `softmax_at: [x₁, x₂, …]`")),
    }
}

impl Function {
    fn eval(&self, x: &[f64]) -> Vec<f64> {
        match &self.f {
            VectorFn::Expressions { components } => components.iter().map(|c| c.value(x)).collect(),
            VectorFn::Softmax => softmax(x),
        }
    }

    fn exact(&self) -> DMatrix<f64> {
        match &self.f {
            VectorFn::Expressions { components } => exact_jacobian(components, &self.at),
            VectorFn::Softmax => softmax_jacobian(&self.at),
        }
    }
}

fn matrix(m: &DMatrix<f64>) -> String {
    let rows: Vec<String> = (0..m.nrows())
        .map(|i| {
            format!(
                "[{}]",
                (0..m.ncols())
                    .map(|j| num(m[(i, j)]))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .collect();
    format!("[{}]", rows.join(", "))
}

/// The columns of `metrics.csv`.
pub const COLUMNS: &[(&str, &str)] = &[
    ("run", "function and scheme"),
    ("function", "the function's label"),
    ("scheme", "forward or central differences"),
    ("h", "the step"),
    ("rel_error", "max |J_fd − J| / max |J|"),
];

/// The `jacobian` kind (see the module's documentation).
pub struct JacobianKind;

/// Softmax's Jacobian rows sum to 0 (its outputs sum to 1): the largest |row sum|, and the
/// finding that says it.
fn softmax_rows(exact: &DMatrix<f64>, lang: crate::i18n::Lang) -> (f64, String) {
    let rowsum = (0..exact.nrows())
        .map(|i| exact.row(i).sum().abs())
        .fold(0.0f64, f64::max);
    (
        rowsum,
        crate::tr!(lang, "jacobian-softmax-rows", row_sum = num(rowsum)),
    )
}

/// One function's finite-difference Jacobian at every step size, forward and central:
/// the metrics rows, a curve per scheme (the function's colour; central dashed), and each
/// scheme's best (h, error).
fn step_sweep(
    fi: usize,
    func: &Function,
    exact: &DMatrix<f64>,
    hs: &[f64],
) -> (Table, Vec<Curve>, Vec<(f64, f64)>) {
    let (mut fcol, mut hcol, mut scheme, mut errs, mut runs) =
        (vec![], vec![], vec![], vec![], vec![]);
    let mut curves = Vec::new();
    let mut best = Vec::new();
    for (name, central) in [("forward", false), ("central", true)] {
        let mut pts = Vec::new();
        for &h in hs {
            let e = rel_max_error(
                &fd_jacobian(&|x: &[f64]| func.eval(x), &func.at, h, central),
                exact,
            );
            fcol.push(func.label.clone());
            hcol.push(h);
            scheme.push(name.to_string());
            errs.push(e);
            runs.push(format!("{} ({name})", func.label));
            pts.push((h, e));
        }
        best.push(
            pts.iter()
                .copied()
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .unwrap_or((f64::NAN, f64::NAN)),
        );
        curves.push(Curve {
            name: format!("{} ({name})", func.label),
            points: pts,
            dashed: central,
            scatter: false,
            color: Some(fi),
            marker: None,
        });
    }
    let table = Table::new()
        .with("run", Values::Str(runs))
        .with("function", Values::Str(fcol))
        .with("scheme", Values::Str(scheme))
        .with("h", Values::F64(hcol))
        .with("rel_error", Values::F64(errs));
    (table, curves, best)
}

/// The Hessian as the central-difference Jacobian of the gradient (h = ∛ε) against the
/// exact one, with both matrices' asymmetry: the finding and the results' entry.
fn hessian_check(
    obj: &Objective,
    x: &[f64],
    lang: crate::i18n::Lang,
) -> (String, serde_json::Value) {
    let exact = obj.hessian(x);
    let grad = |y: &[f64]| obj.gradient(y).as_slice().to_vec();
    let fd = fd_jacobian(&grad, x, f64::EPSILON.cbrt(), true);
    let asymmetry = |m: &DMatrix<f64>| {
        (m - m.transpose())
            .iter()
            .fold(0.0f64, |a, v| a.max(v.abs()))
    };
    let (asym_exact, asym_fd) = (asymmetry(&exact), asymmetry(&fd));
    let err = rel_max_error(&fd, &exact);
    let finding = crate::tr!(
        lang,
        "jacobian-hessian",
        objective = common::md(obj.text()),
        at = common::point(x),
        exact = matrix(&exact),
        fd = matrix(&fd),
        error = num(err),
        asym_exact = num(asym_exact),
        asym_fd = num(asym_fd),
    );
    (
        finding,
        json!({"relative_error": err, "asymmetry_exact": asym_exact, "asymmetry_fd": asym_fd}),
    )
}

impl super::Kind for JacobianKind {
    type Params = Params;
    type Spec = Raw;
    const ID: &'static str = "jacobian";
    const CHAPTER: super::Chapter = super::Chapter::Numerical;
    const SUMMARY: &'static str =
        "Exact Jacobians of vector functions (and the softmax) against forward and \
                  central differences over the step h; the Hessian as the Jacobian of ∇f.";
    const EXAMPLE: &'static str = "params:\n  functions:\n    - components: [\"r*cos(t)\", \"r*sin(t)\"]\n      at: [2, 0.5]\n    - softmax_at: [0.3, -1.2, 2.0]\n";
    const STARTER: &'static str = include_str!("../../templates/new/jacobian.yaml");
    const COLUMNS: &'static [(&'static str, &'static str)] = COLUMNS;

    fn check(node: &Node, base: &str, at: &Located) -> Result<Params, SpecErrors> {
        let (raw, mut errors) = common::params::<Raw>(node, base, at)?;
        let mut functions = Vec::new();
        if raw.functions.is_empty() {
            errors.push(
                at.at_value(&join(base, "functions"), "no functions")
                    .expected("at least one function"),
            );
        }
        for (i, f) in raw.functions.iter().enumerate() {
            match check_fn(f, &format!("{}[{i}]", join(base, "functions")), at) {
                Ok(f) => functions.push(f),
                Err(e) => errors.push(e),
            }
        }
        let hessian = match &raw.hessian {
            Some(h) => {
                let path = join(base, "hessian");
                match common::objective(
                    &h.objective,
                    h.variables.as_deref(),
                    &join(&path, "objective"),
                    &join(&path, "variables"),
                    at,
                )
                .and_then(|o| {
                    common::check_point(&h.at, o.dim(), &join(&path, "at"), at, o.vars()).map(|_| o)
                }) {
                    Ok(o) => Some((o, h.at.0.clone())),
                    Err(e) => {
                        errors.push(e);
                        None
                    }
                }
            }
            None => None,
        };
        if !errors.is_empty() {
            return Err(SpecErrors(errors));
        }
        Ok(Params {
            functions,
            hessian,
            min_exponent: raw.min_exponent,
            points_per_decade: raw.points_per_decade,
        })
    }

    /// Each function's Jacobian by forward and central differences over the step sizes,
    /// against the exact one: the best step of each scheme, then the Hessian as the Jacobian
    /// of the gradient.
    fn run(
        p: &Params,
        _trial: usize,
        _seed: u64,
        lang: crate::i18n::Lang,
    ) -> Result<Outcome, String> {
        let steps = (-p.min_exponent - 1) as usize * p.points_per_decade;
        let hs: Vec<f64> = (0..=steps)
            .map(|k| 10f64.powf(-1.0 - k as f64 / p.points_per_decade as f64))
            .collect();
        let eps = f64::EPSILON;
        let mut curves = Vec::new();
        let mut rows = Vec::new();
        let mut json_fns = Vec::new();
        let mut out = Outcome::default();
        let tr = |key: &str| crate::i18n::text(lang, key);
        for (fi, func) in p.functions.iter().enumerate() {
            let exact = func.exact();
            let (table, fn_curves, best) = step_sweep(fi, func, &exact, &hs);
            out.metrics.append(&table);
            curves.extend(fn_curves);
            rows.push(vec![
                func.label.clone(),
                common::point(&func.at),
                matrix(&exact),
                format!("h = {}: {}", num(best[0].0), num(best[0].1)),
                format!("h = {}: {}", num(best[1].0), num(best[1].1)),
            ]);
            out.findings.push(crate::tr!(
                lang,
                "jacobian-best-steps",
                label = common::md(&func.label),
                at = common::point(&func.at),
                forward_h = num(best[0].0),
                forward_error = num(best[0].1),
                central_h = num(best[1].0),
                central_error = num(best[1].1),
            ));
            let mut row_sum = None;
            if let VectorFn::Softmax = func.f {
                let (r, finding) = softmax_rows(&exact, lang);
                row_sum = Some(r);
                out.findings.push(finding);
            }
            json_fns.push(json!({"label": func.label, "forward_best_h": best[0].0, "forward_best_error": best[0].1, "central_best_h": best[1].0, "central_best_error": best[1].1, "softmax_max_row_sum": row_sum}));
        }
        if !p.functions.is_empty() {
            out.findings.push(crate::tr!(
                lang,
                "jacobian-theory",
                sqrt_eps = num(eps.sqrt()),
                cbrt_eps = num(eps.cbrt()),
            ));
        }
        let hess_json = match &p.hessian {
            Some((obj, x)) => {
                let (finding, json) = hessian_check(obj, x, lang);
                out.findings.push(finding);
                json
            }
            None => serde_json::Value::Null,
        };
        out.tables.push(ReportTable {
            title: tr("jacobian-table-title"),
            columns: ["function", "at", "exact", "forward", "central"]
                .iter()
                .map(|c| tr(&format!("jacobian-table-{c}")))
                .collect(),
            rows,
            note: tr("jacobian-table-note"),
        });
        out.figures.push((
            "fd_error".into(),
            Figure::Curves {
                axes: Axes {
                    title: tr("jacobian-error-title"),
                    x_label: tr("jacobian-error-x"),
                    y_label: tr("jacobian-error-y"),
                    log_x: true,
                    log_y: true,
                    y_floor: None,
                },
                curves,
                vlines: vec![
                    (format!("√ε = {}", num(eps.sqrt())), eps.sqrt()),
                    (format!("∛ε = {}", num(eps.cbrt())), eps.cbrt()),
                ],
            },
        ));
        out.results = json!({ "functions": json_fns, "hessian": hess_json, "sqrt_eps": eps.sqrt(), "cbrt_eps": eps.cbrt() });
        out.headline = vec![];
        Ok(out)
    }
}
