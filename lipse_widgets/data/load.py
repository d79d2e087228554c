"""Load one table of the data package as a typed pandas DataFrame, checked on the way.

>>> from lipse_widgets.data import load_table
>>> findings = load_table("findings")          # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lipse_widgets.data.bibliography import (
    BIBLIOGRAPHY,
    citation_fields,
    citation_problems,
    read_bibliography,
)
from lipse_widgets.data.package import get_resource, read_descriptor
from lipse_widgets.data.pages import opening, sentences
from lipse_widgets.data.problems import DataValidationError, Problem
from lipse_widgets.data.schema import Checked, check_table, field_names
from lipse_widgets.data.tables import read_table
from lipse_widgets.paths import data_dir as default_data_dir

__all__ = ["check_resource", "get_resource", "load_table"]


def check_resource(
    resource: dict, data_dir: Path, keys: set[str] | None = None, bib_name: str = BIBLIOGRAPHY
) -> tuple[Checked | None, list[Problem]]:
    """Read and check one CSV resource of the data package; return what was read and its problems.

    With ``keys`` (the citation keys of the bibliography), the resource's citation
    fields are checked against them too.
    """
    name = resource["path"]
    schema = resource["schema"]
    missing = "file not found (it is listed in datapackage.json)"
    table, problems = read_table(Path(data_dir) / name, name, field_names(schema), missing=missing)
    if table is None:
        return None, problems
    checked = check_table(table, schema)
    problems = list(checked.problems)
    if checked.values is not None:
        rows = checked.table.rows
        for field in one_sentence_fields(resource):
            problems += one_sentence_problems(name, field, checked.values[field], rows)
        for field in citation_fields(resource) if keys is not None else []:
            cells = checked.values[field]
            problems += citation_problems(name, field, cells, rows, keys, bib_name)
        order = {n: i for i, n in enumerate(field_names(schema))}
        problems.sort(key=lambda p: (p.row, order.get(p.column, len(order))))
    return checked, problems


def one_sentence_fields(resource: dict) -> list[str]:
    """Return the names of the resource's fields whose every value is one sentence."""
    return [f["name"] for f in resource["schema"]["fields"] if f.get("oneSentence")]


def one_sentence_problems(name: str, field: str, cells: pd.Series, rows) -> list[Problem]:
    """Report each cell of a ``oneSentence`` field that holds more than one sentence."""
    problems = []
    for position, cell in enumerate(cells):
        found = sentences(cell) if isinstance(cell, str) else []
        if len(found) > 1:
            message = (
                f"{len(found)} sentences: write it as one sentence"
                f" (the second begins {opening(found[1])})"
            )
            problems.append(Problem(name, int(rows[position]), field, message))
    return problems


def _typed(values: pd.Series, field: dict) -> pd.Series:
    """Return a column with the nullable dtype of its Table Schema type."""
    kind = field.get("type", "string")
    if kind in ("integer", "year"):
        return values.astype("Int64")
    if kind == "number":
        return values.astype("Float64")
    if kind == "boolean":
        return values.astype("boolean")
    if kind == "date":
        return values
    return values.astype("string")


def load_table(name: str, data_dir: Path | None = None) -> pd.DataFrame:
    """Check the resource ``name`` and return it as a typed DataFrame.

    Raises :class:`~lipse_widgets.data.problems.DataValidationError` listing every
    problem (``FILE:ROW:COLUMN: message``) if the file does not match its schema,
    or if a citation key in it is not in the bibliography (``../references.bib``);
    a partial or silently shortened table is never returned. The rows returned are
    exactly the rows that were checked: the file is read once.
    """
    data_dir = Path(data_dir or default_data_dir())
    resource = get_resource(name, read_descriptor(data_dir))
    keys: set[str] | None = None
    if citation_fields(resource):
        keys, problems = read_bibliography(data_dir.parent / BIBLIOGRAPHY)
        if keys is None:
            raise DataValidationError(problems)
    checked, problems = check_resource(resource, data_dir, keys)
    if problems or checked is None or checked.values is None:
        raise DataValidationError(problems)
    fields = resource["schema"]["fields"]
    return pd.DataFrame({f["name"]: _typed(checked.values[f["name"]], f) for f in fields})
