"""The evidence map: the aggregation (logic) on small frames, the chart on the real findings."""

from __future__ import annotations

import pandas as pd
import pytest

from lipse_widgets.data import load_table
from lipse_widgets.logic import findings as fl
from lipse_widgets.views.evidence import ALL, ROW_STEP, evidence_map, schema_orders
from lipse_widgets.views.style import EFFECT_COLOURS, EFFECT_SHAPES


def _frame(*rows: tuple[str, ...]) -> pd.DataFrame:
    """Findings with (id, factor, effect, adopter group[, kind of work]); the rest filled in."""
    return pd.DataFrame(
        [
            {
                "id": i,
                "theme": "t",
                "work_package": "WP5",
                "innovation": "general",
                "context": "",
                "factor": f,
                "effect": e,
                "adopter_group": g,
                "statement": f"statement {i}",
                "source": "k1; k2",
                "kind_of_work": kind[0] if kind else fl.LIPSE,
                "source_type": "journal article",
                "text_seen": "abstract or excerpt only",
            }
            for i, f, e, g, *kind in rows
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
    assert set(points["basis"]) == {"journal article, abstract or excerpt seen"}


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
    frame = _frame(
        ("F1", "a", "driver", fl.NOT_SPECIFIED),
        ("F2", "b", "barrier", "innovators"),
        ("F3", "c", "recommendation", fl.NOT_SPECIFIED, fl.RELATED),
    )
    summary = fl.summarise(frame, ["driver", "barrier", "mixed", "recommendation"])
    assert (summary.findings, summary.factors, summary.unspecified_group) == (3, 3, 2)
    assert summary.by_effect == {"driver": 1, "barrier": 1, "recommendation": 1}
    assert summary.count("mixed") == 0
    assert (summary.lipse, summary.related, summary.total) == (2, 1, 3)
    assert summary.about("general") == 3 and summary.about("telework") == 0
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
    assert "color" not in encoding  # Vega-Lite would drop it beside fill and stroke
    assert encoding["stroke"]["scale"] == {"domain": effects, "range": colours}
    assert encoding["fill"]["scale"] == {"domain": effects, "range": colours}
    assert encoding["fill"]["condition"] == {
        "test": "datum.kind_of_work == 'related'",
        "value": "white",
    }
    assert encoding["shape"]["scale"] == {"domain": effects, "range": shapes}
    assert encoding["y"]["field"] == "factor" and encoding["x"]["field"] == "adopter_group"


def test_tooltip_gives_statement_sources_id_and_evidence_basis(spec):
    fields = [t["field"] for t in spec["encoding"]["tooltip"]]
    assert {"id", "statement", "sources", "kind_of_work", "basis"} <= set(fields)


def test_the_data_table_gives_every_findings_evidence_basis(findings):
    table = evidence_map().table()
    assert {"Evidence basis", "LIPSE or related research"} <= set(table.columns)
    by_id = table.set_index("Finding")
    for _, row in findings.iterrows():
        shown = by_id.loc[row["id"], "Evidence basis"]
        assert shown.startswith(row["source_type"] + ", ")
        assert ("full text" in shown) == (row["text_seen"] == "full text")
        assert by_id.loc[row["id"], "LIPSE or related research"] == row["kind_of_work"]


def test_related_research_is_hollow_and_never_counted_as_lipse(spec, findings):
    condition = spec["encoding"]["fill"]["condition"]
    assert condition["test"] == "datum.kind_of_work == 'related'"
    assert condition["value"] == "white"
    assert spec["encoding"]["stroke"]["field"] == "effect"
    for theme in findings["theme"].unique():
        rows = findings[findings["theme"] == theme]
        lipse = int((rows["kind_of_work"] == "LIPSE").sum())
        related = int((rows["kind_of_work"] == "related").sum())
        title = evidence_map(theme).title
        word = "finding" if lipse == 1 else "findings"
        assert title.startswith(f"{lipse} LIPSE {word}"), title
        assert f"{len(rows)} LIPSE" not in title or related == 0
        if related:
            assert "from related research by LIPSE researchers" in title


def test_effect_phrase_names_every_effect_in_words():
    from lipse_widgets.views.findings import effect_phrase

    assert effect_phrase({"driver": 2, "recommendation": 1}) == "2 drivers and 1 recommendation"
    assert effect_phrase({"direction not stated": 3, "mixed": 1, "barrier": 1}) == (
        "3 factors whose direction the source does not state, 1 factor that can work both ways "
        "and 1 barrier"
    )


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
    kinds = findings["kind_of_work"].value_counts()
    assert figure.title.startswith(
        f"{kinds['LIPSE']} LIPSE findings and {kinds['related']} findings from related research "
        f"by LIPSE researchers across all themes: {counts['driver']} drivers, "
        f"{counts['barrier']} barriers"
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


def test_the_summary_the_chapters_glue_counts_the_csv(findings):
    from lipse_widgets.views.findings import summary

    rows = findings[findings.theme == "innovation outcomes"]
    counted = summary("innovation outcomes")
    assert counted.total == len(rows)
    assert sum(counted.by_effect.values()) == counted.total
    assert counted.lipse + counted.related == counted.total
    assert counted.related == int((rows.kind_of_work == "related").sum())
    assert counted.count("barrier") == int((rows.effect == "barrier").sum())
    assert counted.about("telework") == int((rows.innovation == "telework").sum())
    assert "WP5" in counted.work_packages
    assert summary().total == len(findings)
    with pytest.raises(ValueError, match="no findings for the theme 'innovation luck'"):
        summary("innovation luck")
