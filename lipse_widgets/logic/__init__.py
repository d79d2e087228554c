"""Logic layer: pure functions over DataFrames and dataclasses.

Nothing here reads files or imports a user-interface library (Altair,
ipywidgets): the functions take data and return data, so tests can reach them
directly and the chapters, charts and calculators share one implementation.
"""
