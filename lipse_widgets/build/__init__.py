"""Building the site: what ``make book`` runs after ``validate``.

* :mod:`~lipse_widgets.build.site`: the build itself (``python -m lipse_widgets.build``):
  into a staging folder, swapped in only when it succeeds, printing only what a
  contributor can act on;
* :mod:`~lipse_widgets.build.messages`: a Sphinx extension that puts each warning about a
  reference at the line of the sentence that holds it, with "did you mean".

Neither is imported by the rest of the package: the chapters and the command line
do not need Sphinx or Jupyter Book.
"""
