#!/usr/bin/env bash
# The "Rust (gradlab)" Jupyter kernel: evcxr_jupyter with a kept build folder of its own.
# Each running kernel takes a free slot notebooks/.evcxr/slot-N (held by a lock for the
# kernel's lifetime), so two open notebooks never build into the same folder, while a
# later kernel reuses a slot's compiled library instead of building it again. Cargo reads
# notebooks/.cargo/config.toml for builds under that folder (the library optimized).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
for n in $(seq 1 16); do
    slot="$here/.evcxr/slot-$n"
    mkdir -p "$slot"
    exec 9>"$slot.lock"
    if ! command -v flock >/dev/null || flock -n 9; then
        # Same crate versions as the command line and the tests.
        cp "$here/../Cargo.lock" "$slot/Cargo.lock"
        export EVCXR_TMPDIR="$slot"
        exec evcxr_jupyter --control_file "$1"
    fi
    exec 9>&-
done
echo "all 16 notebook build slots are in use (notebooks/.evcxr)" >&2
exit 1
