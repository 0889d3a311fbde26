"""Nicknames: what a student may call themselves in a game.

Names are shown on a projected screen and on every phone, so they are kept short and free of
control characters (which could hide or reorder text); uniqueness ignores case so that two
players cannot pass for one another.
"""

from __future__ import annotations

import unicodedata

from sahel_quiz.engine.classroom.errors import GameError
from sahel_quiz.i18n import _

__all__ = ["MAX_NAME_LENGTH", "clean_name", "name_key"]

MAX_NAME_LENGTH = 20
_ZERO_WIDTH_JOINER = "\u200d"  # joins emoji sequences; harmless on its own


def clean_name(raw: str) -> str:
    """The nickname as the game keeps it: NFC, trimmed, inner whitespace collapsed."""
    name = " ".join(unicodedata.normalize("NFC", raw).split())
    if not name:
        raise GameError(
            "name_invalid",
            _("Choose a name of 1 to {count} characters.").format(count=MAX_NAME_LENGTH),
        )
    if len(name) > MAX_NAME_LENGTH:
        raise GameError(
            "name_invalid",
            _("A name has at most {count} characters ({given} given).").format(
                count=MAX_NAME_LENGTH, given=len(name)
            ),
        )
    for char in name:
        if unicodedata.category(char).startswith("C") and char != _ZERO_WIDTH_JOINER:
            raise GameError("name_invalid", _("A name cannot contain control characters."))
    return name


def name_key(name: str) -> str:
    """What two names must differ in to be distinct: case, spacing and Unicode form ignored."""
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()
