"""Check a table against its Table Schema, column by column.

The schemas are Frictionless Table Schemas (in ``datapackage.json``, or generated
for the readiness answers). This module checks the part of the standard that the
book's schemas use: the types ``string`` (also ``format: uri``), ``integer``,
``number``, ``boolean``, ``year`` and ``date``; the constraints ``required``,
``unique``, ``enum``, ``minimum``, ``maximum``, ``minLength``, ``maxLength`` and
``pattern``; and a ``primaryKey``. A value of only spaces counts as empty.

Each column is checked as a whole, with pandas and NumPy, so a table of a million
rows takes about a second; every problem still names its row (as a spreadsheet
numbers it), its column and the value, in words a contributor can act on. Problems
are listed by row, then in the schema's column order; at most :data:`MAX_PROBLEMS`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lipse_widgets.data.problems import ANY_COLUMN, HEADER_ROW, WHOLE_FILE, Problem, show
from lipse_widgets.data.tables import Table

#: At most this many problems are listed per file.
MAX_PROBLEMS = 1000
#: Characters a cell should never hold (tab, line feed and carriage return are allowed).
INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff]")

_TYPE_HINTS = {
    "integer": "a whole number",
    "number": "a number (use a point for decimals, e.g. 0.75)",
    "boolean": "true or false",
    "date": "a date written YYYY-MM-DD",
    "year": "a four-digit year",
}
_FORMAT_HINTS = {"uri": "a web address (URI)"}
_SYNTAX = {
    "integer": r"\s*[+-]?[0-9]+\s*",
    "number": r"\s*[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*",
    "year": r"\s*[0-9]{4}\s*",
    "date": r"\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*",
}
_URI = r"[A-Za-z][A-Za-z0-9+.-]*://\S+"
_DEFAULT_TRUE = ("true", "True", "TRUE", "1")
_DEFAULT_FALSE = ("false", "False", "FALSE", "0")
_RAGGED_HINT = (
    "(check for a missing or extra comma, or a value with a comma that is not"
    " wrapped in double quotes)"
)


@dataclass(frozen=True, eq=False)
class Checked:
    """The outcome of checking a table: its problems, and its values typed as declared.

    ``values`` maps each field to a Series aligned with ``table.rows``: integers
    (``int64``, or ``Int64`` with missing values), floats, booleans, dates or text
    (missing values as NA). It is None when the header does not match the schema.
    """

    table: Table
    problems: list[Problem]
    values: dict[str, pd.Series] | None


def field_names(schema: dict) -> list[str]:
    """Return the names of a schema's fields, in order."""
    return [f["name"] for f in schema.get("fields", [])]


def check_header(
    labels: Sequence[str],
    expected: Sequence[str],
    name: str,
    *,
    ordered: bool = True,
    optional: Collection[str] = (),
) -> list[Problem]:
    """Compare a header with the schema's field names (``optional`` ones may be absent)."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for label in labels:
        if label in seen and label in expected:
            problems.append(Problem(name, HEADER_ROW, label, "column appears twice in the header"))
        seen.add(label)
    missing = [f for f in expected if f not in labels and f not in optional]
    unknown = [label for label in labels if label not in expected]
    renamed: set[str] = set()
    for label in unknown:
        if not label.strip():
            message = "a column has no name in the header"
            problems.append(Problem(name, HEADER_ROW, ANY_COLUMN, message))
            continue
        lowered = {m.lower(): m for m in missing if m not in renamed}
        guess = difflib.get_close_matches(label.strip().lower(), list(lowered), n=1, cutoff=0.6)
        if guess:
            field = lowered[guess[0]]
            renamed.add(field)
            message = f"the header calls this column {show(label)}; rename it to '{field}'"
            problems.append(Problem(name, HEADER_ROW, field, message))
        else:
            required = [f for f in expected if f not in optional]
            message = f"unknown column {show(label)}; the schema expects: {', '.join(required)}"
            if optional:
                message += f" (and may have: {', '.join(f for f in expected if f in optional)})"
            problems.append(Problem(name, HEADER_ROW, ANY_COLUMN, message))
    for field in missing:
        if field not in renamed:
            problems.append(Problem(name, HEADER_ROW, field, "column is missing from the header"))
    present = [f for f in expected if f in labels]
    if not problems and ordered and list(labels) != present:
        message = f"columns are in a different order from the schema: {', '.join(expected)}"
        problems.append(Problem(name, HEADER_ROW, ANY_COLUMN, message))
    return problems


def check_table(
    table: Table,
    schema: dict,
    *,
    ordered: bool = True,
    optional: Collection[str] = (),
    blank_rows_allowed: bool = False,
) -> Checked:
    """Check ``table`` against the Table Schema ``schema``; return its problems and values.

    ``ordered``: the columns must be in the schema's order. ``optional``: fields that
    may be left out of the header. ``blank_rows_allowed``: rows whose cells are all
    empty are ignored instead of reported.
    """
    name = table.name
    expected = field_names(schema)
    problems = check_header(table.header, expected, name, ordered=ordered, optional=optional)
    if problems:
        return Checked(table, problems, None)
    table = _without_blank_rows(table)
    if not len(table) and not table.ragged_rows and (blank_rows_allowed or not table.blank_rows):
        message = "the file has a header but no data rows"
        return Checked(table, [Problem(name, WHOLE_FILE, ANY_COLUMN, message)], None)
    width = len(table.header)
    if not blank_rows_allowed:
        problems += [
            Problem(name, row, ANY_COLUMN, "the row is empty; remove it")
            for row in table.blank_rows
        ]
    for row, found in table.ragged_rows:
        column = table.header[found] if found < width else ANY_COLUMN
        message = f"row has {found} cells but the header has {width} {_RAGGED_HINT}"
        problems.append(Problem(name, row, column, message))
    fields = [f for f in schema["fields"] if f["name"] in table.header]
    columns = {f["name"]: _Column(table, f) for f in fields}
    for column in columns.values():
        problems += column.problems()
    problems += _key_problems(table, schema, columns)
    order = {n: i for i, n in enumerate(expected)}
    problems.sort(key=lambda p: (p.row, order.get(p.column, len(order))))
    if len(problems) > MAX_PROBLEMS:
        problems = problems[:MAX_PROBLEMS]
        message = f"the check stopped after {MAX_PROBLEMS} problems; fix these and check again"
        problems.append(Problem(name, WHOLE_FILE, ANY_COLUMN, message))
    values = {n: c.values for n, c in columns.items()}
    return Checked(table, problems, values)


def _without_blank_rows(table: Table) -> Table:
    """Set aside the rows whose cells all hold only spaces (the reader sets aside the empty)."""
    columns = [table.cells[i] for i in range(len(table.header))]
    if not len(table) or any(pd.api.types.is_integer_dtype(c.dtype) for c in columns):
        return table  # a column of parsed whole numbers has no blank cell
    blank = np.ones(len(table), dtype=bool)
    for column in columns:
        blank &= ((column == "") | column.str.isspace()).to_numpy(dtype=bool)
        if not blank.any():
            return table
    kept = table.cells[~blank].reset_index(drop=True)
    rows = sorted({*table.blank_rows, *(int(r) for r in table.rows[blank])})
    return Table(
        table.name,
        table.header,
        kept,
        table.rows[~blank],
        table.separator,
        tuple(rows),
        table.ragged_rows,
        _data=None,  # the records kept are no longer the file's: never read again
    )


class _Column:
    """One column of a table, checked against its field."""

    def __init__(self, table: Table, field: dict) -> None:
        self.table = table
        self.field = field
        self.name = field["name"]
        self.kind = field.get("type", "string")
        self.constraints = field.get("constraints", {})
        raw = table.cells[table.position(self.name)] if len(table.header) else pd.Series()
        self.fast = pd.api.types.is_integer_dtype(raw.dtype) and self.kind == "integer"
        self.raw = raw
        self.found: dict[int, str] = {}  # position -> message, one per cell
        self.flagged = np.zeros(len(raw), dtype=bool)  # the cells in ``found``

    # -- the cells as text, parsed ------------------------------------------------------

    def text(self) -> pd.Series:
        return self.table.text_column(self.name)

    def _parse(self) -> tuple[pd.Series, np.ndarray, np.ndarray]:
        """Return (values, blank, well formed) for the column's text."""
        text = self.text()
        blank = ((text == "") | text.str.isspace()).to_numpy(dtype=bool)
        kind, fmt = self.kind, self.field.get("format", "default")
        stripped = text.str.strip() if kind != "string" else text
        if kind in ("integer", "year"):
            ok = text.str.fullmatch(_SYNTAX[kind]).to_numpy(dtype=bool)
            values = pd.Series(pd.NA, index=text.index, dtype="Int64")
            if ok.any():
                values[ok] = stripped[ok].map(int).to_numpy()
        elif kind == "number":
            ok = text.str.fullmatch(_SYNTAX[kind]).to_numpy(dtype=bool)
            values = pd.Series(pd.NA, index=text.index, dtype="Float64")
            if ok.any():
                values[ok] = stripped[ok].map(float).to_numpy()
        elif kind == "boolean":
            true = set(self.field.get("trueValues", _DEFAULT_TRUE))
            false = set(self.field.get("falseValues", _DEFAULT_FALSE))
            ok = stripped.isin(true | false).to_numpy()
            values = pd.Series(pd.NA, index=text.index, dtype="boolean")
            if ok.any():
                values[ok] = stripped[ok].isin(true).to_numpy()
        elif kind == "date":
            parsed = pd.to_datetime(stripped, format="%Y-%m-%d", errors="coerce")
            ok = (
                text.str.fullmatch(_SYNTAX[kind]).to_numpy(dtype=bool)
            ) & parsed.notna().to_numpy()
            values = parsed
        else:
            ok = np.ones(len(text), dtype=bool)
            if fmt == "uri":
                ok = text.str.fullmatch(_URI).to_numpy(dtype=bool)
            values = text
        ok = ok & ~blank
        if not ok.all():
            values = values.where(pd.Series(ok, index=values.index))
        return values, blank, ok

    def problems(self) -> list[Problem]:
        """Check the column's cells; remember the parsed values (``self.values``)."""
        if self.fast:
            values = self.raw
            if not self._fast_problem(values):
                self.values = values
                self.blank = np.zeros(len(values), dtype=bool)
                self.ok = np.ones(len(values), dtype=bool)
                return self._unique(values)
        values, blank, ok = self._parse()
        self.values, self.blank, self.ok = values, blank, ok
        text = self.text()
        if self.constraints.get("required"):
            self._mark(
                blank,
                lambda cell: (
                    "a value is required (the cell is empty)"
                    if cell == ""
                    else "a value is required (the cell holds only spaces)"
                ),
            )
        bad_type = ~blank & ~ok
        self._mark(bad_type, lambda cell: self._type_message(cell))
        self._check_constraints(values, text, ok)
        problems = self._as_problems()
        problems += self._unique(values)
        problems += self._invisible(text)
        return problems

    def _fast_problem(self, values: pd.Series) -> bool:
        """Whether an integer column that parsed cleanly breaks a constraint anywhere."""
        c = self.constraints
        bad = np.zeros(len(values), dtype=bool)
        if "minimum" in c:
            bad |= (values < c["minimum"]).to_numpy()
        if "maximum" in c:
            bad |= (values > c["maximum"]).to_numpy()
        if "enum" in c:
            bad |= ~values.isin([int(v) for v in c["enum"]]).to_numpy()
        return bool(bad.any())

    def _check_constraints(self, values: pd.Series, text: pd.Series, ok: np.ndarray) -> None:
        c = self.constraints
        numeric = self.kind in ("integer", "number", "year")
        if "enum" in c:
            allowed = [str(v) for v in c["enum"]]
            inside = (
                values.isin(c["enum"]).to_numpy(dtype=bool)
                if numeric
                else text.isin(c["enum"]).to_numpy()
            )
            self._mark(
                ok & ~inside, lambda cell: f"{show(cell)} is not one of {', '.join(allowed)}"
            )
        for rule, word in (("minimum", "less"), ("maximum", "more")):
            if rule in c and numeric:
                limit = c[rule]
                broken = (values < limit) if rule == "minimum" else (values > limit)
                broken = broken.fillna(False).to_numpy(dtype=bool) & ok
                self._mark(
                    broken,
                    lambda cell, w=word, r=rule, lim=limit: (
                        f"{show(cell)} is {w} than the allowed {r} {lim}"
                    ),
                )
        for rule, word in (("minLength", "shorter"), ("maxLength", "longer")):
            if rule in c:
                limit = c[rule]
                length = text.str.len().to_numpy()
                broken = ok & ((length < limit) if rule == "minLength" else (length > limit))
                self._mark(
                    broken,
                    lambda cell, w=word, lim=limit: (
                        f"{show(cell)} is {len(cell)} characters, {w} than the allowed {lim}"
                    ),
                )
        if "pattern" in c:
            matches = text.str.fullmatch(c["pattern"]).to_numpy(dtype=bool)
            self._mark(
                ok & ~matches,
                lambda cell: f"{show(cell)} does not match the pattern {c['pattern']}",
            )

    def _type_message(self, cell: str) -> str:
        fmt = self.field.get("format", "default")
        if self.kind == "string" and fmt in _FORMAT_HINTS:
            return f"{show(cell)} is not {_FORMAT_HINTS[fmt]}"
        return f"{show(cell)} is not {_TYPE_HINTS.get(self.kind, 'a valid ' + self.kind)}"

    def _mark(self, where: np.ndarray, message) -> None:
        """Record ``message(cell)`` for each cell in ``where`` that has no problem yet."""
        positions = np.flatnonzero(where)
        if not len(positions):
            return
        text = self.text()
        for position in positions[: MAX_PROBLEMS + 1]:
            if not self.flagged[position]:
                self.found[int(position)] = message(str(text.iloc[position]))
                self.flagged[position] = True

    def _as_problems(self) -> list[Problem]:
        rows = self.table.rows
        return [Problem(self.table.name, int(rows[p]), self.name, m) for p, m in self.found.items()]

    def _unique(self, values: pd.Series) -> list[Problem]:
        if not self.constraints.get("unique"):
            return []
        valid = self.ok & ~self.flagged
        if valid.all():
            chosen = values
        else:
            chosen = values[valid]
        repeated = chosen.duplicated(keep="first")
        if not repeated.any():
            return []
        first_row = dict(zip(chosen[~repeated].to_numpy(), chosen[~repeated].index, strict=True))
        rows = self.table.rows
        text = self.text()
        problems = []
        for position in np.flatnonzero(repeated.to_numpy())[: MAX_PROBLEMS + 1]:
            index = chosen.index[position]
            first = rows[first_row[chosen.iloc[position]]]
            message = (
                f"{show(str(text.iloc[index]))} is a duplicate of row {first}:"
                " values in this column must be unique"
            )
            self.found[int(index)] = message
            self.flagged[index] = True
            problems.append(Problem(self.table.name, int(rows[index]), self.name, message))
        return problems

    def _invisible(self, text: pd.Series) -> list[Problem]:
        data = self.table._data
        if data is not None and not _may_hold_invisible(data):
            return []
        found = text.str.contains(INVISIBLE.pattern, regex=True).to_numpy(dtype=bool)
        problems = []
        for position in np.flatnonzero(found)[: MAX_PROBLEMS + 1]:
            cell = str(text.iloc[position])
            code = ord(INVISIBLE.search(cell).group())
            message = (
                f"{show(cell)} contains an invisible control character (U+{code:04X}); remove it"
            )
            row = int(self.table.rows[position])
            problems.append(Problem(self.table.name, row, self.name, message))
        return problems


def _may_hold_invisible(data: bytes) -> bool:
    """Whether CSV bytes hold a control character other than tab, CR, LF (or a BOM)."""
    controls = int(np.count_nonzero(np.frombuffer(data, dtype=np.uint8) < 32))
    allowed = data.count(b"\t") + data.count(b"\n") + data.count(b"\r")
    return controls > allowed or b"\x7f" in data or b"\xef\xbb\xbf" in data


def _key_problems(table: Table, schema: dict, columns: dict[str, _Column]) -> list[Problem]:
    """Report rows whose primary key repeats an earlier row's (unless already reported)."""
    keys = schema.get("primaryKey", [])
    keys = [keys] if isinstance(keys, str) else list(keys)
    if not keys or not all(k in columns for k in keys):
        return []
    if len(keys) == 1 and columns[keys[0]].constraints.get("unique"):
        return []  # the column's own uniqueness check has reported every repeat
    usable = np.ones(len(table), dtype=bool)
    for key in keys:
        usable &= columns[key].ok & ~columns[key].flagged
    frame = pd.DataFrame({k: columns[k].values for k in keys})[usable]
    repeated = frame.duplicated(keep="first")
    if not repeated.any():
        return []
    firsts = {}
    for index, record in zip(frame.index, frame.itertuples(index=False, name=None), strict=True):
        firsts.setdefault(record, index)
    problems = []
    for index in frame.index[repeated.to_numpy()][: MAX_PROBLEMS + 1]:
        texts = {k: str(columns[k].text().iloc[index]) for k in keys}
        record = tuple(frame.loc[index])
        shown = ", ".join(f"{k}={show(texts[k])}" for k in keys)
        first = table.rows[firsts[record]]
        message = (
            f"the combination {shown} is a duplicate of row {first}:"
            f" each row needs its own combination of {', '.join(keys)}"
        )
        problems.append(Problem(table.name, int(table.rows[index]), keys[0], message))
    return problems
