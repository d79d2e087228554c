"""A ``<meta name="description">`` for every page, taken from the page itself.

Search engines and link previews (a chapter shared in a chat, on a phone) show it under the
page's title. It is derived, never written by hand, so it always says what the page says:

* a chapter's first key message (the first item of its "Key messages" box);
* otherwise the page's first paragraph of prose;
* for the pages Sphinx generates (index, search), a sentence about the page and the book.

Citations and footnote marks are left out (a description is plain text), and a long text
is cut at a word boundary, with an ellipsis, after about :data:`MAX_CHARS` characters.
"""

from __future__ import annotations

import html
import re

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

#: About what search engines show of a description.
MAX_CHARS = 200
#: The title of the box whose first item describes a chapter.
KEY_MESSAGES = "key messages"
#: Paragraphs inside these are not the page's prose.
_NOT_PROSE = (
    nodes.admonition,
    nodes.Admonition,
    nodes.figure,
    nodes.table,
    nodes.footnote,
    nodes.citation,
    nodes.topic,
    nodes.sidebar,
    nodes.field_list,
    nodes.definition_list,
    nodes.literal_block,
    nodes.container,
    addnodes.glossary,
)
#: What Sphinx writes itself, described in a sentence (``{title}`` is the book's title).
GENERATED = {
    "genindex": "Index of the terms and names in {title}.",
    "search": "Search the text of {title}.",
}
#: Classes of the nodes that are citations or references to notes, not prose.
_CITATION_CLASSES = {"bibtex-citation", "footnote-reference", "citation-reference"}


def _plain(node: nodes.Node) -> str:
    """Return the node's text without citations and footnote marks, on one line."""
    copy = node.deepcopy()
    for inner in list(copy.findall(nodes.Element)):
        cited = _CITATION_CLASSES & set(inner.get("classes", []))
        if cited or isinstance(inner, nodes.footnote_reference | nodes.citation_reference):
            inner.parent.remove(inner)
    text = re.sub(r"\s+", " ", copy.astext()).strip()
    return re.sub(r"\s+([.,;:!?])", r"\1", text)


def _is_prose(paragraph: nodes.paragraph) -> bool:
    parent = paragraph.parent
    while parent is not None:
        if isinstance(parent, _NOT_PROSE):
            return False
        parent = parent.parent
    return True


def shorten(text: str, limit: int = MAX_CHARS) -> str:
    """``text`` cut at the last word boundary before ``limit`` characters, with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-\u2013\u2014")
    return cut + "…"


def describe(doctree: nodes.document) -> str | None:
    """Return the page's first key message, else its first paragraph of prose."""
    for box in doctree.findall(nodes.admonition):
        title = box.next_node(nodes.title)
        if title is not None and title.astext().strip().lower() == KEY_MESSAGES:
            first = box.next_node(nodes.list_item) or box.next_node(nodes.paragraph)
            if first is not None and _plain(first):
                return shorten(_plain(first))
    for paragraph in doctree.findall(nodes.paragraph):
        if _is_prose(paragraph):
            text = _plain(paragraph)
            if len(text) > 20:
                return shorten(text)
    return None


def _add_description(app: Sphinx, pagename: str, templatename: str, context: dict, doctree):
    text = describe(doctree) if doctree is not None else None
    if text is None:
        sentence = GENERATED.get(pagename, "A page of {title}.")
        title = app.config.html_title or app.config.project  # Jupyter Book sets html_title
        text = sentence.format(title=title)
    if 'name="description"' in context.get("metatags", ""):
        return
    tag = f'<meta name="description" content="{html.escape(text, quote=True)}">\n'
    context["metatags"] = context.get("metatags", "") + tag
    context["lipse_description"] = text


def setup(app: Sphinx) -> None:
    """Add a description to every page."""
    app.connect("html-page-context", _add_description)
