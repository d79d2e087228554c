"""The package finds the book's data however it is installed."""

import re
import subprocess
import sys
from pathlib import Path

from lipse_widgets import paths


def test_default_is_the_repository_data(monkeypatch):
    monkeypatch.delenv("LIPSE_DATA_DIR", raising=False)
    assert paths.data_dir() == Path(__file__).resolve().parent.parent / "book" / "data"


def test_environment_variable_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("LIPSE_DATA_DIR", str(tmp_path))
    assert paths.data_dir() == tmp_path


def test_found_from_a_chapter_folder_when_installed_elsewhere(monkeypatch, tmp_path):
    """As on Binder with a non-editable install: search upwards from the working folder."""
    (tmp_path / "book" / "data").mkdir(parents=True)
    (tmp_path / "book" / "data" / "datapackage.json").write_text("{}")
    chapters = tmp_path / "book" / "chapters"
    chapters.mkdir()
    monkeypatch.delenv("LIPSE_DATA_DIR", raising=False)
    monkeypatch.setattr(paths, "_BESIDE_PACKAGE", tmp_path / "site-packages" / "book" / "data")
    monkeypatch.chdir(chapters)
    assert paths.data_dir() == tmp_path / "book" / "data"


def test_data_dir_in_a_fresh_interpreter():
    out = subprocess.run(
        [sys.executable, "-c", "from lipse_widgets.paths import data_dir; print(data_dir())"],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert out.stdout.strip().endswith("book/data")


def test_another_python_is_told_which_python_to_use_and_writes_nothing(tmp_path):
    """The trainer forgot to activate .venv: a Python without the book's libraries (-S: no
    site-packages) runs the package from the repository's folder."""
    repo = Path(__file__).resolve().parent.parent
    out = tmp_path / "answers.csv"
    proc = subprocess.run(
        [sys.executable, "-S", "-m", "lipse_widgets", "template", "eprocurement", "-o", out],
        capture_output=True,
        text=True,
        cwd=repo,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert proc.returncode == 1 and proc.stdout == ""
    assert re.search(r"does not have '(pandas|numpy|yaml|jsonschema|openpyxl)'", proc.stderr)
    assert ".venv/bin/python -m lipse_widgets" in proc.stderr
    assert "Traceback" not in proc.stderr and not out.exists()
