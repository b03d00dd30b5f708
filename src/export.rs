//! Hand-in exports (I/O, beside `render`): a report printed to PDF by headless Chromium,
//! and one zip with everything a submission needs (report, PDF, resolved spec, data,
//! `run.json`).
//!
//! The zip stores its entries uncompressed with a fixed timestamp, so the same report gives
//! the same bundle. Printing relies on the report's print stylesheet (no figure or table
//! split across pages) and Chromium's page header and footer (title, date, page x of y).

use std::io::Write;
use std::path::{Path, PathBuf};

/// Where to look for Chromium: `$GRADLAB_CHROMIUM`, then these names on the `PATH`.
const CHROMIUM_NAMES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

/// What to tell a user without Chromium.
pub const CHROMIUM_HELP: &str = "PDF export needs headless Chromium, which was not found (looked for $GRADLAB_CHROMIUM, then chromium, chromium-browser, google-chrome on the PATH). Install it with `apt-get install chromium` (Debian/Ubuntu) or `brew install --cask chromium` (macOS), or set GRADLAB_CHROMIUM=/path/to/chrome.";

/// The Chromium binary to print with, if there is one.
pub fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("GRADLAB_CHROMIUM") {
        let p = PathBuf::from(p);
        return p.is_file().then_some(p);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| CHROMIUM_NAMES.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// The paper a PDF is printed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Paper {
    /// ISO A4 (210 × 297 mm), the default
    #[default]
    A4,
    /// US Letter (8.5 × 11 in)
    Letter,
}

/// Prints `<report_dir>/index.html` to `<report_dir>/report.pdf` on `paper`.
pub fn pdf(report_dir: &Path, chromium: &Path, paper: Paper) -> Result<PathBuf, String> {
    let index = std::path::absolute(report_dir.join("index.html")).map_err(|e| e.to_string())?;
    if !index.is_file() {
        return Err(format!("no report at {}", index.display()));
    }
    // The page's `@page { size: A4 }` decides the paper; for Letter a copy says so, beside
    // the original so that its links still resolve, and is removed afterwards.
    let letter_copy = report_dir.join(format!("index.letter.tmp-{}.html", std::process::id()));
    let page = match paper {
        Paper::A4 => index.clone(),
        Paper::Letter => {
            let html = std::fs::read_to_string(&index).map_err(|e| e.to_string())?;
            std::fs::write(&letter_copy, html.replacen("size: A4;", "size: letter;", 1))
                .map_err(|e| e.to_string())?;
            std::path::absolute(&letter_copy).map_err(|e| e.to_string())?
        }
    };
    let out = std::path::absolute(report_dir.join("report.pdf")).map_err(|e| e.to_string())?;
    let tmp = out.with_extension("pdf.tmp");
    // A fresh profile each time, and no background traffic: the report needs no network.
    let profile = std::env::temp_dir().join(format!("gradlab-chromium-{}", std::process::id()));
    let status = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            // Chromium's own header and footer print the file's local path; the report's
            // @page rules put the title, the date and page x / y there instead.
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", tmp.display()))
        .arg(format!("file://{}", page.display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .map_err(|e| format!("cannot start {}: {e}", chromium.display()));
    let _ = std::fs::remove_dir_all(&profile);
    if page != index {
        let _ = std::fs::remove_file(&letter_copy);
    }
    let status = status?;
    let bytes = std::fs::read(&tmp).unwrap_or_default();
    if !status.success() || !bytes.starts_with(b"%PDF") {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!(
            "{} did not print the report (exit status {status})",
            chromium.display()
        ));
    }
    std::fs::rename(&tmp, &out).map_err(|e| e.to_string())?;
    Ok(out)
}

/// Writes `<out>/<name>.zip` with every file of the report folder under `<name>/`.
pub fn bundle(out: &Path, name: &str) -> Result<(PathBuf, Vec<String>), String> {
    let dir = out.join(name);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_none_or(|x| x != "tmp"))
        .collect();
    files.sort();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut names = Vec::new();
    for f in &files {
        let entry = format!(
            "{name}/{}",
            f.file_name().and_then(|n| n.to_str()).unwrap_or("file")
        );
        let bytes = std::fs::read(f).map_err(|e| format!("cannot read {}: {e}", f.display()))?;
        zip.start_file(entry.as_str(), opts)
            .map_err(|e| e.to_string())?;
        zip.write_all(&bytes).map_err(|e| e.to_string())?;
        names.push(entry);
    }
    let bytes = zip.finish().map_err(|e| e.to_string())?.into_inner();
    let path = out.join(format!("{name}.zip"));
    crate::render::write_atomic(&path, &bytes).map_err(|e| e.to_string())?;
    Ok((path, names))
}
