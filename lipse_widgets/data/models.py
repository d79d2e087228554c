"""Read and validate the readiness models and the answers scored with them.

A readiness model is one YAML file in ``book/data/readiness/`` (for example
``telework.yaml``). Its structure is declared once, as a JSON Schema, in
``readiness-model.schema.json`` beside the models, and checked with the
`jsonschema <https://python-jsonschema.readthedocs.io>`_ package: the standard
that Frictionless' Table Schemas build on, already installed with Jupyter Book
and Altair, and a declarative file that a contributor can read without reading
Python. This module adds what a schema cannot say: ids unique, finding ids that
exist in ``findings.csv`` and concern the model's innovation, and the model's id
matching its file name.

Every problem is a :class:`~lipse_widgets.data.problems.Problem` printed as
``FILE:ROW:COLUMN: message``, where FILE is the path inside the data folder
(``readiness/telework.yaml``), ROW the factor's number (from 1) or 0 for the
model as a whole, and COLUMN the field name. A YAML syntax error names its line.

The answers to a model (one row per respondent, one column per factor) are a CSV
file whose Table Schema :func:`answers_schema` generates from the model; they are
validated by the same code as every other table of the book.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
from pathlib import Path

from lipse_widgets.data.agreement import factor_findings_problems, finding_rows
from lipse_widgets.data.problems import ANY_COLUMN, HEADER_ROW, DataValidationError, Problem
from lipse_widgets.paths import data_dir as default_data_dir

#: The folder of the readiness models, inside the data folder.
MODELS_FOLDER = "readiness"
#: The JSON Schema of a readiness model, inside :data:`MODELS_FOLDER`.
SCHEMA_FILE = "readiness-model.schema.json"
#: The findings the models cite.
FINDINGS_FILE = "findings.csv"
#: The first column of an answers file.
RESPONDENT = "respondent_id"
#: The columns that ``python -m lipse_widgets score`` adds to the answers.
SCORE, WEAKEST = "score", "weakest"

_ENCODING = "utf-8-sig"
_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list (write it as [A, B])",
    "object": "a group of fields",
    "boolean": "true or false",
}
_PATTERN_HINTS = {
    "^[a-z][a-z0-9_]*$": "lowercase letters, digits and _, starting with a letter",
    "^[a-z][a-z0-9_]{1,39}$": "2 to 40 lowercase letters, digits and _, starting with a letter",
    "^F[0-9]{3}$": "a finding id such as F001",
}


# --- Reading YAML -----------------------------------------------------------------------


def _yaml_loader():
    """Return a safe YAML loader that refuses a key written twice in one mapping."""
    import yaml

    class StrictLoader(yaml.SafeLoader):
        """SafeLoader, but a repeated key is an error instead of a silent overwrite."""

    def mapping(loader: StrictLoader, node: yaml.MappingNode) -> dict:
        seen: set = set()
        for key_node, _ in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the field '{key}' is written twice", key_node.start_mark
                )
            seen.add(key)
        return loader.construct_mapping(node, deep=True)

    StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    return StrictLoader


def _read_yaml(path: Path, name: str) -> tuple[object, list[Problem]]:
    """Parse a YAML file; a syntax error becomes one problem naming its line."""
    import yaml

    try:
        raw = path.read_bytes()
    except OSError as err:
        return None, [Problem(name, HEADER_ROW, ANY_COLUMN, f"cannot be read: {err.strerror}")]
    try:
        text = raw.decode(_ENCODING)
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        message = f"not valid UTF-8 (byte 0x{raw[err.start]:02x} on line {line}); save it as UTF-8"
        return None, [Problem(name, HEADER_ROW, ANY_COLUMN, message)]
    if not text.strip():
        return None, [Problem(name, HEADER_ROW, ANY_COLUMN, "the file is empty")]
    try:
        return yaml.load(text, Loader=_yaml_loader()), []  # a SafeLoader subclass
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"
        what = getattr(err, "problem", None) or str(err)
        message = f"not valid YAML at {where}: {what}"
        return None, [Problem(name, HEADER_ROW, ANY_COLUMN, message)]


# --- Checking a model against its schema ------------------------------------------------


def _show(value: object) -> str:
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:59] + "…"
        return f"'{text}'"
    if value is None:
        return "an empty value"
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, bool) else str(value)


def _schema(folder: Path) -> dict:
    return json.loads((folder / SCHEMA_FILE).read_text(encoding="utf-8"))


def _where(path: list) -> tuple[int, str]:
    """Turn a JSON path such as ``['factors', 2, 'weight']`` into (row, column)."""
    if len(path) >= 2 and path[0] == "factors" and isinstance(path[1], int):
        return path[1] + 1, str(path[2]) if len(path) > 2 else ANY_COLUMN
    keys = [str(key) for key in path if not isinstance(key, int)]
    return HEADER_ROW, ".".join(keys) if keys else ANY_COLUMN


def _schema_message(error) -> tuple[str | None, str]:
    """Return (a column that overrides the error's own, message) for a schema error."""
    kind, value, instance = error.validator, error.validator_value, error.instance
    if kind == "required":
        match = re.match(r"'(.+)' is a required property", error.message)
        return (match.group(1) if match else None), "a value is required (the field is missing)"
    if kind == "type":
        message = f"{_show(instance)} is not {_TYPE_WORDS.get(value, value)}"
        if isinstance(instance, bool) and value == "string":
            message += " (YAML reads yes/no/on/off as true/false: put the text in quotes)"
        return None, message
    if kind == "minimum":
        return None, f"{_show(instance)} is less than the minimum {value}"
    if kind == "maximum":
        return None, f"{_show(instance)} is more than the maximum {value}"
    if kind == "enum":
        return None, f"{_show(instance)} is not one of {', '.join(map(str, value))}"
    if kind == "const":
        return None, f"{_show(instance)} must be {_show(value)}"
    if kind == "pattern":
        return None, f"{_show(instance)} must be {_PATTERN_HINTS.get(value, 'like ' + value)}"
    if kind == "minLength":
        return None, f"{_show(instance)} is shorter than the minimum of {value} characters"
    if kind == "maxLength":
        return None, f"is {len(instance)} characters long; the maximum is {value}"
    if kind == "minItems" and error.absolute_path and error.absolute_path[-1] == "factors":
        return None, f"has {len(instance)} factors; a model needs 5 to 8"
    if kind == "maxItems" and error.absolute_path and error.absolute_path[-1] == "factors":
        return None, f"has {len(instance)} factors; a model needs 5 to 8"
    if kind == "minItems":
        return None, f"needs at least {value} item(s)"
    if kind == "uniqueItems":
        return None, "lists the same item twice"
    return None, error.message


def _schema_problems(document: object, schema: dict, name: str) -> list[Problem]:
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema)
    problems = []
    for error in validator.iter_errors(document):
        row, column = _where(list(error.absolute_path))
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = list(error.schema.get("properties", {}))
            for key in error.instance:
                if key in allowed:
                    continue
                guess = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
                hint = f"did you mean '{guess[0]}'? " if guess else ""
                message = f"unknown field; {hint}the fields are: {', '.join(allowed)}"
                problems.append(Problem(name, row, str(key), message))
            continue
        override, message = _schema_message(error)
        problems.append(Problem(name, row, override or column, message))
    return problems


# --- Checks a schema cannot express -----------------------------------------------------


def finding_innovations(data_dir: Path) -> dict[str, str] | None:
    """Return ``{finding id: innovation}`` from ``findings.csv``.

    Returns None if the file cannot be read or lacks those columns: its own
    problems are reported by the table check, and the models' finding ids are
    then not checked, rather than all reported as unknown.
    """
    path = Path(data_dir) / FINDINGS_FILE
    try:
        text = path.read_text(encoding=_ENCODING)
    except (OSError, UnicodeDecodeError):
        return None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not {"id", "innovation"} <= set(reader.fieldnames or ()):
        return None
    return {row["id"]: row["innovation"] or "" for row in reader}


def _meaning_problems(
    model: object, name: str, stem: str, findings: dict[str, str] | None
) -> list[Problem]:
    """Check ids, finding ids and the model id against the file name.

    Runs on whatever parts of the model are well formed, so that these problems
    are listed together with the schema's.
    """
    if not isinstance(model, dict):
        return []
    problems = []
    if isinstance(model.get("id"), str) and model["id"] != stem:
        message = f"{_show(model.get('id'))} must match the file name '{stem}'"
        problems.append(Problem(name, HEADER_ROW, "id", message))
    innovation = model.get("innovation")
    first_id: dict[str, int] = {}
    first_label: dict[str, int] = {}
    factors = model.get("factors") if isinstance(model.get("factors"), list) else []
    for row, factor in enumerate(factors, start=1):
        if not isinstance(factor, dict):
            continue
        fid, label = factor.get("id"), factor.get("label")
        if not isinstance(fid, str):
            fid = None
        if not isinstance(label, str):
            label = None
        if fid is not None and fid in first_id:
            message = (
                f"{_show(fid)} is used twice (first by factor {first_id[fid]}); ids must be unique"
            )
            problems.append(Problem(name, row, "id", message))
        first_id.setdefault(fid, row)
        if label is not None and label in first_label:
            message = f"{_show(label)} is used twice (first by factor {first_label[label]})"
            problems.append(Problem(name, row, "label", message))
        first_label.setdefault(label, row)
        cited = factor.get("findings") if isinstance(factor.get("findings"), list) else []
        for finding in cited if findings is not None else []:
            if not isinstance(finding, str) or not re.fullmatch(r"F[0-9]{3}", finding):
                continue  # the schema reports it
            if finding not in findings:
                message = f"unknown finding id '{finding}': not in {FINDINGS_FILE}"
                problems.append(Problem(name, row, "findings", message))
            elif findings[finding] not in (innovation, "general"):
                message = f"finding {finding} is about {findings[finding]}, not {innovation}"
                problems.append(Problem(name, row, "findings", message))
    return problems


def check_model(path: Path, data_dir: Path) -> tuple[dict | None, list[Problem]]:
    """Read and check one model file; return the model only if it has no problems."""
    data_dir = Path(data_dir)
    name = Path(path).relative_to(data_dir).as_posix()
    document, problems = _read_yaml(Path(path), name)
    if problems:
        return None, problems
    problems = _schema_problems(document, _schema(data_dir / MODELS_FOLDER), name)
    problems += _meaning_problems(document, name, Path(path).stem, finding_innovations(data_dir))
    problems += factor_findings_problems(document, finding_rows(data_dir), name)
    if problems:
        return None, sorted(problems, key=lambda p: (p.row, p.column))
    return document, []


def model_paths(data_dir: Path | None = None) -> list[Path]:
    """Return the model files of the data folder, sorted by name."""
    return sorted((Path(data_dir or default_data_dir()) / MODELS_FOLDER).glob("*.yaml"))


def model_names(data_dir: Path | None = None) -> list[str]:
    """Return the names of the readiness models (``eprocurement``, ``telework``)."""
    return [p.stem for p in model_paths(data_dir)]


def validate_models(data_dir: Path) -> list[Problem]:
    """Check every readiness model in ``data_dir/readiness``; return the problems."""
    data_dir = Path(data_dir)
    folder = data_dir / MODELS_FOLDER
    if not folder.is_dir():
        return []
    schema_name = f"{MODELS_FOLDER}/{SCHEMA_FILE}"
    try:
        _schema(folder)
    except (OSError, ValueError) as err:
        return [Problem(schema_name, HEADER_ROW, ANY_COLUMN, f"cannot be read: {err}")]
    problems: list[Problem] = []
    for path in model_paths(data_dir):
        problems.extend(check_model(path, data_dir)[1])
    return problems


def load_model(name: str, data_dir: Path | None = None) -> dict:
    """Return the checked readiness model ``name`` as parsed YAML.

    Raises :class:`~lipse_widgets.data.problems.DataValidationError` if the model
    does not exist or has a problem.
    """
    data_dir = Path(data_dir or default_data_dir())
    path = data_dir / MODELS_FOLDER / f"{name}.yaml"
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name) or not path.is_file():
        have = ", ".join(model_names(data_dir)) or "none"
        message = f"no readiness model called '{name}' (there are: {have})"
        raise DataValidationError(
            [Problem(f"{MODELS_FOLDER}/{name}.yaml", HEADER_ROW, ANY_COLUMN, message)]
        )
    model, problems = check_model(path, data_dir)
    if problems:
        raise DataValidationError(problems)
    return model


# --- Answers to a model -----------------------------------------------------------------


def answers_schema(model: dict, *, scored: bool = False) -> dict:
    """Return the Table Schema of a CSV of answers to ``model``, generated from the model.

    One column ``respondent_id`` (unique), then one integer column per factor,
    1 to 5. With ``scored``, also the columns ``score`` (0 to 100) and
    ``weakest`` that ``python -m lipse_widgets score`` writes.
    """
    scale = model["scale"]
    fields = [
        {
            "name": RESPONDENT,
            "type": "string",
            "description": "An identifier of the respondent, unique in the file.",
            "constraints": {"required": True, "unique": True},
        }
    ]
    for factor in model["factors"]:
        reverse = (
            " A barrier: a high answer lowers the score." if factor["effect"] == "barrier" else ""
        )
        fields.append(
            {
                "name": factor["id"],
                "type": "integer",
                "title": factor["label"],
                "description": (
                    f"{factor['question']} {scale['min']} = {factor['min_label']}, "
                    f"{scale['max']} = {factor['max_label']}.{reverse}"
                ),
                "constraints": {"required": True, "minimum": scale["min"], "maximum": scale["max"]},
            }
        )
    if scored:
        fields.append(
            {
                "name": SCORE,
                "type": "integer",
                "description": "The readiness score, 0 to 100, rounded to a whole number.",
                "constraints": {"required": True, "minimum": 0, "maximum": 100},
            }
        )
        fields.append(
            {
                "name": WEAKEST,
                "type": "string",
                "description": "The weakest factors' ids, weakest first, separated by '; '.",
            }
        )
    return {"fields": fields, "primaryKey": [RESPONDENT]}


def read_answers(path: Path | str, model: dict, *, scored: bool = False):
    """Validate a CSV of answers to ``model`` and return it as a pandas DataFrame.

    The file name in problems is ``path`` as given. Raises
    :class:`~lipse_widgets.data.problems.DataValidationError` listing every
    problem (a missing file, a wrong encoding, a missing column, a ragged row, an
    answer that is not a whole number from 1 to 5, a repeated respondent id);
    a partial table is never returned.
    """
    import pandas as pd

    from lipse_widgets.data.validate import check_resource

    name = str(path)
    if Path(path).is_dir():
        raise DataValidationError(
            [Problem(name, HEADER_ROW, ANY_COLUMN, "is a folder, not a CSV file")]
        )
    if not Path(path).is_file():
        raise DataValidationError([Problem(name, HEADER_ROW, ANY_COLUMN, "file not found")])
    schema = answers_schema(model, scored=scored)
    table, problems = check_resource({"path": name, "schema": schema}, Path("."))
    if problems or table is None:
        raise DataValidationError(problems)
    frame = pd.DataFrame(table.records, columns=table.header)
    for field in schema["fields"]:
        if field["type"] == "integer":
            frame[field["name"]] = frame[field["name"]].astype("int64")
    return frame
