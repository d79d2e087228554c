"""Open a chapter in a running JupyterLab, in a browser, as a trainer does on Binder.

    python binder/check_jupyterlab.py URL --token TOKEN [--chapter PATH] [--browser PATH]

.github/workflows/binder.yml runs it against JupyterLab in the image that repo2docker
built. It checks what only the browser shows:

* the chapter (MyST markdown) opens as a notebook, not as text: jupytext's JupyterLab
  extension loaded (a jupytext whose extension needs a newer JupyterLab than the image's
  fails to load, and the chapter opens as text);
* after Run > Run All Cells, the readiness calculators show their sliders (the range inputs
  of the calculator's chart, Altair's JupyterChart: lipse_widgets/views/calculators.py)
  and the score under them;
* moving a slider with the keyboard changes the line that the kernel writes back under
  it, the score and the answer code (the chart's parameters go to Python and back).

It prints what it saw and exits with status 0 when all of it holds, 1 otherwise.
It needs Playwright (requirements-dev.txt) and a Chromium or Chrome on this machine.
"""

from __future__ import annotations

import argparse
import json
import sys

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

MINUTE = 60_000
#: A calculator's slider, and the line with its score (lipse_widgets/views/calculators.py).
SLIDER = ".lipse-calculator input[type=range]"
SCORE = ".lipse-calculator-downloads"


def check(url: str, token: str, chapter: str, browser_path: str) -> dict:
    """Drive JupyterLab at ``url``; return what was seen, with ``problems``."""
    seen: dict = {"chapter": chapter, "console": [], "problems": []}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=browser_path, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.on("console", lambda m: seen["console"].append(m.text[:300]))
        # ?reset: a fresh workspace, so only this chapter is open.
        page.goto(f"{url.rstrip('/')}/lab/tree/{chapter}?reset&token={token}")
        try:
            page.wait_for_selector(".jp-Notebook", timeout=2 * MINUTE)
        except PlaywrightError:
            seen["problems"].append("the chapter did not open as a notebook")
            browser.close()
            return seen
        # The kernel starts with the notebook: run only once it is idle.
        try:
            page.get_by_text("| Idle").wait_for(timeout=2 * MINUTE)
        except PlaywrightError:
            seen["problems"].append("the kernel did not start")
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        # JupyterLab draws only the cells in view: scroll down until a slider shows.
        panel = page.locator(".jp-NotebookPanel:visible .jp-WindowedPanel-outer").first
        try:
            for _ in range(180):
                if page.locator(SLIDER).count():
                    break
                panel.evaluate("e => e.scrollBy(0, 600)")
                page.wait_for_timeout(1000)
            page.locator(SLIDER).first.wait_for(state="attached", timeout=MINUTE)
            page.wait_for_timeout(2000)
        except PlaywrightError:
            seen["problems"].append("no calculator slider appeared after Run All Cells")
            page.screenshot(path="check_jupyterlab.png")
            browser.close()
            return seen
        seen["sliders"] = page.locator(SLIDER).count()
        # The first slider in view, and the score of its own calculator, marked so that
        # both stay the same elements while JupyterLab draws and hides cells on scrolling.
        page.locator(f"{SLIDER}:visible").first.evaluate(
            "el => { el.dataset.checked = 'slider';"
            " el.closest('.lipse-calculator').dataset.checked = 'calculator'; }"
        )
        handle = page.locator(f"{SLIDER}[data-checked=slider]")
        handle.scroll_into_view_if_needed()
        score = page.locator(f".lipse-calculator[data-checked=calculator] {SCORE}")
        seen["scores"] = score.all_inner_texts()
        handle.focus()
        # One step right; at the top of the scale that changes nothing: two steps left.
        for keys in (["ArrowRight"], ["ArrowLeft", "ArrowLeft"]):
            for key in keys:
                page.keyboard.press(key)
            page.wait_for_timeout(3000)
            seen["scores_after"] = score.all_inner_texts()
            if seen["scores_after"] != seen["scores"]:
                break
        browser.close()
    if not seen["scores"]:
        seen["problems"].append("no score shown")
    elif seen["scores_after"] == seen["scores"]:
        seen["problems"].append("moving the first slider did not change any score")
    return seen


def main(argv: list[str] | None = None) -> int:
    """Run the check from the command line; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", help="JupyterLab's address, e.g. http://127.0.0.1:8888")
    parser.add_argument("--token", required=True)
    parser.add_argument("--chapter", default="book/chapters/outcomes.md")
    parser.add_argument("--browser", default="/usr/bin/chromium")
    args = parser.parse_args(argv)
    seen = check(args.url, args.token, args.chapter, args.browser)
    seen["console"] = [m for m in seen["console"] if "Failed" in m or "not satisfy" in m]
    print(json.dumps(seen, indent=1))
    return 1 if seen["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
