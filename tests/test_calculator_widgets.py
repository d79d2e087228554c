"""The calculators without a browser: one chart, a widget in a kernel, a figure on the site."""

from __future__ import annotations

import html
import json
import re
import urllib.parse
from dataclasses import replace

import altair as alt
import pytest

from lipse_widgets import STATIC_SITE
from lipse_widgets.data.models import load_model
from lipse_widgets.logic import readiness as r
from lipse_widgets.views import calculators
from lipse_widgets.views.readiness_chart import calculator_chart, calculator_html, input_label

MODELS = ["eprocurement", "telework"]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@pytest.fixture(params=MODELS)
def calc(request, monkeypatch) -> calculators.Calculator:
    monkeypatch.delenv(STATIC_SITE, raising=False)
    return calculators.calculator(request.param)


def _links(fragment: str) -> dict[str, str]:
    return {
        name: urllib.parse.unquote(html.unescape(href).split(",", 1)[1])
        for name, href in re.findall(r'download="([^"]+)" href="([^"]+)"', fragment)
    }


def test_one_call_per_chapter_gives_each_calculator():
    assert calculators.eprocurement_calculator().model.id == "eprocurement"
    assert calculators.telework_calculator().model.id == "telework"


def test_in_a_kernel_the_calculator_is_a_widget_that_needs_no_cdn(calc):
    bundle = calc._repr_mimebundle_()
    assert bundle[WIDGET_VIEW]["model_id"] == calc.widget.model_id
    assert bundle["text/plain"] == f"{calc.model.title} score: 50 out of 100 (readiness calculator)"
    intro, chart, downloads = calc.widget.children
    assert isinstance(chart, calculators.CalculatorWidget)
    assert html.escape(calc.model.intro) in intro.value
    # Vega is bundled into the widget's JavaScript; Altair's default imports it from a CDN
    assert "https://esm.sh/vega-embed" in alt.JupyterChart._esm
    assert not re.search(r"""(import|from)\s*["']https?://""", chart._esm)
    assert len(chart._esm) > 500_000  # Vega, Vega-Lite and vega-embed themselves
    assert "input[type=range]" in chart._css
    assert "Download your answers (CSV, for a workshop)" in downloads.value


def test_on_the_static_site_it_is_the_figure_and_no_widget_is_made(calc, monkeypatch):
    monkeypatch.setenv(STATIC_SITE, "1")
    bundle = calc._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}
    assert f'data-lipse-calculator="{calc.model.id}"' in bundle["text/html"]
    assert "chart" not in calc.__dict__ and "widget" not in calc.__dict__


def test_the_widget_and_the_site_draw_the_same_chart(calc):
    site = calculator_chart(calc.model).to_dict()
    widget = calc.chart.spec
    for key in ("layer", "params", "transform", "datasets", "height", "width"):
        assert widget[key] == site[key], key


def test_the_downloads_read_the_answers_the_chart_sends_to_python(calc):
    model = calc.model
    answers = {f.id: (1 if f.is_barrier else 5) for f in model.factors}
    answers[model.factors[0].id] = 2
    # what the chart's JavaScript sends when sliders move: the parameters' new values
    sent = {**calc.chart._params, **{r.answer_signal(k): float(v) for k, v in answers.items()}}
    calc.chart._params = sent
    assert calc.answers == answers
    expected = r.score(model, answers)
    assert calc.summary == f"{model.title} score: {int(expected.rounded[0])} out of 100"
    links = _links(calc.downloads.value)
    record = json.loads(links[f"{model.id}-result.json"])
    assert record["answers"] == answers and record["score_shown"] == int(expected.rounded[0])
    assert [w["factor"] for w in record["weakest"]] == [model.factors[0].id]
    assert links[f"{model.id}-answers.csv"].splitlines() == [
        ",".join(["respondent_id", *model.factor_ids]),
        ",".join(["me", *(str(answers[f]) for f in model.factor_ids)]),
    ]


def test_python_can_set_the_answers(calc):
    model = calc.model
    calc.set_answers({model.factors[1].id: 1})
    assert getattr(calc.chart.params, r.answer_signal(model.factors[1].id)) == 1
    assert calc.answers[model.factors[1].id] == 1
    with pytest.raises(r.AnswerError, match=r"is out of range"):
        calc.set_answers({model.factors[1].id: 9})


@pytest.mark.parametrize("name", MODELS)
def test_the_chart_is_generated_from_the_model(name):
    model = load_model(name)
    spec = calculator_chart(model).to_dict()
    params = {p["name"]: p for p in spec["params"]}
    for factor in model.factors:
        param = params[r.answer_signal(factor.id)]
        assert param["value"] == 3
        assert param["bind"] == {
            "input": "range",
            "min": 1,
            "max": 5,
            "step": 1,
            "name": input_label(model, factor),
        }
        assert factor.question in param["bind"]["name"]
    # the scoring rule is the one generated in logic.readiness, as parameters of the chart
    for name_, expression in r.vega_definitions(model):
        assert params[name_]["expr"] == expression
    assert spec["width"] == "container"
    rows = spec["datasets"][spec["data"]["name"]]
    assert [row["id"] for row in rows] == list(model.factor_ids)
    assert [row["weight"] for row in rows] == [f.weight for f in model.factors]


def test_a_changed_weight_reaches_the_chart_without_touching_code():
    model = load_model("telework")
    heavier = replace(model, factors=(replace(model.factors[0], weight=7), *model.factors[1:]))
    before = dict(r.vega_definitions(model))["readiness_total"]
    after = dict(r.vega_definitions(heavier))["readiness_total"]
    assert before != after and after.startswith("7 * readiness_points_")


def test_text_from_the_model_is_escaped_in_both_views(monkeypatch):
    monkeypatch.delenv(STATIC_SITE, raising=False)
    model = load_model("telework")
    evil = "</script><script>alert(1)</script><b>x</b>"
    model = replace(
        model,
        intro=evil,
        factors=(replace(model.factors[0], label=evil, action=evil), *model.factors[1:]),
    )
    page = calculator_html(model)
    assert "<script>alert(1)" not in page and "<b>x</b>" not in page
    calc = calculators.Calculator(model, {**model.default_answers(), model.factors[0].id: 1})
    assert evil not in calc.widget.children[0].value
    assert html.escape(evil) in calc.widget.children[0].value
    assert evil not in calc.downloads.value


def test_every_calculator_gives_the_caution_that_every_export_of_a_score_carries(
    tiny_data, monkeypatch
):
    # the tests' own model says nothing about measurement: the caution comes from the code
    monkeypatch.delenv(STATIC_SITE, raising=False)
    model = load_model("tiny")
    assert "measurement" not in model.intro
    caution = html.escape(r.NOT_A_MEASUREMENT)
    assert caution in calculator_html(model)
    assert caution in calculators.Calculator(model).widget.children[0].value


def test_bad_starting_answers_are_refused_naming_the_field():
    model = load_model("telework")
    with pytest.raises(r.AnswerError, match=r"^training: 9 is out of range"):
        calculators.Calculator(model, {**model.default_answers(), "training": 9})


def test_factor_list_reads_as_prose():
    model = load_model("eprocurement")
    labels = [f.label[0].lower() + f.label[1:] for f in model.factors]
    text = calculators.factor_list("eprocurement")
    assert text == ", ".join(labels[:-1]) + " and " + labels[-1]


@pytest.mark.browser
def test_in_jupyterlab_the_arrow_keys_move_a_slider_not_the_notebook(browser):
    # JupyterLab's notebook shortcuts (Lumino) read a key when it has bubbled up to the
    # document, and leave it alone in an element marked data-lm-suppress-shortcuts.
    page = browser.new_page()
    page.set_content(
        '<div class="lipse-calculator"><input id="answer" type="range" min="1" max="5"'
        ' value="3"></div><input id="elsewhere" type="range" min="1" max="5" value="3">'
        "<script>window.seen = [];"
        "document.addEventListener('keydown', e => window.seen.push("
        "[e.target.id, !!e.target.closest('[data-lm-suppress-shortcuts]')]));</script>"
    )
    page.add_script_tag(content=calculators.KEYBOARD_JS, type="module")
    page.add_script_tag(content=calculators.KEYBOARD_JS, type="module")  # a second widget
    for target in ("#answer", "#elsewhere"):
        page.focus(target)
        page.keyboard.press("ArrowRight")
    assert page.evaluate("window.seen") == [["answer", True], ["elsewhere", False]]
    assert page.input_value("#answer") == "4"
    page.close()
