"""Readiness calculators: one call in a chapter, live in Jupyter and on the static site.

``eprocurement_calculator()`` and ``telework_calculator()`` return a
:class:`ReadinessCalculator`, generated from the model file. Displaying it offers
two views of the same model:

* ``application/vnd.jupyter.widget-view+json``: an ipywidgets form (a labelled
  slider per factor, the live score, a bar per factor, the actions for the
  weakest factors, and downloads of the answers and the result). JupyterLab and
  Binder pick it: their widget renderer ranks before ``text/html``.
* ``text/html``: the calculator that runs in the reader's browser with no kernel
  (:mod:`lipse_widgets.views.static_calculator`). The book's ``_config.yml``
  makes myst-nb's html builder skip the widget view, so the static site shows this.

Every value shown comes from pure functions (:mod:`lipse_widgets.logic.readiness`
and the ``*_html`` functions below); the widget callbacks only pass the
sliders' values to them.
"""

from __future__ import annotations

import html
import json
import urllib.parse
from collections.abc import Mapping

import ipywidgets as widgets
from ipywidgets.widgets.widget_string import HTMLStyle

from lipse_widgets.data.models import load_model
from lipse_widgets.logic import readiness
from lipse_widgets.logic.readiness import Model, Result
from lipse_widgets.views.static_calculator import EFFECT_COLOURS, calculator_html


def load(model_id: str) -> Model:
    """Read, check and build the readiness model ``model_id``."""
    return readiness.model_from_dict(load_model(model_id))


def summary_text(model: Model, result: Result) -> str:
    """One sentence with the score, for people and for tests."""
    return f"{model.title} score: {result.rounded} out of 100"


def score_html(model: Model, result: Result) -> str:
    """Return the score, in large type, with what it is not."""
    return (
        f'<p class="lipse-score" style="font-size:1.4em;font-weight:bold;margin:0.4em 0">'
        f"{html.escape(summary_text(model, result))}</p>"
        '<p style="margin:0">A prompt for discussion built on the book\'s own weights, '
        "not a validated measurement.</p>"
    )


def bars_html(model: Model, result: Result) -> str:
    """One bar per factor: the points it adds, against the most it could add."""
    longest = max(c.max_contribution for c in result.contributions)
    rows = []
    for c in result.contributions:
        full = 100 * c.max_contribution / longest
        filled = 100 * c.contribution / longest
        colour = EFFECT_COLOURS[c.factor.effect]
        kind = "barrier" if c.factor.is_barrier else "driver"
        rows.append(
            "<tr>"
            f'<th scope="row" style="text-align:left;font-weight:normal;padding-right:0.6em">'
            f"{html.escape(c.factor.label)}</th>"
            f'<td style="width:320px"><div style="background:#E5E5E5;width:{full:.1f}%;height:1em">'
            f'<div style="background:{colour};width:{100 * filled / full if full else 0:.1f}%;'
            f'height:1em"></div></div></td>'
            f'<td style="padding-left:0.6em">{c.contribution:.1f} of {c.max_contribution:.1f} '
            f"points ({kind}, answer {c.answer})</td>"
            "</tr>"
        )
    return (
        '<table class="lipse-contributions"><caption style="text-align:left">'
        "Points each factor adds to the score (grey: the most it could add)</caption>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def actions_html(result: Result) -> str:
    """Return the recommended actions for the weakest factors."""
    if not result.weakest:
        return "<p>No factor is weak: every answer is at its most favourable end.</p>"
    items = []
    for c in result.weakest:
        basis = (
            "from LIPSE's WP5 conclusions"
            if c.factor.action_basis == "source"
            else "the book's suggestion"
        )
        items.append(
            f"<li><strong>{html.escape(c.factor.label)}</strong>: {html.escape(c.factor.action)} "
            f"({basis}; findings {html.escape(', '.join(c.factor.findings))})</li>"
        )
    return (
        "<p><strong>Where to start: the weakest factors and what to do about them</strong></p>"
        f"<ol>{''.join(items)}</ol>"
    )


def data_uri(text: str, mediatype: str) -> str:
    """Return ``text`` as a ``data:`` URI (a download that needs no server)."""
    return f"data:{mediatype};charset=utf-8," + urllib.parse.quote(text)


def export_html(model: Model, result: Result) -> str:
    """Download links for the answers (CSV, ready for ``score``) and the whole result (JSON)."""
    record = json.dumps(readiness.export_record(model, result), indent=2, ensure_ascii=False)
    csv_text = readiness.export_csv(model, result)
    csv_href = html.escape(data_uri(csv_text, "text/csv"))
    return (
        "<p>"
        f'<a download="{model.id}-answers.csv" href="{csv_href}">'
        "Download your answers (CSV, for a workshop)</a> · "
        f'<a download="{model.id}-result.json" '
        f'href="{html.escape(data_uri(record, "application/json"))}">'
        "Download your answers and result (JSON)</a></p>"
    )


def question_html(model: Model, factor) -> str:
    """Return the question above a factor's slider, with what 1 and 5 mean."""
    reverse = " <em>A barrier: a high answer lowers the score.</em>" if factor.is_barrier else ""
    return (
        f"<p style='margin:0.6em 0 0 0'><strong>{html.escape(factor.label)}.</strong> "
        f"{html.escape(factor.question)}<br><small>{model.scale_min} = "
        f"{html.escape(factor.min_label)}, {model.scale_max} = {html.escape(factor.max_label)}."
        f"{reverse}</small></p>"
    )


class ReadinessCalculator:
    """A readiness calculator for one model: ipywidgets in Jupyter, static HTML on the site."""

    def __init__(self, model: Model, answers: Mapping[str, int] | None = None) -> None:
        self.model = model
        start = readiness.check_answers(model, answers or model.default_answers())
        # One layout and one style shared by all sliders, and by all text: fewer widget
        # models, so a smaller widget state saved in the executed notebook.
        slider_layout = widgets.Layout(width="32em")
        slider_style = widgets.SliderStyle(description_width="14em")
        text_layout = widgets.Layout()
        text_style = HTMLStyle()
        self.controls: dict[str, widgets.IntSlider] = {
            f.id: widgets.IntSlider(
                value=start[f.id],
                min=model.scale_min,
                max=model.scale_max,
                step=1,
                description=f.label,
                style=slider_style,
                layout=slider_layout,
                continuous_update=False,
            )
            for f in model.factors
        }

        def text(value: str = "") -> widgets.HTML:
            return widgets.HTML(value, layout=text_layout, style=text_style)

        self.score_view = text()
        self.bars_view = text()
        self.actions_view = text()
        self.export_view = text()
        rows = []
        for factor in model.factors:
            rows.append(text(question_html(model, factor)))
            rows.append(self.controls[factor.id])
        intro = text(
            f"<p>{html.escape(model.intro)}</p>"
            f"<p><small>{html.escape('How the weights were chosen: ' + model.weights_rule)}"
            "</small></p>"
        )
        self.widget = widgets.VBox(
            [intro, *rows, self.score_view, self.bars_view, self.actions_view, self.export_view]
        )
        for control in self.controls.values():
            control.observe(self._changed, names="value")
        self._changed()

    @property
    def answers(self) -> dict[str, int]:
        """The answers currently set on the sliders."""
        return {fid: int(control.value) for fid, control in self.controls.items()}

    @property
    def result(self) -> Result:
        """The score of the current answers."""
        return readiness.score(self.model, self.answers)

    @property
    def summary(self) -> str:
        """The sentence the calculator shows with the score."""
        return summary_text(self.model, self.result)

    def _changed(self, _change: object = None) -> None:
        result = self.result
        self.score_view.value = score_html(self.model, result)
        self.bars_view.value = bars_html(self.model, result)
        self.actions_view.value = actions_html(result)
        self.export_view.value = export_html(self.model, result)

    def static_html(self) -> str:
        """Return the calculator that runs in the browser with no kernel (the site's view)."""
        return calculator_html(self.model)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude) or {}
        bundle = dict(bundle)
        bundle["text/html"] = self.static_html()
        bundle["text/plain"] = f"{self.summary} (readiness calculator)"
        return bundle


def _phrase(labels: list[str]) -> str:
    words = [label[:1].lower() + label[1:] for label in labels]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def factor_list(model_id: str, effect: str | None = None) -> str:
    """Return the factors in words, for prose ("legal obligation, … and risk-averse culture").

    With ``effect`` ("driver" or "barrier"), only the factors of that kind.
    """
    model = load(model_id)
    labels = [f.label for f in model.factors if effect in (None, f.effect)]
    return _phrase(labels) if labels else "none"


def calculator(model_id: str) -> ReadinessCalculator:
    """Return the readiness calculator for the model file ``readiness/<model_id>.yaml``."""
    return ReadinessCalculator(load(model_id))


def eprocurement_calculator() -> ReadinessCalculator:
    """Return the e-procurement readiness calculator (``readiness/eprocurement.yaml``)."""
    return calculator("eprocurement")


def telework_calculator() -> ReadinessCalculator:
    """Return the telework readiness calculator (``readiness/telework.yaml``)."""
    return calculator("telework")
