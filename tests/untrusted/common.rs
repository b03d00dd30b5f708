//! Helpers shared by the modules: the repository's root and gradlab run with bounded
//! resources.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The outcome of one gradlab process: exit code, stdout, stderr.
pub struct Outcome {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Bounds the process `cmd` starts to `cpu_seconds` of CPU and 200 MB of data memory (with
/// two malloc arenas, so the limit is not spent on per-thread arenas).
#[cfg(unix)]
pub fn limit(cmd: &mut Command, cpu_seconds: u64) {
    use std::os::unix::process::CommandExt;
    cmd.env("MALLOC_ARENA_MAX", "2");
    // SAFETY: only async-signal-safe calls (setrlimit) between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            let set = |res, v: u64| {
                let lim = libc::rlimit {
                    rlim_cur: v as libc::rlim_t,
                    rlim_max: v as libc::rlim_t,
                };
                libc::setrlimit(res, &lim)
            };
            set(libc::RLIMIT_CPU, cpu_seconds);
            set(libc::RLIMIT_DATA, 200 << 20);
            Ok(())
        });
    }
}

/// Runs gradlab with at most `cpu_seconds` of CPU and 200 MB of data memory: past either the
/// process is killed or its allocation fails (an abort), so an exit code of 2 proves both
/// bounds.
#[cfg(unix)]
pub fn gradlab_limited(args: &[&std::ffi::OsStr], cpu_seconds: u64) -> Outcome {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gradlab"));
    cmd.args(args);
    limit(&mut cmd, cpu_seconds);
    let out = cmd.output().unwrap();
    Outcome {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}
