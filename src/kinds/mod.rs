//! Experiment kinds: one file each, one type implementing [`Kind`] each.
//!
//! Adding a kind means three things: its file (a type implementing [`Kind`]: its id,
//! chapter, summary, example, starter spec, metric columns, parameter schema, `check` and
//! `run`), its starter spec in `templates/new/`, and one line in [`BUILTIN`]. Everything
//! else (`gradlab list`, `new`, `check`, `schema`, `run`, the index page's chapters, the
//! data dictionary) asks the registry. Kinds compute and return data; they never touch the
//! disk. A library user (a notebook) can add a kind of their own with [`register`].

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
use crate::i18n::Lang;
use crate::locate::Located;
use crate::parse::Node;
use crate::run::Outcome;
use serde::Deserialize;
use std::any::Any;
use std::sync::{Arc, RwLock};

/// One experiment kind. The contract:
/// - `check` turns the spec's `params:` node into checked parameters or every problem,
///   located (`base` is the node's path, `params`); it never panics on user input;
/// - `run` is a pure function of the checked parameters, the trial index and the spec's
///   seed (same inputs, same bytes), returning the outcome's tables, figures and findings
///   in the report's language; it never touches the disk;
/// - `COLUMNS` names and explains every column `run` puts into `metrics.csv`.
pub trait Kind: Send + Sync + 'static {
    /// The checked parameters of one trial.
    type Params: std::fmt::Debug + Clone + Send + Sync + 'static;
    /// What a spec writes under `params:` (its JSON Schema is the editor's).
    type Spec: schemars::JsonSchema;
    /// The spec's `kind:`.
    const ID: &'static str;
    /// The course chapter the index lists its experiments under (a spec may say otherwise).
    const CHAPTER: Chapter;
    /// One paragraph for `gradlab list`.
    const SUMMARY: &'static str;
    /// A short `params:` example for `gradlab list`.
    const EXAMPLE: &'static str;
    /// A complete, commented starter spec for `gradlab new`.
    const STARTER: &'static str;
    /// The columns of `metrics.csv`, each with what it holds.
    const COLUMNS: &'static [(&'static str, &'static str)];

    /// The JSON Schema of `params:` (shared definitions go into `gen`).
    fn schema(gen: &mut schemars::gen::SchemaGenerator) -> schemars::schema::Schema {
        gen.subschema_for::<Self::Spec>()
    }
    /// Checks the `params:` node.
    fn check(node: &Node, base: &str, at: &Located) -> Result<Self::Params, SpecErrors>;
    /// Runs one trial.
    fn run(p: &Self::Params, trial: usize, seed: u64, lang: Lang) -> Result<Outcome, String>;
    /// Peak memory of one trial estimated from its parameters, with the field (under
    /// `params`) that drives it. Kinds whose sizes their checks bound to a few megabytes
    /// keep the default.
    fn memory(_p: &Self::Params) -> (u64, &'static str) {
        (64 << 20, "")
    }
    /// The arithmetic of one trial estimated from its parameters, in floating-point
    /// operations, with the field (under `params`) that drives it. Kinds whose checks bound
    /// their work to well under a second keep the default, 0.
    fn work(_p: &Self::Params) -> (f64, &'static str) {
        (0.0, "")
    }
    /// The sha256 of the files a trial reads, "" when it reads none (part of its cache key).
    fn input_hash(_p: &Self::Params) -> String {
        String::new()
    }
    /// Values that set a sweep's trials side by side, added to each trial's results once
    /// every trial has run (prose and claims read them as `trials[i].…`); `trials` holds
    /// their results in trial order. The default adds nothing.
    fn compare_trials(_trials: &mut [serde_json::Value]) {}
}

/// A [`Kind`] behind a pointer: what the registry holds and the pipeline calls.
pub trait AnyKind: Send + Sync {
    fn id(&self) -> &'static str;
    fn chapter(&self) -> Chapter;
    fn summary(&self) -> &'static str;
    fn example(&self) -> &'static str;
    fn starter(&self) -> &'static str;
    fn columns(&self) -> &'static [(&'static str, &'static str)];
    fn schema(&self, gen: &mut schemars::gen::SchemaGenerator) -> schemars::schema::Schema;
    fn check_params(&self, node: &Node, base: &str, at: &Located) -> Result<Params, SpecErrors>;
    fn compare_trials(&self, trials: &mut [serde_json::Value]);
}

/// The registry's entry for kind `K`.
pub struct Entry<K>(std::marker::PhantomData<fn() -> K>);

impl<K: Kind> Entry<K> {
    pub const NEW: Entry<K> = Entry(std::marker::PhantomData);
}

impl<K: Kind> AnyKind for Entry<K> {
    fn id(&self) -> &'static str {
        K::ID
    }
    fn chapter(&self) -> Chapter {
        K::CHAPTER
    }
    fn summary(&self) -> &'static str {
        K::SUMMARY
    }
    fn example(&self) -> &'static str {
        K::EXAMPLE
    }
    fn starter(&self) -> &'static str {
        K::STARTER
    }
    fn columns(&self) -> &'static [(&'static str, &'static str)] {
        K::COLUMNS
    }
    fn schema(&self, gen: &mut schemars::gen::SchemaGenerator) -> schemars::schema::Schema {
        K::schema(gen)
    }
    fn check_params(&self, node: &Node, base: &str, at: &Located) -> Result<Params, SpecErrors> {
        let p = K::check(node, base, at)?;
        Ok(Params {
            memory: K::memory(&p),
            work: K::work(&p),
            input_hash: K::input_hash(&p),
            run: |p, trial, seed, lang| {
                let p = p
                    .downcast_ref::<K::Params>()
                    .expect("parameters run by the kind that checked them");
                K::run(p, trial, seed, lang)
            },
            value: Arc::new(p),
        })
    }
    fn compare_trials(&self, trials: &mut [serde_json::Value]) {
        K::compare_trials(trials)
    }
}

/// The kinds gradlab ships, in the order `gradlab list` prints them.
pub static BUILTIN: &[&dyn AnyKind] = &[
    &Entry::<softmax::SoftmaxKind>::NEW,
    &Entry::<rounding::RoundingKind>::NEW,
    &Entry::<conditioning::ConditioningKind>::NEW,
    &Entry::<optimize::OptimizeKind>::NEW,
    &Entry::<critical_points::CriticalPointsKind>::NEW,
    &Entry::<jacobian::JacobianKind>::NEW,
    &Entry::<perceptron::PerceptronKind>::NEW,
    &Entry::<backprop::BackpropKind>::NEW,
    &Entry::<train::TrainKind>::NEW,
    &Entry::<depth::DepthKind>::NEW,
    &Entry::<activations::ActivationsKind>::NEW,
    &Entry::<transfer::TransferKind>::NEW,
    &Entry::<hyperparameters::HyperparametersKind>::NEW,
];

static REGISTERED: RwLock<Vec<&'static dyn AnyKind>> = RwLock::new(Vec::new());

/// Adds kind `K` for this process (after the built-in ones): specs may then say
/// `kind: <K::ID>`. An id already taken is refused.
pub fn register<K: Kind>() -> Result<(), String> {
    if all().iter().any(|k| k.id() == K::ID) {
        return Err(format!("a kind `{}` exists already", K::ID));
    }
    let entry: &'static Entry<K> = Box::leak(Box::new(Entry::<K>::NEW));
    REGISTERED.write().expect("not poisoned").push(entry);
    Ok(())
}

/// Every kind: the built-in ones, then those registered.
pub fn all() -> Vec<KindName> {
    BUILTIN
        .iter()
        .copied()
        .chain(REGISTERED.read().expect("not poisoned").iter().copied())
        .map(KindName)
        .collect()
}

/// The kind with this id.
pub fn find(id: &str) -> Option<KindName> {
    all().into_iter().find(|k| k.id() == id)
}

/// The `kind:` of a spec: a handle on its registry entry.
#[derive(Clone, Copy)]
pub struct KindName(&'static dyn AnyKind);

impl std::ops::Deref for KindName {
    type Target = dyn AnyKind;
    fn deref(&self) -> &Self::Target {
        self.0
    }
}

impl std::fmt::Debug for KindName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "KindName({})", self.id())
    }
}

impl PartialEq for KindName {
    fn eq(&self, other: &Self) -> bool {
        self.id() == other.id()
    }
}

impl Eq for KindName {}

impl<'de> Deserialize<'de> for KindName {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let id = String::deserialize(d)?;
        find(&id).ok_or_else(|| {
            // serde's own wording, which the located error turns into "expected one of …"
            // with a suggestion; the list is leaked only on this error path.
            let ids: Vec<&'static str> = all().iter().map(|k| k.id()).collect();
            serde::de::Error::unknown_variant(&id, Box::leak(ids.into_boxed_slice()))
        })
    }
}

impl serde::Serialize for KindName {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// A trial's checked parameters, whichever kind checked them; [`Params::run`] hands them
/// back to that kind.
#[derive(Clone)]
pub struct Params {
    value: Arc<dyn Any + Send + Sync>,
    run: fn(&(dyn Any + Send + Sync), usize, u64, Lang) -> Result<Outcome, String>,
    /// Estimated peak memory and the field that drives it.
    pub memory: (u64, &'static str),
    /// Estimated floating-point operations and the field that drives them.
    pub work: (f64, &'static str),
    /// The sha256 of the files the trial reads ("" for none).
    pub input_hash: String,
}

impl std::fmt::Debug for Params {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Params")
            .field("memory", &self.memory)
            .field("input_hash", &self.input_hash)
            .finish_non_exhaustive()
    }
}

impl Params {
    /// The parameters as kind `K` checked them (`None` for another kind's).
    pub fn get<K: Kind>(&self) -> Option<&K::Params> {
        self.value.downcast_ref::<K::Params>()
    }

    /// Runs one trial. `trial` lets figures select that trial's rows; `seed` is the spec's
    /// seed, for kinds that draw random numbers.
    pub fn run(&self, trial: usize, seed: u64, lang: Lang) -> Result<Outcome, String> {
        // An estimate the machine cannot give (the limit raised past it) fails this trial
        // instead of aborting the process on the allocation.
        let (bytes, _) = self.memory;
        let mut probe: Vec<u8> = Vec::new();
        if probe.try_reserve_exact(bytes as usize).is_err() {
            return Err(format!(
                "cannot allocate the {:.1} GiB this trial needs",
                bytes as f64 / (1u64 << 30) as f64
            ));
        }
        drop(probe);
        (self.run)(&*self.value, trial, seed, lang)
    }
}

/// Checks the `params:` node of a spec for `kind`. `base` is the node's path (`params`).
pub fn check(kind: KindName, node: &Node, base: &str, at: &Located) -> Result<Params, SpecErrors> {
    let params = kind.check_params(node, base, at)?;
    check_memory(&params, base, at)?;
    Ok(params)
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
}

/// The speed the time estimate assumes, in floating-point operations per second: faster
/// than the engine trains the shipped networks on the 2-core machines this project is
/// built on (measured 10–18 GFLOP/s counted this way: transfer-learning, vanishing-gradients,
/// regularization), so an estimate is a lower bound and refuses only an experiment that
/// could not finish in its time limit.
pub const ASSUMED_FLOPS: f64 = 3e10;

static TIME_LIMIT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// The seconds an experiment may be estimated to need before `check` refuses it (`--timeout`
/// sets it with the run-time limit; 0: [`DEFAULT_TIME_LIMIT`]).
pub fn time_limit() -> f64 {
    match f64::from_bits(TIME_LIMIT.load(std::sync::atomic::Ordering::Relaxed)) {
        s if s > 0.0 => s,
        _ => DEFAULT_TIME_LIMIT,
    }
}

/// Sets [`time_limit`] for this process.
pub fn set_time_limit(seconds: f64) {
    TIME_LIMIT.store(seconds.to_bits(), std::sync::atomic::Ordering::Relaxed);
}

/// The time limit without `--timeout`: the run-time limit's default, ten minutes.
pub const DEFAULT_TIME_LIMIT: f64 = 600.0;

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

/// Refuses a trial whose estimated memory exceeds [`memory_limit`], at the driving field.
fn check_memory(params: &Params, base: &str, at: &Located) -> Result<(), SpecErrors> {
    let (bytes, field) = params.memory;
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
