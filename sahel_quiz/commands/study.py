"""`sahel-quiz study [DECK]`: spaced-repetition study, in the app or in line mode."""

from __future__ import annotations

import argparse

from sahel_quiz.commands._common import choose_deck, open_workspace, print_notices, wants_line_mode

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    from sahel_quiz.scheduling import DEFAULT_NEW_PER_DAY, DEFAULT_RETENTION, Scheduler

    scheduler = Scheduler(args.retention if args.retention is not None else DEFAULT_RETENTION)
    new_per_day = args.new_per_day if args.new_per_day is not None else DEFAULT_NEW_PER_DAY
    workspace = open_workspace(args)
    try:
        if not wants_line_mode(args):
            from sahel_quiz.tui.launch import launch

            return launch(workspace, args, start="study")
        from sahel_quiz.engine.study import StudySession
        from sahel_quiz.engine.workspace import utc_now
        from sahel_quiz.plain.console import Console

        console = Console()
        loaded = choose_deck(workspace, args.deck, console)
        session = StudySession.start(
            loaded,
            workspace.store,
            now=utc_now(),
            profile=workspace.profile,
            new_per_day=new_per_day,
            scheduler=scheduler,
            seed=args.seed,
        )
        print_notices(workspace)
        from sahel_quiz.plain.study import run_study

        run_study(session, console, utc_now)
        return 0
    finally:
        workspace.close()
