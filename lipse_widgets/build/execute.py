"""Run the book's notebook pages on every core, into the execution cache the build reads.

Jupyter Book 1 runs the pages one after another, as Sphinx reads them (myst-nb's
``cache`` mode), and cannot read them in parallel: one of the extensions it bundles does
not declare itself safe for it, and the strict build fails on Sphinx's warning. So,
before the build, :func:`run_pages` runs every notebook page of the table of contents
with jupyter-cache's own parallel executor, into the cache the build then reads:
jupyter-cache keys a page on its code cells, the same key for both, and the build takes
the outputs from there instead of running the page again.

This is only a head start. A page that fails here is not cached, so the build runs it
again and reports the failure as it always does (at the page's line, with the error);
if the cache's key of a page ever differed from the build's, the build would just run
that page itself. ``python -m lipse_widgets.build.execute BOOK CACHE`` prints what ran;
``make book`` keeps that in the build's log.

jupyter-cache, myst-nb and sphinx-external-toc come with Jupyter Book 1, which runs the
pages with them (locked in requirements.txt, the build's environment).

The kernels run in the page's folder, as the build runs them, and with
:data:`lipse_widgets.STATIC_SITE` set, as the site's extension sets it for the build's
kernels (a calculator shows as its HTML figure, with no live widget).
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml
from jupyter_cache import get_cache
from jupyter_cache.executors import load_executor
from myst_nb.core.read import is_myst_markdown_notebook
from sphinx_external_toc.parsing import parse_toc_yaml

from lipse_widgets import STATIC_SITE

#: How jupyter-cache reads a MyST Markdown page as a notebook: myst-nb's reader, the one
#: the build names for the same pages.
MYST_READER = {"type": "plugin", "name": "myst_nb_md"}


@dataclass(frozen=True)
class Execution:
    """How the book's ``_config.yml`` asks the build to run its pages."""

    mode: str = "auto"
    timeout: int = 30
    allow_errors: bool = False
    elsewhere: bool = False  # a temporary folder or a cache of its own: not run here

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


def notebook_pages(book: Path) -> list[Path]:
    """Return the pages of ``book/_toc.yml`` that are MyST Markdown notebooks."""
    pages = []
    for docname in parse_toc_yaml(book / "_toc.yml"):
        page = book / f"{docname}.md"
        if page.is_file() and is_myst_markdown_notebook(page.read_text(encoding="utf-8")):
            pages.append(page)
    return pages


def run_pages(book: Path, cache_dir: Path) -> tuple[list[str], list[str]]:
    """Run the notebook pages of ``book`` not yet in the cache, in parallel, into it.

    Returns the pages that ran and were cached, and those that failed (left to the
    build). Nothing runs unless the book's pages are executed with the cache, in their
    own folder and into the build's cache (``execute_notebooks: cache``, the default
    folders).
    """
    execution = Execution.of(book)
    if execution.mode != "cache" or execution.elsewhere:
        return [], []
    cache = get_cache(cache_dir)
    records = [
        cache.add_nb_to_project(str(page.resolve()), read_data=MYST_READER)
        for page in notebook_pages(book)
    ]
    executor = load_executor("local-parallel", cache, logger=logging.getLogger(__name__))
    result = executor.run_and_cache(
        filter_pks=[record.pk for record in records],
        timeout=execution.timeout,
        allow_errors=execution.allow_errors,
    )
    return result.succeeded, result.excepted + result.errored


def main(argv: list[str] | None = None) -> int:
    """``python -m lipse_widgets.build.execute BOOK CACHE``: run the pages; say what ran."""
    book, cache_dir = (Path(arg) for arg in (argv if argv is not None else sys.argv[1:]))
    os.environ[STATIC_SITE] = "1"  # inherited by the kernels, as in the build
    ran, failed = run_pages(book, cache_dir)
    print(f"Ran {len(ran)} page(s) in parallel into {cache_dir}.")
    for page in failed:
        print(f"{page}: failed here; the build runs it again and reports why.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
