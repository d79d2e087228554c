"""The group report's logic and views, in-process: summaries, Vega computations, charts, HTML.

The workshop board computes in the browser with the Vega specs tested here; these
tests evaluate them with Vega itself (vl-convert, the Vega the site ships) and
require exactly what Python's ``score`` and ``summarise`` compute.
"""

from __future__ import annotations

import copy
import html
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import vl_convert as vlc

from lipse_widgets.data.models import load_model
from lipse_widgets.logic import readiness as r
from lipse_widgets.logic import workshop as w
from lipse_widgets.views import report as rep
from lipse_widgets.views import workshop as vw
from lipse_widgets.views.board import board_data, board_html

BOOK_DATA = Path(__file__).resolve().parent.parent / "book" / "data"
MODELS = ["eprocurement", "telework"]
URL = re.compile(r"https?://", re.IGNORECASE)


def _model(name):
    return load_model(name, BOOK_DATA)


def _group(model, n=12, seed=w.EXAMPLE_SEED):
    return w.made_up_answers(model, n, seed)


# --- Logic -----------------------------------------------------------------------------------


def test_answer_counts_by_hand():
    model = _model("eprocurement")
    answers = pd.DataFrame([[1] * 7, [5] * 7, [5] * 7], columns=list(model.factor_ids))
    counts = w.answer_counts(r.score(model, answers))
    assert len(counts) == 7 * 5
    first = counts[counts["factor"] == model.factor_ids[0]]
    assert first["answer"].tolist() == [1, 2, 3, 4, 5]
    assert first["respondents"].tolist() == [1, 0, 0, 0, 2]
    assert counts["respondents"].sum() == 3 * 7


def test_common_weak_factors_are_the_summary_top_with_their_actions():
    model = _model("eprocurement")
    summary = w.summarise(r.score(model, _group(model)))
    common = w.common_weak_factors(summary, model, 3)
    assert [(c.factor.label, c.respondents) for c in common] == summary.most_common_weak(3)
    assert all(c.factor.action for c in common)


def test_band_labels_cover_0_to_100():
    assert w.band_labels()[0] == "0-9" and w.band_labels()[-1] == "90-100"
    assert len(w.band_labels()) == 10


def _vega_rows(spec: dict, data: str, fields: list[str]) -> list[list[str]]:
    """Evaluate a Vega spec (vl-convert) and return one data set's rows, via text marks."""
    spec = copy.deepcopy(spec)
    text = " + '|' + ".join(f"datum[{f!r}]" for f in fields)
    spec["marks"] = [
        {
            "type": "text",
            "from": {"data": data},
            "encode": {"enter": {"text": {"signal": text}, "y": {"value": 0}}},
        }
    ]
    spec["width"] = spec["height"] = 10
    found: list[list[str]] = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("marktype") == "text":
                found.extend(str(i["text"]).split("|") for i in node.get("items", []))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(vlc.vega_to_scenegraph(spec))
    return found


@pytest.mark.parametrize("name", MODELS)
@pytest.mark.parametrize("n, seed", [(1, 1), (2, 2), (12, w.EXAMPLE_SEED), (57, 3)])
def test_the_browsers_group_summary_equals_summarise(name, n, seed):
    """logic.workshop.vega_group, evaluated by Vega, equals summarise for the same answers."""
    model = _model(name)
    answers = _group(model, n, seed)
    summary = w.summarise(r.score(model, answers))
    spec = w.vega_group(model)
    spec["data"][0]["values"] = w.participant_records(model, answers)
    stats = _vega_rows(spec, "summary", ["respondents", "mean", "median", "minimum", "maximum"])
    assert len(stats) == 1
    got = [float(x) for x in stats[0]]
    assert got[0] == summary.respondents
    assert got[1] == pytest.approx(summary.mean, abs=1e-9)
    assert got[2:] == [summary.median, summary.minimum, summary.maximum]
    weak = _vega_rows(spec, "weak", ["factor", "respondents"])
    assert [(f, int(c)) for f, c in weak] == list(
        zip(summary.weak["factor"], summary.weak["respondents"].astype(int), strict=True)
    )
    scored = _vega_rows(spec, "scored", ["name", "readiness_score"])
    assert [int(s) for _, s in scored] == r.score(model, answers).rounded.tolist()


def test_the_comparison_catches_a_wrong_summary():
    """If the browser took the mean of the exact scores, not of the shown ones, it would fail."""
    model = _model("eprocurement")
    answers = _group(model, 12)
    summary = w.summarise(r.score(model, answers))
    spec = w.vega_group(model)
    spec["data"][0]["values"] = w.participant_records(model, answers)
    spec["data"][3]["transform"][0]["fields"][1] = "readiness_total"
    got = float(_vega_rows(spec, "summary", ["mean"])[0][0])
    assert got != pytest.approx(summary.mean, abs=1e-9)


# --- Views: the group charts ------------------------------------------------------------


def _scenegraph_texts(spec: dict, role: str | None = None) -> list[str]:
    found: list[str] = []

    def walk(node, inside):
        if isinstance(node, dict):
            here = inside or (role is None) or node.get("role") == role
            if node.get("marktype") == "text" and here:
                for item in node.get("items", []):
                    text = item.get("text")
                    found.append(" ".join(text) if isinstance(text, list) else str(text))
            for value in node.values():
                walk(value, here)
        elif isinstance(node, list):
            for value in node:
                walk(value, inside)

    walk(vlc.vegalite_to_scenegraph(spec), False)
    return found


@pytest.mark.parametrize("name", MODELS)
def test_group_charts_read_the_participants_table_and_score_it_with_the_rule(name):
    model = _model(name)
    spread, weak, answers = vw.group_figures(model, _group(model), "made-up answers")
    for figure in (spread, weak, answers):
        spec = figure.to_dict()
        assert figure.page_spec["data"] == {"name": w.PARTICIPANTS} or all(
            layer.get("data", {"name": w.PARTICIPANTS}) == {"name": w.PARTICIPANTS}
            for layer in spec.get("layer", [])
        )
        assert len(spec["datasets"][w.PARTICIPANTS]) == 12
        calculated = [t["as"] for t in spec.get("transform", []) if "calculate" in t]
        if figure is not answers:
            assert calculated[: len(w.datum_definitions(model))] == [
                n for n, _ in w.datum_definitions(model)
            ]
        assert figure.source.startswith("Source: made-up answers, scored with the book's")


@pytest.mark.parametrize("name", MODELS)
def test_the_answers_grid_shows_the_logic_counts(name):
    model = _model(name)
    group = _group(model)
    _, _, answers = vw.group_figures(model, group)
    counts = w.answer_counts(r.score(model, group))
    shown = sorted(int(t) for t in _scenegraph_texts(answers.page_spec, "mark") if t.isdigit())
    assert shown == sorted(counts.loc[counts["respondents"] > 0, "respondents"].tolist())


@pytest.mark.parametrize("name", MODELS)
def test_the_weak_chart_lists_factors_in_the_summary_order(name):
    model = _model(name)
    group = _group(model)
    _, weak, _ = vw.group_figures(model, group)
    summary = w.summarise(r.score(model, group))
    labels = {f.id: vw.factor_label(f) for f in model.factors}
    expected = [labels[f] for f in summary.weak["factor"]]
    texts = _scenegraph_texts(weak.page_spec, "axis-label")
    assert [t for t in texts if not t.isdigit()] == expected


def test_the_spread_chart_counts_every_participant_in_a_band():
    model = _model("telework")
    group = _group(model, 40, 9)
    spread, _, _ = vw.group_figures(model, group)
    bands = w.score_bands(r.score(model, group))
    assert spread.table()["Participants"].tolist() == bands["respondents"].tolist()
    spec = spread.page_spec
    scene = vlc.vegalite_to_scenegraph(spec)
    heights = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("marktype") == "rect" and node.get("role") == "mark":
                heights.extend(i["height"] for i in node["items"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(scene)
    nonzero = bands.loc[bands["respondents"] > 0, "respondents"].tolist()
    assert len(heights) == len(nonzero)
    # bar heights are proportional to the counts
    ratios = sorted(h / c for h, c in zip(sorted(heights), sorted(nonzero), strict=True))
    assert ratios[-1] == pytest.approx(ratios[0], rel=1e-6)


# --- Views: the report ------------------------------------------------------------------


@pytest.mark.parametrize("name", MODELS)
def test_the_report_is_self_contained_and_says_what_summarise_says(name):
    model = _model(name)
    group = _group(model)
    page = rep.report_html(model, group, "made-up answers")
    summary = w.summarise(r.score(model, group))
    assert page.startswith("<!DOCTYPE html>")
    assert not URL.search(page), URL.search(page)
    assert "<script" not in page and "<link" not in page and "src=" not in page
    assert page.count("<svg") == 6  # three charts, each drawn wide and narrow
    stat = dict(re.findall(r'data-stat="(\w+)"[^>]*>([^<]*)<', page))
    assert stat == {
        "respondents": "12",
        "mean": rep.format_stat("mean", summary.mean),
        "median": f"{summary.median:g}",
        "minimum": str(summary.minimum),
        "maximum": str(summary.maximum),
    }
    for label, count in summary.most_common_weak(3):
        factor = next(f for f in model.factors if f.label == label)
        assert html.escape(factor.action) in page
        assert f"<span data-weak-count>{count} of 12</span>" in page
        for finding in factor.findings:
            assert f"LIPSE finding {finding}" in page
    assert html.escape(r.NOT_A_MEASUREMENT) in page
    assert "@page{size:A4" in page


def test_text_from_data_is_escaped_in_the_report():
    model = _model("eprocurement")
    page = rep.report_html(model, _group(model, 3), '<img src=x onerror="alert(1)">.csv')
    assert "<img" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;.csv" in page


def test_format_stat_rounds_the_mean_half_up_as_the_board_does():
    assert rep.format_stat("mean", 54.25) == "54.3"
    assert rep.format_stat("mean", 54.24) == "54.2"
    assert rep.format_stat("median", 53.5) == "53.5"
    assert rep.format_stat("median", 54.0) == "54"


# --- Views: the board -------------------------------------------------------------------


def test_the_board_carries_the_same_specs_and_no_other_host():
    models = [_model(n) for n in MODELS]
    page = board_html(models)
    assert "data-workshop-board" in page and "data-lipse-codes" in page
    assert not URL.search(page), URL.search(page)
    data = board_data(models)
    for model in models:
        mine = data["models"][model.id]
        figures = vw.group_figures(model)
        for key, figure in zip(("spread", "weak", "answers"), figures, strict=True):
            drawn = {"wide": figure.page_spec, "narrow": figure.narrow_page_spec}
            for size, spec in drawn.items():
                expected = {k: v for k, v in spec.items() if k != "$schema"}
                assert mine["charts"][key][size] == expected
                assert mine["charts"][key][size]["datasets"][w.PARTICIPANTS] == []
        assert mine["group"] == w.vega_group(model)
        assert page.count(f'data-board-report="{model.id}"') == 1
    assert rep.BODY_MARK in data["document"]


def test_a_made_up_group_is_deterministic():
    model = _model("eprocurement")
    a, b = _group(model), _group(model)
    assert a.equals(b)
    assert np.all((a[list(model.factor_ids)] >= 1) & (a[list(model.factor_ids)] <= 5))


def test_the_board_page_shows_the_board_on_the_site_and_a_note_in_a_notebook(monkeypatch):
    """The board works by the site's script: a kernel shows where to find it instead."""
    from lipse_widgets import STATIC_SITE
    from lipse_widgets.views.board import IN_A_NOTEBOOK, Board

    monkeypatch.delenv(STATIC_SITE, raising=False)
    shown = Board()._repr_mimebundle_()
    assert shown["text/plain"] == IN_A_NOTEBOOK and "data-workshop-board" not in shown["text/html"]
    monkeypatch.setenv(STATIC_SITE, "1")
    assert Board()._repr_mimebundle_()["text/html"] == board_html()
