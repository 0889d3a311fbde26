"""sahel-quiz's own CSV: one row per card, one column per field of the deck format.

It is the spreadsheet view of a deck, and it round-trips exactly: export, import, export
gives the same bytes, and the cards read back equal the cards written. Lists (options, the
answers of multi and order cards, accepted answers, tags) hold one item per line of their
cell; a true/false answer is `true` or `false`; empty cells take the deck format's defaults.
The file starts with a UTF-8 byte-order mark and uses CRLF, so Excel opens accents correctly.

A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a
formula (CSV injection): a prompt such as `=HYPERLINK(...)` would act when a teacher opens the
file. Such a cell is written after an apostrophe, which spreadsheets read as "this is text";
so is a cell that itself starts with an apostrophe, which makes the escape unambiguous: import
removes exactly one leading apostrophe from any cell. A plain number (`-3.5`) is no formula and
is written as it is, so that it stays a number in the spreadsheet.
"""

from __future__ import annotations

import csv
import io
import re
from typing import TYPE_CHECKING, Any, Final

from sahel_quiz.deck.model import Card
from sahel_quiz.i18n import _, literal
from sahel_quiz.interchange.answers import number_text
from sahel_quiz.interchange.common import card_subject
from sahel_quiz.interchange.deck_yaml import CARD_KEY_ORDER, card_mapping
from sahel_quiz.interchange.drafts import Draft, Imported
from sahel_quiz.interchange.inputs import At, InputFile
from sahel_quiz.interchange.report import Report

if TYPE_CHECKING:
    from sahel_quiz.deck.model import LoadedDeck

__all__ = ["COLUMNS", "export_deck", "protect", "read", "unprotect"]

COLUMNS: Final = CARD_KEY_ORDER
_LISTS: Final = {"options", "accept", "reject", "tags"}
_LIST_ANSWERS: Final = {"multi", "order"}
_NUMBERS: Final = {"tolerance", "points"}
_TRUE: Final = {"true", "yes", "vrai", "oui", "1"}
_FALSE: Final = {"false", "no", "faux", "non", "0"}
_AS_TEXT: Final = "'"
"""Written before a cell a spreadsheet would run as a formula (or that starts with it)."""
_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r", _AS_TEXT)
_PLAIN_NUMBER: Final = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def protect(cell: str) -> str:
    """`cell` as a spreadsheet shows it as text, never runs it (the inverse of `unprotect`)."""
    if cell.startswith(_FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(cell):
        return _AS_TEXT + cell
    return cell


def unprotect(cell: str) -> str:
    """A cell as written before `protect`: one leading apostrophe less."""
    return cell.removeprefix(_AS_TEXT)


def export_deck(loaded: LoadedDeck, report: Report) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for card in loaded.deck.cards:
        row = _row(card)
        if row is None:
            report.skip(
                card_subject(card),
                _("an item of one of its lists has a line break, and a cell holds one item a line"),
            )
            continue
        writer.writerow(row)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _row(card: Card) -> list[str] | None:
    data = card_mapping(card)
    cells: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, list):
            if any("\n" in item for item in value):
                return None
            cells[key] = "\n".join(value)
        elif isinstance(value, bool):
            cells[key] = "true" if value else "false"
        elif isinstance(value, int | float):
            cells[key] = number_text(float(value))
        else:
            cells[key] = str(value)
    return [protect(cells.get(column, "")) for column in COLUMNS]


def read(source: InputFile, report: Report) -> Imported:
    reader = csv.reader(io.StringIO(source.text(), newline=""))
    header: list[str] | None = None
    imported = Imported()
    row_number = 0
    try:
        for row in reader:
            row_number += 1
            if header is None:
                header = _header(row, source)
                continue
            if not any(cell.strip() for cell in row):
                continue
            at = At(row=row_number)
            if len(row) > len(header):
                raise source.error(
                    _("{cells} cells, but the header names {columns} columns").format(
                        cells=len(row), columns=len(header)
                    ),
                    at,
                )
            cells = {name: unprotect(cell) for name, cell in zip(header, row, strict=False)}
            imported.drafts.append(Draft(at, _fields(cells, source, at)))
    except csv.Error as error:
        raise source.error(
            _("not valid CSV: {reason}").format(reason=error), At(row=row_number + 1)
        ) from None
    return imported


def _header(row: list[str], source: InputFile) -> list[str]:
    names = [name.strip().lower() for name in row]
    at = At(row=1)
    for name in names:
        if name not in COLUMNS:
            raise source.error(
                _("unknown column {name} (the columns are: {columns})").format(
                    name=literal(name[:40]), columns=", ".join(COLUMNS)
                ),
                at,
            )
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise source.error(_("the column {name} appears twice").format(name=literal(name)), at)
        seen.add(name)
    for required in ("type", "prompt"):
        if required not in seen:
            raise source.error(_("no {name} column").format(name=literal(required)), at)
    return names


def _lines(cell: str) -> list[str]:
    """One item a line; empty lines (a trailing line break typed in a spreadsheet) are none."""
    return [line for line in cell.split("\n") if line]


def _fields(cells: dict[str, str], source: InputFile, at: At) -> dict[str, Any]:
    card_type = cells.get("type", "").strip().lower()
    fields: dict[str, Any] = {"type": card_type}
    for key, cell in cells.items():
        if key == "type" or not cell.strip():
            continue
        if key in _LISTS:
            fields[key] = _lines(cell)
        elif key == "answer":
            fields[key] = _answer(card_type, cell, source, at)
        elif key == "fuzzy":
            fields[key] = _flag(cell, key, source, at)
        elif key in _NUMBERS:
            fields[key] = _number(cell, key, source, at)
        else:
            fields[key] = cell
    return fields


def _answer(card_type: str, cell: str, source: InputFile, at: At) -> Any:
    if card_type in _LIST_ANSWERS:
        return _lines(cell)
    if card_type == "true_false":
        return _flag(cell, "answer", source, at)
    if card_type == "number":
        return _number(cell, "answer", source, at)
    return cell


def _flag(cell: str, key: str, source: InputFile, at: At) -> bool:
    word = cell.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise source.error(
        _("{key}: {value} is neither true nor false").format(key=key, value=literal(cell)), at
    )


def _number(cell: str, key: str, source: InputFile, at: At) -> float:
    text = cell.strip().replace("\u202f", "").replace("\xa0", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # a decimal comma, as French spreadsheets write
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if value != value or value in (float("inf"), float("-inf")):
        raise source.error(
            _("{key}: {value} is not a number").format(key=key, value=literal(cell)), at
        )
    return value
