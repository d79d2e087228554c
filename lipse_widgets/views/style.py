"""The book's house style for charts, applied once as an Altair theme."""

from __future__ import annotations

import altair as alt

#: Okabe and Ito's palette, distinguishable with the common forms of colour blindness.
OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)
#: A single-hue blue ramp (dark to light) for ordered categories, then a neutral grey.
ORDERED_BLUES = ("#08306B", "#2171B5", "#6BAED6", "#C6DBEF")
NEUTRAL_GREY = "#8C8C8C"
#: One colour per effect of a factor, the same in every chart: drivers blue, barriers
#: vermillion, factors that can be both reddish purple, recommendations bluish green
#: (Okabe and Ito), and factors whose direction the source does not state grey.
EFFECT_COLOURS = {
    "driver": OKABE_ITO[0],
    "barrier": OKABE_ITO[5],
    "mixed": OKABE_ITO[3],
    "direction not stated": "#6E6E6E",
    "recommendation": OKABE_ITO[2],
}
#: A shape per effect as well, so that the effect never rests on colour alone.
EFFECT_SHAPES = {
    "driver": "triangle-up",
    "barrier": "triangle-down",
    "mixed": "diamond",
    "direction not stated": "circle",
    "recommendation": "square",
}
#: Fonts with the metrics of Liberation Sans, with which vl-convert lays the charts out at
#: build time (it carries that font): Arial and Helvetica have the same metrics, and an
#: Android phone's sans-serif (Roboto) is a little narrower. With the reader's system font
#: instead (DejaVu Sans on many Linux desktops is about 15 per cent wider), the labels of
#: a chart drawn at build time would run past the space left for them.
FONT = "Arial, Helvetica, 'Liberation Sans', sans-serif"
THEME_NAME = "lipse"
#: Width in pixels of a chart drawn for a phone: the text column of the book at a
#: 360 px wide screen (the narrowest the book is made for). Charts whose width follows
#: the column ("container", or the theme's default) are drawn a second time at this
#: width, so that their text keeps its size on a phone instead of being scaled down.
NARROW_WIDTH = 328
#: The plot never gets narrower than this on a phone, whatever its labels take.
NARROW_MIN_PLOT = 160


def wrap_labels(chars: int) -> str:
    """Return a Vega expression that breaks labels into lines of at most ``chars``.

    Use it as ``labelExpr``: long labels then fit a phone's width, where the chart is
    drawn at :data:`NARROW_WIDTH` pixels, instead of running past the chart's edge.
    """
    return f"split(replace(datum.label, regexp('(.{{1,{int(chars)}}})\\\\s+', 'g'), '$1|'), '|')"


@alt.theme.register(THEME_NAME, enable=True)
def lipse_theme() -> alt.theme.ThemeConfig:
    """Return the house theme: readable type, tooltips on, colour-blind-safe colours."""
    return {
        "config": {
            "font": FONT,
            "view": {"stroke": None, "continuousWidth": 560, "continuousHeight": 300},
            "title": {
                "anchor": "start",
                "fontSize": 15,
                "subtitleFontSize": 12,
                "subtitleColor": "#444444",
                "offset": 12,
            },
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "labelColor": "#222222",
                "titleColor": "#222222",
                "gridColor": "#E5E5E5",
            },
            "legend": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "orient": "bottom",
                "direction": "vertical",
                "labelLimit": 0,
                "titleLimit": 0,
            },
            "range": {"category": list(OKABE_ITO)},
            "mark": {"tooltip": True},
        }
    }
