"""The new-evidence issue form asks for every column a finding needs, with the schema's values.

A contributor who cannot edit ``findings.csv`` proposes a finding through this form, so
its questions follow the findings' schema in ``datapackage.json``: one question per
column (the id is given by a maintainer), and for each column with a list of values, a
dropdown with exactly those values (plus, where the column may be empty or the
contributor may not know, one way to say so).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from lipse_widgets.data import read_descriptor
from lipse_widgets.data.package import get_resource

REPO = Path(__file__).resolve().parent.parent
FORM = REPO / ".github" / "ISSUE_TEMPLATE" / "new-evidence.yml"
#: The one extra answer a dropdown may have, for a column the contributor may not know.
EXTRA = {"theme": "I am not sure", "context": "the source does not say"}


def questions() -> dict[str, dict]:
    form = yaml.safe_load(FORM.read_text(encoding="utf-8"))
    return {item["id"]: item for item in form["body"] if "id" in item}


def test_the_form_asks_for_every_column_of_a_finding_with_the_schema_s_values():
    fields = get_resource("findings", read_descriptor())["schema"]["fields"]
    asked = questions()
    for field in fields:
        if field["name"] == "id":
            continue
        question = asked.get(field["name"])
        assert question is not None, f"the form does not ask for {field['name']}"
        assert question["validations"]["required"] is True, field["name"]
        enum = field.get("constraints", {}).get("enum")
        if enum:
            assert question["type"] == "dropdown", field["name"]
            extra = [EXTRA[field["name"]]] if field["name"] in EXTRA else []
            assert question["attributes"]["options"] == [*enum, *extra], field["name"]
    assert {"innovation", "effect", "adopter_group", "kind_of_work", "text_seen"} <= set(asked)
