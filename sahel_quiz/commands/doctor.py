"""`sahel-quiz doctor`: check the progress store fully, and salvage it if it is damaged.

Opening the store checks it fully only after an unclean shutdown; this runs the same check
(`PRAGMA quick_check`) on demand, and repairs what it finds the same way.
"""

from __future__ import annotations

import argparse
import sys

from sahel_quiz.i18n import _, ngettext
from sahel_quiz.store import Store, database_path, resolve_home

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    home = resolve_home(args.home)
    existed = database_path(home).exists()
    with Store.open(home, check=True) as store:
        for notice in store.notices:
            print(f"sahel-quiz: {notice}", file=sys.stderr)
        profiles = store.profiles()
        reviews = sum(store.review_count(name) for name in profiles)
    if not existed:
        print(_("No progress store yet at {path}: created an empty one.").format(path=store.path))
        return 0
    state = _("repaired") if store.notices else _("sound")
    print(
        _("The progress store {path} is {state}: ").format(path=store.path, state=state)
        + ngettext("{n} profile", "{n} profiles", len(profiles)).format(n=len(profiles))
        + ", "
        + ngettext("{n} review", "{n} reviews", reviews).format(n=reviews)
        + "."
    )
    return 0
