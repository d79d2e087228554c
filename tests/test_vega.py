"""Vega with and without vl-convert in the environment (lipse_widgets/views/vega.py).

Binder's environment has no vl-convert: binder/postBuild saves Vega's JavaScript with it,
then uninstalls it. Here vl-convert is present (the dev environment): the scripts are
saved as postBuild does, then vl-convert is taken away from the module
(``vega.vl_convert = None``, what its guarded import leaves), and a figure, a calculator
and the group report are made as a kernel on Binder makes them. (The Binder environment
itself, installed from its lock, runs every chapter in tests/test_binder.py, where its
figures are also drawn in a browser.) With vl-convert, each script is made once per
environment and kept for the next process.
"""

from __future__ import annotations

import re

import pytest
from test_cli_score import HEADER, rows_of, run, write_csv

from lipse_widgets import STATIC_SITE
from lipse_widgets.views import calculators, figure, flexible_working, vega

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _clear_caches():
    vega.vega_bundle.cache_clear()
    vega.widget_module.cache_clear()
    calculators._offline.cache_clear()


@pytest.fixture(scope="module")
def made_with_vl_convert(tmp_path_factory):
    """The two scripts as vl-convert makes them here, saved as postBuild saves them.

    vl-convert makes each once per environment (make book's build keeps the page's script;
    the first widget made keeps the other): :func:`vega.save` writes what it made, rather
    than make both again (about 4 s of CPU). Binder's postBuild, in tests/test_binder.py,
    runs ``save`` as it is, with vl-convert making both.
    """
    _clear_caches()
    bundle, module = vega.vega_bundle(), vega.widget_module()
    share = tmp_path_factory.mktemp("env") / "share"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(vega.FOLDER_VARIABLE, str(share))
        patch.setattr(vega, "_make_bundle", lambda: bundle)
        patch.setattr(vega, "_make_widget_module", lambda: module)
        written = vega.save()
    assert [p.parent for p in written] == [share / f"altair-{vega.alt.__version__}"] * 2
    return share, bundle, module


@pytest.fixture
def without_vl_convert(monkeypatch, made_with_vl_convert):
    """vl-convert gone, after its scripts were saved."""
    monkeypatch.delenv(STATIC_SITE, raising=False)
    monkeypatch.setenv(vega.FOLDER_VARIABLE, str(made_with_vl_convert[0]))
    monkeypatch.setattr(vega, "vl_convert", None)
    monkeypatch.setattr(figure._Runtime, "sent", set())
    monkeypatch.setattr(calculators.CalculatorWidget, "_esm", calculators.CalculatorWidget._esm)
    _clear_caches()
    yield
    _clear_caches()


def test_the_saved_scripts_are_the_ones_vl_convert_makes(without_vl_convert, made_with_vl_convert):
    _, bundle, module = made_with_vl_convert
    assert vega.vega_bundle() == bundle and vega.widget_module() == module
    assert bundle.startswith("/* Vega, Vega-Lite and vega-embed") and len(bundle) > 500_000
    # Altair's module with Vega bundled in: it imports nothing, from no host
    assert len(module) > 500_000 and not re.search(r"""(import|from)\s*["']https?://""", module)


def test_a_figure_waits_for_vega_in_its_box_and_draws_no_svg(without_vl_convert):
    assert not vega.can_draw_svg()
    remote = flexible_working.remote_work_coverage()
    first = remote._repr_mimebundle_()["text/html"]
    second = remote._repr_mimebundle_()["text/html"]
    # the saved bundle once per notebook page, then only the figure and its script
    assert first.startswith("<script data-lipse-notebook-only>/* Vega, Vega-Lite")
    assert first.endswith(second) and "/* Vega, Vega-Lite" not in second
    assert "<svg" not in second and figure.PENDING in second
    assert '<div class="lipse-chart-box">' in second  # no size: Vega's chart sets it
    assert 'class="lipse-chart-spec"' in second and "window.vegaEmbed" in second
    assert remote.title in second and "Download this chart" in second
    with pytest.raises(vega.VegaUnavailable, match="vl-convert-python"):
        remote.static  # noqa: B018


def test_a_calculator_is_the_offline_widget_with_the_saved_module(
    without_vl_convert, made_with_vl_convert
):
    calc = calculators.eprocurement_calculator()
    bundle = calc._repr_mimebundle_()
    assert bundle[WIDGET_VIEW]["model_id"] == calc.widget.model_id
    # the saved module, after the few lines that free the sliders' arrow keys in JupyterLab
    assert calc.chart._esm == calculators.KEYBOARD_JS + made_with_vl_convert[2]


def test_with_nothing_saved_the_page_says_what_to_install_and_shows_no_traceback(
    without_vl_convert, monkeypatch, tmp_path
):
    monkeypatch.setenv(vega.FOLDER_VARIABLE, str(tmp_path / "nothing"))
    page = flexible_working.remote_work_coverage()._repr_mimebundle_()["text/html"]
    assert "vl-convert-python" in page and figure.PENDING in page
    calc = calculators.telework_calculator()
    shown = calc._repr_mimebundle_()
    assert set(shown) == {"text/html", "text/plain"}
    assert "binder/requirements-vega.txt" in shown["text/html"]


def test_the_report_says_it_needs_vl_convert_and_writes_nothing(
    without_vl_convert, tmp_path, monkeypatch, tiny_data, capsys
):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    write_csv(work / "group.csv", [HEADER, *rows_of(3)])
    code, out, err = run(["report", "tiny", "group.csv", "-o", "group.html"], capsys)
    assert code == 1 and out == ""
    assert err.startswith("The group report cannot be made here: Drawing a chart to SVG")
    assert "Traceback" not in err and err.endswith("Nothing was written.\n")
    assert sorted(p.name for p in work.iterdir()) == ["group.csv"]


def test_with_vl_convert_each_script_is_made_once_per_environment(
    made_with_vl_convert, monkeypatch, tmp_path
):
    """The first process keeps what vl-convert made; the next ones read it, unchanged.
    (vl-convert's two makers are counted here; what they make is the fixture's, made by
    vl-convert: making it again would cost about 4 s of CPU.)"""
    _, bundle, module = made_with_vl_convert
    made: list[str] = []
    monkeypatch.setattr(vega, "_make_bundle", lambda: made.append(vega.PAGE_FILE) or bundle)
    monkeypatch.setattr(
        vega, "_make_widget_module", lambda: made.append(vega.WIDGET_FILE) or module
    )
    monkeypatch.setenv(vega.FOLDER_VARIABLE, str(tmp_path / "share" / "lipse-widgets"))
    _clear_caches()
    assert vega.vega_bundle() == bundle and vega.widget_module() == module
    assert made == [vega.PAGE_FILE, vega.WIDGET_FILE]
    kept = sorted(p.name for p in vega.kept_folder().iterdir())
    assert kept == [vega.WIDGET_FILE, vega.PAGE_FILE]  # whole files, no part left
    # a later process finds them: nothing is made
    _clear_caches()
    assert vega.vega_bundle() == bundle and vega.widget_module() == module
    assert made == [vega.PAGE_FILE, vega.WIDGET_FILE]
    # another vl-convert: its own scripts, made anew
    monkeypatch.setattr(vega.vl_convert, "__version__", "0.0.0-another")
    _clear_caches()
    assert vega.vega_bundle() == bundle
    assert made == [vega.PAGE_FILE, vega.WIDGET_FILE, vega.PAGE_FILE]
    _clear_caches()
