#!/usr/bin/env bash
# Installs what the notebooks need and is not there yet: the Jupyter pieces from PyPI, the
# evcxr Rust kernel from crates.io, and its kernel spec. `--lab` also installs JupyterLab
# (for `just notebook`); headless runs (`just notebook-test`) need only nbclient.
# Python packages go where `notebooks/python` finds them: the system's python3 when pip may
# install there, else a virtual environment in notebooks/.venv.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"

EVCXR_VERSION=0.22.0
packages=("nbclient>=0.10" "nbformat>=5.10" "jupyter-client>=8" "jupyter-core>=5")
modules="nbclient, nbformat, jupyter_client"
if [[ "${1:-}" == "--lab" ]]; then
    packages+=("jupyterlab>=4,<5")
    modules+=", jupyterlab"
fi

if ! "$here/python" -c "import $modules" 2>/dev/null; then
    echo "installing ${packages[*]} (pip)"
    if [[ -x "$here/.venv/bin/python" ]] || ! python3 -m pip install --quiet "${packages[@]}"; then
        # An externally managed Python (PEP 668) refuses system-wide installs: use a venv.
        [[ -x "$here/.venv/bin/python" ]] || python3 -m venv "$here/.venv"
        "$here/.venv/bin/python" -m pip install --quiet "${packages[@]}"
    fi
fi

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
command -v evcxr_jupyter >/dev/null || {
    echo "installing evcxr_jupyter $EVCXR_VERSION (cargo; 6 to 11 minutes on 2 cores)"
    cargo install evcxr_jupyter --version "$EVCXR_VERSION" --locked
}

"$here/python" -c "import sys; from jupyter_client.kernelspec import KernelSpecManager as K; sys.exit('rust' not in K().find_kernel_specs())" || {
    echo "registering the Rust kernel (evcxr_jupyter --install)"
    evcxr_jupyter --install
}

# The kernel resolves the library's dependencies itself; start it from the repository's
# Cargo.lock so a notebook computes with exactly the crate versions the CLI and tests use.
mkdir -p "$here/.evcxr"
cp "$root/Cargo.lock" "$here/.evcxr/Cargo.lock"
