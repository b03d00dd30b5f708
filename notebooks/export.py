"""Export a notebook to one HTML file that reads offline: math as MathML, no remote scripts.

Usage: notebooks/python notebooks/export.py NOTEBOOK.ipynb [OUT.html]
(default OUT: the notebook's name with .html, beside it)

`jupyter nbconvert --to html` leaves the Markdown cells' `$…$` math to MathJax, which it
loads from a CDN: offline, the page shows raw LaTeX. Here the Markdown cells are rendered by
gradlab's own Markdown and LaTeX converter (`gradlab markdown`, the one the reports use), so
the math is MathML that the browser draws itself, and the remote MathJax and RequireJS script
tags are left out. Everything else is nbconvert's `lab` template: code, outputs (gradlab's
SVG figures and HTML tables, error blocks in a monospace <pre>), inline CSS.
"""

import json
import pathlib
import re
import subprocess
import sys

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor

ROOT = pathlib.Path(__file__).resolve().parent.parent
GRADLAB = ROOT / "target" / "release" / "gradlab"


def gradlab() -> pathlib.Path:
    """The command-line tool of the README's first command (built when missing)."""
    if not GRADLAB.exists():
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    return GRADLAB


class MarkdownWithMathML(Preprocessor):
    """Replaces each Markdown cell's source, and each Markdown output (`run.prose()`,
    `run.findings()`), by its HTML, math included as MathML."""

    def preprocess(self, nb, resources):
        cells = [c for c in nb.cells if c.cell_type == "markdown"]
        outputs = [
            o.data
            for c in nb.cells
            if c.cell_type == "code"
            for o in c.get("outputs", [])
            if "text/markdown" in o.get("data", {})
        ]
        texts = [c.source for c in cells] + [d["text/markdown"] for d in outputs]
        done = subprocess.run(
            [str(gradlab()), "markdown"],
            input=json.dumps(texts),
            capture_output=True,
            text=True,
            check=True,
        )
        html = json.loads(done.stdout)
        for cell, h in zip(cells, html):
            # A block of HTML, passed through by nbconvert's Markdown renderer.
            cell.source = f"<div class=\"gradlab-markdown\">\n{h}\n</div>"
        for data, h in zip(outputs, html[len(cells):]):
            # HTML ranks above Markdown in nbconvert's output order.
            del data["text/markdown"]
            data["text/html"] = h
        return nb, resources


# <script src="https://…"></script>: MathJax and RequireJS from CDNs, not needed here.
REMOTE_SCRIPT = re.compile(r"<script[^>]*\bsrc=\"https?://[^\"]*\"[^>]*>\s*</script>\s*", re.S)
# MathJax's configuration block, without MathJax.
MATHJAX_CONFIG = re.compile(r"<script type=\"text/x-mathjax-config\">.*?</script>\s*", re.S)


def export(path: pathlib.Path, out: pathlib.Path) -> pathlib.Path:
    nb = nbformat.read(path, as_version=4)
    exporter = HTMLExporter(template_name="lab")
    exporter.register_preprocessor(MarkdownWithMathML(), enabled=True)
    html, _ = exporter.from_notebook_node(nb)
    html = REMOTE_SCRIPT.sub("", html)
    html = MATHJAX_CONFIG.sub("", html)
    out.write_text(html, encoding="utf-8")
    return out


def main(argv: list[str]) -> int:
    if not argv or len(argv) > 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    path = pathlib.Path(argv[0]).resolve()
    out = pathlib.Path(argv[1]) if len(argv) > 1 else path.with_suffix(".html")
    print(export(path, out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
