//! Sample statistics over repeated runs.

/// The mean and the sample variance (divided by n − 1) of `values`; the variance is NaN
/// for fewer than two values.
pub fn mean_var(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    if values.len() < 2 {
        return (mean, f64::NAN);
    }
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, var)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_and_sample_variance() {
        // Squared deviations from 3: 4 + 1 + 0 + 9 = 14, over n − 1 = 3.
        assert_eq!(mean_var(&[1.0, 2.0, 3.0, 6.0]), (3.0, 14.0 / 3.0));
        let (m, v) = mean_var(&[5.0]);
        assert!(m == 5.0 && v.is_nan());
    }
}
