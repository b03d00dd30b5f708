//! Stage 1 of the pipeline: a path becomes a [`Source`] (its name and text).
//!
//! This and `render` are the only library modules that touch the disk; everything after
//! `load` works on the in-memory text, which is what lets tests and notebook cells feed
//! specs without files.

use std::path::{Path, PathBuf};

/// The text of one spec and where it came from.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as the user gave it (used in messages and the reproduce command).
    pub path: PathBuf,
    /// The experiment's name: the file stem, used as the report folder name.
    pub name: String,
    pub text: String,
}

impl Source {
    /// A source from text already in memory (tests, notebooks).
    pub fn from_text(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        let path = path.into();
        let name = experiment_name(&path);
        Source {
            path,
            name,
            text: text.into(),
        }
    }
}

/// Reads a spec file.
pub fn load(path: &Path) -> std::io::Result<Source> {
    let text = std::fs::read_to_string(path)?;
    Ok(Source::from_text(path, text))
}

/// Every `*.yaml`/`*.yml` file directly inside `dir`, sorted by name.
pub fn spec_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let is_yaml = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml") | Some("yml")
        );
        if is_yaml && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// The report folder name for a spec path: its stem, reduced to `[A-Za-z0-9._-]` so that
/// no name can escape the output directory.
pub fn experiment_name(path: &Path) -> String {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("experiment");
    let cleaned: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let trimmed = cleaned.trim_start_matches('.');
    if trimmed.is_empty() {
        "experiment".to_string()
    } else {
        trimmed.to_string()
    }
}
