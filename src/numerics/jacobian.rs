//! Jacobians: exact (forward-mode automatic differentiation, per component) and by finite differences.
//!
//! Forward differences err by O(h) truncation plus O(ε/h) rounding, best near h ≈ √ε;
//! central differences by O(h²) plus O(ε/h), best near h ≈ ∛ε (Nocedal & Wright §8.1).

use super::expr::Objective;
use nalgebra::{DMatrix, DVector};

/// Forward (`central = false`) or central differences of a vector function at x.
pub fn fd_jacobian(
    f: &dyn Fn(&[f64]) -> Vec<f64>,
    x: &[f64],
    h: f64,
    central: bool,
) -> DMatrix<f64> {
    let f0 = f(x);
    let mut j = DMatrix::zeros(f0.len(), x.len());
    let mut xp = x.to_vec();
    for c in 0..x.len() {
        xp[c] = x[c] + h;
        let fp = f(&xp);
        let col: Vec<f64> = if central {
            xp[c] = x[c] - h;
            let fm = f(&xp);
            fp.iter()
                .zip(&fm)
                .map(|(a, b)| (a - b) / (2.0 * h))
                .collect()
        } else {
            fp.iter().zip(&f0).map(|(a, b)| (a - b) / h).collect()
        };
        xp[c] = x[c];
        j.set_column(c, &DVector::from_vec(col));
    }
    j
}

/// Exact Jacobian of component expressions: row i is ∇fᵢ.
pub fn exact_jacobian(components: &[Objective], x: &[f64]) -> DMatrix<f64> {
    let mut j = DMatrix::zeros(components.len(), x.len());
    for (i, c) in components.iter().enumerate() {
        j.set_row(i, &c.gradient(x).transpose());
    }
    j
}

/// softmax(x), computed stably.
pub fn softmax(x: &[f64]) -> Vec<f64> {
    let m = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let e: Vec<f64> = x.iter().map(|v| (v - m).exp()).collect();
    let s: f64 = e.iter().sum();
    e.iter().map(|v| v / s).collect()
}

/// ∂softmax/∂x = diag(s) − s sᵀ.
pub fn softmax_jacobian(x: &[f64]) -> DMatrix<f64> {
    let s = DVector::from_vec(softmax(x));
    DMatrix::from_diagonal(&s) - &s * s.transpose()
}

/// max |A − B| / max |B|.
pub fn rel_max_error(a: &DMatrix<f64>, b: &DMatrix<f64>) -> f64 {
    let num = (a - b).iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let den = b.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    num / den
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn softmax_jacobian_identity_matches_differences() {
        let x = [0.3, -1.2, 2.0, 0.7];
        let exact = softmax_jacobian(&x);
        let fd = fd_jacobian(&softmax, &x, 1e-5, true);
        assert!(rel_max_error(&fd, &exact) < 1e-9);
        // Rows sum to zero: the outputs always sum to one.
        for i in 0..4 {
            assert!(exact.row(i).sum().abs() < 1e-15);
        }
        assert_relative_eq!(exact, exact.transpose(), epsilon = 1e-18);
    }

    #[test]
    fn optimal_steps_scale_as_predicted() {
        let f = |x: &[f64]| vec![x[0].exp()];
        let exact = DMatrix::from_element(1, 1, 1f64.exp());
        let hs: Vec<f64> = (0..=160)
            .map(|k| 10f64.powf(-1.0 - k as f64 * 0.1))
            .collect();
        let best = |central: bool| {
            hs.iter()
                .copied()
                .min_by(|&a, &b| {
                    let ea = rel_max_error(&fd_jacobian(&f, &[1.0], a, central), &exact);
                    let eb = rel_max_error(&fd_jacobian(&f, &[1.0], b, central), &exact);
                    ea.total_cmp(&eb)
                })
                .unwrap()
        };
        let eps = f64::EPSILON;
        let (hf, hc) = (best(false), best(true));
        assert!(
            hf > eps.sqrt() / 30.0 && hf < eps.sqrt() * 30.0,
            "forward {hf}"
        );
        assert!(
            hc > eps.cbrt() / 30.0 && hc < eps.cbrt() * 30.0,
            "central {hc}"
        );
    }

    #[test]
    fn exact_jacobian_of_expressions() {
        let vars = vec!["x".to_string(), "y".to_string()];
        let comps: Vec<Objective> = ["x^2*y", "5*x + sin(y)"]
            .iter()
            .map(|t| Objective::parse(t, Some(&vars)).unwrap())
            .collect();
        let j = exact_jacobian(&comps, &[1.0, 2.0]);
        assert_relative_eq!(j[(0, 0)], 4.0);
        assert_relative_eq!(j[(0, 1)], 1.0);
        assert_relative_eq!(j[(1, 0)], 5.0);
        assert_relative_eq!(j[(1, 1)], 2f64.cos());
    }
}
