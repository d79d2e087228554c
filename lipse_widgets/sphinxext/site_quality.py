"""Lighter, accessible pages: what the theme ships that this book does not need, or gets wrong.

Measured on the book (decoded bytes a browser loads for one page):

* pydata-sphinx-theme loads ``fontawesome.js`` (1.45 MB, every Font Awesome icon as
  SVG) on every page. The theme's stylesheet already draws the same icons from the
  Font Awesome web font, so the script is left out; the few icons the theme uses stay.
* The theme loads Sphinx's search index and search scripts on every page for its
  "search as you type" option. With that option off (the default) only the search page
  uses them, so other pages leave them out (the search page loads its own copy).

Accessibility fixes (WCAG 2.2 AA, as axe-core checks them in the browser tests), made
here rather than by excluding anything from the checks:

* ``templates/search-button-field.html``: the search button's accessible name
  includes its visible text (label in name).
* Citations in the bibliography: docutils marks each entry ``role="doc-biblioentry"``,
  a deprecated role, inside a ``role="list"``; they become ``role="listitem"``.
* ``<style>`` elements that cell outputs put in the body go to the head (valid HTML).
* ``static/lipse-a11y.js`` (every page, deferred): hides the decorative icon-font
  ``<i>`` elements from screen readers and names vega-embed's chart menu.

Outputs for a static page: the extension sets :data:`lipse_widgets.STATIC_SITE` in the
environment of the kernels that execute the chapters, so that an object with a live
widget view in Jupyter (a readiness calculator) shows as its HTML figure instead and
creates no widget (whose state and JavaScript a static page could not use).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from markupsafe import Markup
from sphinx.application import Sphinx

from lipse_widgets import STATIC_SITE
from lipse_widgets.sphinxext.assets import direct_stylesheets

HERE = Path(__file__).parent

#: The theme's icon script (the CSS web font draws the icons instead).
_FONTAWESOME_JS = re.compile(
    r'\s*<script[^>]*\ssrc="[^"]*_static/scripts/fontawesome\.js[^"]*"[^>]*></script>'
)

#: The search scripts the theme adds to every page for "search as you type".
_SEARCH_JS = re.compile(
    r'\s*<script[^>]*\ssrc="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)'
    r'[^"]*"[^>]*></script>'
)


#: The theme's early fetches of its two scripts, which it loads, deferred, at the end of
#: the body anyway: on a slow connection they share the bandwidth with the stylesheets that
#: the first paint waits for.
_SCRIPT_PRELOAD = re.compile(r'\s*<link rel="preload" as="script" href="[^"]*"\s*/?>')


def trim_head(html: str, *, keep_search: bool) -> Markup:
    """Return the theme's head HTML without the icon script (and the search scripts).

    The theme's ``theme.css``, which only imports Sphinx's ``basic.css``, is linked
    directly (:func:`lipse_widgets.sphinxext.assets.direct_stylesheets`), and the theme's
    preloads of the scripts it defers are left out.
    """
    html = direct_stylesheets(_SCRIPT_PRELOAD.sub("", _FONTAWESOME_JS.sub("", str(html))))
    if not keep_search:
        html = _SEARCH_JS.sub("", html)
    return Markup(html)


def fix_body(body: str) -> str:
    """Return a page body with the accessibility fixes that the HTML itself needs."""
    return body.replace('role="doc-biblioentry"', 'role="listitem"')


_BODY_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def styles_to_head(body: str) -> tuple[str, Markup]:
    """Move the ``<style>`` elements a cell output put in the body to the head.

    HTML allows a ``<style>`` in the body only if its selectors can match nothing before
    it (the W3C checker rejects the others); in the head, the same rules are valid and
    apply the same way. Return the body without them and the head's ``<style>`` (each
    distinct one once).
    """
    found: list[str] = []
    for css in _BODY_STYLE.findall(body):
        if css not in found:
            found.append(css)
    head = Markup("".join(f"<style>{css}</style>" for css in found))
    return _BODY_STYLE.sub("", body), head


def _search_as_you_type(context: dict) -> bool:
    return str(context.get("theme_search_as_you_type", False)).lower() == "true"


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    keep_search = pagename == "search" or _search_as_you_type(context)
    context["lipse_trim_head"] = lambda html: trim_head(html, keep_search=keep_search)
    if "body" in context:
        context["body"], context["lipse_head_styles"] = styles_to_head(fix_body(context["body"]))


def _paths(app: Sphinx, config) -> None:
    # First in the template path, so the search button above replaces the theme's.
    config.templates_path.insert(0, str(HERE / "templates"))
    config.html_static_path.append(str(HERE / "static"))


def setup(app: Sphinx) -> None:
    """Register the templates, the script and the page fixes; kernels render for a static page."""
    os.environ[STATIC_SITE] = "1"  # inherited by the kernels that execute the chapters
    app.connect("config-inited", _paths)
    app.connect("html-page-context", _page_context)
    app.add_js_file("lipse-a11y.js", loading_method="defer")
