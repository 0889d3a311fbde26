"""Profile names, checked by every command before anything is opened.

Kept apart from the store so that checking `--profile` does not import SQLite and FSRS on the
way to the app's first frame.
"""

from __future__ import annotations

import unicodedata

from sahel_quiz.errors import UserError
from sahel_quiz.i18n import _, literal

__all__ = ["MAX_PROFILE_NAME", "validate_profile_name"]

MAX_PROFILE_NAME = 40


def validate_profile_name(name: str) -> str:
    """The profile name as stored: NFC, outer spaces trimmed; 1–40 characters, no controls."""
    cleaned = unicodedata.normalize("NFC", name).strip()
    if not 1 <= len(cleaned) <= MAX_PROFILE_NAME:
        raise UserError(
            _("a profile name has 1 to {most} characters, not {count}: {name}").format(
                most=MAX_PROFILE_NAME, count=len(cleaned), name=literal(name)
            )
        )
    if any(unicodedata.category(char) in ("Cc", "Cs") for char in cleaned):
        raise UserError(
            _("a profile name cannot contain control characters: {name}").format(name=literal(name))
        )
    return cleaned
