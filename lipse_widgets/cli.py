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
    validate.add_argument("data_dir", nargs="?", default=str(data_dir()), metavar="DATA_DIR",
                          help="the data folder (default: book/data)")
    validate.set_defaults(run=_validate)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    return args.run(args)
