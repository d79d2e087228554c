"""The shape of a data problem: one line a contributor or a trainer can act on."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

#: Row number of problems that concern the file as a whole (not found, empty, ...).
WHOLE_FILE = 0
#: Row number of the header: a spreadsheet shows the header as row 1.
HEADER_ROW = 1
#: Column name used for problems that concern no single column.
ANY_COLUMN = "*"
#: At most this many characters of a value are quoted in a message.
_MAX_SHOWN = 60
#: Characters shown escaped in messages, so that every problem stays on one line.
_CONTROL = re.compile(r"[\x00-\x1f\x7f\ufeff]")


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in a data file, printed as ``FILE:ROW:COLUMN: message``.

    ``row`` is the row as a spreadsheet numbers it (the header is row 1, the
    first data row is row 2) for a table, the line for a text file (a readiness
    model, the bibliography, ``datapackage.json``), and 0 for the file as a whole.
    """

    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        """Format as ``FILE:ROW:COLUMN: message``."""
        return f"{self.file}:{self.row}:{self.column}: {self.message}"


class DataValidationError(ValueError):
    """Raised when a data file does not match its schema; carries every problem."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(format_problems(self.problems))

    def _render_traceback_(self) -> list[str]:
        """Return what IPython shows in a notebook instead of a traceback: the problems."""
        return [f"{type(self).__name__}: the data has problems:", str(self)]


def format_problems(problems: Iterable[Problem]) -> str:
    """Return the problems as lines of ``FILE:ROW:COLUMN: message``."""
    return "\n".join(str(p) for p in problems)


def show(value: object) -> str:
    """Quote a value for a one-line message: ``'text'``, shortened and with controls escaped.

    Text is quoted as written (``'2.5'``); None reads "an empty value"; other
    values (numbers, lists, booleans from YAML) are shown as they would be written.
    """
    if value is None:
        return "an empty value"
    if isinstance(value, str):
        text = _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), value)
        if len(text) > _MAX_SHOWN:
            text = text[: _MAX_SHOWN - 1] + "…"
        return f"'{text}'"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(show(v) if isinstance(v, str) else str(v) for v in value) + "]"
    return str(value)
