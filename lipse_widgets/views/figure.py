"""One place that turns an Altair chart into a figure of the book.

:func:`house_figure` applies every house convention once: a title that states
the point, a source line naming dataset and publisher (read from
``datapackage.json``), a description for screen readers, tooltips and
colour-blind-safe colours (from the theme), and the chart's data as a table with
a CSV download.

:meth:`Figure.to_html` draws the chart into the page itself: at build time,
vl-convert renders it to an inline SVG, so the chart shows at first paint, with
JavaScript off, in print and in a PDF, and its title, source line and
description are HTML text around it. Where the chart's width can follow the
screen, a second, narrower SVG is drawn for phones and CSS picks one. A chart
with inputs (a slider, a menu) gets real HTML inputs, disabled until a script
runs. On the book's site, ``lipse-charts.js`` (:mod:`lipse_widgets.sphinxext.book`)
lets the interactive chart take over from the SVG in the same box when the
reader comes near it, touches it or uses an input; in Jupyter, the figure's own
notebook script does the same with Vega bundled by vl-convert, sent once per kernel
with the first figure it displays (:func:`vega_runtime_once`): no CDN, no other host.
A kernel without vl-convert (Binder's environment, :mod:`lipse_widgets.views.vega`)
draws no SVG: the figure's box says so (:data:`PENDING`) until Vega draws the chart.

Everything that comes from data is escaped in the HTML, and the JSON in the
page is made inert for the HTML parser.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import textwrap
import urllib.parse
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar

import altair as alt
import pandas as pd
from IPython import get_ipython

from lipse_widgets import STATIC_SITE
from lipse_widgets.data import read_descriptor
from lipse_widgets.data.load import get_resource
from lipse_widgets.views import style
from lipse_widgets.views.vega import VegaUnavailable, can_draw_svg, vega_bundle, vegalite_to_svg

#: What vega-embed offers under the chart's "…" menu once it is interactive: export only.
EMBED_OPTIONS = {
    "renderer": "svg",
    "actions": {"export": True, "source": False, "compiled": False, "editor": False},
}
#: Where a chart's inputs go: after the chart (the default), before it, or beside it
#: on a wide screen with the chart kept in view while the reader moves them ("aside").
INPUT_PLACES = ("after", "before", "aside")
#: Said under a chart's inputs when JavaScript is off.
NOSCRIPT_INPUTS = (
    "The chart shows the starting values. "
    "Turn on JavaScript in your browser to change them and see the chart follow."
)
#: Attribute that marks the script a figure carries for Jupyter; the book's site drops it.
NOTEBOOK_SCRIPT_ATTRIBUTE = "data-lipse-notebook-only"
#: What a figure's box says, in a kernel that cannot draw charts to SVG, until Vega draws.
PENDING = (
    "The chart is drawn here once Vega has loaded in this notebook (it comes with the "
    "book, from no other website). The data behind it are in the table below."
)


class _ScriptSafeJSON(json.JSONEncoder):
    """JSON that can sit inside an HTML ``<script>``: ``<``, ``>`` and ``&`` are escaped.

    A data value containing ``</script>`` would otherwise end the script early. These
    escapes keep the JSON identical for JavaScript while making it inert for the HTML
    parser.
    """

    def encode(self, o: object) -> str:
        text = super().encode(o)
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _script_json(value: object) -> str:
    return json.dumps(value, cls=_ScriptSafeJSON, separators=(",", ":"), sort_keys=True)


#: JSON that can sit inside an HTML ``<script>`` (for views that put data in a page).
script_json = _script_json


def source_line(resource: str) -> str:
    """Return "Source: …" for a data package resource, from its ``sources``."""
    descriptor = get_resource(resource, read_descriptor())
    titles = "; ".join(s["title"] for s in descriptor.get("sources", []))
    return f"Source: {titles}."


@dataclass(frozen=True)
class BoundInput:
    """A chart parameter bound to an input (a slider, a menu, a checkbox, radio buttons)."""

    name: str
    value: object
    bind: dict

    @property
    def kind(self) -> str:
        """The input's type, as Vega-Lite names it ("range", "select", …)."""
        return str(self.bind.get("input", "text"))

    @property
    def label(self) -> str:
        """The text that labels the input (Vega-Lite's ``name``, else the parameter's)."""
        return str(self.bind.get("name") or self.name)

    def to_html(self, dom_id: str) -> str:
        """Return the input as HTML, disabled until the site's chart script enables it."""
        name = html.escape(self.name)
        label = f'<span class="vega-bind-name">{html.escape(self.label)}</span>'
        common = f'name="{name}" data-lipse-signal="{name}" disabled'
        if self.kind == "range":
            lo, hi = self.bind.get("min", 0), self.bind.get("max", 100)
            step = self.bind.get("step", "any")
            value = self.value if self.value is not None else (lo + hi) / 2
            control = (
                f'<input type="range" id="{dom_id}" {common} min="{lo}" max="{hi}" '
                f'step="{step}" value="{html.escape(_text(value))}">'
                f'<span class="vega-bind-value" aria-hidden="true">{html.escape(_text(value))}'
                "</span>"
            )
        elif self.kind in ("select", "radio"):
            options = list(self.bind.get("options", []))
            labels = list(self.bind.get("labels", [])) + [None] * len(options)
            values = html.escape(_script_json(options), quote=True)
            pairs = list(zip(options, labels, strict=False))
            if self.kind == "select":
                items = "".join(
                    f'<option value="{html.escape(_text(o))}"'
                    f"{' selected' if o == self.value else ''}>"
                    f"{html.escape(_text(shown if shown is not None else o))}</option>"
                    for o, shown in pairs
                )
                control = (
                    f'<select id="{dom_id}" {common} data-lipse-options="{values}">{items}</select>'
                )
            else:
                items = "".join(
                    f'<label><input type="radio" {common} value="{html.escape(_text(o))}"'
                    f"{' checked' if o == self.value else ''}>"
                    f"{html.escape(_text(shown if shown is not None else o))}</label>"
                    for o, shown in pairs
                )
                return (
                    f'<div class="vega-bind" role="radiogroup" aria-label="'
                    f'{html.escape(self.label)}" data-lipse-options="{values}">'
                    f'{label}<span class="vega-bind-radio">{items}</span></div>'
                )
        elif self.kind == "checkbox":
            checked = " checked" if self.value else ""
            control = f'<input type="checkbox" id="{dom_id}" {common}{checked}>'
        else:
            control = (
                f'<input type="{html.escape(self.kind)}" id="{dom_id}" {common} '
                f'value="{html.escape(_text(self.value))}">'
            )
        return f'<div class="vega-bind"><label>{label}{control}</label></div>'


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def bound_inputs(spec: dict) -> list[BoundInput]:
    """Every parameter of a Vega-Lite spec that is bound to an input, in order."""
    found: list[BoundInput] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for param in node.get("params", []) or []:
                bind = param.get("bind") if isinstance(param, dict) else None
                if isinstance(bind, dict) and "input" in bind:
                    found.append(BoundInput(param["name"], param.get("value"), bind))
            for key, child in node.items():
                if key not in ("params", "datasets", "data"):
                    walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(spec)
    return found


def _without_input_bindings(node: object) -> object:
    """Return a copy of a spec whose parameters keep their values but lose their ``bind``."""
    if isinstance(node, dict):
        out = {}
        for key, child in node.items():
            if key == "params" and isinstance(child, list):
                out[key] = [
                    {k: v for k, v in p.items() if k != "bind"}
                    if isinstance(p, dict)
                    and isinstance(p.get("bind"), dict)
                    and "input" in p["bind"]
                    else p
                    for p in child
                ]
            elif key in ("datasets", "data"):
                out[key] = child
            else:
                out[key] = _without_input_bindings(child)
        return out
    if isinstance(node, list):
        return [_without_input_bindings(child) for child in node]
    return node


_SVG_SIZE = re.compile(r'<svg\b[^>]*?\swidth="([\d.]+)"\s+height="([\d.]+)"')
#: Roles and names that Vega puts on the groups inside its SVG: the figure's own text
#: labels the whole picture (role="img"), so these are dropped.
_SVG_INNER_ARIA = re.compile(r'\s(?:role|aria-roledescription|aria-label)="[^"]*"')
_SVG_IDS = re.compile(r'\bid="([^"]+)"')


@dataclass(frozen=True)
class StaticChart:
    """A chart drawn to SVG at build time."""

    svg: str
    width: float
    height: float


def render_svg(spec: dict, *, prefix: str) -> StaticChart:
    """Draw a Vega-Lite spec to SVG with vl-convert (no browser), ready to inline in HTML.

    ``prefix`` keeps the SVG's element ids (clip paths, gradients) unique on a page
    that holds several charts.
    """
    svg = vegalite_to_svg(spec)
    match = _SVG_SIZE.search(svg)
    if not match:
        raise ValueError("vl-convert returned an SVG without a width and height")
    width, height = float(match.group(1)), float(match.group(2))
    head_end = svg.index(">") + 1
    head, body = svg[:head_end], svg[head_end:]
    body = _SVG_INNER_ARIA.sub("", body)
    for old in set(_SVG_IDS.findall(body)):
        new = f"{prefix}-{old}"
        body = (
            body.replace(f'id="{old}"', f'id="{new}"')
            .replace(f"url(#{old})", f"url(#{new})")
            .replace(f'href="#{old}"', f'href="#{new}"')
        )
    # The SVG's own header (namespaces, version, class) is XML that HTML does not need.
    head = re.sub(r'\s(?:xmlns(?::xlink)?|version|class)="[^"]*"', "", head)
    return StaticChart(head + body, width, height)


@dataclass(frozen=True, eq=False)
class Figure:
    """A chart of the book with its source, description and data.

    Displaying a ``Figure`` (in Jupyter, or through ``glue`` in the book) shows
    the chart, its title and source line, and a table of its data with a CSV download.
    """

    chart: alt.TopLevelMixin
    data: pd.DataFrame
    source: str
    description: str
    slug: str
    columns: dict[str, str] = field(default_factory=dict)
    #: Where the chart's inputs go: one of :data:`INPUT_PLACES`.
    inputs: str = "after"
    #: vega-embed options for the interactive chart (the house ones plus the caller's).
    embed_options: dict = field(default_factory=lambda: dict(EMBED_OPTIONS))
    #: The same chart laid out for a phone by its view, if the view gives one.
    narrow_chart: alt.TopLevelMixin | None = None

    def to_dict(self) -> dict:
        """Return the Vega-Lite specification (what tests assert on)."""
        return self.chart.to_dict()

    @cached_property
    def _spec(self) -> dict:
        return self.to_dict()

    @property
    def title(self) -> str:
        """The chart's title text."""
        text = self._spec["title"]["text"]
        return " ".join(text) if isinstance(text, list) else str(text)

    @property
    def uid(self) -> str:
        """An id for the chart, unique on a page: its slug and a digest of its spec."""
        digest = hashlib.sha1(json.dumps(self._spec, sort_keys=True).encode()).hexdigest()[:10]
        return f"lipse-{re.sub(r'[^a-z0-9-]+', '-', self.slug.lower())}-{digest}"

    def table(self) -> pd.DataFrame:
        """Return the chart's data with readable column names, as shown to readers."""
        frame = self.data[list(self.columns)] if self.columns else self.data
        return frame.rename(columns=self.columns)

    def inputs_bound(self) -> list[BoundInput]:
        """Return the chart's inputs (sliders, menus), which the figure draws as HTML."""
        return bound_inputs(self._spec)

    @cached_property
    def page_spec(self) -> dict:
        """The spec drawn in the page: no title or usermeta (the HTML says them), no bindings.

        The figure's HTML carries the title and the source line as text, and draws the
        inputs itself, so that they exist before any script runs.
        """
        spec = {k: v for k, v in self._spec.items() if k not in ("title", "usermeta")}
        return _without_input_bindings(spec)

    @cached_property
    def narrow_page_spec(self) -> dict:
        """The spec drawn on a phone: the view's narrow chart, else the theme's width cut."""
        if self.narrow_chart is not None:
            spec = self.narrow_chart.to_dict()
            spec = {k: v for k, v in spec.items() if k not in ("title", "usermeta")}
            return _without_input_bindings(spec)
        return _narrow_spec(self.page_spec, self.static.width)

    @cached_property
    def static(self) -> StaticChart:
        """The chart as drawn for a wide column."""
        return render_svg(self.page_spec, prefix=f"{self.uid}-w")

    @cached_property
    def static_narrow(self) -> StaticChart | None:
        """The chart drawn for a phone, or None if it cannot be narrower.

        A view may give the chart laid out for a phone (``house_figure(narrow=...)``).
        Otherwise, a chart whose width is "container", or left to the theme, is drawn
        again at :data:`~lipse_widgets.views.style.NARROW_WIDTH` pixels wide; charts
        that set their own widths (steps per category, a fixed width) are drawn once
        and scaled. A narrow drawing wider than that width is not used.
        """
        wide = self.static
        if wide.width <= style.NARROW_WIDTH:
            return None
        narrow = render_svg(self.narrow_page_spec, prefix=f"{self.uid}-n")
        if narrow.width > style.NARROW_WIDTH + 1 or narrow.width >= wide.width - 1:
            return None
        return narrow

    def chart_html(self) -> str:
        """Return the chart: its inline SVG(s), description and the spec for interactivity.

        Where charts cannot be drawn to SVG (a kernel without vl-convert, as on Binder:
        :mod:`lipse_widgets.views.vega`), the box holds :data:`PENDING` until Vega draws
        the chart in it (the figure's notebook script).
        """
        uid = self.uid
        if can_draw_svg():
            wide, narrow = self.static, self.static_narrow
            svgs = _svg_tag(wide, "lipse-chart-wide", uid)
            if narrow is not None:
                svgs += _svg_tag(narrow, "lipse-chart-narrow", uid)
            sizes = f"--lipse-width:{wide.width:g}px"
            if narrow is not None:
                sizes += f";--lipse-narrow-width:{narrow.width:g}px"
        else:
            wide, narrow = None, None
            svgs = f'<p class="lipse-chart-pending">{html.escape(PENDING)}</p>'
            sizes = ""
        options = {**self.embed_options, "downloadFileName": self.slug}
        options.pop("bind", None)  # the figure draws and binds the inputs itself
        narrow_width = (
            f' data-lipse-narrow-width="{style.NARROW_WIDTH}"' if narrow is not None else ""
        )
        # A view's own narrow chart is a spec of its own; the theme's cut is made in place.
        narrow_spec = (
            '<script type="application/json" class="lipse-chart-spec-narrow">'
            f"{_script_json(self.narrow_page_spec)}</script>"
            if narrow is not None and self.narrow_chart is not None
            else ""
        )
        # The box takes the size of the SVG shown (CSS picks the narrow one on a phone),
        # so that the interactive chart, drawn over it, covers exactly the same place.
        style_attribute = f' style="{sizes}"' if sizes else ""
        return (
            f'<div class="lipse-chart" id="{uid}" data-lipse-chart="{uid}"{narrow_width}>'
            f'<div class="lipse-chart-box{" lipse-chart-has-narrow" if narrow else ""}"'
            f"{style_attribute}>{svgs}</div>"
            f'<p class="lipse-chart-description" id="{uid}-description">'
            f"{html.escape(self.description)}</p>"
            f'<script type="application/json" class="lipse-chart-spec">'
            f"{_script_json(self.page_spec)}</script>"
            f"{narrow_spec}"
            f'<script type="application/json" class="lipse-chart-options">'
            f"{_script_json(options)}</script>"
            "</div>"
        )

    def inputs_html(self) -> str:
        """Return the chart's inputs as HTML (empty if it has none)."""
        bound = self.inputs_bound()
        if not bound:
            return ""
        controls = "".join(b.to_html(f"{self.uid}-input-{i}") for i, b in enumerate(bound))
        return (
            f'<div class="lipse-chart-inputs">{controls}'
            f'<noscript><p class="lipse-noscript">{html.escape(NOSCRIPT_INPUTS)}</p></noscript>'
            "</div>"
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
            "<summary>Show the data behind this chart</summary>"
            f'<p class="lipse-data-download"><a download="{html.escape(self.slug)}.csv" '
            f'href="{href}">Download this chart\'s data (CSV)</a></p>'
            '<div class="lipse-table-wrap" tabindex="0" role="region" '
            f'aria-label="{html.escape(self.title)}: data">'
            '<table class="lipse-table">'
            f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
            "</details>"
        )

    def to_html(self, *, notebook: bool = True) -> str:
        """Return the complete figure: title, source, chart, inputs and data.

        With ``notebook`` (the default, as Jupyter displays it), a small script follows
        that makes the chart interactive in Jupyter; the book's site removes it and
        loads its own.
        """
        place = self.inputs
        inputs = self.inputs_html()
        chart = self.chart_html()
        if inputs and place == "before":
            body = inputs + chart
        elif inputs and place == "aside":
            body = f'<div class="lipse-figure-aside">{inputs}{chart}</div>'
        else:
            body = chart + inputs
        classes = "lipse-figure" + (" lipse-figure--aside" if inputs and place == "aside" else "")
        script = _notebook_script(self.uid) if notebook else ""
        return (
            f'<div class="{classes}" data-lipse-figure="{html.escape(self.slug)}">'
            f'<p class="lipse-figure-title">{html.escape(self.title)}</p>'
            f'<p class="lipse-source">{html.escape(self.source)}</p>'
            f"{body}{self.table_html()}{script}</div>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        page = self.to_html()
        if not os.environ.get(STATIC_SITE):  # a kernel of a reader, not the site's build
            page = vega_runtime_once() + page
        return {"text/html": page, "text/plain": f"Figure: {self.title}"}


def _narrow_spec(spec: dict, wide_width: float) -> dict:
    """Return the spec with the theme's default view width cut to fit a phone.

    The chart's labels and legend take ``wide_width - continuousWidth`` pixels beside
    the plot; the plot gets what is left of :data:`style.NARROW_WIDTH`.
    """
    config = dict(spec.get("config", {}))
    view = dict(config.get("view", {}))
    current = float(view.get("continuousWidth", 300))
    beside = max(0.0, wide_width - current)
    view["continuousWidth"] = max(style.NARROW_MIN_PLOT, style.NARROW_WIDTH - beside)
    config["view"] = view
    return {**spec, "config": config}


def _svg_tag(chart: StaticChart, css_class: str, uid: str) -> str:
    """Return the inline SVG, labelled by the figure's description and sized by CSS."""
    svg = chart.svg
    open_end = svg.index(">")
    attributes = f' class="{css_class}" role="img" aria-labelledby="{uid}-description"'
    return svg[:open_end] + attributes + svg[open_end:]


class _Runtime:
    """The notebook pages this kernel has sent the Vega bundle to (by client session)."""

    sent: ClassVar[set[str]] = set()


def _notebook_page() -> str:
    """Return the id of the notebook page that runs the current cell, or "" outside a kernel.

    Each browser page that connects to a kernel (JupyterLab, the classic notebook, VS Code)
    signs its requests with its own client session id; a page reloaded, or a second
    browser, has a new one, and needs the bundle again.
    """
    kernel = getattr(get_ipython(), "kernel", None)
    if kernel is None:
        return ""
    parent = kernel.get_parent() or {}
    return str(parent.get("header", {}).get("session", ""))


def vega_runtime_once() -> str:
    """Return a script with the Vega bundle the first time for this notebook page, then "".

    The first figure that a kernel displays in a notebook page carries the bundle (about
    0.9 MB) in its output; it defines ``window.vegaEmbed`` for the page (JupyterLab, the
    classic notebook, VS Code), and every figure's own small script
    (:func:`_notebook_script`) waits for it. So a notebook holds the bundle once, and
    nothing is loaded from another host. A page reloaded while the kernel runs has lost
    it, and gets it again with its next figure (:func:`_notebook_page`). Like the
    figure's script, it is dropped from the book's site.
    """
    page = _notebook_page()
    if page in _Runtime.sent:
        return ""
    try:
        bundle = vega_bundle()
    except VegaUnavailable as error:  # the figure shows its title, text and data
        return f'<p class="lipse-chart-pending"><strong>{html.escape(str(error))}</strong></p>'
    _Runtime.sent.add(page)
    # "</script" cannot occur in the bundle's code outside a string; escaped in strings.
    code = bundle.replace("</script", "<\\/script")
    return f"<script {NOTEBOOK_SCRIPT_ATTRIBUTE}>{code}</script>"


def _notebook_script(uid: str) -> str:
    """Return a script for Jupyter: once Vega is there, let the chart take over.

    Vega comes from the bundle that the kernel's first figure carried
    (:func:`vega_runtime_once`); the script waits for it up to 30 s, then leaves the
    static chart in place. It does nothing on the book's site (whose extension removes
    it anyway).
    """
    code = textwrap.dedent(
        """
        (function () {
          // This figure's chart: the one around this script (a notebook shown in two
          // views holds the same id twice), else the one with its id.
          var here = document.currentScript && document.currentScript.closest(".lipse-figure");
          var chart = here ? here.querySelector(".lipse-chart") : document.getElementById(%(uid)s);
          if (!chart || window.lipseCharts) return;
          var figure = chart.closest(".lipse-figure");
          function vega() {
            return new Promise(function (resolve, reject) {
              var tries = 0;
              (function wait() {
                if (window.vegaEmbed) return resolve();
                if (++tries > 300) return reject(new Error("Vega was not loaded"));
                setTimeout(wait, 100);
              })();
            });
          }
          // An input's value for Vega, as the site's lipse-charts.js reads it: a menu's or
          // radio button's option by its place in the list (a number stays a number).
          function value(input) {
            if (input.type === "checkbox") return input.checked;
            var holder = input.closest("[data-lipse-options]");
            if (holder) {
              var options = JSON.parse(holder.dataset.lipseOptions);
              if (input.tagName === "SELECT") return options[input.selectedIndex];
              var radios = holder.querySelectorAll("input[type=radio]");
              return options[Array.prototype.indexOf.call(radios, input)];
            }
            return input.type === "range" ? +input.value : input.value;
          }
          vega().then(function () {
            var spec = JSON.parse(chart.querySelector(".lipse-chart-spec").textContent);
            var options = JSON.parse(chart.querySelector(".lipse-chart-options").textContent);
            var box = chart.querySelector(".lipse-chart-box");
            var drawn = Array.prototype.slice.call(box.childNodes);
            var live = document.createElement("div");
            // Jupyter has none of the site's styles: as Altair's own HTML does, the chart's
            // element takes the width (a chart as wide as its container measures it), up to
            // the static chart's; and it is in the page before Vega draws.
            live.style.cssText = "display:flex;width:100%%;max-width:var(--lipse-width)";
            box.replaceChildren(live);
            return window.vegaEmbed(live, spec, options).catch(function (error) {
              box.replaceChildren.apply(box, drawn);  // the static chart again
              throw error;
            }).then(function (result) {
              figure.querySelectorAll("[data-lipse-signal]").forEach(function (input) {
                input.disabled = false;
                input.addEventListener("input", function () {
                  var shown = input.parentNode.querySelector(".vega-bind-value");
                  if (shown) shown.textContent = input.value;
                  result.view.signal(input.dataset.lipseSignal, value(input)).runAsync();
                });
              });
            });
          }).catch(function () { /* no Vega: the static chart stays */ });
        })();
        """
    ) % {"uid": json.dumps(uid)}
    return f"<script {NOTEBOOK_SCRIPT_ATTRIBUTE}>{code}</script>"


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
    inputs: str | None = None,
    narrow: alt.TopLevelMixin | None = None,
) -> Figure:
    """Apply the house conventions to ``chart`` and return a :class:`Figure`.

    ``title`` states the chart's point; ``description`` is read by screen
    readers (the Vega-Lite ``description``); ``data`` is the table behind the
    chart, shown and offered for download with ``columns`` mapping its column
    names to readable headers. The source line comes from the data package
    ``resource`` the data belongs to (its ``sources``), or, for data that is not
    a resource (a model file, a trainer's own answers), from ``source``: give
    exactly one. ``embed_options`` adds to the house vega-embed options.

    ``inputs`` places the chart's bound inputs (``alt.param(bind=...)``): "after"
    the chart (the default), "before" it, or "aside", beside the chart on a wide
    screen, with the chart kept in view while the reader moves them (a calculator).
    The figure draws the inputs itself, so a ``bind`` element in ``embed_options``
    is not used; given one, the inputs go "before" the chart unless ``inputs`` says
    otherwise.

    ``narrow`` is the same chart laid out for a phone (at most
    :data:`~lipse_widgets.views.style.NARROW_WIDTH` pixels wide, with the same
    parameters), for a chart whose width the theme cannot cut (steps per category).

    The title and the source line are part of the Vega-Lite spec (``to_dict()``), as
    an Altair chart carries them, wrapped at ``title_width`` and ``source_width``
    characters; the page shows them as text above the chart instead.
    """
    if (resource is None) == (source is None):
        raise ValueError("give exactly one of resource= and source=")
    extra = dict(embed_options or {})
    place = inputs or ("before" if "bind" in extra else "after")
    if place not in INPUT_PLACES:
        raise ValueError(f"inputs must be one of {', '.join(INPUT_PLACES)}, not {place!r}")
    source = source_line(resource) if resource is not None else source
    options = {**EMBED_OPTIONS, **extra}
    titled = chart.properties(
        title=alt.Title(
            text=textwrap.wrap(title, width=title_width),
            subtitle=textwrap.wrap(source, width=source_width),
        ),
        description=description,
        usermeta={"embedOptions": options},
    )
    narrow_chart = narrow.properties(description=description) if narrow is not None else None
    return Figure(
        titled, data, source, description, slug, dict(columns or {}), place, options, narrow_chart
    )
