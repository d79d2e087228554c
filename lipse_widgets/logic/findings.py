"""Summaries of the LIPSE findings (``findings.csv``) for the evidence map and the chapters.

Pure functions over the findings table: no file is read here and nothing is
drawn. Every count of findings (the evidence map's, a chapter's) is made
here. Category orders (themes, effects, innovations) are passed in by the
caller, which reads them from the data package's schema.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from lipse_widgets.data.bibliography import split_keys as split_sources

__all__ = [
    "NOT_SPECIFIED",
    "EvidenceSummary",
    "ThemeFindings",
    "adopter_group_order",
    "evidence_points",
    "factor_order",
    "for_theme",
    "ordered",
    "split_sources",
    "summarise",
    "theme_findings",
]

#: The value of ``adopter_group`` when the source names no adopter group.
NOT_SPECIFIED = "not specified"
#: Horizontal distance, in pixels, between findings that share one cell of the map.
SLOT_SPACING = 14


def for_theme(findings: pd.DataFrame, theme: str | None = None) -> pd.DataFrame:
    """Return the findings of ``theme`` (all findings if ``theme`` is None), in file order.

    Raises ValueError naming the themes there are if ``theme`` has no findings.
    """
    if theme is None:
        return findings.reset_index(drop=True)
    chosen = findings[findings["theme"] == theme]
    if chosen.empty:
        themes = ", ".join(dict.fromkeys(str(t) for t in findings["theme"]))
        raise ValueError(f"no findings for the theme {theme!r}; the themes are: {themes}")
    return chosen.reset_index(drop=True)


def ordered(values: pd.Series, order: Sequence[str] = ()) -> list[str]:
    """Return the distinct values, those named in ``order`` first (in that order)."""
    present = list(dict.fromkeys(str(v) for v in values))
    return [v for v in order if v in present] + [v for v in present if v not in order]


def adopter_group_order(findings: pd.DataFrame) -> list[str]:
    """Return the adopter groups from most to fewest findings, "not specified" last."""
    counts = findings["adopter_group"].astype(str).value_counts(sort=False)
    named = sorted((g for g in counts.index if g != NOT_SPECIFIED), key=lambda g: (-counts[g], g))
    return named + ([NOT_SPECIFIED] if NOT_SPECIFIED in counts.index else [])


def factor_order(findings: pd.DataFrame, effects: Sequence[str] = ()) -> list[str]:
    """Return the factors grouped by effect (in the order of ``effects``), then by name.

    A factor that several findings name is placed by its most frequent effect
    (ties: the one first in ``effects``).
    """
    rank = {effect: i for i, effect in enumerate(ordered(findings["effect"], effects))}
    placed = {}
    for factor, group in findings.groupby("factor", sort=False):
        counts = group["effect"].astype(str).value_counts()
        placed[str(factor)] = min(counts.index, key=lambda e: (-counts[e], rank[e]))
    return sorted(placed, key=lambda f: (rank[placed[f]], f.lower()))


def evidence_points(findings: pd.DataFrame, effects: Sequence[str] = ()) -> pd.DataFrame:
    """One row per finding, placed in the factor-by-adopter-group grid of the evidence map.

    Adds ``sources`` (the keys joined by ", "), ``slot`` (the finding's position
    among the findings that share its cell), ``offset`` (a horizontal shift in
    pixels that spreads such findings around the cell's centre) and
    ``factor_rank`` (the row, from :func:`factor_order`).
    """
    points = findings.reset_index(drop=True).copy()
    for column in points.columns:
        points[column] = points[column].astype("string").fillna("")
    points["sources"] = [", ".join(split_sources(s)) for s in points["source"]]
    cell = points.groupby(["factor", "adopter_group"], sort=False)
    points["slot"] = cell.cumcount().astype(int)
    size = cell["id"].transform("size").astype(int)
    points["offset"] = (points["slot"] - (size - 1) / 2) * SLOT_SPACING
    rank = {factor: i for i, factor in enumerate(factor_order(points, effects))}
    points["factor_rank"] = points["factor"].map(rank).astype(int)
    return points.sort_values(["factor_rank", "slot"], kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class EvidenceSummary:
    """Counts that the evidence map's title and description state."""

    findings: int
    factors: int
    by_effect: dict[str, int]
    unspecified_group: int
    innovations: tuple[str, ...]

    def count(self, effect: str) -> int:
        """Return the number of findings with ``effect`` (0 if none)."""
        return self.by_effect.get(effect, 0)


def summarise(
    findings: pd.DataFrame, effects: Sequence[str] = (), innovations: Sequence[str] = ()
) -> EvidenceSummary:
    """Count findings, factors, findings per effect and findings with no adopter group."""
    counts = _counts(findings, "effect")
    return EvidenceSummary(
        findings=len(findings),
        factors=int(findings["factor"].nunique()),
        by_effect={e: counts[e] for e in ordered(findings["effect"], effects)},
        unspecified_group=int((findings["adopter_group"] == NOT_SPECIFIED).sum()),
        innovations=tuple(ordered(findings["innovation"], innovations)),
    )


def _counts(findings: pd.DataFrame, column: str) -> dict[str, int]:
    """Count the findings per value of ``column``, most frequent first."""
    return {str(k): int(v) for k, v in findings[column].astype(str).value_counts().items()}


@dataclass(frozen=True)
class ThemeFindings:
    """How many findings a theme has, by effect, and from which work packages."""

    theme: str
    ids: tuple[str, ...]
    drivers: int
    barriers: int
    mixed: int
    work_packages: tuple[str, ...]
    innovations: tuple[tuple[str, int], ...] = ()

    @property
    def total(self) -> int:
        """The number of findings."""
        return len(self.ids)

    def about(self, innovation: str) -> int:
        """How many of the findings concern ``innovation`` (e.g. "telework")."""
        return dict(self.innovations).get(innovation, 0)


def theme_findings(findings: pd.DataFrame, theme: str) -> ThemeFindings:
    """Count the findings of one theme (``findings`` is the ``findings`` table)."""
    rows = for_theme(findings, theme)
    effects = _counts(rows, "effect")
    return ThemeFindings(
        theme=theme,
        ids=tuple(rows["id"].astype(str)),
        drivers=effects.get("driver", 0),
        barriers=effects.get("barrier", 0),
        mixed=effects.get("mixed", 0),
        work_packages=tuple(sorted(rows["work_package"].astype(str).unique())),
        innovations=tuple(_counts(rows, "innovation").items()),
    )
