"""`sahel-quiz import FILE -o DECK.yaml [--format F] [--id ID] [--title T] [--language L]`:
a deck from another tool's quiz file, ready for `sahel-quiz check`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    from sahel_quiz.i18n import _, ngettext
    from sahel_quiz.interchange.importing import DeckOptions, import_deck_file

    options = DeckOptions(
        deck_id=args.id,
        title=args.title,
        language=args.language,
        source=Path(args.source) if args.source else None,
        force=args.force,
    )
    output = Path(args.output)
    result = import_deck_file(Path(args.file), output, args.format, options)
    for line in result.report.lines():
        print(_("sahel-quiz: {message}").format(message=line), file=sys.stderr)
    count = len(result.deck.cards)
    print(
        ngettext(
            "wrote {count} card from {file} ({format}) to {path}",
            "wrote {count} cards from {file} ({format}) to {path}",
            count,
        ).format(count=count, file=args.file, format=result.format, path=output)
    )
    return 2 if args.strict and result.report.skipped else 0
