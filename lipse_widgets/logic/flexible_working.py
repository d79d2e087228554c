"""Summaries of the OECD data on flexible working in central government (2022)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

#: The OECD's coverage categories (Figure 13.5), from widest to narrowest.
COVERAGE_ORDER = (
    "All public employees are covered",
    "Most public employees covered (with some exemptions)",
    "Only some public employees",
    "Defined by ministry or service",
    "Not offered/ not applicable",
)
NOT_OFFERED = "Not offered/ not applicable"
#: The category in which central government sets no coverage: each ministry or service does.
BY_MINISTRY = "Defined by ministry or service"
#: The categories in which central government covers all, most or only some employees.
COVERED = COVERAGE_ORDER[:3]
REMOTE_WORK = ("Remote work part time", "Remote work full time")


@dataclass(frozen=True)
class Availability:
    """How many countries put an arrangement in each kind of coverage category, of those surveyed.

    ``covered``: central government covers all, most or only some employees;
    ``by_ministry``: coverage is "defined by ministry or service", so no national
    coverage is stated (this is not the same as being offered); ``not_offered``:
    "not offered/ not applicable". The three add up to ``surveyed``.
    """

    arrangement: str
    covered: int
    by_ministry: int
    not_offered: int
    surveyed: int


def coverage_counts(
    frame: pd.DataFrame, arrangements: tuple[str, ...] = REMOTE_WORK
) -> pd.DataFrame:
    """Count countries per arrangement and coverage category (Figure 13.5).

    Returns one row per arrangement and category with columns ``arrangement``,
    ``category``, ``countries`` and ``order`` (the category's position in
    :data:`COVERAGE_ORDER`); categories with no country are kept with 0.
    """
    coverage = frame[(frame["measure"] == "coverage") & frame["arrangement"].isin(arrangements)]
    index = pd.MultiIndex.from_product(
        [arrangements, COVERAGE_ORDER], names=["arrangement", "category"]
    )
    counts = (
        coverage.groupby(["arrangement", "category"], observed=True)["iso3"]
        .nunique()
        .reindex(index, fill_value=0)
        .rename("countries")
        .reset_index()
    )
    counts["countries"] = counts["countries"].astype(int)
    counts["order"] = counts["category"].map({c: i for i, c in enumerate(COVERAGE_ORDER)})
    counts["arrangement"] = counts["arrangement"].astype(str)
    counts["category"] = counts["category"].astype(str)
    return counts


def availability(frame: pd.DataFrame, arrangement: str) -> Availability:
    """Count the countries per kind of coverage of ``arrangement`` (see :class:`Availability`).

    Raises ValueError for an arrangement with no coverage data, or for a category
    the OECD's Figure 13.5 does not have.
    """
    coverage = frame[(frame["measure"] == "coverage") & (frame["arrangement"] == arrangement)]
    if coverage.empty:
        raise ValueError(f"no coverage data for arrangement {arrangement!r}")
    unknown = set(coverage["category"].astype(str)) - set(COVERAGE_ORDER)
    if unknown:
        raise ValueError(f"unknown coverage categories: {', '.join(sorted(unknown))}")

    def count(categories: tuple[str, ...]) -> int:
        return int(coverage.loc[coverage["category"].isin(categories), "iso3"].nunique())

    return Availability(
        arrangement,
        covered=count(COVERED),
        by_ministry=count((BY_MINISTRY,)),
        not_offered=count((NOT_OFFERED,)),
        surveyed=int(coverage["iso3"].nunique()),
    )
