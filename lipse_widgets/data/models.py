"""Read and check the readiness models: one YAML file per innovation.

A readiness model is one file in ``book/data/readiness/`` (``telework.yaml``, for
example). Its structure, and every limit on it (5 to 8 factors, weights from 1 to
10, lengths of texts), is declared once, as a JSON Schema, in
``readiness-model.schema.json`` beside the models, and checked with
`jsonschema <https://python-jsonschema.readthedocs.io>`_. This module adds what a
schema cannot say: ids and labels unique, finding ids that exist in
``findings.csv`` and concern the model's innovation, the model's id matching its
file name, a whole number written as ``2.0`` refused, a value of only spaces
counted as empty, each factor's effect agreeing with its findings
(:mod:`~lipse_widgets.data.agreement`) and each weight following the model's stated
rule (:mod:`~lipse_widgets.data.weights`).

A model file is read defensively: at most :data:`MAX_BYTES`, no YAML alias (an
alias can make a small file expand into a huge document), no key written twice.

Every problem is a :class:`~lipse_widgets.data.problems.Problem` printed as
``FILE:LINE:FIELD: message``: FILE is the path inside the data folder
(``readiness/telework.yaml``), LINE the line of the offending value in the file,
and FIELD the field's name.

A checked model is a frozen :class:`Model`, the one object that the scoring, the
calculators and the command line are generated from.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator, validators

from lipse_widgets.data.agreement import factor_findings_problems
from lipse_widgets.data.files import decode_text, read_bytes
from lipse_widgets.data.package import get_resource, read_descriptor
from lipse_widgets.data.problems import (
    ANY_COLUMN,
    WHOLE_FILE,
    DataValidationError,
    Problem,
    show,
)
from lipse_widgets.data.tables import read_table
from lipse_widgets.data.weights import weight_rule_problems
from lipse_widgets.paths import data_dir as default_data_dir

#: The folder of the readiness models, inside the data folder.
MODELS_FOLDER = "readiness"
#: The JSON Schema of a readiness model, inside :data:`MODELS_FOLDER`.
SCHEMA_FILE = "readiness-model.schema.json"
#: The findings the models cite.
FINDINGS_FILE = "findings.csv"
#: The largest model file read (the book's are about 7 KB).
MAX_BYTES = 64_000
#: What a barrier's question means for the score: said wherever a question is shown.
BARRIER_NOTE = "A barrier: a high answer lowers the score."
#: Where an action comes from, as the calculators say it.
ACTION_BASIS = {"source": "from LIPSE's WP5 conclusions", "book": "the book's suggestion"}

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


# --- The model, as the rest of the package uses it ---------------------------------------


@dataclass(frozen=True)
class Factor:
    """One question of a readiness model."""

    id: str
    label: str
    question: str
    min_label: str
    max_label: str
    effect: str  # "driver" or "barrier"
    weight: int
    findings: tuple[str, ...]
    action: str
    action_basis: str  # "source" or "book"
    note: str = ""

    @property
    def is_barrier(self) -> bool:
        """Whether a high answer lowers readiness."""
        return self.effect == "barrier"

    @property
    def action_source(self) -> str:
        """Where the action comes from, in words ("from LIPSE's WP5 conclusions")."""
        return ACTION_BASIS[self.action_basis]

    @property
    def action_text(self) -> str:
        """The action for a weak factor, with what it rests on, in one sentence."""
        findings = ", ".join(self.findings)
        return f"{self.label}: {self.action} ({self.action_source}; findings {findings})"


@dataclass(frozen=True)
class Model:
    """A readiness model: the scale, the factors and the basis of the weights."""

    id: str
    innovation: str
    title: str
    intro: str
    scale_min: int
    scale_max: int
    min_label: str
    max_label: str
    weights_rule: str
    factors: tuple[Factor, ...]

    @property
    def span(self) -> int:
        """The number of steps on the scale (4 for 1 to 5)."""
        return self.scale_max - self.scale_min

    @property
    def total_weight(self) -> int:
        """The sum of the weights, ``W``."""
        return sum(f.weight for f in self.factors)

    @property
    def factor_ids(self) -> tuple[str, ...]:
        """The factors' ids, in the model's order."""
        return tuple(f.id for f in self.factors)

    def factor(self, factor_id: str) -> Factor:
        """Return the factor called ``factor_id``."""
        for factor in self.factors:
            if factor.id == factor_id:
                return factor
        raise KeyError(factor_id)

    def max_contribution(self, factor: Factor) -> float:
        """Return the most a factor can add to the score: ``100 * w / W``."""
        return 100 * factor.weight / self.total_weight

    def default_answers(self) -> dict[str, int]:
        """Return the middle of the scale for every factor (a score of 50)."""
        middle = (self.scale_min + self.scale_max) // 2
        return {f.id: middle for f in self.factors}

    def answer_guide(self, factor: Factor) -> str:
        """Say what the ends of the scale mean for a factor ("1 = None, 5 = A lot.", + barrier)."""
        guide = f"{self.scale_min} = {factor.min_label}, {self.scale_max} = {factor.max_label}."
        return f"{guide} {BARRIER_NOTE}" if factor.is_barrier else guide


def model_from_dict(data: dict) -> Model:
    """Build a :class:`Model` from a checked model document."""
    scale = data["scale"]
    factors = tuple(
        Factor(
            id=f["id"],
            label=f["label"],
            question=f["question"],
            min_label=f["min_label"],
            max_label=f["max_label"],
            effect=f["effect"],
            weight=int(f["weight"]),
            findings=tuple(f["findings"]),
            action=f["action"],
            action_basis=f["action_basis"],
            note=f.get("note", ""),
        )
        for f in data["factors"]
    )
    return Model(
        id=data["id"],
        innovation=data["innovation"],
        title=data["title"],
        intro=" ".join(data["intro"].split()),
        scale_min=int(scale["min"]),
        scale_max=int(scale["max"]),
        min_label=scale["min_label"],
        max_label=scale["max_label"],
        weights_rule=" ".join(data["weights"]["rule"].split()),
        factors=factors,
    )


# --- Reading YAML -----------------------------------------------------------------------


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases and keys written twice (instead of expanding them)."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None,
                None,
                f"the alias *{event.anchor} is not allowed in a model file; write the value"
                " out in full",
                event.start_mark,
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        seen: set = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the field '{key}' is written twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _read_yaml(path: Path, name: str) -> tuple[object, yaml.Node | None, list[Problem]]:
    """Parse a model file: return (document, its node tree, problems)."""
    raw, problems = read_bytes(path, name, max_bytes=MAX_BYTES)
    if raw is None:
        return None, None, problems
    text, problems = decode_text(raw, name)
    if text is None:
        return None, None, problems
    if not text.strip():
        return None, None, [Problem(name, WHOLE_FILE, ANY_COLUMN, "the file is empty")]
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        return loader.construct_document(node), node, []
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        line = mark.line + 1 if mark else WHOLE_FILE
        where = f" (column {mark.column + 1})" if mark else ""
        what = getattr(err, "problem", None) or str(err)
        return None, None, [Problem(name, line, ANY_COLUMN, f"not valid YAML{where}: {what}")]
    except RecursionError:
        message = "not valid YAML: the values are nested too deeply"
        return None, None, [Problem(name, WHOLE_FILE, ANY_COLUMN, message)]
    finally:
        loader.dispose()


def _line(root: yaml.Node | None, path: list) -> int:
    """Return the line of the value at ``path`` (its key's line for a field of a mapping)."""
    node, line = root, (root.start_mark.line + 1 if root is not None else WHOLE_FILE)
    for step in path:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == str(step)), None)
            if pair is None:
                break
            node, line = pair[1], pair[0].start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if step >= len(node.value):
                break
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _key_line(root: yaml.Node | None, path: list, key: str) -> int:
    """Return the line of ``key`` in the mapping at ``path``."""
    node = root
    for step in path:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == str(step)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            node = node.value[step] if step < len(node.value) else None
        if node is None:
            return _line(root, path)
    if isinstance(node, yaml.MappingNode):
        for k, _ in node.value:
            if k.value == key:
                return k.start_mark.line + 1
    return _line(root, path)


# --- Checking a model against its schema ------------------------------------------------


def _is_whole_number(_checker, instance) -> bool:
    """JSON Schema's "integer", except that ``2.0`` (a float in YAML) is not one."""
    return isinstance(instance, int) and not isinstance(instance, bool)


_Validator = validators.extend(
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_whole_number),
)


@functools.lru_cache(maxsize=4)
def _schema(path: Path, version: tuple[int, int]) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def read_schema(folder: Path) -> dict:
    """Return the models' JSON Schema (read once per version of the file)."""
    path = Path(folder) / SCHEMA_FILE
    stat = path.stat()
    return _schema(path, (stat.st_mtime_ns, stat.st_size))


def _field_name(path: list) -> str:
    """Turn a JSON path such as ``['factors', 2, 'weight']`` into a field name."""
    if len(path) >= 3 and path[0] == "factors" and isinstance(path[1], int):
        return str(path[2])
    keys = [str(key) for key in path if not isinstance(key, int)]
    return ".".join(keys) if keys else ANY_COLUMN


def _schema_message(error, schema: dict) -> tuple[str | None, str]:
    """Return (a field that overrides the error's own, message) for a schema error."""
    kind, value, instance = error.validator, error.validator_value, error.instance
    if kind == "required":
        match = re.match(r"'(.+)' is a required property", error.message)
        return (match.group(1) if match else None), "a value is required (the field is missing)"
    if kind == "type":
        message = f"{show(instance)} is not {_TYPE_WORDS.get(value, value)}"
        if isinstance(instance, bool) and value == "string":
            message += " (YAML reads yes/no/on/off as true/false: put the text in quotes)"
        return None, message
    if kind == "minimum":
        return None, f"{show(instance)} is less than the minimum {value}"
    if kind == "maximum":
        return None, f"{show(instance)} is more than the maximum {value}"
    if kind == "enum":
        return None, f"{show(instance)} is not one of {', '.join(map(str, value))}"
    if kind == "const":
        return None, f"{show(instance)} must be {show(value)}"
    if kind == "pattern":
        return None, f"{show(instance)} must be {_PATTERN_HINTS.get(value, 'like ' + value)}"
    if kind == "minLength":
        return None, f"{show(instance)} is shorter than the minimum of {value} characters"
    if kind == "maxLength":
        return None, f"is {len(instance)} characters long; the maximum is {value}"
    if kind in ("minItems", "maxItems") and list(error.absolute_path) == ["factors"]:
        factors = schema["properties"]["factors"]
        limits = f"{factors['minItems']} to {factors['maxItems']}"
        return None, f"has {len(instance)} factors; a model needs {limits}"
    if kind == "minItems":
        return None, f"needs at least {value} item(s)"
    if kind == "uniqueItems":
        return None, "lists the same item twice"
    return None, error.message


def _blank_paths(value: object, path: tuple = ()) -> list[tuple]:
    """Return the paths of the text values that hold only spaces (or nothing)."""
    if isinstance(value, str):
        return [path] if not value.strip() else []
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _blank_paths(v, (*path, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _blank_paths(v, (*path, i))]
    return []


def _schema_problems(document: object, node, schema: dict, name: str) -> list[Problem]:
    blank = _blank_paths(document)
    problems = [
        Problem(
            name, _line(node, list(p)), _field_name(list(p)), "the field is empty: write a value"
        )
        for p in blank
    ]
    for error in _Validator(schema).iter_errors(document):
        path = list(error.absolute_path)
        if tuple(path) in blank:
            continue  # already reported as empty
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = list(error.schema.get("properties", {}))
            for key in error.instance:
                if key in allowed:
                    continue
                guess = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
                hint = f"did you mean '{guess[0]}'? " if guess else ""
                message = f"unknown field; {hint}the fields are: {', '.join(allowed)}"
                problems.append(Problem(name, _key_line(node, path, str(key)), str(key), message))
            continue
        override, message = _schema_message(error, schema)
        problems.append(Problem(name, _line(node, path), override or _field_name(path), message))
    return problems


# --- Checks a schema cannot express -----------------------------------------------------


def findings_by_id(data_dir: Path) -> dict[str, dict[str, str]] | None:
    """Return the rows of ``findings.csv`` as ``{finding id: {column: text}}``.

    Returns None if the file cannot be read or has no ``id`` column: its own
    problems are reported by the table check, and the models' finding ids are then
    not checked, rather than all reported as unknown.
    """
    table, _ = read_table(Path(data_dir) / FINDINGS_FILE, FINDINGS_FILE, [])
    if table is None or "id" not in table.header:
        return None
    columns = {label: table.text_column(label).tolist() for label in dict.fromkeys(table.header)}
    return {
        row_id: {label: values[i] for label, values in columns.items()}
        for i, row_id in enumerate(columns["id"])
    }


def _finding_effects(data_dir: Path) -> frozenset[str] | None:
    """Return the effects the data package allows a finding (None if it cannot be read).

    A finding with another effect is reported by the table check, not again here.
    """
    try:
        resource = get_resource("findings", read_descriptor(data_dir))
    except DataValidationError:
        return None
    fields = {f.get("name"): f for f in resource.get("schema", {}).get("fields", [])}
    return frozenset(fields.get("effect", {}).get("constraints", {}).get("enum", ())) or None


def _meaning_problems(
    model: object, node, name: str, stem: str, findings: dict[str, dict[str, str]] | None
) -> list[Problem]:
    """Check ids, labels, finding ids and the model id against the file name.

    Runs on whatever parts of the model are well formed, so that these problems
    are listed together with the schema's.
    """
    if not isinstance(model, dict):
        return []
    problems = []
    if isinstance(model.get("id"), str) and model["id"] != stem:
        message = f"{show(model.get('id'))} must match the file name '{stem}'"
        problems.append(Problem(name, _line(node, ["id"]), "id", message))
    innovation = model.get("innovation")
    first_id: dict[str, int] = {}
    first_label: dict[str, int] = {}
    factors = model.get("factors") if isinstance(model.get("factors"), list) else []
    for number, factor in enumerate(factors, start=1):
        if not isinstance(factor, dict):
            continue
        index = number - 1
        fid, label = factor.get("id"), factor.get("label")
        if isinstance(fid, str) and fid in first_id:
            message = (
                f"{show(fid)} is used twice (first by factor {first_id[fid]}); ids must be unique"
            )
            problems.append(Problem(name, _line(node, ["factors", index, "id"]), "id", message))
        if isinstance(fid, str):
            first_id.setdefault(fid, number)
        if isinstance(label, str) and label in first_label:
            message = f"{show(label)} is used twice (first by factor {first_label[label]})"
            problems.append(
                Problem(name, _line(node, ["factors", index, "label"]), "label", message)
            )
        if isinstance(label, str):
            first_label.setdefault(label, number)
        cited = factor.get("findings") if isinstance(factor.get("findings"), list) else []
        line = _line(node, ["factors", index, "findings"])
        for finding in cited if findings is not None else []:
            if not isinstance(finding, str) or not re.fullmatch(r"F[0-9]{3}", finding):
                continue  # the schema reports it
            if finding not in findings:
                message = f"unknown finding id '{finding}': not in {FINDINGS_FILE}"
                problems.append(Problem(name, line, "findings", message))
            elif findings[finding].get("innovation") not in (innovation, "general"):
                about = findings[finding].get("innovation")
                message = f"finding {finding} is about {about}, not {innovation}"
                problems.append(Problem(name, line, "findings", message))
    return problems


def check_model(path: Path, data_dir: Path) -> tuple[Model | None, list[Problem]]:
    """Read and check one model file; return the model only if it has no problems."""
    data_dir = Path(data_dir)
    name = Path(path).relative_to(data_dir).as_posix()
    document, node, problems = _read_yaml(Path(path), name)
    if problems:
        return None, problems
    schema = read_schema(data_dir / MODELS_FOLDER)
    problems = _schema_problems(document, node, schema, name)
    findings = findings_by_id(data_dir)
    problems += _meaning_problems(document, node, name, Path(path).stem, findings)
    problems += factor_findings_problems(
        document,
        findings,
        name,
        line=lambda index, field: _line(node, ["factors", index, field]),
        effects=_finding_effects(data_dir),
    )
    problems += weight_rule_problems(document, findings, name, lambda path: _line(node, path))
    if problems:
        return None, sorted(problems, key=lambda p: (p.row, p.column, p.message))
    return model_from_dict(document), []


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
    try:
        read_schema(folder)
    except (OSError, ValueError) as err:
        schema_name = f"{MODELS_FOLDER}/{SCHEMA_FILE}"
        return [Problem(schema_name, WHOLE_FILE, ANY_COLUMN, f"cannot be read: {err}")]
    problems: list[Problem] = []
    for path in model_paths(data_dir):
        problems.extend(check_model(path, data_dir)[1])
    return problems


def load_model(name: str, data_dir: Path | None = None) -> Model:
    """Return the checked readiness model ``name``.

    Raises :class:`~lipse_widgets.data.problems.DataValidationError` if the model
    does not exist or has a problem.
    """
    data_dir = Path(data_dir or default_data_dir())
    path = data_dir / MODELS_FOLDER / f"{name}.yaml"
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name) or not path.is_file():
        have = ", ".join(model_names(data_dir)) or "none"
        message = f"no readiness model called '{name}' (there are: {have})"
        raise DataValidationError(
            [Problem(f"{MODELS_FOLDER}/{name}.yaml", WHOLE_FILE, ANY_COLUMN, message)]
        )
    model, problems = _checked_model(path, data_dir, _versions(path, data_dir))
    if model is None:
        raise DataValidationError(problems)
    return model


def _versions(path: Path, data_dir: Path) -> tuple:
    """Return the size and time of the files a model's check reads (they key the cache)."""
    stamps = []
    for file in (path, data_dir / FINDINGS_FILE, data_dir / MODELS_FOLDER / SCHEMA_FILE):
        try:
            stat = file.stat()
            stamps.append((stat.st_mtime_ns, stat.st_size))
        except OSError:
            stamps.append(None)
    return tuple(stamps)


@functools.lru_cache(maxsize=16)
def _checked_model(path: Path, data_dir: Path, versions: tuple) -> tuple[Model | None, list]:
    return check_model(path, data_dir)
