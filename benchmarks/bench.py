"""Benchmark the book: build times, page weights, chart drawing times, scoring throughput.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/bench.py``). It prints a table
and writes it, with the date and the machine, to BENCHMARKS.md at the repository root.

What it measures:

* the build as ``make book`` runs it after ``validate`` (``python -m
  lipse_widgets.build``: strict, the pages run on every core first) of a temporary copy
  of ``book/`` with no build output (so every chapter executes), then a no-op rebuild
  (the sources did not change: the build says so and stops), then a rebuild after a
  sentence is appended to one chapter of the copy (the work tree is never touched);
* every page of that build in headless Chromium (/usr/bin/chromium), served on
  127.0.0.1 with every other host refused: decoded bytes and requests of one cold
  load, and the time from navigation start until every chart has drawn
  (``performance.now()`` in the page, when every chart's ``svg.marks`` exists),
  median of several cold loads;
* ``python -m lipse_widgets score`` on a million made-up respondents, against pandas'
  read time of the same file (``benchmarks/scale.py``, which also runs alone).

Timings depend on the machine and on what else it runs: this is a benchmark, not a
test. The tests assert bytes and counts (tests/test_site_browser.py), never seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import http.server
import os
import platform
import shutil
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BOOK = REPO / "book"
sys.path.insert(0, str(REPO / "tests"))

import lighthouse  # noqa: E402  (benchmarks/lighthouse.py: Lighthouse on every page)
import scale  # noqa: E402  (benchmarks/scale.py)
from site_visit import CHROMIUM, PageVisit, launch_chromium, visit  # noqa: E402  (tests/site_visit.py)

#: The chapter the edit benchmark appends a sentence to (in the temporary copy).
EDITED_CHAPTER = "chapters/environments.md"

#: The aims (issue 6), for the "aim" column.
AIM_CLEAN_S = 30.0
AIM_NOOP_S = 3.0
AIM_CHARTS_AFTER_LOAD_MS = 300.0


@dataclass
class Row:
    """One line of the results table."""

    what: str
    value: str
    aim: str = ""


def machine() -> dict[str, str]:
    """Return the date and what the machine is."""
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = (
        ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"
    )
    return {
        "Date (UTC)": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M"),
        "CPUs": str(os.cpu_count()),
        "CPU model": model,
        "Python": platform.python_version(),
        "Load average at start (1, 5, 15 min)": load,
    }


def copy_book(into: Path) -> Path:
    """Copy book/ (sources only, no build output or caches) into ``into``."""
    target = into / "book"
    shutil.copytree(
        BOOK,
        target,
        ignore=shutil.ignore_patterns(
            "_build",
            ".jupyter_cache",
            "jupyter_execute",
            "*.ipynb",
            ".ipynb_checkpoints",
            "__pycache__",
        ),
    )
    return target


def build(book: Path) -> float:
    """Build ``book`` as ``make book`` does (``python -m lipse_widgets.build``); return seconds.

    That is the strict build, with the pages run on every core first, into
    ``book/_build``; a build of sources that did not change is a no-op.
    """
    command = [sys.executable, "-m", "lipse_widgets.build", str(book)]
    start = time.perf_counter()
    proc = subprocess.run(
        command, capture_output=True, text=True, stdin=subprocess.DEVNULL, cwd=REPO, check=False
    )
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"bench: the build failed:\n{(proc.stdout + proc.stderr)[-4000:]}")
    return seconds


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def measure_pages(site: Path, runs: int) -> dict[str, list[PageVisit]]:
    """Load every page once (chart pages ``runs`` times), cold, in headless Chromium."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        sys.exit("bench: needs /usr/bin/chromium (apt-get install chromium)")
    pages = sorted(
        p.relative_to(site).as_posix() for p in site.rglob("*.html") if "_static" not in p.parts
    )
    httpd = socketserver.ThreadingTCPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site))
    )
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    results: dict[str, list[PageVisit]] = {}
    try:
        with sync_playwright() as pw:
            browser = launch_chromium(pw, CHROMIUM)
            for page in pages:
                first = visit(browser, base, page, site, axe=False)
                results[page] = [first]
                if first.has_charts:
                    results[page] += [
                        visit(browser, base, page, site, axe=False) for _ in range(runs - 1)
                    ]
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return results


def _aim(ok: bool, text: str) -> str:
    return f"{'met' if ok else 'NOT met'} (aim: {text})"


def run(
    runs: int, keep: bool, lighthouse_runs: int = 3
) -> tuple[dict[str, str], list[Row], list[list[str]], str]:
    """Run every measurement; return the machine, the summary rows, the page table, Lighthouse's."""
    info = machine()
    work = Path(tempfile.mkdtemp(prefix="lipse-bench-"))
    try:
        book = copy_book(work)
        clean = build(book)
        noop = build(book)
        chapter = book / EDITED_CHAPTER
        with chapter.open("a", encoding="utf-8") as handle:
            handle.write("\nThis sentence was appended by the benchmark.\n")
        edit = build(book)
        site = book / "_build" / "html"
        visits = measure_pages(site, runs)
        lighthouse_md = ""
        if lighthouse_runs:
            scores = lighthouse.measure(site, lighthouse_runs)
            lighthouse_md = lighthouse.markdown(
                scores, lighthouse.chart_pages(site), lighthouse_runs
            )
    finally:
        if keep:
            print(f"bench: kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    summary = [
        Row(
            "Clean build (as make book, with no build output: every chapter runs)",
            f"{clean:.1f} s",
            _aim(clean <= AIM_CLEAN_S, f"at most {AIM_CLEAN_S:.0f} s"),
        ),
        Row(
            "No-op rebuild (the sources did not change)",
            f"{noop:.1f} s",
            _aim(noop <= AIM_NOOP_S, f"at most {AIM_NOOP_S:.0f} s"),
        ),
        Row(f"Rebuild after a sentence is appended to {EDITED_CHAPTER}", f"{edit:.1f} s"),
    ]
    table = []
    worst_after_load = None
    worst_drawn = None
    for page, seen in visits.items():
        first = seen[0]
        drawn = [v.charts_drawn_ms for v in seen if v.charts_drawn_ms is not None]
        loads = [v.load_ms for v in seen if v.load_ms is not None]
        drawn_ms = statistics.median(drawn) if drawn else None
        load_ms = statistics.median(loads) if loads else None
        after_load = (
            max(0.0, drawn_ms - load_ms) if drawn_ms is not None and load_ms is not None else None
        )
        if after_load is not None:
            worst_after_load = max(worst_after_load or 0.0, after_load)
        if drawn_ms is not None:
            worst_drawn = max(worst_drawn or 0.0, drawn_ms)
        table.append(
            [
                page,
                f"{first.weight / 1e6:.2f}",
                str(len(first.requests)),
                str(first.charts),
                f"{drawn_ms:.0f}" if drawn_ms is not None else "",
                f"{load_ms:.0f}" if load_ms is not None else "",
                f"{after_load:.0f}" if after_load is not None else "",
            ]
        )
    if worst_drawn is not None:
        summary.append(
            Row(
                "All charts drawn, from navigation start, worst page (median of cold loads)",
                f"{worst_drawn:.0f} ms",
            )
        )
    if worst_after_load is not None:
        after = (
            f"{worst_after_load:.0f} ms"
            if worst_after_load
            else "0 ms (every chart had drawn before the load event ended)"
        )
        summary.append(
            Row(
                "Charts drawn after the load event, worst page (median of cold loads)",
                after,
                _aim(
                    worst_after_load <= AIM_CHARTS_AFTER_LOAD_MS,
                    f"within {AIM_CHARTS_AFTER_LOAD_MS:.0f} ms of load",
                ),
            )
        )
    summary += [Row(*row) for row in scale.measure()]
    return info, summary, table, lighthouse_md


PAGE_HEADER = [
    "Page",
    "Weight (MB, decoded)",
    "Requests",
    "Charts",
    "All charts drawn (ms from navigation start)",
    "Load event end (ms)",
    "Charts drawn after load (ms)",
]


def markdown(
    info: dict[str, str], summary: list[Row], table: list[list[str]], runs: int, more: str = ""
) -> str:
    """Return BENCHMARKS.md."""
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (benchmarks/bench.py); run it again to update this file.",
        "Timings depend on the machine and on what else it runs; the tests assert bytes and",
        "counts (tests/test_site_browser.py), never seconds.",
        "",
        "## Machine",
        "",
        *[f"- {key}: {value}" for key, value in info.items()],
        "",
        "## Build and scoring",
        "",
        "| Measure | Result | Aim |",
        "| --- | --- | --- |",
        *[f"| {r.what} | {r.value} | {r.aim} |" for r in summary],
        "",
        "## Pages",
        "",
        "One cold load per page in headless Chromium, served on 127.0.0.1, every other host",
        "refused. Weight: decoded bytes of every response of the load (HTML, CSS, scripts, fonts,",
        "the search index), 1 MB = 10^6 bytes; the budgets the tests enforce are 1.5 MB for a",
        "text page and 2.5 MB for a page with charts or calculators.",
        f"Chart times: median of {runs} cold loads.",
        "",
        "| " + " | ".join(PAGE_HEADER) + " |",
        "| " + " | ".join("---" for _ in PAGE_HEADER) + " |",
        *["| " + " | ".join(row) + " |" for row in table],
        "",
        more,
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the results and write BENCHMARKS.md."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--runs", type=int, default=3, help="cold loads of each chart page (default 3)"
    )
    parser.add_argument(
        "--output", type=Path, default=REPO / "BENCHMARKS.md", help="where to write the table"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary build folder")
    parser.add_argument(
        "--lighthouse-runs",
        type=int,
        default=3,
        help="Lighthouse runs per page and profile (0: none)",
    )
    args = parser.parse_args(argv)
    info, summary, table, more = run(max(1, args.runs), args.keep, max(0, args.lighthouse_runs))
    text = markdown(info, summary, table, max(1, args.runs), more)
    print(text)
    args.output.write_text(text, encoding="utf-8")
    print(f"bench: wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
