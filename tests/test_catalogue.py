"""The data catalogue page: generated from datapackage.json, with data escaped."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lipse_widgets.data import load_table, read_descriptor
from lipse_widgets.views import catalogue


@pytest.fixture(scope="module")
def descriptor():
    return read_descriptor()


def test_overview_has_a_row_and_a_download_per_dataset(descriptor):
    text = catalogue.overview().text
    for resource in descriptor["resources"]:
        row = next(line for line in text.splitlines() if f"/data/{resource['path']}>" in line)
        assert f'href="#{catalogue.anchor(resource["name"])}"' in row
        assert f"| {len(load_table(resource['name']))} |" in row
    assert "{download}`datapackage.json </data/datapackage.json>`" in text


def test_every_dataset_has_an_entry_with_its_columns_and_provenance(descriptor):
    text = catalogue.catalogue().text
    for resource in descriptor["resources"]:
        assert f'<h3 id="{catalogue.anchor(resource["name"])}"' in text
        assert catalogue.escape_markdown(resource["provenance"]) in text
        for field in resource["schema"]["fields"]:
            assert f"| {catalogue.escape_markdown(field['name'])} |" in text
    assert text.count("<h3 ") == len(descriptor["resources"])


def test_text_from_the_descriptor_is_escaped_and_only_web_links_are_made():
    resource = {
        "name": "evil",
        "path": "evil.csv",
        "title": "<script>alert(1)</script>",
        "description": "**bold** {cite:p}`x` <b>b</b>",
        "sources": [{"title": "[click](javascript:alert(1))", "path": "javascript:alert(1)"}],
        "licenses": [{"name": "X", "title": "Licence `x`", "path": "https://example.org/a b"}],
        "provenance": "made by ```code```",
        "schema": {"fields": [{"name": "a|b", "type": "string", "description": "<i>d</i>"}]},
    }
    text = catalogue.entry(resource, rows=3)
    assert "<script>" not in text and "&lt;script&gt;" in text  # the heading is HTML-escaped
    escape = catalogue.escape_markdown
    assert f"\n{escape(resource['description'])}\n" in text
    assert "](javascript:" not in text and escape("[click](javascript:alert(1))") in text
    assert f"[{escape('Licence `x`')}](https://example.org/a%20b)" in text
    assert f"| {escape('a|b')} | text | {escape('<i>d</i>')} |" in text


def test_download_and_link_refuse_what_could_break_out():
    assert catalogue.link("t", "ftp://x") == "t"
    for name in ("../secret.csv", "a`b.csv", "x.py", "a b.csv"):
        with pytest.raises(ValueError):
            catalogue.download(name)


def test_the_page_calls_the_catalogue_in_one_line_cells():
    text = (Path(__file__).parent.parent / "book" / "catalogue.md").read_text(encoding="utf-8")
    cells = re.findall(r"```\{code-cell\} ipython3\n(.*?)```", text, re.S)
    calls = [c.split("\n", 2)[-1].strip() for c in cells[1:]]
    assert "catalogue.overview()" in calls and "catalogue.catalogue()" in calls
    assert all("\n" not in call for call in calls)
