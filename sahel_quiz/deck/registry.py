"""Finding decks: the bundled ones, a teacher's extra folders, a deck named on the command line.

Where the bundled decks are is `sahel_quiz.deck.folders`.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from pathlib import Path

from sahel_quiz.deck.folders import DECK_SUFFIXES, bundled_decks_dir, bundled_seeds_dir
from sahel_quiz.deck.loader import (
    Problem,
    check_paths,
    duplicate_deck_problem,
    load_deck,
)
from sahel_quiz.deck.messages import shown
from sahel_quiz.deck.model import LoadedDeck
from sahel_quiz.errors import UserError
from sahel_quiz.i18n import _, ngettext

__all__ = [
    "bundled_decks_dir",
    "bundled_seeds_dir",
    "discover_decks",
    "looks_like_path",
    "resolve_deck",
]


def discover_decks(
    extra_dirs: Sequence[Path], problems: list[Problem] | None = None
) -> list[LoadedDeck]:
    """The bundled decks, then those in `extra_dirs`; broken decks are left out.

    A broken deck never hides the others: its problems, and those of a deck whose id an
    earlier deck already took (bundled decks come first), are appended to `problems`
    when a list is given, so a command can mention them without failing.
    """
    found: list[Problem] = []
    decks: list[LoadedDeck] = []
    first_file: dict[str, Path] = {}
    folders = [bundled_decks_dir(), *extra_dirs]
    for index, folder in enumerate(folders):
        if index == 0 and not folder.is_dir():
            continue  # a checkout without decks yet; not the user's problem
        folder_decks, folder_problems = check_paths([folder])
        found.extend(folder_problems)
        for loaded in sorted(folder_decks, key=lambda found: found.id):
            first = first_file.setdefault(loaded.id, loaded.path)
            if first != loaded.path:
                found.append(duplicate_deck_problem(loaded, first))
            else:
                decks.append(loaded)
    if problems is not None:
        problems.extend(found)
    return decks


def looks_like_path(spec: str) -> bool:
    return spec.endswith(DECK_SUFFIXES) or "/" in spec or "\\" in spec or Path(spec).is_file()


def resolve_deck(spec: str, extra_dirs: Sequence[Path]) -> LoadedDeck:
    """The deck that `spec` names: a path to a deck file, or a deck id.

    Raises DeckError (a UserError) for a broken file and UserError for an unknown id.
    """
    if looks_like_path(spec):
        return load_deck(Path(spec))
    problems: list[Problem] = []
    decks = discover_decks(extra_dirs, problems)
    for loaded in decks:
        if loaded.id == spec:
            return loaded
    ids = sorted(loaded.id for loaded in decks)
    close = difflib.get_close_matches(spec, ids, n=1)
    message = _("no deck with id {id}").format(id=shown(spec))
    if close:
        message += " " + _("(did you mean {close}?)").format(close=shown(close[0]))
    if ids:
        message = _("{problem}; available: {ids}").format(problem=message, ids=", ".join(ids))
    else:
        message = _("{problem}; no decks are available").format(problem=message)
    broken = {problem.path for problem in problems}
    if broken:
        message += " " + ngettext(
            "({count} deck file has problems: run sahel-quiz check)",
            "({count} deck files have problems: run sahel-quiz check)",
            len(broken),
        ).format(count=len(broken))
    raise UserError(message)
