"""The workshop board: a trainer's page that turns participants' answers into the group report.

:func:`board_html` is the whole board, placed in ``book/board.md``. A trainer
pastes answer codes or links (read by ``lipse-codes.js``, :mod:`lipse_widgets.data.codes`)
or chooses the CSV or Excel files participants downloaded; the board's script
(``lipse_widgets/sphinxext/static/lipse-board.js``) shows the group report in the
page, with no kernel, no server and no other host.

Nothing is computed twice: the page carries, per readiness model,

* :func:`lipse_widgets.logic.workshop.vega_group`: the scoring rule's Vega expressions
  (:func:`~lipse_widgets.logic.readiness.vega_definitions`) and the group summary,
  which Vega evaluates on the participants (count, mean, median, lowest, highest,
  weak factors);
* the report's three charts (:func:`lipse_widgets.views.workshop.group_figures`),
  the same Vega-Lite specs the Python report draws, with the participants filled in;
* the report's HTML (:func:`lipse_widgets.views.report.report_body` without a group),
  with empty places the script fills in, and the page the board saves
  (:func:`~lipse_widgets.views.report.report_document`), with its styles.
"""

from __future__ import annotations

import html
import os

from lipse_widgets import STATIC_SITE
from lipse_widgets.data.models import Model, load_model, model_names
from lipse_widgets.logic import readiness, workshop
from lipse_widgets.views import style
from lipse_widgets.views.answer_codes import codes_data_html
from lipse_widgets.views.figure import script_json
from lipse_widgets.views.report import BODY_MARK, REPORT_CSS, report_body, report_document
from lipse_widgets.views.workshop import group_figures

#: The attribute that marks the board (a hook for tests and for the site's extension).
BOARD_ATTRIBUTE = "data-workshop-board"
#: The kinds of file the board reads.
FILE_KINDS = ".csv,.xlsx,.txt"
#: What the board's page shows in a notebook, where the board's script is not loaded.
IN_A_NOTEBOOK = (
    "The workshop board works on the book's website, in your browser, with no kernel: "
    "open its Workshop board page there. In a notebook, the workshop page shows a group's "
    "charts, and the report command writes the group report (see the trainers' guide)."
)


def _spec(spec: dict) -> dict:
    """Return a chart's spec for the page: no ``$schema`` (the page names no other host)."""
    return {k: v for k, v in spec.items() if k != "$schema"}


def _specs(figure) -> dict:
    """Return a chart's two drawings, as the report has them: the column's and a phone's.

    The board draws "wide" in the width of its column, and "narrow" as the Python report
    draws it for a phone (and for print, two charts side by side on A4).
    """
    return {"wide": _spec(figure.page_spec), "narrow": _spec(figure.narrow_page_spec)}


def model_data(model: Model) -> dict:
    """Return what the board's script needs of a model: the group computation, the charts."""
    spread, weak, answers = group_figures(model)
    return {
        "group": workshop.vega_group(model),
        "charts": {"spread": _specs(spread), "weak": _specs(weak), "answers": _specs(answers)},
        "weakest": readiness.N_WEAKEST,
        "narrowWidth": style.NARROW_WIDTH,
        "title": model.title,
    }


def board_data(models: list[Model]) -> dict:
    """All the board's data: per model, the report's styles, the page it saves."""
    return {
        "models": {m.id: model_data(m) for m in models},
        "css": REPORT_CSS,
        "document": report_document("Group report", BODY_MARK),
        "respondent": "respondent_id",
    }


def board_html(models: list[Model] | None = None) -> str:
    """Return the workshop board: the input, the empty reports, and the data they need."""
    if models is None:
        models = [load_model(name) for name in model_names()]
    reports = "".join(
        f'<div class="lipse-board-report" data-board-report="{html.escape(m.id)}" hidden>'
        f"{report_body(m)}</div>"
        for m in models
    )
    return (
        f'<div class="lipse-board" {BOARD_ATTRIBUTE}>'
        f'<script type="application/json" data-board-data>{script_json(board_data(models))}'
        "</script>"
        f"{codes_data_html(models)}"
        '<div class="lipse-board-input" data-board-input>'
        '<label class="lipse-board-label" for="lipse-board-codes">Paste the participants\' '
        "codes or links, one per line. You can put a name first: "
        "<code>Anna: eprocurement=3425134</code></label>"
        '<textarea id="lipse-board-codes" data-board-codes rows="7" spellcheck="false" '
        'autocapitalize="off" autocomplete="off"></textarea>'
        '<div class="lipse-board-drop" data-board-drop>'
        '<label class="lipse-board-file">Or choose the answer files participants downloaded '
        "(CSV or Excel), or drop them here"
        f'<input type="file" data-board-files multiple accept="{FILE_KINDS}"></label>'
        '<p class="lipse-board-chosen" data-board-chosen></p></div>'
        '<div class="lipse-board-buttons">'
        '<button type="button" class="lipse-board-button" data-board-show>Show the group'
        "</button>"
        '<button type="button" class="lipse-board-button lipse-board-button--quiet" '
        "data-board-clear>Start again</button></div>"
        '<p class="lipse-board-status" data-board-status role="status" aria-live="polite">'
        "No answers yet.</p>"
        '<div class="lipse-board-problems" data-board-problems hidden>'
        "<h2>Lines left out</h2><p>These lines are not in the group below. "
        "Correct them and press Show the group again.</p><ul data-board-problem-list></ul></div>"
        '<noscript><p class="lipse-noscript">The workshop board works in your browser: '
        "turn on JavaScript to use it. Nothing you paste leaves this page.</p></noscript>"
        "</div>"
        '<div class="lipse-board-actions" data-board-actions hidden>'
        '<button type="button" class="lipse-board-button" data-board-print>Print the report'
        "</button>"
        '<button type="button" class="lipse-board-button" data-board-save>Save report</button>'
        "</div>"
        f"{reports}</div>"
    )


class Board:
    """The board as its page displays it: the board on the site, a note in a notebook.

    The board works by its script, which only the book's site loads
    (:mod:`lipse_widgets.sphinxext.book`); in a notebook it would be a form that does nothing,
    so a kernel shows :data:`IN_A_NOTEBOOK` instead (and needs no chart drawn to SVG,
    which a kernel without vl-convert cannot do: :mod:`lipse_widgets.views.vega`).
    """

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        if os.environ.get(STATIC_SITE):
            return {"text/html": board_html(), "text/plain": "Workshop board"}
        note = f'<p class="lipse-board-note">{html.escape(IN_A_NOTEBOOK)}</p>'
        return {"text/html": note, "text/plain": IN_A_NOTEBOOK}
