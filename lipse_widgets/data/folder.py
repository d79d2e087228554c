"""Check the whole data folder: what ``python -m lipse_widgets validate`` runs.

Checks ``datapackage.json`` (with the metadata every resource needs), every table
it lists against its schema, every citation key against the bibliography
(``../references.bib``, whose entries must have the fields the build needs), the
citation keys of the book's pages (the ``.md`` files beside the bibliography), that
every CSV file of the folder is described, every readiness model, and that a table
of answers to a model (a resource with ``readinessModel``) has the schema that model
generates.
"""

from __future__ import annotations

from pathlib import Path

from lipse_widgets.data.answers import answers_schema
from lipse_widgets.data.bibliography import BIBLIOGRAPHY, citation_fields, read_bibliography
from lipse_widgets.data.files import ENCODING
from lipse_widgets.data.load import check_resource
from lipse_widgets.data.metadata import metadata_problems
from lipse_widgets.data.models import MODELS_FOLDER, load_model, model_names, validate_models
from lipse_widgets.data.package import DESCRIPTOR, read_checked_descriptor
from lipse_widgets.data.pages import citation_problems as page_citation_problems
from lipse_widgets.data.problems import ANY_COLUMN, WHOLE_FILE, Problem

#: The property of a data package resource that names the model its answers are to.
MODEL_PROPERTY = "readinessModel"


def _validate_data_dir(data_dir: Path, bib_path: Path) -> list[Problem]:
    descriptor, problems = read_checked_descriptor(data_dir, metadata=False)
    if descriptor is None:
        return problems + validate_models(data_dir)
    problems = metadata_problems(descriptor, (data_dir / DESCRIPTOR).read_text(encoding=ENCODING))
    resources = descriptor["resources"]
    keys, bib_problems = read_bibliography(bib_path)
    if not any(citation_fields(r) for r in resources) and not bib_path.is_file():
        keys, bib_problems = None, []  # a data folder with no citations needs no bibliography
    for resource in resources:
        _, found = check_resource(resource, data_dir, keys, bib_path.name)
        problems.extend(found)
    listed = {r["path"] for r in resources}
    for path in sorted(data_dir.glob("*.csv")):
        if path.name not in listed:
            message = f"not described in {DESCRIPTOR}: add a resource for it, or remove it"
            problems.append(Problem(path.name, WHOLE_FILE, ANY_COLUMN, message))
    model_problems = validate_models(data_dir)
    problems.extend(model_problems)
    if not model_problems and (data_dir / MODELS_FOLDER).is_dir():  # (no models, no check)
        problems.extend(_answers_schema_problems(resources, data_dir))
    if keys is not None:
        problems.extend(page_citation_problems(bib_path.parent, keys, bib_path.name))
    return problems + bib_problems


def _answers_schema_problems(resources: list[dict], data_dir: Path) -> list[Problem]:
    """Check that a table of answers to a model (``readinessModel``) has the model's schema.

    The schema of such a table is generated from the model file: after a factor is
    added or renamed, the table and its schema must be made again.
    """
    problems = []
    for resource in resources:
        name = resource.get(MODEL_PROPERTY)
        if name is None:
            continue
        label = f"resource '{resource.get('name')}'"
        if name not in model_names(data_dir):
            message = f"{label}: {MODEL_PROPERTY} '{name}' is not a model in {MODELS_FOLDER}/"
            problems.append(Problem(DESCRIPTOR, WHOLE_FILE, MODEL_PROPERTY, message))
        elif resource["schema"] != answers_schema(load_model(name, data_dir)):
            message = (
                f"{label}: its schema is not the one {MODELS_FOLDER}/{name}.yaml generates"
                " (was a factor added, removed or changed?); make the table and its schema"
                " again, as tests/test_readiness_scoring.py shows"
            )
            problems.append(Problem(DESCRIPTOR, WHOLE_FILE, "schema", message))
    return problems


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
