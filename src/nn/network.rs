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
use super::float::Float;
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
pub struct BatchNorm<T: Float = f64> {
    pub gamma: DVector<T>,
    pub beta: DVector<T>,
    pub running_mean: DVector<T>,
    pub running_var: DVector<T>,
}

/// BatchNorm1d defaults.
pub const BN_MOMENTUM: f64 = 0.1;
pub const BN_EPS: f64 = 1e-5;

#[derive(Debug, Clone, PartialEq)]
pub struct Layer<T: Float = f64> {
    pub w: DMatrix<T>,
    pub b: DVector<T>,
    pub activation: Activation,
    /// PReLU's learned slope (PyTorch's initial value 0.25); unused by other activations.
    pub slope: T,
    pub bn: Option<BatchNorm<T>>,
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
pub struct Cache<T: Float = f64> {
    pub x: DMatrix<T>,
    /// Normalized Z (batch norm only) and 1/√(var + eps) per unit.
    pub zhat: Option<DMatrix<T>>,
    pub inv_std: Option<DVector<T>>,
    /// Pre-activation U (after batch norm, if any).
    pub u: DMatrix<T>,
    /// Activation output before dropout.
    pub a: DMatrix<T>,
    /// ∂Y/∂A of dropout per element (0 for dropped units, the scale otherwise).
    pub mask: Option<DMatrix<T>>,
}

/// Gradients of one layer's parameters, and the back-propagated signal.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerGrad<T: Float = f64> {
    pub w: DMatrix<T>,
    pub b: DVector<T>,
    pub slope: T,
    pub gamma: Option<DVector<T>>,
    pub beta: Option<DVector<T>>,
    /// ∂L/∂U: the gradient at the layer's pre-activation.
    pub du: DMatrix<T>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Network<T: Float = f64> {
    pub inputs: usize,
    pub layers: Vec<Layer<T>>,
}

impl<T: Float> Network<T> {
    /// A network with weights from `init` (biases 0, γ = 1, β = 0, PReLU slope 0.25).
    pub fn new(inputs: usize, specs: &[LayerSpec], init: Init, rng: &mut Rng) -> Network<T> {
        let mut fan_in = inputs;
        let layers = specs
            .iter()
            .map(|s| {
                let layer = Layer {
                    w: init.sample(fan_in, s.units, rng),
                    b: DVector::zeros(s.units),
                    activation: s.activation,
                    slope: T::of(0.25),
                    bn: s.batch_norm.then(|| BatchNorm {
                        gamma: DVector::from_element(s.units, T::one()),
                        beta: DVector::zeros(s.units),
                        running_mean: DVector::zeros(s.units),
                        running_var: DVector::from_element(s.units, T::one()),
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
        x: &DMatrix<T>,
        mode: Mode,
        rng: &mut Rng,
    ) -> (DMatrix<T>, Vec<Cache<T>>) {
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
                            z.row(i).iter().map(|&v| (v - mean[i]).powi(2)).sum::<T>()
                                / T::of(n as f64)
                        });
                        let unbiased = if n > 1 {
                            n as f64 / (n - 1) as f64
                        } else {
                            1.0
                        };
                        let momentum = T::of(BN_MOMENTUM);
                        bn.running_mean =
                            &bn.running_mean * T::of(1.0 - BN_MOMENTUM) + &mean * momentum;
                        bn.running_var = &bn.running_var * T::of(1.0 - BN_MOMENTUM)
                            + &var * T::of(BN_MOMENTUM * unbiased);
                        (mean, var)
                    } else {
                        (bn.running_mean.clone(), bn.running_var.clone())
                    };
                    let inv_std = var.map(|v| T::one() / (v + T::of(BN_EPS)).sqrt());
                    let zhat =
                        DMatrix::from_fn(z.nrows(), n, |i, j| (z[(i, j)] - mean[i]) * inv_std[i]);
                    let u = DMatrix::from_fn(z.nrows(), n, |i, j| {
                        bn.gamma[i] * zhat[(i, j)] + bn.beta[i]
                    });
                    (Some(zhat), Some(inv_std), u)
                }
            };
            let (act, slope) = (layer.activation, layer.slope);
            let a = act.apply(&u, slope);
            let drop = layer.dropout > 0.0 && mode != Mode::Eval;
            let (out, mask) = if drop {
                let p = layer.dropout;
                let keep: DMatrix<T> = DMatrix::from_fn(a.nrows(), n, |_, _| {
                    if rng.uniform() < p {
                        T::zero()
                    } else {
                        T::one()
                    }
                });
                if layer.alpha_dropout {
                    let alpha_p = -SELU_LAMBDA * SELU_ALPHA;
                    let q = 1.0 - p;
                    let sa = (q + alpha_p * alpha_p * q * p).powf(-0.5);
                    let sb = -sa * alpha_p * p;
                    let (sa, sb, alpha_p) = (T::of(sa), T::of(sb), T::of(alpha_p));
                    let out = DMatrix::from_fn(a.nrows(), n, |i, j| {
                        let k = keep[(i, j)];
                        sa * (a[(i, j)] * k + alpha_p * (T::one() - k)) + sb
                    });
                    (out, Some(keep * sa))
                } else {
                    let scale = T::of(1.0 / (1.0 - p));
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
    pub fn backward(&self, caches: &[Cache<T>], dout: &DMatrix<T>) -> Vec<LayerGrad<T>> {
        let mut grads: Vec<LayerGrad<T>> = Vec::with_capacity(self.layers.len());
        let mut dy = dout.clone();
        for (layer, c) in self.layers.iter().zip(caches).rev() {
            // Dropout: Y = mask ∘ A (+ const), so ∂L/∂A = mask ∘ ∂L/∂Y.
            let da = match &c.mask {
                Some(m) => dy.component_mul(m),
                None => dy,
            };
            // Activation: A = f(U), elementwise.
            let (act, slope) = (layer.activation, layer.slope);
            let du = act.backprop(&da, &c.u, slope);
            // Only PReLU has a slope to learn.
            let dslope: T = if act == Activation::Prelu {
                da.iter()
                    .zip(c.u.iter())
                    .map(|(&g, &u)| g * act.dslope(u))
                    .sum()
            } else {
                T::zero()
            };
            // Batch norm: U = γ·Ẑ + β with Ẑ = (Z − μ)/σ over the batch.
            // With batch norm, ∂L/∂Z and the γ, β gradients; without, ∂L/∂Z is ∂L/∂U itself.
            let bn_grads = match (&layer.bn, &c.zhat, &c.inv_std) {
                (Some(bn), Some(zhat), Some(inv_std)) => {
                    let n = T::of(du.ncols() as f64);
                    let dgamma = DVector::from_fn(du.nrows(), |i, _| du.row(i).dot(&zhat.row(i)));
                    let dbeta = DVector::from_fn(du.nrows(), |i, _| du.row(i).sum());
                    let dz = DMatrix::from_fn(du.nrows(), du.ncols(), |i, j| {
                        let dzhat = du[(i, j)] * bn.gamma[i];
                        // Σⱼ ∂L/∂ẑ = γ·∂L/∂β and Σⱼ ẑ·∂L/∂ẑ = γ·∂L/∂γ.
                        let sum_dzhat = bn.gamma[i] * dbeta[i];
                        let sum_dzhat_zhat = bn.gamma[i] * dgamma[i];
                        inv_std[i] / n * (n * dzhat - sum_dzhat - zhat[(i, j)] * sum_dzhat_zhat)
                    });
                    Some((dz, dgamma, dbeta))
                }
                _ => None,
            };
            let dz = bn_grads.as_ref().map_or(&du, |g| &g.0);
            // Dense: Z = W·X + b. The bias gradient sums each row of ∂L/∂Z over the batch,
            // column after column (the order of a row's own sum, so the same bytes).
            let dw = matmul(dz, false, &c.x, true);
            let db = dz.column_sum();
            dy = matmul(&layer.w, true, dz, false);
            let (dgamma, dbeta) = bn_grads.map_or((None, None), |(_, g, b)| (Some(g), Some(b)));
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
    pub fn params_mut(&mut self) -> Vec<&mut [T]> {
        let mut out: Vec<&mut [T]> = Vec::new();
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
    pub fn flat_grads<'a>(&self, grads: &'a [LayerGrad<T>]) -> Vec<std::borrow::Cow<'a, [T]>> {
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

    /// The same network in another float type (every weight and statistic rounded to `U`;
    /// f32 → f64 is exact).
    pub fn cast<U: Float>(&self) -> Network<U> {
        let m = |w: &DMatrix<T>| w.map(|v| U::of(v.to_f64()));
        let v = |w: &DVector<T>| w.map(|v| U::of(v.to_f64()));
        Network {
            inputs: self.inputs,
            layers: self
                .layers
                .iter()
                .map(|l| Layer {
                    w: m(&l.w),
                    b: v(&l.b),
                    activation: l.activation,
                    slope: U::of(l.slope.to_f64()),
                    bn: l.bn.as_ref().map(|bn| BatchNorm {
                        gamma: v(&bn.gamma),
                        beta: v(&bn.beta),
                        running_mean: v(&bn.running_mean),
                        running_var: v(&bn.running_var),
                    }),
                    dropout: l.dropout,
                    alpha_dropout: l.alpha_dropout,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::loss::Loss;

    fn loss_of<T: Float>(net: &mut Network<T>, x: &DMatrix<T>, t: &DMatrix<T>, loss: Loss) -> T {
        let (out, _) = net.forward(x, Mode::Train, &mut Rng::new(0));
        loss.value_and_grad(&out, t).0
    }

    /// A 3-4-4-k network with random biases, slopes and batch-norm parameters, a batch of
    /// 5 inputs and its targets.
    fn gradcheck_problem(
        act: Activation,
        bn: bool,
        loss: Loss,
    ) -> (Network, DMatrix<f64>, DMatrix<f64>) {
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
        (net, x, t)
    }

    /// Every parameter's gradient, by backpropagation in `T`.
    fn analytic<T: Float>(
        net: &mut Network<T>,
        x: &DMatrix<T>,
        t: &DMatrix<T>,
        loss: Loss,
    ) -> Vec<Vec<T>> {
        let (out, caches) = net.forward(x, Mode::Train, &mut Rng::new(0));
        let (_, dout) = loss.value_and_grad(&out, t);
        let grads = net.backward(&caches, &dout);
        net.flat_grads(&grads).iter().map(|g| g.to_vec()).collect()
    }

    /// Central-difference check of every parameter of a 3-4-4-k network.
    fn gradcheck(act: Activation, bn: bool, loss: Loss) {
        let (mut net, x, t) = gradcheck_problem(act, bn, loss);
        let analytic = analytic(&mut net, &x, &t, loss);
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

    /// The same check in f32, with f32's tolerances: backpropagation in f32 agrees with the
    /// f64 gradient (checked above) to a few f32 roundings, and with an f32 central
    /// difference (h = 1e-3: rounding ε·L/h ≈ 1e-4, truncation h²·f‴/6 ≈ 1e-7) to 1e-2.
    fn gradcheck_f32(act: Activation, bn: bool, loss: Loss) {
        let (mut net, x, t) = gradcheck_problem(act, bn, loss);
        let exact = analytic(&mut net, &x, &t, loss);
        let mut net32 = net.cast::<f32>();
        let (x32, t32) = (x.map(|v| v as f32), t.map(|v| v as f32));
        let got = analytic(&mut net32, &x32, &t32, loss);
        let h = 1e-3f32;
        for (pi, (g32, g64)) in got.iter().zip(&exact).enumerate() {
            let scale = g64.iter().fold(0.0f64, |m, g| m.max(g.abs()));
            for (k, (&g, &e)) in g32.iter().zip(g64).enumerate() {
                let diff = (f64::from(g) - e).abs();
                assert!(
                    diff <= 1e-4 * e.abs() + 1e-5 * scale + 1e-6,
                    "{act:?} bn={bn} {loss:?} param {pi}[{k}]: f32 {g} vs f64 {e}"
                );
                let orig = net32.params_mut()[pi][k];
                net32.params_mut()[pi][k] = orig + h;
                let lp = loss_of(&mut net32, &x32, &t32, loss);
                net32.params_mut()[pi][k] = orig - h;
                let lm = loss_of(&mut net32, &x32, &t32, loss);
                net32.params_mut()[pi][k] = orig;
                let fd = f64::from((lp - lm) / (2.0 * h));
                assert!(
                    (f64::from(g) - fd).abs() <= 1e-2 * e.abs().max(fd.abs()) + 1e-3,
                    "{act:?} bn={bn} {loss:?} param {pi}[{k}]: f32 {g} vs difference {fd}"
                );
            }
        }
    }

    #[test]
    fn f32_gradients_match_f64_and_f32_central_differences() {
        for act in Activation::ALL {
            for bn in [false, true] {
                for loss in [Loss::Mse, Loss::BceWithLogits, Loss::SoftmaxCrossEntropy] {
                    gradcheck_f32(act, bn, loss);
                }
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
        let mut net = Network::<f64>::new(1, &specs, Init::Constant { value: 1.0 }, &mut rng);
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
