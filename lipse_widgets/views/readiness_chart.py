"""The readiness calculator's one drawing: a Vega-Lite chart with bound inputs, from a model.

:func:`calculator_chart` generates, from a readiness model, one layered Vega-Lite
chart (made with Altair) that is the whole calculator, on the static site and in
Jupyter alike:

* one slider per factor, a parameter ``answer_<factor id>`` bound to a range input
  labelled with the question and what the ends of the scale mean;
* the scoring rule as parameters defined by Vega expressions
  (:func:`lipse_widgets.logic.readiness.vega_definitions`: ``readiness_total``,
  ``readiness_score``, ``readiness_ranks`` ...), so the page can read the score and
  set the answers through the Vega view's signals;
* the score, a bar per factor (the points it adds against the most it could add),
  and the actions for the weakest factors.

It is drawn in the width of its container (a phone's column included), with its
texts wrapped to fit 320 pixels. :func:`calculator_figure` adds the house
conventions (:func:`~lipse_widgets.views.figure.house_figure`), and
:func:`calculator_html` the model's introduction: that is the calculator of the
static site, whose figure draws the sliders beside the chart. :mod:`lipse_widgets.views.calculators`
shows the same chart as a widget in Jupyter.
"""

from __future__ import annotations

import html
import json
import textwrap
from collections.abc import Mapping

import altair as alt
import pandas as pd

from lipse_widgets.data.models import Model
from lipse_widgets.logic.readiness import (
    N_WEAKEST,
    NOT_A_MEASUREMENT,
    answer_signal,
    vega_definitions,
)
from lipse_widgets.views import style
from lipse_widgets.views.answer_codes import answer_controls_html
from lipse_widgets.views.figure import Figure, house_figure

#: Characters per line of the chart's wrapped texts (fits 280 px at 13 px type).
WRAP = 40
#: Characters per line of bold text at 13 px, and of the figure's title at 15 px.
BOLD_WRAP, TITLE_WRAP = 34, 30
#: Pixel sizes: a line of text, the gap between actions, one factor's row.
LINE, GAP, ROW = 17, 8, 44
#: Where the key to the bars starts, below the score.
KEY_TOP = 34
#: Colours: the house colours for drivers and barriers.
EFFECT_COLOURS = {k: style.EFFECT_COLOURS[k] for k in ("driver", "barrier")}


def input_label(model: Model, factor) -> str:
    """Return the text that labels a factor's slider: label, question, what the ends mean."""
    return f"{factor.label}. {factor.question} {model.answer_guide(factor)}"


def _wrapped(text: str, width: int = WRAP) -> list[str]:
    return textwrap.wrap(text, width)


def factor_table(model: Model) -> pd.DataFrame:
    """One row per factor: what the chart draws, and the table shown beside it."""
    rows = []
    for position, factor in enumerate(model.factors):
        action = _wrapped(factor.action_text)
        rows.append(
            {
                "id": factor.id,
                "position": position,
                "label": factor.label,
                "bar_label": f"{factor.label} (barrier)" if factor.is_barrier else factor.label,
                "question": factor.question,
                "effect": factor.effect,
                "weight": factor.weight,
                "max_contribution": round(model.max_contribution(factor), 6),
                "findings": ", ".join(factor.findings),
                "action": factor.action,
                "action_basis": factor.action_basis,
                "action_text": "\n".join(action),
                "lines": len(action),
            }
        )
    return pd.DataFrame(rows)


def _layout(model: Model) -> dict[str, int]:
    """Pixel positions of the chart's parts (they depend on the model only)."""
    top = KEY_TOP + len(_wrapped(_KEY)) * 15 + 14  # the first factor's row
    heading_top = top + ROW * len(model.factors) + 12
    actions_top = heading_top + len(_wrapped(_HEADING, BOLD_WRAP)) * LINE + GAP
    longest = sorted((len(_wrapped(f.action_text)) for f in model.factors), reverse=True)
    shown = longest[:N_WEAKEST]
    height = actions_top + sum(shown) * LINE + (len(shown) - 1) * GAP + 4
    return {"top": top, "heading_top": heading_top, "actions_top": actions_top, "height": height}


_HEADING = "Where to start: the weakest factors and what to do about them"
_KEY = "Each bar: the points an answer adds (colour) out of the most the factor can add (grey)."
_NOTHING_WEAK = "No factor is weak: every answer is at its most favourable end."


def parameters(model: Model, answers: Mapping[str, int] | None = None) -> list[alt.Parameter]:
    """Return the chart's parameters: one bound input per factor, then the scoring rule."""
    start = {**model.default_answers(), **(answers or {})}
    inputs = [
        alt.param(
            name=answer_signal(f.id),
            value=int(start[f.id]),
            bind=alt.binding_range(
                min=model.scale_min, max=model.scale_max, step=1, name=input_label(model, f)
            ),
        )
        for f in model.factors
    ]
    rule = [alt.param(name=name, expr=expression) for name, expression in vega_definitions(model)]
    return inputs + rule


def _text(chart: alt.Chart, text: str, y: int, **mark) -> alt.Chart:
    """Place a text (a Vega expression) at pixel ``y`` from the top, left-aligned."""
    return (
        chart.transform_filter("datum.position === 0")
        .transform_calculate(text=text)
        .mark_text(align="left", baseline="top", x=0, y=y, lineBreak="\n", **mark)
        .encode(text="text:N", tooltip=alt.value(None))
    )


def calculator_chart(model: Model, answers: Mapping[str, int] | None = None) -> alt.LayerChart:
    """Return the calculator for ``model`` as one Altair chart (answers start in the middle)."""
    layout = _layout(model)
    denominator = model.total_weight * model.span
    table = factor_table(model)
    base = alt.Chart()  # every layer draws the shared data, computed once (below)
    x_scale = alt.Scale(domain=[0, float(table["max_contribution"].max())], nice=False, zero=True)
    score = _text(
        base,
        "'Score: ' + readiness_score + ' out of 100'",
        0,
        fontSize=22,
        fontWeight="bold",
    ).properties(name="score_text")
    key = _text(
        base,
        json.dumps("\n".join(_wrapped(_KEY))),
        KEY_TOP,
        fontSize=12,
        lineHeight=15,
        color="#444444",
    )
    labels = base.mark_text(
        align="left", baseline="top", x=0, fontSize=13, limit=alt.expr("width - 90")
    ).encode(
        y=alt.Y("row_top:Q", scale=None, axis=None),
        text="bar_label:N",
        tooltip=alt.value(None),
    )
    points_text = (
        base.transform_calculate(
            shown="format(datum.contribution, '.1f') + ' of '"
            " + format(datum.max_contribution, '.1f')"
        )
        .mark_text(align="right", baseline="top", x="width", fontSize=12, color="#444444")
        .encode(
            y=alt.Y("row_top:Q", scale=None, axis=None), text="shown:N", tooltip=alt.value(None)
        )
    )
    bar_y = {"y": alt.Y("bar_top:Q", scale=None, axis=None), "y2": "bar_bottom:Q"}
    possible = base.mark_rect(color="#E5E5E5", aria=False).encode(
        x=alt.X("zero:Q", scale=x_scale, axis=None),
        x2="max_contribution:Q",
        tooltip=[
            alt.Tooltip("label:N", title="Factor"),
            alt.Tooltip("max_contribution:Q", title="Most it could add", format=".1f"),
        ],
        **bar_y,
    )
    bars = (
        base.transform_calculate(
            spoken=(
                "datum.label + ': ' + format(datum.contribution, '.1f') + ' of '"
                " + format(datum.max_contribution, '.1f') + ' points, answer ' + datum.answer"
            ),
        )
        .mark_rect()
        .encode(
            x=alt.X("zero:Q", scale=x_scale, axis=None),
            x2="contribution:Q",
            color=alt.Color(
                "effect:N",
                scale=alt.Scale(domain=list(EFFECT_COLOURS), range=list(EFFECT_COLOURS.values())),
                legend=None,  # the labels say which factors are barriers
            ),
            description="spoken:N",
            tooltip=[
                alt.Tooltip("label:N", title="Factor"),
                alt.Tooltip("answer:Q", title="Your answer"),
                alt.Tooltip("contribution:Q", title="Points added", format=".1f"),
                alt.Tooltip("max_contribution:Q", title="Most it could add", format=".1f"),
                alt.Tooltip("weight:Q", title="Weight (the book's assumption)"),
            ],
            **bar_y,
        )
    )
    heading = _text(
        base,
        json.dumps("\n".join(_wrapped(_HEADING, BOLD_WRAP))),
        layout["heading_top"],
        fontSize=13,
        fontWeight="bold",
        lineHeight=LINE,
    )
    actions = (
        base.transform_filter("datum.rank > 0")
        .transform_window(lines_so_far="sum(lines)", sort=[alt.SortField("rank")], frame=[None, 0])
        .transform_calculate(
            top=f"{layout['actions_top']} + (datum.lines_so_far - datum.lines) * {LINE}"
            f" + (datum.rank - 1) * {GAP}"
        )
        .mark_text(align="left", baseline="top", x=0, fontSize=13, lineBreak="\n", lineHeight=LINE)
        .encode(
            y=alt.Y("top:Q", scale=None, axis=None),
            text="action_text:N",
            tooltip=alt.value(None),
        )
        .properties(name="weakest_actions")
    )
    nothing_weak = (
        _text(
            base.transform_filter("indexof(readiness_ranks, 1) < 0"),
            json.dumps("\n".join(_wrapped(_NOTHING_WEAK))),
            layout["actions_top"],
            fontSize=13,
            lineHeight=LINE,
        )
    ).properties(name="nothing_weak")
    layers = (score, key, labels, points_text, possible, bars, heading, actions, nothing_weak)
    return (
        alt.layer(*layers, data=table)
        .transform_calculate(points="readiness_points[datum.position]")
        .transform_calculate(
            contribution=f"100 * datum.weight * datum.points / {denominator}",
            answer=(
                f"datum.effect === 'barrier' ? {model.scale_max} - datum.points"
                f" : datum.points + {model.scale_min}"
            ),
            rank="readiness_ranks[datum.position]",
            row_top=f"{layout['top']} + {ROW} * datum.position",
            zero="0",
        )
        .transform_calculate(bar_top="datum.row_top + 20", bar_bottom="datum.row_top + 32")
        .add_params(*parameters(model, answers))
        .properties(width="container", height=layout["height"])
    )


def describe(model: Model) -> str:
    """Return the screen-reader description of the calculator."""
    return (
        f"Readiness calculator for {model.innovation}. Answer the {len(model.factors)} "
        f"questions with the sliders; the chart then shows the readiness score out of 100, "
        f"the points each factor adds to it, and what to do about the "
        f"{N_WEAKEST} weakest factors."
    )


def source_text(model: Model) -> str:
    """Return the calculator's source line."""
    return (
        f"Source: the book's {model.title.lower()} model (data/readiness/{model.id}.yaml), "
        "built on LIPSE Work Package 5 findings (see the findings column); the weights are "
        "the book's own assumption."
    )


def calculator_figure(model: Model, answers: Mapping[str, int] | None = None) -> Figure:
    """Return the calculator as a :class:`Figure` (chart plus its factor table).

    ``answers`` are where the sliders start (default: the middle of the scale). The
    figure draws the sliders as HTML beside the chart on a wide screen, with the score
    kept in view while the reader moves them, and above it on a phone.
    """
    columns = {
        "label": "Factor",
        "question": "Question",
        "effect": "Kind",
        "weight": "Weight (the book's assumption)",
        "findings": "LIPSE findings",
        "action": "What to do when it is weak",
        "action_basis": "Action from",
    }
    return house_figure(
        calculator_chart(model, answers),
        title=f"{model.title}: your score, and where to start",
        title_width=TITLE_WRAP,
        source_width=WRAP,
        description=describe(model),
        source=source_text(model),
        data=factor_table(model),
        slug=f"readiness-{model.id}",
        columns=columns,
        inputs="aside",
    )


def intro_html(model: Model) -> str:
    """Return the model's introduction, the book's caution and how its weights were chosen.

    The caution is the one every export of a score carries (:data:`NOT_A_MEASUREMENT`),
    written once for every model.
    """
    intro = html.escape(model.intro)
    caution = html.escape(NOT_A_MEASUREMENT)
    weights = html.escape(f"How the weights were chosen: {model.weights_rule}")
    return (
        f'<p class="lipse-calculator-intro">{intro}</p>'
        f'<p class="lipse-calculator-caution">{caution}</p>'
        f'<p class="lipse-calculator-weights">{weights}</p>'
    )


def calculator_html(model: Model, *, takeaway: bool = True, notebook: bool = True) -> str:
    """Return the calculator of the static site: intro, figure with sliders, answer code.

    The score, the answer code and its controls come from
    :mod:`lipse_widgets.views.answer_codes`. With ``takeaway``, the controls link to the
    calculator as one file of its own. ``notebook`` keeps the figure's script for
    Jupyter (:meth:`~lipse_widgets.views.figure.Figure.to_html`).
    """
    mid = html.escape(model.id)
    return (
        f'<div class="lipse-calculator" data-lipse-calculator="{mid}" '
        f'data-readiness-model="{mid}">'
        f"{intro_html(model)}"
        f"{calculator_figure(model).to_html(notebook=notebook)}"
        f"{answer_controls_html(model, takeaway=takeaway)}"
        "</div>"
    )
