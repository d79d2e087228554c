"""The theme chapters' context charts, asserted on their Vega-Lite specs and on the data."""

import pandas as pd
import pytest

from lipse_widgets.data import load_table
from lipse_widgets.logic import context as ctx
from lipse_widgets.logic import prose
from lipse_widgets.views import context


def _rows(figure) -> list[dict]:
    spec = figure.to_dict()
    (values,) = spec["datasets"].values()
    return values


def _bold_labels(figure) -> str:
    return figure.to_dict()["encoding"]["y"]["axis"]["labelFontWeight"]["expr"]


@pytest.fixture(scope="module")
def dgi():
    return load_table("oecd_digital_government_index")


@pytest.fixture(scope="module")
def benchmark():
    return load_table("ec_egovernment_benchmark_2016_2023")


# ----------------------------------------------------------------------------
# OECD Digital Government Index
# ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wp1_dgi():
    return context.digital_government_index(2023, "composite_score", "WP1")


def test_dgi_title_numbers_come_from_the_data(wp1_dgi, dgi):
    scores = dgi[(dgi.edition == 2023) & (dgi.indicator == "composite_score")]
    average = float(scores.loc[scores.is_aggregate.astype(bool), "value"].iloc[0])
    country = scores[~scores.is_aggregate.astype(bool)].set_index("iso3")["value"].astype(float)
    above = [iso for iso in ("DNK", "NLD", "ESP", "GBR") if country[iso] > average]
    assert f"OECD average ({average:.3f})" in wp1_dgi.title
    names = {
        "DNK": "Denmark",
        "NLD": "the Netherlands",
        "ESP": "Spain",
        "GBR": "the United Kingdom",
    }
    for iso, name in names.items():
        assert (name in wp1_dgi.title.split(" score")[0]) == (iso in above), iso
    assert "2023" in wp1_dgi.title


def test_dgi_marks_the_study_group_and_the_average(wp1_dgi):
    rows = _rows(wp1_dgi)
    marked = {r["iso3"] for r in rows if r["group"] == ctx.WP1_MUNICIPALITIES.label}
    assert marked == {"DNK", "NLD", "ESP", "GBR"}
    assert [r["country"] for r in rows if r["group"] == "OECD average"] == ["OECD average"]
    colour = wp1_dgi.to_dict()["encoding"]["color"]["scale"]
    assert colour["domain"] == [ctx.WP1_MUNICIPALITIES.label, "OECD average", "other countries"]
    assert len(set(colour["range"])) == 3
    for name in ("Denmark", "Netherlands", "Spain", "United Kingdom", "OECD average"):
        assert f'"{name}"' in _bold_labels(wp1_dgi)


def test_dgi_bars_are_sorted_best_first(wp1_dgi):
    rows = _rows(wp1_dgi)
    values = [r["value"] for r in rows]
    assert values == sorted(values, reverse=True)
    assert wp1_dgi.to_dict()["encoding"]["y"]["sort"] == [r["country"] for r in rows]


def test_dgi_source_line_and_description(wp1_dgi):
    spec = wp1_dgi.to_dict()
    assert spec["title"]["subtitle"][0].startswith("Source: OECD (2020), Digital Government Index")
    assert "2023 OECD Digital Government Index" in wp1_dgi.source
    assert spec["description"].startswith(
        "Horizontal bar chart of the OECD Digital Government Index"
    )
    assert "Denmark 0.811" in spec["description"]
    assert "Survey on Digital Government 2.0" in spec["description"]


def test_dgi_reports_the_missing_study_countries():
    wp2_2023 = context.digital_government_index(2023, "composite_score", "WP2")
    assert wp2_2023.title.endswith("no data for Germany and Slovakia")
    assert "Not in this dataset: Germany and Slovakia." in wp2_2023.to_dict()["description"]
    wp2_2019 = context.digital_government_index(2019, "user_driven", "WP2")
    assert wp2_2019.title.endswith("no data for Slovakia")
    marked = {r["iso3"] for r in _rows(wp2_2019) if r["group"] == ctx.WP2_COUNTRIES.label}
    assert marked == {"DNK", "EST", "DEU", "NLD", "ESP", "GBR"}


def test_dgi_keeps_to_one_edition_and_the_oecd_ranks(dgi):
    comparison = ctx.dgi_comparison(dgi, 2019, "composite_score", ctx.WP1_MUNICIPALITIES)
    assert comparison.countries == 33
    ranks = dgi[(dgi.edition == 2019) & (dgi.indicator == "composite_score_rank")]
    expected = int(ranks.loc[ranks.iso3 == "DNK", "value"].iloc[0])
    assert comparison.score("DNK").rank == expected
    assert comparison.decimals == 3  # the 2019 composite is printed to three decimals
    assert ctx.dgi_comparison(dgi, 2019, "user_driven").decimals == 2


def test_dgi_bad_requests_are_clear(dgi):
    with pytest.raises(ValueError, match="no Digital Government Index edition 2021"):
        ctx.dgi_comparison(dgi, 2021, "composite_score")
    with pytest.raises(ValueError, match="unknown Digital Government Index measure"):
        ctx.dgi_comparison(dgi, 2023, "happiness")
    with pytest.raises(ValueError, match="unknown study group 'WP9'"):
        context.digital_government_index(2023, "composite_score", "WP9")


# ----------------------------------------------------------------------------
# European Commission eGovernment Benchmark
# ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wp3_benchmark():
    return context.egovernment_benchmark("0", "WP3")


def test_benchmark_uses_the_latest_period_only(wp3_benchmark, benchmark):
    latest = int(benchmark["period_end"].max())
    assert f"{latest - 1}+{latest}" in wp3_benchmark.title
    overall = benchmark[(benchmark.indicator_code == "0") & (benchmark.period_end == latest)]
    countries = overall[~overall.is_aggregate.astype(bool) & overall.value.notna()]
    assert len(_rows(wp3_benchmark)) == len(countries) + 1  # plus the EU27 average bar


def test_benchmark_title_numbers_come_from_the_data(wp3_benchmark, benchmark):
    latest = int(benchmark["period_end"].max())
    overall = benchmark[(benchmark.indicator_code == "0") & (benchmark.period_end == latest)]
    average = float(overall.loc[overall.country == "AVERAGE_EU27", "value"].iloc[0])
    assert f"EU27 average ({average:.1f})" in wp3_benchmark.title
    values = overall.set_index("iso3")["value"]
    above = sorted(
        (iso for iso in ("BEL", "FRA", "NLD", "SVK", "ROU") if values[iso] > average),
        key=lambda iso: -values[iso],
    )
    names = {
        "BEL": "Belgium",
        "FRA": "France",
        "NLD": "the Netherlands",
        "SVK": "Slovakia",
        "ROU": "Romania",
    }
    assert (
        f"Of the WP3 countries, {prose.join_names([names[i].removeprefix('the ') for i in above])}"
        in wp3_benchmark.title
    )


def test_benchmark_reports_that_the_uk_is_not_in_it(wp3_benchmark):
    assert wp3_benchmark.title.endswith("no data for the United Kingdom")
    assert "Not in this dataset: the United Kingdom." in wp3_benchmark.to_dict()["description"]
    marked = {r["iso3"] for r in _rows(wp3_benchmark) if r["group"] == ctx.WP3_COUNTRIES.label}
    assert marked == {"BEL", "FRA", "NLD", "SVK", "ROU"}


def test_benchmark_source_and_caveat(wp3_benchmark):
    spec = wp3_benchmark.to_dict()
    assert spec["title"]["subtitle"][0].startswith(
        "Source: European Commission (2024), eGovernment"
    )
    assert "not its use" in spec["description"]
    assert spec["encoding"]["x"]["scale"]["domain"] == [0, 100]


def test_benchmark_without_a_group_names_best_and_worst(benchmark):
    figure = context.egovernment_benchmark("3")
    comparison = ctx.benchmark_comparison(benchmark, "3")
    assert figure.title.startswith(
        f"{comparison.best.country} scores highest ({comparison.best.value:.1f})"
    )
    assert f"{comparison.worst.country} lowest ({comparison.worst.value:.1f})" in figure.title
    assert figure.to_dict()["encoding"]["color"]["scale"]["domain"] == [
        "EU27 average",
        "other countries",
    ]


def test_country_names_come_from_iso_codes():
    assert ctx.country_name("MDA") == "Moldova"
    assert ctx.country_name("GBR") == "United Kingdom"
    with pytest.raises(ValueError, match="unknown ISO 3166-1 alpha-3 country code 'XXX'"):
        ctx.country_name("XXX")


def test_comparison_on_a_small_frame():
    frame = pd.DataFrame(
        {
            "country": ["AVERAGE_EU27", "BE", "NL", "FR"],
            "iso3": [pd.NA, "BEL", "NLD", "FRA"],
            "is_aggregate": [True, False, False, False],
            "indicator_code": ["0"] * 4,
            "value": [50.0, 40.0, 60.0, 55.0],
            "period_start": [2022] * 4,
            "period_end": [2023] * 4,
        }
    )
    comparison = ctx.benchmark_comparison(frame, "0", ctx.WP3_COUNTRIES)
    assert [s.iso3 for s in comparison.above_average] == ["NLD", "FRA"]
    assert [s.iso3 for s in comparison.below_average] == ["BEL"]
    assert comparison.missing == ("Slovakia", "Romania", "United Kingdom")
    assert comparison.best.iso3 == "NLD" and comparison.worst.iso3 == "BEL"


# ----------------------------------------------------------------------------
# Rogers' adopter categories and the findings counts
# ----------------------------------------------------------------------------


def test_adopter_chart_says_shares_are_secondary_and_sums_from_data():
    figure = context.adopter_categories()
    frame = load_table("rogers_adopter_categories")
    later = float(
        frame.loc[frame.category.isin(["late majority", "laggards"]), "share_percent"].sum()
    )
    assert f"make up {later:g} per cent" in figure.title
    assert "secondary sources" in figure.title
    assert "secondary sources" in figure.to_dict()["description"]
    assert "secondary sources" in figure.source
    rows = _rows(figure)
    assert [r["category"] for r in rows] == [
        "innovators",
        "early adopters",
        "early majority",
        "late majority",
        "laggards",
    ]
    assert [r["stage"] for r in rows].count(ctx.LATER_STAGE) == 2
    assert {r["category"] for r in rows if r["stage"] == ctx.LATER_STAGE} == {
        "late majority",
        "laggards",
    }
    assert rows[-1]["cumulative_percent"] == pytest.approx(100)


def test_adopter_share_rejects_unknown_categories():
    frame = load_table("rogers_adopter_categories")
    with pytest.raises(ValueError, match="unknown adopter categories: stragglers"):
        ctx.share_of(frame, ("laggards", "stragglers"))
