"""The answer codes' data in a page: the models and the messages that ``lipse-codes.js`` reads.

A page that reads or writes answer codes in the browser (a calculator, the workshop
board, a take-away calculator) carries one ``<script type="application/json"
data-lipse-codes>`` with :func:`lipse_widgets.data.codes.page_data`; the book's Sphinx
extension adds ``lipse-codes.js`` to every page that has one.
"""

from __future__ import annotations

from collections.abc import Iterable

from lipse_widgets.data.codes import page_data
from lipse_widgets.data.models import Model, load_model, model_names
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
