"""Data layer: read and check the book's data files, nothing else.

One module per job, each importable on its own, no import cycle:

* :mod:`~lipse_widgets.data.problems`: a problem (``FILE:ROW:COLUMN: message``);
* :mod:`~lipse_widgets.data.files`: a file's bytes and text (encoding problems);
* :mod:`~lipse_widgets.data.tables`: reading and writing tables (CSV, .xlsx);
* :mod:`~lipse_widgets.data.schema`: checking a table against its Table Schema;
* :mod:`~lipse_widgets.data.package`: ``datapackage.json``, where the schemas live;
* :mod:`~lipse_widgets.data.bibliography`: ``references.bib`` and citation keys;
* :mod:`~lipse_widgets.data.load`: one table of the package, checked and typed;
* :mod:`~lipse_widgets.data.models`: the readiness models (YAML);
* :mod:`~lipse_widgets.data.answers`: answers to a readiness model;
* :mod:`~lipse_widgets.data.folder`: the whole data folder (``validate``).

Every table is described in ``book/data/datapackage.json`` (a Frictionless Data
Package): column names, types, required fields, enums and keys are read from it,
never repeated in code.

>>> from lipse_widgets.data import load_table
>>> findings = load_table("findings")          # doctest: +SKIP
"""

from lipse_widgets.data.folder import validate_data_dir
from lipse_widgets.data.load import load_table
from lipse_widgets.data.package import read_descriptor
from lipse_widgets.data.problems import DataValidationError, Problem

__all__ = [
    "DataValidationError",
    "Problem",
    "load_table",
    "read_descriptor",
    "validate_data_dir",
]
