"""Load a validated table as a typed pandas DataFrame."""

from __future__ import annotations

import copy
import functools
from pathlib import Path

import pandas as pd

from lipse_widgets.data.problems import ANY_COLUMN, HEADER_ROW, DataValidationError, Problem
from lipse_widgets.data.validate import (
    BIBLIOGRAPHY,
    DESCRIPTOR,
    Table,
    check_resource,
    citation_fields,
    read_bibliography,
    read_checked_descriptor,
)
from lipse_widgets.paths import data_dir as default_data_dir

_DEFAULT_TRUE = ["true", "True", "TRUE", "1"]


def read_descriptor(data_dir: Path | None = None) -> dict:
    """Return the parsed ``datapackage.json`` of ``data_dir`` (default: the book's data).

    Raises :class:`~lipse_widgets.data.problems.DataValidationError` if the file is
    missing, is not valid JSON or does not describe the data package correctly.
    """
    folder = Path(data_dir or default_data_dir())
    try:
        stat = (folder / DESCRIPTOR).stat()
        version = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        version = (0, 0)
    return copy.deepcopy(_checked_descriptor(folder, version))


@functools.lru_cache(maxsize=8)
def _checked_descriptor(folder: Path, version: tuple[int, int]) -> dict:
    """Check ``datapackage.json`` once per version of the file (``version`` keys the cache)."""
    descriptor, problems = read_checked_descriptor(folder)
    if descriptor is None:
        raise DataValidationError(problems)
    return descriptor


def get_resource(name: str, descriptor: dict) -> dict:
    """Return the resource descriptor called ``name``."""
    for resource in descriptor.get("resources", []):
        if resource.get("name") == name:
            return resource
    names = ", ".join(r.get("name", "?") for r in descriptor.get("resources", []))
    message = f"no resource '{name}' (have: {names})"
    raise DataValidationError([Problem(DESCRIPTOR, HEADER_ROW, ANY_COLUMN, message)])


def _typed_column(column: pd.Series, field: dict) -> pd.Series:
    kind = field.get("type", "string")
    if kind in ("integer", "year"):
        return pd.to_numeric(column.str.strip()).astype("Int64")
    if kind == "number":
        return pd.to_numeric(column.str.strip()).astype("Float64")
    if kind == "boolean":
        true_values = set(field.get("trueValues", _DEFAULT_TRUE))
        return column.map(lambda v: pd.NA if pd.isna(v) else v in true_values).astype("boolean")
    if kind == "date" and field.get("format", "default") == "default":
        return pd.to_datetime(column, format="%Y-%m-%d")
    return column.astype("string")


def _typed(table: Table, schema: dict) -> pd.DataFrame:
    """Turn the table's text into the types the Table Schema declares."""
    frame = pd.DataFrame(table.records, columns=table.header, dtype="string")
    frame = frame.replace({"": pd.NA})
    for field in schema["fields"]:
        try:
            frame[field["name"]] = _typed_column(frame[field["name"]], field)
        except (ValueError, TypeError) as err:  # validation passed, so this is a schema gap
            message = f"could not be read as {field.get('type')}: {err}"
            raise DataValidationError(
                [Problem(table.name, HEADER_ROW, field["name"], message)]
            ) from None
    return frame


def load_table(name: str, data_dir: Path | None = None) -> pd.DataFrame:
    """Validate the resource ``name`` and return it as a typed DataFrame.

    Raises :class:`~lipse_widgets.data.problems.DataValidationError` listing every
    problem (``FILE:ROW:COLUMN: message``) if the file does not match its schema,
    or if a citation key in it is not in the bibliography (``../references.bib``);
    a partial or silently shortened table is never returned. The rows returned are
    exactly the rows that were validated: the file is read once.
    """
    data_dir = Path(data_dir or default_data_dir())
    resource = get_resource(name, read_descriptor(data_dir))
    keys: set[str] | None = None
    if citation_fields(resource):
        keys, problems = read_bibliography(data_dir.parent / BIBLIOGRAPHY)
        if keys is None:
            raise DataValidationError(problems)
    table, problems = check_resource(resource, data_dir, keys)
    if problems or table is None:
        raise DataValidationError(problems)
    frame = _typed(table, resource["schema"])
    if len(frame) != len(table.records):  # pragma: no cover  (a guard, not a path)
        raise DataValidationError(
            [Problem(table.name, HEADER_ROW, ANY_COLUMN, "rows were lost while loading")]
        )
    return frame
