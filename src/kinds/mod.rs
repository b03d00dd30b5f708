//! Experiment kinds: one file each.
//!
//! Adding a kind means: its file, one [`KindName`] variant, one [`Params`] variant, one arm
//! in [`check`] and [`run`], and one entry in [`KINDS`] (what `gradlab list` prints and
//! `gradlab new` writes). Kinds compute and return data; they never touch the disk.

pub mod common;
pub mod critical_points;
pub mod optimize;

use crate::error::SpecErrors;
use crate::locate::Located;
use crate::parse::Node;
use crate::run::Outcome;
use serde::Deserialize;

/// The `kind:` of a spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KindName {
    Optimize,
    CriticalPoints,
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
    Optimize(Box<optimize::Params>),
    CriticalPoints(critical_points::Params),
}

/// Checks the `params:` node of a spec for `kind`. `base` is the node's path (`params`).
pub fn check(kind: KindName, node: &Node, base: &str, at: &Located) -> Result<Params, SpecErrors> {
    Ok(match kind {
        KindName::Optimize => Params::Optimize(Box::new(optimize::check(node, base, at)?)),
        KindName::CriticalPoints => Params::CriticalPoints(critical_points::check(node, base, at)?),
    })
}

/// Runs one trial of a kind. `trial` lets figures select that trial's rows.
pub fn run(params: &Params, trial: usize) -> Result<Outcome, String> {
    match params {
        Params::Optimize(p) => optimize::run(p, trial),
        Params::CriticalPoints(p) => critical_points::run(p, trial),
    }
}
