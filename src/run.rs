//! Stage 6: one trial → its [`Outcome`] (metrics, results, findings, figures, tables).
//!
//! Runs the kind's computation under `catch_unwind`, so a panic in one experiment becomes a
//! failed status with a message instead of taking the whole `run-all` down.

use crate::collect::Table;
use crate::kinds::Params;
use crate::plot::Figure;

/// A small formatted table for the report (numbers already rounded for reading).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReportTable {
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Markdown shown under the table.
    pub note: String,
}

/// Everything one trial produced. It serializes (bincode, in the content cache and in
/// shard files) with every float's bits intact, NaN and inf included.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Outcome {
    /// The tidy per-observation table written as `metrics.parquet`/`metrics.csv`.
    pub metrics: Table,
    /// Further tidy tables, each written as `<name>.parquet`/`<name>.csv`.
    pub extra_tables: Vec<(String, Table)>,
    /// Computed values the spec's prose can quote (`{{ newton.x }}`).
    #[serde(with = "json_text")]
    pub results: serde_json::Value,
    /// "What this shows": Markdown paragraphs written from the computed numbers.
    pub findings: Vec<String>,
    /// The table the findings stand on (one row per run, say): shown under "What this
    /// shows", above its sentences, in a report of one trial; in a sweep it joins `tables`.
    pub overview: Option<ReportTable>,
    pub figures: Vec<(String, Figure)>,
    pub tables: Vec<ReportTable>,
    /// A few headline numbers per trial, for the sweep summary table.
    pub headline: Vec<(String, String)>,
    /// Higher is better (validation accuracy, for example): a sweep's summary table is
    /// sorted by it and names the best trial.
    pub score: Option<f64>,
}

/// Where trial outcomes are kept between runs: the content cache, or the shards of a sweep
/// run on several machines. Implemented outside the numerics (`cache.rs`); the pipeline
/// only asks and tells by key.
pub trait TrialStore: Sync {
    fn get(&self, key: &str) -> Option<Outcome>;
    /// Stores an outcome, or says why it could not.
    fn put(&self, key: &str, outcome: &Outcome) -> Result<(), String>;
}

/// Runs one trial's computation; a panic becomes an `Err` with its message.
pub fn run_trial(
    params: &Params,
    trial: usize,
    seed: u64,
    lang: crate::i18n::Lang,
) -> Result<Outcome, String> {
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        params.run(trial, seed, lang)
    }));
    match result {
        Ok(r) => r,
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(format!("panicked: {msg}"))
        }
    }
}

/// `results` travels as JSON text: binary formats cannot hold a self-describing value, and
/// the JSON already maps non-finite numbers to null when it is built.
mod json_text {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &serde_json::Value, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&v.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<serde_json::Value, D::Error> {
        let text = String::deserialize(d)?;
        serde_json::from_str(&text).map_err(serde::de::Error::custom)
    }
}
