"""Validate data files against the Table Schemas in ``datapackage.json``.

Every problem becomes a :class:`~lipse_widgets.data.problems.Problem` that names
the file, the data row and the column, in words a contributor can act on.
Frictionless does the cell-level checks (types, constraints, keys, ragged rows);
this module reads the bytes and the header first, so that an empty file, a wrong
encoding or a renamed column gives one clear line instead of a cascade.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
from collections.abc import Iterable
from pathlib import Path

from lipse_widgets.data.problems import ANY_COLUMN, HEADER_ROW, Problem

ENCODING = "utf-8-sig"  # UTF-8; a leading byte-order mark (as Excel writes) is tolerated
_MAX_CELL = 60

_TYPE_HINTS = {
    "integer": "a whole number",
    "number": "a number (use a point for decimals, e.g. 0.75)",
    "boolean": "true or false",
    "date": "a date written YYYY-MM-DD",
    "year": "a four-digit year",
    "datetime": "a date and time written YYYY-MM-DDTHH:MM:SS",
}


def _show(cell: object) -> str:
    """Quote a cell value for a one-line message."""
    text = "" if cell is None else str(cell)
    text = text.replace("\r", "\\r").replace("\n", "\\n")
    if len(text) > _MAX_CELL:
        text = text[: _MAX_CELL - 1] + "…"
    return f"'{text}'"


def _field_names(schema: dict) -> list[str]:
    return [f["name"] for f in schema.get("fields", [])]


def _decode(raw: bytes, name: str, header: list[str] | None) -> tuple[str | None, list[Problem]]:
    """Decode the file as UTF-8, or say where it is not."""
    try:
        return raw.decode(ENCODING), []
    except UnicodeDecodeError as err:
        line_no = raw[: err.start].count(b"\n")  # 0 = header line
        bad = raw[err.start : err.start + 1].hex()
        column = ANY_COLUMN
        lines = raw.decode(ENCODING, errors="replace").splitlines()
        if header is None and lines:
            header = next(csv.reader([lines[0]]), [])
        if line_no < len(lines) and header:
            cells = next(csv.reader([lines[line_no]]), [])
            for label, cell in zip(header, cells, strict=False):
                if "\ufffd" in cell:
                    column = label
                    break
        message = (
            f"not valid UTF-8 (byte 0x{bad}); save the file with the UTF-8 encoding"
        )
        return None, [Problem(name, line_no, column, message)]


def _check_header(labels: list[str], expected: list[str], name: str) -> list[Problem]:
    """Compare the header row with the schema's field names."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for label in labels:
        if label in seen:
            problems.append(Problem(name, HEADER_ROW, label, "column appears twice in the header"))
        seen.add(label)
    missing = [f for f in expected if f not in labels]
    unknown = [label for label in labels if label not in expected]
    for label in unknown:
        guess = difflib.get_close_matches(label, missing, n=1, cutoff=0.6)
        hint = f" (did you mean '{guess[0]}'?)" if guess else ""
        if not label.strip():
            message = "a column has no name in the header"
        else:
            message = f"unknown column{hint}; the schema expects: {', '.join(expected)}"
        problems.append(Problem(name, HEADER_ROW, label or ANY_COLUMN, message))
    for field in missing:
        problems.append(
            Problem(name, HEADER_ROW, field, "column is missing from the header")
        )
    if not problems and labels != expected:
        problems.append(
            Problem(
                name,
                HEADER_ROW,
                ANY_COLUMN,
                f"columns are in a different order from the schema: {', '.join(expected)}",
            )
        )
    return problems


def _constraint_message(field: dict, cell: object, note: str) -> str:
    constraints = field.get("constraints", {})
    match = re.match(r'constraint "(\w+)"', note or "")
    rule = match.group(1) if match else ""
    if rule == "required" or (cell in (None, "") and constraints.get("required")):
        return "a value is required"
    if rule == "enum":
        allowed = ", ".join(str(v) for v in constraints["enum"])
        return f"{_show(cell)} is not one of {allowed}"
    if rule in ("minimum", "maximum"):
        word = "less" if rule == "minimum" else "more"
        return f"{_show(cell)} is {word} than the allowed {rule} {constraints[rule]}"
    if rule in ("minLength", "maxLength"):
        word = "shorter" if rule == "minLength" else "longer"
        limit = constraints[rule]
        return f"{_show(cell)} is {word} than the allowed {limit} characters"
    if rule == "pattern":
        return f"{_show(cell)} does not match the pattern {constraints['pattern']}"
    return f"{_show(cell)} breaks the rule {note}"


def _cell_problems(text: str, resource: dict, name: str) -> list[Problem]:
    """Run the Frictionless checks on decoded text with a known-good header."""
    import frictionless as fl  # imported here: a heavy import, only needed to validate

    schema = resource["schema"]
    fields = {f["name"]: f for f in schema["fields"]}
    order = {n: i for i, n in enumerate(fields)}
    res = fl.Resource(
        data=text.encode("utf-8"),
        format="csv",
        encoding="utf-8",
        schema=fl.Schema.from_descriptor(schema),
    )
    report = res.validate(limit_errors=10_000)
    problems: list[Problem] = []
    ragged: set[int] = set()
    unique_rows: set[int] = set()
    by_row: dict[int, list] = {}
    for task in report.tasks:
        for err in task.errors:
            row = getattr(err, "row_number", None)
            by_row.setdefault(row - 1 if row else HEADER_ROW, []).append(err)
    for row, errors in sorted(by_row.items()):
        n_header = len(fields)
        missing = [e for e in errors if e.type == "missing-cell"]
        extra = [e for e in errors if e.type == "extra-cell"]
        if missing or extra:
            found = n_header - len(missing) + len(extra)
            column = missing[0].field_name if missing else ANY_COLUMN
            problems.append(
                Problem(
                    name,
                    row,
                    column,
                    f"row has {found} cells but the header has {n_header}"
                    " (check for a missing or extra comma, or an unquoted comma in a value)",
                )
            )
            ragged.add(row)
            continue
        for err in errors:
            field = fields.get(getattr(err, "field_name", "") or "", {})
            column = field.get("name", ANY_COLUMN)
            cell = getattr(err, "cell", None)
            if err.type == "constraint-error":
                message = _constraint_message(field, cell, err.note)
            elif err.type == "type-error":
                kind = field.get("type", "value")
                message = f"{_show(cell)} is not {_TYPE_HINTS.get(kind, 'a valid ' + kind)}"
            elif err.type == "unique-error":
                first = re.search(r"position (\d+)", err.note or "")
                where = f" (first in row {int(first.group(1)) - 1})" if first else ""
                message = f"{_show(cell)} is a duplicate: values in this column must be unique{where}"
                unique_rows.add(row)
            elif err.type == "primary-key":
                if row in unique_rows:
                    continue  # already reported as a duplicate id
                keys = ", ".join(schema.get("primaryKey", []))
                column = schema.get("primaryKey", [ANY_COLUMN])[0]
                message = f"duplicate or empty primary key ({keys}): {err.note}"
            elif err.type == "blank-row":
                message = "the row is empty; remove it"
            else:
                message = f"{err.title}: {err.note}".strip(": ")
            problems.append(Problem(name, row, column, message))
    problems.sort(key=lambda p: (p.row, order.get(p.column, len(order))))
    return problems


def validate_resource(resource: dict, data_dir: Path) -> list[Problem]:
    """Validate one CSV resource of the data package; return its problems."""
    name = resource["path"]
    path = Path(data_dir) / name
    expected = _field_names(resource["schema"])
    if not path.is_file():
        return [Problem(name, HEADER_ROW, ANY_COLUMN, "file not found (it is listed in datapackage.json)")]
    raw = path.read_bytes()
    if not raw.strip():
        return [
            Problem(
                name,
                HEADER_ROW,
                ANY_COLUMN,
                f"the file is empty; expected a header row: {','.join(expected)}",
            )
        ]
    text, problems = _decode(raw, name, None)
    if text is None:
        return problems
    labels = next(csv.reader(io.StringIO(text)), [])
    problems = _check_header(labels, expected, name)
    if problems:
        return problems
    if len(text.splitlines()) < 2:
        return [Problem(name, HEADER_ROW, ANY_COLUMN, "the file has a header but no data rows")]
    return _cell_problems(text, resource, name)


def bibliography_keys(bib_path: Path) -> set[str]:
    """Return the citation keys defined in a BibTeX file."""
    from pybtex.database import parse_file  # pybtex comes with sphinxcontrib-bibtex

    return set(parse_file(str(bib_path), bib_format="bibtex").entries.keys())


def split_keys(cell: str) -> list[str]:
    """Split a ``source`` cell such as ``"a2015; b2016"`` into its citation keys."""
    return [k.strip() for k in str(cell).split(";") if k.strip()]


def citation_problems(resource: dict, data_dir: Path, keys: set[str], bib_name: str) -> list[Problem]:
    """Check that every citation key in the resource's citation fields is in the bibliography."""
    fields = [f["name"] for f in resource["schema"]["fields"] if f.get("citationKeys")]
    if not fields:
        return []
    name = resource["path"]
    text = (Path(data_dir) / name).read_text(encoding=ENCODING)
    problems = []
    for row, record in enumerate(csv.DictReader(io.StringIO(text)), start=1):
        for field in fields:
            for key in split_keys(record.get(field) or ""):
                if key not in keys:
                    problems.append(
                        Problem(name, row, field, f"unknown citation key '{key}': not in {bib_name}")
                    )
    return problems


def _descriptor_problems(data_dir: Path) -> tuple[dict | None, list[Problem]]:
    path = Path(data_dir) / "datapackage.json"
    if not path.is_file():
        return None, [Problem("datapackage.json", HEADER_ROW, ANY_COLUMN, f"not found in {data_dir}")]
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        line = getattr(err, "lineno", 0)
        return None, [Problem("datapackage.json", line, ANY_COLUMN, f"not valid JSON: {err}")]
    import frictionless as fl

    report = fl.Package.validate_descriptor(descriptor)
    problems = [
        Problem("datapackage.json", HEADER_ROW, ANY_COLUMN, f"{err.title}: {err.note}")
        for err in report.errors
    ]
    return descriptor, problems


def validate_data_dir(data_dir: Path, bib_path: Path | None = None) -> list[Problem]:
    """Validate every resource listed in ``data_dir/datapackage.json``.

    Also checks citation keys against the bibliography (``../references.bib`` by
    default).
    """
    data_dir = Path(data_dir)
    descriptor, problems = _descriptor_problems(data_dir)
    if descriptor is None or problems:
        return problems
    bib_path = Path(bib_path) if bib_path else data_dir.parent / "references.bib"
    keys: set[str] | None = None
    for resource in descriptor.get("resources", []):
        found = validate_resource(resource, data_dir)
        problems.extend(found)
        if found or not any(f.get("citationKeys") for f in resource["schema"]["fields"]):
            continue
        if keys is None:
            if not bib_path.is_file():
                problems.append(Problem(bib_path.name, HEADER_ROW, ANY_COLUMN, "bibliography not found"))
                keys = set()
            else:
                keys = bibliography_keys(bib_path)
        problems.extend(citation_problems(resource, data_dir, keys, bib_path.name))
    return problems


def format_problems(problems: Iterable[Problem]) -> str:
    """Return the problems as lines of ``FILE:ROW:COLUMN: message``."""
    return "\n".join(str(p) for p in problems)
