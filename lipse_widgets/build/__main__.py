"""``python -m lipse_widgets.build [BOOK]``: build the site as ``make book`` does."""

import sys

from lipse_widgets.build.site import main

sys.exit(main())
