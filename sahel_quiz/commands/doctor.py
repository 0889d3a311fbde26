"""`sahel-quiz doctor`: check the progress store fully, and salvage it if it is damaged."""

from __future__ import annotations

import argparse
import sys

from sahel_quiz.engine.health import check_store
from sahel_quiz.i18n import _, ngettext

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    health = check_store(args.home)
    for notice in health.notices:
        print(_("sahel-quiz: {message}").format(message=notice), file=sys.stderr)
    if health.created:
        print(_("No progress store yet at {path}: created an empty one.").format(path=health.path))
        return 0
    state = _("repaired") if health.notices else _("sound")
    print(
        _("The progress store {path} is {state}: ").format(path=health.path, state=state)
        + ngettext("{n} profile", "{n} profiles", health.profiles).format(n=health.profiles)
        + ", "
        + ngettext("{n} review", "{n} reviews", health.reviews).format(n=health.reviews)
        + "."
    )
    return 0
