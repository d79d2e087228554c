"""The book's pages (MyST markdown): the citation keys they use, and one sentence per line.

The pages are read line by line, as a contributor sees them in an editor, so that
every problem names the line of the sentence that holds it. Only the prose counts:
the front matter, code cells, code blocks, a directive's options, comments, targets
such as ``(label)=``, tables and HTML are left out; the text of a directive
(``{admonition}``, ``{glue:figure}``'s caption, ``{glossary}``) is prose.

Two checks use these lines:

* :func:`citation_problems`: every key of a ``{cite:p}`` (or ``{cite:t}``, ``{cite}``)
  role is in the bibliography, with "did you mean" where a key is close
  (``python -m lipse_widgets validate`` runs it, so the build never meets an unknown key);
* :func:`sentence_problems`: one sentence per line (``python -m lipse_widgets
  sentences``, the pre-commit hook and a test run it): a line holds one sentence, and
  a sentence does not run on to the next line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lipse_widgets.data.bibliography import key_problem
from lipse_widgets.data.files import read_text
from lipse_widgets.data.problems import Problem

#: The field name of a problem with a citation role, and of a sentence problem.
CITE_FIELD = "cite"
SENTENCE_FIELD = "sentences"
#: Folders of the book that hold no pages (the build, static files, the data).
_NOT_PAGES = ("_build", "_static", "data")

#: Directives whose content is code or settings, not prose.
_CODE_DIRECTIVES = frozenset(
    {"code-cell", "code-block", "code", "sourcecode", "bibliography", "raw", "math",
     "eval-rst", "toctree", "tableofcontents", "literalinclude", "include", "csv-table",
     "list-table", "table", "mermaid"}
)  # fmt: skip
_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,}|:{3,})\s*(\{([\w:.-]+)\})?(.*)$")
_OPTION = re.compile(r"^\s*:[\w-]+:(\s|$)")
_TARGET = re.compile(r"^\s*\([^()\s]+\)=\s*$")
_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]*)`")
#: An inline role (its text may hold full stops: ``{term}`e.g. x```) or inline code.
_INLINE = re.compile(r"\{[\w:.-]+\}`[^`]*`|`[^`]*`")
#: A link's address (it may hold full stops).
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)")
#: Where one sentence ends and the next begins: . ! or ? (closing quotes, brackets and
#: emphasis may follow), a space, then a capital, a digit, or an opening quote or bracket.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)\]*_]*\s+(?=[A-Z0-9\"'\u201c\u2018(\[*_])")
#: Words after whose full stop a sentence goes on.
_ABBREVIATIONS = frozenset(
    {"e.g", "i.e", "al", "cf", "vs", "no", "nos", "p", "pp", "vol", "ed", "eds",
     "fig", "dr", "mr", "mrs", "ms", "st", "approx", "n.d", "ca", "op", "ch"}
)  # fmt: skip
#: The punctuation a line may end with when the next line of the paragraph is a new sentence.
_LINE_END = re.compile(r"[.!?:][\"'\u201d\u2019)\]*_`]*$")


@dataclass(frozen=True)
class ProseLine:
    """A line of prose: its number in the file (from 1) and its text, markers removed."""

    number: int
    text: str
    #: Whether the next line of the file continues the same paragraph or list item.
    continued: bool
    #: Whether the line is a row of a table (its cells are prose, but not sentences).
    table: bool = False


def page_paths(book_dir: Path) -> list[Path]:
    """Return the book's pages: every ``.md`` file under ``book_dir``, build and data left out."""
    book_dir = Path(book_dir)
    return sorted(
        p
        for p in book_dir.rglob("*.md")
        if not any(
            part in _NOT_PAGES or part.startswith(".")
            for part in p.relative_to(book_dir).parts[:-1]
        )
    )


def prose_lines(text: str) -> Iterator[ProseLine]:
    """Yield the lines of prose of a MyST page (see the module docstring for what counts)."""
    lines = text.splitlines()
    kept: list[tuple[int, str, int]] = []  # (number, text, indentation)
    index = 0
    if lines and lines[0].strip() == "---":  # front matter
        index = next((i + 1 for i in range(1, len(lines)) if lines[i].strip() == "---"), 0)
    fences: list[tuple[str, bool]] = []  # open fences: (closing marker, content is prose)
    options_allowed = False
    glossary_depth = -1
    while index < len(lines):
        number, line = index + 1, lines[index]
        index += 1
        stripped = line.strip()
        fence = _FENCE.match(line)
        if (
            fences
            and fence
            and fence.group(2).startswith(fences[-1][0][0])
            and (
                len(fence.group(2)) >= len(fences[-1][0])
                and not fence.group(3)
                and not fence.group(5).strip()
            )
        ):
            fences.pop()
            if glossary_depth >= len(fences):
                glossary_depth = -1
            options_allowed = False
            continue
        if fences and not fences[-1][1]:
            continue  # code: nothing is prose until the fence closes
        if fence and (fence.group(3) or not fence.group(2).startswith(":")):
            name = fence.group(4)
            is_prose = name is not None and name not in _CODE_DIRECTIVES
            fences.append((fence.group(2), is_prose))
            if name == "glossary":
                glossary_depth = len(fences) - 1
            options_allowed = is_prose
            continue
        if options_allowed and _OPTION.match(line):
            continue
        options_allowed = False
        if (
            not stripped
            or stripped.startswith(("%", "<", "$$", "+++"))
            or _TARGET.match(line)
            or (glossary_depth >= 0 and not line[:1].isspace())  # a glossary term
        ):
            kept.append((number, "", 0))
            continue
        body = stripped.lstrip(">").strip() if stripped.startswith(">") else stripped
        kept.append((number, body, len(line) - len(line.lstrip())))
    for position, (number, body, _indent) in enumerate(kept):
        if not body:
            continue
        if body.startswith("|"):
            yield ProseLine(number, body, continued=False, table=True)
            continue
        following = kept[position + 1] if position + 1 < len(kept) else None
        continued = (
            following is not None
            and following[0] == number + 1
            and bool(following[1])
            and not following[1].startswith(("#", "|"))
            and not _LIST_MARKER.match(following[1])
            and not body.startswith("#")
        )
        yield ProseLine(number, body, continued)


def citation_uses(text: str) -> Iterator[tuple[int, str]]:
    """Yield (line, key) for every citation key in a role of the page's prose."""
    for line in prose_lines(text):
        for match in _CITE.finditer(line.text):
            for key in match.group(1).split(","):
                if key.strip():
                    yield line.number, key.strip()


def citation_problems(book_dir: Path, keys: set[str], bib_name: str) -> list[Problem]:
    """Check the citation keys of every page of the book against the bibliography's keys."""
    problems = []
    for path in page_paths(book_dir):
        name = path.relative_to(book_dir).as_posix()
        text, read_problems = read_text(path, name)
        if text is None:
            problems.extend(read_problems)
            continue
        for number, key in citation_uses(text):
            message = key_problem(key, keys, bib_name)
            if message:
                problems.append(Problem(name, number, CITE_FIELD, message))
    return problems


def _plain(text: str) -> str:
    """Return a line with roles, inline code and link addresses masked, at the same length."""
    text = _INLINE.sub(lambda m: "x" * len(m.group()), text)
    return _LINK_TARGET.sub(lambda m: "]" + "x" * (len(m.group()) - 1), text)


def sentences(line: str) -> list[str]:
    """Split one line of prose into its sentences (list markers and roles taken into account)."""
    line = _LIST_MARKER.sub("", line, count=1)
    text = _plain(line)
    parts: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start : match.start()].rstrip("\"'\u201d\u2019)]*_")
        word = re.search(r"([\w.]+)\.$", before)
        if word and (
            word.group(1).lower() in _ABBREVIATIONS or re.fullmatch(r"[A-Z]", word.group(1))
        ):
            continue  # "e.g. Sweden", "et al. 2014", "E. M. Rogers"
        parts.append(line[start : match.start()].strip())
        start = match.end()
    parts.append(line[start:].strip())
    return [p for p in parts if p]


def ends_a_sentence(line: str) -> bool:
    """Whether a line of prose ends as a sentence (or a clause before a list) does."""
    return bool(_LINE_END.search(_plain(line).rstrip()))


def sentence_problems(name: str, text: str) -> list[Problem]:
    """Return a problem for each line with several sentences, or a sentence cut over lines."""
    problems = []
    for line in prose_lines(text):
        if line.table or line.text.startswith("#"):
            continue  # a row of a table, a heading
        found = sentences(line.text)
        if len(found) > 1:
            message = (
                f"{len(found)} sentences on one line: start each sentence on a line of its own"
                f" (the second begins {opening(found[1])})"
            )
            problems.append(Problem(name, line.number, SENTENCE_FIELD, message))
        elif line.continued and not ends_a_sentence(line.text):
            message = (
                f"the sentence runs on to line {line.number + 1}: write each sentence on one line"
                " (an editor's soft wrap shows long lines on screen)"
            )
            problems.append(Problem(name, line.number, SENTENCE_FIELD, message))
    return problems


def opening(sentence: str) -> str:
    """Return the first words of a sentence, quoted, to say where it begins."""
    words = sentence.split()
    return "'" + " ".join(words[:4]) + ("…'" if len(words) > 4 else "'")
