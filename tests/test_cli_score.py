"""`python -m lipse_widgets template` and `score`: trainers' spreadsheets, good and bad.

The tests run the command in-process on the tests' own tiny model (``tests/tiny_models.py``,
made the package's data folder by the ``tiny_data`` fixture); one test runs the real
command in a subprocess.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from tiny_models import FACTOR_IDS

from lipse_widgets.cli import main
from lipse_widgets.data.models import load_model
from lipse_widgets.logic import readiness as r

BAD = Path(__file__).resolve().parent / "bad_answers"
HEADER = ["respondent_id", *FACTOR_IDS]
BAD_CASES = sorted(p for p in BAD.iterdir() if p.suffix not in (".md", ".expected"))


@pytest.fixture
def here(tmp_path, monkeypatch, tiny_data) -> Path:
    """Run in an empty folder (file names in messages are as typed), with the tiny model."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def write_csv(path: Path, rows: list[list[object]], *, sep: str = ",", bom: bool = False,
              newline: str = "\n") -> Path:  # fmt: skip
    text = io.StringIO()
    csv.writer(text, delimiter=sep, lineterminator=newline).writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.getvalue().encode("utf-8"))
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def read_xlsx(path: Path) -> list[list[object]]:
    sheet = openpyxl.load_workbook(path).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def rows_of(n: int, start: int = 1, prefix: str = "p") -> list[list[object]]:
    return [[f"{prefix}{i}", *((i + k) % 5 + 1 for k in range(5))] for i in range(start, start + n)]


def expected_scores(rows: list[list[object]]) -> tuple[list[int], list[str]]:
    model = load_model("tiny")
    table = pd.DataFrame([row[1:] for row in rows], columns=list(FACTOR_IDS)).astype(int)
    scores = r.score(model, table)
    return [int(s) for s in scores.rounded], list(scores.weakest_text())


# --- template -------------------------------------------------------------------------------


def test_template_prints_header_and_one_labelled_example(here, capsys):
    code, out, err = run(["template", "tiny"], capsys)
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0
    assert rows[0] == HEADER
    assert len(rows) == 2 and rows[1][0] == "example-1"
    assert all(1 <= int(v) <= 5 for v in rows[1][1:])
    model = load_model("tiny")
    assert f"# factor_2: {model.factors[2].question} 1 = None, 5 = A lot. A barrier:" in err


def test_template_writes_a_workbook_and_an_untouched_template_scores_nobody(here, capsys):
    code, out, _ = run(["template", "tiny", "-o", "answers.xlsx"], capsys)
    assert code == 0 and "Wrote answers.xlsx" in out
    assert read_xlsx(here / "answers.xlsx")[0] == HEADER
    code, out, _ = run(["score", "tiny", "answers.xlsx"], capsys)
    assert code == 1
    assert out.splitlines() == [
        "answers.xlsx:0:*: no respondents to score: the only row is the example that"
        " `template` prints"
    ]
    assert sorted(p.name for p in here.iterdir()) == ["answers.xlsx"]


# --- score: what spreadsheets save -----------------------------------------------------------


def test_score_writes_a_workbook_with_labels_beside_the_answers(here, capsys):
    rows = rows_of(6)
    write_csv(here / "group.csv", [HEADER, *rows])
    code, out, err = run(["score", "tiny", "group.csv"], capsys)
    assert code == 0, out + err
    written = read_xlsx(here / "group_scored.xlsx")
    assert written[0] == [*HEADER, "score", "weakest"]
    scores, weakest = expected_scores(rows)
    assert [row[-2] for row in written[1:]] == scores
    assert [row[-1] or "" for row in written[1:]] == weakest
    assert all(label.startswith("Factor ") for w in weakest for label in w.split("; ") if w)
    lines = out.splitlines()
    assert lines[0] == "Scored 6 respondent(s) with the Tiny readiness model: group_scored.xlsx"
    assert lines[1].startswith("Score (0 to 100): mean ")
    assert "book's own assumption" in lines[3]
    assert err == ""
    assert sorted(p.name for p in here.iterdir()) == ["group.csv", "group_scored.xlsx"]


def test_excel_csv_from_a_semicolon_locale_is_read_and_answered_in_kind(here, capsys):
    """Italian, Spanish, French, Dutch Excel: semicolons, a byte-order mark, CRLF, accents."""
    rows = rows_of(3)
    rows[0][0] = "José Müller"
    write_csv(here / "risposte.csv", [HEADER, *rows], sep=";", bom=True, newline="\r\n")
    code, out, _ = run(["score", "tiny", "risposte.csv", "-o", "punteggi.csv"], capsys)
    assert code == 0, out
    raw = (here / "punteggi.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel then reads the accents right
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0] == ";".join([*HEADER, "score", "weakest"])
    assert "\r\n" in text
    assert text.splitlines()[1].startswith("José Müller;")


def test_trailing_empty_rows_from_excel_are_ignored(here, capsys):
    rows = rows_of(2)
    path = write_csv(here / "group.csv", [HEADER, *rows, [""] * 6, [""] * 6], newline="\r\n")
    path.write_bytes(path.read_bytes() + b"\r\n\r\n")
    code, out, _ = run(["score", "tiny", "group.csv", "-o", "out.csv"], capsys)
    assert code == 0, out
    assert out.startswith("Scored 2 respondent(s)")


def test_a_workbook_is_read_and_its_row_numbers_are_the_sheets(here, capsys):
    rows = rows_of(3)
    rows[1][3] = 9
    write_xlsx(here / "group.xlsx", [HEADER, *rows, [None] * 6])
    code, out, _ = run(["score", "tiny", "group.xlsx"], capsys)
    assert (code, out.splitlines()) == (
        1,
        ["group.xlsx:3:factor_2: '9' is more than the allowed maximum 5"],
    )
    rows[1][3] = 3
    write_xlsx(here / "group.xlsx", [HEADER, *rows])
    code, out, _ = run(["score", "tiny", "group.xlsx"], capsys)
    assert code == 0
    assert [row[-2] for row in read_xlsx(here / "group_scored.xlsx")[1:]] == expected_scores(rows)[
        0
    ]


def test_the_template_example_row_left_in_is_left_out_with_a_note(here, capsys):
    _, template, _ = run(["template", "tiny"], capsys)
    example = list(csv.reader(io.StringIO(template)))[1]
    write_csv(here / "group.csv", [HEADER, example, *rows_of(2)])
    code, out, err = run(["score", "tiny", "group.csv", "-o", "out.csv"], capsys)
    assert code == 0
    assert out.startswith("Scored 2 respondent(s)")
    assert err.splitlines() == [
        "group.csv:2:respondent_id: note: left out 'example-1', the example row that `template`"
        " prints; delete that row from the file"
    ]


def test_several_files_and_a_folder_give_each_participant_a_distinct_id(here, capsys):
    """Each participant's download from the calculator is a file of one row with id 'me'."""
    downloads = here / "downloads"
    downloads.mkdir()
    for name, answers in (("anna.csv", [5, 4, 3, 2, 1]), ("ben.csv", [1, 2, 3, 4, 5])):
        write_csv(downloads / name, [HEADER, ["me", *answers]])
    write_xlsx(downloads / "carla.xlsx", [HEADER, ["carla", 3, 3, 3, 3, 3]])
    (downloads / "notes.txt").write_text("not answers")
    write_csv(here / "paper.csv", [HEADER, *rows_of(2, prefix="paper-")])
    code, out, err = run(["score", "tiny", "downloads", "paper.csv", "-o", "all.csv"], capsys)
    assert code == 0, out
    scored = pd.read_csv(here / "all.csv", encoding="utf-8-sig")
    assert list(scored["respondent_id"]) == [
        "me (anna.csv)", "me (ben.csv)", "carla", "paper-1", "paper-2",
    ]  # fmt: skip
    assert err.splitlines() == [
        "downloads/anna.csv:2:respondent_id: note: 'me' is used in several files; scored as"
        " 'me (anna.csv)'",
        "downloads/ben.csv:2:respondent_id: note: 'me' is used in several files; scored as"
        " 'me (ben.csv)'",
    ]


def test_cells_a_spreadsheet_would_run_as_formulas_are_neutralised(here, capsys):
    rows = rows_of(4)
    for row, name in zip(rows, ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)"], strict=True):
        row[0] = name
    write_csv(here / "group.csv", [HEADER, *rows])
    assert run(["score", "tiny", "group.csv", "-o", "out.csv"], capsys)[0] == 0
    text = (here / "out.csv").read_text("utf-8-sig")
    cells = [row[0] for row in csv.reader(io.StringIO(text))]
    assert cells[1:] == ["'" + row[0] for row in rows]
    assert run(["score", "tiny", "group.csv", "-o", "out.xlsx"], capsys)[0] == 0
    sheet = openpyxl.load_workbook(here / "out.xlsx").active
    names = [sheet.cell(row=i, column=1) for i in range(2, 6)]
    assert [c.value for c in names] == [row[0] for row in rows]  # exactly as written ...
    assert {c.data_type for c in names} == {"s"}  # ... and as text, never a formula


# --- score: what is refused ------------------------------------------------------------------


@pytest.mark.parametrize("case", BAD_CASES, ids=[p.name for p in BAD_CASES])
def test_bad_answers_exit_1_with_exact_messages_and_write_nothing(case, here, capsys):
    shutil.copy(case, here / case.name)
    code, out, err = run(["score", "tiny", case.name, "-o", "out.csv"], capsys)
    assert code == 1
    assert out.splitlines() == (BAD / f"{case.stem}.expected").read_text("utf-8").splitlines()
    assert "nothing was written" in err
    assert sorted(p.name for p in here.iterdir()) == [case.name]  # no output, no temporary file


def test_every_bad_file_of_several_is_reported_and_nothing_is_written(here, capsys):
    for name in ("non_numeric.csv", "not_whole.csv"):
        shutil.copy(BAD / name, here / name)
    write_csv(here / "good.csv", [HEADER, *rows_of(2)])
    code, out, _ = run(["score", "tiny", "good.csv", "non_numeric.csv", "not_whole.csv"], capsys)
    assert code == 1
    assert out.splitlines() == [
        "non_numeric.csv:3:factor_1: 'two' is not a whole number",
        "not_whole.csv:2:factor_2: '2.5' is not a whole number",
    ]
    assert sorted(p.name for p in here.iterdir()) == [
        "good.csv",
        "non_numeric.csv",
        "not_whole.csv",
    ]


def test_missing_file_empty_folder_and_unknown_model(here, capsys):
    (here / "empty").mkdir()
    code, out, _ = run(["score", "tiny", "nowhere.csv", "empty", "-o", "out.csv"], capsys)
    assert (code, out.splitlines()) == (
        1,
        [
            "empty:0:*: is a folder with no answers file (.csv or .xlsx or .xlsm) in it",
            "nowhere.csv:0:*: file not found",
        ],
    )
    for argv in (["score", "procurement", "x.csv"], ["template", "procurement"]):
        code, out, _ = run(argv, capsys)
        assert (code, out.splitlines()) == (
            1,
            ["readiness/procurement.yaml:0:*: no readiness model called 'procurement'"
             " (there are: tiny)"],
        )  # fmt: skip
    assert sorted(p.name for p in here.iterdir()) == ["empty"]


def test_output_that_would_overwrite_the_answers_has_the_wrong_kind_or_cannot_be_written(
    here, capsys
):
    write_csv(here / "group.csv", [HEADER, *rows_of(2)])
    before = (here / "group.csv").read_bytes()
    cases = {
        "group.csv": "group.csv:0:*: the output would overwrite the answers; choose another"
        " name with -o",
        "scores.ods": "scores.ods:0:*: the output must be an Excel workbook (.xlsx) or a CSV"
        " file (.csv)",
        "no/such/folder/x.xlsx": "no/such/folder/x.xlsx:0:*: cannot be written: No such file"
        " or directory",
    }
    for output, message in cases.items():
        code, out, _ = run(["score", "tiny", "group.csv", "-o", output], capsys)
        assert (code, out.splitlines()) == (1, [message])
    assert (here / "group.csv").read_bytes() == before
    assert sorted(p.name for p in here.iterdir()) == ["group.csv"]


def test_the_real_command_shows_no_traceback(here):
    shutil.copy(BAD / "ragged_row.csv", here / "ragged_row.csv")
    proc = subprocess.run(
        [sys.executable, "-m", "lipse_widgets", "score", "tiny", "ragged_row.csv"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stdout == (BAD / "ragged_row.expected").read_text("utf-8")
    assert "Traceback" not in proc.stderr
    assert sorted(p.name for p in here.iterdir()) == ["ragged_row.csv"]


# --- the quick paths for large files give the same messages ------------------------------------


def test_a_line_with_more_cells_and_one_with_fewer_are_both_found(here, capsys):
    """Their cells add up to the right total, which is what the quick count checks."""
    rows = rows_of(3000)
    lines = [",".join(HEADER), *(",".join(map(str, row)) for row in rows)]
    lines[1500] += ",4"  # row 1501 of the spreadsheet: one cell too many
    lines[2500] = lines[2500].rsplit(",", 1)[0]  # row 2501: one too few
    (here / "big.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, _ = run(["score", "tiny", "big.csv", "-o", "out.csv"], capsys)
    hint = (
        "(check for a missing or extra comma, or a value with a comma that is not wrapped in"
        " double quotes)"
    )
    assert (code, out.splitlines()) == (
        1,
        [
            f"big.csv:1501:*: row has 7 cells but the header has 6 {hint}",
            f"big.csv:2501:factor_4: row has 5 cells but the header has 6 {hint}",
        ],
    )


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("300", "'300' is more than the allowed maximum 5"),  # too big for the quick parse
        ("-1", "'-1' is less than the allowed minimum 1"),
        ("3.0", "'3.0' is not a whole number"),
        (" 4 ", None),  # spaces around a whole number are fine
        ("+4", None),
    ],
)
def test_one_odd_cell_deep_in_a_large_file_is_named_exactly(here, capsys, cell, message):
    rows = rows_of(20_000)
    rows[12_345][3] = cell
    rows[12_345][0] = "the-one"
    write_csv(here / "big.csv", [HEADER, *rows, [""] * 6, ["  "] * 6])
    code, out, _ = run(["score", "tiny", "big.csv", "-o", "out.csv"], capsys)
    if message is None:
        assert code == 0 and out.startswith("Scored 20000 respondent(s)")
        written = pd.read_csv(here / "out.csv", encoding="utf-8-sig")
        assert written.loc[written["respondent_id"] == "the-one", "factor_2"].item() == 4
    else:
        assert (code, out.splitlines()) == (1, [f"big.csv:12347:factor_2: {message}"])


@pytest.mark.parametrize("output", ["scored.xlsx", "scored.csv"])
def test_the_workshop_charts_read_the_scored_file(here, capsys, output):
    from lipse_widgets.views import workshop

    rows = rows_of(7)
    write_csv(here / "group.csv", [HEADER, *rows], sep=";")
    assert run(["score", "tiny", "group.csv", "-o", output], capsys)[0] == 0
    scores = expected_scores(rows)[0]
    spread = workshop.score_spread("tiny", scored_csv=here / output)
    assert spread.title.startswith(
        f"Your group: readiness scores from {min(scores)} to {max(scores)}"
    )
    assert spread.source.startswith(f"Source: {output}, scored with the book's tiny readiness")
    assert workshop.summary("tiny", scored_csv=here / output).respondents == 7
