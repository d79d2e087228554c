"""Where the book's files live.

The data folder is found, in this order:

1. ``$LIPSE_DATA_DIR``, if set (for example a contributor's copy under test);
2. ``book/data`` in the repository this package sits in (an editable install or a
   checkout, the usual case);
3. ``book/data`` or ``data`` in the current folder or one of its parents (the
   package installed normally, for example on Binder, run from a chapter).
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
