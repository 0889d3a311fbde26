"""Translation of every word a user reads: the one place the interfaces ask for text.

A leaf that any layer may import, like `sahel_quiz.errors`. Every user-visible string is wrapped
where it is written: `_("...")` for text, `ngettext(singular, plural, n)` for counts, and
`N_("...")` to mark a module-level constant that is translated where it is shown (the language
can change while the app runs, so text must not be translated at import time).

For now this passes English through; the French catalogue and the choice of language
(`--lang`, `SAHEL_QUIZ_LANG`, the locale) come with the translation issue.
"""

from __future__ import annotations

__all__ = ["LANGUAGES", "N_", "_", "language", "ngettext", "set_language"]

LANGUAGES = ("en", "fr")
"""The interface languages shipped, English first (the fallback)."""

_current = "en"


def set_language(tag: str) -> None:
    """Show every later message in this language (a BCP 47 tag: `fr`, `fr-FR`, `en`...)."""
    global _current
    primary = tag.replace("_", "-").split("-")[0].lower()
    _current = primary if primary in LANGUAGES else "en"


def language() -> str:
    """The language messages are shown in now."""
    return _current


def _(message: str) -> str:
    """The message in the current language."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for `count`, in the current language."""
    return singular if count == 1 else plural


def N_(message: str) -> str:
    """Mark a message for translation without translating it yet (module-level constants)."""
    return message
