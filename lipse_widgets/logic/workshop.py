"""A group's readiness scores, summarised for a workshop: pure functions over DataFrames.

The input is a *scored* table, as ``python -m lipse_widgets score`` writes it and
:func:`lipse_widgets.logic.readiness.scored_table` returns it: one row per
respondent with ``score`` (0 to 100) and ``weakest`` (factor ids joined by
``"; "``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lipse_widgets.logic.readiness import RESPONDENT, SEPARATOR, Model

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


def weak_factor_counts(model: Model, scored: pd.DataFrame) -> pd.DataFrame:
    """Count, per factor, the respondents who have it among their weakest factors.

    Returns one row per factor of the model (zero counts kept), with columns
    ``factor``, ``label``, ``respondents`` and ``share`` (of all respondents),
    sorted by count (most common first), then by the model's order.
    """
    lists = scored["weakest"].fillna("").astype(str).str.split(SEPARATOR.strip())
    ids = lists.explode().str.strip()
    counts = ids[ids != ""].value_counts()
    frame = pd.DataFrame(
        {
            "factor": list(model.factor_ids),
            "label": [f.label for f in model.factors],
            "position": range(len(model.factors)),
        }
    )
    frame["respondents"] = frame["factor"].map(counts).fillna(0).astype(int)
    frame["share"] = frame["respondents"] / max(len(scored), 1)
    frame = frame.sort_values(["respondents", "position"], ascending=[False, True])
    return frame.drop(columns="position").reset_index(drop=True)


def summarise(model: Model, scored: pd.DataFrame) -> GroupSummary:
    """Summarise a scored table: count, mean, median, minimum, maximum, weak factors."""
    if scored.empty:
        raise ValueError("no respondents to summarise")
    scores = scored["score"].astype(float)
    return GroupSummary(
        respondents=len(scored),
        mean=float(scores.mean()),
        median=float(scores.median()),
        minimum=int(scores.min()),
        maximum=int(scores.max()),
        weak=weak_factor_counts(model, scored),
    )


def score_bands(scored: pd.DataFrame, width: int = 10) -> pd.DataFrame:
    """Count respondents per score band (0-9, 10-19, …, 90-100); empty bands kept."""
    starts = np.arange(0, 100, width)
    band = np.minimum(scored["score"].astype(int) // width * width, starts[-1])
    counts = pd.Series(band).value_counts().reindex(starts, fill_value=0)
    labels = [f"{s}-{s + width - 1}" if s + width < 100 else f"{s}-100" for s in starts]
    return pd.DataFrame({"band": labels, "start": starts, "respondents": counts.to_numpy()})


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
