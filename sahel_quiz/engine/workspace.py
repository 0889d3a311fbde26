"""What every command works in: the progress store, the learner's profile and the decks.

Interfaces build one `Workspace` from their options and ask it for decks and the store; they
never open SQLite or read deck folders themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sahel_quiz.errors import UserError
from sahel_quiz.profile_names import validate_profile_name

if TYPE_CHECKING:
    from sahel_quiz.deck.loader import Problem
    from sahel_quiz.deck.model import LoadedDeck
    from sahel_quiz.store import Store

__all__ = ["Workspace", "utc_now"]


def utc_now() -> datetime:
    """The clock, read only by interfaces; the engine's logic takes the time as a parameter."""
    return datetime.now(UTC)


@dataclass
class Workspace:
    """The options a command was given, with the store and decks opened on first use."""

    home: str | Path | None = None
    profile: str = "default"
    deck_dirs: Sequence[Path] = ()
    deck_problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.profile = validate_profile_name(self.profile)
        for folder in self.deck_dirs:
            if not Path(folder).is_dir():
                raise UserError(f"--decks {folder}: no such folder")

    @cached_property
    def store(self) -> Store:
        from sahel_quiz.store import Store

        return Store.open(self.home)

    def open_store(self) -> None:
        """Open the store now rather than on first use, so that its notices (a damaged file
        moved aside) can be shown before anything else."""
        _ = self.store

    @property
    def notices(self) -> list[str]:
        """One-line messages the user must see (a damaged store moved aside, a broken deck)."""
        messages = list(self.store.notices) if "store" in self.__dict__ else []
        messages += [f"skipped a broken deck: {problem}" for problem in self.deck_problems]
        return messages

    @cached_property
    def decks(self) -> list[LoadedDeck]:
        """The bundled decks and those of `--decks`; broken ones are left out (see notices)."""
        from sahel_quiz.deck.registry import discover_decks

        return discover_decks([Path(d) for d in self.deck_dirs], self.deck_problems)

    def deck(self, spec: str) -> LoadedDeck:
        """A deck by id (among the known decks) or by path; UserError lists the choices."""
        from sahel_quiz.deck.registry import resolve_deck

        return resolve_deck(spec, [Path(d) for d in self.deck_dirs])

    def profiles(self, *, if_open: bool = False) -> list[str]:
        """The learners' profiles; with `if_open`, none unless the store is open already (the
        command palette must not wait for it)."""
        if if_open and "store" not in self.__dict__:
            return []
        return self.store.profiles()

    def use_profile(self, name: str) -> str:
        """Learn as `name` from now on (created if new); UserError when it cannot be one."""
        name = validate_profile_name(name)
        self.store.profile_id(name)
        self.profile = name
        return name

    def require_profile(self) -> None:
        """Refuse a profile that does not exist yet, for commands that only read progress."""
        if self.profile != "default":
            self.store.profile_id(self.profile, create=False)

    def require_saved(self) -> None:
        """Try once more to save answers the store could not take; a `UserError` (exit status
        2) saying how many are lost if it still cannot."""
        if "store" in self.__dict__:
            from sahel_quiz.engine.review import raise_if_unsaved

            raise_if_unsaved(self.store)

    def close(self) -> None:
        if "store" in self.__dict__:
            self.store.close()
            del self.__dict__["store"]
