//! The command line: arguments in, files and messages out, an exit code back.
//!
//! Exit codes: 0 every experiment ok, 1 an experiment failed while running, 2 bad input
//! (an invalid spec, a missing file, a bad argument). Other experiments always still run.

use crate::check::{self, Options};
use crate::error::suggest;
use crate::load::{self, Source};
use crate::render::{self, IndexEntry, Templates};
use clap::{Args, Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Parser)]
#[command(
    name = "gradlab",
    version,
    about = "Turn YAML experiment files into verified, literate reports on the numerics of deep learning",
    after_help = "Examples:\n  gradlab run-all                       run experiments/*.yaml into reports/\n  gradlab run experiments/newton-1d.yaml\n  gradlab check my-experiment.yaml\n  gradlab new optimize my-experiment.yaml"
)]
struct Cli {
    /// Worker threads for trials (default: one per core); results do not depend on it
    #[arg(short = 'j', long = "jobs", global = true, value_name = "N")]
    jobs: Option<usize>,
    /// Refuse a trial whose memory, estimated from its parameters when the spec is checked,
    /// exceeds this many GiB (default 4)
    #[arg(long, global = true, value_name = "GIB")]
    memory_limit: Option<f64>,
    /// Let specs read data files below DIR as well (repeatable). A spec is untrusted input:
    /// by default it reads only below its own folder, the `data/` folder where gradlab runs
    /// and gradlab's shipped `data/` folder
    #[arg(long = "allow-path", global = true, value_name = "DIR")]
    allow_path: Vec<PathBuf>,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Run the given specs and write their reports (and refresh the index page)
    Run {
        /// Spec files (YAML)
        #[arg(required = true)]
        specs: Vec<PathBuf>,
        /// Compute only shard I of N of each sweep (trial k belongs to shard (k mod N) + 1)
        /// into the output folder's store; `gradlab merge` then writes the report
        #[arg(long, value_name = "I/N", value_parser = parse_shard)]
        shard: Option<(usize, usize)>,
        #[command(flatten)]
        out: OutArgs,
    },
    /// Write the reports of sharded sweeps from the trials their shards stored
    Merge {
        /// Spec files (YAML), as given to `run --shard`
        #[arg(required = true)]
        specs: Vec<PathBuf>,
        #[command(flatten)]
        out: OutArgs,
    },
    /// Write Slurm scripts that run a sweep as a job array and merge it in a dependent job
    Slurm {
        /// Spec file (YAML)
        spec: PathBuf,
        #[command(flatten)]
        args: SlurmArgs,
    },
    /// Run every spec in a folder (default experiments/) and write reports/ with an index
    RunAll {
        /// Folder with *.yaml specs
        #[arg(default_value = "experiments")]
        dir: PathBuf,
        #[command(flatten)]
        out: OutArgs,
    },
    /// Validate specs without running them
    Check {
        /// Spec files (YAML)
        #[arg(required = true)]
        specs: Vec<PathBuf>,
        /// Also check the spec's `fast:` overrides
        #[arg(long)]
        fast: bool,
        /// Also refuse numbers typed into prose and claim sentences: a result a report
        /// states must be filled in from the run's results
        #[arg(long)]
        strict: bool,
    },
    /// List every experiment kind with a description and an example
    List,
    /// Print the JSON Schema of the spec format (every kind), for editors
    Schema,
    /// Write OUT/gallery.html: every figure of every report on one page, for review
    Gallery {
        /// The reports folder
        #[arg(long, default_value = "reports")]
        out: PathBuf,
    },
    /// Export a report for handing in: a PDF (headless Chromium) and/or one zip bundle
    Export {
        /// The experiment: its name (`newton-1d`) or its spec file
        experiment: PathBuf,
        /// Print the report to `<out>/<name>/report.pdf`
        #[arg(long)]
        pdf: bool,
        /// Write `<out>/<name>.zip`: the report (HTML, and PDF when Chromium is there), the
        /// resolved spec, the data files and run.json
        #[arg(long)]
        bundle: bool,
        /// Paper size of the PDF
        #[arg(long, value_enum, default_value_t = crate::export::Paper::A4)]
        paper: crate::export::Paper,
        /// Folder the report is in
        #[arg(long, default_value = "reports")]
        out: PathBuf,
    },
    /// Write a literate Jupyter notebook (evcxr Rust kernel) for a spec: its description and
    /// prose as Markdown cells, its run, figures and tables as code cells
    Notebook {
        /// Spec file (YAML)
        spec: PathBuf,
        /// Where to write the notebook [default: <repository>/notebooks/<name>.ipynb, or
        /// ./<name>.ipynb outside the repository]
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Replace the notebook if it exists
        #[arg(long)]
        force: bool,
        /// Use the spec's `fast:` overrides (fewer steps, smaller sweeps)
        #[arg(long)]
        fast: bool,
        /// Language of the report's fixed text (`en` or `id`)
        #[arg(long, value_parser = crate::i18n::Lang::parse)]
        lang: Option<crate::i18n::Lang>,
    },
    /// Render Markdown with `$…$` math to HTML with MathML, as reports do: a JSON array of
    /// Markdown texts on stdin, a JSON array of HTML on stdout (notebooks/export.py uses it
    /// to export notebooks whose math shows without a network)
    Markdown,
    /// Write a commented starter spec for a kind
    New {
        /// Experiment kind (see `gradlab list`)
        kind: String,
        /// Where to write the spec
        file: PathBuf,
        /// Overwrite the file if it exists
        #[arg(long)]
        force: bool,
    },
}

#[derive(Args)]
struct OutArgs {
    /// Folder to write reports into
    #[arg(long, default_value = "reports")]
    out: PathBuf,
    /// Apply each spec's `fast:` overrides (fewer steps, smaller sweeps)
    #[arg(long)]
    fast: bool,
    /// Folder whose report.html / index.html / style.css override the built-in templates
    #[arg(long)]
    templates: Option<PathBuf>,
    /// Print only errors
    #[arg(short, long)]
    quiet: bool,
    /// Recompute every trial even when its outcome is cached
    #[arg(long)]
    force: bool,
    /// Neither read nor write the content cache (`<out>/.cache`)
    #[arg(long)]
    no_cache: bool,
    /// Language of the reports' fixed text (`en` or `id`), overriding each spec's `lang:`
    #[arg(long, value_parser = crate::i18n::Lang::parse)]
    lang: Option<crate::i18n::Lang>,
    /// Give up on an experiment after this many seconds (it is reported failed, its previous
    /// report is kept, the others still run): more than 0, at most 604800 (a week)
    #[arg(long, value_name = "SECS", value_parser = parse_timeout, default_value_t = DEFAULT_TIMEOUT)]
    timeout: f64,
}

#[derive(Args)]
struct SlurmArgs {
    /// Number of array tasks; trial k goes to shard (k mod N) + 1
    #[arg(long)]
    shards: usize,
    /// Report folder the shards and the merge share (on a shared file system)
    #[arg(long, default_value = "reports")]
    out: PathBuf,
    /// Where to write the scripts (and logs/)
    #[arg(long, default_value = "slurm")]
    dir: PathBuf,
    /// CPUs per array task (passed to `-j`)
    #[arg(long, default_value_t = 2)]
    cpus: usize,
    /// Wall-time limit per task (Slurm's `--time`)
    #[arg(long, default_value = "01:00:00")]
    time: String,
    /// Slurm partition
    #[arg(long)]
    partition: Option<String>,
    /// Use the spec's `fast:` overrides
    #[arg(long)]
    fast: bool,
}

/// Runs the CLI and returns the process exit code.
pub fn main() -> i32 {
    let cli = Cli::parse();
    if let Some(n) = cli.jobs {
        if n == 0 {
            eprintln!("error: -j needs at least 1 thread");
            return 2;
        }
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global();
    }
    if let Some(gib) = cli.memory_limit {
        if !(gib.is_finite() && gib > 0.0) {
            eprintln!("error: --memory-limit needs a positive number of GiB");
            return 2;
        }
        crate::kinds::set_memory_limit((gib * (1u64 << 30) as f64) as u64);
    }
    for dir in &cli.allow_path {
        if let Err(e) = load::allow_path(dir) {
            eprintln!("error: --allow-path {}: {e}", dir.display());
            return 2;
        }
    }
    match cli.cmd {
        Cmd::Run {
            specs,
            shard: Some(shard),
            out,
        } => run_shards(&specs, &out, shard),
        Cmd::Run {
            specs,
            shard: None,
            out,
        } => run_specs(&specs, &out, Mode::Run),
        Cmd::Merge { specs, out } => run_specs(&specs, &out, Mode::Merge),
        Cmd::Slurm { spec, args } => write_slurm(&spec, &args),
        Cmd::RunAll { dir, out } => match load::spec_files(&dir) {
            Ok(specs) if specs.is_empty() => {
                eprintln!("error: no *.yaml specs in {}", dir.display());
                2
            }
            Ok(specs) => run_specs(&specs, &out, Mode::Run),
            Err(e) => {
                eprintln!("error: cannot read the folder {}: {e}", dir.display());
                2
            }
        },
        Cmd::Check {
            specs,
            fast,
            strict,
        } => check_specs(&specs, fast, strict),
        Cmd::List => {
            list();
            0
        }
        Cmd::Export {
            experiment,
            pdf,
            bundle,
            paper,
            out,
        } => export(&experiment, pdf, bundle, paper, &out),
        Cmd::Gallery { out } => {
            let page = render::gallery(&out);
            match render::write_atomic(&out.join("gallery.html"), page.as_bytes()) {
                Ok(()) => {
                    println!("{}", out.join("gallery.html").display());
                    0
                }
                Err(e) => {
                    eprintln!(
                        "error: cannot write {}: {e}",
                        out.join("gallery.html").display()
                    );
                    1
                }
            }
        }
        Cmd::Schema => {
            let text =
                serde_json::to_string_pretty(&crate::schema::spec_schema()).unwrap_or_default();
            println!("{text}");
            0
        }
        Cmd::Markdown => {
            let mut input = String::new();
            let texts: Result<Vec<String>, String> =
                std::io::Read::read_to_string(&mut std::io::stdin(), &mut input)
                    .map_err(|e| e.to_string())
                    .and_then(|_| serde_json::from_str(&input).map_err(|e| e.to_string()));
            match texts {
                Ok(texts) => {
                    let html: Vec<String> =
                        texts.iter().map(|t| crate::markdown::to_html(t)).collect();
                    println!("{}", serde_json::to_string(&html).unwrap_or_default());
                    0
                }
                Err(e) => {
                    eprintln!("error: stdin is not a JSON array of strings: {e}");
                    2
                }
            }
        }
        Cmd::New { kind, file, force } => new_spec(&kind, &file, force),
        Cmd::Notebook {
            spec,
            out,
            force,
            fast,
            lang,
        } => write_notebook(&spec, out.as_deref(), force, &Options { fast, lang }),
    }
}

/// `gradlab notebook`: runs the spec (for the outputs the notebook carries) and writes it.
fn write_notebook(spec: &Path, out: Option<&Path>, force: bool, opts: &Options) -> i32 {
    let src = match read(spec) {
        Ok(s) => s,
        Err(msg) => {
            eprintln!("{msg}");
            return 2;
        }
    };
    let exp = match check::check(&src, opts) {
        Ok(e) => e,
        Err(errs) => {
            eprintln!("  invalid {}\n{errs}", spec.display());
            return 2;
        }
    };
    let repo = repository();
    let out = out.map(Path::to_path_buf).unwrap_or_else(|| {
        let dir = repo
            .as_ref()
            .map(|r| r.join("notebooks"))
            .unwrap_or_default();
        dir.join(format!("{}.ipynb", exp.name))
    });
    if out.exists() && !force {
        eprintln!(
            "error: {} exists (add --force to replace it)",
            out.display()
        );
        return 2;
    }
    let ctl = crate::pipeline::Control::default();
    let report = match crate::pipeline::execute_checked(&src, &exp, &Templates::builtin(), &ctl) {
        Ok(r) => r,
        Err(errs) => {
            eprintln!("  invalid {}\n{errs}", spec.display());
            return 2;
        }
    };
    let run = crate::notebook::Run::new(report);
    if let Some(e) = run.error() {
        eprintln!("note: the run failed ({e}); the notebook shows the failure");
    }
    let dir = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("error: cannot create {}: {e}", dir.display());
        return 2;
    }
    let paths = crate::ipynb::Paths {
        crate_dir: relative(
            dir,
            &repo
                .clone()
                .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR"))),
        ),
        spec: relative(dir, spec),
        reports: relative(dir, &repo.unwrap_or_default().join("reports")),
        lang: opts.lang.map(|l| l.code().to_string()),
    };
    // The spec as a cell opens it: by its path relative to the notebook.
    let cell_src = Source::from_text(&paths.spec, src.text.clone());
    let cell_spec = match crate::notebook::Spec::with_options(cell_src, opts.clone()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("  invalid {}\n{e}", spec.display());
            return 2;
        }
    };
    let nb = crate::ipynb::notebook(&exp, &cell_spec, &run, &paths);
    let text = serde_json::to_string_pretty(&nb).unwrap_or_default() + "\n";
    match render::write_atomic(&out, text.as_bytes()) {
        Ok(()) => {
            println!("wrote {}", out.display());
            0
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", out.display());
            2
        }
    }
}

/// The gradlab repository around the current folder: the nearest folder upwards whose
/// `Cargo.toml` names the package `gradlab`.
fn repository() -> Option<PathBuf> {
    let here = std::env::current_dir().ok()?;
    here.ancestors()
        .find(|dir| {
            std::fs::read_to_string(dir.join("Cargo.toml"))
                .is_ok_and(|m| m.contains("name = \"gradlab\""))
        })
        .map(Path::to_path_buf)
}

/// `to` relative to the folder `from` (both taken as absolute), with `/` separators.
fn relative(from: &Path, to: &Path) -> String {
    let abs = |p: &Path| {
        std::fs::canonicalize(p)
            .or_else(|_| std::path::absolute(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    let (from, to) = (abs(from), abs(to));
    let a: Vec<_> = from.components().collect();
    let b: Vec<_> = to.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_string(); a.len() - common];
    parts.extend(
        b[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    }
}

/// Progress on stderr: on a terminal an indicatif bar with the trial count and ETA,
/// prefixed by the experiment's place in the run (`[3/29] name`); in logs (CI) a plain line
/// per quarter of the trials; nothing with `--quiet`.
struct Progress {
    name: String,
    quiet: bool,
    bar: Option<indicatif::ProgressBar>,
    shown: std::sync::Mutex<usize>,
}

impl Progress {
    fn new(
        name: &str,
        place: (usize, usize),
        quiet: bool,
        multi: Option<&indicatif::MultiProgress>,
    ) -> Progress {
        use std::io::IsTerminal;
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            // Experiments run side by side: their bars stack in one MultiProgress.
            let bar = match multi {
                Some(m) => m.add(indicatif::ProgressBar::new(0)),
                None => indicatif::ProgressBar::new(0),
            };
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{prefix} {bar:28.cyan/blue} {pos}/{len} trials  {elapsed} elapsed, ETA {eta}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("█▉▊▋▌▍▎▏ "),
            );
            bar.set_prefix(format!("[{}/{}] {name}", place.0, place.1));
            bar
        });
        Progress {
            name: name.to_string(),
            quiet,
            bar,
            shown: std::sync::Mutex::new(0),
        }
    }

    fn trial(&self, done: usize, total: usize) {
        if self.quiet || total < 2 {
            return;
        }
        if let Some(bar) = &self.bar {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
            return;
        }
        let Ok(mut shown) = self.shown.lock() else {
            return;
        };
        let quarter = done * 4 / total;
        if quarter > *shown {
            *shown = quarter;
            eprintln!("  running {:<34} {done}/{total} trials", self.name);
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn read(path: &Path) -> Result<Source, String> {
    load::load(path).map_err(|e| match e.kind() {
        // The message starts with `line:col:`, so the location reads `file:line:col`.
        std::io::ErrorKind::InvalidData => format!("error: {}:{e}", path.display()),
        _ => format!("error: cannot read {}: {e}", path.display()),
    })
}

/// How `run_specs` treats each spec.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// Compute what changed (content cache), render the report.
    Run,
    /// Render from stored outcomes only (after the shards of a sweep ran).
    Merge,
}

fn load_templates(args: &OutArgs) -> Result<Templates, i32> {
    match &args.templates {
        Some(dir) => Templates::with_overrides(dir).map_err(|e| {
            eprintln!(
                "error: the templates in {} do not parse: {e}",
                dir.display()
            );
            2
        }),
        None => Ok(Templates::builtin()),
    }
}

/// The code version the cache keys on: crate version, git revision and source hash.
fn code_version() -> String {
    let (v, rev) = crate::pipeline::version();
    format!(
        "{v} {} {}",
        rev.unwrap_or("-"),
        crate::pipeline::source_hash()
    )
}

/// Runs `f` on its own thread (with the main thread's 8 MiB of stack) and gives up waiting
/// after `secs` seconds (the thread is left to finish in the background and dies with the
/// process).
fn with_limit<T: Send + 'static>(secs: f64, f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("experiment".into())
        .stack_size(8 << 20)
        .spawn(move || {
            let _ = tx.send(f());
        })
        .ok()?;
    // `--timeout` is checked when parsed; a limit no `Duration` holds is no limit.
    match std::time::Duration::try_from_secs_f64(secs) {
        Ok(limit) => rx.recv_timeout(limit).ok(),
        Err(_) => rx.recv().ok(),
    }
}

/// What one experiment of a run came to.
#[derive(Default)]
struct Done {
    code: i32,
    ok: bool,
    failed: bool,
    /// An index entry for an experiment without a (new) report: invalid, or out of time.
    entry: Option<IndexEntry>,
}

/// Shared by the workers of one `run`/`run-all`/`merge`.
struct RunCtx<'a> {
    args: &'a OutArgs,
    mode: Mode,
    opts: Options,
    cache: crate::cache::Cache,
    templates: std::sync::Arc<Templates>,
    multi: indicatif::MultiProgress,
}

fn run_one(ctx: &RunCtx, path: &Path, place: (usize, usize)) -> Done {
    let (args, mode, opts, cache, templates) =
        (ctx.args, ctx.mode, &ctx.opts, &ctx.cache, &ctx.templates);
    let mut d = Done::default();
    let mut stdout = std::io::stdout();
    let name = load::experiment_name(path);
    let src = match read(path) {
        Ok(s) => s,
        Err(msg) => {
            eprintln!("{msg}");
            d.code = d.code.max(2);
            d.entry = Some(invalid_entry(&name, &path.display().to_string(), &msg));
            return d;
        }
    };
    let exp = match check::check(&src, opts) {
        Ok(e) => e,
        Err(errs) => {
            eprintln!("  invalid {name}\n{errs}");
            d.code = d.code.max(2);
            d.entry = Some(invalid_spec_entry(&name, &src, &errs));
            return d;
        }
    };
    let mut manifest = crate::cache::Manifest {
        // The page also depends on the language and the templates in use.
        spec_hash: format!(
            "{} {} {}",
            crate::pipeline::spec_hash(&exp),
            exp.lang.code(),
            templates.fingerprint()
        ),
        code: code_version(),
        data: crate::nn::data::fingerprint().to_string(),
        trials: exp
            .trials
            .iter()
            .map(|t| crate::pipeline::trial_key(&exp, t))
            .collect(),
        status: "ok".into(),
    };
    if mode == Mode::Merge {
        let missing: Vec<String> = exp
            .trials
            .iter()
            .zip(&manifest.trials)
            .filter(|(_, k)| !cache.has(k))
            .map(|(t, _)| t.index.to_string())
            .collect();
        if !missing.is_empty() {
            d.failed = true;
            d.code = d.code.max(1);
            eprintln!(
                "  FAILED  {name}: {} of {} trials are not stored yet (trial {}); run their shards (`gradlab run {} --shard I/N --out {}`) first. The report was not touched.",
                missing.len(),
                exp.trials.len(),
                missing.join(", "),
                path.display(),
                args.out.display()
            );
            return d;
        }
    }
    let report_exists = args.out.join(&exp.name).join("index.html").is_file();
    let reason = match (mode, args.no_cache) {
        (Mode::Merge, _) => "merged from stored trials".to_string(),
        (_, true) => "cache off".to_string(),
        _ => match cache.decide(&exp.name, &manifest, report_exists, args.force) {
            crate::cache::Decision::Cached => {
                d.ok = true;
                if !args.quiet {
                    let _ = writeln!(stdout, "  cached  {name}");
                }
                return d;
            }
            crate::cache::Decision::Run(r) => r,
        },
    };
    let show = std::sync::Arc::new(Progress::new(&name, place, args.quiet, Some(&ctx.multi)));
    let job = {
        let (show, templates, cache) = (show.clone(), templates.clone(), cache.clone());
        let (src, exp) = (src.clone(), exp.clone());
        let (use_cache, refresh) = (!args.no_cache, args.force);
        move || {
            let progress = |done: usize, total: usize| show.trial(done, total);
            let ctl = crate::pipeline::Control {
                store: use_cache.then_some(&cache as &dyn crate::run::TrialStore),
                stored_only: mode == Mode::Merge,
                refresh: refresh && mode == Mode::Run,
                progress: &progress,
            };
            crate::pipeline::execute_checked(&src, &exp, &templates, &ctl)
        }
    };
    let result = with_limit(args.timeout, job);
    show.finish();
    let Some(result) = result else {
        d.failed = true;
        d.code = d.code.max(1);
        let msg = format!(
            "time limit of {} s exceeded; the previous report, if any, is kept",
            args.timeout
        );
        eprintln!("  FAILED  {name}: {msg}");
        let mut entry = invalid_entry(&name, &exp.title, &msg);
        entry.status = "failed".into();
        d.entry = Some(entry);
        return d;
    };
    match result {
        Ok(report) => match render::write_report(&args.out, &report) {
            Ok(page) => {
                manifest.status = report.info.status.clone();
                if let Err(e) = cache.save_manifest(&exp.name, &manifest) {
                    eprintln!("warning: cannot write the cache manifest: {e}");
                }
                if report.info.status == "ok" {
                    d.ok = true;
                    if !args.quiet {
                        let cached = report.info.trials_cached;
                        let from_store = if cached > 0 && !reason.starts_with("text changed") {
                            format!(", {cached} of {} trials cached", report.info.trials)
                        } else {
                            String::new()
                        };
                        let _ = writeln!(
                            stdout,
                            "  ran     {:<34} {:>7.3} s  ({reason}{from_store})  {}",
                            name,
                            report.info.duration_s,
                            page.display()
                        );
                    }
                } else if report.info.status == "claim failed" {
                    // The report is written and complete; a claim of the spec is false.
                    d.failed = true;
                    d.code = d.code.max(1);
                    eprintln!(
                        "  CLAIM ✗ {name}: {} (report: {})",
                        report.info.claims_failed.join("; "),
                        page.display()
                    );
                } else {
                    d.failed = true;
                    d.code = d.code.max(1);
                    eprintln!(
                        "  FAILED  {name}: {}",
                        report.info.error.as_deref().unwrap_or("")
                    );
                }
            }
            Err(e) => {
                d.failed = true;
                d.code = d.code.max(1);
                eprintln!(
                    "  FAILED  {name}: cannot write the report into {}: {e}",
                    args.out.display()
                );
            }
        },
        Err(errs) => {
            eprintln!("  invalid {name}\n{errs}");
            d.code = d.code.max(2);
            d.entry = Some(invalid_spec_entry(&name, &src, &errs));
        }
    }
    d
}

/// Runs the specs: experiments in parallel on as many workers as `-j` allows (each
/// experiment's trials share the same thread pool), then the index page.
/// Creates `out` and checks that it can be written before anything is computed.
fn prepare_out(out: &Path) -> Result<(), i32> {
    render::prepare_out(out).map_err(|e| {
        eprintln!(
            "error: cannot write reports to {}: {e}\n   = help: choose a writable folder with --out DIR",
            out.display()
        );
        2
    })
}

/// Specs whose report folder name another spec of the same run already has: they would
/// overwrite each other's report, so the later ones are refused.
fn same_names(specs: &[PathBuf]) -> Vec<(PathBuf, PathBuf)> {
    let mut seen: std::collections::HashMap<String, &PathBuf> = Default::default();
    let mut clashes = Vec::new();
    for p in specs {
        let name = load::experiment_name(p);
        match seen.get(&name) {
            Some(first) => clashes.push((p.clone(), (*first).clone())),
            None => {
                seen.insert(name, p);
            }
        }
    }
    clashes
}

fn run_specs(specs: &[PathBuf], args: &OutArgs, mode: Mode) -> i32 {
    // The check refuses an experiment estimated to need longer than the run may take.
    crate::kinds::set_time_limit(args.timeout);
    let templates = match load_templates(args) {
        Ok(t) => std::sync::Arc::new(t),
        Err(code) => return code,
    };
    if let Err(code) = prepare_out(&args.out) {
        return code;
    }
    let clashes = same_names(specs);
    for (p, first) in &clashes {
        eprintln!(
            "error: {} would write its report to the same folder `{}` as {}\n   = help: rename one of the files",
            p.display(),
            load::experiment_name(p),
            first.display()
        );
    }
    let kept: Vec<PathBuf> = specs
        .iter()
        .filter(|p| !clashes.iter().any(|(c, _)| c == *p))
        .cloned()
        .collect();
    let specs = &kept[..];
    let ctx = RunCtx {
        args,
        mode,
        opts: Options {
            fast: args.fast,
            lang: args.lang,
        },
        cache: crate::cache::Cache::new(&args.out),
        templates: templates.clone(),
        multi: indicatif::MultiProgress::new(),
    };
    let next = std::sync::atomic::AtomicUsize::new(0);
    let done = std::sync::Mutex::new(Vec::new());
    let workers = rayon::current_num_threads().clamp(1, specs.len().max(1));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(path) = specs.get(i) else {
                    break;
                };
                let d = run_one(&ctx, path, (i + 1, specs.len()));
                if let Ok(mut v) = done.lock() {
                    v.push(d);
                }
            });
        }
    });
    let done = done.into_inner().unwrap_or_default();
    let mut code = done.iter().map(|d| d.code).max().unwrap_or(0);
    if !clashes.is_empty() {
        code = code.max(2);
    }
    let ok = done.iter().filter(|d| d.ok).count();
    let failed = done.iter().filter(|d| d.failed).count();
    let invalid: Vec<IndexEntry> = done.into_iter().filter_map(|d| d.entry).collect();
    let mut stdout = std::io::stdout();
    // The index lists every report on disk; specs that were invalid this time show so.
    let mut entries = render::existing_entries(&args.out);
    for inv in invalid {
        match entries.iter_mut().find(|e| e.name == inv.name) {
            Some(e) => {
                e.status = inv.status;
                e.error = inv.error;
            }
            None => entries.push(inv),
        }
    }
    if std::fs::create_dir_all(&args.out).is_ok() {
        match render::index(&templates, &entries, args.lang.unwrap_or_default()) {
            Ok(html) => {
                if let Err(e) = render::write_atomic(&args.out.join("index.html"), html.as_bytes())
                {
                    eprintln!("error: cannot write the index page: {e}");
                    code = code.max(1);
                }
            }
            Err(e) => {
                eprintln!("error: the index template failed: {e}");
                code = code.max(1);
            }
        }
    }
    if !args.quiet {
        let bad = specs.len() - ok - failed + clashes.len();
        let _ = writeln!(
            stdout,
            "{} experiment(s): {ok} ok, {failed} failed, {bad} invalid → {}",
            specs.len() + clashes.len(),
            args.out.join("index.html").display()
        );
    }
    code
}

/// `gradlab run SPEC --shard I/N`: compute one slice of each spec's trials into the store.
fn run_shards(specs: &[PathBuf], args: &OutArgs, shard: (usize, usize)) -> i32 {
    // The check refuses an experiment estimated to need longer than the run may take.
    crate::kinds::set_time_limit(args.timeout);
    let opts = Options {
        fast: args.fast,
        lang: args.lang,
    };
    if let Err(code) = prepare_out(&args.out) {
        return code;
    }
    let cache = crate::cache::Cache::new(&args.out);
    let mut code = 0;
    for (place, path) in specs.iter().enumerate() {
        let place = (place + 1, specs.len());
        let name = load::experiment_name(path);
        let src = match read(path) {
            Ok(s) => s,
            Err(msg) => {
                eprintln!("{msg}");
                code = code.max(2);
                continue;
            }
        };
        let exp = match check::check(&src, &opts) {
            Ok(e) => e,
            Err(errs) => {
                eprintln!("  invalid {name}\n{errs}");
                code = code.max(2);
                continue;
            }
        };
        let show = Progress::new(&name, place, args.quiet, None);
        let progress = |done: usize, total: usize| show.trial(done, total);
        let (computed, stored, failures) =
            crate::pipeline::run_shard(&exp, shard, &cache, &progress);
        show.finish();
        for f in &failures {
            eprintln!("  FAILED  {name}: {f}");
        }
        if !failures.is_empty() {
            code = code.max(1);
        }
        if !args.quiet {
            println!(
                "  shard {}/{} {name}: {computed} trial(s) computed, {stored} already stored, {} failed (of {} in the sweep) → {}",
                shard.0,
                shard.1,
                failures.len(),
                exp.trials.len(),
                args.out.join(".cache").display()
            );
        }
    }
    code
}

/// `gradlab export NAME --pdf --bundle`.
fn export(
    experiment: &Path,
    pdf: bool,
    bundle: bool,
    paper: crate::export::Paper,
    out: &Path,
) -> i32 {
    if !pdf && !bundle {
        eprintln!("error: say what to export: --pdf, --bundle or both");
        return 2;
    }
    let name = load::experiment_name(experiment);
    let dir = out.join(&name);
    if !dir.join("index.html").is_file() {
        eprintln!(
            "error: there is no report {} (run `gradlab run experiments/{name}.yaml --out {}` first)",
            dir.join("index.html").display(),
            out.display()
        );
        return 2;
    }
    let mut code = 0;
    match crate::export::find_chromium() {
        Some(chromium) => match crate::export::pdf(&dir, &chromium, paper) {
            Ok(p) => println!("wrote {}", p.display()),
            Err(e) => {
                eprintln!("error: {e}");
                code = 1;
            }
        },
        None if pdf => {
            eprintln!("error: {}", crate::export::CHROMIUM_HELP);
            code = 1;
        }
        None => eprintln!(
            "note: the bundle has no PDF. {}",
            crate::export::CHROMIUM_HELP
        ),
    }
    if bundle {
        match crate::export::bundle(out, &name) {
            Ok((path, files)) => println!("wrote {} ({} files)", path.display(), files.len()),
            Err(e) => {
                eprintln!("error: {e}");
                code = 1;
            }
        }
    }
    code
}

/// The longest `--timeout`, in seconds: a week.
pub const MAX_TIMEOUT: f64 = 7.0 * 24.0 * 3600.0;

/// The time limit of one experiment without `--timeout`: ten minutes, fifty times what the
/// slowest shipped experiment needs, so that a spec from someone else cannot hold a whole
/// run of a class's specs.
pub const DEFAULT_TIMEOUT: f64 = 600.0;

/// `--timeout SECS`: a number of seconds above 0 and at most [`MAX_TIMEOUT`].
fn parse_timeout(s: &str) -> Result<f64, String> {
    let secs: f64 = s
        .trim()
        .parse()
        .map_err(|_| "a time limit is a number of seconds, such as 30 or 0.5".to_string())?;
    if !(secs.is_finite() && secs > 0.0 && secs <= MAX_TIMEOUT) {
        return Err(format!(
            "a time limit is more than 0 and at most {MAX_TIMEOUT} seconds (a week)"
        ));
    }
    Ok(secs)
}

/// Parses `I/N` with 1 ≤ I ≤ N.
fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let (i, n) = s
        .split_once('/')
        .ok_or_else(|| format!("`{s}` is not of the form I/N (for example 2/8)"))?;
    let (i, n): (usize, usize) = (
        i.trim()
            .parse()
            .map_err(|_| format!("`{i}` is not a number"))?,
        n.trim()
            .parse()
            .map_err(|_| format!("`{n}` is not a number"))?,
    );
    if n == 0 || i == 0 || i > n {
        return Err(format!("shard {i}/{n}: need 1 ≤ I ≤ N"));
    }
    Ok((i, n))
}

/// Quotes a word for a POSIX shell.
fn sh(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// `gradlab slurm SPEC --shards N`: a job-array script, a merge script that depends on it,
/// and the submit script that chains them.
fn write_slurm(spec: &Path, sl: &SlurmArgs) -> i32 {
    let src = match read(spec) {
        Ok(s) => s,
        Err(msg) => {
            eprintln!("{msg}");
            return 2;
        }
    };
    let exp = match check::check(
        &src,
        &Options {
            fast: sl.fast,
            lang: None,
        },
    ) {
        Ok(e) => e,
        Err(errs) => {
            eprintln!("  invalid {}\n{errs}", spec.display());
            return 2;
        }
    };
    if sl.shards == 0 || sl.shards > 10_000 {
        eprintln!("error: --shards must be between 1 and 10000");
        return 2;
    }
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("gradlab"));
    let (spec_abs, out_abs, dir_abs) = (abs(spec), abs(&sl.out), abs(&sl.dir));
    let fast = if sl.fast { " --fast" } else { "" };
    let name = &exp.name;
    let head = |job: &str, extra: &str| {
        format!(
            "#!/bin/bash\n# Written by `gradlab slurm` for {spec} ({trials} trials).\n#SBATCH --job-name=gradlab-{job}\n#SBATCH --cpus-per-task={cpus}\n#SBATCH --time={time}\n{partition}{extra}#SBATCH --output={logs}/{job}-%A_%a.out\nset -euo pipefail\ncd {cwd}\n",
            spec = spec.display(),
            trials = exp.trials.len(),
            cpus = sl.cpus,
            time = sl.time,
            partition = sl
                .partition
                .as_ref()
                .map(|p| format!("#SBATCH --partition={p}\n"))
                .unwrap_or_default(),
            logs = dir_abs.join("logs").display(),
            cwd = sh(&std::env::current_dir()
                .map(|d| d.display().to_string())
                .unwrap_or_else(|_| ".".into())),
        )
    };
    let shards = format!(
        "{}exec {} run {} --shard \"${{SLURM_ARRAY_TASK_ID}}/{n}\" --out {} -j \"${{SLURM_CPUS_PER_TASK:-1}}\"{fast}\n",
        head(&format!("{name}-shards"), &format!("#SBATCH --array=1-{}\n", sl.shards)),
        sh(&exe.display().to_string()),
        sh(&spec_abs.display().to_string()),
        sh(&out_abs.display().to_string()),
        n = sl.shards,
    );
    let merge = format!(
        "{}exec {} merge {} --out {}{fast}\n",
        head(&format!("{name}-merge"), ""),
        sh(&exe.display().to_string()),
        sh(&spec_abs.display().to_string()),
        sh(&out_abs.display().to_string()),
    );
    let shards_file = dir_abs.join(format!("{name}-shards.sbatch"));
    let merge_file = dir_abs.join(format!("{name}-merge.sbatch"));
    let submit = format!(
        "#!/bin/bash\n# Submits the {n} shards of {spec} as a job array, then the merge once they all succeed.\nset -euo pipefail\njob=$(sbatch --parsable {shards})\necho \"shards: job $job\"\nmerge=$(sbatch --parsable --dependency=afterok:\"${{job%%;*}}\" {merge})\necho \"merge: job $merge\"\n",
        n = sl.shards,
        spec = spec.display(),
        shards = sh(&shards_file.display().to_string()),
        merge = sh(&merge_file.display().to_string()),
    );
    let submit_file = dir_abs.join(format!("{name}-submit.sh"));
    let written = std::fs::create_dir_all(dir_abs.join("logs"))
        .and_then(|_| render::write_atomic(&shards_file, shards.as_bytes()))
        .and_then(|_| render::write_atomic(&merge_file, merge.as_bytes()))
        .and_then(|_| render::write_atomic(&submit_file, submit.as_bytes()))
        .and_then(|_| {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&submit_file, std::fs::Permissions::from_mode(0o755))
        });
    if let Err(e) = written {
        eprintln!("error: cannot write into {}: {e}", dir_abs.display());
        return 1;
    }
    println!(
        "wrote {}\n      {}\n      {}\nsubmit with: {}",
        shards_file.display(),
        merge_file.display(),
        submit_file.display(),
        submit_file.display()
    );
    0
}

/// The index entry of a spec that did not check: its first error, located.
fn invalid_spec_entry(name: &str, src: &Source, errs: &crate::error::SpecErrors) -> IndexEntry {
    let first = errs
        .0
        .first()
        .map(|e| format!("{}:{}:{}: {}", e.file, e.line, e.col, e.message));
    invalid_entry(
        name,
        &src.path.display().to_string(),
        &first.unwrap_or_default(),
    )
}

fn invalid_entry(name: &str, title: &str, error: &str) -> IndexEntry {
    IndexEntry {
        name: name.to_string(),
        chapter: String::new(),
        thumbnail: None,
        headline_html: None,
        title: title.to_string(),
        kind: String::new(),
        status: "invalid".into(),
        error: Some(error.to_string()),
        started: String::new(),
        duration_s: None,
        has_report: false,
        claims: 0,
        claims_failed: 0,
        claims_note: None,
    }
}

fn check_specs(specs: &[PathBuf], fast: bool, strict: bool) -> i32 {
    let mut code = 0;
    for path in specs {
        let src = match read(path) {
            Ok(s) => s,
            Err(msg) => {
                eprintln!("{msg}");
                code = 2;
                continue;
            }
        };
        let typed = if strict {
            check::typed_numbers(&src).unwrap_or_default()
        } else {
            Vec::new()
        };
        match check::check(&src, &Options { fast, lang: None }) {
            Ok(_) if !typed.is_empty() => {
                eprintln!(
                    "  invalid {}\n{}",
                    path.display(),
                    crate::error::SpecErrors(typed)
                );
                code = 2;
            }
            Ok(exp) => {
                // The time estimate is a lower bound: shown once it passes a second.
                let secs = crate::plan::estimated_seconds(&exp.trials);
                println!(
                    "  ok      {} ({}, {} trial{}{})",
                    path.display(),
                    exp.kind.id(),
                    exp.trials.len(),
                    if exp.trials.len() == 1 { "" } else { "s" },
                    if secs >= 1.0 {
                        format!(", at least about {secs:.0} s")
                    } else {
                        String::new()
                    }
                )
            }
            Err(errs) => {
                eprintln!("  invalid {}\n{errs}", path.display());
                code = 2;
            }
        }
    }
    code
}

fn list() {
    for k in crate::kinds::all() {
        println!(
            "{}\n    {}\n    example:",
            k.id(),
            k.summary().split_whitespace().collect::<Vec<_>>().join(" ")
        );
        for line in k.example().lines() {
            println!("      {line}");
        }
        println!("    starter: gradlab new {} my-experiment.yaml\n", k.id());
    }
}

fn new_spec(kind: &str, file: &Path, force: bool) -> i32 {
    let Some(info) = crate::kinds::find(kind) else {
        let ids: Vec<&str> = crate::kinds::all().iter().map(|k| k.id()).collect();
        eprintln!(
            "error: unknown kind `{kind}`; the kinds are: {}",
            ids.join(", ")
        );
        if let Some(s) = suggest(kind, ids.iter().copied()) {
            eprintln!("   = help: did you mean `{s}`?");
        }
        return 2;
    };
    if file.exists() && !force {
        eprintln!(
            "error: {} exists; pass --force to overwrite it",
            file.display()
        );
        return 2;
    }
    if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
        if let Err(e) = std::fs::create_dir_all(parent) {
            eprintln!("error: cannot create {}: {e}", parent.display());
            return 2;
        }
    }
    match std::fs::write(file, info.starter()) {
        Ok(()) => {
            println!(
                "wrote {} ({} starter); run it with: gradlab run {}",
                file.display(),
                info.id(),
                file.display()
            );
            0
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", file.display());
            2
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_past_its_limit_is_given_up_and_one_within_it_returns() {
        // A job that sleeps far past the limit: given up (None) long before it ends.
        let start = std::time::Instant::now();
        let late = with_limit(0.05, || {
            std::thread::sleep(std::time::Duration::from_secs(2));
            1
        });
        assert_eq!(late, None);
        assert!(start.elapsed() < std::time::Duration::from_secs(2));
        assert_eq!(with_limit(30.0, || 42), Some(42));
    }
}
