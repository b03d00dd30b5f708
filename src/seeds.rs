//! Stage 7b: a sweep's `seed:` axis → each configuration's mean and standard error.
//!
//! The trials are grouped by configuration (every swept value but the seed); each group's
//! numeric results are averaged over its seeds, with the standard error of the mean
//! s/√n (s the sample standard deviation). The report shows them in a table and prose and
//! claims read them as `groups`, so a difference between configurations can be set beside
//! the spread its seeds give.

use crate::plan::Trial;
use crate::run::{Outcome, ReportTable};
use serde_json::{json, Map, Value};

/// One configuration and the trials (one per seed) that ran it.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The swept values but the seed, `(path, value)`.
    pub overrides: Vec<(String, String)>,
    /// Indices into the trials, in seed order.
    pub members: Vec<usize>,
}

/// The configurations of a sweep with a `seed:` axis, in the order they first appear;
/// `None` without one.
pub fn groups(trials: &[Trial]) -> Option<Vec<Group>> {
    if !trials.iter().any(|t| t.seed.is_some()) {
        return None;
    }
    let mut out: Vec<Group> = Vec::new();
    for (i, t) in trials.iter().enumerate() {
        let config: Vec<(String, String)> = t
            .overrides
            .iter()
            .filter(|(p, _)| p != "seed")
            .cloned()
            .collect();
        match out.iter_mut().find(|g| g.overrides == config) {
            Some(g) => g.members.push(i),
            None => out.push(Group {
                overrides: config,
                members: vec![i],
            }),
        }
    }
    Some(out)
}

/// The mean and the standard error of the mean (NaN for one value).
pub fn mean_se(values: &[f64]) -> (f64, f64) {
    let (mean, var) = crate::numerics::stats::mean_var(values);
    (mean, (var / values.len() as f64).sqrt())
}

/// The mean and standard error of every numeric field the members' results share, nested
/// as the results are (`noise.start.measured`); other fields are left out.
fn average(results: &[&Value]) -> (Value, Value) {
    let Some(Value::Object(first)) = results.first() else {
        return (Value::Null, Value::Null);
    };
    let (mut mean, mut se) = (Map::new(), Map::new());
    for (key, v) in first {
        let field: Vec<&Value> = results.iter().filter_map(|r| r.get(key)).collect();
        if field.len() != results.len() {
            continue;
        }
        match v {
            Value::Number(_) => {
                let xs: Vec<f64> = field
                    .iter()
                    .map(|x| x.as_f64().unwrap_or(f64::NAN))
                    .collect();
                let (m, s) = mean_se(&xs);
                mean.insert(key.clone(), json!(m));
                se.insert(key.clone(), json!(s));
            }
            Value::Object(_) => {
                let (m, s) = average(&field);
                if m.as_object().is_some_and(|o| !o.is_empty()) {
                    mean.insert(key.clone(), m);
                    se.insert(key.clone(), s);
                }
            }
            _ => {}
        }
    }
    (Value::Object(mean), Value::Object(se))
}

/// What prose and claims read as `groups`: each configuration's `label`, swept `params`,
/// `n` (its seeds), `seeds`, and the `mean` and `se` of its numeric results.
pub fn context(groups: &[Group], trials: &[Trial], outcomes: &[Outcome]) -> Value {
    let items: Vec<Value> = groups
        .iter()
        .map(|g| {
            let results: Vec<&Value> = g.members.iter().map(|&i| &outcomes[i].results).collect();
            let (mean, se) = average(&results);
            let params: Map<String, Value> = g
                .overrides
                .iter()
                .map(|(p, v)| {
                    (
                        crate::collect::short_param(p).to_string(),
                        crate::collect::param_value(p, v),
                    )
                })
                .collect();
            let seeds: Vec<u64> = g.members.iter().filter_map(|&i| trials[i].seed).collect();
            json!({
                "label": label(&g.overrides), "params": params, "n": g.members.len(),
                "seeds": seeds, "mean": mean, "se": se,
            })
        })
        .collect();
    Value::Array(items)
}

fn label(overrides: &[(String, String)]) -> String {
    if overrides.is_empty() {
        return "all".into();
    }
    overrides
        .iter()
        .map(|(p, v)| format!("{}={v}", crate::collect::short_param(p)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The exact value behind a headline number (printed to 6 digits): the trial's score or a
/// top-level number of its results that prints the same, else the printed value. Means and
/// standard errors of rounded numbers would differ from those prose and claims read.
fn exact(o: &Outcome, shown: &str) -> f64 {
    let num = crate::kinds::common::num;
    let candidates = o.score.into_iter().chain(
        o.results
            .as_object()
            .into_iter()
            .flat_map(|m| m.values().filter_map(Value::as_f64)),
    );
    candidates
        .into_iter()
        .find(|x| num(*x) == shown)
        .unwrap_or_else(|| shown.parse().unwrap_or(f64::NAN))
}

/// The table of configurations: each headline number as mean ± standard error over the
/// seeds (a headline that is not a number is left out), best mean score first when the
/// kind scores its trials; and the best configuration said in a sentence.
pub fn table(
    groups: &[Group],
    outcomes: &[Outcome],
    lang: crate::i18n::Lang,
) -> (ReportTable, Option<String>) {
    let num = crate::kinds::common::num;
    let names: Vec<String> = outcomes
        .first()
        .map(|o| o.headline.iter().map(|h| h.0.clone()).collect())
        .unwrap_or_default();
    // A column per headline name every trial gives as a number.
    let numeric: Vec<&String> = names
        .iter()
        .filter(|n| {
            outcomes.iter().all(|o| {
                o.headline
                    .iter()
                    .find(|h| &h.0 == *n)
                    .is_some_and(|h| h.1.parse::<f64>().is_ok())
            })
        })
        .collect();
    let value = |o: &Outcome, n: &str| -> f64 {
        o.headline
            .iter()
            .find(|h| h.0 == n)
            .map(|h| exact(o, &h.1))
            .unwrap_or(f64::NAN)
    };
    let scored = outcomes.iter().all(|o| o.score.is_some());
    // Exact scores, as `groups` gives them to prose and claims, so that the table, the
    // sentence and a claim's numbers agree.
    let scores = |g: &Group| -> Vec<f64> {
        g.members
            .iter()
            .map(|&i| outcomes[i].score.unwrap_or(f64::NAN))
            .collect()
    };
    let score = |g: &Group| mean_se(&scores(g));
    let mut order: Vec<usize> = (0..groups.len()).collect();
    if scored {
        let key = |i: usize| {
            let s = score(&groups[i]).0;
            if s.is_nan() {
                f64::NEG_INFINITY
            } else {
                s
            }
        };
        order.sort_by(|&a, &b| key(b).total_cmp(&key(a)).then(a.cmp(&b)));
    }
    let mut columns = vec![
        crate::tr!(lang, "seeds-configuration"),
        crate::tr!(lang, "seeds-count"),
    ];
    columns.extend(numeric.iter().map(|n| n.to_string()));
    let rows = order
        .iter()
        .map(|&gi| {
            let g = &groups[gi];
            let mut row = vec![label(&g.overrides), g.members.len().to_string()];
            row.extend(numeric.iter().map(|n| {
                let xs: Vec<f64> = g.members.iter().map(|&i| value(&outcomes[i], n)).collect();
                let (m, s) = mean_se(&xs);
                format!("{} ± {}", num(m), num(s))
            }));
            row
        })
        .collect();
    let best = (scored && groups.len() > 1).then(|| {
        let ranked: Vec<(&Group, (f64, f64))> = order
            .iter()
            .map(|&gi| (&groups[gi], score(&groups[gi])))
            .collect();
        best_sentence(&ranked, &scores, lang)
    });
    (
        ReportTable {
            title: crate::tr!(lang, "seeds-table"),
            columns,
            rows,
            note: crate::tr!(lang, "seeds-note"),
        },
        best,
    )
}

/// Whether configuration `a` scores above `b` by more than these seeds' noise. The runs of
/// one seed share their split, initial weights and batches, so the two are compared seed by
/// seed: apart when the mean of the per-seed differences exceeds twice its standard error.
/// (Without matching seeds: the means against twice their combined standard error.)
fn apart(a: &[f64], b: &[f64]) -> bool {
    if a.len() == b.len() && a.len() > 1 {
        let d: Vec<f64> = a.iter().zip(b).map(|(x, y)| x - y).collect();
        let (m, se) = mean_se(&d);
        m > 0.0 && m > 2.0 * se
    } else {
        let ((ma, sa), (mb, sb)) = (mean_se(a), mean_se(b));
        ma - mb > 2.0 * (sa * sa + sb * sb).sqrt()
    }
}

/// The best configuration by its mean score over seeds (`ranked` best first), against the
/// runner-up: apart when it is ahead by more than the seeds' noise ([`apart`]). Every
/// configuration whose mean shows the same digits as the best's (a tie) or the runner-up's
/// is named, so a tie is never reported as one configuration ahead of the other.
fn best_sentence(
    ranked: &[(&Group, (f64, f64))],
    scores: &dyn Fn(&Group) -> Vec<f64>,
    lang: crate::i18n::Lang,
) -> String {
    let num = crate::kinds::common::num;
    let same = |m: f64| -> Vec<&(&Group, (f64, f64))> {
        ranked
            .iter()
            .filter(|(_, (x, _))| num(*x) == num(m))
            .collect()
    };
    let labels = |v: &[&(&Group, (f64, f64))]| -> String {
        let names: Vec<String> = v.iter().map(|(g, _)| label(&g.overrides)).collect();
        crate::kinds::common::and_list_in(lang, &names)
    };
    let ses = |v: &[&(&Group, (f64, f64))]| -> String {
        let xs: Vec<String> = v.iter().map(|(_, (_, s))| num(*s)).collect();
        crate::kinds::common::and_list_in(lang, &xs)
    };
    let (best, (m, s)) = ranked[0];
    let top = same(m);
    if top.len() > 1 {
        return crate::tr!(
            lang,
            "seeds-tie",
            configs = labels(&top),
            n = best.members.len(),
            mean = num(m),
            ses = ses(&top),
        );
    }
    // Every other configuration within the seeds' noise of the best: the seeds tell none of
    // them apart, and naming a runner-up would suggest they do.
    let top_scores = scores(best);
    let close = ranked[1..]
        .iter()
        .filter(|(g, _)| !apart(&top_scores, &scores(g)))
        .count();
    if ranked.len() > 2 && close == ranked.len() - 1 {
        return crate::tr!(
            lang,
            "seeds-none-apart",
            config = label(&best.overrides),
            n = best.members.len(),
            mean = num(m),
            se = num(s),
            others = ranked.len() - 1,
        );
    }
    let (_, (m2, _)) = ranked[1];
    let next = same(m2);
    // Apart only when apart from every runner-up.
    let apart = next.iter().all(|(g, _)| apart(&top_scores, &scores(g)));
    crate::tr!(
        lang,
        "seeds-best",
        config = label(&best.overrides),
        n = best.members.len(),
        mean = num(m),
        se = num(s),
        count = next.len(),
        second = labels(&next),
        mean2 = num(m2),
        se2 = ses(&next),
        apart = if apart { "yes" } else { "no" },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configurations_are_compared_seed_by_seed() {
        // Seed 1 is low for both; b is behind by 1–3 samples out of 359 at every seed.
        let a = [0.9805, 0.9694, 0.9805];
        let b = [0.9721, 0.9666, 0.9749];
        assert!(
            apart(&a, &b),
            "paired: the differences 0.0084, 0.0028, 0.0056 agree"
        );
        let ((ma, sa), (mb, sb)) = (mean_se(&a), mean_se(&b));
        assert!(
            ma - mb <= 2.0 * (sa * sa + sb * sb).sqrt(),
            "unpaired they would not"
        );
        // A difference that changes sign from seed to seed is noise.
        assert!(!apart(&[0.98, 0.97, 0.975], &[0.977, 0.972, 0.973]));
        // Without matching seeds, the combined standard error decides.
        assert!(!apart(&[0.98, 0.97], &[0.975]));
        assert!(!apart(&b, &a));
    }

    #[test]
    fn mean_and_standard_error() {
        let (m, s) = mean_se(&[1.0, 2.0, 3.0, 6.0]);
        assert_eq!(m, 3.0);
        // Sample variance (4 + 1 + 0 + 9)/3 = 14/3; SE = √(14/3 / 4).
        assert!((s - (14.0f64 / 12.0).sqrt()).abs() < 1e-15);
        let (m, s) = mean_se(&[5.0]);
        assert!(m == 5.0 && s.is_nan());
    }

    #[test]
    fn nested_numbers_are_averaged_and_the_rest_left_out() {
        let a = json!({"x": 1.0, "name": "a", "noise": {"start": {"m": 2.0}}, "flag": true});
        let b = json!({"x": 3.0, "name": "b", "noise": {"start": {"m": 4.0}}, "flag": false});
        let (mean, se) = average(&[&a, &b]);
        assert_eq!(mean, json!({"x": 2.0, "noise": {"start": {"m": 3.0}}}));
        assert_eq!(se["x"], json!(1.0));
    }
}
