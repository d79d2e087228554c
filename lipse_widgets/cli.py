"""The contributors' and trainers' command line: ``python -m lipse_widgets COMMAND``.

Every command exits 0 on success and 1 on bad input, printing one line per
problem as ``FILE:ROW:COLUMN: message`` (ROW as a spreadsheet numbers it: the
header is row 1) and never a traceback; on bad input nothing is written.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from lipse_widgets.data.answers import RESPONDENT, Answers, read_answers, template_rows
from lipse_widgets.data.files import read_text
from lipse_widgets.data.folder import validate_data_dir
from lipse_widgets.data.models import Model, load_model
from lipse_widgets.data.pages import page_paths, sentence_problems
from lipse_widgets.data.problems import ANY_COLUMN, WHOLE_FILE, DataValidationError, Problem
from lipse_widgets.data.tables import write_table
from lipse_widgets.logic import readiness, workshop
from lipse_widgets.paths import data_dir

#: The kinds of file ``score`` and ``template`` write.
OUTPUT_SUFFIXES = (".xlsx", ".csv")


def _problems_exit(problems: Sequence[Problem]) -> int:
    """Print problems as FILE:ROW:COLUMN: message lines; return the exit status 1."""
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s); nothing was written", file=sys.stderr)
    return 1


def _shown(folder: Path) -> Path:
    """Return a folder as a contributor reads it: relative to here if it is inside."""
    try:
        return folder.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return folder


def _validate(args: argparse.Namespace) -> int:
    folder = _shown(Path(args.data_dir))
    problems = validate_data_dir(folder)
    for problem in problems:
        print(problem)
    if problems:
        book = "the current folder" if str(folder.parent) == "." else folder.parent
        where = f"{folder} and the pages and bibliography in {book}"
        print(f"{len(problems)} problem(s) in {where}", file=sys.stderr)
        return 1
    print(f"All data in {folder} is valid.")
    return 0


def _sentences(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.files] or [_shown(p) for p in page_paths(data_dir().parent)]
    problems: list[Problem] = []
    for path in paths:
        text, found = read_text(path, str(path))
        problems.extend(found if text is None else sentence_problems(str(path), text))
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} line(s) to change: one sentence per line", file=sys.stderr)
        return 1
    print(f"One sentence per line in {len(paths)} page(s).")
    return 0


def _output_problem(out: Path) -> Problem | None:
    if out.suffix.lower() not in OUTPUT_SUFFIXES:
        message = "the output must be an Excel workbook (.xlsx) or a CSV file (.csv)"
        return Problem(str(out), WHOLE_FILE, ANY_COLUMN, message)
    return None


def _write(frame: pd.DataFrame, out: Path, separator: str = ",") -> Problem | None:
    """Write a table for people to open; return the problem if it cannot be written."""
    try:
        write_table(frame, out, separator=separator)
    except OSError as err:
        return Problem(str(out), WHOLE_FILE, ANY_COLUMN, f"cannot be written: {err.strerror}")
    return None


def _template(args: argparse.Namespace) -> int:
    try:
        model = load_model(args.model)
    except DataValidationError as err:
        return _problems_exit(err.problems)
    header, example = template_rows(model)
    if args.output:
        out = Path(args.output)
        problem = _output_problem(out) or _write(pd.DataFrame([example], columns=header), out)
        if problem:
            return _problems_exit([problem])
        print(f"Wrote {out}: one column per question, and an example row to replace.")
    else:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(header)
        writer.writerow(example)
    print(
        f"# One column per question of the {model.title} model; answers are whole numbers "
        f"{model.scale_min} to {model.scale_max}. Replace the example row.",
        file=sys.stderr,
    )
    for factor in model.factors:
        print(f"# {factor.id}: {factor.question} {model.answer_guide(factor)}", file=sys.stderr)
    return 0


def default_output(answers: Sequence[str], model: Model) -> Path:
    """Where ``score`` writes when not told: beside the one file or folder, else here."""
    if len(answers) == 1:
        given = Path(answers[0])
        return given.parent / f"{given.stem if given.is_file() else given.name}_scored.xlsx"
    return Path(f"{model.id}_scored.xlsx")


def _answers_or_exit(paths: Sequence[str], model: Model) -> Answers | int:
    """Read the answers and print their notes; on bad input, print the problems, return 1."""
    try:
        answers = read_answers(paths, model)
    except DataValidationError as err:
        return _problems_exit(err.problems)
    for note in answers.notes:
        print(note, file=sys.stderr)
    return answers


def _score(args: argparse.Namespace) -> int:
    try:
        model = load_model(args.model)
    except DataValidationError as err:
        return _problems_exit(err.problems)
    out = Path(args.output) if args.output else default_output(args.answers, model)
    problem = _output_problem(out)
    if problem is None and any(
        Path(a).is_file() and Path(a).resolve() == out.resolve() for a in args.answers
    ):
        message = "the output would overwrite the answers; choose another name with -o"
        problem = Problem(str(out), WHOLE_FILE, ANY_COLUMN, message)
    if problem:
        return _problems_exit([problem])
    answers = _answers_or_exit(args.answers, model)
    if isinstance(answers, int):
        return answers
    scores = readiness.score(model, answers.frame)
    table = readiness.scored_table(scores, answers.frame[RESPONDENT])
    problem = _write(table, out, separator=answers.separator or ",")
    if problem:
        return _problems_exit([problem])
    summary = workshop.summarise(scores)
    common = ", ".join(f"{label} ({n})" for label, n in summary.most_common_weak(3)) or "none"
    print(f"Scored {summary.respondents} respondent(s) with the {model.title} model: {out}")
    print(
        f"Score (0 to 100): mean {summary.mean:.1f}, median {summary.median:.1f}, "
        f"min {summary.minimum}, max {summary.maximum}"
    )
    print(f"Most common weak factors (respondents): {common}")
    print(readiness.NOT_A_MEASUREMENT)
    return 0


def _report(args: argparse.Namespace) -> int:
    # The report draws charts (Altair, vl-convert): loaded here, so that the other commands
    # (validate, template, score) start without them (tests/test_layers.py keeps it so).
    from lipse_widgets.views import report
    from lipse_widgets.views.vega import VegaUnavailable

    try:
        model = load_model(args.model)
    except DataValidationError as err:
        return _problems_exit(err.problems)
    out = Path(args.output)
    if out.suffix.lower() not in (".html", ".htm"):
        message = "the report is a web page: give the output a name ending in .html"
        return _problems_exit([Problem(str(out), WHOLE_FILE, ANY_COLUMN, message)])
    answers = _answers_or_exit(args.answers, model)
    if isinstance(answers, int):
        return answers
    origin = ", ".join(Path(a).name for a in args.answers)
    try:
        page = report.report_html(model, answers.frame, origin)
    except VegaUnavailable as err:  # the charts are drawn with vl-convert (not on Binder)
        print(f"The group report cannot be made here: {err}", file=sys.stderr)
        print("Nothing was written.", file=sys.stderr)
        return 1
    try:
        temporary = out.with_name(out.name + ".tmp")
        temporary.write_text(page, encoding="utf-8")
        temporary.replace(out)
    except OSError as err:
        problem = Problem(str(out), WHOLE_FILE, ANY_COLUMN, f"cannot be written: {err.strerror}")
        return _problems_exit([problem])
    print(f"Wrote the group report of {len(answers)} participant(s) to {out}")
    print(readiness.NOT_A_MEASUREMENT)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with one sub-command per task."""
    parser = argparse.ArgumentParser(
        prog="python -m lipse_widgets",
        description="Check the book's data and score readiness answers.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate = commands.add_parser(
        "validate",
        help="check every data file against datapackage.json and the bibliography",
        description="Check every data file against its schema in datapackage.json, every "
        "citation key against references.bib, and every readiness model. Prints "
        "FILE:ROW:COLUMN: message per problem (ROW as a spreadsheet numbers it).",
    )
    validate.add_argument(
        "data_dir",
        nargs="?",
        default=str(data_dir()),
        metavar="DATA_DIR",
        help="the data folder (default: book/data)",
    )
    validate.set_defaults(run=_validate)
    sentences = commands.add_parser(
        "sentences",
        help="check that the book's pages have one sentence per line",
        description="Check that every line of prose of the book's pages (or of FILES) holds "
        "one sentence, and that no sentence runs on to the next line. Prints "
        "FILE:LINE:sentences: message per line to change.",
    )
    sentences.add_argument(
        "files", nargs="*", metavar="FILE", help="MyST pages to check (default: every page)"
    )
    sentences.set_defaults(run=_sentences)
    template = commands.add_parser(
        "template",
        help="print a table of answers to fill in: the header and an example row",
        description="Print the header and one example row (respondent example-1) of a table "
        "of answers to MODEL; the questions are listed on standard error. With -o, write it "
        "as an Excel workbook (.xlsx) or a CSV file instead.",
    )
    template.add_argument("model", metavar="MODEL", help="eprocurement or telework")
    template.add_argument(
        "-o", "--output", metavar="FILE", help="write the table to FILE (.xlsx or .csv)"
    )
    template.set_defaults(run=_template)
    score = commands.add_parser(
        "score",
        help="score tables of answers with a readiness model",
        description="Score every respondent of the ANSWERS files (CSV with commas or "
        "semicolons, .xlsx, or .txt files of answer codes such as eprocurement=3425134, one "
        "per line; a folder stands for its .csv and .xlsx files) with MODEL; "
        "write the answers with each score (0 to 100) and the weakest factors to OUT, and "
        "print a summary. Bad input prints FILE:ROW:COLUMN: message lines and writes nothing.",
    )
    score.add_argument("model", metavar="MODEL", help="eprocurement or telework")
    score.add_argument(
        "answers",
        metavar="ANSWERS",
        nargs="+",
        help="files or folders of answers, one row per respondent (or one answer code per "
        "line of a .txt file)",
    )
    score.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="where to write the scores: .xlsx (opens the same in every language of Excel) "
        "or .csv (UTF-8 with a byte-order mark, separated like the answers); default: "
        "ANSWERS_scored.xlsx",
    )
    score.set_defaults(run=_score)
    group_report = commands.add_parser(
        "report",
        help="write a group report (one HTML page) of answers to a readiness model",
        description="Read every respondent of the ANSWERS files (as score reads them) and "
        "write one self-contained HTML page to OUT: the number of participants, mean, median, "
        "lowest and highest score, the charts, the most common weak factors with their actions "
        "and what they rest on. It needs no network and prints on A4. Bad input prints "
        "FILE:ROW:COLUMN: message lines and writes nothing.",
    )
    group_report.add_argument("model", metavar="MODEL", help="eprocurement or telework")
    group_report.add_argument(
        "answers", metavar="ANSWERS", nargs="+", help="files or folders of answers"
    )
    group_report.add_argument(
        "-o", "--output", metavar="OUT", required=True, help="the report to write (.html)"
    )
    group_report.set_defaults(run=_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    return args.run(args)
