"""Building the site: what ``make book`` runs after ``validate``.

:mod:`~lipse_widgets.build.site` is the build itself (``python -m lipse_widgets.build``):
into a staging folder, swapped in only when it succeeds, printing only what a
contributor can act on. :mod:`~lipse_widgets.build.execute` runs the notebook pages on
every core into the execution cache first. Its Sphinx extension, which puts each warning
about a reference at the line of the sentence that holds it, with "did you mean", is
:mod:`lipse_widgets.sphinxext.messages` (with the site's other extensions, whose
dependencies are the ``site`` extra).

Nothing else in the package imports this one: the chapters and the command line do
not need Jupyter Book.
"""
