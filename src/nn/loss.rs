//! Losses, averaged over the batch, and their gradients with respect to the network output.
//!
//! As in PyTorch: `MSELoss` = mean of squared errors over all elements;
//! `BCEWithLogitsLoss` = mean of max(z, 0) − z·y + ln(1 + e^−|z|) (stable for any z);
//! `CrossEntropyLoss` on logits = mean of log-sum-exp(z) − z_y, through the max shift.

use super::float::Float;
use nalgebra::DMatrix;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Loss {
    Mse,
    BceWithLogits,
    SoftmaxCrossEntropy,
}

impl Loss {
    /// The loss and ∂L/∂output. `out` and `target` are `outputs × batch`; for softmax
    /// cross-entropy the target is one-hot. Computed in `T`, as PyTorch computes an f32
    /// network's loss in f32.
    pub fn value_and_grad<T: Float>(
        self,
        out: &DMatrix<T>,
        target: &DMatrix<T>,
    ) -> (T, DMatrix<T>) {
        let n = T::of(out.ncols() as f64);
        match self {
            Loss::Mse => {
                let diff = out - target;
                let count = T::of(out.len() as f64);
                (diff.norm_squared() / count, diff * (T::of(2.0) / count))
            }
            Loss::BceWithLogits => {
                let mut l = T::zero();
                let count = T::of(out.len() as f64);
                let g = DMatrix::from_fn(out.nrows(), out.ncols(), |i, j| {
                    let (z, y) = (out[(i, j)], target[(i, j)]);
                    l += z.max(T::zero()) - z * y + (-z.abs()).exp().ln_1p();
                    (super::activation::sigmoid(z) - y) / count
                });
                (l / count, g)
            }
            Loss::SoftmaxCrossEntropy => {
                let mut l = T::zero();
                let mut g = DMatrix::zeros(out.nrows(), out.ncols());
                for j in 0..out.ncols() {
                    let col = out.column(j);
                    let m = col.max();
                    let lse = m + col.iter().map(|&z| (z - m).exp()).sum::<T>().ln();
                    for i in 0..out.nrows() {
                        let logp = out[(i, j)] - lse;
                        l -= target[(i, j)] * logp;
                        g[(i, j)] = (logp.exp() - target[(i, j)]) / n;
                    }
                }
                (l / n, g)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn losses_are_stable_and_their_gradients_right() {
        let out = DMatrix::<f64>::from_row_slice(3, 2, &[1000.0, -2.0, 0.5, 3.0, -1000.0, 0.1]);
        let onehot = DMatrix::from_row_slice(3, 2, &[0.0, 1.0, 1.0, 0.0, 0.0, 0.0]);
        let (l, _) = Loss::SoftmaxCrossEntropy.value_and_grad(&out, &onehot);
        // Column 0: log-sum-exp ≈ 1000, z_y = 0.5 → 999.5; column 1 is finite.
        assert!(l.is_finite() && l > 499.0);
        for loss in [Loss::Mse, Loss::BceWithLogits, Loss::SoftmaxCrossEntropy] {
            let z = DMatrix::from_row_slice(3, 2, &[0.3, -1.2, 0.8, 2.0, -0.4, 0.1]);
            let t = if loss == Loss::Mse {
                DMatrix::from_row_slice(3, 2, &[1.0, 0.5, -0.3, 0.2, 0.0, 1.5])
            } else {
                onehot.clone()
            };
            let (_, g) = loss.value_and_grad(&z, &t);
            let h = 1e-6;
            for k in 0..z.len() {
                let (mut zp, mut zm) = (z.clone(), z.clone());
                zp[k] += h;
                zm[k] -= h;
                let fd =
                    (loss.value_and_grad(&zp, &t).0 - loss.value_and_grad(&zm, &t).0) / (2.0 * h);
                assert_relative_eq!(g[k], fd, max_relative = 1e-7, epsilon = 1e-10);
            }
        }
        let big = DMatrix::from_row_slice(1, 2, &[800.0, -800.0]);
        let y = DMatrix::from_row_slice(1, 2, &[0.0, 1.0]);
        let (l, _) = Loss::BceWithLogits.value_and_grad(&big, &y);
        assert_relative_eq!(l, 800.0, max_relative = 1e-12);
    }
}
