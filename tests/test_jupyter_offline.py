"""Charts in a kernel with the network to other hosts blocked (issue 15, item 5).

The chapter with the calculators (outcomes.md: figures, a menu bound to a chart, both
calculators) is executed as a notebook in a kernel of this environment (which has
vl-convert), as JupyterLab runs it (binder/check_chapters.py, which tests/test_binder.py
also runs on every page in the Binder environment; the workshop page's figures are the
same figure function's, and make book runs every page in this environment). Then:

* no output, of any mimetype, nor the saved widget state, refers to another host
  (:func:`check_chapters.foreign_urls`, whose allowed URLs are identifiers and text);
* every figure has its SVG (drawn by vl-convert in the kernel), and the calculators'
  widgets carry Vega bundled in;
* in Chromium, with every request refused that does not come from the page's own file,
  the outputs' HTML does what Jupyter's output area does: the first figure's output
  defines Vega, every chart is redrawn by Vega in its box, a menu bound to a chart
  changes it, and nothing asks for another host (tests/notebook_outputs.py).

The calculators' widget (Altair's JupyterChart, offline) needs a widget manager, which
only JupyterLab or the notebook provide; here its JavaScript is checked in the widget
state (no URL of another host, Vega bundled in) and its behaviour by check_chapters.

The pages as Binder's environment runs them, with no vl-convert (Vega read from what
binder/postBuild saved), are checked in tests/test_binder.py, on the pages that Binder's
own kernels executed: no output of any page refers to another host (check_chapters);
outcomes.md and workshop.md carry Vega once and draw no SVG, outcomes.md's calculators
carry Vega bundled in, and Vega draws every chart of outcomes.md in Chromium with every
other host refused.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import nbformat
import pytest
from notebook_outputs import (
    VEGA_BUNDLE,
    check_charts_render_offline,
    figures,
    html_outputs,
    in_own_thread,
    load_check_chapters,
    widget_modules,
)

from lipse_widgets.views.figure import PENDING

REPO = Path(__file__).resolve().parent.parent
PAGES = ("chapters/outcomes.md",)


check_chapters = load_check_chapters()


def _execute(pages) -> dict[str, nbformat.NotebookNode]:
    """Execute pages in fresh kernels of this environment (two at a time)."""
    notebooks: dict = {}

    async def run() -> list[dict]:
        slots = asyncio.Semaphore(2)
        return await asyncio.gather(
            *(
                check_chapters.run_page(check_chapters.BOOK / p, slots, 180, notebooks)
                for p in pages
            )
        )

    reports = in_own_thread(lambda: asyncio.run(run()))
    for report in reports:
        assert check_chapters.problems(report) == [], report
    return notebooks


@pytest.fixture(scope="module")
def executed() -> dict[str, nbformat.NotebookNode]:
    """The pages executed in kernels of this environment."""
    return _execute(PAGES)


def test_no_output_of_an_executed_page_refers_to_another_host(executed):
    for page, nb in executed.items():
        assert check_chapters.foreign_urls(nb) == [], page
    # each calculator's widget carries Vega itself (vl-convert's bundle, about 0.9 MB),
    # not Altair's 8 kB module that imports Vega from a CDN
    modules = widget_modules(executed["chapters/outcomes.md"])
    assert len(modules) == 2 and all(len(code) > 500_000 for code in modules)
    for name, nb in executed.items():
        # the Vega bundle once per kernel: in one output of each page
        assert len([o for o in html_outputs(nb) if VEGA_BUNDLE in o]) == 1, name
        # with vl-convert, every figure has its SVG, drawn in the kernel
        drawn = figures(nb)
        assert len(drawn) >= 2, name
        for figure in drawn:
            assert "<svg" in figure and PENDING not in figure, name


def test_the_check_finds_a_cdn_script_and_allows_links_and_identifiers():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={
                "text/html": '<a href="https://doi.org/10.1/x">a source</a>'
                '<svg xmlns="http://www.w3.org/2000/svg"></svg>'
                '<script>var s = ["https://cdn.jsdelivr.net/npm/vega@6"];</script>',
                "application/json": {"$schema": "https://vega.github.io/schema/vega-lite/v6.json"},
                "text/markdown": "[a source](https://doi.org/10.1/y), <https://example.org/z>"
                " ![a picture](https://example.org/p.png)",
                "text/plain": "a source: https://doi.org/10.1/y",
            },
        ),
        nbformat.v4.new_output("stream", name="stdout", text="see http://example.org/x\n"),
    ]
    nb.cells.append(cell)
    nb.metadata["widgets"] = {"state": {"m": {"_esm": 'import x from "https://esm.sh/vega"'}}}
    assert check_chapters.foreign_urls(nb) == [
        "cell 1, text/html: https://cdn.jsdelivr.net/npm/vega@6",
        "cell 1, text/markdown: https://example.org/p.png",
        "widget state: https://esm.sh/vega",
    ]
    report = {"prefix": check_chapters.sys.prefix, "calculators": [], "moves": []}
    report["foreign_urls"] = check_chapters.foreign_urls(nb)
    assert len(check_chapters.problems(report)) == 3


def test_the_check_fails_a_page_whose_cell_writes_to_stderr():
    """A warning in a kernel is a stderr stream (as ipykernel sends it): the page fails,
    naming the cell and the warning's first line; printed output is fine."""
    nb = nbformat.v4.new_notebook()
    quiet, warning = nbformat.v4.new_code_cell("print(1)"), nbformat.v4.new_code_cell("w()")
    quiet.outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n")]
    warning.outputs = [
        nbformat.v4.new_output(
            "stream",
            name="stderr",
            text="/tmp/ipykernel_1/2.py:3: DeprecationWarning: old\n  warnings.warn('old')\n",
        )
    ]
    nb.cells = [quiet, warning]
    report = {"prefix": check_chapters.sys.prefix, "calculators": [], "moves": []}
    report["stderr"] = check_chapters.stderr_outputs(nb)
    assert check_chapters.problems(report) == [
        "a cell wrote to stderr: cell 2: /tmp/ipykernel_1/2.py:3: DeprecationWarning: old"
    ]
    nb.cells = [quiet]
    assert check_chapters.stderr_outputs(nb) == []


@pytest.mark.browser
@pytest.mark.parametrize("page_name", PAGES)
def test_charts_render_in_a_notebook_with_every_other_host_refused(
    executed, browser, tmp_path, page_name
):
    check_charts_render_offline(browser, executed[page_name], tmp_path)
