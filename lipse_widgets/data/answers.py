"""Read the answers to a readiness model: one table of respondents from any number of files.

A trainer collects answers in spreadsheets: one row per respondent, a
``respondent_id`` column and one column per factor (``python -m lipse_widgets
template`` prints the header). :func:`read_answers` reads any number of such files,
and the ``.csv`` and ``.xlsx`` files of folders, into one :class:`Answers` table:

* CSV with commas or semicolons, with or without a byte-order mark, any line
  endings; Excel workbooks (``.xlsx``, first sheet); text files (``.txt``) of answer
  codes, one participant per line (:mod:`lipse_widgets.data.codes`: ``name: code``,
  ``name: link`` or the code alone; a participant without a name is ``line N``), when
  named one by one (a folder's ``.txt`` files are left alone: they may be notes);
* the columns in any order; a scored file (with ``score`` and ``weakest``, as
  ``score`` writes it) is read too, and those two columns are ignored;
* rows whose cells are all empty (a spreadsheet's leftover rows) are ignored;
* the example row that ``template`` prints, left unchanged, is left out, with a note;
* a respondent id used in more than one file gets the file's name added, with a note.

Every other problem is a :class:`~lipse_widgets.data.problems.Problem` naming the
file, the row as a spreadsheet numbers it and the column, and nothing is returned.
The table's schema is generated from the model (:func:`answers_schema`), and the
cells are checked column by column (:mod:`lipse_widgets.data.schema`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from lipse_widgets.data.codes import CODE_SUFFIXES, read_code_file
from lipse_widgets.data.models import Model
from lipse_widgets.data.problems import ANY_COLUMN, WHOLE_FILE, DataValidationError, Problem, show
from lipse_widgets.data.schema import check_table, field_names
from lipse_widgets.data.tables import WORKBOOK_SUFFIXES, read_table

#: The first column of an answers table.
RESPONDENT = "respondent_id"
#: The columns that ``python -m lipse_widgets score`` adds to the answers.
SCORE, WEAKEST = "score", "weakest"
#: The id of the example row that ``template`` prints.
EXAMPLE_ID = "example-1"
#: The files of a folder that are read as answers.
ANSWER_SUFFIXES = (".csv", *WORKBOOK_SUFFIXES)
_EXAMPLE_PATTERN = (4, 2, 3, 5, 3, 1, 4, 2)


def answers_schema(model: Model) -> dict:
    """Return the Table Schema of a table of answers to ``model``, generated from the model.

    One column ``respondent_id`` (required, unique), then one integer column per
    factor, on the model's scale.
    """
    fields = [
        {
            "name": RESPONDENT,
            "type": "string",
            "description": "An identifier of the respondent, unique in the file.",
            "constraints": {"required": True, "unique": True},
        }
    ]
    for factor in model.factors:
        fields.append(
            {
                "name": factor.id,
                "type": "integer",
                "title": factor.label,
                "description": f"{factor.question} {model.answer_guide(factor)}",
                "constraints": {
                    "required": True,
                    "minimum": model.scale_min,
                    "maximum": model.scale_max,
                },
            }
        )
    return {"fields": fields, "primaryKey": [RESPONDENT]}


def template_rows(model: Model) -> tuple[list[str], list[object]]:
    """Return the header and the example row of an answers table for ``model``."""
    header = [RESPONDENT, *model.factor_ids]
    pattern = _EXAMPLE_PATTERN
    example = [EXAMPLE_ID, *(pattern[i % len(pattern)] for i in range(len(model.factors)))]
    return header, example


@dataclass(frozen=True, eq=False)
class Answers:
    """Respondents' answers to one model, checked: ids, and one whole number per factor.

    ``frame`` has the column ``respondent_id`` and one ``int8`` column per factor,
    in the model's order. ``notes`` are ``FILE:ROW:COLUMN: note`` lines worth
    telling the user (an example row left out, ids made distinct).
    """

    model: Model
    frame: pd.DataFrame
    notes: tuple[str, ...] = ()
    separator: str | None = None  # the CSV separator the files share, if any

    def __len__(self) -> int:
        """Return the number of respondents."""
        return len(self.frame)


def answer_files(paths: Iterable[Path | str]) -> tuple[list[Path], list[Problem]]:
    """Expand folders into their answer files (sorted); report folders with none."""
    files: list[Path] = []
    problems: list[Problem] = []
    for given in paths:
        path = Path(given)
        if not path.is_dir():
            files.append(path)
            continue
        found = sorted(
            p
            for p in path.iterdir()
            if p.is_file()
            and p.suffix.lower() in ANSWER_SUFFIXES
            and not p.name.startswith((".", "~$"))
            and not p.stem.endswith("_scored")
        )
        if not found:
            kinds = " or ".join(ANSWER_SUFFIXES)
            message = f"is a folder with no answers file ({kinds}) in it"
            problems.append(Problem(str(given), WHOLE_FILE, ANY_COLUMN, message))
        files.extend(found)
    return files, problems


def _read_one(path: Path, name: str, model: Model) -> tuple[pd.DataFrame | None, str | None, list]:
    """Read one answers file; return its table (with source rows), its separator, problems."""
    if path.suffix.lower() in CODE_SUFFIXES:
        return _read_codes(path, name, model)
    schema = answers_schema(model)
    expected = field_names(schema)
    table, problems = read_table(
        path,
        name,
        expected,
        separators=(",", ";", "\t"),
        workbooks=True,
        integer_columns=model.factor_ids,
        integer_dtype=np.int8,  # answers are small: a million rows take 1 MB per factor
    )
    if table is None:
        return None, None, problems
    scored_schema = {
        **schema,
        "fields": [*schema["fields"], {"name": SCORE}, {"name": WEAKEST}],
    }
    checked = check_table(
        table,
        scored_schema,
        ordered=False,
        optional=(SCORE, WEAKEST),
        blank_rows_allowed=True,
    )
    if checked.problems or checked.values is None:
        return None, table.separator, checked.problems
    frame = pd.DataFrame({RESPONDENT: checked.values[RESPONDENT].to_numpy(dtype=object)})
    for factor_id in model.factor_ids:
        frame[factor_id] = checked.values[factor_id].to_numpy(dtype=np.int8)
    frame["_file"] = name
    frame["_row"] = checked.table.rows  # the rows checked (rows of spaces set aside)
    return frame, table.separator, []


def _read_codes(path: Path, name: str, model: Model) -> tuple[pd.DataFrame | None, None, list]:
    """Read a text file of answer codes; the row of a participant is the file's line."""
    rows, problems = read_code_file(path, name, model)
    if problems:
        return None, None, problems
    frame = pd.DataFrame({RESPONDENT: np.array([r.name for r in rows], dtype=object)})
    for position, factor_id in enumerate(model.factor_ids):
        frame[factor_id] = np.array([r.code.values[position] for r in rows], dtype=np.int8)
    frame["_file"] = name
    frame["_row"] = [r.line for r in rows]
    return frame, None, []


def read_answers(paths: Iterable[Path | str] | Path | str, model: Model) -> Answers:
    """Read and check answers to ``model`` from files and folders; return one table.

    File names in messages are the paths as given. Raises
    :class:`~lipse_widgets.data.problems.DataValidationError` listing every problem
    of every file; a partial table is never returned.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    files, problems = answer_files(paths)
    frames, separators = [], set()
    for path in files:
        frame, separator, found = _read_one(path, str(path), model)
        problems += found
        if path.suffix.lower() not in CODE_SUFFIXES:  # a code file has no separator
            separators.add(separator)
        if frame is not None:
            frames.append(frame)
    if problems:
        raise DataValidationError(problems)
    if not files:
        raise DataValidationError(
            [Problem("(no file)", WHOLE_FILE, ANY_COLUMN, "no answers given")]
        )
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    frame, notes = _leave_out_example(frame, model)
    frame, more = _distinct_ids(frame)
    notes += more
    if frame.empty:
        message = "no respondents to score: the only row is the example that `template` prints"
        raise DataValidationError([Problem(str(files[0]), WHOLE_FILE, ANY_COLUMN, message)])
    frame = frame.drop(columns=["_file", "_row"]).reset_index(drop=True)
    separator = separators.pop() if len(separators) == 1 else None
    return Answers(model, frame, tuple(notes), separator)


def _leave_out_example(frame: pd.DataFrame, model: Model) -> tuple[pd.DataFrame, list[str]]:
    """Leave out the example row of ``template``, where it was left exactly as printed."""
    is_example = (frame[RESPONDENT] == EXAMPLE_ID).to_numpy()
    if not is_example.any():
        return frame, []
    _, example = template_rows(model)
    same = is_example.copy()
    for factor_id, value in zip(model.factor_ids, example[1:], strict=True):
        same &= (frame[factor_id] == value).to_numpy()
    notes = []
    for file, row in frame.loc[same, ["_file", "_row"]].itertuples(index=False):
        notes.append(
            f"{file}:{row}:{RESPONDENT}: note: left out '{EXAMPLE_ID}', the example row that"
            " `template` prints; delete that row from the file"
        )
    for file, row in frame.loc[is_example & ~same, ["_file", "_row"]].itertuples(index=False):
        notes.append(
            f"{file}:{row}:{RESPONDENT}: note: scored as a respondent, but its id is still"
            f" '{EXAMPLE_ID}' from the template; give it the respondent's own id"
        )
    return frame[~same], notes


def _distinct_ids(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Give ids that appear in more than one file the file's name, so each is distinct."""
    if frame["_file"].nunique() < 2:
        return frame, []
    per_id = frame.groupby(RESPONDENT, sort=False)["_file"].nunique()
    shared = per_id[per_id > 1].index
    if not len(shared):
        return frame, []
    frame = frame.copy()
    clash = frame[RESPONDENT].isin(shared)
    frame.loc[clash, RESPONDENT] = (
        frame.loc[clash, RESPONDENT]
        + " ("
        + frame.loc[clash, "_file"].map(lambda f: Path(f).name)
        + ")"
    )
    notes = [
        f"{file}:{row}:{RESPONDENT}: note: {show(rid)} is used in several files; scored as"
        f" {show(new)}"
        for file, row, rid, new in zip(
            frame.loc[clash, "_file"],
            frame.loc[clash, "_row"],
            frame.loc[clash, RESPONDENT].str.rsplit(" (", n=1).str[0],
            frame.loc[clash, RESPONDENT],
            strict=True,
        )
    ]
    repeated = frame[RESPONDENT].duplicated(keep=False)
    if repeated.any():
        problems = [
            Problem(file, int(row), RESPONDENT, f"{show(rid)} is used twice, even with file names")
            for file, row, rid in frame.loc[repeated, ["_file", "_row", RESPONDENT]].itertuples(
                index=False
            )
        ]
        raise DataValidationError(problems)
    return frame, notes
