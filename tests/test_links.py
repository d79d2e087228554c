"""No broken internal link or anchor anywhere in the built site.

Every HTML page is parsed; every href, src and form action that stays on the site is
resolved against its page; the target file must exist, and for a ``#fragment`` the
target page must have an element with that id. All broken links are reported at once.
"""

from __future__ import annotations

import posixpath
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

pytestmark = pytest.mark.build

#: Attributes that point at another file or a place in one.
LINK_ATTRIBUTES = {"href", "src", "action", "poster", "data"}
#: Schemes that leave the site or are not files (an http(s) link names a host: another one).
EXTERNAL_SCHEMES = {"http", "https", "mailto", "tel", "data", "javascript"}


class _Page(HTMLParser):
    """The ids and the outgoing links of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            elif name in LINK_ATTRIBUTES:
                self.links.append(value)
            elif name == "srcset":
                self.links.extend(part.split()[0] for part in value.split(",") if part.strip())
            elif tag == "meta" and name == "content" and ";" in value and "url=" in value.lower():
                # <meta http-equiv="refresh" content="0; url=intro.html">
                self.links.append(value.split("=", 1)[1].strip())


@cache
def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def broken_links(site: Path, pages: list[Path]) -> list[str]:
    """Return one line per broken internal link or anchor in ``pages`` (relative to ``site``)."""
    broken = []
    for page_path in pages:
        for link in _parse(site / page_path).links:
            parts = urlsplit(link)
            if parts.scheme in EXTERNAL_SCHEMES or parts.netloc:
                continue
            if parts.scheme:
                broken.append(f"{page_path}: {link} (unknown scheme)")
                continue
            if parts.path:
                target = posixpath.normpath(
                    posixpath.join(posixpath.dirname(page_path.as_posix()), unquote(parts.path))
                )
                if target.startswith(".."):
                    broken.append(f"{page_path}: {link} (outside the site)")
                    continue
                file = site / target
                if parts.path.endswith("/") or file.is_dir():
                    file = file / "index.html"
            else:
                file = site / page_path
            if not file.is_file():
                broken.append(f"{page_path}: {link} (no file {file.relative_to(site).as_posix()})")
            elif (
                parts.fragment
                and file.suffix == ".html"
                and unquote(parts.fragment) not in _parse(file).ids
            ):
                where = file.relative_to(site).as_posix()
                broken.append(f"{page_path}: {link} (no id {parts.fragment!r} in {where})")
    return broken


def test_no_broken_internal_links_or_anchors(build, site):
    pages = build.pages()
    assert broken_links(site, pages) == []
    # the crawl really followed links: the table of contents alone links every chapter
    assert len(_parse(site / "intro.html").links) > 20


def test_the_crawl_reports_broken_links_and_anchors(tmp_path):
    (tmp_path / "a.html").write_text(
        '<p id="top"><a href="#top">ok</a> <a href="#gone">bad anchor</a> '
        '<a href="b.html#here">ok</a> <a href="b.html#nowhere">bad anchor</a> '
        '<a href="missing.html">bad file</a> <img src="img/x.png"> '
        '<a href="https://example.org/x">external</a> <a href="mailto:a@b.c">mail</a></p>',
        encoding="utf-8",
    )
    (tmp_path / "b.html").write_text(
        '<h1 id="here">B</h1><a href="a.html?x=1#top">ok</a>', encoding="utf-8"
    )
    assert broken_links(tmp_path, [Path("a.html"), Path("b.html")]) == [
        "a.html: #gone (no id 'gone' in a.html)",
        "a.html: b.html#nowhere (no id 'nowhere' in b.html)",
        "a.html: missing.html (no file missing.html)",
        "a.html: img/x.png (no file img/x.png)",
    ]
