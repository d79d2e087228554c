"""The strict build: warnings are errors, every chapter executes, the site is self-contained."""

import re

import pytest

from lipse_widgets.sphinxext.takeaway import TAKEAWAY_FOLDER

pytestmark = pytest.mark.build

CHAPTERS = ["environments", "inputs", "tools-processes", "outcomes", "feedback-loops"]


def test_strict_build_passes(build):
    # the published site is make book's (the build fixture checks it is of the current sources)
    assert {"--warningiserror", "--nitpick", "--keep-going"} <= set(build.command)
    # Sphinx warnings ("WARNING: ..."); the kernel's log lines ("WARNING |") are not build warnings
    warnings = [line for line in build.log.splitlines() if re.search(r"\bWARNING:", line)]
    assert warnings == []


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_is_built(site, chapter):
    page = (site / "chapters" / f"{chapter}.html").read_text(encoding="utf-8")
    assert "<h1>" in page


def test_no_page_refers_to_a_cdn_script(site):
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        tags = re.findall(r"<script[^>]+src=\"(https?://[^\"]+)\"", text)
        assert not tags, f"{path.name} loads {tags}"


def test_chart_bundle_only_on_chart_pages(site):
    """The chart script (which loads the Vega runtime when a reader needs it) on chart pages only.

    No page loads the runtime itself: it is named only in the chart script's data-runtime.
    """
    pages = {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
        for p in site.rglob("*.html")
        # a take-away calculator carries its scripts, the runtime included, inline
        # (tests/test_answer_codes_browser.py opens it from disk with no network)
        if not p.relative_to(site).as_posix().startswith(TAKEAWAY_FOLDER)
    }
    with_script = {
        p
        for p, text in pages.items()
        if re.search(
            r'<script data-runtime="lipse-vega-[^"]+\.js" defer="defer" src="[^"]*lipse-charts\.js',
            text,
        )
    }
    with_charts = {p for p, text in pages.items() if "data-lipse-chart=" in text}
    assert "chapters/outcomes.html" in with_charts
    assert with_script == with_charts
    assert not [p for p, text in pages.items() if re.search(r'src="[^"]*lipse-vega-', text)]
    # the Jupyter-only script each figure carries is not on the site
    assert not [p for p, text in pages.items() if "data-lipse-notebook-only" in text]


def test_copyright_and_favicon(site):
    page = (site / "intro.html").read_text(encoding="utf-8")
    assert "the LIPSE knowledge base contributors" in page
    assert re.search(r'<link rel="icon" href="_static/favicon.svg"', page)
    assert (site / "_static" / "favicon.svg").is_file()


#: The context chart each theme chapter must draw (the slug its Figure carries).
CHAPTER_CHARTS = {
    "environments": "dgi-2023-composite-score",
    "inputs": "dgi-2019-user-driven",
    "tools-processes": "egov-benchmark-2022-2023-3",
    "outcomes": "rogers-adopter-categories",
    "feedback-loops": "egov-benchmark-2022-2023-0",
}


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_theme_chapter_has_chart_citations_glossary_links_and_glued_numbers(site, chapter):
    page = (site / "chapters" / f"{chapter}.html").read_text(encoding="utf-8")
    assert f'data-lipse-figure="{CHAPTER_CHARTS[chapter]}"' in page
    assert 'data-lipse-figure="evidence-map-' in page  # the chapter's findings, mapped
    assert "lipse-finding-label" in page  # ... and listed, each with its citation
    assert "data-lipse-chart=" in page and "<svg" in page  # drawn into the page
    citations = set(re.findall(r'href="\.\./references\.html#(id\d+)"', page))
    assert len(citations) >= 4, citations
    terms = set(re.findall(r'href="\.\./glossary\.html#(term-[\w-]+)"', page))
    assert len(terms) >= 3, terms
    assert page.count('class="pasted-text"') >= 2  # numbers in the prose come from the data
    headings = (
        "Key messages",
        "The work behind this theme",
        "Findings",
        "What this means for decision-makers",
        "Summary",
        "Further reading",
    )
    for heading in headings:
        assert heading in page, heading
    assert "The book\u2019s reading" in page or "The book's reading" in page
    assert "{glue" not in page and "{cite" not in page and "{term" not in page  # no raw roles


def test_glossary_terms_are_sorted_and_chapter_links_resolve(site):
    glossary = (site / "glossary.html").read_text(encoding="utf-8")
    terms = re.findall(r'<dt id="term-([\w-]+)"', glossary)
    assert {
        "telework",
        "e-procurement",
        "mimetic-pressure",
        "co-creation",
        "upscaling",
        "ombudsman",
        "supreme-audit-institution",
        "work-package",
    } <= set(terms)
    assert [t.lower() for t in terms] == sorted(t.lower() for t in terms)
    linked = set()
    for chapter in CHAPTERS:
        page = (site / "chapters" / f"{chapter}.html").read_text(encoding="utf-8")
        linked |= set(re.findall(r'href="\.\./glossary\.html#term-([\w-]+)"', page))
    assert linked <= set(terms)
    assert "glossary.html" in (site / "intro.html").read_text(encoding="utf-8")
