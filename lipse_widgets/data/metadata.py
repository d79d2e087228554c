"""What every resource of ``datapackage.json`` must say about itself, beyond the standard.

The Frictionless standard leaves most of a resource's metadata optional; the book
does not. Every resource says what it is (``title``, ``description``), what it covers
(``coverage``: ``countries`` and ``years``), where it comes from (``sources``, each with a
``title``), under which licence it may be reused (``licenses``, each with a ``name``
and the licence's address, ``path``), and exactly where the file came from and what
was done to it (``provenance``); every column of its schema has a ``description``.
A chart's source line and the data catalogue are written from these, so a missing one
would show on the site as a gap ("Source: .").

Made-up example data is labelled as made up in its file name and in its description:
a file whose name holds ``made_up`` says so in its description, and a resource whose
title or description calls it made up has a file name that starts with ``made_up_``.

Each problem names the line of ``datapackage.json`` where the resource (or the field)
is named, and the missing key as its column.
"""

from __future__ import annotations

import json
import re

from lipse_widgets.data.problems import WHOLE_FILE, Problem

DESCRIPTOR = "datapackage.json"
#: The words that label data as made up, in a description or a title.
MADE_UP = re.compile(r"\bmade[- ]up\b", re.IGNORECASE)
#: How the file of made-up data is named.
MADE_UP_PREFIX = "made_up_"

#: Each key every resource needs, with what to write in it.
REQUIRED = {
    "title": "a title (what the data is, and who published it)",
    "description": "a description (what one row is, what the values mean, and what they do "
    "not measure)",
    "coverage": 'its coverage: {"countries": ..., "years": ...}',
    "sources": "its sources: a list of the publisher's title and address, "
    '[{"title": ..., "path": "https://..."}]',
    "licenses": "its licences: a list of the licence's name and address, "
    '[{"name": ..., "path": "https://..."}]',
    "provenance": "its provenance: where exactly the file came from (publisher, address, or "
    "the public repository and commit) and what was done to it",
}


def _line_of_name(text: str, name: object, after: int = 0) -> int:
    """Return the line on which ``"name": "<name>"`` is written (from line ``after`` on)."""
    if not isinstance(name, str):
        return WHOLE_FILE
    pattern = re.compile(r'"name"\s*:\s*' + re.escape(json.dumps(name)))
    lines = text.splitlines()
    for number in range(max(after, 1), len(lines) + 1):
        if pattern.search(lines[number - 1]):
            return number
    return WHOLE_FILE


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _entries_problems(resource: dict, key: str, needs: tuple[str, ...]) -> str | None:
    """Return what is wrong with a list of sources or licences (None if nothing)."""
    entries = resource.get(key)
    if not isinstance(entries, list) or not entries:
        return None  # reported as missing
    for number, entry in enumerate(entries, start=1):
        missing = [n for n in needs if not isinstance(entry, dict) or _blank(entry.get(n))]
        if missing:
            said = " and ".join(f"'{n}'" for n in missing)
            return f"entry {number} of '{key}' needs {said}"
    return None


def resource_problems(resource: dict, text: str) -> list[Problem]:
    """Return the metadata problems of one resource (``text`` is the descriptor's text)."""
    name = resource.get("name")
    label = f"resource '{name}'"
    line = _line_of_name(text, name)
    problems = []

    def add(column: str, message: str, at: int = line) -> None:
        problems.append(Problem(DESCRIPTOR, at, column, f"{label}: {message}"))

    for key, what in REQUIRED.items():
        value = resource.get(key)
        if _blank(value) or (isinstance(value, list | dict) and not value):
            add(key, f"needs {what}")
    coverage = resource.get("coverage")
    if isinstance(coverage, dict) and coverage:
        missing = [k for k in ("countries", "years") if _blank(coverage.get(k))]
        if missing:
            said = " and ".join(f"'{k}'" for k in missing)
            add("coverage", f"its coverage needs {said} (write 'not applicable' if so)")
    elif coverage is not None and not isinstance(coverage, dict):
        add("coverage", 'coverage must be {"countries": ..., "years": ...}')
    for key, needs in (("sources", ("title",)), ("licenses", ("name", "path"))):
        message = _entries_problems(resource, key, needs)
        if message:
            add(key, message)
    for field in resource.get("schema", {}).get("fields", []):
        if isinstance(field, dict) and _blank(field.get("description")):
            at = _line_of_name(text, field.get("name"), after=line)
            message = f"the column '{field.get('name')}' needs a description (what its values mean)"
            add("description", message, at)
    path = str(resource.get("path", ""))
    words = f"{resource.get('title', '')} {resource.get('description', '')}"
    if MADE_UP_PREFIX.rstrip("_") in path and not MADE_UP.search(
        str(resource.get("description", ""))
    ):
        add("description", f"the file {path} is made up: say so in its description ('made-up')")
    if MADE_UP.search(words) and not path.startswith(MADE_UP_PREFIX):
        add(
            "path",
            f"its title or description calls the data made up: name its file "
            f"{MADE_UP_PREFIX}... (for example {MADE_UP_PREFIX}{path or 'answers.csv'})",
        )
    return problems


def metadata_problems(descriptor: dict, text: str) -> list[Problem]:
    """Return the metadata problems of every resource of the descriptor."""
    return [
        problem
        for resource in descriptor["resources"]
        if isinstance(resource, dict)
        for problem in resource_problems(resource, text)
    ]
