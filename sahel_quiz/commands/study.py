"""`sahel-quiz study [DECK]`: spaced-repetition study, in the app or in line mode."""

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
    from sahel_quiz.scheduling import DEFAULT_NEW_PER_DAY, DEFAULT_RETENTION, Scheduler

    scheduler = Scheduler(args.retention if args.retention is not None else DEFAULT_RETENTION)
    new_per_day = args.new_per_day if args.new_per_day is not None else DEFAULT_NEW_PER_DAY

    def study_in_lines(workspace: Workspace, loaded: LoadedDeck, console: Console) -> None:
        from sahel_quiz.deck.selection import TagFilter
        from sahel_quiz.engine.study import StudySession
        from sahel_quiz.engine.workspace import utc_now

        session = StudySession.start(
            loaded,
            workspace.store,
            now=utc_now(),
            profile=workspace.profile,
            new_per_day=new_per_day,
            scheduler=scheduler,
            seed=args.seed,
            tags=TagFilter.parse(args.tag, args.skip_tag),
            limit=args.limit,
        )
        print_notices(workspace)
        from sahel_quiz.plain.study import run_study

        run_study(session, console, utc_now, args.time_limit)

    return run_on_deck(args, "study", study_in_lines, scheduler=scheduler, new_per_day=new_per_day)
