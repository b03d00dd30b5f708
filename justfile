# gradlab's verbs. `just --list` prints this menu.
# Get just with `pip install rust-just` (seconds) or `cargo install just --locked`.

set shell := ["bash", "-euo", "pipefail", "-c"]

# Regenerate every report in reports/ from experiments/*.yaml (release build)
[group('run')]
run-all *ARGS:
    cargo run --release -- run-all {{ARGS}}

# Run one experiment by name, e.g. `just run newton-1d`
[group('run')]
run NAME *ARGS:
    cargo run --release -- run experiments/{{NAME}}.yaml {{ARGS}}

# Every experiment in fast mode (fewer steps, smaller sweeps), as the tests run them
[group('run')]
run-fast:
    cargo run -- run-all --fast

# List the experiment kinds with an example each
[group('run')]
kinds:
    cargo run -q -- list

# Unit, integration and snapshot tests (what CI runs, through .ci/run)
[group('check')]
test:
    cargo test

# Lints: clippy with warnings as errors, and rustfmt
[group('check')]
check:
    cargo clippy --all-targets -- -D warnings
    cargo fmt --check

# Everything CI runs, in CI's order
[group('check')]
ci:
    bash .ci/run

# Benchmarks: `run-all` wall time (release) and the nn engine's training throughput
[group('check')]
bench:
    cargo build --release
    /usr/bin/time -f "run-all: %e s wall, %M KB max RSS" ./target/release/gradlab run-all --quiet
    cargo bench --bench train_throughput

# Delete the generated reports (keeps reports/README.md)
[group('maintain')]
clean:
    find reports -mindepth 1 -not -name README.md -exec rm -rf {} +
