"""Shared fixtures: a strict build of the book, a local server, a headless browser."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from site_server import serve
from site_visit import CHROMIUM, launch_chromium
from tiny_models import make_data_dir

REPO = Path(__file__).resolve().parent.parent
BOOK = REPO / "book"


class BuildResult:
    """The outcome of one strict build: where the HTML is and what Sphinx said."""

    def __init__(self, html: Path, returncode: int, log: str) -> None:
        self.html = html
        self.returncode = returncode
        self.log = log

    def pages(self) -> list[Path]:
        """Every HTML page of the site, relative to the site root."""
        return sorted(
            p.relative_to(self.html) for p in self.html.rglob("*.html") if "_static" not in p.parts
        )


@pytest.fixture(scope="session")
def build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """Build the whole book from scratch, strictly, into a temporary folder.

    A fresh folder means a fresh execution cache: every chapter is executed.
    """
    out = tmp_path_factory.mktemp("site")
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    proc = subprocess.run(
        [
            str(jupyter_book),
            "build",
            str(BOOK),
            "--path-output",
            str(out),
            "--warningiserror",
            "--nitpick",
            "--keep-going",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    return BuildResult(out / "_build" / "html", proc.returncode, proc.stdout + proc.stderr)


@pytest.fixture(scope="session")
def site(build: BuildResult) -> Path:
    """The built site's folder; fails (not skips) if the build failed."""
    assert build.returncode == 0, "the strict build failed:\n" + build.log[-4000:]
    return build.html


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    """Serve the built site on 127.0.0.1 (a free port) with gzip, as a static host does."""
    with serve(site) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium from Debian (/usr/bin/chromium), driven by Playwright."""
    assert CHROMIUM.exists(), (
        "the browser tests need /usr/bin/chromium: run `make test` as root, "
        "or install it with `apt-get install chromium`"
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
