"""Collect the book's executable MyST-markdown pages as notebooks for nbval.

nbval collects only ``.ipynb`` files, and the book keeps its chapters as MyST
markdown (no notebooks in git). This hook reads each executable page (one whose
front matter names a kernel) with jupytext and
hands it to nbval, which runs it in place (so relative data paths work), cell by
cell, in a fresh kernel. Run with ``--nbval-lax`` (``make test-fast`` does): every
cell must run without error; outputs are not compared.

``make test`` does not run it: it runs ``make book`` first, whose strict build executes
every cell of every executable page and fails on an error (``nb_execution_raise_on_error``)
or on anything a cell writes to stderr; tests/test_site_build.py checks that a failing
cell fails the build, at the page's line.
"""

from __future__ import annotations

import types
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbval import plugin as nbval_plugin

BOOK = Path(__file__).parent / "book"


def is_executable_page(path: Path) -> bool:
    """Whether a markdown file of the book is a notebook (its front matter names a kernel)."""
    if path.suffix != ".md" or BOOK not in path.parents or "_build" in path.parts:
        return False
    head = path.read_text(encoding="utf-8")[:2000]
    return head.startswith("---") and "kernelspec:" in head.split("\n---", 1)[0]


class MystNotebook(nbval_plugin.IPyNbFile):
    """An nbval notebook read from a MyST-markdown file through jupytext."""

    def collect(self):
        """Collect the chapter's code cells, reading the file with jupytext."""
        reader = types.SimpleNamespace(
            read=lambda path, as_version: jupytext.read(path, as_version=as_version),
            from_dict=nbformat.from_dict,
        )
        original, nbval_plugin.nbformat = nbval_plugin.nbformat, reader
        try:
            yield from super().collect()
        finally:
            nbval_plugin.nbformat = original


def pytest_collect_file(file_path: Path, parent: pytest.Collector):
    """Collect the book's executable ``.md`` pages as notebooks when nbval is on."""
    opt = parent.config.option
    if (opt.nbval or opt.nbval_lax) and is_executable_page(file_path):
        return MystNotebook.from_parent(parent, path=file_path)
    return None
