"""The summaries of the OECD flexible-working data, on the real file and on small frames."""

import pandas as pd
import pytest

from lipse_widgets.data import load_table
from lipse_widgets.logic import flexible_working as fw


@pytest.fixture(scope="module")
def oecd():
    return load_table("oecd_flexible_working_2022")


def test_real_file_shape(oecd):
    # 36 countries x 6 arrangements x 3 measures, one row each
    assert oecd["iso3"].nunique() == 36
    assert len(oecd) == 36 * 6 * 3
    assert not oecd.duplicated(["iso3", "measure", "arrangement"]).any()


def test_coverage_counts_add_up_to_the_countries(oecd):
    counts = fw.coverage_counts(oecd)
    totals = counts.groupby("arrangement")["countries"].sum()
    assert totals.to_dict() == {"Remote work full time": 36, "Remote work part time": 36}
    assert list(counts["category"][:5]) == list(fw.COVERAGE_ORDER)


def test_availability_keeps_defined_by_ministry_apart_from_covered():
    frame = pd.DataFrame(
        {
            "iso3": ["AAA", "BBB", "CCC", "DDD"],
            "measure": ["coverage"] * 4,
            "arrangement": ["Remote work full time"] * 4,
            "category": [
                "Only some public employees",
                fw.NOT_OFFERED,
                "Defined by ministry or service",
                "All public employees are covered",
            ],
        }
    )
    assert fw.availability(frame, "Remote work full time") == fw.Availability(
        "Remote work full time", covered=2, by_ministry=1, not_offered=1, surveyed=4
    )
    frame.loc[0, "category"] = "Offered on Tuesdays"
    with pytest.raises(ValueError, match="unknown coverage categories: Offered on Tuesdays"):
        fw.availability(frame, "Remote work full time")


def test_availability_of_unknown_arrangement_is_an_error(oecd):
    with pytest.raises(ValueError, match="no coverage data"):
        fw.availability(oecd, "Four-day week")


def test_real_availability_matches_a_direct_count(oecd):
    for arrangement in fw.REMOTE_WORK:
        cov = oecd[(oecd.measure == "coverage") & (oecd.arrangement == arrangement)]
        counted = fw.availability(oecd, arrangement)
        assert counted.covered == int(cov.category.isin(fw.COVERED).sum())
        assert counted.by_ministry == int((cov.category == "Defined by ministry or service").sum())
        assert counted.not_offered == int((cov.category == fw.NOT_OFFERED).sum())
        assert counted.covered + counted.by_ministry + counted.not_offered == counted.surveyed
    assert fw.COVERED == (
        "All public employees are covered",
        "Most public employees covered (with some exemptions)",
        "Only some public employees",
    )


def test_the_chart_title_never_counts_defined_by_ministry_as_covered(oecd):
    from lipse_widgets.views import flexible_working as charts

    part = fw.availability(oecd, "Remote work part time")
    full = fw.availability(oecd, "Remote work full time")
    title = charts.remote_work_coverage().title
    assert f"in {part.covered} of the {part.surveyed} OECD countries with data" in title
    assert "surveyed" not in title
    assert f"and {full.covered} (full time)" in title
    assert f"in {part.by_ministry} and {full.by_ministry} more, each ministry or service" in title
    assert "offers" not in title
