"""Summaries of the context data the theme chapters chart beside LIPSE's findings.

The chapters set LIPSE's findings beside public statistics: the OECD Digital
Government Index, the European Commission's eGovernment Benchmark, and Rogers'
adopter categories. The functions here pick out one measure, mark the countries a
LIPSE work package studied, and say which of them the dataset lacks, so that a
chart's title, its description and the chapter's prose all state the same numbers.

Pure functions over DataFrames: no file is read here and no chart is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import pycountry

from lipse_widgets.logic.prose import in_prose, join_names

# ----------------------------------------------------------------------------
# The countries LIPSE's work packages studied, as the sources name them
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StudyGroup:
    """A set of countries a LIPSE work package studied, with where that is stated.

    ``label`` is how a chart and the prose refer to the group ("the countries of
    the four WP1 municipalities"); ``iso3`` lists ISO 3166-1 alpha-3 codes;
    ``basis`` says what the sources actually name (cities, countries).
    """

    key: str
    label: str
    iso3: tuple[str, ...]
    basis: str


#: WP1 compared four municipalities; the chart marks the countries they are in.
WP1_MUNICIPALITIES = StudyGroup(
    key="WP1",
    label="countries of the four WP1 municipalities",
    iso3=("DNK", "NLD", "ESP", "GBR"),
    basis="Copenhagen (Denmark), Rotterdam (Netherlands), Barcelona (Spain) and "
    "West Lothian (Scotland, United Kingdom)",
)
#: The seven study countries on the project's WP2 page.
WP2_COUNTRIES = StudyGroup(
    key="WP2",
    label="WP2 study countries",
    iso3=("DNK", "EST", "DEU", "NLD", "SVK", "ESP", "GBR"),
    basis="Denmark, Estonia, Germany, the Netherlands, Slovakia, Spain and the United Kingdom",
)
#: The six countries named in the project's news item on the WP3 report.
WP3_COUNTRIES = StudyGroup(
    key="WP3",
    label="WP3 countries",
    iso3=("BEL", "FRA", "NLD", "SVK", "ROU", "GBR"),
    basis="Belgium, France, the Netherlands, Slovakia, Romania and the United Kingdom",
)
STUDY_GROUPS = {g.key: g for g in (WP1_MUNICIPALITIES, WP2_COUNTRIES, WP3_COUNTRIES)}


def country_name(iso3: str) -> str:
    """Return a country's short English name for an ISO 3166-1 alpha-3 code.

    Uses the ISO 3166 data shipped with :mod:`pycountry` (its common name where
    ISO's official short name is long, e.g. "Moldova").
    """
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        raise ValueError(f"unknown ISO 3166-1 alpha-3 country code {iso3!r}")
    return getattr(country, "common_name", None) or country.name


# ----------------------------------------------------------------------------
# One measure across countries, with a study group marked
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CountryScore:
    """One country's value on the compared measure (rank as the publisher gives it)."""

    country: str
    iso3: str
    value: float
    rank: int | None = None


@dataclass(frozen=True, eq=False)
class Comparison:
    """One measure for every country in one edition or period, with a group marked.

    ``table`` has one row per country (columns ``country``, ``iso3``, ``value``,
    ``rank``, ``group``), best first. ``highlighted`` are the group's countries that
    have a value, best first; ``missing`` names those the dataset lacks.
    """

    measure: str
    period: str
    table: pd.DataFrame
    average: float
    average_label: str
    group: StudyGroup | None
    highlighted: tuple[CountryScore, ...]
    missing: tuple[str, ...]
    decimals: int = 2
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def countries(self) -> int:
        """How many countries have a value (averages not counted)."""
        return len(self.table)

    @property
    def ranked(self) -> int:
        """How many countries the publisher ranked (some are scored but not ranked)."""
        return int(self.table["rank"].notna().sum())

    @property
    def above_average(self) -> tuple[CountryScore, ...]:
        """The group's countries that score above the average, best first."""
        return tuple(s for s in self.highlighted if s.value > self.average)

    @property
    def below_average(self) -> tuple[CountryScore, ...]:
        """The group's countries that score at or below the average, best first."""
        return tuple(s for s in self.highlighted if s.value <= self.average)

    @property
    def best(self) -> CountryScore:
        """The highest-scoring country of all."""
        return _score(self.table.iloc[0])

    @property
    def worst(self) -> CountryScore:
        """The lowest-scoring country of all."""
        return _score(self.table.iloc[-1])

    def score(self, iso3: str) -> CountryScore:
        """Return one country's score; ``KeyError`` if the dataset lacks it."""
        rows = self.table[self.table["iso3"] == iso3]
        if rows.empty:
            raise KeyError(f"{iso3} has no value for {self.measure} ({self.period})")
        return _score(rows.iloc[0])

    def fmt(self, value: float) -> str:
        """Format a value of this measure as the chart shows it."""
        return f"{value:.{self.decimals}f}"

    @property
    def missing_in_prose(self) -> str:
        """The group's countries the dataset lacks, as prose ("the United Kingdom")."""
        return join_names(self.missing)

    @property
    def period_in_prose(self) -> str:
        """The edition or period as prose: "2023", or "2022 and 2023" for a two-year average."""
        return self.period.replace("+", " and ")

    def in_prose(self, scores: tuple[CountryScore, ...]) -> str:
        """List countries with their values as prose: "Denmark (0.80) and Spain (0.55)"."""
        items = [f"{in_prose(s.country)} ({self.fmt(s.value)})" for s in scores]
        if len(items) <= 1:
            return items[0] if items else "none"
        return ", ".join(items[:-1]) + " and " + items[-1]


def decimals_of(values: pd.Series, most: int = 3) -> int:
    """Return how many decimals the publisher printed (the fewest that hold every value)."""
    floats = values.astype(float)
    for places in range(most + 1):
        if ((floats.round(places) - floats).abs() < 1e-9).all():
            return places
    return most


def _score(row: pd.Series) -> CountryScore:
    rank = None if pd.isna(row["rank"]) else int(row["rank"])
    return CountryScore(str(row["country"]), str(row["iso3"]), float(row["value"]), rank)


def _finish(
    table: pd.DataFrame, group: StudyGroup | None
) -> tuple[pd.DataFrame, tuple[CountryScore, ...], tuple[str, ...]]:
    """Sort best first, mark the group, and list the group's missing countries."""
    # Ties in the printed score keep the publisher's rank order, then the name's.
    table = table.sort_values(
        ["value", "rank", "country"], ascending=[False, True, True], na_position="last"
    ).reset_index(drop=True)
    members = set(group.iso3) if group else set()
    table["group"] = [
        group.label if (group and iso in members) else "other countries" for iso in table["iso3"]
    ]
    present = set(table["iso3"])
    highlighted = tuple(_score(r) for _, r in table.iterrows() if r["iso3"] in members)
    missing = tuple(
        country_name(iso) for iso in (group.iso3 if group else ()) if iso not in present
    )
    return table, highlighted, missing


#: The OECD Digital Government Index measures in the data, as a title names them.
DGI_MEASURES = {
    "composite_score": "OECD Digital Government Index",
    "digital_by_design": "digital-by-design dimension of the OECD Digital Government Index",
    "data_driven_public_sector": "data-driven dimension of the OECD Digital Government Index",
    "government_as_a_platform": "platform dimension of the OECD Digital Government Index",
    "open_by_default": "open-by-default dimension of the OECD Digital Government Index",
    "user_driven": "user-driven dimension of the OECD Digital Government Index",
    "proactiveness": "proactiveness dimension of the OECD Digital Government Index",
}


def dgi_comparison(
    frame: pd.DataFrame, edition: int, indicator: str, group: StudyGroup | None = None
) -> Comparison:
    """Compare countries on one OECD Digital Government Index measure in one edition.

    ``frame`` is the ``oecd_digital_government_index`` table. The OECD's own rank
    is attached where the OECD gives one (some countries are scored, not ranked).
    The two editions rest on different surveys, so a comparison stays within one.
    """
    if indicator not in DGI_MEASURES:
        raise ValueError(f"unknown Digital Government Index measure {indicator!r}")
    rows = frame[frame["edition"] == edition]
    if rows.empty:
        editions = ", ".join(str(e) for e in sorted(frame["edition"].dropna().unique()))
        raise ValueError(f"no Digital Government Index edition {edition} (have: {editions})")
    scores = rows[rows["indicator"] == indicator]
    countries = scores[~scores["is_aggregate"].astype(bool)]
    average = scores.loc[scores["is_aggregate"].astype(bool), "value"]
    if countries.empty or average.empty:
        raise ValueError(f"no values for {indicator!r} in the {edition} edition")
    ranks = rows[(rows["indicator"] == f"{indicator}_rank")].set_index("iso3")["value"]
    table = pd.DataFrame(
        {
            "country": countries["country"].astype(str).to_numpy(),
            "iso3": countries["iso3"].astype(str).to_numpy(),
            "value": countries["value"].astype(float).to_numpy(),
        }
    )
    table["rank"] = table["iso3"].map(lambda iso: ranks.get(iso, pd.NA)).astype("Int64")
    table, highlighted, missing = _finish(table, group)
    survey = str(rows["survey"].iloc[0])
    return Comparison(
        measure=DGI_MEASURES[indicator],
        period=str(edition),
        table=table,
        average=float(average.iloc[0]),
        average_label="OECD average",
        group=group,
        highlighted=highlighted,
        missing=missing,
        decimals=decimals_of(scores["value"]),
        notes=(f"Edition {edition} rests on the {survey}.",),
    )


#: The eGovernment Benchmark's overall score and dimensions, as a title names them.
BENCHMARK_MEASURES = {
    "0": "European Commission's eGovernment Benchmark (overall score)",
    "1": "user centricity dimension of the eGovernment Benchmark",
    "2": "transparency dimension of the eGovernment Benchmark",
    "3": "key enablers dimension of the eGovernment Benchmark",
    "4": "cross-border services dimension of the eGovernment Benchmark",
}
EU27_AVERAGE = "AVERAGE_EU27"


def benchmark_comparison(
    frame: pd.DataFrame,
    indicator_code: str,
    group: StudyGroup | None = None,
    period_end: int | None = None,
) -> Comparison:
    """Compare countries on one eGovernment Benchmark measure in one two-year period.

    ``frame`` is the ``ec_egovernment_benchmark_2016_2023`` table; the period is the
    latest one unless ``period_end`` names another. Only one period is compared: the
    source marks a break in series at the 2018 data collection.
    """
    if indicator_code not in BENCHMARK_MEASURES:
        raise ValueError(f"unknown eGovernment Benchmark indicator code {indicator_code!r}")
    rows = frame[(frame["indicator_code"] == indicator_code) & frame["value"].notna()]
    if period_end is None:
        period_end = int(rows["period_end"].max())
    rows = rows[rows["period_end"] == period_end]
    if rows.empty:
        raise ValueError(
            f"no eGovernment Benchmark values for code {indicator_code} in {period_end}"
        )
    average = rows.loc[rows["country"] == EU27_AVERAGE, "value"]
    if average.empty:
        raise ValueError(f"no EU27 average for code {indicator_code} in {period_end}")
    countries = rows[~rows["is_aggregate"].astype(bool)]
    table = pd.DataFrame(
        {
            "country": [country_name(iso) for iso in countries["iso3"].astype(str)],
            "iso3": countries["iso3"].astype(str).to_numpy(),
            "value": countries["value"].astype(float).to_numpy(),
        }
    )
    table["rank"] = pd.array([pd.NA] * len(table), dtype="Int64")
    table, highlighted, missing = _finish(table, group)
    start = int(rows["period_start"].iloc[0])
    return Comparison(
        measure=BENCHMARK_MEASURES[indicator_code],
        period=f"{start}+{period_end}",
        table=table,
        average=float(average.iloc[0]),
        average_label="EU27 average",
        group=group,
        highlighted=highlighted,
        missing=missing,
        decimals=1,
        notes=(
            "Two-year average of the data collections of "
            f"{start} and {period_end}; it rates what governments offer online, not its use.",
        ),
    )


# ----------------------------------------------------------------------------
# Rogers' adopter categories
# ----------------------------------------------------------------------------

#: The categories that adopt last, after the early majority (Rogers' terms).
LATER_CATEGORIES = ("late majority", "laggards")
#: Labels of the two stages the chart colours. They are Rogers' category names, not
#: WP5's "later adopters": no source matches WP5's groups to Rogers' categories.
LATER_STAGE = "late majority and laggards"
EARLIER_STAGE = "innovators, early adopters and early majority"


def adopter_categories(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the adopter categories in order of adoption, with cumulative shares.

    Columns: ``category``, ``order``, ``share_percent``, ``cumulative_percent``,
    ``stage`` (:data:`LATER_STAGE` for :data:`LATER_CATEGORIES`, else :data:`EARLIER_STAGE`).
    """
    table = frame[["category", "order", "share_percent"]].copy()
    table["category"] = table["category"].astype(str)
    table["order"] = table["order"].astype(int)
    table["share_percent"] = table["share_percent"].astype(float)
    table = table.sort_values("order").reset_index(drop=True)
    table["cumulative_percent"] = table["share_percent"].cumsum()
    table["stage"] = [
        LATER_STAGE if c in LATER_CATEGORIES else EARLIER_STAGE for c in table["category"]
    ]
    return table


def share_of(frame: pd.DataFrame, categories: tuple[str, ...] = LATER_CATEGORIES) -> float:
    """Sum the conventional shares (per cent) of ``categories``."""
    unknown = set(categories) - set(frame["category"].astype(str))
    if unknown:
        raise ValueError(f"unknown adopter categories: {', '.join(sorted(unknown))}")
    return float(frame.loc[frame["category"].isin(categories), "share_percent"].astype(float).sum())
