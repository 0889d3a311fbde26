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


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def run(args: argparse.Namespace) -> int:
    from sahel_quiz.deck.loader import check_paths, deck_files

    if isinstance(sys.stdout, io.TextIOWrapper):
        # A deck's text in a message must not crash a console that cannot show it.
        sys.stdout.reconfigure(errors="backslashreplace")
    paths = [Path(path) for path in args.paths]
    files, _ = deck_files(paths)
    _, problems = check_paths(paths)
    for problem in problems:
        print(problem)
    print(f"{_count(len(files), 'deck')} checked, {_count(len(problems), 'problem')}")
    return 2 if problems else 0
