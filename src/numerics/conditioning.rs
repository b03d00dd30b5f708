//! Condition numbers and the error they allow when solving Ax = b.
//!
//! κ from eigenvalues (|λ|max/|λ|min, for symmetric matrices) and from singular values
//! (σmax/σmin = κ₂); solves in f64 and f32 by LU with partial pivoting (nalgebra). The bound
//! ‖δx‖/‖x‖ ≤ κ(A)·‖δb‖/‖b‖ holds for any algorithm: sensitivity belongs to the matrix.

use super::rng::Rng;
use nalgebra::{DMatrix, DVector};

/// The n×n Hilbert matrix Hᵢⱼ = 1/(i + j − 1), the classic ill-conditioned example.
pub fn hilbert(n: usize) -> DMatrix<f64> {
    DMatrix::from_fn(n, n, |i, j| 1.0 / (i + j + 1) as f64)
}

/// The inverse of the n×n Hilbert matrix, whose entries are integers:
/// (H⁻¹)ᵢⱼ = (−1)^(i+j) (i+j−1) C(n+i−1, n−j) C(n+j−1, n−i) C(i+j−2, i−1)² (1-based),
/// each entry a product of binomials computed in f64 (relative error a few ε each).
pub fn hilbert_inverse(n: usize) -> DMatrix<f64> {
    fn binom(n: usize, k: usize) -> f64 {
        (0..k).fold(1.0, |acc, t| acc * (n - t) as f64 / (t + 1) as f64)
    }
    DMatrix::from_fn(n, n, |i, j| {
        let (i, j) = (i + 1, j + 1);
        let sign = if (i + j) % 2 == 0 { 1.0 } else { -1.0 };
        sign * (i + j - 1) as f64
            * binom(n + i - 1, n - j)
            * binom(n + j - 1, n - i)
            * binom(i + j - 2, i - 1).powi(2)
    })
}

/// κ₂(Hₙ) = λmax(Hₙ)·λmax(Hₙ⁻¹), both largest eigenvalues of symmetric positive definite
/// matrices, which f64 resolves to a few ε relative, with Hₙ⁻¹ from its closed form: exact to
/// about 1e-14 relative for every n, where σmax/σmin of Hₙ itself loses all digits once
/// κ·ε approaches 1.
pub fn hilbert_cond_exact(n: usize) -> f64 {
    let lmax = |m: DMatrix<f64>| m.symmetric_eigen().eigenvalues.max();
    lmax(hilbert(n)) * lmax(hilbert_inverse(n))
}

/// [[1, 1], [1, 1 + δ]]: singular at δ = 0, κ ≈ 4/δ for small δ.
pub fn near_singular(delta: f64) -> DMatrix<f64> {
    DMatrix::from_row_slice(2, 2, &[1.0, 1.0, 1.0, 1.0 + delta])
}

/// Q·diag(λ)·Qᵀ with a random orthogonal Q (QR of a Gaussian matrix, signs fixed so the
/// distribution is Haar).
pub fn with_spectrum(eigs: &[f64], seed: u64) -> DMatrix<f64> {
    let n = eigs.len();
    let mut rng = Rng::new(seed);
    let g = DMatrix::from_fn(n, n, |_, _| rng.normal());
    let qr = g.qr();
    let mut q = qr.q();
    let r = qr.r();
    for j in 0..n {
        if r[(j, j)] < 0.0 {
            let col = -q.column(j);
            q.set_column(j, &col);
        }
    }
    let d = DMatrix::from_diagonal(&DVector::from_column_slice(eigs));
    let a = &q * d * q.transpose();
    // Symmetric to the last bit.
    (&a + a.transpose()) * 0.5
}

/// |λ|max / |λ|min of a symmetric matrix.
pub fn cond_eig(a: &DMatrix<f64>) -> f64 {
    let e = a.clone().symmetric_eigen().eigenvalues;
    let max = e.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let min = e.iter().fold(f64::INFINITY, |m, v| m.min(v.abs()));
    max / min
}

/// σmax / σmin: the 2-norm condition number.
pub fn cond_svd(a: &DMatrix<f64>) -> f64 {
    let s = a.clone().svd(false, false).singular_values;
    let max = s.iter().fold(0.0f64, |m, v| m.max(*v));
    let min = s.iter().fold(f64::INFINITY, |m, v| m.min(*v));
    max / min
}

fn rel_err(x: &[f64], truth: &[f64]) -> f64 {
    let num: f64 = x
        .iter()
        .zip(truth)
        .map(|(a, b)| (a - b).powi(2))
        .sum::<f64>()
        .sqrt();
    let den: f64 = truth.iter().map(|b| b * b).sum::<f64>().sqrt();
    num / den
}

/// Relative error of the f64 LU solution of A x = b against `truth`
/// (infinite when the factorization fails).
pub fn solve_error_f64(a: &DMatrix<f64>, b: &DVector<f64>, truth: &[f64]) -> f64 {
    match a.clone().lu().solve(b) {
        Some(x) => rel_err(x.as_slice(), truth),
        None => f64::INFINITY,
    }
}

/// The same with A and b rounded to f32 and the whole solve in f32.
pub fn solve_error_f32(a: &DMatrix<f64>, b: &DVector<f64>, truth: &[f64]) -> f64 {
    let a32 = a.map(|v| v as f32);
    let b32 = b.map(|v| v as f32);
    match a32.lu().solve(&b32) {
        Some(x) => {
            let x: Vec<f64> = x.iter().map(|&v| v as f64).collect();
            rel_err(&x, truth)
        }
        None => f64::INFINITY,
    }
}

/// b perturbed by a random direction of relative size `eta`: b + η‖b‖u, ‖u‖ = 1.
pub fn perturb(b: &DVector<f64>, eta: f64, seed: u64) -> DVector<f64> {
    let mut rng = Rng::new(seed);
    let u = DVector::from_fn(b.len(), |_, _| rng.normal());
    let u = &u / u.norm();
    b + u * (eta * b.norm())
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn hilbert_condition_numbers() {
        assert_relative_eq!(cond_svd(&hilbert(4)), 1.5514e4, max_relative = 1e-4);
        assert_relative_eq!(
            cond_eig(&hilbert(4)),
            cond_svd(&hilbert(4)),
            max_relative = 1e-10
        );
        assert_relative_eq!(
            cond_svd(&hilbert(2)),
            19.281470067903967,
            max_relative = 1e-10
        );
        assert!(cond_svd(&hilbert(10)) > 1e13);
    }

    #[test]
    fn exact_hilbert_condition_numbers() {
        // Published values of κ₂(Hₙ) (exact arithmetic).
        assert_relative_eq!(
            hilbert_cond_exact(4),
            1.5513738738929e4,
            max_relative = 1e-12
        );
        assert_relative_eq!(hilbert_cond_exact(8), 1.5257575742e10, max_relative = 1e-9);
        assert_relative_eq!(hilbert_cond_exact(12), 1.7132e16, max_relative = 1e-4);
        assert_eq!(hilbert_inverse(3)[(1, 1)], 192.0);
        let id = hilbert(6) * hilbert_inverse(6);
        assert!((id - DMatrix::identity(6, 6)).amax() < 1e-6);
    }

    #[test]
    fn near_singular_is_about_four_over_delta() {
        for d in [1e-2, 1e-4, 1e-6] {
            assert_relative_eq!(cond_svd(&near_singular(d)), 4.0 / d, max_relative = 0.02);
        }
    }

    #[test]
    fn chosen_spectrum_is_kept() {
        let a = with_spectrum(&[1.0, 1e-3, 1e-6], 3);
        assert_relative_eq!(cond_eig(&a), 1e6, max_relative = 1e-6);
        assert_relative_eq!(cond_svd(&a), 1e6, max_relative = 1e-6);
    }

    #[test]
    fn the_perturbation_bound_holds() {
        for n in 2..9 {
            let a = hilbert(n);
            let ones = vec![1.0; n];
            let b = &a * DVector::from_column_slice(&ones);
            let eta = 1e-10;
            let err = solve_error_f64(&a, &perturb(&b, eta, n as u64), &ones);
            // Rounding in the solve adds a little on top of κ·η.
            assert!(
                err <= cond_svd(&a) * eta * 1.01 + 1e-15 * cond_svd(&a) * 10.0,
                "n={n}: {err}"
            );
        }
        let b = hilbert(8) * DVector::from_element(8, 1.0);
        assert!(
            solve_error_f32(&hilbert(8), &b, &[1.0; 8])
                > solve_error_f64(&hilbert(8), &b, &[1.0; 8])
        );
    }
}
