"""The chapters' glue writes exactly what myst-nb's glue writes, in a real kernel.

The book's build (myst-nb) reads glued values back from the chapters' outputs; Binder's
environment has no myst-nb, so the chapters call :func:`lipse_widgets.views.glue.glue`.
Here each kind of value the chapters glue (a phrase, whole and decimal numbers, MyST
markdown, a house figure, a table), shown and not shown, is glued by both in one
kernel of this environment (which has myst-nb: the build's), and the outputs compared as
the notebook would save them.
"""

from __future__ import annotations

import json

import nbformat
import pytest
from nbclient import NotebookClient

SETUP = """
from myst_nb import glue as myst_nb_glue
from lipse_widgets.views.glue import glue
import numpy as np, pandas as pd
from lipse_widgets.views import context
from lipse_widgets.views.findings import findings_list
values = {
    "text": "3 LIPSE findings",
    "int": 12,
    "float": 0.5423,
    "numpy": np.float64(61.25),
    "markdown": findings_list("innovation outcomes"),
    "figure": context.digital_government_index(2023, "composite_score", "WP1"),
    "table": pd.DataFrame({"country": ["Denmark", "Spain"], "score": [0.8, 0.5]}),
}
# The first figure a kernel displays also carries the Vega bundle (views/figure.py):
# show one first, so that both glues below write the figure as every later one is.
display(values["figure"])
"""
KINDS = ("text", "int", "float", "numpy", "markdown", "figure", "table")


@pytest.fixture(scope="module")
def outputs() -> dict[tuple[str, bool, str], list[dict]]:
    """Each kind glued with display=True and False, by myst-nb and by the package."""
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell(SETUP))
    keys = []
    for kind in KINDS:
        for display in (True, False):
            for who in ("myst_nb_glue", "glue"):
                name = f"{kind}-{display}"
                code = f"{who}({name!r}, values[{kind!r}], display={display})"
                nb.cells.append(nbformat.v4.new_code_cell(code))
                keys.append((kind, display, who))
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    return {key: cell.outputs for key, cell in zip(keys, nb.cells[1:], strict=True)}


@pytest.mark.parametrize("display", [True, False])
@pytest.mark.parametrize("kind", KINDS)
def test_glue_writes_what_myst_nb_glue_writes(outputs, kind, display):
    ours, theirs = outputs[kind, display, "glue"], outputs[kind, display, "myst_nb_glue"]
    assert len(ours) == 1 and ours[0]["output_type"] == "display_data"
    # byte for byte, as the notebook saves it (nbformat writes sorted keys) and as sent
    assert json.dumps(ours, sort_keys=True) == json.dumps(theirs, sort_keys=True)
    assert json.dumps(ours) == json.dumps(theirs)
    data, metadata = ours[0]["data"], ours[0]["metadata"]
    assert metadata["scrapbook"]["name"] == f"{kind}-{display}"
    prefix = "" if display else "application/papermill.record/"
    assert metadata["scrapbook"]["mime_prefix"] == prefix
    assert "text/plain" in {k.removeprefix(prefix) for k in data}
    assert all(k.startswith(prefix) for k in data)


def test_a_figure_is_glued_with_its_html(outputs):
    (figure,) = outputs["figure", True, "glue"]
    assert 'class="lipse-figure"' in figure["data"]["text/html"]
    (table,) = outputs["table", False, "glue"]
    assert "Denmark" in table["data"]["application/papermill.record/text/html"]
