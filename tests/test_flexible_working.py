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


def test_availability_counts_everything_but_not_offered():
    frame = pd.DataFrame(
        {
            "iso3": ["AAA", "BBB", "CCC"],
            "measure": ["coverage"] * 3,
            "arrangement": ["Remote work full time"] * 3,
            "category": [
                "Only some public employees",
                fw.NOT_OFFERED,
                "Defined by ministry or service",
            ],
        }
    )
    assert fw.availability(frame, "Remote work full time") == fw.Availability(
        "Remote work full time", 2, 3
    )


def test_availability_of_unknown_arrangement_is_an_error(oecd):
    with pytest.raises(ValueError, match="no coverage data"):
        fw.availability(oecd, "Four-day week")


def test_real_availability_matches_a_direct_count(oecd):
    cov = oecd[(oecd.measure == "coverage") & (oecd.arrangement == "Remote work full time")]
    expected = int((cov.category != fw.NOT_OFFERED).sum())
    assert fw.availability(oecd, "Remote work full time").offered == expected
