"""`sahel-quiz export DECK -o FILE [--format F] [--strict]`: a deck for another tool.

Cards the format cannot express are listed on stderr with the reason; the rest is written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    from sahel_quiz.deck.registry import resolve_deck
    from sahel_quiz.i18n import _, ngettext
    from sahel_quiz.interchange.exporting import export_deck_file

    loaded = resolve_deck(args.deck, [Path(folder) for folder in args.decks])
    output = Path(args.output)
    result = export_deck_file(loaded, output, args.format)
    for line in result.report.lines():
        print(_("sahel-quiz: {message}").format(message=line), file=sys.stderr)
    print(
        ngettext(
            "wrote {written} of {total} cards of {deck} to {path} ({format})",
            "wrote {written} of {total} cards of {deck} to {path} ({format})",
            result.written,
        ).format(
            written=result.written,
            total=result.total,
            deck=loaded.id,
            path=output,
            format=result.format,
        )
    )
    return 2 if args.strict and result.report.skipped else 0
