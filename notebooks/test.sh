#!/usr/bin/env bash
# Executes every notebook in notebooks/ headless with the evcxr Rust kernel, together with
# notebooks that `gradlab notebook` writes from shipped specs; fails on any cell error.
# Then tests the checker on a notebook that fails on purpose (every failing cell must be
# caught, with its whole message in its own output), and exports an executed notebook to
# HTML that must read offline (math as MathML, no remote script).
set -euo pipefail
cd "$(dirname "$0")/.."
bash notebooks/setup.sh
trap 'rm -f notebooks/generated-*.ipynb' EXIT
# The release binary of the README's first command: no second (debug) build of polars.
cargo build --release --quiet
for spec in newton-1d initializers; do
    target/release/gradlab notebook "experiments/$spec.yaml" --fast --out "notebooks/generated-$spec.ipynb"
done
notebooks/python notebooks/check.py
notebooks/python notebooks/check.py --expect-failures 10 notebooks/check-failing-cells.ipynb
html=target/notebooks/02-optimization-newton.html
notebooks/python notebooks/export.py target/notebooks/02-optimization-newton.ipynb "$html"
if grep -q '<script[^>]*src="http' "$html" || ! grep -q '<math' "$html" || grep -q '\$g' "$html"; then
    echo "FAILED $html: math not MathML or a remote script left" >&2
    exit 1
fi
echo "ok     $html reads offline (MathML, no remote script)"
