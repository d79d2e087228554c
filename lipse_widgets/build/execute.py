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

jupyter-cache comes with Jupyter Book 1, which runs the pages with it (locked in
requirements.txt, the build's environment). Which pages are notebooks, and how the book
runs them, is :mod:`~lipse_widgets.build.pages`.

The kernels run in the page's folder, as the build runs them, and with
:data:`lipse_widgets.STATIC_SITE` set, as the site's extension sets it for the build's
kernels (a calculator shows as its HTML figure, with no live widget).
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from jupyter_cache import get_cache
from jupyter_cache.executors import load_executor

from lipse_widgets import STATIC_SITE
from lipse_widgets.build.pages import Execution, notebook_pages

#: How jupyter-cache reads a MyST Markdown page as a notebook: myst-nb's reader, the one
#: the build names for the same pages.
MYST_READER = {"type": "plugin", "name": "myst_nb_md"}


def run_pages(book: Path, cache_dir: Path) -> tuple[list[str], list[str]]:
    """Run the notebook pages of ``book`` not yet in the cache, in parallel, into it.

    Returns the pages that ran and were cached, and those that failed (left to the
    build). Nothing runs unless the book's pages are executed with the cache, in their
    own folder and into the build's cache (``execute_notebooks: cache``, the default
    folders).
    """
    execution = Execution.of(book)
    if not execution.cached:
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
