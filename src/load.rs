//! Stage 1 of the pipeline: a path becomes a [`Source`] (its name and text).
//!
//! This and `render` are the only library modules that touch the disk; everything after
//! `load` works on the in-memory text, which is what lets tests and notebook cells feed
//! specs without files. The one exception is deliberate and lives here too: a data set a
//! spec names (`data: {name: file, path: …}`) is read by [`data_file`] when the spec is
//! checked, and the kinds parse its bytes.

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

/// Reads a spec file. A file that is not UTF-8 text is refused with the line and column of
/// its first bad byte.
pub fn load(path: &Path) -> std::io::Result<Source> {
    let bytes = std::fs::read(path)?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Source::from_text(path, text)),
        Err(e) => {
            let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let good = std::str::from_utf8(good).unwrap_or_default();
            let line = good.matches('\n').count() + 1;
            let col = good.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("{line}:{col}: the file is not UTF-8 text (save it as UTF-8)"),
            ))
        }
    }
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

/// The report folder name for a spec path: its stem, reduced to letters and digits (of any
/// script, so `régression` and `回归` stay distinct) and `._-`, so that no name can escape
/// the output directory.
pub fn experiment_name(path: &Path) -> String {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("experiment");
    let cleaned: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' || c == '.' {
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

/// The bytes of a data file a spec names, read once per process and shared: a sweep's
/// trials, and the specs of one `run-all`, see the same bytes. A file changed on disk
/// (another size or modification time) is read again.
pub fn data_file(path: &Path) -> std::io::Result<std::sync::Arc<Vec<u8>>> {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, OnceLock};
    type Seen = HashMap<PathBuf, (u64, Option<std::time::SystemTime>, Arc<Vec<u8>>)>;
    static FILES: OnceLock<Mutex<Seen>> = OnceLock::new();
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "it is a folder, not a file",
        ));
    }
    let stamp = (meta.len(), meta.modified().ok());
    let files = FILES.get_or_init(|| Mutex::new(HashMap::new()));
    let key = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    if let Some((len, modified, bytes)) = files.lock().expect("not poisoned").get(&key) {
        if (*len, *modified) == stamp {
            return Ok(bytes.clone());
        }
    }
    let bytes = Arc::new(std::fs::read(path)?);
    files
        .lock()
        .expect("not poisoned")
        .insert(key, (stamp.0, stamp.1, bytes.clone()));
    Ok(bytes)
}
