//! Weight initializers, each with its source.
//!
//! fan_in is the number of inputs of a unit, fan_out the number of units of the layer.
//! Uniform U[−a, a] has variance a²/3, so a = √(3·Var).

use super::float::Float;
use crate::numerics::rng::Rng;
use nalgebra::DMatrix;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "name", deny_unknown_fields)]
pub enum Init {
    /// All weights 0: every unit of a layer computes the same thing forever (symmetry).
    Zeros,
    /// All weights equal to `value` (symmetry again).
    Constant {
        value: f64,
    },
    /// N(0, std²).
    Normal {
        std: f64,
    },
    /// U[−a, a].
    Uniform {
        a: f64,
    },
    /// U[−1/√fan_in, 1/√fan_in]: the "standard" heuristic criticized by Glorot & Bengio
    /// (2010, eq. 1); also PyTorch's default bias initialization for `nn.Linear`.
    Standard,
    /// Glorot & Bengio (2010): Var = 2/(fan_in + fan_out), uniform a = √(6/(fan_in + fan_out)).
    GlorotUniform,
    GlorotNormal,
    /// He et al. (2015), for ReLU: Var = 2/fan_in.
    HeUniform,
    HeNormal,
    /// LeCun et al. (1998, *Efficient BackProp*), used with SELU: Var = 1/fan_in.
    LecunUniform,
    LecunNormal,
}

impl Init {
    /// The variance the initializer targets (None for constants).
    pub fn variance(self, fan_in: usize, fan_out: usize) -> Option<f64> {
        let (i, o) = (fan_in as f64, fan_out as f64);
        match self {
            Init::Zeros | Init::Constant { .. } => None,
            Init::Normal { std } => Some(std * std),
            Init::Uniform { a } => Some(a * a / 3.0),
            Init::Standard => Some(1.0 / (3.0 * i)),
            Init::GlorotUniform | Init::GlorotNormal => Some(2.0 / (i + o)),
            Init::HeUniform | Init::HeNormal => Some(2.0 / i),
            Init::LecunUniform | Init::LecunNormal => Some(1.0 / i),
        }
    }

    /// A `fan_out × fan_in` weight matrix, drawn in f64 and rounded to `T` (so an f32
    /// network starts from its f64 twin's weights, rounded).
    pub fn sample<T: Float>(self, fan_in: usize, fan_out: usize, rng: &mut Rng) -> DMatrix<T> {
        let var = self.variance(fan_in, fan_out).unwrap_or(0.0);
        let uniform = matches!(
            self,
            Init::Uniform { .. }
                | Init::Standard
                | Init::GlorotUniform
                | Init::HeUniform
                | Init::LecunUniform
        );
        DMatrix::from_fn(fan_out, fan_in, |_, _| {
            T::of(match self {
                Init::Zeros => 0.0,
                Init::Constant { value } => value,
                _ if uniform => {
                    let a = (3.0 * var).sqrt();
                    (2.0 * rng.uniform() - 1.0) * a
                }
                _ => rng.normal() * var.sqrt(),
            })
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Init::Zeros => "zeros",
            Init::Constant { .. } => "constant",
            Init::Normal { .. } => "normal",
            Init::Uniform { .. } => "uniform",
            Init::Standard => "standard",
            Init::GlorotUniform => "glorot_uniform",
            Init::GlorotNormal => "glorot_normal",
            Init::HeUniform => "he_uniform",
            Init::HeNormal => "he_normal",
            Init::LecunUniform => "lecun_uniform",
            Init::LecunNormal => "lecun_normal",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empirical_variance_matches_the_formula() {
        let mut rng = Rng::new(42);
        for init in [
            Init::Normal { std: 0.3 },
            Init::Uniform { a: 0.5 },
            Init::Standard,
            Init::GlorotUniform,
            Init::GlorotNormal,
            Init::HeUniform,
            Init::HeNormal,
            Init::LecunUniform,
            Init::LecunNormal,
        ] {
            let (fi, fo) = (200, 300);
            let w = init.sample(fi, fo, &mut rng);
            let n = w.len() as f64;
            let mean = w.iter().sum::<f64>() / n;
            let var = w.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
            let want = init.variance(fi, fo).unwrap();
            // The sample variance of n draws has relative standard error ≈ √(2/n) (normal)
            // or √(0.8/n) (uniform); 5 standard errors is a generous, still sharp bound.
            let se = (2.0 / n).sqrt();
            assert!(
                (var / want - 1.0).abs() < 5.0 * se,
                "{init:?}: {var} vs {want}"
            );
            assert!(
                mean.abs() < 5.0 * (want / n).sqrt(),
                "{init:?}: mean {mean}"
            );
        }
        assert!(Init::Zeros
            .sample::<f64>(3, 4, &mut rng)
            .iter()
            .all(|v| *v == 0.0));
    }
}
