//! The content cache (I/O, beside `load` and `render`): trial outcomes on disk by key, and
//! one manifest per experiment saying what its report was made from.
//!
//! A trial's key hashes its kind, index, resolved parameters, seed, the code version and
//! the shipped data ([`crate::pipeline::trial_key`]), so a stored outcome is exactly what
//! running the trial again would produce: a hit gives byte-identical data files. Outcomes
//! are bincode (every float's bits kept, NaN and inf included), written atomically; a
//! damaged or unreadable entry is a miss, never an error. Shards of a sweep run on several
//! machines write into the same store, and `gradlab merge` reads from it.

use crate::render::write_atomic;
use crate::run::{Outcome, TrialStore};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The cache below an output folder: `<out>/.cache/`.
#[derive(Debug, Clone)]
pub struct Cache {
    root: PathBuf,
}

/// What an experiment's report on disk was made from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// sha256 of the resolved spec (prose included).
    pub spec_hash: String,
    /// Crate version and git revision.
    pub code: String,
    /// Fingerprint of the shipped data.
    pub data: String,
    /// Every trial's key, in order.
    pub trials: Vec<String>,
    /// `ok` or `failed`.
    pub status: String,
}

/// Whether an experiment must run, and why.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// Nothing it depends on changed and its report is on disk.
    Cached,
    /// It runs (trials with a stored outcome are not recomputed); the reason in words.
    Run(String),
}

impl Cache {
    pub fn new(out: &Path) -> Cache {
        Cache {
            root: out.join(".cache"),
        }
    }

    fn trial_path(&self, key: &str) -> PathBuf {
        let shard = key.get(..2).unwrap_or("00");
        self.root
            .join("trials")
            .join(shard)
            .join(format!("{key}.bin"))
    }

    fn manifest_path(&self, name: &str) -> PathBuf {
        self.root.join("experiments").join(format!("{name}.json"))
    }

    /// Whether an outcome is stored under `key` (without reading it).
    pub fn has(&self, key: &str) -> bool {
        self.trial_path(key).is_file()
    }

    pub fn manifest(&self, name: &str) -> Option<Manifest> {
        let text = std::fs::read_to_string(self.manifest_path(name)).ok()?;
        serde_json::from_str(&text).ok()
    }

    pub fn save_manifest(&self, name: &str, m: &Manifest) -> std::io::Result<()> {
        let path = self.manifest_path(name);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let text = serde_json::to_string_pretty(m).map_err(std::io::Error::other)?;
        write_atomic(&path, text.as_bytes())
    }

    /// Whether the experiment `now` describes must run, given the last manifest and whether
    /// its report is still on disk.
    pub fn decide(&self, name: &str, now: &Manifest, report_exists: bool, force: bool) -> Decision {
        let Some(last) = self.manifest(name) else {
            return Decision::Run("new".into());
        };
        if force {
            return Decision::Run("forced".into());
        }
        if last.code != now.code {
            return Decision::Run("code changed".into());
        }
        if last.data != now.data {
            return Decision::Run("data changed".into());
        }
        if last.trials != now.trials {
            let same = now
                .trials
                .iter()
                .filter(|k| last.trials.contains(k))
                .count();
            return Decision::Run(if same == 0 {
                "spec changed".into()
            } else {
                format!(
                    "spec changed: {} of {} trials",
                    now.trials.len() - same,
                    now.trials.len()
                )
            });
        }
        if last.status != "ok" {
            return Decision::Run("last run failed".into());
        }
        if !report_exists {
            return Decision::Run("report missing".into());
        }
        if last.spec_hash != now.spec_hash {
            return Decision::Run("text changed: re-rendered, nothing recomputed".into());
        }
        Decision::Cached
    }
}

impl TrialStore for Cache {
    fn get(&self, key: &str) -> Option<Outcome> {
        let bytes = std::fs::read(self.trial_path(key)).ok()?;
        bincode::deserialize(&bytes).ok()
    }

    /// Stores an outcome; an error when it cannot be written (a shard's trial that is not
    /// stored is missing from the merge).
    fn put(&self, key: &str, outcome: &Outcome) -> Result<(), String> {
        let path = self.trial_path(key);
        let bytes = bincode::serialize(outcome).map_err(|e| e.to_string())?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        write_atomic(&path, &bytes).map_err(|e| format!("{}: {e}", path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collect::{Table, Values};
    use crate::tempdir as tempfile;

    #[test]
    fn outcomes_round_trip_with_every_float_bit() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path());
        let o = Outcome {
            metrics: Table::new().with(
                "f",
                Values::F64(vec![1.5, f64::NAN, f64::INFINITY, -0.0, 1e-310]),
            ),
            results: serde_json::json!({"x": [1.0, 2.5], "status": "ok"}),
            findings: vec!["diverged".into()],
            score: Some(0.5),
            ..Outcome::default()
        };
        cache.put("abcdef", &o).unwrap();
        let back = cache.get("abcdef").unwrap();
        let (Values::F64(a), Values::F64(b)) =
            (&o.metrics.columns[0].1, &back.metrics.columns[0].1)
        else {
            panic!("f64 column")
        };
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(a), bits(b));
        assert_eq!(back.results, o.results);
        assert_eq!(back.findings, o.findings);
        assert!(cache.get("missing").is_none());
        // A damaged entry is a miss.
        std::fs::write(cache.trial_path("abcdef"), b"garbage").unwrap();
        assert!(cache.get("abcdef").is_none());
    }

    #[test]
    fn decisions_name_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path());
        let m = Manifest {
            spec_hash: "s".into(),
            code: "0.1.0 abc".into(),
            data: "d".into(),
            trials: vec!["k1".into(), "k2".into()],
            status: "ok".into(),
        };
        assert_eq!(
            cache.decide("e", &m, true, false),
            Decision::Run("new".into())
        );
        cache.save_manifest("e", &m).unwrap();
        assert_eq!(cache.decide("e", &m, true, false), Decision::Cached);
        assert_eq!(
            cache.decide("e", &m, true, true),
            Decision::Run("forced".into())
        );
        assert_eq!(
            cache.decide("e", &m, false, false),
            Decision::Run("report missing".into())
        );
        let prose = Manifest {
            spec_hash: "t".into(),
            ..m.clone()
        };
        assert!(
            matches!(cache.decide("e", &prose, true, false), Decision::Run(r) if r.starts_with("text changed"))
        );
        let one = Manifest {
            trials: vec!["k1".into(), "k3".into()],
            ..m.clone()
        };
        assert_eq!(
            cache.decide("e", &one, true, false),
            Decision::Run("spec changed: 1 of 2 trials".into())
        );
        let code = Manifest {
            code: "0.1.0 def".into(),
            ..m.clone()
        };
        assert_eq!(
            cache.decide("e", &code, true, false),
            Decision::Run("code changed".into())
        );
    }
}
