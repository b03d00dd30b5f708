"""Execute notebooks headless with the evcxr Rust kernel; fail on any cell error.

Usage: notebooks/python notebooks/check.py [NOTEBOOK ...]
(default: the course notebooks notebooks/NN-*.ipynb and notebooks/generated-*.ipynb)

Each notebook is validated against nbformat 4, then run top to bottom by nbclient with the
"gradlab" kernel (notebooks/kernel.sh) started in the notebook's folder, so
notebooks/evcxr.toml applies. The executed copy, outputs included, is written to
target/notebooks/. Exit code 0 when every cell of every notebook ran, 1 otherwise.
"""

import os
import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "target" / "notebooks"
KERNEL = "gradlab"
TIMEOUT_S = 1800


def shown(path: pathlib.Path) -> str:
    return os.path.relpath(path, ROOT)


def run(path: pathlib.Path) -> bool:
    try:
        return execute(path)
    except Exception as e:  # an invalid notebook, a missing or dead kernel: this one fails
        print(f"FAILED {shown(path)}: {type(e).__name__}: {e}", file=sys.stderr)
        return False


def execute(path: pathlib.Path) -> bool:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    client = NotebookClient(
        nb,
        kernel_name=KERNEL,
        timeout=TIMEOUT_S,
        resources={"metadata": {"path": str(path.parent)}},
    )
    started = time.monotonic()
    ok = True
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError) as e:
        ok = False
        print(f"FAILED {shown(path)}\n{e}", file=sys.stderr)
    elapsed = time.monotonic() - started
    # evcxr reports an `Err` reaching a cell's `?` on stderr and still completes the cell,
    # so any error output or stderr text counts as a failure (the notebooks print none).
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            if kind == "error" or (kind == "stream" and out.get("name") == "stderr"):
                ok = False
                text = out.get("text") or f"{out.get('ename')}: {out.get('evalue')}"
                source = cell.source.splitlines()[0] if cell.source else ""
                print(f"FAILED {shown(path)} cell {i} ({source}):\n{text}", file=sys.stderr)
    OUT.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, OUT / path.name)
    code_cells = sum(1 for c in nb.cells if c.cell_type == "code")
    status = "ok" if ok else "FAILED"
    print(f"{status:6} {shown(path)}  {code_cells} code cells  {elapsed:.1f} s", flush=True)
    return ok


def main(argv: list[str]) -> int:
    here = ROOT / "notebooks"
    paths = [pathlib.Path(a).resolve() for a in argv] or sorted(
        [*here.glob("[0-9][0-9]-*.ipynb"), *here.glob("generated-*.ipynb")]
    )
    if not paths:
        print("no notebooks", file=sys.stderr)
        return 1
    results = [run(p) for p in paths]
    failed = results.count(False)
    print(f"{len(results) - failed} of {len(results)} notebooks ran without an error")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
