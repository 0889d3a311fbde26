"""`sahel-quiz export`: a deck, written in another tool's format, all at once or not at all."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from sahel_quiz.deck.model import LoadedDeck
from sahel_quiz.errors import UserError
from sahel_quiz.i18n import _
from sahel_quiz.interchange.atomic import check_writable, write_atomically
from sahel_quiz.interchange.formats import EXPORT_FORMATS, FORMATS, guess_export_format
from sahel_quiz.interchange.report import Report

__all__ = ["Exported", "export_deck_file"]


@dataclass(frozen=True)
class Exported:
    format: str
    written: int
    total: int
    report: Report


def export_deck_file(loaded: LoadedDeck, output: Path, format_name: str | None) -> Exported:
    """Write `loaded` to `output` as `format_name` (guessed from the file name when None).

    Cards the format cannot express are left out and listed in the report; when none can be
    written, nothing is, and UserError says so."""
    name = format_name or guess_export_format(output)
    item = FORMATS.get(name)
    if item is None or item.exporter is None:
        raise UserError(
            _("cannot export to {name}: the formats are {choices}").format(
                name=name, choices=", ".join(EXPORT_FORMATS)
            )
        )
    check_writable(output)
    report = Report()
    module = importlib.import_module(item.exporter)
    data: bytes = module.export_deck(loaded, report)
    total = len(loaded.deck.cards)
    written = total - len(report.skipped)
    if written == 0:
        first = report.skipped[0]
        raise UserError(
            _("no card of {deck} can be written as {format} ({subject}: {reason}...)").format(
                deck=loaded.id, format=name, subject=first.subject, reason=first.reason
            )
        )
    write_atomically(output, data)
    return Exported(name, written, total, report)
