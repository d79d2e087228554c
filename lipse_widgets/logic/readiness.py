"""Readiness scoring: pure functions over a readiness model and answers.

A :class:`Model` is built from the parsed YAML of a model file (see
:mod:`lipse_widgets.data.models`) by :func:`model_from_dict`. The same model
drives the Jupyter calculator, the in-browser calculator and the command line.

The score, precisely
--------------------
Every answer ``a`` is a whole number on the model's scale, 1 to 5 (``lo`` to
``hi``). It becomes ``k`` points out of ``hi - lo`` (0 to 4):

* a **driver** (a high answer is good): ``k = a - lo``;
* a **barrier** (the question asks how strong the barrier is, so a high answer
  is bad): ``k = hi - a``.

The factor's normalised value is ``k / (hi - lo)``, from 0 (weakest) to 1.
With integer weights ``w`` summing to ``W``, and ``S = sum(w * k)``::

    score = 100 * S / (W * (hi - lo))

that is, the weighted mean of the normalised values, times 100. A factor's
*contribution* is ``100 * w * k / (W * (hi - lo))``: the contributions add up to
the score, and a factor can contribute at most ``100 * w / W``. The calculators
show :attr:`Result.rounded`, the score rounded half up to a whole number, computed
exactly from the integers ``S`` and ``W`` (so Python and the browser agree).

The *weakest factors* are those with the lowest normalised value, among the
factors not already at the most favourable answer; ties go to the factor with the
larger weight, then to the one that comes first in the model. At most
:data:`N_WEAKEST` are listed, with their recommended actions.

The weights are the book's own assumption (each model file says so).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from numbers import Integral

import numpy as np
import pandas as pd

#: How many weakest factors a result lists.
N_WEAKEST = 3
#: Separator of factor ids in the ``weakest`` column.
SEPARATOR = "; "
RESPONDENT = "respondent_id"


class AnswerError(ValueError):
    """Answers that cannot be scored; ``problems`` lists ``(row, field, message)``.

    ``row`` is ``None`` for a single respondent's answers (:func:`score`), or the
    data row from 1 for a frame (:func:`score_frame`).
    """

    def __init__(self, problems: list[tuple[int | None, str, str]]) -> None:
        self.problems = list(problems)
        lines = [
            f"{field}: {message}" if row is None else f"row {row}: {field}: {message}"
            for row, field, message in self.problems
        ]
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class Factor:
    """One question of a readiness model."""

    id: str
    label: str
    question: str
    min_label: str
    max_label: str
    effect: str  # "driver" or "barrier"
    weight: int
    findings: tuple[str, ...]
    action: str
    action_basis: str  # "source" or "book"
    note: str = ""

    @property
    def is_barrier(self) -> bool:
        """Whether a high answer lowers readiness."""
        return self.effect == "barrier"


@dataclass(frozen=True)
class Model:
    """A readiness model: the scale, the factors and the basis of the weights."""

    id: str
    innovation: str
    title: str
    intro: str
    scale_min: int
    scale_max: int
    min_label: str
    max_label: str
    weights_rule: str
    factors: tuple[Factor, ...]

    @property
    def span(self) -> int:
        """The number of steps on the scale (4 for 1 to 5)."""
        return self.scale_max - self.scale_min

    @property
    def total_weight(self) -> int:
        """The sum of the weights, ``W``."""
        return sum(f.weight for f in self.factors)

    @property
    def factor_ids(self) -> tuple[str, ...]:
        """The factors' ids, in the model's order."""
        return tuple(f.id for f in self.factors)

    def factor(self, factor_id: str) -> Factor:
        """Return the factor called ``factor_id``."""
        for factor in self.factors:
            if factor.id == factor_id:
                return factor
        raise KeyError(factor_id)

    def max_contribution(self, factor: Factor) -> float:
        """Return the most a factor can add to the score: ``100 * w / W``."""
        return 100 * factor.weight / self.total_weight

    def default_answers(self) -> dict[str, int]:
        """Return the middle of the scale for every factor (a score of 50)."""
        middle = (self.scale_min + self.scale_max) // 2
        return {f.id: middle for f in self.factors}


def model_from_dict(data: Mapping) -> Model:
    """Build a :class:`Model` from a parsed, validated model file."""
    scale = data["scale"]
    factors = tuple(
        Factor(
            id=f["id"],
            label=f["label"],
            question=f["question"],
            min_label=f["min_label"],
            max_label=f["max_label"],
            effect=f["effect"],
            weight=int(f["weight"]),
            findings=tuple(f["findings"]),
            action=f["action"],
            action_basis=f["action_basis"],
            note=f.get("note", ""),
        )
        for f in data["factors"]
    )
    return Model(
        id=data["id"],
        innovation=data["innovation"],
        title=data["title"],
        intro=" ".join(data["intro"].split()),
        scale_min=int(scale["min"]),
        scale_max=int(scale["max"]),
        min_label=scale["min_label"],
        max_label=scale["max_label"],
        weights_rule=" ".join(data["weights"]["rule"].split()),
        factors=factors,
    )


@dataclass(frozen=True)
class Contribution:
    """What one factor adds to the score."""

    factor: Factor
    answer: int
    points: int  # k: 0 to span, already reversed for a barrier
    value: float  # k / span, 0 to 1
    contribution: float  # 100 * w * k / (W * span)
    max_contribution: float  # 100 * w / W


@dataclass(frozen=True)
class Result:
    """The score of one respondent's answers."""

    model_id: str
    score: float
    rounded: int
    contributions: tuple[Contribution, ...]
    weakest: tuple[Contribution, ...]

    @property
    def findings(self) -> tuple[str, ...]:
        """The ids of the findings behind the weakest factors, in order, without repeats."""
        seen: dict[str, None] = {}
        for item in self.weakest:
            seen.update(dict.fromkeys(item.factor.findings))
        return tuple(seen)

    def answers(self) -> dict[str, int]:
        """Return the answers that were scored."""
        return {c.factor.id: c.answer for c in self.contributions}


def points(factor: Factor, answer: int, model: Model) -> int:
    """Return ``k``: the answer's points out of ``model.span``, reversed for a barrier."""
    if factor.is_barrier:
        return model.scale_max - answer
    return answer - model.scale_min


def round_half_up(numerator: int, denominator: int) -> int:
    """Return ``numerator / denominator`` rounded half up, exactly (non-negative integers)."""
    return (2 * numerator + denominator) // (2 * denominator)


def rounded_score(total_points: int, model: Model) -> int:
    """Return the score as shown: ``100 * S / (W * span)`` rounded half up."""
    return round_half_up(100 * total_points, model.total_weight * model.span)


def _check_answer(model: Model, factor_id: str, value: object) -> str | None:
    """Return what is wrong with one answer, or None."""
    scale = f"a whole number from {model.scale_min} to {model.scale_max}"
    if isinstance(value, bool) or not isinstance(value, Integral):
        return f"{value!r} is not {scale}"
    if not model.scale_min <= int(value) <= model.scale_max:
        return f"{int(value)} is out of range: the answer must be {scale}"
    return None


def check_answers(model: Model, answers: Mapping[str, object]) -> dict[str, int]:
    """Return the answers as integers, or raise :class:`AnswerError` naming each bad field."""
    problems: list[tuple[int | None, str, str]] = []
    for factor in model.factors:
        if factor.id not in answers:
            problems.append((None, factor.id, "no answer given"))
            continue
        message = _check_answer(model, factor.id, answers[factor.id])
        if message:
            problems.append((None, factor.id, message))
    for key in answers:
        if key not in model.factor_ids:
            problems.append((None, str(key), f"not a factor of the {model.id} model"))
    if problems:
        raise AnswerError(problems)
    return {f.id: int(answers[f.id]) for f in model.factors}


def weakest(contributions: tuple[Contribution, ...], model: Model, n: int = N_WEAKEST):
    """Return up to ``n`` weakest contributions (see the module's documentation)."""
    order = {f.id: i for i, f in enumerate(model.factors)}
    candidates = [c for c in contributions if c.points < model.span]
    candidates.sort(key=lambda c: (c.points, -c.factor.weight, order[c.factor.id]))
    return tuple(candidates[:n])


def score(model: Model, answers: Mapping[str, int]) -> Result:
    """Score one respondent's answers (factor id to a whole number on the scale)."""
    checked = check_answers(model, answers)
    total = model.total_weight
    contributions = []
    for factor in model.factors:
        k = points(factor, checked[factor.id], model)
        contributions.append(
            Contribution(
                factor=factor,
                answer=checked[factor.id],
                points=k,
                value=k / model.span,
                contribution=100 * factor.weight * k / (total * model.span),
                max_contribution=model.max_contribution(factor),
            )
        )
    s = sum(c.factor.weight * c.points for c in contributions)
    contributions = tuple(contributions)
    return Result(
        model_id=model.id,
        score=100 * s / (total * model.span),
        rounded=rounded_score(s, model),
        contributions=contributions,
        weakest=weakest(contributions, model),
    )


# --- Many respondents at once -----------------------------------------------------------


def _answer_matrix(model: Model, frame: pd.DataFrame) -> np.ndarray:
    """Return the answers as an int64 matrix (rows x factors), or raise AnswerError."""
    problems: list[tuple[int | None, str, str]] = []
    missing = [f for f in model.factor_ids if f not in frame.columns]
    for factor_id in missing:
        problems.append((0, factor_id, "column is missing"))
    if problems:
        raise AnswerError(problems)
    columns = []
    for factor_id in model.factor_ids:
        column = frame[factor_id]
        if pd.api.types.is_integer_dtype(column) and not column.isna().any():
            values = column.to_numpy(dtype=np.int64)
            bad = (values < model.scale_min) | (values > model.scale_max)
        else:
            numbers = pd.to_numeric(column, errors="coerce").to_numpy(dtype=float)
            bad = ~np.isfinite(numbers) | (numbers != np.round(numbers))
            bad |= (numbers < model.scale_min) | (numbers > model.scale_max)
            values = np.where(bad, model.scale_min, np.nan_to_num(numbers)).astype(np.int64)
        if bad.any():
            for position in np.flatnonzero(bad)[:20]:
                value = column.iloc[position]
                message = _check_answer(model, factor_id, value) or f"{value!r} is not valid"
                if not isinstance(value, bool) and isinstance(value, float) and value.is_integer():
                    message = _check_answer(model, factor_id, int(value)) or message
                problems.append((int(position) + 1, factor_id, message))
        columns.append(values)
    if problems:
        problems.sort(key=lambda p: (p[0], model.factor_ids.index(p[1])))
        raise AnswerError(problems)
    return np.column_stack(columns)


def score_frame(model: Model, frame: pd.DataFrame) -> pd.DataFrame:
    """Score every row of ``frame`` (one column per factor id); vectorised.

    Returns a DataFrame with ``frame``'s index and the columns ``score`` (the exact
    score, a float), ``rounded`` (the whole number the calculators show) and
    ``weakest`` (the weakest factors' ids, weakest first, joined by ``"; "``).
    Each row gives the same result as :func:`score` on that row's answers.
    Raises :class:`AnswerError` (rows counted from 1) if an answer is missing, not
    a whole number, or off the scale.
    """
    answers = _answer_matrix(model, frame)
    weights = np.array([f.weight for f in model.factors], dtype=np.int64)
    barrier = np.array([f.is_barrier for f in model.factors])
    k = np.where(barrier, model.scale_max - answers, answers - model.scale_min)
    total = k @ weights  # S per respondent, exact integers
    denominator = int(weights.sum()) * model.span
    rounded = (2 * 100 * total + denominator) // (2 * denominator)
    # The weakest factors: sort by (points, -weight, position) with one integer key,
    # leaving out factors already at the best answer.
    n = len(model.factors)
    rank_of_weight = (weights.max() - weights) * n + np.arange(n)
    key = k * (int(weights.max()) * n + n) + rank_of_weight
    key = np.where(k < model.span, key, np.iinfo(np.int64).max)
    order = np.argsort(key, axis=1, kind="stable")[:, :N_WEAKEST]
    picked_key = np.take_along_axis(key, order, axis=1)
    ids = np.array(model.factor_ids, dtype=object)
    names = np.where(picked_key < np.iinfo(np.int64).max, ids[order], "")
    joined = pd.Series(names[:, 0], index=frame.index, dtype=object)
    for j in range(1, names.shape[1]):
        nxt = pd.Series(names[:, j], index=frame.index, dtype=object)
        joined = joined.where(nxt == "", joined + SEPARATOR + nxt)
    return pd.DataFrame(
        {
            "score": 100 * total / denominator,
            "rounded": rounded.astype(np.int64),
            "weakest": joined.astype(str),
        },
        index=frame.index,
    )


def scored_table(model: Model, answers: pd.DataFrame) -> pd.DataFrame:
    """Return the answers with ``score`` (0 to 100, a whole number) and ``weakest`` added.

    This is what ``python -m lipse_widgets score`` writes, and what the workshop
    view reads. ``answers`` has a ``respondent_id`` column and one per factor.
    """
    result = score_frame(model, answers)
    columns = [RESPONDENT, *model.factor_ids]
    out = answers[[c for c in columns if c in answers.columns]].copy()
    out["score"] = result["rounded"]
    out["weakest"] = result["weakest"]
    return out


def template_rows(model: Model) -> tuple[list[str], list[object]]:
    """Return the header and one example row of an answers CSV for ``model``."""
    header = [RESPONDENT, *model.factor_ids]
    pattern = (4, 2, 3, 5, 3, 1, 4, 2)
    example = ["example-1", *(pattern[i % len(pattern)] for i in range(len(model.factors)))]
    return header, example


def export_record(model: Model, result: Result) -> dict:
    """Return the answers and the result as plain data (for a JSON download)."""
    return {
        "model": model.id,
        "title": model.title,
        "answers": result.answers(),
        "score": round(result.score, 4),
        "score_shown": result.rounded,
        "contributions": {c.factor.id: round(c.contribution, 4) for c in result.contributions},
        "weakest": [
            {
                "factor": c.factor.id,
                "label": c.factor.label,
                "action": c.factor.action,
                "action_basis": c.factor.action_basis,
                "findings": list(c.factor.findings),
            }
            for c in result.weakest
        ],
        "note": "The weights are the book's own assumption; the score is a prompt for "
        "discussion, not a measurement. The score is the book's, not LIPSE's.",
    }


def export_csv(model: Model, result: Result, respondent_id: str = "me") -> str:
    """Return the answers as a one-row CSV in the format ``python -m lipse_widgets score`` reads."""
    header = [RESPONDENT, *model.factor_ids]
    values = [respondent_id, *(str(result.answers()[f]) for f in model.factor_ids)]
    return ",".join(header) + "\n" + ",".join(values) + "\n"
