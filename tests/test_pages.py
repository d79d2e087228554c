"""The book's pages: citation keys checked by ``validate``, and one sentence per line.

The one-sentence-per-line rule is enforced three ways: the pre-commit hook and the
command ``python -m lipse_widgets sentences`` run :func:`sentence_problems`, and this
test runs it on every page of the book, so a pull request that breaks the rule fails
in CI. The checker itself is tried on text that breaks the rule in each way it knows.
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lipse_widgets.cli import main
from lipse_widgets.data.folder import validate_data_dir
from lipse_widgets.data.pages import (
    citation_uses,
    page_paths,
    prose_lines,
    sentence_problems,
    sentences,
)

REPO = Path(__file__).resolve().parent.parent
GLUE_IMPORT = "from lipse_widgets.views.glue import glue\n"
BOOK = REPO / "book"

PAGE = """\
---
kernelspec:
  name: python3
---

# A page. With a heading

(a-label)=
A first sentence {cite:p}`a2015`.
A second sentence, e.g. with an abbreviation, and E. M. Rogers {cite:p}`b2016,c2017`.
Two sentences. On one line.
A sentence cut
over two lines.

```{code-cell} ipython3
:tags: [remove-cell]
x = "Code. Not prose {cite:p}`not_a_use`."
```

:::{admonition} Key messages
:class: tip

- A bullet with {term}`a role. With a dot`.
- Two bullets' worth. In one {cite:t}`d2018`.
:::

```{glue:figure} fig-x
:name: fig-x

A caption, one sentence. And another.
```

```{glossary}
a term
  Its definition, in one sentence.
  A second sentence {cite:p}`e2019`.
```

| A table. With cells | {cite:p}`f2020` |
| --- | --- |

1. Make an empty table (see [the guide](guide.md#a.b)).
2. Score it: run `python -m x. Then` it.
"""


BULLET = "- Two bullets' worth. In one {cite:t}`d2018`."


def test_prose_is_the_text_a_reader_sees():
    texts = [line.text for line in prose_lines(PAGE)]
    assert 'x = "Code. Not prose {cite:p}`not_a_use`."' not in texts
    assert ":class: tip" not in texts and ":name: fig-x" not in texts
    assert "a term" not in texts  # a glossary term, not a sentence
    assert "Its definition, in one sentence." in texts
    assert "A caption, one sentence. And another." in texts


def test_citation_uses_give_the_line_of_each_key():
    uses = list(citation_uses(PAGE))
    lines = PAGE.splitlines()
    assert [key for _, key in uses] == ["a2015", "b2016", "c2017", "d2018", "e2019", "f2020"]
    for number, key in uses:
        assert key in lines[number - 1]


def test_sentence_problems_name_each_line_to_change():
    found = [str(p) for p in sentence_problems("page.md", PAGE)]
    line = {text: n for n, text in enumerate(PAGE.splitlines(), 1)}
    assert found == [
        f"page.md:{line['Two sentences. On one line.']}:sentences: 2 sentences on one line:"
        " start each sentence on a line of its own (the second begins 'On one line.')",
        f"page.md:{line['A sentence cut']}:sentences: the sentence runs on to line"
        f" {line['A sentence cut'] + 1}: write each sentence on one line (an editor's soft"
        " wrap shows long lines on screen)",
        f"page.md:{line[BULLET]}:sentences: 2 sentences on one line: start each sentence on a"
        " line of its own (the second begins 'In one {cite:t}`d2018`.')",
        f"page.md:{line['A caption, one sentence. And another.']}:sentences: 2 sentences on one"
        " line: start each sentence on a line of its own (the second begins 'And another.')",
    ]


@pytest.mark.parametrize(
    ("line", "count"),
    [
        ("One. Two.", 2),
        ("Is it? Yes.", 2),
        ('He said "stop." Then he went.', 2),
        ("See e.g. Sweden, i.e. a country.", 1),
        ("Lewis et al. 2018 found it.", 1),
        ("E. M. Rogers wrote it.", 1),
        ("Research Report no. 1 of the project.", 1),
        ("Pages pp. 581 to 629.", 1),
        ("A version 1.5 and 2.0 of it.", 1),
        ("1. A numbered step.", 1),
        ("- A bullet. And more.", 2),
        ("A link [x](a.b.c#d.e) and `code. Here`.", 1),
    ],
)
def test_sentences_are_split_where_a_reader_would(line, count):
    assert len(sentences(line)) == count, sentences(line)


def test_every_page_of_the_book_has_one_sentence_per_line():
    pages = page_paths(BOOK)
    assert {p.relative_to(BOOK).as_posix() for p in pages} >= {
        "intro.md",
        "glossary.md",
        "chapters/outcomes.md",
        "trainers-guide.md",
    }
    problems = [str(p) for page in pages for p in sentence_problems(page.name, page.read_text())]
    assert problems == []


def test_the_sentences_command_prints_lines_and_exits_1(tmp_path, capsys):
    bad = tmp_path / "bad.md"
    bad.write_text("One. Two.\n", encoding="utf-8")
    assert main(["sentences", str(bad)]) == 1
    out = capsys.readouterr()
    assert out.out.splitlines() == [
        f"{bad}:1:sentences: 2 sentences on one line: start each sentence on a line of its own"
        " (the second begins 'Two.')"
    ]
    assert out.err == "1 line(s) to change: one sentence per line\n"
    assert main(["sentences"]) == 0  # every page of the book
    assert capsys.readouterr().out.startswith("One sentence per line in ")


def test_the_pre_commit_hook_refuses_a_page_with_two_sentences_on_a_line(tmp_path):
    """pre-commit itself, in a repository of its own, with the project's config and tools."""
    shutil.copy(REPO / ".pre-commit-config.yaml", tmp_path)
    (tmp_path / ".venv").symlink_to(Path(sys.executable).parent.parent)
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "page.md").write_text("One. Two.\n", encoding="utf-8")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run([*git, "add", "."], cwd=tmp_path, check=True)
    run = subprocess.run(
        [str(Path(sys.executable).parent / "pre-commit"), "run", "one-sentence-per-line",
         "--files", "book/page.md"],
        cwd=tmp_path, capture_output=True, encoding="utf-8", stdin=subprocess.DEVNULL, check=False,
    )  # fmt: skip
    assert run.returncode == 1, run.stdout + run.stderr
    assert (
        "book/page.md:1:sentences: 2 sentences on one line: start each sentence on a line of"
        " its own (the second begins 'Two.')"
    ) in run.stdout


# --- Citation keys of the pages, checked by validate ---------------------------------------


@pytest.fixture
def book_copy(tmp_path: Path) -> Path:
    """A copy of the book's pages, data and bibliography (not its build)."""
    copy = tmp_path / "book"
    shutil.copytree(BOOK, copy, ignore=shutil.ignore_patterns("_build"))
    return copy


def test_an_unknown_key_in_a_chapter_is_reported_at_its_sentence(book_copy, capsys):
    chapter = book_copy / "chapters" / "outcomes.md"
    lines = chapter.read_text(encoding="utf-8").splitlines()
    # a sentence inside a paragraph, not its first line: the build would point at the first
    number = next(
        n
        for n, (before, line) in enumerate(itertools.pairwise(lines), 2)
        if before.strip() and not before.startswith(("#", "`", ":", "-", "(", "%"))
        and "{cite:p}`lipse2015wp5news`" in line
    )  # fmt: skip
    lines[number - 1] = lines[number - 1].replace("lipse2015wp5news", "lipse2015wp5new", 1)
    chapter.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["validate", str(book_copy / "data")]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"chapters/outcomes.md:{number}:cite: unknown citation key 'lipse2015wp5new': not in"
        " references.bib (did you mean 'lipse2015wp5news'?)"
    ]


def test_a_key_in_a_code_cell_is_not_a_citation(book_copy):
    chapter = book_copy / "chapters" / "outcomes.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(
        text.replace(GLUE_IMPORT, GLUE_IMPORT + "# {cite:p}`nope`\n"),
        encoding="utf-8",
    )
    assert validate_data_dir(book_copy / "data") == []


def test_validate_runs_on_its_own_in_a_subprocess_without_an_activated_environment(book_copy):
    (book_copy / "glossary.md").write_text("A term {cite:p}`Rogers2003`.\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "lipse_widgets", "validate", str(book_copy / "data")],
        capture_output=True,
        encoding="utf-8",
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == (
        "glossary.md:1:cite: unknown citation key 'Rogers2003': references.bib has 'rogers2003'"
        " (keys are case-sensitive)\n"
    )
    assert "Traceback" not in result.stderr
