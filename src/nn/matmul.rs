//! The engine's three matrix products (W·X forward; ∂L/∂Z·Xᵀ and Wᵀ·∂L/∂Z backward) through
//! the `gemm` crate: packed, cache-blocked kernels chosen at run time for the CPU's SIMD
//! (AVX2/FMA, AVX-512), on rayon's threads for large products. Transposes are strides, so
//! no transposed copy is made.
//!
//! Deterministic: `gemm` splits a product over blocks of the output only; every element's
//! sum over k runs in the same order whatever the thread count, so results are the same
//! bytes on 1 thread or many (tested below). A call from inside a sweep's rayon worker
//! shares that pool, so trials in parallel and threads inside a trial never oversubscribe
//! the cores.

use super::float::Float;
use nalgebra::{DMatrix, Dyn};

/// op(A)·op(B), with op the transpose where `ta`/`tb` say so (f32 or f64: gemm picks the
/// kernels for the type).
pub fn matmul<T: Float>(a: &DMatrix<T>, ta: bool, b: &DMatrix<T>, tb: bool) -> DMatrix<T> {
    matmul_with(a, ta, b, tb, gemm::Parallelism::Rayon(0))
}

fn matmul_with<T: Float>(
    a: &DMatrix<T>,
    ta: bool,
    b: &DMatrix<T>,
    tb: bool,
    parallelism: gemm::Parallelism,
) -> DMatrix<T> {
    let (m, k) = if ta {
        (a.ncols(), a.nrows())
    } else {
        (a.nrows(), a.ncols())
    };
    let (kb, n) = if tb {
        (b.ncols(), b.nrows())
    } else {
        (b.nrows(), b.ncols())
    };
    assert_eq!(k, kb, "matmul: inner dimensions differ");
    if m == 0 || n == 0 || k == 0 {
        return DMatrix::<T>::zeros(m, n);
    }
    // The output is written whole by gemm (`read_dst = false`), so it is not zeroed first.
    let mut c = nalgebra::UninitMatrix::<T, Dyn, Dyn>::uninit(Dyn(m), Dyn(n));
    // Column-major storage: element (i, j) at i + j·nrows. (row stride, column stride) of
    // op(M): (1, nrows) as stored, (nrows, 1) transposed.
    let strides = |mat: &DMatrix<T>, t: bool| -> (isize, isize) {
        let r = mat.nrows() as isize;
        if t {
            (r, 1)
        } else {
            (1, r)
        }
    };
    let (a_rs, a_cs) = strides(a, ta);
    let (b_rs, b_cs) = strides(b, tb);
    let c_cs = m as isize;
    // SAFETY: every pointer covers its matrix (m×k, k×n, m×n elements at the strides
    // above, all in bounds), `c` is a fresh allocation that aliases neither input, and
    // `read_dst = false` means c is written, never read: c := 1·op(A)·op(B), every element
    // of it, so it is initialized afterwards.
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            c.as_mut_ptr() as *mut T,
            c_cs,
            1,
            false,
            a.as_ptr(),
            a_cs,
            a_rs,
            b.as_ptr(),
            b_cs,
            b_rs,
            T::zero(),
            T::one(),
            false,
            false,
            false,
            parallelism,
        );
        c.assume_init()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numerics::rng::Rng;

    fn random(r: usize, c: usize, rng: &mut Rng) -> DMatrix<f64> {
        DMatrix::from_fn(r, c, |_, _| rng.normal())
    }

    #[test]
    fn products_and_transposes_match_nalgebra() {
        let mut rng = Rng::new(3);
        for &(m, k, n) in &[(1, 1, 1), (3, 5, 2), (64, 37, 129), (10, 1, 7), (0, 4, 3)] {
            let a = random(m, k, &mut rng);
            let b = random(k, n, &mut rng);
            let want = &a * &b;
            let at = a.transpose();
            let bt = b.transpose();
            for (got, what) in [
                (matmul(&a, false, &b, false), "A·B"),
                (matmul(&at, true, &b, false), "(Aᵀ)ᵀ·B"),
                (matmul(&a, false, &bt, true), "A·(Bᵀ)ᵀ"),
                (matmul(&at, true, &bt, true), "(Aᵀ)ᵀ·(Bᵀ)ᵀ"),
            ] {
                assert_eq!(got.shape(), (m, n));
                let err = (&got - &want).abs().max();
                assert!(
                    err <= 1e-12 * (k as f64).max(1.0),
                    "{what} {m}×{k}×{n}: {err}"
                );
            }
        }
    }

    #[test]
    fn threads_do_not_change_a_single_bit() {
        let mut rng = Rng::new(7);
        let (a, b) = (random(512, 784, &mut rng), random(784, 128, &mut rng));
        let one = matmul_with(&a, false, &b, false, gemm::Parallelism::None);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap();
        let many = pool.install(|| matmul_with(&a, false, &b, false, gemm::Parallelism::Rayon(4)));
        assert!(one
            .iter()
            .zip(many.iter())
            .all(|(x, y)| x.to_bits() == y.to_bits()));
        let dw = matmul_with(&b, true, &a, true, gemm::Parallelism::None);
        let dw4 = pool.install(|| matmul_with(&b, true, &a, true, gemm::Parallelism::Rayon(4)));
        assert!(dw
            .iter()
            .zip(dw4.iter())
            .all(|(x, y)| x.to_bits() == y.to_bits()));
    }

    #[test]
    fn f32_products_match_f64_to_f32_precision_whatever_the_threads() {
        let mut rng = Rng::new(5);
        let (a, b) = (random(300, 784, &mut rng), random(784, 64, &mut rng));
        let to32 = |m: &DMatrix<f64>| m.map(|v| v as f32);
        let (a32, b32) = (to32(&a), to32(&b));
        // The f64 product of the f32 inputs is the exact reference for f32's own sums.
        let want = matmul(&a32.map(f64::from), false, &b32.map(f64::from), false);
        for (got, what) in [
            (matmul(&a32, false, &b32, false), "A·B"),
            (matmul(&a32.transpose(), true, &b32, false), "(Aᵀ)ᵀ·B"),
        ] {
            // A sum of 784 products of N(0, 1) numbers: |error| ≲ k·ε·Σ|aᵢbᵢ| ≈ 784·6e-8·630.
            let err = (&got.map(f64::from) - &want).abs().max();
            assert!(err > 0.0 && err < 1e-3, "{what}: {err}");
        }
        let one = matmul_with(&b32, true, &a32, true, gemm::Parallelism::None);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap();
        let many =
            pool.install(|| matmul_with(&b32, true, &a32, true, gemm::Parallelism::Rayon(4)));
        assert!(one
            .iter()
            .zip(many.iter())
            .all(|(x, y)| x.to_bits() == y.to_bits()));
    }
}
