"""The site's ``index.html``: a valid page that sends the reader on to the book's first page.

The book's first page is ``intro.html``; a reader who opens the site's address gets
``index.html``. sphinx-external-toc writes that file as a single ``<meta>`` tag, which the
W3C HTML checker rejects (no doctype, no title) and which a search engine or a reader
without automatic redirects sees as an empty page. This writes a small complete page
instead, before sphinx-external-toc would (it leaves an existing ``index.html`` alone):
the same immediate redirect, a canonical link, a description, and a plain link to follow.
"""

from __future__ import annotations

import html
from pathlib import Path

from sphinx.application import Sphinx

PAGE = """<!DOCTYPE html>
<html lang="{language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<meta name="description" content="{description}">
<meta http-equiv="refresh" content="0; url={target}">
<link rel="canonical" href="{target}">
</head>
<body>
<p><a href="{target}">{title}: go to the first page</a></p>
</body>
</html>
"""


def redirect_page(*, title: str, target: str, language: str = "en") -> str:
    """Return the HTML of a page that redirects at once to ``target``."""
    return PAGE.format(
        title=html.escape(title),
        target=html.escape(target, quote=True),
        language=html.escape(language or "en", quote=True),
        description=html.escape(f"{title}: the book's first page is at {target}.", quote=True),
    )


def _write_index(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "html" or app.config.root_doc == "index":
        return
    target = f"{app.config.root_doc}.html"
    title = app.config.html_title or app.config.project  # Jupyter Book sets html_title
    page = redirect_page(title=title, target=target, language=app.config.language or "en")
    Path(app.outdir, "index.html").write_text(page, encoding="utf-8")


def setup(app: Sphinx) -> None:
    """Write index.html before sphinx-external-toc's own redirect (priority 500)."""
    app.connect("build-finished", _write_index, priority=100)
