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

use nalgebra::DMatrix;

/// op(A)·op(B), with op the transpose where `ta`/`tb` say so.
pub fn matmul(a: &DMatrix<f64>, ta: bool, b: &DMatrix<f64>, tb: bool) -> DMatrix<f64> {
    matmul_with(a, ta, b, tb, gemm::Parallelism::Rayon(0))
}

fn matmul_with(
    a: &DMatrix<f64>,
    ta: bool,
    b: &DMatrix<f64>,
    tb: bool,
    parallelism: gemm::Parallelism,
) -> DMatrix<f64> {
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
    let mut c = DMatrix::<f64>::zeros(m, n);
    if m == 0 || n == 0 || k == 0 {
        return c;
    }
    // Column-major storage: element (i, j) at i + j·nrows. (row stride, column stride) of
    // op(M): (1, nrows) as stored, (nrows, 1) transposed.
    let strides = |mat: &DMatrix<f64>, t: bool| -> (isize, isize) {
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
    // `read_dst = false` means c's zeros are not read: c := 1·op(A)·op(B).
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            c.as_mut_ptr(),
            c_cs,
            1,
            false,
            a.as_ptr(),
            a_cs,
            a_rs,
            b.as_ptr(),
            b_cs,
            b_rs,
            0.0,
            1.0,
            false,
            false,
            false,
            parallelism,
        );
    }
    c
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
}
