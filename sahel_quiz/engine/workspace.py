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
from sahel_quiz.i18n import _
from sahel_quiz.profile_names import validate_profile_name

if TYPE_CHECKING:
    from sahel_quiz.deck.loader import Problem
    from sahel_quiz.deck.model import LoadedDeck
    from sahel_quiz.engine.known_decks import DeckSummary, KnownDecks
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
                raise UserError(_("--decks {folder}: no such folder").format(folder=folder))

    @cached_property
    def store(self) -> Store:
        from sahel_quiz.store import Store

        return Store.open(self.home)

    def open_store(self) -> None:
        """Open the store now rather than on first use, so that its notices (a damaged file
        moved aside) can be shown before anything else."""
        _store = self.store

    @property
    def notices(self) -> list[str]:
        """One-line messages the user must see (a damaged store moved aside, a broken deck)."""
        messages = list(self.store.notices) if "store" in self.__dict__ else []
        messages += [
            _("skipped a broken deck: {problem}").format(problem=problem)
            for problem in self.deck_problems
        ]
        return messages

    @cached_property
    def home_folder(self) -> Path:
        """The progress folder (`--home`, else `$SAHEL_QUIZ_HOME`, else the user data folder),
        found without opening the store."""
        from sahel_quiz.store.paths import resolve_home

        return resolve_home(self.home)

    @cached_property
    def known_decks(self) -> KnownDecks:
        """The decks played by path and the deck summaries, as last saved."""
        from sahel_quiz.engine.known_decks import KnownDecks

        return KnownDecks.read(self.home_folder)

    def _folders(self) -> list[Path]:
        from sahel_quiz.deck.folders import bundled_decks_dir

        return [bundled_decks_dir(), *(Path(d) for d in self.deck_dirs)]

    def _played_elsewhere(self) -> list[Path]:
        """The decks played by path that no deck folder holds, whose files still exist."""
        folders = {folder.resolve() for folder in self._folders()}
        return [p for p in self.known_decks.existing_played() if p.resolve().parent not in folders]

    def deck_summaries(self) -> tuple[list[DeckSummary], bool]:
        """The decks as last read, from their cached summaries, without reading any (so with
        neither pydantic nor YAML): the bundled decks, those of `--decks`, and those played by
        path. The second value says whether every deck file had an up-to-date summary; either
        way `decks` then reads and checks them all."""
        from sahel_quiz.deck.folders import deck_files_in

        groups = [deck_files_in(folder) for folder in self._folders()]
        groups.append(self._played_elsewhere())
        summaries: list[DeckSummary] = []
        files = 0
        for index, group in enumerate(groups):
            found = [s for file in group if (s := self.known_decks.summary(file)) is not None]
            files += len(group)
            # In the order `decks` lists them: each folder's by id, then those played by path.
            summaries += found if index == len(groups) - 1 else sorted(found, key=lambda s: s.id)
        by_id: dict[str, DeckSummary] = {}
        for summary in summaries:
            by_id.setdefault(summary.id, summary)  # the first file of an id, as `decks` keeps
        return list(by_id.values()), len(summaries) == files

    @cached_property
    def decks(self) -> list[LoadedDeck]:
        """The bundled decks, those of `--decks` and those played by path (while their files
        exist); broken ones are left out (see notices). Their summaries are saved for the
        next start (`deck_summaries`)."""
        from sahel_quiz.deck.loader import check_paths
        from sahel_quiz.deck.registry import discover_decks

        decks = discover_decks([Path(d) for d in self.deck_dirs], self.deck_problems)
        ids = {loaded.id for loaded in decks}
        for path in self._played_elsewhere():
            found, problems = check_paths([path])
            self.deck_problems.extend(problems)
            # A copy of a deck listed already (same id) would share its progress: not listed.
            decks += [loaded for loaded in found if loaded.id not in ids]
            ids.update(loaded.id for loaded in found)
        self._keep_summaries(decks)
        return decks

    def _keep_summaries(self, decks: Sequence[LoadedDeck]) -> None:
        from sahel_quiz.engine.known_decks import DeckSummary

        known = self.known_decks
        changed = False
        for loaded in decks:
            changed = known.record(DeckSummary.of(loaded)) or changed
        before = len(known.summaries)
        known.forget_missing()
        if changed or len(known.summaries) != before:
            known.save()

    def deck(self, spec: str) -> LoadedDeck:
        """A deck by id (among the known decks, those played by path included) or by path;
        UserError lists the choices. A deck opened by its path is remembered: home lists it
        from then on, and `stats` counts its cards."""
        from sahel_quiz.deck.registry import looks_like_path, resolve_deck

        loaded = resolve_deck(spec, [*(Path(d) for d in self.deck_dirs), *self._played_elsewhere()])
        if looks_like_path(spec):
            self.known_decks.remember_played(loaded.path)
            self.known_decks.save()
        return loaded

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
