"""Build the site the way ``make book`` does: the last good site stays until a new one is whole.

``python -m lipse_widgets.build [BOOK]`` runs the strict Jupyter Book build of ``BOOK``
(default ``book``) into a staging folder, ``BOOK/_build/.next``, where the execution
cache and Sphinx's environment are kept between builds (so a build after a small
change is quick). Before Jupyter Book starts, in a book of two notebook pages or more,
the pages that are not in that cache run on every core into it
(:mod:`~lipse_widgets.build.execute`); the build, which runs pages one after another,
then finds their outputs there. Only a build that succeeds is copied to
``BOOK/_build/html``, and the old site is exchanged for the new one in one step: a
reader of ``make serve``, or a contributor after a failed build, always has the last
good site.

What it prints is what a contributor can act on: each warning as ``FILE:LINE: WARNING:
...`` with the file relative to the current folder; a failing code cell as the line
of the chapter that failed and the error, not the chain of tracebacks; and one line to
say where the site is. Known noise (Jupyter Book's banners, the kernel's note that it
runs over TCP without encryption) is left out; anything else the build prints is shown.
The whole output is kept in ``BOOK/_build/build.log``.

Beside the published site, ``BOOK/_build/published.json`` records what it was built from
(a digest of every file of the book, of this package and of the build's lock) and the
output of the build that made it; :func:`published_build` reads it back and says whether
the site is still the strict build of the sources as they are (the tests use the site
``make book`` published only when it is).

After a failed build, Sphinx's saved environment is removed, so the next build reads
every page again and reports every problem again (Sphinx reports a warning only when
it reads or writes the page that causes it; a page left unchanged would otherwise
pass unnoticed). The execution cache is kept: chapters whose code did not change are
not executed again.
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lipse_widgets.build.pages import worth_a_head_start

#: Inside ``BOOK/_build``: the staging folder, the published site and the log.
STAGE, SITE, LOG = ".next", "html", "build.log"
#: How the build reads what a process it starts prints: both streams, as text, no input.
_OUTPUT_READ = dict(
    stdout=subprocess.PIPE,
    stderr=subprocess.STDOUT,
    stdin=subprocess.DEVNULL,
    text=True,
    encoding="utf-8",
    errors="replace",
)
#: Inside the staging folder's ``_build``: the execution cache (Jupyter Book's default place).
CACHE = ".jupyter_cache"
#: Inside ``BOOK/_build``: what the published site was built from, and the build's output.
RECORD = "published.json"
#: This package: the book's extensions and views, so part of what a site is built from.
PACKAGE = Path(__file__).resolve().parents[1]
#: Beside the book: the lock of the build's environment (when there is one).
LOCKS = ("requirements.txt",)
#: Jupyter Book puts its output under ``<path-output>/_build``.
_JB_OUTPUT = "_build"

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_NOISE = (
    re.compile(r"^Running Jupyter-Book v"),
    re.compile(r"^(Source Folder|Config Path|Output Path): "),
    re.compile(r"^\[IPKernelApp\] WARNING \| Kernel is running over TCP without encryption\."),
)
_BOX = re.compile(r"^=+$")
_WARNING = re.compile(
    r"^(?P<path>/[^:]+|[^/:][^:]*)(?::(?P<line>\d+))?: (?P<level>WARNING|ERROR|CRITICAL): "
)
_CELL_FAILED = re.compile(r"Executing notebook failed: CellExecutionError")
_CELL_BLOCK = re.compile(
    r"An error occurred while executing the following cell:\n-{18}\n(?P<source>.*?)\n-{18}\n"
    r"(?P<traceback>.*?)(?:\n\nThe above exception|\Z)",
    re.DOTALL,
)
_CELL_LINE = re.compile(r"^Cell In\[\d+\], line (\d+)", re.MULTILINE)
_ERROR_LINE = re.compile(r"^(?P<error>[A-Za-z_][\w.]*(?:Error|Exception|Warning|Exit)\b.*)$", re.M)
_NOTEBOOK = re.compile(r"ExecutionError: (?P<path>\S+\.(?:md|ipynb))")


@dataclass
class Report:
    """What the build printed, sorted into what to show."""

    warnings: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)
    raw: list[str] = field(default_factory=list)


def plain(line: str) -> str:
    """Return a line without its terminal colours and trailing spaces."""
    return _ANSI.sub("", line).rstrip()


def shown_path(path: str, here: Path) -> str:
    """Return a path relative to ``here`` when it is inside it (as a contributor types it)."""
    try:
        return Path(path).resolve().relative_to(here.resolve()).as_posix()
    except (ValueError, OSError):
        return path


class OutputSorter:
    """Sort the build's output line by line: warnings (paths made relative), noise, the rest."""

    def __init__(self, here: Path) -> None:
        self.here = here
        self.report = Report()
        self._in_box = False  # inside Jupyter Book's closing box of "=" lines

    def feed(self, raw: str) -> str | None:
        """Take one line of output; return it as a warning to print now, or None."""
        self.report.raw.append(raw)
        line = plain(raw)
        if line and _BOX.match(line):
            self._in_box = not self._in_box
            return None
        if self._in_box or not line.strip() or any(p.match(line) for p in _NOISE):
            return None
        warning = _WARNING.match(line)
        if warning is None:
            self.report.other.append(line)
            return None
        where = shown_path(warning["path"], self.here)
        where += f":{warning['line']}" if warning["line"] else ""
        text = f"{where}: {warning['level']}: {line[warning.end() :]}"
        self.report.warnings.append(text)
        return text


def sort_output(lines: Iterable[str], here: Path) -> Report:
    """Sort a whole output (see :class:`OutputSorter`)."""
    sorter = OutputSorter(here)
    for line in lines:
        sorter.feed(line)
    return sorter.report


def cell_failure(text: str, here: Path) -> str | None:
    """Summarise a failing code cell: the page's line, the error, the line of code.

    ``text`` is the build's output, colours removed. Returns None if no cell failed.
    """
    block = _CELL_BLOCK.search(text)
    if block is None:
        return None
    source = block["source"].splitlines()
    errors = _ERROR_LINE.findall(block["traceback"])
    error = errors[-1] if errors else "the cell raised an error"
    in_cell = _CELL_LINE.search(block["traceback"])
    offset = int(in_cell.group(1)) if in_cell else 1
    notebook = _NOTEBOOK.search(text)
    where = "a chapter"
    code = source[offset - 1].strip() if 0 < offset <= len(source) else ""
    if notebook:
        path = Path(notebook["path"])
        where = shown_path(str(path), here)
        first = _first_line_of(path, source)
        if first:
            where += f":{first + offset - 1}"
    summary = f"{where}: a code cell failed: {error}"
    return summary + (f"\n    {code}" if code else "")


def _first_line_of(path: Path, source: list[str]) -> int | None:
    """Return the line of the page on which the cell's source starts (None if not found)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    body = [line for line in source if line.strip()]
    if not body:
        return None
    for number, line in enumerate(lines, 1):
        if line == source[0] and lines[number - 1 : number - 1 + len(source)] == source:
            return number
    return None


# --- Publishing the site -----------------------------------------------------------------


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False if not possible."""
    if sys.platform != "linux":
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


def publish(staged: Path, site: Path) -> None:
    """Copy the staged site beside the published one, then exchange them.

    The exchange is one system call where the system has one (Linux), so the site's
    folder always holds a whole site; elsewhere it is two renames in a row.
    """
    new = site.with_name(f".{site.name}-new")
    shutil.rmtree(new, ignore_errors=True)
    shutil.copytree(staged, new, symlinks=True)
    if site.exists() and _exchange(new, site):
        shutil.rmtree(new, ignore_errors=True)  # it now holds the old site
        return
    old = site.with_name(f".{site.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    new.rename(site)
    shutil.rmtree(old, ignore_errors=True)


# --- What a site was built from ------------------------------------------------------------


def _source_files(folder: Path) -> Iterable[Path]:
    """Every file under ``folder`` except builds, caches and hidden files."""
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        if any(p.startswith(".") or p in (_JB_OUTPUT, "__pycache__") for p in parts):
            continue
        if path.is_file() and path.suffix != ".pyc":
            yield path


def sources(book: Path) -> dict[str, str]:
    """Return the SHA-256 of every file a build of ``book`` reads, by path.

    The book's files (pages, data, bibliography, configuration, static files), this
    package's and the build's lock beside the book: a change to any of them can change
    the site.
    """
    files = {f"book/{p.relative_to(book).as_posix()}": p for p in _source_files(book)}
    files |= {
        f"{PACKAGE.name}/{p.relative_to(PACKAGE).as_posix()}": p for p in _source_files(PACKAGE)
    }
    files |= {name: book.parent / name for name in LOCKS if (book.parent / name).is_file()}
    return {name: hashlib.sha256(path.read_bytes()).hexdigest() for name, path in files.items()}


@dataclass
class Published:
    """The published site of a book, with the output of the build that made it."""

    html: Path
    log: str
    #: The command of that build (always the strict one).
    command: list[str]
    #: The files that changed, appeared or went since that build (empty: it is current).
    changed: list[str]


def published_build(book: Path) -> Published | None:
    """Return the published site of ``book`` and what changed since (None: no site yet)."""
    site, record = book / _JB_OUTPUT / SITE, book / _JB_OUTPUT / RECORD
    if not (site / "index.html").is_file() or not record.is_file():
        return None
    built = json.loads(record.read_text(encoding="utf-8"))
    now = sources(book)
    changed = sorted(
        name for name in built["sources"].keys() | now.keys()
        if built["sources"].get(name) != now.get(name)
    )  # fmt: skip
    return Published(site, built["log"], built["command"], changed)


# --- The build -------------------------------------------------------------------------


def jupyter_book() -> str:
    """Return the jupyter-book command of the environment this Python runs in."""
    beside = Path(sys.executable).parent / "jupyter-book"
    return str(beside) if beside.exists() else "jupyter-book"


def run_pages_first(book: Path, cache_dir: Path) -> tuple[int, str]:
    """Run the book's notebook pages in parallel into the build's cache; return the output.

    In a process of its own (:mod:`lipse_widgets.build.execute`), whose output, with
    the kernels', goes to the build's log only: a page that fails there is run again by
    the build, which reports it. Returns the exit status and the output.
    """
    proc = subprocess.run(
        [sys.executable, "-m", "lipse_widgets.build.execute", str(book), str(cache_dir)],
        **_OUTPUT_READ,
        check=False,
    )
    return proc.returncode, proc.stdout


def build(book: Path, here: Path | None = None, out=sys.stdout) -> int:
    """Build ``book`` strictly into its staging folder; publish it if it succeeds.

    Nothing is built when the published site is the strict build of the sources as they
    are (:func:`published_build`): a build would make the same site.
    """
    here = Path(here or Path.cwd())
    build_dir = book / "_build"
    stage = build_dir / STAGE
    site = build_dir / SITE
    stage.mkdir(parents=True, exist_ok=True)
    read = sources(book)  # before the build reads them: a change while it runs shows later
    command = [
        jupyter_book(), "build", str(book), "--path-output", str(stage),
        "--warningiserror", "--nitpick", "--keep-going", "--quiet",
    ]  # fmt: skip
    published = published_build(book)
    if published is not None and published.changed == [] and published.command == command:
        # What make does for a file that is newer than everything it is made from.
        shown = shown_path(str(site), here)
        print(f"The site in {shown} is the build of the sources as they are.", file=out)
        return 0
    print("Building the site (a minute or two when chapters have to run)...", file=out, flush=True)
    log = shown_path(str(build_dir / LOG), here)
    status, head_start = 0, ""
    if worth_a_head_start(book):
        status, head_start = run_pages_first(book, stage / _JB_OUTPUT / CACHE)
    if status != 0:
        print(f"Running the pages in parallel failed (see {log}); the build runs them.", file=out)
    sorter = OutputSorter(here)
    with subprocess.Popen(command, **_OUTPUT_READ) as proc:
        assert proc.stdout is not None
        for raw in proc.stdout:
            warning = sorter.feed(raw)
            if warning and not _CELL_FAILED.search(warning):  # a failing cell: summarised below
                print(warning, file=out, flush=True)
        status = proc.wait()
    report = sorter.report
    (build_dir / LOG).write_text(head_start + "".join(report.raw), encoding="utf-8")
    staged = stage / _JB_OUTPUT / SITE
    if status == 0 and (staged / "index.html").is_file():
        for line in report.other:  # anything unexpected is shown, never hidden
            print(line, file=out)
        (build_dir / RECORD).unlink(missing_ok=True)  # no record until the new site is in
        publish(staged, site)
        record = {"command": command, "sources": read, "log": "".join(report.raw)}
        (build_dir / RECORD).write_text(json.dumps(record, indent=1), encoding="utf-8")
        index = site.resolve() / "index.html"
        print(
            f"The site is in {shown_path(str(site), here)}: open {index} or run 'make serve'.",
            file=out,
        )
        return 0
    text = "\n".join(plain(r) for r in report.raw)
    failure = cell_failure(text, here)
    if failure:
        print(failure, file=out)
    else:  # an error of another kind: shown as the build printed it
        for line in report.other:
            print(line, file=out)
    # Sphinx reports a warning only for the pages it reads or writes: start afresh next time.
    shutil.rmtree(stage / _JB_OUTPUT / ".doctrees", ignore_errors=True)
    kept = (
        f"the site in {shown_path(str(site), here)} is still the last good one"
        if (site / "index.html").is_file()
        else "there is no site yet"
    )
    print(f"The build failed, so {kept}; the whole output is in {log}.", file=out)
    return 1


def main(argv: list[str] | None = None) -> int:
    """Run the build from the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m lipse_widgets.build",
        description="Build the site strictly; publish it only if the build succeeds.",
    )
    parser.add_argument("book", nargs="?", default="book", help="the book's folder")
    args = parser.parse_args(argv)
    return build(Path(args.book))
