//! The `gradlab` command: parses arguments and maps the result to an exit code.
fn main() {
    std::process::exit(gradlab::cli::main());
}
