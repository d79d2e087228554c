"""A calculator to take away: one HTML file that works opened from disk, with no network.

For each calculator of the book, the build writes
``_static/lipse-takeaway/<model id>-calculator.html``: the model's introduction, the
calculator (the chart drawn at build time, its sliders, its score, answer code and
download), the book's stylesheet, and every script it needs, inline: the Vega runtime
(vl-convert's bundle), ``lipse-codes.js``, ``lipse-charts.js`` and ``lipse-answers.js``.
A trainer can email it or put it on a USB stick; it asks no other file and no host.

The calculator's "Take this calculator away" link (:mod:`lipse_widgets.views.answer_codes`)
gets the file's address in the page that shows it.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from lipse_widgets.data.models import Model, load_model
from lipse_widgets.views.answer_codes import TAKEAWAY_PLACEHOLDER
from lipse_widgets.views.readiness_chart import calculator_html

HERE = Path(__file__).resolve().parent
#: What marks a page with a take-away link.
TAKEAWAY_MARKER = "data-lipse-takeaway="
#: Where the take-away files go in the built site.
TAKEAWAY_FOLDER = "_static/lipse-takeaway"
#: The scripts the calculator runs, in order (in ``static/``), after the Vega runtime.
SCRIPTS = ("lipse-codes.js", "lipse-charts.js", "lipse-answers.js")
#: The take-away link of a calculator, as the calculator's HTML writes it.
_LINK = re.compile(
    r'data-lipse-takeaway="([a-z][a-z0-9_]*)" href="'
    + re.escape(TAKEAWAY_PLACEHOLDER.format(model=""))
    + r'\1"'
)
#: The page around the calculator (the book's stylesheet styles the calculator itself).
PAGE_CSS = """
html { -webkit-text-size-adjust: 100%; }
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  font-size: 1rem; line-height: 1.5; color: #0B0C0C; background: #FFFFFF; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0.5rem 0 0.75rem; }
a { color: #1D70B8; }
a:focus-visible { outline: 3px solid #FFDD00; background: #FFDD00; color: #0B0C0C; }
.lipse-takeaway-about { font-size: 0.95rem; color: #383F43; }
"""


def takeaway_name(model_id: str) -> str:
    """Return the take-away file of a model, inside the site."""
    return f"{TAKEAWAY_FOLDER}/{model_id}-calculator.html"


def inline_script(code: str) -> str:
    """Return ``code`` in a ``<script>``, with nothing in it that could end the script early."""
    if re.search(r"<!--", code):
        raise ValueError("a script with '<!--' in it cannot be put inside a page safely")
    return "<script>" + re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE) + "</script>"


def takeaway_html(model: Model, *, stylesheet: str, runtime: str) -> str:
    """Return the calculator of ``model`` as one self-contained HTML page.

    ``stylesheet`` is the book's stylesheet (``lipse.css``), ``runtime`` the Vega
    runtime's JavaScript.
    """
    scripts = [runtime] + [(HERE / "static" / name).read_text("utf-8") for name in SCRIPTS]
    # Every script is in the page: the chart may be drawn live at once.
    scripts.append("window.lipseCharts && window.lipseCharts.takeOverAll();")
    title = html.escape(model.title)
    about = (
        "A readiness calculator from the LIPSE policy knowledge base, in one file: it works "
        "opened from your computer, with no internet connection. Your answers stay in your "
        "browser; the answer code and the download are yours to give to a trainer."
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title} (LIPSE book calculator)</title>"
        f"<style>{PAGE_CSS}{stylesheet}</style></head>"
        f"<body><main><h1>{title}</h1>"
        f'<p class="lipse-takeaway-about">{html.escape(about)}</p>'
        f"{calculator_html(model, takeaway=False, notebook=False)}</main>"
        + "".join(inline_script(code) for code in scripts)
        + "</body></html>\n"
    )


def link_takeaways(body: str, write, pathto) -> str:
    """Point each calculator's take-away link at its file, written by ``write(name, model)``."""

    def link(match: re.Match) -> str:
        model_id = match.group(1)
        name = takeaway_name(model_id)
        write(name, load_model(model_id))
        return f'data-lipse-takeaway="{model_id}" href="{html.escape(pathto(name, 1))}"'

    return _LINK.sub(link, body)
