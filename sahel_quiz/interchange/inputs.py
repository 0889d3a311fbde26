"""Reading a file to import, with its cost bounded and its problems named by file and line.

Everything here is hostile until proven otherwise: the size is capped before the file is read,
bytes must decode as UTF-8 (a byte-order mark is allowed, and UTF-16 with one, which is what
Excel's "Unicode text" writes), and control characters are refused, since no quiz needs them
and the YAML decks we write could not hold them. Errors read `FILE:LINE: message` for text
formats and `FILE: row N: message` for spreadsheets, so the teacher knows where to look.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from sahel_quiz.deck.model import CONTROL_CHARACTER
from sahel_quiz.errors import UserError
from sahel_quiz.i18n import _

__all__ = [
    "MAX_CARDS",
    "MAX_INPUT_BYTES",
    "At",
    "InputFile",
    "read_input",
]

MAX_INPUT_BYTES: Final = 4 * 1024 * 1024
"""The same cap as a deck file: what is imported must fit in one deck."""
MAX_CARDS: Final = 10_000


@dataclass(frozen=True, slots=True)
class At:
    """Where in the input a problem is: a line of a text file or a row of a table."""

    line: int | None = None
    row: int | None = None


@dataclass(frozen=True)
class InputFile:
    path: Path
    data: bytes

    @property
    def name(self) -> str:
        return str(self.path)

    def error(self, message: str, at: At | None = None) -> UserError:
        """The one-line error for a problem in this file (raise it)."""
        if at is not None and at.line is not None:
            return UserError(f"{self.name}:{at.line}: {message}")
        if at is not None and at.row is not None:
            return UserError(
                _("{file}: row {row}: {message}").format(
                    file=self.name, row=at.row, message=message
                )
            )
        return UserError(f"{self.name}: {message}")

    def text(self) -> str:
        """The content as text, line breaks made `\\n`, or the error for the first bad byte or
        control character."""
        if self.data.startswith(b"PK\x03\x04"):
            raise self.error(_("a zip archive (a workbook or a package), not a text file"))
        text = _decode(self)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        bad = CONTROL_CHARACTER.search(text)
        if bad is not None:
            line = text.count("\n", 0, bad.start()) + 1
            column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
            raise self.error(
                _("control character U+{code:04X} at column {column}: remove it").format(
                    code=ord(bad.group()), column=column
                ),
                At(line=line),
            )
        return text

    def check_text(self, text: str, at: At) -> str:
        """A text value from a binary format (a spreadsheet cell) held to the same rules."""
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        bad = CONTROL_CHARACTER.search(text)
        if bad is not None:
            raise self.error(
                _("control character U+{code:04X} in a cell: remove it").format(
                    code=ord(bad.group())
                ),
                at,
            )
        return text


def read_input(path: Path, limit: int = MAX_INPUT_BYTES) -> InputFile:
    """The file's bytes, refused beyond `limit` without reading more than `limit + 1`."""
    try:
        with path.open("rb") as file:
            data = file.read(limit + 1)
    except FileNotFoundError:
        raise UserError(_("{path}: no such file").format(path=path)) from None
    except IsADirectoryError:
        raise UserError(_("{path} is a folder, not a file to import").format(path=path)) from None
    except OSError as error:
        raise UserError(
            _("cannot read {path}: {reason}").format(path=path, reason=error.strerror or error)
        ) from None
    if len(data) > limit:
        raise UserError(
            _("{path} is larger than {size} MB: split it into smaller files").format(
                path=path, size=limit // 2**20
            )
        )
    return InputFile(path, data)


def _decode(source: InputFile) -> str:
    data = source.data
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                raise source.error(
                    _("the file starts like UTF-16 but is not: save it as UTF-8")
                ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start].decode("utf-8", errors="replace")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        message = _(
            "not UTF-8: byte 0x{byte:02x} at column {column} cannot be decoded "
            "(save the file as UTF-8; in Excel: CSV UTF-8)"
        ).format(byte=data[error.start], column=column)
        raise source.error(message, At(line=line)) from None
