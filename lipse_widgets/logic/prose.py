"""English prose helpers: the one place that joins and cases words for the book's sentences."""

from __future__ import annotations

from collections.abc import Iterable


def join_words(words: Iterable[str], empty: str = "none") -> str:
    """Join words as prose: "A", "A and B", "A, B and C"; ``empty`` if there are none."""
    words = list(words)
    if not words:
        return empty
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " and " + words[-1]


def lower_first(label: str) -> str:
    """Return a label as it reads inside a sentence: "Legal obligation" -> "legal obligation"."""
    return label[:1].lower() + label[1:]


#: Country names that take "the" in running English.
_WITH_ARTICLE = frozenset(
    {
        "Netherlands",
        "United Kingdom",
        "Czech Republic",
        "Slovak Republic",
        "United States",
        "Philippines",
        "Dominican Republic",
    }
)


def in_prose(name: str) -> str:
    """Return a country name as it reads in a sentence ("the Netherlands")."""
    return f"the {name}" if name in _WITH_ARTICLE else name


def join_names(names: Iterable[str]) -> str:
    """Join country names as prose, with their articles: "Denmark and the Netherlands"."""
    return join_words(in_prose(n) for n in names)
