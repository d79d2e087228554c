"""The data catalogue on the built site: every download works, every entry is there."""

from __future__ import annotations

from pathlib import Path

import pytest
from site_visit import screenshot

from lipse_widgets.data import read_descriptor

pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parent.parent / "book" / "data"


@pytest.fixture(scope="module")
def catalogue_page(server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    context.route(lambda url: not url.startswith(server), lambda route: route.abort())
    page = context.new_page()
    page.goto(server + "catalogue.html")
    page.locator(".lipse-figure").first.hover()  # the interactive chart takes over
    page.locator(".vega-embed svg.marks").first.wait_for()
    yield page
    context.close()


def test_every_data_file_downloads_from_the_site_unchanged(catalogue_page):
    links = catalogue_page.locator("article a.download")
    hrefs = {links.nth(i).get_attribute("href") for i in range(links.count())}
    names = {href.rsplit("/", 1)[-1] for href in hrefs}
    expected = {r["path"] for r in read_descriptor()["resources"]} | {"datapackage.json"}
    assert names == expected
    for href in hrefs:
        response = catalogue_page.request.get(catalogue_page.url.rsplit("/", 1)[0] + "/" + href)
        assert response.status == 200, href
        assert response.body() == (DATA / href.rsplit("/", 1)[-1]).read_bytes(), href


def test_every_dataset_has_an_entry_that_the_overview_links_to(catalogue_page):
    for resource in read_descriptor()["resources"]:
        heading = catalogue_page.locator(
            "article h3.lipse-catalogue-title", has_text=resource["title"]
        )
        assert heading.count() == 1
        anchor = heading.get_attribute("id")
        assert catalogue_page.locator(f'article table a[href="#{anchor}"]').count() == 1


def test_the_catalogue_fits_the_page(catalogue_page):
    # nothing is wider than the page: no sideways scrolling, the sidebars keep their place
    assert catalogue_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    article = catalogue_page.locator("article").bounding_box()
    for figure in catalogue_page.locator(".lipse-figure .vega-embed").all():
        box = figure.bounding_box()
        assert box["x"] + box["width"] <= article["x"] + article["width"] + 1
    screenshot(catalogue_page, "catalogue.png", full_page=True)
