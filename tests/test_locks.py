"""The locks, the packaging and the Binder environment.

Every install of the book comes from a lock: requirements-tools.txt (pip, uv),
requirements.txt (the build), requirements-dev.txt (the build and the tests) and
binder/requirements.txt (Binder), with binder/requirements-vega.txt (what Binder's postBuild
installs for a moment). Each pins every package with its hashes, and is written
by `make lock` from the readable inputs (*.in and pyproject.toml).

The first tests read the files. The tests marked ``install`` make fresh virtual
environments: uv installs each lock in one with --require-hashes (quickly, from uv's cache
once it has the files), then pip checks it. The Binder lock is installed the same way, alone
and finished by binder/postBuild, in tests/test_binder.py, which then runs every executable
page there (binder/check_chapters.py, whose own reports are checked at the end of this file).
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib.metadata import packages_distributions
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from environments import (
    REPO,
    UV,
    for_this_platform,
    fresh_env,
    installed,
    lock_entries,
    pip_check,
    run,
    uv_install,
)
from notebook_outputs import in_own_thread, load_check_chapters
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))

# Each lock, and what `make lock` writes it from: its input files and pyproject.toml's
# dependencies with these extras (None: not from pyproject.toml).
LOCKS = {
    "requirements-tools.txt": (["requirements-tools.in"], None),
    "requirements.txt": (["requirements.in"], ["site"]),
    "requirements-dev.txt": (["requirements.in", "requirements-dev.in"], ["site"]),
    "binder/requirements.txt": (["binder/requirements.in"], []),
    "binder/requirements-vega.txt": (["binder/requirements-vega.in"], None),
}
# What only builds the website, and so has no place in the Binder image.
SITE_ONLY = {
    "jupyter-book",
    "sphinx-book-theme",
    "pydata-sphinx-theme",
    "sphinx-design",
    "sphinxcontrib-bibtex",
    "sphinx-thebe",
    "sphinx-copybutton",
    "sphinx-togglebutton",
    "sphinx-external-toc",
}


def pinned_version(req: Requirement) -> Version:
    (spec,) = req.specifier
    assert spec.operator == "==", f"{req} is not pinned with =="
    return Version(spec.version)


def input_requirements(lock: str) -> list[tuple[str, Requirement]]:
    """The direct requirements that `make lock` reads for one lock, with where each is."""
    files, extras = LOCKS[lock]
    found = []
    for name in files:
        for line in (REPO / name).read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                assert not line.startswith("-"), f"{name}: options are set by `make lock`"
                found.append((name, Requirement(line)))
    if extras is not None:
        project = PYPROJECT["project"]
        deps = list(project["dependencies"])
        for extra in extras:
            deps += project["optional-dependencies"][extra]
        found += [("pyproject.toml", Requirement(d)) for d in deps]
    return found


# --- The locks, read ---------------------------------------------------------------------


@pytest.mark.parametrize("lock", LOCKS)
def test_every_package_of_the_lock_is_pinned_with_its_hashes(lock):
    text = (REPO / lock).read_text(encoding="utf-8")
    assert "make lock" in text.splitlines()[1], "write the locks with `make lock`"
    entries = lock_entries(lock)
    assert entries
    for versions in entries.values():
        for req, hashes in versions:
            pinned_version(req)
            assert hashes, f"{lock}: {req} has no --hash"
            assert not req.url and not req.extras, f"{lock}: {req}"
    # Nothing installs the book's package from a lock: editable and path requirements
    # cannot be hashed (the Makefile and binder/postBuild install it on its own).
    assert "lipse-widgets" not in entries
    assert not re.search(r"^\s*(-e|--editable|\.)\b", text, re.M)


@pytest.mark.parametrize("lock", LOCKS)
def test_every_input_is_in_its_lock_at_a_version_it_allows(lock):
    """An input changed without `make lock` fails here, with what to do."""
    entries = lock_entries(lock)
    for source, req in input_requirements(lock):
        name = canonicalize_name(req.name)
        assert name in entries, f"{req} ({source}) is not in {lock}: run `make lock`"
        for locked, _ in entries[name]:
            version = pinned_version(locked)
            assert req.specifier.contains(version, prereleases=True), (
                f"{lock} pins {locked}, which {source} does not allow ({req}): run `make lock`"
            )


def test_the_makefile_writes_the_locks_from_these_inputs():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    recipes = re.findall(r"^\t\$\(LOCK\) (.*)$", makefile, re.M)
    written = {}
    for recipe in recipes:
        words = recipe.split()
        output = words[words.index("-o") + 1]
        extras = [words[i + 1] for i, w in enumerate(words) if w == "--extra"]
        inputs = [w for w in words if w.endswith(".in")]
        written[output] = (inputs, extras if "pyproject.toml" in words else None)
        if output != "requirements.txt" and output != "requirements-tools.txt":
            assert words[words.index("-c") + 1] == "requirements.txt", output
    assert written == LOCKS
    assert "--universal" in makefile and "--generate-hashes" in makefile


def test_dev_and_binder_locks_hold_the_build_versions():
    build = lock_entries("requirements.txt")
    for lock in ("requirements-dev.txt", "binder/requirements.txt"):
        for name, versions in lock_entries(lock).items():
            if name in build:
                assert [str(r) for r, _ in versions] == [str(r) for r, _ in build[name]], name


def test_the_dev_lock_holds_the_whole_build():
    assert set(lock_entries("requirements.txt")) <= set(lock_entries("requirements-dev.txt"))


def test_the_binder_lock_has_what_the_chapters_need_and_nothing_of_the_site_build():
    binder = set(lock_entries("binder/requirements.txt"))
    # Not myst-nb either (it brings Sphinx; the chapters glue with lipse_widgets.views.glue),
    # nor vl-convert (84 MB: postBuild saves Vega's JavaScript with it, then uninstalls it),
    # nor Frictionless (37 MB with what it brings: `validate` needs it, not a kernel).
    optional = {"myst-nb", "sphinx", "vl-convert-python", "frictionless"}
    assert not binder & (SITE_ONLY | optional)
    assert set(lock_entries("binder/requirements-vega.txt")) == {"vl-convert-python"}
    # The chapters as notebooks in JupyterLab, the kernel, the package's own dependencies,
    # and the build backend of postBuild's editable install.
    needed = {"jupytext", "ipykernel", "setuptools"}
    needed |= {canonicalize_name(Requirement(d).name) for d in PYPROJECT["project"]["dependencies"]}
    assert needed <= binder
    assert len(binder) < len(lock_entries("requirements.txt"))


def test_pip_and_uv_are_pinned_and_installed_first():
    tools = lock_entries("requirements-tools.txt")
    assert set(tools) == {"pip", "uv"}
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    installs = re.findall(r"-m pip install (.*)$", makefile, re.M)
    assert installs[0] == "--quiet --require-hashes -r requirements-tools.txt"
    for options in installs:
        from_lock = re.fullmatch(r"--quiet --require-hashes -r (\S+\.txt)", options)
        own_package = options == "--quiet --no-deps --no-build-isolation --editable ."
        assert from_lock or own_package, options
        if from_lock:
            assert from_lock.group(1) in LOCKS
    assert re.search(r"^\$\(VENV\)/\.installed: .*\$\(VENV\)/\.installed-tools$", makefile, re.M)


# --- pyproject.toml -------------------------------------------------------------------------


def test_the_licence_is_an_spdx_expression_with_a_backend_that_reads_it():
    project = PYPROJECT["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    assert not any(c.startswith("License ::") for c in project.get("classifiers", []))
    (backend,) = PYPROJECT["build-system"]["requires"]
    req = Requirement(backend)
    assert req.name == "setuptools" and not req.specifier.contains("76.1")
    assert req.specifier.contains("77.0.0")
    for lock in ("requirements.txt", "binder/requirements.txt"):
        ((locked, _),) = lock_entries(lock)["setuptools"]
        assert req.specifier.contains(pinned_version(locked)), lock


def _imported(nodes) -> set[str]:
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m != "lipse_widgets"}


def _optional_imports(tree: ast.Module) -> set[str]:
    """Modules imported at the top of a module in ``try: import x / except ImportError``,
    or looked for there with ``importlib.util.find_spec("x")`` (imported when needed)."""
    found = set()
    for assign in (n for n in tree.body if isinstance(n, ast.Assign)):
        for node in ast.walk(assign):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "find_spec"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(node.args[0].value)
    for node in tree.body:
        if isinstance(node, ast.Try) and any(
            isinstance(h.type, ast.Name) and h.type.id in ("ImportError", "ModuleNotFoundError")
            for h in node.handlers
        ):
            found |= _imported(node.body)
    return found


def _imports(paths) -> tuple[set[str], set[str]]:
    """What modules the files import: (required, optional)."""
    required, optional = set(), set()
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        maybe = _optional_imports(tree)
        optional |= maybe
        required |= _imported(ast.walk(tree)) - maybe
    return required, optional


def test_every_module_the_package_imports_is_a_declared_dependency():
    """`pip install .` must bring what the package imports (the site extra: the Sphinx
    extension's own). A module imported only under ``except ImportError`` (vl-convert,
    lipse_widgets/views/vega.py), or looked for with ``find_spec`` (Frictionless,
    lipse_widgets/data/package.py), is optional: declared in an extra. What ``make
    book`` runs (lipse_widgets/build) may also import what requirements.in names."""
    package = REPO / "lipse_widgets"
    extension, build = package / "sphinxext", package / "build"
    core = [p for p in package.rglob("*.py") if not {extension, build} & set(p.parents)]
    providers = packages_distributions()
    project = PYPROJECT["project"]

    def declared(deps):
        return {canonicalize_name(Requirement(d).name) for d in deps}

    base = declared(project["dependencies"])
    site = base | declared(project["optional-dependencies"]["site"])
    extras = set().union(*map(declared, project["optional-dependencies"].values()))
    core_required, core_optional = _imports(core)
    extension_required, _ = _imports(extension.rglob("*.py"))
    build_required, _ = _imports(build.rglob("*.py"))
    build_env = site | {
        canonicalize_name(r.name) for f, r in input_requirements("requirements.txt")
    }
    assert core_optional == {"vl_convert", "frictionless"}
    for modules, allowed, where in (
        (core_required, base, "dependencies"),
        (core_optional, extras - base, "an extra (and not in dependencies)"),
        (extension_required, site, "the site extra"),
        (build_required, build_env, "the site extra or requirements.in"),
    ):
        assert modules, where
        for module in sorted(modules):
            dists = {canonicalize_name(d) for d in providers.get(module, [])}
            assert dists & allowed, f"lipse_widgets imports {module}: declare {dists} in {where}"


@pytest.mark.install
@pytest.mark.parametrize("lock", [lock for lock in LOCKS if not lock.startswith("binder/")])
def test_a_fresh_environment_installs_the_lock_with_require_hashes(lock, tmp_path):
    """(The Binder lock: in tests/test_binder.py.)"""
    python = fresh_env(tmp_path / "env")
    uv_install(python, "--require-hashes", "-r", REPO / lock)
    if lock != "requirements-tools.txt":
        # As the Makefile does: the package adds nothing to the lock.
        uv_install(python, "--no-deps", "--no-build-isolation", "--editable", REPO)
    pip_check(python)
    assert installed(python) == for_this_platform(lock)


@pytest.mark.install
def test_require_hashes_refuses_a_lock_with_a_package_missing(tmp_path):
    """The guard the install tests rely on: a lock without a dependency does not install."""
    lock = (REPO / "binder" / "requirements.txt").read_text(encoding="utf-8")
    start = lock.index("\ntraitlets==")
    end = lock.index("\n", lock.index("# via", start))
    broken = tmp_path / "requirements.txt"
    broken.write_text(lock[:start] + lock[end:], encoding="utf-8")
    python = fresh_env(tmp_path / "env")
    proc = subprocess.run(
        [
            UV,
            "pip",
            "install",
            "--no-config",
            "--dry-run",
            "--python",
            python,
            "--require-hashes",
            "-r",
            broken,
        ],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert proc.returncode != 0 and "traitlets" in proc.stderr, proc.stderr


def package_copy(tmp_path: Path) -> Path:
    """The package's sources in a temporary folder, so that building leaves no build/ here."""
    copy = tmp_path / "src"
    copy.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        (copy / name).write_bytes((REPO / name).read_bytes())
    shutil.copytree(
        REPO / "lipse_widgets", copy / "lipse_widgets", ignore=shutil.ignore_patterns("__pycache__")
    )
    return copy


@pytest.fixture(scope="module")
def built_wheel(tmp_path_factory) -> SimpleNamespace:
    """The package's wheel, built verbosely (pip shows every warning of the backend) by the
    locked setuptools in a fresh environment, from a copy of the sources."""
    tmp_path = tmp_path_factory.mktemp("wheel")
    python = fresh_env(tmp_path / "env")
    ((setuptools, _),) = lock_entries("requirements.txt")["setuptools"]
    uv_install(python, str(setuptools))
    source, wheels = package_copy(tmp_path), tmp_path / "wheel"
    build = ["wheel", "-v", "--no-deps", "--no-build-isolation", "-w", wheels, source]
    proc = run(sys.executable, "-m", "pip", "--python", python, *build, cwd=tmp_path)
    (wheel,) = wheels.glob("lipse_widgets-*.whl")
    return SimpleNamespace(output=proc.stdout + proc.stderr, wheel=wheel)


@pytest.mark.install
def test_pip_install_of_the_package_alone_gives_an_importable_package(built_wheel, tmp_path):
    """Only the package's own metadata brings what it needs (versions held to the build's
    lock with -c, which adds no package): its wheel installed in a fresh environment."""
    python = fresh_env(tmp_path / "env")
    uv_install(python, built_wheel.wheel, "-c", REPO / "requirements.txt")
    names = installed(python)
    assert not names & SITE_ONLY and "sphinx" not in names
    pip_check(python)
    # Every layer imports, and the command line runs.
    code = (
        "import sys\n"
        "import lipse_widgets.data, lipse_widgets.logic, lipse_widgets.views.calculators\n"
        "import lipse_widgets.views.flexible_working, lipse_widgets.views.workshop\n"
        "from lipse_widgets.cli import main\n"
        "sys.exit(main(['template', 'telework']))\n"
    )
    env = {**os.environ, "LIPSE_DATA_DIR": str(REPO / "book" / "data")}
    proc = run(python, "-c", code, cwd=tmp_path, env=env)
    assert proc.stdout.startswith("respondent_id,")


@pytest.mark.install
def test_building_the_package_gives_no_deprecation_warning(built_wheel):
    """A verbose build with the locked setuptools: pip shows every warning of the backend.
    (The editable build: binder/postBuild's output, in the Binder test.)"""
    assert "Successfully built lipse-widgets" in built_wheel.output
    assert re.search("deprecat", built_wheel.output, re.I) is None
    with zipfile.ZipFile(built_wheel.wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = archive.read(name).decode()
    assert "License-Expression: MIT" in metadata and "License-File: LICENSE" in metadata
    for dep in PYPROJECT["project"]["dependencies"]:
        assert f"Requires-Dist: {Requirement(dep).name}" in metadata


def test_the_chapter_check_reports_what_it_finds_wrong():
    """binder/check_chapters.py: a failing cell, another kernel, a calculator that did not
    render, a slider that changes nothing."""
    check_chapters = load_check_chapters()
    ok = {"prefix": sys.prefix, "calculators": [], "moves": []}
    assert check_chapters.problems(ok) == []
    assert check_chapters.problems({**ok, "error": "ZeroDivisionError"})
    assert check_chapters.problems({**ok, "prefix": "/elsewhere"})
    broken = {"model_found": True, "sliders": 0, "score": None}
    assert check_chapters.problems({**ok, "calculators": [broken], "moves": [["a", "b"]]})
    still = {"model_found": True, "sliders": 8, "score": "<p>x score: 50 out of 100</p>"}
    assert check_chapters.problems({**ok, "calculators": [still], "moves": [["a", "a"]]})


def test_the_chapter_check_saves_a_page_without_its_check_cell(tmp_path):
    """binder/check_chapters.py --save: the executed page at its path, as a notebook."""
    check_chapters = load_check_chapters()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("check")]
    nb.metadata["widgets"] = {"state": "as left"}
    saved = check_chapters.save_page(nb, "chapters/page.md", tmp_path)
    assert saved == tmp_path / "chapters" / "page.ipynb"
    read = nbformat.read(saved, as_version=4)
    assert [c.source for c in read.cells] == ["x = 1"]
    assert read.metadata["widgets"] == {"state": "as left"}
    assert len(nb.cells) == 2  # the executed page itself is left as it was


def test_the_chapter_check_saves_only_the_pages_that_passed(tmp_path, monkeypatch, capsys):
    """--save FOLDER: a page with a problem is reported, and not written."""
    check_chapters = load_check_chapters()
    book = check_chapters.BOOK
    monkeypatch.setattr(check_chapters, "executable_pages", lambda: [book / "a.md", book / "b.md"])

    async def run_page(path, slots, timeout, executed):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("check")]
        page = path.name
        executed[page] = nb
        report = {"page": page, "prefix": sys.prefix, "calculators": [], "moves": []}
        return report if page == "a.md" else {**report, "error": "ZeroDivisionError"}

    monkeypatch.setattr(check_chapters, "run_page", run_page)
    assert in_own_thread(check_chapters.main, ["--save", str(tmp_path)]) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.ipynb"]
    reports = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["page"], bool(r["problems"])) for r in reports] == [("a.md", False), ("b.md", True)]
