"""The theme's stylesheet without the rules for classes that no page of the site uses.

Every page waits for pydata-sphinx-theme's stylesheet before it paints anything: about
400 KB (65 KB compressed) in which half the bytes are rules of one class each, Bootstrap's
utilities (``.mt-lg-3``, ``.text-bg-warning``) and one rule per Font Awesome icon (``.fa-
bars:before``), about 1,900 classes. A phone parses all of it before the first paint.

After the build, a rule is left out of the site's copy of the stylesheet only when every
selector in it is a single class (with pseudo-classes or pseudo-elements at most) and that
class appears nowhere in the site: not in a page, not in a script (where the theme and
Bootstrap name the classes they add while a reader uses the page), not in another
stylesheet. Every other rule stays as it is.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: The site's copy of the theme's stylesheet.
THEME_CSS = Path("_static") / "styles" / "pydata-sphinx-theme.css"
#: A rule with no block inside (inside an @media block or at the top level).
_RULE = re.compile(r"([^{}@;]+)\{([^{}]*)\}")
#: A selector that is one class, with pseudo-classes or pseudo-elements at most.
_ONE_CLASS = re.compile(r"^\s*\.(-?[A-Za-z_][\w-]*)(?:::?[a-z-]+(?:\([^()]*\))?)*\s*$")
_TOKEN = re.compile(r"-?[A-Za-z_][\w-]*")


def site_tokens(site: Path, skip: Path | None = None) -> set[str]:
    """Every word-like token of the site's pages, scripts and other stylesheets."""
    tokens: set[str] = set()
    files = [*site.rglob("*.html"), *site.rglob("*.js"), *site.rglob("*.css")]
    for path in files:
        if skip is not None and path.resolve() == skip.resolve():
            continue
        tokens.update(_TOKEN.findall(path.read_text(encoding="utf-8", errors="replace")))
    return tokens


def drop_unused_rules(css_text: str, used: set[str]) -> str:
    """``css_text`` without its one-class rules whose classes are all absent from ``used``."""

    def keep(match: re.Match) -> str:
        selectors = match.group(1).split(",")
        classes = [_ONE_CLASS.match(s) for s in selectors]
        if all(classes) and not any(c.group(1) in used for c in classes):
            return ""
        return match.group(0)

    return _RULE.sub(keep, css_text)


def _trim_theme_css(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    site = Path(app.outdir)
    path = site / THEME_CSS
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    trimmed = drop_unused_rules(text, site_tokens(site, skip=path))
    path.write_text(trimmed, encoding="utf-8")
    logger.info("[lipse] %s: %d -> %d bytes", THEME_CSS.name, len(text), len(trimmed))


def setup(app: Sphinx) -> None:
    """Trim the theme's stylesheet once the site is written (after the icon fonts)."""
    app.connect("build-finished", _trim_theme_css, priority=600)
