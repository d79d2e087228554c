"""Sphinx extension that makes the built book fast, offline and valid, with no CDN.

Every chart of the book is already drawn into its page as an SVG
(:mod:`lipse_widgets.views.figure`). This extension:

* writes one JavaScript bundle of Vega, Vega-Lite and vega-embed, made by vl-convert for
  the Vega-Lite version Altair uses, into the site's ``_static`` folder, and adds
  ``lipse-charts.js`` (deferred, a few kilobytes) to the pages that have charts: it loads
  the bundle only when a reader reaches for a chart (:file:`static/lipse-charts.js`);
* removes from those pages the script each figure carries for Jupyter, and moves each
  chart's spec and data out of the page into files of their own, fetched only when needed:
  the spec into a small script that the chart's takeover loads (it works from a folder
  on disk too, where a page cannot fetch JSON), the CSV into the file its download link
  names (:func:`externalise`);
* makes every page lighter, valid and accessible (:mod:`.site_quality`, :mod:`.assets`,
  :mod:`.icon_fonts`, :mod:`.unused_css`, :mod:`.descriptions`,
  :mod:`.redirect`).

:mod:`.messages`, loaded as an extension of its own, puts each warning about a reference
at the line of the sentence that holds it, with "did you mean".

Enable it in ``_config.yml`` under ``sphinx.extra_extensions``, as ``lipse_widgets.sphinxext.book``.
"""

from __future__ import annotations

import functools
import hashlib
import html
import re
import urllib.parse
from pathlib import Path

from sphinx.application import Sphinx

from lipse_widgets.sphinxext import (
    assets,
    descriptions,
    icon_fonts,
    redirect,
    site_quality,
    takeaway,
    unused_css,
)

#: Marker that every chart's HTML carries (lipse_widgets.views.figure).
CHART_MARKER = "data-lipse-chart="
#: The script each figure carries for Jupyter (lipse_widgets.views.figure._notebook_script).
_NOTEBOOK_SCRIPT = re.compile(r"<script data-lipse-notebook-only>.*?</script>", re.DOTALL)
#: The script that lets interactive charts take over (in static/).
CHARTS_JS = "lipse-charts.js"
#: The script that reads and writes answer codes (in static/), and what marks a page that uses it.
CODES_JS, CODES_MARKER = "lipse-codes.js", "data-lipse-codes"
#: The script of a calculator's answer code, link and download; it runs after the charts'.
ANSWERS_JS, ANSWERS_MARKER = "lipse-answers.js", "data-lipse-answers="


def bundle_name() -> str:
    """Return the bundle's file name, which changes when the library versions do."""
    import altair as alt

    return f"lipse-vega-{alt.VEGA_VERSION}-{alt.VEGALITE_VERSION}-{alt.VEGAEMBED_VERSION}.js"


def bundle_source() -> str:
    """Return the JavaScript bundle of Vega, Vega-Lite and vega-embed.

    The same bundle serves the site and Jupyter: :func:`lipse_widgets.views.figure.vega_bundle`.
    """
    from lipse_widgets.views.figure import vega_bundle

    return vega_bundle()


@functools.cache
def _bundle() -> str:
    return bundle_source()


def _write_bundle(app: Sphinx, config) -> None:
    """Write the bundle (once per library version) and add its folder to the static path."""
    folder = Path(app.doctreedir).parent / "lipse_static"
    target = folder / bundle_name()
    if not target.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("lipse-vega-*.js"):
            old.unlink()
        tmp = target.with_suffix(".tmp")
        tmp.write_text(_bundle(), encoding="utf-8")
        tmp.replace(target)
    config.html_static_path.append(str(folder))


_SPEC = re.compile(
    r'<script type="application/json" class="(lipse-chart-spec(?:-narrow)?)">(.*?)</script>',
    re.DOTALL,
)
_CSV = re.compile(r'<a download="([^"]+)" href="data:text/csv;charset=utf-8,([^"]*)"')
#: Where the charts' specs and data go in the built site.
SPEC_FOLDER = "_static/lipse-charts"
DATA_FOLDER = "_static/lipse-data"


def _write_once(path: Path, text: str) -> None:
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def externalise(body: str, outdir: Path, pathto) -> str:
    """Move each chart's spec and CSV data from ``body`` into files in ``outdir``.

    A spec becomes ``_static/lipse-charts/<digest>.js``, which calls
    ``lipseChartSpec(digest, spec)`` (lipse-charts.js); an empty element of the spec's
    class names that file in ``data-src``. A CSV data link becomes a link to
    ``_static/lipse-data/<name>``.
    ``pathto`` is Sphinx's, for links relative to the page.
    """

    def spec(match: re.Match) -> str:
        kind, text = match.groups()
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
        name = f"{SPEC_FOLDER}/{digest}.js"
        # The JSON is already safe inside a <script> (figure.py escapes <, > and &).
        _write_once(outdir / name, f'lipseChartSpec("{digest}", {text});\n')
        src = pathto(name, 1)
        return f'<span class="{kind}" hidden data-src="{src}" data-digest="{digest}"></span>'

    def csv(match: re.Match) -> str:
        download, quoted = match.groups()
        text = urllib.parse.unquote(quoted)
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", html.unescape(download)).removesuffix(".csv")
        name = f"{DATA_FOLDER}/{stem}-{digest}.csv"
        _write_once(outdir / name, text)
        return f'<a download="{download}" href="{pathto(name, 1)}"'

    return _CSV.sub(csv, _SPEC.sub(spec, body))


def _chart_pages(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """On a page with charts: drop the Jupyter scripts, move specs and data out, add the script."""
    body = context.get("body", "")
    if CHART_MARKER not in body:
        return
    body = _NOTEBOOK_SCRIPT.sub("", body)
    context["body"] = externalise(body, Path(app.outdir), context["pathto"])
    app.add_js_file(
        CHARTS_JS, priority=600, loading_method="defer", **{"data-runtime": bundle_name()}
    )


def _codes_pages(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """On a page with answer codes: add their scripts; write and link take-away calculators."""
    body = context.get("body", "")
    if CODES_MARKER in body:
        app.add_js_file(CODES_JS, priority=590, loading_method="defer")
    if ANSWERS_MARKER in body:
        app.add_js_file(ANSWERS_JS, priority=610, loading_method="defer")
    if takeaway.TAKEAWAY_MARKER in body:

        def write(name: str, model) -> None:
            page = takeaway.takeaway_html(
                model,
                stylesheet=(Path(app.srcdir) / "_static" / "lipse.css").read_text("utf-8"),
                runtime=_bundle(),
            )
            _write_once(Path(app.outdir) / name, page)

        context["body"] = takeaway.link_takeaways(body, write, context["pathto"])


#: The workshop board's script, the libraries it reads files with (in static/vendor/), and
#: what marks its page (lipse_widgets.views.board).
BOARD_JS, BOARD_MARKER = "lipse-board.js", "data-workshop-board"
BOARD_VENDOR = ("vendor/papaparse.min.js", "vendor/read-excel-file.min.js")


def _board_pages(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """On the workshop board's page: add its file readers and its script (after the codes')."""
    if BOARD_MARKER in context.get("body", ""):
        for name in BOARD_VENDOR:
            app.add_js_file(name, priority=595, loading_method="defer")
        app.add_js_file(
            BOARD_JS, priority=600, loading_method="defer", **{"data-runtime": bundle_name()}
        )


def setup(app: Sphinx) -> dict:
    """Register the extension's event handlers."""
    app.connect("config-inited", _write_bundle)
    app.connect("html-page-context", _chart_pages)
    app.connect("html-page-context", _codes_pages)
    app.connect("html-page-context", _board_pages)
    site_quality.setup(app)
    assets.setup(app)
    descriptions.setup(app)
    icon_fonts.setup(app)
    unused_css.setup(app)
    redirect.setup(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.2"}
