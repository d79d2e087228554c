"""The findings of a theme as a list in the book, with their citations and evidence basis.

A chapter shows its findings with one line::

    findings_list("innovation outcomes")                     # LIPSE's findings
    findings_list("innovation outcomes", kind_of_work="related")   # related research

The result displays as MyST markdown (``text/markdown``), which myst-nb renders
into the page with ``nb_render_markdown_format: myst`` (``book/_config.yml``):
one bullet per finding with its statement, a citation role that links to the
references page (an unknown key fails the strict build), and a small label with
what the source says about the factor (its effect), the innovation, context and
adopter group, the evidence basis (what kind of source, how much of it the book
has seen, and for related research that no LIPSE link was seen) and the finding id.

Everything that comes from the data is escaped first (:func:`escape_markdown`),
so a contributor's markdown, MyST or HTML shows as text and never becomes markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from lipse_widgets.data import load_table, read_descriptor
from lipse_widgets.data.load import get_resource
from lipse_widgets.logic import findings as fl

FINDINGS = "findings"
#: ASCII punctuation: CommonMark (and so MyST) lets a backslash make any of it literal.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
#: What a citation key may contain inside a role (sphinxcontrib-bibtex splits on "," and
#: treats braces as pre- and post-text; a backtick would end the role).
_SAFE_KEY = re.compile(r"[^\s{},`\\]+")
_SEPARATOR = " · "
#: How sentences name each effect: (one, several).
EFFECT_WORDS = {
    "driver": ("a driver", "drivers"),
    "barrier": ("a barrier", "barriers"),
    "mixed": ("a factor that can work both ways", "factors that can work both ways"),
    "direction not stated": (
        "a factor whose direction the source does not state",
        "factors whose direction the source does not state",
    ),
    "recommendation": ("a recommendation", "recommendations"),
}
#: How a label names related research, so that it is never read as a LIPSE finding.
RELATED_LABEL = "related research by LIPSE researchers, no LIPSE funding or data seen"


def schema_orders() -> dict[str, list[str]]:
    """Return the allowed values of each enum field of ``findings`` (from datapackage.json)."""
    fields = get_resource(FINDINGS, read_descriptor())["schema"]["fields"]
    return {
        f["name"]: list(f["constraints"]["enum"])
        for f in fields
        if "enum" in f.get("constraints", {})
    }


def escape_markdown(text: object) -> str:
    """Return ``text`` as MyST markdown that displays exactly that text.

    Every ASCII punctuation character is backslash-escaped (so no emphasis, code,
    link, role, substitution, directive, comment or HTML can start), and line
    breaks and runs of white space become single spaces (so a value cannot start
    a new block).
    """
    flat = " ".join(str(text).split())
    return _PUNCTUATION.sub(r"\\\1", flat)


def cite(keys: Iterable[str]) -> str:
    """Return a sphinxcontrib-bibtex ``{cite:p}`` role citing ``keys`` together.

    Raises ValueError for a key that cannot stand inside a role.
    """
    keys = list(keys)
    bad = [k for k in keys if not _SAFE_KEY.fullmatch(k)]
    if bad or not keys:
        raise ValueError(f"not usable as citation keys: {bad or keys!r}")
    return "{cite:p}`" + ",".join(keys) + "`"


@dataclass(frozen=True)
class Markdown:
    """MyST markdown that Jupyter and myst-nb display as rendered text."""

    text: str
    plain: str = ""

    def __str__(self) -> str:
        """Return the markdown source."""
        return self.text

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/markdown": self.text, "text/plain": self.plain or self.text}


def finding_label(row: pd.Series) -> str:
    """Return the plain words of a finding's label.

    What the source says (the effect), innovation, context, adopters, evidence basis,
    related research (if so) and the finding id.
    """
    parts = [str(row["effect"])]
    innovation = str(row["innovation"])
    parts.append("not about one innovation" if innovation == "general" else innovation)
    context = row["context"]
    if isinstance(context, str) and context:
        parts.append(f"{context} context")
    group = str(row["adopter_group"])
    parts.append(
        "adopter group not specified" if group == fl.NOT_SPECIFIED else f"adopters: {group}"
    )
    parts.append("evidence: " + fl.evidence_basis(str(row["source_type"]), str(row["text_seen"])))
    if str(row["kind_of_work"]) != fl.LIPSE:
        parts.append(RELATED_LABEL)
    parts.append(f"finding {row['id']}")
    return _SEPARATOR.join(parts)


def finding_item(row: pd.Series) -> str:
    """Return one finding as a MyST bullet: statement, citation, small label."""
    effect = re.sub(r"[^a-z0-9]+", "-", str(row["effect"]).lower()).strip("-")
    return (
        f"- {escape_markdown(row['statement'])} {cite(fl.split_sources(row['source']))}"
        f' <small class="lipse-finding-label lipse-{effect}">'
        f"{escape_markdown(finding_label(row))}</small>"
    )


def findings_list(
    theme: str,
    *,
    kind_of_work: str = fl.LIPSE,
    innovation: str | None = None,
    effect: str | None = None,
) -> Markdown:
    """Return the findings of ``theme`` as a bulleted MyST list with citations.

    ``kind_of_work`` is ``"LIPSE"`` (the default: LIPSE's own findings) or
    ``"related"`` (related research by LIPSE researchers), so that the two are never
    listed as one. ``innovation`` and ``effect`` (optional) keep only the findings
    with that value. Raises ValueError if nothing is left, naming what there is.
    """
    findings = fl.for_theme(load_table(FINDINGS), theme)
    for column, value in (
        ("kind_of_work", kind_of_work),
        ("innovation", innovation),
        ("effect", effect),
    ):
        if value is not None:
            kept = findings[findings[column] == value]
            if kept.empty:
                have = ", ".join(dict.fromkeys(str(v) for v in findings[column]))
                raise ValueError(f"no {theme} findings with {column} {value!r} (there are: {have})")
            findings = kept
    items = [finding_item(row) for _, row in findings.iterrows()]
    plain = "\n".join(
        f"- {' '.join(str(row['statement']).split())} ({row['source']}; {finding_label(row)})"
        for _, row in findings.iterrows()
    )
    return Markdown("\n".join(items) + "\n", plain)


def summary(theme: str | None = None, kind_of_work: str | None = None) -> fl.EvidenceSummary:
    """Return the counts of a theme's findings (all findings if None), for the prose.

    With ``kind_of_work`` (``"LIPSE"`` or ``"related"``), only those findings are
    counted, so that a sentence about LIPSE's findings never counts related research.
    Chapters glue these numbers rather than typing them: ``summary(theme).lipse``,
    ``.related``, ``.count("driver")``, ``.about("telework")``.
    """
    orders = schema_orders()
    findings = fl.for_theme(load_table(FINDINGS), theme)
    if kind_of_work is not None:
        findings = findings[findings["kind_of_work"] == kind_of_work]
    return fl.summarise(findings, orders.get("effect", ()), orders.get("innovation", ()))


def noun(count: int, singular: str, plural: str | None = None) -> str:
    """Say a count with its noun: "1 LIPSE finding", "5 LIPSE findings"."""
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


def effect_phrase(by_effect: dict[str, int]) -> str:
    """Say findings per effect in words: "12 drivers, 3 barriers and 1 recommendation"."""
    parts = []
    for effect, count in by_effect.items():
        one, several = EFFECT_WORDS.get(effect, (effect, effect))
        parts.append(f"1 {one.removeprefix('a ')}" if count == 1 else f"{count} {several}")
    if not parts:
        return "none"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def basis_table() -> Markdown:
    """Return a table of how many findings rest on each kind of source, LIPSE and related.

    One row per kind of source and extent seen, in the schema's order, with the
    number of LIPSE findings, of related findings and of both; a total row last.
    """
    orders = schema_orders()
    findings = load_table(FINDINGS)
    table = fl.basis_counts(findings, orders.get("source_type", ()), orders.get("text_seen", ()))
    lines = [
        "| Kind of source | How much the book has seen | LIPSE findings | Related research | All |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for row in table.itertuples(index=False):
        lines.append(
            f"| {escape_markdown(row.source_type)} | {escape_markdown(row.text_seen)} "
            f"| {getattr(row, fl.LIPSE)} | {getattr(row, fl.RELATED)} | {row.total} |"
        )
    lines.append(
        f"| All | | {int(table[fl.LIPSE].sum())} | {int(table[fl.RELATED].sum())} "
        f"| {int(table['total'].sum())} |"
    )
    return Markdown("\n".join(lines) + "\n")
