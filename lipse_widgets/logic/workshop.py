"""A group's readiness scores, summarised for a workshop: pure functions over :class:`Scores`.

The input is the :class:`~lipse_widgets.logic.readiness.Scores` of a group's
answers (as :func:`~lipse_widgets.logic.readiness.score` returns them): the
summaries count the weakest factors the scoring found, never by parsing text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lipse_widgets.data.answers import RESPONDENT
from lipse_widgets.data.models import Factor, Model
from lipse_widgets.logic.readiness import Scores, vega_definitions

#: The name of the table of participants (one row each: ``name`` and one column per
#: factor) that the group's Vega computations and charts read.
PARTICIPANTS = "participants"
#: The seed of the made-up example answers shipped with the book.
EXAMPLE_SEED = 20150603
#: How many made-up respondents the example has.
EXAMPLE_SIZE = 24


@dataclass(frozen=True)
class GroupSummary:
    """The spread of a group's scores and its most common weak factors."""

    respondents: int
    mean: float
    median: float
    minimum: int
    maximum: int
    weak: pd.DataFrame  # factor, label, respondents, share; most common first

    def most_common_weak(self, n: int = 3) -> list[tuple[str, int]]:
        """Return the ``n`` most common weak factors' labels and counts (counts above zero)."""
        top = self.weak[self.weak["respondents"] > 0].head(n)
        return list(zip(top["label"], top["respondents"].astype(int), strict=True))


def weak_factor_counts(scores: Scores) -> pd.DataFrame:
    """Count, per factor, the respondents who have it among their weakest factors.

    Returns one row per factor of the model (zero counts kept), with columns
    ``factor``, ``label``, ``respondents`` and ``share`` (of all respondents),
    sorted by count (most common first), then by the model's order.
    """
    model = scores.model
    picked = scores.weakest[scores.weakest >= 0].astype(np.int64)
    counts = np.bincount(picked, minlength=len(model.factors))
    frame = pd.DataFrame(
        {
            "factor": list(model.factor_ids),
            "label": [f.label for f in model.factors],
            "position": range(len(model.factors)),
            "respondents": counts.astype(int),
        }
    )
    frame["share"] = frame["respondents"] / max(len(scores), 1)
    frame = frame.sort_values(["respondents", "position"], ascending=[False, True])
    return frame.drop(columns="position").reset_index(drop=True)


def summarise(scores: Scores) -> GroupSummary:
    """Summarise a group's scores: count, mean, median, minimum, maximum, weak factors."""
    if not len(scores):
        raise ValueError("no respondents to summarise")
    shown = scores.rounded.astype(float)
    return GroupSummary(
        respondents=len(scores),
        mean=float(shown.mean()),
        median=float(np.median(shown)),
        minimum=int(shown.min()),
        maximum=int(shown.max()),
        weak=weak_factor_counts(scores),
    )


#: The width of a score band in the charts of a group's scores.
BAND_WIDTH = 10


def band_labels(width: int = BAND_WIDTH) -> list[str]:
    """Return the score bands' labels: "0-9", "10-19", …, "90-100"."""
    starts = range(0, 100, width)
    return [f"{s}-{s + width - 1}" if s + width < 100 else f"{s}-100" for s in starts]


def score_bands(scores: Scores, width: int = BAND_WIDTH) -> pd.DataFrame:
    """Count respondents per score band (0-9, 10-19, …, 90-100); empty bands kept."""
    starts = np.arange(0, 100, width)
    band = np.minimum(scores.rounded.astype(int) // width * width, starts[-1])
    counts = pd.Series(band).value_counts().reindex(starts, fill_value=0)
    return pd.DataFrame(
        {"band": band_labels(width), "start": starts, "respondents": counts.to_numpy()}
    )


def made_up_answers(model: Model, n: int = EXAMPLE_SIZE, seed: int = EXAMPLE_SEED) -> pd.DataFrame:
    """Return ``n`` MADE-UP respondents' answers to ``model``, the same for the same seed.

    For workshop demonstrations only: no real person gave these answers. Each
    factor gets a made-up group tendency, and each respondent answers around it.
    The book's example file was written by this function with the defaults.
    """
    rng = np.random.default_rng(seed)
    centres = rng.uniform(model.scale_min + 0.5, model.scale_max - 0.5, size=len(model.factors))
    noise = rng.normal(0.0, 1.0, size=(n, len(model.factors)))
    answers = np.clip(np.rint(centres + noise), model.scale_min, model.scale_max).astype(int)
    frame = pd.DataFrame(answers, columns=list(model.factor_ids))
    frame.insert(0, RESPONDENT, [f"made-up-{i:02d}" for i in range(1, n + 1)])
    return frame


def answer_counts(scores: Scores) -> pd.DataFrame:
    """Count, per factor and per answer on the scale, the respondents who gave it.

    One row per factor and answer (zero counts kept), in the model's order, with
    columns ``factor``, ``label``, ``answer`` and ``respondents``.
    """
    model = scores.model
    values = range(model.scale_min, model.scale_max + 1)
    rows = []
    for position, factor in enumerate(model.factors):
        counts = np.bincount(
            scores.answers[:, position].astype(np.int64) - model.scale_min,
            minlength=model.span + 1,
        )
        rows += [
            {"factor": factor.id, "label": factor.label, "answer": a, "respondents": int(c)}
            for a, c in zip(values, counts, strict=True)
        ]
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class CommonWeakFactor:
    """One of a group's most common weak factors: how many have it, and what to do."""

    factor: Factor
    respondents: int
    share: float


def common_weak_factors(summary: GroupSummary, model: Model, n: int = 3) -> list[CommonWeakFactor]:
    """Return the ``n`` most common weak factors (counts above zero), most common first."""
    top = summary.weak[summary.weak["respondents"] > 0].head(n)
    return [
        CommonWeakFactor(model.factor(f), int(count), float(share))
        for f, count, share in zip(top["factor"], top["respondents"], top["share"], strict=True)
    ]


# --- The same summary as a Vega computation (for the browser) -----------------------------


def datum_definitions(model: Model) -> list[tuple[str, str]]:
    """Return the scoring rule as Vega expressions over a table of participants (one a row).

    :func:`~lipse_widgets.logic.readiness.vega_definitions`, reading each answer
    from the row's column named by the factor id, and earlier results from the row.
    """
    return vega_definitions(
        model, answer=lambda f: f"datum[{json.dumps(f)}]", ref=lambda n: f"datum[{json.dumps(n)}]"
    )


def participant_records(model: Model, answers: pd.DataFrame) -> list[dict]:
    """Return answers as the Vega computations read them: ``name`` and one value per factor."""
    names = answers[RESPONDENT] if RESPONDENT in answers else pd.Series(range(1, len(answers) + 1))
    records = []
    for position, name in enumerate(names.astype(str)):
        row = {"name": name}
        for factor_id in model.factor_ids:
            row[factor_id] = int(answers[factor_id].iloc[position])
        records.append(row)
    return records


def vega_group(model: Model) -> dict:
    """Return :func:`summarise`, for the browser: a Vega spec that computes, draws nothing.

    Fill its data set :data:`PARTICIPANTS` (records as :func:`participant_records`
    makes them) and read the data sets ``scored`` (each participant with the
    definitions of :func:`datum_definitions`: ``readiness_score``, the ranks …),
    ``summary`` (one row: ``respondents``, ``mean``, ``median``, ``minimum``,
    ``maximum`` of the scores shown) and ``weak`` (per factor: ``factor``,
    ``respondents`` with it among their weakest; most common first, then in the
    model's order, as :func:`weak_factor_counts` sorts them).
    """
    formulas = [
        {"type": "formula", "as": name, "expr": expression}
        for name, expression in datum_definitions(model)
    ]
    factors = [
        {"rank_field": f"readiness_rank_{f.id}", "factor": f.id, "position": i}
        for i, f in enumerate(model.factors)
    ]
    stats = ["respondents", "mean", "median", "minimum", "maximum"]
    return {
        "description": f"The group summary of the {model.title} model (no marks).",
        "data": [
            {"name": PARTICIPANTS, "values": []},
            {"name": "factors", "values": factors},
            {"name": "scored", "source": PARTICIPANTS, "transform": formulas},
            {
                "name": "summary",
                "source": "scored",
                "transform": [
                    {
                        "type": "aggregate",
                        "fields": ["readiness_score"] * len(stats),
                        "ops": ["count", "mean", "median", "min", "max"],
                        "as": stats,
                    }
                ],
            },
            {
                "name": "weak",
                "source": "scored",
                "transform": [
                    {
                        "type": "fold",
                        "fields": [f["rank_field"] for f in factors],
                        "as": ["rank_field", "rank"],
                    },
                    {"type": "formula", "as": "weak", "expr": "datum.rank > 0 ? 1 : 0"},
                    {
                        "type": "aggregate",
                        "groupby": ["rank_field"],
                        "fields": ["weak"],
                        "ops": ["sum"],
                        "as": ["respondents"],
                    },
                    {
                        "type": "lookup",
                        "from": "factors",
                        "key": "rank_field",
                        "fields": ["rank_field"],
                        "values": ["factor", "position"],
                    },
                    {
                        "type": "collect",
                        "sort": {
                            "field": ["respondents", "position"],
                            "order": ["descending", "ascending"],
                        },
                    },
                ],
            },
        ],
    }
