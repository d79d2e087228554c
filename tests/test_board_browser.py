"""The workshop board on the built site, in headless Chromium, with every other host refused.

The board's figures must EQUAL what Python's ``score`` and ``summarise`` compute for the
same answers; lines it cannot read are listed, with their line number, and left out.
The last test plays a workshop end to end: three participants answer on the calculator
page, their codes go into the board.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from lipse_widgets.data.models import Model, load_model
from lipse_widgets.logic import readiness as r
from lipse_widgets.logic import workshop as w
from lipse_widgets.views.report import format_stat

pytestmark = pytest.mark.browser

BOARD = "board.html"
CALCULATORS = "chapters/outcomes.html"
SHOWN = "[data-board-report]:not([hidden])"


@pytest.fixture(scope="module")
def eproc() -> Model:
    return load_model("eprocurement")


def _context(browser, server, **options):
    """A browser context that may reach the local site and nothing else; requests are kept."""
    context = browser.new_context(accept_downloads=True, **options)
    context.refused = []
    context.route(
        lambda url: not url.startswith(server),
        lambda route: (context.refused.append(route.request.url), route.abort()),
    )
    return context


@pytest.fixture
def board(browser, server):
    context = _context(browser, server)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server + BOARD, wait_until="load")
    page.wait_for_function("document.querySelector('[data-workshop-board]').lipseBoard")
    yield page
    context.close()
    assert errors == []
    assert context.refused == []


def _code(model: Model, answers: dict[str, int]) -> str:
    return model.id + "=" + "".join(str(answers[f]) for f in model.factor_ids)


def _show(page, state: str = "shown") -> None:
    page.click("[data-board-show]")
    page.wait_for_function(
        "s => ['shown', 'empty', 'failed'].includes("
        "document.querySelector('[data-workshop-board]').dataset.boardState) &&"
        " document.querySelector('[data-workshop-board]').dataset.boardState === s",
        arg=state,
        timeout=30_000,
    )


def _board_figures(page) -> dict:
    """What the board shows: count, mean, the other figures, the weak factors in order."""
    stats = {
        key: page.locator(f"{SHOWN} [data-stat={key}]").text_content()
        for key in ("respondents", "mean", "median", "minimum", "maximum")
    }
    weak = page.locator(f"{SHOWN} [data-weak-factor]:not([hidden])").evaluate_all(
        "items => items.map(i => [i.dataset.weakFactor,"
        " i.querySelector('[data-weak-count]').textContent])"
    )
    return {
        "n": page.locator("[data-group-n]").text_content(),
        "mean": page.locator("[data-group-mean]").text_content(),
        "stats": stats,
        "weak": [tuple(x) for x in weak],
    }


def _python_figures(model: Model, answers: pd.DataFrame) -> dict:
    summary = w.summarise(r.score(model, answers))
    common = w.common_weak_factors(summary, model, r.N_WEAKEST)
    stats = {
        key: format_stat(key, getattr(summary, key))
        for key in ("respondents", "mean", "median", "minimum", "maximum")
    }
    return {
        "n": str(summary.respondents),
        "mean": format_stat("mean", summary.mean),
        "stats": stats,
        "weak": [(c.factor.id, f"{c.respondents} of {summary.respondents}") for c in common],
    }


def test_pasted_codes_give_summarises_figures_and_bad_lines_are_listed(board, eproc):
    answers = w.made_up_answers(eproc, 12)
    lines = [
        f"{row.respondent_id}: {_code(eproc, row._asdict())}"
        for row in answers.itertuples(index=False)
    ]
    lines.insert(3, "Bob: eprocurement=12")  # line 4: too few digits
    lines.insert(7, "telework=12345")  # line 8: a code of another model, too short
    lines.insert(9, "")  # a blank line is skipped, not a problem
    lines.append("hello world")  # line 16
    board.fill("[data-board-codes]", "\n".join(lines))
    _show(board)
    assert _board_figures(board) == _python_figures(eproc, answers)
    problems = board.locator("[data-board-problem-list] li").all_text_contents()
    assert [p.split(":")[0] for p in problems] == ["line 4", "line 8", "line 16"]
    assert "Bob" in problems[0]
    assert board.locator("[data-board-problems]").is_visible()
    assert "3 line(s) left out" in board.locator("[data-board-status]").text_content()
    # the three charts are drawn, from the same specs as the Python report
    assert board.locator(f"{SHOWN} [data-chart] svg.lipse-chart-wide").count() == 3
    assert board.locator(f"{SHOWN} [data-chart] svg.lipse-chart-narrow").count() == 3
    bars = board.locator(f"{SHOWN} [data-chart=weak] svg.lipse-chart-wide g.mark-rect path").count()
    assert bars == len(eproc.factors)  # one bar per factor (an empty one for a count of 0)


def test_only_bad_lines_show_no_group(board):
    board.fill("[data-board-codes]", "nonsense\neprocurement=99")
    _show(board, "empty")
    assert board.locator(f"{SHOWN}").count() == 0
    assert board.locator("[data-board-problem-list] li").count() == 2


def _csv(path: Path, model: Model, frame: pd.DataFrame, sep=",", bom=False) -> Path:
    text = frame.to_csv(index=False, sep=sep, lineterminator="\r\n")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def test_dropped_and_chosen_files_csv_and_excel(board, eproc, tmp_path):
    group = w.made_up_answers(eproc, 9, seed=4)
    # a participant's own download from the calculator: one row, named "me"
    one = group.iloc[[0]].assign(respondent_id="me")
    mine = _csv(tmp_path / "anna.csv", eproc, one)
    # a trainer's spreadsheet, semicolons and a byte-order mark, columns in another order
    some = group.iloc[1:5]
    semi = _csv(tmp_path / "team.csv", eproc, some[[*reversed(some.columns)]], ";", True)
    book = openpyxl.Workbook()
    book.active.append(list(group.columns))
    for row in group.iloc[5:].itertuples(index=False):
        book.active.append(list(row))
    book.active.append(["broken", *(["x"] * len(eproc.factors))])  # row 6 of the workbook
    book.save(tmp_path / "rest.xlsx")
    # drop the first file, as a trainer drags it onto the board
    board.evaluate(
        """([name, text]) => {
             const data = new DataTransfer();
             data.items.add(new File([text], name, {type: "text/csv"}));
             document.querySelector("[data-board-drop]").dispatchEvent(
               new DragEvent("drop", {dataTransfer: data, bubbles: true, cancelable: true}));
           }""",
        ["anna.csv", mine.read_text("utf-8")],
    )
    board.wait_for_function(
        "document.querySelector('[data-workshop-board]').dataset.boardState === 'shown'"
    )
    assert board.locator("[data-group-n]").text_content() == "1"
    board.set_input_files("[data-board-files]", [str(semi), str(tmp_path / "rest.xlsx")])
    board.wait_for_function(
        "document.querySelector('[data-group-n]') &&"
        " document.querySelector('[data-group-n]').textContent === '9' &&"
        " document.querySelector('[data-workshop-board]').dataset.boardState === 'shown'",
        timeout=30_000,
    )
    assert _board_figures(board) == _python_figures(eproc, group)
    problems = board.locator("[data-board-problem-list] li").all_text_contents()
    assert len(problems) == 1 and problems[0].startswith("rest.xlsx row 6: ")


def test_the_saved_report_opens_from_disk_with_the_network_refused(board, browser, eproc, tmp_path):
    answers = w.made_up_answers(eproc, 5, seed=8)
    board.fill(
        "[data-board-codes]",
        "\n".join(_code(eproc, row._asdict()) for row in answers.itertuples(index=False)),
    )
    _show(board)
    with board.expect_download() as download:
        board.click("[data-board-save]")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "group-report-eprocurement.html"
    text = saved.read_text("utf-8")
    assert not re.search(r"https?://", text), re.search(r"https?://.{40}", text)
    assert "<script" not in text
    context = browser.new_context(java_script_enabled=False)
    requested: list[str] = []
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url == saved.as_uri()
            else (requested.append(route.request.url), route.abort())
        ),
    )
    page = context.new_page()
    page.goto(saved.as_uri())
    expected = _python_figures(eproc, answers)
    assert page.locator("[data-group-n]").text_content() == expected["n"]
    assert page.locator("[data-group-mean]").text_content() == expected["mean"]
    assert page.locator("[data-chart] svg").count() == 6  # each chart wide and narrow
    assert page.locator("[data-chart] svg.lipse-chart-wide").first.bounding_box()["width"] > 200
    assert page.locator("[data-weak-factor]").count() == len(expected["weak"])
    assert requested == []
    context.close()


def test_a_workshop_end_to_end(browser, server, eproc):
    """Three participants answer on the calculator page; the board shows score's figures."""
    chosen = [{f.id: (i + k) % 5 + 1 for k, f in enumerate(eproc.factors)} for i in range(3)]
    codes = []
    for number, answers in enumerate(chosen, start=1):
        context = _context(browser, server, viewport={"width": 390, "height": 844},
                           is_mobile=True, has_touch=True)  # fmt: skip
        page = context.new_page()
        page.goto(server + CALCULATORS, wait_until="load")
        calculator = page.locator("[data-lipse-calculator=eprocurement]")
        inputs = calculator.locator("input[type=range]")
        for i, factor in enumerate(eproc.factors):
            inputs.nth(i).fill(str(answers[factor.id]))
        expected = _code(eproc, answers)
        code = calculator.locator("[data-answer-code]")
        page.wait_for_function(
            "([el, code]) => el.textContent.includes(code)",
            arg=[code.element_handle(), expected],
            timeout=15_000,
        )
        shown = re.search(r"eprocurement=\d+", code.text_content()).group(0)
        codes.append(f"Participant {number}: {shown}")
        assert context.refused == []
        context.close()
    context = _context(browser, server)
    page = context.new_page()
    page.goto(server + BOARD, wait_until="load")
    page.wait_for_function("document.querySelector('[data-workshop-board]').lipseBoard")
    page.fill("[data-board-codes]", "\n".join(codes))
    _show(page)
    frame = pd.DataFrame(chosen, columns=list(eproc.factor_ids))
    assert _board_figures(page) == _python_figures(eproc, frame)
    scores = r.score(eproc, frame)
    assert page.locator("[data-group-n]").text_content() == "3"
    assert float(page.locator("[data-group-mean]").get_attribute("data-value")) == pytest.approx(
        float(scores.rounded.mean())
    )
    assert context.refused == []
    context.close()
