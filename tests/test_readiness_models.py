"""The readiness model files: checked against their schema, with messages to act on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from lipse_widgets.cli import main
from lipse_widgets.data.models import (
    answers_schema,
    check_model,
    load_model,
    model_names,
    validate_models,
)
from lipse_widgets.data.problems import DataValidationError
from lipse_widgets.data.validate import validate_data_dir

BOOK_DATA = Path(__file__).resolve().parent.parent / "book" / "data"
FINDINGS_WP5 = {f"F{i:03d}" for i in range(1, 22)}


def test_the_book_has_two_valid_models():
    assert model_names(BOOK_DATA) == ["eprocurement", "telework"]
    assert validate_models(BOOK_DATA) == []


@pytest.mark.parametrize("name", ["eprocurement", "telework"])
def test_model_content_follows_the_brief(name):
    model = load_model(name, BOOK_DATA)
    factors = model["factors"]
    assert 5 <= len(factors) <= 8
    assert model["weights"]["basis"] == "book"
    assert "book's own assumption" in model["weights"]["rule"]
    text = (BOOK_DATA / "readiness" / f"{name}.yaml").read_text(encoding="utf-8")
    assert "THE WEIGHTS ARE THE BOOK'S OWN ASSUMPTION" in text  # said in a comment too
    for factor in factors:
        # WP5 findings only; a book-basis action is labelled as such
        assert set(factor["findings"]) <= FINDINGS_WP5, factor["id"]
        assert factor["action_basis"] in {"source", "book"}
        assert factor["weight"] >= 1
    assert {f["effect"] for f in factors} == {"driver", "barrier"}


def _copy(workdir: Path, name: str) -> Path:
    return workdir / "readiness" / f"{name}.yaml"


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _problems(workdir: Path) -> list[str]:
    return [str(p) for p in validate_models(workdir)]


def test_negative_weight_names_factor_and_field(workdir):
    path = _copy(workdir, "telework")
    _edit(path, "    weight: 2\n    findings: [F011]", "    weight: -1\n    findings: [F011]")
    assert _problems(workdir) == ["readiness/telework.yaml:3:weight: -1 is less than the minimum 1"]


def test_fractional_weight_is_refused(workdir):
    path = _copy(workdir, "telework")
    _edit(path, "    weight: 2\n    findings: [F011]", "    weight: 1.5\n    findings: [F011]")
    assert _problems(workdir) == ["readiness/telework.yaml:3:weight: 1.5 is not a whole number"]


def test_yaml_syntax_error_gives_its_line(workdir):
    path = _copy(workdir, "eprocurement")
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("title:"))
    _edit(path, "title: E-procurement readiness\n", "title: E-procurement readiness\n  oops: [\n")
    problems = _problems(workdir)
    assert len(problems) == 1
    assert problems[0].startswith("readiness/eprocurement.yaml:0:*: not valid YAML at line ")
    assert f"line {number + 1}," in problems[0]


def test_unknown_and_wrong_innovation_findings(workdir):
    path = _copy(workdir, "telework")
    _edit(path, "findings: [F011]", "findings: [F011, F099, F005]")
    assert _problems(workdir) == [
        "readiness/telework.yaml:3:findings: unknown finding id 'F099': not in findings.csv",
        "readiness/telework.yaml:3:findings: finding F005 is about e-procurement, not telework",
    ]


def test_broken_findings_file_does_not_cascade_into_the_models(workdir):
    """A missing findings.csv is reported once (by the table check), not once per cited id."""
    (workdir / "findings.csv").unlink()
    assert _problems(workdir) == []
    lines = [str(p) for p in validate_data_dir(workdir)]
    assert lines and all(line.startswith("findings.csv:") for line in lines)


def test_duplicate_factor_id(workdir):
    path = _copy(workdir, "telework")
    _edit(path, "  - id: training\n", "  - id: pilot_projects\n")
    assert _problems(workdir) == [
        "readiness/telework.yaml:8:id: 'pilot_projects' is used twice (first by factor 7); "
        "ids must be unique"
    ]


def test_missing_and_unknown_fields(workdir):
    path = _copy(workdir, "eprocurement")
    _edit(path, "    action_basis: book\n", "    colour: red\n")  # factor 1
    assert _problems(workdir) == [
        "readiness/eprocurement.yaml:1:action_basis: a value is required (the field is missing)",
        "readiness/eprocurement.yaml:1:colour: unknown field; the fields are: id, label, question, "
        "min_label, max_label, effect, weight, findings, note, action, action_basis",
    ]


def test_yes_no_read_as_boolean_is_explained(workdir):
    path = _copy(workdir, "telework")
    _edit(path, "label: Staff needs", "label: no")
    assert _problems(workdir) == [
        "readiness/telework.yaml:1:label: False is not text (YAML reads yes/no/on/off as "
        "true/false: put the text in quotes)"
    ]


def test_key_written_twice_is_an_error_not_an_overwrite(workdir):
    path = _copy(workdir, "telework")
    _edit(
        path,
        "    weight: 1\n    findings: [F009]",
        "    weight: 1\n    weight: 3\n    findings: [F009]",
    )
    problems = _problems(workdir)
    assert len(problems) == 1
    assert "the field 'weight' is written twice" in problems[0]
    assert problems[0].startswith("readiness/telework.yaml:0:*: not valid YAML at line ")


def test_whole_model_problems_use_row_zero(workdir):
    path = _copy(workdir, "telework")
    _edit(path, "id: telework\n", "id: remote\n")
    _edit(path, "  basis: book\n", "  basis: lipse\n")
    assert _problems(workdir) == [
        "readiness/telework.yaml:0:id: 'remote' must match the file name 'telework'",
        "readiness/telework.yaml:0:weights.basis: 'lipse' must be 'book'",
    ]


def test_too_few_factors(workdir):
    path = _copy(workdir, "telework")
    text = path.read_text(encoding="utf-8")
    head, _, _ = text.partition("  - id: employee_initiative")
    path.write_text(head, encoding="utf-8")
    assert _problems(workdir) == [
        "readiness/telework.yaml:0:factors: has 3 factors; a model needs 5 to 8"
    ]


def test_empty_and_non_utf8_files(workdir):
    _copy(workdir, "telework").write_text("  \n", encoding="utf-8")
    _copy(workdir, "eprocurement").write_bytes(b"id: eprocurement\ntitle: caf\xe9\n")
    assert _problems(workdir) == [
        "readiness/eprocurement.yaml:0:*: not valid UTF-8 (byte 0xe9 on line 2); save it as UTF-8",
        "readiness/telework.yaml:0:*: the file is empty",
    ]


def test_validate_command_checks_the_models(workdir, capsys):
    _edit(
        _copy(workdir, "telework"),
        "    weight: 2\n    findings: [F011]",
        "    weight: 0\n    findings: [F011]",
    )
    assert main(["validate", str(workdir)]) == 1
    out = capsys.readouterr().out
    assert "readiness/telework.yaml:3:weight: 0 is less than the minimum 1" in out.splitlines()
    assert any(
        str(p) == "readiness/telework.yaml:3:weight: 0 is less than the minimum 1"
        for p in validate_data_dir(workdir)
    )


def test_load_model_refuses_unknown_and_broken_models(workdir):
    with pytest.raises(DataValidationError) as err:
        load_model("nonsense", workdir)
    assert str(err.value) == (
        "readiness/nonsense.yaml:0:*: no readiness model called 'nonsense' "
        "(there are: eprocurement, telework)"
    )
    _edit(_copy(workdir, "telework"), "effect: barrier", "effect: obstacle")
    with pytest.raises(DataValidationError) as err:
        load_model("telework", workdir)
    assert (
        str(err.value)
        == "readiness/telework.yaml:6:effect: 'obstacle' is not one of driver, barrier"
    )


def test_schema_file_is_valid_json_schema():
    from jsonschema import Draft202012Validator

    schema = json.loads((BOOK_DATA / "readiness" / "readiness-model.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    model, problems = check_model(BOOK_DATA / "readiness" / "telework.yaml", BOOK_DATA)
    assert problems == [] and model == yaml.safe_load(
        (BOOK_DATA / "readiness" / "telework.yaml").read_text(encoding="utf-8")
    )


def test_example_answers_schema_is_generated_from_the_model():
    descriptor = json.loads((BOOK_DATA / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(
        r for r in descriptor["resources"] if r["name"] == "made-up-workshop-eprocurement-answers"
    )
    assert resource["schema"] == answers_schema(load_model("eprocurement", BOOK_DATA))
    assert "MADE-UP" in resource["title"] and "MADE-UP" in resource["description"]
    assert "made_up" in resource["path"]
    assert resource["licenses"][0]["name"] == "CC-BY-4.0"
