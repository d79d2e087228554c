"""The built site on a phone, and without JavaScript, in headless Chromium.

On every page: nothing is wider than a 360 px screen, before or after the charts become
interactive; the site navigation opens and closes at 390 px, by touch and by keyboard (both
on one load of the page, the screen turned from 360 to 390 px between them). On every page
with a chart, with JavaScript off: every chart is drawn, with its title and source line as
text.

Each walk goes through every page in one tab, as a reader browsing the site does (the
site's files come from the browser's cache after the first page; each page is a new
document). A new tab per page costs a new renderer process, about a second each on 2
cores; tests/test_site_browser.py loads each page in a fresh browser context, where the
weights and first-visit errors are measured.
"""

from __future__ import annotations

import itertools

import pytest
from playwright.sync_api import Error as PlaywrightError
from site_visit import charts_in, screenshot, take_over_charts

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
NARROW = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
MODAL = "#pst-primary-sidebar-modal"
#: A link the navigation always holds (the first theme chapter).
NAV_LINK = "Innovation environments"
#: The navigation is closed, and its links are back in the sidebar (the theme moves them
#: into the dialog as it opens and back on its "close" event, a task after the dialog
#: closes: opened again before that, the dialog would lose its links to the sidebar).
CLOSED = f"!document.querySelector('{MODAL}').open && !document.querySelector('{MODAL} a')"


@pytest.fixture(scope="module")
def pages(build) -> list[str]:
    """Every page a reader can land on (index.html only redirects to intro.html)."""
    found = [p.as_posix() for p in build.pages() if p.as_posix() != "index.html"]
    assert len(found) >= 10
    return found


def _each_page(pages, browser, options, check):
    """Run ``check(page, path)`` on every page in turn, in one tab; return what failed where.

    A check returns a problem (or None); an exception (a wait that timed out) is the
    page's problem too, and the next page is still checked.
    """
    failures = {}
    context = browser.new_context(**options)
    page = context.new_page()
    try:
        for path in pages:
            try:
                problem = check(page, path)
            except PlaywrightError as error:
                problem = f"{type(error).__name__}: {str(error).splitlines()[0]}"
            if problem:
                failures[path] = problem
    finally:
        context.close()
    return failures


def _navigation_problem(page, path, next_url: str | None = None) -> str | None:
    """The site navigation at 390 px: opened and closed by touch, then by keyboard, and a
    link in it taken (to ``next_url``, the walk's next page, when the navigation holds it:
    that page then loads on a 360 px screen, as the walk loads each page); what went
    wrong, or None."""
    toggle = page.locator(".bd-header-article button.primary-toggle")
    if toggle.count() != 1 or not toggle.is_visible():
        return "no visible navigation button"
    box = toggle.bounding_box()
    if box["width"] < 44 or box["height"] < 44:
        return f"navigation button {box['width']:.0f}x{box['height']:.0f} px, under 44 px"
    # touch
    toggle.tap()
    link = page.locator(MODAL).get_by_role("link", name=NAV_LINK, exact=True)
    try:
        link.wait_for(state="visible", timeout=3_000)
    except Exception:
        return "a tap did not open the navigation"
    shown = link.bounding_box()
    if not (0 <= shown["x"] and shown["x"] + shown["width"] <= 390):
        return f"navigation link off screen: {shown}"
    if path == "intro.html":
        screenshot(page, "phone-navigation-open.png")
    page.touchscreen.tap(375, 420)  # beside the drawer: closes it
    page.wait_for_function(CLOSED, timeout=3_000)
    # keyboard
    toggle.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.querySelector('{MODAL}').open", timeout=3_000)
    try:
        link.wait_for(state="visible", timeout=3_000)
    except Exception:
        return "Enter opened the navigation but its links are hidden"
    page.keyboard.press("Escape")
    page.wait_for_function(CLOSED, timeout=3_000)
    # focus goes back to the button, so a keyboard reader goes on from there
    try:
        page.wait_for_function(
            "document.activeElement && document.activeElement.matches("
            "'.bd-header-article button.primary-toggle')",
            timeout=3_000,
        )
    except PlaywrightError:
        return "closed with Escape, the navigation did not give focus back to its button"
    # a link in it leads to its page: the browser goes there
    toggle.tap()
    links = page.locator(MODAL).locator("a[href]")
    hrefs = links.evaluate_all("links => links.map(a => a.href)")
    if next_url in hrefs:
        # the walk's next page, loaded as the walk loads each page (the walk goes on there)
        page.set_viewport_size(NARROW["viewport"])
        links.nth(hrefs.index(next_url)).tap()
        page.wait_for_url(next_url, wait_until="load", timeout=5_000)
        return None
    # else a chapter, whose load the walk leaves for its next page
    target = "Innovation inputs" if path == "chapters/environments.html" else NAV_LINK
    page.locator(MODAL).get_by_role("link", name=target, exact=True).tap()
    page.wait_for_url(
        "**/chapters/inputs.html" if target != NAV_LINK else "**/chapters/environments.html",
        wait_until="commit",
        timeout=5_000,
    )
    return None


_WIDER_THAN_SCREEN = """
(width) => [...document.querySelectorAll('body *')].filter(el => {
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.right <= width + 1) return false;
  // inside a box that scrolls or clips sideways (a wide table), or a closed drawer
  for (let a = el.parentElement; a; a = a.parentElement) {
    const s = getComputedStyle(a);
    if (['auto', 'scroll', 'hidden', 'clip'].includes(s.overflowX)) return false;
    if (s.visibility === 'hidden' || s.display === 'none') return false;
  }
  return getComputedStyle(el).position !== 'fixed';
}).slice(0, 5).map(el => el.tagName + '.' + (el.getAttribute('class') || '') +
                   ' right=' + Math.round(el.getBoundingClientRect().right))
"""


#: Every interactive chart has run its dataflow (a chart as wide as its box resizes once
#: drawn), and two frames have been laid out since.
_SETTLED = """
async () => {
  const views = [...document.querySelectorAll('.lipse-figure')].map(f => f.lipseView)
    .filter(Boolean);
  await Promise.all(views.map(v => v.runAsync()));
  for (let i = 0; i < 2; i++) await new Promise(r => requestAnimationFrame(r));
}
"""


def _width_problem(page) -> str | None:
    """Whether anything is wider than the 360 px screen the page was loaded on, as loaded
    and once its charts are interactive; what is, or None."""
    page.evaluate("document.fonts.ready.then(() => null)")  # the fonts the page uses are in
    found = []
    for state in ("as loaded", "charts interactive"):
        if state == "charts interactive":
            if not page.locator(".lipse-chart").count():
                break
            take_over_charts(page)
            page.evaluate(_SETTLED)
        inner, scroll = page.evaluate("[window.innerWidth, document.documentElement.scrollWidth]")
        # a phone widens its layout (and zooms out) when something does not fit
        if inner != 360 or scroll > 360:
            wide = page.evaluate(_WIDER_THAN_SCREEN, 360)
            found.append(f"{state}: layout {inner} px, page {scroll} px wide: {wide}")
    return "; ".join(found) or None


def _problem(check, *args) -> str | None:
    """What ``check(*args)`` found wrong; a wait that timed out is a problem too."""
    try:
        return check(*args)
    except PlaywrightError as error:
        return f"{type(error).__name__}: {str(error).splitlines()[0]}"


@pytest.fixture(scope="module")
def on_a_phone(pages, browser, server) -> dict[str, dict[str, str]]:
    """Every page on a phone, in one tab: loaded on a 360 px screen and checked for width
    (as loaded, then with its charts interactive); then, the screen turned to 390 px, its
    navigation is used, and its link to the walk's next page taken, where it has one (that
    page loads on the 360 px screen: the walk goes on there). What failed, by check, then
    by page."""
    failures: dict[str, dict[str, str]] = {"width": {}, "navigation": {}}
    following = dict(itertools.pairwise(pages))

    def check(page, path):
        page.set_viewport_size(NARROW["viewport"])
        if page.url != server + path:  # (else the last page's navigation brought it here)
            page.goto(server + path, wait_until="load")  # its styles and scripts are in
        found = {"width": _problem(_width_problem, page)}
        page.set_viewport_size(PHONE["viewport"])
        next_url = server + following[path] if path in following else None
        found["navigation"] = _problem(_navigation_problem, page, path, next_url)
        for name, problem in found.items():
            if problem:
                failures[name][path] = problem

    # a page that did not load fails both checks
    for path, problem in _each_page(pages, browser, NARROW, check).items():
        for name in failures:
            failures[name][path] = f"the page did not load: {problem}"
    return failures


def test_navigation_opens_and_closes_by_touch_and_keyboard_on_every_page(on_a_phone):
    assert on_a_phone["navigation"] == {}


def test_nothing_is_wider_than_a_360_px_screen_on_any_page(on_a_phone):
    assert on_a_phone["width"] == {}


_CHARTS_SHOWN = """
() => [...document.querySelectorAll('.lipse-figure')].map(figure => {
  const svg = [...figure.querySelectorAll('.lipse-chart-box > svg')]
    .find(s => getComputedStyle(s).display !== 'none');
  const r = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
  return {
    figure: figure.dataset.lipseFigure, width: r.width, height: r.height,
    marks: svg ? svg.querySelectorAll('path, text').length : 0,
    title: (figure.querySelector('.lipse-figure-title') || {}).textContent || '',
    source: (figure.querySelector('.lipse-source') || {}).textContent || '',
    inputs: figure.querySelectorAll('.lipse-chart-inputs [data-lipse-signal]').length,
    disabled: figure.querySelectorAll('.lipse-chart-inputs [data-lipse-signal]:disabled').length,
  };
})
"""


#: The screens the charts are looked at with JavaScript off: a phone's, then a desktop's.
WIDTHS = (360, 1280)


def _chart_problems(page, width: int, seen_charts: list[str]) -> list[str]:
    """What is wrong with the page's charts as shown on a screen ``width`` px wide."""
    problems = []
    for chart in page.evaluate(_CHARTS_SHOWN):
        seen_charts.append(chart["figure"])
        if chart["width"] < 200 or chart["height"] < 100 or chart["marks"] < 10:
            problems.append(f"{chart['figure']}: not drawn ({chart})")
        if chart["width"] > width:
            problems.append(f"{chart['figure']}: {chart['width']:.0f} px wide")
        if not chart["title"] or not chart["source"].startswith("Source:"):
            problems.append(f"{chart['figure']}: no title or source line")
        if chart["inputs"] != chart["disabled"]:
            problems.append(f"{chart['figure']}: inputs that would do nothing are enabled")
    return problems


@pytest.fixture(scope="module")
def without_javascript(pages, browser, server, site) -> dict[int, dict]:
    """Every page whose HTML holds a chart, with JavaScript off, in one tab: loaded on a
    360 px screen, looked at, then looked at again with the screen widened to 1280 px (the
    styles, not a script, lay the page out). The charts seen and what was wrong, by width.

    (With JavaScript off, nothing can add a chart to a page whose HTML has none.)"""
    seen: dict[int, dict] = {width: {"charts": [], "problems": {}} for width in WIDTHS}
    with_charts = [p for p in pages if charts_in((site / p).read_text(encoding="utf-8"))]
    assert len(with_charts) >= 7, with_charts  # the five chapters, the catalogue, the workshop

    def check(page, path):
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})
        page.goto(server + path, wait_until="load")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            problems = _chart_problems(page, width, seen[width]["charts"])
            if problems:
                seen[width]["problems"][path] = problems
            if path == "chapters/outcomes.html" and width == 360:
                screenshot(page, "outcomes-no-javascript.png", full_page=True)

    options = {"viewport": {"width": WIDTHS[0], "height": 900}, "java_script_enabled": False}
    for path, problem in _each_page(with_charts, browser, options, check).items():
        for width in WIDTHS:
            seen[width]["problems"][path] = f"the page did not load: {problem}"
    return seen


@pytest.mark.parametrize("width", WIDTHS)
def test_with_javascript_off_every_chart_is_visible(without_javascript, width):
    assert without_javascript[width]["problems"] == {}
    # the check saw charts: every theme chapter, the catalogue and the workshop have some
    assert len(without_javascript[width]["charts"]) >= 12
