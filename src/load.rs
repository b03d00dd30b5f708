//! Stage 1 of the pipeline: a path becomes a [`Source`] (its name and text).
//!
//! This and `render` are the only library modules that touch the disk; everything after
//! `load` works on the in-memory text, which is what lets tests and notebook cells feed
//! specs without files. The one exception is deliberate and lives here too: a data set a
//! spec names (`data: {name: file, path: …}`) is read by [`data_file`] when the spec is
//! checked, and the kinds parse its bytes.
//!
//! A spec is untrusted input (someone else's spec runs with the reader's rights), so what it
//! may read is confined: only regular files (never a folder, device, FIFO or socket, told
//! apart before anything is opened, and opened so that nothing can block), only below the
//! spec's own folder, the `data/` folder where gradlab runs, gradlab's shipped `data/` folder
//! or a folder the command line allows
//! ([`allow_path`], `--allow-path DIR`), with symbolic links and `..` resolved before that
//! test, and at most [`MAX_DATA_BYTES`]. A refusal names the path and the rule, never
//! anything the file holds.

use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, RwLock};

/// The largest data file a spec may read, and the most a gzip stream in one may expand to:
/// 256 MiB (the MNIST training images are 47 MB unpacked).
pub const MAX_DATA_BYTES: u64 = 256 << 20;

/// The largest spec file: 16 MiB.
pub const MAX_SPEC_BYTES: u64 = 16 << 20;

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
/// Only a regular file of at most [`MAX_SPEC_BYTES`] is read: a FIFO, a device or a folder
/// is refused before it is opened, with an error of kind `InvalidInput`.
pub fn load(path: &Path) -> std::io::Result<Source> {
    let bytes = read_spec_file(path)?;
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

/// The bytes of a spec file, if it is a regular file of at most [`MAX_SPEC_BYTES`].
fn read_spec_file(path: &Path) -> std::io::Result<Vec<u8>> {
    let refuse = |why: String| std::io::Error::new(std::io::ErrorKind::InvalidInput, why);
    // Told apart before opening: opening a FIFO waits for a writer.
    let meta = std::fs::metadata(path)?;
    if let Some(what) = not_regular(meta.file_type()) {
        return Err(refuse(format!("it is {what}, not a regular file")));
    }
    let too_large = |len: u64| {
        refuse(format!(
            "it is {}, over the limit of {} for a spec file",
            mib(len),
            mib(MAX_SPEC_BYTES)
        ))
    };
    if meta.len() > MAX_SPEC_BYTES {
        return Err(too_large(meta.len()));
    }
    let file = open_without_blocking(path, true)?;
    if let Some(what) = not_regular(file.metadata()?.file_type()) {
        return Err(refuse(format!("it is {what}, not a regular file")));
    }
    read_at_most(file, MAX_SPEC_BYTES, meta.len())?.ok_or_else(|| too_large(MAX_SPEC_BYTES + 1))
}

/// What a file that is not a regular file is, in words (`None` for a regular file).
fn not_regular(t: std::fs::FileType) -> Option<&'static str> {
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a folder");
    }
    if t.is_symlink() {
        return Some("a symbolic link");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("a device");
        }
    }
    Some("a special file")
}

/// Opens `path` for reading so that the open itself cannot block (a FIFO swapped in after
/// the type was checked), without acquiring a terminal, and, unless `follow`, refusing a
/// symbolic link as the last component.
fn open_without_blocking(path: &Path, follow: bool) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let nofollow = if follow { 0 } else { libc::O_NOFOLLOW };
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | nofollow);
    }
    #[cfg(not(unix))]
    let _ = follow;
    options.open(path)
}

/// At most `limit` bytes of `file` (`size_hint` of them reserved); `None` when it has more.
fn read_at_most(
    file: std::fs::File,
    limit: u64,
    size_hint: u64,
) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::with_capacity(size_hint.min(limit) as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// A size for messages: `256 MiB`, `1.5 MiB`.
fn mib(bytes: u64) -> String {
    let m = bytes as f64 / (1u64 << 20) as f64;
    if m.fract() == 0.0 {
        format!("{m} MiB")
    } else {
        format!("{m:.1} MiB")
    }
}

/// Gradlab's shipped data sets, the folder `../data/…` names from `experiments/`.
const SHIPPED_DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data");

/// The folders [`allow_path`] added, resolved.
static ALLOWED: RwLock<Vec<PathBuf>> = RwLock::new(Vec::new());

/// Lets every spec this process checks read below `dir` as well (the command line's
/// `--allow-path DIR`, for a reader who trusts the specs with that folder). The folder is
/// resolved now (links and `..`); one that does not exist is an error. Returns it resolved.
pub fn allow_path(dir: &Path) -> std::io::Result<PathBuf> {
    let real = dir.canonicalize()?;
    ALLOWED
        .write()
        .unwrap_or_else(|e| e.into_inner())
        .push(real.clone());
    Ok(real)
}

/// The folders a spec at `spec` may read below, resolved: its own folder, the `data/` folder
/// of the folder gradlab runs in (a project's `experiments/` read `../data/`), gradlab's
/// shipped `data/` folder, and those [`allow_path`] added.
pub fn readable_folders(spec: &Path) -> Vec<PathBuf> {
    let own = match spec.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut folders: Vec<PathBuf> = [own, Path::new("data"), Path::new(SHIPPED_DATA)]
        .iter()
        .filter_map(|d| d.canonicalize().ok())
        .collect();
    folders.extend(
        ALLOWED
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .cloned(),
    );
    folders
}

/// `path` made absolute with every symbolic link and `..` resolved as far as it exists;
/// the part that does not exist (so holds no link) is joined as written.
fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let mut real = PathBuf::new();
    for c in std::path::absolute(path)?.components() {
        match c {
            Component::ParentDir => {
                real.pop();
            }
            Component::CurDir => {}
            c => {
                real.push(c);
                if let Ok(r) = real.canonicalize() {
                    real = r;
                }
            }
        }
    }
    Ok(real)
}

/// Why a data file a spec names is not read.
#[derive(Debug)]
pub enum Refusal {
    /// It resolves to a place outside [`readable_folders`].
    Outside,
    Missing,
    /// A folder, device, FIFO, socket or link: what it is.
    NotRegular(&'static str),
    /// Over [`MAX_DATA_BYTES`]: its size, when known before reading.
    TooLarge(Option<u64>),
    Unreadable(std::io::Error),
}

/// A data file a spec names and why it is not read. Its message names the path and the
/// rule, never what the file holds.
#[derive(Debug)]
pub struct DataFileError {
    /// The path as the spec gave it, joined to the spec's folder.
    pub path: PathBuf,
    pub refusal: Refusal,
}

impl std::fmt::Display for DataFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the data file `{}` ", shown(&self.path))?;
        match &self.refusal {
            Refusal::Outside => write!(
                f,
                "is outside the folders a spec may read (its own folder, the `data/` folder \
                 where gradlab runs, gradlab's `data/` folder and any folder given with \
                 `--allow-path`)"
            ),
            Refusal::Missing => write!(f, "does not exist"),
            Refusal::NotRegular(what) => write!(f, "is {what}, not a regular file"),
            Refusal::TooLarge(Some(len)) => write!(
                f,
                "is {}, over the limit of {} for a data file",
                mib(*len),
                mib(MAX_DATA_BYTES)
            ),
            Refusal::TooLarge(None) => write!(
                f,
                "is over the limit of {} for a data file",
                mib(MAX_DATA_BYTES)
            ),
            Refusal::Unreadable(e) => write!(f, "cannot be read ({e})"),
        }
    }
}

impl std::error::Error for DataFileError {}

impl DataFileError {
    /// What a spec may name instead.
    pub fn expected(&self) -> String {
        match self.refusal {
            Refusal::Outside => "a file below the spec's folder or a `data/` folder (where \
                                 gradlab runs, or gradlab's own); a reader who trusts the spec \
                                 allows another folder with `--allow-path DIR`"
                .into(),
            Refusal::NotRegular(_) => {
                "a regular file (a spec may not read folders, devices, FIFOs or sockets)".into()
            }
            Refusal::TooLarge(_) => format!(
                "a data file of at most {} (gzip streams unpacked count too)",
                mib(MAX_DATA_BYTES)
            ),
            Refusal::Missing | Refusal::Unreadable(_) => {
                "a file relative to the spec's folder; MNIST and Fashion-MNIST are not \
                 shipped: download their four `*-ubyte.gz` files as the README's \"Data sets \
                 from files\" says"
                    .into()
            }
        }
    }
}

/// A path for a message, control characters escaped (a spec's string can hold any).
fn shown(path: &Path) -> String {
    path.display()
        .to_string()
        .chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The bytes of the data file `name` that the spec at `spec` names, relative to the spec's
/// folder, if the spec may read it: a regular file below one of [`readable_folders`] once
/// links and `..` are resolved, of at most [`MAX_DATA_BYTES`]. Its type and size are known
/// before it is opened; it is opened without following a last link and without blocking,
/// and checked again once open (the same file; on Linux, still below those folders).
///
/// Read once per process and shared: a sweep's trials, and the specs of one `run-all`, see
/// the same bytes. A file changed on disk (another size or modification time) is read again.
pub fn data_file(spec: &Path, name: &str) -> Result<Arc<Vec<u8>>, DataFileError> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    type Seen = HashMap<PathBuf, (u64, Option<std::time::SystemTime>, Arc<Vec<u8>>)>;
    static FILES: OnceLock<Mutex<Seen>> = OnceLock::new();
    let path = spec.parent().unwrap_or(Path::new("")).join(name);
    let refuse = |refusal| DataFileError {
        path: path.clone(),
        refusal,
    };
    let unreadable = |e| refuse(Refusal::Unreadable(e));
    // An empty name, next to a spec named without a folder, is the current folder.
    let here = Path::new(".");
    let real = resolve(if path.as_os_str().is_empty() {
        here
    } else {
        &path
    })
    .map_err(unreadable)?;
    let folders = readable_folders(spec);
    let readable = |p: &Path| folders.iter().any(|f| p.starts_with(f));
    if !readable(&real) {
        return Err(refuse(Refusal::Outside));
    }
    let meta = match std::fs::symlink_metadata(&real) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(refuse(Refusal::Missing)),
        Err(e) => return Err(unreadable(e)),
    };
    if let Some(what) = not_regular(meta.file_type()) {
        return Err(refuse(Refusal::NotRegular(what)));
    }
    if meta.len() > MAX_DATA_BYTES {
        return Err(refuse(Refusal::TooLarge(Some(meta.len()))));
    }
    let stamp = (meta.len(), meta.modified().ok());
    let files = FILES.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some((len, modified, bytes)) = files.lock().expect("not poisoned").get(&real) {
        if (*len, *modified) == stamp {
            return Ok(bytes.clone());
        }
    }
    let file = open_without_blocking(&real, false).map_err(unreadable)?;
    let opened = file.metadata().map_err(unreadable)?;
    if let Some(what) = not_regular(opened.file_type()) {
        return Err(refuse(Refusal::NotRegular(what)));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if (opened.dev(), opened.ino()) != (meta.dev(), meta.ino()) {
            return Err(unreadable(std::io::Error::other(
                "it was replaced while it was opened",
            )));
        }
    }
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let fd = format!("/proc/self/fd/{}", file.as_raw_fd());
        if let Ok(p) = std::fs::read_link(fd) {
            if !readable(&p) {
                return Err(refuse(Refusal::Outside));
            }
        }
    }
    let bytes = read_at_most(file, MAX_DATA_BYTES, meta.len())
        .map_err(unreadable)?
        .ok_or_else(|| refuse(Refusal::TooLarge(None)))?;
    let bytes = Arc::new(bytes);
    files
        .lock()
        .expect("not poisoned")
        .insert(real, (stamp.0, stamp.1, bytes.clone()));
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_follows_links_and_joins_what_does_not_exist() {
        let dir = crate::tempdir::tempdir().unwrap();
        let real = dir.path().canonicalize().unwrap();
        let path = dir.path().join("a/../b/./c");
        assert_eq!(resolve(&path).unwrap(), real.join("b/c"));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc", dir.path().join("e")).unwrap();
            let etc = Path::new("/etc").canonicalize().unwrap();
            let path = dir.path().join("e/missing/../x");
            assert_eq!(resolve(&path).unwrap(), etc.join("x"));
            let path = dir.path().join("e/../e/..");
            assert_eq!(resolve(&path).unwrap(), etc.parent().unwrap());
        }
    }

    #[test]
    fn a_refusal_escapes_the_path_and_names_the_rule() {
        let e = DataFileError {
            path: PathBuf::from("a\u{1b}[2Jb\n"),
            refusal: Refusal::TooLarge(Some(300 << 20)),
        };
        assert_eq!(
            e.to_string(),
            "the data file `a\\u{1b}[2Jb\\n` is 300 MiB, over the limit of 256 MiB for a data file"
        );
        assert!(e.expected().contains("at most 256 MiB"));
    }
}
