"""Each layer imports on its own, and the lower layers never pull in a UI library."""

import subprocess
import sys

import pytest


def _modules_after_import(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


@pytest.mark.parametrize(
    "module",
    [
        "lipse_widgets.data",
        "lipse_widgets.logic",
        "lipse_widgets.logic.flexible_working",
        "lipse_widgets.logic.context",
        "lipse_widgets.logic.readiness",
        "lipse_widgets.logic.workshop",
        "lipse_widgets.logic.findings",
        "lipse_widgets.data.models",
    ],
)
def test_lower_layers_do_not_import_ui_libraries(module):
    loaded = _modules_after_import(module)
    assert not {"altair", "ipywidgets", "sphinx"} & loaded


def test_top_level_package_is_cheap_to_import():
    loaded = _modules_after_import("lipse_widgets")
    assert not {"pandas", "altair", "ipywidgets", "frictionless"} & loaded


@pytest.mark.parametrize(
    "module",
    [
        "lipse_widgets.views.charts",
        "lipse_widgets.views.context",
        "lipse_widgets.views.static_calculator",
        "lipse_widgets.views.workshop",
        "lipse_widgets.views.evidence",
    ],
)
def test_views_import_alone(module):
    loaded = _modules_after_import(module)
    assert "altair" in loaded
    assert "ipywidgets" not in loaded


@pytest.mark.parametrize(
    "module", ["lipse_widgets.views.findings", "lipse_widgets.views.catalogue"]
)
def test_text_views_need_no_chart_or_widget_library(module):
    loaded = _modules_after_import(module)
    assert not {"altair", "ipywidgets"} & loaded


def test_calculators_bring_ipywidgets_only_in_their_own_module():
    loaded = _modules_after_import("lipse_widgets.views.calculators")
    assert {"altair", "ipywidgets"} <= loaded
