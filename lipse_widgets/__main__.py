"""Entry point for ``python -m lipse_widgets``."""

import sys

from lipse_widgets.cli import main

sys.exit(main())
