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
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
THEME_NAME = "lipse"


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
