"""Execute notebooks headless with the evcxr Rust kernel; fail on any cell error.

Usage: notebooks/python notebooks/check.py [NOTEBOOK ...]
(default: the course notebooks notebooks/NN-*.ipynb and notebooks/generated-*.ipynb)

Each notebook is validated against nbformat 4, then run top to bottom by nbclient with the
"gradlab" kernel (notebooks/kernel.sh) started in the notebook's folder, so
notebooks/evcxr.toml applies. The executed copy, outputs included, is written to
target/notebooks/. Exit code 0 when every cell of every notebook ran, 1 otherwise.

A cell fails when it has an error output, stderr text, or when an `Err` reached its `?`.
The last does not depend on the kernel forwarding stderr (which it does on a thread of its
own, so the text can arrive late or in the next cell): the library appends every such error
to the file named by GRADLAB_NOTEBOOK_ERRORS, which this script sets for the kernel and
reads after each cell, so the failure is pinned to the cell that caused it.

`--expect-failures N` inverts the verdict for a test notebook that fails on purpose: exit 0
when exactly N cells failed, each of them with its complete message in its own outputs.
"""

import os
import pathlib
import sys
import tempfile
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


def run(path: pathlib.Path, expect: int | None = None) -> bool:
    try:
        return execute(path, expect)
    except Exception as e:  # an invalid notebook, a missing or dead kernel: this one fails
        print(f"FAILED {shown(path)}: {type(e).__name__}: {e}", file=sys.stderr)
        return False


def cell_text(cell) -> str:
    """Everything a cell shows: streams, rich text and HTML (tags kept), error values."""
    parts = []
    for out in cell.get("outputs", []):
        parts.append(out.get("text", ""))
        for mime in ("text/plain", "text/html"):
            parts.append(str(out.get("data", {}).get(mime, "")))
        parts.append(f"{out.get('ename', '')} {out.get('evalue', '')}")
    return "\n".join(parts)


def execute(path: pathlib.Path, expect: int | None) -> bool:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    with tempfile.TemporaryDirectory() as tmp:
        log = pathlib.Path(tmp) / "errors.log"
        log.touch()
        os.environ["GRADLAB_NOTEBOOK_ERRORS"] = str(log)
        # Errors that reached a cell's `?`, by cell: read from the library's log after each.
        raised: dict[int, list[str]] = {}
        seen = [0]

        def after_cell(cell, cell_index, execute_reply):
            text = log.read_text(encoding="utf-8")
            new = [r.strip() for r in text[seen[0]:].split("\x1e") if r.strip()]
            seen[0] = len(text)
            if new:
                raised.setdefault(cell_index, []).extend(new)

        client = NotebookClient(
            nb,
            kernel_name=KERNEL,
            timeout=TIMEOUT_S,
            resources={"metadata": {"path": str(path.parent)}},
            on_cell_executed=after_cell,
        )
        started = time.monotonic()
        ok = True
        try:
            client.execute()
        except (CellExecutionError, CellTimeoutError) as e:
            ok = False
            print(f"FAILED {shown(path)}\n{e}", file=sys.stderr)
        elapsed = time.monotonic() - started
    failed_cells: dict[int, str] = {}
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            text = out.get("text") or f"{out.get('ename')}: {out.get('evalue')}"
            if kind == "error" or (kind == "stream" and out.get("name") == "stderr" and text.strip()):
                failed_cells.setdefault(i, text)
        for message in raised.get(i, []):
            failed_cells.setdefault(i, message)
    for i, text in sorted(failed_cells.items()):
        source = nb.cells[i].source.splitlines()[0] if nb.cells[i].source else ""
        print(f"{'expected' if expect is not None else 'FAILED'} {shown(path)} cell {i} ({source}):\n{text}",
              file=sys.stderr)
    if expect is None:
        ok = ok and not failed_cells
    else:
        # A test of the checker itself: exactly `expect` failing cells, each caught through
        # the log and showing its whole message (every line of it) in its own outputs.
        complete = all(
            all(line.strip() in cell_text(nb.cells[i]) or html_escape(line.strip()) in cell_text(nb.cells[i])
                for line in message.splitlines() if line.strip())
            for i, messages in raised.items() for message in messages
        )
        ok = len(failed_cells) == expect and len(raised) == expect and complete
        if not ok:
            print(f"FAILED {shown(path)}: expected {expect} failing cells, each caught and complete; "
                  f"got {len(failed_cells)} failing, {len(raised)} caught, complete: {complete}",
                  file=sys.stderr)
    OUT.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, OUT / path.name)
    code_cells = sum(1 for c in nb.cells if c.cell_type == "code")
    status = "ok" if ok else "FAILED"
    print(f"{status:6} {shown(path)}  {code_cells} code cells  {elapsed:.1f} s", flush=True)
    return ok


def html_escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def main(argv: list[str]) -> int:
    expect = None
    if argv[:1] == ["--expect-failures"]:
        expect, argv = int(argv[1]), argv[2:]
    here = ROOT / "notebooks"
    paths = [pathlib.Path(a).resolve() for a in argv] or sorted(
        [*here.glob("[0-9][0-9]-*.ipynb"), *here.glob("generated-*.ipynb")]
    )
    if not paths:
        print("no notebooks", file=sys.stderr)
        return 1
    results = [run(p, expect) for p in paths]
    failed = results.count(False)
    print(f"{len(results) - failed} of {len(results)} notebooks ran as expected")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
