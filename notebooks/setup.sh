#!/usr/bin/env bash
# Installs what the notebooks need and is not there yet: the Jupyter pieces from PyPI, the
# evcxr Rust kernel from crates.io, and its kernel spec. `--lab` also installs JupyterLab
# (for `just notebook`); headless runs (`just notebook-test`) need only nbclient.
set -euo pipefail

EVCXR_VERSION=0.22.0

if [[ "${1:-}" == "--lab" ]]; then
    python3 -c "import jupyterlab" 2>/dev/null || {
        echo "installing JupyterLab (pip)"
        python3 -m pip install --quiet "jupyterlab>=4,<5"
    }
fi

python3 -c "import nbclient, nbformat, jupyter_client" 2>/dev/null || {
    echo "installing nbclient, nbformat, jupyter-client (pip)"
    python3 -m pip install --quiet "nbclient>=0.10" "nbformat>=5.10" "jupyter-client>=8" "jupyter-core>=5"
}

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
command -v evcxr_jupyter >/dev/null || {
    echo "installing evcxr_jupyter $EVCXR_VERSION (cargo; about 8 minutes on 2 cores)"
    cargo install evcxr_jupyter --version "$EVCXR_VERSION" --locked
}

python3 -c "import sys; from jupyter_client.kernelspec import KernelSpecManager as K; sys.exit('rust' not in K().find_kernel_specs())" || {
    echo "registering the Rust kernel (evcxr_jupyter --install)"
    evcxr_jupyter --install
}

# The kernel resolves the library's dependencies itself; start it from the repository's
# Cargo.lock so a notebook computes with exactly the crate versions the CLI and tests use.
root="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$root/notebooks/.evcxr"
cp "$root/Cargo.lock" "$root/notebooks/.evcxr/Cargo.lock"
