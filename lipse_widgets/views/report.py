"""The group report: one self-contained HTML page, from Python or from the workshop board.

:func:`report_html` writes the report of a group's answers to a readiness model
(what ``python -m lipse_widgets report`` saves): the number of participants, mean,
median, lowest and highest score, the three group charts
(:func:`lipse_widgets.views.workshop.group_figures`, drawn to inline SVG), the most
common weak factors with their actions and the findings they rest on, and the
caution every score carries. Everything is in the file: styles inline, no script,
no request to any host; every text from data is escaped.

The workshop board (:mod:`lipse_widgets.views.board`) shows the same report in the
browser: :func:`report_body` without a group is the same HTML with empty places
(``data-stat``, ``data-chart``, ``data-weak-factor``) that the board's script fills
in, and :func:`report_document` with :data:`BODY_MARK` is the page the board saves.
"""

from __future__ import annotations

import html
import math

import pandas as pd

from lipse_widgets.data.models import Factor, Model, findings_by_id
from lipse_widgets.logic import readiness, workshop
from lipse_widgets.paths import data_dir
from lipse_widgets.views.figure import Figure
from lipse_widgets.views.workshop import factor_label, group_figures

#: Where the report's body goes in :func:`report_document` (for the board's script).
BODY_MARK = "<!--lipse-report-body-->"
#: The group figures the report shows, in order: (key, label).
STATS = (
    ("respondents", "Participants"),
    ("mean", "Mean score"),
    ("median", "Median score"),
    ("minimum", "Lowest score"),
    ("maximum", "Highest score"),
)
#: The report's styles: on screen (a phone included), and printed on A4 in one or two pages.
REPORT_CSS = """
.lipse-report{font-family:Arial,Helvetica,'Liberation Sans',sans-serif;color:#1a1a1a;
  line-height:1.45;max-width:60rem;margin:0 auto;padding:0 0.5rem}
.lipse-report h1{font-size:1.6rem;margin:0.5rem 0 0.25rem}
.lipse-report h2{font-size:1.2rem;margin:1.25rem 0 0.4rem;break-after:avoid}
.lipse-report-meta{color:#444;margin:0 0 0.5rem}
.lipse-report-caution{border-left:5px solid #E69F00;background:#FFF6E0;padding:0.5rem 0.75rem;
  margin:0.5rem 0 1rem}
.lipse-report-stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(8.5rem,1fr));
  gap:0.5rem;margin:0 0 1rem;padding:0}
.lipse-report-stats div{border:1px solid #BDBDBD;border-radius:6px;padding:0.4rem 0.6rem}
.lipse-report-stats dt{font-size:0.9rem;color:#444}
.lipse-report-stats dd{margin:0;font-size:1.6rem;font-weight:bold}
.lipse-report-charts{display:grid;grid-template-columns:1fr;gap:0.75rem 1.25rem}
.lipse-report-figure{margin:0;break-inside:avoid}
.lipse-report-figure .lipse-figure-title{font-weight:bold;margin:0}
.lipse-report-figure .lipse-source{font-size:0.85rem;color:#444;margin:0 0 0.25rem}
.lipse-report .lipse-report-chart,.lipse-report .lipse-report-drawing{display:block;width:100%}
.lipse-report-figure svg{max-width:100%;height:auto;display:block}
.lipse-report-figure .lipse-chart-narrow{display:none}
.lipse-report-figure .lipse-chart-description{font-size:0.85rem;color:#444;margin:0.25rem 0 0}
.lipse-report-weak{padding-left:1.5rem}
.lipse-report-weak li{margin:0 0 0.75rem;break-inside:avoid}
.lipse-report-weak .lipse-report-basis{font-size:0.9rem;color:#333}
.lipse-report-weak ul{padding-left:1.1rem;margin:0.2rem 0 0}
.lipse-report-none{font-style:italic}
@media (max-width:640px){
  .lipse-report-figure .lipse-chart-wide{display:none}
  .lipse-report-figure .lipse-chart-narrow{display:block}
}
@media print{
  @page{size:A4;margin:12mm}
  .lipse-report{max-width:none;padding:0;font-size:10pt}
  .lipse-report h1{font-size:16pt}
  .lipse-report h2{font-size:12pt;margin-top:0.6rem}
  .lipse-report-stats{grid-template-columns:repeat(5,1fr)}
  .lipse-report-stats dd{font-size:14pt}
  .lipse-report-charts{grid-template-columns:1fr 1fr}
  .lipse-report-figure .lipse-chart-wide{display:none}
  .lipse-report-figure .lipse-chart-narrow{display:block}
  .lipse-report-figure--answers{grid-column:1 / -1}
  .lipse-report-figure--answers .lipse-chart-narrow{display:none}
  .lipse-report-figure--answers .lipse-chart-wide{display:block;max-height:62mm;width:auto}
  .lipse-report-figure .lipse-chart-description{font-size:8pt}
  .lipse-report-weak li{margin:0 0 0.3rem}
  .lipse-report-weak .lipse-report-basis{font-size:8pt}
  .lipse-report-caution{margin:0.3rem 0 0.5rem}
  .lipse-report .lipse-data,.lipse-report-noprint{display:none}
}
"""


def _text(value: object) -> str:
    return html.escape(str(value))


def format_stat(key: str, value: float) -> str:
    """Return a group figure as the report shows it: the mean with one decimal, half up.

    The board's script writes it the same way (``formatStat`` in lipse-board.js).
    """
    if key == "mean":
        return f"{math.floor(value * 10 + 0.5) / 10:.1f}"
    if key == "median":
        return f"{value:g}"
    return str(int(value))


def _stats_html(summary: workshop.GroupSummary | None) -> str:
    items = []
    for key, label in STATS:
        value = format_stat(key, getattr(summary, key)) if summary is not None else ""
        attribute = {"respondents": " data-group-n", "mean": " data-group-mean"}.get(key, "")
        items.append(
            f"<div><dt>{_text(label)}</dt>"
            f'<dd data-stat="{key}"{attribute}>{_text(value)}</dd></div>'
        )
    return f'<dl class="lipse-report-stats">{"".join(items)}</dl>'


def _finding_notes(factor: Factor, findings: dict[str, dict[str, str]]) -> str:
    """Return the findings a factor cites: statement, source and where in the source."""
    items = []
    for finding_id in factor.findings:
        item = findings.get(finding_id, {})
        where = ", ".join(_text(item[k]) for k in ("source", "locator") if item.get(k))
        statement = f": {_text(item['statement'])}" if item.get("statement") else ""
        items.append(
            f"<li>LIPSE finding {_text(finding_id)}{statement}"
            f"{f' (source: {where})' if where else ''}</li>"
        )
    return f"<ul>{''.join(items)}</ul>"


def _weak_item(factor: Factor, findings: dict, count: str, hidden: bool) -> str:
    """One weak factor: how many have it, the action, where it comes from, its findings."""
    return (
        f'<li data-weak-factor="{_text(factor.id)}"{" hidden" if hidden else ""}>'
        f"<strong>{_text(factor_label(factor))}</strong>: among the weakest of "
        f"<span data-weak-count>{_text(count)}</span> participant(s).<br>"
        f"What to do: {_text(factor.action)} ({_text(factor.action_source)})."
        f'<div class="lipse-report-basis">What it rests on:{_finding_notes(factor, findings)}'
        "</div></li>"
    )


def _weak_html(model: Model, summary: workshop.GroupSummary | None) -> str:
    findings = findings_by_id(data_dir()) or {}
    if summary is not None:
        common = workshop.common_weak_factors(summary, model, readiness.N_WEAKEST)
        items = "".join(
            _weak_item(c.factor, findings, f"{c.respondents} of {summary.respondents}", False)
            for c in common
        )
        none = " hidden" if common else ""
    else:  # the board: every factor, hidden until its script shows the most common
        items = "".join(_weak_item(f, findings, "", True) for f in model.factors)
        none = " hidden"
    return (
        f'<ol class="lipse-report-weak" data-weak-list>{items}</ol>'
        f'<p class="lipse-report-none" data-weak-none{none}>No participant has a weak factor: '
        "every answer is at its most favourable end.</p>"
    )


def _figure_html(figure: Figure, key: str, drawn: bool) -> str:
    """Return a group chart: title, source, the chart (drawn, or a place for the board)."""
    if drawn:
        wide, narrow = figure.static, figure.static_narrow
        svgs = _svg(wide.svg, "lipse-chart-wide", figure.uid)
        if narrow is not None:
            svgs += _svg(narrow.svg, "lipse-chart-narrow", figure.uid)
        chart = f'<div class="lipse-report-chart" data-chart="{key}">{svgs}</div>'
        table = figure.table_html()
    else:
        chart = f'<div class="lipse-report-chart" data-chart="{key}"></div>'
        table = ""
    return (
        f'<figure class="lipse-report-figure lipse-report-figure--{key}">'
        f'<p class="lipse-figure-title">{_text(figure.title)}</p>'
        f'<p class="lipse-source">{_text(figure.source)}</p>{chart}'
        f'<p class="lipse-chart-description" id="{figure.uid}-description">'
        f"{_text(figure.description)}</p>{table}</figure>"
    )


def _svg(svg: str, css_class: str, uid: str) -> str:
    end = svg.index(">")
    return (
        svg[:end]
        + f' class="{css_class}" role="img" aria-labelledby="{uid}-description"'
        + svg[end:]
    )


def report_title(model: Model) -> str:
    """Return the report's title."""
    return f"Group report: {model.title}"


def report_body(
    model: Model,
    answers: pd.DataFrame | None = None,
    origin: str = "the participants' answers",
) -> str:
    """Return the report's HTML body for ``answers``; without, its empty form (the board's)."""
    filled = answers is not None
    summary = workshop.summarise(readiness.score(model, answers)) if filled else None
    figures = group_figures(model, answers, origin)
    keys = ("spread", "weak", "answers")
    charts = "".join(_figure_html(f, k, filled) for f, k in zip(figures, keys, strict=True))
    return (
        f'<article class="lipse-report" data-report-model="{_text(model.id)}">'
        f"<h1>{_text(report_title(model))}</h1>"
        f'<p class="lipse-report-meta">Answers: <span data-report-origin>{_text(origin)}</span>.'
        "</p>"
        f'<p class="lipse-report-caution"><strong>Caution.</strong> '
        f"{_text(readiness.NOT_A_MEASUREMENT)}</p>"
        f"{_stats_html(summary)}"
        f'<div class="lipse-report-charts">{charts}</div>'
        f"<h2>The most common weak factors, and what to do</h2>"
        f"{_weak_html(model, summary)}"
        "</article>"
    )


def report_document(title: str, body: str) -> str:
    """Return a whole HTML page: the body and the report's styles, nothing else."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_text(title)}</title><style>{REPORT_CSS}</style></head>"
        f"<body>{body}</body></html>\n"
    )


def report_html(model: Model, answers: pd.DataFrame, origin: str) -> str:
    """Return the group report of ``answers`` as one self-contained HTML page."""
    return report_document(report_title(model), report_body(model, answers, origin))
