"""The data package's descriptor, ``datapackage.json``: read it, check it, find a resource.

The descriptor is checked with Frictionless (the standard's own validator), then
for what this book relies on beyond the standard: each resource is a plain CSV file
in the data folder with its schema written inline, each pattern is a regular
expression Python can compile, and each resource carries the metadata the book
requires (:mod:`~lipse_widgets.data.metadata`).

Frictionless (about 37 MB with what it brings) is needed by ``validate``, which runs
before every build of the book (the ``site`` extra), not by a kernel: Binder's
environment leaves it out. There, reading the data checks the descriptor for what this
book relies on (the checks above but the standard's), and ``validate`` says that it
needs Frictionless rather than pass without it.
"""

from __future__ import annotations

import copy
import functools
import importlib.util
import json
import re
from pathlib import Path

from lipse_widgets.data.files import read_text
from lipse_widgets.data.metadata import metadata_problems
from lipse_widgets.data.problems import ANY_COLUMN, WHOLE_FILE, DataValidationError, Problem
from lipse_widgets.paths import data_dir as default_data_dir

DESCRIPTOR = "datapackage.json"
#: Whether Frictionless is installed (optional: see the module docstring). It is imported
#: only when a descriptor is checked, so that the command line starts without it.
FRICTIONLESS = importlib.util.find_spec("frictionless") is not None
#: A data file's name: a plain file in the data folder, safe in a link or a role.
_FILE_NAME = re.compile(r"[A-Za-z0-9_.-]+\.csv")


def _resource_label(resource: object, index: int) -> str:
    name = resource.get("name") if isinstance(resource, dict) else None
    return f"resource '{name}'" if isinstance(name, str) else f"resource number {index + 1}"


def _problem(message: str, row: int = WHOLE_FILE, column: str = ANY_COLUMN) -> Problem:
    return Problem(DESCRIPTOR, row, column, message)


def _own_problems(descriptor: dict) -> list[Problem]:
    """Return the problems Frictionless does not check for but this book relies on."""
    problems = []
    for index, resource in enumerate(descriptor["resources"]):
        label = _resource_label(resource, index)
        if not isinstance(resource, dict):
            problems.append(_problem(f"{label}: not a JSON object"))
            continue
        path = resource.get("path")
        if not isinstance(path, str) or not _FILE_NAME.fullmatch(path):
            message = (
                f"{label}: 'path' must be the name of a .csv file in the data folder"
                " (letters, digits, '_', '-' and '.')"
            )
            problems.append(_problem(message))
        schema = resource.get("schema")
        if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
            message = f"{label}: needs a 'schema' with its 'fields', written in this file"
            problems.append(_problem(message))
            continue
        for number, field in enumerate(schema["fields"], 1):
            # (Frictionless says so too, where it is installed: not in a kernel on Binder.)
            if not isinstance(field, dict) or not isinstance(field.get("name"), str):
                problems.append(_problem(f"{label}: field number {number} needs a 'name'"))
                continue
            constraints = field.get("constraints")
            pattern = constraints.get("pattern") if isinstance(constraints, dict) else None
            if isinstance(pattern, str):
                try:
                    re.compile(pattern)
                except re.error as err:
                    message = f"{label}: the pattern {pattern} is not a regular expression ({err})"
                    problems.append(_problem(message, column=field["name"]))
    return problems


@functools.lru_cache(maxsize=8)
def _frictionless_problems(text: str) -> tuple[Problem, ...]:
    """Check the descriptor (the file's text) with Frictionless; name the resource and field.

    Once per text in a process: it takes Frictionless about a tenth of a second, and
    ``validate`` (or a test) may check the same text often.
    """
    import frictionless as fl  # a heavy import, needed only to check the descriptor

    descriptor = json.loads(text)
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
            problems.append(_problem(f"{label}: {err.note}", column=column))
    for err in fl.Package.validate_descriptor(descriptor).errors:
        if err.note not in resource_notes:
            problems.append(_problem(err.note))
    return tuple(problems)


def read_checked_descriptor(
    data_dir: Path, *, metadata: bool = True, standard: bool = True
) -> tuple[dict | None, list[Problem]]:
    """Read ``datapackage.json`` and check it; return it only if it has no problems.

    With ``metadata=False``, the metadata every resource needs (see
    :mod:`~lipse_widgets.data.metadata`) is not checked: ``validate`` checks it on its own,
    and goes on to check the data. With ``standard=False``, the descriptor is not checked
    against the Data Package standard (Frictionless); with ``standard=True`` and no
    Frictionless installed, that is a problem.
    """
    missing = "not found: the data folder must describe its files in datapackage.json"
    text, problems = read_text(Path(data_dir) / DESCRIPTOR, DESCRIPTOR, missing=missing)
    if text is None:
        return None, problems
    try:
        descriptor = json.loads(text)
    except json.JSONDecodeError as err:
        message = f"not valid JSON: {err.msg} (line {err.lineno}, column {err.colno})"
        return None, [_problem(message, row=err.lineno)]
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        return None, [_problem("must be a JSON object with a list of 'resources'")]
    if not standard:
        problems = []
    elif not FRICTIONLESS:
        message = (
            "cannot be checked against the Data Package standard: Frictionless is not"
            " installed here (`python -m pip install frictionless`, or the book's lock:"
            " `make validate`)"
        )
        problems = [_problem(message)]
    else:
        try:
            problems = list(_frictionless_problems(text))
        except Exception as err:  # Frictionless on a descriptor it cannot even read
            problems = [_problem(f"cannot be checked ({type(err).__name__}: {err})")]
    problems = problems or _own_problems(descriptor)
    if not problems and metadata:
        problems = metadata_problems(descriptor, text)
    if problems:
        return None, problems
    return descriptor, []


def read_descriptor(data_dir: Path | None = None) -> dict:
    """Return the checked ``datapackage.json`` of ``data_dir`` (default: the book's data).

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
    # Checked against the standard where Frictionless is installed (not in a kernel on
    # Binder: the data that `validate` passed before the build).
    descriptor, problems = read_checked_descriptor(folder, standard=FRICTIONLESS)
    if descriptor is None:
        raise DataValidationError(problems)
    return descriptor


def get_resource(name: str, descriptor: dict) -> dict:
    """Return the resource descriptor called ``name``."""
    for resource in descriptor.get("resources", []):
        if resource.get("name") == name:
            return resource
    names = ", ".join(r.get("name", "?") for r in descriptor.get("resources", []))
    raise DataValidationError([_problem(f"no resource '{name}' (have: {names})")])
