"""The strict build: warnings are errors, every chapter executes, the site is self-contained."""

import re

import pytest

pytestmark = pytest.mark.build

CHAPTERS = ["environments", "inputs", "tools-processes", "outcomes", "feedback-loops"]


def test_strict_build_passes(build):
    assert build.returncode == 0, build.log[-4000:]
    # Sphinx's own warnings ("WARNING: ..."); the kernel's log lines ("WARNING |") are not build warnings
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
    with_bundle = {
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if "lipse-vega-" in p.read_text(encoding="utf-8")
    }
    with_charts = {
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if "vegaEmbed(" in p.read_text(encoding="utf-8")
    }
    assert "chapters/outcomes.html" in with_charts
    assert with_bundle == with_charts


def test_copyright_and_favicon(site):
    page = (site / "intro.html").read_text(encoding="utf-8")
    assert "the LIPSE knowledge base contributors" in page
    assert re.search(r'<link rel="icon" href="_static/favicon.svg"', page)
    assert (site / "_static" / "favicon.svg").is_file()
