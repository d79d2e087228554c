"""Fresh virtual environments and the locks they are installed from.

Used by tests/test_locks.py (each lock, the package) and tests/test_binder.py (Binder's
environment): uv installs a lock with --require-hashes, this environment's pip checks it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import venv
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parent.parent
#: uv comes with requirements-tools.txt, beside this environment's Python.
UV = Path(sys.executable).parent / "uv"
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")


def lock_entries(name: str) -> dict[str, list[tuple[Requirement, list[str]]]]:
    """A lock's requirements by canonical name: each with its hashes (one or more entries
    when the lock holds different versions for different Pythons or platforms)."""
    text = (REPO / name).read_text(encoding="utf-8")
    entries: dict[str, list[tuple[Requirement, list[str]]]] = {}
    for block in re.split(r"(?<!\\)\n", text):
        line = re.sub(r"\s*#.*$", "", block.replace("\\\n", " "), flags=re.M).strip()
        if not line:
            continue
        spec = line.split(" --hash=")[0].strip()
        req = Requirement(spec)
        entries.setdefault(canonicalize_name(req.name), []).append((req, HASH.findall(line)))
    return entries


def fresh_env(path: Path) -> Path:
    """An empty virtual environment (no pip in it); return its Python."""
    venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(path)
    return path / "bin" / "python"


def run(*args, **kwargs) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [str(a) for a in args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
        **kwargs,
    )
    assert proc.returncode == 0, f"{args}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


def uv_install(python: Path, *args) -> subprocess.CompletedProcess:
    assert UV.is_file(), "uv comes with requirements-tools.txt: run `make test`"
    return run(UV, "pip", "install", "--no-config", "--quiet", "--python", python, *args)


def pip_check(python: Path) -> None:
    """This environment's pinned pip checks the other one (pip --python)."""
    proc = run(sys.executable, "-m", "pip", "--python", python, "check")
    assert "No broken requirements found." in proc.stdout


def installed(python: Path) -> set[str]:
    """The distributions installed in an environment, but the book's own package."""
    listing = run(UV, "pip", "list", "--python", python, "--format", "json").stdout
    return {canonicalize_name(p["name"]) for p in json.loads(listing)} - {"lipse-widgets"}


def for_this_platform(lock: str) -> set[str]:
    """What a lock installs here (its environment markers evaluated for this Python)."""
    return {
        name
        for name, versions in lock_entries(lock).items()
        if any(r.marker is None or r.marker.evaluate() for r, _ in versions)
    }
