"""The workshop view: a group's readiness scores and its most common weak factors.

Two charts, each one call: :func:`score_spread` and :func:`weak_factors`. Both
score a group's answers with :func:`lipse_widgets.logic.readiness.score`. Without a
file they show the book's MADE-UP example group (the data package resource
:data:`EXAMPLE`); with ``scored_csv`` they show a trainer's own group: the file
``python -m lipse_widgets score`` wrote (CSV or .xlsx), or the answers themselves
(files and folders, as ``score`` reads them).

The charts themselves are the group report's (below: :func:`spread_chart`,
:func:`weak_chart`, :func:`answers_chart`), which the report command and the workshop
board draw too: one chart of each, everywhere.
"""

from __future__ import annotations

import json
from pathlib import Path

import altair as alt
import pandas as pd

from lipse_widgets.data import load_table
from lipse_widgets.data.answers import read_answers
from lipse_widgets.data.models import Model, load_model
from lipse_widgets.data.problems import ANY_COLUMN, WHOLE_FILE, DataValidationError, Problem
from lipse_widgets.logic import readiness, workshop
from lipse_widgets.paths import find_user_file, user_file_folders
from lipse_widgets.views import style
from lipse_widgets.views.figure import Figure, house_figure
from lipse_widgets.views.style import OKABE_ITO

#: The made-up example group shipped with the book (book/data/datapackage.json).
EXAMPLE = "made-up-workshop-eprocurement-answers"
EXAMPLE_MODEL = "eprocurement"


def trainer_file(name: Path | str) -> Path:
    """Find a trainer's file from the repository's root or from ``book/`` alike.

    See :func:`lipse_widgets.paths.find_user_file`. A file that is nowhere raises
    :class:`~lipse_widgets.data.problems.DataValidationError` naming it and the folders
    looked in.
    """
    found = find_user_file(name)
    if found is None:
        places = " and ".join(str(f) for f in user_file_folders())
        message = (
            f"file not found (looked in {places}); give its full path, or put it in one of "
            "these folders"
        )
        raise DataValidationError([Problem(str(name), WHOLE_FILE, ANY_COLUMN, message)])
    return found


def group(model_id: str = EXAMPLE_MODEL, scored_csv: Path | str | None = None):
    """Return ``(model, scores, where they come from)`` for the example or a trainer's file.

    ``scored_csv`` may name the file alone ("scored.csv"): it is found in the current
    folder, the repository's root or ``book/`` (:func:`trainer_file`).
    """
    model = load_model(model_id)
    if scored_csv is None:
        return model, readiness.score(model, load_table(EXAMPLE)), None
    answers = read_answers(trainer_file(scored_csv), model)
    return model, readiness.score(model, answers.frame), Path(scored_csv).name


def _figure(chart, *, title, description, data, slug, columns, origin: str | None, model: Model):
    """Apply the house conventions, with the source line of the data shown.

    The made-up example's source line comes from datapackage.json; a trainer's own
    scored file is named as the source.
    """
    if origin is None:
        where = {"resource": EXAMPLE}
    else:
        where = {
            "source": f"Source: {origin}, scored with the book's {model.title.lower()} model; "
            "the weights are the book's own assumption."
        }
    return house_figure(
        chart, title=title, description=description, data=data, slug=slug, columns=columns, **where
    )


def _records(scores: readiness.Scores) -> list[dict]:
    """Return the scored group's answers as the group charts read them."""
    answers = pd.DataFrame(scores.answers, columns=list(scores.model.factor_ids))
    return workshop.participant_records(scores.model, answers)


def _label(origin: str | None) -> str:
    return "Made-up group" if origin is None else "Your group"


def score_spread(model_id: str = EXAMPLE_MODEL, scored_csv: Path | str | None = None) -> Figure:
    """How the group's readiness scores spread: respondents per band of 10 points."""
    model, scores, origin = group(model_id, scored_csv)
    summary = workshop.summarise(scores)
    bands = workshop.score_bands(scores)
    chart = spread_chart(model, _records(scores))
    title = (
        f"{_label(origin)}: readiness scores from {summary.minimum} to {summary.maximum}, "
        f"median {summary.median:g}"
    )
    description = (
        f"Bar chart: the number of respondents whose {model.title.lower()} score falls in each "
        f"band of 10 points, for {summary.respondents} respondents. "
        + "; ".join(
            f"{row.band}: {row.respondents}" for row in bands.itertuples() if row.respondents
        )
        + "."
    )
    return _figure(
        chart,
        title=title,
        description=description,
        data=bands,
        slug=f"workshop-{model.id}-scores",
        origin=origin,
        model=model,
        columns={"band": "Score band", "respondents": "Respondents"},
    )


def weak_factors(model_id: str = EXAMPLE_MODEL, scored_csv: Path | str | None = None) -> Figure:
    """Which factors are most often among the respondents' weakest."""
    model, scores, origin = group(model_id, scored_csv)
    summary = workshop.summarise(scores)
    counts: pd.DataFrame = summary.weak.copy()
    counts["share_percent"] = (100 * counts["share"]).round(0).astype(int)
    chart = weak_chart(model, _records(scores))
    top = summary.most_common_weak(1)
    title = (
        f"{_label(origin)}: '{top[0][0]}' is most often weakest"
        if top
        else f"{_label(origin)}: no respondent has a weak factor"
    )
    description = (
        f"Bar chart: for each factor of the {model.title.lower()} model, how many of the "
        f"{summary.respondents} respondents have it among their 3 weakest factors. "
        + "; ".join(f"{row.label}: {row.respondents}" for row in counts.itertuples())
        + "."
    )
    return _figure(
        chart,
        title=title,
        description=description,
        data=counts,
        slug=f"workshop-{model.id}-weak-factors",
        origin=origin,
        model=model,
        columns={
            "label": "Factor",
            "respondents": "Respondents",
            "share_percent": "Share of the group (%)",
        },
    )


def summary(model_id: str = EXAMPLE_MODEL, scored_csv: Path | str | None = None):
    """Return the group's :class:`~lipse_widgets.logic.workshop.GroupSummary` (for prose)."""
    _, scores, _ = group(model_id, scored_csv)
    return workshop.summarise(scores)


# --- The group report's charts: one spec each, scored by Vega from the participants ------
#
# Each chart reads the table of participants (workshop.PARTICIPANTS: a name and one
# answer per factor) and scores it with the readiness rule's Vega expressions
# (workshop.datum_definitions), so the same spec draws the Python report (the table
# filled in here, drawn by vl-convert) and the workshop board (the table filled in the
# browser). Their data tables (shown and offered for download) come from the logic.

#: Titles of the group charts (the same in the report and on the board).
SPREAD_TITLE = "How the group's readiness scores spread"
WEAK_TITLE = "Which factors are most often among the weakest"
ANSWERS_TITLE = "How the group answered each question"


def _participants_chart(model: Model, records: list[dict]) -> alt.Chart:
    """Return a chart of the participants' table, each scored by the readiness rule."""
    chart = alt.Chart(alt.Data(name=workshop.PARTICIPANTS))
    for name, expression in workshop.datum_definitions(model):
        chart = chart.transform_calculate(**{name: expression})
    return chart


def _factor_lookup(model: Model, key: str, field_of) -> alt.LookupData:
    """Look a factor's label and place up by ``key`` (a column name made by ``field_of``)."""
    values = [
        {key: field_of(f), "label": factor_label(f), "position": i}
        for i, f in enumerate(model.factors)
    ]
    return alt.LookupData(data=alt.InlineData(values=values), key=key, fields=["label", "position"])


def factor_label(factor) -> str:
    """Return a factor's label in the group charts, "(barrier)" added for a barrier."""
    return f"{factor.label} (barrier)" if factor.is_barrier else factor.label


def spread_chart(model: Model, records: list[dict]) -> alt.Chart:
    """Participants per band of 10 points of the score (every band on the axis)."""
    labels = workshop.band_labels()
    width = workshop.BAND_WIDTH
    last = (len(labels) - 1) * width
    return (
        _participants_chart(model, records)
        .transform_calculate(
            band=f"{json.dumps(labels)}[min(floor(datum.readiness_score / {width}), "
            f"{last // width})]"
        )
        .transform_aggregate(respondents="count()", groupby=["band"])
        .mark_bar(color=OKABE_ITO[0])
        .encode(
            x=alt.X(
                "band:N",
                scale=alt.Scale(domain=labels),
                title="Readiness score (0 to 100)",
                axis=alt.Axis(labelAngle=-45, labelOverlap=False),
            ),
            y=alt.Y("respondents:Q", title="Participants", axis=alt.Axis(tickMinStep=1)),
            tooltip=[
                alt.Tooltip("band:N", title="Score band"),
                alt.Tooltip("respondents:Q", title="Participants"),
            ],
        )
        .properties(width="container", height=200, datasets={workshop.PARTICIPANTS: records})
    )


def weak_chart(model: Model, records: list[dict]) -> alt.Chart:
    """Per factor, the participants who have it among their weakest (most common first)."""
    ranks = [f"readiness_rank_{f.id}" for f in model.factors]
    return (
        _participants_chart(model, records)
        .transform_fold(ranks, as_=["rank_field", "rank"])
        .transform_calculate(weak="datum.rank > 0 ? 1 : 0")
        .transform_aggregate(respondents="sum(weak)", groupby=["rank_field"])
        .transform_lookup(
            lookup="rank_field",
            from_=_factor_lookup(model, "rank_field", lambda f: f"readiness_rank_{f.id}"),
        )
        .transform_calculate(order=f"-datum.respondents * {len(ranks) + 1} + datum.position")
        .mark_bar(color=OKABE_ITO[5])
        .encode(
            y=alt.Y(
                "label:N",
                sort=alt.EncodingSortField(field="order", op="min"),
                title=None,
                axis=alt.Axis(labelLimit=200, labelExpr=style.wrap_labels(24)),
            ),
            x=alt.X(
                "respondents:Q",
                title="Participants",
                axis=alt.Axis(tickMinStep=1),
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Factor"),
                alt.Tooltip("respondents:Q", title="Participants"),
            ],
        )
        .properties(
            width="container", height=30 * len(ranks), datasets={workshop.PARTICIPANTS: records}
        )
    )


def answers_chart(model: Model, records: list[dict]) -> alt.LayerChart:
    """Per factor and answer, how many participants gave it: a grid of counts."""
    ids = list(model.factor_ids)
    scale = list(range(model.scale_min, model.scale_max + 1))
    base = alt.Chart().encode(
        x=alt.X(
            "answer:O",
            scale=alt.Scale(domain=scale),
            title=f"Answer, from {model.scale_min} to {model.scale_max}",
            axis=alt.Axis(labelAngle=0, orient="top"),
        ),
        y=alt.Y(
            "label:N",
            sort=alt.EncodingSortField(field="position", op="min"),
            title=None,
            axis=alt.Axis(labelLimit=200, labelExpr=style.wrap_labels(24)),
        ),
    )
    cells = base.mark_rect(stroke="#FFFFFF", strokeWidth=2).encode(
        color=alt.Color(
            "respondents:Q",
            scale=alt.Scale(scheme="blues", domainMin=0),
            legend=None,
        ),
        tooltip=[
            alt.Tooltip("label:N", title="Factor"),
            alt.Tooltip("answer:O", title="Answer"),
            alt.Tooltip("respondents:Q", title="Participants"),
        ],
    )
    numbers = base.mark_text(fontSize=13).encode(
        text="respondents:Q",
        color=alt.condition(
            "datum.respondents > datum.most / 2", alt.value("#FFFFFF"), alt.value("#000000")
        ),
        tooltip=alt.value(None),
    )
    return (
        alt.layer(cells, numbers, data=alt.Data(name=workshop.PARTICIPANTS))
        .transform_fold(ids, as_=["factor", "answer"])
        .transform_aggregate(respondents="count()", groupby=["factor", "answer"])
        .transform_joinaggregate(most="max(respondents)")
        .transform_lookup(lookup="factor", from_=_factor_lookup(model, "factor", lambda f: f.id))
        .properties(
            width="container", height=34 * len(ids), datasets={workshop.PARTICIPANTS: records}
        )
    )


def group_source(model: Model, origin: str) -> str:
    """Return the source line of a group chart: whose answers, scored with which model."""
    return (
        f"Source: {origin}, scored with the book's {model.title.lower()} model; "
        "the weights are the book's own assumption."
    )


def group_figures(
    model: Model, answers: pd.DataFrame | None = None, origin: str = "the participants' answers"
) -> tuple[Figure, Figure, Figure]:
    """Return the group report's three charts: spread, weak factors, answers per question.

    With ``answers`` (a table of answers as :func:`~lipse_widgets.data.answers.read_answers`
    returns it), the charts are filled with them and described with their figures;
    without, the charts are empty, for a page to fill (the workshop board).
    """
    records = workshop.participant_records(model, answers) if answers is not None else []
    source = group_source(model, origin)
    if records:
        scores = readiness.score(model, answers)
        summary = workshop.summarise(scores)
        bands = workshop.score_bands(scores)
        weak = summary.weak.copy()
        counts = workshop.answer_counts(scores)
        n = summary.respondents
    else:
        bands = pd.DataFrame({"band": workshop.band_labels(), "respondents": 0})
        weak = pd.DataFrame({"label": [f.label for f in model.factors], "respondents": 0})
        counts = pd.DataFrame(columns=["label", "answer", "respondents"])
        n = 0
    who = f"the {n} participants" if records else "the participants"
    spread = house_figure(
        spread_chart(model, records),
        title=SPREAD_TITLE,
        description=(
            f"Bar chart: how many of {who} have a {model.title.lower()} score in each band "
            "of 10 points"
            + (
                ": "
                + "; ".join(
                    f"{r.band}: {r.respondents}" for r in bands.itertuples() if r.respondents
                )
                if records
                else ""
            )
            + "."
        ),
        data=bands[["band", "respondents"]],
        slug=f"group-{model.id}-scores",
        source=source,
        columns={"band": "Score band", "respondents": "Participants"},
    )
    weak_figure = house_figure(
        weak_chart(model, records),
        title=WEAK_TITLE,
        description=(
            f"Bar chart: for each factor of the {model.title.lower()} model, how many of {who} "
            f"have it among their {readiness.N_WEAKEST} weakest factors"
            + (
                ": " + "; ".join(f"{r.label}: {r.respondents}" for r in weak.itertuples())
                if records
                else ""
            )
            + "."
        ),
        data=weak[["label", "respondents"]],
        slug=f"group-{model.id}-weak-factors",
        source=source,
        columns={"label": "Factor", "respondents": "Participants"},
    )
    answers_figure = house_figure(
        answers_chart(model, records),
        title=ANSWERS_TITLE,
        description=(
            f"Grid: for each question of the {model.title.lower()} model (rows) and each answer "
            f"from {model.scale_min} to {model.scale_max} (columns), how many of {who} gave "
            "that answer. A barrier's question asks how strong the barrier is, so a high "
            "answer there is unfavourable."
        ),
        data=counts[["label", "answer", "respondents"]],
        slug=f"group-{model.id}-answers",
        source=source,
        columns={"label": "Factor", "answer": "Answer", "respondents": "Participants"},
    )
    return spread, weak_figure, answers_figure
