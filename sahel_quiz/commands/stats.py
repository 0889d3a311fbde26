"""`sahel-quiz stats [DECK] [--json]`: progress per deck, in the app, as text or as JSON."""

from __future__ import annotations

import argparse
import json

from sahel_quiz.commands._common import full_screen_terminal, open_workspace, print_notices

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    workspace = open_workspace(args)
    try:
        workspace.require_profile()
        if not args.json and not args.plain and full_screen_terminal():
            from sahel_quiz.tui.launch import launch

            return launch(workspace, args, start="stats")
        from sahel_quiz.engine.stats import collect_stats
        from sahel_quiz.engine.workspace import utc_now
        from sahel_quiz.plain.console import Console

        decks = [workspace.deck(args.deck)] if args.deck else workspace.decks
        report = collect_stats(
            workspace.store,
            workspace.profile,
            decks,
            now=utc_now(),
            all_decks=None if args.deck else workspace.decks,
        )
        print_notices(workspace)
        if args.json:
            print(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
        else:
            from sahel_quiz.plain.stats import print_stats

            print_stats(report, Console())
        return 0
    finally:
        workspace.close()
