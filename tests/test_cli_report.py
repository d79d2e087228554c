"""`python -m lipse_widgets report`: one self-contained HTML group report, or nothing and exit 1.

In-process on the tests' tiny model (``tiny_data``), like ``test_cli_score``; bad input
gives exactly the lines ``score`` gives for the same files (``tests/bad_answers``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from test_cli_score import BAD, BAD_CASES, HEADER, rows_of, run, write_csv, write_xlsx
from tiny_models import FACTOR_IDS

from lipse_widgets.data.models import load_model
from lipse_widgets.logic import readiness as r
from lipse_widgets.logic import workshop as w

#: Any address of a web host (the report must name none, and so request none).
URL = re.compile(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", re.IGNORECASE)


@pytest.fixture
def here(tmp_path, monkeypatch, tiny_data) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def _summary(rows):
    table = pd.DataFrame([row[1:] for row in rows], columns=list(FACTOR_IDS)).astype(int)
    return w.summarise(r.score(load_model("tiny"), table))


def _stats(page: str) -> dict[str, str]:
    return dict(re.findall(r'data-stat="(\w+)"[^>]*>([^<]*)<', page))


def test_report_writes_one_self_contained_page_with_the_groups_figures(here, capsys):
    rows = rows_of(9)
    write_csv(here / "group.csv", [HEADER, *rows], sep=";")
    code, out, _ = run(["report", "tiny", "group.csv", "-o", "group.html"], capsys)
    assert code == 0, out
    assert "Wrote the group report of 9 participant(s) to group.html" in out
    assert r.NOT_A_MEASUREMENT in out
    page = (here / "group.html").read_text("utf-8")
    summary = _summary(rows)
    assert _stats(page)["respondents"] == "9"
    assert _stats(page)["median"] == f"{summary.median:g}"
    assert _stats(page)["minimum"] == str(summary.minimum)
    assert not URL.search(page)
    assert "<script" not in page and "<link" not in page and "<img" not in page
    assert page.count('<div class="lipse-report-chart"') == 3
    assert page.count("<svg") >= 3
    for label, count in summary.most_common_weak(3):
        assert f"<strong>{label}" in page and f"{count} of 9" in page
    assert sorted(p.name for p in here.iterdir()) == ["group.csv", "group.html"]


def test_report_reads_several_files_and_workbooks_as_score_does(here, capsys):
    write_csv(here / "a.csv", [HEADER, *rows_of(3)])
    write_xlsx(here / "b.xlsx", [HEADER, *rows_of(4, start=4)])
    code, _, _ = run(["report", "tiny", "a.csv", "b.xlsx", "-o", "g.html"], capsys)
    assert code == 0
    page = (here / "g.html").read_text("utf-8")
    assert _stats(page)["respondents"] == "7"
    assert "Answers: <span data-report-origin>a.csv, b.xlsx</span>" in page


@pytest.mark.parametrize("case", BAD_CASES, ids=[p.name for p in BAD_CASES])
def test_bad_answers_give_the_lines_score_gives_and_write_nothing(case, here, capsys):
    shutil.copy(case, here / case.name)
    code, out, err = run(["report", "tiny", case.name, "-o", "group.html"], capsys)
    assert code == 1
    assert out.splitlines() == (BAD / f"{case.stem}.expected").read_text("utf-8").splitlines()
    assert "nothing was written" in err
    assert sorted(p.name for p in here.iterdir()) == [case.name]


def test_an_output_that_is_not_a_web_page_is_refused(here, capsys):
    write_csv(here / "group.csv", [HEADER, *rows_of(2)])
    code, out, _ = run(["report", "tiny", "group.csv", "-o", "group.csv"], capsys)
    assert (code, out.splitlines()) == (
        1,
        ["group.csv:0:*: the report is a web page: give the output a name ending in .html"],
    )
    assert sorted(p.name for p in here.iterdir()) == ["group.csv"]


def test_the_real_command_writes_the_report_and_shows_no_traceback(here):
    write_csv(here / "group.csv", [HEADER, *rows_of(4)])
    shutil.copy(BAD / "ragged_row.csv", here / "ragged_row.csv")
    bad = subprocess.run(
        [sys.executable, "-m", "lipse_widgets", "report", "tiny", "ragged_row.csv", "-o", "x.html"],
        capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False,
    )  # fmt: skip
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert bad.stdout == (BAD / "ragged_row.expected").read_text("utf-8")
    good = subprocess.run(
        [sys.executable, "-m", "lipse_widgets", "report", "tiny", "group.csv", "-o", "g.html"],
        capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False,
    )  # fmt: skip
    assert good.returncode == 0, good.stdout + good.stderr
    assert sorted(p.name for p in here.iterdir()) == ["g.html", "group.csv", "ragged_row.csv"]
