"""How a value from a deck file appears inside a message: on one line, escaped, and short.

Every problem prints as one `FILE:LINE:COL: message` line, and a deck is hostile input: a value
may hold a newline, an escape sequence that would drive the terminal, or a whole megabyte of
text. So values are shown through `shown` (quoted: like `repr` in English, « » in French) or
`escaped` (bare), which write every character that does not print (control characters, line
and paragraph separators, bidirectional overrides, ...) as a Python escape (`\\n`, `\\x1b`,
`\\u202e`) and cut what is longer than `LIMIT` characters with "…". `one_line` is the last
guard, applied to every finished message.
"""

from __future__ import annotations

from typing import Final

from sahel_quiz.i18n import NBSP, language, quoted

__all__ = ["LIMIT", "escaped", "one_line", "shown"]

LIMIT: Final = 60
"""Characters of a value shown before it is cut with "…"."""
_MESSAGE_LIMIT: Final = 2000
"""A whole message is never longer than this (it names at most a few values)."""


def _escape(text: str) -> str:
    if text.isprintable():
        return text
    return "".join(
        char if char.isprintable() or char == NBSP else repr(char)[1:-1] for char in text
    )


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def escaped(value: object, limit: int = LIMIT) -> str:
    """The value as bare text for a message: `1:30`, `!Important`."""
    return _escape(_cut(value if isinstance(value, str) else str(value), limit))


def shown(value: object, limit: int = LIMIT) -> str:
    """The value in quotes for a message: `'Lavrov'`, `'a\\nb'`, `'a very long te…'`.

    Lists are shown item by item (`['Mali', 'Niger']`), each item cut on its own, and with at
    most 12 items.
    """
    if isinstance(value, list | tuple):
        items = [shown(item, limit) for item in value[:12]]
        if len(value) > 12:
            items.append("…")
        return "[" + ", ".join(items) + "]"
    if isinstance(value, str):
        if language() == "en":
            return repr(_cut(value, limit))
        return quoted(_escape(_cut(value, limit)))  # « Lavrov », a\\nb escaped all the same
    return escaped(repr(value), limit)


def one_line(message: str) -> str:
    """The message with anything that does not print escaped, and cut if very long."""
    return _escape(_cut(message, _MESSAGE_LIMIT))
