#!/usr/bin/env bash
# Executes every notebook in notebooks/ headless with the evcxr Rust kernel, together with
# notebooks that `gradlab notebook` writes from shipped specs; fails on any cell error.
set -euo pipefail
cd "$(dirname "$0")/.."
bash notebooks/setup.sh
trap 'rm -f notebooks/generated-*.ipynb' EXIT
for spec in newton-1d initializers; do
    cargo run --release --quiet -- notebook "experiments/$spec.yaml" --fast --out "notebooks/generated-$spec.ipynb"
done
notebooks/python notebooks/check.py
