"""Data, charts and readiness calculators for the LIPSE policy knowledge base.

The package has three layers, each importable on its own:

* :mod:`lipse_widgets.data` reads and validates the book's data files, nothing else;
* :mod:`lipse_widgets.logic` holds pure functions over DataFrames and dataclasses;
* :mod:`lipse_widgets.views` builds charts and calculators (Altair, ipywidgets).

Importing this top-level package is cheap: it imports none of the layers.
"""

__version__ = "0.1.0"
