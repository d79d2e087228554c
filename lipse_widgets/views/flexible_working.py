"""The chart of the OECD's flexible working data: who may work remotely in central government.

A chapter calls :func:`remote_work_coverage` in one line; the data comes from
``book/data`` through :mod:`lipse_widgets.data`, the counts from
:mod:`lipse_widgets.logic.flexible_working`, and the house conventions from
:func:`~lipse_widgets.views.figure.house_figure`.
"""

from __future__ import annotations

import altair as alt

from lipse_widgets.data import load_table
from lipse_widgets.logic import flexible_working as fw
from lipse_widgets.views.figure import Figure, house_figure
from lipse_widgets.views.style import NEUTRAL_GREY, OKABE_ITO, ORDERED_BLUES, wrap_labels

FLEXIBLE_WORKING = "oecd_flexible_working_2022"


def remote_work_coverage() -> Figure:
    """Who may work remotely in central government: OECD countries by coverage, 2022."""
    frame = load_table(FLEXIBLE_WORKING)
    counts = fw.coverage_counts(frame, fw.REMOTE_WORK)
    part_time = fw.availability(frame, "Remote work part time")
    full_time = fw.availability(frame, "Remote work full time")
    colours = [*ORDERED_BLUES[:3], OKABE_ITO[1], NEUTRAL_GREY]
    chart = (
        alt.Chart(counts, width="container", height=140)
        .mark_bar()
        .encode(
            y=alt.Y("arrangement:N", title=None, sort=list(fw.REMOTE_WORK)),
            x=alt.X("countries:Q", title="Number of countries", stack="zero"),
            color=alt.Color(
                "category:N",
                scale=alt.Scale(domain=list(fw.COVERAGE_ORDER), range=colours),
                # in lines short enough for a phone (the chart is drawn narrow there)
                legend=alt.Legend(
                    title=["Central government", "employees covered"],
                    labelExpr=wrap_labels(28),
                ),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("arrangement:N", title="Arrangement"),
                alt.Tooltip("category:N", title="Coverage"),
                alt.Tooltip("countries:Q", title="Countries"),
            ],
        )
    )
    title = (
        f"Central government covers all, most or only some staff with remote work in "
        f"{_share(part_time)} (part time) and {full_time.covered} (full time); in "
        f"{part_time.by_ministry} and {full_time.by_ministry} more, each ministry or service "
        f"defines the coverage (2022)"
    )
    description = (
        "Stacked bar chart. For part-time and full-time remote work, the number of OECD "
        "countries whose central government covers all, most or only some employees, "
        "leaves the coverage to be defined by each ministry or service, or does not offer "
        "it (or finds it not applicable), in 2022. "
        + "; ".join(
            f"{row.arrangement}: {row.countries} countries '{row.category}'"
            for row in counts.itertuples()
            if row.countries
        )
        + "."
    )
    return house_figure(
        chart,
        title=title,
        description=description,
        resource=FLEXIBLE_WORKING,
        data=counts,
        slug="remote-work-coverage",
        columns={"arrangement": "Arrangement", "category": "Coverage", "countries": "Countries"},
    )


def _share(availability: fw.Availability) -> str:
    """Say "all 36 OECD countries with data" or "29 of the 36 OECD countries with data".

    "With data", not "surveyed": the OECD file lacks two members (Ireland and the
    United States), and the sources do not say whether they were surveyed.
    """
    if availability.covered == availability.surveyed:
        return f"all {availability.surveyed} OECD countries with data"
    return f"{availability.covered} of the {availability.surveyed} OECD countries with data"
