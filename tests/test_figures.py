"""The house conventions, asserted on the Vega-Lite spec and the figure's HTML."""

import html
import json
import re

import altair as alt
import pandas as pd
import pytest

from lipse_widgets.views import flexible_working
from lipse_widgets.views.figure import house_figure
from lipse_widgets.views.style import OKABE_ITO


@pytest.fixture(scope="module")
def remote():
    return flexible_working.remote_work_coverage()


def test_chart_has_title_source_description_and_tooltips(remote):
    spec = remote.to_dict()
    assert "remote work" in remote.title
    assert spec["title"]["subtitle"][0].startswith(
        "Source: OECD (2023), Government at a Glance 2023"
    )
    assert spec["description"].startswith("Stacked bar chart.")
    assert {t["field"] for t in spec["encoding"]["tooltip"]} == {
        "arrangement",
        "category",
        "countries",
    }
    assert spec["config"]["mark"]["tooltip"] is True
    assert spec["config"]["range"]["category"] == list(OKABE_ITO)


def test_title_numbers_come_from_the_data(remote):
    table = remote.table()
    full = table[table["Arrangement"] == "Remote work full time"]
    covered = full["Coverage"].isin(
        [
            "All public employees are covered",
            "Most public employees covered (with some exemptions)",
            "Only some public employees",
        ]
    )
    assert f"and {int(full.loc[covered, 'Countries'].sum())} (full time)" in remote.title


def test_figure_html_has_source_table_and_download(remote):
    page = remote.to_html()
    assert '<p class="lipse-source">Source: OECD (2023)' in page
    assert '<th scope="col">Coverage</th>' in page
    assert 'download="remote-work-coverage.csv" href="data:text/csv;charset=utf-8,' in page
    assert "cdn.jsdelivr.net" in page  # Altair's loader: the site's extension makes it unused


def test_text_from_data_is_escaped_everywhere():
    evil = "</script><script>alert(1)</script><b>x</b>"
    frame = pd.DataFrame({"label": [evil], "value": [1]})
    chart = alt.Chart(frame).mark_bar().encode(x="value:Q", y="label:N")
    figure = house_figure(
        chart,
        title="T",
        description="D",
        resource="oecd_flexible_working_2022",
        data=frame,
        slug="evil",
    )
    page = figure.to_html()
    assert evil not in page
    assert "<script>alert(1)" not in page
    assert html.escape(evil) in page  # the table shows it as text
    # the JSON in the script carries the text intact, only escaped for the HTML parser
    script = re.search(r"\}\)\((\{.*\}), \{\"renderer\"", page, re.S).group(1)
    spec = json.loads(script)
    assert spec["datasets"][next(iter(spec["datasets"]))][0]["label"] == evil


def test_house_figure_takes_a_source_line_for_data_outside_the_package():
    frame = pd.DataFrame({"a": [1]})
    chart = alt.Chart(frame).mark_bar().encode(x="a:Q")
    figure = house_figure(
        chart, title="T", description="D", data=frame, slug="s", source="Source: a model file."
    )
    assert figure.to_dict()["title"]["subtitle"] == ["Source: a model file."]
    with pytest.raises(ValueError, match="exactly one"):
        house_figure(chart, title="T", description="D", data=frame, slug="s")
    with pytest.raises(ValueError, match="exactly one"):
        house_figure(
            chart,
            title="T",
            description="D",
            data=frame,
            slug="s",
            resource="findings",
            source="Source: x.",
        )
