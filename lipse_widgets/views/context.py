"""Context charts for the theme chapters: public statistics beside LIPSE's findings.

Each function is one chart a chapter calls in one line. The data comes from
``book/data`` through :func:`lipse_widgets.data.load_table`, the numbers from
:mod:`lipse_widgets.logic.context`, and every chart ends in
:func:`~lipse_widgets.views.figure.house_figure` (title stating the point,
source line, screen-reader description, data table with CSV download).

>>> from lipse_widgets.views import context
>>> context.digital_government_index(2023, "composite_score", "WP1")  # doctest: +SKIP
"""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from lipse_widgets.data import load_table
from lipse_widgets.logic import context as ctx
from lipse_widgets.logic import flexible_working as fw
from lipse_widgets.logic import prose
from lipse_widgets.views.figure import Figure, house_figure
from lipse_widgets.views.style import NEUTRAL_GREY, OKABE_ITO

DGI = "oecd_digital_government_index"
BENCHMARK = "ec_egovernment_benchmark_2016_2023"
ADOPTERS = "rogers_adopter_categories"
FLEXIBLE_WORKING = "oecd_flexible_working_2022"

#: Colours: the study group stands out in blue, the average in orange, the rest in grey.
GROUP_COLOUR = OKABE_ITO[0]
AVERAGE_COLOUR = OKABE_ITO[1]
OTHER_COLOUR = NEUTRAL_GREY
OTHERS = "other countries"
#: Pixels per bar in the country comparisons.
BAR_HEIGHT = 15


def _group(key: str | None) -> ctx.StudyGroup | None:
    if key is None:
        return None
    if key not in ctx.STUDY_GROUPS:
        raise ValueError(f"unknown study group {key!r} (have: {', '.join(ctx.STUDY_GROUPS)})")
    return ctx.STUDY_GROUPS[key]


# ----------------------------------------------------------------------------
# Numbers for the prose (glued into the chapters)
# ----------------------------------------------------------------------------


def dgi_comparison(edition: int, indicator: str, group: str | None = None) -> ctx.Comparison:
    """Return the Digital Government Index comparison a chart draws, for the prose."""
    return ctx.dgi_comparison(load_table(DGI), edition, indicator, _group(group))


def benchmark_comparison(indicator_code: str, group: str | None = None) -> ctx.Comparison:
    """Return the latest eGovernment Benchmark comparison a chart draws, for the prose."""
    return ctx.benchmark_comparison(load_table(BENCHMARK), indicator_code, _group(group))


def flexible_working_availability(arrangement: str) -> fw.Availability:
    """Return in how many OECD central governments ``arrangement`` is offered (2022)."""
    return fw.availability(load_table(FLEXIBLE_WORKING), arrangement)


def later_adopter_share() -> float:
    """Return the conventional share (per cent) of the late majority and laggards."""
    return ctx.share_of(load_table(ADOPTERS))


# ----------------------------------------------------------------------------
# Charts
# ----------------------------------------------------------------------------


def digital_government_index(edition: int, indicator: str, group: str | None = None) -> Figure:
    """Countries on one OECD Digital Government Index measure, a study group marked.

    ``edition`` is 2019 or 2023 (the two rest on different surveys, so the chart
    stays within one); ``indicator`` a column of the index such as
    ``"composite_score"`` or ``"user_driven"``; ``group`` a work package key
    (``"WP1"``, ``"WP2"``, ``"WP3"``) whose countries are marked.
    """
    comparison = dgi_comparison(edition, indicator, group)
    return _comparison_figure(
        comparison,
        resource=DGI,
        axis_title="Score (0 to 1)",
        domain=(0, 1),
        slug=f"dgi-{edition}-{indicator.replace('_', '-')}",
        rank_title="OECD rank",
    )


def egovernment_benchmark(indicator_code: str = "0", group: str | None = None) -> Figure:
    """Countries on one eGovernment Benchmark measure in the latest period, a group marked.

    ``indicator_code`` is "0" (overall score) or "1" to "4" (the dimensions). Only
    the latest two-year period is drawn: the source marks a break in series.
    """
    comparison = benchmark_comparison(indicator_code, group)
    return _comparison_figure(
        comparison,
        resource=BENCHMARK,
        axis_title="Score (0 to 100)",
        domain=(0, 100),
        slug=f"egov-benchmark-{comparison.period.replace('+', '-')}-{indicator_code}",
        rank_title=None,
    )


def adopter_categories() -> Figure:
    """Rogers' adopter categories with their conventional shares, later adopters marked."""
    table = ctx.adopter_categories(load_table(ADOPTERS))
    later = ctx.share_of(table)
    later_names = prose.join_names([c for c in table["category"] if c in ctx.LATER_CATEGORIES])
    order = list(table["category"])
    base = alt.Chart(table, width="container", height=220)
    bars = base.mark_bar().encode(
        x=alt.X(
            "category:N",
            title="Adopter category, in order of adoption",
            sort=order,
            # one word a line, so that the five names fit a phone's width too
            axis=alt.Axis(labelAngle=0, labelExpr="split(datum.label, ' ')"),
        ),
        y=alt.Y(
            "share_percent:Q",
            title="Share of all adopters (per cent)",
            scale=alt.Scale(domain=(0, 40)),
        ),
        color=alt.Color(
            "stage:N",
            title="Stage of adoption",
            scale=alt.Scale(
                domain=[ctx.EARLIER_STAGE, ctx.LATER_STAGE], range=[OTHER_COLOUR, GROUP_COLOUR]
            ),
        ),
        tooltip=[
            alt.Tooltip("category:N", title="Category"),
            alt.Tooltip("share_percent:Q", title="Share (per cent)", format=".1f"),
            alt.Tooltip(
                "cumulative_percent:Q", title="Adopted by the end of it (per cent)", format=".1f"
            ),
        ],
    )
    labels = base.mark_text(dy=-7, fontSize=12).encode(
        x=alt.X("category:N", sort=order),
        y=alt.Y("share_percent:Q"),
        text=alt.Text("share_percent:Q", format=".3~f"),
    )
    title = (
        f"In Rogers' model the {later_names} together make up {later:g} per cent of all "
        "adopters (conventional shares, seen only in secondary sources)"
    )
    description = (
        "Bar chart of Rogers' five adopter categories in the order in which they adopt an "
        "innovation, with the share of a population conventionally attributed to each: "
        + "; ".join(f"{r.category} {r.share_percent:g} per cent" for r in table.itertuples())
        + f". The {later_names} ({later:g} per cent together) are marked in blue. "
        "The shares describe an idealised bell curve, not a measured population, and the book "
        "has seen them only in secondary sources, not in Rogers' book itself."
    )
    return house_figure(
        alt.layer(bars, labels),
        title=title,
        description=description,
        resource=ADOPTERS,
        data=table,
        slug="rogers-adopter-categories",
        columns={
            "order": "Order",
            "category": "Category",
            "share_percent": "Share (per cent)",
            "cumulative_percent": "Cumulative (per cent)",
            "stage": "Stage",
        },
    )


# ----------------------------------------------------------------------------
# The ranked bar chart shared by the country comparisons
# ----------------------------------------------------------------------------


def comparison_title(comparison: ctx.Comparison) -> str:
    """State the chart's point from the data: who is above the average, who is missing."""
    c = comparison
    average = f"the {c.average_label} ({c.fmt(c.average)})"
    if c.group is None:
        text = (
            f"{prose.in_prose(c.best.country)} scores highest ({c.fmt(c.best.value)}) and "
            f"{prose.in_prose(c.worst.country)} "
            f"lowest ({c.fmt(c.worst.value)}) on the {c.measure}, {c.period}; "
            f"{c.average_label} {c.fmt(c.average)}"
        )
        return text[0].upper() + text[1:]
    above = [s.country for s in c.above_average]
    if above:
        verb = "scores" if len(above) == 1 else "score"
        text = (
            f"Of the {c.group.label}, {prose.join_names(above)} {verb} above {average} "
            f"on the {c.measure}, {c.period}"
        )
    else:
        text = f"None of the {c.group.label} scores above {average} on the {c.measure}, {c.period}"
    if c.missing:
        text += f"; no data for {prose.join_names(c.missing)}"
    return text


def comparison_description(comparison: ctx.Comparison) -> str:
    """Describe the chart for screen readers, with the values of the marked countries."""
    c = comparison
    text = (
        f"Horizontal bar chart of the {c.measure} for {c.countries} countries, {c.period}, "
        f"highest first, with the {c.average_label} ({c.fmt(c.average)}) as its own bar. "
        f"Highest: {prose.in_prose(c.best.country)} ({c.fmt(c.best.value)}); "
        f"lowest: {prose.in_prose(c.worst.country)} ({c.fmt(c.worst.value)}). "
    )
    if c.group is not None:
        scores = "; ".join(f"{prose.in_prose(s.country)} {c.fmt(s.value)}" for s in c.highlighted)
        text += f"The {c.group.label} are marked in blue: {scores or 'none has a value'}. "
        if c.missing:
            text += f"Not in this dataset: {prose.join_names(c.missing)}. "
    return text + " ".join(c.notes)


def _comparison_figure(
    comparison: ctx.Comparison,
    *,
    resource: str,
    axis_title: str,
    domain: tuple[float, float],
    slug: str,
    rank_title: str | None,
) -> Figure:
    c = comparison
    group_label = c.group.label if c.group else None
    average_row = pd.DataFrame(
        {
            "country": [c.average_label],
            "iso3": [""],
            "value": [c.average],
            "rank": pd.array([pd.NA], dtype="Int64"),
            "group": [c.average_label],
        }
    )
    # The average goes in as its own bar, after the countries it ties with.
    position = int((c.table["value"] >= c.average).sum())
    data = pd.concat(
        [c.table.iloc[:position], average_row, c.table.iloc[position:]], ignore_index=True
    )
    domain_groups = [g for g in (group_label, c.average_label, OTHERS) if g]
    colours = (
        [GROUP_COLOUR, AVERAGE_COLOUR, OTHER_COLOUR]
        if group_label
        else [AVERAGE_COLOUR, OTHER_COLOUR]
    )
    bold = [s.country for s in c.highlighted] + [c.average_label]
    tooltip = [
        alt.Tooltip("country:N", title="Country"),
        alt.Tooltip("value:Q", title="Score", format=f".{c.decimals}f"),
        alt.Tooltip("group:N", title="Group"),
    ]
    if rank_title:
        tooltip.insert(2, alt.Tooltip("rank:Q", title=rank_title))
    chart = (
        # A fixed height per bar, given as a number: Vega-Lite warns (in the reader's
        # browser console) when a "container" width meets a step height.
        alt.Chart(data, width="container", height=BAR_HEIGHT * len(data))
        .mark_bar()
        .encode(
            y=alt.Y(
                "country:N",
                title=None,
                sort=list(data["country"]),
                axis=alt.Axis(
                    labelFontWeight=alt.ExprRef(
                        f"indexof({json.dumps(bold)}, datum.value) >= 0 ? 'bold' : 'normal'"
                    )
                ),
            ),
            x=alt.X("value:Q", title=axis_title, scale=alt.Scale(domain=list(domain))),
            color=alt.Color(
                "group:N", title=None, scale=alt.Scale(domain=domain_groups, range=colours)
            ),
            tooltip=tooltip,
        )
    )
    columns = {"country": "Country", "value": "Score"}
    if rank_title:
        columns["rank"] = rank_title
    columns["group"] = "Group"
    return house_figure(
        chart,
        title=comparison_title(c),
        description=comparison_description(c),
        resource=resource,
        data=data,
        slug=slug,
        columns=columns,
    )
