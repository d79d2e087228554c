"""Sphinx extension that makes the built book work offline, with no CDN.

Altair's HTML output loads Vega, Vega-Lite and vega-embed from a CDN unless
``window.VEGA_DEBUG`` already names the versions it wants. This extension:

* writes one JavaScript bundle of the three libraries, made by vl-convert for the
  Vega-Lite version Altair uses, into the site's ``_static`` folder;
* adds that bundle only to pages that draw a chart, followed by the
  ``VEGA_DEBUG`` declaration that makes Altair's loader use it.
* makes every page lighter and accessible (:mod:`lipse_widgets.sphinxext.site_quality`).

Enable it in ``_config.yml`` under ``sphinx.extra_extensions``.
"""

from __future__ import annotations

import json
from pathlib import Path

from sphinx.application import Sphinx

from lipse_widgets.sphinxext import site_quality

#: Marker that Altair's HTML output puts on every page with a chart.
CHART_MARKER = "vegaEmbed("


def bundle_name() -> str:
    """Return the bundle's file name, which changes when the library versions do."""
    import altair as alt

    return f"lipse-vega-{alt.VEGA_VERSION}-{alt.VEGALITE_VERSION}-{alt.VEGAEMBED_VERSION}.js"


def bundle_source() -> str:
    """Return the JavaScript bundle of Vega, Vega-Lite and vega-embed.

    vl-convert's bundle declares top-level ``const`` names, so it is wrapped in a
    function scope; it sets ``window.vega``, ``window.vegaLite`` and
    ``window.vegaEmbed`` itself. The ``VEGA_DEBUG`` versions are Altair's own, so
    Altair's loader finds the libraries present and requests nothing.
    """
    import altair as alt
    import vl_convert as vlc
    from altair.utils.html import vl_version_for_vl_convert

    versions = {
        "vega_version": alt.VEGA_VERSION,
        "vegalite_version": alt.VEGALITE_VERSION,
        "vegaembed_version": alt.VEGAEMBED_VERSION,
    }
    bundle = vlc.javascript_bundle(vl_version=vl_version_for_vl_convert())
    return (
        "/* Vega, Vega-Lite and vega-embed, bundled by vl-convert for the LIPSE book. */\n"
        f"(function () {{\n{bundle}\n}})();\n"
        f"window.VEGA_DEBUG = Object.assign(window.VEGA_DEBUG || {{}}, {json.dumps(versions)});\n"
    )


def _write_bundle(app: Sphinx, config) -> None:
    """Write the bundle (once per library version) and add its folder to the static path."""
    folder = Path(app.doctreedir).parent / "lipse_static"
    target = folder / bundle_name()
    if not target.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("lipse-vega-*.js"):
            old.unlink()
        tmp = target.with_suffix(".tmp")
        tmp.write_text(bundle_source(), encoding="utf-8")
        tmp.replace(target)
    config.html_static_path.append(str(folder))


def _add_bundle_to_chart_pages(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Load the bundle, synchronously in the head, on pages that draw a chart."""
    if CHART_MARKER in context.get("body", ""):
        app.add_js_file(bundle_name(), priority=200)


def setup(app: Sphinx) -> dict:
    """Register the extension's event handlers."""
    app.connect("config-inited", _write_bundle)
    app.connect("html-page-context", _add_bundle_to_chart_pages)
    site_quality.setup(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
