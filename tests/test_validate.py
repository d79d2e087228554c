"""Data validation: one clear line per problem, exit 1, never a traceback.

The golden cases run in-process (``main(["validate", ...])``); one test runs the real
command in a subprocess, to keep the promise of no traceback where users see it.

The corpus in tests/bad_data/ holds small variations of the book's own files,
one folder per target file (``findings/`` stands for ``findings.csv``,
``datapackage/`` for ``datapackage.json``, ``references/`` for
``../references.bib``). Each case ``<case>.<ext>`` (a file, or a folder standing
where a file should be) has beside it ``<case>.expected``: the exact lines the
command prints. An ``.expected`` with no case beside it means the target file is
deleted.

The corpus checks one data file at a time, so the readiness models (which cite
findings by id and have their own tests) are left out of the copy: the tiny
findings files do not hold the rows they cite.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from lipse_widgets.cli import main
from lipse_widgets.data import DataValidationError, Problem, load_table, validate_data_dir
from lipse_widgets.data.bibliography import read_bibliography
from lipse_widgets.data.load import check_resource
from lipse_widgets.data.models import MODELS_FOLDER
from lipse_widgets.data.package import read_descriptor

CORPUS = Path(__file__).parent / "bad_data"
SPECIAL_TARGETS = {"datapackage": "datapackage.json", "references": "../references.bib"}
LINE = re.compile(r"^[^:\n]+:\d+:[^:\n]+: \S.*$")


def _cases() -> list[tuple[str, Path | None, Path]]:
    cases = []
    for expected in sorted(CORPUS.glob("*/*.expected")):
        stem = expected.name.removesuffix(".expected")
        inputs = [p for p in expected.parent.glob(stem + ".*") if p.suffix != ".expected"]
        assert len(inputs) <= 1, f"more than one input for {expected}"
        cases.append((expected.parent.name, inputs[0] if inputs else None, expected))
    return cases


CASES = _cases()


def run_validate(folder: Path, capsys) -> tuple[int, list[str], str]:
    """Run ``python -m lipse_widgets validate FOLDER`` in-process: (status, lines, stderr)."""
    code = main(["validate", str(folder)])
    out = capsys.readouterr()
    return code, out.out.splitlines(), out.err


def drop_in(workdir: Path, folder: str, case: Path | None) -> None:
    """Replace the target file in a copy of the data with the bad case (or delete it)."""
    shutil.rmtree(workdir / MODELS_FOLDER, ignore_errors=True)
    target = workdir / SPECIAL_TARGETS.get(folder, f"{folder}.csv")
    assert target.exists(), f"the corpus folder {folder!r} names no file of the book"
    target.unlink()
    if case is not None and case.is_dir():
        shutil.copytree(case, target)
    elif case is not None:
        shutil.copyfile(case, target)


def test_the_corpus_is_large_and_every_case_has_its_expected_output():
    assert len(CASES) >= 15
    inputs = {p for p in CORPUS.glob("*/*") if p.suffix != ".expected"}
    assert inputs == {case for _, case, _ in CASES if case is not None}
    for _, _, expected in CASES:
        lines = expected.read_text(encoding="utf-8").splitlines()
        assert lines and all(LINE.match(line) for line in lines), expected


@pytest.mark.parametrize(
    ("folder", "case", "expected"), CASES, ids=[f"{f}/{e.stem}" for f, _, e in CASES]
)
def test_bad_file_gives_exact_lines_and_exit_1(workdir, folder, case, expected, capsys):
    drop_in(workdir, folder, case)
    code, lines, _ = run_validate(workdir, capsys)
    assert lines == expected.read_text(encoding="utf-8").splitlines()
    assert code == 1


def test_the_books_own_data_is_valid(capsys):
    code, lines, err = run_validate(Path(__file__).parent.parent / "book" / "data", capsys)
    assert code == 0, lines
    assert lines[0].startswith("All data in ")
    assert err == ""


def test_the_real_command_prints_lines_and_no_traceback(workdir):
    """The one subprocess: the command as users run it, on a file with several problems."""
    drop_in(workdir, "findings", CORPUS / "findings" / "several_problems.csv")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [sys.executable, "-m", "lipse_widgets", "validate", str(workdir)],
        capture_output=True,
        encoding="utf-8",
        env=env,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    expected = (CORPUS / "findings" / "several_problems.expected").read_text(encoding="utf-8")
    assert result.returncode == 1
    assert result.stdout.splitlines() == expected.splitlines()
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        f"{len(expected.splitlines())} problem(s) in {workdir} and the pages and bibliography"
        f" in {workdir.parent}"
    )


def test_a_byte_order_mark_and_windows_line_endings_are_tolerated(workdir):
    path = workdir / "findings.csv"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert validate_data_dir(workdir) == []
    frame = load_table("findings", workdir)
    assert frame.columns[0] == "id"  # the mark is not part of the first column's name
    assert not frame["locator"].str.endswith("\r").any()


def test_a_csv_file_the_package_does_not_describe_is_reported(workdir):
    shutil.copyfile(workdir / "findings.csv", workdir / "findings-copy.csv")
    [problem] = validate_data_dir(workdir)
    assert str(problem).startswith("findings-copy.csv:0:*: not described in datapackage.json")


def test_mangled_files_give_problem_lines_never_an_exception(workdir):
    """Random damage to a real file (bytes cut, replaced, inserted) always gives clean lines."""
    resource = next(r for r in read_descriptor(workdir)["resources"] if r["name"] == "findings")
    keys, _ = read_bibliography(workdir.parent / "references.bib")
    original = (workdir / "findings.csv").read_bytes()
    rng = random.Random(20130201)
    junk = [b'"', b",", b"\n", b"\r", b"\x00", b"\xff", b"\xe9", b";", b"  ", b"\xef\xbb\xbf"]
    kinds = set()
    for _ in range(200):
        data = bytearray(original)
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(data))
            if rng.random() < 0.5:
                data[at : at + rng.randint(0, 30)] = rng.choice(junk)
            else:
                del data[at : at + rng.randint(1, 200)]
        (workdir / "findings.csv").write_bytes(bytes(data))
        _, problems = check_resource(resource, workdir, keys)
        assert all(isinstance(p, Problem) and LINE.match(str(p)) for p in problems), problems
        kinds.update(re.sub(r"'.*?'|\d+", "", p.message)[:25] for p in problems)
    assert len(kinds) >= 8  # the damage reached many different checks


# --- load_table ---------------------------------------------------------------------------


def test_load_table_returns_every_row_typed_as_the_schema_says(workdir):
    schema = next(r for r in read_descriptor(workdir)["resources"] if r["name"] == "findings")
    frame = load_table("findings", workdir)
    lines = (workdir / "findings.csv").read_text(encoding="utf-8").splitlines()
    assert len(frame) == len(lines) - 1
    assert list(frame.columns) == [f["name"] for f in schema["schema"]["fields"]]
    assert all(isinstance(dtype, pd.StringDtype) for dtype in frame.dtypes)


def test_load_table_types_numbers_and_booleans():
    descriptor = read_descriptor()
    for resource in descriptor["resources"]:
        frame = load_table(resource["name"])
        for field in resource["schema"]["fields"]:
            kind = {"integer": "Int64", "number": "Float64", "boolean": "boolean"}.get(
                field["type"], "string"
            )
            assert str(frame[field["name"]].dtype) == kind, (resource["name"], field["name"])


def test_load_table_raises_with_every_problem_and_no_table(workdir):
    drop_in(workdir, "findings", CORPUS / "findings" / "several_problems.csv")
    with pytest.raises(DataValidationError) as caught:
        load_table("findings", workdir)
    expected = (CORPUS / "findings" / "several_problems.expected").read_text(encoding="utf-8")
    assert [str(p) for p in caught.value.problems] == expected.splitlines()
    assert str(caught.value) == expected.strip()


@pytest.mark.parametrize("case", ["ragged.csv", "unclosed_quote.csv", "windows_1252.csv"])
def test_load_table_never_returns_a_partial_table(workdir, case):
    drop_in(workdir, "findings", CORPUS / "findings" / case)
    with pytest.raises(DataValidationError):
        load_table("findings", workdir)


def test_load_table_checks_citation_keys_against_the_bibliography(workdir):
    drop_in(workdir, "references", CORPUS / "references" / "unclosed_entry.bib")
    with pytest.raises(DataValidationError, match=r"^references\.bib:10:\*: not valid BibTeX"):
        load_table("findings", workdir)
    # a table without citation keys does not need the bibliography
    assert len(load_table("rogers_adopter_categories", workdir)) > 0


def test_load_table_with_a_broken_descriptor_raises_a_problem_not_a_json_error(workdir):
    drop_in(workdir, "datapackage", CORPUS / "datapackage" / "truncated.json")
    with pytest.raises(DataValidationError, match=r"^datapackage\.json:\d+:\*: not valid JSON"):
        load_table("findings", workdir)


def test_load_table_names_the_resources_it_knows(workdir):
    with pytest.raises(DataValidationError, match=r"no resource 'finding' \(have: findings, "):
        load_table("finding", workdir)


DESCRIPTOR_DAMAGE = {
    "field type": lambda d: d["resources"][0]["schema"]["fields"][1].update(type="strng"),
    "enum not a list": lambda d: d["resources"][0]["schema"]["fields"][1]["constraints"].update(
        enum="abc"
    ),
    "fields not a list": lambda d: d["resources"][0]["schema"].update(fields="abc"),
    "schema in another file": lambda d: d["resources"][0].update(schema="schema.json"),
    "path outside the folder": lambda d: d["resources"][0].update(path="../x.csv"),
    "bad pattern": lambda d: d["resources"][0]["schema"]["fields"][0]["constraints"].update(
        pattern="F[0-9"
    ),
    "resources not a list": lambda d: d.update(resources={}),
    "resource twice": lambda d: d["resources"].append(dict(d["resources"][0])),
    "unknown primary key": lambda d: d["resources"][0]["schema"].update(primaryKey=["nope"]),
}


@pytest.mark.parametrize("damage", DESCRIPTOR_DAMAGE.values(), ids=DESCRIPTOR_DAMAGE.keys())
def test_a_damaged_descriptor_gives_lines_naming_it(workdir, damage):
    path = workdir / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    damage(descriptor)
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    problems = validate_data_dir(workdir)
    assert problems and all(LINE.match(str(p)) for p in problems)
    assert all(p.file == "datapackage.json" for p in problems), problems
    with pytest.raises(DataValidationError):
        load_table("findings", workdir)


def test_answers_to_a_model_must_have_the_schema_the_model_generates(workdir):
    """A factor renamed in the model: the example answers no longer fit it, and validate says so."""
    path = workdir / "readiness" / "eprocurement.yaml"
    first = re.search(r"  - id: (\w+)\n", path.read_text(encoding="utf-8")).group(1)
    path.write_text(
        path.read_text(encoding="utf-8").replace(f"  - id: {first}\n", f"  - id: {first}_x\n"),
        encoding="utf-8",
    )
    assert [str(p) for p in validate_data_dir(workdir)] == [
        "datapackage.json:0:schema: resource 'made-up-workshop-eprocurement-answers': its schema"
        " is not the one readiness/eprocurement.yaml generates (was a factor added, removed or"
        " changed?); make the table and its schema again, as tests/test_readiness_scoring.py"
        " shows"
    ]


def test_without_frictionless_validate_says_it_needs_it_and_the_data_still_reads(
    workdir, capsys, monkeypatch
):
    """Binder's environment has no Frictionless (data/package.py): `validate` does not pass
    without the standard's check, and reading the data runs the book's own checks."""
    from lipse_widgets.data import package

    monkeypatch.setattr(package, "FRICTIONLESS", False)
    code, lines, _ = run_validate(workdir, capsys)
    assert code == 1
    assert lines == [
        "datapackage.json:0:*: cannot be checked against the Data Package standard:"
        " Frictionless is not installed here (`python -m pip install frictionless`, or the"
        " book's lock: `make validate`)"
    ]
    monkeypatch.setenv("LIPSE_DATA_DIR", str(workdir))
    assert len(load_table("findings")) > 40
    # a field the book's own checks refuse: a problem naming it, no traceback
    descriptor = json.loads((workdir / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"][0]["schema"]["fields"][0] = "country"
    (workdir / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(DataValidationError, match="field number 1 needs a 'name'"):
        read_descriptor(workdir)
