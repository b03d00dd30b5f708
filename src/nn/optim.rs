//! Optimizers with PyTorch's `torch.optim` update rules, parameter names and defaults.
//!
//! Each variant's doc states the rule it implements (from the algorithm boxes of the PyTorch
//! documentation, version 2.x). Weight decay is added to the gradient (g ← g + λθ) except in
//! AdamW, which decays the weights directly (θ ← θ − lr·λ·θ, Loshchilov & Hutter 2019).

use super::float::Float;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "name", deny_unknown_fields)]
pub enum OptimizerSpec {
    /// `torch.optim.SGD`: g ← g + λθ; with momentum μ: b ← μb + (1 − dampening)g (b = g on
    /// the first step), g ← g + μb if nesterov else b; θ ← θ − lr·g.
    Sgd {
        lr: f64,
        #[serde(default)]
        momentum: f64,
        #[serde(default)]
        dampening: f64,
        #[serde(default)]
        nesterov: bool,
        #[serde(default)]
        weight_decay: f64,
    },
    /// `torch.optim.Adagrad` (lr 0.01, lr_decay 0, eps 1e-10): s ← s + g²;
    /// θ ← θ − lr/(1 + (t − 1)·lr_decay) · g/(√s + eps).
    Adagrad {
        #[serde(default = "lr_1e_2")]
        lr: f64,
        #[serde(default)]
        lr_decay: f64,
        #[serde(default)]
        weight_decay: f64,
        #[serde(default = "eps_1e_10")]
        eps: f64,
    },
    /// `torch.optim.RMSprop` (lr 0.01, alpha 0.99, eps 1e-8 outside the square root):
    /// v ← αv + (1 − α)g²; centered: ḡ ← αḡ + (1 − α)g, v' = v − ḡ²; with momentum μ:
    /// b ← μb + g/(√v' + eps), θ ← θ − lr·b; else θ ← θ − lr·g/(√v' + eps).
    Rmsprop {
        #[serde(default = "lr_1e_2")]
        lr: f64,
        #[serde(default = "alpha_099")]
        alpha: f64,
        #[serde(default = "eps_1e_8")]
        eps: f64,
        #[serde(default)]
        weight_decay: f64,
        #[serde(default)]
        momentum: f64,
        #[serde(default)]
        centered: bool,
    },
    /// `torch.optim.Adam` (lr 1e-3, betas (0.9, 0.999), eps 1e-8): m ← β₁m + (1 − β₁)g,
    /// v ← β₂v + (1 − β₂)g², θ ← θ − lr·m̂/(√v̂ + eps) with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ).
    Adam {
        #[serde(default = "lr_1e_3")]
        lr: f64,
        #[serde(default = "betas")]
        betas: (f64, f64),
        #[serde(default = "eps_1e_8")]
        eps: f64,
        #[serde(default)]
        weight_decay: f64,
    },
    /// `torch.optim.AdamW` (weight_decay 0.01): θ ← θ − lr·λ·θ, then the Adam step.
    Adamw {
        #[serde(default = "lr_1e_3")]
        lr: f64,
        #[serde(default = "betas")]
        betas: (f64, f64),
        #[serde(default = "eps_1e_8")]
        eps: f64,
        #[serde(default = "wd_1e_2")]
        weight_decay: f64,
    },
    /// `torch.optim.Adamax` (lr 2e-3): m ← β₁m + (1 − β₁)g, u ← max(β₂u, |g| + eps),
    /// θ ← θ − lr/(1 − β₁ᵗ)·m/u.
    Adamax {
        #[serde(default = "lr_2e_3")]
        lr: f64,
        #[serde(default = "betas")]
        betas: (f64, f64),
        #[serde(default = "eps_1e_8")]
        eps: f64,
        #[serde(default)]
        weight_decay: f64,
    },
    /// `torch.optim.NAdam` (lr 2e-3, momentum_decay 4e-3): μₜ = β₁(1 − ½·0.96^(t·ψ)),
    /// m̂ = μₜ₊₁m/(1 − Πᵢ₌₁ᵗ⁺¹μᵢ) + (1 − μₜ)g/(1 − Πᵢ₌₁ᵗμᵢ), v̂ = v/(1 − β₂ᵗ),
    /// θ ← θ − lr·m̂/(√v̂ + eps).
    Nadam {
        #[serde(default = "lr_2e_3")]
        lr: f64,
        #[serde(default = "betas")]
        betas: (f64, f64),
        #[serde(default = "eps_1e_8")]
        eps: f64,
        #[serde(default)]
        weight_decay: f64,
        #[serde(default = "psi")]
        momentum_decay: f64,
    },
}

fn lr_1e_2() -> f64 {
    1e-2
}
fn lr_1e_3() -> f64 {
    1e-3
}
fn lr_2e_3() -> f64 {
    2e-3
}
fn eps_1e_8() -> f64 {
    1e-8
}
fn eps_1e_10() -> f64 {
    1e-10
}
fn alpha_099() -> f64 {
    0.99
}
fn betas() -> (f64, f64) {
    (0.9, 0.999)
}
fn wd_1e_2() -> f64 {
    1e-2
}
fn psi() -> f64 {
    4e-3
}

impl OptimizerSpec {
    /// The base learning rate.
    pub fn lr(&self) -> f64 {
        match *self {
            OptimizerSpec::Sgd { lr, .. }
            | OptimizerSpec::Adagrad { lr, .. }
            | OptimizerSpec::Rmsprop { lr, .. }
            | OptimizerSpec::Adam { lr, .. }
            | OptimizerSpec::Adamw { lr, .. }
            | OptimizerSpec::Adamax { lr, .. }
            | OptimizerSpec::Nadam { lr, .. } => lr,
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            OptimizerSpec::Sgd {
                momentum, nesterov, ..
            } => {
                if *nesterov {
                    "nesterov"
                } else if *momentum > 0.0 {
                    "momentum"
                } else {
                    "sgd"
                }
            }
            OptimizerSpec::Adagrad { .. } => "adagrad",
            OptimizerSpec::Rmsprop { .. } => "rmsprop",
            OptimizerSpec::Adam { .. } => "adam",
            OptimizerSpec::Adamw { .. } => "adamw",
            OptimizerSpec::Adamax { .. } => "adamax",
            OptimizerSpec::Nadam { .. } => "nadam",
        }
    }
}

/// Per-tensor state (first and second moments, momentum buffer, centered mean).
#[derive(Debug, Clone, Default)]
struct State<T> {
    a: Vec<T>,
    b: Vec<T>,
    c: Vec<T>,
}

/// An optimizer with its state, for parameters of type `T` (its state is `T` too, as in
/// PyTorch, where the moments take the parameter's dtype; the step's scalars are computed
/// in f64, as PyTorch computes them in Python floats).
#[derive(Debug, Clone)]
pub struct Optimizer<T: Float = f64> {
    pub spec: OptimizerSpec,
    /// Steps taken.
    pub t: usize,
    state: Vec<State<T>>,
    /// NAdam's running product of μᵢ.
    mu_product: f64,
}

impl<T: Float> Optimizer<T> {
    pub fn new(spec: OptimizerSpec) -> Optimizer<T> {
        Optimizer {
            spec,
            t: 0,
            state: Vec::new(),
            mu_product: 1.0,
        }
    }

    /// One step on every tensor with learning rate `lr` (the schedule's current value).
    pub fn step(&mut self, params: Vec<&mut [T]>, grads: &[Cow<[T]>], lr: f64) {
        self.t += 1;
        let t = self.t as f64;
        if self.state.len() != params.len() {
            self.state = params
                .iter()
                .map(|p| State {
                    a: vec![T::zero(); p.len()],
                    b: vec![T::zero(); p.len()],
                    c: vec![T::zero(); p.len()],
                })
                .collect();
        }
        // NAdam's momentum schedule is shared by all tensors.
        let (mu_t, mu_next, prod_t, prod_next) = if let OptimizerSpec::Nadam {
            betas,
            momentum_decay,
            ..
        } = self.spec
        {
            let mu_t = betas.0 * (1.0 - 0.5 * 0.96f64.powf(t * momentum_decay));
            let mu_next = betas.0 * (1.0 - 0.5 * 0.96f64.powf((t + 1.0) * momentum_decay));
            self.mu_product *= mu_t;
            (mu_t, mu_next, self.mu_product, self.mu_product * mu_next)
        } else {
            (0.0, 0.0, 1.0, 1.0)
        };
        // The bias corrections 1 − β₁ᵗ and 1 − β₂ᵗ, computed once per step, not per weight
        // (the same values, so the same bytes).
        let (bc1, bc2) = match self.spec {
            OptimizerSpec::Adam { betas, .. }
            | OptimizerSpec::Adamw { betas, .. }
            | OptimizerSpec::Adamax { betas, .. }
            | OptimizerSpec::Nadam { betas, .. } => (1.0 - betas.0.powf(t), 1.0 - betas.1.powf(t)),
            _ => (1.0, 1.0),
        };
        let k = Step {
            t,
            lr,
            bc1,
            bc2,
            mu_t,
            mu_next,
            prod_t,
            prod_next,
            first: self.t == 1,
        };
        let spec = self.spec;
        // Elementwise, so chunks of a large tensor update on rayon's threads with the same
        // result bytes as one thread.
        use rayon::prelude::*;
        const CHUNK: usize = 16 * 1024;
        for ((p, g), st) in params.into_iter().zip(grads).zip(&mut self.state) {
            let State { a, b, c } = st;
            p.par_chunks_mut(CHUNK)
                .zip(g.par_chunks(CHUNK))
                .zip(a.par_chunks_mut(CHUNK))
                .zip(b.par_chunks_mut(CHUNK))
                .zip(c.par_chunks_mut(CHUNK))
                .for_each(|((((p, g), a), b), c)| update_chunk(spec, &k, p, g, a, b, c));
        }
    }
}

/// What every weight's update in one step shares.
struct Step {
    t: f64,
    lr: f64,
    bc1: f64,
    bc2: f64,
    mu_t: f64,
    mu_next: f64,
    prod_t: f64,
    prod_next: f64,
    /// The first step (SGD's momentum buffer starts at the gradient).
    first: bool,
}

/// One chunk of a tensor. Adam and AdamW, what large nets train with most, get a loop of
/// their own with the settings hoisted out, which the compiler turns into SIMD; the other
/// optimizers go weight by weight through [`update`]. Both evaluate the same expressions
/// ([`adam`]), so the bytes are the same either way.
fn update_chunk<T: Float>(
    spec: OptimizerSpec,
    k: &Step,
    p: &mut [T],
    g: &[T],
    a: &mut [T],
    b: &mut [T],
    c: &mut [T],
) {
    if let Some(s) = AdamStep::new(spec, k) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx") {
            // SAFETY: the CPU has AVX (checked just above).
            unsafe { adam_loop_avx(&s, p, g, a, b) };
            return;
        }
        adam_loop(&s, p, g, a, b);
    } else {
        for i in 0..p.len() {
            p[i] = update(spec, k, p[i], g[i], &mut a[i], &mut b[i], &mut c[i]);
        }
    }
}

#[inline(always)]
fn adam_loop<T: Float>(s: &AdamStep<T>, p: &mut [T], g: &[T], a: &mut [T], b: &mut [T]) {
    let state = a.iter_mut().zip(b.iter_mut());
    for ((p, &g), (a, b)) in p.iter_mut().zip(g).zip(state) {
        *p = adam(s, *p, g, a, b);
    }
}

/// The same loop compiled for AVX: twice the lanes of the baseline's SSE2. Each lane does
/// the same IEEE operations (no fused multiply-add is formed), so the bytes are the same.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx")]
unsafe fn adam_loop_avx<T: Float>(s: &AdamStep<T>, p: &mut [T], g: &[T], a: &mut [T], b: &mut [T]) {
    adam_loop(s, p, g, a, b)
}

/// Adam's and AdamW's settings for one step, rounded to `T`.
struct AdamStep<T> {
    lr: T,
    weight_decay: T,
    decoupled: bool,
    beta1: T,
    one_minus_beta1: T,
    beta2: T,
    one_minus_beta2: T,
    bc1: T,
    bc2: T,
    eps: T,
}

impl<T: Float> AdamStep<T> {
    fn new(spec: OptimizerSpec, k: &Step) -> Option<AdamStep<T>> {
        let (betas, eps, weight_decay) = match spec {
            OptimizerSpec::Adam {
                betas,
                eps,
                weight_decay,
                ..
            }
            | OptimizerSpec::Adamw {
                betas,
                eps,
                weight_decay,
                ..
            } => (betas, eps, weight_decay),
            _ => return None,
        };
        let f = T::of;
        Some(AdamStep {
            lr: f(k.lr),
            weight_decay: f(weight_decay),
            decoupled: matches!(spec, OptimizerSpec::Adamw { .. }),
            beta1: f(betas.0),
            one_minus_beta1: f(1.0 - betas.0),
            beta2: f(betas.1),
            one_minus_beta2: f(1.0 - betas.1),
            bc1: f(k.bc1),
            bc2: f(k.bc2),
            eps: f(eps),
        })
    }
}

/// One weight's Adam (or AdamW) step.
#[inline(always)]
fn adam<T: Float>(s: &AdamStep<T>, theta: T, mut g: T, a: &mut T, b: &mut T) -> T {
    let mut th = theta;
    if s.decoupled {
        th -= s.lr * s.weight_decay * th;
    } else {
        g += s.weight_decay * theta;
    }
    *a = s.beta1 * *a + s.one_minus_beta1 * g;
    *b = s.beta2 * *b + s.one_minus_beta2 * g * g;
    let mhat = *a / s.bc1;
    let vhat = *b / s.bc2;
    th - s.lr * mhat / (vhat.sqrt() + s.eps)
}

/// One weight's update: its new value from its value `theta`, gradient `g` and state
/// `a`, `b`, `c` (the optimizer's running averages, updated in place).
#[inline]
fn update<T: Float>(
    spec: OptimizerSpec,
    k: &Step,
    theta: T,
    mut g: T,
    a: &mut T,
    b: &mut T,
    c: &mut T,
) -> T {
    // The spec's settings and the step's scalars, rounded to T where they meet the weights.
    let f = T::of;
    let one = T::one();
    let (t, lr) = (k.t, f(k.lr));
    let (bc1, bc2, mu_t, mu_next, prod_t, prod_next) = (
        f(k.bc1),
        f(k.bc2),
        f(k.mu_t),
        f(k.mu_next),
        f(k.prod_t),
        f(k.prod_next),
    );
    match spec {
        OptimizerSpec::Sgd {
            momentum,
            dampening,
            nesterov,
            weight_decay,
            ..
        } => {
            g += f(weight_decay) * theta;
            if momentum != 0.0 {
                let buf = if k.first {
                    g
                } else {
                    f(momentum) * *a + f(1.0 - dampening) * g
                };
                *a = buf;
                g = if nesterov { g + f(momentum) * buf } else { buf };
            }
            theta - lr * g
        }
        OptimizerSpec::Adagrad {
            lr_decay,
            weight_decay,
            eps,
            ..
        } => {
            g += f(weight_decay) * theta;
            let clr = f(k.lr / (1.0 + (t - 1.0) * lr_decay));
            *a += g * g;
            theta - clr * g / ((*a).sqrt() + f(eps))
        }
        OptimizerSpec::Rmsprop {
            alpha,
            eps,
            weight_decay,
            momentum,
            centered,
            ..
        } => {
            g += f(weight_decay) * theta;
            *a = f(alpha) * *a + f(1.0 - alpha) * g * g;
            let mut v = *a;
            if centered {
                *c = f(alpha) * *c + f(1.0 - alpha) * g;
                v -= *c * *c;
            }
            if momentum > 0.0 {
                *b = f(momentum) * *b + g / (v.sqrt() + f(eps));
                theta - lr * *b
            } else {
                theta - lr * g / (v.sqrt() + f(eps))
            }
        }
        OptimizerSpec::Adam { .. } | OptimizerSpec::Adamw { .. } => {
            let s = AdamStep::new(spec, k).expect("an Adam variant");
            adam(&s, theta, g, a, b)
        }
        OptimizerSpec::Adamax {
            betas,
            eps,
            weight_decay,
            ..
        } => {
            g += f(weight_decay) * theta;
            *a = f(betas.0) * *a + f(1.0 - betas.0) * g;
            *b = (f(betas.1) * *b).max(g.abs() + f(eps));
            theta - lr / bc1 * *a / *b
        }
        OptimizerSpec::Nadam {
            betas,
            eps,
            weight_decay,
            ..
        } => {
            g += f(weight_decay) * theta;
            *a = f(betas.0) * *a + f(1.0 - betas.0) * g;
            *b = f(betas.1) * *b + f(1.0 - betas.1) * g * g;
            let mhat = mu_next * *a / (one - prod_next) + (one - mu_t) * g / (one - prod_t);
            let vhat = *b / bc2;
            theta - lr * mhat / (vhat.sqrt() + f(eps))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three steps on f(θ) = θ² (g = 2θ) from θ = 1, against sequences computed by hand
    /// from the PyTorch formulas (reference values printed to 17 digits by a separate
    /// implementation of the documented algorithms).
    fn replay<T: Float>(spec: OptimizerSpec) -> Vec<f64> {
        let mut opt = Optimizer::<T>::new(spec);
        let mut theta = [T::one()];
        let mut out = Vec::new();
        for _ in 0..3 {
            let g = vec![T::of(2.0) * theta[0]];
            opt.step(vec![&mut theta[..]], &[Cow::Owned(g)], spec.lr());
            out.push(theta[0].to_f64());
        }
        out
    }

    /// The sequence in f64 to 1e-14 and in f32 to 1e-6 (a few roundings at f32's 6e-8).
    fn check(spec: OptimizerSpec, want: &[f64]) {
        for (got, tol) in [(replay::<f64>(spec), 1e-14), (replay::<f32>(spec), 1e-6)] {
            for (x, y) in got.iter().zip(want) {
                assert!(
                    (x - y).abs() <= tol * y.abs().max(1.0),
                    "{spec:?} at {tol:e}: {got:?} vs {want:?}"
                );
            }
        }
    }

    #[test]
    fn sgd_family() {
        check(
            OptimizerSpec::Sgd {
                lr: 0.1,
                momentum: 0.0,
                dampening: 0.0,
                nesterov: false,
                weight_decay: 0.0,
            },
            &[0.8, 0.64, 0.512],
        );
        // Momentum: b₁ = 2, θ₁ = 0.8; b₂ = 0.9·2 + 1.6 = 3.4, θ₂ = 0.46; b₃ = 3.06 + 0.92 = 3.98, θ₃ = 0.062.
        check(
            OptimizerSpec::Sgd {
                lr: 0.1,
                momentum: 0.9,
                dampening: 0.0,
                nesterov: false,
                weight_decay: 0.0,
            },
            &[0.8, 0.46, 0.062],
        );
        // Nesterov: g + μb. Step 1: b = 2, g' = 2 + 1.8 = 3.8, θ = 0.62.
        // Step 2: g = 1.24, b = 1.8 + 1.24 = 3.04, g' = 1.24 + 2.736 = 3.976, θ = 0.2224.
        // Step 3: g = 0.4448, b = 2.736 + 0.4448 = 3.1808, g' = 0.4448 + 2.86272 = 3.30752, θ = −0.108352.
        check(
            OptimizerSpec::Sgd {
                lr: 0.1,
                momentum: 0.9,
                dampening: 0.0,
                nesterov: true,
                weight_decay: 0.0,
            },
            &[0.62, 0.2224, -0.108352],
        );
        // Weight decay 0.5: g = 2θ + 0.5θ = 2.5θ.
        check(
            OptimizerSpec::Sgd {
                lr: 0.1,
                momentum: 0.0,
                dampening: 0.0,
                nesterov: false,
                weight_decay: 0.5,
            },
            &[0.75, 0.5625, 0.421875],
        );
    }

    #[test]
    fn adaptive_family() {
        let refs: [(OptimizerSpec, [f64; 3]); 7] = [
            (
                OptimizerSpec::Adagrad {
                    lr: 0.1,
                    lr_decay: 0.0,
                    weight_decay: 0.0,
                    eps: 1e-10,
                },
                ADAGRAD,
            ),
            (
                OptimizerSpec::Rmsprop {
                    lr: 0.01,
                    alpha: 0.99,
                    eps: 1e-8,
                    weight_decay: 0.0,
                    momentum: 0.0,
                    centered: false,
                },
                RMSPROP,
            ),
            (
                OptimizerSpec::Rmsprop {
                    lr: 0.01,
                    alpha: 0.99,
                    eps: 1e-8,
                    weight_decay: 0.0,
                    momentum: 0.9,
                    centered: true,
                },
                RMSPROP_CM,
            ),
            (
                OptimizerSpec::Adam {
                    lr: 0.1,
                    betas: (0.9, 0.999),
                    eps: 1e-8,
                    weight_decay: 0.0,
                },
                ADAM,
            ),
            (
                OptimizerSpec::Adamw {
                    lr: 0.1,
                    betas: (0.9, 0.999),
                    eps: 1e-8,
                    weight_decay: 0.01,
                },
                ADAMW,
            ),
            (
                OptimizerSpec::Adamax {
                    lr: 0.1,
                    betas: (0.9, 0.999),
                    eps: 1e-8,
                    weight_decay: 0.0,
                },
                ADAMAX,
            ),
            (
                OptimizerSpec::Nadam {
                    lr: 0.1,
                    betas: (0.9, 0.999),
                    eps: 1e-8,
                    weight_decay: 0.0,
                    momentum_decay: 4e-3,
                },
                NADAM,
            ),
        ];
        for (spec, want) in refs {
            check(spec, &want);
        }
    }

    // Reference sequences (see `replay`).
    const ADAGRAD: [f64; 3] = [0.900000000005, 0.8331035268450359, 0.7804561813568098];
    const RMSPROP: [f64; 3] = [0.9000000049999998, 0.8329179679700331, 0.7799822732436351];
    const RMSPROP_CM: [f64; 3] = [0.8994962235245836, 0.7413059808836701, 0.5496501653165236];
    const ADAM: [f64; 3] = [0.9000000005, 0.8004122286917928, 0.7015862729460303];
    const ADAMW: [f64; 3] = [0.8990000005, 0.7985190271685215, 0.6989111831582322];
    const ADAMAX: [f64; 3] = [0.9000000005, 0.805168327168774, 0.7154994733923282];
    const NADAM: [f64; 3] = [0.8943548226926871, 0.8199730706329195, 0.7527292663805714];
}
