//! Reading: a spec reads only regular files below its own folder (or the shipped data), with size and decompression limits, and an error never shows a file's content.
//!
//! Each case writes its spec (and what it reads) into a temporary folder, runs gradlab with
//! bounded CPU and memory and a wall-clock limit, and asserts exit code 2, the spec's
//! file:line:col, nothing of the target file's content in the messages, and no report.

use crate::common::root;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

// Temporary folders without the `tempfile` crate (see Cargo.toml's dev-dependencies).
use crate::tempdir;

/// A value only the child's environment holds: `/proc/self/environ` would show it.
const SECRET: &str = "gradlab-secret-7f3a9c1e";

/// A `train` spec whose data block is `data`.
fn spec(data: &str) -> String {
    format!(
        "title: Hostile\nkind: train\nparams:\n  data: {data}\n  layers: [{{units: 8}}]\n  \
         optimizer: {{name: adam, lr: 0.01}}\n  epochs: 1\n"
    )
}

/// What one gradlab process came to.
struct Ran {
    code: Option<i32>,
    stderr: String,
    seconds: f64,
}

/// Runs gradlab in `cwd` with 10 CPU seconds, 200 MB of data memory, [`SECRET`] in its
/// environment and no standard input; one still running after `wall` is killed and the
/// test fails (a FIFO opened for reading would wait for a writer forever).
#[cfg(unix)]
fn gradlab(args: &[&OsStr], cwd: &Path, wall: Duration) -> Ran {
    use std::process::{Command, Stdio};
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gradlab"));
    cmd.args(args)
        .current_dir(cwd)
        .env("GRADLAB_TEST_SECRET", SECRET)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    crate::common::limit(&mut cmd, 10);
    let start = Instant::now();
    let child = cmd.spawn().unwrap();
    let pid = child.id() as libc::pid_t;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(wall) {
        Ok(out) => {
            let out = out.unwrap();
            Ran {
                code: out.status.code(),
                stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
                seconds: start.elapsed().as_secs_f64(),
            }
        }
        Err(_) => {
            // SAFETY: a plain kill(2) of the child this test started.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            panic!("gradlab {args:?} still ran after {wall:?}: killed");
        }
    }
}

fn os(args: &[&str]) -> Vec<std::ffi::OsString> {
    args.iter().map(|a| a.into()).collect()
}

/// Whether `stderr` names `file` followed by `:line:col` (both at least 1).
fn located(stderr: &str, file: &Path) -> bool {
    let file = file.display().to_string();
    stderr.match_indices(&file).any(|(i, _)| {
        let mut parts = stderr[i + file.len()..].splitn(4, ':');
        let number = |p: Option<&str>| {
            p.map(|p| {
                p.chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
            })
            .is_some_and(|d| d.parse::<usize>().is_ok_and(|n| n > 0))
        };
        parts.next() == Some("") && number(parts.next()) && number(parts.next())
    })
}

/// What a case expects of gradlab's messages: none of these may appear.
const CONTENT: &[&str] = &[SECRET, "root:", "daemon:", "/bin/", "nologin", "PATH="];

/// Writes `spec.yaml` with data block `data` into `dir`, runs `check` and `run` on it with
/// `extra` arguments, and asserts the refusal: exit code 2, located, `needle` in the message,
/// no content of the file, no report. Returns the `check` message.
#[cfg(unix)]
fn refused(dir: &Path, data: &str, extra: &[&str], needle: &str) -> String {
    let file = dir.join("spec.yaml");
    std::fs::write(&file, spec(data)).unwrap();
    let out = dir.join("out");
    let mut first = String::new();
    for verb in ["check", "run"] {
        let mut args = vec![verb.into(), file.clone().into_os_string()];
        if verb == "run" {
            args.extend(os(&["--quiet", "--out"]));
            args.push(out.clone().into_os_string());
        }
        args.extend(os(extra));
        let args: Vec<&OsStr> = args.iter().map(|a| a.as_os_str()).collect();
        let r = gradlab(&args, dir, Duration::from_secs(60));
        let e = &r.stderr;
        assert_eq!(r.code, Some(2), "{data} ({verb}): {e}");
        assert!(
            located(e, &file),
            "{data} ({verb}) names no file:line:col: {e}"
        );
        assert!(e.contains(needle), "{data} ({verb}): no `{needle}` in {e}");
        for c in CONTENT {
            assert!(!e.contains(c), "{data} ({verb}) shows `{c}`: {e}");
        }
        assert!(!e.contains("panicked"), "{data} ({verb}): {e}");
        assert!(!out.join("spec").exists(), "{data}: a report was written");
        if verb == "check" {
            first = e.clone();
        }
    }
    first
}

const OUTSIDE: &str = "is outside the folders a spec may read";

#[cfg(unix)]
#[test]
fn system_files_are_outside_whatever_the_path() {
    let dir = tempdir::tempdir().unwrap();
    let up = "../".repeat(16);
    for path in [
        format!("{up}etc/passwd"),
        "/etc/passwd".into(),
        "/etc/shadow".into(),
        "/proc/self/environ".into(),
        "/proc/self/root/etc/passwd".into(),
        "/proc/self/cwd/../../../etc/passwd".into(),
        "/dev/zero".into(),
        "/dev/stdin".into(),
        "//etc/./passwd".into(),
    ] {
        let e = refused(
            dir.path(),
            &format!("{{name: file, path: \"{path}\", format: csv}}"),
            &[],
            OUTSIDE,
        );
        assert!(e.contains("--allow-path DIR"), "{e}");
        assert!(e.contains("field: params.data.path"), "{e}");
    }
    // The label file of an IDX set is held to the same rule (its image file is there).
    std::fs::write(
        dir.path().join("images-idx3-ubyte"),
        [0u8, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0],
    )
    .unwrap();
    let e = refused(
        dir.path(),
        &format!("{{name: file, path: images-idx3-ubyte, labels: {up}etc/passwd}}"),
        &[],
        OUTSIDE,
    );
    assert!(e.contains("field: params.data.labels"), "{e}");
}

#[cfg(unix)]
#[test]
fn an_allowed_system_file_is_read_but_never_shown() {
    // A reader who allows /etc or /proc still sees no line of what the file holds: the
    // messages name the path, the line and the column, never a cell or a header name.
    let dir = tempdir::tempdir().unwrap();
    for (path, allow) in [
        ("/etc/passwd", "/etc"),
        ("/proc/self/environ", "/proc"),
        ("/proc/self/status", "/proc"),
    ] {
        let e = refused(
            dir.path(),
            &format!("{{name: file, path: {path}, format: csv}}"),
            &["--allow-path", allow],
            "cannot be used",
        );
        assert!(e.contains("column(s) is named `label`"), "{e}");
    }
    // Devices are not regular files, allowed or not; nothing blocks or fills memory.
    for (path, what) in [
        ("/dev/zero", "a device"),
        ("/dev/null", "a device"),
        ("/dev/stdin", "not a regular file"),
        ("/dev", "a folder"),
    ] {
        refused(
            dir.path(),
            &format!("{{name: file, path: {path}, format: csv}}"),
            &["--allow-path", "/dev"],
            what,
        );
    }
}

#[cfg(unix)]
#[test]
fn links_are_resolved_before_the_folder_test() {
    let dir = tempdir::tempdir().unwrap();
    let d = dir.path();
    std::os::unix::fs::symlink("/etc/passwd", d.join("leak.csv")).unwrap();
    std::os::unix::fs::symlink("/etc", d.join("etc")).unwrap();
    std::fs::create_dir(d.join("sub")).unwrap();
    std::os::unix::fs::symlink("../../../../../../../../etc/passwd", d.join("sub/up.csv")).unwrap();
    for path in ["leak.csv", "etc/passwd", "sub/up.csv", "sub/../etc/passwd"] {
        refused(
            d,
            &format!("{{name: file, path: {path}, format: csv}}"),
            &[],
            OUTSIDE,
        );
    }
    // A missing file behind a link out is outside too: no test of what exists there.
    refused(d, "{name: file, path: etc/no-such-file.csv}", &[], OUTSIDE);
    refused(
        d,
        "{name: file, path: no-such-file.csv}",
        &[],
        "does not exist",
    );
    // A link that stays inside is followed.
    std::fs::write(d.join("real.csv"), good_csv()).unwrap();
    std::os::unix::fs::symlink("real.csv", d.join("alias.csv")).unwrap();
    std::fs::write(d.join("ok.yaml"), spec("{name: file, path: alias.csv}")).unwrap();
    let r = gradlab(
        &[OsStr::new("check"), OsStr::new("ok.yaml")],
        d,
        Duration::from_secs(60),
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
}

/// A CSV of 40 records in two classes.
fn good_csv() -> String {
    let mut text = String::from("x1,x2,label\n");
    for i in 0..40 {
        text += &format!("{},{},{}\n", i % 7, i % 5, i % 2);
    }
    text
}

#[cfg(unix)]
#[test]
fn fifos_as_data_or_spec_do_not_block() {
    let dir = tempdir::tempdir().unwrap();
    let d = dir.path();
    let fifo = |name: &str| {
        let path = std::ffi::CString::new(d.join(name).to_str().unwrap()).unwrap();
        // SAFETY: a NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o600) }, 0);
    };
    fifo("pipe.csv");
    fifo("labels-idx1-ubyte");
    std::fs::write(d.join("images-idx3-ubyte"), [0u8, 0, 8, 1, 0, 0, 0, 0]).unwrap();
    let wall = Duration::from_secs(5);
    for data in [
        "{name: file, path: pipe.csv}",
        "{name: file, path: images-idx3-ubyte, labels: labels-idx1-ubyte}",
    ] {
        let file = d.join("fifo-data.yaml");
        std::fs::write(&file, spec(data)).unwrap();
        let r = gradlab(&[OsStr::new("check"), file.as_os_str()], d, wall);
        assert_eq!(r.code, Some(2), "{}", r.stderr);
        assert!(located(&r.stderr, &file), "{}", r.stderr);
        assert!(
            r.stderr
                .contains("is a FIFO (named pipe), not a regular file"),
            "{}",
            r.stderr
        );
    }
    // The spec file itself a FIFO: refused by its type, for every command that loads one.
    fifo("spec.yaml");
    let out = d.join("out");
    for args in [
        os(&["check", "spec.yaml"]),
        os(&[
            "run",
            "spec.yaml",
            "--quiet",
            "--out",
            out.to_str().unwrap(),
        ]),
        os(&["notebook", "spec.yaml", "--out", "n.ipynb"]),
    ] {
        let args: Vec<&OsStr> = args.iter().map(|a| a.as_os_str()).collect();
        let r = gradlab(&args, d, wall);
        assert_eq!(r.code, Some(2), "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("spec.yaml") && r.stderr.contains("a FIFO (named pipe)"),
            "{args:?}: {}",
            r.stderr
        );
    }
    // `run-all` lists regular files only: a folder with nothing but a FIFO has no specs.
    std::fs::create_dir(d.join("only-fifo")).unwrap();
    fifo("only-fifo/a.yaml");
    let r = gradlab(
        &[
            OsStr::new("run-all"),
            OsStr::new("only-fifo"),
            OsStr::new("--out"),
            out.as_os_str(),
        ],
        d,
        wall,
    );
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(!out.join("a").exists());
}

#[cfg(unix)]
#[test]
fn a_gzip_bomb_stops_at_the_limit_within_the_memory_bound() {
    use std::io::Write;
    // 300 MiB of zeros in about 300 KB, below the spec's folder; gradlab runs with 200 MB of
    // data memory, less than the limit itself: the stream is counted before it is kept.
    let dir = tempdir::tempdir().unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![b'0'; 1 << 20];
    for _ in 0..300 {
        gz.write_all(&zeros).unwrap();
    }
    let bomb = gz.finish().unwrap();
    assert!(bomb.len() < 2 << 20, "{} bytes", bomb.len());
    std::fs::write(dir.path().join("bomb.csv.gz"), &bomb).unwrap();
    std::fs::write(dir.path().join("bomb-idx3-ubyte.gz"), &bomb).unwrap();
    let e = refused(
        dir.path(),
        "{name: file, path: bomb.csv.gz}",
        &[],
        "`bomb.csv.gz` cannot be used: the gzip stream unpacks to more than 256 MiB, the limit",
    );
    assert!(e.contains("params.data.path"), "{e}");
    refused(
        dir.path(),
        "{name: file, path: bomb-idx3-ubyte.gz, labels: bomb-idx3-ubyte.gz}",
        &[],
        "the gzip stream unpacks to more than 256 MiB",
    );
    // Measured: the time to refuse it.
    let file = dir.path().join("spec.yaml");
    std::fs::write(&file, spec("{name: file, path: bomb.csv.gz}")).unwrap();
    let r = gradlab(
        &[OsStr::new("check"), file.as_os_str()],
        dir.path(),
        Duration::from_secs(60),
    );
    assert_eq!(r.code, Some(2));
    eprintln!(
        "a 300 MiB gzip bomb ({} bytes) refused in {:.2} s",
        bomb.len(),
        r.seconds
    );
}

#[cfg(unix)]
#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
    // A sparse file of 300 MiB: its size is known from its metadata; nothing is read.
    let dir = tempdir::tempdir().unwrap();
    let big = std::fs::File::create(dir.path().join("big.csv")).unwrap();
    big.set_len(300 << 20).unwrap();
    refused(
        dir.path(),
        "{name: file, path: big.csv}",
        &[],
        "big.csv` is 300 MiB, over the limit of 256 MiB for a data file",
    );
    // A spec file over its own limit (16 MiB) is refused the same way.
    let spec_file = dir.path().join("huge.yaml");
    std::fs::File::create(&spec_file)
        .unwrap()
        .set_len(17 << 20)
        .unwrap();
    let r = gradlab(
        &[OsStr::new("check"), spec_file.as_os_str()],
        dir.path(),
        Duration::from_secs(60),
    );
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("over the limit of 16 MiB for a spec file"),
        "{}",
        r.stderr
    );
}

#[cfg(unix)]
#[test]
fn allow_path_lets_an_outside_folder_through() {
    let specs = tempdir::tempdir().unwrap();
    let data = tempdir::tempdir().unwrap();
    std::fs::write(data.path().join("set.csv"), good_csv()).unwrap();
    let path = data.path().join("set.csv");
    let text = spec(&format!("{{name: file, path: {}}}", path.display()));
    std::fs::write(specs.path().join("spec.yaml"), &text).unwrap();
    refused(
        specs.path(),
        &format!("{{name: file, path: {}}}", path.display()),
        &[],
        OUTSIDE,
    );
    let allow = data.path().as_os_str();
    let check = OsStr::new("check");
    let spec_file = OsStr::new("spec.yaml");
    let flag = OsStr::new("--allow-path");
    // The flag before or after the command; given twice; a missing folder is an error.
    let repo = root();
    for args in [
        vec![check, spec_file, flag, allow],
        vec![flag, allow, check, spec_file],
        vec![check, flag, repo.as_os_str(), flag, allow, spec_file],
    ] {
        let r = gradlab(&args, specs.path(), Duration::from_secs(60));
        assert_eq!(r.code, Some(0), "{args:?}: {}", r.stderr);
    }
    let r = gradlab(
        &[check, spec_file, flag, OsStr::new("no-such-folder")],
        specs.path(),
        Duration::from_secs(60),
    );
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(
        r.stderr.contains("--allow-path no-such-folder"),
        "{}",
        r.stderr
    );
    // A folder allowed is not its neighbour with a longer name.
    let sibling = PathBuf::from(format!("{}-x", data.path().display()));
    std::fs::create_dir(&sibling).unwrap();
    std::fs::write(sibling.join("set.csv"), good_csv()).unwrap();
    refused(
        specs.path(),
        &format!(
            "{{name: file, path: {}}}",
            sibling.join("set.csv").display()
        ),
        &["--allow-path", data.path().to_str().unwrap()],
        OUTSIDE,
    );
    std::fs::remove_dir_all(&sibling).unwrap();
}

#[cfg(unix)]
#[test]
fn the_shipped_data_folder_is_readable_from_anywhere() {
    // gradlab's own `data/` (what `../data/…` names from experiments/) needs no flag; the
    // same relative path from another folder is outside.
    let dir = tempdir::tempdir().unwrap();
    refused(
        dir.path(),
        "{name: file, path: ../data/digits.csv}",
        &[],
        OUTSIDE,
    );
    let shipped = root().join("data/digits.csv");
    let file = dir.path().join("shipped.yaml");
    std::fs::write(
        &file,
        spec(&format!("{{name: file, path: {}}}", shipped.display())),
    )
    .unwrap();
    let r = gradlab(
        &[OsStr::new("check"), file.as_os_str()],
        dir.path(),
        Duration::from_secs(60),
    );
    // Read, and refused for what it is (a CSV without a header line), not for where.
    assert!(!r.stderr.contains(OUTSIDE), "{}", r.stderr);
    assert!(
        r.stderr.contains("column(s) is named `label`"),
        "{}",
        r.stderr
    );
}

#[cfg(unix)]
#[test]
fn malformed_files_are_located_errors_without_their_content() {
    let dir = tempdir::tempdir().unwrap();
    let d = dir.path();
    let write = |name: &str, bytes: &[u8]| std::fs::write(d.join(name), bytes).unwrap();
    write("nan.csv", b"root:x,b,label\n1,2,0\nnan,4,1\n");
    write("inf.csv", b"a,b,label\n1,2,0\n3,-inf,1\n");
    write("words.csv", b"a,label\nroot:x:0:0,1\n");
    write("header.csv", b"root:x:0:0:root:/root:/bin/bash\n1\n");
    let mut overflow = vec![0u8, 0, 8, 4];
    overflow.extend_from_slice(&[0xFF; 16]);
    write("overflow-idx3-ubyte", &overflow);
    write("labels-idx1-ubyte", &[0, 0, 8, 1, 0, 0, 0, 2, 0, 1]);
    for (data, needle) in [
        (
            "{name: file, path: nan.csv}",
            "line 3, column 1: not a finite number (NaN and infinities are refused)",
        ),
        (
            "{name: file, path: inf.csv}",
            "line 3, column 2: not a finite number",
        ),
        (
            "{name: file, path: words.csv}",
            "line 2, column 1: not a number",
        ),
        (
            "{name: file, path: header.csv}",
            "line 1: none of the header's 1 column(s) is named `label`",
        ),
        (
            "{name: file, path: overflow-idx3-ubyte, labels: labels-idx1-ubyte}",
            "images: the header's 4 dimension(s) multiply to more values than any file holds",
        ),
    ] {
        refused(d, data, &[], needle);
    }
    // `divide_by` must be a normal number in its declared range, located at itself.
    for by in ["5e-324", "0", "-1", "1e300", "1e-7"] {
        let e = refused(
            d,
            &format!("{{name: file, path: nan.csv, divide_by: {by}}}"),
            &[],
            "a number between 1e-6 and 1e9",
        );
        assert!(e.contains("field: params.data.divide_by"), "{e}");
    }
    write("large.csv", b"a,label\n1e305,0\n1,1\n");
    let e = refused(
        d,
        "{name: file, path: large.csv, divide_by: 1e-6}",
        &[],
        "sample 0, feature 0: divided by 1e-6 it is not a finite number",
    );
    assert!(e.contains("field: params.data.divide_by"), "{e}");
}

#[cfg(unix)]
#[test]
fn a_data_block_without_n_is_not_told_to_shrink_n() {
    let dir = tempdir::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("set.csv"), good_csv()).unwrap();
    let wide = "[{units: 4096}, {units: 4096}, {units: 4096}, {units: 4096}, {units: 4096}, \
                {units: 4096}, {units: 4096}, {units: 4096}, {units: 4096}, {units: 4096}]";
    for data in [
        "{name: digits}",
        "{name: xor}",
        "{name: file, path: set.csv}",
    ] {
        let text = spec(data).replace("[{units: 8}]", wide);
        let file = d.join("wide.yaml");
        std::fs::write(&file, text).unwrap();
        let r = gradlab(
            &[OsStr::new("check"), file.as_os_str()],
            d,
            Duration::from_secs(60),
        );
        assert_eq!(r.code, Some(2), "{data}: {}", r.stderr);
        assert!(located(&r.stderr, &file), "{}", r.stderr);
        assert!(
            r.stderr.contains("a smaller `layers`"),
            "{data}: {}",
            r.stderr
        );
        assert!(!r.stderr.contains("data.n"), "{data}: {}", r.stderr);
    }
    // A generated set that holds the memory is still told to shrink its `n`.
    let file = d.join("many.yaml");
    std::fs::write(&file, spec("{name: moons, n: 1000000000}")).unwrap();
    let r = gradlab(
        &[OsStr::new("check"), file.as_os_str()],
        d,
        Duration::from_secs(60),
    );
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("a smaller `data.n`"), "{}", r.stderr);
}
