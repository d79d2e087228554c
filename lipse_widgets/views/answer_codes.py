"""Answer codes in a page: the controls of a calculator, and the data ``lipse-codes.js`` reads.

A page that reads or writes answer codes in the browser (a calculator, the workshop
board, a take-away calculator) carries one ``<script type="application/json"
data-lipse-codes>`` with :func:`lipse_widgets.data.codes.page_data`; the book's Sphinx
extension adds ``lipse-codes.js`` to every page that has one.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from lipse_widgets.data.answers import template_rows
from lipse_widgets.data.codes import format_code, page_data
from lipse_widgets.data.models import Model, load_model, model_names
from lipse_widgets.logic import readiness
from lipse_widgets.views.figure import script_json

#: The attribute that marks the element holding the codes' data.
CODES_DATA_ATTRIBUTE = "data-lipse-codes"


def codes_data_html(models: Iterable[Model] | None = None) -> str:
    """Return the element holding the models' definitions and the codes' messages.

    By default, every readiness model of the book.
    """
    if models is None:
        models = [load_model(name) for name in model_names()]
    data = script_json(page_data(models))
    return f'<script type="application/json" {CODES_DATA_ATTRIBUTE}>{data}</script>'


#: The respondent id of a participant's download when no name is given (``score`` makes
#: ids distinct across files).
DOWNLOAD_ID = "me"
#: The take-away link's address before the book's Sphinx extension sets it (the file it
#: writes for the model): ``#lipse-takeaway-<model id>``.
TAKEAWAY_PLACEHOLDER = "#lipse-takeaway-{model}"
#: Said where the answer-code controls would be, when JavaScript is off.
NOSCRIPT_CODES = (
    "Answer codes, links to your answers and the answers download need JavaScript. "
    "Turn it on in your browser, or note your answers on paper."
)


def answer_controls_html(model: Model, *, takeaway: bool = True) -> str:
    """Return the calculator's score, answer code, link, copy and download controls.

    The score and the code shown are those of the starting answers (the middle of the
    scale); ``lipse-answers.js`` keeps them up to date, reveals the controls (which need
    JavaScript) and opens a link's code. With ``takeaway``, a link to the calculator as
    one file follows (the Sphinx extension sets its address).
    """
    start = model.default_answers()
    shown = int(readiness.score(model, start).rounded[0])
    code = html.escape(format_code(model, start))
    header, _ = template_rows(model)
    mid = html.escape(model.id)
    uid = f"lipse-answers-{mid}"
    link = html.escape("#" + format_code(model, start))
    attributes = (
        f'data-lipse-answers="{mid}" data-lipse-csv-header="{html.escape(",".join(header))}" '
        f'data-lipse-download-id="{DOWNLOAD_ID}"'
    )
    takeaway_html = ""
    if takeaway:
        href = html.escape(TAKEAWAY_PLACEHOLDER.format(model=model.id))
        takeaway_html = (
            '<p class="lipse-takeaway">'
            f'<a data-lipse-takeaway="{mid}" href="{href}" download="{mid}-calculator.html">'
            "Take this calculator away</a>: one HTML file that works without the internet, "
            "opened from a USB stick or sent by email.</p>"
        )
    return (
        f'<div class="lipse-answers" {attributes}>'
        f'<p class="lipse-answers-score">Your score: <strong data-readiness-score>{shown}'
        "</strong> out of 100.</p>"
        f'<div class="lipse-answers-controls" data-lipse-code-controls hidden>'
        f'<p class="lipse-answers-heading" id="{uid}-heading">Your answer code</p>'
        f'<p class="lipse-answers-code"><code data-answer-code>'
        f"{code}</code></p>"
        '<p class="lipse-answers-hint">Give it to your trainer, or keep it to come back to '
        "these answers: it holds one digit per question. Your answers stay in your browser.</p>"
        '<div class="lipse-answers-buttons">'
        '<button type="button" class="lipse-button" data-copy-code>Copy the code</button>'
        '<button type="button" class="lipse-button" data-copy-link>Copy the link</button>'
        f'<a class="lipse-button" data-answer-download href="#" download="{mid}-answers.csv">'
        "Download your answers (CSV)</a></div>"
        '<p class="lipse-answers-status" role="status" aria-live="polite" data-answer-status>'
        "</p>"
        f'<p class="lipse-answers-link">Link to these answers: <a data-answer-link href="{link}">'
        f"{link}</a></p>"
        f'<p class="lipse-answers-name"><label for="{uid}-name">Your name or initials, for the '
        "download (optional)</label>"
        f'<input type="text" id="{uid}-name" data-answer-name maxlength="40" autocomplete="off">'
        "</p>"
        '<div class="lipse-answers-error" role="alert" data-answer-error></div>'
        f'<p class="lipse-answers-open"><label for="{uid}-open">Have a code? Type or paste it '
        "here to set the sliders</label>"
        f'<input type="text" id="{uid}-open" data-answer-open autocomplete="off" '
        f'autocapitalize="none" spellcheck="false" placeholder="{code}">'
        '<button type="button" class="lipse-button" data-answer-open-button>Use this code'
        "</button></p>"
        "</div>"
        f'<noscript><p class="lipse-noscript">{html.escape(NOSCRIPT_CODES)}</p></noscript>'
        f"{takeaway_html}{codes_data_html([model])}</div>"
    )
