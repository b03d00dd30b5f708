//! Records the git revision the binary is built from (for `run.json` and report footers),
//! and a hash of the sources it is compiled from: the cache keys on both, so an edit to a
//! kind or a template recomputes, committed or not.
use std::path::{Path, PathBuf};
use std::process::Command;

/// Every file below `dir`, sorted.
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// FNV-1a (64 bit) over each source file's path and bytes: stable across toolchains.
fn source_hash(roots: &[&str]) -> String {
    let mut all = Vec::new();
    for r in roots {
        let p = Path::new(r);
        if p.is_dir() {
            files(p, &mut all);
        } else if p.exists() {
            all.push(p.to_path_buf());
        }
    }
    all.sort();
    let mut h: u64 = 0xcbf29ce484222325;
    for p in all {
        let bytes = std::fs::read(&p).unwrap_or_default();
        for b in p.to_string_lossy().bytes().chain([0]).chain(bytes) {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    format!("{h:016x}")
}

fn main() {
    let rev = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    println!("cargo:rustc-env=GRADLAB_GIT_REV={rev}");
    let roots = ["src", "templates", "data", "Cargo.toml", "Cargo.lock"];
    println!(
        "cargo:rustc-env=GRADLAB_SOURCE_HASH={}",
        source_hash(&roots)
    );
    for r in roots {
        println!("cargo:rerun-if-changed={r}");
    }
    for p in [".git/HEAD", ".git/refs/heads", ".git/packed-refs"] {
        if std::path::Path::new(p).exists() {
            println!("cargo:rerun-if-changed={p}");
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
}
