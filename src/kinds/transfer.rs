//! Kind `transfer`: transfer learning on the handwritten digits (catalogue row 24).
//!
//! A source network learns one task (for example digits 0–7); its hidden layers are reused
//! for a small target task (for example 8 vs 9) at several target-set sizes, against a
//! network trained from scratch. Three strategies, each over several seeds: from scratch,
//! frozen body + new head, and frozen-then-unfrozen fine-tuning at a low learning rate.

use super::common::{self, num};
use crate::collect::{Table, Values};
use crate::error::SpecErrors;
use crate::locate::{join, Located};
use crate::nn::activation::Activation;
use crate::nn::data::{self, Dataset, Standardizer};
use crate::nn::init::Init;
use crate::nn::loss::Loss;
use crate::nn::network::{LayerSpec, Network};
use crate::nn::optim::OptimizerSpec;
use crate::nn::train::{evaluate, train, TrainConfig};
use crate::numerics::rng::Rng;
use crate::parse::Node;
use crate::plot::{Axes, Curve, Figure};
use crate::run::{Outcome, ReportTable};
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Phase {
    #[schemars(range(min = 1, max = 10_000))]
    epochs: usize,
    optimizer: OptimizerSpec,
    #[serde(default = "batch")]
    #[schemars(range(min = 1, max = 10_000))]
    batch_size: usize,
}

fn batch() -> usize {
    32
}

#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Body {
    #[schemars(range(min = 1, max = 50))]
    count: usize,
    #[schemars(range(min = 1, max = 2048))]
    units: usize,
    #[serde(default = "relu")]
    activation: Activation,
}

fn relu() -> Activation {
    Activation::Relu
}

#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Raw {
    source_classes: Vec<usize>,
    target_classes: Vec<usize>,
    hidden: Body,
    #[serde(default = "he")]
    init: Init,
    source: Phase,
    target: Phase,
    fine_tune: Phase,
    target_sizes: Vec<usize>,
    #[serde(default = "seeds")]
    #[schemars(range(min = 1, max = 100))]
    seeds: usize,
    #[serde(default = "half")]
    target_test: f64,
    #[serde(default)]
    reuse: Option<usize>,
}

fn he() -> Init {
    Init::HeNormal
}
fn seeds() -> usize {
    5
}
fn half() -> f64 {
    0.5
}

/// Checked parameters.
#[derive(Debug, Clone)]
pub struct Params {
    pub source_classes: Vec<usize>,
    pub target_classes: Vec<usize>,
    pub body: Vec<LayerSpec>,
    pub init: Init,
    source: Phase,
    target: Phase,
    fine_tune: Phase,
    pub target_sizes: Vec<usize>,
    pub seeds: usize,
    pub target_test: f64,
    /// How many lower hidden layers are copied from the source (and frozen).
    pub reuse: usize,
}

fn check_phase(errors: &mut Vec<crate::error::SpecError>, at: &Located, path: &str, p: &Phase) {
    common::check_optimizer(errors, at, &join(path, "optimizer"), &p.optimizer);
}

fn config(phase: &Phase, loss: Loss, frozen: usize, seed: u64) -> TrainConfig {
    TrainConfig {
        frozen,
        ..TrainConfig::plain(phase.epochs, phase.batch_size, loss, phase.optimizer, seed)
    }
}

/// `n` samples of the pool drawn class by class in turn (so every class is present), in a
/// seeded order.
fn draw(pool: &Dataset, n: usize, seed: u64) -> Dataset {
    let labels = pool.labels.as_deref().unwrap_or(&[]);
    let mut rng = Rng::new(seed);
    let mut by_class: Vec<Vec<usize>> = (0..pool.classes())
        .map(|c| (0..labels.len()).filter(|&i| labels[i] == c).collect())
        .collect();
    for g in &mut by_class {
        rng.shuffle(g);
    }
    let mut idx = Vec::with_capacity(n);
    let mut k = 0;
    while idx.len() < n.min(labels.len()) {
        for g in &by_class {
            if k < g.len() && idx.len() < n {
                idx.push(g[k]);
            }
        }
        k += 1;
    }
    pool.select(&idx)
}

/// Digits as a reader writes them: `0, 1, 2`.
fn join_digits(d: &[usize]) -> String {
    d.iter()
        .map(|x| x.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

const STRATEGIES: [&str; 3] = ["scratch", "frozen", "fine_tuned"];

/// Strategy `a`'s mean accuracy minus strategy `b`'s at target size `n`, and its standard
/// error from the per-seed differences (the runs are paired: each seed draws the same target
/// data and initial head for every strategy), sd(a − b)/√seeds.
fn paired_difference(results: &[TargetRun], a: usize, b: usize, n: usize) -> (f64, f64) {
    let d: Vec<f64> = results
        .iter()
        .filter(|x| x.0 == n)
        .map(|x| x.2[a] - x.2[b])
        .collect();
    let (m, var) = crate::numerics::stats::mean_var(&d);
    let se = if d.len() > 1 {
        (var / d.len() as f64).sqrt()
    } else {
        0.0
    };
    (m, se)
}

/// The columns of `metrics.csv`.
pub const COLUMNS: &[(&str, &str)] = &[
    ("run", "the strategy"),
    (
        "strategy",
        "scratch, frozen (source body, new head) or fine_tuned (then every layer at a low lr)",
    ),
    ("target_size", "labelled target training samples"),
    ("repetition", "seed index"),
    ("test_accuracy", "accuracy on the held-out target test set"),
];

/// The `transfer` kind (see the module's documentation).
pub struct TransferKind;

/// Test accuracy of each strategy (scratch, frozen, fine-tuned) for one (size, repetition).
type TargetRun = (usize, usize, [f64; 3]);

/// The body trained on the source classes (standardized pixels), its validation accuracy,
/// and the scaling the target task reuses.
fn source_body(p: &Params, all: &Dataset, seed: u64) -> (Network, f64, Standardizer) {
    let source = all.subset_classes(&p.source_classes, false);
    let (s_tr, s_va, _) = data::split(&source, 0.2, 0.0, seed);
    let scale = Standardizer::fit(&s_tr);
    let (s_tr, s_va) = (scale.apply(&s_tr), scale.apply(&s_va));
    let mut specs = p.body.clone();
    specs.push(LayerSpec::dense(
        p.source_classes.len(),
        Activation::Identity,
    ));
    let mut rng = Rng::new(seed.wrapping_add(1));
    let mut source_net = Network::new(64, &specs, p.init, &mut rng);
    let hs = train(
        &mut source_net,
        &s_tr,
        &s_va,
        &config(
            &p.source,
            Loss::SoftmaxCrossEntropy,
            0,
            seed.wrapping_add(2),
        ),
    );
    let source_acc = hs.epochs.last().map_or(f64::NAN, |e| e.val_metric);
    (source_net, source_acc, scale)
}

/// The three strategies for every target size and repetition. Each pair is independent
/// and seeded on its own: parallel and exact.
fn target_runs(
    p: &Params,
    source_net: &Network,
    pool: &Dataset,
    t_test: &Dataset,
    seed: u64,
) -> Vec<TargetRun> {
    use rayon::prelude::*;
    let binary = p.target_classes.len() == 2;
    let loss = if binary {
        Loss::BceWithLogits
    } else {
        Loss::SoftmaxCrossEntropy
    };
    let outputs = if binary { 1 } else { p.target_classes.len() };
    let depth = p.reuse;
    let jobs: Vec<(usize, usize)> = p
        .target_sizes
        .iter()
        .flat_map(|&n| (0..p.seeds).map(move |r| (n, r)))
        .collect();
    jobs.par_iter()
        .map(|&(n, r)| {
            let rs = seed
                .wrapping_mul(1_000_003)
                .wrapping_add((n as u64) << 20)
                .wrapping_add(r as u64 + 11);
            let train_set = draw(pool, n, rs);
            let mut head_specs = p.body.clone();
            head_specs.push(LayerSpec::dense(outputs, Activation::Identity));
            // From scratch: a fresh network with the target phase's budget.
            let mut scratch = Network::new(64, &head_specs, p.init, &mut Rng::new(rs));
            train(
                &mut scratch,
                &train_set,
                &train_set,
                &config(&p.target, loss, 0, rs.wrapping_add(1)),
            );
            let a_scratch = evaluate(&mut scratch, t_test, loss).1;
            // Frozen: the source body, a new head, only the head trains.
            let mut frozen = Network::new(64, &head_specs, p.init, &mut Rng::new(rs));
            for (dst, src) in frozen.layers[..depth]
                .iter_mut()
                .zip(&source_net.layers[..depth])
            {
                *dst = src.clone();
            }
            train(
                &mut frozen,
                &train_set,
                &train_set,
                &config(&p.target, loss, depth, rs.wrapping_add(1)),
            );
            let a_frozen = evaluate(&mut frozen, t_test, loss).1;
            // Fine-tuned: continue from the frozen result with everything unfrozen at a
            // low learning rate.
            let mut tuned = frozen.clone();
            train(
                &mut tuned,
                &train_set,
                &train_set,
                &config(&p.fine_tune, loss, 0, rs.wrapping_add(2)),
            );
            let a_tuned = evaluate(&mut tuned, t_test, loss).1;
            (n, r, [a_scratch, a_frozen, a_tuned])
        })
        .collect()
}

/// The metrics table: a row per strategy, size and repetition.
fn runs_table(results: &[TargetRun]) -> Table {
    let mut t = Table::new();
    for (n, r, acc) in results {
        t.append(
            &Table::new()
                .with(
                    "run",
                    Values::Str(STRATEGIES.iter().map(|s| s.to_string()).collect()),
                )
                .with(
                    "strategy",
                    Values::Str(STRATEGIES.iter().map(|s| s.to_string()).collect()),
                )
                .with("target_size", Values::I64(vec![*n as i64; 3]))
                .with("repetition", Values::I64(vec![*r as i64; 3]))
                .with("test_accuracy", Values::F64(acc.to_vec())),
        );
    }
    t
}

/// Mean, standard deviation, minimum and maximum of strategy `s` at size `n`.
fn stats(results: &[TargetRun], s: usize, n: usize) -> (f64, f64, f64, f64) {
    let v: Vec<f64> = results
        .iter()
        .filter(|x| x.0 == n)
        .map(|x| x.2[s])
        .collect();
    let (m, var) = crate::numerics::stats::mean_var(&v);
    let sd = if v.len() > 1 { var.sqrt() } else { 0.0 };
    let (lo, hi) = v
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
            (a.min(*x), b.max(*x))
        });
    (m, sd, lo, hi)
}

/// Each strategy's mean accuracy by size as a line, and every repetition as a dot.
fn accuracy_curves(p: &Params, results: &[TargetRun], lang: crate::i18n::Lang) -> Vec<Curve> {
    let mut curves = Vec::new();
    for (si, s) in STRATEGIES.iter().enumerate() {
        let mean: Vec<(f64, f64)> = p
            .target_sizes
            .iter()
            .map(|&n| (n as f64, stats(results, si, n).0))
            .collect();
        curves.push(
            Curve::line(crate::tr!(lang, "transfer-curve-mean", strategy = *s), mean).color(si),
        );
        curves.push(
            Curve::line(
                crate::tr!(lang, "transfer-curve-each-seed", strategy = *s),
                results.iter().map(|x| (x.0 as f64, x.2[si])).collect(),
            )
            .scatter()
            .color(si),
        );
    }
    curves
}

/// Per size: the table's row (each strategy's mean ± std [min, max]) and the results'
/// entry, with each reused body's gain over training from scratch.
fn size_rows(p: &Params, results: &[TargetRun]) -> (Vec<Vec<String>>, Vec<serde_json::Value>) {
    let mut rows = Vec::new();
    let mut by_size = Vec::new();
    for &n in &p.target_sizes {
        let mut row = vec![n.to_string()];
        let mut entry = serde_json::Map::new();
        entry.insert("size".into(), json!(n));
        for (si, s) in STRATEGIES.iter().enumerate() {
            let (m, sd, lo, hi) = stats(results, si, n);
            row.push(format!(
                "{} ± {} [{}, {}]",
                num(m),
                num(sd),
                num(lo),
                num(hi)
            ));
            entry.insert(
                (*s).into(),
                json!({"mean": m, "std": sd, "min": lo, "max": hi}),
            );
        }
        // Each reused body against training from scratch: the mean of the per-seed
        // differences and its standard error (paired by seed).
        let mut gain = serde_json::Map::new();
        for si in [1, 2] {
            let (d, se) = paired_difference(results, si, 0, n);
            gain.insert(STRATEGIES[si].into(), json!({"mean": d, "se": se}));
        }
        entry.insert("gain".into(), serde_json::Value::Object(gain));
        rows.push(row);
        by_size.push(serde_json::Value::Object(entry));
    }
    (rows, by_size)
}

/// Whether reuse helps at the smallest size, told against the seed-to-seed scatter: within
/// noise, most at the smallest size, at both, or not at all.
fn reuse_verdict(p: &Params, results: &[TargetRun], lang: crate::i18n::Lang) -> String {
    let stats = |s: usize, n: usize| stats(results, s, n);
    let small = p.target_sizes[0];
    let large = *p.target_sizes.last().expect("checked: non-empty");
    let (sc_s, fr_s, ft_s) = (stats(0, small).0, stats(1, small).0, stats(2, small).0);
    let (sc_l, fr_l, ft_l) = (stats(0, large).0, stats(1, large).0, stats(2, large).0);
    let gain_small = fr_s.max(ft_s) - sc_s;
    let gain_large = fr_l.max(ft_l) - sc_l;
    // The gain against the seed-to-seed scatter: the standard error of the per-seed
    // differences (paired). A gain under two of them is not told apart from noise.
    let best_s = if fr_s >= ft_s { 1 } else { 2 };
    let se_small = paired_difference(results, best_s, 0, small).1;
    let within_noise = p.seeds > 1 && gain_small.abs() < 2.0 * se_small;
    if within_noise {
        // The other reused body may be told apart at the same size: say so, not "cannot tell".
        let other = 3 - best_s;
        let (d_other, se_other) = paired_difference(results, other, 0, small);
        let other_apart = if d_other.abs() < 2.0 * se_other {
            "no"
        } else if d_other < 0.0 {
            "behind"
        } else {
            "ahead"
        };
        let name = |s: usize| if s == 1 { "frozen" } else { "fine_tuned" };
        crate::tr!(
            lang,
            "transfer-within-noise",
            small = small.to_string(),
            which = name(best_s),
            points = num(100.0 * gain_small.abs()),
            ahead = if gain_small >= 0.0 { "yes" } else { "no" },
            seeds = p.seeds.to_string(),
            se = num(200.0 * se_small),
            other = name(other),
            other_apart = other_apart,
            other_points = num(100.0 * d_other.abs()),
            other_se = num(200.0 * se_other),
        )
    } else if gain_small > gain_large && gain_small > 0.0 {
        crate::tr!(
            lang,
            "transfer-helps-most",
            small = small.to_string(),
            large = large.to_string(),
            gain_small = num(100.0 * gain_small),
            gain_large = num(100.0 * gain_large),
        )
    } else if gain_small > 0.0 {
        crate::tr!(
            lang,
            "transfer-helps",
            small = small.to_string(),
            large = large.to_string(),
            gain_small = num(100.0 * gain_small),
            gain_large = num(100.0 * gain_large),
        )
    } else {
        crate::tr!(
            lang,
            "transfer-does-not-help",
            small = small.to_string(),
            gain = num(100.0 * gain_small),
        )
    }
}

/// Negative transfer: the sizes where the frozen body is more than two standard errors
/// below training from scratch, and whether fine-tuning lands between the two.
fn negative_transfer(
    p: &Params,
    results: &[TargetRun],
    hurt: &[usize],
    lang: crate::i18n::Lang,
) -> Option<String> {
    let stats = |s: usize, n: usize| stats(results, s, n);
    if hurt.is_empty() {
        return None;
    }
    let (n, tuned_between) = (hurt[hurt.len() - 1], |n: usize| {
        stats(1, n).0 < stats(2, n).0 && stats(2, n).0 < stats(0, n).0
    });
    Some(crate::tr!(
        lang,
        "transfer-negative",
        sizes = hurt
            .iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        count = hurt.len().to_string(),
        all = p.target_sizes.len().to_string(),
        size = n.to_string(),
        scratch = num(stats(0, n).0),
        frozen = num(stats(1, n).0),
        tuned = num(stats(2, n).0),
        between = if hurt.iter().all(|&n| tuned_between(n)) {
            "yes"
        } else {
            "no"
        },
    ))
}

/// The source body, the three strategies at the smallest and largest size, whether reuse
/// helps (or cannot be told from noise), and negative transfer where it shows.
fn findings(
    p: &Params,
    results: &[TargetRun],
    source_acc: f64,
    lang: crate::i18n::Lang,
) -> Vec<String> {
    let stats = |s: usize, n: usize| stats(results, s, n);
    // Sizes where the frozen body is below training from scratch by more than two standard
    // errors: negative transfer, the source's features hide what the target needs.
    let hurt: Vec<usize> = p
        .target_sizes
        .iter()
        .copied()
        .filter(|&n| {
            let (d, se) = paired_difference(results, 1, 0, n);
            p.seeds > 1 && d < -2.0 * se
        })
        .collect();
    let small = p.target_sizes[0];
    let large = *p.target_sizes.last().expect("checked: non-empty");
    let (sc_s, fr_s, ft_s) = (stats(0, small).0, stats(1, small).0, stats(2, small).0);
    let (sc_l, fr_l, ft_l) = (stats(0, large).0, stats(1, large).0, stats(2, large).0);
    let mut findings = vec![crate::tr!(
        lang,
        "transfer-source",
        layers = p.body.len(),
        units = p.body[0].units.to_string(),
        source = join_digits(&p.source_classes),
        accuracy = num(source_acc),
        epochs = p.source.epochs.to_string(),
        reused = p.reuse,
        target = join_digits(&p.target_classes),
    )];
    findings.push(crate::tr!(
        lang,
        "transfer-by-size",
        small = small.to_string(),
        scratch_small = num(sc_s),
        frozen_small = num(fr_s),
        tuned_small = num(ft_s),
        seeds = p.seeds.to_string(),
        large = large.to_string(),
        scratch_large = num(sc_l),
        frozen_large = num(fr_l),
        tuned_large = num(ft_l),
    ));
    findings.push(reuse_verdict(p, results, lang));
    findings.extend(negative_transfer(p, results, &hurt, lang));
    findings
}

/// For each reused body, over the sizes of `by_size` (each with `gain.<strategy>.mean`
/// and `.se`): `{frozen: {mean_above, se2_above, se2_below}, fine_tuned: {…}}`, the number
/// of sizes whose mean gain over training from scratch is above 0, above twice its standard
/// error, and below minus twice it (with the sizes of the last two, `sizes_se2_above` and
/// `sizes_se2_below`).
fn ahead(by_size: &[serde_json::Value]) -> serde_json::Value {
    // 0: mean above 0; 1: mean above twice its standard error; 2: mean below minus twice it.
    let sizes = |strategy: &str, test: u8| -> Vec<serde_json::Value> {
        by_size
            .iter()
            .filter(|s| {
                let g = &s["gain"][strategy];
                let (mean, se) = (
                    g["mean"].as_f64().unwrap_or(f64::NAN),
                    g["se"].as_f64().unwrap_or(f64::NAN),
                );
                match test {
                    0 => mean > 0.0,
                    1 => mean > 2.0 * se,
                    _ => mean < -2.0 * se,
                }
            })
            .map(|s| s["size"].clone())
            .collect()
    };
    let count = |strategy: &str, test: u8| sizes(strategy, test).len();
    let of = |strategy: &str| {
        json!({
            "mean_above": count(strategy, 0),
            "se2_above": count(strategy, 1),
            "se2_below": count(strategy, 2),
            // The sizes themselves, for prose that names them.
            "sizes_se2_above": sizes(strategy, 1),
            "sizes_se2_below": sizes(strategy, 2),
        })
    };
    json!({"frozen": of("frozen"), "fine_tuned": of("fine_tuned")})
}

impl super::Kind for TransferKind {
    type Params = Params;
    type Spec = Raw;
    const ID: &'static str = "transfer";
    const CHAPTER: super::Chapter = super::Chapter::Deep;
    const SUMMARY: &'static str = "Transfer learning on the digits: a body trained on some classes reused for \
                  new ones, from scratch vs frozen vs fine-tuned, across target-set sizes and seeds.";
    const EXAMPLE: &'static str = "params:\n  source_classes: [0, 1, 2, 3, 4, 5, 6, 7]\n  target_classes: [8, 9]\n  target_sizes: [10, 50, 200]\n";
    const STARTER: &'static str = include_str!("../../templates/new/transfer.yaml");
    const COLUMNS: &'static [(&'static str, &'static str)] = COLUMNS;

    fn check(node: &Node, base: &str, at: &Located) -> Result<Params, SpecErrors> {
        let (raw, mut errors) = common::params::<Raw>(node, base, at)?;
        let p = |k: &str| join(base, k);
        for (name, list, min) in [
            ("source_classes", &raw.source_classes, 2),
            ("target_classes", &raw.target_classes, 2),
        ] {
            if list.len() < min || list.iter().any(|&c| c > 9) {
                errors.push(
                    at.at_value(&p(name), format!("{list:?}"))
                        .expected("at least two digit classes from 0 to 9"),
                );
            }
            let mut s = list.clone();
            s.sort_unstable();
            s.dedup();
            if s.len() != list.len() {
                errors.push(
                    at.at_value(&p(name), "a class is listed twice")
                        .expected("distinct classes"),
                );
            }
        }
        if raw
            .target_classes
            .iter()
            .any(|c| raw.source_classes.contains(c))
        {
            errors.push(
                at.at_value(
                    &p("target_classes"),
                    "a target class is also a source class",
                )
                .expected("target classes the source network never saw"),
            );
        }
        check_phase(&mut errors, at, &p("source"), &raw.source);
        check_phase(&mut errors, at, &p("target"), &raw.target);
        check_phase(&mut errors, at, &p("fine_tune"), &raw.fine_tune);
        if raw.target_sizes.is_empty() {
            errors.push(
                at.at_value(&p("target_sizes"), "no sizes")
                    .expected("labelled target samples per run, such as `[10, 50, 200]`"),
            );
        }
        for (i, &n) in raw.target_sizes.iter().enumerate() {
            if !(2..=10_000).contains(&n) {
                errors.push(
                    at.at_value(&format!("{}[{i}]", p("target_sizes")), format!("{n}"))
                        .expected("a size from 2 (one per class) to 10000"),
                );
            }
        }
        if !(0.1..=0.9).contains(&raw.target_test) {
            errors.push(
                at.at_value(&p("target_test"), format!("{}", raw.target_test))
                    .expected("the share of the target data held out for testing, in [0.1, 0.9]"),
            );
        }
        let reuse = raw.reuse.unwrap_or(raw.hidden.count);
        if !(1..=raw.hidden.count).contains(&reuse) {
            errors.push(
                at.at_value(&p("reuse"), format!("{reuse}"))
                    .expected(format!(
                        "how many lower hidden layers to reuse, from 1 to {}",
                        raw.hidden.count
                    )),
            );
        }
        if !errors.is_empty() {
            return Err(SpecErrors(errors));
        }
        let mut sizes = raw.target_sizes.clone();
        sizes.sort_unstable();
        sizes.dedup();
        Ok(Params {
            source_classes: raw.source_classes,
            target_classes: raw.target_classes,
            body: vec![LayerSpec::dense(raw.hidden.units, raw.hidden.activation); raw.hidden.count],
            init: raw.init,
            source: raw.source,
            target: raw.target,
            fine_tune: raw.fine_tune,
            target_sizes: sizes,
            seeds: raw.seeds,
            target_test: raw.target_test,
            reuse,
        })
    }

    /// The source body is trained once; then, for every target size and repetition (in
    /// parallel), the three strategies; then their means per size, the figure, the table and
    /// the findings.
    fn run(
        p: &Params,
        _trial: usize,
        seed: u64,
        lang: crate::i18n::Lang,
    ) -> Result<Outcome, String> {
        let all = data::digits();
        let (source_net, source_acc, scale) = source_body(p, &all, seed);
        let target = all.subset_classes(&p.target_classes, true);
        let (pool, _, t_test) = data::split(&target, 0.0, p.target_test, seed.wrapping_add(3));
        let (pool, t_test) = (scale.apply(&pool), scale.apply(&t_test));
        let results = target_runs(p, &source_net, &pool, &t_test, seed);
        let (rows, by_size) = size_rows(p, &results);
        let small = p.target_sizes[0];
        let large = *p.target_sizes.last().expect("checked: non-empty");
        let columns: Vec<String> = [
            "transfer-table-target-samples",
            "transfer-table-from-scratch",
            "transfer-table-frozen",
            "transfer-table-fine-tuned",
        ]
        .iter()
        .map(|k| crate::i18n::text(lang, k))
        .collect();
        Ok(Outcome {
            metrics: runs_table(&results),
            results: json!({
                "source_accuracy": source_acc,
                "first": by_size.first(),
                "last": by_size.last(),
                "sizes": by_size,
                "seeds": p.seeds,
                "small": small,
                "large": large,
                // Over the sizes: at how many each reused body's mean is ahead of training
                // from scratch, and at how many by more than twice its standard error.
                "ahead": ahead(&by_size),
            }),
            findings: findings(p, &results, source_acc, lang),
            overview: None,
            figures: vec![(
                "accuracy_vs_size".into(),
                Figure::Curves {
                    axes: Axes {
                        title: crate::tr!(lang, "transfer-figure-title"),
                        x_label: crate::tr!(lang, "transfer-figure-x"),
                        y_label: crate::tr!(lang, "transfer-figure-y"),
                        log_x: true,
                        log_y: false,
                        y_floor: None,
                    },
                    curves: accuracy_curves(p, &results, lang),
                    vlines: vec![],
                },
            )],
            tables: vec![ReportTable {
                title: crate::tr!(lang, "transfer-table-title"),
                columns,
                rows,
                note: crate::tr!(
                    lang,
                    "transfer-table-note",
                    samples = t_test.len().to_string(),
                    epochs = p.target.epochs.to_string(),
                    optimizer = p.target.optimizer.name(),
                    lr = num(p.target.optimizer.lr()),
                    ft_epochs = p.fine_tune.epochs.to_string(),
                    ft_lr = num(p.fine_tune.optimizer.lr()),
                ),
            }],
            headline: vec![],
            score: None,
            extra_tables: vec![],
        })
    }

    /// The source network's training, then per seed and target size three target runs
    /// (from scratch, frozen body, fine-tuned): each epoch about 8 operations per weight and
    /// sample (forward, backward and scoring), on the digits' shape.
    fn work(p: &Params) -> (f64, &'static str) {
        let widths = super::train::widths(64, p.body.iter().map(|l| l.units as u64), 10);
        let weights = super::train::weight_count(&widths) as f64;
        let source = 8.0 * 1797.0 * p.source.epochs as f64 * weights;
        let per_seed: f64 = p
            .target_sizes
            .iter()
            .map(|&n| {
                let epochs = 2.0 * p.target.epochs as f64 + p.fine_tune.epochs as f64;
                8.0 * (n as f64 + 400.0) * epochs * weights
            })
            .sum();
        (source + p.seeds as f64 * per_seed, "seeds")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draw_takes_every_class_in_turn() {
        let d = data::digits().subset_classes(&[8, 9], true);
        let s = draw(&d, 7, 1);
        let labels = s.labels.unwrap();
        assert_eq!(labels.len(), 7);
        assert_eq!(labels.iter().filter(|&&l| l == 0).count(), 4);
        assert_eq!(s.y.nrows(), 1, "binary targets");
    }
}
