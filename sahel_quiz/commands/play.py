"""`sahel-quiz play [DECK]`: a quiz, in the app or in line mode."""

from __future__ import annotations

import argparse

from sahel_quiz.commands._common import choose_deck, open_workspace, print_notices, wants_line_mode
from sahel_quiz.errors import UserError

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    if args.time_limit is not None and args.time_limit <= 0:
        raise UserError(f"--time-limit must be more than 0 seconds (got {args.time_limit})")
    workspace = open_workspace(args)
    try:
        if not wants_line_mode(args):
            from sahel_quiz.tui.launch import launch

            return launch(workspace, args, start="play")
        from sahel_quiz.engine.quiz import QuizSession
        from sahel_quiz.engine.workspace import utc_now
        from sahel_quiz.plain.console import Console

        console = Console()
        loaded = choose_deck(workspace, args.deck, console)
        session = QuizSession.start(
            loaded,
            now=utc_now(),
            store=workspace.store,
            profile=workspace.profile,
            seed=args.seed,
            shuffle=not args.no_shuffle,
            limit=args.limit,
        )
        print_notices(workspace)
        from sahel_quiz.plain.quiz import run_quiz

        run_quiz(session, console, utc_now, args.time_limit)
        return 0
    finally:
        workspace.close()
