"""Answer codes: one participant's answers to a readiness model, short enough to type.

A code is the model's id, ``=``, then one digit per factor in the model's factor
order: ``eprocurement=3425134``. The calculators on the site show it, and a link
puts it in the fragment (``chapters/outcomes.html#eprocurement=3425134``), so the
answers never leave the reader's browser.

This module formats and reads codes: one code (:func:`parse_code`), a link with the
code after ``#`` (the same function), and a text file of lines, one per participant,
optionally ``name: code`` or ``name: link``, with blank lines and ``#`` comments
skipped (:func:`parse_lines`, :func:`read_code_file`). Every line that is not a
good code is a :class:`~lipse_widgets.data.problems.Problem` naming the file, the
line and the reason; nothing is guessed.

The page's JavaScript (``lipse-codes.js``) reads codes the same way, with the same
messages: :data:`MESSAGES` are written here once, as templates, and
:func:`page_data` puts them, with the models, into the page.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from lipse_widgets.data.files import read_text
from lipse_widgets.data.models import Model, load_model, model_names
from lipse_widgets.data.problems import ANY_COLUMN, WHOLE_FILE, DataValidationError, Problem

#: The suffix of a text file of answer codes (``read_answers`` reads it beside CSV and XLSX).
CODE_SUFFIXES = (".txt",)
#: The largest code file read (a line is about 60 bytes: this is thousands of participants).
MAX_BYTES = 1_000_000
#: The column that a problem of a code file names.
CODE_COLUMN = "code"
#: The name a participant without one gets: the line of the file (stable, unique).
LINE_NAME = "line {line}"

#: Why a code or a line is refused, as templates: ``{name}`` is filled in. The page's
#: script gets the same templates (:func:`page_data`), so both say the same thing.
MESSAGES: dict[str, str] = {
    "empty": "there is no code: write one such as {example}",
    "no_equals": (
        "'{text}' is not an answer code: a code is a model's id, '=', then one digit per"
        " question, such as {example}"
    ),
    "link_without_code": "the link has no answer code after '#', such as #{example}",
    "unknown_model": "'{model}' is not a readiness model: the models are {models}",
    "other_model": (
        "is a code for the {model} model, but these answers are read for the {expected} model"
    ),
    "not_digits": (
        "'{digits}' after '=' must be digits only, one per question (the {model} model"
        " has {expected})"
    ),
    "wrong_count": (
        "has {count} {digit_word} after '='; the {model} model needs {expected}, one per"
        " question, in order"
    ),
    "off_scale": (
        "digit {position} is {value}, the answer to '{factor}': answers go from {min} to {max}"
    ),
    "no_name": "has nothing before ':'; write a name, or the code alone",
    "duplicate_name": "the name '{name}' is used twice (first on line {first})",
    "no_lines": "has no codes in it (only blank lines and # comments)",
}


class CodeError(ValueError):
    """A code that cannot be read; ``reason`` is the message, ``field`` what it concerns."""

    def __init__(self, reason: str, field: str = CODE_COLUMN) -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field


@dataclass(frozen=True)
class Code:
    """One participant's answers, read from a code: the model and one answer per factor."""

    model: Model
    values: tuple[int, ...]

    @property
    def answers(self) -> dict[str, int]:
        """The answers by factor id."""
        return dict(zip(self.model.factor_ids, self.values, strict=True))

    def __str__(self) -> str:
        return format_code(self.model, self.values)


@dataclass(frozen=True)
class CodeLine:
    """A good line of a code file: where it is, whose answers, which ones."""

    line: int
    name: str
    code: Code


def message(key: str, **values: object) -> str:
    """Return the message ``key`` of :data:`MESSAGES` with its blanks filled in."""
    return MESSAGES[key].format(**values)


def example_code(model: Model) -> str:
    """Return a code for ``model`` to show as an example (the middle of the scale)."""
    return format_code(model, model.default_answers())


def format_code(model: Model, answers: Mapping[str, int] | Sequence[int]) -> str:
    """Return the code of ``answers`` (by factor id, or in the model's factor order)."""
    if isinstance(answers, Mapping):
        values = [answers[f] for f in model.factor_ids]
    else:
        values = list(answers)
        if len(values) != len(model.factors):
            raise ValueError(f"{len(values)} answers given; {model.id} has {len(model.factors)}")
    for factor, value in zip(model.factors, values, strict=True):
        if not (isinstance(value, int) and model.scale_min <= value <= model.scale_max <= 9):
            raise ValueError(
                f"{factor.id}: {value!r} is not a whole number from {model.scale_min}"
                f" to {model.scale_max}"
            )
    return f"{model.id}=" + "".join(str(v) for v in values)


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def _models_text(models: Iterable[Model]) -> str:
    return ", ".join(sorted(m.id for m in models))


def parse_code(text: str, models: Iterable[Model]) -> Code:
    """Read one code, or a link with the code after ``#``; raise :class:`CodeError`.

    The model's id may be written in capitals (a phone's keyboard may start with
    one); spaces around ``=`` and between digits are allowed.
    """
    models = list(models)
    by_id = {m.id: m for m in models}
    example = example_code(models[0]) if models else "eprocurement=33333333"
    text = text.strip()
    if not text:
        raise CodeError(message("empty", example=example))
    if "#" in text or _SCHEME.match(text):
        fragment = text.rsplit("#", 1)[1] if "#" in text else ""
        fragment = urllib.parse.unquote(fragment).strip()
        if "=" not in fragment:
            raise CodeError(message("link_without_code", example=example))
        text = fragment
    if "=" not in text:
        raise CodeError(message("no_equals", text=_short(text), example=example))
    model_id, digits = (part.strip() for part in text.split("=", 1))
    model = by_id.get(model_id.lower())
    if model is None:
        raise CodeError(
            message("unknown_model", model=_short(model_id), models=_models_text(models))
        )
    digits = re.sub(r"\s+", "", digits)
    expected = len(model.factors)
    if not re.fullmatch(r"[0-9]*", digits) or not digits.isascii():
        raise CodeError(
            message("not_digits", digits=_short(digits), model=model.id, expected=expected)
        )
    if len(digits) != expected:
        count = len(digits)
        raise CodeError(
            message(
                "wrong_count",
                count=count,
                digit_word="digit" if count == 1 else "digits",
                model=model.id,
                expected=expected,
            )
        )
    values = tuple(int(d) for d in digits)
    for position, (factor, value) in enumerate(zip(model.factors, values, strict=True), 1):
        if not model.scale_min <= value <= model.scale_max:
            raise CodeError(
                message(
                    "off_scale",
                    position=position,
                    value=value,
                    factor=factor.label,
                    min=model.scale_min,
                    max=model.scale_max,
                ),
                factor.id,
            )
    return Code(model, values)


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def split_name(line: str) -> tuple[str | None, str]:
    """Split ``name: code`` (or ``name: link``) into its name and code; no name gives None."""
    if _SCHEME.match(line) or ":" not in line:
        return None, line
    name, rest = line.split(":", 1)
    if rest.startswith("//"):  # a link without a name ("localhost://" is not a name)
        return None, line
    return name.strip(), rest.strip()


def parse_lines(
    text: str, models: Iterable[Model], file: str = "(pasted)"
) -> tuple[list[CodeLine], list[Problem]]:
    """Read lines of codes (``name: code``, ``name: link`` or the code alone).

    Blank lines and lines starting with ``#`` are skipped. A line without a name is
    called ``line N``. Returns the good lines and one problem per bad line.
    """
    models = list(models)
    rows: list[CodeLine] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue
        name, code_text = split_name(line)
        if name is not None and not name:
            problems.append(Problem(file, number, "name", message("no_name")))
            continue
        try:
            code = parse_code(code_text, models)
        except CodeError as err:
            problems.append(Problem(file, number, err.field, err.reason))
            continue
        name = name or LINE_NAME.format(line=number)
        key = name.lower()
        if key in seen:
            problems.append(
                Problem(
                    file,
                    number,
                    "name",
                    message("duplicate_name", name=_short(name), first=seen[key]),
                )
            )
            continue
        seen[key] = number
        rows.append(CodeLine(number, name, code))
    return rows, problems


def read_code_file(
    path: Path, name: str, model: Model, models: Iterable[Model] | None = None
) -> tuple[list[CodeLine], list[Problem]]:
    """Read a text file of codes for ``model``: the good lines, or every problem.

    ``models`` are the models whose codes are recognised (by default ``model``
    alone); a code of another of them is refused as a code for another model.
    """
    text, problems = read_text(path, name, max_bytes=MAX_BYTES)
    if text is None:
        return [], problems
    known = list(models) if models is not None else _book_models(model)
    if model.id not in {m.id for m in known}:
        known.append(model)
    rows, problems = parse_lines(text, known, name)
    good = []
    for row in rows:
        if row.code.model.id != model.id:
            reason = message("other_model", model=row.code.model.id, expected=model.id)
            problems.append(Problem(name, row.line, CODE_COLUMN, reason))
        else:
            good.append(row)
    problems.sort(key=lambda p: p.row)
    if not good and not problems:
        problems = [Problem(name, WHOLE_FILE, ANY_COLUMN, message("no_lines"))]
    return good, problems


def _book_models(model: Model) -> list[Model]:
    """Return ``model`` and the other models of the data folder that load without a problem.

    A code for another model is then named as such, not as an unknown model.
    """
    found = [model]
    for name in model_names():
        if name != model.id:
            try:
                found.append(load_model(name))
            except DataValidationError:
                continue
    return found


def model_definition(model: Model) -> dict:
    """Return what the page's script needs to know of a model to read and write its codes."""
    return {
        "id": model.id,
        "title": model.title,
        "min": model.scale_min,
        "max": model.scale_max,
        "factors": [
            {"id": f.id, "label": f.label, "effect": f.effect, "weight": f.weight}
            for f in model.factors
        ],
    }


def page_data(models: Iterable[Model]) -> dict:
    """Return the models and the messages, as ``lipse-codes.js`` reads them from a page."""
    return {
        "models": [model_definition(m) for m in models],
        "messages": dict(MESSAGES),
        "lineName": LINE_NAME,
    }
