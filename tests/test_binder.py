"""The Binder environment: its lock alone, binder/postBuild, then every page in its kernels.

As repo2docker does: binder/requirements.txt installed in a fresh virtual environment
(uv, --require-hashes), then binder/postBuild (which installs the package, writes Vega's
JavaScript with vl-convert and uninstalls vl-convert). Then binder/check_chapters.py runs
every executable page in a kernel of that environment (each cell, every calculator drawn
and answering, no output that refers to another host) and saves the executed pages.

The environment is made once for this module; its executed pages are then read as they
are, with no vl-convert: no figure has an SVG, each page's first figure output carries
Vega, the calculators' widgets carry Vega too, and in Chromium, with every other host
refused, Vega draws every chart of outcomes.md (tests/notebook_outputs.py).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from environments import REPO, for_this_platform, fresh_env, installed, pip_check, run, uv_install
from notebook_outputs import (
    VEGA_BUNDLE,
    check_charts_render_offline,
    figures,
    html_outputs,
    widget_modules,
)

from lipse_widgets.data.models import load_model
from lipse_widgets.views.figure import PENDING


@pytest.fixture(scope="module")
def binder(tmp_path_factory) -> SimpleNamespace:
    """binder/requirements.txt in a fresh environment, then binder/postBuild, as repo2docker
    does; then binder/check_chapters.py --save, with that environment's Python."""
    tmp_path = tmp_path_factory.mktemp("binder")
    env_dir = tmp_path / "binder-env"
    python = fresh_env(env_dir)
    uv_install(python, "--require-hashes", "-r", REPO / "binder" / "requirements.txt")
    # postBuild calls `python -m pip`: give this environment the locked pip, as Binder's has one.
    uv_install(python, "--require-hashes", "-r", REPO / "requirements-tools.txt")
    environ = {
        **os.environ,
        "PATH": f"{env_dir / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "NB_PYTHON_PREFIX": str(env_dir),
        "VIRTUAL_ENV": str(env_dir),
    }
    environ.pop("PYTHONPATH", None)
    # Binder's pip compiles the bytecode at install; uv does not: let the first kernels
    # write it, rather than have every kernel compile every module it imports.
    environ.pop("PYTHONDONTWRITEBYTECODE", None)
    built = run(REPO / "binder" / "postBuild", cwd=REPO, env=environ)
    saved = tmp_path / "executed"
    checked = subprocess.run(
        [python, REPO / "binder" / "check_chapters.py", "--jobs", "2", "--save", saved],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environ,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    return SimpleNamespace(
        env_dir=env_dir, python=python, built=built, checked=checked, saved=saved
    )


def executed(binder: SimpleNamespace, page: str) -> nbformat.NotebookNode:
    """A page as binder/check_chapters.py executed and saved it in Binder's environment."""
    path = (binder.saved / page).with_suffix(".ipynb")
    assert path.is_file(), f"{page} was not saved: it failed the check"
    return nbformat.read(path, as_version=4)


@pytest.mark.install
def test_the_binder_environment_alone_runs_every_chapter_and_the_calculators(binder):
    built, env_dir, python = binder.built, binder.env_dir, binder.python
    assert re.search("deprecat|BuildBackendWarning", built.stdout + built.stderr, re.I) is None
    pip_check(python)
    assert installed(python) == for_this_platform("binder/requirements.txt") | {"pip", "uv"}
    assert (env_dir / "etc/jupyter/labconfig/default_setting_overrides.json").is_file()

    reports = [json.loads(line) for line in binder.checked.stdout.splitlines()]
    assert binder.checked.returncode == 0, json.dumps(
        [r for r in reports if r["problems"]], indent=1
    )
    pages = {r["page"] for r in reports}
    chapters = {f"chapters/{p.name}" for p in (REPO / "book" / "chapters").glob("*.md")}
    assert chapters <= pages and {"workshop.md", "catalogue.md"} <= pages
    for report in reports:
        assert report["prefix"] == str(env_dir) and report["cells"] > 0
    (outcomes,) = [r for r in reports if r["page"] == "chapters/outcomes.md"]
    factors = [len(load_model(m).factors) for m in ("eprocurement", "telework")]
    assert [c["sliders"] for c in outcomes["calculators"]] == factors
    for before, after in outcomes["moves"]:
        assert re.fullmatch(r".+ score: \d+ out of 100", after) and after != before
    # every page that passed is saved, executed, at its path, and nothing else
    saved = {p.relative_to(binder.saved).as_posix() for p in binder.saved.rglob("*.ipynb")}
    assert saved == {Path(page).with_suffix(".ipynb").as_posix() for page in pages}


@pytest.mark.install
@pytest.mark.parametrize("page", ["chapters/outcomes.md", "workshop.md"])
def test_with_no_vl_convert_the_pages_carry_vega_and_draw_no_svg(binder, page):
    """Binder's kernels have no vl-convert (postBuild uninstalled it): they read the Vega
    JavaScript that postBuild saved, and draw no chart to SVG."""
    no_vl_convert = subprocess.run(
        [binder.python, "-c", "import vl_convert"], capture_output=True, check=False
    )
    assert no_vl_convert.returncode == 1 and b"ModuleNotFoundError" in no_vl_convert.stderr
    nb = executed(binder, page)
    outputs = html_outputs(nb)
    # the Vega bundle once per kernel: in one output of the page
    assert len([o for o in outputs if VEGA_BUNDLE in o]) == 1
    drawn = figures(nb)
    assert len(drawn) >= 2
    for figure in drawn:
        assert "<svg" not in figure and PENDING in figure
    if page == "chapters/outcomes.md":
        # each calculator's widget carries Vega itself (the bundle saved by postBuild),
        # not Altair's 8 kB module that imports Vega from a CDN
        modules = widget_modules(nb)
        assert len(modules) == 2 and all(len(code) > 500_000 for code in modules)


@pytest.mark.install
@pytest.mark.browser
def test_binder_s_charts_render_with_every_other_host_refused(binder, browser, tmp_path):
    """outcomes.md as Binder's kernel wrote it (no SVG): Vega draws every chart in Chromium."""
    check_charts_render_offline(browser, executed(binder, "chapters/outcomes.md"), tmp_path)
