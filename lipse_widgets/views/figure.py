"""One place that turns an Altair chart into a figure of the book.

:func:`house_figure` applies every house convention once: a title that states
the point, a source line naming dataset and publisher (read from
``datapackage.json``), a description for screen readers, tooltips and
colour-blind-safe colours (from the theme), and the chart's data as a table with
a CSV download. The HTML it renders escapes everything that comes from data.
"""

from __future__ import annotations

import hashlib
import html
import json
import textwrap
import urllib.parse
from dataclasses import dataclass, field

import altair as alt
import pandas as pd
from altair.utils.html import spec_to_html

from lipse_widgets.data import read_descriptor
from lipse_widgets.data.load import get_resource
from lipse_widgets.views import style  # noqa: F401  (registers and enables the theme)

#: What vega-embed offers under the chart's "…" menu: export only (no editor link).
EMBED_OPTIONS = {
    "renderer": "svg",
    "actions": {"export": True, "source": False, "compiled": False, "editor": False},
}


class _ScriptSafeJSON(json.JSONEncoder):
    """JSON that can sit inside an HTML ``<script>``: ``<``, ``>`` and ``&`` are escaped.

    Altair writes the spec into the page as-is, so a data value containing
    ``</script>`` would end the script early. These escapes keep the JSON
    identical for JavaScript while making it inert for the HTML parser.
    """

    def encode(self, o: object) -> str:
        text = super().encode(o)
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def source_line(resource: str) -> str:
    """Return "Source: …" for a data package resource, from its ``sources``."""
    descriptor = get_resource(resource, read_descriptor())
    titles = "; ".join(s["title"] for s in descriptor.get("sources", []))
    return f"Source: {titles}."


@dataclass(frozen=True, eq=False)
class Figure:
    """A chart of the book with its source, description and data.

    Displaying a ``Figure`` (in Jupyter, or through ``glue`` in the book) shows
    the chart, its source line, and a table of its data with a CSV download.
    """

    chart: alt.TopLevelMixin
    data: pd.DataFrame
    source: str
    description: str
    slug: str
    columns: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict:
        """Return the Vega-Lite specification (what tests assert on)."""
        return self.chart.to_dict()

    @property
    def title(self) -> str:
        """The chart's title text."""
        text = self.to_dict()["title"]["text"]
        return " ".join(text) if isinstance(text, list) else str(text)

    def table(self) -> pd.DataFrame:
        """Return the chart's data with readable column names, as shown to readers."""
        frame = self.data[list(self.columns)] if self.columns else self.data
        return frame.rename(columns=self.columns)

    def chart_html(self) -> str:
        """Return the chart as an HTML snippet (a div plus the vega-embed script)."""
        spec = self.to_dict()
        digest = hashlib.sha1(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:10]
        return spec_to_html(
            spec,
            mode="vega-lite",
            vega_version=alt.VEGA_VERSION,
            vegalite_version=alt.VEGALITE_VERSION,
            vegaembed_version=alt.VEGAEMBED_VERSION,
            output_div=f"lipse-{self.slug}-{digest}",
            embed_options=dict(EMBED_OPTIONS),
            json_kwds={"cls": _ScriptSafeJSON},
            fullhtml=False,
            requirejs=False,
            template="universal",
        )

    def table_html(self) -> str:
        """Return the chart's data, source and CSV download inside a ``<details>``."""
        frame = self.table()
        head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in frame.columns)
        rows = "".join(
            "<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in record) + "</tr>"
            for record in frame.itertuples(index=False)
        )
        csv_text = frame.to_csv(index=False)
        href = "data:text/csv;charset=utf-8," + urllib.parse.quote(csv_text)
        return (
            '<details class="lipse-data">'
            f"<summary>Show the data behind this chart</summary>"
            f'<p class="lipse-source">{html.escape(self.source)} '
            f'<a download="{html.escape(self.slug)}.csv" href="{href}">'
            "Download this chart's data (CSV)</a></p>"
            '<div class="lipse-table-wrap"><table class="lipse-table">'
            f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
            "</details>"
        )

    def to_html(self) -> str:
        """Return the complete figure: the chart (titled, with its source line) and its data."""
        return (
            f'<div class="lipse-figure" data-lipse-figure="{html.escape(self.slug)}">'
            f"{self.chart_html()}{self.table_html()}</div>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/html": self.to_html(), "text/plain": f"Figure: {self.title}"}


def _cell(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def house_figure(
    chart: alt.TopLevelMixin,
    *,
    title: str,
    description: str,
    data: pd.DataFrame,
    slug: str,
    resource: str | None = None,
    source: str | None = None,
    columns: dict[str, str] | None = None,
    embed_options: dict | None = None,
    title_width: int = 70,
    source_width: int = 90,
) -> Figure:
    """Apply the house conventions to ``chart`` and return a :class:`Figure`.

    ``title`` states the chart's point; ``description`` is read by screen
    readers (the Vega-Lite ``description``); ``data`` is the table behind the
    chart, shown and offered for download with ``columns`` mapping its column
    names to readable headers. The source line comes from the data package
    ``resource`` the data belongs to (its ``sources``), or, for data that is not
    a resource (a model file, a trainer's own answers), from ``source``: give
    exactly one. ``embed_options`` adds to the house vega-embed options. The title and
    the source line wrap at ``title_width`` and ``source_width`` characters.
    """
    if (resource is None) == (source is None):
        raise ValueError("give exactly one of resource= and source=")
    source = source_line(resource) if resource is not None else source
    titled = chart.properties(
        title=alt.Title(
            text=textwrap.wrap(title, width=title_width),
            subtitle=textwrap.wrap(source, width=source_width),
        ),
        description=description,
        usermeta={"embedOptions": {**EMBED_OPTIONS, **(embed_options or {})}},
    )
    return Figure(titled, data, source, description, slug, dict(columns or {}))
