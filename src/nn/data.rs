//! Data sets: seeded synthetic generators, the course's tables, and the UCI handwritten
//! digits shipped in `data/` (compiled in, so no file is read at run time); stratified
//! splits and standardization fitted on the training part only.

use super::float::Float;
use crate::numerics::rng::Rng;
use nalgebra::DMatrix;

/// Samples as columns: `x` is features × n, `y` targets × n (one-hot for classes).
/// Sets are made and prepared in f64; [`Dataset::cast`] gives an f32 network its copy.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset<T: Float = f64> {
    pub name: String,
    pub x: DMatrix<T>,
    pub y: DMatrix<T>,
    /// Class of each sample, for classification sets.
    pub labels: Option<Vec<usize>>,
    pub feature_names: Vec<String>,
}

impl<T: Float> Dataset<T> {
    /// The same set with its values rounded to `U`.
    pub fn cast<U: Float>(&self) -> Dataset<U> {
        Dataset {
            name: self.name.clone(),
            x: self.x.map(|v| U::of(v.to_f64())),
            y: self.y.map(|v| U::of(v.to_f64())),
            labels: self.labels.clone(),
            feature_names: self.feature_names.clone(),
        }
    }

    /// The samples at `idx`, in that order.
    pub fn select(&self, idx: &[usize]) -> Dataset<T> {
        Dataset {
            name: self.name.clone(),
            x: self.x.select_columns(idx),
            y: self.y.select_columns(idx),
            labels: self
                .labels
                .as_ref()
                .map(|l| idx.iter().map(|&i| l[i]).collect()),
            feature_names: self.feature_names.clone(),
        }
    }

    pub fn len(&self) -> usize {
        self.x.ncols()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn classes(&self) -> usize {
        self.labels
            .as_ref()
            .map_or(0, |l| l.iter().max().map_or(0, |m| m + 1))
    }
}

impl Dataset {
    /// A classification set from features (one sample per column) and class numbers:
    /// one 0/1 output for two classes, one-hot outputs for more.
    pub fn labelled(name: &str, x: DMatrix<f64>, labels: Vec<usize>) -> Dataset {
        Dataset::classification(name, x, labels, &[], true)
    }

    fn classification(
        name: &str,
        x: DMatrix<f64>,
        labels: Vec<usize>,
        names: &[&str],
        binary: bool,
    ) -> Dataset {
        let k = labels.iter().max().map_or(1, |m| m + 1);
        let y = if binary && k <= 2 {
            DMatrix::from_fn(1, labels.len(), |_, j| labels[j] as f64)
        } else {
            DMatrix::from_fn(
                k,
                labels.len(),
                |i, j| if labels[j] == i { 1.0 } else { 0.0 },
            )
        };
        Dataset {
            name: name.into(),
            x,
            y,
            labels: Some(labels),
            feature_names: names.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// The samples whose class is in `classes`, relabelled by position in that list (a
    /// task carved out of a larger one, as in transfer learning); 0/1 targets when `binary`
    /// and two classes.
    pub fn subset_classes(&self, classes: &[usize], binary: bool) -> Dataset {
        let labels = self.labels.as_deref().unwrap_or(&[]);
        let idx: Vec<usize> = (0..labels.len())
            .filter(|&i| classes.contains(&labels[i]))
            .collect();
        let new: Vec<usize> = idx
            .iter()
            .map(|&i| classes.iter().position(|&c| c == labels[i]).unwrap_or(0))
            .collect();
        let mut d = Dataset::classification(
            &format!("{} {:?}", self.name, classes),
            self.x.select_columns(&idx),
            new,
            &[],
            binary,
        );
        d.feature_names = self.feature_names.clone();
        d
    }
}

/// The course's house table: size (m²) and rooms → price ($). Note that rooms = size/500
/// in every row: the two features are collinear.
pub fn houses() -> Dataset {
    let x = DMatrix::from_row_slice(2, 3, &[1000.0, 2000.0, 3000.0, 2.0, 4.0, 6.0]);
    let y = DMatrix::from_row_slice(1, 3, &[50_000.0, 100_000.0, 150_000.0]);
    Dataset {
        name: "houses".into(),
        x,
        y,
        labels: None,
        feature_names: vec!["size_m2".into(), "rooms".into()],
    }
}

/// The course's sentiment table: counts of "aack" and "beep" → happy (1) or sad (0).
pub fn sentiment() -> Dataset {
    let x = DMatrix::from_row_slice(2, 4, &[3.0, 0.0, 1.0, 2.0, 0.0, 2.0, 3.0, 1.0]);
    Dataset::classification("sentiment", x, vec![1, 0, 0, 1], &["aack", "beep"], true)
}

/// XOR: the four corners, 1 where exactly one input is 1.
pub fn xor() -> Dataset {
    let x = DMatrix::from_row_slice(2, 4, &[0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0]);
    Dataset::classification("xor", x, vec![0, 1, 1, 0], &["x1", "x2"], true)
}

/// Two interleaving half circles with Gaussian noise (as scikit-learn's `make_moons`).
pub fn moons(n: usize, noise: f64, seed: u64) -> Dataset {
    let mut rng = Rng::new(seed);
    let mut x = DMatrix::zeros(2, n);
    let mut labels = Vec::with_capacity(n);
    for j in 0..n {
        let c = j % 2;
        let t = std::f64::consts::PI * rng.uniform();
        let (a, b) = if c == 0 {
            (t.cos(), t.sin())
        } else {
            (1.0 - t.cos(), 0.5 - t.sin())
        };
        x[(0, j)] = a + noise * rng.normal();
        x[(1, j)] = b + noise * rng.normal();
        labels.push(c);
    }
    Dataset::classification("moons", x, labels, &["x1", "x2"], true)
}

/// Two concentric circles (radius 1 and `factor`).
pub fn circles(n: usize, noise: f64, factor: f64, seed: u64) -> Dataset {
    let mut rng = Rng::new(seed);
    let mut x = DMatrix::zeros(2, n);
    let mut labels = Vec::with_capacity(n);
    for j in 0..n {
        let c = j % 2;
        let t = 2.0 * std::f64::consts::PI * rng.uniform();
        let r = if c == 0 { 1.0 } else { factor };
        x[(0, j)] = r * t.cos() + noise * rng.normal();
        x[(1, j)] = r * t.sin() + noise * rng.normal();
        labels.push(c);
    }
    Dataset::classification("circles", x, labels, &["x1", "x2"], true)
}

/// `classes` interleaved spiral arms.
pub fn spirals(n: usize, classes: usize, noise: f64, seed: u64) -> Dataset {
    let mut rng = Rng::new(seed);
    let mut x = DMatrix::zeros(2, n);
    let mut labels = Vec::with_capacity(n);
    for j in 0..n {
        let c = j % classes;
        let r = rng.uniform();
        let t = 4.0 * r + 2.0 * std::f64::consts::PI * c as f64 / classes as f64;
        x[(0, j)] = r * t.cos() + noise * rng.normal();
        x[(1, j)] = r * t.sin() + noise * rng.normal();
        labels.push(c);
    }
    Dataset::classification("spirals", x, labels, &["x1", "x2"], classes == 2)
}

/// Gaussian blobs with unit spread around centers on a circle of radius 3.
pub fn blobs(n: usize, classes: usize, spread: f64, seed: u64) -> Dataset {
    let mut rng = Rng::new(seed);
    let mut x = DMatrix::zeros(2, n);
    let mut labels = Vec::with_capacity(n);
    for j in 0..n {
        let c = j % classes;
        let a = 2.0 * std::f64::consts::PI * c as f64 / classes as f64;
        x[(0, j)] = 3.0 * a.cos() + spread * rng.normal();
        x[(1, j)] = 3.0 * a.sin() + spread * rng.normal();
        labels.push(c);
    }
    Dataset::classification("blobs", x, labels, &["x1", "x2"], classes == 2)
}

/// y = w·x + b + noise with x ~ U[−1, 1]^d, for regression.
pub fn linear(n: usize, weights: &[f64], bias: f64, noise: f64, seed: u64) -> Dataset {
    let mut rng = Rng::new(seed);
    let d = weights.len();
    let x = DMatrix::from_fn(d, n, |_, _| 2.0 * rng.uniform() - 1.0);
    let y = DMatrix::from_fn(1, n, |_, j| {
        bias + (0..d).map(|i| weights[i] * x[(i, j)]).sum::<f64>() + noise * rng.normal()
    });
    let names: Vec<String> = (0..d).map(|i| format!("x{}", i + 1)).collect();
    Dataset {
        name: "linear".into(),
        x,
        y,
        labels: None,
        feature_names: names,
    }
}

const DIGITS_CSV: &str = include_str!("../../data/digits.csv");

/// A hash of the shipped data files, part of every content-cache key: a changed data file
/// invalidates the outcomes computed from the old one.
pub fn fingerprint() -> &'static str {
    static FP: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    FP.get_or_init(|| {
        use sha2::{Digest, Sha256};
        Sha256::digest(DIGITS_CSV.as_bytes())
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect()
    })
}

/// The UCI optical handwritten digits (1,797 samples of 8×8 pixels, 0–16), as
/// scikit-learn ships them; see `data/README.md` for source and licence.
pub fn digits() -> Dataset {
    let rows: Vec<Vec<f64>> = DIGITS_CSV
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            l.split(',')
                .map(|v| v.trim().parse::<f64>().unwrap_or(f64::NAN))
                .collect()
        })
        .collect();
    let x = DMatrix::from_fn(64, rows.len(), |i, j| rows[j][i]);
    let labels: Vec<usize> = rows.iter().map(|r| r[64] as usize).collect();
    let names: Vec<String> = (0..64)
        .map(|i| format!("pixel_{}_{}", i / 8, i % 8))
        .collect();
    let mut d = Dataset::classification("digits", x, labels, &[], false);
    d.feature_names = names;
    d
}

/// Seeded split into train / validation / test by fractions; stratified by class when the
/// set has labels (every class is split in the same proportions).
pub fn split(data: &Dataset, val: f64, test: f64, seed: u64) -> (Dataset, Dataset, Dataset) {
    let mut rng = Rng::new(seed);
    let groups: Vec<Vec<usize>> = match &data.labels {
        Some(l) => (0..data.classes())
            .map(|c| (0..l.len()).filter(|&i| l[i] == c).collect())
            .collect(),
        None => vec![(0..data.len()).collect()],
    };
    let (mut tr, mut va, mut te) = (Vec::new(), Vec::new(), Vec::new());
    for mut g in groups {
        rng.shuffle(&mut g);
        let n_te = (g.len() as f64 * test).round() as usize;
        let n_va = (g.len() as f64 * val).round() as usize;
        te.extend_from_slice(&g[..n_te]);
        va.extend_from_slice(&g[n_te..n_te + n_va]);
        tr.extend_from_slice(&g[n_te + n_va..]);
    }
    (data.select(&tr), data.select(&va), data.select(&te))
}

/// Per-feature mean and standard deviation of the training set.
#[derive(Debug, Clone, PartialEq)]
pub struct Standardizer {
    pub mean: Vec<f64>,
    pub std: Vec<f64>,
}

impl Standardizer {
    /// Fitted on `train` only; constant features keep std 1 (left unscaled).
    pub fn fit(train: &Dataset) -> Standardizer {
        let n = train.len() as f64;
        let f = train.x.nrows();
        // Sample by sample (down the columns, as the matrix is stored), each feature's sums
        // in sample order: the same sums as along each row, without the strided reads.
        let mut sum = vec![0.0; f];
        for col in train.x.column_iter() {
            for (s, a) in sum.iter_mut().zip(col.iter()) {
                *s += a;
            }
        }
        let mean: Vec<f64> = sum.iter().map(|s| s / n).collect();
        let mut sq = vec![0.0; f];
        for col in train.x.column_iter() {
            for ((s, a), m) in sq.iter_mut().zip(col.iter()).zip(&mean) {
                *s += (a - m).powi(2);
            }
        }
        let std = sq
            .iter()
            .map(|s| s / n)
            .map(|v| if v > 0.0 { v.sqrt() } else { 1.0 })
            .collect();
        Standardizer { mean, std }
    }

    pub fn apply(&self, d: &Dataset) -> Dataset {
        let mut out = d.clone();
        self.apply_in_place(&mut out);
        out
    }

    /// [`Standardizer::apply`] without a copy (a large set is standardized where it is).
    pub fn apply_in_place(&self, d: &mut Dataset) {
        for mut col in d.x.column_iter_mut() {
            for ((a, m), s) in col.iter_mut().zip(&self.mean).zip(&self.std) {
                *a = (*a - m) / s;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_all_there() {
        let d = digits();
        assert_eq!(d.len(), 1797);
        assert_eq!(d.x.nrows(), 64);
        assert_eq!(d.classes(), 10);
        assert!(d.x.iter().all(|v| (0.0..=16.0).contains(v)));
        let counts: Vec<usize> = (0..10)
            .map(|c| {
                d.labels
                    .as_ref()
                    .unwrap()
                    .iter()
                    .filter(|&&l| l == c)
                    .count()
            })
            .collect();
        assert_eq!(counts.iter().sum::<usize>(), 1797);
        assert!(
            counts.iter().all(|&c| (174..=183).contains(&c)),
            "{counts:?}"
        );
    }

    #[test]
    fn stratified_split_keeps_proportions_and_is_seeded() {
        let d = digits();
        let (tr, va, te) = split(&d, 0.15, 0.15, 1);
        assert_eq!(tr.len() + va.len() + te.len(), 1797);
        for c in 0..10 {
            let frac = |s: &Dataset| {
                s.labels
                    .as_ref()
                    .unwrap()
                    .iter()
                    .filter(|&&l| l == c)
                    .count() as f64
                    / s.len() as f64
            };
            assert!((frac(&te) - frac(&d)).abs() < 0.01);
        }
        assert_eq!(split(&d, 0.15, 0.15, 1).2, te);
        assert_ne!(split(&d, 0.15, 0.15, 2).2, te);
        let s = Standardizer::fit(&tr);
        let z = s.apply(&tr);
        for i in [10, 20, 36] {
            let m = z.x.row(i).mean();
            assert!(m.abs() < 1e-12);
        }
    }

    #[test]
    fn generators_are_seeded_and_balanced() {
        assert_eq!(moons(100, 0.1, 3), moons(100, 0.1, 3));
        assert_ne!(moons(100, 0.1, 3), moons(100, 0.1, 4));
        let s = spirals(90, 3, 0.0, 1);
        assert_eq!(s.classes(), 3);
        assert_eq!(s.y.nrows(), 3);
        assert_eq!(xor().y.nrows(), 1);
        let h = houses();
        assert_eq!(h.x[(1, 2)] * 500.0, h.x[(0, 2)], "rooms = size / 500");
        let c = circles(200, 0.0, 0.5, 2);
        let r: f64 = (c.x[(0, 1)].powi(2) + c.x[(1, 1)].powi(2)).sqrt();
        assert!((r - 0.5).abs() < 1e-12);
        let b = blobs(30, 3, 0.5, 1);
        assert_eq!(b.classes(), 3);
        let l = linear(50, &[2.0, -1.0], 0.5, 0.0, 1);
        assert!((l.y[(0, 0)] - (2.0 * l.x[(0, 0)] - l.x[(1, 0)] + 0.5)).abs() < 1e-12);
    }
}
