//! The training loop: seeded mini-batches, penalties, clipping, max-norm, schedules, early
//! stopping, per-epoch metrics, and per-layer statistics on demand.
//!
//! Penalties follow the usual definitions: L1 adds l1·Σ|w| and L2 adds l2·Σw² to the loss
//! (weights only, not biases), so their gradients are l1·sign(w) (sign(0) = 0, as
//! `torch.sign`) and 2·l2·w, added before clipping as when the penalty is part of the loss.
//! Clipping by value clamps each gradient entry to [−c, c] (`torch.nn.utils.clip_grad_value_`);
//! by norm multiplies all gradients together by c/(‖g‖ + 1e−6) when that is below 1
//! (`clip_grad_norm_`). Max-norm rescales each unit's incoming weight vector to norm ≤ c
//! after every step (Srivastava et al. 2014).

use super::data::Dataset;
use super::float::Float;
use super::loss::Loss;
use super::network::{Mode, Network};
use super::optim::{Optimizer, OptimizerSpec};
use super::schedule::{Schedule, Scheduler};
use crate::numerics::rng::Rng;
use nalgebra::DMatrix;
use std::borrow::Cow;

#[derive(Debug, Clone, PartialEq)]
pub struct TrainConfig {
    pub epochs: usize,
    pub batch_size: usize,
    pub loss: Loss,
    pub optimizer: OptimizerSpec,
    pub schedule: Schedule,
    pub l1: f64,
    pub l2: f64,
    pub max_norm: Option<f64>,
    pub clip_value: Option<f64>,
    pub clip_norm: Option<f64>,
    /// Stop when the validation loss has not improved for this many epochs.
    pub patience: Option<usize>,
    /// With early stopping, put back the weights of the best epoch.
    pub restore_best: bool,
    /// Record per-layer statistics every epoch.
    pub layer_stats: bool,
    /// The first `frozen` layers are not updated (transfer learning: a reused body).
    pub frozen: usize,
    pub seed: u64,
    /// Measure each epoch's training time on the monotonic clock ([`EpochRecord::seconds`]):
    /// the one value the engine produces that differs between runs, so it is off unless a
    /// spec asks for it.
    pub timed: bool,
}

impl TrainConfig {
    /// Plain training: a constant learning rate, no penalties, constraints, clipping, early
    /// stopping, layer statistics or frozen layers.
    pub fn plain(
        epochs: usize,
        batch_size: usize,
        loss: Loss,
        optimizer: OptimizerSpec,
        seed: u64,
    ) -> TrainConfig {
        TrainConfig {
            epochs,
            batch_size,
            loss,
            optimizer,
            schedule: Schedule::Constant,
            l1: 0.0,
            l2: 0.0,
            max_norm: None,
            clip_value: None,
            clip_norm: None,
            patience: None,
            restore_best: false,
            layer_stats: false,
            frozen: 0,
            seed,
            timed: false,
        }
    }
}

/// One layer's statistics at the end of an epoch, on a probe batch.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerStats {
    pub layer: usize,
    pub act_mean: f64,
    pub act_std: f64,
    /// The std of each unit's activation across the probe samples, averaged over units: the
    /// part of the spread that depends on the input (a fixed per-unit pattern has none).
    pub act_std_samples: f64,
    /// Fraction of saturated (sigmoid/tanh) or dead (ReLU) units.
    pub saturated: f64,
    /// Fraction of units saturated or dead on every probe sample (a dead ReLU: z ≤ 0 for
    /// every input, so it never gets a gradient again).
    pub dead: f64,
    /// Fraction of units whose pre-activation is negative on every probe sample, whatever
    /// the activation: for ReLU these are the dead units; Leaky ReLU and ELU units there
    /// still pass a gradient (slope 0.01, or e^z), so the share tells how many live on the
    /// negative side only.
    pub negative: f64,
    pub grad_w_norm: f64,
    pub grad_b_norm: f64,
    /// ‖∂L/∂U‖ per sample: the back-propagated signal at the pre-activation.
    pub grad_u_norm: f64,
    /// ‖ΔW‖/‖W‖ of the epoch's last step.
    pub update_ratio: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EpochRecord {
    pub epoch: usize,
    /// The data loss on the training set: the same quantity as `val_loss`, so the two are
    /// comparable (the optimizer's objective adds `penalty`).
    pub train_loss: f64,
    /// The L1/L2 penalty of the weights at the end of the epoch (0 without one).
    pub penalty: f64,
    pub val_loss: f64,
    /// Accuracy for classification, R² for regression.
    pub train_metric: f64,
    pub val_metric: f64,
    pub lr: f64,
    /// Global gradient norm before clipping, last step of the epoch.
    pub grad_norm: f64,
    pub layers: Vec<LayerStats>,
    /// Seconds spent in training steps up to the end of this epoch (evaluation and
    /// statistics not counted); 0 unless [`TrainConfig::timed`].
    pub seconds: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct History {
    pub epochs: Vec<EpochRecord>,
    /// The epoch of the lowest validation loss (0: none finite).
    pub best_epoch: usize,
    /// The epoch whose weights the network ends with: the best one when early stopping
    /// restores it, else the last.
    pub weights_epoch: usize,
    pub stopped_early: bool,
    /// The loss became inf/NaN: training stopped there.
    pub diverged: bool,
    /// The learning rate summed over every optimizer step taken: how far, in units of the
    /// gradient, a schedule lets the weights travel in total.
    pub lr_sum: f64,
}

/// Adds the penalties' gradient to a weight gradient: `l1·sign(w) + 2·l2·w`, with
/// `sign(0) = 0` as `torch.sign` (a weight at exactly zero gets no L1 push; `f64::signum`
/// would give it +1).
pub fn add_penalty_gradient<T: Float>(g: &mut DMatrix<T>, w: &DMatrix<T>, l1: f64, l2: f64) {
    if l1 > 0.0 || l2 > 0.0 {
        let (l1, l2) = (T::of(l1), T::of(2.0 * l2));
        let zero = T::zero();
        let sign = |w: T| {
            if w > zero {
                T::one()
            } else if w < zero {
                -T::one()
            } else {
                zero
            }
        };
        *g += w.map(|w| l1 * sign(w) + l2 * w);
    }
}

/// The 2-norm of all gradients together, in f64.
pub fn global_norm<T: Float>(flat: &[Cow<[T]>]) -> f64 {
    flat.iter()
        .flat_map(|g| g.iter())
        .map(|g| g.to_f64() * g.to_f64())
        .sum::<f64>()
        .sqrt()
}

/// Clipping as PyTorch does it, by value first when both are set:
/// `torch.nn.utils.clip_grad_value_` clamps each entry to [−c, c];
/// `torch.nn.utils.clip_grad_norm_` computes `coef = c / (‖g‖ + 1e−6)` over all gradients
/// together and multiplies them by it when `coef < 1`.
pub fn clip<T: Float>(flat: &mut [Cow<[T]>], clip_value: Option<f64>, clip_norm: Option<f64>) {
    if let Some(c) = clip_value {
        let (lo, hi) = (T::of(-c), T::of(c));
        flat.iter_mut()
            .for_each(|g| g.to_mut().iter_mut().for_each(|g| *g = g.clamp(lo, hi)));
    }
    if let Some(c) = clip_norm {
        let coef = c / (global_norm(flat) + 1e-6);
        if coef < 1.0 {
            let s = T::of(coef);
            flat.iter_mut()
                .for_each(|g| g.to_mut().iter_mut().for_each(|g| *g *= s));
        }
    }
}

/// Loss and metric of `net` on `data` in evaluation mode.
/// Samples an evaluation pass pushes through the network at once: a set larger than this
/// (MNIST's 60,000) is evaluated in slices, so its activations never all exist at once.
pub const EVAL_CHUNK: usize = 4096;

pub fn evaluate<T: Float>(net: &mut Network<T>, data: &Dataset<T>, loss: Loss) -> (f64, f64) {
    let out = if data.len() <= EVAL_CHUNK {
        net.forward(&data.x, Mode::Eval, &mut Rng::new(0)).0
    } else {
        // Evaluation is per sample (batch norm uses its running statistics), so slices give
        // the outputs of one pass.
        let mut out = DMatrix::zeros(data.y.nrows(), data.len());
        for start in (0..data.len()).step_by(EVAL_CHUNK) {
            let cols = EVAL_CHUNK.min(data.len() - start);
            let x = data.x.columns(start, cols).into_owned();
            let (o, _) = net.forward(&x, Mode::Eval, &mut Rng::new(0));
            out.columns_mut(start, cols).copy_from(&o);
        }
        out
    };
    let (l, _) = loss.value_and_grad(&out, &data.y);
    (l.to_f64(), metric(&out, data, loss))
}

/// Accuracy (classification) or R² (regression).
pub fn metric<T: Float>(out: &DMatrix<T>, data: &Dataset<T>, loss: Loss) -> f64 {
    match loss {
        Loss::Mse => {
            let mean = data.y.mean();
            let ss_res = (out - &data.y).norm_squared();
            let ss_tot: T = data.y.iter().map(|&v| (v - mean).powi(2)).sum();
            (T::one() - ss_res / ss_tot).to_f64()
        }
        _ => {
            let labels = data.labels.as_deref().unwrap_or(&[]);
            let correct = (0..out.ncols())
                .filter(|&j| {
                    let pred = if out.nrows() == 1 {
                        usize::from(out[(0, j)] > T::zero())
                    } else {
                        out.column(j).imax()
                    };
                    labels.get(j) == Some(&pred)
                })
                .count();
            correct as f64 / out.ncols().max(1) as f64
        }
    }
}

pub fn penalty<T: Float>(net: &Network<T>, l1: f64, l2: f64) -> f64 {
    net.layers
        .iter()
        .map(|l| {
            l1 * l.w.iter().map(|w| w.to_f64().abs()).sum::<f64>()
                + l2 * l.w.norm_squared().to_f64()
        })
        .sum()
}

/// One step of a learning-rate range test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RangePoint {
    pub lr: f64,
    /// The mini-batch's loss at this step.
    pub loss: f64,
    /// Its exponential moving average (β = 0.98), bias-corrected.
    pub smoothed: f64,
}

/// The learning-rate range test (Smith, "Cyclical learning rates for training neural
/// networks", 2017; fastai's `lr_find`): `steps` mini-batch steps of `cfg`'s optimizer from
/// `net` as it is, the learning rate growing geometrically from `min_lr` to `max_lr`, each
/// step's batch loss recorded with its smoothed value. The test stops once the smoothed loss
/// exceeds four times its lowest value, or is no longer finite.
pub fn lr_range_test<T: Float>(
    net: &mut Network<T>,
    train: &Dataset<T>,
    cfg: &TrainConfig,
    (min_lr, max_lr): (f64, f64),
    steps: usize,
) -> Vec<RangePoint> {
    let mut rng = Rng::new(cfg.seed);
    let mut opt = Optimizer::<T>::new(cfg.optimizer);
    let n = train.len();
    let bs = cfg.batch_size.clamp(1, n.max(1));
    let mut order: Vec<usize> = (0..n).collect();
    let mut out = Vec::new();
    let (mut avg, mut best) = (0.0, f64::INFINITY);
    let mut k = 0;
    'epochs: while k < steps {
        rng.shuffle(&mut order);
        for chunk in order.chunks(bs) {
            if k == steps {
                break 'epochs;
            }
            let lr = min_lr * (max_lr / min_lr).powf(k as f64 / (steps.max(2) - 1) as f64);
            let xb = train.x.select_columns(chunk);
            let yb = train.y.select_columns(chunk);
            let (out_b, caches) = net.forward(&xb, Mode::Train, &mut rng);
            let (loss, dout) = cfg.loss.value_and_grad(&out_b, &yb);
            let loss = loss.to_f64();
            avg = 0.98 * avg + 0.02 * loss;
            let smoothed = avg / (1.0 - 0.98f64.powi(k as i32 + 1));
            out.push(RangePoint { lr, loss, smoothed });
            if !smoothed.is_finite() || smoothed > 4.0 * best {
                break 'epochs;
            }
            best = best.min(smoothed);
            let grads = net.backward(&caches, &dout);
            let flat = net.flat_grads(&grads);
            opt.step(net.params_mut(), &flat, lr);
            k += 1;
        }
    }
    out
}

/// Trains `net` on `train`, validating on `val`.
pub fn train<T: Float>(
    net: &mut Network<T>,
    train: &Dataset<T>,
    val: &Dataset<T>,
    cfg: &TrainConfig,
) -> History {
    let mut rng = Rng::new(cfg.seed);
    let mut opt = Optimizer::<T>::new(cfg.optimizer);
    let mut sched = Scheduler::new(cfg.schedule.clone(), cfg.optimizer.lr());
    let n = train.len();
    let bs = cfg.batch_size.clamp(1, n.max(1));
    let per_epoch = n.div_ceil(bs);
    let total = per_epoch * cfg.epochs;
    let mut history = History {
        epochs: Vec::new(),
        best_epoch: 0,
        weights_epoch: 0,
        stopped_early: false,
        diverged: false,
        lr_sum: 0.0,
    };
    let mut best = (f64::INFINITY, net.clone());
    let mut since_best = 0;
    let mut order: Vec<usize> = (0..n).collect();
    let mut step = 0;
    let mut seconds = 0.0;
    for epoch in 0..cfg.epochs {
        let clock = cfg.timed.then(std::time::Instant::now);
        rng.shuffle(&mut order);
        let mut lr = sched.lr(epoch, step, total);
        let mut grad_norm = 0.0;
        let mut last_ratio = vec![0.0; net.layers.len()];
        let chunks = order.len().div_ceil(bs);
        for (c, chunk) in order.chunks(bs).enumerate() {
            // The epoch's record keeps the last step's gradient norm and update ratios:
            // measured on that step only.
            let last = c + 1 == chunks;
            let xb = train.x.select_columns(chunk);
            let yb = train.y.select_columns(chunk);
            let (out, caches) = net.forward(&xb, Mode::Train, &mut rng);
            let (_, dout) = cfg.loss.value_and_grad(&out, &yb);
            let mut grads = net.backward(&caches, &dout);
            for (g, l) in grads.iter_mut().zip(&net.layers) {
                add_penalty_gradient(&mut g.w, &l.w, cfg.l1, cfg.l2);
            }
            // The gradients are borrowed; clipping copies only what it changes.
            let mut flat: Vec<Cow<[T]>> = net.flat_grads(&grads);
            if last {
                grad_norm = global_norm(&flat);
            }
            clip(&mut flat, cfg.clip_value, cfg.clip_norm);
            lr = sched.lr(epoch, step, total);
            let before: Vec<DMatrix<T>> = if last && cfg.layer_stats {
                net.layers.iter().map(|l| l.w.clone()).collect()
            } else {
                Vec::new()
            };
            // Frozen layers keep their weights: their tensors are left out of the step.
            let skip = net.tensors_before(cfg.frozen);
            let params: Vec<&mut [T]> = net.params_mut().into_iter().skip(skip).collect();
            opt.step(params, &flat[skip..], lr);
            history.lr_sum += lr;
            if let Some(c) = cfg.max_norm {
                for l in net.layers.iter_mut().skip(cfg.frozen) {
                    for mut row in l.w.row_iter_mut() {
                        let norm = row.norm();
                        if norm > T::of(c) {
                            row *= T::of(c) / norm;
                        }
                    }
                }
            }
            for (k, (l, b)) in net.layers.iter().zip(&before).enumerate() {
                last_ratio[k] = (&l.w - b).norm().to_f64() / b.norm().to_f64().max(1e-300);
            }
            step += 1;
        }
        if let Some(c) = clock {
            seconds += c.elapsed().as_secs_f64();
        }
        let (train_loss, train_metric) = evaluate(net, train, cfg.loss);
        let (val_loss, val_metric) = evaluate(net, val, cfg.loss);
        let pen = penalty(net, cfg.l1, cfg.l2);
        let layers = if cfg.layer_stats {
            layer_stats(net, train, cfg.loss, &last_ratio)
        } else {
            Vec::new()
        };
        history.epochs.push(EpochRecord {
            epoch: epoch + 1,
            train_loss,
            penalty: pen,
            val_loss,
            train_metric,
            val_metric,
            lr,
            grad_norm,
            layers,
            seconds,
        });
        sched.observe(val_loss);
        if !(train_loss + pen).is_finite() {
            history.diverged = true;
            break;
        }
        if val_loss < best.0 {
            best = (val_loss, net.clone());
            history.best_epoch = epoch + 1;
            since_best = 0;
        } else {
            since_best += 1;
        }
        if let Some(p) = cfg.patience {
            if since_best >= p {
                history.stopped_early = true;
                break;
            }
        }
    }
    if cfg.patience.is_some() && cfg.restore_best && history.best_epoch > 0 {
        *net = best.1;
        history.weights_epoch = history.best_epoch;
    } else {
        history.weights_epoch = history.epochs.len();
    }
    history
}

/// How noisy the mini-batch gradient is at the network's current weights, for batches of
/// `batch_size` drawn without replacement from `train`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GradientNoise {
    pub batch_size: usize,
    /// Full batches over which `measured` is averaged: those of [`GradientNoise::passes`]
    /// shuffled passes over the set.
    pub batches: usize,
    /// Shuffled passes measured: enough for [`NOISE_BATCHES`] full batches, at most
    /// [`NOISE_PASSES`].
    pub passes: usize,
    /// ‖g‖²: the squared norm of the full-batch gradient (the signal).
    pub grad_sq: f64,
    /// σ² = (1/N) Σᵢ ‖gᵢ − g‖²: the per-sample gradients' variance (trace).
    pub sigma2: f64,
    /// The mean of ‖g_B − g‖² over the full batches of the shuffled passes.
    pub measured: f64,
    /// Its expectation for a batch of B drawn without replacement from N samples:
    /// σ²/B · (N − B)/(N − 1), 0 for B ≥ N.
    pub theory: f64,
}

/// The gradient of the mean loss over the samples `idx` of `data`, all tensors in one flat
/// vector (training mode: no dropout or batch norm is assumed by its callers).
pub fn batch_gradient(net: &mut Network, data: &Dataset, idx: &[usize], loss: Loss) -> Vec<f64> {
    let xb = data.x.select_columns(idx);
    let yb = data.y.select_columns(idx);
    let (out, caches) = net.forward(&xb, Mode::Train, &mut Rng::new(0));
    let (_, dout) = loss.value_and_grad(&out, &yb);
    let grads = net.backward(&caches, &dout);
    net.flat_grads(&grads)
        .iter()
        .flat_map(|g| g.iter().copied())
        .collect()
}

/// Measures the mini-batch gradient's variance (the trace of its covariance) at `net`'s
/// current weights. The loss is a mean over the batch, so a batch's gradient is the mean of
/// its samples' gradients: one pass of per-sample gradients gives σ², and the full batches
/// of shuffled passes (seeded by `seed`; as many passes as give [`NOISE_BATCHES`] batches,
/// at most [`NOISE_PASSES`]) give the measured variance, against the sampling formula
/// σ²/B · (N − B)/(N − 1). A large batch makes few batches per pass, and an average over
/// four batches scatters by ±10 %, more than the factor (N − B)/(N − 1) it should show.
/// For networks without batch norm or dropout, whose per-sample gradients do not depend on
/// the rest of the batch.
pub fn gradient_noise(
    net: &mut Network,
    train: &Dataset,
    loss: Loss,
    batch_size: usize,
    seed: u64,
) -> GradientNoise {
    let n = train.len();
    let b = batch_size.clamp(1, n.max(1));
    let sample_grad = |net: &mut Network, idx: &[usize]| batch_gradient(net, train, idx, loss);
    // The full gradient: the size-weighted mean of the gradients of slices of the set.
    let all: Vec<usize> = (0..n).collect();
    let mut g: Vec<f64> = Vec::new();
    for slice in all.chunks(EVAL_CHUNK) {
        let gs = sample_grad(net, slice);
        let w = slice.len() as f64 / n as f64;
        if g.is_empty() {
            g = vec![0.0; gs.len()];
        }
        g.iter_mut().zip(&gs).for_each(|(a, v)| *a += w * v);
    }
    let dist2 = |a: &[f64], scale: f64| -> f64 {
        a.iter()
            .zip(&g)
            .map(|(v, m)| (v * scale - m).powi(2))
            .sum::<f64>()
    };
    let mut order = all;
    Rng::new(seed).shuffle(&mut order);
    let full_batches = n / b;
    let (mut sigma2, mut measured) = (0.0, 0.0);
    let mut acc = vec![0.0; g.len()];
    for (k, &i) in order.iter().enumerate() {
        let gi = sample_grad(net, &[i]);
        sigma2 += dist2(&gi, 1.0);
        if k < full_batches * b {
            acc.iter_mut().zip(&gi).for_each(|(a, v)| *a += v);
            if (k + 1) % b == 0 {
                measured += dist2(&acc, 1.0 / b as f64);
                acc.iter_mut().for_each(|a| *a = 0.0);
            }
        }
    }
    sigma2 /= n.max(1) as f64;
    // Further passes, each reshuffled: a batch's gradient straight from the network.
    let passes = if full_batches == 0 || b >= n {
        1
    } else {
        NOISE_BATCHES.div_ceil(full_batches).clamp(1, NOISE_PASSES)
    };
    let mut rng = Rng::new(seed.wrapping_add(1));
    for _ in 1..passes {
        rng.shuffle(&mut order);
        for chunk in order.chunks_exact(b) {
            measured += dist2(&sample_grad(net, chunk), 1.0);
        }
    }
    let batches = full_batches * passes;
    // A batch of the whole set is the full gradient: no noise (not a rounding residue).
    if b >= n {
        measured = 0.0;
    }
    let theory = if b >= n {
        0.0
    } else {
        sigma2 / b as f64 * (n - b) as f64 / (n - 1) as f64
    };
    GradientNoise {
        batch_size: b,
        batches,
        passes,
        grad_sq: g.iter().map(|v| v * v).sum(),
        sigma2,
        measured: measured / batches.max(1) as f64,
        theory,
    }
}

/// The fewest full batches the gradient-noise measurement averages over (passes allowing).
pub const NOISE_BATCHES: usize = 64;
/// The most shuffled passes the gradient-noise measurement makes.
pub const NOISE_PASSES: usize = 16;

/// How many training samples (the first, in order) the layer statistics probe.
pub const PROBE_SAMPLES: usize = 256;

/// Per-layer statistics on a probe batch (up to [`PROBE_SAMPLES`] training samples, in order).
pub fn layer_stats<T: Float>(
    net: &mut Network<T>,
    data: &Dataset<T>,
    loss: Loss,
    update_ratio: &[f64],
) -> Vec<LayerStats> {
    let m = data.len().min(PROBE_SAMPLES);
    let idx: Vec<usize> = (0..m).collect();
    let probe = data.select(&idx);
    let (out, caches) = net.forward(&probe.x, Mode::Eval, &mut Rng::new(0));
    let (_, dout) = loss.value_and_grad(&out, &probe.y);
    let grads = net.backward(&caches, &dout);
    net.layers
        .iter()
        .zip(&caches)
        .zip(&grads)
        .enumerate()
        .map(|(k, ((l, c), g))| {
            let a = &c.a;
            let mean = a.mean();
            let std =
                (a.iter().map(|&v| (v - mean).powi(2)).sum::<T>() / T::of(a.len() as f64)).sqrt();
            let per_unit = (0..a.nrows())
                .map(|i| {
                    let r = a.row(i);
                    let mu = r.mean();
                    (r.iter().map(|&v| (v - mu).powi(2)).sum::<T>() / T::of(r.len() as f64))
                        .sqrt()
                        .to_f64()
                })
                .sum::<f64>()
                / a.nrows().max(1) as f64;
            let sat =
                c.u.iter()
                    .filter(|u| l.activation.saturated(**u, l.slope))
                    .count() as f64
                    / c.u.len() as f64;
            let units = c.u.nrows();
            let dead = (0..units)
                .filter(|&i| {
                    c.u.row(i)
                        .iter()
                        .all(|u| l.activation.saturated(*u, l.slope))
                })
                .count() as f64
                / units.max(1) as f64;
            let negative = (0..units)
                .filter(|&i| c.u.row(i).iter().all(|u| *u < T::zero()))
                .count() as f64
                / units.max(1) as f64;
            LayerStats {
                layer: k + 1,
                act_mean: mean.to_f64(),
                act_std: std.to_f64(),
                act_std_samples: per_unit,
                saturated: sat,
                dead,
                negative,
                grad_w_norm: g.w.norm().to_f64(),
                grad_b_norm: g.b.norm().to_f64(),
                // The loss is a batch mean: scale back to one sample's gradient.
                grad_u_norm: g.du.norm().to_f64() * m as f64 / (m as f64).sqrt(),
                update_ratio: update_ratio.get(k).copied().unwrap_or(0.0),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::activation::Activation;
    use crate::nn::data::{digits, moons, split, Standardizer};
    use crate::nn::init::Init;
    use crate::nn::network::LayerSpec;

    fn dist2(a: &[f64], b: &[f64]) -> f64 {
        a.iter().zip(b).map(|(x, y)| (x - y).powi(2)).sum()
    }

    #[test]
    fn gradient_noise_matches_brute_force_and_the_sampling_formula() {
        // Seven samples, so every batch of 3 can be enumerated.
        let d = moons(7, 0.2, 4);
        let specs = [
            LayerSpec::dense(5, Activation::Tanh),
            LayerSpec::dense(1, Activation::Identity),
        ];
        let loss = Loss::BceWithLogits;
        let mut net = Network::new(2, &specs, Init::GlorotUniform, &mut Rng::new(2));
        let n = d.len();
        let all: Vec<usize> = (0..n).collect();
        let g = batch_gradient(&mut net, &d, &all, loss);
        let per: Vec<Vec<f64>> = (0..n)
            .map(|i| batch_gradient(&mut net, &d, &[i], loss))
            .collect();
        let sigma2 = per.iter().map(|gi| dist2(gi, &g)).sum::<f64>() / n as f64;
        // The exact expectation over all C(7, 3) = 35 batches against the closed form.
        let mut sum = 0.0;
        let mut count = 0;
        for a in 0..n {
            for b in a + 1..n {
                for c in b + 1..n {
                    sum += dist2(&batch_gradient(&mut net, &d, &[a, b, c], loss), &g);
                    count += 1;
                }
            }
        }
        let exact = sum / count as f64;
        let r = gradient_noise(&mut net, &d, loss, 3, 9);
        assert_eq!(count, 35);
        assert!(
            (r.sigma2 - sigma2).abs() <= 1e-12 * sigma2,
            "{r:?} {sigma2}"
        );
        assert!(
            (r.theory - exact).abs() <= 1e-10 * exact,
            "{} {exact}",
            r.theory
        );
        assert!((r.grad_sq - g.iter().map(|v| v * v).sum::<f64>()).abs() < 1e-14);
        // Measured: the two full batches of each of 16 shuffled passes (two batches a pass
        // would need 32 for 64 batches; the passes are capped), by the network's own batch
        // gradients.
        let mut order = all.clone();
        Rng::new(9).shuffle(&mut order);
        let mut rng = Rng::new(10);
        let mut sum = 0.0;
        for pass in 0..16 {
            if pass > 0 {
                rng.shuffle(&mut order);
            }
            sum += dist2(&batch_gradient(&mut net, &d, &order[0..3], loss), &g)
                + dist2(&batch_gradient(&mut net, &d, &order[3..6], loss), &g);
        }
        let measured = sum / 32.0;
        assert_eq!((r.batches, r.passes), (32, 16));
        assert!(
            (r.measured - measured).abs() <= 1e-10 * measured,
            "{r:?} {measured}"
        );
        // B = 1: every sample is a batch, so the measurement is σ² itself.
        let one = gradient_noise(&mut net, &d, loss, 1, 9);
        assert!((one.measured - one.sigma2).abs() <= 1e-12 * one.sigma2);
        assert!((one.theory - one.sigma2).abs() <= 1e-12 * one.sigma2);
        // A batch of the whole set (or more) is the gradient: no noise.
        let whole = gradient_noise(&mut net, &d, loss, 100, 9);
        assert_eq!((whole.batch_size, whole.batches), (n, 1));
        assert_eq!((whole.measured, whole.theory), (0.0, 0.0));
    }

    #[test]
    fn timing_is_off_by_default_and_counts_up_when_asked() {
        let d = moons(200, 0.2, 1);
        let (tr, va, _) = split(&d, 0.2, 0.0, 1);
        let specs = [
            LayerSpec::dense(8, Activation::Tanh),
            LayerSpec::dense(1, Activation::Identity),
        ];
        let sgd = OptimizerSpec::Sgd {
            lr: 0.1,
            momentum: 0.0,
            dampening: 0.0,
            nesterov: false,
            weight_decay: 0.0,
        };
        let mut cfg = TrainConfig::plain(3, 16, Loss::BceWithLogits, sgd, 5);
        let mut a = Network::new(2, &specs, Init::GlorotUniform, &mut Rng::new(2));
        let mut b = a.clone();
        let plain = train(&mut a, &tr, &va, &cfg);
        assert!(plain.epochs.iter().all(|e| e.seconds == 0.0));
        cfg.timed = true;
        let timed = train(&mut b, &tr, &va, &cfg);
        let s: Vec<f64> = timed.epochs.iter().map(|e| e.seconds).collect();
        assert!(s[0] > 0.0 && s.windows(2).all(|w| w[1] >= w[0]), "{s:?}");
        // The clock changes nothing else.
        for (x, y) in plain.epochs.iter().zip(&timed.epochs) {
            assert_eq!((x.train_loss, x.val_loss), (y.train_loss, y.val_loss));
        }
    }

    #[test]
    fn the_range_test_grows_the_rate_geometrically_and_stops_at_the_blow_up() {
        let d = moons(400, 0.2, 1);
        let specs = [
            LayerSpec::dense(16, Activation::Relu),
            LayerSpec::dense(1, Activation::Identity),
        ];
        let net = Network::new(2, &specs, Init::HeNormal, &mut Rng::new(3));
        let mut cfg = config(1);
        cfg.loss = Loss::BceWithLogits;
        cfg.optimizer = OptimizerSpec::Sgd {
            lr: 0.1,
            momentum: 0.0,
            dampening: 0.0,
            weight_decay: 0.0,
            nesterov: false,
        };
        let pts = lr_range_test(&mut net.clone(), &d, &cfg, (1e-4, 1e4), 80);
        // lr_k = 1e-4 · (1e8)^(k/79): a factor 10^(8/79) per step.
        let ratio = pts[1].lr / pts[0].lr;
        assert!((ratio - 10f64.powf(8.0 / 79.0)).abs() < 1e-12);
        assert_eq!(pts[0].lr, 1e-4);
        // At rates up to 10⁴ SGD blows up: the test stops before its 80 steps.
        assert!(pts.len() < 80, "{}", pts.len());
        let low = pts.iter().map(|p| p.smoothed).fold(f64::INFINITY, f64::min);
        let last = pts.last().unwrap().smoothed;
        assert!(!last.is_finite() || last > 4.0 * low);
        // The first smoothed value is the first loss (bias-corrected), and the test is
        // deterministic.
        assert!((pts[0].smoothed - pts[0].loss).abs() < 1e-12);
        assert_eq!(
            pts,
            lr_range_test(&mut net.clone(), &d, &cfg, (1e-4, 1e4), 80)
        );
    }

    #[test]
    fn a_large_set_is_evaluated_in_slices_with_the_same_result() {
        // 9,000 samples: three slices of at most EVAL_CHUNK, against one pass over all.
        let d = moons(9000, 0.2, 1);
        assert!(d.len() > EVAL_CHUNK);
        let specs = [
            LayerSpec::dense(16, Activation::Tanh),
            LayerSpec::dense(1, Activation::Identity),
        ];
        let mut net = Network::new(2, &specs, Init::GlorotUniform, &mut Rng::new(3));
        let (loss, acc) = evaluate(&mut net, &d, Loss::BceWithLogits);
        let (out, _) = net.forward(&d.x, Mode::Eval, &mut Rng::new(0));
        let whole = Loss::BceWithLogits.value_and_grad(&out, &d.y).0;
        assert!(
            (loss - whole).abs() <= 1e-12 * whole.abs(),
            "{loss} {whole}"
        );
        assert_eq!(acc, metric(&out, &d, Loss::BceWithLogits));
    }

    fn config(epochs: usize) -> TrainConfig {
        let adam = OptimizerSpec::Adam {
            lr: 1e-2,
            betas: (0.9, 0.999),
            eps: 1e-8,
            weight_decay: 0.0,
        };
        TrainConfig {
            layer_stats: true,
            ..TrainConfig::plain(epochs, 32, Loss::SoftmaxCrossEntropy, adam, 7)
        }
    }

    #[test]
    fn learns_the_digits_and_is_bit_reproducible() {
        let d = digits();
        let (tr, va, _) = split(&d, 0.2, 0.0, 1);
        let s = Standardizer::fit(&tr);
        let (tr, va) = (s.apply(&tr), s.apply(&va));
        let run = || {
            let mut rng = Rng::new(3);
            let specs = [
                LayerSpec::dense(32, Activation::Relu),
                LayerSpec::dense(10, Activation::Identity),
            ];
            let mut net = Network::new(64, &specs, Init::HeNormal, &mut rng);
            let h = train(&mut net, &tr, &va, &config(5));
            (net, h)
        };
        let (n1, h1) = run();
        let (n2, h2) = run();
        assert_eq!(n1, n2, "same seed, same bits");
        assert_eq!(h1, h2);
        let last = h1.epochs.last().unwrap();
        assert!(
            last.val_metric > 0.9,
            "validation accuracy {}",
            last.val_metric
        );
        assert_eq!(last.layers.len(), 2);
        assert!(last.layers[0].grad_w_norm > 0.0);
    }

    #[test]
    fn f32_training_is_bit_reproducible_and_tracks_f64() {
        let d = digits();
        let (tr, va, _) = split(&d, 0.2, 0.0, 1);
        let s = Standardizer::fit(&tr);
        let (tr, va) = (s.apply(&tr), s.apply(&va));
        let (tr32, va32) = (tr.cast::<f32>(), va.cast::<f32>());
        let specs = [
            LayerSpec::dense(32, Activation::Relu),
            LayerSpec::dense(10, Activation::Identity),
        ];
        let start: Network = Network::new(64, &specs, Init::HeNormal, &mut Rng::new(3));
        let cfg = config(5);
        let run32 = || {
            let mut net = start.cast::<f32>();
            let h = train(&mut net, &tr32, &va32, &cfg);
            (net, h)
        };
        let (n1, h1) = run32();
        let (n2, h2) = run32();
        assert_eq!(n1, n2, "same seed, same bits");
        assert_eq!(h1, h2);
        let mut net64 = start.clone();
        let h64 = train(&mut net64, &tr, &va, &cfg);
        // Same batches, same steps: the two runs part only by f32's roundings.
        for (a, b) in h1.epochs.iter().zip(&h64.epochs) {
            let rel = (a.train_loss - b.train_loss).abs() / b.train_loss;
            assert!(
                rel < 1e-3,
                "epoch {}: {} vs {}",
                a.epoch,
                a.train_loss,
                b.train_loss
            );
            assert!(a.train_loss != b.train_loss, "f32 arithmetic, not f64");
            assert!((a.val_metric - b.val_metric).abs() <= 2.0 / va.len() as f64);
        }
        let trained: Network = n1.cast();
        let gap = trained
            .layers
            .iter()
            .zip(&net64.layers)
            .map(|(a, b)| (&a.w - &b.w).abs().max())
            .fold(0.0, f64::max);
        assert!(gap > 0.0 && gap < 1e-3, "weights apart by {gap}");
    }

    /// The epoch of the lowest validation loss, from the records themselves.
    fn lowest_val_epoch(h: &History) -> Option<usize> {
        h.epochs
            .iter()
            .min_by(|a, b| a.val_loss.total_cmp(&b.val_loss))
            .map(|e| e.epoch)
    }

    #[test]
    fn early_stopping_restores_the_best_weights() {
        let d = moons(200, 0.3, 1);
        let (tr, va, _) = split(&d, 0.5, 0.0, 2);
        let mut rng = Rng::new(1);
        let specs = [
            LayerSpec::dense(64, Activation::Tanh),
            LayerSpec::dense(1, Activation::Identity),
        ];
        let mut net = Network::new(2, &specs, Init::GlorotUniform, &mut rng);
        let mut cfg = config(200);
        cfg.loss = Loss::BceWithLogits;
        cfg.optimizer = OptimizerSpec::Adam {
            lr: 0.05,
            betas: (0.9, 0.999),
            eps: 1e-8,
            weight_decay: 0.0,
        };
        cfg.patience = Some(5);
        cfg.restore_best = true;
        let h = train(&mut net, &tr, &va, &cfg);
        assert!(h.stopped_early);
        let best = h.epochs[h.best_epoch - 1].val_loss;
        let (now, _) = evaluate(&mut net, &va, Loss::BceWithLogits);
        assert!((now - best).abs() < 1e-12, "{now} vs {best}");
        assert_eq!(h.weights_epoch, h.best_epoch);
        // best_epoch is the epoch of the lowest validation loss, always.
        assert_eq!(Some(h.best_epoch), lowest_val_epoch(&h));
        // Without early stopping the last weights stay, and best_epoch still names the best.
        let mut net = Network::new(2, &specs, Init::GlorotUniform, &mut Rng::new(1));
        cfg.patience = None;
        cfg.epochs = 40;
        let h = train(&mut net, &tr, &va, &cfg);
        assert_eq!(h.weights_epoch, h.epochs.len());
        assert_eq!(Some(h.best_epoch), lowest_val_epoch(&h));
        // The summed learning rate: 0.05 on each of 40 epochs × ⌈100/32⌉ = 4 steps = 8,
        // and with ExponentialLR(γ = 0.5) per epoch, 4 · 0.05 · (1 − 0.5⁴⁰)/(1 − 0.5).
        assert_eq!(tr.len(), 100);
        assert!((h.lr_sum - 8.0).abs() < 1e-12, "{}", h.lr_sum);
        cfg.schedule = crate::nn::schedule::Schedule::Exponential { gamma: 0.5 };
        let mut net = Network::new(2, &specs, Init::GlorotUniform, &mut Rng::new(1));
        let h = train(&mut net, &tr, &va, &cfg);
        let want = 4.0 * 0.05 * (1.0 - 0.5f64.powi(40)) / 0.5;
        assert!((h.lr_sum - want).abs() < 1e-12, "{} vs {want}", h.lr_sum);
    }

    #[test]
    fn l1_makes_weights_sparse_and_l2_shrinks_them() {
        let d = moons(128, 0.2, 3);
        let weights = |l1: f64, l2: f64| {
            let mut rng = Rng::new(2);
            let specs = [
                LayerSpec::dense(32, Activation::Tanh),
                LayerSpec::dense(1, Activation::Identity),
            ];
            let mut net = Network::new(2, &specs, Init::GlorotUniform, &mut rng);
            let mut cfg = config(60);
            cfg.loss = Loss::BceWithLogits;
            cfg.optimizer = OptimizerSpec::Sgd {
                lr: 0.05,
                momentum: 0.0,
                dampening: 0.0,
                nesterov: false,
                weight_decay: 0.0,
            };
            cfg.l1 = l1;
            cfg.l2 = l2;
            train(&mut net, &d, &d, &cfg);
            net.layers[0].w.clone()
        };
        let (plain, sparse, small) = (weights(0.0, 0.0), weights(0.01, 0.0), weights(0.0, 0.05));
        let near_zero = |w: &DMatrix<f64>| w.iter().filter(|v| v.abs() < 0.02).count();
        assert!(
            near_zero(&sparse) > near_zero(&plain) + 5,
            "{} vs {}",
            near_zero(&sparse),
            near_zero(&plain)
        );
        assert!(small.norm() < plain.norm());
    }

    #[test]
    fn clipping_and_max_norm_hold() {
        let d = moons(64, 0.2, 1);
        let mut rng = Rng::new(1);
        let specs = [
            LayerSpec::dense(8, Activation::Relu),
            LayerSpec::dense(1, Activation::Identity),
        ];
        let mut net = Network::new(2, &specs, Init::HeNormal, &mut rng);
        let mut cfg = config(3);
        cfg.loss = Loss::BceWithLogits;
        cfg.optimizer = OptimizerSpec::Sgd {
            lr: 0.5,
            momentum: 0.0,
            dampening: 0.0,
            nesterov: false,
            weight_decay: 0.0,
        };
        cfg.max_norm = Some(0.5);
        cfg.clip_norm = Some(0.1);
        train(&mut net, &d, &d, &cfg);
        for l in &net.layers {
            for row in l.w.row_iter() {
                assert!(row.norm() <= 0.5 + 1e-12);
            }
        }
    }

    /// One full-batch SGD step with each penalty and clipping, against the formulas
    /// worked out by hand from the engine's plain gradient (a weight at exactly 0 included).
    #[test]
    fn one_step_of_l1_l2_and_clipping_follows_the_formulas() {
        let d = moons(16, 0.2, 4);
        let specs = [
            LayerSpec::dense(3, Activation::Tanh),
            LayerSpec::dense(1, Activation::Identity),
        ];
        let mut start = Network::new(2, &specs, Init::GlorotUniform, &mut Rng::new(5));
        start.layers[0].w[(0, 0)] = 0.0;
        let lr = 0.1;
        // The plain gradient of the mean loss over the whole set.
        let plain = {
            let mut net = start.clone();
            let (out, caches) = net.forward(&d.x, Mode::Train, &mut Rng::new(0));
            let (_, dout) = Loss::BceWithLogits.value_and_grad(&out, &d.y);
            net.backward(&caches, &dout)
        };
        let step = |f: &dyn Fn(&mut TrainConfig)| {
            let mut net = start.clone();
            let mut cfg = TrainConfig::plain(
                1,
                d.len(),
                Loss::BceWithLogits,
                OptimizerSpec::Sgd {
                    lr,
                    momentum: 0.0,
                    dampening: 0.0,
                    nesterov: false,
                    weight_decay: 0.0,
                },
                9,
            );
            f(&mut cfg);
            train(&mut net, &d, &d, &cfg);
            net
        };
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * (1.0 + b.abs());
        // L1: w − lr·(g + l1·sign(w)), sign(0) = 0.
        let (l1, l2) = (0.3, 0.2);
        let net = step(&|c| c.l1 = l1);
        for (k, l) in net.layers.iter().enumerate() {
            for (i, w) in l.w.iter().enumerate() {
                let w0 = start.layers[k].w.as_slice()[i];
                let s = if w0 > 0.0 {
                    1.0
                } else if w0 < 0.0 {
                    -1.0
                } else {
                    0.0
                };
                let want = w0 - lr * (plain[k].w.as_slice()[i] + l1 * s);
                assert!(close(*w, want), "L1 layer {k} entry {i}: {w} vs {want}");
            }
            for (i, b) in l.b.iter().enumerate() {
                let want = start.layers[k].b[i] - lr * plain[k].b[i];
                assert!(close(*b, want), "biases carry no penalty");
            }
        }
        // L2: w − lr·(g + 2·l2·w).
        let net = step(&|c| c.l2 = l2);
        for (k, l) in net.layers.iter().enumerate() {
            for (i, w) in l.w.iter().enumerate() {
                let w0 = start.layers[k].w.as_slice()[i];
                let want = w0 - lr * (plain[k].w.as_slice()[i] + 2.0 * l2 * w0);
                assert!(close(*w, want), "L2 layer {k} entry {i}: {w} vs {want}");
            }
        }
        // Clip by value: each entry clamped to [−c, c].
        let all: Vec<f64> = plain
            .iter()
            .flat_map(|g| g.w.iter().chain(g.b.iter()).copied().collect::<Vec<_>>())
            .collect();
        let norm = all.iter().map(|g| g * g).sum::<f64>().sqrt();
        let c = 0.5 * all.iter().fold(0.0_f64, |m, g| m.max(g.abs()));
        let net = step(&|cfg| cfg.clip_value = Some(c));
        for (k, l) in net.layers.iter().enumerate() {
            for (i, w) in l.w.iter().enumerate() {
                let g = plain[k].w.as_slice()[i].clamp(-c, c);
                let want = start.layers[k].w.as_slice()[i] - lr * g;
                assert!(close(*w, want), "clip by value {k} {i}");
            }
        }
        // Clip by norm: every entry times c/(‖g‖ + 1e−6), the same factor for all layers.
        let c = 0.25 * norm;
        let net = step(&|cfg| cfg.clip_norm = Some(c));
        let coef = c / (norm + 1e-6);
        for (k, l) in net.layers.iter().enumerate() {
            for (i, b) in l.b.iter().enumerate() {
                let want = start.layers[k].b[i] - lr * coef * plain[k].b[i];
                assert!(close(*b, want), "clip by norm {k} {i}");
            }
        }
        // A norm already below the bound is left alone.
        let net = step(&|cfg| cfg.clip_norm = Some(2.0 * norm));
        assert!(close(
            net.layers[1].b[0],
            start.layers[1].b[0] - lr * plain[1].b[0]
        ));
    }

    #[test]
    fn penalty_and_clip_helpers_on_known_numbers() {
        let w = DMatrix::from_row_slice(1, 3, &[0.0, 2.0, -3.0]);
        let mut g = DMatrix::from_row_slice(1, 3, &[1.0, 1.0, 1.0]);
        add_penalty_gradient(&mut g, &w, 0.5, 0.25);
        assert_eq!(g.as_slice(), &[1.0, 1.0 + 0.5 + 1.0, 1.0 - 0.5 - 1.5]);
        let a = [3.0, -4.0];
        let mut flat: Vec<Cow<[f64]>> = vec![Cow::Borrowed(&a[..])];
        assert_eq!(global_norm(&flat), 5.0);
        clip(&mut flat, None, Some(1.0));
        let k = 1.0 / (5.0 + 1e-6);
        assert_eq!(&*flat[0], &[3.0 * k, -4.0 * k]);
        let mut flat: Vec<Cow<[f64]>> = vec![Cow::Borrowed(&a[..])];
        clip(&mut flat, Some(3.5), None);
        assert_eq!(&*flat[0], &[3.0, -3.5]);
    }

    #[test]
    fn frozen_layers_keep_their_weights() {
        let d = moons(64, 0.2, 1);
        let mut rng = Rng::new(1);
        let specs = [
            LayerSpec::dense(8, Activation::Tanh),
            LayerSpec::dense(8, Activation::Tanh),
            LayerSpec::dense(1, Activation::Identity),
        ];
        let mut net = Network::new(2, &specs, Init::GlorotUniform, &mut rng);
        let before = net.clone();
        let mut cfg = config(3);
        cfg.loss = Loss::BceWithLogits;
        cfg.frozen = 1;
        cfg.max_norm = Some(0.1);
        train(&mut net, &d, &d, &cfg);
        assert_eq!(
            net.layers[0], before.layers[0],
            "the frozen layer is untouched"
        );
        assert_ne!(net.layers[1].w, before.layers[1].w);
        assert_ne!(net.layers[2].w, before.layers[2].w);
    }
}
