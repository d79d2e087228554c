"""Each layer imports on its own, and the lower layers never pull in a UI library."""

import subprocess
import sys

import pytest


def _modules_after_import(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


@pytest.mark.parametrize("module", ["lipse_widgets.data", "lipse_widgets.logic",
                                    "lipse_widgets.logic.flexible_working"])
def test_lower_layers_do_not_import_ui_libraries(module):
    loaded = _modules_after_import(module)
    assert not {"altair", "ipywidgets", "sphinx"} & loaded


def test_top_level_package_is_cheap_to_import():
    loaded = _modules_after_import("lipse_widgets")
    assert not {"pandas", "altair", "ipywidgets", "frictionless"} & loaded


def test_views_import_alone():
    loaded = _modules_after_import("lipse_widgets.views.charts")
    assert "altair" in loaded
    assert "ipywidgets" not in loaded
