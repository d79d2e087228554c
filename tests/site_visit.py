"""Load one page of the built site in headless Chromium, once, and record everything checked.

Used by tests/test_site_browser.py (which asserts on bytes, counts and findings, never on
seconds) and by benchmarks/bench.py (which also reports how long the charts took to draw).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
#: axe-core from npm (package.json at the repository root; `make test` runs `npm ci`).
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
#: The WCAG levels the book must meet: WCAG 2.0, 2.1 and 2.2, levels A and AA (EN 301 549).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

#: What Altair's HTML output puts once per chart (the same marker the Sphinx extension uses).
CHART_MARKER = "vegaEmbed("

#: Runs before any page script: records performance.now() when the page's charts have all drawn.
_CHART_CLOCK = """
(() => {
  const expected = %d;
  const done = () => document.querySelectorAll('.vega-embed svg.marks').length >= expected;
  window.__lipseChartsDrawnAt = null;
  if (!expected) return;
  const observer = new MutationObserver(() => {
    if (window.__lipseChartsDrawnAt === null && done()) {
      window.__lipseChartsDrawnAt = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
})();
"""

_AXE_RUN = """
async (tags) => {
  const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
  return {
    passes: result.passes.length,
    violations: result.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => n.target.join(' ')),
    })),
  };
}
"""

#: Each drawn chart needs a text alternative (Vega's aria-label, from the Vega-Lite
#: description) and, in its figure, a table of its data.
_CHART_GAPS = """
() => [...document.querySelectorAll('.vega-embed')].flatMap(chart => {
  const gaps = [];
  const graphic = chart.querySelector('[role=graphics-document]');
  if (!graphic || !(graphic.getAttribute('aria-label') || '').trim()) {
    gaps.push([chart.id, 'no text alternative']);
  }
  const figure = chart.closest('.lipse-figure');
  if (!figure || !figure.querySelector('details table tbody tr')) {
    gaps.push([chart.id, 'no data table']);
  }
  return gaps;
})
"""

_REFRESH = re.compile(r'<meta http-equiv="refresh" content="\d+;\s*url=([^"]+)"', re.IGNORECASE)


CHROMIUM = Path("/usr/bin/chromium")
#: Debian's Chromium, headless, as root, on a machine with no network beyond loopback.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def launch_chromium(playwright):
    """Launch /usr/bin/chromium with Playwright (never a browser Playwright downloads)."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


@dataclass
class PageVisit:
    """What the browser saw while loading one page."""

    url: str
    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    #: Charts in the page's HTML (one Altair chart each).
    charts: int = 0
    #: Charts Vega drew (an ``svg.marks`` each).
    drawn: int = 0
    #: Decoded body bytes of every response of the page load, by URL.
    sizes: dict[str, int] = field(default_factory=dict)
    #: axe-core's findings (rule id, impact, help, CSS selectors of the elements).
    violations: list[dict] = field(default_factory=list)
    #: How many axe rules passed (0 would mean axe checked nothing).
    axe_passes: int = 0
    #: Charts that lack a text alternative or a data table: (chart id, what is missing).
    chart_gaps: list[tuple[str, str]] = field(default_factory=list)
    #: Milliseconds from navigation start until every chart had drawn (None: no charts).
    charts_drawn_ms: float | None = None
    #: Milliseconds from navigation start until the load event had ended.
    load_ms: float | None = None

    @property
    def weight(self) -> int:
        """Decoded bytes the page loaded, fonts and scripts included."""
        return sum(self.sizes.values())

    @property
    def has_charts(self) -> bool:
        """Whether the page draws charts (calculators are charts too)."""
        return self.charts > 0


def charts_in(html: str) -> int:
    """Return how many charts a page's HTML holds."""
    return html.count(CHART_MARKER)


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
    context.add_init_script(_CHART_CLOCK % seen.charts)
    page = context.new_page()
    page.on("request", lambda r: seen.requests.append(r.url))
    # Decoded body bytes, as Chromium receives them (the page's own bodies may be gone
    # once a redirect page has navigated on, so they are counted as they arrive).
    urls: dict[str, str] = {}
    received: dict[str, int] = {}
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
    if seen.charts:
        page.wait_for_function(
            "(n) => document.querySelectorAll('.vega-embed svg.marks').length >= n",
            arg=seen.charts,
            timeout=15_000,
        )
    page.wait_for_load_state("networkidle")
    seen.drawn = page.locator(".vega-embed svg.marks").count()
    seen.charts_drawn_ms = page.evaluate("window.__lipseChartsDrawnAt")
    seen.load_ms = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    seen.chart_gaps = [tuple(gap) for gap in page.evaluate(_CHART_GAPS)]
    for request_id, size in received.items():
        url = urls.get(request_id, request_id)
        seen.sizes[url] = seen.sizes.get(url, 0) + size
    if axe:
        # After the weight is taken: axe is the test's, not the page's.
        page.add_script_tag(path=str(AXE_JS))
        found = page.evaluate(_AXE_RUN, AXE_TAGS)
        seen.violations, seen.axe_passes = found["violations"], found["passes"]
    context.close()
    return seen
