"""Load a validated table as a typed pandas DataFrame."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from lipse_widgets.data.problems import ANY_COLUMN, HEADER_ROW, DataValidationError, Problem
from lipse_widgets.data.validate import ENCODING, validate_resource
from lipse_widgets.paths import data_dir as default_data_dir


def read_descriptor(data_dir: Path | None = None) -> dict:
    """Return the parsed ``datapackage.json`` of ``data_dir`` (default: the book's data)."""
    path = Path(data_dir or default_data_dir()) / "datapackage.json"
    return json.loads(path.read_text(encoding="utf-8"))


def get_resource(name: str, descriptor: dict) -> dict:
    """Return the resource descriptor called ``name``."""
    for resource in descriptor.get("resources", []):
        if resource.get("name") == name:
            return resource
    names = ", ".join(r.get("name", "?") for r in descriptor.get("resources", []))
    raise DataValidationError(
        [Problem("datapackage.json", HEADER_ROW, ANY_COLUMN, f"no resource '{name}' (have: {names})")]
    )


def _typed(frame: pd.DataFrame, schema: dict) -> pd.DataFrame:
    """Convert string columns to the types the Table Schema declares."""
    out = frame.replace({"": pd.NA})
    for field in schema["fields"]:
        name, kind = field["name"], field.get("type", "string")
        column = out[name]
        if kind in ("integer", "year"):
            out[name] = pd.to_numeric(column).astype("Int64")
        elif kind == "number":
            out[name] = pd.to_numeric(column).astype("Float64")
        elif kind == "boolean":
            true_values = field.get("trueValues", ["true", "True", "TRUE", "1"])
            out[name] = column.map(lambda v, tv=true_values: pd.NA if pd.isna(v) else v in tv).astype(
                "boolean"
            )
        elif kind == "date":
            out[name] = pd.to_datetime(column, format="%Y-%m-%d")
        else:
            out[name] = column.astype("string")
    return out


def load_table(name: str, data_dir: Path | None = None) -> pd.DataFrame:
    """Validate the resource ``name`` and return it as a typed DataFrame.

    Raises :class:`~lipse_widgets.data.problems.DataValidationError` listing every
    problem (``FILE:ROW:COLUMN: message``) if the file does not match its schema;
    a partial or silently shortened table is never returned.
    """
    data_dir = Path(data_dir or default_data_dir())
    resource = get_resource(name, read_descriptor(data_dir))
    problems = validate_resource(resource, data_dir)
    if problems:
        raise DataValidationError(problems)
    frame = pd.read_csv(
        data_dir / resource["path"],
        dtype=str,
        keep_default_na=False,
        encoding=ENCODING,
    )
    return _typed(frame, resource["schema"])
