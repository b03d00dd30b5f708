//! Stage 9: a run → a self-contained HTML report and its data files; the index page.
//!
//! Templates are embedded in the binary (`templates/`), and a user folder given with
//! `--templates` overrides any of them by name. Building a [`Report`] is pure (everything
//! in memory); [`write_report`] then puts it on disk atomically: files go to a temporary
//! folder that is renamed into place, so an interrupted run never leaves half a report.

use crate::check::Experiment;
use crate::markdown;
use crate::run::ReportTable;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tera::Tera;

const REPORT_HTML: &str = include_str!("../templates/report.html");
const INDEX_HTML: &str = include_str!("../templates/index.html");
/// The report's table and figure blocks, shared by its sections (`{% import "macros.html" %}`).
const MACROS_HTML: &str = include_str!("../templates/macros.html");
const STYLE_CSS: &str = include_str!("../templates/style.css");
/// Fits figures and headings to the printed page (scales, floats), undone after printing.
const PRINT_JS: &str = include_str!("../templates/print.js");

/// The report templates: built-in, or overridden from a folder.
pub struct Templates {
    tera: Tera,
    css: String,
    /// Hash of the template sources: a changed template re-renders cached reports.
    fingerprint: String,
    /// The print script's sha256 (base64), as the page's content security policy names it.
    script_hash: String,
}

impl Templates {
    /// The templates compiled into the binary.
    pub fn builtin() -> Templates {
        Templates::from_parts(REPORT_HTML, INDEX_HTML, STYLE_CSS).expect("built-in templates parse")
    }

    /// Built-in templates, with any of `report.html`, `index.html`, `style.css` found in
    /// `dir` taking their place.
    pub fn with_overrides(dir: &Path) -> Result<Templates, String> {
        let read = |name: &str, builtin: &str| -> Result<String, String> {
            let p = dir.join(name);
            if p.is_file() {
                std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))
            } else {
                Ok(builtin.to_string())
            }
        };
        Templates::from_parts(
            &read("report.html", REPORT_HTML)?,
            &read("index.html", INDEX_HTML)?,
            &read("style.css", STYLE_CSS)?,
        )
    }

    fn from_parts(report: &str, index: &str, css: &str) -> Result<Templates, String> {
        let mut tera = Tera::default();
        // Spec text inside a CSS string (the print header's title): `{{ title | css_string |
        // safe }}`, quotes included.
        tera.register_filter(
            "css_string",
            |v: &Value, _: &std::collections::HashMap<String, Value>| {
                let text = match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                Ok(Value::String(crate::escape::css_string(&text)))
            },
        );
        tera.add_raw_templates(vec![
            ("macros.html", MACROS_HTML),
            ("report.html", report),
            ("index.html", index),
        ])
        .map_err(|e| tera_message(&e))?;
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        for part in [MACROS_HTML, PRINT_JS, report, index, css] {
            h.update(part.as_bytes());
            h.update([0u8]);
        }
        let fingerprint = h.finalize()[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Ok(Templates {
            tera,
            css: css.to_string(),
            fingerprint,
            script_hash: crate::escape::base64(&Sha256::digest(PRINT_JS.as_bytes())),
        })
    }

    /// A short hash of the template sources in use.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }
}

/// A tera error with its causes, on one line.
pub fn tera_message(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        parts.push(s.to_string());
        src = s.source();
    }
    parts.join(": ")
}

/// What `run.json` records about one run.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct RunInfo {
    pub name: String,
    pub title: String,
    pub kind: String,
    pub spec: String,
    pub seed: u64,
    /// sha256 of the resolved spec (`spec.yaml`).
    pub spec_hash: String,
    pub version: String,
    pub git_revision: Option<String>,
    /// RFC 3339, UTC.
    pub started: String,
    pub duration_s: f64,
    /// `ok`, `failed`, or `claim failed` (the run worked, a claim of the spec does not hold).
    pub status: String,
    pub error: Option<String>,
    pub fast: bool,
    pub trials: usize,
    /// Trials whose outcome came from the content cache instead of being computed.
    #[serde(default)]
    pub trials_cached: usize,
    /// The claims that do not hold (`claim 2: <sentence>`), empty when all hold.
    #[serde(default)]
    pub claims_failed: Vec<String>,
    /// How many claims the spec makes (held or not).
    #[serde(default)]
    pub claims_total: usize,
    /// The course chapter the index lists the report under (`numerical`, …).
    #[serde(default)]
    pub chapter: String,
    /// The report's first figure (`<id>.svg`): the index page's thumbnail.
    #[serde(default)]
    pub key_figure: Option<String>,
    /// The headline finding (Markdown): the first claim's sentence, else the first finding.
    #[serde(default)]
    pub headline: Option<String>,
    /// The command that reproduces this report.
    pub command: String,
}

/// A figure ready for the page.
#[derive(Debug, Clone, Serialize)]
pub struct RenderedFigure {
    pub id: String,
    pub title: String,
    pub svg: String,
}

/// Findings under an optional heading (one group per sweep trial).
#[derive(Debug, Clone, Serialize)]
pub struct FindingGroup {
    pub heading: Option<String>,
    pub items: Vec<String>,
}

/// A spec's claim after the run: its sentence (Markdown, results filled in), the condition,
/// whether it holds, and the values of the names the condition read.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimResult {
    pub says: String,
    pub when: String,
    pub holds: bool,
    pub values: Vec<(String, String)>,
    /// Each part of the condition with the value measured and the bound it needed.
    pub checks: Vec<crate::prose::Check>,
}

/// The rendered parts of a successful run, before templating.
pub struct Body {
    /// The table shown first under "What this shows" (a report of one trial only).
    pub overview: Option<ReportTable>,
    pub findings: Vec<FindingGroup>,
    /// The spec's claims, checked against the results.
    pub claims: Vec<ClaimResult>,
    /// Each prose section's heading and its Markdown with the results filled in.
    pub prose: Vec<(String, String)>,
    pub figures: Vec<RenderedFigure>,
    pub tables: Vec<ReportTable>,
    /// File name → bytes of each data file (`metrics.csv`, `metrics.parquet`, …).
    pub data: Vec<(String, Vec<u8>)>,
    pub columns: Vec<(String, String)>,
    /// The values the prose quotes.
    pub results: Value,
}

/// A report in memory: every file of `reports/<name>/`, and the parts the page was made
/// of (for a notebook cell to show one at a time).
#[derive(Debug, Clone)]
pub struct Report {
    pub name: String,
    pub info: RunInfo,
    pub files: Vec<(String, Vec<u8>)>,
    pub title: String,
    /// The spec's description (Markdown with `$…$` math).
    pub description: String,
    pub findings: Vec<FindingGroup>,
    /// The spec's claims, checked against the results.
    pub claims: Vec<ClaimResult>,
    /// Each prose section's heading and Markdown, with the results filled in.
    pub prose: Vec<(String, String)>,
    pub figures: Vec<RenderedFigure>,
    pub tables: Vec<ReportTable>,
    /// The values the prose can quote (`{{ newton.x }}`); `null` for a failed run.
    pub results: Value,
}

impl Report {
    /// The HTML page.
    pub fn html(&self) -> &str {
        self.files
            .iter()
            .find(|f| f.0 == "index.html")
            .map(|f| std::str::from_utf8(&f.1).unwrap_or(""))
            .unwrap_or("")
    }
}

/// Renders the report page and gathers its files.
pub fn report(
    t: &Templates,
    exp: &Experiment,
    info: &RunInfo,
    body: Option<&Body>,
) -> Result<Report, String> {
    let spec_yaml = exp.document.to_yaml();
    let mut ctx = tera::Context::new();
    ctx.insert("css", &t.css);
    ctx.insert("print_js", PRINT_JS);
    // The page runs its own script and nothing else: the policy names it by its hash.
    ctx.insert("script_hash", &t.script_hash);
    ctx.insert("lang", exp.lang.code());
    ctx.insert("t", &crate::i18n::table(exp.lang));
    ctx.insert("title", &exp.title);
    ctx.insert("kind", &info.kind);
    ctx.insert("info", info);
    ctx.insert("status_text", &crate::i18n::status(exp.lang, &info.status));
    ctx.insert("trials", &exp.trials.len());
    ctx.insert("description", &markdown::to_html(&exp.description));
    ctx.insert("spec_yaml", &spec_yaml);
    ctx.insert("error", &info.error);
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    match body {
        Some(b) => {
            let prose: Vec<Value> = b
                .prose
                .iter()
                .map(|(h, text)| json!({"heading": h, "html": markdown::to_html(text)}))
                .collect();
            let table = |t: &ReportTable| {
                let mut v = serde_json::to_value(t).unwrap_or(Value::Null);
                v["cells"] = t
                    .rows
                    .iter()
                    .map(|row| {
                        row.iter()
                            .map(|c| json!({"html": cell_html(c), "long": c.chars().count() > 16}))
                            .collect::<Vec<_>>()
                    })
                    .collect();
                v["note_html"] = json!(if t.note.is_empty() {
                    String::new()
                } else {
                    markdown::inline(&t.note)
                });
                v
            };
            let tables: Vec<Value> = b.tables.iter().map(table).collect();
            ctx.insert("overview", &b.overview.as_ref().map(table));
            let figure_word = crate::i18n::text(exp.lang, "figure");
            let figures: Vec<Value> = b
                .figures
                .iter()
                .map(|f| json!({"id": f.id, "title": f.title, "svg": f.svg, "file": format!("{}.svg", f.id), "label": figure_word}))
                .collect();
            let findings: Vec<Value> = b
                .findings
                .iter()
                .map(|g| json!({"heading": g.heading, "items": g.items.iter().map(|i| markdown::inline(i)).collect::<Vec<_>>()}))
                .collect();
            ctx.insert("findings", &findings);
            let claims: Vec<Value> = b
                .claims
                .iter()
                .map(|c| {
                    json!({
                        "html": markdown::inline(&c.says),
                        "when": c.when,
                        "holds": c.holds,
                        "values": c.values.iter().map(|(n, v)| json!({"name": n, "value": v})).collect::<Vec<_>>(),
                        "checks": c.checks,
                    })
                })
                .collect();
            ctx.insert("claims", &claims);
            ctx.insert("prose", &prose);
            ctx.insert("figures", &figures);
            ctx.insert("tables", &tables);
            let mut names: Vec<&str> = b.data.iter().map(|d| d.0.as_str()).collect();
            names.push("results.json");
            ctx.insert("data_files", &names);
            let cols: Vec<Value> = b
                .columns
                .iter()
                .map(|(n, d)| json!({"name": n, "doc": markdown::inline(d)}))
                .collect();
            ctx.insert("columns", &cols);
            for f in &b.figures {
                files.push((format!("{}.svg", f.id), f.svg.clone().into_bytes()));
            }
            files.extend(b.data.iter().cloned());
            // The values prose and claims quote, by the names they use.
            let results = serde_json::to_string_pretty(&b.results).map_err(|e| e.to_string())?;
            files.push(("results.json".into(), (results + "\n").into_bytes()));
        }
        None => {
            ctx.insert("overview", &Value::Null);
            for k in [
                "findings",
                "claims",
                "prose",
                "figures",
                "tables",
                "data_files",
                "columns",
            ] {
                ctx.insert(k, &Vec::<Value>::new());
            }
        }
    }
    let html = t
        .tera
        .render("report.html", &ctx)
        .map_err(|e| tera_message(&e))?;
    files.push(("index.html".into(), html.into_bytes()));
    files.push(("spec.yaml".into(), spec_yaml.into_bytes()));
    let run_json = serde_json::to_string_pretty(info).map_err(|e| e.to_string())?;
    files.push(("run.json".into(), (run_json + "\n").into_bytes()));
    Ok(Report {
        name: exp.name.clone(),
        info: info.clone(),
        files,
        title: exp.title.clone(),
        description: exp.description.clone(),
        findings: body.map(|b| b.findings.clone()).unwrap_or_default(),
        claims: body.map(|b| b.claims.clone()).unwrap_or_default(),
        prose: body.map(|b| b.prose.clone()).unwrap_or_default(),
        figures: body.map(|b| b.figures.clone()).unwrap_or_default(),
        // In the page's order: the overview (under "What this shows") first.
        tables: body
            .map(|b| b.overview.iter().chain(&b.tables).cloned().collect())
            .unwrap_or_default(),
        results: body.map(|b| b.results.clone()).unwrap_or(Value::Null),
    })
}

/// Makes sure `out` exists and can be written (before anything is computed), and removes
/// the temporaries that runs which no longer exist left behind (a full disk, a kill).
pub fn prepare_out(out: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(out)?;
    let probe = out.join(format!(".write-probe.{}", temporary("tmp")));
    std::fs::write(&probe, b"")?;
    std::fs::remove_file(&probe)?;
    sweep_stale(out, 3);
    Ok(())
}

/// This machine's name as temporaries carry it: every character but ASCII letters, digits,
/// `-` and `_` written as `_` (a dot would cut the name's extension short).
pub fn host() -> &'static str {
    static HOST: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HOST.get_or_init(|| {
        let name: String = host_name()
            .chars()
            .take(64)
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        if name.is_empty() {
            "localhost".into()
        } else {
            name
        }
    })
}

#[cfg(unix)]
fn host_name() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer is valid for its length; gethostname writes at most that much.
    let ok = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) } == 0;
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    if ok {
        String::from_utf8_lossy(&buf[..end]).into_owned()
    } else {
        String::new()
    }
}

#[cfg(not(unix))]
fn host_name() -> String {
    std::env::var("COMPUTERNAME").unwrap_or_default()
}

/// The extension of a temporary this process writes: `tmp-<pid>-<n>-<host>` (or `old-…`),
/// n counting within the process. Shards on several machines share one output folder: the
/// host tells whose temporary it is, the pid and n which write.
pub fn temporary(kind: &str) -> String {
    static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("{kind}-{}-{n}-{}", std::process::id(), host())
}

/// A temporary's process id and host (`index.tmp-12-0-node7`, `.name.old-12-3-node7`), if
/// the name is one; the host is `None` in the names of earlier versions (`index.tmp-12`).
fn temporary_of(name: &str) -> Option<(u32, Option<&str>)> {
    let (_, ext) = name.rsplit_once('.')?;
    let rest = ext
        .strip_prefix("tmp-")
        .or_else(|| ext.strip_prefix("old-"))?;
    if let Ok(pid) = rest.parse() {
        return Some((pid, None));
    }
    let mut parts = rest.splitn(3, '-');
    let pid = parts.next()?.parse().ok()?;
    parts.next()?.parse::<u64>().ok()?;
    let host = parts.next().filter(|h| !h.is_empty())?;
    Some((pid, Some(host)))
}

/// Whether a process runs; `true` when that cannot be known (no `/proc`).
fn alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

/// Removes, in `dir` and its folders `depth` levels down, the temporaries of this machine's
/// processes that no longer run. Another machine's (a shard's on a shared file system) are
/// left alone whatever their pid: a pid says nothing about a process elsewhere. So are
/// temporaries without a host in their name.
fn sweep_stale(dir: &Path, depth: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        let name = e.file_name().to_string_lossy().to_string();
        let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
        match temporary_of(&name) {
            Some((pid, Some(h))) if h == host() && pid != std::process::id() && !alive(pid) => {
                let _ = if is_dir {
                    std::fs::remove_dir_all(&path)
                } else {
                    std::fs::remove_file(&path)
                };
            }
            Some(_) => {}
            None if is_dir && depth > 0 => sweep_stale(&path, depth - 1),
            None => {}
        }
    }
}

/// Writes `out/<name>/` atomically: a fresh temporary folder is filled, then swapped in.
/// On failure the temporary folder is removed and the previous report stays.
pub fn write_report(out: &Path, report: &Report) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(out)?;
    let dest = out.join(&report.name);
    let tmp = out.join(format!(".{}.{}", report.name, temporary("tmp")));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp)?;
    }
    let filled = std::fs::create_dir_all(&tmp).and_then(|_| {
        for (name, bytes) in &report.files {
            std::fs::write(tmp.join(name), bytes)?;
        }
        Ok(())
    });
    if let Err(e) = filled {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    let old = out.join(format!(".{}.{}", report.name, temporary("old")));
    if dest.exists() {
        std::fs::rename(&dest, &old)?;
    }
    std::fs::rename(&tmp, &dest)?;
    if old.exists() {
        std::fs::remove_dir_all(&old)?;
    }
    Ok(dest.join("index.html"))
}

/// One row of the index page.
#[derive(Debug, Clone, Serialize)]
pub struct IndexEntry {
    pub name: String,
    /// Course chapter id (empty when unknown, as for an invalid spec).
    pub chapter: String,
    /// `<name>/<figure>.svg`, for the thumbnail.
    pub thumbnail: Option<String>,
    /// The headline finding as inline HTML.
    pub headline_html: Option<String>,
    pub title: String,
    pub kind: String,
    pub status: String,
    pub error: Option<String>,
    pub started: String,
    pub duration_s: Option<f64>,
    pub has_report: bool,
    /// The spec's claims: how many, and how many of them failed.
    pub claims: usize,
    pub claims_failed: usize,
    /// "all 4 claims hold" / "1 of 4 claims fails", in the index's language (set by `index`).
    pub claims_note: Option<String>,
}

/// Reads the `run.json` of every report folder in `out`.
pub fn existing_entries(out: &Path) -> Vec<IndexEntry> {
    let mut entries = Vec::new();
    let Ok(dir) = std::fs::read_dir(out) else {
        return entries;
    };
    for e in dir.flatten() {
        let path = e.path().join("run.json");
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(info) = serde_json::from_str::<RunInfo>(&text) else {
            continue;
        };
        entries.push(IndexEntry {
            thumbnail: info
                .key_figure
                .as_ref()
                .filter(|f| e.path().join(f).is_file())
                .map(|f| format!("{}/{f}", info.name)),
            headline_html: info.headline.as_deref().map(markdown::inline),
            chapter: info.chapter,
            name: info.name,
            title: info.title,
            kind: info.kind,
            claims: info.claims_total.max(info.claims_failed.len()),
            claims_failed: info.claims_failed.len(),
            claims_note: None,
            error: if info.claims_failed.is_empty() {
                info.error
            } else {
                Some(info.claims_failed.join("; "))
            },
            status: info.status,
            started: info.started,
            duration_s: Some(info.duration_s),
            has_report: true,
        });
    }
    entries
}

/// Renders the index page over `entries` (sorted by name).
pub fn index(
    t: &Templates,
    entries: &[IndexEntry],
    lang: crate::i18n::Lang,
) -> Result<String, String> {
    let mut entries = entries.to_vec();
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    for e in entries.iter_mut().filter(|e| e.claims > 0) {
        e.claims_note = Some(if e.claims_failed == 0 {
            crate::tr!(lang, "index-claims-hold", n = e.claims)
        } else {
            crate::tr!(
                lang,
                "index-claims-fail",
                failed = e.claims_failed,
                n = e.claims
            )
        });
    }
    let ok = entries.iter().filter(|e| e.status == "ok").count();
    // Grouped by the course's chapters, in its order; the rest (invalid specs) last.
    let mut groups: Vec<Value> = Vec::new();
    for ch in crate::kinds::Chapter::ALL {
        let members: Vec<&IndexEntry> = entries.iter().filter(|e| e.chapter == ch.id()).collect();
        if !members.is_empty() {
            groups.push(json!({
                "title": crate::i18n::text(lang, &format!("chapter_{}", ch.id())),
                "entries": members,
            }));
        }
    }
    let known: Vec<&str> = crate::kinds::Chapter::ALL.iter().map(|c| c.id()).collect();
    let rest: Vec<&IndexEntry> = entries
        .iter()
        .filter(|e| !known.contains(&e.chapter.as_str()))
        .collect();
    if !rest.is_empty() {
        groups.push(json!({
            "title": crate::i18n::text(lang, "other_experiments"),
            "entries": rest,
        }));
    }
    let statuses: BTreeMap<&str, String> = ["ok", "failed", "invalid", "claim failed"]
        .iter()
        .map(|s| (*s, crate::i18n::status(lang, s)))
        .collect();
    let mut ctx = tera::Context::new();
    ctx.insert("groups", &groups);
    ctx.insert("statuses", &statuses);
    ctx.insert("css", &t.css);
    ctx.insert("lang", lang.code());
    ctx.insert("t", &crate::i18n::table(lang));
    ctx.insert("entries", &entries);
    ctx.insert("ok", &ok);
    ctx.insert("failed", &(entries.len() - ok));
    t.tera
        .render("index.html", &ctx)
        .map_err(|e| tera_message(&e))
}

/// Every figure of every report in `out` on one self-contained page, under its report's
/// title, in the report's order: how a reviewer sees all figures at once.
pub fn gallery(out: &Path) -> String {
    /// A report's folder name, title and figures (file name, SVG).
    type Shown = (String, String, Vec<(String, String)>);
    let mut reports: Vec<Shown> = Vec::new();
    let Ok(dir) = std::fs::read_dir(out) else {
        return String::new();
    };
    let mut names: Vec<PathBuf> = dir
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    names.sort();
    for folder in names {
        let Ok(html) = std::fs::read_to_string(folder.join("index.html")) else {
            continue;
        };
        let title = std::fs::read_to_string(folder.join("run.json"))
            .ok()
            .and_then(|t| serde_json::from_str::<RunInfo>(&t).ok())
            .map(|i| i.title)
            .unwrap_or_default();
        let name = folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut figures = Vec::new();
        for part in html.split("href=\"").skip(1) {
            let Some(file) = part.split('"').next().filter(|f| f.ends_with(".svg")) else {
                continue;
            };
            if figures.iter().any(|(f, _)| f == file) {
                continue;
            }
            if let Ok(svg) = std::fs::read_to_string(folder.join(file)) {
                figures.push((file.to_string(), svg));
            }
        }
        if !figures.is_empty() {
            reports.push((name, title, figures));
        }
    }
    let count: usize = reports.iter().map(|r| r.2.len()).sum();
    let mut page = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>gradlab: every figure</title>\
         <style>body{{font-family:system-ui,sans-serif;margin:2rem;color:#222}}\
         section{{margin-bottom:2.5rem}}h2{{font-size:1.2rem;border-bottom:1px solid #ddd}}\
         figure{{display:inline-block;margin:0 1rem 1rem 0;vertical-align:top}}\
         figure svg{{max-width:100%;height:auto;border:1px solid #e4e4e4}}\
         figcaption{{font-size:.85rem;color:#555}}</style></head><body>\
         <h1>Every figure of {} report(s): {count}</h1>",
        reports.len()
    );
    for (name, title, figures) in &reports {
        page.push_str(&format!(
            "<section><h2><a href=\"{name}/index.html\">{}</a> <small>({name})</small></h2>",
            crate::markdown::escape(title)
        ));
        for (file, svg) in figures {
            let body = svg.find("<svg").map_or(svg.as_str(), |i| &svg[i..]);
            page.push_str(&format!(
                "<figure>{body}<figcaption>{name}/{file}</figcaption></figure>"
            ));
        }
        page.push_str("</section>");
    }
    page.push_str("</body></html>\n");
    page
}

/// Writes a file atomically (temporary file + rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension(temporary("tmp"));
    let written = std::fs::write(&tmp, bytes).and_then(|_| std::fs::rename(&tmp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// A table cell as HTML: escaped, each word that holds a digit (a number, `(−1.8e-15,`,
/// `lr=0.001`) kept on one line, so a narrow column breaks between words, or inside a long
/// name, never inside a number.
fn cell_html(cell: &str) -> String {
    cell.split(' ')
        .map(|w| {
            let e = markdown::escape(w);
            if w.chars().any(|c| c.is_ascii_digit()) && w.chars().count() <= 24 {
                format!("<span class=\"nw\">{e}</span>")
            } else {
                e
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_cell_breaks_between_words_never_inside_a_number() {
        assert_eq!(
            cell_html("(−1.837e-15, 2) <b>"),
            "<span class=\"nw\">(−1.837e-15,</span> <span class=\"nw\">2)</span> &lt;b&gt;"
        );
        assert_eq!(cell_html("max iterations"), "max iterations");
        // A long token with digits may still break: it could not fit a narrow column.
        assert_eq!(
            cell_html("{patience:5,restore_best:true}"),
            "{patience:5,restore_best:true}"
        );
    }

    #[test]
    fn temporaries_name_their_process_and_host() {
        let t = temporary("tmp");
        let name = format!("index.{t}");
        assert_eq!(
            temporary_of(&name),
            Some((std::process::id(), Some(host())))
        );
        assert_ne!(temporary("tmp"), t, "two writes of one process differ");
        assert!(!host().is_empty() && !host().contains('.'), "{}", host());
        assert_eq!(
            temporary_of(".a-b.old-12-3-node-7_x"),
            Some((12, Some("node-7_x")))
        );
        assert_eq!(temporary_of("k.tmp-12"), Some((12, None)));
        for not in [
            "k.bin",
            "k.tmp-",
            "k.tmp-x-0-h",
            "k.tmp-1-0-",
            "k.tmp-1-x-h",
        ] {
            assert_eq!(temporary_of(not), None, "{not}");
        }
    }
}
