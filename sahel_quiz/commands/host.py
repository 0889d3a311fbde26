"""`sahel-quiz host DECK`: host a live classroom quiz that students join over the local network.

The game itself is `sahel_quiz.classroom.host.ClassroomHost`; this module only turns the
command line into it and picks the screen: the Textual host screen (`sahel_quiz.tui.host_app`)
in a terminal, the line-mode host (`sahel_quiz.classroom.plain_host`) with `--plain` or when
standard input or output is not a terminal (with a one-line notice, as the other commands).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from sahel_quiz.errors import UserError
from sahel_quiz.i18n import _

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    from sahel_quiz.classroom.host import ClassroomHost, HostOptions
    from sahel_quiz.commands._common import wants_line_mode
    from sahel_quiz.deck.registry import resolve_deck
    from sahel_quiz.deck.selection import TagFilter
    from sahel_quiz.engine.workspace import Workspace

    if not 0 <= args.port <= 65535:
        raise UserError(_("--port must be between 0 and 65535, not {port}").format(port=args.port))
    loaded = resolve_deck(args.deck, [Path(folder) for folder in args.decks])
    options = HostOptions(
        mode=args.mode,
        time_limit=args.time_limit,
        timed=not args.no_time_limit,
        limit=args.limit,
        seed=args.seed,
        bind=args.bind,
        port=args.port,
        record=args.record,
        tags=TagFilter.parse(args.tag, args.skip_tag),
    )
    workspace = Workspace(home=args.home)
    try:
        workspace.open_store()
        for notice in workspace.notices:
            print(notice, file=sys.stderr)
        host = ClassroomHost(loaded, workspace, options)
        if wants_line_mode(args):
            from sahel_quiz.classroom.plain_host import run_plain_host

            return asyncio.run(run_plain_host(host))
        from sahel_quiz.tui.host_app import run_host_app

        return run_host_app(host)
    finally:
        workspace.close()
