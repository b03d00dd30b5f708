//! Learning-rate schedules, as PyTorch's `torch.optim.lr_scheduler` defines them, stepped
//! once per epoch (1cycle once per batch step).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "name", deny_unknown_fields)]
pub enum Schedule {
    Constant,
    /// `StepLR`: lr·gamma^⌊epoch/step_size⌋.
    Step {
        step_size: usize,
        #[serde(default = "gamma_01")]
        gamma: f64,
    },
    /// `ExponentialLR`: lr·gamma^epoch.
    Exponential {
        gamma: f64,
    },
    /// `OneCycleLR` (cosine annealing, pct_start 0.3, div_factor 25, final_div_factor 1e4):
    /// from max_lr/25 up to max_lr over the first 30 % of the steps, then down to
    /// max_lr/(25·1e4).
    OneCycle {
        max_lr: f64,
        #[serde(default = "pct")]
        pct_start: f64,
        #[serde(default = "div")]
        div_factor: f64,
        #[serde(default = "final_div")]
        final_div_factor: f64,
    },
    /// `ReduceLROnPlateau` (mode min, factor 0.1, patience 10, threshold 1e-4 relative):
    /// multiply lr by factor when the validation loss has not improved for patience epochs.
    ReduceOnPlateau {
        #[serde(default = "gamma_01")]
        factor: f64,
        #[serde(default = "patience")]
        patience: usize,
        #[serde(default = "threshold")]
        threshold: f64,
    },
}

fn gamma_01() -> f64 {
    0.1
}
fn pct() -> f64 {
    0.3
}
fn div() -> f64 {
    25.0
}
fn final_div() -> f64 {
    1e4
}
fn patience() -> usize {
    10
}
fn threshold() -> f64 {
    1e-4
}

/// A schedule with its state.
#[derive(Debug, Clone)]
pub struct Scheduler {
    pub schedule: Schedule,
    pub base_lr: f64,
    lr: f64,
    best: f64,
    bad_epochs: usize,
}

impl Scheduler {
    pub fn new(schedule: Schedule, base_lr: f64) -> Scheduler {
        let lr = match schedule {
            Schedule::OneCycle {
                max_lr, div_factor, ..
            } => max_lr / div_factor,
            _ => base_lr,
        };
        Scheduler {
            schedule,
            base_lr,
            lr,
            best: f64::INFINITY,
            bad_epochs: 0,
        }
    }

    /// The learning rate for optimizer step `step` (0-based) of `total`, in `epoch`.
    pub fn lr(&self, epoch: usize, step: usize, total: usize) -> f64 {
        match self.schedule {
            Schedule::Constant => self.base_lr,
            Schedule::Step { step_size, gamma } => {
                self.base_lr * gamma.powi((epoch / step_size.max(1)) as i32)
            }
            Schedule::Exponential { gamma } => self.base_lr * gamma.powi(epoch as i32),
            Schedule::OneCycle {
                max_lr,
                pct_start,
                div_factor,
                final_div_factor,
            } => {
                let initial = max_lr / div_factor;
                let min = initial / final_div_factor;
                let up = (pct_start * total as f64 - 1.0).max(1.0);
                let s = step as f64;
                let cos = |start: f64, end: f64, frac: f64| {
                    end + (start - end) / 2.0
                        * (1.0 + (std::f64::consts::PI * frac.clamp(0.0, 1.0)).cos())
                };
                if s <= up {
                    cos(initial, max_lr, s / up)
                } else {
                    cos(max_lr, min, (s - up) / ((total as f64 - 1.0) - up).max(1.0))
                }
            }
            Schedule::ReduceOnPlateau { .. } => self.lr,
        }
    }

    /// Reports an epoch's validation loss (used by reduce-on-plateau).
    pub fn observe(&mut self, val_loss: f64) {
        if let Schedule::ReduceOnPlateau {
            factor,
            patience,
            threshold,
        } = self.schedule
        {
            if val_loss < self.best * (1.0 - threshold) {
                self.best = val_loss;
                self.bad_epochs = 0;
            } else {
                self.bad_epochs += 1;
                if self.bad_epochs > patience {
                    self.lr *= factor;
                    self.bad_epochs = 0;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn pytorch_schedules() {
        let s = Scheduler::new(
            Schedule::Step {
                step_size: 3,
                gamma: 0.5,
            },
            0.1,
        );
        assert_relative_eq!(s.lr(2, 0, 1), 0.1);
        assert_relative_eq!(s.lr(3, 0, 1), 0.05);
        assert_relative_eq!(s.lr(7, 0, 1), 0.025);
        let e = Scheduler::new(Schedule::Exponential { gamma: 0.9 }, 0.1);
        assert_relative_eq!(e.lr(2, 0, 1), 0.081, max_relative = 1e-15);
        let o = Scheduler::new(
            Schedule::OneCycle {
                max_lr: 1.0,
                pct_start: 0.3,
                div_factor: 25.0,
                final_div_factor: 1e4,
            },
            0.0,
        );
        assert_relative_eq!(o.lr(0, 0, 100), 0.04, max_relative = 1e-12);
        assert_relative_eq!(o.lr(0, 29, 100), 1.0, max_relative = 1e-12);
        assert_relative_eq!(o.lr(0, 99, 100), 0.04 / 1e4, max_relative = 1e-9);
        let mut p = Scheduler::new(
            Schedule::ReduceOnPlateau {
                factor: 0.1,
                patience: 2,
                threshold: 1e-4,
            },
            1.0,
        );
        for loss in [1.0, 0.9, 0.9, 0.9, 0.9] {
            p.observe(loss);
        }
        assert_relative_eq!(p.lr(0, 0, 1), 0.1);
    }
}
