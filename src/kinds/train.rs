//! Kind `train`: a multilayer perceptron trained on any data set with any of the engine's
//! knobs (architecture, activation, initializer, optimizer, schedule, penalties, batch
//! norm, dropout, clipping, early stopping); sweeps over any of them run trials in parallel.
//!
//! The foundation of catalogue rows 16–24: per-epoch curves for train and validation, a test
//! evaluation of the final (or best) weights, and per-layer statistics on demand.

use super::common::{self, num};
use crate::collect::{Table, Values};
use crate::error::SpecErrors;
use crate::locate::{join, Located};
use crate::nn::activation::Activation;
use crate::nn::data::{self, Dataset, Standardizer};
use crate::nn::files::{self, Format};
use crate::nn::float::Dtype;
use crate::nn::init::Init;
use crate::nn::loss::Loss;
use crate::nn::network::{LayerSpec, Network};
use crate::nn::optim::OptimizerSpec;
use crate::nn::schedule::Schedule;
use crate::nn::train::{
    evaluate, gradient_noise, layer_stats, lr_range_test, penalty, train, EpochRecord,
    GradientNoise, TrainConfig,
};
use crate::numerics::rng::Rng;
use crate::parse::Node;
use crate::plot::{Axes, Curve, Figure, FromTable};
use crate::run::{Outcome, ReportTable};
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "name", deny_unknown_fields)]
pub enum DataSpec {
    Digits,
    Moons {
        #[serde(default = "n500")]
        n: usize,
        #[serde(default = "noise")]
        noise: f64,
    },
    Circles {
        #[serde(default = "n500")]
        n: usize,
        #[serde(default = "noise")]
        noise: f64,
    },
    Spirals {
        #[serde(default = "n500")]
        n: usize,
        #[serde(default = "three")]
        classes: usize,
        #[serde(default = "noise")]
        noise: f64,
    },
    Blobs {
        #[serde(default = "n500")]
        n: usize,
        #[serde(default = "three")]
        classes: usize,
    },
    Xor,
    Linear {
        #[serde(default = "n500")]
        n: usize,
        #[serde(default = "noise")]
        noise: f64,
    },
    /// A classification set from a file the user brings: IDX (MNIST, Fashion-MNIST; plain
    /// or `.gz`, with the labels in their own file), CSV with a header, or Parquet. Paths
    /// are relative to the spec's folder.
    File {
        path: String,
        /// `idx`, `csv` or `parquet`; by default from the file name.
        #[serde(default)]
        format: Option<Format>,
        /// The IDX label file (`train-labels-idx1-ubyte.gz`).
        #[serde(default)]
        labels: Option<String>,
        /// The class column of a CSV or Parquet file.
        #[serde(default = "label_column")]
        label: String,
        /// Every feature is divided by this (255 turns pixel bytes into [0, 1]).
        #[serde(default = "one")]
        #[schemars(range(min = 1e-6, max = 1e9))]
        divide_by: f64,
        /// Only the first `limit` samples (a quick run on a large set).
        #[serde(default)]
        limit: Option<usize>,
        /// The parsed set, filled in when the spec is checked.
        #[serde(skip)]
        #[schemars(skip)]
        loaded: Option<Loaded>,
    },
}

/// A data file's parsed contents and the sha256 of its bytes (part of the cache key).
#[derive(Clone, PartialEq)]
pub struct Loaded {
    pub data: Arc<Dataset>,
    pub sha256: String,
}

impl std::fmt::Debug for Loaded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Loaded({} samples × {} features, sha256 {})",
            self.data.len(),
            self.data.x.nrows(),
            self.sha256
        )
    }
}

/// The range `divide_by` must lie in (its schema declares the same): features stay within
/// f64's range and away from its subnormal numbers.
pub const DIVIDE_BY: std::ops::RangeInclusive<f64> = 1e-6..=1e9;

fn label_column() -> String {
    "label".into()
}
fn one() -> f64 {
    1.0
}

impl DataSpec {
    /// The sha256 of the data file's bytes, or "" for a generated or shipped set.
    pub fn file_hash(&self) -> &str {
        match self {
            DataSpec::File {
                loaded: Some(l), ..
            } => &l.sha256,
            _ => "",
        }
    }
}

/// Reads and parses the data file a `data: {name: file}` block names, relative to the
/// spec's folder: a missing file, an unknown format or a malformed record is a located
/// error at `data.path`. Parsed sets are shared by the trials that name the same bytes.
pub fn resolve_data(data: &mut DataSpec, base: &str, at: &Located) -> Result<(), SpecErrors> {
    let DataSpec::File {
        path,
        format,
        labels,
        label,
        divide_by,
        limit,
        loaded,
    } = data
    else {
        return Ok(());
    };
    let field = join(base, "data.path");
    let Some(fmt) = format.or_else(|| Format::of(path)) else {
        return Err(at
            .at_value(
                &field,
                format!("the format of `{path}` is not known from its name"),
            )
            .expected("a name ending in .csv, .parquet or -ubyte (.gz), or `format: csv`")
            .into());
    };
    if !(DIVIDE_BY.contains(divide_by) && divide_by.is_normal()) {
        return Err(at
            .at_value(
                &join(base, "data.divide_by"),
                format!("`divide_by` is {}", num(*divide_by)),
            )
            .expected(format!(
                "a number between {:e} and {:e}, such as 255 for pixel bytes",
                DIVIDE_BY.start(),
                DIVIDE_BY.end()
            ))
            .into());
    }
    let bytes = read_data_file(at, path, &field)?;
    let label_bytes = match (fmt, labels.as_deref()) {
        (Format::Idx, Some(l)) => Some(read_data_file(at, l, &join(base, "data.labels"))?),
        (Format::Idx, None) => {
            return Err(at
                .at_key(&join(base, "data"), "an IDX data set needs its label file")
                .expected("`labels: train-labels-idx1-ubyte.gz` beside `path`")
                .into())
        }
        _ => None,
    };
    let mut hasher = Sha256::new();
    hasher.update(&bytes[..]);
    if let Some(l) = &label_bytes {
        hasher.update(&l[..]);
    }
    let sha256: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    // Parsed once per content and options, for every trial and spec that names them.
    let key = format!("{sha256} {fmt:?} {label} {divide_by} {limit:?}");
    static PARSED: std::sync::OnceLock<
        std::sync::Mutex<std::collections::HashMap<String, Arc<Dataset>>>,
    > = std::sync::OnceLock::new();
    let parsed = PARSED.get_or_init(Default::default);
    let cached = parsed.lock().expect("not poisoned").get(&key).cloned();
    let set = match cached {
        Some(d) => d,
        None => {
            let file = DataFile {
                path,
                fmt,
                label,
                divide_by: *divide_by,
                limit: *limit,
            };
            let d = Arc::new(parse_data_file(
                &file,
                &bytes,
                label_bytes.as_deref().map(|l| &l[..]),
                &field,
                at,
            )?);
            parsed.lock().expect("not poisoned").insert(key, d.clone());
            d
        }
    };
    *loaded = Some(Loaded { data: set, sha256 });
    Ok(())
}

/// The bytes of a data file named relative to the spec's folder, if the spec may read it
/// (`load::data_file` says which files it may); a refusal is a located error that names the
/// path and the rule.
fn read_data_file(at: &Located, name: &str, field: &str) -> Result<Arc<Vec<u8>>, SpecErrors> {
    crate::load::data_file(std::path::Path::new(&at.file), name)
        .map_err(|e| SpecErrors::from(at.at_value(field, e.to_string()).expected(e.expected())))
}

/// What a `data: {name: file}` block asks of its file.
struct DataFile<'a> {
    path: &'a str,
    fmt: Format,
    label: &'a str,
    divide_by: f64,
    limit: Option<usize>,
}

/// The file's bytes as a classification set: parsed by its format, cut to `limit`, scaled
/// by `divide_by`; a malformed file or one with fewer than two classes is a located error.
fn parse_data_file(
    f: &DataFile,
    bytes: &[u8],
    label_bytes: Option<&[u8]>,
    field: &str,
    at: &Located,
) -> Result<Dataset, SpecErrors> {
    let path = f.path;
    let name = std::path::Path::new(path)
        .file_name()
        .map_or(path.to_string(), |n| n.to_string_lossy().into_owned());
    let mut d = match (f.fmt, label_bytes) {
        (Format::Idx, Some(l)) => files::idx(bytes, l, &name),
        (Format::Csv, _) => files::csv(bytes, f.label, &name),
        (Format::Parquet, _) => files::parquet(bytes, f.label, &name),
        (Format::Idx, None) => unreachable!("checked above"),
    }
    .map_err(|e| {
        SpecErrors::from(
            at.at_value(field, format!("`{path}` cannot be used: {e}"))
                .expected(match f.fmt {
                    Format::Idx => "an IDX file (MNIST's format) and its label file",
                    Format::Csv => {
                        "a CSV file with a header line, numbers only, and a class column"
                    }
                    Format::Parquet => "a Parquet file with numeric columns",
                }),
        )
    })?;
    if let Some(n) = f.limit {
        let keep: Vec<usize> = (0..n.min(d.len())).collect();
        d = d.select(&keep);
    }
    files::divide(&mut d, f.divide_by).map_err(|e| {
        let divide_by = format!("{}divide_by", field.strip_suffix("path").unwrap_or(field));
        SpecErrors::from(
            at.at_value(&divide_by, format!("`{path}` cannot be used: {e}"))
                .expected("features that stay finite once divided by `divide_by`"),
        )
    })?;
    if d.classes() < 2 {
        return Err(at
            .at_value(field, format!("`{path}` has fewer than two classes"))
            .expected("a classification data set with at least two classes")
            .into());
    }
    Ok(d)
}

/// The field a spec changes to need less memory: the data set's size when the data hold
/// most of it and the block has a size (`n`, or `limit` for a file), else the hidden layers.
pub fn memory_field(data: &DataSpec, data_dominate: bool) -> &'static str {
    match data {
        _ if !data_dominate => "layers",
        DataSpec::File { .. } => "data.limit",
        DataSpec::Digits | DataSpec::Xor => "layers",
        _ => "data.n",
    }
}

fn n500() -> usize {
    500
}
fn noise() -> f64 {
    0.2
}
fn three() -> usize {
    3
}

#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct HiddenSpec {
    #[schemars(range(min = 1, max = 4096))]
    units: usize,
    #[serde(default = "relu")]
    activation: Activation,
    #[serde(default)]
    batch_norm: bool,
    #[serde(default)]
    dropout: f64,
    #[serde(default)]
    alpha_dropout: bool,
}

fn relu() -> Activation {
    Activation::Relu
}

#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct EarlyStopping {
    patience: usize,
    #[serde(default = "yes")]
    restore_best: bool,
}

fn yes() -> bool {
    true
}

/// `hidden:` — `count` identical hidden layers, the shorthand for deep stacks (and the
/// form to sweep depth, width or batch norm over).
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct HiddenBlock {
    #[schemars(range(min = 1, max = 200))]
    count: usize,
    #[schemars(range(min = 1, max = 4096))]
    units: usize,
    #[serde(default = "relu")]
    activation: Activation,
    #[serde(default)]
    batch_norm: bool,
    #[serde(default)]
    dropout: f64,
    #[serde(default)]
    alpha_dropout: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct McDropoutSpec {
    #[serde(default = "passes")]
    #[schemars(range(min = 2, max = 10_000))]
    passes: usize,
}

fn passes() -> usize {
    50
}

#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RangeTestSpec {
    #[serde(default = "range_min")]
    #[schemars(range(min = 0.0000000001, max = 1))]
    min_lr: f64,
    #[serde(default = "range_max")]
    #[schemars(range(min = 0.000001, max = 1000))]
    max_lr: f64,
    #[serde(default = "range_steps")]
    #[schemars(range(min = 10, max = 10000))]
    steps: usize,
}

fn range_min() -> f64 {
    1e-6
}
fn range_max() -> f64 {
    10.0
}
fn range_steps() -> usize {
    100
}

#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Raw {
    data: DataSpec,
    #[serde(default = "val")]
    validation: f64,
    #[serde(default = "val")]
    test: f64,
    #[serde(default = "yes")]
    standardize: bool,
    #[serde(default)]
    layers: Option<Vec<HiddenSpec>>,
    #[serde(default)]
    hidden: Option<HiddenBlock>,
    #[serde(default = "he")]
    init: Init,
    optimizer: OptimizerSpec,
    #[serde(default = "constant")]
    schedule: Schedule,
    #[serde(default = "epochs")]
    #[schemars(range(min = 1, max = 100_000))]
    epochs: usize,
    #[serde(default = "batch")]
    #[schemars(range(min = 1, max = 100_000))]
    batch_size: usize,
    #[serde(default)]
    l1: f64,
    #[serde(default)]
    l2: f64,
    #[serde(default)]
    max_norm: Option<f64>,
    #[serde(default)]
    clip_value: Option<f64>,
    #[serde(default)]
    clip_norm: Option<f64>,
    #[serde(default)]
    early_stopping: Option<EarlyStopping>,
    #[serde(default)]
    layer_stats: bool,
    #[serde(default)]
    weight_histogram: bool,
    #[serde(default)]
    mc_dropout: Option<McDropoutSpec>,
    /// A learning-rate range test before training (Smith 2017).
    #[serde(default)]
    lr_range_test: Option<RangeTestSpec>,
    /// Measure the mini-batch gradient's variance at the initial and the trained weights,
    /// against the sampling formula σ²/B · (N − B)/(N − 1) (`noise.csv` and a figure).
    #[serde(default)]
    gradient_noise: bool,
    /// Record each epoch's training time (`seconds` in the metrics, a loss-against-time
    /// figure): a measurement of this machine that differs from run to run.
    #[serde(default)]
    wall_clock: bool,
    /// The float type training runs in: `float64` (the default) or `float32`, PyTorch's
    /// default dtype.
    #[serde(default)]
    dtype: Dtype,
}

fn val() -> f64 {
    0.2
}
fn he() -> Init {
    Init::HeNormal
}
fn constant() -> Schedule {
    Schedule::Constant
}
fn epochs() -> usize {
    30
}
fn batch() -> usize {
    32
}

/// Checked parameters.
#[derive(Debug, Clone)]
pub struct Params {
    pub data: DataSpec,
    pub validation: f64,
    pub test: f64,
    pub standardize: bool,
    pub layers: Vec<LayerSpec>,
    pub init: Init,
    pub config: TrainConfig,
    /// Histogram of the trained hidden weights (`weights.csv` and a figure).
    pub weight_histogram: bool,
    /// Monte Carlo dropout passes over the test set (0: none).
    pub mc_passes: usize,
    /// A learning-rate range test: (min_lr, max_lr) and its steps.
    pub lr_range: Option<((f64, f64), usize)>,
    /// Measure the mini-batch gradient's noise before and after training.
    pub gradient_noise: bool,
    /// The float type of the training run and of its scores (the range test, the epochs'
    /// records and the final evaluation). The analyses of the trained weights (gradient
    /// reach, weight histogram, Monte Carlo dropout, gradient noise) run in f64 on them.
    pub dtype: Dtype,
}

/// The JSON Schema of this kind's `params:` (for `gradlab schema` and editors).
pub fn schema(gen: &mut schemars::gen::SchemaGenerator) -> schemars::schema::Schema {
    gen.subschema_for::<Raw>()
}

/// The loss that fits a data set: MSE for regression, binary cross-entropy on logits for two
/// classes, softmax cross-entropy for more.
pub fn loss_for(data: &DataSpec) -> Loss {
    match data {
        DataSpec::Linear { .. } => Loss::Mse,
        DataSpec::Moons { .. } | DataSpec::Circles { .. } | DataSpec::Xor => Loss::BceWithLogits,
        DataSpec::Spirals { classes, .. } | DataSpec::Blobs { classes, .. } if *classes == 2 => {
            Loss::BceWithLogits
        }
        DataSpec::File {
            loaded: Some(l), ..
        } if l.data.classes() == 2 => Loss::BceWithLogits,
        _ => Loss::SoftmaxCrossEntropy,
    }
}

/// The data set a spec names (generators are seeded; the digits are shipped).
/// (samples, features, outputs) of a data set, without generating it.
pub fn data_shape(d: &DataSpec) -> (u64, u64, u64) {
    match *d {
        DataSpec::Digits => (1797, 64, 10),
        DataSpec::Moons { n, .. } | DataSpec::Circles { n, .. } => (n as u64, 2, 1),
        DataSpec::Spirals { n, classes, .. } | DataSpec::Blobs { n, classes } => {
            (n as u64, 2, classes as u64)
        }
        DataSpec::Xor => (4, 2, 1),
        DataSpec::Linear { n, .. } => (n as u64, 3, 1),
        DataSpec::File { ref loaded, .. } => loaded.as_ref().map_or((0, 0, 0), |l| {
            let d = &l.data;
            (d.len() as u64, d.x.nrows() as u64, d.y.nrows() as u64)
        }),
    }
}

/// The widths of a network's layers, input to output, for `f` inputs and `o` outputs.
pub fn widths(f: u64, hidden: impl Iterator<Item = u64>, o: u64) -> Vec<u64> {
    std::iter::once(f)
        .chain(hidden)
        .chain(std::iter::once(o))
        .collect()
}

/// The weights and biases of a dense network of these layer widths.
pub fn weight_count(widths: &[u64]) -> u64 {
    widths.windows(2).map(|w| (w[0] + 1) * w[1]).sum()
}

/// See [`TrainKind::work`]: the estimated floating-point operations of one run.
pub fn train_work(p: &Params) -> f64 {
    let (n, f, o) = data_shape(&p.data);
    let weights = weight_count(&widths(f, p.layers.iter().map(|l| l.units as u64), o)) as f64;
    let n = n as f64;
    let epochs = p.config.epochs as f64;
    let mut work = epochs * (6.0 + 2.0) * n * weights + 2.0 * n * weights;
    if p.gradient_noise {
        work += 2.0 * 16.0 * 6.0 * n * weights;
    }
    if let Some((_, steps)) = p.lr_range {
        work += 6.0 * steps as f64 * p.config.batch_size as f64 * weights;
    }
    work += 2.0 * p.mc_passes as f64 * n * weights;
    work
}

/// The data set a spec names: generated (seeded), shipped, or a user's file as parsed when
/// the spec was checked (borrowed, not copied: it can be large).
pub fn load(d: &DataSpec, seed: u64) -> std::borrow::Cow<'_, Dataset> {
    use std::borrow::Cow::{Borrowed, Owned};
    Owned(match *d {
        DataSpec::File { ref loaded, .. } => {
            return Borrowed(
                &loaded
                    .as_ref()
                    .expect("checked: the file was read and parsed by `resolve_data`")
                    .data,
            )
        }
        DataSpec::Digits => data::digits(),
        DataSpec::Moons { n, noise } => data::moons(n, noise, seed),
        DataSpec::Circles { n, noise } => data::circles(n, noise, 0.5, seed),
        DataSpec::Spirals { n, classes, noise } => data::spirals(n, classes, noise, seed),
        DataSpec::Blobs { n, classes } => data::blobs(n, classes, 1.0, seed),
        DataSpec::Xor => data::xor(),
        DataSpec::Linear { n, noise } => data::linear(n, &[2.0, -1.0, 0.5], 0.3, noise, seed),
    })
}

/// A per-layer share (`share`, such as the units dead or saturated on every probe sample),
/// averaged over the first `hidden` layers; NaN without layer statistics.
fn hidden_share(
    layers: &[crate::nn::train::LayerStats],
    hidden: usize,
    share: impl Fn(&crate::nn::train::LayerStats) -> f64,
) -> f64 {
    let h = &layers[..hidden.min(layers.len())];
    if h.is_empty() {
        f64::NAN
    } else {
        h.iter().map(share).sum::<f64>() / h.len() as f64
    }
}

/// The share of hidden units (of the first `hidden` layers) that are dead or saturated on
/// every probe sample; NaN without layer statistics.
fn dead_share(layers: &[crate::nn::train::LayerStats], hidden: usize) -> f64 {
    hidden_share(layers, hidden, |l| l.dead)
}

/// Hidden layers (1-based, among the first `hidden`) whose units all have identical
/// incoming weights and biases.
pub fn identical_unit_layers(net: &Network, hidden: usize) -> Vec<usize> {
    net.layers
        .iter()
        .take(hidden)
        .enumerate()
        .filter(|(_, l)| {
            l.w.nrows() > 1
                && (1..l.w.nrows()).all(|i| l.w.row(i) == l.w.row(0) && l.b[i] == l.b[0])
        })
        .map(|(k, _)| k + 1)
        .collect()
}

/// Smallest |w| the histogram resolves: every smaller weight (exact zeros too) is counted in
/// its first bin.
const WEIGHT_FLOOR: f64 = 1e-7;

/// Share of hidden weights per bin of |w|, bins a quarter of a decade wide from
/// [`WEIGHT_FLOOR`] up to the largest |w| (drawn on a log axis, where an L1 penalty's pile of
/// weights near 0 and L2's shift to smaller weights both show; a linear axis puts them all in
/// one bin around 0). Bins are labelled by their geometric centre; empty bins are kept, as 0.
fn weight_histogram(w: &[f64]) -> Table {
    const PER_DECADE: f64 = 4.0;
    let lo = WEIGHT_FLOOR.log10();
    let top = w
        .iter()
        .fold(0.0f64, |a, v| a.max(v.abs()))
        .max(WEIGHT_FLOOR * 10.0);
    let bins = ((top.log10() - lo) * PER_DECADE).ceil().max(1.0) as usize;
    let mut count = vec![0usize; bins];
    for v in w {
        let k = ((v.abs().max(WEIGHT_FLOOR).log10() - lo) * PER_DECADE).max(0.0) as usize;
        count[k.min(bins - 1)] += 1;
    }
    let n = w.len().max(1) as f64;
    let (xs, ys): (Vec<f64>, Vec<f64>) = (0..bins)
        .map(|k| {
            let centre = 10f64.powf(lo + (k as f64 + 0.5) / PER_DECADE);
            (centre, count[k] as f64 / n)
        })
        .unzip();
    Table::new()
        .with("run", Values::Str(vec!["weights".to_string(); bins]))
        .with("abs_weight", Values::F64(xs))
        .with("share", Values::F64(ys))
}

/// What Monte Carlo dropout (Gal & Ghahramani 2016) says about the test set.
struct McResult {
    correct: usize,
    accuracy: f64,
    spread_right: f64,
    spread_wrong: f64,
    certain_half: f64,
    uncertain_half: f64,
    hist_right: Vec<(f64, f64)>,
    hist_wrong: Vec<(f64, f64)>,
    /// The share of (wrong, right) answer pairs in which the wrong answer has the larger
    /// spread (ties count half): the area under the ROC curve of the spread as a detector
    /// of wrong answers; 0.5 is chance.
    auc_spread: f64,
    /// The same for the averaged probability of the predicted class (lower = more suspect):
    /// what the network's own confidence, without the spread, already tells.
    auc_prob: f64,
    table: Table,
}

/// The share of (wrong, right) pairs in which `score` ranks the wrong answer higher, ties
/// counting half (the Mann–Whitney form of the ROC area); NaN when one group is empty.
fn auc(
    rows: &[(usize, usize, f64, f64, bool)],
    score: impl Fn(&(usize, usize, f64, f64, bool)) -> f64,
) -> f64 {
    let wrong: Vec<f64> = rows.iter().filter(|r| !r.4).map(&score).collect();
    let right: Vec<f64> = rows.iter().filter(|r| r.4).map(&score).collect();
    if wrong.is_empty() || right.is_empty() {
        return f64::NAN;
    }
    let mut above = 0.0;
    for w in &wrong {
        for r in &right {
            above += match w.total_cmp(r) {
                std::cmp::Ordering::Greater => 1.0,
                std::cmp::Ordering::Equal => 0.5,
                std::cmp::Ordering::Less => 0.0,
            };
        }
    }
    above / (wrong.len() * right.len()) as f64
}

/// Class probabilities of one output column.
fn probabilities(out: &nalgebra::DMatrix<f64>, j: usize) -> Vec<f64> {
    if out.nrows() == 1 {
        let p = crate::nn::activation::sigmoid(out[(0, j)]);
        vec![1.0 - p, p]
    } else {
        let col = out.column(j);
        let mx = col.max();
        let e: Vec<f64> = col.iter().map(|v| (v - mx).exp()).collect();
        let s: f64 = e.iter().sum();
        e.iter().map(|v| v / s).collect()
    }
}

fn mc_dropout(net: &mut Network, te: &Dataset, _loss: Loss, passes: usize, seed: u64) -> McResult {
    use crate::nn::network::Mode;
    let mut rng = Rng::new(seed);
    let n = te.len();
    let mut samples: Vec<Vec<Vec<f64>>> = vec![Vec::with_capacity(passes); n];
    for _ in 0..passes {
        let (out, _) = net.forward(&te.x, Mode::McDropout, &mut rng);
        for (j, s) in samples.iter_mut().enumerate() {
            s.push(probabilities(&out, j));
        }
    }
    let labels = te.labels.as_deref().unwrap_or(&[]);
    let mut rows = Vec::with_capacity(n);
    for (j, s) in samples.iter().enumerate() {
        let k = s[0].len();
        let mean: Vec<f64> = (0..k)
            .map(|c| s.iter().map(|p| p[c]).sum::<f64>() / passes as f64)
            .collect();
        let pred = (0..k)
            .max_by(|&a, &b| mean[a].total_cmp(&mean[b]))
            .unwrap_or(0);
        let var = s
            .iter()
            .map(|p| (p[pred] - mean[pred]).powi(2))
            .sum::<f64>()
            / passes as f64;
        rows.push((
            j,
            pred,
            mean[pred],
            var.sqrt(),
            labels.get(j) == Some(&pred),
        ));
    }
    let correct = rows.iter().filter(|r| r.4).count();
    let avg = |right: bool| {
        let v: Vec<f64> = rows.iter().filter(|r| r.4 == right).map(|r| r.3).collect();
        if v.is_empty() {
            f64::NAN
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    let mut by_spread: Vec<&(usize, usize, f64, f64, bool)> = rows.iter().collect();
    by_spread.sort_by(|a, b| a.3.total_cmp(&b.3).then(a.0.cmp(&b.0)));
    let half = n / 2;
    let acc = |part: &[&(usize, usize, f64, f64, bool)]| {
        part.iter().filter(|r| r.4).count() as f64 / part.len().max(1) as f64
    };
    let max_spread = rows.iter().fold(0.0f64, |a, r| a.max(r.3)).max(1e-12);
    let bins = 10;
    let hist = |right: bool| -> Vec<(f64, f64)> {
        let sel: Vec<f64> = rows.iter().filter(|r| r.4 == right).map(|r| r.3).collect();
        let mut c = vec![0usize; bins];
        for v in &sel {
            c[((v / max_spread * bins as f64) as usize).min(bins - 1)] += 1;
        }
        (0..bins)
            .map(|b| {
                (
                    (b as f64 + 0.5) * max_spread / bins as f64,
                    c[b] as f64 / sel.len().max(1) as f64,
                )
            })
            .collect()
    };
    McResult {
        correct,
        accuracy: correct as f64 / n.max(1) as f64,
        spread_right: avg(true),
        spread_wrong: avg(false),
        certain_half: acc(&by_spread[..half]),
        uncertain_half: acc(&by_spread[half..]),
        hist_right: hist(true),
        hist_wrong: hist(false),
        auc_spread: auc(&rows, |r| r.3),
        auc_prob: auc(&rows, |r| -r.2),
        table: Table::new()
            .with(
                "sample",
                Values::I64(rows.iter().map(|r| r.0 as i64).collect()),
            )
            .with(
                "predicted",
                Values::I64(rows.iter().map(|r| r.1 as i64).collect()),
            )
            .with(
                "confidence",
                Values::F64(rows.iter().map(|r| r.2).collect()),
            )
            .with("spread", Values::F64(rows.iter().map(|r| r.3).collect()))
            .with("correct", Values::Bool(rows.iter().map(|r| r.4).collect())),
    }
}

/// The per-epoch figures of a run: loss, the schedule's learning rate (with a schedule)
/// and the metric, train and validation.
fn epoch_figures(
    trial: usize,
    schedule: &Schedule,
    metric_name: &str,
    regression: bool,
    lang: crate::i18n::Lang,
) -> Vec<(String, Figure)> {
    let mut figures = Vec::new();
    let lines = |y: &str, title: String, label: String, log: bool| Figure::Lines {
        axes: Axes {
            title,
            x_label: crate::tr!(lang, "train-axis-epoch"),
            y_label: label,
            log_x: false,
            log_y: log,
            // R² below −1 is worse than predicting the mean by more than the data's own
            // variance: the frame stops there (accuracy lies in [0, 1] anyway).
            y_floor: (y == "metric" && regression).then_some(-1.0),
        },
        data: FromTable {
            x: "epoch".into(),
            y: y.into(),
            group: "series".into(),
            trial: Some(trial as i64),
            filter: vec![],
            table: None,
        },
    };
    figures.push((
        "loss".into(),
        lines(
            "loss",
            crate::tr!(lang, "train-loss-title"),
            crate::tr!(lang, "train-axis-loss"),
            true,
        ),
    ));
    // A schedule's learning rate over the epochs (the rows of the training split).
    if *schedule != Schedule::Constant {
        let mut lr = lines(
            "lr",
            crate::tr!(lang, "train-lr-title"),
            crate::tr!(lang, "train-axis-lr"),
            true,
        );
        if let Figure::Lines { data, .. } = &mut lr {
            data.filter = vec![("split".into(), "train".into())];
        }
        figures.push(("lr".into(), lr));
    }
    figures.push((
        "metric".into(),
        lines(
            "metric",
            crate::tr!(
                lang,
                "train-metric-title",
                // A title starts with a capital: "Accuracy by epoch".
                metric = {
                    let mut c = metric_name.chars();
                    c.next().map_or(String::new(), |f| {
                        f.to_uppercase().collect::<String>() + c.as_str()
                    })
                },
                regression = if regression { "yes" } else { "no" },
            ),
            metric_name.to_string(),
            false,
        ),
    ));
    figures
}

/// `metrics.csv` of one run: a row per split and epoch (0 = untrained).
fn metrics_table(rows: &[EpochRecord], hidden: usize, timed: bool) -> Table {
    let mut t = Table::new();
    for (split, pick) in [("train", 0usize), ("validation", 1)] {
        let e = &rows;
        t.append(
            &Table::new()
                .with("run", Values::Str(vec![split.to_string(); e.len()]))
                .with("split", Values::Str(vec![split.to_string(); e.len()]))
                .with(
                    "epoch",
                    Values::I64(e.iter().map(|r| r.epoch as i64).collect()),
                )
                .with(
                    "loss",
                    Values::F64(
                        e.iter()
                            .map(|r| if pick == 0 { r.train_loss } else { r.val_loss })
                            .collect(),
                    ),
                )
                .with(
                    "penalty",
                    Values::F64(e.iter().map(|r| r.penalty).collect()),
                )
                .with(
                    "metric",
                    Values::F64(
                        e.iter()
                            .map(|r| {
                                if pick == 0 {
                                    r.train_metric
                                } else {
                                    r.val_metric
                                }
                            })
                            .collect(),
                    ),
                )
                .with("lr", Values::F64(e.iter().map(|r| r.lr).collect()))
                .with(
                    "grad_norm",
                    Values::F64(e.iter().map(|r| r.grad_norm).collect()),
                )
                .with(
                    "dead_units",
                    Values::F64(e.iter().map(|r| dead_share(&r.layers, hidden)).collect()),
                )
                .with(
                    "negative_units",
                    Values::F64(
                        e.iter()
                            .map(|r| hidden_share(&r.layers, hidden, |l| l.negative))
                            .collect(),
                    ),
                ),
        );
    }
    if timed {
        let seconds: Vec<f64> = rows.iter().map(|r| r.seconds).collect();
        t.push("seconds", Values::F64([seconds.clone(), seconds].concat()));
    }
    t
}

/// `layers.csv`: per-layer statistics, epoch 0 (the untrained network) first, then every
/// epoch.
fn layers_table(rows: &[EpochRecord]) -> Table {
    let rows: Vec<_> = rows
        .iter()
        .flat_map(|e| e.layers.iter().map(move |l| (e.epoch, l.clone())))
        .collect();
    Table::new()
        .with(
            "epoch",
            Values::I64(rows.iter().map(|r| r.0 as i64).collect()),
        )
        .with(
            "layer",
            Values::I64(rows.iter().map(|r| r.1.layer as i64).collect()),
        )
        .with(
            "act_mean",
            Values::F64(rows.iter().map(|r| r.1.act_mean).collect()),
        )
        .with(
            "act_std",
            Values::F64(rows.iter().map(|r| r.1.act_std).collect()),
        )
        .with(
            "saturated",
            Values::F64(rows.iter().map(|r| r.1.saturated).collect()),
        )
        .with("dead", Values::F64(rows.iter().map(|r| r.1.dead).collect()))
        .with(
            "negative",
            Values::F64(rows.iter().map(|r| r.1.negative).collect()),
        )
        .with(
            "grad_w_norm",
            Values::F64(rows.iter().map(|r| r.1.grad_w_norm).collect()),
        )
        .with(
            "grad_b_norm",
            Values::F64(rows.iter().map(|r| r.1.grad_b_norm).collect()),
        )
        .with(
            "grad_u_norm",
            Values::F64(rows.iter().map(|r| r.1.grad_u_norm).collect()),
        )
        .with(
            "update_ratio",
            Values::F64(rows.iter().map(|r| r.1.update_ratio).collect()),
        )
}

/// The range test's table, figure, results and finding. The suggested largest rate is a
/// tenth of the one where the smoothed loss was lowest (Smith's and fastai's rule of thumb);
/// the steepest descent is where the smoothed loss falls fastest per decade of rate.
fn range_test_report(
    points: &[crate::nn::train::RangePoint],
    (lo, hi): (f64, f64),
    out: &mut Outcome,
    lang: crate::i18n::Lang,
) -> Option<serde_json::Value> {
    let min_at = points
        .iter()
        .enumerate()
        .filter(|(_, p)| p.smoothed.is_finite())
        .min_by(|a, b| a.1.smoothed.total_cmp(&b.1.smoothed))
        .map(|(i, _)| i)?;
    // Per decade: Δsmoothed / Δlog₁₀(lr) over five-step spans, up to the minimum.
    let span = 5;
    let steepest = (span..=min_at)
        .map(|i| {
            let (a, b) = (&points[i - span], &points[i]);
            (i, (b.smoothed - a.smoothed) / (b.lr / a.lr).log10())
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| points[i].lr);
    let best_lr = points[min_at].lr;
    let last = points.last().expect("non-empty: min_at exists");
    let stopped = last.lr < hi * 0.999;
    out.extra_tables.push((
        "lr_range".into(),
        Table::new()
            .with("step", Values::I64((0..points.len() as i64).collect()))
            .with("lr", Values::F64(points.iter().map(|p| p.lr).collect()))
            .with("loss", Values::F64(points.iter().map(|p| p.loss).collect()))
            .with(
                "smoothed",
                Values::F64(points.iter().map(|p| p.smoothed).collect()),
            ),
    ));
    out.figures.push((
        "lr_range".into(),
        Figure::Curves {
            axes: Axes {
                title: crate::tr!(lang, "train-range-title"),
                x_label: crate::tr!(lang, "train-axis-lr"),
                y_label: crate::tr!(lang, "train-axis-loss"),
                log_x: true,
                log_y: true,
                y_floor: None,
            },
            // The smoothed loss only: single batches scatter over a decade and would hide
            // its shape (they are in `lr_range.csv`).
            curves: vec![Curve::line(
                crate::tr!(lang, "train-range-smoothed"),
                points.iter().map(|p| (p.lr, p.smoothed)).collect(),
            )
            .color(0)],
            vlines: vec![(crate::tr!(lang, "train-range-suggested"), best_lr / 10.0)],
        },
    ));
    out.findings.push(crate::tr!(
        lang,
        "train-range-finding",
        steps = points.len().to_string(),
        lo = num(lo),
        hi = num(hi),
        best = num(best_lr),
        steepest = steepest.map_or("–".into(), num),
        suggested = num(best_lr / 10.0),
        stopped = if stopped { "yes" } else { "no" },
        stop = num(last.lr)
    ));
    // The smoothing lags the single batches by tens of steps: where their own loss was lowest.
    let raw = points
        .iter()
        .filter(|p| p.loss.is_finite())
        .min_by(|a, b| a.loss.total_cmp(&b.loss));
    if let Some(r) = raw.filter(|r| r.lr < best_lr) {
        out.findings.push(crate::tr!(
            lang,
            "train-range-lag",
            raw_lr = num(r.lr),
            raw_loss = num(r.loss),
            smoothed = num(r.smoothed),
            best = num(best_lr),
        ));
    }
    Some(json!({
        "min_loss_lr": best_lr,
        "raw_min_loss_lr": raw.map(|r| r.lr),
        "steepest_lr": steepest,
        "suggested_max_lr": best_lr / 10.0,
        "stopped_at_lr": if stopped { Some(last.lr) } else { None },
        // The smoothed loss where the test ended over its lowest (4 or more when it stopped).
        "stop_loss_ratio": last.smoothed / points[min_at].smoothed,
        "steps": points.len(),
    }))
}

/// The columns of `metrics.csv` (and `layers.csv` with `layer_stats: true`).
pub const COLUMNS: &[(&str, &str)] = &[
    ("run", "train or validation"),
    ("split", "train or validation"),
    ("epoch", "0 for the untrained network, then each epoch"),
    ("loss", "data loss at the end of the epoch, the same quantity on train and validation (the L1/L2 penalty is not in it)"),
    ("penalty", "the L1/L2 penalty of the weights at the end of the epoch (what the optimizer adds to the train loss; 0 without one)"),
    ("metric", "accuracy (classification) or R² (regression)"),
    ("lr", "learning rate of the epoch's last step"),
    ("grad_norm", "global gradient norm of the epoch's last step, before clipping"),
    ("dead_units", "with `layer_stats: true`: mean over hidden layers of the share of units dead or saturated on every probe sample"),
    ("negative_units", "with `layer_stats: true`: mean over hidden layers of the share of units whose pre-activation is below 0 on every probe sample (dead for ReLU; still passing a gradient for Leaky ReLU and ELU)"),
    ("seconds", "with `wall_clock: true`: seconds spent in training steps up to the end of the epoch, measured on this machine (differs from run to run)"),
    ("noise.csv", "with `gradient_noise: true`: `at` (`start`: the initial weights, `end`: the trained ones), `batch_size`, `estimate` (`E‖g_B − g‖² · measured`: mean of ‖g_B − g‖² over the full batches of shuffled passes, at least 64 batches where 16 passes allow; `… · expected`: σ²/B · (N − B)/(N − 1)), `variance`, `whole_set` (`yes` when the batch is the whole set: variance 0), `sigma2` (per-sample gradient variance), `grad_sq` (‖g‖², the full gradient's squared norm)"),
    ("weights.csv", "with `weight_histogram: true`: abs_weight (|w|, the bin's geometric centre; bins a quarter of a decade wide, the first also holding every |w| below 1e-7), share (fraction of hidden weights in the bin)"),
    ("mc_dropout.csv", "with `mc_dropout`: sample, predicted, confidence (mean probability of the predicted class), spread (its std across passes), correct"),
    ("layers.csv", "epoch, layer, act_mean, act_std, saturated (fraction of unit × sample pairs), dead (fraction of units saturated or dead on every probe sample), negative (fraction of units whose pre-activation is below 0 on every probe sample), grad_w_norm, grad_b_norm, grad_u_norm (‖∂L/∂z‖ per sample), update_ratio"),
];

/// The hidden layers: `layers` (a list) or `hidden` (a count of identical layers), one of
/// them, each dropout a probability in [0, 1).
fn hidden_layers(
    raw: &Raw,
    base: &str,
    at: &Located,
    errors: &mut Vec<crate::error::SpecError>,
) -> Vec<HiddenSpec> {
    let p = |k: &str| join(base, k);
    let hidden: Vec<HiddenSpec> = match (&raw.layers, &raw.hidden) {
        (Some(l), None) => l.clone(),
        (None, Some(h)) => {
            if !(0.0..1.0).contains(&h.dropout) {
                errors.push(
                    at.at_value(
                        &join(&p("hidden"), "dropout"),
                        format!("`dropout` is {}", h.dropout),
                    )
                    .expected("a probability in [0, 1)"),
                );
            }
            vec![
                HiddenSpec {
                    units: h.units,
                    activation: h.activation,
                    batch_norm: h.batch_norm,
                    dropout: h.dropout,
                    alpha_dropout: h.alpha_dropout,
                };
                h.count.min(200)
            ]
        }
        (Some(_), Some(_)) => {
            errors.push(
                at.at_key(&p("hidden"), "both `layers` and `hidden` are given")
                    .expected(
                        "one of them: `layers` (a list) or `hidden` (count identical layers)",
                    ),
            );
            Vec::new()
        }
        (None, None) => {
            errors.push(
                at.at_value(base, "no hidden layers").expected(
                    "`layers: [{units: 64, activation: {name: relu}}]` or `hidden: {count: 3, units: 64}`",
                ),
            );
            Vec::new()
        }
    };
    if raw.layers.as_ref().is_some_and(|l| l.is_empty()) {
        errors.push(
            at.at_value(&p("layers"), "no hidden layers")
                .expected("a list such as `- {units: 64, activation: {name: relu}}`"),
        );
    }
    for (i, l) in raw.layers.iter().flatten().enumerate() {
        let path = format!("{}[{i}]", p("layers"));
        if !(0.0..1.0).contains(&l.dropout) {
            errors.push(
                at.at_value(
                    &join(&path, "dropout"),
                    format!("`dropout` is {}", l.dropout),
                )
                .expected("a probability in [0, 1)"),
            );
        }
    }
    hidden
}

/// One configuration trained: its setup with the trained network, the history with the
/// untrained network's record first, the gradient noise before and after (when asked),
/// and the range test's points from the same initial weights (when asked).
struct Trained {
    setup: Setup,
    h: crate::nn::train::History,
    rows: Vec<EpochRecord>,
    noise: Option<[GradientNoise; 2]>,
    range_points: Option<Vec<crate::nn::train::RangePoint>>,
}

/// The computation of a run: data and model, the untrained record, training, and the
/// measurements asked for around it.
fn train_once(p: &Params, seed: u64) -> Trained {
    let mut setup = setup(p, seed);
    let (tr, va, cfg) = (&setup.tr, &setup.va, &setup.cfg);
    let s32 = setup.splits32.as_ref();
    let net = &mut setup.net;
    // The range test starts from the same initial weights as the training run.
    let range_points = p.lr_range.map(|(span, steps)| match s32 {
        None => lr_range_test(&mut net.clone(), tr, cfg, span, steps),
        Some([tr32, ..]) => lr_range_test(&mut net.cast::<f32>(), tr32, cfg, span, steps),
    });
    let initial = initial_record(net, [tr, va], s32, cfg);
    let measure =
        |net: &mut Network| gradient_noise(net, tr, cfg.loss, cfg.batch_size, seed.wrapping_add(4));
    let noise_start = p.gradient_noise.then(|| measure(net));
    let h = match s32 {
        None => train(net, tr, va, cfg),
        Some([tr32, va32, _]) => {
            let mut net32 = net.cast::<f32>();
            let h = train(&mut net32, tr32, va32, cfg);
            *net = net32.cast();
            h
        }
    };
    let noise = noise_start.map(|a| [a, measure(net)]);
    let rows: Vec<EpochRecord> = std::iter::once(initial)
        .chain(h.epochs.iter().cloned())
        .collect();
    Trained {
        setup,
        h,
        rows,
        noise,
        range_points,
    }
}

/// The sweep table's numbers: validation and test score, epochs run.
fn headline(
    s: &Scores,
    epochs: usize,
    metric_name: &str,
    lang: crate::i18n::Lang,
) -> Vec<(String, String)> {
    vec![
        (
            crate::tr!(lang, "train-headline-validation", metric = metric_name),
            num(s.rvm),
        ),
        (
            crate::tr!(lang, "train-headline-test", metric = metric_name),
            num(s.test_metric),
        ),
        (
            crate::tr!(lang, "train-headline-epochs"),
            epochs.to_string(),
        ),
    ]
}

/// What the run says about its fit: the summary, how the fit went, the final metrics
/// table, how much gradient reaches the first layer, and units that never broke symmetry.
/// Returns the gradient reach before and after training and the symmetric layers.
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
fn fit_report(
    p: &Params,
    cfg: &TrainConfig,
    (specs, data_name): (&[LayerSpec], &str),
    splits: [&Dataset; 3],
    (h, rows, s): (&crate::nn::train::History, &[EpochRecord], &Scores),
    net: &Network,
    metric_name: &str,
    out: &mut Outcome,
    lang: crate::i18n::Lang,
) -> (Option<(f64, f64, f64)>, Option<(f64, f64, f64)>, Vec<usize>) {
    out.findings.push(summary_finding(
        p,
        specs,
        splits,
        data_name,
        h,
        s,
        metric_name,
        lang,
    ));
    out.findings.extend(fit_finding(p, cfg, h, s, lang));
    if let Some((last, prev, lo, hi, upto)) = collapse(h, cfg.loss) {
        out.findings.push(crate::tr!(
            lang,
            "train-collapse",
            metric = metric_name,
            last = num(last),
            prev = num(prev),
            lo = num(lo),
            hi = num(hi),
            upto = upto.to_string(),
        ));
    }
    out.tables
        .push(final_metrics_table(p, cfg, h, s, metric_name, lang));
    let batch_norm = p.layers.iter().any(|l| l.batch_norm);
    let (grad_start, grad_end) = gradient_reach(p.layers.len(), rows);
    // Batch normalization's untrained pass does not normalize: no "before" to report.
    let grad_start = grad_start.filter(|_| !batch_norm);
    out.findings.extend(gradient_reach_finding(
        p.layers.len(),
        grad_start,
        grad_end,
        batch_norm,
        lang,
    ));
    let identical = identical_unit_layers(net, p.layers.len());
    if !identical.is_empty() {
        // Identical because every weight is still 0: no gradient reached them at all, which
        // is not symmetry computing one feature (a layer of zeros computes none).
        let zero = identical.iter().all(|&l| {
            let layer = &net.layers[l - 1];
            layer.w.iter().all(|&w| w == 0.0) && layer.b.iter().all(|&b| b == 0.0)
        });
        out.findings.push(symmetry_finding(&identical, zero, lang));
    }
    (grad_start, grad_end, identical)
}

/// The results prose and claims read: the last epoch's and the reported weights' numbers,
/// how training ended, and what the run measured about its weights and gradients.
#[allow(clippy::type_complexity)]
fn results_json(
    p: &Params,
    (s, h, rows): (&Scores, &crate::nn::train::History, &[EpochRecord]),
    [n_train, n_val, n_test]: [usize; 3],
    identical: &[usize],
    (near_zero, tiny): (f64, f64),
    mc: serde_json::Value,
    (grad_start, grad_end): (Option<(f64, f64, f64)>, Option<(f64, f64, f64)>),
) -> serde_json::Value {
    let dead: Vec<f64> = rows
        .iter()
        .map(|r| dead_share(&r.layers, p.layers.len()))
        .collect();
    // The last hidden layer's statistics before and after training (with layer statistics).
    let hidden_at = |r: &EpochRecord| r.layers.get(p.layers.len().saturating_sub(1)).cloned();
    let (lh_start, lh_end) = (
        rows.first().and_then(hidden_at),
        rows.last().and_then(hidden_at),
    );
    let negative: Vec<f64> = rows
        .iter()
        .map(|r| hidden_share(&r.layers, p.layers.len(), |l| l.negative))
        .collect();
    // The share of unit × sample pairs in a flat part of the activation (saturated or
    // dead), mean over hidden layers: saturation of a unit on some samples, which the
    // share of units saturated on every sample does not see.
    let saturated: Vec<f64> = rows
        .iter()
        .map(|r| hidden_share(&r.layers, p.layers.len(), |l| l.saturated))
        .collect();
    let best_val = h
        .epochs
        .iter()
        .filter(|r| r.epoch >= 1 && r.val_metric.is_finite())
        .map(|r| (r.val_metric, r.epoch))
        .fold(
            (f64::NAN, 0),
            |a, b| if a.0.is_nan() || b.0 > a.0 { b } else { a },
        );
    // The scores of the reported weights (the best epoch's when early stopping restores it),
    // the same weights as the gap, the test score and the sweep table's score; the last
    // epoch's apart, under `last_epoch`.
    let mut v = json!({
        "train_loss": s.rtl, "val_loss": s.rvl, "test_loss": s.test_loss,
        "train_metric": s.rtm, "val_metric": s.rvm, "test_metric": s.test_metric,
        "last_epoch": {"train_loss": s.tl, "val_loss": s.vl, "train_metric": s.tm, "val_metric": s.vm},
        "n_train": n_train, "n_val": n_val, "n_test": n_test,
        "steps_per_epoch": n_train.div_ceil(p.config.batch_size.max(1)),
        "probe_samples": n_train.min(crate::nn::train::PROBE_SAMPLES),
        "best_epoch": h.best_epoch, "weights_epoch": h.weights_epoch, "epochs_run": h.epochs.len(), "stopped_early": h.stopped_early, "diverged": h.diverged,
        "identical_unit_layers": identical, "near_zero_weights": near_zero, "tiny_weights": tiny, "mc_dropout": mc,
        "final_train_loss": s.final_train, "final_val_loss": s.final_val, "gap": s.final_val - s.final_train,
        "grad_ratio_first_last_start": grad_start.map_or(f64::NAN, |g| g.0),
        "grad_ratio_first_last_end": grad_end.map_or(f64::NAN, |g| g.0),
        // The last hidden layer's activations before and after training (with layer
        // statistics): a layer that collapses to one value passes nothing to the output.
        "last_hidden": {
            "act_mean_start": lh_start.as_ref().map_or(f64::NAN, |l| l.act_mean),
            "act_std_start": lh_start.as_ref().map_or(f64::NAN, |l| l.act_std),
            "act_mean_end": lh_end.as_ref().map_or(f64::NAN, |l| l.act_mean),
            "act_std_end": lh_end.as_ref().map_or(f64::NAN, |l| l.act_std),
        },
        "dead_units_first": dead.first().copied().unwrap_or(f64::NAN),
        "dead_units_last": dead.last().copied().unwrap_or(f64::NAN),
        "dead_units_max": dead.iter().copied().fold(f64::NAN, f64::max),
        // Units negative on every probe sample (dead for ReLU; alive on the negative side
        // for Leaky ReLU and ELU), mean over hidden layers.
        "negative_units_last": negative.last().copied().unwrap_or(f64::NAN),
        "negative_units_max": negative.iter().copied().fold(f64::NAN, f64::max),
        "saturated_pairs_first": saturated.first().copied().unwrap_or(f64::NAN),
        "saturated_pairs_last": saturated.last().copied().unwrap_or(f64::NAN),
        // Epochs whose share of dead units is below the previous epoch's: units that came back.
        "dead_units_falls": dead.windows(2).filter(|w| w[1] < w[0]).count(),
        // The best validation score of any epoch and a one-epoch collapse at the end.
        "val_metric_max": best_val.0, "val_metric_max_epoch": best_val.1,
        // The largest factor by which a loss rose from one epoch to the next (epochs 1 on).
        "val_loss_max_rise": max_rise(h, |r| r.val_loss), "train_loss_max_rise": max_rise(h, |r| r.train_loss),
        // The training loss of every epoch, indexed by epoch (0: the untrained network).
        "train_loss_by_epoch": rows.iter().map(|r| r.train_loss).collect::<Vec<f64>>(),
        "val_loss_by_epoch": rows.iter().map(|r| r.val_loss).collect::<Vec<f64>>(),
    });
    // How often a schedule lowered the rate from one epoch to the next, and the last rate.
    v["lr_cuts"] = json!(h
        .epochs
        .windows(2)
        .filter(|w| w[0].epoch >= 1 && w[1].lr < w[0].lr)
        .count());
    v["lr_last"] = json!(h.epochs.last().map_or(f64::NAN, |e| e.lr));
    v["lr_sum"] = json!(h.lr_sum);
    v["collapse"] = json!(collapse(h, p.config.loss).map(|(last, prev, lo, hi, upto)| {
        json!({"val_metric": last, "previous": prev, "earlier_min": lo, "earlier_max": hi, "earlier_until": upto})
    }));
    // The gradient-reach ratio per layer-to-layer step back (hidden − 1 steps), and the
    // smallest hidden layer's back-propagated gradient over the largest's, after training.
    v["grad_step_factor_end"] =
        json!(grad_end.map_or(f64::NAN, |g| g.0.powf(1.0 / (p.layers.len() as f64 - 1.0))));
    v["grad_u_min_over_max_end"] = json!(rows.last().map_or(f64::NAN, |r| {
        let g: Vec<f64> = r
            .layers
            .iter()
            .take(p.layers.len())
            .map(|l| l.grad_u_norm)
            .collect();
        let (lo, hi) = g
            .iter()
            .fold((f64::INFINITY, 0.0f64), |(a, b), &x| (a.min(x), b.max(x)));
        if g.is_empty() || hi <= 0.0 {
            f64::NAN
        } else {
            lo / hi
        }
    }));
    v
}

/// The largest factor by which a per-epoch loss rose from one epoch to the next, from epoch 1
/// on (the untrained epoch 0 apart); 1 or less when it never rose.
fn max_rise(h: &crate::nn::train::History, f: impl Fn(&EpochRecord) -> f64) -> f64 {
    let v: Vec<f64> = h.epochs.iter().filter(|r| r.epoch >= 1).map(f).collect();
    v.windows(2)
        .map(|w| w[1] / w[0])
        .filter(|x| x.is_finite())
        .fold(1.0, f64::max)
}

/// Symmetry never broke: the hidden layers whose units all have the same incoming weights.
fn symmetry_finding(identical: &[usize], zero: bool, lang: crate::i18n::Lang) -> String {
    crate::tr!(
        lang,
        if zero {
            "train-all-zero"
        } else {
            "train-symmetry"
        },
        count = identical.len(),
        layers = identical
            .iter()
            .map(|l| l.to_string())
            .collect::<Vec<_>>()
            .join(", "),
    )
}

/// A run's data, split and standardized, with the network built and the training settings.
struct Setup {
    tr: Dataset,
    va: Dataset,
    te: Dataset,
    data_name: String,
    /// The layers with the output layer appended.
    specs: Vec<LayerSpec>,
    net: Network,
    cfg: TrainConfig,
    /// An f32 run's training, validation and test splits, rounded once (None in f64).
    splits32: Option<[Dataset<f32>; 3]>,
}

/// Data → split → standardization (fitted on the training split) → the initialized network.
fn setup(p: &Params, seed: u64) -> Setup {
    let raw = load(&p.data, seed);
    let (mut tr, mut va, mut te) = data::split(&raw, p.validation, p.test, seed);
    let data_name = raw.name.clone();
    drop(raw);
    if p.standardize {
        let s = Standardizer::fit(&tr);
        for d in [&mut tr, &mut va, &mut te] {
            s.apply_in_place(d);
        }
    }
    let mut specs = p.layers.clone();
    let outputs = tr.y.nrows();
    specs.push(LayerSpec::dense(outputs, Activation::Identity));
    let mut rng = Rng::new(seed.wrapping_add(1));
    let net = Network::new(tr.x.nrows(), &specs, p.init, &mut rng);
    let mut cfg = p.config.clone();
    cfg.seed = seed.wrapping_add(2);
    let splits32 = (p.dtype == Dtype::Float32).then(|| [tr.cast(), va.cast(), te.cast()]);
    Setup {
        tr,
        va,
        te,
        data_name,
        specs,
        net,
        cfg,
        splits32,
    }
}

/// Epoch 0: the untrained network, so a run that blows up in its first epoch still has a
/// finite start to draw from.
fn initial_record(
    net: &mut Network,
    [tr, va]: [&Dataset; 2],
    s32: Option<&[Dataset<f32>; 3]>,
    cfg: &TrainConfig,
) -> EpochRecord {
    let (l0, m0) = evaluate_in(net, tr, s32.map(|s| &s[0]), cfg.loss);
    let (v0, vm0) = evaluate_in(net, va, s32.map(|s| &s[1]), cfg.loss);
    EpochRecord {
        epoch: 0,
        train_loss: l0,
        penalty: penalty(net, cfg.l1, cfg.l2),
        val_loss: v0,
        train_metric: m0,
        val_metric: vm0,
        lr: f64::NAN,
        grad_norm: f64::NAN,
        // The untrained network's statistics (an evaluation pass: training is unaffected).
        layers: if cfg.layer_stats {
            layer_stats(net, tr, cfg.loss, &[])
        } else {
            Vec::new()
        },
        seconds: 0.0,
    }
}

/// Loss and metric as the run computes them: in its float type. `data32` is `data`'s f32
/// copy in an f32 run (whose weights are exact in f64 and are rounded back).
fn evaluate_in(
    net: &mut Network,
    data: &Dataset,
    data32: Option<&Dataset<f32>>,
    loss: Loss,
) -> (f64, f64) {
    match data32 {
        None => evaluate(net, data, loss),
        Some(d) => evaluate(&mut net.cast::<f32>(), d, loss),
    }
}

/// The numbers a run reports.
struct Scores {
    /// The untrained network's training loss.
    l0: f64,
    test_loss: f64,
    test_metric: f64,
    /// The final weights' losses, without penalties.
    final_train: f64,
    final_val: f64,
    /// The last epoch's record.
    tl: f64,
    vl: f64,
    tm: f64,
    vm: f64,
    /// The reported weights' (the best epoch's with early stopping's restore, else the
    /// last): what the findings and the final table say, one set of numbers.
    rtl: f64,
    rvl: f64,
    rtm: f64,
    rvm: f64,
}

/// Evaluates the trained network on the three splits.
fn scores(
    net: &mut Network,
    [tr, va, te]: [&Dataset; 3],
    s32: Option<&[Dataset<f32>; 3]>,
    h: &crate::nn::train::History,
    l0: f64,
    loss: Loss,
) -> Scores {
    let (test_loss, test_metric) = if te.is_empty() {
        (f64::NAN, f64::NAN)
    } else {
        evaluate_in(net, te, s32.map(|s| &s[2]), loss)
    };
    // The weights the test uses (the best epoch's with early stopping), without penalties:
    // their train/validation gap is the overfitting.
    let (final_train, final_train_metric) = evaluate_in(net, tr, s32.map(|s| &s[0]), loss);
    let (final_val, final_val_metric) = evaluate_in(net, va, s32.map(|s| &s[1]), loss);
    let (tl, vl, tm, vm) = h
        .epochs
        .last()
        .map_or((f64::NAN, f64::NAN, f64::NAN, f64::NAN), |e| {
            (e.train_loss, e.val_loss, e.train_metric, e.val_metric)
        });
    let (rtl, rvl, rtm, rvm) = if h.diverged {
        (tl, vl, tm, vm)
    } else {
        (final_train, final_val, final_train_metric, final_val_metric)
    };
    Scores {
        l0,
        test_loss,
        test_metric,
        final_train,
        final_val,
        tl,
        vl,
        tm,
        vm,
        rtl,
        rvl,
        rtm,
        rvm,
    }
}

/// The run in one sentence: architecture, data, epochs and the reported scores.
#[allow(clippy::too_many_arguments)]
fn summary_finding(
    p: &Params,
    specs: &[LayerSpec],
    [tr, va, te]: [&Dataset; 3],
    data_name: &str,
    h: &crate::nn::train::History,
    s: &Scores,
    metric_name: &str,
    lang: crate::i18n::Lang,
) -> String {
    let arch: Vec<String> = std::iter::once(tr.x.nrows().to_string())
        .chain(specs.iter().map(|s| s.units.to_string()))
        .collect();
    crate::tr!(
        lang,
        "train-summary",
        arch = arch.join("-"),
        activations = p
            .layers
            .iter()
            .map(|l| l.activation.name())
            .collect::<Vec<_>>()
            .join("/"),
        init = p.init.name(),
        optimizer = p.config.optimizer.name(),
        data = data_name,
        dtype = match p.dtype {
            Dtype::Float64 => String::new(),
            Dtype::Float32 => crate::tr!(lang, "train-in-float32"),
        },
        n_train = tr.len().to_string(),
        n_val = va.len().to_string(),
        n_test = te.len().to_string(),
        epochs = h.epochs.len(),
        stopped = if h.stopped_early {
            crate::tr!(lang, "train-stopped-early")
        } else {
            String::new()
        },
        train_loss = num(s.rtl),
        val_loss = num(s.rvl),
        metric = metric_name,
        train_metric = num(s.rtm),
        val_metric = num(s.rvm),
        test_metric = num(s.test_metric),
        weights_epoch = h.weights_epoch.to_string(),
    )
}

/// What the end of a run says about its fit, decided from its numbers alone.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fit {
    /// The loss became inf/NaN.
    Diverged,
    /// Nothing to say: no gap worth the name, or a gap while the validation loss is still
    /// at (or within 5 % of) its lowest: an under-trained run is not overfitting.
    Silent,
    /// The training loss had come down and ended more than three times higher: (last, best,
    /// best epoch), and where the gap at the end comes from (when there is one).
    Spiked(f64, f64, usize, Option<GapSource>),
    /// The training loss has not even halved from the untrained network's.
    NotFitted,
    /// The last three validation losses spread more than 2×: (lowest, highest).
    Unstable(f64, f64),
    /// The validation loss has turned up, at least 5 % above its lowest, while the gap is
    /// large: (lowest validation loss, its epoch).
    Overfitting(f64, usize),
    /// The validation loss ends above its lowest by less than its typical epoch-to-epoch
    /// swing since then: (lowest, its epoch, the median swing).
    Noisy(f64, usize, f64),
}

/// Where the gap at the end of a run whose training loss spiked comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
enum GapSource {
    /// The gap opened with the spike: one epoch before the end it was under half of the
    /// final gap (that earlier gap).
    Jump(f64),
    /// The gap was there before the spike: the validation loss had been far above the
    /// training loss (the gap at least a quarter of the final one) since an epoch:
    /// (lowest validation loss, its epoch, lowest and highest validation loss since, since).
    Validation(f64, usize, f64, f64, usize),
}

/// Where a gap at the end (last epoch: validation minus training loss) comes from, when the
/// training loss spiked: from the jump itself, or from a validation loss that had been far
/// above the training loss before it (then the jump is not the story).
fn gap_source(h: &crate::nn::train::History) -> GapSource {
    let e = &h.epochs;
    let n = e.len();
    let gap = |r: &EpochRecord| r.val_loss - r.train_loss;
    let end = e.last().map_or(f64::NAN, gap);
    let before = if n >= 2 { gap(&e[n - 2]) } else { f64::NAN };
    if before.is_nan() || end.is_nan() || before < 0.5 * end {
        return GapSource::Jump(before);
    }
    let since_idx = (0..n)
        .rev()
        .take_while(|&i| gap(&e[i]) >= 0.25 * end)
        .last()
        .unwrap_or(n - 1);
    let (lo, hi) = e[since_idx..]
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), r| {
            (a.min(r.val_loss), b.max(r.val_loss))
        });
    let (min_val, min_epoch) = e
        .iter()
        .filter(|r| r.val_loss.is_finite())
        .map(|r| (r.val_loss, r.epoch))
        .fold((f64::INFINITY, 0), |a, b| if b.0 < a.0 { b } else { a });
    GapSource::Validation(min_val, min_epoch, lo, hi, e[since_idx].epoch)
}

/// A one-epoch collapse of the validation score (classification): the last epoch's is more
/// than 0.05 below the epoch before and below every epoch's since the first: (last,
/// previous, lowest and highest of epochs 1 to n − 1, their last epoch, the best and its
/// epoch).
fn collapse(h: &crate::nn::train::History, loss: Loss) -> Option<(f64, f64, f64, f64, usize)> {
    let e = &h.epochs;
    let n = e.len();
    if loss == Loss::Mse || n < 3 || h.diverged {
        return None;
    }
    let (last, prev) = (e[n - 1].val_metric, e[n - 2].val_metric);
    let (lo, hi) = e[..n - 1]
        .iter()
        .filter(|r| r.epoch >= 1)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), r| {
            (a.min(r.val_metric), b.max(r.val_metric))
        });
    (last < lo && prev - last > 0.05).then_some((last, prev, lo, hi, e[n - 2].epoch))
}

/// The fit's verdict: the gap between validation and training loss of the reported weights
/// (20 % and 0.1 nats) is overfitting only when the validation loss has risen from its
/// lowest point (the classic sign); while it is still falling or flat at its lowest, the run
/// is under-trained, and a gap then says nothing about overfitting.
fn fit_verdict(h: &crate::nn::train::History, s: &Scores, loss: Loss) -> Fit {
    let (rtl, rvl) = (s.rtl, s.rvl);
    if h.diverged {
        return Fit::Diverged;
    }
    let gap = rvl > 1.2 * rtl && rvl - rtl > 0.1 && loss != Loss::Mse;
    // A training loss that had come far lower and jumped back up at the end: a late spike
    // of unstable training, not a network that never fitted; said with or without a gap.
    let (best_train, best_train_epoch) = h
        .epochs
        .iter()
        .filter(|e| e.train_loss.is_finite())
        .map(|e| (e.train_loss, e.epoch))
        .fold((f64::INFINITY, 0), |a, b| if b.0 < a.0 { b } else { a });
    let tl = s.tl;
    if tl.is_finite() && tl > 3.0 * best_train && best_train <= 0.25 * s.l0 {
        return Fit::Spiked(tl, best_train, best_train_epoch, gap.then(|| gap_source(h)));
    }
    if !gap {
        return Fit::Silent;
    }
    if rtl > 0.5 * s.l0 {
        return Fit::NotFitted;
    }
    // The validation losses of the last three epochs: a spread of more than 2× is unstable
    // training, whatever the gap says.
    let recent: Vec<f64> = h.epochs.iter().rev().take(3).map(|e| e.val_loss).collect();
    let (lo, hi) = recent
        .iter()
        .fold((f64::INFINITY, 0.0f64), |(a, b), &v| (a.min(v), b.max(v)));
    if recent.len() == 3 && hi > 2.0 * lo {
        return Fit::Unstable(lo, hi);
    }
    // Has the validation loss turned up? Its lowest over the epochs against its last.
    let (min_val, min_epoch) = h
        .epochs
        .iter()
        .filter(|e| e.val_loss.is_finite())
        .map(|e| (e.val_loss, e.epoch))
        .fold((f64::INFINITY, 0), |a, b| if b.0 < a.0 { b } else { a });
    let last_val = h.epochs.last().map_or(f64::NAN, |e| e.val_loss);
    // The typical epoch-to-epoch swing of the validation loss since its lowest: a rise
    // smaller than that is noise, not a turn.
    let mut swings: Vec<f64> = h
        .epochs
        .windows(2)
        .filter(|w| w[0].epoch >= min_epoch)
        .map(|w| (w[1].val_loss - w[0].val_loss).abs())
        .collect();
    swings.sort_by(f64::total_cmp);
    let swing = if swings.len() >= 3 {
        swings[swings.len() / 2]
    } else {
        0.0
    };
    if last_val > 1.05 * min_val && last_val - min_val > swing {
        Fit::Overfitting(min_val, min_epoch)
    } else if last_val > 1.05 * min_val {
        Fit::Noisy(min_val, min_epoch, swing)
    } else {
        Fit::Silent
    }
}

/// How the fit went, when there is something to say: diverged, a late spike, a training
/// set never fitted, unstable training, or overfitting (the validation loss turned up) with
/// advice for what the run does not already use.
fn fit_finding(
    p: &Params,
    cfg: &TrainConfig,
    h: &crate::nn::train::History,
    s: &Scores,
    lang: crate::i18n::Lang,
) -> Option<String> {
    let (rtl, rvl) = (s.rtl, s.rvl);
    Some(match fit_verdict(h, s, cfg.loss) {
        Fit::Silent => return None,
        Fit::Diverged => crate::tr!(
            lang,
            "train-diverged",
            epoch = h.epochs.len().to_string(),
            lr = num(cfg.optimizer.lr()),
        ),
        Fit::Spiked(last, best, best_epoch, source) => {
            let cause = match source {
                None => String::new(),
                Some(GapSource::Jump(before)) => {
                    crate::tr!(lang, "train-spiked-gap-jump", before = num(before))
                }
                Some(GapSource::Validation(min_val, min_epoch, lo, hi, since)) => crate::tr!(
                    lang,
                    "train-spiked-gap-val",
                    gap = num(s.vl - s.tl),
                    val_loss = num(s.vl),
                    train_loss = num(s.tl),
                    min_val = num(min_val),
                    min_epoch = min_epoch.to_string(),
                    lo = num(lo),
                    hi = num(hi),
                    since = since.to_string(),
                ),
            };
            crate::tr!(
                lang,
                "train-spiked",
                last = num(last),
                best = num(best),
                best_epoch = best_epoch.to_string(),
                cause = cause,
            )
        }
        Fit::NotFitted => crate::tr!(
            lang,
            "train-not-fitted",
            train_loss = num(rtl),
            initial = num(s.l0),
            val_loss = num(rvl),
        ),
        Fit::Unstable(lo, hi) => crate::tr!(
            lang,
            "train-unstable",
            lo = num(lo),
            hi = num(hi),
            val_loss = num(rvl),
            train_loss = num(rtl),
        ),
        Fit::Noisy(min_val, min_epoch, swing) => crate::tr!(
            lang,
            "train-noisy",
            min_val = num(min_val),
            min_epoch = min_epoch.to_string(),
            val_loss = num(rvl),
            swing = num(swing),
        ),
        Fit::Overfitting(min_val, min_epoch) => {
            overfitting_finding(p, cfg, (rvl, rtl), (min_val, min_epoch), lang)
        }
    })
}

/// Overfitting, with advice only for what this run does not already use; the gap itself,
/// since a memorized training set (loss near 0) makes the ratio alone huge and
/// uninformative.
fn overfitting_finding(
    p: &Params,
    cfg: &TrainConfig,
    (rvl, rtl): (f64, f64),
    (min_val, min_epoch): (f64, usize),
    lang: crate::i18n::Lang,
) -> String {
    let mut used: Vec<&str> = Vec::new();
    if cfg.l2 > 0.0 {
        used.push("L2");
    }
    if cfg.l1 > 0.0 {
        used.push("L1");
    }
    if p.layers.iter().any(|l| l.dropout > 0.0) {
        used.push("dropout");
    }
    if cfg.max_norm.is_some() {
        used.push("max-norm");
    }
    if cfg.patience.is_some() {
        used.push("early stopping");
    }
    let advice = if used.is_empty() {
        crate::tr!(lang, "train-overfitting-advice")
    } else {
        crate::tr!(lang, "train-overfitting-in-use", used = used.join(", "))
    };
    crate::tr!(
        lang,
        "train-overfitting",
        val_loss = num(rvl),
        train_loss = num(rtl),
        gap = num(rvl - rtl),
        min_val = num(min_val),
        min_epoch = min_epoch.to_string(),
        advice = advice,
    )
}

/// Loss and metric of the reported weights on the three splits.
fn final_metrics_table(
    p: &Params,
    cfg: &TrainConfig,
    h: &crate::nn::train::History,
    s: &Scores,
    metric_name: &str,
    lang: crate::i18n::Lang,
) -> ReportTable {
    ReportTable {
        title: crate::tr!(lang, "train-final-metrics"),
        columns: vec![
            crate::tr!(lang, "train-table-split"),
            crate::tr!(lang, "train-table-loss"),
            metric_name.to_string(),
        ],
        rows: vec![
            vec![
                crate::tr!(lang, "train-split-train"),
                num(s.rtl),
                num(s.rtm),
            ],
            vec![
                crate::tr!(lang, "train-split-validation"),
                num(s.rvl),
                num(s.rvm),
            ],
            vec![
                crate::tr!(lang, "train-split-test"),
                num(s.test_loss),
                num(s.test_metric),
            ],
        ],
        note: crate::tr!(
            lang,
            "train-final-metrics-note",
            epoch = h.weights_epoch.to_string(),
            loss = format!("{:?}", cfg.loss),
            standardized = p.standardize.to_string(),
        ),
    }
}

/// How much of the gradient reaches the first hidden layer, against the last one, at the
/// start and the end of training: (ratio, first, last), with layer statistics and ≥ 3
/// hidden layers.
#[allow(clippy::type_complexity)]
fn gradient_reach(
    hidden: usize,
    rows: &[EpochRecord],
) -> (Option<(f64, f64, f64)>, Option<(f64, f64, f64)>) {
    let grad_ratio = |r: &EpochRecord| -> Option<(f64, f64, f64)> {
        let (a, b) = (r.layers.first()?, r.layers.get(hidden.checked_sub(1)?)?);
        (hidden >= 3 && b.grad_u_norm > 0.0)
            .then(|| (a.grad_u_norm / b.grad_u_norm, a.grad_u_norm, b.grad_u_norm))
    };
    (
        rows.first().and_then(grad_ratio),
        rows.last().and_then(grad_ratio),
    )
}

/// One gradient-reach ratio (hidden layer 1's back-propagated gradient over the last hidden
/// layer's) in words, each verdict saying the bound it tests.
fn gradient_verdict(ratio: f64, lang: crate::i18n::Lang) -> String {
    if ratio < 1e-3 {
        crate::tr!(lang, "train-gradient-vanishes")
    } else if ratio < 0.5 {
        crate::tr!(lang, "train-gradient-shrinks", factor = num(1.0 / ratio))
    } else if ratio <= 2.0 {
        crate::tr!(lang, "train-gradient-usable")
    } else if ratio <= 1e3 {
        crate::tr!(lang, "train-gradient-grows", factor = num(ratio))
    } else {
        crate::tr!(lang, "train-gradient-explodes")
    }
}

/// The gradient's reach said in words, after training and before it, each judged on its own
/// ratio. A network with batch normalization has no "before": its running statistics come
/// from training, so the untrained evaluation pass does not normalize (`start` is None).
fn gradient_reach_finding(
    hidden: usize,
    start: Option<(f64, f64, f64)>,
    end: Option<(f64, f64, f64)>,
    batch_norm: bool,
    lang: crate::i18n::Lang,
) -> Option<String> {
    let s1 = end?;
    let before = match start {
        _ if batch_norm => crate::tr!(lang, "train-gradient-before-bn"),
        Some(s0) if gradient_verdict(s0.0, lang) == gradient_verdict(s1.0, lang) => {
            crate::tr!(lang, "train-gradient-before-same", ratio = num(s0.0))
        }
        Some(s0) => crate::tr!(
            lang,
            "train-gradient-before",
            ratio = num(s0.0),
            verdict = gradient_verdict(s0.0, lang),
        ),
        None => return None,
    };
    Some(crate::tr!(
        lang,
        "train-gradient-ratio",
        ratio = num(s1.0),
        n = hidden.to_string(),
        first = num(s1.1),
        last = num(s1.2),
        verdict = gradient_verdict(s1.0, lang),
        before = before,
    ))
}

/// The trained hidden weights' shares below 10⁻³ and 10⁻⁶; with `weight_histogram`, their
/// histogram (table, figure and a finding).
fn hidden_weights_report(
    net: &Network,
    p: &Params,
    trial: usize,
    out: &mut Outcome,
    lang: crate::i18n::Lang,
) -> (f64, f64) {
    let hidden_weights: Vec<f64> = net.layers[..p.layers.len()]
        .iter()
        .flat_map(|l| l.w.iter().copied())
        .collect();
    let share_below = |t: f64| {
        hidden_weights.iter().filter(|w| w.abs() < t).count() as f64
            / hidden_weights.len().max(1) as f64
    };
    let (near_zero, tiny) = (share_below(1e-3), share_below(1e-6));
    if p.weight_histogram {
        out.extra_tables
            .push(("weights".into(), weight_histogram(&hidden_weights)));
        out.figures.push((
            "weights".into(),
            Figure::Lines {
                axes: Axes {
                    title: crate::tr!(lang, "train-weights-title"),
                    x_label: crate::tr!(lang, "train-weights-x"),
                    y_label: crate::tr!(lang, "train-weights-y"),
                    log_x: true,
                    log_y: false,
                    y_floor: None,
                },
                data: FromTable {
                    x: "abs_weight".into(),
                    y: "share".into(),
                    group: "series".into(),
                    trial: Some(trial as i64),
                    filter: vec![],
                    table: Some("weights".into()),
                },
            },
        ));
        out.findings.push(crate::tr!(
            lang,
            "train-near-zero-weights",
            share = num(100.0 * near_zero),
            count = hidden_weights.len().to_string(),
            largest = num(hidden_weights.iter().fold(0.0f64, |a, w| a.max(w.abs()))),
        ));
    }
    (near_zero, tiny)
}

/// Monte Carlo dropout on the test set: a finding, the spread figure, its table, and the
/// results' `mc_dropout` entry.
#[allow(clippy::too_many_arguments)]
fn mc_dropout_report(
    net: &mut Network,
    te: &Dataset,
    p: &Params,
    cfg: &TrainConfig,
    plain: f64,
    seed: u64,
    out: &mut Outcome,
    lang: crate::i18n::Lang,
) -> serde_json::Value {
    let r = mc_dropout(net, te, cfg.loss, p.mc_passes, seed.wrapping_add(3));
    let verdict = if r.spread_wrong > 1.2 * r.spread_right && r.uncertain_half < r.certain_half {
        crate::tr!(lang, "train-mc-warning-usable")
    } else {
        crate::tr!(lang, "train-mc-warning-unreliable")
    };
    out.findings.push(crate::tr!(
        lang,
        "train-mc-dropout",
        passes = p.mc_passes.to_string(),
        samples = te.len().to_string(),
        correct = r.correct.to_string(),
        accuracy = num(r.accuracy),
        plain = num(plain),
        spread_right = num(r.spread_right),
        spread_wrong = num(r.spread_wrong),
        certain = num(r.certain_half),
        uncertain = num(r.uncertain_half),
        verdict = verdict,
    ));
    if r.auc_spread.is_finite() && r.auc_prob.is_finite() {
        let pct = |x: f64| common::num_digits(100.0 * x, 3);
        let d = r.auc_spread - r.auc_prob;
        out.findings.push(crate::tr!(
            lang,
            "train-mc-versus-probability",
            auc_spread = pct(r.auc_spread),
            auc_prob = pct(r.auc_prob),
            better = if d > 0.02 {
                "spread"
            } else if d < -0.02 {
                "prob"
            } else {
                "same"
            },
        ));
    }
    out.figures.push((
        "mc_dropout".into(),
        Figure::Curves {
            axes: Axes {
                title: crate::tr!(lang, "train-mc-title"),
                x_label: crate::tr!(lang, "train-mc-x"),
                y_label: crate::tr!(lang, "train-mc-y"),
                log_x: false,
                log_y: false,
                y_floor: None,
            },
            curves: vec![
                Curve::line(
                    crate::tr!(lang, "train-mc-correct", n = r.correct),
                    r.hist_right.clone(),
                ),
                Curve::line(
                    crate::tr!(lang, "train-mc-wrong", n = te.len() - r.correct),
                    r.hist_wrong.clone(),
                ),
            ],
            vlines: vec![],
        },
    ));
    out.extra_tables
        .push(("mc_dropout".into(), r.table.clone()));
    json!({
        "passes": p.mc_passes, "accuracy": r.accuracy, "spread_right": r.spread_right,
        "spread_wrong": r.spread_wrong, "certain_half_accuracy": r.certain_half,
        "uncertain_half_accuracy": r.uncertain_half,
        "auc_spread": r.auc_spread, "auc_probability": r.auc_prob,
    })
}

/// A share of hidden units over the epochs (with layer statistics), from the metrics
/// column `y` (`dead_units`: dead or saturated on every probe sample; `negative_units`:
/// z < 0 on every probe sample, dead for ReLU, alive with a small gradient for Leaky ReLU
/// and ELU), titled and labelled by the messages `<messages>-title` and `<messages>-y`.
fn unit_share_figure(y: &str, messages: &str, trial: usize, lang: crate::i18n::Lang) -> Figure {
    Figure::Lines {
        axes: Axes {
            title: crate::i18n::text(lang, &format!("{messages}-title")),
            x_label: crate::tr!(lang, "train-axis-epoch"),
            y_label: crate::i18n::text(lang, &format!("{messages}-y")),
            log_x: false,
            log_y: false,
            y_floor: None,
        },
        data: FromTable {
            x: "epoch".into(),
            y: y.into(),
            group: "series".into(),
            trial: Some(trial as i64),
            filter: vec![("split".into(), "train".into())],
            table: None,
        },
    }
}

/// The mini-batch gradient's noise at the initial and the trained weights: `noise.csv`, a
/// figure of the variance against the batch size (a sweep over batch sizes draws one line
/// across its trials), a finding, and the results' `noise` entry.
fn noise_report(
    at: &[GradientNoise; 2],
    n: usize,
    trial: usize,
    out: &mut Outcome,
    lang: crate::i18n::Lang,
) -> serde_json::Value {
    let t = noise_table(at, n, lang);
    out.extra_tables.push(("noise".into(), t));
    out.figures.push((
        "noise".into(),
        Figure::Lines {
            axes: Axes {
                title: crate::tr!(lang, "train-noise-title"),
                x_label: crate::tr!(lang, "train-noise-x"),
                y_label: crate::tr!(lang, "train-noise-y"),
                log_x: true,
                log_y: true,
                y_floor: None,
            },
            data: FromTable {
                x: "batch_size".into(),
                y: "variance".into(),
                group: "estimate".into(),
                trial: Some(trial as i64),
                // A batch of the whole set is the gradient itself: 0, which a log axis
                // cannot show (the finding says it).
                filter: vec![
                    ("at".into(), "start".into()),
                    ("whole_set".into(), "no".into()),
                ],
                table: Some("noise".into()),
            },
        },
    ));
    let ratio = |g: &GradientNoise| {
        if g.theory > 0.0 {
            g.measured / g.theory
        } else {
            f64::NAN
        }
    };
    let [s, e] = at;
    out.findings.push(crate::tr!(
        lang,
        "train-noise-finding",
        b = s.batch_size.to_string(),
        n = n.to_string(),
        batches = s.batches.to_string(),
        passes = s.passes,
        sigma2 = num(s.sigma2),
        grad_sq = num(s.grad_sq),
        measured = num(s.measured),
        theory = num(s.theory),
        sigma2_end = num(e.sigma2),
        grad_sq_end = num(e.grad_sq),
        measured_end = num(e.measured),
        theory_end = num(e.theory),
        full = if s.batch_size >= n { "yes" } else { "no" },
    ));
    let entry = |g: &GradientNoise| {
        json!({
            "batch_size": g.batch_size, "batches": g.batches, "passes": g.passes, "sigma2": g.sigma2,
            "grad_sq": g.grad_sq, "measured": g.measured, "theory": g.theory,
            "ratio": ratio(g),
            "noise_to_signal": if g.grad_sq > 0.0 { g.measured / g.grad_sq } else { f64::NAN },
        })
    };
    json!({ "start": entry(s), "end": entry(e) })
}

/// `noise.csv`: at the initial and the trained weights, the measured batch-gradient
/// variance and the formula's, with σ² and ‖g‖².
fn noise_table(at: &[GradientNoise; 2], n: usize, lang: crate::i18n::Lang) -> Table {
    let mut t = Table::new();
    for (when, g) in ["start", "end"].iter().zip(at) {
        // One colour; the measurement solid, the formula dashed over it (the two nearly
        // coincide, and a dashed line lets both show).
        let name = crate::tr!(lang, "train-noise-series");
        let estimates = [
            (format!("{name} · measured"), g.measured),
            (format!("{name} · expected"), g.theory),
        ];
        t.append(
            &Table::new()
                .with("run", Values::Str(vec![when.to_string(); 2]))
                .with("at", Values::Str(vec![when.to_string(); 2]))
                .with("batch_size", Values::I64(vec![g.batch_size as i64; 2]))
                .with(
                    "estimate",
                    Values::Str(estimates.iter().map(|e| e.0.clone()).collect()),
                )
                .with(
                    "variance",
                    Values::F64(estimates.iter().map(|e| e.1).collect()),
                )
                .with(
                    "whole_set",
                    Values::Str(vec![if g.batch_size >= n { "yes" } else { "no" }.into(); 2]),
                )
                .with("sigma2", Values::F64(vec![g.sigma2; 2]))
                .with("grad_sq", Values::F64(vec![g.grad_sq; 2])),
        );
    }
    t
}

/// The measured training time: the loss against it (train split; log axes, so the
/// untrained network at 0 s is left out) and the results' `time` entry.
fn time_report(
    h: &crate::nn::train::History,
    trial: usize,
    out: &mut Outcome,
    lang: crate::i18n::Lang,
) -> serde_json::Value {
    out.figures.push((
        "loss_time".into(),
        Figure::Lines {
            axes: Axes {
                title: crate::tr!(lang, "train-time-title"),
                x_label: crate::tr!(lang, "train-time-x"),
                y_label: crate::tr!(lang, "train-axis-loss"),
                log_x: true,
                log_y: true,
                y_floor: None,
            },
            data: FromTable {
                x: "seconds".into(),
                y: "loss".into(),
                group: "series".into(),
                trial: Some(trial as i64),
                filter: vec![("split".into(), "train".into())],
                table: None,
            },
        },
    ));
    let total = h.epochs.last().map_or(0.0, |e| e.seconds);
    // Seconds spent by the end of each epoch, indexed by epoch (0: none yet).
    let by_epoch: Vec<f64> = std::iter::once(0.0)
        .chain(h.epochs.iter().map(|e| e.seconds))
        .collect();
    // The median epoch's time: one slow epoch (the machine busy elsewhere) moves the mean,
    // not the median.
    let mut per_epoch: Vec<f64> = by_epoch.windows(2).map(|w| w[1] - w[0]).collect();
    per_epoch.sort_by(f64::total_cmp);
    let median = match per_epoch.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => per_epoch[n / 2],
        n => 0.5 * (per_epoch[n / 2 - 1] + per_epoch[n / 2]),
    };
    json!({
        "seconds": total,
        "seconds_per_epoch": total / h.epochs.len().max(1) as f64,
        "seconds_per_epoch_median": median,
        "seconds_by_epoch": by_epoch,
    })
}

/// A list of numbers from the results (`null`, a loss that was not finite, as NaN).
fn numbers(v: Option<&serde_json::Value>) -> Option<Vec<f64>> {
    let a = v?.as_array()?;
    Some(a.iter().map(|x| x.as_f64().unwrap_or(f64::NAN)).collect())
}

/// For each trial of a sweep, the trials (by index) whose training loss it stayed above at
/// every epoch from the first to the last: `train_loss_above_every_epoch`. Only runs of the
/// same number of epochs compare, and only where every loss is finite.
fn loss_above(trials: &mut [serde_json::Value]) {
    let curves: Vec<Option<Vec<f64>>> = trials
        .iter()
        .map(|t| numbers(t.get("train_loss_by_epoch")))
        .collect();
    let above = |a: &[f64], b: &[f64]| {
        a.len() == b.len()
            && a.len() > 1
            && a[1..]
                .iter()
                .zip(&b[1..])
                .all(|(x, y)| x.is_finite() && y.is_finite() && x > y)
    };
    for (i, t) in trials.iter_mut().enumerate() {
        let Some(a) = &curves[i] else { continue };
        let below: Vec<usize> = curves
            .iter()
            .enumerate()
            .filter(|&(j, b)| j != i && b.as_ref().is_some_and(|b| above(a, b)))
            .map(|(j, _)| j)
            .collect();
        if let Some(m) = t.as_object_mut() {
            m.insert("train_loss_above_every_epoch".into(), json!(below));
        }
    }
}

/// The timed trials of a sweep at one moment: `time.equal_time` in each, at the seconds the
/// quickest run took in all, or the slowest run's first epoch when that took longer, so that
/// every run has finished one (`seconds`, the same in every trial; a run that ended before
/// it stays at its end): the last epoch the run had finished by then (`epoch`), its training
/// loss there (`train_loss`) and its place among the trials by that loss (`rank`, 1 for the
/// lowest; equal losses share a place, a loss that is not finite comes last). Nothing is
/// added unless every trial is timed.
fn equal_time(trials: &mut [serde_json::Value]) {
    let curves: Option<Vec<(Vec<f64>, Vec<f64>)>> = trials
        .iter()
        .map(|t| {
            let seconds = numbers(t.pointer("/time/seconds_by_epoch"))?;
            let loss = numbers(t.get("train_loss_by_epoch"))?;
            (!seconds.is_empty()).then_some((seconds, loss))
        })
        .collect();
    let Some(curves) = curves.filter(|c| c.len() >= 2) else {
        return;
    };
    let quickest = curves
        .iter()
        .map(|(s, _)| s.last().copied().unwrap_or(0.0))
        .fold(f64::INFINITY, f64::min);
    let first_epochs = curves
        .iter()
        .filter_map(|(s, _)| s.get(1).copied())
        .fold(0.0, f64::max);
    let at = quickest.max(first_epochs);
    let reached: Vec<(usize, f64)> = curves
        .iter()
        .map(|(s, l)| {
            let epoch = s.iter().rposition(|&x| x <= at).unwrap_or(0);
            (epoch, l.get(epoch).copied().unwrap_or(f64::NAN))
        })
        .collect();
    let key = |x: f64| if x.is_nan() { f64::INFINITY } else { x };
    for (t, &(epoch, loss)) in trials.iter_mut().zip(&reached) {
        let rank = 1 + reached
            .iter()
            .filter(|&&(_, other)| key(other) < key(loss))
            .count();
        if let Some(time) = t.get_mut("time").and_then(|v| v.as_object_mut()) {
            time.insert(
                "equal_time".into(),
                json!({"seconds": at, "epoch": epoch, "train_loss": loss, "rank": rank}),
            );
        }
    }
}

/// The `train` kind (see the module's documentation).
pub struct TrainKind;

impl super::Kind for TrainKind {
    type Params = Params;
    type Spec = Raw;
    const ID: &'static str = "train";
    const CHAPTER: super::Chapter = super::Chapter::Deep;
    const SUMMARY: &'static str =
        "Train a multilayer perceptron on a data set (digits, moons, circles, spirals, \
                  blobs, XOR, linear) with any architecture, initializer, optimizer, schedule and \
                  regularization; sweep any of them.";
    const EXAMPLE: &'static str = "params:\n  data: {name: digits}\n  layers: [{units: 64, activation: {name: relu}}]\n  optimizer: {name: adam, lr: 0.001}\n  epochs: 30\n";
    const STARTER: &'static str = include_str!("../../templates/new/train.yaml");
    const COLUMNS: &'static [(&'static str, &'static str)] = COLUMNS;

    fn input_hash(p: &Params) -> String {
        p.data.file_hash().to_string()
    }

    fn compare_trials(trials: &mut [serde_json::Value]) {
        loss_above(trials);
        equal_time(trials);
    }

    fn check(node: &Node, base: &str, at: &Located) -> Result<Params, SpecErrors> {
        let (mut raw, range_errors) = common::params::<Raw>(node, base, at)?;
        resolve_data(&mut raw.data, base, at)?;
        let mut errors = range_errors;
        let p = |k: &str| join(base, k);
        let hidden = hidden_layers(&raw, base, at, &mut errors);
        if raw.validation <= 0.0 || raw.test < 0.0 || raw.validation + raw.test >= 0.9 {
            errors.push(
                at.at_value(
                    &p("validation"),
                    format!("validation {} and test {}", raw.validation, raw.test),
                )
                .expected("fractions with validation > 0, test ≥ 0 and validation + test < 0.9"),
            );
        }
        common::check_optimizer(&mut errors, at, &p("optimizer"), &raw.optimizer);
        for (name, v) in [("l1", raw.l1), ("l2", raw.l2)] {
            if !(v.is_finite() && v >= 0.0) {
                errors.push(
                    at.at_value(&p(name), format!("`{name}` is {v}"))
                        .expected("a penalty ≥ 0"),
                );
            }
        }
        if !errors.is_empty() {
            return Err(SpecErrors(errors));
        }
        let loss = loss_for(&raw.data);
        if raw.gradient_noise && hidden.iter().any(|l| l.batch_norm || l.dropout > 0.0) {
            errors.push(
                at.at_key(&p("gradient_noise"), "the gradient noise is measured per sample")
                    .expected("hidden layers without batch norm or dropout (their gradients depend on the rest of the batch)"),
            );
        }
        if raw.mc_dropout.is_some() && !hidden.iter().any(|l| l.dropout > 0.0) {
            errors.push(
                at.at_key(&p("mc_dropout"), "Monte Carlo dropout needs dropout")
                    .expected("a hidden layer with `dropout` > 0"),
            );
        }
        if !errors.is_empty() {
            return Err(SpecErrors(errors));
        }
        let layers = hidden
            .iter()
            .map(|l| LayerSpec {
                units: l.units,
                activation: l.activation,
                batch_norm: l.batch_norm,
                dropout: l.dropout,
                alpha_dropout: l.alpha_dropout,
            })
            .collect();
        Ok(Params {
            data: raw.data,
            validation: raw.validation,
            test: raw.test,
            standardize: raw.standardize,
            layers,
            init: raw.init,
            config: TrainConfig {
                epochs: raw.epochs,
                batch_size: raw.batch_size,
                loss,
                optimizer: raw.optimizer,
                schedule: raw.schedule,
                l1: raw.l1,
                l2: raw.l2,
                max_norm: raw.max_norm,
                clip_value: raw.clip_value,
                clip_norm: raw.clip_norm,
                patience: raw.early_stopping.as_ref().map(|e| e.patience),
                restore_best: raw.early_stopping.as_ref().is_some_and(|e| e.restore_best),
                layer_stats: raw.layer_stats,
                frozen: 0,
                seed: 0,
                timed: raw.wall_clock,
            },
            weight_histogram: raw.weight_histogram,
            mc_passes: raw.mc_dropout.as_ref().map_or(0, |m| m.passes),
            lr_range: raw
                .lr_range_test
                .as_ref()
                .map(|r| ((r.min_lr, r.max_lr), r.steps)),
            gradient_noise: raw.gradient_noise,
            dtype: raw.dtype,
        })
    }

    /// Trains one configuration; `seed` drives the data, the split, the weights and the
    /// batches. The story: data and model → the untrained network's record → training →
    /// the reported scores → findings and tables → figures and results.
    fn run(
        p: &Params,
        trial: usize,
        seed: u64,
        lang: crate::i18n::Lang,
    ) -> Result<Outcome, String> {
        let Trained {
            setup:
                Setup {
                    tr,
                    va,
                    te,
                    data_name,
                    specs,
                    mut net,
                    cfg,
                    splits32,
                },
            h,
            rows,
            noise,
            range_points,
        } = train_once(p, seed);
        let regression = cfg.loss == Loss::Mse;
        let metric_name: String = if regression {
            "R²".into()
        } else {
            crate::tr!(lang, "train-accuracy")
        };
        let mut out = Outcome {
            metrics: metrics_table(&rows, p.layers.len(), cfg.timed),
            ..Outcome::default()
        };
        let range = match (p.lr_range, range_points) {
            (Some((span, _)), Some(points)) => range_test_report(&points, span, &mut out, lang),
            _ => None,
        };
        if cfg.layer_stats {
            out.extra_tables
                .push(("layers".into(), layers_table(&rows)));
        }
        let s = scores(
            &mut net,
            [&tr, &va, &te],
            splits32.as_ref(),
            &h,
            rows[0].train_loss,
            cfg.loss,
        );
        drop(splits32);
        let (grad_start, grad_end, identical) = fit_report(
            p,
            &cfg,
            (&specs, &data_name),
            [&tr, &va, &te],
            (&h, &rows, &s),
            &net,
            &metric_name,
            &mut out,
            lang,
        );
        let (near_zero, tiny) = hidden_weights_report(&net, p, trial, &mut out, lang);
        let mc = if p.mc_passes > 0 && !te.is_empty() && cfg.loss != Loss::Mse {
            mc_dropout_report(&mut net, &te, p, &cfg, s.test_metric, seed, &mut out, lang)
        } else {
            json!(null)
        };
        if cfg.layer_stats {
            out.figures.push((
                "dead".into(),
                unit_share_figure("dead_units", "train-dead", trial, lang),
            ));
            // With units that can sit on the negative side (ReLU and its variants), the
            // share that does on every sample, comparable across those activations.
            let negative_side = p.layers.iter().any(|l| {
                matches!(
                    l.activation,
                    Activation::Relu | Activation::LeakyRelu { .. } | Activation::Elu { .. }
                )
            });
            if negative_side {
                out.figures.push((
                    "negative".into(),
                    unit_share_figure("negative_units", "train-negative", trial, lang),
                ));
            }
        }
        let noise = match noise {
            Some(at) => noise_report(&at, tr.len(), trial, &mut out, lang),
            None => json!(null),
        };
        let time = if cfg.timed {
            time_report(&h, trial, &mut out, lang)
        } else {
            json!(null)
        };
        out.score = Some(if h.diverged { f64::NEG_INFINITY } else { s.rvm });
        out.results = results_json(
            p,
            (&s, &h, &rows),
            [tr.len(), va.len(), te.len()],
            &identical,
            (near_zero, tiny),
            mc,
            (grad_start, grad_end),
        );
        // The score is an accuracy on the validation samples (classification): how many, so
        // that the best-trial sentence can tell a gap from the sampling noise of a proportion.
        if cfg.loss != Loss::Mse {
            out.results["score_samples"] = json!(va.len());
        }
        // The sections a spec asked for.
        if let serde_json::Value::Object(m) = &mut out.results {
            let range = range.unwrap_or_default();
            for (key, v) in [("lr_range", range), ("noise", noise), ("time", time)] {
                if !v.is_null() {
                    m.insert(key.into(), v);
                }
            }
        }
        out.headline = headline(&s, h.epochs.len(), &metric_name, lang);
        out.figures.extend(epoch_figures(
            trial,
            &cfg.schedule,
            &metric_name,
            regression,
            lang,
        ));
        Ok(out)
    }

    /// Peak memory of one training run, estimated from its parameters: the data set in its
    /// copies (generated or parsed, split, predicted; standardized in place), the activations
    /// of an evaluation pass (over at most [`EVAL_CHUNK`] samples at a time), and the weights
    /// with their gradients and optimizer state.
    fn memory(p: &Params) -> (u64, &'static str) {
        let (n, f, o) = data_shape(&p.data);
        let widths = widths(f, p.layers.iter().map(|l| l.units as u64), o);
        let weights = weight_count(&widths);
        let units: u64 = widths.iter().sum();
        let pass = n.min(crate::nn::train::EVAL_CHUNK as u64);
        let data = 3 * n * (f + o);
        let network = 3 * pass * units + 5 * weights;
        (8 * (data + network), memory_field(&p.data, data >= network))
    }

    /// The arithmetic of one training run: per epoch about 6 operations per weight and
    /// training sample for the forward and backward pass, and 2 per weight and sample to
    /// score every split; the extras (gradient noise over up to 16 passes, a range test, MC
    /// dropout) on top.
    fn work(p: &Params) -> (f64, &'static str) {
        (train_work(p), "epochs")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loss_above_at_every_epoch_but_one_is_not_above() {
        // The initializers' case: standard's loss above the others' at every epoch; one
        // epoch below (or level) is enough to drop a trial from the list.
        let run = |loss: &[f64]| json!({ "train_loss_by_epoch": loss });
        let mut trials = vec![
            run(&[2.3, 1.28, 0.46, 0.0054]),
            run(&[2.5, 0.38, 0.15, 0.0042]),
            run(&[2.3, 1.30, 0.40, 0.0050]),
            run(&[2.3, 1.0, 0.46, 0.0045]),
            run(&[2.3, 0.5, f64::NAN, 0.001]),
            run(&[2.3, 1.0]),
        ];
        loss_above(&mut trials);
        let above = |i: usize| trials[i]["train_loss_above_every_epoch"].clone();
        // Epoch 0 (the untrained network) does not count: 2.3 < 2.5 there.
        assert_eq!(above(0), json!([1]));
        assert_eq!(above(2), json!([1]));
        // Trial 3 is level with trial 0 at epoch 2; trial 4 is not finite; trial 5 is shorter.
        assert_eq!(above(3), json!([1]));
        assert_eq!(above(1), json!([]));
        assert_eq!(above(5), json!([]));
    }

    #[test]
    fn equal_time_reads_each_run_at_the_quickest_runs_end() {
        // Three runs: 0.3 s for 2 epochs, 0.1 s for 4, 0.05 s for 2; the last ends first.
        let run = |secs: &[f64], loss: &[f64]| json!({"train_loss_by_epoch": loss, "time": {"seconds_by_epoch": secs}});
        let mut trials = vec![
            run(&[0.0, 0.04, 0.3], &[3.0, 0.2, 0.1]),
            run(&[0.0, 0.02, 0.05, 0.07, 0.1], &[3.0, 1.0, 0.5, 0.3, 0.2]),
            run(&[0.0, 0.025, 0.05], &[3.0, 2.0, 1.5]),
        ];
        equal_time(&mut trials);
        let at = |i: usize, k: &str| trials[i]["time"]["equal_time"][k].clone();
        // At 0.05 s, the quickest run's end, every run has finished an epoch.
        assert_eq!(at(0, "seconds"), json!(0.05));
        assert_eq!(
            (at(0, "epoch"), at(0, "train_loss")),
            (json!(1), json!(0.2))
        );
        assert_eq!(
            (at(1, "epoch"), at(1, "train_loss")),
            (json!(2), json!(0.5))
        );
        assert_eq!(
            (at(2, "epoch"), at(2, "train_loss")),
            (json!(2), json!(1.5))
        );
        assert_eq!(
            [at(0, "rank"), at(1, "rank"), at(2, "rank")],
            [json!(1), json!(2), json!(3)]
        );
        // A first epoch of 0.15 s, longer than the quickest run's 0.05 s in all: the runs
        // are read at 0.15 s, the first after its first epoch, the quickest at its end.
        let mut trials = vec![
            run(&[0.0, 0.15, 0.3], &[3.0, 0.2, 0.1]),
            run(&[0.0, 0.02, 0.05, 0.07, 0.1], &[3.0, 1.0, 0.5, 0.3, 0.2]),
            run(&[0.0, 0.025, 0.05], &[3.0, 2.0, 1.5]),
        ];
        equal_time(&mut trials);
        let at = |i: usize, k: &str| trials[i]["time"]["equal_time"][k].clone();
        assert_eq!(at(0, "seconds"), json!(0.15));
        assert_eq!(
            (at(0, "epoch"), at(1, "epoch"), at(2, "epoch")),
            (json!(1), json!(4), json!(2))
        );
        // 0.2 and 0.2 share the first place.
        assert_eq!(
            [at(0, "rank"), at(1, "rank"), at(2, "rank")],
            [json!(1), json!(1), json!(3)]
        );
        // A trial without times: nothing is compared.
        let mut mixed = vec![
            run(&[0.0, 0.1], &[3.0, 1.0]),
            json!({"train_loss_by_epoch": [3.0, 1.0]}),
        ];
        equal_time(&mut mixed);
        assert!(mixed[0]["time"].get("equal_time").is_none());
    }

    #[test]
    fn weight_histogram_bins_sizes_by_quarter_decades() {
        let w = [0.0, -1e-9, 1e-4, -1e-4, 0.5];
        let t = weight_histogram(&w).to_frame().unwrap();
        let col = |name: &str| -> Vec<f64> {
            t.column(name)
                .unwrap()
                .f64()
                .unwrap()
                .iter()
                .map(|v| v.unwrap())
                .collect()
        };
        let (x, share) = (col("abs_weight"), col("share"));
        // From 1e-7 to 0.5: 6.7 decades, 27 bins, every weight counted once.
        assert_eq!(x.len(), 27);
        assert!((share.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        // Zeros and |w| below 1e-7 in the first bin; ±1e-4 together; 0.5 in the last.
        assert!((share[0] - 0.4).abs() < 1e-12);
        let k = x
            .iter()
            .position(|c| (1e-4..10f64.powf(-3.75)).contains(c))
            .unwrap();
        assert!((share[k] - 0.4).abs() < 1e-12, "{x:?} {share:?}");
        assert!((share[26] - 0.2).abs() < 1e-12);
        // Centres are geometric: a quarter decade apart.
        assert!((x[1] / x[0] - 10f64.powf(0.25)).abs() < 1e-12);
    }

    /// A run's history from its per-epoch (train loss, validation loss), epochs 1, 2, ….
    fn history(losses: &[(f64, f64)]) -> crate::nn::train::History {
        let epochs: Vec<EpochRecord> = losses
            .iter()
            .enumerate()
            .map(|(i, &(t, v))| EpochRecord {
                epoch: i + 1,
                train_loss: t,
                penalty: 0.0,
                val_loss: v,
                train_metric: f64::NAN,
                val_metric: f64::NAN,
                lr: 0.01,
                grad_norm: 1.0,
                layers: vec![],
                seconds: 0.0,
            })
            .collect();
        let n = epochs.len();
        crate::nn::train::History {
            epochs,
            best_epoch: n,
            weights_epoch: n,
            stopped_early: false,
            diverged: false,
            lr_sum: 0.0,
        }
    }

    /// Scores whose reported weights are the last epoch's.
    fn scores(l0: f64, h: &crate::nn::train::History) -> Scores {
        let e = h.epochs.last().unwrap();
        let (t, v) = (e.train_loss, e.val_loss);
        Scores {
            l0,
            test_loss: v,
            test_metric: f64::NAN,
            final_train: t,
            final_val: v,
            tl: t,
            vl: v,
            tm: f64::NAN,
            vm: f64::NAN,
            rtl: t,
            rvl: v,
            rtm: f64::NAN,
            rvm: f64::NAN,
        }
    }

    #[test]
    fn an_under_trained_run_is_not_overfitting() {
        // Plain SGD on the digits (optimizers-digits): training 0.286, validation 0.440, a
        // gap of 0.15, but the validation loss still falls in the last epoch: under-trained.
        let h = history(&[(1.2, 1.25), (0.6, 0.7), (0.4, 0.52), (0.286, 0.440)]);
        assert_eq!(
            fit_verdict(&h, &scores(2.98, &h), Loss::SoftmaxCrossEntropy),
            Fit::Silent
        );
        // The same end after a validation loss that had been 20 % lower: overfitting.
        let h = history(&[(1.2, 1.25), (0.5, 0.366), (0.4, 0.40), (0.286, 0.440)]);
        assert_eq!(
            fit_verdict(&h, &scores(2.98, &h), Loss::SoftmaxCrossEntropy),
            Fit::Overfitting(0.366, 2)
        );
    }

    #[test]
    fn overfitting_is_judged_alike_whatever_the_untrained_loss() {
        // regularization: SELU (untrained loss 0.557) and L2 (0.789) end with training
        // losses 0.174 and 0.177 and validation losses risen from their lowest: both overfit.
        let selu = history(&[(0.4, 0.45), (0.3, 0.426), (0.174, 0.561)]);
        let l2 = history(&[(0.5, 0.5), (0.19, 0.355), (0.177, 0.388)]);
        assert_eq!(
            fit_verdict(&selu, &scores(0.557, &selu), Loss::SoftmaxCrossEntropy),
            Fit::Overfitting(0.426, 2)
        );
        assert_eq!(
            fit_verdict(&l2, &scores(0.789, &l2), Loss::SoftmaxCrossEntropy),
            Fit::Overfitting(0.355, 2)
        );
        let said = fit_verdict(&selu, &scores(0.557, &selu), Loss::SoftmaxCrossEntropy);
        assert_ne!(said, Fit::NotFitted);
    }

    #[test]
    fn a_late_spike_does_not_take_the_blame_for_an_earlier_gap() {
        // dying-relu, ReLU: the validation loss was far above the training loss long before
        // the training loss rose again at the end; the gap comes from the validation loss.
        let h = history(&[
            (0.35, 0.39),
            (0.11, 0.24),
            (0.19, 0.27),
            (0.45, 4.56),
            (0.26, 4.37),
            (0.07, 4.46),
            (0.13, 2.16),
            (0.24, 2.85),
        ]);
        assert_eq!(
            fit_verdict(&h, &scores(2.65, &h), Loss::SoftmaxCrossEntropy),
            Fit::Spiked(
                0.24,
                0.07,
                6,
                Some(GapSource::Validation(0.24, 2, 2.16, 4.56, 4))
            )
        );
        // A gap that opened with the jump is the jump's.
        let h = history(&[(0.5, 0.55), (0.1, 0.15), (0.08, 0.12), (0.9, 2.0)]);
        assert_eq!(
            fit_verdict(&h, &scores(2.65, &h), Loss::SoftmaxCrossEntropy),
            Fit::Spiked(0.9, 0.08, 3, Some(GapSource::Jump(0.12 - 0.08)))
        );
    }

    #[test]
    fn gradient_reach_is_judged_before_and_after_on_its_own_ratio() {
        let lang = crate::i18n::Lang::En;
        // initializers, standard init: 0.249 before training, 1.92 after. The sentence
        // judges each: shrinking before, keeping its scale after.
        let said = gradient_reach_finding(
            3,
            Some((0.248695, 0.01, 0.04)),
            Some((1.91993, 0.04241, 0.0220894)),
            false,
            lang,
        )
        .unwrap();
        assert!(
            said.contains("after training: the gradient keeps its scale"),
            "{said}"
        );
        assert!(
            said.contains("Before training the ratio was 0.2487: the gradient shrinks on its way back, to 1/4.02"),
            "{said}"
        );
        assert!(gradient_verdict(1.5e-6, lang).contains("vanishes"));
        assert!(gradient_verdict(2.9, lang).contains("grows on its way back, to 2.9 times"));
        assert!(gradient_verdict(2e3, lang).contains("exploding"));
    }

    #[test]
    fn batch_norm_has_no_gradient_ratio_before_training() {
        // batch-norm: the untrained pass uses running statistics at their initial values
        // (mean 0, variance 1), so it is the plain network's; its 1.8e-6 measured nothing.
        let said = gradient_reach_finding(
            10,
            Some((1.8121e-6, 1e-8, 0.01)),
            Some((2.90413, 0.49061, 0.168936)),
            true,
            crate::i18n::Lang::En,
        )
        .unwrap();
        assert!(!said.contains("1.8121e-6"), "{said}");
        assert!(
            said.contains("Before training the ratio is not batch normalization's"),
            "{said}"
        );
    }
}
