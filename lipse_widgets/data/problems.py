"""The shape of a data problem: one line a contributor can act on."""

from __future__ import annotations

from dataclasses import dataclass

#: Row number used for problems that concern the header or the whole file.
HEADER_ROW = 0
#: Column name used for problems that concern no single column.
ANY_COLUMN = "*"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in a data file, printed as ``FILE:ROW:COLUMN: message``.

    ``row`` counts data rows from 1 (the first row after the header);
    0 means the header or the file as a whole.
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

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
