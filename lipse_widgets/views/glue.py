"""Store a value in a chapter's outputs, for the book's build to place (``{glue}``).

The chapters call :func:`glue` as they would myst-nb's own ``myst_nb.glue``: the book's
build (Jupyter Book 1, myst-nb) reads the value back from the cell's output and places
it where a page says ``{glue}`name``` or ``{glue:figure}``. This function writes
exactly the output that myst-nb 1.4's ``glue`` writes (tests/test_glue.py compares the
two in a kernel), so that a chapter's kernel needs IPython only, not myst-nb and the
Sphinx stack it brings (Binder's environment has neither).

The output: the value's display data (IPython's display formatter: every mimetype the
value gives, with their metadata), and the metadata ``{"scrapbook": {"name": name,
"mime_prefix": prefix}}``. With ``display=False``, each mimetype is prefixed with
:data:`GLUE_PREFIX`, so that Jupyter shows nothing and myst-nb still finds the value.
"""

from __future__ import annotations

from IPython.core.formatters import format_display_data
from IPython.display import display as ipython_display

#: The mimetype prefix of a value glued with ``display=False`` (myst-nb's ``GLUE_PREFIX``,
#: which it strips when it reads the value back).
GLUE_PREFIX = "application/papermill.record/"


def glue(name: str, variable: object, display: bool = True) -> None:
    """Store ``variable``'s display data under ``name`` in this cell's output.

    ``display`` shows the value in the notebook too (a figure); ``display=False`` stores
    it without showing it (a number or a phrase for the prose).
    """
    mimebundle, metadata = format_display_data(variable)
    mime_prefix = "" if display else GLUE_PREFIX
    metadata["scrapbook"] = dict(name=name, mime_prefix=mime_prefix)
    ipython_display(
        {mime_prefix + k: v for k, v in mimebundle.items()}, raw=True, metadata=metadata
    )
