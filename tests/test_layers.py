"""Every module imports first and alone; lower layers pull in no chart, widget or Sphinx library.

Importing a module first, in a fresh interpreter, is what reveals an import cycle:
one module of the cycle would find the other half-initialised. To keep this quick,
one interpreter loads the third-party libraries once, then forks a child per module
of the package, which imports only that module.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "lipse_widgets"
MODULES = sorted(
    ".".join(("lipse_widgets", *p.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(
        ".__init__"
    )
    for p in PACKAGE.rglob("*.py")
    if p.name != "__main__.py"
)
# The third-party modules the package imports (Sphinx's and fontTools' by the submodules
# that the extension imports, which `import sphinx` alone does not load).
THIRD_PARTY = [
    "numpy", "pandas", "yaml", "jsonschema", "openpyxl", "frictionless", "pybtex",
    "pycountry", "altair", "ipywidgets", "anywidget", "vl_convert", "sphinx", "markupsafe",
    "sphinx.application", "sphinx.addnodes", "sphinx.util.logging", "docutils.nodes",
    "fontTools.ttLib", "fontTools.subset",
]  # fmt: skip

_EACH_FIRST = """
import importlib, json, os, sys, traceback
for name in {third_party!r}:
    try:
        importlib.import_module(name)
    except ImportError:
        pass
failed = {{}}
for name in sys.argv[1:]:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            importlib.import_module(name)
            os._exit(0)
        except BaseException:
            os.write(write, traceback.format_exc()[-600:].encode())
            os._exit(1)
    os.close(write)
    message = os.read(read, 4096).decode()
    os.close(read)
    _, status = os.waitpid(pid, 0)
    if status:
        failed[name] = message
print(json.dumps(failed))
"""


def _loaded_by(*modules: str) -> set[str]:
    """Import ``modules`` in a fresh interpreter; return every module that got loaded."""
    code = f"import sys, {', '.join(modules)}; print(chr(10).join(sys.modules))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(run.stdout.split())


def test_the_package_has_its_modules():
    assert {"lipse_widgets.data.tables", "lipse_widgets.logic.readiness"} <= set(MODULES)
    assert len(MODULES) >= 30


def test_every_module_imports_first_and_alone():
    code = _EACH_FIRST.format(third_party=THIRD_PARTY)
    run = subprocess.run([sys.executable, "-c", code, *MODULES], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    assert json.loads(run.stdout) == {}


def test_a_cycle_would_be_caught(tmp_path):
    """The check above fails for two modules that import each other at the top."""
    (tmp_path / "cycle_a.py").write_text("from cycle_b import B\nA = 1\n")
    (tmp_path / "cycle_b.py").write_text("from cycle_a import A\nB = 2\n")
    code = f"import sys; sys.path.insert(0, {str(tmp_path)!r})\n" + _EACH_FIRST.format(
        third_party=[]
    )
    run = subprocess.run([sys.executable, "-c", code, "cycle_a"], capture_output=True, text=True)
    assert "ImportError" in json.loads(run.stdout)["cycle_a"]


def test_data_and_logic_pull_in_no_chart_widget_or_sphinx_library():
    lower = [m for m in MODULES if m.startswith(("lipse_widgets.data", "lipse_widgets.logic"))]
    assert len(lower) >= 15
    assert not {"altair", "ipywidgets", "sphinx"} & _loaded_by(*lower)


@pytest.mark.parametrize(
    ("module", "absent"),
    [
        ("lipse_widgets", {"pandas", "altair", "ipywidgets", "frictionless"}),
        ("lipse_widgets.cli", {"altair", "ipywidgets", "frictionless"}),
        ("lipse_widgets.views.findings", {"altair", "ipywidgets"}),
        ("lipse_widgets.views.catalogue", {"altair", "ipywidgets"}),
    ],
)
def test_light_modules_stay_light(module, absent):
    assert not absent & _loaded_by(module)
