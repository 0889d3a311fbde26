"""`sahel-quiz check PATH...`: validate deck files and folders, for teachers and for CI.

Prints one `FILE:LINE:COL: message` line per problem on stdout (the format editors and CI
logs turn into links), then a summary; exit status 0 when every deck is valid, 2 when not.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    from sahel_quiz.deck.loader import check_paths, deck_files
    from sahel_quiz.i18n import _, ngettext

    if isinstance(sys.stdout, io.TextIOWrapper):
        # A deck's text in a message must not crash a console that cannot show it.
        sys.stdout.reconfigure(errors="backslashreplace")
    paths = [Path(path) for path in args.paths]
    files, _skipped = deck_files(paths)
    _decks, problems = check_paths(paths)
    for problem in problems:
        print(problem)
    decks = ngettext("{count} deck checked", "{count} decks checked", len(files))
    found = ngettext("{count} problem", "{count} problems", len(problems))
    print(
        _("{decks}, {problems}").format(
            decks=decks.format(count=len(files)), problems=found.format(count=len(problems))
        )
    )
    return 2 if problems else 0
