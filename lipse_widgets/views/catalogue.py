"""The data catalogue page, generated from ``book/data/datapackage.json``.

Every dataset the book ships is described once, in the data package; this
module turns that description into MyST markdown for ``book/catalogue.md``:
title, description, sources with links, licence, coverage, number of rows,
the columns with their types and rules, provenance, and download links (the
Sphinx ``{download}`` role, so the built site carries a copy of each CSV file
and of ``datapackage.json``).

Text from the descriptor is escaped (:func:`~lipse_widgets.views.findings.escape_markdown`);
links are made only from ``http`` and ``https`` addresses.
"""

from __future__ import annotations

import html
import re
import urllib.parse

from lipse_widgets.data import load_table, read_descriptor
from lipse_widgets.views.findings import Markdown, escape_markdown

#: Where the data folder is, relative to the book's source folder ("/" = the source folder).
DATA_FOLDER = "/data"
DESCRIPTOR = "datapackage.json"
_TYPE_WORDS = {
    "string": "text",
    "integer": "whole number",
    "number": "number",
    "boolean": "true or false",
    "date": "date (YYYY-MM-DD)",
    "year": "year",
}


def anchor(name: str) -> str:
    """Return the id of a dataset's entry on the catalogue page."""
    return "data-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def link(title: str, url: str | None) -> str:
    """Return a markdown link to ``url`` labelled ``title``, or just the title if no web URL."""
    text = escape_markdown(title)
    if not url or urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        return text
    safe = urllib.parse.quote(url, safe=":/?#@!$&'*+,;=%~-._")
    return f"[{text}]({safe})"


def download(file_name: str, text: str | None = None) -> str:
    """Return a ``{download}`` role for a file of the data folder (a checked plain name)."""
    if not re.fullmatch(r"[A-Za-z0-9_.-]+\.(csv|json)", file_name):
        raise ValueError(f"not a plain data file name: {file_name!r}")
    label = text or file_name
    if not re.fullmatch(r"[\w .-]+", label):
        raise ValueError(f"not a plain link text: {label!r}")
    return f"{{download}}`{label} <{DATA_FOLDER}/{file_name}>`"


def rules(field: dict) -> str:
    """Return a field's constraints in words (escaped markdown)."""
    constraints = field.get("constraints", {})
    words = []
    if constraints.get("required"):
        words.append("required")
    if constraints.get("unique"):
        words.append("unique")
    if "enum" in constraints:
        words.append("one of: " + "; ".join(str(v) for v in constraints["enum"]))
    if "pattern" in constraints:
        words.append(f"pattern {constraints['pattern']}")
    if "minimum" in constraints and "maximum" in constraints:
        words.append(f"from {constraints['minimum']} to {constraints['maximum']}")
    elif "minimum" in constraints:
        words.append(f"at least {constraints['minimum']}")
    elif "maximum" in constraints:
        words.append(f"at most {constraints['maximum']}")
    if "maxLength" in constraints:
        words.append(f"at most {constraints['maxLength']} characters")
    if field.get("citationKeys"):
        words.append("citation keys in references.bib, separated by '; '")
    return escape_markdown(", ".join(words)) if words else ""


def columns_table(schema: dict) -> str:
    """Return the schema's fields as a markdown table: column, type, description, rules."""
    lines = ["| Column | Type | Description | Rules |", "| --- | --- | --- | --- |"]
    for field in schema.get("fields", []):
        kind = field.get("type", "string")
        if field.get("format") == "uri":
            kind_words = "web address"
        else:
            kind_words = _TYPE_WORDS.get(kind, kind)
        lines.append(
            f"| {escape_markdown(field['name'])} | {escape_markdown(kind_words)} "
            f"| {escape_markdown(field.get('description', ''))} | {rules(field)} |"
        )
    return "\n".join(lines)


def _coverage(resource: dict) -> str:
    coverage = resource.get("coverage") or {}
    if not coverage:
        return "not stated"
    return "; ".join(f"{key}: {value}" for key, value in coverage.items())


def entry(resource: dict, rows: int) -> str:
    """Return one dataset's catalogue entry as MyST markdown."""
    title = resource.get("title", resource["name"])
    schema = resource["schema"]
    sources = "; ".join(
        link(source.get("title", ""), source.get("path")) for source in resource.get("sources", [])
    )
    licences = "; ".join(
        link(f"{lic.get('title') or lic.get('name')}", lic.get("path"))
        for lic in resource.get("licenses", [])
    )
    # A raw HTML heading: a real heading for screen readers and a link target, which
    # markdown displayed by a cell cannot make (myst-nb turns it into a rubric).
    heading = (
        f'<h3 id="{anchor(resource["name"])}" class="lipse-catalogue-title">'
        f"{html.escape(title)}</h3>"
    )
    definitions = [
        ("Source", sources or "not stated"),
        ("Licence", licences or "not stated"),
        ("Coverage", escape_markdown(_coverage(resource))),
        ("Size", f"{rows} rows, {len(schema.get('fields', []))} columns"),
        ("Provenance", escape_markdown(resource.get("provenance", "not stated"))),
        ("Download", f"{download(resource['path'])} (CSV, UTF-8)"),
    ]
    body = "\n\n".join(f"{term}\n: {text}" for term, text in definitions)
    return (
        f"{heading}\n\n{escape_markdown(resource.get('description', ''))}\n\n{body}\n\n"
        f"{columns_table(schema)}\n"
    )


def _resources() -> list[tuple[dict, int]]:
    """Return each resource of the data package with its number of rows (read and validated)."""
    return [(r, len(load_table(r["name"]))) for r in read_descriptor()["resources"]]


def overview() -> Markdown:
    """Return a table of every dataset: title (linked to its entry), rows, licence, download."""
    lines = ["| Dataset | Rows | Licence | Download |", "| --- | --- | --- | --- |"]
    for resource, rows in _resources():
        title = escape_markdown(resource.get("title", resource["name"]))
        licence = escape_markdown(
            "; ".join(lic.get("name", "") for lic in resource.get("licenses", [])) or "not stated"
        )
        lines.append(
            f'| <a href="#{anchor(resource["name"])}">{title}</a> | {rows} | {licence} '
            f"| {download(resource['path'], 'CSV')} |"
        )
    lines.append("")
    lines.append(
        f"The description of every dataset, with its columns and rules, is the data package "
        f"file {download(DESCRIPTOR)} (a [Frictionless Data Package](https://datapackage.org/))."
    )
    return Markdown("\n".join(lines) + "\n")


def catalogue() -> Markdown:
    """Return the catalogue entry of every dataset of the data package, in its order."""
    return Markdown("\n".join(entry(resource, rows) for resource, rows in _resources()))
