"""Charts in a kernel with the network to other hosts blocked (issue 15, item 5).

A chapter and the workshop page are executed as notebooks in a kernel of this
environment, as JupyterLab or Binder runs them (binder/check_chapters.py, which
tests/test_locks.py also runs on every page in the Binder environment). Then:

* no output, of any mimetype, nor the saved widget state, refers to another host
  (:func:`check_chapters.foreign_urls`, whose allowed URLs are identifiers and text);
* in Chromium, with every request refused that does not come from the page's own file,
  the outputs' HTML does what Jupyter's output area does: the first figure's output
  defines Vega, every chart is redrawn by Vega in its box, a menu bound to a chart
  changes it, and nothing asks for another host.

The calculators' widget (Altair's JupyterChart, offline) needs a widget manager, which
only JupyterLab or the notebook provide; here its JavaScript is checked in the widget
state (no URL of another host, Vega bundled in) and its behaviour by check_chapters.

A chapter is also executed as Binder's environment runs it, with no vl-convert
(lipse_widgets/views/vega.py): ``import vl_convert`` fails in its kernel, which reads the
Vega JavaScript that ``vega.save()`` wrote (as binder/postBuild does); its figures have
no SVG, and Vega draws every one of them in the browser, with every other host refused.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import html
import importlib.util
import os
import re
from pathlib import Path

import nbformat
import pytest

from lipse_widgets.views import vega
from lipse_widgets.views.figure import PENDING

REPO = Path(__file__).resolve().parent.parent
PAGES = ("chapters/outcomes.md", "workshop.md")
#: The page executed as on Binder, with no vl-convert (its key in ``executed``).
WITHOUT_VL_CONVERT = "chapters/outcomes.md, without vl-convert"


def _check_chapters():
    path = REPO / "binder" / "check_chapters.py"
    spec = importlib.util.spec_from_file_location("check_chapters", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check_chapters = _check_chapters()


def _execute(pages, environ: dict[str, str] | None = None) -> dict[str, nbformat.NotebookNode]:
    """Execute pages in fresh kernels (two at a time), started with ``environ`` added."""
    notebooks: dict = {}

    async def run() -> list[dict]:
        slots = asyncio.Semaphore(2)
        return await asyncio.gather(
            *(
                check_chapters.run_page(check_chapters.BOOK / p, slots, 180, notebooks)
                for p in pages
            )
        )

    before = dict(os.environ)
    os.environ.update(environ or {})
    try:
        # In a thread of its own: the browser tests' Playwright runs an event loop here.
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            reports = pool.submit(lambda: asyncio.run(run())).result()
    finally:
        os.environ.clear()
        os.environ.update(before)
    for report in reports:
        assert check_chapters.problems(report) == [], report
    return notebooks


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> dict[str, nbformat.NotebookNode]:
    """The pages executed in kernels of this environment, and outcomes.md as on Binder."""
    notebooks = _execute(PAGES)
    binder = tmp_path_factory.mktemp("binder")
    (binder / "vl_convert.py").write_text(
        "raise ImportError('vl-convert is not installed here, as on Binder')\n"
    )
    environ = {
        "PYTHONPATH": os.pathsep.join(filter(None, [str(binder), os.environ.get("PYTHONPATH")])),
        vega.FOLDER_VARIABLE: str(binder / "share"),
    }
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(vega.FOLDER_VARIABLE, environ[vega.FOLDER_VARIABLE])
        vega.save()
    (outcomes,) = _execute(["chapters/outcomes.md"], environ).values()
    notebooks[WITHOUT_VL_CONVERT] = outcomes
    return notebooks


def test_no_output_of_an_executed_page_refers_to_another_host(executed):
    for page, nb in executed.items():
        assert check_chapters.foreign_urls(nb) == [], page
    outcomes = executed["chapters/outcomes.md"]
    state = outcomes.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    # each calculator's widget carries Vega itself (vl-convert's bundle, about 0.9 MB),
    # not Altair's 8 kB module that imports Vega from a CDN
    esm = [m["state"]["_esm"] for m in state.values() if "_esm" in m["state"]]
    assert len(esm) == 2 and all(len(code) > 500_000 for code in esm)
    pages = [
        out["data"]["text/html"]
        for nb in executed.values()
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if "text/html" in out.get("data", {})
    ]
    # the Vega bundle once per kernel: in one output of each page
    with_bundle = [p for p in pages if "/* Vega, Vega-Lite and vega-embed" in p]
    assert len(with_bundle) == len(executed)
    # with no vl-convert, no figure has an SVG: each waits for Vega in its box
    for name, nb in executed.items():
        # (each figure without the Vega bundle that the page's first one carries)
        figures = [
            p[p.index('<div class="lipse-figure') :]
            for p in _html_outputs(nb)
            if 'class="lipse-figure' in p
        ]
        assert figures, name
        for page in figures:
            drawn = "<svg" in page and PENDING not in page
            assert drawn == (name != WITHOUT_VL_CONVERT), name


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


def _html_outputs(nb: nbformat.NotebookNode) -> list[str]:
    return [
        out["data"]["text/html"]
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if "text/html" in out.get("data", {})
    ]


def _outputs_page(nb: nbformat.NotebookNode) -> str:
    """The page's HTML outputs in order, in one HTML page, as Jupyter's output area shows them."""
    parts = [f'<div class="output">{page}</div>' for page in _html_outputs(nb)]
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape('executed notebook')}</title></head><body>"
        + "".join(parts)
        + "</body></html>"
    )


@pytest.mark.browser
@pytest.mark.parametrize("page_name", [*PAGES, WITHOUT_VL_CONVERT])
def test_charts_render_in_a_notebook_with_every_other_host_refused(
    executed, browser, tmp_path, page_name
):
    target = tmp_path / "notebook.html"
    target.write_text(_outputs_page(executed[page_name]), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    refused: list[str] = []
    errors: list[str] = []

    def route(request_route):
        url = request_route.request.url
        if url.startswith("file://") or url.startswith("data:"):
            request_route.continue_()
        else:
            refused.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(target.as_uri())
        charts = page.locator(".lipse-chart")
        total = charts.count()
        assert total >= 2
        # every chart redrawn by Vega (vega-embed's container) in its box, with a size
        page.wait_for_function(
            "n => document.querySelectorAll('.lipse-chart-box .vega-embed svg.marks').length >= n",
            arg=total,
            timeout=60_000,
        )
        sizes = page.locator(".lipse-chart-box .vega-embed svg.marks").evaluate_all(
            "els => els.map(e => [e.getBoundingClientRect().width,"
            " e.querySelectorAll('path').length])"
        )
        assert all(width > 150 and paths > 0 for width, paths in sizes), sizes
        assert "Error loading script" not in page.content()
        inputs = page.locator("[data-lipse-signal]")
        if inputs.count():
            assert all(not d for d in inputs.evaluate_all("els => els.map(e => e.disabled)"))
            menu = page.locator("select[data-lipse-signal]").first
            if menu.count():
                figure = menu.locator("xpath=ancestor::div[contains(@class,'lipse-figure')][1]")
                svg = figure.locator(".lipse-chart-box .vega-embed svg.marks").first
                before = svg.inner_html()
                options = menu.locator("option").all_inner_texts()
                menu.select_option(label=options[-1])
                page.wait_for_function(
                    "([el, b]) => el.innerHTML !== b", arg=[svg.element_handle(), before]
                )
        assert refused == []
        assert [e for e in errors if re.search("vega|script|fail", e, re.I)] == []
    finally:
        page.close()
