"""Readiness calculators: one call in a chapter, one drawing in Jupyter and on the site.

``eprocurement_calculator()`` and ``telework_calculator()`` return a
:class:`Calculator`, generated from the model file. It is drawn by one Vega-Lite
chart (:mod:`lipse_widgets.views.readiness_chart`), shown

* in a live kernel (JupyterLab, Binder, VS Code): as an ipywidget, Altair's
  ``JupyterChart`` with Vega bundled into its JavaScript (no CDN; made by vl-convert, or
  saved by it beforehand: :mod:`lipse_widgets.views.vega`), the model's introduction
  above it and, below it, downloads of the chosen answers that Python reads from the
  chart's parameters;
* on the static site: as the figure itself (HTML that draws the chart in the
  reader's browser), because the book's Sphinx extension sets
  :data:`lipse_widgets.STATIC_SITE` for the kernels that execute the chapters, and
  no widget is then created (so the site needs no widget JavaScript or state).

The sliders are the chart's own inputs in both, so the keyboard (Tab, arrow keys)
and screen readers (each slider is labelled with its question) work the same.
"""

from __future__ import annotations

import functools
import html
import json
import os
import urllib.parse
from collections.abc import Mapping

import altair as alt
import ipywidgets as widgets

from lipse_widgets import STATIC_SITE
from lipse_widgets.data.codes import format_code
from lipse_widgets.data.models import Model, load_model
from lipse_widgets.logic import readiness
from lipse_widgets.logic.prose import join_words, lower_first
from lipse_widgets.logic.readiness import Scores, answer_signal
from lipse_widgets.views.answer_codes import DOWNLOAD_ID
from lipse_widgets.views.readiness_chart import (
    calculator_figure,
    calculator_html,
    intro_html,
)
from lipse_widgets.views.vega import VegaUnavailable, widget_module

#: How the widget's sliders look in Jupyter (inside the calculator's box, class
#: lipse-calculator): full width, a thumb a finger can hold (28 px, in a 44 px tall
#: target), a visible focus ring. On the site, the figure's sliders get
#: the same look from the book's stylesheet (book/_static/lipse.css, .lipse-chart-inputs).
INPUT_CSS = """
.lipse-calculator .vega-bind{margin:0 0 0.75rem 0}
.lipse-calculator .vega-bind label{display:block}
.lipse-calculator .vega-bind-name{display:block;margin-bottom:0.25rem;line-height:1.4}
.lipse-calculator input[type=range]{-webkit-appearance:none;appearance:none;
  width:calc(100% - 3rem);max-width:30rem;height:44px;margin:0 0.5rem 0 0;
  vertical-align:middle;background:transparent;cursor:pointer}
.lipse-calculator input[type=range]::-webkit-slider-runnable-track{height:8px;
  border-radius:4px;background:#BDBDBD}
.lipse-calculator input[type=range]::-moz-range-track{height:8px;border-radius:4px;
  background:#BDBDBD}
.lipse-calculator input[type=range]::-webkit-slider-thumb{-webkit-appearance:none;
  width:28px;height:28px;margin-top:-10px;border-radius:50%;background:#0072B2;
  border:3px solid #FFFFFF;box-shadow:0 0 0 1px #0072B2}
.lipse-calculator input[type=range]::-moz-range-thumb{width:22px;height:22px;
  border-radius:50%;background:#0072B2;border:3px solid #FFFFFF;box-shadow:0 0 0 1px #0072B2}
.lipse-calculator input[type=range]:focus-visible{outline:3px solid #0072B2;outline-offset:2px}
.lipse-calculator .vega-bind-value{font-weight:bold;font-size:1.2em}
"""


#: JupyterLab's notebook shortcuts take a key pressed in an output: in JupyterLab 4.4.9 an
#: arrow key pressed on a calculator's slider did not move it (binder/check_jupyterlab.py).
#: Lumino, which runs the shortcuts, leaves alone a key pressed in an element marked
#: ``data-lm-suppress-shortcuts``: each slider of a calculator is marked as the key goes
#: down, before the shortcuts see it (they run when the key has bubbled up to the
#: document). Once per notebook page.
KEYBOARD_JS = """
if (!window.lipseCalculatorKeys) {
  window.lipseCalculatorKeys = true;
  document.addEventListener("keydown", (event) => {
    const input = event.target;
    if (input instanceof HTMLInputElement && input.closest(".lipse-calculator")) {
      input.setAttribute("data-lm-suppress-shortcuts", "true");
    }
  }, true);
}
"""


class CalculatorWidget(alt.JupyterChart):
    """Altair's JupyterChart, with the calculator's slider styles."""

    _css = alt.JupyterChart._css + INPUT_CSS


@functools.cache
def _offline() -> type[CalculatorWidget]:
    """Give the widget its JavaScript with Vega bundled in, once: no CDN is needed.

    Altair's offline module (:func:`lipse_widgets.views.vega.widget_module`), set as the
    widget's ``_esm`` (anywidget's module), as Altair's ``enable_offline()`` does, after
    :data:`KEYBOARD_JS`, which lets the keyboard move the sliders in JupyterLab.
    """
    CalculatorWidget._esm = KEYBOARD_JS + widget_module()
    return CalculatorWidget


def data_uri(text: str, mediatype: str) -> str:
    """Return ``text`` as a ``data:`` URI (a download that needs no server)."""
    return f"data:{mediatype};charset=utf-8," + urllib.parse.quote(text)


def downloads_html(scores: Scores) -> str:
    """Return the answer code, and downloads of the answers (CSV) and result (JSON)."""
    model = scores.model
    code = html.escape(format_code(model, scores.answers_of(0)))
    record = json.dumps(readiness.export_record(scores), indent=2, ensure_ascii=False)
    csv_href = html.escape(data_uri(readiness.export_csv(scores, DOWNLOAD_ID), "text/csv"))
    json_href = html.escape(data_uri(record, "application/json"))
    return (
        f'<p class="lipse-calculator-downloads">Your score: {int(scores.rounded[0])} out of 100.'
        f" Your answer code: <code data-answer-code>{code}</code> (type it into the"
        " calculator on the book's website, or give it to your trainer)."
        f' <a download="{model.id}-answers.csv" href="{csv_href}">'
        "Download your answers (CSV, for a workshop)</a> · "
        f'<a download="{model.id}-result.json" href="{json_href}">'
        "Download your answers and result (JSON)</a></p>"
    )


class Calculator:
    """A readiness calculator for one model: a widget in a kernel, a figure on the site."""

    def __init__(self, model: Model, answers: Mapping[str, int] | None = None) -> None:
        self.model = model
        start = {**model.default_answers(), **(answers or {})}
        readiness.score(model, start)  # refuses bad starting answers, naming the field
        self._start = {f: int(start[f]) for f in model.factor_ids}

    @functools.cached_property
    def chart(self) -> CalculatorWidget:
        """The chart as a widget (created on first use: never while the site is built)."""
        figure = calculator_figure(self.model, self._start)
        chart = figure.chart.properties(usermeta={"embedOptions": {"actions": False}})
        widget = _offline()(chart)
        widget.params.observe(self._changed)
        return widget

    @functools.cached_property
    def downloads(self) -> widgets.HTML:
        """The download links, kept up to date with the chart's answers."""
        return widgets.HTML(downloads_html(self.scores))

    @functools.cached_property
    def widget(self) -> widgets.VBox:
        """The whole calculator as one widget: introduction, chart with sliders, downloads."""
        intro = widgets.HTML(intro_html(self.model))
        box = widgets.VBox([intro, self.chart, self.downloads])
        box.add_class("lipse-calculator")
        return box

    @property
    def answers(self) -> dict[str, int]:
        """The answers currently chosen (read from the chart's parameters, once shown)."""
        if "chart" not in self.__dict__:
            return dict(self._start)
        params = self.chart.params
        return {f: round(getattr(params, answer_signal(f))) for f in self.model.factor_ids}

    def set_answers(self, answers: Mapping[str, int]) -> None:
        """Move the sliders to ``answers`` (checked first)."""
        chosen = {**self.answers, **answers}
        readiness.score(self.model, chosen)
        if "chart" not in self.__dict__:
            self._start = chosen
            return
        for factor_id, value in chosen.items():
            setattr(self.chart.params, answer_signal(factor_id), int(value))

    @property
    def scores(self) -> Scores:
        """The score of the chosen answers (a table of one row)."""
        return readiness.score(self.model, self.answers)

    @property
    def summary(self) -> str:
        """One sentence with the score, for people and for tests."""
        return f"{self.model.title} score: {int(self.scores.rounded[0])} out of 100"

    def _changed(self, change: dict) -> None:
        if change["name"].startswith("answer_"):
            self.downloads.value = downloads_html(self.scores)

    def static_html(self) -> str:
        """Return the calculator that runs in the browser with no kernel (the site's view)."""
        return calculator_html(self.model)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        text = f"{self.summary} (readiness calculator)"
        if os.environ.get(STATIC_SITE):
            return {"text/html": self.static_html(), "text/plain": text}
        try:
            widget = self.widget
        except VegaUnavailable as error:  # no Vega here: say what to install, no traceback
            return {
                "text/html": f"<p><strong>{html.escape(str(error))}</strong></p>",
                "text/plain": text,
            }
        bundle = dict(widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/plain"] = text
        return bundle


def factor_list(model_id: str, effect: str | None = None) -> str:
    """Return the factors in words, for prose ("legal obligation, … and risk-averse culture").

    With ``effect`` ("driver" or "barrier"), only the factors of that kind.
    """
    labels = [f.label for f in load_model(model_id).factors if effect in (None, f.effect)]
    return join_words([lower_first(label) for label in labels])


def calculator(model_id: str) -> Calculator:
    """Return the readiness calculator for the model file ``readiness/<model_id>.yaml``."""
    return Calculator(load_model(model_id))


def eprocurement_calculator() -> Calculator:
    """Return the e-procurement readiness calculator (``readiness/eprocurement.yaml``)."""
    return calculator("eprocurement")


def telework_calculator() -> Calculator:
    """Return the telework readiness calculator (``readiness/telework.yaml``)."""
    return calculator("telework")
