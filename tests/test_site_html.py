"""The built site's HTML: valid (W3C Nu HTML checker), and every page describes itself.

The Nu checker is ``vnu-jar`` from npm (package.json; `make test` runs `npm ci`) and runs
on Java (Debian's ``default-jre-headless``).
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from lipse_widgets.sphinxext.descriptions import MAX_CHARS

pytestmark = pytest.mark.build

REPO = Path(__file__).resolve().parent.parent
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
#: The JIT's quick tier only (a short run: less than half the CPU of Java's default), with
#: the larger thread stack the checker then asks for (it needs at least 512k).
JAVA_OPTIONS = ["-XX:TieredStopAtLevel=1", "-Xss4m"]
DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)"')


def _nu_check(files: list[Path]) -> list[dict]:
    java = shutil.which("java")
    assert java, "the HTML check needs Java: run `apt-get install default-jre-headless`"
    assert VNU.is_file(), f"{VNU} is missing: run `npm ci` (make test does)"
    proc = subprocess.run(
        [java, *JAVA_OPTIONS, "-jar", VNU, "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    return json.loads(proc.stderr or "{}").get("messages", [])


#: A page the checker must refuse: a <div> inside a <p> closes the paragraph early.
BAD_PAGE = "<!DOCTYPE html><html lang=en><title>t</title><p><div></p>"


@pytest.fixture(scope="module")
def nu_messages(site, tmp_path_factory) -> dict[Path, list[dict]]:
    """The checker's errors for every page of the site and for BAD_PAGE, in one run of it
    (one Java start, about 4 s of CPU, rather than one per test)."""
    bad = tmp_path_factory.mktemp("nu") / "bad.html"
    bad.write_text(BAD_PAGE, encoding="utf-8")
    pages = sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)
    assert len(pages) >= 10
    found: dict[Path, list[dict]] = {page: [] for page in [*pages, bad]}
    for message in _nu_check(list(found)):
        where = Path(message.get("url", "file:(no file)").removeprefix("file:"))
        found.setdefault(where, []).append(message)
    return found


def test_every_page_is_valid_html(nu_messages):
    errors = [
        f"{page.name}:{m.get('lastLine')}: {m.get('message')}"
        for page, messages in nu_messages.items()
        if page.name != "bad.html"
        for m in messages
    ]
    assert errors == []


def test_the_nu_checker_finds_an_error_it_should(nu_messages):
    (bad,) = [page for page in nu_messages if page.name == "bad.html"]
    assert any("No “p” element in scope" in m["message"] for m in nu_messages[bad])


def test_every_page_has_a_description_from_its_own_text(site):
    missing = {}
    for path in sorted(p for p in site.rglob("*.html") if "_static" not in p.parts):
        found = DESCRIPTION.findall(path.read_text(encoding="utf-8"))
        if len(found) != 1 or not 40 <= len(html.unescape(found[0])) <= MAX_CHARS:
            missing[path.relative_to(site).as_posix()] = found
    assert missing == {}


def test_a_chapter_is_described_by_its_first_key_message(site):
    page = (site / "chapters" / "outcomes.html").read_text(encoding="utf-8")
    description = html.unescape(DESCRIPTION.search(page).group(1))
    box = page[page.index("Key messages") :]
    first = re.sub(r"<[^>]+>", "", box[box.index("<li>") : box.index("</li>")])
    first = re.sub(r"\s*\[[^\]]*\]", "", html.unescape(first))  # without its citation
    words = re.sub(r"\s+", " ", first).strip()
    assert description.rstrip("…") and words.startswith(description.rstrip("…").strip())
    assert "[" not in description and "et al" not in description  # citations left out


def test_a_page_without_key_messages_is_described_by_its_first_paragraph(site):
    page = (site / "how-to-cite.html").read_text(encoding="utf-8")
    description = html.unescape(DESCRIPTION.search(page).group(1))
    assert description.startswith("This page says how to cite the book")


def test_the_site_address_redirects_to_the_first_page_with_a_valid_page(site):
    page = (site / "index.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta http-equiv="refresh" content="0; url=intro.html">' in page
    assert '<a href="intro.html">' in page and "<title>Learning from public sector" in page
