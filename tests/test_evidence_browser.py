"""The evidence map on the built site: its innovation menu works in the browser, offline."""

from __future__ import annotations

import pytest
from site_visit import screenshot

from lipse_widgets.data import load_table

pytestmark = pytest.mark.browser

PAGE = "catalogue.html"
MARKS = "svg.marks g.mark-symbol.role-mark path"


def test_the_innovation_menu_filters_the_marks_in_the_browser(server, browser):
    findings = load_table("findings")
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    outside: list[str] = []

    def refuse(route):
        outside.append(route.request.url)
        route.abort()

    context.route(lambda url: not url.startswith(server), refuse)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server + PAGE)
    figure = page.locator('[data-lipse-figure="evidence-map"]')
    figure.hover()  # the interactive chart takes over from the one drawn at build time
    figure.locator("svg.marks").wait_for()
    marks = figure.locator(MARKS)
    assert marks.count() == len(findings)
    full_height = float(figure.locator("svg.marks").get_attribute("height"))

    menu = figure.get_by_label("Show the findings about")
    for innovation in findings["innovation"].unique():
        menu.select_option(value=innovation)
        expected = int((findings["innovation"] == innovation).sum())
        page.wait_for_function(
            "([sel, n]) => document.querySelectorAll(sel).length === n",
            arg=[f'[data-lipse-figure="evidence-map"] {MARKS}', expected],
            timeout=5_000,
        )
        height = float(figure.locator("svg.marks").get_attribute("height"))
        if (
            findings.loc[findings["innovation"] == innovation, "factor"].nunique()
            < findings["factor"].nunique()
        ):
            assert height < full_height  # the chart shrinks to the factors shown
        if innovation == "telework":
            screenshot(figure, "evidence-map-telework.png")

    menu.select_option(value="all")
    page.wait_for_function(
        "([sel, n]) => document.querySelectorAll(sel).length === n",
        arg=[f'[data-lipse-figure="evidence-map"] {MARKS}', len(findings)],
        timeout=5_000,
    )
    assert errors == [] and outside == []
    context.close()
