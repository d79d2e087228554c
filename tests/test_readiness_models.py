"""The readiness model files: checked against their schema, with messages to act on.

Most tests write a small model of their own (``tests/tiny_models.py``) into a folder with
a small findings table, so that they do not depend on the book's weights or findings:
a contributor who changes a weight, or adds a factor, breaks none of them.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from tiny_models import make_data_dir, tiny_model, write_model

from lipse_widgets.cli import main
from lipse_widgets.data.folder import validate_data_dir
from lipse_widgets.data.models import (
    MAX_BYTES,
    check_model,
    findings_by_id,
    load_model,
    model_names,
    read_schema,
    validate_models,
)
from lipse_widgets.data.problems import DataValidationError

BOOK_DATA = Path(__file__).resolve().parent.parent / "book" / "data"
SCHEMA = BOOK_DATA / "readiness" / "readiness-model.schema.json"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A data folder with the book's model schema, five findings and the tiny model."""
    return make_data_dir(tmp_path / "data")


def write(folder: Path, model: dict | str, name: str = "tiny") -> Path:
    return write_model(folder, model, name)


def problems(folder: Path) -> list[str]:
    return [str(p) for p in validate_models(folder)]


def line_of(path: Path, text: str, occurrence: int = 1) -> int:
    """The line number of the ``occurrence``-th line of ``path`` that contains ``text``."""
    lines = path.read_text().splitlines()
    found = [i for i, line in enumerate(lines, 1) if line.lstrip(" -").startswith(text)]
    return found[occurrence - 1]


# --- The book's models --------------------------------------------------------------------


def test_the_books_models_are_valid_and_state_the_weights_are_an_assumption():
    assert model_names(BOOK_DATA) == ["eprocurement", "telework"]
    assert validate_models(BOOK_DATA) == []
    for name in model_names(BOOK_DATA):
        model = load_model(name, BOOK_DATA)
        assert "book's own assumption" in model.weights_rule
        text = (BOOK_DATA / "readiness" / f"{name}.yaml").read_text(encoding="utf-8")
        assert "THE WEIGHTS ARE THE BOOK'S OWN ASSUMPTION" in text  # said in a comment too
        assert {f.effect for f in model.factors} == {"driver", "barrier"}


def test_schema_file_is_valid_json_schema():
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(json.loads(SCHEMA.read_text(encoding="utf-8")))


# --- A good model, and what is built from it ----------------------------------------------


def test_a_valid_model_loads_as_a_frozen_model(folder):
    assert problems(folder) == []
    model = load_model("tiny", folder)
    assert model.factor_ids == tuple(f"factor_{i}" for i in range(5))
    assert [f.weight for f in model.factors] == [1, 3, 1, 3, 1]
    assert model.total_weight == 9 and model.span == 4
    assert model.factors[2].is_barrier
    assert model.answer_guide(model.factors[2]).endswith(
        "A barrier: a high answer lowers the score."
    )
    with pytest.raises(AttributeError):
        model.factors[0].weight = 9  # type: ignore[misc]


def test_findings_columns_can_be_read_by_id(folder):
    findings = findings_by_id(folder)
    assert findings["F905"] == {"id": "F905", "innovation": "e-procurement", "effect": "barrier"}


# --- Weights --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weight", "message"),
    [
        (0, "0 is less than the minimum 1"),
        (-1, "-1 is less than the minimum 1"),
        (11, "11 is more than the maximum 10"),
        (10**30, f"{10**30} is more than the maximum 10"),
        (1.5, "1.5 is not a whole number"),
        (2.0, "2.0 is not a whole number"),  # JSON Schema alone would accept 2.0
        ("2", "'2' is not a whole number"),
        (True, "True is not a whole number"),
    ],
)
def test_weights_are_whole_numbers_from_1_to_10(folder, weight, message):
    model = tiny_model()
    model["factors"][3]["weight"] = weight
    path = write(folder, model)
    line = line_of(path, "weight:", 4)
    assert problems(folder) == [f"readiness/tiny.yaml:{line}:weight: {message}"]


def test_the_largest_weights_score_exactly(folder):
    from lipse_widgets.logic.readiness import score

    model = tiny_model(8)
    rule = "The book's own assumption, for the tests: weight 10 for every factor."
    model["weights"].update(rule=rule, with_strength=10, without_strength=10)
    for factor in model["factors"]:
        factor["weight"] = 10
    write(folder, model)
    loaded = load_model("tiny", folder)
    answers = {f.id: (1 if f.is_barrier else 5) for f in loaded.factors}
    assert int(score(loaded, answers).rounded[0]) == 100


# --- Files that try to get a wrong number onto the site -------------------------------------


def test_an_alias_bomb_is_refused_quickly_naming_the_file(folder):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 30)]
    write(folder, "\n".join(lines) + "\n")
    start = time.perf_counter()
    found = problems(folder)
    assert time.perf_counter() - start < 2
    assert found == [
        "readiness/tiny.yaml:2:*: not valid YAML (column 10): the alias *a0 is not allowed in a"
        " model file; write the value out in full"
    ]


def test_a_huge_file_is_refused_unread(folder):
    write(folder, "# padding\n" * (MAX_BYTES // 10 + 1))
    [found] = problems(folder)
    assert found.startswith("readiness/tiny.yaml:0:*: is ")
    assert found.endswith(f"bytes long; a file of this kind has at most {MAX_BYTES:,}")


def test_deep_nesting_gives_a_problem_not_a_crash(folder):
    write(folder, "id: " + "[" * 5000 + "]" * 5000 + "\n")
    [found] = problems(folder)
    assert found.startswith("readiness/tiny.yaml:")
    assert "YAML" in found


def test_python_tags_are_refused(folder):
    write(folder, "id: !!python/object/apply:os.system ['echo hacked']\n")
    [found] = problems(folder)
    assert found.startswith("readiness/tiny.yaml:1:*: not valid YAML")


@pytest.mark.parametrize("blank", ["", "   ", "\t"])
def test_a_blank_looking_text_counts_as_empty(folder, blank):
    model = tiny_model()
    model["factors"][1]["label"] = blank
    path = write(folder, model)
    line = line_of(path, "label:", 2)
    assert problems(folder) == [
        f"readiness/tiny.yaml:{line}:label: the field is empty: write a value"
    ]


def test_a_key_written_twice_is_an_error_not_an_overwrite(folder):
    path = write(folder, tiny_model())
    text = path.read_text().replace("  weight: 3\n", "  weight: 3\n  weight: 9\n", 1)
    path.write_text(text)
    [found] = problems(folder)
    line = line_of(path, "weight: 9")
    assert found.startswith(f"readiness/tiny.yaml:{line}:*: not valid YAML")
    assert "the field 'weight' is written twice" in found


def test_the_same_label_twice_would_make_the_scored_file_ambiguous(folder):
    model = tiny_model()
    model["factors"][3]["label"] = "Factor 1"
    path = write(folder, model)
    line = line_of(path, "label: Factor 1", 2)
    assert problems(folder) == [
        f"readiness/tiny.yaml:{line}:label: 'Factor 1' is used twice (first by factor 2)"
    ]


def test_duplicate_factor_id(folder):
    model = tiny_model()
    model["factors"][4]["id"] = "factor_0"
    path = write(folder, model)
    line = line_of(path, "id: factor_0", 2)
    assert problems(folder) == [
        f"readiness/tiny.yaml:{line}:id: 'factor_0' is used twice (first by factor 1);"
        " ids must be unique"
    ]


def test_unknown_and_wrong_innovation_findings(folder):
    model = tiny_model()
    model["factors"][0]["findings"] = ["F901", "F999", "F905"]
    path = write(folder, model)
    line = line_of(path, "findings:")
    assert problems(folder) == [
        f"readiness/tiny.yaml:{line}:findings: finding F905 is about e-procurement, not telework",
        f"readiness/tiny.yaml:{line}:findings: unknown finding id 'F999': not in findings.csv",
    ]


def test_a_broken_findings_file_does_not_cascade_into_the_models(folder):
    (folder / "findings.csv").unlink()
    assert problems(folder) == []


def test_missing_and_unknown_fields(folder):
    model = tiny_model()
    del model["factors"][0]["action_basis"]
    model["factors"][0]["colour"] = "red"
    path = write(folder, model)
    assert problems(folder) == [
        f"readiness/tiny.yaml:{line_of(path, 'id: factor_0')}:action_basis: a value is"
        " required (the field is missing)",
        f"readiness/tiny.yaml:{line_of(path, 'colour:')}:colour: unknown field; the fields are:"
        " id, label, question, min_label, max_label, effect, weight, strength, findings, note,"
        " action, action_basis",
    ]


def test_yes_no_read_as_boolean_is_explained(folder):
    path = write(folder, tiny_model())
    path.write_text(path.read_text().replace("label: Factor 0", "label: no"))
    assert problems(folder) == [
        f"readiness/tiny.yaml:{line_of(path, 'label: no')}:label: False is not text (YAML reads"
        " yes/no/on/off as true/false: put the text in quotes)"
    ]


def test_whole_model_fields_name_their_line(folder):
    model = tiny_model()
    model["id"] = "remote"
    model["weights"]["basis"] = "lipse"
    path = write(folder, model)
    assert problems(folder) == [
        f"readiness/tiny.yaml:{line_of(path, 'id: remote')}:id: 'remote' must match the file"
        " name 'tiny'",
        f"readiness/tiny.yaml:{line_of(path, 'basis: lipse')}:weights.basis: 'lipse' must be"
        " 'book'",
    ]


@pytest.mark.parametrize("end", ["minItems", "maxItems"])
def test_the_number_of_factors_is_the_schemas(folder, end):
    limits = read_schema(folder / "readiness")["properties"]["factors"]
    count = limits[end] - 1 if end == "minItems" else limits[end] + 1
    path = write(folder, tiny_model(count))
    assert problems(folder) == [
        f"readiness/tiny.yaml:{line_of(path, 'factors:')}:factors: has {count} factors; a model"
        f" needs {limits['minItems']} to {limits['maxItems']}"
    ]


def test_empty_and_non_utf8_files(folder):
    write(folder, "  \n")
    (folder / "readiness" / "other.yaml").write_bytes(b"id: other\ntitle: caf\xe9\n")
    assert problems(folder) == [
        "readiness/other.yaml:2:*: not valid UTF-8 (byte 0xe9); save the file with the UTF-8"
        " encoding",
        "readiness/tiny.yaml:0:*: the file is empty",
    ]


def test_validate_command_checks_the_models(folder, capsys):
    model = tiny_model()
    model["factors"][1]["weight"] = 0
    path = write(folder, model)
    line = line_of(path, "weight:", 2)
    assert main(["validate", str(folder)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"readiness/tiny.yaml:{line}:weight: 0 is less than the minimum 1" in out
    assert f"readiness/tiny.yaml:{line}:weight: 0 is less than the minimum 1" in [
        str(p) for p in validate_data_dir(folder)
    ]


def test_load_model_refuses_unknown_and_broken_models(folder):
    with pytest.raises(DataValidationError) as err:
        load_model("nonsense", folder)
    assert str(err.value) == (
        "readiness/nonsense.yaml:0:*: no readiness model called 'nonsense' (there are: tiny)"
    )
    path = write(folder, tiny_model())
    path.write_text(path.read_text().replace("effect: barrier", "effect: obstacle"))
    with pytest.raises(DataValidationError) as err:
        load_model("tiny", folder)
    line = line_of(path, "effect: obstacle")
    assert (
        str(err.value)
        == f"readiness/tiny.yaml:{line}:effect: 'obstacle' is not one of driver, barrier"
    )


def test_check_model_returns_the_model_only_when_valid(folder):
    model, found = check_model(folder / "readiness" / "tiny.yaml", folder)
    assert found == [] and model.id == "tiny"
