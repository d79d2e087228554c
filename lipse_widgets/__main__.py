"""Entry point for ``python -m lipse_widgets``."""

import sys

try:
    from lipse_widgets.cli import main
except ModuleNotFoundError as missing:
    # Another Python than the book's (.venv not activated): say what to run, no traceback.
    if (missing.name or "").startswith("lipse_widgets"):
        raise
    sys.exit(
        f"python -m lipse_widgets: this Python ({sys.executable}) does not have '{missing.name}', "
        "which the book needs.\nRun the command with the book's own Python, which needs no "
        "activation: .venv/bin/python -m lipse_widgets ... (after 'make book' has made .venv)."
    )

sys.exit(main())
