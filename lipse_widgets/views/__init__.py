"""Views layer: Altair chart builders and calculators.

Importing :mod:`lipse_widgets.views.style`, as every chart module does, registers and
enables the book's Altair theme, so every chart shares one look.
"""
