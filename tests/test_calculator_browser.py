"""The readiness calculators on the built site, in headless Chromium, with no kernel and no network.

The score the page shows must EQUAL the one Python computes for the same answers.
The tests on the page as a desktop browser shows it share one load of it, both calculators
interactive, every answer set back before each.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from sliders import move_sliders, slider_answers

from lipse_widgets.data.models import Model, load_model
from lipse_widgets.logic import readiness as r
from lipse_widgets.views.readiness_chart import input_label

pytestmark = pytest.mark.browser

PAGE = "chapters/outcomes.html"
MODELS = ["eprocurement", "telework"]
SCORE = re.compile(r"Score: (\d+) out of 100")
#: The decoded size a page with charts or calculators may load (HTML, scripts, styles, fonts).
PAGE_BUDGET = 2_500_000


@pytest.fixture(scope="module")
def models() -> dict[str, Model]:
    return {name: load_model(name) for name in MODELS}


@pytest.fixture(scope="module")
def loaded(browser, server):
    """The calculators' page, loaded once for the tests that share it, both calculators
    interactive; the page errors it has met so far."""
    context = browser.new_context()
    context.route(lambda url: not url.startswith(server), lambda route: route.abort())
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(server + PAGE, wait_until="load")
    for name in MODELS:
        # the pointer comes near: the interactive chart takes over from the one drawn at build
        page.locator(f"[data-lipse-calculator={name}] .lipse-figure").hover()
        page.locator(f"[data-lipse-calculator={name}] .lipse-chart-live svg.marks").wait_for()
    yield page, problems
    context.close()


@pytest.fixture
def page(loaded, models):
    """The calculators' page with every answer back at its start (a page load and the two
    charts' takeover cost about a second of CPU each: one load serves every test here that
    does not look at the load itself); no page error during the test."""
    page, problems = loaded
    for name in MODELS:
        start = models[name].default_answers()
        move_sliders(_calculator(page, name), models[name], start)
        assert _answers(page, name, models[name]) == start
        assert _wait_for_score(page, name, 50) == 50
    page.evaluate("document.activeElement && document.activeElement.blur()")
    seen = len(problems)
    yield page
    assert problems[seen:] == []


def _calculator(page, name):
    return page.locator(f"[data-lipse-calculator={name}]")


def _shown(page, name) -> int | None:
    texts = _calculator(page, name).locator("g[class*=score_text] text").all_text_contents()
    found = [int(m.group(1)) for t in texts if (m := SCORE.fullmatch(t.strip()))]
    assert len(found) <= 1, texts
    return found[0] if found else None


def _answers(page, name, model) -> dict[str, int]:
    return slider_answers(_calculator(page, name), model)


def _wait_for_score(page, name, expected: int) -> int | None:
    """Wait until the page shows ``expected`` (Vega redraws asynchronously); return the shown."""
    try:
        page.wait_for_function(
            """([name, expected]) => [...document.querySelectorAll(
                   `[data-lipse-calculator=${name}] svg text`)]
                 .some(t => t.textContent.trim() === `Score: ${expected} out of 100`)""",
            arg=[name, expected],
            timeout=5_000,
        )
    except PlaywrightTimeout:
        pass  # the caller's assertion says what the page shows instead
    return _shown(page, name)


def _weak_lines(page, name) -> list[str]:
    """The weakest factors' actions as drawn, top to bottom (one text mark per factor)."""
    marks = _calculator(page, name).locator("g[class*=weakest_actions] > text")
    drawn = marks.evaluate_all(
        "ts => ts.map(t => [t.getBoundingClientRect().top,"
        " [...t.querySelectorAll('tspan')].map(s => s.textContent).join(' ') || t.textContent])"
    )
    return [text for _, text in sorted(drawn)]


@pytest.mark.parametrize("name", MODELS)
def test_keyboard_changes_the_score_exactly_as_python(page, models, name):
    model = models[name]
    inputs = _calculator(page, name).locator("input[type=range]")
    assert _shown(page, name) == r.score(model, model.default_answers()).rounded[0] == 50
    driver = next(i for i, f in enumerate(model.factors) if not f.is_barrier)
    barrier = next(i for i, f in enumerate(model.factors) if f.is_barrier)
    inputs.nth(driver).focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    inputs.nth(barrier).focus()
    page.keyboard.press("ArrowLeft")
    answers = _answers(page, name, model)
    assert answers[model.factors[driver].id] == 5
    assert answers[model.factors[barrier].id] == 2
    expected = int(r.score(model, answers).rounded[0])
    assert _wait_for_score(page, name, expected) == expected
    assert expected != 50
    # Tab reaches the next question's slider
    inputs.nth(0).focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == f"answer_{model.factors[1].id}"


@pytest.mark.parametrize("name", MODELS)
def test_set_answers_give_the_python_score_and_weakest_actions(page, models, name):
    model = models[name]
    rng = np.random.default_rng(5)
    best = {f.id: 1 if f.is_barrier else 5 for f in model.factors}
    worst = {f.id: 5 if f.is_barrier else 1 for f in model.factors}
    answer_sets = [worst, best] + [
        {f.id: int(rng.integers(1, 6)) for f in model.factors} for _ in range(6)
    ]
    for answers in answer_sets:
        move_sliders(_calculator(page, name), model, answers)
        assert _answers(page, name, model) == answers
        scores = r.score(model, answers)
        expected = int(scores.rounded[0])
        assert _wait_for_score(page, name, expected) == expected, answers
        shown = _weak_lines(page, name)
        weakest = scores.weakest_factors()
        assert [line.split(":")[0] for line in shown] == [f.label for f in weakest]
        for line, factor in zip(shown, weakest, strict=True):
            assert line.replace(" ", "") == factor.action_text.replace(" ", "")
        nothing = _calculator(page, name).locator("g[class*=nothing_weak] text").all_text_contents()
        assert [t.startswith("No factor is weak") for t in nothing] == ([] if weakest else [True])


@pytest.mark.parametrize("name", MODELS)
def test_every_input_has_its_question_as_label(page, models, name):
    model = models[name]
    calculator = _calculator(page, name)
    assert calculator.locator("input[type=range]").count() == len(model.factors)
    for factor in model.factors:
        slider = calculator.get_by_role("slider", name=input_label(model, factor))
        assert slider.count() == 1, factor.id
        assert slider.get_attribute("min") == "1" and slider.get_attribute("max") == "5"


def test_calculator_page_loads_no_widget_javascript_and_stays_in_budget(page, server):
    loaded = page.evaluate(
        """() => [performance.getEntriesByType('navigation')[0],
                  ...performance.getEntriesByType('resource')]
                 .map(e => [e.name, e.decodedBodySize])"""
    )
    names = [name for name, _ in loaded]
    assert not [n for n in names if re.search(r"require|embed-amd|jupyter-widgets|html-manager", n)]
    assert all(n.startswith(server) for n in names)
    total = sum(size for _, size in loaded)
    assert total <= PAGE_BUDGET, f"{total:,} bytes decoded"
    assert page.locator(".jupyter-widgets, .widget-subarea").count() == 0


def test_the_calculator_fits_a_phone_and_its_sliders_take_a_thumb(browser, server, models):
    """At 360 px with touch: nothing wider than the column, sliders 44 px tall."""
    context = browser.new_context(
        viewport={"width": 360, "height": 800}, is_mobile=True, has_touch=True
    )
    context.route(lambda url: not url.startswith(server), lambda route: route.abort())
    page = context.new_page()
    page.goto(server + PAGE, wait_until="load")
    for name in MODELS:
        calculator = _calculator(page, name)
        # a touch on the figure lets the interactive chart take over from the drawn one
        calculator.locator(".lipse-figure-title").tap()
        calculator.locator(".vega-embed svg.marks").wait_for()
        column = calculator.evaluate("e => e.getBoundingClientRect().width")
        widest = calculator.evaluate(  # the chart, its texts and the sliders (not the table,
            # which scrolls in its own box)
            "e => Math.max(...[...e.querySelectorAll('.vega-embed, svg, text, .vega-bind, p')]"
            ".map(c => c.getBoundingClientRect().right)) - e.getBoundingClientRect().left"
        )
        assert widest <= column + 1, (name, widest, column)
        sizes = calculator.locator("input[type=range]").evaluate_all(
            "xs => xs.map(x => [x.getBoundingClientRect().width, x.getBoundingClientRect().height])"
        )
        assert len(sizes) == len(models[name].factors)
        assert all(h >= 44 and w >= 0.6 * column for w, h in sizes), sizes
        # a finger moves the answer: a tap near the end of the track, then a drag of the thumb
        slider = calculator.locator("input[type=range]").first
        slider.scroll_into_view_if_needed()
        box = slider.bounding_box()
        y = box["y"] + box["height"] / 2
        page.touchscreen.tap(box["x"] + box["width"] - 6, y)
        assert slider.input_value() == "5"
        touch = context.new_cdp_session(page)
        path = [box["x"] + box["width"] - 14 - (box["width"] - 20) * i / 10 for i in range(11)]
        touch.send(
            "Input.dispatchTouchEvent",
            {"type": "touchStart", "touchPoints": [{"x": path[0], "y": y}]},
        )
        for x in path[1:]:
            touch.send(
                "Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]}
            )
        touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        assert slider.input_value() == "1"
        model = models[name]
        answers = {**model.default_answers(), model.factors[0].id: 1}
        expected = int(r.score(model, answers).rounded[0])
        assert _wait_for_score(page, name, expected) == expected
    context.close()


def test_answers_set_from_page_javascript_reach_the_score(page, models):
    """What the answer codes of issue 15 need: a page script sets the inputs, Vega scores."""
    model = models["telework"]
    answers = {f.id: 1 if f.is_barrier else 5 for f in model.factors}
    page.evaluate(
        """([name, values]) => {
             const inputs = document.querySelectorAll(`[data-lipse-calculator=${name}] input`);
             values.forEach((v, i) => {
               inputs[i].value = v;
               inputs[i].dispatchEvent(new Event('input', {bubbles: true}));
             });
           }""",
        ["telework", [answers[f] for f in model.factor_ids]],
    )
    assert _wait_for_score(page, "telework", 100) == 100


def test_the_score_stays_in_view_while_the_last_slider_is_moved_on_a_wide_screen(
    browser, server, models
):
    """At 1400 px the sliders sit beside the chart, which stays in view as the page scrolls."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.route(lambda url: not url.startswith(server), lambda route: route.abort())
    page = context.new_page()
    page.goto(server + PAGE, wait_until="load")
    for name in MODELS:
        calculator = _calculator(page, name)
        last = calculator.locator("input[type=range]").last
        last.scroll_into_view_if_needed()
        last.focus()  # keyboard focus in the figure: the interactive chart takes over
        calculator.locator(".lipse-chart-live svg.marks").wait_for()
        page.keyboard.press("ArrowRight")
        model = models[name]
        answers = {**model.default_answers(), model.factors[-1].id: 4}
        expected = int(r.score(model, answers).rounded[0])
        assert _wait_for_score(page, name, expected) == expected
        slider = last.bounding_box()
        score = calculator.locator("g[class*=score_text] text").first.bounding_box()
        # the score is on screen, beside the slider being moved, not scrolled away above it
        assert 0 <= score["y"] and score["y"] + score["height"] <= 900, (name, score)
        assert score["x"] > slider["x"] + slider["width"], (name, score, slider)
    context.close()
