"""What the play, study and stats commands share: the workspace, line mode or app, the deck."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sahel_quiz.engine.workspace import Workspace
from sahel_quiz.errors import UserError
from sahel_quiz.i18n import _, ngettext

if TYPE_CHECKING:
    from sahel_quiz.deck.model import LoadedDeck
    from sahel_quiz.plain.console import Console

__all__ = [
    "LineMode",
    "choose_deck",
    "full_screen_terminal",
    "open_workspace",
    "print_notices",
    "run_on_deck",
    "wants_line_mode",
]

LineMode = Callable[[Workspace, "LoadedDeck", "Console"], None]
"""Starts the session on the chosen deck, prints the notices, then runs it in line mode."""


def open_workspace(args: argparse.Namespace) -> Workspace:
    return Workspace(home=args.home, profile=args.profile, deck_dirs=[Path(d) for d in args.decks])


def print_notices(workspace: Workspace) -> None:
    for notice in workspace.notices:
        print(_("sahel-quiz: {message}").format(message=notice), file=sys.stderr)


def full_screen_terminal() -> bool:
    """Whether standard input and output are a terminal that can run the full-screen app (a
    `TERM=dumb` terminal, like Emacs's shell, cannot)."""
    if not (sys.stdout.isatty() and sys.stdin.isatty()):
        return False
    return os.environ.get("TERM", "") not in ("dumb", "unknown")


def wants_line_mode(args: argparse.Namespace) -> bool:
    """--plain, or the fallback (with a one-line notice) when there is no full-screen
    terminal."""
    if getattr(args, "plain", False):
        return True
    if not full_screen_terminal():
        reason = _("not a terminal") if not sys.stdout.isatty() else _("TERM=dumb")
        print(
            _("sahel-quiz: {reason}: using line mode (--plain)").format(reason=reason),
            file=sys.stderr,
        )
        return True
    return False


def choose_deck(workspace: Workspace, spec: str | None, console: Console) -> LoadedDeck:
    """The deck named on the command line, or one picked from the list (Enter: the first)."""
    if spec:
        return workspace.deck(spec)
    decks = workspace.decks
    if not decks:
        raise UserError(_("no decks found: pass a deck file or --decks DIR"))
    if len(decks) == 1:
        return decks[0]
    for number, loaded in enumerate(decks, start=1):
        deck = loaded.deck
        count = len(deck.cards)
        console.say(
            f"  {number}) "
            + ngettext(
                "{title} [{id}, {language}, {count} card]",
                "{title} [{id}, {language}, {count} cards]",
                count,
            ).format(title=deck.title, id=deck.id, language=deck.language, count=count)
        )
    while True:
        line = console.ask(_("Deck (1-{last}, Enter = 1)> ").format(last=len(decks)))
        if line is None or not line.strip():
            return decks[0]
        text = line.strip()
        if text.isdigit() and 1 <= int(text) <= len(decks):
            return decks[int(text) - 1]
        for loaded in decks:
            if loaded.id == text:
                return loaded
        console.say("  " + _("type a number from 1 to {last} or a deck id").format(last=len(decks)))


def run_on_deck(
    args: argparse.Namespace,
    start: Literal["play", "study"],
    line_mode: LineMode,
    **app_options: Any,
) -> int:
    """The skeleton play and study share: open the workspace, hand it to the app, or pick the
    deck and run `line_mode`; the workspace is closed either way. `app_options` go to the app
    (study passes its scheduler and new-card limit). The app path imports no more
    than the launcher, so the first frame does not wait for the deck models or the engine."""
    workspace = open_workspace(args)
    try:
        if not wants_line_mode(args):
            from sahel_quiz.tui.launch import launch

            status = launch(workspace, args, start=start, **app_options)
        else:
            from sahel_quiz.plain.console import Console

            console = Console()
            line_mode(workspace, choose_deck(workspace, args.deck, console), console)
            status = 0
        workspace.require_saved()
        return status
    finally:
        workspace.close()
