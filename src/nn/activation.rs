//! Activation functions and their derivatives, elementwise.
//!
//! Definitions follow PyTorch's `torch.nn` modules: `LeakyReLU(negative_slope=0.01)`,
//! `PReLU` (one learned slope, initialized to 0.25), `ELU(alpha=1)`, `SELU` with the
//! constants of Klambauer et al. (2017), `Softplus(beta=1)`, `GELU` (exact, with erf), and
//! `SiLU`/Swish x·σ(x).

use super::float::Float;
use nalgebra::DMatrix;
use serde::{Deserialize, Serialize};

/// SELU's α and λ (Klambauer et al., *Self-Normalizing Neural Networks*, 2017).
pub const SELU_ALPHA: f64 = 1.673_263_242_354_377_2;
pub const SELU_LAMBDA: f64 = 1.050_700_987_355_480_5;

/// An activation function.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "name", deny_unknown_fields)]
pub enum Activation {
    Identity,
    Sigmoid,
    Tanh,
    Relu,
    LeakyRelu {
        #[serde(default = "default_leak")]
        slope: f64,
    },
    /// Parametric ReLU: the slope for z < 0 is learned (the layer holds it).
    Prelu,
    Elu {
        #[serde(default = "one")]
        alpha: f64,
    },
    Selu,
    Softplus,
    Gelu,
    Swish,
}

fn default_leak() -> f64 {
    0.01
}
fn one() -> f64 {
    1.0
}

/// σ(z) = 1/(1 + e^−z), evaluated without overflow for either sign.
pub fn sigmoid<T: Float>(z: T) -> T {
    if z >= T::zero() {
        T::one() / (T::one() + (-z).exp())
    } else {
        let e = z.exp();
        e / (T::one() + e)
    }
}

/// ln(1 + e^z) without overflow (softplus).
pub fn softplus<T: Float>(z: T) -> T {
    if z > T::zero() {
        z + (-z).exp().ln_1p()
    } else {
        z.exp().ln_1p()
    }
}

fn phi<T: Float>(z: T) -> T {
    T::of(0.5) * (T::one() + (z / T::of(std::f64::consts::SQRT_2)).erf())
}

fn pdf<T: Float>(z: T) -> T {
    (T::of(-0.5) * z * z).exp() / T::of(2.0 * std::f64::consts::PI).sqrt()
}

impl Activation {
    /// a = f(z); `slope` is the layer's PReLU parameter (ignored by the others).
    pub fn f<T: Float>(self, z: T, slope: T) -> T {
        let positive = z > T::zero();
        match self {
            Activation::Identity => z,
            Activation::Sigmoid => sigmoid(z),
            Activation::Tanh => z.tanh(),
            Activation::Relu => z.max(T::zero()),
            Activation::LeakyRelu { slope: s } => {
                if positive {
                    z
                } else {
                    T::of(s) * z
                }
            }
            Activation::Prelu => {
                if positive {
                    z
                } else {
                    slope * z
                }
            }
            Activation::Elu { alpha } => {
                if positive {
                    z
                } else {
                    T::of(alpha) * z.exp_m1()
                }
            }
            Activation::Selu => {
                T::of(SELU_LAMBDA)
                    * if positive {
                        z
                    } else {
                        T::of(SELU_ALPHA) * z.exp_m1()
                    }
            }
            Activation::Softplus => softplus(z),
            Activation::Gelu => z * phi(z),
            Activation::Swish => z * sigmoid(z),
        }
    }

    /// f'(z) (at z = 0 the ReLU family takes the left derivative, as PyTorch does).
    pub fn df<T: Float>(self, z: T, slope: T) -> T {
        let positive = z > T::zero();
        match self {
            Activation::Identity => T::one(),
            Activation::Sigmoid => {
                let s = sigmoid(z);
                s * (T::one() - s)
            }
            Activation::Tanh => T::one() - z.tanh().powi(2),
            Activation::Relu => {
                if positive {
                    T::one()
                } else {
                    T::zero()
                }
            }
            Activation::LeakyRelu { slope: s } => {
                if positive {
                    T::one()
                } else {
                    T::of(s)
                }
            }
            Activation::Prelu => {
                if positive {
                    T::one()
                } else {
                    slope
                }
            }
            Activation::Elu { alpha } => {
                if positive {
                    T::one()
                } else {
                    T::of(alpha) * z.exp()
                }
            }
            Activation::Selu => {
                T::of(SELU_LAMBDA)
                    * if positive {
                        T::one()
                    } else {
                        T::of(SELU_ALPHA) * z.exp()
                    }
            }
            Activation::Softplus => sigmoid(z),
            Activation::Gelu => phi(z) + z * pdf(z),
            Activation::Swish => {
                let s = sigmoid(z);
                s + z * s * (T::one() - s)
            }
        }
    }

    /// f applied to every element of `z`. ReLU and the identity, the most used, get loops
    /// of their own with the activation known at compile time, which vectorize; the values
    /// are those of [`Activation::f`].
    pub fn apply<T: Float>(self, z: &DMatrix<T>, slope: T) -> DMatrix<T> {
        match self {
            Activation::Relu => z.map(|v| Activation::Relu.f(v, slope)),
            Activation::Identity => z.clone(),
            _ => z.map(|v| self.f(v, slope)),
        }
    }

    /// ∂L/∂z = ∂L/∂a ∘ f'(z), elementwise; specialized as [`Activation::apply`] is.
    pub fn backprop<T: Float>(self, da: &DMatrix<T>, z: &DMatrix<T>, slope: T) -> DMatrix<T> {
        match self {
            Activation::Relu => da.zip_map(z, |g, v| g * Activation::Relu.df(v, slope)),
            Activation::Identity => da.zip_map(z, |g, v| g * Activation::Identity.df(v, slope)),
            _ => da.zip_map(z, |g, v| g * self.df(v, slope)),
        }
    }

    /// ∂f/∂slope for PReLU (0 for every other activation).
    pub fn dslope<T: Float>(self, z: T) -> T {
        match self {
            Activation::Prelu if z <= T::zero() => z,
            _ => T::zero(),
        }
    }

    /// Whether a unit with this pre-activation counts as saturated (|f'| < 5 % of its
    /// largest value) or, for the ReLU family, dead (f' = 0).
    pub fn saturated<T: Float>(self, z: T, slope: T) -> bool {
        match self {
            Activation::Sigmoid => self.df(z, slope) < T::of(0.05 * 0.25),
            Activation::Tanh => self.df(z, slope) < T::of(0.05),
            Activation::Relu => z <= T::zero(),
            _ => false,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Activation::Identity => "identity",
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
            Activation::LeakyRelu { .. } => "leaky_relu",
            Activation::Prelu => "prelu",
            Activation::Elu { .. } => "elu",
            Activation::Selu => "selu",
            Activation::Softplus => "softplus",
            Activation::Gelu => "gelu",
            Activation::Swish => "swish",
        }
    }

    /// Every activation with default settings.
    pub const ALL: [Activation; 11] = [
        Activation::Identity,
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
        Activation::LeakyRelu { slope: 0.01 },
        Activation::Prelu,
        Activation::Elu { alpha: 1.0 },
        Activation::Selu,
        Activation::Softplus,
        Activation::Gelu,
        Activation::Swish,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn derivatives_match_central_differences() {
        let h = 1e-6;
        for a in Activation::ALL {
            for z in [-3.1, -0.7, -0.05, 0.05, 0.4, 2.3] {
                let fd = (a.f(z + h, 0.25) - a.f(z - h, 0.25)) / (2.0 * h);
                assert_relative_eq!(a.df(z, 0.25), fd, max_relative = 1e-7, epsilon = 1e-9);
            }
        }
        let z = -0.8;
        let fd = (Activation::Prelu.f(z, 0.25 + h) - Activation::Prelu.f(z, 0.25 - h)) / (2.0 * h);
        assert_relative_eq!(Activation::Prelu.dslope(z), fd, max_relative = 1e-9);
    }

    #[test]
    fn whole_matrix_loops_give_the_elementwise_bits() {
        let z = DMatrix::from_fn(7, 5, |i, j| (i as f64 - 3.0) * 0.7 + j as f64 * 0.31 - 0.6);
        let g = DMatrix::from_fn(7, 5, |i, j| ((i * 5 + j) as f64).sin());
        for a in Activation::ALL {
            let (f, d) = (a.apply(&z, 0.25), a.backprop(&g, &z, 0.25));
            for k in 0..z.len() {
                assert_eq!(f[k].to_bits(), a.f(z[k], 0.25).to_bits(), "{a:?}");
                assert_eq!(d[k].to_bits(), (g[k] * a.df(z[k], 0.25)).to_bits(), "{a:?}");
            }
            let z32 = z.map(|v| v as f32);
            let f32_ = a.apply(&z32, 0.25f32);
            assert!(z32
                .iter()
                .zip(f32_.iter())
                .all(|(&v, &o)| o.to_bits() == a.f(v, 0.25f32).to_bits()));
        }
    }

    #[test]
    fn sigmoid_identity_and_constants() {
        for z in [-5.0, -1.0, 0.0, 2.0] {
            let s = sigmoid(z);
            assert_relative_eq!(
                Activation::Sigmoid.df(z, 0.0),
                s * (1.0 - s),
                max_relative = 1e-15
            );
        }
        assert_eq!(sigmoid(-1000.0), 0.0);
        assert_eq!(sigmoid(1000.0), 1.0);
        assert_relative_eq!(softplus(800.0), 800.0);
        // SELU: f(z) → −λα as z → −∞.
        assert_relative_eq!(
            Activation::Selu.f(-50.0, 0.0),
            -SELU_LAMBDA * SELU_ALPHA,
            max_relative = 1e-12
        );
        // GELU(1) = Φ(1) = 0.8413447460685429.
        assert_relative_eq!(
            Activation::Gelu.f(1.0, 0.0),
            0.841_344_746_068_542_9,
            max_relative = 1e-12
        );
    }
}
