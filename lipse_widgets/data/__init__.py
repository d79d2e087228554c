"""Data layer: read and validate the book's data files, nothing else.

Every table is described in ``book/data/datapackage.json`` (a Frictionless Data
Package). The schema there is the single source of truth: column names, types,
required fields, enums and keys are read from it, never repeated in code.

>>> from lipse_widgets.data import load_table
>>> findings = load_table("findings")          # doctest: +SKIP
"""

from lipse_widgets.data.load import load_table, read_descriptor
from lipse_widgets.data.problems import DataValidationError, Problem
from lipse_widgets.data.validate import validate_data_dir, validate_resource

__all__ = [
    "DataValidationError",
    "Problem",
    "load_table",
    "read_descriptor",
    "validate_data_dir",
    "validate_resource",
]
