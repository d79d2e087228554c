"""Run every executable page of the book in this Python environment, as Binder would.

Run it with the Python of the environment to check, from anywhere:

    python binder/check_chapters.py [--jobs N] [--save FOLDER]

tests/test_binder.py runs it in a fresh environment installed from binder/requirements.txt
alone; .github/workflows/binder.yml runs it in the image that repo2docker built.

A page is executable when jupytext reads a kernel in its front matter. Each page runs in a
fresh kernel of this Python, in the page's own folder, cell by cell; any cell error fails
the page. Then one more cell, in the same kernel, checks what a trainer would see:

* the kernel is this environment's Python (not another one found on PATH);
* every readiness calculator the page displays rendered as a widget: its view refers to a
  widget model of the saved state, whose chart has one input per factor, beside the score;
* setting a calculator's first answer through its chart changes its score sentence;
* no output (any mimetype, and the saved widget state) refers to another host, so the
  charts and calculators work with the network to other hosts blocked
  (:func:`foreign_urls` says which URLs are allowed, and why).
* no cell writes to stderr (a warning, a deprecation): a trainer's JupyterLab would show
  it on the page, and the strict build fails on it too (``stderr_output: warn``).

It prints one JSON object per page and exits with status 0 when every page passed, 1 when
one failed. With ``--save FOLDER``, each page that passed is also written there as the
executed notebook, at the page's path with ``.ipynb`` (``FOLDER/chapters/outcomes.ipynb``):
the page's own cells with their outputs (the check cell left out), and the widget state as
the kernel left it, so that its outputs can be looked at, or opened in a browser, later.
Only jupytext and nbclient (both in the Binder lock) and the book's package are needed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import time
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

BOOK = Path(__file__).resolve().parent.parent / "book"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
MARKER = "LIPSE-CHECK:"

# Appended to each page, run in its kernel after the page's own cells.
CHECK_CELL = f"""
import json as _json, sys as _sys
from lipse_widgets.views.calculators import Calculator as _Calculator
_moves = []
for _calc in [v for v in Out.values() if isinstance(v, _Calculator)]:
    _before = _calc.summary
    _first = _calc.model.factors[0].id
    _lo, _hi = _calc.model.scale_min, _calc.model.scale_max
    _calc.set_answers({{_first: _hi if _calc.answers[_first] != _hi else _lo}})
    _moves.append([_before, _calc.summary])
print({MARKER!r} + _json.dumps({{"prefix": _sys.prefix, "moves": _moves}}))
"""


#: URLs an output may hold that load nothing from another host: identifiers and text.
#: - XML namespaces in SVG and in Vega's code (names, never fetched);
#: - the Vega and Vega-Lite JSON schema ids, in each spec's "$schema" and in Vega's code
#:   (vega-embed reads the version from the id; nothing fetches it);
#: - vega-embed's "Open in Vega Editor" address, used only by that menu action, which the
#:   book's embed options turn off (views/figure.py EMBED_OPTIONS, calculators' actions);
#: - an issue of Vega-Lite that one of its error messages cites (text).
ALLOWED_URLS = (
    "http://www.w3.org/",
    "https://vega.github.io/schema/",
    "https://vega.github.io/editor/",
    "https://github.com/vega/vega-lite/issues/",
)
_URL = re.compile(r"https?://[^\s\"'`<>()\\]+")
#: A link in prose: a reader follows it by clicking, the page does not load it. In HTML,
#: an ``<a href>``; in Markdown, ``[text](url)`` (not an image, ``![text](url)``) or ``<url>``.
_ANCHOR_HREF = re.compile(r"""(<a\b[^>]*?\bhref=)(["'])https?://[^"']*\2""", re.IGNORECASE)
_MARKDOWN_LINK = re.compile(r"(?<!!)(\[[^\]]*\]\()https?://[^)\s]*(\))|<https?://[^>\s]*>")
#: Outputs that Jupyter shows as text: a URL in them is text, and loads nothing.
TEXT_ONLY = ("text/plain", "stream")


def foreign_urls(nb: nbformat.NotebookNode) -> list[str]:
    """Every URL of another host in the page's outputs and widget state.

    Each output is read whole, every mimetype (HTML, Markdown, JavaScript, JSON, widget
    views), as is the widget state the page saves (which holds the calculators'
    JavaScript). Not counted: links in prose (``<a href>``, a Markdown link), followed only
    when a reader clicks them; text that Jupyter shows as text (:data:`TEXT_ONLY`: plain
    text and printed output, where a source's address is a citation); and
    :data:`ALLOWED_URLS`. Anything else (a script's ``src``, an ``import``, a stylesheet,
    an image, a URL in code) is counted, and returned as "cell N, MIMETYPE: URL".
    """
    found = []

    def scan(where: str, value: object) -> None:
        text = value if isinstance(value, str) else json.dumps(value)
        text = _ANCHOR_HREF.sub(r"\1\2#\2", text)
        text = _MARKDOWN_LINK.sub("(#)", text)
        for url in _URL.findall(text):
            if not url.startswith(ALLOWED_URLS):
                found.append(f"{where}: {url}")

    for number, cell in enumerate(nb.cells, 1):
        for output in cell.get("outputs", []):
            for mimetype, value in output.get("data", {}).items():
                if mimetype not in TEXT_ONLY:
                    scan(f"cell {number}, {mimetype}", value)
    scan("widget state", nb.metadata.get("widgets", {}))
    return sorted(set(found))


def stderr_outputs(nb: nbformat.NotebookNode) -> list[str]:
    """Return what each cell wrote to stderr, as "cell N: first line" (a warning's text)."""
    found = []
    for number, cell in enumerate(nb.cells, 1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                lines = output.get("text", "").strip().splitlines() or [""]
                found.append(f"cell {number}: {lines[0]}")
    return found


def executable_pages(book: Path = BOOK) -> list[Path]:
    """Every MyST-markdown page of the book whose front matter names a kernel."""
    pages = []
    for path in sorted(book.rglob("*.md")):
        if "_build" in path.parts:
            continue
        if jupytext.read(path).metadata.get("kernelspec"):
            pages.append(path)
    return pages


def _descendants(state: dict, model_id: str) -> list[dict]:
    """Return the widget model ``model_id`` and every model it contains, from a saved state."""
    found, todo = [], [model_id]
    while todo:
        model = state.get(todo.pop())
        if model is None:
            continue
        found.append(model)
        for child in model.get("state", {}).get("children", []):
            todo.append(str(child).removeprefix("IPY_MODEL_"))
    return found


def calculators(nb: nbformat.NotebookNode) -> list[dict]:
    """Return what each widget view of an executed page shows, from its saved state."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    found = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view is None:
                continue
            models = _descendants(state, view["model_id"])
            texts = [m["state"].get("value", "") for m in models if m["model_name"] == "HTMLModel"]
            charts = [m["state"] for m in models if "spec" in m["state"]]
            found.append(
                {
                    "model_found": view["model_id"] in state,
                    # the chart's inputs: one Vega parameter per factor, answer_<factor>
                    "sliders": sum(
                        str(p.get("name", "")).startswith("answer_")
                        for chart in charts
                        for p in (chart["spec"] or {}).get("params", [])
                    ),
                    "score": next((t for t in texts if "out of 100" in t), None),
                }
            )
    return found


async def run_page(
    path: Path, slots: asyncio.Semaphore, timeout: int, executed: dict | None = None
) -> dict:
    """Execute one page in a fresh kernel, then the check cell; return what was seen.

    With ``executed``, the executed notebook is also kept there, under the page's name.
    """
    nb = jupytext.read(path)
    nb.cells.append(nbformat.v4.new_code_cell(CHECK_CELL))
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    report = {"page": path.relative_to(BOOK).as_posix()}
    async with slots:
        start = time.perf_counter()
        try:
            await client.async_execute()
        except CellExecutionError as error:
            report["error"] = str(error)[-3000:]
        report["seconds"] = round(time.perf_counter() - start, 1)
    report["cells"] = sum(c.cell_type == "code" for c in nb.cells) - 1
    report["calculators"] = calculators(nb)
    report["foreign_urls"] = foreign_urls(nb)
    report["stderr"] = stderr_outputs(nb)
    if executed is not None:
        executed[report["page"]] = nb
    printed = "".join(o.get("text", "") for o in nb.cells[-1].get("outputs", []))
    for line in printed.splitlines():
        if line.startswith(MARKER):
            report.update(json.loads(line.removeprefix(MARKER)))
    return report


def problems(report: dict) -> list[str]:
    """Return what is wrong with one page's report (nothing when the page passed)."""
    found = []
    if "error" in report:
        found.append(f"a cell failed:\n{report['error']}")
    if report.get("prefix") != sys.prefix:
        found.append(f"the kernel ran in {report.get('prefix')}, not in {sys.prefix}")
    for url in report.get("foreign_urls", []):
        found.append(f"an output refers to another host: {url}")
    for line in report.get("stderr", []):
        found.append(f"a cell wrote to stderr: {line}")
    calcs = report["calculators"]
    for number, calc in enumerate(calcs, 1):
        if not (calc["model_found"] and calc["sliders"] and calc["score"]):
            found.append(f"calculator {number} did not render as a widget: {calc}")
    moves = report.get("moves", [])
    if len(moves) != len(calcs):
        found.append(f"{len(calcs)} calculator view(s), but {len(moves)} calculator(s) in Out")
    for before, after in moves:
        if before == after:
            found.append(f"moving a slider left the score unchanged: {before!r}")
    return found


def save_page(nb: nbformat.NotebookNode, page: str, folder: Path) -> Path:
    """Write an executed page to ``folder`` at its path with ``.ipynb``, its check cell left out."""
    kept = nbformat.from_dict(nb)
    kept.cells = kept.cells[:-1]
    path = (folder / page).with_suffix(".ipynb")
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(kept, path)
    return path


async def main_async(jobs: int, timeout: int, save: Path | None = None) -> int:
    """Run every page, ``jobs`` at a time; print the reports; return the exit status.

    With ``save``, each page that passed is written there (:func:`save_page`).
    """
    slots = asyncio.Semaphore(jobs)
    pages = executable_pages()
    if not pages:
        print(f"no executable page under {BOOK}", file=sys.stderr)
        return 1
    executed: dict = {}
    reports = await asyncio.gather(*(run_page(p, slots, timeout, executed) for p in pages))
    failed = 0
    for report in reports:
        report["problems"] = problems(report)
        failed += bool(report["problems"])
        if save is not None and not report["problems"]:
            save_page(executed[report["page"]], report["page"], save)
        print(json.dumps(report))
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    """Run the check from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=2, help="pages run at once (default 2)")
    parser.add_argument("--timeout", type=int, default=120, help="seconds per cell")
    parser.add_argument(
        "--save",
        type=Path,
        metavar="FOLDER",
        help="write each page that passed there, executed, as a notebook (.ipynb)",
    )
    args = parser.parse_args(argv)
    return asyncio.run(main_async(args.jobs, args.timeout, args.save))


if __name__ == "__main__":
    sys.exit(main())
