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
    cargo run --release -- run-all --fast

# List the experiment kinds with an example each
[group('run')]
kinds:
    cargo run --release -q -- list

# Unit, integration and snapshot tests (what CI runs, through .ci/run)
[group('check')]
test:
    cargo test --release

# Every shipped claim checked for seeds 0–4 in full mode (a few minutes)
[group('check')]
claims-seeds:
    cargo test --release --test cli -- --ignored shipped_claims_hold

# Lints: clippy with warnings as errors, and rustfmt
[group('check')]
check:
    cargo clippy --all-targets -- -D warnings
    cargo fmt --check

# Everything CI runs, in CI's order: format, tests, lints, notebooks
[group('check')]
ci:
    bash .ci/run

# Benchmarks: `run-all` wall time (release) and the nn engine's training throughput
[group('check')]
bench:
    cargo build --release
    /usr/bin/time -f "run-all: %e s wall, %M KB max RSS" ./target/release/gradlab run-all --quiet
    cargo bench --bench train_throughput

# Start JupyterLab on the repository with notebooks/ open and the Rust kernel (installs
# JupyterLab, evcxr_jupyter and the kernel spec first when they are missing)
[group('notebook')]
notebook:
    bash notebooks/setup.sh --lab
    bash notebooks/lab.sh

# Execute every notebook headless with the Rust kernel, and two that `gradlab notebook` writes;
# fails on any cell error (executed copies in target/notebooks/)
[group('notebook')]
notebook-test:
    bash notebooks/test.sh

# Write a literate notebook for a spec: `just notebook-for newton-1d` → notebooks/newton-1d.ipynb
[group('notebook')]
notebook-for NAME *ARGS:
    cargo run --release -- notebook experiments/{{NAME}}.yaml {{ARGS}}

# Every figure of every report on one page (reports/gallery.html), for review
[group('run')]
gallery:
    cargo run --release -q -- gallery

# Print the JSON Schema of the spec format and refresh schema.json
[group('maintain')]
schema:
    cargo run --release -q -- schema > schema.json

# A sharded sweep through a real Slurm (installs and starts slurmctld + slurmd; needs root)
[group('check')]
slurm-test:
    bash tests/slurm/run.sh

# Fuzz TARGET (spec_loader, expression, prose, claim or data_file) for SECS seconds (needs `cargo install cargo-fuzz --locked`)
[group('check')]
fuzz TARGET="spec_loader" SECS="300":
    cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run {{TARGET}} -O -- -max_total_time={{SECS}}

# Delete the generated reports and the cache (keeps reports/README.md)
[group('maintain')]
clean:
    find reports -mindepth 1 -not -name README.md -exec rm -rf {} +
