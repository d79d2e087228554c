"""Sphinx extension: each warning about a reference names the line of its sentence.

Sphinx places a warning about a role inside a paragraph (an unknown label, glossary
term, document or citation key) at the paragraph's first line, because a role has
no line of its own. The book writes one sentence per line, so this extension looks
for the quoted target from that line down to the end of the paragraph and names the
line that holds it; and where a known target is close to the unknown one, it adds
"did you mean": ``chapters/outcomes.md:62: WARNING: undefined label:
'evidence-basi' (did you mean 'evidence-basis'?)``.

It works as a logging filter placed right after the one with which Sphinx turns a
warning's node into ``FILE:LINE``, so the strict build's error and the printed
warning agree. Loaded from ``book/_config.yml`` (``sphinx.config.extensions``).
"""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.logging import NAMESPACE, WarningLogRecordTranslator

#: The warnings this extension knows: the quoted target, and where close targets are.
_KINDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"undefined label: '([^']+)'"), "labels"),
    (re.compile(r"A title or caption not found: '([^']+)'"), "labels"),
    (re.compile(r"'myst' reference target not found: '([^']+)'"), "labels"),
    (re.compile(r"term not in glossary: '([^']+)'"), "terms"),
    (re.compile(r"unknown document: '([^']+)'"), "documents"),
    (re.compile(r'could not find bibtex key "([^"]+)"'), "citation keys"),
]
_LOCATION = re.compile(r"(?P<path>.+):(?P<line>\d+)")


def known_targets(app: Sphinx, kind: str) -> list[str]:
    """Return the targets of one kind the book defines (labels, terms, documents, keys)."""
    env = app.env
    if kind == "labels":
        std = env.get_domain("std")
        return sorted(set(std.labels) | set(std.anonlabels))  # type: ignore[attr-defined]
    if kind == "terms":
        std = env.get_domain("std")
        return sorted(name for objtype, name in std.objects if objtype == "term")  # type: ignore[attr-defined]
    if kind == "documents":
        return sorted(env.found_docs)
    if kind == "citation keys" and "cite" in env.domains:
        bibdata = getattr(env.get_domain("cite"), "bibdata", None)
        return sorted(bibdata.data.entries) if bibdata is not None else []
    return []


def did_you_mean(target: str, known: Iterable[str]) -> str:
    """Return ``" (did you mean 'x'?)"`` for the closest known target, or nothing."""
    folded = {k.lower(): k for k in known}
    guess = difflib.get_close_matches(target.lower(), list(folded), n=1, cutoff=0.75)
    return f" (did you mean '{folded[guess[0]]}'?)" if guess else ""


def sentence_line(path: Path, line: int, target: str) -> int:
    """Return the line, from ``line`` to the end of its paragraph, that holds ``target``."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return line
    quoted = re.compile(rf"(?<![\w-]){re.escape(target)}(?![\w-])")
    for number in range(line, len(lines) + 1):
        text = lines[number - 1]
        if number > line and not text.strip():
            break  # the end of the paragraph
        if quoted.search(text):
            return number
    return line


class SentenceLocation(logging.Filter):
    """Move a reference warning to its sentence's line and add "did you mean"."""

    def __init__(self, targets: Callable[[str], list[str]]) -> None:
        super().__init__()
        self.targets = targets

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's location and message; never drop it."""
        try:
            # the message alone: a Sphinx record's getMessage() adds its location
            message = logging.LogRecord.getMessage(record)
        except (TypeError, ValueError):
            return True
        matched = next(
            ((found, kind) for pattern, kind in _KINDS if (found := pattern.search(message))),
            None,
        )
        if matched is None:
            return True
        found, kind = matched
        target = found.group(1)
        location = _LOCATION.fullmatch(str(getattr(record, "location", None) or ""))
        if location:
            line = sentence_line(Path(location["path"]), int(location["line"]), target)
            record.location = f"{location['path']}:{line}"  # type: ignore[attr-defined]
        hint = did_you_mean(target, (t for t in self.targets(kind) if t != target))
        if hint and hint not in message:
            record.msg, record.args = message + hint, ()
        return True


def _install(app: Sphinx) -> None:
    """Place the filter right after Sphinx's own location filter on its warning handler."""
    for handler in logging.getLogger(NAMESPACE).handlers:
        filters = handler.filters
        for index, existing in enumerate(filters):
            if isinstance(existing, WarningLogRecordTranslator):
                filters.insert(index + 1, SentenceLocation(lambda kind: known_targets(app, kind)))
                break


def setup(app: Sphinx) -> dict:
    """Register the extension."""
    _install(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
