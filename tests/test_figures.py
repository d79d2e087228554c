"""The house conventions, asserted on the Vega-Lite spec and the figure's HTML."""

import html
import json
import re

import altair as alt
import pandas as pd
import pytest

from lipse_widgets.views import flexible_working, style
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


def test_text_from_data_is_escaped_everywhere():
    evil = "</script><script>alert(1)</script><b>x</b>"
    frame = pd.DataFrame({"label": [evil], "value": [1]})
    chart = alt.Chart(frame).mark_bar().encode(x="value:Q", y="label:N")
    figure = house_figure(
        chart,
        title="T <i>",
        description="D <i>",
        resource="oecd_flexible_working_2022",
        data=frame,
        slug="evil",
    )
    page = figure.to_html()
    assert evil not in page
    assert "<script>alert(1)" not in page and "<i>" not in page
    assert html.escape(evil) in page  # the table shows it as text
    # the SVG drawn at build time shows it as text too (an axis label)
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in svg
    # the JSON in the page carries the text intact, only escaped for the HTML parser
    script = re.search(r'class="lipse-chart-spec">(.*?)</script>', page, re.S).group(1)
    spec = json.loads(script)
    assert spec["datasets"][next(iter(spec["datasets"]))][0]["label"] == evil


def test_the_chart_is_drawn_into_the_page_with_its_title_source_and_description(remote):
    page = remote.to_html()
    title = re.search(r'<p class="lipse-figure-title">(.*?)</p>', page).group(1)
    assert html.unescape(title) == remote.title
    source = re.search(r'<p class="lipse-source">(.*?)</p>', page).group(1)
    assert source.startswith("Source: OECD (2023)")
    svg = re.search(r'<svg[^>]*class="lipse-chart-wide"[^>]*>', page).group(0)
    described = re.search(r'aria-labelledby="([^"]+)"', svg).group(1)
    assert 'role="img"' in svg
    assert f'<p class="lipse-chart-description" id="{described}">Stacked bar chart.' in page
    # the title and source are HTML text, not drawn again inside the chart
    assert "title" not in remote.page_spec and "usermeta" not in remote.page_spec
    svg_text = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    assert "covers all, most or only some" in remote.title
    assert "covers all, most or only some" not in svg_text
    assert "Source:" not in svg_text


def test_a_chart_whose_width_follows_the_column_is_drawn_again_for_a_phone(remote):
    assert remote.static.width > 500
    assert remote.static_narrow is not None
    assert remote.static_narrow.width <= style.NARROW_WIDTH
    page = remote.to_html()
    assert page.count("<svg") == 2 and 'class="lipse-chart-narrow"' in page
    # ids inside the SVGs are the figure's own, so two charts on a page never share one
    assert not (
        set(re.findall(r'id="([^"]+)"', remote.static.svg))
        & set(re.findall(r'id="([^"]+)"', remote.static_narrow.svg))
    )


def test_a_chart_with_its_own_widths_is_drawn_once():
    frame = pd.DataFrame({"a": ["x", "y"], "v": [1, 2]})
    chart = alt.Chart(frame, width=alt.Step(200)).mark_bar().encode(x="a:N", y="v:Q")
    figure = house_figure(chart, title="T", description="D", data=frame, slug="s", source="S.")
    assert figure.static.width > style.NARROW_WIDTH and figure.static_narrow is None
    assert figure.to_html().count("<svg") == 1


def test_inputs_are_html_disabled_until_a_script_runs_and_say_so():
    frame = pd.DataFrame({"a": ["x", "y"], "v": [1, 2]})
    level = alt.param(
        name="level", value=3, bind=alt.binding_range(min=1, max=5, step=1, name="Level <1-5>")
    )
    kind = alt.param(
        name="kind",
        value="x",
        bind=alt.binding_select(options=["x", "y"], labels=["Ex", "Why"], name="Kind"),
    )
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(x="a:N", y="v:Q")
        .add_params(level, kind)
        .transform_filter("datum.v <= level")
    )
    figure = house_figure(chart, title="T", description="D", data=frame, slug="s", source="S.")
    page = figure.to_html()
    slider = re.search(r'<input type="range"[^>]*>', page).group(0)
    assert 'name="level"' in slider and "disabled" in slider
    assert (
        'min="1"' in slider
        and 'max="5"' in slider
        and 'step="1"' in slider
        and 'value="3"' in slider
    )
    assert "Level &lt;1-5&gt;" in page
    menu = re.search(r"<select[^>]*>.*?</select>", page, re.S).group(0)
    assert "disabled" in menu and '<option value="x" selected>Ex</option>' in menu
    assert "<noscript>" in page and "Turn on JavaScript" in page
    # after the chart by default; before it when asked; the spec in the page binds nothing
    assert page.index("lipse-chart-inputs") > page.index('class="lipse-chart"')
    assert all("bind" not in p for p in figure.page_spec["params"])
    before = house_figure(
        chart, title="T", description="D", data=frame, slug="s", source="S.", inputs="before"
    ).to_html()
    assert before.index("lipse-chart-inputs") < before.index('class="lipse-chart"')
    aside = house_figure(
        chart, title="T", description="D", data=frame, slug="s", source="S.", inputs="aside"
    ).to_html()
    assert 'class="lipse-figure lipse-figure--aside"' in aside
    with pytest.raises(ValueError, match="inputs must be one of"):
        house_figure(
            chart, title="T", description="D", data=frame, slug="s", source="S.", inputs="left"
        )


def test_in_jupyter_the_first_figure_of_a_kernel_carries_vega_and_none_refers_to_a_cdn(
    remote, monkeypatch
):
    from lipse_widgets import STATIC_SITE
    from lipse_widgets.views import figure

    monkeypatch.delenv(STATIC_SITE, raising=False)
    monkeypatch.setattr(figure._Runtime, "sent", set())
    first = remote._repr_mimebundle_()["text/html"]
    second = remote._repr_mimebundle_()["text/html"]
    bundle = figure.vega_bundle()
    # the bundle once, in a script the site drops, then only the figure's own small script
    assert first.startswith("<script data-lipse-notebook-only>/* Vega, Vega-Lite")
    assert len(first) > len(bundle) > 500_000 and len(second) < 100_000
    assert second == remote.to_html() and first.endswith(second)
    assert "window.vegaEmbed" in second and "data-lipse-notebook-only" in second
    runtime = first[: -len(second)]
    assert runtime.endswith("</script>") and runtime.count("</script") == 1
    for page in (first, second):
        assert "cdn.jsdelivr" not in page and "<script src" not in page
    assert "data-lipse-notebook-only" not in remote.to_html(notebook=False)
    # the site's build (STATIC_SITE set) never sends the bundle
    monkeypatch.setenv(STATIC_SITE, "1")
    monkeypatch.setattr(figure._Runtime, "sent", set())
    assert remote._repr_mimebundle_()["text/html"] == remote.to_html()


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


def test_a_view_can_give_the_chart_laid_out_for_a_phone():
    from lipse_widgets.views.evidence import evidence_map

    figure = evidence_map("innovation outcomes")
    assert figure.static.width > 500  # steps per group: the theme cannot cut it
    assert figure.static_narrow is not None
    assert figure.static_narrow.width <= style.NARROW_WIDTH
    page = figure.to_html()
    assert 'class="lipse-chart-spec-narrow"' in page
    # the phone's chart has the same menu (parameter) as the wide one, and no binding
    wide = [p["name"] for p in figure.page_spec["params"]]
    narrow = [p["name"] for p in figure.narrow_page_spec["params"]]
    assert wide == narrow and all("bind" not in p for p in figure.narrow_page_spec["params"])


def test_a_notebook_page_reloaded_while_the_kernel_runs_gets_vega_again(remote, monkeypatch):
    """Each browser page signs its requests with its own session id: a reloaded page (a new
    id) has lost the bundle, and gets it with its next figure."""
    import types

    from lipse_widgets import STATIC_SITE
    from lipse_widgets.views import figure

    monkeypatch.delenv(STATIC_SITE, raising=False)
    monkeypatch.setattr(figure._Runtime, "sent", set())
    header = {"session": "page-1"}
    kernel = types.SimpleNamespace(get_parent=lambda: {"header": dict(header)})
    monkeypatch.setattr(figure, "get_ipython", lambda: types.SimpleNamespace(kernel=kernel))
    carries = lambda: "/* Vega, Vega-Lite" in remote._repr_mimebundle_()["text/html"]  # noqa: E731
    assert [carries(), carries()] == [True, False]
    header["session"] = "page-2"  # the page reloaded
    assert [carries(), carries()] == [True, False]
