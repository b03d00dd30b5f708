//! Experiment kinds: one file each.
//!
//! Adding a kind means: its file, one [`KindName`] variant, one [`Params`] variant, one arm
//! in [`check`] and [`run`], and one entry in [`KINDS`] (what `gradlab list` prints and
//! `gradlab new` writes). Kinds compute and return data; they never touch the disk.

pub mod activations;
pub mod backprop;
pub mod common;
pub mod conditioning;
pub mod critical_points;
pub mod depth;
pub mod hyperparameters;
pub mod jacobian;
pub mod optimize;
pub mod perceptron;
pub mod rounding;
pub mod softmax;
pub mod train;
pub mod transfer;

use crate::error::SpecErrors;
use crate::locate::Located;
use crate::parse::Node;
use crate::run::Outcome;
use serde::Deserialize;

/// The `kind:` of a spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KindName {
    Softmax,
    Rounding,
    Conditioning,
    Optimize,
    CriticalPoints,
    Jacobian,
    Perceptron,
    Backprop,
    Train,
    Depth,
    Activations,
    Transfer,
    Hyperparameters,
}

/// The part of the course an experiment belongs to: the index page groups reports by it.
/// A spec may say (`chapter: deep`); otherwise its kind decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Chapter {
    Numerical,
    Optimization,
    Perceptron,
    Deep,
}

impl Chapter {
    /// Every chapter, in the course's order.
    pub const ALL: [Chapter; 4] = [
        Chapter::Numerical,
        Chapter::Optimization,
        Chapter::Perceptron,
        Chapter::Deep,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Chapter::Numerical => "numerical",
            Chapter::Optimization => "optimization",
            Chapter::Perceptron => "perceptron",
            Chapter::Deep => "deep",
        }
    }

    /// The chapter of a kind's experiments unless the spec says otherwise.
    pub fn of_kind(kind: KindName) -> Chapter {
        match kind {
            KindName::Softmax
            | KindName::Rounding
            | KindName::Conditioning
            | KindName::Jacobian => Chapter::Numerical,
            KindName::Optimize | KindName::CriticalPoints => Chapter::Optimization,
            KindName::Perceptron | KindName::Backprop => Chapter::Perceptron,
            KindName::Train
            | KindName::Depth
            | KindName::Activations
            | KindName::Transfer
            | KindName::Hyperparameters => Chapter::Deep,
        }
    }
}

/// What `gradlab list` shows and `gradlab new` writes for a kind.
pub struct KindInfo {
    pub name: KindName,
    pub id: &'static str,
    pub summary: &'static str,
    /// A short example of the `params:` block, for `gradlab list`.
    pub example: &'static str,
    /// A complete, commented starter spec, for `gradlab new`.
    pub starter: &'static str,
}

/// Every kind, in the order `gradlab list` prints them.
pub const KINDS: &[KindInfo] = &[
    KindInfo {
        name: KindName::Softmax,
        id: "softmax",
        summary: "Overflow and underflow of naive vs max-shifted softmax, log-softmax and \
                  log-sum-exp over the input scale, in f16, bf16, f32 and f64.",
        example: "params:\n  n: 3\n  min_exponent: -1\n  max_exponent: 5\n  formats: [f16, bf16, f32, f64]\n",
        starter: include_str!("../../templates/new/softmax.yaml"),
    },
    KindInfo {
        name: KindName::Rounding,
        id: "rounding",
        summary: "Rounding error accumulation: f32 sums by naive, pairwise and Kahan summation; \
                  0.1 + 0.2, 1 + ε/2, and catastrophic cancellation.",
        example: "params:\n  max_n: 10000000\n  points: 13\n  value: 0.1\n",
        starter: include_str!("../../templates/new/rounding.yaml"),
    },
    KindInfo {
        name: KindName::Conditioning,
        id: "conditioning",
        summary: "Condition numbers (eigenvalues and singular values) against the error of \
                  solving Ax = b in f32 and f64, with the bound κ·‖δb‖/‖b‖.",
        example: "params:\n  hilbert_max: 12\n  delta_min_exponent: -14\n  eta: 1.0e-10\n",
        starter: include_str!("../../templates/new/conditioning.yaml"),
    },
    KindInfo {
        name: KindName::Optimize,
        id: "optimize",
        summary: "Minimize an expression with gradient descent, line search, momentum or \
                  Newton's method; per-iteration f, ‖∇f‖, steps, Hessian eigenvalues, Taylor \
                  and Lipschitz analysis.",
        example: "params:\n  objective: \"x^4 + 0.8*y^4 + 4*x^2 + 2*y^2 - x*y - 0.2*x^2*y\"\n  start: [4, 4]\n  methods:\n    - method: newton\n    - method: gd\n      lr: 0.005\n",
        starter: include_str!("../../templates/new/optimize.yaml"),
    },
    KindInfo {
        name: KindName::CriticalPoints,
        id: "critical_points",
        summary: "Classify critical points (given, or found by Newton from a grid of starts) \
                  as minimum, maximum, saddle or inconclusive from the Hessian's eigenvalues.",
        example: "params:\n  functions:\n    - label: bowl\n      objective: \"2*x^2 + 3*y^2 - x*y\"\n      points: [[0, 0]]\n",
        starter: include_str!("../../templates/new/critical_points.yaml"),
    },
    KindInfo {
        name: KindName::Jacobian,
        id: "jacobian",
        summary: "Exact Jacobians of vector functions (and the softmax) against forward and \
                  central differences over the step h; the Hessian as the Jacobian of ∇f.",
        example: "params:\n  functions:\n    - components: [\"r*cos(t)\", \"r*sin(t)\"]\n      at: [2, 0.5]\n    - softmax_at: [0.3, -1.2, 2.0]\n",
        starter: include_str!("../../templates/new/jacobian.yaml"),
    },
    KindInfo {
        name: KindName::Perceptron,
        id: "perceptron",
        summary: "One neuron trained by gradient descent: regression on the course's house \
                  table against least squares, or classification of the sentiment table \
                  with sigmoid and log loss.",
        example: "params:\n  data: houses          # or sentiment\n  lr: 0.1\n  steps: 500\n",
        starter: include_str!("../../templates/new/perceptron.yaml"),
    },
    KindInfo {
        name: KindName::Backprop,
        id: "backprop",
        summary: "The 2-2-1 network by the chain rule: every partial derivative of one step \
                  checked three ways, then trained on XOR or two moons next to a perceptron.",
        example: "params:\n  data: xor             # or moons\n  lr: 1.0\n  steps: 5000\n",
        starter: include_str!("../../templates/new/backprop.yaml"),
    },
    KindInfo {
        name: KindName::Train,
        id: "train",
        summary: "Train a multilayer perceptron on a data set (digits, moons, circles, spirals, \
                  blobs, XOR, linear) with any architecture, initializer, optimizer, schedule and \
                  regularization; sweep any of them.",
        example: "params:\n  data: {name: digits}\n  layers: [{units: 64, activation: {name: relu}}]\n  optimizer: {name: adam, lr: 0.001}\n  epochs: 30\n",
        starter: include_str!("../../templates/new/train.yaml"),
    },
    KindInfo {
        name: KindName::Depth,
        id: "depth",
        summary: "Vanishing and exploding signals across depths: per-layer activation spread, \
                  back-propagated and weight gradients for activation × initializer × depth, \
                  at initialization and over the first epochs, against variance propagation.",
        example: "params:\n  depths: [2, 10, 50]\n  configs:\n    - {activation: {name: tanh}, init: {name: standard}}\n    - {activation: {name: relu}, init: {name: he_normal}}\n",
        starter: include_str!("../../templates/new/depth.yaml"),
    },
    KindInfo {
        name: KindName::Activations,
        id: "activations",
        summary: "Activation functions and their derivatives side by side: saturated and dead \
                  regions, derivatives checked by central differences, Gaussian gains.",
        example: "params:\n  functions: [{name: sigmoid}, {name: tanh}, {name: relu}, {name: selu}]\n  range: [-6, 6]\n",
        starter: include_str!("../../templates/new/activations.yaml"),
    },
    KindInfo {
        name: KindName::Transfer,
        id: "transfer",
        summary: "Transfer learning on the digits: a body trained on some classes reused for \
                  new ones, from scratch vs frozen vs fine-tuned, across target-set sizes and seeds.",
        example: "params:\n  source_classes: [0, 1, 2, 3, 4, 5, 6, 7]\n  target_classes: [8, 9]\n  target_sizes: [10, 50, 200]\n",
        starter: include_str!("../../templates/new/transfer.yaml"),
    },
    KindInfo {
        name: KindName::Hyperparameters,
        id: "hyperparameters",
        summary: "The hyperparameter table, measured: a base training run and one change at a \
                  time (lowered, raised, alternatives), each cell derived from train score and \
                  overfitting gap.",
        example: "params:\n  base: {data: {name: digits}, layers: [{units: 64}], optimizer: {name: adam}}\n  vary:\n    - {name: learning rate, path: optimizer.lr, lower: 0.0001, higher: 0.01}\n",
        starter: include_str!("../../templates/new/hyperparameters.yaml"),
    },
];

/// The information about one kind.
pub fn info(name: KindName) -> &'static KindInfo {
    KINDS
        .iter()
        .find(|k| k.name == name)
        .expect("every kind is listed")
}

/// The checked parameters of a kind.
#[derive(Debug, Clone)]
pub enum Params {
    Softmax(softmax::Params),
    Rounding(rounding::Params),
    Conditioning(conditioning::Params),
    Optimize(Box<optimize::Params>),
    CriticalPoints(critical_points::Params),
    Jacobian(jacobian::Params),
    Perceptron(perceptron::Params),
    Backprop(backprop::Params),
    Train(Box<train::Params>),
    Depth(Box<depth::Params>),
    Activations(activations::Params),
    Transfer(Box<transfer::Params>),
    Hyperparameters(Box<hyperparameters::Params>),
}

/// Checks the `params:` node of a spec for `kind`. `base` is the node's path (`params`).
/// The sha256 of the data files a trial reads ("" when it reads none): part of its cache
/// key, so a changed file is never served a stale outcome.
pub fn input_hash(p: &Params) -> &str {
    match p {
        Params::Train(t) => t.data.file_hash(),
        Params::Depth(d) => d.data.file_hash(),
        Params::Hyperparameters(h) => h.base.data.file_hash(),
        _ => "",
    }
}

pub fn check(kind: KindName, node: &Node, base: &str, at: &Located) -> Result<Params, SpecErrors> {
    let params = check_params(kind, node, base, at)?;
    check_memory(&params, base, at)?;
    Ok(params)
}

fn check_params(
    kind: KindName,
    node: &Node,
    base: &str,
    at: &Located,
) -> Result<Params, SpecErrors> {
    Ok(match kind {
        KindName::Softmax => Params::Softmax(softmax::check(node, base, at)?),
        KindName::Rounding => Params::Rounding(rounding::check(node, base, at)?),
        KindName::Conditioning => Params::Conditioning(conditioning::check(node, base, at)?),
        KindName::Jacobian => Params::Jacobian(jacobian::check(node, base, at)?),
        KindName::Perceptron => Params::Perceptron(perceptron::check(node, base, at)?),
        KindName::Backprop => Params::Backprop(backprop::check(node, base, at)?),
        KindName::Train => Params::Train(Box::new(train::check(node, base, at)?)),
        KindName::Depth => Params::Depth(Box::new(depth::check(node, base, at)?)),
        KindName::Activations => Params::Activations(activations::check(node, base, at)?),
        KindName::Transfer => Params::Transfer(Box::new(transfer::check(node, base, at)?)),
        KindName::Hyperparameters => {
            Params::Hyperparameters(Box::new(hyperparameters::check(node, base, at)?))
        }
        KindName::Optimize => Params::Optimize(Box::new(optimize::check(node, base, at)?)),
        KindName::CriticalPoints => Params::CriticalPoints(critical_points::check(node, base, at)?),
    })
}

/// Default of [`memory_limit`]: what one trial may be estimated to need, in bytes.
pub const DEFAULT_MEMORY_LIMIT: u64 = 4 << 30;

static MEMORY_LIMIT: std::sync::atomic::AtomicU64 =
    std::sync::atomic::AtomicU64::new(DEFAULT_MEMORY_LIMIT);

/// The most memory one trial may be estimated to need (`--memory-limit` sets it).
pub fn memory_limit() -> u64 {
    MEMORY_LIMIT.load(std::sync::atomic::Ordering::Relaxed)
}

/// Sets [`memory_limit`] for this process.
pub fn set_memory_limit(bytes: u64) {
    MEMORY_LIMIT.store(bytes, std::sync::atomic::Ordering::Relaxed);
}

/// A trial's peak memory estimated from its parameters, with the field (under `params`)
/// that drives it. Kinds whose sizes are bounded by their range checks to a few megabytes
/// give a small constant.
pub fn memory_estimate(params: &Params) -> (u64, &'static str) {
    match params {
        Params::Optimize(p) => optimize::memory(p),
        Params::Train(p) => train::memory(p),
        Params::Depth(p) => depth::memory(p),
        Params::Hyperparameters(p) => hyperparameters::memory(p),
        Params::Perceptron(p) => perceptron::memory(p),
        Params::Backprop(p) => backprop::memory(p),
        _ => (64 << 20, ""),
    }
}

/// Refuses a trial whose estimated memory exceeds [`memory_limit`], at the driving field.
fn check_memory(params: &Params, base: &str, at: &Located) -> Result<(), SpecErrors> {
    let (bytes, field) = memory_estimate(params);
    let limit = memory_limit();
    if bytes <= limit {
        return Ok(());
    }
    let gib = |b: u64| b as f64 / (1u64 << 30) as f64;
    let path = crate::locate::join(base, field);
    Err(at
        .at_value(
            &path,
            format!(
                "this trial would need about {:.1} GiB of memory, over the limit of {:.1} GiB",
                gib(bytes),
                gib(limit)
            ),
        )
        .expected(format!(
            "a smaller `{field}` (or raise the limit with `--memory-limit GIB` when the \
             machine has the memory)"
        ))
        .into())
}

/// The JSON Schema of a kind's `params:`; shared definitions go into `gen`.
pub fn schema(
    kind: KindName,
    gen: &mut schemars::gen::SchemaGenerator,
) -> schemars::schema::Schema {
    match kind {
        KindName::Softmax => softmax::schema(gen),
        KindName::Rounding => rounding::schema(gen),
        KindName::Conditioning => conditioning::schema(gen),
        KindName::Optimize => optimize::schema(gen),
        KindName::CriticalPoints => critical_points::schema(gen),
        KindName::Jacobian => jacobian::schema(gen),
        KindName::Perceptron => perceptron::schema(gen),
        KindName::Backprop => backprop::schema(gen),
        KindName::Train => train::schema(gen),
        KindName::Depth => depth::schema(gen),
        KindName::Activations => activations::schema(gen),
        KindName::Transfer => transfer::schema(gen),
        KindName::Hyperparameters => hyperparameters::schema(gen),
    }
}

/// Runs one trial of a kind. `trial` lets figures select that trial's rows; `seed` is the
/// spec's seed, for kinds that draw random numbers.
pub fn run(
    params: &Params,
    trial: usize,
    seed: u64,
    lang: crate::i18n::Lang,
) -> Result<Outcome, String> {
    // An estimate the machine cannot give (the limit raised past it) fails this trial
    // instead of aborting the process on the allocation.
    let (bytes, _) = memory_estimate(params);
    let mut probe: Vec<u8> = Vec::new();
    if probe.try_reserve_exact(bytes as usize).is_err() {
        return Err(format!(
            "cannot allocate the {:.1} GiB this trial needs",
            bytes as f64 / (1u64 << 30) as f64
        ));
    }
    drop(probe);
    match params {
        Params::Softmax(p) => softmax::run(p, trial, lang),
        Params::Rounding(p) => rounding::run(p, trial, lang),
        Params::Conditioning(p) => conditioning::run(p, trial, lang),
        Params::Jacobian(p) => jacobian::run(p, trial, lang),
        Params::Perceptron(p) => perceptron::run(p, trial, lang),
        Params::Backprop(p) => backprop::run(p, trial, lang),
        Params::Train(p) => train::run(p, trial, seed, lang),
        Params::Depth(p) => depth::run(p, trial, seed, lang),
        Params::Activations(p) => activations::run(p, trial, lang),
        Params::Transfer(p) => transfer::run(p, trial, seed, lang),
        Params::Hyperparameters(p) => hyperparameters::run(p, trial, seed, lang),
        Params::Optimize(p) => optimize::run(p, trial, lang),
        Params::CriticalPoints(p) => critical_points::run(p, trial, lang),
    }
}
