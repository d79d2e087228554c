"""Reading a file's bytes and text, with one message for each way that can fail.

Every data file of the book is UTF-8; a leading byte-order mark (as Excel and
Notepad write it) is tolerated. These helpers turn a missing file, a folder, an
unreadable file, UTF-16 and bytes that are not UTF-8 into a
:class:`~lipse_widgets.data.problems.Problem` instead of an exception.
"""

from __future__ import annotations

from pathlib import Path

from lipse_widgets.data.problems import ANY_COLUMN, WHOLE_FILE, Problem

#: How the book's text files are decoded: UTF-8, a leading byte-order mark dropped.
ENCODING = "utf-8-sig"
#: The byte-order marks of UTF-16 (Excel's "Unicode Text", Notepad's "Unicode").
UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")
#: What to do about a file in another encoding.
SAVE_AS_UTF8 = "save the file with the UTF-8 encoding"


def read_bytes(
    path: Path, name: str, *, missing: str = "file not found", max_bytes: int | None = None
) -> tuple[bytes | None, list[Problem]]:
    """Return the file's bytes, or the problem that stops them being read.

    ``name`` is how messages call the file; ``missing`` is the message for a file
    that does not exist. A file larger than ``max_bytes`` is refused unread.
    """
    path = Path(path)

    def problem(message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(name, WHOLE_FILE, ANY_COLUMN, message)]

    if path.is_dir():
        return problem("is a folder, not a file")
    if not path.is_file():
        return problem(missing)
    try:
        if max_bytes is not None and path.stat().st_size > max_bytes:
            size = path.stat().st_size
            return problem(f"is {size:,} bytes long; a file of this kind has at most {max_bytes:,}")
        return path.read_bytes(), []
    except OSError as err:
        return problem(f"cannot be read: {err.strerror}")


def utf16_problem(raw: bytes, name: str) -> list[Problem]:
    """Return the problem of a file saved as UTF-16 (none for any other file)."""
    if raw.startswith(UTF16_MARKS):
        return [Problem(name, WHOLE_FILE, ANY_COLUMN, f"is saved as UTF-16; {SAVE_AS_UTF8}")]
    return []


def decode_text(raw: bytes, name: str) -> tuple[str | None, list[Problem]]:
    """Decode a text file (YAML, JSON, BibTeX); a bad byte is reported with its line."""
    problems = utf16_problem(raw, name)
    if problems:
        return None, problems
    try:
        return raw.decode(ENCODING), []
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        message = f"not valid UTF-8 (byte 0x{raw[err.start]:02x}); {SAVE_AS_UTF8}"
        return None, [Problem(name, line, ANY_COLUMN, message)]


def read_text(
    path: Path, name: str, *, missing: str = "file not found", max_bytes: int | None = None
) -> tuple[str | None, list[Problem]]:
    """Return a text file's content, or the problem that stops it being read."""
    raw, problems = read_bytes(path, name, missing=missing, max_bytes=max_bytes)
    if raw is None:
        return None, problems
    return decode_text(raw, name)
