"""Reading and writing tables the way spreadsheets save them.

A :class:`Table` is read from

* a CSV file, in UTF-8 with or without a byte-order mark, with Windows (CRLF),
  Unix (LF) or old Mac (CR) line endings, its values separated by commas, or (where
  the caller allows it) by semicolons as Excel saves "CSV" in Italian, Spanish,
  French, Dutch and other locales, or by tabs;
* an Excel workbook (``.xlsx``), read with `openpyxl <https://openpyxl.readthedocs.io>`_
  (its first sheet; the values a formula last computed, never the formula).

Quoting is checked strictly: a stray or unclosed double quote is a problem with its
row and column, not a guess. Rows are numbered as a spreadsheet shows them: the
header is row 1, the first data row is row 2. Rows whose cells are all empty and rows
with more or fewer cells than the header are set aside and listed, so that a caller
can ignore the first (a trainer's spreadsheet) or report both (the book's data).

The common case, a CSV file with no double quote at all, is read column by column:
NumPy finds the rows and counts their cells, and pandas' C parser reads the columns
(whole numbers straight into integers). That is what makes a million rows quick.

:func:`write_table` writes a table for people to open: an ``.xlsx`` workbook, or a
CSV file with a byte-order mark, in both cases with text that a spreadsheet would
run as a formula neutralised.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
import zipfile
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from lipse_widgets.data.files import ENCODING, SAVE_AS_UTF8, read_bytes, utf16_problem
from lipse_widgets.data.problems import ANY_COLUMN, HEADER_ROW, WHOLE_FILE, Problem, show

#: The separators a CSV file may use, and how messages name them.
SEPARATORS = {",": "commas (,)", ";": "semicolons (;)", "\t": "tabs"}
#: File name endings read as Excel workbooks.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
#: The first bytes of a zip file (an .xlsx workbook) and of an old binary .xls workbook.
_ZIP_MAGIC = b"PK\x03\x04"
_XLS_MAGIC = b"\xd0\xcf\x11\xe0"
#: Cell text that a spreadsheet runs as a formula when it opens a CSV file (OWASP).
FORMULA_START = re.compile(r"^[=+\-@\t\r]")


@dataclass(frozen=True, eq=False)
class Table:
    """The cells of one table, as read, before any check against a schema.

    ``cells`` has one column per header position (named 0, 1, ...), holding text
    (``""`` for an empty cell), except where the reader already parsed a column of
    whole numbers into integers. ``rows`` gives the spreadsheet row of each record.
    Rows that are entirely empty (``blank_rows``) and rows with another number of
    cells than the header (``ragged_rows``: row, number of cells) are not in ``cells``.
    """

    name: str
    header: list[str]
    cells: pd.DataFrame
    rows: np.ndarray
    separator: str | None = None  # None for a workbook
    blank_rows: tuple[int, ...] = ()
    ragged_rows: tuple[tuple[int, int], ...] = ()
    _data: bytes | None = field(default=None, repr=False)  # a quote-free CSV's records, as read
    _skip: int = field(default=0, repr=False)  # lines of ``_data`` before the records
    _cache: dict = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        """Return the number of records read (blank and ragged rows left out)."""
        return len(self.cells)

    def position(self, column: str) -> int:
        """Return the position of the first column called ``column`` in the header."""
        return self.header.index(column)

    def text_column(self, column: str) -> pd.Series:
        """Return a column's cells as text, exactly as written in the file."""
        position = self.position(column)
        values = self.cells[position]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            return values
        if "text" not in self._cache:
            self._cache["text"] = _read_columns(self)
        return self._cache["text"][position]


# --- Reading ----------------------------------------------------------------------------


def read_table(
    path: Path,
    name: str,
    expected: Sequence[str],
    *,
    separators: Collection[str] = (",",),
    workbooks: bool = False,
    integer_columns: Collection[str] = (),
    integer_dtype=np.int64,
    missing: str = "file not found",
) -> tuple[Table | None, list[Problem]]:
    """Read a CSV file (or, with ``workbooks``, an .xlsx workbook) into a :class:`Table`.

    ``name`` is how messages call the file; ``expected`` is the header the schema
    asks for (used in messages only); ``separators`` are the value separators
    accepted. Columns named in ``integer_columns`` may be parsed straight into
    ``integer_dtype`` (quote-free CSV only). Returns None and the problems if the file
    cannot be read as a table at all.
    """
    raw, problems = read_bytes(path, name, missing=missing)
    if raw is None:
        return None, problems
    if raw.startswith(_ZIP_MAGIC) or Path(path).suffix.lower() in WORKBOOK_SUFFIXES:
        if not workbooks:
            message = "is an Excel workbook, not a CSV file; save it as 'CSV UTF-8'"
            return None, [Problem(name, WHOLE_FILE, ANY_COLUMN, message)]
        return _read_workbook(raw, name)
    if raw.startswith(_XLS_MAGIC):
        advice = (
            "save it as an .xlsx workbook or as 'CSV UTF-8'"
            if workbooks
            else ("save it as 'CSV UTF-8'")
        )
        message = f"is an old Excel workbook (.xls), which cannot be read; {advice}"
        return None, [Problem(name, WHOLE_FILE, ANY_COLUMN, message)]
    if not raw.strip(b" \t\r\n\xef\xbb\xbf"):
        message = f"the file is empty; expected a header row: {','.join(expected)}"
        return None, [Problem(name, WHOLE_FILE, ANY_COLUMN, message)]
    problems = utf16_problem(raw, name)
    if problems:
        return None, problems
    problems = _utf8_problems(raw, name)
    if problems:
        return None, problems
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    separator = _separator(body)
    if separator not in separators:
        allowed = " or ".join(SEPARATORS[s] for s in separators)
        message = (
            f"the values are separated by {SEPARATORS[separator]}, not by {allowed}: {_RESAVE_HINT}"
        )
        return None, [Problem(name, HEADER_ROW, ANY_COLUMN, message)]
    if b'"' not in body:
        table = _read_plain(body, name, separator, integer_columns, integer_dtype)
    else:
        table, problems = _read_quoted(body.decode("utf-8"), name, separator, expected)
    if table is not None and not table.header:
        message = f"the file is empty; expected a header row: {','.join(expected)}"
        return None, [Problem(name, WHOLE_FILE, ANY_COLUMN, message)]
    return table, problems


_RESAVE_HINT = "save the file as 'CSV UTF-8 (comma delimited)'"


def _separator(body: bytes) -> str:
    """Guess the value separator from the header line: the candidate that splits it most."""
    header = re.split(rb"[\r\n]", body.lstrip(b" \t\r\n"), maxsplit=1)[0]
    counts = {s: header.count(s.encode()) for s in SEPARATORS}
    best = max(counts, key=lambda s: (counts[s], s == ","))
    return best if counts[best] else ","


def _utf8_problems(raw: bytes, name: str) -> list[Problem]:
    """Check that the file is UTF-8, or say in which row and cell it is not."""
    try:
        raw.decode(ENCODING)
        return []
    except UnicodeDecodeError as err:
        # The text before the bad byte is valid: parse it, with a sentinel standing for
        # the bad byte, to find the row and the cell that hold it.
        try:
            before = raw[: err.start].decode(ENCODING) + "?"
            separator = _separator(raw)
            done = list(csv.reader(io.StringIO(before, newline=""), delimiter=separator))
            shown = raw.decode(ENCODING, errors="backslashreplace")
            rows = list(csv.reader(io.StringIO(shown, newline=""), delimiter=separator))
        except csv.Error:
            done, rows = [[]], [[]]
        index, position = len(done) - 1, max(len(done[-1]) - 1, 0)
        cell = rows[index][position] if index < len(rows) and position < len(rows[index]) else ""
        column = rows[0][position] if index > 0 and position < len(rows[0]) else ANY_COLUMN
        message = f"not valid UTF-8 (byte 0x{raw[err.start]:02x} in {show(cell)}); {SAVE_AS_UTF8}"
        return [Problem(name, index + 1, column, message)]


def _read_plain(
    body: bytes, name: str, separator: str, integer_columns: Collection[str], integer_dtype
) -> Table:
    """Read a CSV file with no double quote: every line is one row."""
    if b"\r" in body:
        body = body.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    table = _plain_layout(body, name, separator, exact=False)
    if not table.header:
        return table
    wanted = {i: integer_dtype for i, label in enumerate(table.header) if label in integer_columns}
    try:
        return _with_cells(table, _read_columns(table, integers=wanted))
    except pd.errors.ParserError:  # the totals added up, but a line has more cells
        table = _plain_layout(body, name, separator, exact=True)
        return _with_cells(table, _read_columns(table, integers=wanted))


def _plain_layout(body: bytes, name: str, separator: str, *, exact: bool) -> Table:
    """Find the header, the records, and the empty and ragged rows of a quote-free CSV.

    NumPy finds the lines. A line shorter than a row of filled cells is looked at in
    Python (is it empty? has it the header's number of cells?); the others are counted
    all at once, and line by line only if the totals do not add up (or ``exact``).
    Returns a :class:`Table` without cells; its temporary arrays are freed on return.
    """
    data = np.frombuffer(body, dtype=np.uint8)
    newlines = np.flatnonzero(data == 10)
    starts = np.concatenate(([0], newlines + 1))
    if starts[-1] == len(data):
        starts = starts[:-1]
    ends = np.append(newlines, len(data))[: len(starts)]
    del newlines
    sep = separator.encode()

    def cells(line: int) -> list[bytes]:
        return body[starts[line] : ends[line]].split(sep)

    first = 0
    while first < len(starts) and not any(c.strip() for c in cells(first)):
        first += 1
    if first == len(starts):
        return Table(name, [], pd.DataFrame(), np.array([], dtype=np.int64))
    header = [c.decode("utf-8") for c in cells(first)]
    width = len(header)
    lines = np.arange(first + 1, len(starts))
    looked = (ends[lines] - starts[lines]) < 2 * width - 1  # an empty or a missing cell
    blank, found = np.zeros(len(lines), dtype=bool), np.zeros(len(lines), dtype=np.int64)
    for k in np.flatnonzero(looked):
        parts = cells(int(lines[k]))
        found[k], blank[k] = len(parts), not any(c.strip() for c in parts)
    ragged = looked & ~blank & (found != width)
    is_separator = data == ord(separator)
    if not exact and len(lines):
        counted = int(np.count_nonzero(is_separator[starts[first + 1] :]))
        expected = (width - 1) * int((~looked).sum()) + int((found[looked] - 1).clip(0).sum())
        exact = counted != expected
    if exact:  # count every line's cells
        per_line = np.add.reduceat(is_separator, starts, dtype=np.int64)[first + 1 :] + 1
        found = np.where(looked, found, per_line)
        ragged = ~blank & (found != width)
    del is_separator
    keep = ~blank & ~ragged
    skip = 0
    if keep.all():  # read the records where they are: no copy of a large file
        chosen, skip = (body, first + 1) if len(lines) else (b"", 0)
    elif not keep.any():
        chosen = b""
    else:
        mask = np.zeros(len(starts), dtype=bool)
        mask[lines[keep]] = True
        chosen = data[np.repeat(mask, np.append(starts[1:], len(data)) - starts)].tobytes()
    return Table(
        name,
        header,
        pd.DataFrame(),
        lines[keep] + 1,
        separator,
        tuple(int(r) + 1 for r in lines[blank]),
        tuple((int(lines[k]) + 1, int(found[k])) for k in np.flatnonzero(ragged)),
        _data=chosen,
        _skip=skip,
    )


def _with_cells(table: Table, cells: pd.DataFrame) -> Table:
    return Table(
        table.name,
        table.header,
        cells,
        table.rows,
        table.separator,
        table.blank_rows,
        table.ragged_rows,
        _data=table._data,
        _skip=table._skip,
    )


def _read_columns(table: Table, *, integers: Mapping[int, object] | None = None) -> pd.DataFrame:
    """Read the chosen (quote-free) lines with pandas' C parser.

    Columns at the positions in ``integers`` are parsed straight into that integer
    type; if one of them holds anything else, or a line turns out to have more cells
    than the header, every column is read again as text (for exact messages).
    """
    width = len(table.header)
    if not table._data:
        return pd.DataFrame({i: pd.Series([], dtype=object) for i in range(width)})
    integers = integers or {}
    try:
        return pd.read_csv(
            io.BytesIO(table._data),
            sep=table.separator,
            header=None,
            skiprows=table._skip,
            names=list(range(width)),
            dtype={i: integers.get(i, str) for i in range(width)},
            na_filter=False,
            skip_blank_lines=False,
            quoting=csv.QUOTE_NONE,
            engine="c",
        )
    except (ValueError, OverflowError) as err:  # not all whole numbers of that size
        if integers and not isinstance(err, pd.errors.ParserError):
            return _read_columns(table)
        raise


def _read_quoted(
    text: str, name: str, separator: str, expected: Sequence[str]
) -> tuple[Table | None, list[Problem]]:
    """Read a CSV text that has double quotes with Python's csv module, strictly."""
    records: list[list[str]] = []
    starts = [0]  # physical line where each record starts
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    try:
        for record in reader:
            records.append(record)
            starts.append(reader.line_num)
    except csv.Error as err:
        lines = list(io.StringIO(text, newline=""))
        position = _bad_quote_cell("".join(lines[starts[len(records)] :]), separator)
        header = records[0] if records else list(expected)
        column = header[position] if position < len(header) else ANY_COLUMN
        if "unexpected end of data" in str(err):
            message = (
                'a value starts with a double quote (") that is never closed, so the rest of'
                " the file would be read as part of it; close the quote or remove it"
            )
        else:
            message = (
                "the double quotes in this value do not pair up; wrap the whole value in"
                ' double quotes and write each quote inside it as two ("")'
            )
        return None, [Problem(name, len(records) + 1, column, message)]
    filled = [i for i, r in enumerate(records) if any(c.strip() for c in r)]
    if not filled:
        return Table(name, [], pd.DataFrame(), np.array([], dtype=np.int64)), []
    first = filled[0]
    header = records[first]
    kept, rows, blank_rows, ragged_rows = [], [], [], []
    for index in range(first + 1, len(records)):
        record, row = records[index], index + 1
        if not any(cell.strip() for cell in record):
            blank_rows.append(row)
        elif len(record) != len(header):
            ragged_rows.append((row, len(record)))
        else:
            kept.append(record)
            rows.append(row)
    cells = pd.DataFrame(kept, columns=range(len(header)), dtype=object)
    if not kept:
        cells = pd.DataFrame({i: pd.Series([], dtype=object) for i in range(len(header))})
    table = Table(
        name,
        header,
        cells,
        np.array(rows, dtype=np.int64),
        separator,
        tuple(blank_rows),
        tuple(ragged_rows),
    )
    return table, []


def _bad_quote_cell(text: str, separator: str) -> int:
    """Return the position of the cell whose quoting breaks the CSV syntax in ``text``.

    ``text`` starts at the beginning of the row the CSV reader could not read.
    """
    i, cell, n = 0, 0, len(text)
    while i < n:
        if text[i] == '"':
            j = i + 1
            while True:
                k = text.find('"', j)
                if k < 0:
                    return cell  # the quote is never closed
                if text.startswith('""', k):
                    j = k + 2
                    continue
                break
            i = k + 1
            if i < n and text[i] not in separator + "\r\n":
                return cell  # text after the closing quote
        else:
            ends = (text.find(stop, i) for stop in (separator, "\n", "\r"))
            i = min((e for e in ends if e >= 0), default=n)
        if i < n and text[i] == separator:
            cell += 1
            i += 1
        else:
            return cell
    return cell


def _workbook_text(value: object) -> str:
    """Return a workbook cell's value as the text a CSV file would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _read_workbook(raw: bytes, name: str) -> tuple[Table | None, list[Problem]]:
    """Read the first sheet of an .xlsx workbook (the values formulas last computed)."""
    import openpyxl  # only a workbook needs it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as err:
        message = f"cannot be read as an Excel workbook ({type(err).__name__}: {err})"
        return None, [Problem(name, WHOLE_FILE, ANY_COLUMN, message)]
    try:
        sheet = book.worksheets[0]
        values = [
            [_workbook_text(v) for v in row] for row in sheet.iter_rows(min_row=1, values_only=True)
        ]
    finally:
        book.close()
    filled = [i for i, row in enumerate(values) if any(c.strip() for c in row)]
    if not filled:
        return None, [Problem(name, WHOLE_FILE, ANY_COLUMN, "the workbook's first sheet is empty")]
    first = filled[0]
    header = values[first]
    while header and not header[-1].strip():
        header = header[:-1]
    kept, rows, blank_rows, ragged_rows = [], [], [], []
    for index in range(first + 1, len(values)):
        record, row = values[index], index + 1
        if not any(cell.strip() for cell in record):
            blank_rows.append(row)
            continue
        used = max(i for i, cell in enumerate(record) if cell.strip()) + 1
        if used > len(header):
            ragged_rows.append((row, used))
            continue
        kept.append((record + [""] * len(header))[: len(header)])
        rows.append(row)
    cells = pd.DataFrame(kept, columns=range(len(header)), dtype=object)
    if not kept:
        cells = pd.DataFrame({i: pd.Series([], dtype=object) for i in range(len(header))})
    rows_array = np.array(rows, dtype=np.int64)
    table = Table(name, header, cells, rows_array, None, tuple(blank_rows), tuple(ragged_rows))
    return table, []


# --- Writing ----------------------------------------------------------------------------


def neutralise(value: str) -> str:
    """Return text that a spreadsheet shows as written instead of running it as a formula.

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
    leading apostrophe, as OWASP advises for CSV files.
    """
    return "'" + value if FORMULA_START.match(value) else value


def write_table(frame: pd.DataFrame, path: Path, *, separator: str = ",") -> None:
    """Write ``frame`` to ``path`` (``.xlsx`` or ``.csv``) for people to open in a spreadsheet.

    An ``.xlsx`` workbook keeps every text cell as text (a spreadsheet never runs it
    as a formula) and numbers as numbers; it opens the same in every language of
    Excel and LibreOffice. A CSV file is UTF-8 with a byte-order mark (so that Excel
    shows accents right) and Windows line endings, its text neutralised with
    :func:`neutralise`. The file is written to a temporary name and then renamed, so
    a failure never leaves a partial file. Raises OSError if it cannot be written.
    """
    path = Path(path)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            if path.suffix.lower() in WORKBOOK_SUFFIXES:
                _write_workbook(frame, stream)
            else:
                _write_csv(frame, stream, separator)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _text_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c].dtype)]


def _csv_text(value: str, separator: str) -> str:
    """Return one text cell as a CSV file holds it: neutralised, quoted if it must be."""
    value = neutralise(value)
    if any(c in value for c in f'"\r\n{separator}'):
        value = '"' + value.replace('"', '""') + '"'
    return value


def _digits(column: pd.Series) -> np.ndarray | None:
    """Return a column of whole numbers from 0 to 9 as ASCII digits (None for any other)."""
    if not pd.api.types.is_integer_dtype(column.dtype) or not len(column):
        return None
    values = column.to_numpy()
    if values.min() < 0 or values.max() > 9:
        return None
    return values.astype(np.uint8) + ord("0")


def _text_cells(column: pd.Series, separator: str) -> list[bytes]:
    """Return a column's cells as CSV bytes: neutralised, and quoted where they must be."""
    if isinstance(column.dtype, pd.CategoricalDtype):  # few distinct texts: each done once
        texts = [_csv_text(str(c), separator).encode() for c in column.cat.categories]
        lookup = np.array([*texts, b""], dtype=object)
        return lookup[column.cat.codes.to_numpy()].tolist()
    if pd.api.types.is_integer_dtype(column.dtype) and len(column):
        values = column.to_numpy(dtype=np.int64)
        low, high = int(values.min()), int(values.max())
        if high - low < 100_000:
            lookup = np.array([str(v).encode() for v in range(low, high + 1)], dtype=object)
            return lookup[values - low].tolist()
    text = column.astype(str).tolist()
    joined = "\x00" + "\x00".join(text)  # look at all the cells at once: rarely any work
    marks = ['"', "\r", "\n", separator, *("\x00" + c for c in "=+-@\t\r")]
    if any(mark in joined for mark in marks):
        return [_csv_text(v, separator).encode() for v in text]
    if joined.count("\x00") == len(text):  # encode the cells at once, then split them
        return joined[1:].encode().split(b"\x00")
    return [v.encode() for v in text]


def _csv_rows(frame: pd.DataFrame, separator: str) -> bytes:
    """Return rows of a table as CSV bytes, built column by column.

    Neighbouring columns of single digits (answers of 1 to 5) are one block per row,
    made by NumPy with the digits and separators side by side in memory, so that each
    row is a few joins, not one per column.
    """
    blocks: list[list[bytes]] = []
    digits: list[np.ndarray] = []

    def close() -> None:
        if digits:
            block = np.full((len(frame), 2 * len(digits) - 1), ord(separator), dtype=np.uint8)
            for k, column in enumerate(digits):
                block[:, 2 * k] = column
            blocks.append(block.view(f"S{block.shape[1]}").ravel().tolist())
            digits.clear()

    for name in frame.columns:
        found = _digits(frame[name])
        if found is None:
            close()
            blocks.append(_text_cells(frame[name], separator))
        else:
            digits.append(found)
    close()
    return b"\r\n".join(map(separator.encode().join, zip(*blocks, strict=True))) + b"\r\n"


def _write_csv(frame: pd.DataFrame, stream, separator: str, chunk: int = 50_000) -> None:
    """Write CSV: UTF-8 with a byte-order mark, CRLF, a chunk of rows at a time."""
    header = separator.join(_csv_text(str(c), separator) for c in frame.columns)
    stream.write(("\ufeff" + header + "\r\n").encode("utf-8"))
    for start in range(0, len(frame), chunk):
        stream.write(_csv_rows(frame.iloc[start : start + chunk], separator))


def _write_workbook(frame: pd.DataFrame, stream) -> None:
    import openpyxl  # only a workbook needs it
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Scores" if "score" in frame.columns else "Table")
    widths = [max(len(str(c)), 8) for c in frame.columns]
    for i, column in enumerate(frame.columns):
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            longest = frame[column].astype(str).str.len().max() if len(frame) else 0
            widths[i] = min(max(widths[i], int(longest or 0)), 60)
        sheet.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width = widths[i] + 2
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in frame.columns:
        cell = WriteOnlyCell(sheet, value=str(column))
        cell.font = bold
        cell.data_type = "s"
        header.append(cell)
    sheet.append(header)
    text = set(_text_columns(frame))
    columns = list(frame.columns)
    for record in frame.itertuples(index=False, name=None):
        row = []
        for column, value in zip(columns, record, strict=True):
            if column in text:
                cell = WriteOnlyCell(sheet, value=str(value))
                cell.data_type = "s"  # text, never a formula, whatever it starts with
            else:
                cell = WriteOnlyCell(sheet, value=value.item() if hasattr(value, "item") else value)
            row.append(cell)
        sheet.append(row)
    book.save(stream)
