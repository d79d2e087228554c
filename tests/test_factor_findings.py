"""Each readiness factor's effect agrees with the findings it cites (issue 12, item 5).

The check is :func:`lipse_widgets.data.agreement.factor_findings_problems`, run by
``python -m lipse_widgets validate``. These tests check every factor-finding pair of
the book's models, then break models and findings on purpose and read the messages.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lipse_widgets.cli import main
from lipse_widgets.data import load_table
from lipse_widgets.data.agreement import factor_findings_problems
from lipse_widgets.data.models import findings_by_id, load_model, model_names, validate_models

BOOK_DATA = Path(__file__).resolve().parent.parent / "book" / "data"


def _pairs() -> list[tuple[str, str, str, str]]:
    """Every (model, factor, factor effect, finding) of the book's models."""
    pairs = []
    for name in model_names(BOOK_DATA):
        for factor in load_model(name, BOOK_DATA).factors:
            for finding in factor.findings:
                pairs.append((name, factor.id, factor.effect, finding))
    return pairs


PAIRS = _pairs()


@pytest.fixture(scope="module")
def findings():
    return load_table("findings").set_index("id")


@pytest.mark.parametrize(
    ("model", "factor", "effect", "finding"), PAIRS, ids=[f"{m}-{f}-{x}" for m, f, _, x in PAIRS]
)
def test_every_cited_finding_agrees_with_its_factor(findings, model, factor, effect, finding):
    row = findings.loc[finding]
    assert row["effect"] in (effect, "recommendation"), (model, factor, finding, row["effect"])
    assert row["kind_of_work"] == "LIPSE", (model, factor, finding)


def test_every_factor_rests_on_a_finding_with_its_own_direction(findings):
    for name in model_names(BOOK_DATA):
        for factor in load_model(name, BOOK_DATA).factors:
            effects = {findings.loc[f, "effect"] for f in factor.findings}
            assert factor.effect in effects, (name, factor.id, effects)


def test_the_pairs_cover_every_factor_of_both_models():
    factors = {(m, f) for m, f, _, _ in PAIRS}
    expected = {
        (name, factor.id)
        for name in model_names(BOOK_DATA)
        for factor in load_model(name, BOOK_DATA).factors
    }
    assert factors == expected and len(expected) >= 10


# --- The pure function, on small inputs ------------------------------------------------

FINDINGS = {
    "F001": {"effect": "driver", "kind_of_work": "LIPSE"},
    "F002": {"effect": "barrier", "kind_of_work": "LIPSE"},
    "F003": {"effect": "mixed", "kind_of_work": "LIPSE"},
    "F004": {"effect": "direction not stated", "kind_of_work": "LIPSE"},
    "F005": {"effect": "recommendation", "kind_of_work": "LIPSE"},
    "F006": {"effect": "driver", "kind_of_work": "related"},
}


def _model(*factors: tuple[str, list[str]]) -> dict:
    return {
        "factors": [
            {"id": f"f{i}", "effect": e, "findings": ids} for i, (e, ids) in enumerate(factors)
        ]
    }


def _lines(model: dict) -> list[str]:
    return [str(p) for p in factor_findings_problems(model, FINDINGS, "readiness/x.yaml")]


def test_agreeing_factors_give_no_problem():
    model = _model(
        ("driver", ["F001"]), ("barrier", ["F002", "F005"]), ("driver", ["F005", "F001"])
    )
    assert _lines(model) == []


@pytest.mark.parametrize(
    ("effect", "finding", "coded"),
    [
        ("driver", "F002", "barrier"),
        ("barrier", "F001", "driver"),
        ("driver", "F003", "mixed"),
        ("barrier", "F004", "direction not stated"),
    ],
)
def test_a_finding_that_says_something_else_is_named(effect, finding, coded):
    assert _lines(_model((effect, [finding]))) == [
        f"readiness/x.yaml:1:effect: the factor is a {effect}, but finding {finding} is coded "
        f"'{coded}' in findings.csv; a factor may cite only findings that say it is a {effect}, "
        "and recommendations beside them"
    ]


def test_a_recommendation_alone_does_not_give_a_direction():
    assert _lines(_model(("driver", ["F005"]))) == [
        "readiness/x.yaml:1:effect: the factor is a driver, but its findings (F005) are only "
        "recommendations in findings.csv; cite at least one finding coded 'driver'"
    ]


def test_related_research_cannot_back_a_calculator_factor():
    assert _lines(_model(("driver", ["F001", "F006"]))) == [
        "readiness/x.yaml:1:findings: finding F006 is 'related' work in findings.csv, not LIPSE's; "
        "the calculators cite LIPSE findings only"
    ]


def test_rows_count_factors_from_one_and_unknown_or_malformed_parts_are_left_alone():
    model = _model(
        ("driver", ["F001"]), ("driver", ["F999"]), ("sideways", ["F002"]), ("barrier", ["F001"])
    )
    model["factors"].append("not a factor")
    assert [line.split(": ")[0] for line in _lines(model)] == ["readiness/x.yaml:4:effect"]
    assert factor_findings_problems(model, None, "x") == []
    assert factor_findings_problems(["not", "a", "model"], FINDINGS, "x") == []


# --- Breaking the book's own models and findings ---------------------------------------


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _effect_line(path: Path, factor_id: str) -> int:
    """The line of a factor's ``effect:`` in a model file (problems name that line)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"  - id: {factor_id}")
    return next(n for n in range(start, len(lines)) if lines[n].strip().startswith("effect:")) + 1


def test_a_model_broken_on_purpose_is_reported_by_validate(workdir, capsys):
    # The budget question asks how strong a barrier is; call it a driver.
    path = workdir / "readiness" / "eprocurement.yaml"
    _edit(
        path,
        "    effect: barrier\n    weight: 1\n    findings: [F003]",
        "    effect: driver\n    weight: 1\n    findings: [F003]",
    )
    line = _effect_line(path, "budget_constraints")
    assert main(["validate", str(workdir)]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        f"readiness/eprocurement.yaml:{line}:effect: the factor is a driver, but finding F003 "
        "is coded 'barrier' in findings.csv; a factor may cite only findings that say it is "
        "a driver, and recommendations beside them"
    ]
    assert "1 problem(s)" in captured.err


def test_recoding_a_cited_finding_breaks_the_model_that_cites_it(workdir):
    # F004 (political factors, direction not stated) was once cited as a driver.
    path = workdir / "readiness" / "eprocurement.yaml"
    _edit(path, "findings: [F001]", "findings: [F001, F004]")
    line = _effect_line(path, "legal_obligation")
    assert [str(p) for p in validate_models(workdir)] == [
        f"readiness/eprocurement.yaml:{line}:effect: the factor is a driver, but finding F004 "
        "is coded 'direction not stated' in findings.csv; a factor may cite only findings "
        "that say it is a driver, and recommendations beside them"
    ]
    findings = workdir / "findings.csv"
    _edit(
        findings,
        "F013,innovation outcomes,WP5,telework,inner,process-focused bureaucratic culture,barrier,",
        "F013,innovation outcomes,WP5,telework,inner,process-focused bureaucratic culture,mixed,",
    )
    line = _effect_line(workdir / "readiness" / "telework.yaml", "process_culture")
    expected = f"readiness/telework.yaml:{line}:effect: the factor is a barrier, but finding F013"
    assert expected + " is coded 'mixed'" in "\n".join(str(p) for p in validate_models(workdir))


def test_the_check_reads_the_findings_columns_it_needs(workdir):
    rows = findings_by_id(workdir)
    assert rows["F004"]["effect"] == "direction not stated"
    assert rows["F001"]["kind_of_work"] == "LIPSE"
    model = {"factors": [{"id": "x", "effect": "driver", "findings": ["F001"]}]}
    # a findings.csv without the columns the check reads is reported by the table check,
    # not as a disagreement for every factor
    (workdir / "findings.csv").write_text("id,effect\nF001,barrier\n", encoding="utf-8")
    assert factor_findings_problems(model, findings_by_id(workdir), "m.yaml") == []
    (workdir / "findings.csv").unlink()
    assert findings_by_id(workdir) is None
    assert factor_findings_problems(model, None, "m.yaml") == []


# --- The coding scheme itself is enforced by the schema -------------------------------


def test_the_schema_declares_the_evidence_scheme():
    from lipse_widgets.views.findings import schema_orders

    orders = schema_orders()
    assert orders["effect"] == [
        "driver",
        "barrier",
        "mixed",
        "direction not stated",
        "recommendation",
    ]
    assert orders["kind_of_work"] == ["LIPSE", "related"]
    assert orders["text_seen"] == ["full text", "abstract or excerpt only"]
    assert "journal article" in orders["source_type"] and len(orders["source_type"]) == 5
    assert "not stated" in orders["work_package"]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("kind_of_work", "project", "'project' is not one of LIPSE, related"),
        ("text_seen", "", "a value is required (the cell is empty)"),
        ("effect", "depends", "'depends' is not one of driver, barrier, mixed, direction not"),
        ("source_type", "peer-reviewed article", "'peer-reviewed article' is not one of project"),
    ],
)
def test_a_finding_outside_the_scheme_is_refused(workdir, column, value, message):
    import csv
    import io

    from lipse_widgets.data import validate_data_dir

    path = workdir / "findings.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rows[2][column] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    lines = [str(p) for p in validate_data_dir(workdir) if p.file == "findings.csv"]
    # rows[2] is the third data row: row 4 as a spreadsheet numbers it (the header is row 1)
    assert len(lines) == 1 and lines[0].startswith(f"findings.csv:4:{column}: {message}"), lines


def test_a_finding_with_an_effect_outside_the_schema_is_reported_once(workdir):
    # A misspelt effect is the table check's to report; the models do not repeat it.
    from lipse_widgets.data import validate_data_dir

    _edit(
        workdir / "findings.csv",
        "F001,innovation outcomes,WP5,e-procurement,outer,legal obligations,driver,",
        "F001,innovation outcomes,WP5,e-procurement,outer,legal obligations,drivr,",
    )
    lines = [str(p) for p in validate_data_dir(workdir)]
    assert len(lines) == 1 and lines[0].startswith("findings.csv:2:effect: 'drivr'"), lines
