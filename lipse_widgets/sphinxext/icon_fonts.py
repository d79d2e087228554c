"""The theme's icon fonts, cut down to the icons the site shows.

pydata-sphinx-theme draws its icons (the menu, search, GitHub, the admonitions' symbols)
with Font Awesome's web fonts: 156 KB (solid), 118 KB (brands) and 25 KB (regular), every
icon Font Awesome has. A page of the book shows about a dozen of them, yet a reader on a
phone downloaded about 300 KB of fonts for them, more than the page's text and styles.

After the build, this module finds every icon the site can show: the ``fa-*`` classes in
its pages and scripts, mapped to code points through Font Awesome's own stylesheet, and
every icon code point the stylesheets use directly (the admonition symbols, the theme's
``--pst-icon-*`` variables). It then subsets each font file in place with fontTools, keeping
its name, so the stylesheet still finds it: each font becomes a few kilobytes.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: Where pydata-sphinx-theme puts Font Awesome in the built site.
FONT_FOLDER = Path("_static") / "vendor" / "fontawesome" / "webfonts"
#: Font Awesome's rule for one icon: ``.fa-bars:before,.fa-navicon:before{content:"\f0c9"}``.
_ICON_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+::?before,?)+)\{content:"([^"]*)"\}')
_ICON_CLASS = re.compile(r"\bfa-[a-z0-9-]+")
_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?")
#: Unicode's private use area, where Font Awesome puts its icons.
_PRIVATE = range(0xE000, 0xF8FF + 1)


def _code_points(css_text: str) -> set[int]:
    r"""Return the private-use code points in CSS, as escapes (``"\f0c9"``) or characters."""
    points = {int(m.group(1), 16) for m in _ESCAPE.finditer(css_text)}
    points |= {ord(c) for c in css_text if ord(c) in _PRIVATE}
    return {p for p in points if p in _PRIVATE}


def icon_table(css_text: str) -> dict[str, set[int]]:
    """Font Awesome's class → code points, from its stylesheet."""
    table: dict[str, set[int]] = {}
    for selectors, content in _ICON_RULE.findall(css_text):
        points = _code_points(f'"{content}"')
        for name in re.findall(r"\.(fa-[a-z0-9-]+)", selectors):
            table.setdefault(name, set()).update(points)
    return table


def used_classes(site: Path) -> set[str]:
    """Every ``fa-*`` class that the site's pages and scripts use."""
    classes: set[str] = set()
    for page in [*site.rglob("*.html"), *site.rglob("*.js")]:
        classes.update(_ICON_CLASS.findall(page.read_text(encoding="utf-8", errors="replace")))
    return classes


def used_code_points(site: Path) -> set[int]:
    """Every icon code point the built site at ``site`` can show."""
    stylesheets = [p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*.css")]
    table: dict[str, set[int]] = {}
    direct: set[int] = set()
    for text in stylesheets:
        for name, points in icon_table(text).items():
            table.setdefault(name, set()).update(points)
        direct |= _code_points(_ICON_RULE.sub("", text))
    used = set(direct)
    for name in used_classes(site):
        used |= table.get(name, set())
    return used


def subset_font(path: Path, code_points: set[int]) -> tuple[int, int]:
    """Subset the font at ``path`` in place to ``code_points``; return (bytes before, after)."""
    before = path.stat().st_size
    # The font keeps its own date (not the time of the build), so the same icons give
    # the same bytes in every build.
    font = TTFont(path, recalcTimestamp=False)
    keep = code_points & set(font.getBestCmap() or {})
    options = subset.Options()
    options.flavor = "woff2" if path.suffix == ".woff2" else None
    options.layout_features = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(keep))
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = options.flavor
    font.save(out)
    path.write_bytes(out.getvalue())
    return before, path.stat().st_size


def _subset_site_fonts(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    site = Path(app.outdir)
    folder = site / FONT_FOLDER
    if not folder.is_dir():
        return
    points = used_code_points(site)
    for path in sorted([*folder.glob("*.woff2"), *folder.glob("*.ttf")]):
        before, after = subset_font(path, points)
        logger.info("[lipse] %s: %d -> %d bytes (%d icons)", path.name, before, after, len(points))


def setup(app: Sphinx) -> None:
    """Subset the icon fonts once the site is written."""
    app.connect("build-finished", _subset_site_fonts)
