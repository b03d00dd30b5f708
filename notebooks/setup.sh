#!/usr/bin/env bash
# Installs what the notebooks need and is not there yet: the Jupyter pieces from PyPI, the
# evcxr Rust kernel from crates.io, and the "Rust (gradlab)" kernel spec (kernel.sh). `--lab` also installs JupyterLab
# (for `just notebook`); headless runs (`just notebook-test`) need only nbclient.
# Python packages go where `notebooks/python` finds them: the system's python3 when pip may
# install there, else a virtual environment in notebooks/.venv.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

EVCXR_VERSION=0.22.0
packages=("nbclient>=0.10" "nbformat>=5.10" "jupyter-client>=8" "jupyter-core>=5" "nbconvert>=7")
modules="nbclient, nbformat, jupyter_client, nbconvert"
if [[ "${1:-}" == "--lab" ]]; then
    packages+=("jupyterlab>=4,<5")
    modules+=", jupyterlab"
fi

if ! "$here/python" -c "import $modules" 2>/dev/null; then
    echo "installing ${packages[*]} (pip)"
    if [[ -x "$here/.venv/bin/python" ]] || ! python3 -m pip install --quiet "${packages[@]}" 2>/dev/null; then
        # An externally managed Python (PEP 668) refuses system-wide installs: use a venv.
        [[ -x "$here/.venv/bin/python" ]] || python3 -m venv "$here/.venv" || true
        if ! "$here/.venv/bin/python" -m pip --version >/dev/null 2>&1; then
            rm -rf "$here/.venv"
            echo "error: pip cannot install into python3 and python3 -m venv fails;" \
                 "install the venv module (Debian/Ubuntu: apt-get install python3-venv) and retry" >&2
            exit 1
        fi
        "$here/.venv/bin/python" -m pip install --quiet "${packages[@]}"
    fi
fi

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
command -v evcxr_jupyter >/dev/null || {
    echo "installing evcxr_jupyter $EVCXR_VERSION (cargo; 5 to 11 minutes on 2 cores)"
    cargo install evcxr_jupyter --version "$EVCXR_VERSION" --locked
}

# The kernel spec, written each time (cheap, and right after the repository moved): the
# notebooks ask for kernel "gradlab", which runs evcxr through kernel.sh.
spec_dir="$(mktemp -d)"
cat > "$spec_dir/kernel.json" <<JSON
{
  "argv": ["bash", "$here/kernel.sh", "{connection_file}"],
  "display_name": "Rust (gradlab)",
  "interrupt_mode": "message",
  "language": "rust"
}
JSON
# The spec is user-wide (the notebooks name kernel "gradlab"): the last checkout to run this
# script owns it. Say which, and which checkout had it before.
"$here/python" - "$spec_dir" "$here/kernel.sh" <<'PY'
import sys
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
k = KernelSpecManager()
try:
    before = k.get_kernel_spec("gradlab").argv[1]
except (NoSuchKernel, IndexError):
    before = None
where = k.install_kernel_spec(sys.argv[1], kernel_name="gradlab", user=True)
now = sys.argv[2]
note = "" if before in (None, now) else f" (it ran {before} before)"
print(f'Jupyter kernel "gradlab" (Rust (gradlab)) runs {now}{note}; spec in {where}')
PY
rm -rf "$spec_dir"
