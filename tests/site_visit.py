"""Load one page of the built site in headless Chromium, once, and record everything checked.

Used by tests/test_site_browser.py (which asserts on bytes, counts and findings, never on
seconds) and by benchmarks/bench.py (which also reports how long the charts took to draw).

A visit has two parts, as a reader's would. First the page loads and nobody touches it:
every chart must already be there, drawn at build time as an SVG, and the Vega runtime must
not have been requested. Then every chart is made interactive (as when a reader reaches for
it): the runtime arrives once, and every chart is drawn again by Vega in the same place.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
#: axe-core from npm (package.json at the repository root; `make test` runs `npm ci`).
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
#: The WCAG levels the book must meet: WCAG 2.0, 2.1 and 2.2, levels A and AA (EN 301 549).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

#: What every chart's HTML carries once (lipse_widgets/views/figure.py), as the extension does.
CHART_MARKER = "data-lipse-chart="
#: The Vega runtime's file name starts with this (lipse_widgets/sphinxext).
RUNTIME = "/lipse-vega-"

AXE_RUN = """
async ({tags, include}) => {
  // resultTypes: every rule still runs on every element; a passed rule keeps one element
  // (axe-core's option for large pages: the passes are counted, not listed).
  const result = await axe.run(include ? {include: [include]} : document, {
    runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'],
  });
  return {
    passes: result.passes.length,
    violations: result.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => n.target.join(' ')),
    })),
  };
}
"""

#: Charts drawn as the page arrives: a static SVG with a size, text, and a name.
_STATIC_CHARTS = """
() => [...document.querySelectorAll('.lipse-chart')].map(chart => {
  const svg = [...chart.querySelectorAll('.lipse-chart-box > svg')]
    .find(s => getComputedStyle(s).display !== 'none');
  const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
  const ids = svg ? (svg.getAttribute('aria-labelledby') || '').split(' ') : [];
  const named = svg && svg.getAttribute('role') === 'img' && ids.length
    && ids.every(id => (document.getElementById(id) || {}).textContent);
  return {id: chart.id, width: box.width, height: box.height,
          texts: svg ? svg.querySelectorAll('text').length : 0, named: !!named};
})
"""

#: Each chart needs a text alternative and, in its figure, a title, a source and a data table.
_CHART_GAPS = """
() => [...document.querySelectorAll('.lipse-chart')].flatMap(chart => {
  const gaps = [];
  const text = (el) => ((el || {}).textContent || '').trim();
  const live = chart.querySelector('.lipse-chart-live [role=graphics-document]');
  const shown = chart.querySelector('.lipse-chart-box > svg[role=img]');
  const name = live ? live.getAttribute('aria-label')
    : shown && text(document.getElementById(shown.getAttribute('aria-labelledby')));
  if (!(name || '').trim()) gaps.push([chart.id, 'no text alternative']);
  const figure = chart.closest('.lipse-figure');
  if (!figure) return [[chart.id, 'not in a figure']];
  if (!figure.querySelector('details table tbody tr')) gaps.push([chart.id, 'no data table']);
  if (!text(figure.querySelector('.lipse-figure-title'))) gaps.push([chart.id, 'no title']);
  if (!text(figure.querySelector('.lipse-source'))) gaps.push([chart.id, 'no source']);
  return gaps;
})
"""

_REFRESH = re.compile(r'<meta http-equiv="refresh" content="\d+;\s*url=([^"]+)"', re.IGNORECASE)


#: Debian's Chromium, the browser readers have: Lighthouse and the benchmark's page timings.
CHROMIUM = Path("/usr/bin/chromium")
#: Chromium's headless shell (Debian's chromium-headless-shell, built from the same sources):
#: the tests' browser. It is the build Playwright itself runs headless tests in; on 2 cores it
#: opens a page for about half the CPU time of the full browser's headless mode, and the
#: suite opens pages a few hundred times. LIPSE_BROWSER=/usr/bin/chromium runs the browser
#: tests in the full browser instead.
TEST_BROWSER = Path(os.environ.get("LIPSE_BROWSER") or "/usr/bin/chromium-headless-shell")
#: Chromium's switches, headless, as root, on a machine with no network beyond loopback.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


#: Pictures of what the browser tests see, for people to look at (never compared by a
#: test): written only when LIPSE_SCREENSHOTS is set, as a whole page takes Chromium about
#: 2 core-s to draw. The folder is in book/_build, which git ignores.
SCREENSHOTS = REPO / "book" / "_build" / "screenshots"


def screenshot(target, name: str, **options) -> None:
    """Save a screenshot of ``target`` (a page or an element) as ``SCREENSHOTS/name`` when
    LIPSE_SCREENSHOTS is set (``LIPSE_SCREENSHOTS=1 make test``)."""
    if os.environ.get("LIPSE_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target.screenshot(path=str(SCREENSHOTS / name), **options)


def launch_chromium(playwright, executable: Path = TEST_BROWSER):
    """Launch Debian's Chromium (the tests' headless shell unless told) with Playwright,
    never a browser Playwright downloads."""
    return playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)


@dataclass
class PageVisit:
    """What the browser saw while loading one page, then while its charts took over."""

    url: str
    #: Every request of the load, then of the takeover.
    requests: list[str] = field(default_factory=list)
    #: How many of ``requests`` the load made (the rest: the charts' takeover).
    load_requests: int = 0
    problems: list[str] = field(default_factory=list)
    #: Charts in the page's HTML (one ``lipse-chart`` each).
    charts: int = 0
    #: Charts visible as the page arrived: an SVG with a size, text and a name, per chart.
    drawn: int = 0
    #: Charts Vega drew after the takeover.
    live: int = 0
    #: Decoded body bytes of every response of the page load, by URL.
    sizes: dict[str, int] = field(default_factory=dict)
    #: Bytes on the wire (compressed, headers included) of the page load, by URL.
    transferred: dict[str, int] = field(default_factory=dict)
    #: axe-core's findings (rule id, impact, help, CSS selectors of the elements): as loaded,
    #: and again once the charts are interactive.
    violations: list[dict] = field(default_factory=list)
    #: How many axe rules passed (0 would mean axe checked nothing).
    axe_passes: int = 0
    #: Charts that lack a text alternative, a title, a source or a data table.
    chart_gaps: list[tuple[str, str]] = field(default_factory=list)
    #: Milliseconds from navigation start until the DOM was ready (the charts are in it).
    charts_drawn_ms: float | None = None
    #: Milliseconds from the takeover's start until every chart was interactive.
    live_ms: float | None = None
    #: Milliseconds from navigation start until the load event had ended.
    load_ms: float | None = None

    @property
    def weight(self) -> int:
        """Decoded bytes the page loaded, fonts and scripts included."""
        return sum(self.sizes.values())

    @property
    def transferred_bytes(self) -> int:
        """Bytes the page load took on the wire, before any interaction."""
        return sum(self.transferred.values())

    @property
    def has_charts(self) -> bool:
        """Whether the page draws charts (calculators are charts too)."""
        return self.charts > 0

    @property
    def loaded_before_interaction(self) -> list[str]:
        """The URLs the page requested before anyone touched it."""
        return self.requests[: self.load_requests]


def charts_in(html: str) -> int:
    """Return how many charts a page's HTML holds."""
    return html.count(CHART_MARKER)


def run_axe(page, include: str | None = None) -> dict:
    """axe-core on the page (on the elements that match the CSS selector ``include`` only,
    when given), at the WCAG levels of ``AXE_TAGS``: ``{"passes": n, "violations": [...]}``."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(AXE_RUN, {"tags": AXE_TAGS, "include": include})


def take_over_charts(page, timeout: float = 20_000) -> None:
    """Make every chart of ``page`` interactive, as a reader reaching for each would."""
    page.evaluate("window.lipseCharts.takeOverAll()")
    page.wait_for_function(
        "[...document.querySelectorAll('.lipse-figure')]"
        ".filter(f => f.querySelector('.lipse-chart'))"
        ".every(f => ['live', 'static'].includes(f.dataset.lipseState))",
        timeout=timeout,
    )


def visit(browser, base: str, path: str, site: Path, *, axe: bool = True) -> PageVisit:
    """Load one page with no network beyond ``base`` and record what happened.

    ``path`` is relative to ``base`` and to ``site`` (the built site's folder). A page that
    only redirects (``<meta http-equiv="refresh">``) is measured where it lands.
    """
    html = (site / path).read_text(encoding="utf-8")
    redirect = _REFRESH.search(html)
    if redirect:
        landing = (Path(path).parent / redirect.group(1)).as_posix()
        html = (site / landing).read_text(encoding="utf-8")
    seen = PageVisit(base + path, charts=charts_in(html))
    context = browser.new_context()
    # Anything not served by the local site is refused, so a CDN dependency shows up
    # both as a recorded request and as a broken page.
    context.route(lambda url: not url.startswith(base), lambda route: route.abort())
    page = context.new_page()
    page.on("request", lambda r: seen.requests.append(r.url))
    # Bytes as Chromium receives them (the page's own bodies may be gone once a redirect
    # page has navigated on, so they are counted as they arrive).
    urls: dict[str, str] = {}
    received: dict[str, int] = {}
    wire: dict[str, int] = {}
    network = context.new_cdp_session(page)
    network.on(
        "Network.responseReceived", lambda e: urls.__setitem__(e["requestId"], e["response"]["url"])
    )
    network.on(
        "Network.dataReceived",
        lambda e: received.__setitem__(
            e["requestId"], received.get(e["requestId"], 0) + e["dataLength"]
        ),
    )
    network.on(
        "Network.loadingFinished",
        lambda e: wire.__setitem__(e["requestId"], int(e["encodedDataLength"])),
    )
    network.send("Network.enable")
    page.on(
        "console",
        lambda m: (
            m.type in ("error", "warning") and seen.problems.append(f"console {m.type}: {m.text}")
        ),
    )
    page.on("pageerror", lambda e: seen.problems.append(f"page error: {e}"))
    page.goto(seen.url, wait_until="load")
    if redirect:
        page.wait_for_url(base + landing, wait_until="load")
    page.wait_for_load_state("networkidle")
    seen.load_requests = len(seen.requests)
    static = page.evaluate(_STATIC_CHARTS)
    seen.drawn = sum(
        1 for c in static if c["width"] > 100 and c["height"] > 50 and c["texts"] and c["named"]
    )
    timing = page.evaluate(
        "(() => { const n = performance.getEntriesByType('navigation')[0];"
        " return [n.domContentLoadedEventStart, n.loadEventEnd]; })()"
    )
    seen.charts_drawn_ms = timing[0] if seen.charts else None
    seen.load_ms = timing[1]
    for request_id, size in received.items():
        url = urls.get(request_id, request_id)
        seen.sizes[url] = seen.sizes.get(url, 0) + size
    for request_id, size in wire.items():
        url = urls.get(request_id, request_id)
        seen.transferred[url] = seen.transferred.get(url, 0) + size
    if axe:
        # After the weights are taken: axe is the test's, not the page's.
        found = run_axe(page)
        seen.violations, seen.axe_passes = found["violations"], found["passes"]
    if seen.charts:
        start = page.evaluate("performance.now()")
        take_over_charts(page)
        seen.live_ms = page.evaluate("performance.now()") - start
        page.wait_for_load_state("networkidle")
        seen.live = page.locator(".lipse-chart-live svg.marks").count()
        if axe:
            # What the takeover changed: the figures, where Vega drew (the rest of the
            # page was checked as loaded).
            found = run_axe(page, include=".lipse-figure")
            seen.violations += [{**v, "when": "interactive"} for v in found["violations"]]
    seen.chart_gaps = [tuple(gap) for gap in page.evaluate(_CHART_GAPS)]
    context.close()
    return seen
