"""`sahel-quiz play [DECK]`: a quiz, in the app or in line mode."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from sahel_quiz.commands._common import print_notices, run_on_deck

if TYPE_CHECKING:
    from sahel_quiz.deck.model import LoadedDeck
    from sahel_quiz.engine.workspace import Workspace
    from sahel_quiz.plain.console import Console

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    def quiz_in_lines(workspace: Workspace, loaded: LoadedDeck, console: Console) -> None:
        from sahel_quiz.deck.selection import TagFilter
        from sahel_quiz.engine.quiz import QuizSession
        from sahel_quiz.engine.workspace import utc_now

        session = QuizSession.start(
            loaded,
            now=utc_now(),
            store=workspace.store,
            profile=workspace.profile,
            seed=args.seed,
            shuffle=not args.no_shuffle,
            limit=args.limit,
            tags=TagFilter.parse(args.tag, args.skip_tag),
        )
        print_notices(workspace)
        from sahel_quiz.plain.quiz import run_quiz

        run_quiz(session, console, utc_now, args.time_limit)

    return run_on_deck(args, "play", quiz_in_lines)
