"""Data, charts and readiness calculators for the LIPSE policy knowledge base.

The package has three layers, each importable on its own:

* :mod:`lipse_widgets.data` reads and validates the book's data files, nothing else;
* :mod:`lipse_widgets.logic` holds pure functions over DataFrames and dataclasses;
* :mod:`lipse_widgets.views` builds charts and calculators (Altair, ipywidgets).

Importing this top-level package is cheap: it imports none of the layers.
"""

__version__ = "0.1.0"

#: Set (to "1") in the environment of the kernels that execute the book for the static
#: site: a readiness calculator then shows as the page's figure, not as a widget
#: (:mod:`lipse_widgets.views.calculators`). Set by :mod:`lipse_widgets.sphinxext.book`.
STATIC_SITE = "LIPSE_STATIC_SITE"
