"""Where the book's files live.

The data folder is ``book/data`` beside this package (the repository layout).
Set ``LIPSE_DATA_DIR`` to point the package at another copy, for example a
contributor's folder under test.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
BOOK_DIR = REPO_ROOT / "book"


def data_dir() -> Path:
    """Return the data folder: ``$LIPSE_DATA_DIR`` if set, else ``book/data``."""
    override = os.environ.get("LIPSE_DATA_DIR")
    return Path(override) if override else BOOK_DIR / "data"
