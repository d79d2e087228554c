"""Each page loads only the stylesheets and scripts it uses, and no script blocks its first paint.

Jupyter Book 1 and its theme add the same ten stylesheets and eight scripts to every page,
in ``<head>``, most of them synchronous: the browser paints nothing until all have arrived.
Measured with Lighthouse's mobile profile (slow 4G), text appeared after 3.8 s on a page of
prose. Here, once per page (the lists are the page's own; Sphinx restores them after it):

* a stylesheet or script that only serves an element the page does not have is left out
  (sphinx-design, sphinx-togglebutton, sphinx-copybutton, Pygments, myst-nb's cell styles,
  which the book's own stylesheet replaces for the plain cells of its chapters);
* every script file is deferred (except on the search page, whose body calls them): it
  runs after the HTML is parsed, in the same order;
  the inline scripts that set values on ``DOCUMENTATION_OPTIONS`` (defined by a script
  file) become module scripts, which the browser runs in that same deferred order;
* the print stylesheet is marked ``media="print"``, so a screen does not wait for it.

In the head template, :func:`direct_stylesheets` also replaces the theme's ``theme.css``, a
one-line file that only ``@import``s Sphinx's ``basic.css`` (two round trips, one after the
other, before the first paint), with a link to ``basic.css`` itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from sphinx.application import Sphinx


@dataclass(frozen=True)
class Use:
    """Files that serve one kind of element, and how to tell the page has one."""

    files: tuple[str, ...]
    #: Whether a page's body has such an element (a regular expression's ``search``).
    marker: Callable[[str], object]
    #: Inline scripts that only configure these files (matched on their text).
    inline: tuple[str, ...] = ()


#: The classes of myst-nb's elements that the book's own stylesheet (book/_static/lipse.css)
#: lays out as myst-nb's stylesheet would: a cell whose code is removed, its HTML output
#: (the book's figures and calculators), and a value glued into the prose.
PLAIN_CELL_CLASSES = frozenset(
    {"cell", "cell_output", "output", "text_html", "pasted-text", "tag_remove-input"}
)
#: A class attribute of one of myst-nb's elements (cells, outputs, glued values).
_NB_CLASS = re.compile(
    r'class="((?:[^"]*\s)?(?:cell|cell_input|cell_output|output|pasted-[a-z]+)(?:\s[^"]*)?)"'
)
#: Classes that Sphinx puts on many elements, myst-nb's among them.
_GENERIC_CLASSES = frozenset({"docutils", "container"})


def needs_notebook_styles(body: str) -> bool:
    """Whether a page has a myst-nb element beyond :data:`PLAIN_CELL_CLASSES`.

    A cell that shows its code, a text or error output, a glued image, or a cell tag such
    as ``hide-input`` needs myst-nb's stylesheet (43 KB, render-blocking); a page with only
    plain cells is laid out by the book's own stylesheet, and paints sooner without it.
    """
    return any(
        set(attribute.split()) - PLAIN_CELL_CLASSES - _GENERIC_CLASSES
        for attribute in _NB_CLASS.findall(body)
    )


USES = (
    # sphinx-design: cards, grids, tabs, badges.
    Use(("sphinx-design.min.css", "design-tabs.js"), re.compile(r'class="[^"]*\bsd-').search),
    # sphinx-togglebutton: toggled cells and dropdown admonitions.
    Use(
        ("togglebutton.css", "togglebutton.js"),
        # its selector: '.toggle, .admonition.dropdown' (the theme's menus are
        # "dropdown-menu", "dropdown-toggle": other classes)
        re.compile(
            r'class="(?:[^"]*\s)?toggle(?:\s[^"]*)?"'
            r'|class="(?=[^"]*\badmonition\b)(?:[^"]*\s)?dropdown(?:\s[^"]*)?"'
        ).search,
        ("toggleHint", "toggleOpenOnPrint", "togglebuttonSelector"),
    ),
    # Code blocks: highlighting and the copy button.
    Use(
        ("pygments.css", "copybutton.css", "copybutton.js", "clipboard.min.js"),
        re.compile(r'<div class="highlight').search,
    ),
    # myst-nb: notebook cells beyond the plain ones that lipse.css lays out.
    Use(("mystnb.",), needs_notebook_styles),
)

#: The print stylesheet (book/_static/print.css, added to every page by Jupyter Book).
PRINT_CSS = "print.css"


def _name(asset) -> str:
    return PurePosixPath(str(asset.filename or "")).name


def _uses(body: str) -> dict[Use, bool]:
    return {use: bool(use.marker(body)) for use in USES}


def _unused(asset, used: dict[Use, bool]) -> bool:
    name = _name(asset)
    inline = asset.attributes.get("body", "") if not asset.filename else ""
    for use, present in used.items():
        if present:
            continue
        if name and any(name == f or (f.endswith(".") and name.startswith(f)) for f in use.files):
            return True
        if inline and any(marker in inline for marker in use.inline):
            return True
    return False


def _deferred(asset):
    """Return the script deferred (a file) or run in deferred order (inline: a module)."""
    attrs = dict(asset.attributes)
    if asset.filename:
        if attrs.get("async") or attrs.get("defer") or attrs.get("type") == "module":
            return asset
        attrs["defer"] = "defer"
    elif "DOCUMENTATION_OPTIONS" in attrs.get("body", "") and "type" not in attrs:
        attrs["type"] = "module"
    else:
        return asset
    return type(asset)(asset.filename, priority=asset.priority, **attrs)


def trim_page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree):
    """Leave out what this page does not use; defer every script; print CSS for print."""
    used = _uses(context.get("body") or "")  # (the index and search pages have none)
    css = context.get("css_files")
    if css is not None:
        kept = []
        for sheet in css:
            if _unused(sheet, used):
                continue
            if _name(sheet) == PRINT_CSS and sheet.attributes.get("media") != "print":
                attrs = {**sheet.attributes, "media": "print"}
                sheet = type(sheet)(sheet.filename, priority=sheet.priority, **attrs)
            kept.append(sheet)
        css[:] = kept
    scripts = context.get("script_files")
    if scripts is not None:
        # Sphinx's search page calls its search scripts from an inline script in its body,
        # as soon as it is parsed: there they stay as they are.
        defer = _deferred if pagename != "search" else (lambda s: s)
        scripts[:] = [defer(s) for s in scripts if not _unused(s, used)]


_THEME_CSS = re.compile(r'href="([^"]*?)_static/styles/theme\.css(?:\?[^"]*)?"')


def direct_stylesheets(head: str) -> str:
    """Link Sphinx's ``basic.css`` directly instead of through the theme's ``@import``."""
    return _THEME_CSS.sub(r'href="\1_static/basic.css"', head)


def setup(app: Sphinx) -> None:
    """Trim each page's assets after every extension has added its own."""
    app.connect("html-page-context", trim_page_assets, priority=950)
