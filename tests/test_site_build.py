"""``make book``'s build (python -m lipse_widgets.build): last good site kept, short messages.

The build runs for real (Jupyter Book, Sphinx, a kernel) on a tiny book of two pages
written by the test, with the book's own extension for messages: a good build is
published; a broken cross-reference or a failing code cell is reported in one or two
lines at the line of the page that holds it, and the published site stays as it was.
The pure parts (sorting the output, summarising a failing cell, publishing) are tried
on their own too.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from tiny_books import NOTEBOOK_FRONT_MATTER

from lipse_widgets.build.pages import worth_a_head_start
from lipse_widgets.build.site import (
    LOG,
    RECORD,
    STAGE,
    build,
    cell_failure,
    publish,
    published_build,
    sort_output,
)

CONFIG = """\
title: Tiny
author: the tests
only_build_toc_files: true
execute:
  execute_notebooks: cache
  timeout: 60
sphinx:
  extra_extensions:
    - lipse_widgets.sphinxext.messages
  config:
    nb_execution_raise_on_error: true
"""
TOC = "format: jb-book\nroot: intro\nchapters:\n- file: page\n"
INTRO = "(intro-label)=\n# Tiny\n\nThe first page.\n"
PAGE = """\
# Page

A first sentence.
A second sentence, with a link to {ref}`intro-label`.
"""
NOTEBOOK = (
    NOTEBOOK_FRONT_MATTER
    + """\
# Page

A sentence.

```{code-cell} ipython3
x = 1
raise ValueError("no findings for the theme 'x'")
```
"""
)


def write_book(folder: Path, page: str = PAGE) -> Path:
    book = folder / "book"
    book.mkdir(exist_ok=True)
    for name, text in (("_config.yml", CONFIG), ("_toc.yml", TOC), ("intro.md", INTRO)):
        (book / name).write_text(text, encoding="utf-8")
    (book / "page.md").write_text(page, encoding="utf-8")
    return book


def run(book: Path, here: Path) -> tuple[int, list[str]]:
    out = io.StringIO()
    status = build(book, here=here, out=out)
    return status, out.getvalue().splitlines()


@pytest.mark.build
def test_a_failed_build_keeps_the_last_good_site_and_says_where_the_mistake_is(tmp_path):
    book = write_book(tmp_path)
    status, lines = run(book, tmp_path)
    site = book / "_build" / "html"
    assert status == 0, lines
    assert lines == [
        "Building the site (a minute or two when chapters have to run)...",
        f"The site is in book/_build/html: open {site.resolve()}/index.html or run 'make serve'.",
    ]
    good = (site / "page.html").read_bytes()
    # the record of what the site was built from: current, strict, with the build's output
    published = published_build(book)
    assert published.changed == []
    assert "--warningiserror" in published.command and "--nitpick" in published.command
    assert published.log.startswith("Running Jupyter-Book")
    # built again with nothing changed: nothing to build, the site and its record stay
    record = (book / "_build" / RECORD).read_bytes()
    assert run(book, tmp_path) == (
        0,
        ["The site in book/_build/html is the build of the sources as they are."],
    )
    assert (site / "page.html").read_bytes() == good
    assert (book / "_build" / RECORD).read_bytes() == record

    # the broken reference is on the paragraph's second line, where its sentence is
    write_book(tmp_path, PAGE.replace("{ref}`intro-label`", "{ref}`intro-labl`"))
    for _ in range(2):  # and the next build, with nothing changed, reports it again
        status, lines = run(book, tmp_path)
        assert status == 1
        assert lines == [
            "Building the site (a minute or two when chapters have to run)...",
            "book/page.md:4: WARNING: undefined label: 'intro-labl' (did you mean 'intro-label'?)",
            "The build failed, so the site in book/_build/html is still the last good one;"
            f" the whole output is in book/_build/{LOG}.",
        ]
        assert (site / "page.html").read_bytes() == good
        # the last good site is kept, and said not to be the build of the sources as they are
        assert published_build(book).changed == ["book/page.md"]
    assert "intro-labl" in (book / "_build" / LOG).read_text(encoding="utf-8")


@pytest.mark.build
def test_a_failing_code_cell_is_one_line_at_the_page_s_line(tmp_path):
    book = write_book(tmp_path, NOTEBOOK)
    status, lines = run(book, tmp_path)
    assert status == 1
    raise_line = NOTEBOOK.splitlines().index("raise ValueError(\"no findings for the theme 'x'\")")
    assert lines == [
        "Building the site (a minute or two when chapters have to run)...",
        f"book/page.md:{raise_line + 1}: a code cell failed: ValueError: no findings for the"
        " theme 'x'",
        "    raise ValueError(\"no findings for the theme 'x'\")",
        f"The build failed, so there is no site yet; the whole output is in book/_build/{LOG}.",
    ]
    assert not (book / "_build" / "html").exists()
    assert published_build(book) is None
    assert (book / "_build" / STAGE).is_dir()


@pytest.mark.build
def test_the_pages_run_first_in_a_head_start_and_the_build_takes_their_outputs(tmp_path):
    # Each run of a page's cell writes down the command of the process that started its
    # kernel: the head start's (lipse_widgets.build.execute) or Jupyter Book's.
    ran = tmp_path / "ran.txt"

    def notebook(name: str) -> str:
        cell = (
            "import os, pathlib\n"
            "parent = pathlib.Path(f'/proc/{os.getppid()}/cmdline').read_bytes()\n"
            f"with open({str(ran)!r}, 'a') as runs:\n"
            f"    runs.write({name!r} + ' ' + parent.replace(b'\\0', b' ').decode() + '\\n')\n"
            f"print('the cell of {name} ran')\n"
        )
        body = f"# {name}\n\nA sentence.\n\n```{{code-cell}} ipython3\n{cell}```\n"
        return NOTEBOOK_FRONT_MATTER + body

    book = write_book(tmp_path, notebook("page"))
    (book / "intro.md").write_text(notebook("intro"), encoding="utf-8")
    status, lines = run(book, tmp_path)
    assert status == 0, lines
    runs = sorted(ran.read_text(encoding="utf-8").splitlines())
    assert [run.split()[0] for run in runs] == ["intro", "page"], runs  # once each
    assert all("-m lipse_widgets.build.execute" in run for run in runs), runs
    for name in ("intro", "page"):
        html = (book / "_build" / "html" / f"{name}.html").read_text(encoding="utf-8")
        assert f"the cell of {name} ran" in html
    log = (book / "_build" / LOG).read_text(encoding="utf-8")
    assert "Ran 2 page(s) in parallel into" in log


def test_noise_is_dropped_warnings_are_kept_with_relative_paths(tmp_path):
    output = [
        "Running Jupyter-Book v1.0.4.post1\n",
        f"Source Folder: {tmp_path}/book\n",
        "[IPKernelApp] WARNING | Kernel is running over TCP without encryption. All ...\n",
        f"\x1b[91m{tmp_path}/book/a.md:3: WARNING: undefined label: 'x'\x1b[39;49;00m\n",
        "\n",
        "=====\n",
        "Building your book, returns a non-zero exit code (1). Look above for the cause.\n",
        "=====\n",
        "DeprecationWarning: something new\n",
    ]
    report = sort_output(output, tmp_path)
    assert report.warnings == ["book/a.md:3: WARNING: undefined label: 'x'"]
    assert report.other == ["DeprecationWarning: something new"]  # unknown output is kept
    assert report.raw == output


def test_a_cell_failure_without_its_page_still_names_the_error(tmp_path):
    text = (
        "An error occurred while executing the following cell:\n------------------\n"
        "f(1)\n------------------\n\nCell In[3], line 1\n----> 1 f(1)\n\n"
        "NameError: name 'f' is not defined\n"
    )
    assert cell_failure(text, tmp_path) == (
        "a chapter: a code cell failed: NameError: name 'f' is not defined\n    f(1)"
    )
    assert cell_failure("no cell here", tmp_path) is None


def test_publish_exchanges_the_whole_site(tmp_path):
    staged, site = tmp_path / "staged", tmp_path / "html"
    for folder, text in ((staged, "new"), (site, "old")):
        folder.mkdir()
        (folder / "index.html").write_text(text)
    (site / "gone.html").write_text("a page the new site no longer has")
    publish(staged, site)
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    assert (site / "index.html").read_text() == "new"
    assert (staged / "index.html").read_text() == "new"  # the staging folder stays for next time
    assert sorted(p.name for p in tmp_path.iterdir()) == ["html", "staged"]  # nothing left over


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("_toc.yml", "format: jb-book\nroot: intro\nchapters:\n- fil: page\n"),
        ("_config.yml", "execute:\n  execute_notebooks: cache\n  timeout: [\n"),
        ("_config.yml", "execute:\n  execute_notebooks: cache\n  timeout: soon\n"),
    ],
)
def test_a_book_the_head_start_cannot_read_is_left_to_the_build(name, text, tmp_path):
    book = write_book(tmp_path, NOTEBOOK)
    (book / "intro.md").write_text(NOTEBOOK, encoding="utf-8")
    assert worth_a_head_start(book)  # two notebook pages, run with the cache
    (book / name).write_text(text, encoding="utf-8")
    assert not worth_a_head_start(book)
