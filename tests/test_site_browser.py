"""The built site in headless Chromium: offline, error-free, every chart drawn."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

#: Screenshots for people to look at (not compared by the tests); the folder is ignored by git.
SCREENSHOTS = Path(__file__).resolve().parent.parent / "book" / "_build" / "screenshots"


@dataclass
class PageVisit:
    """What the browser saw while loading one page."""

    url: str
    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    charts: int = 0
    drawn: int = 0


def visit(browser, base: str, path: str) -> PageVisit:
    """Load one page with no network beyond 127.0.0.1 and record what happened."""
    seen = PageVisit(base + path)
    context = browser.new_context()
    # Anything not served by the local site is refused, so a CDN dependency shows up
    # both as a recorded request and as a broken page.
    context.route(lambda url: not url.startswith(base), lambda route: route.abort())
    page = context.new_page()
    page.on("request", lambda r: seen.requests.append(r.url))
    page.on("console", lambda m: m.type in ("error", "warning") and seen.problems.append(f"console {m.type}: {m.text}"))
    page.on("pageerror", lambda e: seen.problems.append(f"page error: {e}"))
    page.goto(seen.url, wait_until="load")
    seen.charts = page.locator(".vega-embed").count()
    if seen.charts:
        page.wait_for_function(
            "() => [...document.querySelectorAll('.vega-embed')].every(e => e.querySelector('svg.marks'))",
            timeout=15_000,
        )
    seen.drawn = page.locator(".vega-embed svg.marks").count()
    page.wait_for_load_state("networkidle")
    context.close()
    return seen


@pytest.fixture(scope="module")
def visits(build, site, server, browser) -> dict[str, PageVisit]:
    return {p.as_posix(): visit(browser, server, p.as_posix()) for p in build.pages()}


def test_every_page_was_visited(visits):
    assert "intro.html" in visits
    assert "chapters/outcomes.html" in visits
    assert len(visits) >= 7


def test_no_request_leaves_the_local_site(visits, server):
    outside = {path: [u for u in v.requests if not u.startswith(server) and not u.startswith("data:")]
               for path, v in visits.items()}
    assert {p: u for p, u in outside.items() if u} == {}


def test_no_console_or_page_errors(visits):
    assert {p: v.problems for p, v in visits.items() if v.problems} == {}


def test_every_chart_is_drawn(visits):
    assert visits["chapters/outcomes.html"].charts >= 1
    assert {p: (v.charts, v.drawn) for p, v in visits.items() if v.charts != v.drawn} == {}


def test_chart_has_accessible_name_and_data_table(browser, server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(server + "chapters/outcomes.html")
    page.locator(".vega-embed svg.marks").first.wait_for()
    # Vega labels the chart's container with the Vega-Lite description, for screen readers
    graphic = page.locator(".vega-embed [role=graphics-document]").first
    assert "remote work" in (graphic.get_attribute("aria-label") or "")
    details = page.locator("details.lipse-data").first
    details.locator("summary").click()
    assert details.locator("table tbody tr").count() == 10
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "outcomes.png"), full_page=True)
    context.close()
