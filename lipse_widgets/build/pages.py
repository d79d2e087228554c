"""Which pages of a book the build runs as notebooks, and how its ``_config.yml`` runs them.

Read by the build (:mod:`~lipse_widgets.build.site`) to decide whether a head start
(:mod:`~lipse_widgets.build.execute`) can save time, and by the head start to know what
to run. myst-nb's own test tells a MyST Markdown notebook from a page of text, and the
table of contents is read with sphinx-external-toc, as Jupyter Book 1 reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from myst_nb.core.read import is_myst_markdown_notebook
from sphinx_external_toc.parsing import parse_toc_yaml


@dataclass(frozen=True)
class Execution:
    """How the book's ``_config.yml`` asks the build to run its pages."""

    mode: str = "auto"
    timeout: int = 30
    allow_errors: bool = False
    elsewhere: bool = False  # in a temporary folder or into a cache of its own

    @classmethod
    def of(cls, book: Path) -> Execution:
        """Read ``execute`` from ``book/_config.yml`` (Jupyter Book's defaults otherwise)."""
        config = yaml.safe_load((book / "_config.yml").read_text(encoding="utf-8")) or {}
        execute = config.get("execute") or {}
        return cls(
            mode=str(execute.get("execute_notebooks", cls.mode)),
            timeout=int(execute.get("timeout", cls.timeout)),
            allow_errors=bool(execute.get("allow_errors", cls.allow_errors)),
            elsewhere=bool(execute.get("run_in_temp") or execute.get("cache")),
        )

    @property
    def cached(self) -> bool:
        """Whether the build runs pages in their folder into its own cache (the head start's)."""
        return self.mode == "cache" and not self.elsewhere


def notebook_pages(book: Path) -> list[Path]:
    """Return the pages of ``book/_toc.yml`` that are MyST Markdown notebooks."""
    pages = []
    for docname in parse_toc_yaml(book / "_toc.yml"):
        page = book / f"{docname}.md"
        if page.is_file() and is_myst_markdown_notebook(page.read_text(encoding="utf-8")):
            pages.append(page)
    return pages


def worth_a_head_start(book: Path) -> bool:
    """Whether running the pages in parallel first can help the build of ``book``.

    Only with two notebook pages or more, run with the cache: the head start costs about
    a second even when every page is in the cache already.
    """
    try:
        return Execution.of(book).cached and len(notebook_pages(book)) >= 2
    except Exception:  # a head start is only a saving
        # A _config.yml or _toc.yml it cannot read: the build reads them next and says
        # what is wrong with them in its own words.
        return False
