"""A card's answer as other tools hold it: one text, or options to pick from.

Anki's back side, a Quizlet definition, Kahoot's and Aiken's options: the cards layer says what
the answer is (its expected text, its parts, its options and the right ones); this module only
words it as a deck's content, which follows the deck's `language`, not the language of the
program's messages (True and False), with a join that reads well in another tool.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from sahel_quiz.cards import answer_parts, correct_on_wire, expected_text, show
from sahel_quiz.deck.model import Card, TrueFalseCard

__all__ = [
    "CONTENT_WORDS",
    "OptionQuestion",
    "answer_text",
    "content_words",
    "number_text",
    "option_question",
    "true_false_words",
]

CONTENT_WORDS: Final = {
    "en": {"true": "True", "false": "False", "also": "Also accepted", "order": "In order"},
    "fr": {"true": "Vrai", "false": "Faux", "also": "Accepté aussi", "order": "Dans l’ordre"},
}
LIST_JOIN: Final = "; "
"""Between the picks of a multi card or the blanks of a cloze, in another tool's one text: an
option may hold a comma, and the app's ` · ` means nothing there (an order keeps its arrows)."""


def content_words(language: str) -> dict[str, str]:
    """The few words a deck's exported content needs, in its language (English otherwise)."""
    return CONTENT_WORDS.get(language.split("-")[0].lower(), CONTENT_WORDS["en"])


def true_false_words(language: str) -> tuple[str, str]:
    words = content_words(language)
    return words["true"], words["false"]


def number_text(value: float) -> str:
    """`13` rather than `13.0`; never an exponent for the numbers quizzes ask about."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = repr(value)
    if "e" in text:  # 1e-05, 1e+16: the same shortest digits, written out
        text = format(Decimal(text), "f")
    return text


def _true_false_text(card: TrueFalseCard, language: str) -> str:
    true, false = true_false_words(language)
    return true if card.answer else false


def _listed(card: Card, language: str) -> str:
    return LIST_JOIN.join(answer_parts(card) or ())


_ANSWER_TEXTS: Final[dict[str, Callable[[Any, str], str]]] = {
    "true_false": _true_false_text,
    "multi": _listed,
    "cloze": _listed,
}


def answer_text(card: Card, language: str) -> str:
    """The right answer on one line: the cards layer's expected text, but with the deck's
    words for true and false and `LIST_JOIN` between picks and blanks."""
    written = _ANSWER_TEXTS.get(card.type)
    return expected_text(card) if written is None else written(card, language)


@dataclass(frozen=True, slots=True)
class OptionQuestion:
    """A card whose answer is picked among options, as quiz tools hold one."""

    options: list[str]
    """In the deck's order; a true/false card's are True and False in the deck's language."""
    right: list[int]
    """The indices of the right options."""
    one_right: bool
    """Choose one (choice, true/false), not all that apply (multi)."""


def option_question(card: Card, language: str) -> OptionQuestion | None:
    """`card` as options to pick from, or None when its answer is not picked (typed, ...)."""
    shown = show(card)
    if not shown.labels:
        return None
    right = correct_on_wire(card, shown)
    if isinstance(right, bool):  # true or false: the labels are words, in the deck's language
        return OptionQuestion(list(true_false_words(language)), [0 if right else 1], True)
    if isinstance(right, int):
        return OptionQuestion(list(shown.labels), [right], True)
    return OptionQuestion(list(shown.labels), [i for i in right if isinstance(i, int)], False)
