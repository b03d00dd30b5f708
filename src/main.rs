//! The `gradlab` command: parses arguments and maps the result to an exit code.
fn main() {
    // Rust ignores SIGPIPE, which turns a closed stdout (`gradlab schema | head -1`) into a
    // panic in `println!`; with the default action the command ends quietly, as Unix tools do.
    #[cfg(unix)]
    // SAFETY: called first thing, before any thread exists; SIG_DFL is a valid action.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    std::process::exit(gradlab::cli::main());
}
