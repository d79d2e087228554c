"""Every resource of datapackage.json says what it is, what it covers, where it comes from.

Each test removes or changes one piece of a copy of the book's own descriptor and
checks the exact line ``validate`` prints: the line of datapackage.json where the
resource (or the column) is named, the missing key, and what to write.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lipse_widgets.cli import main
from lipse_widgets.data import DataValidationError, load_table, validate_data_dir
from lipse_widgets.data.metadata import REQUIRED

RESOURCE = "oecd_flexible_working_2022"


def edit(workdir: Path, change) -> int:
    """Change the descriptor of the copy; return the line where RESOURCE is named."""
    path = workdir / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change({r["name"]: r for r in descriptor["resources"]})
    text = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    return next(n for n, line in enumerate(text.splitlines(), 1) if f'"name": "{RESOURCE}"' in line)


def lines(workdir: Path) -> list[str]:
    return [str(p) for p in validate_data_dir(workdir)]


def test_the_books_resources_carry_all_their_metadata():
    assert validate_data_dir(Path(__file__).resolve().parent.parent / "book" / "data") == []


@pytest.mark.parametrize("key", list(REQUIRED))
def test_each_required_key_missing_gives_one_line(workdir, key):
    line = edit(workdir, lambda r: r[RESOURCE].pop(key))
    assert lines(workdir) == [
        f"datapackage.json:{line}:{key}: resource '{RESOURCE}': needs {REQUIRED[key]}"
    ]


def test_a_resource_without_sources_is_stopped_before_any_chart(workdir):
    edit(workdir, lambda r: r[RESOURCE].update(sources=[]))
    with pytest.raises(DataValidationError, match=r"sources: resource 'oecd_flexible"):
        load_table(RESOURCE, workdir)


def test_the_command_prints_the_line_and_exits_1(workdir, capsys):
    line = edit(workdir, lambda r: r[RESOURCE].pop("provenance"))
    assert main(["validate", str(workdir)]) == 1
    assert capsys.readouterr().out == (
        f"datapackage.json:{line}:provenance: resource '{RESOURCE}': needs its provenance: where"
        " exactly the file came from (publisher, address, or the public repository and commit)"
        " and what was done to it\n"
    )


@pytest.mark.parametrize(
    ("change", "column", "message"),
    [
        (
            lambda r: r[RESOURCE]["sources"][0].pop("title"),
            "sources",
            "entry 1 of 'sources' needs 'title'",
        ),
        (
            lambda r: r[RESOURCE]["licenses"][0].pop("path"),
            "licenses",
            "entry 1 of 'licenses' needs 'path'",
        ),
        (
            lambda r: r[RESOURCE]["coverage"].update(years=" "),
            "coverage",
            "its coverage needs 'years' (write 'not applicable' if so)",
        ),
    ],
    ids=["source without title", "licence without address", "coverage without years"],
)
def test_incomplete_entries(workdir, change, column, message):
    line = edit(workdir, change)
    assert lines(workdir) == [f"datapackage.json:{line}:{column}: resource '{RESOURCE}': {message}"]


def test_a_column_without_description_is_named_at_its_line(workdir):
    edit(workdir, lambda r: r[RESOURCE]["schema"]["fields"][2].pop("description"))
    text = (workdir / "datapackage.json").read_text(encoding="utf-8").splitlines()
    start = next(n for n, t in enumerate(text, 1) if f'"name": "{RESOURCE}"' in t)
    line = next(n for n, t in enumerate(text, 1) if n > start and '"name": "country"' in t)
    assert lines(workdir) == [
        f"datapackage.json:{line}:description: resource '{RESOURCE}': the column 'country'"
        " needs a description (what its values mean)"
    ]


MADE_UP = "made-up-workshop-eprocurement-answers"


def test_made_up_data_is_labelled_in_its_description(workdir):
    def unlabel(resources):
        resources[MADE_UP]["description"] = "Example responses for the workshop view."
        resources[MADE_UP]["title"] = "Example answers"

    edit(workdir, unlabel)
    [problem] = lines(workdir)
    assert problem.endswith(
        f"description: resource '{MADE_UP}': the file made_up_workshop_eprocurement_answers.csv"
        " is made up: say so in its description ('made-up')"
    )


def test_data_called_made_up_has_a_file_named_so(workdir):
    edit(workdir, lambda r: r[RESOURCE].update(title="Made-up example of flexible working"))
    line = edit(workdir, lambda r: None)
    assert lines(workdir) == [
        f"datapackage.json:{line}:path: resource '{RESOURCE}': its title or description calls"
        " the data made up: name its file made_up_... (for example"
        " made_up_oecd_flexible_working_2022.csv)"
    ]
