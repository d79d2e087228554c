"""The evidence map: every finding by factor and adopter group, with its evidence basis.

One mark per finding of ``findings.csv``: its row is the factor, its column the
adopter group the source names, its colour and shape what the source says about
the factor (a driver, a barrier, both, a direction it does not state, or a
recommendation). Findings from related research by LIPSE researchers are drawn as
hollow marks and counted apart in the title, never as LIPSE findings; the tooltip
and the data table give every finding's evidence basis. A menu below the chart
filters the findings by innovation in the reader's browser (a Vega parameter bound
to a ``<select>``), so the filter works on the static site with no kernel.

>>> from lipse_widgets.views.evidence import evidence_map
>>> evidence_map("innovation outcomes")     # doctest: +SKIP
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass

import altair as alt

from lipse_widgets.data import load_table
from lipse_widgets.logic import findings as fl
from lipse_widgets.views.figure import Figure, house_figure
from lipse_widgets.views.findings import effect_phrase, schema_orders
from lipse_widgets.views.style import EFFECT_COLOURS, EFFECT_SHAPES

FINDINGS = "findings"
#: The menu's option that shows every innovation.
ALL = "all"
#: Pixels per factor (row) and per adopter group (column).
ROW_STEP = 28
COLUMN_STEP = 90
#: Characters per line of a column heading and of a factor's label.
HEADING_WIDTH = 13
LABEL_WIDTH = 30
LABEL_FONT_SIZE = 11.5
LINE_HEIGHT = 13
GRID_COLOUR = "#E5E5E5"
#: The legend's and tooltip's name for the ``effect`` column.
EFFECT_TITLE = "What the source says"


@dataclass(frozen=True)
class Layout:
    """Sizes of the map: pixels per group and factor, characters per line of its texts."""

    column_step: int
    heading_width: int
    label_width: int
    row_step: int = ROW_STEP
    #: Column headings upright, in lines (0), or turned to read upwards, in one line (-90).
    heading_angle: int = 0


#: For a page's column on a computer or a tablet.
WIDE = Layout(COLUMN_STEP, HEADING_WIDTH, LABEL_WIDTH)
#: For a phone: narrow columns with their headings turned, factors in shorter lines on taller
#: rows, the same type size.
PHONE = Layout(column_step=40, heading_width=60, label_width=18, row_step=42, heading_angle=-90)
#: The columns of the figure's data table, with their headings.
TABLE_COLUMNS = {
    "id": "Finding",
    "theme": "Theme",
    "factor": "Factor",
    "effect": "Effect",
    "adopter_group": "Adopter group",
    "innovation": "Innovation",
    "statement": "Statement",
    "sources": "Source",
    "kind_of_work": "LIPSE or related research",
    "basis": "Evidence basis",
}


def _wrap(label: str, width: int) -> list[str]:
    return textwrap.wrap(label, width) or [label]


def _lines_expr(lines: dict[str, list[str]]) -> str:
    """Return a Vega expression that shows each axis label as the given lines."""
    return f"{json.dumps(lines)}[datum.label] || datum.label"


def _bottom_aligned(labels: list[str], width: int) -> tuple[dict[str, list[str]], int]:
    """Wrap column headings, padded with empty lines at the top so that all end together.

    Vega draws the lines of a label downwards from the first, so the headings are
    then raised by the returned padding (pixels) to sit just above the chart.
    """
    wrapped = {label: _wrap(label, width) for label in labels}
    most = max((len(lines) for lines in wrapped.values()), default=1)
    padded = {label: [""] * (most - len(lines)) + lines for label, lines in wrapped.items()}
    return padded, int((most - 1) * LINE_HEIGHT + 4)


def _centre_lines(labels: list[str], width: int) -> dict | float:
    """Return a label offset that centres each wrapped label on its row (Vega aligns line 1)."""
    by_count: dict[int, list[str]] = {}
    for label in labels:
        by_count.setdefault(len(_wrap(label, width)), []).append(label)
    conditions = [
        {
            "test": f"indexof({json.dumps(names)}, datum.label) >= 0",
            "value": -(count - 1) * LINE_HEIGHT / 2,
        }
        for count, names in sorted(by_count.items())
        if count > 1
    ]
    return {"condition": conditions, "value": 0} if conditions else 0


def _param_name(theme: str | None) -> str:
    """Return a parameter name of this map, so that two maps on one page keep their menus apart."""
    return "innovation_" + re.sub(r"\W+", "_", theme or "all_themes").strip("_")


def _verb(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _kinds(summary: fl.EvidenceSummary) -> str:
    """Say how many findings are LIPSE's and how many related research, never adding them up."""
    lipse = _verb(summary.lipse, "LIPSE finding", "LIPSE findings")
    if not summary.related:
        return lipse
    related = _verb(summary.related, "finding", "findings")
    return f"{lipse} and {related} from related research by LIPSE researchers"


def _title(summary: fl.EvidenceSummary, theme: str | None) -> str:
    where = f"in {theme}" if theme else "across all themes"
    title = f"{_kinds(summary)} {where}: {effect_phrase(summary.by_effect)}"
    unnamed = summary.unspecified_group
    if unnamed == summary.findings:
        title += "; none names an adopter group"
    elif unnamed:
        title += f"; {_verb(unnamed, 'does', 'do')} not name an adopter group"
    return title


def _description(points, summary: fl.EvidenceSummary, theme: str | None) -> str:
    groups = ", ".join(
        f"{group} ({count})" for group, count in points["adopter_group"].value_counts().items()
    )
    effects = ", ".join(f"{count} {effect}" for effect, count in summary.by_effect.items())
    scope = f"the chapter {theme}" if theme else "all chapters"
    related = (
        f"Findings from related research by LIPSE researchers, for which the book has seen no "
        f"LIPSE funding or data, are hollow marks ({summary.related}); LIPSE findings are filled "
        f"({summary.lipse}). "
        if summary.related
        else ""
    )
    menu = (
        "A menu below the chart shows only the findings about one innovation; "
        if len(summary.innovations) > 1
        else ""
    )
    return (
        f"Evidence map of the findings in {scope}: one mark per finding, with the factor "
        f"it names as the row ({summary.factors} factors) and the adopter group it concerns as "
        f"the column. Colour and shape show what the source says about the factor: {effects}. "
        f"{related}Findings per adopter group: {groups}. {menu}"
        f"{'the' if menu else 'The'} table below lists every finding with its evidence basis."
    )


def _map_chart(points, summary, theme, effects, groups, factors, layout: Layout) -> alt.Chart:
    """Return the map's Altair chart, laid out with ``layout``."""
    headings, heading_padding = _bottom_aligned(groups, layout.heading_width)
    if layout.heading_angle:
        headings, heading_padding = {g: [g] for g in groups}, 4
    base = alt.Chart(points, width=alt.Step(layout.column_step), height=alt.Step(layout.row_step))
    if len(summary.innovations) > 1:
        choice = alt.param(
            name=_param_name(theme),
            value=ALL,
            bind=alt.binding_select(
                options=[ALL, *summary.innovations],
                labels=["all innovations", *summary.innovations],
                name="Show the findings about ",
            ),
        )
        base = base.add_params(choice).transform_filter(
            f"{choice.name} == '{ALL}' || datum.innovation == {choice.name}"
        )
    # With an offset channel, Vega-Lite puts a mark at the start of its band: centre it.
    base = base.transform_calculate(x_offset=f"datum.offset + {layout.column_step / 2}")
    colours = alt.Scale(domain=effects, range=[EFFECT_COLOURS[e] for e in effects])
    chart = base.mark_point(filled=True, size=130, opacity=1, strokeWidth=1.5).encode(
        x=alt.X(
            "adopter_group:N",
            sort=groups,
            scale=alt.Scale(paddingInner=0, paddingOuter=0),
            title="Adopter group named by the source",
            axis=alt.Axis(
                orient="top",
                labelAngle=layout.heading_angle,
                labelExpr=_lines_expr(headings),
                labelPadding=heading_padding,
                labelLineHeight=LINE_HEIGHT,
                labelLimit=0 if layout.heading_angle else layout.column_step,
                domain=False,
                ticks=False,
                grid=True,
                gridColor=GRID_COLOUR,
            ),
        ),
        xOffset=alt.XOffset("x_offset:Q", scale=None),
        y=alt.Y(
            "factor:N",
            sort=factors,
            title=None,
            axis=alt.Axis(
                labelExpr=_lines_expr({f: _wrap(f, layout.label_width) for f in factors}),
                labelLimit=0,
                labelFontSize=LABEL_FONT_SIZE,
                labelLineHeight=LINE_HEIGHT,
                labelOffset=_centre_lines(factors, layout.label_width),
                domain=False,
                ticks=False,
                grid=True,
                gridColor=GRID_COLOUR,
            ),
        ),
        # Colour is the fill and the outline (a color channel as well would be dropped by
        # Vega-Lite); related research is hollow: white inside, the effect's colour outside.
        fill=alt.condition(
            f"datum.kind_of_work == '{fl.RELATED}'",
            alt.value("white"),
            alt.Fill("effect:N", title=EFFECT_TITLE, scale=colours),
        ),
        stroke=alt.Stroke("effect:N", title=EFFECT_TITLE, scale=colours),
        shape=alt.Shape(
            "effect:N",
            title=EFFECT_TITLE,
            scale=alt.Scale(domain=effects, range=[EFFECT_SHAPES[e] for e in effects]),
        ),
        tooltip=[
            alt.Tooltip("id:N", title="Finding"),
            alt.Tooltip("statement:N", title="Statement"),
            alt.Tooltip("sources:N", title="Source"),
            alt.Tooltip("effect:N", title=EFFECT_TITLE),
            alt.Tooltip("kind_of_work:N", title="LIPSE or related research"),
            alt.Tooltip("basis:N", title="Evidence basis"),
            alt.Tooltip("innovation:N", title="Innovation"),
            alt.Tooltip("adopter_group:N", title="Adopter group"),
        ],
    )
    return chart


def evidence_map(theme: str | None = None) -> Figure:
    """Map the findings by factor (rows) and adopter group (columns).

    With ``theme`` (a value of the ``theme`` column, e.g. ``"innovation outcomes"``),
    only that theme's findings. The chart grows with the number of factors shown,
    and a menu filters the findings by innovation in the reader's browser.
    """
    orders = schema_orders()
    findings = fl.for_theme(load_table(FINDINGS), theme)
    effects = fl.ordered(findings["effect"], orders.get("effect", ()))
    points = fl.evidence_points(findings, effects)
    summary = fl.summarise(findings, effects, orders.get("innovation", ()))
    groups = fl.adopter_group_order(points)
    factors = fl.factor_order(points, effects)
    slug = "evidence-map" if theme is None else "evidence-map-" + re.sub(r"\W+", "-", theme)
    return house_figure(
        _map_chart(points, summary, theme, effects, groups, factors, WIDE),
        narrow=_map_chart(points, summary, theme, effects, groups, factors, PHONE),
        title=_title(summary, theme),
        description=_description(points, summary, theme),
        resource=FINDINGS,
        data=points,
        slug=slug,
        columns=TABLE_COLUMNS,
    )
