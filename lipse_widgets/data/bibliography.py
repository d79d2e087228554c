"""The bibliography, ``references.bib``: its citation keys, and the fields the build needs.

The book's build formats every entry with pybtex's ``alpha`` style (the default of
sphinxcontrib-bibtex) and labels citations in the author-year style. An entry that
lacks a field the style prints for its type (``year`` of an ``@article``, for
example) makes the strict build fail, and an entry with no author, editor or title
stops it with a traceback. :func:`read_bibliography` reports both, naming the entry,
before any build: it runs the same pybtex style on every entry.

pybtex comes with sphinxcontrib-bibtex (``requirements.txt`` pins Jupyter Book).
"""

from __future__ import annotations

import difflib
import functools
import re
from pathlib import Path

import pandas as pd

from lipse_widgets.data.files import read_text
from lipse_widgets.data.problems import ANY_COLUMN, WHOLE_FILE, Problem, show

BIBLIOGRAPHY = "references.bib"
#: The pybtex formatting style the build uses (sphinxcontrib-bibtex's default).
STYLE = "alpha"
#: The author-year label of a citation is the first of these the entry has.
LABEL_FIELDS = ("author", "editor", "title")
#: How a citation key is written: the first author's surname (or the organisation), the
#: year and a word, in lowercase letters, digits and '_' (lewis2018drivers, lipse_wp2_page).
KEY_PATTERN = re.compile(r"[a-z][a-z0-9_]*")


def split_keys(cell: str) -> list[str]:
    """Split a ``source`` cell such as ``"a2015; b2016"`` into its citation keys."""
    return [k.strip() for k in str(cell).split(";") if k.strip()]


def citation_fields(resource: dict) -> list[str]:
    """Return the names of the resource's fields that hold citation keys."""
    return [f["name"] for f in resource["schema"]["fields"] if f.get("citationKeys")]


def _entry_lines(text: str) -> dict[str, int]:
    """Return the line on which each entry's key is written (the first, if repeated)."""
    lines: dict[str, int] = {}
    for match in re.finditer(r"@\s*\w+\s*[{(]\s*([^,\s]+)\s*,", text):
        lines.setdefault(match.group(1), text.count("\n", 0, match.start()) + 1)
    return lines


def _repeated_entry_line(text: str, message: str) -> int:
    """Return the line of the second entry with a repeated key (0 if not that problem)."""
    found = re.fullmatch(r"repeated bibliography entry: (.+)", message.strip())
    if not found:
        return WHOLE_FILE
    entry = re.compile(r"@\w+\s*[{(]\s*" + re.escape(found.group(1)) + r"\s*,", re.IGNORECASE)
    starts = [m.start() for m in entry.finditer(text)]
    return text.count("\n", 0, starts[1]) + 1 if len(starts) > 1 else WHOLE_FILE


def _field_problems(entries, text: str, name: str) -> list[Problem]:
    """Run the build's formatting style on every entry; report the fields it misses."""
    from pybtex.plugin import find_plugin
    from pybtex.style.template import FieldIsMissing

    style = find_plugin("pybtex.style.formatting", STYLE)()
    lines = _entry_lines(text)
    problems = []
    for key, entry in entries.items():
        line = lines.get(key, WHOLE_FILE)
        kind = entry.type.lower()
        if not KEY_PATTERN.fullmatch(key):
            message = (
                f"the key {show(key)} must be lowercase letters, digits and '_', starting with"
                " a letter: the first author's surname (or the organisation), the year and a"
                " word, as in lewis2018drivers"
            )
            problems.append(Problem(name, line, "key", message))
        if not any(f in entry.fields or f in entry.persons for f in LABEL_FIELDS):
            message = (
                f"entry '{key}' (@{kind}) needs an author, an editor or a title:"
                " the book's citations are labelled with one of them"
            )
            problems.append(Problem(name, line, "author", message))
            continue
        try:
            style.format_entry(key, entry)
        except FieldIsMissing as err:
            field = str(err.field_name)
            message = (
                f"entry '{key}' (@{kind}) needs a '{field}': the book's bibliography style"
                f" prints it for this type of entry"
            )
            problems.append(Problem(name, line, field, message))
        except Exception as err:  # pybtex cannot format it for another reason
            message = f"entry '{key}' (@{kind}) cannot be formatted ({type(err).__name__}: {err})"
            problems.append(Problem(name, line, ANY_COLUMN, message))
    return problems


def read_bibliography(bib_path: Path) -> tuple[set[str] | None, list[Problem]]:
    """Return the citation keys of a BibTeX file, or the problems that stop it being used."""
    bib_path = Path(bib_path)
    name = bib_path.name
    text, problems = read_text(bib_path, name, missing="bibliography not found")
    if text is None:
        return None, problems
    keys, problems = _checked(text, name)
    return (set(keys) if keys is not None else None), list(problems)


@functools.lru_cache(maxsize=4)
def _checked(text: str, name: str) -> tuple[frozenset[str] | None, tuple[Problem, ...]]:
    """Parse and check a bibliography (once per text: formatting every entry takes time)."""
    from pybtex.database import parse_string  # pybtex comes with sphinxcontrib-bibtex
    from pybtex.exceptions import PybtexError

    try:
        entries = parse_string(text, bib_format="bibtex").entries
    except PybtexError as err:
        line = getattr(err, "lineno", None) or _repeated_entry_line(text, str(err))
        detail = re.sub(r"^(.*?) in line \d+: ", r"\1: ", str(err))
        return None, (Problem(name, line, ANY_COLUMN, f"not valid BibTeX: {detail}"),)
    problems = _field_problems(entries, text, name)
    if problems:
        return None, tuple(problems)
    return frozenset(entries.keys()), ()


def key_problem(key: str, keys: set[str], bib_name: str) -> str | None:
    """Return what is wrong with a citation key (None if the bibliography has it)."""
    if key in keys:
        return None
    if re.search(r"[\s,;]", key):
        return f"{show(key)} is not a citation key; separate keys with '; '"
    folded = {k.lower(): k for k in keys}
    if key.lower() in folded:
        return (
            f"unknown citation key '{key}': {bib_name} has '{folded[key.lower()]}'"
            " (keys are case-sensitive)"
        )
    guess = difflib.get_close_matches(key, list(keys), n=1, cutoff=0.8)
    hint = f" (did you mean '{guess[0]}'?)" if guess else ""
    return f"unknown citation key '{key}': not in {bib_name}{hint}"


def citation_problems(
    name: str, keys_column: str, cells: pd.Series, rows, keys: set[str], bib_name: str
) -> list[Problem]:
    """Check that every citation key in a column (``cells``, at spreadsheet ``rows``) exists."""
    problems = []
    for position, cell in enumerate(cells):
        if not isinstance(cell, str):
            continue
        for key in split_keys(cell):
            message = key_problem(key, keys, bib_name)
            if message:
                problems.append(Problem(name, int(rows[position]), keys_column, message))
    return problems
