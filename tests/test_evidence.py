"""The evidence map: the aggregation (logic) on small frames, the chart on the real findings."""

from __future__ import annotations

import pandas as pd
import pytest

from lipse_widgets.data import load_table
from lipse_widgets.logic import findings as fl
from lipse_widgets.views.evidence import ALL, ROW_STEP, evidence_map, schema_orders
from lipse_widgets.views.style import EFFECT_COLOURS, EFFECT_SHAPES


def _frame(*rows: tuple[str, str, str, str]) -> pd.DataFrame:
    """Findings with (id, factor, effect, adopter group); the other columns filled in."""
    return pd.DataFrame(
        [
            {
                "id": i,
                "theme": "t",
                "innovation": "general",
                "context": "",
                "factor": f,
                "effect": e,
                "adopter_group": g,
                "statement": f"statement {i}",
                "source": "k1; k2",
            }
            for i, f, e, g in rows
        ]
    ).astype("string")


# --- logic ---------------------------------------------------------------------------------


def test_findings_sharing_a_cell_are_spread_around_its_centre():
    points = fl.evidence_points(
        _frame(
            ("F1", "a", "driver", "not specified"),
            ("F2", "a", "driver", "not specified"),
            ("F3", "a", "barrier", "innovators"),
        )
    )
    by_id = points.set_index("id")
    assert by_id.loc["F1", "offset"] == -by_id.loc["F2", "offset"] != 0
    assert by_id.loc["F3", "offset"] == 0
    assert list(points["sources"].unique()) == ["k1, k2"]


def test_factors_are_grouped_by_effect_then_named_in_order():
    frame = _frame(
        ("F1", "zeta", "driver", "x"),
        ("F2", "Alpha", "barrier", "x"),
        ("F3", "beta", "driver", "x"),
        ("F4", "gamma", "mixed", "x"),
        ("F5", "gamma", "barrier", "x"),  # a tie: the effect first in the order wins
    )
    order = fl.factor_order(frame, ["driver", "barrier", "mixed"])
    assert order == ["beta", "zeta", "Alpha", "gamma"]


def test_adopter_groups_are_ordered_by_count_with_not_specified_last():
    frame = _frame(
        ("F1", "a", "driver", fl.NOT_SPECIFIED),
        ("F2", "a", "driver", fl.NOT_SPECIFIED),
        ("F3", "a", "driver", "innovators"),
        ("F4", "b", "driver", "laggards"),
        ("F5", "c", "driver", "laggards"),
    )
    assert fl.adopter_group_order(frame) == ["laggards", "innovators", fl.NOT_SPECIFIED]


def test_summary_counts_and_theme_filter():
    frame = _frame(("F1", "a", "driver", fl.NOT_SPECIFIED), ("F2", "b", "barrier", "innovators"))
    summary = fl.summarise(frame, ["driver", "barrier", "mixed"])
    assert (summary.findings, summary.factors, summary.unspecified_group) == (2, 2, 1)
    assert summary.by_effect == {"driver": 1, "barrier": 1}
    assert summary.count("mixed") == 0
    with pytest.raises(ValueError, match="the themes are: t"):
        fl.for_theme(frame, "nope")


# --- the chart -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def findings():
    return load_table("findings")


@pytest.fixture(scope="module")
def spec():
    return evidence_map().to_dict()


def test_one_mark_per_finding_with_effect_colours_and_shapes(spec, findings):
    rows = next(iter(spec["datasets"].values()))
    assert sorted(r["id"] for r in rows) == sorted(findings["id"])
    encoding = spec["encoding"]
    effects = schema_orders()["effect"]
    colours = [EFFECT_COLOURS[e] for e in effects]
    shapes = [EFFECT_SHAPES[e] for e in effects]
    assert encoding["color"]["scale"] == {"domain": effects, "range": colours}
    assert encoding["shape"]["scale"] == {"domain": effects, "range": shapes}
    assert encoding["y"]["field"] == "factor" and encoding["x"]["field"] == "adopter_group"


def test_tooltip_gives_statement_sources_and_id(spec):
    fields = [t["field"] for t in spec["encoding"]["tooltip"]]
    assert {"id", "statement", "sources"} <= set(fields)


def test_the_innovation_filter_is_a_labelled_menu_with_all(spec, findings):
    [param] = spec["params"]
    bind = param["bind"]
    assert bind["input"] == "select"
    assert bind["name"].strip()
    assert bind["options"][0] == ALL == param["value"]
    assert set(bind["options"][1:]) == set(findings["innovation"])
    [filter_] = [t["filter"] for t in spec["transform"] if "filter" in t]
    assert param["name"] in filter_ and "datum.innovation" in filter_


def test_height_follows_the_number_of_factors_shown(spec):
    assert spec["height"] == {"step": ROW_STEP}


def test_title_states_counts_from_the_data(findings):
    figure = evidence_map()
    counts = findings["effect"].value_counts()
    assert figure.title.startswith(
        f"Of {len(findings)} LIPSE findings across all themes, {counts['driver']} name a driver"
    )
    assert figure.to_dict()["title"]["subtitle"][0].startswith("Source: ")
    assert "one mark per finding" in figure.description


def test_a_theme_map_shows_only_that_theme(findings):
    theme = findings["theme"].iloc[-1]
    figure = evidence_map(theme)
    assert set(figure.data["theme"]) == {theme}
    assert len(figure.data) == (findings["theme"] == theme).sum()
    assert f"in {theme}" in figure.title
    innovations = set(findings.loc[findings["theme"] == theme, "innovation"])
    assert ("params" in figure.to_dict()) == (len(innovations) > 1)


def test_every_theme_has_a_map(findings):
    for theme in findings["theme"].unique():
        assert len(evidence_map(theme).data) == (findings["theme"] == theme).sum()


def test_two_maps_on_one_page_keep_their_menus_apart(findings):
    themes = [
        t
        for t in findings["theme"].unique()
        if findings.loc[findings["theme"] == t, "innovation"].nunique() > 1
    ]
    names = {evidence_map(t).to_dict()["params"][0]["name"] for t in themes}
    names.add(evidence_map().to_dict()["params"][0]["name"])
    assert len(names) == len(themes) + 1


def test_unknown_theme_is_refused():
    with pytest.raises(ValueError, match="the themes are"):
        evidence_map("no such theme")
