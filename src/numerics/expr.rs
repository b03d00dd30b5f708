//! Objectives given as expression strings, with exact gradient and Hessian.
//!
//! The expression is parsed by `exmex`, whose symbolic `partial` gives exact first and second
//! partial derivatives (no finite differences: those are kept for the checks in the tests).

use exmex::prelude::*;
use exmex::Differentiate;
use nalgebra::{DMatrix, DVector};

/// Why an expression could not be used.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprError {
    /// The text does not parse; the message is the parser's.
    Parse(String),
    /// The expression uses a name that is not one of the declared variables.
    UnknownVariable { name: String, declared: Vec<String> },
    /// The expression has no variables at all.
    NoVariables,
    /// Symbolic differentiation failed (an operator without a derivative, such as `floor`).
    Derivative(String),
}

impl std::fmt::Display for ExprError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExprError::Parse(m) => write!(f, "the expression does not parse: {m}"),
            ExprError::UnknownVariable { name, declared } => write!(
                f,
                "the expression uses `{name}`, which is not a declared variable ({})",
                declared.join(", ")
            ),
            ExprError::NoVariables => write!(f, "the expression has no variables"),
            ExprError::Derivative(m) => write!(f, "cannot differentiate the expression: {m}"),
        }
    }
}

/// A compiled expression together with the positions of its own variables in the
/// objective's variable list (exmex orders variables alphabetically per expression).
#[derive(Clone)]
struct Compiled {
    /// Boxed: a `FlatEx` keeps its nodes in large inline arrays (kilobytes).
    ex: Box<FlatEx<f64>>,
    slots: Vec<usize>,
}

impl Compiled {
    fn new(ex: FlatEx<f64>, vars: &[String]) -> Compiled {
        let slots = ex
            .var_names()
            .iter()
            .map(|n| vars.iter().position(|v| v == n).expect("checked at parse"))
            .collect();
        Compiled {
            ex: Box::new(ex),
            slots,
        }
    }

    fn eval(&self, x: &[f64]) -> f64 {
        let args: Vec<f64> = self.slots.iter().map(|&i| x[i]).collect();
        // Only an argument-count mismatch makes exmex fail, which `slots` rules out.
        self.ex.eval(&args).unwrap_or(f64::NAN)
    }

    /// ∂/∂(vars[var]) of this expression, or `None` when it does not depend on it.
    fn partial(&self, var: &str, vars: &[String]) -> Result<Option<Compiled>, ExprError> {
        let Some(idx) = self.ex.var_names().iter().position(|n| n == var) else {
            return Ok(None);
        };
        let d = self
            .ex
            .as_ref()
            .clone()
            .partial(idx)
            .map_err(|e| ExprError::Derivative(e.to_string()))?;
        Ok(Some(Compiled::new(d, vars)))
    }
}

/// Stack for parsing and differentiating (see [`Objective::parse`]).
const PARSE_STACK: usize = 64 << 20;

/// f: ℝⁿ → ℝ with exact ∇f and ∇²f.
#[derive(Clone)]
pub struct Objective {
    text: String,
    vars: Vec<String>,
    f: Compiled,
    grad: Vec<Option<Compiled>>,
    /// Upper triangle, row-major: hess[i][j - i] = ∂²f/∂xᵢ∂xⱼ for j ≥ i.
    hess: Vec<Vec<Option<Compiled>>>,
}

impl std::fmt::Debug for Objective {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Objective({:?} over {:?})", self.text, self.vars)
    }
}

impl Objective {
    /// Parses `text`. With `declared` variables, their order is the order of the coordinates
    /// and every name in the expression must be among them; without, the expression's own
    /// names are used in alphabetical order.
    pub fn parse(text: &str, declared: Option<&[String]>) -> Result<Objective, ExprError> {
        // exmex's parser and symbolic differentiation use several MB of stack for ordinary
        // expressions (large frames), more than test and worker threads have (2 MB). They
        // run on a thread of their own with room to spare.
        std::thread::scope(|s| {
            std::thread::Builder::new()
                .stack_size(PARSE_STACK)
                .spawn_scoped(s, || Objective::parse_here(text, declared))
                .map_err(|e| ExprError::Parse(format!("cannot start the parser: {e}")))?
                .join()
                .unwrap_or_else(|_| {
                    Err(ExprError::Parse(
                        "the expression is too deeply nested".into(),
                    ))
                })
        })
    }

    fn parse_here(text: &str, declared: Option<&[String]>) -> Result<Objective, ExprError> {
        let ex = exmex::parse::<f64>(text).map_err(|e| ExprError::Parse(e.to_string()))?;
        let own: Vec<String> = ex.var_names().to_vec();
        let vars: Vec<String> = match declared {
            Some(d) => {
                if let Some(name) = own.iter().find(|n| !d.contains(n)) {
                    return Err(ExprError::UnknownVariable {
                        name: name.clone(),
                        declared: d.to_vec(),
                    });
                }
                d.to_vec()
            }
            None => own,
        };
        if vars.is_empty() {
            return Err(ExprError::NoVariables);
        }
        let f = Compiled::new(ex, &vars);
        let mut grad = Vec::with_capacity(vars.len());
        for v in &vars {
            grad.push(f.partial(v, &vars)?);
        }
        let mut hess = Vec::with_capacity(vars.len());
        for (i, gi) in grad.iter().enumerate() {
            let mut row = Vec::with_capacity(vars.len() - i);
            for v in &vars[i..] {
                row.push(match gi {
                    Some(g) => g.partial(v, &vars)?,
                    None => None,
                });
            }
            hess.push(row);
        }
        Ok(Objective {
            text: text.to_string(),
            vars,
            f,
            grad,
            hess,
        })
    }

    /// The expression as written.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Variable names in coordinate order.
    pub fn vars(&self) -> &[String] {
        &self.vars
    }

    pub fn dim(&self) -> usize {
        self.vars.len()
    }

    /// f(x).
    pub fn value(&self, x: &[f64]) -> f64 {
        self.f.eval(x)
    }

    /// ∇f(x), exact.
    pub fn gradient(&self, x: &[f64]) -> DVector<f64> {
        DVector::from_iterator(
            self.dim(),
            self.grad
                .iter()
                .map(|g| g.as_ref().map_or(0.0, |g| g.eval(x))),
        )
    }

    /// ∇²f(x), exact and symmetric by construction.
    pub fn hessian(&self, x: &[f64]) -> DMatrix<f64> {
        let n = self.dim();
        let mut h = DMatrix::zeros(n, n);
        for i in 0..n {
            for j in i..n {
                let v = self.hess[i][j - i].as_ref().map_or(0.0, |e| e.eval(x));
                h[(i, j)] = v;
                h[(j, i)] = v;
            }
        }
        h
    }

    /// Whether the Hessian is constant (f is at most quadratic). exmex keeps every variable
    /// name in a derivative, so dependence is tested numerically: the Hessian must agree
    /// exactly at three unrelated points.
    pub fn is_quadratic(&self) -> bool {
        let n = self.dim();
        let probe =
            |seed: f64| -> Vec<f64> { (0..n).map(|i| seed * (1.0 + i as f64 * 0.37)).collect() };
        let h0 = self.hessian(&probe(0.31));
        [-1.73, 2.9].iter().all(|&s| self.hessian(&probe(s)) == h0)
    }
}

/// Central-difference gradient, for checking the exact one.
pub fn fd_gradient(obj: &Objective, x: &[f64], h: f64) -> DVector<f64> {
    let mut g = DVector::zeros(x.len());
    let mut xp = x.to_vec();
    for i in 0..x.len() {
        xp[i] = x[i] + h;
        let fp = obj.value(&xp);
        xp[i] = x[i] - h;
        let fm = obj.value(&xp);
        xp[i] = x[i];
        g[i] = (fp - fm) / (2.0 * h);
    }
    g
}

/// Central-difference Hessian from the exact gradient, for checking the exact one.
pub fn fd_hessian(obj: &Objective, x: &[f64], h: f64) -> DMatrix<f64> {
    let n = x.len();
    let mut m = DMatrix::zeros(n, n);
    let mut xp = x.to_vec();
    for j in 0..n {
        xp[j] = x[j] + h;
        let gp = obj.gradient(&xp);
        xp[j] = x[j] - h;
        let gm = obj.gradient(&xp);
        xp[j] = x[j];
        for i in 0..n {
            m[(i, j)] = (gp[i] - gm[i]) / (2.0 * h);
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    fn quartic() -> Objective {
        Objective::parse("x^4 + 0.8*y^4 + 4*x^2 + 2*y^2 - x*y - 0.2*x^2*y", None).unwrap()
    }

    #[test]
    fn course_quartic_gradient_and_hessian_at_4_4() {
        let f = quartic();
        assert_eq!(f.vars(), ["x", "y"]);
        let g = f.gradient(&[4.0, 4.0]);
        assert_relative_eq!(g[0], 277.6, max_relative = 1e-12);
        assert_relative_eq!(g[1], 213.6, max_relative = 1e-12);
        let h = f.hessian(&[4.0, 4.0]);
        assert_relative_eq!(h[(0, 0)], 198.4, max_relative = 1e-12);
        assert_relative_eq!(h[(0, 1)], -2.6, max_relative = 1e-12);
        assert_relative_eq!(h[(1, 0)], -2.6, max_relative = 1e-12);
        assert_relative_eq!(h[(1, 1)], 157.6, max_relative = 1e-12);
        assert!(!f.is_quadratic());
    }

    #[test]
    fn exact_derivatives_match_finite_differences() {
        let cases = [
            (
                "x^4 + 0.8*y^4 + 4*x^2 + 2*y^2 - x*y - 0.2*x^2*y",
                vec![0.7, -1.3],
            ),
            ("exp(x) - ln(x)", vec![0.3]),
            ("sin(x)*cos(y) + z^3/(1 + x^2)", vec![0.4, 1.1, -0.8]),
            ("(1 - a)^2 + 100*(b - a^2)^2", vec![-1.2, 1.0]),
        ];
        for (text, x) in cases {
            let f = Objective::parse(text, None).unwrap();
            let g = f.gradient(&x);
            let gfd = fd_gradient(&f, &x, 1e-6);
            for i in 0..x.len() {
                assert_relative_eq!(g[i], gfd[i], max_relative = 1e-6, epsilon = 1e-8);
            }
            let h = f.hessian(&x);
            let hfd = fd_hessian(&f, &x, 1e-6);
            for i in 0..x.len() {
                for j in 0..x.len() {
                    assert_relative_eq!(
                        h[(i, j)],
                        hfd[(i, j)],
                        max_relative = 1e-6,
                        epsilon = 1e-6
                    );
                }
            }
        }
    }

    #[test]
    fn declared_order_and_unknown_variables() {
        let vars = vec!["y".to_string(), "x".to_string()];
        let f = Objective::parse("2*x + 3*y", Some(&vars)).unwrap();
        let g = f.gradient(&[1.0, 1.0]);
        assert_eq!((g[0], g[1]), (3.0, 2.0));
        assert!(f.is_quadratic());
        let err = Objective::parse("x + z", Some(&vars)).unwrap_err();
        assert!(matches!(err, ExprError::UnknownVariable { ref name, .. } if name == "z"));
        // A declared variable the expression does not use has zero derivatives.
        let vars3 = vec!["x".to_string(), "y".to_string(), "w".to_string()];
        let f = Objective::parse("x^2 + y", Some(&vars3)).unwrap();
        assert_eq!(f.gradient(&[1.0, 0.0, 5.0]).as_slice(), &[2.0, 1.0, 0.0]);
        assert!(matches!(
            Objective::parse("2*", None),
            Err(ExprError::Parse(_))
        ));
        assert_eq!(
            Objective::parse("3 + 4", None).unwrap_err(),
            ExprError::NoVariables
        );
    }
}
