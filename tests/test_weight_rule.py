"""Each model's weights follow the rule it states (``with_strength``, ``without_strength``).

The tests use the tests' own tiny model (factors 1 and 3 quote words of strength and
weigh 3, the others weigh 1), and a copy of the book's data for the rule as the book
states it: a weight changed alone, a quote that is not in the finding, a weight of 0.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from tiny_models import WITH_STRENGTH, make_data_dir, tiny_model, write_model

from lipse_widgets.data.models import load_model, model_names, validate_models
from lipse_widgets.data.weights import weight_rule_problems

BOOK_DATA = Path(__file__).resolve().parent.parent / "book" / "data"


def problems(folder: Path) -> list[str]:
    return [str(p) for p in validate_models(folder)]


def line_of(path: Path, text: str, occurrence: int = 1) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [i for i, line in enumerate(lines, 1) if line.lstrip(" -").startswith(text)][
        occurrence - 1
    ]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return make_data_dir(tmp_path / "data")


@pytest.fixture
def book_copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(BOOK_DATA, data)
    return data


def test_the_tiny_model_follows_its_rule(folder):
    assert problems(folder) == []


def test_a_weight_changed_alone_breaks_the_rule(folder):
    model = tiny_model()
    model["factors"][0]["weight"] = WITH_STRENGTH  # no strength: its weight is 1
    path = write_model(folder, model)
    assert problems(folder) == [
        f"readiness/tiny.yaml:{line_of(path, 'weight:', 1)}:weight: 3 does not follow"
        " weights.rule: a factor without words of strength has weight 1"
        " (weights.without_strength); if a finding it cites describes it as strong, quote"
        " those words under 'strength'"
    ]


def test_a_factor_with_words_of_strength_has_the_rule_s_weight(folder):
    model = tiny_model()
    model["factors"][1]["weight"] = 2
    path = write_model(folder, model)
    assert problems(folder) == [
        f"readiness/tiny.yaml:{line_of(path, 'weight:', 2)}:weight: 2 does not follow"
        " weights.rule: a factor with words of strength ('very strong') has weight 3"
        " (weights.with_strength); to give it another weight, change the rule for every factor"
    ]


def test_the_rule_in_words_names_both_weights(folder):
    model = tiny_model()
    model["weights"]["rule"] = "The book's own assumption: strong factors count three times."
    path = write_model(folder, model)
    line = line_of(path, "rule:")
    assert problems(folder) == [
        f"readiness/tiny.yaml:{line}:weights.rule: the rule does not say which factors get"
        f" weight {n} (weights.{key}): write it in words, as 'weight {n} where ...'"
        for n, key in ((1, "without_strength"), (3, "with_strength"))
    ]


def test_a_weight_the_schema_refuses_is_reported_once(folder):
    model = tiny_model()
    model["factors"][1]["weight"] = 0
    path = write_model(folder, model)
    line = line_of(path, "weight:", 2)
    assert problems(folder) == [f"readiness/tiny.yaml:{line}:weight: 0 is less than the minimum 1"]


def test_the_rule_s_weights_are_required_by_the_schema(folder):
    model = tiny_model()
    del model["weights"]["with_strength"]
    path = write_model(folder, model)
    line = line_of(path, "weights:")
    assert problems(folder) == [
        f"readiness/tiny.yaml:{line}:with_strength: a value is required (the field is missing)"
    ]


# --- The book's models -----------------------------------------------------------------------


def test_every_book_model_states_its_rule_with_both_weights_and_follows_it():
    for name in model_names(BOOK_DATA):
        model = load_model(name, BOOK_DATA)
        assert "book's own assumption" in model.weights_rule
        assert "judgement" in model.weights_rule  # where the book's judgement applies
        # both weights of the rule are in use (whatever values the rule gives them)
        stated = yaml.safe_load((BOOK_DATA / "readiness" / f"{name}.yaml").read_text("utf-8"))
        weights = stated["weights"]
        assert {f.weight for f in model.factors} == {
            weights["with_strength"],
            weights["without_strength"],
        }
    assert validate_models(BOOK_DATA) == []


def test_a_book_weight_raised_alone_is_caught(book_copy):
    path = book_copy / "readiness" / "eprocurement.yaml"
    text = path.read_text(encoding="utf-8")
    budget = text.index("  - id: budget_constraints")
    weight = text.index("    weight: 1\n", budget)
    path.write_text(text[:weight] + "    weight: 2\n" + text[weight + 14 :], encoding="utf-8")
    line = text[:weight].count("\n") + 1
    assert problems(book_copy) == [
        f"readiness/eprocurement.yaml:{line}:weight: 2 does not follow weights.rule: a factor"
        " without words of strength has weight 1 (weights.without_strength); if a finding it"
        " cites describes it as strong, quote those words under 'strength'"
    ]


def test_words_of_strength_must_be_quoted_from_a_cited_finding(book_copy):
    path = book_copy / "readiness" / "telework.yaml"
    text = path.read_text(encoding="utf-8")
    assert "    strength: major obstacle\n" in text
    path.write_text(text.replace("strength: major obstacle", "strength: huge obstacle"))
    line = line_of(path, "strength: huge obstacle")
    assert problems(book_copy) == [
        f"readiness/telework.yaml:{line}:strength: 'huge obstacle' is not in the statement of"
        " finding F013 in findings.csv: quote the words of strength as a finding the factor"
        " cites writes them"
    ]


def test_a_quote_matches_whole_words_whatever_the_case_and_quotes():
    findings = {"F001": {"statement": "It is \u201ckey\u201d to the  Upscaling."}}

    def check(words: str) -> list[str]:
        model = {
            "weights": {"rule": "weight 2 where ...; weight 1 where ...",
                        "with_strength": 2, "without_strength": 1},
            "factors": [{"weight": 2, "strength": words, "findings": ["F001"]}],
        }  # fmt: skip
        return [str(p) for p in weight_rule_problems(model, findings, "m.yaml", lambda _: 7)]

    assert check('"Key" to the upscaling') == []
    assert check("ke") != []  # a part of a word is not a quote
