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
REMOTE_WORK = ("Remote work part time", "Remote work full time")


@dataclass(frozen=True)
class Availability:
    """How many countries offer an arrangement in some form, out of those surveyed."""

    arrangement: str
    offered: int
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
    """Count the countries where ``arrangement`` is offered to at least some employees."""
    coverage = frame[(frame["measure"] == "coverage") & (frame["arrangement"] == arrangement)]
    if coverage.empty:
        raise ValueError(f"no coverage data for arrangement {arrangement!r}")
    offered = coverage.loc[coverage["category"] != NOT_OFFERED, "iso3"].nunique()
    return Availability(arrangement, int(offered), int(coverage["iso3"].nunique()))
