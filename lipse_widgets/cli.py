"""The contributors' and trainers' command line: ``python -m lipse_widgets COMMAND``.

Every command exits 0 on success and 1 on bad input, printing one line per
problem as ``FILE:ROW:COLUMN: message`` and never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lipse_widgets.paths import data_dir


def _validate(args: argparse.Namespace) -> int:
    from lipse_widgets.data.validate import validate_data_dir

    folder = Path(args.data_dir)
    problems = validate_data_dir(folder)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {folder}", file=sys.stderr)
        return 1
    print(f"All data in {folder} is valid.")
    return 0


def _problems_exit(problems) -> int:
    """Print problems as FILE:ROW:COLUMN: message lines; return the exit status 1."""
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s); nothing was written", file=sys.stderr)
    return 1


def _template(args: argparse.Namespace) -> int:
    import csv

    from lipse_widgets.data.models import load_model
    from lipse_widgets.data.problems import DataValidationError
    from lipse_widgets.logic import readiness

    try:
        model = readiness.model_from_dict(load_model(args.model))
    except DataValidationError as err:
        return _problems_exit(err.problems)
    header, example = readiness.template_rows(model)
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(header)
    writer.writerow(example)
    print(
        f"# One column per question of the {model.title} model; answers are whole numbers "
        f"{model.scale_min} to {model.scale_max}. Replace the example row.",
        file=sys.stderr,
    )
    for factor in model.factors:
        barrier = " A barrier: a high answer lowers the score." if factor.is_barrier else ""
        print(
            f"# {factor.id}: {factor.question} {model.scale_min} = {factor.min_label}, "
            f"{model.scale_max} = {factor.max_label}.{barrier}",
            file=sys.stderr,
        )
    return 0


def _score(args: argparse.Namespace) -> int:
    import os
    import tempfile

    from lipse_widgets.data.models import load_model, read_answers
    from lipse_widgets.data.problems import ANY_COLUMN, HEADER_ROW, DataValidationError, Problem
    from lipse_widgets.logic import readiness, workshop

    answers_path = Path(args.answers)
    out = (
        Path(args.output)
        if args.output
        else answers_path.with_name(f"{answers_path.stem}_scored.csv")
    )
    try:
        data = load_model(args.model)
        model = readiness.model_from_dict(data)
        answers = read_answers(args.answers, data)
    except DataValidationError as err:
        return _problems_exit(err.problems)
    if out.resolve() == answers_path.resolve():
        message = "the output would overwrite the answers; choose another name with -o"
        return _problems_exit([Problem(str(out), HEADER_ROW, ANY_COLUMN, message)])
    scored = readiness.scored_table(model, answers)
    # Write to a temporary file beside the target, then rename: never a partial file.
    try:
        handle, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    except OSError as err:
        message = f"cannot be written: {err.strerror}"
        return _problems_exit([Problem(str(out), HEADER_ROW, ANY_COLUMN, message)])
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            scored.to_csv(stream, index=False, lineterminator="\n")
        os.replace(tmp, out)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        message = f"cannot be written: {err.strerror}"
        return _problems_exit([Problem(str(out), HEADER_ROW, ANY_COLUMN, message)])
    summary = workshop.summarise(model, scored)
    common = ", ".join(f"{label} ({n})" for label, n in summary.most_common_weak(3)) or "none"
    print(f"Scored {summary.respondents} respondent(s) with the {model.title} model: {out}")
    print(
        f"Score (0 to 100): mean {summary.mean:.1f}, median {summary.median:.1f}, "
        f"min {summary.minimum}, max {summary.maximum}"
    )
    print(f"Most common weak factors (respondents): {common}")
    print(
        "The weights are the book's own assumption: the score is a prompt for discussion, "
        "not a measurement."
    )
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
        description="Check every data file against its schema in datapackage.json, and every "
        "citation key against references.bib. Prints FILE:ROW:COLUMN: message per problem.",
    )
    validate.add_argument(
        "data_dir",
        nargs="?",
        default=str(data_dir()),
        metavar="DATA_DIR",
        help="the data folder (default: book/data)",
    )
    validate.set_defaults(run=_validate)
    template = commands.add_parser(
        "template",
        help="print a CSV header and an example row for a readiness model's answers",
        description="Print the header and one example row (respondent example-1) of a CSV of "
        "answers to MODEL; the questions are listed on standard error.",
    )
    template.add_argument("model", metavar="MODEL", help="eprocurement or telework")
    template.set_defaults(run=_template)
    score = commands.add_parser(
        "score",
        help="score a CSV of answers with a readiness model",
        description="Score every row of ANSWERS (from the template) with MODEL; write the answers "
        "with a score (0 to 100) and the weakest factors to OUT, and print a summary. Bad input "
        "prints FILE:ROW:COLUMN: message lines and writes nothing.",
    )
    score.add_argument("model", metavar="MODEL", help="eprocurement or telework")
    score.add_argument("answers", metavar="ANSWERS.csv", help="the answers, one row per respondent")
    score.add_argument(
        "-o",
        "--output",
        metavar="OUT.csv",
        help="where to write the scored answers (default: ANSWERS_scored.csv)",
    )
    score.set_defaults(run=_score)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    return args.run(args)
