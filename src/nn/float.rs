//! The engine's float type. Every experiment trains in f64 unless its spec asks for f32
//! (`dtype: float32`, PyTorch's name): f64 is what the checks against PyTorch use, to 1e-12;
//! f32 is what training usually runs in, with half the memory traffic and twice the SIMD
//! lanes per instruction.
//!
//! Constants and settings stay f64 in specs and are rounded to `T` where they meet the
//! data (`T::of`), as PyTorch rounds a Python float when it multiplies an f32 tensor.

use nalgebra::RealField;

/// f32 or f64: nalgebra's real field, plus what the engine needs beside it.
pub trait Float: RealField + Copy + std::iter::Sum + Default {
    /// `x` rounded to this type.
    fn of(x: f64) -> Self;
    /// The value as f64 (exact).
    fn to_f64(self) -> f64;
    /// The error function, from libm at this precision.
    fn erf(self) -> Self;
}

impl Float for f64 {
    #[inline(always)]
    fn of(x: f64) -> f64 {
        x
    }
    #[inline(always)]
    fn to_f64(self) -> f64 {
        self
    }
    fn erf(self) -> f64 {
        libm::erf(self)
    }
}

impl Float for f32 {
    #[inline(always)]
    fn of(x: f64) -> f32 {
        x as f32
    }
    #[inline(always)]
    fn to_f64(self) -> f64 {
        self as f64
    }
    fn erf(self) -> f32 {
        libm::erff(self)
    }
}

/// A spec's choice of float type, by PyTorch's names.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Dtype {
    /// `torch.float32`: what training usually runs in.
    Float32,
    /// `torch.float64`: every experiment's default.
    #[default]
    Float64,
}
