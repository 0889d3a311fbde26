"""Reading a line of typed text as a response: option numbers, `t`/`f`, blanks, numbers.

Line mode and the terminal classroom client read answers this way. Every reader takes what
the learner saw (the choices in their shown order, the number of blanks), never the card, so a
client that only knows the question can read its answers. A text that cannot be an answer
raises `ValueError` with a short hint of what to type instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from sahel_quiz.grading import NUMBER_HINT, normalize, parse_number, resolve_option
from sahel_quiz.i18n import _

__all__ = [
    "read_blanks",
    "read_bool",
    "read_number",
    "read_option",
    "read_order",
    "read_picks",
    "read_text",
]

_NUMBER_LIST = re.compile(r"^\s*\d+(?:\s*[,;\s]\s*\d+)*\s*$")
_TRUE_WORDS = frozenset({"t", "true", "y", "yes", "v", "vrai", "o", "oui"})
_FALSE_WORDS = frozenset({"f", "false", "n", "no", "faux", "non"})


def _numbers(text: str) -> list[int] | None:
    if not _NUMBER_LIST.match(text):
        return None
    return [int(part) for part in re.split(r"[,;\s]+", text.strip())]


def read_text(text: str) -> str:
    return text.strip()


def read_bool(
    text: str, *, question: Literal["true or false", "yes or no"] = "true or false"
) -> bool:
    """`t`, `true`, `yes`, `vrai`, `oui`… or `f`, `false`, `no`, `faux`, `non`; the hint of
    a refusal follows the `question` asked (a statement's truth, or "did you know it?")."""
    word = normalize(text, "en")
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    if question == "yes or no":
        raise ValueError(_("answer y (yes) or n (no)"))
    raise ValueError(_("answer t (true) or f (false)"))


def read_option(options: Sequence[str], text: str) -> str:
    """An option by its number as shown, or by its text."""
    numbers = _numbers(text)
    if numbers is not None and len(numbers) == 1 and 1 <= numbers[0] <= len(options):
        return options[numbers[0] - 1]
    found = resolve_option(options, text.strip())
    if found is None:
        raise ValueError(
            _("answer with an option number from 1 to {count}").format(count=len(options))
        )
    return found


def read_picks(options: Sequence[str], text: str) -> list[str]:
    """Options by their numbers (`1,3`, `1 3`), or one option by its text."""
    numbers = _numbers(text)
    count = len(options)
    if numbers is None:
        found = resolve_option(options, text.strip())
        if found is None:
            raise ValueError(
                _("answer with option numbers from 1 to {count}, e.g. 1,3").format(count=count)
            )
        return [found]
    if not all(1 <= number <= count for number in numbers):
        raise ValueError(_("option numbers go from 1 to {count}").format(count=count))
    return [options[number - 1] for number in dict.fromkeys(numbers)]


def read_order(items: Sequence[str], text: str) -> list[str]:
    """Every item number once, in the learner's order."""
    count = len(items)
    example = ",".join(str(n) for n in range(count, 0, -1))
    hint = _("give the item numbers 1 to {count} in the right order, e.g. {example}").format(
        count=count, example=example
    )
    numbers = _numbers(text)
    if numbers is None:
        raise ValueError(hint)
    if not all(1 <= number <= count for number in numbers):
        raise ValueError(_("item numbers go from 1 to {count}").format(count=count))
    if len(set(numbers)) != len(numbers):
        raise ValueError(_("each item number once: {hint}").format(hint=hint))
    if len(numbers) != count:
        raise ValueError(_("all {count} items: {hint}").format(count=count, hint=hint))
    return [items[number - 1] for number in numbers]


def read_blanks(count: int, text: str) -> list[str]:
    """One text per blank: one per line, or separated by `|` (a single blank takes it all)."""
    if count <= 1:
        return [text.strip()]
    parts = text.strip().splitlines() if "\n" in text.strip() else text.split("|")
    parts = [part.strip() for part in parts]
    if len(parts) != count or not all(parts):
        raise ValueError(
            _("give {count} answers, one per blank, separated by |").format(count=count)
        )
    return parts


def read_number(text: str) -> str:
    """The text as typed, once it is known to hold a number (the grader reads it again)."""
    if parse_number(text) is None:
        raise ValueError(_(NUMBER_HINT))
    return text.strip()
