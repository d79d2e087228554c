"""The workshop view: a group's readiness scores and its most common weak factors.

Two charts, each one call: :func:`score_spread` and :func:`weak_factors`. Both
score a group's answers with :func:`lipse_widgets.logic.readiness.score`. Without a
file they show the book's MADE-UP example group (the data package resource
:data:`EXAMPLE`); with ``scored_csv`` they show a trainer's own group: the file
``python -m lipse_widgets score`` wrote (CSV or .xlsx), or the answers themselves
(files and folders, as ``score`` reads them).
"""

from __future__ import annotations

from pathlib import Path

import altair as alt
import pandas as pd

from lipse_widgets.data import load_table
from lipse_widgets.data.answers import read_answers
from lipse_widgets.data.models import Model, load_model
from lipse_widgets.data.problems import ANY_COLUMN, WHOLE_FILE, DataValidationError, Problem
from lipse_widgets.logic import readiness, workshop
from lipse_widgets.paths import find_user_file, user_file_folders
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


def _label(origin: str | None) -> str:
    return "Made-up group" if origin is None else "Your group"


def score_spread(model_id: str = EXAMPLE_MODEL, scored_csv: Path | str | None = None) -> Figure:
    """How the group's readiness scores spread: respondents per band of 10 points."""
    model, scores, origin = group(model_id, scored_csv)
    summary = workshop.summarise(scores)
    bands = workshop.score_bands(scores)
    chart = (
        alt.Chart(bands, width="container", height=220)
        .mark_bar(color=OKABE_ITO[0])
        .encode(
            x=alt.X(
                "band:N",
                sort=list(bands["band"]),
                title="Readiness score (0 to 100)",
                axis=alt.Axis(labelAngle=0),
            ),
            y=alt.Y("respondents:Q", title="Respondents", axis=alt.Axis(tickMinStep=1)),
            tooltip=[
                alt.Tooltip("band:N", title="Score band"),
                alt.Tooltip("respondents:Q", title="Respondents"),
            ],
        )
    )
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
    chart = (
        alt.Chart(counts, width="container", height=28 * len(counts))
        .mark_bar(color=OKABE_ITO[5])
        .encode(
            y=alt.Y(
                "label:N", sort=list(counts["label"]), title=None, axis=alt.Axis(labelLimit=220)
            ),
            x=alt.X(
                "respondents:Q",
                title="Respondents with this among their 3 weakest factors",
                axis=alt.Axis(tickMinStep=1),
                scale=alt.Scale(domain=[0, summary.respondents]),
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Factor"),
                alt.Tooltip("respondents:Q", title="Respondents"),
                alt.Tooltip("share_percent:Q", title="Share of the group (%)"),
            ],
        )
    )
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
