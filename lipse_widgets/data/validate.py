"""Validate data files against the Table Schemas in ``datapackage.json``.

Every problem becomes a :class:`~lipse_widgets.data.problems.Problem` that names
the file, the data row and the column, in words a contributor can act on.
Frictionless does the cell-level checks (types, constraints, keys); this module
reads the bytes, the CSV syntax and the header first, so that an empty file, a
wrong encoding, a stray quote or a renamed column gives one clear line instead
of a cascade (or a traceback).

Each file is read once: the rows that are checked are the rows that
:func:`~lipse_widgets.data.load.load_table` turns into a table.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lipse_widgets.data.problems import ANY_COLUMN, HEADER_ROW, Problem

ENCODING = "utf-8-sig"  # UTF-8; a leading byte-order mark (as Excel writes) is tolerated
DESCRIPTOR = "datapackage.json"
BIBLIOGRAPHY = "references.bib"
#: At most this many cell problems are listed per file.
MAX_PROBLEMS = 1000
_MAX_CELL = 60
#: Characters a cell should never hold (tab, line feed and carriage return are allowed).
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff]")
#: Characters shown escaped in messages, so that every problem stays on one line.
_CONTROL = re.compile(r"[\x00-\x1f\x7f\ufeff]")

_TYPE_HINTS = {
    "integer": "a whole number",
    "number": "a number (use a point for decimals, e.g. 0.75)",
    "boolean": "true or false",
    "date": "a date written YYYY-MM-DD",
    "year": "a four-digit year",
    "datetime": "a date and time written YYYY-MM-DDTHH:MM:SS",
}
#: A data file's name: a plain file in the data folder, safe in a link or a role.
_FILE_NAME = re.compile(r"[A-Za-z0-9_.-]+\.csv")
_FORMAT_HINTS = {"uri": "a web address (URI)", "email": "an email address", "uuid": "a UUID"}


@dataclass(frozen=True)
class Table:
    """The rows of one CSV file as text: ``rows[0]`` is the header."""

    name: str
    rows: list[list[str]]

    @property
    def header(self) -> list[str]:
        """The header row."""
        return self.rows[0]

    @property
    def records(self) -> list[list[str]]:
        """The data rows (row 1 is ``records[0]``)."""
        return self.rows[1:]


def _show(cell: object) -> str:
    """Quote a cell value for a one-line message."""
    text = "" if cell is None else str(cell)
    text = _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
    if len(text) > _MAX_CELL:
        text = text[: _MAX_CELL - 1] + "…"
    return f"'{text}'"


def _field_names(schema: dict) -> list[str]:
    return [f["name"] for f in schema.get("fields", [])]


# --- Reading a CSV file: bytes, encoding, CSV syntax --------------------------------------


def _read_bytes(path: Path, name: str) -> tuple[bytes | None, list[Problem]]:
    """Read the file's bytes, or say why they cannot be read."""
    if path.is_dir():
        return None, [Problem(name, HEADER_ROW, ANY_COLUMN, "is a folder, not a CSV file")]
    if not path.is_file():
        return None, [
            Problem(name, HEADER_ROW, ANY_COLUMN, f"file not found (it is listed in {DESCRIPTOR})")
        ]
    try:
        return path.read_bytes(), []
    except OSError as err:
        return None, [Problem(name, HEADER_ROW, ANY_COLUMN, f"cannot be read: {err.strerror}")]


def _decode(raw: bytes, name: str) -> tuple[str | None, list[Problem]]:
    """Decode the file as UTF-8, or say where it is not."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        message = "is saved as UTF-16; save the file with the UTF-8 encoding"
        return None, [Problem(name, HEADER_ROW, ANY_COLUMN, message)]
    try:
        return raw.decode(ENCODING), []
    except UnicodeDecodeError as err:
        # The text before the bad byte is valid: parse it, with a sentinel standing for
        # the bad byte, to find the data row and the cell that hold it.
        before = list(csv.reader(io.StringIO(raw[: err.start].decode(ENCODING) + "?", newline="")))
        row, position = len(before) - 1, len(before[-1]) - 1
        shown = raw.decode(ENCODING, errors="backslashreplace")
        rows = list(csv.reader(io.StringIO(shown, newline="")))
        cell = rows[row][position] if row < len(rows) and position < len(rows[row]) else ""
        column = rows[0][position] if row > 0 and position < len(rows[0]) else ANY_COLUMN
        message = (
            f"not valid UTF-8 (byte 0x{raw[err.start]:02x} in {_show(cell)});"
            " save the file with the UTF-8 encoding"
        )
        return None, [Problem(name, row, column, message)]


def _bad_quote_cell(text: str) -> int:
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
            if i < n and text[i] not in ",\r\n":
                return cell  # text after the closing quote
        else:
            ends = (text.find(stop, i) for stop in (",", "\n", "\r"))
            i = min((e for e in ends if e >= 0), default=n)
        if i < n and text[i] == ",":
            cell += 1
            i += 1
        else:
            return cell
    return cell


def _parse(
    text: str, name: str, expected: list[str]
) -> tuple[list[list[str]] | None, list[Problem]]:
    """Parse CSV text strictly: a stray or unclosed quote is a problem, not a guess."""
    rows: list[list[str]] = []
    starts = [0]  # physical line where each row starts
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        for row in reader:
            rows.append(row)
            starts.append(reader.line_num)
    except csv.Error as err:
        lines = list(io.StringIO(text, newline=""))
        position = _bad_quote_cell("".join(lines[starts[len(rows)] :]))
        header = rows[0] if rows else expected
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
        return None, [Problem(name, len(rows), column, message)]
    return rows, []


def read_table(path: Path, name: str, expected: list[str]) -> tuple[Table | None, list[Problem]]:
    """Read a CSV file into rows of text, or return the problems that stop it being read.

    ``expected`` is the header the schema asks for (used in messages only).
    """
    raw, problems = _read_bytes(path, name)
    if raw is None:
        return None, problems
    if not raw.strip(b" \t\r\n\xef\xbb\xbf"):
        message = f"the file is empty; expected a header row: {','.join(expected)}"
        return None, [Problem(name, HEADER_ROW, ANY_COLUMN, message)]
    text, problems = _decode(raw, name)
    if text is None:
        return None, problems
    rows, problems = _parse(text, name, expected)
    if rows is None:
        return None, problems
    return Table(name, rows), []


# --- The header -------------------------------------------------------------------------


def _check_header(labels: list[str], expected: list[str], name: str) -> list[Problem]:
    """Compare the header row with the schema's field names."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for label in labels:
        if label in seen and label in expected:
            problems.append(Problem(name, HEADER_ROW, label, "column appears twice in the header"))
        seen.add(label)
    missing = [f for f in expected if f not in labels]
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
            message = f"the header calls this column {_show(label)}; rename it to '{field}'"
            problems.append(Problem(name, HEADER_ROW, field, message))
        else:
            message = f"unknown column {_show(label)}; the schema expects: {', '.join(expected)}"
            problems.append(Problem(name, HEADER_ROW, ANY_COLUMN, message))
    for field in missing:
        if field not in renamed:
            problems.append(Problem(name, HEADER_ROW, field, "column is missing from the header"))
    if not problems and labels != expected:
        message = f"columns are in a different order from the schema: {', '.join(expected)}"
        problems.append(Problem(name, HEADER_ROW, ANY_COLUMN, message))
    return problems


# --- Cells: Frictionless ----------------------------------------------------------------


def _constraint_message(field: dict, cell: object, note: str) -> str:
    constraints = field.get("constraints", {})
    match = re.match(r'constraint "(\w+)"', note or "")
    rule = match.group(1) if match else ""
    if rule == "required" or (cell in (None, "") and constraints.get("required")):
        return "a value is required (the cell is empty)"
    if rule == "enum":
        allowed = ", ".join(str(v) for v in constraints["enum"])
        return f"{_show(cell)} is not one of {allowed}"
    if rule in ("minimum", "maximum"):
        word = "less" if rule == "minimum" else "more"
        return f"{_show(cell)} is {word} than the allowed {rule} {constraints[rule]}"
    if rule in ("minLength", "maxLength"):
        word = "shorter" if rule == "minLength" else "longer"
        limit = constraints[rule]
        return f"{_show(cell)} is {len(str(cell))} characters, {word} than the allowed {limit}"
    if rule == "pattern":
        return f"{_show(cell)} does not match the pattern {constraints['pattern']}"
    if rule == "unique":
        return f"{_show(cell)} appears more than once: values in this column must be unique"
    return f"{_show(cell)} breaks the rule {note}"


def _type_message(field: dict, cell: object) -> str:
    kind = field.get("type", "string")
    fmt = field.get("format", "default")
    if kind == "string" and fmt in _FORMAT_HINTS:
        return f"{_show(cell)} is not {_FORMAT_HINTS[fmt]}"
    return f"{_show(cell)} is not {_TYPE_HINTS.get(kind, 'a valid ' + kind)}"


def _first_row(note: str | None) -> str:
    found = re.search(r"position (\d+)", note or "")
    return f" of row {int(found.group(1)) - 1}" if found else ""


def _cell_problems(table: Table, resource: dict) -> tuple[list[Problem], bool]:
    """Run the Frictionless checks on the rows of a table with a known-good header.

    Also returns whether Frictionless stopped at :data:`MAX_PROBLEMS`.
    """
    import frictionless as fl  # imported here: a heavy import, only needed to validate

    name = table.name
    schema = resource["schema"]
    fields = {f["name"]: f for f in schema["fields"]}
    keys = list(schema.get("primaryKey", []))
    if isinstance(keys, str):
        keys = [keys]
    res = fl.Resource(data=table.rows, schema=fl.Schema.from_descriptor(schema))
    report = res.validate(limit_errors=MAX_PROBLEMS)
    by_row: dict[int, list] = {}
    for task in report.tasks:
        for err in task.errors:
            row = getattr(err, "row_number", None)
            by_row.setdefault(row - 1 if row else HEADER_ROW, []).append(err)
    problems: list[Problem] = []
    for row, errors in sorted(by_row.items()):
        missing = [e for e in errors if e.type == "missing-cell"]
        extra = [e for e in errors if e.type == "extra-cell"]
        if missing or extra:
            found = len(fields) - len(missing) + len(extra)
            column = missing[0].field_name if missing else ANY_COLUMN
            message = (
                f"row has {found} cells but the header has {len(fields)}"
                " (check for a missing or extra comma, or a value with a comma that is not"
                " wrapped in double quotes)"
            )
            problems.append(Problem(name, row, column, message))
            continue
        if any(e.type == "blank-row" for e in errors):
            problems.append(Problem(name, row, ANY_COLUMN, "the row is empty; remove it"))
            continue
        reported: set[str] = set()
        for err in errors:
            field = fields.get(getattr(err, "field_name", "") or "", {})
            column = field.get("name", ANY_COLUMN)
            cell = getattr(err, "cell", None)
            if err.type == "constraint-error":
                message = _constraint_message(field, cell, err.note)
            elif err.type == "type-error":
                message = _type_message(field, cell)
            elif err.type == "unique-error":
                message = (
                    f"{_show(cell)} is a duplicate{_first_row(err.note)}:"
                    " values in this column must be unique"
                )
            elif err.type == "primary-key":
                if reported & set(keys):
                    continue  # already reported as a duplicate or missing value
                values = table.rows[row][: len(fields)] if row < len(table.rows) else []
                named = dict(zip(fields, values, strict=False))
                shown = ", ".join(f"{k}={_show(named.get(k, ''))}" for k in keys)
                column = keys[0] if keys else ANY_COLUMN
                message = (
                    f"the combination {shown} is a duplicate{_first_row(err.note)}:"
                    f" each row needs its own combination of {', '.join(keys)}"
                )
            else:
                message = f"{err.title}: {err.note}".strip(": ")
            reported.add(column)
            problems.append(Problem(name, row, column, message))
    return problems, sum(len(task.errors) for task in report.tasks) >= MAX_PROBLEMS


def _invisible_problems(table: Table) -> list[Problem]:
    """Find control characters (such as NUL) that a cell should never hold."""
    problems = []
    for row, record in enumerate(table.records, start=1):
        for label, cell in zip(table.header, record, strict=False):
            found = _INVISIBLE.search(cell)
            if found:
                message = (
                    f"{_show(cell)} contains an invisible control character"
                    f" (U+{ord(found.group()):04X}); remove it"
                )
                problems.append(Problem(table.name, row, label, message))
    return problems


# --- Citation keys ----------------------------------------------------------------------


def split_keys(cell: str) -> list[str]:
    """Split a ``source`` cell such as ``"a2015; b2016"`` into its citation keys."""
    return [k.strip() for k in str(cell).split(";") if k.strip()]


def citation_fields(resource: dict) -> list[str]:
    """Return the names of the resource's fields that hold citation keys."""
    return [f["name"] for f in resource["schema"]["fields"] if f.get("citationKeys")]


def citation_problems(table: Table, resource: dict, keys: set[str], bib_name: str) -> list[Problem]:
    """Check that every citation key in the table's citation fields is in the bibliography."""
    fields = citation_fields(resource)
    positions = {f: table.header.index(f) for f in fields if f in table.header}
    folded = {k.lower(): k for k in keys}
    problems = []
    for row, record in enumerate(table.records, start=1):
        if len(record) != len(table.header):
            continue  # a ragged row is reported on its own
        for field, position in positions.items():
            for key in split_keys(record[position]):
                if key in keys:
                    continue
                if re.search(r"[\s,]", key):
                    message = f"{_show(key)} is not a citation key; separate keys with '; '"
                elif key.lower() in folded:
                    message = (
                        f"unknown citation key '{key}': {bib_name} has '{folded[key.lower()]}'"
                        " (keys are case-sensitive)"
                    )
                else:
                    guess = difflib.get_close_matches(key, list(keys), n=1, cutoff=0.8)
                    hint = f" (did you mean '{guess[0]}'?)" if guess else ""
                    message = f"unknown citation key '{key}': not in {bib_name}{hint}"
                problems.append(Problem(table.name, row, field, message))
    return problems


def _repeated_entry_line(text: str, message: str) -> int:
    """Return the line of the second entry with a repeated key (0 if not that problem)."""
    found = re.fullmatch(r"repeated bibliography entry: (.+)", message.strip())
    if not found:
        return HEADER_ROW
    entry = re.compile(r"@\w+\s*[{(]\s*" + re.escape(found.group(1)) + r"\s*,", re.IGNORECASE)
    starts = [m.start() for m in entry.finditer(text)]
    return text.count("\n", 0, starts[1]) + 1 if len(starts) > 1 else HEADER_ROW


def read_bibliography(bib_path: Path) -> tuple[set[str] | None, list[Problem]]:
    """Return the citation keys of a BibTeX file, or the problem that stops it being read."""
    from pybtex.database import parse_string  # pybtex comes with sphinxcontrib-bibtex
    from pybtex.exceptions import PybtexError

    name = bib_path.name
    if not bib_path.is_file():
        return None, [Problem(name, HEADER_ROW, ANY_COLUMN, "bibliography not found")]
    try:
        text = bib_path.read_bytes().decode(ENCODING)
    except OSError as err:
        return None, [Problem(name, HEADER_ROW, ANY_COLUMN, f"cannot be read: {err.strerror}")]
    except UnicodeDecodeError as err:
        line = err.object[: err.start].count(b"\n") + 1
        message = f"not valid UTF-8 (byte 0x{err.object[err.start]:02x}); save it as UTF-8"
        return None, [Problem(name, line, ANY_COLUMN, message)]
    try:
        entries = parse_string(text, bib_format="bibtex").entries
    except PybtexError as err:
        line = getattr(err, "lineno", None) or _repeated_entry_line(text, str(err))
        detail = re.sub(r"^(.*?) in line \d+: ", r"\1: ", str(err))
        return None, [Problem(name, line, ANY_COLUMN, f"not valid BibTeX: {detail}")]
    return set(entries.keys()), []


def bibliography_keys(bib_path: Path) -> set[str]:
    """Return the citation keys defined in a BibTeX file (empty if it cannot be read)."""
    keys, _ = read_bibliography(Path(bib_path))
    return keys or set()


# --- One resource -----------------------------------------------------------------------


def check_resource(
    resource: dict, data_dir: Path, keys: set[str] | None = None, bib_name: str = BIBLIOGRAPHY
) -> tuple[Table | None, list[Problem]]:
    """Read and validate one CSV resource; return the table (if readable) and its problems.

    With ``keys``, the resource's citation fields are checked against them.
    The table is returned even when it has problems; callers that need a valid
    table must check that the problems are empty.
    """
    name = resource["path"]
    schema = resource["schema"]
    expected = _field_names(schema)
    table, problems = read_table(Path(data_dir) / name, name, expected)
    if table is None:
        return None, problems
    problems = _check_header(table.header, expected, name)
    if problems:
        return table, problems
    if not table.records:
        message = "the file has a header but no data rows"
        return table, [Problem(name, HEADER_ROW, ANY_COLUMN, message)]
    problems, stopped = _cell_problems(table, resource)
    problems += _invisible_problems(table)
    if keys is not None:
        problems += citation_problems(table, resource, keys, bib_name)
    order = {n: i for i, n in enumerate(expected)}
    problems.sort(key=lambda p: (p.row, order.get(p.column, len(order))))
    if stopped:
        message = f"the check stopped after {MAX_PROBLEMS} problems; fix these and check again"
        problems.append(Problem(name, HEADER_ROW, ANY_COLUMN, message))
    return table, problems


def validate_resource(
    resource: dict, data_dir: Path, keys: set[str] | None = None
) -> list[Problem]:
    """Validate one CSV resource of the data package; return its problems.

    With ``keys`` (the citation keys of the bibliography), citation fields are
    checked too.
    """
    return check_resource(resource, data_dir, keys)[1]


# --- The descriptor ---------------------------------------------------------------------


def _resource_label(resource: object, index: int) -> str:
    name = resource.get("name") if isinstance(resource, dict) else None
    return f"resource '{name}'" if isinstance(name, str) else f"resource number {index + 1}"


def _own_descriptor_problems(descriptor: dict) -> list[Problem]:
    """Return the problems Frictionless does not check for but this book relies on."""
    problems = []
    for index, resource in enumerate(descriptor["resources"]):
        label = _resource_label(resource, index)
        if not isinstance(resource, dict):
            message = f"{label}: not a JSON object"
            problems.append(Problem(DESCRIPTOR, HEADER_ROW, ANY_COLUMN, message))
            continue
        path = resource.get("path")
        if not isinstance(path, str) or not _FILE_NAME.fullmatch(path):
            message = (
                f"{label}: 'path' must be the name of a .csv file in the data folder"
                " (letters, digits, '_', '-' and '.')"
            )
            problems.append(Problem(DESCRIPTOR, HEADER_ROW, ANY_COLUMN, message))
        schema = resource.get("schema")
        if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
            message = f"{label}: needs a 'schema' with its 'fields', written in this file"
            problems.append(Problem(DESCRIPTOR, HEADER_ROW, ANY_COLUMN, message))
            continue
        for field in schema["fields"]:
            pattern = field.get("constraints", {}).get("pattern")
            if isinstance(pattern, str):
                try:
                    re.compile(pattern)
                except re.error as err:
                    message = f"{label}: the pattern {pattern} is not a regular expression ({err})"
                    problems.append(Problem(DESCRIPTOR, HEADER_ROW, field["name"], message))
    return problems


def read_checked_descriptor(data_dir: Path) -> tuple[dict | None, list[Problem]]:
    """Read ``datapackage.json`` and check it; return it only if it has no problems."""
    path = Path(data_dir) / DESCRIPTOR
    if path.is_dir():
        return None, [Problem(DESCRIPTOR, HEADER_ROW, ANY_COLUMN, "is a folder, not a file")]
    if not path.is_file():
        message = "not found: the data folder must describe its files in datapackage.json"
        return None, [Problem(DESCRIPTOR, HEADER_ROW, ANY_COLUMN, message)]
    try:
        descriptor = json.loads(path.read_bytes().decode(ENCODING))
    except OSError as err:
        message = f"cannot be read: {err.strerror}"
        return None, [Problem(DESCRIPTOR, HEADER_ROW, ANY_COLUMN, message)]
    except UnicodeDecodeError as err:
        line = err.object[: err.start].count(b"\n") + 1
        message = f"not valid UTF-8 (byte 0x{err.object[err.start]:02x}); save it as UTF-8"
        return None, [Problem(DESCRIPTOR, line, ANY_COLUMN, message)]
    except json.JSONDecodeError as err:
        message = f"not valid JSON: {err.msg} (line {err.lineno}, column {err.colno})"
        return None, [Problem(DESCRIPTOR, err.lineno, ANY_COLUMN, message)]
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        message = "must be a JSON object with a list of 'resources'"
        return None, [Problem(DESCRIPTOR, HEADER_ROW, ANY_COLUMN, message)]
    try:
        problems = _frictionless_descriptor_problems(descriptor)
    except Exception as err:  # Frictionless on a descriptor it cannot even read
        message = f"cannot be checked ({type(err).__name__}: {err})"
        problems = [Problem(DESCRIPTOR, HEADER_ROW, ANY_COLUMN, message)]
    problems = problems or _own_descriptor_problems(descriptor)
    if problems:
        return None, problems
    return descriptor, []


def _frictionless_descriptor_problems(descriptor: dict) -> list[Problem]:
    """Check the descriptor with Frictionless, naming the resource and field where it can."""
    import frictionless as fl

    problems: list[Problem] = []
    resource_notes: set[str] = set()
    for index, resource in enumerate(descriptor["resources"]):
        if not isinstance(resource, dict):
            continue
        label = _resource_label(resource, index)
        schema = resource.get("schema")
        fields = schema.get("fields") if isinstance(schema, dict) else None
        field_notes = {}
        for field in fields if isinstance(fields, list) else []:
            if isinstance(field, dict) and isinstance(field.get("name"), str):
                for err in fl.Field.validate_descriptor(field).errors:
                    field_notes.setdefault(err.note, field["name"])
        for err in fl.Resource.validate_descriptor(resource).errors:
            resource_notes.add(err.note)
            column = field_notes.get(err.note, ANY_COLUMN)
            problems.append(Problem(DESCRIPTOR, HEADER_ROW, column, f"{label}: {err.note}"))
    for err in fl.Package.validate_descriptor(descriptor).errors:
        if err.note not in resource_notes:
            problems.append(Problem(DESCRIPTOR, HEADER_ROW, ANY_COLUMN, err.note))
    return problems


# --- The whole folder -------------------------------------------------------------------


def _validate_data_dir(data_dir: Path, bib_path: Path) -> list[Problem]:
    descriptor, problems = read_checked_descriptor(data_dir)
    if descriptor is None:
        return problems
    resources = descriptor["resources"]
    keys: set[str] | None = None
    bib_problems: list[Problem] = []
    if any(citation_fields(r) for r in resources):
        keys, bib_problems = read_bibliography(bib_path)
    for resource in resources:
        _, found = check_resource(resource, data_dir, keys, bib_path.name)
        problems.extend(found)
    listed = {r["path"] for r in resources}
    for path in sorted(data_dir.glob("*.csv")):
        if path.name not in listed:
            message = f"not described in {DESCRIPTOR}: add a resource for it, or remove it"
            problems.append(Problem(path.name, HEADER_ROW, ANY_COLUMN, message))
    from lipse_widgets.data.models import validate_models  # the readiness models (YAML)

    problems.extend(validate_models(data_dir))
    return problems + bib_problems


def validate_data_dir(data_dir: Path, bib_path: Path | None = None) -> list[Problem]:
    """Validate every resource listed in ``data_dir/datapackage.json``.

    Also checks citation keys against the bibliography (``../references.bib`` by
    default) and that every CSV file in the folder is described. Never raises for
    bad data: every problem, even an unexpected one, is returned as a Problem.
    """
    data_dir = Path(data_dir)
    bib_path = Path(bib_path) if bib_path else data_dir.parent / BIBLIOGRAPHY
    try:
        return _validate_data_dir(data_dir, bib_path)
    except Exception as err:  # a safety net: the command line must never show a traceback
        message = f"could not be checked ({type(err).__name__}: {err}); please report this"
        return [Problem(DESCRIPTOR, HEADER_ROW, ANY_COLUMN, message)]


def format_problems(problems: Iterable[Problem]) -> str:
    """Return the problems as lines of ``FILE:ROW:COLUMN: message``."""
    return "\n".join(str(p) for p in problems)
