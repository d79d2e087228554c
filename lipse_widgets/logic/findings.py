"""Summaries of the findings (``findings.csv``) for the evidence map, the lists and the chapters.

Pure functions over the findings table: no file is read here and nothing is
drawn. Category orders (themes, effects, innovations) are passed in by the
caller, which reads them from the data package's schema.

Each finding has an *evidence basis*: whether it is LIPSE work or related research
by LIPSE researchers (``kind_of_work``), what kind of source it rests on
(``source_type``) and how much of that source the book has seen (``text_seen``).
Related research is counted apart, never among LIPSE's findings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from lipse_widgets.data.bibliography import split_keys as split_sources

__all__ = [
    "FULL_TEXT",
    "LIPSE",
    "NOT_SPECIFIED",
    "RELATED",
    "EvidenceSummary",
    "adopter_group_order",
    "basis_counts",
    "evidence_basis",
    "evidence_points",
    "factor_order",
    "for_theme",
    "ordered",
    "split_sources",
    "summarise",
]

#: The value of ``adopter_group`` when the source names no adopter group.
NOT_SPECIFIED = "not specified"
#: The values of ``kind_of_work``: LIPSE work, or related research by LIPSE researchers.
LIPSE, RELATED = "LIPSE", "related"
#: The value of ``text_seen`` when the book has seen the whole source.
FULL_TEXT = "full text"
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


def evidence_basis(source_type: str, text_seen: str) -> str:
    """Say in words what a finding rests on, e.g. "journal article, abstract or excerpt seen"."""
    seen = "full text seen" if text_seen == FULL_TEXT else "abstract or excerpt seen"
    return f"{source_type}, {seen}"


def evidence_points(findings: pd.DataFrame, effects: Sequence[str] = ()) -> pd.DataFrame:
    """One row per finding, placed in the factor-by-adopter-group grid of the evidence map.

    Adds ``sources`` (the keys joined by ", "), ``basis`` (:func:`evidence_basis`),
    ``slot`` (the finding's position
    among the findings that share its cell), ``offset`` (a horizontal shift in
    pixels that spreads such findings around the cell's centre) and
    ``factor_rank`` (the row, from :func:`factor_order`).
    """
    points = findings.reset_index(drop=True).copy()
    for column in points.columns:
        points[column] = points[column].astype("string").fillna("")
    points["sources"] = [", ".join(split_sources(s)) for s in points["source"]]
    points["basis"] = [
        evidence_basis(t, s)
        for t, s in zip(points["source_type"], points["text_seen"], strict=True)
    ]
    cell = points.groupby(["factor", "adopter_group"], sort=False)
    points["slot"] = cell.cumcount().astype(int)
    size = cell["id"].transform("size").astype(int)
    points["offset"] = (points["slot"] - (size - 1) / 2) * SLOT_SPACING
    rank = {factor: i for i, factor in enumerate(factor_order(points, effects))}
    points["factor_rank"] = points["factor"].map(rank).astype(int)
    return points.sort_values(["factor_rank", "slot"], kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class EvidenceSummary:
    """Counts of a set of findings, for the evidence map and for the chapters' prose."""

    findings: int
    factors: int
    by_effect: dict[str, int]
    unspecified_group: int
    innovations: tuple[str, ...]
    by_kind: dict[str, int] = field(default_factory=dict)
    by_innovation: dict[str, int] = field(default_factory=dict)
    work_packages: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        """The number of findings (LIPSE and related together)."""
        return self.findings

    @property
    def lipse(self) -> int:
        """The number of findings from LIPSE work."""
        return self.by_kind.get(LIPSE, 0)

    @property
    def related(self) -> int:
        """The number of findings from related research by LIPSE researchers."""
        return self.by_kind.get(RELATED, 0)

    def count(self, effect: str) -> int:
        """Return the number of findings with ``effect`` (0 if none)."""
        return self.by_effect.get(effect, 0)

    def about(self, innovation: str) -> int:
        """Return the number of findings about ``innovation`` (0 if none)."""
        return self.by_innovation.get(innovation, 0)


def summarise(
    findings: pd.DataFrame, effects: Sequence[str] = (), innovations: Sequence[str] = ()
) -> EvidenceSummary:
    """Count findings, factors, findings per effect, kind of work and innovation."""
    counts = findings["effect"].astype(str).value_counts()
    kinds = findings["kind_of_work"].astype(str).value_counts()
    about = findings["innovation"].astype(str).value_counts()
    return EvidenceSummary(
        findings=len(findings),
        factors=int(findings["factor"].nunique()),
        by_effect={e: int(counts[e]) for e in ordered(findings["effect"], effects)},
        unspecified_group=int((findings["adopter_group"] == NOT_SPECIFIED).sum()),
        innovations=tuple(ordered(findings["innovation"], innovations)),
        by_kind={k: int(kinds[k]) for k in ordered(findings["kind_of_work"], (LIPSE, RELATED))},
        by_innovation={i: int(about[i]) for i in ordered(findings["innovation"], innovations)},
        work_packages=tuple(sorted(findings["work_package"].astype(str).unique())),
    )


def basis_counts(
    findings: pd.DataFrame, source_types: Sequence[str] = (), seen: Sequence[str] = ()
) -> pd.DataFrame:
    """Count findings per evidence basis: one row per kind of source and extent seen.

    Columns ``source_type``, ``text_seen``, ``LIPSE``, ``related`` and ``total``; rows
    in the order of ``source_types`` then ``seen`` (values not named come last), only
    the combinations that occur.
    """
    table = (
        findings.astype({"kind_of_work": str, "source_type": str, "text_seen": str})
        .groupby(["source_type", "text_seen", "kind_of_work"])["id"]
        .size()
        .unstack("kind_of_work", fill_value=0)
        .reindex(columns=[LIPSE, RELATED], fill_value=0)
        .reset_index()
    )
    types = {t: i for i, t in enumerate(ordered(table["source_type"], source_types))}
    extents = {t: i for i, t in enumerate(ordered(table["text_seen"], seen))}
    table["total"] = table[LIPSE] + table[RELATED]
    table = table.sort_values(
        ["source_type", "text_seen"],
        key=lambda col: col.map(types if col.name == "source_type" else extents),
    )
    table.columns.name = None
    return table.astype({LIPSE: int, RELATED: int, "total": int}).reset_index(drop=True)
