"""A readiness calculator's sliders on the built site, read and moved as a reader moves them.

Used by tests/test_calculator_browser.py and tests/test_answer_codes_browser.py. Each
move redraws the calculator's chart, so only the sliders whose answer differs are moved.
"""

from __future__ import annotations

from lipse_widgets.data.models import Model


def slider_answers(calculator, model: Model) -> dict[str, int]:
    """The answers the sliders of ``calculator`` (a Playwright locator) show, by factor."""
    inputs = calculator.locator("input[type=range]")
    return {f.id: int(inputs.nth(i).input_value()) for i, f in enumerate(model.factors)}


def move_sliders(calculator, model: Model, answers: dict[str, int]) -> None:
    """Move the sliders of ``calculator`` whose answer differs from ``answers``."""
    inputs = calculator.locator("input[type=range]")
    shown = slider_answers(calculator, model)
    for i, factor in enumerate(model.factors):
        if shown[factor.id] != answers[factor.id]:
            inputs.nth(i).fill(str(answers[factor.id]))
