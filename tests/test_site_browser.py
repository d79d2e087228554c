"""The built site in headless Chromium: offline, error-free, accessible, light, every chart drawn.

Each page is loaded as a reader would meet it (nobody touches it), then every chart is made
interactive, as when a reader reaches for it; the checks cover both.

Every page is loaded once (see site_visit.py); each test below checks one thing about
all of those visits, and names every page that fails it.
"""

from __future__ import annotations

import concurrent.futures
import re

import pytest
from playwright.sync_api import expect, sync_playwright
from site_visit import AXE_JS, RUNTIME, PageVisit, launch_chromium, run_axe, screenshot, visit

pytestmark = pytest.mark.browser


#: Budgets for what one page load takes over the wire, served with gzip as a static host
#: serves it, before any interaction (issue 13): 1 KB = 1,000 bytes.
TEXT_PAGE_BUDGET = 200_000
CHART_PAGE_BUDGET = 300_000
#: Request budgets for one page load, before any interaction (the search page also loads
#: the search index and Sphinx's search scripts).
PAGE_REQUESTS = 24
SEARCH_PAGE_REQUESTS = 30


@pytest.fixture(scope="module")
def visits(build, site, server, browser) -> dict[str, PageVisit]:
    """Every page visited once. Each visit waits for half a second of network silence after
    the load (twice on a page with charts), so half the pages are visited at the same time
    in a second browser, in a thread of its own (Playwright's objects belong to the thread
    that made them)."""
    assert AXE_JS.is_file(), f"{AXE_JS} is missing: run `npm ci` (make test does)"
    paths = [p.as_posix() for p in build.pages()]

    def second_half() -> dict[str, PageVisit]:
        with sync_playwright() as playwright:
            other = launch_chromium(playwright)
            try:
                return {p: visit(other, server, p, site) for p in paths[1::2]}
            finally:
                other.close()

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        others = pool.submit(second_half)
        found = {p: visit(browser, server, p, site) for p in paths[::2]}
        found |= others.result()
    assert sorted(found) == sorted(paths)
    return found


def test_every_page_was_visited(visits):
    assert "intro.html" in visits
    assert "chapters/outcomes.html" in visits
    assert len(visits) >= 7


def test_no_request_leaves_the_local_site(visits, server):
    outside = {
        path: [u for u in v.requests if not u.startswith(server) and not u.startswith("data:")]
        for path, v in visits.items()
    }
    assert {p: u for p, u in outside.items() if u} == {}


def test_no_console_or_page_errors(visits):
    assert {p: v.problems for p, v in visits.items() if v.problems} == {}


def test_every_chart_is_drawn_as_the_page_arrives(visits):
    """Each chart is an SVG in the page: there, with text and a name, before any script."""
    assert visits["chapters/outcomes.html"].charts >= 1
    assert {p: (v.charts, v.drawn) for p, v in visits.items() if v.charts != v.drawn} == {}


def test_no_page_loads_the_vega_runtime_before_it_is_needed(visits):
    early = {p: [u for u in v.loaded_before_interaction if RUNTIME in u] for p, v in visits.items()}
    assert {p: u for p, u in early.items() if u} == {}


def test_every_chart_becomes_interactive_with_one_runtime_request(visits):
    """When the reader reaches for the charts, Vega arrives once and draws every one."""
    assert {p: (v.charts, v.live) for p, v in visits.items() if v.charts != v.live} == {}
    runtime = {p: sum(RUNTIME in u for u in v.requests) for p, v in visits.items()}
    assert runtime == {p: int(v.has_charts) for p, v in visits.items()}


def test_every_chart_has_a_text_alternative_and_a_data_table(visits):
    assert {p: v.chart_gaps for p, v in visits.items() if v.chart_gaps} == {}


def test_no_accessibility_violations(visits):
    """axe-core, WCAG 2.0/2.1/2.2 A and AA, on every page after its charts have drawn."""
    assert {p: v.violations for p, v in visits.items() if v.violations} == {}
    # axe really looked: every page passed some rules
    assert {p: v.axe_passes for p, v in visits.items() if v.axe_passes == 0} == {}


def test_axe_finds_a_violation_it_should(browser):
    """The accessibility check can fail: a page with known faults is reported, and a check
    of the figures alone (as each visit checks them once they are interactive) reports the
    faults in the figures and only those."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content(
        '<html lang="en"><title>t</title><main><img src="data:,"><button></button>'
        '<figure class="lipse-figure"><a href="#x"></a></figure></main></html>'
    )
    found = run_axe(page)  # as each visit runs it
    in_figures = run_axe(page, include=".lipse-figure")
    context.close()
    assert {"image-alt", "button-name", "link-name"} <= {v["id"] for v in found["violations"]}
    assert found["passes"] > 0
    assert [(v["id"], len(v["nodes"])) for v in in_figures["violations"]] == [("link-name", 1)]


def test_page_weight_budgets(visits):
    """At most 200 KB transferred for a text page, 300 KB with charts, before interaction."""
    over = {}
    for path, v in visits.items():
        budget = CHART_PAGE_BUDGET if v.has_charts else TEXT_PAGE_BUDGET
        if v.transferred_bytes > budget:
            heaviest = sorted(v.transferred.items(), key=lambda item: -item[1])[:5]
            over[path] = (v.transferred_bytes, budget, heaviest)
    assert over == {}
    # the weights are real: every page loaded its HTML, the theme's CSS and its icon font
    assert all(v.transferred_bytes > 50_000 for v in visits.values())
    # and compressed: the decoded bytes are several times what came over the wire
    assert all(v.weight > 2 * v.transferred_bytes for v in visits.values())


def test_request_budgets(visits):
    over = {
        path: len(v.requests)
        for path, v in visits.items()
        if v.load_requests > (SEARCH_PAGE_REQUESTS if path == "search.html" else PAGE_REQUESTS)
    }
    assert over == {}


def test_pages_ship_only_what_they_use(visits):
    """No icon script; the search index on the search page only; chart script on chart pages."""
    icon_script = {p for p, v in visits.items() if any("/fontawesome.js" in u for u in v.requests)}
    assert icon_script == set()
    with_index = {p for p, v in visits.items() if any("/searchindex.js" in u for u in v.requests)}
    assert with_index == {"search.html"}
    with_charts = {p for p, v in visits.items() if any("/lipse-charts.js" in u for u in v.requests)}
    assert with_charts == {p for p, v in visits.items() if v.has_charts}
    # code-block styles and scripts only where there is code; no sphinx-design anywhere
    for path, v in visits.items():
        names = " ".join(v.loaded_before_interaction)
        assert "sphinx-design" not in names and "design-tabs" not in names, path
        assert "togglebutton" not in names, path
    assert not any("copybutton" in u for u in visits["chapters/outcomes.html"].requests)
    assert any("copybutton" in u for u in visits["trainers-guide.html"].requests)


def test_search_finds_a_chapter(browser, server):
    """Search still works (the search index is loaded by the search page only)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(server + "intro.html")
    page.keyboard.press("Control+k")
    dialog_input = page.locator("#pst-search-dialog input[name=q]")
    dialog_input.wait_for()
    dialog_input.fill("telework")
    dialog_input.press("Enter")
    page.wait_for_url("**/search.html?q=telework*")
    results = page.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=15_000)
    assert "chapters/outcomes.html" in [
        a.get_attribute("href").split("?")[0] for a in results.all()
    ]
    screenshot(page, "search.png")
    context.close()


def test_theme_icons_are_drawn(browser, server):
    """The theme's icons come from its icon font (its icon script is not shipped)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(server + "chapters/environments.html", wait_until="networkidle")
    icon = page.locator(".search-button-field i.fa-magnifying-glass").first
    box = icon.bounding_box()
    assert box and box["width"] > 8 and box["height"] > 8
    assert page.evaluate(
        "[...document.fonts].some(f => f.family.includes('Font Awesome 6 Free')"
        " && f.weight === '900' && f.status === 'loaded')"
    )
    assert icon.get_attribute("aria-hidden") == "true"
    screenshot(page, "environments.png")
    context.close()


def test_chart_has_accessible_name_and_data_table(browser, server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(server + "chapters/outcomes.html")
    figure = page.locator('.lipse-figure[data-lipse-figure="remote-work-coverage"]')
    figure.scroll_into_view_if_needed()  # (a figure off screen is not laid out yet)
    # as the page arrives: an SVG named by the description, under a title and a source
    static = figure.locator(".lipse-chart-box > svg.lipse-chart-wide")
    assert static.get_attribute("role") == "img"
    described = page.locator(f"#{static.get_attribute('aria-labelledby')}")
    assert "remote work" in described.text_content()
    # (content-visibility: auto lays out a figure's text in the frame after it comes near)
    expect(figure.locator(".lipse-figure-title")).to_have_text(re.compile(r"^Central government"))
    expect(figure.locator(".lipse-source")).to_have_text(re.compile(r"^Source: OECD \(2023\)"))
    # the pointer comes near: Vega takes over in the same box, and names the chart too
    box = figure.locator(".lipse-chart-box")
    place = "(b) => { const r = b.getBoundingClientRect(); return [r.top + scrollY, r.height]; }"
    before = box.evaluate(place)
    figure.hover()
    figure.locator(".lipse-chart-live svg.marks").wait_for()
    assert figure.locator(".lipse-chart-box > svg").count() == 0
    after = box.evaluate(place)
    assert abs(after[0] - before[0]) < 1 and abs(after[1] - before[1]) < 1  # nothing moved
    graphic = figure.locator(".lipse-chart-live [role=graphics-document]")
    assert "remote work" in (graphic.get_attribute("aria-label") or "")
    # vega-embed's menu is named (by the book's lipse-a11y.js)
    assert figure.locator(".lipse-chart-live details > summary").get_attribute("aria-label")
    details = figure.locator("details.lipse-data")
    details.locator("summary").click()
    assert details.locator("table tbody tr").count() == 10
    screenshot(page, "outcomes.png", full_page=True)
    context.close()
