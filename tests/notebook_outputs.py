"""An executed page's outputs, read and shown in Chromium as Jupyter's output area shows them.

Used by test_jupyter_offline (pages executed in a kernel of this environment) and by
test_binder (pages executed in Binder's environment, by binder/check_chapters.py).
"""

from __future__ import annotations

import concurrent.futures
import html
import importlib.util
import re
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parent.parent
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
#: The first line of the script that defines Vega (lipse_widgets.views.vega.vega_bundle).
VEGA_BUNDLE = "/* Vega, Vega-Lite and vega-embed"


def load_check_chapters():
    """binder/check_chapters.py, a script, imported as a module."""
    path = REPO / "binder" / "check_chapters.py"
    spec = importlib.util.spec_from_file_location("check_chapters", path)
    check_chapters = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check_chapters)
    return check_chapters


def in_own_thread(function, *args):
    """Call ``function(*args)`` in a thread of its own and return what it returns.

    For code that runs an asyncio event loop (``asyncio.run``, as binder/check_chapters.py
    does): in a worker that has run a browser test, Playwright's sync API has an event loop
    running in the main thread, and ``asyncio.run`` refuses to start there.
    """
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(function, *args).result()


def html_outputs(nb: nbformat.NotebookNode) -> list[str]:
    """The page's HTML outputs, in order."""
    return [
        out["data"]["text/html"]
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if "text/html" in out.get("data", {})
    ]


def figures(nb: nbformat.NotebookNode) -> list[str]:
    """The HTML of each figure of the page, from its figure box on (so without the Vega
    bundle that the page's first figure output carries)."""
    return [
        output[output.index('<div class="lipse-figure') :]
        for output in html_outputs(nb)
        if 'class="lipse-figure' in output
    ]


def widget_modules(nb: nbformat.NotebookNode) -> list[str]:
    """The JavaScript module (``_esm``) of each anywidget in the saved widget state."""
    state = nb.metadata["widgets"][WIDGET_STATE]["state"]
    return [m["state"]["_esm"] for m in state.values() if "_esm" in m["state"]]


def outputs_page(nb: nbformat.NotebookNode) -> str:
    """The page's HTML outputs in order, in one HTML page, as Jupyter's output area shows them."""
    parts = [f'<div class="output">{page}</div>' for page in html_outputs(nb)]
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape('executed notebook')}</title></head><body>"
        + "".join(parts)
        + "</body></html>"
    )


def check_charts_render_offline(browser, nb: nbformat.NotebookNode, folder: Path) -> None:
    """Open the page's outputs in Chromium with every request refused that does not come
    from the page's own file: the first figure's output defines Vega, every chart is
    redrawn by Vega in its box, a menu bound to a chart changes it, nothing asks for
    another host, and no error about Vega or a script is logged."""
    target = folder / "notebook.html"
    target.write_text(outputs_page(nb), encoding="utf-8")
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
