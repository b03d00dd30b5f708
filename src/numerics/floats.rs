//! Finite-precision arithmetic in f16, bf16, f32 and f64, every operation rounded in its
//! format, and the computations of the "numerical concerns" experiments: softmax and
//! log-sum-exp (naive and max-shifted), summation (naive, pairwise, Kahan), cancellation.
//!
//! The 16-bit formats come from the `half` crate: each operation converts to f32, computes,
//! and rounds back. For +, −, ×, ÷ that is the correctly rounded result (f32 carries more
//! than 2p + 2 significant bits for p = 11 and p = 8), and for exp and ln it is the f32
//! result rounded once more, as a 16-bit kernel would produce.

use half::{bf16, f16};

/// A floating-point format whose every operation rounds to itself.
pub trait Real: Copy + PartialOrd + std::fmt::Debug {
    const NAME: &'static str;
    fn from_f64(v: f64) -> Self;
    fn to_f64(self) -> f64;
    fn add(self, o: Self) -> Self;
    fn sub(self, o: Self) -> Self;
    fn mul(self, o: Self) -> Self;
    fn div(self, o: Self) -> Self;
    fn exp(self) -> Self;
    fn ln(self) -> Self;
    fn cos(self) -> Self;
    fn sin(self) -> Self;
    /// Largest finite value.
    fn max_finite() -> f64;
    /// Smallest positive (subnormal) value.
    fn min_subnormal() -> f64;
    /// Machine epsilon: the gap between 1 and the next representable number.
    fn epsilon() -> f64;
}

macro_rules! native {
    ($t:ty, $name:expr) => {
        impl Real for $t {
            const NAME: &'static str = $name;
            fn from_f64(v: f64) -> Self {
                v as $t
            }
            fn to_f64(self) -> f64 {
                self as f64
            }
            fn add(self, o: Self) -> Self {
                self + o
            }
            fn sub(self, o: Self) -> Self {
                self - o
            }
            fn mul(self, o: Self) -> Self {
                self * o
            }
            fn div(self, o: Self) -> Self {
                self / o
            }
            fn exp(self) -> Self {
                <$t>::exp(self)
            }
            fn ln(self) -> Self {
                <$t>::ln(self)
            }
            fn cos(self) -> Self {
                <$t>::cos(self)
            }
            fn sin(self) -> Self {
                <$t>::sin(self)
            }
            fn max_finite() -> f64 {
                <$t>::MAX as f64
            }
            fn min_subnormal() -> f64 {
                <$t>::from_bits(1) as f64
            }
            fn epsilon() -> f64 {
                <$t>::EPSILON as f64
            }
        }
    };
}

native!(f64, "f64");
native!(f32, "f32");

macro_rules! sixteen {
    ($t:ty, $name:expr) => {
        impl Real for $t {
            const NAME: &'static str = $name;
            fn from_f64(v: f64) -> Self {
                <$t>::from_f64(v)
            }
            fn to_f64(self) -> f64 {
                <$t>::to_f64(self)
            }
            fn add(self, o: Self) -> Self {
                self + o
            }
            fn sub(self, o: Self) -> Self {
                self - o
            }
            fn mul(self, o: Self) -> Self {
                self * o
            }
            fn div(self, o: Self) -> Self {
                self / o
            }
            fn exp(self) -> Self {
                <$t>::from_f32(self.to_f32().exp())
            }
            fn ln(self) -> Self {
                <$t>::from_f32(self.to_f32().ln())
            }
            fn cos(self) -> Self {
                <$t>::from_f32(self.to_f32().cos())
            }
            fn sin(self) -> Self {
                <$t>::from_f32(self.to_f32().sin())
            }
            fn max_finite() -> f64 {
                <$t>::MAX.to_f64()
            }
            fn min_subnormal() -> f64 {
                <$t>::from_bits(1).to_f64()
            }
            fn epsilon() -> f64 {
                <$t>::EPSILON.to_f64()
            }
        }
    };
}

sixteen!(f16, "f16");
sixteen!(bf16, "bf16");

/// The four formats, for dispatch from data.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    F16,
    Bf16,
    F32,
    F64,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::F16, Format::Bf16, Format::F32, Format::F64];

    pub fn name(self) -> &'static str {
        match self {
            Format::F16 => "f16",
            Format::Bf16 => "bf16",
            Format::F32 => "f32",
            Format::F64 => "f64",
        }
    }

    /// (largest finite, smallest subnormal, epsilon).
    pub fn limits(self) -> (f64, f64, f64) {
        fn l<T: Real>() -> (f64, f64, f64) {
            (T::max_finite(), T::min_subnormal(), T::epsilon())
        }
        match self {
            Format::F16 => l::<f16>(),
            Format::Bf16 => l::<bf16>(),
            Format::F32 => l::<f32>(),
            Format::F64 => l::<f64>(),
        }
    }
}

/// Which softmax-family computation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Softmax {
    /// exp(xᵢ) / Σⱼ exp(xⱼ) as written.
    Naive,
    /// The same after subtracting max xᵢ: the largest exponent is 0.
    Shifted,
    /// xᵢ − m − ln Σⱼ exp(xⱼ − m): log-probabilities without forming them.
    LogSoftmax,
    /// ln Σⱼ exp(xⱼ) as written.
    LseNaive,
    /// m + ln Σⱼ exp(xⱼ − m).
    LseShifted,
}

impl Softmax {
    pub const ALL: [Softmax; 5] = [
        Softmax::Naive,
        Softmax::Shifted,
        Softmax::LogSoftmax,
        Softmax::LseNaive,
        Softmax::LseShifted,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Softmax::Naive => "softmax_naive",
            Softmax::Shifted => "softmax_shifted",
            Softmax::LogSoftmax => "log_softmax",
            Softmax::LseNaive => "logsumexp_naive",
            Softmax::LseShifted => "logsumexp_shifted",
        }
    }
}

fn sum<T: Real>(v: &[T]) -> T {
    v.iter().skip(1).fold(v[0], |s, &x| s.add(x))
}

/// Evaluates `which` on `x` (given in f64, rounded into T first); returns the outputs in
/// f64 (a vector for the softmaxes, one value for log-sum-exp).
pub fn softmax_in<T: Real>(which: Softmax, x: &[f64]) -> Vec<f64> {
    let xs: Vec<T> = x.iter().map(|&v| T::from_f64(v)).collect();
    let m = xs
        .iter()
        .copied()
        .fold(xs[0], |a, b| if b > a { b } else { a });
    let out: Vec<T> = match which {
        Softmax::Naive => {
            let e: Vec<T> = xs.iter().map(|v| v.exp()).collect();
            let s = sum(&e);
            e.iter().map(|v| v.div(s)).collect()
        }
        Softmax::Shifted => {
            let e: Vec<T> = xs.iter().map(|v| v.sub(m).exp()).collect();
            let s = sum(&e);
            e.iter().map(|v| v.div(s)).collect()
        }
        Softmax::LogSoftmax => {
            let e: Vec<T> = xs.iter().map(|v| v.sub(m).exp()).collect();
            let lse = sum(&e).ln();
            xs.iter().map(|v| v.sub(m).sub(lse)).collect()
        }
        Softmax::LseNaive => {
            let e: Vec<T> = xs.iter().map(|v| v.exp()).collect();
            vec![sum(&e).ln()]
        }
        Softmax::LseShifted => {
            let e: Vec<T> = xs.iter().map(|v| v.sub(m).exp()).collect();
            vec![m.add(sum(&e).ln())]
        }
    };
    out.iter().map(|v| v.to_f64()).collect()
}

/// Dispatch of [`softmax_in`] on a [`Format`].
pub fn softmax(format: Format, which: Softmax, x: &[f64]) -> Vec<f64> {
    match format {
        Format::F16 => softmax_in::<f16>(which, x),
        Format::Bf16 => softmax_in::<bf16>(which, x),
        Format::F32 => softmax_in::<f32>(which, x),
        Format::F64 => softmax_in::<f64>(which, x),
    }
}

/// The exact answer for the intended inputs, from a form that cannot overflow, in f64:
/// softmax and log-softmax depend only on xᵢ − max x, and log-sum-exp is max x plus the
/// log-sum-exp of those differences.
pub fn softmax_exact(which: Softmax, x: &[f64]) -> Vec<f64> {
    softmax_in::<f64>(
        match which {
            Softmax::Naive | Softmax::Shifted => Softmax::Shifted,
            Softmax::LogSoftmax => Softmax::LogSoftmax,
            Softmax::LseNaive | Softmax::LseShifted => Softmax::LseShifted,
        },
        x,
    )
}

/// Naive left-to-right summation in T.
pub fn sum_naive<T: Real>(v: &[T]) -> T {
    v.iter().fold(T::from_f64(0.0), |s, &x| s.add(x))
}

/// Pairwise (cascade) summation: error grows like ε·log₂ n instead of ε·n.
pub fn sum_pairwise<T: Real>(v: &[T]) -> T {
    if v.len() <= 8 {
        return sum_naive(v);
    }
    let (a, b) = v.split_at(v.len() / 2);
    sum_pairwise(a).add(sum_pairwise(b))
}

/// Kahan's compensated summation: carries the rounding error of each addition forward;
/// the error bound is about 2ε independent of n (Kahan 1965; Higham, *Accuracy and
/// Stability of Numerical Algorithms*, §4.3).
pub fn sum_kahan<T: Real>(v: &[T]) -> T {
    let mut s = T::from_f64(0.0);
    let mut c = T::from_f64(0.0);
    for &x in v {
        let y = x.sub(c);
        let t = s.add(y);
        c = t.sub(s).sub(y);
        s = t;
    }
    s
}

/// (1 − cos x)/x², which cancels catastrophically for small x, computed in T.
pub fn one_minus_cos_naive<T: Real>(x: f64) -> f64 {
    let x = T::from_f64(x);
    T::from_f64(1.0).sub(x.cos()).div(x.mul(x)).to_f64()
}

/// The same quantity as 2·sin²(x/2)/x², which has no subtraction, computed in T.
pub fn one_minus_cos_stable<T: Real>(x: f64) -> f64 {
    let x = T::from_f64(x);
    let s = x.div(T::from_f64(2.0)).sin();
    T::from_f64(2.0).mul(s).mul(s).div(x.mul(x)).to_f64()
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn format_limits_are_the_ieee_ones() {
        assert_eq!(Format::F16.limits().0, 65504.0);
        assert_eq!(Format::F16.limits().2, 2f64.powi(-10));
        assert_eq!(Format::F16.limits().1, 2f64.powi(-24));
        assert_eq!(Format::Bf16.limits().2, 2f64.powi(-7));
        assert_eq!(Format::F32.limits().0, f32::MAX as f64);
        assert_relative_eq!((f32::MAX as f64).ln(), 88.7228, epsilon = 5e-5);
        assert_eq!(Format::F64.limits().1, 5e-324);
    }

    #[test]
    fn naive_softmax_overflows_where_exp_does() {
        let n = 3.0f64;
        for f in Format::ALL {
            let (max, _, _) = f.limits();
            // Just past ln(max/n) the sum n·e^c overflows: e^c/inf = 0 while e^c is finite,
            // and NaN (inf/inf) once e^c overflows too.
            let c_bad = (max / n).ln() + 1.0;
            let out = softmax(f, Softmax::Naive, &[c_bad; 3]);
            assert!(
                out.iter().all(|v| !v.is_finite() || *v == 0.0),
                "{f:?} at {c_bad}: {out:?}"
            );
            let ok = softmax(f, Softmax::Shifted, &[c_bad; 3]);
            for v in ok {
                assert_relative_eq!(v, 1.0 / 3.0, max_relative = f.limits().2 * 4.0);
            }
        }
    }

    #[test]
    fn naive_softmax_underflows_to_nan() {
        let out = softmax(Format::F32, Softmax::Naive, &[-200.0; 3]);
        assert!(out.iter().all(|v| v.is_nan()), "0/0: {out:?}");
        let shifted = softmax(Format::F32, Softmax::Shifted, &[-200.0; 3]);
        assert!(shifted.iter().all(|v| (*v - 1.0 / 3.0).abs() < 1e-7));
        let lse = softmax(Format::F32, Softmax::LseNaive, &[-200.0; 3]);
        assert_eq!(lse[0], f64::NEG_INFINITY);
        let lse = softmax(Format::F64, Softmax::LseShifted, &[-200.0; 3]);
        assert_relative_eq!(lse[0], -200.0 + 3f64.ln(), max_relative = 1e-15);
    }

    #[test]
    fn summation_errors_order_as_expected() {
        let v = vec![0.1f32; 1_000_000];
        let exact = 1_000_000.0 * (0.1f32 as f64);
        let rel = |s: f32| ((s as f64) - exact).abs() / exact;
        let (n, p, k) = (
            rel(sum_naive(&v)),
            rel(sum_pairwise(&v)),
            rel(sum_kahan(&v)),
        );
        assert!(n > 1e-3, "naive {n}");
        assert!(p < 1e-6, "pairwise {p}");
        assert!(k < 1e-7, "kahan {k}");
    }

    #[test]
    fn the_classic_rounding_facts() {
        assert_ne!(0.1f64 + 0.2, 0.3);
        assert_eq!(1.0f32 + f32::EPSILON / 2.0, 1.0);
        assert_eq!((f16::ONE + f16::from_f64(2f64.powi(-11))).to_f64(), 1.0);
        // Cancellation: at x = 1e-4 in f32, 1 − cos x is 0; the stable form is right.
        assert_eq!(one_minus_cos_naive::<f32>(1e-4), 0.0);
        assert_relative_eq!(one_minus_cos_stable::<f32>(1e-4), 0.5, max_relative = 1e-6);
        assert_relative_eq!(one_minus_cos_stable::<f64>(1e-8), 0.5, max_relative = 1e-15);
    }
}
