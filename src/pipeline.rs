//! The whole pipeline for one spec, in memory:
//! check → plan → run → collect → plot → render.
//!
//! [`execute`] returns a [`Report`] (every file's bytes) or an error; it does no I/O, so
//! the CLI, the tests and a notebook cell all call this same function.

use crate::check::{self, Experiment, Options};
use crate::collect;
use crate::error::{Error, SpecErrors};
use crate::load::Source;
use crate::locate::Located;
use crate::plan::Trial;
use crate::plot::{self, Figure, FromTable};
use crate::render::{
    self, Body, ClaimResult, FindingGroup, RenderedFigure, Report, RunInfo, Templates,
};
use crate::run::{run_trial, Outcome, ReportTable, TrialStore};
use polars::prelude::{CsvWriter, DataFrame, ParquetWriter, SerWriter};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::time::{Instant, SystemTime};

/// The crate version and the git revision it was built from (when there was one).
pub fn version() -> (&'static str, Option<&'static str>) {
    let rev = option_env!("GRADLAB_GIT_REV").filter(|r| !r.is_empty());
    (env!("CARGO_PKG_VERSION"), rev)
}

/// A hash of the sources the binary is compiled from (`src/`, `templates/`, `data/`, the
/// manifest and lockfile; see `build.rs`): uncommitted edits change it, the revision not.
pub fn source_hash() -> &'static str {
    env!("GRADLAB_SOURCE_HASH")
}

/// Sweeps with more trials than this show per-trial surfaces for the first ones only (all
/// trials are always in the data and the summary).
const SHOWN_TRIALS: usize = 6;

/// The per-trial tables are merged into one table with a trial column, so they go further:
/// a row or a few per trial.
const SHOWN_TABLE_TRIALS: usize = 24;

/// How a run may use stored outcomes and which trials it computes.
#[derive(Clone, Copy)]
pub struct Control<'a> {
    /// Outcomes by trial key: looked up before computing, stored after.
    pub store: Option<&'a dyn TrialStore>,
    /// Fail instead of computing a trial the store lacks (merging shards).
    pub stored_only: bool,
    /// Compute every trial even when the store has it (and store the new outcome).
    pub refresh: bool,
    /// `progress(done, total)` after each trial, from the worker threads.
    pub progress: &'a (dyn Fn(usize, usize) + Sync),
}

impl Default for Control<'_> {
    fn default() -> Self {
        Control {
            store: None,
            stored_only: false,
            refresh: false,
            progress: &|_, _| {},
        }
    }
}

/// Runs one spec end to end. `Err(Error::Spec)` is bad input; a failure of the
/// computation still returns `Ok` with a report whose status is `failed`.
pub fn execute(src: &Source, opts: &Options, templates: &Templates) -> Result<Report, Error> {
    let exp = check::check(src, opts)?;
    Ok(execute_checked(src, &exp, templates, &Control::default())?)
}

/// [`execute`], calling `progress(done, total)` each time a trial finishes (from the worker
/// threads, in completion order). The caller decides how to show it.
pub fn execute_with_progress(
    src: &Source,
    opts: &Options,
    templates: &Templates,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Report, Error> {
    let exp = check::check(src, opts)?;
    let ctl = Control {
        progress,
        ..Control::default()
    };
    Ok(execute_checked(src, &exp, templates, &ctl)?)
}

/// Everything a trial's outcome depends on, hashed: its kind, index, resolved parameters,
/// the spec's seed, the code version (revision and source hash), the shipped data and the
/// bytes of any data file the spec names.
pub fn trial_key(exp: &Experiment, trial: &Trial) -> String {
    let (version, rev) = version();
    // The outcome's text (findings, figure and table labels) is in the report's language.
    let text = format!(
        "gradlab trial\n{}\n{}\n{}\n{} {}\n{}\n{}\n{}\n{}\n{}",
        exp.kind.id(),
        exp.lang.code(),
        version,
        rev.unwrap_or("-"),
        source_hash(),
        crate::nn::data::fingerprint(),
        trial.seed.unwrap_or(exp.seed),
        trial.index,
        trial.params_yaml,
        trial.params.input_hash
    );
    hex(&Sha256::digest(text.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The sha256 of the resolved spec, as `run.json` records it.
pub fn spec_hash(exp: &Experiment) -> String {
    hex(&Sha256::digest(exp.document.to_yaml().as_bytes()))
}

/// Computes the trials of shard `i` of `n` (1-based: trial index ≡ i − 1 mod n) and puts
/// their outcomes into `store`; returns (computed, already stored, failed trials).
pub fn run_shard(
    exp: &Experiment,
    shard: (usize, usize),
    store: &dyn TrialStore,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> (usize, usize, Vec<String>) {
    use rayon::prelude::*;
    let mine: Vec<&Trial> = exp
        .trials
        .iter()
        .filter(|t| t.index % shard.1 == shard.0 - 1)
        .collect();
    let finished = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<(bool, Option<String>)> = mine
        .par_iter()
        .map(|t| {
            let key = trial_key(exp, t);
            let r = if store.get(&key).is_some() {
                (true, None)
            } else {
                match run_trial(&t.params, t.index, t.seed.unwrap_or(exp.seed), exp.lang) {
                    // A trial its shard could not store is missing from the merge: a failure.
                    Ok(o) => match store.put(&key, &o) {
                        Ok(()) => (false, None),
                        Err(e) => (
                            false,
                            Some(format!(
                                "trial {}: its outcome was not stored: {e}",
                                t.index
                            )),
                        ),
                    },
                    Err(e) => (false, Some(format!("trial {}: {e}", t.index))),
                }
            };
            let done = finished.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            progress(done, mine.len());
            r
        })
        .collect();
    let cached = results.iter().filter(|r| r.0).count();
    let failed: Vec<String> = results.iter().filter_map(|r| r.1.clone()).collect();
    (mine.len() - cached - failed.len(), cached, failed)
}

/// Runs an already-checked experiment.
pub fn execute_checked(
    src: &Source,
    exp: &Experiment,
    templates: &Templates,
    ctl: &Control,
) -> Result<Report, SpecErrors> {
    let started = SystemTime::now();
    let clock = Instant::now();
    let (results, cached) = run_trials(exp, ctl);
    let mut outcomes = Vec::with_capacity(results.len());
    let mut failure = None;
    for (trial, r) in exp.trials.iter().zip(results) {
        match r {
            Ok(o) => outcomes.push(o),
            Err(e) => {
                failure = Some(if exp.trials.len() > 1 {
                    format!("trial {}: {e}", trial.index)
                } else {
                    e
                });
                break;
            }
        }
    }
    let body = match failure {
        None => match collect_and_plot(src, exp, &outcomes) {
            Ok(b) => Some(b),
            Err(Collected::Spec(e)) => return Err(e),
            Err(Collected::Failed(e)) => {
                failure = Some(e);
                None
            }
        },
        Some(_) => None,
    };
    let mut info = run_info(exp, started, clock.elapsed().as_secs_f64(), failure);
    info.trials_cached = cached;
    if let Some(b) = &body {
        summarize(&mut info, b);
    }
    render::report(templates, exp, &info, body.as_ref()).map_err(|e| {
        let at = Located::new(&exp.file, &src.text);
        SpecErrors(vec![at.at(
            "",
            None,
            format!("the report template failed: {e}"),
        )])
    })
}

/// Every trial's outcome, from the store when it has it, else computed (and stored), in
/// trial order, with how many came from the store. Trials run in parallel; each is a pure
/// function of its parameters and the seed, so the results are the same whatever the
/// thread count.
fn run_trials(exp: &Experiment, ctl: &Control) -> (Vec<Result<Outcome, String>>, usize) {
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let finished = AtomicUsize::new(0);
    let from_store = AtomicUsize::new(0);
    let results = exp
        .trials
        .par_iter()
        .map(|trial| {
            let key = ctl.store.map(|_| trial_key(exp, trial));
            let stored = match (ctl.store, &key) {
                (Some(s), Some(k)) if !ctl.refresh => s.get(k),
                _ => None,
            };
            let r = match stored {
                Some(o) => {
                    from_store.fetch_add(1, Ordering::Relaxed);
                    Ok(o)
                }
                None if ctl.stored_only => Err(format!(
                    "no stored outcome for this trial: run its shard first (`gradlab run {} --shard I/N`)",
                    exp.file
                )),
                None => {
                    let r = run_trial(
                        &trial.params,
                        trial.index,
                        trial.seed.unwrap_or(exp.seed),
                        exp.lang,
                    );
                    // The report does not need the store: an outcome it could not keep is
                    // only computed again next time.
                    if let (Ok(o), Some(s), Some(k)) = (&r, ctl.store, &key) {
                        let _ = s.put(k, o);
                    }
                    r
                }
            };
            let done = finished.fetch_add(1, Ordering::Relaxed) + 1;
            (ctl.progress)(done, exp.trials.len());
            r
        })
        .collect();
    (results, from_store.into_inner())
}

/// What `run.json` and the index say of a finished report: the failed claims (a failed
/// claim fails the run), the key figure, and the headline: a checked claim when one holds,
/// a computed finding otherwise.
fn summarize(info: &mut RunInfo, b: &Body) {
    info.claims_failed = b
        .claims
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.holds)
        .map(|(i, c)| {
            // A claim the results cannot decide (a division by zero, NaN) says why.
            let undecidable = "undecidable: ";
            let why: Vec<&str> = c
                .checks
                .iter()
                .filter_map(|k| k.value.strip_prefix(undecidable))
                .collect();
            let decided = c
                .checks
                .iter()
                .any(|k| !k.holds && !k.value.starts_with(undecidable));
            if why.is_empty() || decided {
                format!("claim {}: {}", i + 1, c.says.trim())
            } else {
                format!(
                    "claim {} is undecidable ({}): {}",
                    i + 1,
                    why.join("; "),
                    c.says.trim()
                )
            }
        })
        .collect();
    info.claims_total = b.claims.len();
    if !info.claims_failed.is_empty() && info.status == "ok" {
        info.status = "claim failed".into();
    }
    info.key_figure = b.figures.first().map(|f| format!("{}.svg", f.id));
    info.headline = b
        .claims
        .iter()
        .find(|c| c.holds)
        .map(|c| c.says.trim().to_string())
        .or_else(|| {
            b.findings
                .iter()
                .flat_map(|g| g.items.first())
                .next()
                .cloned()
        });
}

enum Collected {
    Spec(SpecErrors),
    Failed(String),
}

fn run_info(exp: &Experiment, started: SystemTime, secs: f64, error: Option<String>) -> RunInfo {
    let (version, rev) = version();
    let yaml = exp.document.to_yaml();
    let hash = Sha256::digest(yaml.as_bytes());
    let mut command = format!("gradlab run {}", exp.file);
    if exp.fast {
        command.push_str(" --fast");
    }
    RunInfo {
        name: exp.name.clone(),
        title: exp.title.clone(),
        kind: exp.kind.id().to_string(),
        spec: exp.file.clone(),
        seed: exp.seed,
        spec_hash: hash.iter().map(|b| format!("{b:02x}")).collect(),
        version: version.to_string(),
        git_revision: rev.map(str::to_string),
        started: rfc3339(started),
        duration_s: secs,
        status: if error.is_some() { "failed" } else { "ok" }.into(),
        error,
        fast: exp.fast,
        trials: exp.trials.len(),
        trials_cached: 0,
        claims_failed: Vec::new(),
        claims_total: 0,
        chapter: exp.chapter.id().to_string(),
        key_figure: None,
        headline: None,
        command,
    }
}

/// Seconds since the epoch → `YYYY-MM-DDTHH:MM:SSZ` (civil-from-days, H. Hinnant).
pub fn rfc3339(t: SystemTime) -> String {
    let secs = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

fn frame_bytes(df: &mut DataFrame) -> Result<(Vec<u8>, Vec<u8>), String> {
    let mut csv = Vec::new();
    // A spreadsheet opens the CSV: text cells that read as formulas are defused there.
    let mut shown = crate::escape::csv_frame(df).map_err(|e| e.to_string())?;
    CsvWriter::new(&mut csv)
        .include_header(true)
        .finish(&mut shown)
        .map_err(|e| e.to_string())?;
    let mut parquet = Vec::new();
    ParquetWriter::new(&mut parquet)
        .finish(df)
        .map_err(|e| e.to_string())?;
    Ok((csv, parquet))
}

fn trial_label(overrides: &[(String, String)]) -> String {
    overrides
        .iter()
        .map(|(p, v)| format!("{}={v}", collect::short_param(p)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The trials whose findings, figures and tables the report shows, with their outcomes:
/// every trial, or over seeds (a `seed:` axis) those of the first seed, whose seed is
/// returned too; the tables over seeds and of the sweep give every trial's numbers.
fn shown_trials<'a>(
    exp: &'a Experiment,
    outcomes: &'a [Outcome],
) -> (Option<u64>, Vec<(&'a Trial, &'a Outcome)>) {
    let first_seed = exp.trials.first().and_then(|t| t.seed);
    let shown = exp
        .trials
        .iter()
        .zip(outcomes)
        .filter(|(t, _)| first_seed.is_none() || t.seed == first_seed)
        .collect();
    (first_seed, shown)
}

/// Which per-trial parts were left out after the first trials.
#[derive(Debug, Clone, Copy, Default)]
struct Cut {
    figures: bool,
    tables: bool,
}

/// What the findings say about what is shown: figures not drawn because every value is
/// the same, whose seed the findings and figures are, and, when per-trial figures or tables
/// were left out after the first few trials, which and of how many (`shown`: the trials
/// shown).
fn shown_notes(
    exp: &Experiment,
    constant_figures: Vec<String>,
    first_seed: Option<u64>,
    cut: Cut,
    shown: usize,
) -> Vec<FindingGroup> {
    let mut findings = Vec::new();
    if !constant_figures.is_empty() {
        findings.push(FindingGroup {
            heading: None,
            items: constant_figures,
        });
    }
    if let Some(seed) = first_seed {
        findings.push(FindingGroup {
            heading: None,
            items: vec![crate::tr!(
                exp.lang,
                "seeds-shown",
                seed = seed.to_string(),
                shown = shown,
                total = exp.trials.len()
            )],
        });
    }
    if cut.figures || cut.tables {
        // Said, not silently cut: the numbers of later trials are in the data files.
        let what = match (cut.figures, cut.tables) {
            (true, true) => "both",
            (true, false) => "figures",
            _ => "tables",
        };
        findings.push(FindingGroup {
            heading: None,
            items: vec![crate::tr!(
                exp.lang,
                "shown_trials",
                what = what,
                figures = SHOWN_TRIALS,
                tables = SHOWN_TABLE_TRIALS,
                total = shown
            )],
        });
    }
    findings
}

/// A sweep's tables before the trials' own: over seeds (with a `seed:` axis), then one row
/// per trial; and the best configuration, by its mean over seeds when there are seeds.
fn summary_tables(
    exp: &Experiment,
    outcomes: &[Outcome],
    sweep: bool,
) -> (Vec<ReportTable>, Option<FindingGroup>) {
    if !sweep {
        return (Vec::new(), None);
    }
    let (table, mut best_group) = sweep_summary(exp, outcomes);
    let mut tables = vec![table];
    if let Some(groups) = crate::seeds::groups(&exp.trials) {
        let (table, best) = crate::seeds::table(&groups, outcomes, exp.lang);
        tables.insert(0, table);
        if let Some(best) = best {
            best_group = Some(FindingGroup {
                heading: Some(crate::i18n::text(exp.lang, "best_configuration")),
                items: vec![best],
            });
        }
    }
    (tables, best_group)
}

fn collect_and_plot(
    src: &Source,
    exp: &Experiment,
    outcomes: &[Outcome],
) -> Result<Body, Collected> {
    let sweep = exp.trials.len() > 1 || !exp.swept.is_empty();
    let (data, metrics, frames) = data_files(exp, outcomes)?;
    let (mut figures, constant_figures, cut_figures) =
        render_figures(exp, outcomes, sweep, &metrics, &frames)?;
    lead_first(src, exp, &mut figures)?;
    let mut cut = Cut {
        figures: cut_figures,
        tables: false,
    };

    let (mut tables, best_group) = summary_tables(exp, outcomes, sweep);
    let mut findings = Vec::new();
    let (first_seed, shown) = shown_trials(exp, outcomes);
    let mut per_trial: Vec<ShownTable> = Vec::new();
    // One trial's overview stands above its findings; a sweep's trials each have one, and
    // they merge like the trials' other tables.
    let overview = match shown.as_slice() {
        [(_, o)] if !sweep => o.overview.clone(),
        _ => None,
    };
    for (ti, &(trial, o)) in shown.iter().enumerate() {
        let heading = sweep.then(|| {
            format!(
                "{} {}: {}",
                crate::i18n::text(exp.lang, "trial"),
                trial.index,
                trial_label(&trial.overrides)
            )
        });
        findings.push(FindingGroup {
            heading: heading.clone(),
            items: o.findings.clone(),
        });
        cut.tables |= ti >= SHOWN_TABLE_TRIALS && (!o.tables.is_empty() || o.overview.is_some());
        if ti < SHOWN_TABLE_TRIALS {
            let own = o.overview.iter().filter(|_| overview.is_none());
            per_trial.extend(own.chain(&o.tables).map(|t| ShownTable {
                trial: trial.index,
                cell: format!("{}: {}", trial.index, trial_label(&trial.overrides)),
                heading: heading.clone(),
                table: t.clone(),
            }));
        }
    }
    tables.extend(merge_trial_tables(per_trial, exp.lang));
    hoist_common_findings(&mut findings, exp.lang);
    findings.extend(shown_notes(
        exp,
        constant_figures,
        first_seed,
        cut,
        shown.len(),
    ));
    if let Some(b) = best_group {
        findings.insert(0, b);
    }

    // Prose: tera expressions over the computed results, then Markdown.
    let context = results_context(exp, outcomes, sweep);
    let (prose, claims, errors) = prose_and_claims(src, exp, &context);
    if !errors.is_empty() {
        return Err(Collected::Spec(SpecErrors(errors)));
    }
    let written: Vec<&DataFrame> = std::iter::once(&metrics)
        .chain(frames.iter().map(|(_, df)| df))
        .collect();
    let columns = data_dictionary(exp, sweep, &data, &written);
    Ok(Body {
        overview,
        findings,
        prose,
        claims,
        figures,
        tables,
        data,
        columns,
        results: context,
    })
}

/// Moves the spec's lead figure (`lead:`) to the front: the first figure of the report and
/// the index's thumbnail. A per-trial figure leads with its first trial. A lead that names
/// no drawn figure is a spec error, with the ids there are.
fn lead_first(
    src: &Source,
    exp: &Experiment,
    figures: &mut Vec<RenderedFigure>,
) -> Result<(), Collected> {
    let Some(lead) = exp.lead.as_deref() else {
        return Ok(());
    };
    let per_trial = format!("{lead}_trial");
    match figures
        .iter()
        .position(|f| f.id == lead || f.id.starts_with(&per_trial))
    {
        Some(k) => {
            let f = figures.remove(k);
            figures.insert(0, f);
            Ok(())
        }
        None => {
            let ids: Vec<&str> = figures.iter().map(|f| f.id.as_str()).collect();
            let at = Located::new(&exp.file, &src.text);
            Err(Collected::Spec(SpecErrors(vec![at
                .at_value(
                    "lead",
                    format!("no figure `{lead}` is drawn in this report"),
                )
                .expected(format!("one of the figures: {}", ids.join(", ")))
                .suggest(crate::error::suggest(
                    lead,
                    ids.iter().copied(),
                ))])))
        }
    }
}

/// Draws the figures. In a sweep, lines from the stacked table overlay every trial;
/// surfaces are per trial, unless every trial draws the same surface (only a step size
/// swept, say): then one figure carries every trial's path. A figure whose every point has
/// one value is not drawn: the sentence returned beside the figures says the value. The
/// flag says whether per-trial figures of later trials were left out.
fn render_figures(
    exp: &Experiment,
    outcomes: &[Outcome],
    sweep: bool,
    metrics: &DataFrame,
    frames: &[(String, DataFrame)],
) -> Result<(Vec<RenderedFigure>, Vec<String>, bool), Collected> {
    let mut figures = Vec::new();
    // Figures whose every point has one value are not drawn; a sentence says the value.
    let mut constant_figures: Vec<String> = Vec::new();
    // Whether a per-trial figure was left out after the first trials.
    let mut cut = false;
    let mut lines_seen = std::collections::HashSet::new();
    let (first_seed, shown) = shown_trials(exp, outcomes);
    for (ti, (trial, o)) in shown.into_iter().enumerate() {
        for (id, fig) in &o.figures {
            let shared = sweep && shared_surface(id, outcomes);
            let fig = match fig {
                Figure::Lines { axes, data } if sweep => {
                    // Once per id, from the first trial that has it (a schedule's learning
                    // rate is drawn when any trial has a schedule, not only the first).
                    if !lines_seen.insert(id.clone()) {
                        continue;
                    }
                    overlay(axes, data, first_seed, exp.lang)
                }
                _ if shared => {
                    if ti > 0 {
                        continue;
                    }
                    all_trials(fig)
                }
                other => {
                    if ti >= SHOWN_TRIALS {
                        cut = true;
                        continue;
                    }
                    other.clone()
                }
            };
            let is_overlay = (matches!(fig, Figure::Lines { .. }) || shared) && sweep;
            let (id, title) = if sweep && !is_overlay {
                (
                    format!("{id}_trial{}", trial.index),
                    format!("{} ({})", fig.axes().title, trial_label(&trial.overrides)),
                )
            } else {
                (id.clone(), fig.axes().title.clone())
            };
            let mut fig = fig;
            set_title(&mut fig, &title);
            let source = figure_source(&fig, &id, metrics, frames)?;
            if let Some(v) = plot::constant_value(&fig, source) {
                constant_figures.push(crate::tr!(
                    exp.lang,
                    "figure-constant",
                    title = title,
                    value = crate::kinds::common::num(v)
                ));
                continue;
            }
            let svg = plot::render(&fig, source, exp.lang)
                .map_err(|e| Collected::Failed(format!("plotting {id}: {e}")))?;
            figures.push(RenderedFigure { id, title, svg });
        }
    }
    Ok((figures, constant_figures, cut))
}

/// A sweep's lines figure over every trial; with a `seed:` axis, the lines of the first
/// seed, one per configuration (the table over seeds gives every seed's mean and spread).
fn overlay(
    axes: &crate::plot::Axes,
    data: &FromTable,
    first_seed: Option<u64>,
    lang: crate::i18n::Lang,
) -> Figure {
    let mut data = FromTable {
        trial: None,
        ..data.clone()
    };
    let mut axes = axes.clone();
    if let Some(seed) = first_seed {
        data.filter.push(("sweep.seed".into(), seed.to_string()));
        axes.title = crate::tr!(
            lang,
            "seeds-figure-title",
            title = axes.title,
            seed = seed.to_string()
        );
    }
    Figure::Lines { axes, data }
}

/// The table a figure draws from: the extra table it names, else the metrics.
fn figure_source<'a>(
    fig: &Figure,
    id: &str,
    metrics: &'a DataFrame,
    frames: &'a [(String, DataFrame)],
) -> Result<&'a DataFrame, Collected> {
    match fig {
        Figure::Lines {
            data: FromTable {
                table: Some(name), ..
            },
            ..
        } => frames
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, df)| df)
            .ok_or_else(|| Collected::Failed(format!("plotting {id}: no table `{name}`"))),
        _ => Ok(metrics),
    }
}

/// A sweep's summary table (one row per trial: its swept values and headline numbers,
/// best first when the kind scores its trials) and, when it does, the best configuration,
/// a tie said as one.
fn sweep_summary(exp: &Experiment, outcomes: &[Outcome]) -> (ReportTable, Option<FindingGroup>) {
    let mut columns = vec!["trial".to_string()];
    columns.extend(
        exp.swept
            .iter()
            .map(|p| p.trim_start_matches("params.").to_string()),
    );
    let head_names: Vec<String> = outcomes
        .first()
        .map(|o| o.headline.iter().map(|h| h.0.clone()).collect())
        .unwrap_or_default();
    // When the trials' headline names differ (each trial's run is labelled by its own
    // swept value, such as `gd (lr=0.3)`), columns go by position and each cell names
    // its run, so no trial's row is left empty.
    let by_position = outcomes.iter().any(|o| {
        o.headline.len() != head_names.len()
            || o.headline.iter().zip(&head_names).any(|(h, n)| &h.0 != n)
    });
    let width = outcomes.iter().map(|o| o.headline.len()).max().unwrap_or(0);
    if by_position {
        columns.extend((1..=width).map(|k| crate::tr!(exp.lang, "run_column", k = k)));
    } else {
        columns.extend(head_names.iter().cloned());
    }
    let scored = outcomes.iter().all(|o| o.score.is_some());
    let order = best_first(outcomes);
    let rows = order
        .iter()
        .map(|&i| (&exp.trials[i], &outcomes[i]))
        .map(|(t, o)| {
            let mut row = vec![t.index.to_string()];
            row.extend(t.overrides.iter().map(|(_, v)| v.clone()));
            if by_position {
                row.extend((0..width).map(|k| {
                    o.headline
                        .get(k)
                        .map(|(n, v)| format!("{n}: {v}"))
                        .unwrap_or_default()
                }));
            } else {
                row.extend(head_names.iter().map(|h| {
                    o.headline
                        .iter()
                        .find(|x| &x.0 == h)
                        .map(|x| x.1.clone())
                        .unwrap_or_default()
                }));
            }
            row
        })
        .collect();
    let table = ReportTable {
        title: crate::i18n::text(exp.lang, "sweep_table"),
        columns,
        rows,
        note: format!(
            "{}{}",
            crate::i18n::text(exp.lang, "sweep_note"),
            if scored {
                format!(" {}", crate::i18n::text(exp.lang, "sorted_best_first"))
            } else {
                String::new()
            }
        ),
    };
    let best = match (scored, order.first()) {
        (true, Some(&best)) => Some(best_trial(exp, outcomes, &order, best)),
        _ => None,
    };
    (table, best)
}

/// The trials' indices, best score first when the kind scores every trial (NaN last, ties
/// by index); in trial order otherwise.
fn best_first(outcomes: &[Outcome]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..outcomes.len()).collect();
    if outcomes.iter().all(|o| o.score.is_some()) {
        let key = |i: usize| {
            let s = outcomes[i].score.unwrap_or(f64::NAN);
            if s.is_nan() {
                f64::NEG_INFINITY
            } else {
                s
            }
        };
        order.sort_by(|&a, &b| key(b).total_cmp(&key(a)).then(a.cmp(&b)));
    }
    order
}

/// The best trial in a sentence. Equal scores are a tie, said as one, not settled silently
/// by trial order; so are scores within noise of the best, which one run of each cannot
/// rank: no trial is then named best. Noise is 1 % of the score, and for an accuracy on n
/// samples (`score_samples` in the results) at least twice the standard error of the
/// difference of two proportions, 2·√(p₁(1 − p₁)/n + p₂(1 − p₂)/n).
fn best_trial(
    exp: &Experiment,
    outcomes: &[Outcome],
    order: &[usize],
    best: usize,
) -> FindingGroup {
    let t = &exp.trials[best];
    let o = &outcomes[best];
    let scores: Vec<Option<f64>> = outcomes.iter().map(|o| o.score).collect();
    let samples: Vec<Option<f64>> = outcomes
        .iter()
        .map(|o| o.results.get("score_samples").and_then(|n| n.as_f64()))
        .collect();
    let (tied, close) = best_rivals(&scores, &samples, order);
    let headline = o
        .headline
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect::<Vec<_>>()
        .join(", ");
    let named = |t: &Trial| {
        format!(
            "{} ({})",
            t.index,
            crate::kinds::common::md(&trial_label(&t.overrides))
        )
    };
    let item = if !close.is_empty() {
        // Within noise of the best: every such trial named with its score, none put first.
        let all: Vec<usize> = std::iter::once(best).chain(tied).chain(close).collect();
        crate::tr!(
            exp.lang,
            "best_within_noise",
            trials = all
                .iter()
                .map(|&i| named(&exp.trials[i]))
                .collect::<Vec<_>>()
                .join(", "),
            metric = o.headline.first().map_or(String::new(), |h| h.0.clone()),
            samples = samples[best].map_or("none".to_string(), crate::kinds::common::num),
            scores = all
                .iter()
                .map(|&i| crate::kinds::common::num(outcomes[i].score.unwrap_or(f64::NAN)))
                .collect::<Vec<_>>()
                .join(", ")
        )
    } else if tied.is_empty() {
        format!(
            "{} {} {}: {headline}.",
            crate::i18n::text(exp.lang, "trial"),
            named(t),
            crate::i18n::text(exp.lang, "scores_best"),
        )
    } else {
        // Equal scores: a tie, each trial named, none put first by its index.
        let mut all = vec![named(t)];
        all.extend(tied.iter().map(|&i| named(&exp.trials[i])));
        crate::tr!(
            exp.lang,
            "tie_best",
            trials = all.join(", "),
            headline = headline
        )
    };
    FindingGroup {
        heading: Some(crate::i18n::text(exp.lang, "best_configuration")),
        items: vec![item],
    }
}

/// The trials that share the best score (`order[0]`'s) exactly, and the others whose finite
/// score is within 1 % of it (of the larger magnitude of the two), best first.
fn best_rivals(
    scores: &[Option<f64>],
    samples: &[Option<f64>],
    order: &[usize],
) -> (Vec<usize>, Vec<usize>) {
    let Some((&best, rest)) = order.split_first() else {
        return (Vec::new(), Vec::new());
    };
    let b = scores[best];
    let tied: Vec<usize> = rest.iter().filter(|&&i| scores[i] == b).copied().collect();
    let noise = |b: f64, s: f64, i: usize| {
        let relative = 0.01 * b.abs().max(s.abs());
        match (samples[best], samples[i]) {
            (Some(nb), Some(ns))
                if nb > 0.0 && ns > 0.0 && (0.0..=1.0).contains(&b) && (0.0..=1.0).contains(&s) =>
            {
                relative.max(2.0 * (b * (1.0 - b) / nb + s * (1.0 - s) / ns).sqrt())
            }
            _ => relative,
        }
    };
    let close = match b.filter(|b| b.is_finite()) {
        Some(b) => rest
            .iter()
            .filter(|&&i| scores[i] != Some(b))
            .filter(|&&i| {
                scores[i].is_some_and(|s| s.is_finite() && (b - s).abs() <= noise(b, s, i))
            })
            .copied()
            .collect(),
        None => Vec::new(),
    };
    (tied, close)
}

/// The run's data files: the trials' metrics stacked into one table, and each extra table
/// stacked by name across the trials that have it, as CSV and Parquet bytes, with the
/// tables themselves for the figures.
#[allow(clippy::type_complexity)]
fn data_files(
    exp: &Experiment,
    outcomes: &[Outcome],
) -> Result<(Vec<(String, Vec<u8>)>, DataFrame, Vec<(String, DataFrame)>), Collected> {
    let tagged: Vec<collect::TrialTable> = exp
        .trials
        .iter()
        .zip(outcomes)
        .map(|(t, o)| (t.index, t.overrides.clone(), &o.metrics))
        .collect();
    let mut metrics = collect::stack(&tagged)
        .to_frame()
        .map_err(|e| Collected::Failed(format!("collecting metrics: {e}")))?;
    let mut data = Vec::new();
    let (csv, parquet) = frame_bytes(&mut metrics).map_err(Collected::Failed)?;
    data.push(("metrics.csv".to_string(), csv));
    data.push(("metrics.parquet".to_string(), parquet));
    // Extra tables, stacked across trials by name.
    let mut extra_names: Vec<&String> = Vec::new();
    for o in outcomes {
        for (n, _) in &o.extra_tables {
            if !extra_names.contains(&n) {
                extra_names.push(n);
            }
        }
    }
    let mut frames: Vec<(String, DataFrame)> = Vec::new();
    for name in extra_names {
        let parts: Vec<collect::TrialTable> = exp
            .trials
            .iter()
            .zip(outcomes)
            .filter_map(|(t, o)| {
                o.extra_tables
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, tb)| (t.index, t.overrides.clone(), tb))
            })
            .collect();
        let mut df = collect::stack(&parts)
            .to_frame()
            .map_err(|e| Collected::Failed(format!("collecting {name}: {e}")))?;
        let (csv, parquet) = frame_bytes(&mut df).map_err(Collected::Failed)?;
        data.push((format!("{name}.csv"), csv));
        data.push((format!("{name}.parquet"), parquet));
        frames.push((name.clone(), df));
    }
    Ok((data, metrics, frames))
}

/// What prose and claims may quote: the one trial's results, or in a sweep `trials`, each
/// trial's results with its `index` and swept `params`.
fn results_context(exp: &Experiment, outcomes: &[Outcome], sweep: bool) -> Value {
    if sweep {
        let mut trials: Vec<Value> = exp
            .trials
            .iter()
            .zip(outcomes)
            .map(|(t, o)| {
                let mut v = o.results.clone();
                if let Value::Object(m) = &mut v {
                    m.insert("index".into(), json!(t.index));
                    let params: serde_json::Map<String, Value> = t
                        .overrides
                        .iter()
                        .map(|(p, val)| {
                            (
                                collect::short_param(p).to_string(),
                                collect::param_value(p, val),
                            )
                        })
                        .collect();
                    m.insert("params".into(), Value::Object(params));
                }
                v
            })
            .collect();
        exp.kind.compare_trials(&mut trials);
        match crate::seeds::groups(&exp.trials) {
            Some(groups) => json!({
                "trials": trials,
                "groups": crate::seeds::context(&groups, &exp.trials, outcomes),
            }),
            None => json!({ "trials": trials }),
        }
    } else {
        outcomes
            .first()
            .map(|o| o.results.clone())
            .unwrap_or(Value::Null)
    }
}

/// The spec's prose filled in from the results, and its claims checked against them; a
/// name the results lack is a located error (or, in a claim's condition, a failed claim).
fn prose_and_claims(
    src: &Source,
    exp: &Experiment,
    context: &Value,
) -> (
    Vec<(String, String)>,
    Vec<ClaimResult>,
    Vec<crate::error::SpecError>,
) {
    let mut prose = Vec::new();
    let at = Located::new(&exp.file, &src.text);
    let mut errors = Vec::new();
    for (i, p) in exp.prose.iter().enumerate() {
        match render_prose(&p.text, context, exp) {
            Ok(text) => prose.push((p.heading.clone(), text)),
            Err(e) => errors.push(
                at.at_value(
                    &format!("prose[{i}].text"),
                    if e.starts_with("reads `") {
                        format!("prose[{i}].text {e}")
                    } else {
                        format!("the prose cannot be filled in: {e}")
                    },
                )
                .expected(format!("names from the results: {}", result_names(context)))
                .suggest(missing_name_suggestion(&e, context)),
            ),
        }
    }
    // Claims: each condition over the same results, with the values that decided it.
    let mut claims = Vec::new();
    let mut tera_ctx = tera::Context::from_value(context.clone()).unwrap_or_default();
    tera_ctx.insert("title", &exp.title);
    tera_ctx.insert("seed", &exp.seed);
    for (i, c) in exp.claims.iter().enumerate() {
        let verdict = crate::prose::evaluate(&c.when, &tera_ctx);
        let says = render_prose(&c.says, context, exp);
        match (verdict, says) {
            (Ok(v), Ok(says)) => claims.push(ClaimResult {
                says,
                when: c.when.clone(),
                holds: v.holds,
                values: v.values,
                checks: v.checks,
            }),
            // The condition reads results this run does not have (settings edited since
            // the claim was written): the claim fails, and its sentence, which would quote
            // them, is replaced by a note that says so.
            (Ok(v), Err(_)) if v.values.iter().any(|(_, x)| x == NOT_IN_RESULTS) => {
                let names: Vec<String> = v
                    .values
                    .iter()
                    .filter(|(_, x)| x == NOT_IN_RESULTS)
                    .map(|(n, _)| format!("`{n}`"))
                    .collect();
                claims.push(ClaimResult {
                    says: crate::tr!(exp.lang, "claim_missing", names = names.join(", ")),
                    when: c.when.clone(),
                    holds: false,
                    values: v.values,
                    checks: Vec::new(),
                })
            }
            // The spec's mistake: a name the results do not have, a value of the wrong
            // kind, a budget exceeded.
            (Err(e), _) => errors.push(
                at.at_value(
                    &format!("claims[{i}].when"),
                    format!("claims[{i}].when {}", e.message),
                )
                .expected(e.expected)
                .suggest(e.suggestion),
            ),
            (_, Err(e)) => errors.push(
                at.at_value(
                    &format!("claims[{i}].says"),
                    format!("the claim's sentence cannot be filled in: {e}"),
                )
                .expected(format!("names from the results: {}", result_names(context)))
                .suggest(missing_name_suggestion(&e, context)),
            ),
        }
    }
    (prose, claims, errors)
}

/// The data dictionary: each column of `metrics.csv` with what it holds, in the report's
/// language where the kind's Fluent file has it (`<kind>-col-<column>`), else the kind's own
/// English. Only what this report has: a file entry (`noise.csv`) when the file is written,
/// a column when one of the written tables (`tables`) has it.
fn data_dictionary(
    exp: &Experiment,
    sweep: bool,
    data: &[(String, Vec<u8>)],
    tables: &[&DataFrame],
) -> Vec<(String, String)> {
    let headers: Vec<&str> = tables
        .iter()
        .flat_map(|df| df.get_column_names())
        .map(|c| c.as_str())
        .collect();
    // A pattern (`<variable>`: one column per variable; `hess_eig_i`: i = 1…n) stands for
    // columns named after the run: kept as written.
    let present = |name: &str| {
        if name.ends_with(".csv") {
            data.iter().any(|(n, _)| n == name)
        } else if name.starts_with('<') {
            true
        } else if let Some(prefix) = name.strip_suffix("_i") {
            headers.iter().any(|h| {
                h.strip_prefix(prefix)
                    .and_then(|r| r.strip_prefix('_'))
                    .is_some_and(|i| i.parse::<usize>().is_ok())
            })
        } else {
            headers.contains(&name)
        }
    };
    let t = |k: &str| crate::i18n::text(exp.lang, k);
    let mut columns: Vec<(String, String)> = vec![
        ("trial".into(), t("column_trial")),
        ("series".into(), t("column_series")),
    ];
    if sweep {
        columns.push(("sweep.<path>".into(), t("column_sweep")));
    }
    let part = exp.kind.id().replace('_', "-");
    columns.extend(
        exp.kind
            .columns()
            .iter()
            .filter(|(n, _)| present(n))
            .map(|(n, d)| {
                let key = format!("{part}-col-{}", fluent_id(n));
                let doc = if crate::i18n::has(exp.lang, &key) {
                    crate::i18n::text(exp.lang, &key)
                } else {
                    d.to_string()
                };
                (n.to_string(), doc)
            }),
    );
    columns
}

/// One table of one shown trial: the trial's index, its cell in a merged table
/// (`3: case=L2`), its heading, and the table.
struct ShownTable {
    trial: usize,
    cell: String,
    heading: Option<String>,
    table: ReportTable,
}

/// The trials' own tables: those that several trials have (the same title and columns)
/// become one table with a trial column, its cell on the first of each trial's rows; a
/// table only one trial has keeps its own, under the trial's heading. Notes that differ
/// between the trials are kept, each with the trials it belongs to.
fn merge_trial_tables(per_trial: Vec<ShownTable>, lang: crate::i18n::Lang) -> Vec<ReportTable> {
    let mut groups: Vec<Vec<ShownTable>> = Vec::new();
    for entry in per_trial {
        let same = |g: &Vec<ShownTable>| {
            g[0].table.title == entry.table.title && g[0].table.columns == entry.table.columns
        };
        match groups.iter_mut().find(|g| same(g)) {
            Some(g) => g.push(entry),
            None => groups.push(vec![entry]),
        }
    }
    groups
        .into_iter()
        .map(|mut group| {
            if group.len() == 1 {
                let ShownTable {
                    heading,
                    table: mut t,
                    ..
                } = group.remove(0);
                if let Some(h) = heading {
                    t.title = format!("{h} — {}", t.title);
                }
                return t;
            }
            let first = &group[0].table;
            let mut columns = vec![crate::i18n::text(lang, "trial")];
            columns.extend(first.columns.iter().cloned());
            let mut rows = Vec::new();
            let mut notes: Vec<(String, Vec<String>)> = Vec::new();
            for ShownTable {
                trial,
                cell,
                table: t,
                ..
            } in &group
            {
                for (k, row) in t.rows.iter().enumerate() {
                    let mut r = vec![if k == 0 { cell.clone() } else { String::new() }];
                    r.extend(row.iter().cloned());
                    rows.push(r);
                }
                let index = trial.to_string();
                match notes.iter_mut().find(|(n, _)| *n == t.note) {
                    Some((_, trials)) => trials.push(index),
                    None => notes.push((t.note.clone(), vec![index])),
                }
            }
            let note = if notes.len() == 1 {
                notes.remove(0).0
            } else {
                notes
                    .iter()
                    .filter(|(n, _)| !n.is_empty())
                    .map(|(n, trials)| {
                        format!(
                            "{} {}: {n}",
                            crate::i18n::text(lang, "trial"),
                            trials.join(", ")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(" · ")
            };
            ReportTable {
                title: first.title.clone(),
                columns,
                rows,
                note,
            }
        })
        .collect()
}

/// In a sweep, findings that every trial shares (such as the region's Lipschitz constant)
/// are said once, before the per-trial groups.
fn hoist_common_findings(groups: &mut Vec<FindingGroup>, lang: crate::i18n::Lang) {
    if groups.len() < 2 {
        return;
    }
    let common: Vec<String> = groups[0]
        .items
        .iter()
        .filter(|item| groups[1..].iter().all(|g| g.items.contains(item)))
        .cloned()
        .collect();
    if common.is_empty() {
        return;
    }
    for g in groups.iter_mut() {
        g.items.retain(|i| !common.contains(i));
    }
    groups.retain(|g| !g.items.is_empty());
    groups.insert(
        0,
        FindingGroup {
            heading: Some(crate::i18n::text(lang, "every_trial")),
            items: common,
        },
    );
}

/// A surface figure (contour or 1-D function with paths) with its paths read from every
/// trial instead of one.
fn all_trials(fig: &Figure) -> Figure {
    let mut f = fig.clone();
    if let Figure::Contour { paths: Some(p), .. } | Figure::Function1D { paths: Some(p), .. } =
        &mut f
    {
        p.trial = None;
    }
    f
}

/// Whether every trial has figure `id` and draws the same surface in it (the figures
/// equal once their paths are read from every trial).
fn shared_surface(id: &str, outcomes: &[Outcome]) -> bool {
    fn of<'o>(o: &'o Outcome, id: &str) -> Option<&'o Figure> {
        o.figures.iter().find(|(i, _)| i == id).map(|(_, f)| f)
    }
    let Some(first) = outcomes.first().and_then(|o| of(o, id)) else {
        return false;
    };
    let has_paths = matches!(
        first,
        Figure::Contour { paths: Some(_), .. } | Figure::Function1D { paths: Some(_), .. }
    );
    // Compared as serialized: a surface with NaN (outside f's domain) equals itself.
    let text = |f: &Figure| serde_json::to_string(&all_trials(f)).unwrap_or_default();
    let norm = text(first);
    has_paths
        && outcomes
            .iter()
            .all(|o| of(o, id).is_some_and(|f| text(f) == norm))
}

fn set_title(fig: &mut Figure, title: &str) {
    let axes = match fig {
        Figure::Lines { axes, .. }
        | Figure::Curves { axes, .. }
        | Figure::Contour { axes, .. }
        | Figure::Heatmap { axes, .. }
        | Figure::Function1D { axes, .. } => axes,
    };
    axes.title = title.to_string();
}

/// A column name as part of a message key: every character but a–z and 0–9 becomes `-`
/// (`grad_u_norm` → `grad-u-norm`).
pub fn fluent_id(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// The evidence shown for a name the results lack (from `prose::evaluate`).
const NOT_IN_RESULTS: &str = crate::prose::NOT_IN_RESULTS;

/// "Did you mean" for the name tera reports missing (in backticks: `newtn.x`).
/// A dotted name is followed as far as it exists; the first missing part gets the
/// suggestion, said as the whole name (`newton.iteratons` → `newton.iterations`).
fn missing_name_suggestion(error: &str, ctx: &Value) -> Option<String> {
    let missing = error.split('`').nth(1)?;
    let dotted = missing.split('[').next().unwrap_or(missing);
    let mut here = ctx;
    let mut known: Vec<&str> = Vec::new();
    for part in dotted.split('.') {
        let Value::Object(m) = here else {
            return None;
        };
        match m.get(part) {
            Some(v) => {
                here = v;
                known.push(part);
            }
            None => {
                let s = crate::error::suggest(part, m.keys().map(String::as_str))?;
                known.push(&s);
                return Some(known.join("."));
            }
        }
    }
    None
}

/// The top-level names a prose template can use.
fn result_names(ctx: &Value) -> String {
    match ctx {
        Value::Object(m) => m
            .keys()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", "),
        _ => "none".into(),
    }
}

fn render_prose(text: &str, ctx: &Value, exp: &Experiment) -> Result<String, String> {
    let mut c = tera::Context::from_value(ctx.clone()).unwrap_or_default();
    c.insert("title", &exp.title);
    c.insert("seed", &exp.seed);
    crate::prose::render(text, &c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_within_one_percent_of_the_best_are_a_tie() {
        // 351, 350, 349 and 349 of 359 validation samples right (the initializers' run), and
        // one far behind: one sample apart is within noise, so none of the four is best.
        let acc = |k: f64| Some(k / 359.0);
        let scores = [
            acc(36.0),
            acc(291.0),
            acc(349.0),
            acc(349.0),
            acc(350.0),
            acc(351.0),
        ];
        let (tied, close) = best_rivals(&scores, &[None; 6], &[5, 4, 2, 3, 1, 0]);
        assert!(tied.is_empty());
        assert_eq!(close, [4, 2, 3]);
        // Equal scores tie; 2 % behind is not within noise; a diverged run never is.
        let scores = [Some(0.9), Some(0.9), Some(0.88), Some(f64::NEG_INFINITY)];
        assert_eq!(
            best_rivals(&scores, &[None; 4], &[0, 1, 2, 3]),
            (vec![1], vec![])
        );
        // A best score that is not finite has no neighbourhood.
        let scores = [Some(f64::NEG_INFINITY), Some(f64::NEG_INFINITY)];
        assert_eq!(best_rivals(&scores, &[None; 2], &[0, 1]), (vec![1], vec![]));
        // Accuracies on 359 samples: 342 against 338 right (0.9526, 0.9415) differ by 1.1 %,
        // under twice the standard error of the difference (2·√(2·0.947·0.053/359) ≈ 0.033):
        // noise. 342 against 300 (0.836) is not.
        let scores = [acc(342.0), acc(338.0), acc(300.0)];
        let n = [Some(359.0); 3];
        assert_eq!(best_rivals(&scores, &n, &[0, 1, 2]), (vec![], vec![1]));
        // Without the sample count only the 1 % rule applies: 1.1 % apart is not a tie.
        assert_eq!(
            best_rivals(&scores, &[None; 3], &[0, 1, 2]),
            (vec![], vec![])
        );
    }

    #[test]
    fn rfc3339_known_dates() {
        let t = |s: u64| rfc3339(SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(s));
        assert_eq!(t(0), "1970-01-01T00:00:00Z");
        assert_eq!(t(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(t(1_795_350_000), "2026-11-22T12:20:00Z");
    }
}
