//! Descent methods on an [`Objective`], with every iterate recorded.
//!
//! Each row of a [`Trajectory`] is the state at xₖ (f, ∇f, the Hessian's eigenvalues) and
//! the step taken from it, with the decrease the second-order Taylor model predicted for
//! that step next to the decrease that happened (Goodfellow et al., *Deep Learning*,
//! §4.3.1, eq. 4.9). Divergence is a result: the run stops and says so, it never panics.

use super::expr::Objective;
use super::linalg::{norm, solve, sym_eigenvalues};
use crate::nn::optim::{Optimizer, OptimizerSpec};
use nalgebra::{DMatrix, DVector};
use std::borrow::Cow;

/// A descent method with checked settings.
#[derive(Debug, Clone, PartialEq)]
pub enum Method {
    /// Fixed step: xₖ₊₁ = xₖ − lr·∇f(xₖ) (Cauchy's gradient descent).
    GradientDescent { lr: f64 },
    /// Steepest descent with the step that minimizes the quadratic model along −g:
    /// ε* = gᵀg / gᵀHg (Goodfellow et al. eq. 4.10). Exact for quadratics; for other
    /// objectives it is the Taylor model's optimum, and it fails where gᵀHg ≤ 0.
    ExactLineSearch,
    /// Steepest descent with Armijo backtracking: start at `initial`, multiply by `rho`
    /// until f(x − εg) ≤ f(x) − c·ε·gᵀg (Nocedal & Wright, Algorithm 3.1).
    Backtracking { initial: f64, rho: f64, c: f64 },
    /// Newton's method: xₖ₊₁ = xₖ − H(xₖ)⁻¹∇f(xₖ). Taken even where H is not positive
    /// definite (the data flags those rows), which is how Newton finds saddles and maxima.
    Newton,
    /// Newton's direction with Armijo backtracking from the full step (damped Newton;
    /// Nocedal & Wright §3.1, Algorithm 3.1 along d = −H⁻¹∇f): the step is shortened until
    /// f(x + εd) ≤ f(x) + c·ε·∇fᵀd. Where d is not a descent direction (H not positive
    /// definite) it stops, named as such.
    NewtonLineSearch { rho: f64, c: f64 },
    /// Modified Newton (Nocedal & Wright §3.4, Algorithm 3.2): the Hessian shifted to
    /// H + τI with τ = max(0, δ − λmin(H)), positive definite with smallest eigenvalue at
    /// least δ, so d = −(H + τI)⁻¹∇f always descends; then Armijo backtracking as above.
    ModifiedNewton { shift: f64, rho: f64, c: f64 },
    /// Gradient descent with momentum as in PyTorch `torch.optim.SGD` (dampening 0):
    /// v ← μ·v + g, then x ← x − lr·v, or with `nesterov` x ← x − lr·(g + μ·v).
    Momentum {
        lr: f64,
        momentum: f64,
        nesterov: bool,
    },
    /// A `torch.optim` optimizer of the network engine (SGD, momentum, Nesterov, AdaGrad,
    /// RMSprop, Adam, AdamW, Adamax, NAdam; see [`OptimizerSpec`] for each update rule)
    /// with x as its one parameter tensor, so 2-D trajectories show exactly what the
    /// optimizer does inside a network.
    Optimizer(OptimizerSpec),
}

impl Method {
    /// Short name used in the data's `method` column.
    pub fn name(&self) -> &'static str {
        match self {
            Method::GradientDescent { .. } => "gd",
            Method::ExactLineSearch => "exact_line_search",
            Method::Backtracking { .. } => "backtracking",
            Method::Newton => "newton",
            Method::NewtonLineSearch { .. } => "newton_line_search",
            Method::ModifiedNewton { .. } => "modified_newton",
            Method::Momentum { .. } => "momentum",
            Method::Optimizer(o) => o.name(),
        }
    }

    /// A readable label with the settings, such as `gd (lr=0.05)`.
    pub fn label(&self) -> String {
        match self {
            Method::GradientDescent { lr } => format!("gd (lr={lr})"),
            Method::ExactLineSearch => "exact line search".into(),
            Method::Backtracking { .. } => "backtracking".into(),
            Method::Newton => "newton".into(),
            Method::NewtonLineSearch { .. } => "newton + line search".into(),
            Method::ModifiedNewton { shift, .. } => format!("modified newton (δ={shift})"),
            Method::Momentum {
                lr,
                momentum,
                nesterov,
            } => format!(
                "{} (lr={lr}, momentum={momentum})",
                if *nesterov { "nesterov" } else { "momentum" }
            ),
            Method::Optimizer(o) => format!("{} (lr={})", o.name(), o.lr()),
        }
    }

    /// The fixed learning rate, for methods that have one.
    pub fn fixed_lr(&self) -> Option<f64> {
        match self {
            Method::GradientDescent { lr } | Method::Momentum { lr, .. } => Some(*lr),
            // Plain SGD steps by lr·g like gradient descent; the adaptive methods rescale
            // g per coordinate, so lr alone says nothing about stability.
            Method::Optimizer(o @ OptimizerSpec::Sgd { .. }) => Some(o.lr()),
            _ => None,
        }
    }
}

/// Beyond this norm an iterate counts as diverged (long before f overflows to inf).
pub const DIVERGED_NORM: f64 = 1e100;

/// One row of a trajectory.
#[derive(Debug, Clone, PartialEq)]
pub struct Iterate {
    pub iteration: usize,
    pub x: Vec<f64>,
    pub f: f64,
    pub grad: Vec<f64>,
    pub grad_norm: f64,
    /// Eigenvalues of ∇²f(xₖ), ascending (for 1-D, just f'').
    pub eigenvalues: Vec<f64>,
    pub hessian_pd: bool,
    /// The step taken from xₖ: its size ε (1 for Newton), NaN on the last row.
    pub step_size: f64,
    pub step_norm: f64,
    /// −(gᵀd + ½dᵀHd) for the step d: what the quadratic model promised.
    pub predicted_decrease: f64,
    /// f(xₖ) − f(xₖ₊₁).
    pub actual_decrease: f64,
}

/// Why a run stopped.
#[derive(Debug, Clone, PartialEq)]
pub enum Stop {
    /// ‖∇f‖ fell to the tolerance.
    Converged,
    /// The iteration budget ran out first.
    MaxIterations,
    /// f or x became inf/NaN, ‖x‖ passed [`DIVERGED_NORM`], or ‖∇f‖² left f64's range.
    Diverged,
    /// The method could not take a step (singular Hessian, no descent along −g, …).
    Failed(Reason),
    /// Progress fell below floating-point resolution: steps no longer change x, or f no
    /// longer changes measurably along −g.
    Stalled(Reason),
}

/// Why a run failed or stalled. The kind puts it into words (`numerics-…` messages) in the
/// report's language; the settings are kept as the numbers that the words show.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// Exact line search: gᵀHg ≤ 0, the quadratic model has no minimum along −g.
    NoModelMinimum { ghg: f64 },
    /// Backtracking: no trial step decreases f measurably (below the rounding of f).
    NoMeasurableDecrease,
    /// Newton: the Hessian is singular.
    SingularHessian,
    /// Damped Newton: the Newton direction climbs (∇fᵀd = `slope` ≥ 0, the Hessian is not
    /// positive definite), so no step along it decreases f.
    NotDescent { slope: f64 },
    /// The step ε is below the spacing of floating-point numbers around x.
    StepBelowRounding { eps: f64 },
}

impl Reason {
    /// Whether rounding, not the method, stops the progress (a stall, not a failure).
    pub fn is_rounding(&self) -> bool {
        matches!(
            self,
            Reason::NoMeasurableDecrease | Reason::StepBelowRounding { .. }
        )
    }
}

impl Stop {
    pub fn as_str(&self) -> &'static str {
        match self {
            Stop::Converged => "converged",
            Stop::MaxIterations => "max_iterations",
            Stop::Diverged => "diverged",
            Stop::Failed(_) => "failed",
            Stop::Stalled(_) => "stalled",
        }
    }
}

/// Every iterate of one run and why it stopped.
#[derive(Debug, Clone, PartialEq)]
pub struct Trajectory {
    pub iterates: Vec<Iterate>,
    pub stop: Stop,
}

impl Trajectory {
    pub fn last(&self) -> &Iterate {
        self.iterates.last().expect("a trajectory has its start")
    }

    /// Steps taken (rows after the start).
    pub fn steps(&self) -> usize {
        self.iterates.len() - 1
    }
}

/// Armijo backtracking along `d` from the step `initial`: the first ε in initial·(1, ρ, ρ²,
/// …) with f(x + εd) ≤ f(x) + c·ε·∇fᵀd. Returns (ε, εd).
///
/// With `model_step` (d from Newton's model), d must point downhill (else `NotDescent`), and
/// near a minimum, where the decrease asked for falls below the rounding of f (f ≈ 1 + x²/2
/// at x = 1e-8), a step that does not raise f is taken, as f cannot tell. Without it
/// (d = −∇f), a step that changes f not at all ends the search: the test would accept a
/// useless step.
#[allow(clippy::too_many_arguments)]
fn armijo(
    obj: &Objective,
    x: &DVector<f64>,
    f: f64,
    g: &DVector<f64>,
    d: &DVector<f64>,
    (initial, rho, c): (f64, f64, f64),
    model_step: bool,
) -> Result<(f64, DVector<f64>), Reason> {
    let slope = g.dot(d);
    if model_step && (slope.is_nan() || slope >= 0.0) {
        return Err(Reason::NotDescent { slope });
    }
    let mut eps = initial;
    for _ in 0..60 {
        let ft = obj.value((x + eps * d).as_slice());
        let unmeasurable = model_step && (c * eps * slope).abs() <= f64::EPSILON * f.abs();
        if ft == f && !unmeasurable {
            break;
        }
        if ft.is_finite() && (ft <= f + c * eps * slope || (unmeasurable && ft <= f)) {
            return Ok((eps, eps * d));
        }
        eps *= rho;
    }
    Err(Reason::NoMeasurableDecrease)
}

/// Runs `method` from `x0` for at most `max_iter` steps or until ‖∇f‖ ≤ `tol`.
pub fn minimize(
    obj: &Objective,
    x0: &[f64],
    method: &Method,
    max_iter: usize,
    tol: f64,
) -> Trajectory {
    let mut x = DVector::from_column_slice(x0);
    let mut velocity = DVector::zeros(x0.len());
    let mut optimizer = match method {
        Method::Optimizer(spec) => Some(Optimizer::new(*spec)),
        _ => None,
    };
    let mut iterates = Vec::new();
    for k in 0..=max_iter {
        let xs = x.as_slice();
        let f = obj.value(xs);
        let g = obj.gradient(xs);
        let h = obj.hessian(xs);
        let eig = sym_eigenvalues(&h);
        let mut row = Iterate {
            iteration: k,
            x: xs.to_vec(),
            f,
            grad: g.as_slice().to_vec(),
            grad_norm: norm(&g),
            hessian_pd: eig.iter().all(|&l| l > 0.0),
            eigenvalues: eig,
            step_size: f64::NAN,
            step_norm: f64::NAN,
            predicted_decrease: f64::NAN,
            actual_decrease: f64::NAN,
        };
        let blown_up = norm(&x).partial_cmp(&DIVERGED_NORM) != Some(std::cmp::Ordering::Less);
        // A gradient whose squares leave f64's range (‖∇f‖ past 1.3e154) ends the run as
        // diverged; its norm, computed scaled, is still recorded as the finite number it is.
        let squares_overflow = !g.iter().map(|c| c * c).sum::<f64>().is_finite();
        let stop = if !f.is_finite() || blown_up || squares_overflow || !row.grad_norm.is_finite() {
            Some(Stop::Diverged)
        } else if row.grad_norm <= tol {
            Some(Stop::Converged)
        } else if k == max_iter {
            Some(Stop::MaxIterations)
        } else {
            None
        };
        if let Some(stop) = stop {
            iterates.push(row);
            return Trajectory { iterates, stop };
        }
        let gg = g.dot(&g);
        let step: Result<(f64, DVector<f64>), Reason> = match method {
            Method::GradientDescent { lr } => Ok((*lr, -*lr * &g)),
            Method::ExactLineSearch => {
                let ghg = g.dot(&(&h * &g));
                if ghg > 0.0 {
                    let eps = gg / ghg;
                    Ok((eps, -eps * &g))
                } else {
                    Err(Reason::NoModelMinimum { ghg })
                }
            }
            Method::Backtracking { initial, rho, c } => {
                armijo(obj, &x, f, &g, &-&g, (*initial, *rho, *c), false)
            }
            Method::Newton => solve(&h, &g)
                .map(|d| (1.0, -d))
                .ok_or(Reason::SingularHessian),
            Method::NewtonLineSearch { rho, c } => solve(&h, &g)
                .ok_or(Reason::SingularHessian)
                .and_then(|d| armijo(obj, &x, f, &g, &-d, (1.0, *rho, *c), true)),
            Method::ModifiedNewton { shift, rho, c } => {
                let lmin = row.eigenvalues.first().copied().unwrap_or(0.0);
                let tau = (shift - lmin).max(0.0);
                let n = h.nrows();
                let shifted = &h + DMatrix::identity(n, n) * tau;
                solve(&shifted, &g)
                    .ok_or(Reason::SingularHessian)
                    .and_then(|d| armijo(obj, &x, f, &g, &-d, (1.0, *rho, *c), true))
            }
            Method::Momentum {
                lr,
                momentum,
                nesterov,
            } => {
                velocity = *momentum * &velocity + &g;
                let dir = if *nesterov {
                    &g + *momentum * &velocity
                } else {
                    velocity.clone()
                };
                Ok((*lr, -*lr * dir))
            }
            Method::Optimizer(spec) => {
                let opt = optimizer.as_mut().expect("created for this method");
                let mut next = xs.to_vec();
                opt.step(
                    vec![next.as_mut_slice()],
                    &[Cow::Borrowed(g.as_slice())],
                    spec.lr(),
                );
                Ok((spec.lr(), DVector::from_vec(next) - &x))
            }
        };
        let (eps, d) = match step {
            Ok(s) => s,
            Err(reason) => {
                iterates.push(row);
                let stop = if reason.is_rounding() {
                    Stop::Stalled(reason)
                } else {
                    Stop::Failed(reason)
                };
                return Trajectory { iterates, stop };
            }
        };
        let next = &x + &d;
        if next == x {
            // The step is below the spacing of floating-point numbers around x: no method
            // can make progress from here (typical of line searches near a minimum, where
            // f differences drown in rounding before ‖∇f‖ reaches a tight tolerance).
            iterates.push(row);
            return Trajectory {
                iterates,
                stop: Stop::Stalled(Reason::StepBelowRounding { eps }),
            };
        }
        row.step_size = eps;
        row.step_norm = norm(&d);
        row.predicted_decrease = -(g.dot(&d) + 0.5 * d.dot(&(&h * &d)));
        row.actual_decrease = f - obj.value(next.as_slice());
        iterates.push(row);
        x = next;
    }
    unreachable!("the loop returns at k == max_iter")
}

/// The decrease of f along −g at x for each step size ε: the second-order Taylor
/// prediction εgᵀg − ½ε²gᵀHg next to the actual f(x) − f(x − εg).
pub fn taylor_scan(obj: &Objective, x: &[f64], steps: &[f64]) -> Vec<(f64, f64, f64)> {
    let g = obj.gradient(x);
    let h = obj.hessian(x);
    let gg = g.dot(&g);
    let ghg = g.dot(&(&h * &g));
    let f0 = obj.value(x);
    let xv = DVector::from_column_slice(x);
    steps
        .iter()
        .map(|&eps| {
            let predicted = eps * gg - 0.5 * eps * eps * ghg;
            let actual = f0 - obj.value((&xv - eps * &g).as_slice());
            (eps, predicted, actual)
        })
        .collect()
}

/// The Lipschitz constant of ∇f estimated on sample points: L = max ‖∇²f(x)‖₂, the largest
/// |eigenvalue| of the Hessian. Gradient descent with a fixed lr is guaranteed to decrease
/// f where lr < 2/L. Returns L and the point where it was attained.
pub fn lipschitz_estimate(obj: &Objective, points: &[Vec<f64>]) -> (f64, Vec<f64>) {
    let mut best = (0.0, points.first().cloned().unwrap_or_default());
    for p in points {
        let eig = sym_eigenvalues(&obj.hessian(p));
        let l = eig.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        if l.is_finite() && l > best.0 {
            best = (l, p.clone());
        }
    }
    best
}

/// Points of a regular grid over a box, `n` per axis (the corners included).
pub fn grid_points(lo: &[f64], hi: &[f64], n: usize) -> Vec<Vec<f64>> {
    let dim = lo.len();
    let n = n.max(2);
    let total = n.pow(dim as u32);
    (0..total)
        .map(|mut idx| {
            (0..dim)
                .map(|d| {
                    let i = idx % n;
                    idx /= n;
                    lo[d] + (hi[d] - lo[d]) * i as f64 / (n - 1) as f64
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    fn quartic() -> Objective {
        Objective::parse("x^4 + 0.8*y^4 + 4*x^2 + 2*y^2 - x*y - 0.2*x^2*y", None).unwrap()
    }

    #[test]
    fn newton_overshoots_where_damping_converges() {
        // f = √(1 + x²): Newton's step is x ← −x³, so from 1.5 it runs away; the same
        // direction with a line search reaches 0.
        let f = Objective::parse("sqrt(1 + x^2)", None).unwrap();
        let plain = minimize(&f, &[1.5], &Method::Newton, 60, 1e-10);
        assert!((plain.iterates[1].x[0] + 3.375).abs() < 1e-12);
        assert!((plain.iterates[2].x[0] - 3.375f64.powi(3)).abs() < 1e-9);
        assert!(plain.stop != Stop::Converged);
        let damped = Method::NewtonLineSearch { rho: 0.5, c: 1e-4 };
        let t = minimize(&f, &[1.5], &damped, 60, 1e-10);
        assert_eq!(t.stop, Stop::Converged);
        assert!(t.last().x[0].abs() < 1e-10);
        // Its first full step fails Armijo's test (f(−3.375) > f(1.5)); half of it passes.
        assert_eq!(t.iterates[0].step_size, 0.5);
    }

    #[test]
    fn a_shifted_hessian_descends_where_newton_climbs() {
        let f = Objective::parse("x*cos(0.15*pi*x)", None).unwrap();
        // At 14, f'' < 0: Newton's direction climbs to the maximum near 13.66.
        let plain = minimize(&f, &[14.0], &Method::Newton, 100, 1e-8);
        assert_eq!(plain.stop, Stop::Converged);
        assert!(plain.last().eigenvalues[0] < 0.0, "a maximum");
        let ls = minimize(
            &f,
            &[14.0],
            &Method::NewtonLineSearch { rho: 0.5, c: 1e-4 },
            100,
            1e-8,
        );
        assert!(matches!(ls.stop, Stop::Failed(Reason::NotDescent { slope }) if slope > 0.0));
        assert_eq!(ls.steps(), 0);
        let modified = Method::ModifiedNewton {
            shift: 1.0,
            rho: 0.5,
            c: 1e-4,
        };
        let t = minimize(&f, &[14.0], &modified, 100, 1e-8);
        assert_eq!(t.stop, Stop::Converged);
        assert!(t.last().eigenvalues[0] > 0.0, "a minimum");
        assert!((t.last().x[0] - 20.2219).abs() < 1e-3);
        // Where H ≥ δ already, the shift is 0 and the first step is Newton's own.
        let q = Objective::parse("2*x^2 + 3*y^2", None).unwrap();
        let a = minimize(&q, &[1.0, 1.0], &modified, 5, 1e-12);
        assert_eq!(a.steps(), 1);
    }

    #[test]
    fn newton_1d_reproduces_the_course() {
        let g = Objective::parse("exp(x) - ln(x)", None).unwrap();
        let t = minimize(&g, &[0.05], &Method::Newton, 50, 1e-12);
        assert_eq!(t.stop, Stop::Converged);
        // x1 = 0.05 − (e^0.05 − 20)/(e^0.05 + 400)
        let x1 = 0.05 - (0.05f64.exp() - 20.0) / (0.05f64.exp() + 400.0);
        assert_relative_eq!(t.iterates[1].x[0], x1, max_relative = 1e-12);
        assert_relative_eq!(x1, 0.0972, epsilon = 5e-5);
        // The minimum solves eˣ = 1/x: the omega constant W(1).
        assert_relative_eq!(t.last().x[0], 0.567_143_290_409_783_8, max_relative = 1e-12);
    }

    #[test]
    fn newton_2d_reproduces_the_course() {
        let t = minimize(&quartic(), &[4.0, 4.0], &Method::Newton, 50, 1e-10);
        let x1 = &t.iterates[1].x;
        // Solve [[198.4, −2.6], [−2.6, 157.6]] d = (277.6, 213.6) by hand (Cramer).
        let det = 198.4 * 157.6 - 2.6 * 2.6;
        let d0 = (277.6 * 157.6 + 2.6 * 213.6) / det;
        let d1 = (198.4 * 213.6 + 2.6 * 277.6) / det;
        assert_relative_eq!(x1[0], 4.0 - d0, max_relative = 1e-12);
        assert_relative_eq!(x1[1], 4.0 - d1, max_relative = 1e-12);
        assert_relative_eq!(x1[0], 2.5827, epsilon = 5e-5);
        assert_relative_eq!(x1[1], 2.6213, epsilon = 5e-5);
        let x2 = &t.iterates[2].x;
        assert_relative_eq!(x2[0], 1.5923, epsilon = 5e-5);
        assert_relative_eq!(x2[1], 1.6748, epsilon = 5e-5);
        assert_eq!(t.stop, Stop::Converged);
        assert!(t.last().x.iter().all(|v| v.abs() < 1e-9));
    }

    #[test]
    fn gradient_descent_lr_005_diverges_on_the_quartic() {
        let t = minimize(
            &quartic(),
            &[4.0, 4.0],
            &Method::GradientDescent { lr: 0.05 },
            100,
            1e-8,
        );
        assert_eq!(t.stop, Stop::Diverged);
        assert!(t.steps() < 20, "{}", t.steps());
        assert_relative_eq!(t.iterates[1].x[0], 4.0 - 0.05 * 277.6, max_relative = 1e-12);
    }

    #[test]
    fn one_newton_step_solves_the_canyon() {
        let f = Objective::parse("1.5*x^2 + 2*x*y + 1.5*y^2", None).unwrap();
        let t = minimize(&f, &[3.0, -1.0], &Method::Newton, 10, 1e-12);
        assert_eq!(t.steps(), 1);
        assert!(t.last().x.iter().all(|v| v.abs() < 1e-14));
        let (vals, _) = crate::numerics::linalg::sym_eigen(&f.hessian(&[0.0, 0.0]));
        assert_relative_eq!(vals[1] / vals[0], 5.0, max_relative = 1e-12);
        // On a quadratic the Taylor prediction is exact.
        let row = &t.iterates[0];
        assert_relative_eq!(
            row.predicted_decrease,
            row.actual_decrease,
            max_relative = 1e-12
        );
    }

    #[test]
    fn exact_line_search_step_is_gtg_over_gthg() {
        let f = Objective::parse("x^2 + 5*y^2", None).unwrap();
        let t = minimize(&f, &[5.0, 1.0], &Method::ExactLineSearch, 100, 1e-10);
        let g = [10.0, 10.0];
        let eps = (g[0] * g[0] + g[1] * g[1]) / (2.0 * g[0] * g[0] + 10.0 * g[1] * g[1]);
        assert_relative_eq!(t.iterates[0].step_size, eps, max_relative = 1e-12);
        assert_eq!(t.stop, Stop::Converged);
        // Exact line search makes consecutive gradients orthogonal.
        let (g0, g1) = (&t.iterates[0].grad, &t.iterates[1].grad);
        assert!((g0[0] * g1[0] + g0[1] * g1[1]).abs() < 1e-9);
    }

    #[test]
    fn backtracking_satisfies_armijo_and_converges() {
        let f = Objective::parse("(1 - x)^2 + 100*(y - x^2)^2", None).unwrap();
        let m = Method::Backtracking {
            initial: 1.0,
            rho: 0.5,
            c: 1e-4,
        };
        let t = minimize(&f, &[-1.2, 1.0], &m, 20_000, 1e-6);
        assert_eq!(t.stop, Stop::Converged);
        for r in &t.iterates[..t.steps()] {
            assert!(r.actual_decrease >= 1e-4 * r.step_size * r.grad_norm * r.grad_norm);
        }
    }

    #[test]
    fn momentum_matches_pytorch_sgd_by_hand() {
        // f = x², g = 2x. PyTorch: buf = g (first step), then buf = μ·buf + g.
        let f = Objective::parse("x^2", None).unwrap();
        let m = Method::Momentum {
            lr: 0.1,
            momentum: 0.9,
            nesterov: false,
        };
        let t = minimize(&f, &[1.0], &m, 2, 0.0);
        let x1 = 1.0 - 0.1 * 2.0;
        let buf = 0.9 * 2.0 + 2.0 * x1;
        assert_relative_eq!(t.iterates[1].x[0], x1, max_relative = 1e-15);
        assert_relative_eq!(t.iterates[2].x[0], x1 - 0.1 * buf, max_relative = 1e-15);
        let n = Method::Momentum {
            lr: 0.1,
            momentum: 0.9,
            nesterov: true,
        };
        let t = minimize(&f, &[1.0], &n, 1, 0.0);
        assert_relative_eq!(
            t.iterates[1].x[0],
            1.0 - 0.1 * (2.0 + 0.9 * 2.0),
            max_relative = 1e-15
        );
    }

    #[test]
    fn lipschitz_bound_of_a_quadratic() {
        let f = Objective::parse("1.5*x^2 + 2*x*y + 1.5*y^2", None).unwrap();
        let (l, _) = lipschitz_estimate(&f, &grid_points(&[-1.0, -1.0], &[1.0, 1.0], 3));
        assert_relative_eq!(l, 5.0, max_relative = 1e-12);
        let below = minimize(
            &f,
            &[1.0, 0.0],
            &Method::GradientDescent { lr: 0.39 },
            2000,
            1e-9,
        );
        assert_eq!(below.stop, Stop::Converged);
        let above = minimize(
            &f,
            &[1.0, 0.0],
            &Method::GradientDescent { lr: 0.41 },
            200,
            1e-9,
        );
        assert!(above.last().f > above.iterates[0].f);
    }

    #[test]
    fn taylor_scan_is_exact_on_quadratics_and_not_beyond() {
        let f = Objective::parse("x^2 + 3*y^2", None).unwrap();
        for (_, p, a) in taylor_scan(&f, &[1.0, 1.0], &[0.01, 0.1, 0.5]) {
            assert_relative_eq!(p, a, max_relative = 1e-12);
        }
        let q = quartic();
        let scan = taylor_scan(&q, &[1.0, 1.0], &[1e-4, 0.1]);
        assert_relative_eq!(scan[0].1, scan[0].2, max_relative = 1e-3);
        assert!((scan[1].1 - scan[1].2).abs() > 1.0);
    }

    #[test]
    fn a_step_that_cannot_move_x_stops_the_run() {
        let f = Objective::parse("x^2", None).unwrap();
        let t = minimize(&f, &[1.0], &Method::GradientDescent { lr: 1e-300 }, 10, 0.0);
        assert!(
            matches!(t.stop, Stop::Stalled(Reason::StepBelowRounding { .. })),
            "{:?}",
            t.stop
        );
        assert_eq!(t.steps(), 0);
    }

    #[test]
    fn same_inputs_same_bits() {
        let a = minimize(&quartic(), &[4.0, 4.0], &Method::Newton, 50, 1e-10);
        let b = minimize(&quartic(), &[4.0, 4.0], &Method::Newton, 50, 1e-10);
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
    }
}
