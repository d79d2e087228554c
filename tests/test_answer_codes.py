"""Answer codes (lipse_widgets.data.codes): formatting, every reason a code is refused, and
a text file of codes read and scored exactly as the same answers in a CSV file.

In-process, on the tests' own tiny model (five factors, 1 to 5; ``tests/tiny_models.py``)
and, where the book's pages are concerned, on the book's models.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from tiny_models import FACTOR_IDS, tiny_model, write_model

from lipse_widgets.cli import main
from lipse_widgets.data.answers import read_answers
from lipse_widgets.data.codes import (
    MESSAGES,
    CodeError,
    format_code,
    page_data,
    parse_code,
    parse_lines,
    read_code_file,
)
from lipse_widgets.data.models import load_model, model_names
from lipse_widgets.data.problems import DataValidationError
from lipse_widgets.logic import readiness as r
from lipse_widgets.sphinxext.takeaway import inline_script, takeaway_html
from lipse_widgets.views.answer_codes import codes_data_html
from lipse_widgets.views.calculators import downloads_html
from lipse_widgets.views.readiness_chart import calculator_html


@pytest.fixture
def tiny(tiny_data):
    return load_model("tiny")


def test_format_is_the_model_id_then_one_digit_per_factor_in_order(tiny):
    answers = dict(zip(FACTOR_IDS, [3, 4, 2, 5, 1], strict=True))
    assert format_code(tiny, answers) == "tiny=34251"
    assert format_code(tiny, [3, 4, 2, 5, 1]) == "tiny=34251"
    assert format_code(tiny, tiny.default_answers()) == "tiny=33333"
    for bad in ([3, 4, 2, 5], [3, 4, 2, 5, 6], [3, 4, 2, 5, 1.5]):
        with pytest.raises(ValueError):
            format_code(tiny, bad)


def test_book_models_format_and_parse_back():
    for name in model_names():
        model = load_model(name)
        answers = {f: 1 + i % 5 for i, f in enumerate(model.factor_ids)}
        code = format_code(model, answers)
        assert code == model.id + "=" + "".join(str(1 + i % 5) for i in range(len(answers)))
        parsed = parse_code(code, [model])
        assert parsed.model is model and parsed.answers == answers and str(parsed) == code


@pytest.mark.parametrize(
    "text",
    [
        "tiny=34251",
        "  tiny = 342 51  ",
        "Tiny=34251",
        "https://example.org/book/chapters/outcomes.html#tiny=34251",
        "file:///home/trainer/calculator.html#tiny%3D34251",
        "chapters/outcomes.html#tiny=34251",
    ],
)
def test_codes_and_links_are_read(tiny, text):
    assert parse_code(text, [tiny]).values == (3, 4, 2, 5, 1)


@pytest.mark.parametrize(
    ("text", "field", "reason"),
    [
        ("", "code", "there is no code: write one such as tiny=33333"),
        (
            "34251",
            "code",
            "'34251' is not an answer code: a code is a model's id, '=', then one digit per"
            " question, such as tiny=33333",
        ),
        (
            "https://example.org/outcomes.html",
            "code",
            "the link has no answer code after '#', such as #tiny=33333",
        ),
        (
            "https://example.org/outcomes.html#readiness-calculators",
            "code",
            "the link has no answer code after '#', such as #tiny=33333",
        ),
        ("tinny=34251", "code", "'tinny' is not a readiness model: the models are tiny"),
        (
            "tiny=3425",
            "code",
            "has 4 digits after '='; the tiny model needs 5, one per question, in order",
        ),
        ("tiny=", "code", "has 0 digits after '='; the tiny model needs 5, one per question, in order"),  # noqa: E501
        ("tiny=3", "code", "has 1 digit after '='; the tiny model needs 5, one per question, in order"),  # noqa: E501
        (
            "tiny=3425-1",
            "code",
            "'3425-1' after '=' must be digits only, one per question (the tiny model has 5)",
        ),
        (
            "tiny=34\uff1251",
            "code",
            "'34\uff1251' after '=' must be digits only, one per question (the tiny model has 5)",
        ),
        (
            "tiny=34291",
            "factor_3",
            "digit 4 is 9, the answer to 'Factor 3': answers go from 1 to 5",
        ),
    ],
)  # fmt: skip
def test_each_bad_code_gets_its_reason(tiny, text, field, reason):
    with pytest.raises(CodeError) as caught:
        parse_code(text, [tiny])
    assert (caught.value.field, caught.value.reason) == (field, reason)


def test_lines_names_comments_and_stable_names(tiny):
    text = "# group A\n\nAna: tiny=34251\r\ntiny=11111\nBo Li: https://x.org/o.html#tiny=55555\n"
    rows, problems = parse_lines(text, [tiny], "codes.txt")
    assert problems == []
    assert [(row.line, row.name, str(row.code)) for row in rows] == [
        (3, "Ana", "tiny=34251"),
        (4, "line 4", "tiny=11111"),
        (5, "Bo Li", "tiny=55555"),
    ]


def test_a_code_file_for_another_model_names_that_model(tiny_data, tmp_path):
    other = tiny_model()
    other["id"] = "other"
    write_model(tiny_data, other, "other")
    path = tmp_path / "codes.txt"
    path.write_text("Ana: other=34251\nBo: tiny=34251\n", encoding="utf-8")
    _, problems = read_code_file(path, "codes.txt", load_model("tiny"))
    assert [str(p) for p in problems] == [
        "codes.txt:1:code: is a code for the other model, but these answers are read for the"
        " tiny model"
    ]


def test_empty_code_file_is_a_problem(tiny, tmp_path):
    path = tmp_path / "codes.txt"
    path.write_text("# nobody yet\n\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as caught:
        read_answers(path, tiny)
    assert str(caught.value) == (
        f"{path}:0:*: has no codes in it (only blank lines and # comments)"
    )


def test_score_of_a_code_file_equals_score_of_the_same_answers_in_csv(tiny, tmp_path):
    rows = [["Ana", 3, 4, 2, 5, 1], ["line 3", 1, 1, 5, 1, 1], ["Cy", 5, 5, 1, 5, 5]]
    csv = tmp_path / "answers.csv"
    pd.DataFrame(rows, columns=["respondent_id", *FACTOR_IDS]).to_csv(csv, index=False)
    codes = tmp_path / "codes.txt"
    codes.write_text(
        "# workshop\nAna: tiny=34251\ntiny=11511\nCy: https://x.org/outcomes.html#tiny=55155\n",
        encoding="utf-8",
    )
    from_csv, from_codes = read_answers(csv, tiny), read_answers(codes, tiny)
    pd.testing.assert_frame_equal(from_csv.frame, from_codes.frame)
    a, b = r.score(tiny, from_csv.frame), r.score(tiny, from_codes.frame)
    assert list(a.rounded) == list(b.rounded) and list(a.total) == list(b.total)
    assert list(a.weakest_text()) == list(b.weakest_text())


def test_score_command_reads_code_files_beside_csv(tiny_data, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "codes.txt").write_text("Ana: tiny=34251\ntiny=11511\n", encoding="utf-8")
    (tmp_path / "more.csv").write_text(
        "respondent_id,factor_0,factor_1,factor_2,factor_3,factor_4\nCy,5,5,1,5,5\n",
        encoding="utf-8",
    )
    assert main(["score", "tiny", "codes.txt", "more.csv", "-o", "scored.csv"]) == 0
    scored = pd.read_csv(tmp_path / "scored.csv", encoding="utf-8-sig")
    assert list(scored["respondent_id"]) == ["Ana", "line 2", "Cy"]
    expected = r.score(load_model("tiny"), scored[list(FACTOR_IDS)])
    assert list(scored["score"]) == [int(s) for s in expected.rounded]
    capsys.readouterr()


def test_page_data_carries_models_and_every_message():
    html = codes_data_html()
    assert html.startswith('<script type="application/json" data-lipse-codes>')
    data = json.loads(html.split(">", 1)[1].rsplit("</script>", 1)[0])
    assert data["messages"] == MESSAGES
    assert [m["id"] for m in data["models"]] == model_names()
    model = load_model("eprocurement")
    first = next(m for m in data["models"] if m["id"] == "eprocurement")
    assert [f["id"] for f in first["factors"]] == list(model.factor_ids)
    assert (first["min"], first["max"]) == (1, 5)
    assert page_data([model])["lineName"] == "line {line}"


def test_take_away_page_has_everything_inline_and_nothing_from_elsewhere():
    page = takeaway_html(
        load_model("telework"), stylesheet=".x{}", runtime="window.vegaEmbed = null;"
    )
    assert page.startswith("<!DOCTYPE html>") and page.count("<script>") == 5
    assert not re.search(r"<script[^>]*\ssrc=|<link\b|<img\b|@import|url\(http", page)
    assert "data-notebook" not in page and "cdn.jsdelivr" not in page
    assert "data-lipse-takeaway" not in page  # no link to itself
    assert "data-answer-code" in page and 'data-readiness-model="telework"' in page
    assert inline_script("a = '</script>';") == "<script>a = '<\\/script>';</script>"
    with pytest.raises(ValueError):
        inline_script("a = '<!--';")


def test_the_kernel_calculator_shows_its_answer_code():
    model = load_model("eprocurement")
    answers = dict(zip(model.factor_ids, [5, 4, 1, 2, 3, 4, 5], strict=True))
    shown = downloads_html(r.score(model, answers))
    assert "<code data-answer-code>eprocurement=5412345</code>" in shown


def test_the_site_calculator_has_the_hooks_and_starts_at_the_score_python_gives():
    model = load_model("telework")
    page = calculator_html(model)
    assert 'data-readiness-model="telework"' in page
    start = int(r.score(model, model.default_answers()).rounded[0])
    assert f"<strong data-readiness-score>{start}</strong>" in page
    assert f"<code data-answer-code>{format_code(model, model.default_answers())}</code>" in page
    assert 'href="#lipse-takeaway-telework"' in page and "<noscript>" in page
