//! Learning-rate schedules, as PyTorch's `torch.optim.lr_scheduler` defines them (each
//! variant names its class and gives its closed form), stepped once per epoch (1cycle once
//! per batch step). Géron's power scheduling, which PyTorch expresses with `LambdaLR`, is
//! here too.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "name", deny_unknown_fields)]
pub enum Schedule {
    Constant,
    /// `StepLR`: lr·gamma^⌊epoch/step_size⌋.
    Step {
        #[schemars(range(min = 1))]
        step_size: usize,
        #[serde(default = "gamma_01")]
        #[schemars(range(min = 0, max = 1))]
        gamma: f64,
    },
    /// `ExponentialLR`: lr·gamma^epoch.
    Exponential {
        #[schemars(range(min = 0, max = 1))]
        gamma: f64,
    },
    /// `MultiStepLR` (piecewise constant): lr·gamma^(number of milestones ≤ epoch).
    MultiStep {
        milestones: Vec<usize>,
        #[serde(default = "gamma_01")]
        #[schemars(range(min = 0, max = 1))]
        gamma: f64,
    },
    /// `CosineAnnealingLR` in its closed form: η_min + (lr − η_min)·(1 + cos(π·epoch/T_max))/2.
    Cosine {
        #[schemars(range(min = 1))]
        t_max: usize,
        #[serde(default)]
        #[schemars(range(min = 0))]
        eta_min: f64,
    },
    /// `LinearLR` (linear warm-up): lr·(s + (e − s)·min(epoch, total_iters)/total_iters),
    /// with s = start_factor (default 1/3), e = end_factor (default 1), total_iters
    /// (default 5).
    Linear {
        #[serde(default = "third")]
        #[schemars(range(min = 0.000001, max = 1))]
        start_factor: f64,
        #[serde(default = "one")]
        #[schemars(range(min = 0, max = 1))]
        end_factor: f64,
        #[serde(default = "five")]
        #[schemars(range(min = 1))]
        total_iters: usize,
    },
    /// Power scheduling (Géron, ch. 11): lr / (1 + epoch/steps)^power, PyTorch's
    /// `LambdaLR(lambda e: 1 / (1 + e / steps) ** power)`.
    Power {
        #[schemars(range(min = 0.000001))]
        steps: f64,
        #[serde(default = "one")]
        #[schemars(range(min = 0, max = 10))]
        power: f64,
    },
    /// `OneCycleLR` (cosine annealing, pct_start 0.3, div_factor 25, final_div_factor 1e4):
    /// from max_lr/25 up to max_lr over the first 30 % of the steps, then down to
    /// max_lr/(25·1e4).
    /// The warm-up takes a share of the steps strictly between 0 and 1, and each phase
    /// divides the rate by at least 1 (the rate rises to max_lr, then falls below where it
    /// started).
    OneCycle {
        #[schemars(range(min = 0.000000001, max = 1000))]
        max_lr: f64,
        #[serde(default = "pct")]
        #[schemars(range(min = 0.01, max = 0.99))]
        pct_start: f64,
        #[serde(default = "div")]
        #[schemars(range(min = 1, max = 1000000))]
        div_factor: f64,
        #[serde(default = "final_div")]
        #[schemars(range(min = 1, max = 1000000000))]
        final_div_factor: f64,
    },
    /// `ReduceLROnPlateau` (mode min, factor 0.1, patience 10, threshold 1e-4 relative):
    /// multiply lr by factor when the validation loss has not improved for patience epochs.
    /// The factor lowers the rate (PyTorch refuses a factor of 1 or more), and never to 0.
    ReduceOnPlateau {
        #[serde(default = "gamma_01")]
        #[schemars(range(min = 0.001, max = 0.999))]
        factor: f64,
        #[serde(default = "patience")]
        #[schemars(range(max = 100000))]
        patience: usize,
        #[serde(default = "threshold")]
        #[schemars(range(min = 0, max = 1))]
        threshold: f64,
    },
}

fn gamma_01() -> f64 {
    0.1
}
fn third() -> f64 {
    1.0 / 3.0
}
fn one() -> f64 {
    1.0
}
fn five() -> usize {
    5
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
            Schedule::MultiStep {
                ref milestones,
                gamma,
            } => {
                let passed = milestones.iter().filter(|&&m| m <= epoch).count();
                self.base_lr * gamma.powi(passed as i32)
            }
            Schedule::Cosine { t_max, eta_min } => {
                let t = epoch as f64 / t_max.max(1) as f64;
                eta_min + (self.base_lr - eta_min) * (1.0 + (std::f64::consts::PI * t).cos()) / 2.0
            }
            Schedule::Linear {
                start_factor,
                end_factor,
                total_iters,
            } => {
                let done = epoch.min(total_iters) as f64 / total_iters.max(1) as f64;
                self.base_lr * (start_factor + (end_factor - start_factor) * done)
            }
            Schedule::Power { steps, power } => {
                self.base_lr / (1.0 + epoch as f64 / steps).powf(power)
            }
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

    #[test]
    fn closed_forms_of_the_per_epoch_schedules() {
        let at = |s: Schedule, e: usize| Scheduler::new(s, 0.1).lr(e, 0, 1);
        // MultiStepLR(milestones=[3, 6], gamma=0.5)
        let m = Schedule::MultiStep {
            milestones: vec![3, 6],
            gamma: 0.5,
        };
        assert_eq!(
            [0, 2, 3, 5, 6, 9].map(|e| at(m.clone(), e)),
            [0.1, 0.1, 0.05, 0.05, 0.025, 0.025]
        );
        // CosineAnnealingLR(T_max=10, eta_min=0.001): the start, half-way, the end.
        let c = Schedule::Cosine {
            t_max: 10,
            eta_min: 0.001,
        };
        assert_relative_eq!(at(c.clone(), 0), 0.1);
        assert_relative_eq!(at(c.clone(), 5), (0.1 + 0.001) / 2.0, max_relative = 1e-15);
        assert_relative_eq!(at(c.clone(), 10), 0.001, max_relative = 1e-12);
        // LinearLR(start_factor=1/3, total_iters=5): 1/3, 7/15, …, then 1 from epoch 5 on.
        let l = Schedule::Linear {
            start_factor: 1.0 / 3.0,
            end_factor: 1.0,
            total_iters: 5,
        };
        assert_relative_eq!(at(l.clone(), 0), 0.1 / 3.0, max_relative = 1e-15);
        assert_relative_eq!(at(l.clone(), 1), 0.1 * 7.0 / 15.0, max_relative = 1e-15);
        assert_relative_eq!(at(l.clone(), 5), 0.1, max_relative = 1e-15);
        assert_relative_eq!(at(l, 9), 0.1, max_relative = 1e-15);
        // Power: lr / (1 + e/s)^c; at e = s the rate is halved for c = 1.
        let p = Schedule::Power {
            steps: 10.0,
            power: 1.0,
        };
        assert_relative_eq!(at(p.clone(), 10), 0.05, max_relative = 1e-15);
        assert_relative_eq!(at(p, 30), 0.025, max_relative = 1e-15);
    }
}
