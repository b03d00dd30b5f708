//! gradlab: YAML experiment files → verified, literate reports on the numerics of deep
//! learning.
//!
//! The pipeline, one module per stage:
//! `load` (path → source) → `parse` (→ document) → `check` (→ experiment) → `plan`
//! (sweep → trials) → `run` (trial → outcome) → `collect` (→ DataFrame) → `plot`
//! (→ SVG) → `render` (→ report). [`pipeline::execute`] chains them in memory; only
//! `load`, `render`, `cache`, `export`, `notebook` and `cli` touch the disk or the terminal.

// Spec errors carry their file, position, source line and suggestion (~160 bytes); they
// are built once per bad spec, so returning them unboxed keeps the code plain.
#![allow(clippy::result_large_err)]

pub mod cache;
pub mod check;
pub mod cli;
pub mod collect;
pub mod error;
pub mod escape;
pub mod export;
pub mod i18n;
pub mod ipynb;
pub mod kinds;
pub mod latex;
pub mod load;
pub mod locate;
pub mod markdown;
pub mod nn;
pub mod notebook;
pub mod numerics;
pub mod parse;
pub mod pipeline;
pub mod plan;
pub mod plot;
pub mod prose;
pub mod render;
pub mod run;
pub mod schema;
pub mod seeds;
#[cfg(test)]
mod tempdir;

/// Re-exported so that notebook cells can name the types of metric tables.
pub use polars;

pub use check::{check, Experiment, Options};
pub use error::{Error, SpecError, SpecErrors};
pub use load::{load, Source};
pub use pipeline::{execute, execute_with_progress};
pub use render::{Report, Templates};
