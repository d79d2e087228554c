"""Check the whole data folder: what ``python -m lipse_widgets validate`` runs.

Checks ``datapackage.json``, every table it lists against its schema, every
citation key against the bibliography (``../references.bib``, whose entries must
have the fields the build needs), that every CSV file of the folder is described,
and every readiness model.
"""

from __future__ import annotations

from pathlib import Path

from lipse_widgets.data.bibliography import BIBLIOGRAPHY, citation_fields, read_bibliography
from lipse_widgets.data.load import check_resource
from lipse_widgets.data.models import validate_models
from lipse_widgets.data.package import DESCRIPTOR, read_checked_descriptor
from lipse_widgets.data.problems import ANY_COLUMN, WHOLE_FILE, Problem


def _validate_data_dir(data_dir: Path, bib_path: Path) -> list[Problem]:
    descriptor, problems = read_checked_descriptor(data_dir)
    if descriptor is None:
        return problems + validate_models(data_dir)
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
            problems.append(Problem(path.name, WHOLE_FILE, ANY_COLUMN, message))
    problems.extend(validate_models(data_dir))
    return problems + bib_problems


def validate_data_dir(data_dir: Path, bib_path: Path | None = None) -> list[Problem]:
    """Check every file of the data folder ``data_dir``; return the problems (none: valid).

    Never raises for bad data: every problem, even an unexpected one, is returned
    as a Problem.
    """
    data_dir = Path(data_dir)
    bib_path = Path(bib_path) if bib_path else data_dir.parent / BIBLIOGRAPHY
    try:
        return _validate_data_dir(data_dir, bib_path)
    except Exception as err:  # a safety net: the command line must never show a traceback
        message = f"could not be checked ({type(err).__name__}: {err}); please report this"
        return [Problem(DESCRIPTOR, WHOLE_FILE, ANY_COLUMN, message)]
