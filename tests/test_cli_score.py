"""`python -m lipse_widgets template` and `score`: the happy path and every kind of bad input."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from lipse_widgets.cli import main
from lipse_widgets.data.models import load_model
from lipse_widgets.logic import readiness as r

BAD = Path(__file__).resolve().parent / "bad_answers"
EXAMPLE = (
    Path(__file__).resolve().parent.parent
    / "book"
    / "data"
    / "made_up_workshop_eprocurement_answers.csv"
)


@pytest.fixture
def here(tmp_path, monkeypatch) -> Path:
    """Run in an empty folder, so that file names in messages are as typed."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("name", ["eprocurement", "telework"])
def test_template_prints_header_and_one_labelled_example(name, capsys):
    code, out, err = _run(["template", name], capsys)
    model = r.model_from_dict(load_model(name))
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0
    assert rows[0] == ["respondent_id", *model.factor_ids]
    assert len(rows) == 2 and rows[1][0] == "example-1"
    assert all(1 <= int(v) <= 5 for v in rows[1][1:])
    assert model.factors[0].question in err  # the questions go to standard error


def test_template_output_scores_cleanly(here, capsys):
    _, out, _ = _run(["template", "telework"], capsys)
    (here / "answers.csv").write_text(out, encoding="utf-8")
    code, out, _ = _run(["score", "telework", "answers.csv"], capsys)
    assert code == 0
    assert (here / "answers_scored.csv").is_file()


def test_score_happy_path(here, capsys):
    shutil.copy(EXAMPLE, here / "group.csv")
    code, out, err = _run(["score", "eprocurement", "group.csv", "-o", "scored.csv"], capsys)
    assert code == 0, out + err
    model = r.model_from_dict(load_model("eprocurement"))
    answers = pd.read_csv(here / "group.csv")
    scored = pd.read_csv(here / "scored.csv", keep_default_na=False)
    assert list(scored.columns) == ["respondent_id", *model.factor_ids, "score", "weakest"]
    assert len(scored) == len(answers) == 24
    for row in scored.itertuples(index=False):
        result = r.score(model, {f: getattr(row, f) for f in model.factor_ids})
        assert row.score == result.rounded
        assert row.weakest == "; ".join(c.factor.id for c in result.weakest)
    scores = scored["score"]
    lines = out.splitlines()
    assert lines[0] == "Scored 24 respondent(s) with the E-procurement readiness model: scored.csv"
    assert lines[1] == (
        f"Score (0 to 100): mean {scores.mean():.1f}, median {scores.median():.1f}, "
        f"min {scores.min()}, max {scores.max()}"
    )
    counts = scored["weakest"].str.split("; ").explode().value_counts()
    top = counts.index[0]
    top_label = model.factor(top).label
    assert lines[2].startswith(
        f"Most common weak factors (respondents): {top_label} ({counts.iloc[0]})"
    )
    assert "book's own assumption" in lines[3]
    assert sorted(p.name for p in here.iterdir()) == ["group.csv", "scored.csv"]  # no temp left


BAD_CASES = {
    "missing_column.csv": [
        "missing_column.csv:0:change_management: column is missing from the header",
    ],
    "non_numeric.csv": ["non_numeric.csv:2:peer_adoption: 'two' is not a whole number"],
    "not_whole.csv": ["not_whole.csv:1:risk_averse_culture: '2.5' is not a whole number"],
    "out_of_range.csv": [
        "out_of_range.csv:3:legal_obligation: '6' is more than the allowed maximum 5",
        "out_of_range.csv:3:training_consulting: '0' is less than the allowed minimum 1",
    ],
    "empty.csv": [
        "empty.csv:0:*: the file is empty; expected a header row: respondent_id,legal_obligation,"
        "peer_adoption,budget_constraints,committed_leadership,"
        "training_consulting,change_management,risk_averse_culture",
    ],
    "header_only.csv": ["header_only.csv:0:*: the file has a header but no data rows"],
    "wrong_encoding.csv": [
        "wrong_encoding.csv:1:respondent_id: not valid UTF-8 (byte 0xe9 in 'Jos\\xe9'); "
        "save the file with the UTF-8 encoding",
    ],
    "ragged_row.csv": [
        "ragged_row.csv:2:risk_averse_culture: row has 7 cells but the header has 8 (check for a "
        "missing or extra comma, or a value with a comma that is not wrapped in double quotes)",
    ],
    "duplicate_or_missing_id.csv": [
        "duplicate_or_missing_id.csv:2:respondent_id: 'p1' is a duplicate of row 1: values in "
        "this column must be unique",
        "duplicate_or_missing_id.csv:3:respondent_id: a value is required (the cell is empty)",
    ],
}


@pytest.mark.parametrize("name", sorted(BAD_CASES))
def test_bad_answers_exit_1_with_exact_messages_and_write_nothing(name, here, capsys):
    shutil.copy(BAD / name, here / name)
    code, out, err = _run(["score", "eprocurement", name, "-o", "out.csv"], capsys)
    assert code == 1
    assert out.splitlines() == BAD_CASES[name]
    assert "nothing was written" in err
    assert sorted(p.name for p in here.iterdir()) == [name]  # no output, no temporary file


def test_missing_answers_file(here, capsys):
    code, out, _ = _run(["score", "eprocurement", "nowhere.csv", "-o", "out.csv"], capsys)
    assert (code, out.splitlines()) == (1, ["nowhere.csv:0:*: file not found"])
    assert list(here.iterdir()) == []


def test_unknown_model(here, capsys):
    shutil.copy(EXAMPLE, here / "group.csv")
    for argv in (["score", "procurement", "group.csv"], ["template", "procurement"]):
        code, out, _ = _run(argv, capsys)
        assert code == 1
        assert out.splitlines() == [
            "readiness/procurement.yaml:0:*: no readiness model called 'procurement' "
            "(there are: eprocurement, telework)"
        ]
    assert sorted(p.name for p in here.iterdir()) == ["group.csv"]


def test_output_that_would_overwrite_the_answers_or_cannot_be_written(here, capsys):
    shutil.copy(EXAMPLE, here / "group.csv")
    before = (here / "group.csv").read_bytes()
    code, out, _ = _run(["score", "eprocurement", "group.csv", "-o", "group.csv"], capsys)
    assert (code, out.splitlines()) == (
        1,
        ["group.csv:0:*: the output would overwrite the answers; choose another name with -o"],
    )
    assert (here / "group.csv").read_bytes() == before
    code, out, _ = _run(
        ["score", "eprocurement", "group.csv", "-o", "no/such/folder/x.csv"], capsys
    )
    assert (code, out.splitlines()) == (
        1,
        ["no/such/folder/x.csv:0:*: cannot be written: No such file or directory"],
    )
    assert sorted(p.name for p in here.iterdir()) == ["group.csv"]


def test_the_real_command_shows_no_traceback(here):
    shutil.copy(BAD / "ragged_row.csv", here / "ragged_row.csv")
    proc = subprocess.run(
        [sys.executable, "-m", "lipse_widgets", "score", "eprocurement", "ragged_row.csv"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stdout.startswith("ragged_row.csv:2:risk_averse_culture: row has 7 cells")
    assert "Traceback" not in proc.stderr
    assert sorted(p.name for p in here.iterdir()) == ["ragged_row.csv"]
