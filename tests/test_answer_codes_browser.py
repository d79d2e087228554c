"""Answer codes on the built site and in the take-away calculator, in headless Chromium.

Every other host is refused. The code, the link, the download and the score the page shows
must EQUAL what Python writes and computes for the same answers; a malformed code gets
the same reason Python gives, beside the calculator.

A link is opened as a reader opens it, in a page loaded with it; a malformed link first so
too, then the other malformed ones as new addresses in the same tab. The tests that start
from the page as it arrives share one load of it, every answer set back before each.
"""

from __future__ import annotations

import re
import urllib.parse

import numpy as np
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from site_visit import AXE_JS, run_axe
from sliders import move_sliders, slider_answers

from lipse_widgets.data.answers import read_answers
from lipse_widgets.data.codes import CodeError, format_code, parse_code, parse_lines
from lipse_widgets.data.models import Model, load_model
from lipse_widgets.logic import readiness as r
from lipse_widgets.sphinxext.takeaway import takeaway_name

pytestmark = pytest.mark.browser

PAGE = "chapters/outcomes.html"
MODELS = ["eprocurement", "telework"]
BAD_CODES = [
    "eprocurement=342513",
    "eprocurement=34251349",
    "eprocurement=3425x34",
    "eprocurement=3495134",
    "eprocurment=3425134",
    "telework=0333333",
]


@pytest.fixture(scope="module")
def models() -> dict[str, Model]:
    return {name: load_model(name) for name in MODELS}


@pytest.fixture
def open_page(browser, server):
    """Open the calculators' page (with a fragment), every other host refused; no script error."""
    contexts, problems = [], []

    def go(fragment: str = "", **options):
        context = browser.new_context(**options)
        context.route(lambda url: not url.startswith(server), lambda route: route.abort())
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(server + PAGE + fragment, wait_until="load")
        return page

    yield go
    for context in contexts:
        context.close()
    assert problems == []


@pytest.fixture(scope="module")
def loaded(browser, server):
    """The calculators' page, loaded once (with the clipboard allowed) for the tests that
    start from it as it arrives; the page errors it has met so far."""
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server[:-1])
    context.route(lambda url: not url.startswith(server), lambda route: route.abort())
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(server + PAGE, wait_until="load")
    yield page, problems
    context.close()


@pytest.fixture
def page(loaded, models):
    """The calculators' page with every answer at its start and its text boxes empty (one
    load of this long page costs about a second of CPU); no page error during the test."""
    page, problems = loaded
    for name in MODELS:
        calculator = _calculator(page, name)
        start = models[name].default_answers()
        move_sliders(calculator, models[name], start)
        calculator.locator("[data-answer-name]").fill("")
        calculator.locator("[data-answer-open]").fill("")
        assert _answers(page, name, models[name]) == start
        assert _score_shown(page, name, 50) == "50"
    seen = len(problems)
    yield page
    assert problems[seen:] == []


def _calculator(page, name):
    return page.locator(f"[data-readiness-model={name}]")


def _answers(page, name, model) -> dict[str, int]:
    return slider_answers(_calculator(page, name), model)


def _score_shown(page, name, expected: int) -> str:
    """Wait until [data-readiness-score] shows ``expected``; return what it shows."""
    score = _calculator(page, name).locator("[data-readiness-score]")
    try:
        page.wait_for_function(
            "([el, v]) => el.textContent.trim() === String(v)",
            arg=[score.element_handle(), expected],
            timeout=10_000,
        )
    except PlaywrightTimeout:
        pass  # the caller's assertion says what is shown instead
    return score.text_content().strip()


def _random_answers(model: Model, seed: int) -> dict[str, int]:
    rng = np.random.default_rng(seed)
    return {f.id: int(rng.integers(1, 6)) for f in model.factors}


@pytest.mark.parametrize("name", MODELS)
def test_sliders_give_the_code_link_download_and_score_python_gives(page, models, name, tmp_path):
    model = models[name]
    calculator = _calculator(page, name)
    assert calculator.locator("[data-answer-code]").text_content() == format_code(
        model, model.default_answers()
    )
    answers = _random_answers(model, 7)
    inputs = calculator.locator("input[type=range]")
    for i, factor in enumerate(model.factors):
        inputs.nth(i).fill(str(answers[factor.id]))
    code = format_code(model, answers)
    assert calculator.locator("[data-answer-code]").text_content() == code
    assert (
        calculator.locator("[data-answer-link]").get_attribute("href").endswith(f"/{PAGE}#{code}")
    )
    expected = int(r.score(model, answers).rounded[0])
    assert _score_shown(page, name, expected) == str(expected)
    # the download is a row of the `template` table, which `score` reads back
    calculator.locator("[data-answer-name]").fill("=HYPERLINK(1)")
    download = calculator.locator("[data-answer-download]")
    assert download.get_attribute("download") == f"{name}-answers-hyperlink-1.csv"
    href = download.get_attribute("href")
    text = urllib.parse.unquote(href.removeprefix("data:text/csv;charset=utf-8,"))
    header = ",".join(["respondent_id", *model.factor_ids])
    row = ",".join(["'=HYPERLINK(1)", *(str(answers[f]) for f in model.factor_ids)])
    assert text == f"{header}\r\n{row}\r\n"
    saved = tmp_path / "answers.csv"
    saved.write_text(text, encoding="utf-8")
    read = read_answers(saved, model)
    assert int(r.score(model, read.frame).rounded[0]) == expected


@pytest.mark.parametrize("name", MODELS)
def test_a_link_opens_its_answers_and_the_python_score(open_page, models, name):
    model = models[name]
    answers = _random_answers(model, 11 + len(name))
    code = format_code(model, answers)
    page = open_page("#" + code)
    expected = int(r.score(model, answers).rounded[0])
    assert _score_shown(page, name, expected) == str(expected)
    assert _answers(page, name, model) == answers
    assert _calculator(page, name).locator("[data-answer-code]").text_content() == code
    assert _calculator(page, name).locator("[data-answer-error]").text_content() == ""
    # the other calculator keeps its starting answers
    other = next(m for m in MODELS if m != name)
    assert _answers(page, other, models[other]) == models[other].default_answers()


@pytest.fixture(scope="module")
def opened_with_a_bad_code(browser, server):
    """The page opened from a link with the first malformed code; the next ones arrive as
    a new address in the same tab (a reader pasting another link: the page hears it)."""
    context = browser.new_context()
    context.route(lambda url: not url.startswith(server), lambda route: route.abort())
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(server + PAGE + "#" + BAD_CODES[0], wait_until="load")
    yield page
    context.close()
    assert problems == []


@pytest.mark.parametrize("bad", BAD_CODES)
def test_a_malformed_link_is_said_beside_the_calculator_and_changes_nothing(
    opened_with_a_bad_code, models, bad
):
    page = opened_with_a_bad_code
    if bad != BAD_CODES[0]:
        page.evaluate("code => { location.hash = code; }", bad)
    try:
        parse_code(bad, models.values())
        raise AssertionError(f"{bad} should be refused")
    except CodeError as err:
        reason = err.reason
    shown = next(
        (n for n in MODELS if bad.startswith(n + "=")), MODELS[0]
    )  # its own calculator, else the first
    alert = _calculator(page, shown).locator("[role=alert][data-answer-error]")
    alert.filter(has_text=reason).wait_for(timeout=5_000)
    text = alert.text_content()
    assert text.startswith("The answer code in this page's address cannot be used")
    assert reason in text, (reason, text)
    assert "The sliders are unchanged." in text
    for name in MODELS:
        assert _answers(page, name, models[name]) == models[name].default_answers()
        assert _calculator(page, name).locator("[data-readiness-score]").text_content() == "50"


def test_a_typed_code_sets_the_sliders_and_a_bad_one_is_refused(page, models):
    model = models["eprocurement"]
    calculator = _calculator(page, "eprocurement")
    calculator.locator("[data-answer-open]").fill("Eprocurement = 5151515")
    calculator.locator("[data-answer-open-button]").click()
    answers = dict(zip(model.factor_ids, [5, 1, 5, 1, 5, 1, 5], strict=True))
    expected = int(r.score(model, answers).rounded[0])
    assert _score_shown(page, "eprocurement", expected) == str(expected)
    assert _answers(page, "eprocurement", model) == answers
    calculator.locator("[data-answer-open]").fill("eprocurement=515")
    calculator.locator("[data-answer-open]").press("Enter")
    text = calculator.locator("[data-answer-error]").text_content()
    assert text.startswith("This answer code cannot be used (eprocurement=515): has 3 digits")
    assert _answers(page, "eprocurement", model) == answers


def test_copy_buttons_copy_the_code_and_the_link(page, server, models):
    calculator = _calculator(page, "telework")
    calculator.locator("input[type=range]").first.fill("5")
    code = calculator.locator("[data-answer-code]").text_content()
    calculator.locator("[data-copy-code]").click()
    assert page.evaluate("navigator.clipboard.readText()") == code
    calculator.locator("[data-answer-status]").filter(has_text="Copied the code").wait_for()
    calculator.locator("[data-copy-link]").click()
    assert page.evaluate("navigator.clipboard.readText()") == f"{server}{PAGE}#{code}"


def test_the_browser_reads_lines_of_codes_with_the_python_messages(page, models):
    text = "\n".join(
        ["# a workshop", "Ana: eprocurement=3425134", "telework=33333333", ""]
        + [f"P{i}: {bad}" for i, bad in enumerate([*BAD_CODES, "hello"])]
        + ["ana: eprocurement=1111111", ": telework=33333333", "Bo: https://x.org/o.html"]
    )
    rows, problems = parse_lines(text, models.values())
    found = page.evaluate("t => LipseCodes.parseLines(t, LipseCodes.pageData().models)", text)
    assert [(x["line"], x["name"], x["code"]) for x in found["rows"]] == [
        (row.line, row.name, str(row.code)) for row in rows
    ]
    assert [(x["line"], x["reason"]) for x in found["problems"]] == [
        (p.row, p.message) for p in problems
    ]
    assert len(problems) == len(BAD_CODES) + 4


def test_without_javascript_the_static_calculator_stays_and_says_codes_need_it(open_page):
    page = open_page(java_script_enabled=False)
    for name in MODELS:
        calculator = _calculator(page, name)
        assert calculator.locator(".lipse-chart-box > svg").count() >= 1
        assert calculator.locator("[data-readiness-score]").text_content() == "50"
        assert not calculator.locator("[data-lipse-code-controls]").is_visible()
        assert "need JavaScript" in calculator.locator(".lipse-answers").inner_text()


@pytest.mark.parametrize("name", MODELS)
def test_the_take_away_calculator_scores_the_same_from_disk_with_no_network(
    browser, site, page, models, name
):
    model = models[name]
    # the calculator links to its take-away file, which the site serves
    href = _calculator(page, name).locator("[data-lipse-takeaway]").get_attribute("href")
    assert page.evaluate("h => fetch(h).then(r => r.status)", href) == 200
    path = site / takeaway_name(name)
    assert path.is_file()
    # opened from disk, every request that is not the file itself refused and recorded
    answers = _random_answers(model, 23)
    code = format_code(model, answers)
    context = browser.new_context()
    requests, problems = [], []
    context.route(re.compile(r"^(?!file:|data:)"), lambda route: route.abort())
    from_disk = context.new_page()
    from_disk.on("request", lambda req: requests.append(req.url))
    from_disk.on("pageerror", lambda e: problems.append(str(e)))
    from_disk.goto(path.as_uri() + "#" + code, wait_until="load")
    expected = int(r.score(model, answers).rounded[0])
    assert _score_shown(from_disk, name, expected) == str(expected)
    assert _answers(from_disk, name, model) == answers
    _calculator(from_disk, name).locator(".lipse-chart-live svg.marks").wait_for()
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    assert [u for u in requests if u.startswith("file:") and not u.startswith(path.as_uri())] == []
    # a slider moved: the code and the score follow
    _calculator(from_disk, name).locator("input[type=range]").first.fill("1")
    answers[model.factors[0].id] = 1
    expected = int(r.score(model, answers).rounded[0])
    assert _score_shown(from_disk, name, expected) == str(expected)
    assert _calculator(from_disk, name).locator("[data-answer-code]").text_content() == format_code(
        model, answers
    )
    assert problems == []
    context.close()


def _axe_violations(page, include: str | None = None) -> list:
    return [(v["id"], v["nodes"]) for v in run_axe(page, include)["violations"]]


def test_axe_finds_nothing_with_a_message_shown_or_in_the_take_away_file(browser, site, open_page):
    assert AXE_JS.is_file(), f"{AXE_JS} is missing: run `npm ci` (make test does)"
    page = open_page("#telework=12345")
    alert = _calculator(page, "telework").locator("[data-answer-error]")
    alert.filter(has_text="5 digits").wait_for()
    # the calculator, its message shown (the rest of the page: every visit of
    # test_site_browser checks it whole)
    assert _axe_violations(page, "[data-readiness-model=telework]") == []
    for width, touch in ((390, True), (1400, False)):
        context = browser.new_context(
            viewport={"width": width, "height": 900}, is_mobile=touch, has_touch=touch
        )
        context.route(re.compile(r"^(?!file:|data:)"), lambda route: route.abort())
        page = context.new_page()
        page.goto((site / takeaway_name("eprocurement")).as_uri(), wait_until="load")
        page.locator(".lipse-chart-live svg.marks").wait_for()
        assert _axe_violations(page) == [], width
        context.close()
