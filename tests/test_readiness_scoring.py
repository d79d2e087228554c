"""Readiness scoring: the definition, the checks on answers, and the vectorised path."""

from __future__ import annotations

import time
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lipse_widgets.data import load_table
from lipse_widgets.data.models import load_model
from lipse_widgets.logic import readiness as r
from lipse_widgets.logic import workshop

BOOK_DATA = Path(__file__).resolve().parent.parent / "book" / "data"


@pytest.fixture(scope="module", params=["eprocurement", "telework"])
def model(request) -> r.Model:
    return r.model_from_dict(load_model(request.param, BOOK_DATA))


@pytest.fixture(scope="module")
def eproc() -> r.Model:
    return r.model_from_dict(load_model("eprocurement", BOOK_DATA))


def _best(model: r.Model) -> dict[str, int]:
    return {f.id: (model.scale_min if f.is_barrier else model.scale_max) for f in model.factors}


def _worst(model: r.Model) -> dict[str, int]:
    return {f.id: (model.scale_max if f.is_barrier else model.scale_min) for f in model.factors}


def test_model_is_frozen_and_built_from_the_file(model):
    data = load_model(model.id, BOOK_DATA)
    assert model.factor_ids == tuple(f["id"] for f in data["factors"])
    assert [f.weight for f in model.factors] == [f["weight"] for f in data["factors"]]
    assert (model.scale_min, model.scale_max, model.span) == (1, 5, 4)
    with pytest.raises(AttributeError):
        model.factors[0].weight = 9  # type: ignore[misc]


def test_ends_and_middle_of_the_scale(model):
    assert r.score(model, _best(model)).score == 100
    assert r.score(model, _worst(model)).score == 0
    assert r.score(model, model.default_answers()).score == 50
    assert r.score(model, _best(model)).weakest == ()  # nothing left to improve


def test_score_is_the_weighted_mean_of_normalised_values_times_100(model):
    rng = np.random.default_rng(7)
    for _ in range(50):
        answers = {f.id: int(rng.integers(1, 6)) for f in model.factors}
        result = r.score(model, answers)
        values = [
            Fraction(5 - answers[f.id], 4) if f.is_barrier else Fraction(answers[f.id] - 1, 4)
            for f in model.factors
        ]
        weights = [f.weight for f in model.factors]
        exact = 100 * sum(w * v for w, v in zip(weights, values, strict=True)) / sum(weights)
        assert result.score == pytest.approx(float(exact), abs=1e-12)
        assert result.rounded == int(exact + Fraction(1, 2))  # half up, exactly
        assert sum(c.contribution for c in result.contributions) == pytest.approx(result.score)
        for c in result.contributions:
            assert 0 <= c.contribution <= c.max_contribution
            assert c.value == pytest.approx(float(values[model.factor_ids.index(c.factor.id)]))


def test_a_barrier_scores_in_reverse(eproc):
    barrier = next(f for f in eproc.factors if f.is_barrier)
    low = r.score(eproc, {**eproc.default_answers(), barrier.id: 1})
    high = r.score(eproc, {**eproc.default_answers(), barrier.id: 5})
    assert low.score > 50 > high.score
    contribution = {c.factor.id: c for c in low.contributions}[barrier.id]
    assert contribution.value == 1 and contribution.points == 4


def test_rounding_is_exact_half_up_for_every_possible_total(model):
    denominator = model.total_weight * model.span
    for total in range(denominator + 1):
        exact = Fraction(100 * total, denominator)
        assert r.rounded_score(total, model) == int(exact + Fraction(1, 2))
        # the browser computes floor(100 * S / (W * span) + 0.5) in floating point: the same
        assert int(np.floor(100 * total / denominator + 0.5)) == r.rounded_score(total, model)


def test_weakest_factors_ties_go_to_weight_then_model_order(eproc):
    # every answer in the middle: all factors tie on value, so the heaviest come first
    result = r.score(eproc, eproc.default_answers())
    heavy = [f.id for f in eproc.factors if f.weight == max(x.weight for x in eproc.factors)]
    assert [c.factor.id for c in result.weakest] == heavy[: r.N_WEAKEST]
    # a factor at the worst answer comes first whatever its weight
    light = next(f for f in eproc.factors if f.weight == 1 and not f.is_barrier)
    result = r.score(eproc, {**eproc.default_answers(), light.id: 1})
    assert result.weakest[0].factor.id == light.id
    assert result.findings[: len(light.findings)] == light.findings
    assert all(c.factor.action for c in result.weakest)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"legal_obligation": 6},
            "legal_obligation: 6 is out of range: the answer must be a whole number from 1 to 5",
        ),
        (
            {"legal_obligation": 0},
            "legal_obligation: 0 is out of range: the answer must be a whole number from 1 to 5",
        ),
        ({"peer_adoption": 2.5}, "peer_adoption: 2.5 is not a whole number from 1 to 5"),
        ({"peer_adoption": "3"}, "peer_adoption: '3' is not a whole number from 1 to 5"),
        ({"peer_adoption": True}, "peer_adoption: True is not a whole number from 1 to 5"),
        ({"peer_adoption": None}, "peer_adoption: None is not a whole number from 1 to 5"),
        ({"colour": 3}, "colour: not a factor of the eprocurement model"),
    ],
)
def test_bad_answers_name_the_field(eproc, change, expected):
    with pytest.raises(r.AnswerError) as err:
        r.score(eproc, {**eproc.default_answers(), **change})
    assert str(err.value) == expected


def test_missing_answer_names_the_field(eproc):
    answers = eproc.default_answers()
    del answers["change_management"]
    with pytest.raises(r.AnswerError) as err:
        r.score(eproc, answers)
    assert str(err.value) == "change_management: no answer given"
    assert err.value.problems == [(None, "change_management", "no answer given")]


def _random_frame(model: r.Model, n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    values = rng.integers(model.scale_min, model.scale_max + 1, size=(n, len(model.factors)))
    return pd.DataFrame(values, columns=list(model.factor_ids))


def test_vectorised_scoring_equals_the_scalar_path(model):
    frame = _random_frame(model, 3000, seed=2015)
    # include the extremes and ties
    frame.iloc[0] = [_best(model)[f] for f in model.factor_ids]
    frame.iloc[1] = [_worst(model)[f] for f in model.factor_ids]
    frame.iloc[2] = [3] * len(model.factors)
    vectorised = r.score_frame(model, frame)
    assert list(vectorised.columns) == ["score", "rounded", "weakest"]
    assert vectorised.index.equals(frame.index)
    for position, answers in enumerate(frame.to_dict("records")):
        scalar = r.score(model, answers)
        row = vectorised.iloc[position]
        assert row["score"] == pytest.approx(scalar.score, abs=1e-12)
        assert row["rounded"] == scalar.rounded
        assert row["weakest"] == r.SEPARATOR.join(c.factor.id for c in scalar.weakest)


def test_score_frame_reports_bad_cells_by_row_and_column(eproc):
    frame = _random_frame(eproc, 5, seed=1).astype(object)
    frame.loc[1, "peer_adoption"] = 9
    frame.loc[3, "legal_obligation"] = "x"
    frame.loc[4, "change_management"] = 2.5
    with pytest.raises(r.AnswerError) as err:
        r.score_frame(eproc, frame)
    assert err.value.problems == [
        (2, "peer_adoption", "9 is out of range: the answer must be a whole number from 1 to 5"),
        (4, "legal_obligation", "'x' is not a whole number from 1 to 5"),
        (5, "change_management", "2.5 is not a whole number from 1 to 5"),
    ]
    with pytest.raises(r.AnswerError) as err:
        r.score_frame(eproc, frame.drop(columns="budget_constraints"))
    assert err.value.problems == [(0, "budget_constraints", "column is missing")]


def test_score_frame_accepts_whole_floats_and_nullable_integers(eproc):
    frame = _random_frame(eproc, 50, seed=3)
    expected = r.score_frame(eproc, frame)
    pd.testing.assert_frame_equal(r.score_frame(eproc, frame.astype(float)), expected)
    pd.testing.assert_frame_equal(r.score_frame(eproc, frame.astype("Int64")), expected)


def test_throughput_of_100000_respondents_is_recorded(eproc, record_property, capsys):
    """A benchmark, not a test of speed: it records the figure and checks only the result."""
    frame = _random_frame(eproc, 100_000, seed=11)
    r.score_frame(eproc, frame.head(10))  # warm up
    start = time.perf_counter()
    result = r.score_frame(eproc, frame)
    seconds = time.perf_counter() - start
    record_property("respondents_per_second", round(100_000 / seconds))
    with capsys.disabled():
        print(
            f"\nscore_frame: 100,000 respondents in {seconds:.3f} s "
            f"({100_000 / seconds:,.0f} respondents per second)"
        )
    assert len(result) == 100_000
    assert result["score"].between(0, 100).all()


def test_scored_table_is_what_the_command_writes(eproc):
    answers = workshop.made_up_answers(eproc, n=5, seed=1)
    table = r.scored_table(eproc, answers)
    assert list(table.columns) == ["respondent_id", *eproc.factor_ids, "score", "weakest"]
    first = r.score(eproc, answers.iloc[0][list(eproc.factor_ids)].to_dict())
    assert table.loc[0, "score"] == first.rounded


def test_template_and_exports(eproc):
    header, example = r.template_rows(eproc)
    assert header == ["respondent_id", *eproc.factor_ids]
    assert example[0] == "example-1"
    result = r.score(eproc, dict(zip(header[1:], example[1:], strict=True)))
    record = r.export_record(eproc, result)
    assert record["answers"] == result.answers() and record["score_shown"] == result.rounded
    csv_text = r.export_csv(eproc, result)
    assert csv_text.splitlines()[0] == ",".join(header)


def test_the_example_file_is_the_made_up_generator_output(eproc):
    shipped = load_table("made-up-workshop-eprocurement-answers")
    generated = workshop.made_up_answers(eproc)
    assert shipped["respondent_id"].str.startswith("made-up-").all()
    assert len(shipped) == workshop.EXAMPLE_SIZE
    pd.testing.assert_frame_equal(
        shipped.astype({f: "int64" for f in eproc.factor_ids}).astype({"respondent_id": object}),
        generated.astype({"respondent_id": object}),
    )


def test_group_summary(eproc):
    answers = pd.DataFrame(
        {"respondent_id": ["a", "b", "c"], **{f: [1, 3, 5] for f in eproc.factor_ids}}
    )
    scored = r.scored_table(eproc, answers)
    # all 1: drivers at their worst, the two barriers (weight 1 each) at their best: 8/44
    # all 3: the middle; all 5: drivers at their best (weights 9 in all), barriers worst: 36/44
    assert list(scored["score"]) == [18, 50, 82]
    summary = workshop.summarise(eproc, scored)
    assert (summary.respondents, summary.minimum, summary.maximum, summary.median) == (
        3,
        18,
        82,
        50,
    )
    counts = dict(zip(summary.weak["factor"], summary.weak["respondents"], strict=True))
    # a and b: the three heaviest drivers; c: only the two barriers are below their best
    assert counts == {
        "legal_obligation": 2,
        "peer_adoption": 2,
        "committed_leadership": 2,
        "budget_constraints": 1,
        "risk_averse_culture": 1,
        "training_consulting": 0,
        "change_management": 0,
    }
    assert summary.most_common_weak(2) == [("Legal obligation", 2), ("Peers already using it", 2)]
    bands = workshop.score_bands(scored)
    assert bands["respondents"].sum() == 3
    assert list(bands.loc[bands["respondents"] > 0, "band"]) == ["10-19", "50-59", "80-89"]
