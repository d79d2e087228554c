"""The readiness calculator that runs in the reader's browser, with no kernel.

A Vega-Lite chart made with Altair, generated from a readiness model: one slider
per factor (``alt.param`` bound to ``alt.binding_range``, labelled with the
question), and Vega expressions that compute exactly what
:func:`lipse_widgets.logic.readiness.score` computes: each factor's points
``k`` (reversed for a barrier), the weighted sum ``S`` of the integers ``w * k``
(``transform_joinaggregate``), the score ``100 * S / (W * span)`` and its
rounding half up. Only integers are summed, so the browser's arithmetic is exact
and the displayed score equals Python's.

The chart is rendered by :class:`~lipse_widgets.views.figure.Figure` (the same
escaped HTML as every chart of the book), so the site's Sphinx extension ships
the Vega bundle to the page and nothing is fetched from another host.
"""

from __future__ import annotations

import html
import json
import textwrap

import altair as alt
import pandas as pd

from lipse_widgets.logic.readiness import N_WEAKEST, Model
from lipse_widgets.views import style  # (importing it registers and enables the theme)
from lipse_widgets.views.figure import Figure, house_figure

#: Width of the score and action texts, and of bars plus their labels (fits the book's column).
WIDTH = 440
#: Colours: the house colours for drivers and barriers (style.EFFECT_COLOURS).
EFFECT_COLOURS = {k: style.EFFECT_COLOURS[k] for k in ("driver", "barrier")}
_WRAP = 62
_LINE = 17
_GAP = 10


#: Layout of the sliders that Vega adds (the page's theme does not know them).
_STYLE = (
    ".lipse-calculator .vega-bind{margin:0 0 0.9em 0}"
    ".lipse-calculator .vega-bind label{display:block}"
    ".lipse-calculator .vega-bind-name{display:block;margin-bottom:0.25em}"
    ".lipse-calculator .vega-bind input[type=range]{width:min(22em,70%);vertical-align:middle;"
    "margin-right:0.5em}"
    ".lipse-calculator .vega-bind input[type=range]:focus-visible{outline:3px solid #0072B2;"
    "outline-offset:2px}"
    ".lipse-calculator .vega-bind-value{font-weight:bold}"
)


def param_name(factor_id: str) -> str:
    """Return the name of the Vega signal that holds a factor's answer."""
    return f"answer_{factor_id}"


def input_label(model: Model, factor) -> str:
    """Return the text that labels a factor's slider: label, question, what 1 and 5 mean."""
    reverse = " (a barrier: a high answer lowers the score)" if factor.is_barrier else ""
    return (
        f"{factor.label}. {factor.question} "
        f"{model.scale_min} = {factor.min_label}, {model.scale_max} = {factor.max_label}{reverse}"
    )


def action_text(factor) -> str:
    """Return the recommended action for a weak factor, with what it rests on."""
    findings = ", ".join(factor.findings)
    basis = (
        "from LIPSE's WP5 conclusions"
        if factor.action_basis == "source"
        else "the book's suggestion"
    )
    return f"{factor.label}: {factor.action} ({basis}; findings {findings})"


def factor_table(model: Model) -> pd.DataFrame:
    """One row per factor: what the Vega expressions and the data table need."""
    rows = []
    for position, factor in enumerate(model.factors):
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
                "action_text": "\n".join(textwrap.wrap(action_text(factor), _WRAP)),
                "lines": len(textwrap.wrap(action_text(factor), _WRAP)),
            }
        )
    return pd.DataFrame(rows)


def _answer_expression(model: Model) -> str:
    """Return a Vega expression giving the row's answer from the factor's signal."""
    expression = "null"
    for factor in reversed(model.factors):
        expression = (
            f"datum.id === {json.dumps(factor.id)} ? {param_name(factor.id)} : ({expression})"
        )
    return expression


def calculator_chart(model: Model) -> alt.VConcatChart:
    """Return the in-browser calculator for ``model`` as an Altair chart."""
    lo, hi, span, total = model.scale_min, model.scale_max, model.span, model.total_weight
    middle = model.default_answers()
    params = [
        alt.param(
            name=param_name(f.id),
            value=middle[f.id],
            bind=alt.binding_range(min=lo, max=hi, step=1, name=input_label(model, f)),
        )
        for f in model.factors
    ]
    base = (
        alt.Chart(factor_table(model))
        .transform_calculate(answer=_answer_expression(model))
        .transform_calculate(
            points=f"datum.effect === 'barrier' ? {hi} - datum.answer : datum.answer - {lo}"
        )
        .transform_calculate(weighted=alt.datum.weight * alt.datum.points)
        .transform_joinaggregate(total_points="sum(weighted)")
        .transform_calculate(
            contribution=f"100 * datum.weighted / {total * span}",
            score=f"100 * datum.total_points / {total * span}",
        )
        .transform_calculate(shown="floor(datum.score + 0.5)")
    )
    score_text = (
        base.transform_filter(alt.datum.position == 0)
        .transform_calculate(text="'Readiness score: ' + datum.shown + ' out of 100'")
        .mark_text(align="left", baseline="middle", fontSize=22, fontWeight="bold", x=0, y=18)
        .encode(text="text:N", tooltip=alt.value(None))
        .properties(width=WIDTH, height=36, name="score_text")
    )
    bar_labels = list(factor_table(model)["bar_label"])
    y = alt.Y("bar_label:N", sort=bar_labels, title=None, axis=alt.Axis(labelLimit=220))
    x_scale = alt.Scale(domain=[0, max(model.max_contribution(f) for f in model.factors)])
    possible = base.mark_bar(color="#E5E5E5").encode(
        x=alt.X(
            "max_contribution:Q",
            scale=x_scale,
            title="Points each factor adds to the score (grey: the most it could add)",
        ),
        y=y,
        tooltip=[
            alt.Tooltip("label:N", title="Factor"),
            alt.Tooltip("max_contribution:Q", title="Most it could add", format=".1f"),
        ],
    )
    bars = base.mark_bar().encode(
        x=alt.X("contribution:Q", scale=x_scale),
        y=y,
        color=alt.Color(
            "effect:N",
            title="Kind of factor",
            scale=alt.Scale(domain=list(EFFECT_COLOURS), range=list(EFFECT_COLOURS.values())),
            legend=None,  # the axis labels say which factors are barriers
        ),
        tooltip=[
            alt.Tooltip("label:N", title="Factor"),
            alt.Tooltip("answer:Q", title="Your answer"),
            alt.Tooltip("contribution:Q", title="Points added", format=".1f"),
            alt.Tooltip("max_contribution:Q", title="Most it could add", format=".1f"),
            alt.Tooltip("weight:Q", title="Weight (the book's assumption)"),
        ],
    )
    contributions = alt.layer(possible, bars).properties(
        width=WIDTH, height=26 * len(model.factors)
    )
    weak = (
        base.transform_window(
            rank="row_number()",
            lines_so_far="sum(lines)",
            sort=[
                alt.SortField("points", order="ascending"),
                alt.SortField("weight", order="descending"),
                alt.SortField("position", order="ascending"),
            ],
            frame=[None, 0],
        )
        .transform_calculate(weak=f"datum.points < {span} ? 1 : 0")
        .transform_joinaggregate(n_weak="sum(weak)")
    )
    longest = sorted(factor_table(model)["lines"], reverse=True)[:N_WEAKEST]
    actions = (
        weak.transform_filter(f"datum.weak === 1 && datum.rank <= {N_WEAKEST}")
        .transform_calculate(
            top=f"(datum.lines_so_far - datum.lines) * {_LINE} + (datum.rank - 1) * {_GAP}"
        )
        .mark_text(align="left", baseline="top", lineBreak="\n", fontSize=13, x=0, lineHeight=_LINE)
        .encode(
            y=alt.Y("top:Q", scale=None, axis=None),
            text="action_text:N",
            tooltip=alt.value(None),
        )
        .properties(name="weakest_actions")
    )
    nothing_weak = (
        weak.transform_filter("datum.n_weak === 0 && datum.position === 0")
        .transform_calculate(
            text="'No factor is weak: every answer is at its most favourable end.'"
        )
        .mark_text(align="left", baseline="top", fontSize=13, x=0, y=0)
        .encode(text="text:N", tooltip=alt.value(None))
        .properties(name="nothing_weak")
    )
    where_to_start = alt.layer(actions, nothing_weak).properties(
        width=WIDTH,
        height=sum(longest) * _LINE + (N_WEAKEST - 1) * _GAP,
        title=alt.Title(
            "Where to start: the weakest factors and what to do about them",
            fontSize=13,
            anchor="start",
        ),
    )
    return (
        alt.vconcat(score_text, contributions, where_to_start, spacing=18)
        .add_params(*params)
        .resolve_scale(y="independent")
    )


def describe(model: Model) -> str:
    """Return the screen-reader description of the calculator."""
    return (
        f"Readiness calculator for {model.innovation}. Answer the {len(model.factors)} "
        f"questions with the sliders above the chart; the chart then shows the readiness "
        f"score out of 100, the points each factor adds to it, and what to do about the "
        f"{N_WEAKEST} weakest factors."
    )


def source_text(model: Model) -> str:
    """Return the calculator's source line."""
    return (
        f"Source: the book's {model.title.lower()} model (data/readiness/{model.id}.yaml), "
        "built on LIPSE Work Package 5 findings (see the findings column); the weights are "
        "the book's own assumption."
    )


def calculator_figure(model: Model) -> Figure:
    """Return the in-browser calculator as a :class:`Figure` (chart plus its factor table)."""
    inputs = f"lipse-inputs-{model.id}"
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
        calculator_chart(model),
        title=f"{model.title}: your score, and where to start",
        title_width=60,
        description=describe(model),
        source=source_text(model),
        data=factor_table(model),
        slug=f"readiness-{model.id}",
        columns=columns,
        embed_options={"bind": f"#{inputs}"},
    )


def calculator_html(model: Model) -> str:
    """Return the whole static calculator: intro, labelled sliders, chart and factor table."""
    figure = calculator_figure(model)
    inputs = f"lipse-inputs-{model.id}"
    intro = html.escape(model.intro)
    weights = html.escape(f"How the weights were chosen: {model.weights_rule}")
    return (
        f'<div class="lipse-calculator" data-lipse-calculator="{html.escape(model.id)}">'
        f"<style>{_STYLE}</style>"
        f'<p class="lipse-calculator-intro">{intro}</p>'
        f'<p class="lipse-calculator-weights">{weights}</p>'
        f'<div class="lipse-calculator-inputs" id="{inputs}" role="group" '
        f'aria-label="{html.escape(model.title)}: your answers"></div>'
        f"{figure.to_html()}"
        "</div>"
    )
