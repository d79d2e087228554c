"""Views layer: Altair chart builders and calculators.

Importing :mod:`lipse_widgets.views.charts` registers and enables the book's
Altair theme (:mod:`lipse_widgets.views.style`), so every chart shares one look.
"""
