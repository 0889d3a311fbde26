"""The full check of a learner's progress store, on demand (`sahel-quiz doctor`).

Opening the store checks it fully only after an unclean shutdown; this runs the same check
(`PRAGMA quick_check`) at once and repairs what it finds the same way, so a learner who suspects
damage need not wait for a crash to find out.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sahel_quiz.store import Store, database_path, resolve_home

__all__ = ["StoreHealth", "check_store"]


@dataclass(frozen=True)
class StoreHealth:
    """What the check found: the store's path, whether it had to be created, the notices of
    any repair, and how much history it holds now."""

    path: Path
    created: bool
    notices: tuple[str, ...]
    profiles: int
    reviews: int


def check_store(home: str | os.PathLike[str] | None) -> StoreHealth:
    """Open the store under `home` with the full check, salvaging it if it is damaged."""
    folder = resolve_home(home)
    existed = database_path(folder).exists()
    with Store.open(folder, check=True) as store:
        profiles = store.profiles()
        reviews = sum(store.review_count(name) for name in profiles)
        return StoreHealth(
            path=store.path,
            created=not existed,
            notices=tuple(store.notices),
            profiles=len(profiles),
            reviews=reviews,
        )
