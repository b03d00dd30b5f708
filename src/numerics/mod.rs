//! The numerics: pure functions over numbers, vectors and matrices.
//!
//! Invariant: nothing in here reads files, prints, or exits. Every function returns data,
//! so the same code runs from the CLI, the tests and a notebook cell.

pub mod conditioning;
pub mod descent;
pub mod expr;
pub mod floats;
pub mod jacobian;
pub mod linalg;
pub mod rng;
pub mod stats;
