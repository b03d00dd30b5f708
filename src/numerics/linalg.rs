//! Small dense linear algebra helpers on top of nalgebra.

use nalgebra::{DMatrix, DVector};

/// Eigen-decomposition of a symmetric matrix, eigenvalues ascending, eigenvectors as the
/// matching columns. (nalgebra's `symmetric_eigen` does not sort.)
pub fn sym_eigen(m: &DMatrix<f64>) -> (Vec<f64>, DMatrix<f64>) {
    let n = m.nrows();
    if m.iter().any(|v| !v.is_finite()) {
        return (vec![f64::NAN; n], DMatrix::from_element(n, n, f64::NAN));
    }
    let e = m.clone().symmetric_eigen();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| e.eigenvalues[a].total_cmp(&e.eigenvalues[b]));
    let values = order.iter().map(|&i| e.eigenvalues[i]).collect();
    let mut vectors = DMatrix::zeros(n, n);
    for (k, &i) in order.iter().enumerate() {
        let mut v = e.eigenvectors.column(i).clone_owned();
        // A fixed sign convention keeps plots and data identical from run to run.
        let lead = v.iter().copied().find(|c| c.abs() > 1e-12).unwrap_or(1.0);
        if lead < 0.0 {
            v = -v;
        }
        vectors.set_column(k, &v);
    }
    (values, vectors)
}

/// Sorted eigenvalues of a symmetric matrix.
pub fn sym_eigenvalues(m: &DMatrix<f64>) -> Vec<f64> {
    sym_eigen(m).0
}

/// Solves H d = g; `None` when H is singular (or not finite).
pub fn solve(h: &DMatrix<f64>, g: &DVector<f64>) -> Option<DVector<f64>> {
    if h.iter().chain(g.iter()).any(|v| !v.is_finite()) {
        return None;
    }
    let d = h.clone().lu().solve(g)?;
    d.iter().all(|v| v.is_finite()).then_some(d)
}

/// Euclidean norm that tolerates non-finite entries (returns inf/NaN rather than panicking).
pub fn norm(v: &DVector<f64>) -> f64 {
    let plain = v.iter().map(|c| c * c).sum::<f64>().sqrt();
    // Where the squares overflow (a gradient of 1e157 squares past f64's 1.8e308) or
    // underflow, the norm is computed scaled by the largest entry: finite entries have a
    // finite norm. Elsewhere the plain sum, bit for bit.
    let largest = v.iter().fold(0.0_f64, |m, c| m.max(c.abs()));
    if plain.is_finite() && (plain > 0.0 || largest == 0.0) || !largest.is_finite() {
        return plain;
    }
    largest * v.iter().map(|c| (c / largest).powi(2)).sum::<f64>().sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_norm_of_huge_and_tiny_finite_vectors_is_finite() {
        let v = DVector::from_vec(vec![-3.4364e157, -8.39e103]);
        assert!((norm(&v) / 3.4364e157 - 1.0).abs() < 1e-15);
        let t = DVector::from_vec(vec![3e-170, 4e-170]);
        assert!((norm(&t) / 5e-170 - 1.0).abs() < 1e-15);
        assert_eq!(norm(&DVector::from_vec(vec![3.0, 4.0])), 5.0);
        assert!(norm(&DVector::from_vec(vec![f64::INFINITY, 1.0])).is_infinite());
        assert!(norm(&DVector::from_vec(vec![f64::NAN, 1.0])).is_nan());
        assert_eq!(norm(&DVector::from_vec(vec![0.0, 0.0])), 0.0);
    }
    use approx::assert_relative_eq;

    #[test]
    fn course_hessian_eigenvalues() {
        // 2x² + 3y² − xy: H = [[4, −1], [−1, 6]], λ = 5 ± √2.
        let h = DMatrix::from_row_slice(2, 2, &[4.0, -1.0, -1.0, 6.0]);
        let (vals, vecs) = sym_eigen(&h);
        assert_relative_eq!(vals[0], 5.0 - 2f64.sqrt(), max_relative = 1e-12);
        assert_relative_eq!(vals[1], 5.0 + 2f64.sqrt(), max_relative = 1e-12);
        for (k, val) in vals.iter().enumerate() {
            let v = vecs.column(k);
            let hv = &h * v;
            assert_relative_eq!(hv[0], val * v[0], epsilon = 1e-12);
            assert_relative_eq!(hv[1], val * v[1], epsilon = 1e-12);
        }
    }

    #[test]
    fn singular_systems_are_none() {
        let h = DMatrix::from_row_slice(2, 2, &[1.0, 1.0, 1.0, 1.0]);
        assert!(solve(&h, &DVector::from_vec(vec![1.0, 0.0])).is_none());
    }
}

/// What the second-order test says about a point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Critical {
    /// All Hessian eigenvalues > 0 (1-D: f'' > 0).
    Minimum,
    /// All eigenvalues < 0.
    Maximum,
    /// Eigenvalues of both signs, none zero.
    Saddle,
    /// Some eigenvalue is zero: the second-order test cannot decide.
    Inconclusive,
    /// The gradient is not zero: not a critical point at all.
    NotCritical,
}

impl Critical {
    pub fn as_str(self) -> &'static str {
        match self {
            Critical::Minimum => "minimum",
            Critical::Maximum => "maximum",
            Critical::Saddle => "saddle",
            Critical::Inconclusive => "inconclusive",
            Critical::NotCritical => "not_critical",
        }
    }
}

/// The second-derivative test (Goodfellow et al. §4.3.1): a critical point (‖∇f‖ ≤
/// `critical_tol`) is a minimum when every eigenvalue of the Hessian is positive, a
/// maximum when every one is negative, a saddle when both signs occur, and inconclusive
/// when one is zero (|λ| ≤ `zero_tol`·max(1, max|λ|)).
pub fn classify(grad_norm: f64, eigenvalues: &[f64], critical_tol: f64, zero_tol: f64) -> Critical {
    // A NaN gradient norm is not critical either.
    if grad_norm.is_nan() || grad_norm > critical_tol {
        return Critical::NotCritical;
    }
    let scale = eigenvalues.iter().fold(1.0f64, |m, v| m.max(v.abs()));
    if eigenvalues
        .iter()
        .any(|v| v.abs() <= zero_tol * scale || !v.is_finite())
    {
        Critical::Inconclusive
    } else if eigenvalues.iter().all(|&v| v > 0.0) {
        Critical::Minimum
    } else if eigenvalues.iter().all(|&v| v < 0.0) {
        Critical::Maximum
    } else {
        Critical::Saddle
    }
}

#[cfg(test)]
mod classify_tests {
    use super::*;

    #[test]
    fn the_course_table() {
        assert_eq!(classify(0.0, &[3.59, 6.41], 1e-8, 1e-8), Critical::Minimum);
        assert_eq!(
            classify(0.0, &[-6.41, -3.59], 1e-8, 1e-8),
            Critical::Maximum
        );
        assert_eq!(classify(0.0, &[-4.0, 4.0], 1e-8, 1e-8), Critical::Saddle);
        assert_eq!(
            classify(0.0, &[0.0, 2.0], 1e-8, 1e-8),
            Critical::Inconclusive
        );
        assert_eq!(classify(0.0, &[0.0], 1e-8, 1e-8), Critical::Inconclusive);
        assert_eq!(classify(1.0, &[2.0], 1e-8, 1e-8), Critical::NotCritical);
        assert_eq!(
            classify(f64::NAN, &[2.0], 1e-8, 1e-8),
            Critical::NotCritical
        );
    }
}
