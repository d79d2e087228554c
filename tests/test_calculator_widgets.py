"""The calculators without a browser: the ipywidgets form, the static spec, one model."""

from __future__ import annotations

import html
import json
import re
import urllib.parse

import pytest

from lipse_widgets.data.models import load_model
from lipse_widgets.logic import readiness as r
from lipse_widgets.views import calculators
from lipse_widgets.views.static_calculator import (
    calculator_chart,
    calculator_html,
    input_label,
    param_name,
)

MODELS = ["eprocurement", "telework"]


@pytest.fixture(params=MODELS)
def calc(request) -> calculators.ReadinessCalculator:
    return calculators.calculator(request.param)


def _links(fragment: str) -> dict[str, str]:
    return {
        name: urllib.parse.unquote(html.unescape(href).split(",", 1)[1])
        for name, href in re.findall(r'download="([^"]+)" href="([^"]+)"', fragment)
    }


def test_one_call_per_chapter_gives_each_calculator():
    assert calculators.eprocurement_calculator().model.id == "eprocurement"
    assert calculators.telework_calculator().model.id == "telework"


def test_setting_sliders_updates_score_bars_actions_and_export(calc):
    model = calc.model
    assert calc.summary.endswith("score: 50 out of 100")  # every slider starts in the middle
    answers = {f.id: (1 if f.is_barrier else 5) for f in model.factors}
    answers[model.factors[0].id] = 2
    for factor_id, value in answers.items():
        calc.controls[factor_id].value = value
    expected = r.score(model, answers)
    assert calc.answers == answers
    assert calc.result == expected
    assert calc.summary == f"{model.title} score: {expected.rounded} out of 100"
    assert html.escape(calc.summary) in calc.score_view.value
    weakest = expected.weakest[0].factor
    assert f"<strong>{html.escape(weakest.label)}</strong>: {html.escape(weakest.action)}" in (
        calc.actions_view.value
    )
    assert len(expected.weakest) == 1  # only the first factor is below its best
    bars = calc.bars_view.value
    for c in expected.contributions:
        assert f"{c.contribution:.1f} of {c.max_contribution:.1f} points" in bars
    links = _links(calc.export_view.value)
    record = json.loads(links[f"{model.id}-result.json"])
    assert record["answers"] == answers and record["score_shown"] == expected.rounded
    assert links[f"{model.id}-answers.csv"].splitlines() == [
        ",".join(["respondent_id", *model.factor_ids]),
        ",".join(["me", *(str(answers[f]) for f in model.factor_ids)]),
    ]


def test_all_at_best_says_nothing_is_weak(calc):
    for factor in calc.model.factors:
        calc.controls[factor.id].value = 1 if factor.is_barrier else 5
    assert calc.result.rounded == 100
    assert "No factor is weak" in calc.actions_view.value


def test_display_offers_widget_and_static_views(calc):
    bundle = calc._repr_mimebundle_()
    view = bundle["application/vnd.jupyter.widget-view+json"]
    assert view["model_id"] == calc.widget.model_id
    assert f'data-lipse-calculator="{calc.model.id}"' in bundle["text/html"]
    assert "vegaEmbed(" in bundle["text/html"]  # the site's extension ships Vega for it
    assert bundle["text/plain"].startswith(calc.model.title)


@pytest.mark.parametrize("name", MODELS)
def test_python_widgets_and_vega_come_from_the_same_model(name):
    data = load_model(name)
    model = r.model_from_dict(data)
    ids = [f["id"] for f in data["factors"]]
    weights = [f["weight"] for f in data["factors"]]
    # Python scoring
    assert list(model.factor_ids) == ids and [f.weight for f in model.factors] == weights
    # ipywidgets
    calc = calculators.ReadinessCalculator(model)
    assert list(calc.controls) == ids
    for factor in data["factors"]:
        slider = calc.controls[factor["id"]]
        assert (slider.min, slider.max, slider.description) == (1, 5, factor["label"])
    # Vega-Lite: one bound input per factor, labelled with the question
    spec = calculator_chart(model).to_dict()
    params = spec["params"]
    assert [p["name"] for p in params] == [param_name(i) for i in ids]
    for param, factor in zip(params, model.factors, strict=True):
        assert param["bind"] == {
            "input": "range",
            "min": 1,
            "max": 5,
            "step": 1,
            "name": input_label(model, factor),
        }
        assert factor.question in param["bind"]["name"]
    rows = next(v for v in spec["datasets"].values() if v and "weight" in v[0])
    assert [row["id"] for row in rows] == ids
    assert [row["weight"] for row in rows] == weights
    assert [row["effect"] for row in rows] == [f["effect"] for f in data["factors"]]
    expressions = json.dumps(spec)
    for factor_id in ids:
        assert f'datum.id === \\"{factor_id}\\" ? {param_name(factor_id)}' in expressions
    denominator = sum(weights) * 4
    assert f"100 * datum.total_points / {denominator}" in expressions
    assert "floor(datum.score + 0.5)" in expressions
    assert "datum.effect === 'barrier' ? 5 - datum.answer : datum.answer - 1" in expressions


def test_text_from_the_model_is_escaped_in_both_views():
    data = load_model("telework")
    evil = "</script><script>alert(1)</script><b>x</b>"
    data = {
        **data,
        "factors": [{**data["factors"][0], "label": evil, "action": evil}, *data["factors"][1:]],
    }
    model = r.model_from_dict(data)
    page = calculator_html(model)
    assert "<script>alert(1)" not in page
    calc = calculators.ReadinessCalculator(
        model, {**model.default_answers(), model.factors[0].id: 1}
    )
    for value in (calc.actions_view.value, calc.bars_view.value, calc.widget.children[1].value):
        assert evil not in value and html.escape(evil) in value


def test_bad_starting_answers_are_refused_naming_the_field():
    model = calculators.load("telework")
    with pytest.raises(r.AnswerError, match=r"^training: 9 is out of range"):
        calculators.ReadinessCalculator(model, {**model.default_answers(), "training": 9})
