"""What the play, study and stats commands call to open the app.

A deck named on the command line is resolved here, before the app starts, so that a wrong name
is the usual one-line error rather than something shown inside a full-screen program.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sahel_quiz.engine.workspace import Workspace
    from sahel_quiz.scheduling import Scheduler
    from sahel_quiz.tui.app import StartScreen

__all__ = ["launch"]


def launch(
    workspace: Workspace,
    args: argparse.Namespace,
    start: StartScreen,
    *,
    scheduler: Scheduler | None = None,
    new_per_day: int | None = None,
) -> int:
    """Run the app on `start` ("play", "study", "stats"; "home" for the list alone) with the
    command's options; returns the exit status. Quitting mid-quiz saves the quiz so far.
    `scheduler` and `new_per_day` are the study settings the command already checked."""
    from sahel_quiz.tui.app import SahelQuizApp

    spec = getattr(args, "deck", None)
    deck = workspace.deck(spec) if spec else None
    tags = None
    if getattr(args, "tag", None) or getattr(args, "skip_tag", None):
        from sahel_quiz.deck.selection import TagFilter, select_cards

        tags = TagFilter.parse(args.tag, args.skip_tag)
        if deck is not None:
            select_cards(deck.deck.cards, tags, deck.id)  # a wrong tag: one line, before the app
    # Left out when not given, so that the app's own default applies.
    study_options: dict[str, Any] = {} if new_per_day is None else {"new_per_day": new_per_day}
    app = SahelQuizApp(
        workspace,
        start=start,
        deck=deck,
        seed=getattr(args, "seed", None),
        time_limit=getattr(args, "time_limit", None),
        limit=getattr(args, "limit", None),
        shuffle=not getattr(args, "no_shuffle", False),
        scheduler=scheduler,
        tags=tags,
        **study_options,
    )
    try:
        app.run()
    finally:
        # However the app ended (Ctrl+C, a crash), a quiz on screen keeps its result.
        app.save_open_quizzes()
    return app.return_code or 0
