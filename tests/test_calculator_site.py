"""The calculators in the built HTML: the figure is shown, no widget, no widget JavaScript."""

from __future__ import annotations

import re

import pytest

from lipse_widgets.data.models import load_model

pytestmark = pytest.mark.build


def test_outcomes_page_has_both_static_calculators(site):
    page = (site / "chapters" / "outcomes.html").read_text(encoding="utf-8")
    assert 'id="readiness-calculators"' in page
    for name in ("eprocurement", "telework"):
        assert f'data-lipse-calculator="{name}"' in page
    # the sliders are drawn into the page (disabled until the chart script runs), beside
    # the chart on a wide screen: one per factor of each model
    assert page.count('class="lipse-figure lipse-figure--aside"') == 2
    factors = sum(len(load_model(m).factors) for m in ("eprocurement", "telework"))
    assert len(re.findall(r'<input type="range"[^>]*data-lipse-signal="answer_', page)) == factors


def test_no_page_loads_ipywidgets_or_requirejs(site):
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        scripts = re.findall(r"<script[^>]*\bsrc=\"([^\"]+)\"", text)
        bad = [
            s for s in scripts if re.search(r"require|embed-amd|jupyter-widgets|html-manager", s)
        ]
        assert bad == [], f"{path.name} loads {bad}"
        # no widget is made while the site is built (lipse_widgets.STATIC_SITE), so
        # myst-nb has no widget view to render and no widget state to embed
        assert "application/vnd.jupyter.widget-view+json" not in text, path.name
        assert "application/vnd.jupyter.widget-state+json" not in text, path.name


def test_workshop_page_is_in_the_tools_part_and_labels_the_example_made_up(site):
    page = (site / "workshop.html").read_text(encoding="utf-8")
    assert "made up" in page.lower()
    assert "made_up_workshop_eprocurement_answers.csv" in page
    assert page.count('class="lipse-figure"') == 2
    intro = (site / "intro.html").read_text(encoding="utf-8")
    tools = intro.index(">Tools<")
    assert intro.index("Feedback loops") < tools < intro.index("workshop.html", tools)
