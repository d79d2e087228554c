"""Every sentence under a "What the sources say" heading carries a citation (issue 12).

The chapters are parsed with the MyST parser the book uses; the text under each
"What the sources say" heading, up to the next heading of the same or a higher
level, is split into sentences (the book writes one sentence per line), and each
sentence must hold a ``{cite:p}`` or ``{cite:t}`` role. The checker is tried on
text that breaks the rule, so the test can fail.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

BOOK = Path(__file__).resolve().parent.parent / "book"
CHAPTERS = sorted((BOOK / "chapters").glob("*.md"))
HEADING = "What the sources say"
CITATION = re.compile(r"\{cite:[pt]\}`[^`]+`")
#: A sentence ends at . ! or ? followed by a space and a capital letter or an opening quote.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"\u201c\u2018(])")


def _parser():
    config = yaml.safe_load((BOOK / "_config.yml").read_text(encoding="utf-8"))
    extensions = config.get("parse", {}).get("myst_enable_extensions", [])
    return create_md_parser(MdParserConfig(enable_extensions=set(extensions)), RendererHTML)


def sentences_under(markdown: str, heading: str = HEADING) -> list[list[str]]:
    """Return, for each section headed ``heading``, the sentences of its text."""
    tokens = _parser().parse(markdown)
    sections: list[list[str]] = []
    level = None
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            depth = int(token.tag[1])
            title = tokens[i + 1].content.strip()
            if title == heading:
                level = depth
                sections.append([])
            elif level is not None and depth <= level:
                level = None
        elif level is not None and token.type == "inline" and tokens[i - 1].type != "heading_open":
            for line in token.content.splitlines():
                sections[-1].extend(s.strip() for s in SENTENCE_END.split(line) if s.strip())
    return sections


def uncited(markdown: str) -> list[str]:
    """Return the sentences under a "What the sources say" heading that cite nothing."""
    return [s for section in sentences_under(markdown) for s in section if not CITATION.search(s)]


def test_the_checker_finds_an_uncited_sentence_and_stops_at_the_next_heading():
    text = (
        "# Chapter\n\n## Decisions\n\n### What the sources say\n\n"
        "A cited sentence {cite:p}`a2015`.\n"
        "An uncited sentence. And a second one on the same line {cite:t}`b2016` says more.\n\n"
        "- A cited bullet {cite:p}`c2017`.\n- An uncited bullet.\n\n"
        "### The book's reading\n\nNot a source claim, so not checked.\n"
    )
    assert sentences_under(text) == [
        [
            "A cited sentence {cite:p}`a2015`.",
            "An uncited sentence.",
            "And a second one on the same line {cite:t}`b2016` says more.",
            "A cited bullet {cite:p}`c2017`.",
            "An uncited bullet.",
        ]
    ]
    assert uncited(text) == ["An uncited sentence.", "An uncited bullet."]


def test_every_theme_chapter_has_the_heading():
    assert len(CHAPTERS) == 5
    for chapter in CHAPTERS:
        sections = sentences_under(chapter.read_text(encoding="utf-8"))
        assert len(sections) == 1 and len(sections[0]) >= 3, chapter.name


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.stem for c in CHAPTERS])
def test_every_sentence_under_what_the_sources_say_is_cited(chapter):
    assert uncited(chapter.read_text(encoding="utf-8")) == []
