"""The book's Sphinx extensions, one module each, loaded by name in ``book/_config.yml``.

* :mod:`.book` makes the built book fast, offline and valid, with no CDN (the charts'
  Vega runtime, the pages' trimming and accessibility fixes, the take-away calculators);
* :mod:`.messages` puts each warning about a reference at the line of the sentence that
  holds it, with "did you mean".

This package itself imports nothing, so that a build that loads only :mod:`.messages` (the
small books of the tests) does not import the charts' libraries.
"""
