"""Shared fixtures: the strict build of the book, a local server, a headless browser."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from site_server import serve
from site_visit import TEST_BROWSER, launch_chromium
from tiny_models import make_data_dir

from lipse_widgets.build.site import published_build

REPO = Path(__file__).resolve().parent.parent
BOOK = REPO / "book"


#: The kinds of test that take longest, by marker, the longest first. ``make test`` runs
#: pytest-xdist with ``--dist loadscope --no-loadscope-reorder``: whole modules are handed to
#: the workers in the order collected, so a module of these kinds starts early and the
#: many quick modules fill in at the end, when a worker that finished early would wait.
SLOW_FIRST = ("install", "build", "browser")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Collect the modules that hold tests of a slow kind first (each module's own order kept)."""

    def kind(item: pytest.Item) -> int:
        marks = {mark.name for mark in item.iter_markers()}
        return next((i for i, name in enumerate(SLOW_FIRST) if name in marks), len(SLOW_FIRST))

    rank: dict[Path, int] = {}
    for item in items:
        rank[item.path] = min(rank.get(item.path, len(SLOW_FIRST)), kind(item))
    items.sort(key=lambda item: rank[item.path])


class BuildResult:
    """The published strict build: where the HTML is, what the build printed, its command."""

    def __init__(self, html: Path, log: str, command: list[str]) -> None:
        self.html = html
        self.log = log
        self.command = command

    def pages(self) -> list[Path]:
        """Every HTML page of the site, relative to the site root."""
        return sorted(
            p.relative_to(self.html) for p in self.html.rglob("*.html") if "_static" not in p.parts
        )


@pytest.fixture(scope="session")
def build() -> BuildResult:
    """The strict build ``make book`` published, checked to be the build of the sources as they are.

    ``make test`` runs ``make book`` first (a strict build: warnings are errors, every
    chapter executed, published only when it succeeds), so the site is not built twice.
    A site built from other sources than the current ones is never tested: the tests
    that use it fail, naming what changed since.
    """
    published = published_build(BOOK)
    assert published is not None, "there is no built site: run `make book` (make test does)"
    assert published.changed == [], (
        "book/_build/html is not the build of the current sources, which changed since"
        f" (run `make book`, or `make test`, which runs it first): {published.changed[:10]}"
    )
    return BuildResult(published.html, published.log, published.command)


@pytest.fixture(scope="session")
def site(build: BuildResult) -> Path:
    """The built site's folder (the tests that use it fail, never skip, without one)."""
    return build.html


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    """Serve the built site on 127.0.0.1 (a free port) with gzip, as a static host does."""
    with serve(site) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    """Chromium's headless shell from Debian, driven by Playwright (site_visit.TEST_BROWSER)."""
    assert TEST_BROWSER.exists(), (
        f"the browser tests need {TEST_BROWSER}: run `make test` as root, "
        "or install it with `apt-get install chromium-headless-shell`"
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = launch_chromium(pw)
        yield chromium
        chromium.close()


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A copy of the book's data folder (and bibliography) that a test may change."""
    data = tmp_path / "data"
    shutil.copytree(BOOK / "data", data)
    bib = BOOK / "references.bib"
    if bib.exists():
        shutil.copy(bib, tmp_path / "references.bib")
    return data


@pytest.fixture
def tiny_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder with the tests' own tiny model, made the package's data folder."""
    folder = make_data_dir(tmp_path / "tiny-data")
    monkeypatch.setenv("LIPSE_DATA_DIR", str(folder))
    return folder
