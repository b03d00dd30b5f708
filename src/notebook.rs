//! The notebook edge (I/O, beside `cli`): what a Jupyter cell running the evcxr Rust kernel
//! uses.
//!
//! [`Spec::open`] reads a spec, [`Spec::set`] changes a field in code, [`Spec::run`] runs it
//! in memory through the same [`crate::pipeline`] as `gradlab run`, and [`Run`] hands out its
//! figures, tables, metrics (polars DataFrames), findings and the whole report. Every one of
//! these types shows as rich output through evcxr's display protocol: an `evcxr_display`
//! method prints an `EVCXR_BEGIN_CONTENT <mime>` … `EVCXR_END_CONTENT` block on stdout for
//! each form of the value, which the kernel turns into one Jupyter output. The forms come
//! from pure methods (`rich()`, `plain()`, `bundle()`), which is what the tests and the
//! `.ipynb` writer ([`crate::ipynb`]) use.

use crate::check::{self, Options};
use crate::error::SpecErrors;
use crate::load::{self, Source};
use crate::markdown;
use crate::parse::Node;
use crate::render::{self, RenderedFigure, Report, Templates};
use crate::run::ReportTable;
use polars::prelude::{AnyValue, DataFrame, ParquetReader, SerReader};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// One rich output: a MIME type and its content.
#[derive(Debug, Clone, PartialEq)]
pub struct Rich {
    pub mime: &'static str,
    pub content: String,
}

impl Rich {
    fn html(content: String) -> Rich {
        Rich {
            mime: "text/html",
            content,
        }
    }

    fn plain(content: String) -> Rich {
        Rich {
            mime: "text/plain",
            content,
        }
    }

    /// The block evcxr reads from a cell's standard output.
    pub fn protocol(&self) -> String {
        format!(
            "EVCXR_BEGIN_CONTENT {}\n{}\nEVCXR_END_CONTENT\n",
            self.mime, self.content
        )
    }
}

/// Gives a type its display bundle (its `rich()` form, then `plain()` text for consoles and
/// text exports) and evcxr's `evcxr_display`, which prints the bundle: evcxr puts the blocks
/// into one Jupyter output keyed by MIME type (so one value per cell), and the front end
/// picks the form it ranks highest (JupyterLab: HTML, then SVG, then text).
macro_rules! evcxr_display {
    ($($t:ty),*) => {$(
        impl $t {
            /// Every form this value shows as, richest first.
            pub fn bundle(&self) -> Vec<Rich> {
                vec![self.rich(), Rich::plain(self.plain())]
            }

            /// Shows this value as rich output in a Jupyter cell (evcxr's display protocol).
            pub fn evcxr_display(&self) {
                show(&self.bundle());
            }
        }
    )*};
}

evcxr_display!(Spec, Run, Table, Markdown, Report, ReportTable, CellError);

fn show(bundle: &[Rich]) {
    let text: String = bundle.iter().map(Rich::protocol).collect();
    print!("{text}");
}

/// What went wrong in a notebook cell.
#[derive(Debug)]
pub enum CellError {
    /// The spec file could not be read or a result could not be written.
    Io {
        path: String,
        source: std::io::Error,
    },
    /// The spec is invalid (located, as on the command line).
    Spec(SpecErrors),
    /// A request the spec or the run cannot answer: a figure, table or data file the run
    /// does not have, a field path the spec lacks, an unknown language.
    Request(String),
    /// The spec was valid but the computation failed.
    Failed(String),
    /// A data file that polars could not read.
    Data { name: String, message: String },
}

impl From<SpecErrors> for CellError {
    fn from(e: SpecErrors) -> Self {
        CellError::Spec(e)
    }
}

impl std::error::Error for CellError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CellError::Io { source, .. } => Some(source),
            CellError::Spec(e) => Some(e),
            _ => None,
        }
    }
}

/// A preformatted block's font, inline: a front end's or an HTML export's CSS may give
/// `<pre>` a proportional one, and a caret under a located error must line up.
const MONO: &str =
    "font-family:ui-monospace,'DejaVu Sans Mono',Menlo,Consolas,monospace;white-space:pre";

/// Set by evcxr in the process that runs a notebook's cells.
const IN_KERNEL: &str = "EVCXR_IS_RUNTIME";
/// A file every error that reaches a cell's `?` is appended to (`notebooks/check.py` sets
/// it and reads it after each cell).
pub const ERROR_LOG: &str = "GRADLAB_NOTEBOOK_ERRORS";

/// In the Rust kernel, an `Err` that reaches a cell's `?` is printed by evcxr through this
/// `Display` on stderr, which the kernel forwards on its own thread: the text could land in
/// the next cell, or be cut. So there, formatting the error shows it as the cell's own rich
/// output (stdout, which evcxr reads in order before the cell ends), appends it to the file
/// named by [`ERROR_LOG`] when set, and writes nothing to stderr. Everywhere else it is the
/// message. A value shown on purpose (`.unwrap_err()` as a cell's value) goes through
/// `evcxr_display`, not here.
impl std::fmt::Display for CellError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if std::env::var_os(IN_KERNEL).is_none() {
            return f.write_str(&self.message());
        }
        use std::io::Write;
        show(&self.bundle());
        let _ = std::io::stdout().flush();
        if let Some(path) = std::env::var_os(ERROR_LOG) {
            if let Ok(mut log) = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
            {
                let _ = writeln!(log, "{}\n\u{1e}", self.message());
            }
        }
        Ok(())
    }
}

impl CellError {
    /// The message as the command line prints it.
    pub fn message(&self) -> String {
        match self {
            CellError::Io { path, source } => format!("{path}: {source}"),
            CellError::Spec(e) => e.to_string(),
            CellError::Request(m) => m.clone(),
            CellError::Failed(m) => format!("experiment failed: {m}"),
            CellError::Data { name, message } => format!("reading {name}: {message}"),
        }
    }

    /// The message as the command line prints it.
    pub fn plain(&self) -> String {
        self.message()
    }

    /// The message in a preformatted block with its own monospace font (a front end's or an
    /// HTML export's CSS may set another), so the caret under the field lines up.
    pub fn rich(&self) -> Rich {
        Rich::html(format!(
            "<pre class=\"gradlab-error\" style=\"color:#b00020;{MONO}\">{}</pre>",
            esc(&self.message())
        ))
    }
}

impl From<crate::error::Error> for CellError {
    fn from(e: crate::error::Error) -> Self {
        match e {
            crate::error::Error::Spec(s) => CellError::Spec(s),
            crate::error::Error::Failed(m) => CellError::Failed(m),
        }
    }
}

/// A spec in a notebook: read from a file, perhaps changed in code, ready to run.
#[derive(Debug, Clone)]
pub struct Spec {
    source: Source,
    options: Options,
    /// The file it was read from, and the fields changed since (`params.lr = 0.5`).
    origin: PathBuf,
    edits: Vec<String>,
    /// Whether `source` is exactly the file at its path (opened and not changed).
    on_disk: bool,
}

impl Spec {
    /// Reads and checks a spec file; an invalid spec is an error naming line, column and
    /// field, as `gradlab check` prints it.
    pub fn open(path: impl AsRef<Path>) -> Result<Spec, CellError> {
        let path = path.as_ref();
        let source = load::load(path).map_err(|e| CellError::Io {
            path: path.display().to_string(),
            source: e,
        })?;
        let mut spec = Spec::with_options(source, Options::default())?;
        spec.on_disk = true;
        Ok(spec)
    }

    /// A spec from text (its name comes from `path`, which need not exist; `save` writes
    /// the text there).
    pub fn from_yaml(path: impl AsRef<Path>, text: &str) -> Result<Spec, CellError> {
        Spec::with_options(Source::from_text(path.as_ref(), text), Options::default())
    }

    /// A spec from a loaded source, run with `options` (fast mode, language).
    pub fn with_options(source: Source, options: Options) -> Result<Spec, CellError> {
        let spec = Spec {
            origin: source.path.clone(),
            source,
            options,
            edits: Vec::new(),
            on_disk: false,
        };
        spec.check()?;
        Ok(spec)
    }

    fn check(&self) -> Result<check::Experiment, SpecErrors> {
        check::check(&self.source, &self.options)
    }

    /// A copy with the field at `path` (`params.learning_rate`, `sweep.params.lr`,
    /// `params.methods[0].lr`) set to `value`. The copy is named `<name>-edited`, so saving
    /// its report or its YAML never overwrites the original's.
    pub fn set(&self, path: &str, value: impl serde::Serialize) -> Result<Spec, CellError> {
        let file = self.source.path.display().to_string();
        let at = crate::locate::Located::new(&file, &self.source.text);
        let mut doc = crate::parse::parse_document(&self.source, &at).map_err(SpecErrors::from)?;
        let node = Node::from_serialize(&value);
        let shown = node.short();
        doc.set(path, node).map_err(|m| {
            CellError::Request(format!(
                "cannot set `{path}`: {m} (the field's parent must exist in the spec)"
            ))
        })?;
        let mut edits = self.edits.clone();
        edits.push(format!("{path} = {shown}"));
        let file = edited_path(&self.origin);
        let spec = Spec {
            source: Source::from_text(&file, doc.to_yaml()),
            options: self.options.clone(),
            origin: self.origin.clone(),
            edits,
            on_disk: false,
        };
        spec.check()?;
        Ok(spec)
    }

    /// A copy that applies the spec's `fast:` overrides (fewer steps, smaller sweeps).
    pub fn fast(&self) -> Spec {
        let mut s = self.clone();
        s.options.fast = true;
        s
    }

    /// A copy whose report's fixed text is in `lang` (`en` or `id`).
    pub fn lang(&self, lang: &str) -> Result<Spec, CellError> {
        let l = crate::i18n::Lang::parse(lang).map_err(CellError::Request)?;
        let mut s = self.clone();
        s.options.lang = Some(l);
        Ok(s)
    }

    /// The spec's YAML as it will run.
    pub fn yaml(&self) -> &str {
        &self.source.text
    }

    /// The spec's title.
    pub fn title(&self) -> String {
        self.check().map(|e| e.title).unwrap_or_default()
    }

    /// The fields changed in code, in order (`params.lr = 0.5`).
    pub fn edits(&self) -> &[String] {
        &self.edits
    }

    /// Runs the experiment in memory (trials in parallel, no cache): the same pipeline and
    /// the same numbers as `gradlab run`.
    pub fn run(&self) -> Result<Run, CellError> {
        let mut report =
            crate::pipeline::execute(&self.source, &self.options, &Templates::builtin())?;
        report.info.command = self.reproduce(&report.info.command);
        Ok(Run { report })
    }

    /// The report's reproduce command as typed from the repository's root (a notebook opens
    /// `../experiments/x.yaml`; the command says `experiments/x.yaml`), and, for an edited
    /// spec that is not yet on disk as it is, what makes the file exist.
    fn reproduce(&self, command: &str) -> String {
        let path = &self.source.path;
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let shown = path
            .parent()
            .and_then(|d| d.canonicalize().ok())
            .and_then(|d| {
                let rel = d
                    .strip_prefix(root.canonicalize().ok()?)
                    .ok()?
                    .to_path_buf();
                Some(rel.join(path.file_name()?))
            })
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| path.display().to_string());
        let mut c = command.replacen(&path.display().to_string(), &shown, 1);
        let saved = std::fs::read_to_string(path).is_ok_and(|t| t == self.save_text());
        if !self.on_disk && !saved {
            c.push_str("   # after spec.save() writes it");
        }
        c
    }

    /// Writes an edited spec to its own file (`<name>-edited.yaml` beside the original; a
    /// later save of other edits replaces it) with a header saying what changed, so
    /// `gradlab run <file>` reproduces it; returns the path. A spec opened from a file and
    /// not changed is that file: nothing is written.
    pub fn save(&self) -> Result<PathBuf, CellError> {
        let path = self.source.path.clone();
        if self.on_disk {
            return Ok(path);
        }
        std::fs::write(&path, self.save_text()).map_err(|e| CellError::Io {
            path: path.display().to_string(),
            source: e,
        })?;
        Ok(path)
    }

    /// What `save` writes: the schema line, a header saying what changed, the YAML.
    fn save_text(&self) -> String {
        let mut text = String::new();
        let dir = self.source.path.parent().unwrap_or(Path::new(""));
        if dir.join("../schema.json").is_file() {
            text.push_str("# yaml-language-server: $schema=../schema.json\n");
        }
        if !self.edits.is_empty() {
            text.push_str(&format!(
                "# {} with {}\n",
                self.origin.display(),
                self.edits.join(", ")
            ));
        }
        text.push_str(&self.source.text);
        text
    }

    /// Title, kind, trials and the YAML (folded), as HTML.
    pub fn rich(&self) -> Rich {
        let mut h = String::from("<div class=\"gradlab-spec\">");
        match self.check() {
            Ok(exp) => {
                h.push_str(&format!(
                    "<strong>{}</strong> <code>{}</code> · kind <code>{}</code> · {} trial{} · seed {}{}",
                    esc(&exp.title),
                    esc(&self.source.path.display().to_string()),
                    exp.kind.id(),
                    exp.trials.len(),
                    if exp.trials.len() == 1 { "" } else { "s" },
                    exp.seed,
                    if exp.fast { " · fast mode" } else { "" },
                ));
            }
            Err(e) => h.push_str(&format!(
                "<pre style=\"{MONO}\">{}</pre>",
                esc(&e.to_string())
            )),
        }
        if !self.edits.is_empty() {
            h.push_str(&format!(
                "<br>changed in code: <code>{}</code> (not on disk until <code>spec.save()</code>)",
                esc(&self.edits.join("; "))
            ));
        }
        h.push_str(&format!(
            "<details><summary>spec</summary><pre style=\"{MONO}\">{}</pre></details></div>",
            esc(&self.source.text)
        ));
        Rich::html(h)
    }
}

impl Spec {
    /// One line: title, file, kind, trials, and the edits.
    pub fn plain(&self) -> String {
        let mut t = match self.check() {
            Ok(exp) => format!(
                "{} ({}, kind {}, {} trial(s), seed {})",
                exp.title,
                self.source.path.display(),
                exp.kind.id(),
                exp.trials.len(),
                exp.seed
            ),
            Err(e) => e.to_string(),
        };
        if !self.edits.is_empty() {
            t.push_str(&format!("; changed in code: {}", self.edits.join("; ")));
        }
        t
    }
}

/// `experiments/newton-1d.yaml` → `experiments/newton-1d-edited.yaml`.
fn edited_path(origin: &Path) -> PathBuf {
    let stem = load::experiment_name(origin);
    let stem = stem.strip_suffix("-edited").unwrap_or(&stem);
    origin.with_file_name(format!("{stem}-edited.yaml"))
}

/// The outcome of [`Spec::run`]: the report in memory and ways into its parts.
#[derive(Debug, Clone)]
pub struct Run {
    report: Report,
}

impl Run {
    /// Wraps a report produced by the pipeline.
    pub fn new(report: Report) -> Run {
        Run { report }
    }

    /// Whether the computation succeeded.
    pub fn ok(&self) -> bool {
        self.report.info.status == "ok"
    }

    /// The failure, for a failed run.
    pub fn error(&self) -> Option<&str> {
        self.report.info.error.as_deref()
    }

    /// A failed run has no figures, tables or data: asking for one gives its failure.
    fn succeeded(&self) -> Result<(), CellError> {
        match self.error() {
            Some(e) if !self.ok() => Err(CellError::Failed(e.to_string())),
            _ => Ok(()),
        }
    }

    /// The whole report (shows inline as the HTML page).
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// The figure with this id (`f_gap`, `contour`, …); the error lists the ids there are.
    pub fn figure(&self, id: &str) -> Result<RenderedFigure, CellError> {
        self.succeeded()?;
        self.report
            .figures
            .iter()
            .find(|f| f.id == id)
            .cloned()
            .ok_or_else(|| {
                let ids: Vec<&str> = self.report.figures.iter().map(|f| f.id.as_str()).collect();
                CellError::Request(format!(
                    "no figure `{id}`{}; this run has: {}",
                    hint(id, &ids),
                    ids.join(", ")
                ))
            })
    }

    /// The ids of the figures, in the report's order.
    pub fn figure_ids(&self) -> Vec<String> {
        self.report.figures.iter().map(|f| f.id.clone()).collect()
    }

    /// The `i`-th results table of the report (0-based).
    pub fn table(&self, i: usize) -> Result<ReportTable, CellError> {
        self.succeeded()?;
        self.report.tables.get(i).cloned().ok_or_else(|| {
            CellError::Request(format!(
                "no table {i}: this run has {} table(s)",
                self.report.tables.len()
            ))
        })
    }

    /// The tidy per-observation metrics (`metrics.parquet`) as a polars DataFrame.
    pub fn metrics(&self) -> Result<Table, CellError> {
        self.data("metrics")
    }

    /// A data table by name (`metrics`, `layers`, …), read from its Parquet bytes, so the
    /// values are bit for bit the ones the report's files hold.
    pub fn data(&self, name: &str) -> Result<Table, CellError> {
        self.succeeded()?;
        let file = format!("{name}.parquet");
        let bytes = self
            .report
            .files
            .iter()
            .find(|f| f.0 == file)
            .map(|f| f.1.clone())
            .ok_or_else(|| {
                let names = self.data_names();
                CellError::Request(format!(
                    "no data table `{name}`{}; this run has: {}",
                    hint(name, &names.iter().map(String::as_str).collect::<Vec<_>>()),
                    names.join(", ")
                ))
            })?;
        let df = ParquetReader::new(std::io::Cursor::new(bytes))
            .finish()
            .map_err(|e| CellError::Data {
                name: file,
                message: e.to_string(),
            })?;
        Ok(Table {
            name: name.to_string(),
            frame: df,
        })
    }

    /// The names of the data tables (`metrics`, …).
    pub fn data_names(&self) -> Vec<String> {
        self.report
            .files
            .iter()
            .filter_map(|f| f.0.strip_suffix(".parquet").map(str::to_string))
            .collect()
    }

    /// A computed value by path (`newton.x`, `trials[0].final_loss`), as the prose quotes it.
    pub fn result(&self, path: &str) -> Option<Value> {
        let mut v = &self.report.results;
        for seg in crate::parse::split_path(path)? {
            v = match seg {
                crate::parse::Segment::Key(k) => v.get(k.as_str())?,
                crate::parse::Segment::Index(i) => v.get(i)?,
            };
        }
        Some(v.clone())
    }

    /// [`Run::result`] as a number (`null`, which is how NaN is stored, gives NaN).
    pub fn number(&self, path: &str) -> Option<f64> {
        match self.result(path)? {
            Value::Null => Some(f64::NAN),
            v => v.as_f64(),
        }
    }

    /// "What this shows": the findings written from the computed numbers.
    pub fn findings(&self) -> Markdown {
        let mut md = String::new();
        for g in &self.report.findings {
            if let Some(h) = &g.heading {
                md.push_str(&format!("**{h}**\n\n"));
            }
            for item in &g.items {
                md.push_str(&format!("- {item}\n"));
            }
            md.push('\n');
        }
        Markdown(md.trim_end().to_string())
    }

    /// The spec's prose sections with this run's numbers filled in.
    pub fn prose(&self) -> Markdown {
        let parts: Vec<String> = self
            .report
            .prose
            .iter()
            .map(|(h, text)| format!("### {h}\n\n{}", text.trim()))
            .collect();
        Markdown(parts.join("\n\n"))
    }

    /// Writes the report folder into `out` (as `gradlab run --out` would); returns the
    /// path of its page.
    pub fn save(&self, out: impl AsRef<Path>) -> Result<PathBuf, CellError> {
        let out = out.as_ref();
        render::write_report(out, &self.report).map_err(|e| CellError::Io {
            path: out.display().to_string(),
            source: e,
        })
    }

    /// Status, time, findings and what else there is to look at, as HTML.
    pub fn rich(&self) -> Rich {
        let r = &self.report;
        let mut h = format!(
            "<div class=\"gradlab-run\"><strong>{}</strong> · <span style=\"color:{}\">{}</span> · {} trial{} in {:.3} s · seed {}{}",
            esc(&r.title),
            if self.ok() { "#176f2c" } else { "#b00020" },
            esc(&r.info.status),
            r.info.trials,
            if r.info.trials == 1 { "" } else { "s" },
            r.info.duration_s,
            r.info.seed,
            if r.info.fast { " · fast mode" } else { "" }
        );
        if let Some(e) = self.error() {
            h.push_str(&format!("<pre style=\"{MONO}\">{}</pre>", esc(e)));
        }
        for g in &r.findings {
            if let Some(head) = &g.heading {
                h.push_str(&format!("<p><em>{}</em></p>", esc(head)));
            }
            h.push_str("<ul>");
            for item in &g.items {
                h.push_str(&format!("<li>{}</li>", markdown::inline(item)));
            }
            h.push_str("</ul>");
        }
        if !r.figures.is_empty() {
            h.push_str("<p>figures, by <code>run.figure(\"id\")</code>:</p><ul>");
            for f in &r.figures {
                h.push_str(&format!(
                    "<li><code>{}</code> {}</li>",
                    esc(&f.id),
                    esc(&f.title)
                ));
            }
            h.push_str("</ul>");
        }
        h.push_str(&format!(
            "<p>data (<code>run.data(\"name\")</code>): {} · tables (<code>run.table(i)</code>): {} · reproduce: <code>{}</code></p></div>",
            esc(&self.data_names().join(", ")),
            r.tables.len(),
            esc(&r.info.command)
        ));
        Rich::html(h)
    }
}

impl Run {
    /// Status and findings as text.
    pub fn plain(&self) -> String {
        let r = &self.report;
        let mut t = format!(
            "{}: {} ({} trial(s), {:.3} s)",
            r.title, r.info.status, r.info.trials, r.info.duration_s
        );
        if let Some(e) = self.error() {
            t.push_str(&format!("\n{e}"));
        }
        for g in &r.findings {
            for item in &g.items {
                t.push_str(&format!("\n- {item}"));
            }
        }
        t.push_str(&format!("\nfigures: {}", self.figure_ids().join(", ")));
        t
    }
}

/// " (did you mean `x`?)" when `word` is close to one of `names`.
fn hint(word: &str, names: &[&str]) -> String {
    crate::error::suggest(word, names.iter().copied())
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default()
}

/// A data table of a run: a polars DataFrame (reachable through `.frame` or `Deref`) that
/// shows as an HTML table (the first and last rows) in a notebook.
#[derive(Debug, Clone)]
pub struct Table {
    pub name: String,
    pub frame: DataFrame,
}

impl std::ops::Deref for Table {
    type Target = DataFrame;
    fn deref(&self) -> &DataFrame {
        &self.frame
    }
}

/// Rich display for a polars `DataFrame` a cell computes itself (a filter or a join of
/// `run.metrics()?`, say): with `use gradlab::notebook::*;` in scope, a frame as a cell's
/// value shows as the same HTML table as gradlab's own (shape, column types, first and last
/// rows) instead of polars' text with columns hidden. evcxr calls `.evcxr_display()` on a
/// cell's value; this trait gives the frame that method.
pub trait FrameDisplay {
    /// Shows the frame as rich output in a Jupyter cell (evcxr's display protocol).
    fn evcxr_display(&self);
}

impl FrameDisplay for DataFrame {
    fn evcxr_display(&self) {
        Table {
            name: "DataFrame".into(),
            frame: self.clone(),
        }
        .evcxr_display()
    }
}

/// How many rows a table shows at its head and its tail.
const HEAD_ROWS: usize = 10;
const TAIL_ROWS: usize = 5;

impl Table {
    /// The DataFrame itself.
    pub fn into_frame(self) -> DataFrame {
        self.frame
    }

    /// polars' own text rendering of the frame.
    pub fn plain(&self) -> String {
        format!("{}: {}", self.name, self.frame)
    }

    /// Shape, column types and the first and last rows, as HTML.
    pub fn rich(&self) -> Rich {
        let df = &self.frame;
        let (rows, cols) = df.shape();
        let header: Vec<String> = df
            .columns()
            .iter()
            .map(|c| {
                format!(
                    "{}<br><small>{}</small>",
                    esc(c.name()),
                    esc(&c.dtype().to_string())
                )
            })
            .collect();
        let shown: Vec<Option<usize>> = if rows <= HEAD_ROWS + TAIL_ROWS {
            (0..rows).map(Some).collect()
        } else {
            (0..HEAD_ROWS)
                .map(Some)
                .chain(std::iter::once(None))
                .chain((rows - TAIL_ROWS..rows).map(Some))
                .collect()
        };
        let body: Vec<Vec<String>> = shown
            .into_iter()
            .map(|row| {
                df.columns()
                    .iter()
                    .map(|c| match row {
                        Some(i) => c.get(i).map(|v| cell(&v)).unwrap_or_default(),
                        None => "…".to_string(),
                    })
                    .collect()
            })
            .collect();
        Rich::html(format!(
            "<div class=\"gradlab-table\"><p><code>{}</code>: {rows} row{} × {cols} column{}</p>{}</div>",
            esc(&self.name),
            if rows == 1 { "" } else { "s" },
            if cols == 1 { "" } else { "s" },
            html_table(&header, &body)
        ))
    }
}

/// One value as the table shows it: floats to 6 significant digits, as in the reports.
fn cell(v: &AnyValue) -> String {
    match v {
        AnyValue::Null => "null".into(),
        AnyValue::Float64(x) => crate::kinds::common::num(*x),
        AnyValue::Float32(x) => crate::kinds::common::num(*x as f64),
        AnyValue::String(s) => s.to_string(),
        AnyValue::StringOwned(s) => s.to_string(),
        other => other.to_string(),
    }
}

/// Markdown text (findings, prose), shown rendered with its `$…$` math.
#[derive(Debug, Clone, PartialEq)]
pub struct Markdown(pub String);

impl Markdown {
    /// The Markdown source.
    pub fn plain(&self) -> String {
        self.0.clone()
    }

    /// The Markdown, for the front end to render.
    pub fn rich(&self) -> Rich {
        Rich {
            mime: "text/markdown",
            content: self.0.clone(),
        }
    }
}

impl Report {
    /// Name, status and files.
    pub fn plain(&self) -> String {
        let files: Vec<&str> = self.files.iter().map(|f| f.0.as_str()).collect();
        format!(
            "report {}: {} ({})",
            self.name,
            self.info.status,
            files.join(", ")
        )
    }

    /// The whole page in a frame, so its stylesheet stays its own.
    pub fn rich(&self) -> Rich {
        Rich::html(format!(
            "<iframe title=\"{}\" style=\"width:100%;height:900px;border:1px solid #ccc\" srcdoc=\"{}\"></iframe>",
            esc(&self.title),
            esc(self.html())
        ))
    }
}

impl RenderedFigure {
    /// The SVG image.
    pub fn rich(&self) -> Rich {
        Rich {
            mime: "image/svg+xml",
            content: self.svg.clone(),
        }
    }

    /// Id and title.
    pub fn plain(&self) -> String {
        format!("figure {}: {}", self.id, self.title)
    }

    /// The SVG, the same image as an HTML `<img>` (JupyterLab shows SVG output only in
    /// notebooks it trusts, HTML images always), and the title as text.
    pub fn bundle(&self) -> Vec<Rich> {
        let img = format!(
            "<img alt=\"{}\" src=\"data:image/svg+xml;base64,{}\">",
            esc(&self.title),
            crate::escape::base64(self.svg.as_bytes())
        );
        vec![self.rich(), Rich::html(img), Rich::plain(self.plain())]
    }

    /// Shows the figure in a Jupyter cell (evcxr's display protocol).
    pub fn evcxr_display(&self) {
        show(&self.bundle());
    }
}

impl ReportTable {
    /// Title and rows, separated by `|`.
    pub fn plain(&self) -> String {
        let mut t = format!("{}\n{}", self.title, self.columns.join(" | "));
        for row in &self.rows {
            t.push_str(&format!("\n{}", row.join(" | ")));
        }
        t
    }

    /// The table with its title and note, as HTML.
    pub fn rich(&self) -> Rich {
        let header: Vec<String> = self.columns.iter().map(|c| esc(c)).collect();
        let mut h = format!(
            "<div class=\"gradlab-table\"><p><strong>{}</strong></p>{}",
            esc(&self.title),
            html_table(&header, &self.rows)
        );
        if !self.note.is_empty() {
            h.push_str(&format!("<p>{}</p>", markdown::inline(&self.note)));
        }
        h.push_str("</div>");
        Rich::html(h)
    }
}

/// Escapes text for HTML content and attribute values (the reports' escaping, and `'`).
fn esc(s: &str) -> String {
    markdown::escape(s).replace('\'', "&#39;")
}

/// A `<table>`: header cells given as HTML, body cells as text (escaped here).
fn html_table(header: &[String], rows: &[Vec<String>]) -> String {
    let mut h = String::from("<table><thead><tr>");
    for c in header {
        h.push_str(&format!("<th>{c}</th>"));
    }
    h.push_str("</tr></thead><tbody>");
    for row in rows {
        h.push_str("<tr>");
        for c in row {
            h.push_str(&format!("<td>{}</td>", esc(c)));
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table>");
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tempdir as tempfile;

    fn newton() -> Spec {
        Spec::open("experiments/newton-1d.yaml").unwrap().fast()
    }

    #[test]
    fn base64_matches_rfc_4648() {
        for (raw, enc) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(crate::escape::base64(raw.as_bytes()), enc);
        }
    }

    #[test]
    fn every_bundle_ends_in_plain_text_and_figures_add_an_html_image() {
        let run = newton().run().unwrap();
        let fig = run.figure("f_gap").unwrap();
        let mimes: Vec<&str> = fig.bundle().iter().map(|r| r.mime).collect();
        assert_eq!(mimes, ["image/svg+xml", "text/html", "text/plain"]);
        let img = &fig.bundle()[1].content;
        let b64 = img.split("base64,").nth(1).unwrap().trim_end_matches("\">");
        assert_eq!(b64, crate::escape::base64(fig.svg.as_bytes()));
        let bundles = [
            newton().bundle(),
            run.bundle(),
            run.metrics().unwrap().bundle(),
            run.findings().bundle(),
            run.report().bundle(),
            run.table(0).unwrap().bundle(),
        ];
        for b in &bundles {
            assert_eq!(b.len(), 2);
            assert_eq!(b[1].mime, "text/plain");
            assert!(!b[1].content.is_empty());
        }
        assert!(bundles[1][1]
            .content
            .starts_with("Newton's method in 1-D: minimizing eˣ − ln x: ok"));
        assert!(
            bundles[2][1].content.starts_with("metrics: shape: ("),
            "{}",
            bundles[2][1].content
        );
    }

    #[test]
    fn the_protocol_block_is_what_evcxr_reads() {
        let r = Rich::html("<b>x</b>".into());
        assert_eq!(
            r.protocol(),
            "EVCXR_BEGIN_CONTENT text/html\n<b>x</b>\nEVCXR_END_CONTENT\n"
        );
    }

    #[test]
    fn spec_shows_title_kind_and_yaml_and_edits() {
        let spec = newton();
        let r = spec.rich();
        assert_eq!(r.mime, "text/html");
        assert!(
            r.content.contains("Newton&#39;s method in 1-D"),
            "{}",
            r.content
        );
        assert!(r.content.contains("kind <code>optimize</code>"));
        assert!(r.content.contains("fast mode"));
        assert!(
            r.content.contains("objective: &quot;exp(x) - ln(x)&quot;")
                || r.content.contains("objective: exp(x) - ln(x)")
        );
        let edited = spec.set("params.start", 0.1).unwrap();
        assert_eq!(edited.edits(), ["params.start = 0.1"]);
        assert!(edited
            .rich()
            .content
            .contains("changed in code: <code>params.start = 0.1</code>"));
        assert!(edited.yaml().contains("start: 0.1"));
        // The original is untouched; the copy is saved and reported under its own name.
        assert!(spec.yaml().contains("start: 0.05"));
        assert_eq!(edited.source.name, "newton-1d-edited");
        assert_eq!(
            edited.set("params.tol", 1e-8).unwrap().source.name,
            "newton-1d-edited"
        );
    }

    #[test]
    fn an_edited_spec_saves_beside_the_original_and_checks() {
        let dir = tempfile::tempdir().unwrap();
        let original = dir.path().join("newton-1d.yaml");
        let text = std::fs::read_to_string("experiments/newton-1d.yaml").unwrap();
        std::fs::write(&original, &text).unwrap();
        let spec = Spec::open(&original).unwrap();
        // Unchanged: the file is the spec; nothing is rewritten.
        assert_eq!(spec.save().unwrap(), original);
        assert_eq!(std::fs::read_to_string(&original).unwrap(), text);
        let edited = spec.set("params.start", 1.2).unwrap();
        let path = edited.save().unwrap();
        assert_eq!(path, dir.path().join("newton-1d-edited.yaml"));
        let saved = std::fs::read_to_string(&path).unwrap();
        // No schema.json next to the temporary folder: no schema comment.
        assert!(saved.starts_with("# "), "{saved}");
        assert!(saved
            .lines()
            .next()
            .unwrap()
            .ends_with("newton-1d.yaml with params.start = 1.2"));
        let again = Spec::open(&path).unwrap();
        assert!(again.yaml().contains("start: 1.2"));
        assert_eq!(
            again.run().unwrap().number("newton.x1"),
            edited.run().unwrap().number("newton.x1")
        );
    }

    #[test]
    fn bad_edits_are_located_errors() {
        let spec = newton();
        let e = spec.set("params.start", "far").unwrap_err().to_string();
        assert!(e.contains("params.start"), "{e}");
        assert!(e.contains("newton-1d-edited.yaml:"), "{e}");
        let shown = spec.set("params.start", "far").unwrap_err().bundle();
        assert_eq!(shown[0].mime, "text/html");
        assert!(
            shown[0]
                .content
                .contains("|   start: far\n   |          ^^^"),
            "{}",
            shown[0].content
        );
        assert!(shown[1]
            .content
            .contains("= expected: a number or a list of numbers"));
        let e = spec.set("params.nope.deeper", 1).unwrap_err().to_string();
        assert!(e.contains("cannot set `params.nope.deeper`"), "{e}");
        let e = Spec::open("experiments/no-such.yaml")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("experiments/no-such.yaml: "), "{e}");
    }

    #[test]
    fn run_parts_display_with_their_mime_types() {
        let run = newton().run().unwrap();
        assert!(run.ok());
        let summary = run.rich();
        assert_eq!(summary.mime, "text/html");
        assert!(summary.content.contains(">ok</span>"));
        assert!(summary
            .content
            .contains("gradlab run experiments/newton-1d.yaml --fast"));
        for id in run.figure_ids() {
            let f = run.figure(&id).unwrap().rich();
            assert_eq!(f.mime, "image/svg+xml");
            assert!(f.content.starts_with("<svg"), "{id}");
            assert!(summary.content.contains(&format!("<code>{id}</code>")));
        }
        assert!(!run.figure_ids().is_empty());
        let e = run.figure("f_gapp").unwrap_err().to_string();
        assert!(e.contains("did you mean `f_gap`?"), "{e}");

        let metrics = run.metrics().unwrap();
        let t = metrics.rich();
        assert_eq!(t.mime, "text/html");
        let (rows, cols) = metrics.shape();
        assert!(
            t.content.contains(&format!("{rows} rows × {cols} columns")),
            "{}",
            t.content
        );
        assert!(rows > HEAD_ROWS + TAIL_ROWS);
        // Head, an ellipsis row, tail: 16 body rows.
        assert_eq!(
            t.content.matches("<tr>").count(),
            1 + HEAD_ROWS + 1 + TAIL_ROWS
        );
        assert!(t.content.contains("<td>…</td>"));
        assert!(metrics.column("iteration").is_ok());

        let report = run.report().rich();
        assert_eq!(report.mime, "text/html");
        assert!(report.content.starts_with("<iframe"));
        assert!(
            report.content.contains("srcdoc=\"&lt;!DOCTYPE html&gt;"),
            "{}",
            &report.content[..200]
        );
        assert!(
            !report.content[8..].contains("<svg"),
            "the page is escaped inside srcdoc"
        );

        let findings = run.findings().rich();
        assert_eq!(findings.mime, "text/markdown");
        assert!(findings.content.starts_with("- "));
        let prose = run.prose().rich();
        assert!(prose
            .content
            .starts_with("### Against the course's hand calculation"));
        assert!(prose.content.contains("0.567143290"), "{}", prose.content);
        let x = run.number("newton.x").unwrap();
        assert!((x - 0.567_143_290_409_783_8).abs() < 1e-9, "{x}");
        assert_eq!(run.result("newton.nope"), None);
        assert!(run
            .data("layers")
            .unwrap_err()
            .to_string()
            .contains("this run has: metrics"));
    }

    #[test]
    fn a_failed_run_answers_with_its_failure() {
        let spec = Spec::from_yaml(
            "diverges.yaml",
            "title: t\nkind: optimize\nparams:\n  objective: \"x^2\"\n  start: 1\n  methods: [{method: gd, lr: 0.1}]\n  max_iter: 5\n",
        )
        .unwrap();
        let mut run = spec.run().unwrap();
        assert!(run.ok());
        run.report.info.status = "failed".into();
        run.report.info.error = Some("trial 0: it broke".into());
        let e = run.figure("f_gap").unwrap_err().to_string();
        assert_eq!(e, "experiment failed: trial 0: it broke");
        assert!(run.metrics().is_err() && run.table(0).is_err());
        assert!(run
            .rich()
            .content
            .contains(&format!("<pre style=\"{MONO}\">trial 0: it broke</pre>")));
    }

    #[test]
    fn report_tables_display_as_html_with_their_note() {
        let t = ReportTable {
            title: "Steps <1>".into(),
            columns: vec!["method".into(), "x".into()],
            rows: vec![vec!["newton".into(), "0.567".into()]],
            note: "from $x_0$".into(),
        };
        let r = t.rich();
        assert_eq!(r.mime, "text/html");
        assert!(r.content.contains("<strong>Steps &lt;1&gt;</strong>"));
        assert!(r.content.contains("<th>method</th><th>x</th>"));
        assert!(r.content.contains("<td>newton</td><td>0.567</td>"));
        assert!(r.content.contains("<math"), "{}", r.content);
    }

    #[test]
    fn edited_specs_change_the_numbers() {
        let base = newton().run().unwrap();
        let moved = newton().set("params.start", 1.2).unwrap().run().unwrap();
        // Not on disk yet: the command says what writes the file.
        assert_eq!(
            moved.report().info.command,
            "gradlab run experiments/newton-1d-edited.yaml --fast   # after spec.save() writes it"
        );
        assert_eq!(
            base.report().info.command,
            "gradlab run experiments/newton-1d.yaml --fast"
        );
        // Opened from elsewhere (a notebook's `../experiments/…`, an absolute path): the
        // command is as typed from the repository's root.
        let far = Spec::open(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/experiments/../experiments/newton-1d.yaml"
        ))
        .unwrap()
        .fast()
        .run()
        .unwrap();
        assert_eq!(
            far.report().info.command,
            "gradlab run experiments/newton-1d.yaml --fast"
        );
        let (a, b) = (
            base.number("newton.x1").unwrap(),
            moved.number("newton.x1").unwrap(),
        );
        assert!((a - 0.0972).abs() < 1e-3 && (b - a).abs() > 0.1, "{a} {b}");
        // Same minimum from both starts.
        assert!(
            (base.number("newton.x").unwrap() - moved.number("newton.x").unwrap()).abs() < 1e-9
        );
    }
}
