"""book/workshop.md finds a trainer's file the same from the repository's root and from book/.

On Binder, JupyterLab's terminal starts at the repository's root (where `score` writes
scored.csv) while the page's notebook runs in book/. The page is executed as a notebook
with its ``your_file`` set to the name alone, once from each folder, in a copy of the
repository's layout (the data folder made the package's with LIPSE_DATA_DIR), in kernels
that run as Binder's do: ``import vl_convert`` fails in them, and they read Vega's
JavaScript from the folder that binder/postBuild writes (here, LIPSE_VEGA_DIR), so they
draw no SVG. With no file given, the page shows the made-up group: the published strict
build executed it so (the ``site`` fixture).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import jupytext
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from notebook_outputs import VEGA_BUNDLE, figures

from lipse_widgets.cli import main
from lipse_widgets.data import load_table
from lipse_widgets.views import vega, workshop
from lipse_widgets.views.figure import PENDING

REPO = Path(__file__).resolve().parent.parent
PAGE = REPO / "book" / "workshop.md"
SETTING = "your_file = None"


@pytest.fixture(scope="module")
def as_on_binder(tmp_path_factory) -> dict[str, str]:
    """The environment variables that make this environment's kernels run as Binder's.

    ``import vl_convert`` fails (a module of that name that raises ImportError, first on
    PYTHONPATH), and Vega's JavaScript for notebook pages is read from LIPSE_VEGA_DIR, as
    :func:`lipse_widgets.views.vega.save` writes it (binder/postBuild). Only the page's
    script is written, the one this page reads (the calculators' widget module is not
    needed: a page that asked for it would fail its cell).
    """
    folder = tmp_path_factory.mktemp("as-on-binder")
    (folder / "vl_convert.py").write_text(
        "raise ImportError('vl-convert is not installed here, as on Binder')\n"
    )
    environ = {
        "PYTHONPATH": os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")])),
        vega.FOLDER_VARIABLE: str(folder / "share"),
    }
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(vega.FOLDER_VARIABLE, environ[vega.FOLDER_VARIABLE])
        target = vega.saved_folder() / vega.PAGE_FILE
    target.parent.mkdir(parents=True)
    target.write_text(vega.vega_bundle(), encoding="utf-8")
    return environ


@pytest.fixture
def layout(tmp_path, monkeypatch, as_on_binder) -> Path:
    """A repository root with book/data (a copy) and scored.csv at the root, as on Binder,
    where the kernels started from here on run as Binder's (:func:`as_on_binder`)."""
    root = tmp_path / "repo"
    shutil.copytree(REPO / "book" / "data", root / "book" / "data")
    monkeypatch.setenv("LIPSE_DATA_DIR", str(root / "book" / "data"))
    for name, value in as_on_binder.items():
        monkeypatch.setenv(name, value)
    answers = load_table(workshop.EXAMPLE).head(9)
    answers.to_csv(root / "answers.csv", index=False)
    monkeypatch.chdir(root)  # the terminal's folder
    assert main(["score", "eprocurement", "answers.csv", "-o", "scored.csv"]) == 0
    return root


def execute(cwd: Path, your_file: str):
    nb = jupytext.read(PAGE)
    (cell,) = [c for c in nb.cells if SETTING in c.source]
    cell.source = cell.source.replace(SETTING, f"your_file = {your_file!r}")
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    )
    client.execute()
    return nb


def html_outputs(nb) -> str:
    return "".join(
        out["data"]["text/html"]
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if "text/html" in out.get("data", {})
    )


def test_the_page_draws_the_group_of_scored_csv_from_the_root_and_from_book(layout):
    for cwd in (layout, layout / "book"):
        nb = execute(cwd, "scored.csv")
        page = html_outputs(nb)
        assert "Your group: readiness scores from" in page, cwd
        assert "Source: scored.csv, scored with the book" in page
        assert "for 9 respondents" in page and "Made-up group" not in page
        # as on Binder: no chart drawn to SVG, Vega's JavaScript read from the saved file
        assert page.count(VEGA_BUNDLE) == 1
        drawn = figures(nb)
        assert len(drawn) == 2 and all(PENDING in f and "<svg" not in f for f in drawn)


def test_a_missing_file_is_named_with_the_folders_looked_in_and_no_traceback(layout):
    with pytest.raises(CellExecutionError) as caught:
        execute(layout / "book", "scores.csv")
    message = str(caught.value)
    assert "scores.csv:0:*: file not found (looked in" in message
    assert str(layout / "book") in message and str(layout) in message
    assert "Traceback" not in message and "File " not in message


@pytest.mark.build
def test_the_page_shows_the_made_up_group_when_no_file_is_given(site):
    """The page as it is (``your_file = None``), executed by the strict build."""
    assert SETTING in PAGE.read_text(encoding="utf-8")
    page = (site / "workshop.html").read_text(encoding="utf-8")
    assert "Made-up group: readiness scores from" in page
    assert "Your group" not in page


def test_find_user_file_looks_here_then_in_the_root_then_in_book(layout, monkeypatch):
    from lipse_widgets.paths import find_user_file, user_file_folders

    monkeypatch.chdir(layout / "book")
    assert user_file_folders() == [layout / "book", layout]
    assert find_user_file("scored.csv") == layout / "scored.csv"
    assert find_user_file(layout / "scored.csv") == layout / "scored.csv"
    assert find_user_file("nothing.csv") is None
    (layout / "book" / "scored.csv").write_text("here first")
    assert find_user_file("scored.csv") == layout / "book" / "scored.csv"


def test_every_answer_code_in_the_trainers_guide_is_one_a_calculator_would_show():
    """A trainer may type the guide's examples into the board: each must be read."""
    from lipse_widgets.data.codes import parse_code
    from lipse_widgets.data.models import load_model, model_names

    models = [load_model(name) for name in model_names()]
    guide = (REPO / "book" / "trainers-guide.md").read_text(encoding="utf-8")
    codes = re.findall(r"\b(?:eprocurement|telework)=\d+", guide)
    assert len(codes) >= 3
    for code in codes:
        parse_code(code, models)  # raises, with the reason, on a code no calculator shows
