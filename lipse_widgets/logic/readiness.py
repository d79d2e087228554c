"""Readiness scoring: the rule, once, over a table of answers (and once as Vega expressions).

A :class:`~lipse_widgets.data.models.Model` is read from its model file by
:func:`lipse_widgets.data.models.load_model`. :func:`score` scores a table of
answers, one row per respondent and one column per factor; a single respondent is
a table of one row. The calculators, the ``score`` command and the workshop view
all call it. The browser cannot run Python, so :func:`vega_definitions` writes the
same rule as Vega expressions, generated here beside it; a test evaluates them
with Vega on random answers and requires the same results.

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
show the score rounded half up to a whole number, computed exactly from the
integers ``S`` and ``W`` (so Python and the browser agree).

The *weakest factors* are those with the fewest points ``k``, among the factors
not already at the most favourable answer; ties go to the factor with the larger
weight, then to the one that comes first in the model. At most :data:`N_WEAKEST`
are listed, with their actions.

The weights are the book's own assumption (each model file says so).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from numbers import Integral

import numpy as np
import pandas as pd

from lipse_widgets.data.answers import RESPONDENT, SCORE, WEAKEST
from lipse_widgets.data.models import Factor, Model

#: How many weakest factors a result lists.
N_WEAKEST = 3
#: Separator of factor labels in the ``weakest`` column.
SEPARATOR = "; "
#: The note every export of a score carries.
NOT_A_MEASUREMENT = (
    "The weights are the book's own assumption; the score is a prompt for discussion, "
    "not a measurement. The score is the book's, not LIPSE's."
)


class AnswerError(ValueError):
    """Answers that cannot be scored; ``problems`` lists ``(row, factor id, message)``.

    ``row`` is None for a single respondent's answers given as a mapping, or the
    row's index label in the table given.
    """

    def __init__(self, problems: list[tuple[object, str, str]]) -> None:
        self.problems = list(problems)
        lines = [
            f"{field}: {message}" if row is None else f"row {row}: {field}: {message}"
            for row, field, message in self.problems
        ]
        super().__init__("\n".join(lines))


# --- Checking answers -------------------------------------------------------------------


def _scale(model: Model) -> str:
    return f"a whole number from {model.scale_min} to {model.scale_max}"


def _cell_message(model: Model, value: object) -> str | None:
    """Return what is wrong with one answer, or None."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, Integral):
        return f"{value!r} is not {_scale(model)}"
    if not model.scale_min <= int(value) <= model.scale_max:
        return f"{int(value)} is out of range: the answer must be {_scale(model)}"
    return None


def check_answers(model: Model, answers: pd.DataFrame, *, single: bool = False) -> np.ndarray:
    """Return the answers as an ``int8`` matrix (rows x factors), or raise AnswerError.

    With ``single`` (one respondent's answers), messages name no row.
    """
    missing = [f for f in model.factor_ids if f not in answers.columns]
    if missing:
        raise AnswerError([(None, f, "no answer given") for f in missing])
    columns, problems = [], []
    for factor_id in model.factor_ids:
        column = answers[factor_id]
        if pd.api.types.is_integer_dtype(column) and not column.isna().any():
            values = column.to_numpy()
            bad = (values < model.scale_min) | (values > model.scale_max)
        else:
            bad = np.array([_cell_message(model, v) is not None for v in column], dtype=bool)
            values = np.array(
                [model.scale_min if b else int(v) for v, b in zip(column, bad, strict=True)],
                dtype=np.int64,
            )
        for position in np.flatnonzero(bad)[:20]:
            value = column.iloc[position]
            label = None if single else answers.index[position]
            problems.append((label, factor_id, _cell_message(model, value)))
        columns.append(values.astype(np.int8))
    if problems:
        order = {f: i for i, f in enumerate(model.factor_ids)}
        problems.sort(key=lambda p: (str(p[0]), order[p[1]]))
        raise AnswerError(problems)
    return np.column_stack(columns) if columns else np.zeros((len(answers), 0), np.int8)


def _as_table(model: Model, answers: pd.DataFrame | Mapping[str, object]) -> pd.DataFrame:
    """Return the answers as a table; a mapping (one respondent) becomes a table of one row."""
    if isinstance(answers, pd.DataFrame):
        return answers
    unknown = [k for k in answers if k not in model.factor_ids and k != RESPONDENT]
    if unknown:
        raise AnswerError(
            [(None, str(k), f"not a factor of the {model.id} model") for k in unknown]
        )
    return pd.DataFrame({k: pd.Series([v], dtype=object) for k, v in answers.items()})


# --- Scoring ----------------------------------------------------------------------------


def _tie_order(model: Model) -> np.ndarray:
    """Each factor's place among equal points: larger weight first, then model order.

    ``rank of weight * n + position``, with weights ranked densely from the largest
    (0): small integers, whatever the weights are.
    """
    weights = [f.weight for f in model.factors]
    distinct = sorted(set(weights), reverse=True)
    n = len(weights)
    return np.array([distinct.index(w) * n + i for i, w in enumerate(weights)], dtype=np.int64)


def _tie_base(model: Model) -> int:
    """Return a multiplier that puts points before the tie order in one integer key."""
    return len({f.weight for f in model.factors}) * len(model.factors)


@dataclass(frozen=True, eq=False)
class Scores:
    """The scores of a table of answers: one row per respondent.

    ``answers`` and ``points`` are ``(respondents x factors)`` integer matrices
    (``points`` is ``k``, already reversed for a barrier); ``total`` is ``S``;
    ``rounded`` the score as shown (0 to 100); ``weakest`` the positions (in the
    model) of each respondent's weakest factors, weakest first, -1 where fewer.
    """

    model: Model
    index: pd.Index
    answers: np.ndarray
    points: np.ndarray
    total: np.ndarray
    rounded: np.ndarray
    weakest: np.ndarray

    def __len__(self) -> int:
        """Return the number of respondents."""
        return len(self.total)

    @property
    def denominator(self) -> int:
        """``W * (hi - lo)``: the score is ``100 * S`` divided by it."""
        return self.model.total_weight * self.model.span

    @property
    def score(self) -> np.ndarray:
        """The exact scores, ``100 * S / (W * span)`` (floats)."""
        return 100 * self.total / self.denominator

    @property
    def contributions(self) -> np.ndarray:
        """What each factor adds to each score: ``100 * w * k / (W * span)``."""
        weights = np.array([f.weight for f in self.model.factors], dtype=np.float64)
        return 100 * self.points.astype(np.float64) * weights / self.denominator

    def weakest_factors(self, row: int = 0) -> tuple[Factor, ...]:
        """Return one respondent's weakest factors (by position in the table), weakest first."""
        return tuple(self.model.factors[p] for p in self.weakest[row] if p >= 0)

    def answers_of(self, row: int = 0) -> dict[str, int]:
        """One respondent's answers, by factor id."""
        return {f: int(a) for f, a in zip(self.model.factor_ids, self.answers[row], strict=True)}

    def weakest_text(self, names: Callable[[Factor], str] = lambda f: f.label) -> pd.Series:
        """Each respondent's weakest factors as text, weakest first, joined by ``"; "``.

        A categorical Series: there are few distinct texts, each made once.
        """
        n = len(self.model.factors) + 1
        code = np.zeros(len(self), dtype=np.int64)
        for column in range(self.weakest.shape[1]):
            code = code * n + (self.weakest[:, column].astype(np.int64) + 1)
        present = np.bincount(code, minlength=1)  # codes are small: count, don't sort
        unique = np.flatnonzero(present)
        lookup = np.zeros(len(present), dtype=np.int64)
        lookup[unique] = np.arange(len(unique))
        inverse = lookup[code]
        texts = []
        for value in unique:
            positions = []
            for _ in range(self.weakest.shape[1]):
                value, digit = divmod(int(value), n)
                positions.insert(0, digit - 1)
            texts.append(SEPARATOR.join(names(self.model.factors[p]) for p in positions if p >= 0))
        categories = pd.Categorical.from_codes(inverse.ravel(), categories=pd.Index(texts))
        return pd.Series(categories, index=self.index)


def score(model: Model, answers: pd.DataFrame | Mapping[str, object]) -> Scores:
    """Score a table of answers (one column per factor id; other columns are ignored).

    A mapping of factor ids to answers is one respondent: a table of one row.
    Raises :class:`AnswerError` if an answer is missing, not a whole number or off
    the scale.
    """
    table = _as_table(model, answers)
    checked = check_answers(model, table, single=not isinstance(answers, pd.DataFrame))
    if model.total_weight * model.span * 200 >= 2**62:
        raise ValueError("the weights are too large to score exactly")
    barrier = np.array([f.is_barrier for f in model.factors])
    points = np.where(barrier, model.scale_max - checked, checked - model.scale_min).astype(np.int8)
    total = np.zeros(len(points), dtype=np.int64)  # S per respondent, exact integers
    for position, factor in enumerate(model.factors):
        total += factor.weight * points[:, position].astype(np.int64)
    denominator = model.total_weight * model.span
    rounded = (2 * 100 * total + denominator) // (2 * denominator)
    return Scores(model, table.index, checked, points, total, rounded, _weakest(model, points))


def _weakest(model: Model, points: np.ndarray) -> np.ndarray:
    """Return each row's weakest factors' positions, weakest first (-1 where fewer)."""
    # One small integer key per cell: points first, then the tie order; the factors
    # already at the best answer get a key above every other.
    key = points.astype(np.int16) * _tie_base(model) + _tie_order(model).astype(np.int16)
    not_weak = (model.span + 1) * _tie_base(model)
    key[points >= model.span] = not_weak
    weakest = np.full((len(points), min(N_WEAKEST, len(model.factors))), -1, dtype=np.int8)
    for place in range(weakest.shape[1]):  # the smallest key, then the next, ...
        position = key.argmin(axis=1)[:, None]
        found = np.take_along_axis(key, position, axis=1)[:, 0] < not_weak
        weakest[found, place] = position[found, 0]
        np.put_along_axis(key, position, not_weak, axis=1)
    return weakest


def scored_table(scores: Scores, respondents: pd.Series) -> pd.DataFrame:
    """Return the answers with ``score`` (the whole number shown) and ``weakest`` (labels).

    This is what ``python -m lipse_widgets score`` writes.
    """
    table = pd.DataFrame({RESPONDENT: np.asarray(respondents, dtype=object)})
    for position, factor_id in enumerate(scores.model.factor_ids):
        table[factor_id] = scores.answers[:, position]
    table[SCORE] = scores.rounded
    table[WEAKEST] = scores.weakest_text().array
    return table


# --- Exports of one respondent's answers -------------------------------------------------


def export_record(scores: Scores, row: int = 0) -> dict:
    """Return one respondent's answers and result as plain data (for a JSON download)."""
    model = scores.model
    contributions = scores.contributions[row]
    return {
        "model": model.id,
        "title": model.title,
        "answers": scores.answers_of(row),
        "score": round(float(scores.score[row]), 4),
        "score_shown": int(scores.rounded[row]),
        "contributions": {
            f.id: round(float(c), 4) for f, c in zip(model.factors, contributions, strict=True)
        },
        "weakest": [
            {
                "factor": f.id,
                "label": f.label,
                "action": f.action,
                "action_basis": f.action_basis,
                "findings": list(f.findings),
            }
            for f in scores.weakest_factors(row)
        ],
        "note": NOT_A_MEASUREMENT,
    }


def export_csv(scores: Scores, respondent: str, row: int = 0) -> str:
    """Return one respondent's answers as a CSV table of one row, as ``score`` reads it."""
    answers = scores.answers_of(row)
    header = [RESPONDENT, *scores.model.factor_ids]
    values = [respondent, *(str(answers[f]) for f in scores.model.factor_ids)]
    return ",".join(header) + "\r\n" + ",".join(values) + "\r\n"


# --- The same rule as Vega expressions ----------------------------------------------------


def answer_signal(factor_id: str) -> str:
    """Return the name of the Vega signal (the calculator's input) holding an answer."""
    return f"answer_{factor_id}"


def vega_definitions(
    model: Model,
    answer: Callable[[str], str] = answer_signal,
    ref: Callable[[str], str] = lambda name: name,
) -> list[tuple[str, str]]:
    """Return the scoring rule as Vega expressions: ``[(name, expression)]``, in order.

    ``answer(factor_id)`` is how an expression reads an answer (by default the
    calculator's signal ``answer_<id>``; ``lambda f: f"datum['{f}']"`` reads a
    table with one column per factor), and ``ref(name)`` how it reads an earlier
    definition (a signal by its name; ``datum.<name>`` for calculated fields).
    The definitions are, with the model's factor ids:

    * ``readiness_points_<id>``: ``k``, the answer's points, reversed for a barrier;
    * ``readiness_total``: ``S``; ``readiness_score``: the score as shown (half up);
    * ``readiness_order_<id>``: the factor's place among the weak factors (1 is the
      weakest), 0 if it is not weak; ``readiness_rank_<id>``: the same, 0 beyond
      :data:`N_WEAKEST`;
    * ``readiness_points``, ``readiness_ranks``: the same, as arrays in model order.

    Only integers are added and compared, so the browser computes exactly what
    :func:`score` computes.
    """
    lo, hi, span = model.scale_min, model.scale_max, model.span
    points = {f.id: f"readiness_points_{f.id}" for f in model.factors}
    definitions = []
    for factor in model.factors:
        value = f"toNumber({answer(factor.id)})"
        expression = f"{hi} - {value}" if factor.is_barrier else f"{value} - {lo}"
        definitions.append((points[factor.id], expression))
    total = " + ".join(f"{f.weight} * {ref(points[f.id])}" for f in model.factors)
    definitions.append(("readiness_total", total))
    denominator = model.total_weight * span
    definitions.append(
        ("readiness_score", f"floor(100 * {ref('readiness_total')} / {denominator} + 0.5)")
    )
    base, ties = _tie_base(model), _tie_order(model)

    def key(i: int) -> str:
        return f"({ref(points[model.factors[i].id])} * {base} + {ties[i]})"

    for i, factor in enumerate(model.factors):
        below = (
            " + ".join(
                f"({ref(points[other.id])} < {span} && {key(j)} < {key(i)} ? 1 : 0)"
                for j, other in enumerate(model.factors)
                if j != i
            )
            or "0"
        )
        definitions.append(
            (f"readiness_order_{factor.id}", f"{ref(points[factor.id])} < {span} ? 1 + {below} : 0")
        )
    for factor in model.factors:
        order = ref(f"readiness_order_{factor.id}")
        definitions.append((f"readiness_rank_{factor.id}", f"{order} <= {N_WEAKEST} ? {order} : 0"))
    definitions.append(
        ("readiness_points", "[" + ", ".join(ref(points[f.id]) for f in model.factors) + "]")
    )
    ranks = ", ".join(ref(f"readiness_rank_{f.id}") for f in model.factors)
    definitions.append(("readiness_ranks", f"[{ranks}]"))
    return definitions
