"""The browser's scoring (Vega expressions) computes exactly what Python's ``score`` computes.

The expressions are evaluated by Vega itself, through vl-convert (the same Vega the
site ships), on random answers: no browser, no build. The last test shows that the
comparison fails when the expressions are wrong.
"""

from __future__ import annotations

import json
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd
import pytest
import vl_convert as vlc

from lipse_widgets.data.models import Factor, Model, load_model
from lipse_widgets.logic import readiness as r
from lipse_widgets.views.readiness_chart import calculator_chart

BOOK_DATA = Path(__file__).resolve().parent.parent / "book" / "data"


def _factor(i: int, weight: int, effect: str) -> Factor:
    return Factor(
        id=f"factor_{i}",
        label=f"Factor {i}",
        question=f"Question {i}?",
        min_label="low",
        max_label="high",
        effect=effect,
        weight=weight,
        findings=("F001",),
        action=f"Action {i}.",
        action_basis="book",
    )


#: A model made for these tests: eight factors, weights from 1 to 10, three barriers.
MIXED = Model(
    id="mixed",
    innovation="telework",
    title="Mixed test model",
    intro="A model made up for the tests.",
    scale_min=1,
    scale_max=5,
    min_label="low",
    max_label="high",
    weights_rule="Made up for the tests.",
    factors=tuple(
        _factor(i, w, e)
        for i, (w, e) in enumerate(
            [
                (10, "driver"),
                (1, "barrier"),
                (3, "driver"),
                (10, "barrier"),
                (7, "driver"),
                (1, "driver"),
                (3, "barrier"),
                (2, "driver"),
            ]
        )
    ),
)


def _models() -> list[Model]:
    return [MIXED, *(load_model(name, BOOK_DATA) for name in ("eprocurement", "telework"))]


def _answers(model: Model) -> pd.DataFrame:
    """Random answers, answers that tie a lot, and the ends of the scale."""
    rng = np.random.default_rng(2026)
    n = len(model.factors)
    parts = [
        rng.integers(1, 6, size=(160, n)),
        rng.integers(2, 4, size=(60, n)),  # many ties
        np.ones((1, n)),
        np.full((1, n), 5),
        np.full((1, n), 3),
        np.array([[5 if f.is_barrier else 1 for f in model.factors]]),  # the worst
        np.array([[1 if f.is_barrier else 5 for f in model.factors]]),  # the best
    ]
    return pd.DataFrame(np.vstack(parts).astype(int), columns=list(model.factor_ids))


def _texts(spec: dict) -> list[str]:
    """Evaluate a Vega-Lite spec with Vega (vl-convert); return its text marks' texts."""
    found: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("marktype") == "text":
                found.extend(str(item.get("text")) for item in node.get("items", []))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(vlc.vegalite_to_scenegraph(spec))
    return found


def _vega_results(model: Model, answers: pd.DataFrame, definitions) -> dict[int, tuple]:
    """Compute, with Vega, each row's (score shown, S, rank of each factor)."""
    chart = alt.Chart(answers.assign(row=range(len(answers))))
    for name, expression in definitions:
        chart = chart.transform_calculate(**{name: expression})
    chart = chart.transform_calculate(
        out="datum.row + '|' + datum.readiness_score + '|' + datum.readiness_total"
        " + '|' + join(datum.readiness_ranks, ',')"
    )
    spec = chart.mark_text().encode(text="out:N", y=alt.Y("row:O", axis=None)).to_dict()
    results = {}
    for text in _texts(spec):
        row, shown, total, ranks = text.split("|")
        results[int(row)] = (int(shown), int(total), tuple(int(x) for x in ranks.split(",")))
    return results


def _python_results(model: Model, answers: pd.DataFrame) -> dict[int, tuple]:
    scores = r.score(model, answers)
    results = {}
    for row in range(len(answers)):
        ranks = [0] * len(model.factors)
        for place, position in enumerate(scores.weakest[row], start=1):
            if position >= 0:
                ranks[position] = place
        results[row] = (int(scores.rounded[row]), int(scores.total[row]), tuple(ranks))
    return results


def _datum_definitions(model: Model):
    return r.vega_definitions(
        model, answer=lambda f: f"datum[{json.dumps(f)}]", ref=lambda name: f"datum.{name}"
    )


@pytest.mark.parametrize("model", _models(), ids=lambda m: m.id)
def test_vega_expressions_agree_with_python_on_random_answers(model):
    answers = _answers(model)
    vega = _vega_results(model, answers, _datum_definitions(model))
    python = _python_results(model, answers)
    assert len(vega) == len(answers)
    assert vega == python


@pytest.mark.parametrize("name", ["eprocurement", "telework"])
def test_the_calculator_chart_shows_pythons_score_and_weakest_actions(name):
    """The calculator itself (its signals, not a copy of them), drawn with set answers."""
    model = load_model(name, BOOK_DATA)
    rng = np.random.default_rng(7)
    answer_sets = [
        {f.id: (1 if f.is_barrier else 5) for f in model.factors},
        *({f.id: int(rng.integers(1, 6)) for f in model.factors} for _ in range(4)),
    ]
    for answers in answer_sets:
        texts = _texts(calculator_chart(model, answers).to_dict())
        scores = r.score(model, answers)
        assert f"Score: {int(scores.rounded[0])} out of 100" in texts, answers
        actions = [t for t in texts if any(t.startswith(f"{f.label}: ") for f in model.factors)]
        expected = [f.action_text.replace(" ", "") for f in scores.weakest_factors()]
        assert sorted(a.replace("\n", "").replace(" ", "") for a in actions) == sorted(expected)
        nothing = [t for t in texts if t.startswith("No factor is weak")]
        assert len(nothing) == (0 if scores.weakest_factors() else 1)


def test_the_comparison_catches_a_wrong_rule():
    """If the browser rounded down instead of half up, the comparison would fail."""
    answers = _answers(MIXED)
    wrong = [
        (n, e.replace(" + 0.5)", ")") if n == "readiness_score" else e)
        for n, e in _datum_definitions(MIXED)
    ]
    assert _vega_results(MIXED, answers, wrong) != _python_results(MIXED, answers)
