"""A group's readiness scores, summarised for a workshop: pure functions over :class:`Scores`.

The input is the :class:`~lipse_widgets.logic.readiness.Scores` of a group's
answers (as :func:`~lipse_widgets.logic.readiness.score` returns them): the
summaries count the weakest factors the scoring found, never by parsing text.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lipse_widgets.data.answers import RESPONDENT
from lipse_widgets.data.models import Model
from lipse_widgets.logic.readiness import Scores

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


def score_bands(scores: Scores, width: int = 10) -> pd.DataFrame:
    """Count respondents per score band (0-9, 10-19, …, 90-100); empty bands kept."""
    starts = np.arange(0, 100, width)
    band = np.minimum(scores.rounded.astype(int) // width * width, starts[-1])
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
