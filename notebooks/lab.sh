#!/usr/bin/env bash
# Starts JupyterLab on the repository with notebooks/ open and prints the address to open.
# As root (a container, a cloud machine) JupyterLab refuses to start without --allow-root.
# Extra arguments go to JupyterLab (`bash notebooks/lab.sh --port 9999 --no-browser`).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/.."
args=(--ServerApp.default_url=/lab/tree/notebooks)
if [[ "$(id -u)" == 0 ]]; then
    args+=(--allow-root)
fi
echo "starting JupyterLab; open the http://127.0.0.1:…/lab?token=… address it prints below"
exec "$here/python" -m jupyterlab "${args[@]}" "$@"
