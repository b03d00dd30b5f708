//! Dense layers with optional batch normalization and dropout, the forward pass, and the
//! backward pass by the chain rule.
//!
//! One layer, for a batch X (inputs × batch):
//! Z = W·X + b → U = BN(Z) (or U = Z) → A = f(U) → Y = dropout(A).
//! Batch normalization follows Ioffe & Szegedy (2015) and PyTorch's `BatchNorm1d`
//! (biased batch variance to normalize, unbiased to update running statistics,
//! momentum 0.1, eps 1e-5); dropout is inverted (kept units scaled by 1/(1 − p)); alpha
//! dropout follows Klambauer et al. (2017) and PyTorch's `AlphaDropout`.

use super::activation::{Activation, SELU_ALPHA, SELU_LAMBDA};
use super::init::Init;
use super::matmul::matmul;
use crate::numerics::rng::Rng;
use nalgebra::{DMatrix, DVector};

/// What one layer is.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerSpec {
    pub units: usize,
    pub activation: Activation,
    pub batch_norm: bool,
    /// Dropout probability p (0 = none).
    pub dropout: f64,
    /// Alpha dropout (for SELU) instead of ordinary dropout.
    pub alpha_dropout: bool,
}

impl LayerSpec {
    pub fn dense(units: usize, activation: Activation) -> LayerSpec {
        LayerSpec {
            units,
            activation,
            batch_norm: false,
            dropout: 0.0,
            alpha_dropout: false,
        }
    }
}

/// Batch-normalization parameters and running statistics.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchNorm {
    pub gamma: DVector<f64>,
    pub beta: DVector<f64>,
    pub running_mean: DVector<f64>,
    pub running_var: DVector<f64>,
}

/// BatchNorm1d defaults.
pub const BN_MOMENTUM: f64 = 0.1;
pub const BN_EPS: f64 = 1e-5;

#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    pub w: DMatrix<f64>,
    pub b: DVector<f64>,
    pub activation: Activation,
    /// PReLU's learned slope (PyTorch's initial value 0.25); unused by other activations.
    pub slope: f64,
    pub bn: Option<BatchNorm>,
    pub dropout: f64,
    pub alpha_dropout: bool,
}

/// How the forward pass treats batch norm and dropout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Batch statistics (and running statistics updated), dropout on.
    Train,
    /// Running statistics, dropout off.
    Eval,
    /// Running statistics, dropout on: one Monte Carlo dropout sample (Gal & Ghahramani 2016).
    McDropout,
}

/// What the backward pass needs from the forward pass of one layer.
#[derive(Debug, Clone)]
pub struct Cache {
    pub x: DMatrix<f64>,
    /// Normalized Z (batch norm only) and 1/√(var + eps) per unit.
    pub zhat: Option<DMatrix<f64>>,
    pub inv_std: Option<DVector<f64>>,
    /// Pre-activation U (after batch norm, if any).
    pub u: DMatrix<f64>,
    /// Activation output before dropout.
    pub a: DMatrix<f64>,
    /// ∂Y/∂A of dropout per element (0 for dropped units, the scale otherwise).
    pub mask: Option<DMatrix<f64>>,
}

/// Gradients of one layer's parameters, and the back-propagated signal.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerGrad {
    pub w: DMatrix<f64>,
    pub b: DVector<f64>,
    pub slope: f64,
    pub gamma: Option<DVector<f64>>,
    pub beta: Option<DVector<f64>>,
    /// ∂L/∂U: the gradient at the layer's pre-activation.
    pub du: DMatrix<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    pub inputs: usize,
    pub layers: Vec<Layer>,
}

impl Network {
    /// A network with weights from `init` (biases 0, γ = 1, β = 0, PReLU slope 0.25).
    pub fn new(inputs: usize, specs: &[LayerSpec], init: Init, rng: &mut Rng) -> Network {
        let mut fan_in = inputs;
        let layers = specs
            .iter()
            .map(|s| {
                let layer = Layer {
                    w: init.sample(fan_in, s.units, rng),
                    b: DVector::zeros(s.units),
                    activation: s.activation,
                    slope: 0.25,
                    bn: s.batch_norm.then(|| BatchNorm {
                        gamma: DVector::from_element(s.units, 1.0),
                        beta: DVector::zeros(s.units),
                        running_mean: DVector::zeros(s.units),
                        running_var: DVector::from_element(s.units, 1.0),
                    }),
                    dropout: s.dropout,
                    alpha_dropout: s.alpha_dropout,
                };
                fan_in = s.units;
                layer
            })
            .collect();
        Network { inputs, layers }
    }

    /// The forward pass; returns the output and each layer's cache.
    pub fn forward(
        &mut self,
        x: &DMatrix<f64>,
        mode: Mode,
        rng: &mut Rng,
    ) -> (DMatrix<f64>, Vec<Cache>) {
        let mut caches = Vec::with_capacity(self.layers.len());
        let mut input = x.clone();
        for layer in &mut self.layers {
            let n = input.ncols();
            let mut z = matmul(&layer.w, false, &input, false);
            for mut col in z.column_iter_mut() {
                col += &layer.b;
            }
            let (zhat, inv_std, u) = match &mut layer.bn {
                None => (None, None, z),
                Some(bn) => {
                    let (mean, var) = if mode == Mode::Train {
                        let mean = z.column_mean();
                        let var = DVector::from_fn(z.nrows(), |i, _| {
                            z.row(i).iter().map(|v| (v - mean[i]).powi(2)).sum::<f64>() / n as f64
                        });
                        let unbiased = if n > 1 {
                            n as f64 / (n - 1) as f64
                        } else {
                            1.0
                        };
                        bn.running_mean =
                            &bn.running_mean * (1.0 - BN_MOMENTUM) + &mean * BN_MOMENTUM;
                        bn.running_var =
                            &bn.running_var * (1.0 - BN_MOMENTUM) + &var * (BN_MOMENTUM * unbiased);
                        (mean, var)
                    } else {
                        (bn.running_mean.clone(), bn.running_var.clone())
                    };
                    let inv_std = var.map(|v| 1.0 / (v + BN_EPS).sqrt());
                    let zhat =
                        DMatrix::from_fn(z.nrows(), n, |i, j| (z[(i, j)] - mean[i]) * inv_std[i]);
                    let u = DMatrix::from_fn(z.nrows(), n, |i, j| {
                        bn.gamma[i] * zhat[(i, j)] + bn.beta[i]
                    });
                    (Some(zhat), Some(inv_std), u)
                }
            };
            let (act, slope) = (layer.activation, layer.slope);
            let a = u.map(|v| act.f(v, slope));
            let drop = layer.dropout > 0.0 && mode != Mode::Eval;
            let (out, mask) = if drop {
                let p = layer.dropout;
                let keep: DMatrix<f64> =
                    DMatrix::from_fn(
                        a.nrows(),
                        n,
                        |_, _| if rng.uniform() < p { 0.0 } else { 1.0 },
                    );
                if layer.alpha_dropout {
                    let alpha_p = -SELU_LAMBDA * SELU_ALPHA;
                    let q = 1.0 - p;
                    let sa = (q + alpha_p * alpha_p * q * p).powf(-0.5);
                    let sb = -sa * alpha_p * p;
                    let out = DMatrix::from_fn(a.nrows(), n, |i, j| {
                        let k = keep[(i, j)];
                        sa * (a[(i, j)] * k + alpha_p * (1.0 - k)) + sb
                    });
                    (out, Some(keep * sa))
                } else {
                    let scale = 1.0 / (1.0 - p);
                    let mask = keep * scale;
                    (a.component_mul(&mask), Some(mask))
                }
            } else {
                (a.clone(), None)
            };
            caches.push(Cache {
                x: input,
                zhat,
                inv_std,
                u,
                a,
                mask,
            });
            input = out;
        }
        (input, caches)
    }

    /// The backward pass from ∂L/∂output; returns every layer's gradients.
    pub fn backward(&self, caches: &[Cache], dout: &DMatrix<f64>) -> Vec<LayerGrad> {
        let mut grads: Vec<LayerGrad> = Vec::with_capacity(self.layers.len());
        let mut dy = dout.clone();
        for (layer, c) in self.layers.iter().zip(caches).rev() {
            // Dropout: Y = mask ∘ A (+ const), so ∂L/∂A = mask ∘ ∂L/∂Y.
            let da = match &c.mask {
                Some(m) => dy.component_mul(m),
                None => dy,
            };
            // Activation: A = f(U), elementwise.
            let (act, slope) = (layer.activation, layer.slope);
            let du = DMatrix::from_fn(da.nrows(), da.ncols(), |i, j| {
                da[(i, j)] * act.df(c.u[(i, j)], slope)
            });
            let dslope: f64 = da
                .iter()
                .zip(c.u.iter())
                .map(|(g, u)| g * act.dslope(*u))
                .sum();
            // Batch norm: U = γ·Ẑ + β with Ẑ = (Z − μ)/σ over the batch.
            let (dz, dgamma, dbeta) = match (&layer.bn, &c.zhat, &c.inv_std) {
                (Some(bn), Some(zhat), Some(inv_std)) => {
                    let n = du.ncols() as f64;
                    let dgamma = DVector::from_fn(du.nrows(), |i, _| du.row(i).dot(&zhat.row(i)));
                    let dbeta = DVector::from_fn(du.nrows(), |i, _| du.row(i).sum());
                    let dz = DMatrix::from_fn(du.nrows(), du.ncols(), |i, j| {
                        let dzhat = du[(i, j)] * bn.gamma[i];
                        // Σⱼ ∂L/∂ẑ = γ·∂L/∂β and Σⱼ ẑ·∂L/∂ẑ = γ·∂L/∂γ.
                        let sum_dzhat = bn.gamma[i] * dbeta[i];
                        let sum_dzhat_zhat = bn.gamma[i] * dgamma[i];
                        inv_std[i] / n * (n * dzhat - sum_dzhat - zhat[(i, j)] * sum_dzhat_zhat)
                    });
                    (dz, Some(dgamma), Some(dbeta))
                }
                _ => (du.clone(), None, None),
            };
            // Dense: Z = W·X + b.
            let dw = matmul(&dz, false, &c.x, true);
            let db = DVector::from_fn(dz.nrows(), |i, _| dz.row(i).sum());
            dy = matmul(&layer.w, true, &dz, false);
            grads.push(LayerGrad {
                w: dw,
                b: db,
                slope: dslope,
                gamma: dgamma,
                beta: dbeta,
                du,
            });
        }
        grads.reverse();
        grads
    }

    /// Every trainable parameter as a mutable slice, in a fixed order (W, b, slope when
    /// PReLU, γ and β when batch norm, per layer). Optimizers walk this list.
    pub fn params_mut(&mut self) -> Vec<&mut [f64]> {
        let mut out: Vec<&mut [f64]> = Vec::new();
        for l in &mut self.layers {
            out.push(l.w.as_mut_slice());
            out.push(l.b.as_mut_slice());
            if l.activation == Activation::Prelu {
                out.push(std::slice::from_mut(&mut l.slope));
            }
            if let Some(bn) = &mut l.bn {
                out.push(bn.gamma.as_mut_slice());
                out.push(bn.beta.as_mut_slice());
            }
        }
        out
    }

    /// How many tensors of [`Network::params_mut`] belong to the first `layers` layers.
    pub fn tensors_before(&self, layers: usize) -> usize {
        self.layers
            .iter()
            .take(layers)
            .map(|l| {
                2 + usize::from(l.activation == Activation::Prelu) + 2 * usize::from(l.bn.is_some())
            })
            .sum()
    }

    /// Gradients in the order of [`Network::params_mut`].
    pub fn flat_grads<'a>(&self, grads: &'a [LayerGrad]) -> Vec<std::borrow::Cow<'a, [f64]>> {
        let mut out = Vec::new();
        for (l, g) in self.layers.iter().zip(grads) {
            out.push(std::borrow::Cow::Borrowed(g.w.as_slice()));
            out.push(std::borrow::Cow::Borrowed(g.b.as_slice()));
            if l.activation == Activation::Prelu {
                out.push(std::borrow::Cow::Owned(vec![g.slope]));
            }
            if let (Some(gg), Some(gb)) = (&g.gamma, &g.beta) {
                out.push(std::borrow::Cow::Borrowed(gg.as_slice()));
                out.push(std::borrow::Cow::Borrowed(gb.as_slice()));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::loss::Loss;

    fn loss_of(net: &mut Network, x: &DMatrix<f64>, t: &DMatrix<f64>, loss: Loss) -> f64 {
        let (out, _) = net.forward(x, Mode::Train, &mut Rng::new(0));
        loss.value_and_grad(&out, t).0
    }

    /// Central-difference check of every parameter of a 3-4-4-k network.
    fn gradcheck(act: Activation, bn: bool, loss: Loss) {
        let mut rng = Rng::new(11);
        let k = if loss == Loss::Mse {
            2
        } else if loss == Loss::BceWithLogits {
            1
        } else {
            3
        };
        let specs = [
            LayerSpec {
                batch_norm: bn,
                ..LayerSpec::dense(4, act)
            },
            LayerSpec {
                batch_norm: bn,
                ..LayerSpec::dense(4, act)
            },
            LayerSpec::dense(k, Activation::Identity),
        ];
        let mut net = Network::new(3, &specs, Init::GlorotNormal, &mut rng);
        for l in &mut net.layers {
            l.b = DVector::from_fn(l.b.len(), |_, _| 0.3 * rng.normal());
            l.slope = 0.2;
            if let Some(bn) = &mut l.bn {
                bn.gamma = DVector::from_fn(bn.gamma.len(), |_, _| 1.0 + 0.2 * rng.normal());
                bn.beta = DVector::from_fn(bn.beta.len(), |_, _| 0.2 * rng.normal());
            }
        }
        let x = DMatrix::from_fn(3, 5, |_, _| rng.normal());
        let t = match loss {
            Loss::Mse => DMatrix::from_fn(k, 5, |_, _| rng.normal()),
            Loss::BceWithLogits => DMatrix::from_fn(1, 5, |_, j| (j % 2) as f64),
            Loss::SoftmaxCrossEntropy => {
                DMatrix::from_fn(3, 5, |i, j| if i == j % 3 { 1.0 } else { 0.0 })
            }
        };
        let (out, caches) = net.forward(&x, Mode::Train, &mut Rng::new(0));
        let (_, dout) = loss.value_and_grad(&out, &t);
        let grads = net.backward(&caches, &dout);
        let analytic: Vec<Vec<f64>> = net.flat_grads(&grads).iter().map(|g| g.to_vec()).collect();
        let h = 1e-5;
        for (pi, ga) in analytic.iter().enumerate() {
            for (k, &g) in ga.iter().enumerate() {
                let orig = net.params_mut()[pi][k];
                net.params_mut()[pi][k] = orig + h;
                let lp = loss_of(&mut net, &x, &t, loss);
                net.params_mut()[pi][k] = orig - h;
                let lm = loss_of(&mut net, &x, &t, loss);
                net.params_mut()[pi][k] = orig;
                let fd = (lp - lm) / (2.0 * h);
                // Relative error below 1e-7, with an absolute floor of 1e-9 for gradients
                // that are zero in exact arithmetic (the bias before batch norm), where the
                // difference quotient only sees rounding (≈ ε·L/h ≈ 1e-11).
                let diff = (g - fd).abs();
                let ok = diff <= 1e-7 * g.abs().max(fd.abs()) + 1e-9;
                assert!(
                    ok,
                    "{act:?} bn={bn} {loss:?} param {pi}[{k}]: {} vs {fd} ({diff:e})",
                    ga[k]
                );
            }
        }
    }

    #[test]
    fn gradients_match_central_differences_everywhere() {
        for act in Activation::ALL {
            for bn in [false, true] {
                for loss in [Loss::Mse, Loss::BceWithLogits, Loss::SoftmaxCrossEntropy] {
                    gradcheck(act, bn, loss);
                }
            }
        }
    }

    #[test]
    fn dropout_is_inverted_and_off_in_eval() {
        let mut rng = Rng::new(3);
        let specs = [LayerSpec {
            dropout: 0.5,
            ..LayerSpec::dense(200, Activation::Identity)
        }];
        let mut net = Network::new(1, &specs, Init::Constant { value: 1.0 }, &mut rng);
        let x = DMatrix::from_element(1, 50, 1.0);
        let (out, _) = net.forward(&x, Mode::Train, &mut rng);
        let mean = out.mean();
        assert!((mean - 1.0).abs() < 0.05, "expectation kept: {mean}");
        assert!(out.iter().filter(|v| **v == 0.0).count() > 4000);
        let (eval, _) = net.forward(&x, Mode::Eval, &mut rng);
        assert!(eval.iter().all(|v| *v == 1.0));
    }

    #[test]
    fn mc_dropout_samples_differ_and_average_to_the_eval_output() {
        let mut rng = Rng::new(4);
        let specs = [
            LayerSpec {
                dropout: 0.3,
                ..LayerSpec::dense(64, Activation::Relu)
            },
            LayerSpec::dense(1, Activation::Identity),
        ];
        let mut net = Network::new(2, &specs, Init::HeNormal, &mut rng);
        let x = DMatrix::from_row_slice(2, 1, &[0.5, -1.0]);
        let (eval, _) = net.forward(&x, Mode::Eval, &mut rng);
        let samples: Vec<f64> = (0..4000)
            .map(|_| net.forward(&x, Mode::McDropout, &mut rng).0[(0, 0)])
            .collect();
        let mean = samples.iter().sum::<f64>() / samples.len() as f64;
        let spread = samples.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / samples.len() as f64;
        assert!(spread > 0.0, "stochastic passes differ");
        // Inverted dropout keeps the expectation of a linear read-out of the dropped layer.
        assert!(
            (mean - eval[(0, 0)]).abs() < 4.0 * (spread / samples.len() as f64).sqrt() + 1e-9,
            "{mean} vs {}",
            eval[(0, 0)]
        );
    }

    #[test]
    fn alpha_dropout_keeps_mean_and_variance_of_selu_outputs() {
        let mut rng = Rng::new(5);
        let specs = [LayerSpec {
            dropout: 0.2,
            alpha_dropout: true,
            ..LayerSpec::dense(1, Activation::Identity)
        }];
        let mut net = Network::new(1, &specs, Init::Constant { value: 1.0 }, &mut rng);
        let x = DMatrix::from_fn(1, 200_000, |_, _| rng.normal());
        let (out, _) = net.forward(&x, Mode::Train, &mut rng);
        let mean = out.mean();
        let var = out.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / out.len() as f64;
        assert!(
            mean.abs() < 0.01 && (var - 1.0).abs() < 0.02,
            "{mean} {var}"
        );
    }

    #[test]
    fn batch_norm_normalizes_and_tracks_running_statistics() {
        let mut rng = Rng::new(9);
        let specs = [LayerSpec {
            batch_norm: true,
            ..LayerSpec::dense(3, Activation::Identity)
        }];
        let mut net = Network::new(2, &specs, Init::HeNormal, &mut rng);
        let x = DMatrix::from_fn(2, 64, |_, _| 3.0 + 2.0 * rng.normal());
        let (out, _) = net.forward(&x, Mode::Train, &mut rng);
        for i in 0..3 {
            let row = out.row(i);
            let m = row.mean();
            let v = row.iter().map(|a| (a - m).powi(2)).sum::<f64>() / 64.0;
            assert!(m.abs() < 1e-12 && (v - 1.0).abs() < 1e-3, "{m} {v}");
        }
        let bn = net.layers[0].bn.as_ref().unwrap();
        assert!(
            bn.running_mean.iter().any(|m| m.abs() > 0.01),
            "running mean moved"
        );
    }
}
