"""Pieces of the small books that tests build for real (test_site_build, test_findings)."""

#: The front matter of a page that Jupyter Book executes: MyST markdown with a Python kernel.
NOTEBOOK_FRONT_MATTER = """\
---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

"""
