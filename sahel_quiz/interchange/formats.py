"""The formats sahel-quiz reads and writes, and how a format is guessed when none is named.

Each format is a module with `export_deck(loaded, report) -> bytes` and/or
`read(source, report) -> Imported`; the registry names them so that the commands import only
the one they use (genanki and openpyxl load only for Anki and Kahoot).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from sahel_quiz.errors import UserError
from sahel_quiz.i18n import _
from sahel_quiz.interchange.inputs import InputFile

__all__ = [
    "EXPORT_FORMATS",
    "FORMATS",
    "IMPORT_FORMATS",
    "Format",
    "guess_export_format",
    "guess_import_format",
]


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    exporter: str | None
    """The module that writes it, or None when sahel-quiz only reads it."""
    importer: str | None
    suffix: str
    """The usual file name ending, for guessing the export format from `-o`."""


_PACKAGE: Final = "sahel_quiz.interchange"
FORMATS: Final = {
    item.name: item
    for item in (
        Format("anki", f"{_PACKAGE}.anki", f"{_PACKAGE}.anki_text", ".apkg"),
        Format("gift", f"{_PACKAGE}.gift", f"{_PACKAGE}.gift", ".gift"),
        Format("aiken", f"{_PACKAGE}.aiken", f"{_PACKAGE}.aiken", ".aiken"),
        Format("kahoot", f"{_PACKAGE}.kahoot", f"{_PACKAGE}.kahoot", ".xlsx"),
        Format("quizlet", f"{_PACKAGE}.quizlet", f"{_PACKAGE}.quizlet", ".tsv"),
        Format("csv", f"{_PACKAGE}.deck_csv", f"{_PACKAGE}.deck_csv", ".csv"),
    )
}
EXPORT_FORMATS: Final = tuple(name for name, item in FORMATS.items() if item.exporter)
IMPORT_FORMATS: Final = tuple(name for name, item in FORMATS.items() if item.importer)

_ZIP: Final = b"PK\x03\x04"
_OLE2: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Excel .xls, old Word .doc
_ANKI_HEADER: Final = re.compile(
    r"#(separator|html|(tags|notetype|deck|guid) column|columns|notetype|deck|tags):",
    re.IGNORECASE,
)
_AIKEN_ANSWER: Final = re.compile(r"^\s*ANSWER:\s*[A-Z]\b", re.MULTILINE)
_AIKEN_OPTION: Final = re.compile(r"^\s*[A-Z][.)]", re.MULTILINE)
_GIFT_ANSWERS: Final = re.compile(r"(?<!\\)\{")


def guess_export_format(output: Path) -> str:
    """The format that `-o FILE`'s ending implies, or the error asking for --format."""
    suffix = output.suffix.lower()
    for item in FORMATS.values():
        if item.exporter and item.suffix == suffix:
            return item.name
    raise UserError(
        _("cannot tell the format from the name {name}: pass --format ({choices})").format(
            name=output.name, choices=", ".join(EXPORT_FORMATS)
        )
    )


def guess_import_format(source: InputFile) -> str:
    """The format of a file to import, from its first bytes and its text."""
    data = source.data
    suffix = source.path.suffix.lower()
    if suffix in (".apkg", ".colpkg"):
        raise source.error(
            _(
                "an Anki package cannot be imported: in Anki, export the deck as "
                "'Notes in Plain Text' and import that file"
            )
        )
    if data.startswith(_ZIP):
        return "kahoot"
    if data.startswith(_OLE2):
        raise source.error(_("an old Excel .xls file: save it as .xlsx and import that"))
    if suffix in (".xlsx", ".xlsm"):
        raise source.error(_("not really an .xlsx file (it is not a zip archive)"))
    text = source.text()
    by_suffix = {".gift": "gift", ".aiken": "aiken"}
    if suffix in by_suffix:
        return by_suffix[suffix]
    first_line = next((line for line in text.split("\n") if line.strip()), "")
    if _ANKI_HEADER.match(first_line):
        return "anki"
    if _is_deck_csv(first_line):
        return "csv"
    if _AIKEN_ANSWER.search(text) and _AIKEN_OPTION.search(text):
        return "aiken"
    if _GIFT_ANSWERS.search(text):
        return "gift"
    if "\t" in first_line or "," in first_line:
        return "quizlet"
    raise source.error(
        _("cannot tell the format of this file: pass --format ({choices})").format(
            choices=", ".join(IMPORT_FORMATS)
        )
    )


def _is_deck_csv(first_line: str) -> bool:
    try:
        header = next(csv.reader([first_line]))
    except (csv.Error, StopIteration):
        return False
    names = {name.strip().lower() for name in header}
    return {"type", "prompt"} <= names
