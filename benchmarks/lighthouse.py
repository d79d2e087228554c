"""Lighthouse on every page of a built site, with the mobile and the desktop profile.

The site is served on 127.0.0.1 with gzip, as a static host serves it
(tests/site_server.py). Lighthouse 12 (npm, package.json) drives Debian's Chromium
(``CHROME_PATH=/usr/bin/chromium``) with its default throttling: the mobile profile
simulates a slow 4G connection and a CPU four times slower than this machine's, the
desktop profile a fast connection. Each page is run several times per profile and the
median of each figure is reported (Lighthouse's CPU-bound figures move with the load of
the machine).

Run alone on a built site::

    .venv/bin/python benchmarks/lighthouse.py book/_build/html --runs 3

``make bench`` calls :func:`measure` and :func:`markdown` on its own fresh build.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from site_server import serve  # noqa: E402  (tests/site_server.py)
from site_visit import CHROMIUM  # noqa: E402

LIGHTHOUSE = REPO / "node_modules" / "lighthouse" / "cli" / "index.js"
PROFILES = ("mobile", "desktop")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
#: Headless Chromium as root in a container; Lighthouse adds its own flags to these.
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu"

#: The issue's targets (issue 13).
TARGET_MOBILE_PERFORMANCE = 95
TARGET_DESKTOP_PERFORMANCE = 100
TARGET_OTHER_CATEGORIES = 100
TARGET_FCP_MS = 1800
TARGET_LCP_MS = 2500
TARGET_CLS = 0.02
TARGET_TEXT_PAGE_BYTES = 200_000
TARGET_CHART_PAGE_BYTES = 300_000


@dataclass(frozen=True)
class Results:
    """The median figures of every page, ``{profile: {page: Run}}``, and the machine's load."""

    pages: dict[str, dict[str, Run]]
    #: The load average (1, 5, 15 minutes) when the runs started and when they ended.
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]


@dataclass(frozen=True)
class Run:
    """What one Lighthouse run reported for one page and profile."""

    scores: dict[str, int]
    fcp_ms: float
    lcp_ms: float
    tbt_ms: float
    cls: float
    transferred: int
    requests: int


def pages(site: Path) -> list[str]:
    """Every page of the site, relative to its root (the redirecting index.html left out)."""
    found = sorted(
        p.relative_to(site).as_posix() for p in site.rglob("*.html") if "_static" not in p.parts
    )
    return [p for p in found if p != "index.html"]


def run_once(url: str, profile: str) -> Run:
    """Run Lighthouse once on ``url`` with ``profile`` ("mobile" or "desktop")."""
    command = [
        "node",
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        "--output-path=stdout",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    if profile == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    proc = subprocess.run(
        command, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url} ({profile}):\n{proc.stderr[-2000:]}")
    return parse(json.loads(proc.stdout))


def parse(report: dict) -> Run:
    """Return the figures the book reports from one Lighthouse JSON report."""
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse: {report['runtimeError']}")
    audits = report["audits"]

    def value(audit: str) -> float:
        return float(audits[audit]["numericValue"])

    scores = {}
    for name in CATEGORIES:
        score = report["categories"][name]["score"]
        if score is None:
            raise RuntimeError(f"lighthouse gave no {name} score for {report['finalDisplayedUrl']}")
        scores[name] = round(100 * score)
    return Run(
        scores=scores,
        fcp_ms=value("first-contentful-paint"),
        lcp_ms=value("largest-contentful-paint"),
        tbt_ms=value("total-blocking-time"),
        cls=value("cumulative-layout-shift"),
        transferred=int(value("total-byte-weight")),
        requests=len(audits["network-requests"]["details"]["items"]),
    )


def median_run(runs: list[Run]) -> Run:
    """Return the median of each figure over ``runs`` (scores rounded to whole points)."""

    def mid(values):
        return statistics.median(values)

    return Run(
        scores={c: round(mid([r.scores[c] for r in runs])) for c in CATEGORIES},
        fcp_ms=mid([r.fcp_ms for r in runs]),
        lcp_ms=mid([r.lcp_ms for r in runs]),
        tbt_ms=mid([r.tbt_ms for r in runs]),
        cls=mid([r.cls for r in runs]),
        transferred=int(mid([r.transferred for r in runs])),
        requests=int(mid([r.requests for r in runs])),
    )


def measure(site: Path, runs: int = 3, only: list[str] | None = None) -> Results:
    """Return the median Lighthouse figures of every page, and how loaded the machine was."""
    if not LIGHTHOUSE.is_file():
        sys.exit(f"bench: {LIGHTHOUSE} is missing: run `npm ci` (make bench does)")
    if not CHROMIUM.exists():
        sys.exit("bench: needs /usr/bin/chromium (apt-get install chromium)")
    results: dict[str, dict[str, Run]] = {profile: {} for profile in PROFILES}
    before = os.getloadavg()
    with serve(site) as base:
        for page in only or pages(site):
            for profile in PROFILES:
                done = [run_once(base + page, profile) for _ in range(runs)]
                results[profile][page] = median_run(done)
                print(
                    f"lighthouse: {profile:7} {page}: {_line(results[profile][page])}", flush=True
                )
    return Results(results, before, os.getloadavg())


def _line(run: Run) -> str:
    scores = "/".join(str(run.scores[c]) for c in CATEGORIES)
    return (
        f"{scores}, FCP {run.fcp_ms / 1000:.1f} s, LCP {run.lcp_ms / 1000:.1f} s, "
        f"TBT {run.tbt_ms:.0f} ms, CLS {run.cls:.3f}, {run.transferred / 1000:.0f} KB"
    )


def chart_pages(site: Path) -> set[str]:
    """Pages that hold a chart of the book (a ``lipse-figure``)."""
    return {
        page for page in pages(site) if "lipse-figure" in (site / page).read_text(encoding="utf-8")
    }


def misses(results: dict[str, dict[str, Run]], charts: set[str]) -> list[str]:
    """Every target of issue 13 that a page misses, in words (empty: all met)."""
    out = []
    for page, run in results.get("mobile", {}).items():
        if run.scores["performance"] < TARGET_MOBILE_PERFORMANCE:
            out.append(f"{page}: mobile performance {run.scores['performance']}")
        for name in CATEGORIES[1:]:
            if run.scores[name] < TARGET_OTHER_CATEGORIES:
                out.append(f"{page}: mobile {name} {run.scores[name]}")
        if run.fcp_ms > TARGET_FCP_MS:
            out.append(f"{page}: mobile FCP {run.fcp_ms / 1000:.1f} s")
        if run.lcp_ms > TARGET_LCP_MS:
            out.append(f"{page}: mobile LCP {run.lcp_ms / 1000:.1f} s")
        if run.cls > TARGET_CLS:
            out.append(f"{page}: mobile CLS {run.cls:.3f}")
        budget = TARGET_CHART_PAGE_BYTES if page in charts else TARGET_TEXT_PAGE_BYTES
        if run.transferred > budget:
            out.append(f"{page}: {run.transferred / 1000:.0f} KB transferred")
    for page, run in results.get("desktop", {}).items():
        if run.scores["performance"] < TARGET_DESKTOP_PERFORMANCE:
            out.append(f"{page}: desktop performance {run.scores['performance']}")
    return out


HEADER = [
    "Page",
    "Performance",
    "Accessibility",
    "Best practices",
    "SEO",
    "FCP (s)",
    "LCP (s)",
    "TBT (ms)",
    "CLS",
    "Transferred (KB)",
    "Requests",
]


def markdown(measured: Results, charts: set[str], runs: int) -> str:
    """Return the Lighthouse section of BENCHMARKS.md: a table per profile, then the targets."""
    results = measured.pages
    load = ", ".join(f"{x:.2f}" for x in measured.load_before)
    load_after = ", ".join(f"{x:.2f}" for x in measured.load_after)
    lines = [
        "## Lighthouse",
        "",
        "Lighthouse 12 (npm) on Debian's Chromium, every page, the site served on 127.0.0.1 with",
        "gzip as a static host serves it. Mobile: Lighthouse's default profile (simulated slow 4G,",
        "a CPU four times slower than this machine's); desktop: `--preset=desktop`.",
        f"Median of {runs} runs per page and profile. Transferred: compressed bytes of every",
        "request before any interaction (1 KB = 1,000 bytes).",
        f"Load average of the machine (1, 5, 15 min): {load} at the start, {load_after} at the",
        "end (Lighthouse's CPU-bound figures, TBT above all, grow with it).",
        "",
    ]
    for profile in PROFILES:
        lines += [
            f"### {profile.capitalize()}",
            "",
            "| " + " | ".join(HEADER) + " |",
            "| " + " | ".join("---" for _ in HEADER) + " |",
        ]
        for page, run in results.get(profile, {}).items():
            kind = " (charts)" if page in charts else ""
            lines.append(
                "| "
                + " | ".join(
                    [
                        page + kind,
                        *(str(run.scores[c]) for c in CATEGORIES),
                        f"{run.fcp_ms / 1000:.2f}",
                        f"{run.lcp_ms / 1000:.2f}",
                        f"{run.tbt_ms:.0f}",
                        f"{run.cls:.3f}",
                        f"{run.transferred / 1000:.0f}",
                        str(run.requests),
                    ]
                )
                + " |"
            )
        lines.append("")
    missed = misses(results, charts)
    lines += [
        "Targets (issue 13): mobile performance at least "
        f"{TARGET_MOBILE_PERFORMANCE}, accessibility, best practices and SEO "
        f"{TARGET_OTHER_CATEGORIES}, desktop performance {TARGET_DESKTOP_PERFORMANCE}; "
        "mobile FCP at "
        f"most {TARGET_FCP_MS / 1000:.1f} s, LCP at most {TARGET_LCP_MS / 1000:.1f} s, CLS at most "
        f"{TARGET_CLS}; at most {TARGET_TEXT_PAGE_BYTES // 1000} KB transferred on a text page, "
        f"{TARGET_CHART_PAGE_BYTES // 1000} KB on a page with charts.",
        "",
        "All met." if not missed else "Not met:",
        *[f"- {miss}" for miss in missed],
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run Lighthouse on a built site and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built site (book/_build/html)")
    parser.add_argument("--runs", type=int, default=3, help="runs per page and profile")
    parser.add_argument("--page", action="append", help="only this page (repeatable)")
    parser.add_argument("--json", type=Path, help="also write every median figure as JSON here")
    args = parser.parse_args(argv)
    results = measure(args.site, max(1, args.runs), args.page)
    charts = chart_pages(args.site)
    print(markdown(results, charts, max(1, args.runs)))
    if args.json:
        pages = {p: {k: vars(v) for k, v in r.items()} for p, r in results.pages.items()}
        args.json.write_text(json.dumps(pages, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
