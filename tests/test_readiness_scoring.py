"""Readiness scoring: one rule over a table of answers; a respondent is a table of one row.

The tests build their own small models, so a change to the book's weights breaks none.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lipse_widgets.data import load_table, read_descriptor
from lipse_widgets.data.answers import answers_schema
from lipse_widgets.data.models import Factor, Model, load_model
from lipse_widgets.logic import readiness as r
from lipse_widgets.logic import workshop

BOOK_DATA = Path(__file__).resolve().parent.parent / "book" / "data"


def make_model(spec: list[tuple[int, str]], model_id: str = "test") -> Model:
    """A model with one factor per (weight, effect), ids a, b, c, ..."""
    factors = tuple(
        Factor(
            id=chr(ord("a") + i),
            label=f"Factor {chr(ord('A') + i)}",
            question="?",
            min_label="low",
            max_label="high",
            effect=effect,
            weight=weight,
            findings=(f"F{i + 1:03d}",),
            action=f"Act on {chr(ord('A') + i)}.",
            action_basis="book" if i % 2 else "source",
        )
        for i, (weight, effect) in enumerate(spec)
    )
    return Model(
        model_id, "telework", "Test readiness", "Intro.", 1, 5, "lo", "hi", "Rule.", factors
    )


#: Weights 3, 1, 2, 1, 3; factor b is a barrier.
SMALL = make_model([(3, "driver"), (1, "barrier"), (2, "driver"), (1, "driver"), (3, "driver")])


@pytest.fixture(params=["small", "eprocurement", "telework"])
def model(request) -> Model:
    return SMALL if request.param == "small" else load_model(request.param, BOOK_DATA)


def _best(model: Model) -> dict[str, int]:
    return {f.id: (model.scale_min if f.is_barrier else model.scale_max) for f in model.factors}


def _worst(model: Model) -> dict[str, int]:
    return {f.id: (model.scale_max if f.is_barrier else model.scale_min) for f in model.factors}


def _random_table(model: Model, n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    values = rng.integers(model.scale_min, model.scale_max + 1, size=(n, len(model.factors)))
    return pd.DataFrame(values, columns=list(model.factor_ids))


def test_ends_and_middle_of_the_scale(model):
    table = pd.DataFrame([_best(model), _worst(model), model.default_answers()])
    scores = r.score(model, table)
    assert list(scores.score) == [100, 0, 50]
    assert list(scores.rounded) == [100, 0, 50]
    assert scores.weakest_factors(0) == ()  # nothing left to improve


def test_score_is_the_weighted_mean_of_normalised_values_times_100(model):
    table = _random_table(model, 300, seed=7)
    scores = r.score(model, table)
    weights = [f.weight for f in model.factors]
    for row, answers in enumerate(table.to_dict("records")):
        values = [
            Fraction(5 - answers[f.id], 4) if f.is_barrier else Fraction(answers[f.id] - 1, 4)
            for f in model.factors
        ]
        exact = 100 * sum(w * v for w, v in zip(weights, values, strict=True)) / sum(weights)
        assert scores.score[row] == pytest.approx(float(exact), abs=1e-12)
        assert scores.rounded[row] == int(exact + Fraction(1, 2))  # half up, exactly
        assert scores.contributions[row].sum() == pytest.approx(scores.score[row])


def test_one_respondent_is_a_table_of_one_row(model):
    table = _random_table(model, 50, seed=3)
    together = r.score(model, table)
    for row, answers in enumerate(table.to_dict("records")):
        alone = r.score(model, answers)
        assert len(alone) == 1
        assert alone.rounded[0] == together.rounded[row]
        assert alone.weakest_factors() == together.weakest_factors(row)


def test_a_barrier_scores_in_reverse():
    low = r.score(SMALL, {**SMALL.default_answers(), "b": 1})
    high = r.score(SMALL, {**SMALL.default_answers(), "b": 5})
    assert low.score[0] > 50 > high.score[0]
    assert low.points[0][1] == 4 and high.points[0][1] == 0


def test_rounding_is_exact_half_up_for_every_possible_total(model):
    denominator = model.total_weight * model.span
    totals = np.arange(denominator + 1)
    exact = [int(Fraction(100 * t, denominator) + Fraction(1, 2)) for t in totals]
    assert list((2 * 100 * totals + denominator) // (2 * denominator)) == exact
    # the browser computes floor(100 * S / (W * span) + 0.5) in floating point: the same
    assert list(np.floor(100 * totals / denominator + 0.5).astype(int)) == exact


def test_weakest_factors_ties_go_to_weight_then_model_order():
    # every answer in the middle: all tie on points, so the heaviest come first (a, then e)
    scores = r.score(SMALL, SMALL.default_answers())
    assert [f.id for f in scores.weakest_factors()] == ["a", "e", "c"]
    # a factor at the worst answer comes first, whatever its weight
    scores = r.score(SMALL, {**SMALL.default_answers(), "d": 1})
    assert [f.id for f in scores.weakest_factors()] == ["d", "a", "e"]
    # a factor at its best answer is never weak; fewer than three may be listed
    scores = r.score(SMALL, {**_best(SMALL), "c": 4})
    assert [f.id for f in scores.weakest_factors()] == ["c"]
    assert list(scores.weakest[0]) == [2, -1, -1]


def test_weakest_text_gives_labels_in_order():
    table = pd.DataFrame([SMALL.default_answers(), _best(SMALL), {**_best(SMALL), "c": 4}])
    assert list(r.score(SMALL, table).weakest_text()) == [
        "Factor A; Factor E; Factor C",
        "",
        "Factor C",
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"a": 6}, "a: 6 is out of range: the answer must be a whole number from 1 to 5"),
        ({"a": 0}, "a: 0 is out of range: the answer must be a whole number from 1 to 5"),
        ({"b": 2.5}, "b: 2.5 is not a whole number from 1 to 5"),
        ({"b": "3"}, "b: '3' is not a whole number from 1 to 5"),
        ({"b": True}, "b: True is not a whole number from 1 to 5"),
        ({"b": None}, "b: None is not a whole number from 1 to 5"),
        ({"colour": 3}, "colour: not a factor of the test model"),
    ],
)
def test_bad_answers_name_the_field(change, expected):
    with pytest.raises(r.AnswerError) as err:
        r.score(SMALL, {**SMALL.default_answers(), **change})
    assert str(err.value) == expected


def test_a_missing_answer_names_the_field():
    answers = SMALL.default_answers()
    del answers["c"]
    with pytest.raises(r.AnswerError) as err:
        r.score(SMALL, answers)
    assert err.value.problems == [(None, "c", "no answer given")]


def test_bad_cells_of_a_table_name_row_and_column():
    table = _random_table(SMALL, 5, seed=1).astype(object)
    table.loc[1, "b"] = 9
    table.loc[3, "a"] = "x"
    table.loc[4, "e"] = 2.5
    with pytest.raises(r.AnswerError) as err:
        r.score(SMALL, table)
    assert err.value.problems == [
        (1, "b", "9 is out of range: the answer must be a whole number from 1 to 5"),
        (3, "a", "'x' is not a whole number from 1 to 5"),
        (4, "e", "2.5 is not a whole number from 1 to 5"),
    ]


def test_whole_floats_and_nullable_integers_score_the_same():
    table = _random_table(SMALL, 50, seed=3)
    expected = r.score(SMALL, table).rounded
    assert list(r.score(SMALL, table.astype(float)).rounded) == list(expected)
    assert list(r.score(SMALL, table.astype("Int64")).rounded) == list(expected)


def test_weights_too_large_to_score_exactly_are_refused():
    huge = make_model([(10**17, "driver")] * 5)
    with pytest.raises(ValueError, match="too large"):
        r.score(huge, huge.default_answers())


def test_scored_table_is_what_the_command_writes():
    table = _random_table(SMALL, 4, seed=5)
    scores = r.score(SMALL, table)
    out = r.scored_table(scores, pd.Series(["p1", "p2", "p3", "p4"]))
    assert list(out.columns) == ["respondent_id", *SMALL.factor_ids, "score", "weakest"]
    assert list(out["score"]) == list(scores.rounded)
    assert list(out["weakest"]) == list(scores.weakest_text())
    assert out[list(SMALL.factor_ids)].to_numpy().tolist() == table.to_numpy().tolist()


def test_exports_of_one_respondent():
    scores = r.score(SMALL, {**SMALL.default_answers(), "d": 1})
    record = r.export_record(scores)
    assert record["answers"] == {**SMALL.default_answers(), "d": 1}
    assert record["score_shown"] == int(scores.rounded[0])
    assert [w["factor"] for w in record["weakest"]] == ["d", "a", "e"]
    assert "book's own assumption" in record["note"]
    assert r.export_csv(scores, "anna").splitlines() == [
        "respondent_id,a,b,c,d,e",
        "anna,3,3,3,1,3",
    ]


#: How to make the example group again after a factor is added to the e-procurement model.
REGENERATE = """regenerate the example answers and their schema:
python - <<'EOF'
import json; from pathlib import Path
from lipse_widgets.data.answers import answers_schema
from lipse_widgets.data.models import load_model
from lipse_widgets.logic.workshop import made_up_answers
model = load_model("eprocurement"); data = Path("book/data")
made_up_answers(model).to_csv(data / "made_up_workshop_eprocurement_answers.csv", index=False)
package = json.loads((data / "datapackage.json").read_text())
for resource in package["resources"]:
    if resource["name"] == "made-up-workshop-eprocurement-answers":
        resource["schema"] = answers_schema(model)
(data / "datapackage.json").write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\\n")
EOF"""


def test_the_example_file_is_the_made_up_generator_output():
    eproc = load_model("eprocurement", BOOK_DATA)
    descriptor = read_descriptor(BOOK_DATA)
    resource = next(
        r for r in descriptor["resources"] if r["name"] == "made-up-workshop-eprocurement-answers"
    )
    assert resource["schema"] == answers_schema(eproc), REGENERATE
    assert "MADE-UP" in resource["title"] and "made_up" in resource["path"]
    shipped = load_table("made-up-workshop-eprocurement-answers")
    generated = workshop.made_up_answers(eproc)
    assert shipped["respondent_id"].str.startswith("made-up-").all()
    assert len(shipped) == workshop.EXAMPLE_SIZE
    pd.testing.assert_frame_equal(
        shipped.astype({f: "int64" for f in eproc.factor_ids}).astype({"respondent_id": object}),
        generated.astype({"respondent_id": object}),
        obj=REGENERATE,
    )


def test_group_summary():
    table = pd.DataFrame({f: [1, 3, 5] for f in SMALL.factor_ids})
    scores = r.score(SMALL, table)
    # all 1: drivers at their worst, barrier b (weight 1) at its best: 4 of 40 points
    # all 3: the middle; all 5: drivers at their best (36 of 40), barrier at its worst
    assert list(scores.rounded) == [10, 50, 90]
    summary = workshop.summarise(scores)
    assert (summary.respondents, summary.minimum, summary.maximum, summary.median) == (
        3,
        10,
        90,
        50,
    )
    counts = dict(zip(summary.weak["factor"], summary.weak["respondents"], strict=True))
    # rows 1 and 2: the three heaviest drivers (a, e, c); row 3: only the barrier is below its best
    assert counts == {"a": 2, "e": 2, "c": 2, "b": 1, "d": 0}
    assert summary.most_common_weak(2) == [("Factor A", 2), ("Factor C", 2)]
    bands = workshop.score_bands(scores)
    assert bands["respondents"].sum() == 3
    assert list(bands.loc[bands["respondents"] > 0, "band"]) == ["10-19", "50-59", "90-100"]


def test_a_model_is_data_not_code():
    changed = replace(SMALL, factors=(replace(SMALL.factors[0], weight=9), *SMALL.factors[1:]))
    assert r.score(changed, _best(changed)).rounded[0] == 100
    assert changed.total_weight == SMALL.total_weight + 6
