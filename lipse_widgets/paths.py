"""Where the book's files live.

The data folder is found, in this order:

1. ``$LIPSE_DATA_DIR``, if set (for example a contributor's copy under test);
2. ``book/data`` in the repository this package sits in (an editable install or a
   checkout, the usual case);
3. ``book/data`` or ``data`` in the current folder or one of its parents (the
   package installed normally, for example on Binder, run from a chapter).

A trainer's own file (answers, or the scores ``score`` wrote) named without a folder is
found by :func:`find_user_file` in the current folder, else in the repository's root,
else in its ``book`` folder: on Binder, the terminal starts at the repository's root
while a page's notebook runs in the page's folder.
"""

from __future__ import annotations

import os
from pathlib import Path

MARKER = "datapackage.json"
_BESIDE_PACKAGE = Path(__file__).resolve().parent.parent / "book" / "data"


def _search_upwards(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        for candidate in (folder / "book" / "data", folder / "data"):
            if (candidate / MARKER).is_file():
                return candidate
    return None


def data_dir() -> Path:
    """Return the book's data folder (see the module docstring for the search order)."""
    override = os.environ.get("LIPSE_DATA_DIR")
    if override:
        return Path(override)
    if (_BESIDE_PACKAGE / MARKER).is_file():
        return _BESIDE_PACKAGE
    found = _search_upwards(Path.cwd().resolve())
    return found if found is not None else _BESIDE_PACKAGE


def user_file_folders() -> list[Path]:
    """Where :func:`find_user_file` looks, in order: here, the repository's root, ``book``.

    The repository is the one whose ``book/data`` the package reads (:func:`data_dir`);
    with a data folder not named ``book/data``, only the current folder is searched.
    """
    here = Path.cwd().resolve()
    folders = [here]
    data = data_dir().resolve()
    if data.name == "data" and data.parent.name == "book":
        folders += [data.parent.parent, data.parent]
    return list(dict.fromkeys(folders))


def find_user_file(name: Path | str) -> Path | None:
    """Return the file or folder ``name`` of a trainer, or None when it is nowhere.

    An absolute path is taken as it is; a relative one is looked for in each of
    :func:`user_file_folders`, so the same page finds ``scored.csv`` whether it runs from
    the repository's root or from ``book/``.
    """
    path = Path(name).expanduser()
    if path.is_absolute():
        return path if path.exists() else None
    for folder in user_file_folders():
        if (folder / path).exists():
            return folder / path
    return None
