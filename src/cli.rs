//! The command line: arguments in, files and messages out, an exit code back.
//!
//! Exit codes: 0 every experiment ok, 1 an experiment failed while running, 2 bad input
//! (an invalid spec, a missing file, a bad argument). Other experiments always still run.

use crate::check::{self, Options};
use crate::error::{suggest, Error};
use crate::kinds::KINDS;
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
        #[command(flatten)]
        out: OutArgs,
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
    },
    /// List every experiment kind with a description and an example
    List,
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
}

/// Runs the CLI and returns the process exit code.
pub fn main() -> i32 {
    let cli = Cli::parse();
    match cli.cmd {
        Cmd::Run { specs, out } => run_specs(&specs, &out),
        Cmd::RunAll { dir, out } => match load::spec_files(&dir) {
            Ok(specs) if specs.is_empty() => {
                eprintln!("error: no *.yaml specs in {}", dir.display());
                2
            }
            Ok(specs) => run_specs(&specs, &out),
            Err(e) => {
                eprintln!("error: cannot read the folder {}: {e}", dir.display());
                2
            }
        },
        Cmd::Check { specs, fast } => check_specs(&specs, fast),
        Cmd::List => {
            list();
            0
        }
        Cmd::New { kind, file, force } => new_spec(&kind, &file, force),
    }
}

/// Sweep progress on stderr: one rewritten line on a terminal, a line per quarter in logs.
struct Progress {
    name: String,
    quiet: bool,
    terminal: bool,
    shown: std::sync::Mutex<(usize, bool)>,
}

impl Progress {
    fn new(name: &str, quiet: bool) -> Progress {
        use std::io::IsTerminal;
        Progress {
            name: name.to_string(),
            quiet,
            terminal: std::io::stderr().is_terminal(),
            shown: std::sync::Mutex::new((0, false)),
        }
    }

    fn trial(&self, done: usize, total: usize) {
        if self.quiet || total < 2 {
            return;
        }
        let Ok(mut shown) = self.shown.lock() else {
            return;
        };
        if self.terminal {
            eprint!("\r  running {:<34} trial {done}/{total}", self.name);
            shown.1 = true;
        } else {
            let quarter = done * 4 / total;
            if quarter > shown.0 {
                shown.0 = quarter;
                eprintln!("  running {:<34} {done}/{total} trials", self.name);
            }
        }
    }

    fn finish(&self) {
        if let Ok(shown) = self.shown.lock() {
            if shown.1 {
                eprint!("\r{:<80}\r", "");
            }
        }
    }
}

fn read(path: &Path) -> Result<Source, String> {
    load::load(path).map_err(|e| format!("error: cannot read {}: {e}", path.display()))
}

fn run_specs(specs: &[PathBuf], args: &OutArgs) -> i32 {
    let templates = match &args.templates {
        Some(dir) => match Templates::with_overrides(dir) {
            Ok(t) => t,
            Err(e) => {
                eprintln!(
                    "error: the templates in {} do not parse: {e}",
                    dir.display()
                );
                return 2;
            }
        },
        None => Templates::builtin(),
    };
    let opts = Options { fast: args.fast };
    let mut code = 0;
    let mut invalid: Vec<IndexEntry> = Vec::new();
    let (mut ok, mut failed) = (0, 0);
    let mut stdout = std::io::stdout();
    for path in specs {
        let name = load::experiment_name(path);
        let src = match read(path) {
            Ok(s) => s,
            Err(msg) => {
                eprintln!("{msg}");
                code = code.max(2);
                invalid.push(invalid_entry(&name, &path.display().to_string(), &msg));
                continue;
            }
        };
        let show = Progress::new(&name, args.quiet);
        let progress = |done: usize, total: usize| show.trial(done, total);
        let result = crate::pipeline::execute_with_progress(&src, &opts, &templates, &progress);
        show.finish();
        match result {
            Ok(report) => match render::write_report(&args.out, &report) {
                Ok(page) => {
                    if report.info.status == "ok" {
                        ok += 1;
                        if !args.quiet {
                            let _ = writeln!(
                                stdout,
                                "  ok      {:<34} {:>7.3} s  {}",
                                name,
                                report.info.duration_s,
                                page.display()
                            );
                        }
                    } else {
                        failed += 1;
                        code = code.max(1);
                        eprintln!(
                            "  FAILED  {name}: {}",
                            report.info.error.as_deref().unwrap_or("")
                        );
                    }
                }
                Err(e) => {
                    failed += 1;
                    code = code.max(1);
                    eprintln!(
                        "  FAILED  {name}: cannot write the report into {}: {e}",
                        args.out.display()
                    );
                }
            },
            Err(Error::Spec(errs)) => {
                eprintln!("  invalid {name}\n{errs}");
                code = code.max(2);
                let first = errs
                    .0
                    .first()
                    .map(|e| format!("{}:{}:{}: {}", e.file, e.line, e.col, e.message));
                invalid.push(invalid_entry(
                    &name,
                    &src.path.display().to_string(),
                    &first.unwrap_or_default(),
                ));
            }
            Err(Error::Failed(msg)) => {
                failed += 1;
                code = code.max(1);
                eprintln!("  FAILED  {name}: {msg}");
            }
        }
    }
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
        match render::index(&templates, &entries) {
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
        let bad = specs.len() - ok - failed;
        let _ = writeln!(
            stdout,
            "{} experiment(s): {ok} ok, {failed} failed, {bad} invalid → {}",
            specs.len(),
            args.out.join("index.html").display()
        );
    }
    code
}

fn invalid_entry(name: &str, title: &str, error: &str) -> IndexEntry {
    IndexEntry {
        name: name.to_string(),
        title: title.to_string(),
        kind: String::new(),
        status: "invalid".into(),
        error: Some(error.to_string()),
        started: String::new(),
        duration_s: None,
        has_report: false,
    }
}

fn check_specs(specs: &[PathBuf], fast: bool) -> i32 {
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
        match check::check(&src, &Options { fast }) {
            Ok(exp) => println!(
                "  ok      {} ({}, {} trial{})",
                path.display(),
                crate::kinds::info(exp.kind).id,
                exp.trials.len(),
                if exp.trials.len() == 1 { "" } else { "s" }
            ),
            Err(errs) => {
                eprintln!("  invalid {}\n{errs}", path.display());
                code = 2;
            }
        }
    }
    code
}

fn list() {
    for k in KINDS {
        println!(
            "{}\n    {}\n    example:",
            k.id,
            k.summary.split_whitespace().collect::<Vec<_>>().join(" ")
        );
        for line in k.example.lines() {
            println!("      {line}");
        }
        println!("    starter: gradlab new {} my-experiment.yaml\n", k.id);
    }
}

fn new_spec(kind: &str, file: &Path, force: bool) -> i32 {
    let Some(info) = KINDS.iter().find(|k| k.id == kind) else {
        let ids: Vec<&str> = KINDS.iter().map(|k| k.id).collect();
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
    match std::fs::write(file, info.starter) {
        Ok(()) => {
            println!(
                "wrote {} ({} starter); run it with: gradlab run {}",
                file.display(),
                info.id,
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
